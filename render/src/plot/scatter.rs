//! Scatter plots and Pareto frontiers: points whose x and y are both model values, either
//! a parametric sweep of one input or two series outputs (a catalogue of configurations).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::Frame;
use super::{Better, PlotData, PlotSpec, cell, line};
use crate::Env;
use crate::chart::Theme;

/// Samples like a line plot, then marks the frontier of the first series.
pub(super) fn sample(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    line::sample(spec, env, d);
    if let (Some((bx, by)), Some(s)) = (spec.frontier, d.series.first()) {
        d.frontier = frontier(&s.points, bx, by);
    }
}

/// Indices of the points no other point beats on both axes, in order of x.
pub(crate) fn frontier(pts: &[(f64, f64)], bx: Better, by: Better) -> Vec<usize> {
    let better = |a: f64, b: f64, how: Better| match how {
        Better::Min => a < b,
        Better::Max => a > b,
    };
    let no_worse = |a: f64, b: f64, how: Better| a == b || better(a, b, how);
    let mut idx: Vec<usize> = (0..pts.len())
        .filter(|&i| {
            let (xi, yi) = pts[i];
            !pts.iter().any(|&(xj, yj)| {
                no_worse(xj, xi, bx)
                    && no_worse(yj, yi, by)
                    && (better(xj, xi, bx) || better(yj, yi, by))
            })
        })
        .collect();
    idx.sort_by(|&a, &b| pts[a].0.total_cmp(&pts[b].0));
    idx
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    d: &PlotData,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (si, s) in d.series.iter().enumerate() {
        let c = theme.color(&s.color);
        let on_front = |i: usize| si == 0 && d.frontier.contains(&i);
        if si == 0 && !d.frontier.is_empty() {
            let front: Vec<(f64, f64)> = d.frontier.iter().map(|&i| s.points[i]).collect();
            for run in line::visible_runs(fr, &front) {
                area.draw(&PathElement::new(run, c.stroke_width(2)))?;
            }
        }
        for (i, &(x, y)) in s.points.iter().enumerate() {
            if !fr.in_x(x) || !fr.in_y(y) {
                continue;
            }
            let p = fr.px(x, y);
            if d.frontier.is_empty() || on_front(i) {
                area.draw(&Circle::new(p, 4, c.filled()))?;
            } else {
                // Dominated: hollow and grey, so the difference is not colour alone.
                area.draw(&Circle::new(p, 4, theme.muted.stroke_width(1)))?;
            }
        }
    }
    Ok(())
}

/// Every point (at most 40, evenly spread), with whether it is on the frontier.
pub(super) fn table(spec: &PlotSpec, d: &PlotData, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    let name = |a: &super::AxisSpec, n: Option<&str>| {
        if a.label.is_empty() {
            n.unwrap_or("").to_string()
        } else {
            a.label.clone()
        }
    };
    let first = spec.series.first();
    let mut header = vec![
        name(
            &spec.x,
            first.and_then(|s| s.x.as_deref()).or(spec.sweep.as_deref()),
        ),
        name(&spec.y, first.map(|s| s.y.as_str())),
    ];
    if spec.frontier.is_some() {
        header.push("On the frontier".into());
    }
    let Some(s) = d.series.first() else {
        return (header, Vec::new());
    };
    let yu = spec.series.first().map_or(d.y_unit, |s| env.unit(&s.y));
    let mut rows: Vec<Vec<String>> = super::spread(s.points.len(), 40)
        .into_iter()
        .map(|i| {
            let (x, y) = s.points[i];
            let mut row = vec![cell(x, d.x_unit), cell(y, yu)];
            if spec.frontier.is_some() {
                row.push(if d.frontier.contains(&i) { "yes" } else { "no" }.into());
            }
            row
        })
        .collect();
    // The other series (a second design, its points hollow on the chart), named in the row.
    for other in d.series.iter().skip(1) {
        for i in super::spread(other.points.len(), 12) {
            let (x, y) = other.points[i];
            let mut row = vec![
                format!("{} ({})", cell(x, d.x_unit), other.label),
                cell(y, yu),
            ];
            row.resize(header.len(), String::new());
            rows.push(row);
        }
    }
    // Where the current inputs put the design: the marker.
    if let Some((x, y)) = s.current {
        let mut row = vec![format!("{} (current)", cell(x, d.x_unit)), cell(y, yu)];
        row.resize(header.len(), String::new());
        rows.push(row);
    }
    (header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontier_keeps_only_undominated_points() {
        // Smaller size and lower perplexity are better: (2, 8.05) is beaten by (2, 7.85) and
        // (4.1, 7.30) by (4, 6.47); the rest trade size against perplexity.
        let pts = [
            (32.0, 6.14),
            (8.0, 6.21),
            (2.0, 8.05),
            (2.0, 7.85),
            (4.1, 7.30),
            (4.0, 6.47),
        ];
        let f = frontier(&pts, Better::Min, Better::Min);
        assert_eq!(f, vec![3, 5, 1, 0]);
    }
}
