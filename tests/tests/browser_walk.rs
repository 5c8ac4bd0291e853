//! A walk of every lab page in the built book, driven by the placeholders' specs rather than
//! by per-lab code. For each page:
//!
//! - each option of every prediction, in a fresh context per option (cleared storage), is
//!   locked and the reveal says "Correct" exactly for the keyed one, with no unfilled `{`;
//! - with everything locked on the keyed answers, no unfilled `{name}` / `{name:fmt}` remains
//!   in the visible text or in the text of any element;
//! - after a reload the ledger record and the locks survive (gates open, radios checked);
//! - every control moves across its range and the plots redraw (pixels and data table), sweep
//!   markers move;
//! - every failure state is driven through the real controls to the witness the build found
//!   (`witness` in its spec): the banner shows, and clears when the defaults come back;
//! - no console errors or failed requests;
//! - axe-core (`LABS_AXE_JS`, downloaded by `cargo xtask test`) before and after unlocking,
//!   in all five mdBook themes: no critical or serious violation inside our markup, and
//!   none in mdBook's chrome beyond [`KNOWN_MDBOOK`].
//!
//! Pages are shared among [`browsers`] headless browsers side by side, each reused from page
//! to page with cleared storage. Needs the built book (`LABS_BOOK_DIR`, set by `cargo xtask
//! test`) and Debian's chromium.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use labs_tests::axe::{Finding, axe};
use labs_tests::{Browser, axe_js, book_dir, serve};
use serde_json::{Value, json};

/// The walk and the timing must not share the 2 cores with each other: timings taken
/// beside another browser measure the contention, not the page.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

const KEY_END: &str = "\u{E010}";
const KEY_HOME: &str = "\u{E011}";

/// What the walk checked, for its summary line: reveals read, witnesses driven.
static REVEALS: AtomicUsize = AtomicUsize::new(0);
static WITNESSES: AtomicUsize = AtomicUsize::new(0);

/// Browsers that walk pages side by side (`LABS_WALK_BROWSERS`, default 2: CI has 2 cores).
fn browsers() -> usize {
    std::env::var("LABS_WALK_BROWSERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(2)
}

/// The lab pages of the book: every chapter HTML holding a lab page.
fn lab_pages(book: &std::path::Path) -> Vec<String> {
    let mut pages = Vec::new();
    for vol in ["vol1", "vol2"] {
        let Ok(dir) = std::fs::read_dir(book.join(vol)) else {
            continue;
        };
        let mut names: Vec<String> = dir
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html"))
            .collect();
        names.sort();
        for n in names {
            let html = std::fs::read_to_string(book.join(vol).join(&n)).unwrap_or_default();
            if html.contains("data-lab-page") {
                pages.push(format!("{vol}/{n}"));
            }
        }
    }
    pages
}

/// Opens a lab page in a fresh context: the storage the previous page left is cleared first.
fn fresh(b: &Browser, url: &str) {
    b.clear_storage();
    b.goto(url);
    ready(b);
}

/// In-page state: a hash of each plot's pixels, each plot's table text, each failure's state.
const STATE: &str = "const hash = c => { if (!c.width) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 8) h = (h * 31 + d[i] + 3 * d[i + 1] + 7 * d[i + 2]) | 0; return h; };
  const plots = [...document.querySelectorAll('.lab-plot')];
  return { px: plots.map(p => hash(p.querySelector('canvas'))),
    table: plots.map(p => p.querySelector('.lab-data tbody').textContent),
    current: plots.map(p => { const r = [...p.querySelectorAll('.lab-data tbody tr')].find(r => r.textContent.includes('(current)'));
      return r ? r.textContent : null; }),
    // How many different y values the curve has (a sweep that does not move the design at
    // the current settings draws one point many times, and its marker cannot move either).
    spread: plots.map(p => new Set([...p.querySelectorAll('.lab-data tbody tr')].filter(r => !r.textContent.includes('(')).map(r => r.cells[1] ? r.cells[1].textContent : '')).size),
    fail: [...document.querySelectorAll('.lab-failure')].map(f => [f.id, f.classList.contains('lab-on')]) };";

fn state(b: &Browser) -> Value {
    b.js(STATE)
}

fn ready(b: &Browser) {
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets to start",
    );
}

