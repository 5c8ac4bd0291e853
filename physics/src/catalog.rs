//! The hardware catalog: every constant with exactly one source string.
//!
//! Conflicts in the reference material are settled here once (see the decisions table in
//! the crate docs): dense datasheet figures, never sparsity figures; one microcontroller
//! definition used by every lab.

use crate::units::{Bandwidth, Bytes, FlopRate, Seconds, Watts};

/// A number together with where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: &'static str,
}

const fn s<T>(value: T, source: &'static str) -> Sourced<T> {
    Sourced { value, source }
}

/// A deployment tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    Cloud,
    Edge,
    Mobile,
    Tiny,
}

/// One device of the catalog.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Device {
    pub key: &'static str,
    pub name: &'static str,
    pub tier: Tier,
    /// Peak dense throughput in the device's fastest ML datatype (see `datatype`).
    pub peak: Sourced<FlopRate>,
    /// What `peak` counts: "FP16 tensor", "INT8", "FP32".
    pub datatype: &'static str,
    pub mem_bw: Sourced<Bandwidth>,
    pub memory: Sourced<Bytes>,
    pub power: Sourced<Watts>,
    /// Fixed per-inference overhead (dispatch, launch) used by the Iron Law's L term.
    pub overhead: Sourced<Seconds>,
}

/// NVIDIA H100 SXM5.
pub const H100: Device = Device {
    key: "h100",
    name: "NVIDIA H100 SXM5",
    tier: Tier::Cloud,
    peak: s(
        FlopRate::tflops(989.0),
        "NVIDIA H100 Tensor Core GPU datasheet: FP16/BF16 tensor 989 TFLOPS dense (1,979 is with 2:4 sparsity)",
    ),
    datatype: "FP16 tensor",
    mem_bw: s(
        Bandwidth::gb_per_s(3350.0),
        "NVIDIA H100 datasheet: SXM5 HBM3 3.35 TB/s",
    ),
    memory: s(Bytes::gb(80.0), "NVIDIA H100 datasheet: SXM5 80 GB HBM3"),
    power: s(
        Watts::new(700.0),
        "NVIDIA H100 datasheet: SXM5 max TDP 700 W",
    ),
    overhead: s(
        Seconds::ms(0.01),
        "Lab 01 reference model: 10 µs kernel-launch overhead per inference",
    ),
};

/// NVIDIA A100 SXM4 80 GB, the generation before the H100.
pub const A100: Device = Device {
    key: "a100",
    name: "NVIDIA A100 SXM4 80GB",
    tier: Tier::Cloud,
    peak: s(
        FlopRate::tflops(312.0),
        "NVIDIA A100 datasheet: FP16/BF16 tensor 312 TFLOPS dense (624 with sparsity)",
    ),
    datatype: "FP16 tensor",
    mem_bw: s(
        Bandwidth::gb_per_s(2039.0),
        "NVIDIA A100 datasheet: 80GB SXM HBM2e 2,039 GB/s",
    ),
    memory: s(Bytes::gb(80.0), "NVIDIA A100 datasheet: 80 GB HBM2e"),
    power: s(
        Watts::new(400.0),
        "NVIDIA A100 datasheet: SXM max TDP 400 W",
    ),
    overhead: s(Seconds::ms(0.01), "same launch overhead as the H100"),
};

/// NVIDIA Jetson Orin NX 16GB.
pub const ORIN_NX: Device = Device {
    key: "orin_nx",
    name: "NVIDIA Jetson Orin NX 16GB",
    tier: Tier::Edge,
    peak: s(
        FlopRate::tflops(100.0),
        "NVIDIA Jetson Orin NX datasheet: 100 TOPS INT8 (module AI performance)",
    ),
    datatype: "INT8",
    mem_bw: s(
        Bandwidth::gb_per_s(102.4),
        "NVIDIA Jetson Orin NX datasheet: 128-bit LPDDR5 102.4 GB/s",
    ),
    memory: s(
        Bytes::gb(16.0),
        "NVIDIA Jetson Orin NX datasheet: 16 GB LPDDR5",
    ),
    power: s(
        Watts::new(25.0),
        "NVIDIA Jetson Orin NX datasheet: 10-25 W power modes",
    ),
    overhead: s(
        Seconds::ms(0.1),
        "assumed: embedded runtime launch overhead ~0.1 ms",
    ),
};

