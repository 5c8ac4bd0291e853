//! `cargo xtask <command>`: the project's build orchestration.
//!
//! - `build`: install what is missing (wasm32 target, pinned mdBook), build the widgets to
//!   WebAssembly, generate their JS glue with wasm-bindgen (linked as a library at the same
//!   version as the widgets' `wasm-bindgen`, so the two can never drift), and build the book
//!   into `book/`.
//! - `serve`: `build`, then `mdbook serve` with live reload.
//! - `test`: everything `build` needs plus Chromium and ChromeDriver, then formatting,
//!   clippy, the unit, golden and browser tests.
//! - `bench`: measure the performance budgets and write `BENCHMARKS.md`.
//! - `fuzz [N]`: the seeded fuzz targets with N inputs each (default 10^6) in release, results
//!   in `FUZZING.md`.
//!
//! Every install step checks first, so a second run costs nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

mod bench;
mod bench_serve;
mod fuzz;

const MDBOOK_VERSION: &str = "0.5.4";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let result = match cmd {
        "build" => build().map(|_| {
            eprintln!("\nThe book is in book/. Serve it with live reload: cargo xtask serve (or: mdbook serve --open)");
        }),
        "serve" => serve(&args[1..]),
        "test" => test(),
        "bench" => build().and_then(|_| bench::run(&root())),
        // `assets [BOOK_DIR] [--all]`: the widget bundle for any book (`mdbook-labs bundle`).
        "assets" => ensure_build_tools().and_then(|_| {
            let all = args.iter().any(|a| a == "--all")
                || std::env::var("LABS_MODELS").is_ok_and(|v| v == "all");
            let book = args[1..]
                .iter()
                .find(|a| !a.starts_with("--"))
                .map_or_else(root, PathBuf::from);
            widgets_for(&book, all)
        }),
        "fuzz" => fuzz::run(args.get(1).map(String::as_str)),
        // `bench-serve [N]`: only the `mdbook serve` prose-edit measure of `bench`.
        "bench-serve" => build().and_then(|_| {
            let n = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(7);
            let t = bench_serve::prose_edits(&root(), n)?;
            println!("{}", bench_serve::section(&t));
            Ok(())
        }),
        // The checkout this run works on (found at run time; see `root`).
        "root" => {
            println!("{}", root().display());
            Ok(())
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <build | serve [--host H] [--port P] [--open] | test | bench | assets [BOOK_DIR] [--all] | fuzz [inputs per target]>"
            );
            return if cmd == "help" { ExitCode::SUCCESS } else { ExitCode::FAILURE };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {cmd}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root, found at run time: the nearest directory, from the current one
/// upwards, that holds `xtask/Cargo.toml` and `book.toml` (so a copied checkout builds its own
/// book, never the one this binary was compiled in). `cargo run` also tells the binary its
/// manifest directory at run time (`CARGO_MANIFEST_DIR` in the environment, not compiled in):
/// that is the fallback when the current directory is outside any checkout.
pub(crate) fn root() -> PathBuf {
    let is_root =
        |d: &Path| d.join("xtask").join("Cargo.toml").is_file() && d.join("book.toml").is_file();
    if let Ok(cwd) = std::env::current_dir()
        && let Some(d) = cwd.ancestors().find(|d| is_root(d))
    {
        return d.to_path_buf();
    }
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|m| m.parent().map(Path::to_path_buf))
        .filter(|d| is_root(d))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
}

/// Cargo's target directory for this checkout (`CARGO_TARGET_DIR` when set).
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { root().join(d) })
        .unwrap_or_else(|| root().join("target"))
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The mdbook binary: the one cargo installs, falling back to PATH.
pub(crate) fn mdbook() -> PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let p = home.join("bin").join("mdbook");
    if p.exists() {
        p
    } else {
        PathBuf::from("mdbook")
    }
}

pub(crate) fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub(crate) fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn ensure_build_tools() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == WASM_TARGET) {
        eprintln!("installing the {WASM_TARGET} target");
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    let have = output(Command::new(mdbook()).arg("--version")).unwrap_or_default();
    if !have.contains(MDBOOK_VERSION) {
        eprintln!("installing mdbook {MDBOOK_VERSION} (a few minutes, once)");
        run(Command::new(cargo()).args([
            "install",
            "mdbook",
            "--version",
            MDBOOK_VERSION,
            "--locked",
        ]))?;
    }
    Ok(())
}

pub(crate) fn ensure_browser() -> Result {
    let ok = |bin: &str| output(Command::new(bin).arg("--version")).is_some();
    if ok("/usr/bin/chromium") && ok("/usr/bin/chromedriver") {
        return Ok(());
    }
    eprintln!("installing Debian's chromium and chromium-driver");
    let sudo = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() != "0");
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update", "-qq"])?;
    apt(&["install", "-y", "-qq", "chromium", "chromium-driver"])
}