/// The widget specs of one kind on the page, as JSON.
fn specs(b: &Browser, kind: &str) -> Vec<Value> {
    let v = b.js(&format!(
        "return [...document.querySelectorAll('[data-lab]')].map(e => JSON.parse(e.dataset.lab)).filter(s => s.kind === '{kind}');"
    ));
    v.as_array().cloned().unwrap_or_default()
}

/// The predictions and concept checks, in document order (a later one may sit in the gate
/// of an earlier one).
fn locks(b: &Browser) -> Vec<Value> {
    let v = b.js(
        "return [...document.querySelectorAll('[data-lab]')].map(e => JSON.parse(e.dataset.lab)).filter(s => s.kind === 'prediction' || s.kind === 'check');",
    );
    v.as_array().cloned().unwrap_or_default()
}

fn lab_id(b: &Browser) -> String {
    b.js("return JSON.parse(document.querySelector('.lab-page').dataset.labPage).lab")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Unfilled template placeholders (`{name}`, `{name:fmt}`, `{name@scenario}`) in the visible
/// text under `root` and in the text of every element under it (hidden ones too; scripts
/// and styles are code, not text).
fn unfilled(b: &Browser, root: &str) -> Vec<String> {
    let script = "const re = /\\{[A-Za-z_][A-Za-z0-9_]*(@[A-Za-z0-9_-]+)?(:[^{}\\s]*)?\\}/g; const out = [];
      for (const r of document.querySelectorAll(ROOT)) {
        for (const m of (r.innerText || '').matchAll(re)) out.push('visible: ' + m[0]);
        const w = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(); n; n = w.nextNode()) {
          if (n.parentElement && n.parentElement.closest('script, style')) continue;
          for (const m of n.data.matchAll(re)) {
            const e = n.parentElement; out.push('in <' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + '>: ' + m[0]);
          }
        }
      }
      return [...new Set(out)];"
        .replace("ROOT", &json!(root).to_string());
    strings(&b.js(&script))
}

/// A JSON array of strings as strings (anything else is skipped).
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(String::from))
        .collect()
}

/// The live text of every reveal of prediction `id`.
fn reveal_texts(b: &Browser, id: &str) -> Vec<String> {
    let script = "const id = ID; return [...document.querySelectorAll('[data-lab]')].filter(e => { const s = JSON.parse(e.dataset.lab); return s.kind === 'reveal' && s.prediction === id; })
        .map(e => { const l = e.querySelector('.lab-reveal-live'); return l ? l.textContent : ''; });"
        .replace("ID", &json!(id).to_string());
    strings(&b.js(&script))
}

/// The answer option `i` of a prediction stands for, and whether it is the keyed one. A
/// numeric prediction has two: the model's value and ten times it. Past the last option,
/// the keyed answer.
fn choice(p: &Value, i: usize) -> (String, bool) {
    let correct = p["correct"].as_str().unwrap_or_default().to_string();
    if p["tolerance"].is_number() {
        if i == 1 {
            let x: f64 = correct.parse().unwrap_or(0.0);
            let wrong = if x == 0.0 { 1.0 } else { x * 10.0 };
            return (wrong.to_string(), false);
        }
        return (correct, true);
    }
    match p["options"].as_array().and_then(|o| o.get(i)) {
        Some(o) => {
            let key = o["key"].as_str().unwrap_or_default().to_string();
            let right = key == correct;
            (key, right)
        }
        None => (correct, true),
    }
}

fn options(p: &Value) -> usize {
    if p["tolerance"].is_number() {
        2
    } else {
        p["options"].as_array().map_or(0, Vec::len)
    }
}

