//! Vol 1 Lab 11, "The Roofline": a GEMM stuck far below peak is memory-bound, and more
//! arithmetic tuning cannot move it (Act I, the roofline of one square GEMM); in a transformer
//! block the big GEMMs cross the ridge only with many tokens, while LayerNorm and softmax never
//! do, so fusing them is what pays (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (H100 SXM5: 67 / 989 / 1,979 TFLOPS FP32 / FP16 / INT8
//! dense, 3.35 TB/s; FP16 ridge 295 FLOP/B) and `edge` (Jetson Orin NX GPU: 1.88 / 12 / 24
//! TFLOPS, 102.4 GB/s; FP16 ridge 117 FLOP/B). Act II runs Llama 3 8B in FP16 on the H100 and
//! in INT8 (W8A8) on the Orin NX.
//!
//! **Act I scenario**: defaults (square GEMM N = 256, FP16). The story quotes
//! `attainable_tflops` (286 of 989 TFLOPS on the H100) and `mfu_pct` (28.9 %).
//!
//! **Act I prediction** "After three weeks of arithmetic tuning the GEMM is stuck at 286 of
//! 989 TFLOPS. Why?", checked against the text output `diagnosis`:
//! - A `bug` "A bug in the kernel"
//! - B `compute_bound` "It is compute-bound; more tuning will pay" (its intensity is
//!   `ridge_ratio` = 3.5× below the ridge)
//! - **C `memory_bound` "It is memory-bound: its intensity is below the ridge" (keyed)**
//! - D `at_peak` "The GPU is at its hardware limit" (MFU is 29 %, not 100 %)
//!
//! **Act I reflection** (keyed B, "raise the intensity with larger tiles or batches"):
//! feedback quotes `n_at_ridge` (N ≈ 886 reaches the H100 ridge) and `ai_over_ridge`, which
//! is the same in FP16 and INT8 (lower precision halves the bytes and doubles the roof).
//!
//! **Act II scenario**: defaults (batch 8, 512 tokens, no fusion): 4,096 tokens per pass.
//!
//! **Act II prediction** "Which kernels limit this transformer block?", checked against the
//! text output `act2_pattern`:
//! - A `gemm_always` "The GEMM is always the bottleneck"
//! - **B `elementwise_memory_gemm_compute` "Softmax and LayerNorm are memory-bound; the GEMM
//!   is compute-bound at this batch" (keyed)**
//! - C `similar_intensity` "All three have similar intensity" (`gemm_over_ln_ai` ≈ 1,600×)
//! - D `ln_compute_bound` "LayerNorm is compute-bound" (its intensity 0.83 is 24× below the
//!   CUDA-core ridge)
//!
//! **Act II reflection** (keyed B, "fusion removes HBM round trips"): feedback quotes
//! `fusion_saving_pct`.
//!
//! **Failure state**: `oom` (danger: weights + KV cache + activations exceed device memory;
//! quotes `weights_gb`, `kv_gb`, `act_gb`, `capacity_gb`). Off at defaults.
//!
//! **Plots**: Act I draws `roof_ai`/`roof_tflops` (the roofline at the chosen precision,
//! 1–10⁴ FLOP/B) with the kernel at (`gemm_ai`, `attainable_tflops`) and the ridge at
//! (`ridge`, `peak_tflops`). Act II draws the tensor-core roof (`tc_roof_*`, where the GEMMs
//! run) and the CUDA-core roof (`vec_roof_*`, where LayerNorm and softmax run) from 0.1 FLOP/B,
//! with the three kernels at their (intensity, attainable) outputs.
//!
//! **Ledger** (ch11): `operation` = "gemm"; `arithmetic_intensity` ← `gemm_ai`;
//! `bound_type` ← `regime`; `act2_result` ← `layer_mfu_pct`; `act2_decision` ← input
//! `fusion`; `constraint_hit` ← `oom`; `mfu_percent` ← `mfu_pct`.

use crate::catalog::{
    H100, H100_FP32, H100_INT8_DENSE, LLAMA3_8B_PARAMS, LLAMA3_8B_SHAPE, ORIN_NX,
    ORIN_NX_FP16_DENSE, ORIN_NX_FP32, ORIN_NX_INT8_DENSE,
};
use crate::laws::intensity::{elementwise, gemm, square_gemm};
use crate::laws::memory::kv_cache;
use crate::laws::{Bound, ridge_point, roofline};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, series, text,
};
use crate::units::{Bandwidth, Bytes, FlopRate, Flops, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100)",
    },
    Choice {
        value: "edge",
        label: "Edge (Jetson Orin NX)",
    },
];

