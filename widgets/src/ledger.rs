//! The design ledger: one JSON document per book in `localStorage`, mirrored in memory.
//!
//! Key: `mlsys-labs/ledger/v1/<book>`. Value: `{"v":1,"labs":{"v1-01":{...}}}`. Every lab
//! owns one record (`fields` for later labs to read, `state` to restore the page). Memory is
//! the source of truth; storage is a best-effort mirror. Nothing is ever dropped silently:
//! unreadable saved data is moved aside under a backup key, and a failed write leaves the
//! page working from memory with a visible notice and a working export.

use serde_json::{Map, Value, json};
use web_sys::Storage;

const VERSION: u64 = 1;

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
}

impl Ledger {
    pub(crate) fn open(book: &str) -> Self {
        let key = format!("mlsys-labs/ledger/v{VERSION}/{book}");
        let empty = json!({ "v": VERSION, "labs": {} });
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
            };
        }
        let _ = storage.remove_item(&probe);
        let mut notice = None;
        let data = match storage.get_item(&key) {
            Ok(Some(text)) => match serde_json::from_str::<Value>(&text) {
                Ok(v) if v.get("labs").is_some_and(Value::is_object) => v,
                _ => {
                    // Keep the unreadable data where the student (or support) can find it.
                    let backup = format!("{key}/unreadable-{}", js_sys::Date::now() as u64);
                    let _ = storage.set_item(&backup, &text);
                    notice = Some(format!(
                        "Your saved ledger could not be read, so a fresh one was started. The old data was kept under the storage key \"{backup}\"."
                    ));
                    empty
                }
            },
            _ => empty,
        };
        Self {
            key,
            storage: Some(storage),
            data,
            persist: Persist::Saved,
            notice,
        }
    }

    /// The record of a lab, if present.
    pub(crate) fn record(&self, lab: &str) -> Option<&Value> {
        self.data.get("labs").and_then(|l| l.get(lab))
    }

    /// Replaces this lab's record and writes the ledger through to storage.
    pub(crate) fn put(&mut self, lab: &str, record: Value) {
        if !self.data.get("labs").is_some_and(Value::is_object) {
            self.data = json!({ "v": VERSION, "labs": {} });
        }
        if let Some(labs) = self.data.get_mut("labs").and_then(Value::as_object_mut) {
            labs.insert(lab.to_string(), record);
        }
        self.flush();
    }

    fn flush(&mut self) {
        let Some(s) = &self.storage else { return };
        let text = self.data.to_string();
        match s.set_item(&self.key, &text) {
            Ok(()) => self.persist = Persist::Saved,
            Err(e) => {
                self.persist =
                    Persist::MemoryOnly(format!("saving failed ({})", crate::dom::describe(&e)));
            }
        }
    }

    /// Re-reads other labs' records written by other tabs (this lab's own record wins).
    pub(crate) fn refresh_others(&mut self, own: &str) {
        let Some(s) = &self.storage else { return };
        let Ok(Some(text)) = s.get_item(&self.key) else {
            return;
        };
        let Ok(mut v) = serde_json::from_str::<Value>(&text) else {
            return;
        };
        let mine = self.record(own).cloned();
        if let (Some(m), Some(labs)) = (mine, v.get_mut("labs").and_then(Value::as_object_mut)) {
            labs.insert(own.to_string(), m);
        }
        if v.get("labs").is_some_and(Value::is_object) {
            self.data = v;
        }
    }

    pub(crate) fn export_text(&self) -> String {
        serde_json::to_string_pretty(&self.data).unwrap_or_default()
    }
}

/// Builds a record.
pub(crate) fn record(fields: Map<String, Value>, state: Value) -> Value {
    json!({
        "fields": fields,
        "state": state,
        "updated": String::from(js_sys::Date::new_0().to_iso_string()),
    })
}
