//! The widget bundle a book ships, and its check on every build.
//!
//! The bundle lives in `<book>/labs-assets/` (outside the author's `src/`): `widgets.js`,
//! `widgets_bg.wasm`, `widgets-file.js` and `stamp.toml` (the `mdbook-labs` version it was
//! built for and its models). `<src>/labs-assets` is a link to it, written by
//! `mdbook-labs install`, so mdBook copies the bundle to `labs-assets/` in the output like any
//! file of `src/`, and the pages' URLs never change. The bundle is compiled from this
//! repository's `widgets/` crate (WebAssembly cannot be built without the source and the
//! wasm32 target): `mdbook-labs bundle` runs `cargo xtask assets <book>` in a source checkout.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use mdbook_preprocessor::book::{Book, BookItem};

/// The version a bundle must be stamped with: this binary's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What `stamp.toml` says.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Stamp {
    pub version: String,
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub models: Vec<String>,
    #[serde(default)]
    pub source: Option<PathBuf>,
}

/// The model each lab chapter names in its `lab header`: `(model, chapter path)`.
pub fn book_models(book: &Book, src: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for item in book.iter() {
        let BookItem::Chapter(ch) = item else {
            continue;
        };
        let Some(path) = ch.source_path.as_ref() else {
            continue;
        };
        let shown = format!("{}/{}", src.trim_end_matches('/'), path.display());
        found.extend(
            models_in(&ch.content)
                .into_iter()
                .map(|m| (m, shown.clone())),
        );
    }
    found
}

/// The `model = "…"` of every ```` ```lab header ```` block of a chapter.
pub fn models_in(text: &str) -> Vec<String> {
    text.split("```lab header")
        .skip(1)
        .filter_map(|block| {
            let body = block.split("```").next().unwrap_or("");
            body.lines()
                .filter_map(|l| l.trim().strip_prefix("model"))
                .filter_map(|r| r.trim_start().strip_prefix('='))
                .map(|r| r.trim().trim_matches('"').to_string())
                .next()
        })
        .collect()
}

/// The stamp of the bundle in `dir` (a `labs-assets` directory).
pub fn read_stamp(dir: &Path) -> Option<Stamp> {
    let text = std::fs::read_to_string(dir.join("stamp.toml")).ok()?;
    toml::from_str(&text).ok()
}

/// Checks that the book ships a bundle that hydrates every lab chapter: what mdBook will copy,
/// `<src>/labs-assets/` (normally the link to `labs-assets/`). `Err` says what is wrong and the
/// command that fixes it.
pub fn check(book_root: &Path, src: &str, models: &[(String, String)]) -> Result<(), String> {
    if models.is_empty() {
        return Ok(());
    }
    let fix = "run `mdbook-labs bundle` in the book's directory (in the MLSys Labs repository: `cargo xtask build`)";
    let assets = book_root.join(src).join("labs-assets");
    let Some(stamp) = read_stamp(&assets) else {
        if read_stamp(&book_root.join("labs-assets")).is_some() {
            return Err(format!(
                "{} does not lead to the widget bundle in labs-assets/, so mdBook would not copy it and the labs would ship inert.\n  fix: run `mdbook-labs install` in the book's directory",
                assets.display()
            ));
        }
        return Err(format!(
            "the widget bundle is missing: {} does not exist or is unreadable, so the labs would ship inert.\n  fix: {fix}",
            assets.join("stamp.toml").display()
        ));
    };
    for f in ["widgets.js", "widgets_bg.wasm", "widgets-file.js"] {
        if !assets.join(f).is_file() {
            return Err(format!(
                "the widget bundle is incomplete: {} is missing.\n  fix: {fix}",
                assets.join(f).display()
            ));
        }
    }
    if stamp.version != VERSION {
        return Err(format!(
            "the widget bundle is stale: built for mdbook-labs {}, this is {VERSION}.\n  fix: {fix}",
            stamp.version
        ));
    }
    if !stamp.all {
        let lacking: Vec<String> = models
            .iter()
            .filter(|(m, _)| !stamp.models.contains(m))
            .map(|(m, ch)| format!("`{m}` ({ch})"))
            .collect();
        if !lacking.is_empty() {
            return Err(format!(
                "the widget bundle lacks the model(s) {}; it has: {}.\n  fix: {fix}",
                lacking.join(", "),
                if stamp.models.is_empty() {
                    "none".into()
                } else {
                    stamp.models.join(", ")
                }
            ));
        }
    }
    if let Some(newer) = stamp
        .source
        .as_deref()
        .and_then(|s| changed_since(s, &assets))
    {
        return Err(format!(
            "the widget bundle is stale: {} changed after it was built.\n  fix: {fix}",
            newer.display()
        ));
    }
    Ok(())
}

