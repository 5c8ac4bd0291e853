//! Debug helper: print a model's outputs at its defaults, optionally overriding inputs.
//!
//! `DUMP=v1-13 SET=replicas=3,batch=32 cargo test -p physics dump -- --ignored --nocapture`

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
            match x.parse::<f64>() {
                Ok(n) => v.set(k, crate::model::Value::Num(n)),
                Err(_) if x == "true" || x == "false" => {
                    v.set(k, crate::model::Value::Bool(x == "true"))
                }
                Err(_) => v.set(
                    k,
                    crate::model::Value::Text(Box::leak(x.to_string().into_boxed_str())),
                ),
            };
        }
        for (n, x) in m.evaluate(&v).iter() {
            println!("{n} = {x:?}");
        }
    }
}