/// Locks prediction `p` on `answer` and checks that its gate opens and that every reveal
/// says "Correct" exactly when `right`.
fn lock_prediction(b: &Browser, lab: &str, page: &str, p: &Value, answer: &str, right: bool) {
    let id = p["id"].as_str().unwrap_or_default();
    let el = format!("lab-{lab}-pred-{id}");
    if p["tolerance"].is_number() {
        b.js(&format!(
            "const i = document.querySelector(\"input[name='{el}']\"); i.value = '{answer}'; i.dispatchEvent(new Event('input', {{bubbles: true}})); i.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ));
    } else {
        b.click(&format!("input[name='{el}'][value='{answer}']"));
    }
    b.click(&format!("#{el} .lab-lock"));
    assert!(
        b.visible(&format!("#{el}-gate")),
        "{page}: locking {id} opens its instruments"
    );
    for text in reveal_texts(b, id) {
        REVEALS.fetch_add(1, Ordering::Relaxed);
        assert_eq!(
            text.starts_with("Correct"),
            right,
            "{page}: {id} locked on {answer} ({}) is revealed as: {text}",
            if right {
                "the keyed answer"
            } else {
                "not keyed"
            }
        );
    }
}

/// Locks a concept check on its keyed option(s).
fn lock_check(b: &Browser, lab: &str, page: &str, c: &Value) {
    let id = c["id"].as_str().unwrap_or_default();
    let el = format!("lab-{lab}-check-{id}");
    for k in c["correct"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        b.click(&format!("input[name='{el}'][value='{k}']"));
    }
    b.click(&format!("#{el} .lab-lock"));
    assert!(
        b.visible(&format!("#{el}-gate")),
        "{page}: checking {id} opens what follows"
    );
}

/// Locks every prediction on its option `i` (or the keyed answer past its last option) and
/// every concept check on its keyed answer, in document order.
fn lock_all_on(b: &Browser, lab: &str, page: &str, items: &[Value], i: usize) {
    for it in items {
        if it["kind"] == "check" {
            lock_check(b, lab, page, it);
        } else {
            let (answer, right) = choice(it, i);
            lock_prediction(b, lab, page, it, &answer, right);
        }
    }
    let left = unfilled(b, ".lab-reveal");
    assert!(
        left.is_empty(),
        "{page}: unfilled placeholders in the reveals (options #{i}): {left:?}"
    );
}

/// After a reload: the ledger record of this lab is still saved, every gate is still open,
/// and every prediction's radio is still checked on the answer it was locked on (option `i`).
fn check_reload(b: &Browser, lab: &str, page: &str, items: &[Value], i: usize) {
    let record = |b: &Browser| {
        b.js(&format!(
            "const k = document.querySelector('[data-ledger-key]').dataset.ledgerKey; const raw = localStorage.getItem(k);
             if (!raw) return null; const r = JSON.parse(raw).labs['{lab}']; return r ? r : null;"
        ))
    };
    let before = record(b);
    assert!(
        before.is_object(),
        "{page}: the ledger holds this lab's record after locking"
    );
    b.refresh();
    ready(b);
    let after = record(b);
    assert!(
        after.is_object(),
        "{page}: the ledger record survives a reload"
    );
    assert_eq!(
        before["state"], after["state"],
        "{page}: the saved state is the same after a reload"
    );
    for it in items {
        let id = it["id"].as_str().unwrap_or_default();
        let kind = if it["kind"] == "check" {
            "check"
        } else {
            "pred"
        };
        let el = format!("lab-{lab}-{kind}-{id}");
        assert!(
            b.visible(&format!("#{el}-gate")),
            "{page}: the gate of {id} is still open after a reload"
        );
        let keyed: Vec<String> = if kind == "check" {
            it["correct"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        } else if it["tolerance"].is_number() {
            Vec::new()
        } else {
            vec![choice(it, i).0]
        };
        for k in keyed {
            let checked = b.js(&format!(
                "const i = document.querySelector(\"input[name='{el}'][value='{k}']\"); return !!i && i.checked;"
            ));
            assert_eq!(
                checked,
                Value::Bool(true),
                "{page}: {id} is still locked on {k} after a reload"
            );
        }
    }
}

/// Every control of the page: range inputs by CSS selector, choice radios by name.
fn controls(b: &Browser) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let v = b.js(
        "const ranges = [...document.querySelectorAll('.lab-control input[type=range]')].map(i => i.name);
         const radios = {}; for (const i of document.querySelectorAll('.lab-control input[type=radio]')) (radios[i.name] ||= []).push(i.value);
         const selects = [...document.querySelectorAll('.lab-control select')].map(s => [s.name, [...s.options].map(o => o.value)]);
         return [ranges, Object.entries(radios), selects];",
    );
    let ranges = v[0]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(String::from))
        .collect();
    let mut choices: Vec<(String, Vec<String>)> = Vec::new();
    for group in v[1]
        .as_array()
        .into_iter()
        .flatten()
        .chain(v[2].as_array().into_iter().flatten())
    {
        let name = group[0].as_str().unwrap_or_default().to_string();
        let opts = group[1]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(String::from))
            .collect();
        choices.push((name, opts));
    }
    choices.dedup_by(|a, b| a.0 == b.0);
    (ranges, choices)
}

