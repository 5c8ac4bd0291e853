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

/// A sourced constant. In the browser build the source text is dropped: it documents the
/// catalog and is shown at build time, and leaving it out keeps kilobytes out of the bundle.
const fn s<T>(value: T, source: &'static str) -> Sourced<T> {
    #[cfg(target_arch = "wasm32")]
    let source = {
        let _ = source;
        ""
    };
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
    /// Peak dense throughput in the datatype a lab runs on this device (see `datatype`): FP16
    /// tensor for GPUs, INT8 for the phone NPU, FP32 for the MCU. One figure per device and
    /// precision in every lab: never a sparsity figure, never GPU and DLAs summed.
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
    // Convention for every device's memory: the datasheet's decimal figure. The H100's five
    // HBM3 stacks hold 80 GiB (85.9e9 B); nvidia-smi reports 81,559 MiB (85.5e9 B), and the
    // CUDA context, NCCL buffers and the caching allocator's fragmentation take several GB of
    // that in a real job, so 80e9 B is the capacity a framework can plan with (6.9 % under
    // the physical size). Decisions table, "80 GB HBM".
    memory: s(
        Bytes::gb(80.0),
        "NVIDIA H100 datasheet: SXM5 80 GB HBM3 (physically 80 GiB; modelled as the planning figure 80e9 B)",
    ),
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
    memory: s(
        Bytes::gb(80.0),
        "NVIDIA A100 datasheet: 80 GB HBM2e (physically 80 GiB; modelled as 80e9 B like the H100)",
    ),
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
    peak: ORIN_NX_FP16_DENSE,
    datatype: "FP16 tensor",
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
        FlopRate::tflops(6.76),
        "NVIDIA Jetson Xavier NX datasheet: 384-core Volta GPU with 48 tensor cores at 1,100 MHz; a Volta tensor core does 64 FP16 FMA (128 FLOP) per clock: 48 × 128 × 1.1 GHz = 6.76 TFLOPS dense FP16 (the 21 TOPS headline is INT8 summed over the GPU and two DLAs)",
    ),
    datatype: "FP16 tensor",
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

/// ResNet-50 forward pass at batch 1, in FLOPs (2 per multiply-add: the convention of every
/// `peak` in this catalog, which counts an FMA as two operations).
pub const RESNET50_GFLOPS: Sourced<f64> = s(
    8.0,
    "He et al. 2016, Table 1: 3.8×10⁹ multiply-adds for ResNet-50 (torchvision: 4.09 G); the course rounds to 4 G multiply-adds = 8 GFLOP at 2 FLOP each",
);
/// Bytes moved per ResNet-50 inference (weights + activations, FP32).
pub const RESNET50_BYTES_MB: Sourced<f64> = s(
    100.0,
    "25.6 M parameters × 4 B ≈ 102 MB of FP32 weights; course figure ~100 MB",
);

// --- Added for V1-00, V1-03, V1-04, V1-05, V1-06, V1-07, V1-08 ---

/// Great-circle distance London–New York, the classic light-speed floor example.
pub const LONDON_NEW_YORK_KM: Sourced<f64> =
    s(5_570.0, "great-circle distance London–New York ≈ 5,570 km");

/// Share of a production ML system's code that is the model itself.
pub const ML_MODEL_CODE_PCT: Sourced<f64> = s(
    5.0,
    "course figure (introduction), after Sculley et al. 2015, Hidden Technical Debt in ML Systems, Fig. 1",
);

/// Typical end-to-end latency budgets of the four deployment regimes, (low, high) in ms.
pub const CLOUD_LATENCY_BUDGET_MS: Sourced<(f64, f64)> = s(
    (100.0, 500.0),
    "course figure (introduction, deployment spectrum): cloud 100-500 ms",
);
pub const EDGE_LATENCY_BUDGET_MS: Sourced<(f64, f64)> = s(
    (10.0, 100.0),
    "course figure (introduction, deployment spectrum): edge 10-100 ms",
);
pub const MOBILE_LATENCY_BUDGET_MS: Sourced<(f64, f64)> = s(
    (5.0, 50.0),
    "course figure (introduction, deployment spectrum): mobile 5-50 ms",
);
pub const TINY_LATENCY_BUDGET_MS: Sourced<(f64, f64)> = s(
    (1.0, 10.0),
    "course figure (introduction, deployment spectrum): TinyML 1-10 ms",
);

