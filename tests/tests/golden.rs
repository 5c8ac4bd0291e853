//! Golden files: the diagnostics for malformed chapters and the HTML of a small valid one.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p labs-tests --test golden` and review the diff.

use std::path::Path;

fn check(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {}", path.display()));
    assert_eq!(
        actual, expected,
        "golden {name} differs (UPDATE_GOLDEN=1 to accept)"
    );
}

fn diagnostics(fixture: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture);
    let src = std::fs::read_to_string(&path).unwrap();
    let out = mdbook_labs::chapter::process(&format!("src/{fixture}"), &src, "golden");
    out.diagnostics
        .iter()
        .map(|d| d.render(&src))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn unknown_output_name() {
    let d = diagnostics("unknown_output.md");
    assert!(d.contains("src/unknown_output.md:13:"), "{d}");
    check("unknown_output.txt", &d);
}

#[test]
fn three_options() {
    let d = diagnostics("three_options.md");
    assert!(d.contains("needs exactly 4"), "{d}");
    check("three_options.txt", &d);
}

#[test]
fn keyed_answer_disagrees_with_the_model() {
    let d = diagnostics("wrong_answer.md");
    assert!(
        d.contains("does not match the model") && d.contains("option C"),
        "{d}"
    );
    check("wrong_answer.txt", &d);
}

#[test]
fn bad_toml() {
    let d = diagnostics("bad_toml.md");
    assert!(d.contains("src/bad_toml.md:14:"), "{d}");
    check("bad_toml.txt", &d);
}

#[test]
fn unreachable_and_default_failures_unknown_colour_and_kind() {
    let d = diagnostics("unreachable_failure.md");
    assert!(d.contains("never fires"), "{d}");
    assert!(d.contains("fires at the default inputs"), "{d}");
    assert!(d.contains("not a colour token"), "{d}");
    assert!(d.contains("did you mean `lab table`"), "{d}");
    check("unreachable_failure.txt", &d);
}

#[test]
fn text_output_compared_with_an_undeclared_value_or_as_free_text() {
    let d = diagnostics("undeclared_text_value.md");
    assert!(
        d.contains("`bound_new` never takes the value \"memory_bound\""),
        "{d}"
    );
    assert!(d.contains("`new_device` is free text"), "{d}");
    check("undeclared_text_value.txt", &d);
}

#[test]
fn badge_without_fail_text_and_doubled_fail_names() {
    let d = diagnostics("badge_without_fail_text.md");
    assert!(d.contains("a badge with `fail` needs `fail_text`"), "{d}");
    assert!(d.contains("`warn_text` is shown while `warn` holds"), "{d}");
    assert!(d.contains("`alert` is another name for `fail`"), "{d}");
    check("badge_without_fail_text.txt", &d);
}

#[test]
fn mixed_explicit_and_implicit_option_keys() {
    let d = diagnostics("mixed_option_keys.md");
    assert!(d.contains("this option has no `key` but others do"), "{d}");
    assert!(!d.contains("used twice"), "one error, not its echoes: {d}");
    check("mixed_option_keys.txt", &d);
}

/// Status levels, conditional notes and the concise forms: the markup the widgets and the
/// theme CSS read, with the state at the defaults already marked (`lab-on`) for no-JS pages.
#[test]
fn status_levels_callouts_and_concise_forms_html() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/status.md");
    let src = std::fs::read_to_string(&path).unwrap();
    let out = mdbook_labs::chapter::process("src/status.md", &src, "golden");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let h = &out.content;
    // At the defaults (ResNet-50 on the H100) the memory term binds and nothing OOMs.
    assert!(h.contains("<span class=\"lab-st lab-st-warn lab-on\" data-when=\"&#123;&quot;is&quot;:&quot;memory_bound&quot;}\">Memory-bound</span><span class=\"lab-st lab-st-fail\" data-when=\"&#123;&quot;is&quot;:&quot;oom&quot;}\">Out of memory</span>"));
    assert!(
        h.contains("Warning: Compute-bound"),
        "a warn badge without warn_text"
    );
    assert!(h.contains("lab-note lab-note-warn lab-note-when lab-on"));
    assert!(h.contains("lab-note lab-note-danger lab-note-when\""));
    assert!(h.contains("value=\"D\"> <span class=\"lab-option-key\">D</span>"));
    assert!(h.contains("Act I</div>"));
    assert!(h.contains("data-option=\"C\"><span class=\"lab-option-key\">C</span> Right: "));
    let (hw, ctx) = (
        h.find("lab-v1-01-in-hardware"),
        h.find("lab-v1-01-in-context"),
    );
    assert!(hw.is_some() && hw < ctx, "one control per input, in order");
    assert!(h.contains("lab-level-info"));
    check("status.html", h);
}

#[test]
fn check_whose_correct_key_is_not_an_option() {
    let d = diagnostics("check_bad_correct.md");
    assert!(d.contains("names option E, which does not exist"), "{d}");
    assert!(d.contains("src/check_bad_correct.md:16:11"), "{d}");
    check("check_bad_correct.txt", &d);
}

