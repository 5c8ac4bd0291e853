//! `lab cards`: a row of metric cards, each a label and a live value with an optional note.
//! A card may have status levels (`warn`, `fail`, or `alert`, the older name of `fail`): it
//! is recoloured while one holds and carries a word tag ("ok", "warning", or its `tag`,
//! default "failing") so the state is never colour alone.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use super::status::{self, levels};
use crate::html::widget_attr;

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
    warn: Option<S<String>>,
    fail: Option<S<String>>,
    alert: Option<S<String>>,
    tag: Option<S<String>>,
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
        let lv = levels(
            cx,
            card.warn.as_ref(),
            card.fail.as_ref(),
            card.alert.as_ref().map(|a| ("alert", a)),
        );
        if let Some(t) = &card.tag
            && !lv.any()
        {
            let s = cx.span(t);
            cx.err(
                s,
                "`tag` is the card's word while `fail` (or, without one, `warn`) holds; this card has neither",
            );
        }
        let (cls, word) = if lv.any() {
            // The tag names the card's worst declared state: fail, or warn without a fail.
            let tag = card.tag.as_ref().map(|t| t.get_ref().as_str());
            let (warn_word, fail_word) = match (tag, lv.fail.is_some()) {
                (Some(t), true) => ("warning", t),
                (Some(t), false) => (t, "failing"),
                (None, _) => ("warning", "failing"),
            };
            (
                " lab-status",
                format!(" {}", status::word(cx.env, &lv, warn_word, fail_word)),
            )
        } else {
            ("", String::new())
        };
        out.push_str(&format!(
            "<div class=\"lab-card{cls}\"><div class=\"lab-card-label\">{}{word}</div><div class=\"lab-card-value\">{}</div>{}</div>",
            cx.md(&label, true),
            cx.md(&value, true),
            note.map(|n| format!("<div class=\"lab-card-note\">{}</div>", cx.md(&n, true))).unwrap_or_default()
        ));
    }
    out.push_str("</div>");
    Some(out)
}
