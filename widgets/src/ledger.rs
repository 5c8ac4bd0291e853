//! The design ledger: one JSON document per book in `localStorage`, mirrored in memory.
//!
//! Key: `mlsys-labs/ledger/v1/<namespace>`: the book's configured id (`book-id` in
//! `[preprocessor.labs]`, sent as `=id`), else its title slug scoped by the book's site path
//! (`<slug>@/course/`), so two books on one origin never share a ledger. Value: `{"v":1,"labs":{"v1-01":{...}}}`. Every lab
//! owns one record (`fields` for later labs to read, `state` to restore the page). Memory is
//! the source of truth; storage is a best-effort mirror. Nothing is ever dropped silently:
//! unreadable saved data is copied aside under a backup key before anything is written (or
//! left untouched when no copy fits), every save reads and merges what other tabs wrote, and
//! a failed read or write leaves the page working from memory with a visible notice and a
//! working export.

use render::json;
use render::json::{Map, Value};
use web_sys::Storage;

const VERSION: u64 = 1;
/// The version of one record's shape. 1: `{fields, state, updated}` (books before record
/// versions; no `v`). 2: adds `v` and `model` (the model's [`render::spec::model_version`]).
/// A record is migrated on read ([`migrate`]) and stored as written until its lab saves it.
pub(crate) const RECORD_VERSION: u64 = 2;

/// Whether the ledger is being persisted.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Persist {
    Saved,
    /// Storage is unavailable or failing; the reason is shown to the student.
    MemoryOnly(String),
}

pub(crate) struct Ledger {
    key: String,
    storage: Option<Storage>,
    pub(crate) data: Value,
    pub(crate) persist: Persist,
    /// A problem worth telling the student about once (e.g. unreadable saved data).
    pub(crate) notice: Option<String>,
    /// Whether this page has written the ledger: a missing ledger after that was cleared.
    saved_once: bool,
}

impl Ledger {
    pub(crate) fn open(book: &str) -> Self {
        let prefix = format!("mlsys-labs/ledger/v{VERSION}/");
        let (key, legacy) = match book.strip_prefix('=') {
            Some(id) => (format!("{prefix}{id}"), None),
            // Before namespaces carried the site path, the key was the slug alone: read it
            // once when this book has no ledger of its own yet (never written or removed).
            None => (
                format!("{prefix}{book}@{}", site_path()),
                Some(format!("{prefix}{book}")),
            ),
        };
        let empty = json!({ "v": VERSION, "labs": Map::new() });
        let storage = match web_sys::window().map(|w| w.local_storage()) {
            Some(Ok(Some(s))) => Some(s),
            _ => None,
        };
        let Some(storage) = storage else {
            return Self {
                key,
                storage: None,
                data: empty,
                persist: Persist::MemoryOnly(
                    "this browser does not allow the page to use local storage".into(),
                ),
                notice: None,
                saved_once: false,
            };
        };
        // A probe write finds storage that exists but refuses writes (quota, policy).
        let probe = format!("{key}/probe");
        if let Err(e) = storage.set_item(&probe, "1") {
            return Self {
                key,
                storage: None,
                data: empty,
                persist: Persist::MemoryOnly(format!(
                    "local storage refused a write ({})",
                    crate::dom::describe(&e)
                )),
                notice: None,
                saved_once: false,
            };
        }
        let _ = storage.remove_item(&probe);
        let mut ledger = Self {
            key,
            storage: Some(storage),
            data: empty,
            persist: Persist::Saved,
            notice: None,
            saved_once: false,
        };
        let first = match ledger.read() {
            Read::Empty => legacy.map_or(Read::Empty, |k| ledger.read_key(&k)),
            r => r,
        };
        match first {
            Read::Empty => {}
            Read::Ledger(v) => ledger.data = v,
            Read::Refused(why) => {
                ledger.persist = Persist::MemoryOnly(why);
                ledger.storage = None;
            }
            Read::Newer(v) => {
                ledger.data = v;
                ledger.persist = Persist::MemoryOnly(NEWER.into());
                ledger.storage = None;
            }
        }
        ledger
    }

    /// Reads the saved ledger. Data this page cannot use is never overwritten without a
    /// copy: unreadable text or a record of the wrong shape is copied to a backup key first,
    /// and when even that copy cannot be written the caller stops writing altogether.
    fn read(&mut self) -> Read {
        let key = self.key.clone();
        self.read_key(&key)
    }

