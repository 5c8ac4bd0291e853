//! `cargo xtask bench`, the `mdbook serve` part: how long a prose edit takes to reach the
//! served page on this whole book, with stock `mdbook serve` (issue 11: ≤ 1.5 s).
//!
//! The book is copied to a temporary directory (its `src/`, `theme/` and `book.toml`; the
//! bundle and `physics/` linked), so the edits never touch the checkout. Each edit appends a
//! sentence with a fresh word to Lab 01 and polls the served page every 20 ms until the word
//! is there; edits are 3 s apart, so each is one rebuild. mdBook's watcher waits for the file
//! to be quiet (its debouncer) before it rebuilds: that wait is part of what an author sees.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Result;

/// A plain HTTP GET on loopback; the body, or empty on any failure.
fn get(port: u16, path: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let req = format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return String::new();
    }
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for e in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let meta = std::fs::symlink_metadata(&src).map_err(|e| e.to_string())?;
        if meta.is_symlink() {
            continue;
        } else if meta.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) -> Result {
    std::os::unix::fs::symlink(target, at).map_err(|e| e.to_string())
}

#[cfg(not(unix))]
fn link(target: &Path, at: &Path) -> Result {
    copy_dir(target, at)
}

struct Server(std::process::Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Seconds from each prose edit to the served page showing it, `n` edits.
pub(crate) fn prose_edits(root: &Path, n: usize) -> Result<Vec<f64>> {
    let dir = std::env::temp_dir().join(format!("labs-bench-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("src"), &dir.join("src"))?;
    copy_dir(&root.join("theme"), &dir.join("theme"))?;
    std::fs::copy(root.join("book.toml"), dir.join("book.toml")).map_err(|e| e.to_string())?;
    link(&root.join("labs-assets"), &dir.join("labs-assets"))?;
    crate::link_assets(&dir, &dir.join("src"))?;
    std::fs::create_dir_all(dir.join("physics")).map_err(|e| e.to_string())?;
    link(&root.join("physics/src"), &dir.join("physics/src"))?;
    let port = free_port()?;
    let _server = Server(
        Command::new(crate::mdbook())
            .args(["serve", "--port", &port.to_string()])
            .current_dir(&dir)
            .env(
                "MDBOOK_PREPROCESSOR__LABS__COMMAND",
                root.join("target/release/mdbook-labs"),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("mdbook serve: {e}"))?,
    );
    let page = "/vol1/lab01.html";
    let wait = |word: &str, limit: Duration| -> Result<f64> {
        let t = Instant::now();
        while !get(port, page).contains(word) {
            if t.elapsed() > limit {
                return Err(format!("mdbook serve: `{word}` not served after {limit:?}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(t.elapsed().as_secs_f64())
    };
    wait("Lock in", Duration::from_secs(120))?;
    let lab01 = dir.join("src/vol1/lab01.md");
    let original = std::fs::read_to_string(&lab01).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    for i in 0..n {
        std::thread::sleep(Duration::from_secs(3));
        let word = format!("benchword{i}x{}", std::process::id());
        std::fs::write(&lab01, format!("{original}\nA sentence with {word}.\n"))
            .map_err(|e| e.to_string())?;
        times.push(wait(&word, Duration::from_secs(30))?);
    }
    drop(_server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(times)
}

/// The BENCHMARKS.md section for these times: median, range, n, both budgets.
pub(crate) fn section(times: &[f64]) -> String {
    let mut t = times.to_vec();
    t.sort_by(f64::total_cmp);
    let median = t.get(t.len() / 2).copied().unwrap_or(f64::NAN);
    let met = |b: f64| if median <= b { "met" } else { "**not met**" };
    format!(
        "## Under `mdbook serve`\n\n| measure | median | range | n | budget | |\n|---|---|---|---|---|---|\n\
| prose edit → served page, stock `mdbook serve`, this book ({} chapters) | {median:.2} s | {:.2}–{:.2} s | {} | ≤ 1.5 s (issue 11); ≤ 1 s (issue 13) | {}; {} |\n",
        chapters(),
        t.first().copied().unwrap_or(f64::NAN),
        t.last().copied().unwrap_or(f64::NAN),
        t.len(),
        met(1.5),
        met(1.0),
    )
}

/// The chapters in this book's SUMMARY.md.
fn chapters() -> usize {
    std::fs::read_to_string(crate::root().join("src/SUMMARY.md"))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("](") && l.contains(".md)"))
        .count()
}
