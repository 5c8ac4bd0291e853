//! The ledger page in headless Chromium: a whole course exported from one browser and
//! imported into a fresh one, a conflicting import that asks per lab, bad files rejected with
//! their reason (the ledger unchanged), and the exported ledger passing `mdbook-labs verify`.

use labs_tests::{Browser, book_dir, serve};
use serde_json::Value;

fn ready(b: &Browser) {
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets to start",
    );
}

/// Works through the lab page now open as a student in a hurry would: every control moved
/// off its default, every prediction, check and reflection answered with its first option
/// (a number for a numeric prediction), in page order, so each gate opens the next.
const WORK: &str = "const page = document.querySelector('.lab-page');
  for (const r of page.querySelectorAll('input[type=range]')) {
    r.value = (Number(r.min) + Number(r.max)) / 2;
    r.dispatchEvent(new Event('input', {bubbles: true}));
    r.dispatchEvent(new Event('change', {bubbles: true})); }
  for (const lock of page.querySelectorAll('.lab-lock')) {
    const box = lock.closest('[id]');
    const num = box.querySelector('input[type=number]');
    if (num) { num.value = '3'; num.dispatchEvent(new Event('input', {bubbles: true})); }
    else { const o = box.querySelector('input[type=radio],input[type=checkbox]');
      if (o) { o.checked = true; o.dispatchEvent(new Event('change', {bubbles: true})); } }
    lock.click(); }
  for (const r of page.querySelectorAll('.lab-reflection input[type=radio]')) {
    if (![...document.getElementsByName(r.name)].some(x => x.checked)) {
      r.checked = true; r.dispatchEvent(new Event('change', {bubbles: true})); } }
  return true;";

const KEY: &str = "Object.keys(localStorage).find(k => k.startsWith('mlsys-labs/ledger/v1/') && !k.includes('/probe') && !k.includes('/unreadable'))";

fn stored(b: &Browser) -> Value {
    let t = b.js(&format!(
        "const k = {KEY}; return k ? localStorage.getItem(k) : null;"
    ));
    t.as_str().map_or(Value::Null, |t| {
        serde_json::from_str(t).unwrap_or(Value::Null)
    })
}

/// What a lab page shows of its record: locked predictions and checks, control values, and
/// the text of its recalls.
const SHOWN: &str = "const page = document.querySelector('.lab-page');
  return JSON.stringify({
    locked: [...page.querySelectorAll('.lab-locked[id]')].map(e => e.id),
    controls: [...page.querySelectorAll('input[type=range]')].map(r => r.value),
    recalls: [...page.querySelectorAll('.lab-recall')].map(r => r.textContent.replace(/\\s+/g, ' ')),
  });";

fn labs(book: &std::path::Path) -> Vec<(String, String)> {
    let src = book.parent().map(|p| p.join("src")).unwrap();
    mdbook_labs::verify::book_labs(&src)
        .unwrap()
        .into_iter()
        .map(|l| (l.id, l.path.replace(".md", ".html")))
        .collect()
}

fn open_dashboard(b: &Browser, base: &str) {
    b.goto(&format!("{base}ledger.html"));
    ready(b);
    b.wait(
        "return document.querySelector('.lab-dashboard').hasAttribute('data-dash-ready')",
        "the ledger page",
    );
}

fn paste_and_preview(b: &Browser, text: &str) {
    let quoted = serde_json::to_string(text).unwrap();
    b.js(&format!(
        "const t = document.querySelector('.lab-import-text'); t.value = {quoted}; document.querySelector('.lab-import-check').click(); return true;"
    ));
}

