//! `lab table`: a table of live values: a header and rows of templates, every row as wide
//! as the header, the first cell of each row a row heading.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TableD {
    caption: Option<S<String>>,
    header: Vec<S<String>>,
    rows: Vec<Vec<S<String>>>,
}

pub(super) fn table(cx: &mut Ctx<'_>, t: TableD) -> Option<String> {
    let mut out = format!(
        // A wide table scrolls inside its box: focusable so the keyboard can scroll it, and
        // named so a screen reader says what the region is.
        "<div class=\"lab-table-wrap\" data-lab=\"{}\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table class=\"lab-table\">",
        widget_attr(WidgetKind::Live),
        esc(&t.caption.as_ref().map_or_else(
            || "Table".to_string(),
            |c| super::plain(&cx.template(c), cx.env)
        ))
    );
    if let Some(c) = &t.caption {
        let c = cx.template(c);
        out.push_str(&format!("<caption>{}</caption>", cx.md(&c, true)));
    }
    out.push_str("<thead><tr>");
    for h in &t.header {
        let h = cx.template(h);
        out.push_str(&format!("<th>{}</th>", cx.md(&h, true)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        if row.len() != t.header.len() {
            let s = row.first().map_or(cx.fence.clone(), |c| cx.span(c));
            cx.err(
                s,
                format!(
                    "this row has {} cells; the header has {}",
                    row.len(),
                    t.header.len()
                ),
            );
        }
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let c = cx.template(cell);
            let tag = if i == 0 { "th" } else { "td" };
            out.push_str(&format!("<{tag}>{}</{tag}>", cx.md(&c, true)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    Some(out)
}
