//! Bar charts, drawn by one function for every plotters backend: the preprocessor renders
//! them to SVG snapshots, the widgets to a canvas.
//!
//! A chart is one or more side-by-side panels. A panel has bars; bars that share a label and
//! differ in `series` stand side by side (grouped bars), and a bar with several segments is
//! stacked. Each panel has a linear or log value axis and an optional threshold line (an SLA,
//! a memory limit). Colours are design-token names resolved through a [`Theme`], so the
//! browser can theme charts from CSS variables.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::Env;
use crate::cond::Cond;
use crate::plot::nice_step;

/// A chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    /// Height in CSS pixels; the width follows the page.
    pub height: u32,
    pub panels: Vec<Panel>,
    #[serde(default)]
    pub legend: Vec<LegendItem>,
}

/// One panel of a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    pub title: String,
    /// Value-axis caption (usually the unit).
    pub axis: String,
    pub log: bool,
    pub bars: Vec<Bar>,
    pub threshold: Option<Threshold>,
    /// Fixed axis range; otherwise it follows the data.
    pub range: Option<(f64, f64)>,
}

/// One bar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub series: Option<String>,
    pub segments: Vec<Segment>,
    /// The word the value label carries while a segment's `alert` holds (default "failing").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

/// One stacked segment of a bar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The model value it shows.
    pub value: String,
    /// Colour token.
    pub color: String,
    /// The fail level: drawn in the danger colour while this holds (a binding term, an
    /// OOM). It wins over `warn`.
    pub alert: Option<Cond>,
    /// The warn level: drawn in the amber colour while this holds and `alert` does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn: Option<Cond>,
    /// Drawn in the inactive colour while this holds (a tier that is not selected).
    pub dim: Option<Cond>,
}

/// A status level (one enum for charts and plots).
pub use crate::plot::Status as Level;

impl Segment {
    /// The segment's level at `env`: fail wins over warn.
    pub fn level(&self, env: &Env) -> Level {
        Level::of(env, &self.alert, &self.warn)
    }
}

impl Bar {
    /// The bar's level at `env`: the worst of its segments'.
    pub fn level(&self, env: &Env) -> Level {
        self.segments
            .iter()
            .map(|s| s.level(env))
            .max()
            .unwrap_or(Level::Ok)
    }

    /// The word a bar's value label carries at `level`, so the state is never colour alone.
    pub fn word(&self, level: Level) -> Option<&str> {
        match level {
            Level::Ok => None,
            Level::Warn => Some("warning"),
            Level::Fail => Some(self.tag.as_deref().unwrap_or("failing")),
        }
    }
}

/// A horizontal limit line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// A model value name, or a number written as text.
    pub value: String,
    pub label: String,
}

/// A legend entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegendItem {
    pub label: String,
    pub color: String,
}

/// A font of `family` at `size`: what `(family, size).into_font()` gives, without its
/// `str::to_lowercase` (which brought Unicode's case tables into the WebAssembly module to
/// recognise three generic family names).
pub fn font(family: &str, size: f64) -> FontDesc<'_> {
    let family = if family.eq_ignore_ascii_case("serif") {
        FontFamily::Serif
    } else if family.eq_ignore_ascii_case("sans-serif") {
        FontFamily::SansSerif
    } else if family.eq_ignore_ascii_case("monospace") {
        FontFamily::Monospace
    } else {
        FontFamily::Name(family)
    };
    FontDesc::new(family, size, FontStyle::Normal)
}

/// Colours of a chart, by role and by design token.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// (token, colour) pairs: blue, green, red, orange, grey, cloud, edge, mobile, tiny, ...
    pub tokens: Vec<(String, RGBColor)>,
    pub font: String,
    /// Multiplies every font size. plotters' SVG backend divides sizes by 1.24 (points to
    /// pixels) while the canvas takes them as pixels, so snapshots use 1.24 to match.
    pub text_scale: f64,
}