#[test]
fn a_whole_course_moves_to_a_fresh_browser_and_conflicts_ask_per_lab() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set");
        return;
    };
    let base = serve(&book);
    let all = labs(&book);
    assert_eq!(all.len(), 34, "the book's labs");

    // Browser A: the whole course.
    let a = Browser::start(true);
    let mut shown_a = Vec::new();
    for (_, href) in &all {
        a.goto(&format!("{base}{href}"));
        ready(&a);
        a.js(WORK);
    }
    // Read back after every lab is saved (recalls show later labs' view of earlier ones).
    for (id, href) in &all {
        a.goto(&format!("{base}{href}"));
        ready(&a);
        shown_a.push((id.clone(), a.js(SHOWN)));
    }
    let exported = stored(&a);
    let recs = exported["labs"].as_object().expect("labs");
    assert_eq!(recs.len(), 34, "every lab saved a record");
    for (id, r) in recs {
        assert_eq!(r["v"], 2, "{id}: records carry their version");
        assert!(r["model"].is_string(), "{id}: and the model version");
    }
    // The dashboard of A: every lab started or complete.
    open_dashboard(&a, &base);
    let not_started = a.js("return document.querySelectorAll('.lab-dst-none').length");
    assert_eq!(not_started, 0, "no lab left not started");
    let summary = a.js("return document.querySelector('.lab-dash-summary').textContent");
    assert!(
        summary.as_str().unwrap().contains("of 34 labs"),
        "{summary}"
    );
    // The deployment context carried forward: every lab that records one shows it.
    let unset =
        a.js("return document.querySelectorAll('.lab-ctx-list li:not(.lab-ctx-set)').length");
    assert_eq!(unset, 0, "every recorded context is shown");
    let carried = a.js("return document.querySelector('.lab-ctx-summary').textContent");
    assert!(
        carried.as_str().unwrap().starts_with("Carried forward: "),
        "{carried}"
    );
    let report = a.js("return document.querySelector('.lab-report-body').textContent");
    assert!(
        report.as_str().unwrap().contains("Predictions"),
        "the report"
    );
    let text = serde_json::to_string_pretty(&exported).unwrap();

    // The exported ledger passes the instructor's check.
    let file = std::env::temp_dir().join(format!("ledger-course-{}.json", std::process::id()));
    std::fs::write(&file, &text).unwrap();
    let src = book.parent().unwrap().join("src");
    let verdicts =
        mdbook_labs::verify::check(&text, &mdbook_labs::verify::book_labs(&src).unwrap()).unwrap();
    for v in &verdicts {
        assert_eq!(v.result, "ok", "{}: {:?}", v.lab, v.problems);
    }
    if let Ok(keep) = std::env::var("LABS_KEEP_LEDGER") {
        std::fs::write(keep, &text).unwrap();
    }
    drop(a);

    // Browser B: fresh; import everything, then every lab page is as A left it.
    let b = Browser::start(true);
    open_dashboard(&b, &base);
    paste_and_preview(&b, &text);
    b.wait(
        "return !!document.querySelector('.lab-import-apply')",
        "the preview",
    );
    let new = b.js("return document.querySelectorAll('tr[data-import=new]').length");
    assert_eq!(new, 34, "every lab is new to a fresh browser");
    assert_eq!(stored(&b), Value::Null, "the preview writes nothing");
    b.click(".lab-import-apply");
    assert_eq!(stored(&b)["labs"], exported["labs"], "imported as exported");
    for ((id, href), (_, want)) in all.iter().zip(&shown_a) {
        b.goto(&format!("{base}{href}"));
        ready(&b);
        assert_eq!(&b.js(SHOWN), want, "{id} restores as in browser A");
    }

    // A conflict: B redoes Lab 02 differently; importing A's file asks, and keeps B's choice.
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    b.js("const r = document.querySelector('.lab-page input[type=range]'); r.value = r.min;
          r.dispatchEvent(new Event('input', {bubbles: true})); r.dispatchEvent(new Event('change', {bubbles: true})); return 1;");
    let mine = stored(&b)["labs"]["v1-02"].clone();
    assert_ne!(mine, exported["labs"]["v1-02"]);
    open_dashboard(&b, &base);
    paste_and_preview(&b, &text);
    b.wait(
        "return !!document.querySelector('.lab-import-apply')",
        "the preview",
    );
    assert_eq!(
        b.js("return [...document.querySelectorAll('tr[data-import=conflict]')].map(t => t.dataset.importLab)"),
        serde_json::json!(["v1-02"]),
        "only Lab 02 differs"
    );
    assert_eq!(
        b.js("return document.querySelector('.lab-import-apply').disabled"),
        true,
        "nothing is overwritten without a choice"
    );
    b.click("tr[data-import-lab='v1-02'] input[value=mine]");
    assert_eq!(
        b.js("return document.querySelector('.lab-import-apply').disabled"),
        false
    );
    b.click(".lab-import-apply");
    assert_eq!(stored(&b)["labs"]["v1-02"], mine, "kept mine");
    // And once more, taking the file's.
    paste_and_preview(&b, &text);
    b.wait(
        "return !!document.querySelector('.lab-import-apply')",
        "the preview",
    );
    b.click("tr[data-import-lab='v1-02'] input[value=theirs]");
    b.click(".lab-import-apply");
    assert_eq!(
        stored(&b)["labs"]["v1-02"],
        exported["labs"]["v1-02"],
        "took theirs"
    );
    assert!(b.console_errors().is_empty(), "no console errors");
}