/// Which plots redrew and which tables changed, over the whole walk.
#[derive(Default)]
struct Seen {
    px_changed: Vec<bool>,
    table_changed: Vec<bool>,
}

impl Seen {
    fn note(&mut self, before: &Value, after: &Value) {
        let px = |s: &Value| s["px"].as_array().cloned().unwrap_or_default();
        let tb = |s: &Value| s["table"].as_array().cloned().unwrap_or_default();
        let (p0, p1, t0, t1) = (px(before), px(after), tb(before), tb(after));
        self.px_changed.resize(p1.len(), false);
        self.table_changed.resize(t1.len(), false);
        for i in 0..p1.len() {
            self.px_changed[i] |= p0.get(i) != p1.get(i);
            self.table_changed[i] |= t0.get(i) != t1.get(i);
        }
    }
}

/// Moves every control across its range and back: the plots redraw, sweep markers move.
fn move_controls(b: &Browser, page: &str) {
    let plots = specs(b, "plot");
    let mut seen = Seen::default();
    let start = state(b);
    seen.note(&start, &start);
    for (i, px) in start["px"].as_array().into_iter().flatten().enumerate() {
        assert_ne!(px.as_i64(), Some(0), "{page}: plot {i} has drawn pixels");
    }
    let (ranges, choices) = controls(b);
    for name in &ranges {
        let sel = format!("input[name='{name}']");
        let before = state(b);
        b.keys(&sel, KEY_END);
        let at_max = state(b);
        b.keys(&sel, KEY_HOME);
        let at_min = state(b);
        seen.note(&before, &at_max);
        seen.note(&at_max, &at_min);
        // A plot swept over this input moves its marker between the two ends.
        let input = name.rsplit("-in-").next().unwrap_or_default();
        for (i, p) in plots.iter().enumerate() {
            let flat = at_min["spread"][i].as_u64().unwrap_or(2) <= 1
                && at_max["spread"][i].as_u64().unwrap_or(2) <= 1;
            if p["plot"]["sweep"].as_str() == Some(input) && p["plot"]["marker"] == true && !flat {
                assert_ne!(
                    at_max["current"][i], at_min["current"][i],
                    "{page}: the marker of plot {i} follows `{input}`"
                );
            }
        }
        // Back to the default, so the next control starts from the story's setting.
        b.js(&format!(
            "const i = document.querySelector(\"{sel}\"); i.value = i.defaultValue; i.dispatchEvent(new Event('input'));"
        ));
        seen.note(&at_min, &state(b));
    }
    let toggles = b.js("return [...document.querySelectorAll('.lab-control input[type=checkbox]')].map(i => i.name)");
    for name in toggles
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let sel = format!("input[name='{name}']");
        for _ in 0..2 {
            let before = state(b);
            b.click(&sel);
            seen.note(&before, &state(b));
        }
    }
    for (name, opts) in &choices {
        let mut prev = state(b);
        for v in opts {
            b.js(&format!(
                "const r = document.querySelector(\"input[name='{name}'][value='{v}']\"); if (r) {{ r.click(); }} else {{ const s = document.querySelector(\"select[name='{name}']\"); s.value = '{v}'; s.dispatchEvent(new Event('change')); }}"
            ));
            let now = state(b);
            seen.note(&prev, &now);
            prev = now;
        }
        // Back to the default option.
        b.js(&format!(
            "const d = document.querySelector(\"input[name='{name}'][checked]\"); if (d) d.click();
             const s = document.querySelector(\"select[name='{name}']\"); if (s) {{ s.value = [...s.options].find(o => o.defaultSelected)?.value ?? s.value; s.dispatchEvent(new Event('change')); }}"
        ));
    }
    for (i, changed) in seen.px_changed.iter().enumerate() {
        assert!(changed, "{page}: plot {i} redraws when some control moves");
        assert!(
            seen.table_changed[i],
            "{page}: the data table of plot {i} follows the values"
        );
    }
}

