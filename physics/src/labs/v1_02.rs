//! Vol 1 Lab 02, "The Iron Law": why a GPU upgrade with 3× the FLOPS barely moves a
//! memory-bound workload (Act I, the latency waterfall) and why no GPU can beat the speed of
//! light to a distant data center (Act II, the light barrier).

use crate::catalog::{A100, Device, FIBER_SPEED_KM_S, H100, ORIN_NX, XAVIER_NX};
use crate::laws::{Bound, IronLaw, ridge_point, round_trip};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Flops, Meters, Seconds, Speed};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (A100 → H100)",
    },
    Choice {
        value: "edge",
        label: "Edge (Xavier NX → Orin NX)",
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
        name: "ai",
        label: "Arithmetic intensity",
        kind: InputKind::Range {
            min: 1.0,
            max: 1000.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::FlopPerByte,
        },
    },
    InputDef {
        name: "distance_km",
        label: "Distance to the data center",
        kind: InputKind::Range {
            min: 0.0,
            max: 5000.0,
            step: 50.0,
            default: 500.0,
            unit: Unit::Km,
        },
    },
    InputDef {
        name: "batch",
        label: "Batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Samples,
        },
    },
];

/// Values of `decision`.
const DECISIONS: &[Choice] = &[
    Choice {
        value: "edge_deploy",
        label: "deploy at the edge",
    },
    Choice {
        value: "move_to_edge",
        label: "move inference to the edge",
    },
    Choice {
        value: "reduce_batch",
        label: "reduce the batch size",
    },
    Choice {
        value: "cloud_ok",
        label: "serve from the cloud",
    },
];

const OUTPUTS: &[OutputDef] = &[
    text("old_device", "Previous generation"),
    text("new_device", "Upgraded device"),
    num("old_mem_ms", "Old: memory D/BW", Unit::Ms),
    num("old_compute_ms", "Old: compute O/R", Unit::Ms),
    num("old_total_ms", "Old: total T", Unit::Ms),
    num("new_mem_ms", "New: memory D/BW", Unit::Ms),
    num("new_compute_ms", "New: compute O/R", Unit::Ms),
    num("new_total_ms", "New: total T", Unit::Ms),
    num("dispatch_ms", "Dispatch overhead L", Unit::Ms),
    num(
        "ridge_new",
        "Ridge point of the new device",
        Unit::FlopPerByte,
    ),
    num(
        "ridge_old",
        "Ridge point of the old device",
        Unit::FlopPerByte,
    ),
    choice(
        "bound_new",
        "Binding term on the new device",
        super::BOUND_TERMS,
    ),
    flag("memory_bound_new", "Memory-bound on the new device"),
    num("mem_share_pct", "Memory share of T", Unit::Percent),
    num("compute_share_pct", "Compute share of T", Unit::Percent),
    num("dispatch_share_pct", "Dispatch share of T", Unit::Percent),
    num(
        "upgrade_pct",
        "Latency reduction from the upgrade",
        Unit::Percent,
    ),
    num(
        "measured_upgrade_pct",
        "Latency reduction measured on the production workload (AI = 5)",
        Unit::Percent,
    ),
    num("compute_gain", "Peak compute gain", Unit::Ratio),
    num("bw_gain", "Memory bandwidth gain", Unit::Ratio),
    num("call_gb", "Data moved per call", Unit::Gb),
    text("act2_device", "Inference device"),
    flag("remote", "Inference runs in a remote data center"),
    num("rtt_ms", "Propagation round trip", Unit::Ms),
    num(
        "infer_ms",
        "Inference latency (memory + compute + dispatch)",
        Unit::Ms,
    ),
    num("infer_mem_ms", "Inference memory term", Unit::Ms),
    num("infer_compute_ms", "Inference compute term", Unit::Ms),
    num("total_ms", "End-to-end latency", Unit::Ms),
    num("sla_ms", "Safety SLA", Unit::Ms),
    num("headroom_ms", "Headroom under the SLA", Unit::Ms),
    num("overage_ms", "Latency over the SLA", Unit::Ms),
    num("rtt_over_sla", "Propagation ÷ SLA", Unit::Ratio),
    num("throughput", "Throughput", Unit::SamplesPerS),
    num(
        "breakeven_km",
        "Distance at which propagation alone uses the SLA",
        Unit::Km,
    ),
    flag("light_barrier", "Propagation alone exceeds the SLA"),
    flag(
        "sla_violated",
        "End-to-end latency exceeds the SLA (propagation alone fits)",
    ),
    flag("sla_ok", "Within the SLA"),
    choice("decision", "Deployment decision", DECISIONS),
];