#[test]
fn bad_files_are_rejected_with_their_reason_and_change_nothing() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set");
        return;
    };
    let base = serve(&book);
    let b = Browser::start(true);
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    b.js(WORK);
    let before = stored(&b);
    assert!(before["labs"]["v1-01"].is_object());
    open_dashboard(&b, &base);
    let rec = r#"{"fields":{},"state":{},"updated":"2026-01-01T00:00:00.000Z"}"#;
    let huge = format!(r#"{{"v":1,"labs":{{}},"pad":"{}"}}"#, "x".repeat(3 << 20));
    let cases: Vec<(&str, String, &str)> = vec![
        ("not JSON", "{ not json".into(), "not JSON"),
        ("empty", "   ".into(), "empty"),
        (
            "not a ledger",
            r#"{"hello":"world"}"#.into(),
            "no \"labs\" object",
        ),
        ("no version", r#"{"labs":{}}"#.into(), "no schema version"),
        (
            "future version",
            r#"{"v":7,"labs":{}}"#.into(),
            "newer version",
        ),
        (
            "future record",
            r#"{"v":1,"labs":{"v1-01":{"v":9,"fields":{},"state":{},"updated":"x"}}}"#.to_string(),
            "record version 9",
        ),
        (
            "unknown lab",
            format!(r#"{{"v":1,"labs":{{"v9-99":{rec}}}}}"#),
            "Unknown lab \"v9-99\"",
        ),
        (
            "wrong types",
            r#"{"v":1,"labs":{"v1-01":{"fields":[],"state":"x","updated":3}}}"#.into(),
            "\"fields\" is missing or not an object",
        ),
        (
            "record not an object",
            r#"{"v":1,"labs":{"v1-01":"hello"}}"#.into(),
            "not an object",
        ),
        ("huge", huge, "too large"),
    ];
    for (what, text, reason) in &cases {
        paste_and_preview(&b, text);
        let msg = b.js("const r = document.querySelector('.lab-import-result'); return r.classList.contains('lab-import-error') ? r.textContent : ''");
        assert!(
            msg.as_str().unwrap_or("").contains(reason),
            "{what}: wants {reason:?}, says {msg}"
        );
        assert!(
            b.js("return !document.querySelector('.lab-import-apply')") == true,
            "{what}: no way to apply"
        );
        assert_eq!(stored(&b), before, "{what}: the ledger is unchanged");
    }
    // Imported text is data: markup in a field is shown as text, never parsed.
    let evil = r#"{"v":1,"labs":{"v1-03":{"fields":{"note":"<img src=x onerror=\"window.__pwned=1\">"},"state":{},"updated":"<b>2026</b>"}}}"#;
    paste_and_preview(&b, evil);
    b.wait(
        "return !!document.querySelector('.lab-import-apply')",
        "the preview",
    );
    b.click(".lab-import-apply");
    assert_eq!(
        b.js("return document.querySelectorAll('.lab-dashboard img, .lab-dashboard b').length"),
        0,
        "no markup from the file"
    );
    assert_eq!(b.js("return window.__pwned === undefined"), true);
    let report = b.js("return document.querySelector('.lab-report-body').textContent");
    assert!(
        report.as_str().unwrap().contains("<img src=x"),
        "the text is shown as written: {report}"
    );
}

#[test]
fn an_older_record_is_read_and_kept_as_written_and_a_newer_one_is_untouched() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set");
        return;
    };
    let base = serve(&book);
    let b = Browser::start(true);
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    let key = b.js("return document.querySelector('.lab-page').dataset.ledgerKey");
    let key = key.as_str().unwrap();
    // A version 1 record (no `v`, no `model`) of Lab 02 with a lock, and a record of Lab 03
    // written by a newer book.
    let old = r#"{"fields":{},"state":{"inputs":{},"predictions":{"act1":"B"}},"updated":"2026-01-01T00:00:00.000Z"}"#;
    let newer =
        r#"{"v":3,"shape":"future","fields":{},"state":{},"updated":"2026-01-01T00:00:00.000Z"}"#;
    b.js(&format!(
        "localStorage.setItem('{key}', JSON.stringify({{v: 1, labs: {{'v1-02': {old}, 'v1-03': {newer}}}}})); return 1;"
    ));
    b.refresh();
    ready(&b);
    assert_eq!(
        b.js(
            "return document.querySelector('#lab-v1-02-pred-act1').classList.contains('lab-locked')"
        ),
        true,
        "the old record restores"
    );
    let s = stored(&b);
    assert!(
        s["labs"]["v1-02"].get("v").is_none(),
        "kept as written until saved"
    );
    // Lab 03's page does not overwrite the newer record, and says so.
    b.goto(&format!("{base}vol1/lab03.html"));
    ready(&b);
    let notice = b.js("return document.body.textContent.includes('newer version of this book')");
    assert_eq!(notice, true, "the notice shows as the page opens");
    b.js(WORK);
    assert_eq!(
        stored(&b)["labs"]["v1-03"],
        serde_json::from_str::<Value>(newer).unwrap(),
        "the newer record is untouched"
    );
    let notice = b.js("return document.body.textContent.includes('newer version of this book')");
    assert_eq!(notice, true, "with a notice");
    open_dashboard(&b, &base);
    assert_eq!(
        b.js("return document.querySelector('tr[data-dash-lab=\"v1-03\"]').dataset.status"),
        "newer record (kept untouched)"
    );
    // Saving Lab 02 writes the current version.
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    b.js(WORK);
    assert_eq!(stored(&b)["labs"]["v1-02"]["v"], 2, "migrated when saved");
}

