//! Queueing through a traffic spike: the tail of an M/M/c or M/D/c wait, a spike served in
//! phases by fleets of different sizes (an autoscaler arriving late), and the fluid backlog
//! of a fleet that is simply too small, with the exact fluid wait of every request.

use crate::laws::queueing::{MdcTail, erlang_c};
use crate::laws::scores::erfc;
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
    parts: Vec<(f64, PhaseTail)>,
}

/// The wait law of one phase.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PhaseTail {
    Mmc(MmcTail),
    Mdc(MdcTail),
}

impl PhaseTail {
    fn at(&self, x: Seconds) -> f64 {
        match self {
            PhaseTail::Mmc(t) => t.at(x),
            PhaseTail::Mdc(t) => t.at(x),
        }
    }
}

impl PhasedTail {
    /// Phases of M/M/c waits (exponential service at `service_per_s`).
    pub fn new(arrival_per_s: f64, phases: &[Phase]) -> Self {
        Self::build(phases, |p| {
            PhaseTail::Mmc(MmcTail::new(p.servers, arrival_per_s, p.service_per_s))
        })
    }

    /// Phases of M/D/c waits ([`MdcTail`]): every request takes exactly `1 / service_per_s`.
    pub fn mdc(arrival_per_s: f64, phases: &[Phase]) -> Self {
        Self::build(phases, |p| {
            PhaseTail::Mdc(MdcTail::new(
                p.servers,
                arrival_per_s,
                Seconds::new(1.0 / p.service_per_s),
            ))
        })
    }

    fn build(phases: &[Phase], tail: impl Fn(&Phase) -> PhaseTail) -> Self {
        let total: f64 = phases.iter().map(|p| p.weight.max(0.0)).sum();
        let parts = phases
            .iter()
            .map(|p| (p.weight.max(0.0) / total.max(1e-12), tail(p)))
            .collect();
        Self { parts }
    }

    /// `P(wait > x)`.
    pub fn at(&self, x: Seconds) -> f64 {
        self.parts.iter().map(|(w, t)| w * t.at(x)).sum()
    }

    /// The `q`-quantile: the `x` at which the tail falls to `1 − q` (found by bisection).
    pub fn quantile(&self, q: f64) -> Seconds {
        tail_quantile(|x| self.at(x), q, None)
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

/// The exact fluid wait of every request arriving over a `window` at a constant
/// `arrival_per_s` into a fleet that serves `before_per_s` until `lag` and `after_per_s`
/// from then on (an autoscaler's new replicas arriving late; the same rate twice when
/// nothing changes), first come first served.
///
/// Derivation. Cumulative arrivals are `A(t) = λt`. While a backlog exists the fleet works
/// at full rate, so cumulative departures are `S(s) = μ₁s` for `s ≤ L` and
/// `μ₁L + μ₂(s − L)` after. A request arriving at `t` leaves when `S(s) = λt` (fluid, FCFS),
/// so its wait is `w(t) = s − t`:
/// - requests served before `L`, i.e. arriving before `t₁ = μ₁L / λ`:
///   `w(t) = t·(λ/μ₁ − 1)`, rising to the peak `w(t₁) = L·(1 − μ₁/λ)`;
/// - later ones: `w(t) = L + (λt − μ₁L)/μ₂ − t`, with slope `λ/μ₂ − 1`: if `μ₂ > λ` it
///   falls to zero at `t_end = L·(μ₂ − μ₁)/(μ₂ − λ)` and stays zero (the backlog is gone).
///
/// The profile is piecewise linear, so over arrivals uniform on the window
/// `P(wait > x) = Σ_segments (length of the segment where w > x) / window`, and a quantile
/// inverts that. (The older "triangle" profile put the peak at the backlog divided by
/// `μ₂`, i.e. served the backlog at the new rate from the start of the spike; at
/// λ = 1,000, μ₁ = 160, μ₂ = 1,260/s, L = 60 s it gave a P99 of 39.1 s against this 49.2 s,
/// −21 %.) When `λ ≤ μ₁` there is no fluid backlog and every wait is zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FluidWait {
    /// The profile's corners `(arrival time, wait)` in seconds: start, peak, end of the
    /// fall (or of the window).
    corners: [(f64, f64); 3],
    window: f64,
}

impl FluidWait {
    pub fn new(
        arrival_per_s: f64,
        before_per_s: f64,
        after_per_s: f64,
        lag: Seconds,
        window: Seconds,
    ) -> Self {
        let w = window.as_s().max(1e-9);
        let (lam, mu1, mu2) = (arrival_per_s, before_per_s.max(0.0), after_per_s.max(0.0));
        let lag = lag.as_s().clamp(0.0, w);
        if lam <= mu1 || lam <= 0.0 {
            return Self {
                corners: [(0.0, 0.0); 3],
                window: w,
            };
        }
        // Wait of the request arriving at t.
        let t1 = (mu1 * lag / lam).min(w);
        let wait = |t: f64| -> f64 {
            if t <= t1 || mu2 <= 0.0 {
                t * (lam / mu1.max(1e-12) - 1.0)
            } else {
                (lag + (lam * t - mu1 * lag) / mu2 - t).max(0.0)
            }
        };
        let end = if mu2 > lam && lag < w {
            (lag * (mu2 - mu1) / (mu2 - lam)).min(w)
        } else {
            w
        };
        let end = end.max(t1);
        Self {
            corners: [(0.0, 0.0), (t1, wait(t1)), (end, wait(end))],
            window: w,
        }
    }

