//! Plot tests against a small model whose values are known by construction: y = x² over a
//! slider, a choice input, and series outputs for histograms and timelines.

use super::*;
use crate::cond;
use physics::model::{Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, num, series};
use plotters_svg::SVGBackend;

const OPTS: &[Choice] = &[
    Choice {
        value: "a",
        label: "Alpha",
    },
    Choice {
        value: "b",
        label: "Beta",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "x",
        label: "Load",
        kind: InputKind::Range {
            min: 1.0,
            max: 10.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::Ms,
        },
    },
    InputDef {
        name: "c",
        label: "Case",
        kind: InputKind::Choice {
            options: OPTS,
            default: "a",
        },
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("y", "x squared (times 2 for case b)", Unit::Ms),
    num("half", "y / 2", Unit::Ms),
    num("limit", "a fixed limit", Unit::Ms),
    series("edges", "bin edges", Unit::Ms),
    series("share", "bin shares", Unit::Percent),
    series("row", "segment rows", Unit::None),
    series("start", "segment starts", Unit::Hours),
    series("end", "segment ends", Unit::Hours),
    series("class", "segment classes", Unit::None),
];

fn compute(v: &Values) -> Values {
    let x = v.n("x");
    let k = if v.t("c") == "b" { 2.0 } else { 1.0 };
    let mut o = Values::new();
    o.num("y", k * x * x)
        .num("half", k * x * x / 2.0)
        .num("limit", 50.0);
    o.set_series("edges", vec![0.0, 10.0, 20.0, 40.0])
        .set_series("share", vec![50.0, 30.0, 20.0])
        .set_series("row", vec![0.0, 0.0, 1.0])
        .set_series("start", vec![0.0, 2.0, 1.0])
        .set_series("end", vec![2.0, 5.0, 4.0])
        .set_series("class", vec![0.0, 1.0, 0.0]);
    o
}

pub(crate) const MODEL: Model = Model {
    id: "t-plot",
    title: "Plot test",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

fn env() -> Env {
    Env::eval(&MODEL, &MODEL.defaults())
}

fn base(kind: Kind) -> PlotSpec {
    PlotSpec {
        kind,
        height: 300,
        sweep: None,
        samples: 10,
        x: AxisSpec::default(),
        y: AxisSpec::default(),
        series: Vec::new(),
        lines: Vec::new(),
        bands: Vec::new(),
        points: Vec::new(),
        marker: true,
        frontier: None,
        bins: None,
        bars: Vec::new(),
        segments: None,
        rows: Vec::new(),
        classes: Vec::new(),
        heat: None,
    }
}

fn s(y: &str, x: Option<&str>, label: &str) -> Series {
    Series {
        x: x.map(String::from),
        y: y.into(),
        label: label.into(),
        color: "blue".into(),
        fail: None,
        warn: None,
    }
}

pub(crate) fn line_spec() -> PlotSpec {
    PlotSpec {
        sweep: Some("x".into()),
        series: vec![s("y", None, "Latency {y:.0f} ms"), s("half", None, "Half")],
        lines: vec![RefLine {
            dir: Dir::Y,
            at: Operand::Name("limit".into()),
            label: "Limit".into(),
            color: "red".into(),
        }],
        bands: vec![Band {
            dir: Dir::X,
            from: Operand::Num(8.0),
            to: Operand::Num(10.0),
            label: "knee".into(),
            color: "amber".into(),
        }],
        ..base(Kind::Line)
    }
}

fn svg(spec: &PlotSpec, w: u32) -> String {
    let d = evaluate(spec, &env());
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, spec.height)).into_drawing_area();
        draw(&root, spec, &d, &crate::chart::Theme::snapshot()).unwrap();
        root.present().unwrap();
    }
    out
}

#[test]
fn a_sweep_runs_the_model_at_every_point_and_marks_the_current_value() {
    let d = evaluate(&line_spec(), &env());
    // x = 1..10 in 10 samples, step 1: the model's y = x².
    let ys: Vec<f64> = d.series[0].points.iter().map(|p| p.1).collect();
    assert_eq!(
        ys,
        vec![1.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0, 64.0, 81.0, 100.0]
    );
    assert_eq!(d.series[0].current, Some((4.0, 16.0)));
    assert_eq!(d.marker_x, Some(4.0));
    assert_eq!(d.x_span, Some((1.0, 10.0)));
    // Templates in labels are rendered at the current values.
    assert_eq!(d.series[0].label, "Latency 16 ms");
    assert_eq!(d.lines[0].a, 50.0);
    // Another input moves the whole curve.
    let mut i = MODEL.defaults();
    i.text("c", "b");
    let d2 = evaluate(&line_spec(), &Env::eval(&MODEL, &i));
    assert_eq!(d2.series[0].points[9], (10.0, 200.0));
}

