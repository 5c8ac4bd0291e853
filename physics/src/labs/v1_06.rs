//! Vol 1 Lab 06, "The Quadratic Wall": attention memory grows with the square of the context
//! (Act I), and at a fixed parameter budget every extra layer adds sequential kernel launches
//! that a small accelerator cannot hide (Act II, depth vs width).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud`, an H100 (80 GB, 10 µs dispatch per kernel), and `edge`,
//! a Jetson Orin NX (16 GB, 50 µs dispatch). Act I's chart plots `act1_mem_gb` (the selected
//! context's job, `act1_job`) against both memory lines (`cloud_mem_gb`, `edge_mem_gb`); the
//! banner uses the selected context.
//!
//! **Act I scenario** (defaults): GPT-2 XL (48 layers, 25 heads of dimension 64, d_model =
//! heads × 64 = 1,600; 12 × 48 × 1,600² = 1.47 B block parameters, `model_params_b`) with
//! standard attention. The cloud *trains* it at batch 1 (`act1_job` = `training`): weights,
//! gradients and mixed-precision Adam state, 16 B per parameter (`state_gb`, 23.6 GB,
//! `laws::memory::training_memory`), plus every layer's activations for the backward pass
//! (Korthikanti et al. 2022, `laws::transformer::layer_activation_bytes`: 34·N·h bytes linear
//! in N, `linear_act_gb`, and 5·a·N² for scores, softmax and dropout, `attn_gb`); total
//! `train_gb`. The edge *serves* it (`act1_job` = `serving`), since the training state alone
//! exceeds the Orin's 16 GB at any context: FP16 weights (`serve_weights_gb`, 2.95 GB), the KV
//! cache (`kv_cache_gb`) and one layer's forward pass at a time (its N×N scores and FFN
//! hidden activations); total `serve_gb`. Default context 1,024 tokens (GPT-2's own);
//! marketing wants 100K.
//!
//! * Prediction 1, "Going from 4K to 8K tokens multiplies attention memory by?" Options
//!   (a, "2×", 2), (b, "4×", 4), (c, "8×", 8), (d, "unchanged", 1). Keyed **b**, checked against
//!   `scale_vs_4k` at `seq_len` = 8,192 (4.0).
//! * Reveal numbers (cloud, 4,096 tokens): one FP16 N×N score matrix `per_head_layer_mb`
//!   (33.6 MB = 32 MiB); the attention N² activations `attn_gb` 100.7 GB against 10.7 GB
//!   linear in N and 23.6 GB of state, `train_gb` 135.0 GB; the H100 trains at most
//!   `max_tokens_fit` ≈ 2,856 tokens, not the ~20K the original claimed. On the edge, the
//!   Orin serves up to `max_tokens_fit` ≈ 13,270 tokens.
//! * Reflection, keyed **b**, "FlashAttention tiles the computation and never stores the N×N matrix
//!   (same FLOPs, exact result)": feedback quotes `tiled_attn_gb` against `attn_gb`, and
//!   `flash_max_tokens` (≈21.6K on the H100: tiling alone still does not train 100K tokens on
//!   one H100, `flash_total_gb` 286 GB at 100,352; ≈40.8K served on the Orin).
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
//! **Failure states**: `attn_oom` (danger: the selected job exceeds the selected device;
//! cloud training at `seq_len` 3,072, edge serving at 13,312), `edge_infeasible` (warn, cloud
//! context only: the Orin NX could not serve this context, `serve_gb` > 16 GB; 16,384 tokens),
//! `weights_oom` (danger: FP16 weights exceed device memory; edge, 100 layers × 4,096),
//! `over_budget` (warn: above 150 M parameters), `under_budget` (info: below 50 M). All off at
//! the defaults.
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
use crate::laws::memory::{Optimizer, kv_cache, training_memory};
use crate::laws::transformer::{
    attention_score_bytes, ffn_activation_bytes, layer_activation_bytes, params_per_layer,
    tiled_attention_bytes, width_for_params,
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
    // Act I: attention memory. Training GPT-2 XL (the cloud's job).
    num("model_layers", "Layers", Unit::None),
    num("model_width", "Width (heads × 64)", Unit::None),
    num("model_params_b", "Parameters (12 × layers × width²)", Unit::BParams),
    num(
        "state_gb",
        "Weights, gradients and Adam state (16 B per parameter)",
        Unit::Gb,
    ),
    num(
        "attn_gb",
        "Attention N² activations, all layers (scores, softmax, dropout)",
        Unit::Gb,
    ),
    num("attn_layer_gb", "Attention N² activations, one layer", Unit::Gb),
    num(
        "per_head_layer_mb",
        "One FP16 N×N score matrix (one head, one layer)",
        Unit::Mb,
    ),
    num(
        "linear_act_gb",
        "Activations linear in N (34·N·width per layer)",
        Unit::Gb,
    ),
    num("total_act_gb", "Activations, all layers", Unit::Gb),
    num("train_gb", "Training memory", Unit::Gb),
    num("scale_vs_4k", "Attention memory vs 4K tokens", Unit::Ratio),
    num(
        "tiled_attn_gb",
        "Tiled attention (FlashAttention) state",
        Unit::Gb,
    ),
    num(
        "flash_total_gb",
        "Training memory with tiled attention",
        Unit::Gb,
    ),
    // Serving GPT-2 XL (the edge's job).
    num("serve_weights_gb", "FP16 weights", Unit::Gb),
    num("kv_cache_gb", "KV cache", Unit::Gb),
    num(
        "serve_gb",
        "Serving memory (weights, KV cache, one layer's forward pass)",
        Unit::Gb,
    ),
    // The selected context's job.
    text("act1_job", "Job on the selected device"),
    num("act1_mem_gb", "Memory of the selected job", Unit::Gb),
    num("cloud_mem_gb", "H100 memory", Unit::Gb),
    num("edge_mem_gb", "Orin NX memory", Unit::Gb),
    num("max_tokens_fit", "Longest context that fits", Unit::Tokens),
    num(
        "flash_max_tokens",
        "Longest context with tiled attention",
        Unit::Tokens,
    ),
    flag("attn_oom", "The selected job exceeds device memory"),
    flag("edge_infeasible", "The Orin NX could not serve this context"),
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

/// The longest context `N` whose memory `f(N) = c + b·N + a·N²` stays within `mem`: `c`, `b`
/// and `a` are read off `f` at 0, 4K and 8K tokens, then `a·N² + b·N = mem − c` is solved.
/// Zero when the constant part alone exceeds `mem`.
fn longest_fit(f: impl Fn(f64) -> Bytes, mem: Bytes) -> f64 {
    let k = REF_SEQ;
    let c = f(0.0).as_bytes();
    let f1 = f(k).as_bytes() - c;
    let f2 = f(2.0 * k).as_bytes() - c;
    let a = (f2 - 2.0 * f1) / (2.0 * k * k);
    let b = f1 / k - a * k;
    let room = mem.as_bytes() - c;
    if room <= 0.0 {
        0.0
    } else if a <= 0.0 {
        room / b
    } else {
        ((b * b + 4.0 * a * room).sqrt() - b) / (2.0 * a)
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let (dev, dispatch) = device(i.t("context"));

    // Act I: GPT-2 XL at the chosen context and head count. GPT-2 XL's head dimension,
    // 1,600 / 25 = 64, is kept as the head count changes, so width = heads × 64.
    let layers = GPT2_XL_LAYERS.value;
    let heads = i.n("heads").max(1.0);
    let head_dim = GPT2_XL_WIDTH.value / GPT2_XL_HEADS.value;
    let width = heads * head_dim;
    let params = params_per_layer(width) * layers;
    let n = i.n("seq_len");
    let edge = i.t("context") == "edge";

    // Training (the cloud's job): weights, gradients and mixed-precision Adam state (16 B per
    // parameter) plus every layer's activations for the backward pass (Korthikanti et al.
    // 2022: 34·s·h + 5·a·s² bytes per layer). With no heads the law's N² term vanishes, which
    // splits it into the part linear in N and the attention part (scores, softmax, dropout).
    let act_at = |s: f64| layer_activation_bytes(s, 1.0, width, heads, ACT_BYTES) * layers;
    let linear_at = |s: f64| layer_activation_bytes(s, 1.0, width, 0.0, ACT_BYTES) * layers;
    let quad_at = |s: f64| act_at(s) - linear_at(s);
    let train_at =
        |s: f64| training_memory(params, ACT_BYTES, Optimizer::AdamMixed, act_at(s));
    // Tiled (FlashAttention-style) attention drops the N² term and keeps one FP32
    // log-sum-exp per row and head.
    let train_tiled_at = |s: f64| {
        training_memory(
            params,
            ACT_BYTES,
            Optimizer::AdamMixed,
            linear_at(s) + tiled_attention_bytes(s, heads, layers, 1.0),
        )
    };
    // Serving (the edge's job): FP16 weights, the KV cache of every layer, and the forward
    // pass's transient activations, one layer at a time (no backward pass keeps them).
    let serve_at = |s: f64, tiled: bool| {
        let scores = if tiled {
            tiled_attention_bytes(s, heads, 1.0, 1.0)
        } else {
            attention_score_bytes(s, heads, 1.0, 1.0, ACT_BYTES)
        };
        Bytes::new(params * ACT_BYTES)
            + kv_cache(layers, heads, head_dim, s, 1.0, ACT_BYTES)
            + scores
            + ffn_activation_bytes(s, width, 1.0, 1.0, ACT_BYTES)
    };
    let train = train_at(n);
    let serve = serve_at(n, false);
    let attn = quad_at(n);
    let linear = linear_at(n);
    let tiled = tiled_attention_bytes(n, heads, layers, 1.0);
    let mem = dev.memory.value;
    // The selected context's job: training on the H100, serving on the Orin NX (GPT-2 XL's
    // training state alone, 23.6 GB, exceeds the Orin's 16 GB at any context).
    let job_at = |s: f64, tiled: bool| match (edge, tiled) {
        (true, t) => serve_at(s, t),
        (false, false) => train_at(s).total(),
        (false, true) => train_tiled_at(s).total(),
    };
    let job = job_at(n, false);
    o.num("model_layers", layers)
        .num("model_width", width)
        .num("model_params_b", params / 1e9)
        .num("state_gb", train.static_state().as_gb())
        .num("attn_gb", attn.as_gb())
        .num("attn_layer_gb", (attn * (1.0 / layers)).as_gb())
        .num(
            "per_head_layer_mb",
            attention_score_bytes(n, 1.0, 1.0, 1.0, ACT_BYTES).as_mb(),
        )
        .num("linear_act_gb", linear.as_gb())
        .num("total_act_gb", train.activations.as_gb())
        .num("train_gb", train.total().as_gb())
        .num("scale_vs_4k", attn / quad_at(REF_SEQ))
        .num("tiled_attn_gb", tiled.as_gb())
        .num("flash_total_gb", train_tiled_at(n).total().as_gb())
        .num("serve_weights_gb", Bytes::new(params * ACT_BYTES).as_gb())
        .num(
            "kv_cache_gb",
            kv_cache(layers, heads, head_dim, n, 1.0, ACT_BYTES).as_gb(),
        )
        .num("serve_gb", serve.as_gb())
        .text("act1_job", if edge { "serving" } else { "training" })
        .num("act1_mem_gb", job.as_gb())
        .num("cloud_mem_gb", H100.memory.value.as_gb())
        .num("edge_mem_gb", ORIN_NX.memory.value.as_gb())
        .num("max_tokens_fit", longest_fit(|s| job_at(s, false), mem))
        .num("flash_max_tokens", longest_fit(|s| job_at(s, true), mem))
        .flag("attn_oom", job > mem)
        .flag("edge_infeasible", !edge && serve > ORIN_NX.memory.value);

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
        // The linear term only doubles.
        let o4 = eval(&[("seq_len", Value::Num(4096.0))]);
        assert!((o.n("linear_act_gb") / o4.n("linear_act_gb") - 2.0).abs() < 1e-12);
    }

    #[test]
    fn act1_reveal_numbers() {
        let o = eval(&[("seq_len", Value::Num(4096.0))]);
        // GPT-2 XL blocks: 12 × 48 × 1,600² = 1.47456e9 params; × (2 + 2 + 12) B = 23.593 GB.
        assert_eq!(o.n("model_width"), 1600.0);
        assert!((o.n("model_params_b") - 1.474_56).abs() < 1e-9);
        assert!((o.n("state_gb") - 23.592_96).abs() < 1e-6);
        // One FP16 score matrix: 4,096² × 2 B = 33.55 MB (32 MiB).
        assert!((o.n("per_head_layer_mb") - 33.554_432).abs() < 1e-9);
        // Korthikanti's N² term: 5 × 25 × 4,096² B = 2.097 GB per layer, × 48 = 100.66 GB.
        assert!((o.n("attn_layer_gb") - 2.097_152).abs() < 1e-6);
        assert!((o.n("attn_gb") - 100.663_296).abs() < 1e-6);
        // Linear term: 34 × 4,096 × 1,600 × 48 B = 10.695 GB; activations 111.36 GB;
        // training 23.593 + 111.359 = 134.95 GB > 80 GB.
        assert!((o.n("linear_act_gb") - 10.695_475).abs() < 1e-6);
        assert!((o.n("total_act_gb") - 111.358_771).abs() < 1e-6);
        assert!((o.n("train_gb") - 134.951_731).abs() < 1e-6);
        assert_eq!(o.get("act1_job"), Some(Value::Text("training")));
        assert!((o.n("act1_mem_gb") - 134.951_731).abs() < 1e-6);
        assert_eq!(o.get("attn_oom"), Some(Value::Bool(true)));
        // The H100 limit: 6,000 N² + 2,611,200 N = 80e9 − 23.593e9 = 56.407e9 →
        // N = (√(2,611,200² + 4 × 6,000 × 56.407e9) − 2,611,200) / 12,000
        // = (36,886,140 − 2,611,200) / 12,000 = 2,856.2 tokens (not ~20K, nor 5,647).
        assert!((o.n("max_tokens_fit") - 2_856.245).abs() < 0.01);
        // The Orin could serve it: 2.949 GB weights + 2 × 48 × 25 × 64 × 4,096 × 2 B = 1.258 GB
        // of KV cache + 25 × 4,096² × 2 B = 0.839 GB of scores + 4,096 × 6,400 × 2 B = 0.052 GB
        // = 5.099 GB ≤ 16 GB.
        assert!((o.n("serve_weights_gb") - 2.949_12).abs() < 1e-6);
        assert!((o.n("kv_cache_gb") - 1.258_291).abs() < 1e-6);
        assert!((o.n("serve_gb") - 5.098_701).abs() < 1e-6);
        assert_eq!(o.get("edge_infeasible"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_tiled_attention_reflection() {
        // Tiled attention keeps 48 × 25 × 4 B = 4,800 B per token instead of the N² term:
        // 56.407e9 / (2,611,200 + 4,800) = 21,562 tokens on the H100 (not 129K): far more
        // than 2,856, still short of marketing's 100K.
        let o = eval(&[("seq_len", Value::Num(4096.0))]);
        assert!((o.n("tiled_attn_gb") - 0.019_661).abs() < 1e-6);
        assert!((o.n("flash_max_tokens") - 21_562.32).abs() < 0.01);
        // At 4,096 tokens: 23.593 + 10.695 + 0.020 = 34.308 GB.
        assert!((o.n("flash_total_gb") - 34.308_096).abs() < 1e-6);
        // 100,352 tokens: 23.593 + 34 × 100,352 × 1,600 × 48 B (262.04 GB) + 0.48 GB
        // = 286.11 GB: tiling alone does not train 100K on one H100.
        let big = eval(&[("seq_len", Value::Num(100_352.0))]);
        assert!((big.n("attn_gb") - 60_423.143).abs() < 1e-3);
        assert!((big.n("flash_total_gb") - 286.114).abs() < 1e-3);
        assert!(big.n("flash_total_gb") > big.n("cloud_mem_gb"));
    }

    #[test]
    fn act1_edge_serves_instead_of_training() {
        // Training GPT-2 XL never fits the Orin: the state alone is 23.59 GB > 16 GB. The edge
        // context serves it: 16e9 − 2.949e9 = 13.051e9 = 50 N² + (307,200 + 12,800) N →
        // N = (√(320,000² + 200 × 13.051e9) − 320,000) / 100 = 13,269.9 tokens.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!(o.n("state_gb") > o.n("edge_mem_gb"));
        assert_eq!(o.get("act1_job"), Some(Value::Text("serving")));
        assert!((o.n("max_tokens_fit") - 13_269.9).abs() < 0.1);
        // Tiled: 13.051e9 / (320,000 + 25 × 4) = 40,771 tokens.
        assert!((o.n("flash_max_tokens") - 40_771.26).abs() < 0.01);
        // Defaults (1,024): 2.949 + 0.315 + 0.052 + 0.013 = 3.329 GB.
        assert!((o.n("act1_mem_gb") - 3.329_229).abs() < 1e-6);
        assert_eq!(o.get("attn_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("edge_infeasible"), Some(Value::Bool(false)));
    }

    #[test]
    fn failure_attention_oom_fires_and_clears() {
        let o = eval(&[]);
        // Defaults: 1,024 tokens, 23.593 + 48 × (34 × 1,024 × 1,600 + 5 × 25 × 1,024²) B
        // = 23.593 + 2.674 + 6.291 = 32.558 GB ≤ 80 GB.
        assert!((o.n("train_gb") - 32.558_285).abs() < 1e-6);
        assert_eq!(o.get("attn_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("edge_infeasible"), Some(Value::Bool(false)));
        // 2,560 fits, 3,072 does not (the limit is 2,856).
        let fits = eval(&[("seq_len", Value::Num(2560.0))]);
        assert_eq!(fits.get("attn_oom"), Some(Value::Bool(false)));
        let big = eval(&[("seq_len", Value::Num(3072.0))]);
        assert_eq!(big.get("attn_oom"), Some(Value::Bool(true)));
        // Serving on the Orin: 12,800 fits, 13,312 does not (limit 13,270). At 16,384 tokens:
        // 2.949 + 5.033 KV + 13.422 scores + 0.210 = 21.614 GB > 16 GB.
        let edge = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(16_384.0)),
        ]);
        assert!((edge.n("serve_gb") - 21.613_773).abs() < 1e-6);
        assert_eq!(edge.get("attn_oom"), Some(Value::Bool(true)));
        let edge_ok = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(12_800.0)),
        ]);
        assert_eq!(edge_ok.get("attn_oom"), Some(Value::Bool(false)));
        let edge_over = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(13_312.0)),
        ]);
        assert_eq!(edge_over.get("attn_oom"), Some(Value::Bool(true)));
        // In the cloud context the same length warns that the Orin could not serve it.
        let warn = eval(&[("seq_len", Value::Num(16_384.0))]);
        assert_eq!(warn.get("edge_infeasible"), Some(Value::Bool(true)));
        // Fewer heads pull it back: 8 heads (width 512, 12 × 48 × 512² = 151.0 M params) at
        // 16,384 tokens serve in 0.302 + 1.611 KV + 4.295 scores + 0.067 = 6.27 GB.
        let few = eval(&[
            ("context", Value::Text("edge")),
            ("seq_len", Value::Num(16_384.0)),
            ("heads", Value::Num(8.0)),
        ]);
        assert_eq!(few.get("attn_oom"), Some(Value::Bool(false)));
        assert!((few.n("serve_gb") - 6.274_679).abs() < 1e-6);
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
