//! `lab header`: the lab's title block, the first directive of a chapter and the only one
//! of its kind. It names the model (the chapter parses it on its own, first, to find the
//! model every other directive is checked against) and renders the eyebrow line, title,
//! subtitle, duration chip and constraint badges; a badge with `fail_when` shows as failed
//! while its condition holds.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, parse};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderD {
    pub model: S<String>,
    pub volume: u8,
    pub number: u8,
    pub title: String,
    pub subtitle: S<String>,
    pub minutes: String,
    pub chapter: Option<String>,
    #[serde(default)]
    pub badges: Vec<BadgeD>,
    /// Named input settings whose values prose may quote as `{name@scenario}`.
    #[serde(default)]
    pub scenarios: std::collections::BTreeMap<String, S<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeD {
    text: S<String>,
    fail_when: Option<S<String>>,
}

pub fn parse_header(cx: &mut Ctx<'_>, body: &str) -> Option<HeaderD> {
    parse::<HeaderD>(cx, body)
}

/// Evaluates the header's scenarios, checking each input and value.
pub fn scenarios(cx: &mut Ctx<'_>, h: &HeaderD) -> Vec<(String, render::Env)> {
    h.scenarios
        .iter()
        .map(|(name, t)| (name.clone(), super::scenario_env(cx, Some(t))))
        .collect()
}

pub fn header(cx: &mut Ctx<'_>, h: &HeaderD) -> String {
    let subtitle = cx.template(&h.subtitle);
    let vol = if h.volume == 1 {
        "Volume I"
    } else {
        "Volume II"
    };
    let mut badges = String::new();
    for b in &h.badges {
        let text = cx.template(&b.text);
        let when = b.fail_when.as_ref().and_then(|w| cx.cond(w));
        let (cls, attr) = match when {
            Some(c) => (
                "badge badge-ok lab-badge-live",
                format!(
                    " data-when=\"{}\"",
                    esc(&serde_json::to_string(&c).unwrap_or_default())
                ),
            ),
            None => ("badge badge-info", String::new()),
        };
        badges.push_str(&format!(
            "<span class=\"{cls}\"{attr}>{}</span>",
            cx.md(&text, true)
        ));
    }
    let chapter = h
        .chapter
        .as_deref()
        .map(|c| format!(" · {}", esc(c)))
        .unwrap_or_default();
    no_blank_lines(&format!(
        "<header class=\"lab-header\" data-lab=\"{attr}\">\n<div class=\"lab-eyebrow\">Machine Learning Systems · {vol} · Lab {num:02}{chapter}</div>\n<div class=\"lab-title\">{title}</div>\n<p class=\"lab-subtitle\">{sub}</p>\n<div class=\"lab-chips\"><span class=\"lab-chip\">{min} min</span><span class=\"lab-chip\">2 acts</span></div>\n<div class=\"lab-badges\">{badges}</div>\n</header>",
        attr = widget_attr(WidgetKind::Live),
        num = h.number,
        title = esc(&h.title),
        sub = cx.md(&subtitle, true),
        min = esc(&h.minutes),
    ))
}
