//! One lab page: its model, its state, and the widgets that show them.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use physics::model::{InputKind, Model, Value, Values};
use plotters::prelude::*;
use render::chart::Theme;
use render::cond::Cond;
use render::from_json::{self, FromJson};
use render::json;
use render::json::{Map, Value as Json};
use render::spec::{
    self, FieldSource, OptValue, Page, PredOption, RecallField, Widget, WidgetKind,
};
use render::{Env, template};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::chart::{Chart, Drawing};
use crate::check::Check;
use crate::dom::{self, all, inputs, on, one, set_class, set_text};
use crate::ledger::{self, Ledger, Persist};
use crate::recall;

struct Prediction {
    el: Element,
    id: String,
    correct: String,
    options: Vec<PredOption>,
    tolerance: Option<f64>,
    numeric: bool,
    locked: Option<String>,
}

struct Reveal {
    el: Element,
    prediction: String,
    actual: String,
    actual_num: Option<f64>,
    points: bool,
}

struct Failure {
    id: String,
    when: Cond,
    /// `info` states are told in neutral words ("on", "off"), not as failures.
    info: bool,
}

struct Reflection {
    el: Element,
    id: String,
    correct: String,
    chosen: Option<String>,
}

struct Recall {
    el: Element,
    from: String,
    fields: Vec<RecallField>,
    /// The recalled values last written into fed inputs (so another tab's save re-applies
    /// only a value that changed).
    applied: Vec<(&'static str, Value)>,
}

struct State {
    model: &'static Model,
    page: Page,
    inputs: Values,
    env: Env,
    /// Live spans: element, value name, format, last text written.
    values: Vec<(Element, String, String, String)>,
    /// Conditional elements and their last state.
    whens: Vec<(Element, Cond, Option<bool>)>,
    controls: Vec<(String, Element)>,
    predictions: Vec<Prediction>,
    checks: Vec<Check>,
    gates: Vec<(Element, String)>,
    charts: Vec<Chart>,
    reveals: Vec<Reveal>,
    failures: Vec<Failure>,
    fired: BTreeSet<String>,
    reflections: Vec<Reflection>,
    ledger_fields: Vec<spec::Field>,
    ledger_els: Vec<Element>,
    recalls: Vec<Recall>,
    huds: Vec<Element>,
    ledger: Ledger,
    theme: Theme,
    notice: Option<Element>,
    /// Metric cards and what was last said about each (label and value), for the one polite
    /// announcement a settled control change makes.
    cards: Vec<(Element, String)>,
}

/// A hydrated lab page.
pub(crate) struct Lab {
    root: Element,
    state: RefCell<State>,
}

fn parse_widget(el: &Element) -> Result<WidgetKind, String> {
    let raw = el.get_attribute("data-lab").unwrap_or_default();
    let v: Json = json::parse(&raw).map_err(|e| format!("unreadable widget spec ({e})"))?;
    let ver = v.get("v").and_then(Json::as_u64).unwrap_or(0);
    if ver != u64::from(spec::VERSION) {
        return Err(format!(
            "this page was built for widget spec version {ver}, but these widgets read version {}; rebuild the book",
            spec::VERSION
        ));
    }
    Widget::from_json(&v)
        .map(|w| w.kind)
        .map_err(|e| format!("unreadable widget spec ({e})"))
}

fn read_theme(root: &Element) -> Theme {
    let mut t = Theme::light();
    let Some(style) = dom::window()
        .ok()
        .and_then(|w| w.get_computed_style(root).ok().flatten())
    else {
        return t;
    };
    let get = |name: &str| -> Option<RGBColor> {
        let v = style.get_property_value(name).ok()?;
        let h = v.trim().strip_prefix('#')?;
        if h.len() != 6 {
            return None;
        }
        let n = u32::from_str_radix(h, 16).ok()?;
        Some(RGBColor((n >> 16) as u8, (n >> 8) as u8, n as u8))
    };
    for (name, c) in t.tokens.iter_mut() {
        if let Some(v) = get(&format!("--lab-{name}")) {
            *c = v;
        }
    }
    if let Some(c) = get("--lab-text") {
        t.text = c;
    }
    if let Some(c) = get("--lab-muted") {
        t.muted = c;
    }
    if let Some(c) = get("--lab-grid") {
        t.grid = c;
    }
    if let Some(c) = get("--lab-bg") {
        t.background = c;
    }
    t
}

fn json_value(v: Value) -> Json {
    match v {
        Value::Num(x) => json!(x),
        Value::Bool(b) => json!(b),
        Value::Text(t) => json!(t),
    }
}

/// A stored JSON value as a model input value (choice texts mapped to the model's options).
pub(crate) fn input_value(model: &Model, name: &str, j: &Json) -> Option<Value> {
    let def = model.input(name)?;
    let v = match (def.kind, j) {
        (InputKind::Range { .. }, Json::Number(n)) => Value::Num(n.as_f64()?),
        (InputKind::Toggle { .. }, Json::Bool(b)) => Value::Bool(*b),
        (InputKind::Choice { options, .. }, Json::String(s)) => {
            Value::Text(options.iter().find(|o| o.value == s)?.value)
        }
        _ => return None,
    };
    def.normalize(v)
}

impl Lab {
    pub(crate) fn hydrate(root: Element) -> Result<(), JsValue> {
        let page: Page =
            from_json::from_str(&root.get_attribute("data-lab-page").unwrap_or_default())
                .map_err(|e| JsValue::from_str(&format!("unreadable page spec ({e})")))?;
        if page.v != spec::VERSION {
            return Err(JsValue::from_str(
                "this page was built for another widget version; rebuild the book",
            ));
        }
        let model = physics::labs::find(&page.lab).ok_or_else(|| {
            JsValue::from_str(&format!("no model `{}` in these widgets", page.lab))
        })?;
        let ledger = Ledger::open(&page.book);
        // Where support (and the tests) find this book's ledger in storage.
        let _ = root.set_attribute("data-ledger-key", ledger.key());
        let inputs = model.defaults();
        let env = Env::eval(model, &inputs);
        let mut st = State {
            model,
            page,
            inputs,
            env,
            values: Vec::new(),
            whens: Vec::new(),
            controls: Vec::new(),
            predictions: Vec::new(),
            checks: Vec::new(),
            gates: Vec::new(),
            charts: Vec::new(),
            reveals: Vec::new(),
            failures: Vec::new(),
            fired: BTreeSet::new(),
            reflections: Vec::new(),
            ledger_fields: Vec::new(),
            ledger_els: Vec::new(),
            recalls: Vec::new(),
            huds: Vec::new(),
            ledger,
            theme: read_theme(&root),
            notice: None,
            cards: Vec::new(),
        };
        st.cards = all(&root, ".lab-card")
            .into_iter()
            .map(|c| {
                let said = card_words(&c);
                (c, said)
            })
            .collect();
        for el in all(&root, ".lab-val[data-v]") {
            let name = el.get_attribute("data-v").unwrap_or_default();
            let fmt = el.get_attribute("data-f").unwrap_or_default();
            let text = el.text_content().unwrap_or_default();
            st.values.push((el, name, fmt, text));
        }
        for el in all(&root, "[data-when]") {
            match from_json::from_str::<Cond>(&el.get_attribute("data-when").unwrap_or_default()) {
                Ok(c) => st.whens.push((el, c, None)),
                Err(e) => dom::show_error(&el, &format!("unreadable condition ({e})")),
            }
        }
        for el in all(&root, "[data-lab]") {
            match parse_widget(&el) {
                Ok(kind) => st.add(el, kind),
                Err(msg) => dom::show_error(&el, &format!("This widget could not start: {msg}")),
            }
        }
        let lab = Rc::new(Lab {
            root,
            state: RefCell::new(st),
        });
        lab.restore();
        {
            // Values recalled from earlier labs win over this page's own saved inputs: the
            // earlier lab may have been redone since.
            let mut st = lab.state.borrow_mut();
            if st.apply_recalled(true) {
                st.write_controls();
            }
        }
        lab.wire()?;
        {
            let mut st = lab.state.borrow_mut();
            let id = st.page.lab.clone();
            st.ledger.note_newer(&id);
            st.notice_update(&lab.root);
        }
        lab.update(true);
        lab.refresh();
        Ok(())
    }

