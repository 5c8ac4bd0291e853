//! Speedup laws: Amdahl (fixed work) and Gustafson (scaled work).

/// Amdahl's law: speedup of a job whose `parallel` fraction is sped up `n` times.
/// `parallel` is clamped into [0, 1]; `n` below 1 is treated as 1.
pub fn amdahl(parallel: f64, n: f64) -> f64 {
    let p = parallel.clamp(0.0, 1.0);
    1.0 / ((1.0 - p) + p / n.max(1.0))
}

/// The ceiling of Amdahl's law as `n → ∞`: `1 / (1 − p)`.
pub fn amdahl_limit(parallel: f64) -> f64 {
    let serial = (1.0 - parallel.clamp(0.0, 1.0)).max(f64::MIN_POSITIVE);
    1.0 / serial
}

/// Gustafson's law: scaled speedup `(1 − p) + p·n`.
pub fn gustafson(parallel: f64, n: f64) -> f64 {
    let p = parallel.clamp(0.0, 1.0);
    (1.0 - p) + p * n.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_reference_values() {
        // p = 0.95, n = 20: 1 / (0.05 + 0.0475) = 10.256.
        assert!((amdahl(0.95, 20.0) - 10.256_41).abs() < 1e-4);
        // Limit 1 / 0.05 = 20.
        assert!((amdahl_limit(0.95) - 20.0).abs() < 1e-9);
        assert_eq!(amdahl(0.0, 1000.0), 1.0);
        // Gustafson p = 0.95, n = 20: 0.05 + 19 = 19.05.
        assert!((gustafson(0.95, 20.0) - 19.05).abs() < 1e-9);
    }

    #[test]
    fn amdahl_is_monotonic_in_n_and_bounded() {
        let mut prev = 0.0;
        for n in 1..200 {
            let s = amdahl(0.9, n as f64);
            assert!(s >= prev && s <= amdahl_limit(0.9) + 1e-9);
            prev = s;
        }
    }
}