#[test]
fn areas_stack_and_their_table_shows_each_series_own_value() {
    let spec = PlotSpec {
        kind: Kind::Area,
        ..line_spec()
    };
    let e = env();
    let d = evaluate(&spec, &e);
    // At x = 10: y = 100, half = 50, stacked on top: 150.
    assert_eq!(d.series[1].points[9], (10.0, 150.0));
    let (head, rows) = table(&spec, &d, &e);
    assert_eq!(head.len(), 3);
    let last_sample = &rows[rows.len() - 2];
    assert_eq!(last_sample[2], "50 ms", "own value, not the stacked total");
    assert!(rows.last().unwrap()[0].contains("(current)"));
}

#[test]
fn log_sweeps_space_points_geometrically() {
    let e = env();
    let pts = sweep_points(&e, "x", 4, true);
    // 1, 10^(1/3) ≈ 2.15 → 2, 10^(2/3) ≈ 4.64 → 5, 10 (snapped to the step of 1).
    assert_eq!(pts, vec![1.0, 2.0, 5.0, 10.0]);
}

#[test]
fn scatter_frontier_and_table() {
    let spec = PlotSpec {
        frontier: Some((Better::Min, Better::Max)),
        series: vec![s("half", Some("y"), "")],
        ..PlotSpec {
            kind: Kind::Scatter,
            ..line_spec()
        }
    };
    let e = env();
    let d = evaluate(&spec, &e);
    // y and half both grow with x: with smaller y and larger half both better, every
    // point trades one against the other, so all ten are on the frontier.
    assert_eq!(d.frontier.len(), 10);
    let (head, rows) = table(&spec, &d, &e);
    assert_eq!(head[2], "On the frontier");
    assert_eq!(rows[0][2], "yes");
}

#[test]
fn histogram_timeline_and_heatmap_read_their_data() {
    let e = env();
    let h = PlotSpec {
        bins: Some("edges".into()),
        series: vec![s("share", None, "Now")],
        ..base(Kind::Histogram)
    };
    let d = evaluate(&h, &e);
    assert_eq!(d.bins, vec![0.0, 10.0, 20.0, 40.0]);
    let (_, rows) = table(&h, &d, &e);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2][1], "20%");

    let t = PlotSpec {
        segments: Some(Segments {
            row: "row".into(),
            start: "start".into(),
            end: "end".into(),
            class: "class".into(),
        }),
        rows: vec!["GPU 0".into(), "GPU 1".into()],
        classes: vec![
            Class {
                label: "Train".into(),
                color: "blue".into(),
            },
            Class {
                label: "Idle".into(),
                color: "grey".into(),
            },
        ],
        ..base(Kind::Timeline)
    };
    let d = evaluate(&t, &e);
    assert_eq!(d.bars.len(), 3);
    assert_eq!(
        (d.bars[1].start, d.bars[1].end, d.bars[1].label.as_str()),
        (2.0, 5.0, "Idle")
    );

    let m = PlotSpec {
        x: AxisSpec {
            input: Some("x".into()),
            ..AxisSpec::default()
        },
        y: AxisSpec {
            input: Some("c".into()),
            ..AxisSpec::default()
        },
        heat: Some(Heat {
            z: "y".into(),
            scale: ColorScale::Sequential,
            center: 0.0,
            contour: Some(50.0),
            samples: (10, 2),
        }),
        ..base(Kind::Heatmap)
    };
    let d = evaluate(&m, &e);
    let g = d.grid.as_ref().unwrap();
    assert_eq!((g.xs.len(), g.ys.len()), (10, 2));
    // Row "b" doubles: at x = 10, 2 × 100.
    assert_eq!(g.z[1][9], 200.0);
    assert_eq!(
        g.current,
        Some((3, 0)),
        "x = 4 is the 4th column, case a the first row"
    );
}

#[test]
fn every_kind_draws_to_svg_with_its_labels() {
    let out = svg(&line_spec(), 720);
    assert!(out.contains("Latency 16 ms") && out.contains("Limit") && out.contains("knee"));
    // The limit line is dashed in the danger colour.
    assert!(out.contains("#CB202D"));
}

#[test]
fn labels_do_not_overlap_on_a_phone() {
    // Two reference lines at the same height: the second label must move, not overlap.
    let mut spec = line_spec();
    spec.lines.push(RefLine {
        dir: Dir::Y,
        at: Operand::Num(50.0),
        label: "Another limit".into(),
        color: "green".into(),
    });
    let out = svg(&spec, 390);
    let ys: Vec<i32> = ["\nLimit\n", "\nAnother limit\n"]
        .iter()
        .map(|t| {
            let i = out.find(t).expect("label drawn");
            let tag = &out[out[..i].rfind("<text").unwrap()..i];
            let y = tag.split("y=\"").nth(1).unwrap();
            y[..y.find('"').unwrap()].parse::<f64>().unwrap() as i32
        })
        .collect();
    assert!((ys[0] - ys[1]).abs() >= 14, "labels apart: {ys:?}");
}

