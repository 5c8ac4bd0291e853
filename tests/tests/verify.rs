//! `mdbook-labs verify`: an untouched export of a whole course passes; each kind of tampering
//! is caught and named. The export (`tests/fixtures/ledger-course.json`) was saved by real
//! lab pages in Chromium (the `ledger_page` browser test writes it with `LABS_KEEP_LEDGER`).

use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_labs::verify::{LabSpec, Verdict, book_labs, check};
use render::spec::{FieldSource, WidgetKind};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture() -> Value {
    let p = root().join("tests/fixtures/ledger-course.json");
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn labs() -> Vec<LabSpec> {
    book_labs(&root().join("src")).unwrap()
}

fn verdict<'a>(vs: &'a [Verdict], lab: &str) -> &'a Verdict {
    vs.iter().find(|v| v.lab == lab).unwrap()
}

/// The first lab whose ledger has a field of this kind, and the field's name.
fn field_of(labs: &[LabSpec], doc: &Value, want: fn(&FieldSource) -> bool) -> (String, String) {
    for l in labs {
        for w in &l.widgets {
            if let WidgetKind::Ledger { fields } = w {
                for f in fields {
                    let saved = &doc["labs"][&l.id]["fields"][&f.name];
                    if want(&f.source) && !saved.is_null() {
                        return (l.id.clone(), f.name.clone());
                    }
                }
            }
        }
    }
    panic!("no such field")
}

#[test]
fn an_untouched_export_passes() {
    let labs = labs();
    let doc = fixture();
    let vs = check(&doc.to_string(), &labs).unwrap();
    assert_eq!(vs.len(), 34);
    for v in &vs {
        assert_eq!(v.result, "ok", "{}: {:?}", v.lab, v.problems);
    }
}

/// Each tampering: what it does, and the words the verdict must contain.
#[test]
fn every_kind_of_tampering_is_caught() {
    let labs = labs();
    let base = fixture();
    let (c_lab, c_field) = field_of(&labs, &base, |s| matches!(s, FieldSource::Correct(_)));
    let (v_lab, v_field) = field_of(&labs, &base, |s| matches!(s, FieldSource::Value(_)));
    let (p_lab, p_field) = field_of(&labs, &base, |s| matches!(s, FieldSource::Prediction(_)));
    let (f_lab, f_field) = field_of(&labs, &base, |s| matches!(s, FieldSource::Fired(_)));
    let range_input = |lab: &str| {
        physics::labs::find(lab)
            .unwrap()
            .inputs
            .iter()
            .find(|i| matches!(i.kind, physics::model::InputKind::Range { .. }))
            .map(|i| i.name)
            .unwrap()
    };
    let v_input = range_input(&v_lab);
    type Tamper = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, String, Tamper, &str)> = vec![
        (
            "a flipped correctness flag",
            c_lab.clone(),
            Box::new({
                let (l, f) = (c_lab.clone(), c_field.clone());
                move |d: &mut Value| {
                    let v = d["labs"][&l]["fields"][&f].as_bool().unwrap();
                    d["labs"][&l]["fields"][&f] = json!(!v);
                }
            }),
            "correctness flag the answer does not earn",
        ),
        (
            "an edited result",
            v_lab.clone(),
            Box::new({
                let (l, f) = (v_lab.clone(), v_field.clone());
                move |d: &mut Value| {
                    let x = &d["labs"][&l]["fields"][&f];
                    let new = match x {
                        Value::Number(n) => json!(n.as_f64().unwrap() * 1.5 + 1.0),
                        Value::Bool(b) => json!(!b),
                        _ => json!("edited"),
                    };
                    d["labs"][&l]["fields"][&f] = new;
                }
            }),
            "a result the saved inputs cannot produce",
        ),
        (
            "a missing field",
            v_lab.clone(),
            Box::new({
                let (l, f) = (v_lab.clone(), v_field.clone());
                move |d: &mut Value| {
                    d["labs"][&l]["fields"].as_object_mut().unwrap().remove(&f);
                }
            }),
            "is missing",
        ),
        (
            "an added field",
            v_lab.clone(),
            Box::new({
                let l = v_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l]["fields"]["bonus_points"] = json!(100);
                }
            }),
            "not one this lab saves",
        ),
        (
            "an impossible input",
            v_lab.clone(),
            Box::new({
                let l = v_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l]["state"]["inputs"][v_input] = json!(1e300);
                }
            }),
            "impossible input",
        ),
        (
            "an input that is not a control",
            v_lab.clone(),
            Box::new({
                let l = v_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l]["state"]["inputs"]["warp_drive"] = json!(9);
                }
            }),
            "unknown input `warp_drive`",
        ),
        (
            "a removed input",
            v_lab.clone(),
            Box::new({
                let l = v_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l]["state"]["inputs"]
                        .as_object_mut()
                        .unwrap()
                        .remove(v_input);
                }
            }),
            "is missing",
        ),
        (
            "a record from a newer book",
            c_lab.clone(),
            Box::new({
                let l = c_lab.clone();
                move |d: &mut Value| d["labs"][&l]["v"] = json!(99)
            }),
            "newer book",
        ),
        (
            "a record from another model version",
            c_lab.clone(),
            Box::new({
                let l = c_lab.clone();
                move |d: &mut Value| d["labs"][&l]["model"] = json!("0123456789abcdef")
            }),
            "saved against model version 0123456789abcdef",
        ),
        (
            "an impossible lock",
            p_lab.clone(),
            Box::new({
                let l = p_lab.clone();
                move |d: &mut Value| {
                    let preds = d["labs"][&l]["state"]["predictions"]
                        .as_object_mut()
                        .unwrap();
                    let k = preds.keys().next().unwrap().clone();
                    preds.insert(k, json!("Z"));
                }
            }),
            "impossible lock",
        ),
        (
            "a saved prediction that is not the lock",
            p_lab.clone(),
            Box::new({
                let (l, f) = (p_lab.clone(), p_field.clone());
                move |d: &mut Value| d["labs"][&l]["fields"][&f] = json!("Q")
            }),
            "not what the saved answers give",
        ),
        (
            "a flipped failure flag",
            f_lab.clone(),
            Box::new({
                let (l, f) = (f_lab.clone(), f_field.clone());
                move |d: &mut Value| {
                    let v = d["labs"][&l]["fields"][&f].as_bool().unwrap();
                    d["labs"][&l]["fields"][&f] = json!(!v);
                }
            }),
            "not what the saved answers give",
        ),
        (
            "a failure state that does not exist",
            f_lab.clone(),
            Box::new({
                let l = f_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l]["state"]["fired"] = json!(["meltdown"]);
                }
            }),
            "no failure state",
        ),
        (
            "a record of a lab that does not exist",
            "v9-99".into(),
            Box::new(|d: &mut Value| {
                d["labs"]["v9-99"] = json!({"fields": {}, "state": {}, "updated": "x"});
            }),
            "no lab `v9-99`",
        ),
        (
            "a record without its time",
            c_lab.clone(),
            Box::new({
                let l = c_lab.clone();
                move |d: &mut Value| {
                    d["labs"][&l].as_object_mut().unwrap().remove("updated");
                }
            }),
            "no `updated` time",
        ),
        (
            "a state that is not an object",
            c_lab.clone(),
            Box::new({
                let l = c_lab.clone();
                move |d: &mut Value| d["labs"][&l]["state"] = json!("trust me")
            }),
            "not an object",
        ),
        (
            "a ledger from a newer book",
            "*".into(),
            Box::new(|d: &mut Value| d["v"] = json!(2)),
            "newer book",
        ),
    ];
    assert!(cases.len() >= 10);
    for (what, lab, tamper, words) in &cases {
        let mut doc = base.clone();
        tamper(&mut doc);
        let vs = check(&doc.to_string(), &labs).unwrap();
        let v = verdict(&vs, lab);
        assert_ne!(v.result, "ok", "{what} passed");
        let said = v.problems.join("; ");
        assert!(
            said.contains(words),
            "{what}: wants {words:?}, says {said:?}"
        );
        // Only the tampered lab is flagged.
        for other in &vs {
            if other.lab != *lab && lab != "*" {
                assert_eq!(
                    other.result, "ok",
                    "{what} flagged {}: {:?}",
                    other.lab, other.problems
                );
            }
        }
    }
}

