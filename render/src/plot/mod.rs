//! Plots: curves, scatter and Pareto fronts, stacked areas, histograms, timelines and heat
//! maps, drawn by one engine for every plotters backend (SVG snapshots at build time, a
//! canvas in the browser).
//!
//! A plot is evaluated in two steps. [`evaluate`] turns a [`PlotSpec`] and the current
//! values into [`PlotData`]: numbers only, sweeps already run through the model, templates
//! already rendered. [`draw`] lays the data out and paints it; [`table`] turns the same data
//! into the rows of the plot's accessible data table. Each kind keeps its sampling, drawing
//! and table in its own file; this module holds what they share: the spec, reference lines,
//! bands, annotations, the legend and the frame.

mod frame;
mod heatmap;
mod histogram;
mod labels;
mod line;
mod scatter;
mod timeline;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use crate::Env;
use crate::chart::Theme;
use crate::cond::Cond;
use physics::model::{InputKind, Values};

#[cfg(test)]
pub(crate) use frame::BAD_RANGES;
pub(crate) use frame::nice_step;
pub use frame::{LOG_FLOOR, Scale, increasing, usable_range};
pub use labels::text_width;

/// The plot kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Line,
    Area,
    Scatter,
    Histogram,
    Timeline,
    Heatmap,
}

impl Kind {
    pub const ALL: &[(&str, Kind)] = &[
        ("line", Kind::Line),
        ("area", Kind::Area),
        ("scatter", Kind::Scatter),
        ("histogram", Kind::Histogram),
        ("timeline", Kind::Timeline),
        ("heatmap", Kind::Heatmap),
    ];
}

/// A number or a model value name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Operand {
    Num(f64),
    Name(String),
}

impl Operand {
    pub fn value(&self, env: &Env) -> Option<f64> {
        match self {
            Operand::Num(v) => Some(*v),
            Operand::Name(n) => env.num(n),
        }
    }
    pub fn name(&self) -> Option<&str> {
        match self {
            Operand::Name(n) => Some(n),
            Operand::Num(_) => None,
        }
    }
}

/// Options of one axis.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AxisSpec {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub log: bool,
    #[serde(default)]
    pub range: Option<(f64, f64)>,
    /// Heat maps: the input along this axis.
    #[serde(default)]
    pub input: Option<String>,
}

/// A plotted series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The x value: a scalar (evaluated at each sweep point) or a series output. `None`:
    /// the swept input, or the index of a series.
    pub x: Option<String>,
    pub y: String,
    /// A template.
    pub label: String,
    pub color: String,
    pub fail: Option<Cond>,
    pub warn: Option<Cond>,
}

/// Which way a reference line or band runs: `X` marks an x value (a vertical line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dir {
    X,
    Y,
}

/// A labelled reference line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefLine {
    pub dir: Dir,
    pub at: Operand,
    /// A template.
    pub label: String,
    pub color: String,
}

/// A shaded range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub dir: Dir,
    pub from: Operand,
    pub to: Operand,
    pub label: String,
    pub color: String,
}

/// A labelled point (a ridge point, an optimum, the student's kernel).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub x: Operand,
    pub y: Operand,
    pub label: String,
    pub color: String,
    pub fail: Option<Cond>,
    pub warn: Option<Cond>,
}

/// Which end of an axis is better, for a Pareto frontier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Min,
    Max,
}

/// A timeline bar from scalar values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeBar {
    pub row: String,
    pub start: Operand,
    pub end: Operand,
    pub color: String,
    pub label: String,
    pub fail: Option<Cond>,
    pub warn: Option<Cond>,
}

/// Timeline segments from four series outputs of equal length.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segments {
    pub row: String,
    pub start: String,
    pub end: String,
    pub class: String,
}

/// A legend class of timeline segments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Class {
    pub label: String,
    pub color: String,
}

/// A heat map's colour scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorScale {
    Sequential,
    Diverging,
}

/// What a heat map shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Heat {
    pub z: String,
    pub scale: ColorScale,
    pub center: f64,
    pub contour: Option<f64>,
    pub samples: (usize, usize),
}

