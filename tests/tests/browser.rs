//! The widgets in real headless Chromium, clicked as a student would.
//!
//! Needs the built book (`LABS_BOOK_DIR`, set by `cargo xtask test`) and Debian's chromium
//! and chromedriver. Without the book the tests say so and pass: plain `cargo test` stays
//! usable; the project's test command always provides it.

use std::path::Path;
use std::time::Duration;

use labs_tests::{Browser, book_dir, copy_dir, serve, serve_stalling};

const KEY_END: &str = "\u{E010}";
const KEY_HOME: &str = "\u{E011}";

fn setup() -> Option<(Browser, String)> {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return None;
    };
    let base = serve(&book);
    Some((Browser::start(true), base))
}

/// Counts canvas pixels that differ from the top-left (background) pixel.
const INK: &str = "const c = document.querySelector(arguments[0] || '.lab-chart canvas'); if (!c || !c.width) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i] !== d[0] || d[i+1] !== d[1] || d[i+2] !== d[2]) n++; } return n;";

fn ink(b: &Browser, css: &str) -> u64 {
    let script = INK.replace("arguments[0]", &format!("{css:?}"));
    b.js(&script).as_u64().unwrap_or(0)
}

fn ready(b: &Browser) {
    b.wait(
        "return document.documentElement.classList.contains('labs-ready')",
        "the widgets to start",
    );
}

#[test]
fn a_student_works_through_labs_01_and_02() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);

    // Act I instruments are hidden until the prediction is locked.
    let gate = "#lab-v1-01-pred-act1-gate";
    assert!(
        !b.visible(gate),
        "Act I instruments must be hidden before the lock"
    );
    assert!(b.visible(".lab-gate-msg.lab-pending"));
    b.click("input[name='lab-v1-01-pred-act1'][value='C']");
    b.click("#lab-v1-01-pred-act1 .lab-lock");
    assert!(b.visible(gate), "locking unlocks Act I");
    // The locked choice cannot change.
    assert_eq!(b.js("return document.querySelector(\"input[name='lab-v1-01-pred-act1'][value='A']\").disabled"), true);
    b.wait("return document.querySelector('#lab-v1-01-pred-act1-gate .lab-chart').classList.contains('lab-live')", "the chart");
    assert!(
        ink(&b, "#lab-v1-01-pred-act1-gate .lab-chart canvas") > 2000,
        "the Act I chart has drawn pixels"
    );
    let reveal = b.js(
        "return document.querySelector('#lab-v1-01-pred-act1-gate .lab-reveal-live').textContent",
    );
    assert!(
        reveal.as_str().unwrap_or("").contains("Correct"),
        "reveal: {reveal}"
    );
    assert!(
        reveal.as_str().unwrap_or("").contains("989,000"),
        "reveal quotes the model: {reveal}"
    );

    // Act II: lock, then switch to the microcontroller: the OOM banner appears, and clears.
    b.click("input[name='lab-v1-01-pred-act2'][value='B']");
    b.click("#lab-v1-01-pred-act2 .lab-lock");
    assert!(
        !b.visible("#lab-v1-01-fail-oom .lab-failure-on"),
        "no OOM on the H100"
    );
    let badge = "return document.querySelector('.lab-badges .lab-status').innerText";
    assert_eq!(b.js(badge), "Fits in memory", "the badge's ok words");
    b.click("input[name='lab-v1-01-in-hardware'][value='tiny']");
    assert!(
        b.visible("#lab-v1-01-fail-oom .lab-failure-on"),
        "OOM on the MCU"
    );
    assert_eq!(
        b.js(badge),
        "Out of memory",
        "a failed badge says so in words"
    );
    let msg = b.js("return document.querySelector('#lab-v1-01-fail-oom').textContent");
    assert!(
        msg.as_str().unwrap_or("").contains("191"),
        "OOM factor quoted: {msg}"
    );
    // Back on the H100 (timings of this switch: `cargo xtask bench`, tests/tests/bench.rs).
    b.click("input[name='lab-v1-01-in-hardware'][value='cloud']");
    assert!(
        !b.visible("#lab-v1-01-fail-oom .lab-failure-on"),
        "OOM clears when switching back"
    );
    assert!(
        ink(&b, "#lab-v1-01-pred-act2-gate .lab-chart canvas") > 1000,
        "the Iron Law chart has drawn pixels"
    );
    assert!(b.console_errors().is_empty(), "no console errors on Lab 01");

    // Reload: the prediction stays locked, the ledger record is there.
    b.refresh();
    ready(&b);
    assert!(b.visible(gate), "still unlocked after reload");
    assert_eq!(b.js("return document.querySelector(\"input[name='lab-v1-01-pred-act1'][value='C']\").checked"), true);
    assert_eq!(
        b.js(
            "return document.querySelector('#lab-v1-01-pred-act1').classList.contains('lab-locked')"
        ),
        true
    );
    let rec = b.js(
        "const k = Object.keys(localStorage).find(k => k.startsWith('mlsys-labs/ledger/v1/'));
         return k ? JSON.parse(localStorage.getItem(k)).labs['v1-01'].fields : null;",
    );
    assert_eq!(rec["act1_correct"], true, "ledger record: {rec}");
    assert_eq!(rec["act1_prediction"], "C");
    assert_eq!(rec["constraint_hit"], true, "the OOM was hit: {rec}");

    // Lab 02 shows Lab 01's record.
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    assert_eq!(
        b.js("return document.querySelector('.lab-recall').classList.contains('lab-found')"),
        true
    );
    let recall = b.js("return document.querySelector('.lab-recall').textContent");
    assert!(
        recall.as_str().unwrap_or("").contains("memory"),
        "recall shows Lab 01's bottleneck: {recall}"
    );

    // Move the distance slider past the SLA: the light-barrier failure shows.
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    b.click("input[name='lab-v1-02-pred-act2'][value='C']");
    b.click("#lab-v1-02-pred-act2 .lab-lock");
    assert!(
        !b.visible("#lab-v1-02-fail-light_barrier .lab-failure-on"),
        "off at the default 500 km"
    );
    b.keys("input[name='lab-v1-02-in-distance_km']", KEY_END);
    assert!(
        b.visible("#lab-v1-02-fail-light_barrier .lab-failure-on"),
        "5,000 km breaks the SLA by physics"
    );
    b.keys("input[name='lab-v1-02-in-distance_km']", KEY_HOME);
    assert!(
        !b.visible("#lab-v1-02-fail-light_barrier .lab-failure-on"),
        "backing off clears it"
    );
    assert!(ink(&b, "#lab-v1-02-pred-act2-gate .lab-chart canvas") > 1000);
    assert!(b.console_errors().is_empty(), "no console errors on Lab 02");
}

