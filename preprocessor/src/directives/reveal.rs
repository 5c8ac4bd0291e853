//! `lab reveal`: prediction against reality. It names a prediction declared above it,
//! carries the model's answer at that prediction's scenario (formatted with its unit) for
//! the widget's verdict, and the feedback for each option; the feedback keys must be the
//! prediction's options.

use std::collections::BTreeMap;

use physics::model::Value;
use render::spec::WidgetKind;
use render::template;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, PredInfo};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RevealD {
    prediction: S<String>,
    fmt: Option<S<String>>,
    explain: Option<S<String>>,
    feedback: S<BTreeMap<String, S<String>>>,
}

pub(super) fn reveal(cx: &mut Ctx<'_>, r: RevealD) -> Option<String> {
    let pid = r.prediction.get_ref().clone();
    let Some(info) = cx
        .declared
        .predictions
        .iter()
        .find(|p| p.id == pid)
        .cloned()
    else {
        let s = cx.span(&r.prediction);
        let known: Vec<_> = cx
            .declared
            .predictions
            .iter()
            .map(|p| p.id.clone())
            .collect();
        cx.err(s, format!("no prediction `{pid}` comes before this reveal"))
            .help = Some(if known.is_empty() {
            "declare the prediction first".into()
        } else {
            format!("predictions so far: {}", known.join(", "))
        });
        return None;
    };
    let fmt = r
        .fmt
        .as_ref()
        .map(|f| f.get_ref().clone())
        .unwrap_or_default();
    if let Err(e) = template::parse_format(&fmt) {
        let s = r.fmt.as_ref().map_or(cx.fence.clone(), |f| cx.span(f));
        cx.err(s, e);
    }
    let explain = r.explain.as_ref().map(|e| cx.template(e));
    let keys = info.keys.clone();
    let fb_span = cx.span(&r.feedback);
    let fb = r.feedback.get_ref();
    for k in &keys {
        if !fb.contains_key(k) {
            cx.err(
                fb_span.clone(),
                format!("feedback for option {k} is missing"),
            );
        }
    }
    for (k, v) in fb {
        if !keys.is_empty() && !keys.contains(k) {
            let s = cx.span(v);
            cx.err(
                s,
                format!("feedback for `{k}`, which is not an option of `{pid}`"),
            );
        }
    }
    let mut list = String::new();
    for (k, v) in fb {
        let t = cx.template(v);
        list.push_str(&format!(
            "<div class=\"lab-feedback\" data-option=\"{k}\"><span class=\"lab-option-key\">{k}</span> {}</div>",
            cx.md(&t, true),
            k = esc(k)
        ));
    }
    let actual = match info.actual {
        Value::Num(v) => physics::format::format_value(
            v,
            info_unit(cx, &info),
            template::parse_format(&fmt).unwrap_or(physics::format::NumberFormat::Auto),
        ),
        _ => info.actual_text.clone(),
    };
    let attr = widget_attr(WidgetKind::Reveal {
        prediction: pid,
        actual,
        actual_num: info.actual.as_num(),
    });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-reveal\" data-lab=\"{attr}\">\n<div class=\"lab-reveal-head\">Prediction vs reality</div>\n<div class=\"lab-reveal-live\" role=\"status\" aria-live=\"polite\"></div>\n{}\n<div class=\"lab-feedback-list\"><div class=\"lab-feedback-title\">What each answer means</div>{list}</div>\n</div>",
        explain
            .map(|e| format!(
                "<div class=\"lab-reveal-explain\">{}</div>",
                cx.md(&e, false)
            ))
            .unwrap_or_default()
    )))
}

fn info_unit(cx: &Ctx<'_>, info: &PredInfo) -> physics::model::Unit {
    cx.model
        .output(&info.check)
        .map_or(physics::model::Unit::None, |o| o.unit)
}
