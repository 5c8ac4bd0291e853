//! Debug helper: print a model's outputs at its defaults, optionally overriding inputs.
//!
//! `DUMP=v1-13 SET=replicas=3,batch=32 cargo test -p physics dump -- --ignored --nocapture`

use crate::model::{InputKind, Value};

/// Prints every output of the model named by `DUMP` with the `SET` overrides applied.
#[test]
#[ignore]
fn dump() {
    let id = std::env::var("DUMP").unwrap_or_default();
    let set = std::env::var("SET").unwrap_or_default();
    if let Some(m) = super::find(&id) {
        let mut v = m.defaults();
        for kv in set.split(',').filter(|s| !s.is_empty()) {
            let (k, x) = kv.split_once('=').unwrap();
            let k: &'static str = Box::leak(k.to_string().into_boxed_str());
            let Some(def) = m.input(k) else {
                panic!("{id} has no input {k}");
            };
            // The input's kind decides how to read the text: a choice whose values look like
            // numbers ("8", "1e-6") is still a choice.
            let value = match def.kind {
                InputKind::Range { .. } => Value::Num(x.parse().expect("a number")),
                InputKind::Toggle { .. } => Value::Bool(x == "true"),
                InputKind::Choice { .. } => Value::Text(Box::leak(x.to_string().into_boxed_str())),
            };
            v.set(k, value);
        }
        for (n, x) in m.evaluate(&v).iter() {
            println!("{n} = {x:?}");
        }
    }
}
