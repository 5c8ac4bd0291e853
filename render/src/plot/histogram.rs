//! Histograms and distributions: bin edges and one or more sets of bin heights, all series
//! outputs, overlaid. Percentile markers and limits are reference lines on x.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::Frame;
use super::{PlotData, PlotSpec, cell, series_data, spread};
use crate::Env;
use crate::chart::Theme;

pub(super) fn sample(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    let edges = spec
        .bins
        .as_deref()
        .and_then(|b| env.series(b))
        .unwrap_or(&[]);
    d.bins = edges.to_vec();
    d.x_unit = spec.bins.as_deref().map_or(d.x_unit, |b| env.unit(b));
    d.series = spec
        .series
        .iter()
        .map(|s| {
            let mut sd = series_data(s, env);
            let hs = env.series(&s.y).unwrap_or(&[]);
            // Bin i spans edges i..i+1; a height is stored at its bin's lower edge.
            sd.points = edges.iter().zip(hs).map(|(&x, &h)| (x, h)).collect();
            if let Some(&last) = edges.get(hs.len().min(edges.len().saturating_sub(1))) {
                // The upper edge of the last bin, at height 0, closes the fit of the x axis.
                sd.points.push((last, 0.0));
            }
            sd
        })
        .collect();
    d.y_unit = spec.series.first().map_or(d.y_unit, |s| env.unit(&s.y));
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    d: &PlotData,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let overlaid = d.series.len() > 1;
    for s in &d.series {
        let c = theme.color(&s.color);
        for (i, &(x0, h)) in s.points.iter().enumerate() {
            let Some(&x1) = d.bins.get(i + 1) else { break };
            if h <= 0.0 || !h.is_finite() {
                continue;
            }
            let (a, top) = fr.px(x0, h);
            let (b, base) = (fr.xp(x1), fr.t + fr.h);
            if b <= a || top >= base {
                continue;
            }
            let fill = if overlaid { c.mix(0.45) } else { c.mix(0.8) };
            area.draw(&Rectangle::new([(a, top), (b, base)], fill.filled()))?;
            area.draw(&PathElement::new(
                vec![(a, base), (a, top), (b, top), (b, base)],
                c.stroke_width(1),
            ))?;
        }
    }
    Ok(())
}

/// One row per bin (at most 16, evenly spread).
pub(super) fn table(spec: &PlotSpec, d: &PlotData, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![if spec.x.label.is_empty() {
        "Bin".to_string()
    } else {
        spec.x.label.clone()
    }];
    header.extend(d.series.iter().map(|s| s.label.clone()));
    let bins = d.bins.len().saturating_sub(1);
    let rows = spread(bins, 16)
        .into_iter()
        .map(|i| {
            let mut row = vec![format!(
                "{} – {}",
                cell(d.bins[i], d.x_unit),
                cell(d.bins[i + 1], d.x_unit)
            )];
            for (si, s) in d.series.iter().enumerate() {
                let u = env.unit(&spec.series[si].y);
                row.push(s.points.get(i).map_or("—".into(), |p| cell(p.1, u)));
            }
            row
        })
        .collect();
    (header, rows)
}
