//! Battery-powered devices: average power under duty cycling, and how long a battery lasts.

use crate::units::{Joules, Seconds, Watts};

/// Average power of a device that draws `active` for a `duty` fraction of the time and
/// `sleep` otherwise.
pub fn duty_cycled_power(active: Watts, sleep: Watts, duty: f64) -> Watts {
    let d = duty.clamp(0.0, 1.0);
    active * d + sleep * (1.0 - d)
}

/// How long `capacity` lasts at an average draw of `power` (a very long but finite time for a
/// zero draw, so displays never divide by zero).
pub fn battery_life(capacity: Joules, power: Watts) -> Seconds {
    Seconds::new(capacity.si() / power.as_w().max(1e-12))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duty_cycling_a_microcontroller() {
        // 100 mW for 2 ms of every second: 0.1 W × 0.002 = 0.2 mW.
        let p = duty_cycled_power(Watts::mw(100.0), Watts::ZERO, 0.002);
        assert!((p.as_w() - 0.000_2).abs() < 1e-15);
        // 3.7 Wh at 0.2 mW: 13,320 J / 0.0002 W = 66.6e6 s = 770.8 days.
        let life = battery_life(Joules::kwh(0.0037), p);
        assert!((life.as_days() - 770.833).abs() < 1e-3);
    }
}
