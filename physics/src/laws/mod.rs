//! The shared laws, written once and reused by every lab model.
//!
//! This file holds the Iron Law and the roofline; each submodule one family of laws.

pub mod allreduce;
pub mod availability;
pub mod battery;
pub mod carbon;
pub mod classifier;
pub mod collective;
pub mod cost;
pub mod data;
pub mod dispatch;
pub mod dp_accounting;
pub mod drift;
pub mod energy;
pub mod fairness;
pub mod hierarchy;
pub mod inference;
pub mod intensity;
pub mod io;
pub mod memory;
pub mod parallelism;
pub mod pipeline;
pub mod priority;
pub mod privacy;
pub mod profiling;
pub mod quantization;
pub mod queueing;
pub mod reliability;
pub mod resilience;
pub mod robustness;
pub mod scaling;
pub mod scores;
pub mod slo;
pub mod spike;
pub mod throughput;
pub mod topology;
pub mod training;
pub mod transformer;
pub mod workflow;

use crate::units::{Bandwidth, Bytes, FlopRate, Flops, Meters, Seconds, Speed};

/// The three terms of the Iron Law of ML system performance,
/// `T = D/BW + O/(R·η) + L`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IronLaw {
    /// Data movement: `D / BW`.
    pub memory: Seconds,
    /// Computation: `O / (R·η)`.
    pub compute: Seconds,
    /// Fixed overhead `L` (dispatch, launch, propagation...).
    pub overhead: Seconds,
}

/// Which Iron Law term dominates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Memory,
    Compute,
}

impl Bound {
    pub const fn name(self) -> &'static str {
        match self {
            Bound::Memory => "memory",
            Bound::Compute => "compute",
        }
    }
}

impl IronLaw {
    /// Evaluates the law. `efficiency` (η) is clamped into (0, 1].
    pub fn new(
        data: Bytes,
        bw: Bandwidth,
        ops: Flops,
        peak: FlopRate,
        efficiency: f64,
        overhead: Seconds,
    ) -> Self {
        let eta = efficiency.clamp(1e-6, 1.0);
        Self {
            memory: data / bw,
            compute: ops / (peak * eta),
            overhead,
        }
    }
    /// `T`, the sum of the terms.
    pub fn total(&self) -> Seconds {
        self.memory + self.compute + self.overhead
    }
    /// The binding term between data movement and computation (the overhead term is fixed
    /// and is reported separately). Ties go to memory: moving the data is unavoidable.
    pub fn bound(&self) -> Bound {
        if self.memory >= self.compute {
            Bound::Memory
        } else {
            Bound::Compute
        }
    }
}

/// Arithmetic intensity at which a device moves from memory- to compute-bound (FLOP/B).
pub fn ridge_point(peak: FlopRate, bw: Bandwidth) -> f64 {
    peak / bw
}

/// Roofline: attainable throughput at arithmetic intensity `ai` (FLOP/B).
pub fn roofline(peak: FlopRate, bw: Bandwidth, ai: f64) -> FlopRate {
    FlopRate::per_s((bw.si() * ai).min(peak.si()))
}

/// Memory fit: how many times `need` exceeds `have` (≤ 1 fits).
pub fn oversubscription(need: Bytes, have: Bytes) -> f64 {
    need / have
}

/// Round-trip propagation delay over a fibre path of one-way length `distance`.
pub fn round_trip(distance: Meters, signal: Speed) -> Seconds {
    (distance / signal) * 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::H100;

    #[test]
    fn iron_law_resnet50_on_h100() {
        // D/BW = 0.1 GB / 3,350 GB/s = 0.02985 ms; O/R = 4 GFLOP / 989 TFLOP/s = 0.004045 ms.
        let t = IronLaw::new(
            Bytes::gb(0.1),
            H100.mem_bw.value,
            Flops::giga(4.0),
            H100.peak.value,
            1.0,
            Seconds::ms(0.01),
        );
        assert!((t.memory.as_ms() - 0.029_85).abs() < 1e-5);
        assert!((t.compute.as_ms() - 0.004_045).abs() < 1e-6);
        assert!((t.total().as_ms() - 0.043_895).abs() < 1e-5);
        assert_eq!(t.bound(), Bound::Memory);
    }

    #[test]
    fn roofline_is_min_of_roofs() {
        let bw = Bandwidth::tb_per_s(3.35);
        let peak = FlopRate::tflops(989.0);
        // Below the ridge (295 FLOP/B): 10 × 3.35 TB/s = 33.5 TFLOP/s.
        assert!((roofline(peak, bw, 10.0).as_tflops() - 33.5).abs() < 1e-9);
        assert_eq!(roofline(peak, bw, 1000.0).as_tflops(), 989.0);
    }

    #[test]
    fn light_round_trip() {
        // 1,000 km each way at 200,000 km/s: 2 × 5 ms = 10 ms.
        let t = round_trip(Meters::km(1000.0), Speed::km_per_s(200_000.0));
        assert!((t.as_ms() - 10.0).abs() < 1e-12);
    }
}
