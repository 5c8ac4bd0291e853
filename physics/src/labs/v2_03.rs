//! Vol 2 Lab 03, "The Bisection Bandwidth Wall": what a 2:1 oversubscribed spine does to
//! traffic that crosses it (Act I), and which fabric keeps a 1,024-GPU gradient all-reduce
//! under one second (Act II: InfiniBand fat-tree, Ethernet fat-tree or 3D torus).
//!
//! Modelling assumption, stated in the chapter: ranks are placed without regard to the
//! topology, so ring neighbours sit on different leaves and the all-reduce's traffic crosses
//! the bisection. In Act I each GPU port then gets `2·BW_bis/N` (never more than its own
//! link), and a ring over the ports takes `2(N−1)α + 2(N−1)/N · M / rate`. In Act II the
//! GPUs sit 8 to a node with NVLink inside (DGX H100), and the gradient is all-reduced the
//! way the rest of the book does it ([`hierarchical_allreduce`]): reduce-scatter over
//! NVLink, a ring of nodes across the fabric at each node's share of the bisection
//! `2·BW_bis/nodes` (never more than its 8 ports), all-gather over NVLink.
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic): `small` an 8-GPU node, `large` a 1,024-GPU cluster;
//! spec card `context_gpus`.
//!
//! **Act I scenario**: the defaults: 128 GPUs (`n1`), HDR200 links (200 Gb/s line rate,
//! 22.5 GB/s delivered), spine oversubscription 2:1 (`oversub` = `2`).
//!
//! **Act I prediction** ("What share of the planned all-reduce bandwidth can the 2:1 fabric
//! deliver?"), checked against `efficiency_pct` (50 %), closest value:
//! - A "~90 %: the slowdown is normal", value 90
//! - **B "~50 %: 2:1 halves the bisection", value 50 — keyed**
//! - C "~75 %: too many switch hops", value 75
//! - D "~20 %: 128 GPUs is too many for a fat tree", value 20
//!
//! Instruments: `bisection_gbs`, `per_gpu_gbs`, `efficiency_pct`, `nonblocking_gbs`; bars
//! `bis_r1_gbs`, `bis_r2_gbs`, `bis_r4_gbs`; `link_line_gbs` vs `link_eff_gbs`.
//!
//! **Act I reflection** (keyed B, "non-blocking: as many uplinks as downlinks at every
//! tier"): quotes `nonblocking_gbs` against `bisection_gbs`.
//!
//! **Act II scenario**: the defaults: 1,024 GPUs (`n2`, 128 nodes), a 64 GB gradient
//! (`tensor_gb`, a 32B-parameter model in BF16), target < 1 s, a 5 s compute step.
//!
//! **Act II prediction** ("Which fabric should the $50M cluster buy?"), checked against the
//! text output `best_fabric` (cheapest fabric that meets the target):
//! - A "3D torus: cheapest", value `torus` (`torus_ar_s` 2.07 s, `torus_vs_ib` 3.4×)
//! - B "200G Ethernet fat-tree 2:1", value `eth_fat_tree` (`eth_ar_s` 1.69 s, 2.8×)
//! - **C "InfiniBand fat-tree 1:1: all-reduce is bisection-bound", value `ib_fat_tree` —
//!   keyed** (`ib_ar_s` 0.60 s)
//! - D "All the same", value `all_equal` (`eth_vs_ib`, `torus_vs_ib` ≫ 1)
//!
//! Instruments for the selected `fabric`: `fab_bis_gbs`, `fab_ar_s`, `fab_step_eff_pct`,
//! `fab_cost_musd`, `fab_gbs_per_musd`; lines use `required_bis_gbs`.
//!
//! **Act II failure** `sla_violated` (danger): the selected fabric's all-reduce takes more
//! than 1 s. Off at the defaults (IB, 0.60 s); fires with `fabric` = `eth_fat_tree` or
//! `tensor_gb` = 110 (1.03 s); clears when moved back.
//!
//! **Act II reflection** (keyed B, "torus bisection grows as N^(2/3)"): quotes
//! `torus_growth_8x` (4× for 8× the nodes) and `fat_tree_growth_8x` (8×).
//!
//! **Takeaways**: (1) `nstar_kb`, the message size below which latency dominates on the
//! Act I link (α·β); (2) 4:1 divides the bisection by 4 (`ref_bis_gbs` 25,600 →
//! `ref_bis_4to1_gbs` 6,400 GB/s for 1,024 NDR ports) and makes cross-spine traffic
//! `slowdown_4to1` = 4× slower; (3) `comm_share_pct`, the all-reduce's share of the step.
//!
//! **Ledger** (`v2_03`): `fabric_type` and `act2_decision` ← `fabric`; `cluster_size` ← `n2`;
//! `oversubscription` ← `oversub`; `bisection_bw_gbps` ← `fab_bis_gbs`; `act2_result` ←
//! `fab_ar_s`; `constraint_hit` ← `sla_violated`.

