//! `mdbook-labs verify LEDGER.json [--book DIR]`: an instructor's check of a student's
//! exported design ledger. Nothing is signed: the check is the recomputation. For every lab
//! record the book's own chapter (read from `DIR/src` with this preprocessor's parsing, the
//! same specs the widgets read) says which field comes from which source; the lab's model is
//! evaluated natively at the record's saved inputs, every field is recomputed from its source
//! and compared with what the record says.
//!
//! Output: one tab-separated row per lab of the book and per unknown record
//! (`lab  result  problems`), `result` one of `ok`, `not-started`, `inconsistent`,
//! `unknown-lab`, `newer`; then a summary line on stderr. Exit code 0 when every record is
//! consistent, 1 when any is not, 2 when the file is not a ledger or the book cannot be read.
//!
//! [`book_labs`] (the book's labs and their widget specs) also feeds the ledger page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use physics::model::{InputKind, Value};
use render::env::Env;
use render::spec::{FieldSource, OptValue, Page, Widget, WidgetKind};
use serde_json::Value as Json;

/// The document schema version this book writes and reads.
pub const DOC_VERSION: u64 = 1;
/// The record schema version this book writes. Version 1 records (no `v`) are migrated on
/// read: they lack `v` and `model`, and are otherwise the same.
pub const RECORD_VERSION: u64 = 2;
/// The largest ledger accepted (34 labs fit in well under 1 MB).
pub const MAX_BYTES: u64 = 4 << 20;

/// A lab chapter of the book: its page spec and every widget spec it emits.
pub struct LabSpec {
    pub id: String,
    pub title: String,
    /// The chapter's path inside `src` (`vol1/lab01.md`).
    pub path: String,
    pub widgets: Vec<WidgetKind>,
    /// Fields of earlier labs it recalls: (lab, field).
    pub reads: Vec<(String, String)>,
}

/// Every lab chapter under `src`, in path order, each expanded by [`crate::chapter::process`].
pub fn book_labs(src: &Path) -> Result<Vec<LabSpec>, String> {
    let mut files = Vec::new();
    walk(src, &mut files).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if !text.contains("```lab header") {
            continue;
        }
        let rel = f
            .strip_prefix(src)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        let o = crate::chapter::process(&rel, &text, "verify");
        if o.ledger.lab.is_empty() && !o.content.contains("data-lab-page=") {
            continue;
        }
        let page = attrs(&o.content, " data-lab-page=\"")
            .into_iter()
            .find_map(|a| serde_json::from_str::<Page>(&a).ok());
        let Some(page) = page else { continue };
        let widgets = attrs(&o.content, " data-lab=\"")
            .into_iter()
            .filter_map(|a| serde_json::from_str::<Widget>(&a).ok())
            .map(|w| w.kind)
            .collect();
        out.push(LabSpec {
            id: page.lab,
            title: page.title,
            path: rel,
            widgets,
            reads: o
                .ledger
                .reads
                .iter()
                .map(|(l, f, _)| (l.clone(), f.clone()))
                .collect(),
        });
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    Ok(())
}

/// The (unescaped) values of every attribute that starts with `open` (`' data-lab="'`).
fn attrs(html: &str, open: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let Some(end) = rest.find('"') else { break };
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#123;", "{")
        .replace("&amp;", "&")
}

/// The verdict on one record.
#[derive(Debug, PartialEq)]
pub struct Verdict {
    pub lab: String,
    pub result: &'static str,
    pub problems: Vec<String>,
}

/// Checks a ledger's text against the book's labs. `Err` when the text is not a ledger.
pub fn check(text: &str, labs: &[LabSpec]) -> Result<Vec<Verdict>, String> {
    if text.len() as u64 > MAX_BYTES {
        return Err(format!(
            "the file is {} bytes; a design ledger is at most {MAX_BYTES} bytes",
            text.len()
        ));
    }
    let doc: Json =
        serde_json::from_str(text).map_err(|e| format!("not a design ledger: not JSON ({e})"))?;
    let Some(records) = doc.get("labs").and_then(Json::as_object) else {
        return Err("not a design ledger: no `labs` object".into());
    };
    let mut out = Vec::new();
    match doc.get("v").and_then(Json::as_u64) {
        None => return Err("not a design ledger: no schema version `v`".into()),
        Some(v) if v > DOC_VERSION => {
            return Ok(vec![Verdict {
                lab: "*".into(),
                result: "newer",
                problems: vec![format!(
                    "the ledger has schema version {v}, written by a newer book; this book reads version {DOC_VERSION}"
                )],
            }]);
        }
        Some(_) => {}
    }
    for spec in labs {
        match records.get(&spec.id) {
            None => out.push(Verdict {
                lab: spec.id.clone(),
                result: "not-started",
                problems: Vec::new(),
            }),
            Some(r) => out.push(check_record(spec, r)),
        }
    }
    for id in records.keys() {
        if !labs.iter().any(|l| l.id == *id) {
            out.push(Verdict {
                lab: id.clone(),
                result: "unknown-lab",
                problems: vec![format!("no lab `{id}` in this book")],
            });
        }
    }
    Ok(out)
}

