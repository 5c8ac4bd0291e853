//! Vol 2 Lab 09, "You Can't Optimize What You Can't Measure": Amdahl's law over a measured
//! step profile (Act I: a 3× kernel that buys 9%) and choosing the one fix with the best
//! return per engineer-week on a 512-GPU training cluster (Act II: the pipeline bubble).
//!
//! # Chapter contract
//!
//! One step profile serves both acts (the original used two different ones for the same
//! cluster). A training step of the 70B model on 512 H100s (pipeline depth 4, 12
//! micro-batches) splits into attention kernels 12%, other compute (GEMMs, MLP) 32%, gradient
//! AllReduce 35%, pipeline bubble 11% and data loading 10%; the run reaches 35% MFU.
//!
//! **Contexts** (`context`): `training` (batch training, 512 H100) and `inference`
//! (streaming inference, 1 H100). Cosmetic: only `context_gpus` and the ledger change.
//!
//! **Act I** scenario: defaults (`target = attention`, `kernel_speedup = 3`).
//! - Prediction: "A 3× faster attention kernel took three weeks and moved the step by only
//!   `e2e_gain_pct` (+8.7%). Why?" Options: (A, "run-to-run noise: benchmark again",
//!   `noise`), (B, "attention was only 12% of the step", `small_share`) ✔, (C, "the new
//!   kernel has a bug", `kernel_bug`), (D, "it should have been ~3× end to end",
//!   `should_be_3x`). Checked against the text output `act1_reason`. Feedback quotes
//!   `target_share_pct`, `e2e_speedup` (1.087, D is 2.76× too optimistic: `d_overclaim`),
//!   `ceiling_gain_pct` (+13.6% even for an infinitely fast kernel) and `hotspot_gain_pct`.
//! - Reveal: `e2e_gain_pct` (+8.7%) vs `hotspot_gain_pct` (+30.4% for the same 3× on
//!   AllReduce), `impact_ratio` (3.5×).
//! - Reflection ✔ A ("measure first, then attack the largest share"): quotes `hotspot`,
//!   `hotspot_share_pct` (35%).
//!
//! **Act II** scenario: defaults (12 micro-batches, no compression, 4 prefetch workers).
//! - Prediction: "One fix this quarter: which gives the most MFU per engineer-week?" Options:
//!   (A, "AllReduce compression", `allreduce`), (B, "more micro-batches: shrink the pipeline
//!   bubble", `bubble`) ✔, (C, "more data-loader workers", `data`), (D, "faster compute
//!   kernels", `compute`). Checked against the text output `best_roi_lever` (each lever pushed
//!   to its limit alone). Feedback quotes `roi_bubble_max` (6.3 points/week),
//!   `roi_allreduce_max` (1.9: compression gives the most MFU, `gain_allreduce_max` = 12.5
//!   points, but costs 6.5 weeks), `roi_data_max` (0.46) and `best_gain_lever`.
//! - Design target: MFU ≥ 50% within 8 engineer-weeks is reachable (48 micro-batches with 3×
//!   compression: 51.2% for 5.5 weeks).
//! - Reflection ✔ B ("bubbles shrink with more micro-batches, a configuration change"):
//!   quotes `bubble_pct_of_compute` ((p − 1)/m: 25% at 12, 12.5% at 24) and
//!   `bubble_double_gain_pts` (+2.0 points for 0.5 week).
//! - Failure states: `over_budget` (warn, more than 8 engineer-weeks; `costliest_item` names
//!   the biggest spend); `target_met` is the success banner (MFU ≥ 50%).
//!
//! **Ledger** (`v2_09`): `context` ← input `context`; `bottleneck_identified` ← `hotspot`;
//! `optimization_target` ← input `target`; `mfu_before` ← `mfu_before_pct`; `mfu_after` ←
//! `mfu_after_pct`; `budget_exceeded` ← `over_budget`; `act2_result` ← `mfu_gain_pts`;
//! `act2_decision` ← `main_lever`; `constraint_hit` ← `over_budget`.