/// Sets one model input through its first control on the page, as a student would (slider
/// value with `input` and `change` events, a click on a radio or a checkbox, a select's
/// `change`); `null` restores the control's default. Returns an error text, or null.
const SET_INPUT: &str = "const [name, val] = arguments;
  const ctl = [...document.querySelectorAll('[data-lab]')].find(e => { const s = JSON.parse(e.dataset.lab); return s.kind === 'control' && s.input === name; });
  if (!ctl) return 'no control for input `' + name + '` on the page';
  const fire = e => { e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); };
  const range = ctl.querySelector('input[type=range]');
  if (range) { const want = val === null ? Number(range.defaultValue) : val; range.value = String(want); fire(range);
    return Math.abs(Number(range.value) - want) <= 1e-9 * Math.max(1, Math.abs(want)) ? null : 'slider `' + name + '` took ' + range.value + ', not ' + want; }
  const box = ctl.querySelector('input[type=checkbox]');
  if (box) { const want = val === null ? box.defaultChecked : val; if (box.checked !== want) box.click(); return null; }
  const radios = [...ctl.querySelectorAll('input[type=radio]')];
  if (radios.length) { const r = radios.find(r => val === null ? r.defaultChecked : r.value === String(val));
    if (!r) return 'no option `' + val + '` for `' + name + '`'; if (!r.checked) r.click(); return null; }
  const sel = ctl.querySelector('select');
  if (sel) { const o = [...sel.options].find(o => val === null ? o.defaultSelected : o.value === String(val));
    if (!o) return 'no option `' + val + '` for `' + name + '`'; sel.value = o.value; fire(sel); return null; }
  return 'no input element in the control of `' + name + '`';";

/// Whether a failure banner shows: `lab-on` and its "on" part rendered.
fn failure_on(b: &Browser, id: &str) -> bool {
    let script = "const id = ID; const f = [...document.querySelectorAll('.lab-failure[data-lab]')].find(e => JSON.parse(e.dataset.lab).id === id);
      if (!f) return false; const on = f.querySelector('.lab-failure-on');
      return f.classList.contains('lab-on') && (on ? on.checkVisibility() : f.checkVisibility());"
        .replace("ID", &json!(id).to_string());
    b.js(&script) == Value::Bool(true)
}

fn set_input(b: &Browser, name: &str, value: &Value) -> Option<String> {
    let script = format!(
        "return (function () {{ {SET_INPUT} }}).apply(null, {});",
        json!([name, value])
    );
    b.js(&script).as_str().map(String::from)
}