    /// The longest wait.
    pub fn peak(&self) -> Seconds {
        Seconds::new(self.corners.iter().map(|c| c.1).fold(0.0, f64::max))
    }

    /// `P(wait > x)` over the window's requests.
    pub fn at(&self, x: Seconds) -> f64 {
        let x = x.as_s();
        if x < 0.0 {
            return 1.0;
        }
        let mut above = 0.0;
        for seg in self.corners.windows(2) {
            let ((ta, wa), (tb, wb)) = (seg[0], seg[1]);
            let (lo, hi) = (wa.min(wb), wa.max(wb));
            let len = tb - ta;
            if len <= 0.0 || x >= hi {
                continue;
            }
            above += if x <= lo {
                len
            } else {
                len * (hi - x) / (hi - lo)
            };
        }
        (above / self.window).clamp(0.0, 1.0)
    }

    /// The `q`-quantile of the wait: the `x` at which [`FluidWait::at`] falls to `1 − q`
    /// (bisection; the tail is continuous and non-increasing below the peak).
    pub fn quantile(&self, q: f64) -> Seconds {
        tail_quantile(|x| self.at(x), q, Some(self.peak()))
    }
}

/// The wait of requests arriving over a `window` at a fleet loaded exactly to its capacity
/// (`λ = cμ`), starting empty, with deterministic service. The fluid model gives no wait
/// here, but the queue still grows by chance: near capacity the queue length is a
/// reflected Brownian motion with zero drift and variance rate `λ` (Poisson arrivals;
/// a fully busy deterministic fleet departs like clockwork), so by the reflection principle
/// the queue at time `t` is `|N(0, λt)|`, `P(Q(t) > q) = erfc(q / √(2λt))`, and a request
/// that finds `q` ahead waits `q / λ`. Averaged over arrivals uniform on the window `W`,
/// with `a = x·λ / √(2λ)`:
/// `P(wait > x) = (1/W) ∫₀^W erfc(a/√t) dt = [(W + 2a²)·erfc(a/√W) − 2a·√(W/π)·e^{−a²/W}] / W`.
/// (Harrison, *Brownian Motion and Stochastic Flow Systems*, 1985, for the heavy-traffic
/// limit; the integral is elementary.)
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CriticalWait {
    /// `λ / √(2λ)`: converts a wait to the `a` of the formula.
    scale: f64,
    window: f64,
}

impl CriticalWait {
    pub fn new(arrival_per_s: f64, window: Seconds) -> Self {
        let lam = arrival_per_s.max(1e-12);
        Self {
            scale: lam / (2.0 * lam).sqrt(),
            window: window.as_s().max(1e-9),
        }
    }

    /// `P(wait > x)`.
    pub fn at(&self, x: Seconds) -> f64 {
        let x = x.as_s();
        if x <= 0.0 {
            return 1.0;
        }
        let (a, w) = (x * self.scale, self.window);
        let v = ((w + 2.0 * a * a) * erfc(a / w.sqrt())
            - 2.0 * a * (w / std::f64::consts::PI).sqrt() * (-a * a / w).exp())
            / w;
        v.clamp(0.0, 1.0)
    }

