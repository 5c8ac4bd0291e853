//! `lab reflection`: the post-reveal question: four options, each with feedback, and one
//! keyed answer. It is not checked against the model; the chosen option is recorded for the
//! ledger.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, OptionD, options};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReflectionD {
    id: S<String>,
    question: S<String>,
    correct: S<String>,
    options: S<Vec<OptionD>>,
}

pub(super) fn reflection(cx: &mut Ctx<'_>, r: ReflectionD) -> Option<String> {
    let id = cx.unique_id(&r.id);
    let q = cx.template(&r.question);
    let opts = options(cx, &r.options, "this reflection");
    let keyed = r.correct.get_ref().clone();
    if !opts.iter().any(|o| o.0 == keyed) {
        let s = cx.span(&r.correct);
        cx.err(s, format!("`correct = \"{keyed}\"` names no option"));
    }
    let elem = cx.id(&format!("refl-{id}"));
    let mut radios = String::new();
    let mut fb = String::new();
    for (key, text, _, feedback) in &opts {
        radios.push_str(&format!(
            "<label class=\"lab-option\"><input type=\"radio\" name=\"{elem}\" value=\"{k}\"> <span class=\"lab-option-key\">{k}</span> <span class=\"lab-option-text\">{t}</span></label>",
            k = esc(key),
            t = cx.md(text, true)
        ));
        match feedback {
            Some(f) => {
                let f = f.get_ref().clone();
                fb.push_str(&format!(
                    "<div class=\"lab-feedback{}\" data-option=\"{k}\"><span class=\"lab-option-key\">{k}</span> {}</div>",
                    if *key == keyed { " lab-correct" } else { "" },
                    cx.md(&f, true),
                    k = esc(key)
                ));
            }
            None => {
                let s = cx.span(&r.options);
                cx.err(s, format!("reflection option {key} needs `feedback`"));
            }
        }
    }
    cx.declared.reflections.push(id.clone());
    let attr = widget_attr(WidgetKind::Reflection { id, correct: keyed });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-reflection\" id=\"{elem}\" data-lab=\"{attr}\">\n<div class=\"lab-reflection-head\">Reflection</div>\n<p class=\"lab-question\" id=\"{elem}-q\">{}</p>\n<fieldset class=\"lab-options\" aria-labelledby=\"{elem}-q\">{radios}</fieldset>\n<div class=\"lab-feedback-list\"><div class=\"lab-feedback-title\">What each answer means</div>{fb}</div>\n</div>",
        cx.md(&q, true),
    )))
}