/// NVIDIA Jetson Xavier NX, the generation before the Orin NX.
pub const XAVIER_NX: Device = Device {
    key: "xavier_nx",
    name: "NVIDIA Jetson Xavier NX",
    tier: Tier::Edge,
    peak: s(
        FlopRate::tflops(21.0),
        "NVIDIA Jetson Xavier NX datasheet: 21 TOPS INT8",
    ),
    datatype: "INT8",
    mem_bw: s(
        Bandwidth::gb_per_s(59.7),
        "NVIDIA Jetson Xavier NX datasheet: 128-bit LPDDR4x 59.7 GB/s",
    ),
    memory: s(
        Bytes::gb(8.0),
        "NVIDIA Jetson Xavier NX datasheet: 8 GB LPDDR4x",
    ),
    power: s(
        Watts::new(15.0),
        "NVIDIA Jetson Xavier NX datasheet: 10/15 W modes",
    ),
    overhead: s(
        Seconds::ms(0.1),
        "assumed: embedded runtime launch overhead ~0.1 ms",
    ),
};

/// A flagship smartphone NPU (Apple A17-class).
pub const PHONE_NPU: Device = Device {
    key: "phone_npu",
    name: "Smartphone NPU (A17-class)",
    tier: Tier::Mobile,
    peak: s(
        FlopRate::tflops(35.0),
        "Apple A17 Pro announcement: 35 TOPS Neural Engine (INT8)",
    ),
    datatype: "INT8",
    mem_bw: s(
        Bandwidth::gb_per_s(68.0),
        "LPDDR5-6400 on a 64-bit bus: ~51-68 GB/s; course figure 68 GB/s",
    ),
    memory: s(Bytes::gb(8.0), "Apple iPhone 15 Pro: 8 GB RAM"),
    power: s(
        Watts::new(5.0),
        "sustained smartphone SoC thermal envelope ~5 W (course figure)",
    ),
    overhead: s(Seconds::ms(0.5), "assumed: mobile runtime dispatch ~0.5 ms"),
};

/// A Cortex-M7 microcontroller (STM32H7-class).
///
/// One definition for every lab: 480 MHz with a double-precision FPU and a single-cycle
/// multiply-accumulate is ~1 GFLOPS peak, and the largest contiguous SRAM bank (AXI SRAM) is
/// 512 KiB. The "1 MFLOPS" of the original specification would be a 1 MHz core and the
/// "256 KB" a smaller part; both are rejected (decisions table, row V1-01/MCU).
pub const CORTEX_M7: Device = Device {
    key: "cortex_m7",
    name: "Arm Cortex-M7 MCU (STM32H7-class)",
    tier: Tier::Tiny,
    peak: s(
        FlopRate::gflops(1.0),
        "STM32H743 at 480 MHz, 2 FLOP per cycle (FMA) ≈ 0.96 GFLOPS; rounded to 1 GFLOPS",
    ),
    datatype: "FP32",
    mem_bw: s(
        Bandwidth::gb_per_s(0.05),
        "course figure for on-chip flash/SRAM streaming, 0.05 GB/s",
    ),
    memory: s(
        Bytes::kib(512.0),
        "STM32H743 reference manual: 512 KiB AXI SRAM (largest contiguous bank)",
    ),
    power: s(
        Watts::mw(100.0),
        "STM32H7 active power at full clock ~100 mW",
    ),
    overhead: s(
        Seconds::ms(2.0),
        "bare-metal inference runtime setup ~2 ms (reference model)",
    ),
};

/// The four tiers of the deployment spectrum, smallest first.
pub const SPECTRUM: [Device; 4] = [CORTEX_M7, PHONE_NPU, ORIN_NX, H100];

/// Every device in the catalog.
pub const ALL: [Device; 6] = [H100, A100, ORIN_NX, XAVIER_NX, PHONE_NPU, CORTEX_M7];

/// Speed of light in optical fibre (refractive index ≈ 1.5).
pub const FIBER_SPEED_KM_S: Sourced<f64> = s(
    200_000.0,
    "c / n with n ≈ 1.47 for silica fibre: ~200,000 km/s",
);