    /// Restores inputs, locks and choices from this lab's ledger record.
    fn restore(&self) {
        let mut st = self.state.borrow_mut();
        let Some(state) = st
            .ledger
            .record(&st.page.lab)
            .and_then(|r| r.get("state"))
            .cloned()
        else {
            // No record: read what the student may have clicked before hydration finished.
            st.read_controls();
            return;
        };
        let model = st.model;
        if let Some(obj) = state.get("inputs").and_then(Json::as_object) {
            for (k, j) in obj {
                if let (Some(def), Some(v)) = (model.input(k), input_value(model, k, j)) {
                    st.inputs.set(def.name, v);
                }
            }
        }
        st.write_controls();
        if let Some(obj) = state.get("predictions").and_then(Json::as_object) {
            for p in st.predictions.iter_mut() {
                // Only a lock this prediction could have made restores as locked: a finite
                // number for a numeric one, one of its option keys otherwise. Anything else
                // (a hand-edited or foreign record) leaves it open to answer again.
                let valid = |v: &&str| {
                    if p.numeric {
                        v.trim().parse::<f64>().is_ok_and(f64::is_finite)
                    } else {
                        p.options.iter().any(|o| o.key == *v)
                    }
                };
                if let Some(v) = obj.get(&p.id).and_then(Json::as_str).filter(valid) {
                    p.locked = Some(v.to_string());
                }
            }
        }
        if let Some(obj) = state.get("checks").and_then(Json::as_object) {
            for c in st.checks.iter_mut() {
                if let Some(saved) = obj.get(&c.id) {
                    c.restore(saved);
                }
            }
        }
        if let Some(obj) = state.get("reflections").and_then(Json::as_object) {
            for r in st.reflections.iter_mut() {
                r.chosen = obj.get(&r.id).and_then(Json::as_str).map(String::from);
            }
        }
        if let Some(list) = state.get("fired").and_then(Json::as_array) {
            st.fired
                .extend(list.iter().filter_map(Json::as_str).map(String::from));
        }
    }

