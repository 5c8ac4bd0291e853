//! The frame every plot kind draws into: scales, layout, axes and ticks, and the marks that
//! sit above the data (reference lines, bands, annotations, the marker, the legend).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{Placer, Rect, text_width};
use super::{Dir, Kind, PlotData, PlotSpec};
use crate::chart::Theme;

/// Font sizes in CSS pixels: never below the page's small text.
pub(crate) const TICK_PX: u32 = 12;
pub(crate) const LABEL_PX: u32 = 12;
const LINE_H: i32 = 16;

/// How values map onto one axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    Lin {
        lo: f64,
        hi: f64,
    },
    Log {
        lo: f64,
        hi: f64,
    },
    /// `n` categories, index `i` centred at `(i + 0.5) / n`.
    Cat {
        n: usize,
    },
}

/// The lowest start a log axis may have: above 0 and far from the subnormal floats, where
/// `0.0001e-320` has already become 0.
pub const LOG_FLOOR: f64 = 1e-300;

/// Whether `[lo, hi]` runs from a finite number to a higher one.
pub fn increasing(lo: f64, hi: f64) -> bool {
    lo.is_finite() && hi.is_finite() && lo < hi
}

/// Whether a fixed axis range can be drawn: increasing and, on a log axis, from
/// [`LOG_FLOOR`] up. The build rejects any other range; a hand-edited spec with one falls
/// back to the data's own axis. One rule for bar charts and plots, at build time and in the
/// browser.
pub fn usable_range(lo: f64, hi: f64, log: bool) -> bool {
    increasing(lo, hi) && (!log || lo >= LOG_FLOOR)
}

/// Ranges that must neither hang nor panic an axis (tests of charts and plots).
#[cfg(test)]
pub(crate) const BAD_RANGES: [(f64, f64); 11] = [
    (0.0, 10.0),
    (-5.0, 10.0),
    (0.0001e-320, 1.0),
    (5e-324, 1.0),
    (0.0, 0.0),
    (10.0, 0.0),
    (f64::NAN, 1.0),
    (-f64::MAX, f64::MAX),
    (0.0, f64::INFINITY),
    (1e17, 1e17 + 32.0),
    (1e300, 1.7e308),
];

impl Scale {
    /// Fits a scale to `values` (non-finite ones ignored; on a log scale, non-positive ones
    /// too), or takes the fixed `range`.
    pub fn fit(values: &[f64], log: bool, range: Option<(f64, f64)>, zero: bool) -> Scale {
        if let Some((lo, hi)) = range.filter(|&(lo, hi)| usable_range(lo, hi, log)) {
            return if log {
                Scale::Log { lo, hi }
            } else {
                Scale::Lin { lo, hi }
            };
        }
        let ok = values
            .iter()
            .copied()
            .filter(|v| v.is_finite() && (!log || *v > 0.0));
        let (min, max) = ok.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if !min.is_finite() {
            return if log {
                Scale::Log { lo: 0.1, hi: 10.0 }
            } else {
                Scale::Lin { lo: 0.0, hi: 1.0 }
            };
        }
        if log {
            // Whole decades that a float can hold: subnormal data would floor to 0 and huge
            // data would ceil to infinity, leaving no axis.
            let lo = 10f64.powf((min.log10() - 1e-9).floor()).max(1e-300);
            let mut hi = 10f64.powf((max.log10() + 1e-9).ceil()).min(1e300);
            if hi <= lo {
                hi = lo * 10.0;
            }
            return Scale::Log { lo, hi };
        }
        let (mut lo, mut hi) = (min, max);
        if zero && lo >= 0.0 {
            lo = 0.0;
        }
        if zero && hi <= 0.0 {
            hi = 0.0;
        }
        if hi - lo < 1e-12 * hi.abs().max(1.0) {
            let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
            lo -= pad;
            hi += pad;
        }
        let step = nice_step((hi - lo) / 5.0);
        let lo = if lo == 0.0 {
            0.0
        } else {
            (lo / step).floor() * step
        };
        let hi = ((hi + (hi - lo) * 0.04) / step).ceil() * step;
        Scale::Lin { lo, hi }
    }

    /// Fraction of the way along the axis; outside 0–1 for values off the scale.
    pub fn frac(&self, v: f64) -> f64 {
        match *self {
            Scale::Lin { lo, hi } => (v - lo) / (hi - lo),
            Scale::Log { lo, hi } => {
                if v <= 0.0 {
                    return -1.0;
                }
                (v.log10() - lo.log10()) / (hi.log10() - lo.log10())
            }
            Scale::Cat { n } => (v + 0.5) / n.max(1) as f64,
        }
    }

