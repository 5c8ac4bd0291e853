//! Vol 1 Lab 07, "The Kernel Fusion Dividend": every eager kernel launch pays a fixed dispatch
//! gap (Act I, the dispatch tax), fusion removes launches and memory round trips, and
//! compilation is a one-time cost that pays back only past a break-even volume (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, both acts): `cloud`, an A100 (312 TFLOPS, 2,039 GB/s) behind a
//! server CPU that needs 10 µs per launch, and `edge`, a Jetson Orin NX (102.4 GB/s) behind an
//! ARM host that needs 50 µs. Kernel times are quoted for the A100 and scale with memory
//! bandwidth on the Orin (the kernels are memory-bound on both).
//!
//! **Act I scenario** (defaults): three workloads shown side by side, eager and compiled:
//! keyword spotting (1,000 kernels of 5 µs), ResNet-50 (200 × 50 µs) and one GPT-2 layer
//! (20 × 500 µs); compilation fuses away 50 %, 35 % and 15 % of their launches.
//!
//! * Prediction 1, "The keyword-spotting model launches 1,000 kernels of 5 µs each; with a
//!   10 µs dispatch gap per launch, what share of the time is the GPU busy?" Options
//!   (a, "~90 %", 90), (b, "~50 %", 50), (c, "~33 %", 33), (d, "~5 %", 5). Keyed **c**,
//!   checked against `kws_eager_util_pct` (33.3 %). Option b is what perfect overlap of
//!   host and GPU would give; the Iron Law adds the gap.
//! * Reflection, keyed **c**, "a faster GPU shrinks the kernels against the same fixed dispatch, so
//!   utilisation falls": feedback quotes `kws_h100_util_pct` (23.3 %).
//!
//! **Act II, panel A** (fusion explorer): LayerNorm → Dropout → ReLU on a 1,024 × 768 FP16
//! tensor, unfused (3 kernels) vs fused (1), on the context's device.
//!
//! * Reflection, keyed **b**, "fusing three elementwise ops cuts memory traffic ~3× and runs ~3×
//!   faster": feedback quotes `traffic_reduction` (3×) and `fusion_speedup` (3.0×).
//! * Reflection, keyed **a**, "a single 200 ms matmul gains almost nothing": feedback quotes
//!   `matmul_dispatch_pct` (0.005 %).
//!
//! **Act II, panel B** (compilation ROI), scenario at the defaults: 30 s to compile, +48 %
//! throughput, 10 M inferences a day for 30 days.
//!
//! * Prediction 2, "ResNet-50 goes from 1,450 to ~2,150 img/s after a 30 s compile. How many
//!   images until it pays off?" Options (a, "~1,000", 1,000), (b, "~10,000", 10,000),
//!   (c, "~130,000", 130,000), (d, "~10 million", 10,000,000). Keyed **c**, checked against
//!   `breakeven_images` (134,125). Options a and b are 134× and 13× short.
//! * Edge scenario: `context` = `edge`, `volume` = `2400` (100 requests an hour), `days` = 1:
//!   `compile_not_worth` fires (2,400 images against a 6,735-image break-even).
//!
//! **Chart**: sweep `days` and plot `net_saving_h`; the zero crossing is `breakeven_days`.
//!
//! **Failure state**: `compile_not_worth` (danger: fewer inferences than the break-even; eager
//! wins). Off at the defaults.
//!
//! **Ledger** (ch7): `context` ← input `context`; `execution_mode` ← `compile_decision`;
//! `fusion_enabled` ← the student's fusion reflection; `compilation_roi_positive` ← not
//! `compile_not_worth`; `breakeven_inferences` ← `breakeven_images`;
//! `kws_utilization_eager_pct` ← `kws_eager_util_pct`; `kws_utilization_compiled_pct` ←
//! `kws_compiled_util_pct`; `act1_prediction`, `act1_correct` ← the student's answer (c);
//! `act2_result` ← `breakeven_images`; `act2_decision` ← `compile_decision`;
//! `constraint_hit` ← `compile_not_worth`.

