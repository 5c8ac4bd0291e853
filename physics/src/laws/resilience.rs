//! Checkpoint budgets: the largest checkpoint stall a job can afford for a given share of
//! wasted time, when it checkpoints at the Young–Daly optimum. Complements
//! [`super::reliability`].

use crate::units::Seconds;

/// Largest synchronous checkpoint cost `δ` (restart cost taken equal to `δ`) whose waste at
/// the Young–Daly interval stays within `budget`. At `T* = √(2δM)` the waste of
/// [`super::reliability::waste_fraction`] is `δ/T* + (T*/2 + δ)/M = √(2δ/M) + δ/M`; with
/// `x = √(δ/M)` that is `x² + √2·x = budget`, so `δ = M · ((√(2 + 4·budget) − √2) / 2)²`.
pub fn max_stall_for_waste(mtbf: Seconds, budget: f64) -> Seconds {
    let b = budget.clamp(0.0, 1.0);
    let x = ((2.0 + 4.0 * b).sqrt() - 2f64.sqrt()) / 2.0;
    Seconds::new(mtbf.as_s().max(0.0) * x * x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::reliability::{waste_fraction, young_daly};

    #[test]
    fn the_budget_is_met_exactly() {
        // 20 %: x = (√2.8 − √2)/2 = (1.673320 − 1.414214)/2 = 0.129553; δ/M = 0.016784.
        let m = Seconds::hours(3.0);
        let d = max_stall_for_waste(m, 0.2);
        assert!((d.as_s() / m.as_s() - 0.016_784).abs() < 1e-6);
        let w = waste_fraction(young_daly(d, m), d, d, m);
        assert!((w - 0.2).abs() < 1e-12);
    }
}
