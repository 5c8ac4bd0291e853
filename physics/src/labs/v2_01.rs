//! Vol 2 Lab 01, "The Scale Illusion": why 1,000 GPUs do not give a 1,000× speed-up (Act I,
//! delivered speedup `S = N·E·(1−C)` against the ideal `N`) and why the cheapest way to own
//! that capacity depends on utilization rather than list price (Act II, three-path TCO).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: spec card and ledger only): `single` one H100,
//! `fleet` 1,024 H100 on InfiniBand. Spec-card outputs: `context_gpus`, `context_pflops`,
//! `context_power_kw`.
//!
//! **Act I scenario**: the defaults (1,000 GPUs, parallel efficiency 40 %, communication
//! overhead 20 %). The job is a frontier-scale run of 2.2×10²⁴ FLOPs (`run_flops_e24`); at
//! 50 % MFU one H100 would need `single_gpu_years` (141) years.
//!
//! **Act I prediction** ("What speed-up will 1,000 GPUs deliver?"), checked against
//! `speedup` (320×), closest in log space:
//! - A "~1,000× (linear)", value 1000 (off by `1000 / speedup` = 3.1×)
//! - B "~800×", value 800 (2.5× too optimistic)
//! - **C "~200–400× (20–40 % efficiency)", value 300 — keyed**
//! - D "~100×", value 100 (3.2× too pessimistic)
//!
//! Instruments: `speedup`, `scaling_eff_pct`, `actual_days`, `ideal_days`, `days_lost`,
//! `scaling_zone` (`near_linear` ≥ 60 %, `realistic` 30–60 %, `comm_bound` < 30 %).
//!
//! **Act I reflection** (keyed B, "the all-reduce does not shrink as GPUs are added"): the
//! feedback quotes `allreduce_s` (sync of the 350 GB FP16 gradient of a 175B model, two-level
//! NVLink + InfiniBand) against `allreduce_s_8` (inside one node), `gradient_gb` and
//! `ring_traffic_gb` (what a flat ring pushes through each GPU, ≈ 2× the gradient).
//!
//! **Act I failure** `comm_bound` (danger): scaling efficiency below 30 %. Off at defaults
//! (32 %); fires at e.g. communication overhead 30 % (28 %).
//!
//! **Act II scenario**: the CFO's steady programme, `util_pct` = 80 (other inputs default:
//! 1,000 GPUs, 3 years, $2.10/GPU-h on demand, 35 % reserved discount, $40k per GPU).
//!
//! **Act II prediction** ("Which path is cheapest over the horizon?"), checked against the
//! text output `cheapest`:
//! - A "On demand: pay only for what you use", value `on_demand` (costs `od_over_reserved`
//!   = 1.23× the reserved path at 80 %)
//! - B "Buy: owning is always cheapest", value `on_prem` (`prem_over_reserved` = 1.34×)
//! - **C "Reserve for a steady load; buying pays only above a break-even utilization",
//!   value `reserved` — keyed** (quote `breakeven_util_pct`, 87 %, and
//!   `reserved_breakeven_util_pct`, 65 %)
//! - D "All three within 20 %", value `all_within_20pct` (`spread_pct` = 34 %)
//!
//! **Act II reflection** (keyed B, "owned GPUs cost money while idle"): quotes
//! `prem_fixed_musd` (purchase + staff) and `prem_fixed_share_pct`.
//!
//! **Act II failure** `od_over_budget` (danger): the on-demand TCO exceeds the $50M budget
//! (`budget_musd`); the banner quotes `tco_od_musd`, `od_overage_musd` and
//! `budget_util_pct` (the utilization that would fit). Off at defaults ($33.1M); fires at
//! 100 % utilization ($55.2M) or 2,000 GPUs.
//!
//! **Takeaways**: (1) `all_healthy_pct` = 0.999^N (36.8 % at 1,000 GPUs); (2) the same sync
//! over one 100 GbE link per node takes `ethernet_allreduce_s` (≈ 57 s), `ethernet_slowdown`
//! times the InfiniBand figure; (3) utilization decides cloud vs on-prem (`cheapest`).
//!
//! **Ledger** (`v2_01`): `cluster_size` ← input `cluster`; `parallel_efficiency` ←
//! `par_eff_pct`; `communication_overhead` ← `comm_pct`; `scaling_efficiency` ←
//! `scaling_eff_pct`; `infrastructure_choice` and `act2_decision` ← `cheapest`; `tco_3yr`
//! and `act2_result` ← `min_tco_musd` (over `years`); `breakeven_utilization` ←
//! `breakeven_util_pct`; `constraint_hit` ← `od_over_budget`.

