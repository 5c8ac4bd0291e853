//! Vol 1 Lab 05, "The Activation Tax": an activation function is a silicon and latency choice
//! (Act I), and where an activation map lands in the memory hierarchy multiplies what it costs
//! to touch it (Act II, the Memory Ledger).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `mobile`, a phone NPU (64 KB L1, 512 KB L2, 8 GB RAM, 68 GB/s,
//! 5 W), and `cloud`, an H100 (256 KB L1 per SM, 50 MB L2, 80 GB HBM, 3,350 GB/s, 700 W).
//!
//! **Act I scenario** (defaults): an AR app on the phone whose backbone has four activation
//! layers, all sigmoid: `fps` 16.7 against a 24 FPS target (`fps_target`). The team wants a
//! bigger backbone.
//!
//! * Prediction 1, "How much more silicon does a sigmoid unit need than a ReLU unit?" Options
//!   (a, "about the same", 1), (b, "~5×", 5), (c, "~50×", 50), (d, "~500×", 500). Keyed **c**,
//!   checked against `sigmoid_over_relu` (2,500 ÷ 50 = 50).
//! * Reveal: with `activation` = `relu` the frame takes `frame_ms` 40.8 ms (24.5 FPS, target
//!   met); the all-sigmoid frame is `speedup_if_relu` = 1.47× slower, and activations are
//!   `act_share_pct` 33 % of it. Per function, latency differs by the cycle ratio
//!   (`latency_vs_relu`, 25× for sigmoid) and silicon by the transistor ratio
//!   (`silicon_vs_relu`, 50×).
//! * Reflection, keyed **b**, "GELU costs more than ReLU because its tanh/erf approximation takes
//!   several steps": feedback quotes `gelu_over_relu_cycles` (8) and `tx_gelu`.
//!
//! **Act II scenario** for prediction 2: `context` = `mobile`, `channels` = `256`,
//! `batch` = `1`, `image` = `224`, `precision` = `fp32`. Channels and batch are powers of two.
//!
//! * Prediction 2, "What share of one 224×224×256 FP32 output map fits in the 512 KB L2?"
//!   Options (a, "100 %", 100), (b, "~50 %", 50), (c, "~5 %", 5), (d, "~1 %", 1). Keyed **d**,
//!   checked against `l2_fit_pct` (1.02 %: 512 KiB of a 51.4 MB map, `layer1_mb`).
//! * Reflection, keyed **b**, "activation memory grows linearly with batch and pushes maps to slower
//!   tiers": feedback quotes `total_act_mb` at two batch sizes and `mean_multiplier`.
//!
//! **Instruments**: six conv layers, each halving the side and doubling the channels
//! (`layerN_mb`, `layerN_tier`, `layerN_cost`, N = 1..6), tier lines `l1_kb`, `l2_mb`,
//! `device_ram_gb`; cards `total_act_mb`, `mean_multiplier`, `cache_miss_pct`.
//!
//! **Failure states**: `oom` (danger: all six maps exceed device RAM; mobile, `batch` =
//! `128`, `channels` = `256`, FP32) and `near_oom` (warn: above 75 % of RAM; the same at
//! `batch` = `64`). Both off at the defaults.
//!
//! **Ledger** (ch5): `context` ← input `context`; `activation_choice` (layer1..4) ← input
//! `activation` (one choice for all four layers); `act1_prediction`, `act1_correct` ← the
//! student's answer (c); `act2_result` ← `total_act_mb`; `act2_decision` ← inputs `batch`,
//! `channels`, `precision`; `constraint_hit`, `oom_triggered` ← `oom`; `cache_miss_rate` ←
//! `cache_miss_pct`.

use crate::catalog::{
    Device, GELU_CYCLES, GELU_TRANSISTORS, H100, H100_L1_PER_SM, H100_L2, LEAKY_RELU_CYCLES,
    LEAKY_RELU_TRANSISTORS, PHONE_NPU, PHONE_NPU_L1, PHONE_NPU_L2, RELU_CYCLES, RELU_TRANSISTORS,
    SIGMOID_CYCLES, SIGMOID_TRANSISTORS, SOFTMAX_CYCLES, SOFTMAX_TRANSISTORS, TANH_CYCLES,
    TANH_TRANSISTORS, TIER_COST_MULTIPLIERS,
};
use crate::laws::hierarchy::{feature_map_bytes, tier_for};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "mobile",
        label: "Mobile (phone NPU)",
    },
    Choice {
        value: "cloud",
        label: "Cloud (H100)",
    },
];