/// Data moved per API call in Act I: a 1 B-parameter FP16 weight slice (2 B/param).
const CALL_BYTES: Bytes = Bytes::gb(2.0);
/// Arithmetic intensity of the vision API's production workload in the Act I story.
const STORY_AI: f64 = 5.0;
/// Framework dispatch overhead per call (frameworks measure 0.3-1.0 ms).
const DISPATCH: Seconds = Seconds::ms(0.5);
/// The autonomous-vehicle perception deadline.
const SLA: Seconds = Seconds::ms(10.0);
/// Act II perception CNN: bytes moved per sample and its arithmetic intensity.
const SAMPLE_BYTES: Bytes = Bytes::gb(0.1);
const SAMPLE_AI: f64 = 20.0;

fn pair(context: &str) -> (Device, Device) {
    if context == "edge" {
        (XAVIER_NX, ORIN_NX)
    } else {
        (A100, H100)
    }
}

/// One Act I API call (2 GB moved at arithmetic intensity `ai`) on the old and new device.
fn api_call(old: Device, new: Device, ai: f64) -> (IronLaw, IronLaw) {
    let ops = Flops::new(CALL_BYTES.as_bytes() * ai);
    let on = |d: Device| IronLaw::new(CALL_BYTES, d.mem_bw.value, ops, d.peak.value, 1.0, DISPATCH);
    (on(old), on(new))
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let (old, new) = pair(i.t("context"));
    // The story's benchmark ran the production workload (AI = 5): a fixed fact of the
    // scenario, so it must not move when the student explores other intensities.
    let (story_old, story_new) = api_call(old, new, STORY_AI);
    o.num("measured_upgrade_pct", 100.0 * (1.0 - story_new.total() / story_old.total()));
    let (t_old, t_new) = api_call(old, new, i.n("ai"));
    let total_new = t_new.total();
    o.text("old_device", old.name)
        .text("new_device", new.name)
        .num("old_mem_ms", t_old.memory.as_ms())
        .num("old_compute_ms", t_old.compute.as_ms())
        .num("old_total_ms", t_old.total().as_ms())
        .num("new_mem_ms", t_new.memory.as_ms())
        .num("new_compute_ms", t_new.compute.as_ms())
        .num("new_total_ms", total_new.as_ms())
        .num("dispatch_ms", DISPATCH.as_ms())
        .num("ridge_new", ridge_point(new.peak.value, new.mem_bw.value))
        .num("ridge_old", ridge_point(old.peak.value, old.mem_bw.value))
        .text("bound_new", t_new.bound().name())
        .flag("memory_bound_new", t_new.bound() == Bound::Memory)
        .num("mem_share_pct", 100.0 * (t_new.memory / total_new))
        .num("compute_share_pct", 100.0 * (t_new.compute / total_new))
        .num("dispatch_share_pct", 100.0 * (t_new.overhead / total_new))
        .num("upgrade_pct", 100.0 * (1.0 - total_new / t_old.total()))
        .num("compute_gain", new.peak.value / old.peak.value)
        .num("bw_gain", new.mem_bw.value / old.mem_bw.value)
        .num("call_gb", CALL_BYTES.as_gb());

    // Act II: cloud context sends each batch to an H100 `distance_km` away; edge context
    // runs it on the vehicle's Orin NX, where there is no network leg at all.
    let remote = i.t("context") != "edge";
    let dev = if remote { H100 } else { ORIN_NX };
    let batch = i.n("batch");
    let data = SAMPLE_BYTES * batch;
    let ops = Flops::new(data.as_bytes() * SAMPLE_AI);
    let infer = IronLaw::new(data, dev.mem_bw.value, ops, dev.peak.value, 1.0, DISPATCH);
    let fiber = Speed::km_per_s(FIBER_SPEED_KM_S.value);
    let rtt = if remote {
        round_trip(Meters::km(i.n("distance_km")), fiber)
    } else {
        Seconds::ZERO
    };
    let total = rtt + infer.total();
    let light_barrier = rtt > SLA;
    let over = total > SLA;
    let decision = if !remote {
        "edge_deploy"
    } else if light_barrier {
        "move_to_edge"
    } else if over {
        "reduce_batch"
    } else {
        "cloud_ok"
    };
    o.text("act2_device", dev.name)
        .flag("remote", remote)
        .num("rtt_ms", rtt.as_ms())
        .num("infer_ms", infer.total().as_ms())
        .num("infer_mem_ms", infer.memory.as_ms())
        .num("infer_compute_ms", infer.compute.as_ms())
        .num("total_ms", total.as_ms())
        .num("sla_ms", SLA.as_ms())
        // Each is shown only on its side of the deadline (the `ok` text and the failure).
        .num("headroom_ms", (SLA - total).as_ms().max(0.0))
        .num("overage_ms", (total - SLA).as_ms().max(0.0))
        .num("rtt_over_sla", rtt / SLA)
        .num("throughput", batch / infer.total().as_s())
        // SLA × c / 2: 10 ms × 200,000 km/s / 2 = 1,000 km.
        .num("breakeven_km", SLA.as_s() * fiber.as_km_per_s() / 2.0)
        .flag("light_barrier", light_barrier)
        .flag("sla_violated", over && !light_barrier)
        .flag("sla_ok", !over)
        .text("decision", decision);
    o
}

