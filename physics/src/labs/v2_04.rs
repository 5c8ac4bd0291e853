//! Vol 2 Lab 04, "The I/O Bottleneck": GPUs starve on a file system with 65× the bandwidth
//! they need because small random reads are latency-bound (Act I, Little's law on the data
//! loader), and at fleet scale one-file-per-sample datasets saturate the metadata server
//! long before bandwidth runs out (Act II).
//!
//! Model: a GPU consumes 64 samples of 62.5 KB (4 MB) per 50 ms step, 80 MB/s. Its loader
//! delivers the least of (a) what its workers can fetch, `workers × in-flight × size ÷
//! latency` (capped by decode at 350 MB/s per worker), (b) its share of the storage
//! bandwidth and (c) its share of its node's storage link; input is prefetched, so the GPU
//! computes `min(1, supply ÷ demand)` of the time. Random small reads pay 7.1 ms each on
//! Lustre (the 70 MB/s per DGX node the chapter quotes for random JPEG reads, one loader per
//! GPU); shards stream at 350 MB/s per worker (2.8 GB/s per node).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, changes the storage in both acts): `lustre` a distributed file
//! system (OSTs × 28 GB/s, a metadata server, 128 GPUs in Act I); `nvme` local NVMe (4 × 7
//! GB/s per 8-GPU node, 100 µs reads, no metadata server). Scenarios use `lustre`.
//!
//! **Act I scenario**: the defaults: 128 GPUs, 1 loader worker per GPU, batch 64, 24 OSTs
//! (672 GB/s), random small reads (`pattern` = `random`). GPU utilization `util_pct` = 10.9 %.
//! Arithmetic card: `demand_mb_s` (80 MB/s per GPU), `demand_total_gbs` (10.24 GB/s),
//! `demand_share_pct` (1.5 % of Lustre).
//!
//! **Act I prediction** ("Why are the GPUs only 11 % busy?"), checked against the text
//! output `act1_bottleneck`:
//! - A "Lustre bandwidth is saturated", value `storage` (`demand_share_pct` 1.5 %)
//! - **B "Small random reads: each pays a full round trip", value `access_pattern` — keyed**
//! - C "The storage network is saturated", value `network` (`network_util_pct` 2.6 %)
//! - D "11 % is normal for training", value `none` (healthy is ≥ 80 %)
//!
//! Instruments: `util_pct` (≥ 80 healthy, ≥ 50 degraded, else starved), `delivered_gbs`,
//! `io_wait_ms`, `in_flight`, `supply_mb_s`; the chart plots `util_pct` against `workers`.
//!
//! **Act I failure** `gpu_starved` (warn): utilization below 50 %. **On at the defaults**
//! (the story's starving cluster); clears with `pattern` = `sequential` (100 %) or
//! `workers` = 10 (random, 100 %).
//!
//! **Act I reflection** (keyed B, "repack into large sequential shards"): quotes
//! `shard_util_pct`.
//!
//! **Act II scenario**: the CTO's plan: `gpus2` = 4,096, `workers2` = 8, `mds` = 1,
//! `dataset` = `files` (one file per sample), 48 OSTs (1,344 GB/s).
//!
//! **Act II prediction** ("The bandwidth has a 4× margin; what is missing?"), checked
//! against the text output `act2_cause`:
//! - A "More bandwidth", value `bandwidth` (`bw_margin` 4.1×)
//! - **B "The metadata server saturates", value `metadata` — keyed** (`mds_util_pct` 27,525 %)
//! - C "Just add OSTs", value `add_osts` (OSTs add bandwidth, not metadata capacity)
//! - D "Network latency", value `latency`
//!
//! Instruments: `bw_demand_gbs` vs `bw_supply_gbs`, `meta_ops` vs `mds_capacity_ops`,
//! `mds_util_pct`, `connections`, `mds_needed`, `act2_util_pct`; lines `ops_shards`,
//! `ops_files`, `ops_object`.
//!
//! **Act II failures**: `mds_saturated` (danger), metadata demand above capacity;
//! `mds_warn` (warn), above 60 %. Both off at the defaults (512 GPUs, shards: 0.04 %);
//! `dataset` = `files` fires the danger (1,720 %); 128 GPUs × 1 worker on files with 2 MDS
//! is 54 % (clear), with 1 MDS 108 % (danger).
//!
//! **Act II reflection** (keyed B, "object stores have no central metadata server"): quotes
//! `ops_object` (0) against `ops_files`.
//!
//! **MathPeek, data gravity**: `gravity_hours` (100 TB over 100 GbE), `gravity_egress_usd`
//! (AWS's tiered internet-egress list, $7,338), `idle_gpu_day_usd` (512 H100 for a day at
//! the book's $3 per GPU-hour, $36,864).
//!
//! **Takeaways**: (2) `hbm_over_nvme` (479×); (3) `ckpt_gb` for 175B with Adam,
//! `ckpt_write_gbs` to write it in 30 s, `ckpt_share_pct` of the Act II file system.
//!
//! **Ledger** (`v2_04`): `storage_type` ← `context`; `gpu_count` ← `gpus2`;
//! `data_workers_per_gpu` ← `workers2`; `io_throughput_gbs` ← `delivered_gbs`;
//! `mds_saturated` and `constraint_hit` ← `mds_saturated`; `act2_result` ← `meta_kops`;
//! `act2_decision` ← `dataset`.

