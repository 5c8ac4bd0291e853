//! `lab ledger`: the results this lab saves in the browser's design ledger for later labs.
//! Each field takes a model value, or the outcome of a prediction, reflection or failure
//! declared above the ledger.

use render::spec::{Field, FieldSource, WidgetKind};
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LedgerD {
    fields: Vec<LedgerFieldD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LedgerFieldD {
    name: S<String>,
    from: S<String>,
}

pub(super) fn ledger(cx: &mut Ctx<'_>, l: LedgerD) -> Option<String> {
    let mut fields = Vec::new();
    let mut items = String::new();
    for f in &l.fields {
        let span = cx.span(&f.from);
        let src = f.from.get_ref();
        let (kind, name) = src.split_once(':').unwrap_or(("value", src.as_str()));
        let known = |list: &Vec<String>| list.iter().any(|x| x == name);
        let source = match kind {
            "value" => {
                let named = S::new(f.from.span(), name.to_string());
                cx.name(&named, None)
                    .then(|| FieldSource::Value(name.into()))
            }
            "prediction" | "correct" => {
                let ps: Vec<String> = cx
                    .declared
                    .predictions
                    .iter()
                    .map(|p| p.id.clone())
                    .collect();
                if known(&ps) {
                    Some(if kind == "prediction" {
                        FieldSource::Prediction(name.into())
                    } else {
                        FieldSource::Correct(name.into())
                    })
                } else {
                    cx.err(
                        span.clone(),
                        format!("no prediction `{name}` in this chapter"),
                    );
                    None
                }
            }
            "reflection" => {
                let rs = cx.declared.reflections.clone();
                if known(&rs) {
                    Some(FieldSource::Reflection(name.into()))
                } else {
                    cx.err(
                        span.clone(),
                        format!("no reflection `{name}` in this chapter"),
                    );
                    None
                }
            }
            "fired" => {
                let fs = cx.declared.failures.clone();
                if known(&fs) {
                    Some(FieldSource::Fired(name.into()))
                } else {
                    cx.err(span.clone(), format!("no failure `{name}` in this chapter"));
                    None
                }
            }
            other => {
                cx.err(span.clone(), format!("unknown field source `{other}`"))
                    .help = Some(
                    "write `name`, `prediction:ID`, `correct:ID`, `reflection:ID` or `fired:ID`"
                        .into(),
                );
                None
            }
        };
        if let Some(source) = source {
            items.push_str(&format!("<li><code>{}</code></li>", esc(f.name.get_ref())));
            fields.push(Field {
                name: f.name.get_ref().clone(),
                source,
            });
        }
    }
    let attr = widget_attr(WidgetKind::Ledger { fields });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-ledger\" data-lab=\"{attr}\">\n<div class=\"lab-ledger-title\">Design ledger</div>\n<p>This lab records these results in your browser's design ledger, for later labs to build on:</p>\n<ul class=\"lab-ledger-fields\">{items}</ul>\n<div class=\"lab-ledger-status\" role=\"status\" aria-live=\"polite\"></div>\n<button type=\"button\" class=\"lab-export\" disabled>Export ledger (JSON)</button>\n</div>"
    )))
}
