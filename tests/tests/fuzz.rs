//! Seeded fuzz runs of the three inputs an author (or a hand-edited page) controls: templates
//! (`{name:fmt}`), conditions and ledger expressions, and whole chapters. Each input must give
//! a value or a diagnostic: never a panic, never a hang. A watchdog stops the run on an input
//! that takes longer than `FUZZ_LIMIT_MS` (default 5,000) and prints it.
//!
//! CI runs a bounded number of inputs (deterministic: xorshift with a fixed seed, so a failure
//! reproduces); `cargo xtask fuzz` runs 10^6 per target in release and writes FUZZING.md from
//! the `FUZZ` lines these tests print. `FUZZ_ITERS` and `FUZZ_SEED` change the run.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use physics::labs::v1_01;
use physics::model::Values;
use render::{Env, cond, expr, template};

/// Marsaglia's xorshift64: tiny and good enough to pick fragments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// Runs `iters` inputs from `make` through `check`. A panic is caught and counted (the run
/// fails at the end, printing the first inputs that panicked); an input still running after
/// the limit aborts the process from a watchdog thread, printing the input, since a hang
/// cannot be caught. Prints one `FUZZ` summary line for `cargo xtask fuzz`.
fn fuzz(
    target: &str,
    default_iters: u64,
    mut make: impl FnMut(&mut Rng) -> String,
    mut check: impl FnMut(&str) -> bool,
) {
    let iters = env_num("FUZZ_ITERS", default_iters);
    let limit = Duration::from_millis(env_num("FUZZ_LIMIT_MS", 5_000));
    let seed = env_num("FUZZ_SEED", 0x2545_F491_4F6C_DD1D);
    let mut rng = Rng(seed.max(1));
    let current = Arc::new(Mutex::new(String::new()));
    let counter = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (current, counter, done) = (current.clone(), counter.clone(), done.clone());
        let target = target.to_string();
        std::thread::spawn(move || {
            let (mut seen, mut since) = (usize::MAX, Instant::now());
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
                let now = counter.load(Ordering::Relaxed);
                if now != seen {
                    (seen, since) = (now, Instant::now());
                } else if since.elapsed() > limit {
                    let input = current.lock().map(|s| s.clone()).unwrap_or_default();
                    eprintln!(
                        "FUZZ HANG target={target} input #{now} ran over {limit:?}:\n{input:?}"
                    );
                    std::process::abort();
                }
            }
        })
    };
    let (start, mut slowest, mut accepted) = (Instant::now(), Duration::ZERO, 0u64);
    let mut panics: Vec<String> = Vec::new();
    for i in 0..iters {
        let input = make(&mut rng);
        if let Ok(mut c) = current.lock() {
            c.clone_from(&input);
        }
        counter.store(i as usize, Ordering::Relaxed);
        let t = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(ok) => accepted += u64::from(ok),
            Err(_) => panics.push(input),
        }
        slowest = slowest.max(t.elapsed());
    }
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    println!(
        "FUZZ target={target} inputs={iters} accepted={accepted} panics={} slowest_ms={:.3} total_s={:.1} seed={seed:#x}",
        panics.len(),
        slowest.as_secs_f64() * 1e3,
        start.elapsed().as_secs_f64()
    );
    assert!(
        panics.is_empty(),
        "{target}: {} of {iters} inputs panicked; the first: {:?}",
        panics.len(),
        &panics[..panics.len().min(5)]
    );
    assert!(slowest < limit, "{target}: an input took {slowest:?}");
    // The generator reaches the parsers' success paths too, not only their errors.
    assert!(accepted > 0, "{target}: no input was accepted");
}

const TEXT_FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    ":",
    ".",
    ",",
    "@",
    "0",
    "1",
    "2",
    "9",
    "12",
    "13",
    "f",
    "e",
    "g",
    "x",
    "a",
    "_",
    "-",
    " ",
    "t_mem_ms",
    "compute_ratio",
    "oom",
    "binding",
    "context",
    "story",
    "é",
    "€",
    "≥",
    "😀",
    "—",
    "\u{a0}",
    "\u{85}",
    "(",
    ")",
    "not ",
    " and ",
    " or ",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "!",
    "\"",
    "true",
    "false",
    "1e400",
    "1e-400",
    "0.0001e-320",
    "1_000",
    "+",
    "*",
    "/",
    "\t",
    "\n",
];

