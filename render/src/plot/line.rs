//! Curves and stacked areas: one or more outputs over a swept input (the model runs at every
//! point), or series outputs drawn as given.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::Frame;
use super::{Kind, PlotData, PlotSpec, at, cell, series_data, spread, sweep_points};
use crate::Env;
use crate::chart::Theme;

/// Runs the sweep (or reads the series) into `d.series`. Areas are stacked: each series'
/// points hold the running total, so they draw on top of the ones before.
pub(super) fn sample(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    d.series = spec.series.iter().map(|s| series_data(s, env)).collect();
    let stack = spec.kind == Kind::Area;
    if let Some(input) = spec
        .sweep
        .as_deref()
        .and_then(|n| env.model.input(n))
        .map(|i| i.name)
    {
        d.x_unit = env.unit(input);
        d.y_unit = spec.series.first().map_or(d.y_unit, |s| env.unit(&s.y));
        let xs = sweep_points(env, input, spec.samples, spec.x.log);
        // The x axis is the swept input's range when the curves are drawn over it (not
        // when x is another output, as in a parametric scatter).
        if spec.series.iter().all(|s| s.x.is_none()) {
            d.x_span = xs.first().zip(xs.last()).map(|(a, b)| (*a, *b));
        }
        for x in xs {
            let e = at(env, input, x);
            let mut total = 0.0;
            for (s, sd) in spec.series.iter().zip(d.series.iter_mut()) {
                let xv = s.x.as_deref().map_or(Some(x), |n| e.num(n));
                let yv = e.num(&s.y).map(|y| if stack { total + y } else { y });
                if let (Some(xv), Some(yv)) = (xv, yv)
                    && xv.is_finite()
                    && yv.is_finite()
                {
                    sd.points.push((xv, yv));
                    total = yv;
                }
            }
        }
    } else {
        let mut below: Vec<f64> = Vec::new();
        for (s, sd) in spec.series.iter().zip(d.series.iter_mut()) {
            let ys = env.series(&s.y).unwrap_or(&[]);
            let xs: Vec<f64> = match s.x.as_deref().and_then(|n| env.series(n)) {
                Some(xs) => xs.to_vec(),
                None => (0..ys.len()).map(|i| i as f64).collect(),
            };
            below.resize(ys.len(), 0.0);
            for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
                let y = if stack { below[i] + y } else { y };
                below[i] = y;
                sd.points.push((x, y));
            }
        }
        d.x_unit = spec
            .series
            .first()
            .and_then(|s| s.x.as_deref())
            .map_or(d.x_unit, |n| env.unit(n));
        d.y_unit = spec.series.first().map_or(d.y_unit, |s| env.unit(&s.y));
    }
}

/// Each series' point at the current inputs (the marker): cheap, so it is redone on every
/// input even when the sweep itself is reused.
pub(super) fn current(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    let Some(input) = spec.sweep.as_deref().filter(|_| spec.marker) else {
        return;
    };
    let stack = spec.kind == Kind::Area;
    let mut total = 0.0;
    for (s, sd) in spec.series.iter().zip(d.series.iter_mut()) {
        let xv = s.x.as_deref().map_or(env.num(input), |n| env.num(n));
        let yv = env.num(&s.y).map(|y| if stack { total + y } else { y });
        sd.current = None;
        if let (Some(xv), Some(yv)) = (xv, yv) {
            sd.current = Some((xv, yv));
            total = yv;
        }
    }
}

/// Draws the curves; areas fill down to the series below.
pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    spec: &PlotSpec,
    d: &PlotData,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut below: Vec<(i32, i32)> = Vec::new();
    for s in &d.series {
        let c = theme.color(&s.color);
        let pts: Vec<(i32, i32)> = s.points.iter().map(|&(x, y)| fr.px(x, y)).collect();
        if spec.kind == Kind::Area && pts.len() > 1 {
            let base: Vec<(i32, i32)> = if below.len() == pts.len() {
                below.clone()
            } else {
                pts.iter().map(|&(x, _)| (x, fr.t + fr.h)).collect()
            };
            let mut poly = pts.clone();
            poly.extend(base.iter().rev());
            area.draw(&Polygon::new(poly, c.mix(0.45).filled()))?;
            below = pts.clone();
        }
        for run in visible_runs(fr, &s.points) {
            area.draw(&PathElement::new(run, c.stroke_width(2)))?;
        }
    }
    Ok(())
}

