//! Vol 2 Lab 07, "The Checkpoint Reckoning": the Young–Daly interval `T* = √(2·C·M)` for a
//! 1,024-GPU job that checkpoints too often (Act I), and a 16,384-GPU fleet whose failures
//! arrive every few hours, where only the training *stall* counts as `C` and asynchronous
//! checkpoints shrink it (Act II).
//!
//! Waste model (first order, [`crate::laws::reliability::waste_fraction`]): `C/T` spent
//! checkpointing plus `(T/2 + R)/M` lost per failure, with the restart `R` equal to the time
//! to read the checkpoint back (the synchronous write time).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: spec card `context_gpus`, `context_mtbf_h`): `small`
//! 1,024 H100 training 70B (the Act I cluster), `large` 16,384 H100 training 1T (Act II).
//!
//! **Act I scenario**: the defaults: cluster MTBF 8 h (`mtbf1_h`, the platform lead's
//! observed figure), a 4-minute checkpoint (`c1_min`), checkpoint every 30 minutes
//! (`t1_min`).
//!
//! **Act I prediction** ("Is every 30 minutes right?"), checked against `tstar1_min`
//! (62 min), closest value among A–C:
//! - A "Too rare: go to 10 minutes", value 10 (`waste_at_10_pct` 41.9 % vs `waste_opt_pct`
//!   13.7 %)
//! - **B "Too frequent: the optimum is about an hour", value 60 — keyed**
//! - C "Already optimal", value 30 (`waste_pct` 17.3 % vs 13.7 %)
//! - D "Every 4 hours, half the time between failures", value 240 (the catalog's "frequency
//!   hardly matters" has no number to check; see DECISIONS.md)
//!
//! Instruments: `tstar1_min`, `overhead_pct` and `overhead_opt_pct` (C/T: 13.3 % vs 6.5 %),
//! `waste_pct` and `waste_opt_pct`, `loss_per_failure_min` and `loss_opt_min`,
//! `interval_status` (`near_optimal` when T/T* ∈ [0.7, 1.4], else `too_frequent` /
//! `too_rare`, printed "too frequent" / "near the optimum" / "too rare"). The U-curve is a
//! line plot sweeping `t1_min` over `waste_pct` and its parts `overhead_pct` and
//! `rework_pct`, with `tstar1_min` as a vertical line.
//!
//! **Act I reflection** (keyed B, "T* shrinks as 1/√N"): quotes `tstar_16x_min` (15.5 min
//! for 16× the GPUs) and `tstar_shrink` (4×).
//!
//! **Act II scenario**: the defaults: 16,384 GPUs, per-GPU MTBF 50,000 h (the Llama 3
//! record: `llama3_mtbf_h`, `llama3_gpu_mtbf_h`), a 14 TB checkpoint (1T parameters ×
//! 14 B: FP16 weights + FP32 master and Adam moments), 400 GB/s to Lustre (35 s write),
//! 10 s steps, synchronous (`mode` = `sync`). Cluster MTBF `cluster_mtbf_h` = 3.05 h.
//!
//! **Act II prediction** ("Which checkpoint policy keeps the most of the fleet's time?"),
//! checked against the text output `best_option` (printed with its label):
//! - A "Every 5 minutes", value `every_5` (`eff_a_pct` 86.6 %)
//! - B "Every 10 minutes", value `every_10` (`eff_b_pct` 91.1 %)
//! - **C "The Young–Daly optimum with asynchronous writes (≈ 2 min)", value `yd_async` —
//!   keyed** (`eff_c_pct` 98.6 %, `tstar2_async_min`)
//! - D "Every 60 minutes", value `every_60` (`eff_d_pct` 82.3 %)
//!
//! Instruments: `cluster_mtbf_min`, `write_s`, `stall_s`, `tstar2_min`, `interval_min`
//! (T* snapped to whole steps; never shorter than the write when asynchronous),
//! `efficiency_pct`, `waste_pct2`; the budget line is `budget_pct` (20 %). The interval is not
//! an input here, so the U-curve comes as series at the current settings: `curve2_t_min`
//! (log-spaced from the write time to 600 min) against `curve2_waste_pct` and its parts
//! `curve2_overhead_pct` (stall C/T) and `curve2_rework_pct` ((T/2 + R)/M).
//!
//! **Act II failure** `over_budget` (danger): more than 20 % of the fleet's time wasted.
//! Off at the defaults (8.3 %); fires at 50 GB/s storage (25.1 %, `bw_needed_gbs` 75.9) and
//! clears with `mode` = `async` (5.7 %) or the storage back at 400 GB/s. The banner quotes
//! `async_waste_pct` and `bw_needed_gbs`.
//!
//! **Act II reflection** (keyed B, "Young–Daly's C is the stall"): quotes `write_s` against
//! `stall_s` in both modes and `tstar2_min`.
//!
//! **Takeaways**: (1) `cluster_mtbf_h` and `failures_per_day`; (2) `tstar_shrink`; (3)
//! `sustained_ckpt_gbs` and `storage_busy_pct`.
//!
//! **Ledger** (`v2_07`): `cluster_gpus` ← `n2`; `cluster_mtbf_hours` ← `cluster_mtbf_h`;
//! `checkpoint_interval_min` ← `interval_min`; `optimal_interval_min` ← `tstar2_min`;
//! `checkpoint_overhead_pct` ← `waste_pct2`; `act2_result` ← `efficiency_pct`;
//! `checkpoint_mode` ← `mode`; `act2_decision` ← "T=`interval_min` min, `mode`" (a text
//! field, so the mode prints its label);
//! `constraint_hit` ← `over_budget`.