/// The lab models the book's chapters use: the `model = "…"` of every `lab header`.
fn book_models(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            found.extend(book_models(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            for block in text.split("```lab header").skip(1) {
                let body = block.split("```").next().unwrap_or("");
                let id = body
                    .lines()
                    .filter_map(|l| l.trim().strip_prefix("model"))
                    .filter_map(|r| r.trim_start().strip_prefix('='))
                    .map(|r| r.trim().trim_matches('"').to_string())
                    .next();
                found.extend(id);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The book's source directory, from its `book.toml` (`[book] src`, default `src`).
fn book_src(book: &Path) -> PathBuf {
    let text = std::fs::read_to_string(book.join("book.toml")).unwrap_or_default();
    let src = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("src"))
        .filter_map(|r| r.trim_start().strip_prefix('='))
        .map(|r| r.trim().trim_matches('"').to_string())
        .next()
        .unwrap_or_else(|| "src".into());
    book.join(src)
}

/// The version the preprocessor checks a bundle's stamp against: `mdbook-labs`'s own.
fn labs_version() -> String {
    let text =
        std::fs::read_to_string(root().join("preprocessor").join("Cargo.toml")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("version"))
        .filter_map(|r| r.trim_start().strip_prefix('='))
        .map(|r| r.trim().trim_matches('"').to_string())
        .next()
        .unwrap_or_default()
}

/// Builds the widgets for the book in `book` into `<book>/labs-assets/` (`widgets.js`,
/// `widgets_bg.wasm`, `widgets-file.js` and `stamp.toml`), outside the author's `src/`, and
/// makes sure `<src>/labs-assets` is a link to it (mdBook copies what `src/` holds, following
/// links, so the URLs stay `labs-assets/…`). Only the models the chapters use are compiled in
/// (`all`: every model, a development bundle for writing new chapters).
pub(crate) fn widgets_for(book: &Path, all: bool) -> Result {
    let t = Instant::now();
    let book = book
        .canonicalize()
        .map_err(|e| format!("{}: {e}", book.display()))?;
    let src = book_src(&book);
    let models = if all {
        vec!["all-labs".to_string()]
    } else {
        book_models(&src)
    };
    let features: Vec<String> = models.iter().map(|m| format!("physics/{m}")).collect();
    eprintln!(
        "widgets for {} with models: {}",
        book.display(),
        if models.is_empty() {
            "none".into()
        } else {
            models.join(", ")
        }
    );
    let mut cmd = Command::new(cargo());
    cmd.args([
        "build",
        "--quiet",
        "-p",
        "widgets",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm",
    ]);
    if !features.is_empty() {
        cmd.arg("--features").arg(features.join(","));
    }
    run(&mut cmd)?;
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join("wasm")
        .join("widgets.wasm");
    let out = book.join("labs-assets");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .map_err(|e| e.to_string())?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&out)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;
    file_bundle(&wasm, &out)?;
    let quoted: Vec<String> = models
        .iter()
        .filter(|m| *m != "all-labs")
        .map(|m| format!("{m:?}"))
        .collect();
    let stamp = format!(
        "# Written by `mdbook-labs bundle` (`cargo xtask assets`): the widget bundle's version and models.\n\
         # mdbook-labs checks it on every build. Do not edit; rebuild the bundle instead.\n\
         version = {:?}\nall = {all}\nmodels = [{}]\nsource = {:?}\n",
        labs_version(),
        quoted.join(", "),
        root().display().to_string()
    );
    let path = out.join("stamp.toml");
    std::fs::write(&path, stamp).map_err(|e| format!("{}: {e}", path.display()))?;
    link_assets(&book, &src)?;
    eprintln!("widgets built in {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// `<src>/labs-assets` → `<book>/labs-assets`, a relative link. An old generated directory
/// there (this repository's former layout) is replaced.
fn link_assets(book: &Path, src: &Path) -> Result {
    let link = src.join("labs-assets");
    if let Ok(meta) = std::fs::symlink_metadata(&link) {
        if meta.file_type().is_symlink() {
            return Ok(());
        }
        if meta.is_dir() && link.join("widgets.js").exists() {
            std::fs::remove_dir_all(&link).map_err(|e| format!("{}: {e}", link.display()))?;
        } else {
            return Err(format!(
                "{} exists and is not the link to ../labs-assets: move it away",
                link.display()
            ));
        }
    }
    let depth = src.strip_prefix(book).map_or(1, |r| r.components().count());
    let target = PathBuf::from("../".repeat(depth)).join("labs-assets");
    #[cfg(unix)]
    return std::os::unix::fs::symlink(&target, &link)
        .map_err(|e| format!("{}: {e}", link.display()));
    #[cfg(not(unix))]
    return Err(format!(
        "link {} to {} (symbolic links are created on Unix only)",
        link.display(),
        target.display()
    ));
}

/// The widgets for this repository's book (`LABS_MODELS=all`: every model).
fn widgets() -> Result {
    let all = std::env::var("LABS_MODELS").is_ok_and(|v| v == "all");
    widgets_for(&root(), all)
}

/// Writes `widgets-file.js`: the widgets for a book opened from disk. From `file://`,
/// Chromium refuses module imports and fetches, but runs a classic script: so this is the
/// glue as a classic script (wasm-bindgen's `no-modules` output, global `wasm_bindgen`) with
/// the module's bytes inlined (base64). The loader uses it only on `file:` pages.
fn file_bundle(wasm: &Path, out: &Path) -> Result {
    // One directory per run: two books may be bundled at once (the toolchain tests do).
    let tmp = target_dir().join(format!("labs-file-bundle-{}", std::process::id()));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .no_modules(true)
        .map_err(|e| e.to_string())?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&tmp)
        .map_err(|e| format!("wasm-bindgen (no-modules): {e}"))?;
    let read = |name: &str| {
        std::fs::read(tmp.join(name)).map_err(|e| format!("{}: {e}", tmp.join(name).display()))
    };
    let glue = String::from_utf8(read("widgets.js")?).map_err(|e| e.to_string())?;
    let bytes = read("widgets_bg.wasm")?;
    let js = format!(
        "{glue}\nwindow.__labsWasmBase64 = \"{}\";\n",
        base64(&bytes)
    );
    let _ = std::fs::remove_dir_all(&tmp);
    let path = out.join("widgets-file.js");
    std::fs::write(&path, js).map_err(|e| format!("{}: {e}", path.display()))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// `serve [--host H] [--port P] [--open]`: builds with a development bundle of every model
/// (so a chapter can switch to any model while serving), then stock `mdbook serve`.
fn serve(args: &[String]) -> Result {
    let mut serve = Command::new(mdbook());
    serve.arg("serve");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--host" | "-n" | "--hostname" => {
                serve
                    .arg("--hostname")
                    .arg(it.next().ok_or("--host needs a value")?);
            }
            "--port" | "-p" => {
                serve
                    .arg("--port")
                    .arg(it.next().ok_or("--port needs a value")?);
            }
            "--open" | "-o" => {
                serve.arg("--open");
            }
            other => return Err(format!("serve: unknown argument {other}")),
        }
    }
    ensure_build_tools()?;
    widgets_for(&root(), true)?;
    preprocessor()?;
    run(&mut serve)
}

/// Builds the preprocessor that `book.toml` runs (`target/release/mdbook-labs`).
fn preprocessor() -> Result {
    run(Command::new(cargo()).args(["build", "--quiet", "--release", "-p", "mdbook-labs"]))
}

fn build() -> Result {
    ensure_build_tools()?;
    widgets()?;
    // Build the preprocessor that book.toml's command runs.
    preprocessor()?;
    let t = Instant::now();
    run(Command::new(mdbook()).arg("build"))?;
    eprintln!("book built in {:.2} s", t.elapsed().as_secs_f64());
    Ok(())
}

const AXE_VERSION: &str = "4.14.1";

/// axe-core's browser bundle for the accessibility walk, downloaded once (curl and tar, no
/// npm) into `target/axe-core-<version>/axe.min.js`. Returns its path.
fn ensure_axe() -> Result<PathBuf> {
    let dir = target_dir().join(format!("axe-core-{AXE_VERSION}"));
    let js = dir.join("axe.min.js");
    if js.exists() {
        return Ok(js);
    }
    eprintln!("downloading axe-core {AXE_VERSION}");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let tgz = dir.join("axe-core.tgz");
    run(Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--output",
        ])
        .arg(&tgz)
        .arg(format!(
            "https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
        )))?;
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&tgz)
        .arg("-C")
        .arg(&dir)
        .args(["--strip-components=1", "package/axe.min.js"]))?;
    let _ = std::fs::remove_file(&tgz);
    if js.exists() {
        Ok(js)
    } else {
        Err(format!("{} is missing after unpacking", js.display()))
    }
}

fn test() -> Result {
    ensure_build_tools()?;
    ensure_browser()?;
    let axe = ensure_axe()?;
    run(Command::new(cargo()).args(["fmt", "--all", "--check"]))?;
    run(Command::new(cargo()).args([
        "clippy",
        "--quiet",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new(cargo()).args([
        "clippy",
        "--quiet",
        "-p",
        "widgets",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))?;
    build()?;
    let book = root().join("book");
    run(Command::new(cargo())
        .args([
            "test",
            "--no-fail-fast",
            "--workspace",
            "--exclude",
            "widgets",
        ])
        .env("LABS_BOOK_DIR", &book)
        .env("LABS_AXE_JS", &axe)
        .env("LABS_MDBOOK", mdbook()))
}
