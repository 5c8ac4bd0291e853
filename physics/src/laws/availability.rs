//! Steady-state availability of repairable units and of redundant copies.

use crate::units::Seconds;

/// Long-run share of time a unit that fails every `mtbf` on average and takes `mttr` to
/// restore is up: `MTBF / (MTBF + MTTR)`.
pub fn steady_state_availability(mtbf: Seconds, mttr: Seconds) -> f64 {
    let up = mtbf.as_s().max(0.0);
    let down = mttr.as_s().max(0.0);
    if up + down <= 0.0 {
        return 1.0;
    }
    up / (up + down)
}

/// Availability of a service that is up while at least one of `copies` independent copies,
/// each up with probability `a`, is up: `1 − (1 − a)^r`.
pub fn redundant_availability(a: f64, copies: f64) -> f64 {
    1.0 - (1.0 - a.clamp(0.0, 1.0)).powf(copies.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // MTBF 999.5 h, MTTR 0.5 h: 999.5 / 1,000 = 99.95%.
        let a = steady_state_availability(Seconds::hours(999.5), Seconds::hours(0.5));
        assert!((a - 0.9995).abs() < 1e-12);
        // Two copies: 1 − 0.0005² = 99.999975%.
        assert!((redundant_availability(a, 2.0) - (1.0 - 0.0005f64.powi(2))).abs() < 1e-15);
        assert!((redundant_availability(a, 1.0) - a).abs() < 1e-15);
    }
}
