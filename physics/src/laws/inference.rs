//! LLM serving: forward-pass FLOPs, prefill and decode times on the roofline, and speculative
//! decoding.

use crate::laws::roofline;
use crate::units::{Bandwidth, Bytes, FlopRate, Flops, Seconds};

/// FLOPs of a forward pass over `tokens` tokens of a dense model: 2 per parameter per token
/// (one multiply and one add per weight).
pub fn forward_flops(params: f64, tokens: f64) -> Flops {
    Flops::new(2.0 * params.max(0.0) * tokens.max(0.0))
}

/// Time of a pass that does `ops` and moves `bytes`, bounded by the roofline:
/// `max(bytes / bw, ops / peak)`. Prefill (many tokens per weight read) lands on the compute
/// roof; decode (one token per sequence per weight read) on the bandwidth roof.
pub fn roofline_time(ops: Flops, bytes: Bytes, peak: FlopRate, bw: Bandwidth) -> Seconds {
    if ops.si() <= 0.0 {
        return bytes / bw;
    }
    if bytes.si() <= 0.0 {
        return ops / peak;
    }
    let attainable = roofline(peak, bw, ops / bytes);
    ops / attainable
}

/// Expected tokens produced per verification step of speculative decoding with `gamma` draft
/// tokens, each accepted with probability `alpha` (Leviathan, Kalman & Matias 2023, eq. 1):
/// `(1 − α^(γ+1)) / (1 − α)`.
pub fn speculative_tokens_per_step(alpha: f64, gamma: f64) -> f64 {
    let a = alpha.clamp(0.0, 0.999_999);
    let g = gamma.max(0.0);
    (1.0 - a.powf(g + 1.0)) / (1.0 - a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_is_bandwidth_bound_and_prefill_compute_bound() {
        let (peak, bw) = (FlopRate::tflops(989.0), Bandwidth::gb_per_s(3350.0));
        // Decode, 70B FP16, batch 1: 140 GB / 3,350 GB/s = 41.8 ms (the 0.042 ms of compute
        // is hidden under it).
        let t = roofline_time(forward_flops(70e9, 1.0), Bytes::gb(140.0), peak, bw);
        assert!((t.as_ms() - 41.791).abs() < 1e-3);
        // Prefill of 2,048 tokens: 2 × 70e9 × 2,048 / 989e12 = 289.9 ms > 41.8 ms of reading.
        let t = roofline_time(forward_flops(70e9, 2048.0), Bytes::gb(140.0), peak, bw);
        assert!((t.as_ms() - 289.9).abs() < 0.1);
    }

    #[test]
    fn speculative_reference_values() {
        // α = 0.8, γ = 4: (1 − 0.8⁵) / 0.2 = (1 − 0.32768) / 0.2 = 3.3616.
        assert!((speculative_tokens_per_step(0.8, 4.0) - 3.3616).abs() < 1e-12);
        // No drafts: one token per step.
        assert!((speculative_tokens_per_step(0.8, 0.0) - 1.0).abs() < 1e-12);
    }
}
