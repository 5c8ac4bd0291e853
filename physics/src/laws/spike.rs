//! Queueing through a traffic spike: the tail of an M/M/c wait, a spike served in phases by
//! fleets of different sizes (an autoscaler arriving late), and the fluid backlog of a fleet
//! that is simply too small.

use crate::laws::queueing::erlang_c;
use crate::units::Seconds;

/// The M/M/c wait tail `P(wait > x) = C(c, a) · e^{−(cμ − λ)·x}` (1 when the queue is
/// unstable), with Erlang C computed once: it costs a pass over the servers, and a histogram
/// or a bisection evaluates the tail at many `x`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MmcTail {
    wait_prob: f64,
    decay_per_s: f64,
}

impl MmcTail {
    pub fn new(servers: u32, arrival_per_s: f64, service_per_s: f64) -> Self {
        let c = servers.max(1) as f64;
        if arrival_per_s >= c * service_per_s {
            return Self {
                wait_prob: 1.0,
                decay_per_s: 0.0,
            };
        }
        Self {
            wait_prob: erlang_c(servers, arrival_per_s / service_per_s),
            decay_per_s: c * service_per_s - arrival_per_s,
        }
    }

    /// `P(wait > x)`.
    pub fn at(&self, x: Seconds) -> f64 {
        self.wait_prob * (-self.decay_per_s * x.as_s().max(0.0)).exp()
    }
}

/// `P(wait > x)` in an M/M/c queue (see [`MmcTail`]).
pub fn mmc_wait_tail(servers: u32, arrival_per_s: f64, service_per_s: f64, x: Seconds) -> f64 {
    MmcTail::new(servers, arrival_per_s, service_per_s).at(x)
}

/// One phase of a spike: the share of the spike's requests that arrive in it and the fleet
/// (`servers` of rate `service_per_s`) that serves them. Every phase must be stable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Phase {
    pub weight: f64,
    pub servers: u32,
    pub service_per_s: f64,
}

/// The wait over all the spike's requests, `P(wait > x) = Σ wᵢ · P_i(wait > x)`: the phases'
/// M/M/c tails weighted by the share of requests that arrive in each.
#[derive(Clone, Debug, PartialEq)]
pub struct PhasedTail {
    parts: Vec<(f64, MmcTail)>,
}

impl PhasedTail {
    pub fn new(arrival_per_s: f64, phases: &[Phase]) -> Self {
        let total: f64 = phases.iter().map(|p| p.weight.max(0.0)).sum();
        let parts = phases
            .iter()
            .map(|p| {
                (
                    p.weight.max(0.0) / total.max(1e-12),
                    MmcTail::new(p.servers, arrival_per_s, p.service_per_s),
                )
            })
            .collect();
        Self { parts }
    }

    /// `P(wait > x)`.
    pub fn at(&self, x: Seconds) -> f64 {
        self.parts.iter().map(|(w, t)| w * t.at(x)).sum()
    }

    /// The `q`-quantile: the `x` at which the tail falls to `1 − q` (found by bisection).
    pub fn quantile(&self, q: f64) -> Seconds {
        let target = 1.0 - q.clamp(0.0, 0.999_999);
        let tail = |x: f64| self.at(Seconds::new(x));
        if tail(0.0) <= target {
            return Seconds::ZERO;
        }
        let mut hi = 1e-3;
        while tail(hi) > target && hi < 1e9 {
            hi *= 2.0;
        }
        let mut lo = 0.0;
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if tail(mid) > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Seconds::new(hi)
    }
}

/// The `q`-quantile of the wait over all the spike's requests (see [`PhasedTail`]).
pub fn phased_wait_quantile(arrival_per_s: f64, phases: &[Phase], q: f64) -> Seconds {
    PhasedTail::new(arrival_per_s, phases).quantile(q)
}

/// `P(wait > x)` over all the spike's requests (see [`PhasedTail`]).
pub fn phased_wait_tail(arrival_per_s: f64, phases: &[Phase], x: Seconds) -> f64 {
    PhasedTail::new(arrival_per_s, phases).at(x)
}

/// Requests queued after `duration` of arrivals at `arrival_per_s` into a fleet that serves
/// `capacity_per_s` (fluid approximation: zero while the fleet keeps up).
pub fn fluid_backlog(arrival_per_s: f64, capacity_per_s: f64, duration: Seconds) -> f64 {
    (arrival_per_s - capacity_per_s).max(0.0) * duration.as_s().max(0.0)
}

/// The `q`-quantile of the wait over a `window` of uniformly arriving requests when the wait
/// rises linearly from 0 to `peak` over `rise`, falls back linearly over `fall`, and is zero
/// for the rest of the window (the shape a fluid backlog gives). The part of the fall beyond
/// the window is not counted.
pub fn triangle_wait_quantile(
    peak: Seconds,
    rise: Seconds,
    fall: Seconds,
    window: Seconds,
    q: f64,
) -> Seconds {
    let w = window.as_s().max(1e-9);
    let rise = rise.as_s().clamp(0.0, w);
    let fall = fall.as_s().clamp(0.0, w - rise);
    let busy = rise + fall;
    let tail = 1.0 - q.clamp(0.0, 0.999_999);
    if busy <= 0.0 {
        return Seconds::ZERO;
    }
    // Share of the window with wait above x is busy/w · (1 − x/peak).
    Seconds::new((peak.as_s() * (1.0 - tail * w / busy)).max(0.0))
}