    fn wire(self: &Rc<Self>) -> Result<(), JsValue> {
        crate::chart::wire_table_toggles(&self.root);
        let st = self.state.borrow();
        for (name, el) in &st.controls {
            for input in inputs(el, "input") {
                let (lab, name, el) = (self.clone(), name.clone(), el.clone());
                let ev = if input.type_() == "range" {
                    "input"
                } else {
                    "change"
                };
                on(&input, ev, move |_| lab.control_changed(&name, &el));
            }
            if let Some(sel) = one(el, "select") {
                let (lab, name, el) = (self.clone(), name.clone(), el.clone());
                on(&sel, "change", move |_| lab.control_changed(&name, &el));
            }
            // Once a control settles (a slider released or stepped, a choice made), say which
            // visible metric cards changed: once, politely, not on every intermediate value.
            for target in inputs(el, "input")
                .into_iter()
                .map(Element::from)
                .chain(one(el, "select"))
            {
                let lab = self.clone();
                on(&target, "change", move |_| lab.announce());
            }
        }
        for (i, p) in st.predictions.iter().enumerate() {
            if let Some(btn) = one(&p.el, ".lab-lock") {
                let _ = btn.remove_attribute("disabled");
                let lab = self.clone();
                on(&btn, "click", move |_| lab.lock(i));
            }
        }
        for (i, c) in st.checks.iter().enumerate() {
            if let Some(btn) = one(&c.el, ".lab-lock") {
                let _ = btn.remove_attribute("disabled");
                let lab = self.clone();
                on(&btn, "click", move |_| lab.lock_check(i));
            }
        }
        for (i, r) in st.reflections.iter().enumerate() {
            for input in inputs(&r.el, "input[type=radio]") {
                let lab = self.clone();
                on(&input, "change", move |e| {
                    let v = e
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                        .map(|i| i.value());
                    lab.reflect(i, v);
                });
            }
        }
        for el in &st.ledger_els {
            if let Some(btn) = one(el, ".lab-export") {
                let _ = btn.remove_attribute("disabled");
                let lab = self.clone();
                on(&btn, "click", move |_| lab.export());
            }
        }
        let w = dom::window()?;
        let lab = self.clone();
        on(&w, "resize", move |_| lab.update(true));
        // Another tab may save a lab this page recalls.
        let lab = self.clone();
        on(&w, "storage", move |_| {
            let moved = {
                let mut st = lab.state.borrow_mut();
                let own = st.page.lab.clone();
                st.ledger.refresh_others(&own);
                let moved = st.apply_recalled(false);
                if moved {
                    st.write_controls();
                }
                moved
            };
            if moved {
                lab.update(false);
            }
            lab.refresh();
            lab.state.borrow_mut().notice_update(&lab.root);
        });
        // mdBook switches themes by changing the class of <html>: re-theme the charts.
        let lab = self.clone();
        let cb = Closure::<dyn FnMut()>::new(move || {
            {
                let mut st = lab.state.borrow_mut();
                st.theme = read_theme(&lab.root);
            }
            lab.update(true);
        });
        let obs = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref())?;
        let init = web_sys::MutationObserverInit::new();
        init.set_attributes(true);
        init.set_attribute_filter(&js_sys::Array::of1(&JsValue::from_str("class")));
        if let Some(html) = dom::document()?.document_element() {
            obs.observe_with_options(&html, &init)?;
        }
        cb.forget();
        Ok(())
    }

    /// A control moved: read that control (not the other controls of the same input, which
    /// still show the old value) and update the page.
    fn control_changed(&self, name: &str, el: &Element) {
        {
            let mut st = self.state.borrow_mut();
            st.read_control(name, Some(el));
            // A recall box says whether a fed input still has its recalled value.
            st.recalls_update();
        }
        self.update(false);
        self.save();
    }

    /// Writes the visible cards whose words changed since the last announcement into the
    /// page's polite live region.
    fn announce(&self) {
        let mut st = self.state.borrow_mut();
        let mut said = Vec::new();
        for (card, last) in st.cards.iter_mut() {
            if card
                .closest(".lab-gate:not(.lab-unlocked)")
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            let now = card_words(card);
            if *last != now {
                said.push(now.clone());
                *last = now;
            }
        }
        if said.is_empty() {
            return;
        }
        let region = one(&self.root, ".lab-announce").or_else(|| {
            let d = dom::document().ok()?.create_element("div").ok()?;
            let _ = d.set_attribute("class", "lab-announce lab-sr");
            let _ = d.set_attribute("role", "status");
            let _ = d.set_attribute("aria-live", "polite");
            let _ = self.root.append_child(&d);
            Some(d)
        });
        if let Some(r) = region {
            said.truncate(4);
            set_text(&r, &format!("{}.", said.join("; ")));
        }
    }

