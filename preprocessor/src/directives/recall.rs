//! `lab recall`: shows the fields an earlier lab saved in this browser's ledger, or a
//! message telling the student to do that lab first. The lab must exist; the field names
//! are not checked against its ledger.

use render::spec::{RecallField, WidgetKind};
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecallD {
    from: S<String>,
    title: S<String>,
    fields: Vec<RecallFieldD>,
    missing: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecallFieldD {
    name: String,
    label: String,
}

pub(super) fn recall(cx: &mut Ctx<'_>, r: RecallD) -> Option<String> {
    let from = r.from.get_ref().clone();
    if physics::labs::find(&from).is_none() {
        let s = cx.span(&r.from);
        cx.err(s, format!("no lab `{from}` exists"));
    }
    let title = cx.template(&r.title);
    let missing = cx.template(&r.missing);
    let mut dl = String::new();
    for f in &r.fields {
        dl.push_str(&format!(
            "<dt>{}</dt><dd data-field=\"{}\">—</dd>",
            esc(&f.label),
            esc(&f.name)
        ));
    }
    let fields = r
        .fields
        .iter()
        .map(|f| RecallField {
            name: f.name.clone(),
            label: f.label.clone(),
        })
        .collect();
    let attr = widget_attr(WidgetKind::Recall { from, fields });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-recall\" data-lab=\"{attr}\">\n<div class=\"lab-recall-title\">{}</div>\n<dl class=\"lab-recall-fields\">{dl}</dl>\n<div class=\"lab-recall-missing\">{}</div>\n</div>",
        cx.md(&title, true),
        cx.md(&missing, true)
    )))
}
