//! Charts and plots on a canvas: sized to the page at the device pixel ratio, redrawn only
//! when what they show changed, with their data table kept in step.

use std::cell::RefCell;

use physics::model::Value;
use plotters::prelude::*;
use render::Env;
use render::chart::{self, ChartSpec, Theme};
use render::plot::{self, PlotData, PlotSpec};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement};

use crate::dom::{self, set_class};

mod canvas;
use canvas::CanvasBackend;

/// What a canvas shows.
pub(crate) enum Drawing {
    Bars(ChartSpec),
    Plot(Box<PlotSpec>),
}

/// One chart or plot on the page.
pub(crate) struct Chart {
    el: Element,
    canvas: HtmlCanvasElement,
    drawing: Drawing,
    /// Bar charts: the values they read, and those values when last drawn.
    names: Vec<String>,
    drawn_values: Option<Vec<Option<Value>>>,
    /// Plots: the data last drawn (a sweep depends on every input, so comparing the
    /// evaluated data is both exact and cheap next to the drawing it saves).
    drawn_plot: Option<PlotData>,
    /// Last measured CSS width. Measuring forces a synchronous layout of the whole page, so
    /// it is done only on forced updates (start, unlock, resize, theme change).
    width: i32,
    /// The `<tbody>` of the data table, rewritten when the data change.
    tbody: Option<Element>,
    /// The table's cells as last written: when the table keeps its shape, only the cells
    /// whose text changed are written (a heat map's table has over a hundred).
    cells: RefCell<Vec<Vec<(String, Element)>>>,
    /// A plot's samples, reused while only its swept inputs move.
    cache: plot::Cache,
}

/// Bar-chart panels per row at a given width: a panel needs about 200 px to keep its
/// labels apart, so narrow screens stack them.
fn columns(panels: usize, width: i32) -> usize {
    ((width / 200).max(1) as usize).min(panels.max(1))
}