use crate::catalog::{H100, H100_USD_PER_HOUR, LLAMA3_70B_PARAMS};
use crate::laws::profiling::{amdahl_profile, pipeline_bubble_ratio};
use crate::laws::scaling::amdahl_limit;
use crate::laws::throughput::training_tokens_per_s;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "training",
        label: "Batch training (512 H100)",
    },
    Choice {
        value: "inference",
        label: "Streaming inference (1 H100)",
    },
];

const TARGETS: &[Choice] = &[
    Choice {
        value: "attention",
        label: "Attention kernels (12%)",
    },
    Choice {
        value: "gemm",
        label: "Other compute: GEMMs and MLP (32%)",
    },
    Choice {
        value: "allreduce",
        label: "Gradient AllReduce (35%)",
    },
    Choice {
        value: "bubble",
        label: "Pipeline bubble (11%)",
    },
    Choice {
        value: "data",
        label: "Data loading (10%)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Workload",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "training",
        },
    },
    InputDef {
        name: "target",
        label: "Optimization target",
        kind: InputKind::Choice {
            options: TARGETS,
            default: "attention",
        },
    },
    InputDef {
        name: "kernel_speedup",
        label: "Speedup of the target",
        kind: InputKind::Range {
            min: 1.0,
            max: 10.0,
            step: 0.5,
            default: 3.0,
            unit: Unit::Ratio,
        },
    },
    InputDef {
        name: "micro_batches",
        label: "Micro-batches per step",
        kind: InputKind::Range {
            min: 1.0,
            max: 48.0,
            step: 1.0,
            default: 12.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "compression",
        label: "AllReduce compression",
        kind: InputKind::Range {
            min: 1.0,
            max: 4.0,
            step: 0.5,
            default: 1.0,
            unit: Unit::Ratio,
        },
    },
    InputDef {
        name: "prefetch_workers",
        label: "Data prefetch workers",
        kind: InputKind::Range {
            min: 1.0,
            max: 16.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::None,
        },
    },
];

/// Values of `hotspot`: the parts of the step profile.
const PARTS: &[Choice] = &[
    Choice {
        value: "attention",
        label: "attention kernels",
    },
    Choice {
        value: "gemm",
        label: "other compute (GEMMs and MLP)",
    },
    Choice {
        value: "allreduce",
        label: "gradient AllReduce",
    },
    Choice {
        value: "bubble",
        label: "pipeline bubble",
    },
    Choice {
        value: "data",
        label: "data loading",
    },
];

/// Values of `act1_reason`.
const REASONS: &[Choice] = &[
    Choice {
        value: "small_share",
        label: "a small share of the step",
    },
    Choice {
        value: "should_be_3x",
        label: "a large share of the step",
    },
];

/// Values of `best_roi_lever` and `best_gain_lever` (`compute` when no lever gains).
const LEVERS: &[Choice] = &[
    Choice {
        value: "compute",
        label: "faster compute kernels",
    },
    Choice {
        value: "bubble",
        label: "more micro-batches",
    },
    Choice {
        value: "allreduce",
        label: "AllReduce compression",
    },
    Choice {
        value: "data",
        label: "more data-loader workers",
    },
];

