//! Vol 2 Lab 06, "The Bandwidth Invariant": why a ring all-reduce beats gathering gradients
//! on one master by a factor of about N (Act I), and why the best algorithm depends on the
//! message size: ring for large buffers, a log-step algorithm for tiny ones (Act II, the
//! α-β model).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: spec card `context_algo_s`, the Act I time of the
//! context's algorithm): `ring`, `tree`.
//!
//! **Act I scenario**: the defaults: 128 GPUs (`n1`), a 140 GB gradient (`m1_gb`, 70B in
//! FP16), InfiniBand NDR (`link1` = `ndr`, 50 GB/s each way, α 1.5 µs).
//!
//! **Act I prediction** ("How much slower is gather-to-master + broadcast than the ring at
//! 128 GPUs?"), checked against `naive_over_ring` (128×), closest in log space:
//! - A "~2×", value 2
//! - B "~10×", value 10
//! - **C "~100–130×", value 115 — keyed**
//! - D "No difference", value 1
//!
//! Instruments: `naive_s`, `ring_s`, `tree_s`, `naive_over_ring`; the efficiency line uses
//! `ring_efficiency_pct`.
//!
//! **Act I reflection** (keyed B, "in a ring every GPU sends and receives at once"): quotes
//! `naive_master_gb` (what the master's link carries) against `ring_per_gpu_gb`.
//!
//! **Act II scenario**: the defaults: 128 GPUs (`n2`) on NDR (`link2`), per-GPU compute of
//! 8,192 tokens per step at 50 % MFU. The three workloads are the presets of `workload`:
//! `large` (175B, 350 GB), `medium` (7B, 14 GB), `small` (1 MB parameter-server updates of a
//! 0.1B model); `custom` uses `m2_gb` with a model of `m2_gb / 2` billion parameters.
//!
//! **Act II prediction** ("Ring everywhere?"), checked against the text output `policy`
//! (best algorithm of each preset at the current `n2` and `link2`):
//! - A "Ring always", value `ring_always` (ring is `ring_vs_doubling_small` = 2.8× slower
//!   than recursive doubling for the 1 MB updates)
//! - **B "Ring for the large and medium syncs, a log-step algorithm (recursive doubling) for
//!   the tiny updates", value `by_size` — keyed**
//! - C "Tree always", value `tree_always` (tree is `tree_vs_ring_large` = 7× slower on 350 GB)
//! - D "Naive for the small updates", value `naive_small` (`naive_vs_doubling_small` = 36×)
//!
//! Instruments: `ring2_s`, `tree2_s`, `doubling2_s`, `best_algo`, `best2_s`, `compute2_s`,
//! `comm_pct`; the chart marks `crossover_mb`.
//!
//! **Act II failure** `comm_bound` (warn): the best algorithm's time exceeds 50 % of the
//! step. Off at the defaults (44 %); fires with `link2` = `hdr` (61 %); clears on `ndr`.
//!
//! **Act II reflection** (keyed B, "compare the message with the crossover"): quotes
//! `crossover_mb` (ring vs recursive doubling, 3.7 MB) and `hockney_kb` (α·β, 75 KB).
//!
//! **Takeaways**: (1) `ring_bw_s` against `ring_lat_ms` for the Act I sync; (2)
//! `ring_tree_crossover_mb` at `n2`; (3) `hier_speedup` (NVLink inside nodes, 8 ports per
//! node across) and `compress_speedup` (half the bytes).
//!
//! **Ledger** (`v2_06`): `algorithm` ← `best_algo`; `cluster_size` ← `n2`;
//! `message_size_gb` ← `msg2_gb`; `bandwidth_efficiency` ← `ring_efficiency2_pct`;
//! `comm_overhead_pct` ← `comm_pct`; `act1_prediction` ← the letter; `act2_result` ←
//! `best2_s`; `constraint_hit` ← `comm_bound`.

