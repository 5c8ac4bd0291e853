//! Concept checks and recalled inputs in real headless Chromium: Lab 00's three checks
//! (two single-choice, one multi-select) answered right and wrong in fresh page loads, the
//! gates they open, the per-option feedback states, the lock surviving a reload, the ledger
//! record, and Lab 01 starting in the regime chosen in Lab 00.
//!
//! Needs the built book (`LABS_BOOK_DIR`) and Debian's chromium and chromedriver; without
//! the book the tests say so and pass. With `LABS_SCREENSHOTS=dir` the first test also saves
//! screenshots of Lab 00 at 1400 and 390 CSS pixels.

use std::path::PathBuf;

use labs_tests::{Browser, book_dir, serve};
use serde_json::Value;

const KEY_END: &str = "\u{E010}";
const KEY_HOME: &str = "\u{E011}";
const KEY_RIGHT: &str = "\u{E014}";

const C1: &str = "#lab-v1-00-check-check1";
const C2: &str = "#lab-v1-00-check-check2";
const C3: &str = "#lab-v1-00-check-check3";

fn setup() -> Option<(Browser, String)> {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return None;
    };
    let base = serve(&book);
    Some((Browser::start(true), base))
}

fn ready(b: &Browser) {
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets to start",
    );
}

/// A fresh start on Lab 00: an empty ledger, then a new page load.
fn fresh_lab00(b: &Browser, base: &str) {
    b.goto(&format!("{base}vol1/lab00.html"));
    b.js("localStorage.clear();");
    b.goto(&format!("{base}vol1/lab00.html"));
    ready(b);
}

