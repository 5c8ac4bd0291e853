//! Vol 1 Lab 04, "The Data Gravity Trap": a GPU starved by its input pipeline (Act I, the
//! feeding tax) and the point past which moving data loses to moving compute (Act II, data
//! gravity).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud`, data and GPUs in two regions of one cloud, where moving
//! data between regions costs $0.02/GB (`egress_usd_per_gb`), and `edge`, a local cluster on
//! its own LAN with no transfer charge. The context sets the price; the link speed is the
//! Act II control `link_gbps`.
//!
//! **Storage** (`storage`): every JPEG is a random read of one small file. A 7,200 rpm hard
//! disk pays a seek and half a turn per file (`file_access_ms`, 12.7 ms) and serves one file
//! at a time: `storage_gbs` 8.56 MB/s of random reads against its 150 MB/s sequential rate
//! (`storage_seq_gbs`). SSDs pay ~0.1 ms per file and serve every worker's request at once, up
//! to their sequential rate (SATA 0.55 GB/s; NVMe, the catalog's PCIe 4 drive, 7 GB/s); a RAM
//! disk reads at 50 GB/s.
//!
//! **Act I scenario** (defaults): ResNet-50 training on one A100 (2,470 img/s when fed),
//! batches of 64 ImageNet-style JPEGs (115 KB each) read at random from a hard disk by 4
//! data-loader workers, dataset 10 TB. The lead reports 3 % GPU utilisation (`gpu_util_pct`,
//! 3.0 %: the disk needs 860 ms per batch, `t_read_ms`, the GPU 25.9 ms) and wants 4× the GPUs
//! (`four_gpu_speedup`: 1.0×, nothing gained). An epoch takes `epoch_hours` (324 h).
//!
//! * Prediction 1, "Why is the GPU only 3 % busy?" Options (a, "too few FLOPS", `compute`),
//!   (b, "data loading is slower than compute: the GPU is starving", `data_loading`),
//!   (c, "the model is too small", `model_too_small`), (d, "the learning rate is too high",
//!   `learning_rate`). Keyed **b**, checked against the text output `diagnosis`.
//! * Reflection, keyed **c**, "faster storage and more loader workers": feedback quotes
//!   `bottleneck` (storage at the defaults), `read_gbs_needed` (0.28 GB/s, 33× the disk's
//!   random-read rate) and `workers_needed` (18). More workers alone leave the disk binding
//!   (3.0 %); an SSD alone moves the bottleneck to decoding (`gpu_util_pct` 23.1 % with 4
//!   workers); both together reach the design target "get the GPU above 80 %": SATA SSD and 16
//!   workers give 92.5 % (`util_band` = `healthy`), NVMe and 18 workers 100 %.
//!
//! **Act II scenario**: `dataset` = `50tb` (Act I keeps the default `10tb`), `link_gbps` =
//! `100`, `budget_h` = 6: 50 TB in us-east-1, eight A100s in us-west-2.
//!
//! * Prediction 2, "How long does moving the 50 TB take?" Options (a, "~1 min", 1),
//!   (b, "~67 min", 67), (c, "~11 h", 660), (d, "~4.6 days", 6,624), in minutes. Keyed **b**,
//!   checked against `transfer_min` (66.7). Option c is the same copy over 10 Gbit/s and d over
//!   1 Gbit/s (10× and 100× too slow).
//! * Reflection, keyed **b**, "compute moves to the data because moving the data costs more than the
//!   compute": feedback quotes `egress_usd` ($1,000 at $0.02/GB) and `compute_in_place_usd`
//!   ($120); `decision` is `move_compute` (break-even 6 TB: at 1 TB, $20, the data moves).
//!
//! **Failure states**: `gravity_trap` (danger: the transfer alone takes longer than the
//! training budget; e.g. `dataset` = `1pb` at 100 Gbit/s, 22.2 h > 6 h) and `gravity_warn`
//! (warn: the transfer uses more than half the budget). Both off at the defaults.
//!
//! **Ledger** (ch4): `context` ← input `context`; `storage_type_chosen` ← input `storage`;
//! `gpu_util_at_start` ← `gpu_util_pct`; `data_gravity_triggered` ← `gravity_trap`;
//! `act1_correct`, `act1_reflection_correct`, `act2_correct`, `act2_reflection_correct` ← the
//! student's answers (b, faster storage/workers, b, compute moves).