#[test]
fn storage_unavailable_shows_a_notice_and_keeps_working() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    // Make every write fail (as in a full or locked-down store), then reload the widgets' view
    // of it by reloading the page with the same broken storage.
    b.js("localStorage.clear();");
    b.goto(&format!("{base}vol1/lab02.html?broken"));
    b.js(
        "Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
         document.querySelectorAll('.lab-notice').forEach(n => n.remove());",
    );
    // Re-run the widgets on this page with the broken storage.
    b.js("return import(new URL('labs-assets/widgets.js', new URL(path_to_root, document.baseURI)).href).then(m => m.start())");
    b.wait(
        "return !!document.querySelector('.lab-notice')",
        "the storage notice",
    );
    let notice = b.js("return document.querySelector('.lab-notice').textContent");
    assert!(
        notice.as_str().unwrap_or("").contains("not being saved"),
        "{notice}"
    );
    // The page still works in memory.
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    assert!(b.visible("#lab-v1-02-pred-act1-gate"));
}

#[test]
fn without_javascript_all_text_and_snapshots_show() {
    let Some(book) = book_dir() else { return };
    let base = serve(&book);
    let b = Browser::start(false);
    b.goto(&format!("{base}vol1/lab01.html"));
    assert!(
        b.displayed("#lab-v1-01-pred-act1-gate"),
        "gated text is visible without JS"
    );
    assert!(
        b.displayed(".lab-snapshot"),
        "static chart snapshots are visible without JS"
    );
    assert!(
        b.displayed("#lab-v1-01-fail-oom"),
        "failure states are described without JS"
    );
    assert!(
        b.displayed(".lab-feedback"),
        "feedback text is visible without JS"
    );
    // The status words show the defaults' state: the H100 fits, its memory term binds.
    assert!(b.displayed(".lab-badges .lab-st-ok") && !b.displayed(".lab-badges .lab-st-fail"));
    assert!(
        b.displayed(".lab-st-fail.lab-on"),
        "the binding card says so"
    );
    // Proof that scripts really are off: the lock button only shows once widgets run.
    assert!(!b.displayed(".lab-lock"), "no dead lock buttons without JS");
}

