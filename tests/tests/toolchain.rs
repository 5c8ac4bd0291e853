//! The toolchain as a course site uses it (issue 11): a fresh book outside this repository,
//! `mdbook-labs install`, `mdbook-labs bundle`, stock `mdbook build`, Chromium; the build
//! failing with the fix when the bundle is missing or lacks a model; stock `mdbook serve`
//! showing directive errors in the page and following a model switch; xtask finding the
//! checkout it runs in.
//!
//! Needs `cargo xtask test` (or `LABS_MDBOOK` and a built `target/release/mdbook-labs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use labs_tests::{Browser, serve};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `mdbook` and the directory holding the built `mdbook-labs`, or `None` (skipped).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let mdbook = std::env::var_os("LABS_MDBOOK").map(PathBuf::from)?;
    let bin = repo().join("target/release");
    bin.join("mdbook-labs").exists().then_some((mdbook, bin))
}

/// PATH with the built `mdbook-labs` first, as `cargo install --path preprocessor` leaves it.
fn path_with(bin: &Path) -> std::ffi::OsString {
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("start the command")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A course book in a fresh temporary directory (outside the repository), with the
/// author's own settings, and one chapter: Lab 01 (model `v1-01`).
fn course_book(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("labs-toolchain-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    assert!(!dir.starts_with(repo()));
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"A Course\" # the author's\n\n[output.html]\ngit-repository-url = \"https://example.org/course\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Lab 01](lab01.md)\n- [Notes](notes/code.md)\n",
    )
    .unwrap();
    std::fs::copy(repo().join("src/vol1/lab01.md"), dir.join("src/lab01.md")).unwrap();
    // A page of the author's own with code to highlight, one directory down.
    std::fs::create_dir_all(dir.join("src/notes")).unwrap();
    std::fs::write(
        dir.join("src/notes/code.md"),
        "# Notes\n\nSome `inline` code.\n\n```rust\nfn main() {\n    let x: u32 = 42;\n}\n```\n",
    )
    .unwrap();
    dir
}

/// One bundle build at a time: they share the checkout's `target/…/widgets.wasm`.
static BUNDLE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn install(bin: &Path, dir: &Path) -> String {
    let o = run(Command::new(bin.join("mdbook-labs"))
        .arg("install")
        .arg(dir));
    assert!(o.status.success(), "install: {}", text(&o));
    text(&o)
}

fn bundle(bin: &Path, dir: &Path) {
    let _one = BUNDLE.lock().unwrap_or_else(|e| e.into_inner());
    let o = run(Command::new(bin.join("mdbook-labs"))
        .arg("bundle")
        .arg(dir)
        .arg("--source")
        .arg(repo()));
    assert!(o.status.success(), "bundle: {}", text(&o));
}

fn mdbook_build(mdbook: &Path, bin: &Path, dir: &Path) -> Output {
    run(Command::new(mdbook)
        .arg("build")
        .current_dir(dir)
        .env("PATH", path_with(bin)))
}

#[test]
fn a_course_book_outside_the_repository_installs_builds_and_hydrates() {
    let Some((mdbook, bin)) = tools() else {
        eprintln!("skipped: run `cargo xtask test`");
        return;
    };
    let dir = course_book("course");
    let said = install(&bin, &dir);
    assert!(said.contains("[preprocessor.labs]"), "{said}");
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(
        toml.contains("title = \"A Course\" # the author's"),
        "{toml}"
    );
    assert!(toml.contains("git-repository-url"), "{toml}");
    assert!(toml.contains("command = \"mdbook-labs\""), "{toml}");
    // Idempotent: a second install changes nothing.
    let again = install(&bin, &dir);
    assert!(again.contains("up to date"), "{again}");
    assert_eq!(
        std::fs::read_to_string(dir.join("book.toml")).unwrap(),
        toml
    );

    // No bundle yet: the build stops and names the fix, instead of shipping inert labs.
    let o = mdbook_build(&mdbook, &bin, &dir);
    assert!(!o.status.success(), "must fail without a bundle");
    assert!(text(&o).contains("mdbook-labs bundle"), "{}", text(&o));

    bundle(&bin, &dir);
    let stamp = std::fs::read_to_string(dir.join("labs-assets/stamp.toml")).unwrap();
    assert!(stamp.contains("models = [\"v1-01\"]"), "{stamp}");
    assert!(
        !dir.join("src/labs-assets")
            .symlink_metadata()
            .unwrap()
            .is_dir(),
        "src/ holds only a link, no generated files"
    );
    let o = mdbook_build(&mdbook, &bin, &dir);
    assert!(o.status.success(), "mdbook build: {}", text(&o));
    let out = dir.join("book");
    for f in ["widgets.js", "widgets_bg.wasm", "widgets-file.js"] {
        assert!(out.join("labs-assets").join(f).is_file(), "{f} shipped");
    }
    // The page-weight theme (issue 13): no web fonts; snapshots are files beside the widgets.
    let fonts: Vec<String> = std::fs::read_dir(out.join("fonts"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !fonts.iter().any(|f| f.ends_with(".woff2")),
        "mdBook's web fonts shipped: {fonts:?}"
    );
    let page = std::fs::read_to_string(out.join("lab01.html")).unwrap();
    assert!(
        page.contains("<img class=\"lab-snapshot\" src=\"labs-assets/snap/"),
        "snapshot files"
    );
    assert!(
        std::fs::read_dir(out.join("labs-assets/snap"))
            .unwrap()
            .count()
            > 0
    );

    let b = Browser::start(true);
    b.goto(&format!("{}lab01.html", serve(&out)));
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets of the course book to start",
    );
    assert!(
        b.js("return document.querySelectorAll('.lab-chart canvas').length")
            .as_u64()
            .unwrap_or(0)
            > 0,
        "a live chart"
    );
    let on_demand = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => /mdbook-(highlight|clipboard)/.test(n)).length";
    assert_eq!(
        b.js(on_demand),
        serde_json::json!(0),
        "a page without code blocks loads no highlighter and no clipboard library"
    );
    // The author's code block is highlighted: the real highlighter arrives on demand.
    b.goto(&format!("{}notes/code.html", serve(&out)));
    b.wait(
        "return !!document.querySelector('pre code .hljs-keyword')",
        "the rust block to be highlighted",
    );
    b.wait(
        "return document.querySelector('.clip-button') && performance.getEntriesByType('resource').some(e => e.name.includes('mdbook-clipboard'))",
        "the copy button's library to arrive",
    );
    drop(b);

    // A chapter using a model the bundle lacks: the build fails naming the model and the fix.
    let lab02 = std::fs::read_to_string(repo().join("src/vol1/lab02.md")).unwrap();
    std::fs::write(dir.join("src/lab02.md"), lab02).unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Lab 01](lab01.md)\n- [Lab 02](lab02.md)\n",
    )
    .unwrap();
    let o = mdbook_build(&mdbook, &bin, &dir);
    let said = text(&o);
    assert!(!o.status.success(), "must fail: the bundle lacks v1-02");
    assert!(said.contains("lacks the model(s) `v1-02`"), "{said}");
    assert!(said.contains("mdbook-labs bundle"), "{said}");

    // The assets deleted: the build fails naming the fix.
    std::fs::remove_dir_all(dir.join("labs-assets")).unwrap();
    let o = mdbook_build(&mdbook, &bin, &dir);
    let said = text(&o);
    assert!(!o.status.success(), "must fail without the assets");
    assert!(said.contains("bundle is missing"), "{said}");
    assert!(said.contains("mdbook-labs bundle"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn get(url: &str) -> String {
    ureq::get(url)
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_to_string().ok())
        .unwrap_or_default()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// Waits until `f` holds, up to `limit`; returns the time it took.
fn until(limit: Duration, what: &str, f: impl Fn() -> bool) -> Duration {
    let t = Instant::now();
    while !f() {
        assert!(t.elapsed() < limit, "timed out after {limit:?}: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
    t.elapsed()
}

struct Server(std::process::Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Stock `mdbook serve` on the course book: a prose edit is served within 1.5 s, a directive
/// error shows in the page and clears after the fix, a switch to a model the bundle lacks
/// hydrates after the rebuild (the preprocessor builds a development bundle under serve), and
/// an idle server does not rebuild. Prints the timings for BENCHMARKS.md.
#[test]
fn mdbook_serve_keeps_up_with_the_author() {
    let Some((mdbook, bin)) = tools() else {
        eprintln!("skipped: run `cargo xtask test`");
        return;
    };
    let dir = course_book("serve");
    install(&bin, &dir);
    bundle(&bin, &dir);
    let port = free_port();
    let log = dir.join("serve.log");
    let _server = Server(
        Command::new(&mdbook)
            .args(["serve", "--port", &port.to_string()])
            .current_dir(&dir)
            .env("PATH", path_with(&bin))
            .env("MDBOOK_LABS_SOURCE", repo())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}/");
    let page = format!("{base}lab01.html");
    until(Duration::from_secs(60), "mdbook serve to start", || {
        get(&page).contains("Magnitude")
    });
    let lab01 = dir.join("src/lab01.md");
    let original = std::fs::read_to_string(&lab01).unwrap();

    // Prose edit.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(
        &lab01,
        format!("{original}\nA sentence the author just wrote.\n"),
    )
    .unwrap();
    let prose = until(
        Duration::from_secs(10),
        "the prose edit to be served",
        || get(&page).contains("A sentence the author just wrote."),
    );

    // A directive error shows in the served page, then clears after the fix.
    let broken = original.replacen("model = \"v1-01\"", "model = \"v1-01\"\nbogus_key = 1", 1);
    std::fs::write(&lab01, &broken).unwrap();
    let error = until(Duration::from_secs(10), "the error in the page", || {
        get(&page).contains("labs-build-error")
    });
    std::fs::write(&lab01, &original).unwrap();
    until(Duration::from_secs(10), "the fix to be served", || {
        let p = get(&page);
        p.contains("Magnitude") && !p.contains("labs-build-error")
    });

    // Switch the chapter to a model the bundle lacks: after the rebuild the widgets work.
    let one = BUNDLE.lock().unwrap_or_else(|e| e.into_inner());
    let t = Instant::now();
    let lab02 = std::fs::read_to_string(repo().join("src/vol1/lab02.md")).unwrap();
    std::fs::write(&lab01, &lab02).unwrap();
    until(
        Duration::from_secs(600),
        "the rebuild with model v1-02",
        || {
            let p = get(&page);
            p.contains("v1-02") && !p.contains("labs-build-error")
        },
    );
    let switch = t.elapsed();
    drop(one);
    let stamp = std::fs::read_to_string(dir.join("labs-assets/stamp.toml")).unwrap();
    assert!(stamp.contains("all = true"), "{stamp}");
    let b = Browser::start(true);
    // The bundle is written during that build, and serve may rebuild once more when it sees
    // it: reload until the page hydrates (a cold all-models build can finish just before).
    let t = Instant::now();
    loop {
        b.goto(&page);
        let ready = (0..100).any(|_| {
            std::thread::sleep(Duration::from_millis(100));
            b.js("return document.documentElement.classList.contains('labs-ready')") == true
        });
        if ready {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(180),
            "the widgets after the model switch never hydrated"
        );
    }
    drop(b);

    // Idle: no rebuild loop.
    let idle = std::env::var("LABS_SERVE_IDLE_S")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10u64);
    std::thread::sleep(Duration::from_secs(2));
    let before = std::fs::read_to_string(&log).unwrap_or_default();
    let builds = |s: &str| s.matches("Book building has started").count();
    std::thread::sleep(Duration::from_secs(idle));
    let after = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(
        builds(&before),
        builds(&after),
        "rebuilt while idle:\n{after}"
    );
    eprintln!(
        "SERVE prose_edit_s={:.2} error_shown_s={:.2} model_switch_s={:.1} idle_s={idle} rebuilds_idle=0",
        prose.as_secs_f64(),
        error.as_secs_f64(),
        switch.as_secs_f64()
    );
    assert!(
        prose <= Duration::from_millis(1500),
        "prose edit took {prose:?}"
    );
    drop(_server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// xtask works on the checkout it runs in, found at run time: a copy of the repository
/// resolves to the copy, not to the checkout the binary was compiled in.
#[test]
fn a_copied_checkout_is_its_own_root() {
    let xtask = repo().join("target/debug/xtask");
    if !xtask.exists() {
        eprintln!("skipped: run `cargo xtask test`");
        return;
    }
    let copy = std::env::temp_dir().join(format!("labs-copy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("xtask")).unwrap();
    std::fs::create_dir_all(copy.join("src/vol1")).unwrap();
    std::fs::copy(repo().join("book.toml"), copy.join("book.toml")).unwrap();
    std::fs::copy(
        repo().join("xtask/Cargo.toml"),
        copy.join("xtask/Cargo.toml"),
    )
    .unwrap();
    let o = run(Command::new(&xtask)
        .arg("root")
        .current_dir(copy.join("src/vol1"))
        .env_remove("CARGO_MANIFEST_DIR"));
    assert!(o.status.success(), "{}", text(&o));
    let said = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(
        Path::new(&said).canonicalize().unwrap(),
        copy.canonicalize().unwrap(),
        "xtask root in a copy"
    );
    let _ = std::fs::remove_dir_all(&copy);
}