/// Sustained load after which a phone starts to throttle, and the throughput it loses.
pub const PHONE_THROTTLE_ONSET_S: Sourced<f64> = s(
    90.0,
    "course figure (introduction, thermal wall): phones throttle after ~90 s of sustained load",
);
pub const PHONE_THROTTLE_LOSS_PCT: Sourced<(f64, f64)> = s(
    (30.0, 70.0),
    "course figure (introduction, thermal wall): throttling costs 30-70 % of throughput",
);

/// Llama 2 7B, the reference open LLM.
pub const LLAMA2_7B_PARAMS: Sourced<f64> = s(
    6.74e9,
    "Touvron et al. 2023, Llama 2, Table 1 / model card: 6.74 B parameters",
);
pub const LLAMA2_7B_LAYERS: Sourced<f64> = s(
    32.0,
    "Touvron et al. 2023, Llama 2 7B config: 32 layers, d_model 4,096",
);
pub const LLAMA2_7B_HEADS: Sourced<f64> = s(
    32.0,
    "Touvron et al. 2023, Llama 2 7B config: 32 attention heads, no grouped-query attention",
);
pub const LLAMA2_7B_HEAD_DIM: Sourced<f64> = s(
    128.0,
    "Touvron et al. 2023, Llama 2 7B config: head dimension 4,096 / 32 = 128",
);
pub const LLAMA2_7B_CONTEXT: Sourced<f64> =
    s(4096.0, "Touvron et al. 2023, Llama 2: 4,096-token context");

/// Cloud GPU rental prices.
pub const H100_USD_PER_HOUR: Sourced<f64> = s(
    3.0,
    "course figure (serving and capstone labs): H100 rental ~$3/h, ~2026 market",
);
pub const A100X8_SPOT_USD_PER_HOUR: Sourced<f64> = s(
    20.0,
    "course figure (data engineering lab): 8×A100 spot ≈ $20/h (~$2.50 per GPU-hour)",
);

/// A smartphone battery, as the course rounds it.
pub const PHONE_BATTERY_WH: Sourced<f64> = s(
    10.0,
    "course figure (ML workflow lab): ~10 Wh smartphone battery",
);

/// ResNet-50 training throughput on one A100 with a GPU-side input pipeline.
pub const A100_RESNET50_TRAIN_IMG_S: Sourced<f64> = s(
    2470.0,
    "NVIDIA DeepLearningExamples, PyTorch ResNet-50 v1.5 README: 1× A100 80GB, mixed precision, 2,470 img/s training",
);
/// Average stored size of one ImageNet training JPEG.
pub const IMAGENET_JPEG_KB: Sourced<f64> = s(
    115.0,
    "ILSVRC-2012 train archive ≈ 138 GiB (148 GB) for 1,281,167 JPEGs ≈ 115 KB each",
);
/// CPU time to decode and augment one ImageNet JPEG in a Python data-loader worker.
pub const JPEG_DECODE_CPU_MS: Sourced<f64> = s(
    7.0,
    "assumed: ~7 ms of one CPU core per JPEG for decode + random-resized-crop + flip (≈140 images/s per worker)",
);

/// Sequential read bandwidth of the storage tiers (the NVMe tier is `NVME_GEN4_SEQ_BW`).
pub const HDD_GB_S: Sourced<f64> = s(
    0.15,
    "course figure (data engineering, storage tiers): 7,200 rpm HDD ~150 MB/s sequential (media transfer rate)",
);
/// Random access on the 7,200 rpm disk: average seek, and its spindle speed (half a
/// revolution is the average rotational latency).
pub const HDD_AVG_SEEK: Sourced<Seconds> = s(
    Seconds::ms(8.5),
    "Hitachi Deskstar 7K1000.C specification, table 9: average read seek 8.5 ms typical (7,200 rpm, 2-disk model); desktop 7,200 rpm drives quote 8.5-9 ms",
);
pub const HDD_RPM: Sourced<f64> = s(
    7200.0,
    "7,200 rpm desktop drive: one revolution 8.33 ms, average rotational latency 4.17 ms",
);
pub const SATA_SSD_GB_S: Sourced<f64> = s(
    0.55,
    "course figure (data engineering, storage tiers): SATA III SSD ~550 MB/s",
);
/// One random read on a SATA SSD, filesystem included, one request outstanding.
pub const SATA_SSD_READ_LATENCY: Sourced<Seconds> = s(
    Seconds::us(100.0),
    "Samsung 870 EVO datasheet: 4 KB random read at queue depth 1 up to 13,000 IOPS (77 µs); with the filesystem ~100 µs, as NVME_READ_LATENCY (both are bound by the NAND page read)",
);
pub const RAM_DISK_GB_S: Sourced<f64> = s(
    50.0,
    "course figure (data engineering, storage tiers): DRAM-backed RAM disk ~50 GB/s",
);