use crate::catalog::{
    A100, A100_RESNET50_TRAIN_IMG_S, A100X8_SPOT_USD_PER_HOUR, HDD_AVG_SEEK, HDD_GB_S, HDD_RPM,
    IMAGENET_JPEG_KB, INTER_REGION_USD_PER_GB, JPEG_DECODE_CPU_MS, NVME_GEN4_SEQ_BW,
    NVME_READ_LATENCY, RAM_DISK_GB_S, SATA_SSD_GB_S, SATA_SSD_READ_LATENCY,
};
use crate::laws::data::{egress_cost, transfer_time};
use crate::laws::io::{random_read_rate, rotational_latency};
use crate::laws::pipeline::{bottleneck_stage, busy_fraction, pipelined_step};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud, two regions ($0.02/GB between regions)",
    },
    Choice {
        value: "edge",
        label: "Edge, local cluster (no egress fee)",
    },
];

const STORAGE: &[Choice] = &[
    Choice {
        value: "hdd",
        label: "Hard disk (7,200 rpm)",
    },
    Choice {
        value: "sata",
        label: "SATA SSD",
    },
    Choice {
        value: "nvme",
        label: "NVMe SSD (PCIe 4)",
    },
    Choice {
        value: "ram",
        label: "RAM disk",
    },
];

const DATASETS: &[Choice] = &[
    Choice {
        value: "10gb",
        label: "10 GB",
    },
    Choice {
        value: "100gb",
        label: "100 GB",
    },
    Choice {
        value: "1tb",
        label: "1 TB",
    },
    Choice {
        value: "10tb",
        label: "10 TB",
    },
    Choice {
        value: "50tb",
        label: "50 TB",
    },
    Choice {
        value: "100tb",
        label: "100 TB",
    },
    Choice {
        value: "1pb",
        label: "1 PB",
    },
];

