//! Vol 1 Lab 11, "The Roofline": a GEMM stuck far below peak is memory-bound, and more
//! arithmetic tuning cannot move it (Act I, the roofline of one square GEMM); in a transformer
//! layer the weight GEMMs cross the ridge only with many tokens, while LayerNorm, softmax and
//! the other elementwise kernels never do: their share of the time is hundreds of times their
//! share of the FLOPs, and fusion is the lever that shortens them (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (H100 SXM5: 67 / 989 / 1,979 TFLOPS FP32 / FP16 / INT8
//! dense, 3.35 TB/s; FP16 ridge 295 FLOP/B) and `edge` (Jetson Orin NX GPU: 1.88 / 15.04 /
//! 30.08 TFLOPS, 102.4 GB/s; FP16 ridge 147 FLOP/B). Act II runs one Llama 3 8B layer with its
//! weight GEMMs in FP16 on the H100 and in INT8 (W8A8) on the Orin NX; the attention GEMMs
//! (QKᵀ, AV) in FP16 on both.
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
//! The layer is every kernel of a Llama 3 8B decoder layer, unfused, each on its roof
//! (`max(FLOPs / peak, bytes / BW)`): the seven weight GEMMs (`linear_us`, 1,807 µs on the
//! H100), QKᵀ and AV (`score_us`, 120 µs, memory-bound at `score_ai` = 85 FLOP/B), two
//! RMSNorms, softmax, SwiGLU, two residual adds and RoPE (`elementwise_us`, 371 µs):
//! `layer_us` 2,297 µs, `elementwise_share_pct` 16 % for `elementwise_flop_pct` 0.05 % of the
//! FLOPs, `layer_mfu_pct` 80 % (a roofline bound), `tokens_per_s` 55,716 over 32 layers.
//!
//! **Act II prediction** "Which kernels limit this transformer block?", checked against the
//! text output `act2_pattern`:
//! - A `gemm_always` "The GEMMs are always the bottleneck" (they take `linear_share_pct` =
//!   79 % of the time but run under the flat roof; at 1 × 256 tokens the projection is
//!   memory-bound)
//! - **B `elementwise_memory_gemm_compute` "Softmax and LayerNorm are memory-bound; the weight
//!   GEMMs are compute-bound at this batch" (keyed; the pattern reads the Q projection)**
//! - C `similar_intensity` "All three have similar intensity" (`gemm_over_ln_ai` ≈ 1,600×)
//! - D `ln_compute_bound` "LayerNorm is compute-bound" (its intensity 0.83 is 24× below the
//!   CUDA-core ridge)
//!
//! **Act II reflection** (keyed B, "fusion removes HBM round trips"): feedback quotes
//! `fusion_saving_pct` at `fusion` = `all` (10.5 %: 65 % of the elementwise time; the GEMMs
//! are untouched).
//!
//! **Failure state**: `oom` (danger: weights + KV cache + activations exceed device memory;
//! quotes `weights_gb`, `kv_gb`, `act_gb`, `capacity_gb`). Off at defaults.
//!
//! **Plots**: Act I draws `roof_ai`/`roof_tflops` (the roofline at the chosen precision,
//! 1–10⁴ FLOP/B) with the kernel at (`gemm_ai`, `attainable_tflops`) and the ridge at
//! (`ridge`, `peak_tflops`). Act II draws the tensor-core roof (`tc_roof_*`, where the GEMMs
//! run) and the CUDA-core roof (`vec_roof_*`, where LayerNorm and softmax run) from 0.1 FLOP/B,
//! with four kernels at their (intensity, attainable) outputs: the Q projection (`gemm2_ai`,
//! `gemm_tflops`), QKᵀ (`score_ai`, `score_tflops`), LayerNorm and softmax.
//!
//! **Ledger** (ch11): `operation` = "gemm"; `arithmetic_intensity` ← `gemm_ai`;
//! `bound_type` ← `regime`; `act2_result` ← `layer_mfu_pct`; `act2_decision` ← input
//! `fusion`; `constraint_hit` ← `oom`; `mfu_percent` ← `mfu_pct`.

