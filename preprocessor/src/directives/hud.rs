//! `lab hud`: the status bar: the lab id, every prediction, concept check and failure
//! declared above it, optional metrics, and the ledger's save status. A metric may have
//! status levels (`warn`, `fail`): its value is recoloured and followed by a word.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use super::status::{self, levels};
use crate::html::{esc, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HudD {
    #[serde(default)]
    metrics: Vec<MetricD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MetricD {
    label: String,
    value: S<String>,
    warn: Option<S<String>>,
    fail: Option<S<String>>,
}

pub(super) fn hud(cx: &mut Ctx<'_>, h: HudD) -> Option<String> {
    let mut items = format!(
        "<span class=\"hud-item\"><span class=\"hud-label\">Lab</span><span class=\"hud-value\">{}</span></span>",
        esc(&cx.declared.lab_label)
    );
    let labels = cx.declared.hud_labels.clone();
    let label = |id: &str| esc(labels.get(id).map_or(id, String::as_str));
    for p in &cx.declared.predictions {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-pred=\"{p}\"><span class=\"hud-label\">{l}</span><span class=\"hud-value hud-warn\">pending</span></span>",
            p = esc(&p.id),
            l = label(&p.id)
        ));
    }
    for c in &cx.declared.checks {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-check=\"{c}\"><span class=\"hud-label\">{c}</span><span class=\"hud-value hud-warn\">pending</span></span>",
            c = esc(c)
        ));
    }
    for m in &h.metrics {
        let v = cx.template(&m.value);
        let lv = levels(cx, m.warn.as_ref(), m.fail.as_ref(), None);
        let (cls, word) = if lv.any() {
            (
                " lab-status",
                status::word(cx.env, &lv, "warning", "failing"),
            )
        } else {
            ("", String::new())
        };
        items.push_str(&format!(
            "<span class=\"hud-item{cls}\"><span class=\"hud-label\">{}</span><span class=\"hud-value\">{}</span>{word}</span>",
            esc(&m.label),
            cx.md(&v, true)
        ));
    }
    for f in &cx.declared.failures {
        // An informational state is told as on/off, in neutral colours.
        let (class, text) = if cx.declared.info_states.contains(f) {
            ("", "off")
        } else {
            (" hud-active", "clear")
        };
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-fail=\"{f}\"><span class=\"hud-label\">{l}</span><span class=\"hud-value{class}\">{text}</span></span>",
            f = esc(f),
            l = label(f)
        ));
    }
    items.push_str("<span class=\"hud-item\" data-hud-ledger=\"\"><span class=\"hud-label\">Ledger</span><span class=\"hud-value\">not saved</span></span>");
    // The ledger page (`src/ledger.md`), relative to this chapter's page.
    let rel = cx.path.rsplit_once("src/").map_or(cx.path, |(_, r)| r);
    let up = "../".repeat(rel.matches('/').count());
    items.push_str(&format!(
        "<a class=\"hud-item hud-ledger-link\" href=\"{up}ledger.html\">All labs: your ledger</a>"
    ));
    let attr = widget_attr(WidgetKind::Hud {
        predictions: cx
            .declared
            .predictions
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        failures: cx.declared.failures.clone(),
    });
    Some(format!(
        "<div class=\"lab-hud\" data-lab=\"{attr}\" role=\"group\" aria-label=\"Lab status\">{items}</div>"
    ))
}
