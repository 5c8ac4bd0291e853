//! Vol 1 Lab 16, "The Architect's Audit" (capstone): the ledger of Labs 01-15 shows which
//! invariant the student's intuition missed most (Act I), and a 7 B-parameter LLM service
//! spread over cloud, edge, mobile and TinyML tiers must satisfy every invariant at once
//! (Act II).
//!
//! # Chapter contract
//!
//! **Contexts**: all four tiers at once; there is no context toggle.
//!
//! **Act I inputs** stand for the ledger, and the chapter's `lab recall` boxes feed them from
//! the student's records: for each lab `NN` in 01-15, `chNN_context` (its `context`; `none`,
//! the default, = lab not done), `chNN_act1` (on/off: its boolean `act1_correct`; a lab
//! recorded without a locked Act I prediction counts as missed) and `chNN_hit` (its
//! `constraint_hit`; Lab 04's `data_gravity_triggered`, Lab 06's `quadratic_oom_triggered`);
//! `ch13_p99_ms` is Lab 13's `act2_result` (0 when absent). Lab 10's and Lab 14's
//! `act2_decision` strings are shown as hints straight from the ledger; the model does not
//! need them.
//!
//! **Act I prediction** "Which law did your intuition miss most?", checked against the text
//! output `act1_answer`, derived from the ledger (keyed option = whichever it names):
//! - A `memory_bandwidth` "Memory bandwidth (Iron Law, Memory Wall, Roofline)"
//! - B `queueing` "Queueing (Little's law)"
//! - C `serial_fraction` "The serial fraction (Amdahl)"
//! - D `drift` "Drift and fairness"
//!
//! The weakest invariant (`weakest_invariant`) is the one with the lowest Act I success
//! rate, labs mapped as Iron Law [02], Memory Wall [05, 08], Amdahl [06, 12], Roofline
//! [07, 11], Little [13], Drift [03, 14], Fairness [15] (01, 04, 09, 10 unmapped); an
//! invariant without data counts 50 %; ties go to the Memory Wall, then in that order. An
//! empty ledger therefore gives A. A prediction's keyed answer is fixed when the book is
//! built, so the chapter asks this question about a sample ledger (a scenario of these
//! inputs) and shows the student's own answer live, from the recalled records.
//!
//! **Act II scenario**: Llama 2 7B (6.74 B parameters, 13.5 GB in FP16; the catalog's
//! `LLAMA2_7B_*`, as in Lab 00) serving 1,000 req/s of 256-token answers, 60 / 25 / 14 / 1 % of
//! traffic on cloud / edge / mobile / TinyML; SLO: P99 time per output token under 100 ms on
//! every LLM tier. Decode is memory-bound: each step reads the weights and every active
//! stream's KV cache once, plus the device's launch overhead (Iron Law; Lab 00's interface
//! tour is the same step on one H100 at 8 streams and 4,096 tokens: 9.27 ms). Cloud replicas
//! of `h100_count` H100s hold 8 / 32 / 128 concurrent streams with static / dynamic /
//! continuous batching; edge (Orin NX) and mobile (A17-class) serve one stream. The TinyML
//! tier (Cortex-M7, 512 KiB SRAM) runs a ternary trigger model of `tiny_params` parameters.
//! Defaults: 2 H100s FP16, edge INT8, mobile INT4, dynamic batching, 2,048-token context,
//! retraining every 30 days, 10-point fairness gap, a 10 M-parameter TinyML model.
//!
//! **Act II prediction** "Which tier is hardest to make feasible?", checked against the text
//! output `hardest_tier` (the tier with the largest need ÷ limit over memory and latency):
//! - A `cloud` "Cloud: out of memory at FP16" (uses `cloud_mem_pct` = 29.9 % of its HBM)
//! - B `edge` "Edge: latency" (`edge_tpot_ms` = 71.6 ms of the 100 ms budget)
//! - C `mobile` "Mobile: out of memory at any quantization" (INT8 needs 7.3 of 8 GB)
//! - **D `tiny` "TinyML: even ternary weights do not fit" (keyed; 1.98 MB in 512 KiB,
//!   `tiny_over` = 3.8×)**
//!
//! **Failure states** (danger): `cloud_oom`, `edge_oom`, `mobile_oom`, `tiny_oom`,
//! `latency_violated` (worst tier over 100 ms per token), `fairness_violated` (allowed gap
//! over 10 points, Lab 15's threshold); (warn): `accuracy_low` (under 85 %), `drift_low`
//! (under 88 % just before retraining). **`tiny_oom` is on at defaults by design** (the
//! prediction's answer); every failure clears with `tiny_params` ≤ 2.6 M, after which
//! `system_valid` holds. The cost target ($0.001 per request) is met everywhere in range
//! (`cost_ok`): memory-bound decode costs at most ~$0.0004 per request, so it is a card, not a
//! failure.
//!
//! **Ledger** (ch16): `context` = "all"; `cloud_hardware` ← input `h100_count`;
//! `quantization_strategy` ← inputs `cloud_quant`, `edge_quant`, `mobile_quant`;
//! `serving_strategy` ← input `serving`; `total_cost_per_req` ← `cost_per_req_usd`;
//! `p99_latency_ms` ← `worst_tpot_ms`; `retraining_cadence_days` ← input `retrain_days`;
//! `fairness_threshold_pct` ← input `fairness_gap_pp`; `act1_correct` ← the choice equals
//! `act1_answer`; `act2_correct` ← the choice equals `hardest_tier`; `act2_result` ←
//! `feasibility`; `constraint_hit` ← `constraint_hit` (= not `system_valid`); `system_valid`;
//! `labs_completed` ← `labs_done`; `pct_correct` ← `pct_correct`; `weakest_invariant` ←
//! `weakest_invariant`.