    /// The `q`-quantile of the wait (bisection).
    pub fn quantile(&self, q: f64) -> Seconds {
        tail_quantile(|x| self.at(x), q, None)
    }
}

/// The `q`-quantile of a wait whose tail `P(wait > x)` is continuous and non-increasing: the
/// `x` at which it falls to `1 − q`, by bisection between 0 and `hi` (found by doubling from
/// 1 ms when not given). One search for every tail of this module and its labs.
pub fn tail_quantile(tail: impl Fn(Seconds) -> f64, q: f64, hi: Option<Seconds>) -> Seconds {
    let target = 1.0 - q.clamp(0.0, 0.999_999);
    let at = |x: f64| tail(Seconds::new(x));
    if at(0.0) <= target {
        return Seconds::ZERO;
    }
    let mut hi = match hi {
        Some(h) => h.as_s(),
        None => {
            let mut h = 1e-3;
            while at(h) > target && h < 1e9 {
                h *= 2.0;
            }
            h
        }
    };
    let mut lo = 0.0;
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if at(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Seconds::new(hi)
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
        let w = Seconds::new(600.0);
        let q = fluid_backlog(1000.0, 160.0, w);
        assert!((q - 504_000.0).abs() < 1e-6);
        assert_eq!(fluid_backlog(100.0, 160.0, w), 0.0);
        // No relief: w(t) = t × (1,000/160 − 1) = 5.25 t rises to 3,150 s at t = 600 s, so the
        // wait is uniform on [0, 3,150 s]: P99 = 0.99 × 3,150 = 3,118.5 s.
        let f = FluidWait::new(1000.0, 160.0, 160.0, w, w);
        assert!((f.peak().as_s() - 3_150.0).abs() < 1e-9);
        assert!((f.quantile(0.99).as_s() - 3_118.5).abs() < 1e-6);
        // 1,000 s or more for 1 − 1,000 / 3,150 = 68.254 % of requests; none beyond the peak.
        assert!((f.at(Seconds::new(1000.0)) - 0.682_540).abs() < 1e-6);
        assert_eq!(f.at(Seconds::new(3_200.0)), 0.0);
        // Capacity 1,260/s from 60 s on: requests arriving before t₁ = 160 × 60 / 1,000 = 9.6 s
        // are served before 60 s and the one at t₁ waits 60 − 9.6 = 50.4 s; after it the wait
        // falls with slope 1,000/1,260 − 1 to zero at 60 × 1,100 / 260 = 253.85 s. Share
        // waiting: 253.85 / 600 = 0.42308, wait above x on (1 − x/50.4) of it; P99:
        // 1 − x/50.4 = 0.01 / 0.42308 = 0.023636 → x = 50.4 × 0.976364 = 49.209 s.
        let f = FluidWait::new(1000.0, 160.0, 1260.0, Seconds::new(60.0), w);
        assert!((f.peak().as_s() - 50.4).abs() < 1e-9);
        assert!((f.at(Seconds::ZERO) - 0.423_077).abs() < 1e-6);
        assert!((f.quantile(0.99).as_s() - 49.2087).abs() < 1e-3);
        // Half the peak, 25.2 s, is passed by half the waiting requests: 0.21154.
        assert!((f.at(Seconds::new(25.2)) - 0.211_538).abs() < 1e-6);
        // The fleet keeps up: no fluid wait.
        let f = FluidWait::new(100.0, 160.0, 160.0, w, w);
        assert_eq!(f.quantile(0.99), Seconds::ZERO);
        // A relief below the arrival rate: the wait keeps rising after 60 s, at slope
        // 1,000/800 − 1 = 0.25: w(600) = 60 + (600,000 − 9,600)/800 − 600 = 198 s.
        let f = FluidWait::new(1000.0, 160.0, 800.0, Seconds::new(60.0), w);
        assert!((f.peak().as_s() - 198.0).abs() < 1e-9);
    }

    #[test]
    fn critical_load_grows_by_chance() {
        // erfc reference values: erfc(0) = 1, erfc(1) = 0.157299, erfc(2) = 0.004678.
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.0) - 0.157_299_2).abs() < 1e-7);
        assert!((erfc(2.0) - 0.004_677_735).abs() < 1e-8);
        // λ = cμ = 100/s over 600 s. At x = 1 s: a = 100 / √200 = 7.0711; a/√W = 0.28868;
        // erfc(0.28868) = 0.68309; (600 + 100) × 0.68309 − 14.142 × 13.820 × e^{−0.08333}
        // = 478.16 − 195.44 × 0.92004 = 478.16 − 179.81 = 298.35 → 0.49725 (checked by
        // direct numerical integration).
        let c = CriticalWait::new(100.0, Seconds::new(600.0));
        assert!((c.at(Seconds::new(1.0)) - 0.497_25).abs() < 1e-4);
        // P99 wait 5.017 s, P50 0.993 s (independent script: bisection on the integral
        // evaluated by the midpoint rule over 2,000 steps).
        assert!((c.quantile(0.99).as_s() - 5.017).abs() < 2e-3);
        assert!((c.quantile(0.5).as_s() - 0.9926).abs() < 1e-3);
    }

    #[test]
    fn tails_invert_the_quantiles() {
        let f = FluidWait::new(
            1000.0,
            160.0,
            1260.0,
            Seconds::new(60.0),
            Seconds::new(600.0),
        );
        for q in [0.5, 0.6, 0.9, 0.99, 0.999] {
            let x = f.quantile(q);
            if x > Seconds::ZERO {
                assert!((f.at(x) - (1.0 - q)).abs() < 1e-9, "{q}");
            }
        }
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
