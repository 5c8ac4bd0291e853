//! Differential privacy noise scales.

/// Laplace mechanism scale `b = Δ / ε`.
pub fn laplace_scale(sensitivity: f64, epsilon: f64) -> f64 {
    sensitivity / epsilon.max(1e-9)
}

/// Gaussian mechanism standard deviation `σ = Δ · √(2 ln(1.25/δ)) / ε` (valid for ε < 1;
/// labs that go beyond say so).
pub fn gaussian_sigma(sensitivity: f64, epsilon: f64, delta: f64) -> f64 {
    let delta = delta.clamp(1e-300, 0.999_999);
    sensitivity * (2.0 * (1.25 / delta).ln()).sqrt() / epsilon.max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        assert!((laplace_scale(1.0, 0.5) - 2.0).abs() < 1e-12);
        // Δ = 1, ε = 1, δ = 1e-5: √(2 ln 125,000) = √(23.4730) = 4.8449.
        assert!((gaussian_sigma(1.0, 1.0, 1e-5) - 4.844_9).abs() < 1e-4);
        // Smaller ε → more noise.
        assert!(gaussian_sigma(1.0, 0.1, 1e-5) > gaussian_sigma(1.0, 1.0, 1e-5));
    }
}