/// `P(wait > x)` for the wait profile of [`triangle_wait_quantile`]: the share of the window
/// whose wait exceeds `x`, `busy/w · (1 − x/peak)` between 0 and the peak.
pub fn triangle_wait_tail(
    peak: Seconds,
    rise: Seconds,
    fall: Seconds,
    window: Seconds,
    x: Seconds,
) -> f64 {
    if x < Seconds::ZERO {
        return 1.0;
    }
    let w = window.as_s().max(1e-9);
    let rise = rise.as_s().clamp(0.0, w);
    let fall = fall.as_s().clamp(0.0, w - rise);
    let busy = (rise + fall) / w;
    if busy <= 0.0 || peak <= Seconds::ZERO {
        return 0.0;
    }
    (busy * (1.0 - x / peak)).clamp(0.0, busy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_phase_matches_the_closed_form() {
        // c = 2, λ = 1, μ = 1: C = 1/3; P99 wait = ln(C / 0.01) / (2 − 1) = ln 33.33 = 3.5066 s.
        let p = [Phase {
            weight: 1.0,
            servers: 2,
            service_per_s: 1.0,
        }];
        let x = phased_wait_quantile(1.0, &p, 0.99);
        assert!((x.as_s() - (100.0f64 / 3.0).ln()).abs() < 1e-9);
        assert!((mmc_wait_tail(2, 1.0, 1.0, x) - 0.01).abs() < 1e-9);
    }

    #[test]
    fn a_better_phase_shortens_the_tail() {
        let slow = Phase {
            weight: 0.1,
            servers: 2,
            service_per_s: 1.0,
        };
        let fast = Phase {
            weight: 0.9,
            servers: 4,
            service_per_s: 1.0,
        };
        let mixed = phased_wait_quantile(1.0, &[slow, fast], 0.99);
        let all_slow = phased_wait_quantile(1.0, &[slow], 0.99);
        assert!(mixed < all_slow && mixed.as_s() > 0.0);
    }

    #[test]
    fn fluid_backlog_and_its_tail() {
        // 1,000 req/s into 160 req/s for 600 s: 504,000 queued; the last waits 504,000 / 160 = 3,150 s.
        let q = fluid_backlog(1000.0, 160.0, Seconds::new(600.0));
        assert!((q - 504_000.0).abs() < 1e-6);
        // Rising over the whole window: P99 = 0.99 × 3,150 = 3,118.5 s.
        let peak = Seconds::new(q / 160.0);
        let w = Seconds::new(600.0);
        let p99 = triangle_wait_quantile(peak, w, Seconds::ZERO, w, 0.99);
        assert!((p99.as_s() - 3_118.5).abs() < 1e-6);
        // A 60 s rise and 60 s fall in a 600 s window: 20 % of requests wait; P99 at 1 − 0.01 × 600/120 = 95 % of peak.
        let p99 = triangle_wait_quantile(
            Seconds::new(10.0),
            Seconds::new(60.0),
            Seconds::new(60.0),
            w,
            0.99,
        );
        assert!((p99.as_s() - 9.5).abs() < 1e-9);
        assert_eq!(fluid_backlog(100.0, 160.0, w), 0.0);
    }

    #[test]
    fn tails_invert_the_quantiles() {
        // Uniform wait on [0, 3,150 s] over the whole window: 1,000 s or more for
        // 1 − 1,000 / 3,150 = 68.25 % of requests; none beyond the peak.
        let (peak, w) = (Seconds::new(3150.0), Seconds::new(600.0));
        let t = triangle_wait_tail(peak, w, Seconds::ZERO, w, Seconds::new(1000.0));
        assert!((t - 0.682_540).abs() < 1e-6);
        assert_eq!(
            triangle_wait_tail(peak, w, Seconds::ZERO, w, peak * 1.01),
            0.0
        );
        // The 60 s + 60 s triangle in 600 s: 20 % wait at all, 10 % above half the peak.
        let (r, f) = (Seconds::new(60.0), Seconds::new(60.0));
        assert!(
            (triangle_wait_tail(Seconds::new(10.0), r, f, w, Seconds::ZERO) - 0.2).abs() < 1e-12
        );
        assert!(
            (triangle_wait_tail(Seconds::new(10.0), r, f, w, Seconds::new(5.0)) - 0.1).abs()
                < 1e-12
        );
        // Each tail at its own P99 is 1 %.
        let x = triangle_wait_quantile(Seconds::new(10.0), r, f, w, 0.99);
        assert!((triangle_wait_tail(Seconds::new(10.0), r, f, w, x) - 0.01).abs() < 1e-12);
        let p = [
            Phase {
                weight: 0.1,
                servers: 2,
                service_per_s: 1.0,
            },
            Phase {
                weight: 0.9,
                servers: 4,
                service_per_s: 1.0,
            },
        ];
        let x = phased_wait_quantile(1.0, &p, 0.99);
        assert!((phased_wait_tail(1.0, &p, x) - 0.01).abs() < 1e-9);
        // At x = 0 the phased tail is the weighted chance of waiting at all:
        // 0.1 × C(2, 1) + 0.9 × C(4, 1) = 0.1 × 1/3 + 0.9 × 1/49 = 0.051701 (Erlang B for
        // c = 4, a = 1: 1/2, 1/5, 1/16, 1/65; C = 4/65 ÷ (4 − 64/65) = 1/49).
        assert!((phased_wait_tail(1.0, &p, Seconds::ZERO) - 0.051_701).abs() < 1e-6);
    }
}
