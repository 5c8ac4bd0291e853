//! `cargo xtask bench`: measures issue 13's budgets and writes BENCHMARKS.md.
//!
//! Budgets: the whole book builds in ≤ 2 s; a lab page transfers ≤ 600 KB including mdBook's
//! own assets, of which our wasm + glue + loader + CSS ≤ 300 KB raw and ≤ 110 KB gzip. In the
//! browser (measured here, by running `tests/tests/bench.rs` in headless Chromium, n ≥ 5 with
//! a fresh profile per cold run): usable ≤ 150 ms cold and ≤ 100 ms warm, JS heap ≤ 4 MB,
//! wasm memory ≤ 2 MB, lock → reveal ≤ 16 ms; and the heaviest plot's redraw p95 ≤ 8 ms, by
//! running that one test of the browser walk (`target/bench-plots.txt`).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::Result;

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**not met**" }
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn gzip_size(p: &Path) -> u64 {
    Command::new("gzip")
        .args(["-9", "-c"])
        .arg(p)
        .output()
        .map(|o| o.stdout.len() as u64)
        .unwrap_or(0)
}

/// Files a lab page loads: the page, the stylesheets and scripts it references, our assets.
fn page_assets(book: &Path, page: &Path) -> Vec<std::path::PathBuf> {
    let html = std::fs::read_to_string(page).unwrap_or_default();
    let mut files = vec![page.to_path_buf()];
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let Some(end) = part.find('"') else { continue };
            let url = &part[..end];
            if url.starts_with("http") || url.starts_with("data:") || url.starts_with('#') {
                continue;
            }
            let clean = url
                .split(['?', '#'])
                .next()
                .unwrap_or(url)
                .trim_start_matches("../");
            if !(clean.ends_with(".css") || clean.ends_with(".js")) {
                continue;
            }
            let f = book.join(clean);
            if f.exists() && !files.contains(&f) {
                files.push(f);
            }
        }
    }
    for f in ["labs-assets/widgets.js", "labs-assets/widgets_bg.wasm"] {
        files.push(book.join(f));
    }
    files
}

/// `cargo test -p labs-tests <args>` on the built `book` (`bench`: with the bench switched on).
fn cargo_test(book: &Path, args: &[&str], bench: bool) -> Result {
    let mut cmd = Command::new(crate::cargo());
    cmd.args(["test", "--quiet", "-p", "labs-tests"])
        .args(args)
        .env("LABS_BOOK_DIR", book);
    if bench {
        cmd.env("LABS_BENCH", "1");
    }
    crate::run(&mut cmd)
}

