//! Privacy accounting for DP-SGD and what a privacy budget means for membership inference.
//!
//! DP-SGD adds Gaussian noise of standard deviation `z·C` (noise multiplier `z`, clip norm
//! `C`) to each step's summed, clipped gradients over a lot sampled with rate `q`. The
//! privacy loss of the whole run follows from Rényi DP: the sampled Gaussian mechanism's RDP
//! at each order, summed over steps, then converted to (ε, δ). The clip norm cancels out:
//! ε depends only on `q`, `z`, the number of steps and δ.
//!
//! The accountant is the one the standard tools run (Google's `dp-accounting`
//! `RdpAccountant`, which TF-Privacy's `compute_dp_sgd_privacy` and Opacus's
//! `privacy_analysis` share): the same RDP of the Poisson-sampled Gaussian at integer and
//! fractional orders, the same default grid of orders and the same RDP → (ε, δ) conversion.

use crate::laws::scores::log_erfc;

/// RDP of the Poisson-sampled Gaussian mechanism at order `alpha` > 1 (Mironov, Talwar &
/// Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism", §3.3):
/// `ε(α) = ln A_α / (α − 1)`. For integer α, `A_α = Σₖ C(α,k)·(1−q)^(α−k)·q^k·exp((k² − k) / 2z²)`;
/// for fractional α, the two-sided series of §3.3 with complementary error functions. Both
/// are summed in log space so tiny noise multipliers give large finite values instead of
/// overflow, term for term as `dp_accounting.rdp.rdp_privacy_accountant` computes them. The
/// fractional series uses `laws::scores::log_erfc` (relative error < 1.2 × 10⁻⁷ where SciPy's
/// is exact), which puts a floor of ~3 × 10⁻⁷ under the RDP at orders below 2 when the noise
/// is large; those orders are then far from the best ε, which is unaffected.
pub fn sampled_gaussian_rdp(q: f64, noise_multiplier: f64, alpha: f64) -> f64 {
    let q = q.clamp(0.0, 1.0);
    let a = alpha.max(1.01);
    if q == 0.0 {
        return 0.0;
    }
    let sigma = noise_multiplier.max(1e-6);
    if q == 1.0 {
        // No subsampling: the plain Gaussian mechanism, α / 2z².
        return a / (2.0 * sigma * sigma);
    }
    let log_a = if a.fract() == 0.0 {
        log_a_int(q, sigma, a as u32)
    } else {
        log_a_frac(q, sigma, a)
    };
    (log_a / (a - 1.0)).max(0.0)
}

fn log_a_int(q: f64, sigma: f64, a: u32) -> f64 {
    let z2 = sigma * sigma;
    let (lq, l1q) = (q.ln(), (-q).ln_1p());
    let mut log_binom = 0.0; // ln C(a, 0)
    let mut acc = f64::NEG_INFINITY;
    for k in 0..=a {
        if k > 0 {
            log_binom += ((a - k + 1) as f64).ln() - (k as f64).ln();
        }
        let kf = k as f64;
        let term = log_binom + kf * lq + (a - k) as f64 * l1q + (kf * kf - kf) / (2.0 * z2);
        acc = log_add(acc, term);
    }
    acc
}

