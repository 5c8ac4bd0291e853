//! Vol 2 Lab 17, "The Constraints Never Lie" (capstone): an audit of the student's own
//! predictions across both volumes (Act I), and one fleet design that must satisfy every wall
//! at once: training memory, serving tail latency, fault tolerance, availability, privacy,
//! fairness, carbon and budget (Act II).
//!
//! # Chapter contract
//!
//! No context toggle: the capstone is fixed on the full fleet (four tier cards).
//!
//! **Act I** (the audit). The chapter reads the ledger and sets the audit inputs: for each of
//! eight domains the share of Act I predictions the student got right (50% when the domain's
//! labs were not done), and per volume the labs done and predictions right. Domains: memory
//! (V1 05, 08, 10), compute (V1 11, 12), serving (V1 13, V2 10), networking (V2 02, 03, 06),
//! reliability (V2 07), scale (V2 01, 05), ethics (V1 15, 16, V2 16), economics (V2 08, 09,
//! 15).
//! - Prediction: "Which wall will bind you hardest?" Options: (A, "memory", `memory`), (B,
//!   "communication", `networking`), (C, "tail effects", `serving`), (D, "impossibility
//!   theorems", `ethics`). No fixed key: the correct option is the one equal to the text
//!   output `weakest_option` (the weakest of those four domains; ties go to book order).
//!   Feedback quotes `weakest_domain`, `strongest_domain` and the per-volume accuracies.
//!
//! **Act II** (the board's brief): 5 B users over four tiers, of whom 20% of requests need the
//! cloud's 1T-parameter model; monthly retraining; P99 time to first token under 500 ms;
//! 99.99% availability; DP with ε ≤ 1 (GDPR reading) and ≤ 3 (CCPA); false-positive gap ≤ 10
//! points across groups (EU AI Act reading); ≤ 50 g CO₂e/kWh; $10 B a year. The defaults are
//! the first draft (a dense 1T model, 5,000 INT8 replicas of 19 GPUs) and fail three checks:
//! serving P99 (each 500-token prompt is 1 PFLOP of prefill; 69,444 req/s at peak load the
//! replicas to `serving_util_pct` = 125% of what they can do, danger), availability (99.981%
//! with one replica per shard group, warn) and carbon (161 g/kWh with 40% renewables,
//! danger). Serving is fixed by a mixture of experts (a tenth of the FLOPs per token; P99
//! 272 ms on the same replicas), or by a dense FP16 fleet of 8,000 replicas of 32 GPUs.
//! - Prediction: "Which constraint makes the brief impossible?" Options: (A, "training
//!   memory", `training_oom`), (B, "serving P99", `serving_p99`), (C, "privacy", `privacy`),
//!   (D, "none: all are satisfiable with the right choices", `all_satisfiable`) ✔. Checked
//!   against the text output `act2_verdict`, which evaluates a reference design: a mixture of
//!   experts (10% active) with fully sharded state on 16,384 GPUs at 40% MFU, 5,000 INT8
//!   replicas (P99 272 ms), a 30-minute checkpoint interval, 2 replicas per shard group,
//!   ε = 1, calibrated fairness at a 15-point base-rate gap and 85% accuracy, 90% renewable
//!   power: $2.93 B a year. Feedback for A/B/C quotes `per_gpu_state_gb` (1.2 GB with 3D
//!   sharding, 312 GB with TP+PP), `p99_ms` and the privacy flags.
//!
//! Serving model: a replica is the fewest H100s that hold the weights and the FP16 KV cache of
//! 64 streams of 600 tokens (`catalog::MEGATRON_1T`'s shape: 13.1 MB a token, 503 GB); a
//! decode step at batch 64 (weights and KV) and a 500-token prefill are roofline passes (`laws::inference::roofline_time`, as in
//! V2-10); each request costs the replica its prefill plus 100/64 of a decode step, so the
//! load is ρ = λ·(prefill + 100·step/64); the time to first token is an M/M/1 sojourn
//! (`laws::queueing`) on the prefill capacity the decode steps leave: mean prefill/(1 − ρ),
//! P99 ln 100 ≈ 4.6 times the mean.
//! - Failure states (each a verdict check): `train_oom` (danger), `p99_violated` (danger),
//!   `goodput_low` (danger, more than 20% of training time lost to checkpoints, rework and
//!   restarts), `availability_low` (warn), `privacy_violated` (danger; `gdpr_violated` and
//!   `ccpa_violated` name the law), `fairness_violated` (danger), `carbon_violated` (danger),
//!   `over_budget` (danger); `calibration_warn` (warn) is advisory. `feasible` is the success
//!   banner; `first_failure` names the first failing check.
//!
//! **Ledger** (`v2_17`): `cluster_gpus` ← input `gpus`; `parallelism_strategy` ← input;
//! `checkpoint_interval_min` ← input `interval_min`; `dp_epsilon` ← input `epsilon`;
//! `fairness_criterion` ← input; `carbon_compliant` ← not `carbon_violated`; `p99_slo_met`
//! ← not `p99_violated`; `total_system_cost_b` ← `cost_total_busd`; `system_valid` ←
//! `feasible`; `invariants_connected` ← `checks_passed`; `act1_correct` ← the student's
//! option equals `weakest_option`; `act2_result` ← `verdict`; `act2_decision` ←
//! `first_failure`; `constraint_hit` ← not `feasible`.

