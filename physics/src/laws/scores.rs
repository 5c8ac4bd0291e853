//! Thresholded classifiers on Gaussian evidence: the normal CDF, and the error rates of a
//! calibrated binormal score model.
//!
//! The evidence `x` a model extracts is `N(+d/2, 1)` for positives and `N(−d/2, 1)` for
//! negatives (`d` is the separation; the ROC AUC is `Φ(d/√2)`). A *calibrated* score in a
//! population with base rate `r` is the posterior `P(y = 1 | x) = σ(logit r + d·x)`, so the
//! same evidence earns a higher score where positives are more common. Thresholding the score
//! at `t` therefore accepts `x > (logit t − logit r) / d`: one threshold on calibrated scores
//! is a different evidence cut in each group, which is why error rates differ between groups
//! with different base rates.

use crate::laws::fairness::Confusion;

/// Complementary error function (Numerical Recipes `erfcc`, Chebyshev fit; fractional error
/// below 1.2 × 10⁻⁷ everywhere).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let ans = t * erfcc_exponent(z, t).exp();
    if x >= 0.0 { ans } else { 2.0 - ans }
}

/// `ln erfc(x)`, finite deep in the right tail where `erfc` underflows (DP accounting needs
/// normal tails of e⁻¹⁰⁰⁰ and beyond): for `x ≥ 0` the log of the same fit, `ln t + exponent`.
pub fn log_erfc(x: f64) -> f64 {
    if x < 0.0 {
        return erfc(x).ln();
    }
    let t = 1.0 / (1.0 + 0.5 * x);
    t.ln() + erfcc_exponent(x, t)
}

/// The exponent of `erfcc`: `erfc(z) = t·exp(−z² + P(t))` for `z ≥ 0`, `t = 1/(1 + z/2)`.
fn erfcc_exponent(z: f64, t: f64) -> f64 {
    -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))))
}

/// Standard normal CDF `Φ(z) = erfc(−z/√2) / 2`.
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-9, 1.0 - 1e-9);
    (p / (1.0 - p)).ln()
}

/// Confusion shares (summing to 1) of a calibrated binormal classifier with separation `d`,
/// applied to a population with base rate `base_rate` and thresholded at score `threshold`.
pub fn calibrated_confusion(separation: f64, base_rate: f64, threshold: f64) -> Confusion {
    let d = separation.max(1e-6);
    let r = base_rate.clamp(1e-9, 1.0 - 1e-9);
    let cut = (logit(threshold) - logit(r)) / d;
    let tpr = normal_cdf(d / 2.0 - cut);
    let fpr = normal_cdf(-d / 2.0 - cut);
    Confusion {
        tp: r * tpr,
        fn_: r * (1.0 - tpr),
        fp: (1.0 - r) * fpr,
        tn: (1.0 - r) * (1.0 - fpr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::fairness::chouldechova_fpr;

    #[test]
    fn log_erfc_stays_finite_in_the_tail() {
        // Python math.log(math.erfc(x)): x = 10 → −102.87989, x = 0.5 → −0.735011,
        // x = −1 → 0.611232. x = 30 underflows erfc; the asymptotic series
        // −x² − ln(x√π) + ln(1 − 1/(2x²) + 3/(4x⁴)) gives −903.97412.
        for (x, want) in [
            (10.0, -102.879_89),
            (0.5, -0.735_011),
            (-1.0, 0.611_232),
            (30.0, -903.974_12),
        ] {
            let got = log_erfc(x);
            assert!(
                (got - want).abs() < 2e-6 * want.abs().max(1.0),
                "{x}: {got}"
            );
        }
    }

    #[test]
    fn normal_cdf_reference_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        // Φ(1) = 0.841345, Φ(1.96) = 0.975002, Φ(−2) = 0.022750.
        assert!((normal_cdf(1.0) - 0.841_345).abs() < 1e-6);
        assert!((normal_cdf(1.96) - 0.975_002).abs() < 1e-6);
        assert!((normal_cdf(-2.0) - 0.022_750).abs() < 1e-6);
    }

    #[test]
    fn balanced_population_at_even_odds() {
        // d = 2, r = 0.5, t = 0.5: cut at x = 0, TPR = Φ(1) = 0.8413, FPR = Φ(−1) = 0.1587.
        let c = calibrated_confusion(2.0, 0.5, 0.5);
        assert!((c.tpr() - 0.841_345).abs() < 1e-6);
        assert!((c.fpr() - 0.158_655).abs() < 1e-6);
        assert!((c.total() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn higher_base_rate_lowers_the_evidence_cut() {
        // r = 0.3: cut = (0 − logit 0.3) / 2 = 0.8473 / 2 = 0.4236;
        // TPR = Φ(1 − 0.4236) = Φ(0.5764) = 0.7178, FPR = Φ(−1.4236) = 0.0773.
        let a = calibrated_confusion(2.0, 0.3, 0.5);
        assert!((a.tpr() - 0.717_8).abs() < 1e-4);
        assert!((a.fpr() - 0.077_3).abs() < 1e-4);
        let b = calibrated_confusion(2.0, 0.5, 0.5);
        assert!(b.tpr() > a.tpr() && b.fpr() > a.fpr());
        // The counts obey Chouldechova's identity.
        let f = chouldechova_fpr(a.prevalence(), a.ppv(), a.tpr());
        assert!((f - a.fpr()).abs() < 1e-9);
    }
}