use crate::catalog::{
    H100, H100_FP32, H100_INT8_DENSE, LLAMA3_8B_PARAMS, LLAMA3_8B_SHAPE, ORIN_NX,
    ORIN_NX_FP16_DENSE, ORIN_NX_FP32, ORIN_NX_INT8_DENSE,
};
use crate::laws::intensity::{
    DecoderShape, Kernel, decoder_layer_gemms, elementwise, square_gemm,
};
use crate::laws::memory::kv_cache;
use crate::laws::profiling::amdahl_profile;
use crate::laws::transformer::attention_score_bytes;
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
    num("gemm2_ai", "Q-projection GEMM intensity", Unit::FlopPerByte),
    num("mlp_ai", "MLP GEMM intensity", Unit::FlopPerByte),
    num("score_ai", "Attention-score GEMM intensity", Unit::FlopPerByte),
    num("ln_ai", "LayerNorm intensity", Unit::FlopPerByte),
    num("softmax_ai", "Softmax intensity", Unit::FlopPerByte),
    num("gemm_ridge", "Tensor-core ridge", Unit::FlopPerByte),
    num(
        "score_ridge",
        "Tensor-core ridge, FP16 (attention)",
        Unit::FlopPerByte,
    ),
    num("vector_ridge", "CUDA-core ridge", Unit::FlopPerByte),
    choice("gemm_regime", "GEMM regime", REGIMES),
    choice("score_regime", "Attention-score GEMM regime", REGIMES),
    choice("ln_regime", "LayerNorm regime", REGIMES),
    choice("softmax_regime", "Softmax regime", REGIMES),
    num("gemm_tflops", "GEMM attainable", Unit::Tflops),
    num("score_tflops", "Attention-score GEMM attainable", Unit::Tflops),
    num("ln_tflops", "LayerNorm attainable", Unit::Tflops),
    num("softmax_tflops", "Softmax attainable", Unit::Tflops),
    num("gemm_over_ln_ai", "GEMM ÷ LayerNorm intensity", Unit::Ratio),
    choice("act2_pattern", "Which kernels are memory-bound", PATTERNS),
    num("layer_us", "Time per layer", Unit::Us),
    num("linear_us", "Weight GEMMs (Q, K, V, O, MLP)", Unit::Us),
    num("score_us", "Attention-score GEMMs (QKᵀ, AV)", Unit::Us),
    num(
        "elementwise_us",
        "Elementwise kernels (norms, softmax, SwiGLU, residuals, RoPE)",
        Unit::Us,
    ),
    num(
        "linear_share_pct",
        "Share of layer time in the weight GEMMs",
        Unit::Percent,
    ),
    num(
        "score_share_pct",
        "Share of layer time in the attention-score GEMMs",
        Unit::Percent,
    ),
    num(
        "elementwise_share_pct",
        "Share of layer time in elementwise kernels",
        Unit::Percent,
    ),
    num(
        "elementwise_flop_pct",
        "Share of layer FLOPs in elementwise kernels",
        Unit::Percent,
    ),
    num(
        "fusion_saving_pct",
        "Layer time saved by fusion",
        Unit::Percent,
    ),
    num("layer_mfu_pct", "Layer MFU bound", Unit::Percent),
    num(
        "tokens_per_s",
        "Prefill throughput (32 layers)",
        Unit::TokensPerS,
    ),
    num("weights_gb", "Weights", Unit::Gb),
    num("kv_gb", "KV cache", Unit::Gb),
    num("act_gb", "Activations (one layer)", Unit::Gb),
    num("total_gb", "Memory needed", Unit::Gb),
    num("capacity_gb", "Device memory", Unit::Gb),
    // Memory needed as a percentage of the device's: above 100 when out of memory.
    num("mem_pct", "Memory needed, % of device memory", Unit::Percent).unbounded(),
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

/// Per-element cost of the unfused elementwise kernels, in FP16: (FLOPs, bytes).
/// RMSNorm and softmax: ~5 FLOPs over 6 bytes (two reads and one write: a statistics pass
/// and a normalising pass each read the tensor). SwiGLU's `SiLU(gate) · up`: ~5 FLOPs
/// (exp, add, divide, two multiplies) over two reads and one write. Residual add: 1 FLOP
/// over two reads and one write. RoPE: 3 FLOPs (two multiplies and an add per element of a
/// rotated pair) over one read and one write of Q and K (the sin/cos table stays in cache).
const NORM: (f64, f64) = (5.0, 6.0);
const SWIGLU: (f64, f64) = (5.0, 6.0);
const RESIDUAL: (f64, f64) = (1.0, 6.0);
const ROPE: (f64, f64) = (3.0, 4.0);

