//! Vol 1 Lab 06, "The Quadratic Wall": attention memory grows with the square of the context
//! (Act I), and at a fixed parameter budget every extra layer adds sequential kernel launches
//! that a small accelerator cannot hide (Act II, depth vs width).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud`, an H100 (80 GB, 10 µs dispatch per kernel), and `edge`,
//! a Jetson Orin NX (16 GB, 50 µs dispatch). Act I's chart shows both memory lines
//! (`cloud_mem_gb`, `edge_mem_gb`); the banner uses the selected context.
//!
//! **Act I scenario** (defaults): GPT-2 XL (48 layers, 25 heads of dimension 64, d_model =
//! heads × 64 = 1,600) trained at batch 1 with standard attention, which keeps every layer's
//! FP16 score matrices for the backward pass. Default context 1,024 tokens (GPT-2's own);
//! marketing wants 100K.
//!
//! * Prediction 1, "Going from 4K to 8K tokens multiplies attention memory by?" Options
//!   (a, "2×", 2), (b, "4×", 4), (c, "8×", 8), (d, "unchanged", 1). Keyed **b**, checked against
//!   `scale_vs_4k` at `seq_len` = 8,192 (4.0).
//! * Reveal numbers: at 4,096 tokens one head of one layer is `per_head_layer_mb` (33.6 MB =
//!   32 MiB) and the model's scores `attn_gb` 40.3 GB; the H100 runs out at `max_tokens_fit`
//!   ≈ 5,647 tokens, not the ~20K the original claimed.
//! * Reflection, keyed **b**, "FlashAttention tiles the computation and never stores the N×N matrix
//!   (same FLOPs, exact result)": feedback quotes `tiled_attn_gb` against `attn_gb`, and
//!   `flash_max_tokens` (≈129K on the H100).
//!
//! **Act II scenario**: `context` = `edge`, 100 M parameters as 64 layers × width 361 (deep) or
//! 4 layers × width 1,443 (wide). The sliders start at 12 layers × 832 (`params_m` 99.7 M).
//!
//! * Prediction 2, "On the Orin at a fixed 100 M parameters, which is faster?" Options
//!   (a, "deeper", `deeper`), (b, "wider: fewer sequential layers", `wider`), (c, "the same:
//!   equal FLOPs", `same`), (d, "only the batch size matters", `batch`). Keyed **b**, checked
//!   against `faster_shape`; `deep_over_wide` (9.2× on the edge: 40.37 ms against 4.37 ms) is the margin option c misses.
//! * Reflection, keyed **b**, "sequential depth limits parallelism on small accelerators": feedback
//!   quotes `dispatch_ms`, `memory_ms` and `parallel_util_pct`.
//!
//! **Chart**: sweep `depth` and plot `budget_latency_ms` (latency at 100 M parameters with
//! `budget_width`); `best_depth` marks the fastest shape.
//!
//! **Failure states**: `attn_oom` (danger: Act I activations exceed the selected device;
//! `seq_len` 8,192 on the cloud), `edge_infeasible` (warn: fits the H100 but not the Orin's
//! 16 GB; 4,096 tokens on the cloud), `weights_oom` (danger: FP16 weights exceed device memory;
//! edge, 100 layers × 4,096), `over_budget` (warn: above 150 M parameters), `under_budget`
//! (info: below 50 M). All off at the defaults.
//!
//! **Ledger** (ch6): `context` ← input `context`; `seq_len_chosen` ← input `seq_len`;
//! `act1_prediction`, `act1_correct`, `act1_reflection`, `act2_prediction`,
//! `act2_reflection` ← the student's answers; `quadratic_oom_triggered` ← `attn_oom`;
//! `depth_width_decision` ← inputs `depth` and `width`; `act2_result` ← `params_m`.