#[test]
fn without_javascript_the_ledger_page_explains_itself_and_every_hud_links_it() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set");
        return;
    };
    let base = serve(&book);
    let b = Browser::start(false);
    b.goto(&format!("{base}ledger.html"));
    b.wait("return document.readyState === 'complete'", "the page");
    assert!(b.visible(".lab-dash-static"), "the explanation shows");
    assert_eq!(
        b.js("return document.querySelectorAll('tr[data-dash-lab]').length"),
        34
    );
    let first =
        b.js("return document.querySelector('tr[data-dash-lab] .lab-dash-fields').textContent");
    assert!(
        first.as_str().unwrap().contains("deployment_context"),
        "what each lab saves: {first}"
    );
    for (_, href) in labs(&book) {
        let page = std::fs::read_to_string(book.join(&href)).unwrap();
        assert!(
            page.contains("class=\"hud-item hud-ledger-link\" href=\"../ledger.html\""),
            "{href} links the ledger page from its HUD"
        );
    }
}

/// The ledger page with labs in it, its import preview (loaded through the file picker) and
/// its report: no serious axe violation of ours in any of mdBook's five themes, nothing of
/// mdBook's beyond the known list; printed, the tools are gone and the report stays.
#[test]
fn the_ledger_page_is_accessible_in_every_theme_imports_a_picked_file_and_prints_its_report() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set");
        return;
    };
    let Some(axe_src) = labs_tests::axe_js() else {
        eprintln!("skipped: LABS_AXE_JS is not set (`cargo xtask test` downloads axe-core)");
        return;
    };
    let base = serve(&book);
    let b = Browser::start(true);
    // Three labs done: the page shows complete, started and not-started rows.
    for href in ["vol1/lab00.html", "vol1/lab01.html", "vol2/lab01.html"] {
        b.goto(&format!("{base}{href}"));
        ready(&b);
        b.js(WORK);
    }
    let exported = stored(&b);
    open_dashboard(&b, &base);
    let mut found = labs_tests::axe::axe(&b, &axe_src, "ledger.html", "with three labs", None);

    // The same ledger, one lab changed, picked as a file: the preview asks about that lab.
    let mut theirs = exported.clone();
    theirs["labs"]["v1-01"]["updated"] = "2030-01-01T00:00:00.000Z".into();
    theirs["labs"]["v1-01"]["fields"]["context"] = "edge".into();
    let file = std::env::temp_dir().join(format!("ledger-picked-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_string(&theirs).unwrap()).unwrap();
    b.keys(".lab-import-file", &file.display().to_string());
    b.wait(
        "return !!document.querySelector('.lab-import-apply')",
        "the preview of the picked file",
    );
    assert_eq!(
        b.js("return [...document.querySelectorAll('tr[data-import=conflict]')].map(t => t.dataset.importLab)"),
        serde_json::json!(["v1-01"]),
        "the picked file differs in Lab 01 only"
    );
    assert_eq!(stored(&b), exported, "a preview writes nothing");
    found.extend(labs_tests::axe::axe(
        &b,
        &axe_src,
        "ledger.html",
        "import preview",
        Some(".lab-dashboard"),
    ));
    let bad: Vec<String> = found
        .iter()
        .filter(|f| f.serious() && (f.ours || f.known().is_none()))
        .map(|f| {
            format!(
                "{} {} `{}` at `{}` in {}: {}",
                f.phase, f.impact, f.rule, f.target, f.theme, f.summary
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "axe on the ledger page:\n{}",
        bad.join("\n")
    );
    b.click("tr[data-import-lab='v1-01'] input[value=theirs]");
    b.click(".lab-import-apply");
    assert_eq!(stored(&b)["labs"]["v1-01"], theirs["labs"]["v1-01"]);

    // Printed: the tools and notices are not on paper, the report and the table are.
    b.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "print" }),
    );
    let shown = |css: &str| {
        b.js(&format!(
            "const e = document.querySelector('{css}'); return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;"
        ))
    };
    assert_eq!(shown(".lab-dash-tools"), false, "no buttons on paper");
    assert_eq!(shown(".lab-dash-table"), true, "the table is printed");
    assert_eq!(shown(".lab-report-body"), true, "the report is printed");
    let report = b.js("return document.querySelector('.lab-report-body').textContent");
    assert!(
        report.as_str().unwrap().contains("edge"),
        "the report shows the imported record: {report}"
    );
    let pdf = b.cdp("Page.printToPDF", serde_json::json!({}));
    assert!(
        pdf["data"].as_str().is_some_and(|d| d.len() > 10_000),
        "Chromium prints the page"
    );
    b.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "" }),
    );
    assert!(b.console_errors().is_empty(), "no console errors");
    let _ = std::fs::remove_file(&file);
}
