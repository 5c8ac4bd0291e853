//! Queueing: Little's law, M/M/1 and M/M/c (Erlang C) waiting times and tail percentiles.
//!
//! Rates are per second, times in seconds (plain `f64` rates keep the formulas readable;
//! the public lab outputs convert to display units).

use crate::units::Seconds;

/// Little's law: mean number in system `L = λ · W`.
pub fn little_l(arrival_per_s: f64, time_in_system: Seconds) -> f64 {
    arrival_per_s * time_in_system.as_s()
}

/// Utilisation `ρ = λ / (c · μ)`.
pub fn utilization(arrival_per_s: f64, service_per_s: f64, servers: f64) -> f64 {
    arrival_per_s / (service_per_s * servers.max(1.0))
}

/// M/M/1 mean time in system `W = 1 / (μ − λ)`; infinite when `λ ≥ μ` (unstable queue).
pub fn mm1_sojourn(arrival_per_s: f64, service_per_s: f64) -> Seconds {
    if arrival_per_s >= service_per_s {
        return Seconds::new(f64::INFINITY);
    }
    Seconds::new(1.0 / (service_per_s - arrival_per_s))
}

/// M/M/1 `q`-quantile of time in system (exponential with rate `μ − λ`):
/// `W_q = −ln(1 − q) / (μ − λ)`. The P99 is ln(100) ≈ 4.6 times the mean.
pub fn mm1_sojourn_quantile(arrival_per_s: f64, service_per_s: f64, q: f64) -> Seconds {
    let mean = mm1_sojourn(arrival_per_s, service_per_s);
    Seconds::new(-(1.0 - q.clamp(0.0, 0.999_999)).ln() * mean.as_s())
}

/// Erlang C: probability an arrival waits in an M/M/c queue with offered load `a = λ/μ`.
/// Returns 1 when the queue is unstable (`a ≥ c`).
pub fn erlang_c(servers: u32, offered_load: f64) -> f64 {
    let c = servers.max(1) as f64;
    if offered_load >= c {
        return 1.0;
    }
    // Erlang B by its stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)), then
    // C = c·B / (c − a·(1 − B)); summing a^k / k! directly overflows for large c.
    let mut b = 1.0;
    for k in 1..=servers.max(1) {
        b = offered_load * b / (k as f64 + offered_load * b);
    }
    c * b / (c - offered_load * (1.0 - b))
}

/// M/M/c mean waiting time in queue `W_q = C(c, a) / (c·μ − λ)`.
pub fn mmc_wait(servers: u32, arrival_per_s: f64, service_per_s: f64) -> Seconds {
    let c = servers.max(1) as f64;
    if arrival_per_s >= c * service_per_s {
        return Seconds::new(f64::INFINITY);
    }
    let a = arrival_per_s / service_per_s;
    Seconds::new(erlang_c(servers, a) / (c * service_per_s - arrival_per_s))
}

/// M/M/c `q`-quantile of waiting time in queue: the wait is 0 with probability `1 − C` and
/// otherwise exponential with rate `cμ − λ`, so `W_q(q) = max(0, ln(C / (1 − q)) / (cμ − λ))`.
pub fn mmc_wait_quantile(servers: u32, arrival_per_s: f64, service_per_s: f64, q: f64) -> Seconds {
    let c = servers.max(1) as f64;
    if arrival_per_s >= c * service_per_s {
        return Seconds::new(f64::INFINITY);
    }
    let pw = erlang_c(servers, arrival_per_s / service_per_s);
    let tail = 1.0 - q.clamp(0.0, 0.999_999);
    Seconds::new(((pw / tail).ln() / (c * service_per_s - arrival_per_s)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm1_reference_values() {
        // λ = 80/s, μ = 100/s: W = 1/20 s = 50 ms; P99 = ln(100) × 50 ms = 230.3 ms.
        assert!((mm1_sojourn(80.0, 100.0).as_ms() - 50.0).abs() < 1e-9);
        assert!((mm1_sojourn_quantile(80.0, 100.0, 0.99).as_ms() - 230.258_5).abs() < 1e-3);
        assert!(mm1_sojourn(100.0, 100.0).as_s().is_infinite());
        // Little: 80/s × 50 ms = 4 in system.
        assert!((little_l(80.0, Seconds::ms(50.0)) - 4.0).abs() < 1e-12);
    }

    #[test]
    fn erlang_c_reference_values() {
        // c = 1 reduces to ρ: a = 0.8 → 0.8.
        assert!((erlang_c(1, 0.8) - 0.8).abs() < 1e-12);
        // c = 2, a = 1: C = (1/2 · 2/1) / (1 + 1 + 1) = 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // Many servers stay finite.
        let c = erlang_c(1000, 900.0);
        assert!(c.is_finite() && (0.0..=1.0).contains(&c));
    }

    #[test]
    fn waits_grow_with_load() {
        let mut prev = 0.0;
        for l in 1..99 {
            let w = mmc_wait(4, l as f64 * 4.0, 100.0).as_s();
            assert!(w >= prev);
            prev = w;
        }
    }
}
