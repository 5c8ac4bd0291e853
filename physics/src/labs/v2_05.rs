//! Vol 2 Lab 05, "The Parallelism Paradox": at a fixed global batch, adding data-parallel
//! replicas lowers MFU because each GPU's share of the compute shrinks while the gradient
//! all-reduce does not (it grows as it leaves NVLink), and a model must also fit: plain data
//! parallelism holds 16 B of training state per parameter on every GPU (Act I). A model that
//! does not fit needs tensor × pipeline × data parallelism, each axis with its own tax (Act II:
//! GPT-3 175B on 1,024 H100).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: ledger and spec card `context_gpus`): `dp` data-parallel
//! 7B on 8–1,024 GPUs, `3d` 3D-parallel GPT-3 175B on 1,024 H100.
//!
//! **Act I scenario**: the defaults: a 7B model, a fixed global batch of 1,024 sequences of
//! 2,048 tokens (`batch1`), micro-batches of 1 sequence (`micro1`), the optimizer state sharded
//! over the data-parallel GPUs (`zero_stage` = `zero1`, ZeRO-1), no activation checkpointing
//! (`ckpt1` off), 52 % kernel MFU. The fabric is V2-01's and V2-02's (8 links): NVLink inside
//! each 8-GPU DGX node, one NDR400 port per GPU between nodes; the gradient all-reduce is the
//! shared two-level all-reduce in DDP buckets of 25 MiB. Each GPU runs ⌈1,024 / N⌉ whole
//! sequences (`per_gpu_seqs`) in ⌈that / micro-batch⌉ micro-batches (`micro_batches`). The
//! stakeholder's measurements are the model's `mfu_at_8` (52 %), `mfu_at_64` (50 %) and
//! `mfu_at_512` (31 %), at the same global batch.
//!
//! **Act I prediction** ("Why does MFU fall as GPUs are added?"), checked against the text
//! output `act1_cause`:
//! - A "NCCL software overhead", value `software` (the model has no software term: the
//!   α-β fabric alone gives the fall)
//! - **B "Each GPU's share of the fixed batch shrinks while the gradient all-reduce does not",
//!   value `compute_shrinks` — keyed** (`compute_ms_8` 21,409 ms → `compute_ms_512` 335 ms;
//!   `allreduce_ms_8` 58 ms → `allreduce_ms_512` 228 ms)
//! - C "Cache / HBM pressure", value `memory` (`mem1_gb_512`, 60.5 GB, is below the 70.8 GB
//!   `mem1_gb` at 8 GPUs)
//! - D "The batch is too large", value `batch` (the per-GPU batch falls from 128 to 2)
//!
//! Instruments: `mfu_pct` (≥ 45 green, ≥ 25 amber), `comm_ratio` (≤ 0.3, ≤ 0.8),
//! `allreduce_ms`, `comm_ms`, `compute_ms`, `per_gpu_seqs`, `micro_batches`, `padding_pct`;
//! the memory stack `weights1_gb`, `grads1_gb`, `optimizer1_gb`, `activations1_gb`, `mem1_gb`;
//! `crosses_nodes` shows the notice when the sync spans more than one node.
//!
//! **Act I failure** `oom1` (danger, > 80 GB per GPU): off at defaults (70.8 GB); fires with no
//! sharding (`zero_stage` = `zero0`: 112 GB of state + 32.3 GB of activations = 144.3 GB), with
//! micro-batches of 2 sequences (103.2 GB) or at 13B (120.4 GB, which checkpointing brings
//! to 79.3 GB); each clears by moving its control back. `static_bytes_per_param` (16) is the unsharded state per parameter.
//!
//! **Act I reflection** (keyed B, "bucketing overlaps the all-reduce with the backward pass,
//! but with gradient accumulation only the last micro-batch's"): quotes `hidden_pct_512`
//! (49 %) and `mfu_overlap_512` (38.6 %).
//!
//! **Act II scenario**: the defaults: TP 8, PP 4 (DP 32), GPT-3's global batch of 1,536
//! sequences, i.e. 48 per replica (`seqs_per_replica`) in 48 micro-batches of 1 sequence
//! (`micro_seqs`); 175B with mixed-precision Adam (16 B/param) and the optimizer state sharded
//! over DP (Megatron's distributed optimizer); activations per Korthikanti et al. 2022 with
//! tensor + sequence parallelism, the first 1F1B stage holding min(PP, m) micro-batches;
//! limits 80 GB per GPU and a 10 % bubble.
//!
//! **Act II prediction** ("Which layout maximizes MFU within 80 GB and a 10 % bubble?"),
//! checked against the text output `best_candidate` (candidates evaluated at the current
//! micro-batch count):
//! - A "TP 32 / PP 1 / DP 32", value `tp32_pp1` (`cand_a_mfu_pct` 7.6 %: TP over IB)
//! - **B "TP 8 / PP 4 / DP 32", value `tp8_pp4` — keyed** (`cand_b_mfu_pct` 40.5 %)
//! - C "PP 1,024", value `pp1024` (invalid: more stages than the 96 layers)
//! - D "TP 4 / PP 256", value `tp4_pp256` (invalid: more stages than layers)
//!
//! Instruments: `mem_gb` (with `weights_grads_gb`, `optimizer_gb`, `activations_gb`),
//! `bubble_pct`, `mfu_pct2`, `dp`, `micro_seqs`, `tp_comm_pct`, `dp_sync_s`, `layout_issue`.
//!
//! **Act II failures**: `oom` (danger, > 80 GB per GPU; off at defaults, 58.4 GB; fires at PP 1
//! with TP 8, 124.0 GB); `tp_cross_node` (warn, TP > 8; fires at TP 16); `invalid_layout`
//! (danger: DP not an integer, TP not dividing the 96 heads, PP not dividing the 96 layers,
//! fewer sequences per replica than micro-batches, or micro-batches that do not split the
//! replica's sequences into whole, equal micro-batches as Megatron requires; fires at TP 3 and
//! at m = 32, 48 / 32 = 1.5 sequences). `bubble_high` colours the card only.
//!
//! **Act II reflection** (keyed B, "TP all-reduces activations in every layer"): quotes
//! `tp_allreduces_per_microbatch` (384), `tp_comm_pct` (14 % on NVLink) and
//! `tp16_comm_pct` (279 % at TP 16 over InfiniBand).
//!
//! **Takeaways**: (1) `nvlink_over_ib` (9×); (3) `m_for_10pct`, the fewest whole micro-batches
//! that split the replica's batch evenly with a bubble of at most 10 % (48 at PP 4; 0 when none
//! does).
//!
//! **Ledger** (`v2_05`): `tp_degree` ← `tp`; `pp_degree` ← `pp`; `dp_degree` ← `dp`;
//! `total_gpus` ← `total_gpus`; `mfu_percent` and `act2_result` ← `mfu_pct2`;
//! `memory_feasible` ← `memory_feasible`; `act1_reflect` ← the Act I reflection pick;
//! `constraint_hit` ← `constraint_hit` (OOM in either act, or TP across nodes).

