//! Adversarial robustness: why tiny perturbations are large in high dimension, and what
//! adversarial training costs.

/// The linear view of adversarial examples (Goodfellow, Shlens & Szegedy 2015, §3): a step of
/// `epsilon` per input dimension aligned with `sign(w)` moves a linear unit by
/// `ε · ‖w‖₁ = ε · n · mean|w|`, which grows with the dimension `n` while the per-dimension
/// change stays invisible.
pub fn linear_logit_shift(epsilon: f64, dims: f64, mean_abs_weight: f64) -> f64 {
    epsilon.max(0.0) * dims.max(0.0) * mean_abs_weight.abs()
}

/// Training compute of K-step PGD adversarial training relative to standard training: every
/// example costs `K` attack gradient passes plus the training pass, `1 + K` (Madry et al. 2018).
pub fn pgd_training_cost(steps: f64) -> f64 {
    1.0 + steps.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // 224 × 224 × 3 = 150,528 pixels at ε = 8/255 with mean |w| = 0.01: 0.031373 × 150,528
        // × 0.01 = 47.2 logit units, from a per-pixel change of 3.1%.
        let s = linear_logit_shift(8.0 / 255.0, 150_528.0, 0.01);
        assert!((s - 47.224).abs() < 1e-3);
        assert_eq!(pgd_training_cost(7.0), 8.0);
    }
}