/// Values of `main_lever` and `costliest_item`.
const LEVERS_OR_NONE: &[Choice] = &[
    Choice {
        value: "none",
        label: "none",
    },
    Choice {
        value: "bubble",
        label: "more micro-batches",
    },
    Choice {
        value: "allreduce",
        label: "AllReduce compression",
    },
    Choice {
        value: "data",
        label: "more data-loader workers",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("context_gpus", "GPUs in this workload", Unit::Gpus),
    num(
        "share_attention_pct",
        "Attention share of the step",
        Unit::Percent,
    ),
    num("share_gemm_pct", "Other compute share", Unit::Percent),
    num("share_allreduce_pct", "AllReduce share", Unit::Percent),
    num("share_bubble_pct", "Pipeline bubble share", Unit::Percent),
    num("share_data_pct", "Data loading share", Unit::Percent),
    num(
        "target_share_pct",
        "Share of the step you optimized",
        Unit::Percent,
    ),
    num("e2e_speedup", "End-to-end speedup", Unit::Ratio),
    num("e2e_gain_pct", "End-to-end gain", Unit::Percent),
    num(
        "ceiling_gain_pct",
        "Gain if the target took no time at all",
        Unit::Percent,
    ),
    choice("hotspot", "Largest share of the step", PARTS),
    num("hotspot_share_pct", "Largest share", Unit::Percent),
    num(
        "hotspot_gain_pct",
        "Gain if the largest share got the same speedup",
        Unit::Percent,
    ),
    num("impact_ratio", "Hotspot gain ÷ your gain", Unit::Ratio),
    flag("optimal_target", "You optimized the largest share"),
    num(
        "d_overclaim",
        "A 3× end-to-end claim ÷ the real speedup",
        Unit::Ratio,
    ),
    choice("act1_reason", "Why the gain is small", REASONS),
    num(
        "after_attention",
        "After: attention (old step = 100)",
        Unit::None,
    ),
    num("after_gemm", "After: other compute", Unit::None),
    num("after_allreduce", "After: AllReduce", Unit::None),
    num("after_bubble", "After: bubble", Unit::None),
    num("after_data", "After: data loading", Unit::None),
    num("after_total", "After: whole step", Unit::None),
    num("mfu_before_pct", "MFU today", Unit::Percent),
    num("mfu_after_pct", "MFU after the fixes", Unit::Percent),
    // Negative when a lever is moved the wrong way (fewer micro-batches than today's 12).
    num("mfu_gain_pts", "MFU gain", Unit::Percent).signed(),
    num(
        "step_compute",
        "New step: compute (old step = 100)",
        Unit::None,
    ),
    num("step_allreduce", "New step: AllReduce", Unit::None),
    num("step_bubble", "New step: bubble", Unit::None),
    num("step_data", "New step: data loading", Unit::None),
    num("step_total", "New step: total", Unit::None),
    num(
        "bubble_pct_of_compute",
        "Bubble relative to compute, (p − 1)/m",
        Unit::Percent,
    )
    // A ratio to compute, not a share: 300 % with one micro-batch on 4 stages.
    .unbounded(),
    num("weeks_bubble", "Engineer-weeks: micro-batches", Unit::Weeks),
    num(
        "weeks_allreduce",
        "Engineer-weeks: compression",
        Unit::Weeks,
    ),
    num("weeks_data", "Engineer-weeks: prefetching", Unit::Weeks),
    num("weeks_total", "Engineer-weeks spent", Unit::Weeks),
    num("weeks_budget", "Engineer-weeks available", Unit::Weeks),
    num(
        "roi_pts_per_week",
        "MFU points per engineer-week",
        Unit::None,
    )
    .signed(),
    num(
        "gain_bubble_max",
        "Most micro-batches alone: MFU gain",
        Unit::Percent,
    ),
    num(
        "gain_allreduce_max",
        "Most compression alone: MFU gain",
        Unit::Percent,
    ),
    num(
        "gain_data_max",
        "Most prefetching alone: MFU gain",
        Unit::Percent,
    ),
    num(
        "roi_bubble_max",
        "Micro-batches: points per week",
        Unit::None,
    ),
    num(
        "roi_allreduce_max",
        "Compression: points per week",
        Unit::None,
    ),
    num("roi_data_max", "Prefetching: points per week", Unit::None),
    choice("best_roi_lever", "Best return per engineer-week", LEVERS),
    choice("best_gain_lever", "Largest MFU gain", LEVERS),
    num(
        "bubble_double_gain_pts",
        "Gain from doubling micro-batches (12 → 24)",
        Unit::Percent,
    ),
    num(
        "tokens_per_s_before",
        "Training throughput today",
        Unit::TokensPerS,
    ),
    num(
        "tokens_per_s_after",
        "Training throughput after the fixes",
        Unit::TokensPerS,
    ),
    num("cluster_usd_per_week", "Cluster rental per week", Unit::Usd),
    num(
        "savings_usd_per_week",
        "GPU time saved per week at the new speed",
        Unit::Usd,
    )
    // Negative: a slower configuration costs GPU time.
    .signed(),
    num("mfu_target_pct", "MFU target", Unit::Percent),
    flag("target_met", "MFU target reached"),
    flag("over_budget", "More engineer-weeks than the quarter has"),
    choice(
        "costliest_item",
        "Largest engineering spend",
        LEVERS_OR_NONE,
    ),
    choice(
        "main_lever",
        "Lever that saves the most time",
        LEVERS_OR_NONE,
    ),
];

/// The measured step, in units of the baseline step (= 100).
const ATTENTION: f64 = 12.0;
const GEMM: f64 = 32.0;
const ALLREDUCE: f64 = 35.0;
const DATA: f64 = 10.0;
/// Pipeline depth of the 70B run.
const STAGES: f64 = 4.0;
/// Micro-batches of today's configuration: bubble = (44 × 3/12) = 11.
const MICRO_DEFAULT: f64 = 12.0;
/// Prefetch workers today; data stalls fall with √(workers/4) beyond.
const WORKERS_DEFAULT: f64 = 4.0;
/// Cluster size and today's MFU.
const GPUS: f64 = 512.0;
const MFU_BEFORE: f64 = 35.0;
/// The quarter's goal and engineering budget.
const MFU_TARGET: f64 = 50.0;
const WEEKS_BUDGET: f64 = 8.0;
/// What the engineering lead's story claims an end-to-end 3× would look like.
const CLAIMED_SPEEDUP: f64 = 3.0;

fn compute_time() -> f64 {
    ATTENTION + GEMM
}
fn bubble_time(micro: f64) -> f64 {
    compute_time() * pipeline_bubble_ratio(STAGES, micro)
}
fn allreduce_time(k: f64) -> f64 {
    ALLREDUCE / k.max(1.0)
}
fn data_time(workers: f64) -> f64 {
    DATA / (workers / WORKERS_DEFAULT).sqrt().max(1.0)
}
fn step_time(micro: f64, k: f64, workers: f64) -> f64 {
    compute_time() + allreduce_time(k) + bubble_time(micro) + data_time(workers)
}
fn mfu(step: f64) -> f64 {
    MFU_BEFORE * 100.0 / step
}

/// Engineer-weeks per lever. A micro-batch change is a configuration change plus one
/// validation run (half a week) whatever the number; compression is a new communication path
/// (2 weeks plus 1.5 per extra ×); prefetching is cheap up to 4 workers, then a week plus a
/// quarter week per extra worker.
fn weeks_bubble(micro: f64) -> f64 {
    if micro == MICRO_DEFAULT { 0.0 } else { 0.5 }
}
fn weeks_allreduce(k: f64) -> f64 {
    if k <= 1.0 { 0.0 } else { 2.0 + 1.5 * (k - 1.0) }
}
fn weeks_data(workers: f64) -> f64 {
    if workers <= WORKERS_DEFAULT {
        0.0
    } else {
        1.0 + 0.25 * (workers - WORKERS_DEFAULT)
    }
}

fn target_share(key: &str) -> f64 {
    match key {
        "gemm" => GEMM,
        "allreduce" => ALLREDUCE,
        "bubble" => bubble_time(MICRO_DEFAULT),
        "data" => DATA,
        _ => ATTENTION,
    }
}

/// The five parts of the baseline step, largest first on ties by book order.
fn parts() -> [(&'static str, f64); 5] {
    [
        ("attention", ATTENTION),
        ("gemm", GEMM),
        ("allreduce", ALLREDUCE),
        ("bubble", bubble_time(MICRO_DEFAULT)),
        ("data", DATA),
    ]
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_gpus",
        if i.t("context") == "inference" {
            1.0
        } else {
            GPUS
        },
    );

    // Act I: Amdahl over the profile.
    let target = i.t("target");
    let k = i.n("kernel_speedup");
    let f = target_share(target) / 100.0;
    let s = amdahl_profile(&[(f, k)]);
    let (hot_key, hot_share) =
        parts().into_iter().fold(
            ("attention", 0.0),
            |best, p| if p.1 > best.1 { p } else { best },
        );
    let hot = hot_share / 100.0;
    let s_hot = amdahl_profile(&[(hot, k)]);
    let gain = s - 1.0;
    let gain_hot = s_hot - 1.0;
    // At k = 1 both gains vanish; their ratio tends to the ratio of the shares.
    let impact = if gain > 1e-12 {
        gain_hot / gain
    } else {
        hot / f
    };
    for (name, key, base) in [
        ("share_attention_pct", "attention", ATTENTION),
        ("share_gemm_pct", "gemm", GEMM),
        ("share_allreduce_pct", "allreduce", ALLREDUCE),
        ("share_bubble_pct", "bubble", bubble_time(MICRO_DEFAULT)),
        ("share_data_pct", "data", DATA),
    ] {
        o.num(name, base);
        let after = if key == target { base / k } else { base };
        let out = match key {
            "attention" => "after_attention",
            "gemm" => "after_gemm",
            "allreduce" => "after_allreduce",
            "bubble" => "after_bubble",
            _ => "after_data",
        };
        o.num(out, after);
    }
    o.num("target_share_pct", f * 100.0)
        .num("e2e_speedup", s)
        .num("e2e_gain_pct", gain * 100.0)
        .num("ceiling_gain_pct", (amdahl_limit(f) - 1.0) * 100.0)
        .text("hotspot", hot_key)
        .num("hotspot_share_pct", hot_share)
        .num("hotspot_gain_pct", gain_hot * 100.0)
        .num("impact_ratio", impact)
        .flag("optimal_target", target == hot_key)
        .num("d_overclaim", CLAIMED_SPEEDUP / s)
        // A small share caps the gain whatever the kernel does: Amdahl, not noise or a bug.
        .text(
            "act1_reason",
            if f < 0.5 {
                "small_share"
            } else {
                "should_be_3x"
            },
        )
        .num("after_total", 100.0 / s);

    // Act II: the three levers on the same step.
    let m = i.n("micro_batches");
    let kc = i.n("compression");
    let w = i.n("prefetch_workers");
    let t = step_time(m, kc, w);
    let mfu_after = mfu(t);
    let (wb, wa, wd) = (weeks_bubble(m), weeks_allreduce(kc), weeks_data(w));
    let weeks = wb + wa + wd;
    let gain_pts = mfu_after - MFU_BEFORE;
    let t0 = step_time(MICRO_DEFAULT, 1.0, WORKERS_DEFAULT);
    // Each lever alone at the far end of its slider.
    let lever = |t_new: f64, wk: f64| {
        let g = mfu(t_new) - MFU_BEFORE;
        (g, if wk > 0.0 { g / wk } else { 0.0 })
    };
    let (g_b, r_b) = lever(step_time(48.0, 1.0, WORKERS_DEFAULT), weeks_bubble(48.0));
    let (g_a, r_a) = lever(
        step_time(MICRO_DEFAULT, 4.0, WORKERS_DEFAULT),
        weeks_allreduce(4.0),
    );
    let (g_d, r_d) = lever(step_time(MICRO_DEFAULT, 1.0, 16.0), weeks_data(16.0));
    let best = |xs: [(&'static str, f64); 3]| {
        xs.into_iter()
            .fold(("compute", 0.0), |b, x| if x.1 > b.1 { x } else { b })
            .0
    };
    let savings = [
        ("bubble", bubble_time(MICRO_DEFAULT) - bubble_time(m)),
        ("allreduce", ALLREDUCE - allreduce_time(kc)),
        ("data", DATA - data_time(w)),
    ];
    let main = savings
        .into_iter()
        .fold(("none", 1e-9), |b, x| if x.1 > b.1 { x } else { b })
        .0;
    let costliest = [("bubble", wb), ("allreduce", wa), ("data", wd)]
        .into_iter()
        .fold(("none", 0.0), |b, x| if x.1 > b.1 { x } else { b })
        .0;
    let peak = H100.peak.value;
    let params = LLAMA3_70B_PARAMS.value;
    let tok_before = training_tokens_per_s(params, peak, GPUS, MFU_BEFORE / 100.0);
    let weekly = GPUS * H100_USD_PER_HOUR.value * 168.0;
    o.num("mfu_before_pct", MFU_BEFORE)
        .num("mfu_after_pct", mfu_after)
        .num("mfu_gain_pts", gain_pts)
        .num("step_compute", compute_time())
        .num("step_allreduce", allreduce_time(kc))
        .num("step_bubble", bubble_time(m))
        .num("step_data", data_time(w))
        .num("step_total", t)
        .num(
            "bubble_pct_of_compute",
            pipeline_bubble_ratio(STAGES, m) * 100.0,
        )
        .num("weeks_bubble", wb)
        .num("weeks_allreduce", wa)
        .num("weeks_data", wd)
        .num("weeks_total", weeks)
        .num("weeks_budget", WEEKS_BUDGET)
        .num(
            "roi_pts_per_week",
            if weeks > 0.0 { gain_pts / weeks } else { 0.0 },
        )
        .num("gain_bubble_max", g_b)
        .num("gain_allreduce_max", g_a)
        .num("gain_data_max", g_d)
        .num("roi_bubble_max", r_b)
        .num("roi_allreduce_max", r_a)
        .num("roi_data_max", r_d)
        .text(
            "best_roi_lever",
            best([("bubble", r_b), ("allreduce", r_a), ("data", r_d)]),
        )
        .text(
            "best_gain_lever",
            best([("bubble", g_b), ("allreduce", g_a), ("data", g_d)]),
        )
        .num(
            "bubble_double_gain_pts",
            mfu(step_time(24.0, 1.0, WORKERS_DEFAULT)) - MFU_BEFORE,
        )
        .num("tokens_per_s_before", tok_before)
        .num("tokens_per_s_after", tok_before * t0 / t)
        .num("cluster_usd_per_week", weekly)
        // The same tokens need t/t0 of the GPU time.
        .num("savings_usd_per_week", weekly * (1.0 - t / t0))
        .num("mfu_target_pct", MFU_TARGET)
        .flag("target_met", mfu_after >= MFU_TARGET)
        .flag("over_budget", weeks > WEEKS_BUDGET)
        .text("costliest_item", costliest)
        .text("main_lever", main);
    o
}

/// The Lab 09 model.
pub const MODEL: Model = Model {
    id: "v2-09",
    title: "You Can't Optimize What You Can't Measure",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn profile_adds_up() {
        let o = eval(&[]);
        // 12 + 32 + 35 + 11 + 10 = 100; bubble 44 × (4 − 1)/12 = 11.
        let sum: f64 = [
            "share_attention_pct",
            "share_gemm_pct",
            "share_allreduce_pct",
            "share_bubble_pct",
            "share_data_pct",
        ]
        .iter()
        .map(|n| o.n(n))
        .sum();
        assert!((sum - 100.0).abs() < 1e-9);
        assert!((o.n("share_bubble_pct") - 11.0).abs() < 1e-9);
        assert!((o.n("step_total") - 100.0).abs() < 1e-9);
        assert!((o.n("mfu_after_pct") - 35.0).abs() < 1e-9);
    }

    #[test]
    fn act1_keyed_answer_is_the_small_share() {
        let o = eval(&[]);
        assert_eq!(o.get("act1_reason"), Some(Value::Text("small_share")));
        // 1 / (0.88 + 0.12/3) = 1 / 0.92 = 1.0870: +8.70%.
        assert!((o.n("e2e_speedup") - 1.086_96).abs() < 1e-5);
        assert!((o.n("e2e_gain_pct") - 8.696).abs() < 1e-3);
        // Ceiling 1/0.88 − 1 = 13.64%: no kernel can do better, so C (bug) is not needed.
        assert!((o.n("ceiling_gain_pct") - 13.636).abs() < 1e-3);
        // D claims 3×: 3 / 1.087 = 2.76× more than physics allows.
        assert!((o.n("d_overclaim") - 2.76).abs() < 0.01);
        assert_eq!(o.get("optimal_target"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_hotspot_is_allreduce() {
        let o = eval(&[]);
        assert_eq!(o.get("hotspot"), Some(Value::Text("allreduce")));
        // 1 / (0.65 + 0.35/3) = 1 / 0.76667 = 1.3043: +30.4%, 3.5× the attention gain.
        assert!((o.n("hotspot_gain_pct") - 30.435).abs() < 1e-3);
        assert!((o.n("impact_ratio") - 3.5).abs() < 1e-3);
        let o = eval(&[("target", Value::Text("allreduce"))]);
        assert_eq!(o.get("optimal_target"), Some(Value::Bool(true)));
        // k = 1: no gain; the ratio falls back to the share ratio 35/12.
        let o = eval(&[("kernel_speedup", Value::Num(1.0))]);
        assert!((o.n("impact_ratio") - 35.0 / 12.0).abs() < 1e-9);
    }

    #[test]
    fn act2_keyed_answer_is_the_bubble() {
        let o = eval(&[]);
        assert_eq!(o.get("best_roi_lever"), Some(Value::Text("bubble")));
        // 48 micro-batches: bubble 44 × 3/48 = 2.75, step 91.75, MFU 35/0.9175 = 38.15%:
        // +3.15 points for 0.5 week = 6.30 points/week.
        assert!((o.n("gain_bubble_max") - 3.147).abs() < 1e-3);
        assert!((o.n("roi_bubble_max") - 6.294).abs() < 1e-3);
        // 4× compression: AllReduce 8.75, step 73.75, MFU 47.46%: +12.46 points — the largest
        // gain (the original's option text wrongly gave it to B) — for 6.5 weeks = 1.92/week.
        assert_eq!(o.get("best_gain_lever"), Some(Value::Text("allreduce")));
        assert!((o.n("gain_allreduce_max") - 12.458).abs() < 1e-3);
        assert!((o.n("roi_allreduce_max") - 1.917).abs() < 1e-3);
        // 16 workers: data 10/2 = 5, step 95, MFU 36.84%: +1.84 for 4 weeks = 0.46/week.
        assert!((o.n("roi_data_max") - 0.4605).abs() < 1e-3);
        // B beats A by 3.3× per week, C by 13.7×.
        assert!(o.n("roi_bubble_max") / o.n("roi_allreduce_max") > 3.2);
        assert!(o.n("roi_bubble_max") / o.n("roi_data_max") > 13.0);
    }

    #[test]
    fn act2_reflection_and_takeaway_numbers() {
        let o = eval(&[]);
        // (4 − 1)/12 = 25% of compute.
        assert!((o.n("bubble_pct_of_compute") - 25.0).abs() < 1e-9);
        // 24 micro-batches: bubble 5.5, step 94.5, MFU 37.04%: +2.04 points.
        assert!((o.n("bubble_double_gain_pts") - 2.037).abs() < 1e-3);
        let o = eval(&[("micro_batches", Value::Num(24.0))]);
        assert!((o.n("bubble_pct_of_compute") - 12.5).abs() < 1e-9);
        assert!((o.n("weeks_total") - 0.5).abs() < 1e-12);
        // 512 × $3 × 168 h = $258,048 per week; 5.5% less GPU time saves $14,199.
        assert!((o.n("cluster_usd_per_week") - 258_048.0).abs() < 1e-6);
        assert!((o.n("savings_usd_per_week") - 258_048.0 * 5.5 / 100.0).abs() < 1e-6);
        // Throughput: 0.35 × 989e12 × 512 / 4.2e11 = 421,973 tokens/s today.
        assert!((o.n("tokens_per_s_before") - 421_973.3).abs() < 0.1);
    }

    #[test]
    fn mfu_target_reachable_within_budget() {
        // 48 micro-batches + 3× compression: step 44 + 2.75 + 11.67 + 10 = 68.42,
        // MFU 51.2%, 0.5 + 5 = 5.5 weeks.
        let o = eval(&[
            ("micro_batches", Value::Num(48.0)),
            ("compression", Value::Num(3.0)),
        ]);
        assert!((o.n("mfu_after_pct") - 51.157).abs() < 1e-3);
        assert_eq!(o.get("target_met"), Some(Value::Bool(true)));
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
        assert!((o.n("weeks_total") - 5.5).abs() < 1e-12);
        // The physical ceiling with every lever maxed: 44 + 2.75 + 8.75 + 5 = 60.5 → 57.9%.
        let o = eval(&[
            ("micro_batches", Value::Num(48.0)),
            ("compression", Value::Num(4.0)),
            ("prefetch_workers", Value::Num(16.0)),
        ]);
        assert!((o.n("mfu_after_pct") - 57.851).abs() < 1e-3);
    }

    #[test]
    fn over_budget_fires_and_clears() {
        let o = eval(&[]);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
        assert_eq!(o.get("target_met"), Some(Value::Bool(false)));
        // 4× compression (6.5 weeks) + 16 workers (4 weeks) = 10.5 > 8.
        let o = eval(&[
            ("compression", Value::Num(4.0)),
            ("prefetch_workers", Value::Num(16.0)),
        ]);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(true)));
        assert_eq!(o.get("costliest_item"), Some(Value::Text("allreduce")));
        let o = eval(&[
            ("compression", Value::Num(4.0)),
            ("prefetch_workers", Value::Num(4.0)),
        ]);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
    }

    #[test]
    fn mfu_is_monotonic_in_every_lever() {
        let mut prev = 0.0;
        for m in 1..=48 {
            let o = eval(&[("micro_batches", Value::Num(m as f64))]);
            assert!(o.n("mfu_after_pct") >= prev);
            prev = o.n("mfu_after_pct");
        }
        let mut prev = 0.0;
        for k in 0..=6 {
            let o = eval(&[("compression", Value::Num(1.0 + 0.5 * k as f64))]);
            assert!(o.n("mfu_after_pct") >= prev);
            prev = o.n("mfu_after_pct");
        }
        // Amdahl: the end-to-end gain never falls as the kernel gets faster.
        let mut prev = 0.0;
        for k in 0..=18 {
            let o = eval(&[("kernel_speedup", Value::Num(1.0 + 0.5 * k as f64))]);
            assert!(o.n("e2e_gain_pct") >= prev && o.n("e2e_gain_pct") < o.n("ceiling_gain_pct"));
            prev = o.n("e2e_gain_pct");
        }
    }

    #[test]
    fn context_is_cosmetic() {
        let o = eval(&[("context", Value::Text("inference"))]);
        assert_eq!(o.n("context_gpus"), 1.0);
        assert_eq!(o.get("best_roi_lever"), Some(Value::Text("bubble")));
    }
}