use crate::catalog::{
    DDP_BUCKET, DGX_GPUS_PER_NODE, DIST_TRAINING_MFU, GPT3_BATCH_SEQS, GPT3_HEADS, GPT3_HIDDEN,
    GPT3_LAYERS, GPT3_PARAMS, H100, IB_ALPHA, IB_NDR400_BW, LLAMA2_7B_HEAD_DIM, LLAMA2_7B_HEADS,
    LLAMA2_7B_LAYERS, NVLINK_ALPHA, NVLINK4_BW,
};
use crate::laws::allreduce::{Level, bucketed_hierarchical_allreduce, hierarchical_allreduce};
use crate::laws::collective::ring_allreduce;
use crate::laws::memory::{Optimizer, TrainingMemory, ZeroStage, zero_training_memory};
use crate::laws::parallelism::{
    pipeline_bubble, sharded_training_memory, tp_comm_ratio, training_flops,
};
use crate::laws::training::RECOMPUTE_FACTOR;
use crate::laws::transformer::{layer_activation_bytes, model_activation_bytes};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bytes, FlopRate, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "dp",
        label: "Data-parallel (7B, 8–1,024 GPUs)",
    },
    Choice {
        value: "3d",
        label: "3D-parallel (GPT-3 175B, 1,024 H100)",
    },
];