use crate::catalog::{
    DGX_GPUS_PER_NODE, ETH_100G_BW, ETH_200G_BW, ETH_400G_BW, ETH_EFFICIENCY,
    ETH_FAT_TREE_MUSD_1024, IB_ALPHA, IB_EFFICIENCY, IB_FAT_TREE_MUSD_1024, IB_HDR200_BW,
    IB_NDR400_BW, NVLINK_ALPHA, NVLINK4_BW, TORUS_MUSD_1024,
};
use crate::laws::allreduce::{Level, hierarchical_allreduce, hierarchical_terms};
use crate::laws::collective::{bisection_bandwidth, ring_allreduce, ring_allreduce_traffic};
use crate::laws::topology::{cross_bisection_rate, torus3d_bisection};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "small",
        label: "8-GPU node (reference)",
    },
    Choice {
        value: "large",
        label: "1,024-GPU cluster",
    },
];

const LINKS: &[Choice] = &[
    Choice {
        value: "hdr200",
        label: "InfiniBand HDR200 (200 Gb/s)",
    },
    Choice {
        value: "ndr400",
        label: "InfiniBand NDR400 (400 Gb/s)",
    },
    Choice {
        value: "eth100",
        label: "100 Gb Ethernet",
    },
    Choice {
        value: "eth400",
        label: "400 Gb Ethernet",
    },
];

const OVERSUB: &[Choice] = &[
    Choice {
        value: "1",
        label: "1:1 (non-blocking)",
    },
    Choice {
        value: "2",
        label: "2:1",
    },
    Choice {
        value: "4",
        label: "4:1",
    },
];

