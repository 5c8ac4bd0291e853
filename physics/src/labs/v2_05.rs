//! Vol 2 Lab 05, "The Parallelism Paradox": adding data-parallel replicas lowers MFU because
//! the gradient sync leaves NVLink and pays a latency step per bucket per GPU (Act I), and a
//! model that does not fit needs tensor × pipeline × data parallelism, each axis with its own
//! tax (Act II: GPT-3 175B on 1,024 H100).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: ledger and spec card `context_gpus`): `dp` data-parallel
//! 7B on 8–512 GPUs, `3d` 3D-parallel GPT-3 175B on 1,024 H100.
//!
//! **Act I scenario**: the defaults: a 7B model, 8 sequences of 2,048 tokens per GPU per
//! step, 52 % kernel MFU, DDP buckets of 25 MB, NVLink inside one 8-GPU node and one NDR400
//! port per GPU beyond it. The stakeholder's measurements are the model's `mfu_at_8` (50 %),
//! `mfu_at_64` (35 %) and `mfu_at_512` (25 %), at the same per-GPU batch.
//!
//! **Act I prediction** ("Why does MFU fall as GPUs are added?"), checked against the text
//! output `act1_cause`:
//! - A "NCCL software overhead", value `software` (the drop is what the α-β ring predicts
//!   with no software term)
//! - **B "The all-reduce grows with scale and leaves NVLink, while compute per GPU stays
//!   flat", value `allreduce_grows` — keyed** (`allreduce_ms_8` 58 ms → `allreduce_ms_512`
//!   1,417 ms)
//! - C "Cache / HBM pressure", value `memory` (`compute_ms` is identical at every N)
//! - D "The batch is too large", value `batch` (the per-GPU batch is the same at every N)
//!
//! Instruments: `mfu_pct` (≥ 45 green, ≥ 25 amber), `comm_ratio` (≤ 0.3, ≤ 0.8),
//! `allreduce_ms`, `compute_ms`; `nvlink_forced_to_ib` shows the notice when `gpus1` > 8
//! with `link1` = `nvlink`.
//!
//! **Act I reflection** (keyed B, "bucketing lets the all-reduce overlap the backward
//! pass"): quotes `hidden_pct_512` (63 %) and `mfu_overlap_512` (37 %).
//!
//! **Act II scenario**: the defaults: TP 8, PP 4 (DP 32), 32 micro-batches; 175B with
//! mixed-precision Adam (16 B/param) and the optimizer state sharded over DP (Megatron's
//! distributed optimizer); limits 80 GB per GPU and a 10 % bubble.
//!
//! **Act II prediction** ("Which layout maximizes MFU within 80 GB and a 10 % bubble?"),
//! checked against the text output `best_candidate` (candidates evaluated at the current
//! micro-batch count):
//! - A "TP 32 / PP 1 / DP 32", value `tp32_pp1` (`cand_a_mfu_pct` 7.6 %: TP over IB)
//! - **B "TP 8 / PP 4 / DP 32", value `tp8_pp4` — keyed** (`cand_b_mfu_pct` 39.4 %)
//! - C "PP 1,024", value `pp1024` (invalid: more stages than the 96 layers)
//! - D "TP 4 / PP 256", value `tp4_pp256` (invalid: more stages than layers)
//!
//! Instruments: `mem_gb` (with `weights_grads_gb`, `optimizer_gb`, `activations_gb`),
//! `bubble_pct`, `mfu_pct2`, `dp`, `tp_comm_pct`, `dp_sync_s`, `layout_issue`.
//!
//! **Act II failures**: `oom` (danger, > 80 GB per GPU; off at defaults, fires at PP 1 with
//! TP 8, 90.6 GB); `tp_cross_node` (warn, TP > 8; fires at TP 16); `invalid_layout` (danger:
//! DP not an integer, TP not dividing the 96 heads, PP not dividing the 96 layers, or fewer
//! sequences per replica than micro-batches; fires at TP 3). `bubble_high` colours the card
//! only.
//!
//! **Act II reflection** (keyed B, "TP all-reduces activations in every layer"): quotes
//! `tp_allreduces_per_microbatch` (384), `tp_comm_pct` (14 % on NVLink) and
//! `tp16_comm_pct` (279 % at TP 16 over InfiniBand).
//!
//! **Takeaways**: (1) `nvlink_over_ib` (9×); (3) `m_for_10pct`, the micro-batches a 10 %
//! bubble needs at the current PP.
//!
//! **Ledger** (`v2_05`): `tp_degree` ← `tp`; `pp_degree` ← `pp`; `dp_degree` ← `dp`;
//! `total_gpus` ← `total_gpus`; `mfu_percent` and `act2_result` ← `mfu_pct2`;
//! `memory_feasible` ← `memory_feasible`; `act1_reflect` ← the Act I reflection pick;
//! `constraint_hit` ← `constraint_hit` (OOM or TP across nodes).