/// Drives each failure to its witness through the controls: the banner changes state (shows,
/// or for a story that starts broken, clears); back at the defaults it is as it was.
fn witnesses(b: &Browser, page: &str) {
    for f in specs(b, "failure") {
        let id = f["id"].as_str().unwrap_or_default();
        let witness = f["witness"].as_object();
        assert!(
            witness.is_some(),
            "{page}: failure {id} carries the witness the build found"
        );
        let witness = witness.into_iter().flatten();
        let at_default = failure_on(b, id);
        for (name, value) in witness.clone() {
            if let Some(err) = set_input(b, name, value) {
                panic!("{page}: failure {id}: cannot set its witness: {err}");
            }
        }
        assert_ne!(
            failure_on(b, id),
            at_default,
            "{page}: failure {id} {} at its witness {}",
            if at_default { "clears" } else { "shows" },
            f["witness"]
        );
        for (name, _) in witness {
            if let Some(err) = set_input(b, name, &Value::Null) {
                panic!("{page}: failure {id}: cannot restore `{name}`: {err}");
            }
        }
        assert_eq!(
            failure_on(b, id),
            at_default,
            "{page}: failure {id} is back as it was at the defaults"
        );
        WITNESSES.fetch_add(1, Ordering::Relaxed);
    }
}

/// The whole walk of one page, in `b` (any earlier page's storage is cleared first).
/// Returns axe's findings and the seconds each phase took.
fn walk_page(
    b: &Browser,
    base: &str,
    page: &str,
    axe_src: Option<&str>,
) -> (Vec<Finding>, Vec<(&'static str, f64)>) {
    let url = format!("{base}{page}");
    let mut found = Vec::new();
    let mut times = Vec::new();
    let mut t = Instant::now();
    let mut lap = |what: &'static str| {
        times.push((what, t.elapsed().as_secs_f64()));
        t = Instant::now();
    };
    fresh(b, &url);
    let lab = lab_id(b);
    let items = locks(b);
    if let Some(src) = axe_src {
        found.extend(axe(b, src, page, "before unlocking", None));
        lap("axe");
    }
    // Each option of every prediction, one fresh context per option index (every prediction
    // locked on its option i, or on its keyed answer past its last option); the walk goes on
    // from the last context, where everything is locked.
    let n = items.iter().map(options).max().unwrap_or(0).max(1);
    for i in 0..n {
        if i > 0 {
            fresh(b, &url);
        }
        lock_all_on(b, &lab, page, &items, i);
    }
    lap("options");
    let left = unfilled(b, "body");
    assert!(
        left.is_empty(),
        "{page}: unfilled placeholders after locking everything: {left:?}"
    );
    check_reload(b, &lab, page, &items, n - 1);
    lap("reload");
    if let Some(src) = axe_src {
        // mdBook's chrome is as it was before unlocking: only the lab page changed.
        found.extend(axe(b, src, page, "after unlocking", Some(".lab-page")));
        lap("axe");
    }
    move_controls(b, page);
    lap("controls");
    witnesses(b, page);
    lap("witnesses");
    let errors = b.console_errors();
    assert!(errors.is_empty(), "{page}: console errors {errors:?}");
    (found, times)
}

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

