//! Vol 2 Lab 03, "The Bisection Bandwidth Wall": what a 2:1 oversubscribed spine does to
//! traffic that crosses it (Act I), and which fabric keeps a 1,024-GPU gradient all-reduce
//! under one second (Act II: InfiniBand fat-tree, Ethernet fat-tree or 3D torus).
//!
//! Modelling assumption, stated in the chapter: ranks are placed without regard to the
//! topology, so ring neighbours sit on different leaves and the all-reduce's traffic crosses
//! the bisection. Each GPU then gets `2·BW_bis/N` (never more than its own link), and the
//! ring takes `2(N−1)α + 2(N−1)/N · M / rate`.
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
//! **Act II scenario**: the defaults: 1,024 GPUs (`n2`), a 20 GB gradient (`tensor_gb`,
//! a 10B-parameter model in FP16), target < 1 s, a 5 s compute step.
//!
//! **Act II prediction** ("Which fabric should the $50M cluster buy?"), checked against the
//! text output `best_fabric` (cheapest fabric that meets the target):
//! - A "3D torus: cheapest", value `torus` (`torus_ar_s` 9.2 s, `torus_vs_ib` 10.3×)
//! - B "200G Ethernet fat-tree 2:1", value `eth_fat_tree` (`eth_ar_s` 3.6 s, 4.1×)
//! - **C "InfiniBand fat-tree 1:1: all-reduce is bisection-bound", value `ib_fat_tree` —
//!   keyed** (`ib_ar_s` 0.89 s)
//! - D "All the same", value `all_equal` (`eth_vs_ib`, `torus_vs_ib` ≫ 1)
//!
//! Instruments for the selected `fabric`: `fab_bis_gbs`, `fab_ar_s`, `fab_step_eff_pct`,
//! `fab_cost_musd`, `fab_gbs_per_musd`; lines use `required_bis_gbs`.
//!
//! **Act II failure** `sla_violated` (danger): the selected fabric's all-reduce takes more
//! than 1 s. Off at the defaults (IB, 0.89 s); fires with `fabric` = `eth_fat_tree` or
//! `tensor_gb` = 23 (1.02 s); clears when moved back.
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
    ETH_100G_BW, ETH_200G_BW, ETH_400G_BW, ETH_EFFICIENCY, ETH_FAT_TREE_MUSD_1024, IB_ALPHA,
    IB_EFFICIENCY, IB_FAT_TREE_MUSD_1024, IB_HDR200_BW, IB_NDR400_BW, TORUS_MUSD_1024,
};
use crate::laws::collective::{bisection_bandwidth, ring_allreduce, ring_allreduce_bytes};
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
        label: "3D torus, 100G links",
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
            default: 20.0,
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
/// Links per node in the 3D torus (±x, ±y, ±z).
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

/// One Act II fabric at `n` GPUs: bisection, per-GPU cross-bisection rate, price.
struct Fabric {
    bisection: Bandwidth,
    rate: Bandwidth,
    cost_musd: f64,
}

fn fabric(key: &str, n: f64) -> Fabric {
    let scale = n / PRICED_GPUS;
    match key {
        "eth_fat_tree" => {
            let l = ETH_200G_BW.value * ETH_EFFICIENCY.value;
            let b = bisection_bandwidth(n, l, 2.0);
            Fabric {
                bisection: b,
                rate: cross_bisection_rate(b, n, l),
                cost_musd: ETH_FAT_TREE_MUSD_1024.value * scale,
            }
        }
        "torus" => {
            let l = ETH_100G_BW.value * ETH_EFFICIENCY.value;
            let b = torus3d_bisection(n, l);
            Fabric {
                bisection: b,
                rate: cross_bisection_rate(b, n, l * TORUS_PORTS),
                cost_musd: TORUS_MUSD_1024.value * scale,
            }
        }
        _ => {
            let l = IB_NDR400_BW.value * IB_EFFICIENCY.value;
            let b = bisection_bandwidth(n, l, 1.0);
            Fabric {
                bisection: b,
                rate: cross_bisection_rate(b, n, l),
                cost_musd: IB_FAT_TREE_MUSD_1024.value * scale,
            }
        }
    }
}