/// The parts of a polyline inside the plot, cut exactly at its edges, so a curve that leaves
/// the axis range stops at the axis instead of running past it or along it.
pub(super) fn visible_runs(fr: &Frame, pts: &[(f64, f64)]) -> Vec<Vec<(i32, i32)>> {
    let to_px = |(fx, fy): (f64, f64)| {
        (
            fr.l + (fx * f64::from(fr.w)).round() as i32,
            fr.t + fr.h - (fy * f64::from(fr.h)).round() as i32,
        )
    };
    let frac: Vec<(f64, f64)> = pts
        .iter()
        .map(|&(x, y)| (fr.x.frac(x), fr.y.frac(y)))
        .collect();
    let mut runs = Vec::new();
    let mut cur: Vec<(i32, i32)> = Vec::new();
    for w in frac.windows(2) {
        match clip(w[0], w[1]) {
            Some((a, b, cut_end)) => {
                if cur.is_empty() {
                    cur.push(to_px(a));
                }
                cur.push(to_px(b));
                if cut_end {
                    runs.push(std::mem::take(&mut cur));
                }
            }
            None if !cur.is_empty() => runs.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    runs.push(cur);
    runs.retain(|r| r.len() > 1);
    runs
}

/// Liang-Barsky: the part of segment `a`-`b` (plot fractions) inside the unit square, and
/// whether `b` itself was cut off (the run ends there).
type Pt = (f64, f64);

fn clip(a: Pt, b: Pt) -> Option<(Pt, Pt, bool)> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    const E: f64 = 1e-9;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 + E),
        (dx, 1.0 + E - a.0),
        (-dy, a.1 + E),
        (dy, 1.0 + E - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((at(t0), at(t1), t1 < 1.0))
}

/// One row per sampled x (at most a dozen, evenly spread) and the current point last.
pub(super) fn table(spec: &PlotSpec, d: &PlotData, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    let x_head = if spec.x.label.is_empty() {
        spec.sweep
            .as_deref()
            .and_then(|n| env.model.input(n))
            .map_or("x".to_string(), |i| i.label.to_string())
    } else {
        spec.x.label.clone()
    };
    let mut header = vec![x_head];
    header.extend(d.series.iter().enumerate().map(|(i, s)| {
        if s.label.is_empty() {
            spec.series[i].y.clone()
        } else {
            s.label.clone()
        }
    }));
    let stack = spec.kind == Kind::Area;
    let units: Vec<physics::model::Unit> = spec.series.iter().map(|s| env.unit(&s.y)).collect();
    let own = |si: usize, j: usize| -> Option<f64> {
        let y = d.series[si].points.get(j)?.1;
        if stack && si > 0 {
            Some(y - d.series[si - 1].points.get(j)?.1)
        } else {
            Some(y)
        }
    };
    let n = d.series.first().map_or(0, |s| s.points.len());
    let mut rows = Vec::new();
    for j in spread(n, 12) {
        let x = d.series[0].points[j].0;
        let mut row = vec![cell(x, d.x_unit)];
        for (si, u) in units.iter().enumerate() {
            row.push(own(si, j).map_or("—".into(), |v| cell(v, *u)));
        }
        rows.push(row);
    }
    if let Some((x, _)) = d.series.first().and_then(|s| s.current) {
        let mut row = vec![format!("{} (current)", cell(x, d.x_unit))];
        let mut prev = 0.0;
        for (si, s) in d.series.iter().enumerate() {
            let y = s.current.map(|c| c.1);
            row.push(y.map_or("—".into(), |v| {
                let own = if stack && si > 0 { v - prev } else { v };
                prev = v;
                let st = s
                    .status
                    .map(|st| format!(" ({})", st.word()))
                    .unwrap_or_default();
                format!("{}{st}", cell(own, units[si]))
            }));
        }
        rows.push(row);
    }
    (header, rows)
}
