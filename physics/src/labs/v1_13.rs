//! Vol 1 Lab 13, "The Tail Latency Trap": a queue at 80 % utilisation has a P99 4.6× its
//! mean, so a healthy-looking mean hides an SLO breach (Act I, M/M/1 and Little's law); a
//! fleet sized for today's traffic drowns in a 10× launch spike, and an autoscaler that
//! arrives a minute late cannot save the P99 (Act II, the P99 histogram).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (replicas are H100 servers at $3/h each) and `mobile`
//! (replicas are NPU inference threads on one phone: free, but beyond 4 threads the chip
//! throttles and each request takes up to 1.5× longer; `thermal_warn`).
//!
//! **Act I scenario**: defaults (λ = 80 req/s, μ = 100 req/s, SLO P99 100 ms): ρ = 0.8, mean
//! 50 ms, P99 230 ms (2.3× the SLO). The story quotes `mean_ms`, `p99_ms` and
//! `p99_over_slo`. The Math panel's values at μ = 1,000 (W 5 / P99 23 / P99.9 35 ms at
//! ρ 0.8; 20 / 92 / 138 ms at ρ 0.95) are the model at λ = 800 and λ = 950.
//!
//! **Act I prediction** "The mean is 50 ms and the dashboard is green, yet complaints tripled.
//! Why?", checked against the text output `act1_diagnosis`:
//! - A `monitoring_broken` "The monitoring is broken"
//! - B `slo_too_loose` "The SLO is too loose"
//! - **C `queueing_tail` "Near capacity the P99 soars far above the mean" (keyed)**
//! - D `unrelated` "The complaints are unrelated to latency"
//!
//! **Act I reflection** (keyed B, "bursts queue up and drain slowly as μ − λ shrinks"):
//! feedback quotes `p99_over_mean` (4.6×) and `queue_len`.
//!
//! **Act II scenario**: today's traffic is 100 req/s; the launch brings a 10× spike to
//! 1,000 req/s lasting 10 minutes. A request takes 50 ms at batch 1 and
//! 50 ms × (1 + 0.12 ln B) at batch B, and a replica serves B requests at once. SLO: P99 under
//! 200 ms. Defaults: 8 replicas, batch 1, autoscaler off (trigger 80 %, 60 s to add capacity).
//!
//! **Act II service model** (stated on the page): the fleet is one M/D/c queue with
//! c = replicas × batch slots, each finishing a request in exactly the batch's service time
//! (deterministic service; Poisson arrivals). Mean wait by Cosmetatos' approximation, the
//! wait distribution `P(wait > x) = C·e^{−C·x/W_q}` (`laws::queueing::MdcTail`), latency =
//! wait + service. An overloaded fleet is the exact fluid backlog (`laws::spike::FluidWait`);
//! a fleet loaded exactly to capacity (5 replicas at batch 1 today) waits by chance
//! (`laws::spike::CriticalWait`, P99 5.07 s), not zero as the fluid would say.
//! Today's P99 at the defaults is 77 ms; at batch 1 the spike needs 51 replicas
//! (`replicas_needed_b1`), at batch 32 three; the autoscaler's P99 is 49.3 s.
//!
//! **Act II prediction** "Does today's fleet hold at 10×?", checked against
//! `spike_p99_over_slo` on a log scale:
//! - A "It holds" = 0.5
//! - **B "It breaks: P99 over 100× the SLO" = 1,000 (keyed; the model gives ~15,600×)**
//! - C "A little over; a 2× margin fixes it" = 2
//! - D "Load balancers prevent queues" = 1
//!
//! **Act II reflection** (keyed B, "continuous batching"): feedback quotes `replica_rps` and
//! `replicas_needed` at batch 1 vs a large batch.
//!
//! **Failure states**: `slo_violated` (danger: spike P99 over 200 ms; quotes
//! `replicas_needed`; **on at defaults by design**, the story's fleet breaks; it clears at e.g.
//! 3 replicas × batch 32), `thermal_warn` (warn: mobile with more than 4 threads), and the
//! info `autoscale_fired` (quotes `autoscale_replicas`, `lag_backlog`). Act I shows
//! `high_utilisation` (warn, ρ > 70 %) and `act1_p99_breach`, both on at the Act I defaults
//! because that is the story.
//!
//! **Plots**: Act I draws the queueing curve `curve_*` (mean, P50, P99, P99.9 over ρ 5–99 %
//! at the current μ) with the current point at (`rho_plot_pct`, `p99_ms`). Act II draws the
//! latency histogram: `hist_edges_ms` (six bins per decade, 10 ms to 10⁸ ms) and the share
//! of requests per bin today (`hist_now_pct`) and in the spike (`hist_spike_pct`), from the
//! same wait laws as the P99s (the tails the quantiles invert), with `now_p50_ms`,
//! `now_p99_ms`, `spike_p50_ms`, `spike_p99_ms` and `slo2_ms` as markers.
//!
//! **Ledger** (ch13): `arrival_rate` ← input `arrival`; `capacity` ← input `service_rate`;
//! `utilization` ← `rho_pct` / 100; `p99_latency_ms` and `act2_result` ← `spike_p99_ms` (the
//! same number the failure uses, autoscaling included); `act2_decision` ← inputs
//! `replicas`,`batch`; `constraint_hit` ← `slo_violated`; `slo_met` ← `slo_met`.

