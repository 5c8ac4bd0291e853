//! Reliability at scale: fleet MTBF and the Young–Daly optimal checkpoint interval.

use crate::units::Seconds;

/// MTBF of a fleet of `n` independent components each with MTBF `component`.
pub fn fleet_mtbf(component: Seconds, n: f64) -> Seconds {
    component * (1.0 / n.max(1.0))
}

/// Young's first-order optimum checkpoint interval `T* = √(2 · δ · M)` for checkpoint cost
/// `δ` and system MTBF `M`.
pub fn young_daly(checkpoint_cost: Seconds, mtbf: Seconds) -> Seconds {
    Seconds::new((2.0 * checkpoint_cost.as_s() * mtbf.as_s()).max(0.0).sqrt())
}

/// Expected fraction of time wasted with checkpoint interval `t`: checkpointing `δ/t` plus
/// lost work and restart after a failure, `(t/2 + R)/M` (first-order model, capped at 1).
pub fn waste_fraction(
    interval: Seconds,
    checkpoint_cost: Seconds,
    restart: Seconds,
    mtbf: Seconds,
) -> f64 {
    let t = interval.as_s().max(1e-9);
    let w = checkpoint_cost.as_s() / t + (t / 2.0 + restart.as_s()) / mtbf.as_s().max(1e-9);
    w.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn young_daly_reference_value() {
        // δ = 60 s, M = 5 h = 18,000 s: √(2 × 60 × 18,000) = √2,160,000 = 1,469.7 s ≈ 24.5 min.
        let t = young_daly(Seconds::new(60.0), Seconds::hours(5.0));
        assert!((t.as_s() - 1_469.693_8).abs() < 1e-3);
        // 16,384 GPUs with 5-year MTBF each: 5 × 8,760 h / 16,384 = 2.67 h.
        let m = fleet_mtbf(Seconds::hours(5.0 * 8760.0), 16_384.0);
        assert!((m.as_hours() - 2.673_34).abs() < 1e-4);
    }

    #[test]
    fn young_daly_minimises_waste() {
        let (d, r, m) = (Seconds::new(60.0), Seconds::ZERO, Seconds::hours(5.0));
        let opt = young_daly(d, m);
        let w = waste_fraction(opt, d, r, m);
        assert!(w <= waste_fraction(opt * 0.5, d, r, m));
        assert!(w <= waste_fraction(opt * 2.0, d, r, m));
    }
}
