//! Vol 1 Lab 04, "The Data Gravity Trap": a GPU starved by its input pipeline (Act I, the
//! feeding tax) and the point past which moving data loses to moving compute (Act II, data
//! gravity).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud`, multi-region cloud storage with egress at $0.08/GB, and
//! `edge`, a local cluster on its own LAN with no egress charge. The context sets the egress
//! price; the link speed is the Act II control `link_gbps`.
//!
//! **Act I scenario** (defaults): ResNet-50 training on one A100 (2,470 img/s when fed),
//! batches of 64 ImageNet-style JPEGs (115 KB each) read from a hard disk by 4 data-loader
//! workers, dataset 10 TB. The lead reports 23 % GPU utilisation (`gpu_util_pct`, 23.1 %) and
//! wants 4× the GPUs (`four_gpu_speedup`: 1.0×, nothing gained).
//!
//! * Prediction 1, "Why is the GPU only 23 % busy?" Options (a, "too few FLOPS", `compute`),
//!   (b, "data loading is slower than compute: the GPU is starving", `data_loading`),
//!   (c, "the model is too small", `model_too_small`), (d, "the learning rate is too high",
//!   `learning_rate`). Keyed **b**, checked against the text output `diagnosis`.
//! * Reflection, keyed **c**, "faster storage or more loader workers": feedback quotes
//!   `bottleneck` (decode at the defaults), `workers_needed` (18) and `read_gbs_needed`
//!   (0.28 GB/s, more than the HDD's 0.15). Design target "get the GPU above 80 %": SATA SSD
//!   and 16 workers give 92.5 % (`util_band` = `healthy`).
//!
//! **Act II scenario**: `dataset` = `50tb` (Act I keeps the default `10tb`), `link_gbps` =
//! `100`, `budget_h` = 6: 50 TB in us-east-1, eight A100s in us-west-2.
//!
//! * Prediction 2, "How long does moving the 50 TB take?" Options (a, "~1 min", 1),
//!   (b, "~67 min", 67), (c, "~11 h", 660), (d, "~4.6 days", 6,624), in minutes. Keyed **b**,
//!   checked against `transfer_min` (66.7). Option c is the same copy over 10 Gbit/s and d over
//!   1 Gbit/s (10× and 100× too slow).
//! * Reflection, keyed **b**, "compute moves to the data because moving the data costs more than the
//!   compute": feedback quotes `egress_usd` ($4,000) and `compute_in_place_usd` ($120);
//!   `decision` is `move_compute`.
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
    A100, A100_RESNET50_TRAIN_IMG_S, A100X8_SPOT_USD_PER_HOUR, EGRESS_USD_PER_GB, HDD_GB_S,
    IMAGENET_JPEG_KB, JPEG_DECODE_CPU_MS, NVME_GB_S, RAM_DISK_GB_S, SATA_SSD_GB_S,
};
use crate::laws::data::{egress_cost, transfer_time};
use crate::laws::pipeline::{bottleneck_stage, busy_fraction, pipelined_step};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud, multi-region ($0.08/GB egress)",
    },
    Choice {
        value: "edge",
        label: "Edge, local cluster (no egress fee)",
    },
];

