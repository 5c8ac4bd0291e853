//! `lab cards`: a row of metric cards, each a label and a live value with an optional note;
//! a card with an `alert` condition is highlighted, with its tag, while the condition
//! holds.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, when_attr};
use crate::html::{esc, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CardsD {
    cards: Vec<CardD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CardD {
    label: S<String>,
    value: S<String>,
    note: Option<S<String>>,
    alert: Option<S<String>>,
    tag: Option<String>,
}

pub(super) fn cards(cx: &mut Ctx<'_>, c: CardsD) -> Option<String> {
    let mut out = format!(
        "<div class=\"lab-cards\" data-lab=\"{}\">",
        widget_attr(WidgetKind::Live)
    );
    for card in &c.cards {
        let label = cx.template(&card.label);
        let value = cx.template(&card.value);
        let note = card.note.as_ref().map(|n| cx.template(n));
        let alert = card.alert.as_ref().and_then(|a| cx.cond(a));
        out.push_str(&format!(
            "<div class=\"lab-card\"{}><div class=\"lab-card-label\">{}{}</div><div class=\"lab-card-value\">{}</div>{}</div>",
            when_attr(&alert),
            cx.md(&label, true),
            card.tag.as_deref().map(|t| format!(" <span class=\"lab-card-tag\">{}</span>", esc(t))).unwrap_or_default(),
            cx.md(&value, true),
            note.map(|n| format!("<div class=\"lab-card-note\">{}</div>", cx.md(&n, true))).unwrap_or_default()
        ));
    }
    out.push_str("</div>");
    Some(out)
}
