//! The book as readers without JavaScript, printers and the search index meet it: every
//! conditional element in the state the defaults put it in, and no template left unfilled.
//!
//! Needs the built book (`LABS_BOOK_DIR`, set by `cargo xtask test`); the browser checks also
//! need Debian's chromium.

use labs_tests::{Browser, book_dir, read, serve};

/// Every chapter page of the book (lab pages and plain ones) and print.html.
fn pages(book: &std::path::Path) -> Vec<String> {
    let mut pages = vec!["print.html".to_string(), "index.html".to_string()];
    for vol in ["vol1", "vol2"] {
        let mut names: Vec<String> = std::fs::read_dir(book.join(vol))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| format!("{vol}/{}", e.file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".html"))
            .collect();
        names.sort();
        pages.extend(names);
    }
    pages
}

/// The page's HTML without what carries templates on purpose: the widgets' JSON specs
/// (`data-lab`), live value formats (`data-f`), conditions (`data-when`) and scripts.
fn readable(html: &str) -> String {
    let mut s = html.to_string();
    for attr in [
        "data-lab=\"",
        "data-f=\"",
        "data-when=\"",
        "data-lab-page=\"",
    ] {
        while let Some(i) = s.find(attr) {
            let end = s[i + attr.len()..]
                .find('"')
                .map_or(s.len(), |j| i + attr.len() + j + 1);
            s.replace_range(i..end, "");
        }
    }
    while let Some(i) = s.find("<script") {
        let end = s[i..].find("</script>").map_or(s.len(), |j| i + j + 9);
        s.replace_range(i..end, "");
    }
    s.replace("&#123;", "{").replace("&#125;", "}")
}

/// A `{name}`, `{name:fmt}` or `{name@scenario}` left as typed.
fn placeholder(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for (i, _) in text.match_indices('{') {
        let rest = &text[i + 1..];
        let name_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let after = rest.as_bytes().get(name_len).copied();
        if matches!(after, Some(b'}' | b':' | b'@')) && rest.contains('}') {
            let end = (i + 1 + rest.find('}').unwrap_or(0) + 1).min(b.len());
            return Some(text[i.saturating_sub(40)..end].to_string());
        }
    }
    None
}

#[test]
fn no_template_is_left_unfilled_anywhere_in_the_built_book() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return;
    };
    let mut found = Vec::new();
    for page in pages(&book) {
        let html = readable(&read(&book.join(&page)));
        if let Some(p) = placeholder(&html) {
            found.push(format!("{page}: …{p}"));
        }
    }
    assert!(
        found.is_empty(),
        "unfilled placeholders:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_placeholder_finder_finds_what_it_should() {
    assert!(placeholder("a {model_gflops:.0f} b").is_some());
    assert!(placeholder("a {x@story} b").is_some());
    assert!(placeholder("a {t_mem_ms} b").is_some());
    assert!(placeholder("function () { return 1; }").is_none());
    assert!(readable("<p data-lab=\"{x}\">ok</p>").contains("ok"));
    assert!(placeholder(&readable("<p data-lab=\"{x:.1f}\">ok</p>")).is_none());
}

