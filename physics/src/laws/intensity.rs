//! Arithmetic intensity of common kernels (FLOPs per byte of DRAM traffic) and their time on
//! a roofline. Traffic assumes each operand crosses DRAM once (perfect on-chip reuse), so the
//! intensities are upper bounds and the times lower bounds.

use crate::laws::roofline;
use crate::units::{Bandwidth, Bytes, FlopRate, Flops, Seconds};

/// The work and the DRAM traffic of one kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kernel {
    pub flops: Flops,
    pub bytes: Bytes,
}

impl Kernel {
    /// FLOPs per byte.
    pub fn intensity(&self) -> f64 {
        self.flops / self.bytes.max(Bytes::new(1e-30))
    }
    /// Throughput the roofline allows at this intensity.
    pub fn attainable(&self, peak: FlopRate, bw: Bandwidth) -> FlopRate {
        roofline(peak, bw, self.intensity())
    }
    /// Time at the attainable throughput: `max(FLOPs / peak, bytes / BW)`.
    pub fn time(&self, peak: FlopRate, bw: Bandwidth) -> Seconds {
        (self.flops / peak).max(self.bytes / bw)
    }
}

/// `(m × k) · (k × n)`: `2mkn` FLOPs; reads A (`m·k` at `act_bytes`) and B (`k·n` at
/// `weight_bytes`), writes C (`m·n` at `act_bytes`).
pub fn gemm(m: f64, k: f64, n: f64, act_bytes: f64, weight_bytes: f64) -> Kernel {
    Kernel {
        flops: Flops::new(2.0 * m * k * n),
        bytes: Bytes::new((m * k + m * n) * act_bytes + k * n * weight_bytes),
    }
}

/// Square GEMM of side `n` with every operand at `bytes_per_value`: `2n³` FLOPs over `3n²·b`
/// bytes, so the intensity is `2n / (3b)`.
pub fn square_gemm(n: f64, bytes_per_value: f64) -> Kernel {
    gemm(n, n, n, bytes_per_value, bytes_per_value)
}

/// An elementwise or reduction pass over `elements` values.
pub fn elementwise(elements: f64, flops_per_element: f64, bytes_per_element: f64) -> Kernel {
    Kernel {
        flops: Flops::new(elements * flops_per_element),
        bytes: Bytes::new(elements * bytes_per_element),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::H100;

    #[test]
    fn square_gemm_intensity() {
        // N = 512, FP16: 2 × 512 / 6 = 170.7 FLOP/B; N = 885: 295 (the H100 ridge).
        assert!((square_gemm(512.0, 2.0).intensity() - 170.666_667).abs() < 1e-5);
        assert!((square_gemm(885.0, 2.0).intensity() - 295.0).abs() < 1e-9);
        // 170.7 × 3.35 TB/s = 571.7 TFLOP/s attainable, below the 989 roof.
        let k = square_gemm(512.0, 2.0);
        assert!(
            (k.attainable(H100.peak.value, H100.mem_bw.value).as_tflops() - 571.733).abs() < 1e-3
        );
    }

    #[test]
    fn projection_gemm_and_elementwise() {
        // 4,096 tokens × (4,096 × 4,096) FP16: 2·T·D² / ((2·T·D + D²) · 2) = 4,096² / 12,288 = 1,365.3.
        let g = gemm(4096.0, 4096.0, 4096.0, 2.0, 2.0);
        assert!((g.intensity() - 1_365.333).abs() < 1e-3);
        // 5 FLOP over 6 B per element: 0.833.
        assert!((elementwise(1e6, 5.0, 6.0).intensity() - 0.833_333).abs() < 1e-6);
        // Time is the larger roof: 1e6 elements × 6 B / 3.35 TB/s = 1.791 µs.
        let t = elementwise(1e6, 5.0, 6.0).time(H100.peak.value, H100.mem_bw.value);
        assert!((t.as_us() - 1.791_045).abs() < 1e-6);
    }
}