    /// At most about `max` ticks with their labels.
    pub fn ticks(&self, max: usize) -> Vec<(f64, String)> {
        let max = max.max(2);
        match *self {
            Scale::Lin { lo, hi } => {
                let step = tick_step((hi - lo) / max as f64);
                let mut t = Vec::new();
                let mut k = (lo / step).ceil();
                // Bounded: an infinite span or a step lost to rounding (k + 1 == k far from
                // zero) must never loop; a hand-edited spec in the browser included.
                while k * step <= hi + step * 1e-9 && t.len() <= 4 * max {
                    let v = k * step;
                    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
                    t.push((v, tick_label(v, step)));
                    if k + 1.0 == k {
                        break;
                    }
                    k += 1.0;
                }
                t
            }
            Scale::Log { lo, hi } => {
                if !(lo >= f64::MIN_POSITIVE && hi.is_finite() && lo < hi) {
                    return Vec::new();
                }
                let (a, b) = (
                    (lo.log10() - 1e-9).ceil() as i32,
                    (hi.log10() + 1e-9).floor() as i32,
                );
                let decades = (b - a + 1).max(0) as usize;
                if decades < 2 {
                    // Less than a decade in view: 1-2-5 ticks.
                    let mut t = Vec::new();
                    for e in (a - 1)..=(b + 1) {
                        for m in [1.0, 2.0, 5.0] {
                            let v = m * 10f64.powi(e);
                            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                                t.push((v, physics::format::sig(v, 3)));
                            }
                        }
                    }
                    return t;
                }
                let stride = decades.div_ceil(max).max(1) as i32;
                // One style per axis: plain digits only when every tick can have them.
                let plain = (-2..=3).contains(&a) && (-2..=3).contains(&b);
                (a..=b)
                    .filter(|e| (e - a) % stride == 0)
                    .map(|e| (10f64.powi(e), decade(e, plain)))
                    .collect()
            }
            Scale::Cat { .. } => Vec::new(),
        }
    }
}

/// A linear tick with as many decimals as the step needs: 0.5, 2, 2,000 (not 2.00).
fn tick_label(v: f64, step: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e7 || v.abs() < 1e-4) {
        return physics::format::sig(v, 3);
    }
    // 2.5 × 10ⁿ needs one decimal more than its magnitude.
    let decimals = (-(step.log10() + 1e-9).floor()).max(0.0) as usize
        + usize::from(
            ((step / 10f64.powf(step.log10().floor())) - 2.5).abs() < 1e-9 && step < 10.0,
        );
    physics::format::fixed(v, decimals, v.abs() >= 10_000.0)
}

/// A decade tick: plain digits from 0.01 to 1,000, a power of ten beyond.
fn decade(e: i32, plain: bool) -> String {
    if plain {
        physics::format::fixed(10f64.powi(e), (-e).max(0) as usize, e >= 4)
    } else {
        format!("10{}", physics::format::superscript(e))
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `raw`: ticks as dense as fit.
fn tick_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let m = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|m| n <= *m + 1e-9)
        .unwrap_or(10.0);
    m * mag
}

pub(crate) fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let m = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// One legend entry: a swatch and its text, already positioned.
struct LegendItem {
    x: i32,
    y: i32,
    label: String,
    color: String,
}

/// The laid-out plot.
pub(crate) struct Frame {
    /// Plot rectangle: left, top, width, height.
    pub l: i32,
    pub t: i32,
    pub w: i32,
    pub h: i32,
    pub x: Scale,
    pub y: Scale,
    pub font: String,
    text_scale: f64,
    legend: Vec<LegendItem>,
    pub placer: Placer,
}

impl Frame {
    pub(crate) fn px(&self, x: f64, y: f64) -> (i32, i32) {
        (self.xp(x), self.yp(y))
    }
    pub(crate) fn xp(&self, x: f64) -> i32 {
        self.l + (self.x.frac(x).clamp(-0.05, 1.05) * self.w as f64).round() as i32
    }
    pub(crate) fn yp(&self, y: f64) -> i32 {
        self.t + self.h - (self.y.frac(y).clamp(-0.05, 1.05) * self.h as f64).round() as i32
    }
    /// Whether a value lies on the visible part of an axis.
    pub(crate) fn in_x(&self, x: f64) -> bool {
        (-1e-6..=1.0 + 1e-6).contains(&self.x.frac(x))
    }
    pub(crate) fn in_y(&self, y: f64) -> bool {
        (-1e-6..=1.0 + 1e-6).contains(&self.y.frac(y))
    }

