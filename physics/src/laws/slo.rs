//! Composition of per-hop objectives along a serial request path.
//!
//! A request that crosses `n` services with per-hop deadlines fails its end-to-end objective
//! when any hop misses: violation probabilities compound.

/// End-to-end violation probability of `n` independent hops that each violate with
/// probability `p`: `1 − (1 − p)ⁿ`.
pub fn serial_violation(p: f64, n: f64) -> f64 {
    1.0 - (1.0 - p.clamp(0.0, 1.0)).powf(n.max(0.0))
}

/// The same with correlated hops, as a blend between independence (`rho` = 0) and hops that
/// always violate together (`rho` = 1, where the path violates exactly as often as one hop):
/// `(1 − ρ)·P_ind + ρ·p`.
pub fn serial_violation_correlated(p: f64, n: f64, rho: f64) -> f64 {
    let r = rho.clamp(0.0, 1.0);
    (1.0 - r) * serial_violation(p, n) + r * p.clamp(0.0, 1.0)
}

/// The per-hop budget that composes to an end-to-end target over `n` independent hops:
/// `1 − (1 − target)^(1/n)`.
pub fn per_hop_budget(target: f64, n: f64) -> f64 {
    1.0 - (1.0 - target.clamp(0.0, 1.0)).powf(1.0 / n.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_hops_at_one_percent() {
        // 1 − 0.99⁵ = 1 − 0.950990 = 4.901%.
        assert!((serial_violation(0.01, 5.0) - 0.049_010).abs() < 1e-6);
        // 1 − 0.99^(1/5) = 0.2008%.
        assert!((per_hop_budget(0.01, 5.0) - 0.002_008).abs() < 1e-6);
        // Round trip.
        assert!((serial_violation(per_hop_budget(0.01, 5.0), 5.0) - 0.01).abs() < 1e-12);
        // Fully correlated hops violate together: 1%.
        assert!((serial_violation_correlated(0.01, 5.0, 1.0) - 0.01).abs() < 1e-12);
    }
}
