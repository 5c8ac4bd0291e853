//! Vol 1 Lab 08, "The Training Memory Budget": weights, gradients, optimizer state and
//! activations decide whether a training job fits before it ever runs (Act I), and gradient
//! accumulation and activation checkpointing trade a little speed for a lot of memory (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, both acts): `cloud`, one H100 with 80 GB, and `mobile`, an 8 GB
//! device fine-tuning on-device (the phone NPU's memory).
//!
//! **Act I scenario** (defaults): a junior engineer trains a 7 B model in FP32 with Adam at
//! micro-batch 8 on one H100. The default design is broken on purpose: `static_oom` is on
//! (112 GB of weights, gradients and optimizer state before a single activation).
//!
//! * Prediction 1, "Weights + gradients + optimizer state for 7 B parameters in FP32 with
//!   Adam?" Options (a, "7 GB", 7), (b, "28 GB", 28), (c, "56 GB", 56), (d, "112 GB", 112).
//!   Keyed **d**, checked against `static_gb` (28 + 28 + 56 = 112). Option b is the weights
//!   alone (`weights_gb`), c counts weights and gradients but forgets the optimizer.
//! * Reflection, keyed **b**, "BF16 halves the weights and gradients, but mixed precision keeps an
//!   FP32 master copy and FP32 Adam moments, so the static floor stays 16 B per parameter;
//!   only the activations halve": feedback quotes `static_bytes_per_param`, `master_gb`,
//!   `optimizer_gb` and `act_gb` with `precision` = `bf16`.
//! * Design target "make the 7 B job fit the H100": SGD in BF16 (8 B/param = 56 GB) at
//!   micro-batch 2 (`fits`, 77.0 GB), or with checkpointing at micro-batch 8.
//!
//! **Act II scenario**: `params_b` = `1.3`, `precision` = `bf16`, `micro_batch` = 8,
//! `accum_steps` = 32 (effective batch 256). Micro-batch 8 fits (48.1 GB), 256 at once needs
//! `native_batch_gb` ≈ 896 GB; the largest micro-batch that fits is `max_micro_batch` (17).
//!
//! * Prediction 2, "8 × 32 accumulated steps against a native batch of 256: throughput?"
//!   Options (a, "the same", `same`), (b, "32× slower", `much_slower`), (c, "slightly slower:
//!   per-step bookkeeping", `slightly_slower`), (d, "faster", `faster`). Keyed **c**, checked
//!   against `accum_vs_native`; the number is `accum_throughput` (0.972, 2.8 % slower).
//! * Reflection, keyed **b**, "checkpointing recomputes activations in the backward pass, trading
//!   compute for memory": feedback quotes `act_saved_pct`, `ckpt_segments` (√L) and
//!   `recompute_pct` (33 %).
//!
//! **Failure states**: `static_oom` (danger: weights, gradients and optimizer state alone
//! exceed memory; no batch size fixes it; on at the Act I defaults by design), `act_oom`
//! (danger: the static state fits but activations push it over; Act II at micro-batch 32).
//! `oom` is either. Both clear when the control moves back.
//!
//! **Ledger** (ch8): `context` ← input `context`; `model_size_params` ← input `params_b`;
//! `precision_chosen` ← input `precision`; `optimizer_chosen` ← input `optimizer`;
//! `oom_triggered`, `constraint_hit` ← `oom` (an actual out-of-memory, not a wrong
//! prediction); `grad_accum_steps` ← input `accum_steps`; `checkpointing_used` ← input
//! `checkpointing`; `act1_prediction`, `act1_correct`, `act2_prediction`, `act2_correct` ←
//! the student's answers (d, c).

use crate::catalog::{
    ACCUMULATION_OVERHEAD, H100, LLAMA2_7B_HEAD_DIM, LLAMA2_7B_HEADS, LLAMA2_7B_LAYERS, PHONE_NPU,
};
use crate::laws::memory::{Optimizer, training_memory};
use crate::laws::training::{
    RECOMPUTE_FACTOR, accumulation_throughput, checkpointed_activations, fp32_master_copy,
};
use crate::laws::transformer::{layer_activation_bytes, layer_input_bytes, shape_for_params};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::Bytes;

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100, 80 GB)",
    },
    Choice {
        value: "mobile",
        label: "On-device fine-tuning (8 GB)",
    },
];