/// Price of moving data out of one cloud region into another (not to the internet).
pub const INTER_REGION_USD_PER_GB: Sourced<f64> = s(
    0.02,
    "AWS EC2 / S3 pricing, data transfer from US East (N. Virginia) to another AWS region: $0.02 per GB (internet egress is $0.09)",
);

/// On-chip memories of the H100 and the phone NPU.
pub const H100_L2: Sourced<Bytes> = s(
    Bytes::mb(50.0),
    "NVIDIA H100 Tensor Core GPU Architecture whitepaper: 50 MB L2 cache (H100 SXM5)",
);
pub const H100_L1_PER_SM: Sourced<Bytes> = s(
    Bytes::kib(256.0),
    "NVIDIA H100 Tensor Core GPU Architecture whitepaper: 256 KB combined L1 / shared memory per SM",
);
pub const PHONE_NPU_L1: Sourced<Bytes> = s(
    Bytes::kib(64.0),
    "course figure (neural computation lab): mobile NPU 64 KB L1",
);
pub const PHONE_NPU_L2: Sourced<Bytes> = s(
    Bytes::kib(512.0),
    "course figure (neural computation lab): mobile NPU 512 KB L2",
);

/// Relative access cost of each memory tier (L1, L2, device RAM, host DRAM).
pub const TIER_COST_MULTIPLIERS: Sourced<[f64; 4]> = s(
    [1.0, 4.0, 10.0, 100.0],
    "course figure (neural computation lab): L1 1×, L2 4×, device RAM 10×, host DRAM 100× (L1 ~1 ns vs DRAM ~100 ns)",
);

/// Silicon cost (transistors) and latency (cycles) of one activation-function unit.
pub const RELU_TRANSISTORS: Sourced<f64> = s(
    50.0,
    "course figure (neural computation, transistor tax): ReLU ≈ 50 transistors (a comparator and a mux)",
);
pub const SIGMOID_TRANSISTORS: Sourced<f64> = s(
    2500.0,
    "course figure (neural computation, transistor tax): sigmoid ≈ 2,500 transistors (exponential and divide)",
);
pub const LEAKY_RELU_TRANSISTORS: Sourced<f64> = s(
    60.0,
    "course figure (neural computation lab estimate): leaky ReLU ≈ 60 transistors",
);
pub const TANH_TRANSISTORS: Sourced<f64> = s(
    2500.0,
    "course figure (neural computation lab estimate): tanh ≈ 2,500 transistors, like sigmoid",
);
pub const GELU_TRANSISTORS: Sourced<f64> = s(
    1500.0,
    "course figure (neural computation lab estimate): GELU (tanh approximation) ≈ 1,500 transistors",
);
pub const SOFTMAX_TRANSISTORS: Sourced<f64> = s(
    3000.0,
    "course figure (neural computation lab estimate): softmax ≈ 3,000 transistors per element",
);
pub const RELU_CYCLES: Sourced<f64> =
    s(1.0, "course figure (neural computation lab): ReLU 1 cycle");
pub const LEAKY_RELU_CYCLES: Sourced<f64> = s(
    2.0,
    "course figure (neural computation lab): leaky ReLU 2 cycles",
);
pub const SIGMOID_CYCLES: Sourced<f64> = s(
    25.0,
    "course figure (neural computation lab): sigmoid 20-30 cycles for the exponential, 25 used",
);
pub const TANH_CYCLES: Sourced<f64> = s(
    25.0,
    "course figure (neural computation lab): tanh ≈ 25 cycles",
);
pub const GELU_CYCLES: Sourced<f64> = s(
    8.0,
    "course figure (neural computation lab): GELU 6-10 cycles, 8 used",
);
pub const SOFTMAX_CYCLES: Sourced<f64> = s(
    30.0,
    "course figure (neural computation lab): softmax ≈ 30 cycles per element",
);

