//! Vol 2 Lab 02, "The Interconnect Wall": the same gradient sync over NVLink, PCIe or
//! InfiniBand (Act I), and why a 16-node cluster delivers a fraction of 16× when the sync has
//! to cross the node boundary (Act II, two-level all-reduce).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: ledger `interconnect` and spec card `context_link_gbs`):
//! `nvlink` one DGX node, `ib` a multi-node InfiniBand cluster.
//!
//! **Act I scenario**: the defaults: a 7B model (`params_b` = 7, 14 GB FP16 gradient)
//! trained data-parallel on 8 GPUs, one 2,048-token sequence per GPU per step (`batch` = 1),
//! at 52 % kernel MFU (V2-05's figure for the same H100 step). The sync is a ring
//! (reduce-scatter + all-gather) over 8 GPUs with each link's α; on NVLink it is the shared
//! two-level all-reduce of one node, V2-05's unbucketed sync at 8 GPUs. Memory per GPU
//! (`mem1_gb`, 70.8 GB) is V2-05's default: mixed-precision Adam with the optimizer state
//! sharded (ZeRO-1, whose traffic is this all-reduce) plus the activations of one sequence.
//!
//! **Act I prediction** ("How much slower is a step on 8 PCIe GPUs than on an NVLink
//! DGX?"), checked against `pcie_vs_nvlink` (5.17×), closest in log space:
//! - A "Negligible (compression hides it)", value 1.05 (off 4.9×)
//! - B "About 2× slower", value 2 (off 2.6×)
//! - **C "4–6× slower: the PCIe sync dominates", value 5 — keyed**
//! - D "Impossible: it cannot train", value 100 (the step is finite: 1.15 s, `step_pcie_s`)
//!
//! Instruments for the selected `link`: `sync_s`, `compute_s`, `comm_overhead_pct`,
//! `efficiency_pct`, `overhead_zone` (`ok` ≤ 20 %, `high` ≤ 100 %, `bottleneck` above);
//! `sync_nvlink_s`, `sync_pcie_s`, `sync_ib_s`, `step_nvlink_s`, `step_pcie_s` for the bars;
//! `mem1_gb`.
//!
//! **Act I reflection** (keyed B, "the 2 is reduce-scatter plus all-gather, whatever N"):
//! quotes `ring_factor` (2(N−1)/N = 1.75 at N = 8) and `per_gpu_traffic_gb` (24.5 GB).
//!
//! **Act I failures**: `act1_impractical` (danger): the selected link's sync takes longer
//! than the compute. Off at defaults (NVLink, 32.6 %); fires with `link` = `pcie` (586 %).
//! `act1_oom` (danger, > 80 GB per GPU): off at defaults; fires at `params_b` = 9 (87.7 GB).
//!
//! **Act II scenario**: the defaults: 16 nodes × 8 GPUs, 7B (`model_b`), one NDR400 link
//! per node (`ib_links` = 1), same per-GPU batch. The stakeholder expected 16× and got
//! `speedup` = 4.75×. **This default design is broken**: `act2_impractical` is on.
//!
//! **Act II prediction** ("Why under 5× instead of 16×?"), checked against the text output
//! `act2_cause`:
//! - A "Framework overhead", value `framework` (`framework_s` 0.017 s vs `inter_bw_s`
//!   0.525 s)
//! - B "InfiniBand per-hop latency", value `ib_latency` (`ib_latency_ms` 0.045 ms)
//! - **C "The node-boundary bandwidth cliff", value `node_boundary` — keyed**
//! - D "Fat-tree bisection exceeded", value `bisection` (a non-blocking tree gives each node
//!   its full injection, `bisection_share_gbs` = `ib_node_gbs`)
//!
//! Instruments: `speedup`, `scaling_eff_pct`, `overhead2_pct`, `ib_node_gbs`,
//! `intra_s`, `inter_s`, `cliff_ratio` (NVLink ÷ per-GPU share of the node's links),
//! `mem2_gb`.
//!
//! **Act II target**: scaling efficiency ≥ 70 %: `ib_links` = 8 gives 77 % (12.3×).
//!
//! **Act II failures**: `act2_impractical` (danger): sync time above compute time. On at the
//! defaults (346 %, the story's broken cluster); clears with 8 links (72 %). `act2_oom`
//! (danger, > 80 GB per GPU): off at defaults (61.0 GB); fires at `model_b` = 14 (108.7 GB).
//!
//! **Act II reflection** (keyed B, "pipeline parallelism across nodes"): quotes
//! `pp_boundary_gb` (activations crossing a stage boundary per step at the model's width)
//! against `dp_inter_gb` (the gradient volume each node exchanges) and `pp_reduction` (95×).
//!
//! **Takeaway (1)**: 10 GB takes `t10_nvlink_ms` in the node, `t10_ib_ms` over one NDR
//! port, `t10_pcie_ms` over PCIe.
//!
//! **Ledger** (`v2_02`): `interconnect` ← `context`; `nodes` ← `nodes`; `model_params_b` ←
//! `model_b`; `comm_overhead_pct` ← `overhead2_pct`; `act2_result` ← `scaling_eff_pct`;
//! `act2_decision` ← the Act II reflection pick; `constraint_hit` ← `constraint_hit`.