const ACTIVATIONS: &[Choice] = &[
    Choice {
        value: "relu",
        label: "ReLU",
    },
    Choice {
        value: "leaky_relu",
        label: "Leaky ReLU",
    },
    Choice {
        value: "sigmoid",
        label: "Sigmoid",
    },
    Choice {
        value: "tanh",
        label: "Tanh",
    },
    Choice {
        value: "gelu",
        label: "GELU",
    },
    Choice {
        value: "softmax",
        label: "Softmax",
    },
];

const IMAGES: &[Choice] = &[
    Choice {
        value: "28",
        label: "28 × 28",
    },
    Choice {
        value: "64",
        label: "64 × 64",
    },
    Choice {
        value: "128",
        label: "128 × 128",
    },
    Choice {
        value: "224",
        label: "224 × 224",
    },
    Choice {
        value: "512",
        label: "512 × 512",
    },
];

/// Channel counts and batch sizes come in powers of two, as in real networks.
const CHANNELS: &[Choice] = &[
    Choice {
        value: "1",
        label: "1",
    },
    Choice {
        value: "8",
        label: "8",
    },
    Choice {
        value: "16",
        label: "16",
    },
    Choice {
        value: "32",
        label: "32",
    },
    Choice {
        value: "64",
        label: "64",
    },
    Choice {
        value: "128",
        label: "128",
    },
    Choice {
        value: "256",
        label: "256",
    },
    Choice {
        value: "512",
        label: "512",
    },
];

const BATCHES: &[Choice] = &[
    Choice {
        value: "1",
        label: "1",
    },
    Choice {
        value: "2",
        label: "2",
    },
    Choice {
        value: "4",
        label: "4",
    },
    Choice {
        value: "8",
        label: "8",
    },
    Choice {
        value: "16",
        label: "16",
    },
    Choice {
        value: "32",
        label: "32",
    },
    Choice {
        value: "64",
        label: "64",
    },
    Choice {
        value: "128",
        label: "128",
    },
];