/// A plot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlotSpec {
    pub kind: Kind,
    /// Height in CSS pixels; the width follows the page.
    pub height: u32,
    /// The range input swept along x, and how many points.
    pub sweep: Option<String>,
    pub samples: usize,
    pub x: AxisSpec,
    pub y: AxisSpec,
    #[serde(default)]
    pub series: Vec<Series>,
    #[serde(default)]
    pub lines: Vec<RefLine>,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub points: Vec<Annotation>,
    pub marker: bool,
    #[serde(default)]
    pub frontier: Option<(Better, Better)>,
    /// Histogram bin edges (a series output).
    #[serde(default)]
    pub bins: Option<String>,
    #[serde(default)]
    pub bars: Vec<TimeBar>,
    #[serde(default)]
    pub segments: Option<Segments>,
    #[serde(default)]
    pub rows: Vec<String>,
    #[serde(default)]
    pub classes: Vec<Class>,
    #[serde(default)]
    pub heat: Option<Heat>,
}

/// The most points a sweep may take: the model runs once per point on every input change.
pub const MAX_SAMPLES: usize = 400;

/// A status level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn of(env: &Env, fail: &Option<Cond>, warn: &Option<Cond>) -> Status {
        if fail.as_ref().is_some_and(|c| c.eval(env)) {
            Status::Fail
        } else if warn.as_ref().is_some_and(|c| c.eval(env)) {
            Status::Warn
        } else {
            Status::Ok
        }
    }
    /// The colour token a status overrides `base` with.
    fn token(self, base: &str) -> &str {
        match self {
            Status::Ok => base,
            Status::Warn => "amber",
            Status::Fail => "red",
        }
    }
    /// A word for tables and descriptions, so a state is never carried by colour alone.
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warning",
            Status::Fail => "failing",
        }
    }
}

/// One evaluated series.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SeriesData {
    pub label: String,
    pub color: String,
    pub points: Vec<(f64, f64)>,
    /// The point at the current inputs (the marker), when the series has one.
    pub current: Option<(f64, f64)>,
    pub status: Option<Status>,
}

/// An evaluated line, band or annotation.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub dir: Dir,
    pub a: f64,
    pub b: f64,
    pub label: String,
    pub color: String,
}

/// An evaluated timeline bar.
#[derive(Clone, Debug, PartialEq)]
pub struct BarData {
    pub row: usize,
    pub start: f64,
    pub end: f64,
    pub color: String,
    pub label: String,
    /// The bar's status in words when it has levels ("failing"), so the table says what the
    /// colour shows.
    pub status: Option<&'static str>,
}

/// An evaluated heat map grid: `z[j][i]` at column `i`, row `j`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Grid {
    pub xs: Vec<(f64, String)>,
    pub ys: Vec<(f64, String)>,
    pub z: Vec<Vec<f64>>,
    pub current: Option<(usize, usize)>,
    pub unit: String,
}

/// Everything a plot shows, as numbers and finished text.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PlotData {
    pub series: Vec<SeriesData>,
    pub lines: Vec<Mark>,
    pub bands: Vec<Mark>,
    pub points: Vec<(f64, f64, String, String)>,
    /// The swept input's current value.
    pub marker_x: Option<f64>,
    /// The swept input's range: the x axis of a sweep, unless the spec fixes one.
    pub x_span: Option<(f64, f64)>,
    pub bins: Vec<f64>,
    pub bars: Vec<BarData>,
    pub rows: Vec<String>,
    pub grid: Option<Grid>,
    /// Indices into `series[0].points` on the Pareto frontier (scatter).
    pub frontier: Vec<usize>,
    /// Units of the x and y values, for tables.
    pub x_unit: physics::model::Unit,
    pub y_unit: physics::model::Unit,
}

fn label(text: &str, env: &Env) -> String {
    crate::template::parse(text)
        .map(|p| crate::template::render(&p, env))
        .unwrap_or_else(|_| text.to_string())
}

/// The values of `input` a sweep visits: evenly spaced (geometrically on a log axis) over
/// its range, snapped to its step, without repeats.
pub fn sweep_points(env: &Env, input: &str, samples: usize, log: bool) -> Vec<f64> {
    let Some(def) = env.model.input(input) else {
        return Vec::new();
    };
    let InputKind::Range { min, max, .. } = def.kind else {
        return Vec::new();
    };
    let n = samples.clamp(2, MAX_SAMPLES);
    let mut out: Vec<f64> = Vec::with_capacity(n);
    for i in 0..n {
        let t = i as f64 / (n - 1) as f64;
        let x = if log && min > 0.0 {
            (min.ln() + t * (max.ln() - min.ln())).exp()
        } else {
            min + t * (max - min)
        };
        let x = def
            .normalize(physics::model::Value::Num(x))
            .and_then(|v| v.as_num())
            .unwrap_or(x);
        if out.last() != Some(&x) {
            out.push(x);
        }
    }
    out
}