use crate::catalog::{
    ACTIVATIONS_PER_STAGE_GB, DDP_BUCKET, DGX_GPUS_PER_NODE, DIST_TRAINING_MFU, GPT3_BATCH_SEQS,
    GPT3_HEADS, GPT3_HIDDEN, GPT3_LAYERS, GPT3_PARAMS, H100, IB_ALPHA, IB_NDR400_BW, NVLINK_ALPHA,
    NVLINK4_BW,
};
use crate::laws::allreduce::bucketed_ring_allreduce;
use crate::laws::collective::ring_allreduce;
use crate::laws::memory::Optimizer;
use crate::laws::parallelism::{
    pipeline_bubble, sharded_training_memory, tp_comm_ratio, training_flops,
};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, FlopRate, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "dp",
        label: "Data-parallel (7B, 8–512 GPUs)",
    },
    Choice {
        value: "3d",
        label: "3D-parallel (GPT-3 175B, 1,024 H100)",
    },
];

const LINKS: &[Choice] = &[
    Choice {
        value: "nvlink",
        label: "NVLink (one node only)",
    },
    Choice {
        value: "ib",
        label: "InfiniBand NDR400",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "dp",
        },
    },
    InputDef {
        name: "model1_b",
        label: "Model size",
        kind: InputKind::Range {
            min: 1.0,
            max: 175.0,
            step: 1.0,
            default: 7.0,
            unit: Unit::BParams,
        },
    },
    InputDef {
        name: "gpus1",
        label: "Data-parallel GPUs",
        kind: InputKind::Range {
            min: 8.0,
            max: 1024.0,
            step: 8.0,
            default: 8.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "mbs1",
        label: "Sequences (2,048 tokens) per GPU per step",
        kind: InputKind::Range {
            min: 8.0,
            max: 128.0,
            step: 8.0,
            default: 8.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "link1",
        label: "Gradient interconnect",
        kind: InputKind::Choice {
            options: LINKS,
            default: "nvlink",
        },
    },
    InputDef {
        name: "tp",
        label: "Tensor-parallel degree",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "pp",
        label: "Pipeline-parallel degree",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "m",
        label: "Micro-batches per step",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 32.0,
            unit: Unit::None,
        },
    },
];

/// Values of `link_used`.
const LINKS_USED: &[Choice] = &[
    Choice {
        value: "nvlink",
        label: "NVLink",
    },
    Choice {
        value: "ib",
        label: "InfiniBand",
    },
];

/// Values of `act1_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "allreduce_grows",
        label: "the all-reduce grows with scale",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

/// Values of `layout_issue`.
const LAYOUT_ISSUES: &[Choice] = &[
    Choice {
        value: "ok",
        label: "valid",
    },
    Choice {
        value: "dp_not_integer",
        label: "DP is not an integer",
    },
    Choice {
        value: "tp_not_dividing_heads",
        label: "TP does not divide the heads",
    },
    Choice {
        value: "pp_not_dividing_layers",
        label: "PP does not divide the layers",
    },
    Choice {
        value: "too_few_sequences",
        label: "fewer sequences per replica than micro-batches",
    },
];