pub(crate) fn run(root: &Path) -> Result {
    let mut build_times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        crate::run(Command::new(crate::mdbook()).arg("build"))?;
        build_times.push(t.elapsed().as_secs_f64());
    }
    build_times.sort_by(f64::total_cmp);
    let book = root.join("book");
    // The browser half: writes target/bench-browser.txt.
    crate::ensure_browser()?;
    cargo_test(&book, &["--test", "bench", "--", "--nocapture"], true)?;
    // The heaviest plot's redraw (the browser walk's own measurement, which finds that plot
    // by counting model evaluations): writes target/bench-plots.txt.
    cargo_test(
        &book,
        &[
            "--test",
            "browser_walk",
            "--",
            "--exact",
            "heaviest_plot_redraws_within_budget",
        ],
        false,
    )?;
    // A prose edit under stock `mdbook serve`, on a copy of this book.
    let serve = crate::bench_serve::section(&crate::bench_serve::prose_edits(root, 7)?);
    // Ours: the wasm, its glue, the loader and the stylesheet (content-hashed names).
    let mut ours = vec![
        book.join("labs-assets/widgets_bg.wasm"),
        book.join("labs-assets/widgets.js"),
    ];
    for e in std::fs::read_dir(book.join("theme"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("labs-loader") || name.starts_with("labs-") && name.ends_with(".css") {
            ours.push(e.path());
        }
    }
    let ours_raw: u64 = ours.iter().map(|f| size(f)).sum();
    let ours_gz: u64 = ours.iter().map(|f| gzip_size(f)).sum();
    // Every lab page, heaviest first: the three heaviest are listed, with how many pass.
    let mut pages: Vec<(String, usize, u64, u64)> = Vec::new();
    for vol in ["vol1", "vol2"] {
        for e in std::fs::read_dir(book.join(vol))
            .into_iter()
            .flatten()
            .flatten()
        {
            let page = format!("{vol}/{}", e.file_name().to_string_lossy());
            if !page.ends_with(".html") {
                continue;
            }
            let files = page_assets(&book, &e.path());
            let raw: u64 = files.iter().map(|f| size(f)).sum();
            let gz: u64 = files.iter().map(|f| gzip_size(f)).sum();
            pages.push((page, files.len(), raw, gz));
        }
    }
    pages.sort_by_key(|p| std::cmp::Reverse(p.2));
    let within = pages.iter().filter(|p| p.2 <= 600_000).count();
    let mut rows = String::new();
    for (page, n, raw, gz) in pages.iter().take(3) {
        rows.push_str(&format!(
            "| `{page}` | {n} | {:.0} KB | {:.0} KB | ≤ 600 KB raw | {} |\n",
            *raw as f64 / 1e3,
            *gz as f64 / 1e3,
            verdict(*raw <= 600_000)
        ));
    }
    rows.push_str(&format!(
        "\n{within} of {} lab pages are within 600 KB uncompressed (the three heaviest are listed).\n",
        pages.len()
    ));
    let browser = std::fs::read_to_string(root.join("target/bench-browser.txt"))
        .unwrap_or_else(|_| "(the browser bench did not write target/bench-browser.txt)\n".into());
    let browser = format!(
        "{browser}\n| heaviest plot (the browser walk's test `heaviest_plot_redraws_within_budget`) | median / p95 | budget |\n|---|---|---|\n{}",
        std::fs::read_to_string(root.join("target/bench-plots.txt")).unwrap_or_default()
    );
    let md = format!(
        "# Benchmarks\n\nMeasured by `cargo xtask bench` on the development machine (2 cores, shared). Budgets from issue 13; \
every row gives the median, the range (min–max) and n, and says whether the median meets the budget. \
Method and what would close each gap: \"Reading these numbers\" below.\n\n\
## Book build\n\n| measure | median | range | n | budget | |\n|---|---|---|---|---|---|\n| `mdbook build` (whole book, preprocessor included) | {:.2} s | {:.2}–{:.2} s | {} | ≤ 2 s | {} |\n\n\
## Transfer size\n\n| what | raw | gzip | budget | |\n|---|---|---|---|---|\n| ours: wasm + JS glue + loader + CSS, all {} models | {:.0} KB | {:.0} KB | ≤ 300 KB raw, ≤ 110 KB gzip | {} |\n\n\
| heaviest lab pages (HTML, the CSS and JS it references, ours; fonts not counted: see the browser table) | files | raw | gzip | budget | |\n|---|---|---|---|---|---|\n{rows}\n\
## In the browser (headless Chromium)\n\n{browser}\n{serve}",
        build_times[build_times.len() / 2],
        build_times[0],
        build_times[build_times.len() - 1],
        build_times.len(),
        verdict(build_times[build_times.len() / 2] <= 2.0),
        std::fs::read_to_string(book.join("labs-assets/widgets.js")).map_or(0, |_| {
            std::fs::read_dir(root.join("src/vol1"))
                .into_iter()
                .chain(std::fs::read_dir(root.join("src/vol2")))
                .flatten()
                .flatten()
                .filter(|e| {
                    std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("```lab header"))
                })
                .count()
        }),
        ours_raw as f64 / 1e3,
        ours_gz as f64 / 1e3,
        verdict(ours_raw <= 300_000 && ours_gz <= 110_000),
    );
    // Keep the hand-written commentary that follows the measured tables.
    let old = std::fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default();
    let notes = old
        .find("\n## Reading these numbers")
        .map(|i| &old[i..])
        .unwrap_or("");
    std::fs::write(root.join("BENCHMARKS.md"), format!("{md}{notes}"))
        .map_err(|e| e.to_string())?;
    eprintln!("wrote BENCHMARKS.md");
    Ok(())
}