const STORAGE: &[Choice] = &[
    Choice {
        value: "hdd",
        label: "Hard disk (0.15 GB/s)",
    },
    Choice {
        value: "sata",
        label: "SATA SSD (0.55 GB/s)",
    },
    Choice {
        value: "nvme",
        label: "NVMe SSD (3.5 GB/s)",
    },
    Choice {
        value: "ram",
        label: "RAM disk (50 GB/s)",
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
    num("storage_gbs", "Storage read bandwidth", Unit::GbPerS),
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
    num("egress_usd_per_gb", "Egress price", Unit::Usd),
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

fn storage_bw(key: &str) -> Bandwidth {
    Bandwidth::gb_per_s(match key {
        "sata" => SATA_SSD_GB_S.value,
        "nvme" => NVME_GB_S.value,
        "ram" => RAM_DISK_GB_S.value,
        _ => HDD_GB_S.value,
    })
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
    let bw = storage_bw(i.t("storage"));
    let t_read = batch_bytes / bw;
    let workers = i.n("workers").max(1.0);
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
        EGRESS_USD_PER_GB.value
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
    fn act1_the_gpu_is_starving_at_23_percent() {
        let o = eval(&[]);
        // Compute: 64 / 2,470 img/s = 25.91 ms. Read: 64 × 115 KB = 7.36 MB / 0.15 GB/s =
        // 49.07 ms. Decode: 64 × 7 ms / 4 workers = 112 ms: decode binds.
        assert!((o.n("t_compute_ms") - 25.911).abs() < 1e-3);
        assert!((o.n("t_read_ms") - 49.067).abs() < 1e-3);
        assert!((o.n("t_decode_ms") - 112.0).abs() < 1e-9);
        assert_eq!(o.get("bottleneck"), Some(Value::Text("decode")));
        // 25.91 / 112 = 23.1 %: the story's 23 %.
        assert!((o.n("gpu_util_pct") - 23.135).abs() < 1e-3);
        assert_eq!(o.get("diagnosis"), Some(Value::Text("data_loading")));
        assert_eq!(o.get("util_band"), Some(Value::Text("starved")));
        // Four GPUs behind the same loader: step stays 112 ms, speedup 1.0×.
        assert!((o.n("four_gpu_speedup") - 1.0).abs() < 1e-12);
    }

    #[test]
    fn act1_reflection_numbers() {
        let o = eval(&[]);
        // 7 ms × 64 / 25.91 ms = 17.3 → 18 workers; 7.36 MB / 25.91 ms = 0.284 GB/s.
        assert_eq!(o.n("workers_needed"), 18.0);
        assert!((o.n("read_gbs_needed") - 0.284_05).abs() < 1e-4);
        // More workers alone: 32 workers decode in 14 ms, then the disk binds (49 ms): 52.8 %.
        let w32 = eval(&[("workers", Value::Num(32.0))]);
        assert_eq!(w32.get("bottleneck"), Some(Value::Text("storage")));
        assert!((w32.n("gpu_util_pct") - 52.807).abs() < 1e-3);
        // Faster storage alone (NVMe, 4 workers) leaves decode binding: still 23.1 %.
        let nvme = eval(&[("storage", Value::Text("nvme"))]);
        assert!((nvme.n("gpu_util_pct") - 23.135).abs() < 1e-3);
    }

    #[test]
    fn act1_design_target_above_80_percent() {
        // SATA + 16 workers: decode 28 ms, read 13.4 ms, compute 25.9 ms → 92.5 %.
        let o = eval(&[
            ("storage", Value::Text("sata")),
            ("workers", Value::Num(16.0)),
        ]);
        assert!((o.n("gpu_util_pct") - 92.54).abs() < 0.01);
        assert_eq!(o.get("util_band"), Some(Value::Text("healthy")));
        // NVMe + 18 workers: the GPU binds, 100 %.
        let full = eval(&[
            ("storage", Value::Text("nvme")),
            ("workers", Value::Num(18.0)),
        ]);
        assert_eq!(full.n("gpu_util_pct"), 100.0);
        assert_eq!(full.get("diagnosis"), Some(Value::Text("compute")));
        // Now 4 GPUs do help: the step falls from 25.9 ms to the 24.9 ms decode (1.04×).
        assert!((full.n("four_gpu_speedup") - 25.911 / 24.889).abs() < 1e-3);
    }

    #[test]
    fn act1_dataset_drives_the_epoch() {
        // 10 TB / 115 KB = 86.96 M images at 64 / 0.112 s = 571.4 img/s → 42.3 h per epoch.
        let o = eval(&[]);
        assert!((o.n("dataset_m_images") - 86.957).abs() < 1e-3);
        assert!((o.n("epoch_hours") - 42.27).abs() < 0.01);
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
        // Egress 50,000 GB × $0.08 = $4,000 vs $20/h × 6 h = $120 in place: move compute.
        assert!((o.n("egress_usd") - 4000.0).abs() < 1e-9);
        assert!((o.n("compute_in_place_usd") - 120.0).abs() < 1e-9);
        assert_eq!(o.get("decision"), Some(Value::Text("move_compute")));
        assert_eq!(o.get("gravity_trap"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_small_data_moves_and_edge_pays_no_egress() {
        // 100 GB: $8 of egress against a $120 run, 80 s of transfer: move the data.
        let o = eval(&[("dataset", Value::Text("100gb"))]);
        assert!((o.n("egress_usd") - 8.0).abs() < 1e-9);
        assert_eq!(o.get("decision"), Some(Value::Text("move_data")));
        // Edge: no egress, 50 TB fits the budget, so moving the data is fine.
        let e = eval(&[
            ("context", Value::Text("edge")),
            ("dataset", Value::Text("50tb")),
        ]);
        assert_eq!(e.n("egress_usd"), 0.0);
        assert_eq!(e.get("decision"), Some(Value::Text("move_data")));
        // 1 PB at $0.08/GB is $80,000.
        let pb = eval(&[("dataset", Value::Text("1pb"))]);
        assert!((pb.n("egress_usd") - 80_000.0).abs() < 1e-6);
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