    fn lock(self: &Rc<Self>, i: usize) {
        {
            let mut st = self.state.borrow_mut();
            let Some(p) = st.predictions.get_mut(i) else {
                return;
            };
            if p.locked.is_some() {
                return;
            }
            let chosen = if p.numeric {
                inputs(&p.el, "input[type=number]")
                    .first()
                    .map(|i| i.value())
                    .filter(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
            } else {
                inputs(&p.el, "input[type=radio]")
                    .into_iter()
                    .find(|i| i.checked())
                    .map(|i| i.value())
            };
            match chosen {
                Some(v) => p.locked = Some(v.trim().to_string()),
                None => {
                    if let Some(s) = one(&p.el, ".lab-lock-status") {
                        let msg = if p.numeric {
                            "Enter a number in range first."
                        } else {
                            "Choose an option first."
                        };
                        set_text(&s, msg);
                    }
                    return;
                }
            }
        }
        self.refresh();
        self.update_model();
        self.save();
        if let Some(p) = self.state.borrow().predictions.get(i) {
            focus_status(&p.el);
        }
        self.draw_after_paint();
    }

    fn lock_check(self: &Rc<Self>, i: usize) {
        let locked = {
            let mut st = self.state.borrow_mut();
            st.checks.get_mut(i).is_some_and(Check::lock)
        };
        if locked {
            self.refresh();
            self.save();
            if let Some(c) = self.state.borrow().checks.get(i) {
                focus_status(&c.el);
            }
            self.draw_after_paint();
        }
    }

    /// Draws the charts a lock has just opened once the frame showing the reveal is painted
    /// (a frame, then a task): the reveal's words and the opened part appear within one frame,
    /// the charts a frame later, instead of the click handler drawing them first. Every chart is
    /// redrawn then (as the lock did before), since the opened part may have moved the others.
    fn draw_after_paint(self: &Rc<Self>) {
        let Ok(w) = dom::window() else {
            self.state.borrow_mut().charts_update(true);
            return;
        };
        let lab = self.clone();
        let draw = Closure::once_into_js(move || {
            lab.state.borrow_mut().charts_update(true);
        });
        let next = Closure::once_into_js(move || {
            if let Ok(w) = dom::window() {
                let _ = w
                    .set_timeout_with_callback_and_timeout_and_arguments_0(draw.unchecked_ref(), 0);
            }
        });
        if w.request_animation_frame(next.unchecked_ref()).is_err() {
            self.state.borrow_mut().charts_update(true);
        }
    }

    fn reflect(&self, i: usize, v: Option<String>) {
        {
            let mut st = self.state.borrow_mut();
            if let Some(r) = st.reflections.get_mut(i) {
                r.chosen = v;
            }
        }
        self.refresh();
        self.save();
    }

    fn export(&self) {
        let text = self.state.borrow().ledger.export_text();
        crate::dashboard::download(&text, "application/json", "mlsys-design-ledger.json");
    }

    fn save(&self) {
        let mut st = self.state.borrow_mut();
        st.save();
        st.ledger_update();
        st.hud_update();
        st.notice_update(&self.root);
    }

    /// Recomputes the model and updates what depends on it: live values, conditional
    /// classes, failure states, the charts whose values changed (all with `force`), the HUD.
    /// This is the hot path of every slider move, so it touches the DOM only for changes.
    /// The HUD is left to `refresh` and `save`, which every caller that changes the model's
    /// inputs runs next (resize and theme changes do not move the model).
    fn update(&self, force: bool) {
        self.update_model();
        self.state.borrow_mut().charts_update(force);
    }

    /// [`Self::update`] without the charts: live values, conditional classes, failure states.
    fn update_model(&self) {
        let mut st = self.state.borrow_mut();
        st.env = Env::eval(st.model, &st.inputs);
        let st = &mut *st;
        for (el, name, fmt, last) in st.values.iter_mut() {
            let text = template::value(&st.env, name, fmt);
            if *last != text {
                el.set_text_content(Some(&text));
                // A slider's readout is its value text for screen readers, with the unit.
                if let Some(input) = el
                    .previous_element_sibling()
                    .filter(|i| i.get_attribute("type").as_deref() == Some("range"))
                {
                    let _ = input.set_attribute("aria-valuetext", &text);
                }
                *last = text;
            }
        }
        for (el, c, last) in st.whens.iter_mut() {
            let on = c.eval(&st.env);
            if *last != Some(on) {
                set_class(el, "lab-on", on);
                *last = Some(on);
            }
        }
        for f in &st.failures {
            if f.when.eval(&st.env) {
                st.fired.insert(f.id.clone());
            }
        }
    }

    /// Updates what depends on the student's commitments rather than on the model: locks,
    /// gates, reveals, reflections, recalled records, the ledger status.
    fn refresh(&self) {
        let mut st = self.state.borrow_mut();
        st.predictions_update();
        for c in &st.checks {
            c.update();
        }
        st.reflections_update();
        st.reveals_update();
        st.recalls_update();
        st.ledger_update();
        st.hud_update();
    }
}

impl State {
    fn add(&mut self, el: Element, kind: WidgetKind) {
        match kind {
            WidgetKind::Control { input } => self.controls.push((input, el)),
            WidgetKind::Prediction {
                id,
                correct,
                options,
                tolerance,
                ..
            } => {
                let numeric = tolerance.is_some();
                self.predictions.push(Prediction {
                    el,
                    id,
                    correct,
                    options,
                    tolerance,
                    numeric,
                    locked: None,
                })
            }
            WidgetKind::Check { id, correct, multi } => {
                self.checks.push(Check::new(el, id, correct, multi))
            }
            WidgetKind::Gate { prediction } => {
                set_class(&el, "lab-unlocked", false);
                self.gates.push((el, prediction))
            }
            WidgetKind::Reveal {
                prediction,
                actual,
                actual_num,
                points,
            } => self.reveals.push(Reveal {
                el,
                prediction,
                actual,
                actual_num,
                points,
            }),
            WidgetKind::Chart { chart } => self.add_chart(el, Drawing::Bars(chart)),
            WidgetKind::Plot { plot } => self.add_chart(el, Drawing::Plot(plot)),
            WidgetKind::Failure {
                id, when, level, ..
            } => self.failures.push(Failure {
                id,
                when,
                info: level == "info",
            }),
            WidgetKind::Reflection { id, correct } => self.reflections.push(Reflection {
                el,
                id,
                correct,
                chosen: None,
            }),
            WidgetKind::Ledger { fields } => {
                self.ledger_fields.extend(fields);
                self.ledger_els.push(el);
            }
            WidgetKind::Recall { from, fields } => self.recalls.push(Recall {
                el,
                from,
                fields,
                applied: Vec::new(),
            }),
            WidgetKind::Hud { .. } => self.huds.push(el),
            // The ledger page's widget is never inside a lab page.
            WidgetKind::Live | WidgetKind::Dashboard { .. } => {}
        }
    }