#[test]
fn files_that_are_not_ledgers_are_refused() {
    let labs = labs();
    for (text, words) in [
        ("{ nope", "not JSON"),
        ("[1, 2]", "no `labs` object"),
        (r#"{"labs":{}}"#, "no schema version"),
    ] {
        let e = check(text, &labs).unwrap_err();
        assert!(e.contains(words), "{text}: {e}");
    }
    let huge = "x".repeat((mdbook_labs::verify::MAX_BYTES + 1) as usize);
    assert!(check(&huge, &labs).unwrap_err().contains("at most"));
}

/// The command: a table for grading scripts and an exit code (0 consistent, 1 not, 2 not a
/// ledger).
#[test]
fn the_command_prints_a_table_and_exits_with_the_verdict() {
    let exe = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("mdbook-labs"))
        .unwrap();
    if !exe.exists() {
        eprintln!("skipped: {} is not built", exe.display());
        return;
    }
    let dir = std::env::temp_dir().join(format!("labs-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, fixture().to_string()).unwrap();
    let run = |f: &Path| {
        Command::new(&exe)
            .arg("verify")
            .arg(f)
            .arg("--book")
            .arg(root())
            .output()
            .unwrap()
    };
    let out = run(&good);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("lab\tresult\tproblems\n"));
    assert_eq!(table.lines().count(), 35);
    assert!(
        table
            .lines()
            .skip(1)
            .all(|l| l.split('\t').nth(1) == Some("ok"))
    );
    let mut bad = fixture();
    bad["labs"]["v1-01"]["fields"]
        .as_object_mut()
        .unwrap()
        .insert("act1_correct".into(), json!(true));
    bad["labs"]["v1-01"]["state"]["inputs"]["hardware"] = json!("quantum");
    let badf = dir.join("bad.json");
    std::fs::write(&badf, bad.to_string()).unwrap();
    let out = run(&badf);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("v1-01\tinconsistent\t"), "{table}");
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "hello").unwrap();
    assert_eq!(run(&junk).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