/// The elementwise kernels of one layer over `batch × seq` tokens, unfused.
struct Elementwise {
    /// One RMSNorm (the lab calls it LayerNorm: the same memory-bound pattern) over `T × d`;
    /// the layer has two.
    norm: Kernel,
    /// Softmax over the `batch · heads · seq²` scores.
    softmax: Kernel,
    /// SwiGLU gating over the `T × ffn` MLP activations.
    swiglu: Kernel,
    /// One residual add over `T × d`; the layer has two.
    residual: Kernel,
    /// RoPE on Q and K, `T × (d + kv_heads · head_dim)`.
    rope: Kernel,
}

impl Elementwise {
    fn norm_softmax(&self) -> [Kernel; 3] {
        [self.norm, self.norm, self.softmax]
    }
    fn rest(&self) -> [Kernel; 4] {
        [self.swiglu, self.residual, self.residual, self.rope]
    }
    fn all(&self) -> [Kernel; 7] {
        let [a, b, c] = self.norm_softmax();
        let [e, f, g, h] = self.rest();
        [a, b, c, e, f, g, h]
    }
}

fn elementwise_kernels(s: DecoderShape, batch: f64, seq: f64) -> Elementwise {
    let t = batch * seq;
    let k = |n: f64, (f, b): (f64, f64)| elementwise(n, f, b);
    Elementwise {
        norm: k(t * s.hidden, NORM),
        softmax: k(batch * s.heads * seq * seq, NORM),
        swiglu: k(t * s.ffn, SWIGLU),
        residual: k(t * s.hidden, RESIDUAL),
        rope: k(t * (s.hidden + s.kv_heads * s.head_dim), ROPE),
    }
}

/// A kernel whose bytes fusion cut to a share `f`.
fn fused(k: Kernel, f: f64) -> Kernel {
    Kernel {
        flops: k.flops,
        bytes: k.bytes * f,
    }
}

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

