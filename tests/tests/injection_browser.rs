//! Injection, end to end: a real book whose chapter carries script payloads in its directives'
//! text fields, built by mdBook 0.5 with `mdbook-labs`, opened in Chromium. Nothing runs, no
//! link has a script URL, and mdBook's `{{#include}}` never reads a build-machine file.

use std::path::Path;

use labs_tests::{Browser, book_dir, copy_dir, serve};

/// No double quote or backslash, so it fits in any TOML basic string. Each part would set
/// `window.__pwned` if it ever ran.
const PAYLOAD: &str = "<img src=x onerror=window.__pwned=1> [l](javascript:window.__pwned=2) \
<javascript:window.__pwned=3> <script>window.__pwned=4</script> {{{{#include /etc/hostname}}}} ";

/// The text fields of the chapter's directives that get the payload prepended.
const FIELDS: &[&str] = &[
    "question", "text", "feedback", "explain", "body", "message", "label", "note", "title", "why",
];

#[test]
fn payloads_in_directive_text_never_run_in_chromium() {
    let (Some(_), Some(mdbook)) = (book_dir(), std::env::var_os("LABS_MDBOOK")) else {
        eprintln!("skipped: run `cargo xtask test`");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let pre = root.join("target/release/mdbook-labs");
    assert!(pre.exists(), "cargo xtask builds the preprocessor first");
    let dir = std::env::temp_dir().join(format!("labs-injection-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("theme"), &dir.join("theme"));
    copy_dir(&root.join("src/labs-assets"), &dir.join("src/labs-assets"));
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Injection\"\n[preprocessor.labs]\ncommand = \"{}\"\nbefore = [\"links\"]\n\
             [output.html]\nadditional-css = [\"theme/labs.css\"]\nadditional-js = [\"theme/labs-loader.js\"]\n",
            pre.display()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/SUMMARY.md"), "[Lab 02](lab02.md)\n").unwrap();
    let chapter = std::fs::read_to_string(root.join("src/vol1/lab02.md")).unwrap();
    let mut planted = 0;
    let mut out = String::new();
    let mut after_triple = false;
    for line in chapter.lines() {
        let mut line = line.to_string();
        if after_triple {
            line = format!("{PAYLOAD}{line}");
            after_triple = false;
        }
        for f in FIELDS {
            if line.starts_with(&format!("{f} = \"\"\"")) {
                after_triple = true;
                planted += 1;
            } else if let Some(rest) = line.strip_prefix(&format!("{f} = \"")) {
                line = format!("{f} = \"{PAYLOAD}{rest}");
                planted += 1;
            }
            let inline = format!("{{ {f} = \"");
            planted += line.matches(&inline).count();
            line = line.replace(&inline, &format!("{{ {f} = \"{PAYLOAD}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let chapter = out;
    assert!(planted >= 20, "payloads planted in {planted} fields");
    std::fs::write(dir.join("src/lab02.md"), chapter).unwrap();
    let out = std::process::Command::new(mdbook)
        .arg("build")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the chapter with payloads builds: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.join("book/lab02.html")).unwrap();
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    assert!(
        host.trim().is_empty() || !html.contains(host.trim()),
        "no build-machine file is included"
    );
    // The page may show the author's `{{#include ...}}` as text: mdBook 0.5 decodes the
    // `&#123;` our output carries when it renders HTML, after every preprocessor has run.
    // What matters is that the links preprocessor never saw it as syntax: no file was read.

    let base = serve(&dir.join("book"));
    let b = Browser::start(true);
    b.goto(&format!("{base}lab02.html"));
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets to start",
    );
    // Reveal everything the payloads sit in, then click every link of the lab.
    for (id, key) in [("act1", "B"), ("act2", "C")] {
        b.click(&format!("input[name='lab-v1-02-pred-{id}'][value='{key}']"));
        b.click(&format!("#lab-v1-02-pred-{id} .lab-lock"));
    }
    let hrefs = b.js(
        "const links = [...document.querySelectorAll('.lab-page a[href]')].map(a => a.getAttribute('href'))
           .filter(u => /^\\s*(javascript|vbscript|data):/i.test(u));
         // Images may be data URIs of images (the SVG snapshots); nothing else.
         const imgs = [...document.querySelectorAll('.lab-page img[src]')].map(i => i.getAttribute('src'))
           .filter(u => /^\\s*(javascript|vbscript):/i.test(u) || (/^\\s*data:/i.test(u) && !/^data:image\\//.test(u)));
         const bad = links.concat(imgs);
         document.querySelectorAll('.lab-page a[href]').forEach(a => { if (!a.href.startsWith('http')) a.click(); });
         return bad;",
    );
    assert_eq!(
        hrefs,
        serde_json::json!([]),
        "no script URL in any link or image"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        b.js("return typeof window.__pwned"),
        "undefined",
        "no payload ran"
    );
    assert_eq!(
        // Only the preload line the preprocessor itself writes at the top of each lab.
        b.js("return [...document.querySelectorAll('.lab-page script')].filter(s => s.textContent !== 'window.labsPreload && labsPreload()').length"),
        0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
