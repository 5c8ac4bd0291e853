//! Checks of the built book's HTML (print page, search index, snapshots).

use labs_tests::{book_dir, read};

#[test]
fn print_page_has_both_labs_and_unique_ids() {
    let Some(book) = book_dir() else { return };
    let html = read(&book.join("print.html"));
    assert!(
        html.contains("id=\"lab-v1-01\"") && html.contains("id=\"lab-v1-02\""),
        "both labs in print.html"
    );
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    ids.sort_unstable();
    let dups: Vec<_> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    assert!(dups.is_empty(), "duplicate ids in print.html: {dups:?}");
}

#[test]
fn questions_are_real_searchable_text_with_snapshots() {
    let Some(book) = book_dir() else { return };
    let page = read(&book.join("vol1/lab01.html"));
    assert!(
        page.contains("<img class=\"lab-snapshot\" src=\"../labs-assets/snap/"),
        "static chart snapshot"
    );
    let search = std::fs::read_dir(&book)
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name().to_string_lossy().starts_with("searchindex")
                && e.file_name().to_string_lossy().ends_with(".js")
        })
        .map(|e| read(&e.path()))
        .expect("search index");
    assert!(search.contains("Cortex-M7"), "prediction text is indexed");
}
