//! Vol 2 Lab 12, "The SLO Composition Trap": per-hop objectives compound along a request
//! path (Act I), and an overload turns into a cascade through timeouts, retries and held
//! workers unless load is shed and pools are isolated (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `kubernetes` (the autoscaler adds capacity 30 s after the surge,
//! +1%/s up to +30%) and `bare_metal` (no automatic capacity). Breakers and bulkheads work the
//! same in both.
//!
//! **Act I** scenario: defaults (5 services in series, each misses its 100 ms hop deadline on
//! 1% of requests, independent).
//! - Prediction: "Every dashboard is green, yet the end-to-end SLO is missed far more often
//!   than 1%. Why?" Options: (A, "a latency bug in one service", `latency_bug`), (B,
//!   "violations compound along the path", `compounding`) ✔, (C, "100 ms per hop is too
//!   tight", `too_tight`), (D, "the SLO should use P50", `use_p50`). Checked against the text
//!   output `act1_cause`. Feedback quotes `e2e_pct` (4.90%) against `per_service_pct` (1%).
//! - Reflection ✔ B (derive per-hop budgets from the composition law): quotes
//!   `per_service_budget_pct` (0.201% for 1% end to end) and `over_allocation` (5×).
//!
//! **Act II** scenario: defaults reproduce the outage the story describes, so the default
//! design is broken: inference is offered 180% of its capacity, clients time out after
//! 2,000 ms and retry (3× load), no breakers, no bulkheads, observed 60 s into the surge
//! (`t_s`, which a chart sweeps from 0 to 60 s). Each upstream service (gateway, auth,
//! features) spends half of a request's worker time waiting on the call chain, so by Little's
//! law its occupancy grows with the wait; the formatter sits downstream of inference and only
//! ever sees inference's output, so it cannot overload.
//! - Prediction: "What would have stopped the cascade?" Options: (A, "more capacity",
//!   `add_capacity`), (B, "circuit breakers and bulkheads: shed instead of queue",
//!   `breakers_bulkheads`) ✔, (C, "better monitoring", `monitoring`), (D, "rely on the
//!   autoscaler", `hpa`). Checked against the text output `containing_fix`: the first fix (in
//!   option order) under which no service is overloaded at 60 s. With +25% capacity the
//!   surge is still 1.44× capacity; the autoscaler arrives after 30 s and adds at most 30%.
//! - Reflection ✔ B (a full queue holds doomed work and feeds retries): quotes
//!   `queued_requests`, `retry_factor` and `recovery_min`.
//! - Failure state: `cascade` (danger): every service on the path up to the bottleneck
//!   (gateway, auth, features, inference: 4 of 5) is overloaded. On at defaults (the outage);
//!   clears with breakers on.
//!
//! **Ledger** (`v2_12`): `context` ← input; `circuit_breakers_enabled` ← input `breakers`;
//! `bulkheads_enabled` ← input `bulkheads`; `per_service_slo_ms` ← `per_service_slo_ms`;
//! `end_to_end_violation_pct` ← `e2e_pct`; `cascade_contained` ← `contained`; `act2_result`
//! ← `overloaded_count`; `act2_decision` ← `containing_fix`; `constraint_hit` ← `cascade`.

