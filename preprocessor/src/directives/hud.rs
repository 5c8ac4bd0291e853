//! `lab hud`: the status bar: the lab id, every prediction and failure declared above it,
//! optional metrics, and the ledger's save status.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
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
}

pub(super) fn hud(cx: &mut Ctx<'_>, h: HudD) -> Option<String> {
    let mut items = format!(
        "<span class=\"hud-item\"><span class=\"hud-label\">Lab</span><span class=\"hud-value\">{}</span></span>",
        esc(&cx.lab.to_uppercase())
    );
    for p in &cx.declared.predictions {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-pred=\"{p}\"><span class=\"hud-label\">{p}</span><span class=\"hud-value hud-warn\">pending</span></span>",
            p = esc(&p.id)
        ));
    }
    for m in &h.metrics {
        let v = cx.template(&m.value);
        items.push_str(&format!(
            "<span class=\"hud-item\"><span class=\"hud-label\">{}</span><span class=\"hud-value\">{}</span></span>",
            esc(&m.label),
            cx.md(&v, true)
        ));
    }
    for f in &cx.declared.failures {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-fail=\"{f}\"><span class=\"hud-label\">{f}</span><span class=\"hud-value hud-active\">clear</span></span>",
            f = esc(f)
        ));
    }
    items.push_str("<span class=\"hud-item\" data-hud-ledger=\"\"><span class=\"hud-label\">Ledger</span><span class=\"hud-value\">not saved</span></span>");
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
        "<div class=\"lab-hud\" data-lab=\"{attr}\" role=\"status\">{items}</div>"
    ))
}