/// ResNet-50 forward pass at batch 1.
pub const RESNET50_GFLOPS: Sourced<f64> = s(
    4.0,
    "He et al. 2016, Table 1: 3.8×10⁹ multiply-adds for ResNet-50; the course rounds to 4 GFLOPs",
);
/// Bytes moved per ResNet-50 inference (weights + activations, FP32).
pub const RESNET50_BYTES_MB: Sourced<f64> = s(
    100.0,
    "25.6 M parameters × 4 B ≈ 102 MB of FP32 weights; course figure ~100 MB",
);

// --- Added for V1-09 to V1-16 ---

/// Price of one human label.
pub const ANNOTATION_USD_PER_IMAGE: Sourced<f64> = s(
    0.05,
    "course figure (data_selection): $0.05 per labelled image, so $50K labels a 1M-image pool",
);

/// Training throughput of a ResNet-50-class model on one H100, in optimizer steps per second.
pub const RESNET50_H100_STEPS_PER_S: Sourced<f64> = s(
    12.0,
    "course figure (data_selection): ~12 steps/s (batch 256, ~3,000 images/s) for ResNet-50 on one H100",
);

/// H100 SXM5 FP32 throughput on the CUDA cores (no tensor cores).
pub const H100_FP32: Sourced<FlopRate> = s(
    FlopRate::tflops(67.0),
    "NVIDIA H100 datasheet: SXM5 FP32 67 TFLOPS",
);

/// H100 SXM5 INT8 tensor throughput, dense.
pub const H100_INT8_DENSE: Sourced<FlopRate> = s(
    FlopRate::tflops(1979.0),
    "NVIDIA H100 datasheet: SXM5 INT8 tensor 1,979 TOPS dense (3,958 is with 2:4 sparsity)",
);

/// Jetson Orin NX 16GB GPU, dense FP16 tensor throughput. The module's 100 TOPS headline is
/// sparse INT8 summed over the GPU and the two DLAs, so it is not used for GPU kernels.
pub const ORIN_NX_FP16_DENSE: Sourced<FlopRate> = s(
    FlopRate::tflops(12.0),
    "course figure (hw_acceleration): Orin NX GPU ~12 TFLOPS dense FP16 (estimate from its 32 Ampere tensor cores)",
);

/// Jetson Orin NX 16GB GPU, dense INT8 tensor throughput.
pub const ORIN_NX_INT8_DENSE: Sourced<FlopRate> = s(
    FlopRate::tflops(24.0),
    "NVIDIA Ampere architecture whitepaper: tensor cores run dense INT8 at twice the FP16 rate (2 × 12 TFLOPS)",
);

/// Jetson Orin NX 16GB GPU, FP32 on the CUDA cores.
pub const ORIN_NX_FP32: Sourced<FlopRate> = s(
    FlopRate::tflops(1.88),
    "NVIDIA Jetson Orin NX datasheet: 1,024 CUDA cores at 918 MHz × 2 FLOP per FMA = 1.88 TFLOPS",
);

/// ResNet-50 parameter count.
pub const RESNET50_PARAMS: Sourced<f64> = s(
    25.6e6,
    "torchvision ResNet50_Weights.IMAGENET1K_V1: 25.6 M parameters (He et al. 2016)",
);
/// ResNet-50 ImageNet top-1 accuracy, FP32.
pub const RESNET50_TOP1_PCT: Sourced<f64> = s(
    76.1,
    "torchvision ResNet50_Weights.IMAGENET1K_V1: 76.13 % ImageNet top-1",
);
/// MobileNetV3-Large parameter count.
pub const MOBILENETV3_L_PARAMS: Sourced<f64> = s(
    5.4e6,
    "Howard et al. 2019, Searching for MobileNetV3, Table 3: MobileNetV3-Large 1.0, 5.4 M parameters",
);
/// MobileNetV3-Large ImageNet top-1 accuracy, FP32.
pub const MOBILENETV3_L_TOP1_PCT: Sourced<f64> = s(
    75.2,
    "Howard et al. 2019, Searching for MobileNetV3, Table 3: MobileNetV3-Large 1.0, 75.2 % top-1",
);
/// ViT-B/16 parameter count.
pub const VIT_B16_PARAMS: Sourced<f64> = s(
    86e6,
    "Dosovitskiy et al. 2021, An Image is Worth 16x16 Words, Table 1: ViT-Base 86 M parameters",
);
/// ViT-B/16 ImageNet top-1 accuracy, FP32.
pub const VIT_B16_TOP1_PCT: Sourced<f64> = s(
    81.1,
    "torchvision ViT_B_16_Weights.IMAGENET1K_V1: 81.07 % ImageNet top-1",
);

