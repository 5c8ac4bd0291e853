//! `lab header`: the lab's title block, the first directive of a chapter and the only one
//! of its kind. It names the model (the chapter parses it on its own, first, to find the
//! model every other directive is checked against) and renders the eyebrow line, title,
//! subtitle, duration chip and constraint badges. A badge with status levels (`warn`,
//! `fail`, or `fail_when`, the older name of `fail`) changes colour and words with its state:
//! `text` while ok, `warn_text` while warn holds, `fail_text` while fail holds.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::status::{self, levels};
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
    /// `lab` (the default: two acts, one prediction each) or `orientation` (no acts, one to
    /// three concept checks); the chapter enforces it.
    pub shape: Option<S<String>>,
    #[serde(default)]
    pub badges: Vec<BadgeD>,
    /// Connections: the textbook sections, the next lab, the TinyTorch module.
    #[serde(default)]
    pub links: Vec<LinkD>,
    /// Named input settings whose values prose may quote as `{name@scenario}`.
    #[serde(default)]
    pub scenarios: std::collections::BTreeMap<String, S<toml::Table>>,
}

impl HeaderD {
    /// Whether this is an orientation chapter (`shape = "orientation"`).
    pub fn orientation(&self) -> bool {
        self.shape
            .as_ref()
            .is_some_and(|s| s.get_ref() == "orientation")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeD {
    text: S<String>,
    warn_text: Option<S<String>>,
    fail_text: Option<S<String>>,
    warn: Option<S<String>>,
    fail: Option<S<String>>,
    fail_when: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkD {
    text: String,
    href: S<String>,
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
        badges.push_str(&badge(cx, b));
    }
    let links = connections(cx, &h.links);
    let chapter = h
        .chapter
        .as_deref()
        .map(|c| format!(" · {}", esc(c)))
        .unwrap_or_default();
    no_blank_lines(&format!(
        "<header class=\"lab-header\" data-lab=\"{attr}\">\n<div class=\"lab-eyebrow\">Machine Learning Systems · {vol} · Lab {num:02}{chapter}</div>\n<div class=\"lab-title\" aria-hidden=\"true\">{title}</div>\n<p class=\"lab-subtitle\">{sub}</p>\n<div class=\"lab-chips\"><span class=\"lab-chip\">{min} min</span><span class=\"lab-chip\">{shape}</span></div>\n<div class=\"lab-badges\">{badges}</div>\n{links}</header>",
        attr = widget_attr(WidgetKind::Live),
        num = h.number,
        title = esc(&h.title),
        sub = cx.md(&subtitle, true),
        min = esc(&h.minutes),
        shape = if h.orientation() {
            "Orientation"
        } else {
            "2 acts"
        },
    ))
}

/// The header's connections as a list of links. A relative link to a chapter's `.md` file
/// becomes its `.html` page (mdBook rewrites links only in markdown); only safe URLs pass.
fn connections(cx: &mut Ctx<'_>, links: &[LinkD]) -> String {
    let mut items = String::new();
    for l in links {
        let href = l.href.get_ref();
        if !crate::html::safe_url(href) {
            let s = cx.span(&l.href);
            cx.err(s, format!("link `{href}` has a scheme that is not allowed"))
                .help = Some("use a relative path, or an http(s) or mailto URL".into());
            continue;
        }
        let relative = !href.contains(':');
        let (path, frag) = href.split_at(href.find('#').unwrap_or(href.len()));
        let href = match path.strip_suffix(".md") {
            Some(stem) if relative => format!("{stem}.html{frag}"),
            _ => href.clone(),
        };
        items.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>",
            esc(&href),
            esc(&l.text)
        ));
    }
    if items.is_empty() {
        return String::new();
    }
    format!(
        "<nav class=\"lab-links\" aria-label=\"Connections\"><span class=\"lab-links-title\">Connections</span><ul>{items}</ul></nav>\n"
    )
}

/// One badge: informational without levels; with them, one span of words per level.
fn badge(cx: &mut Ctx<'_>, b: &BadgeD) -> String {
    let text = cx.template(&b.text);
    let warn_text = b.warn_text.as_ref().map(|t| cx.template(t));
    let fail_text = b.fail_text.as_ref().map(|t| cx.template(t));
    let fail_key = if b.fail.is_some() {
        "fail"
    } else {
        "fail_when"
    };
    let lv = levels(
        cx,
        b.warn.as_ref(),
        b.fail.as_ref(),
        b.fail_when.as_ref().map(|f| ("fail_when", f)),
    );
    if let (Some(t), None) = (&b.warn_text, &b.warn) {
        let s = cx.span(t);
        cx.err(
            s,
            "`warn_text` is shown while `warn` holds; this badge has no `warn`",
        );
    }
    if let (Some(t), None, None) = (&b.fail_text, &b.fail, &b.fail_when) {
        let s = cx.span(t);
        cx.err(
            s,
            "`fail_text` is shown while `fail` holds; this badge has no `fail`",
        );
    }
    if !lv.any() {
        return format!(
            "<span class=\"badge badge-info\">{}</span>",
            cx.md(&text, true)
        );
    }
    if let (Some(f), None) = (b.fail.as_ref().or(b.fail_when.as_ref()), &fail_text) {
        let s = cx.span(f);
        cx.err(s, format!("a badge with `{fail_key}` needs `fail_text`: the words it shows while failed"))
            .help = Some(
            "a badge says its failed state in words, e.g. `fail_text = \"Out of memory\"` for `text = \"Fits in memory\"`".into(),
        );
    }
    let ok = cx.md(&text, true);
    // Without `warn_text` the warn state keeps the ok words, marked in words as a warning.
    let warn = warn_text.map_or_else(|| format!("Warning: {ok}"), |t| cx.md(&t, true));
    let fail = fail_text.map(|t| cx.md(&t, true)).unwrap_or_default();
    format!(
        "<span class=\"badge badge-ok lab-badge-live lab-status\">{}</span>",
        status::spans(cx.env, &lv, &ok, &warn, &fail)
    )
}
