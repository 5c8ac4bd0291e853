//! `cargo xtask fuzz [N]`: the long fuzz run. Runs the seeded targets of `tests/tests/fuzz.rs`
//! (templates, conditions and expressions, whole chapters) with N inputs each (default 10^6)
//! in release, with a per-input time limit, and writes their `FUZZ` summary lines into
//! FUZZING.md. A panic or a hang fails the run and leaves FUZZING.md as it was.

use std::process::Command;

use crate::{Result, cargo, output, root};

/// The per-input time limit: far above the slowest input seen (≈ 10 ms alone), with room for a
/// busy machine descheduling the run for a while (1 s was hit by a 2-core machine under a
/// full test run), and still far below a hang, which never ends.
const LIMIT_MS: u64 = 10_000;

pub(crate) fn run(inputs: Option<&str>) -> Result {
    let inputs: u64 = match inputs {
        None => 1_000_000,
        Some(n) => n
            .replace('_', "")
            .parse()
            .map_err(|_| format!("cargo xtask fuzz: `{n}` is not a number of inputs"))?,
    };
    // The commit fuzzed: taken before the run, which takes minutes.
    let commit = output(
        Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .current_dir(root()),
    )
    .map(|s| s.trim().to_string())
    .unwrap_or_default();
    eprintln!("fuzzing {inputs} inputs per target (release build; a few minutes)");
    let mut cmd = Command::new(cargo());
    cmd.args([
        "test",
        "--release",
        "-p",
        "labs-tests",
        "--test",
        "fuzz",
        "--",
        "--nocapture",
    ])
    .env("FUZZ_ITERS", inputs.to_string())
    .env("FUZZ_LIMIT_MS", LIMIT_MS.to_string());
    // libtest prints failures (the panicking inputs) on stdout: show it all on failure.
    let run = cmd
        .current_dir(root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start cargo test: {e}"))?;
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    if !run.status.success() {
        return Err(format!("the fuzz run failed ({}):\n{out}", run.status));
    }
    let rows: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("FUZZ target="))
        .map(row)
        .collect();
    if rows.len() != 3 {
        return Err(format!(
            "expected 3 FUZZ lines, found {}:\n{out}",
            rows.len()
        ));
    }
    let md = format!(
        "# Fuzzing\n\n\
         Written by `cargo xtask fuzz` (commit {commit}): the seeded targets of\n\
         `tests/tests/fuzz.rs`, {inputs} inputs each, in release, with a watchdog that stops the run\n\
         on any input that takes longer than {LIMIT_MS} ms. A panic or a hang fails the run; CI runs the\n\
         same targets with 20,000 / 20,000 / 2,000 inputs on every `cargo xtask test`.\n\n\
         - **templates**: random strings of the fragments that broke the parsers (braces, colons,\n  \
           formats, multi-byte characters, numbers at the edge of f64) as `{{name:fmt}}` templates:\n  \
           parsed, rendered, fixed values resolved and re-parsed, and as a hand-edited `data-f` format.\n\
         - **conditions**: the same strings as conditions and ledger expressions: parsed, checked\n  \
           against a model, evaluated, and round-tripped through the JSON the browser reads.\n\
         - **chapters**: the golden fixture chapters mutated by random insertions and deletions, run\n  \
           through `chapter::process`, every diagnostic rendered with its snippet and caret.\n\n\
         \"Accepted\" counts the inputs that parsed (templates, conditions) or built without a\n\
         diagnostic (chapters); the rest were refused with an error, as they should be.\n\n\
         | target | inputs | accepted | panics | hangs | slowest input | total |\n\
         |---|---:|---:|---:|---:|---:|---:|\n{}\n",
        rows.join("\n")
    );
    let path = root().join("FUZZING.md");
    std::fs::write(&path, md).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote FUZZING.md");
    Ok(())
}

/// One table row from `templates inputs=… accepted=… panics=… slowest_ms=… total_s=…`.
fn row(line: &str) -> String {
    let target = line.split_whitespace().next().unwrap_or("?");
    let field = |k: &str| {
        line.split_whitespace()
            .find_map(|p| p.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
            .unwrap_or("?")
            .to_string()
    };
    format!(
        "| {target} | {} | {} | {} | 0 | {} ms | {} s |",
        field("inputs"),
        field("accepted"),
        field("panics"),
        field("slowest_ms"),
        field("total_s")
    )
}