/// A copy of the built book in a fresh temporary folder, to break on purpose.
fn book_copy(book: &Path, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("labs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(book, &dir);
    dir
}

/// The page is fully readable: the gate is open, no Lock button shows, the reason is said.
fn static_fallback(b: &Browser, what: &str) {
    b.wait_up_to(
        "return !document.documentElement.classList.contains('labs-js') && !!document.querySelector('.lab-widget-error')",
        what,
        Duration::from_secs(30),
    );
    assert!(
        b.visible("#lab-v1-01-pred-act1-gate"),
        "{what}: the gated content shows"
    );
    assert!(
        !b.displayed("#lab-v1-01-pred-act1 .lab-lock"),
        "{what}: no disabled Lock button is left on the page"
    );
}

#[test]
fn a_lab_that_cannot_start_falls_back_to_the_static_page() {
    let Some(book) = book_dir() else { return };
    let dir = book_copy(&book, "start-failure");
    // A page built for a spec version these widgets do not read.
    let page = dir.join("vol1/lab01.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let broken = html.replacen(
        "data-lab-page=\"{&quot;v&quot;:1,",
        "data-lab-page=\"{&quot;v&quot;:99,",
        1,
    );
    assert_ne!(html, broken, "the page carries its spec version");
    std::fs::write(&page, broken).unwrap();
    let base = serve(&dir);
    let b = Browser::start(true);
    b.goto(&format!("{base}vol1/lab01.html"));
    static_fallback(&b, "a start failure");
    let msg = b.js("return document.querySelector('.lab-widget-error').textContent");
    assert!(
        msg.as_str().unwrap_or("").contains("rebuild the book"),
        "the notice says why: {msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stalled_download_times_out_to_the_static_page() {
    let Some(book) = book_dir() else { return };
    // The wasm arrives only after the loader's 15 s limit.
    let base = serve_stalling(&book, Some((".wasm", Duration::from_secs(22))));
    let b = Browser::start(true);
    b.goto(&format!("{base}vol1/lab01.html"));
    static_fallback(&b, "a stalled download");
    let msg = b.js("return document.querySelector('.lab-widget-error').textContent");
    assert!(
        msg.as_str()
            .unwrap_or("")
            .contains("did not arrive within 15 s"),
        "the notice says why: {msg}"
    );
}

/// The ledger's storage key and its parsed value (null when absent).
const LEDGER: &str = "const k = document.querySelector('[data-ledger-key]').dataset.ledgerKey;
  const t = localStorage.getItem(k); return JSON.stringify({ key: k, text: t, labs: t && t.startsWith('{\"') ? Object.keys(JSON.parse(t).labs || {}) : [] });";

fn ledger(b: &Browser) -> serde_json::Value {
    serde_json::from_str(b.js(LEDGER).as_str().unwrap_or("{}")).unwrap_or_default()
}

/// Moves Lab 02's last slider (the batch size), which saves the lab's record.
fn save_lab02(b: &Browser, batch: u32) {
    b.js(&format!(
        "const all = [...document.querySelectorAll('.lab-control input[type=range]')]; const s = all[all.length - 1];
         s.value = '{batch}'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));"
    ));
}

fn notice(b: &Browser) -> String {
    let n = b.js("const n = document.querySelector('.lab-notice'); return n ? n.textContent : ''");
    n.as_str().unwrap_or_default().to_string()
}

#[test]
fn the_ledger_merges_other_tabs_and_survives_a_cleared_or_unreadable_store() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    let l = ledger(&b);
    assert_eq!(l["labs"], serde_json::json!(["v1-02"]), "{l}");
    // Another tab saves another lab in between: this page's next save keeps that record.
    b.js(
        "const k = Object.keys(localStorage).find(k => k.startsWith('mlsys-labs/ledger/v1/'));
          const v = JSON.parse(localStorage.getItem(k));
          v.labs['v2-99'] = { fields: { x: 1 }, state: {}, updated: '2099-01-01T00:00:00.000Z' };
          localStorage.setItem(k, JSON.stringify(v));",
    );
    save_lab02(&b, 4);
    let mut labs: Vec<String> = serde_json::from_value(ledger(&b)["labs"].clone()).unwrap();
    labs.sort();
    assert_eq!(
        labs,
        ["v1-02", "v2-99"],
        "another tab's record survives a save"
    );
    // Storage cleared while the page is open: the next save says so and writes everything back.
    b.js("localStorage.clear();");
    save_lab02(&b, 5);
    let mut labs: Vec<String> = serde_json::from_value(ledger(&b)["labs"].clone()).unwrap();
    labs.sort();
    assert_eq!(labs, ["v1-02", "v2-99"], "a cleared store is written back");
    assert!(notice(&b).contains("cleared"), "{}", notice(&b));
    // Reading fails while writing works: nothing is written, and the page says so.
    let before = ledger(&b)["text"].clone();
    b.js("window.__get = Storage.prototype.getItem; Storage.prototype.getItem = function () { throw new DOMException('denied', 'SecurityError'); };");
    save_lab02(&b, 6);
    b.js("Storage.prototype.getItem = window.__get;");
    assert_eq!(
        ledger(&b)["text"],
        before,
        "a failed read never leads to a blind write"
    );
    assert!(notice(&b).contains("not being saved"), "{}", notice(&b));
    // The next save that can read goes through again.
    save_lab02(&b, 7);
    let l = ledger(&b);
    assert_ne!(l["text"], before, "saving resumes: {l}");
}