use crate::catalog::{
    AVERAGE_PUE, DC_USD_PER_KWH, DGX_GPUS_PER_NODE, ETH_100G_BW, FRONTIER_RUN_FLOPS,
    GPU_WINDOW_RELIABILITY, H100, IB_ALPHA, IB_NDR400_BW, LARGE_JOB_MFU, NVLINK_ALPHA, NVLINK4_BW,
    STAFF_USD_PER_GPU_YEAR,
};
use crate::laws::allreduce::{Level, hierarchical_allreduce};
use crate::laws::collective::ring_allreduce_traffic;
use crate::laws::cost::{OnPrem, tco_on_demand, tco_reserved};
use crate::laws::parallelism::effective_speedup;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bytes, Flops, Seconds, Usd};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "single",
        label: "Single node (1 H100)",
    },
    Choice {
        value: "fleet",
        label: "Fleet (1,024 H100)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "single",
        },
    },
    InputDef {
        name: "cluster",
        label: "Cluster size",
        kind: InputKind::Range {
            min: 1.0,
            max: 4096.0,
            step: 1.0,
            default: 1000.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "par_eff_pct",
        label: "Parallel efficiency",
        kind: InputKind::Range {
            min: 10.0,
            max: 100.0,
            step: 5.0,
            default: 40.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "comm_pct",
        label: "Communication overhead",
        kind: InputKind::Range {
            min: 0.0,
            max: 60.0,
            step: 5.0,
            default: 20.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "gpus",
        label: "GPUs to provision",
        kind: InputKind::Range {
            min: 100.0,
            max: 4000.0,
            step: 100.0,
            default: 1000.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "util_pct",
        label: "Average utilization",
        kind: InputKind::Range {
            min: 10.0,
            max: 100.0,
            step: 5.0,
            default: 60.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "years",
        label: "Planning horizon",
        kind: InputKind::Range {
            min: 1.0,
            max: 5.0,
            step: 1.0,
            default: 3.0,
            unit: Unit::Years,
        },
    },
    InputDef {
        name: "od_price",
        label: "On-demand price per GPU-hour",
        kind: InputKind::Range {
            min: 1.0,
            max: 5.0,
            step: 0.1,
            default: 2.1,
            unit: Unit::UsdPerHour,
        },
    },
    InputDef {
        name: "discount_pct",
        label: "Reserved-instance discount",
        kind: InputKind::Range {
            min: 10.0,
            max: 60.0,
            step: 5.0,
            default: 35.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "gpu_price",
        label: "Purchase price per GPU",
        kind: InputKind::Range {
            min: 20_000.0,
            max: 80_000.0,
            step: 5_000.0,
            default: 40_000.0,
            unit: Unit::Usd,
        },
    },
];

/// Values of `scaling_zone`.
const SCALING_ZONES: &[Choice] = &[
    Choice {
        value: "near_linear",
        label: "near-linear",
    },
    Choice {
        value: "realistic",
        label: "realistic",
    },
    Choice {
        value: "comm_bound",
        label: "communication-bound",
    },
];

/// Values of `cheapest`.
const PATHS: &[Choice] = &[
    Choice {
        value: "on_demand",
        label: "on demand",
    },
    Choice {
        value: "reserved",
        label: "reserved",
    },
    Choice {
        value: "on_prem",
        label: "on-prem",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("context_gpus", "GPUs in this context", Unit::Gpus),
    num("context_pflops", "Peak FP16 compute", Unit::Pflops),
    num("context_power_kw", "GPU power at full load", Unit::Kw),
    num("run_flops_e24", "Training run (×10²⁴ FLOPs)", Unit::None),
    num("single_gpu_days", "One H100 at 50% MFU", Unit::Days),
    num("single_gpu_years", "One H100 at 50% MFU", Unit::Years),
    num("ideal_speedup", "Ideal speed-up", Unit::Ratio),
    num("speedup", "Actual speed-up", Unit::Ratio),
    num("scaling_eff_pct", "Scaling efficiency", Unit::Percent),
    num("ideal_days", "Ideal training time", Unit::Days),
    num("actual_days", "Actual training time", Unit::Days),
    num("days_lost", "Days lost to inefficiency", Unit::Days),
    choice("scaling_zone", "Scaling regime", SCALING_ZONES),
    flag("comm_bound", "Communication-bound: efficiency below 30%"),
    num("gradient_gb", "FP16 gradient of a 175B model", Unit::Gb),
    num(
        "ring_traffic_gb",
        "Flat-ring traffic per GPU per step",
        Unit::Gb,
    ),
    num(
        "allreduce_s",
        "Gradient sync at this cluster size",
        Unit::Seconds,
    ),
    num(
        "allreduce_s_8",
        "Gradient sync inside one 8-GPU node",
        Unit::Seconds,
    ),
    num(
        "all_healthy_pct",
        "Chance every GPU is healthy",
        Unit::Percent,
    ),
    num(
        "ethernet_allreduce_s",
        "Same sync over one 100 GbE link per node",
        Unit::Seconds,
    ),
    num(
        "ethernet_slowdown",
        "100 GbE ÷ InfiniBand sync time",
        Unit::Ratio,
    ),
    num("tco_od_musd", "On-demand TCO", Unit::Musd),
    num("tco_res_musd", "Reserved TCO", Unit::Musd),
    num("tco_prem_musd", "On-prem TCO", Unit::Musd),
    num("min_tco_musd", "Cheapest TCO", Unit::Musd),
    choice("cheapest", "Cheapest path", PATHS),
    num("od_over_reserved", "On-demand ÷ reserved", Unit::Ratio),
    num("prem_over_reserved", "On-prem ÷ reserved", Unit::Ratio),
    num(
        "spread_pct",
        "Most ÷ least expensive, minus 1",
        Unit::Percent,
    ).unbounded(),
    num(
        "breakeven_util_pct",
        "Utilization above which buying beats on-demand",
        Unit::Percent,
    ),
    flag("on_prem_pays", "Buying beats on-demand at some utilization"),
    num(
        "reserved_breakeven_util_pct",
        "Utilization above which reserving beats on-demand",
        Unit::Percent,
    ),
    num(
        "energy_usd_per_gpu_hour",
        "Energy cost of a busy owned GPU-hour",
        Unit::Usd,
    ),
    num(
        "prem_fixed_musd",
        "On-prem cost paid even when idle",
        Unit::Musd,
    ),
    num(
        "prem_fixed_share_pct",
        "Idle-proof share of on-prem TCO",
        Unit::Percent,
    ),
    num("budget_musd", "Programme budget", Unit::Musd),
    flag("od_over_budget", "On-demand TCO exceeds the budget"),
    num(
        "od_overage_musd",
        "On-demand spend above the budget",
        Unit::Musd,
    ),
    num(
        "budget_util_pct",
        "Utilization at which on-demand fits the budget",
        Unit::Percent,
    ),
];

/// The CFO's budget for the programme.
const BUDGET: Usd = Usd::new(50e6);
/// The model whose gradient sync the reflection and takeaways quote: 175B parameters in FP16.
const SYNC_PARAMS: f64 = 175e9;
const SYNC_BYTES_PER_PARAM: f64 = 2.0;

/// Two-level gradient sync over `n` GPUs packed 8 to a node, each node reaching the others
/// through `node_bw` (8 NDR ports on InfiniBand, one 100 GbE port on the budget cluster).
fn sync_time(grad: Bytes, n: f64, node_bw: crate::units::Bandwidth) -> Seconds {
    let per_node = n.clamp(1.0, DGX_GPUS_PER_NODE.value);
    // Whole nodes: a partly filled last node still joins the inter-node ring.
    let nodes = (n / per_node).ceil().max(1.0);
    hierarchical_allreduce(
        grad,
        per_node,
        nodes,
        Level {
            alpha: NVLINK_ALPHA.value,
            beta: NVLINK4_BW.value,
        },
        Level {
            alpha: IB_ALPHA.value,
            beta: node_bw,
        },
    )
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let ctx_gpus = if i.t("context") == "fleet" {
        1024.0
    } else {
        1.0
    };
    o.num("context_gpus", ctx_gpus)
        .num("context_pflops", ctx_gpus * H100.peak.value.as_pflops())
        .num("context_power_kw", ctx_gpus * H100.power.value.as_w() / 1e3);

    // Act I: the run on one GPU, then on N at the delivered speed-up.
    let run = Flops::new(FRONTIER_RUN_FLOPS.value);
    let single = run / (H100.peak.value * LARGE_JOB_MFU.value);
    let n = i.n("cluster");
    let s = effective_speedup(n, i.n("par_eff_pct") / 100.0, i.n("comm_pct") / 100.0);
    let eff = s / n;
    let zone = if eff >= 0.6 {
        "near_linear"
    } else if eff >= 0.3 {
        "realistic"
    } else {
        "comm_bound"
    };
    o.num("run_flops_e24", run.si() / 1e24)
        .num("single_gpu_days", single.as_days())
        .num("single_gpu_years", single.as_days() / 365.0)
        .num("ideal_speedup", n)
        .num("speedup", s)
        .num("scaling_eff_pct", 100.0 * eff)
        .num("ideal_days", single.as_days() / n)
        .num("actual_days", single.as_days() / s)
        .num("days_lost", single.as_days() / s - single.as_days() / n)
        .text("scaling_zone", zone)
        .flag("comm_bound", eff < 0.3);

    // Why efficiency falls: the sync does not shrink with N while each GPU's share of the
    // compute does.
    let grad = Bytes::new(SYNC_PARAMS * SYNC_BYTES_PER_PARAM);
    let ib_node = IB_NDR400_BW.value * DGX_GPUS_PER_NODE.value;
    let sync = sync_time(grad, n, ib_node);
    let sync_eth = sync_time(grad, n, ETH_100G_BW.value);
    o.num("gradient_gb", grad.as_gb())
        .num("ring_traffic_gb", ring_allreduce_traffic(grad, n).as_gb())
        .num("allreduce_s", sync.as_s())
        .num(
            "allreduce_s_8",
            sync_time(grad, DGX_GPUS_PER_NODE.value, ib_node).as_s(),
        )
        .num(
            "all_healthy_pct",
            100.0 * GPU_WINDOW_RELIABILITY.value.powf(n),
        )
        .num("ethernet_allreduce_s", sync_eth.as_s())
        .num(
            "ethernet_slowdown",
            if sync.as_s() > 0.0 {
                sync_eth / sync
            } else {
                1.0
            },
        );

    // Act II: three ways to pay for the same GPUs.
    let (gpus, u, years) = (i.n("gpus"), i.n("util_pct") / 100.0, i.n("years"));
    let price = i.n("od_price");
    let discount = i.n("discount_pct") / 100.0;
    let prem = OnPrem {
        gpu_price: Usd::new(i.n("gpu_price")),
        gpu_power: H100.power.value,
        usd_per_kwh: DC_USD_PER_KWH.value,
        pue: AVERAGE_PUE.value,
        staff_per_gpu_year: Usd::new(STAFF_USD_PER_GPU_YEAR.value),
    };
    let od = tco_on_demand(gpus, u, years, price);
    let res = tco_reserved(gpus, years, price, discount);
    let own = prem.tco(gpus, u, years);
    let paths = [("on_demand", od), ("reserved", res), ("on_prem", own)];
    let (cheapest, min) = paths
        .iter()
        .copied()
        .fold(paths[0], |a, b| if b.1 < a.1 { b } else { a });
    let max = od.max(res).max(own);
    let breakeven = prem.breakeven_utilization(gpus, years, price);
    let fixed = prem.fixed(gpus, years);
    let od_full = tco_on_demand(gpus, 1.0, years, price);
    o.num("tco_od_musd", od.as_usd() / 1e6)
        .num("tco_res_musd", res.as_usd() / 1e6)
        .num("tco_prem_musd", own.as_usd() / 1e6)
        .num("min_tco_musd", min.as_usd() / 1e6)
        .text("cheapest", cheapest)
        .num("od_over_reserved", od / res)
        .num("prem_over_reserved", own / res)
        .num("spread_pct", 100.0 * (max / min - 1.0))
        .num(
            "breakeven_util_pct",
            100.0 * breakeven.unwrap_or(1.0).min(1.0),
        )
        .flag("on_prem_pays", breakeven.is_some_and(|b| b <= 1.0))
        .num("reserved_breakeven_util_pct", 100.0 * (1.0 - discount))
        .num(
            "energy_usd_per_gpu_hour",
            prem.energy_per_gpu_hour().as_usd(),
        )
        .num("prem_fixed_musd", fixed.as_usd() / 1e6)
        .num("prem_fixed_share_pct", 100.0 * (fixed / own))
        .num("budget_musd", BUDGET.as_usd() / 1e6)
        .flag("od_over_budget", od > BUDGET)
        .num(
            "od_overage_musd",
            (od.as_usd() - BUDGET.as_usd()).max(0.0) / 1e6,
        )
        .num("budget_util_pct", 100.0 * (BUDGET / od_full).min(1.0));
    o
}

/// The Vol 2 Lab 01 model.
pub const MODEL: Model = Model {
    id: "v2-01",
    title: "The Scale Illusion",
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

    /// The option whose value is nearest `x` in log space.

    #[test]
    fn act1_prediction_keys_c() {
        let o = eval(&[]);
        // S = 1,000 × 0.40 × (1 − 0.20) = 320; efficiency 32 %.
        assert!((o.n("speedup") - 320.0).abs() < 1e-9);
        assert!((o.n("scaling_eff_pct") - 32.0).abs() < 1e-9);
        let opts = [("A", 1000.0), ("B", 800.0), ("C", 300.0), ("D", 100.0)];
        assert_eq!(closest_log(o.n("speedup"), &opts), "C");
        // A is 1,000 / 320 = 3.1× too optimistic, B 800 / 320 = 2.5×, D 320 / 100 = 3.2× too low.
        assert!((1000.0 / o.n("speedup") - 3.125).abs() < 1e-9);
        assert!((800.0 / o.n("speedup") - 2.5).abs() < 1e-9);
        assert!((o.n("speedup") / 100.0 - 3.2).abs() < 1e-9);
        assert_eq!(o.get("scaling_zone"), Some(Value::Text("realistic")));
    }

    #[test]
    fn act1_days_and_the_141_year_single_gpu() {
        let o = eval(&[]);
        // 2.2e24 / (989e12 × 0.5) = 4.4489e9 s = 51,492 days = 141.1 years (not 71: that is 100 % MFU).
        assert!((o.n("single_gpu_days") - 51_492.3).abs() < 0.1);
        assert!((o.n("single_gpu_years") - 141.07).abs() < 0.01);
        // Ideal 51,492 / 1,000 = 51.5 days; actual 51,492 / 320 = 160.9 days.
        assert!((o.n("ideal_days") - 51.49).abs() < 0.01);
        assert!((o.n("actual_days") - 160.91).abs() < 0.01);
        assert!((o.n("days_lost") - 109.42).abs() < 0.01);
    }

    #[test]
    fn act1_failure_comm_bound_fires_and_clears() {
        assert_eq!(eval(&[]).get("comm_bound"), Some(Value::Bool(false)));
        // 0.40 × 0.70 = 28 % < 30 %.
        let o = eval(&[("comm_pct", Value::Num(30.0))]);
        assert!((o.n("scaling_eff_pct") - 28.0).abs() < 1e-9);
        assert_eq!(o.get("comm_bound"), Some(Value::Bool(true)));
        assert_eq!(o.get("scaling_zone"), Some(Value::Text("comm_bound")));
        let o = eval(&[("comm_pct", Value::Num(20.0))]);
        assert_eq!(o.get("comm_bound"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_target_near_linear_is_reachable() {
        // 0.80 × (1 − 0.20) = 64 % ≥ 60 %.
        let o = eval(&[("par_eff_pct", Value::Num(80.0))]);
        assert_eq!(o.get("scaling_zone"), Some(Value::Text("near_linear")));
    }

    #[test]
    fn reflection_sync_does_not_shrink_with_n() {
        let o = eval(&[]);
        // 350 GB; flat ring moves 2 × 999/1,000 × 350 = 699.3 GB per GPU (the "~700 GB").
        assert!((o.n("gradient_gb") - 350.0).abs() < 1e-9);
        assert!((o.n("ring_traffic_gb") - 699.3).abs() < 1e-9);
        // Inside a node: 2 × 7/8 × 350/450 = 1.36111 s + 14 × 0.5 µs = 1.361118 s.
        assert!((o.n("allreduce_s_8") - 1.361_118).abs() < 1e-6);
        // 125 nodes at 400 GB/s: + 2 × 124/125 × 350/400 = 1.736 s + 248 × 1.5 µs:
        // 1.361118 + 1.736372 = 3.09749 s.
        assert!((o.n("allreduce_s") - 3.097_49).abs() < 1e-5);
        // 1,001 GPUs need 126 nodes (the last holds one GPU): inter 250 × 1.5 µs + 2 × 125/126
        // × 350/400 = 0.000375 + 1.736111 s; total 1.361118 + 1.736486 = 3.097604 s.
        let o = eval(&[("cluster", Value::Num(1001.0))]);
        assert!((o.n("allreduce_s") - 3.097_604).abs() < 1e-5);
        // Property: the sync time never falls as the cluster grows.
        let mut prev = 0.0;
        for n in (1..=4096).step_by(37) {
            let t = eval(&[("cluster", Value::Num(n as f64))]).n("allreduce_s");
            assert!(t >= prev - 1e-12, "sync shrank at N = {n}");
            prev = t;
        }
    }

    #[test]
    fn takeaways_availability_and_ethernet() {
        let o = eval(&[]);
        // 0.999^1000 = e^(1000 ln 0.999) = e^(−1.0005) = 0.367695.
        assert!((o.n("all_healthy_pct") - 36.7695).abs() < 1e-3);
        // One 12.5 GB/s link per node: 1.361118 + 2 × 124/125 × 28 s (55.552) + 0.000372 = 56.9135 s.
        assert!((o.n("ethernet_allreduce_s") - 56.913_5).abs() < 1e-3);
        // 56.9135 / 3.09749 = 18.37×.
        assert!((o.n("ethernet_slowdown") - 18.374).abs() < 1e-2);
    }

    #[test]
    fn act2_defaults_and_breakevens() {
        let o = eval(&[]);
        // $33.11M, $35.87M, $47.55M at 60 %: on demand is cheapest below 65 %.
        assert!((o.n("tco_od_musd") - 33.1128).abs() < 1e-9);
        assert!((o.n("tco_res_musd") - 35.8722).abs() < 1e-9);
        assert!((o.n("tco_prem_musd") - 47.545_264).abs() < 1e-9);
        assert_eq!(o.get("cheapest"), Some(Value::Text("on_demand")));
        // Break-even: $46M / (1,000 × 26,280 × $2.002) = 87.43 %; reserved: 1 − 0.35 = 65 %.
        assert!((o.n("breakeven_util_pct") - 87.4315).abs() < 1e-3);
        assert!((o.n("reserved_breakeven_util_pct") - 65.0).abs() < 1e-9);
        assert_eq!(o.get("on_prem_pays"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_prediction_keys_reserved_at_steady_load() {
        let o = eval(&[("util_pct", Value::Num(80.0))]);
        assert_eq!(o.get("cheapest"), Some(Value::Text("reserved")));
        // A: on demand 1,000 × 0.8 × 26,280 × 2.1 = $44.15M, 44.1504 / 35.8722 = 1.2308×.
        assert!((o.n("od_over_reserved") - 1.230_77).abs() < 1e-4);
        // B: on-prem $46M + $2.06M = $48.06M, 1.3398× the reserved path.
        assert!((o.n("tco_prem_musd") - 48.060_352).abs() < 1e-9);
        assert!((o.n("prem_over_reserved") - 1.339_8).abs() < 1e-4);
        // D: the spread is 34 %, not within 20 %.
        assert!((o.n("spread_pct") - 33.98).abs() < 0.01);
        assert!(o.n("spread_pct") > 20.0);
    }

    #[test]
    fn buying_wins_over_a_longer_horizon() {
        // 5 years at 80 %: on-prem $40M + $10M + 0.098 × 43,800 × 800 ($3.43M) = $53.43M
        // against reserved $59.79M and on demand $73.58M.
        let o = eval(&[("util_pct", Value::Num(80.0)), ("years", Value::Num(5.0))]);
        assert_eq!(o.get("cheapest"), Some(Value::Text("on_prem")));
        assert!((o.n("tco_prem_musd") - 53.433_92).abs() < 1e-6);
    }

    #[test]
    fn reflection_fixed_costs_accrue_while_idle() {
        let o = eval(&[]);
        // $40M + $6M = $46M, 46 / 47.545 = 96.75 % of on-prem TCO at 60 %.
        assert!((o.n("prem_fixed_musd") - 46.0).abs() < 1e-9);
        assert!((o.n("prem_fixed_share_pct") - 96.75).abs() < 0.01);
        assert!((o.n("energy_usd_per_gpu_hour") - 0.098).abs() < 1e-12);
    }

    #[test]
    fn act2_failure_budget_fires_and_clears() {
        assert_eq!(eval(&[]).get("od_over_budget"), Some(Value::Bool(false)));
        // 100 %: 1,000 × 26,280 × 2.1 = $55.188M > $50M; fits at 50 / 55.188 = 90.6 %.
        let o = eval(&[("util_pct", Value::Num(100.0))]);
        assert_eq!(o.get("od_over_budget"), Some(Value::Bool(true)));
        assert!((o.n("od_overage_musd") - 5.188).abs() < 1e-9);
        assert!((o.n("budget_util_pct") - 90.599).abs() < 1e-3);
        let o = eval(&[("util_pct", Value::Num(90.0))]);
        assert_eq!(o.get("od_over_budget"), Some(Value::Bool(false)));
    }

    #[test]
    fn monotonic_in_the_right_inputs() {
        let mut prev = 0.0;
        for n in [1.0, 10.0, 100.0, 1000.0, 4096.0] {
            let s = eval(&[("cluster", Value::Num(n))]).n("speedup");
            assert!(s > prev);
            prev = s;
        }
        let (mut od, mut own) = (0.0, 0.0);
        for u in (10..=100).step_by(5) {
            let o = eval(&[("util_pct", Value::Num(u as f64))]);
            assert!(o.n("tco_od_musd") > od && o.n("tco_prem_musd") > own);
            assert!((o.n("tco_res_musd") - 35.8722).abs() < 1e-9);
            od = o.n("tco_od_musd");
            own = o.n("tco_prem_musd");
        }
    }

    #[test]
    fn context_cards() {
        let o = eval(&[("context", Value::Text("fleet"))]);
        // 1,024 × 989 TFLOPS = 1,012.7 PFLOPS; 1,024 × 700 W = 716.8 kW.
        assert!((o.n("context_pflops") - 1012.736).abs() < 1e-9);
        assert!((o.n("context_power_kw") - 716.8).abs() < 1e-9);
    }
}
