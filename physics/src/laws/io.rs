//! Feeding accelerators from storage: how fast a data loader can read (Little's law on its
//! outstanding requests), how much metadata traffic a dataset layout causes, and what share
//! of the time the GPU computes when the loader is slower than it.

use crate::units::{Bandwidth, Bytes, Seconds};

/// Throughput of a reader that keeps `in_flight` requests of `request` bytes outstanding,
/// each taking `latency`: by Little's law `λ = L / W`, so `in_flight · request / latency`.
pub fn loader_throughput(in_flight: f64, request: Bytes, latency: Seconds) -> Bandwidth {
    (request * in_flight.max(0.0)) / Seconds::new(latency.as_s().max(1e-12))
}

/// Average rotational latency of a disk spinning at `rpm`: half a revolution, `30 / rpm` s
/// (4.17 ms at 7,200 rpm).
pub fn rotational_latency(rpm: f64) -> Seconds {
    Seconds::new(30.0 / rpm.max(1e-9))
}

/// Read rate for whole files of `file` bytes fetched at random: each request pays `access`
/// (seek and rotation on a disk, the flash read on an SSD) and then transfers at the
/// sequential `media` rate; `in_flight` requests overlap (Little's law,
/// `loader_throughput`), but never beyond the media rate. A disk has one actuator, so it
/// serves one request at a time (`in_flight` = 1).
pub fn random_read_rate(
    file: Bytes,
    access: Seconds,
    media: Bandwidth,
    in_flight: f64,
) -> Bandwidth {
    let per_request = access + file / media;
    loader_throughput(in_flight, file, per_request).min(media)
}

/// Metadata operations per second a dataset layout causes: files opened per second
/// (samples per second ÷ samples per file) times the metadata operations per file (open,
/// stat, close...).
pub fn metadata_ops_rate(samples_per_s: f64, samples_per_file: f64, ops_per_file: f64) -> f64 {
    samples_per_s.max(0.0) / samples_per_file.max(1.0) * ops_per_file.max(0.0)
}

/// Share of time the accelerator computes when input is prefetched asynchronously: the step
/// takes `max(t_compute, t_io)`, so utilization is `min(1, supply / demand)`.
pub fn fed_utilization(supply: Bandwidth, demand: Bandwidth) -> f64 {
    if demand.si() <= 0.0 {
        return 1.0;
    }
    (supply / demand).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn little_law_reader() {
        // One 62.5 KB request outstanding at 7.142857 ms: 8.75 MB/s; four at once: 35 MB/s.
        let lat = Seconds::new(62_500.0 / 8.75e6);
        let one = loader_throughput(1.0, Bytes::kb(62.5), lat);
        assert!((one.as_gb_per_s() * 1e3 - 8.75).abs() < 1e-9);
        let four = loader_throughput(4.0, Bytes::kb(62.5), lat);
        assert!((four.as_gb_per_s() * 1e3 - 35.0).abs() < 1e-9);
    }

    #[test]
    fn random_reads_of_small_files() {
        // 7,200 rpm: 30 / 7,200 = 4.167 ms. A 115 KB JPEG: 8.5 ms seek + 4.167 ms + 115 KB /
        // 150 MB/s (0.767 ms) = 13.433 ms per file, one at a time: 115 KB / 13.433 ms =
        // 8.561 MB/s (74.4 files/s), 5.7 % of the disk's sequential rate.
        let rot = rotational_latency(7200.0);
        assert!((rot.as_ms() - 4.166_7).abs() < 1e-4);
        let hdd = random_read_rate(
            Bytes::kb(115.0),
            Seconds::ms(8.5) + rot,
            Bandwidth::gb_per_s(0.15),
            1.0,
        );
        assert!((hdd.as_gb_per_s() * 1e3 - 8.561).abs() < 1e-3);
        // An SSD at 100 µs + 115 KB / 7 GB/s (16.43 µs) with 4 requests in flight: 4 × 115 KB /
        // 116.43 µs = 3.951 GB/s; with 32 in flight the 7 GB/s media rate caps it.
        let ssd = |n| {
            random_read_rate(
                Bytes::kb(115.0),
                Seconds::us(100.0),
                Bandwidth::gb_per_s(7.0),
                n,
            )
        };
        assert!((ssd(4.0).as_gb_per_s() - 3.951).abs() < 1e-3);
        assert_eq!(ssd(32.0).as_gb_per_s(), 7.0);
    }

    #[test]
    fn metadata_of_one_file_per_sample() {
        // 4,096 GPUs × 1,280 samples/s, one sample per file, 3 ops: 15,728,640 ops/s.
        let ops = metadata_ops_rate(4096.0 * 1280.0, 1.0, 3.0);
        assert!((ops - 15_728_640.0).abs() < 1e-6);
        // 100,000 samples per shard: 157.3 ops/s.
        assert!((metadata_ops_rate(4096.0 * 1280.0, 100_000.0, 3.0) - 157.286_4).abs() < 1e-9);
    }

    #[test]
    fn utilization_is_supply_over_demand() {
        // 8.75 of 80 MB/s: 10.94 %.
        let u = fed_utilization(Bandwidth::gb_per_s(0.00875), Bandwidth::gb_per_s(0.08));
        assert!((u - 0.109_375).abs() < 1e-12);
        assert_eq!(
            fed_utilization(Bandwidth::gb_per_s(1.0), Bandwidth::gb_per_s(0.08)),
            1.0
        );
    }
}
