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

// --- Added for Vol 2 Labs 09-17 ---

/// Hourly rental price of one H100 GPU.
pub const H100_USD_PER_GPU_HOUR: Sourced<f64> = s(
    3.0,
    "course figure (performance_engineering; Vol 1 serving labs): ~2026 market rental of one H100, $3 per GPU-hour",
);

/// Parameters of the 70B-class model trained on the 512-GPU cluster.
pub const LLAMA3_70B_PARAMS: Sourced<f64> = s(
    70e9,
    "Meta 2024, Llama 3 model card: 70B parameters (70.6 B exact; the course rounds to 70 B)",
);

/// The shape of a decoder-only transformer, as far as serving memory is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LlmShape {
    pub params: f64,
    pub layers: f64,
    /// Query heads.
    pub heads: f64,
    /// Key/value heads (fewer than `heads` under grouped-query attention).
    pub kv_heads: f64,
    pub head_dim: f64,
}

/// Llama 2 7B (multi-head attention).
pub const LLAMA2_7B: Sourced<LlmShape> = s(
    LlmShape {
        params: 7e9,
        layers: 32.0,
        heads: 32.0,
        kv_heads: 32.0,
        head_dim: 128.0,
    },
    "Touvron et al. 2023, Llama 2, Table 1 and model card: 7B, 32 layers, 32 heads, d_model 4,096 (head dim 128), MHA",
);

/// Llama 2 13B (multi-head attention).
pub const LLAMA2_13B: Sourced<LlmShape> = s(
    LlmShape {
        params: 13e9,
        layers: 40.0,
        heads: 40.0,
        kv_heads: 40.0,
        head_dim: 128.0,
    },
    "Touvron et al. 2023, Llama 2 model card: 13B, 40 layers, 40 heads, d_model 5,120 (head dim 128), MHA",
);

/// Llama 3 70B (grouped-query attention with 8 KV heads).
pub const LLAMA3_70B: Sourced<LlmShape> = s(
    LlmShape {
        params: 70e9,
        layers: 80.0,
        heads: 64.0,
        kv_heads: 8.0,
        head_dim: 128.0,
    },
    "Meta 2024, Llama 3 70B config.json: 80 layers, 64 attention heads, 8 key-value heads, hidden 8,192 (head dim 128)",
);

/// GPT-3 175B (multi-head attention).
pub const GPT3_175B: Sourced<LlmShape> = s(
    LlmShape {
        params: 175e9,
        layers: 96.0,
        heads: 96.0,
        kv_heads: 96.0,
        head_dim: 128.0,
    },
    "Brown et al. 2020, GPT-3, Table 2.1: 175B, 96 layers, 96 heads of dimension 128",
);

/// Speculative decoding: draft tokens per verification and their acceptance rate.
pub const SPEC_DRAFT_TOKENS: Sourced<f64> = s(
    4.0,
    "Leviathan, Kalman & Matias 2023, Fast Inference via Speculative Decoding: γ of 3-7 draft tokens; course figure γ = 4",
);
pub const SPEC_ACCEPTANCE: Sourced<f64> = s(
    0.8,
    "Leviathan et al. 2023, Table 3: acceptance α ≈ 0.6-0.9 for well-matched drafts; course figure 0.8",
);
/// Parameters of the draft model used for speculative decoding.
pub const SPEC_DRAFT_PARAMS: Sourced<f64> = s(
    1e9,
    "course figure (inference): a ~1B-parameter draft model for a 70B target",
);

/// LTE uplink rate a phone sustains for a background upload.
pub const LTE_UPLINK: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(0.05),
    "course figure (edge_intelligence): typical LTE uplink 50 Mbit/s",
);

/// Life-cycle carbon intensity of electricity, g CO₂e per kWh.
pub const GRID_COAL_G_PER_KWH: Sourced<f64> = s(
    820.0,
    "IPCC AR5 WG3 Annex III (Schlömer et al. 2014): coal, pulverised, life-cycle median 820 g CO₂e/kWh",
);
pub const GRID_GAS_G_PER_KWH: Sourced<f64> = s(
    490.0,
    "IPCC AR5 WG3 Annex III (Schlömer et al. 2014): natural gas, combined cycle, life-cycle median 490 g CO₂e/kWh",
);
pub const GRID_US_AVG_G_PER_KWH: Sourced<f64> = s(
    386.0,
    "US EIA 2023: US electricity 0.85 lb CO₂/kWh ≈ 386 g/kWh (course figure, sustainable_ai)",
);
pub const GRID_RENEWABLE_G_PER_KWH: Sourced<f64> = s(
    40.0,
    "course figure (sustainable_ai): renewable-heavy grid ≈ 40 g CO₂e/kWh (IPCC AR5 solar PV 41-48, wind 11-12)",
);

/// GPU-hours between unexpected job interruptions, per GPU, at frontier-training scale.
pub const GPU_MTBF_HOURS: Sourced<f64> = s(
    54.0 * 24.0 * 16_384.0 / 419.0,
    "Dubey et al. 2024, The Llama 3 Herd of Models, §3.3.4: 419 unexpected interruptions in 54 days on 16,384 H100s ⇒ ≈ 50,700 GPU-hours per interruption",
);

/// Aggregate write bandwidth of the training cluster's parallel file system.
pub const STORAGE_WRITE_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(400.0),
    "course figure (conclusion): checkpoint storage tier, 400 GB/s aggregate write",
);

/// One InfiniBand NDR port per GPU, and a message's end-to-end latency across the fabric.
pub const IB_NDR_PORT: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(400.0),
    "NVIDIA ConnectX-7 / Quantum-2 datasheet: InfiniBand NDR 400 Gbit/s per port (50 GB/s)",
);
pub const IB_LATENCY: Sourced<Seconds> = s(
    Seconds::us(5.0),
    "course figure (collective communication): ~5 µs per message across NIC and switch hops",
);

/// Host-to-GPU link of an H100 SXM5.
pub const PCIE5_X16: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(64.0),
    "PCI-SIG PCIe 5.0 specification: 32 GT/s × 16 lanes ≈ 64 GB/s per direction",
);

/// Data-center power usage effectiveness of the fleet.
pub const FLEET_PUE: Sourced<f64> = s(
    1.2,
    "course figure (conclusion): hyperscale PUE 1.2 (Google fleet average 1.10, Uptime Institute survey 1.58)",
);

/// Carbon intensity of the EU grid and of contracted renewables.
pub const GRID_EU_G_PER_KWH: Sourced<f64> = s(
    255.0,
    "IEA 2024 (course figure, conclusion): EU electricity ≈ 255 g CO₂e/kWh",
);
pub const PPA_G_PER_KWH: Sourced<f64> = s(
    20.0,
    "course figure (conclusion): wind/solar power-purchase agreement ≈ 20 g CO₂e/kWh life cycle",
);
/// Price premium of renewable power-purchase agreements.
pub const PPA_PREMIUM_USD_PER_MWH: Sourced<f64> = s(
    10.0,
    "course figure (conclusion): PPA premium ≈ $10 per MWh over grid power",
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