/// The colour tokens every theme defines, with their light-theme values (core.md).
pub const TOKENS: &[(&str, (u8, u8, u8))] = &[
    ("blue", (0x00, 0x63, 0x95)),
    ("green", (0x00, 0x8F, 0x45)),
    ("red", (0xCB, 0x20, 0x2D)),
    ("orange", (0xCC, 0x55, 0x00)),
    ("grey", (0x85, 0x8f, 0x9e)),
    ("purple", (0x7c, 0x3a, 0xed)),
    ("amber", (0xf5, 0x9e, 0x0b)),
    ("cloud", (0x63, 0x66, 0xf1)),
    ("edge", (0xCB, 0x20, 0x2D)),
    ("mobile", (0xCC, 0x55, 0x00)),
    ("tiny", (0x00, 0x8F, 0x45)),
];

impl Theme {
    /// The light theme, used for build-time snapshots.
    pub fn light() -> Self {
        Self {
            background: RGBColor(255, 255, 255),
            text: RGBColor(0x0f, 0x17, 0x2a),
            muted: RGBColor(0x47, 0x55, 0x69),
            grid: RGBColor(0xe2, 0xe8, 0xf0),
            tokens: TOKENS
                .iter()
                .map(|(n, (r, g, b))| (n.to_string(), RGBColor(*r, *g, *b)))
                .collect(),
            font: "sans-serif".into(),
            text_scale: 1.0,
        }
    }

    /// The light theme for SVG snapshots (font sizes in the backend's units).
    pub fn snapshot() -> Self {
        Self {
            text_scale: 1.24,
            ..Self::light()
        }
    }

    /// A font size in the backend's units for `px` CSS pixels.
    pub fn px(&self, px: u32) -> f64 {
        px as f64 * self.text_scale
    }

    pub fn color(&self, token: &str) -> RGBColor {
        self.tokens
            .iter()
            .find(|(n, _)| n == token)
            .map(|(_, c)| *c)
            .unwrap_or(self.muted)
    }
}

/// Whether a token names a colour every theme defines.
pub fn is_token(token: &str) -> bool {
    TOKENS.iter().any(|(n, _)| *n == token)
}

/// The chart's data table: one row per bar (panel, label, series), its value or segment
/// total, with its status word ("warning", "failing" or its tag) when it is not ok.
pub fn table(spec: &ChartSpec, env: &Env) -> (Vec<String>, Vec<Vec<String>>) {
    let grouped = spec
        .panels
        .iter()
        .any(|p| p.bars.iter().any(|b| b.series.is_some()));
    let mut head = vec!["Bar".to_string(), "Panel".to_string()];
    if grouped {
        head.push("Series".into());
    }
    head.push("Value".into());
    let mut rows = Vec::new();
    for p in &spec.panels {
        for b in &p.bars {
            let total: f64 = b
                .segments
                .iter()
                .filter_map(|s| env.num(&s.value))
                .filter(|v| v.is_finite())
                .sum();
            let unit = b
                .segments
                .first()
                .map_or(physics::model::Unit::None, |s| env.unit(&s.value));
            let word = b.word(b.level(env));
            let mut row = vec![b.label.clone(), p.title.clone()];
            if grouped {
                row.push(b.series.clone().unwrap_or_default());
            }
            let value =
                physics::format::format_value(total, unit, physics::format::NumberFormat::Auto);
            row.push(match word {
                Some(w) => format!("{value} ({w})"),
                None => value,
            });
            rows.push(row);
        }
    }
    (head, rows)
}

/// Names of model values a chart reads (for validation and for "redraw only what changed").
pub fn names(spec: &ChartSpec) -> Vec<String> {
    let mut v = Vec::new();
    for p in &spec.panels {
        for b in &p.bars {
            for s in &b.segments {
                v.push(s.value.clone());
                for c in [&s.alert, &s.warn, &s.dim].into_iter().flatten() {
                    v.extend(c.names().into_iter().map(String::from));
                }
            }
        }
        if let Some(t) = &p.threshold
            && t.value.parse::<f64>().is_err()
        {
            v.push(t.value.clone());
        }
    }
    v.sort();
    v.dedup();
    v
}

fn threshold_value(t: &Threshold, env: &Env) -> Option<f64> {
    t.value.parse::<f64>().ok().or_else(|| env.num(&t.value))
}

