//! Uniform integer quantization: code points, step size, rounding error, and the storage and
//! compression ratio of quantized (and pruned) weights.
//!
//! One scheme everywhere: symmetric, restricted range. A `b`-bit code covers
//! `[−max|x|, +max|x|]` with `2^(b−1) − 1` steps on each side of zero, so
//! `Q(x) = round(x / s)` with `s = max|x| / (2^(b−1) − 1)` and the rounding error inside the
//! range is at most `s / 2`.

use crate::units::Bytes;

/// Code points of a `bits`-bit integer format: `2^bits` (256 for INT8, 16 for INT4).
pub fn levels(bits: f64) -> f64 {
    2f64.powf(bits)
}

/// Symmetric step size `s = max|x| / (2^(b−1) − 1)`. Below 2 bits there is a single step on
/// each side of zero (a ternary code).
pub fn symmetric_step(max_abs: f64, bits: f64) -> f64 {
    let half = (2f64.powf(bits - 1.0) - 1.0).max(1.0);
    max_abs / half
}

/// Worst-case rounding error of a value inside the clipping range: half a step.
pub fn max_rounding_error(step: f64) -> f64 {
    step / 2.0
}

/// The step as a share of the represented range `2·max|x|`: `1 / (2^b − 2)`.
pub fn step_share_of_range(bits: f64) -> f64 {
    symmetric_step(1.0, bits) / 2.0
}

/// Compression ratio of storing `from_bits` values as `to_bits` values after structurally
/// removing a fraction `pruned` of them: `from / (to · (1 − pruned))`.
pub fn compression_ratio(from_bits: f64, to_bits: f64, pruned: f64) -> f64 {
    let kept = (1.0 - pruned.clamp(0.0, 0.999)).max(1e-3);
    from_bits / (to_bits.max(1e-9) * kept)
}

/// Storage for `params` weights at `bits` each with a fraction `pruned` removed. Structured
/// pruning drops whole rows and needs no index (`mask_bits = 0`); unstructured pruning keeps
/// the tensor shape and must record which weights survive, e.g. one mask bit per original
/// weight.
pub fn weight_bytes(params: f64, bits: f64, pruned: f64, mask_bits: f64) -> Bytes {
    let kept = 1.0 - pruned.clamp(0.0, 1.0);
    Bytes::new(params * (bits * kept + mask_bits) / 8.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int8_and_int4_steps() {
        assert_eq!(levels(8.0), 256.0);
        assert_eq!(levels(4.0), 16.0);
        // INT8: max / 127; INT4: max / 7.
        assert!((symmetric_step(1.0, 8.0) - 1.0 / 127.0).abs() < 1e-15);
        assert!((symmetric_step(1.0, 4.0) - 1.0 / 7.0).abs() < 1e-15);
        // Step ratio INT4 / INT8 = 127 / 7 = 18.14: 4 fewer bits, ~2⁴ coarser.
        let r = symmetric_step(1.0, 4.0) / symmetric_step(1.0, 8.0);
        assert!((r - 18.142_857).abs() < 1e-6);
        // Share of range: 1 / 254 = 0.394 % (INT8), 1 / 14 = 7.14 % (INT4).
        assert!((step_share_of_range(8.0) - 1.0 / 254.0).abs() < 1e-15);
        assert!((step_share_of_range(4.0) - 1.0 / 14.0).abs() < 1e-15);
        // Error bound: half of max/127 = 0.003937 × max.
        assert!((max_rounding_error(symmetric_step(1.0, 8.0)) - 0.003_937).abs() < 1e-6);
    }

    #[test]
    fn storage_and_compression() {
        // 8e9 weights at INT4 with half the rows removed: 8e9 × 4 × 0.5 / 8 = 2 GB; 32 / 2 = 16×.
        assert!((weight_bytes(8e9, 4.0, 0.5, 0.0).as_gb() - 2.0).abs() < 1e-12);
        assert!((compression_ratio(32.0, 4.0, 0.5) - 16.0).abs() < 1e-12);
        // Unstructured 50 % with a 1-bit mask: (4 × 0.5 + 1) / 8 × 8e9 = 3 GB.
        assert!((weight_bytes(8e9, 4.0, 0.5, 1.0).as_gb() - 3.0).abs() < 1e-12);
    }
}