const SIZES: &[Choice] = &[
    Choice {
        value: "0.125",
        label: "125 M",
    },
    Choice {
        value: "0.35",
        label: "350 M",
    },
    Choice {
        value: "1.3",
        label: "1.3 B",
    },
    Choice {
        value: "7",
        label: "7 B",
    },
    Choice {
        value: "13",
        label: "13 B",
    },
    Choice {
        value: "70",
        label: "70 B",
    },
];

const PRECISIONS: &[Choice] = &[
    Choice {
        value: "fp32",
        label: "FP32 (4 B)",
    },
    Choice {
        value: "bf16",
        label: "BF16 mixed precision (2 B)",
    },
    Choice {
        value: "fp16",
        label: "FP16 mixed precision (2 B)",
    },
];

const OPTIMIZERS: &[Choice] = &[
    Choice {
        value: "adam",
        label: "Adam (2 FP32 moments)",
    },
    Choice {
        value: "momentum",
        label: "SGD with momentum (1 FP32 buffer)",
    },
    Choice {
        value: "sgd",
        label: "Plain SGD (no state)",
    },
    Choice {
        value: "adafactor",
        label: "Adafactor (factored second moment)",
    },
];

const ACCUM: &[Choice] = &[
    Choice {
        value: "1",
        label: "1 (no accumulation)",
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
        name: "params_b",
        label: "Model size",
        kind: InputKind::Choice {
            options: SIZES,
            default: "7",
        },
    },
    InputDef {
        name: "precision",
        label: "Training precision",
        kind: InputKind::Choice {
            options: PRECISIONS,
            default: "fp32",
        },
    },
    InputDef {
        name: "optimizer",
        label: "Optimizer",
        kind: InputKind::Choice {
            options: OPTIMIZERS,
            default: "adam",
        },
    },
    InputDef {
        name: "micro_batch",
        label: "Micro-batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 512.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "accum_steps",
        label: "Gradient accumulation steps",
        kind: InputKind::Choice {
            options: ACCUM,
            default: "32",
        },
    },
    InputDef {
        name: "checkpointing",
        label: "Activation checkpointing",
        kind: InputKind::Toggle { default: false },
    },
];

/// Values of `accum_vs_native`.
const ACCUM_VERDICTS: &[Choice] = &[
    Choice {
        value: "faster",
        label: "faster",
    },
    Choice {
        value: "same",
        label: "the same",
    },
    Choice {
        value: "slightly_slower",
        label: "slightly slower",
    },
    Choice {
        value: "much_slower",
        label: "much slower",
    },
];