use crate::catalog::H100_USD_PER_HOUR;
use crate::laws::queueing::{MdcTail, little_l, mdc_wait, mm1_sojourn, mm1_sojourn_quantile};
use crate::laws::spike::{CriticalWait, FluidWait, Phase, PhasedTail, fluid_backlog, tail_quantile};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, series,
};
use crate::units::Seconds;

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100 replicas)",
    },
    Choice {
        value: "mobile",
        label: "Mobile (NPU threads)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "cloud",
        },
    },
    InputDef {
        name: "arrival",
        label: "Arrival rate λ",
        kind: InputKind::Range {
            min: 50.0,
            max: 950.0,
            step: 10.0,
            default: 80.0,
            unit: Unit::RequestsPerS,
        },
    },
    InputDef {
        name: "service_rate",
        label: "Service rate μ",
        kind: InputKind::Range {
            min: 100.0,
            max: 1000.0,
            step: 50.0,
            default: 100.0,
            unit: Unit::RequestsPerS,
        },
    },
    InputDef {
        name: "slo_ms",
        label: "P99 SLO",
        kind: InputKind::Range {
            min: 50.0,
            max: 500.0,
            step: 10.0,
            default: 100.0,
            unit: Unit::Ms,
        },
    },
    InputDef {
        name: "replicas",
        label: "Replicas",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "batch",
        label: "Batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 32.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "autoscale",
        label: "Autoscaler",
        kind: InputKind::Toggle { default: false },
    },
    InputDef {
        name: "trigger_pct",
        label: "Autoscale trigger (utilisation)",
        kind: InputKind::Range {
            min: 50.0,
            max: 100.0,
            step: 5.0,
            default: 80.0,
            unit: Unit::Percent,
        },
    },
];