    /// Lays out legend, axes and plot rectangle for a `spec` showing `data`.
    pub(crate) fn layout<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        spec: &PlotSpec,
        data: &PlotData,
        theme: &Theme,
    ) -> Frame {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        // Legend rows, wrapped to the width.
        let entries: Vec<(String, String)> = match spec.kind {
            Kind::Timeline => spec
                .classes
                .iter()
                .map(|c| (c.label.clone(), c.color.clone()))
                .collect(),
            Kind::Heatmap => super::heatmap::legend(spec, data),
            _ => data
                .series
                .iter()
                .filter(|s| !s.label.is_empty())
                .map(|s| (s.label.clone(), s.color.clone()))
                .collect(),
        };
        let mut legend = Vec::new();
        let (mut lx, mut ly) = (8, 4);
        for (label, color) in entries {
            let iw = 18 + text_width(&label, LABEL_PX);
            if lx > 8 && lx + iw > w - 8 {
                lx = 8;
                ly += LINE_H + 2;
            }
            legend.push(LegendItem {
                x: lx,
                y: ly,
                label,
                color,
            });
            lx += iw + 14;
        }
        let legend_h = if legend.is_empty() {
            0
        } else {
            ly + LINE_H + 2
        };
        let top = legend_h
            + if spec.y.label.is_empty() {
                10
            } else {
                LINE_H + 8
            };
        let bottom = LINE_H
            + 8
            + if spec.x.label.is_empty() {
                0
            } else {
                LINE_H + 2
            };
        let ph = (h - top - bottom).max(20);

        let (x, y) = scales(spec, data);
        let left = match y {
            Scale::Cat { .. } => {
                let heat_rows = data.grid.iter().flat_map(|g| g.ys.iter().map(|(_, t)| t));
                let widest = data
                    .rows
                    .iter()
                    .chain(heat_rows)
                    .map(|r| text_width(r, TICK_PX))
                    .max()
                    .unwrap_or(0);
                (widest + 10).min(w * 2 / 5)
            }
            _ => {
                let widest = y
                    .ticks((ph / 36).clamp(2, 8) as usize)
                    .iter()
                    .map(|(_, t)| text_width(t, TICK_PX))
                    .max()
                    .unwrap_or(0);
                widest + 10
            }
        }
        .max(24);
        let right = 14;
        let pw = (w - left - right).max(20);
        let mut placer = Placer::new(Rect {
            l: left,
            t: top,
            r: left + pw,
            b: top + ph,
        });
        for it in &legend {
            placer.block(Rect {
                l: it.x,
                t: it.y,
                r: it.x + 18 + text_width(&it.label, LABEL_PX),
                b: it.y + LINE_H,
            });
        }
        Frame {
            l: left,
            t: top,
            w: pw,
            h: ph,
            x,
            y,
            font: theme.font.clone(),
            text_scale: theme.text_scale,
            legend,
            placer,
        }
    }

    fn style(&self, px: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'_> {
        crate::chart::font(self.font.as_str(), px as f64 * self.text_scale)
            .color(&color)
            .pos(Pos::new(h, v))
    }

    /// Grid, ticks, tick labels and axis captions.
    pub(crate) fn axes<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        spec: &PlotSpec,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (l, t, w, h) = (self.l, self.t, self.w, self.h);
        let max_x = ((w / 64).clamp(2, 8)) as usize;
        let mut last_right = i32::MIN;
        for (v, text) in self.x.ticks(max_x) {
            let px = self.xp(v);
            area.draw(&PathElement::new(vec![(px, t), (px, t + h)], theme.grid))?;
            let tw = text_width(&text, TICK_PX);
            let x0 = (px - tw / 2).min(l + w + 12 - tw).max(0);
            if x0 > last_right + 6 {
                area.draw_text(
                    &text,
                    &self.style(TICK_PX, theme.muted, HPos::Left, VPos::Top),
                    (x0, t + h + 5),
                )?;
                last_right = x0 + tw;
            }
        }
        let max_y = ((h / 36).clamp(2, 8)) as usize;
        for (v, text) in self.y.ticks(max_y) {
            let py = self.yp(v);
            area.draw(&PathElement::new(vec![(l, py), (l + w, py)], theme.grid))?;
            area.draw_text(
                &text,
                &self.style(TICK_PX, theme.muted, HPos::Right, VPos::Center),
                (l - 5, py),
            )?;
        }
        area.draw(&PathElement::new(
            vec![(l, t), (l, t + h), (l + w, t + h)],
            theme.muted,
        ))?;
        if !spec.y.label.is_empty() {
            area.draw_text(
                &spec.y.label,
                &self.style(LABEL_PX, theme.text, HPos::Left, VPos::Bottom),
                (4, t - 6),
            )?;
        }
        if !spec.x.label.is_empty() {
            area.draw_text(
                &spec.x.label,
                &self.style(LABEL_PX, theme.text, HPos::Center, VPos::Bottom),
                (l + w / 2, area.dim_in_pixel().1 as i32 - 3),
            )?;
        }
        Ok(())
    }

    /// Shaded bands, under everything else.
    pub(crate) fn bands<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        data: &PlotData,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        for b in &data.bands {
            let c = theme.color(&b.color);
            let (x0, y0, x1, y1) = match b.dir {
                Dir::X => (self.xp(b.a), self.t, self.xp(b.b), self.t + self.h),
                Dir::Y => (self.l, self.yp(b.b), self.l + self.w, self.yp(b.a)),
            };
            let (x0, x1) = (
                x0.clamp(self.l, self.l + self.w),
                x1.clamp(self.l, self.l + self.w),
            );
            let (y0, y1) = (
                y0.clamp(self.t, self.t + self.h),
                y1.clamp(self.t, self.t + self.h),
            );
            if x1 > x0 && y1 > y0 {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.mix(0.14).filled()))?;
                if !b.label.is_empty() {
                    let tw = text_width(&b.label, LABEL_PX);
                    let cands = Placer::around(&[(x0 + 4, y0 + 4), (x1 - tw - 4, y0 + 4)], LINE_H);
                    if let Some((x, y)) = self.placer.place(tw, LINE_H, &cands) {
                        area.draw_text(
                            &b.label,
                            &self.style(LABEL_PX, theme.muted, HPos::Left, VPos::Top),
                            (x, y),
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    /// A dashed segment.
    pub(crate) fn dashed<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        from: (i32, i32),
        to: (i32, i32),
        style: ShapeStyle,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
        let len = (dx * dx + dy * dy).sqrt();
        let n = (len / 9.0).ceil().max(1.0) as i32;
        for i in 0..n {
            let a = i as f64 / n as f64;
            let b = ((i as f64 + 0.6) / n as f64).min(1.0);
            let p = |f: f64| {
                (
                    from.0 + (dx * f).round() as i32,
                    from.1 + (dy * f).round() as i32,
                )
            };
            area.draw(&PathElement::new(vec![p(a), p(b)], style))?;
        }
        Ok(())
    }

    /// A label on a translucent backing, so it stays legible above lines and data.
    pub(crate) fn tag<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        text: &str,
        (x, y): (i32, i32),
        color: RGBColor,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let tw = text_width(text, LABEL_PX);
        area.draw(&Rectangle::new(
            [(x - 2, y), (x + tw + 2, y + LINE_H)],
            theme.background.mix(0.85).filled(),
        ))?;
        area.draw_text(
            text,
            &self.style(LABEL_PX, color, HPos::Left, VPos::Top),
            (x, y + 2),
        )
    }

    /// Reference lines with their labels.
    pub(crate) fn lines<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        data: &PlotData,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        for m in &data.lines {
            let c = theme.color(&m.color);
            let style = c.stroke_width(2);
            let (from, to, visible) = match m.dir {
                Dir::X => {
                    let x = self.xp(m.a);
                    ((x, self.t), (x, self.t + self.h), self.in_x(m.a))
                }
                Dir::Y => {
                    let y = self.yp(m.a);
                    ((self.l, y), (self.l + self.w, y), self.in_y(m.a))
                }
            };
            if !visible {
                continue;
            }
            Self::dashed(area, from, to, style)?;
            if m.label.is_empty() {
                continue;
            }
            let tw = text_width(&m.label, LABEL_PX);
            let cands = match m.dir {
                Dir::X => Placer::around(
                    &[(from.0 + 5, self.t + 2), (from.0 - tw - 5, self.t + 2)],
                    LINE_H,
                ),
                Dir::Y => Placer::around(
                    &[
                        (self.l + self.w - tw - 4, from.1 - LINE_H - 2),
                        (self.l + self.w - tw - 4, from.1 + 2),
                        (self.l + 4, from.1 - LINE_H - 2),
                        (self.l + 4, from.1 + 2),
                    ],
                    LINE_H,
                ),
            };
            if let Some(at) = self.placer.place(tw, LINE_H, &cands) {
                // Light tokens (amber, grey) draw the line; the words take the text colour.
                let text = if matches!(m.color.as_str(), "amber" | "grey") {
                    theme.text
                } else {
                    c
                };
                self.tag(area, &m.label, at, text, theme)?;
            }
        }
        Ok(())
    }

    /// The current value of the swept input, and each series' point there.
    pub(crate) fn marker<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        data: &PlotData,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        if let Some(x) = data.marker_x.filter(|x| self.in_x(*x)) {
            let px = self.xp(x);
            Self::dashed(
                area,
                (px, self.t),
                (px, self.t + self.h),
                theme.muted.stroke_width(1),
            )?;
        }
        for s in &data.series {
            if let Some((x, y)) = s.current
                && self.in_x(x)
                && self.in_y(y)
            {
                let p = self.px(x, y);
                area.draw(&Circle::new(p, 7, theme.background.filled()))?;
                area.draw(&Circle::new(p, 5, theme.color(&s.color).filled()))?;
                area.draw(&Circle::new(p, 7, theme.text.stroke_width(1)))?;
            }
        }
        Ok(())
    }

    /// Annotated points (a ridge point, an optimum, the student's design).
    pub(crate) fn points<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        data: &PlotData,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        for (x, y, label, color) in &data.points {
            if !self.in_x(*x) || !self.in_y(*y) {
                continue;
            }
            let p = self.px(*x, *y);
            let c = theme.color(color);
            // A diamond, so an annotation never reads as a data point of a series.
            let d = vec![
                (p.0, p.1 - 7),
                (p.0 + 7, p.1),
                (p.0, p.1 + 7),
                (p.0 - 7, p.1),
                (p.0, p.1 - 7),
            ];
            area.draw(&Polygon::new(d.clone(), c.filled()))?;
            area.draw(&PathElement::new(d, theme.text.stroke_width(1)))?;
            if label.is_empty() {
                continue;
            }
            let tw = text_width(label, LABEL_PX);
            let cands = Placer::around(
                &[
                    (p.0 + 10, p.1 - LINE_H - 2),
                    (p.0 - tw - 10, p.1 - LINE_H - 2),
                    (p.0 + 10, p.1 + 4),
                    (p.0 - tw - 10, p.1 + 4),
                ],
                LINE_H,
            );
            if let Some(at) = self.placer.place(tw, LINE_H, &cands) {
                self.tag(area, label, at, theme.text, theme)?;
            }
        }
        Ok(())
    }

    pub(crate) fn legend<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        spec: &PlotSpec,
        data: &PlotData,
        theme: &Theme,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let _ = (spec, data);
        for it in &self.legend {
            let c = theme.color(&it.color);
            area.draw(&Rectangle::new(
                [(it.x, it.y + 3), (it.x + 12, it.y + 13)],
                c.filled(),
            ))?;
            area.draw_text(
                &it.label,
                &self.style(LABEL_PX, theme.text, HPos::Left, VPos::Top),
                (it.x + 17, it.y + 2),
            )?;
        }
        Ok(())
    }
}