const LINKS: &[Choice] = &[
    Choice {
        value: "1",
        label: "1 Gbit/s",
    },
    Choice {
        value: "10",
        label: "10 Gbit/s",
    },
    Choice {
        value: "100",
        label: "100 Gbit/s",
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
        name: "storage",
        label: "Training data storage",
        kind: InputKind::Choice {
            options: STORAGE,
            default: "hdd",
        },
    },
    InputDef {
        name: "workers",
        label: "Data-loader workers",
        kind: InputKind::Range {
            min: 1.0,
            max: 32.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "dataset",
        label: "Dataset size",
        kind: InputKind::Choice {
            options: DATASETS,
            default: "10tb",
        },
    },
    InputDef {
        name: "link_gbps",
        label: "Inter-region link",
        kind: InputKind::Choice {
            options: LINKS,
            default: "100",
        },
    },
    InputDef {
        name: "budget_h",
        label: "Training budget",
        kind: InputKind::Range {
            min: 1.0,
            max: 72.0,
            step: 1.0,
            default: 6.0,
            unit: Unit::Hours,
        },
    },
];

/// Values of `util_band`.
const UTIL_BANDS: &[Choice] = &[
    Choice {
        value: "healthy",
        label: "healthy",
    },
    Choice {
        value: "degraded",
        label: "degraded",
    },
    Choice {
        value: "starved",
        label: "starved",
    },
];

/// Values of `bottleneck`: the slowest of the three overlapped stages.
const PIPELINE_STAGES: &[Choice] = &[
    Choice {
        value: "compute",
        label: "GPU compute",
    },
    Choice {
        value: "storage",
        label: "storage reads",
    },
    Choice {
        value: "decode",
        label: "JPEG decoding",
    },
];

/// Values of `diagnosis`.
const DIAGNOSES: &[Choice] = &[
    Choice {
        value: "compute",
        label: "compute",
    },
    Choice {
        value: "data_loading",
        label: "data loading",
    },
];

/// Values of `decision`.
const DECISIONS: &[Choice] = &[
    Choice {
        value: "move_compute",
        label: "move the compute to the data",
    },
    Choice {
        value: "move_data",
        label: "move the data to the compute",
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Act I: one training step of the pipeline.
    text("gpu", "GPU"),
    num("batch_images", "Batch size", Unit::Samples),
    num("batch_mb", "Bytes read per batch", Unit::Mb),
    num(
        "gpu_images_per_s",
        "GPU training speed when fed",
        Unit::SamplesPerS,
    ),
    num(
        "storage_gbs",
        "Storage read rate for random JPEGs",
        Unit::GbPerS,
    ),
    num(
        "storage_seq_gbs",
        "Storage sequential read rate",
        Unit::GbPerS,
    ),
    num("file_access_ms", "Access time per file", Unit::Ms),
    num("t_compute_ms", "GPU compute per batch", Unit::Ms),
    num("t_read_ms", "Storage read per batch", Unit::Ms),
    num("t_decode_ms", "JPEG decode and augment per batch", Unit::Ms),
    num("step_ms", "Time per step", Unit::Ms),
    num("idle_ms", "GPU waiting per step", Unit::Ms),
    num("gpu_util_pct", "GPU utilisation", Unit::Percent),
    num("feeding_tax_pct", "Feeding tax (GPU idle)", Unit::Percent),
    choice("util_band", "GPU status", UTIL_BANDS),
    choice("bottleneck", "Slowest pipeline stage", PIPELINE_STAGES),
    choice("diagnosis", "Why the GPU is underused", DIAGNOSES),
    num("images_per_s", "Training throughput", Unit::SamplesPerS),
    num("delivered_gbs", "Data delivered to the GPU", Unit::GbPerS),
    num(
        "read_gbs_needed",
        "Read bandwidth the GPU needs",
        Unit::GbPerS,
    ),
    num("workers_needed", "Workers needed to keep up", Unit::None),
    num("four_gpu_speedup", "Speedup from 4× the GPUs", Unit::Ratio),
    num("dataset_tb", "Dataset", Unit::Tb),
    num(
        "dataset_m_images",
        "Images in the dataset (millions)",
        Unit::None,
    ),
    num("epoch_hours", "Time per epoch", Unit::Hours),
    // Act II: move the data or move the compute.
    num("link_gbit", "Link speed", Unit::Gbps),
    num("transfer_min", "Transfer time", Unit::Minutes),
    num("transfer_h", "Transfer time", Unit::Hours),
    num(
        "transfer_over_budget",
        "Transfer time ÷ training budget",
        Unit::Ratio,
    ),
    num(
        "egress_usd_per_gb",
        "Inter-region transfer price",
        Unit::Usd,
    ),
    num("egress_usd", "Egress bill", Unit::Usd),
    num(
        "compute_in_place_usd",
        "Training run where the data is",
        Unit::Usd,
    ),
    choice("decision", "Decision", DECISIONS),
    flag(
        "gravity_trap",
        "Transfer takes longer than the training budget",
    ),
    flag(
        "gravity_warn",
        "Transfer takes over half the training budget",
    ),
];

/// Images per training batch.
const BATCH: f64 = 64.0;

/// A storage tier reading whole files at random: its sequential media rate, the access time
/// each file pays before its transfer starts, and whether it serves requests in parallel.
/// A disk has one actuator and serves one file at a time (seek, then half a turn on
/// average); an SSD serves every loader worker's request at once from its flash dies.
fn storage(key: &str) -> (Bandwidth, Seconds, bool) {
    match key {
        "sata" => (
            Bandwidth::gb_per_s(SATA_SSD_GB_S.value),
            SATA_SSD_READ_LATENCY.value,
            true,
        ),
        "nvme" => (NVME_GEN4_SEQ_BW.value, NVME_READ_LATENCY.value, true),
        "ram" => (Bandwidth::gb_per_s(RAM_DISK_GB_S.value), Seconds::ZERO, true),
        _ => (
            Bandwidth::gb_per_s(HDD_GB_S.value),
            HDD_AVG_SEEK.value + rotational_latency(HDD_RPM.value),
            false,
        ),
    }
}

fn dataset_bytes(key: &str) -> Bytes {
    match key {
        "10gb" => Bytes::gb(10.0),
        "100gb" => Bytes::gb(100.0),
        "1tb" => Bytes::tb(1.0),
        "50tb" => Bytes::tb(50.0),
        "100tb" => Bytes::tb(100.0),
        "1pb" => Bytes::tb(1000.0),
        _ => Bytes::tb(10.0),
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: a prefetching loader overlaps compute, storage reads and CPU decoding; the slowest
    // of the three sets the step.
    let per_image = Bytes::kb(IMAGENET_JPEG_KB.value);
    let batch_bytes = per_image * BATCH;
    let gpu_rate = A100_RESNET50_TRAIN_IMG_S.value;
    let t_compute = Seconds::new(BATCH / gpu_rate);
    let workers = i.n("workers").max(1.0);
    let (media, access, parallel) = storage(i.t("storage"));
    let in_flight = if parallel { workers } else { 1.0 };
    let bw = random_read_rate(per_image, access, media, in_flight);
    let t_read = batch_bytes / bw;
    let t_decode = Seconds::ms(JPEG_DECODE_CPU_MS.value) * (BATCH / workers);
    let stages = [t_compute, t_read, t_decode];
    let step = pipelined_step(&stages);
    let util = busy_fraction(t_compute, step);
    let bottleneck = match bottleneck_stage(&stages) {
        0 => "compute",
        1 => "storage",
        _ => "decode",
    };
    let band = if util >= 0.8 {
        "healthy"
    } else if util >= 0.5 {
        "degraded"
    } else {
        "starved"
    };
    // Four GPUs on the same host drain batches four times as fast; storage and workers stay.
    let step4 = pipelined_step(&[t_compute * 0.25, t_read, t_decode]);
    let throughput = BATCH / step.as_s();
    let data = dataset_bytes(i.t("dataset"));
    let images = data / per_image;
    o.text("gpu", A100.name)
        .num("batch_images", BATCH)
        .num("batch_mb", batch_bytes.as_mb())
        .num("gpu_images_per_s", gpu_rate)
        .num("storage_gbs", bw.as_gb_per_s())
        .num("storage_seq_gbs", media.as_gb_per_s())
        .num("file_access_ms", access.as_ms())
        .num("t_compute_ms", t_compute.as_ms())
        .num("t_read_ms", t_read.as_ms())
        .num("t_decode_ms", t_decode.as_ms())
        .num("step_ms", step.as_ms())
        .num("idle_ms", (step - t_compute).as_ms())
        .num("gpu_util_pct", 100.0 * util)
        .num("feeding_tax_pct", 100.0 * (1.0 - util))
        .text("util_band", band)
        .text("bottleneck", bottleneck)
        .text(
            "diagnosis",
            if bottleneck == "compute" {
                "compute"
            } else {
                "data_loading"
            },
        )
        .num("images_per_s", throughput)
        .num("delivered_gbs", (batch_bytes / step).as_gb_per_s())
        .num("read_gbs_needed", (batch_bytes / t_compute).as_gb_per_s())
        .num(
            "workers_needed",
            (JPEG_DECODE_CPU_MS.value * BATCH / t_compute.as_ms()).ceil(),
        )
        .num("four_gpu_speedup", step / step4)
        .num("dataset_tb", data.as_tb())
        .num("dataset_m_images", images / 1e6)
        .num("epoch_hours", images / throughput / 3600.0);

    // Act II: copy the dataset across regions, or run the job where the data lives.
    let link_gbit = i.t("link_gbps").parse::<f64>().unwrap_or(100.0);
    let transfer = transfer_time(data, Bandwidth::gbit_per_s(link_gbit), 1.0);
    let budget = Seconds::hours(i.n("budget_h"));
    let price = if i.t("context") == "edge" {
        0.0
    } else {
        INTER_REGION_USD_PER_GB.value
    };
    let egress = egress_cost(data, price);
    let in_place = A100X8_SPOT_USD_PER_HOUR.value * budget.as_hours();
    let over = transfer / budget;
    let move_compute = egress.as_usd() > in_place || over > 1.0;
    o.num("link_gbit", link_gbit)
        .num("transfer_min", transfer.as_minutes())
        .num("transfer_h", transfer.as_hours())
        .num("transfer_over_budget", over)
        .num("egress_usd_per_gb", price)
        .num("egress_usd", egress.as_usd())
        .num("compute_in_place_usd", in_place)
        .text(
            "decision",
            if move_compute {
                "move_compute"
            } else {
                "move_data"
            },
        )
        .flag("gravity_trap", over > 1.0)
        .flag("gravity_warn", over > 0.5 && over <= 1.0);
    o
}

/// The Lab 04 model.
pub const MODEL: Model = Model {
    id: "v1-04",
    title: "The Data Gravity Trap",
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

    #[test]
    fn act1_the_disk_starves_the_gpu_at_3_percent() {
        let o = eval(&[]);
        // Compute: 64 / 2,470 img/s = 25.91 ms. Read: every JPEG is a random access on one
        // actuator: 8.5 ms seek + 30 / 7,200 s = 4.167 ms rotation + 115 KB / 150 MB/s =
        // 0.767 ms transfer = 13.433 ms per file, × 64 = 859.7 ms (8.56 MB/s, not the 150 MB/s
        // sequential rate). Decode: 64 × 7 ms / 4 workers = 112 ms. The disk binds.
        assert!((o.n("t_compute_ms") - 25.911).abs() < 1e-3);
        assert!((o.n("file_access_ms") - 12.667).abs() < 1e-3);
        assert!((o.n("t_read_ms") - 859.733).abs() < 1e-3);
        assert!((o.n("storage_gbs") * 1e3 - 8.561).abs() < 1e-3);
        assert_eq!(o.n("storage_seq_gbs"), 0.15);
        assert!((o.n("t_decode_ms") - 112.0).abs() < 1e-9);
        assert_eq!(o.get("bottleneck"), Some(Value::Text("storage")));
        // 25.91 / 859.7 = 3.01 %.
        assert!((o.n("gpu_util_pct") - 3.013_8).abs() < 1e-3);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("data_loading")));
        assert_eq!(o.get("util_band"), Some(Value::Text("starved")));
        // Four GPUs behind the same disk: the step stays 859.7 ms, speedup 1.0×.
        assert!((o.n("four_gpu_speedup") - 1.0).abs() < 1e-12);
    }

    #[test]
    fn act1_reflection_numbers() {
        let o = eval(&[]);
        // 7 ms × 64 / 25.91 ms = 17.3 → 18 workers; 7.36 MB / 25.91 ms = 0.284 GB/s, 33× the
        // disk's 8.56 MB/s of random reads.
        assert_eq!(o.n("workers_needed"), 18.0);
        assert!((o.n("read_gbs_needed") - 0.284_05).abs() < 1e-4);
        // More workers alone: the disk still serves one file at a time, 3.0 %.
        let w32 = eval(&[("workers", Value::Num(32.0))]);
        assert_eq!(w32.get("bottleneck"), Some(Value::Text("storage")));
        assert!((w32.n("gpu_util_pct") - 3.013_8).abs() < 1e-3);
        // Faster storage alone (NVMe, 4 workers): 4 × 115 KB / (100 µs + 16.4 µs) = 3.95 GB/s,
        // 1.86 ms per batch; decode binds at 112 ms: 25.91 / 112 = 23.1 %.
        let nvme = eval(&[("storage", Value::Text("nvme"))]);
        assert!((nvme.n("storage_gbs") - 3.951).abs() < 1e-3);
        assert!((nvme.n("t_read_ms") - 1.863).abs() < 1e-3);
        assert_eq!(nvme.get("bottleneck"), Some(Value::Text("decode")));
        assert!((nvme.n("gpu_util_pct") - 23.135).abs() < 1e-3);
        // A SATA SSD does the same: 4 × 115 KB / 309 µs = 1.49 GB/s, capped at 0.55 GB/s.
        let sata = eval(&[("storage", Value::Text("sata"))]);
        assert_eq!(sata.n("storage_gbs"), 0.55);
        assert!((sata.n("gpu_util_pct") - 23.135).abs() < 1e-3);
    }

    #[test]
    fn act1_design_target_above_80_percent() {
        // SATA + 16 workers: decode 28 ms, read 7.36 MB / 0.55 GB/s = 13.4 ms, compute 25.9 ms
        // → 92.5 %.
        let o = eval(&[
            ("storage", Value::Text("sata")),
            ("workers", Value::Num(16.0)),
        ]);
        assert!((o.n("gpu_util_pct") - 92.54).abs() < 0.01);
        assert_eq!(o.get("util_band"), Some(Value::Text("healthy")));
        // NVMe + 18 workers: 18 requests in flight reach the 7 GB/s media rate (1.05 ms); the
        // GPU binds, 100 %.
        let full = eval(&[
            ("storage", Value::Text("nvme")),
            ("workers", Value::Num(18.0)),
        ]);
        assert_eq!(full.n("storage_gbs"), 7.0);
        assert_eq!(full.n("gpu_util_pct"), 100.0);
        assert_eq!(full.get("diagnosis"), Some(Value::Text("compute")));
        // Now 4 GPUs do help: the step falls from 25.9 ms to the 24.9 ms decode (1.04×).
        assert!((full.n("four_gpu_speedup") - 25.911 / 24.889).abs() < 1e-3);
    }

    #[test]
    fn act1_dataset_drives_the_epoch() {
        // 10 TB / 115 KB = 86.96 M images at 64 / 0.8597 s = 74.44 img/s → 324.5 h per epoch.
        let o = eval(&[]);
        assert!((o.n("dataset_m_images") - 86.957).abs() < 1e-3);
        assert!((o.n("epoch_hours") - 324.48).abs() < 0.01);
        let big = eval(&[("dataset", Value::Text("100tb"))]);
        assert!((big.n("epoch_hours") / o.n("epoch_hours") - 10.0).abs() < 1e-9);
    }

    #[test]
    fn utilisation_never_falls_with_more_workers_or_faster_storage() {
        for s in ["hdd", "sata", "nvme", "ram"] {
            let mut prev = 0.0;
            for w in 1..=32 {
                let o = eval(&[
                    ("storage", Value::Text(s)),
                    ("workers", Value::Num(w as f64)),
                ]);
                assert!(o.n("gpu_util_pct") >= prev);
                prev = o.n("gpu_util_pct");
            }
        }
        let mut prev = 0.0;
        for s in ["hdd", "sata", "nvme", "ram"] {
            let o = eval(&[("storage", Value::Text(s)), ("workers", Value::Num(32.0))]);
            assert!(o.n("gpu_util_pct") >= prev);
            prev = o.n("gpu_util_pct");
        }
    }

    #[test]
    fn act2_fifty_terabytes_take_67_minutes() {
        let o = eval(&[("dataset", Value::Text("50tb"))]);
        // 50e12 B / 12.5 GB/s = 4,000 s = 66.7 min.
        assert!((o.n("transfer_min") - 66.667).abs() < 1e-3);
        let opts = [1.0, 67.0, 660.0, 6624.0];
        assert_eq!(closest_log(&opts, o.n("transfer_min")), 1);
        // Option c is the 10 Gbit/s copy (666.7 min = 11.1 h), option d the 1 Gbit/s one
        // (400,000 s = 4.63 days): 10× and 100× too slow here.
        let c = eval(&[
            ("dataset", Value::Text("50tb")),
            ("link_gbps", Value::Text("10")),
        ]);
        assert!((c.n("transfer_h") - 11.111).abs() < 1e-3);
        let d = eval(&[
            ("dataset", Value::Text("50tb")),
            ("link_gbps", Value::Text("1")),
        ]);
        assert!((d.n("transfer_h") / 24.0 - 4.6296).abs() < 1e-4);
        assert!((opts[2] / o.n("transfer_min") - 9.9).abs() < 0.01);
        assert!((opts[3] / o.n("transfer_min") - 99.36).abs() < 0.01);
        // Inter-region transfer 50,000 GB × $0.02 = $1,000 vs $20/h × 6 h = $120 in place:
        // move the compute.
        assert!((o.n("egress_usd") - 1000.0).abs() < 1e-9);
        assert!((o.n("compute_in_place_usd") - 120.0).abs() < 1e-9);
        assert_eq!(o.get("decision"), Some(Value::Text("move_compute")));
        assert_eq!(o.get("gravity_trap"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_small_data_moves_and_edge_pays_no_egress() {
        // 100 GB: $2 of transfer against a $120 run, 8 s of transfer: move the data.
        let o = eval(&[("dataset", Value::Text("100gb"))]);
        assert!((o.n("egress_usd") - 2.0).abs() < 1e-9);
        assert_eq!(o.get("decision"), Some(Value::Text("move_data")));
        // Edge: no egress, 50 TB fits the budget, so moving the data is fine.
        let e = eval(&[
            ("context", Value::Text("edge")),
            ("dataset", Value::Text("50tb")),
        ]);
        assert_eq!(e.n("egress_usd"), 0.0);
        assert_eq!(e.get("decision"), Some(Value::Text("move_data")));
        // 1 PB at $0.02/GB is $20,000. At the defaults (10 TB) $200 already exceeds the $120
        // run: the break-even is $120 / $0.02 = 6 TB.
        let pb = eval(&[("dataset", Value::Text("1pb"))]);
        assert!((pb.n("egress_usd") - 20_000.0).abs() < 1e-6);
        let d = eval(&[]);
        assert!((d.n("egress_usd") - 200.0).abs() < 1e-9);
        assert_eq!(d.get("decision"), Some(Value::Text("move_compute")));
        let tb1 = eval(&[("dataset", Value::Text("1tb"))]);
        assert_eq!(tb1.get("decision"), Some(Value::Text("move_data")));
    }

    #[test]
    fn failure_gravity_trap_fires_and_clears() {
        // Defaults: 10 TB at 100 Gbit/s = 800 s = 0.22 h of a 6 h budget.
        let o = eval(&[]);
        assert_eq!(o.get("gravity_trap"), Some(Value::Bool(false)));
        assert_eq!(o.get("gravity_warn"), Some(Value::Bool(false)));
        // 1 PB: 80,000 s = 22.2 h > 6 h.
        let pb = eval(&[("dataset", Value::Text("1pb"))]);
        assert!((pb.n("transfer_h") - 22.222).abs() < 1e-3);
        assert_eq!(pb.get("gravity_trap"), Some(Value::Bool(true)));
        assert_eq!(pb.get("decision"), Some(Value::Text("move_compute")));
        // A 40 h budget absorbs it: 22.2 / 40 = 56 %, a warning but no danger.
        let long = eval(&[
            ("dataset", Value::Text("1pb")),
            ("budget_h", Value::Num(40.0)),
        ]);
        assert_eq!(long.get("gravity_trap"), Some(Value::Bool(false)));
        assert_eq!(long.get("gravity_warn"), Some(Value::Bool(true)));
        // Back to 10 TB clears both.
        let back = eval(&[
            ("dataset", Value::Text("10tb")),
            ("budget_h", Value::Num(40.0)),
        ]);
        assert_eq!(back.get("gravity_trap"), Some(Value::Bool(false)));
        assert_eq!(back.get("gravity_warn"), Some(Value::Bool(false)));
    }

    #[test]
    fn transfer_time_grows_with_data_and_shrinks_with_link() {
        let keys = ["10gb", "100gb", "1tb", "10tb", "50tb", "100tb", "1pb"];
        for link in ["1", "10", "100"] {
            let mut prev = 0.0;
            for k in keys {
                let o = eval(&[
                    ("dataset", Value::Text(k)),
                    ("link_gbps", Value::Text(link)),
                ]);
                assert!(o.n("transfer_min") > prev);
                prev = o.n("transfer_min");
            }
        }
    }
}