    fn read_key(&mut self, key: &str) -> Read {
        let Some(s) = &self.storage else {
            return Read::Empty;
        };
        let text = match s.get_item(key) {
            Ok(Some(text)) => text,
            Ok(None) => return Read::Empty,
            Err(e) => {
                return Read::Refused(format!(
                    "reading the saved ledger failed ({}), and saving now could erase other labs' records",
                    crate::dom::describe(&e)
                ));
            }
        };
        let parsed = json::parse(&text).ok();
        let labs = parsed
            .as_ref()
            .and_then(|v| v.get("labs"))
            .and_then(Value::as_object);
        let version = parsed
            .as_ref()
            .and_then(|v| v.get("v"))
            .and_then(Value::as_u64);
        if let (Some(v), Some(_), Some(ver)) = (&parsed, labs, version)
            && ver > VERSION
        {
            return Read::Newer(v.clone());
        }
        let well_shaped = labs.is_some_and(|l| l.values().all(Value::is_object));
        if well_shaped && let Some(v) = parsed {
            return Read::Ledger(v);
        }
        // Keep what cannot be used where the student (or support) can find it.
        let backup = format!("{key}/unreadable-{}", js_sys::Date::now() as u64);
        if s.set_item(&backup, &text).is_err() {
            return Read::Refused(
                "the saved ledger could not be read and there is no room to keep a copy of it, so it is left untouched".into(),
            );
        }
        // Keep the records that are well formed; start afresh where nothing is.
        let mut kept = json!({ "v": VERSION, "labs": Map::new() });
        if let (Some(labs), Some(out)) = (labs, kept["labs"].as_object_mut()) {
            for (k, r) in labs.iter().filter(|(_, r)| r.is_object()) {
                out.insert(k.clone(), r.clone());
            }
        }
        self.notice = Some(format!(
            "Part of your saved ledger could not be read. The readable records were kept, and the original data was copied to the storage key \"{backup}\"."
        ));
        Read::Ledger(kept)
    }

    /// The storage key of this book's ledger.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// The record of a lab as this book reads it: a record of an older shape is the same
    /// data (see [`migrate`]); a record from a newer book is not read (`None`).
    pub(crate) fn record(&self, lab: &str) -> Option<&Value> {
        self.raw(lab)
            .filter(|r| record_version(r) <= RECORD_VERSION)
    }

    /// The record of a lab exactly as stored.
    pub(crate) fn raw(&self, lab: &str) -> Option<&Value> {
        self.data.get("labs").and_then(|l| l.get(lab))
    }

    /// Whether this lab's stored record was written by a newer book; if so, says so (the
    /// page shows the notice as it opens, before the student does anything).
    pub(crate) fn note_newer(&mut self, lab: &str) -> bool {
        let Some(v) = self
            .raw(lab)
            .map(record_version)
            .filter(|v| *v > RECORD_VERSION)
        else {
            return false;
        };
        self.notice = Some(format!(
            "This lab's saved record was written by a newer version of this book (record version {v}). It is kept untouched, so what you do on this page is not saved; use the newer book, or export the ledger first."
        ));
        true
    }

    /// Replaces this lab's record and writes the ledger through to storage. A record written
    /// by a newer book is kept untouched: this page's changes stay in memory, with a notice.
    pub(crate) fn put(&mut self, lab: &str, mut record: Value) {
        if !self.data.get("labs").is_some_and(Value::is_object) {
            self.data = json!({ "v": VERSION, "labs": Map::new() });
        }
        if self.note_newer(lab) {
            return;
        }
        if let Some(obj) = record.as_object_mut() {
            obj.insert("v".into(), json!(RECORD_VERSION));
            let model = physics::labs::find(lab).map(render::spec::model_version);
            obj.insert("model".into(), json!(model));
        }
        if let Some(labs) = self.data.get_mut("labs").and_then(Value::as_object_mut) {
            labs.insert(lab.to_string(), record);
        }
        self.flush(&[lab]);
    }

    /// Takes the chosen records of an import (each replaces this browser's record of its lab,
    /// as the student chose) and writes the ledger through, merging other labs as usual.
    pub(crate) fn import(&mut self, records: Map<String, Value>) {
        if !self.data.get("labs").is_some_and(Value::is_object) {
            self.data = json!({ "v": VERSION, "labs": Map::new() });
        }
        let own: Vec<String> = records.keys().cloned().collect();
        if let Some(labs) = self.data.get_mut("labs").and_then(Value::as_object_mut) {
            for (k, r) in records {
                labs.insert(k, r);
            }
        }
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        self.flush(&own);
    }

    /// Re-reads the stored ledger (other tabs may have saved since), merging as a save does.
    pub(crate) fn reload(&mut self) {
        if self.storage.is_none() {
            return;
        }
        if let Read::Ledger(stored) = self.read() {
            self.merge(stored, &[]);
        }
    }

