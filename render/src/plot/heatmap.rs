//! Heat maps over two inputs: the model runs at every cell of a grid (range inputs sampled
//! over their range, choice inputs one column per option), with an optional contour at one
//! level and the student's cell outlined.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{Frame, TICK_PX};
use super::labels::text_width;
use super::{ColorScale, Grid, PlotData, PlotSpec, cell, spread, sweep_points};
use crate::Env;
use crate::chart::Theme;
use physics::model::{InputKind, Value, Values};

/// The values one axis visits, each with its position and tick text.
fn axis_points(env: &Env, input: &str, samples: usize) -> Vec<(Value, f64, String)> {
    let Some(def) = env.model.input(input) else {
        return Vec::new();
    };
    match def.kind {
        InputKind::Range { unit, .. } => sweep_points(env, input, samples, false)
            .into_iter()
            .map(|x| (Value::Num(x), x, cell(x, unit)))
            .collect(),
        InputKind::Choice { options, .. } => options
            .iter()
            .enumerate()
            .map(|(i, c)| (Value::Text(c.value), i as f64, c.label.to_string()))
            .collect(),
        InputKind::Toggle { .. } => [(false, "off"), (true, "on")]
            .iter()
            .enumerate()
            .map(|(i, (b, t))| (Value::Bool(*b), i as f64, t.to_string()))
            .collect(),
    }
}

/// The index of the point closest to the input's current value.
fn nearest(points: &[(Value, f64, String)], now: Option<Value>) -> Option<usize> {
    let now = now?;
    match now {
        Value::Num(v) => points
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1.1 - v).abs().total_cmp(&(b.1.1 - v).abs()))
            .map(|(i, _)| i),
        other => points.iter().position(|p| p.0 == other),
    }
}

pub(super) fn sample(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    let (Some(heat), Some(xi), Some(yi)) = (
        &spec.heat,
        spec.x.input.as_deref().and_then(|n| env.model.input(n)),
        spec.y.input.as_deref().and_then(|n| env.model.input(n)),
    ) else {
        return;
    };
    let xs = axis_points(env, xi.name, heat.samples.0);
    let ys = axis_points(env, yi.name, heat.samples.1);
    let mut z = Vec::with_capacity(ys.len());
    for (yv, ..) in &ys {
        let mut row = Vec::with_capacity(xs.len());
        for (xv, ..) in &xs {
            let mut inputs: Values = env.inputs.clone();
            inputs.set(xi.name, *xv).set(yi.name, *yv);
            row.push(
                Env::eval(env.model, &inputs)
                    .num(&heat.z)
                    .unwrap_or(f64::NAN),
            );
        }
        z.push(row);
    }
    d.grid = Some(Grid {
        xs: xs.into_iter().map(|(_, p, t)| (p, t)).collect(),
        ys: ys.into_iter().map(|(_, p, t)| (p, t)).collect(),
        z,
        current: None,
        unit: env.unit(&heat.z).suffix().to_string(),
    });
    d.y_unit = env.unit(&heat.z);
}

/// The student's cell: redone on every input, while the grid may be reused.
pub(super) fn current(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    let (Some(heat), Some(xi), Some(yi), Some(g)) = (
        &spec.heat,
        spec.x.input.as_deref().and_then(|n| env.model.input(n)),
        spec.y.input.as_deref().and_then(|n| env.model.input(n)),
        d.grid.as_mut(),
    ) else {
        return;
    };
    let xs = axis_points(env, xi.name, heat.samples.0);
    let ys = axis_points(env, yi.name, heat.samples.1);
    g.current = nearest(&xs, env.get(xi.name)).zip(nearest(&ys, env.get(yi.name)));
}