/// Locks Lab 01's Act I prediction, which saves its record.
fn save_lab01(b: &Browser) {
    b.click("input[name='lab-v1-01-pred-act1'][value='A']");
    b.click("#lab-v1-01-pred-act1 .lab-lock");
}

fn saved_labs(b: &Browser) -> Vec<String> {
    let mut labs: Vec<String> =
        serde_json::from_value(ledger(b)["labs"].clone()).unwrap_or_default();
    labs.sort();
    labs
}

/// Two real tabs of one browser (one localStorage): saves alternating between two labs' tabs
/// keep both records every time, and the same lab changed in another tab is said in place.
#[test]
fn two_tabs_keep_both_labs_and_say_when_the_same_lab_changed() {
    let Some((b, base)) = setup() else { return };
    let first = b.tab();
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    let second = b.new_tab();
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    save_lab01(&b);
    assert_eq!(saved_labs(&b), ["v1-01", "v1-02"]);
    // Saves in quick turns, each tab unaware of the other's last write until it reads.
    for trial in 0..12 {
        b.switch_to(&first);
        save_lab02(&b, 2 + trial % 6);
        b.switch_to(&second);
        let value = if trial % 2 == 0 { "tiny" } else { "cloud" };
        b.click(&format!(
            "input[name='lab-v1-01-in-context'][value='{value}']"
        ));
        assert_eq!(saved_labs(&b), ["v1-01", "v1-02"], "trial {trial}");
    }
    // The same lab in both tabs: the other tab's save is announced where the student looks.
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    save_lab02(&b, 8);
    b.switch_to(&first);
    b.wait(
        "const n = document.querySelector('.lab-notice'); return !!n && n.textContent.includes('another tab');",
        "the notice that another tab changed this lab",
    );
    assert_eq!(saved_labs(&b), ["v1-01", "v1-02"]);
}

#[test]
fn an_unreadable_or_newer_ledger_is_never_overwritten() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    let key = ledger(&b)["key"].as_str().unwrap().to_string();
    // Unreadable data on a store too full to hold a backup copy.
    b.js(&format!(
        "localStorage.setItem('{key}', '{{not json');
         window.__set = Storage.prototype.setItem;
         Storage.prototype.setItem = function (k, v) {{ if (k.includes('/unreadable-')) throw new DOMException('quota', 'QuotaExceededError'); return window.__set.call(this, k, v); }};
         document.querySelectorAll('.lab-notice').forEach(n => n.remove());"
    ));
    b.js("return import(new URL('labs-assets/widgets.js', new URL(path_to_root, document.baseURI)).href).then(m => m.start())");
    b.wait(
        "return !!document.querySelector('.lab-notice')",
        "the notice",
    );
    let n = notice(&b);
    assert!(
        n.contains("no room to keep a copy") && !n.contains("storage key"),
        "{n}"
    );
    save_lab02(&b, 3);
    assert_eq!(
        ledger(&b)["text"],
        "{not json",
        "the unreadable original is left untouched"
    );
    // A ledger written by a newer version of the book is read but never overwritten.
    let newer = r#"{"v":2,"labs":{"v1-01":{"fields":{},"state":{},"updated":"2099-01-01T00:00:00.000Z","future":true}},"extra":1}"#;
    b.js(&format!(
        "Storage.prototype.setItem = window.__set; localStorage.setItem('{key}', '{newer}');
         document.querySelectorAll('.lab-notice').forEach(n => n.remove());"
    ));
    b.js("return import(new URL('labs-assets/widgets.js', new URL(path_to_root, document.baseURI)).href).then(m => m.start())");
    b.wait(
        "return !!document.querySelector('.lab-notice')",
        "the notice",
    );
    assert!(notice(&b).contains("newer version"), "{}", notice(&b));
    save_lab02(&b, 9);
    assert_eq!(
        ledger(&b)["text"],
        newer,
        "the newer ledger is kept as it was"
    );
}