fn text(b: &Browser, css: &str) -> String {
    b.js(&format!(
        "const e = document.querySelector({}); return e ? e.textContent : null;",
        serde_json::json!(css)
    ))
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// The feedback state class of each option of a check, in option order.
fn states(b: &Browser, check: &str) -> Vec<String> {
    let v = b.js(&format!(
        "return [...document.querySelectorAll({})].map(f => ['right', 'wrong', 'missed', 'neutral'].filter(s => f.classList.contains('lab-fb-' + s)).join(' '));",
        serde_json::json!(format!("{check} .lab-feedback"))
    ));
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn choose(b: &Browser, check: &str, keys: &[&str]) {
    for k in keys {
        b.click(&format!("{check} input[value='{k}']"));
    }
    b.click(&format!("{check} .lab-lock"));
}

fn fields(b: &Browser, lab: &str) -> Value {
    b.js(&format!(
        "const k = Object.keys(localStorage).find(k => k.startsWith('mlsys-labs/ledger/v1/'));
         const r = k && JSON.parse(localStorage.getItem(k)).labs['{lab}'];
         return r ? r.fields : null;"
    ))
}

fn screenshots(b: &Browser, name: &str) {
    let Some(dir) = std::env::var_os("LABS_SCREENSHOTS").map(PathBuf::from) else {
        return;
    };
    let _ = std::fs::create_dir_all(&dir);
    for (w, h) in [(1400, 12000), (390, 16000)] {
        b.set_window(w, h);
        // mdBook decides on the sidebar at load time: reload at the new width.
        b.js("localStorage.removeItem('mdbook-sidebar')");
        b.refresh();
        ready(b);
        std::thread::sleep(std::time::Duration::from_millis(400));
        b.screenshot(&dir.join(format!("{name}-{w}.png")));
    }
    b.set_window(1280, 1000);
}

#[test]
fn concept_checks_gate_lock_give_per_option_feedback_and_survive_a_reload() {
    let Some((b, base)) = setup() else { return };
    fresh_lab00(&b, &base);
    let gate1 = &format!("{C1}-gate");
    let gate2 = &format!("{C2}-gate");
    let gate3 = &format!("{C3}-gate");
    // Only the first check shows; the rest of the page waits behind it.
    assert!(
        b.visible(C1) && !b.visible(gate1),
        "the first gate is closed"
    );
    assert!(
        !b.visible(C2),
        "the second check opens only after the first"
    );
    assert!(b.visible(".lab-gate-msg.lab-pending"));
    assert_eq!(
        text(&b, "[data-hud-check='check1'] .hud-value"),
        "pending",
        "the HUD lists the checks"
    );

    // Checking with nothing chosen says so and changes nothing.
    b.click(&format!("{C1} .lab-lock"));
    assert!(text(&b, &format!("{C1} .lab-lock-status")).contains("Choose an option first"));
    assert!(!b.visible(gate1));

    // Check 1, right: C.
    choose(&b, C1, &["C"]);
    assert!(b.visible(gate1), "checking opens the gate");
    assert_eq!(states(&b, C1), ["neutral", "neutral", "right", "neutral"]);
    assert!(text(&b, &format!("{C1} .lab-lock-status")).contains("C is right"));
    assert!(
        text(
            &b,
            &format!("{C1} .lab-feedback[data-option='C'] .lab-fb-state")
        )
        .contains("Your choice: correct"),
        "the state is written in words, not only colour"
    );
    assert!(
        b.visible(&format!("{C1} .lab-feedback[data-option='A']")),
        "every option shows its feedback after the lock"
    );
    assert_eq!(
        b.js(&format!(
            "return document.querySelector(\"{C1} input[value='A']\").disabled"
        )),
        true,
        "the answer is locked"
    );
    assert!(
        b.visible(C2) && !b.visible(gate2),
        "the second check is next"
    );

    // Arrow keys inside a native checkbox stay on the page (mdBook would change chapter).
    b.keys(&format!("{C2} input[value='A']"), KEY_RIGHT);
    assert!(
        b.js("return location.pathname")
            .as_str()
            .unwrap_or("")
            .ends_with("lab00.html"),
        "ArrowRight in a check did not navigate away"
    );

    // Check 2 (multi-select), partly right: A right, B wrong, D missed, C neutral.
    choose(&b, C2, &["A", "B"]);
    assert!(b.visible(gate2));
    assert_eq!(states(&b, C2), ["right", "wrong", "neutral", "missed"]);
    assert!(text(&b, &format!("{C2} .lab-lock-status")).contains("the correct set is A, D"));
    assert!(
        b.visible(&format!(
            "{C2} .lab-feedback[data-option='D'] .lab-fb-missed-text"
        )),
        "a missed option shows its `missed` feedback"
    );
    assert!(!b.visible(&format!("{C2} .lab-feedback[data-option='D'] .lab-fb-text")));
    assert!(!b.visible(&format!(
        "{C2} .lab-feedback[data-option='A'] .lab-fb-missed-text"
    )));

    // Check 3, wrong: B; D is the answer it missed.
    b.keys(&format!("{C3} input[value='A']"), KEY_RIGHT);
    assert!(
        b.js("return location.pathname")
            .as_str()
            .unwrap_or("")
            .ends_with("lab00.html"),
        "ArrowRight in a radio group did not navigate away"
    );
    b.click(&format!("{C3} input[value='B']"));
    b.click(&format!("{C3} .lab-lock"));
    assert!(b.visible(gate3));
    assert_eq!(states(&b, C3), ["neutral", "wrong", "neutral", "missed"]);
    assert!(text(&b, &format!("{C3} .lab-lock-status")).contains("the answer is D"));

    // The regime choice and the demo lever behind the last gate.
    b.click("input[name='lab-v1-00-in-regime'][value='tiny']");
    assert!(
        text(&b, ".lab-page").contains("Cortex-M7"),
        "the regime card follows the choice"
    );
    b.keys("input[name='lab-v1-00-in-demo_batch']", KEY_END);
    assert!(b.visible("#lab-v1-00-fail-demo_oom .lab-failure-on"));
    assert_eq!(
        b.js("return document.querySelector('.lab-badge-live .lab-st-fail').classList.contains('lab-on')"),
        true,
        "the header badge turns red with the demo"
    );
    assert!(
        b.visible(".lab-badge-live .lab-st-fail"),
        "and says its failed state in words"
    );
    b.keys("input[name='lab-v1-00-in-demo_batch']", KEY_HOME);
    assert!(!b.visible("#lab-v1-00-fail-demo_oom .lab-failure-on"));

    assert_eq!(text(&b, "[data-hud-check='check1'] .hud-value"), "C ✓");
    assert_eq!(text(&b, "[data-hud-check='check2'] .hud-value"), "A,B ✗");
    let rec = fields(&b, "v1-00");
    assert_eq!(rec["check1_answer"], "C", "{rec}");
    assert_eq!(rec["check1_correct"], true, "{rec}");
    assert_eq!(rec["check2_selections"], "A,B", "{rec}");
    assert_eq!(rec["check3_answer"], "B", "{rec}");
    assert_eq!(rec["check3_correct"], false, "{rec}");
    assert_eq!(rec["deployment_context"], "tiny", "{rec}");
    assert!(b.console_errors().is_empty(), "no console errors on Lab 00");
    screenshots(&b, "lab00-locked");

    // Reload: every lock, choice and state is restored.
    b.refresh();
    ready(&b);
    assert!(b.visible(gate1) && b.visible(gate2) && b.visible(gate3));
    assert_eq!(states(&b, C2), ["right", "wrong", "neutral", "missed"]);
    assert_eq!(states(&b, C3), ["neutral", "wrong", "neutral", "missed"]);
    assert_eq!(
        b.js(&format!(
            "const i = document.querySelector(\"{C2} input[value='B']\"); return i.checked && i.disabled"
        )),
        true
    );
    assert_eq!(
        b.js("return document.querySelector(\"input[name='lab-v1-00-in-regime'][value='tiny']\").checked"),
        true
    );
    assert!(
        b.console_errors().is_empty(),
        "no console errors after the reload"
    );

    // Lab 01 starts in the regime chosen here (its context input is fed by a recall).
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    assert_eq!(
        b.js("return document.querySelector(\"input[name='lab-v1-01-in-context'][value='tiny']\").checked"),
        true,
        "the recalled regime set Lab 01's input"
    );
    let used = text(&b, ".lab-recall-use[data-input='context']");
    assert_eq!(used, "Using your Lab 00 value: TinyML (Cortex-M7).");
    b.click("input[name='lab-v1-01-in-context'][value='cloud']");
    let moved = text(&b, ".lab-recall-use[data-input='context']");
    assert!(
        moved.contains("the control now sets Cloud (H100)"),
        "{moved}"
    );
    // A regime Lab 01 has no option for keeps the default, and the page says so.
    b.goto(&format!("{base}vol1/lab00.html"));
    ready(&b);
    b.click("input[name='lab-v1-00-in-regime'][value='edge']");
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    let unfit = text(&b, ".lab-recall-use[data-input='context']");
    assert!(
        unfit.contains("edge, is not an option here: using the default Cloud (H100)"),
        "{unfit}"
    );
    assert!(b.console_errors().is_empty(), "no console errors on Lab 01");
}

#[test]
fn concept_checks_answered_the_other_way_in_a_fresh_load() {
    let Some((b, base)) = setup() else { return };
    fresh_lab00(&b, &base);
    // Check 1 wrong: A chosen, C missed.
    choose(&b, C1, &["A"]);
    assert_eq!(states(&b, C1), ["wrong", "neutral", "missed", "neutral"]);
    assert!(
        text(
            &b,
            &format!("{C1} .lab-feedback[data-option='C'] .lab-fb-state")
        )
        .contains("Missed")
    );
    // A single-choice check has no `missed` text: the answer's own feedback shows.
    assert!(b.visible(&format!("{C1} .lab-feedback[data-option='C'] .lab-fb-text")));
    assert!(
        b.visible(&format!("{C1}-gate")),
        "a wrong answer opens the gate too"
    );
    // Check 2 exactly right.
    choose(&b, C2, &["A", "D"]);
    assert_eq!(states(&b, C2), ["right", "neutral", "neutral", "right"]);
    assert!(text(&b, &format!("{C2} .lab-lock-status")).contains("exactly the correct set"));
    // Check 3 right.
    choose(&b, C3, &["D"]);
    assert_eq!(states(&b, C3), ["neutral", "neutral", "neutral", "right"]);
    let rec = fields(&b, "v1-00");
    assert_eq!(rec["check1_answer"], "A", "{rec}");
    assert_eq!(rec["check1_correct"], false, "{rec}");
    assert_eq!(rec["check2_selections"], "A,D", "{rec}");
    assert_eq!(rec["check3_correct"], true, "{rec}");
    assert_eq!(rec["deployment_context"], "cloud", "{rec}");
    assert_eq!(text(&b, "[data-hud-check='check2'] .hud-value"), "A,D ✓");
    b.refresh();
    ready(&b);
    assert_eq!(states(&b, C1), ["wrong", "neutral", "missed", "neutral"]);
    assert_eq!(states(&b, C2), ["right", "neutral", "neutral", "right"]);
    assert!(b.console_errors().is_empty(), "no console errors");

    // Without a Lab 00 record, Lab 01 says that it uses the default.
    b.js("localStorage.clear();");
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    assert_eq!(
        text(&b, ".lab-recall-use[data-input='context']"),
        "No record from Lab 00 yet: using the default Cloud (H100)."
    );
}

#[test]
fn without_javascript_checks_show_every_option_and_all_feedback() {
    let Some(book) = book_dir() else { return };
    let base = serve(&book);
    let b = Browser::start(false);
    b.goto(&format!("{base}vol1/lab00.html"));
    assert!(b.displayed(&format!("{C3}-gate")), "gated text is visible");
    assert!(
        b.displayed(&format!("{C2} .lab-feedback[data-option='D']")),
        "feedback is readable without JS"
    );
    assert!(
        b.displayed(&format!(
            "{C2} .lab-feedback[data-option='D'] .lab-fb-missed-text"
        )),
        "the `missed` feedback too, labelled"
    );
    assert!(
        !b.displayed(&format!("{C1} .lab-lock")),
        "no dead Check buttons"
    );
    if let Some(dir) = std::env::var_os("LABS_SCREENSHOTS").map(PathBuf::from) {
        let _ = std::fs::create_dir_all(&dir);
        b.set_window(1400, 12000);
        b.screenshot(&dir.join("lab00-nojs-1400.png"));
    }
}