const PRECISIONS: &[Choice] = &[
    Choice {
        value: "fp32",
        label: "FP32",
    },
    Choice {
        value: "fp16",
        label: "FP16",
    },
    Choice {
        value: "int8",
        label: "INT8",
    },
];

const FUSIONS: &[Choice] = &[
    Choice {
        value: "none",
        label: "No fusion",
    },
    Choice {
        value: "softmax_ln",
        label: "Fuse softmax and LayerNorm",
    },
    Choice {
        value: "all",
        label: "Fuse all elementwise ops",
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
        name: "n",
        label: "GEMM size N (N × N × N)",
        kind: InputKind::Range {
            min: 128.0,
            max: 8192.0,
            step: 128.0,
            default: 256.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "precision",
        label: "Precision",
        kind: InputKind::Choice {
            options: PRECISIONS,
            default: "fp16",
        },
    },
    InputDef {
        name: "batch",
        label: "Batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 256.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "seq",
        label: "Sequence length",
        kind: InputKind::Range {
            min: 256.0,
            max: 4096.0,
            step: 256.0,
            default: 512.0,
            unit: Unit::Tokens,
        },
    },
    InputDef {
        name: "fusion",
        label: "Kernel fusion",
        kind: InputKind::Choice {
            options: FUSIONS,
            default: "none",
        },
    },
];

/// Values of the roofline regimes (`regime`, `gemm_regime`...): [`Bound::name`].
const REGIMES: &[Choice] = &[
    Choice {
        value: "memory",
        label: "memory-bound",
    },
    Choice {
        value: "compute",
        label: "compute-bound",
    },
];

/// Values of `diagnosis`.
const DIAGNOSES: &[Choice] = &[
    Choice {
        value: "memory_bound",
        label: "memory-bound",
    },
    Choice {
        value: "at_peak",
        label: "at peak",
    },
];

/// Values of `act2_pattern`.
const PATTERNS: &[Choice] = &[
    Choice {
        value: "elementwise_memory_gemm_compute",
        label: "softmax and LayerNorm memory-bound, the GEMM compute-bound",
    },
    Choice {
        value: "all_memory",
        label: "every kernel memory-bound",
    },
    Choice {
        value: "other",
        label: "another pattern",
    },
];

const OUTPUTS: &[OutputDef] = &[
    text("device", "Device"),
    num("peak_tflops", "Peak at this precision", Unit::Tflops),
    num("bw_gb_s", "Memory bandwidth", Unit::GbPerS),
    num("ridge", "Ridge point", Unit::FlopPerByte),
    num("gemm_ai", "GEMM arithmetic intensity", Unit::FlopPerByte),
    num("attainable_tflops", "Attainable throughput", Unit::Tflops),
    num("mfu_pct", "Model FLOPs utilisation", Unit::Percent),
    choice("regime", "Regime", REGIMES),
    choice("diagnosis", "Diagnosis", DIAGNOSES),
    num("ai_over_ridge", "Intensity ÷ ridge", Unit::Ratio),
    num("ridge_ratio", "Ridge ÷ intensity", Unit::Ratio),
    num("n_at_ridge", "N that reaches the ridge", Unit::None),
    num("tokens", "Tokens per pass", Unit::Tokens),
    num("gemm2_ai", "Projection GEMM intensity", Unit::FlopPerByte),
    num("ln_ai", "LayerNorm intensity", Unit::FlopPerByte),
    num("softmax_ai", "Softmax intensity", Unit::FlopPerByte),
    num("gemm_ridge", "Tensor-core ridge", Unit::FlopPerByte),
    num("vector_ridge", "CUDA-core ridge", Unit::FlopPerByte),
    choice("gemm_regime", "GEMM regime", REGIMES),
    choice("ln_regime", "LayerNorm regime", REGIMES),
    choice("softmax_regime", "Softmax regime", REGIMES),
    num("gemm_tflops", "GEMM attainable", Unit::Tflops),
    num("ln_tflops", "LayerNorm attainable", Unit::Tflops),
    num("softmax_tflops", "Softmax attainable", Unit::Tflops),
    num("gemm_over_ln_ai", "GEMM ÷ LayerNorm intensity", Unit::Ratio),
    choice("act2_pattern", "Which kernels are memory-bound", PATTERNS),
    num("layer_us", "Time per layer", Unit::Us),
    num(
        "elementwise_share_pct",
        "Share of layer time in LayerNorm and softmax",
        Unit::Percent,
    ),
    num(
        "fusion_saving_pct",
        "Layer time saved by fusion",
        Unit::Percent,
    ),
    num("layer_mfu_pct", "Layer MFU", Unit::Percent),
    num(
        "tokens_per_s",
        "Attention-block throughput (prefill)",
        Unit::TokensPerS,
    ),
    num("weights_gb", "Weights", Unit::Gb),
    num("kv_gb", "KV cache", Unit::Gb),
    num("act_gb", "Activations (one layer)", Unit::Gb),
    num("total_gb", "Memory needed", Unit::Gb),
    num("capacity_gb", "Device memory", Unit::Gb),
    num("mem_pct", "Share of device memory needed", Unit::Percent),
    flag("oom", "Out of memory"),
    // The rooflines the plots draw: (intensity, attainable) corners from the left edge of the
    // plot through the ridge to the right edge. On log-log axes the memory slope is a
    // straight line, so three corners draw the roof exactly.
    series("roof_ai", "Roofline intensity (Act I)", Unit::FlopPerByte),
    series("roof_tflops", "Roofline attainable (Act I)", Unit::Tflops),
    series("tc_roof_ai", "Tensor-core roofline intensity", Unit::FlopPerByte),
    series("tc_roof_tflops", "Tensor-core roofline attainable", Unit::Tflops),
    series("vec_roof_ai", "CUDA-core roofline intensity", Unit::FlopPerByte),
    series("vec_roof_tflops", "CUDA-core roofline attainable", Unit::Tflops),
];

/// The intensity range the roofline plots span: Act I from 1 FLOP/B (every GEMM and ridge
/// here lies above 18), Act II from 0.1 (LayerNorm and softmax sit near 1).
const ROOF_AI_MAX: f64 = 1e4;
const ACT1_AI_MIN: f64 = 1.0;
const ACT2_AI_MIN: f64 = 0.1;

/// The corners of the roofline `min(peak, BW · AI)` over `[lo, ROOF_AI_MAX]`:
/// intensities and attainable TFLOPS.
fn roof_corners(peak: FlopRate, bw: Bandwidth, lo: f64) -> (Vec<f64>, Vec<f64>) {
    let ridge = ridge_point(peak, bw);
    let ai = vec![lo, ridge.max(lo), ROOF_AI_MAX];
    let tflops = ai
        .iter()
        .map(|&x| roofline(peak, bw, x).as_tflops())
        .collect();
    (ai, tflops)
}

/// LayerNorm and softmax, unfused: ~5 FLOPs per element over 6 bytes (two FP16 reads, one
/// FP16 write: the statistics pass and the normalising pass each read the tensor).
const ELEM_FLOPS: f64 = 5.0;
const ELEM_BYTES: f64 = 6.0;

/// (name, peak at FP32 / FP16 / INT8 in TFLOPS, bandwidth, memory).
struct Hw {
    name: &'static str,
    fp32: FlopRate,
    fp16: FlopRate,
    int8: FlopRate,
    bw: Bandwidth,
    mem: Bytes,
}

fn hw(context: &str) -> Hw {
    if context == "edge" {
        Hw {
            name: ORIN_NX.name,
            fp32: ORIN_NX_FP32.value,
            fp16: ORIN_NX_FP16_DENSE.value,
            int8: ORIN_NX_INT8_DENSE.value,
            bw: ORIN_NX.mem_bw.value,
            mem: ORIN_NX.memory.value,
        }
    } else {
        Hw {
            name: H100.name,
            fp32: H100_FP32.value,
            fp16: H100.peak.value,
            int8: H100_INT8_DENSE.value,
            bw: H100.mem_bw.value,
            mem: H100.memory.value,
        }
    }
}

fn bound(ai: f64, ridge: f64) -> Bound {
    if ai < ridge {
        Bound::Memory
    } else {
        Bound::Compute
    }
}

/// Bytes moved by LayerNorm and softmax after fusion.
fn fusion_factor(fusion: &str) -> f64 {
    match fusion {
        "softmax_ln" => 0.5,
        "all" => 0.35,
        _ => 1.0,
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let h = hw(i.t("context"));

    // Act I: one square GEMM on the roofline.
    let (peak, b) = match i.t("precision") {
        "fp32" => (h.fp32, 4.0),
        "int8" => (h.int8, 1.0),
        _ => (h.fp16, 2.0),
    };
    let ridge = ridge_point(peak, h.bw);
    let k = square_gemm(i.n("n"), b);
    let ai = k.intensity();
    let attainable = k.attainable(peak, h.bw);
    let regime = bound(ai, ridge);
    o.text("device", h.name)
        .num("peak_tflops", peak.as_tflops())
        .num("bw_gb_s", h.bw.as_gb_per_s())
        .num("ridge", ridge)
        .num("gemm_ai", ai)
        .num("attainable_tflops", attainable.as_tflops())
        .num("mfu_pct", 100.0 * (attainable / peak))
        .text("regime", regime.name())
        // On a roofline a kernel right of the ridge sits on the flat roof: at peak.
        .text(
            "diagnosis",
            if regime == Bound::Memory {
                "memory_bound"
            } else {
                "at_peak"
            },
        )
        .num("ai_over_ridge", ai / ridge)
        .num("ridge_ratio", ridge / ai)
        // AI = 2N / (3b) = ridge ⇒ N = 3b · ridge / 2.
        .num("n_at_ridge", 1.5 * b * ridge);
    let (roof_ai, roof_tflops) = roof_corners(peak, h.bw, ACT1_AI_MIN);
    o.set_series("roof_ai", roof_ai)
        .set_series("roof_tflops", roof_tflops);

    // Act II: one Llama 3 8B layer over batch × seq tokens.
    let [d, layers, heads, kv_heads, head_dim, ffn] = LLAMA3_8B_SHAPE.value;
    let edge = i.t("context") == "edge";
    // W8A8 on the Orin (its INT8 tensor cores), FP16 on the H100.
    let (gemm_peak, gemm_b) = if edge { (h.int8, 1.0) } else { (h.fp16, 2.0) };
    let (batch, seq) = (i.n("batch"), i.n("seq"));
    let tokens = batch * seq;
    let kv_width = kv_heads * head_dim;
    let q_proj = gemm(tokens, d, d, gemm_b, gemm_b);
    let projections = [
        q_proj,
        gemm(tokens, d, kv_width, gemm_b, gemm_b),
        gemm(tokens, d, kv_width, gemm_b, gemm_b),
        gemm(tokens, d, d, gemm_b, gemm_b),
    ];
    let fuse = fusion_factor(i.t("fusion"));
    let ln = |f: f64| elementwise(tokens * d, ELEM_FLOPS, ELEM_BYTES * f);
    let softmax = |f: f64| elementwise(batch * heads * seq * seq, ELEM_FLOPS, ELEM_BYTES * f);
    let gemm_ridge = ridge_point(gemm_peak, h.bw);
    // Elementwise kernels run on the CUDA cores, not the tensor cores.
    let vec_peak = h.fp32;
    let vector_ridge = ridge_point(vec_peak, h.bw);
    let gemm_time: Seconds = projections.iter().map(|k| k.time(gemm_peak, h.bw)).sum();
    let elem_time = |f: f64| ln(f).time(vec_peak, h.bw) * 2.0 + softmax(f).time(vec_peak, h.bw);
    let layer = gemm_time + elem_time(fuse);
    let layer_unfused = gemm_time + elem_time(1.0);
    let flops: Flops = projections.iter().map(|k| k.flops).sum::<Flops>()
        + ln(fuse).flops * 2.0
        + softmax(fuse).flops;
    let g_regime = bound(q_proj.intensity(), gemm_ridge);
    let ln_regime = bound(ln(fuse).intensity(), vector_ridge);
    let sm_regime = bound(softmax(fuse).intensity(), vector_ridge);
    let pattern = match (g_regime, ln_regime, sm_regime) {
        (Bound::Compute, Bound::Memory, Bound::Memory) => "elementwise_memory_gemm_compute",
        (Bound::Memory, Bound::Memory, Bound::Memory) => "all_memory",
        _ => "other",
    };
    o.num("tokens", tokens)
        .num("gemm2_ai", q_proj.intensity())
        .num("ln_ai", ln(fuse).intensity())
        .num("softmax_ai", softmax(fuse).intensity())
        .num("gemm_ridge", gemm_ridge)
        .num("vector_ridge", vector_ridge)
        .text("gemm_regime", g_regime.name())
        .text("ln_regime", ln_regime.name())
        .text("softmax_regime", sm_regime.name())
        .num(
            "gemm_tflops",
            q_proj.attainable(gemm_peak, h.bw).as_tflops(),
        )
        .num("ln_tflops", ln(fuse).attainable(vec_peak, h.bw).as_tflops())
        .num(
            "softmax_tflops",
            softmax(fuse).attainable(vec_peak, h.bw).as_tflops(),
        )
        .num("gemm_over_ln_ai", q_proj.intensity() / ln(fuse).intensity())
        .text("act2_pattern", pattern)
        .num("layer_us", layer.as_us())
        .num("elementwise_share_pct", 100.0 * (elem_time(fuse) / layer))
        .num("fusion_saving_pct", 100.0 * (1.0 - layer / layer_unfused))
        .num("layer_mfu_pct", 100.0 * ((flops / layer) / gemm_peak))
        .num("tokens_per_s", tokens / (layer * layers).as_s());
    let (tc_ai, tc_tflops) = roof_corners(gemm_peak, h.bw, ACT2_AI_MIN);
    let (vec_ai, vec_tflops) = roof_corners(vec_peak, h.bw, ACT2_AI_MIN);
    o.set_series("tc_roof_ai", tc_ai)
        .set_series("tc_roof_tflops", tc_tflops)
        .set_series("vec_roof_ai", vec_ai)
        .set_series("vec_roof_tflops", vec_tflops);

    // Memory: weights, the KV cache (FP16), and the largest transient activations of one
    // layer (the attention score matrix and the MLP intermediate).
    let weights = Bytes::new(LLAMA3_8B_PARAMS.value * gemm_b);
    let kv = kv_cache(layers, kv_heads, head_dim, seq, batch, 2.0);
    let act = Bytes::new(2.0 * (batch * heads * seq * seq + tokens * ffn));
    let total = weights + kv + act;
    o.num("weights_gb", weights.as_gb())
        .num("kv_gb", kv.as_gb())
        .num("act_gb", act.as_gb())
        .num("total_gb", total.as_gb())
        .num("capacity_gb", h.mem.as_gb())
        .num("mem_pct", 100.0 * (total / h.mem))
        .flag("oom", total > h.mem);
    o
}

/// The Lab 11 model.
pub const MODEL: Model = Model {
    id: "v1-11",
    title: "The Roofline",
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
    fn act1_gemm_is_memory_bound() {
        let o = eval(&[]);
        // AI = 2 × 256 / 6 = 85.33 FLOP/B < ridge 989 / 3.35 = 295.2.
        assert!((o.n("gemm_ai") - 85.333).abs() < 1e-3);
        assert!((o.n("ridge") - 295.224).abs() < 1e-3);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("memory_bound")));
        // 85.33 × 3.35 TB/s = 285.9 TFLOP/s = 28.9 % of 989.
        assert!((o.n("attainable_tflops") - 285.867).abs() < 1e-3);
        assert!((o.n("mfu_pct") - 28.90).abs() < 0.01);
        // B is wrong by 295.2 / 85.33 = 3.46×; D by 100 % vs 28.9 %.
        assert!((o.n("ridge_ratio") - 3.46).abs() < 0.01);
        // Same diagnosis on the edge: ridge 12 / 0.1024 = 117.2; 85.33 × 102.4 GB/s = 8.74 TFLOPS (72.8 %).
        let o = eval(&[("context", Value::Text("edge"))]);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("memory_bound")));
        assert!((o.n("ridge") - 117.19).abs() < 0.01);
        assert!((o.n("attainable_tflops") - 8.738).abs() < 1e-3);
    }

    #[test]
    fn act1_reflection_larger_tiles_cross_the_ridge() {
        let o = eval(&[]);
        // N = 3 × 2 × 295.2 / 2 = 885.7.
        assert!((o.n("n_at_ridge") - 885.67).abs() < 0.01);
        let o = eval(&[("n", Value::Num(896.0))]);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("at_peak")));
        assert!((o.n("mfu_pct") - 100.0).abs() < 1e-9);
        // INT8 halves the bytes and doubles the roof: intensity ÷ ridge stays 0.289.
        let fp16 = eval(&[]).n("ai_over_ridge");
        let int8 = eval(&[("precision", Value::Text("int8"))]).n("ai_over_ridge");
        assert!((fp16 - int8).abs() < 1e-3 && (fp16 - 0.289).abs() < 1e-3);
    }

    #[test]
    fn act1_roofline_is_monotonic_in_n() {
        for p in ["fp32", "fp16", "int8"] {
            let mut prev = 0.0;
            for n in (1..=64).map(|k| k as f64 * 128.0) {
                let o = eval(&[("n", Value::Num(n)), ("precision", Value::Text(p))]);
                let t = o.n("attainable_tflops");
                assert!(t >= prev && t <= o.n("peak_tflops") + 1e-9);
                prev = t;
            }
        }
        // Math table: N 128 → 42.7, 1024 → 341.3, 8192 → 2,730.7 FLOP/B in FP16.
        for (n, ai) in [(128.0, 42.667), (1024.0, 341.333), (8192.0, 2730.667)] {
            assert!((eval(&[("n", Value::Num(n))]).n("gemm_ai") - ai).abs() < 1e-3);
        }
    }

    #[test]
    fn act2_elementwise_memory_bound_gemm_compute_bound() {
        for ctx in ["cloud", "edge"] {
            let o = eval(&[("context", Value::Text(ctx))]);
            assert_eq!(
                o.get("act2_pattern"),
                Some(Value::Text("elementwise_memory_gemm_compute")),
                "{ctx}"
            );
        }
        let o = eval(&[]);
        // 4,096 tokens: Q projection AI = 4,096 × 4,096 / (2 × 4,096 + 4,096) = 1,365.3 > 295.
        assert!((o.n("gemm2_ai") - 1365.333).abs() < 1e-3);
        // LayerNorm 5 / 6 = 0.833 FLOP/B: 24× below the CUDA-core ridge 67 / 3.35 = 20.
        assert!((o.n("ln_ai") - 0.8333).abs() < 1e-4);
        assert!((o.n("vector_ridge") / o.n("ln_ai") - 24.0).abs() < 1e-9);
        // C is wrong by 1,365.3 / 0.833 = 1,638×.
        assert!((o.n("gemm_over_ln_ai") - 1638.4).abs() < 0.1);
    }

    #[test]
    fn act2_small_batches_leave_the_gemm_memory_bound() {
        // 1 × 256 tokens: 256 × 4,096 / (512 + 4,096) = 227.6 < 295.
        let o = eval(&[("batch", Value::Num(1.0)), ("seq", Value::Num(256.0))]);
        assert!((o.n("gemm2_ai") - 227.556).abs() < 1e-3);
        assert_eq!(o.get("act2_pattern"), Some(Value::Text("all_memory")));
    }

    #[test]
    fn act2_fusion_pays() {
        let none = eval(&[]);
        let some = eval(&[("fusion", Value::Text("softmax_ln"))]);
        let all = eval(&[("fusion", Value::Text("all"))]);
        assert_eq!(none.n("fusion_saving_pct"), 0.0);
        assert!(some.n("fusion_saving_pct") > 0.0);
        assert!(all.n("fusion_saving_pct") > some.n("fusion_saving_pct"));
        assert!(all.n("tokens_per_s") > none.n("tokens_per_s"));
        // Fusion doubles the elementwise intensity but it stays memory-bound.
        assert!((some.n("ln_ai") - 1.6667).abs() < 1e-4);
        assert_eq!(some.get("ln_regime"), Some(Value::Text("memory")));
        // Unfused, LayerNorm and softmax take a large share of the layer.
        assert!(none.n("elementwise_share_pct") > 20.0);
    }

    #[test]
    fn act2_memory_and_oom() {
        let o = eval(&[]);
        // Weights 8e9 × 2 B = 16 GB; KV 2 × 32 × 8 × 128 × 4,096 × 2 B = 0.537 GB.
        assert!((o.n("weights_gb") - 16.0).abs() < 1e-9);
        assert!((o.n("kv_gb") - 0.536_871).abs() < 1e-6);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        // Activations 2 B × (8 × 32 × 512² + 4,096 × 14,336) = 0.2517 GB; total 16.7885 GB
        // = 20.99 % of 80 GB.
        assert!((o.n("mem_pct") - 20.9857).abs() < 1e-3);
        // Math: batch 64 × 2,048 tokens → 2 × 32 × 8 × 128 × 131,072 × 2 B = 17.18 GB of KV (GQA, 8 KV heads).
        let o = eval(&[("batch", Value::Num(64.0)), ("seq", Value::Num(2048.0))]);
        assert!((o.n("kv_gb") - 17.179_869).abs() < 1e-6);
        // Largest setting: 137 GB of KV alone exceeds 80 GB.
        let o = eval(&[("batch", Value::Num(256.0)), ("seq", Value::Num(4096.0))]);
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
        // Backing off clears it.
        let o = eval(&[("batch", Value::Num(16.0)), ("seq", Value::Num(4096.0))]);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        // Edge: 8 GB of INT8 weights fit 16 GB at defaults, not at batch 64 × 2,048.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
        let o = eval(&[
            ("context", Value::Text("edge")),
            ("batch", Value::Num(64.0)),
            ("seq", Value::Num(2048.0)),
        ]);
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol * y.abs())
    }

    #[test]
    fn act1_roofline_series() {
        let o = eval(&[]);
        // H100 FP16: 3.35 TB/s × 1 FLOP/B = 3.35 TFLOPS at the left edge; the ridge at
        // 989 / 3.35 = 295.22 FLOP/B; flat at 989 to 10⁴.
        let ai = o.get_series("roof_ai").unwrap();
        let t = o.get_series("roof_tflops").unwrap();
        assert!(close(ai, &[1.0, 295.2239, 1e4], 1e-6));
        assert!(close(t, &[3.35, 989.0, 989.0], 1e-9));
        // The kernel sits on the roof: 85.33 FLOP/B × 3.35 TB/s = 285.87 TFLOPS.
        assert!((o.n("gemm_ai") * 3.35 - o.n("attainable_tflops")).abs() < 1e-9);
        // Orin NX INT8: 24 TFLOPS / 102.4 GB/s = 234.375 FLOP/B; 0.1024 TFLOPS at 1 FLOP/B.
        let o = eval(&[
            ("context", Value::Text("edge")),
            ("precision", Value::Text("int8")),
        ]);
        assert!(close(o.get_series("roof_ai").unwrap(), &[1.0, 234.375, 1e4], 1e-9));
        assert!(close(o.get_series("roof_tflops").unwrap(), &[0.1024, 24.0, 24.0], 1e-9));
    }

    #[test]
    fn act2_roofline_series() {
        let o = eval(&[]);
        // H100: tensor-core FP16 roof 989 TFLOPS, ridge 295.22; CUDA-core FP32 roof 67,
        // ridge 67 / 3.35 = 20; both 3.35 × 0.1 = 0.335 TFLOPS at 0.1 FLOP/B.
        assert!(close(o.get_series("tc_roof_ai").unwrap(), &[0.1, 295.2239, 1e4], 1e-6));
        assert!(close(o.get_series("tc_roof_tflops").unwrap(), &[0.335, 989.0, 989.0], 1e-9));
        assert!(close(o.get_series("vec_roof_ai").unwrap(), &[0.1, 20.0, 1e4], 1e-9));
        assert!(close(o.get_series("vec_roof_tflops").unwrap(), &[0.335, 67.0, 67.0], 1e-9));
        // LayerNorm at 0.833 FLOP/B is on the CUDA-core slope: 0.833 × 3.35 = 2.79 TFLOPS.
        assert!((o.n("ln_tflops") - 2.7917).abs() < 1e-4);
        // Orin NX: INT8 tensor cores 24 TFLOPS (ridge 234.375), FP32 CUDA cores 1.88
        // (ridge 18.36); 0.01024 TFLOPS at the left edge.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!(close(o.get_series("tc_roof_ai").unwrap(), &[0.1, 234.375, 1e4], 1e-9));
        assert!(close(o.get_series("tc_roof_tflops").unwrap(), &[0.01024, 24.0, 24.0], 1e-9));
        assert!(close(o.get_series("vec_roof_ai").unwrap(), &[0.1, 18.359375, 1e4], 1e-9));
        assert!(close(o.get_series("vec_roof_tflops").unwrap(), &[0.01024, 1.88, 1.88], 1e-9));
    }

    #[test]
    fn memory_never_falls_as_batch_grows() {
        let mut prev = 0.0;
        for b in [1.0, 2.0, 8.0, 32.0, 128.0, 256.0] {
            let t = eval(&[("batch", Value::Num(b))]).n("total_gb");
            assert!(t > prev);
            prev = t;
        }
    }
}
