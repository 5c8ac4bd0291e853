//! Expanded chapters kept across runs, so that `mdbook serve` re-expands only the chapter an
//! author edited: mdBook starts the preprocessor afresh for every rebuild and sends it the
//! whole book, and expanding all 35 chapters of this book (models, failure searches, SVG
//! snapshots) is most of a rebuild.
//!
//! An entry is keyed by everything [`crate::chapter::process`] reads: the chapter's path and
//! text, the book's ledger namespace, and this very binary (its size and modification time,
//! so a rebuilt preprocessor or changed physics never reuses an old expansion). Only clean
//! chapters are stored: a chapter with diagnostics or warnings is expanded every time, so
//! its messages are always printed, and so is the ledger page, which reads every chapter. Entries live outside the book (the system's temporary
//! directory, or `MDBOOK_LABS_CACHE_DIR`), never in a watched directory; `MDBOOK_LABS_CACHE=off`
//! turns the cache off. Any failure to read or write an entry is a miss, never an error.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::chapter::LedgerFacts;

/// What a clean chapter's expansion produced: its new text and its ledger facts.
#[derive(Serialize, Deserialize, PartialEq, Debug)]
pub struct Entry {
    pub content: String,
    pub lab: String,
    pub writes: Vec<String>,
    /// (lab, field, start, end of the field's name in the chapter source)
    pub reads: Vec<(String, String, usize, usize)>,
    /// Files the expansion relies on beside the book (snapshot files): a hit whose files
    /// are gone is a miss.
    #[serde(default)]
    pub files: Vec<PathBuf>,
}

impl Entry {
    pub fn ledger(&self) -> LedgerFacts {
        LedgerFacts {
            lab: self.lab.clone(),
            writes: self.writes.clone(),
            reads: self
                .reads
                .iter()
                .map(|(l, f, s, e)| (l.clone(), f.clone(), *s..*e))
                .collect(),
        }
    }

    pub fn new(content: String, ledger: &LedgerFacts, files: Vec<PathBuf>) -> Entry {
        Entry {
            content,
            lab: ledger.lab.clone(),
            writes: ledger.writes.clone(),
            reads: ledger
                .reads
                .iter()
                .map(|(l, f, r)| (l.clone(), f.clone(), r.start, r.end))
                .collect(),
            files,
        }
    }
}

/// The cache directory and the identity of the code that fills it.
pub struct Cache {
    dir: Option<PathBuf>,
    code: u64,
}

/// Entries unused this long are removed when the cache is opened.
const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);
/// At most this many entries (about 100 KB each for a lab chapter) are kept.
const MAX_ENTRIES: usize = 400;

impl Cache {
    /// The cache this process uses: `MDBOOK_LABS_CACHE_DIR`, else the temporary directory's
    /// `mdbook-labs-cache`; off when `MDBOOK_LABS_CACHE=off`.
    pub fn from_env() -> Cache {
        if std::env::var("MDBOOK_LABS_CACHE").is_ok_and(|v| v == "off") {
            return Cache::off();
        }
        let dir = std::env::var_os("MDBOOK_LABS_CACHE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("mdbook-labs-cache"));
        Cache::at(&dir)
    }

    pub fn off() -> Cache {
        Cache { dir: None, code: 0 }
    }

    /// A cache in `dir`, keyed also by this executable's identity.
    pub fn at(dir: &Path) -> Cache {
        let mut h = std::hash::DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        let exe = std::env::current_exe().and_then(std::fs::metadata);
        let Ok(meta) = exe else {
            // Without the binary's identity an entry could outlive a change of the models.
            return Cache::off();
        };
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
        if std::fs::create_dir_all(dir).is_err() {
            return Cache::off();
        }
        prune(dir);
        Cache {
            dir: Some(dir.to_path_buf()),
            code: h.finish(),
        }
    }

    /// The key of one chapter's expansion.
    pub fn key(&self, path: &str, src: &str, book: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        (self.code, path, src, book).hash(&mut h);
        h.finish()
    }

    fn file(&self, key: u64) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(format!("{key:016x}.json")))
    }

    pub fn get(&self, key: u64) -> Option<Entry> {
        let text = std::fs::read(self.file(key)?).ok()?;
        let e: Entry = serde_json::from_slice(&text).ok()?;
        e.files.iter().all(|f| f.exists()).then_some(e)
    }

    /// Stores an entry atomically (a temporary file renamed into place), so that two
    /// builds at once never read half an entry.
    pub fn put(&self, key: u64, entry: &Entry) {
        let Some(file) = self.file(key) else { return };
        let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
        let ok = serde_json::to_vec(entry)
            .ok()
            .is_some_and(|bytes| std::fs::write(&tmp, bytes).is_ok());
        if !ok || std::fs::rename(&tmp, &file).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Removes entries not written for [`MAX_AGE`] (a hit does not refresh an entry, so an
/// unchanged chapter is expanded afresh once a week at most), and the oldest beyond
/// [`MAX_ENTRIES`] (an author editing all day writes an entry per save).
fn prune(dir: &Path) {
    let now = SystemTime::now();
    let mut entries: Vec<(Duration, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let t = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((now.duration_since(t).unwrap_or_default(), e.path()))
        })
        .collect();
    entries.sort();
    for (i, (age, path)) in entries.iter().enumerate() {
        if *age > MAX_AGE || i >= MAX_ENTRIES {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("labs-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn an_entry_comes_back_only_for_the_same_chapter_text_path_and_book() {
        let dir = tmp("keys");
        let c = Cache::at(&dir);
        let facts = LedgerFacts {
            lab: "v1-01".into(),
            writes: vec!["context".into()],
            reads: vec![("v1-00".into(), "x".into(), 3..5)],
        };
        let e = Entry::new("<div>out</div>".into(), &facts, vec![]);
        let k = c.key("src/a.md", "text", "book");
        c.put(k, &e);
        assert_eq!(c.get(k), Some(e));
        assert_eq!(c.get(k).unwrap().ledger().reads[0].2, 3..5);
        for other in [
            c.key("src/a.md", "text!", "book"),
            c.key("src/b.md", "text", "book"),
            c.key("src/a.md", "text", "other"),
        ] {
            assert_ne!(other, k);
            assert_eq!(c.get(other), None);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_hit_whose_files_are_gone_is_a_miss_and_a_bad_entry_is_a_miss() {
        let dir = tmp("files");
        let c = Cache::at(&dir);
        let kept = dir.join("snap.svg");
        std::fs::write(&kept, "<svg/>").unwrap();
        let e = Entry::new("x".into(), &LedgerFacts::default(), vec![kept.clone()]);
        let k = c.key("a", "b", "c");
        c.put(k, &e);
        assert!(c.get(k).is_some());
        std::fs::remove_file(&kept).unwrap();
        assert_eq!(c.get(k), None);
        std::fs::write(c.file(k).unwrap(), "{not json").unwrap();
        assert_eq!(c.get(k), None);
        assert_eq!(Cache::off().get(k), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