fn check_record(spec: &LabSpec, r: &Json) -> Verdict {
    let mut problems = Vec::new();
    let verdict = |result, problems| Verdict {
        lab: spec.id.clone(),
        result,
        problems,
    };
    let Some(model) = physics::labs::find(&spec.id) else {
        return verdict("unknown-lab", vec!["no model for this lab".into()]);
    };
    let Some(rec) = r.as_object() else {
        return verdict("inconsistent", vec!["the record is not an object".into()]);
    };
    let version = match rec.get("v") {
        None => 1,
        Some(v) => match v.as_u64() {
            Some(v) => v,
            None => {
                return verdict(
                    "inconsistent",
                    vec!["the record's version `v` is not a number".into()],
                );
            }
        },
    };
    if version > RECORD_VERSION {
        return verdict(
            "newer",
            vec![format!(
                "record version {version} was written by a newer book; this book writes version {RECORD_VERSION}"
            )],
        );
    }
    let current = render::spec::model_version(model);
    match rec.get("model") {
        Some(Json::String(m)) if *m != current => problems.push(format!(
            "saved against model version {m}; this book's model is {current}"
        )),
        Some(Json::String(_)) => {}
        None | Some(Json::Null) if version < 2 => {}
        _ => problems.push("the record names no model version".into()),
    }
    if !rec.get("updated").is_some_and(Json::is_string) {
        problems.push("no `updated` time".into());
    }
    let (Some(fields), Some(state)) = (
        rec.get("fields").and_then(Json::as_object),
        rec.get("state").and_then(Json::as_object),
    ) else {
        problems.push("`fields` or `state` is missing or not an object".into());
        return verdict("inconsistent", problems);
    };
    let empty = serde_json::Map::new();
    let obj = |k: &str| state.get(k).and_then(Json::as_object).unwrap_or(&empty);

    // The saved inputs: each known, of its kind and inside its domain.
    let mut inputs = model.defaults();
    let saved_inputs = obj("inputs");
    for def in model.inputs {
        if !saved_inputs.contains_key(def.name) {
            problems.push(format!("input `{}` is missing", def.name));
        }
    }
    for (k, j) in saved_inputs {
        let Some(def) = model.input(k) else {
            problems.push(format!("unknown input `{k}`"));
            continue;
        };
        let v = match (def.kind, j) {
            (InputKind::Range { .. }, Json::Number(n)) => n.as_f64().map(Value::Num),
            (InputKind::Toggle { .. }, Json::Bool(b)) => Some(Value::Bool(*b)),
            (InputKind::Choice { options, .. }, Json::String(s)) => options
                .iter()
                .find(|o| o.value == s)
                .map(|o| Value::Text(o.value)),
            _ => None,
        };
        match v.and_then(|v| def.normalize(v).map(|n| (v, n))) {
            Some((v, n)) if same_value(v, n) => {
                inputs.set(def.name, n);
            }
            _ => problems.push(format!(
                "impossible input `{k}` = {j}: the control cannot take this value"
            )),
        }
    }
    let env = Env::eval(model, &inputs);

    let preds: Vec<_> = spec
        .widgets
        .iter()
        .filter_map(|w| match w {
            WidgetKind::Prediction {
                id,
                correct,
                options,
                tolerance,
                ..
            } => Some((id, correct, options, tolerance)),
            _ => None,
        })
        .collect();
    let checks: Vec<_> = spec
        .widgets
        .iter()
        .filter_map(|w| match w {
            WidgetKind::Check { id, correct, multi } => Some((id, correct, *multi)),
            _ => None,
        })
        .collect();
    let reflections: Vec<_> = spec
        .widgets
        .iter()
        .filter_map(|w| match w {
            WidgetKind::Reflection { id, correct } => Some((id, correct)),
            _ => None,
        })
        .collect();
    let failures: Vec<_> = spec
        .widgets
        .iter()
        .filter_map(|w| match w {
            WidgetKind::Failure { id, when, .. } => Some((id, when)),
            _ => None,
        })
        .collect();

    // Locks: each names a prediction of the chapter and is one it could have made.
    let locks = obj("predictions");
    for (k, j) in locks {
        let Some((_, _, options, tol)) = preds.iter().find(|p| p.0 == k) else {
            problems.push(format!(
                "a lock for `{k}`, which is no prediction of this lab"
            ));
            continue;
        };
        let ok = j.as_str().is_some_and(|s| {
            if tol.is_some() {
                s.trim().parse::<f64>().is_ok_and(f64::is_finite)
            } else {
                options.iter().any(|o| o.key == s)
            }
        });
        if !ok {
            problems.push(format!(
                "impossible lock `{k}` = {j}: not an answer the prediction offers"
            ));
        }
    }
    let check_state = obj("checks");
    let mut answered: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (k, j) in check_state {
        let Some((_, _, multi)) = checks.iter().find(|c| c.0 == k) else {
            problems.push(format!("an answer to `{k}`, which is no check of this lab"));
            continue;
        };
        let chosen: Option<Vec<String>> = j.get("chosen").and_then(Json::as_array).map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        });
        match chosen {
            Some(c) if !c.is_empty() && (*multi || c.len() == 1) => {
                answered.insert(k.as_str(), c);
            }
            _ => problems.push(format!("impossible answer to check `{k}`")),
        }
    }
    let refl = obj("reflections");
    for (k, j) in refl {
        if !reflections.iter().any(|r| r.0 == k) || !j.is_string() {
            problems.push(format!("impossible reflection `{k}` = {j}"));
        }
    }
    let fired: Vec<String> = match state.get("fired") {
        None => Vec::new(),
        Some(Json::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        Some(_) => {
            problems.push("`fired` is not a list".into());
            Vec::new()
        }
    };
    for f in &fired {
        if !failures.iter().any(|(id, _)| *id == f) {
            problems.push(format!(
                "fired `{f}`, which is no failure state of this lab"
            ));
        }
    }
    // A failure that holds at the saved inputs fired when the inputs were there.
    for (id, when) in &failures {
        if when.eval(&env) && !fired.contains(id) {
            problems.push(format!(
                "failure `{id}` holds at the saved inputs, but the record says it never fired"
            ));
        }
    }

    // Every declared field, recomputed from its source.
    let declared: Vec<_> = spec
        .widgets
        .iter()
        .filter_map(|w| match w {
            WidgetKind::Ledger { fields } => Some(fields),
            _ => None,
        })
        .flatten()
        .collect();
    for (k, _) in fields {
        if !declared.iter().any(|f| f.name == *k) {
            problems.push(format!("field `{k}` is not one this lab saves"));
        }
    }
    for f in &declared {
        let Some(saved) = fields.get(&f.name) else {
            problems.push(format!("field `{}` is missing", f.name));
            continue;
        };
        let want: Json = match &f.source {
            FieldSource::Value(n) => env.get(n).map_or(Json::Null, json_of),
            FieldSource::Prediction(id) => locks.get(id).cloned().unwrap_or(Json::Null),
            FieldSource::Correct(id) => {
                if let Some((_, correct, _, tol)) = preds.iter().find(|p| p.0 == id) {
                    locks
                        .get(id)
                        .and_then(Json::as_str)
                        .map_or(Json::Null, |chosen| {
                            Json::Bool(if tol.is_some() {
                                match (chosen.trim().parse::<f64>(), correct.parse::<f64>()) {
                                    (Ok(v), Ok(c)) => {
                                        (v - c).abs()
                                            <= tol.unwrap_or(0.1) * c.abs().max(f64::MIN_POSITIVE)
                                    }
                                    _ => false,
                                }
                            } else {
                                chosen == correct.as_str()
                            })
                        })
                } else if let Some((_, correct, _)) = checks.iter().find(|c| c.0 == id) {
                    answered.get(id.as_str()).map_or(Json::Null, |c| {
                        let mut a = c.clone();
                        let mut b = (*correct).clone();
                        a.sort();
                        b.sort();
                        Json::Bool(a == b)
                    })
                } else if let Some((_, correct)) = reflections.iter().find(|r| r.0 == id) {
                    refl.get(id.as_str())
                        .and_then(Json::as_str)
                        .map_or(Json::Null, |c| Json::Bool(c == correct.as_str()))
                } else {
                    Json::Null
                }
            }
            FieldSource::Check(id) => answered.get(id.as_str()).map_or(Json::Null, |c| {
                // Keys in option order, as the check saves them; the order the record
                // lists them in is the order they were saved in.
                Json::from(c.join(","))
            }),
            FieldSource::Reflection(id) => refl.get(id).cloned().unwrap_or(Json::Null),
            FieldSource::Fired(id) => Json::Bool(fired.contains(id)),
            FieldSource::Const(OptValue::Num(v)) => serde_json::json!(v),
            FieldSource::Const(OptValue::Text(t)) => Json::from(t.as_str()),
            FieldSource::Expr(e) => e.eval(&env).map_or(Json::Null, |v| serde_json::json!(v)),
            FieldSource::Text(t) => Json::from(render::template::render(
                &render::template::parse(t).unwrap_or_default(),
                &env,
            )),
        };
        if !same_json(saved, &want) {
            let what = match &f.source {
                FieldSource::Correct(_) => "a correctness flag the answer does not earn",
                FieldSource::Value(_) | FieldSource::Expr(_) | FieldSource::Text(_) => {
                    "a result the saved inputs cannot produce"
                }
                _ => "not what the saved answers give",
            };
            problems.push(format!(
                "field `{}` = {saved}, recomputed {want}: {what}",
                f.name
            ));
        }
    }
    let result = if problems.is_empty() {
        "ok"
    } else {
        "inconsistent"
    };
    verdict(result, problems)
}