const OUTPUTS: &[OutputDef] = &[
    text("device", "Device"),
    num("ram_gb", "Device memory", Unit::Gb),
    num("model_layers", "Layers (Llama-style shape)", Unit::None),
    num("model_width", "Width (d_model)", Unit::None),
    num("weights_gb", "Weights", Unit::Gb),
    num("grads_gb", "Gradients", Unit::Gb),
    num("master_gb", "FP32 master copy", Unit::Gb),
    num(
        "optimizer_gb",
        "Optimizer state (incl. master copy)",
        Unit::Gb,
    ),
    num("static_gb", "Weights + gradients + optimizer", Unit::Gb),
    num(
        "static_bytes_per_param",
        "Static bytes per parameter",
        Unit::Bytes,
    ),
    num("act_per_sample_gb", "Activations per sample", Unit::Gb),
    num("act_gb", "Activations", Unit::Gb),
    num("total_gb", "Total training memory", Unit::Gb),
    // Negative when the job does not fit: the shortfall.
    num("headroom_gb", "Headroom (negative: shortfall)", Unit::Gb).signed(),
    num(
        "max_micro_batch",
        "Largest micro-batch that fits",
        Unit::Samples,
    ),
    flag("static_oom", "Static state alone exceeds memory"),
    flag("act_oom", "Activations push the job over memory"),
    flag("oom", "Out of memory"),
    flag("fits", "Fits in memory"),
    // Act II.
    num("effective_batch", "Effective batch", Unit::Samples),
    num(
        "native_batch_gb",
        "Memory for the effective batch at once",
        Unit::Gb,
    ),
    num(
        "accum_throughput",
        "Accumulation throughput vs native batch",
        Unit::Ratio,
    ),
    num(
        "relative_throughput",
        "Throughput vs native batch",
        Unit::Ratio,
    ),
    choice(
        "accum_vs_native",
        "Accumulation vs a native batch",
        ACCUM_VERDICTS,
    ),
    num(
        "act_saved_pct",
        "Activation memory freed by checkpointing",
        Unit::Percent,
    ),
    num("ckpt_segments", "Checkpointed segments (√L)", Unit::None),
    num(
        "recompute_pct",
        "Extra compute from recomputation",
        Unit::Percent,
    ),
];

/// Training sequence length.
const SEQ: f64 = 1024.0;

/// Layers and width of a model with `params` parameters, scaled with Llama 2 7B's aspect ratio
/// (d_model = 128 × layers), by the shared [`shape_for_params`].
fn shape(params: f64) -> (f64, f64) {
    let ratio = LLAMA2_7B_HEADS.value * LLAMA2_7B_HEAD_DIM.value / LLAMA2_7B_LAYERS.value;
    shape_for_params(params, ratio)
}