/// Without JavaScript, and in print.html (where the widgets never start), a failure state is
/// shown only where the defaults put it: a failure that is off shows its all-clear words or
/// nothing, never its failing message.
#[test]
fn static_pages_show_each_failure_in_its_default_state() {
    let Some(book) = book_dir() else { return };
    let base = serve(&book);
    const WRONG: &str = "return [...document.querySelectorAll('.lab-failure')].filter(f => {
        const on = f.classList.contains('lab-on');
        const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
        return shown(f.querySelector('.lab-failure-on')) !== on || (on && shown(f.querySelector('.lab-failure-off')));
      }).map(f => f.id)";
    // print.html with scripts on: the loader leaves it static.
    let b = Browser::start(true);
    b.goto(&format!("{base}print.html"));
    b.wait("return document.readyState === 'complete'", "print.html");
    assert_eq!(b.js(WRONG), serde_json::json!([]), "print.html");
    assert!(
        b.js("return document.querySelectorAll('.lab-failure').length")
            .as_u64()
            > Some(30),
        "print.html holds the failures of every lab"
    );
    drop(b);
    // Each lab page with scripts off: the same check by WebDriver's own display rules.
    let b = Browser::start(false);
    for page in pages(&book).into_iter().filter(|p| p.starts_with("vol")) {
        b.goto(&format!("{base}{page}"));
        let ids = b.js("return [...document.querySelectorAll('.lab-failure')].map(f => [f.id, f.classList.contains('lab-on'), !!f.querySelector('.lab-failure-off')])");
        for f in ids.as_array().into_iter().flatten() {
            let (id, on, has_off) = (f[0].as_str().unwrap_or(""), f[1] == true, f[2] == true);
            if id.is_empty() {
                continue;
            }
            assert_eq!(
                b.displayed(&format!("#{id} .lab-failure-on")),
                on,
                "{page}: #{id} shows its failing message only when on at the defaults"
            );
            if has_off {
                assert_eq!(
                    b.displayed(&format!("#{id} .lab-failure-off")),
                    !on,
                    "{page}: #{id}"
                );
            }
        }
    }
}

/// The `src` of every chart snapshot of `html`.
fn snapshot_srcs(html: &str) -> Vec<String> {
    html.split("<img class=\"lab-snapshot\" src=\"")
        .skip(1)
        .map(|p| p[..p.find('"').unwrap_or(0)].to_string())
        .collect()
}

/// Chart snapshots are SVG files beside the widgets (`labs-assets/snap/`), not data URIs in
/// the pages: every page's (print.html's included) lead to a file that exists, relative to the
/// page, and every lab page with a chart or plot has them.
#[test]
fn snapshots_are_files_every_page_reaches() {
    let Some(book) = book_dir() else { return };
    let mut seen = 0;
    for page in pages(&book) {
        let html = read(&book.join(&page));
        assert!(
            !html.contains("src=\"data:image/svg"),
            "{page}: a snapshot inlined as a data URI"
        );
        let dir = book.join(&page).parent().unwrap().to_path_buf();
        let srcs = snapshot_srcs(&html);
        if page.starts_with("vol") && html.contains("class=\"lab-canvas\"") {
            assert!(!srcs.is_empty(), "{page}: charts without snapshots");
        }
        for src in srcs {
            assert!(src.contains("labs-assets/snap/"), "{page}: {src}");
            let file = dir.join(&src);
            let svg = read(&file);
            assert!(
                svg.starts_with("<svg") || svg.starts_with("<?xml"),
                "{page}: {src} is not an SVG file"
            );
            seen += 1;
        }
    }
    assert!(seen > 60, "only {seen} snapshots in the book");
}

/// Without JavaScript the snapshots load and show; with it, a lab page never downloads them
/// (the live canvas replaces them and the images are lazy), even scrolled to the end.
#[test]
fn snapshots_show_without_javascript_and_are_not_fetched_with_it() {
    let Some(book) = book_dir() else { return };
    let base = serve(&book);
    const LOADED: &str = "return [...document.querySelectorAll('img.lab-snapshot')].map(i => [i.complete && i.naturalWidth > 0, i.getClientRects().length > 0])";
    let page = "vol1/lab01.html";
    let b = Browser::start(false);
    b.goto(&format!("{base}{page}"));
    b.wait("return document.readyState === 'complete'", page);
    let shown = b.js(LOADED);
    let shown = shown.as_array().expect("snapshots");
    assert!(!shown.is_empty(), "{page} has snapshots");
    for s in shown {
        assert_eq!(
            s,
            &serde_json::json!([true, true]),
            "{page}: no-JS snapshot"
        );
    }
    drop(b);
    let b = Browser::start(true);
    b.goto(&format!("{base}{page}"));
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "hydrated",
    );
    b.js("window.scrollTo(0, document.body.scrollHeight)");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let fetched = b.js(
        "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/snap/'))",
    );
    assert_eq!(
        fetched,
        serde_json::json!([]),
        "{page}: a page with JavaScript fetched snapshots"
    );
}
