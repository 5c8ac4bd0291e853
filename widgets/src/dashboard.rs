//! The ledger page (`lab dashboard`): every lab's record with its status, export and import
//! (with a per-lab preview and a schema check), and the printable report.
//!
//! Everything read from the ledger or from an imported file is written with `textContent`:
//! it is data, never markup. An import changes nothing until the student has chosen, for
//! every lab whose record differs, whether to keep theirs or take the file's.

use std::cell::RefCell;
use std::rc::Rc;

use render::from_json::FromJson;
use render::json;
use render::json::{Map, Value};
use render::spec::{DashLab, Widget, WidgetKind};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement};

use crate::dom::{self, all, one, set_class, set_text};
use crate::ledger::{self, Ledger, Persist, RECORD_VERSION};

/// The largest file an import reads (a full course is well under 200 kB).
const MAX_BYTES: usize = 2 << 20;

struct Dash {
    root: Element,
    built_by: String,
    labs: Vec<DashLab>,
    ledger: Ledger,
    /// The records of a previewed import, waiting for the student's choices.
    pending: Option<Map<String, Value>>,
}

pub(crate) fn hydrate(root: Element) -> Result<(), JsValue> {
    let raw = root.get_attribute("data-lab").unwrap_or_default();
    let w: Widget = json::parse(&raw)
        .map_err(|e| e.to_string())
        .and_then(|v| Widget::from_json(&v))
        .map_err(|e| JsValue::from_str(&format!("unreadable ledger page spec ({e})")))?;
    let WidgetKind::Dashboard {
        book,
        built_by,
        labs,
    } = w.kind
    else {
        return Err(JsValue::from_str("not a ledger page"));
    };
    let ledger = Ledger::open(&book);
    let _ = root.set_attribute("data-ledger-key", ledger.key());
    let d = Rc::new(RefCell::new(Dash {
        root: root.clone(),
        built_by,
        labs,
        ledger,
        pending: None,
    }));
    for sel in [
        ".lab-dash-export",
        ".lab-dash-md",
        ".lab-dash-print",
        ".lab-import-file",
        ".lab-import-text",
        ".lab-import-check",
    ] {
        if let Some(el) = one(&root, sel) {
            let _ = el.remove_attribute("disabled");
        }
    }
    wire(&d, &root);
    d.borrow().render();
    let _ = root.set_attribute("data-dash-ready", "");
    Ok(())
}

fn wire(d: &Rc<RefCell<Dash>>, root: &Element) {
    if let Some(b) = one(root, ".lab-dash-export") {
        let d = d.clone();
        dom::on(&b, "click", move |_| {
            let text = d.borrow().ledger.export_text();
            download(&text, "application/json", "mlsys-design-ledger.json");
        });
    }
    if let Some(b) = one(root, ".lab-dash-md") {
        let d = d.clone();
        dom::on(&b, "click", move |_| {
            let md = d.borrow().markdown();
            download(&md, "text/markdown", "mlsys-design-ledger-report.md");
        });
    }
    if let Some(b) = one(root, ".lab-dash-print") {
        dom::on(&b, "click", move |_| {
            if let Ok(w) = dom::window() {
                let _ = w.print();
            }
        });
    }
    if let Some(b) = one(root, ".lab-import-check") {
        let d = d.clone();
        let root = root.clone();
        dom::on(&b, "click", move |_| {
            let text = one(&root, ".lab-import-text")
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
                .map(|t| t.value())
                .unwrap_or_default();
            preview(&d, &text);
        });
    }
    if let Some(input) =
        one(root, ".lab-import-file").and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
    {
        let d = d.clone();
        let el = input.clone();
        dom::on(&input, "change", move |_| {
            let Some(file) = el.files().and_then(|f| f.get(0)) else {
                return;
            };
            if file.size() > MAX_BYTES as f64 {
                let msg = too_big(file.size() as usize);
                d.borrow().show_errors(&[msg]);
                return;
            }
            let d = d.clone();
            let done = Closure::<dyn FnMut(JsValue)>::new(move |t: JsValue| {
                preview(&d, &t.as_string().unwrap_or_default());
            });
            let _ = file.text().then(&done);
            done.forget();
        });
    }
    // Another tab may save a lab while this page is open.
    if let Ok(w) = dom::window() {
        let d = d.clone();
        dom::on(&w, "storage", move |_| {
            let mut dash = d.borrow_mut();
            dash.ledger.reload();
            dash.render();
        });
    }
}