#[test]
fn a_saved_lock_that_names_no_option_restores_as_open() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    let key = ledger(&b)["key"].as_str().unwrap().to_string();
    b.js(&format!(
        "localStorage.setItem('{key}', JSON.stringify({{ v: 1, labs: {{ 'v1-02': {{ fields: {{}}, state: {{ predictions: {{ act1: 'Z' }} }}, updated: '2026-01-01T00:00:00.000Z' }} }} }}));"
    ));
    b.refresh();
    ready(&b);
    assert!(
        !b.visible("#lab-v1-02-pred-act1-gate"),
        "an invalid lock keeps the gate closed"
    );
    // The prediction can still be answered.
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    assert!(b.visible("#lab-v1-02-pred-act1-gate"));
}

#[test]
fn two_books_with_one_title_on_one_origin_keep_separate_ledgers() {
    let Some(book) = book_dir() else { return };
    // The same book deployed twice on one site, under /a/ and /b/.
    let dir = std::env::temp_dir().join(format!("labs-two-books-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["a", "b"] {
        let copy = book_copy(&book, &format!("two-books-{sub}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::rename(&copy, dir.join(sub)).unwrap();
    }
    let base = serve(&dir);
    let b = Browser::start(true);
    b.goto(&format!("{base}a/vol1/lab02.html"));
    ready(&b);
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.click("#lab-v1-02-pred-act1 .lab-lock");
    let key_a = ledger(&b)["key"].as_str().unwrap_or_default().to_string();
    assert!(
        key_a.ends_with("@/a/"),
        "the namespace carries the site path: {key_a}"
    );
    b.goto(&format!("{base}b/vol1/lab02.html"));
    ready(&b);
    assert!(
        !b.visible("#lab-v1-02-pred-act1-gate"),
        "the other book's lock does not leak into this one"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_panic_in_the_widgets_says_where_and_leaves_the_page_static() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    // As if a handler of the first prediction had panicked: the widgets mark what they were
    // handling, and the abort reaches the page as an uncaught error.
    b.js(
        "document.documentElement.setAttribute('data-labs-busy', 'lab-v1-01-pred-act1');
          import(new URL('labs-assets/widgets.js', new URL(path_to_root, document.baseURI)).href)
            .then(m => setTimeout(() => m.panic_for_tests(), 0));",
    );
    static_fallback(&b, "a panic");
    let msg = b.js("return document.querySelector('.lab-widget-error').textContent");
    let msg = msg.as_str().unwrap_or("");
    assert!(
        msg.contains("lab-v1-01-pred-act1") && msg.contains("unreachable"),
        "{msg}"
    );
}

/// Only lab pages fetch the widgets: the introduction and print.html never download the
/// wasm (nor warn about an unused preload); a lab page fetches it once, from its first line.
#[test]
fn only_lab_pages_download_the_widgets() {
    let Some((b, base)) = setup() else { return };
    const FETCHED: &str = "return performance.getEntriesByType('resource').filter(e => e.name.includes('labs-assets/')).map(e => e.name.split('/').pop());";
    for page in ["introduction.html", "print.html"] {
        b.goto(&format!("{base}{page}"));
        b.wait("return document.readyState === 'complete'", page);
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(b.js(FETCHED), serde_json::json!([]), "{page}");
        let errs = b.console_errors();
        assert!(errs.is_empty(), "{page}: {errs:?}");
    }
    b.goto(&format!("{base}vol1/lab01.html"));
    ready(&b);
    let fetched = b.js(FETCHED).to_string();
    assert!(fetched.contains("widgets_bg.wasm"), "{fetched}");
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('widgets_bg.wasm')).length"),
        serde_json::json!(1),
        "the wasm is downloaded once"
    );
}

/// A course book downloaded and opened from disk: the widgets start from `file://` (the
/// classic-script bundle with the module inlined), a prediction locks, the chart draws, the
/// ledger saves, and nothing is logged as an error.
#[test]
fn opened_from_disk_the_lab_works() {
    let Some(book) = book_dir() else {
        eprintln!("skipped: LABS_BOOK_DIR is not set (run `cargo xtask test`)");
        return;
    };
    let b = Browser::start(true);
    let dir = book.canonicalize().unwrap_or(book);
    b.goto(&format!("file://{}/vol1/lab01.html", dir.display()));
    ready(&b);
    b.click("input[name='lab-v1-01-pred-act1'][value='C']");
    b.click("#lab-v1-01-pred-act1 .lab-lock");
    b.wait(
        "return document.querySelector('#lab-v1-01-pred-act1-gate .lab-chart').classList.contains('lab-live')",
        "the chart",
    );
    assert!(ink(&b, "#lab-v1-01-pred-act1-gate .lab-chart canvas") > 2000);
    let l = ledger(&b);
    assert_eq!(l["labs"], serde_json::json!(["v1-01"]), "{l}");
    let errs = b.console_errors();
    assert!(errs.is_empty(), "{errs:?}");
}

/// The keyboard: after each action the focus is on a visible element (never the page body,
/// where mdBook's arrow keys change chapter), and no arrow key on any lab control leaves the page.
#[test]
fn the_keyboard_never_leaves_the_lab() {
    let Some((b, base)) = setup() else { return };
    let url = format!("{base}vol1/lab02.html");
    b.goto(&url);
    ready(&b);
    const FOCUS: &str = "const a = document.activeElement; return !!a && a !== document.body && a.getClientRects().length > 0 && !!a.closest('.lab-page');";
    b.click("input[name='lab-v1-02-pred-act1'][value='B']");
    b.keys("input[name='lab-v1-02-pred-act1'][value='B']", "\u{E014}");
    b.js("document.querySelector('#lab-v1-02-pred-act1 .lab-lock').focus()");
    b.keys("#lab-v1-02-pred-act1 .lab-lock", "\u{E007}");
    b.wait(
        "return document.querySelector('#lab-v1-02-pred-act1-gate').classList.contains('lab-unlocked')",
        "the lock by keyboard",
    );
    assert_eq!(
        b.js(FOCUS),
        true,
        "after the lock the focus stays on the lab"
    );
    // Arrow keys on every kind of lab control: buttons, summaries, toggles, sliders, radios.
    let targets = b.js(
        "return [...document.querySelectorAll('.lab-page :is(button, summary, input, select, [tabindex])')]
           .filter(e => e.getClientRects().length > 0 && !e.disabled)
           .map((e, i) => { e.setAttribute('data-kbd', i); return '[data-kbd=\"' + i + '\"]'; })",
    );
    let targets: Vec<String> = serde_json::from_value(targets).unwrap_or_default();
    assert!(targets.len() > 5, "{targets:?}");
    for css in &targets {
        b.js(&format!("document.querySelector({css:?}).focus()"));
        b.keys(css, "\u{E014}\u{E012}");
        assert_eq!(
            b.js("return location.pathname.endsWith('/vol1/lab02.html')"),
            true,
            "an arrow key on {css} changed the page"
        );
    }
}

/// Search: a word that appears only in a locked part of a lab (a reveal's feedback) is found by
/// mdBook's search, and following the result lands on a visible note that says where the text
/// is, next to the prediction that opens it.
#[test]
fn a_search_result_in_a_locked_part_says_where_it_is() {
    let Some((b, base)) = setup() else { return };
    b.goto(&format!("{base}vol1/lab02.html"));
    ready(&b);
    b.click("#mdbook-search-toggle");
    b.keys("#mdbook-searchbar", "pessimistic");
    b.wait(
        "return [...document.querySelectorAll('#mdbook-searchresults a')].some(a => a.href.includes('lab02.html'))",
        "a search result in Lab 02",
    );
    let href = b.js(
        "return [...document.querySelectorAll('#mdbook-searchresults a')].find(a => a.href.includes('lab02.html')).href",
    );
    b.goto(href.as_str().unwrap_or_default());
    ready(&b);
    b.wait(
        "const n = document.querySelector('.lab-locate'); return !!n && n.getClientRects().length > 0",
        "the note that says where the result is",
    );
    let note = b.js("return document.querySelector('.lab-locate').textContent");
    let note = note.as_str().unwrap_or_default();
    assert!(
        note.contains("Act I") && note.contains("after this prediction"),
        "{note}"
    );
    assert_eq!(
        b.js("const n = document.querySelector('.lab-locate'); const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight"),
        true,
        "the note is in view"
    );
}