/// A source file of the widgets (physics, render, widgets) newer than the bundle's stamp.
fn changed_since(source: &Path, assets: &Path) -> Option<PathBuf> {
    let built = std::fs::metadata(assets.join("stamp.toml"))
        .and_then(|m| m.modified())
        .ok()?;
    fn walk(dir: &Path, built: SystemTime) -> Option<PathBuf> {
        for e in std::fs::read_dir(dir).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                if let Some(f) = walk(&p, built) {
                    return Some(f);
                }
            } else if p.extension().is_some_and(|x| x == "rs")
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t > built)
            {
                return Some(p);
            }
        }
        None
    }
    ["physics/src", "render/src", "widgets/src"]
        .iter()
        .find_map(|d| walk(&source.join(d), built))
}

/// The MLSys Labs checkout to build widgets from: `--source`, `MDBOOK_LABS_SOURCE`, the one
/// the current bundle was built from, or the one this binary was compiled from, if it is
/// still there.
pub fn source(explicit: Option<&Path>, book_root: &Path) -> Option<PathBuf> {
    let is_checkout = |d: &Path| d.join("xtask").join("Cargo.toml").is_file();
    let compiled = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf);
    explicit
        .map(Path::to_path_buf)
        .into_iter()
        .chain(std::env::var_os("MDBOOK_LABS_SOURCE").map(PathBuf::from))
        .chain(read_stamp(&book_root.join("labs-assets")).and_then(|s| s.source))
        .chain(compiled)
        .find(|d| is_checkout(d))
}