/// Evaluates the model at `env`'s inputs with one input replaced: one sweep point.
pub fn at(env: &Env, input: &'static str, x: f64) -> Env {
    let mut inputs: Values = env.inputs.clone();
    inputs.num(input, x);
    Env::eval(env.model, &inputs)
}

/// The expensive part of a plot, kept between input changes: a sweep's curves depend on
/// every input but the swept one, a heat map's grid on every input but its two axes. Moving
/// the swept input (the commonest drag) then costs no model evaluations at all.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    key: Option<Values>,
    data: Option<PlotData>,
}

/// The inputs a plot's samples depend on, when it has samples worth keeping.
fn sample_key(spec: &PlotSpec, env: &Env) -> Option<Values> {
    let swept: Vec<&str> = match spec.kind {
        Kind::Heatmap => [&spec.x.input, &spec.y.input]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect(),
        _ => spec.sweep.iter().map(String::as_str).collect(),
    };
    if swept.is_empty() {
        return None;
    }
    let mut key = env.inputs.clone();
    for name in swept {
        if let Some(def) = env.model.input(name) {
            key.set(def.name, physics::model::Value::Bool(false));
        }
    }
    Some(key)
}

/// Evaluates everything `spec` shows at `env`.
pub fn evaluate(spec: &PlotSpec, env: &Env) -> PlotData {
    evaluate_cached(spec, env, &mut Cache::default())
}

/// [`evaluate`], reusing the samples in `cache` when the inputs they depend on are unchanged.
pub fn evaluate_cached(spec: &PlotSpec, env: &Env, cache: &mut Cache) -> PlotData {
    let key = sample_key(spec, env);
    let mut d = match (&key, &cache.key, &cache.data) {
        (Some(k), Some(ck), Some(cd)) if k == ck => cd.clone(),
        _ => {
            let d = sample(spec, env);
            if key.is_some() {
                cache.key = key;
                cache.data = Some(d.clone());
            }
            d
        }
    };
    finish(spec, env, &mut d);
    d
}

/// The samples: the model run over a sweep or a grid, or series read as given.
fn sample(spec: &PlotSpec, env: &Env) -> PlotData {
    let mut d = PlotData::default();
    match spec.kind {
        Kind::Line | Kind::Area => line::sample(spec, env, &mut d),
        Kind::Scatter => scatter::sample(spec, env, &mut d),
        Kind::Histogram => histogram::sample(spec, env, &mut d),
        Kind::Timeline => timeline::sample(spec, env, &mut d),
        Kind::Heatmap => heatmap::sample(spec, env, &mut d),
    }
    d
}

/// What follows the current inputs directly: labels and status colours, the marker, the
/// heat map's cell, reference lines, bands and annotations.
fn finish(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    if matches!(spec.kind, Kind::Line | Kind::Area | Kind::Scatter) {
        for (s, sd) in spec.series.iter().zip(d.series.iter_mut()) {
            let fresh = series_data(s, env);
            sd.label = fresh.label;
            sd.color = fresh.color;
            sd.status = fresh.status;
        }
    }
    // The marker line stands on x only when x is the swept input (not in a parametric
    // scatter, where each point marks itself).
    d.marker_x = spec
        .sweep
        .as_deref()
        .filter(|_| spec.marker && d.x_span.is_some())
        .and_then(|s| env.num(s));
    match spec.kind {
        Kind::Line | Kind::Area | Kind::Scatter => line::current(spec, env, d),
        Kind::Heatmap => heatmap::current(spec, env, d),
        Kind::Histogram | Kind::Timeline => {}
    }
    d.lines.clear();
    d.bands.clear();
    d.points.clear();
    for l in &spec.lines {
        if let Some(v) = l.at.value(env).filter(|v| v.is_finite()) {
            d.lines.push(Mark {
                dir: l.dir,
                a: v,
                b: v,
                label: label(&l.label, env),
                color: l.color.clone(),
            });
        }
    }
    for b in &spec.bands {
        if let (Some(a), Some(z)) = (b.from.value(env), b.to.value(env))
            && a.is_finite()
            && z.is_finite()
        {
            d.bands.push(Mark {
                dir: b.dir,
                a: a.min(z),
                b: a.max(z),
                label: label(&b.label, env),
                color: b.color.clone(),
            });
        }
    }
    for p in &spec.points {
        if let (Some(x), Some(y)) = (p.x.value(env), p.y.value(env))
            && x.is_finite()
            && y.is_finite()
        {
            let st = Status::of(env, &p.fail, &p.warn);
            d.points
                .push((x, y, label(&p.label, env), st.token(&p.color).to_string()));
        }
    }
}

