//! `lab formula`: a live computation card, one line per step of a calculation, each line a
//! template so its numbers follow the controls.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::widget_attr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FormulaD {
    title: S<String>,
    lines: Vec<S<String>>,
}

pub(super) fn formula(cx: &mut Ctx<'_>, f: FormulaD) -> Option<String> {
    let title = cx.template(&f.title);
    let mut out = format!(
        "<div class=\"lab-formula\" data-lab=\"{}\"><div class=\"lab-formula-title\">{}</div>",
        widget_attr(WidgetKind::Live),
        cx.md(&title, true)
    );
    for l in &f.lines {
        let l = cx.template(l);
        out.push_str(&format!(
            "<div class=\"lab-formula-line\">{}</div>",
            cx.md(&l, true)
        ));
    }
    out.push_str("</div>");
    Some(out)
}