const PRECISIONS: &[Choice] = &[
    Choice {
        value: "fp32",
        label: "FP32 (4 B)",
    },
    Choice {
        value: "fp16",
        label: "FP16 (2 B)",
    },
    Choice {
        value: "int8",
        label: "INT8 (1 B)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "mobile",
        },
    },
    InputDef {
        name: "activation",
        label: "Activation in all four layers",
        kind: InputKind::Choice {
            options: ACTIVATIONS,
            default: "sigmoid",
        },
    },
    InputDef {
        name: "image",
        label: "Input image size",
        kind: InputKind::Choice {
            options: IMAGES,
            default: "224",
        },
    },
    InputDef {
        name: "channels",
        label: "Output channels of the first layer",
        kind: InputKind::Choice {
            options: CHANNELS,
            default: "64",
        },
    },
    InputDef {
        name: "batch",
        label: "Batch size",
        kind: InputKind::Choice {
            options: BATCHES,
            default: "8",
        },
    },
    InputDef {
        name: "precision",
        label: "Activation precision",
        kind: InputKind::Choice {
            options: PRECISIONS,
            default: "fp32",
        },
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Act I: the comparator bars (transistors and cycles per function).
    num("tx_relu", "ReLU transistors", Unit::None),
    num("tx_leaky_relu", "Leaky ReLU transistors", Unit::None),
    num("tx_sigmoid", "Sigmoid transistors", Unit::None),
    num("tx_tanh", "Tanh transistors", Unit::None),
    num("tx_gelu", "GELU transistors", Unit::None),
    num("tx_softmax", "Softmax transistors", Unit::None),
    num("cy_relu", "ReLU cycles", Unit::None),
    num("cy_leaky_relu", "Leaky ReLU cycles", Unit::None),
    num("cy_sigmoid", "Sigmoid cycles", Unit::None),
    num("cy_tanh", "Tanh cycles", Unit::None),
    num("cy_gelu", "GELU cycles", Unit::None),
    num("cy_softmax", "Softmax cycles", Unit::None),
    num("sigmoid_over_relu", "Sigmoid ÷ ReLU silicon", Unit::Ratio),
    num("gelu_over_relu_cycles", "GELU ÷ ReLU latency", Unit::Ratio),
    // Act I: the chosen activation in the AR backbone.
    num(
        "act_transistors",
        "Transistors per activation unit",
        Unit::None,
    ),
    num("act_cycles", "Cycles per activation", Unit::None),
    num("silicon_vs_relu", "Silicon vs ReLU", Unit::Ratio),
    num("latency_vs_relu", "Activation latency vs ReLU", Unit::Ratio),
    num(
        "layers_silicon",
        "Silicon for four activation units",
        Unit::None,
    ),
    text("frame_device", "Device"),
    num("act_ms", "Activation time per frame", Unit::Ms),
    num("frame_ms", "Time per frame", Unit::Ms),
    num("relu_frame_ms", "Time per frame with ReLU", Unit::Ms),
    num(
        "act_share_pct",
        "Activations' share of the frame",
        Unit::Percent,
    ),
    num(
        "speedup_if_relu",
        "Speedup if all four were ReLU",
        Unit::Ratio,
    ),
    num("fps", "Frame rate", Unit::Fps),
    num("fps_target", "Frame-rate target", Unit::Fps),
    flag("meets_fps_target", "Meets the frame-rate target"),
    // Act II: the Memory Ledger.
    num("l1_kb", "L1 capacity", Unit::Kib),
    num("l2_mb", "L2 capacity", Unit::Mb),
    num("device_ram_gb", "Device RAM", Unit::Gb),
    num("bytes_per_value", "Bytes per value", Unit::Bytes),
    num(
        "l2_fit_pct",
        "Share of the first map that fits in L2",
        Unit::Percent,
    ),
    num("layer1_mb", "Layer 1 activations", Unit::Mb),
    num("layer2_mb", "Layer 2 activations", Unit::Mb),
    num("layer3_mb", "Layer 3 activations", Unit::Mb),
    num("layer4_mb", "Layer 4 activations", Unit::Mb),
    num("layer5_mb", "Layer 5 activations", Unit::Mb),
    num("layer6_mb", "Layer 6 activations", Unit::Mb),
    choice("layer1_tier", "Layer 1 lives in", TIERS),
    choice("layer2_tier", "Layer 2 lives in", TIERS),
    choice("layer3_tier", "Layer 3 lives in", TIERS),
    choice("layer4_tier", "Layer 4 lives in", TIERS),
    choice("layer5_tier", "Layer 5 lives in", TIERS),
    choice("layer6_tier", "Layer 6 lives in", TIERS),
    num("layer1_cost", "Layer 1 access cost", Unit::Ratio),
    num("layer2_cost", "Layer 2 access cost", Unit::Ratio),
    num("layer3_cost", "Layer 3 access cost", Unit::Ratio),
    num("layer4_cost", "Layer 4 access cost", Unit::Ratio),
    num("layer5_cost", "Layer 5 access cost", Unit::Ratio),
    num("layer6_cost", "Layer 6 access cost", Unit::Ratio),
    num("total_act_mb", "Total activation memory", Unit::Mb),
    num("total_act_gb", "Total activation memory", Unit::Gb),
    // Demand over capacity: above 100 % the maps do not fit (`oom`).
    num("ram_used_pct", "Activations ÷ device RAM", Unit::Percent).unbounded(),
    num(
        "mean_multiplier",
        "Mean access-cost multiplier",
        Unit::Ratio,
    ),
    num("cache_miss_pct", "Layers that miss L2", Unit::Percent),
    flag("oom", "Activations exceed device RAM"),
    flag("near_oom", "Activations above 75 % of device RAM"),
];

