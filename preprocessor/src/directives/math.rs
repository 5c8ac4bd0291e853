//! `lab math`: the collapsible math peek: an equation rendered from LaTeX to MathML at
//! build time, its symbols with their meanings, and notes. LaTeX that does not parse is an
//! error.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{mathml, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MathD {
    title: S<String>,
    latex: S<String>,
    #[serde(default)]
    symbols: Vec<[S<String>; 2]>,
    notes: Option<S<String>>,
}

pub(super) fn math(cx: &mut Ctx<'_>, m: MathD) -> Option<String> {
    let title = cx.template(&m.title);
    let ml = match mathml(m.latex.get_ref(), true) {
        Ok(ml) => ml,
        Err(e) => {
            let s = cx.span(&m.latex);
            cx.err(s, format!("LaTeX does not parse: {e}"));
            return None;
        }
    };
    let mut dl = String::new();
    for [sym, meaning] in &m.symbols {
        let sym_ml = match mathml(sym.get_ref(), false) {
            Ok(s) => s,
            Err(e) => {
                let s = cx.span(sym);
                cx.err(s, format!("LaTeX does not parse: {e}"));
                String::new()
            }
        };
        let meaning = cx.template(meaning);
        dl.push_str(&format!(
            "<dt>{sym_ml}</dt><dd>{}</dd>",
            cx.md(&meaning, true)
        ));
    }
    let notes = m
        .notes
        .as_ref()
        .map(|n| cx.template(n))
        .map(|n| cx.md(&n, false))
        .unwrap_or_default();
    Some(no_blank_lines(&format!(
        "<details class=\"lab-math\" data-lab=\"{}\">\n<summary>{}</summary>\n<div class=\"lab-math-body\">{ml}<dl class=\"lab-symbols\">{dl}</dl>{notes}</div>\n</details>",
        widget_attr(WidgetKind::Live),
        cx.md(&title, true)
    )))
}
