//! `lab note`: a callout (info, success, warn, danger, reading, takeaways or next) with an
//! optional title and a markdown body. A note with `when` is shown only while its condition
//! holds: prose that characterises a number is a condition on that number. The build marks
//! it shown when the condition holds at the defaults, for the page without JavaScript.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use super::status::{on_class, when_attr};
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteD {
    kind: Option<S<String>>,
    title: Option<S<String>>,
    body: S<String>,
    when: Option<S<String>>,
}

pub(super) fn note(cx: &mut Ctx<'_>, n: NoteD) -> Option<String> {
    let kind = n
        .kind
        .as_ref()
        .map_or("info".to_string(), |k| k.get_ref().clone());
    if ![
        "info",
        "success",
        "warn",
        "danger",
        "reading",
        "takeaways",
        "next",
    ]
    .contains(&kind.as_str())
    {
        let s = n.kind.as_ref().map_or(cx.fence.clone(), |k| cx.span(k));
        cx.err(s, format!("note kind `{kind}` is unknown")).help =
            Some("use info, success, warn, danger, reading, takeaways or next".into());
    }
    let title = n.title.as_ref().map(|t| cx.template(t));
    let body = cx.template(&n.body);
    let when = match &n.when {
        Some(w) => Some(cx.cond(w)?),
        None => None,
    };
    let (cls, attr) = when.as_ref().map_or((String::new(), String::new()), |c| {
        (
            format!(" lab-note-when{}", on_class(c, cx.env)),
            when_attr(c),
        )
    });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-note lab-note-{k}{cls}\" data-lab=\"{}\"{attr}>{}<div class=\"lab-note-body\">{}</div></div>",
        widget_attr(WidgetKind::Live),
        title
            .map(|t| format!("<div class=\"lab-note-title\">{}</div>", cx.md(&t, true)))
            .unwrap_or_default(),
        cx.md(&body, false),
        k = esc(&kind)
    )))
}