fn too_big(n: usize) -> String {
    format!(
        "The file is too large ({} kB): a design ledger is at most {} kB. Nothing was imported.",
        n / 1024,
        MAX_BYTES / 1024
    )
}

/// Offers `text` as a file download (the ledger export, the report), from any page.
pub(crate) fn download(text: &str, mime: &str, name: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = dom::document().and_then(|d| d.create_element("a")) {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Checks an imported text. `Ok` holds its records; `Err` every reason it cannot be used.
pub(crate) fn validate(text: &str, known: &[&str]) -> Result<Map<String, Value>, Vec<String>> {
    if text.len() > MAX_BYTES {
        return Err(vec![too_big(text.len())]);
    }
    if text.trim().is_empty() {
        return Err(vec![
            "The file is empty: there is no ledger to import.".into(),
        ]);
    }
    let doc: Value = json::parse(text).map_err(|e| {
        vec![format!(
            "This is not a design ledger: it is not JSON ({e})."
        )]
    })?;
    let Some(labs) = doc.get("labs").and_then(Value::as_object) else {
        return Err(vec![
            "This is not a design ledger: it has no \"labs\" object.".into(),
        ]);
    };
    match doc.get("v") {
        Some(v) if v.as_u64().is_some_and(|v| v > 1) => {
            return Err(vec![format!(
                "This ledger was written by a newer version of the book (schema version {v}); this book reads version 1. Open it with the newer book."
            )]);
        }
        Some(v) if v.as_u64().is_none() => {
            return Err(vec![format!(
                "The schema version \"v\" is not a whole number: {v}."
            )]);
        }
        None => {
            return Err(vec![
                "This is not a design ledger: it has no schema version \"v\".".into(),
            ]);
        }
        _ => {}
    }
    let mut why = Vec::new();
    for (id, r) in labs {
        if !known.contains(&id.as_str()) {
            why.push(format!("Unknown lab \"{id}\": this book has no such lab."));
            continue;
        }
        let Some(rec) = r.as_object() else {
            why.push(format!("Lab {id}: the record is not an object."));
            continue;
        };
        match rec.get("v") {
            None => {}
            Some(v) => match v.as_u64() {
                Some(n) if n > RECORD_VERSION => why.push(format!(
                    "Lab {id}: the record was written by a newer version of the book (record version {n}; this book writes {RECORD_VERSION})."
                )),
                Some(_) => {}
                None => why.push(format!("Lab {id}: the record version \"v\" is not a whole number.")),
            },
        }
        match rec.get("fields") {
            Some(Value::Object(f)) => {
                for (k, v) in f {
                    if v.is_array() || v.is_object() {
                        why.push(format!(
                            "Lab {id}: field \"{k}\" has the wrong type (a list or an object; fields are numbers, texts, true/false or empty)."
                        ));
                    }
                }
            }
            _ => why.push(format!("Lab {id}: \"fields\" is missing or not an object.")),
        }
        match rec.get("state") {
            Some(Value::Object(s)) => {
                for k in ["inputs", "predictions", "checks", "reflections"] {
                    if s.get(k).is_some_and(|v| !v.is_object()) {
                        why.push(format!(
                            "Lab {id}: \"state.{k}\" has the wrong type (not an object)."
                        ));
                    }
                }
                if s.get("fired").is_some_and(|v| !v.is_array()) {
                    why.push(format!(
                        "Lab {id}: \"state.fired\" has the wrong type (not a list)."
                    ));
                }
            }
            _ => why.push(format!("Lab {id}: \"state\" is missing or not an object.")),
        }
        if !rec.get("updated").is_some_and(Value::is_string) {
            why.push(format!("Lab {id}: \"updated\" is missing or not a text."));
        }
    }
    if why.is_empty() {
        Ok(labs.clone())
    } else {
        Err(why)
    }
}

fn preview(d: &Rc<RefCell<Dash>>, text: &str) {
    let known: Vec<String> = d.borrow().labs.iter().map(|l| l.id.clone()).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    match validate(text, &known) {
        Err(why) => {
            d.borrow_mut().pending = None;
            d.borrow().show_errors(&why);
        }
        Ok(records) => {
            d.borrow_mut().ledger.reload();
            d.borrow_mut().pending = Some(records);
            show_preview(d);
        }
    }
}

fn el(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let e = doc.create_element(tag).expect("create element");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    e
}

fn when(r: &Value) -> String {
    let t = r.get("updated").and_then(Value::as_str).unwrap_or("");
    // `2026-12-06T12:00:00.000Z` → `2026-12-06 12:00 UTC`
    if t.len() >= 16 && t.is_char_boundary(16) {
        format!("{} UTC", t[..16].replace('T', " "))
    } else if t.is_empty() {
        "unknown time".into()
    } else {
        t.to_string()
    }
}

fn show_preview(d: &Rc<RefCell<Dash>>) {
    let Ok(doc) = dom::document() else { return };
    let dash = d.borrow();
    let Some(out) = one(&dash.root, ".lab-import-result") else {
        return;
    };
    out.set_text_content(None);
    let Some(records) = &dash.pending else { return };
    let table = el(&doc, "table", "lab-import-preview", "");
    let cap = el(
        &doc,
        "caption",
        "",
        "What this import would change, lab by lab",
    );
    let _ = table.append_child(&cap);
    let head = el(&doc, "tr", "", "");
    for h in ["Lab", "In this browser", "In the file", "Choice"] {
        let th = el(&doc, "th", "", h);
        let _ = th.set_attribute("scope", "col");
        let _ = head.append_child(&th);
    }
    let _ = table.append_child(&head);
    let mut conflicts = 0;
    let mut new = 0;
    for lab in &dash.labs {
        let Some(theirs) = records.get(&lab.id) else {
            continue;
        };
        let mine = dash.ledger.raw(&lab.id);
        let tr = el(&doc, "tr", "", "");
        let _ = tr.set_attribute("data-import-lab", &lab.id);
        let th = el(&doc, "th", "", &format!("{} {}", lab.id, lab.title));
        let _ = th.set_attribute("scope", "row");
        let _ = tr.append_child(&th);
        let _ = tr.append_child(&el(
            &doc,
            "td",
            "",
            &mine.map_or_else(|| "no record".to_string(), |m| format!("saved {}", when(m))),
        ));
        let _ = tr.append_child(&el(&doc, "td", "", &format!("saved {}", when(theirs))));
        let choice = el(&doc, "td", "", "");
        match mine {
            None => {
                new += 1;
                let _ = tr.set_attribute("data-import", "new");
                choice.set_text_content(Some("added (you have no record)"));
            }
            Some(m) if same(m, theirs) => {
                let _ = tr.set_attribute("data-import", "same");
                choice.set_text_content(Some("the same: nothing changes"));
            }
            Some(_) => {
                conflicts += 1;
                let _ = tr.set_attribute("data-import", "conflict");
                let fs = el(&doc, "fieldset", "lab-import-choice", "");
                let lg = el(&doc, "legend", "", &format!("{}: which record?", lab.id));
                let _ = fs.append_child(&lg);
                for (value, text) in [("mine", "keep mine"), ("theirs", "take the file's")] {
                    let label = el(&doc, "label", "", "");
                    if let Ok(input) = doc.create_element("input") {
                        let _ = input.set_attribute("type", "radio");
                        let _ = input.set_attribute("name", &format!("lab-import-{}", lab.id));
                        let _ = input.set_attribute("value", value);
                        let _ = label.append_child(&input);
                    }
                    let _ = label.append_with_str_1(&format!(" {text}"));
                    let _ = fs.append_child(&label);
                }
                let _ = choice.append_child(&fs);
            }
        }
        let _ = tr.append_child(&choice);
        let _ = table.append_child(&tr);
    }
    let summary = if conflicts > 0 {
        format!(
            "The file is a valid ledger. {new} lab record(s) are new here; {conflicts} differ from this browser's: choose for each which record to keep. Nothing changes until you apply."
        )
    } else {
        format!(
            "The file is a valid ledger. {new} lab record(s) are new here and none conflict. Nothing changes until you apply."
        )
    };
    let p = el(&doc, "p", "lab-import-summary", &summary);
    let _ = out.append_child(&p);
    let scroll = el(&doc, "div", "lab-dash-scroll", "");
    let _ = scroll.append_child(&table);
    let _ = out.append_child(&scroll);
    let apply = el(&doc, "button", "lab-import-apply", "Apply import");
    let _ = apply.set_attribute("type", "button");
    if conflicts > 0 {
        let _ = apply.set_attribute("disabled", "");
    }
    let cancel = el(&doc, "button", "lab-import-cancel", "Cancel");
    let _ = cancel.set_attribute("type", "button");
    let bar = el(&doc, "p", "", "");
    let _ = bar.append_child(&apply);
    let _ = bar.append_with_str_1(" ");
    let _ = bar.append_child(&cancel);
    let _ = out.append_child(&bar);
    drop(dash);
    // Apply is enabled once every conflicting lab has a choice.
    {
        let t = table.clone();
        let apply = apply.clone();
        dom::on(&table, "change", move |_| {
            let open = all(&t, "tr[data-import=conflict]")
                .iter()
                .any(|tr| one(tr, "input:checked").is_none());
            if open {
                let _ = apply.set_attribute("disabled", "");
            } else {
                let _ = apply.remove_attribute("disabled");
            }
        });
    }
    {
        let d = d.clone();
        let table = table.clone();
        dom::on(&apply, "click", move |_| apply_import(&d, &table));
    }
    {
        let d = d.clone();
        dom::on(&cancel, "click", move |_| {
            let mut dash = d.borrow_mut();
            dash.pending = None;
            if let Some(out) = one(&dash.root, ".lab-import-result") {
                out.set_text_content(Some("Import cancelled: nothing changed."));
            }
        });
    }
}

fn apply_import(d: &Rc<RefCell<Dash>>, table: &Element) {
    let mut dash = d.borrow_mut();
    let Some(records) = dash.pending.take() else {
        return;
    };
    let mut take = Map::new();
    let mut kept = 0;
    for tr in all(table, "tr[data-import-lab]") {
        let id = tr.get_attribute("data-import-lab").unwrap_or_default();
        let kind = tr.get_attribute("data-import").unwrap_or_default();
        let chosen = one(&tr, "input:checked")
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            .map(|i| i.value());
        let taken = match kind.as_str() {
            "new" => true,
            "conflict" => match chosen.as_deref() {
                Some("theirs") => true,
                Some(_) => false,
                // Never overwrite without a choice.
                None => {
                    dash.pending = Some(records);
                    return;
                }
            },
            _ => false,
        };
        if taken {
            if let Some(r) = records.get(&id) {
                take.insert(id, r.clone());
            }
        } else if kind == "conflict" {
            kept += 1;
        }
    }
    let n = take.len();
    dash.ledger.import(take);
    let saved = match &dash.ledger.persist {
        Persist::Saved => "and saved in this browser".to_string(),
        Persist::MemoryOnly(why) => format!("but kept in memory only ({why})"),
    };
    if let Some(out) = one(&dash.root, ".lab-import-result") {
        out.set_text_content(Some(&format!(
            "Imported {n} lab record(s) {saved}; kept {kept} of yours."
        )));
        set_class(&out, "lab-import-error", false);
    }
    dash.render();
}

/// One lab's status from its record: (word, class).
fn status(lab: &DashLab, rec: Option<&Value>) -> (String, &'static str) {
    let Some(r) = rec else {
        return ("not started".into(), "lab-dst-none");
    };
    if ledger::record_version(r) > RECORD_VERSION {
        return ("newer record (kept untouched)".into(), "lab-dst-newer");
    }
    let state = r.get("state");
    let locked = |id: &str| {
        state
            .and_then(|s| s.get("predictions"))
            .and_then(|p| p.get(id))
            .is_some()
    };
    let fired = state
        .and_then(|s| s.get("fired"))
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    let (mut word, class) = if lab.predictions.is_empty() {
        let done = r
            .get("fields")
            .and_then(Value::as_object)
            .is_some_and(|f| !f.is_empty() && f.values().all(|v| !v.is_null()));
        if done {
            ("complete".to_string(), "lab-dst-done")
        } else {
            ("started".to_string(), "lab-dst-started")
        }
    } else if lab.predictions.iter().all(|p| locked(&p.id)) {
        ("complete".to_string(), "lab-dst-done")
    } else if locked(&lab.predictions[0].id) {
        ("Act I locked".to_string(), "lab-dst-started")
    } else {
        ("started".to_string(), "lab-dst-started")
    };
    if fired {
        word.push_str(" · failure hit");
    }
    (word, class)
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "not yet".into(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            if x.fract() == 0.0 && x.abs() < 1e15 {
                format!("{x:.0}")
            } else {
                format!("{}", (x * 1e4).round() / 1e4)
            }
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Per prediction: (id, the lock, whether it was right).
fn predictions(lab: &DashLab, r: &Value) -> Vec<(String, Option<String>, Option<bool>)> {
    lab.predictions
        .iter()
        .map(|p| {
            let lock = r
                .get("state")
                .and_then(|s| s.get("predictions"))
                .and_then(|x| x.get(&p.id))
                .and_then(Value::as_str)
                .map(String::from);
            let right = lock.as_ref().map(|l| {
                if p.numeric {
                    match (l.trim().parse::<f64>(), p.correct.parse::<f64>()) {
                        (Ok(v), Ok(c)) => {
                            (v - c).abs()
                                <= p.tolerance.unwrap_or(0.1) * c.abs().max(f64::MIN_POSITIVE)
                        }
                        _ => false,
                    }
                } else {
                    *l == p.correct
                }
            });
            (p.id.clone(), lock, right)
        })
        .collect()
}

fn fired(r: &Value) -> Vec<String> {
    r.get("state")
        .and_then(|s| s.get("fired"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn model_note(lab: &DashLab, r: &Value) -> String {
    match r.get("model").and_then(Value::as_str) {
        Some(m) if m == lab.model => format!("model {m}"),
        Some(m) => format!("saved with model {m}; this book's model is {}", lab.model),
        None => format!("model {} (the record predates model versions)", lab.model),
    }
}

impl Dash {
    fn show_errors(&self, why: &[String]) {
        let Ok(doc) = dom::document() else { return };
        let Some(out) = one(&self.root, ".lab-import-result") else {
            return;
        };
        out.set_text_content(None);
        set_class(&out, "lab-import-error", true);
        let p = el(
            &doc,
            "p",
            "",
            "This file was not imported, and your ledger is unchanged:",
        );
        let _ = p.set_attribute("role", "alert");
        let _ = out.append_child(&p);
        let ul = el(&doc, "ul", "lab-import-reasons", "");
        for w in why.iter().take(20) {
            let _ = ul.append_child(&el(&doc, "li", "", w));
        }
        if why.len() > 20 {
            let _ = ul.append_child(&el(
                &doc,
                "li",
                "",
                &format!("and {} more problems", why.len() - 20),
            ));
        }
        let _ = out.append_child(&ul);
    }

    fn render(&self) {
        let Ok(doc) = dom::document() else { return };
        let mut done = 0;
        let mut started = 0;
        let mut newer = Vec::new();
        for lab in &self.labs {
            let rec = self.ledger.raw(&lab.id);
            let Some(tr) = one(&self.root, &format!("tr[data-dash-lab=\"{}\"]", lab.id)) else {
                continue;
            };
            let (word, class) = status(lab, rec);
            match class {
                "lab-dst-done" => done += 1,
                "lab-dst-started" => started += 1,
                "lab-dst-newer" => newer.push(lab.id.clone()),
                _ => {}
            }
            let _ = tr.set_attribute("data-status", &word);
            if let Some(c) = one(&tr, ".lab-dash-status") {
                c.set_text_content(None);
                let _ = c.append_child(&el(&doc, "span", &format!("lab-dst {class}"), &word));
            }
            if let Some(c) = one(&tr, ".lab-dash-when") {
                set_text(&c, &rec.map(when).unwrap_or_default());
            }
            if let Some(c) = one(&tr, ".lab-dash-fields") {
                let saved = rec.and_then(|r| r.get("fields")).and_then(Value::as_object);
                c.set_text_content(None);
                let ul = el(&doc, "ul", "lab-dash-fieldlist", "");
                for f in &lab.fields {
                    let li = el(&doc, "li", "", "");
                    let _ = li.append_child(&el(&doc, "code", "", f));
                    let v = saved
                        .and_then(|s| s.get(f))
                        .map_or_else(|| "not yet".to_string(), show_value);
                    let _ = li.append_with_str_1(&format!(": {v}"));
                    let _ = ul.append_child(&li);
                }
                let _ = c.append_child(&ul);
            }
        }
        if let Some(s) = one(&self.root, ".lab-dash-summary") {
            set_text(
                &s,
                &format!(
                    "{done} of {} labs complete, {started} started, {} not started.",
                    self.labs.len(),
                    self.labs.len() - done - started - newer.len()
                ),
            );
        }
        if let Some(n) = one(&self.root, ".lab-dash-notice") {
            let mut parts = Vec::new();
            if let Persist::MemoryOnly(why) = &self.ledger.persist {
                parts.push(format!(
                    "Your ledger is not being saved: {why}. Export it to keep a copy."
                ));
            }
            if let Some(t) = &self.ledger.notice {
                parts.push(t.clone());
            }
            if !newer.is_empty() {
                parts.push(format!(
                    "The record(s) of {} were written by a newer version of this book. They are kept untouched; this page cannot read them.",
                    newer.join(", ")
                ));
            }
            set_class(&n, "lab-notice", !parts.is_empty());
            set_text(&n, &parts.join(" "));
        }
        self.render_context();
        self.render_report(&doc);
    }

    /// The deployment context carried forward: what each lab recorded, the latest in course
    /// order, and how often each context was chosen.
    fn render_context(&self) {
        let mut seen: Vec<(String, String)> = Vec::new();
        for li in all(&self.root, ".lab-ctx-list li[data-ctx-lab]") {
            let lab = li.get_attribute("data-ctx-lab").unwrap_or_default();
            let field = li.get_attribute("data-ctx-field").unwrap_or_default();
            let v = self
                .ledger
                .record(&lab)
                .and_then(|r| r.get("fields").and_then(|f| f.get(&field)).cloned())
                .filter(|v| !v.is_null())
                .map(|v| show_value(&v));
            set_class(&li, "lab-ctx-set", v.is_some());
            if let Some(span) = one(&li, ".lab-ctx-v") {
                set_text(&span, v.as_deref().unwrap_or("not recorded"));
            }
            if let Some(v) = v {
                seen.push((lab, v));
            }
        }
        let Some(out) = one(&self.root, ".lab-ctx-summary") else {
            return;
        };
        let Some((lab, latest)) = seen.last() else {
            set_text(
                &out,
                "No lab has recorded a deployment context in this browser yet.",
            );
            return;
        };
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, v) in &seen {
            match counts.iter_mut().find(|c| c.0 == v) {
                Some(c) => c.1 += 1,
                None => counts.push((v, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let tally = counts
            .iter()
            .map(|(v, n)| format!("{v} in {n} lab{}", if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ");
        set_text(
            &out,
            &format!(
                "Carried forward: {latest} (the latest, from {lab}). Recorded so far: {tally}."
            ),
        );
    }

    fn render_report(&self, doc: &Document) {
        let Some(body) = one(&self.root, ".lab-report-body") else {
            return;
        };
        body.set_text_content(None);
        let _ = body.append_child(&el(doc, "p", "lab-report-meta", &self.meta()));
        let mut missing = Vec::new();
        for lab in &self.labs {
            let Some(r) = self.ledger.raw(&lab.id) else {
                missing.push(lab.id.clone());
                continue;
            };
            let sec = el(doc, "section", "lab-report-lab", "");
            let _ = sec.set_attribute("data-report-lab", &lab.id);
            let _ = sec.append_child(&el(doc, "h3", "", &format!("{} {}", lab.id, lab.title)));
            let (word, _) = status(lab, Some(r));
            let _ = sec.append_child(&el(
                doc,
                "p",
                "lab-report-meta",
                &format!("{word} · saved {} · {}", when(r), model_note(lab, r)),
            ));
            if ledger::record_version(r) > RECORD_VERSION {
                let _ = body.append_child(&sec);
                continue;
            }
            let r = ledger::migrate(r);
            let preds = predictions(lab, &r);
            if !preds.is_empty() {
                let _ = sec.append_child(&el(doc, "h4", "", "Predictions"));
                let ul = el(doc, "ul", "", "");
                for (id, lock, right) in preds {
                    let t = match (lock, right) {
                        (Some(l), Some(true)) => format!("{id}: {l}, right"),
                        (Some(l), _) => format!("{id}: {l}, not right"),
                        (None, _) => format!("{id}: not locked"),
                    };
                    let _ = ul.append_child(&el(doc, "li", "", &t));
                }
                let _ = sec.append_child(&ul);
            }
            let _ = sec.append_child(&el(doc, "h4", "", "Design decisions and results"));
            let ul = el(doc, "ul", "", "");
            if let Some(f) = r.get("fields").and_then(Value::as_object) {
                for (k, v) in f {
                    let _ = ul.append_child(&el(doc, "li", "", &format!("{k}: {}", show_value(v))));
                }
            }
            let _ = sec.append_child(&ul);
            let f = fired(&r);
            let _ = sec.append_child(&el(
                doc,
                "p",
                "",
                &if f.is_empty() {
                    "Failure states hit: none.".to_string()
                } else {
                    format!("Failure states hit: {}.", f.join(", "))
                },
            ));
            let _ = body.append_child(&sec);
        }
        if !missing.is_empty() {
            let _ = body.append_child(&el(
                doc,
                "p",
                "lab-report-meta",
                &format!("Not started: {}.", missing.join(", ")),
            ));
        }
    }

    fn meta(&self) -> String {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        format!(
            "Built by {} · ledger schema 1, records version {RECORD_VERSION} · ledger key {} · generated {}",
            self.built_by,
            self.ledger.key(),
            when(&json!({ "updated": now }))
        )
    }

    /// The report as Markdown. Texts from the ledger are data: Markdown's active characters
    /// are escaped so that a field cannot become a link or markup in a renderer.
    fn markdown(&self) -> String {
        let mut s = String::from("# Design ledger report\n\n");
        s.push_str(&format!("{}\n\n", md(&self.meta())));
        let mut missing = Vec::new();
        for lab in &self.labs {
            let Some(r) = self.ledger.raw(&lab.id) else {
                missing.push(lab.id.clone());
                continue;
            };
            let (word, _) = status(lab, Some(r));
            s.push_str(&format!("## {} {}\n\n", lab.id, md(&lab.title)));
            s.push_str(&format!(
                "{} · saved {} · {}\n\n",
                md(&word),
                md(&when(r)),
                md(&model_note(lab, r))
            ));
            if ledger::record_version(r) > RECORD_VERSION {
                continue;
            }
            let r = ledger::migrate(r);
            let preds = predictions(lab, &r);
            if !preds.is_empty() {
                s.push_str("Predictions:\n\n");
                for (id, lock, right) in preds {
                    s.push_str(&match (lock, right) {
                        (Some(l), Some(true)) => format!("- {}: {}, right\n", md(&id), md(&l)),
                        (Some(l), _) => format!("- {}: {}, not right\n", md(&id), md(&l)),
                        (None, _) => format!("- {}: not locked\n", md(&id)),
                    });
                }
                s.push('\n');
            }
            s.push_str("Design decisions and results:\n\n");
            if let Some(f) = r.get("fields").and_then(Value::as_object) {
                for (k, v) in f {
                    s.push_str(&format!("- {}: {}\n", md(k), md(&show_value(v))));
                }
            }
            let f = fired(&r);
            s.push_str(&format!(
                "\nFailure states hit: {}.\n\n",
                if f.is_empty() {
                    "none".to_string()
                } else {
                    md(&f.join(", "))
                }
            ));
        }
        if !missing.is_empty() {
            s.push_str(&format!("Not started: {}.\n", missing.join(", ")));
        }
        s
    }
}

/// JSON equality with numbers compared as numbers (`1000` and `1000.0` are one value: a file
/// that went through another JSON writer is still the same record).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Escapes Markdown's active characters.
fn md(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for c in t.chars() {
        if "\\`*_{}[]()<>#+!|~".contains(c) {
            o.push('\\');
        }
        o.push(if c == '\n' { ' ' } else { c });
    }
    o
}