/// The x and y scales of a plot of `data`.
fn scales(spec: &PlotSpec, data: &PlotData) -> (Scale, Scale) {
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for s in &data.series {
        for &(x, y) in &s.points {
            xs.push(x);
            ys.push(y);
        }
    }
    xs.extend(&data.bins);
    for b in &data.bars {
        xs.extend([b.start, b.end]);
    }
    for m in data.lines.iter().chain(&data.bands) {
        match m.dir {
            Dir::X => xs.extend([m.a, m.b]),
            Dir::Y => ys.extend([m.a, m.b]),
        }
    }
    for (x, y, ..) in &data.points {
        xs.push(*x);
        ys.push(*y);
    }
    let x = match (spec.kind, &data.grid) {
        (Kind::Heatmap, Some(g)) => Scale::Cat { n: g.xs.len() },
        _ => Scale::fit(
            &xs,
            spec.x.log,
            spec.x.range.or(data.x_span),
            spec.kind == Kind::Timeline,
        ),
    };
    let y = match (spec.kind, &data.grid) {
        (Kind::Heatmap, Some(g)) => Scale::Cat { n: g.ys.len() },
        (Kind::Timeline, _) => Scale::Cat {
            n: data.rows.len().max(1),
        },
        _ => {
            let zero = matches!(spec.kind, Kind::Area | Kind::Histogram)
                || (spec.kind == Kind::Line && {
                    let lo = ys
                        .iter()
                        .copied()
                        .filter(|v| v.is_finite())
                        .fold(f64::INFINITY, f64::min);
                    let hi = ys
                        .iter()
                        .copied()
                        .filter(|v| v.is_finite())
                        .fold(f64::NEG_INFINITY, f64::max);
                    lo >= 0.0 && lo <= 0.25 * hi
                });
            Scale::fit(&ys, spec.y.log, spec.y.range, zero)
        }
    };
    (x, y)
}
