//! Training throughput: the 6N FLOPs-per-token rule and model FLOPs utilisation (MFU).

use crate::units::{FlopRate, Flops};

/// FLOPs to train on one token of a dense model with `params` parameters: 2N forward plus 4N
/// backward (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §2.1).
pub fn training_flops_per_token(params: f64) -> Flops {
    Flops::new(6.0 * params.max(0.0))
}

/// Tokens per second a cluster of `gpus` devices of peak `peak` trains at a given MFU (0-1):
/// `MFU · peak · gpus / 6N`.
pub fn training_tokens_per_s(params: f64, peak: FlopRate, gpus: f64, mfu: f64) -> f64 {
    let per_token = training_flops_per_token(params).si();
    if per_token <= 0.0 {
        return 0.0;
    }
    mfu.clamp(0.0, 1.0) * peak.si() * gpus.max(0.0) / per_token
}

/// Model FLOPs utilisation of a run that trains `tokens_per_s`: useful FLOP/s over the
/// cluster's peak.
pub fn mfu(tokens_per_s: f64, params: f64, peak: FlopRate, gpus: f64) -> f64 {
    let cluster = peak.si() * gpus.max(0.0);
    if cluster <= 0.0 {
        return 0.0;
    }
    tokens_per_s * training_flops_per_token(params).si() / cluster
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventy_b_on_512_h100() {
        // 0.35 × 989e12 × 512 / (6 × 70e9) = 1.7723e17 / 4.2e11 = 421,973 tokens/s.
        let t = training_tokens_per_s(70e9, FlopRate::tflops(989.0), 512.0, 0.35);
        assert!((t - 421_973.3).abs() < 0.1);
        // And back.
        assert!((mfu(t, 70e9, FlopRate::tflops(989.0), 512.0) - 0.35).abs() < 1e-12);
    }
}
