//! `lab plot`: curves, areas, scatter plots and Pareto frontiers, histograms, timelines and
//! heat maps (see `render::plot`). This module checks a plot against the model (every name,
//! its kind, sweepable inputs, log axes that stay above zero, colours, templates,
//! conditions) and emits the figure: a canvas for the widgets, a static SVG snapshot at the
//! defaults, the live description and the data table.

use physics::model::{InputKind, Kind as VKind};
use render::plot::{
    self, Annotation, AxisSpec, Band, Better, Class, ColorScale, Dir, Heat, Kind, Operand,
    PlotSpec, RefLine, Segments, Series, TimeBar,
};
use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::{Ctx, figure};
use crate::html::widget_attr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlotD {
    kind: S<String>,
    instrument: Option<S<String>>,
    title: Option<String>,
    alt: S<String>,
    height: Option<u32>,
    sweep: Option<S<String>>,
    samples: Option<S<toml::Value>>,
    #[serde(default)]
    x: AxisD,
    #[serde(default)]
    y: AxisD,
    #[serde(default)]
    series: Vec<SeriesD>,
    #[serde(default)]
    lines: Vec<LineD>,
    #[serde(default)]
    bands: Vec<BandD>,
    #[serde(default)]
    points: Vec<PointD>,
    marker: Option<bool>,
    frontier: Option<FrontierD>,
    bins: Option<S<String>>,
    #[serde(default)]
    bars: Vec<TimeBarD>,
    segments: Option<SegmentsD>,
    #[serde(default)]
    rows: Vec<String>,
    #[serde(default)]
    classes: Vec<ClassD>,
    z: Option<S<String>>,
    scale: Option<S<String>>,
    center: Option<f64>,
    contour: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AxisD {
    label: Option<String>,
    log: Option<S<bool>>,
    range: Option<S<[f64; 2]>>,
    input: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesD {
    y: S<String>,
    x: Option<S<String>>,
    label: Option<S<String>>,
    color: Option<S<String>>,
    fail: Option<S<String>>,
    warn: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineD {
    x: Option<S<toml::Value>>,
    y: Option<S<toml::Value>>,
    label: Option<S<String>>,
    color: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandD {
    x: Option<S<Vec<S<toml::Value>>>>,
    y: Option<S<Vec<S<toml::Value>>>>,
    label: Option<S<String>>,
    color: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointD {
    x: S<toml::Value>,
    y: S<toml::Value>,
    label: Option<S<String>>,
    color: Option<S<String>>,
    fail: Option<S<String>>,
    warn: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontierD {
    x: S<String>,
    y: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeBarD {
    row: String,
    start: S<toml::Value>,
    end: S<toml::Value>,
    color: Option<S<String>>,
    label: Option<S<String>>,
    fail: Option<S<String>>,
    warn: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegmentsD {
    row: S<String>,
    start: S<String>,
    end: S<String>,
    class: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassD {
    label: String,
    color: S<String>,
}

/// Points a sweep takes unless the author says otherwise.
const DEFAULT_SAMPLES: usize = 80;

impl Ctx<'_> {
    /// A number or the name of a number value.
    fn operand(&mut self, v: &S<toml::Value>) -> Operand {
        match v.get_ref() {
            toml::Value::String(s) => {
                self.name(&S::new(v.span(), s.clone()), Some(VKind::Number));
                Operand::Name(s.clone())
            }
            toml::Value::Integer(i) => Operand::Num(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Operand::Num(*f),
            _ => {
                let span = self.span(v);
                self.err(span, "expected a number or the name of a number value");
                Operand::Num(0.0)
            }
        }
    }

    /// A name that must be a series output.
    fn series_name(&mut self, s: &S<String>) -> String {
        self.name(s, Some(VKind::Series));
        s.get_ref().clone()
    }

    fn opt_template(&mut self, s: &Option<S<String>>) -> String {
        s.as_ref().map(|t| self.template(t)).unwrap_or_default()
    }

    fn opt_token(&mut self, s: &Option<S<String>>, default: &str) -> String {
        s.as_ref().map_or(default.to_string(), |c| self.token(c))
    }

    fn opt_cond(&mut self, s: &Option<S<String>>) -> Option<render::cond::Cond> {
        s.as_ref().and_then(|c| self.cond(c))
    }
}

fn kind(cx: &mut Ctx<'_>, k: &S<String>) -> Option<Kind> {
    let found = Kind::ALL
        .iter()
        .find(|(n, _)| n == k.get_ref())
        .map(|(_, k)| *k);
    if found.is_none() {
        let names: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
        let span = cx.span(k);
        cx.err(span, format!("`{}` is not a plot kind", k.get_ref()))
            .help = Some(format!("use one of {}", names.join(", ")));
    }
    found
}

/// An axis, checking that a log axis stays above zero.
fn axis(cx: &mut Ctx<'_>, a: &AxisD, what: &str, swept_min: Option<f64>) -> AxisSpec {
    let log = a.log.as_ref().is_some_and(|l| *l.get_ref());
    let range = a.range.as_ref().map(|r| (r.get_ref()[0], r.get_ref()[1]));
    if let (Some(r), Some((lo, hi))) = (&a.range, range)
        && !render::plot::increasing(lo, hi)
    {
        let span = cx.span(r);
        cx.err(
            span,
            format!("the {what} range must go from a low to a higher number"),
        );
    }
    if log {
        let low = range.map(|r| r.0).or(swept_min);
        if let Some(lo) = low.filter(|lo| *lo < render::plot::LOG_FLOOR) {
            let span = a.range.as_ref().map_or_else(
                || cx.span(a.log.as_ref().expect("log is set")),
                |r| cx.span(r),
            );
            cx.err(
                span,
                format!("a log {what} axis cannot reach {lo}: its range must stay above 0"),
            )
            .help = Some("give a `range` whose low end is above 0, or drop `log`".into());
        }
    }
    AxisSpec {
        label: a.label.clone().unwrap_or_default(),
        log,
        range,
        input: a.input.as_ref().map(|i| i.get_ref().clone()),
    }
}

/// The swept input: it must be a range input.
fn sweep(cx: &mut Ctx<'_>, s: &S<String>) -> Option<f64> {
    let span = cx.span(s);
    match cx.model.input(s.get_ref()).map(|i| i.kind) {
        Some(InputKind::Range { min, .. }) => Some(min),
        Some(_) => {
            cx.err(
                span,
                format!(
                    "`{}` is not a range input: only sliders can be swept",
                    s.get_ref()
                ),
            );
            None
        }
        None => {
            let msg = if cx.env.get(s.get_ref()).is_some() {
                format!("`{}` is an output: a sweep runs over an input", s.get_ref())
            } else {
                render::cond::unknown(s.get_ref(), cx.model)
            };
            let help = cx.names_help();
            cx.err(span, msg).help = Some(help);
            None
        }
    }
}

fn series(cx: &mut Ctx<'_>, p: &PlotD, k: Kind, swept: bool) -> Vec<Series> {
    let mut out = Vec::new();
    for s in &p.series {
        // With a sweep, values are scalars evaluated at each point; otherwise they are series.
        let want = if swept && k != Kind::Histogram {
            VKind::Number
        } else {
            VKind::Series
        };
        cx.name(&s.y, Some(want));
        if let Some(x) = &s.x {
            cx.name(x, Some(want));
        }
        out.push(Series {
            x: s.x.as_ref().map(|x| x.get_ref().clone()),
            y: s.y.get_ref().clone(),
            label: cx.opt_template(&s.label),
            color: cx.opt_token(&s.color, "blue"),
            fail: cx.opt_cond(&s.fail),
            warn: cx.opt_cond(&s.warn),
        });
    }
    out
}

fn lines(cx: &mut Ctx<'_>, p: &PlotD) -> Vec<RefLine> {
    let mut out = Vec::new();
    for l in &p.lines {
        let (dir, at) = match (&l.x, &l.y) {
            (Some(x), None) => (Dir::X, cx.operand(x)),
            (None, Some(y)) => (Dir::Y, cx.operand(y)),
            _ => {
                let span = l.label.as_ref().map_or(cx.fence.clone(), |s| cx.span(s));
                cx.err(
                    span,
                    "a reference line has either `x` (a vertical line) or `y` (a horizontal one)",
                );
                continue;
            }
        };
        out.push(RefLine {
            dir,
            at,
            label: cx.opt_template(&l.label),
            color: cx.opt_token(&l.color, "red"),
        });
    }
    out
}

fn bands(cx: &mut Ctx<'_>, p: &PlotD) -> Vec<Band> {
    let mut out = Vec::new();
    for b in &p.bands {
        let (dir, r) = match (&b.x, &b.y) {
            (Some(x), None) => (Dir::X, x),
            (None, Some(y)) => (Dir::Y, y),
            _ => {
                let span = b.label.as_ref().map_or(cx.fence.clone(), |s| cx.span(s));
                cx.err(
                    span,
                    "a band has either `x = [from, to]` or `y = [from, to]`",
                );
                continue;
            }
        };
        if r.get_ref().len() != 2 {
            let span = cx.span(r);
            cx.err(span, "a band spans two values: `[from, to]`");
            continue;
        }
        out.push(Band {
            dir,
            from: cx.operand(&r.get_ref()[0]),
            to: cx.operand(&r.get_ref()[1]),
            label: cx.opt_template(&b.label),
            color: cx.opt_token(&b.color, "amber"),
        });
    }
    out
}

fn points(cx: &mut Ctx<'_>, p: &PlotD) -> Vec<Annotation> {
    p.points
        .iter()
        .map(|a| Annotation {
            x: cx.operand(&a.x),
            y: cx.operand(&a.y),
            label: cx.opt_template(&a.label),
            color: cx.opt_token(&a.color, "purple"),
            fail: cx.opt_cond(&a.fail),
            warn: cx.opt_cond(&a.warn),
        })
        .collect()
}

fn better(cx: &mut Ctx<'_>, s: &S<String>) -> Better {
    match s.get_ref().as_str() {
        "min" => Better::Min,
        "max" => Better::Max,
        other => {
            let span = cx.span(s);
            cx.err(
                span,
                format!("`{other}` is not `min` or `max` (which end of the axis is better)"),
            );
            Better::Min
        }
    }
}

fn timeline(cx: &mut Ctx<'_>, p: &PlotD) -> (Vec<TimeBar>, Option<Segments>, Vec<Class>) {
    let bars = p
        .bars
        .iter()
        .map(|b| TimeBar {
            row: b.row.clone(),
            start: cx.operand(&b.start),
            end: cx.operand(&b.end),
            color: cx.opt_token(&b.color, "blue"),
            label: cx.opt_template(&b.label),
            fail: cx.opt_cond(&b.fail),
            warn: cx.opt_cond(&b.warn),
        })
        .collect();
    let segments = p.segments.as_ref().map(|s| Segments {
        row: cx.series_name(&s.row),
        start: cx.series_name(&s.start),
        end: cx.series_name(&s.end),
        class: cx.series_name(&s.class),
    });
    let classes = p
        .classes
        .iter()
        .map(|c| Class {
            label: c.label.clone(),
            color: cx.token(&c.color),
        })
        .collect();
    (bars, segments, classes)
}

/// The heat map's grid: two inputs and a number output.
fn heat(cx: &mut Ctx<'_>, p: &PlotD, samples: (usize, usize)) -> Option<Heat> {
    for (a, what) in [(&p.x, "x"), (&p.y, "y")] {
        match &a.input {
            Some(i) if cx.model.input(i.get_ref()).is_none() => {
                let span = cx.span(i);
                let msg = format!(
                    "`{}` is not an input of model `{}`",
                    i.get_ref(),
                    cx.model.id
                );
                let help = cx.names_help();
                cx.err(span, msg).help = Some(help);
            }
            Some(_) => {}
            None => {
                let span = cx.span(&p.kind);
                cx.err(
                    span,
                    format!("a heat map needs `{what} = {{ input = \"…\" }}`"),
                );
            }
        }
    }
    let Some(z) = &p.z else {
        let span = cx.span(&p.kind);
        cx.err(span, "a heat map needs `z`, the number output it colours");
        return None;
    };
    cx.name(z, Some(VKind::Number));
    let scale = match p.scale.as_ref().map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "sequential")) => ColorScale::Sequential,
        Some((_, "diverging")) => ColorScale::Diverging,
        Some((s, other)) => {
            let span = cx.span(s);
            cx.err(
                span,
                format!("`{other}` is not a colour scale: use `sequential` or `diverging`"),
            );
            ColorScale::Sequential
        }
    };
    Some(Heat {
        z: z.get_ref().clone(),
        scale,
        center: p.center.unwrap_or(0.0),
        contour: p.contour,
        samples,
    })
}

/// `samples`: a count, or `[nx, ny]` for a heat map.
fn samples(cx: &mut Ctx<'_>, s: &Option<S<toml::Value>>, k: Kind) -> (usize, usize) {
    let Some(s) = s else {
        return if k == Kind::Heatmap {
            (24, 16)
        } else {
            (DEFAULT_SAMPLES, 0)
        };
    };
    let one = |v: &toml::Value| {
        v.as_integer()
            .filter(|n| (2..=plot::MAX_SAMPLES as i64).contains(n))
    };
    let got = match (s.get_ref(), k) {
        (toml::Value::Integer(_), Kind::Heatmap) => None,
        (v @ toml::Value::Integer(_), _) => one(v).map(|n| (n as usize, 0)),
        (toml::Value::Array(a), Kind::Heatmap) if a.len() == 2 => one(&a[0])
            .zip(one(&a[1]))
            .map(|(x, y)| (x as usize, y as usize)),
        _ => None,
    };
    got.unwrap_or_else(|| {
        let span = cx.span(s);
        let want = if k == Kind::Heatmap {
            "`[columns, rows]`"
        } else {
            "a count"
        };
        cx.err(
            span,
            format!(
                "`samples` must be {want} between 2 and {}",
                plot::MAX_SAMPLES
            ),
        );
        (DEFAULT_SAMPLES, DEFAULT_SAMPLES)
    })
}

/// Kind-specific requirements the shapes above cannot express.
fn required(cx: &mut Ctx<'_>, p: &PlotD, k: Kind) {
    let span = cx.span(&p.kind);
    let need = |cond: bool, msg: &str, cx: &mut Ctx<'_>| {
        if !cond {
            cx.err(span.clone(), msg.to_string());
        }
    };
    match k {
        Kind::Line | Kind::Area | Kind::Scatter => need(
            !p.series.is_empty(),
            "this plot needs `series`, the values it draws",
            cx,
        ),
        Kind::Histogram => {
            need(
                p.bins.is_some(),
                "a histogram needs `bins`, a series of bin edges",
                cx,
            );
            need(
                !p.series.is_empty(),
                "a histogram needs `series`, the bin heights",
                cx,
            );
        }
        Kind::Timeline => need(
            !p.bars.is_empty() || p.segments.is_some(),
            "a timeline needs `bars` or `segments`",
            cx,
        ),
        Kind::Heatmap => {}
    }
    if p.sweep.is_some() && matches!(k, Kind::Histogram | Kind::Timeline | Kind::Heatmap) {
        cx.err(span, "only line, area and scatter plots take a `sweep`");
    }
}

pub(super) fn plot(cx: &mut Ctx<'_>, p: PlotD) -> Option<String> {
    let k = kind(cx, &p.kind)?;
    required(cx, &p, k);
    let shape = match p.kind.get_ref().as_str() {
        "histogram" => Some("p99-histogram"),
        "scatter" if p.frontier.is_some() => Some("pareto"),
        _ => None,
    };
    super::instrument::check(cx, p.instrument.as_ref(), shape);
    let alt = cx.template(&p.alt);
    let swept_min = p.sweep.as_ref().and_then(|s| sweep(cx, s));
    let (samples, rows_samples) = samples(cx, &p.samples, k);
    let spec = PlotSpec {
        kind: k,
        height: p.height.unwrap_or(300).clamp(160, 900),
        sweep: p.sweep.as_ref().map(|s| s.get_ref().clone()),
        samples,
        x: axis(cx, &p.x, "x", swept_min),
        y: axis(cx, &p.y, "y", None),
        series: series(cx, &p, k, p.sweep.is_some()),
        lines: lines(cx, &p),
        bands: bands(cx, &p),
        points: points(cx, &p),
        marker: p.marker.unwrap_or(true),
        frontier: p
            .frontier
            .as_ref()
            .map(|f| (better(cx, &f.x), better(cx, &f.y))),
        bins: p.bins.as_ref().map(|b| cx.series_name(b)),
        rows: p.rows.clone(),
        heat: if k == Kind::Heatmap {
            heat(cx, &p, (samples, rows_samples))
        } else {
            None
        },
        ..timeline_parts(cx, &p)
    };
    let data = plot::evaluate(&spec, cx.env);
    let svg = snapshot(&spec, &data);
    let table = plot::table(&spec, &data, cx.env);
    let attr = widget_attr(WidgetKind::Plot {
        plot: Box::new(spec.clone()),
    });
    Some(figure::html(
        cx,
        figure::Figure {
            attr,
            class: "lab-chart lab-plot",
            title: p.title.as_deref(),
            alt: &alt,
            height: spec.height,
            svg,
            table,
        },
    ))
}

/// The timeline fields, with every other field at its empty value.
fn timeline_parts(cx: &mut Ctx<'_>, p: &PlotD) -> PlotSpec {
    let (bars, segments, classes) = timeline(cx, p);
    PlotSpec {
        kind: Kind::Timeline,
        height: 0,
        sweep: None,
        samples: 0,
        x: AxisSpec::default(),
        y: AxisSpec::default(),
        series: Vec::new(),
        lines: Vec::new(),
        bands: Vec::new(),
        points: Vec::new(),
        marker: false,
        frontier: None,
        bins: None,
        bars,
        segments,
        rows: Vec::new(),
        classes,
        heat: None,
    }
}

/// The plot at the defaults, rendered to SVG by the code the widgets draw the canvas with.
pub(crate) fn snapshot(spec: &PlotSpec, data: &plot::PlotData) -> String {
    use plotters::prelude::IntoDrawingArea;
    let mut svg = String::new();
    {
        let root =
            plotters_svg::SVGBackend::with_string(&mut svg, (figure::SNAPSHOT_W, spec.height))
                .into_drawing_area();
        if plot::draw(&root, spec, data, &render::chart::Theme::snapshot()).is_err() {
            return String::new();
        }
        let _ = root.present();
    }
    svg
}