use crate::catalog::{
    DIST_TRAINING_MFU, H100, IB_ALPHA, IB_NDR400_BW, LLAMA2_7B_HEAD_DIM, LLAMA2_7B_HEADS,
    LLAMA2_7B_LAYERS, NVLINK_ALPHA, NVLINK4_BW, PCIE4_X16_BW,
};
use crate::laws::allreduce::{Level, hierarchical_terms};
use crate::laws::collective::{bisection_bandwidth, ring_allreduce, ring_allreduce_traffic};
use crate::laws::memory::{Optimizer, ZeroStage, zero_training_memory};
use crate::laws::parallelism::training_flops;
use crate::laws::transformer::{model_activation_bytes, shape_for_params};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "nvlink",
        label: "Single node (NVLink DGX)",
    },
    Choice {
        value: "ib",
        label: "Multi-node (InfiniBand cluster)",
    },
];

const LINKS: &[Choice] = &[
    Choice {
        value: "nvlink",
        label: "NVLink 4 inside one DGX (450 GB/s each way)",
    },
    Choice {
        value: "pcie",
        label: "PCIe 4.0 ×16, no NVLink (25 GB/s each way)",
    },
    Choice {
        value: "ib",
        label: "InfiniBand NDR400, one port per GPU (50 GB/s each way)",
    },
];

const PER_NODE: &[Choice] = &[
    Choice {
        value: "4",
        label: "4 GPUs per node",
    },
    Choice {
        value: "8",
        label: "8 GPUs per node",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "nvlink",
        },
    },
    InputDef {
        name: "params_b",
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
        name: "batch",
        label: "Sequences (2,048 tokens) per GPU per step",
        kind: InputKind::Range {
            min: 1.0,
            max: 128.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "link",
        label: "Interconnect between the 8 GPUs",
        kind: InputKind::Choice {
            options: LINKS,
            default: "nvlink",
        },
    },
    InputDef {
        name: "nodes",
        label: "Nodes",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 16.0,
            unit: Unit::Nodes,
        },
    },
    InputDef {
        name: "gpus_per_node",
        label: "GPUs per node",
        kind: InputKind::Choice {
            options: PER_NODE,
            default: "8",
        },
    },
    InputDef {
        name: "model_b",
        label: "Model size",
        kind: InputKind::Range {
            min: 7.0,
            max: 175.0,
            step: 7.0,
            default: 7.0,
            unit: Unit::BParams,
        },
    },
    InputDef {
        name: "ib_links",
        label: "InfiniBand NDR400 links per node",
        kind: InputKind::Range {
            min: 1.0,
            max: 8.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::None,
        },
    },
];