/// The series colour at its status.
fn series_data(s: &Series, env: &Env) -> SeriesData {
    let status = (s.fail.is_some() || s.warn.is_some()).then(|| Status::of(env, &s.fail, &s.warn));
    SeriesData {
        label: label(&s.label, env),
        color: status
            .map_or(s.color.as_str(), |st| st.token(&s.color))
            .to_string(),
        status,
        ..SeriesData::default()
    }
}

/// Draws `data` onto `area`, `w` × `h` CSS pixels.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &PlotSpec,
    data: &PlotData,
    theme: &Theme,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&theme.background).map_err(err)?;
    let mut fr = frame::Frame::layout(area, spec, data, theme);
    fr.bands(area, data, theme).map_err(err)?;
    fr.axes(area, spec, theme).map_err(err)?;
    match spec.kind {
        Kind::Line | Kind::Area => line::draw(area, &fr, spec, data, theme),
        Kind::Scatter => scatter::draw(area, &fr, data, theme),
        Kind::Histogram => histogram::draw(area, &fr, data, theme),
        Kind::Timeline => timeline::draw(area, &fr, data, theme),
        Kind::Heatmap => heatmap::draw(area, &fr, spec, data, theme),
    }
    .map_err(err)?;
    // Reference lines, annotations and the marker go above the data they cut.
    fr.lines(area, data, theme).map_err(err)?;
    fr.marker(area, data, theme).map_err(err)?;
    fr.points(area, data, theme).map_err(err)?;
    fr.legend(area, spec, data, theme).map_err(err)?;
    Ok(())
}

/// The plot's data table: a header and rows of formatted cells.
pub fn table(spec: &PlotSpec, data: &PlotData, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    let (head, mut rows) = kind_table(spec, data, env);
    // Marked points (the student's choices, an optimum) belong in the table too.
    if !matches!(spec.kind, Kind::Timeline | Kind::Heatmap) {
        for (x, y, label, _) in &data.points {
            let mut row = vec![
                format!(
                    "{} ({})",
                    cell(*x, data.x_unit),
                    if label.is_empty() { "marked" } else { label }
                ),
                cell(*y, data.y_unit),
            ];
            row.resize(head.len().max(2), String::new());
            rows.push(row);
        }
    }
    (head, rows)
}

fn kind_table(spec: &PlotSpec, data: &PlotData, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    match spec.kind {
        Kind::Line | Kind::Area => line::table(spec, data, env),
        Kind::Scatter => scatter::table(spec, data, env),
        Kind::Histogram => histogram::table(spec, data, env),
        Kind::Timeline => timeline::table(data),
        Kind::Heatmap => heatmap::table(data),
    }
}

/// A number for a table cell: three significant digits, with the unit.
pub(crate) fn cell(v: f64, unit: physics::model::Unit) -> String {
    // Rounding noise (a share of 5.9×10⁻¹⁶ %) is zero to a reader.
    let v = if v.abs() < 1e-12 { 0.0 } else { v };
    physics::format::format_value(v, unit, physics::format::NumberFormat::Auto)
}

/// At most `max` indices spread evenly over `0..n`, always with both ends.
pub(crate) fn spread(n: usize, max: usize) -> Vec<usize> {
    if n <= max {
        return (0..n).collect();
    }
    let mut v: Vec<usize> = (0..max)
        .map(|i| (i * (n - 1) + (max - 1) / 2) / (max - 1))
        .collect();
    v.dedup();
    v
}

#[cfg(test)]
mod tests;