use crate::catalog::{
    DGX_GPUS_PER_NODE, H100, IB_ALPHA, IB_HDR200_BW, IB_NDR400_BW, LARGE_JOB_MFU, NVLINK_ALPHA,
    NVLINK4_BW,
};
use crate::laws::allreduce::{
    Level, hierarchical_allreduce, naive_allreduce, naive_master_bytes,
    recursive_doubling_allreduce, ring_doubling_crossover,
};
use crate::laws::collective::{
    ring_allreduce, ring_allreduce_traffic, ring_tree_crossover, tree_allreduce,
};
use crate::laws::parallelism::training_flops;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "ring",
        label: "Ring",
    },
    Choice {
        value: "tree",
        label: "Tree",
    },
];

const LINKS: &[Choice] = &[
    Choice {
        value: "ndr",
        label: "InfiniBand NDR (50 GB/s each way)",
    },
    Choice {
        value: "hdr",
        label: "InfiniBand HDR (25 GB/s each way)",
    },
    Choice {
        value: "nvlink",
        label: "NVLink-class (450 GB/s each way)",
    },
];

const WORKLOADS: &[Choice] = &[
    Choice {
        value: "large",
        label: "175B gradient sync (350 GB)",
    },
    Choice {
        value: "medium",
        label: "7B gradient sync (14 GB)",
    },
    Choice {
        value: "small",
        label: "Parameter-server updates (1 MB)",
    },
    Choice {
        value: "custom",
        label: "Custom message size",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Algorithm family",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "ring",
        },
    },
    InputDef {
        name: "n1",
        label: "GPUs",
        kind: InputKind::Range {
            min: 8.0,
            max: 1024.0,
            step: 8.0,
            default: 128.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "m1_gb",
        label: "Gradient size",
        kind: InputKind::Range {
            min: 1.0,
            max: 300.0,
            step: 1.0,
            default: 140.0,
            unit: Unit::Gb,
        },
    },
    InputDef {
        name: "link1",
        label: "Link",
        kind: InputKind::Choice {
            options: LINKS,
            default: "ndr",
        },
    },
    InputDef {
        name: "workload",
        label: "Workload",
        kind: InputKind::Choice {
            options: WORKLOADS,
            default: "large",
        },
    },
    InputDef {
        name: "m2_gb",
        label: "Custom message size",
        kind: InputKind::Range {
            min: 0.001,
            max: 400.0,
            step: 0.001,
            default: 10.0,
            unit: Unit::Gb,
        },
    },
    InputDef {
        name: "n2",
        label: "GPUs",
        kind: InputKind::Range {
            min: 8.0,
            max: 4096.0,
            step: 8.0,
            default: 128.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "link2",
        label: "Link",
        kind: InputKind::Choice {
            options: LINKS,
            default: "ndr",
        },
    },
];

/// Values of `best_algo` and `best_<workload>`: what `best` returns.
const ALGORITHMS: &[Choice] = &[
    Choice {
        value: "ring",
        label: "ring",
    },
    Choice {
        value: "tree",
        label: "tree",
    },
    Choice {
        value: "doubling",
        label: "recursive doubling",
    },
];

/// Values of `policy`.
const POLICIES: &[Choice] = &[
    Choice {
        value: "naive_small",
        label: "naive for the small updates",
    },
    Choice {
        value: "ring_always",
        label: "ring always",
    },
    Choice {
        value: "tree_always",
        label: "tree always",
    },
    Choice {
        value: "by_size",
        label: "by message size",
    },
    Choice {
        value: "mixed",
        label: "mixed",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num(
        "context_algo_s",
        "Act I time of this algorithm",
        Unit::Seconds,
    ),
    num("naive_s", "Gather to master + broadcast", Unit::Seconds),
    num("ring_s", "Ring all-reduce", Unit::Seconds),
    num("tree_s", "Binary-tree all-reduce", Unit::Seconds),
    num("naive_over_ring", "Naive ÷ ring", Unit::Ratio),
    num(
        "ring_efficiency_pct",
        "Ring bandwidth efficiency (N−1)/N",
        Unit::Percent,
    ),
    num(
        "naive_master_gb",
        "Traffic through the master's link",
        Unit::Gb,
    ),
    num(
        "ring_per_gpu_gb",
        "Traffic through each GPU's link (ring)",
        Unit::Gb,
    ),
    num("ring_bw_s", "Ring: bandwidth term", Unit::Seconds),
    num("ring_lat_ms", "Ring: latency term", Unit::Ms),
    num("msg2_gb", "Message size", Unit::Gb),
    num("params2_b", "Model size", Unit::BParams),
    num("ring2_s", "Ring", Unit::Seconds),
    num("tree2_s", "Binary tree", Unit::Seconds),
    num("doubling2_s", "Recursive doubling", Unit::Seconds),
    num("naive2_s", "Gather + broadcast", Unit::Seconds),
    choice("best_algo", "Recommended algorithm", ALGORITHMS),
    num("best2_s", "Best all-reduce time", Unit::Seconds),
    num("compute2_s", "Compute per step", Unit::Seconds),
    num("comm_pct", "Communication share of the step", Unit::Percent),
    flag("comm_bound", "Communication above 50% of the step"),
    num(
        "ring_efficiency2_pct",
        "Ring bandwidth efficiency (N−1)/N",
        Unit::Percent,
    ),
    num(
        "crossover_mb",
        "Ring beats recursive doubling above",
        Unit::Mb,
    ),
    num(
        "ring_tree_crossover_mb",
        "Ring beats the binary tree above",
        Unit::Mb,
    ),
    num("hockney_kb", "Half-bandwidth message α·β", Unit::Kb),
    choice("best_large", "Best for the 175B sync", ALGORITHMS),
    choice("best_medium", "Best for the 7B sync", ALGORITHMS),
    choice("best_small", "Best for the 1 MB updates", ALGORITHMS),
    choice("policy", "Best policy across the three workloads", POLICIES),
    num(
        "ring_vs_doubling_small",
        "Ring ÷ doubling, 1 MB",
        Unit::Ratio,
    ),
    num("tree_vs_ring_large", "Tree ÷ ring, 350 GB", Unit::Ratio),
    num(
        "naive_vs_doubling_small",
        "Naive ÷ doubling, 1 MB",
        Unit::Ratio,
    ),
    num("hier_s", "Two-level all-reduce", Unit::Seconds),
    num("hier_speedup", "Flat ring ÷ two-level", Unit::Ratio),
    num(
        "compress_speedup",
        "Two-level ÷ two-level at half the bytes",
        Unit::Ratio,
    ),
];

/// Per-GPU tokens per step in Act II (4 sequences of 2,048).
const TOKENS_PER_GPU: f64 = 8192.0;
/// The three preset workloads: message and model size.
const LARGE: (Bytes, f64) = (Bytes::gb(350.0), 175e9);
const MEDIUM: (Bytes, f64) = (Bytes::gb(14.0), 7e9);
const SMALL: (Bytes, f64) = (Bytes::mb(1.0), 0.1e9);
/// Communication share above which the step is communication-bound.
const COMM_LIMIT: f64 = 0.5;

fn link(key: &str) -> (Seconds, Bandwidth) {
    match key {
        "hdr" => (IB_ALPHA.value, IB_HDR200_BW.value),
        "nvlink" => (NVLINK_ALPHA.value, NVLINK4_BW.value),
        _ => (IB_ALPHA.value, IB_NDR400_BW.value),
    }
}

/// Ring, tree and recursive doubling for one message; the fastest and its name.
fn best(size: Bytes, n: f64, a: Seconds, b: Bandwidth) -> (&'static str, Seconds) {
    [
        ("ring", ring_allreduce(size, n, a, b)),
        ("tree", tree_allreduce(size, n, a, b)),
        ("doubling", recursive_doubling_allreduce(size, n, a, b)),
    ]
    .into_iter()
    .fold(("ring", Seconds::new(f64::MAX)), |acc, x| {
        if x.1 < acc.1 { x } else { acc }
    })
}

/// The ring's per-rank traffic as a share of the `2M` it tends to: `(N−1)/N`.
fn ring_efficiency_pct(size: Bytes, n: f64) -> f64 {
    if size.as_bytes() <= 0.0 {
        return 100.0;
    }
    100.0 * (ring_allreduce_traffic(size, n) / (size * 2.0))
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: the same gradient, naive versus ring versus tree.
    let n = i.n("n1");
    let m = Bytes::gb(i.n("m1_gb"));
    let (a, b) = link(i.t("link1"));
    let naive = naive_allreduce(m, n, a, b);
    let ring = ring_allreduce(m, n, a, b);
    let tree = tree_allreduce(m, n, a, b);
    let lat = ring_allreduce(Bytes::ZERO, n, a, b);
    o.num(
        "context_algo_s",
        if i.t("context") == "tree" {
            tree.as_s()
        } else {
            ring.as_s()
        },
    )
    .num("naive_s", naive.as_s())
    .num("ring_s", ring.as_s())
    .num("tree_s", tree.as_s())
    .num("naive_over_ring", naive / ring)
    .num("ring_efficiency_pct", ring_efficiency_pct(m, n))
    .num("naive_master_gb", naive_master_bytes(m, n).as_gb())
    .num("ring_per_gpu_gb", ring_allreduce_traffic(m, n).as_gb())
    .num("ring_bw_s", (ring - lat).as_s())
    .num("ring_lat_ms", lat.as_ms());

    // Act II: one workload on one cluster.
    let n2 = i.n("n2");
    let (a2, b2) = link(i.t("link2"));
    let (msg, params) = match i.t("workload") {
        "medium" => MEDIUM,
        "small" => SMALL,
        "custom" => {
            let gb = i.n("m2_gb");
            (Bytes::gb(gb), gb * 1e9 / 2.0)
        }
        _ => LARGE,
    };
    let (algo, t) = best(msg, n2, a2, b2);
    let tc = training_flops(params, TOKENS_PER_GPU) / (H100.peak.value * LARGE_JOB_MFU.value);
    let share = t / (t + tc);
    let node = Level {
        alpha: IB_ALPHA.value,
        beta: b2 * DGX_GPUS_PER_NODE.value,
    };
    let intra = Level {
        alpha: NVLINK_ALPHA.value,
        beta: NVLINK4_BW.value,
    };
    let per_node = n2.min(DGX_GPUS_PER_NODE.value);
    let nodes = n2 / per_node;
    let hier = hierarchical_allreduce(msg, per_node, nodes, intra, node);
    let hier_half = hierarchical_allreduce(msg * 0.5, per_node, nodes, intra, node);
    let ring2 = ring_allreduce(msg, n2, a2, b2);
    o.num("msg2_gb", msg.as_gb())
        .num("params2_b", params / 1e9)
        .num("ring2_s", ring2.as_s())
        .num("tree2_s", tree_allreduce(msg, n2, a2, b2).as_s())
        .num(
            "doubling2_s",
            recursive_doubling_allreduce(msg, n2, a2, b2).as_s(),
        )
        .num("naive2_s", naive_allreduce(msg, n2, a2, b2).as_s())
        .text("best_algo", algo)
        .num("best2_s", t.as_s())
        .num("compute2_s", tc.as_s())
        .num("comm_pct", 100.0 * share)
        .flag("comm_bound", share > COMM_LIMIT)
        .num("ring_efficiency2_pct", ring_efficiency_pct(msg, n2))
        .num("crossover_mb", ring_doubling_crossover(n2, a2, b2).as_mb())
        .num(
            "ring_tree_crossover_mb",
            ring_tree_crossover(n2, a2, b2).as_mb(),
        )
        .num("hockney_kb", (b2 * a2).as_kb())
        .num("hier_s", hier.as_s())
        .num("hier_speedup", ring2 / hier)
        .num("compress_speedup", hier / hier_half);

    // The policy question: the best algorithm for each preset on this cluster.
    let (bl, tl) = best(LARGE.0, n2, a2, b2);
    let (bm, _) = best(MEDIUM.0, n2, a2, b2);
    let (bs, ts) = best(SMALL.0, n2, a2, b2);
    let naive_small = naive_allreduce(SMALL.0, n2, a2, b2);
    let policy = if naive_small < ts {
        "naive_small"
    } else if bl == "ring" && bm == "ring" && bs == "ring" {
        "ring_always"
    } else if bl == "tree" && bm == "tree" && bs == "tree" {
        "tree_always"
    } else if bl == "ring" && bs != "ring" {
        "by_size"
    } else {
        "mixed"
    };
    o.text("best_large", bl)
        .text("best_medium", bm)
        .text("best_small", bs)
        .text("policy", policy)
        .num(
            "ring_vs_doubling_small",
            ring_allreduce(SMALL.0, n2, a2, b2) / recursive_doubling_allreduce(SMALL.0, n2, a2, b2),
        )
        .num(
            "tree_vs_ring_large",
            tree_allreduce(LARGE.0, n2, a2, b2) / tl,
        )
        .num("naive_vs_doubling_small", naive_small / ts);
    o
}

/// The Vol 2 Lab 06 model.
pub const MODEL: Model = Model {
    id: "v2-06",
    title: "The Bandwidth Invariant",
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
        // Naive 254 × (1.5 µs + 2.8 s) = 711.2004 s; ring 0.000381 + 1.984375 × 2.8 = 5.556631 s.
        assert!((o.n("naive_s") - 711.200_381).abs() < 1e-6);
        assert!((o.n("ring_s") - 5.556_631).abs() < 1e-6);
        // 711.2004 / 5.556631 = 127.99 ≈ N (not the stakeholder's 14×).
        assert!((o.n("naive_over_ring") - 127.99).abs() < 0.01);
        let opts = [("A", 2.0), ("B", 10.0), ("C", 115.0), ("D", 1.0)];
        assert_eq!(closest_log(o.n("naive_over_ring"), &opts), "C");
        // B is off by 12.8×, A by 64×.
        assert!((o.n("naive_over_ring") / 10.0 - 12.8).abs() < 0.01);
        // Tree: 14 × (1.5 µs + 2.8 s) = 39.2 s, between the two.
        assert!((o.n("tree_s") - 39.200_021).abs() < 1e-6);
    }

    #[test]
    fn act1_reflection_and_efficiency() {
        let o = eval(&[]);
        // Master link: 2 × 127 × 140 = 35,560 GB; each ring GPU: 2 × 127/128 × 140 = 277.8 GB.
        assert!((o.n("naive_master_gb") - 35_560.0).abs() < 1e-9);
        assert!((o.n("ring_per_gpu_gb") - 277.8125).abs() < 1e-9);
        // 127 / 128 = 99.22 %.
        assert!((o.n("ring_efficiency_pct") - 99.21875).abs() < 1e-9);
        // Takeaway (1): 5.556 s of bandwidth against 0.381 ms of latency.
        assert!((o.n("ring_bw_s") - 5.55625).abs() < 1e-9);
        assert!((o.n("ring_lat_ms") - 0.381).abs() < 1e-9);
    }

    #[test]
    fn act1_ratio_tracks_n() {
        // The naive/ring ratio is ≈ N for large messages at every cluster size.
        for n in [8.0, 64.0, 512.0, 1024.0] {
            let o = eval(&[("n1", Value::Num(n))]);
            assert!((o.n("naive_over_ring") / n - 1.0).abs() < 0.01);
        }
    }

    #[test]
    fn act2_prediction_keys_by_size() {
        let o = eval(&[]);
        assert_eq!(o.get("best_large"), Some(Value::Text("ring")));
        assert_eq!(o.get("best_medium"), Some(Value::Text("ring")));
        assert_eq!(o.get("best_small"), Some(Value::Text("doubling")));
        assert_eq!(o.get("policy"), Some(Value::Text("by_size")));
        // A: ring on 1 MB = 381 µs + 39.69 µs = 420.69 µs vs doubling 7 × 21.5 µs = 150.5 µs: 2.80×.
        assert!((o.n("ring_vs_doubling_small") - 2.795).abs() < 1e-3);
        // C: tree on 350 GB = 14 × 7 s = 98 s vs ring 13.891 s: 7.05×.
        assert!((o.n("tree_vs_ring_large") - 7.055).abs() < 1e-3);
        // D: naive on 1 MB = 254 × 21.5 µs = 5.461 ms: 36.3× doubling.
        assert!((o.n("naive_vs_doubling_small") - 36.29).abs() < 0.01);
    }

    #[test]
    fn act2_failure_fires_and_clears() {
        let o = eval(&[]);
        // Ring 13.891 s vs compute 6 × 175e9 × 8,192 / 494.5e12 = 17.3946 s: 44.40 %.
        assert!((o.n("compute2_s") - 17.394_6).abs() < 1e-4);
        assert!((o.n("best2_s") - 13.891_006).abs() < 1e-6);
        assert!((o.n("comm_pct") - 44.40).abs() < 0.01);
        assert_eq!(o.get("comm_bound"), Some(Value::Bool(false)));
        // HDR: 27.7816 s → 61.50 %.
        let o = eval(&[("link2", Value::Text("hdr"))]);
        assert!((o.n("comm_pct") - 61.50).abs() < 0.01);
        assert_eq!(o.get("comm_bound"), Some(Value::Bool(true)));
        let o = eval(&[("link2", Value::Text("ndr"))]);
        assert_eq!(o.get("comm_bound"), Some(Value::Bool(false)));
        // Small updates: 150.5 µs against 9.94 ms of compute, 1.5 %.
        let o = eval(&[("workload", Value::Text("small"))]);
        assert!((o.n("comm_pct") - 1.49).abs() < 0.01);
    }

    #[test]
    fn act2_reflection_crossovers() {
        let o = eval(&[]);
        // α·β = 1.5 µs × 50 GB/s = 75 KB; ring vs doubling at 128: 3.693 MB; ring vs tree 1.498 MB.
        assert!((o.n("hockney_kb") - 75.0).abs() < 1e-9);
        assert!((o.n("crossover_mb") - 3.693_46).abs() < 1e-4);
        assert!((o.n("ring_tree_crossover_mb") - 1.498_05).abs() < 1e-4);
        // At 1,024 GPUs the ring/tree crossover moves up to 8.44 MB.
        let o = eval(&[("n2", Value::Num(1024.0))]);
        assert!((o.n("ring_tree_crossover_mb") - 8.441).abs() < 1e-3);
        // A custom 2 MB message sits below the 3.7 MB crossover: doubling; 8 MB: ring.
        let c = |gb: f64| {
            eval(&[
                ("workload", Value::Text("custom")),
                ("m2_gb", Value::Num(gb)),
            ])
        };
        assert_eq!(c(0.002).get("best_algo"), Some(Value::Text("doubling")));
        assert_eq!(c(0.008).get("best_algo"), Some(Value::Text("ring")));
    }

    #[test]
    fn takeaway_three_hierarchy_and_compression() {
        let o = eval(&[]);
        // 16 nodes: intra 2 × (3.5 µs + 7/8 × 350/450) = 1.361118 s; inter 45 µs + 1.875 × 350/400
        // = 1.640670 s; total 3.001788 s; 13.891006 / 3.001788 = 4.63×.
        assert!((o.n("hier_s") - 3.001_788).abs() < 1e-6);
        assert!((o.n("hier_speedup") - 4.6276).abs() < 1e-3);
        // Half the bytes: 2× more (latency terms are negligible here).
        assert!((o.n("compress_speedup") - 2.0).abs() < 1e-3);
    }

    /// The two-level sync of takeaway (3) is the one V2-01 uses for the same 175B gradient.
    #[cfg(feature = "all-labs")]
    #[test]
    fn two_level_sync_matches_v2_01() {
        use crate::labs::v2_01;
        // 350 GB over 16 nodes of 8: 3.001788 s (hand value in takeaway_three_hierarchy_…).
        let v1 = v2_01::MODEL
            .evaluate_pairs(&[("cluster", Value::Num(128.0))])
            .n("allreduce_s");
        let v6 = eval(&[]).n("hier_s");
        assert!((v1 - v6).abs() <= 1e-9 * v6 && (v6 - 3.001_788).abs() < 1e-6);
    }

    #[test]
    fn times_grow_with_message_size() {
        let mut prev = 0.0;
        for k in 0..20 {
            let gb = 0.001 * 1.6f64.powi(k);
            let o = eval(&[
                ("workload", Value::Text("custom")),
                ("m2_gb", Value::Num(gb)),
            ]);
            assert!(o.n("best2_s") > prev);
            prev = o.n("best2_s");
        }
    }
}