/// A value axis: linear from 0, or log over whole decades.
struct Axis {
    log: bool,
    lo: f64,
    hi: f64,
}

impl Axis {
    fn fit(panel: &Panel, values: &[f64]) -> Self {
        if let Some((lo, hi)) = panel
            .range
            .filter(|&(lo, hi)| crate::plot::usable_range(lo, hi, panel.log))
        {
            return Self {
                log: panel.log,
                lo,
                hi,
            };
        }
        let finite = values.iter().copied().filter(|v| v.is_finite());
        if panel.log {
            let pos: Vec<f64> = finite.filter(|v| *v > 0.0).collect();
            let min = pos.iter().copied().fold(f64::INFINITY, f64::min);
            let max = pos.iter().copied().fold(0.0, f64::max);
            if pos.is_empty() {
                return Self {
                    log: true,
                    lo: 0.1,
                    hi: 10.0,
                };
            }
            // A value exactly on a decade would sit on the axis floor with zero height.
            let lo = 10f64.powi((min.log10() - 1e-9).floor() as i32);
            let mut hi = 10f64.powi(max.log10().ceil() as i32);
            if hi <= lo {
                hi = lo * 10.0;
            }
            Self { log: true, lo, hi }
        } else {
            let max = finite.fold(0.0, f64::max);
            let hi = if max > 0.0 {
                nice_ceiling(max * 1.12)
            } else {
                1.0
            };
            Self {
                log: false,
                lo: 0.0,
                hi,
            }
        }
    }

    /// Fraction of the way up the axis (0 at the bottom), clamped.
    fn frac(&self, v: f64) -> f64 {
        let f = if self.log {
            if v <= 0.0 {
                return 0.0;
            }
            (v.log10() - self.lo.log10()) / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        f.clamp(0.0, 1.0)
    }

    fn ticks(&self) -> Vec<(f64, String)> {
        if self.log {
            // Subnormal or overflowing ends (a data fit at 5e-324 or 1e308) have no decades.
            if !(self.lo >= f64::MIN_POSITIVE && self.hi.is_finite() && self.lo < self.hi) {
                return Vec::new();
            }
            let (a, b) = (
                self.lo.log10().round() as i32,
                self.hi.log10().round() as i32,
            );
            if a > b {
                return Vec::new();
            }
            let stride = ((b - a) / 6 + 1).max(1);
            (a..=b)
                .filter(|e| (e - a) % stride == 0)
                .map(|e| {
                    (
                        10f64.powi(e),
                        format!("10{}", physics::format::superscript(e)),
                    )
                })
                .collect()
        } else {
            let step = nice_step(self.hi / 5.0);
            let mut t = Vec::new();
            let mut x: f64 = 0.0;
            // Bounded: a step lost to rounding or an infinite axis never loops.
            while x <= self.hi * 1.0001 && t.len() < 64 {
                t.push((x, physics::format::sig(x, 3)));
                if x + step == x {
                    break;
                }
                x += step;
            }
            t
        }
    }
}

fn nice_ceiling(v: f64) -> f64 {
    let step = nice_step(v / 5.0);
    (v / step).ceil() * step
}

/// Draws `spec` at the values of `env` onto `area`, all panels side by side.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    env: &Env,
    theme: &Theme,
) -> Result<(), String> {
    draw_grid(area, spec, env, theme, spec.panels.len())
}

