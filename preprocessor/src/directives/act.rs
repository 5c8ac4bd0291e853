//! `lab act`: opens Act I or Act II of a lab with its title, optional duration and one line
//! on why the act matters. A lab has exactly two acts; an act also closes the gated region of the
//! previous act's prediction (the chapter does that).

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, markdown_inert, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActD {
    number: u8,
    title: S<String>,
    minutes: Option<String>,
    why: S<String>,
}

pub(super) fn act(cx: &mut Ctx<'_>, a: ActD) -> Option<String> {
    cx.declared.acts.push(a.number);
    let title = cx.template(&a.title);
    let why = cx.template(&a.why);
    let roman = match a.number {
        1 => "I",
        2 => "II",
        _ => {
            let span = cx.fence.clone();
            cx.err(
                span,
                format!(
                    "act {} does not exist: a lab has exactly two acts (1 and 2)",
                    a.number
                ),
            );
            "?"
        }
    };
    // The title is a markdown heading, so that mdBook gives it an anchor, lists it under "on
    // this page" and files the search index's breadcrumbs under it; "Act I: " is read and
    // listed but not shown twice beside the eyebrow.
    Some(format!(
        "{}\n\n## <span class=\"lab-act-prefix\">Act {roman}: </span>{t} {{#{hid} .lab-act-title}}\n\n{}",
        no_blank_lines(&format!(
            "<div class=\"lab-act lab-act-{n}\" id=\"{id}\" data-lab=\"{attr}\">\n<div class=\"lab-act-eyebrow\"><span class=\"lab-act-num\" aria-hidden=\"true\">{roman}</span> Act {roman}{min}</div>",
            n = a.number,
            id = cx.id(&format!("act{}", a.number)),
            attr = widget_attr(WidgetKind::Live),
            min = a
                .minutes
                .as_deref()
                .map(|m| format!(" · {} min", esc(m)))
                .unwrap_or_default(),
        )),
        no_blank_lines(&format!(
            "<p class=\"lab-act-why\">{}</p>\n</div>",
            cx.md(&why, true)
        )),
        hid = cx.id(&format!("act-{}", a.number)),
        t = markdown_inert(&cx.md(&title, true)),
    ))
}