/// Values of `act1_diagnosis`.
const DIAGNOSES: &[Choice] = &[
    Choice {
        value: "overloaded",
        label: "overloaded",
    },
    Choice {
        value: "queueing_tail",
        label: "a queueing tail",
    },
    Choice {
        value: "within_slo",
        label: "within the SLO",
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Offered load λ / capacity: above 100 % the queue is unstable (flagged), not wrong.
    num("rho_pct", "Offered load ρ = λ/μ", Unit::Percent).unbounded(),
    flag("unstable", "Arrivals exceed capacity"),
    num("mean_ms", "Mean latency W", Unit::Ms),
    num("p50_ms", "P50 latency", Unit::Ms),
    num("p95_ms", "P95 latency", Unit::Ms),
    num("p99_ms", "P99 latency", Unit::Ms),
    num("p999_ms", "P99.9 latency", Unit::Ms),
    num("queue_len", "Requests in the system L = λW", Unit::Requests),
    num("p99_over_mean", "P99 ÷ mean", Unit::Ratio),
    num("p99_over_slo", "P99 ÷ SLO", Unit::Ratio),
    flag("act1_p99_breach", "P99 above the SLO"),
    flag("high_utilisation", "Utilisation above 70 %"),
    choice("act1_diagnosis", "What the numbers say", DIAGNOSES),
    num(
        "rho_plot_pct",
        "Utilisation the latencies are computed at",
        Unit::Percent,
    ),
    // The queueing curve: latency over utilisation at the current μ.
    series("curve_rho_pct", "Utilisation", Unit::Percent),
    series("curve_mean_ms", "Mean latency", Unit::Ms),
    series("curve_p50_ms", "P50 latency", Unit::Ms),
    series("curve_p99_ms", "P99 latency", Unit::Ms),
    series("curve_p999_ms", "P99.9 latency", Unit::Ms),
    num("service_ms", "Time per request at this batch", Unit::Ms),
    num("replica_rps", "Throughput per replica", Unit::RequestsPerS),
    num("capacity_rps", "Fleet capacity", Unit::RequestsPerS),
    num("now_rps", "Traffic today", Unit::RequestsPerS),
    num("spike_rps", "Traffic in the spike", Unit::RequestsPerS),
    num("now_rho_pct", "Offered load today", Unit::Percent).unbounded(),
    num("now_p50_ms", "P50 today", Unit::Ms),
    num("now_p99_ms", "P99 today", Unit::Ms),
    num("spike_rho_pct", "Offered load in the spike", Unit::Percent).unbounded(),
    num("spike_p50_ms", "P50 in the spike", Unit::Ms),
    num("spike_p99_ms", "P99 in the spike", Unit::Ms),
    num("spike_p99_s", "P99 in the spike (seconds)", Unit::Seconds),
    num("spike_p99_over_slo", "Spike P99 ÷ SLO", Unit::Ratio),
    num(
        "spike_queue",
        "Requests waiting in the spike",
        Unit::Requests,
    ),
    flag("autoscale_fired", "Autoscaler added replicas"),
    num(
        "autoscale_replicas",
        "Replicas after autoscaling",
        Unit::None,
    ),
    num("autoscale_lag_s", "Time to add capacity", Unit::Seconds),
    num(
        "lag_backlog",
        "Backlog built before capacity arrives",
        Unit::Requests,
    ),
    num("cost_per_hour", "Fleet cost in the spike", Unit::UsdPerHour),
    num(
        "replicas_needed",
        "Replicas needed for the spike at this batch",
        Unit::None,
    ),
    num(
        "replicas_needed_b1",
        "Replicas needed for the spike at batch 1",
        Unit::None,
    ),
    num("slo2_ms", "Launch SLO (P99)", Unit::Ms),
    flag("slo_violated", "Spike P99 above the SLO"),
    flag("slo_met", "Spike P99 within the SLO"),
    flag(
        "thermal_warn",
        "More than 4 NPU threads: thermal throttling",
    ),
    // The latency histogram: bin edges and the share of requests in each bin, today and in
    // the spike.
    series("hist_edges_ms", "Latency bin edges", Unit::Ms),
    series("hist_now_pct", "Requests today", Unit::Percent),
    series("hist_spike_pct", "Requests in the spike", Unit::Percent),
];

/// Traffic today and the launch spike.
const NOW_RPS: f64 = 100.0;
const SPIKE_FACTOR: f64 = 10.0;
/// How long the spike lasts.
const SPIKE: Seconds = Seconds::minutes(10.0);
/// One request at batch 1, and how batching stretches it (course figure 0.12,
/// @sec-batching-strategies).
const SERVICE_B1: Seconds = Seconds::ms(50.0);
const BATCH_COEF: f64 = 0.12;
/// The launch SLO.
const SLO2: Seconds = Seconds::ms(200.0);
/// Time for an autoscaler to bring replicas online (course figure 30-120 s).
const AUTOSCALE_LAG: Seconds = Seconds::new(60.0);
/// Mobile: beyond this many threads the NPU throttles, up to 1.5× slower at twice as many.
const THREADS_COOL: f64 = 4.0;
const THERMAL_MAX: f64 = 1.5;
/// Upper bound for the replica searches.
const MAX_REPLICAS: f64 = 5000.0;

fn thermal(mobile: bool, replicas: f64) -> f64 {
    if mobile && replicas > THREADS_COOL {
        1.0 + (THERMAL_MAX - 1.0) * ((replicas - THREADS_COOL) / THREADS_COOL).min(1.0)
    } else {
        1.0
    }
}

/// Time per request at batch `b` on a fleet of `replicas`.
fn service(mobile: bool, replicas: f64, b: f64) -> Seconds {
    SERVICE_B1 * ((1.0 + BATCH_COEF * b.ln()) * thermal(mobile, replicas))
}

/// A fleet: `replicas` × `batch` slots, each finishing a request in `service`.
#[derive(Clone, Copy)]
struct Fleet {
    replicas: f64,
    batch: f64,
    service: Seconds,
}

impl Fleet {
    fn new(mobile: bool, replicas: f64, batch: f64) -> Self {
        Self {
            replicas,
            batch,
            service: service(mobile, replicas, batch),
        }
    }
    fn slots(&self) -> u32 {
        (self.replicas * self.batch).round().max(1.0) as u32
    }
    fn slot_rate(&self) -> f64 {
        1.0 / self.service.as_s()
    }
    fn capacity(&self) -> f64 {
        self.replicas * self.batch * self.slot_rate()
    }
}

/// How the requests of a window wait, by the law that applies.
enum Wait {
    /// One stable fleet throughout: the M/D/c wait (every slot takes exactly the service
    /// time of its batch).
    Steady(MdcTail),
    /// A stable fleet that the autoscaler enlarges part-way: M/D/c waits mixed over the
    /// two phases by the share of requests that arrive in each.
    Phased(PhasedTail),
    /// An overloaded fleet: the exact fluid wait of each request, rising while the backlog
    /// builds and falling while the autoscaled fleet drains it.
    Backlog(FluidWait),
    /// A fleet loaded exactly to capacity (λ = cμ, e.g. 5 replicas at batch 1 today): no
    /// fluid backlog, but the queue grows by chance ([`CriticalWait`]) for the `share` of
    /// requests that arrive before the autoscaler's replicas; the rest see the larger
    /// fleet's M/D/c wait.
    Critical {
        crit: CriticalWait,
        share: f64,
        after: MdcTail,
    },
}

impl Wait {
    /// `P(wait > x)`.
    fn at(&self, x: Seconds) -> f64 {
        match self {
            Wait::Steady(tail) => tail.at(x),
            Wait::Phased(tail) => tail.at(x),
            Wait::Backlog(fluid) => fluid.at(x),
            Wait::Critical { crit, share, after } => {
                share * crit.at(x) + (1.0 - share) * after.at(x)
            }
        }
    }

    /// The `q`-quantile of the wait.
    fn quantile(&self, q: f64) -> Seconds {
        match self {
            Wait::Steady(tail) => tail.quantile(q),
            Wait::Phased(tail) => tail.quantile(q),
            Wait::Backlog(fluid) => fluid.quantile(q),
            Wait::Critical { .. } => tail_quantile(|x| self.at(x), q, None),
        }
    }
}

/// The latency distribution of the requests arriving over a window: a wait by [`Wait`],
/// then the (deterministic) service time.
struct Latency {
    wait: Wait,
    service: Seconds,
}

impl Latency {
    /// Requests at `arrival` req/s over `window`, served by `first` for the first `lag` and
    /// by `second` after it (the same fleet when no autoscaler acts). A stable fleet gives
    /// M/D/c waits (mixed over the two phases); an overloaded one a fluid backlog.
    fn new(arrival: f64, first: Fleet, second: Fleet, lag: Seconds, window: Seconds) -> Self {
        let lag = lag.min(window);
        let same = first.slots() == second.slots() && first.service == second.service;
        let critical = (arrival - first.capacity()).abs() <= 1e-9 * arrival;
        let wait = if critical {
            let (span, after) = if same || lag >= window {
                (window, first)
            } else {
                (lag, second)
            };
            Wait::Critical {
                crit: CriticalWait::new(arrival, span),
                share: span / window,
                after: MdcTail::new(after.slots(), arrival, after.service),
            }
        } else if arrival < first.capacity() && (same || lag >= window) {
            Wait::Steady(MdcTail::new(first.slots(), arrival, first.service))
        } else if arrival < first.capacity() {
            let share = lag / window;
            let phases = [
                Phase {
                    weight: share,
                    servers: first.slots(),
                    service_per_s: first.slot_rate(),
                },
                Phase {
                    weight: 1.0 - share,
                    servers: second.slots(),
                    service_per_s: second.slot_rate(),
                },
            ];
            Wait::Phased(PhasedTail::mdc(arrival, &phases))
        } else {
            // The backlog builds at λ − capacity; an autoscaler that arrives within the
            // window drains it at its new capacity.
            let after = if lag < window {
                second.capacity()
            } else {
                first.capacity()
            };
            Wait::Backlog(FluidWait::new(
                arrival,
                first.capacity(),
                after,
                lag,
                window,
            ))
        };
        Self {
            wait,
            service: second.service.max(first.service),
        }
    }

    /// The `q`-quantile of latency.
    fn quantile(&self, q: f64) -> Seconds {
        self.wait.quantile(q) + self.service
    }

    /// `P(latency > t)`: the inverse of [`Latency::quantile`], for the histogram.
    fn tail(&self, t: Seconds) -> f64 {
        if t < self.service {
            return 1.0;
        }
        self.wait.at(t - self.service)
    }

    /// Percentage of requests in each bin between consecutive `edges`.
    fn histogram(&self, edges: &[Seconds]) -> Vec<f64> {
        let tails: Vec<f64> = edges.iter().map(|&e| self.tail(e)).collect();
        tails.windows(2).map(|w| 100.0 * (w[0] - w[1])).collect()
    }
}

/// P99 latency over a window (see [`Latency::new`]).
fn p99(arrival: f64, first: Fleet, second: Fleet, lag: Seconds, window: Seconds) -> Seconds {
    Latency::new(arrival, first, second, lag, window).quantile(0.99)
}

/// Histogram bin edges: six per decade from 10 ms to 10⁸ ms (28 h). Every latency here lies
/// inside: service takes at least 50 ms, and the worst backlog (one replica at batch 1 for
/// the whole spike) waits 980 × 600 / 20 s = 8.2 h.
fn hist_edges() -> Vec<Seconds> {
    (0..=HIST_BINS)
        .map(|k| Seconds::ms(10f64.powf(1.0 + k as f64 / 6.0)))
        .collect()
}
const HIST_BINS: usize = 42;

/// The Act I curve: utilisations from 5 % (the lowest the sliders reach, λ 50 on μ 1,000)
/// to 99 %, in steps of 1 %.
fn curve_rho() -> impl Iterator<Item = f64> {
    (5..=99).map(|k| k as f64 / 100.0)
}

/// Replicas the autoscaler ends with: the fewest (at least `from`) that bring utilisation
/// under the trigger.
fn autoscaled(mobile: bool, arrival: f64, from: f64, batch: f64, trigger: f64) -> f64 {
    let target = trigger.min(0.999);
    let mut r = from;
    while r < MAX_REPLICAS && arrival / Fleet::new(mobile, r, batch).capacity() > target {
        r += 1.0;
    }
    r
}

/// Fewest replicas (no autoscaler) whose spike P99 meets the launch SLO at this batch.
fn replicas_needed(mobile: bool, arrival: f64, batch: f64) -> f64 {
    // Throttling only slows replicas down, so the unthrottled fleet bounds the search below.
    let mut r = (arrival / Fleet::new(false, 1.0, batch).capacity())
        .floor()
        .max(1.0);
    while r < MAX_REPLICAS {
        let f = Fleet::new(mobile, r, batch);
        if arrival < f.capacity() && p99(arrival, f, f, SPIKE, SPIKE) <= SLO2 {
            break;
        }
        r += 1.0;
    }
    r
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: one M/M/1 server. Past saturation the steady state does not exist; the
    // instrument shows the numbers at ρ = 0.9999 and flags the queue as unstable.
    let (lambda, mu) = (i.n("arrival"), i.n("service_rate"));
    let slo = Seconds::ms(i.n("slo_ms"));
    let lam = lambda.min(0.9999 * mu);
    let mean = mm1_sojourn(lam, mu);
    let q = |p: f64| mm1_sojourn_quantile(lam, mu, p);
    let p99_1 = q(0.99);
    let diagnosis = if mean > slo {
        "overloaded"
    } else if p99_1 > slo {
        "queueing_tail"
    } else {
        "within_slo"
    };
    o.num("rho_pct", 100.0 * lambda / mu)
        .flag("unstable", lambda >= mu)
        .num("mean_ms", mean.as_ms())
        .num("p50_ms", q(0.5).as_ms())
        .num("p95_ms", q(0.95).as_ms())
        .num("p99_ms", p99_1.as_ms())
        .num("p999_ms", q(0.999).as_ms())
        .num("queue_len", little_l(lam, mean))
        .num("p99_over_mean", p99_1 / mean)
        .num("p99_over_slo", p99_1 / slo)
        .flag("act1_p99_breach", p99_1 > slo)
        .flag("high_utilisation", lambda / mu > 0.7)
        .text("act1_diagnosis", diagnosis)
        .num("rho_plot_pct", 100.0 * lam / mu);
    let curve = |p: Option<f64>| -> Vec<f64> {
        curve_rho()
            .map(|rho| match p {
                Some(p) => mm1_sojourn_quantile(rho * mu, mu, p),
                None => mm1_sojourn(rho * mu, mu),
            })
            .map(Seconds::as_ms)
            .collect()
    };
    o.set_series("curve_rho_pct", curve_rho().map(|r| 100.0 * r).collect())
        .set_series("curve_mean_ms", curve(None))
        .set_series("curve_p50_ms", curve(Some(0.5)))
        .set_series("curve_p99_ms", curve(Some(0.99)))
        .set_series("curve_p999_ms", curve(Some(0.999)));

    // Act II: a fleet of replicas with batching, today and in the spike.
    let mobile = i.t("context") == "mobile";
    let (r, b) = (i.n("replicas"), i.n("batch"));
    let fleet = Fleet::new(mobile, r, b);
    let spike = NOW_RPS * SPIKE_FACTOR;
    let trigger = i.n("trigger_pct") / 100.0;
    let scaled_at = |arrival: f64| -> (Fleet, bool) {
        if i.b("autoscale") && arrival / fleet.capacity() > trigger {
            let r2 = autoscaled(mobile, arrival, r, b, trigger);
            (Fleet::new(mobile, r2, b), r2 > r)
        } else {
            (fleet, false)
        }
    };
    let (now_fleet, _) = scaled_at(NOW_RPS);
    let (spike_fleet, fired) = scaled_at(spike);
    let lag = if fired { AUTOSCALE_LAG } else { SPIKE };
    let now = Latency::new(NOW_RPS, fleet, now_fleet, AUTOSCALE_LAG, SPIKE);
    let during = Latency::new(spike, fleet, spike_fleet, lag, SPIKE);
    let p99_now = now.quantile(0.99);
    let p99_spike = during.quantile(0.99);
    // Requests in the system: Little's law on the M/D/c mean when the fleet keeps up, the
    // fluid backlog at its worst moment when it does not.
    let queue = if spike < fleet.capacity() {
        let w = mdc_wait(fleet.slots(), spike, fleet.service) + fleet.service;
        little_l(spike, w)
    } else {
        fluid_backlog(spike, fleet.capacity(), lag)
    };
    let price = if mobile { 0.0 } else { H100_USD_PER_HOUR.value };
    let violated = p99_spike > SLO2;
    o.num("service_ms", fleet.service.as_ms())
        .num("replica_rps", fleet.capacity() / r)
        .num("capacity_rps", fleet.capacity())
        .num("now_rps", NOW_RPS)
        .num("spike_rps", spike)
        .num("now_rho_pct", 100.0 * NOW_RPS / fleet.capacity())
        .num("now_p50_ms", now.quantile(0.5).as_ms())
        .num("now_p99_ms", p99_now.as_ms())
        .num("spike_rho_pct", 100.0 * spike / fleet.capacity())
        .num("spike_p50_ms", during.quantile(0.5).as_ms())
        .num("spike_p99_ms", p99_spike.as_ms())
        .num("spike_p99_s", p99_spike.as_s())
        .num("spike_p99_over_slo", p99_spike / SLO2)
        .num("spike_queue", queue)
        .flag("autoscale_fired", fired)
        .num("autoscale_replicas", spike_fleet.replicas)
        .num("autoscale_lag_s", AUTOSCALE_LAG.as_s())
        .num(
            "lag_backlog",
            if fired {
                fluid_backlog(spike, fleet.capacity(), AUTOSCALE_LAG)
            } else {
                0.0
            },
        )
        .num("cost_per_hour", price * spike_fleet.replicas)
        .num("replicas_needed", replicas_needed(mobile, spike, b))
        .num("replicas_needed_b1", replicas_needed(mobile, spike, 1.0))
        .num("slo2_ms", SLO2.as_ms())
        .flag("slo_violated", violated)
        .flag("slo_met", !violated)
        .flag("thermal_warn", mobile && r > THREADS_COOL);
    let edges = hist_edges();
    o.set_series("hist_edges_ms", edges.iter().map(|e| e.as_ms()).collect())
        .set_series("hist_now_pct", now.histogram(&edges))
        .set_series("hist_spike_pct", during.histogram(&edges));
    o
}

/// The Lab 13 model.
pub const MODEL: Model = Model {
    id: "v1-13",
    title: "The Tail Latency Trap",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::option_check::closest_log;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn act1_mean_hides_the_tail() {
        let o = eval(&[]);
        // ρ = 80 / 100; W = 1 / (100 − 80) = 50 ms; P99 = ln 100 × 50 = 230.3 ms = 2.3× the SLO.
        assert!((o.n("rho_pct") - 80.0).abs() < 1e-9);
        assert!((o.n("mean_ms") - 50.0).abs() < 1e-9);
        assert!((o.n("p99_ms") - 230.259).abs() < 1e-3);
        // 230.26 / 100 = ln 100 / 2 = ln 10.
        assert!((o.n("p99_over_slo") - std::f64::consts::LN_10).abs() < 1e-9);
        assert!((o.n("p99_over_mean") - 4.6052).abs() < 1e-4);
        assert_eq!(o.get("act1_diagnosis"), Some(Value::Text("queueing_tail")));
        // L = 80 × 0.05 = 4 requests.
        assert!((o.n("queue_len") - 4.0).abs() < 1e-9);
        assert_eq!(o.get("high_utilisation"), Some(Value::Bool(true)));
        // At ρ = 0.5 the same service meets the SLO: P99 = 4.605 × 20 = 92 ms.
        let o = eval(&[("arrival", Value::Num(50.0))]);
        assert_eq!(o.get("act1_diagnosis"), Some(Value::Text("within_slo")));
        assert_eq!(o.get("act1_p99_breach"), Some(Value::Bool(false)));
        assert_eq!(o.get("high_utilisation"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_math_panel_values() {
        // μ = 1,000, λ = 800: W 5 ms, P99 23.0, P99.9 34.5; λ = 950: 20, 92.1, 138.2 ms.
        let o = eval(&[
            ("arrival", Value::Num(800.0)),
            ("service_rate", Value::Num(1000.0)),
        ]);
        assert!((o.n("mean_ms") - 5.0).abs() < 1e-9);
        assert!((o.n("p99_ms") - 23.026).abs() < 1e-3);
        assert!((o.n("p999_ms") - 34.539).abs() < 1e-3);
        let o = eval(&[
            ("arrival", Value::Num(950.0)),
            ("service_rate", Value::Num(1000.0)),
        ]);
        assert!((o.n("mean_ms") - 20.0).abs() < 1e-9);
        assert!((o.n("p99_ms") - 92.103).abs() < 1e-3);
        assert!((o.n("p999_ms") - 138.155).abs() < 1e-3);
    }

    #[test]
    fn act1_latency_never_falls_as_load_rises() {
        let mut prev = 0.0;
        for l in (5..=95).map(|k| k as f64 * 10.0) {
            let o = eval(&[
                ("arrival", Value::Num(l)),
                ("service_rate", Value::Num(1000.0)),
            ]);
            assert!(o.n("p99_ms") >= prev);
            prev = o.n("p99_ms");
        }
        // Saturated: flagged, still finite.
        let o = eval(&[("arrival", Value::Num(500.0))]);
        assert_eq!(o.get("unstable"), Some(Value::Bool(true)));
        assert!(o.n("p99_ms").is_finite());
    }

    #[test]
    fn act2_today_is_fine_and_the_spike_breaks_it() {
        let o = eval(&[]);
        // 8 replicas × 20 req/s = 160 req/s; today ρ = 62.5 %.
        assert!((o.n("capacity_rps") - 160.0).abs() < 1e-9);
        assert!((o.n("now_rho_pct") - 62.5).abs() < 1e-9);
        // M/D/8 at a = 5 (ρ = 0.625): C = 0.167267; W_q(M/M/8) = C / (160 − 100) = 2.7878 ms;
        // Cosmetatos: × ½ [1 + 0.375 × 7 × (√44 − 2) / (16 × 0.625 × 8)] = × 0.576014 →
        // W_q = 1.6058 ms; P99 wait = (1.6058 / 0.167267) × ln(0.167267 / 0.01) = 9.6002 ×
        // 2.81700 = 27.044 ms; + 50 ms service = 77.04 ms (simulated exact M/D/8: 25.2 ms
        // wait, 75.2 ms). The old M/M/8 wait plus a constant service gave 97.0 ms.
        assert!((o.n("now_p99_ms") - 77.044).abs() < 0.01);
        // Spike: 840 req/s of excess for 600 s = 504,000 queued; the last waits 3,150 s;
        // P99 = 0.99 × 3,150 s + 0.05 s = 3,118.55 s = 15,593× the 200 ms SLO.
        assert!((o.n("spike_p99_ms") - 3_118_550.0).abs() < 1.0);
        assert!((o.n("spike_p99_s") - 3_118.55).abs() < 1e-3);
        let r = o.n("spike_p99_over_slo");
        assert!((r - 15_592.75).abs() < 0.01);
        assert_eq!(closest_log(r, &[0.5, 1000.0, 2.0, 1.0]), 1);
        // C is wrong by four orders of magnitude; even 2× the replicas (16) stays overloaded.
        let o2 = eval(&[("replicas", Value::Num(16.0))]);
        assert!(o2.n("spike_p99_over_slo") > 100.0);
        assert_eq!(o.get("slo_violated"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_batching_meets_the_slo() {
        // 3 replicas × batch 32: 50 ms × (1 + 0.12 ln 32) = 70.79 ms; 32 / 0.07079 = 452 req/s each.
        let o = eval(&[("replicas", Value::Num(3.0)), ("batch", Value::Num(32.0))]);
        assert!((o.n("service_ms") - 70.794).abs() < 1e-3);
        assert!((o.n("replica_rps") - 452.02).abs() < 0.01);
        assert_eq!(o.get("slo_violated"), Some(Value::Bool(false)));
        assert_eq!(o.get("slo_met"), Some(Value::Bool(true)));
        assert!(o.n("spike_p99_ms") < 200.0);
        // 96 slots at a = 70.79 (ρ = 0.737): C = 0.00275 < 1 %, so the P99 waits for nothing
        // and the P99 is the service time, 70.79 ms.
        assert!((o.n("spike_p99_ms") - 70.794).abs() < 1e-3);
        // Back to 2 replicas: 904 req/s < 1,000, the failure returns.
        let o = eval(&[("replicas", Value::Num(2.0)), ("batch", Value::Num(32.0))]);
        assert_eq!(o.get("slo_violated"), Some(Value::Bool(true)));
        // At batch 1 the spike needs 51 replicas, beyond the slider: 50 give exactly
        // 1,000 req/s (unstable); 51 give 1,020 req/s, ρ = 0.980, C(51, 50) = 0.8397,
        // W_q(M/M/51) = 0.8397 / 20 = 41.99 ms, Cosmetatos × 0.5086 → 21.36 ms; P99 wait =
        // (21.36 / 0.8397) × ln 83.97 = 112.7 ms; latency 162.7 ms ≤ 200 (simulated exact
        // M/D/51: 111.1–111.5 ms wait). Under M/M/c + constant service it was 52.
        assert_eq!(o.n("replicas_needed_b1"), 51.0);
        assert_eq!(
            eval(&[("batch", Value::Num(32.0))]).n("replicas_needed"),
            3.0
        );
    }

    #[test]
    fn act2_late_autoscaler_cannot_save_the_p99() {
        let o = eval(&[("autoscale", Value::Bool(true))]);
        assert_eq!(o.get("autoscale_fired"), Some(Value::Bool(true)));
        // ceil(1,000 / (0.8 × 20)) = 63 replicas, $189/h.
        assert_eq!(o.n("autoscale_replicas"), 63.0);
        assert!((o.n("cost_per_hour") - 189.0).abs() < 1e-9);
        // 60 s at 840 req/s of excess = 50,400 queued. Exact fluid: the request arriving at
        // t₁ = 160 × 60 / 1,000 = 9.6 s is the last served before 60 s and waits
        // 60 − 9.6 = 50.4 s, the peak; later ones are served at 1,260/s and the wait falls
        // to zero at 60 × 1,100 / 260 = 253.85 s. 253.85 / 600 = 42.31 % wait, uniformly
        // between 0 and 50.4 s on each side of the peak: P99 wait = 50.4 × (1 − 0.01 ×
        // 600 / 253.85) = 49.209 s; + 50 ms = 49.259 s (the old triangle gave 39.10 s, −21 %).
        assert!((o.n("lag_backlog") - 50_400.0).abs() < 1e-6);
        assert!((o.n("spike_p99_ms") / 1000.0 - 49.2587).abs() < 1e-3);
        assert_eq!(o.get("slo_violated"), Some(Value::Bool(true)));
        // The ledger's P99 is the same number the failure uses.
        assert!(o.n("spike_p99_ms") > o.n("slo2_ms"));
    }

    #[test]
    fn act2_autoscaler_on_a_stable_fleet_mixes_two_md_c_phases() {
        // 9 replicas × batch 8: 50 ms × (1 + 0.12 ln 8) = 62.477 ms; 72 slots serve 1,152.4
        // req/s, so the spike runs at 86.8 % > the 80 % trigger; 10 replicas (1,280.5 req/s,
        // 78.1 %) are the fewest under it. The first 60 s of 600 (10 % of requests) see M/D/72
        // at a = 62.48 (C = 0.16936, W_q = 0.6447 ms by Cosmetatos), the rest M/D/80
        // (C = 0.021265, W_q = 0.04979 ms). P99 wait: 0.1 × 0.16936 e^{−262.7x} + 0.9 ×
        // 0.021265 e^{−427.1x} = 0.01 at x = 3.805 ms; latency 62.477 + 3.805 = 66.28 ms.
        let o = eval(&[
            ("replicas", Value::Num(9.0)),
            ("batch", Value::Num(8.0)),
            ("autoscale", Value::Bool(true)),
        ]);
        assert_eq!(o.get("autoscale_fired"), Some(Value::Bool(true)));
        assert_eq!(o.n("autoscale_replicas"), 10.0);
        assert!((o.n("spike_p99_ms") - 66.282).abs() < 0.01);
        // Without the autoscaler M/D/72 alone: (0.6447 / 0.16936) × ln 16.936 + 62.477 =
        // 73.25 ms.
        let o = eval(&[("replicas", Value::Num(9.0)), ("batch", Value::Num(8.0))]);
        assert!((o.n("spike_p99_ms") - 73.247).abs() < 0.01);
    }

    #[test]
    fn act2_today_at_exactly_full_load_waits_by_chance() {
        // 5 replicas × 20 req/s = 100 req/s = today's traffic: no fluid backlog, but the
        // queue is a driftless random walk from empty: over 600 s the P99 wait is 5.017 s
        // (see `CriticalWait`), + 50 ms service = 5.067 s; the P50 0.993 + 0.05 = 1.043 s.
        let o = eval(&[("replicas", Value::Num(5.0))]);
        assert!((o.n("now_rho_pct") - 100.0).abs() < 1e-9);
        assert!((o.n("now_p99_ms") - 5_067.0).abs() < 3.0);
        assert!((o.n("now_p50_ms") - 1_042.6).abs() < 1.0);
        let h = o.get_series("hist_now_pct").unwrap();
        assert!((h.iter().sum::<f64>() - 100.0).abs() < 1e-3);
        // With the autoscaler (trigger 80 %) today's fleet grows to 7 replicas after 60 s:
        // 10 % of requests see the critical queue over 60 s, 90 % M/D/7 at a = 5 (ρ 0.71),
        // (C = 0.32415, W_q = 4.4205 ms by Cosmetatos): 0.1 × P_crit,60 s(x) + 0.9 × 0.32415
        // e^{−73.33x} = 0.01 at x = 0.9143 s (independent script); + 50 ms = 964.3 ms.
        let o = eval(&[("replicas", Value::Num(5.0)), ("autoscale", Value::Bool(true))]);
        assert!((o.n("now_p99_ms") - 964.27).abs() < 0.5);
    }

    #[test]
    fn act2_spike_p99_never_rises_with_more_replicas() {
        for b in [1.0, 8.0, 32.0] {
            let mut prev = f64::INFINITY;
            for r in 1..=20 {
                let p = eval(&[("replicas", Value::Num(r as f64)), ("batch", Value::Num(b))])
                    .n("spike_p99_ms");
                assert!(p <= prev + 1e-9, "b = {b}, r = {r}");
                prev = p;
            }
        }
    }

    #[test]
    fn act1_queueing_curve() {
        let o = eval(&[]);
        let rho = o.get_series("curve_rho_pct").unwrap();
        assert_eq!(rho.len(), 95);
        assert_eq!((rho[0], rho[94]), (5.0, 99.0));
        // μ = 100: at ρ = 80 % (index 75) W = 1 / (100 − 80) = 50 ms, P50 = ln 2 × 50 =
        // 34.66, P99 = ln 100 × 50 = 230.26, P99.9 = ln 1,000 × 50 = 345.39 ms.
        let at = |name: &str, i: usize| o.get_series(name).unwrap()[i];
        assert!((rho[75] - 80.0).abs() < 1e-12);
        assert!((at("curve_mean_ms", 75) - 50.0).abs() < 1e-9);
        assert!((at("curve_p50_ms", 75) - 34.657).abs() < 1e-3);
        assert!((at("curve_p99_ms", 75) - 230.259).abs() < 1e-3);
        assert!((at("curve_p999_ms", 75) - 345.388).abs() < 1e-3);
        // At 99 %: W = 1 / (100 × 0.01) = 1 s; P99.9 = 6.908 s.
        assert!((at("curve_mean_ms", 94) - 1000.0).abs() < 1e-6);
        assert!((at("curve_p999_ms", 94) - 6907.755).abs() < 1e-3);
        // The current point lies on the curve; saturated, it is drawn at ρ = 99.99 %.
        assert!((o.n("rho_plot_pct") - 80.0).abs() < 1e-9);
        let o = eval(&[("arrival", Value::Num(500.0))]);
        assert!((o.n("rho_plot_pct") - 99.99).abs() < 1e-9);
    }

    #[test]
    fn act2_histogram_today_and_in_the_spike() {
        let o = eval(&[]);
        let edges = o.get_series("hist_edges_ms").unwrap();
        assert_eq!(edges.len(), 43);
        assert!((edges[0] - 10.0).abs() < 1e-9 && (edges[42] - 1e8).abs() < 1e-3);
        // Today: M/D/8 at a = 5, C = 0.167267 (Erlang B 5/6, 0.6757, 0.5297, 0.3983, 0.2849,
        // 0.1918, 0.1205, 0.0700), W_q = 1.6058 ms (Cosmetatos); P(wait > x) = C e^{−kx}
        // with k = C / W_q = 104.164/s; latency = wait + 50 ms. The 50 ms requests fall in
        // bin 4, [46.42, 68.13) ms: 1 − C e^{−104.164 × 0.018129} = 1 − 0.167267 × 0.151312
        // = 97.469 %; bin 5, [68.13, 100) ms: 2.5309 % − C e^{−5.2082} = 2.5309 − 0.0915 =
        // 2.439 %.
        let now = o.get_series("hist_now_pct").unwrap();
        assert_eq!(now.len(), 42);
        assert!((now[4] - 97.469).abs() < 0.01);
        assert!((now[5] - 2.439).abs() < 0.01);
        assert!((now.iter().sum::<f64>() - 100.0).abs() < 1e-6);
        // The P50 today waits for nothing (83 % never queue): 50 ms.
        assert!((o.n("now_p50_ms") - 50.0).abs() < 1e-9);
        // The spike: the wait is uniform on [0, 3,150 s], so the bin [10⁶, 10^6.167) ms holds
        // (1.4678 − 1) × 10⁶ / 3.15 × 10⁶ = 14.85 %; the P50 is 1,575 s + 50 ms.
        let spike = o.get_series("hist_spike_pct").unwrap();
        assert!((spike[30] - 14.851).abs() < 0.01);
        assert!((spike.iter().sum::<f64>() - 100.0).abs() < 1e-6);
        assert!((o.n("spike_p50_ms") - 1_575_050.0).abs() < 1.0);
        // Whatever the fleet, the bins hold every request: the shares sum to 100 %.
        for (r, b, a) in [
            (1.0, 1.0, false),
            (3.0, 32.0, false),
            (8.0, 1.0, true),
            (8.0, 8.0, true),
        ] {
            let o = eval(&[
                ("replicas", Value::Num(r)),
                ("batch", Value::Num(b)),
                ("autoscale", Value::Bool(a)),
            ]);
            for name in ["hist_now_pct", "hist_spike_pct"] {
                let h = o.get_series(name).unwrap();
                assert!(
                    (h.iter().sum::<f64>() - 100.0).abs() < 1e-3,
                    "{name} {r} {b} {a}"
                );
                assert!(h.iter().all(|&x| x >= -1e-9));
            }
        }
    }

    #[test]
    fn act2_mobile_throttles() {
        let o = eval(&[("context", Value::Text("mobile"))]);
        assert_eq!(o.get("thermal_warn"), Some(Value::Bool(true)));
        // 8 threads: 1.5× slower, 75 ms per request; and free.
        assert!((o.n("service_ms") - 75.0).abs() < 1e-9);
        assert_eq!(o.n("cost_per_hour"), 0.0);
        let o = eval(&[
            ("context", Value::Text("mobile")),
            ("replicas", Value::Num(4.0)),
        ]);
        assert_eq!(o.get("thermal_warn"), Some(Value::Bool(false)));
    }
}