/// Values of `overhead_zone`.
const OVERHEAD_ZONES: &[Choice] = &[
    Choice {
        value: "ok",
        label: "ok",
    },
    Choice {
        value: "high",
        label: "high",
    },
    Choice {
        value: "bottleneck",
        label: "the bottleneck",
    },
];

/// Values of `act2_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "node_boundary",
        label: "the node-boundary bandwidth cliff",
    },
    Choice {
        value: "framework",
        label: "framework overhead",
    },
    Choice {
        value: "ib_latency",
        label: "InfiniBand per-hop latency",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num(
        "context_link_gbs",
        "Per-GPU link in this context",
        Unit::GbPerS,
    ),
    num("grad_gb", "FP16 gradient", Unit::Gb),
    num(
        "ring_factor",
        "Ring traffic ÷ gradient, 2(N−1)/N",
        Unit::None,
    ),
    num("per_gpu_traffic_gb", "Sent by each GPU per sync", Unit::Gb),
    num("compute_s", "Compute per step", Unit::Seconds),
    num("sync_nvlink_s", "Sync over NVLink", Unit::Seconds),
    num("sync_pcie_s", "Sync over PCIe", Unit::Seconds),
    num("sync_ib_s", "Sync over InfiniBand", Unit::Seconds),
    num("step_nvlink_s", "Step on the NVLink DGX", Unit::Seconds),
    num("step_pcie_s", "Step on the PCIe servers", Unit::Seconds),
    num("pcie_vs_nvlink", "PCIe step ÷ NVLink step", Unit::Ratio),
    num(
        "nvlink_over_pcie_bw",
        "NVLink ÷ PCIe bandwidth",
        Unit::Ratio,
    ),
    num("link_gbs", "Selected link, each way", Unit::GbPerS),
    num("sync_s", "Sync on the selected link", Unit::Seconds),
    num("comm_overhead_pct", "Sync ÷ compute", Unit::Percent).unbounded(),
    num(
        "efficiency_pct",
        "Share of the step spent computing",
        Unit::Percent,
    ),
    choice("overhead_zone", "Communication overhead", OVERHEAD_ZONES),
    flag("act1_impractical", "Sync takes longer than compute"),
    num("mem1_gb", "Memory per GPU (8 GPUs)", Unit::Gb),
    flag("act1_oom", "Out of memory: more than 80 GB per GPU"),
    num("gpus_total", "GPUs in the cluster", Unit::Gpus),
    num("compute2_s", "Compute per step", Unit::Seconds),
    num("intra_s", "Sync inside the node (NVLink)", Unit::Seconds),
    num("inter_s", "Sync across nodes (InfiniBand)", Unit::Seconds),
    num("inter_bw_s", "Across nodes: bandwidth term", Unit::Seconds),
    num("ib_latency_ms", "Across nodes: latency term", Unit::Ms),
    num(
        "framework_s",
        "Framework overhead (10% of compute)",
        Unit::Seconds,
    ),
    choice("act2_cause", "Largest loss", CAUSES),
    num("speedup", "Speed-up over one node", Unit::Ratio),
    num("ideal_speedup", "Ideal speed-up", Unit::Ratio),
    num("scaling_eff_pct", "Scaling efficiency", Unit::Percent),
    num("overhead2_pct", "Sync ÷ compute", Unit::Percent).unbounded(),
    num("ib_node_gbs", "InfiniBand per node, each way", Unit::GbPerS),
    num(
        "bisection_share_gbs",
        "Non-blocking bisection per node",
        Unit::GbPerS,
    ),
    num(
        "cliff_ratio",
        "NVLink ÷ per-GPU share across nodes",
        Unit::Ratio,
    ),
    flag("act2_impractical", "Sync takes longer than compute"),
    num("mem2_gb", "Memory per GPU (whole cluster)", Unit::Gb),
    flag("act2_oom", "Out of memory: more than 80 GB per GPU"),
    flag("constraint_hit", "Sync exceeded compute in either act"),
    num(
        "pp_boundary_gb",
        "Pipeline-stage boundary traffic per step",
        Unit::Gb,
    ),
    num(
        "dp_inter_gb",
        "Gradient traffic per node per step",
        Unit::Gb,
    ),
    num(
        "pp_reduction",
        "Gradient traffic ÷ stage-boundary traffic",
        Unit::Ratio,
    ),
    num("t10_nvlink_ms", "10 GB over NVLink", Unit::Ms),
    num("t10_ib_ms", "10 GB over one NDR400 port", Unit::Ms),
    num("t10_pcie_ms", "10 GB over PCIe", Unit::Ms),
];

