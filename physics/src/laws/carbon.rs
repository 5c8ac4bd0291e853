//! Carbon levers beyond `C = E · I`: the Jevons rebound and moving work into a clean window.

/// Relative change in emissions when energy per unit of work falls `efficiency_gain` times
/// while demand grows `demand_growth` times: `D/η − 1` (positive means emissions rose).
pub fn jevons_net_change(efficiency_gain: f64, demand_growth: f64) -> f64 {
    demand_growth.max(0.0) / efficiency_gain.max(1e-9) - 1.0
}

/// Rebound effect: the share of the expected saving eaten by new demand,
/// `R = 1 − actual/expected = 1 − (1 − D/η)/(1 − 1/η) = (D − 1)/(η − 1)`; above 1 the
/// efficiency gain backfires. With no efficiency gain (η = 1) nothing was expected to be saved
/// and the rebound is reported as 0.
pub fn rebound_effect(efficiency_gain: f64, demand_growth: f64) -> f64 {
    let gain = efficiency_gain - 1.0;
    if gain <= 1e-12 {
        return 0.0;
    }
    (demand_growth - 1.0) / gain
}

/// The outcome of moving flexible work into a daily clean window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeShift {
    /// Share of the day's work that moved into the window.
    pub moved: f64,
    /// Share of the day's work that was deferred but did not fit the window (missed its slot).
    pub overflow: f64,
    /// Baseline emissions per unit of daily energy (g CO₂e/kWh averaged over the day).
    pub baseline_intensity: f64,
    /// Fractional emission saving (0-1).
    pub savings: f64,
}

/// A cluster runs flat at utilisation `util` around the clock; for `window_h` hours a day the
/// grid is clean (`clean` g/kWh), the rest of the day dirty (`dirty` g/kWh). The scheduler
/// defers the `flexible` share of work that falls in dirty hours into the window, which can
/// absorb only the cluster's spare capacity there: `(1 − u)·W` hours of full-cluster work
/// against `u·24` hours of daily work. Deferred work that does not fit overflows (it waits
/// past its slot, an SLA miss).
pub fn time_shift(flexible: f64, window_h: f64, util: f64, dirty: f64, clean: f64) -> TimeShift {
    let w = window_h.clamp(0.0, 24.0);
    let u = util.clamp(1e-6, 1.0);
    let f = flexible.clamp(0.0, 1.0);
    let demand = f * (24.0 - w) / 24.0;
    let capacity = (1.0 - u) * w / (24.0 * u);
    let moved = demand.min(capacity);
    let overflow = (demand - capacity).max(0.0);
    let baseline = ((24.0 - w) * dirty + w * clean) / 24.0;
    let savings = if baseline > 0.0 {
        moved * (dirty - clean) / baseline
    } else {
        0.0
    };
    TimeShift {
        moved,
        overflow,
        baseline_intensity: baseline,
        savings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jevons_reference_values() {
        // 2× efficiency, 3× demand: 3/2 − 1 = +50%. Expected saving 50%, actual −50%:
        // rebound 1 − (−0.5/0.5) = 2 = (3 − 1)/(2 − 1), a 200% backfire.
        assert!((jevons_net_change(2.0, 3.0) - 0.5).abs() < 1e-12);
        assert!((rebound_effect(2.0, 3.0) - 2.0).abs() < 1e-12);
        // Demand that grows exactly with efficiency cancels it: R = 1, net 0.
        assert!(jevons_net_change(2.0, 2.0).abs() < 1e-12);
        assert!((rebound_effect(2.0, 2.0) - 1.0).abs() < 1e-12);
        assert_eq!(rebound_effect(1.0, 3.0), 0.0);
    }

    #[test]
    fn half_busy_cluster_absorbs_its_flexible_work() {
        // u = 0.5, 6-h window: capacity 0.5 × 6 / 12 = 25% of daily work; demand
        // 0.3 × 18/24 = 22.5% fits. Baseline (18 × 820 + 6 × 40)/24 = 625 g/kWh;
        // savings 0.225 × 780 / 625 = 28.08%.
        let s = time_shift(0.3, 6.0, 0.5, 820.0, 40.0);
        assert!((s.moved - 0.225).abs() < 1e-12 && s.overflow == 0.0);
        assert!((s.baseline_intensity - 625.0).abs() < 1e-9);
        assert!((s.savings - 0.2808).abs() < 1e-12);
        // u = 0.75: capacity 0.25 × 6 / 18 = 8.33%; overflow 22.5 − 8.33 = 14.17%.
        let s = time_shift(0.3, 6.0, 0.75, 820.0, 40.0);
        assert!((s.moved - 1.0 / 12.0).abs() < 1e-12);
        assert!((s.overflow - (0.225 - 1.0 / 12.0)).abs() < 1e-12);
    }
}