/// GPT-2 XL (1.5 B), the long-context example.
pub const GPT2_XL_LAYERS: Sourced<f64> = s(
    48.0,
    "Radford et al. 2019, GPT-2, Table 2: the 1,542 M model has 48 layers, d_model 1,600",
);
pub const GPT2_XL_HEADS: Sourced<f64> = s(
    25.0,
    "OpenAI GPT-2 XL released config (n_head = 25, head dimension 64)",
);
pub const GPT2_XL_WIDTH: Sourced<f64> =
    s(1600.0, "Radford et al. 2019, GPT-2, Table 2: d_model 1,600");
/// Kernels an unfused transformer block launches per forward pass.
pub const KERNELS_PER_TRANSFORMER_BLOCK: Sourced<f64> = s(
    12.0,
    "counted: 2 layer norms, QKV, scores, softmax, weighted sum, output projection, 2 residual adds, FFN up, GELU, FFN down",
);

/// Host-side dispatch gap per kernel launch in an eager framework.
pub const CLOUD_DISPATCH_US: Sourced<f64> = s(
    10.0,
    "course figure (frameworks): eager dispatch costs 5-20 µs per kernel on a server CPU; 10 µs used",
);
pub const EDGE_DISPATCH_US: Sourced<f64> = s(
    50.0,
    "course figure (frameworks lab): ~50 µs per kernel launch on an embedded ARM host",
);

/// torch.compile on ResNet-50 (course example).
pub const RESNET50_EAGER_IMG_S: Sourced<f64> = s(
    1450.0,
    "course figure (frameworks): ResNet-50 eager inference 1,450 img/s",
);
pub const RESNET50_COMPILED_IMG_S: Sourced<f64> = s(
    2150.0,
    "course figure (frameworks): ResNet-50 after torch.compile 2,150 img/s (+48 %)",
);
pub const RESNET50_COMPILE_S: Sourced<f64> = s(
    30.0,
    "course figure (frameworks): torch.compile of ResNet-50 takes ~30 s",
);

/// Fixed overhead of one gradient-accumulation micro-step, as a share of its compute.
pub const ACCUMULATION_OVERHEAD: Sourced<f64> = s(
    0.03,
    "course figure (training lab): 2-5 % per micro-step for launches and gradient adds; 3 % used",
);

// --- Added for Vol 2 Labs 01-08 ---
//
// Link bandwidths are per direction: every alpha-beta formula in `laws` charges a message of
// `n` bytes `n/β` on one direction of a link. Datasheets that add both directions (NVLink's
// "900 GB/s") are halved here, and the labs say so.

/// NVLink 4 on the H100, per direction.
pub const NVLINK4_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(450.0),
    "NVIDIA H100 datasheet: NVLink 900 GB/s total bidirectional per GPU = 450 GB/s each way",
);
/// NVLink per-message latency α.
pub const NVLINK_ALPHA: Sourced<Seconds> = s(
    Seconds::us(0.5),
    "course figure (collective communication chapter, interconnect parameters table): NVLink α ≈ 0.5 µs",
);
/// PCIe 4.0 ×16 peer-to-peer, per direction, achieved.
pub const PCIE4_X16_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(25.0),
    "PCI-SIG PCIe 4.0: 31.5 GB/s per direction raw for ×16; ~25 GB/s achieved peer-to-peer (the course's 50 GB/s counts both directions)",
);
/// InfiniBand NDR, one 400 Gb/s port, per direction.
pub const IB_NDR400_BW: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(400.0),
    "NVIDIA ConnectX-7 / Quantum-2 datasheet: NDR 400 Gb/s per port = 50 GB/s each way",
);
/// InfiniBand HDR, one 200 Gb/s port, per direction.
pub const IB_HDR200_BW: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(200.0),
    "NVIDIA Quantum HDR datasheet: 200 Gb/s per port = 25 GB/s each way",
);
/// Ethernet line rates, per direction.
pub const ETH_100G_BW: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(100.0),
    "IEEE 802.3 100GBASE line rate: 100 Gb/s = 12.5 GB/s",
);
pub const ETH_200G_BW: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(200.0),
    "IEEE 802.3 200GBASE line rate: 200 Gb/s = 25 GB/s",
);
pub const ETH_400G_BW: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(400.0),
    "IEEE 802.3 400GBASE line rate: 400 Gb/s = 50 GB/s",
);
/// Share of line rate an InfiniBand link delivers to a collective.
pub const IB_EFFICIENCY: Sourced<f64> = s(
    0.90,
    "course figure (network fabrics chapter, MLPerf network bandwidth): InfiniBand ≈ 90% of line rate",
);
/// Share of line rate an Ethernet (RoCE) link delivers to a collective.
pub const ETH_EFFICIENCY: Sourced<f64> = s(
    0.88,
    "course figure (network fabrics chapter): RoCE Ethernet ≈ 88% of line rate",
);
/// InfiniBand per-message latency α (one way).
pub const IB_ALPHA: Sourced<Seconds> = s(
    Seconds::us(1.5),
    "course figure (collective communication chapter, interconnect parameters table): InfiniBand one-way α ≈ 1.5 µs",
);
/// GPUs per DGX H100 node (one NDR400 port each on the compute fabric).
pub const DGX_GPUS_PER_NODE: Sourced<f64> = s(
    8.0,
    "NVIDIA DGX H100 datasheet: 8 H100 GPUs and 8 ConnectX-7 400 Gb/s compute ports per node",
);