    /// Writes the ledger through to storage: read, merge record by record, write. Another tab
    /// may have saved other labs since this page last looked, and a cleared or unreadable
    /// store must not be overwritten blindly.
    fn flush(&mut self, own: &[&str]) {
        if self.storage.is_none() {
            return;
        }
        match self.read() {
            Read::Refused(why) => {
                self.persist = Persist::MemoryOnly(why);
                return;
            }
            Read::Newer(_) => {
                self.persist = Persist::MemoryOnly(NEWER.into());
                return;
            }
            Read::Empty if self.saved_once => {
                self.notice = Some(format!(
                    "The saved ledger was cleared while this page was open. Everything this page still had ({} lab record(s)) was saved again.",
                    self.labs().map_or(0, Map::len)
                ));
            }
            Read::Empty => {}
            Read::Ledger(stored) => self.merge(stored, own),
        }
        let Some(s) = &self.storage else { return };
        match s.set_item(&self.key, &self.data.to_string()) {
            Ok(()) => {
                self.persist = Persist::Saved;
                self.saved_once = true;
            }
            Err(e) => {
                self.persist =
                    Persist::MemoryOnly(format!("saving failed ({})", crate::dom::describe(&e)));
            }
        }
    }

    fn labs(&self) -> Option<&Map<String, Value>> {
        self.data.get("labs").and_then(Value::as_object)
    }

    /// Takes every record of `stored` that is newer than this page's copy (by its `updated`
    /// time), except this lab's own, which this page is writing. Records only this page has
    /// are kept: nothing is dropped because storage lacks it.
    fn merge(&mut self, stored: Value, own: &[&str]) {
        let Some(theirs) = stored.get("labs").and_then(Value::as_object) else {
            return;
        };
        let Some(mine) = self.data.get_mut("labs").and_then(Value::as_object_mut) else {
            return;
        };
        for (lab, rec) in theirs {
            if own.contains(&lab.as_str()) {
                continue;
            }
            let newer = match mine.get(lab) {
                None => true,
                Some(m) => updated(rec) > updated(m),
            };
            if newer {
                mine.insert(lab.clone(), rec.clone());
            }
        }
    }

    /// Re-reads the records other tabs wrote (this lab's own record wins), and tells the
    /// student when another tab saved this same lab.
    pub(crate) fn refresh_others(&mut self, own: &str) {
        let Some(s) = &self.storage else { return };
        let Ok(Some(text)) = s.get_item(&self.key) else {
            return;
        };
        let Ok(stored) = json::parse(&text) else {
            return;
        };
        let theirs_own = stored.get("labs").and_then(|l| l.get(own)).map(updated);
        if let (Some(t), Some(m)) = (theirs_own, self.record(own).map(updated))
            && t > m
        {
            self.notice = Some(
                "This lab was also changed in another tab. Each tab keeps its own choices; the one you change last is the one saved for this lab (other labs' records are merged)."
                    .into(),
            );
        }
        self.merge(stored, &[own]);
    }

    pub(crate) fn export_text(&self) -> String {
        json::to_string_pretty(&self.data)
    }
}

/// The path of the book's root on its site (`/course/` for `https://host/course/vol1/x.html`),
/// which the loader puts in `data-labs-root` on `<html>`; `/` when it is missing.
fn site_path() -> String {
    crate::dom::document()
        .ok()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-labs-root"))
        .and_then(|root| web_sys::Url::new(&root).ok())
        // A page at the book's root (the ledger page) gets its own address as the root:
        // the folder is the site path either way (`/course/ledger.html` → `/course/`).
        .map_or_else(
            || "/".into(),
            |u| {
                let p = u.pathname();
                p.rfind('/').map_or(p.clone(), |i| p[..=i].to_string())
            },
        )
}

/// What reading the saved ledger found.
enum Read {
    Empty,
    Ledger(Value),
    /// A ledger written by a newer version of the book: read, never overwritten.
    Newer(Value),
    /// Storage that must not be written now, with the reason.
    Refused(String),
}

const NEWER: &str = "the saved ledger was written by a newer version of this book, so this page reads it but does not overwrite it";

/// A record's `updated` time (ISO 8601 strings order as times); empty when missing.
fn updated(record: &Value) -> &str {
    record.get("updated").and_then(Value::as_str).unwrap_or("")
}

/// A record's shape version: 1 when it has none (books before record versions).
pub(crate) fn record_version(record: &Value) -> u64 {
    record.get("v").and_then(Value::as_u64).unwrap_or(1)
}

/// A record as this book's shape: version 1 records gain `v: 2` and `model: null` (the model
/// version they were saved against is unknown); newer records are returned as they are (the
/// caller says so). The stored record is not changed.
pub(crate) fn migrate(record: &Value) -> Value {
    let mut r = record.clone();
    if record_version(record) < 2
        && let Some(obj) = r.as_object_mut()
    {
        obj.insert("v".into(), json!(2));
        obj.entry("model".to_string()).or_insert(Value::Null);
    }
    r
}

/// Builds a record.
pub(crate) fn record(fields: Map<String, Value>, state: Value) -> Value {
    json!({
        "fields": fields,
        "state": state,
        "updated": String::from(js_sys::Date::new_0().to_iso_string()),
    })
}