use crate::catalog::{
    CLOUD_DISPATCH_US, Device, EDGE_DISPATCH_US, GPT2_XL_HEADS, GPT2_XL_LAYERS, GPT2_XL_WIDTH,
    H100, KERNELS_PER_TRANSFORMER_BLOCK, ORIN_NX,
};
use crate::laws::IronLaw;
use crate::laws::dispatch::dispatch_utilization;
use crate::laws::transformer::{
    attention_score_bytes, ffn_activation_bytes, params_per_layer, tiled_attention_bytes,
    width_for_params,
};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Flops, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100, 80 GB)",
    },
    Choice {
        value: "edge",
        label: "Edge (Jetson Orin NX, 16 GB)",
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
        name: "seq_len",
        label: "Context length",
        kind: InputKind::Range {
            min: 512.0,
            max: 131_072.0,
            step: 512.0,
            default: 1024.0,
            unit: Unit::Tokens,
        },
    },
    InputDef {
        name: "heads",
        label: "Attention heads",
        kind: InputKind::Range {
            min: 1.0,
            max: 32.0,
            step: 1.0,
            default: 25.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "depth",
        label: "Layers",
        kind: InputKind::Range {
            min: MIN_DEPTH,
            max: 100.0,
            step: 2.0,
            default: 12.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "width",
        label: "Width (d_model)",
        kind: InputKind::Range {
            min: 64.0,
            max: 4096.0,
            step: 64.0,
            default: 832.0,
            unit: Unit::None,
        },
    },
];

/// Values of `bottleneck`: the binding term, with dispatch overhead as a third.
const BOTTLENECKS: &[Choice] = &[
    Choice {
        value: "dispatch",
        label: "dispatch",
    },
    Choice {
        value: "memory",
        label: "memory",
    },
    Choice {
        value: "compute",
        label: "compute",
    },
];

/// Values of `faster_shape`.
const SHAPES: &[Choice] = &[
    Choice {
        value: "same",
        label: "the same",
    },
    Choice {
        value: "wider",
        label: "wider",
    },
    Choice {
        value: "deeper",
        label: "deeper",
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Act I: attention memory.
    num("model_layers", "Layers", Unit::None),
    num("model_width", "Width (heads × 64)", Unit::None),
    num("attn_gb", "Attention scores, all layers", Unit::Gb),
    num("attn_layer_gb", "Attention scores, one layer", Unit::Gb),
    num("per_head_layer_mb", "One head of one layer", Unit::Mb),
    num("ffn_gb", "Feed-forward activations, all layers", Unit::Gb),
    num(
        "total_act_gb",
        "Attention + feed-forward activations",
        Unit::Gb,
    ),
    num("scale_vs_4k", "Attention memory vs 4K tokens", Unit::Ratio),
    num(
        "tiled_attn_gb",
        "Tiled attention (FlashAttention) state",
        Unit::Gb,
    ),
    num(
        "flash_total_gb",
        "Activations with tiled attention",
        Unit::Gb,
    ),
    num("cloud_mem_gb", "H100 memory", Unit::Gb),
    num("edge_mem_gb", "Orin NX memory", Unit::Gb),
    num("max_tokens_fit", "Longest context that fits", Unit::Tokens),
    num(
        "flash_max_tokens",
        "Longest context with tiled attention",
        Unit::Tokens,
    ),
    flag("attn_oom", "Attention activations exceed device memory"),
    flag("edge_infeasible", "Fits the H100 but not the Orin NX"),
    // Act II: depth vs width.
    text("act2_device", "Device"),
    num("params_m", "Parameters (millions)", Unit::None),
    num("weights_gb", "FP16 weights", Unit::Gb),
    num("device_mem_gb", "Device memory", Unit::Gb),
    num("memory_ms", "Weight streaming D/BW", Unit::Ms),
    num("compute_ms", "Compute O/R", Unit::Ms),
    num(
        "dispatch_ms",
        "Kernel launches (layers × kernels × dispatch)",
        Unit::Ms,
    ),
    num("latency_ms", "Latency per forward pass", Unit::Ms),
    choice("bottleneck", "Binding term", BOTTLENECKS),
    num(
        "parallel_util_pct",
        "Time the accelerator is busy",
        Unit::Percent,
    ),
    num(
        "budget_width",
        "Width for 100 M parameters at this depth",
        Unit::None,
    ),
    num("budget_latency_ms", "Latency at 100 M parameters", Unit::Ms),
    num("deep_latency_ms", "64 layers × 361 (100 M)", Unit::Ms),
    num("wide_latency_ms", "4 layers × 1,443 (100 M)", Unit::Ms),
    num("deep_over_wide", "Deep ÷ wide latency", Unit::Ratio),
    choice("faster_shape", "Faster at 100 M parameters", SHAPES),
    num(
        "best_depth",
        "Fastest depth at 100 M parameters",
        Unit::None,
    ),
    flag("weights_oom", "FP16 weights exceed device memory"),
    flag("over_budget", "Above the 150 M parameter budget"),
    flag("under_budget", "Below 50 M parameters"),
];

/// The shallowest stack the depth slider allows.
const MIN_DEPTH: f64 = 2.0;
/// Act I trains at batch 1 with FP16 activations.
const ACT_BYTES: f64 = 2.0;
/// The reference context of the Act I prediction.
const REF_SEQ: f64 = 4096.0;
/// Act II: the edge lead's parameter budget and the two candidate shapes.
const PARAM_BUDGET: f64 = 100e6;
const DEEP_LAYERS: f64 = 64.0;
const WIDE_LAYERS: f64 = 4.0;
/// Below this relative difference the two shapes count as equally fast.
const SAME_SHAPE: f64 = 0.01;

fn device(context: &str) -> (Device, Seconds) {
    if context == "edge" {
        (ORIN_NX, Seconds::us(EDGE_DISPATCH_US.value))
    } else {
        (H100, Seconds::us(CLOUD_DISPATCH_US.value))
    }
}

/// One forward pass of a `layers × width` stack at batch 1: stream every FP16 weight once, do
/// 2 FLOPs per parameter, and launch each layer's kernels in sequence.
fn forward(layers: f64, width: f64, dev: Device, dispatch: Seconds) -> IronLaw {
    let params = params_per_layer(width) * layers;
    let launches = layers * KERNELS_PER_TRANSFORMER_BLOCK.value;
    IronLaw::new(
        Bytes::new(params * 2.0),
        dev.mem_bw.value,
        Flops::new(2.0 * params),
        dev.peak.value,
        1.0,
        dispatch * launches,
    )
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let (dev, dispatch) = device(i.t("context"));

    // Act I: GPT-2 XL's activations at the chosen context and head count.
    let layers = GPT2_XL_LAYERS.value;
    let heads = i.n("heads").max(1.0);
    // GPT-2 XL's head dimension, 1,600 / 25 = 64, is kept as the head count changes.
    let width = heads * (GPT2_XL_WIDTH.value / GPT2_XL_HEADS.value);
    let n = i.n("seq_len");
    let attn = attention_score_bytes(n, heads, layers, 1.0, ACT_BYTES);
    let ffn = ffn_activation_bytes(n, width, layers, 1.0, ACT_BYTES);
    let tiled = tiled_attention_bytes(n, heads, layers, 1.0);
    let total = attn + ffn;
    let mem = dev.memory.value.as_bytes();
    // Largest N with a·N² + b·N ≤ M (a: score bytes per N², b: FFN bytes per token).
    let a = attention_score_bytes(1.0, heads, layers, 1.0, ACT_BYTES).as_bytes();
    let b = ffn_activation_bytes(1.0, width, layers, 1.0, ACT_BYTES).as_bytes();
    let max_fit = ((b * b + 4.0 * a * mem).sqrt() - b) / (2.0 * a);
    let flash_per_token = b + tiled_attention_bytes(1.0, heads, layers, 1.0).as_bytes();
    o.num("model_layers", layers)
        .num("model_width", width)
        .num("attn_gb", attn.as_gb())
        .num(
            "attn_layer_gb",
            attention_score_bytes(n, heads, 1.0, 1.0, ACT_BYTES).as_gb(),
        )
        .num(
            "per_head_layer_mb",
            attention_score_bytes(n, 1.0, 1.0, 1.0, ACT_BYTES).as_mb(),
        )
        .num("ffn_gb", ffn.as_gb())
        .num("total_act_gb", total.as_gb())
        .num(
            "scale_vs_4k",
            attn / attention_score_bytes(REF_SEQ, heads, layers, 1.0, ACT_BYTES),
        )
        .num("tiled_attn_gb", tiled.as_gb())
        .num("flash_total_gb", (tiled + ffn).as_gb())
        .num("cloud_mem_gb", H100.memory.value.as_gb())
        .num("edge_mem_gb", ORIN_NX.memory.value.as_gb())
        .num("max_tokens_fit", max_fit)
        .num("flash_max_tokens", mem / flash_per_token)
        .flag("attn_oom", total > dev.memory.value)
        .flag(
            "edge_infeasible",
            total <= dev.memory.value && total > ORIN_NX.memory.value,
        );

    // Act II: the student's shape on the selected device.
    let depth = i.n("depth");
    let w = i.n("width");
    let params = params_per_layer(w) * depth;
    let t = forward(depth, w, dev, dispatch);
    let work = t.memory + t.compute;
    let bottleneck = if t.overhead > work {
        "dispatch"
    } else {
        t.bound().name()
    };
    let weights = Bytes::new(params * 2.0);
    // The 100 M budget: the width each depth gets, and the latency of that shape.
    let budget_at = |l: f64| forward(l, width_for_params(PARAM_BUDGET, l), dev, dispatch).total();
    let deep = budget_at(DEEP_LAYERS);
    let wide = budget_at(WIDE_LAYERS);
    let rel = (deep / wide) - 1.0;
    let shape = if rel.abs() < SAME_SHAPE {
        "same"
    } else if rel > 0.0 {
        "wider"
    } else {
        "deeper"
    };
    o.text("act2_device", dev.name)
        .num("params_m", params / 1e6)
        .num("weights_gb", weights.as_gb())
        .num("device_mem_gb", dev.memory.value.as_gb())
        .num("memory_ms", t.memory.as_ms())
        .num("compute_ms", t.compute.as_ms())
        .num("dispatch_ms", t.overhead.as_ms())
        .num("latency_ms", t.total().as_ms())
        .text("bottleneck", bottleneck)
        .num(
            "parallel_util_pct",
            100.0 * dispatch_utilization(work, t.overhead),
        )
        .num("budget_width", width_for_params(PARAM_BUDGET, depth))
        .num("budget_latency_ms", budget_at(depth).as_ms())
        .num("deep_latency_ms", deep.as_ms())
        .num("wide_latency_ms", wide.as_ms())
        .num("deep_over_wide", deep / wide)
        .text("faster_shape", shape)
        // At a fixed budget the weights (memory and compute terms) do not change with depth;
        // only the launches do, and they grow with it: the shallowest stack is fastest.
        .num("best_depth", MIN_DEPTH)
        .flag("weights_oom", weights > dev.memory.value)
        .flag("over_budget", params > 150e6)
        .flag("under_budget", params < 50e6);
    o
}

/// The Lab 06 model.
pub const MODEL: Model = Model {
    id: "v1-06",
    title: "The Quadratic Wall",
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
    fn act1_doubling_the_context_quadruples_attention() {
        let o = eval(&[("seq_len", Value::Num(8192.0))]);
        // (8,192 / 4,096)² = 4: option b of (2, 4, 8, 1).
        assert!((o.n("scale_vs_4k") - 4.0).abs() < 1e-12);
        let opts = [2.0, 4.0, 8.0, 1.0];
        let best = (0..4)
            .min_by(|a, b| {
                (opts[*a] - o.n("scale_vs_4k"))
                    .abs()
                    .total_cmp(&(opts[*b] - o.n("scale_vs_4k")).abs())
            })
            .unwrap_or(0);
        assert_eq!(best, 1);
        // Option a (2×, linear thinking) and option c (8×, cubic) are each off by a factor 2.
        assert!((o.n("scale_vs_4k") / opts[0] - 2.0).abs() < 1e-12);
        assert!((opts[2] / o.n("scale_vs_4k") - 2.0).abs() < 1e-12);
        // The FFN term only doubles.
        let o4 = eval(&[("seq_len", Value::Num(4096.0))]);
        assert!((o.n("ffn_gb") / o4.n("ffn_gb") - 2.0).abs() < 1e-12);
    }

    #[test]
    fn act1_reveal_numbers() {
        let o = eval(&[("seq_len", Value::Num(4096.0))]);
        // One head of one layer: 4,096² × 2 B = 33.55 MB (32 MiB).
        assert!((o.n("per_head_layer_mb") - 33.554_432).abs() < 1e-9);
        // GPT-2 XL: × 25 heads × 48 layers = 40.27 GB.
        assert!((o.n("attn_gb") - 40.265_32).abs() < 1e-4);
        assert_eq!(o.n("model_width"), 1600.0);
        // FFN: 4,096 × 4 × 1,600 × 48 × 2 B = 2.52 GB; total 42.78 GB.
        assert!((o.n("ffn_gb") - 2.516_58).abs() < 1e-4);
        // It fits the H100 but not the Orin: the edge warning.
        assert_eq!(o.get("attn_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("edge_infeasible"), Some(Value::Bool(true)));
        // 2,400 N² + 614,400 N = 80e9 → N = (√(614,400² + 4 × 2,400 × 80e9) − 614,400) / 4,800
        // = (27,719,587 − 614,400) / 4,800 = 5,647 tokens (not ~20K).
        assert!((o.n("max_tokens_fit") - 5_646.9).abs() < 0.5);
    }

    #[test]
    fn act1_tiled_attention_reflection() {
        // 100,352 tokens: scores 100,352² × 2,400 B = 24.2 TB without tiling; with it,
        // FFN 61.66 GB + 100,352 × 25 × 48 × 4 B = 0.48 GB, 62.14 GB in all.
        let o = eval(&[("seq_len", Value::Num(100_352.0))]);
        assert!((o.n("attn_gb") - 24_169.26).abs() < 0.01);
        assert!((o.n("flash_total_gb") - 62.138).abs() < 1e-3);
        assert!(o.n("flash_total_gb") < o.n("cloud_mem_gb"));
        // 80e9 / (614,400 + 25 × 48 × 4) = 80e9 / 619,200 = 129,199 tokens.
        assert!((o.n("flash_max_tokens") - 129_198.97).abs() < 0.01);
    }

    #[test]
    fn failure_attention_oom_fires_and_clears() {
        let o = eval(&[]);
        // Defaults: 1,024 tokens, 2.52 + 0.63 = 3.15 GB.
        assert!((o.n("total_act_gb") - 3.145_73).abs() < 1e-4);
        assert_eq!(o.get("attn_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("edge_infeasible"), Some(Value::Bool(false)));
        let big = eval(&[("seq_len", Value::Num(8192.0))]);
        assert_eq!(big.get("attn_oom"), Some(Value::Bool(true)));
        // On the Orin, 4,096 tokens is already over 16 GB: 2,400 N² + 614,400 N = 16e9 at
        // N = 2,457.
        let edge = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(4096.0)),
        ]);
        assert_eq!(edge.get("attn_oom"), Some(Value::Bool(true)));
        assert!((edge.n("max_tokens_fit") - 2_457.16).abs() < 0.01);
        // Fewer heads pull it back: 8 heads at 4,096 tokens = 12.9 + 0.8 GB < 16 GB.
        let few = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(4096.0)),
            ("heads", Value::Num(8.0)),
        ]);
        assert_eq!(few.get("attn_oom"), Some(Value::Bool(false)));
    }

    #[test]
    fn attention_memory_grows_with_context() {
        let mut prev = 0.0;
        for k in 1..=256 {
            let o = eval(&[("seq_len", Value::Num(512.0 * k as f64))]);
            assert!(o.n("attn_gb") > prev);
            prev = o.n("attn_gb");
        }
    }

    #[test]
    fn act2_wider_is_faster_on_the_edge() {
        let o = eval(&[("context", Value::Text("edge"))]);
        // Both shapes stream 200 MB of FP16 weights: 200e6 B / 102.4 GB/s = 1.9531 ms, and do
        // 200 MFLOP at 15.04 TFLOPS (32 × 512 × 0.918 GHz) = 0.0133 ms.
        // Deep: 64 × 12 × 50 µs = 38.4 ms of launches → 1.9531 + 0.0133 + 38.4 = 40.366 ms.
        // Wide: 4 × 12 × 50 µs = 2.4 ms → 4.366 ms. Ratio 40.366 / 4.366 = 9.245×.
        assert!((o.n("deep_latency_ms") - 40.366).abs() < 1e-3);
        assert!((o.n("wide_latency_ms") - 4.366).abs() < 1e-3);
        assert!((o.n("deep_over_wide") - 9.245).abs() < 1e-3);
        assert_eq!(o.get("faster_shape"), Some(Value::Text("wider")));
        assert_eq!(o.n("best_depth"), 2.0);
        // Defaults: 12 × 12 × 832² = 99.68 M params; launches 144 × 50 µs = 7.2 ms dominate
        // 199.36 MB / 102.4 GB/s = 1.9469 ms of weight streaming and 199.36 MFLOP / 15.04
        // TFLOPS = 0.0133 ms of arithmetic: the accelerator is busy 1.9601 / 9.1601 = 21.4 %
        // of the time.
        assert!((o.n("params_m") - 99.68).abs() < 0.01);
        assert_eq!(o.get("bottleneck"), Some(Value::Text("dispatch")));
        assert!((o.n("dispatch_ms") - 7.2).abs() < 1e-9);
        assert!((o.n("parallel_util_pct") - 21.40).abs() < 0.01);
        // The cloud agrees on the direction (10 µs launches): 200e6 B / 3,350 GB/s = 0.0597 ms,
        // 200 MFLOP / 989 TFLOPS = 0.0002 ms; deep 0.0599 + 7.68 = 7.740 ms, wide 0.0599 +
        // 0.48 = 0.540 ms, 14.34×.
        let c = eval(&[]);
        assert_eq!(c.get("faster_shape"), Some(Value::Text("wider")));
        assert!((c.n("deep_over_wide") - 14.336).abs() < 1e-3);
    }

    #[test]
    fn latency_never_falls_with_depth_at_fixed_budget() {
        for ctx in ["cloud", "edge"] {
            let mut prev = 0.0;
            for k in 1..=50 {
                let o = eval(&[
                    ("context", Value::Text(ctx)),
                    ("depth", Value::Num(2.0 * k as f64)),
                ]);
                assert!(o.n("budget_latency_ms") >= prev);
                prev = o.n("budget_latency_ms");
            }
        }
    }

    #[test]
    fn failure_weights_oom_and_budget_flags() {
        let o = eval(&[]);
        assert_eq!(o.get("weights_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
        assert_eq!(o.get("under_budget"), Some(Value::Bool(false)));
        // Edge, 100 × 4,096: 12 × 100 × 4,096² = 20.1 B params = 40.3 GB FP16 > 16 GB.
        let big = eval(&[
            ("context", Value::Text("edge")),
            ("depth", Value::Num(100.0)),
            ("width", Value::Num(4096.0)),
        ]);
        assert!((big.n("weights_gb") - 40.265).abs() < 1e-3);
        assert_eq!(big.get("weights_oom"), Some(Value::Bool(true)));
        assert_eq!(big.get("over_budget"), Some(Value::Bool(true)));
        // The H100 holds it.
        let cloud = eval(&[("depth", Value::Num(100.0)), ("width", Value::Num(4096.0))]);
        assert_eq!(cloud.get("weights_oom"), Some(Value::Bool(false)));
        // Back to the defaults on the edge clears it.
        let back = eval(&[("context", Value::Text("edge"))]);
        assert_eq!(back.get("weights_oom"), Some(Value::Bool(false)));
        // 12 × 12 × 512² = 37.7 M: under budget.
        let small = eval(&[("width", Value::Num(512.0))]);
        assert_eq!(small.get("under_budget"), Some(Value::Bool(true)));
    }
}