/// The Lab 02 model.
pub const MODEL: Model = Model {
    id: "v1-02",
    title: "The Iron Law",
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
    fn act1_upgrade_buys_about_a_quarter() {
        let o = eval(&[]);
        // A100: 2 GB / 2,039 GB/s = 0.9809 ms; 10 GFLOP / 312 TFLOP/s = 0.0321 ms; + 0.5 = 1.5129 ms.
        assert!((o.n("old_total_ms") - 1.512_93).abs() < 1e-4);
        // H100: 2 / 3,350 = 0.5970 ms; 10 / 989 = 0.0101 ms; + 0.5 = 1.1071 ms.
        assert!((o.n("new_total_ms") - 1.107_13).abs() < 1e-4);
        // 1 - 1.1071 / 1.5129 = 26.8 %, although peak compute grew 989 / 312 = 3.17×.
        assert!((o.n("upgrade_pct") - 26.82).abs() < 0.01);
        // The story's measured figure is the same workload, and stays put when AI moves.
        assert!((o.n("measured_upgrade_pct") - 26.82).abs() < 0.01);
        let moved = eval(&[("ai", Value::Num(300.0))]);
        assert!((moved.n("measured_upgrade_pct") - 26.82).abs() < 0.01);
        assert!((o.n("compute_gain") - 3.17).abs() < 0.01);
        // Shares of the H100's 1.1071 ms: memory 0.5970 (53.9 %), compute 0.0101 (0.9 %),
        // dispatch 0.5 (45.2 %): the time is data and dispatch, not "almost all" data.
        assert!((o.n("mem_share_pct") - 53.92).abs() < 0.01);
        assert!((o.n("compute_share_pct") - 0.913).abs() < 1e-3);
        assert!((o.n("dispatch_share_pct") - 45.16).abs() < 0.01);
        // Ridge 989 / 3.35 = 295 FLOP/B: AI = 5 is deep in the memory-bound region.
        assert!((o.n("ridge_new") - 295.2).abs() < 0.1);
        assert_eq!(o.get("bound_new"), Some(Value::Text("memory")));
    }

    #[test]
    fn act1_edge_pair_uses_dense_fp16_peaks() {
        let o = eval(&[("context", Value::Text("edge"))]);
        // Orin NX 32 × 512 × 0.918 GHz = 15.04 TFLOPS; Xavier NX 48 × 128 × 1.1 GHz = 6.758,
        // 6.76 in the catalog. Compute gain 15.04 / 6.76 = 2.225×; bandwidth 102.4 / 59.7 =
        // 1.715×.
        assert!((o.n("compute_gain") - 2.225).abs() < 1e-3);
        assert!((o.n("bw_gain") - 1.715).abs() < 1e-3);
        // Ridges: 15.04e12 / 102.4e9 = 146.88 FLOP/B; 6.76e12 / 59.7e9 = 113.23 FLOP/B (not
        // the 977 and 352 of the summed sparse INT8 headlines).
        assert!((o.n("ridge_new") - 146.875).abs() < 1e-3);
        assert!((o.n("ridge_old") - 113.233).abs() < 1e-3);
        // Xavier: 2 GB / 59.7 GB/s = 33.501 ms + 10 GFLOP / 6.76 TFLOPS = 1.479 ms + 0.5 ms
        // = 35.480 ms. Orin: 19.531 + 0.665 + 0.5 = 20.696 ms. 1 − 20.696 / 35.480 = 41.7 %.
        assert!((o.n("old_total_ms") - 35.480).abs() < 1e-3);
        assert!((o.n("new_total_ms") - 20.696).abs() < 1e-3);
        assert!((o.n("upgrade_pct") - 41.67).abs() < 0.01);
        // Memory 19.531 / 20.696 = 94.4 % of the Orin's time; compute 3.2 %.
        assert!((o.n("mem_share_pct") - 94.37).abs() < 0.01);
        assert!((o.n("compute_share_pct") - 3.21).abs() < 0.01);
        assert_eq!(o.get("bound_new"), Some(Value::Text("memory")));
        // Past the 146.9 FLOP/B ridge the Orin turns compute-bound.
        let hi = eval(&[("context", Value::Text("edge")), ("ai", Value::Num(147.0))]);
        assert_eq!(hi.get("bound_new"), Some(Value::Text("compute")));
        let lo = eval(&[("context", Value::Text("edge")), ("ai", Value::Num(146.0))]);
        assert_eq!(lo.get("bound_new"), Some(Value::Text("memory")));
    }

    #[test]
    fn act1_high_intensity_becomes_compute_bound() {
        let o = eval(&[("ai", Value::Num(400.0))]);
        assert_eq!(o.get("bound_new"), Some(Value::Text("compute")));
    }

    #[test]
    fn act2_light_barrier_at_1000_km() {
        // 2 × 1,000 km / 200,000 km/s = 10 ms: exactly the SLA, not yet over it.
        let o = eval(&[("distance_km", Value::Num(1000.0))]);
        assert!((o.n("rtt_ms") - 10.0).abs() < 1e-9);
        assert_eq!(o.get("light_barrier"), Some(Value::Bool(false)));
        assert!((o.n("breakeven_km") - 1000.0).abs() < 1e-9);
        let o = eval(&[("distance_km", Value::Num(1050.0))]);
        assert_eq!(o.get("light_barrier"), Some(Value::Bool(true)));
        // 3,000 km: 30 ms round trip, option C.
        let o = eval(&[("distance_km", Value::Num(3000.0))]);
        assert!((o.n("rtt_ms") - 30.0).abs() < 1e-9);
    }

    #[test]
    fn act2_defaults_meet_the_sla_and_batching_can_break_it() {
        let o = eval(&[]);
        // 5 ms RTT + 0.1 GB / 3,350 GB/s (0.030 ms) + 2 GFLOP / 989 TFLOP/s (0.002 ms) + 0.5 ms.
        assert!((o.n("total_ms") - 5.532).abs() < 1e-3);
        assert_eq!(o.get("sla_ok"), Some(Value::Bool(true)));
        // 10 − 5.532 = 4.468 ms of headroom, nothing over.
        assert!((o.n("headroom_ms") - 4.468).abs() < 1e-3);
        assert_eq!(o.n("overage_ms"), 0.0);
        // 900 km (9 ms) with batch 64: 6.4 GB / 3,350 GB/s = 1.91 ms pushes T to 11.5 ms.
        let o = eval(&[
            ("distance_km", Value::Num(900.0)),
            ("batch", Value::Num(64.0)),
        ]);
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        assert_eq!(o.get("light_barrier"), Some(Value::Bool(false)));
        // 9 + 1.9104 + 128 GFLOP / 989 TFLOP/s (0.1294) + 0.5 = 11.540 ms: 1.540 ms over.
        assert!((o.n("overage_ms") - 1.540).abs() < 1e-3);
        assert_eq!(o.n("headroom_ms"), 0.0);
    }

    #[test]
    fn act2_edge_has_no_network_leg() {
        let o = eval(&[
            ("context", Value::Text("edge")),
            ("distance_km", Value::Num(5000.0)),
        ]);
        assert_eq!(o.n("rtt_ms"), 0.0);
        // 0.1 GB / 102.4 GB/s = 0.9766 ms + 2 GFLOP / 15.04 TFLOPS = 0.1330 ms + 0.5 ms
        // = 1.6095 ms on the Orin.
        assert!((o.n("total_ms") - 1.6095).abs() < 1e-4);
        assert_eq!(o.get("sla_ok"), Some(Value::Bool(true)));
        // Each sample adds 0.9766 + 0.1330 = 1.1096 ms: batch 8 is 9.38 ms, batch 9 10.49 ms.
        let b8 = eval(&[("context", Value::Text("edge")), ("batch", Value::Num(8.0))]);
        assert!((b8.n("total_ms") - 9.376).abs() < 1e-3);
        assert_eq!(b8.get("sla_ok"), Some(Value::Bool(true)));
        let b9 = eval(&[("context", Value::Text("edge")), ("batch", Value::Num(9.0))]);
        assert!((b9.n("total_ms") - 10.486).abs() < 1e-3);
        assert_eq!(b9.get("sla_violated"), Some(Value::Bool(true)));
    }
}