use crate::catalog::{
    CORTEX_M7, Device, H100, H100_INT8_DENSE, H100_USD_PER_HOUR, LLAMA2_7B_HEAD_DIM,
    LLAMA2_7B_HEADS, LLAMA2_7B_LAYERS, LLAMA2_7B_PARAMS, ORIN_NX, ORIN_NX_FP16_DENSE,
    ORIN_NX_INT8_DENSE, PHONE_NPU, TERNARY_BITS,
};
use crate::labs::v1_15::{GAP_THRESHOLD_PP, SCENARIO_RATE_GAP_PP, criterion};
use crate::laws::IronLaw;
use crate::laws::memory::kv_cache;
use crate::laws::queueing::little_l;
use crate::laws::scaling::amdahl_limit;
use crate::model::{Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, flag, num};
use crate::units::{Bytes, FlopRate, Flops, Seconds};

const LAB_CONTEXTS: &[Choice] = &[
    Choice {
        value: "none",
        label: "Not recorded",
    },
    Choice {
        value: "cloud",
        label: "Cloud",
    },
    Choice {
        value: "edge",
        label: "Edge",
    },
    Choice {
        value: "mobile",
        label: "Mobile",
    },
    Choice {
        value: "tiny",
        label: "TinyML",
    },
];

const QUANT_BIG: &[Choice] = &[
    Choice {
        value: "fp16",
        label: "FP16",
    },
    Choice {
        value: "int8",
        label: "INT8",
    },
    Choice {
        value: "int4",
        label: "INT4",
    },
];

const QUANT_MOBILE: &[Choice] = &[
    Choice {
        value: "int8",
        label: "INT8",
    },
    Choice {
        value: "int4",
        label: "INT4",
    },
    Choice {
        value: "ternary",
        label: "Ternary (1.58 bit)",
    },
];

const SERVING: &[Choice] = &[
    Choice {
        value: "static",
        label: "Static batching",
    },
    Choice {
        value: "dynamic",
        label: "Dynamic batching",
    },
    Choice {
        value: "continuous",
        label: "Continuous batching",
    },
];

const fn range(
    name: &'static str,
    label: &'static str,
    (min, max, step, default): (f64, f64, f64, f64),
    unit: Unit,
) -> InputDef {
    InputDef {
        name,
        label,
        kind: InputKind::Range {
            min,
            max,
            step,
            default,
            unit,
        },
    }
}

const fn choice(
    name: &'static str,
    label: &'static str,
    options: &'static [Choice],
    default: &'static str,
) -> InputDef {
    InputDef {
        name,
        label,
        kind: InputKind::Choice { options, default },
    }
}

/// The ledger inputs of each prior lab, then the Act II controls.
macro_rules! inputs {
    ($($n:literal),* ; $($rest:expr),* $(,)?) => {
        const INPUTS: &[InputDef] = &[
            $(
                InputDef {
                    name: concat!("ch", $n, "_act1"),
                    label: concat!("Lab ", $n, ": Act I predicted correctly"),
                    kind: InputKind::Toggle { default: false },
                },
                InputDef {
                    name: concat!("ch", $n, "_hit"),
                    label: concat!("Lab ", $n, ": a constraint was hit"),
                    kind: InputKind::Toggle { default: false },
                },
                choice(
                    concat!("ch", $n, "_context"),
                    concat!("Lab ", $n, ": context"),
                    LAB_CONTEXTS,
                    "none",
                ),
            )*
            $($rest),*
        ];
    };
}

inputs!(
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15";
    range(
        "ch13_p99_ms",
        "Lab 13: P99 saved",
        (0.0, 10_000_000.0, 1.0, 0.0),
        Unit::Ms,
    ),
    range("h100_count", "H100s per cloud replica", (1.0, 8.0, 1.0, 2.0), Unit::Gpus),
    choice("cloud_quant", "Cloud precision", QUANT_BIG, "fp16"),
    choice("edge_quant", "Edge precision", QUANT_BIG, "int8"),
    choice("mobile_quant", "Mobile precision", QUANT_MOBILE, "int4"),
    choice("serving", "Cloud serving", SERVING, "dynamic"),
    range(
        "context_tokens",
        "Context length",
        (512.0, 8192.0, 512.0, 2048.0),
        Unit::Tokens,
    ),
    range(
        "retrain_days",
        "Retraining interval",
        (1.0, 90.0, 1.0, 30.0),
        Unit::Days,
    ),
    range(
        "fairness_gap_pp",
        "Allowed equalized-odds gap",
        (0.0, 20.0, 1.0, 10.0),
        Unit::Pp,
    ),
    range(
        "tiny_params",
        "TinyML trigger model size",
        (100_000.0, 10_000_000.0, 100_000.0, 10_000_000.0),
        Unit::Params,
    ),
);

/// Values of `favourite_context`.
const FAVOURITES: &[Choice] = &[
    Choice {
        value: "none",
        label: "none yet",
    },
    Choice {
        value: "cloud",
        label: "cloud",
    },
    Choice {
        value: "edge",
        label: "edge",
    },
    Choice {
        value: "mobile",
        label: "mobile",
    },
    Choice {
        value: "tiny",
        label: "TinyML",
    },
];

/// Values of `weakest_invariant`: the keys of `INVARIANTS`.
const INVARIANT_NAMES: &[Choice] = &[
    Choice {
        value: "memory_wall",
        label: "Memory Wall",
    },
    Choice {
        value: "iron_law",
        label: "Iron Law",
    },
    Choice {
        value: "roofline",
        label: "Roofline",
    },
    Choice {
        value: "amdahl",
        label: "Amdahl's law",
    },
    Choice {
        value: "little",
        label: "Little's law",
    },
    Choice {
        value: "drift",
        label: "drift",
    },
    Choice {
        value: "fairness",
        label: "fairness",
    },
];

/// Values of `act1_answer`.
const ANSWERS: &[Choice] = &[
    Choice {
        value: "memory_bandwidth",
        label: "memory bandwidth",
    },
    Choice {
        value: "queueing",
        label: "queueing",
    },
    Choice {
        value: "serial_fraction",
        label: "the serial fraction",
    },
    Choice {
        value: "drift",
        label: "drift and fairness",
    },
];

