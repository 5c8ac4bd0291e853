//! Inputs nested far deeper than any author writes are refused quickly, without overflowing
//! the stack (the random fuzz runs of these parsers are in `tests/tests/fuzz.rs`).

use physics::labs::v1_01;
use physics::model::Values;
use render::{Env, cond, expr};

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
