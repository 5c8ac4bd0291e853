//! The malformed-chapter corpus: `tests/corpus/<case>.md` is a chapter with one defect (or a
//! few, to show they are all reported), `tests/corpus/<case>.txt` its diagnostics exactly as
//! an author sees them (location, snippet, caret, help). A case must produce at least one
//! diagnostic (an error or a warning, which follows the errors) and must not panic. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p labs-tests --test corpus` and review the diff.

use std::path::Path;

#[test]
fn every_malformed_chapter_is_diagnosed_where_the_defect_is() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no corpus cases in {}", dir.display());
    let mut bad = Vec::new();
    for md in &cases {
        let name = md.file_name().unwrap().to_string_lossy().to_string();
        let src = std::fs::read_to_string(md).unwrap();
        let out = std::panic::catch_unwind(|| {
            mdbook_labs::chapter::process(&format!("src/{name}"), &src, "corpus")
        });
        let Ok(out) = out else {
            bad.push(format!("{name}: the preprocessor panicked"));
            continue;
        };
        if out.diagnostics.is_empty() && out.warnings.is_empty() {
            bad.push(format!("{name}: no diagnostic"));
            continue;
        }
        let actual: String = out
            .diagnostics
            .iter()
            .map(|d| d.render(&src))
            .chain(
                out.warnings
                    .iter()
                    .map(|w| mdbook_labs::chapter::render_warning(w, &src)),
            )
            .collect::<Vec<_>>()
            .join("\n");
        let golden = md.with_extension("txt");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&golden, &actual).unwrap();
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => bad.push(format!(
                "{name}: diagnostics differ (UPDATE_GOLDEN=1 to accept)\n--- expected\n{expected}\n--- actual\n{actual}"
            )),
            Err(_) => bad.push(format!("{name}: no golden {}", golden.display())),
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}