/// Draws `spec` with at most `columns` panels per row: narrow screens stack the panels so
/// their labels never run together.
pub fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    env: &Env,
    theme: &Theme,
    columns: usize,
) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&theme.background).map_err(err)?;
    let (w, h) = area.dim_in_pixel();
    let legend_h = if spec.legend.is_empty() { 0 } else { 22 };
    let body = area.margin(0, legend_h, 0, 0);
    let cols = columns.clamp(1, spec.panels.len().max(1));
    let rows = spec.panels.len().max(1).div_ceil(cols);
    let panels = body.split_evenly((rows, cols));
    for (panel, pa) in spec.panels.iter().zip(panels.iter()) {
        draw_panel(pa, panel, env, theme).map_err(err)?;
    }
    if legend_h > 0 {
        let font = crate::chart::font(theme.font.as_str(), theme.px(12)).color(&theme.text);
        let mut x = 12i32;
        let y = h as i32 - 14;
        for item in &spec.legend {
            area.draw(&Rectangle::new(
                [(x, y - 5), (x + 10, y + 5)],
                theme.color(&item.color).filled(),
            ))
            .map_err(err)?;
            area.draw_text(
                &item.label,
                &font.pos(Pos::new(HPos::Left, VPos::Center)),
                (x + 14, y),
            )
            .map_err(err)?;
            x += 24 + 7 * item.label.chars().count() as i32;
            if x > w as i32 - 40 {
                break;
            }
        }
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    env: &Env,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (left, right, top, bottom) = (52, 10, 26, 34);
    let (pw, ph) = ((w - left - right).max(10), (h - top - bottom).max(10));
    // Never below the page's small text (12 px).
    let title = crate::chart::font(theme.font.as_str(), theme.px(13)).color(&theme.text);
    let small = crate::chart::font(theme.font.as_str(), theme.px(12)).color(&theme.muted);
    let label = crate::chart::font(theme.font.as_str(), theme.px(12)).color(&theme.text);
    area.draw_text(
        &panel.title,
        &title.pos(Pos::new(HPos::Center, VPos::Top)),
        (left + pw / 2, 4),
    )?;

    let mut values: Vec<f64> = panel
        .bars
        .iter()
        .map(|b| {
            b.segments
                .iter()
                .filter_map(|s| env.num(&s.value))
                .filter(|v| v.is_finite())
                .sum::<f64>()
        })
        .collect();
    if panel.log {
        values.extend(
            panel
                .bars
                .iter()
                .flat_map(|b| b.segments.iter().filter_map(|s| env.num(&s.value))),
        );
    }
    let limit = panel
        .threshold
        .as_ref()
        .and_then(|t| threshold_value(t, env));
    values.extend(limit);
    let axis = Axis::fit(panel, &values);
    let y_of = |v: f64| top + ph - (axis.frac(v) * ph as f64).round() as i32;

    // Grid and ticks.
    for (v, text) in axis.ticks() {
        let y = y_of(v);
        area.draw(&PathElement::new(
            vec![(left, y), (left + pw, y)],
            theme.grid,
        ))?;
        area.draw_text(
            &text,
            &small.pos(Pos::new(HPos::Right, VPos::Center)),
            (left - 5, y),
        )?;
    }
    area.draw(&PathElement::new(
        vec![(left, top), (left, top + ph)],
        theme.muted,
    ))?;
    area.draw(&PathElement::new(
        vec![(left, top + ph), (left + pw, top + ph)],
        theme.muted,
    ))?;
    area.draw_text(
        &panel.axis,
        &small.pos(Pos::new(HPos::Left, VPos::Top)),
        (2, 4),
    )?;

    // Categories in first-seen order; series side by side within a category.
    let mut cats: Vec<&str> = Vec::new();
    let mut series: Vec<Option<&str>> = Vec::new();
    for b in &panel.bars {
        if !cats.contains(&b.label.as_str()) {
            cats.push(&b.label);
        }
        if !series.contains(&b.series.as_deref()) {
            series.push(b.series.as_deref());
        }
    }
    let cw = pw as f64 / cats.len().max(1) as f64;
    let bw = (cw * 0.72 / series.len().max(1) as f64).max(2.0);
    for (ci, cat) in cats.iter().enumerate() {
        let cx = left as f64 + cw * (ci as f64 + 0.5);
        area.draw_text(
            cat,
            &label.pos(Pos::new(HPos::Center, VPos::Top)),
            (cx as i32, top + ph + 6),
        )?;
    }
    for b in &panel.bars {
        let ci = cats.iter().position(|c| *c == b.label).unwrap_or(0);
        let si = series
            .iter()
            .position(|s| *s == b.series.as_deref())
            .unwrap_or(0);
        let x0 = left as f64 + cw * ci as f64 + cw * 0.14 + bw * si as f64;
        let (xa, xb) = (x0.round() as i32, (x0 + bw - 1.0).round() as i32);
        let mut base = if axis.log { axis.lo } else { 0.0 };
        let mut total = 0.0;
        for s in &b.segments {
            let v = env.num(&s.value).filter(|v| v.is_finite()).unwrap_or(0.0);
            total += v;
            let color = match s.level(env) {
                Level::Fail => theme.color("red"),
                Level::Warn => theme.color("amber"),
                Level::Ok if s.dim.as_ref().is_some_and(|c| c.eval(env)) => theme.color("grey"),
                Level::Ok => theme.color(&s.color),
            };
            let end = if axis.log { v.max(axis.lo) } else { base + v };
            let (ya, yb) = (y_of(base), y_of(end));
            if ya != yb {
                area.draw(&Rectangle::new([(xa, yb), (xb, ya)], color.filled()))?;
            }
            if !axis.log {
                base = end;
            }
        }
        let top_y = y_of(if axis.log { total.max(axis.lo) } else { total });
        let Some(first) = b.segments.first() else {
            // A bar with no value (the build rejects it): nothing to draw or label.
            continue;
        };
        let mut text = if b.segments.len() == 1 {
            crate::template::value(env, &first.value, "")
        } else {
            physics::format::format_value(
                total,
                env.unit(&first.value),
                physics::format::NumberFormat::Auto,
            )
        };
        if let Some(word) = b.word(b.level(env)) {
            text = format!("{text} · {word}");
        }
        // Centred on the bar, but kept inside the panel so it never crosses the axis.
        let half = crate::plot::text_width(&text, 12) / 2;
        let cx = ((xa + xb) / 2).clamp(left + half + 2, (left + pw - half).max(left + half + 2));
        area.draw_text(
            &text,
            &small.pos(Pos::new(HPos::Center, VPos::Bottom)),
            (cx, top_y - 2),
        )?;
    }

    if let (Some(t), Some(v)) = (&panel.threshold, limit) {
        let y = y_of(v);
        let red = theme.color("red");
        let mut x = left;
        while x < left + pw {
            let x2 = (x + 6).min(left + pw);
            area.draw(&PathElement::new(
                vec![(x, y), (x2, y)],
                red.stroke_width(2),
            ))?;
            x += 10;
        }
        let red_font = crate::chart::font(theme.font.as_str(), theme.px(12)).color(&red);
        // Right-aligned at the panel's edge unless that would clip it on the left.
        let tw = crate::plot::text_width(&t.label, 12);
        let x = (left + pw - 2).max(left + tw + 2).min(w - 2);
        area.draw_text(
            &t.label,
            &red_font.pos(Pos::new(HPos::Right, VPos::Bottom)),
            (x, y - 3),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use physics::labs::v1_01;
    use physics::model::Values;
    use plotters_svg::SVGBackend;

    fn spec() -> ChartSpec {
        ChartSpec {
            height: 300,
            legend: vec![LegendItem {
                label: "Memory".into(),
                color: "red".into(),
            }],
            panels: vec![Panel {
                title: "Iron Law terms".into(),
                axis: "ms".into(),
                log: true,
                threshold: Some(Threshold {
                    value: "0.02".into(),
                    label: "budget".into(),
                }),
                range: None,
                bars: ["t_mem_ms", "t_compute_ms", "t_overhead_ms"]
                    .iter()
                    .map(|n| Bar {
                        label: n.to_string(),
                        series: None,
                        segments: vec![Segment {
                            value: n.to_string(),
                            color: "blue".into(),
                            alert: Some(crate::cond::parse("memory_bound").unwrap()),
                            warn: None,
                            dim: None,
                        }],
                        tag: None,
                    })
                    .collect(),
            }],
        }
    }

    #[test]
    fn renders_svg_with_values_and_threshold() {
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
            draw(&root, &spec(), &env, &Theme::light()).unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains("Iron Law terms"));
        // The memory term is binding at the defaults: its label says so in words.
        assert!(svg.contains("0.0299 ms · failing"), "bar value label");
        assert!(svg.contains("budget"));
        // The memory term is binding at the defaults, so bars use the danger colour.
        assert!(svg.contains("#CB202D"));
        assert_eq!(
            names(&spec()),
            vec!["memory_bound", "t_compute_ms", "t_mem_ms", "t_overhead_ms"]
        );
    }

    fn seg(alert: Option<&str>, warn: Option<&str>) -> Segment {
        Segment {
            value: "t_mem_ms".into(),
            color: "blue".into(),
            alert: alert.map(|c| crate::cond::parse(c).unwrap()),
            warn: warn.map(|c| crate::cond::parse(c).unwrap()),
            dim: Some(crate::cond::parse("memory_bound").unwrap()),
        }
    }

    #[test]
    fn fail_wins_over_warn_and_every_level_has_a_word() {
        // At v1-01's defaults (ResNet-50 on the H100) the memory term binds and nothing OOMs.
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        let both = seg(Some("memory_bound"), Some("memory_bound"));
        assert_eq!(both.level(&env), Level::Fail);
        let warn = seg(Some("oom"), Some("memory_bound"));
        assert_eq!(warn.level(&env), Level::Warn);
        let ok = seg(Some("oom"), Some("compute_bound"));
        assert_eq!(ok.level(&env), Level::Ok);
        let mut bar = Bar {
            label: "Memory".into(),
            series: None,
            segments: vec![ok.clone(), warn.clone()],
            tag: None,
        };
        assert_eq!(bar.level(&env), Level::Warn, "the worst segment decides");
        assert_eq!(bar.word(Level::Warn), Some("warning"));
        assert_eq!(bar.word(Level::Fail), Some("failing"));
        bar.tag = Some("binding".into());
        assert_eq!(bar.word(Level::Fail), Some("binding"));
        assert_eq!(bar.word(Level::Ok), None);

        // Warn is drawn amber (not the dim grey, though `dim` holds too) and labelled.
        let mut spec = spec();
        spec.panels[0].bars = vec![Bar {
            segments: vec![warn],
            ..bar
        }];
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
            draw(&root, &spec, &env, &Theme::light()).unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains("#F59E0B"), "amber bar");
        assert!(svg.contains("0.0299 ms · warning"), "{svg}");
        assert_eq!(
            names(&spec),
            vec!["memory_bound", "oom", "t_mem_ms"],
            "a warn condition's names make the widget redraw"
        );
    }

    #[test]
    fn bad_ranges_and_empty_bars_neither_panic_nor_hang() {
        let mut spec = spec();
        spec.panels[0].bars.push(Bar {
            label: "empty".into(),
            series: None,
            segments: Vec::new(),
            tag: None,
        });
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        for log in [false, true] {
            for r in crate::plot::BAD_RANGES {
                spec.panels[0].log = log;
                spec.panels[0].range = Some(r);
                let axis = Axis::fit(&spec.panels[0], &[1.0, 5e-324, f64::MAX]);
                assert!(axis.ticks().len() <= 64, "{r:?} log={log}");
                let mut svg = String::new();
                {
                    let root = SVGBackend::with_string(&mut svg, (600, 300)).into_drawing_area();
                    draw(&root, &spec, &env, &Theme::light()).unwrap();
                    root.present().unwrap();
                }
                let _ = table(&spec, &env);
            }
        }
        for values in [&[5e-324][..], &[f64::MAX], &[1e-320, 1e300]] {
            for log in [false, true] {
                spec.panels[0].log = log;
                spec.panels[0].range = None;
                assert!(Axis::fit(&spec.panels[0], values).ticks().len() <= 64);
            }
        }
    }

    #[test]
    fn log_axis_spans_whole_decades() {
        let p = &spec().panels[0];
        let a = Axis::fit(p, &[0.004, 0.03]);
        assert_eq!((a.lo, a.hi), (0.001, 0.1));
        let t = a.ticks();
        assert_eq!(t.first().unwrap().1, "10⁻³");
        // A bar exactly on a decade still has height.
        let a = Axis::fit(p, &[0.001, 0.03]);
        assert!(a.lo < 0.001 && a.frac(0.001) > 0.0);
    }
}