#[test]
fn status_colours_a_series() {
    let mut spec = line_spec();
    spec.series[0].fail = Some(cond::parse("y > 10").unwrap());
    let d = evaluate(&spec, &env());
    assert_eq!(d.series[0].color, "red");
    assert_eq!(d.series[0].status, Some(Status::Fail));
}

/// One spec of every kind, drawn at the test model's defaults.
fn every_kind() -> Vec<(&'static str, PlotSpec)> {
    let heat = PlotSpec {
        x: AxisSpec {
            input: Some("x".into()),
            label: "Load".into(),
            ..AxisSpec::default()
        },
        y: AxisSpec {
            input: Some("c".into()),
            ..AxisSpec::default()
        },
        heat: Some(Heat {
            z: "y".into(),
            scale: ColorScale::Diverging,
            center: 50.0,
            contour: Some(50.0),
            samples: (10, 2),
        }),
        ..base(Kind::Heatmap)
    };
    let timeline = PlotSpec {
        segments: Some(Segments {
            row: "row".into(),
            start: "start".into(),
            end: "end".into(),
            class: "class".into(),
        }),
        rows: vec!["GPU 0".into(), "GPU 1".into()],
        classes: vec![
            Class {
                label: "Train".into(),
                color: "blue".into(),
            },
            Class {
                label: "Idle".into(),
                color: "grey".into(),
            },
        ],
        x: AxisSpec {
            label: "Hours".into(),
            ..AxisSpec::default()
        },
        ..base(Kind::Timeline)
    };
    let histogram = PlotSpec {
        bins: Some("edges".into()),
        series: vec![s("share", None, "Now")],
        lines: vec![RefLine {
            dir: Dir::X,
            at: Operand::Num(25.0),
            label: "P99".into(),
            color: "red".into(),
        }],
        ..base(Kind::Histogram)
    };
    let scatter = PlotSpec {
        kind: Kind::Scatter,
        frontier: Some((Better::Min, Better::Max)),
        series: vec![s("half", Some("y"), "Designs")],
        x: AxisSpec {
            log: true,
            label: "y (log)".into(),
            ..AxisSpec::default()
        },
        ..line_spec()
    };
    vec![
        ("line", line_spec()),
        (
            "area",
            PlotSpec {
                kind: Kind::Area,
                ..line_spec()
            },
        ),
        ("scatter", scatter),
        ("histogram", histogram),
        ("timeline", timeline),
        ("heatmap", heat),
    ]
}

/// The SVG snapshot of each kind against a golden file in `render/golden/` (regenerate with
/// `UPDATE_GOLDEN=1 cargo test -p render` and look at the files before committing).
#[test]
fn svg_snapshots_of_every_kind() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    for (name, spec) in every_kind() {
        let out = svg(&spec, 720);
        let path = dir.join(format!("plot_{name}.svg"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing golden {}", path.display()));
        assert_eq!(out, want, "{name} differs (UPDATE_GOLDEN=1 to accept)");
    }
}

#[test]
fn the_cache_gives_what_a_fresh_evaluation_gives() {
    let spec = line_spec();
    let mut cache = Cache::default();
    let mut inputs = MODEL.defaults();
    for (x, c) in [(4.0, "a"), (7.0, "a"), (7.0, "b"), (2.0, "b")] {
        inputs.num("x", x).text("c", c);
        let env = Env::eval(&MODEL, &inputs);
        // Moving only the swept input reuses the sweep; the marker still follows.
        assert_eq!(
            evaluate_cached(&spec, &env, &mut cache),
            evaluate(&spec, &env),
            "x={x} c={c}"
        );
    }
}

#[test]
fn bad_ranges_neither_hang_nor_panic() {
    use frame::Scale;
    for log in [false, true] {
        for r in frame::BAD_RANGES {
            let s = Scale::fit(&[1.0, 5e-324, f64::MAX], log, Some(r), false);
            assert!(s.ticks(8).len() <= 40, "{r:?} log={log}");
            let mut spec = line_spec();
            spec.y.log = log;
            spec.y.range = Some(r);
            spec.x.range = Some(r);
            let _ = svg(&spec, 390);
        }
    }
    for values in [
        &[5e-324][..],
        &[f64::MAX],
        &[1e-320, 1e300],
        &[-f64::MAX, f64::MAX],
    ] {
        for log in [false, true] {
            assert!(Scale::fit(values, log, None, true).ticks(8).len() <= 40);
        }
    }
}
