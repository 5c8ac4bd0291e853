//! `mdbook-labs`: expands lab directives in markdown chapters.
//!
//! [`chapter::process`] is the whole transformation for one chapter: plain functions from
//! source text to expanded text plus diagnostics. [`run`] applies it to a book and collects
//! every diagnostic instead of stopping at the first, so an author sees all problems at once.

pub mod chapter;
pub mod diag;
pub mod directives;
pub mod html;
pub mod names;

use mdbook_preprocessor::book::{Book, BookItem};

/// Processes every chapter of `book`. Returns the book and the rendered diagnostics (empty
/// when the book is clean). `root` prefixes chapter paths in messages (`src`).
pub fn run(mut book: Book, src_dir: &str, book_id: &str) -> (Book, Vec<String>) {
    let mut problems = Vec::new();
    book.for_each_mut(|item| {
        let BookItem::Chapter(ch) = item else { return };
        let Some(path) = ch.source_path.as_ref() else {
            return;
        };
        let display = format!("{}/{}", src_dir.trim_end_matches('/'), path.display());
        let out = chapter::process(&display, &ch.content, book_id);
        for d in &out.diagnostics {
            problems.push(d.render(&ch.content));
        }
        ch.content = out.content;
    });
    (book, problems)
}

/// A stable namespace for a book's ledger: its title as a slug.
pub fn book_id(title: Option<&str>) -> String {
    let t = title.unwrap_or("mlsys-labs");
    let mut s: String = t
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    s.trim_matches('-').to_string()
}