#[test]
fn multi_select_check_with_every_option_correct() {
    let d = diagnostics("check_all_correct.md");
    assert!(d.contains("every option is correct"), "{d}");
    check("check_all_correct.txt", &d);
}

#[test]
fn valid_chapter_html() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/valid.md");
    let src = std::fs::read_to_string(&path).unwrap();
    let out = mdbook_labs::chapter::process("src/valid.md", &src, "golden");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    // Author text is escaped; values are live spans holding the default value.
    assert!(out.content.contains("Fixture &lt;b&gt;&amp;&lt;/b&gt;"));
    assert!(out.content.contains(
        "<span class=\"lab-val\" data-v=\"compute_ratio\" data-f=\",.0f\">989,000</span>"
    ));
    check("valid.html", &out.content);
}

#[test]
fn mdbook_build_fails_loudly_on_a_bad_directive() {
    let Some(mdbook) = std::env::var_os("LABS_MDBOOK") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let pre = root.join("target/release/mdbook-labs");
    if !pre.exists() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("labs-bad-book-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Bad\"\n[preprocessor.labs]\ncommand = \"{}\"\n",
            pre.display()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/SUMMARY.md"), "[Bad](bad.md)\n").unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/wrong_answer.md"),
        dir.join("src/bad.md"),
    )
    .unwrap();
    let out = std::process::Command::new(mdbook)
        .arg("build")
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "mdbook must fail");
    assert!(stderr.contains("src/bad.md:16:11"), "{stderr}");
    assert!(stderr.contains("^"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plots_unknown_series_log_axis_at_zero_and_scenarios() {
    let d = diagnostics("bad_plots.md");
    assert!(
        d.contains("`waste_pct` is a number; a series is needed"),
        "{d}"
    );
    assert!(
        d.contains("`waste_histogram` is not an input or output"),
        "{d}"
    );
    assert!(d.contains("a log x axis cannot reach 0"), "{d}");
    assert!(d.contains("`curve` is not a plot kind"), "{d}");
    assert!(d.contains("no scenario `nowhere`"), "{d}");
    assert!(d.contains("is outside `mtbf1_h`'s range 1–100 h"), "{d}");
    check("bad_plots.txt", &d);
}

/// Option feedback prints fixed-scenario values fixed, and a timeline may name series
/// outputs (both were lost or rejected before the Vol 2 Lab 08 chapter used them).
#[test]
fn scenario_feedback_and_series_segments() {
    let src = r#"# T

```lab header
model = "v2-08"
volume = 2
number = 8
title = "T"
subtitle = "T"
minutes = "1"

[scenarios]
busy = { rho_pct = 99 }
```

```lab reflection
id = "r"
question = "Q"
correct = "A"

[[options]]
key = "A"
text = "a"
feedback = "servers {servers@defaults:.0f}, knee {rho_pct@busy:.0f}"

[[options]]
key = "B"
text = "b"
feedback = "b"

[[options]]
key = "C"
text = "c"
feedback = "c"

[[options]]
key = "D"
text = "d"
feedback = "d"
```

```lab plot
kind = "timeline"
alt = "A timeline."
rows = ["1", "2", "3", "4"]
segments = { row = "gantt_row", start = "gantt_start_h", end = "gantt_end_h", class = "gantt_class" }
classes = [{ label = "a", color = "blue" }]
```
"#;
    let out = mdbook_labs::chapter::process("src/t.md", src, "golden");
    let d: Vec<_> = out.diagnostics.iter().map(|d| d.render(src)).collect();
    assert!(d.is_empty(), "{d:?}");
    // The scenario value is fixed text (99), not a live span showing the default (95).
    assert!(out.content.contains("knee 99"), "{}", out.content);
}

/// A TOML error right after a multi-byte character: a diagnostic, not a panic in the caret.
#[test]
fn toml_error_after_a_non_ascii_character() {
    let d = diagnostics("non_ascii_toml.md");
    assert!(d.contains("src/non_ascii_toml.md:4:"), "{d}");
    check("non_ascii_toml.txt", &d);
}

/// Inputs that used to panic or hang the build, each now a diagnostic at its place.
#[test]
fn inputs_that_crashed_or_hung_the_build() {
    let d = diagnostics("crashes.md");
    assert!(d.contains("unexpected `≥`"), "{d}");
    assert!(d.contains("unknown format `.€`"), "{d}");
    assert!(d.contains("nests more than 32"), "{d}");
    assert!(d.contains("too large a number"), "{d}");
    assert!(d.contains("bar `Memory` has no `value`"), "{d}");
    assert!(d.contains("a log panel cannot reach 0"), "{d}");
    // TOML itself refuses a float that overflows, so no directive sees `1e400` as a number.
    assert!(d.contains("floating-point number overflowed"), "{d}");
    assert_eq!(
        d.matches("must go from a low to a higher number").count(),
        2,
        "{d}"
    );
    check("crashes.txt", &d);
}
