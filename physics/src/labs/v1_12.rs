//! Vol 1 Lab 12, "The Speedup Ceiling": 64 GPUs give a 15 %-serial job about 6×, not 64×
//! (Act I, Amdahl's law), and a benchmark ranks vendors correctly only if it stresses the
//! production bottleneck (Act II, benchmark validity).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (H100 training job whose data loading and checkpoint I/O
//! are 15 % serial; production inference batches 1-8) and `edge` (Orin NX perception
//! pipeline whose sensor decode is 25 % serial; production batch 1). The sliders are shared;
//! the context card shows the context's own figure through `context_serial_pct`,
//! `context_speedup` and `context_ceiling` at the slider's processor count and efficiency.
//!
//! **Act I scenario**: defaults (15 % serial, 64 GPUs, 90 % parallel efficiency, a 100 h
//! job). The reveal quotes `amdahl_speedup` (6.12×), `runtime_h` (16.3 h), `ceiling` (6.67×),
//! `cto_runtime_h` (1.56 h) and `parallel_efficiency_pct` (9.6 %).
//!
//! **Act I prediction** "What speedup do 64 GPUs give the 15 %-serial 100 h job?", checked
//! against `amdahl_speedup` on a log scale:
//! - A "About 64×" = 64 (the CTO's linear hope: 10.5× too high)
//! - B "About 55× (Gustafson)" = 54.6 (`gustafson_speedup`; that law scales the problem)
//! - **C "About 6× (about 16 h)" = 6.1 (keyed)**
//! - D "About 2×" = 2
//!
//! **Act I reflection** (keyed C, "cut the serial fraction"): feedback quotes
//! `ceiling_at_2pct` (50×) and `speedup_at_2pct` (28.3× at 64 GPUs).
//!
//! **Act II scenario**: vendor A scores 85 and vendor B 72 on the synthetic benchmark, but in
//! production B is 20 % faster than A (`prod_a` 76.5, `prod_b` 91.8). A benchmark of validity
//! V reports `V·production + (1 − V)·synthetic`, so it ranks B first only when V exceeds
//! `validity_crossover` (0.46). Defaults: synthetic benchmark, bench batch 32, production
//! batch 1, 60 % memory-access divergence.
//!
//! **Act II prediction** "Why did the benchmark rank the wrong vendor?", checked against the
//! text output `diagnosis`:
//! - A `noise` "Measurement noise" (the 13-point gap is `gap_over_noise` = 7.6× the run-to-run
//!   noise)
//! - **B `wrong_bottleneck` "The synthetic benchmark is cache-friendly: it stresses the wrong
//!   bottleneck" (keyed)**
//! - C `harness` "A harness bug"
//! - D `model_size` "The model is too small to matter"
//!
//! **Act II reflection** (keyed B, "validate with production traffic and P99"): feedback
//! quotes `validity` and `batch_ratio`.
//!
//! **Failure state**: `validity_compromised` (danger: bench and production batches differ by
//! more than 10×). **On at defaults by design**: the story starts from the broken benchmark
//! (32 vs 1); it clears when the batches are brought within 10× (e.g. bench batch 8).
//! Design target: rank the vendors correctly (`rank_correct`): MLPerf-style benchmark with
//! matched batches (V = 0.80 × 0.76 = 0.61 > 0.46).
//!
//! **Ledger** (ch12): `serial_fraction` ← input `serial_pct` / 100; `num_processors` ← input
//! `processors`; `amdahl_speedup` ← `amdahl_speedup`; `act2_result` ← `validity`;
//! `act2_decision` ← input `benchmark`; `constraint_hit` ← `validity_compromised`;
//! `expected_speedup` ← `cto_expected_speedup`.

use crate::laws::scaling::{amdahl, amdahl_limit, gustafson};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100 training job)",
    },
    Choice {
        value: "edge",
        label: "Edge (Orin NX pipeline)",
    },
];