/// The colour of `v` on the scale spanning `lo`–`hi`.
fn color(theme: &Theme, scale: ColorScale, center: f64, lo: f64, hi: f64, v: f64) -> RGBColor {
    let mix = |a: RGBColor, b: RGBColor, t: f64| {
        let t = t.clamp(0.0, 1.0);
        let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
        RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
    };
    if !v.is_finite() {
        return theme.grid;
    }
    match scale {
        ColorScale::Sequential => {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            mix(theme.background, theme.color("blue"), 0.1 + 0.9 * t)
        }
        ColorScale::Diverging => {
            // Each side spans its own range, so a small fall next to a large rise still
            // reads as a fall.
            if v >= center {
                mix(
                    theme.background,
                    theme.color("red"),
                    (v - center) / (hi - center).max(1e-12),
                )
            } else {
                mix(
                    theme.background,
                    theme.color("green"),
                    (center - v) / (center - lo).max(1e-12),
                )
            }
        }
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    spec: &PlotSpec,
    d: &PlotData,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (Some(g), Some(heat)) = (&d.grid, &spec.heat) else {
        return Ok(());
    };
    let (nx, ny) = (g.xs.len().max(1), g.ys.len().max(1));
    let cx = |i: usize| fr.l + (fr.w as f64 * i as f64 / nx as f64).round() as i32;
    // Row 0 (the input's minimum) at the bottom.
    let cy = |j: usize| fr.t + fr.h - (fr.h as f64 * j as f64 / ny as f64).round() as i32;
    let finite = g.z.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    for (j, row) in g.z.iter().enumerate() {
        for (i, &v) in row.iter().enumerate() {
            let c = color(theme, heat.scale, heat.center, lo, hi, v);
            area.draw(&Rectangle::new(
                [(cx(i), cy(j + 1)), (cx(i + 1), cy(j))],
                c.filled(),
            ))?;
        }
    }
    if let Some(level) = heat.contour {
        let side = |v: f64| v >= level;
        let style = theme.text.stroke_width(2);
        for j in 0..g.z.len() {
            for i in 0..g.z[j].len() {
                let v = g.z[j][i];
                if let Some(&r) = g.z[j].get(i + 1)
                    && side(v) != side(r)
                {
                    area.draw(&PathElement::new(
                        vec![(cx(i + 1), cy(j)), (cx(i + 1), cy(j + 1))],
                        style,
                    ))?;
                }
                if let Some(&u) = g.z.get(j + 1).and_then(|row| row.get(i))
                    && side(v) != side(u)
                {
                    area.draw(&PathElement::new(
                        vec![(cx(i), cy(j + 1)), (cx(i + 1), cy(j + 1))],
                        style,
                    ))?;
                }
            }
        }
    }
    if let Some((i, j)) = g.current {
        let r = [(cx(i) - 1, cy(j + 1) - 1), (cx(i + 1) + 1, cy(j) + 1)];
        area.draw(&Rectangle::new(r, theme.background.stroke_width(4)))?;
        area.draw(&Rectangle::new(r, theme.text.stroke_width(2)))?;
    }
    // Category ticks: as many as fit without touching.
    let font = theme.font.as_str();
    let widest =
        g.xs.iter()
            .map(|(_, t)| text_width(t, TICK_PX))
            .max()
            .unwrap_or(0)
            + 8;
    let fit_x = ((fr.w / widest.max(1)) as usize).clamp(2, nx.max(2));
    for i in spread(nx, fit_x) {
        let Some((_, t)) = g.xs.get(i) else { continue };
        area.draw_text(
            t,
            &crate::chart::font(font, theme.px(TICK_PX))
                .color(&theme.muted)
                .pos(Pos::new(HPos::Center, VPos::Top)),
            ((cx(i) + cx(i + 1)) / 2, fr.t + fr.h + 5),
        )?;
    }
    let fit_y = ((fr.h / 18) as usize).clamp(2, ny.max(2));
    for j in spread(ny, fit_y) {
        let Some((_, t)) = g.ys.get(j) else { continue };
        area.draw_text(
            t,
            &crate::chart::font(font, theme.px(TICK_PX))
                .color(&theme.muted)
                .pos(Pos::new(HPos::Right, VPos::Center)),
            (fr.l - 5, (cy(j) + cy(j + 1)) / 2),
        )?;
    }
    Ok(())
}

/// Legend entries: the colour scale's ends (and centre), with their values.
pub(super) fn legend(spec: &PlotSpec, d: &PlotData) -> Vec<(String, String)> {
    let (Some(g), Some(heat)) = (&d.grid, &spec.heat) else {
        return Vec::new();
    };
    let finite = g.z.iter().flatten().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return Vec::new();
    }
    // The scale's ends are values of `z`; the axes already name the inputs.
    let name = String::new();
    match heat.scale {
        ColorScale::Sequential => vec![
            (format!("{name}low {}", cell(lo, d.y_unit)), "grey".into()),
            (format!("high {}", cell(hi, d.y_unit)), "blue".into()),
        ],
        ColorScale::Diverging => vec![
            (
                format!("{name}below {}", cell(heat.center, d.y_unit)),
                "green".into(),
            ),
            (
                format!("above {}", cell(heat.center, d.y_unit)),
                "red".into(),
            ),
        ],
    }
}

/// Rows of the grid (at most 12) by columns (at most 8), evenly spread.
pub(super) fn table(d: &PlotData) -> (Vec<String>, Vec<Vec<String>>) {
    let Some(g) = &d.grid else {
        return (Vec::new(), Vec::new());
    };
    let cols = spread(g.xs.len(), 8);
    let mut header = vec![String::new()];
    header.extend(cols.iter().map(|&i| g.xs[i].1.clone()));
    let rows = spread(g.ys.len(), 12)
        .into_iter()
        .rev()
        .map(|j| {
            let mut row = vec![g.ys[j].1.clone()];
            for &i in &cols {
                let mark = if g.current == Some((i, j)) {
                    " (current)"
                } else {
                    ""
                };
                row.push(format!("{}{mark}", cell(g.z[j][i], d.y_unit)));
            }
            row
        })
        .collect();
    (header, rows)
}