/// `mdbook-labs bundle`: builds the book's widget bundle from a source checkout.
pub fn bundle(book_root: &Path, source_dir: Option<&Path>, all: bool) -> Result<(), String> {
    let Some(src) = source(source_dir, book_root) else {
        return Err(
            "no MLSys Labs checkout to build the widgets from: clone the repository and run \
             `mdbook-labs bundle --source <checkout>` (or set MDBOOK_LABS_SOURCE)"
                .into(),
        );
    };
    let book = book_root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", book_root.display()))?;
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(&src)
        .args(["run", "--quiet", "--package", "xtask", "--", "assets"])
        .arg(&book);
    if all {
        cmd.arg("--all");
    }
    // stdout belongs to mdBook's protocol when this runs inside the preprocessor.
    cmd.stdout(std::process::Stdio::null());
    let status = cmd
        .status()
        .map_err(|e| format!("could not run cargo in {}: {e}", src.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo xtask assets {}` in {} failed ({status})",
            book.display(),
            src.display()
        ))
    }
}

/// True under `mdbook serve`, which sets the live-reload endpoint in the config it hands
/// to preprocessors.
pub fn serving(ctx: &mdbook_preprocessor::PreprocessorContext) -> bool {
    ctx.config
        .get::<String>("output.html.live-reload-endpoint")
        .ok()
        .flatten()
        .is_some()
        || std::env::var_os("MDBOOK_LABS_SERVE").is_some()
}

/// The page shown instead of a broken build under `mdbook serve`: the problems, at the top
/// of every chapter (the terminal shows them too).
pub fn error_banner(problems: &[String]) -> String {
    let text: String = problems
        .iter()
        .map(|p| crate::html::esc(p))
        .collect::<Vec<_>>()
        .join("\n\n");
    format!(
        "<div class=\"labs-build-error\" role=\"alert\" style=\"border:3px solid #c00;padding:0.8em;margin:0 0 1.5em;background:#fff4f4;color:#300\">\
         <p><strong>mdbook-labs: the book has {} problem(s)</strong>. mdbook build would fail; this page \
         updates when you fix the source.</p><pre style=\"white-space:pre-wrap;background:none;color:inherit\">{text}</pre></div>\n\n",
        problems.len()
    )
}

/// Where the static SVG snapshots of charts and plots go, inside the bundle's directory:
/// `<book>/labs-assets/snap/<hash>.svg`, reached from the pages as `labs-assets/snap/…` like
/// the widgets (through the `<src>/labs-assets` link). Outside `src/`, so `mdbook serve` never
/// sees them written; content-addressed, so a file is written once and never rewritten.
pub const SNAP_DIR: &str = "snap";

/// The start of every snapshot image the figures emit, with its URL relative to the book's
/// root; [`rebase_snapshots`] makes it relative to a chapter's page.
pub const SNAP_IMG: &str = "<img class=\"lab-snapshot\" src=\"labs-assets/snap/";

/// The snapshot directory of this process (`<book>/labs-assets/snap`), set by the binary
/// before it expands the book. Unset (unit tests, `verify`), figures still reference their
/// files but write none.
static SNAPSHOT_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Sets where this process writes snapshot files: `<book_root>/labs-assets/snap`.
pub fn set_snapshot_dir(book_root: &Path) {
    let _ = SNAPSHOT_DIR.set(book_root.join("labs-assets").join(SNAP_DIR));
}

/// This process's snapshot directory, when [`set_snapshot_dir`] set one.
pub fn snapshot_dir() -> Option<&'static Path> {
    SNAPSHOT_DIR.get().map(PathBuf::as_path)
}

/// The file name of a snapshot: a hash of its content (64-bit FNV-1a, stable across builds
/// and toolchains) and its length.
pub fn snapshot_name(svg: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in svg.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}{:x}.svg", svg.len())
}

/// Writes a snapshot into this process's snapshot directory, if one is set
/// ([`set_snapshot_dir`]); returns its file name.
pub fn write_snapshot(svg: &str) -> Result<String, String> {
    let name = snapshot_name(svg);
    if let Some(dir) = SNAPSHOT_DIR.get() {
        write_snapshot_in(dir, &name, svg)?;
    }
    Ok(name)
}

/// Writes `dir/name` unless it already holds `svg` (so an unchanged book writes nothing and a
/// watcher sees no change); a new file appears whole (written aside, then renamed).
pub fn write_snapshot_in(dir: &Path, name: &str, svg: &str) -> Result<(), String> {
    let path = dir.join(name);
    if std::fs::read(&path).is_ok_and(|old| old == svg.as_bytes()) {
        return Ok(());
    }
    let fail = |e: std::io::Error| {
        format!(
            "cannot write the chart's static snapshot {}: {e}",
            path.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, svg).map_err(fail)?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// The snapshot files a chapter's expansion references (their names, in order of appearance).
pub fn snapshots_in(content: &str) -> Vec<String> {
    let marker = "labs-assets/snap/";
    content
        .match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &content[i + marker.len()..];
            let end = rest.find('"')?;
            let name = &rest[..end];
            (name.ends_with(".svg") && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.'))
                .then(|| name.to_string())
        })
        .collect()
}

/// A chapter's expansion with its snapshot URLs relative to the chapter's page instead of the
/// book's root: `chapter` is the chapter's path inside `src/` (`vol1/lab01.md` → `../`).
/// mdBook's print page rewrites the URLs of images back to its own place.
pub fn rebase_snapshots(content: String, chapter: &Path) -> String {
    let depth = chapter.components().count().saturating_sub(1);
    if depth == 0 || !content.contains(SNAP_IMG) {
        return content;
    }
    let to = SNAP_IMG.replace("src=\"", &format!("src=\"{}", "../".repeat(depth)));
    content.replace(SNAP_IMG, &to)
}

/// Removes the snapshot files of `<assets_dir>/snap/` that are not in `keep` (the names every
/// chapter of the current build references: [`snapshots_in`] of each expansion, cached or
/// not), and leftovers of interrupted writes. Returns how many files it removed. Call it only
/// with the whole book's set: a file missing from `keep` is deleted.
pub fn prune_snapshots(
    assets_dir: &Path,
    keep: &std::collections::HashSet<String>,
) -> std::io::Result<usize> {
    let dir = assets_dir.join(SNAP_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = name.ends_with(".svg") || name.ends_with(".tmp");
        if ours && !keep.contains(&name) && e.file_type()?.is_file() {
            std::fs::remove_file(e.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod snapshot_tests {
    use super::*;

    #[test]
    fn snapshots_are_written_once_found_rebased_and_pruned() {
        let dir = std::env::temp_dir().join(format!("labs-snap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let snap = dir.join(SNAP_DIR);
        let (a, b) = ("<svg>a</svg>", "<svg>b</svg>");
        let (na, nb) = (snapshot_name(a), snapshot_name(b));
        assert_ne!(na, nb);
        assert_eq!(na, snapshot_name(a), "content-addressed");
        write_snapshot_in(&snap, &na, a).unwrap();
        let t0 = std::fs::metadata(snap.join(&na))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_snapshot_in(&snap, &na, a).unwrap();
        let t1 = std::fs::metadata(snap.join(&na))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(t0, t1, "an unchanged snapshot is not rewritten");
        write_snapshot_in(&snap, &nb, b).unwrap();

        let page = format!("x {SNAP_IMG}{na}\" alt=\"\"> y {SNAP_IMG}{nb}\" alt=\"\">");
        assert_eq!(snapshots_in(&page), vec![na.clone(), nb.clone()]);
        assert_eq!(rebase_snapshots(page.clone(), Path::new("intro.md")), page);
        let deep = rebase_snapshots(page, Path::new("vol1/lab01.md"));
        assert!(
            deep.contains(&format!("src=\"../labs-assets/snap/{na}\"")),
            "{deep}"
        );
        assert_eq!(snapshots_in(&deep).len(), 2);

        std::fs::write(snap.join("keep.txt"), "not ours").unwrap();
        let keep = std::collections::HashSet::from([nb.clone()]);
        assert_eq!(prune_snapshots(&dir, &keep).unwrap(), 1);
        assert!(!snap.join(&na).exists() && snap.join(&nb).exists());
        assert!(
            snap.join("keep.txt").exists(),
            "only snapshot files are pruned"
        );
        assert_eq!(prune_snapshots(&dir.join("none"), &keep).unwrap(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