const FABRICS: &[Choice] = &[
    Choice {
        value: "ib_fat_tree",
        label: "InfiniBand NDR fat-tree, 1:1",
    },
    Choice {
        value: "eth_fat_tree",
        label: "200G Ethernet fat-tree, 2:1",
    },
    Choice {
        value: "torus",
        label: "3D torus of nodes, 8 × 100G per neighbour",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "large",
        },
    },
    InputDef {
        name: "n1",
        label: "GPUs",
        kind: InputKind::Range {
            min: 8.0,
            max: 512.0,
            step: 8.0,
            default: 128.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "link",
        label: "Link technology",
        kind: InputKind::Choice {
            options: LINKS,
            default: "hdr200",
        },
    },
    InputDef {
        name: "oversub",
        label: "Spine oversubscription",
        kind: InputKind::Choice {
            options: OVERSUB,
            default: "2",
        },
    },
    InputDef {
        name: "fabric",
        label: "Fabric",
        kind: InputKind::Choice {
            options: FABRICS,
            default: "ib_fat_tree",
        },
    },
    InputDef {
        name: "n2",
        label: "GPUs",
        kind: InputKind::Range {
            min: 64.0,
            max: 4096.0,
            step: 64.0,
            default: 1024.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "tensor_gb",
        label: "Gradient to all-reduce per step",
        kind: InputKind::Range {
            min: 1.0,
            max: 200.0,
            step: 1.0,
            default: 64.0,
            unit: Unit::Gb,
        },
    },
];

/// Values of `best_fabric`: a fabric that meets the target, or none.
const BEST_FABRICS: &[Choice] = &[
    Choice {
        value: "ib_fat_tree",
        label: "InfiniBand fat-tree",
    },
    Choice {
        value: "eth_fat_tree",
        label: "Ethernet fat-tree",
    },
    Choice {
        value: "torus",
        label: "3D torus",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("context_gpus", "GPUs in this context", Unit::Gpus),
    num("link_line_gbs", "Link line rate, each way", Unit::GbPerS),
    num(
        "link_eff_gbs",
        "Link rate delivered, each way",
        Unit::GbPerS,
    ),
    num("bisection_gbs", "Bisection bandwidth", Unit::GbPerS),
    num("nonblocking_gbs", "Non-blocking bisection", Unit::GbPerS),
    num("per_gpu_gbs", "Cross-spine rate per GPU", Unit::GbPerS),
    num(
        "efficiency_pct",
        "Share of non-blocking bandwidth",
        Unit::Percent,
    ),
    num("bis_r1_gbs", "Bisection at 1:1", Unit::GbPerS),
    num("bis_r2_gbs", "Bisection at 2:1", Unit::GbPerS),
    num("bis_r4_gbs", "Bisection at 4:1", Unit::GbPerS),
    num("nstar_kb", "Latency-dominated below (α·β)", Unit::Kb),
    num(
        "slowdown_4to1",
        "Cross-spine time at 4:1 ÷ at 1:1",
        Unit::Ratio,
    ),
    num("ref_bis_gbs", "1,024 NDR ports, non-blocking", Unit::GbPerS),
    num("ref_bis_4to1_gbs", "1,024 NDR ports, 4:1", Unit::GbPerS),
    num("ib_bis_gbs", "InfiniBand fat-tree bisection", Unit::GbPerS),
    num("eth_bis_gbs", "Ethernet fat-tree bisection", Unit::GbPerS),
    num("torus_bis_gbs", "3D torus bisection", Unit::GbPerS),
    num(
        "ib_ar_s",
        "All-reduce on InfiniBand fat-tree",
        Unit::Seconds,
    ),
    num("eth_ar_s", "All-reduce on Ethernet fat-tree", Unit::Seconds),
    num("torus_ar_s", "All-reduce on 3D torus", Unit::Seconds),
    num("ib_cost_musd", "InfiniBand fat-tree cost", Unit::Musd),
    num("eth_cost_musd", "Ethernet fat-tree cost", Unit::Musd),
    num("torus_cost_musd", "3D torus cost", Unit::Musd),
    num(
        "eth_vs_ib",
        "Ethernet ÷ InfiniBand all-reduce time",
        Unit::Ratio,
    ),
    num(
        "torus_vs_ib",
        "Torus ÷ InfiniBand all-reduce time",
        Unit::Ratio,
    ),
    choice("best_fabric", "Cheapest fabric under 1 s", BEST_FABRICS),
    num("required_bis_gbs", "Bisection needed for 1 s", Unit::GbPerS),
    num("fab_bis_gbs", "Bisection bandwidth", Unit::GbPerS),
    num("fab_ar_s", "Gradient all-reduce", Unit::Seconds),
    num(
        "fab_step_eff_pct",
        "Training efficiency (5 s compute)",
        Unit::Percent,
    ),
    num("fab_cost_musd", "Fabric cost", Unit::Musd),
    num("fab_gbs_per_musd", "Bisection per $M", Unit::GbPerS),
    num(
        "comm_share_pct",
        "All-reduce share of the step",
        Unit::Percent,
    ),
    num("sla_s", "All-reduce target", Unit::Seconds),
    flag("sla_violated", "All-reduce exceeds 1 s"),
    num(
        "torus_growth_8x",
        "Torus bisection, 8× the GPUs",
        Unit::Ratio,
    ),
    num(
        "fat_tree_growth_8x",
        "Fat-tree bisection, 8× the GPUs",
        Unit::Ratio,
    ),
];

/// The Act II all-reduce target.
const SLA: Seconds = Seconds::new(1.0);
/// Compute per step in Act II (the chapter's rough figure).
const STEP_COMPUTE: Seconds = Seconds::new(5.0);
/// Neighbours of a node in the 3D torus (±x, ±y, ±z).
const TORUS_PORTS: f64 = 6.0;
/// Cluster size at which the catalogued fabric prices apply; cost scales linearly.
const PRICED_GPUS: f64 = 1024.0;

fn link(key: &str) -> (Bandwidth, f64) {
    match key {
        "ndr400" => (IB_NDR400_BW.value, IB_EFFICIENCY.value),
        "eth100" => (ETH_100G_BW.value, ETH_EFFICIENCY.value),
        "eth400" => (ETH_400G_BW.value, ETH_EFFICIENCY.value),
        _ => (IB_HDR200_BW.value, IB_EFFICIENCY.value),
    }
}

/// One Act II fabric at `n` GPUs in 8-GPU nodes: bisection, the rate at which each node
/// crosses it, price.
struct Fabric {
    bisection: Bandwidth,
    node_rate: Bandwidth,
    cost_musd: f64,
}

/// The fat trees connect every GPU's port (8 per node, as on a DGX H100); the 3D torus
/// connects nodes, each to its 6 neighbours with one 100G link per GPU (the same 3,072
/// cables as a torus of 1,024 single-port GPUs). A node's share of the bisection is
/// `2·BW_bis / nodes`, never more than its own ports.
fn fabric(key: &str, n: f64) -> Fabric {
    let scale = n / PRICED_GPUS;
    let g = DGX_GPUS_PER_NODE.value;
    let nodes = n / g;
    match key {
        "eth_fat_tree" => {
            let l = ETH_200G_BW.value * ETH_EFFICIENCY.value;
            let b = bisection_bandwidth(n, l, 2.0);
            Fabric {
                bisection: b,
                node_rate: cross_bisection_rate(b, nodes, l * g),
                cost_musd: ETH_FAT_TREE_MUSD_1024.value * scale,
            }
        }
        "torus" => {
            let l = ETH_100G_BW.value * ETH_EFFICIENCY.value * g;
            let b = torus3d_bisection(nodes, l);
            Fabric {
                bisection: b,
                node_rate: cross_bisection_rate(b, nodes, l * TORUS_PORTS),
                cost_musd: TORUS_MUSD_1024.value * scale,
            }
        }
        _ => {
            let l = IB_NDR400_BW.value * IB_EFFICIENCY.value;
            let b = bisection_bandwidth(n, l, 1.0);
            Fabric {
                bisection: b,
                node_rate: cross_bisection_rate(b, nodes, l * g),
                cost_musd: IB_FAT_TREE_MUSD_1024.value * scale,
            }
        }
    }
}

/// Bisection that brings the two-level all-reduce of `size` over `n` GPUs down to the
/// target: what NVLink and the per-message latencies leave of the second is the time each
/// node has to move its ring volume across; the `nodes/2` nodes on one side share the
/// bisection.
fn required_bisection(size: Bytes, n: f64) -> Bandwidth {
    let nodes = n / DGX_GPUS_PER_NODE.value;
    let any = Level {
        alpha: IB_ALPHA.value,
        beta: Bandwidth::gb_per_s(1.0),
    };
    let (intra, _) = hierarchical_terms(size, DGX_GPUS_PER_NODE.value, nodes, NVLINK, any);
    let latency = ring_allreduce(Bytes::ZERO, nodes, any.alpha, any.beta);
    let left = Seconds::new((SLA - intra - latency).as_s().max(1e-9));
    (ring_allreduce_traffic(size, nodes) / left) * (nodes / 2.0)
}

/// NVLink inside each node.
const NVLINK: Level = Level {
    alpha: NVLINK_ALPHA.value,
    beta: NVLINK4_BW.value,
};

/// Act I: a flat ring of GPU ports, each crossing the spine at `rate`.
fn allreduce(size: Bytes, n: f64, rate: Bandwidth) -> Seconds {
    ring_allreduce(size, n, IB_ALPHA.value, rate)
}

/// Act II: the two-level all-reduce of [`hierarchical_allreduce`] (NVLink inside the node,
/// a ring of nodes across the fabric at each node's cross-bisection rate).
fn node_allreduce(size: Bytes, n: f64, node_rate: Bandwidth) -> Seconds {
    let g = DGX_GPUS_PER_NODE.value;
    hierarchical_allreduce(
        size,
        g,
        n / g,
        NVLINK,
        Level {
            alpha: IB_ALPHA.value,
            beta: node_rate,
        },
    )
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_gpus",
        if i.t("context") == "small" {
            8.0
        } else {
            1024.0
        },
    );

    // Act I: one leaf-spine fabric, three oversubscription ratios.
    let n1 = i.n("n1");
    let (line, eff) = link(i.t("link"));
    let l = line * eff;
    let r: f64 = match i.t("oversub") {
        "1" => 1.0,
        "4" => 4.0,
        _ => 2.0,
    };
    let bis = bisection_bandwidth(n1, l, r);
    let full = bisection_bandwidth(n1, l, 1.0);
    let per_gpu = cross_bisection_rate(bis, n1, l);
    let probe = Bytes::gb(1.0);
    let slow4 = allreduce(
        probe,
        n1,
        cross_bisection_rate(bisection_bandwidth(n1, l, 4.0), n1, l),
    )
    .as_s()
        / allreduce(probe, n1, cross_bisection_rate(full, n1, l)).as_s();
    let ndr_line = IB_NDR400_BW.value;
    o.num("link_line_gbs", line.as_gb_per_s())
        .num("link_eff_gbs", l.as_gb_per_s())
        .num("bisection_gbs", bis.as_gb_per_s())
        .num("nonblocking_gbs", full.as_gb_per_s())
        .num("per_gpu_gbs", per_gpu.as_gb_per_s())
        .num("efficiency_pct", 100.0 * (per_gpu / l))
        .num("bis_r1_gbs", full.as_gb_per_s())
        .num("bis_r2_gbs", bisection_bandwidth(n1, l, 2.0).as_gb_per_s())
        .num("bis_r4_gbs", bisection_bandwidth(n1, l, 4.0).as_gb_per_s())
        .num("nstar_kb", (l * IB_ALPHA.value).as_kb())
        .num("slowdown_4to1", slow4)
        .num(
            "ref_bis_gbs",
            bisection_bandwidth(PRICED_GPUS, ndr_line, 1.0).as_gb_per_s(),
        )
        .num(
            "ref_bis_4to1_gbs",
            bisection_bandwidth(PRICED_GPUS, ndr_line, 4.0).as_gb_per_s(),
        );

    // Act II: three fabrics for the same cluster and gradient.
    let n2 = i.n("n2");
    let m = Bytes::gb(i.n("tensor_gb"));
    let keys = ["ib_fat_tree", "eth_fat_tree", "torus"];
    let fabs = keys.map(|k| fabric(k, n2));
    let times = fabs.each_ref().map(|f| node_allreduce(m, n2, f.node_rate));
    // Cheapest fabric meeting the target.
    let best = keys
        .iter()
        .zip(fabs.iter().zip(times.iter()))
        .filter(|(_, (_, t))| **t <= SLA)
        .min_by(|a, b| a.1.0.cost_musd.total_cmp(&b.1.0.cost_musd))
        .map(|(k, _)| *k)
        .unwrap_or("none");
    let sel = keys.iter().position(|k| *k == i.t("fabric")).unwrap_or(0);
    let (f, t) = (&fabs[sel], times[sel]);
    o.num("ib_bis_gbs", fabs[0].bisection.as_gb_per_s())
        .num("eth_bis_gbs", fabs[1].bisection.as_gb_per_s())
        .num("torus_bis_gbs", fabs[2].bisection.as_gb_per_s())
        .num("ib_ar_s", times[0].as_s())
        .num("eth_ar_s", times[1].as_s())
        .num("torus_ar_s", times[2].as_s())
        .num("ib_cost_musd", fabs[0].cost_musd)
        .num("eth_cost_musd", fabs[1].cost_musd)
        .num("torus_cost_musd", fabs[2].cost_musd)
        .num("eth_vs_ib", times[1] / times[0])
        .num("torus_vs_ib", times[2] / times[0])
        .text("best_fabric", best)
        .num("required_bis_gbs", required_bisection(m, n2).as_gb_per_s())
        .num("fab_bis_gbs", f.bisection.as_gb_per_s())
        .num("fab_ar_s", t.as_s())
        .num(
            "fab_step_eff_pct",
            100.0 * (STEP_COMPUTE / (STEP_COMPUTE + t)),
        )
        .num("fab_cost_musd", f.cost_musd)
        .num(
            "fab_gbs_per_musd",
            f.bisection.as_gb_per_s() / f.cost_musd.max(1e-9),
        )
        .num("comm_share_pct", 100.0 * (t / (STEP_COMPUTE + t)))
        .num("sla_s", SLA.as_s())
        .flag("sla_violated", t > SLA);

    let unit = Bandwidth::gb_per_s(1.0);
    o.num(
        "torus_growth_8x",
        torus3d_bisection(8.0 * n2, unit) / torus3d_bisection(n2, unit),
    )
    .num(
        "fat_tree_growth_8x",
        bisection_bandwidth(8.0 * n2, unit, 1.0) / bisection_bandwidth(n2, unit, 1.0),
    );
    o
}

/// The Vol 2 Lab 03 model.
pub const MODEL: Model = Model {
    id: "v2-03",
    title: "The Bisection Bandwidth Wall",
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
    fn act1_prediction_keys_b() {
        let o = eval(&[]);
        // HDR200: 25 GB/s × 0.9 = 22.5; bisection 128 × 22.5 / (2 × 2) = 720 GB/s of 1,440.
        assert!((o.n("link_eff_gbs") - 22.5).abs() < 1e-9);
        assert!((o.n("bisection_gbs") - 720.0).abs() < 1e-9);
        assert!((o.n("nonblocking_gbs") - 1440.0).abs() < 1e-9);
        // Per GPU 2 × 720 / 128 = 11.25 GB/s = 50 % of the link.
        assert!((o.n("per_gpu_gbs") - 11.25).abs() < 1e-9);
        let x = o.n("efficiency_pct");
        assert!((x - 50.0).abs() < 1e-9);
        let opts = [("A", 90.0), ("B", 50.0), ("C", 75.0), ("D", 20.0)];
        let best = opts
            .iter()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map(|o| o.0);
        assert_eq!(best, Some("B"));
        // Wrong options miss by 40, 25 and 30 points.
        assert!(((90.0 - x) - 40.0).abs() < 1e-9 && ((75.0 - x) - 25.0).abs() < 1e-9);
        assert!(((x - 20.0) - 30.0).abs() < 1e-9);
        // Efficiency is 1/r whatever the size and link: it is not the GPU count (D).
        for n in [8.0, 512.0] {
            let o = eval(&[("n1", Value::Num(n)), ("link", Value::Text("eth400"))]);
            assert!((o.n("efficiency_pct") - 50.0).abs() < 1e-9);
        }
    }

    #[test]
    fn act1_bars_and_takeaways() {
        let o = eval(&[]);
        assert!((o.n("bis_r4_gbs") - 360.0).abs() < 1e-9);
        // α·β = 1.5 µs × 22.5 GB/s = 33.75 KB (67.5 KB on NDR400).
        assert!((o.n("nstar_kb") - 33.75).abs() < 1e-9);
        let o2 = eval(&[("link", Value::Text("ndr400"))]);
        assert!((o2.n("nstar_kb") - 67.5).abs() < 1e-9);
        // 4:1 vs 1:1 for a 1 GB ring over 128 GPUs: bandwidth terms 4× apart, the 0.38 ms
        // latency term equal: (0.381 + 352.78) / (0.381 + 88.19) ms = 3.987.
        assert!((o.n("slowdown_4to1") - 3.987).abs() < 1e-3);
        // 1,024 × 50 / 2 = 25,600 GB/s; at 4:1, 6,400.
        assert!((o.n("ref_bis_gbs") - 25_600.0).abs() < 1e-9);
        assert!((o.n("ref_bis_4to1_gbs") - 6_400.0).abs() < 1e-9);
    }

    #[test]
    fn act2_prediction_keys_ib_fat_tree() {
        let o = eval(&[]);
        // 128 nodes of 8. NVLink: 2 × (7 × 0.5 µs + 7/8 × 64/450 s) = 0.248896 s on every
        // fabric. IB 1:1: a node crosses at 8 × 45 = 360 GB/s; ring of 128 nodes:
        // 254 × 1.5 µs + 2 × 127/128 × 64/360 = 0.000381 + 0.352778; total 0.602055 s.
        assert!((o.n("ib_ar_s") - 0.602_055).abs() < 1e-6);
        // Ethernet 2:1: 8 × 22 / 2 = 88 GB/s per node: 0.248896 + 0.000381 + 1.443182
        // = 1.692459 s.
        assert!((o.n("eth_ar_s") - 1.692_459).abs() < 1e-6);
        // Torus of 128 nodes, 8 × 11 = 88 GB/s per neighbour: bisection 2 × 128^(2/3) × 88
        // = 4,470.12 GB/s; per node 2 × 4,470.12 / 128 = 69.846 GB/s; 0.248896 + 0.000381
        // + 2 × 127/128 × 64/69.846 = 2.067572 s.
        assert!((o.n("torus_bis_gbs") - 4_470.12).abs() < 0.01);
        assert!((o.n("torus_ar_s") - 2.067_572).abs() < 1e-5);
        assert_eq!(o.get("best_fabric"), Some(Value::Text("ib_fat_tree")));
        // B is 2.81× the InfiniBand time, A 3.43×, so D (all equal) is wrong too.
        assert!((o.n("eth_vs_ib") - 2.811).abs() < 1e-3);
        assert!((o.n("torus_vs_ib") - 3.434).abs() < 1e-3);
        // Bisections 23,040 vs 5,632 vs 4,470 GB/s. Needed for 1 s: the nodes have
        // 1 − 0.248896 − 0.000381 = 0.750723 s to move 2 × 127/128 × 64 GB = 127 GB:
        // 169.17 GB/s each, × 64 nodes on one side = 10,826.9 GB/s.
        assert!((o.n("ib_bis_gbs") - 23_040.0).abs() < 1e-9);
        assert!((o.n("eth_bis_gbs") - 5_632.0).abs() < 1e-9);
        assert!((o.n("required_bis_gbs") - 10_826.89).abs() < 0.01);
        // 23,040 / $20M = 1,152 GB/s per $M.
        assert!((o.n("fab_gbs_per_musd") - 1152.0).abs() < 1e-9);
    }

    #[test]
    fn act2_failure_fires_and_clears() {
        let o = eval(&[]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(false)));
        let o = eval(&[("fabric", Value::Text("eth_fat_tree"))]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        // 110 GB on InfiniBand: 2 × (3.5 µs + 7/8 × 110/450) + 0.000381 + 1.984375 × 110/360
        // = 0.427785 + 0.000381 + 0.606337 = 1.034503 s; 106 GB: 0.996898 s.
        let o = eval(&[("tensor_gb", Value::Num(110.0))]);
        assert!((o.n("fab_ar_s") - 1.034_503).abs() < 1e-6);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        let o = eval(&[("tensor_gb", Value::Num(106.0))]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(false)));
        // No fabric meets 1 s at 200 GB (InfiniBand 1.88 s).
        let o = eval(&[("tensor_gb", Value::Num(200.0))]);
        assert_eq!(o.get("best_fabric"), Some(Value::Text("none")));
        // At 32 GB (the original scenario) the cheaper Ethernet 2:1 meets it: 0.846 s.
        let o = eval(&[("tensor_gb", Value::Num(32.0))]);
        assert_eq!(o.get("best_fabric"), Some(Value::Text("eth_fat_tree")));
    }

    #[test]
    fn act2_reflection_and_takeaway_three() {
        let o = eval(&[]);
        // 8^(2/3) = 4 vs 8.
        assert!((o.n("torus_growth_8x") - 4.0).abs() < 1e-9);
        assert!((o.n("fat_tree_growth_8x") - 8.0).abs() < 1e-9);
        // 0.602 / (5 + 0.602) = 10.75 % of the step; efficiency 89.25 %.
        assert!((o.n("comm_share_pct") - 10.747).abs() < 1e-3);
        assert!((o.n("fab_step_eff_pct") - 89.253).abs() < 1e-3);
    }

    #[test]
    fn properties() {
        // Fat-tree all-reduce barely changes with N; the torus grows as N^(1/3).
        let small = eval(&[("n2", Value::Num(512.0))]);
        let big = eval(&[("n2", Value::Num(4096.0))]);
        assert!(big.n("ib_ar_s") / small.n("ib_ar_s") < 1.02);
        // Torus: a node's share falls from 4 × 88 / 64^(1/3) = 88 to 4 × 88 / 512^(1/3) = 44
        // GB/s, so the ring of nodes takes (1,022 × 1.5 µs + 2 × 511/512 × 64/44) / (126 ×
        // 1.5 µs + 2 × 63/64 × 64/88) = 2.904942 / 1.432007 = 2.03× longer (NVLink's 0.2489 s
        // aside).
        let nvlink = 0.248_896;
        let r = (big.n("torus_ar_s") - nvlink) / (small.n("torus_ar_s") - nvlink);
        assert!((r - 2.0286).abs() < 1e-3, "{r}");
        // More oversubscription never helps.
        let r: Vec<f64> = ["1", "2", "4"]
            .iter()
            .map(|k| eval(&[("oversub", Value::Text(k))]).n("per_gpu_gbs"))
            .collect();
        assert!(r[0] > r[1] && r[1] > r[2]);
        // All-reduce time grows with the tensor.
        let mut prev = 0.0;
        for g in (1..=200).step_by(13) {
            let t = eval(&[("tensor_gb", Value::Num(g as f64))]).n("fab_ar_s");
            assert!(t > prev);
            prev = t;
        }
    }
}
