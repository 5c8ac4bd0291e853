//! A bounded, seeded fuzz run of the template, condition and expression parsers and their
//! renderers/evaluators: random strings built from the characters that have broken them
//! (braces, colons, dots, digits, operators, multi-byte characters) must never panic.
//! Deterministic (xorshift, fixed seed) so a failure reproduces; `FUZZ_ITERS` runs longer.

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
        (self.next() % n as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
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
        .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
        .collect()
}

#[test]
fn templates_conditions_and_expressions_never_panic() {
    let iters: usize = std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let env = Env::eval(&v1_01::MODEL, &Values::new());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut templates, mut conds, mut exprs) = (0, 0, 0);
    for _ in 0..iters {
        let s = random_text(&mut rng);
        // Templates: parse, render, resolve fixed values; formats directly (a hand-edited
        // `data-f` reaches `value` without the build's check).
        if let Ok(pieces) = template::parse(&s) {
            templates += 1;
            let _ = template::render(&pieces, &env);
            let _ = template::names(&pieces).count();
            let fixed =
                template::resolve_fixed(&pieces, |n, _, f| Some(template::value(&env, n, f)));
            assert!(
                template::parse(&fixed).is_ok(),
                "{s:?} resolved to {fixed:?}"
            );
        }
        let _ = template::parse_format(&s);
        let _ = template::value(&env, "t_mem_ms", &s);
        // Conditions: parse, check against the model, evaluate, and survive the JSON trip
        // to the browser.
        match cond::parse(&s) {
            Ok(c) => {
                conds += 1;
                let _ = c.check(&v1_01::MODEL);
                let _ = c.eval(&env);
                let json = serde_json::to_string(&c).unwrap();
                let back: cond::Cond = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("{s:?}: the browser cannot read {json}: {e}"));
                assert_eq!(back, c);
            }
            Err((at, _)) => assert!(at <= s.len() && s.is_char_boundary(at), "{s:?} at {at}"),
        }
        match expr::parse(&s) {
            Ok(e) => {
                exprs += 1;
                let _ = e.check(&v1_01::MODEL, &env);
                let _ = e.eval(&env);
                let json = serde_json::to_string(&e).unwrap();
                let back: expr::Expr = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("{s:?}: the browser cannot read {json}: {e}"));
                assert_eq!(back, e);
            }
            Err((at, _)) => assert!(at <= s.len() && s.is_char_boundary(at), "{s:?} at {at}"),
        }
    }
    // The generator reaches the parsers' success paths too, not only their errors.
    assert!(
        templates > iters / 20 && conds > 0 && exprs > 0,
        "{templates} {conds} {exprs}"
    );
}

#[test]
fn deep_inputs_are_refused_quickly() {
    let env = Env::eval(&v1_01::MODEL, &Values::new());
    for s in [
        "(".repeat(10_000) + "oom" + &")".repeat(10_000),
        "not ".repeat(20_000) + "oom",
        vec!["oom"; 20_000].join(" and "),
    ] {
        if let Ok(c) = cond::parse(&s) {
            let _ = c.eval(&env);
            let json = serde_json::to_string(&c).unwrap();
            assert!(serde_json::from_str::<cond::Cond>(&json).is_ok());
        }
    }
    for s in [
        "(".repeat(10_000) + "1" + &")".repeat(10_000),
        "-".repeat(20_000) + "1",
        vec!["1"; 20_000].join(" + "),
    ] {
        assert!(expr::parse(&s).is_err());
    }
}