/// Share of the bytes left after fusion (course figures): (RMSNorm and softmax, the other
/// elementwise kernels). Fusing softmax and the norms halves their traffic; fusing every
/// elementwise op (residual adds into the norms, SwiGLU and RoPE into their GEMMs'
/// epilogues) leaves 35 % of every elementwise kernel's bytes.
fn fusion_factors(fusion: &str) -> (f64, f64) {
    match fusion {
        "softmax_ln" => (0.5, 1.0),
        "all" => (0.35, 0.35),
        _ => (1.0, 1.0),
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

    // Act II: one Llama 3 8B layer over batch × seq tokens, every kernel on its roof.
    let [d, layers, heads, kv_heads, head_dim, ffn] = LLAMA3_8B_SHAPE.value;
    let shape = DecoderShape {
        hidden: d,
        heads,
        kv_heads,
        head_dim,
        ffn,
    };
    let edge = i.t("context") == "edge";
    // Weight GEMMs in W8A8 on the Orin (its INT8 tensor cores), FP16 on the H100. The two
    // attention GEMMs multiply FP16 activations (Q, K, V and the scores, as the FP16 KV
    // cache below) on the FP16 tensor cores on both devices.
    let (gemm_peak, gemm_b) = if edge { (h.int8, 1.0) } else { (h.fp16, 2.0) };
    let attn_peak = h.fp16;
    let (batch, seq) = (i.n("batch"), i.n("seq"));
    let tokens = batch * seq;
    let g = decoder_layer_gemms(shape, batch, seq, gemm_b, 2.0);
    let linear_time: Seconds = g.linear().iter().map(|k| k.time(gemm_peak, h.bw)).sum();
    let score_time = g.scores.time(attn_peak, h.bw) * 2.0;
    // Elementwise kernels run on the CUDA cores, not the tensor cores, each reading its
    // inputs from DRAM and writing its output back when unfused.
    let vec_peak = h.fp32;
    let elem = elementwise_kernels(shape, batch, seq);
    let elem_time = |ks: &[Kernel]| -> Seconds { ks.iter().map(|k| k.time(vec_peak, h.bw)).sum() };
    let (norm_sm_time, rest_time) = (elem_time(&elem.norm_softmax()), elem_time(&elem.rest()));
    let layer_unfused = linear_time + score_time + norm_sm_time + rest_time;
    // Fusion cuts the bytes of the kernels it covers; they stay memory-bound (at most
    // 5 / (6 × 0.35) = 2.4 FLOP/B, below every CUDA-core ridge here), so their time shrinks by
    // the same factor: Amdahl over the profile of the unfused layer.
    let (f_norm_sm, f_rest) = fusion_factors(i.t("fusion"));
    let speedup = amdahl_profile(&[
        (norm_sm_time / layer_unfused, 1.0 / f_norm_sm),
        (rest_time / layer_unfused, 1.0 / f_rest),
    ]);
    let layer = layer_unfused * (1.0 / speedup);
    let elem_fused = norm_sm_time * f_norm_sm + rest_time * f_rest;
    let elem_flops: Flops = elem.all().iter().map(|k| k.flops).sum();
    let flops: Flops = g.all().iter().map(|k| k.flops).sum::<Flops>() + elem_flops;
    let ln = fused(elem.norm, f_norm_sm);
    let softmax = fused(elem.softmax, f_norm_sm);
    let gemm_ridge = ridge_point(gemm_peak, h.bw);
    let score_ridge = ridge_point(attn_peak, h.bw);
    let vector_ridge = ridge_point(vec_peak, h.bw);
    let g_regime = bound(g.q.intensity(), gemm_ridge);
    let ln_regime = bound(ln.intensity(), vector_ridge);
    let sm_regime = bound(softmax.intensity(), vector_ridge);
    let pattern = match (g_regime, ln_regime, sm_regime) {
        (Bound::Compute, Bound::Memory, Bound::Memory) => "elementwise_memory_gemm_compute",
        (Bound::Memory, Bound::Memory, Bound::Memory) => "all_memory",
        _ => "other",
    };
    o.num("tokens", tokens)
        .num("gemm2_ai", g.q.intensity())
        .num("mlp_ai", g.mlp.intensity())
        .num("score_ai", g.scores.intensity())
        .num("ln_ai", ln.intensity())
        .num("softmax_ai", softmax.intensity())
        .num("gemm_ridge", gemm_ridge)
        .num("score_ridge", score_ridge)
        .num("vector_ridge", vector_ridge)
        .text("gemm_regime", g_regime.name())
        .text(
            "score_regime",
            bound(g.scores.intensity(), score_ridge).name(),
        )
        .text("ln_regime", ln_regime.name())
        .text("softmax_regime", sm_regime.name())
        .num("gemm_tflops", g.q.attainable(gemm_peak, h.bw).as_tflops())
        .num(
            "score_tflops",
            g.scores.attainable(attn_peak, h.bw).as_tflops(),
        )
        .num("ln_tflops", ln.attainable(vec_peak, h.bw).as_tflops())
        .num(
            "softmax_tflops",
            softmax.attainable(vec_peak, h.bw).as_tflops(),
        )
        .num("gemm_over_ln_ai", g.q.intensity() / ln.intensity())
        .text("act2_pattern", pattern)
        .num("layer_us", layer.as_us())
        .num("linear_us", linear_time.as_us())
        .num("score_us", score_time.as_us())
        .num("elementwise_us", elem_fused.as_us())
        .num("linear_share_pct", 100.0 * (linear_time / layer))
        .num("score_share_pct", 100.0 * (score_time / layer))
        .num("elementwise_share_pct", 100.0 * (elem_fused / layer))
        .num("elementwise_flop_pct", 100.0 * (elem_flops / flops))
        .num("fusion_saving_pct", 100.0 * (1.0 - 1.0 / speedup))
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
    let act = attention_score_bytes(seq, heads, 1.0, batch, 2.0) + Bytes::new(2.0 * tokens * ffn);
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
        // Same diagnosis on the edge: ridge 15.04 TFLOPS / 102.4 GB/s = 146.875 FLOP/B;
        // 85.33 × 102.4 GB/s = 8.738 TFLOPS = 58.1 % of 15.04.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("memory_bound")));
        assert!((o.n("ridge") - 146.875).abs() < 1e-9);
        assert!((o.n("attainable_tflops") - 8.738).abs() < 1e-3);
        assert!((o.n("mfu_pct") - 58.10).abs() < 0.01);
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
    fn act2_layer_time_by_hand() {
        // One Llama 3 8B layer on the H100, batch 8 × 512 = 4,096 tokens (T), FP16, each
        // kernel at max(FLOPs / peak, bytes / BW), peak 989 TFLOPS, BW 3.35 TB/s:
        //   Q, O:  2 T d² = 2 × 4,096³ = 137.44 GFLOP, (2 T d + d²) × 2 B = 100.7 MB,
        //          AI 1,365 (compute-bound): 137.44e9 / 989e12 = 138.97 µs each
        //   K, V:  2 T d × 1,024 = 34.36 GFLOP, 50.3 MB, AI 683: 34.74 µs each
        //   gate, up, down: 2 T d × 14,336 = 481.04 GFLOP, (T d + T × 14,336 + d × 14,336)
        //          × 2 B = 268.4 MB, AI 1,792: 486.39 µs each
        //   → weight GEMMs 2 × 138.97 + 2 × 34.74 + 3 × 486.39 = 1,806.58 µs
        //   QKᵀ, AV: 8 × 32 heads × 2 × 512² × 128 = 17.18 GFLOP, 8 × 32 × (2 × 512 × 128
        //          + 512²) × 2 B = 201.3 MB, AI 85.3 (memory-bound): 201.3 MB / 3.35 TB/s
        //          = 60.10 µs each → 120.19 µs
        //   RMSNorm ×2: T d × 6 B = 100.7 MB → 30.05 µs each
        //   softmax: 8 × 32 × 512² × 6 B = 402.7 MB → 120.19 µs
        //   SwiGLU: T × 14,336 × 6 B = 352.3 MB → 105.17 µs
        //   residual ×2: T d × 6 B → 30.05 µs each
        //   RoPE: T × (4,096 + 1,024) × 4 B = 83.9 MB → 25.04 µs
        //   → elementwise 4 × 30.05 + 120.19 + 105.17 + 25.04 = 370.60 µs
        //   layer = 1,806.58 + 120.19 + 370.60 = 2,297.37 µs
        let o = eval(&[]);
        assert!((o.n("linear_us") - 1806.58).abs() < 0.01);
        assert!((o.n("score_us") - 120.19).abs() < 0.01);
        assert!((o.n("elementwise_us") - 370.60).abs() < 0.01);
        assert!((o.n("layer_us") - 2297.37).abs() < 0.01);
        // Shares: 1,806.58 / 2,297.37 = 78.64 %; 120.19 / 2,297.37 = 5.23 %;
        // 370.60 / 2,297.37 = 16.13 %.
        assert!((o.n("linear_share_pct") - 78.64).abs() < 0.01);
        assert!((o.n("score_share_pct") - 5.23).abs() < 0.01);
        assert!((o.n("elementwise_share_pct") - 16.13).abs() < 0.01);
        // FLOPs: 1,786.8 GFLOP of weight GEMMs + 34.36 of attention + 0.89 elementwise
        // (T d × (5 + 5 + 1 + 1) + 67.1 M × 5 + T × 14,336 × 5 + T × 5,120 × 3)
        // = 1,821.96 GFLOP; elementwise 0.89 / 1,821.96 = 0.049 %.
        assert!((o.n("elementwise_flop_pct") - 0.0489).abs() < 1e-3);
        // MFU bound: 1,821.96e9 / 2,297.37 µs = 793.1 TFLOPS = 80.19 % of 989.
        assert!((o.n("layer_mfu_pct") - 80.19).abs() < 0.01);
        // Prefill: 4,096 tokens / (32 × 2,297.37 µs) = 55,716 tokens/s.
        assert!((o.n("tokens_per_s") - 55_716.0).abs() < 1.0);
        // The review's ≈ 2,100 µs counted the norms and softmax but not SwiGLU, the residual
        // adds and RoPE: 2,297.37 − 105.17 − 2 × 30.05 − 25.04 = 2,107.1 µs.
        let missing = 105.17 + 2.0 * 30.05 + 25.04;
        assert!((o.n("layer_us") - missing - 2107.1).abs() < 0.1);

        // Orin NX, W8A8 weight GEMMs on 30.08 TOPS, attention in FP16 on 15.04 TFLOPS,
        // 102.4 GB/s. Weight GEMMs are compute-bound (AI ≥ 1,365 > 293.75):
        // 1,786.8 GFLOP / 30.08 TOPS = 59,398.5 µs. QKᵀ and AV: 2 × 201.3 MB / 102.4 GB/s
        // = 3,932.2 µs. Elementwise: 1,241.5 MB / 102.4 GB/s = 12,124.2 µs.
        // Layer 75,454.8 µs; 4,096 / (32 × 75.4548 ms) = 1,696.4 tokens/s.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!((o.n("linear_us") - 59_398.5).abs() < 0.1);
        assert!((o.n("score_us") - 3_932.16).abs() < 0.01);
        assert!((o.n("elementwise_us") - 12_124.16).abs() < 0.01);
        assert!((o.n("layer_us") - 75_454.8).abs() < 0.1);
        assert!((o.n("tokens_per_s") - 1_696.4).abs() < 0.1);
    }

    #[test]
    fn act2_attention_gemms_stay_memory_bound() {
        // QKᵀ intensity s·hd / (2·hd + s) in FP16: 512 × 128 / 768 = 85.3; at 4,096 tokens
        // 524,288 / 4,352 = 120.5, still below both FP16 ridges (295.2 and 146.9), at any batch.
        let o = eval(&[]);
        assert!((o.n("score_ai") - 85.333).abs() < 1e-3);
        assert_eq!(o.get("score_regime"), Some(Value::Text("memory")));
        for ctx in ["cloud", "edge"] {
            let o = eval(&[
                ("context", Value::Text(ctx)),
                ("seq", Value::Num(4096.0)),
                ("batch", Value::Num(256.0)),
            ]);
            assert!((o.n("score_ai") - 120.471).abs() < 1e-3);
            assert_eq!(o.get("score_regime"), Some(Value::Text("memory")), "{ctx}");
        }
        // MLP GEMM at 4,096 tokens: 2 × 4,096 × 4,096 × 14,336 / ((4,096 × 4,096 + 4,096 ×
        // 14,336 × 2) × 2 B) = 1,792 FLOP/B.
        assert!((o.n("mlp_ai") - 1792.0).abs() < 1e-9);
    }

    #[test]
    fn act2_fusion_pays() {
        let none = eval(&[]);
        let some = eval(&[("fusion", Value::Text("softmax_ln"))]);
        let all = eval(&[("fusion", Value::Text("all"))]);
        assert_eq!(none.n("fusion_saving_pct"), 0.0);
        // Norms and softmax halved: (2 × 30.05 + 120.19) / 2 = 90.15 µs saved of 2,297.37
        // = 3.92 %.
        assert!((some.n("fusion_saving_pct") - 3.924).abs() < 1e-3);
        assert!((some.n("layer_us") - 2207.23).abs() < 0.01);
        // Everything to 35 %: 0.65 × 370.60 = 240.89 µs saved = 10.49 %; layer 2,056.48 µs.
        assert!((all.n("fusion_saving_pct") - 10.485).abs() < 1e-3);
        assert!((all.n("layer_us") - 2056.48).abs() < 0.01);
        assert!(all.n("tokens_per_s") > none.n("tokens_per_s"));
        // Amdahl's profile agrees with summing the fused kernels' roofline times.
        let direct = all.n("linear_us") + all.n("score_us") + all.n("elementwise_us");
        assert!((direct - all.n("layer_us")).abs() < 1e-6);
        // Fusion doubles the elementwise intensity but it stays memory-bound.
        assert!((some.n("ln_ai") - 1.6667).abs() < 1e-4);
        assert_eq!(some.get("ln_regime"), Some(Value::Text("memory")));
        assert_eq!(all.get("softmax_regime"), Some(Value::Text("memory")));
        // Long sequences grow the softmax with seq²: at 1 × 4,096 tokens the elementwise
        // share is 32.8 % (softmax 32 × 4,096² × 6 B = 3.22 GB → 961.6 µs alone).
        let long = eval(&[("batch", Value::Num(1.0)), ("seq", Value::Num(4096.0))]);
        assert!((long.n("elementwise_share_pct") - 32.76).abs() < 0.01);
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
        // Orin NX INT8: 30.08 TOPS / 102.4 GB/s = 293.75 FLOP/B; 0.1024 TFLOPS at 1 FLOP/B.
        let o = eval(&[
            ("context", Value::Text("edge")),
            ("precision", Value::Text("int8")),
        ]);
        assert!(close(o.get_series("roof_ai").unwrap(), &[1.0, 293.75, 1e4], 1e-9));
        assert!(close(o.get_series("roof_tflops").unwrap(), &[0.1024, 30.08, 30.08], 1e-9));
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
        // Orin NX: INT8 tensor cores 30.08 TOPS (ridge 30.08e12 / 102.4e9 = 293.75), FP32
        // CUDA cores 1.88 (ridge 18.36); 0.01024 TFLOPS at the left edge.
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!(close(o.get_series("tc_roof_ai").unwrap(), &[0.1, 293.75, 1e4], 1e-9));
        assert!(close(o.get_series("tc_roof_tflops").unwrap(), &[0.01024, 30.08, 30.08], 1e-9));
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
