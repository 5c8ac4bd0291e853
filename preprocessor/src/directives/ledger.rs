//! `lab ledger`: the results this lab saves in the browser's design ledger for later labs.
//! Each field takes a model value, or the outcome of a prediction, reflection or failure
//! declared above the ledger.

use render::expr;
use render::spec::{Field, FieldSource, OptValue, WidgetKind};
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
    from: Option<S<String>>,
    value: Option<S<toml::Value>>,
    expr: Option<S<String>>,
    text: Option<S<String>>,
}

/// A constant field: a number or a text.
fn constant(cx: &mut Ctx<'_>, v: &S<toml::Value>) -> Option<FieldSource> {
    match v.get_ref() {
        toml::Value::Integer(i) => Some(FieldSource::Const(OptValue::Num(*i as f64))),
        toml::Value::Float(f) if f.is_finite() => Some(FieldSource::Const(OptValue::Num(*f))),
        toml::Value::String(s) => Some(FieldSource::Const(OptValue::Text(s.clone()))),
        _ => {
            let span = cx.span(v);
            cx.err(span, "a constant field is a number or a text");
            None
        }
    }
}

/// An arithmetic field, parsed and checked here, evaluated when the record is saved.
fn expression(cx: &mut Ctx<'_>, e: &S<String>) -> Option<FieldSource> {
    let span = cx.span(e);
    match expr::parse(e.get_ref()) {
        Err((at, msg)) => {
            let p = (span.start + 1 + at).min(span.end.saturating_sub(1));
            cx.err(p..p + 1, format!("bad expression: {msg}")).help =
                Some("expressions look like `rho_pct / 100` or `(a + b) * 2`".into());
            None
        }
        Ok(x) => {
            let errs = x.check(cx.model, cx.env);
            for m in &errs {
                cx.err(span.clone(), m.clone());
            }
            errs.is_empty().then_some(FieldSource::Expr(x))
        }
    }
}

pub(super) fn ledger(cx: &mut Ctx<'_>, l: LedgerD) -> Option<String> {
    let mut fields = Vec::new();
    let mut items = String::new();
    for f in &l.fields {
        let source = match (&f.from, &f.value, &f.expr, &f.text) {
            (Some(from), None, None, None) => source(cx, from),
            (None, Some(v), None, None) => constant(cx, v),
            (None, None, Some(e), None) => expression(cx, e),
            (None, None, None, Some(t)) => Some(FieldSource::Text(cx.template(t))),
            _ => {
                let span = cx.span(&f.name);
                cx.err(
                    span,
                    "a ledger field takes exactly one of `from`, `value`, `expr` and `text`",
                );
                None
            }
        };
        cx.declared.ledger.writes.push(f.name.get_ref().clone());
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

/// A `from` source: a model value, or the outcome of a prediction, reflection or failure.
fn source(cx: &mut Ctx<'_>, from: &S<String>) -> Option<FieldSource> {
    {
        let span = cx.span(from);
        let src = from.get_ref();
        let (kind, name) = src.split_once(':').unwrap_or(("value", src.as_str()));
        let known = |list: &Vec<String>| list.iter().any(|x| x == name);
        match kind {
            "value" => {
                let named = S::new(from.span(), name.to_string());
                cx.name(&named, None)
                    .then(|| FieldSource::Value(name.into()))
            }
            "correct"
                if cx.declared.checks.iter().any(|c| c == name)
                    || cx.declared.reflections.iter().any(|r| r == name) =>
            {
                Some(FieldSource::Correct(name.into()))
            }
            "check" => {
                if cx.declared.checks.iter().any(|c| c == name) {
                    Some(FieldSource::Check(name.into()))
                } else {
                    cx.err(span.clone(), format!("no check `{name}` in this chapter"));
                    None
                }
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
                    "write `name`, `prediction:ID`, `correct:ID`, `check:ID`, `reflection:ID` or `fired:ID`"
                        .into(),
                );
                None
            }
        }
    }
}
