//! A walk of every lab page in the built book, driven by the placeholders' specs rather than
//! by per-lab code: lock every prediction on its keyed answer, then move every control across
//! its range and check that the plots redraw (pixels and data table), that sweep markers
//! move, that every failure state fires somewhere and clears again, with no console errors.
//!
//! Needs the built book (`LABS_BOOK_DIR`, set by `cargo xtask test`) and Debian's chromium.

use labs_tests::{Browser, book_dir, serve};
use serde_json::Value;

/// The walk and the timing must not share the 2 cores with each other: timings taken
/// beside another browser measure the contention, not the page.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

const KEY_END: &str = "\u{E010}";
const KEY_HOME: &str = "\u{E011}";

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

/// In-page state: a hash of each plot's pixels, each plot's table text, each failure's state.
const STATE: &str = "const hash = c => { if (!c.width) return 0; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 8) h = (h * 31 + d[i] + 3 * d[i + 1] + 7 * d[i + 2]) | 0; return h; };
  const plots = [...document.querySelectorAll('.lab-plot')];
  return { px: plots.map(p => hash(p.querySelector('canvas'))),
    table: plots.map(p => p.querySelector('.lab-data tbody').textContent),
    current: plots.map(p => { const r = [...p.querySelectorAll('.lab-data tbody tr')].find(r => r.textContent.includes('(current)'));
      return r ? r.textContent : null; }),
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

/// Locks every prediction on its keyed answer and checks the reveal agrees.
fn lock_all(b: &Browser, lab: &str, page: &str) {
    for p in specs(b, "prediction") {
        let id = p["id"].as_str().unwrap_or_default();
        let correct = p["correct"].as_str().unwrap_or_default();
        let el = format!("lab-{lab}-pred-{id}");
        if p["tolerance"].is_number() {
            b.js(&format!(
                "const i = document.querySelector(\"input[name='{el}']\"); i.value = '{correct}'; i.dispatchEvent(new Event('input')); i.dispatchEvent(new Event('change'));"
            ));
        } else {
            b.click(&format!("input[name='{el}'][value='{correct}']"));
        }
        b.click(&format!("#{el} .lab-lock"));
        let gate = format!("#{el}-gate");
        assert!(
            b.visible(&gate),
            "{page}: locking {id} opens its instruments"
        );
        let reveal = b.js(&format!(
            "const r = document.querySelector('#{el}-gate .lab-reveal-live'); return r ? r.textContent : null;"
        ));
        if let Some(text) = reveal.as_str() {
            assert!(
                text.contains("Correct"),
                "{page}: the keyed answer of {id} is revealed as correct: {text}"
            );
        }
    }
}

/// Locks every concept check on its keyed option(s).
fn check_all(b: &Browser, lab: &str, page: &str) {
    for c in specs(b, "check") {
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

/// What the walk saw.
#[derive(Default)]
struct Seen {
    px_changed: Vec<bool>,
    table_changed: Vec<bool>,
    on: Vec<(String, bool, bool)>,
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
        for f in after["fail"].as_array().into_iter().flatten() {
            let id = f[0].as_str().unwrap_or_default().to_string();
            let on = f[1].as_bool().unwrap_or(false);
            match self.on.iter_mut().find(|(i, ..)| *i == id) {
                Some(e) => {
                    e.1 |= on;
                    e.2 |= !on;
                }
                None => self.on.push((id, on, !on)),
            }
        }
    }
}

fn walk(b: &Browser, page: &str) {
    let lab = b
        .js("return JSON.parse(document.querySelector('.lab-page').dataset.labPage).lab")
        .as_str()
        .unwrap_or_default()
        .to_string();
    lock_all(b, &lab, page);
    check_all(b, &lab, page);
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
            if p["plot"]["sweep"].as_str() == Some(input) && p["plot"]["marker"] == true {
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
    // Failures that need several inputs at once (batch and sequence length together): every
    // slider at its top, then at its bottom, then back to the defaults.
    for key in [KEY_END, KEY_HOME] {
        for name in &ranges {
            let before = state(b);
            b.keys(&format!("input[name='{name}']"), key);
            seen.note(&before, &state(b));
        }
    }
    for name in &ranges {
        b.js(&format!(
            "const i = document.querySelector(\"input[name='{name}']\"); i.value = i.defaultValue; i.dispatchEvent(new Event('input'));"
        ));
    }
    seen.note(&start, &state(b));
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
        // Back to the first option: the defaults are usually the first, but restore exactly.
        b.js(&format!(
            "const d = document.querySelector(\"input[name='{name}'][checked]\"); if (d) d.click();"
        ));
    }
    for (i, changed) in seen.px_changed.iter().enumerate() {
        assert!(changed, "{page}: plot {i} redraws when some control moves");
        assert!(
            seen.table_changed[i],
            "{page}: the data table of plot {i} follows the values"
        );
    }
    for (id, on, off) in &seen.on {
        assert!(
            on,
            "{page}: failure {id} fires somewhere in the controls' ranges"
        );
        assert!(off, "{page}: failure {id} clears again");
    }
    let errors = b.console_errors();
    assert!(errors.is_empty(), "{page}: console errors {errors:?}");
}

#[test]
fn every_lab_page_locks_redraws_and_fails_reversibly() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return;
    };
    let base = serve(&book);
    let pages = lab_pages(&book);
    assert!(pages.len() >= 2, "lab pages found: {pages:?}");
    for page in &pages {
        // A fresh browser per page: a clean ledger, so every prediction starts unlocked.
        let b = Browser::start(true);
        b.goto(&format!("{base}{page}"));
        ready(&b);
        walk(&b, page);
    }
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
    lock_all(&b, &lab, &page);
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
