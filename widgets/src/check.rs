//! Concept checks (`lab check`): four native radio buttons (one answer) or checkboxes (a
//! multi-select), a "Check" button that locks the answer, and per-option feedback once it is
//! locked. Each option then gets one of four states, as a class on its label and its
//! feedback entry and as words in the entry (a state is never carried by colour alone):
//! chosen and right, chosen and wrong, missed (correct but not chosen) and neutral.
//!
//! The inputs are native form controls, so a choice made before the widgets hydrate stays
//! in the DOM and is what "Check" reads; arrow keys inside them never reach mdBook's
//! chapter navigation.

use render::json;
use render::json::Value as Json;
use web_sys::Element;

use crate::dom::{all, inputs, one, set_class, set_text};

/// The four per-option states after the lock, as CSS classes.
const STATES: [&str; 4] = [
    "lab-fb-right",
    "lab-fb-wrong",
    "lab-fb-missed",
    "lab-fb-neutral",
];

pub(crate) struct Check {
    pub(crate) el: Element,
    pub(crate) id: String,
    /// The correct option keys, in option order.
    correct: Vec<String>,
    multi: bool,
    /// The committed answer, in option order; `None` until the student checks.
    pub(crate) locked: Option<Vec<String>>,
}

impl Check {
    pub(crate) fn new(el: Element, id: String, correct: Vec<String>, multi: bool) -> Self {
        Self {
            el,
            id,
            correct,
            multi,
            locked: None,
        }
    }

    /// The option keys in page order.
    fn keys(&self) -> Vec<String> {
        inputs(&self.el, "input")
            .iter()
            .map(|i| i.value())
            .collect()
    }

    /// Locks what the inputs show now. With nothing chosen it says so and stays open;
    /// returns whether it locked.
    pub(crate) fn lock(&mut self) -> bool {
        if self.locked.is_some() {
            return false;
        }
        let chosen: Vec<String> = inputs(&self.el, "input")
            .into_iter()
            .filter(|i| i.checked())
            .map(|i| i.value())
            .collect();
        if chosen.is_empty() {
            if let Some(s) = one(&self.el, ".lab-lock-status") {
                let msg = if self.multi {
                    "Choose at least one option first."
                } else {
                    "Choose an option first."
                };
                set_text(&s, msg);
            }
            return false;
        }
        self.locked = Some(chosen);
        true
    }

    /// Whether the locked answer is right: the keyed option, or exactly the correct set.
    pub(crate) fn is_correct(&self) -> Option<bool> {
        self.locked.as_ref().map(|c| *c == self.correct)
    }

    /// The locked answer as the ledger saves it: keys joined with `,`.
    pub(crate) fn answer(&self) -> Option<String> {
        self.locked.as_ref().map(|c| c.join(","))
    }

    /// This check's part of the saved page state.
    pub(crate) fn state(&self) -> Option<Json> {
        self.locked
            .as_ref()
            .map(|c| json!({ "chosen": c, "locked": true }))
    }

    /// Restores a saved state, if it is one this check can hold: known keys, exactly one for
    /// a single-choice check.
    pub(crate) fn restore(&mut self, saved: &Json) {
        if saved.get("locked") != Some(&Json::Bool(true)) {
            return;
        }
        let Some(list) = saved.get("chosen").and_then(Json::as_array) else {
            return;
        };
        let keys = self.keys();
        let chosen: Vec<String> = keys
            .iter()
            .filter(|k| list.iter().any(|j| j.as_str() == Some(k.as_str())))
            .cloned()
            .collect();
        let fits =
            !chosen.is_empty() && chosen.len() == list.len() && (self.multi || chosen.len() == 1);
        if fits {
            self.locked = Some(chosen);
        }
    }

    fn state_of(&self, key: &str, chosen: &[String]) -> (&'static str, &'static str) {
        let picked = chosen.iter().any(|c| c == key);
        let right = self.correct.iter().any(|c| c == key);
        match (picked, right) {
            (true, true) => ("lab-fb-right", "✓ Your choice: correct."),
            (true, false) => ("lab-fb-wrong", "✗ Your choice: not correct."),
            (false, true) if self.multi => ("lab-fb-missed", "Missed: this option is correct too."),
            (false, true) => ("lab-fb-missed", "Missed: this is the answer."),
            (false, false) => ("lab-fb-neutral", "Not chosen, and not correct."),
        }
    }

    /// Writes the lock, the option states and the verdict into the page.
    pub(crate) fn update(&self) {
        let Some(chosen) = &self.locked else {
            return;
        };
        set_class(&self.el, "lab-locked", true);
        if let Some(btn) = one(&self.el, ".lab-lock") {
            let _ = btn.set_attribute("disabled", "");
            set_text(&btn, "Checked");
        }
        for i in inputs(&self.el, "input") {
            let key = i.value();
            i.set_disabled(true);
            i.set_checked(chosen.contains(&key));
            let (class, _) = self.state_of(&key, chosen);
            if let Some(label) = i.closest("label").ok().flatten() {
                set_class(&label, "lab-chosen", chosen.contains(&key));
                for s in STATES {
                    set_class(&label, s, s == class);
                }
            }
        }
        if let Some(list) = one(&self.el, ".lab-feedback-list") {
            set_class(&list, "lab-shown", true);
            for f in all(&list, ".lab-feedback") {
                let key = f.get_attribute("data-option").unwrap_or_default();
                let (class, words) = self.state_of(&key, chosen);
                set_class(&f, "lab-shown", true);
                for s in STATES {
                    set_class(&f, s, s == class);
                }
                if let Some(w) = one(&f, ".lab-fb-state") {
                    set_text(&w, words);
                }
            }
        }
        let right = self.is_correct() == Some(true);
        set_class(&self.el, "lab-check-right", right);
        set_class(&self.el, "lab-check-wrong", !right);
        let list = |keys: &[String]| keys.join(", ");
        let verdict = match (self.multi, right) {
            (false, true) => format!("Checked: {} is right.", list(chosen)),
            (false, false) => format!(
                "Checked: not quite. You chose {}; the answer is {}.",
                list(chosen),
                list(&self.correct)
            ),
            (true, true) => format!(
                "Checked: right, exactly the correct set ({}).",
                list(chosen)
            ),
            (true, false) => format!(
                "Checked: not quite. You chose {}; the correct set is {}.",
                list(chosen),
                list(&self.correct)
            ),
        };
        if let Some(s) = one(&self.el, ".lab-lock-status") {
            set_text(&s, &format!("{verdict} What follows is unlocked."));
        }
    }

    /// This check's entry in a HUD: pending, or the answer with ✓ or ✗.
    pub(crate) fn hud(&self, hud: &Element) {
        let Some(v) = one(hud, &format!("[data-hud-check=\"{}\"] .hud-value", self.id)) else {
            return;
        };
        let (text, class) = match (self.answer(), self.is_correct()) {
            (Some(a), Some(true)) => (format!("{a} ✓"), "hud-active"),
            (Some(a), _) => (format!("{a} ✗"), "hud-warn"),
            (None, _) => ("pending".to_string(), "hud-none"),
        };
        set_text(&v, &text);
        for c in ["hud-none", "hud-active", "hud-warn"] {
            set_class(&v, c, c == class);
        }
    }
}