impl Chart {
    pub(crate) fn new(el: Element, drawing: Drawing) -> Result<Chart, &'static str> {
        let canvas = dom::one(&el, "canvas")
            .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
            .ok_or("This chart has no canvas to draw on.")?;
        let names = match &drawing {
            Drawing::Bars(spec) => chart::names(spec),
            Drawing::Plot(_) => Vec::new(),
        };
        let tbody = dom::one(&el, ".lab-data tbody");
        Ok(Chart {
            el,
            canvas,
            drawing,
            names,
            drawn_values: None,
            drawn_plot: None,
            width: 0,
            tbody,
            cells: RefCell::default(),
            cache: plot::Cache::default(),
        })
    }

    /// Redraws if the values changed (or `force`).
    pub(crate) fn update(&mut self, env: &Env, theme: &Theme, force: bool) {
        if force || self.width <= 0 {
            self.width = self.el.client_width();
        }
        if self.width <= 0 {
            // Hidden (behind a gate): draw when it becomes visible.
            self.drawn_values = None;
            self.drawn_plot = None;
            return;
        }
        let result = match &self.drawing {
            Drawing::Bars(spec) => {
                let values: Vec<Option<Value>> = self.names.iter().map(|n| env.get(n)).collect();
                if !force && self.drawn_values.as_ref() == Some(&values) {
                    return;
                }
                let cols = columns(spec.panels.len(), self.width);
                let rows = spec.panels.len().div_ceil(cols);
                let height = if rows > 1 {
                    (spec.height as f64 * 0.72).round() as u32 * rows as u32
                } else {
                    spec.height
                };
                let r = self.draw(height, |area| {
                    chart::draw_grid(area, spec, env, theme, cols)
                });
                if r.is_ok() {
                    self.fill_table(&chart::table(spec, env));
                    self.drawn_values = Some(values);
                }
                r
            }
            Drawing::Plot(spec) => {
                let data = plot::evaluate_cached(spec, env, &mut self.cache);
                if !force && self.drawn_plot.as_ref() == Some(&data) {
                    return;
                }
                let r = self.draw(spec.height, |area| plot::draw(area, spec, &data, theme));
                if r.is_ok() {
                    self.fill_table(&plot::table(spec, &data, env));
                    self.drawn_plot = Some(data);
                }
                r
            }
        };
        match result {
            Ok(()) => set_class(&self.el, "lab-live", true),
            Err(e) => {
                set_class(&self.el, "lab-live", false);
                dom::show_error(&self.el, &format!("This chart failed to draw: {e}"));
            }
        }
    }

    /// Sizes the canvas to `width` × `height` CSS pixels at the device pixel ratio and runs
    /// `paint` on a drawing area in CSS pixels.
    fn draw(
        &self,
        height: u32,
        paint: impl FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>) -> Result<(), String>,
    ) -> Result<(), String> {
        let dpr = dom::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .clamp(1.0, 4.0);
        let (w, h) = (self.width as u32, height);
        let (pw, ph) = (
            (w as f64 * dpr).round() as u32,
            (h as f64 * dpr).round() as u32,
        );
        // Resizing a canvas reallocates and clears it: only do it when the size changed.
        if self.canvas.width() != pw || self.canvas.height() != ph {
            self.canvas.set_width(pw);
            self.canvas.set_height(ph);
            if let Some(style) = self.canvas.dyn_ref::<HtmlElement>().map(|e| e.style()) {
                let _ = style.set_property("height", &format!("{h}px"));
            }
        }
        let ctx = self
            .canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or("this browser could not give the chart a canvas")?;
        // Draw in CSS pixels; the transform maps them onto device pixels.
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
            .map_err(|e| dom::describe(&e))?;
        let backend = CanvasBackend::new(self.canvas.clone(), ctx);
        let area = backend.into_drawing_area().shrink((0, 0), (w, h));
        paint(&area)?;
        area.present().map_err(|e| e.to_string())
    }

    /// Brings the data table's body up to date (as text: nothing here is markup): the cells
    /// that changed when the table keeps its shape, else the whole body.
    fn fill_table(&self, (_, rows): &(Vec<String>, Vec<Vec<String>>)) {
        let (Some(tbody), Ok(doc)) = (&self.tbody, dom::document()) else {
            return;
        };
        let mut cells = self.cells.borrow_mut();
        let same_shape =
            cells.len() == rows.len() && cells.iter().zip(rows).all(|(c, r)| c.len() == r.len());
        if same_shape {
            for (old, new) in cells.iter_mut().flatten().zip(rows.iter().flatten()) {
                if old.0 != *new {
                    old.1.set_text_content(Some(new));
                    old.0.clone_from(new);
                }
            }
            return;
        }
        cells.clear();
        tbody.set_text_content(None);
        for row in rows {
            let Ok(tr) = doc.create_element("tr") else {
                cells.clear();
                return;
            };
            let mut line = Vec::with_capacity(row.len());
            for (i, c) in row.iter().enumerate() {
                let Ok(td) = doc.create_element(if i == 0 { "th" } else { "td" }) else {
                    cells.clear();
                    return;
                };
                if i == 0 {
                    let _ = td.set_attribute("scope", "row");
                }
                td.set_text_content(Some(c));
                let _ = tr.append_child(&td);
                line.push((c.clone(), td));
            }
            let _ = tbody.append_child(&tr);
            cells.push(line);
        }
    }
}

/// The "show the data table" buttons: each shows or hides its table (screen readers read
/// the table either way).
pub(crate) fn wire_table_toggles(root: &Element) {
    for btn in dom::all(root, ".lab-data-toggle") {
        let b = btn.clone();
        dom::on(&btn, "click", move |_| {
            let open = b.get_attribute("aria-expanded").as_deref() != Some("true");
            let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
            b.set_text_content(Some(if open {
                "Hide the data table"
            } else {
                "Show the data table"
            }));
            if let Some(parent) = b.parent_element() {
                set_class(&parent, "lab-data-open", open);
            }
        });
    }
}
