//! Every example in AUTHORING.md builds: each ````markdown block is a chapter, or, after a
//! `<!-- model: ID -->` line, a set of directives checked against that model's header.

use std::path::Path;

/// The examples: (line of the block, chapter source).
fn examples() -> Vec<(usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../AUTHORING.md");
    let doc = std::fs::read_to_string(path).expect("AUTHORING.md");
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "````markdown" {
            let start = i;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i].trim() != "````" {
                body.push(lines[i]);
                i += 1;
            }
            let model = start
                .checked_sub(1)
                .and_then(|p| lines[p].strip_prefix("<!-- model: "))
                .and_then(|m| m.strip_suffix(" -->"));
            let mut src = String::new();
            if let Some(m) = model {
                src.push_str(&format!(
                    "# Example\n\n```lab header\nmodel = \"{m}\"\nvolume = 1\nnumber = 1\ntitle = \"Example\"\nsubtitle = \"An example.\"\nminutes = \"5\"\n```\n\n"
                ));
            }
            src.push_str(&body.join("\n"));
            src.push('\n');
            out.push((start + 1, src));
        }
        i += 1;
    }
    out
}

#[test]
fn every_authoring_example_builds() {
    let ex = examples();
    assert!(ex.len() >= 8, "found only {} examples", ex.len());
    let mut failures = Vec::new();
    for (line, src) in &ex {
        let out = mdbook_labs::chapter::process("AUTHORING.md", src, "doc");
        for d in &out.diagnostics {
            failures.push(format!(
                "example at AUTHORING.md:{line}:\n{}",
                d.render(src)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
