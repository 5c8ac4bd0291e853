//! Vol 1 Lab 03, "The Constraint Tax": what a deployment constraint costs when the workflow
//! discovers it late (Act I), and why a fast iteration cycle beats a head start only where the
//! deployment context can sustain that cycle (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, used by Act II only): `cloud`, an H100 training node (700 W,
//! $3/h), and `mobile`, on-device retraining on the phone NPU (5 W, 10 Wh battery).
//!
//! **Act I scenario** (defaults): the rural-clinic project, six stages of 5 / 100 / 15 / 10 /
//! 10 / 10 days (150 days). The model reaches 96 % at the end of model development
//! (`model_dev_end_day`, day 120); at handoff (`discovery_day`, day 131, the first day of
//! deployment) the 512 MB tablets cannot hold the 4 GB model (`model_over_tablet`, 8×).
//!
//! * Prediction 1, "The limit surfaced at stage 5 instead of stage 1. How much more does the
//!   fix cost?" Options (a, "~5×", 5), (b, "~10×", 10), (c, "~16×", 16), (d, "~100×", 100).
//!   Keyed **c**, checked against `cost_multiplier` (16 at `discovery_stage` = 5). Option d
//!   is Boehm's software-maintenance figure, 6.25× too high; even stage 6 is 32×
//!   (`cost_multiplier` at stage 6).
//! * Prediction 2 (bounded number, 5-95 %, step 5): "What share of the project's time goes to
//!   data?" Checked against `data_share_pct` (66.7 %: 100 of 150 days).
//! * Reflection, keyed **c**, "the memory limit was never written down at stage 1": feedback quotes
//!   `model_over_tablet`, `days_at_risk` (130 days, `days_at_risk_pct` 86.7 %) and
//!   `stages_to_redo` (4).
//!
//! **Act II scenario** (defaults): a large model (95 %, +0.15 points per iteration, 168 h
//! cycle) races a small one (90 %, +0.10 points, 1 h cycle) for 26 weeks; each iteration's gain
//! is `decay` (0.99) times the previous one; accuracy is capped at 99 %.
//!
//! * Prediction 3, "Which model is ahead after 26 weeks, and does that ever change?" Options
//!   (a, "the large model, always", `large_always`), (b, "the small model, always",
//!   `small_always`), (c, "it depends: the small model overtakes, and when is set by the cycles
//!   and the context", `crossover`), (d, "neither: retraining does not help", `never_retrain`).
//!   Keyed **c**, checked against the text output `race_outcome`. The crossover comes at
//!   `crossover_week` (0.42 weeks, about 3 days); on mobile the hourly cycle is infeasible and
//!   the feasible daily cycle never overtakes (`race_outcome` = `large_always`).
//! * Reflection, keyed **b**, "the deployment context's constraint decides whether and when the
//!   crossover happens": feedback quotes `daily_retrain_wh`, `battery_wh` and `battery_ratio`
//!   (12× on mobile at a 1 h cycle).
//!
//! **Gate panel**: `memory_gate` picks the earliest stage that checks the memory limit;
//! `caught_stage`, `gated_multiplier` and `gated_days_at_risk` show what is left of the Act I
//! tax (only the stage-1 budget removes it: `act1_prevented`).
//!
//! **Failure states**: `battery_exceeded` (danger: daily retraining needs more energy than the
//! whole battery; mobile with a 1 h or 4 h small-model cycle), `battery_strain` (warn: more than
//! a quarter of the battery per day; mobile with a 24 h cycle). Both off at the defaults.
//!
//! **Chart**: sweep `window_weeks` and plot `large_final_pct` and `small_final_pct`.
//!
//! **Ledger** (ch3): `context` ← input `context`; `act1_prediction`, `act1_correct` ← the
//! student's Act I answer and whether it is c; `model_size_chosen` ← `leader_at_end`;
//! `iteration_cycle_hours` ← input `small_cycle_h`; `crossover_week` ← `crossover_week` (−1 when
//! none); `constraint_gates` ← input `memory_gate`; `constraint_discovery_stage` ← input
//! `discovery_stage`; `cost_multiplier` ← `cost_multiplier`; `constraint_hit` ←
//! `battery_exceeded`.