fn allreduce(size: Bytes, n: f64, rate: Bandwidth) -> Seconds {
    ring_allreduce(size, n, IB_ALPHA.value, rate)
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
    let times = fabs.each_ref().map(|f| allreduce(m, n2, f.rate));
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
        // Ring time ≤ SLA (bandwidth term) needs each GPU to move its ring volume in SLA;
        // the N/2 GPUs on one side share the bisection.
        .num(
            "required_bis_gbs",
            ((ring_allreduce_bytes(m, n2) / SLA) * (n2 / 2.0)).as_gb_per_s(),
        )
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
        // IB: 45 GB/s per GPU; 2,046 × 1.5 µs + 2 × 1,023/1,024 × 20/45 = 0.003069 + 0.888021.
        assert!((o.n("ib_ar_s") - 0.891_090).abs() < 1e-6);
        // Ethernet 2:1: 22 / 2 = 11 GB/s: 0.003069 + 3.632813 = 3.635882 s.
        assert!((o.n("eth_ar_s") - 3.635_882).abs() < 1e-6);
        // Torus: 2 × 1,024^(2/3) × 11 = 2,235.07 GB/s; per GPU 4.36537; 9.1572 s.
        assert!((o.n("torus_bis_gbs") - 2235.07).abs() < 0.01);
        assert!((o.n("torus_ar_s") - 9.157_2).abs() < 1e-3);
        assert_eq!(o.get("best_fabric"), Some(Value::Text("ib_fat_tree")));
        // B is 4.08× too slow, A 10.3×, so D (all equal) is wrong too.
        assert!((o.n("eth_vs_ib") - 4.080).abs() < 1e-3);
        assert!((o.n("torus_vs_ib") - 10.276).abs() < 1e-3);
        // Bisections: 23,040 vs 5,632 vs 2,235 GB/s; needed (1,023 × 20 GB/s) 20,460.
        assert!((o.n("ib_bis_gbs") - 23_040.0).abs() < 1e-9);
        assert!((o.n("eth_bis_gbs") - 5_632.0).abs() < 1e-9);
        assert!((o.n("required_bis_gbs") - 20_460.0).abs() < 1e-9);
        // 23,040 / $20M = 1,152 GB/s per $M.
        assert!((o.n("fab_gbs_per_musd") - 1152.0).abs() < 1e-9);
    }

    #[test]
    fn act2_failure_fires_and_clears() {
        let o = eval(&[]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(false)));
        let o = eval(&[("fabric", Value::Text("eth_fat_tree"))]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        // 23 GB on InfiniBand: 0.003069 + 1.998047 × 23/45 = 1.0243 s.
        let o = eval(&[("tensor_gb", Value::Num(23.0))]);
        assert!((o.n("fab_ar_s") - 1.024_3).abs() < 1e-4);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        let o = eval(&[("tensor_gb", Value::Num(22.0))]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(false)));
        // No fabric meets 1 s at 200 GB.
        let o = eval(&[("tensor_gb", Value::Num(200.0))]);
        assert_eq!(o.get("best_fabric"), Some(Value::Text("none")));
    }

    #[test]
    fn act2_reflection_and_takeaway_three() {
        let o = eval(&[]);
        // 8^(2/3) = 4 vs 8.
        assert!((o.n("torus_growth_8x") - 4.0).abs() < 1e-9);
        assert!((o.n("fat_tree_growth_8x") - 8.0).abs() < 1e-9);
        // 0.891 / (5 + 0.891) = 15.1 % of the step; efficiency 84.9 %.
        assert!((o.n("comm_share_pct") - 15.13).abs() < 0.01);
        assert!((o.n("fab_step_eff_pct") - 84.87).abs() < 0.01);
    }

    #[test]
    fn properties() {
        // Fat-tree all-reduce barely changes with N; the torus grows as N^(1/3).
        let small = eval(&[("n2", Value::Num(512.0))]);
        let big = eval(&[("n2", Value::Num(4096.0))]);
        assert!(big.n("ib_ar_s") / small.n("ib_ar_s") < 1.02);
        // (4,096 / 512)^(1/3) = 2 on the bandwidth term.
        assert!((big.n("torus_ar_s") / small.n("torus_ar_s") - 2.0).abs() < 0.01);
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
