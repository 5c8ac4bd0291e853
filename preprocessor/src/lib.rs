//! `mdbook-labs`: expands lab directives in markdown chapters.
//!
//! [`chapter::process`] is the whole transformation for one chapter: plain functions from
//! source text to expanded text plus diagnostics. [`run`] applies it to a book and collects
//! every diagnostic instead of stopping at the first, so an author sees all problems at once.

pub mod assets;
pub mod cache;
pub mod chapter;
pub mod diag;
pub mod directives;
pub mod html;
pub mod install;
pub mod names;
pub mod verify;

use std::collections::HashSet;

use mdbook_preprocessor::book::{Book, BookItem};

/// Processes every chapter of `book`. Returns the book and the rendered diagnostics (empty
/// when the book is clean). `root` prefixes chapter paths in messages (`src`). A clean
/// chapter whose text has not changed since an earlier run comes from `cache`. Also returns
/// the snapshot files the book's pages reference (to prune the others).
pub fn run(
    mut book: Book,
    src_dir: &str,
    book_id: &str,
    cache: &cache::Cache,
) -> (Book, Vec<String>, HashSet<String>) {
    let mut problems = Vec::new();
    let mut snapshots = HashSet::new();
    // Per lab chapter: its ledger facts, its path and source (to render a cross-chapter problem).
    let mut ledgers: Vec<(chapter::LedgerFacts, String, String)> = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(ch) = item else { return };
        let Some(path) = ch.source_path.as_ref() else {
            return;
        };
        let display = format!("{}/{}", src_dir.trim_end_matches('/'), path.display());
        let key = cache.key(&display, &ch.content, book_id);
        let (content, ledger) = match cache.get(key) {
            Some(hit) => (hit.content.clone(), hit.ledger()),
            None => {
                let out = chapter::process(&display, &ch.content, book_id);
                for d in &out.diagnostics {
                    problems.push(d.render(&ch.content));
                }
                // Warnings do not fail the build; mdBook shows the preprocessor's stderr.
                for w in &out.warnings {
                    eprintln!("{}", chapter::render_warning(w, &ch.content));
                }
                if out.diagnostics.is_empty() && out.warnings.is_empty() && !out.reads_book {
                    // A hit skips the figures, which write the snapshot files: a hit whose
                    // files are gone is a miss.
                    let files = assets::snapshot_dir().map_or_else(Vec::new, |dir| {
                        assets::snapshots_in(&out.content)
                            .iter()
                            .map(|n| dir.join(n))
                            .collect()
                    });
                    cache.put(
                        key,
                        &cache::Entry::new(out.content.clone(), &out.ledger, files),
                    );
                }
                (out.content, out.ledger)
            }
        };
        snapshots.extend(assets::snapshots_in(&content));
        if !ledger.lab.is_empty() {
            ledgers.push((ledger, display, ch.content.clone()));
        }
        // Snapshot URLs are relative to the book's root in the expansion: make them relative
        // to this chapter's page.
        let page = ch.path.clone().unwrap_or_else(|| path.clone());
        ch.content = assets::rebase_snapshots(content, &page);
    });
    for (facts, path, source) in &ledgers {
        let (errors, warnings) = ledger_reads(facts, path, &ledgers);
        for d in errors {
            problems.push(d.render(source));
        }
        for w in warnings {
            eprintln!("{}", chapter::render_warning(&w, source));
        }
    }
    (book, problems, snapshots)
}

/// Every field a chapter recalls must be saved by an earlier lab's chapter: a later lab, or
/// a name the lab's ledger does not save, would show the student an empty box forever
/// (errors). A lab with no chapter in this book (a course site publishing some labs) is a
/// warning: the recall shows its "missing" text. Returns (errors, warnings).
fn ledger_reads(
    facts: &chapter::LedgerFacts,
    path: &str,
    all: &[(chapter::LedgerFacts, String, String)],
) -> (Vec<diag::Diagnostic>, Vec<diag::Diagnostic>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (lab, field, span) in &facts.reads {
        let writer = all.iter().find(|(f, ..)| f.lab == *lab);
        let msg = match writer {
            _ if directives::instrument::lab_order(lab)
                >= directives::instrument::lab_order(&facts.lab) =>
            {
                format!(
                    "`{lab}` comes after this lab (`{}`): a lab can only recall what an earlier lab saved",
                    facts.lab
                )
            }
            None => {
                warnings.push(diag::Diagnostic::new(
                    path,
                    span.clone(),
                    format!("no chapter of this book is lab `{lab}`, so nothing in this book saves `{field}`"),
                ));
                continue;
            }
            Some((f, ..)) if !f.writes.contains(field) => {
                let d = diag::Diagnostic::new(
                    path,
                    span.clone(),
                    format!("lab `{lab}` does not save a ledger field `{field}`"),
                );
                out.push(d.help(format!("its `lab ledger` saves: {}", f.writes.join(", "))));
                continue;
            }
            Some(_) => continue,
        };
        out.push(diag::Diagnostic::new(path, span.clone(), msg));
    }
    (out, warnings)
}