use crate::catalog::{
    FLEET_PUE, GPU_MTBF_HOURS, GRID_EU_G_PER_KWH, H100, H100_USD_PER_GPU_HOUR, IB_LATENCY,
    IB_NDR_PORT, MEGATRON_1T, PCIE5_X16, PPA_G_PER_KWH, PPA_PREMIUM_USD_PER_MWH,
    STORAGE_WRITE_BW,
};
use crate::laws::availability::{redundant_availability, steady_state_availability};
use crate::laws::collective::ring_allreduce;
use crate::laws::data::transfer_time;
use crate::laws::energy::{carbon, facility_energy};
use crate::laws::fairness::chouldechova_fpr;
use crate::laws::inference::{forward_flops, roofline_time};
use crate::laws::memory::{Optimizer, kv_cache, training_memory};
use crate::laws::queueing::{little_l, mm1_sojourn, mm1_sojourn_quantile, utilization};
use crate::laws::reliability::{fleet_mtbf, waste_fraction, young_daly};
use crate::laws::throughput::training_tokens_per_s;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const PARALLELISM: &[Choice] = &[
    Choice {
        value: "dp",
        label: "Data parallel (full replica per GPU)",
    },
    Choice {
        value: "tp_pp",
        label: "Tensor + pipeline parallel (64-way)",
    },
    Choice {
        value: "three_d",
        label: "3D parallel with fully sharded state",
    },
    Choice {
        value: "moe",
        label: "Mixture of experts (10% active), sharded",
    },
];
const QUANT: &[Choice] = &[
    Choice {
        value: "fp16",
        label: "FP16 (2 B/param)",
    },
    Choice {
        value: "int8",
        label: "INT8 weights (1 B/param)",
    },
    Choice {
        value: "int4",
        label: "INT4 weights (0.5 B/param)",
    },
    Choice {
        value: "bit1",
        label: "1-bit weights (0.125 B/param)",
    },
];
const OFFLOAD: &[Choice] = &[
    Choice {
        value: "none",
        label: "All weights in GPU memory",
    },
    Choice {
        value: "host",
        label: "Half the weights in host memory",
    },
];
const REPLICATION: &[Choice] = &[
    Choice {
        value: "1",
        label: "1 replica per shard group",
    },
    Choice {
        value: "2",
        label: "2 replicas",
    },
    Choice {
        value: "3",
        label: "3 replicas",
    },
    Choice {
        value: "5",
        label: "5 replicas",
    },
];
const RESIDENCY: &[Choice] = &[
    Choice {
        value: "central",
        label: "Centralized",
    },
    Choice {
        value: "federated_eu",
        label: "Federated in the EU",
    },
    Choice {
        value: "hybrid",
        label: "Hybrid",
    },
    Choice {
        value: "federated",
        label: "Fully federated",
    },
];
const CRITERIA: &[Choice] = &[
    Choice {
        value: "eo",
        label: "Equalized odds",
    },
    Choice {
        value: "dp",
        label: "Demographic parity",
    },
    Choice {
        value: "cal",
        label: "Calibration",
    },
    Choice {
        value: "individual",
        label: "Individual fairness",
    },
];

const fn pct(name: &'static str, label: &'static str) -> InputDef {
    InputDef {
        name,
        label,
        kind: InputKind::Range {
            min: 0.0,
            max: 100.0,
            step: 5.0,
            default: 50.0,
            unit: Unit::Percent,
        },
    }
}
const fn count(name: &'static str, label: &'static str, max: f64) -> InputDef {
    InputDef {
        name,
        label,
        kind: InputKind::Range {
            min: 0.0,
            max,
            step: 1.0,
            default: 0.0,
            unit: Unit::None,
        },
    }
}

