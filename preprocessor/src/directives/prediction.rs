//! `lab prediction`: the prediction lock. The student commits to an answer (one of four
//! options, or a number in a range) before the gated content after it unlocks. The build
//! evaluates `check` at the prediction's scenario and fails when the keyed option is not
//! the one the model picks, so the answer key cannot disagree with the model; the
//! prediction is recorded in `Declared` for the reveal, the ledger and the HUD.

use physics::model::Value;
use render::spec::{OptValue, PredOption, WidgetKind};
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, OptionD, PredInfo, describe, named_scenario_env, options, plain};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NumberD {
    min: f64,
    max: f64,
    step: f64,
    unit: Option<String>,
    tolerance: Option<S<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PredictionD {
    id: S<String>,
    question: S<String>,
    check: S<String>,
    correct: Option<S<String>>,
    scenario: Option<S<toml::Value>>,
    options: Option<S<Vec<OptionD>>>,
    number: Option<S<NumberD>>,
}

pub(super) fn prediction(
    cx: &mut Ctx<'_>,
    p: PredictionD,
    gate: &mut Option<String>,
) -> Option<String> {
    let id = cx.unique_id(&p.id);
    let question = cx.template(&p.question);
    if !cx.name(&p.check, None) {
        return None;
    }
    let env = named_scenario_env(cx, p.scenario.as_ref());
    let check = p.check.get_ref().clone();
    let actual = env.get(&check)?;
    let elem = cx.id(&format!("pred-{id}"));
    let q = cx.md(&question, true);
    // The keyed option's words, to state a text answer as the student saw it.
    let mut keyed_text: Option<String> = None;
    let (inner, spec_opts, correct, tolerance, keys) = if let Some(num) = &p.number {
        let n = num.get_ref();
        let Some(v) = actual.as_num() else {
            let s = cx.span(&p.check);
            cx.err(
                s,
                format!(
                    "a numeric prediction needs a number; `{check}` is a {}",
                    actual.kind().name()
                ),
            );
            return None;
        };
        if !(n.min < n.max && n.step > 0.0) {
            let s = cx.span(num);
            cx.err(s, "number: needs min < max and step > 0");
        } else if v < n.min || v > n.max {
            let s = cx.span(num);
            cx.err(
                s,
                format!(
                    "the model gives {check} = {} here, outside the allowed range {}-{}",
                    describe(&env, &check),
                    n.min,
                    n.max
                ),
            )
            .help = Some("widen the range so the true answer can be entered".into());
        }
        if let Some(tol) = &n.tolerance
            && !(tol.get_ref().is_finite() && *tol.get_ref() >= 0.0)
        {
            let t = *tol.get_ref();
            let s = cx.span(tol);
            cx.err(
                s,
                format!("tolerance = {t}: no answer could ever be within it"),
            )
            .help = Some(
                "`tolerance` is a relative error, a finite number ≥ 0 (0.1 accepts answers within 10%; the default)"
                    .into(),
            );
        }
        if p.correct.is_some() || p.options.is_some() {
            let s = cx.span(num);
            cx.err(s, "a numeric prediction takes `number`, not `options` or `correct`: the model supplies the answer");
        }
        let unit = n.unit.as_deref().map(esc).unwrap_or_default();
        let inner = format!(
            "<label class=\"lab-number\"><input type=\"number\" name=\"{elem}\" min=\"{}\" max=\"{}\" step=\"{}\" inputmode=\"decimal\" aria-label=\"{}\"> <span>{unit}</span></label>",
            n.min,
            n.max,
            n.step,
            esc(&plain(&question, cx.env))
        );
        (
            inner,
            Vec::new(),
            format!("{v}"),
            Some(n.tolerance.as_ref().map_or(0.1, |t| *t.get_ref())),
            Vec::new(),
        )
    } else {
        let Some(opt_list) = p.options.as_ref() else {
            let s = cx.fence.clone();
            cx.err(
                s,
                "a prediction needs `[[options]]` (four of them) or a `number` range",
            );
            return None;
        };
        let opts = options(cx, opt_list, "this prediction");
        // Per-option feedback belongs to the reveal, which shows it once the prediction is
        // locked; a prediction has nowhere to show it.
        for (key, _, _, fb) in &opts {
            if let Some(fb) = fb {
                let s = cx.span(fb);
                cx.err(
                    s,
                    format!("option {key} has `feedback`, which a prediction never shows"),
                )
                .help = Some(
                    "put per-option feedback in the `lab reveal` for this prediction: `feedback = { A = \"…\", … }`"
                        .into(),
                );
            }
        }
        let Some(correct) = p.correct.as_ref() else {
            let s = cx.fence.clone();
            cx.err(
                s,
                "a prediction with options needs `correct` (the keyed option)",
            );
            return None;
        };
        let mut vals = Vec::new();
        let mut bad = false;
        for (key, _, v, _) in &opts {
            let parsed = match v.as_ref().map(|v| v.get_ref()) {
                Some(toml::Value::Integer(i)) => Some(OptValue::Num(*i as f64)),
                Some(toml::Value::Float(f)) => Some(OptValue::Num(*f)),
                Some(toml::Value::String(s)) => Some(OptValue::Text(s.clone())),
                _ => None,
            };
            // An option a text output can never take could never be the model's answer.
            if let (Some(OptValue::Text(t)), Some(out), Some(v)) =
                (&parsed, cx.model.output(&check), v)
                && !out.values.is_empty()
                && out.value_label(t).is_none()
            {
                let declared: Vec<String> = out
                    .values
                    .iter()
                    .map(|c| format!("\"{}\"", c.value))
                    .collect();
                let s = cx.span(v);
                cx.err(
                    s,
                    format!(
                        "`{check}` never takes the value \"{t}\": its values are {}",
                        declared.join(", ")
                    ),
                )
                .help = Some("a distractor the model never computes has no `value`".into());
            }
            // A text check's distractor may omit `value`: no state of the model gives it.
            if v.is_none() && actual.kind() == physics::model::Kind::Text {
                continue;
            }
            match parsed {
                Some(pv) => vals.push((key.clone(), pv)),
                None => {
                    bad = true;
                    let s = v.as_ref().map_or(cx.span(opt_list), |v| cx.span(v));
                    cx.err(s, format!("option {key} needs a `value` (a number or a text) to check against `{check}`"));
                }
            }
        }
        // Which option does the model pick?
        let computed = match actual {
            Value::Num(a) => {
                let all_pos = a > 0.0 && vals.iter().all(|(_, v)| matches!(v, OptValue::Num(x) if *x > 0.0));
                vals.iter()
                    .filter_map(|(k, v)| match v {
                        OptValue::Num(x) => Some((k, if all_pos { (x.ln() - a.ln()).abs() } else { (x - a).abs() })),
                        OptValue::Text(_) => None,
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(k, _)| k.clone())
            }
            Value::Text(t) => vals.iter().find(|(_, v)| matches!(v, OptValue::Text(x) if x == t)).map(|(k, _)| k.clone()),
            Value::Bool(b) => vals
                .iter()
                .find(|(_, v)| matches!(v, OptValue::Text(x) if x == if b { "true" } else { "false" }))
                .map(|(k, _)| k.clone()),
        };
        let keyed = correct.get_ref().clone();
        if !opts.iter().any(|o| o.0 == keyed) {
            let s = cx.span(correct);
            cx.err(s, format!("`correct = \"{keyed}\"` names no option"));
        } else if !bad && computed.as_deref() != Some(keyed.as_str()) {
            let s = cx.span(correct);
            let got = describe(&env, &check);
            let help = match &computed {
                Some(k) => format!(
                    "the model's answer is option {k}: change `correct`, the option values, or the model"
                ),
                None => format!("no option has the value the model computes ({got})"),
            };
            cx.err(s, format!("keyed answer {keyed} does not match the model: `{check}` = {got} at this scenario")).help = Some(help);
        }
        // The question names the options (no hidden copy of it: search would index it twice).
        let mut inner = format!("<fieldset class=\"lab-options\" aria-labelledby=\"{elem}-q\">");
        for (key, text, _, _) in &opts {
            inner.push_str(&format!(
                "<label class=\"lab-option\"><input type=\"radio\" name=\"{elem}\" value=\"{k}\"> <span class=\"lab-option-key\">{k}</span> <span class=\"lab-option-text\">{t}</span></label>",
                k = esc(key),
                t = cx.md(text, true)
            ));
        }
        inner.push_str("</fieldset>");
        let keys: Vec<String> = opts.iter().map(|o| o.0.clone()).collect();
        // Every option is in the spec; a distractor without a value carries an empty text.
        let spec_opts = keys
            .iter()
            .map(|key| PredOption {
                key: key.clone(),
                value: vals
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or(OptValue::Text(String::new()), |(_, v)| v.clone()),
            })
            .collect();
        keyed_text = opts
            .iter()
            .find(|o| o.0 == keyed)
            .map(|o| plain(&o.1, &env));
        (inner, spec_opts, keyed, None, keys)
    };
    let actual_text = match (&actual, keyed_text) {
        (Value::Text(_) | Value::Bool(_), Some(t)) => format!("{correct} ({})", t.trim()),
        _ => describe(&env, &check),
    };
    let act = match cx.declared.acts.last() {
        Some(1) => "Act I",
        Some(2) => "Act II",
        _ => "Prediction",
    };
    cx.declared.hud_labels.insert(id.clone(), act.to_string());
    cx.declared.predictions.push(PredInfo {
        id: id.clone(),
        keys,
        check: check.clone(),
        actual,
        actual_text,
    });
    let attr = widget_attr(WidgetKind::Prediction {
        id: id.clone(),
        check: check.clone(),
        correct,
        options: spec_opts,
        tolerance,
    });
    let gate_attr = widget_attr(WidgetKind::Gate {
        prediction: id.clone(),
    });
    *gate = Some(id);
    Some(no_blank_lines(&format!(
        "<div class=\"lab-prediction\" id=\"{elem}\" data-lab=\"{attr}\">\n<div class=\"lab-prediction-head\">Your prediction</div>\n<p class=\"lab-question\" id=\"{elem}-q\">{q}</p>\n{inner}\n<div class=\"lab-lock-row\"><button type=\"button\" class=\"lab-lock\" disabled>Lock in</button> <span class=\"lab-lock-status\" role=\"status\" aria-live=\"polite\"></span></div>\n</div>\n<p class=\"lab-gate-msg\">Lock in a prediction to unlock what follows.</p>\n<div class=\"lab-gate\" id=\"{elem}-gate\" data-lab=\"{gate_attr}\">"
    )))
}
