//! Injection: a payload in every author field of every directive kind must come out inert:
//! no mdBook preprocessor syntax (`{{#include ...}}`), no `javascript:`/`data:` link or image,
//! no raw `<script>`.

use std::path::Path;

/// Script, scheme and mdBook-include payloads. No quote or backslash, so the payload fits in
/// any TOML string (basic, literal, multi-line).
const PAYLOAD: &str = " {{{{#include /etc/hostname}}}} {{ #playground x.rs }} \
[l](javascript:alert(1)) <javascript:alert(2)> [m](JaVaScRiPt:alert(3)) \
[n](&#106;avascript:alert(4)) [v](vbscript:msgbox) ![i](data:text/html,x) \
![j](javascript:alert(5)) <script>alert(6)</script> <img src=x onerror=alert(7)>";

/// The byte offsets of the closing delimiter of every string literal in a TOML body.
fn string_ends(body: &str) -> Vec<usize> {
    let b = body.as_bytes();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = body[i..].starts_with(if q == b'"' { "\"\"\"" } else { "'''" });
                if triple {
                    let close = if q == b'"' { "\"\"\"" } else { "'''" };
                    let end = i + 3 + body[i + 3..].find(close).expect("closed");
                    ends.push(end);
                    i = end + 3;
                    continue;
                }
                i += 1;
                while i < b.len() && b[i] != q {
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                ends.push(i);
            }
            _ => {}
        }
        i += 1;
    }
    ends
}

/// The TOML bodies of the chapter's lab blocks, as byte ranges.
fn bodies(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut start = None;
    for line in src.split_inclusive('\n') {
        let t = line.trim();
        match start {
            None if t.starts_with("```lab") => start = Some(pos + line.len()),
            Some(s) if t.starts_with("```") => {
                out.push(s..pos);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    out
}

fn assert_inert(what: &str, html: &str) {
    // The one script the preprocessor writes itself: the widget preload on each lab page.
    let html = &html.replace("<script>window.labsPreload && labsPreload()</script>", "");
    let lower = html.to_ascii_lowercase();
    for bad in [
        "{{#",
        "{{ #",
        "<script",
        "href=\"javascript",
        "src=\"javascript",
        "href=\"vbscript",
        "href=\"data:",
        "src=\"data:text",
        "onerror=",
    ] {
        // `onerror=` may appear only as escaped text (`&lt;img ... onerror=...&gt;`).
        if bad == "onerror=" {
            assert!(
                !lower.contains("<img src=x onerror"),
                "{what}: raw <img onerror> in the output"
            );
            continue;
        }
        if let Some(i) = lower.find(bad) {
            let from = (0..=i.saturating_sub(200))
                .rev()
                .find(|&j| html.is_char_boundary(j))
                .unwrap_or(0);
            let excerpt: String = html[from..].chars().take(400).collect();
            panic!("{what}: output contains `{bad}`: …{excerpt}…");
        }
    }
}

#[test]
fn payload_in_every_author_field_is_inert() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chapters = [
        "../src/vol1/lab00.md",
        "../src/vol1/lab01.md",
        "../src/vol1/lab02.md",
        "../src/vol2/lab08.md",
        "fixtures/valid.md",
        "fixtures/status.md",
    ];
    let mut tried = 0;
    let mut accepted = 0;
    for ch in chapters {
        let src = std::fs::read_to_string(root.join(ch)).unwrap();
        for body in bodies(&src) {
            for end in string_ends(&src[body.clone()]) {
                let at = body.start + end;
                let mutated = format!("{}{PAYLOAD}{}", &src[..at], &src[at..]);
                let out = mdbook_labs::chapter::process(ch, &mutated, "inj");
                tried += 1;
                // A chapter with diagnostics fails the build: nothing of it is published.
                if out.diagnostics.is_empty() {
                    accepted += 1;
                    let field = &src[src[..at].rfind('\n').map_or(0, |i| i + 1)..at];
                    let what = format!("{ch}: field `{}`", field.trim());
                    assert_inert(&what, &out.content);
                    assert_eq!(
                        out.defused, 0,
                        "{what}: a directive emitted `{{{{` unescaped"
                    );
                }
            }
        }
    }
    // Most fields are text and take the payload; names, conditions and numbers reject it.
    assert!(
        tried > 100 && accepted > 50,
        "tried {tried}, accepted {accepted}"
    );
    eprintln!("injection: {tried} fields tried, {accepted} accepted the payload");
}

#[test]
fn author_markdown_outside_directives_is_untouched() {
    let src =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid.md"))
            .unwrap();
    let src = src.replace("Prose stays markdown.", "Prose {{#include ../x.md}} stays.");
    let out = mdbook_labs::chapter::process("src/valid.md", &src, "inj");
    assert!(out.diagnostics.is_empty());
    assert!(out.content.contains("Prose {{#include ../x.md}} stays."));
}