fn random_text(rng: &mut Rng) -> String {
    let n = rng.below(24);
    (0..n)
        .map(|_| TEXT_FRAGMENTS[rng.below(TEXT_FRAGMENTS.len())])
        .collect()
}

#[test]
fn templates_never_panic() {
    let env = Env::eval(&v1_01::MODEL, &Values::new());
    fuzz("templates", 20_000, random_text, |s| {
        // A hand-edited `data-f` reaches `value` without the build's check.
        let _ = template::parse_format(s);
        let _ = template::value(&env, "t_mem_ms", s);
        let Ok(pieces) = template::parse(s) else {
            return false;
        };
        let _ = template::render(&pieces, &env);
        let _ = template::names(&pieces).count();
        let fixed = template::resolve_fixed(&pieces, |n, _, f| Some(template::value(&env, n, f)));
        assert!(
            template::parse(&fixed).is_ok(),
            "{s:?} resolved to {fixed:?}"
        );
        true
    });
}

#[test]
fn conditions_and_expressions_never_panic() {
    let env = Env::eval(&v1_01::MODEL, &Values::new());
    fuzz("conditions", 20_000, random_text, |s| {
        // Parse, check against the model, evaluate, and survive the JSON trip to the browser.
        let c = match cond::parse(s) {
            Ok(c) => {
                let _ = c.check(&v1_01::MODEL);
                let _ = c.eval(&env);
                let json = serde_json::to_string(&c).unwrap();
                let back: cond::Cond = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("{s:?}: the browser cannot read {json}: {e}"));
                assert_eq!(back, c);
                true
            }
            Err((at, _)) => {
                assert!(at <= s.len() && s.is_char_boundary(at), "{s:?} at {at}");
                false
            }
        };
        let e = match expr::parse(s) {
            Ok(e) => {
                let _ = e.check(&v1_01::MODEL, &env);
                let _ = e.eval(&env);
                let json = serde_json::to_string(&e).unwrap();
                let back: expr::Expr = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("{s:?}: the browser cannot read {json}: {e}"));
                assert_eq!(back, e);
                true
            }
            Err((at, _)) => {
                assert!(at <= s.len() && s.is_char_boundary(at), "{s:?} at {at}");
                false
            }
        };
        c || e
    });
}

const CHAPTER_FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    ":",
    ".€",
    "é",
    "—",
    "≥",
    "😀",
    "\"",
    "'",
    "\"\"\"",
    "[",
    "]",
    "=",
    "\n",
    " ",
    "(",
    ")",
    "not ",
    "0",
    "-1",
    "1e400",
    "0.0001e-320",
    "[0, 0]",
    "[10, 1]",
    "true",
    "\\",
    "#",
    "```",
    "log = true\n",
    "range = [0, 1]\n",
    "\nvalue = \"t_mem_ms\"\n",
    "\n[[panels.bars]]\nlabel = \"X\"\n",
    "{t_mem_ms:.2f}",
    "{x@story}",
    "oom",
];

fn mutate(rng: &mut Rng, src: &str) -> String {
    let mut s = src.to_string();
    for _ in 0..1 + rng.below(4) {
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        let at = bounds[rng.below(bounds.len())];
        if rng.below(3) == 0 {
            let end = bounds
                .iter()
                .copied()
                .find(|&b| b >= at + rng.below(12))
                .unwrap_or(s.len());
            s.replace_range(at..end, "");
        } else {
            s.insert_str(at, CHAPTER_FRAGMENTS[rng.below(CHAPTER_FRAGMENTS.len())]);
        }
    }
    s
}

#[test]
fn mutated_chapters_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let seeds: Vec<String> = ["valid.md", "status.md", "crashes.md", "bad_plots.md"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    let mut i = 0;
    fuzz(
        "chapters",
        2_000,
        |rng| {
            i += 1;
            mutate(rng, &seeds[i % seeds.len()])
        },
        |src| {
            let out = mdbook_labs::chapter::process("src/fuzz.md", src, "fuzz");
            for d in &out.diagnostics {
                let _ = d.render(src);
            }
            out.diagnostics.is_empty()
        },
    );
}