/// Tokens per training sequence.
const SEQ_LEN: f64 = 2048.0;
/// Data-parallel degree of Act I: one 8-GPU group.
const ACT1_GPUS: f64 = 8.0;
/// Framework overhead (the chapter quotes 5–15 % of the step); the middle is used.
const FRAMEWORK_SHARE: f64 = 0.10;

fn link_bw(key: &str) -> Bandwidth {
    match key {
        "pcie" => PCIE4_X16_BW.value,
        "ib" => IB_NDR400_BW.value,
        _ => NVLINK4_BW.value,
    }
}

/// Per-GPU compute of one step: `6 · P · tokens` at 52 % MFU, V2-05's kernel efficiency for
/// the same H100 training step.
fn step_compute(params: f64, batch: f64) -> Seconds {
    training_flops(params, batch * SEQ_LEN) / (H100.peak.value * DIST_TRAINING_MFU.value)
}

/// Per-message latency of each Act I link: NVLink's and InfiniBand's catalogued α; PCIe has
/// none catalogued and is taken as 0 (14 messages of a few µs are below 0.01 % of its sync).
fn link_alpha(key: &str) -> Seconds {
    match key {
        "pcie" => Seconds::ZERO,
        "ib" => IB_ALPHA.value,
        _ => NVLINK_ALPHA.value,
    }
}

/// Act I ring over 8 GPUs on one kind of link. On NVLink this is the shared two-level
/// all-reduce of one node (V2-05's sync at 8 GPUs, unbucketed).
fn act1_sync(grad: Bytes, key: &str) -> Seconds {
    ring_allreduce(grad, ACT1_GPUS, link_alpha(key), link_bw(key))
}

/// Per-GPU memory of a data-parallel job over `n` GPUs: mixed-precision Adam with the
/// optimizer state sharded (ZeRO-1, as V2-05's default; its traffic is an all-reduce), and
/// the activations of one 2,048-token sequence (gradient accumulation runs the per-GPU batch
/// one sequence at a time) of a model shaped like Llama 2.
fn dp_memory(params: f64, n: f64) -> Bytes {
    let act = model_activation_bytes(
        params,
        SEQ_LEN,
        1.0,
        width_per_layer(),
        LLAMA2_7B_HEAD_DIM.value,
        2.0,
        false,
    );
    zero_training_memory(
        params,
        1.0,
        n,
        ZeroStage::Zero1,
        2.0,
        Optimizer::AdamMixed,
        act,
    )
    .total()
}