/// Activation layers in the Act I backbone.
const ACT_LAYERS: f64 = 4.0;
/// Act I frame timing. Mobile: 40 ms of convolutions and other work per frame, plus 0.2 ms per
/// activation layer per cycle of the activation (all-ReLU: 0.8 ms, 40.8 ms in total, 24.5
/// FPS). Cloud: 2.05 ms plus 0.0125 ms per layer per cycle (all-ReLU: 2.1 ms).
const MOBILE_BASE: Seconds = Seconds::ms(40.0);
const MOBILE_PER_LAYER_CYCLE: Seconds = Seconds::ms(0.2);
const CLOUD_BASE: Seconds = Seconds::ms(2.05);
const CLOUD_PER_LAYER_CYCLE: Seconds = Seconds::ms(0.0125);
/// The AR app's frame-rate target.
const FPS_TARGET: f64 = 24.0;
/// Conv layers in the Act II network; each halves the side and doubles the channels.
const CONV_LAYERS: usize = 6;
/// The memory tiers, fastest first; also the values of `layerN_tier`.
const TIERS: &[Choice] = &[
    Choice {
        value: "L1",
        label: "L1 cache",
    },
    Choice {
        value: "L2",
        label: "L2 cache",
    },
    Choice {
        value: "device RAM",
        label: "device RAM",
    },
    Choice {
        value: "host DRAM",
        label: "host DRAM",
    },
];

const LAYER_MB: [&str; CONV_LAYERS] = [
    "layer1_mb",
    "layer2_mb",
    "layer3_mb",
    "layer4_mb",
    "layer5_mb",
    "layer6_mb",
];
const LAYER_TIER: [&str; CONV_LAYERS] = [
    "layer1_tier",
    "layer2_tier",
    "layer3_tier",
    "layer4_tier",
    "layer5_tier",
    "layer6_tier",
];
const LAYER_COST: [&str; CONV_LAYERS] = [
    "layer1_cost",
    "layer2_cost",
    "layer3_cost",
    "layer4_cost",
    "layer5_cost",
    "layer6_cost",
];

/// (transistors, cycles) of an activation function.
fn activation_cost(key: &str) -> (f64, f64) {
    match key {
        "relu" => (RELU_TRANSISTORS.value, RELU_CYCLES.value),
        "leaky_relu" => (LEAKY_RELU_TRANSISTORS.value, LEAKY_RELU_CYCLES.value),
        "tanh" => (TANH_TRANSISTORS.value, TANH_CYCLES.value),
        "gelu" => (GELU_TRANSISTORS.value, GELU_CYCLES.value),
        "softmax" => (SOFTMAX_TRANSISTORS.value, SOFTMAX_CYCLES.value),
        _ => (SIGMOID_TRANSISTORS.value, SIGMOID_CYCLES.value),
    }
}