const ZERO_STAGES: &[Choice] = &[
    Choice {
        value: "zero0",
        label: "None: every GPU holds all the state (plain DDP)",
    },
    Choice {
        value: "zero1",
        label: "ZeRO-1: shard the optimizer state",
    },
    Choice {
        value: "zero2",
        label: "ZeRO-2: shard optimizer state and gradients",
    },
    Choice {
        value: "zero3",
        label: "ZeRO-3 / FSDP: shard optimizer state, gradients and weights",
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
        name: "batch1",
        label: "Global batch (sequences of 2,048 tokens per step)",
        kind: InputKind::Range {
            min: 256.0,
            max: 8192.0,
            step: 256.0,
            default: 1024.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "micro1",
        label: "Micro-batch (sequences per GPU per pass)",
        kind: InputKind::Range {
            min: 1.0,
            max: 8.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "zero_stage",
        label: "Sharding of the training state (ZeRO stage)",
        kind: InputKind::Choice {
            options: ZERO_STAGES,
            default: "zero1",
        },
    },
    InputDef {
        name: "ckpt1",
        label: "Activation checkpointing (recompute the forward pass)",
        kind: InputKind::Toggle { default: false },
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
            default: 48.0,
            unit: Unit::None,
        },
    },
];

/// Values of `act1_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "compute_shrinks",
        label: "each GPU's share of the fixed batch shrinks while the all-reduce does not",
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
    Choice {
        value: "uneven_micro_batches",
        label: "the micro-batches do not split the replica's sequences evenly",
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
    // Act I: the step.
    num("grad_gb", "FP16 gradient", Unit::Gb),
    num("nodes1", "8-GPU nodes", Unit::Nodes),
    flag(
        "crosses_nodes",
        "The gradient sync leaves NVLink: it spans more than one node",
    ),
    num("per_gpu_seqs", "Sequences per GPU per step", Unit::Samples),
    num("micro_batches", "Micro-batches per GPU per step", Unit::None),
    num(
        "padding_pct",
        "Padded (repeated) sequences in the step",
        Unit::Percent,
    ),
    num("compute_ms", "Compute per step", Unit::Ms),
    num("buckets", "DDP gradient buckets", Unit::None),
    num(
        "allreduce_ms",
        "One bucketed gradient all-reduce",
        Unit::Ms,
    ),
    num(
        "allreduce_unbucketed_ms",
        "The same all-reduce as one message",
        Unit::Ms,
    ),
    num(
        "comm_ms",
        "Gradient and weight traffic per step",
        Unit::Ms,
    ),
    num("comm_ratio", "Communication ÷ compute", Unit::Ratio),
    num("mfu_pct", "MFU", Unit::Percent),
    num("mfu_at_8", "MFU at 8 GPUs", Unit::Percent),
    num("mfu_at_64", "MFU at 64 GPUs", Unit::Percent),
    num("mfu_at_512", "MFU at 512 GPUs", Unit::Percent),
    num("compute_ms_8", "Compute per step at 8 GPUs", Unit::Ms),
    num("compute_ms_512", "Compute per step at 512 GPUs", Unit::Ms),
    num("allreduce_ms_8", "All-reduce at 8 GPUs", Unit::Ms),
    num("allreduce_ms_64", "All-reduce at 64 GPUs", Unit::Ms),
    num("allreduce_ms_512", "All-reduce at 512 GPUs", Unit::Ms),
    choice("act1_cause", "Why MFU falls", CAUSES),
    num(
        "mfu_overlap_pct",
        "MFU with backward overlap",
        Unit::Percent,
    ),
    num(
        "hidden_pct",
        "Share of the communication hidden",
        Unit::Percent,
    ),
    num(
        "mfu_overlap_512",
        "MFU with overlap at 512 GPUs",
        Unit::Percent,
    ),
    num("hidden_pct_512", "Share hidden at 512 GPUs", Unit::Percent),
    // Act I: memory.
    num(
        "static_bytes_per_param",
        "Training state per parameter, unsharded",
        Unit::Bytes,
    ),
    num("weights1_gb", "FP16 weights per GPU", Unit::Gb),
    num("grads1_gb", "FP16 gradients per GPU", Unit::Gb),
    num(
        "optimizer1_gb",
        "FP32 master weights and Adam moments per GPU",
        Unit::Gb,
    ),
    num("act_per_seq_gb", "Activations per sequence", Unit::Gb),
    num("activations1_gb", "Activations per GPU", Unit::Gb),
    num("static1_gb", "Training state per GPU", Unit::Gb),
    num("mem1_gb", "Memory per GPU", Unit::Gb),
    num("mem1_gb_512", "Memory per GPU at 512 GPUs", Unit::Gb),
    flag("oom1", "Out of memory: more than 80 GB per GPU"),
    // Act II.
    num("total_gpus", "GPUs", Unit::Gpus),
    num("dp", "Data-parallel degree", Unit::None),
    num(
        "seqs_per_replica",
        "Sequences per model replica per step",
        Unit::Samples,
    ),
    num("micro_seqs", "Sequences per micro-batch", Unit::Samples),
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
    num(
        "m_for_10pct",
        "Fewest whole micro-batches for a bubble of at most 10% (0: none)",
        Unit::None,
    ),
    num(
        "tp_comm_pct",
        "Tensor-parallel communication ÷ compute",
        Unit::Percent,
    ).unbounded(),
    num(
        "tp16_comm_pct",
        "Same at TP 16 over InfiniBand",
        Unit::Percent,
    ).unbounded(),
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
    flag("constraint_hit", "OOM in either act, or TP across nodes"),
];

/// Tokens per sequence.
const SEQ_LEN: f64 = 2048.0;
/// Act II cluster.
const CLUSTER: f64 = 1024.0;
/// Bubble limit of Act II.
const BUBBLE_LIMIT: f64 = 0.10;
/// Mixed-precision training holds weights and gradients in FP16/BF16.
const BYTES_PER_VALUE: f64 = 2.0;

fn sustained() -> FlopRate {
    H100.peak.value * DIST_TRAINING_MFU.value
}

/// One GPU's memory, the same 80 GB device in both acts.
fn hbm() -> Bytes {
    H100.memory.value
}

/// The data-parallel fabric of Act I, the same as V2-01's and V2-02's with 8 links: NVLink
/// inside each 8-GPU DGX node, one NDR400 port per GPU (8 per node) between nodes.
fn fabric() -> (Level, Level) {
    (
        Level {
            alpha: NVLINK_ALPHA.value,
            beta: NVLINK4_BW.value,
        },
        Level {
            alpha: IB_ALPHA.value,
            beta: IB_NDR400_BW.value * DGX_GPUS_PER_NODE.value,
        },
    )
}

/// GPUs per node and nodes of an `n`-GPU data-parallel group.
fn nodes_of(n: f64) -> (f64, f64) {
    let per_node = n.clamp(1.0, DGX_GPUS_PER_NODE.value);
    (per_node, (n / per_node).max(1.0))
}

/// The DDP gradient all-reduce of `grad` over `n` GPUs: two-level, in 25 MiB buckets.
fn dp_allreduce(grad: Bytes, n: f64) -> Seconds {
    let (intra, node) = fabric();
    let (per_node, nodes) = nodes_of(n);
    bucketed_hierarchical_allreduce(grad, DDP_BUCKET.value, per_node, nodes, intra, node)
}

fn zero_stage(key: &str) -> ZeroStage {
    match key {
        "zero0" => ZeroStage::Zero0,
        "zero2" => ZeroStage::Zero2,
        "zero3" => ZeroStage::Zero3,
        _ => ZeroStage::Zero1,
    }
}

/// Activation memory of one 2,048-token sequence of a `params` model shaped like Llama 2
/// (width 128 × layers, head dimension 128): every layer's tensors (Korthikanti et al. 2022,
/// standard attention), or √L checkpointed segments.
fn activations_per_seq(params: f64, checkpointing: bool) -> Bytes {
    model_activation_bytes(
        params,
        SEQ_LEN,
        1.0,
        LLAMA2_7B_HEADS.value * LLAMA2_7B_HEAD_DIM.value / LLAMA2_7B_LAYERS.value,
        LLAMA2_7B_HEAD_DIM.value,
        BYTES_PER_VALUE,
        checkpointing,
    )
}

/// The Act I settings other than the GPU count.
#[derive(Clone, Copy)]
struct Job {
    params: f64,
    global: f64,
    micro: f64,
    stage: ZeroStage,
    checkpointing: bool,
}

/// One Act I step at `n` GPUs.
struct Step {
    per_gpu: f64,
    micro_batches: f64,
    compute: Seconds,
    allreduce: Seconds,
    comm: Seconds,
    mfu: f64,
    mfu_overlap: f64,
    hidden: f64,
    mem: TrainingMemory,
}

fn act1(job: Job, n: f64) -> Step {
    let params = job.params;
    // Every rank runs the same number of whole sequences: ⌈G / N⌉ (PyTorch's
    // DistributedSampler pads the last ranks with repeated samples), in ⌈per GPU / b⌉
    // micro-batches of b sequences, the last one possibly partial.
    let per_gpu = (job.global / n).ceil();
    let b = job.micro.min(per_gpu);
    let k = (per_gpu / b).ceil();
    let last = per_gpu - (k - 1.0) * b;
    let t_seq = training_flops(params, SEQ_LEN) / sustained();
    // Checkpointing runs each forward pass twice: a micro-batch costs 4/3 of its model FLOPs.
    let rf = if job.checkpointing {
        RECOMPUTE_FACTOR
    } else {
        1.0
    };
    let fwd = |seqs: f64| t_seq * (seqs / 3.0);
    let bwd = |seqs: f64| t_seq * (seqs * rf) - fwd(seqs);
    let compute = t_seq * (per_gpu * rf);

    // Communication per step (Rajbhandari et al. 2020): a reduce-scatter and an all-gather are
    // each half an all-reduce. Stages 0–1 accumulate the full gradient locally and all-reduce
    // it once, during the last micro-batch's backward pass; stage 2 keeps only its gradient
    // shard, so it reduce-scatters during every micro-batch's backward pass and all-gathers
    // the updated weights after the optimizer step; stage 3 also all-gathers the weights
    // before every forward and every backward pass.
    let grad = Bytes::new(BYTES_PER_VALUE * params);
    let ar = dp_allreduce(grad, n);
    let half = ar * 0.5;
    let (fc, bc, lc, ec) = match job.stage {
        ZeroStage::Zero0 | ZeroStage::Zero1 => (Seconds::ZERO, Seconds::ZERO, ar, Seconds::ZERO),
        ZeroStage::Zero2 => (Seconds::ZERO, half, Seconds::ZERO, half),
        ZeroStage::Zero3 => (half, ar, Seconds::ZERO, Seconds::ZERO),
    };
    let comm = (fc + bc) * k + lc + ec;
    let serial = compute + comm;
    // Overlapped: communication issued during a pass hides under it (bucketing, prefetch).
    let overlapped = (fwd(b).max(fc) + bwd(b).max(bc)) * (k - 1.0)
        + fwd(last).max(fc)
        + bwd(last).max(bc + lc)
        + ec;
    let useful = t_seq * (job.global / n);
    let hidden = if comm.as_s() > 0.0 {
        (serial - overlapped) / comm
    } else {
        1.0
    };

    let act = activations_per_seq(params, job.checkpointing) * b;
    let mem = zero_training_memory(
        params,
        1.0,
        n,
        job.stage,
        BYTES_PER_VALUE,
        Optimizer::AdamMixed,
        act,
    );
    Step {
        per_gpu,
        micro_batches: k,
        compute,
        allreduce: ar,
        comm,
        mfu: DIST_TRAINING_MFU.value * (useful / serial),
        mfu_overlap: DIST_TRAINING_MFU.value * (useful / overlapped),
        hidden,
        mem,
    }
}

/// One Act II layout.
struct Layout {
    dp: f64,
    seqs_per_replica: f64,
    micro_seqs: f64,
    issue: &'static str,
    mem: TrainingMemory,
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
    } else if !divides(m, seqs_per_replica) {
        "uneven_micro_batches"
    } else {
        "ok"
    };
    // Whole sequences per micro-batch: exact for a valid layout; otherwise the largest
    // micro-batch of an uneven split (⌈S / m⌉).
    let micro_seqs = (seqs_per_replica / m).ceil().max(1.0);
    // Activations (Korthikanti et al. 2022): each of the stage's L/p layers keeps
    // s·b·h·(34 + 5as/h) bytes per micro-batch, split t ways by tensor and sequence
    // parallelism; the first stage of a 1F1B schedule holds min(p, m) micro-batches at once.
    let per_layer = layer_activation_bytes(
        SEQ_LEN,
        micro_seqs,
        GPT3_HIDDEN.value,
        GPT3_HEADS.value,
        BYTES_PER_VALUE,
    );
    let act = per_layer * (GPT3_LAYERS.value / pp / tp * pp.min(m));
    let mem = sharded_training_memory(
        params,
        shards,
        dp,
        BYTES_PER_VALUE,
        Optimizer::AdamMixed,
        act,
    );
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
    // The DP peers of a shard sit in different nodes: each GPU's ring runs over its own port.
    let dp_sync = ring_allreduce(
        Bytes::new(BYTES_PER_VALUE * params / shards),
        dp,
        IB_ALPHA.value,
        IB_NDR400_BW.value,
    );
    let step = tc * ((1.0 + tp_ratio) / (1.0 - bubble)) + dp_sync;
    Layout {
        dp,
        seqs_per_replica,
        micro_seqs,
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
    l.issue == "ok" && l.mem.total() <= hbm() && l.bubble <= BUBBLE_LIMIT
}

/// The fewest micro-batches that split `seqs` sequences evenly with a bubble of at most 10 %
/// at `pp` stages, or 0 when none does: `(p−1)/(m+p−1) ≤ 0.1 ⇔ m ≥ 9(p−1)`.
fn m_for_10pct(pp: f64, seqs: f64) -> f64 {
    let need = (9.0 * (pp - 1.0)).max(1.0);
    let mut m = need;
    while m <= seqs {
        if divides(m, seqs) {
            return m;
        }
        m += 1.0;
    }
    0.0
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_gpus",
        if i.t("context") == "3d" { CLUSTER } else { 8.0 },
    );

    // Act I: data parallelism at a fixed global batch.
    let job = Job {
        params: i.n("model1_b") * 1e9,
        global: i.n("batch1"),
        micro: i.n("micro1"),
        stage: zero_stage(i.t("zero_stage")),
        checkpointing: i.b("ckpt1"),
    };
    let n = i.n("gpus1");
    let s = act1(job, n);
    let (s8, s64, s512) = (act1(job, 8.0), act1(job, 64.0), act1(job, 512.0));
    let cause = if s512.compute < s8.compute && s512.allreduce >= s8.allreduce {
        "compute_shrinks"
    } else {
        "none"
    };
    let oom1 = s.mem.total() > hbm();
    let grad = Bytes::new(BYTES_PER_VALUE * job.params);
    let (intra, node) = fabric();
    let (per_node, nodes) = nodes_of(n);
    let unbucketed = hierarchical_allreduce(grad, per_node, nodes, intra, node);
    let unsharded = zero_training_memory(
        job.params,
        1.0,
        1.0,
        ZeroStage::Zero0,
        BYTES_PER_VALUE,
        Optimizer::AdamMixed,
        Bytes::ZERO,
    );
    o.num("grad_gb", grad.as_gb())
        .num("nodes1", nodes)
        .flag("crosses_nodes", nodes > 1.0)
        .num("per_gpu_seqs", s.per_gpu)
        .num("micro_batches", s.micro_batches)
        .num("padding_pct", 100.0 * (1.0 - job.global / (s.per_gpu * n)))
        .num("compute_ms", s.compute.as_ms())
        .num("buckets", (grad / DDP_BUCKET.value).ceil().max(1.0))
        .num("allreduce_ms", s.allreduce.as_ms())
        .num("allreduce_unbucketed_ms", unbucketed.as_ms())
        .num("comm_ms", s.comm.as_ms())
        .num("comm_ratio", s.comm / s.compute)
        .num("mfu_pct", 100.0 * s.mfu)
        .num("mfu_at_8", 100.0 * s8.mfu)
        .num("mfu_at_64", 100.0 * s64.mfu)
        .num("mfu_at_512", 100.0 * s512.mfu)
        .num("compute_ms_8", s8.compute.as_ms())
        .num("compute_ms_512", s512.compute.as_ms())
        .num("allreduce_ms_8", s8.allreduce.as_ms())
        .num("allreduce_ms_64", s64.allreduce.as_ms())
        .num("allreduce_ms_512", s512.allreduce.as_ms())
        .text("act1_cause", cause)
        .num("mfu_overlap_pct", 100.0 * s.mfu_overlap)
        .num("hidden_pct", 100.0 * s.hidden)
        .num("mfu_overlap_512", 100.0 * s512.mfu_overlap)
        .num("hidden_pct_512", 100.0 * s512.hidden)
        .num(
            "static_bytes_per_param",
            unsharded.static_state().as_bytes() / job.params,
        )
        .num("weights1_gb", s.mem.weights.as_gb())
        .num("grads1_gb", s.mem.gradients.as_gb())
        .num("optimizer1_gb", s.mem.optimizer.as_gb())
        .num(
            "act_per_seq_gb",
            activations_per_seq(job.params, job.checkpointing).as_gb(),
        )
        .num("activations1_gb", s.mem.activations.as_gb())
        .num("static1_gb", s.mem.static_state().as_gb())
        .num("mem1_gb", s.mem.total().as_gb())
        .num("mem1_gb_512", s512.mem.total().as_gb())
        .flag("oom1", oom1);

    // Act II: the chosen layout.
    let (tp, pp, m) = (i.n("tp"), i.n("pp"), i.n("m"));
    let l = layout(tp, pp, m);
    let oom = l.mem.total() > hbm();
    let cross = tp > DGX_GPUS_PER_NODE.value;
    let tp16 = tp_comm_ratio(16.0, GPT3_HIDDEN.value, sustained(), IB_NDR400_BW.value);
    // One TP all-reduce: the micro-batch's b·s·h activations at 2 B, ringed over TP GPUs.
    let msg = Bytes::new(l.micro_seqs * SEQ_LEN * GPT3_HIDDEN.value * BYTES_PER_VALUE);
    let tp_bw = if cross {
        IB_NDR400_BW.value
    } else {
        NVLINK4_BW.value
    };
    o.num("total_gpus", CLUSTER)
        .num("dp", l.dp)
        .num("seqs_per_replica", l.seqs_per_replica)
        .num("micro_seqs", l.micro_seqs)
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
        .num("m_for_10pct", m_for_10pct(pp, l.seqs_per_replica))
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
        .flag("constraint_hit", oom1 || oom || cross);

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

    fn at(n: f64) -> Values {
        eval(&[("gpus1", Value::Num(n))])
    }

    #[test]
    fn act1_story_points() {
        let o = eval(&[]);
        // One sequence: 6 × 7e9 × 2,048 = 8.6016e13 FLOP / (989e12 × 0.52 = 514.28 TFLOP/s)
        // = 167.255 ms. 8 GPUs run 1,024 / 8 = 128 sequences: 21,408.66 ms.
        assert_eq!(o.n("per_gpu_seqs"), 128.0);
        assert_eq!(o.n("micro_batches"), 128.0);
        assert!((o.n("compute_ms") - 21_408.66).abs() < 0.01);
        // 14 GB in 25 MiB buckets: 14e9 / 26,214,400 = 534.06 → 535. One node:
        // 535 × 2 × 7 × 0.5 µs = 3.745 ms + 2 × 7/8 × 14 / 450 = 54.444 ms: 58.189 ms.
        assert_eq!(o.n("buckets"), 535.0);
        assert!((o.n("allreduce_ms_8") - 58.189).abs() < 1e-3);
        // MFU 0.52 × 21,408.66 / 21,466.85 = 51.86 %.
        assert!((o.n("mfu_at_8") - 51.859).abs() < 1e-3);
        // 64 GPUs (8 nodes), 16 sequences = 2,676.08 ms; all-reduce 535 × (7 + 2 × 7 × 1.5 µs)
        // = 14.98 ms + 54.444 + 2 × 7/8 × 14 / 400 (8 × 50 GB/s per node) = 61.25 ms:
        // 130.674 ms; MFU 0.52 × 2,676.08 / 2,806.76 = 49.58 %.
        assert!((o.n("allreduce_ms_64") - 130.674).abs() < 1e-3);
        assert!((o.n("mfu_at_64") - 49.579).abs() < 1e-3);
        // 512 GPUs (64 nodes), 2 sequences = 334.51 ms; all-reduce 535 × (7 + 2 × 63 × 1.5 µs
        // = 196 µs) = 104.86 ms + 54.444 + 2 × 63/64 × 14 / 400 = 68.906 ms: 228.211 ms;
        // MFU 0.52 × 334.51 / 562.72 = 30.91 %.
        assert!((o.n("compute_ms_512") - 334.510).abs() < 1e-3);
        assert!((o.n("allreduce_ms_512") - 228.211).abs() < 1e-3);
        assert!((o.n("mfu_at_512") - 30.911).abs() < 1e-3);
        // At the old scenario's 8 sequences per GPU (512 at 64 GPUs, 4,096 at 512) the same
        // all-reduce gives the review's 47 % and 44 %: 0.52 × 1,338.04 / 1,468.72 = 47.37 %,
        // 0.52 × 1,338.04 / 1,566.25 = 44.42 %.
        let o = eval(&[("gpus1", Value::Num(64.0)), ("batch1", Value::Num(512.0))]);
        assert!((o.n("mfu_pct") - 47.373).abs() < 1e-3);
        let o = eval(&[("gpus1", Value::Num(512.0)), ("batch1", Value::Num(4096.0))]);
        assert!((o.n("mfu_pct") - 44.424).abs() < 1e-3);
    }

    #[test]
    fn act1_sync_is_the_shared_two_level_allreduce() {
        // Unbucketed, 7B at 512 GPUs: 2 × (7 × 0.5 µs + 7/8 × 14 / 450) = 54.4514 ms +
        // 126 × 1.5 µs + 2 × 63/64 × 14 / 400 = 69.0949 ms: 123.546 ms.
        let o = at(512.0);
        assert!((o.n("allreduce_unbucketed_ms") - 123.546_7).abs() < 1e-3);
        // 175B at 1,000 GPUs is V2-01's default sync: 2 × (3.5 µs + 7/8 × 350 / 450) =
        // 1.361118 s + 248 × 1.5 µs + 2 × 124/125 × 350 / 400 = 1.736372 s: 3.09749 s.
        let o = eval(&[
            ("model1_b", Value::Num(175.0)),
            ("gpus1", Value::Num(1000.0)),
        ]);
        assert!((o.n("allreduce_unbucketed_ms") - 3_097.49).abs() < 0.01);
        assert_eq!(o.get("crosses_nodes"), Some(Value::Bool(true)));
        assert_eq!(eval(&[]).get("crosses_nodes"), Some(Value::Bool(false)));
    }

    /// One fabric, one kernel MFU and one training-memory formula in V2-01, V2-02 and V2-05.
    #[cfg(feature = "all-labs")]
    #[test]
    fn same_sync_compute_and_memory_as_v2_01_and_v2_02() {
        use crate::labs::{v2_01, v2_02};
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs());
        // 175B at 1,000 GPUs: V2-01's default sync, 3.09749 s (hand value in its tests).
        let v1 = v2_01::MODEL.evaluate_pairs(&[]).n("allreduce_s");
        let v5 = eval(&[
            ("model1_b", Value::Num(175.0)),
            ("gpus1", Value::Num(1000.0)),
        ])
        .n("allreduce_unbucketed_ms");
        assert!(close(v1, v5 / 1e3) && (v1 - 3.097_49).abs() < 1e-5);
        // 7B at 512 GPUs: V2-02's 64 nodes with 8 ports each, 54.4514 + 69.0949 = 123.5467 ms.
        let o2 = v2_02::MODEL.evaluate_pairs(&[
            ("nodes", Value::Num(64.0)),
            ("ib_links", Value::Num(8.0)),
        ]);
        let v5 = at(512.0).n("allreduce_unbucketed_ms");
        assert!(close(o2.n("intra_s") + o2.n("inter_s"), v5 / 1e3));
        assert!((v5 - 123.546_7).abs() < 1e-3);
        // 7B inside one node: V2-02's NVLink ring, 54.4514 ms.
        let o2 = v2_02::MODEL.evaluate_pairs(&[]);
        assert!(close(o2.n("sync_nvlink_s"), eval(&[]).n("allreduce_unbucketed_ms") / 1e3));
        // One 2,048-token sequence of 7B: 167.255 ms in both (52 % of 989 TFLOPS); V2-05 at
        // 1,024 GPUs runs one sequence per GPU.
        assert!(close(o2.n("compute_s"), at(1024.0).n("compute_ms") / 1e3));
        // Memory of 7B on 8 GPUs, ZeRO-1, one sequence: 70.843 GB in both.
        assert!(close(o2.n("mem1_gb"), eval(&[]).n("mem1_gb")));
    }

    #[test]
    fn act1_prediction_keys_compute_shrinks() {
        let o = eval(&[]);
        assert_eq!(
            o.get("act1_cause"),
            Some(Value::Text("compute_shrinks"))
        );
        // B: compute per GPU falls 128 / 2 = 64× while the all-reduce grows 228.2 / 58.2 = 3.9×.
        assert!((o.n("compute_ms_8") / o.n("compute_ms_512") - 64.0).abs() < 1e-9);
        assert!((o.n("allreduce_ms_512") / o.n("allreduce_ms_8") - 3.922).abs() < 1e-3);
        // C: memory per GPU is lower at 512: 14 + 14 + 84 / 512 + 32.34 = 60.51 GB vs 70.84.
        assert!((o.n("mem1_gb_512") - 60.507).abs() < 1e-3);
        assert!(o.n("mem1_gb_512") < o.n("mem1_gb"));
        // D: the per-GPU batch shrinks, from 128 to 1,024 / 512 = 2 sequences.
        assert_eq!(at(512.0).n("per_gpu_seqs"), 2.0);
    }

    #[test]
    fn act1_reflection_overlap_is_limited_to_the_last_micro_batch() {
        let o = eval(&[]);
        // 512 GPUs, 2 micro-batches of one sequence: forward 167.255 / 3 = 55.752 ms, backward
        // 111.503 ms. The DDP all-reduce runs during the last backward only: step = 167.255 +
        // 55.752 + max(111.503, 228.211) = 451.218 ms; hidden 111.503 / 228.211 = 48.86 %;
        // MFU 0.52 × 334.51 / 451.218 = 38.55 %.
        assert!((o.n("hidden_pct_512") - 48.860).abs() < 1e-3);
        assert!((o.n("mfu_overlap_512") - 38.550).abs() < 1e-3);
        // At 8 GPUs the 58 ms sync hides entirely under the last 111.5 ms backward pass.
        assert!((o.n("hidden_pct") - 100.0).abs() < 1e-9);
        assert!((o.n("mfu_overlap_pct") - 52.0).abs() < 1e-9);
    }

    #[test]
    fn act1_memory_and_the_oom_failure() {
        let o = eval(&[]);
        // Unsharded mixed-precision Adam: 2 + 2 + 4 + 4 + 4 = 16 B per parameter.
        assert_eq!(o.n("static_bytes_per_param"), 16.0);
        // 7B shaped like Llama 2 (width 128 per layer): L = ∛(7e9 / 196,608) = 32.898,
        // W = 4,210.9, 32.9 heads; per layer 2,048 × 4,210.9 × (34 + 5 × 2,048 / 128) =
        // 8.6239e6 × 114 = 983.13 MB; × 32.898 = 32.343 GB per sequence.
        assert!((o.n("act_per_seq_gb") - 32.343).abs() < 1e-3);
        // ZeRO-1 over 8 GPUs: 14 + 14 + 84 / 8 = 38.5 GB + 32.34 = 70.84 GB: fits.
        assert!((o.n("static1_gb") - 38.5).abs() < 1e-9);
        assert!((o.n("mem1_gb") - 70.843).abs() < 1e-3);
        assert_eq!(o.get("oom1"), Some(Value::Bool(false)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
        // Plain DDP: 7e9 × 16 B = 112 GB + 32.34 = 144.34 GB.
        let o = eval(&[("zero_stage", Value::Text("zero0"))]);
        assert!((o.n("mem1_gb") - 144.343).abs() < 1e-3);
        assert_eq!(o.get("oom1"), Some(Value::Bool(true)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(true)));
        // Micro-batches of 2: 38.5 + 64.69 = 103.19 GB.
        let o = eval(&[("micro1", Value::Num(2.0))]);
        assert!((o.n("mem1_gb") - 103.185).abs() < 1e-3);
        assert_eq!(o.get("oom1"), Some(Value::Bool(true)));
        // 13B: 13e9 × (4 + 12 / 8) = 71.5 GB + L = 40.437, W = 5,175.96: 2,048 × 5,175.96 ×
        // 114 × 40.437 = 48.866 GB: 120.37 GB.
        let o = eval(&[("model1_b", Value::Num(13.0))]);
        assert!((o.n("mem1_gb") - 120.366).abs() < 1e-3);
        assert_eq!(o.get("oom1"), Some(Value::Bool(true)));
        // √L checkpointing: √40.437 × (1,208.45 + 21.20 MB) = 7.819 GB: 79.32 GB fits, at the
        // price of 4/3 of the compute.
        let o = eval(&[("model1_b", Value::Num(13.0)), ("ckpt1", Value::Bool(true))]);
        assert!((o.n("mem1_gb") - 79.319).abs() < 1e-2);
        assert_eq!(o.get("oom1"), Some(Value::Bool(false)));
        // ZeRO-3 over 8 GPUs: 112 / 8 = 14 GB + 32.34 = 46.34 GB.
        let o = eval(&[("zero_stage", Value::Text("zero3"))]);
        assert!((o.n("mem1_gb") - 46.343).abs() < 1e-3);
    }

    #[test]
    fn act1_zero_stages_cost_communication() {
        // 64 GPUs, 16 micro-batches; one all-reduce = 130.674 ms, a reduce-scatter or an
        // all-gather half of it. ZeRO-1: one all-reduce per step.
        let one = eval(&[("gpus1", Value::Num(64.0))]);
        assert!((one.n("comm_ms") - 130.674).abs() < 1e-3);
        // ZeRO-2: a reduce-scatter per micro-batch + one all-gather: 17 × 65.337 = 1,110.73 ms.
        let two = eval(&[
            ("gpus1", Value::Num(64.0)),
            ("zero_stage", Value::Text("zero2")),
        ]);
        assert!((two.n("comm_ms") - 1_110.733).abs() < 1e-3);
        // ZeRO-3: two all-gathers and a reduce-scatter per micro-batch: 16 × 1.5 × 130.674 =
        // 3,136.19 ms; MFU 0.52 × 2,676.08 / 5,812.27 = 23.94 %.
        let three = eval(&[
            ("gpus1", Value::Num(64.0)),
            ("zero_stage", Value::Text("zero3")),
        ]);
        assert!((three.n("comm_ms") - 3_136.187).abs() < 1e-3);
        assert!((three.n("mfu_pct") - 23.942).abs() < 1e-3);
        // Checkpointing costs a second forward pass: 4/3 × 2,676.08 = 3,568.11 ms.
        let ck = eval(&[("gpus1", Value::Num(64.0)), ("ckpt1", Value::Bool(true))]);
        assert!((ck.n("compute_ms") - 3_568.111).abs() < 1e-3);
    }

    #[test]
    fn act1_whole_sequences_and_micro_batches() {
        // 1,024 sequences on 1,000 GPUs: ⌈1.024⌉ = 2 each (DistributedSampler pads), so
        // 1 − 1,024 / 2,000 = 48.8 % of the step is repeated samples.
        let o = at(1000.0);
        assert_eq!(o.n("per_gpu_seqs"), 2.0);
        assert!((o.n("padding_pct") - 48.8).abs() < 1e-9);
        // 16 sequences in micro-batches of 3: ⌈16 / 3⌉ = 6 (five of 3, one of 1).
        let o = eval(&[("gpus1", Value::Num(64.0)), ("micro1", Value::Num(3.0))]);
        assert_eq!(o.n("micro_batches"), 6.0);
        for n in (8..=1024).step_by(8) {
            for b in [256.0, 1280.0, 8192.0] {
                for mb in [1.0, 3.0, 8.0] {
                    let o = eval(&[
                        ("gpus1", Value::Num(n as f64)),
                        ("batch1", Value::Num(b)),
                        ("micro1", Value::Num(mb)),
                    ]);
                    assert_eq!(o.n("per_gpu_seqs").fract(), 0.0);
                    assert_eq!(o.n("micro_batches").fract(), 0.0);
                    assert!(o.n("per_gpu_seqs") * n as f64 >= b);
                }
            }
        }
    }

    #[test]
    fn act1_properties() {
        // The all-reduce never shrinks with more GPUs, the compute per GPU never grows.
        let (mut a_prev, mut c_prev) = (0.0, f64::INFINITY);
        for n in (8..=1024).step_by(8) {
            let o = at(n as f64);
            assert!(o.n("allreduce_ms") >= a_prev && o.n("compute_ms") <= c_prev);
            a_prev = o.n("allreduce_ms");
            c_prev = o.n("compute_ms");
        }
        // Where the batch splits evenly, MFU falls with every doubling.
        let mut m_prev = f64::INFINITY;
        for n in [8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0] {
            let m = at(n).n("mfu_pct");
            assert!(m < m_prev);
            m_prev = m;
        }
        // A bigger global batch amortises the sync.
        let small = at(512.0).n("mfu_pct");
        let big = eval(&[("gpus1", Value::Num(512.0)), ("batch1", Value::Num(4096.0))]);
        assert!(big.n("mfu_pct") > small);
    }

    #[test]
    fn act2_defaults_fit_and_meet_the_bubble() {
        let o = eval(&[]);
        // DP = 1,024 / 32 = 32; 1,536 / 32 = 48 sequences per replica, 48 micro-batches of 1.
        assert!((o.n("dp") - 32.0).abs() < 1e-12);
        assert_eq!(o.n("seqs_per_replica"), 48.0);
        assert_eq!(o.n("micro_seqs"), 1.0);
        assert_eq!(o.get("layout_issue"), Some(Value::Text("ok")));
        // 175e9 / 32 = 5.46875e9 params: 21.875 GB weights + grads; Adam 12 B / 32 = 2.0508 GB;
        // activations 24 layers × 2,048 × 12,288 × (34 + 5 × 96 × 2,048 / 12,288 = 80) B / 8
        // × 4 micro-batches in flight = 24 × 2.86890 GB / 8 × 4 = 34.4268 GB: 58.3526 GB.
        assert!((o.n("activations_gb") - 34.426_85).abs() < 1e-4);
        assert!((o.n("mem_gb") - 58.352_63).abs() < 1e-4);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        // Bubble 3 / 51 = 5.88 %.
        assert!((o.n("bubble_pct") - 5.882_35).abs() < 1e-4);
        assert_eq!(o.get("bubble_high"), Some(Value::Bool(false)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_prediction_keys_b() {
        let o = eval(&[]);
        assert_eq!(o.get("best_candidate"), Some(Value::Text("tp8_pp4")));
        // Compute share: 6 × 175e9 × 1,536 × 2,048 / (514.28e12 × 1,024) = 6.27198 s.
        // TP ratio (2/9) × 7 × 514.28e12 / (12,288 × 450e9) = 0.144674; bubble × 51/48;
        // DP sync 62 × 1.5 µs + 2 × 31/32 × 10.9375 / 50 = 0.423921 s.
        // Step 6.27198 × 1.144674 × 1.0625 + 0.423921 = 8.05212 s; MFU 0.52 × 6.27198 /
        // 8.05212 = 40.50 %.
        assert!((o.n("step_s") - 8.052_12).abs() < 1e-4);
        assert!((o.n("cand_b_mfu_pct") - 40.505).abs() < 1e-2);
        assert!((o.n("mfu_pct2") - o.n("cand_b_mfu_pct")).abs() < 1e-12);
        // A: TP 32 rings over InfiniBand: ratio (2/9) × 31 × 0.83705 = 5.766; 6.27198 × 6.766
        // + 0.4239 = 42.86 s; MFU 7.61 %, 5.3× lower.
        assert!((o.n("cand_a_mfu_pct") - 7.61).abs() < 0.01);
        assert!(o.n("cand_b_mfu_pct") / o.n("cand_a_mfu_pct") > 5.0);
        // C and D: more pipeline stages than GPT-3's 96 layers.
        for (tp, pp) in [(1.0, 1024.0), (4.0, 256.0)] {
            let l = layout(tp, pp, 48.0);
            assert_eq!(l.issue, "pp_not_dividing_layers");
            assert!(!feasible(&l));
        }
    }

    #[test]
    fn act2_failures_fire_and_clear() {
        // PP 1 with TP 8: 175e9 / 8 × 4 B = 87.5 GB + 12 × 175e9 / 1,024 = 2.05 GB + 96 ×
        // 2.8689 GB / 8 × 1 in flight = 34.43 GB: 123.98 GB.
        let o = eval(&[("pp", Value::Num(1.0))]);
        assert!((o.n("mem_gb") - 123.977_6).abs() < 1e-3);
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
        // 32 micro-batches would hold 48 / 32 = 1.5 sequences each: not whole.
        let o = eval(&[("m", Value::Num(32.0))]);
        assert_eq!(
            o.get("layout_issue"),
            Some(Value::Text("uneven_micro_batches"))
        );
        assert_eq!(o.n("micro_seqs"), 2.0);
        // 24 micro-batches of 2 are valid.
        let o = eval(&[("m", Value::Num(24.0))]);
        assert_eq!(o.get("invalid_layout"), Some(Value::Bool(false)));
        assert_eq!(o.n("micro_seqs"), 2.0);
        assert_eq!(eval(&[]).get("invalid_layout"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_reflection_and_takeaways() {
        let o = eval(&[]);
        // 4 all-reduces per layer per micro-batch × 96 layers = 384.
        assert!((o.n("tp_allreduces_per_microbatch") - 384.0).abs() < 1e-12);
        // 14.47 % on NVLink vs (2/9) × 15 × 0.83705 = 279.0 % at TP 16 over one NDR port.
        assert!((o.n("tp_comm_pct") - 14.467).abs() < 1e-3);
        assert!((o.n("tp16_comm_pct") - 279.01).abs() < 0.01);
        // One TP all-reduce: 1 sequence × 2,048 × 12,288 × 2 B = 50.33 MB;
        // 1.75 × 50.33 / 450 = 0.1957 ms.
        assert!((o.n("tp_msg_mb") - 50.332).abs() < 1e-3);
        assert!((o.n("tp_ar_ms") - 0.195_73).abs() < 1e-5);
        // 450 / 50 = 9×.
        assert!((o.n("nvlink_over_ib") - 9.0).abs() < 1e-12);
        // PP 4 needs m ≥ 9 × 3 = 27; the smallest divisor of 48 from 27 up is 48.
        assert_eq!(o.n("m_for_10pct"), 48.0);
        // PP 2: m ≥ 9; divisors of 48: 12.
        assert_eq!(eval(&[("pp", Value::Num(2.0))]).n("m_for_10pct"), 12.0);
        // TP 8 / PP 16 (DP 8, 192 sequences): m ≥ 135, the smallest divisor is 192.
        let o = eval(&[("pp", Value::Num(16.0))]);
        assert_eq!(o.n("m_for_10pct"), 192.0);
        // TP 2 / PP 32 (DP 16, 96 sequences): m ≥ 279 > 96: none.
        let o = eval(&[("tp", Value::Num(2.0)), ("pp", Value::Num(32.0))]);
        assert_eq!(o.n("m_for_10pct"), 0.0);
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
