//! `lab reveal`: prediction against reality. It names a prediction declared above it,
//! carries the model's answer at that prediction's scenario (formatted with its unit) for
//! the widget's verdict, and the feedback for each option: a table by option key, or an
//! array in option order. The feedback must cover exactly the prediction's options.

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
    feedback: S<FeedbackD>,
}

/// Feedback by option key (`{ A = "…", … }`) or in option order (`["…", …]`).
pub(super) enum FeedbackD {
    Keyed(BTreeMap<String, S<String>>),
    Ordered(Vec<S<String>>),
}

// By hand rather than `#[serde(untagged)]`: untagged buffers the value and loses the spans
// that point problems at the entry.
impl<'de> Deserialize<'de> for FeedbackD {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FeedbackD;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of feedback by option key or an array in option order")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<FeedbackD, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, S<String>>()? {
                    out.insert(k, v);
                }
                Ok(FeedbackD::Keyed(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<FeedbackD, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = s.next_element::<S<String>>()? {
                    out.push(v);
                }
                Ok(FeedbackD::Ordered(out))
            }
        }
        d.deserialize_any(V)
    }
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
    let fb: Vec<(String, &S<String>)> = match r.feedback.get_ref() {
        FeedbackD::Keyed(map) => {
            for k in &keys {
                if !map.contains_key(k) {
                    cx.err(
                        fb_span.clone(),
                        format!("feedback for option {k} is missing"),
                    );
                }
            }
            for (k, v) in map {
                if !keys.is_empty() && !keys.contains(k) {
                    let s = cx.span(v);
                    cx.err(
                        s,
                        format!("feedback for `{k}`, which is not an option of `{pid}`"),
                    );
                }
            }
            map.iter().map(|(k, v)| (k.clone(), v)).collect()
        }
        FeedbackD::Ordered(list) => {
            if keys.is_empty() {
                cx.err(fb_span.clone(), format!("`{pid}` has no options to put this feedback in order of"))
                    .help = Some("a numeric prediction's feedback is a table, under any keys: `feedback = { close = \"…\" }`".into());
            } else if list.len() != keys.len() {
                cx.err(
                    fb_span.clone(),
                    format!(
                        "{} feedback entries for the {} options of `{pid}`",
                        list.len(),
                        keys.len()
                    ),
                )
                .help = Some(format!(
                    "one entry per option, in order: {}",
                    keys.join(", ")
                ));
            }
            keys.iter().cloned().zip(list).collect()
        }
    };
    let mut list = String::new();
    for (k, v) in &fb {
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
        points: matches!(
            info_unit(cx, &info),
            physics::model::Unit::Percent | physics::model::Unit::Pp
        ),
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

#[cfg(test)]
mod tests {
    const HEAD: &str = "```lab header\nmodel = \"v1-01\"\nvolume = 1\nnumber = 1\ntitle = \"T\"\nsubtitle = \"S\"\nminutes = \"5\"\n```\n\n```lab prediction\nid = \"p\"\nquestion = \"Q\"\ncheck = \"binding\"\ncorrect = \"B\"\noptions = [{ text = \"c\", value = \"compute\" }, { text = \"m\", value = \"memory\" }, { text = \"e\" }, { text = \"d\" }]\n```\n\n";

    fn errors(reveal: &str) -> Vec<String> {
        let src = format!("{HEAD}```lab reveal\nprediction = \"p\"\n{reveal}\n```\n");
        crate::chapter::process("src/t.md", &src, "b")
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn ordered_feedback_follows_the_option_keys() {
        assert!(errors("feedback = [\"a\", \"b\", \"c\", \"d\"]").is_empty());
        assert_eq!(
            errors("feedback = [\"a\", \"b\", \"c\"]"),
            ["3 feedback entries for the 4 options of `p`"]
        );
        assert_eq!(
            errors("feedback = { A = \"a\", B = \"b\", C = \"c\" }"),
            ["feedback for option D is missing"]
        );
        let src = format!(
            "{HEAD}```lab reveal\nprediction = \"p\"\nfeedback = [\"a\", \"b\", \"c\", \"d\"]\n```\n"
        );
        let html = crate::chapter::process("src/t.md", &src, "b").content;
        let order: Vec<usize> = ["\"A\"", "\"B\"", "\"C\"", "\"D\""]
            .iter()
            .map(|k| html.find(&format!("data-option={k}")).unwrap())
            .collect();
        assert!(order.is_sorted(), "feedback in option order");
    }
}
