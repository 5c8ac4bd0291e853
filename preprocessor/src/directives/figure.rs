//! The markup every chart and plot shares: a caption, the canvas the widgets draw on, the
//! static SVG snapshot (print, no-JS readers, the search index's alt text), the live text
//! description and the data table, both of which the widgets keep in step with the values.
//!
//! The snapshot is a file beside the widget bundle (`labs-assets/snap/<hash>.svg`, written by
//! [`crate::assets::write_snapshot`]), not a data URI in the page: a page with JavaScript never
//! downloads it (the live canvas replaces it, and the image is lazy), and the page's HTML
//! stays small. Its URL is relative to the book's root here; `run` rebases it to the chapter
//! ([`crate::assets::rebase_snapshots`]).

use super::Ctx;
use crate::html::esc;

/// Width of static snapshots: print and no-JS readers see them scaled to the page.
pub(super) const SNAPSHOT_W: u32 = 720;

/// What one figure shows.
pub(super) struct Figure<'a> {
    /// The `data-lab` attribute (already escaped).
    pub attr: String,
    pub class: &'a str,
    pub title: Option<&'a str>,
    /// The description template (checked): rendered with live spans.
    pub alt: &'a str,
    pub height: u32,
    pub svg: String,
    pub table: (Vec<String>, Vec<Vec<String>>),
}

pub(super) fn html(cx: &mut Ctx<'_>, f: Figure<'_>) -> String {
    cx.declared.plots += 1;
    let id = cx.id(&format!("fig{}", cx.declared.plots));
    let snap = match crate::assets::write_snapshot(&f.svg) {
        Ok(name) => name,
        Err(e) => {
            let at = cx.fence.clone();
            cx.err(at, e);
            crate::assets::snapshot_name(&f.svg)
        }
    };
    let caption = f
        .title
        .map(|t| format!("<figcaption>{}</figcaption>", esc(t)))
        .unwrap_or_default();
    let plain = esc(&render::template::render(
        &render::template::parse(f.alt).unwrap_or_default(),
        cx.env,
    ));
    let name = esc(f.title.unwrap_or("Chart"));
    let (head, rows) = &f.table;
    let mut table = format!(
        "<div class=\"lab-data-wrap\"><table class=\"lab-data-table\" id=\"{id}-data\"><caption>Data: {name}</caption><thead><tr>"
    );
    for h in head {
        table.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    table.push_str("</tr></thead><tbody>");
    for r in rows {
        table.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            table.push_str(&format!("<{tag}>{}</{close}>", esc(c)));
        }
        table.push_str("</tr>");
    }
    table.push_str("</tbody></table></div>");
    let desc = cx.md(f.alt, true);
    format!(
        "<figure class=\"{class}\" id=\"{id}\" data-lab=\"{attr}\">{caption}<canvas class=\"lab-canvas\" style=\"height:{h}px\" role=\"img\" aria-label=\"{name}\" aria-describedby=\"{id}-desc\"></canvas>{img}{snap}\" loading=\"lazy\" decoding=\"async\" width=\"{w}\" height=\"{h}\" alt=\"{plain}\"><p class=\"lab-plot-desc\" id=\"{id}-desc\" aria-live=\"polite\">{desc}</p><div class=\"lab-data\"><button type=\"button\" class=\"lab-data-toggle\" aria-expanded=\"false\" aria-controls=\"{id}-data\">Show the data table</button>{table}</div></figure>",
        class = f.class,
        attr = f.attr,
        img = crate::assets::SNAP_IMG,
        h = f.height,
        w = SNAPSHOT_W,
    )
}