const BENCHMARKS: &[Choice] = &[
    Choice {
        value: "mlperf",
        label: "MLPerf Inference",
    },
    Choice {
        value: "synthetic",
        label: "Synthetic matmul",
    },
    Choice {
        value: "micro",
        label: "In-house microbenchmark",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "cloud",
        },
    },
    InputDef {
        name: "serial_pct",
        label: "Serial fraction",
        kind: InputKind::Range {
            min: 0.0,
            max: 50.0,
            step: 1.0,
            default: 15.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "processors",
        label: "GPUs",
        kind: InputKind::Range {
            min: 1.0,
            max: 1024.0,
            step: 1.0,
            default: 64.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "efficiency_pct",
        label: "Parallel efficiency",
        kind: InputKind::Range {
            min: 70.0,
            max: 100.0,
            step: 5.0,
            default: 90.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "benchmark",
        label: "Benchmark",
        kind: InputKind::Choice {
            options: BENCHMARKS,
            default: "synthetic",
        },
    },
    InputDef {
        name: "bench_batch",
        label: "Benchmark batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 512.0,
            step: 1.0,
            default: 32.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "prod_batch",
        label: "Production batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 512.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "divergence_pct",
        label: "Memory-access divergence from production",
        kind: InputKind::Range {
            min: 0.0,
            max: 100.0,
            step: 10.0,
            default: 60.0,
            unit: Unit::Percent,
        },
    },
];

/// Values of `diagnosis`.
const DIAGNOSES: &[Choice] = &[
    Choice {
        value: "valid",
        label: "the benchmark is valid",
    },
    Choice {
        value: "wrong_bottleneck",
        label: "the benchmark stresses the wrong bottleneck",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("amdahl_speedup", "Speedup (Amdahl)", Unit::Ratio),
    num("actual_speedup", "Speedup at this efficiency", Unit::Ratio),
    num("ceiling", "Ceiling 1 / serial", Unit::Ratio),
    num(
        "gustafson_speedup",
        "Scaled speedup (Gustafson)",
        Unit::Ratio,
    ),
    num("runtime_h", "New runtime (Amdahl)", Unit::Hours),
    num(
        "actual_runtime_h",
        "New runtime at this efficiency",
        Unit::Hours,
    ),
    num("baseline_h", "Runtime on one GPU", Unit::Hours),
    num("cto_expected_speedup", "CTO's expectation", Unit::Ratio),
    num("cto_runtime_h", "CTO's expected runtime", Unit::Hours),
    num(
        "parallel_efficiency_pct",
        "Speedup per GPU (S / N)",
        Unit::Percent,
    ),
    num(
        "context_serial_pct",
        "Serial fraction in this context",
        Unit::Percent,
    ),
    num("context_speedup", "Speedup in this context", Unit::Ratio),
    num("context_ceiling", "Ceiling in this context", Unit::Ratio),
    num("ceiling_at_2pct", "Ceiling at 2 % serial", Unit::Ratio),
    num("speedup_at_2pct", "Speedup at 2 % serial", Unit::Ratio),
    num("validity", "Benchmark validity V", Unit::None),
    num("batch_ratio", "Batch mismatch", Unit::Ratio),
    num("bench_a", "Benchmark score: vendor A", Unit::None),
    num("bench_b", "Benchmark score: vendor B", Unit::None),
    num("prod_a", "Production score: vendor A", Unit::None),
    num("prod_b", "Production score: vendor B", Unit::None),
    num("synthetic_a", "Synthetic score: vendor A", Unit::None),
    num("synthetic_b", "Synthetic score: vendor B", Unit::None),
    num(
        "prod_b_advantage_pct",
        "B's production advantage",
        Unit::Percent,
    ),
    num(
        "validity_crossover",
        "Validity needed to rank correctly",
        Unit::None,
    ),
    flag("rank_correct", "Benchmark ranks the vendors correctly"),
    choice("diagnosis", "Why the ranking is what it is", DIAGNOSES),
    num(
        "gap_over_noise",
        "Score gap ÷ run-to-run noise",
        Unit::Ratio,
    ),
    flag(
        "validity_compromised",
        "Benchmark batch differs by more than 10×",
    ),
    num(
        "context_prod_batch",
        "Largest production batch here",
        Unit::Samples,
    ),
];

/// The Act I job: 100 h on one GPU.
const BASELINE_H: f64 = 100.0;
/// Serial fraction of each context's workload (course figures, benchmarking).
const CLOUD_SERIAL: f64 = 0.15;
const EDGE_SERIAL: f64 = 0.25;
/// The reflection's target serial fraction after asynchronous loading and checkpointing.
const REFL_SERIAL: f64 = 0.02;
/// Synthetic benchmark scores and production truth: A loses 10 % in production, B is 20 %
/// faster than A there.
const SYNTH_A: f64 = 85.0;
const SYNTH_B: f64 = 72.0;
const PROD_A: f64 = SYNTH_A * 0.9;
const PROD_B: f64 = PROD_A * 1.2;
/// Run-to-run variation of a benchmark score (course figure, benchmarking: 1-3 %).
const NOISE: f64 = 0.02;
/// Beyond this batch mismatch a benchmark no longer stresses the production bottleneck.
const MAX_BATCH_RATIO: f64 = 10.0;

/// Base validity of each benchmark when run at production conditions (course figures).
fn base_validity(benchmark: &str) -> f64 {
    match benchmark {
        "mlperf" => 0.80,
        "micro" => 0.30,
        _ => 0.45,
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let p = 1.0 - i.n("serial_pct") / 100.0;
    let n = i.n("processors");
    let eta = i.n("efficiency_pct") / 100.0;
    let s = amdahl(p, n);
    // Imperfect scaling: the parallel part runs on n·η effective GPUs.
    let s_eff = amdahl(p, n * eta);
    let ctx_serial = if i.t("context") == "edge" {
        EDGE_SERIAL
    } else {
        CLOUD_SERIAL
    };
    o.num("amdahl_speedup", s)
        .num("actual_speedup", s_eff)
        .num("ceiling", amdahl_limit(p))
        .num("gustafson_speedup", gustafson(p, n))
        .num("runtime_h", BASELINE_H / s)
        .num("actual_runtime_h", BASELINE_H / s_eff)
        .num("baseline_h", BASELINE_H)
        .num("cto_expected_speedup", n)
        .num("cto_runtime_h", BASELINE_H / n)
        .num("parallel_efficiency_pct", 100.0 * s / n)
        .num("context_serial_pct", 100.0 * ctx_serial)
        .num("context_speedup", amdahl(1.0 - ctx_serial, n * eta))
        .num("context_ceiling", amdahl_limit(1.0 - ctx_serial))
        .num("ceiling_at_2pct", amdahl_limit(1.0 - REFL_SERIAL))
        .num("speedup_at_2pct", amdahl(1.0 - REFL_SERIAL, n));

    // Act II: validity shrinks with the batch mismatch (one decade loses 60 %) and with
    // divergent memory access (up to 40 %).
    let (bb, pb) = (i.n("bench_batch"), i.n("prod_batch"));
    let ratio = bb.max(pb) / bb.min(pb).max(1.0);
    let div = i.n("divergence_pct") / 100.0;
    let v =
        base_validity(i.t("benchmark")) * (1.0 - 0.6 * ratio.log10().min(1.0)) * (1.0 - 0.4 * div);
    let bench_a = v * PROD_A + (1.0 - v) * SYNTH_A;
    let bench_b = v * PROD_B + (1.0 - v) * SYNTH_B;
    let correct = bench_b > bench_a;
    // V·PROD_B + (1−V)·SYNTH_B = V·PROD_A + (1−V)·SYNTH_A.
    let crossover = (SYNTH_A - SYNTH_B) / ((PROD_B - SYNTH_B) + (SYNTH_A - PROD_A));
    o.num("validity", v)
        .num("batch_ratio", ratio)
        .num("bench_a", bench_a)
        .num("bench_b", bench_b)
        .num("prod_a", PROD_A)
        .num("prod_b", PROD_B)
        .num("synthetic_a", SYNTH_A)
        .num("synthetic_b", SYNTH_B)
        .num("prod_b_advantage_pct", 100.0 * (PROD_B / PROD_A - 1.0))
        .num("validity_crossover", crossover)
        .flag("rank_correct", correct)
        .text(
            "diagnosis",
            if correct { "valid" } else { "wrong_bottleneck" },
        )
        .num("gap_over_noise", (SYNTH_A - SYNTH_B) / (NOISE * SYNTH_A))
        .flag("validity_compromised", ratio > MAX_BATCH_RATIO)
        .num(
            "context_prod_batch",
            if i.t("context") == "edge" { 1.0 } else { 8.0 },
        );
    o
}

/// The Lab 12 model.
pub const MODEL: Model = Model {
    id: "v1-12",
    title: "The Speedup Ceiling",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::option_check::closest_log;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn act1_amdahl_gives_about_six() {
        let o = eval(&[]);
        // 1 / (0.15 + 0.85 / 64) = 1 / 0.163281 = 6.124×.
        let s = o.n("amdahl_speedup");
        assert!((s - 6.124).abs() < 1e-3);
        assert_eq!(closest_log(s, &[64.0, 54.6, 6.1, 2.0]), 2);
        // 100 h / 6.124 = 16.33 h; ceiling 1 / 0.15 = 6.67×; the CTO hoped for 1.5625 h.
        assert!((o.n("runtime_h") - 16.328).abs() < 1e-3);
        assert!((o.n("ceiling") - 6.6667).abs() < 1e-4);
        assert!((o.n("cto_runtime_h") - 1.5625).abs() < 1e-12);
        // A is 64 / 6.124 = 10.45× too optimistic; B is Gustafson's 0.15 + 0.85 × 64 = 54.55.
        assert!((64.0 / s - 10.45).abs() < 0.01);
        assert!((o.n("gustafson_speedup") - 54.55).abs() < 1e-9);
        // S / N = 6.124 / 64 = 9.57 %.
        assert!((o.n("parallel_efficiency_pct") - 9.57).abs() < 0.01);
        // At 90 % efficiency: 1 / (0.15 + 0.85 / 57.6) = 1 / 0.164757 = 6.070×.
        assert!((o.n("actual_speedup") - 6.0696).abs() < 1e-4);
    }

    #[test]
    fn act1_reflection_and_context() {
        let o = eval(&[]);
        // 2 % serial: ceiling 50×; at 64 GPUs 1 / (0.02 + 0.98 / 64) = 28.32×.
        assert!((o.n("ceiling_at_2pct") - 50.0).abs() < 1e-9);
        assert!((o.n("speedup_at_2pct") - 28.32).abs() < 0.01);
        // Edge: 25 % serial, 1 / (0.25 + 0.75 / 57.6) = 3.80× at 64 GPUs and 90 %; ceiling 4×.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!((o.n("context_speedup") - 3.802).abs() < 1e-3);
        assert!((o.n("context_ceiling") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn act1_monotonic() {
        let mut prev = 0.0;
        for n in [1.0, 2.0, 8.0, 64.0, 512.0, 1024.0] {
            let s = eval(&[("processors", Value::Num(n))]).n("amdahl_speedup");
            assert!(s >= prev && s <= 1.0 / 0.15 + 1e-9);
            prev = s;
        }
        let mut prev = f64::INFINITY;
        for sp in [0.0, 5.0, 15.0, 25.0, 50.0] {
            let s = eval(&[("serial_pct", Value::Num(sp))]).n("amdahl_speedup");
            assert!(s <= prev);
            prev = s;
        }
        // 0 % serial is linear: 64×.
        assert!((eval(&[("serial_pct", Value::Num(0.0))]).n("amdahl_speedup") - 64.0).abs() < 1e-9);
    }

    #[test]
    fn act2_default_benchmark_ranks_wrong() {
        let o = eval(&[]);
        // r = 32: 1 − 0.6 × min(log10 32, 1) = 0.4; divergence 60 %: 0.76; V = 0.45 × 0.4 × 0.76 = 0.1368.
        assert!((o.n("validity") - 0.1368).abs() < 1e-9);
        assert_eq!(o.get("rank_correct"), Some(Value::Bool(false)));
        assert_eq!(o.get("diagnosis"), Some(Value::Text("wrong_bottleneck")));
        // B is 20 % faster in production: 91.8 vs 76.5.
        assert!((o.n("prod_b_advantage_pct") - 20.0).abs() < 1e-9);
        // Crossover 13 / (19.8 + 8.5) = 0.4594.
        assert!((o.n("validity_crossover") - 0.459_36).abs() < 1e-5);
        // A (noise): the 13-point gap is 13 / (0.02 × 85) = 7.6× the run-to-run noise.
        assert!((o.n("gap_over_noise") - 7.647).abs() < 1e-3);
        // The failure is on at defaults (32 vs 1).
        assert_eq!(o.get("validity_compromised"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_failure_clears_and_target_is_reachable() {
        let o = eval(&[("bench_batch", Value::Num(8.0))]);
        assert_eq!(o.get("validity_compromised"), Some(Value::Bool(false)));
        let o = eval(&[("bench_batch", Value::Num(11.0))]);
        assert_eq!(o.get("validity_compromised"), Some(Value::Bool(true)));
        // MLPerf, matched batches: V = 0.8 × 1 × 0.76 = 0.608 > 0.459: B ranks first.
        let o = eval(&[
            ("benchmark", Value::Text("mlperf")),
            ("bench_batch", Value::Num(1.0)),
        ]);
        assert!((o.n("validity") - 0.608).abs() < 1e-9);
        assert_eq!(o.get("rank_correct"), Some(Value::Bool(true)));
        assert!(o.n("bench_b") > o.n("bench_a"));
        // A synthetic matmul never gets there: 0.45 < 0.459 even with everything matched.
        let o = eval(&[
            ("bench_batch", Value::Num(1.0)),
            ("divergence_pct", Value::Num(0.0)),
        ]);
        assert_eq!(o.get("rank_correct"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_validity_falls_with_mismatch() {
        let mut prev = f64::INFINITY;
        for b in [1.0, 2.0, 4.0, 10.0, 32.0, 512.0] {
            let v = eval(&[("bench_batch", Value::Num(b))]).n("validity");
            assert!(v <= prev);
            prev = v;
        }
        let mut prev = f64::INFINITY;
        for d in [0.0, 30.0, 60.0, 100.0] {
            let v = eval(&[("divergence_pct", Value::Num(d))]).n("validity");
            assert!(v < prev);
            prev = v;
        }
    }
}