/// Values of `best_candidate`: a feasible candidate of the prediction, or none.
const CANDIDATES: &[Choice] = &[
    Choice {
        value: "tp32_pp1",
        label: "TP 32 / PP 1 / DP 32",
    },
    Choice {
        value: "tp8_pp4",
        label: "TP 8 / PP 4 / DP 32",
    },
    Choice {
        value: "pp1024",
        label: "PP 1,024",
    },
    Choice {
        value: "tp4_pp256",
        label: "TP 4 / PP 256",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("context_gpus", "GPUs in this context", Unit::Gpus),
    num("grad_gb", "FP16 gradient", Unit::Gb),
    num("compute_ms", "Compute per step", Unit::Ms),
    num("allreduce_ms", "Gradient all-reduce per step", Unit::Ms),
    num("comm_ratio", "All-reduce ÷ compute", Unit::Ratio),
    num("mfu_pct", "MFU", Unit::Percent),
    flag(
        "nvlink_forced_to_ib",
        "NVLink spans one node: beyond 8 GPUs the sync uses InfiniBand",
    ),
    choice("link_used", "Interconnect used", LINKS_USED),
    num("mfu_at_8", "MFU at 8 GPUs", Unit::Percent),
    num("mfu_at_64", "MFU at 64 GPUs", Unit::Percent),
    num("mfu_at_512", "MFU at 512 GPUs", Unit::Percent),
    num("allreduce_ms_8", "All-reduce at 8 GPUs", Unit::Ms),
    num("allreduce_ms_512", "All-reduce at 512 GPUs", Unit::Ms),
    choice("act1_cause", "Why MFU falls", CAUSES),
    num(
        "mfu_overlap_pct",
        "MFU with backward overlap",
        Unit::Percent,
    ),
    num(
        "hidden_pct",
        "Share of the all-reduce hidden",
        Unit::Percent,
    ),
    num(
        "mfu_overlap_512",
        "MFU with overlap at 512 GPUs",
        Unit::Percent,
    ),
    num("hidden_pct_512", "Share hidden at 512 GPUs", Unit::Percent),
    num("total_gpus", "GPUs", Unit::Gpus),
    num("dp", "Data-parallel degree", Unit::None),
    choice("layout_issue", "Layout check", LAYOUT_ISSUES),
    flag("invalid_layout", "Invalid layout"),
    num("weights_grads_gb", "Weights + gradients per GPU", Unit::Gb),
    num("optimizer_gb", "Optimizer state per GPU", Unit::Gb),
    num("activations_gb", "Activations per GPU", Unit::Gb),
    num("mem_gb", "Memory per GPU", Unit::Gb),
    flag("oom", "Out of memory: more than 80 GB per GPU"),
    flag("memory_feasible", "Fits in 80 GB"),
    flag(
        "tp_cross_node",
        "Tensor parallelism crosses the node boundary",
    ),
    num("bubble_pct", "Pipeline bubble", Unit::Percent),
    flag("bubble_high", "Bubble above 10%"),
    num("m_for_10pct", "Micro-batches for a 10% bubble", Unit::None),
    num(
        "tp_comm_pct",
        "Tensor-parallel communication ÷ compute",
        Unit::Percent,
    ),
    num(
        "tp16_comm_pct",
        "Same at TP 16 over InfiniBand",
        Unit::Percent,
    ),
    num(
        "tp_allreduces_per_microbatch",
        "TP all-reduces per micro-batch",
        Unit::None,
    ),
    num("tp_msg_mb", "Activations per TP all-reduce", Unit::Mb),
    num("tp_ar_ms", "One TP all-reduce", Unit::Ms),
    num("dp_sync_s", "Gradient sync across replicas", Unit::Seconds),
    num("step_s", "Step time", Unit::Seconds),
    num("mfu_pct2", "MFU", Unit::Percent),
    num("cand_a_mfu_pct", "TP 32 / PP 1 MFU", Unit::Percent),
    num("cand_b_mfu_pct", "TP 8 / PP 4 MFU", Unit::Percent),
    num("cand_c_mfu_pct", "PP 1,024 MFU", Unit::Percent),
    num("cand_d_mfu_pct", "TP 4 / PP 256 MFU", Unit::Percent),
    choice("best_candidate", "Best feasible candidate", CANDIDATES),
    num("nvlink_over_ib", "NVLink ÷ one NDR400 port", Unit::Ratio),
    flag("constraint_hit", "OOM or TP across nodes"),
];

/// Tokens per sequence.
const SEQ_LEN: f64 = 2048.0;
/// Act II cluster.
const CLUSTER: f64 = 1024.0;
/// Limits of Act II.
const HBM: Bytes = Bytes::gb(80.0);
const BUBBLE_LIMIT: f64 = 0.10;

fn sustained() -> FlopRate {
    H100.peak.value * DIST_TRAINING_MFU.value
}

/// The link a data-parallel sync over `n` GPUs uses: NVLink only inside one node.
fn dp_link(n: f64, want_nvlink: bool) -> (Seconds, Bandwidth) {
    if want_nvlink && n <= DGX_GPUS_PER_NODE.value {
        (NVLINK_ALPHA.value, NVLINK4_BW.value)
    } else {
        (IB_ALPHA.value, IB_NDR400_BW.value)
    }
}

/// Act I step at `n` GPUs: (compute, all-reduce).
fn act1_step(params: f64, mbs: f64, n: f64, want_nvlink: bool) -> (Seconds, Seconds) {
    let tc = training_flops(params, mbs * SEQ_LEN) / sustained();
    let (a, b) = dp_link(n, want_nvlink);
    let ar = bucketed_ring_allreduce(Bytes::new(2.0 * params), DDP_BUCKET.value, n, a, b);
    (tc, ar)
}

fn mfu(tc: Seconds, ar: Seconds) -> f64 {
    DIST_TRAINING_MFU.value * (tc / (tc + ar))
}

/// With bucketing, the all-reduce overlaps the backward pass (2/3 of the compute): the step
/// is `forward + max(backward, all-reduce)`. Returns (MFU, share of the all-reduce hidden).
fn overlapped(tc: Seconds, ar: Seconds) -> (f64, f64) {
    let step = tc * (1.0 / 3.0) + (tc * (2.0 / 3.0)).max(ar);
    let hidden = if ar.as_s() > 0.0 {
        ((tc + ar) - step) / ar
    } else {
        1.0
    };
    (DIST_TRAINING_MFU.value * (tc / step), hidden)
}

/// One Act II layout.
struct Layout {
    dp: f64,
    issue: &'static str,
    mem: crate::laws::memory::TrainingMemory,
    bubble: f64,
    tp_ratio: f64,
    dp_sync: Seconds,
    step: Seconds,
    mfu: f64,
}

fn divides(d: f64, n: f64) -> bool {
    d >= 1.0 && (n / d).fract() == 0.0
}

fn layout(tp: f64, pp: f64, m: f64) -> Layout {
    let params = GPT3_PARAMS.value;
    let shards = tp * pp;
    let dp = CLUSTER / shards;
    let seqs_per_replica = GPT3_BATCH_SEQS.value / dp;
    let issue = if !divides(shards, CLUSTER) {
        "dp_not_integer"
    } else if !divides(tp, GPT3_HEADS.value) {
        "tp_not_dividing_heads"
    } else if !divides(pp, GPT3_LAYERS.value) {
        "pp_not_dividing_layers"
    } else if m > seqs_per_replica {
        "too_few_sequences"
    } else {
        "ok"
    };
    let act = Bytes::gb(ACTIVATIONS_PER_STAGE_GB.value / tp);
    let mem = sharded_training_memory(params, shards, dp, 2.0, Optimizer::AdamMixed, act);
    let bubble = pipeline_bubble(pp, m);
    // A TP group wider than a node rings through the InfiniBand links.
    let tp_bw = if tp <= DGX_GPUS_PER_NODE.value {
        NVLINK4_BW.value
    } else {
        IB_NDR400_BW.value
    };
    let tp_ratio = tp_comm_ratio(tp, GPT3_HIDDEN.value, sustained(), tp_bw);
    // Every GPU's share of the global batch: 6 · P · tokens / (1,024 · sustained rate).
    let tc = training_flops(params, GPT3_BATCH_SEQS.value * SEQ_LEN) / (sustained() * CLUSTER);
    let dp_sync = ring_allreduce(
        Bytes::new(2.0 * params / shards),
        dp,
        IB_ALPHA.value,
        IB_NDR400_BW.value,
    );
    let step = tc * ((1.0 + tp_ratio) / (1.0 - bubble)) + dp_sync;
    Layout {
        dp,
        issue,
        mem,
        bubble,
        tp_ratio,
        dp_sync,
        step,
        mfu: DIST_TRAINING_MFU.value * (tc / step),
    }
}

fn feasible(l: &Layout) -> bool {
    l.issue == "ok" && l.mem.total() <= HBM && l.bubble <= BUBBLE_LIMIT
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_gpus",
        if i.t("context") == "3d" { CLUSTER } else { 8.0 },
    );

    // Act I: data parallelism at fixed per-GPU batch.
    let params = i.n("model1_b") * 1e9;
    let mbs = i.n("mbs1");
    let n = i.n("gpus1");
    let want_nv = i.t("link1") == "nvlink";
    let (tc, ar) = act1_step(params, mbs, n, want_nv);
    let forced = want_nv && n > DGX_GPUS_PER_NODE.value;
    let uses_nv = want_nv && !forced;
    let (tc8, ar8) = act1_step(params, mbs, 8.0, true);
    let (_, ar64) = act1_step(params, mbs, 64.0, true);
    let (tc512, ar512) = act1_step(params, mbs, 512.0, true);
    let cause = if ar512 > ar8 && (tc512 - tc8).as_s().abs() < 1e-12 {
        "allreduce_grows"
    } else {
        "none"
    };
    let (mfu_ov, hidden) = overlapped(tc, ar);
    let (mfu_ov512, hidden512) = overlapped(tc512, ar512);
    o.num("grad_gb", 2.0 * params / 1e9)
        .num("compute_ms", tc.as_ms())
        .num("allreduce_ms", ar.as_ms())
        .num("comm_ratio", ar / tc)
        .num("mfu_pct", 100.0 * mfu(tc, ar))
        .flag("nvlink_forced_to_ib", forced)
        .text("link_used", if uses_nv { "nvlink" } else { "ib" })
        .num("mfu_at_8", 100.0 * mfu(tc8, ar8))
        .num("mfu_at_64", 100.0 * mfu(tc8, ar64))
        .num("mfu_at_512", 100.0 * mfu(tc512, ar512))
        .num("allreduce_ms_8", ar8.as_ms())
        .num("allreduce_ms_512", ar512.as_ms())
        .text("act1_cause", cause)
        .num("mfu_overlap_pct", 100.0 * mfu_ov)
        .num("hidden_pct", 100.0 * hidden)
        .num("mfu_overlap_512", 100.0 * mfu_ov512)
        .num("hidden_pct_512", 100.0 * hidden512);

    // Act II: the chosen layout.
    let (tp, pp, m) = (i.n("tp"), i.n("pp"), i.n("m"));
    let l = layout(tp, pp, m);
    let oom = l.mem.total() > HBM;
    let cross = tp > DGX_GPUS_PER_NODE.value;
    let tp16 = tp_comm_ratio(16.0, GPT3_HIDDEN.value, sustained(), IB_NDR400_BW.value);
    // One TP all-reduce: the micro-batch's b·s·h activations at 2 B, ringed over TP GPUs.
    let micro_seqs = GPT3_BATCH_SEQS.value / l.dp / m;
    let msg = Bytes::new(micro_seqs * SEQ_LEN * GPT3_HIDDEN.value * 2.0);
    let tp_bw = if cross {
        IB_NDR400_BW.value
    } else {
        NVLINK4_BW.value
    };
    o.num("total_gpus", CLUSTER)
        .num("dp", l.dp)
        .text("layout_issue", l.issue)
        .flag("invalid_layout", l.issue != "ok")
        .num(
            "weights_grads_gb",
            (l.mem.weights + l.mem.gradients).as_gb(),
        )
        .num("optimizer_gb", l.mem.optimizer.as_gb())
        .num("activations_gb", l.mem.activations.as_gb())
        .num("mem_gb", l.mem.total().as_gb())
        .flag("oom", oom)
        .flag("memory_feasible", !oom)
        .flag("tp_cross_node", cross)
        .num("bubble_pct", 100.0 * l.bubble)
        .flag("bubble_high", l.bubble > BUBBLE_LIMIT)
        // (p−1)/(m+p−1) ≤ 0.1 ⇔ m ≥ 9(p−1).
        .num("m_for_10pct", (9.0 * (pp - 1.0)).max(1.0))
        .num("tp_comm_pct", 100.0 * l.tp_ratio)
        .num("tp16_comm_pct", 100.0 * tp16)
        .num("tp_allreduces_per_microbatch", 4.0 * GPT3_LAYERS.value)
        .num("tp_msg_mb", msg.as_mb())
        .num(
            "tp_ar_ms",
            ring_allreduce(msg, tp, Seconds::ZERO, tp_bw).as_ms(),
        )
        .num("dp_sync_s", l.dp_sync.as_s())
        .num("step_s", l.step.as_s())
        .num("mfu_pct2", 100.0 * l.mfu)
        .flag("constraint_hit", oom || cross);

    // The four candidate plans of the prediction, at the current micro-batch count.
    let cands = [
        ("tp32_pp1", layout(32.0, 1.0, m)),
        ("tp8_pp4", layout(8.0, 4.0, m)),
        ("pp1024", layout(1.0, 1024.0, m)),
        ("tp4_pp256", layout(4.0, 256.0, m)),
    ];
    let best = cands
        .iter()
        .filter(|(_, l)| feasible(l))
        .max_by(|a, b| a.1.mfu.total_cmp(&b.1.mfu))
        .map(|(k, _)| *k)
        .unwrap_or("none");
    o.num("cand_a_mfu_pct", 100.0 * cands[0].1.mfu)
        .num("cand_b_mfu_pct", 100.0 * cands[1].1.mfu)
        .num("cand_c_mfu_pct", 100.0 * cands[2].1.mfu)
        .num("cand_d_mfu_pct", 100.0 * cands[3].1.mfu)
        .text("best_candidate", best)
        .num("nvlink_over_ib", NVLINK4_BW.value / IB_NDR400_BW.value);
    o
}