use crate::catalog::{ASYNC_CHECKPOINT_RESIDUAL, LLAMA3_DAYS, LLAMA3_GPUS, LLAMA3_INTERRUPTIONS};
use crate::laws::reliability::{fleet_mtbf, waste_fraction, young_daly};
use crate::laws::resilience::max_stall_for_waste;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, series,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "small",
        label: "Small: 1,024 H100 training 70B",
    },
    Choice {
        value: "large",
        label: "Large: 16,384 H100 training 1T",
    },
];

const MODES: &[Choice] = &[
    Choice {
        value: "sync",
        label: "Synchronous (training waits for the write)",
    },
    Choice {
        value: "async",
        label: "Asynchronous (snapshot, write in the background)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "small",
        },
    },
    InputDef {
        name: "mtbf1_h",
        label: "Cluster MTBF",
        kind: InputKind::Range {
            min: 1.0,
            max: 100.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::Hours,
        },
    },
    InputDef {
        name: "c1_min",
        label: "Checkpoint write time",
        kind: InputKind::Range {
            min: 0.5,
            max: 30.0,
            step: 0.5,
            default: 4.0,
            unit: Unit::Minutes,
        },
    },
    InputDef {
        name: "t1_min",
        label: "Checkpoint interval",
        kind: InputKind::Range {
            min: 5.0,
            max: 120.0,
            step: 5.0,
            default: 30.0,
            unit: Unit::Minutes,
        },
    },
    InputDef {
        name: "n2",
        label: "GPUs",
        kind: InputKind::Range {
            min: 1024.0,
            max: 32_768.0,
            step: 1024.0,
            default: 16_384.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "gpu_mtbf_h",
        label: "Per-GPU MTBF",
        kind: InputKind::Range {
            min: 10_000.0,
            max: 200_000.0,
            step: 5_000.0,
            default: 50_000.0,
            unit: Unit::Hours,
        },
    },
    InputDef {
        name: "ckpt_tb",
        label: "Checkpoint size",
        kind: InputKind::Range {
            min: 1.0,
            max: 30.0,
            step: 0.5,
            default: 14.0,
            unit: Unit::Tb,
        },
    },
    InputDef {
        name: "bw2",
        label: "Storage write bandwidth",
        kind: InputKind::Range {
            min: 50.0,
            max: 2000.0,
            step: 50.0,
            default: 400.0,
            unit: Unit::GbPerS,
        },
    },
    InputDef {
        name: "step_s",
        label: "Training step time",
        kind: InputKind::Range {
            min: 1.0,
            max: 60.0,
            step: 1.0,
            default: 10.0,
            unit: Unit::Seconds,
        },
    },
    InputDef {
        name: "mode",
        label: "Checkpoint mode",
        kind: InputKind::Choice {
            options: MODES,
            default: "sync",
        },
    },
];

