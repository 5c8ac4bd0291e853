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
        // Warnings do not fail the build; mdBook shows the preprocessor's stderr.
        for w in &out.warnings {
            eprintln!("{}", chapter::render_warning(w, &ch.content));
        }
        ch.content = out.content;
    });
    (book, problems)
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