/// The device and its tier capacities (L1, L2, device RAM).
fn hierarchy(context: &str) -> (Device, [Bytes; 3]) {
    if context == "cloud" {
        // One SM's L1: a map that does not fit one SM's share spills to L2.
        (
            H100,
            [H100_L1_PER_SM.value, H100_L2.value, H100.memory.value],
        )
    } else {
        (
            PHONE_NPU,
            [
                PHONE_NPU_L1.value,
                PHONE_NPU_L2.value,
                PHONE_NPU.memory.value,
            ],
        )
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let mobile = i.t("context") != "cloud";

    // Act I: silicon scales with transistors, latency with cycles.
    for (key, tx, cy) in [
        ("relu", "tx_relu", "cy_relu"),
        ("leaky_relu", "tx_leaky_relu", "cy_leaky_relu"),
        ("sigmoid", "tx_sigmoid", "cy_sigmoid"),
        ("tanh", "tx_tanh", "cy_tanh"),
        ("gelu", "tx_gelu", "cy_gelu"),
        ("softmax", "tx_softmax", "cy_softmax"),
    ] {
        let (t, c) = activation_cost(key);
        o.num(tx, t).num(cy, c);
    }
    let (relu_tx, relu_cy) = activation_cost("relu");
    let (tx, cy) = activation_cost(i.t("activation"));
    let (base, per) = if mobile {
        (MOBILE_BASE, MOBILE_PER_LAYER_CYCLE)
    } else {
        (CLOUD_BASE, CLOUD_PER_LAYER_CYCLE)
    };
    let act = per * (ACT_LAYERS * cy);
    let frame = base + act;
    let relu_frame = base + per * (ACT_LAYERS * relu_cy);
    let fps = 1.0 / frame.as_s();
    o.num(
        "sigmoid_over_relu",
        SIGMOID_TRANSISTORS.value / RELU_TRANSISTORS.value,
    )
    .num(
        "gelu_over_relu_cycles",
        GELU_CYCLES.value / RELU_CYCLES.value,
    )
    .num("act_transistors", tx)
    .num("act_cycles", cy)
    .num("silicon_vs_relu", tx / relu_tx)
    .num("latency_vs_relu", cy / relu_cy)
    .num("layers_silicon", ACT_LAYERS * tx)
    .text(
        "frame_device",
        if mobile { PHONE_NPU.name } else { H100.name },
    )
    .num("act_ms", act.as_ms())
    .num("frame_ms", frame.as_ms())
    .num("relu_frame_ms", relu_frame.as_ms())
    .num("act_share_pct", 100.0 * (act / frame))
    .num("speedup_if_relu", frame / relu_frame)
    .num("fps", fps)
    .num("fps_target", FPS_TARGET)
    .flag("meets_fps_target", fps >= FPS_TARGET);

    // Act II: six maps, each half the size of the one before, placed in the first tier that
    // holds them.
    let (device, caps) = hierarchy(i.t("context"));
    let side: f64 = i.t("image").parse().unwrap_or(224.0);
    let channels: f64 = i.t("channels").parse().unwrap_or(64.0);
    let batch: f64 = i.t("batch").parse().unwrap_or(8.0);
    let bytes = match i.t("precision") {
        "fp16" => 2.0,
        "int8" => 1.0,
        _ => 4.0,
    };
    let costs = TIER_COST_MULTIPLIERS.value;
    let mut total = Bytes::ZERO;
    let mut cost_sum = 0.0;
    let mut misses = 0.0;
    let mut first = Bytes::ZERO;
    for k in 0..CONV_LAYERS {
        let scale = (1u32 << k) as f64;
        let map = feature_map_bytes(batch, (side / scale).ceil(), channels * scale, bytes);
        if k == 0 {
            first = map;
        }
        let tier = tier_for(map, &caps);
        total = total + map;
        cost_sum += costs[tier];
        if tier >= 2 {
            misses += 1.0;
        }
        o.num(LAYER_MB[k], map.as_mb())
            .text(LAYER_TIER[k], TIERS[tier].value)
            .num(LAYER_COST[k], costs[tier]);
    }
    let ram = device.memory.value;
    let used = total / ram;
    o.num("l1_kb", caps[0].as_kib())
        .num("l2_mb", caps[1].as_mb())
        .num("device_ram_gb", ram.as_gb())
        .num("bytes_per_value", bytes)
        .num("l2_fit_pct", 100.0 * (caps[1] / first).min(1.0))
        .num("total_act_mb", total.as_mb())
        .num("total_act_gb", total.as_gb())
        .num("ram_used_pct", 100.0 * used)
        .num("mean_multiplier", cost_sum / CONV_LAYERS as f64)
        .num("cache_miss_pct", 100.0 * misses / CONV_LAYERS as f64)
        .flag("oom", used > 1.0)
        .flag("near_oom", used > 0.75 && used <= 1.0);
    o
}

/// The Lab 05 model.
pub const MODEL: Model = Model {
    id: "v1-05",
    title: "The Activation Tax",
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

    fn closest_log(options: &[f64], x: f64) -> usize {
        crate::labs::option_check::closest_log(x, options)
    }

    /// The Act II prediction scenario.
    fn act2() -> Values {
        eval(&[
            ("context", Value::Text("mobile")),
            ("channels", Value::Text("256")),
            ("batch", Value::Text("1")),
            ("image", Value::Text("224")),
            ("precision", Value::Text("fp32")),
        ])
    }

    #[test]
    fn act1_sigmoid_needs_fifty_times_the_silicon() {
        let o = eval(&[]);
        // 2,500 / 50 = 50: option c of (1, 5, 50, 500); 5 and 500 are 10× off.
        assert_eq!(o.n("sigmoid_over_relu"), 50.0);
        let opts = [1.0, 5.0, 50.0, 500.0];
        assert_eq!(closest_log(&opts, o.n("sigmoid_over_relu")), 2);
        assert_eq!(opts[3] / o.n("sigmoid_over_relu"), 10.0);
        assert_eq!(o.n("sigmoid_over_relu") / opts[1], 10.0);
        // Latency differs by the cycle ratio, 25 / 1 = 25×, not the transistor ratio.
        assert_eq!(o.n("latency_vs_relu"), 25.0);
        assert_eq!(o.n("silicon_vs_relu"), 50.0);
    }

    #[test]
    fn act1_story_frame_rates() {
        // All sigmoid on the phone: 40 + 4 × 0.2 × 25 = 60 ms → 16.7 FPS, short of 24.
        let o = eval(&[]);
        assert!((o.n("frame_ms") - 60.0).abs() < 1e-9);
        assert!((o.n("fps") - 16.667).abs() < 1e-3);
        assert_eq!(o.get("meets_fps_target"), Some(Value::Bool(false)));
        // Activations are 20 / 60 = 33.3 % of the frame; all-ReLU is 60 / 40.8 = 1.47× faster.
        assert!((o.n("act_share_pct") - 33.333).abs() < 1e-3);
        assert!((o.n("speedup_if_relu") - 1.470_6).abs() < 1e-4);
        // All ReLU: 40.8 ms → 24.5 FPS, target met without a bigger backbone.
        let r = eval(&[("activation", Value::Text("relu"))]);
        assert!((r.n("frame_ms") - 40.8).abs() < 1e-9);
        assert!((r.n("fps") - 24.51).abs() < 0.01);
        assert_eq!(r.get("meets_fps_target"), Some(Value::Bool(true)));
        // GELU (8 cycles): 46.4 ms, 21.6 FPS, still short.
        let g = eval(&[("activation", Value::Text("gelu"))]);
        assert!((g.n("frame_ms") - 46.4).abs() < 1e-9);
        assert_eq!(g.get("meets_fps_target"), Some(Value::Bool(false)));
        // Cloud: 2.05 + 4 × 0.0125 = 2.1 ms with ReLU, 3.3 ms with sigmoid.
        let c = eval(&[("context", Value::Text("cloud"))]);
        assert!((c.n("frame_ms") - 3.3).abs() < 1e-9);
        assert!((c.n("relu_frame_ms") - 2.1).abs() < 1e-9);
    }

    #[test]
    fn act1_gelu_reflection() {
        let o = eval(&[]);
        // 8 / 1 = 8× ReLU's latency, 1,500 / 50 = 30× its silicon.
        assert_eq!(o.n("gelu_over_relu_cycles"), 8.0);
        assert_eq!(o.n("tx_gelu") / o.n("tx_relu"), 30.0);
    }

    #[test]
    fn frame_time_follows_activation_cycles() {
        let keys = ["relu", "leaky_relu", "gelu", "sigmoid", "tanh", "softmax"];
        let mut prev = 0.0;
        for k in keys {
            let o = eval(&[("activation", Value::Text(k))]);
            assert!(o.n("frame_ms") >= prev);
            prev = o.n("frame_ms");
        }
    }

    #[test]
    fn act2_one_percent_of_the_map_fits_in_l2() {
        let o = act2();
        // 224² × 256 × 4 B = 51,380,224 B = 51.38 MB.
        assert!((o.n("layer1_mb") - 51.380_224).abs() < 1e-9);
        // 524,288 / 51,380,224 = 1.020 %: option d (~1 %).
        assert!((o.n("l2_fit_pct") - 1.020_4).abs() < 1e-4);
        let opts = [100.0, 50.0, 5.0, 1.0];
        assert_eq!(closest_log(&opts, o.n("l2_fit_pct")), 3);
        // Option c (5 %) is 4.9× too generous.
        assert!((opts[2] / o.n("l2_fit_pct") - 4.9).abs() < 0.01);
        assert_eq!(o.get("layer1_tier"), Some(Value::Text("device RAM")));
    }

    #[test]
    fn act2_defaults_and_tiers() {
        let o = eval(&[]);
        // 8 × 224² × 64 × 4 B = 102.76 MB; the six maps halve: × (1 + ½ + … + 1/32) =
        // × 1.96875 = 202.31 MB, all in device RAM (10×), all missing L2.
        assert!((o.n("layer1_mb") - 102.760_448).abs() < 1e-6);
        assert!((o.n("total_act_mb") - 202.309_632).abs() < 1e-6);
        assert_eq!(o.n("mean_multiplier"), 10.0);
        assert_eq!(o.n("cache_miss_pct"), 100.0);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("near_oom"), Some(Value::Bool(false)));
        // A 28 × 28 INT8 image with 8 channels, batch 1: 6,272 B fits L1 (64 KiB).
        let tiny = eval(&[
            ("image", Value::Text("28")),
            ("channels", Value::Text("8")),
            ("batch", Value::Text("1")),
            ("precision", Value::Text("int8")),
        ]);
        assert_eq!(tiny.get("layer1_tier"), Some(Value::Text("L1")));
        assert_eq!(tiny.n("mean_multiplier"), 1.0);
        assert_eq!(tiny.n("cache_miss_pct"), 0.0);
        // The cloud's 50 MB L2 holds what the phone's 512 KB cannot.
        let cloud = act2_in("cloud");
        assert_eq!(cloud.get("layer2_tier"), Some(Value::Text("L2")));
        assert_eq!(cloud.n("l2_mb"), 50.0);
    }

    fn act2_in(ctx: &'static str) -> Values {
        eval(&[
            ("context", Value::Text(ctx)),
            ("channels", Value::Text("256")),
            ("batch", Value::Text("1")),
        ])
    }

    #[test]
    fn activation_memory_is_linear_in_batch() {
        let a = eval(&[("batch", Value::Text("8"))]);
        let b = eval(&[("batch", Value::Text("16"))]);
        assert!((b.n("total_act_mb") / a.n("total_act_mb") - 2.0).abs() < 1e-12);
        let mut prev = 0.0;
        for bs in ["1", "2", "4", "8", "16", "32", "64", "128"] {
            let o = eval(&[("batch", Value::Text(bs))]);
            assert!(o.n("total_act_mb") > prev);
            assert!(o.n("mean_multiplier") >= 1.0);
            prev = o.n("total_act_mb");
        }
    }

    #[test]
    fn failure_oom_fires_and_clears() {
        // Mobile, batch 128, 256 channels, FP32: 128 × 51.38 MB × 1.96875 = 12.95 GB > 8 GB.
        let o = eval(&[
            ("batch", Value::Text("128")),
            ("channels", Value::Text("256")),
        ]);
        assert!((o.n("total_act_gb") - 12.948).abs() < 1e-3);
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
        // Batch 64: 6.47 GB = 81 % of 8 GB, a warning.
        let w = eval(&[
            ("batch", Value::Text("64")),
            ("channels", Value::Text("256")),
        ]);
        assert_eq!(w.get("oom"), Some(Value::Bool(false)));
        assert_eq!(w.get("near_oom"), Some(Value::Bool(true)));
        // FP16 at batch 128 halves it to 6.47 GB: the danger clears.
        let h = eval(&[
            ("batch", Value::Text("128")),
            ("channels", Value::Text("256")),
            ("precision", Value::Text("fp16")),
        ]);
        assert_eq!(h.get("oom"), Some(Value::Bool(false)));
        // The H100's 80 GB takes the FP32 batch-128 case too.
        let c = eval(&[
            ("context", Value::Text("cloud")),
            ("batch", Value::Text("128")),
            ("channels", Value::Text("256")),
        ]);
        assert_eq!(c.get("oom"), Some(Value::Bool(false)));
        // But not 512 × 512 images with 512 channels: 128 × 512² × 512 × 4 × 1.96875 = 135 GB.
        let big = eval(&[
            ("context", Value::Text("cloud")),
            ("batch", Value::Text("128")),
            ("channels", Value::Text("512")),
            ("image", Value::Text("512")),
        ]);
        assert_eq!(big.get("oom"), Some(Value::Bool(true)));
    }
}