/// Values of `interval_status`.
const INTERVAL_STATUSES: &[Choice] = &[
    Choice {
        value: "too_frequent",
        label: "too frequent",
    },
    Choice {
        value: "too_rare",
        label: "too rare",
    },
    Choice {
        value: "near_optimal",
        label: "near the optimum",
    },
];

/// Values of `best_option`: the four policies of the prediction.
const OPTIONS: &[Choice] = &[
    Choice {
        value: "every_5",
        label: "every 5 minutes",
    },
    Choice {
        value: "every_10",
        label: "every 10 minutes",
    },
    Choice {
        value: "yd_async",
        label: "the Young–Daly optimum with asynchronous writes",
    },
    Choice {
        value: "every_60",
        label: "every 60 minutes",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("context_gpus", "GPUs in this context", Unit::Gpus),
    num(
        "context_mtbf_h",
        "Cluster MTBF in this context",
        Unit::Hours,
    ),
    num("tstar1_min", "Young–Daly optimum T*", Unit::Minutes),
    num("interval_ratio", "Current interval ÷ T*", Unit::Ratio),
    choice("interval_status", "Interval", INTERVAL_STATUSES),
    num("overhead_pct", "Checkpoint overhead C/T", Unit::Percent),
    num(
        "overhead_opt_pct",
        "Checkpoint overhead at T*",
        Unit::Percent,
    ),
    num("rework_pct", "Lost work (T/2 + C)/M", Unit::Percent),
    num("waste_pct", "Total time wasted", Unit::Percent),
    num("waste_opt_pct", "Total time wasted at T*", Unit::Percent),
    num(
        "waste_at_10_pct",
        "Total time wasted every 10 min",
        Unit::Percent,
    ),
    num(
        "loss_per_failure_min",
        "Expected loss per failure",
        Unit::Minutes,
    ),
    num(
        "loss_opt_min",
        "Expected loss per failure at T*",
        Unit::Minutes,
    ),
    num("tstar_16x_min", "T* with 16× the GPUs", Unit::Minutes),
    num("tstar_shrink", "T* shrinks by", Unit::Ratio),
    num("cluster_mtbf_h", "Cluster MTBF", Unit::Hours),
    num("cluster_mtbf_min", "Cluster MTBF", Unit::Minutes),
    num("failures_per_day", "Failures per day", Unit::None),
    num(
        "llama3_mtbf_h",
        "Llama 3: hours between interruptions",
        Unit::Hours,
    ),
    num(
        "llama3_gpu_mtbf_h",
        "Llama 3: implied per-GPU MTBF",
        Unit::Hours,
    ),
    num("write_s", "Checkpoint write time", Unit::Seconds),
    num("stall_s", "Training stall per checkpoint", Unit::Seconds),
    num("tstar2_min", "Young–Daly optimum T*", Unit::Minutes),
    num(
        "tstar2_sync_min",
        "T* with synchronous writes",
        Unit::Minutes,
    ),
    num(
        "tstar2_async_min",
        "T* with asynchronous writes",
        Unit::Minutes,
    ),
    num(
        "interval_min",
        "Checkpoint interval (whole steps)",
        Unit::Minutes,
    ),
    num("interval_steps", "Checkpoint interval", Unit::None),
    num("overhead2_pct", "Checkpoint overhead", Unit::Percent),
    num("rework2_pct", "Lost work and restarts", Unit::Percent),
    num("waste_pct2", "Total time wasted", Unit::Percent),
    num("efficiency_pct", "Net training efficiency", Unit::Percent),
    num("budget_pct", "Waste budget", Unit::Percent),
    flag("over_budget", "More than 20% of the fleet's time wasted"),
    num(
        "async_waste_pct",
        "Time wasted with asynchronous writes",
        Unit::Percent,
    ),
    num(
        "bw_needed_gbs",
        "Storage bandwidth for 20% (synchronous)",
        Unit::GbPerS,
    ),
    num(
        "sustained_ckpt_gbs",
        "Average checkpoint write bandwidth",
        Unit::GbPerS,
    ),
    num(
        "storage_busy_pct",
        "Share of time storage writes checkpoints",
        Unit::Percent,
    ),
    num("eff_a_pct", "Every 5 min, synchronous", Unit::Percent),
    num("eff_b_pct", "Every 10 min, synchronous", Unit::Percent),
    num("eff_c_pct", "Young–Daly, asynchronous", Unit::Percent),
    num("eff_d_pct", "Every 60 min, synchronous", Unit::Percent),
    choice("best_option", "Best policy", OPTIONS),
    series("curve2_t_min", "Checkpoint interval (Act II curve)", Unit::Minutes),
    series("curve2_waste_pct", "Total time wasted", Unit::Percent),
    series("curve2_overhead_pct", "Checkpoint stalls", Unit::Percent),
    series("curve2_rework_pct", "Lost work and restarts", Unit::Percent),
];

/// Act II waste budget.
const BUDGET: f64 = 0.20;
/// The interval band the chapter calls near-optimal.
const NEAR_LO: f64 = 0.7;
const NEAR_HI: f64 = 1.4;

/// The Act II curve: intervals from the write time (a checkpoint cannot start before the
/// previous one is written) up to this, log-spaced.
const CURVE_MAX: Seconds = Seconds::minutes(600.0);
const CURVE_POINTS: usize = 120;

/// Checkpoint interval actually used: T* rounded to whole steps (at least one); an
/// asynchronous checkpoint cannot start before the previous write has finished.
fn snap(tstar: Seconds, step: Seconds, write: Seconds, asynchronous: bool) -> Seconds {
    let s = step.as_s().max(1e-9);
    let mut t = (tstar.as_s() / s).round().max(1.0) * s;
    if asynchronous {
        t = t.max((write.as_s() / s).ceil() * s);
    }
    Seconds::new(t)
}

/// A part of the waste as a share of the time. The first-order terms `C/T` and
/// `(T/2 + R)/M` exceed 1 where the write outlasts the interval or the interval and restart
/// outlast the MTBF; no part can waste more than all of the time, so each saturates at
/// 100 %, as the total does in [`waste_fraction`].
fn share_pct(x: f64) -> f64 {
    100.0 * x.clamp(0.0, 1.0)
}

/// The fleet's waste at interval `t` with a stall per checkpoint and a restart of `write`.
fn waste(t: Seconds, stall: Seconds, write: Seconds, mtbf: Seconds) -> f64 {
    waste_fraction(t, stall, write, mtbf)
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I.
    let m1 = Seconds::hours(i.n("mtbf1_h"));
    let c1 = Seconds::minutes(i.n("c1_min"));
    let t1 = Seconds::minutes(i.n("t1_min"));
    let opt = young_daly(c1, m1);
    let ratio = t1 / opt;
    let status = if ratio < NEAR_LO {
        "too_frequent"
    } else if ratio > NEAR_HI {
        "too_rare"
    } else {
        "near_optimal"
    };
    let opt16 = young_daly(c1, m1 * (1.0 / 16.0));
    o.num("tstar1_min", opt.as_minutes())
        .num("interval_ratio", ratio)
        .text("interval_status", status)
        .num("overhead_pct", share_pct(c1 / t1))
        .num("overhead_opt_pct", 100.0 * (c1 / opt))
        .num("rework_pct", share_pct((t1 * 0.5 + c1) / m1))
        .num("waste_pct", 100.0 * waste(t1, c1, c1, m1))
        .num("waste_opt_pct", 100.0 * waste(opt, c1, c1, m1))
        .num(
            "waste_at_10_pct",
            100.0 * waste(Seconds::minutes(10.0), c1, c1, m1),
        )
        .num("loss_per_failure_min", (t1 * 0.5 + c1).as_minutes())
        .num("loss_opt_min", (opt * 0.5 + c1).as_minutes())
        .num("tstar_16x_min", opt16.as_minutes())
        .num("tstar_shrink", opt / opt16);

    // Act II.
    let n = i.n("n2");
    let m2 = fleet_mtbf(Seconds::hours(i.n("gpu_mtbf_h")), n);
    let size = Bytes::tb(i.n("ckpt_tb"));
    let write = size / Bandwidth::gb_per_s(i.n("bw2"));
    let async_stall = write * ASYNC_CHECKPOINT_RESIDUAL.value;
    let asynchronous = i.t("mode") == "async";
    let stall = if asynchronous { async_stall } else { write };
    let step = Seconds::new(i.n("step_s"));
    let opt2 = young_daly(stall, m2);
    let t2 = snap(opt2, step, write, asynchronous);
    let w2 = waste(t2, stall, write, m2);
    let t_async = snap(young_daly(async_stall, m2), step, write, true);
    let w_async = waste(t_async, async_stall, write, m2);
    let budget_stall = max_stall_for_waste(m2, BUDGET);
    let llama = Seconds::days(LLAMA3_DAYS.value) * (1.0 / LLAMA3_INTERRUPTIONS.value);
    o.num(
        "context_gpus",
        if i.t("context") == "large" { n } else { 1024.0 },
    )
    .num(
        "context_mtbf_h",
        if i.t("context") == "large" {
            m2.as_hours()
        } else {
            m1.as_hours()
        },
    )
    .num("cluster_mtbf_h", m2.as_hours())
    .num("cluster_mtbf_min", m2.as_minutes())
    .num("failures_per_day", 24.0 / m2.as_hours())
    .num("llama3_mtbf_h", llama.as_hours())
    .num("llama3_gpu_mtbf_h", llama.as_hours() * LLAMA3_GPUS.value)
    .num("write_s", write.as_s())
    .num("stall_s", stall.as_s())
    .num("tstar2_min", opt2.as_minutes())
    .num("tstar2_sync_min", young_daly(write, m2).as_minutes())
    .num("tstar2_async_min", young_daly(async_stall, m2).as_minutes())
    .num("interval_min", t2.as_minutes())
    .num("interval_steps", t2 / step)
    .num("overhead2_pct", share_pct(stall / t2))
    .num("rework2_pct", share_pct((t2 * 0.5 + write) / m2))
    .num("waste_pct2", 100.0 * w2)
    .num("efficiency_pct", 100.0 * (1.0 - w2))
    .num("budget_pct", 100.0 * BUDGET)
    .flag("over_budget", w2 > BUDGET)
    .num("async_waste_pct", 100.0 * w_async)
    .num("bw_needed_gbs", (size / budget_stall).as_gb_per_s())
    .num("sustained_ckpt_gbs", (size / t2).as_gb_per_s())
    .num("storage_busy_pct", 100.0 * (write / t2).min(1.0));

    // The four policies of the prediction.
    let fixed = |min: f64| {
        let t = Seconds::minutes(min);
        1.0 - waste(t, write, write, m2)
    };
    let effs = [
        ("every_5", fixed(5.0)),
        ("every_10", fixed(10.0)),
        ("yd_async", 1.0 - w_async),
        ("every_60", fixed(60.0)),
    ];
    let best = effs
        .iter()
        .copied()
        .fold(effs[0], |a, b| if b.1 > a.1 { b } else { a });
    o.num("eff_a_pct", 100.0 * effs[0].1)
        .num("eff_b_pct", 100.0 * effs[1].1)
        .num("eff_c_pct", 100.0 * effs[2].1)
        .num("eff_d_pct", 100.0 * effs[3].1)
        .text("best_option", best.0);
    curve(&mut o, stall, write, m2);
    o
}

/// Waste over the checkpoint interval for the Act II fleet, split into the stall `C/T` and
/// the lost work and restart `(T/2 + R)/M`. The grid starts at the write time and is
/// log-spaced, so both the asynchronous optimum (minutes) and the fleet MTBF (hours) fall
/// on it.
fn curve(o: &mut Values, stall: Seconds, write: Seconds, mtbf: Seconds) {
    let lo = write.as_s().max(1.0);
    let hi = CURVE_MAX.as_s().max(lo * 2.0);
    let mut t_min = Vec::with_capacity(CURVE_POINTS);
    let (mut total, mut ovh, mut rework) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..CURVE_POINTS {
        let f = k as f64 / (CURVE_POINTS - 1) as f64;
        let t = Seconds::new(lo * (hi / lo).powf(f));
        t_min.push(t.as_minutes());
        total.push(100.0 * waste(t, stall, write, mtbf));
        ovh.push(share_pct(stall / t));
        rework.push(share_pct((t * 0.5 + write) / mtbf));
    }
    o.set_series("curve2_t_min", t_min)
        .set_series("curve2_waste_pct", total)
        .set_series("curve2_overhead_pct", ovh)
        .set_series("curve2_rework_pct", rework);
}

/// The Vol 2 Lab 07 model.
pub const MODEL: Model = Model {
    id: "v2-07",
    title: "The Checkpoint Reckoning",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::LUSTRE_CHECKPOINT_BW;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn act1_prediction_keys_b() {
        let o = eval(&[]);
        // T* = √(2 × 4 × 480) = √3,840 = 61.97 min.
        assert!((o.n("tstar1_min") - 61.968).abs() < 1e-3);
        let x = o.n("tstar1_min");
        let opts = [("A", 10.0), ("B", 60.0), ("C", 30.0)];
        let best = opts
            .iter()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map(|o| o.0);
        assert_eq!(best, Some("B"));
        assert_eq!(o.get("interval_status"), Some(Value::Text("too_frequent")));
        // Checkpoint overhead 4/30 = 13.3 % vs 4/61.97 = 6.45 %.
        assert!((o.n("overhead_pct") - 13.333).abs() < 1e-3);
        assert!((o.n("overhead_opt_pct") - 6.455).abs() < 1e-3);
        // Total waste: 13.33 + 19/480 = 17.29 % at 30 min; 6.455 + 34.98/480 = 13.74 % at T*.
        assert!((o.n("waste_pct") - 17.292).abs() < 1e-3);
        assert!((o.n("waste_opt_pct") - 13.743).abs() < 1e-3);
        // A and D: every 10 min wastes 40 + 9/480 = 41.9 %, 3× the optimum.
        assert!((o.n("waste_at_10_pct") - 41.875).abs() < 1e-3);
        assert!(o.n("waste_at_10_pct") / o.n("waste_opt_pct") > 3.0);
        // Expected loss per failure: 15 + 4 = 19 min now, 34.98 min at T*.
        assert!((o.n("loss_per_failure_min") - 19.0).abs() < 1e-9);
    }

    #[test]
    fn act1_status_band_and_reflection() {
        let o = eval(&[("t1_min", Value::Num(60.0))]);
        assert_eq!(o.get("interval_status"), Some(Value::Text("near_optimal")));
        let o = eval(&[("t1_min", Value::Num(120.0))]);
        assert_eq!(o.get("interval_status"), Some(Value::Text("too_rare")));
        // 16× the GPUs: M = 30 min, T* = √(2 × 4 × 30) = 15.49 min, 4× shorter.
        let o = eval(&[]);
        assert!((o.n("tstar_16x_min") - 15.492).abs() < 1e-3);
        assert!((o.n("tstar_shrink") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn parts_of_the_waste_saturate_at_all_of_the_time() {
        // A 30-min write every 5 min: C/T = 6, shown as 100 %; the total is 100 % too.
        let o = eval(&[("c1_min", Value::Num(30.0)), ("t1_min", Value::Num(5.0))]);
        assert_eq!(o.n("overhead_pct"), 100.0);
        assert_eq!(o.n("waste_pct"), 100.0);
        // M = 1 h, T = 120 min, C = 0.5 min: (60 + 0.5)/60 = 1.008, shown as 100 %.
        let o = eval(&[
            ("mtbf1_h", Value::Num(1.0)),
            ("c1_min", Value::Num(0.5)),
            ("t1_min", Value::Num(120.0)),
        ]);
        assert_eq!(o.n("rework_pct"), 100.0);
    }

    #[test]
    fn young_daly_minimises_act1_waste() {
        let o = eval(&[]);
        for t in (5..=120).step_by(5) {
            let w = eval(&[("t1_min", Value::Num(t as f64))]).n("waste_pct");
            assert!(w >= o.n("waste_opt_pct") - 1e-9);
        }
    }

    #[test]
    fn act2_fleet_mtbf_and_llama3() {
        let o = eval(&[]);
        // 50,000 h / 16,384 = 3.0518 h = 183.1 min; 7.86 failures a day.
        assert!((o.n("cluster_mtbf_h") - 3.0518).abs() < 1e-4);
        assert!((o.n("failures_per_day") - 7.864).abs() < 1e-3);
        // Llama 3: 54 × 24 / 419 = 3.093 h; × 16,384 = 50,675 h per GPU.
        assert!((o.n("llama3_mtbf_h") - 3.0931).abs() < 1e-4);
        assert!((o.n("llama3_gpu_mtbf_h") - 50_677.0).abs() < 1.0);
    }

    #[test]
    fn act2_defaults_sync() {
        // The storage slider starts at the chapter's Lustre figure.
        let bw = MODEL.input("bw2").map(|d| d.default_value());
        assert_eq!(
            bw,
            Some(Value::Num(LUSTRE_CHECKPOINT_BW.value.as_gb_per_s()))
        );
        let o = eval(&[]);
        // 14 TB / 400 GB/s = 35 s stall; T* = √(2 × 35 × 10,986.3) = 876.9 s = 14.6 min.
        assert!((o.n("write_s") - 35.0).abs() < 1e-9);
        assert!((o.n("tstar2_min") - 14.616).abs() < 1e-3);
        // Snapped to 88 steps of 10 s = 880 s.
        assert!((o.n("interval_steps") - 88.0).abs() < 1e-9);
        // Waste 35/880 + (440 + 35)/10,986.3 = 3.977 + 4.324 = 8.30 %.
        assert!((o.n("waste_pct2") - 8.301).abs() < 1e-3);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_prediction_keys_yd_async() {
        let o = eval(&[]);
        assert_eq!(o.get("best_option"), Some(Value::Text("yd_async")));
        // A: 35/300 + 185/10,986.3 = 13.35 % wasted → 86.65 %.
        assert!((o.n("eff_a_pct") - 86.649).abs() < 1e-3);
        // B: 35/600 + 335/10,986.3 = 8.88 % → 91.12 %.
        assert!((o.n("eff_b_pct") - 91.118).abs() < 1e-3);
        // C: stall 0.7 s, T* = √(2 × 0.7 × 10,986.3) = 124.0 s → 120 s;
        // 0.7/120 + (60 + 35)/10,986.3 = 1.448 % → 98.55 %.
        assert!((o.n("tstar2_async_min") - 2.067).abs() < 1e-3);
        assert!((o.n("eff_c_pct") - 98.552).abs() < 1e-3);
        // D: 35/3,600 + 1,835/10,986.3 = 17.67 % → 82.33 %.
        assert!((o.n("eff_d_pct") - 82.325).abs() < 1e-3);
        // The best fixed interval still loses 7.4 points to C.
        assert!(o.n("eff_c_pct") - o.n("eff_b_pct") > 7.0);
    }

    #[test]
    fn act2_failure_fires_and_clears() {
        // 50 GB/s: 280 s write, T* = 2,480 s, waste 11.29 + 13.84 = 25.13 %.
        let slow = eval(&[("bw2", Value::Num(50.0))]);
        assert!((slow.n("waste_pct2") - 25.126).abs() < 1e-3);
        assert_eq!(slow.get("over_budget"), Some(Value::Bool(true)));
        // The banner's fixes: async (5.74 %), or storage of at least 75.9 GB/s.
        assert!((slow.n("async_waste_pct") - 5.742).abs() < 1e-3);
        assert!((slow.n("bw_needed_gbs") - 75.93).abs() < 0.01);
        let fixed = eval(&[("bw2", Value::Num(50.0)), ("mode", Value::Text("async"))]);
        assert_eq!(fixed.get("over_budget"), Some(Value::Bool(false)));
        // Async never starts a checkpoint before the 280 s write is done: 350 s ≥ 280 s.
        assert!((fixed.n("interval_min") * 60.0 - 350.0).abs() < 1e-9);
        let back = eval(&[("bw2", Value::Num(400.0))]);
        assert_eq!(back.get("over_budget"), Some(Value::Bool(false)));
        // 100 GB/s clears it: 140 s write, 1,750 s interval, 17.2 %.
        assert_eq!(
            eval(&[("bw2", Value::Num(100.0))]).get("over_budget"),
            Some(Value::Bool(false))
        );
    }

    #[test]
    fn act2_reflection_and_takeaways() {
        let o = eval(&[]);
        // Sync stall 35 s vs async 0.7 s (2 % of the write).
        let a = eval(&[("mode", Value::Text("async"))]);
        assert!((a.n("stall_s") - 0.7).abs() < 1e-12);
        assert!((o.n("stall_s") - 35.0).abs() < 1e-12);
        // Writing 14 TB every 880 s averages 15.9 GB/s; storage busy 35/880 = 4 %.
        assert!((o.n("sustained_ckpt_gbs") - 15.909).abs() < 1e-3);
        assert!((o.n("storage_busy_pct") - 3.977).abs() < 1e-3);
        // Async at 120 s: storage busy 35/120 = 29 %.
        assert!((a.n("storage_busy_pct") - 29.167).abs() < 1e-3);
    }

    #[test]
    fn properties() {
        // Cluster MTBF falls as 1/N; waste never falls as the fleet grows.
        let mut prev = 0.0;
        for n in (1024..=32_768).step_by(1024) {
            let o = eval(&[("n2", Value::Num(n as f64))]);
            assert!((o.n("cluster_mtbf_h") * n as f64 - 50_000.0).abs() < 1e-6);
            assert!(o.n("waste_pct2") >= prev - 0.05, "waste fell at {n}");
            prev = o.n("waste_pct2");
        }
        // Faster storage never hurts.
        let mut prev = f64::INFINITY;
        for bw in (50..=2000).step_by(50) {
            let w = eval(&[("bw2", Value::Num(bw as f64))]).n("waste_pct2");
            assert!(w <= prev + 0.05);
            prev = w;
        }
    }

    #[test]
    fn act2_curve() {
        let o = eval(&[]);
        let t = o.get_series("curve2_t_min").unwrap();
        let w = o.get_series("curve2_waste_pct").unwrap();
        let c = o.get_series("curve2_overhead_pct").unwrap();
        let r = o.get_series("curve2_rework_pct").unwrap();
        assert_eq!(t.len(), CURVE_POINTS);
        assert!(w.len() == t.len() && c.len() == t.len() && r.len() == t.len());
        // Starts at the 35 s write (0.583 min): the stall is the whole interval, 100 %, and
        // the rework (17.5 + 35) / 10,986.3 s = 0.478 %; the total is capped at 100 %.
        assert!((t[0] - 35.0 / 60.0).abs() < 1e-9);
        assert!((c[0] - 100.0).abs() < 1e-9);
        assert!((r[0] - 0.4779).abs() < 1e-4);
        assert!((w[0] - 100.0).abs() < 1e-9);
        // Ends at 600 min: 35 / 36,000 = 0.097 % stalls; (18,000 + 35) / 10,986.3 = 164 %
        // rework in the first-order formula, which saturates at all of the time, 100 %.
        assert!((t[CURVE_POINTS - 1] - 600.0).abs() < 1e-9);
        assert!((c[CURVE_POINTS - 1] - 0.0972).abs() < 1e-4);
        assert!((r[CURVE_POINTS - 1] - 100.0).abs() < 1e-9);
        // Below the cap the total is the sum of its parts, and the lowest point of the curve
        // is the Young–Daly minimum: 35 / 876.9 + (438.5 + 35) / 10,986.3 = 3.991 + 4.310 =
        // 8.301 %, reached within the grid's 6 % spacing.
        for k in 0..CURVE_POINTS {
            if c[k] + r[k] < 100.0 {
                assert!((w[k] - c[k] - r[k]).abs() < 1e-9);
            }
        }
        let min = w.iter().copied().fold(f64::INFINITY, f64::min);
        assert!((8.3009 - 1e-3..8.32).contains(&min), "{min}");
        // Asynchronous: the stall is 0.7 s, the curve still starts at the 35 s write.
        let a = eval(&[("mode", Value::Text("async"))]);
        let c = a.get_series("curve2_overhead_pct").unwrap();
        assert!((c[0] - 2.0).abs() < 1e-9);
        assert_eq!(o.n("budget_pct"), 20.0);
    }
}