#[test]
fn every_lab_page_locks_redraws_and_fails_reversibly() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return;
    };
    let axe_src = axe_js();
    if axe_src.is_none() {
        eprintln!("axe-core skipped: LABS_AXE_JS is not set (run `cargo xtask test`)");
    }
    let base = serve(&book);
    let pages = lab_pages(&book);
    assert!(pages.len() >= 2, "lab pages found: {pages:?}");
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let findings: Mutex<Vec<Finding>> = Mutex::new(Vec::new());
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..browsers().min(pages.len()) {
            s.spawn(|| {
                let mut b = Browser::start(true);
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(page) = pages.get(i) else { break };
                    let tp = Instant::now();
                    let r = catch_unwind(AssertUnwindSafe(|| {
                        walk_page(&b, &base, page, axe_src.as_deref())
                    }));
                    let mut line = format!("walked {page} in {:.1} s", tp.elapsed().as_secs_f64());
                    if let Ok((_, times)) = &r {
                        let mut sum: Vec<(&str, f64)> = Vec::new();
                        for (what, secs) in times {
                            match sum.iter_mut().find(|s| s.0 == *what) {
                                Some(s) => s.1 += secs,
                                None => sum.push((what, *secs)),
                            }
                        }
                        for (what, secs) in sum {
                            line.push_str(&format!(", {what} {secs:.1} s"));
                        }
                    }
                    eprintln!("{line}");
                    match r {
                        Ok((f, _)) => findings.lock().unwrap().extend(f),
                        Err(e) => {
                            failures.lock().unwrap().push(panic_text(&*e));
                            // A page that failed half-way may leave the browser anywhere.
                            b = Browser::start(true);
                        }
                    }
                }
            });
        }
    });
    eprintln!(
        "walked {} lab pages in {:.1} s with {} browsers: {} reveals read, {} failure witnesses driven",
        pages.len(),
        t.elapsed().as_secs_f64(),
        browsers(),
        REVEALS.load(Ordering::Relaxed),
        WITNESSES.load(Ordering::Relaxed)
    );
    let mut failures = failures.into_inner().unwrap();
    let findings = findings.into_inner().unwrap();
    let mut rules: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}{}",
                f.impact,
                f.rule,
                if f.ours { " (ours)" } else { "" }
            )
        })
        .collect();
    rules.sort();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in rules {
        match counts.last_mut() {
            Some(c) if c.0 == r => c.1 += 1,
            _ => counts.push((r, 1)),
        }
    }
    eprintln!("axe findings (nodes, all pages, phases and themes): {counts:?}");
    let mut known: Vec<String> = Vec::new();
    // Violations grouped by rule, node and theme, with the pages and phases they were seen on.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for f in findings.iter().filter(|f| f.serious()) {
        if let (false, Some(reason)) = (f.ours, f.known()) {
            known.push(format!(
                "`{}` at `{}` ({}): {reason}",
                f.rule, f.target, f.theme
            ));
            continue;
        }
        let key = format!(
            "axe {} `{}` at `{}`{} in {}: {}",
            f.impact,
            f.rule,
            f.target,
            if f.ours { "" } else { " (mdBook chrome)" },
            f.theme,
            f.summary
        );
        let seen = format!("{} {}", f.page, f.phase);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1.push(seen),
            None => groups.push((key, vec![seen])),
        }
    }
    known.sort();
    known.dedup();
    for k in &known {
        eprintln!("known mdBook issue: {k}");
    }
    for (key, mut pages) in groups {
        pages.sort();
        failures.push(format!("{key}\n    on {}", pages.join(", ")));
    }
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Model evaluations one redraw of a plot costs: sweep points (snapped to the input's step)
/// or heat-map cells. Other plots read values already computed.
fn evaluations(lab: &str, plot: &Value) -> usize {
    let Some(model) = physics::labs::find(lab) else {
        return 0;
    };
    let points = |input: Option<&str>, samples: usize| -> usize {
        match input.and_then(|n| model.input(n)).map(|i| i.kind) {
            Some(physics::model::InputKind::Range { min, max, step, .. }) if step > 0.0 => {
                samples.min(((max - min) / step).round() as usize + 1)
            }
            Some(physics::model::InputKind::Range { .. }) => samples,
            Some(physics::model::InputKind::Choice { options, .. }) => options.len(),
            Some(physics::model::InputKind::Toggle { .. }) => 2,
            None => 0,
        }
    };
    let samples = plot["samples"].as_u64().unwrap_or(0) as usize;
    if let Some(h) = plot["heat"].as_object() {
        let s = &h["samples"];
        let (nx, ny) = (
            s[0].as_u64().unwrap_or(0) as usize,
            s[1].as_u64().unwrap_or(0) as usize,
        );
        return points(plot["x"]["input"].as_str(), nx) * points(plot["y"]["input"].as_str(), ny);
    }
    points(plot["sweep"].as_str(), samples)
}

/// The heaviest plot of the book (most model evaluations per redraw): input to redrawn
/// canvas, p95 of 41 input events, measured in the page. Written to target/bench-plots.txt
/// for `cargo xtask bench`.
#[test]
fn heaviest_plot_redraws_within_budget() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return;
    };
    let base = serve(&book);
    let mut best: Option<(usize, String, String, usize)> = None;
    for page in lab_pages(&book) {
        let html = std::fs::read_to_string(book.join(&page)).unwrap_or_default();
        let Some(lab) = html
            .split("lab-page\" id=\"lab-")
            .nth(1)
            .and_then(|s| s.split('"').next())
        else {
            continue;
        };
        let mut i = 0;
        for part in html.split("class=\"lab-chart lab-plot\"").skip(1) {
            let Some(raw) = part
                .split("data-lab=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            else {
                continue;
            };
            let json = raw
                .replace("&quot;", "\"")
                .replace("&#123;", "{")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            if let Ok(spec) = serde_json::from_str::<Value>(&json) {
                let n = evaluations(lab, &spec["plot"]);
                if best.as_ref().is_none_or(|b| n > b.0) {
                    best = Some((n, page.clone(), lab.to_string(), i));
                }
            }
            i += 1;
        }
    }
    let Some((n, page, lab, index)) = best else {
        eprintln!("no plots in the book");
        return;
    };
    let b = Browser::start(true);
    b.goto(&format!("{base}{page}"));
    ready(&b);
    lock_all_on(&b, &lab, &page, &locks(&b), usize::MAX);
    // Toggle each range control between its value and an end of its range until one redraws
    // the plot (the model runs at every point on each event either way); time 41 events.
    // Every range control, toggled between its value and an end of its range 41 times: the
    // one that redraws the plot is timed to the redrawn canvas; the others show what a full
    // re-evaluation of the plot's samples costs when it does not need a redraw.
    let script = format!(
        "const plot = document.querySelectorAll('.lab-plot')[{index}]; const c = plot.querySelector('canvas');
         const hash = () => {{ const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let h = 0;
           for (let i = 0; i < d.length; i += 8) h = (h * 31 + d[i] + 3 * d[i + 1] + 7 * d[i + 2]) | 0; return h; }};
         const out = [];
         for (const i of document.querySelectorAll('.lab-control input[type=range]')) {{
           const a = Number(i.value), b = a === Number(i.max) ? Number(i.min) : Number(i.max);
           const h0 = hash(); i.value = b; i.dispatchEvent(new Event('input')); const moved = hash() !== h0;
           i.value = a; i.dispatchEvent(new Event('input'));
           const times = [];
           for (let k = 0; k < 41; k++) {{ i.value = k % 2 ? a : b; const s = performance.now();
             i.dispatchEvent(new Event('input')); times.push(performance.now() - s); }}
           i.value = a; i.dispatchEvent(new Event('input'));
           times.sort((x, y) => x - y);
           out.push([i.name, moved, times[20], times[Math.floor(0.95 * 40)]]);
         }}
         return out;"
    );
    let rows = b.js(&script);
    let rows = rows.as_array().cloned().unwrap_or_default();
    let fmt = |r: &Value| {
        (
            r[0].as_str().unwrap_or("?").to_string(),
            r[2].as_f64().unwrap_or(f64::NAN),
            r[3].as_f64().unwrap_or(f64::NAN),
        )
    };
    let redraw = rows.iter().find(|r| r[1] == true).map(fmt);
    let other = rows
        .iter()
        .filter(|r| r[1] != true)
        .map(fmt)
        .max_by(|a, b| a.2.total_cmp(&b.2));
    assert!(
        redraw.is_some(),
        "{page}: a control redraws the heaviest plot"
    );
    let mut report = String::new();
    if let Some((name, median, p95)) = redraw {
        report.push_str(&format!(
            "| heaviest plot: {page} plot {index} ({n} model evaluations per sample), input `{name}` to redrawn canvas, median / p95 of 41 | {median:.1} / {p95:.1} ms | p95 ≤ 8 ms |\n"
        ));
    }
    if let Some((name, median, p95)) = other {
        report.push_str(&format!(
            "| the same page, slowest other input (`{name}`: the plot's samples re-evaluated, {n} model runs), median / p95 | {median:.1} / {p95:.1} ms | p95 ≤ 8 ms |\n"
        ));
    }
    let _ = std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench-plots.txt"),
        report,
    );
    assert!(b.console_errors().is_empty());
}