const INPUTS: &[InputDef] = &[
    pct("acc_memory", "Predictions right: memory"),
    pct("acc_compute", "Predictions right: compute"),
    pct("acc_serving", "Predictions right: serving"),
    pct("acc_networking", "Predictions right: networking"),
    pct("acc_reliability", "Predictions right: reliability"),
    pct("acc_scale", "Predictions right: scale"),
    pct("acc_ethics", "Predictions right: ethics"),
    pct("acc_economics", "Predictions right: economics"),
    count("vol1_done", "Vol I labs done", 17.0),
    count("vol1_correct", "Vol I predictions right", 17.0),
    count("vol2_done", "Vol II labs done", 16.0),
    count("vol2_correct", "Vol II predictions right", 16.0),
    InputDef {
        name: "gpus",
        label: "Training GPUs",
        kind: InputKind::Range {
            min: 1024.0,
            max: 65_536.0,
            step: 1024.0,
            default: 16_384.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "parallelism",
        label: "Parallelism",
        kind: InputKind::Choice {
            options: PARALLELISM,
            default: "three_d",
        },
    },
    InputDef {
        name: "mfu_pct",
        label: "Training MFU",
        kind: InputKind::Range {
            min: 20.0,
            max: 60.0,
            step: 5.0,
            default: 40.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "replicas",
        label: "Serving replicas",
        kind: InputKind::Range {
            min: 100.0,
            max: 20_000.0,
            step: 100.0,
            default: 5000.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "quant",
        label: "Serving weights",
        kind: InputKind::Choice {
            options: QUANT,
            default: "int8",
        },
    },
    InputDef {
        name: "offload",
        label: "Weight offload",
        kind: InputKind::Choice {
            options: OFFLOAD,
            default: "none",
        },
    },
    InputDef {
        name: "interval_min",
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
        name: "replication",
        label: "Serving replication",
        kind: InputKind::Choice {
            options: REPLICATION,
            default: "1",
        },
    },
    InputDef {
        name: "epsilon",
        label: "Privacy budget ε",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "residency",
        label: "Data residency",
        kind: InputKind::Choice {
            options: RESIDENCY,
            default: "central",
        },
    },
    InputDef {
        name: "fairness_criterion",
        label: "Fairness criterion",
        kind: InputKind::Choice {
            options: CRITERIA,
            default: "cal",
        },
    },
    InputDef {
        name: "base_gap_pct",
        label: "Base-rate gap between groups",
        kind: InputKind::Range {
            min: 0.0,
            max: 40.0,
            step: 1.0,
            default: 15.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "fair_acc_pct",
        label: "Classifier accuracy",
        kind: InputKind::Range {
            min: 50.0,
            max: 99.0,
            step: 1.0,
            default: 85.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "renewable_pct",
        label: "Power from renewable contracts",
        kind: InputKind::Range {
            min: 0.0,
            max: 100.0,
            step: 5.0,
            default: 40.0,
            unit: Unit::Percent,
        },
    },
];

/// Values of `weakest_domain` and `strongest_domain`: the keys of `DOMAINS`.
const DOMAIN_NAMES: &[Choice] = &[
    Choice {
        value: "memory",
        label: "memory",
    },
    Choice {
        value: "compute",
        label: "compute",
    },
    Choice {
        value: "serving",
        label: "serving",
    },
    Choice {
        value: "networking",
        label: "networking",
    },
    Choice {
        value: "reliability",
        label: "reliability",
    },
    Choice {
        value: "scale",
        label: "scale",
    },
    Choice {
        value: "ethics",
        label: "ethics",
    },
    Choice {
        value: "economics",
        label: "economics",
    },
];

/// Values of `weakest_option`: the keys of `OFFERED`.
const OFFERED_NAMES: &[Choice] = &[
    Choice {
        value: "memory",
        label: "memory",
    },
    Choice {
        value: "serving",
        label: "serving",
    },
    Choice {
        value: "networking",
        label: "networking",
    },
    Choice {
        value: "ethics",
        label: "ethics",
    },
];

/// Values of `verdict`.
const VERDICTS: &[Choice] = &[
    Choice {
        value: "feasible",
        label: "feasible",
    },
    Choice {
        value: "infeasible",
        label: "infeasible",
    },
];

/// Values of `first_failure`: a check, or none.
const FIRST_FAILURES: &[Choice] = &[
    Choice {
        value: "training_oom",
        label: "training memory",
    },
    Choice {
        value: "serving_p99",
        label: "serving P99",
    },
    Choice {
        value: "goodput",
        label: "goodput",
    },
    Choice {
        value: "availability",
        label: "availability",
    },
    Choice {
        value: "privacy",
        label: "privacy",
    },
    Choice {
        value: "fairness",
        label: "fairness",
    },
    Choice {
        value: "carbon",
        label: "carbon",
    },
    Choice {
        value: "budget",
        label: "budget",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

/// Values of `act2_verdict`: the reference design's first failing check, or none.
const WITNESS_VERDICTS: &[Choice] = &[
    Choice {
        value: "training_oom",
        label: "training memory",
    },
    Choice {
        value: "serving_p99",
        label: "serving P99",
    },
    Choice {
        value: "goodput",
        label: "goodput",
    },
    Choice {
        value: "availability",
        label: "availability",
    },
    Choice {
        value: "privacy",
        label: "privacy",
    },
    Choice {
        value: "fairness",
        label: "fairness",
    },
    Choice {
        value: "carbon",
        label: "carbon",
    },
    Choice {
        value: "budget",
        label: "budget",
    },
    Choice {
        value: "all_satisfiable",
        label: "all satisfiable",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("labs_done", "Labs done (of 33)", Unit::None),
    num(
        "vol1_accuracy_pct",
        "Vol I predictions right",
        Unit::Percent,
    ),
    num(
        "vol2_accuracy_pct",
        "Vol II predictions right",
        Unit::Percent,
    ),
    num(
        "overall_accuracy_pct",
        "All predictions right",
        Unit::Percent,
    ),
    choice("weakest_domain", "Weakest domain", DOMAIN_NAMES),
    choice("strongest_domain", "Strongest domain", DOMAIN_NAMES),
    choice(
        "weakest_option",
        "Weakest of the four offered walls",
        OFFERED_NAMES,
    ),
    flag("audit_has_data", "The ledger has results"),
    num("state_tb", "Training state (20 B/param)", Unit::Tb),
    num("per_gpu_state_gb", "Training state per GPU", Unit::Gb),
    num(
        "tokens_per_day_b",
        "Training tokens per day (billions)",
        Unit::None,
    ),
    num(
        "tokens_per_month_t",
        "Training tokens per month (trillions)",
        Unit::None,
    ),
    num("allreduce_s", "Gradient AllReduce per step", Unit::Seconds),
    num("train_mw", "Training cluster power", Unit::Mw),
    num(
        "kv_cache_gb",
        "KV cache per replica (64 streams × 600 tokens)",
        Unit::Gb,
    ),
    num("gpus_per_replica", "GPUs per serving replica", Unit::Gpus),
    num("decode_step_ms", "Decode step (batch 64)", Unit::Ms),
    num(
        "replica_tokens_per_s",
        "Tokens per second per replica",
        Unit::TokensPerS,
    ),
    num(
        "replica_rps",
        "Requests per second per replica",
        Unit::RequestsPerS,
    ),
    num(
        "demand_rps",
        "Peak cloud requests per second",
        Unit::RequestsPerS,
    ),
    // Offered load ÷ capacity: above 100 % the replicas are overloaded.
    num(
        "serving_util_pct",
        "Serving load ÷ capacity (prefill and decode)",
        Unit::Percent,
    )
    .unbounded(),
    num(
        "decode_share_pct",
        "Decode load ÷ replica capacity",
        Unit::Percent,
    )
    .unbounded(),
    num("prefill_ms", "Prefill of a 500-token prompt", Unit::Ms),
    num("ttft_mean_ms", "Mean time to first token", Unit::Ms),
    num("p99_ms", "P99 time to first token", Unit::Ms),
    num("p99_slo_ms", "P99 objective", Unit::Ms),
    num(
        "concurrent_requests",
        "Requests in flight at peak",
        Unit::Requests,
    ),
    flag("serving_overloaded", "Demand exceeds serving capacity"),
    num("serving_gpus", "Serving GPUs", Unit::Gpus),
    num("total_gpus", "GPUs in the fleet", Unit::Gpus),
    num(
        "fleet_mtbf_h",
        "Training cluster: time between failures",
        Unit::Hours,
    ),
    num("checkpoint_s", "Checkpoint write", Unit::Seconds),
    num(
        "young_daly_min",
        "Optimal checkpoint interval",
        Unit::Minutes,
    ),
    num("waste_pct", "Training time lost", Unit::Percent),
    num(
        "replica_mtbf_h",
        "Serving replica: time between failures",
        Unit::Hours,
    ),
    num("availability_pct", "Serving availability", Unit::Percent),
    num("accuracy_penalty_pct", "Accuracy cost of DP", Unit::Percent),
    num(
        "round_upload_min",
        "Federated round upload (LoRA diff)",
        Unit::Minutes,
    ),
    num(
        "fpr_gap_pp",
        "False-positive gap between groups",
        Unit::Pp,
    ),
    num("ppv_gap_pp", "Precision gap between groups", Unit::Pp),
    num("grid_intensity", "Fleet carbon intensity", Unit::GPerKwh),
    num("energy_gwh", "Fleet energy per year (GWh)", Unit::None),
    num("co2_t", "Emissions per year", Unit::TonnesCo2),
    num("fleet_mw", "Fleet power", Unit::Mw),
    num(
        "cost_train_busd",
        "Training cost per year",
        Unit::BillionUsd,
    ),
    num("cost_serve_busd", "Serving cost per year", Unit::BillionUsd),
    num(
        "cost_ppa_busd",
        "Renewable premium per year",
        Unit::BillionUsd,
    ),
    num("cost_total_busd", "Total cost per year", Unit::BillionUsd),
    num("budget_busd", "Budget per year", Unit::BillionUsd),
    flag("train_oom", "Training state does not fit"),
    flag("p99_violated", "P99 over 500 ms"),
    flag("goodput_low", "Over 20% of training time lost"),
    flag("availability_low", "Availability under 99.99%"),
    flag("gdpr_violated", "ε above the GDPR reading (1)"),
    flag("ccpa_violated", "ε above the CCPA reading (3)"),
    flag("privacy_violated", "Privacy requirement broken"),
    flag("fairness_violated", "False-positive gap over 10 points"),
    flag("calibration_warn", "Precision gap over 10 points"),
    flag("carbon_violated", "Over 50 g CO₂e/kWh"),
    flag("over_budget", "Over $10 B a year"),
    num("checks_passed", "Checks passed", Unit::None),
    num("checks_total", "Checks", Unit::None),
    flag("feasible", "Every constraint satisfied"),
    flag("carbon_compliant", "At most 50 g CO₂e/kWh (for the ledger)"),
    flag("p99_slo_met", "P99 within 500 ms (for the ledger)"),
    flag("constraint_hit", "Some check fails (for the ledger)"),
    choice("verdict", "Verdict", VERDICTS),
    choice("first_failure", "First failing check", FIRST_FAILURES),
    choice("act2_verdict", "Can the brief be met?", WITNESS_VERDICTS),
];

/// The audit's domains in book order (ties resolve to the first).
const DOMAINS: [(&str, &str); 8] = [
    ("memory", "acc_memory"),
    ("compute", "acc_compute"),
    ("serving", "acc_serving"),
    ("networking", "acc_networking"),
    ("reliability", "acc_reliability"),
    ("scale", "acc_scale"),
    ("ethics", "acc_ethics"),
    ("economics", "acc_economics"),
];
const OFFERED: [&str; 4] = ["memory", "networking", "serving", "ethics"];

/// The flagship model.
const PARAMS: f64 = 1e12;
/// Training state per parameter: FP16 weights and gradients, Adam in mixed precision (16 B)
/// plus 4 B of activations (training-memory chapter).
const ACTIVATION_BYTES_PER_PARAM: f64 = 4.0;
/// Checkpoints hold weights and optimizer state: 2 + 12 = 14 B/param.
const CHECKPOINT_BYTES_PER_PARAM: f64 = 14.0;
/// TP 8 × PP 8.
const MODEL_PARALLEL: f64 = 64.0;
const MOE_ACTIVE: f64 = 0.1;
/// Training restarts from a checkpoint (reschedule and reload); serving replicas take longer
/// to restore.
const TRAIN_RESTART: Seconds = Seconds::minutes(10.0);
const REPLICA_MTTR: Seconds = Seconds::minutes(30.0);
const GOODPUT_LOSS_MAX: f64 = 0.2;
/// Serving: continuous-batching concurrency per replica, prompt and answer lengths.
const SERVING_BATCH: f64 = 64.0;
const PROMPT_TOKENS: f64 = 500.0;
const ANSWER_TOKENS: f64 = 100.0;
/// The KV cache stays in FP16 under weight-only quantization.
const KV_BYTES: f64 = 2.0;
/// Demand: 5 B users × 2 requests a day × 3× peak, 20% of which need the cloud model (the
/// rest run on edge, mobile and tiny tiers).
const USERS: f64 = 5e9;
const REQUESTS_PER_USER_DAY: f64 = 2.0;
const PEAK_FACTOR: f64 = 3.0;
const CLOUD_SHARE: f64 = 0.2;
const P99_SLO: Seconds = Seconds::ms(500.0);
/// A saturated queue's wait, reported as a large finite number.
const OVERLOADED_MS: f64 = 1e6;
const AVAILABILITY_TARGET: f64 = 0.9999;
/// Policy readings: GDPR ε ≤ 1, CCPA ε ≤ 3; DP accuracy cost ≈ 5%/ε up to 25%.
const GDPR_EPSILON: f64 = 1.0;
const CCPA_EPSILON: f64 = 3.0;
const DP_COST_PER_INV_EPS: f64 = 5.0;
const DP_COST_MAX: f64 = 25.0;
/// Federated fine-tuning ships a 2 GB LoRA diff over a 10 Mbit/s uplink.
const LORA_DIFF: Bytes = Bytes::gb(2.0);
const PHONE_UPLINK: Bandwidth = Bandwidth::gbit_per_s(0.01);
/// Fairness: base rate of the lower group and the EU AI Act reading.
const BASE_RATE_LOW: f64 = 0.2;
const FPR_GAP_MAX: f64 = 10.0;
const PPV_GAP_MAX: f64 = 10.0;
const CARBON_MAX: f64 = 50.0;
const BUDGET_USD: f64 = 10e9;
const HOURS_PER_YEAR: f64 = 8760.0;

/// One fleet design.
#[derive(Clone, Copy)]
struct Design<'a> {
    gpus: f64,
    parallelism: &'a str,
    mfu: f64,
    replicas: f64,
    quant: &'a str,
    offload: &'a str,
    interval_min: f64,
    replication: f64,
    epsilon: f64,
    residency: &'a str,
    criterion: &'a str,
    base_gap: f64,
    accuracy: f64,
    renewable: f64,
}

/// The reference design behind option D.
const WITNESS: Design<'static> = Design {
    gpus: 16_384.0,
    parallelism: "moe",
    mfu: 0.4,
    replicas: 5000.0,
    quant: "int8",
    offload: "none",
    interval_min: 30.0,
    replication: 2.0,
    epsilon: 1.0,
    residency: "central",
    criterion: "cal",
    base_gap: 0.15,
    accuracy: 0.85,
    renewable: 0.9,
};

fn bytes_per_param(q: &str) -> f64 {
    match q {
        "fp16" => 2.0,
        "int4" => 0.5,
        "bit1" => 0.125,
        _ => 1.0,
    }
}

/// False-positive and precision gaps (points) between a group at base rate 20% and one at
/// 20% + gap, when the classifier's recall and precision both equal `acc`.
fn fairness_gaps(criterion: &str, gap: f64, acc: f64) -> (f64, f64) {
    let (pa, pb) = (BASE_RATE_LOW, BASE_RATE_LOW + gap);
    match criterion {
        // Equal error rates: B keeps A's FPR and recall; its precision follows its base rate.
        "eo" => {
            let fpr = chouldechova_fpr(pa, acc, acc);
            let ppv_b = pb * acc / (pb * acc + (1.0 - pb) * fpr);
            (0.0, 100.0 * (ppv_b - acc).abs())
        }
        // Equal flag rates at the mean base rate: each group's flags catch `acc` of the
        // positives that fit, the rest are false positives.
        "dp" => {
            let s = 0.5 * (pa + pb);
            let fpr = |p: f64| (s - acc * p.min(s)).max(0.0) / (1.0 - p);
            let ppv = |p: f64| acc * p.min(s) / s;
            (
                100.0 * (fpr(pa) - fpr(pb)).abs(),
                100.0 * (ppv(pa) - ppv(pb)).abs(),
            )
        }
        // Calibration (and individual fairness, which ranks everyone on one calibrated score):
        // equal precision and recall, so Chouldechova fixes each group's FPR.
        _ => (
            100.0 * (chouldechova_fpr(pb, acc, acc) - chouldechova_fpr(pa, acc, acc)).abs(),
            0.0,
        ),
    }
}

/// Everything the verdict needs, for one design.
struct Assessment {
    out: Values,
    failures: Vec<&'static str>,
}

fn assess(d: &Design<'_>) -> Assessment {
    let mut o = Values::new();
    let peak = H100.peak.value;
    let bw = H100.mem_bw.value;
    let hbm = H100.memory.value;

    // Training memory and throughput.
    let state = training_memory(
        PARAMS,
        2.0,
        Optimizer::AdamMixed,
        Bytes::new(PARAMS * ACTIVATION_BYTES_PER_PARAM),
    )
    .total();
    let shard = match d.parallelism {
        "dp" => 1.0,
        "tp_pp" => MODEL_PARALLEL,
        _ => d.gpus,
    };
    let per_gpu = state * (1.0 / shard);
    let active = if d.parallelism == "moe" {
        MOE_ACTIVE
    } else {
        1.0
    };
    let tokens_day = training_tokens_per_s(PARAMS * active, peak, d.gpus, d.mfu) * 86_400.0;
    let mp = if d.parallelism == "dp" {
        1.0
    } else {
        MODEL_PARALLEL
    };
    let grads = Bytes::new(PARAMS * 2.0 / mp);
    let allreduce = ring_allreduce(grads, d.gpus / mp, IB_LATENCY.value, IB_NDR_PORT.value);
    let train_oom = per_gpu > hbm;
    o.num("state_tb", state.as_tb())
        .num("per_gpu_state_gb", per_gpu.as_gb())
        .num("tokens_per_day_b", tokens_day / 1e9)
        .num("tokens_per_month_t", tokens_day * 30.0 / 1e12)
        .num("allreduce_s", allreduce.as_s())
        .num(
            "train_mw",
            H100.power.value.as_w() * d.gpus * FLEET_PUE.value / 1e6,
        );

    // Serving: the smallest replica that holds its weights and the FP16 KV cache of its 64
    // streams, weight-only quantization (compute stays FP16), decode on the roofline, prefill
    // of the prompt, M/M/1 queueing for the first token.
    let model = Bytes::new(PARAMS * bytes_per_param(d.quant));
    let in_hbm = if d.offload == "host" {
        model * 0.5
    } else {
        model
    };
    let in_host = model - in_hbm;
    let shape = MEGATRON_1T.value;
    let kv_token = |tokens: f64, streams: f64| {
        kv_cache(
            shape.layers,
            shape.kv_heads,
            shape.head_dim,
            tokens,
            streams,
            KV_BYTES,
        )
    };
    let kv = kv_token(PROMPT_TOKENS + ANSWER_TOKENS, SERVING_BATCH);
    let s = ((in_hbm + kv) / hbm).ceil().max(1.0);
    let host_stream = in_host / (PCIE5_X16.value * s);
    let step = roofline_time(
        forward_flops(PARAMS * active, SERVING_BATCH),
        in_hbm + kv,
        peak * s,
        bw * s,
    ) + host_stream;
    let tok_s = SERVING_BATCH / step.as_s();
    let demand = USERS * REQUESTS_PER_USER_DAY * PEAK_FACTOR / 86_400.0 * CLOUD_SHARE;
    let prefill = roofline_time(
        forward_flops(PARAMS * active, PROMPT_TOKENS),
        in_hbm + kv_token(PROMPT_TOKENS, 1.0),
        peak * s,
        bw * s,
    ) + host_stream;
    // A replica's time per request: its prefill, and its share of the decode steps it rides
    // in (ANSWER_TOKENS steps shared by SERVING_BATCH streams). Both count toward the load.
    let lambda = demand / d.replicas;
    let decode_per_request = step * (ANSWER_TOKENS / SERVING_BATCH);
    let work = prefill + decode_per_request;
    let mu = 1.0 / work.as_s();
    let rho = utilization(lambda, mu, 1.0);
    let decode_share = lambda * decode_per_request.as_s();
    // Time to first token: an arriving prompt queues for the prefill capacity the decode
    // steps leave free, an M/M/1 server of rate (1 − decode share) / prefill. Its mean is
    // prefill / (1 − ρ), its P99 ln(100) ≈ 4.6 times that.
    let prefill_rate = (1.0 - decode_share).max(0.0) / prefill.as_s();
    let overloaded = rho >= 1.0;
    let (mean_ms, p99) = if overloaded {
        (OVERLOADED_MS, OVERLOADED_MS)
    } else {
        (
            mm1_sojourn(lambda, prefill_rate).as_ms().min(OVERLOADED_MS),
            mm1_sojourn_quantile(lambda, prefill_rate, 0.99)
                .as_ms()
                .min(OVERLOADED_MS),
        )
    };
    let serving_gpus = d.replicas * s;
    let total_gpus = d.gpus + serving_gpus;
    let in_flight = little_l(
        demand,
        Seconds::ms(mean_ms) + step * ANSWER_TOKENS,
    );
    let p99_bad = overloaded || p99 > P99_SLO.as_ms();
    o.num("kv_cache_gb", kv.as_gb())
        .num("gpus_per_replica", s)
        .num("decode_step_ms", step.as_ms())
        .num("replica_tokens_per_s", tok_s)
        .num("replica_rps", mu)
        .num("demand_rps", demand)
        .num("serving_util_pct", 100.0 * rho)
        .num("decode_share_pct", 100.0 * decode_share)
        .num("prefill_ms", prefill.as_ms())
        .num("ttft_mean_ms", mean_ms)
        .num("p99_ms", p99)
        .num("p99_slo_ms", P99_SLO.as_ms())
        .num("concurrent_requests", in_flight)
        .flag("serving_overloaded", overloaded)
        .num("serving_gpus", serving_gpus)
        .num("total_gpus", total_gpus);

    // Fault tolerance: training goodput, serving availability.
    let gpu_mtbf = Seconds::hours(GPU_MTBF_HOURS.value);
    let fleet = fleet_mtbf(gpu_mtbf, d.gpus);
    let ckpt = Bytes::new(PARAMS * CHECKPOINT_BYTES_PER_PARAM) / STORAGE_WRITE_BW.value;
    let interval = Seconds::minutes(d.interval_min);
    let waste = waste_fraction(interval, ckpt, TRAIN_RESTART, fleet);
    let replica_mtbf = fleet_mtbf(gpu_mtbf, s);
    let avail = redundant_availability(
        steady_state_availability(replica_mtbf, REPLICA_MTTR),
        d.replication,
    );
    let goodput_low = waste > GOODPUT_LOSS_MAX;
    let avail_low = avail < AVAILABILITY_TARGET;
    o.num("fleet_mtbf_h", fleet.as_hours())
        .num("checkpoint_s", ckpt.as_s())
        .num("young_daly_min", young_daly(ckpt, fleet).as_minutes())
        .num("waste_pct", 100.0 * waste)
        .num("replica_mtbf_h", replica_mtbf.as_hours())
        .num("availability_pct", 100.0 * avail);

    // Privacy.
    let gdpr = d.epsilon > GDPR_EPSILON;
    let ccpa = d.epsilon > CCPA_EPSILON;
    let upload = if d.residency == "central" {
        0.0
    } else {
        transfer_time(LORA_DIFF, PHONE_UPLINK, 1.0).as_minutes()
    };
    o.num(
        "accuracy_penalty_pct",
        (DP_COST_PER_INV_EPS / d.epsilon).min(DP_COST_MAX),
    )
    .num("round_upload_min", upload);

    // Fairness.
    let (fpr_gap, ppv_gap) = fairness_gaps(d.criterion, d.base_gap, d.accuracy);
    let unfair = fpr_gap > FPR_GAP_MAX;
    o.num("fpr_gap_pp", fpr_gap).num("ppv_gap_pp", ppv_gap);

    // Carbon and cost.
    let intensity =
        d.renewable * PPA_G_PER_KWH.value + (1.0 - d.renewable) * GRID_EU_G_PER_KWH.value;
    let energy = facility_energy(
        H100.power.value * total_gpus,
        Seconds::hours(HOURS_PER_YEAR),
        FLEET_PUE.value,
    );
    let gpu_hour = H100_USD_PER_GPU_HOUR.value * HOURS_PER_YEAR;
    let cost_train = d.gpus * gpu_hour;
    let cost_serve = serving_gpus * gpu_hour;
    let cost_ppa = energy.as_mwh() * d.renewable * PPA_PREMIUM_USD_PER_MWH.value;
    let cost = cost_train + cost_serve + cost_ppa;
    let dirty = intensity > CARBON_MAX;
    let over = cost > BUDGET_USD;
    o.num("grid_intensity", intensity)
        .num("energy_gwh", energy.as_mwh() / 1000.0)
        .num("co2_t", carbon(energy, intensity).as_tonnes())
        .num(
            "fleet_mw",
            H100.power.value.as_w() * total_gpus * FLEET_PUE.value / 1e6,
        )
        .num("cost_train_busd", cost_train / 1e9)
        .num("cost_serve_busd", cost_serve / 1e9)
        .num("cost_ppa_busd", cost_ppa / 1e9)
        .num("cost_total_busd", cost / 1e9)
        .num("budget_busd", BUDGET_USD / 1e9);

    let checks = [
        ("training_oom", train_oom),
        ("serving_p99", p99_bad),
        ("goodput", goodput_low),
        ("availability", avail_low),
        ("privacy", gdpr || ccpa),
        ("fairness", unfair),
        ("carbon", dirty),
        ("budget", over),
    ];
    let failures: Vec<&'static str> = checks
        .iter()
        .filter(|(_, bad)| *bad)
        .map(|(k, _)| *k)
        .collect();
    o.flag("train_oom", train_oom)
        .flag("p99_violated", p99_bad)
        .flag("p99_slo_met", !p99_bad)
        .flag("goodput_low", goodput_low)
        .flag("availability_low", avail_low)
        .flag("gdpr_violated", gdpr)
        .flag("ccpa_violated", ccpa)
        .flag("privacy_violated", gdpr || ccpa)
        .flag("fairness_violated", unfair)
        .flag("calibration_warn", ppv_gap > PPV_GAP_MAX)
        .flag("carbon_violated", dirty)
        .flag("carbon_compliant", !dirty)
        .flag("over_budget", over)
        .num("checks_passed", (checks.len() - failures.len()) as f64)
        .num("checks_total", checks.len() as f64)
        .flag("feasible", failures.is_empty())
        .flag("constraint_hit", !failures.is_empty())
        .text(
            "verdict",
            if failures.is_empty() {
                "feasible"
            } else {
                "infeasible"
            },
        )
        .text("first_failure", failures.first().copied().unwrap_or("none"));
    Assessment { out: o, failures }
}

fn accuracy(correct: f64, done: f64) -> f64 {
    if done > 0.0 {
        100.0 * correct.min(done) / done
    } else {
        50.0
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    // Act I: the audit.
    let (d1, d2) = (i.n("vol1_done"), i.n("vol2_done"));
    let (c1, c2) = (i.n("vol1_correct").min(d1), i.n("vol2_correct").min(d2));
    let pick = |names: &[&'static str], better: fn(f64, f64) -> bool| {
        let mut best: Option<(&'static str, f64)> = None;
        for (name, input) in DOMAINS {
            if !names.contains(&name) {
                continue;
            }
            let v = i.n(input);
            if best.is_none_or(|(_, b)| better(v, b)) {
                best = Some((name, v));
            }
        }
        best.map_or("memory", |(n, _)| n)
    };
    let all: Vec<&'static str> = DOMAINS.iter().map(|(n, _)| *n).collect();
    o.num("labs_done", d1 + d2)
        .num("vol1_accuracy_pct", accuracy(c1, d1))
        .num("vol2_accuracy_pct", accuracy(c2, d2))
        .num("overall_accuracy_pct", accuracy(c1 + c2, d1 + d2))
        .text("weakest_domain", pick(&all, |v, b| v < b))
        .text("strongest_domain", pick(&all, |v, b| v > b))
        .text("weakest_option", pick(&OFFERED, |v, b| v < b))
        .flag("audit_has_data", d1 + d2 > 0.0);

    // Act II: the student's design.
    let design = Design {
        gpus: i.n("gpus"),
        parallelism: i.t("parallelism"),
        mfu: i.n("mfu_pct") / 100.0,
        replicas: i.n("replicas"),
        quant: i.t("quant"),
        offload: i.t("offload"),
        interval_min: i.n("interval_min"),
        replication: i.t("replication").parse().unwrap_or(1.0),
        epsilon: i.n("epsilon"),
        residency: i.t("residency"),
        criterion: i.t("fairness_criterion"),
        base_gap: i.n("base_gap_pct") / 100.0,
        accuracy: i.n("fair_acc_pct") / 100.0,
        renewable: i.n("renewable_pct") / 100.0,
    };
    for (k, v) in assess(&design).out.iter() {
        o.set(k, v);
    }
    let witness = assess(&WITNESS);
    o.text(
        "act2_verdict",
        witness
            .failures
            .first()
            .copied()
            .unwrap_or("all_satisfiable"),
    );
    o
}

/// The Lab 17 model.
pub const MODEL: Model = Model {
    id: "v2-17",
    title: "The Constraints Never Lie",
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

    /// The reference design: a mixture of experts on the default 5,000 INT8 replicas, two
    /// per shard group, 90% renewable power.
    const FEASIBLE: [(&str, Value); 3] = [
        ("parallelism", Value::Text("moe")),
        ("replication", Value::Text("2")),
        ("renewable_pct", Value::Num(90.0)),
    ];

    #[test]
    fn ledger_flags_are_the_negated_failures() {
        // The first draft: P99 over 500 ms, 161 g/kWh at 40% renewables.
        let o = eval(&[]);
        assert_eq!(o.get("p99_slo_met"), Some(Value::Bool(false)));
        assert_eq!(o.get("carbon_compliant"), Some(Value::Bool(false)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(true)));
        // The reference design: MoE serving (P99 272 ms), 90% renewable power.
        let o = eval(&FEASIBLE);
        assert_eq!(o.get("p99_slo_met"), Some(Value::Bool(true)));
        assert_eq!(o.get("carbon_compliant"), Some(Value::Bool(true)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_audit_finds_the_weakest_wall() {
        // No data: every domain at 50%, ties to book order.
        let o = eval(&[]);
        assert_eq!(o.get("weakest_option"), Some(Value::Text("memory")));
        assert_eq!(o.get("audit_has_data"), Some(Value::Bool(false)));
        assert_eq!(o.n("overall_accuracy_pct"), 50.0);
        let o = eval(&[
            ("acc_ethics", Value::Num(20.0)),
            ("acc_reliability", Value::Num(10.0)),
            ("acc_compute", Value::Num(90.0)),
            ("vol1_done", Value::Num(10.0)),
            ("vol1_correct", Value::Num(7.0)),
            ("vol2_done", Value::Num(8.0)),
            ("vol2_correct", Value::Num(12.0)),
        ]);
        // Reliability is weakest overall but is not offered; of the four, ethics.
        assert_eq!(o.get("weakest_domain"), Some(Value::Text("reliability")));
        assert_eq!(o.get("weakest_option"), Some(Value::Text("ethics")));
        assert_eq!(o.get("strongest_domain"), Some(Value::Text("compute")));
        // Correct answers are capped by labs done: (7 + 8) / 18 = 83.3%.
        assert_eq!(o.n("labs_done"), 18.0);
        assert!((o.n("vol2_accuracy_pct") - 100.0).abs() < 1e-9);
        assert!((o.n("overall_accuracy_pct") - 1500.0 / 18.0).abs() < 1e-9);
    }

    #[test]
    fn act2_keyed_answer_all_satisfiable() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_verdict"), Some(Value::Text("all_satisfiable")));
        let o = eval(&FEASIBLE);
        assert_eq!(o.get("feasible"), Some(Value::Bool(true)));
        assert_eq!(o.get("verdict"), Some(Value::Text("feasible")));
        assert_eq!(o.n("checks_passed"), 8.0);
        // 40% → 90% renewables: 0.9 × 20 + 0.1 × 255 = 43.5 g/kWh.
        assert!((o.n("grid_intensity") - 43.5).abs() < 1e-9);
        // Two replicas per group: 1 − (1.87e-4)² ≈ 99.999996%.
        assert!(o.n("availability_pct") > 99.9999);
        // 16,384 + 5,000 × 19 = 111,384 GPUs × $3 × 8,760 h = $2.927 B; 111,384 × 0.7 kW ×
        // 1.2 × 8,760 h = 819.6 GWh, × 0.9 × $10/MWh = $7.4 M of renewable premium: $2.935 B.
        assert!((o.n("cost_total_busd") - 2.9345).abs() < 1e-3);
    }

    #[test]
    fn act2_defaults_fail_serving_availability_and_carbon() {
        let o = eval(&[]);
        assert_eq!(o.get("feasible"), Some(Value::Bool(false)));
        assert_eq!(o.n("checks_passed"), 5.0);
        assert_eq!(o.get("p99_violated"), Some(Value::Bool(true)));
        // 0.4 × 20 + 0.6 × 255 = 161 g/kWh.
        assert!((o.n("grid_intensity") - 161.0).abs() < 1e-9);
        assert_eq!(o.get("carbon_violated"), Some(Value::Bool(true)));
        // A 19-GPU replica fails every 50,677/19 = 2,667.2 h and takes 0.5 h to restore:
        // 2,667.2 / 2,667.7 = 99.981% < 99.99%.
        assert!((o.n("availability_pct") - 99.981_26).abs() < 1e-4);
        assert_eq!(o.get("availability_low"), Some(Value::Bool(true)));
        assert_eq!(o.get("first_failure"), Some(Value::Text("serving_p99")));
    }

    #[test]
    fn option_a_training_memory_has_a_fix() {
        // 1e12 × 20 B = 20 TB; fully sharded over 16,384 GPUs: 1.22 GB each.
        let o = eval(&[]);
        assert!((o.n("state_tb") - 20.0).abs() < 1e-9);
        assert!((o.n("per_gpu_state_gb") - 1.220_7).abs() < 1e-4);
        assert_eq!(o.get("train_oom"), Some(Value::Bool(false)));
        // TP + PP alone shards 64 ways: 312.5 GB per GPU (the original's wall).
        let o = eval(&[("parallelism", Value::Text("tp_pp"))]);
        assert!((o.n("per_gpu_state_gb") - 312.5).abs() < 1e-9);
        assert_eq!(o.get("train_oom"), Some(Value::Bool(true)));
        let o = eval(&[("parallelism", Value::Text("three_d"))]);
        assert_eq!(o.get("train_oom"), Some(Value::Bool(false)));
        // Tokens: 0.4 × 989e12 × 16,384 / 6e12 × 86,400 = 93.3 B a day.
        assert!((o.n("tokens_per_day_b") - 93.334).abs() < 1e-3);
    }

    #[test]
    fn option_b_serving_p99_has_a_fix() {
        let o = eval(&[]);
        // KV cache of the 1T shape (128 layers × 160 heads × 160, MHA, FP16): 2 × 128 × 160 ×
        // 160 × 2 B = 13.1 MB a token; 64 streams × 600 tokens = 503.3 GB. Dense INT8:
        // ⌈(1,000 + 503.3) / 80⌉ = 19 GPUs. A decode step reads 1,503.3 GB at 19 × 3.35 TB/s
        // = 23.62 ms (2 × 1e12 × 64 FLOP take 6.81 ms: memory-bound) → 2,710 tokens/s.
        // Prefill of 500 tokens: 1e15 FLOP / (19 × 989 TFLOP/s) = 53.22 ms.
        assert!((o.n("kv_cache_gb") - 503.32).abs() < 0.01);
        assert_eq!(o.n("gpus_per_replica"), 19.0);
        assert!((o.n("decode_step_ms") - 23.618).abs() < 1e-3);
        assert!((o.n("prefill_ms") - 53.217).abs() < 1e-3);
        // Each request costs 53.22 + 100/64 × 23.62 = 90.12 ms of a replica: 11.10 req/s.
        // Demand 5e9 × 2 × 3 / 86,400 × 0.2 = 69,444 req/s on 5,000 replicas = 13.89 each:
        // ρ = 13.89 × 0.09012 = 125.2%, overloaded.
        assert!((o.n("demand_rps") - 69_444.44).abs() < 0.01);
        assert!((o.n("replica_rps") - 11.096).abs() < 1e-3);
        assert!((o.n("serving_util_pct") - 125.17).abs() < 0.01);
        assert_eq!(o.get("serving_overloaded"), Some(Value::Bool(true)));
        assert_eq!(o.get("p99_violated"), Some(Value::Bool(true)));
        // The fix: a mixture of experts (10% active) prefills 1e14 FLOP (5.3 ms of compute),
        // now bound by reading 1,006.6 GB (weights and the prompt's KV) in 15.81 ms. λ =
        // 13.89/s; decode takes 13.89 × 36.90 ms = 51.3% of the replica and ρ = 13.89 ×
        // 52.72 ms = 73.2%. Prefill capacity left (1 − 0.5126) / 15.81 ms = 30.82/s: mean
        // 1 / (30.82 − 13.89) = 59.05 ms, P99 ln 100 × 59.05 = 271.9 ms < 500.
        let moe = [("parallelism", Value::Text("moe"))];
        let o = eval(&moe);
        assert!((o.n("prefill_ms") - 15.814).abs() < 1e-3);
        assert!((o.n("decode_share_pct") - 51.26).abs() < 0.01);
        assert!((o.n("serving_util_pct") - 73.22).abs() < 0.01);
        assert!((o.n("ttft_mean_ms") - 59.05).abs() < 0.01);
        assert!((o.n("p99_ms") - 271.9).abs() < 0.1);
        assert_eq!(o.get("p99_violated"), Some(Value::Bool(false)));
        // Little: 69,444 req/s × (59.05 ms + 100 × 23.62 ms) = 168,118 requests in flight.
        assert!((o.n("concurrent_requests") - 168_118.0).abs() < 1.0);
        // A dense FP16 fleet also works, at 8,000 replicas of 32 GPUs ($7.2 B): prefill
        // 31.60 ms, step 23.35 ms, ρ = 8.681 × (31.60 + 36.49) ms = 59.1%, P99 = 4.605 ×
        // 31.60 / (1 − 0.591) = 355.8 ms. Dense INT8 needs 20,000 replicas (356.7 ms) and
        // $10.4 B, over the budget.
        let o = eval(&[
            ("quant", Value::Text("fp16")),
            ("replicas", Value::Num(8000.0)),
        ]);
        assert!((o.n("p99_ms") - 355.8).abs() < 0.1);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
        let o = eval(&[("replicas", Value::Num(20_000.0))]);
        assert_eq!(o.get("p99_violated"), Some(Value::Bool(false)));
        assert_eq!(o.get("over_budget"), Some(Value::Bool(true)));
        // From the MoE design: 4,000 replicas (ρ 91.5%, P99 859 ms), 3,000 (saturated) and
        // host offload over PCIe break it again.
        for (k, v) in [
            ("replicas", Value::Num(4000.0)),
            ("replicas", Value::Num(3000.0)),
            ("offload", Value::Text("host")),
        ] {
            let o = eval(&[moe[0], (k, v)]);
            assert_eq!(o.get("p99_violated"), Some(Value::Bool(true)), "{k}");
        }
        let o = eval(&[moe[0], ("replicas", Value::Num(4000.0))]);
        assert!((o.n("p99_ms") - 859.2).abs() < 0.1);
    }

    #[test]
    fn option_c_privacy_has_a_fix() {
        let o = eval(&[]);
        assert_eq!(o.get("privacy_violated"), Some(Value::Bool(false)));
        let o = eval(&[("epsilon", Value::Num(2.0))]);
        assert_eq!(o.get("gdpr_violated"), Some(Value::Bool(true)));
        assert_eq!(o.get("ccpa_violated"), Some(Value::Bool(false)));
        let o = eval(&[("epsilon", Value::Num(5.0))]);
        assert_eq!(o.get("ccpa_violated"), Some(Value::Bool(true)));
        // Federated rounds: 2 GB at 10 Mbit/s = 1,600 s = 26.7 min.
        let o = eval(&[("residency", Value::Text("federated"))]);
        assert!((o.n("round_upload_min") - 26.667).abs() < 1e-3);
    }

    #[test]
    fn every_other_check_is_reachable_and_reversible() {
        // Training goodput: 16,384 GPUs fail every 3.09 h; checkpoints take 14 TB / 400 GB/s =
        // 35 s. At 30 min: 35/1,800 + (900 + 600)/11,135 = 15.4% lost. At 120 min: 38.2%.
        let o = eval(&[]);
        assert!((o.n("checkpoint_s") - 35.0).abs() < 1e-9);
        assert!((o.n("waste_pct") - 15.42).abs() < 0.01);
        assert!((o.n("young_daly_min") - 14.71).abs() < 0.01);
        let o = eval(&[("interval_min", Value::Num(120.0))]);
        assert_eq!(o.get("goodput_low"), Some(Value::Bool(true)));
        let o = eval(&[("gpus", Value::Num(65_536.0))]);
        assert_eq!(o.get("goodput_low"), Some(Value::Bool(true)));
        let o = eval(&[("interval_min", Value::Num(30.0))]);
        assert_eq!(o.get("goodput_low"), Some(Value::Bool(false)));
        // Fairness under calibration: FPR 3.75% vs 8.08% = 4.3 points; at a 40-point gap and
        // 50% accuracy: 12.5% vs 75% = 62.5 points.
        let o = eval(&[]);
        assert!((o.n("fpr_gap_pp") - 4.327).abs() < 1e-3);
        let o = eval(&[
            ("base_gap_pct", Value::Num(40.0)),
            ("fair_acc_pct", Value::Num(50.0)),
        ]);
        assert!((o.n("fpr_gap_pp") - 62.5).abs() < 1e-9);
        assert_eq!(o.get("fairness_violated"), Some(Value::Bool(true)));
        // Equalized odds removes the FPR gap but splits precision: group B keeps FPR 3.75% and
        // recall 85%, so its precision is 0.35 × 0.85 / (0.2975 + 0.65 × 0.0375) = 92.4%,
        // 7.4 points above A's 85% (under the 10-point advisory).
        let o = eval(&[("fairness_criterion", Value::Text("eo"))]);
        assert_eq!(o.n("fpr_gap_pp"), 0.0);
        assert!((o.n("ppv_gap_pp") - 7.42).abs() < 0.01);
        assert_eq!(o.get("calibration_warn"), Some(Value::Bool(false)));
        // A 30-point gap pushes it over: B's precision 0.5 × 0.85 / (0.425 + 0.5 × 0.0375) =
        // 95.8%, 10.8 points above.
        let o = eval(&[
            ("fairness_criterion", Value::Text("eo")),
            ("base_gap_pct", Value::Num(30.0)),
        ]);
        assert_eq!(o.get("calibration_warn"), Some(Value::Bool(true)));
        // Budget: 20,000 FP16 replicas of ⌈(2,000 + 503.3) / 80⌉ = 32 GPUs: 656,384 GPUs ×
        // $26,280 = $17.3 B.
        let o = eval(&[
            ("replicas", Value::Num(20_000.0)),
            ("quant", Value::Text("fp16")),
        ]);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(true)));
        let o = eval(&[]);
        // Defaults: 111,384 GPUs × $26,280 = $2.927 B plus the PPA premium.
        assert!((o.n("cost_train_busd") + o.n("cost_serve_busd") - 2.9272).abs() < 1e-3);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
    }

    #[test]
    fn latency_falls_with_replicas() {
        let mut prev = f64::MAX;
        for r in (26..=200).map(|k| 100.0 * k as f64) {
            let o = eval(&[
                ("parallelism", Value::Text("moe")),
                ("replicas", Value::Num(r)),
            ]);
            assert!(o.n("p99_ms") <= prev);
            prev = o.n("p99_ms");
        }
    }
}