/// Fractional orders: `A_α` splits at `z₀ = σ² ln(1/q − 1) + ½` into two series whose terms
/// carry `|C(α, i)|` (the generalised binomial, whose sign alternates past `i > α`; summing
/// magnitudes is the upper bound `dp-accounting` uses) and normal tails. Stops when both
/// series shrink and their terms fall 30 nats under the total, or after 1,000 terms.
fn log_a_frac(q: f64, sigma: f64, a: f64) -> f64 {
    let z2 = sigma * sigma;
    let z0 = z2 * (1.0 / q - 1.0).ln() + 0.5;
    let (lq, l1q) = (q.ln(), (-q).ln_1p());
    let half = 0.5f64.ln();
    let s2 = std::f64::consts::SQRT_2 * sigma;
    let (mut a0, mut a1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let (mut last0, mut last1) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut log_coef = 0.0; // ln |C(a, 0)|
    for i in 0..1000u32 {
        let fi = i as f64;
        if i > 0 {
            log_coef += (a - fi + 1.0).abs().ln() - fi.ln();
        }
        let j = a - fi;
        let t0 = log_coef + fi * lq + j * l1q;
        let t1 = log_coef + j * lq + fi * l1q;
        let e0 = half + log_erfc((fi - z0) / s2);
        let e1 = half + log_erfc((z0 - j) / s2);
        let s0 = t0 + (fi * fi - fi) / (2.0 * z2) + e0;
        let s1 = t1 + (j * j - j) / (2.0 * z2) + e1;
        a0 = log_add(a0, s0);
        a1 = log_add(a1, s1);
        let total = log_add(a0, a1);
        if s0 < last0 && s1 < last1 && s0.max(s1) < total - 30.0 {
            return total;
        }
        last0 = s0;
        last1 = s1;
    }
    // Did not converge: this order is excluded, as `dp-accounting` does.
    f64::INFINITY
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    // Below e⁻⁶⁰ the smaller term changes nothing a double can hold; skipping it also keeps
    // `exp` out of subnormals, which are two orders of magnitude slower.
    if lo - hi < -60.0 {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// The orders `dp-accounting` tries by default (`DEFAULT_RDP_ORDERS`): 1.1 to 10.9 in steps
/// of 0.1, every integer from 11 to 63, then 128, 256, 512 and 1,024. Opacus's default
/// `alphas` are the same up to 63 (without 11 and the four large orders). Here split into
/// the integer orders (2 to 63 and the four large ones, ascending) and the fractional ones.
fn integer_orders() -> impl Iterator<Item = u32> {
    (2..64).chain([128, 256, 512, 1024])
}
fn fractional_orders() -> impl Iterator<Item = f64> {
    (1..100)
        .filter(|x| x % 10 != 0)
        .map(|x| 1.0 + x as f64 / 10.0)
}

/// ε of DP-SGD after `steps` steps at sampling rate `q` and noise multiplier `z`, for failure
/// probability `delta`: over the default orders, the smallest
/// `T·ε(α) + ln(1 − 1/α) − ln(δ·α)/(α − 1)` (Canonne, Kamath & Steinke 2020, Prop. 12;
/// Asoodeh et al. 2020, Eq. 20), the conversion of `dp_accounting.rdp.compute_epsilon`
/// and of Opacus's `privacy_analysis.get_privacy_spent`. It is tighter than Mironov's
/// classic `T·ε(α) + ln(1/δ)/(α − 1)` (2017, Prop. 3) by `ln(α/(α − 1)) + ln α/(α − 1)`.
/// An order whose RDP is below `−ln(1 − δ²)` gives ε = 0 (the KL bound), as in the tool.
///
/// The minimum is the tool's, computed with less work: Rényi divergence never decreases with
/// the order (van Erven & Harremoës 2014, Thm. 3), so the RDP at a lower order already
/// computed bounds an order's ε from below, and an order whose bound cannot beat the best
/// ε so far is skipped. The integer orders (exact, cheap sums) go first, ascending; a
/// fractional order is bounded by the integer order below it.
pub fn dp_sgd_epsilon(q: f64, noise_multiplier: f64, steps: f64, delta: f64) -> f64 {
    let d = delta.clamp(1e-300, 0.5);
    let t = steps.max(0.0);
    let eps_at = |a: f64, r: f64| {
        if d * d + (-r).exp_m1() > 0.0 {
            0.0
        } else {
            r + (-1.0 / a).ln_1p() - (d * a).ln() / (a - 1.0)
        }
    };
    let mut best = f64::INFINITY;
    // floor_rdp[k]: the largest total RDP computed at an integer order ≤ k (k ≤ 10).
    let mut floor_rdp = [0.0f64; 11];
    let mut low = 0.0;
    for a in integer_orders() {
        let af = f64::from(a);
        if eps_at(af, low) < best {
            low = t * sampled_gaussian_rdp(q, noise_multiplier, af);
            best = best.min(eps_at(af, low));
        }
        if a <= 10 {
            floor_rdp[a as usize] = low;
        }
    }
    for k in 2..11 {
        floor_rdp[k] = floor_rdp[k].max(floor_rdp[k - 1]);
    }
    for a in fractional_orders() {
        if eps_at(a, floor_rdp[a as usize]) < best {
            best = best.min(eps_at(a, t * sampled_gaussian_rdp(q, noise_multiplier, a)));
        }
    }
    best.max(0.0)
}

/// The highest accuracy any membership-inference attack can reach against an ε-DP model when
/// members and non-members are equally likely: `e^ε / (1 + e^ε)` (Yeom et al. 2018, Thm. 1:
/// advantage ≤ e^ε − 1, tightened to the balanced-prior accuracy form).
pub fn mi_accuracy_bound(epsilon: f64) -> f64 {
    let e = epsilon.max(0.0);
    // e^ε/(1+e^ε) = 1/(1+e^−ε), stable for large ε.
    1.0 / (1.0 + (-e).exp())
}

/// Accuracy of a membership-inference attack with advantage `adv` = TPR − FPR on a balanced
/// set of members and non-members: `(1 + adv) / 2`.
pub fn mi_accuracy_from_advantage(adv: f64) -> f64 {
    0.5 + adv.clamp(-1.0, 1.0) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dp-accounting` 0.4 (Google, PyPI), the independent check of this module:
    /// `rdp_privacy_accountant._compute_rdp_poisson_subsampled_gaussian(q, z, [α])` for
    /// RDP, and for ε
    /// `RdpAccountant().compose(SelfComposedDpEvent(PoissonSampledDpEvent(q, GaussianDpEvent(z)), T)).get_epsilon(δ)`.
    fn tool_eps(q: f64, z: f64, t: f64, delta: f64, expected: f64) {
        let e = dp_sgd_epsilon(q, z, t, delta);
        assert!(
            (e - expected).abs() < 1e-4 * expected.max(1.0),
            "q {q} z {z} T {t} δ {delta}: {e} vs {expected}"
        );
    }

    #[test]
    fn rdp_limits() {
        // q = 1 is the plain Gaussian mechanism: α/(2z²) = 2 / 2 = 1 at α = 2, z = 1.
        assert!((sampled_gaussian_rdp(1.0, 1.0, 2.0) - 1.0).abs() < 1e-12);
        // α = 2 closed form: ln(1 + q²(e^(1/z²) − 1)). q = 0.01, z = 1:
        // ln(1 + 1e-4 × 1.718282) = 1.71813e-4.
        let r = sampled_gaussian_rdp(0.01, 1.0, 2.0);
        assert!((r - (1.0f64 + 1e-4 * (1f64.exp() - 1.0)).ln()).abs() < 1e-12);
        assert_eq!(sampled_gaussian_rdp(0.0, 1.0, 8.0), 0.0);
        // Tiny noise stays finite.
        assert!(sampled_gaussian_rdp(0.001, 0.05, 320.0).is_finite());
        assert!(sampled_gaussian_rdp(0.001, 0.1, 1.1).is_finite());
    }

    #[test]
    fn rdp_matches_dp_accounting() {
        // dp-accounting: _compute_rdp_poisson_subsampled_gaussian(0.001, 1.2,
        // [2, 2.5, 8.2, 19, 1024]) = [1.00259571e-06, 1.25408459e-06, 4.14513756e-06,
        // 9.97317820e-06, 348.641048]; (0.01, 1.0, [1.5, 2, 3.7]) = [1.3237e-4,
        // 1.7181e-4, 3.3297e-4].
        for (q, z, a, want) in [
            (0.001, 1.2, 2.0, 1.002_595_71e-6),
            (0.001, 1.2, 2.5, 1.254_084_59e-6),
            (0.001, 1.2, 8.2, 4.145_137_56e-6),
            (0.001, 1.2, 19.0, 9.973_178_20e-6),
            (0.001, 1.2, 1024.0, 348.641_048),
            (0.01, 1.0, 1.5, 1.3237e-4),
            (0.01, 1.0, 2.0, 1.7181e-4),
            (0.01, 1.0, 3.7, 3.3297e-4),
        ] {
            let r = sampled_gaussian_rdp(q, z, a);
            assert!((r - want).abs() < 1e-4 * want, "α {a}: {r} vs {want}");
        }
    }

    #[test]
    fn epsilon_matches_dp_accounting() {
        // The lab's run (q = 0.001, 10,000 steps): best order 19 at z = 1.2, 16 at z = 1.1.
        tool_eps(0.001, 1.2, 10_000.0, 1e-6, 0.649_613);
        tool_eps(0.001, 1.1, 10_000.0, 1e-6, 0.785_644);
        tool_eps(0.001, 1.2, 10_000.0, 1e-7, 0.777_534);
        tool_eps(0.001, 1.2, 10_000.0, 1e-8, 0.905_456);
        tool_eps(0.001, 1.1, 10_000.0, 1e-7, 0.939_150);
        tool_eps(0.001, 1.1, 10_000.0, 1e-8, 1.092_655);
        // Fractional best orders: 8.2 at z = 0.8, 3.1 at z = 0.5, 7.8 at q = 0.01.
        tool_eps(0.001, 0.8, 10_000.0, 1e-6, 1.703_625);
        tool_eps(0.001, 0.5, 10_000.0, 1e-7, 8.710_944);
        tool_eps(0.01, 1.0, 1_000.0, 1e-5, 2.101_367);
        // Large orders: z = 5, 1,000 steps, δ = 1e-8 is best at α = 256.
        tool_eps(0.001, 5.0, 1_000.0, 1e-8, 0.051_858);
        // Far outside the useful range, still finite: z = 0.1, 100,000 steps → 114,788.
        tool_eps(0.001, 0.1, 100_000.0, 1e-4, 114_788.401);
    }

    #[test]
    fn tighter_than_the_classic_conversion() {
        // Mironov 2017 Prop. 3 at the best order 19 of the default run:
        // 10,000 × 9.9732e-6 + ln(1e6)/18 = 0.09973 + 0.76753 = 0.86726 (the 0.867 this lab
        // used to show); the tool's conversion subtracts ln(19/18) + ln(19)/18 = 0.05407 +
        // 0.16358 = 0.21765 → 0.64961.
        let classic = 10_000.0 * 9.973_178_2e-6 + 1e6f64.ln() / 18.0;
        assert!((classic - 0.867_26).abs() < 1e-4);
        let e = dp_sgd_epsilon(0.001, 1.2, 10_000.0, 1e-6);
        assert!((classic - e - 0.217_65).abs() < 1e-4);
        // More noise, fewer steps or a larger δ all lower ε.
        assert!(dp_sgd_epsilon(0.001, 2.0, 10_000.0, 1e-6) < e);
        assert!(dp_sgd_epsilon(0.001, 1.2, 1_000.0, 1e-6) < e);
        assert!(dp_sgd_epsilon(0.001, 1.2, 10_000.0, 1e-5) < e);
    }

    #[test]
    fn membership_inference_bounds() {
        // ε = 1: e / (1 + e) = 0.7311.
        assert!((mi_accuracy_bound(1.0) - 0.731_06).abs() < 1e-5);
        // ε = 0: a coin flip.
        assert!((mi_accuracy_bound(0.0) - 0.5).abs() < 1e-12);
        assert!(mi_accuracy_bound(1000.0) <= 1.0);
        // Advantage 0.156 (a 12-point gap amplified 1.3×): 57.8%.
        assert!((mi_accuracy_from_advantage(0.156) - 0.578).abs() < 1e-12);
    }
}
