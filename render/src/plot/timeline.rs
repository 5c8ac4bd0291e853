//! Horizontal bars and timelines (Gantt charts): bars from scalar start and end values, or
//! segments from four series outputs (row, start, end, class) such as a scheduler's plan.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{Frame, LABEL_PX, TICK_PX};
use super::labels::text_width;
use super::{BarData, PlotData, PlotSpec, Status, cell, label};
use crate::Env;
use crate::chart::Theme;

pub(super) fn sample(spec: &PlotSpec, env: &Env, d: &mut PlotData) {
    d.rows = spec.rows.clone();
    for b in &spec.bars {
        let row = match d.rows.iter().position(|r| *r == b.row) {
            Some(i) => i,
            None => {
                d.rows.push(b.row.clone());
                d.rows.len() - 1
            }
        };
        if let (Some(s), Some(e)) = (b.start.value(env), b.end.value(env))
            && s.is_finite()
            && e.is_finite()
        {
            let st = Status::of(env, &b.fail, &b.warn);
            d.bars.push(BarData {
                row,
                start: s.min(e),
                end: s.max(e),
                color: st.token(&b.color).to_string(),
                label: label(&b.label, env),
                status: (b.fail.is_some() || b.warn.is_some()).then(|| st.word()),
            });
        }
        d.x_unit = env.unit(b.end.name().unwrap_or(""));
    }
    if let Some(seg) = &spec.segments {
        let get = |n: &str| env.series(n).unwrap_or(&[]);
        let (rows, starts, ends, classes) = (
            get(&seg.row),
            get(&seg.start),
            get(&seg.end),
            get(&seg.class),
        );
        for i in 0..rows
            .len()
            .min(starts.len())
            .min(ends.len())
            .min(classes.len())
        {
            let row = rows[i].max(0.0) as usize;
            let class = spec.classes.get(classes[i].max(0.0) as usize);
            while d.rows.len() <= row {
                d.rows.push(format!("Row {}", d.rows.len() + 1));
            }
            d.bars.push(BarData {
                row,
                start: starts[i].min(ends[i]),
                end: starts[i].max(ends[i]),
                color: class.map_or("grey".into(), |c| c.color.clone()),
                label: class.map_or(String::new(), |c| c.label.clone()),
                status: None,
            });
        }
        d.x_unit = env.unit(&seg.end);
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fr: &Frame,
    d: &PlotData,
    theme: &Theme,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = d.rows.len().max(1);
    let row_h = fr.h as f64 / n as f64;
    let y_of = |row: usize| fr.t + (row_h * row as f64).round() as i32;
    let font = theme.font.as_str();
    for (i, r) in d.rows.iter().enumerate() {
        let yc = y_of(i) + (row_h / 2.0) as i32;
        area.draw_text(
            r,
            &crate::chart::font(font, theme.px(TICK_PX))
                .color(&theme.text)
                .pos(Pos::new(HPos::Right, VPos::Center)),
            (fr.l - 6, yc),
        )?;
    }
    let pad = (row_h * 0.16).round() as i32;
    for b in &d.bars {
        let (x0, x1) = (fr.xp(b.start), fr.xp(b.end));
        let (y0, y1) = (y_of(b.row) + pad, y_of(b.row + 1) - pad);
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        let c = theme.color(&b.color);
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))?;
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            theme.background.stroke_width(1),
        ))?;
        // The label goes inside when it fits; the data table always has it.
        if !b.label.is_empty() && text_width(&b.label, LABEL_PX) + 8 < x1 - x0 && y1 - y0 >= 14 {
            area.draw_text(
                &b.label,
                &crate::chart::font(font, theme.px(LABEL_PX))
                    .color(if light(c) {
                        &theme.text
                    } else {
                        &theme.background
                    })
                    .pos(Pos::new(HPos::Left, VPos::Center)),
                (x0 + 4, (y0 + y1) / 2),
            )?;
        }
    }
    Ok(())
}

/// Whether dark text reads better than light text on `c` (relative luminance above ½).
fn light(c: RGBColor) -> bool {
    let l = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    l > 140.0
}

pub(super) fn table(d: &PlotData) -> (Vec<String>, Vec<Vec<String>>) {
    let statuses = d.bars.iter().any(|b| b.status.is_some());
    let mut header = ["Row", "What", "Start", "End", "Length"]
        .map(String::from)
        .to_vec();
    if statuses {
        header.push("Status".into());
    }
    let mut rows: Vec<Vec<String>> = d
        .bars
        .iter()
        .take(60)
        .map(|b| {
            let mut row = vec![
                d.rows.get(b.row).cloned().unwrap_or_default(),
                b.label.clone(),
                cell(b.start, d.x_unit),
                cell(b.end, d.x_unit),
                cell(b.end - b.start, d.x_unit),
            ];
            if statuses {
                row.push(b.status.unwrap_or("").to_string());
            }
            row
        })
        .collect();
    // Reference lines (a deadline, "limit found") are values the chart shows: in the table too.
    for m in &d.lines {
        let mut row = vec![
            String::new(),
            if m.label.is_empty() {
                "line".into()
            } else {
                m.label.clone()
            },
            cell(m.a, d.x_unit),
        ];
        row.resize(header.len(), String::new());
        rows.push(row);
    }
    (header, rows)
}
