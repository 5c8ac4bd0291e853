//! Small helpers over web-sys.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement, Window};

pub(crate) fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub(crate) fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A readable message from a thrown JS value.
pub(crate) fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// All elements under `root` matching `sel`, `root` itself included if it matches.
pub(crate) fn all(root: &Element, sel: &str) -> Vec<Element> {
    let mut v = Vec::new();
    if root.matches(sel).unwrap_or(false) {
        v.push(root.clone());
    }
    if let Ok(list) = root.query_selector_all(sel) {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                v.push(e);
            }
        }
    }
    v
}

pub(crate) fn one(root: &Element, sel: &str) -> Option<Element> {
    root.query_selector(sel).ok().flatten()
}

pub(crate) fn inputs(root: &Element, sel: &str) -> Vec<HtmlInputElement> {
    all(root, sel)
        .into_iter()
        .filter_map(|e| e.dyn_into().ok())
        .collect()
}

pub(crate) fn set_class(el: &Element, class: &str, on: bool) {
    let _ = el.class_list().toggle_with_force(class, on);
}

pub(crate) fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

/// Replaces a widget's content with a visible error, so a failure is never a blank area.
pub(crate) fn show_error(el: &Element, msg: &str) {
    let Ok(doc) = document() else { return };
    if let Ok(div) = doc.create_element("div") {
        div.set_class_name("lab-widget-error");
        let _ = div.set_attribute("role", "alert");
        div.set_text_content(Some(msg));
        let _ = el.prepend_with_node_1(&div);
    }
}

/// Attaches an event listener for the lifetime of the page.
///
/// While the handler runs, `<html data-labs-busy>` names what the event hit (the nearest
/// element with an id, else the event type). A panic aborts the WebAssembly instance before
/// the attribute is cleared, so the loader's error handler can tell the student which part of
/// the lab stopped, instead of only "unreachable".
pub(crate) fn on(
    target: &web_sys::EventTarget,
    event: &str,
    mut f: impl FnMut(web_sys::Event) + 'static,
) {
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let html = document().ok().and_then(|d| d.document_element());
        if let Some(h) = &html {
            let _ = h.set_attribute("data-labs-busy", &busy_name(&e));
        }
        f(e);
        if let Some(h) = &html {
            let _ = h.remove_attribute("data-labs-busy");
        }
    });
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}

/// What an event hit, for an error message: the id of the nearest element that has one
/// (`lab-v1-02-pred-act1`), else the event's type (`resize`).
fn busy_name(e: &web_sys::Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[id]").ok().flatten())
        .map(|el| el.id())
        .unwrap_or_else(|| e.type_())
}
