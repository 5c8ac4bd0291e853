//! The decisions table answers every **Issues** line of the fact catalogs in `../shared/labs/`.

use std::path::Path;

/// (lab id, number of issues) for every catalog section with an Issues line.
fn catalog_issues(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut lab = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## V") {
            lab = rest.split_whitespace().next().map(|id| format!("V{id}"));
        }
        if let (Some(id), Some(issues)) = (&lab, line.strip_prefix("**Issues:**")) {
            // Issues are separated by semicolons in the catalog.
            out.push((
                id.clone(),
                issues.split(';').filter(|s| !s.trim().is_empty()).count(),
            ));
        }
    }
    out
}

#[test]
fn every_issues_line_has_decisions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let shared = root.parent().unwrap().join("shared/labs");
    if !shared.exists() {
        eprintln!("skipped: {} is not present", shared.display());
        return;
    }
    let decisions = std::fs::read_to_string(root.join("physics/DECISIONS.md")).unwrap();
    let mut checked = 0;
    for vol in ["vol1.md", "vol2.md"] {
        let text = std::fs::read_to_string(shared.join(vol)).unwrap();
        for (id, issues) in catalog_issues(&text) {
            let rows = decisions
                .lines()
                .filter(|l| l.starts_with(&format!("| {id} |")))
                .count();
            assert!(
                rows >= 1,
                "{id} has {issues} catalog issue(s) but no row in physics/DECISIONS.md"
            );
            assert!(
                rows >= issues.min(3),
                "{id}: {issues} catalog issue(s) but only {rows} decision row(s)"
            );
            checked += 1;
        }
    }
    assert_eq!(
        checked, 34,
        "every lab section of both catalogs has an Issues line"
    );
}
