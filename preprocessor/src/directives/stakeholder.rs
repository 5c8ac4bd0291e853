//! `lab stakeholder`: an incoming message from a persona ("VP of Engineering"), the story's
//! framing of what is asked of the student.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StakeholderD {
    from: S<String>,
    message: S<String>,
}

pub(super) fn stakeholder(cx: &mut Ctx<'_>, s: StakeholderD) -> Option<String> {
    let from = cx.template(&s.from);
    let msg = cx.template(&s.message);
    Some(no_blank_lines(&format!(
        "<blockquote class=\"lab-stakeholder\" data-lab=\"{}\"><div class=\"lab-stakeholder-from\">Incoming message · {}</div><div class=\"lab-stakeholder-quote\">{}</div></blockquote>",
        widget_attr(WidgetKind::Live),
        cx.md(&from, true),
        cx.md(&msg, false)
    )))
}