/// Llama 3 8B parameter count, as the course rounds it.
pub const LLAMA3_8B_PARAMS: Sourced<f64> = s(
    8.0e9,
    "Meta Llama 3 model card (2024): 8 B parameters (8.03 B exact; the course rounds to 8.0 B, 32 GB in FP32)",
);
/// Llama 3 8B shape: hidden size, layers, query heads, KV heads (GQA), head dim, MLP width.
pub const LLAMA3_8B_SHAPE: Sourced<[f64; 6]> = s(
    [4096.0, 32.0, 32.0, 8.0, 128.0, 14_336.0],
    "Meta Llama 3 8B config.json: hidden 4,096, 32 layers, 32 attention heads, 8 KV heads, head dim 128, intermediate 14,336",
);
/// WikiText-2 perplexity of Llama 3 8B per compression recipe (key, perplexity).
pub const LLAMA3_8B_WIKITEXT2_PPL: Sourced<&[(&str, f64)]> = s(
    &[
        ("fp32", 6.14),
        ("fp16", 6.16),
        ("int8", 6.21),
        ("int4", 6.47),
        ("int4_s10", 6.63),
        ("int4_s30", 7.12),
        ("int4_s50", 8.05),
        ("int4_u50", 7.85),
        ("distill4b_int8", 7.30),
        ("distill1b_int8", 9.80),
    ],
    "course figure (model_compression): WikiText-2 perplexities calibrated to llama.cpp GGUF and bitsandbytes runs",
);

/// The 7 B-parameter model of the capstone service, with Llama 2 7B's shape.
pub const LLM_7B_PARAMS: Sourced<f64> = s(
    7.0e9,
    "course figure (conclusion): a 7 B-parameter LLM (14 GB in FP16)",
);
/// Llama 2 7B shape for the KV cache: layers, KV heads (no GQA), head dim.
pub const LLM_7B_SHAPE: Sourced<[f64; 3]> = s(
    [32.0, 32.0, 128.0],
    "Touvron et al. 2023, Llama 2, Table 1 / config.json: 7B has 32 layers, 32 heads of dimension 128, no grouped-query attention",
);

/// Bits per weight of a ternary (−1, 0, +1) code.
pub const TERNARY_BITS: Sourced<f64> = s(
    1.58,
    "Ma et al. 2024, The Era of 1-bit LLMs (BitNet b1.58): log2 3 = 1.58 bits per ternary weight",
);

/// Cloud GPU rental price.
pub const H100_USD_PER_HOUR: Sourced<f64> = s(
    3.0,
    "course figure (model_serving, @sec-cloud-cost): H100 on demand ~$3 per GPU-hour (~2026 market)",
);

/// Cost of pushing one model update to one edge device.
pub const OTA_USD_PER_DEVICE: Sourced<f64> = s(
    50.0,
    "course figure (ml_ops): over-the-air model update ~$50 per edge device (bandwidth, validation, rollback slot)",
);

/// PSI levels: below the first the feature is stable, above the second it has shifted.
pub const PSI_WATCH_ACT: Sourced<[f64; 2]> = s(
    [0.1, 0.2],
    "course figure (ml_ops, PSI table): PSI < 0.1 stable, 0.1-0.2 watch, >= 0.2 significant shift (retrain)",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constant_has_a_source() {
        for d in ALL {
            for src in [
                d.peak.source,
                d.mem_bw.source,
                d.memory.source,
                d.power.source,
                d.overhead.source,
            ] {
                assert!(src.len() > 10, "{} has a missing source", d.key);
            }
            assert!(
                d.peak.value.si() > 0.0 && d.mem_bw.value.si() > 0.0 && d.memory.value.si() > 0.0
            );
        }
    }

    #[test]
    fn h100_uses_the_dense_figure() {
        assert_eq!(H100.peak.value.as_tflops(), 989.0);
        // Ridge point 989e12 / 3.35e12 = 295.2 FLOP/B.
        let ridge = H100.peak.value / H100.mem_bw.value;
        assert!((ridge - 295.22).abs() < 0.01);
    }
}