use crate::catalog::{H100, H100_USD_PER_HOUR, PHONE_BATTERY_WH, PHONE_NPU};
use crate::laws::workflow::{constraint_cost_multiplier, iterated_accuracy, iterated_ceiling};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Joules, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud training node (H100)",
    },
    Choice {
        value: "mobile",
        label: "Mobile, on-device (phone NPU)",
    },
];

const GATES: &[Choice] = &[
    Choice {
        value: "none",
        label: "No memory gate",
    },
    Choice {
        value: "s1_budget",
        label: "S1: memory budget in the requirements",
    },
    Choice {
        value: "s3_profiling",
        label: "S3: batch-1 memory profiling",
    },
    Choice {
        value: "s4_device_test",
        label: "S4: on-device test",
    },
];

const SMALL_CYCLES: &[Choice] = &[
    Choice {
        value: "1",
        label: "1 hour",
    },
    Choice {
        value: "4",
        label: "4 hours",
    },
    Choice {
        value: "24",
        label: "1 day",
    },
    Choice {
        value: "168",
        label: "1 week",
    },
];

const DECAYS: &[Choice] = &[
    Choice {
        value: "0.90",
        label: "0.90 (gains fade fast)",
    },
    Choice {
        value: "0.95",
        label: "0.95",
    },
    Choice {
        value: "0.99",
        label: "0.99 (gains fade slowly)",
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
        name: "discovery_stage",
        label: "Stage where the memory limit is discovered",
        kind: InputKind::Range {
            min: 1.0,
            max: 6.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "memory_gate",
        label: "Earliest memory gate",
        kind: InputKind::Choice {
            options: GATES,
            default: "none",
        },
    },
    InputDef {
        name: "small_cycle_h",
        label: "Small model: iteration cycle",
        kind: InputKind::Choice {
            options: SMALL_CYCLES,
            default: "1",
        },
    },
    InputDef {
        name: "decay",
        label: "Gain decay per iteration",
        kind: InputKind::Choice {
            options: DECAYS,
            default: "0.99",
        },
    },
    InputDef {
        name: "window_weeks",
        label: "Race window",
        kind: InputKind::Range {
            min: 1.0,
            max: 52.0,
            step: 1.0,
            default: 26.0,
            unit: Unit::Weeks,
        },
    },
];

/// Values of `stageN_status`: where a stage sits relative to the discovery.
const STAGE_STATUSES: &[Choice] = &[
    Choice {
        value: "before",
        label: "before discovery",
    },
    Choice {
        value: "at",
        label: "at discovery",
    },
    Choice {
        value: "after",
        label: "after discovery",
    },
];

/// Values of `multiplier_band`.
const MULTIPLIER_BANDS: &[Choice] = &[
    Choice {
        value: "low",
        label: "low",
    },
    Choice {
        value: "moderate",
        label: "moderate",
    },
    Choice {
        value: "severe",
        label: "severe",
    },
];

/// Values of `race_outcome`.
const RACE_OUTCOMES: &[Choice] = &[
    Choice {
        value: "small_always",
        label: "the small model leads throughout",
    },
    Choice {
        value: "crossover",
        label: "the small model overtakes",
    },
    Choice {
        value: "large_always",
        label: "the large model stays ahead",
    },
];

/// Values of `leader_at_end`.
const LEADERS: &[Choice] = &[
    Choice {
        value: "tie",
        label: "neither (a tie)",
    },
    Choice {
        value: "small",
        label: "the small model",
    },
    Choice {
        value: "large",
        label: "the large model",
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Act I: the stage chart and the tax.
    num("stage1_days", "S1 problem definition", Unit::Days),
    num(
        "stage2_days",
        "S2 data collection and preparation",
        Unit::Days,
    ),
    num("stage3_days", "S3 model development", Unit::Days),
    num("stage4_days", "S4 evaluation", Unit::Days),
    num("stage5_days", "S5 deployment", Unit::Days),
    num("stage6_days", "S6 monitoring", Unit::Days),
    choice("stage1_status", "S1 relative to discovery", STAGE_STATUSES),
    choice("stage2_status", "S2 relative to discovery", STAGE_STATUSES),
    choice("stage3_status", "S3 relative to discovery", STAGE_STATUSES),
    choice("stage4_status", "S4 relative to discovery", STAGE_STATUSES),
    choice("stage5_status", "S5 relative to discovery", STAGE_STATUSES),
    choice("stage6_status", "S6 relative to discovery", STAGE_STATUSES),
    num("project_days", "Project length", Unit::Days),
    num(
        "model_dev_end_day",
        "Model development ends on day",
        Unit::None,
    ),
    num("discovery_day", "Limit discovered on day", Unit::None),
    num("cost_multiplier", "Cost of the fix vs stage 1", Unit::Ratio),
    choice("multiplier_band", "Tax level", MULTIPLIER_BANDS),
    num("days_at_risk", "Work done before discovery", Unit::Days),
    num(
        "days_at_risk_pct",
        "Share of the project at risk",
        Unit::Percent,
    ),
    num("stages_to_redo", "Stages to revisit", Unit::None),
    num("model_gb", "Model size", Unit::Gb),
    num("tablet_mb", "Tablet memory", Unit::Mb),
    num("model_over_tablet", "Model ÷ tablet memory", Unit::Ratio),
    num("data_share_pct", "Time on data", Unit::Percent),
    num(
        "model_share_pct",
        "Time on modelling and evaluation",
        Unit::Percent,
    ),
    num(
        "ops_share_pct",
        "Time on deployment and monitoring",
        Unit::Percent,
    ),
    num(
        "problem_share_pct",
        "Time on problem definition",
        Unit::Percent,
    ),
    // Gate panel.
    num(
        "caught_stage",
        "Stage where the limit is caught",
        Unit::None,
    ),
    num(
        "gated_multiplier",
        "Cost of the fix with this gate",
        Unit::Ratio,
    ),
    num(
        "gated_days_at_risk",
        "Work at risk with this gate",
        Unit::Days,
    ),
    flag("act1_prevented", "The Act I failure is prevented"),
    // Act II: the race.
    num(
        "large_iterations",
        "Large model: iterations in the window",
        Unit::None,
    ),
    num(
        "small_iterations",
        "Small model: iterations in the window",
        Unit::None,
    ),
    num("cycle_ratio", "Cycle ratio (large ÷ small)", Unit::Ratio),
    num(
        "large_final_pct",
        "Large model: accuracy at the end",
        Unit::Percent,
    ),
    num(
        "small_final_pct",
        "Small model: accuracy at the end",
        Unit::Percent,
    ),
    num(
        "large_ceiling_pct",
        "Large model: accuracy ceiling",
        Unit::Percent,
    ),
    num(
        "small_ceiling_pct",
        "Small model: accuracy ceiling",
        Unit::Percent,
    ),
    // −1 when the small model never overtakes (the ledger's sentinel).
    num(
        "crossover_week",
        "Small model overtakes in week",
        Unit::Weeks,
    )
    .signed(),
    num("crossover_days", "Small model overtakes after", Unit::Days).signed(),
    flag(
        "crossover_in_window",
        "The small model overtakes within the window",
    ),
    choice("race_outcome", "Race outcome", RACE_OUTCOMES),
    choice("leader_at_end", "Ahead at the end of the window", LEADERS),
    // Act II: the context's energy budget for the small model's retraining.
    text("retrain_device", "Retraining runs on"),
    num(
        "retrains_per_day",
        "Small-model retrains per day",
        Unit::None,
    ),
    num("daily_retrain_wh", "Retraining energy per day", Unit::Wh),
    num("daily_retrain_kwh", "Retraining energy per day", Unit::Kwh),
    num("daily_retrain_usd", "Retraining rental per day", Unit::Usd),
    num("battery_wh", "Phone battery", Unit::Wh),
    num(
        "battery_ratio",
        "Daily retraining energy ÷ battery",
        Unit::Ratio,
    ),
    flag(
        "battery_exceeded",
        "Daily retraining needs more than a full battery",
    ),
    flag(
        "battery_strain",
        "Daily retraining uses over a quarter of the battery",
    ),
];

/// Stage durations in days: S1 problem definition, S2 data collection and preparation, S3
/// model development, S4 evaluation, S5 deployment, S6 monitoring. Data takes 100 of the 150
/// days (67 %), inside the chapter's 60-80 % range.
const STAGE_DAYS: [f64; 6] = [5.0, 100.0, 15.0, 10.0, 10.0, 10.0];
const STAGE_DAY_OUTPUTS: [&str; 6] = [
    "stage1_days",
    "stage2_days",
    "stage3_days",
    "stage4_days",
    "stage5_days",
    "stage6_days",
];
const STAGE_STATUS_OUTPUTS: [&str; 6] = [
    "stage1_status",
    "stage2_status",
    "stage3_status",
    "stage4_status",
    "stage5_status",
    "stage6_status",
];

/// The Act I story's model and the clinic tablets' memory (binary units, as devices report).
const MODEL_BYTES: Bytes = Bytes::gib(4.0);
const TABLET_BYTES: Bytes = Bytes::mib(512.0);

/// The two models of the race: starting accuracy and first-iteration gain, in points.
const LARGE_START: f64 = 95.0;
const LARGE_GAIN: f64 = 0.15;
const SMALL_START: f64 = 90.0;
const SMALL_GAIN: f64 = 0.10;
/// The large model's iteration cycle: one week per train-evaluate round.
const LARGE_CYCLE_H: f64 = 168.0;
/// No amount of iteration lifts either model past this accuracy.
const ACCURACY_CAP: f64 = 99.0;
/// One small-model retraining run keeps the device busy for an hour, so a 1 h cycle means
/// retraining around the clock.
const SMALL_RETRAIN: Seconds = Seconds::hours(1.0);
/// Below this gap (points) the two models count as level.
const TIE_POINTS: f64 = 0.005;

fn hours(choice: &str) -> f64 {
    choice.parse::<f64>().unwrap_or(1.0).max(1.0)
}

/// Accuracy of both models after `t_h` hours: (large, small).
fn race_at(t_h: f64, large_cycle: f64, small_cycle: f64, decay: f64) -> (f64, f64) {
    (
        iterated_accuracy(
            LARGE_START,
            LARGE_GAIN,
            decay,
            t_h / large_cycle,
            ACCURACY_CAP,
        ),
        iterated_accuracy(
            SMALL_START,
            SMALL_GAIN,
            decay,
            t_h / small_cycle,
            ACCURACY_CAP,
        ),
    )
}

/// The first time (hours) within `window_h` at which the small model is strictly ahead.
/// A coarse scan finds the first sample where it leads; bisection then pins the crossing.
fn crossover_hours(window_h: f64, large_cycle: f64, small_cycle: f64, decay: f64) -> Option<f64> {
    // The large model never falls below its start, so a small model whose ceiling is not
    // above that start can never lead: skip the scan.
    let small_max = iterated_ceiling(SMALL_START, SMALL_GAIN, decay).min(ACCURACY_CAP);
    if small_max <= LARGE_START {
        return None;
    }
    let lead = |t: f64| {
        let (l, s) = race_at(t, large_cycle, small_cycle, decay);
        s - l
    };
    const SAMPLES: usize = 128;
    let mut prev = 0.0;
    for i in 1..=SAMPLES {
        let t = window_h * i as f64 / SAMPLES as f64;
        if lead(t) > 1e-9 {
            let (mut lo, mut hi) = (prev, t);
            for _ in 0..50 {
                let mid = 0.5 * (lo + hi);
                if lead(mid) > 1e-9 {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return Some(hi);
        }
        prev = t;
    }
    None
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: the stage where the limit surfaces sets the multiplier and the work at risk.
    let stage = i.n("discovery_stage").round().clamp(1.0, 6.0);
    let project: f64 = STAGE_DAYS.iter().sum();
    let before = |n: f64| -> f64 { STAGE_DAYS.iter().take((n as usize).saturating_sub(1)).sum() };
    for (k, d) in STAGE_DAYS.iter().enumerate() {
        let n = (k + 1) as f64;
        let status = if n < stage {
            "before"
        } else if n == stage {
            "at"
        } else {
            "after"
        };
        o.num(STAGE_DAY_OUTPUTS[k], *d)
            .text(STAGE_STATUS_OUTPUTS[k], status);
    }
    let multiplier = constraint_cost_multiplier(stage);
    let band = if multiplier <= 2.0 {
        "low"
    } else if multiplier <= 8.0 {
        "moderate"
    } else {
        "severe"
    };
    let at_risk = before(stage);
    o.num("project_days", project)
        .num("model_dev_end_day", before(4.0))
        .num("discovery_day", at_risk + 1.0)
        .num("cost_multiplier", multiplier)
        .text("multiplier_band", band)
        .num("days_at_risk", at_risk)
        .num("days_at_risk_pct", 100.0 * at_risk / project)
        .num("stages_to_redo", stage - 1.0)
        .num("model_gb", MODEL_BYTES.as_gb())
        .num("tablet_mb", TABLET_BYTES.as_mb())
        .num("model_over_tablet", MODEL_BYTES / TABLET_BYTES)
        .num("data_share_pct", 100.0 * STAGE_DAYS[1] / project)
        .num(
            "model_share_pct",
            100.0 * (STAGE_DAYS[2] + STAGE_DAYS[3]) / project,
        )
        .num(
            "ops_share_pct",
            100.0 * (STAGE_DAYS[4] + STAGE_DAYS[5]) / project,
        )
        .num("problem_share_pct", 100.0 * STAGE_DAYS[0] / project);

    // Gate panel: a gate catches the limit at its own stage if that comes before the natural
    // discovery. Latency, schema and rollout gates guard other failures and change nothing here.
    let gate_stage: f64 = match i.t("memory_gate") {
        "s1_budget" => 1.0,
        "s3_profiling" => 3.0,
        "s4_device_test" => 4.0,
        _ => 6.0,
    };
    let caught = gate_stage.min(stage);
    o.num("caught_stage", caught)
        .num("gated_multiplier", constraint_cost_multiplier(caught))
        .num("gated_days_at_risk", before(caught))
        .flag("act1_prevented", caught <= 1.0);

    // Act II: the iteration race.
    let large_cycle = LARGE_CYCLE_H;
    let small_cycle = hours(i.t("small_cycle_h"));
    let decay = i.t("decay").parse::<f64>().unwrap_or(0.99);
    let window_h = i.n("window_weeks") * 168.0;
    let (large_end, small_end) = race_at(window_h, large_cycle, small_cycle, decay);
    let cross = crossover_hours(window_h, large_cycle, small_cycle, decay);
    let (large_0, small_0) = race_at(0.0, large_cycle, small_cycle, decay);
    let outcome = if small_0 > large_0 {
        "small_always"
    } else if cross.is_some() {
        "crossover"
    } else {
        "large_always"
    };
    let leader = if (small_end - large_end).abs() < TIE_POINTS {
        "tie"
    } else if small_end > large_end {
        "small"
    } else {
        "large"
    };
    o.num("large_iterations", window_h / large_cycle)
        .num("small_iterations", window_h / small_cycle)
        .num("cycle_ratio", large_cycle / small_cycle)
        .num("large_final_pct", large_end)
        .num("small_final_pct", small_end)
        .num(
            "large_ceiling_pct",
            iterated_ceiling(LARGE_START, LARGE_GAIN, decay).min(ACCURACY_CAP),
        )
        .num(
            "small_ceiling_pct",
            iterated_ceiling(SMALL_START, SMALL_GAIN, decay).min(ACCURACY_CAP),
        )
        .num("crossover_week", cross.map_or(-1.0, |h| h / 168.0))
        .num("crossover_days", cross.map_or(-1.0, |h| h / 24.0))
        .flag("crossover_in_window", cross.is_some())
        .text("race_outcome", outcome)
        .text("leader_at_end", leader);

    // The small model retrains every `small_cycle` hours, each run an hour of device time.
    let mobile = i.t("context") == "mobile";
    let device = if mobile { PHONE_NPU } else { H100 };
    let runs = 24.0 / small_cycle;
    let busy = SMALL_RETRAIN.min(Seconds::hours(small_cycle)) * runs;
    let energy: Joules = device.power.value * busy;
    let battery = Joules::kwh(PHONE_BATTERY_WH.value / 1000.0);
    let ratio = energy / battery;
    o.text("retrain_device", device.name)
        .num("retrains_per_day", runs)
        .num("daily_retrain_wh", energy.as_kwh() * 1000.0)
        .num("daily_retrain_kwh", energy.as_kwh())
        .num(
            "daily_retrain_usd",
            if mobile {
                0.0
            } else {
                busy.as_hours() * H100_USD_PER_HOUR.value
            },
        )
        .num("battery_wh", PHONE_BATTERY_WH.value)
        .num("battery_ratio", if mobile { ratio } else { 0.0 })
        .flag("battery_exceeded", mobile && ratio > 1.0)
        .flag("battery_strain", mobile && ratio > 0.25 && ratio <= 1.0);
    o
}

/// The Lab 03 model.
pub const MODEL: Model = Model {
    id: "v1-03",
    title: "The Constraint Tax",
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

    /// Index of the option closest to `x` in log space.
    fn closest_log(options: &[f64], x: f64) -> usize {
        crate::labs::option_check::closest_log(x, options)
    }

    #[test]
    fn act1_stage_five_costs_sixteen_times() {
        let o = eval(&[]);
        // 2^(5−1) = 16: option c of (5, 10, 16, 100).
        assert_eq!(o.n("cost_multiplier"), 16.0);
        let opts = [5.0, 10.0, 16.0, 100.0];
        assert_eq!(closest_log(&opts, o.n("cost_multiplier")), 2);
        // Boehm's 100× is 100 / 16 = 6.25× too high; stage 6 is only 2⁵ = 32×.
        assert!((opts[3] / o.n("cost_multiplier") - 6.25).abs() < 1e-12);
        let s6 = eval(&[("discovery_stage", Value::Num(6.0))]);
        assert_eq!(s6.n("cost_multiplier"), 32.0);
        assert_eq!(o.get("multiplier_band"), Some(Value::Text("severe")));
    }

    #[test]
    fn act1_story_dates_and_work_at_risk() {
        let o = eval(&[]);
        // 5 + 100 + 15 + 10 + 10 + 10 = 150 days.
        assert_eq!(o.n("project_days"), 150.0);
        // Model development ends on day 5 + 100 + 15 = 120, where the story's 96 % is reached.
        assert_eq!(o.n("model_dev_end_day"), 120.0);
        // Stages 1-4 (130 days) are done when deployment starts on day 131.
        assert_eq!(o.n("discovery_day"), 131.0);
        assert_eq!(o.n("days_at_risk"), 130.0);
        // 130 / 150 = 86.67 %.
        assert!((o.n("days_at_risk_pct") - 86.667).abs() < 1e-3);
        assert_eq!(o.n("stages_to_redo"), 4.0);
        // 4 GiB / 512 MiB = 8.
        assert_eq!(o.n("model_over_tablet"), 8.0);
        assert_eq!(o.get("stage5_status"), Some(Value::Text("at")));
        assert_eq!(o.get("stage4_status"), Some(Value::Text("before")));
        assert_eq!(o.get("stage6_status"), Some(Value::Text("after")));
    }

    #[test]
    fn act1_time_on_data() {
        let o = eval(&[]);
        // 100 / 150 = 66.7 % on data, 25 / 150 = 16.7 % modelling, 20 / 150 = 13.3 % operations.
        assert!((o.n("data_share_pct") - 66.667).abs() < 1e-3);
        assert!((o.n("model_share_pct") - 16.667).abs() < 1e-3);
        assert!((o.n("ops_share_pct") - 13.333).abs() < 1e-3);
        let total = o.n("data_share_pct")
            + o.n("model_share_pct")
            + o.n("ops_share_pct")
            + o.n("problem_share_pct");
        assert!((total - 100.0).abs() < 1e-9);
        // Inside the chapter's 60-80 % band.
        assert!((60.0..=80.0).contains(&o.n("data_share_pct")));
    }

    #[test]
    fn gates_shrink_the_tax_and_only_the_budget_removes_it() {
        let none = eval(&[]);
        assert_eq!(none.n("gated_multiplier"), 16.0);
        assert_eq!(none.get("act1_prevented"), Some(Value::Bool(false)));
        // Profiling at S3: 2² = 4×, 105 days at risk.
        let s3 = eval(&[("memory_gate", Value::Text("s3_profiling"))]);
        assert_eq!(s3.n("gated_multiplier"), 4.0);
        assert_eq!(s3.n("gated_days_at_risk"), 105.0);
        // On-device test at S4: 8×.
        let s4 = eval(&[("memory_gate", Value::Text("s4_device_test"))]);
        assert_eq!(s4.n("gated_multiplier"), 8.0);
        // The stage-1 budget: 1×, nothing at risk.
        let s1 = eval(&[("memory_gate", Value::Text("s1_budget"))]);
        assert_eq!(s1.n("gated_multiplier"), 1.0);
        assert_eq!(s1.n("gated_days_at_risk"), 0.0);
        assert_eq!(s1.get("act1_prevented"), Some(Value::Bool(true)));
        // A gate later than the natural discovery changes nothing.
        let late = eval(&[
            ("memory_gate", Value::Text("s4_device_test")),
            ("discovery_stage", Value::Num(2.0)),
        ]);
        assert_eq!(late.n("caught_stage"), 2.0);
    }

    #[test]
    fn act2_small_model_overtakes_within_days() {
        let o = eval(&[]);
        assert_eq!(o.get("race_outcome"), Some(Value::Text("crossover")));
        // Small after t hours: 90 + 10(1 − 0.99ᵗ); large: 95 + 15(1 − 0.99^(t/168)).
        // At t = 70 h: 95.052 vs 95.063; at t = 71 h: 95.102 vs 95.064: crossing ≈ 70.2 h.
        let w = o.n("crossover_week");
        assert!(
            (w * 168.0 - 70.2).abs() < 0.2,
            "crossover at {} h",
            w * 168.0
        );
        assert!((o.n("crossover_days") - 2.93).abs() < 0.01);
        // 26 weeks: 4,368 small iterations hit the 99 % cap; 26 large ones reach
        // 95 + 15 (1 − 0.99²⁶) = 95 + 15 × 0.22996 = 98.449.
        assert_eq!(o.n("small_iterations"), 4368.0);
        assert_eq!(o.n("large_iterations"), 26.0);
        assert_eq!(o.n("small_final_pct"), 99.0);
        assert!((o.n("large_final_pct") - 98.449).abs() < 1e-3);
        assert_eq!(o.get("leader_at_end"), Some(Value::Text("small")));
        assert_eq!(o.n("cycle_ratio"), 168.0);
    }

    #[test]
    fn act2_it_depends_on_decay_and_cycle() {
        // r = 0.95: the small model's ceiling is 90 + 0.1 / 0.05 = 92 < 95, so no crossover.
        let o = eval(&[("decay", Value::Text("0.95"))]);
        assert_eq!(o.get("race_outcome"), Some(Value::Text("large_always")));
        assert_eq!(o.n("crossover_week"), -1.0);
        assert_eq!(o.n("small_ceiling_pct"), 92.0);
        // A 4 h cycle still overtakes, later: 90 + 10(1 − 0.99^(t/4)) = 95 + 15(1 − 0.99^(t/168))
        // at t = 297.5 h = 1.77 weeks. A 1-week window ends first.
        let four = eval(&[("small_cycle_h", Value::Text("4"))]);
        assert!((four.n("crossover_week") - 1.771).abs() < 1e-3);
        let short = eval(&[
            ("small_cycle_h", Value::Text("4")),
            ("window_weeks", Value::Num(1.0)),
        ]);
        assert_eq!(short.get("race_outcome"), Some(Value::Text("large_always")));
        // A daily cycle never gets strictly ahead: both end at the 99 % cap.
        let daily = eval(&[
            ("small_cycle_h", Value::Text("24")),
            ("window_weeks", Value::Num(52.0)),
        ]);
        assert_eq!(daily.get("race_outcome"), Some(Value::Text("large_always")));
        assert_eq!(daily.get("leader_at_end"), Some(Value::Text("tie")));
    }

    #[test]
    fn failure_mobile_hourly_retraining_drains_the_battery() {
        // Defaults (cloud): no energy failure; 24 h × 700 W = 16.8 kWh, 24 × $3 = $72 a day.
        let o = eval(&[]);
        assert_eq!(o.get("battery_exceeded"), Some(Value::Bool(false)));
        assert_eq!(o.get("battery_strain"), Some(Value::Bool(false)));
        assert!((o.n("daily_retrain_kwh") - 16.8).abs() < 1e-9);
        assert!((o.n("daily_retrain_usd") - 72.0).abs() < 1e-9);
        // Mobile, 1 h cycle: 24 × 1 h × 5 W = 120 Wh = 12 batteries.
        let m = eval(&[("context", Value::Text("mobile"))]);
        assert!((m.n("daily_retrain_wh") - 120.0).abs() < 1e-9);
        assert!((m.n("battery_ratio") - 12.0).abs() < 1e-9);
        assert_eq!(m.get("battery_exceeded"), Some(Value::Bool(true)));
        // 4 h: 6 × 5 Wh = 30 Wh, still 3× the battery.
        let m4 = eval(&[
            ("context", Value::Text("mobile")),
            ("small_cycle_h", Value::Text("4")),
        ]);
        assert!((m4.n("battery_ratio") - 3.0).abs() < 1e-9);
        assert_eq!(m4.get("battery_exceeded"), Some(Value::Bool(true)));
        // Daily: 5 Wh = half the battery, a warning; and then the crossover never comes.
        let m24 = eval(&[
            ("context", Value::Text("mobile")),
            ("small_cycle_h", Value::Text("24")),
        ]);
        assert_eq!(m24.get("battery_exceeded"), Some(Value::Bool(false)));
        assert_eq!(m24.get("battery_strain"), Some(Value::Bool(true)));
        assert_eq!(m24.get("race_outcome"), Some(Value::Text("large_always")));
        // Weekly: 5/7 Wh = 7 % of the battery, clear.
        let m168 = eval(&[
            ("context", Value::Text("mobile")),
            ("small_cycle_h", Value::Text("168")),
        ]);
        assert!((m168.n("battery_ratio") - 0.071_43).abs() < 1e-4);
        assert_eq!(m168.get("battery_exceeded"), Some(Value::Bool(false)));
        assert_eq!(m168.get("battery_strain"), Some(Value::Bool(false)));
        // Back to the cloud clears it.
        let back = eval(&[("context", Value::Text("cloud"))]);
        assert_eq!(back.get("battery_exceeded"), Some(Value::Bool(false)));
    }

    #[test]
    fn accuracy_never_falls_as_the_window_grows() {
        for decay in ["0.90", "0.95", "0.99"] {
            for cycle in ["1", "4", "24", "168"] {
                let mut prev = (0.0, 0.0);
                for w in 1..=52 {
                    let o = eval(&[
                        ("decay", Value::Text(decay)),
                        ("small_cycle_h", Value::Text(cycle)),
                        ("window_weeks", Value::Num(w as f64)),
                    ]);
                    let cur = (o.n("large_final_pct"), o.n("small_final_pct"));
                    assert!(cur.0 >= prev.0 && cur.1 >= prev.1);
                    assert!(cur.0 <= 99.0 && cur.1 <= 99.0);
                    prev = cur;
                }
            }
        }
    }

    #[test]
    fn cost_multiplier_grows_with_the_stage() {
        let mut prev = 0.0;
        for s in 1..=6 {
            let o = eval(&[("discovery_stage", Value::Num(s as f64))]);
            assert!(o.n("cost_multiplier") > prev);
            assert!(o.n("days_at_risk") >= 0.0);
            prev = o.n("cost_multiplier");
        }
    }
}