use crate::laws::queueing::little_l;
use crate::laws::slo::{per_hop_budget, serial_violation, serial_violation_correlated};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::Seconds;

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "kubernetes",
        label: "Kubernetes (autoscaler, sidecar breakers)",
    },
    Choice {
        value: "bare_metal",
        label: "Bare metal (manual scaling)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Platform",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "kubernetes",
        },
    },
    InputDef {
        name: "services",
        label: "Services on the request path",
        kind: InputKind::Range {
            min: 2.0,
            max: 10.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "p_service_pct",
        label: "Each service's violation rate",
        kind: InputKind::Range {
            min: 0.1,
            max: 5.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "rho",
        label: "Correlation between services",
        kind: InputKind::Range {
            min: 0.0,
            max: 1.0,
            step: 0.05,
            default: 0.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "overload_pct",
        label: "Load offered to inference",
        kind: InputKind::Range {
            min: 110.0,
            max: 200.0,
            step: 5.0,
            default: 180.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "timeout_ms",
        label: "Client timeout",
        kind: InputKind::Range {
            min: 100.0,
            max: 10_000.0,
            step: 100.0,
            default: 2000.0,
            unit: Unit::Ms,
        },
    },
    InputDef {
        name: "retry_mult",
        label: "Retry multiplier",
        kind: InputKind::Range {
            min: 1.0,
            max: 5.0,
            step: 0.5,
            default: 3.0,
            unit: Unit::Ratio,
        },
    },
    InputDef {
        name: "breaker_threshold",
        label: "Breaker trips after (consecutive failures)",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "breakers",
        label: "Circuit breakers",
        kind: InputKind::Toggle { default: false },
    },
    InputDef {
        name: "bulkheads",
        label: "Bulkheads",
        kind: InputKind::Toggle { default: false },
    },
    InputDef {
        name: "t_s",
        label: "Time since the surge began",
        kind: InputKind::Range {
            min: 0.0,
            max: 60.0,
            step: 0.5,
            default: 60.0,
            unit: Unit::Seconds,
        },
    },
];

/// Values of `act1_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "compounding",
        label: "violations compound along the path",
    },
    Choice {
        value: "too_tight",
        label: "the per-hop deadline is too tight",
    },
];

/// Values of `containing_fix`: the fixes of the prediction, or none.
const FIXES: &[Choice] = &[
    Choice {
        value: "add_capacity",
        label: "more capacity",
    },
    Choice {
        value: "breakers_bulkheads",
        label: "circuit breakers and bulkheads",
    },
    Choice {
        value: "monitoring",
        label: "better monitoring",
    },
    Choice {
        value: "hpa",
        label: "the autoscaler",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num(
        "per_service_pct",
        "Each service's violation rate",
        Unit::Percent,
    ),
    num("e2e_pct", "End-to-end violation rate", Unit::Percent),
    num(
        "e2e_independent_pct",
        "End to end if independent",
        Unit::Percent,
    ),
    num(
        "naive_pct",
        "What a per-service dashboard suggests",
        Unit::Percent,
    ),
    num("e2e_target_pct", "End-to-end target", Unit::Percent),
    num(
        "per_service_budget_pct",
        "Per-service budget for a 1% end-to-end target",
        Unit::Percent,
    ),
    num(
        "over_allocation",
        "Per-service rate ÷ correct budget",
        Unit::Ratio,
    ),
    flag("e2e_over_target", "End-to-end target missed"),
    choice("act1_cause", "Why the end-to-end SLO is missed", CAUSES),
    num("per_service_slo_ms", "Per-hop latency objective", Unit::Ms),
    // Offered load over capacity: above 100 % is the overload the lab is about. The
    // capacity is relative to the base pool, which the autoscaler grows by up to 30 %.
    num("u_gateway_pct", "Gateway load vs capacity", Unit::Percent).unbounded(),
    num("u_auth_pct", "Auth load vs capacity", Unit::Percent).unbounded(),
    num(
        "u_features_pct",
        "Feature store load vs capacity",
        Unit::Percent,
    )
    .unbounded(),
    num(
        "u_inference_pct",
        "Inference load vs capacity",
        Unit::Percent,
    )
    .unbounded(),
    num(
        "u_formatter_pct",
        "Formatter load vs capacity",
        Unit::Percent,
    )
    .unbounded(),
    num(
        "capacity_pct",
        "Inference capacity (autoscaled)",
        Unit::Percent,
    )
    .unbounded(),
    num("overloaded_count", "Services overloaded", Unit::None),
    num("retry_factor", "Retry amplification", Unit::Ratio),
    num(
        "inference_wait_ms",
        "Wait seen by callers of inference",
        Unit::Ms,
    ),
    num(
        "queued_requests",
        "Requests queued at inference",
        Unit::Requests,
    ),
    num(
        "recovery_min",
        "Time to drain the queue afterwards",
        Unit::Minutes,
    ),
    flag("breaker_open", "Breaker open (shedding load)"),
    num("trip_s", "Breaker trips after", Unit::Seconds),
    num("hpa_delay_s", "Autoscaler reaction time", Unit::Seconds),
    num(
        "hpa_vs_breaker",
        "Autoscaler ÷ breaker reaction time",
        Unit::Ratio,
    ),
    flag(
        "cascade",
        "Cascade: every service up to the bottleneck overloaded",
    ),
    flag("contained", "Overload contained (2 services or fewer)"),
    choice("containing_fix", "First fix that contains the surge", FIXES),
];

/// The per-hop latency objective: 5 × 100 ms within the 500 ms end-to-end SLO.
const HOP_SLO: Seconds = Seconds::ms(100.0);
/// The end-to-end violation target.
const E2E_TARGET: f64 = 0.01;
/// Baseline utilisation of gateway, auth, features, inference, formatter.
const U0: [f64; 5] = [0.40, 0.35, 0.55, 0.80, 0.25];
/// Share of an upstream worker's time per request spent waiting on downstream calls.
const WAIT_SHARE: f64 = 0.5;
/// Share of each upstream pool a bulkhead lets calls to inference hold.
const BULKHEAD: f64 = 0.3;
/// Autoscaler: 25 s to detect plus 5 s to start a warm pod, then +1% capacity per second up
/// to +30%.
const HPA_DELAY: Seconds = Seconds::new(30.0);
const HPA_RATE: f64 = 0.01;
const HPA_MAX: f64 = 0.3;
/// A breaker observes one call outcome per ~100 ms.
const BREAKER_TICK: Seconds = Seconds::ms(100.0);
/// An open breaker admits up to this share of capacity and rejects the rest at once.
const SHED_TO: f64 = 0.95;
/// Inference capacity in requests per second (to turn queued work into requests).
const INFERENCE_RPS: f64 = 200.0;
/// Emergency capacity of option A.
const EXTRA_CAPACITY: f64 = 1.25;
/// Simulation step.
const DT: f64 = 0.5;

/// One run's settings.
#[derive(Clone, Copy)]
struct Run {
    load: f64,
    timeout: Seconds,
    retry: f64,
    threshold: f64,
    breakers: bool,
    bulkheads: bool,
    hpa: bool,
    base_capacity: f64,
}

/// The system at the observed instant.
struct State {
    u: [f64; 5],
    capacity: f64,
    retry_factor: f64,
    wait: Seconds,
    backlog: f64,
    open: bool,
}

impl State {
    fn overloaded(&self) -> usize {
        self.u.iter().filter(|&&u| u > 1.0).count()
    }
}

/// Steps the surge from t = 0 to `t`. `backlog` is queued work in seconds of base capacity.
fn simulate(r: &Run, t: f64) -> State {
    let steps = (t / DT).round() as usize;
    let (mut backlog, mut failing, mut open) = (0.0f64, 0.0f64, false);
    let trip = BREAKER_TICK.as_s() * r.threshold;
    let hop = HOP_SLO.as_s();
    let mut k = 0;
    loop {
        let tau = k as f64 * DT;
        let relief = if r.hpa {
            (HPA_RATE * (tau - HPA_DELAY.as_s()).max(0.0)).min(HPA_MAX)
        } else {
            0.0
        };
        let c = r.base_capacity + relief;
        // Callers wait for the queue ahead of them; past the timeout they give up and retry.
        let queue_wait = backlog / c;
        let timing_out = !open && hop + queue_wait >= r.timeout.as_s();
        let m = if timing_out { r.retry } else { 1.0 };
        let offered = r.load * m;
        let admitted = if open {
            offered.min(SHED_TO * c)
        } else {
            offered
        };
        let wait = Seconds::new((hop + queue_wait).min(r.timeout.as_s()).max(hop));
        // Little's law: a worker is held for its own work plus the wait on the chain.
        let mut u = [0.0; 5];
        for (s, slot) in u.iter_mut().enumerate().take(3) {
            let rate = U0[s] * m;
            let own = rate * (1.0 - WAIT_SHARE);
            let held = little_l(rate * WAIT_SHARE / hop, wait);
            *slot = own
                + if r.bulkheads {
                    held.min(BULKHEAD)
                } else {
                    held
                };
        }
        u[3] = admitted / c;
        // The formatter only sees what inference finishes.
        u[4] = U0[4] * admitted.min(c) / U0[3];
        if k >= steps {
            return State {
                u,
                capacity: c,
                retry_factor: m,
                wait,
                backlog,
                open,
            };
        }
        backlog = (backlog + (admitted - c) * DT).max(0.0);
        if r.breakers && !open {
            failing = if timing_out { failing + DT } else { 0.0 };
            if failing >= trip {
                // Opening sheds the queued doomed work along with the excess.
                open = true;
                backlog = 0.0;
            }
        }
        k += 1;
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    // Act I: composition along the path.
    let n = i.n("services");
    let p = i.n("p_service_pct") / 100.0;
    let rho = i.n("rho");
    let e2e = serial_violation_correlated(p, n, rho);
    let budget = per_hop_budget(E2E_TARGET, n);
    o.num("per_service_pct", p * 100.0)
        .num("e2e_pct", e2e * 100.0)
        .num("e2e_independent_pct", serial_violation(p, n) * 100.0)
        .num("naive_pct", p * 100.0)
        .num("e2e_target_pct", E2E_TARGET * 100.0)
        .num("per_service_budget_pct", budget * 100.0)
        .num("over_allocation", p / budget)
        .flag("e2e_over_target", e2e > E2E_TARGET)
        .text(
            "act1_cause",
            if e2e >= 1.5 * p {
                "compounding"
            } else {
                "too_tight"
            },
        )
        .num("per_service_slo_ms", HOP_SLO.as_ms());

    // Act II: the surge.
    let run = Run {
        load: i.n("overload_pct") / 100.0,
        timeout: Seconds::ms(i.n("timeout_ms")),
        retry: i.n("retry_mult"),
        threshold: i.n("breaker_threshold"),
        breakers: i.b("breakers"),
        bulkheads: i.b("bulkheads"),
        hpa: i.t("context") == "kubernetes",
        base_capacity: 1.0,
    };
    let st = simulate(&run, i.n("t_s"));
    let overloaded = st.overloaded();
    let spare = st.capacity - U0[3];
    let fixes = [
        (
            "add_capacity",
            Run {
                breakers: false,
                bulkheads: false,
                hpa: false,
                base_capacity: EXTRA_CAPACITY,
                ..run
            },
        ),
        (
            "breakers_bulkheads",
            Run {
                breakers: true,
                bulkheads: true,
                ..run
            },
        ),
        (
            "monitoring",
            Run {
                breakers: false,
                bulkheads: false,
                hpa: false,
                ..run
            },
        ),
        (
            "hpa",
            Run {
                breakers: false,
                bulkheads: false,
                hpa: true,
                ..run
            },
        ),
    ];
    let fix = fixes
        .iter()
        .find(|(_, r)| simulate(r, 60.0).overloaded() == 0)
        .map_or("none", |(k, _)| *k);
    let names = [
        "u_gateway_pct",
        "u_auth_pct",
        "u_features_pct",
        "u_inference_pct",
        "u_formatter_pct",
    ];
    for (name, u) in names.iter().zip(st.u) {
        o.num(name, 100.0 * u);
    }
    o.num("capacity_pct", 100.0 * st.capacity)
        .num("overloaded_count", overloaded as f64)
        .num("retry_factor", st.retry_factor)
        .num("inference_wait_ms", st.wait.as_ms())
        .num("queued_requests", st.backlog * INFERENCE_RPS)
        // Once the surge ends the base load leaves `spare` capacity to drain the queue.
        .num("recovery_min", st.backlog / spare / 60.0)
        .flag("breaker_open", st.open)
        .num("trip_s", BREAKER_TICK.as_s() * run.threshold)
        .num("hpa_delay_s", HPA_DELAY.as_s())
        .num("hpa_vs_breaker", HPA_DELAY / BREAKER_TICK)
        .flag("cascade", st.u[..4].iter().all(|&u| u > 1.0))
        .flag("contained", overloaded <= 2)
        .text("containing_fix", fix);
    o
}

/// The Lab 12 model.
pub const MODEL: Model = Model {
    id: "v2-12",
    title: "The SLO Composition Trap",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn act1_violations_compound() {
        let o = eval(&[]);
        assert_eq!(o.get("act1_cause"), Some(Value::Text("compounding")));
        // 1 − 0.99⁵ = 4.90%, 4.9× the per-service 1%.
        assert!((o.n("e2e_pct") - 4.901).abs() < 1e-3);
        // Budget 1 − 0.99^(1/5) = 0.2008%; 1% is 4.98× too generous.
        assert!((o.n("per_service_budget_pct") - 0.2008).abs() < 1e-4);
        assert!((o.n("over_allocation") - 4.98).abs() < 0.01);
        assert_eq!(o.get("e2e_over_target"), Some(Value::Bool(true)));
        // Fully correlated services violate together: back to 1%, and the cause is gone.
        let o = eval(&[("rho", Value::Num(1.0))]);
        assert!((o.n("e2e_pct") - 1.0).abs() < 1e-9);
        assert_eq!(o.get("act1_cause"), Some(Value::Text("too_tight")));
        // Meeting the budget meets the target: 0.2% × 5 hops → 0.996% < 1%.
        let o = eval(&[("p_service_pct", Value::Num(0.2))]);
        assert_eq!(o.get("e2e_over_target"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_end_to_end_rises_with_path_length() {
        let mut prev = 0.0;
        for n in 2..=10 {
            let o = eval(&[("services", Value::Num(n as f64))]);
            assert!(o.n("e2e_pct") > prev);
            prev = o.n("e2e_pct");
        }
    }

    #[test]
    fn act2_default_outage_cascades() {
        let o = eval(&[]);
        // The story's outage: broken at defaults.
        assert_eq!(o.get("cascade"), Some(Value::Bool(true)));
        assert_eq!(o.n("overloaded_count"), 4.0);
        // The formatter never overloads: at most 0.25 × 1.3/0.8 = 40.6%.
        assert!(o.n("u_formatter_pct") <= 40.7);
        // Retries triple the offered load; inference at 5.4 / 1.3 = 415% of autoscaled capacity.
        assert_eq!(o.n("retry_factor"), 3.0);
        assert!((o.n("capacity_pct") - 130.0).abs() < 1e-9);
        assert!((o.n("u_inference_pct") - 540.0 / 1.3).abs() < 1e-9);
        // Callers wait the full 2 s timeout, holding gateway workers 20× longer:
        // 0.4 × 3 × (0.5 + 0.5 × 20) = 12.6 → 1,260%.
        assert!((o.n("inference_wait_ms") - 2000.0).abs() < 1e-9);
        assert!((o.n("u_gateway_pct") - 1260.0).abs() < 1e-9);
        // Backlog: 5 half-second steps at +0.8 before timeouts (2.0), 55 at 5.4 − 1 (121), 60
        // while the autoscaler ramps capacity from 1.0 to 1.295 (127.575): 250.575 s of
        // capacity × 200 req/s = 50,115 queued requests (the story's "50,000 queued").
        assert!((o.n("queued_requests") - 50_115.0).abs() < 1e-6);
        // Draining it with 1.3 − 0.8 = 0.5 of spare capacity: 501 s = 8.35 min.
        assert!((o.n("recovery_min") - 8.3525).abs() < 1e-9);
    }

    #[test]
    fn act2_keyed_fix_is_breakers_and_bulkheads() {
        let o = eval(&[]);
        assert_eq!(
            o.get("containing_fix"),
            Some(Value::Text("breakers_bulkheads"))
        );
        // Turning them on clears the cascade: the breaker trips at 3.0 s (timeouts from 2.5 s
        // plus 5 × 100 ms), drops the doomed queue and sheds to 95% of capacity.
        let o = eval(&[
            ("breakers", Value::Bool(true)),
            ("bulkheads", Value::Bool(true)),
        ]);
        assert_eq!(o.get("cascade"), Some(Value::Bool(false)));
        assert_eq!(o.n("overloaded_count"), 0.0);
        assert_eq!(o.get("breaker_open"), Some(Value::Bool(true)));
        assert_eq!(o.n("queued_requests"), 0.0);
        assert_eq!(o.n("recovery_min"), 0.0);
        // Bulkheads alone contain the spread to 2 services but inference stays down.
        let o = eval(&[("bulkheads", Value::Bool(true))]);
        assert_eq!(o.get("cascade"), Some(Value::Bool(false)));
        assert_eq!(o.get("contained"), Some(Value::Bool(true)));
        assert!(o.n("u_inference_pct") > 100.0);
        // A smaller surge is handled by 25% more capacity, which the model then names first.
        let o = eval(&[("overload_pct", Value::Num(120.0))]);
        assert_eq!(o.get("containing_fix"), Some(Value::Text("add_capacity")));
    }

    #[test]
    fn act2_autoscaler_is_too_slow() {
        // 30 s / 100 ms = 300×.
        let o = eval(&[]);
        assert!((o.n("hpa_vs_breaker") - 300.0).abs() < 1e-9);
        // Bare metal cascades too.
        let o = eval(&[("context", Value::Text("bare_metal"))]);
        assert_eq!(o.get("cascade"), Some(Value::Bool(true)));
        assert!((o.n("capacity_pct") - 100.0).abs() < 1e-9);
    }

    #[test]
    fn act2_cascade_builds_over_time() {
        // At t = 0 only inference is overloaded (180%).
        let o = eval(&[("t_s", Value::Num(0.0))]);
        assert_eq!(o.n("overloaded_count"), 1.0);
        assert_eq!(o.get("cascade"), Some(Value::Bool(false)));
        // Timeouts start once the queue wait reaches 1.9 s: 0.8 s of backlog per second, so
        // after 2.5 s; from then on retries triple the load.
        let o = eval(&[("t_s", Value::Num(2.0))]);
        assert_eq!(o.n("retry_factor"), 1.0);
        let o = eval(&[("t_s", Value::Num(2.5))]);
        assert_eq!(o.n("retry_factor"), 3.0);
        assert_eq!(o.get("cascade"), Some(Value::Bool(true)));
    }

    #[test]
    fn short_timeout_without_retries_stays_contained() {
        // 100 ms timeout, no retries: callers never wait past the hop objective, only
        // inference is overloaded.
        let o = eval(&[
            ("timeout_ms", Value::Num(100.0)),
            ("retry_mult", Value::Num(1.0)),
        ]);
        assert_eq!(o.n("overloaded_count"), 1.0);
        assert_eq!(o.get("contained"), Some(Value::Bool(true)));
    }
}
