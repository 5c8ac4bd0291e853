//! The browser side of the lab book: hydrates the preprocessor's placeholders.
//!
//! One exported function, [`start`], finds every `.lab-page` in the document and brings its
//! widgets to life. Each page evaluates its physics model (the same code the build used) on
//! every input change, then updates only what changed: live numbers, conditional classes,
//! the charts whose values moved. The design ledger lives in `localStorage` under a key
//! namespaced by the book; when storage is unavailable the page says so and keeps working in
//! memory, and the export button still works.

mod chart;
mod check;
mod dashboard;
mod dom;
mod ledger;
mod page;
mod recall;

use wasm_bindgen::prelude::*;

/// Hydrates every lab page in the document. Returns the number of pages hydrated.
#[wasm_bindgen]
pub fn start() -> Result<u32, JsValue> {
    let doc = dom::document()?;
    let pages = doc.query_selector_all(".lab-page")?;
    let mut n = 0;
    for i in 0..pages.length() {
        let Some(el) = pages
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        // The ledger page (`lab dashboard`) is a page of its own, with no model.
        let hydrated = if el.class_list().contains("lab-dashboard") {
            dashboard::hydrate(el.clone())
        } else {
            page::Lab::hydrate(el.clone())
        };
        match hydrated {
            Ok(()) => n += 1,
            Err(e) => dom::show_error(
                &el,
                &format!("This lab could not start: {}", dom::describe(&e)),
            ),
        }
    }
    Ok(n)
}

/// Aborts the module as a panic in a handler would: lets the browser tests check that the
/// page says which part stopped and falls back to its static text.
#[wasm_bindgen]
pub fn panic_for_tests() {
    panic!("a deliberate panic for the browser tests");
}