/// Llama 2's width per layer (4,096 / 32 = 128), used to shape every model size.
fn width_per_layer() -> f64 {
    LLAMA2_7B_HEADS.value * LLAMA2_7B_HEAD_DIM.value / LLAMA2_7B_LAYERS.value
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_link_gbs",
        if i.t("context") == "ib" {
            IB_NDR400_BW.value.as_gb_per_s()
        } else {
            NVLINK4_BW.value.as_gb_per_s()
        },
    );

    // Act I: one 8-GPU data-parallel group, three ways to connect it.
    let batch = i.n("batch");
    let grad = Bytes::new(2.0 * i.n("params_b") * 1e9);
    let tc = step_compute(i.n("params_b") * 1e9, batch);
    let traffic = ring_allreduce_traffic(grad, ACT1_GPUS);
    let nv = act1_sync(grad, "nvlink");
    let pc = act1_sync(grad, "pcie");
    let ib = act1_sync(grad, "ib");
    let bw = link_bw(i.t("link"));
    let sync = act1_sync(grad, i.t("link"));
    let mem1 = dp_memory(i.n("params_b") * 1e9, ACT1_GPUS);
    let overhead = sync / tc;
    let zone = if overhead <= 0.2 {
        "ok"
    } else if overhead <= 1.0 {
        "high"
    } else {
        "bottleneck"
    };
    o.num("grad_gb", grad.as_gb())
        .num("ring_factor", traffic / grad)
        .num("per_gpu_traffic_gb", traffic.as_gb())
        .num("compute_s", tc.as_s())
        .num("sync_nvlink_s", nv.as_s())
        .num("sync_pcie_s", pc.as_s())
        .num("sync_ib_s", ib.as_s())
        .num("step_nvlink_s", (tc + nv).as_s())
        .num("step_pcie_s", (tc + pc).as_s())
        .num("pcie_vs_nvlink", (tc + pc) / (tc + nv))
        .num("nvlink_over_pcie_bw", NVLINK4_BW.value / PCIE4_X16_BW.value)
        .num("link_gbs", bw.as_gb_per_s())
        .num("sync_s", sync.as_s())
        .num("comm_overhead_pct", 100.0 * overhead)
        .num("efficiency_pct", 100.0 * (tc / (tc + sync)))
        .text("overhead_zone", zone)
        .flag("act1_impractical", overhead > 1.0)
        .num("mem1_gb", mem1.as_gb())
        .flag("act1_oom", mem1 > H100.memory.value);

    // Act II: n nodes of g GPUs; NVLink inside, `ib_links` NDR ports per node across.
    let g: f64 = if i.t("gpus_per_node") == "4" {
        4.0
    } else {
        8.0
    };
    let nodes = i.n("nodes");
    let links = i.n("ib_links");
    let params2 = i.n("model_b") * 1e9;
    let grad2 = Bytes::new(2.0 * params2);
    let tc2 = step_compute(params2, batch);
    let intra = Level {
        alpha: NVLINK_ALPHA.value,
        beta: NVLINK4_BW.value,
    };
    let node_bw = IB_NDR400_BW.value * links;
    let node = Level {
        alpha: IB_ALPHA.value,
        beta: node_bw,
    };
    let (t_intra, t_inter) = hierarchical_terms(grad2, g, nodes, intra, node);
    let (one_intra, one_inter) = hierarchical_terms(grad2, g, 1.0, intra, node);
    let latency = ring_allreduce(Bytes::ZERO, nodes, IB_ALPHA.value, node_bw);
    let framework = tc2 * FRAMEWORK_SHARE;
    let inter_bw = t_inter - latency;
    let cause = if inter_bw >= framework && inter_bw >= latency {
        "node_boundary"
    } else if framework >= latency {
        "framework"
    } else {
        "ib_latency"
    };
    let t1 = tc2 + one_intra + one_inter;
    let tn = tc2 + t_intra + t_inter;
    let speedup = nodes * (t1 / tn);
    let overhead2 = (t_intra + t_inter) / tc2;
    let act2_bad = overhead2 > 1.0;
    let bis = bisection_bandwidth(nodes, node_bw, 1.0);
    let mem2 = dp_memory(params2, nodes * g);
    o.num("gpus_total", nodes * g)
        .num("compute2_s", tc2.as_s())
        .num("intra_s", t_intra.as_s())
        .num("inter_s", t_inter.as_s())
        .num("inter_bw_s", inter_bw.as_s())
        .num("ib_latency_ms", latency.as_ms())
        .num("framework_s", framework.as_s())
        .text("act2_cause", cause)
        .num("speedup", speedup)
        .num("ideal_speedup", nodes)
        .num("scaling_eff_pct", 100.0 * speedup / nodes)
        .num("overhead2_pct", 100.0 * overhead2)
        .num("ib_node_gbs", node_bw.as_gb_per_s())
        .num(
            "bisection_share_gbs",
            bis.as_gb_per_s() * 2.0 / nodes.max(1.0),
        )
        .num("cliff_ratio", NVLINK4_BW.value / (node_bw * (1.0 / g)))
        .flag("act2_impractical", act2_bad)
        .num("mem2_gb", mem2.as_gb())
        .flag("act2_oom", mem2 > H100.memory.value)
        .flag("constraint_hit", act2_bad || overhead > 1.0);

    // Pipeline parallelism instead: only the activations of a stage boundary cross nodes,
    // forward (activations) and backward (their gradients), 2 B each, for the node's batch,
    // at the model's width.
    let (_, width2) = shape_for_params(params2, width_per_layer());
    let pp = Bytes::new(2.0 * batch * g * SEQ_LEN * width2 * 2.0);
    let dp_inter = ring_allreduce_traffic(grad2, nodes);
    o.num("pp_boundary_gb", pp.as_gb())
        .num("dp_inter_gb", dp_inter.as_gb())
        .num("pp_reduction", dp_inter / pp);

    let ten = Bytes::gb(10.0);
    o.num("t10_nvlink_ms", (ten / NVLINK4_BW.value).as_ms())
        .num("t10_ib_ms", (ten / IB_NDR400_BW.value).as_ms())
        .num("t10_pcie_ms", (ten / PCIE4_X16_BW.value).as_ms());
    o
}

