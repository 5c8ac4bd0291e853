//! Energy and carbon.

use crate::units::{Co2Grams, Joules, Seconds, Watts};

/// Facility energy for IT power `it` over `t` with power usage effectiveness `pue` (≥ 1).
pub fn facility_energy(it: Watts, t: Seconds, pue: f64) -> Joules {
    (it * t) * pue.max(1.0)
}

/// Operational emissions at a grid intensity in grams CO₂e per kWh.
pub fn carbon(energy: Joules, g_per_kwh: f64) -> Co2Grams {
    Co2Grams::new(energy.as_kwh() * g_per_kwh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gpu_day_on_a_coal_grid() {
        // 700 W × 24 h = 16.8 kWh; × PUE 1.2 = 20.16 kWh; × 820 g/kWh = 16.53 kg.
        let e = facility_energy(Watts::new(700.0), Seconds::hours(24.0), 1.2);
        assert!((e.as_kwh() - 20.16).abs() < 1e-9);
        assert!((carbon(e, 820.0).as_kg() - 16.531_2).abs() < 1e-9);
    }
}
