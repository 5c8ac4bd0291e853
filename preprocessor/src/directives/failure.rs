//! `lab failure`: a failure banner (out of memory, a missed SLA, …) or, at `level = "info"`,
//! an informational state (the autoscaler fired), shown while its condition holds, with an
//! optional all-clear message otherwise. The build requires it to
//! be off at the default inputs (unless `on_by_default`) and reachable: `reach` searches
//! the controls' domain for a state where it fires (or clears).

use std::collections::BTreeMap;

use physics::model::{Model, Value};
use render::Env;
use render::cond::Cond;
use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, when_attr};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FailureD {
    id: S<String>,
    when: S<String>,
    level: S<String>,
    title: S<String>,
    message: S<String>,
    ok: Option<S<String>>,
    #[serde(default)]
    on_by_default: bool,
}

pub(super) fn failure(cx: &mut Ctx<'_>, f: FailureD) -> Option<String> {
    let id = cx.unique_id(&f.id);
    let title = cx.template(&f.title);
    let message = cx.template(&f.message);
    let ok = f.ok.as_ref().map(|o| cx.template(o));
    let level = f.level.get_ref().clone();
    if !["danger", "warn", "info"].contains(&level.as_str()) {
        let s = cx.span(&f.level);
        cx.err(s, format!("level `{level}` is not `danger`, `warn` or `info`"))
            .help = Some("danger: a hard limit (OOM, a missed SLA); warn: a soft one; info: a state worth telling (the autoscaler fired)".into());
    }
    let when = cx.cond(&f.when)?;
    // The failure must be off at the defaults (unless declared otherwise) and reachable.
    let span = cx.span(&f.when);
    let at_default = when.eval(cx.env);
    if at_default && !f.on_by_default {
        cx.err(span.clone(), format!("failure `{id}` fires at the default inputs"))
            .help = Some("a failure state should appear when the student moves a control; set `on_by_default = true` if the story starts broken".into());
    }
    if !at_default && f.on_by_default {
        cx.err(
            span.clone(),
            format!("failure `{id}` is declared `on_by_default` but is off at the defaults"),
        );
    }
    let mut witness = None;
    let controls = cx.declared.page_controls.clone();
    match reach(cx.model, &when, !at_default, &controls) {
        Reach::Found(w) => witness = Some(w),
        Reach::NotFromControls(names) => {
            let state = if at_default { "clears" } else { "fires" };
            cx.err(span, format!("failure `{id}` {state} only when inputs without a control on this page change ({})", names.join(", "))).help =
                Some("a student reaches a failure by moving the page's controls: add a control for one of these inputs, or change the condition".into());
        }
        Reach::Never => {
            let state = if at_default { "clears" } else { "fires" };
            cx.err(span, format!("failure `{id}` never {state} anywhere in the controls' ranges")).help =
                Some("the model cannot reach this condition: check the condition, the ranges, or the model".into());
        }
    }
    cx.declared.failures.push(id.clone());
    let short = super::plain(&title, cx.env);
    // The HUD names it by the title's head ("Out of memory", "SLA violated"), or by the
    // whole title when the head is only a tag ("A: …").
    let head = short.split(':').next().unwrap_or_default().trim();
    let short = if head.chars().count() >= 3 {
        head.to_string()
    } else {
        short.trim().to_string()
    };
    cx.declared.hud_labels.insert(id.clone(), short);
    if level == "info" {
        cx.declared.info_states.push(id.clone());
    }
    let attr = widget_attr(WidgetKind::Failure {
        id: id.clone(),
        when: when.clone(),
        level: level.clone(),
        witness,
    });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-failure lab-level-{lvl}{on}\" id=\"{eid}\" data-lab=\"{attr}\"{w} aria-live=\"polite\">\n<div class=\"lab-failure-on\"><div class=\"lab-failure-title\">{t}</div><div class=\"lab-failure-msg\">{m}</div></div>\n{ok}\n</div>",
        lvl = esc(&level),
        // The static page (no JS, print, search) shows the state the defaults put it in.
        on = if at_default { " lab-on" } else { "" },
        eid = cx.id(&format!("fail-{id}")),
        w = when_attr(&Some(when)),
        t = cx.md(&title, true),
        m = cx.md(&message, true),
        ok = ok
            .map(|o| format!("<div class=\"lab-failure-off\">{}</div>", cx.md(&o, true)))
            .unwrap_or_default(),
    )))
}

enum Reach {
    /// The witness: the inputs of the first point found that differ from the defaults.
    Found(BTreeMap<String, serde_json::Value>),
    /// Reachable only by changing these inputs, which no control on the page sets.
    NotFromControls(Vec<String>),
    Never,
}

/// Searches the controls' domain for a point where `cond == want`: the full grid at 40
/// points per input for small models, a bounded sample for large ones.
fn reach(model: &'static Model, cond: &Cond, want: bool, controls: &[String]) -> Reach {
    let found = |moves: &dyn Fn(&str) -> bool| {
        model
            .sweep_over(moves, 40, 200_000)
            .find(|inputs| cond.eval(&Env::eval(model, inputs)) == want)
    };
    // The page's controls first: the witness is where a student can take the page. A page
    // with no controls at all (a fixture, an example) is checked over the whole model.
    let point = if controls.is_empty() {
        found(&|_| true)
    } else {
        match found(&|n| controls.iter().any(|c| c == n)) {
            Some(p) => Some(p),
            None => {
                return match found(&|_| true) {
                    Some(p) => Reach::NotFromControls(
                        differing(model, &p).into_iter().map(|(n, _)| n).collect(),
                    ),
                    None => Reach::Never,
                };
            }
        }
    };
    let Some(mut point) = point else {
        return Reach::Never;
    };
    // Keep only the inputs that matter: put each back to its default while the state holds,
    // so the witness reads as the few moves a student makes.
    let defaults = model.defaults();
    for (name, _) in differing(model, &point) {
        let mut fewer = point.clone();
        if let Some(d) = defaults.get(&name) {
            fewer.set(model.input(&name).map_or("", |i| i.name), d);
        }
        if cond.eval(&Env::eval(model, &fewer)) == want {
            point = fewer;
        }
    }
    Reach::Found(differing(model, &point).into_iter().collect())
}

/// The inputs of `point` that differ from the model's defaults, as JSON values.
fn differing(
    model: &'static Model,
    point: &physics::model::Values,
) -> Vec<(String, serde_json::Value)> {
    let defaults = model.defaults();
    point
        .iter()
        .filter(|(name, v)| defaults.get(name) != Some(*v))
        .map(|(name, v)| {
            let json = match v {
                Value::Num(x) => serde_json::json!(x),
                Value::Bool(b) => serde_json::json!(b),
                Value::Text(t) => serde_json::json!(t),
            };
            (name.to_string(), json)
        })
        .collect()
}