    fn control_els(&self, name: &str) -> Vec<Element> {
        self.controls
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, e)| e.clone())
            .collect()
    }

    /// Reads input `name` from its controls (`only`: from that one), then shows the value
    /// in all of them.
    fn read_control(&mut self, name: &str, only: Option<&Element>) {
        let Some(def) = self.model.input(name) else {
            return;
        };
        for el in self.control_els(name) {
            if only.is_some_and(|o| *o != el) {
                continue;
            }
            let v = match def.kind {
                InputKind::Choice { options, .. } => {
                    let raw = inputs(&el, "input[type=radio]")
                        .into_iter()
                        .find(|i| i.checked())
                        .map(|i| i.value())
                        .or_else(|| {
                            one(&el, "select")
                                .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
                                .map(|s| s.value())
                        });
                    raw.and_then(|r| {
                        options
                            .iter()
                            .find(|o| o.value == r)
                            .map(|o| Value::Text(o.value))
                    })
                }
                InputKind::Range { .. } => inputs(&el, "input[type=range]")
                    .first()
                    .and_then(|i| i.value().parse().ok())
                    .map(Value::Num),
                InputKind::Toggle { .. } => inputs(&el, "input[type=checkbox]")
                    .first()
                    .map(|i| Value::Bool(i.checked())),
            };
            if let Some(v) = v.and_then(|v| def.normalize(v)) {
                self.inputs.set(def.name, v);
            }
        }
        // Every control bound to the same input shows the same value.
        self.write_control(name);
    }

    fn read_controls(&mut self) {
        let names: Vec<String> = self.controls.iter().map(|(n, _)| n.clone()).collect();
        for n in names {
            self.read_control(&n, None);
        }
    }

    fn write_control(&self, name: &str) {
        let Some(v) = self.inputs.get(name) else {
            return;
        };
        for el in self.control_els(name) {
            match v {
                Value::Text(t) => {
                    for i in inputs(&el, "input[type=radio]") {
                        i.set_checked(i.value() == t);
                    }
                    if let Some(s) =
                        one(&el, "select").and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
                    {
                        s.set_value(t);
                    }
                }
                Value::Num(x) => {
                    for i in inputs(&el, "input[type=range]") {
                        if i.value().parse::<f64>().ok() != Some(x) {
                            i.set_value(&x.to_string());
                        }
                    }
                }
                Value::Bool(b) => {
                    for i in inputs(&el, "input[type=checkbox]") {
                        i.set_checked(b);
                    }
                }
            }
        }
    }

    fn write_controls(&self) {
        for (n, _) in &self.controls {
            self.write_control(n);
        }
    }

    fn is_correct(p: &Prediction) -> Option<bool> {
        let chosen = p.locked.as_ref()?;
        if p.numeric {
            let v: f64 = chosen.parse().ok()?;
            let c: f64 = p.correct.parse().ok()?;
            let tol = p.tolerance.unwrap_or(0.1);
            Some((v - c).abs() <= tol * c.abs().max(f64::MIN_POSITIVE))
        } else {
            Some(*chosen == p.correct)
        }
    }

    fn predictions_update(&mut self) {
        for p in &self.predictions {
            let locked = p.locked.is_some();
            set_class(&p.el, "lab-locked", locked);
            if let Some(btn) = one(&p.el, ".lab-lock")
                && locked
            {
                let _ = btn.set_attribute("disabled", "");
                set_text(&btn, "Locked");
            }
            for i in inputs(&p.el, "input") {
                if let Some(v) = &p.locked {
                    i.set_disabled(true);
                    if p.numeric {
                        i.set_value(v);
                    } else {
                        i.set_checked(i.value() == *v);
                    }
                }
                if let Some(label) = i.closest("label").ok().flatten() {
                    set_class(
                        &label,
                        "lab-chosen",
                        p.locked.as_deref() == Some(i.value().as_str()) || (p.numeric && locked),
                    );
                }
            }
            if let (Some(s), Some(v)) = (one(&p.el, ".lab-lock-status"), &p.locked) {
                set_text(
                    &s,
                    &format!("Locked in: {v}. The instruments below are now live."),
                );
            }
        }
        for (el, id) in &self.gates {
            let unlocked = self
                .predictions
                .iter()
                .any(|p| p.id == *id && p.locked.is_some())
                || self
                    .checks
                    .iter()
                    .any(|c| c.id == *id && c.locked.is_some());
            set_class(el, "lab-unlocked", unlocked);
            if let Some(msg) = el
                .previous_element_sibling()
                .filter(|m| m.class_list().contains("lab-gate-msg"))
            {
                set_class(&msg, "lab-pending", !unlocked);
            }
        }
    }

    fn reflections_update(&mut self) {
        for r in &self.reflections {
            for i in inputs(&r.el, "input[type=radio]") {
                i.set_checked(r.chosen.as_deref() == Some(i.value().as_str()));
            }
            show_feedback(&r.el, r.chosen.as_deref(), Some(&r.correct));
        }
    }

    fn reveals_update(&mut self) {
        for r in &self.reveals {
            let Some(p) = self.predictions.iter().find(|p| p.id == r.prediction) else {
                continue;
            };
            let live = one(&r.el, ".lab-reveal-live");
            let Some(chosen) = &p.locked else {
                if let Some(l) = &live {
                    set_text(l, "");
                }
                show_feedback(&r.el, None, None);
                continue;
            };
            let right = Self::is_correct(p).unwrap_or(false);
            let predicted: Option<f64> = if p.numeric {
                chosen.parse().ok()
            } else {
                p.options
                    .iter()
                    .find(|o| o.key == *chosen)
                    .and_then(|o| match o.value {
                        OptValue::Num(x) => Some(x),
                        OptValue::Text(_) => None,
                    })
            };
            let label = if p.numeric {
                chosen.clone()
            } else {
                let text = inputs(&p.el, "input[type=radio]")
                    .into_iter()
                    .find(|i| i.value() == *chosen)
                    .and_then(|i| i.closest("label").ok().flatten())
                    .and_then(|l| one(&l, ".lab-option-text"))
                    .and_then(|t| t.text_content())
                    .unwrap_or_default();
                format!("{chosen} ({})", text.trim())
            };
            // A right answer is not "off"; a wrong one says by how much, like with like.
            let gap = match (predicted, r.actual_num) {
                _ if right => String::new(),
                (Some(a), Some(b)) => gap_text(a, b, r.points),
                _ => String::new(),
            };
            let verdict = if right { "Correct." } else { "Not quite." };
            if let Some(l) = &live {
                // A right option answer is the model's answer: said once, not twice.
                let text = if right && !p.numeric && r.actual_num.is_none() {
                    format!("{verdict} You predicted {label}, the model's answer.")
                } else {
                    format!(
                        "{verdict} You predicted {label}. The model's answer: {}.{gap}",
                        r.actual
                    )
                };
                set_text(l, &text);
                set_class(l, "lab-right", right);
                set_class(l, "lab-wrong", !right);
            }
            show_feedback(
                &r.el,
                if p.numeric { None } else { Some(chosen) },
                if p.numeric { None } else { Some(&p.correct) },
            );
            if p.numeric
                && let Some(list) = one(&r.el, ".lab-feedback-list")
            {
                set_class(&list, "lab-shown", true);
                for f in all(&list, ".lab-feedback") {
                    set_class(&f, "lab-shown", true);
                }
            }
        }
    }

    fn recalls_update(&mut self) {
        for r in &self.recalls {
            let fields = self
                .ledger
                .record(&r.from)
                .and_then(|rec| rec.get("fields"))
                .cloned();
            set_class(&r.el, "lab-found", fields.is_some());
            for f in &r.fields {
                let Some(dd) = one(&r.el, &format!("dd[data-field=\"{}\"]", f.name)) else {
                    continue;
                };
                let text = match fields.as_ref().and_then(|m| m.get(&f.name)) {
                    Some(Json::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
                    Some(Json::Number(n)) => n
                        .as_f64()
                        .map_or_else(String::new, |x| physics::format::sig(x, 3)),
                    Some(Json::String(s)) => s.clone(),
                    Some(Json::Null) | None => "—".to_string(),
                    Some(other) => other.to_string(),
                };
                set_text(&dd, &text);
            }
            let lab = spec::lab_name(&r.from, &self.page.lab);
            let record = fields.as_ref().and_then(Json::as_object);
            for f in &r.fields {
                let Some((def, el)) = f.input.as_ref().and_then(|n| {
                    let el = one(&r.el, &format!(".lab-recall-use[data-input=\"{n}\"]"))?;
                    Some((self.model.input(n)?, el))
                }) else {
                    continue;
                };
                let src = recall::source(self.model, def.name, record, &f.name);
                let now = self
                    .inputs
                    .get(def.name)
                    .unwrap_or_else(|| def.default_value());
                set_text(&el, &recall::message(self.model, def.name, &lab, &src, now));
                set_class(
                    &el,
                    "lab-recall-used",
                    matches!(src, recall::Source::Recalled(_)),
                );
            }
        }
    }

    /// Sets the inputs that recall fields feed to the recalled values: all of them at
    /// hydration (`initial`), afterwards only those whose recalled value changed (another
    /// tab saved the earlier lab), so a control the student moved is left alone otherwise.
    /// Returns whether an input changed.
    fn apply_recalled(&mut self, initial: bool) -> bool {
        let mut changed = false;
        for r in self.recalls.iter_mut() {
            let fields = self
                .ledger
                .record(&r.from)
                .and_then(|rec| rec.get("fields"))
                .and_then(Json::as_object);
            for f in &r.fields {
                let Some(def) = f.input.as_deref().and_then(|n| self.model.input(n)) else {
                    continue;
                };
                let recall::Source::Recalled(v) =
                    recall::source(self.model, def.name, fields, &f.name)
                else {
                    continue;
                };
                let before = r.applied.iter().find(|(n, _)| *n == def.name).map(|a| a.1);
                if initial || before != Some(v) {
                    r.applied.retain(|(n, _)| *n != def.name);
                    r.applied.push((def.name, v));
                    if self.inputs.get(def.name) != Some(v) {
                        self.inputs.set(def.name, v);
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    fn add_chart(&mut self, el: Element, drawing: Drawing) {
        match Chart::new(el.clone(), drawing) {
            Ok(c) => self.charts.push(c),
            Err(msg) => dom::show_error(&el, msg),
        }
    }

    fn charts_update(&mut self, force: bool) {
        for c in self.charts.iter_mut() {
            c.update(&self.env, &self.theme, force);
        }
    }

    fn fields(&self) -> Map<String, Json> {
        let mut m = Map::new();
        for f in &self.ledger_fields {
            let v = match &f.source {
                FieldSource::Value(n) => self.env.get(n).map_or(Json::Null, json_value),
                FieldSource::Prediction(id) => self
                    .predictions
                    .iter()
                    .find(|p| p.id == *id)
                    .and_then(|p| p.locked.clone())
                    .map_or(Json::Null, Json::from),
                FieldSource::Correct(id) => self
                    .predictions
                    .iter()
                    .find(|p| p.id == *id)
                    .and_then(Self::is_correct)
                    .or_else(|| {
                        let c = self.checks.iter().find(|c| c.id == *id)?;
                        c.is_correct()
                    })
                    .or_else(|| {
                        let r = self.reflections.iter().find(|r| r.id == *id)?;
                        r.chosen.as_ref().map(|c| *c == r.correct)
                    })
                    .map_or(Json::Null, Json::from),
                FieldSource::Check(id) => self
                    .checks
                    .iter()
                    .find(|c| c.id == *id)
                    .and_then(Check::answer)
                    .map_or(Json::Null, Json::from),
                FieldSource::Reflection(id) => self
                    .reflections
                    .iter()
                    .find(|r| r.id == *id)
                    .and_then(|r| r.chosen.clone())
                    .map_or(Json::Null, Json::from),
                FieldSource::Fired(id) => Json::from(self.fired.contains(id)),
                FieldSource::Const(OptValue::Num(v)) => json!(*v),
                FieldSource::Const(OptValue::Text(t)) => Json::from(t.as_str()),
                FieldSource::Expr(e) => e.eval(&self.env).map_or(Json::Null, |v| json!(v)),
                FieldSource::Text(t) => Json::from(template::render(
                    &template::parse(t).unwrap_or_default(),
                    &self.env,
                )),
            };
            m.insert(f.name.clone(), v);
        }
        m
    }

    fn save(&mut self) {
        let mut ins = Map::new();
        for (n, v) in self.inputs.iter() {
            ins.insert(n.to_string(), json_value(v));
        }
        let preds = json::object(
            self.predictions
                .iter()
                .filter_map(|p| p.locked.clone().map(|v| (p.id.clone(), Json::from(v)))),
        );
        let refl = json::object(
            self.reflections
                .iter()
                .filter_map(|r| r.chosen.clone().map(|v| (r.id.clone(), Json::from(v)))),
        );
        let checks = json::object(
            self.checks
                .iter()
                .filter_map(|c| c.state().map(|v| (c.id.clone(), v))),
        );
        let state = json!({
            "inputs": ins,
            "predictions": preds,
            "checks": checks,
            "reflections": refl,
            "fired": self.fired.iter().collect::<Vec<_>>(),
        });
        let record = ledger::record(self.fields(), state);
        let lab = self.page.lab.clone();
        self.ledger.put(&lab, record);
    }

    fn ledger_update(&self) {
        let saved = self.ledger.record(&self.page.lab).is_some();
        let msg = match (&self.ledger.persist, saved) {
            (Persist::Saved, true) => "Saved in this browser.".to_string(),
            (Persist::Saved, false) => {
                "Nothing saved yet: lock in a prediction or move a control.".to_string()
            }
            (Persist::MemoryOnly(why), _) => {
                format!("Kept in memory only ({why}). Use Export to keep a copy.")
            }
        };
        for el in &self.ledger_els {
            if let Some(s) = one(el, ".lab-ledger-status") {
                set_text(&s, &msg);
            }
        }
    }

    fn hud_update(&self) {
        for hud in &self.huds {
            for p in &self.predictions {
                let Some(v) = one(hud, &format!("[data-hud-pred=\"{}\"] .hud-value", p.id)) else {
                    continue;
                };
                let (text, class) = match Self::is_correct(p) {
                    None => ("pending".to_string(), "hud-none"),
                    Some(true) => (
                        format!("{} ✓", p.locked.clone().unwrap_or_default()),
                        "hud-active",
                    ),
                    Some(false) => (
                        format!("{} ✗", p.locked.clone().unwrap_or_default()),
                        "hud-warn",
                    ),
                };
                set_text(&v, &text);
                for c in ["hud-none", "hud-active", "hud-warn"] {
                    set_class(&v, c, c == class);
                }
            }
            for c in &self.checks {
                c.hud(hud);
            }
            for f in &self.failures {
                let Some(v) = one(hud, &format!("[data-hud-fail=\"{}\"] .hud-value", f.id)) else {
                    continue;
                };
                let on = f.when.eval(&self.env);
                let fired = self.fired.contains(&f.id);
                let (text, class) = match (f.info, on, fired) {
                    (true, true, _) => ("on", ""),
                    (true, false, true) => ("was on, now off", ""),
                    (true, false, false) => ("off", ""),
                    (false, true, _) => ("FAILING", "hud-none"),
                    (false, false, true) => ("hit, now clear", "hud-warn"),
                    (false, false, false) => ("clear", "hud-active"),
                };
                set_text(&v, text);
                for c in ["hud-none", "hud-active", "hud-warn"] {
                    set_class(&v, c, c == class);
                }
            }
            if let Some(v) = one(hud, "[data-hud-ledger] .hud-value") {
                let saved = self.ledger.record(&self.page.lab).is_some();
                let labs = self
                    .ledger
                    .data
                    .get("labs")
                    .and_then(Json::as_object)
                    .map_or(0, |m| m.len());
                let (text, class) = match (&self.ledger.persist, saved) {
                    (Persist::MemoryOnly(_), _) => ("memory only".to_string(), "hud-warn"),
                    (Persist::Saved, true) => (format!("saved · {labs} lab(s)"), "hud-active"),
                    (Persist::Saved, false) => ("not saved".to_string(), "hud-none"),
                };
                set_text(&v, &text);
                for c in ["hud-none", "hud-active", "hud-warn"] {
                    set_class(&v, c, c == class);
                }
            }
        }
    }

    /// Shows a notice at the top of the page when the ledger cannot be saved or was reset.
    fn notice_update(&mut self, root: &Element) {
        let text = match (&self.ledger.persist, &self.ledger.notice) {
            (Persist::MemoryOnly(why), _) => Some(format!(
                "Your progress is not being saved: {why}. Everything keeps working on this page, and \"Export ledger\" still downloads your results."
            )),
            (_, Some(n)) => Some(n.clone()),
            _ => None,
        };
        match (text, &self.notice) {
            (Some(t), Some(el)) => set_text(el, &t),
            (Some(t), None) => {
                if let Ok(el) = dom::document().and_then(|d| d.create_element("div")) {
                    el.set_class_name("lab-notice lab-notice-warn");
                    let _ = el.set_attribute("role", "alert");
                    el.set_text_content(Some(&t));
                    let _ = root.prepend_with_node_1(&el);
                    self.notice = Some(el);
                }
            }
            (None, Some(el)) => {
                el.remove();
                self.notice = None;
            }
            (None, None) => {}
        }
    }
}

/// Shows the feedback of `chosen` (and marks the keyed one) in a widget's feedback list.
fn show_feedback(el: &Element, chosen: Option<&str>, correct: Option<&str>) {
    let Some(list) = one(el, ".lab-feedback-list") else {
        return;
    };
    set_class(&list, "lab-shown", chosen.is_some());
    for f in all(&list, ".lab-feedback") {
        let key = f.get_attribute("data-option").unwrap_or_default();
        set_class(&f, "lab-shown", chosen == Some(key.as_str()));
        set_class(&f, "lab-correct", correct == Some(key.as_str()));
    }
}

/// How far a wrong numeric answer `a` is from the model's `b`: percentage points for shares,
/// a factor for positive quantities (orders of magnitude are what a student misjudges).
fn gap_text(a: f64, b: f64, points: bool) -> String {
    let dir = if a > b { "too high" } else { "too low" };
    if points {
        let d = (a - b).abs();
        return format!(
            " You were off by {} percentage points ({dir}).",
            physics::format::sig(d, 2)
        );
    }
    if a > 0.0 && b > 0.0 {
        let f = (a / b).max(b / a);
        return format!(" You were off by {}× ({dir}).", physics::format::sig(f, 2));
    }
    String::new()
}

/// After a lock the button is disabled, and a disabled button drops the focus to the page
/// body (where mdBook's arrow keys change chapter): hand it to the status line that says
/// what was locked, which screen readers then read.
fn focus_status(el: &Element) {
    if let Some(s) = one(el, ".lab-lock-status") {
        let _ = s.set_attribute("tabindex", "-1");
        if let Ok(h) = s.dyn_into::<HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// A metric card in words: its label and its value ("Memory time 12.3 ms").
fn card_words(card: &Element) -> String {
    let part = |sel: &str| {
        one(card, sel)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("{} {}", part(".lab-card-label"), part(".lab-card-value"))
}