/// The namespace of a book's ledger. A configured id (`book-id` in `[preprocessor.labs]`) is
/// sent as `=id` and is the whole namespace; otherwise the title's slug, which the widgets
/// scope by the book's site path, so that two books on one origin never share a ledger even
/// when their titles agree (or have no ASCII letters at all: letters of every script count).
pub fn book_id(configured: Option<&str>, title: Option<&str>) -> String {
    if let Some(id) = configured.map(slug).filter(|s| !s.is_empty()) {
        return format!("={id}");
    }
    let s = slug(title.unwrap_or("mlsys-labs"));
    if s.is_empty() { "book".into() } else { s }
}

/// Lowercase letters and digits of any script, runs of anything else as one `-`.
fn slug(t: &str) -> String {
    let mut s = String::new();
    for c in t.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::book_id;
    use crate::chapter::LedgerFacts;

    #[test]
    fn a_recalled_field_must_be_saved_by_an_earlier_lab() {
        let facts = |lab: &str, writes: &[&str], reads: &[(&str, &str)]| LedgerFacts {
            lab: lab.into(),
            writes: writes.iter().map(|w| w.to_string()).collect(),
            reads: reads
                .iter()
                .map(|(l, f)| (l.to_string(), f.to_string(), 0..1))
                .collect(),
        };
        let book = vec![
            (
                facts("v1-01", &["context"], &[]),
                "a.md".to_string(),
                "x".to_string(),
            ),
            (
                facts(
                    "v1-02",
                    &[],
                    &[
                        ("v1-01", "context"),
                        ("v1-01", "contxt"),
                        ("v1-03", "x"),
                        ("v1-00", "y"),
                    ],
                ),
                "b.md".to_string(),
                "x".to_string(),
            ),
        ];
        let (errors, warnings) = super::ledger_reads(&book[1].0, "b.md", &book);
        let msgs: Vec<String> = errors.into_iter().map(|d| d.message).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("does not save a ledger field `contxt`"),
            "{msgs:?}"
        );
        assert!(msgs[1].contains("comes after this lab"), "{msgs:?}");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .message
                .contains("no chapter of this book is lab `v1-00`")
        );
    }

    #[test]
    fn book_ids_are_configured_or_a_slug_of_any_script() {
        assert_eq!(book_id(None, Some("MLSys Labs")), "mlsys-labs");
        assert_eq!(book_id(None, Some("机器学习 系统")), "机器学习-系统");
        assert_ne!(
            book_id(None, Some("Системы МО")),
            book_id(None, Some("機械学習"))
        );
        assert_eq!(book_id(None, Some("!!!")), "book");
        assert_eq!(book_id(Some("CS 249r"), Some("MLSys Labs")), "=cs-249r");
        assert_eq!(book_id(Some(" "), Some("MLSys Labs")), "mlsys-labs");
    }
}

#[cfg(test)]
mod cache_tests {
    use mdbook_preprocessor::book::{Book, BookItem, Chapter};

    fn book(text: &str) -> Book {
        let mut b = Book::new();
        b.push_item(BookItem::Chapter(Chapter::new(
            "Lab",
            text.to_string(),
            "vol1/lab01.md",
            vec![],
        )));
        b
    }

    fn content(b: &Book) -> String {
        let mut out = String::new();
        for item in b.iter() {
            if let BookItem::Chapter(c) = item {
                out.push_str(&c.content);
            }
        }
        out
    }

    /// A second run over the same chapter comes from the cache and is the same expansion;
    /// an edited chapter is expanded afresh.
    #[test]
    fn a_cached_run_gives_the_same_book_and_an_edit_is_expanded_afresh() {
        let dir = std::env::temp_dir().join(format!("labs-run-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = crate::cache::Cache::at(&dir);
        let src =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../src/vol1/lab01.md"))
                .unwrap();
        let (fresh, problems, _) = super::run(book(&src), "src", "b", &crate::cache::Cache::off());
        assert!(problems.is_empty(), "{problems:?}");
        let (first, ..) = super::run(book(&src), "src", "b", &cache);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let (second, ..) = super::run(book(&src), "src", "b", &cache);
        assert_eq!(content(&first), content(&fresh));
        assert_eq!(content(&second), content(&fresh));
        let edited = src.replacen("\n\n", "\n\nA sentence the author just wrote.\n\n", 1);
        let (third, ..) = super::run(book(&edited), "src", "b", &cache);
        assert!(content(&third).contains("A sentence the author just wrote."));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
