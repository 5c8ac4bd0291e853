//! Data drift and retraining economics: the population stability index, and the optimal
//! retraining interval when the cost of staleness grows linearly with time.

/// Population stability index `PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)` between the expected
/// (training) and actual (serving) shares of matching bins. It equals the symmetric
/// Kullback–Leibler divergence `KL(a‖e) + KL(e‖a)`. Empty bins are floored at 10⁻⁶ so the
/// logarithm stays finite, as monitoring tools do.
pub fn psi(expected: &[f64], actual: &[f64]) -> f64 {
    expected
        .iter()
        .zip(actual)
        .map(|(&e, &a)| {
            let (e, a) = (e.max(1e-6), a.max(1e-6));
            (a - e) * (a / e).ln()
        })
        .sum()
}

/// Average cost per day of retraining every `interval_days` when one retraining costs
/// `retrain_usd` and staleness costs `drift_growth` dollars per day more each day since the
/// last retraining: `C_r / T + g · T / 2`.
pub fn retraining_cost_rate(interval_days: f64, retrain_usd: f64, drift_growth: f64) -> f64 {
    let t = interval_days.max(1e-9);
    retrain_usd / t + drift_growth * t / 2.0
}

/// The interval that minimises [`retraining_cost_rate`]: `T* = √(2 · C_r / g)` days. A
/// square root, so a 4× costlier retraining only doubles the interval.
pub fn optimal_retrain_interval(retrain_usd: f64, drift_growth: f64) -> f64 {
    (2.0 * retrain_usd.max(0.0) / drift_growth.max(1e-12)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_is_symmetric_kl() {
        // e = (0.5, 0.5), a = (0.6, 0.4): 0.1 ln 1.2 − 0.1 ln 0.8 = 0.018232 + 0.022314 = 0.040546.
        let p = psi(&[0.5, 0.5], &[0.6, 0.4]);
        assert!((p - 0.040_546).abs() < 1e-6);
        let kl =
            |x: &[f64], y: &[f64]| -> f64 { x.iter().zip(y).map(|(a, b)| a * (a / b).ln()).sum() };
        let j = kl(&[0.6, 0.4], &[0.5, 0.5]) + kl(&[0.5, 0.5], &[0.6, 0.4]);
        assert!((p - j).abs() < 1e-12);
        assert_eq!(psi(&[0.3, 0.7], &[0.3, 0.7]), 0.0);
    }

    #[test]
    fn square_root_optimum() {
        // C_r = $8,000, g = $500/day²: T* = √32 = 5.657 days; at T* both terms are $1,414/day.
        let t = optimal_retrain_interval(8000.0, 500.0);
        assert!((t - 5.656_854).abs() < 1e-6);
        assert!((retraining_cost_rate(t, 8000.0, 500.0) - 2_828.427).abs() < 1e-3);
        assert!(
            retraining_cost_rate(t, 8000.0, 500.0) < retraining_cost_rate(t * 1.5, 8000.0, 500.0)
        );
        assert!(
            retraining_cost_rate(t, 8000.0, 500.0) < retraining_cost_rate(t / 1.5, 8000.0, 500.0)
        );
        // 4× the cost doubles T*; 100× multiplies it by 10.
        assert!((optimal_retrain_interval(32_000.0, 500.0) / t - 2.0).abs() < 1e-12);
        assert!((optimal_retrain_interval(800_000.0, 500.0) / t - 10.0).abs() < 1e-12);
    }
}
