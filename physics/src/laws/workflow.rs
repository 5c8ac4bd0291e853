//! Workflow economics: what a constraint costs when it is found late, and how much accuracy a
//! team buys by iterating.

/// Relative cost of fixing a constraint first discovered at lifecycle stage `stage` (1-based),
/// compared with fixing it at stage 1: `2^(stage − 1)`. A teaching approximation of constraint
/// propagation: every stage builds on the one before, so each stage a constraint slips past
/// roughly doubles the work that has to be redone. Stages below 1 count as stage 1.
pub fn constraint_cost_multiplier(stage: f64) -> f64 {
    2f64.powf(stage.max(1.0) - 1.0)
}

/// Accuracy (in points) after `iterations` improvement cycles when the first cycle adds
/// `first_gain` points and every later cycle adds `decay` times the gain of the one before:
/// `A = A₀ + g₀·(1 − rᵏ)/(1 − r)`, never above `cap`. Diminishing returns put a ceiling of
/// `A₀ + g₀/(1 − r)` on what iterating alone can reach. `iterations` may be fractional (a
/// cycle in progress counts pro rata), which keeps accuracy curves continuous in time.
pub fn iterated_accuracy(
    start: f64,
    first_gain: f64,
    decay: f64,
    iterations: f64,
    cap: f64,
) -> f64 {
    let k = iterations.max(0.0);
    let r = decay.clamp(0.0, 1.0);
    let gained = if r >= 1.0 {
        first_gain * k
    } else {
        first_gain * (1.0 - r.powf(k)) / (1.0 - r)
    };
    (start + gained).min(cap)
}

/// The accuracy `iterated_accuracy` approaches as iterations grow without bound (before the cap).
pub fn iterated_ceiling(start: f64, first_gain: f64, decay: f64) -> f64 {
    let r = decay.clamp(0.0, 1.0 - 1e-12);
    start + first_gain / (1.0 - r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplier_doubles_per_stage() {
        // Stage 1 → 1×, stage 5 → 2⁴ = 16×, stage 6 → 32×.
        assert_eq!(constraint_cost_multiplier(1.0), 1.0);
        assert_eq!(constraint_cost_multiplier(5.0), 16.0);
        assert_eq!(constraint_cost_multiplier(6.0), 32.0);
        assert_eq!(constraint_cost_multiplier(0.0), 1.0);
    }

    #[test]
    fn geometric_gains_and_the_cap() {
        // 95 + 0.15 × (1 − 0.95²⁶)/0.05: 0.95²⁶ = 0.26355, so 95 + 0.15 × 14.729 = 97.209.
        assert!((iterated_accuracy(95.0, 0.15, 0.95, 26.0, 99.0) - 97.209_3).abs() < 1e-3);
        // Ceiling 90 + 0.10 / 0.05 = 92: 4,368 iterations get there and no further.
        assert!((iterated_accuracy(90.0, 0.10, 0.95, 4368.0, 99.0) - 92.0).abs() < 1e-9);
        assert!((iterated_ceiling(90.0, 0.10, 0.95) - 92.0).abs() < 1e-9);
        // r = 0.99: ceiling 100 is cut at the 99 cap.
        assert_eq!(iterated_accuracy(90.0, 0.10, 0.99, 10_000.0, 99.0), 99.0);
        // No decay: linear, 90 + 0.1 × 10 = 91.
        assert!((iterated_accuracy(90.0, 0.10, 1.0, 10.0, 99.0) - 91.0).abs() < 1e-12);
        // Zero iterations: the starting accuracy.
        assert_eq!(iterated_accuracy(90.0, 0.10, 0.95, 0.0, 99.0), 90.0);
    }
}