/// The Vol 2 Lab 02 model.
pub const MODEL: Model = Model {
    id: "v2-02",
    title: "The Interconnect Wall",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::option_check::closest_key_log as closest_log;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }


    #[test]
    fn act1_prediction_keys_c() {
        let o = eval(&[]);
        // Compute: 6 × 7e9 × 2,048 = 8.6016e13 FLOP / (989e12 × 0.52) = 0.167255 s.
        assert!((o.n("compute_s") - 0.167_255).abs() < 1e-6);
        // NVLink: 14 × 0.5 µs + 2 × 7/8 × 14 GB / 450 GB/s = 0.054451 s; PCIe: 1.75 × 14 / 25 =
        // 0.98 s; IB: 14 × 1.5 µs + 1.75 × 14 / 50 = 0.490021 s.
        assert!((o.n("sync_nvlink_s") - 0.054_451).abs() < 1e-6);
        assert!((o.n("sync_pcie_s") - 0.98).abs() < 1e-9);
        assert!((o.n("sync_ib_s") - 0.490_021).abs() < 1e-6);
        // Steps 0.221706 s vs 1.147255 s: 5.1747×.
        assert!((o.n("pcie_vs_nvlink") - 5.174_7).abs() < 1e-3);
        let opts = [("A", 1.05), ("B", 2.0), ("C", 5.0), ("D", 100.0)];
        assert_eq!(closest_log(o.n("pcie_vs_nvlink"), &opts), "C");
        assert!(o.n("pcie_vs_nvlink") > 4.0 && o.n("pcie_vs_nvlink") < 6.0);
        // A off by 5.17 / 1.05 = 4.9×; B by 5.17 / 2 = 2.6×; D: the step is a finite 1.15 s.
        assert!((o.n("pcie_vs_nvlink") / 1.05 - 4.93).abs() < 0.01);
        assert!((o.n("pcie_vs_nvlink") / 2.0 - 2.59).abs() < 0.01);
        assert!((o.n("step_pcie_s") - 1.147_255).abs() < 1e-6);
        // The bandwidth cliff itself: 450 / 25 = 18×.
        assert!((o.n("nvlink_over_pcie_bw") - 18.0).abs() < 1e-12);
        // The ratio does not depend on the model size (sync and compute both scale with P):
        // at 70B it is the same 5.17×.
        let big = eval(&[("params_b", Value::Num(70.0))]);
        assert!((big.n("pcie_vs_nvlink") - 5.174_7).abs() < 1e-3);
    }

    #[test]
    fn act1_reflection_factor_two() {
        let o = eval(&[]);
        // 2 × 7/8 = 1.75 → 24.5 GB per GPU per sync (28 GB is the N → ∞ limit).
        assert!((o.n("ring_factor") - 1.75).abs() < 1e-12);
        assert!((o.n("per_gpu_traffic_gb") - 24.5).abs() < 1e-9);
    }

    #[test]
    fn act1_failures_fire_and_clear() {
        let o = eval(&[]);
        // NVLink: 0.054451 / 0.167255 = 32.56 %: "high", not impractical.
        assert!((o.n("comm_overhead_pct") - 32.556).abs() < 1e-3);
        assert_eq!(o.get("overhead_zone"), Some(Value::Text("high")));
        assert_eq!(o.get("act1_impractical"), Some(Value::Bool(false)));
        // PCIe: 0.98 / 0.167255 = 585.9 %.
        let o = eval(&[("link", Value::Text("pcie"))]);
        assert!((o.n("comm_overhead_pct") - 585.93).abs() < 0.01);
        assert_eq!(o.get("act1_impractical"), Some(Value::Bool(true)));
        assert_eq!(o.get("overhead_zone"), Some(Value::Text("bottleneck")));
        let o = eval(&[("link", Value::Text("nvlink"))]);
        assert_eq!(o.get("act1_impractical"), Some(Value::Bool(false)));
        // More tokens per step amortise the sync: 32 sequences on NVLink are "ok" (1.0 %).
        let o = eval(&[("batch", Value::Num(32.0))]);
        assert_eq!(o.get("overhead_zone"), Some(Value::Text("ok")));
    }

    #[test]
    fn act1_memory_is_v2_05s_default() {
        // 14 + 14 + 84 / 8 = 38.5 GB + 32.343 GB of activations (one sequence, L = 32.898,
        // W = 4,210.9: 2,048 × 4,210.9 × 114 B × 32.898) = 70.843 GB.
        let o = eval(&[]);
        assert!((o.n("mem1_gb") - 70.843).abs() < 1e-3);
        assert_eq!(o.get("act1_oom"), Some(Value::Bool(false)));
        // 9B: 9e9 × 5.5 B = 49.5 GB + 38.24 GB (L = 35.77, W = 4,578.9) = 87.74 GB.
        let o = eval(&[("params_b", Value::Num(9.0))]);
        assert!((o.n("mem1_gb") - 87.742).abs() < 1e-3);
        assert_eq!(o.get("act1_oom"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_story_under_five_times_not_sixteen() {
        let o = eval(&[]);
        // intra 2 × (7 × 0.5 µs + 7/8 × 14/450) = 0.054451 s;
        // inter 30 × 1.5 µs + 2 × 15/16 × 14/50 = 0.525045 s.
        assert!((o.n("intra_s") - 0.054_451).abs() < 1e-6);
        assert!((o.n("inter_s") - 0.525_045).abs() < 1e-6);
        // S = 16 × (0.167255 + 0.054451) / (0.221706 + 0.525045) = 16 × 0.296893 = 4.750.
        assert!((o.n("speedup") - 4.750).abs() < 1e-3);
        assert!((o.n("scaling_eff_pct") - 29.69).abs() < 0.01);
        // The story's cluster is broken by design: sync is 0.579496 / 0.167255 = 346 % of compute.
        assert!((o.n("overhead2_pct") - 346.47).abs() < 0.01);
        assert_eq!(o.get("act2_impractical"), Some(Value::Bool(true)));
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(true)));
        // Memory: 14 + 14 + 84 / 128 = 28.656 GB + 32.343 GB = 60.999 GB; 14B: 14e9 × (4 +
        // 12/128) = 57.3125 GB + 51.341 GB (L = 41.45, W = 5,305.4) = 108.653 GB.
        assert!((o.n("mem2_gb") - 60.999).abs() < 1e-3);
        assert_eq!(o.get("act2_oom"), Some(Value::Bool(false)));
        let o = eval(&[("model_b", Value::Num(14.0))]);
        assert!((o.n("mem2_gb") - 108.653).abs() < 1e-3);
        assert_eq!(o.get("act2_oom"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_prediction_keys_node_boundary() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_cause"), Some(Value::Text("node_boundary")));
        // A: framework 10 % of 0.167255 s = 0.0167 s, 31× smaller than the 0.525 s bandwidth term.
        assert!((o.n("inter_bw_s") / o.n("framework_s") - 31.39).abs() < 0.01);
        // B: latency 30 × 1.5 µs = 0.045 ms, > 10,000× smaller.
        assert!((o.n("ib_latency_ms") - 0.045).abs() < 1e-9);
        assert!(o.n("inter_bw_s") * 1e3 / o.n("ib_latency_ms") > 1e4);
        // D: a non-blocking fat tree gives each node its full 50 GB/s injection.
        assert!((o.n("bisection_share_gbs") - o.n("ib_node_gbs")).abs() < 1e-9);
        // One port shared by 8 GPUs: 450 / 6.25 = 72× cliff.
        assert!((o.n("cliff_ratio") - 72.0).abs() < 1e-9);
    }

    #[test]
    fn act2_target_and_failure_clear_with_eight_links() {
        // 8 links: inter = 45 µs + 0.525 / 8 = 0.06567 s; S = 16 × 0.221706 / 0.287376 = 12.344.
        let o = eval(&[("ib_links", Value::Num(8.0))]);
        assert!((o.n("speedup") - 12.344).abs() < 1e-3);
        assert!(o.n("scaling_eff_pct") >= 70.0);
        assert!((o.n("overhead2_pct") - 71.82).abs() < 0.01);
        assert_eq!(o.get("act2_impractical"), Some(Value::Bool(false)));
        assert!((o.n("cliff_ratio") - 9.0).abs() < 1e-9);
        // Back to one link: the failure returns.
        let o = eval(&[("ib_links", Value::Num(1.0))]);
        assert_eq!(o.get("act2_impractical"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_reflection_pipeline_moves_far_less() {
        let o = eval(&[]);
        // 2 × 1 seq × 8 GPUs × 2,048 × 4,210.9 (the 7B width) × 2 B = 0.27597 GB per boundary.
        assert!((o.n("pp_boundary_gb") - 0.275_97).abs() < 1e-5);
        // Gradient exchange per node: 2 × 15/16 × 14 = 26.25 GB, 95× more.
        assert!((o.n("dp_inter_gb") - 26.25).abs() < 1e-9);
        assert!((o.n("pp_reduction") - 95.12).abs() < 0.01);
    }

    #[test]
    fn takeaway_ten_gigabytes() {
        let o = eval(&[]);
        // 10 / 450 = 22.2 ms; 10 / 50 = 200 ms; 10 / 25 = 400 ms.
        assert!((o.n("t10_nvlink_ms") - 22.222).abs() < 1e-3);
        assert!((o.n("t10_ib_ms") - 200.0).abs() < 1e-9);
        assert!((o.n("t10_pcie_ms") - 400.0).abs() < 1e-9);
    }

    #[test]
    fn properties() {
        // Speed-up never falls when links are added, and efficiency never rises with nodes.
        let mut prev = 0.0;
        for l in 1..=8 {
            let s = eval(&[("ib_links", Value::Num(l as f64))]).n("speedup");
            assert!(s >= prev);
            prev = s;
        }
        let mut prev = f64::INFINITY;
        for n in 1..=64 {
            let e = eval(&[("nodes", Value::Num(n as f64))]).n("scaling_eff_pct");
            assert!(e <= prev + 1e-9);
            prev = e;
        }
        // One node is its own baseline.
        let o = eval(&[("nodes", Value::Num(1.0))]);
        assert!((o.n("speedup") - 1.0).abs() < 1e-12);
        // The overhead ratio barely depends on model size (both scale with P; only the 7 µs
        // of NVLink latency does not): 32.556 % at 7B, (7 µs + 1.361111 s) / 4.181380 s =
        // 32.551 % at 175B.
        let a = eval(&[("params_b", Value::Num(7.0))]).n("comm_overhead_pct");
        let b = eval(&[("params_b", Value::Num(175.0))]).n("comm_overhead_pct");
        assert!((a - 32.556).abs() < 1e-3 && (b - 32.551).abs() < 1e-3);
    }
}