use crate::catalog::{
    A100, CLOUD_DISPATCH_US, Device, EDGE_DISPATCH_US, H100, ORIN_NX, RESNET50_COMPILE_S,
    RESNET50_EAGER_IMG_S,
};
use crate::laws::dispatch::{
    compile_breakeven, compile_net_saving, dispatch_utilization, dispatched_time,
    elementwise_chain_traffic,
};
use crate::laws::{IronLaw, ridge_point};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Flops, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (A100, 10 µs dispatch)",
    },
    Choice {
        value: "edge",
        label: "Edge (Jetson Orin NX, 50 µs dispatch)",
    },
];

const VOLUMES: &[Choice] = &[
    Choice {
        value: "100",
        label: "100 a day",
    },
    Choice {
        value: "2400",
        label: "2,400 a day (100 an hour)",
    },
    Choice {
        value: "10000",
        label: "10,000 a day",
    },
    Choice {
        value: "100000",
        label: "100,000 a day",
    },
    Choice {
        value: "1000000",
        label: "1 million a day",
    },
    Choice {
        value: "10000000",
        label: "10 million a day",
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
        name: "compile_s",
        label: "Compile time",
        kind: InputKind::Range {
            min: 5.0,
            max: 300.0,
            step: 5.0,
            default: RESNET50_COMPILE_S.value,
            unit: Unit::Seconds,
        },
    },
    InputDef {
        name: "gain_pct",
        label: "Throughput gain from compiling",
        kind: InputKind::Range {
            min: 5.0,
            max: 100.0,
            step: 1.0,
            default: 48.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "volume",
        label: "Inferences per day",
        kind: InputKind::Choice {
            options: VOLUMES,
            default: "10000000",
        },
    },
    InputDef {
        name: "days",
        label: "Days in production",
        kind: InputKind::Range {
            min: 1.0,
            max: 365.0,
            step: 1.0,
            default: 30.0,
            unit: Unit::Days,
        },
    },
];

/// One Act I workload: kernels per forward pass, GPU time per kernel on the A100, and the
/// share of launches compilation removes.
struct Workload {
    kernels: f64,
    kernel_a100: Seconds,
    compiled_share: f64,
    /// Output names: kernels, compiled kernels, per-kernel µs, work, eager dispatch, compiled
    /// dispatch, eager utilisation, compiled utilisation, compiled speedup.
    names: [&'static str; 9],
}

const WORKLOADS: [Workload; 3] = [
    Workload {
        kernels: 1000.0,
        kernel_a100: Seconds::us(5.0),
        compiled_share: 0.5,
        names: [
            "kws_kernels",
            "kws_kernels_compiled",
            "kws_kernel_us",
            "kws_work_ms",
            "kws_eager_dispatch_ms",
            "kws_compiled_dispatch_ms",
            "kws_eager_util_pct",
            "kws_compiled_util_pct",
            "kws_compile_speedup",
        ],
    },
    Workload {
        kernels: 200.0,
        kernel_a100: Seconds::us(50.0),
        compiled_share: 0.65,
        names: [
            "resnet_kernels",
            "resnet_kernels_compiled",
            "resnet_kernel_us",
            "resnet_work_ms",
            "resnet_eager_dispatch_ms",
            "resnet_compiled_dispatch_ms",
            "resnet_eager_util_pct",
            "resnet_compiled_util_pct",
            "resnet_compile_speedup",
        ],
    },
    Workload {
        kernels: 20.0,
        kernel_a100: Seconds::us(500.0),
        compiled_share: 0.85,
        names: [
            "gpt2_kernels",
            "gpt2_kernels_compiled",
            "gpt2_kernel_us",
            "gpt2_work_ms",
            "gpt2_eager_dispatch_ms",
            "gpt2_compiled_dispatch_ms",
            "gpt2_eager_util_pct",
            "gpt2_compiled_util_pct",
            "gpt2_compile_speedup",
        ],
    },
];

/// Values of `compile_decision`.
const COMPILE_DECISIONS: &[Choice] = &[
    Choice {
        value: "compile",
        label: "compile",
    },
    Choice {
        value: "stay_eager",
        label: "stay eager",
    },
];

const OUTPUTS: &[OutputDef] = &[
    text("device", "Device"),
    num("dispatch_us", "Dispatch gap per launch", Unit::Us),
    // Act I: the dispatch-tax table, three workloads × eager/compiled.
    num(
        "kws_kernels",
        "Keyword spotting: kernels (eager)",
        Unit::None,
    ),
    num(
        "kws_kernels_compiled",
        "Keyword spotting: kernels (compiled)",
        Unit::None,
    ),
    num(
        "kws_kernel_us",
        "Keyword spotting: GPU time per kernel",
        Unit::Us,
    ),
    num("kws_work_ms", "Keyword spotting: GPU work", Unit::Ms),
    num(
        "kws_eager_dispatch_ms",
        "Keyword spotting: dispatch (eager)",
        Unit::Ms,
    ),
    num(
        "kws_compiled_dispatch_ms",
        "Keyword spotting: dispatch (compiled)",
        Unit::Ms,
    ),
    num(
        "kws_eager_util_pct",
        "Keyword spotting: GPU busy (eager)",
        Unit::Percent,
    ),
    num(
        "kws_compiled_util_pct",
        "Keyword spotting: GPU busy (compiled)",
        Unit::Percent,
    ),
    num(
        "kws_compile_speedup",
        "Keyword spotting: compiled speedup",
        Unit::Ratio,
    ),
    num("resnet_kernels", "ResNet-50: kernels (eager)", Unit::None),
    num(
        "resnet_kernels_compiled",
        "ResNet-50: kernels (compiled)",
        Unit::None,
    ),
    num(
        "resnet_kernel_us",
        "ResNet-50: GPU time per kernel",
        Unit::Us,
    ),
    num("resnet_work_ms", "ResNet-50: GPU work", Unit::Ms),
    num(
        "resnet_eager_dispatch_ms",
        "ResNet-50: dispatch (eager)",
        Unit::Ms,
    ),
    num(
        "resnet_compiled_dispatch_ms",
        "ResNet-50: dispatch (compiled)",
        Unit::Ms,
    ),
    num(
        "resnet_eager_util_pct",
        "ResNet-50: GPU busy (eager)",
        Unit::Percent,
    ),
    num(
        "resnet_compiled_util_pct",
        "ResNet-50: GPU busy (compiled)",
        Unit::Percent,
    ),
    num(
        "resnet_compile_speedup",
        "ResNet-50: compiled speedup",
        Unit::Ratio,
    ),
    num("gpt2_kernels", "GPT-2 layer: kernels (eager)", Unit::None),
    num(
        "gpt2_kernels_compiled",
        "GPT-2 layer: kernels (compiled)",
        Unit::None,
    ),
    num(
        "gpt2_kernel_us",
        "GPT-2 layer: GPU time per kernel",
        Unit::Us,
    ),
    num("gpt2_work_ms", "GPT-2 layer: GPU work", Unit::Ms),
    num(
        "gpt2_eager_dispatch_ms",
        "GPT-2 layer: dispatch (eager)",
        Unit::Ms,
    ),
    num(
        "gpt2_compiled_dispatch_ms",
        "GPT-2 layer: dispatch (compiled)",
        Unit::Ms,
    ),
    num(
        "gpt2_eager_util_pct",
        "GPT-2 layer: GPU busy (eager)",
        Unit::Percent,
    ),
    num(
        "gpt2_compiled_util_pct",
        "GPT-2 layer: GPU busy (compiled)",
        Unit::Percent,
    ),
    num(
        "gpt2_compile_speedup",
        "GPT-2 layer: compiled speedup",
        Unit::Ratio,
    ),
    num(
        "kws_h100_util_pct",
        "Keyword spotting on an H100: GPU busy",
        Unit::Percent,
    ),
    // Act II, panel A: fusing an elementwise chain.
    num("tensor_mb", "Tensor size", Unit::Mb),
    num("unfused_traffic_mb", "Memory traffic, unfused", Unit::Mb),
    num("fused_traffic_mb", "Memory traffic, fused", Unit::Mb),
    num("traffic_reduction", "Traffic reduction", Unit::Ratio),
    num("unfused_launches", "Launches, unfused", Unit::None),
    num("fused_launches", "Launches, fused", Unit::None),
    num("unfused_us", "Chain time, unfused", Unit::Us),
    num("fused_us", "Chain time, fused", Unit::Us),
    num("fusion_speedup", "Fusion speedup", Unit::Ratio),
    num(
        "fusion_h100_speedup",
        "Fusion speedup on an H100",
        Unit::Ratio,
    ),
    num(
        "fusion_ai",
        "Arithmetic intensity of the fused chain",
        Unit::FlopPerByte,
    ),
    num("ridge", "Device ridge point", Unit::FlopPerByte),
    num(
        "matmul_dispatch_pct",
        "Dispatch share of one 200 ms matmul",
        Unit::Percent,
    ),
    // Act II, panel B: compilation ROI.
    num("eager_img_s", "Eager throughput", Unit::SamplesPerS),
    num("compiled_img_s", "Compiled throughput", Unit::SamplesPerS),
    num("breakeven_images", "Images to break even", Unit::Samples),
    num("breakeven_days", "Days to break even", Unit::Days),
    num("total_images", "Images served in the period", Unit::Samples),
    // Negative while the compile has not yet paid for itself.
    num("net_saving_h", "Net time saved", Unit::Hours).signed(),
    choice("compile_decision", "Decision", COMPILE_DECISIONS),
    flag(
        "compile_not_worth",
        "Compilation does not pay back: eager wins",
    ),
];

/// The fusion example: LayerNorm → Dropout → ReLU over 1,024 × 768 FP16 values, about 10 FLOPs
/// per element for the whole chain.
const CHAIN_ELEMENTS: f64 = 1024.0 * 768.0;
const CHAIN_OPS: f64 = 3.0;
const CHAIN_FLOP_PER_ELEMENT: f64 = 10.0;
/// The "one big matmul" of the second fusion reflection.
const BIG_MATMUL: Seconds = Seconds::ms(200.0);

fn context(key: &str) -> (Device, Seconds) {
    if key == "edge" {
        (ORIN_NX, Seconds::us(EDGE_DISPATCH_US.value))
    } else {
        (A100, Seconds::us(CLOUD_DISPATCH_US.value))
    }
}

/// GPU time of a kernel quoted on the A100, on `dev`: memory-bound kernels scale with memory
/// bandwidth.
fn on_device(kernel_a100: Seconds, dev: Device) -> Seconds {
    kernel_a100 * (A100.mem_bw.value / dev.mem_bw.value)
}

/// LayerNorm → Dropout → ReLU as `kernels` launches over the same tensor (one fused launch or
/// three unfused ones).
fn chain(fused: bool, dev: Device, dispatch: Seconds) -> Seconds {
    let tensor = Bytes::new(CHAIN_ELEMENTS * 2.0);
    let launches = if fused { 1.0 } else { CHAIN_OPS };
    let traffic = elementwise_chain_traffic(tensor, CHAIN_OPS, fused);
    let ops = Flops::new(CHAIN_ELEMENTS * CHAIN_FLOP_PER_ELEMENT);
    // Each launch moves its share of the traffic and does its share of the FLOPs.
    let per = IronLaw::new(
        traffic * (1.0 / launches),
        dev.mem_bw.value,
        ops * (1.0 / launches),
        dev.peak.value,
        1.0,
        dispatch,
    );
    per.total() * launches
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let (dev, dispatch) = context(i.t("context"));
    o.text("device", dev.name)
        .num("dispatch_us", dispatch.as_us());

    // Act I: GPU work is the same eager or compiled; compilation only removes launches.
    for w in &WORKLOADS {
        let k = on_device(w.kernel_a100, dev);
        let work = k * w.kernels;
        let compiled = w.kernels * w.compiled_share;
        let eager_t = dispatched_time(w.kernels, k, dispatch);
        let compiled_t = work + dispatch * compiled;
        let [n0, n1, n2, n3, n4, n5, n6, n7, n8] = w.names;
        o.num(n0, w.kernels)
            .num(n1, compiled)
            .num(n2, k.as_us())
            .num(n3, work.as_ms())
            .num(n4, (dispatch * w.kernels).as_ms())
            .num(n5, (dispatch * compiled).as_ms())
            .num(n6, 100.0 * dispatch_utilization(k, dispatch))
            .num(n7, 100.0 * (work / compiled_t))
            .num(n8, eager_t / compiled_t);
    }
    // The same keyword-spotting kernels on a faster GPU, behind the same cloud host.
    let kws_h100 = on_device(WORKLOADS[0].kernel_a100, H100);
    o.num(
        "kws_h100_util_pct",
        100.0 * dispatch_utilization(kws_h100, Seconds::us(CLOUD_DISPATCH_US.value)),
    );

    // Act II, panel A: fusion.
    let tensor = Bytes::new(CHAIN_ELEMENTS * 2.0);
    let unfused_traffic = elementwise_chain_traffic(tensor, CHAIN_OPS, false);
    let fused_traffic = elementwise_chain_traffic(tensor, CHAIN_OPS, true);
    let unfused = chain(false, dev, dispatch);
    let fused = chain(true, dev, dispatch);
    let h100_dispatch = Seconds::us(CLOUD_DISPATCH_US.value);
    o.num("tensor_mb", tensor.as_mb())
        .num("unfused_traffic_mb", unfused_traffic.as_mb())
        .num("fused_traffic_mb", fused_traffic.as_mb())
        .num("traffic_reduction", unfused_traffic / fused_traffic)
        .num("unfused_launches", CHAIN_OPS)
        .num("fused_launches", 1.0)
        .num("unfused_us", unfused.as_us())
        .num("fused_us", fused.as_us())
        .num("fusion_speedup", unfused / fused)
        .num(
            "fusion_h100_speedup",
            chain(false, H100, h100_dispatch) / chain(true, H100, h100_dispatch),
        )
        .num(
            "fusion_ai",
            Flops::new(CHAIN_ELEMENTS * CHAIN_FLOP_PER_ELEMENT) / fused_traffic,
        )
        .num("ridge", ridge_point(dev.peak.value, dev.mem_bw.value))
        .num(
            "matmul_dispatch_pct",
            100.0 * (1.0 - dispatch_utilization(BIG_MATMUL, dispatch)),
        );

    // Act II, panel B: the compile pays back after `N = t / (1/R_e − 1/R_c)` inferences.
    let eager = RESNET50_EAGER_IMG_S.value * (dev.mem_bw.value / A100.mem_bw.value);
    let compiled = eager * (1.0 + i.n("gain_pct") / 100.0);
    let compile_t = Seconds::new(i.n("compile_s"));
    let per_day: f64 = i.t("volume").parse().unwrap_or(1e7);
    let total = per_day * i.n("days");
    let breakeven = compile_breakeven(compile_t, eager, compiled);
    let net = compile_net_saving(compile_t, eager, compiled, total);
    let worth = total >= breakeven;
    o.num("eager_img_s", eager)
        .num("compiled_img_s", compiled)
        .num("breakeven_images", breakeven)
        .num("breakeven_days", breakeven / per_day)
        .num("total_images", total)
        .num("net_saving_h", net.as_hours())
        .text(
            "compile_decision",
            if worth { "compile" } else { "stay_eager" },
        )
        .flag("compile_not_worth", !worth);
    o
}

/// The Lab 07 model.
pub const MODEL: Model = Model {
    id: "v1-07",
    title: "The Kernel Fusion Dividend",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::RESNET50_COMPILED_IMG_S;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    fn closest_log(options: &[f64], x: f64) -> usize {
        crate::labs::option_check::closest_log(x, options)
    }

    #[test]
    fn act1_keyword_spotting_is_a_third_busy() {
        let o = eval(&[]);
        // 5 µs / (5 + 10) µs = 33.3 %: option c of (90, 50, 33, 5).
        assert!((o.n("kws_eager_util_pct") - 33.333).abs() < 1e-3);
        let opts = [90.0, 50.0, 33.0, 5.0];
        assert_eq!(closest_log(&opts, o.n("kws_eager_util_pct")), 2);
        // Option b (50 %) would need the host to launch while the GPU runs: 1.5× too high;
        // option d (5 %) is 6.7× too low.
        assert!((opts[1] / o.n("kws_eager_util_pct") - 1.5).abs() < 1e-9);
        assert!((o.n("kws_eager_util_pct") / opts[3] - 6.667).abs() < 1e-3);
        // 1,000 × 5 µs = 5 ms of work behind 1,000 × 10 µs = 10 ms of dispatch.
        assert!((o.n("kws_work_ms") - 5.0).abs() < 1e-9);
        assert!((o.n("kws_eager_dispatch_ms") - 10.0).abs() < 1e-9);
        // Compiled: 500 launches, 5 / (5 + 5) = 50 %; 15 / 10 = 1.5× faster.
        assert!((o.n("kws_compiled_util_pct") - 50.0).abs() < 1e-9);
        assert!((o.n("kws_compile_speedup") - 1.5).abs() < 1e-9);
        // ResNet-50: 50 / 60 = 83.3 % eager; GPT-2 layer: 500 / 510 = 98.0 %.
        assert!((o.n("resnet_eager_util_pct") - 83.333).abs() < 1e-3);
        assert!((o.n("gpt2_eager_util_pct") - 98.039).abs() < 1e-3);
    }

    #[test]
    fn act1_faster_gpu_lowers_utilisation() {
        let o = eval(&[]);
        // H100: 5 µs × 2,039 / 3,350 = 3.043 µs per kernel; 3.043 / 13.043 = 23.3 %.
        assert!((o.n("kws_h100_util_pct") - 23.33).abs() < 0.01);
        assert!(o.n("kws_h100_util_pct") < o.n("kws_eager_util_pct"));
        // The slower Orin: 5 µs × 2,039 / 102.4 = 99.6 µs per kernel behind 50 µs: 66.6 %.
        let e = eval(&[("context", Value::Text("edge"))]);
        assert!((e.n("kws_kernel_us") - 99.56).abs() < 0.01);
        assert!((e.n("kws_eager_util_pct") - 66.57).abs() < 0.01);
    }

    #[test]
    fn compiled_never_less_busy_than_eager() {
        for ctx in ["cloud", "edge"] {
            let o = eval(&[("context", Value::Text(ctx))]);
            for m in ["kws", "resnet", "gpt2"] {
                let e = match m {
                    "kws" => ("kws_eager_util_pct", "kws_compiled_util_pct"),
                    "resnet" => ("resnet_eager_util_pct", "resnet_compiled_util_pct"),
                    _ => ("gpt2_eager_util_pct", "gpt2_compiled_util_pct"),
                };
                assert!(o.n(e.1) >= o.n(e.0));
            }
        }
    }

    #[test]
    fn act2_fusion_cuts_traffic_and_time_threefold() {
        let o = eval(&[]);
        // 1,024 × 768 × 2 B = 1.573 MB; unfused 6 passes = 9.437 MB, fused 2 = 3.146 MB.
        assert!((o.n("tensor_mb") - 1.572_864).abs() < 1e-9);
        assert!((o.n("unfused_traffic_mb") - 9.437_184).abs() < 1e-9);
        assert!((o.n("traffic_reduction") - 3.0).abs() < 1e-12);
        // Unfused: 3 launches × (3.146 MB / 2,039 GB/s = 1.543 µs + 10 µs + 0.008 µs of FLOPs)
        // = 34.655 µs; fused: 1.543 + 10 + 0.025 = 11.568 µs. 3.0× faster, not ~5×.
        assert!((o.n("unfused_us") - 34.655).abs() < 0.01);
        assert!((o.n("fused_us") - 11.568).abs() < 0.01);
        assert!((o.n("fusion_speedup") - 2.996).abs() < 0.01);
        assert!((o.n("fusion_h100_speedup") - 2.997).abs() < 0.01);
        // 7.86 MFLOP / 3.146 MB = 2.5 FLOP/B, far below the A100 ridge (312 / 2.039 = 153).
        assert!((o.n("fusion_ai") - 2.5).abs() < 1e-12);
        assert!((o.n("ridge") - 153.02).abs() < 0.01);
        // 10 µs of a 200 ms matmul: 0.005 %.
        assert!((o.n("matmul_dispatch_pct") - 0.005).abs() < 1e-5);
        // Orin NX, 50 µs launches: each unfused launch moves 3.146 MB / 102.4 GB/s = 30.72 µs
        // and does 2.621 MFLOP / 15.04 TFLOPS (dense FP16) = 0.174 µs: 3 × 80.894 = 242.68 µs;
        // fused 30.72 + 50 + 0.523 = 81.24 µs; 2.987×. Ridge 15.04e12 / 102.4e9 = 146.9 FLOP/B.
        let e = eval(&[("context", Value::Text("edge"))]);
        assert!((e.n("unfused_us") - 242.68).abs() < 0.01);
        assert!((e.n("fused_us") - 81.24).abs() < 0.01);
        assert!((e.n("fusion_speedup") - 2.987).abs() < 1e-3);
        assert!((e.n("ridge") - 146.875).abs() < 1e-3);
    }

    #[test]
    fn act2_breakeven_is_about_134_thousand() {
        let o = eval(&[]);
        // Compiled 1,450 × 1.48 = 2,146 img/s; 30 / (1/1,450 − 1/2,146) = 30 × 1,450 × 1.48
        // / 0.48 = 134,125 images.
        assert!((o.n("breakeven_images") - 134_125.0).abs() < 0.5);
        let opts = [1_000.0, 10_000.0, 130_000.0, 10_000_000.0];
        assert_eq!(closest_log(&opts, o.n("breakeven_images")), 2);
        assert!((o.n("breakeven_images") / opts[0] - 134.1).abs() < 0.1);
        assert!((o.n("breakeven_images") / opts[1] - 13.4).abs() < 0.1);
        // The chapter's exact rates give 133,607: the same answer.
        let exact = compile_breakeven(
            Seconds::new(RESNET50_COMPILE_S.value),
            RESNET50_EAGER_IMG_S.value,
            RESNET50_COMPILED_IMG_S.value,
        );
        assert!((exact - 133_607.1).abs() < 0.5);
        // 10 M a day: paid back in 0.0134 days (19 minutes); 300 M images in 30 days save
        // 300e6 × 2.2367e-4 s − 30 s = 67,071 s = 18.63 h.
        assert!((o.n("breakeven_days") - 0.013_41).abs() < 1e-5);
        assert!((o.n("net_saving_h") - 18.631).abs() < 1e-3);
        assert_eq!(o.get("compile_decision"), Some(Value::Text("compile")));
    }

    #[test]
    fn failure_low_volume_edge_stays_eager() {
        let o = eval(&[]);
        assert_eq!(o.get("compile_not_worth"), Some(Value::Bool(false)));
        // Edge: eager 1,450 × 102.4 / 2,039 = 72.82 img/s; break-even 30 × 72.82 × 1.48 / 0.48
        // = 6,735 images; one day at 100 an hour is 2,400.
        let e = eval(&[
            ("context", Value::Text("edge")),
            ("volume", Value::Text("2400")),
            ("days", Value::Num(1.0)),
        ]);
        assert!((e.n("breakeven_images") - 6_735.7).abs() < 0.5);
        assert_eq!(e.get("compile_not_worth"), Some(Value::Bool(true)));
        assert_eq!(e.get("compile_decision"), Some(Value::Text("stay_eager")));
        assert!(e.n("net_saving_h") < 0.0);
        // Three days (7,200 images) pays it back.
        let e3 = eval(&[
            ("context", Value::Text("edge")),
            ("volume", Value::Text("2400")),
            ("days", Value::Num(3.0)),
        ]);
        assert_eq!(e3.get("compile_not_worth"), Some(Value::Bool(false)));
        // In the cloud, 100 a day for a month (3,000) is also short of 134,125.
        let c = eval(&[("volume", Value::Text("100"))]);
        assert_eq!(c.get("compile_not_worth"), Some(Value::Bool(true)));
    }

    #[test]
    fn net_saving_grows_with_days_and_breakeven_with_compile_time() {
        let mut prev = f64::NEG_INFINITY;
        for d in 1..=365 {
            let o = eval(&[
                ("volume", Value::Text("10000")),
                ("days", Value::Num(d as f64)),
            ]);
            assert!(o.n("net_saving_h") > prev);
            prev = o.n("net_saving_h");
        }
        let mut prev = 0.0;
        for k in 1..=60 {
            let o = eval(&[("compile_s", Value::Num(5.0 * k as f64))]);
            assert!(o.n("breakeven_images") > prev);
            prev = o.n("breakeven_images");
        }
    }
}