fn same_value(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        (a, b) => a == b,
    }
}

fn json_of(v: Value) -> Json {
    match v {
        Value::Num(x) => serde_json::json!(x),
        Value::Bool(b) => Json::Bool(b),
        Value::Text(t) => Json::from(t),
    }
}

/// Equal, numbers within a relative 1e-9 (the widgets' WebAssembly and the native build may
/// differ in the last bits of a transcendental function).
fn same_json(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-300),
            _ => false,
        },
        _ => a == b,
    }
}

/// The rows for grading scripts: `lab\tresult\tproblems` (problems joined with `; `).
pub fn table(verdicts: &[Verdict]) -> String {
    let mut s = String::from("lab\tresult\tproblems\n");
    for v in verdicts {
        s.push_str(&format!(
            "{}\t{}\t{}\n",
            v.lab,
            v.result,
            v.problems.join("; ").replace(['\t', '\n'], " ")
        ));
    }
    s
}

/// `mdbook-labs verify LEDGER.json [--book DIR]`.
pub fn main(args: &[String]) -> ExitCode {
    let mut file = None;
    let mut book = PathBuf::from(".");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--book" => match it.next() {
                Some(d) => book = PathBuf::from(d),
                None => return usage("--book needs a directory"),
            },
            _ if file.is_none() => file = Some(PathBuf::from(a)),
            other => return usage(&format!("unexpected argument `{other}`")),
        }
    }
    let Some(file) = file else {
        return usage("which ledger? give the exported JSON file");
    };
    let too_big = std::fs::metadata(&file).is_ok_and(|m| m.len() > MAX_BYTES);
    let text = if too_big {
        // Never read a huge file into memory: report it as what it is.
        "x".repeat(MAX_BYTES as usize + 1)
    } else {
        match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("mdbook-labs verify: cannot read {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    };
    let labs = match book_labs(&book.join("src")) {
        Ok(l) if !l.is_empty() => l,
        Ok(_) => {
            eprintln!(
                "mdbook-labs verify: no lab chapters under {}",
                book.join("src").display()
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("mdbook-labs verify: {e}");
            return ExitCode::from(2);
        }
    };
    match check(&text, &labs) {
        Err(e) => {
            eprintln!("mdbook-labs verify: {}: {e}", file.display());
            ExitCode::from(2)
        }
        Ok(verdicts) => {
            print!("{}", table(&verdicts));
            let bad = verdicts
                .iter()
                .filter(|v| !matches!(v.result, "ok" | "not-started"))
                .count();
            let ok = verdicts.iter().filter(|v| v.result == "ok").count();
            eprintln!(
                "{ok} consistent, {bad} not consistent, {} not started",
                verdicts.len() - ok - bad
            );
            if bad == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("mdbook-labs verify: {why}\nusage: mdbook-labs verify LEDGER.json [--book DIR]");
    ExitCode::from(2)
}