/// Training work of a frontier-scale run used in the introduction.
pub const FRONTIER_RUN_FLOPS: Sourced<f64> = s(
    2.2e24,
    "course figure (introduction, scale moment): 2.2×10²⁴ FLOPs for a frontier-scale training run",
);
/// Model FLOPs utilization of a well-tuned large training job.
pub const LARGE_JOB_MFU: Sourced<f64> = s(
    0.50,
    "course figure (introduction): ~50% MFU for large-scale training",
);
/// Probability a single GPU stays healthy over the introduction's observation window.
pub const GPU_WINDOW_RELIABILITY: Sourced<f64> = s(
    0.999,
    "course figure (introduction): each GPU healthy with probability 0.999 over the window, so 1,000 GPUs all healthy 0.999^1000 ≈ 37%",
);
/// Data-center electricity price.
pub const DC_USD_PER_KWH: Sourced<f64> = s(
    0.10,
    "course figure (introduction): typical data-center electricity ~$0.10/kWh",
);
/// Power usage effectiveness of an average facility.
pub const AVERAGE_PUE: Sourced<f64> = s(
    1.4,
    "course figure (introduction): PUE 1.4, a modern facility; not the industry average (Uptime Institute Global Data Center Survey 2023: 1.58)",
);
/// Operations staff per owned GPU and year.
pub const STAFF_USD_PER_GPU_YEAR: Sourced<f64> = s(
    2000.0,
    "course figure (introduction): $200k per year of staff per 100 GPUs",
);

/// Hidden size of a 70B-class dense transformer.
pub const LLAMA2_70B_HIDDEN: Sourced<f64> = s(
    8192.0,
    "Llama 2 70B model card / config: hidden size 8,192, 80 layers",
);
/// MFU of the compute-infrastructure chapter's 70B data-parallel job.
pub const DP_70B_MFU: Sourced<f64> = s(
    0.45,
    "course figure (compute infrastructure chapter): 70B training step at ≈45% MFU",
);

/// Fabric price for 1,024 GPUs, millions of USD.
pub const IB_FAT_TREE_MUSD_1024: Sourced<f64> = s(
    20.0,
    "course figure (network fabrics chapter, industry white papers, order of magnitude): InfiniBand NDR non-blocking fat-tree for 1,024 GPUs ≈ $20M",
);
pub const ETH_FAT_TREE_MUSD_1024: Sourced<f64> = s(
    8.0,
    "course figure (network fabrics chapter, industry white papers, order of magnitude): 200G Ethernet 2:1 fat-tree for 1,024 GPUs ≈ $8M",
);
pub const TORUS_MUSD_1024: Sourced<f64> = s(
    5.0,
    "course figure (network fabrics chapter, industry white papers, order of magnitude): 3D torus for 1,024 GPUs ≈ $5M",
);