/// Values of `hardest_tier`.
const HARDEST_TIERS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "cloud",
    },
    Choice {
        value: "edge",
        label: "edge",
    },
    Choice {
        value: "mobile",
        label: "mobile",
    },
    Choice {
        value: "tiny",
        label: "TinyML",
    },
];

/// Values of `feasibility`.
const FEASIBILITY: &[Choice] = &[
    Choice {
        value: "feasible",
        label: "feasible",
    },
    Choice {
        value: "infeasible",
        label: "infeasible",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("labs_done", "Labs completed", Unit::None),
    num("pct_correct", "Act I predictions right", Unit::Percent),
    num("constraint_failures", "Constraints hit", Unit::None),
    num("labs_cloud", "Labs in the cloud context", Unit::None),
    num("labs_edge", "Labs in the edge context", Unit::None),
    num("labs_mobile", "Labs in the mobile context", Unit::None),
    num("labs_tiny", "Labs in the TinyML context", Unit::None),
    crate::model::choice("favourite_context", "Most used context", FAVOURITES),
    num(
        "iron_law_correct_pct",
        "Iron Law: predictions right",
        Unit::Percent,
    ),
    num(
        "memory_wall_correct_pct",
        "Memory Wall: predictions right",
        Unit::Percent,
    ),
    num(
        "amdahl_correct_pct",
        "Amdahl: predictions right",
        Unit::Percent,
    ),
    num(
        "roofline_correct_pct",
        "Roofline: predictions right",
        Unit::Percent,
    ),
    num(
        "little_correct_pct",
        "Little's law: predictions right",
        Unit::Percent,
    ),
    num(
        "drift_correct_pct",
        "Drift: predictions right",
        Unit::Percent,
    ),
    num(
        "fairness_correct_pct",
        "Fairness: predictions right",
        Unit::Percent,
    ),
    num(
        "iron_law_hit_pct",
        "Iron Law: constraints hit",
        Unit::Percent,
    ),
    num(
        "memory_wall_hit_pct",
        "Memory Wall: constraints hit",
        Unit::Percent,
    ),
    num("amdahl_hit_pct", "Amdahl: constraints hit", Unit::Percent),
    num(
        "roofline_hit_pct",
        "Roofline: constraints hit",
        Unit::Percent,
    ),
    num(
        "little_hit_pct",
        "Little's law: constraints hit",
        Unit::Percent,
    ),
    num("drift_hit_pct", "Drift: constraints hit", Unit::Percent),
    num(
        "fairness_hit_pct",
        "Fairness: constraints hit",
        Unit::Percent,
    ),
    crate::model::choice("weakest_invariant", "Weakest invariant", INVARIANT_NAMES),
    crate::model::choice("act1_answer", "The law your intuition missed most", ANSWERS),
    flag("ch13_p99_warn", "Lab 13's saved P99 is over 200 ms"),
    num("cloud_gb", "Cloud: memory per replica", Unit::Gb),
    num("cloud_capacity_gb", "Cloud: HBM per replica", Unit::Gb),
    // Need ÷ capacity: above 100 % the replica is out of memory.
    num("cloud_mem_pct", "Cloud: memory needed ÷ HBM", Unit::Percent).unbounded(),
    num("cloud_streams", "Cloud: concurrent streams", Unit::None),
    num("cloud_tpot_ms", "Cloud: time per token", Unit::Ms),
    flag("cloud_oom", "Cloud out of memory"),
    num("edge_gb", "Edge: memory", Unit::Gb),
    num("edge_capacity_gb", "Edge: memory available", Unit::Gb),
    num("edge_tpot_ms", "Edge: time per token", Unit::Ms),
    flag("edge_oom", "Edge out of memory"),
    num("mobile_gb", "Mobile: memory", Unit::Gb),
    num("mobile_capacity_gb", "Mobile: memory available", Unit::Gb),
    num("mobile_tpot_ms", "Mobile: time per token", Unit::Ms),
    flag("mobile_oom", "Mobile out of memory"),
    num("tiny_kib", "TinyML: model size", Unit::Kib),
    num("tiny_capacity_kib", "TinyML: SRAM", Unit::Kib),
    num("tiny_over", "TinyML: model ÷ SRAM", Unit::Ratio),
    num("tiny_ms", "TinyML: trigger inference time", Unit::Ms),
    flag("tiny_oom", "TinyML out of memory"),
    num(
        "tiny_max_params",
        "Largest trigger model that fits",
        Unit::Params,
    ),
    num("worst_tpot_ms", "Slowest tier, time per token", Unit::Ms),
    num("slo_ms", "Per-token SLO", Unit::Ms),
    flag("latency_violated", "A tier misses the per-token SLO"),
    crate::model::choice("hardest_tier", "Hardest tier", HARDEST_TIERS),
    num("cost_per_req_usd", "Cloud cost per request", Unit::Usd),
    flag("cost_ok", "Under $0.001 per request"),
    num("cloud_rps", "Cloud traffic", Unit::RequestsPerS),
    num(
        "replica_rps",
        "Requests per cloud replica",
        Unit::RequestsPerS,
    ),
    num(
        "cloud_gpus_needed",
        "H100s for the cloud traffic",
        Unit::Gpus,
    ),
    num("fleet_usd_per_hour", "Cloud fleet cost", Unit::UsdPerHour),
    num(
        "in_flight",
        "Cloud requests in flight (L = λW)",
        Unit::Requests,
    ),
    num("accuracy_pct", "Accuracy (worst tier)", Unit::Percent),
    num(
        "post_drift_pct",
        "Accuracy before retraining",
        Unit::Percent,
    ),
    num("quant_loss_pp", "Quantization loss (worst tier)", Unit::Pp),
    num("fairness_cost_pp", "Accuracy spent on fairness", Unit::Pp),
    num("drift_loss_pp", "Drift loss between retrainings", Unit::Pp),
    flag("fairness_violated", "Allowed gap above 10 points"),
    flag("accuracy_low", "Accuracy under 85 %"),
    flag("drift_low", "Accuracy under 88 % before retraining"),
    flag("system_valid", "Every hard constraint holds"),
    flag("constraint_hit", "A hard constraint fails"),
    crate::model::choice("feasibility", "Feasibility", FEASIBILITY),
    num(
        "decode_ai",
        "Decode arithmetic intensity (cloud step, all streams)",
        Unit::FlopPerByte,
    ),
    num("cloud_ridge", "H100 ridge point at the cloud precision", Unit::FlopPerByte),
    num(
        "amdahl_ceiling_5pct",
        "Amdahl ceiling at 5 % serial",
        Unit::Ratio,
    ),
    num(
        "amdahl_ceiling_10pct",
        "Amdahl ceiling at 10 % serial",
        Unit::Ratio,
    ),
];

/// Labs mapped to each invariant, in tie-break order (Memory Wall first, so an empty ledger
/// points at memory bandwidth).
const INVARIANTS: [(&str, &[u32]); 7] = [
    ("memory_wall", &[5, 8]),
    ("iron_law", &[2]),
    ("roofline", &[7, 11]),
    ("amdahl", &[6, 12]),
    ("little", &[13]),
    ("drift", &[3, 14]),
    ("fairness", &[15]),
];

/// Act II service.
const TOTAL_RPS: f64 = 1_000.0;
const CLOUD_SHARE: f64 = 0.60;
const ANSWER_TOKENS: f64 = 256.0;
const SLO: Seconds = Seconds::ms(100.0);
const COST_TARGET: f64 = 0.001;
/// Task accuracy of the FP16 model before compression, fairness constraints and drift.
const BASE_ACCURACY: f64 = 95.0;
/// Accuracy lost per day without retraining (0.1 point a day: 3 points at 30 days).
const DRIFT_PP_PER_DAY: f64 = 0.1;
const ACC_WARN: f64 = 85.0;
const DRIFT_WARN: f64 = 88.0;

/// Bytes per weight, and bytes per KV value (ternary keeps an INT4 KV cache).
fn precision(key: &str) -> (f64, f64) {
    match key {
        "fp16" => (2.0, 2.0),
        "int8" => (1.0, 1.0),
        "ternary" => (TERNARY_BITS.value / 8.0, 0.5),
        _ => (0.5, 0.5),
    }
}

/// Accuracy lost to each precision (course figures, conclusion).
fn quant_loss(key: &str) -> f64 {
    match key {
        "fp16" => 0.0,
        "int8" => 0.4,
        "ternary" => 12.0,
        _ => 2.5,
    }
}

fn streams(serving: &str) -> f64 {
    match serving {
        "static" => 8.0,
        "continuous" => 128.0,
        _ => 32.0,
    }
}

/// Memory needed and time per output token for `streams` concurrent streams of Llama 2 7B
/// at `quant` on `gpus` × `dev` (bandwidth and compute add up; `peak` is the device's
/// dense rate in the precision the weights run at): the Iron Law of one decode step, the
/// same law and model as Lab 00's interface tour (each step reads the weights and every
/// stream's KV cache once, does 2 FLOPs per parameter per stream, and pays the device's
/// launch overhead once).
fn decode(
    quant: &str,
    tokens: f64,
    streams: f64,
    dev: &Device,
    gpus: f64,
    peak: FlopRate,
) -> (Bytes, Seconds) {
    let (wb, kb) = precision(quant);
    let weights = Bytes::new(LLAMA2_7B_PARAMS.value * wb);
    let kv = kv_cache(
        LLAMA2_7B_LAYERS.value,
        LLAMA2_7B_HEADS.value,
        LLAMA2_7B_HEAD_DIM.value,
        tokens,
        streams,
        kb,
    );
    let need = weights + kv;
    let step = IronLaw::new(
        need,
        dev.mem_bw.value * gpus,
        Flops::new(2.0 * LLAMA2_7B_PARAMS.value * streams),
        peak * gpus,
        1.0,
        dev.overhead.value,
    );
    (need, step.total())
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: the report card.
    let (mut done, mut correct, mut hits) = (0.0, 0.0, 0.0);
    let mut per_context = [0.0; 4];
    for lab in 1..=15 {
        if i.t(&format!("ch{lab:02}_context")) == "none" {
            continue;
        }
        done += 1.0;
        correct += f64::from(u8::from(i.b(&format!("ch{lab:02}_act1"))));
        hits += f64::from(u8::from(i.b(&format!("ch{lab:02}_hit"))));
        match i.t(&format!("ch{lab:02}_context")) {
            "cloud" => per_context[0] += 1.0,
            "edge" => per_context[1] += 1.0,
            "mobile" => per_context[2] += 1.0,
            "tiny" => per_context[3] += 1.0,
            _ => {}
        }
    }
    let names = ["cloud", "edge", "mobile", "tiny"];
    let mut favourite = "none";
    let mut most = 0.0;
    for (k, n) in per_context.iter().enumerate() {
        if *n > most {
            most = *n;
            favourite = names[k];
        }
    }
    o.num("labs_done", done)
        .num(
            "pct_correct",
            if done > 0.0 {
                100.0 * correct / done
            } else {
                0.0
            },
        )
        .num("constraint_failures", hits)
        .num("labs_cloud", per_context[0])
        .num("labs_edge", per_context[1])
        .num("labs_mobile", per_context[2])
        .num("labs_tiny", per_context[3])
        .text("favourite_context", favourite);
    let mut weakest = ("memory_wall", f64::INFINITY);
    for (inv, labs) in INVARIANTS {
        let (mut n, mut ok, mut hit) = (0.0, 0.0, 0.0);
        for lab in labs {
            if i.t(&format!("ch{lab:02}_context")) != "none" {
                n += 1.0;
                ok += f64::from(u8::from(i.b(&format!("ch{lab:02}_act1"))));
                hit += f64::from(u8::from(i.b(&format!("ch{lab:02}_hit"))));
            }
        }
        let rate = if n > 0.0 { ok / n } else { 0.5 };
        let hit_rate = if n > 0.0 { hit / n } else { 0.0 };
        if rate < weakest.1 {
            weakest = (inv, rate);
        }
        let (c, h) = match inv {
            "memory_wall" => ("memory_wall_correct_pct", "memory_wall_hit_pct"),
            "iron_law" => ("iron_law_correct_pct", "iron_law_hit_pct"),
            "roofline" => ("roofline_correct_pct", "roofline_hit_pct"),
            "amdahl" => ("amdahl_correct_pct", "amdahl_hit_pct"),
            "little" => ("little_correct_pct", "little_hit_pct"),
            "drift" => ("drift_correct_pct", "drift_hit_pct"),
            _ => ("fairness_correct_pct", "fairness_hit_pct"),
        };
        o.num(c, 100.0 * rate).num(h, 100.0 * hit_rate);
    }
    let answer = match weakest.0 {
        "little" => "queueing",
        "amdahl" => "serial_fraction",
        "drift" | "fairness" => "drift",
        _ => "memory_bandwidth",
    };
    o.text("weakest_invariant", weakest.0)
        .text("act1_answer", answer)
        .flag("ch13_p99_warn", i.n("ch13_p99_ms") > 200.0);

    // Act II: each tier against its memory and the per-token SLO.
    let tokens = i.n("context_tokens");
    let n = i.n("h100_count");
    let cq = i.t("cloud_quant");
    let cloud_peak = if cq == "fp16" {
        H100.peak.value
    } else {
        H100_INT8_DENSE.value
    };
    let b = streams(i.t("serving"));
    let (cloud_need, cloud_t) = decode(cq, tokens, b, &H100, n, cloud_peak);
    let cloud_cap = H100.memory.value * n;
    let eq = i.t("edge_quant");
    let edge_peak = if eq == "fp16" {
        ORIN_NX_FP16_DENSE.value
    } else {
        ORIN_NX_INT8_DENSE.value
    };
    let (edge_need, edge_t) = decode(eq, tokens, 1.0, &ORIN_NX, 1.0, edge_peak);
    let mq = i.t("mobile_quant");
    let (mobile_need, mobile_t) =
        decode(mq, tokens, 1.0, &PHONE_NPU, 1.0, PHONE_NPU.peak.value);
    // TinyML trigger: ternary weights in SRAM, one pass per audio window.
    let tiny_params = i.n("tiny_params");
    let tiny_need = Bytes::new(tiny_params * TERNARY_BITS.value / 8.0);
    let tiny_cap = CORTEX_M7.memory.value;
    let tiny = IronLaw::new(
        tiny_need,
        CORTEX_M7.mem_bw.value,
        Flops::new(2.0 * tiny_params),
        CORTEX_M7.peak.value,
        1.0,
        CORTEX_M7.overhead.value,
    );
    let (cloud_oom, edge_oom) = (cloud_need > cloud_cap, edge_need > ORIN_NX.memory.value);
    let mobile_oom = mobile_need > PHONE_NPU.memory.value;
    let tiny_oom = tiny_need > tiny_cap;
    let worst = cloud_t.max(edge_t).max(mobile_t);
    let latency_violated = worst > SLO;
    // Hardest tier: the largest need ÷ limit over memory and latency.
    let strain = [
        ("cloud", (cloud_need / cloud_cap).max(cloud_t / SLO)),
        ("edge", (edge_need / ORIN_NX.memory.value).max(edge_t / SLO)),
        (
            "mobile",
            (mobile_need / PHONE_NPU.memory.value).max(mobile_t / SLO),
        ),
        ("tiny", tiny_need / tiny_cap),
    ];
    let hardest = strain
        .iter()
        .fold(("cloud", f64::NEG_INFINITY), |best, &(t, s)| {
            if s > best.1 { (t, s) } else { best }
        })
        .0;
    o.num("cloud_gb", cloud_need.as_gb())
        .num("cloud_capacity_gb", cloud_cap.as_gb())
        .num("cloud_mem_pct", 100.0 * (cloud_need / cloud_cap))
        .num("cloud_streams", b)
        .num("cloud_tpot_ms", cloud_t.as_ms())
        .flag("cloud_oom", cloud_oom)
        .num("edge_gb", edge_need.as_gb())
        .num("edge_capacity_gb", ORIN_NX.memory.value.as_gb())
        .num("edge_tpot_ms", edge_t.as_ms())
        .flag("edge_oom", edge_oom)
        .num("mobile_gb", mobile_need.as_gb())
        .num("mobile_capacity_gb", PHONE_NPU.memory.value.as_gb())
        .num("mobile_tpot_ms", mobile_t.as_ms())
        .flag("mobile_oom", mobile_oom)
        .num("tiny_kib", tiny_need.as_kib())
        .num("tiny_capacity_kib", tiny_cap.as_kib())
        .num("tiny_over", tiny_need / tiny_cap)
        .num("tiny_ms", tiny.total().as_ms())
        .flag("tiny_oom", tiny_oom)
        .num(
            "tiny_max_params",
            tiny_cap.as_bytes() * 8.0 / TERNARY_BITS.value,
        )
        .num("worst_tpot_ms", worst.as_ms())
        .num("slo_ms", SLO.as_ms())
        .flag("latency_violated", latency_violated)
        .text("hardest_tier", hardest);

    // Cost and fleet: a replica finishes `b` answers of 256 tokens every 256 steps.
    let replica_rps = b / (ANSWER_TOKENS * cloud_t.as_s());
    let cost = n * H100_USD_PER_HOUR.value / 3600.0 / replica_rps;
    let cloud_rps = TOTAL_RPS * CLOUD_SHARE;
    let replicas = (cloud_rps / replica_rps).ceil();
    o.num("cost_per_req_usd", cost)
        .flag("cost_ok", cost <= COST_TARGET)
        .num("cloud_rps", cloud_rps)
        .num("replica_rps", replica_rps)
        .num("cloud_gpus_needed", replicas * n)
        .num("fleet_usd_per_hour", replicas * n * H100_USD_PER_HOUR.value)
        .num("in_flight", little_l(cloud_rps, cloud_t * ANSWER_TOKENS));

    // Accuracy: the worst LLM tier's quantization, fairness enforced below the
    // accuracy-only gap (Lab 15's scenario), and drift between retrainings.
    let q_loss = [cq, eq, mq]
        .iter()
        .map(|q| quant_loss(q))
        .fold(0.0, f64::max);
    let (acc_only, k_acc_only) = criterion("accuracy_only");
    let (acc_eo, k_eo) = criterion("equalized_odds");
    let gap_acc_only = k_acc_only * SCENARIO_RATE_GAP_PP;
    let gap_eo = k_eo * SCENARIO_RATE_GAP_PP;
    // Closing the gap from 11.4 to 3.6 points costs 3.0 points of accuracy (Lab 15).
    let slope = (acc_only - acc_eo) / (gap_acc_only - gap_eo);
    let allowed = i.n("fairness_gap_pp");
    let fair_cost = slope * (gap_acc_only - allowed).max(0.0);
    let acc = BASE_ACCURACY - q_loss - fair_cost;
    let drift = DRIFT_PP_PER_DAY * i.n("retrain_days");
    let fairness_violated = allowed > GAP_THRESHOLD_PP;
    let valid =
        !(cloud_oom || edge_oom || mobile_oom || tiny_oom || latency_violated || fairness_violated);
    o.num("accuracy_pct", acc)
        .num("post_drift_pct", acc - drift)
        .num("quant_loss_pp", q_loss)
        .num("fairness_cost_pp", fair_cost)
        .num("drift_loss_pp", drift)
        .flag("fairness_violated", fairness_violated)
        .flag("accuracy_low", acc < ACC_WARN)
        .flag("drift_low", acc - drift < DRIFT_WARN)
        .flag("system_valid", valid)
        .flag("constraint_hit", !valid)
        .text("feasibility", if valid { "feasible" } else { "infeasible" })
        // One cloud decode step: 2 FLOPs per parameter per stream over the bytes it reads.
        .num(
            "decode_ai",
            2.0 * LLAMA2_7B_PARAMS.value * b / cloud_need.as_bytes(),
        )
        .num("cloud_ridge", cloud_peak / H100.mem_bw.value)
        .num("amdahl_ceiling_5pct", amdahl_limit(0.95))
        .num("amdahl_ceiling_10pct", amdahl_limit(0.90));
    o
}

/// The Lab 16 model.
pub const MODEL: Model = Model {
    id: "v1-16",
    title: "The Architect's Audit",
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

    const FIT: (&str, Value) = ("tiny_params", Value::Num(2_500_000.0));

    #[test]
    fn act1_empty_ledger_points_at_memory() {
        let o = eval(&[]);
        assert_eq!(o.n("labs_done"), 0.0);
        assert_eq!(o.get("weakest_invariant"), Some(Value::Text("memory_wall")));
        assert_eq!(o.get("act1_answer"), Some(Value::Text("memory_bandwidth")));
        assert_eq!(o.get("favourite_context"), Some(Value::Text("none")));
    }

    /// A lab done in the cloud context, its Act I prediction right or not.
    fn done(ctx: &'static str, act1: &'static str, right: bool) -> [(&'static str, Value); 2] {
        [(ctx, Value::Text("cloud")), (act1, Value::Bool(right))]
    }

    #[test]
    fn act1_answer_follows_the_ledger() {
        // All right except Lab 13: Little's law is weakest → B.
        let right = [
            ("ch02_context", "ch02_act1"),
            ("ch05_context", "ch05_act1"),
            ("ch08_context", "ch08_act1"),
            ("ch07_context", "ch07_act1"),
            ("ch11_context", "ch11_act1"),
            ("ch06_context", "ch06_act1"),
            ("ch03_context", "ch03_act1"),
            ("ch14_context", "ch14_act1"),
            ("ch15_context", "ch15_act1"),
        ];
        let mut pairs: Vec<(&'static str, Value)> =
            right.iter().flat_map(|(c, a)| done(c, a, true)).collect();
        let base = pairs.clone();
        pairs.extend(done("ch12_context", "ch12_act1", true));
        pairs.extend(done("ch13_context", "ch13_act1", false));
        let o = eval(&pairs);
        assert_eq!(o.get("act1_answer"), Some(Value::Text("queueing")));
        // 10 of 11 right = 90.9 %.
        assert_eq!(o.n("labs_done"), 11.0);
        assert!((o.n("pct_correct") - 90.909).abs() < 1e-3);
        // Lab 13 right too, Lab 12 wrong: Amdahl at 50 % is weakest → C.
        let mut pairs = base;
        pairs.extend(done("ch13_context", "ch13_act1", true));
        pairs.extend(done("ch12_context", "ch12_act1", false));
        let o = eval(&pairs);
        assert_eq!(o.get("weakest_invariant"), Some(Value::Text("amdahl")));
        assert_eq!(o.get("act1_answer"), Some(Value::Text("serial_fraction")));
        // Only the fairness lab wrong → D.
        let mut pairs: Vec<(&'static str, Value)> = done("ch15_context", "ch15_act1", false).into();
        pairs.extend(done("ch02_context", "ch02_act1", true));
        let o = eval(&pairs);
        // Iron Law 100 %, fairness 0 %, the rest 50 % (no data): fairness is weakest.
        assert_eq!(o.get("act1_answer"), Some(Value::Text("drift")));
        // A lab recorded without a locked prediction counts as done and missed.
        let o = eval(&[("ch13_context", Value::Text("mobile"))]);
        assert_eq!(o.n("labs_done"), 1.0);
        assert_eq!(o.get("act1_answer"), Some(Value::Text("queueing")));
    }

    #[test]
    fn act1_report_card() {
        let o = eval(&[
            ("ch01_act1", Value::Bool(true)),
            ("ch01_context", Value::Text("tiny")),
            ("ch02_act1", Value::Bool(false)),
            ("ch02_context", Value::Text("edge")),
            ("ch02_hit", Value::Bool(true)),
            ("ch04_act1", Value::Bool(true)),
            ("ch04_context", Value::Text("edge")),
            // Not done (no context recorded): its prediction and hit are ignored.
            ("ch05_hit", Value::Bool(true)),
            ("ch05_act1", Value::Bool(true)),
            ("ch13_p99_ms", Value::Num(3_118_550.0)),
        ]);
        assert_eq!(o.n("labs_done"), 3.0);
        assert!((o.n("pct_correct") - 66.667).abs() < 1e-3);
        assert_eq!(o.n("constraint_failures"), 1.0);
        assert_eq!(o.n("labs_edge"), 2.0);
        assert_eq!(o.n("labs_cloud"), 0.0);
        assert_eq!(o.get("favourite_context"), Some(Value::Text("edge")));
        assert!((o.n("iron_law_hit_pct") - 100.0).abs() < 1e-9);
        assert!((o.n("memory_wall_correct_pct") - 50.0).abs() < 1e-9);
        assert_eq!(o.get("ch13_p99_warn"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_tiny_is_the_hardest_tier() {
        let o = eval(&[]);
        assert_eq!(o.get("hardest_tier"), Some(Value::Text("tiny")));
        // 10 M × 1.58 / 8 = 1.975 MB = 1,928.7 KiB in 512 KiB: 3.77×.
        assert!((o.n("tiny_kib") - 1_928.711).abs() < 1e-3);
        assert!((o.n("tiny_over") - 3.767).abs() < 1e-3);
        assert_eq!(o.get("tiny_oom"), Some(Value::Bool(true)));
        // A: cloud uses (13.48 + 32 × 1.074) / 160 = 47.84 / 160 = 29.9 % of its HBM.
        assert!((o.n("cloud_mem_pct") - 29.90).abs() < 0.01);
        // B: edge INT8 reads 6.74 GB of weights + 2 × 32 × 32 × 128 × 2,048 × 1 B = 0.537 GB
        // of KV: 7.277 GB / 102.4 GB/s = 71.07 ms, + 2 × 6.74e9 / 30.08 TOPS = 0.448 ms,
        // + 0.1 ms launch = 71.61 ms, under 100 ms.
        assert!((o.n("edge_tpot_ms") - 71.61).abs() < 0.01);
        // C: mobile INT8 would need 6.74 + 0.537 = 7.28 GB of 8: it fits.
        let o = eval(&[("mobile_quant", Value::Text("int8"))]);
        assert!((o.n("mobile_gb") - 7.277).abs() < 1e-3);
        assert_eq!(o.get("mobile_oom"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_defaults_and_the_valid_design() {
        let o = eval(&[]);
        // Cloud: KV 2 × 32 × 32 × 128 × 2,048 × 2 B = 1.074 GB per stream;
        // 2 × 6.74e9 = 13.48 GB + 32 × 1.074 = 47.84 GB.
        assert!((o.n("cloud_gb") - 47.84).abs() < 0.01);
        // Time per token: 47.84 GB / 6.7 TB/s = 7.140 ms, + 2 × 6.74e9 × 32 = 0.431 TFLOP /
        // 1,978 TFLOP/s = 0.218 ms, + 0.01 ms launch = 7.368 ms.
        assert!((o.n("cloud_tpot_ms") - 7.368).abs() < 1e-3);
        // Mobile INT4: (3.37 + 0.268) GB / 68 GB/s = 53.50 ms + 2 × 6.74e9 / 35 TOPS = 0.385 ms
        // + 0.5 ms dispatch = 54.39 ms.
        assert!((o.n("mobile_tpot_ms") - 54.39).abs() < 0.01);
        // TinyML: 1.975 MB / 0.05 GB/s = 39.5 ms + 2 × 10 M / 1 GFLOPS = 20 ms + 2 ms = 61.5 ms.
        assert!((o.n("tiny_ms") - 61.5).abs() < 0.01);
        assert_eq!(o.get("system_valid"), Some(Value::Bool(false)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(true)));
        assert_eq!(o.get("feasibility"), Some(Value::Text("infeasible")));
        // Shrinking the trigger model to 2.5 M parameters (494 KB) makes every constraint hold.
        let o = eval(&[FIT]);
        assert_eq!(o.get("tiny_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("system_valid"), Some(Value::Bool(true)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
        assert_eq!(o.get("feasibility"), Some(Value::Text("feasible")));
        for f in [
            "accuracy_low",
            "drift_low",
            "latency_violated",
            "fairness_violated",
        ] {
            assert_eq!(o.get(f), Some(Value::Bool(false)), "{f}");
        }
        // 524,288 B × 8 / 1.58 = 2.65 M parameters at most.
        assert!((o.n("tiny_max_params") - 2_654_622.0).abs() < 1.0);
    }

    #[test]
    fn act2_each_failure_fires_and_clears() {
        let cases: [(&str, &[(&'static str, Value)]); 8] = [
            (
                "cloud_oom",
                &[
                    ("h100_count", Value::Num(1.0)),
                    ("serving", Value::Text("continuous")),
                ],
            ),
            (
                "edge_oom",
                &[
                    ("edge_quant", Value::Text("fp16")),
                    ("context_tokens", Value::Num(8192.0)),
                ],
            ),
            (
                "mobile_oom",
                &[
                    ("mobile_quant", Value::Text("int8")),
                    ("context_tokens", Value::Num(8192.0)),
                ],
            ),
            ("latency_violated", &[("edge_quant", Value::Text("fp16"))]),
            (
                "fairness_violated",
                &[("fairness_gap_pp", Value::Num(12.0))],
            ),
            ("accuracy_low", &[("mobile_quant", Value::Text("ternary"))]),
            ("drift_low", &[("retrain_days", Value::Num(90.0))]),
            ("tiny_oom", &[("tiny_params", Value::Num(2_700_000.0))]),
        ];
        for (flag_name, set) in cases {
            let mut pairs = vec![FIT];
            pairs.extend_from_slice(set);
            let o = eval(&pairs);
            assert_eq!(o.get(flag_name), Some(Value::Bool(true)), "{flag_name}");
            let o = eval(&[FIT]);
            assert_eq!(o.get(flag_name), Some(Value::Bool(false)), "{flag_name}");
        }
    }

    #[test]
    fn act2_cost_and_fleet() {
        let o = eval(&[]);
        // 32 answers per 256 × 7.368 ms = 1.886 s → 16.96 req/s per 2-GPU replica;
        // 2 × $3 / 3600 / 16.96 = $0.0000982 per request.
        assert!((o.n("replica_rps") - 16.96).abs() < 0.01);
        assert!((o.n("cost_per_req_usd") - 9.82e-5).abs() < 1e-7);
        assert_eq!(o.get("cost_ok"), Some(Value::Bool(true)));
        // 600 req/s need ceil(600 / 16.96) = 36 replicas = 72 H100s, $216/h.
        // Little: 600 req/s × 256 × 7.368 ms = 1,132 requests in flight.
        assert!((o.n("in_flight") - 1_131.8).abs() < 0.1);
        assert_eq!(o.n("cloud_gpus_needed"), 72.0);
        assert!((o.n("fleet_usd_per_hour") - 216.0).abs() < 1e-9);
        // The dearest request in range is still under half the $0.001 target: static batching,
        // FP16, 8,192 tokens on one H100: (13.48 + 8 × 4.295) GB / 3.35 TB/s = 14.28 ms
        // + 0.109 + 0.01 ms = 14.40 ms; 256 × 14.40 ms / 8 streams × $3/h = $0.000384.
        let o = eval(&[
            ("serving", Value::Text("static")),
            ("context_tokens", Value::Num(8192.0)),
            ("h100_count", Value::Num(1.0)),
        ]);
        assert!((o.n("cost_per_req_usd") - 3.84e-4).abs() < 1e-6);
        let mut worst: f64 = 0.0;
        for s in ["static", "dynamic", "continuous"] {
            for q in ["fp16", "int8", "int4"] {
                for t in [512.0, 2048.0, 8192.0] {
                    for n in [1.0, 2.0, 8.0] {
                        let o = eval(&[
                            ("serving", Value::Text(s)),
                            ("cloud_quant", Value::Text(q)),
                            ("context_tokens", Value::Num(t)),
                            ("h100_count", Value::Num(n)),
                        ]);
                        worst = worst.max(o.n("cost_per_req_usd"));
                    }
                }
            }
        }
        assert!(worst < 0.5 * COST_TARGET);
    }

    #[test]
    fn act2_accuracy_budget() {
        let o = eval(&[FIT]);
        // 95 − 2.5 (mobile INT4) − 0.385 × (11.4 − 10) = 95 − 2.5 − 0.538 = 91.96 %; − 3 points of drift = 88.96 %.
        assert!((o.n("fairness_cost_pp") - 0.538).abs() < 1e-3);
        assert!((o.n("accuracy_pct") - 91.962).abs() < 1e-3);
        assert!((o.n("post_drift_pct") - 88.962).abs() < 1e-3);
        // A tighter fairness gap costs accuracy; a looser one above 10 points is a violation.
        let o0 = eval(&[FIT, ("fairness_gap_pp", Value::Num(0.0))]);
        assert!(o0.n("accuracy_pct") < o.n("accuracy_pct"));
        // Math panel: the cloud step does 2 × 6.74e9 × 32 = 431 GFLOP on 47.84 GB: 9.0 FLOP/B,
        // far under the H100's 989 / 3.35 = 295 FLOP/B ridge; Amdahl ceilings 20× and 10×.
        assert!((o.n("decode_ai") - 9.017).abs() < 1e-3);
        assert!((o.n("cloud_ridge") - 295.2).abs() < 0.1);
        assert!((o.n("amdahl_ceiling_5pct") - 20.0).abs() < 1e-9);
        assert!((o.n("amdahl_ceiling_10pct") - 10.0).abs() < 1e-9);
    }

    #[test]
    fn cloud_decode_is_lab_00s_interface_tour() {
        // Lab 00's demo: Llama 2 7B on one H100, batch 8, 4,096 tokens of FP16 KV:
        // 13.48 GB + 8 × 2.147 GB = 30.66 GB; 30.66 GB / 3.35 TB/s = 9.152 ms
        // + 2 × 6.74e9 × 8 / 989 TFLOP/s = 0.109 ms + 0.01 ms = 9.271 ms.
        let o = eval(&[
            ("h100_count", Value::Num(1.0)),
            ("serving", Value::Text("static")),
            ("context_tokens", Value::Num(4096.0)),
        ]);
        assert!((o.n("cloud_gb") - 30.66).abs() < 0.01);
        assert!((o.n("cloud_tpot_ms") - 9.271).abs() < 1e-3);
    }

    #[test]
    fn act2_latency_monotonic() {
        // More context never makes a token faster; more H100s never make it slower.
        let mut prev = 0.0;
        for t in [512.0, 2048.0, 4096.0, 8192.0] {
            let w = eval(&[("context_tokens", Value::Num(t))]).n("worst_tpot_ms");
            assert!(w >= prev);
            prev = w;
        }
        let mut prev = f64::INFINITY;
        for n in 1..=8 {
            let c = eval(&[("h100_count", Value::Num(n as f64))]).n("cloud_tpot_ms");
            assert!(c <= prev);
            prev = c;
        }
    }
}
