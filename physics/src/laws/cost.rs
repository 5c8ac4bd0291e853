//! Infrastructure cost over a planning horizon: renting GPUs on demand, reserving them for a
//! term, or buying them (on-prem), and the utilization at which buying beats renting.

use crate::laws::energy::facility_energy;
use crate::units::{Seconds, Usd, Watts};

/// Hours in a (non-leap) year.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// On-demand rental: only busy GPU-hours are billed, `N · U · 8760 · Y · P`.
pub fn tco_on_demand(gpus: f64, utilization: f64, years: f64, usd_per_gpu_hour: f64) -> Usd {
    Usd::new(gpus * utilization.clamp(0.0, 1.0) * HOURS_PER_YEAR * years * usd_per_gpu_hour)
}

/// Reserved capacity: every hour of the term is billed at a discount,
/// `N · 8760 · Y · P · (1 − D)`, whether the GPUs are busy or not.
pub fn tco_reserved(gpus: f64, years: f64, usd_per_gpu_hour: f64, discount: f64) -> Usd {
    Usd::new(gpus * HOURS_PER_YEAR * years * usd_per_gpu_hour * (1.0 - discount.clamp(0.0, 1.0)))
}

/// What owning a GPU costs besides the purchase: its power draw when busy, the price and
/// overhead (PUE) of facility energy, and the staff that runs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnPrem {
    pub gpu_price: Usd,
    /// Power drawn per GPU while busy (idle draw is neglected, which favours buying).
    pub gpu_power: Watts,
    pub usd_per_kwh: f64,
    pub pue: f64,
    pub staff_per_gpu_year: Usd,
}

impl OnPrem {
    /// Energy cost of one busy GPU-hour, facility overhead included.
    pub fn energy_per_gpu_hour(&self) -> Usd {
        let e = facility_energy(self.gpu_power, Seconds::hours(1.0), self.pue);
        Usd::new(e.as_kwh() * self.usd_per_kwh)
    }
    /// The costs that accrue whether or not the GPUs are busy: purchase and staff.
    pub fn fixed(&self, gpus: f64, years: f64) -> Usd {
        self.gpu_price * gpus + self.staff_per_gpu_year * (gpus * years)
    }
    /// Total cost of ownership: `N·P_gpu + N·U·8760·Y·(energy per GPU-hour) + N·staff·Y`.
    pub fn tco(&self, gpus: f64, utilization: f64, years: f64) -> Usd {
        let busy_hours = gpus * utilization.clamp(0.0, 1.0) * HOURS_PER_YEAR * years;
        self.fixed(gpus, years) + self.energy_per_gpu_hour() * busy_hours
    }
    /// Utilization above which owning is cheaper than renting on demand:
    /// `U = fixed / (N · 8760 · Y · (P − energy per GPU-hour))`. `None` when a busy rented
    /// hour costs no more than the energy of an owned one (owning never pays). The value may
    /// exceed 1: then owning does not pay within the horizon.
    pub fn breakeven_utilization(
        &self,
        gpus: f64,
        years: f64,
        usd_per_gpu_hour: f64,
    ) -> Option<f64> {
        let margin = usd_per_gpu_hour - self.energy_per_gpu_hour().as_usd();
        if margin <= 0.0 || gpus <= 0.0 || years <= 0.0 {
            return None;
        }
        Some(self.fixed(gpus, years).as_usd() / (gpus * HOURS_PER_YEAR * years * margin))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h100_on_prem() -> OnPrem {
        OnPrem {
            gpu_price: Usd::new(40_000.0),
            gpu_power: Watts::new(700.0),
            usd_per_kwh: 0.10,
            pue: 1.4,
            staff_per_gpu_year: Usd::new(2_000.0),
        }
    }

    #[test]
    fn three_year_tco_of_1000_gpus() {
        // On demand: 1,000 × 0.6 × 8,760 × 3 × $2.10 = $33,112,800.
        let od = tco_on_demand(1000.0, 0.6, 3.0, 2.10);
        assert!((od.as_usd() - 33_112_800.0).abs() < 1e-3);
        // Reserved: 1,000 × 8,760 × 3 × $2.10 × 0.65 = $35,872,200.
        let res = tco_reserved(1000.0, 3.0, 2.10, 0.35);
        assert!((res.as_usd() - 35_872_200.0).abs() < 1e-3);
        // Energy per busy GPU-hour: 0.7 kW × 1.4 × $0.10 = $0.098.
        let p = h100_on_prem();
        assert!((p.energy_per_gpu_hour().as_usd() - 0.098).abs() < 1e-12);
        // On-prem: $40M + 1,000 × 0.6 × 26,280 h × $0.098 ($1,545,264) + $6M = $47,545,264.
        assert!((p.tco(1000.0, 0.6, 3.0).as_usd() - 47_545_264.0).abs() < 1e-3);
    }

    #[test]
    fn breakeven_utilization_equalises_on_demand_and_on_prem() {
        let p = h100_on_prem();
        // $46M / (1,000 × 26,280 × ($2.10 − $0.098)) = 46e6 / 52,612,560 = 0.8743.
        let u = p.breakeven_utilization(1000.0, 3.0, 2.10).unwrap_or(0.0);
        assert!((u - 0.874_315).abs() < 1e-5);
        let od = tco_on_demand(1000.0, u, 3.0, 2.10);
        assert!((od.as_usd() - p.tco(1000.0, u, 3.0).as_usd()).abs() < 1e-3);
        // A rented hour cheaper than the energy of an owned one: owning never pays.
        assert_eq!(p.breakeven_utilization(1000.0, 3.0, 0.05), None);
    }
}