/// One Lustre object storage target's bandwidth.
pub const LUSTRE_OST_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(28.0),
    "course figure (data storage chapter): one Lustre OST ≈ 28 GB/s",
);
/// One PCIe Gen4 NVMe SSD, sequential read.
pub const NVME_GEN4_SEQ_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(7.0),
    "Samsung 990 PRO datasheet: up to 7,450 MB/s sequential read (PCIe 4.0 ×4); course rounds to 7 GB/s",
);
/// One random read on local NVMe, through the filesystem, one request outstanding.
pub const NVME_READ_LATENCY: Sourced<Seconds> = s(
    Seconds::us(100.0),
    "assumed: ~100 µs per random read on a local PCIe Gen4 NVMe at queue depth 1, filesystem included",
);
/// Random small-file reads per DGX node with one loader process per GPU.
pub const DGX_RANDOM_READ_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(0.07),
    "course figure (data storage chapter, NVIDIA DGX data-loading guidance): random JPEG reads ≈ 70 MB/s per node",
);
/// Sequential shard streaming per DGX node (WebDataset/TFRecord).
pub const DGX_SHARD_READ_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(2.8),
    "course figure (data storage chapter, NVIDIA DGX data-loading guidance): WebDataset shards ≈ 2.8 GB/s per node",
);
/// Metadata operations one Lustre metadata server sustains.
pub const LUSTRE_MDS_OPS: Sourced<f64> = s(
    50_000.0,
    "course figure (data storage chapter, Lustre operations manual): ≈50K metadata ops/s per MDS",
);
/// Metadata operations per file read.
pub const METADATA_OPS_PER_FILE: Sourced<f64> = s(
    3.0,
    "course figure (data storage chapter, Lustre operations manual): open, stat and close ≈ 3 metadata ops per file",
);
/// Cloud egress price list: (tier width, USD per GB), AWS's "GB" being 2^30 bytes and its
/// "TB" 1,024 of them (Vol 1's data-gravity example uses a flat, rounder figure).
pub const S3_EGRESS_TIERS: Sourced<[(Bytes, f64); 4]> = s(
    [
        (Bytes::gib(10_240.0), 0.09),
        (Bytes::gib(40_960.0), 0.085),
        (Bytes::gib(102_400.0), 0.07),
        (Bytes::new(f64::INFINITY), 0.05),
    ],
    "AWS S3 pricing (us-east-1): data transfer out to the internet, first 10 TB/month $0.09/GB, next 40 TB $0.085, next 100 TB $0.07, over 150 TB $0.05 (100 GB/month free, ignored)",
);

/// GPT-3 175B architecture.
pub const GPT3_PARAMS: Sourced<f64> =
    s(175e9, "Brown et al. 2020, Table 2.1: GPT-3 175B parameters");
pub const GPT3_LAYERS: Sourced<f64> = s(
    96.0,
    "Brown et al. 2020, Table 2.1: GPT-3 175B has 96 layers",
);
pub const GPT3_HEADS: Sourced<f64> = s(
    96.0,
    "Brown et al. 2020, Table 2.1: GPT-3 175B has 96 attention heads",
);
pub const GPT3_HIDDEN: Sourced<f64> = s(
    12_288.0,
    "Brown et al. 2020, Table 2.1: GPT-3 175B d_model = 12,288",
);
/// Global batch of the Megatron-LM GPT-3 175B runs, in 2,048-token sequences.
pub const GPT3_BATCH_SEQS: Sourced<f64> = s(
    1536.0,
    "Narayanan et al. 2021 (Megatron-LM at scale), Table 1: GPT-3 175B global batch 1,536 sequences",
);
/// Single-node MFU reference of the distributed-training chapter.
pub const DIST_TRAINING_MFU: Sourced<f64> = s(
    0.52,
    "course figure (distributed training chapter): 52% MFU on one 8-GPU node",
);
/// PyTorch DistributedDataParallel gradient bucket.
pub const DDP_BUCKET: Sourced<Bytes> = s(
    Bytes::mib(25.0),
    "PyTorch DistributedDataParallel documentation: bucket_cap_mb defaults to 25; the code multiplies it by 1024 × 1024, so 25 MiB = 26,214,400 B",
);

