//! Feeding accelerators from storage: how fast a data loader can read (Little's law on its
//! outstanding requests), how much metadata traffic a dataset layout causes, and what share
//! of the time the GPU computes when the loader is slower than it.

use crate::units::{Bandwidth, Bytes, Seconds};

/// Throughput of a reader that keeps `in_flight` requests of `request` bytes outstanding,
/// each taking `latency`: by Little's law `λ = L / W`, so `in_flight · request / latency`.
pub fn loader_throughput(in_flight: f64, request: Bytes, latency: Seconds) -> Bandwidth {
    (request * in_flight.max(0.0)) / Seconds::new(latency.as_s().max(1e-12))
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