/// The Vol 2 Lab 05 model.
pub const MODEL: Model = Model {
    id: "v2-05",
    title: "The Parallelism Paradox",
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
    fn act1_story_points() {
        let o = eval(&[]);
        // Compute: 6 × 7e9 × 8 × 2,048 = 6.8813e14 FLOP / 514.28 TFLOP/s = 1,338.04 ms.
        assert!((o.n("compute_ms") - 1338.04).abs() < 0.01);
        // 8 GPUs, NVLink: 560 buckets × (14 × 0.5 µs + 1.75 × 25 MB / 450 GB/s) = 58.36 ms.
        assert!((o.n("allreduce_ms_8") - 58.364).abs() < 1e-3);
        // MFU 0.52 × 1,338.04 / 1,396.41 = 49.83 %.
        assert!((o.n("mfu_at_8") - 49.826).abs() < 1e-3);
        // 64 GPUs, IB: 560 × (126 × 1.5 µs + 2 × 63/64 × 0.5 ms) = 657.09 ms → 34.87 %.
        assert!((o.n("mfu_at_64") - 34.874).abs() < 1e-3);
        // 512 GPUs: 560 × (1,022 × 1.5 µs + 0.99805 ms) = 1,417.39 ms → 25.25 %.
        assert!((o.n("allreduce_ms_512") - 1417.39).abs() < 0.01);
        assert!((o.n("mfu_at_512") - 25.251).abs() < 1e-3);
    }

    #[test]
    fn act1_prediction_keys_allreduce() {
        let o = eval(&[]);
        assert_eq!(o.get("act1_cause"), Some(Value::Text("allreduce_grows")));
        // C and D: per-GPU compute is identical at 8 and 512 GPUs (same batch, same work).
        let a = eval(&[("gpus1", Value::Num(512.0))]);
        assert!((a.n("compute_ms") - o.n("compute_ms")).abs() < 1e-12);
        // B's margin: the all-reduce grows 1,417 / 58.4 = 24.3×.
        assert!((o.n("allreduce_ms_512") / o.n("allreduce_ms_8") - 24.29).abs() < 0.01);
        // Notice: NVLink cannot span 512 GPUs.
        assert_eq!(a.get("nvlink_forced_to_ib"), Some(Value::Bool(true)));
        assert_eq!(a.get("link_used"), Some(Value::Text("ib")));
        assert!((a.n("mfu_pct") - a.n("mfu_at_512")).abs() < 1e-12);
    }

    #[test]
    fn act1_reflection_overlap_hides_most() {
        let o = eval(&[]);
        // 512: step = 446.01 + max(892.03, 1,417.39) = 1,863.40 ms; hidden (2,755.43 − 1,863.40)
        // / 1,417.39 = 62.9 %; MFU 0.52 × 1,338.04 / 1,863.40 = 37.34 %.
        assert!((o.n("hidden_pct_512") - 62.93).abs() < 0.01);
        assert!((o.n("mfu_overlap_512") - 37.339).abs() < 1e-3);
        // At 8 GPUs the 58 ms sync hides entirely under the 892 ms backward pass.
        assert!((o.n("hidden_pct") - 100.0).abs() < 1e-9);
    }

    #[test]
    fn act1_properties() {
        // MFU never rises with more GPUs; all-reduce never falls.
        let (mut m_prev, mut a_prev) = (f64::INFINITY, 0.0);
        for n in (8..=1024).step_by(8) {
            let o = eval(&[("gpus1", Value::Num(n as f64))]);
            assert!(o.n("mfu_pct") <= m_prev + 1e-12 && o.n("allreduce_ms") >= a_prev);
            m_prev = o.n("mfu_pct");
            a_prev = o.n("allreduce_ms");
        }
        // A bigger per-GPU batch amortises the sync.
        let small = eval(&[("gpus1", Value::Num(512.0))]).n("mfu_pct");
        let big = eval(&[("gpus1", Value::Num(512.0)), ("mbs1", Value::Num(64.0))]).n("mfu_pct");
        assert!(big > small);
    }

    #[test]
    fn act2_defaults_fit_and_meet_the_bubble() {
        let o = eval(&[]);
        // DP = 1,024 / 32 = 32.
        assert!((o.n("dp") - 32.0).abs() < 1e-12);
        assert_eq!(o.get("layout_issue"), Some(Value::Text("ok")));
        // 175e9 / 32 = 5.46875e9 params: 21.875 GB weights + grads; Adam 12 B / 32 = 2.0508 GB;
        // activations 8 / 8 = 1 GB: 24.93 GB.
        assert!((o.n("mem_gb") - 24.925_78).abs() < 1e-4);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        // Bubble 3 / 35 = 8.57 %.
        assert!((o.n("bubble_pct") - 8.5714).abs() < 1e-4);
        assert_eq!(o.get("bubble_high"), Some(Value::Bool(false)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_prediction_keys_b() {
        let o = eval(&[]);
        assert_eq!(o.get("best_candidate"), Some(Value::Text("tp8_pp4")));
        // Compute share: 6 × 175e9 × 1,536 × 2,048 / (514.28e12 × 1,024) = 6.2720 s.
        // TP ratio (2/9) × 7 × 514.28e12 / (12,288 × 450e9) = 0.14468; bubble ×35/32;
        // DP sync 62 × 1.5 µs + 2 × 31/32 × 10.9375 / 50 = 0.42392 s.
        // Step 6.2720 × 1.14468 × 1.09375 + 0.42392 = 8.2766 s; MFU 0.52 × 6.272 / 8.2766 = 39.41 %.
        assert!((o.n("step_s") - 8.2766).abs() < 1e-3);
        assert!((o.n("cand_b_mfu_pct") - 39.406).abs() < 1e-2);
        assert!((o.n("mfu_pct2") - o.n("cand_b_mfu_pct")).abs() < 1e-12);
        // A: TP 32 rings over InfiniBand: ratio (2/9) × 31 × 0.83705 = 5.766; MFU 7.6 %, 5.2× lower.
        assert!((o.n("cand_a_mfu_pct") - 7.60).abs() < 0.01);
        assert!(o.n("cand_b_mfu_pct") / o.n("cand_a_mfu_pct") > 5.0);
        // C and D: more pipeline stages than GPT-3's 96 layers.
        for (tp, pp) in [(1.0, 1024.0), (4.0, 256.0)] {
            let l = layout(tp, pp, 32.0);
            assert_eq!(l.issue, "pp_not_dividing_layers");
            assert!(!feasible(&l));
        }
    }

    #[test]
    fn act2_failures_fire_and_clear() {
        // PP 1 with TP 8: 175e9 / 8 × 4 B = 87.5 GB + 12 × 175e9 / 1,024 = 2.05 GB + 1 GB = 90.55 GB.
        let o = eval(&[("pp", Value::Num(1.0))]);
        assert!((o.n("mem_gb") - 90.5508).abs() < 1e-4);
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(true)));
        assert_eq!(
            eval(&[("pp", Value::Num(4.0))]).get("oom"),
            Some(Value::Bool(false))
        );
        // TP 16 crosses the node: warning.
        let o = eval(&[("tp", Value::Num(16.0)), ("pp", Value::Num(2.0))]);
        assert_eq!(o.get("tp_cross_node"), Some(Value::Bool(true)));
        assert_eq!(eval(&[]).get("tp_cross_node"), Some(Value::Bool(false)));
        // TP 3: 1,024 / 12 is not an integer.
        let o = eval(&[("tp", Value::Num(3.0))]);
        assert_eq!(o.get("invalid_layout"), Some(Value::Bool(true)));
        assert_eq!(o.get("layout_issue"), Some(Value::Text("dp_not_integer")));
        // 64 micro-batches with DP 32 leave 48 sequences per replica: too few.
        let o = eval(&[("m", Value::Num(64.0))]);
        assert_eq!(
            o.get("layout_issue"),
            Some(Value::Text("too_few_sequences"))
        );
        assert_eq!(eval(&[]).get("invalid_layout"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_reflection_and_takeaways() {
        let o = eval(&[]);
        // 4 all-reduces per layer per micro-batch × 96 layers = 384.
        assert!((o.n("tp_allreduces_per_microbatch") - 384.0).abs() < 1e-12);
        // 14.47 % on NVLink vs (2/9) × 15 × 0.83705 = 279.0 % at TP 16 over one NDR port.
        assert!((o.n("tp_comm_pct") - 14.468).abs() < 1e-3);
        assert!((o.n("tp16_comm_pct") - 279.02).abs() < 0.01);
        // One TP all-reduce: 1.5 sequences × 2,048 × 12,288 × 2 B = 75.50 MB; 1.75 × 75.5 / 450 = 0.294 ms.
        assert!((o.n("tp_msg_mb") - 75.497).abs() < 1e-3);
        assert!((o.n("tp_ar_ms") - 0.2936).abs() < 1e-4);
        // 450 / 50 = 9×; PP 4 needs m ≥ 27 for a 10 % bubble.
        assert!((o.n("nvlink_over_ib") - 9.0).abs() < 1e-12);
        assert!((o.n("m_for_10pct") - 27.0).abs() < 1e-12);
        // At m = 8 the bubble is 3 / 11 = 27.3 % (not the 9.4 % of a (p−1)/(p·m) formula).
        assert!((eval(&[("m", Value::Num(8.0))]).n("bubble_pct") - 27.273).abs() < 1e-3);
    }

    #[test]
    fn bubble_falls_with_microbatches() {
        let mut prev = f64::INFINITY;
        for m in 1..=48 {
            let b = eval(&[("m", Value::Num(m as f64))]).n("bubble_pct");
            assert!(b < prev);
            prev = b;
        }
    }
}