/// Llama 3 405B pre-training reliability record.
pub const LLAMA3_INTERRUPTIONS: Sourced<f64> = s(
    419.0,
    "Dubey et al. 2024 (The Llama 3 Herd of Models), §3.3.4: 419 unexpected interruptions in 54 days on 16,384 H100 GPUs",
);
pub const LLAMA3_DAYS: Sourced<f64> = s(
    54.0,
    "Dubey et al. 2024 (The Llama 3 Herd of Models), §3.3.4: a 54-day snapshot of pre-training",
);
pub const LLAMA3_GPUS: Sourced<f64> = s(
    16_384.0,
    "Dubey et al. 2024 (The Llama 3 Herd of Models), §3.3.4: 16,384 H100 GPUs",
);
/// Parallel file-system write bandwidth available to checkpoints.
pub const LUSTRE_CHECKPOINT_BW: Sourced<Bandwidth> = s(
    Bandwidth::gb_per_s(400.0),
    "course figure (fault tolerance chapter): Lustre checkpoint writes ≈ 400 GB/s",
);
/// Training stall left by an asynchronous checkpoint, as a share of the synchronous write.
pub const ASYNC_CHECKPOINT_RESIDUAL: Sourced<f64> = s(
    0.02,
    "course figure (fault tolerance chapter): asynchronous checkpointing leaves ≈2% of the write as a stall",
);

/// Lost progress plus restart when a gang-scheduled training job is preempted.
pub const PREEMPTION_COST: Sourced<Seconds> = s(
    Seconds::minutes(15.0),
    "assumed: 15 min per preemption (restore from a checkpoint taken on average half a 30-min interval earlier)",
);

// --- Added for Vol 2 Labs 09-17 ---

/// Hourly rental price of one H100 GPU.
/// The same price as [`H100_USD_PER_HOUR`]: one rental price in every lab.
pub const H100_USD_PER_GPU_HOUR: Sourced<f64> = H100_USD_PER_HOUR;

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
        params: LLAMA2_7B_PARAMS.value,
        layers: 32.0,
        heads: 32.0,
        kv_heads: 32.0,
        head_dim: 128.0,
    },
    "Touvron et al. 2023, Llama 2, Table 1 and model card: 6.74 B parameters (`LLAMA2_7B_PARAMS`), 32 layers, 32 heads, d_model 4,096 (head dim 128), MHA",
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

/// The published dense 1T-parameter configuration (multi-head attention): the shape behind
/// the capstone's 1T model's KV cache.
pub const MEGATRON_1T: Sourced<LlmShape> = s(
    LlmShape {
        params: 1.008e12,
        layers: 128.0,
        heads: 160.0,
        kv_heads: 160.0,
        head_dim: 160.0,
    },
    "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM, Table 1: 1,008 B parameters, 128 layers, hidden size 25,600, 160 attention heads (head dimension 160)",
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

/// LTE peak uplink rate (category 4): an upload at this rate is the fastest a phone manages.
pub const LTE_UPLINK: Sourced<Bandwidth> = s(
    Bandwidth::gbit_per_s(0.05),
    "3GPP TS 36.306: LTE UE category 4 peak uplink 50 Mbit/s (the course's \"typical\" figure is this peak; measured median uplinks are several times lower, so times at this rate are lower bounds)",
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

/// Jetson Orin NX 16GB GPU, dense FP16 tensor throughput: the device's `peak`, in every lab.
/// The module's 100 TOPS headline is sparse INT8 summed over the GPU (60) and the two DLAs
/// (40), so it is not used for GPU kernels (decisions table, "Orin NX peak").
pub const ORIN_NX_FP16_DENSE: Sourced<FlopRate> = s(
    FlopRate::tflops(15.04),
    "NVIDIA Jetson Orin NX datasheet: 1,024-core Ampere GPU with 32 tensor cores at 918 MHz; an Orin (GA10B) tensor core does 256 FP16 FMA (512 FLOP) per clock dense: 32 × 512 × 0.918 GHz = 15.04 TFLOPS (cross-check: the AGX Orin's 64 cores at 1.3 GHz give its datasheet's 85 dense / 170 sparse INT8 TOPS at twice this rate)",
);

/// Jetson Orin NX 16GB GPU, dense INT8 tensor throughput.
pub const ORIN_NX_INT8_DENSE: Sourced<FlopRate> = s(
    FlopRate::tflops(30.08),
    "NVIDIA Jetson Orin NX datasheet: GPU 60 TOPS sparse INT8 = 30 TOPS dense (2:4 sparsity doubles it); 2 × 15.04 TFLOPS FP16",
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

/// Bits per weight of a ternary (−1, 0, +1) code.
pub const TERNARY_BITS: Sourced<f64> = s(
    1.58,
    "Ma et al. 2024, The Era of 1-bit LLMs (BitNet b1.58): log2 3 = 1.58 bits per ternary weight",
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
