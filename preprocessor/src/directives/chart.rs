//! `lab chart`: panels of bars over number values of the model, drawn on a canvas by the
//! widgets and, in the page itself, as an SVG snapshot at the defaults rendered by the same
//! drawing code ([`snapshot`]). Colours are theme tokens; status levels (`fail`, or `alert`,
//! its older name, and `warn`) and `dim` restyle a bar or a segment while they hold, and a
//! bar in warn or fail says so in words after its value ("warning", or its `tag`, default
//! "failing").

use physics::model::Kind;
use render::Env;
use render::chart::{self, Bar, ChartSpec, LegendItem, Panel, Segment, Threshold};
use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::status::levels;
use super::{Ctx, figure};
use crate::html::widget_attr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChartD {
    instrument: Option<S<String>>,
    title: Option<String>,
    alt: S<String>,
    height: Option<u32>,
    #[serde(default)]
    legend: Vec<LegendD>,
    panels: Vec<PanelD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LegendD {
    label: String,
    color: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PanelD {
    title: String,
    axis: Option<String>,
    #[serde(default)]
    log: bool,
    range: Option<S<[f64; 2]>>,
    threshold: Option<ThresholdD>,
    bars: Vec<BarD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ThresholdD {
    value: S<toml::Value>,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BarD {
    label: String,
    series: Option<String>,
    value: Option<S<String>>,
    color: Option<S<String>>,
    warn: Option<S<String>>,
    fail: Option<S<String>>,
    alert: Option<S<String>>,
    dim: Option<S<String>>,
    tag: Option<S<String>>,
    #[serde(default)]
    segments: Vec<SegD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SegD {
    value: S<String>,
    color: S<String>,
    warn: Option<S<String>>,
    fail: Option<S<String>>,
    alert: Option<S<String>>,
    dim: Option<S<String>>,
}

pub(super) fn chart_block(cx: &mut Ctx<'_>, c: ChartD) -> Option<String> {
    super::instrument::check(cx, c.instrument.as_ref(), None);
    let alt = cx.template(&c.alt);
    let mut legend = Vec::new();
    for l in &c.legend {
        legend.push(LegendItem {
            label: l.label.clone(),
            color: cx.token(&l.color),
        });
    }
    if c.panels.is_empty() {
        // A chart with no panels would build a blank figure.
        let span = cx.fence.clone();
        cx.err(span, "this chart has no panels").help =
            Some("add at least one `[[panels]]` table with a `title` and `[[panels.bars]]`".into());
        return None;
    }
    let mut panels = Vec::new();
    for p in &c.panels {
        let mut bars = Vec::new();
        for b in &p.bars {
            let mut segs = Vec::new();
            if let Some(v) = &b.value {
                if !b.segments.is_empty() {
                    let s = cx.span(v);
                    cx.err(s, "a bar has either `value` or `segments`, not both");
                }
                let color = b.color.as_ref().map_or("blue".to_string(), |c| cx.token(c));
                let lv = levels(
                    cx,
                    b.warn.as_ref(),
                    b.fail.as_ref(),
                    b.alert.as_ref().map(|a| ("alert", a)),
                );
                segs.push((v, color, lv, b.dim.as_ref()));
            } else if let Some(c) = [&b.warn, &b.fail, &b.alert].into_iter().flatten().next() {
                let s = cx.span(c);
                cx.err(
                    s,
                    "a stacked bar's levels go on its segments: `{ value, color, warn, fail }`",
                );
            }
            for s in &b.segments {
                let color = cx.token(&s.color);
                let lv = levels(
                    cx,
                    s.warn.as_ref(),
                    s.fail.as_ref(),
                    s.alert.as_ref().map(|a| ("alert", a)),
                );
                segs.push((&s.value, color, lv, s.dim.as_ref()));
            }
            if segs.is_empty() {
                let s = cx.fence.clone();
                cx.err(s, format!("bar `{}` has no `value`", b.label));
                continue;
            }
            let mut segments = Vec::new();
            for (v, color, lv, dim) in segs {
                cx.name(v, Some(Kind::Number));
                segments.push(Segment {
                    value: v.get_ref().clone(),
                    color,
                    alert: lv.fail,
                    warn: lv.warn,
                    dim: dim.and_then(|d| cx.cond(d)),
                });
            }
            if let Some(t) = &b.tag
                && segments.iter().all(|s| s.alert.is_none())
            {
                let s = cx.span(t);
                cx.err(
                    s,
                    "`tag` is the bar's word while `fail` holds; this bar has no `fail`",
                );
            }
            bars.push(Bar {
                label: b.label.clone(),
                series: b.series.clone(),
                segments,
                tag: b.tag.as_ref().map(|t| t.get_ref().clone()),
            });
        }
        let threshold = p.threshold.as_ref().map(|t| {
            let value = match t.value.get_ref() {
                toml::Value::String(s) => {
                    let named = S::new(t.value.span(), s.clone());
                    cx.name(&named, Some(Kind::Number));
                    s.clone()
                }
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                _ => {
                    let s = cx.span(&t.value);
                    cx.err(s, "threshold value is a number or a model value name");
                    String::new()
                }
            };
            Threshold {
                value,
                label: t.label.clone(),
            }
        });
        if let Some(r) = &p.range {
            let [lo, hi] = *r.get_ref();
            let span = cx.span(r);
            if !render::plot::increasing(lo, hi) {
                cx.err(
                    span,
                    "a panel's range must go from a low to a higher number",
                )
                .help = Some("write `range = [low, high]` with low < high".into());
            } else if p.log && lo < render::plot::LOG_FLOOR {
                cx.err(
                    span,
                    format!("a log panel cannot reach {lo}: its range must stay above 0"),
                )
                .help = Some("give a `range` whose low end is above 0, or drop `log`".into());
            }
        }
        panels.push(Panel {
            title: p.title.clone(),
            axis: p.axis.clone().unwrap_or_default(),
            log: p.log,
            bars,
            threshold,
            range: p.range.as_ref().map(|r| (r.get_ref()[0], r.get_ref()[1])),
        });
    }
    let spec = ChartSpec {
        height: c.height.unwrap_or(320).clamp(120, 900),
        panels,
        legend,
    };
    let svg = snapshot(&spec, cx.env).unwrap_or_default();
    let table = chart::table(&spec, cx.env);
    let height = spec.height;
    let attr = widget_attr(WidgetKind::Chart { chart: spec });
    Some(figure::html(
        cx,
        figure::Figure {
            attr,
            class: "lab-chart",
            title: c.title.as_deref(),
            alt: &alt,
            height,
            svg,
            table,
        },
    ))
}

/// The chart at `env`, rendered to SVG by the same code the widgets use on canvas.
pub fn snapshot(spec: &ChartSpec, env: &Env) -> Option<String> {
    use plotters::prelude::IntoDrawingArea;
    let mut svg = String::new();
    {
        let root =
            plotters_svg::SVGBackend::with_string(&mut svg, (figure::SNAPSHOT_W, spec.height))
                .into_drawing_area();
        chart::draw(&root, spec, env, &chart::Theme::snapshot()).ok()?;
        root.present().ok()?;
    }
    Some(svg)
}