fn optimizer(key: &str) -> Optimizer {
    match key {
        "momentum" => Optimizer::Momentum,
        // Adafactor keeps only row and column statistics, O(rows + cols) per matrix: no
        // per-parameter state worth counting, like plain SGD.
        "sgd" | "adafactor" => Optimizer::Sgd,
        // Two FP32 moments; mixed precision adds its master copy separately below.
        _ => Optimizer::AdamFp32,
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let dev = if i.t("context") == "mobile" {
        PHONE_NPU
    } else {
        H100
    };
    let ram = dev.memory.value;
    let params = i.t("params_b").parse::<f64>().unwrap_or(7.0) * 1e9;
    let bpv = if i.t("precision") == "fp32" { 4.0 } else { 2.0 };
    let (layers, width) = shape(params);
    let heads = width / LLAMA2_7B_HEAD_DIM.value;

    // Activations per sample: every layer's tensors, or √L segments with checkpointing.
    let per_layer = layer_activation_bytes(SEQ, 1.0, width, heads, bpv);
    let full = per_layer * layers;
    let ckpt = checkpointed_activations(per_layer, layer_input_bytes(SEQ, 1.0, width, bpv), layers);
    let checkpointing = i.b("checkpointing");
    let per_sample = if checkpointing { ckpt } else { full };
    let micro = i.n("micro_batch");

    let master = fp32_master_copy(params, bpv);
    let base = training_memory(params, bpv, optimizer(i.t("optimizer")), per_sample * micro);
    let optimizer_state = base.optimizer + master;
    let static_mem = base.weights + base.gradients + optimizer_state;
    let total = static_mem + base.activations;
    let static_oom = static_mem > ram;
    let act_oom = !static_oom && total > ram;
    let max_micro = if static_oom {
        0.0
    } else {
        ((ram - static_mem) / per_sample).floor().max(0.0)
    };
    o.text("device", dev.name)
        .num("ram_gb", ram.as_gb())
        .num("model_layers", layers)
        .num("model_width", width)
        .num("weights_gb", base.weights.as_gb())
        .num("grads_gb", base.gradients.as_gb())
        .num("master_gb", master.as_gb())
        .num("optimizer_gb", optimizer_state.as_gb())
        .num("static_gb", static_mem.as_gb())
        .num("static_bytes_per_param", static_mem.as_bytes() / params)
        .num("act_per_sample_gb", per_sample.as_gb())
        .num("act_gb", base.activations.as_gb())
        .num("total_gb", total.as_gb())
        .num("headroom_gb", (ram - total).as_gb())
        .num("max_micro_batch", max_micro)
        .flag("static_oom", static_oom)
        .flag("act_oom", act_oom)
        .flag("oom", static_oom || act_oom)
        .flag("fits", total <= ram);

    // Act II: K micro-steps of B_µ make one optimizer step of K·B_µ.
    let k: f64 = i.t("accum_steps").parse().unwrap_or(1.0);
    let effective = micro * k;
    let accum = accumulation_throughput(k, ACCUMULATION_OVERHEAD.value);
    let relative = if checkpointing {
        accum / RECOMPUTE_FACTOR
    } else {
        accum
    };
    let verdict = if accum > 1.0 {
        "faster"
    } else if accum >= 0.99 {
        "same"
    } else if accum >= 0.8 {
        "slightly_slower"
    } else {
        "much_slower"
    };
    let native: Bytes = static_mem + per_sample * effective;
    o.num("effective_batch", effective)
        .num("native_batch_gb", native.as_gb())
        .num("accum_throughput", accum)
        .num("relative_throughput", relative)
        .text("accum_vs_native", verdict)
        .num("act_saved_pct", 100.0 * (1.0 - ckpt / full))
        .num("ckpt_segments", layers.sqrt())
        .num("recompute_pct", 100.0 * (RECOMPUTE_FACTOR - 1.0));
    o
}

/// The Lab 08 model.
pub const MODEL: Model = Model {
    id: "v1-08",
    title: "The Training Memory Budget",
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

    /// The Act II scenario, plus overrides.
    fn act2(extra: &[(&'static str, Value)]) -> Values {
        let mut p = vec![
            ("params_b", Value::Text("1.3")),
            ("precision", Value::Text("bf16")),
            ("micro_batch", Value::Num(8.0)),
            ("accum_steps", Value::Text("32")),
        ];
        p.extend_from_slice(extra);
        eval(&p)
    }

    fn closest_log(options: &[f64], x: f64) -> usize {
        crate::labs::option_check::closest_log(x, options)
    }

    #[test]
    fn act1_seven_billion_fp32_adam_needs_112_gb() {
        let o = eval(&[]);
        // 7e9 × (4 weights + 4 gradients + 8 Adam moments) = 28 + 28 + 56 = 112 GB.
        assert!((o.n("static_gb") - 112.0).abs() < 1e-9);
        assert!((o.n("weights_gb") - 28.0).abs() < 1e-9);
        assert!((o.n("optimizer_gb") - 56.0).abs() < 1e-9);
        assert_eq!(o.n("master_gb"), 0.0);
        let opts = [7.0, 28.0, 56.0, 112.0];
        assert_eq!(closest_log(&opts, o.n("static_gb")), 3);
        // Option c is exactly half, option b the weights alone.
        assert_eq!(o.n("static_gb") / opts[2], 2.0);
        assert_eq!(o.n("static_gb") / opts[1], 4.0);
        // The default design is broken on purpose: no batch size fixes 112 GB > 80 GB.
        assert_eq!(o.get("static_oom"), Some(Value::Bool(true)));
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
        let b1 = eval(&[("micro_batch", Value::Num(1.0))]);
        assert_eq!(b1.get("static_oom"), Some(Value::Bool(true)));
        assert_eq!(b1.n("max_micro_batch"), 0.0);
    }

    #[test]
    fn act1_bf16_keeps_sixteen_bytes_per_param() {
        let o = eval(&[("precision", Value::Text("bf16"))]);
        // 14 GB weights + 14 GB gradients + 28 GB master copy + 56 GB moments = 112 GB.
        assert!((o.n("weights_gb") - 14.0).abs() < 1e-9);
        assert!((o.n("master_gb") - 28.0).abs() < 1e-9);
        assert!((o.n("optimizer_gb") - 84.0).abs() < 1e-9);
        assert!((o.n("static_bytes_per_param") - 16.0).abs() < 1e-12);
        assert_eq!(o.get("static_oom"), Some(Value::Bool(true)));
        // Activations do halve.
        let f = eval(&[]);
        assert!((f.n("act_gb") / o.n("act_gb") - 2.0).abs() < 1e-12);
    }

    #[test]
    fn act1_shape_and_activations() {
        let o = eval(&[]);
        // L = (7e9 / (12 × 128²))^(1/3) = 35,603^(1/3) = 32.90, W = 128 L = 4,211 (Llama 2
        // 7B: 32 × 4,096).
        assert!((o.n("model_layers") - 32.898).abs() < 1e-3);
        assert!((o.n("model_width") - 4210.9).abs() < 0.1);
        // Per layer (FP32): 1,024 × 4,211 × (34 + 5 × 1,024 / 128) × 2 B = 1,024 × 4,211 × 74
        // × 2 = 638.2 MB; × 32.90 layers = 20.99 GB per sample.
        assert!((o.n("act_per_sample_gb") - 20.99).abs() < 0.01);
    }

    #[test]
    fn act1_design_target_seven_billion_fits() {
        // BF16 + SGD: 2 + 2 + 4 (master) = 8 B/param = 56 GB; + 2 × 10.49 GB = 77.0 GB.
        let o = eval(&[
            ("precision", Value::Text("bf16")),
            ("optimizer", Value::Text("sgd")),
            ("micro_batch", Value::Num(2.0)),
        ]);
        assert!((o.n("static_gb") - 56.0).abs() < 1e-9);
        assert!((o.n("total_gb") - 76.99).abs() < 0.01);
        assert_eq!(o.get("fits"), Some(Value::Bool(true)));
        // Micro-batch 8 adds 84 GB of activations: the activations push it over.
        let o8 = eval(&[
            ("precision", Value::Text("bf16")),
            ("optimizer", Value::Text("sgd")),
        ]);
        assert_eq!(o8.get("static_oom"), Some(Value::Bool(false)));
        assert_eq!(o8.get("act_oom"), Some(Value::Bool(true)));
        // Checkpointing brings micro-batch 8 back under 80 GB.
        let ck = eval(&[
            ("precision", Value::Text("bf16")),
            ("optimizer", Value::Text("sgd")),
            ("checkpointing", Value::Bool(true)),
        ]);
        assert_eq!(ck.get("fits"), Some(Value::Bool(true)));
        // Adafactor needs no per-parameter state either: the same 56 GB.
        let af = eval(&[
            ("precision", Value::Text("bf16")),
            ("optimizer", Value::Text("adafactor")),
        ]);
        assert!((af.n("static_gb") - 56.0).abs() < 1e-9);
    }

    #[test]
    fn act2_scenario_fits_micro_batch_eight() {
        let o = act2(&[]);
        // 1.3e9 × 16 B = 20.8 GB static. L = 18.77, W = 2,403: 1,024 × 2,403 × 74 × 1 B per
        // layer = 182.1 MB, × 18.77 = 3.4169 GB per sample; × 8 = 27.34 GB; total 48.135 GB.
        assert!((o.n("static_gb") - 20.8).abs() < 1e-9);
        assert!((o.n("act_per_sample_gb") - 3.418).abs() < 0.002);
        assert!((o.n("total_gb") - 48.135).abs() < 0.002);
        assert_eq!(o.get("fits"), Some(Value::Bool(true)));
        // (80 − 20.8) / 3.418 = 17.3 → 17.
        assert_eq!(o.n("max_micro_batch"), 17.0);
        // 8 × 32 = 256; all at once: 20.8 + 256 × 3.4169 = 895.5 GB.
        assert_eq!(o.n("effective_batch"), 256.0);
        assert!((o.n("native_batch_gb") - 895.5).abs() < 0.1);
    }

    #[test]
    fn act2_accumulation_is_slightly_slower() {
        let o = act2(&[]);
        // (32 + 0.03) / (32 × 1.03) = 0.97178: 2.8 % slower, not 1 / (1 + 32 × 0.03) = 0.51.
        assert!((o.n("accum_throughput") - 0.971_78).abs() < 1e-5);
        assert_eq!(
            o.get("accum_vs_native"),
            Some(Value::Text("slightly_slower"))
        );
        // Option b (32× slower, 0.031) is off by a factor of 31.
        assert!((o.n("accum_throughput") * 32.0 - 31.1).abs() < 0.1);
        // No accumulation is the native batch itself.
        let k1 = act2(&[("accum_steps", Value::Text("1"))]);
        assert_eq!(k1.get("accum_vs_native"), Some(Value::Text("same")));
        // More steps never cost more than 3 %.
        for k in ["1", "2", "4", "8", "16", "32", "64"] {
            let o = act2(&[("accum_steps", Value::Text(k))]);
            assert!(o.n("accum_throughput") > 1.0 / 1.03 - 1e-12);
        }
    }

    #[test]
    fn act2_checkpointing_trades_compute_for_memory() {
        let off = act2(&[]);
        let on = act2(&[("checkpointing", Value::Bool(true))]);
        // √18.77 = 4.33 segments: 4.33 × (182.1 + 4.9) MB = 0.81 GB per sample, 76 % freed.
        assert!((on.n("ckpt_segments") - 4.33).abs() < 0.01);
        assert!((on.n("act_per_sample_gb") - 0.810).abs() < 0.002);
        assert!((on.n("act_saved_pct") - 76.3).abs() < 0.1);
        assert!(on.n("act_gb") < off.n("act_gb"));
        // One extra forward: +33 % compute, throughput 0.9718 / 1.333 = 0.729.
        assert!((on.n("recompute_pct") - 33.333).abs() < 1e-3);
        assert!((on.n("relative_throughput") - 0.728_8).abs() < 1e-4);
    }

    #[test]
    fn failure_activation_oom_fires_and_clears() {
        // Micro-batch 32: 20.8 + 32 × 3.418 = 130.2 GB > 80 GB.
        let o = act2(&[("micro_batch", Value::Num(32.0))]);
        assert_eq!(o.get("act_oom"), Some(Value::Bool(true)));
        assert_eq!(o.get("static_oom"), Some(Value::Bool(false)));
        // Checkpointing fixes it: 20.8 + 32 × 0.81 = 46.7 GB.
        let ck = act2(&[
            ("micro_batch", Value::Num(32.0)),
            ("checkpointing", Value::Bool(true)),
        ]);
        assert_eq!(ck.get("oom"), Some(Value::Bool(false)));
        // Back to 8 clears it too.
        assert_eq!(act2(&[]).get("oom"), Some(Value::Bool(false)));
        // On the 8 GB device, 1.3 B does not even hold its static state (20.8 GB).
        let m = act2(&[("context", Value::Text("mobile"))]);
        assert_eq!(m.get("static_oom"), Some(Value::Bool(true)));
        // 125 M with checkpointing fits: 2 GB static + 8 × small activations.
        let small = act2(&[
            ("context", Value::Text("mobile")),
            ("params_b", Value::Text("0.125")),
            ("checkpointing", Value::Bool(true)),
        ]);
        assert_eq!(small.get("fits"), Some(Value::Bool(true)));
    }

    #[test]
    fn memory_grows_with_batch_and_size() {
        let mut prev = 0.0;
        for b in 1..=512 {
            let o = eval(&[("micro_batch", Value::Num(b as f64))]);
            assert!(o.n("total_gb") > prev);
            prev = o.n("total_gb");
        }
        let mut prev = 0.0;
        for s in ["0.125", "0.35", "1.3", "7", "13", "70"] {
            let o = eval(&[("params_b", Value::Text(s))]);
            assert!(o.n("static_gb") > prev);
            prev = o.n("static_gb");
        }
    }
}