use crate::catalog::{
    DGX_GPUS_PER_NODE, DGX_RANDOM_READ_BW, DGX_SHARD_READ_BW, ETH_100G_BW, H100,
    H100_USD_PER_HOUR, IB_HDR200_BW, LUSTRE_MDS_OPS, LUSTRE_OST_BW, METADATA_OPS_PER_FILE,
    NVME_GEN4_SEQ_BW, NVME_READ_LATENCY, S3_EGRESS_TIERS,
};
use crate::laws::data::{tiered_egress_cost, transfer_time};
use crate::laws::io::{fed_utilization, loader_throughput, metadata_ops_rate};
use crate::laws::memory::{Optimizer, training_memory};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "lustre",
        label: "Distributed file system (Lustre)",
    },
    Choice {
        value: "nvme",
        label: "Local NVMe (4 drives per node)",
    },
];

const PATTERNS: &[Choice] = &[
    Choice {
        value: "sequential",
        label: "Sequential shards",
    },
    Choice {
        value: "random",
        label: "Random small reads",
    },
    Choice {
        value: "prefetch",
        label: "Random reads, 4 in flight per worker",
    },
];

const DATASETS: &[Choice] = &[
    Choice {
        value: "shards",
        label: "~1,000 large shards",
    },
    Choice {
        value: "files",
        label: "~100 million individual files",
    },
    Choice {
        value: "object",
        label: "Object store (key-addressed)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Storage",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "lustre",
        },
    },
    InputDef {
        name: "workers",
        label: "Loader workers per GPU",
        kind: InputKind::Range {
            min: 1.0,
            max: 16.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "batch",
        label: "Batch size",
        kind: InputKind::Range {
            min: 32.0,
            max: 512.0,
            step: 32.0,
            default: 64.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "osts",
        label: "Active OSTs",
        kind: InputKind::Range {
            min: 4.0,
            max: 48.0,
            step: 4.0,
            default: 24.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "pattern",
        label: "Access pattern",
        kind: InputKind::Choice {
            options: PATTERNS,
            default: "random",
        },
    },
    InputDef {
        name: "gpus2",
        label: "GPUs",
        kind: InputKind::Range {
            min: 128.0,
            max: 4096.0,
            step: 128.0,
            default: 512.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "workers2",
        label: "Loader workers per GPU",
        kind: InputKind::Range {
            min: 1.0,
            max: 16.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "mds",
        label: "Metadata servers",
        kind: InputKind::Range {
            min: 1.0,
            max: 8.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "dataset",
        label: "Dataset layout",
        kind: InputKind::Choice {
            options: DATASETS,
            default: "shards",
        },
    },
];

/// Values of `act1_bottleneck`.
const BOTTLENECKS: &[Choice] = &[
    Choice {
        value: "none",
        label: "none",
    },
    Choice {
        value: "loader",
        label: "loader workers",
    },
    Choice {
        value: "access_pattern",
        label: "small random reads",
    },
    Choice {
        value: "storage",
        label: "storage bandwidth",
    },
    Choice {
        value: "network",
        label: "storage network",
    },
];

/// Values of `util_zone`.
const UTIL_ZONES: &[Choice] = &[
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

/// Values of `act2_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "metadata",
        label: "the metadata server",
    },
    Choice {
        value: "bandwidth",
        label: "bandwidth",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("storage_gbs", "Storage bandwidth", Unit::GbPerS),
    num("demand_mb_s", "Input each GPU consumes", Unit::MbPerS),
    num("demand_total_gbs", "Input all GPUs consume", Unit::GbPerS),
    num(
        "demand_share_pct",
        "Share of storage bandwidth needed",
        Unit::Percent,
    ),
    num(
        "network_util_pct",
        "Node storage-link utilization",
        Unit::Percent,
    ),
    num("in_flight", "Reads in flight per GPU", Unit::None),
    num(
        "supply_mb_s",
        "Input the loader delivers per GPU",
        Unit::MbPerS,
    ),
    num("util_pct", "GPU utilization", Unit::Percent),
    num("io_wait_ms", "I/O wait per step", Unit::Ms),
    num("step_compute_ms", "Compute per step", Unit::Ms),
    num("delivered_gbs", "Delivered I/O throughput", Unit::GbPerS),
    choice("act1_bottleneck", "Binding limit", BOTTLENECKS),
    choice("util_zone", "Pipeline health", UTIL_ZONES),
    flag("gpu_starved", "GPUs starved: utilization below 50%"),
    num(
        "shard_util_pct",
        "Utilization with sequential shards",
        Unit::Percent,
    ),
    num("bw_demand_gbs", "Bandwidth demand", Unit::GbPerS),
    num("bw_supply_gbs", "Bandwidth supply", Unit::GbPerS),
    num("bw_margin", "Supply ÷ demand", Unit::Ratio),
    num("meta_ops", "Metadata demand", Unit::OpsPerS),
    num("meta_kops", "Metadata demand (thousands)", Unit::None),
    num("mds_capacity_ops", "Metadata capacity", Unit::OpsPerS),
    // Offered load: demand ÷ capacity, above 100 % when the servers are saturated.
    num(
        "mds_util_pct",
        "Metadata load (demand ÷ capacity)",
        Unit::Percent,
    )
    .unbounded(),
    num("mds_needed", "Metadata servers needed", Unit::None),
    num("connections", "Concurrent loader connections", Unit::None),
    num("ops_shards", "Metadata demand, shards", Unit::OpsPerS),
    num(
        "ops_files",
        "Metadata demand, individual files",
        Unit::OpsPerS,
    ),
    num("ops_object", "Metadata demand, object store", Unit::OpsPerS),
    num("act2_util_pct", "GPU utilization", Unit::Percent),
    choice("act2_cause", "What breaks first", CAUSES),
    flag("mds_saturated", "Metadata server saturated"),
    flag("mds_warn", "Metadata server above 60%"),
    num("gravity_hours", "Move 100 TB over 100 GbE", Unit::Hours),
    num("gravity_egress_usd", "Egress for 100 TB", Unit::Usd),
    num("idle_gpu_day_usd", "512 H100 idle for a day", Unit::Usd),
    num("hbm_over_nvme", "HBM ÷ one NVMe drive", Unit::Ratio),
    num("ckpt_gb", "175B checkpoint with Adam state", Unit::Gb),
    num(
        "ckpt_write_gbs",
        "Bandwidth to write it in 30 s",
        Unit::GbPerS,
    ),
    num(
        "ckpt_share_pct",
        "Share of the file system's bandwidth",
        Unit::Percent,
    ),
];

/// One training sample; 64 of them are the chapter's 4 MB batch.
const SAMPLE: Bytes = Bytes::kb(62.5);
/// GPU compute per sample: 50 ms per batch of 64.
const COMPUTE_PER_SAMPLE: Seconds = Seconds::new(0.050 / 64.0);
/// GPUs sharing the file system in Act I, and OSTs in the Act II plan.
const ACT1_GPUS: f64 = 128.0;
const ACT2_OSTS: f64 = 48.0;
/// NVMe drives per node in the local-storage context.
const NVME_PER_NODE: f64 = 4.0;
/// Requests in flight per worker when prefetching random reads.
const PREFETCH_DEPTH: f64 = 4.0;
/// Samples per shard: 100 M samples in ~1,000 shards.
const SAMPLES_PER_SHARD: f64 = 100_000.0;
/// Below this utilization the GPUs are starved; at or above 80 % healthy.
const STARVED: f64 = 0.5;
const HEALTHY: f64 = 0.8;
/// Metadata warning threshold.
const MDS_WARN: f64 = 0.6;
/// Data-gravity comparison: 100 TB, 512 GPUs idle for 24 h.
const GRAVITY_DATA: Bytes = Bytes::tb(100.0);
const GRAVITY_GPUS: f64 = 512.0;
/// Takeaway (3): a 175B model's checkpoint written in 30 s.
const CKPT_PARAMS: f64 = 175e9;
const CKPT_WINDOW: Seconds = Seconds::new(30.0);

/// Decode-limited streaming rate of one loader worker.
fn decode_cap() -> Bandwidth {
    DGX_SHARD_READ_BW.value * (1.0 / DGX_GPUS_PER_NODE.value)
}

/// Latency of one small random read: on Lustre, derived from the per-node random-read figure
/// with one loader per GPU (62.5 KB at 8.75 MB/s = 7.14 ms); on local NVMe, ~100 µs.
fn small_read_latency(nvme: bool) -> Seconds {
    if nvme {
        NVME_READ_LATENCY.value
    } else {
        SAMPLE / (DGX_RANDOM_READ_BW.value * (1.0 / DGX_GPUS_PER_NODE.value))
    }
}

/// What one loader worker fetches for a pattern.
fn per_worker(pattern: &str, nvme: bool) -> Bandwidth {
    let lat = small_read_latency(nvme);
    match pattern {
        "sequential" => decode_cap(),
        "prefetch" => loader_throughput(PREFETCH_DEPTH, SAMPLE, lat).min(decode_cap()),
        _ => loader_throughput(1.0, SAMPLE, lat).min(decode_cap()),
    }
}

fn mb_s(b: Bandwidth) -> f64 {
    b.as_gb_per_s() * 1e3
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let nvme = i.t("context") == "nvme";
    let demand = SAMPLE / COMPUTE_PER_SAMPLE;

    // Act I: 128 GPUs on Lustre, or one 8-GPU node on its own NVMe drives.
    let gpus = if nvme {
        DGX_GPUS_PER_NODE.value
    } else {
        ACT1_GPUS
    };
    let storage = if nvme {
        NVME_GEN4_SEQ_BW.value * NVME_PER_NODE
    } else {
        LUSTRE_OST_BW.value * i.n("osts")
    };
    let w = i.n("workers");
    let pattern = i.t("pattern");
    let depth = if pattern == "prefetch" {
        PREFETCH_DEPTH
    } else {
        1.0
    };
    let worker_limit = per_worker(pattern, nvme) * w;
    let storage_share = storage * (1.0 / gpus);
    // Local NVMe has no network leg; on Lustre a node's HDR200 storage link feeds 8 GPUs.
    let link_share = if nvme {
        storage_share
    } else {
        IB_HDR200_BW.value * (1.0 / DGX_GPUS_PER_NODE.value)
    };
    let supply = worker_limit.min(storage_share).min(link_share);
    let util = fed_utilization(supply, demand);
    let batch = i.n("batch");
    let t_c = COMPUTE_PER_SAMPLE * batch;
    let t_io = (SAMPLE * batch) / supply;
    let bottleneck = if util >= 1.0 {
        "none"
    } else if supply == worker_limit {
        if pattern == "sequential" {
            "loader"
        } else {
            "access_pattern"
        }
    } else if supply == storage_share {
        "storage"
    } else {
        "network"
    };
    let zone = if util >= HEALTHY {
        "healthy"
    } else if util >= STARVED {
        "degraded"
    } else {
        "starved"
    };
    let shard_supply = (decode_cap() * w).min(storage_share).min(link_share);
    o.num("storage_gbs", storage.as_gb_per_s())
        .num("demand_mb_s", mb_s(demand))
        .num("demand_total_gbs", (demand * gpus).as_gb_per_s())
        .num("demand_share_pct", 100.0 * ((demand * gpus) / storage))
        .num(
            "network_util_pct",
            if nvme {
                0.0
            } else {
                100.0 * ((demand * DGX_GPUS_PER_NODE.value) / IB_HDR200_BW.value)
            },
        )
        .num("in_flight", w * depth)
        .num("supply_mb_s", mb_s(supply))
        .num("util_pct", 100.0 * util)
        .num("io_wait_ms", (t_io - t_c).max(Seconds::ZERO).as_ms())
        .num("step_compute_ms", t_c.as_ms())
        .num("delivered_gbs", (supply.min(demand) * gpus).as_gb_per_s())
        .text("act1_bottleneck", bottleneck)
        .text("util_zone", zone)
        .flag("gpu_starved", util < STARVED)
        .num(
            "shard_util_pct",
            100.0 * fed_utilization(shard_supply, demand),
        );

    // Act II: the fleet plan. Bandwidth against the OSTs (or every node's own NVMe copy),
    // metadata against the metadata servers.
    let n2 = i.n("gpus2");
    let w2 = i.n("workers2");
    let dataset = i.t("dataset");
    let supply2 = if nvme {
        NVME_GEN4_SEQ_BW.value * (NVME_PER_NODE * n2 / DGX_GPUS_PER_NODE.value)
    } else {
        LUSTRE_OST_BW.value * ACT2_OSTS
    };
    let bw_demand = demand * n2;
    // Samples per second each GPU's loaders try to fetch, by layout.
    let demand_sps = demand.si() / SAMPLE.as_bytes();
    let sps = |ds: &str| -> f64 {
        let per = if ds == "shards" {
            decode_cap()
        } else {
            per_worker("random", nvme)
        };
        (per.si() / SAMPLE.as_bytes() * w2).min(demand_sps)
    };
    let ops_for = |ds: &str| -> f64 {
        if nvme || ds == "object" {
            return 0.0;
        }
        let per_file = if ds == "shards" {
            SAMPLES_PER_SHARD
        } else {
            1.0
        };
        metadata_ops_rate(n2 * sps(ds), per_file, METADATA_OPS_PER_FILE.value)
    };
    let ops = ops_for(dataset);
    let capacity = LUSTRE_MDS_OPS.value * i.n("mds");
    let mds_util = ops / capacity;
    // Per-GPU supply in samples/s: loaders, bandwidth share, metadata share.
    let meta_share = if ops > 0.0 {
        sps(dataset) * (capacity / ops).min(1.0)
    } else {
        f64::MAX
    };
    let bw_share = supply2.si() / n2 / SAMPLE.as_bytes();
    let act2_sps = sps(dataset).min(bw_share).min(meta_share);
    let saturated = ops > capacity;
    let cause = if saturated {
        "metadata"
    } else if bw_demand > supply2 {
        "bandwidth"
    } else {
        "none"
    };
    o.num("bw_demand_gbs", bw_demand.as_gb_per_s())
        .num("bw_supply_gbs", supply2.as_gb_per_s())
        .num("bw_margin", supply2 / bw_demand)
        .num("meta_ops", ops)
        .num("meta_kops", ops / 1e3)
        .num("mds_capacity_ops", capacity)
        .num("mds_util_pct", 100.0 * mds_util)
        .num("mds_needed", (ops / LUSTRE_MDS_OPS.value).ceil())
        .num("connections", n2 * w2)
        .num("ops_shards", ops_for("shards"))
        .num("ops_files", ops_for("files"))
        .num("ops_object", ops_for("object"))
        .num("act2_util_pct", 100.0 * (act2_sps / demand_sps).min(1.0))
        .text("act2_cause", cause)
        .flag("mds_saturated", saturated)
        .flag("mds_warn", !saturated && mds_util > MDS_WARN);

    // MathPeek: moving the data to the GPUs versus leaving the GPUs idle.
    let t = transfer_time(GRAVITY_DATA, ETH_100G_BW.value, 1.0);
    o.num("gravity_hours", t.as_hours())
        .num(
            "gravity_egress_usd",
            tiered_egress_cost(GRAVITY_DATA, &S3_EGRESS_TIERS.value).as_usd(),
        )
        .num(
            "idle_gpu_day_usd",
            GRAVITY_GPUS * H100_USD_PER_HOUR.value * 24.0,
        );

    // Takeaways: the memory-storage gap and checkpoint bandwidth. A resumable checkpoint
    // holds FP16 weights and Adam's FP32 master copy and moments, not the gradients.
    let state = training_memory(CKPT_PARAMS, 2.0, Optimizer::AdamMixed, Bytes::ZERO);
    let ckpt = state.weights + state.optimizer;
    let write = ckpt / CKPT_WINDOW;
    o.num("hbm_over_nvme", H100.mem_bw.value / NVME_GEN4_SEQ_BW.value)
        .num("ckpt_gb", ckpt.as_gb())
        .num("ckpt_write_gbs", write.as_gb_per_s())
        .num("ckpt_share_pct", 100.0 * (write / supply2));
    o
}

/// The Vol 2 Lab 04 model.
pub const MODEL: Model = Model {
    id: "v2-04",
    title: "The I/O Bottleneck",
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

    fn cto_plan() -> Values {
        eval(&[
            ("gpus2", Value::Num(4096.0)),
            ("workers2", Value::Num(8.0)),
            ("mds", Value::Num(1.0)),
            ("dataset", Value::Text("files")),
        ])
    }

    #[test]
    fn act1_arithmetic_card() {
        let o = eval(&[]);
        // 62.5 KB / (50 ms / 64) = 80 MB/s per GPU; × 128 = 10.24 GB/s; 10.24 / 672 = 1.52 %.
        assert!((o.n("demand_mb_s") - 80.0).abs() < 1e-9);
        assert!((o.n("demand_total_gbs") - 10.24).abs() < 1e-9);
        assert!((o.n("storage_gbs") - 672.0).abs() < 1e-9);
        assert!((o.n("demand_share_pct") - 1.5238).abs() < 1e-4);
    }

    #[test]
    fn act1_prediction_keys_access_pattern() {
        let o = eval(&[]);
        // One worker, one 62.5 KB read in flight at 7.143 ms: 8.75 MB/s → 8.75 / 80 = 10.94 %.
        assert!((o.n("supply_mb_s") - 8.75).abs() < 1e-9);
        assert!((o.n("util_pct") - 10.9375).abs() < 1e-9);
        assert_eq!(
            o.get("act1_bottleneck"),
            Some(Value::Text("access_pattern"))
        );
        // A: storage 1.5 % used; C: a node's 8 × 80 MB/s on a 25 GB/s link, 2.56 %.
        assert!(o.n("demand_share_pct") < 2.0);
        assert!((o.n("network_util_pct") - 2.56).abs() < 1e-9);
        // D: 10.9 % is far below the 80 % a healthy pipeline reaches.
        assert_eq!(o.get("util_zone"), Some(Value::Text("starved")));
        // I/O wait: 4 MB / 8.75 MB/s = 457.14 ms − 50 ms compute = 407.14 ms.
        assert!((o.n("io_wait_ms") - 407.143).abs() < 1e-3);
        // Delivered: 128 × 8.75 MB/s = 1.12 GB/s.
        assert!((o.n("delivered_gbs") - 1.12).abs() < 1e-9);
    }

    #[test]
    fn act1_failure_and_reflection() {
        // Starved at the defaults (the story); sequential shards: 350 MB/s per worker → 100 %.
        assert_eq!(eval(&[]).get("gpu_starved"), Some(Value::Bool(true)));
        let o = eval(&[("pattern", Value::Text("sequential"))]);
        assert!((o.n("util_pct") - 100.0).abs() < 1e-9);
        assert_eq!(o.get("gpu_starved"), Some(Value::Bool(false)));
        assert_eq!(o.get("act1_bottleneck"), Some(Value::Text("none")));
        assert!((eval(&[]).n("shard_util_pct") - 100.0).abs() < 1e-9);
        // Prefetching 4 reads per worker: 35 MB/s → 43.75 %, still starved; 3 workers → 100 %.
        let o = eval(&[("pattern", Value::Text("prefetch"))]);
        assert!((o.n("util_pct") - 43.75).abs() < 1e-9);
        assert_eq!(o.get("gpu_starved"), Some(Value::Bool(true)));
        let o = eval(&[
            ("pattern", Value::Text("prefetch")),
            ("workers", Value::Num(3.0)),
        ]);
        assert!((o.n("util_pct") - 100.0).abs() < 1e-9);
        // Random reads need ⌈80 / 8.75⌉ = 10 workers; 9 give 98.4 %.
        let o = eval(&[("workers", Value::Num(10.0))]);
        assert!((o.n("util_pct") - 100.0).abs() < 1e-9);
        let o = eval(&[("workers", Value::Num(9.0))]);
        assert!((o.n("util_pct") - 98.4375).abs() < 1e-9);
        // Back to one worker: starved again.
        assert_eq!(
            eval(&[("workers", Value::Num(1.0))]).get("gpu_starved"),
            Some(Value::Bool(true))
        );
    }

    #[test]
    fn act1_properties() {
        // Utilization never falls with more workers, and the batch size does not change it
        // (a bigger batch asks for proportionally more data).
        let mut prev = 0.0;
        for w in 1..=16 {
            let u = eval(&[("workers", Value::Num(w as f64))]).n("util_pct");
            assert!(u >= prev);
            prev = u;
        }
        let a = eval(&[("batch", Value::Num(32.0))]).n("util_pct");
        let b = eval(&[("batch", Value::Num(512.0))]).n("util_pct");
        assert!((a - b).abs() < 1e-9);
        // OSTs do not matter here: even 4 OSTs give 112 / 128 = 875 MB/s per GPU.
        let o = eval(&[("osts", Value::Num(4.0))]);
        assert!((o.n("util_pct") - 10.9375).abs() < 1e-9);
    }

    #[test]
    fn nvme_context_is_not_latency_bound() {
        // 100 µs reads: 625 MB/s, capped by decode at 350 MB/s ≫ 80 MB/s.
        let o = eval(&[("context", Value::Text("nvme"))]);
        assert!((o.n("util_pct") - 100.0).abs() < 1e-9);
        assert!((o.n("storage_gbs") - 28.0).abs() < 1e-9);
        // No metadata server: even individual files cause no MDS load.
        let o = eval(&[
            ("context", Value::Text("nvme")),
            ("dataset", Value::Text("files")),
        ]);
        assert_eq!(o.n("meta_ops"), 0.0);
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_prediction_keys_metadata() {
        let o = cto_plan();
        // Bandwidth: 4,096 × 80 MB/s = 327.68 GB/s against 48 × 28 = 1,344 GB/s: 4.1× margin.
        assert!((o.n("bw_demand_gbs") - 327.68).abs() < 1e-9);
        assert!((o.n("bw_supply_gbs") - 1344.0).abs() < 1e-9);
        assert!((o.n("bw_margin") - 4.1016).abs() < 1e-4);
        // Metadata: 8 workers × 140 files/s = 1,120 files/s per GPU; × 4,096 × 3 ops
        // = 13,762,560 ops/s against 50,000: 27,525 %, 276 servers needed.
        assert!((o.n("meta_ops") - 13_762_560.0).abs() < 1e-6);
        assert!((o.n("mds_util_pct") - 27_525.12).abs() < 1e-6);
        assert!((o.n("mds_needed") - 276.0).abs() < 1e-9);
        assert_eq!(o.get("act2_cause"), Some(Value::Text("metadata")));
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(true)));
        // C: OSTs add bandwidth only; the metadata demand does not depend on them.
        // The GPUs get 50,000 / 3 / 4,096 = 4.07 samples/s of 1,280: 0.32 %.
        assert!((o.n("act2_util_pct") - 0.3179).abs() < 1e-4);
        assert!((o.n("connections") - 32_768.0).abs() < 1e-9);
    }

    #[test]
    fn act2_failures_fire_and_clear() {
        let o = eval(&[]);
        // Shards at 512 GPUs: 512 × 1,280 / 100,000 × 3 = 19.66 ops/s.
        assert!((o.n("meta_ops") - 19.6608).abs() < 1e-9);
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(false)));
        assert_eq!(o.get("mds_warn"), Some(Value::Bool(false)));
        // Individual files at the defaults: 512 × 560 × 3 = 860,160 ops/s = 1,720 %.
        let o = eval(&[("dataset", Value::Text("files"))]);
        assert!((o.n("mds_util_pct") - 1720.32).abs() < 1e-6);
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(true)));
        // 128 GPUs, 1 worker: 128 × 140 × 3 = 53,760: 107.5 % on one MDS, 53.8 % on two.
        let small = |mds: f64| {
            eval(&[
                ("dataset", Value::Text("files")),
                ("gpus2", Value::Num(128.0)),
                ("workers2", Value::Num(1.0)),
                ("mds", Value::Num(mds)),
            ])
        };
        assert_eq!(small(1.0).get("mds_saturated"), Some(Value::Bool(true)));
        assert_eq!(small(2.0).get("mds_saturated"), Some(Value::Bool(false)));
        assert_eq!(small(2.0).get("mds_warn"), Some(Value::Bool(false)));
        // 3 workers on 4 MDS: 161,280 / 200,000 = 80.6 %: warning only.
        let o = eval(&[
            ("dataset", Value::Text("files")),
            ("gpus2", Value::Num(128.0)),
            ("workers2", Value::Num(3.0)),
            ("mds", Value::Num(4.0)),
        ]);
        assert_eq!(o.get("mds_warn"), Some(Value::Bool(true)));
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(false)));
        // Back to shards: clear.
        assert_eq!(
            eval(&[("dataset", Value::Text("shards"))]).get("mds_saturated"),
            Some(Value::Bool(false))
        );
    }

    #[test]
    fn act2_reflection_object_store_has_no_mds() {
        let o = cto_plan();
        assert_eq!(o.n("ops_object"), 0.0);
        assert!(o.n("ops_files") > 1e7);
        let o = eval(&[
            ("gpus2", Value::Num(4096.0)),
            ("workers2", Value::Num(8.0)),
            ("dataset", Value::Text("object")),
        ]);
        assert_eq!(o.get("mds_saturated"), Some(Value::Bool(false)));
        // Loader-bound at 1,120 of 1,280 samples/s: 87.5 %.
        assert!((o.n("act2_util_pct") - 87.5).abs() < 1e-9);
    }

    #[test]
    fn mathpeek_and_takeaways() {
        let o = eval(&[]);
        // 100 TB / 12.5 GB/s = 8,000 s = 2.22 h. Egress: 1e14 B = 93,132.26 GiB (AWS's "GB"):
        // 10,240 × $0.09 + 40,960 × $0.085 + 41,932.26 × $0.07 = 921.60 + 3,481.60 + 2,935.26
        // = $7,338.46.
        assert!((o.n("gravity_hours") - 2.2222).abs() < 1e-4);
        assert!((o.n("gravity_egress_usd") - 7_338.46).abs() < 0.01);
        // 512 × $3 × 24 = $36,864.
        assert!((o.n("idle_gpu_day_usd") - 36_864.0).abs() < 1e-9);
        // 3,350 / 7 = 478.6×.
        assert!((o.n("hbm_over_nvme") - 478.57).abs() < 0.01);
        // 175e9 × (2 + 12) B = 2,450 GB; / 30 s = 81.67 GB/s = 6.08 % of 1,344 GB/s.
        assert!((o.n("ckpt_gb") - 2450.0).abs() < 1e-9);
        assert!((o.n("ckpt_write_gbs") - 81.667).abs() < 1e-3);
        assert!((o.n("ckpt_share_pct") - 6.0764).abs() < 1e-4);
    }

    #[test]
    fn metadata_grows_with_gpus_and_workers() {
        let mut prev = 0.0;
        for g in (128..=4096).step_by(128) {
            let o = eval(&[
                ("dataset", Value::Text("files")),
                ("gpus2", Value::Num(g as f64)),
            ]);
            assert!(o.n("meta_ops") > prev);
            prev = o.n("meta_ops");
        }
    }
}
