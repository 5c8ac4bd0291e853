//! The equal-variance binormal score model behind group-fairness trade-offs.
//!
//! Negatives score `N(0, 1)` and positives `N(d′, 1)`; `d′` is the classifier's separation
//! (AUC = Φ(d′/√2)). A group differs from another only in its base rate. Flagging everyone
//! above a threshold `t` gives `TPR = 1 − Φ(t − d′)` and `FPR = 1 − Φ(t)`, so one shared
//! threshold equalises error rates across groups while selection rates and precision (PPV)
//! follow the base rates: the setting of Chouldechova's and Kleinberg's impossibility results.

use crate::laws::fairness::Confusion;

/// Standard normal CDF Φ(x) (one implementation, in [`crate::laws::scores`]).
pub use crate::laws::scores::normal_cdf;

/// Inverse of Φ by bisection on [−40, 40] (Φ is monotone; 100 halvings reach f64 precision).
pub fn normal_quantile(p: f64) -> f64 {
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    solve_increasing(normal_cdf, p, -40.0, 40.0)
}

/// The `x` in `[lo, hi]` at which the increasing function `f` reaches `target` (bisection).
/// Returns an end of the interval when the target lies outside `f`'s range there.
pub fn solve_increasing(f: impl Fn(f64) -> f64, target: f64, lo: f64, hi: f64) -> f64 {
    let (mut lo, mut hi) = (lo, hi);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// A binormal classifier with separation `d′` between the class means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Binormal {
    pub separation: f64,
}

impl Binormal {
    /// True positive rate when flagging scores above `t`.
    pub fn tpr(&self, t: f64) -> f64 {
        1.0 - normal_cdf(t - self.separation)
    }
    /// False positive rate when flagging scores above `t`.
    pub fn fpr(&self, t: f64) -> f64 {
        1.0 - normal_cdf(t)
    }
    /// Confusion shares (summing to 1) for a group with base rate `prevalence`.
    pub fn confusion(&self, prevalence: f64, t: f64) -> Confusion {
        let p = prevalence.clamp(0.0, 1.0);
        let (tpr, fpr) = (self.tpr(t), self.fpr(t));
        Confusion {
            tp: p * tpr,
            fn_: p * (1.0 - tpr),
            fp: (1.0 - p) * fpr,
            tn: (1.0 - p) * (1.0 - fpr),
        }
    }
    /// Area under the ROC curve: Φ(d′/√2).
    pub fn auc(&self) -> f64 {
        normal_cdf(self.separation / std::f64::consts::SQRT_2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_reference_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        // Φ(1) = 0.841345, Φ(−1.96) = 0.024998.
        assert!((normal_cdf(1.0) - 0.841_345).abs() < 1e-6);
        assert!((normal_cdf(-1.96) - 0.024_998).abs() < 1e-6);
        // Φ⁻¹(0.975) = 1.959964.
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-5);
    }

    #[test]
    fn shared_threshold_equalises_error_rates_not_precision() {
        let m = Binormal { separation: 3.0 };
        // t = 1.5 + Φ⁻¹(0.8) = 2.3416: TPR = Φ(0.6584) = 0.7449, FPR = 1 − Φ(2.3416) = 0.0096.
        let t = 1.5 + normal_quantile(0.8);
        let (a, b) = (m.confusion(0.02, t), m.confusion(0.10, t));
        assert!((a.tpr() - 0.7449).abs() < 1e-4 && (a.tpr() - b.tpr()).abs() < 1e-12);
        assert!((a.fpr() - 0.0096).abs() < 1e-4 && (a.fpr() - b.fpr()).abs() < 1e-12);
        // PPV follows the base rate: 0.02·0.7449 / (0.02·0.7449 + 0.98·0.0096) = 0.613 vs 0.896.
        assert!((a.ppv() - 0.613).abs() < 1e-3 && (b.ppv() - 0.896).abs() < 1e-3);
        // AUC of d′ = 3: Φ(2.1213) = 0.9831.
        assert!((m.auc() - 0.9831).abs() < 1e-4);
    }
}
