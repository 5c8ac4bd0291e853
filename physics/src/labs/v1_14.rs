//! Vol 1 Lab 14, "The Silent Degradation Problem": input drift shows up in the population
//! stability index weeks before accuracy complaints while every infrastructure light stays
//! green (Act I), and the retraining cadence that minimises cost is a square-root optimum, so
//! environments whose costs differ 10× retrain only ~3× apart (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (real-time models on H100s) and `edge` (retail scanners
//! updated over the air). Act II shows cloud, edge and mobile side by side in both contexts;
//! the context picks which environment's interval is saved (`context_t_star_days`).
//!
//! **Act I scenario**: a fraud model deployed at 94 % loses 7 points in 6 months (87 % at
//! week 26, when complaints arrive). Three features drift as PSI = a·w^b (w in weeks):
//! amount (0.08, 0.75), merchant category (0.05, 0.80), location (0.035, 0.85). The story
//! quotes `first_alarm_week` (3.4), `weeks_of_warning` (22.6) and `acc_at_alarm_pct` (93.1 %).
//!
//! **Act I prediction** "When would PSI monitoring have flagged the drift?", checked against
//! `first_alarm_week` on a log scale:
//! - A "Never: it is normal variance" = 26 (only the complaints at week 26)
//! - B "After 2-3 months; check monthly" = 10.8 (3.2× too late)
//! - **C "Within 3-4 weeks; weekly checks catch it" = 3.5 (keyed)**
//! - D "Tabular data does not drift" = 52
//!
//! **Act I reflection** (keyed B, "PSI is a symmetric KL divergence between training and
//! serving distributions"): no number beyond `max_psi`.
//!
//! **Act II scenario**: a normalised staleness cost of $1,000 per accuracy point per day;
//! each environment loses 7 points in `<env>_days` and pays `<env>_cost` per retraining:
//! cloud 14 days / $8,000 (people and validation; the GPU time is `gpu_cost_usd` = $12),
//! edge 30 days / $100,000 (2,000 scanners × $50 over the air), mobile 365 days / $80,000
//! (an app release). T* = √(2 C_r / g) with g = 7 × $1,000 / days.
//!
//! **Act II prediction** "Which cadences minimise cost?", checked against the text output
//! `cadence_plan`:
//! - A `daily_all` "Daily everywhere" (cloud daily costs `daily_over_optimal_cloud` = 2.9×
//!   the optimum)
//! - **B `weekly_monthly_quarterly` "Cloud weekly, edge monthly, mobile quarterly" (keyed)**
//! - C `monthly_quarterly_yearly` "Monthly, quarterly, yearly" (cloud monthly costs
//!   `monthly_over_optimal_cloud` = 2.7× the optimum)
//! - D `accuracy_triggered` "Retrain only when accuracy drops" (labels arrive 30-60 days
//!   late: `label_delay_loss_pp` = 15 points lost in the cloud meanwhile)
//!
//! **Act II reflection** (keyed B, "accuracy lags for weeks; PSI watches the inputs"):
//! feedback quotes `label_delay_min_days`, `label_delay_max_days`.
//!
//! **Failure state**: `any_below_min` (danger: an environment's accuracy just before its
//! next retraining, `<env>_acc_at_t_star_pct`, is under its minimum; lists `cloud_below_min`,
//! `edge_below_min`, `mobile_below_min`). Off at defaults.
//!
//! **Ledger** (ch14): `drift_rate_days` ← the context's `<env>_days` input;
//! `retraining_cadence_days` and `act2_result` ← `context_t_star_days`;
//! `retraining_cost_k` ← the context's `<env>_cost` / 1,000; `act2_decision` ←
//! `cloud_t_star_days`, `edge_t_star_days`, `mobile_t_star_days` ("cloud_Nd_edge_Nd_mobile_Nd");
//! `constraint_hit` ← `any_below_min`; `annual_retrain_cost` ← `context_annual_retrain_usd`.

use crate::catalog::{H100_USD_PER_HOUR, OTA_USD_PER_DEVICE, PSI_WATCH_ACT};
use crate::laws::drift::{optimal_retrain_interval, retraining_cost_rate};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (real-time models)",
    },
    Choice {
        value: "edge",
        label: "Edge (retail scanners)",
    },
];

const fn range(
    name: &'static str,
    label: &'static str,
    min: f64,
    max: f64,
    step: f64,
    default: f64,
    unit: Unit,
) -> InputDef {
    InputDef {
        name,
        label,
        kind: InputKind::Range {
            min,
            max,
            step,
            default,
            unit,
        },
    }
}

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment context",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "cloud",
        },
    },
    range(
        "weeks",
        "Weeks since deployment",
        0.0,
        26.0,
        1.0,
        0.0,
        Unit::Weeks,
    ),
    range(
        "cloud_days",
        "Cloud: days to lose 7 points",
        7.0,
        90.0,
        1.0,
        14.0,
        Unit::Days,
    ),
    range(
        "cloud_cost",
        "Cloud: cost per retraining",
        1_000.0,
        50_000.0,
        1_000.0,
        8_000.0,
        Unit::Usd,
    ),
    range(
        "cloud_min_acc",
        "Cloud: minimum accuracy",
        80.0,
        95.0,
        1.0,
        90.0,
        Unit::Percent,
    ),
    range(
        "edge_days",
        "Edge: days to lose 7 points",
        14.0,
        180.0,
        1.0,
        30.0,
        Unit::Days,
    ),
    range(
        "edge_cost",
        "Edge: cost per retraining",
        500.0,
        200_000.0,
        500.0,
        100_000.0,
        Unit::Usd,
    ),
    range(
        "edge_min_acc",
        "Edge: minimum accuracy",
        80.0,
        95.0,
        1.0,
        87.0,
        Unit::Percent,
    ),
    range(
        "mobile_days",
        "Mobile: days to lose 7 points",
        30.0,
        365.0,
        5.0,
        365.0,
        Unit::Days,
    ),
    range(
        "mobile_cost",
        "Mobile: cost per retraining",
        1_000.0,
        100_000.0,
        1_000.0,
        80_000.0,
        Unit::Usd,
    ),
    range(
        "mobile_min_acc",
        "Mobile: minimum accuracy",
        75.0,
        93.0,
        1.0,
        85.0,
        Unit::Percent,
    ),
];

/// Values of the PSI statuses (`amount_status`...).
const DRIFT_STATUSES: &[Choice] = &[
    Choice {
        value: "stable",
        label: "stable",
    },
    Choice {
        value: "watch",
        label: "watch",
    },
    Choice {
        value: "shift",
        label: "shift",
    },
];

/// Values of `infra_status`.
const INFRA_STATUSES: &[Choice] = &[Choice {
    value: "ok",
    label: "all green",
}];

/// Values of the `<env>_cadence` outputs: the names `cadence` returns.
const CADENCES: &[Choice] = &[
    Choice {
        value: "daily",
        label: "daily",
    },
    Choice {
        value: "weekly",
        label: "weekly",
    },
    Choice {
        value: "biweekly",
        label: "every two weeks",
    },
    Choice {
        value: "monthly",
        label: "monthly",
    },
    Choice {
        value: "quarterly",
        label: "quarterly",
    },
    Choice {
        value: "semiannual",
        label: "every six months",
    },
    Choice {
        value: "yearly",
        label: "yearly",
    },
];

/// Values of `cadence_plan`.
const CADENCE_PLANS: &[Choice] = &[
    Choice {
        value: "daily_all",
        label: "daily everywhere",
    },
    Choice {
        value: "weekly_monthly_quarterly",
        label: "cloud weekly, edge monthly, mobile quarterly",
    },
    Choice {
        value: "monthly_quarterly_yearly",
        label: "cloud monthly, edge quarterly, mobile yearly",
    },
    Choice {
        value: "other",
        label: "another mix",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("psi_amount", "PSI: transaction amount", Unit::None),
    num("psi_merchant", "PSI: merchant category", Unit::None),
    num("psi_location", "PSI: location", Unit::None),
    num("max_psi", "Largest PSI", Unit::None),
    choice("amount_status", "Amount drift", DRIFT_STATUSES),
    choice("merchant_status", "Merchant drift", DRIFT_STATUSES),
    choice("location_status", "Location drift", DRIFT_STATUSES),
    flag("drift_detected", "PSI above 0.2"),
    num("accuracy_pct", "Accuracy", Unit::Percent),
    choice("infra_status", "Infrastructure status", INFRA_STATUSES),
    num(
        "first_alarm_week",
        "Week PSI first crosses 0.2",
        Unit::Weeks,
    ),
    num(
        "first_watch_week",
        "Week PSI first crosses 0.1",
        Unit::Weeks,
    ),
    num("amount_alarm_week", "Amount crosses 0.2", Unit::Weeks),
    num("merchant_alarm_week", "Merchant crosses 0.2", Unit::Weeks),
    num("location_alarm_week", "Location crosses 0.2", Unit::Weeks),
    num("complaint_week", "Week the complaints arrive", Unit::Weeks),
    num(
        "weeks_of_warning",
        "Warning before the complaints",
        Unit::Weeks,
    ),
    num(
        "acc_at_alarm_pct",
        "Accuracy at the first alarm",
        Unit::Percent,
    ),
    num("psi_watch", "PSI watch level", Unit::None),
    num("psi_act", "PSI retrain level", Unit::None),
    num("cloud_growth", "Cloud: staleness cost growth", Unit::Usd),
    num("cloud_t_star_days", "Cloud: optimal interval", Unit::Days),
    choice("cloud_cadence", "Cloud cadence", CADENCES),
    num(
        "cloud_acc_at_t_star_pct",
        "Cloud: accuracy before retraining",
        Unit::Percent,
    ),
    flag("cloud_below_min", "Cloud below its minimum"),
    num(
        "cloud_annual_retrain_usd",
        "Cloud: retraining per year",
        Unit::Usd,
    ),
    num(
        "cloud_annual_total_usd",
        "Cloud: retraining + staleness per year",
        Unit::Usd,
    ),
    num("edge_growth", "Edge: staleness cost growth", Unit::Usd),
    num("edge_t_star_days", "Edge: optimal interval", Unit::Days),
    choice("edge_cadence", "Edge cadence", CADENCES),
    num(
        "edge_acc_at_t_star_pct",
        "Edge: accuracy before retraining",
        Unit::Percent,
    ),
    flag("edge_below_min", "Edge below its minimum"),
    num(
        "edge_annual_retrain_usd",
        "Edge: retraining per year",
        Unit::Usd,
    ),
    num(
        "edge_annual_total_usd",
        "Edge: retraining + staleness per year",
        Unit::Usd,
    ),
    num(
        "edge_fleet_devices",
        "Edge devices updated per retraining",
        Unit::None,
    ),
    num("mobile_growth", "Mobile: staleness cost growth", Unit::Usd),
    num("mobile_t_star_days", "Mobile: optimal interval", Unit::Days),
    choice("mobile_cadence", "Mobile cadence", CADENCES),
    num(
        "mobile_acc_at_t_star_pct",
        "Mobile: accuracy before retraining",
        Unit::Percent,
    ),
    flag("mobile_below_min", "Mobile below its minimum"),
    num(
        "mobile_annual_retrain_usd",
        "Mobile: retraining per year",
        Unit::Usd,
    ),
    num(
        "mobile_annual_total_usd",
        "Mobile: retraining + staleness per year",
        Unit::Usd,
    ),
    flag(
        "any_below_min",
        "An environment falls below its minimum accuracy",
    ),
    choice("cadence_plan", "Cadence plan", CADENCE_PLANS),
    num(
        "context_t_star_days",
        "Optimal interval in this context",
        Unit::Days,
    ),
    num(
        "context_annual_retrain_usd",
        "Retraining per year in this context",
        Unit::Usd,
    ),
    num("gpu_cost_usd", "GPU time per cloud retraining", Unit::Usd),
    num(
        "daily_over_optimal_cloud",
        "Cloud: daily ÷ optimal cost",
        Unit::Ratio,
    ),
    num(
        "monthly_over_optimal_cloud",
        "Cloud: monthly ÷ optimal cost",
        Unit::Ratio,
    ),
    num(
        "label_delay_min_days",
        "Labels arrive after at least",
        Unit::Days,
    ),
    num(
        "label_delay_max_days",
        "Labels arrive after at most",
        Unit::Days,
    ),
    num(
        "label_delay_loss_pp",
        "Cloud accuracy lost while waiting for labels",
        Unit::Pp,
    ),
    num(
        "automation_breakeven_weeks",
        "Automation pays back after",
        Unit::Weeks,
    ),
];

/// Act I: the fraud model's accuracy at deployment and at the complaints, six months later.
const ACC_START: f64 = 94.0;
const ACC_COMPLAINT: f64 = 87.0;
const COMPLAINT_WEEK: f64 = 26.0;
const WEEKS_PER_MONTH: f64 = 4.33;
/// PSI = a · w^b per feature (fitted so the amount feature crosses 0.2 in ~3.4 weeks).
const FEATURES: [(&str, f64, f64); 3] = [
    ("amount", 0.08, 0.75),
    ("merchant", 0.05, 0.80),
    ("location", 0.035, 0.85),
];

/// Act II: every environment loses this many points in its `days`, and each point costs
/// this much per day (normalised, course figure).
const DRIFT_PP: f64 = 7.0;
const USD_PER_PP_DAY: f64 = 1_000.0;
/// GPU time of one cloud retraining.
const RETRAIN_GPU_HOURS: f64 = 4.0;
/// Ground-truth labels for fraud arrive 30-60 days after the transaction (chargebacks).
const LABEL_DELAY: (f64, f64) = (30.0, 60.0);
/// Automating the pipeline costs ~80 engineer-hours once; manual retraining ~4 h a week.
const AUTOMATION_HOURS: f64 = 80.0;
const MANUAL_HOURS_PER_WEEK: f64 = 4.0;

fn status(psi: f64) -> &'static str {
    let [watch, act] = PSI_WATCH_ACT.value;
    if psi >= act {
        "shift"
    } else if psi >= watch {
        "watch"
    } else {
        "stable"
    }
}

/// Week at which a · w^b reaches `level`.
fn crossing(a: f64, b: f64, level: f64) -> f64 {
    (level / a).powf(1.0 / b)
}

fn accuracy(weeks: f64) -> f64 {
    let per_month = (ACC_START / ACC_COMPLAINT).ln() / (COMPLAINT_WEEK / WEEKS_PER_MONTH);
    ACC_START * (-per_month * weeks / WEEKS_PER_MONTH).exp()
}

/// Cadence name nearest (on a log scale) to an interval in days.
fn cadence(days: f64) -> &'static str {
    // Boundaries are geometric means of neighbouring cadences (1, 7, 14, 30, 91, 182, 365).
    const NAMES: [(f64, &str); 6] = [
        (2.65, "daily"),
        (9.9, "weekly"),
        (20.5, "biweekly"),
        (52.3, "monthly"),
        (128.7, "quarterly"),
        (257.7, "semiannual"),
    ];
    NAMES
        .iter()
        .find(|(limit, _)| days < *limit)
        .map_or("yearly", |(_, n)| n)
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I.
    let w = i.n("weeks");
    let [watch, act] = PSI_WATCH_ACT.value;
    let mut max_psi: f64 = 0.0;
    let mut first_alarm = f64::INFINITY;
    let mut first_watch = f64::INFINITY;
    for (name, a, b) in FEATURES {
        let psi = a * w.powf(b);
        max_psi = max_psi.max(psi);
        let alarm = crossing(a, b, act);
        first_alarm = first_alarm.min(alarm);
        first_watch = first_watch.min(crossing(a, b, watch));
        let (p, s, wk) = match name {
            "amount" => ("psi_amount", "amount_status", "amount_alarm_week"),
            "merchant" => ("psi_merchant", "merchant_status", "merchant_alarm_week"),
            _ => ("psi_location", "location_status", "location_alarm_week"),
        };
        o.num(p, psi).text(s, status(psi)).num(wk, alarm);
    }
    o.num("max_psi", max_psi)
        .flag("drift_detected", max_psi >= act)
        .num("accuracy_pct", accuracy(w))
        // Servers, latency and error rates never notice input drift.
        .text("infra_status", "ok")
        .num("first_alarm_week", first_alarm)
        .num("first_watch_week", first_watch)
        .num("complaint_week", COMPLAINT_WEEK)
        .num("weeks_of_warning", COMPLAINT_WEEK - first_alarm)
        .num("acc_at_alarm_pct", accuracy(first_alarm))
        .num("psi_watch", watch)
        .num("psi_act", act);

    // Act II: the square-root optimum per environment.
    let mut any_below = false;
    let mut cadences = ["", "", ""];
    let mut t_stars = [0.0; 3];
    let mut annual = [0.0; 3];
    for (k, env) in ["cloud", "edge", "mobile"].into_iter().enumerate() {
        let (days, cost, min_acc) = match env {
            "cloud" => (i.n("cloud_days"), i.n("cloud_cost"), i.n("cloud_min_acc")),
            "edge" => (i.n("edge_days"), i.n("edge_cost"), i.n("edge_min_acc")),
            _ => (
                i.n("mobile_days"),
                i.n("mobile_cost"),
                i.n("mobile_min_acc"),
            ),
        };
        let growth = DRIFT_PP * USD_PER_PP_DAY / days;
        let t = optimal_retrain_interval(cost, growth);
        // Accuracy falls linearly between retrainings; the worst point is just before one.
        let acc = ACC_START - DRIFT_PP * t / days;
        let below = acc < min_acc;
        any_below |= below;
        cadences[k] = cadence(t);
        t_stars[k] = t;
        annual[k] = cost * 365.0 / t;
        let names: [&'static str; 7] = match env {
            "cloud" => [
                "cloud_growth",
                "cloud_t_star_days",
                "cloud_cadence",
                "cloud_acc_at_t_star_pct",
                "cloud_below_min",
                "cloud_annual_retrain_usd",
                "cloud_annual_total_usd",
            ],
            "edge" => [
                "edge_growth",
                "edge_t_star_days",
                "edge_cadence",
                "edge_acc_at_t_star_pct",
                "edge_below_min",
                "edge_annual_retrain_usd",
                "edge_annual_total_usd",
            ],
            _ => [
                "mobile_growth",
                "mobile_t_star_days",
                "mobile_cadence",
                "mobile_acc_at_t_star_pct",
                "mobile_below_min",
                "mobile_annual_retrain_usd",
                "mobile_annual_total_usd",
            ],
        };
        o.num(names[0], growth)
            .num(names[1], t)
            .text(names[2], cadences[k])
            .num(names[3], acc)
            .flag(names[4], below)
            .num(names[5], annual[k])
            .num(names[6], 365.0 * retraining_cost_rate(t, cost, growth));
    }
    let plan = match cadences {
        ["daily", "daily", "daily"] => "daily_all",
        ["weekly", "monthly", "quarterly"] => "weekly_monthly_quarterly",
        ["monthly", "quarterly", "yearly"] => "monthly_quarterly_yearly",
        _ => "other",
    };
    let ctx = usize::from(i.t("context") == "edge");
    let (c_days, c_cost) = (i.n("cloud_days"), i.n("cloud_cost"));
    let c_growth = DRIFT_PP * USD_PER_PP_DAY / c_days;
    let c_opt = retraining_cost_rate(t_stars[0], c_cost, c_growth);
    o.num(
        "edge_fleet_devices",
        i.n("edge_cost") / OTA_USD_PER_DEVICE.value,
    )
    .flag("any_below_min", any_below)
    .text("cadence_plan", plan)
    .num("context_t_star_days", t_stars[ctx])
    .num("context_annual_retrain_usd", annual[ctx])
    .num("gpu_cost_usd", RETRAIN_GPU_HOURS * H100_USD_PER_HOUR.value)
    .num(
        "daily_over_optimal_cloud",
        retraining_cost_rate(1.0, c_cost, c_growth) / c_opt,
    )
    .num(
        "monthly_over_optimal_cloud",
        retraining_cost_rate(30.0, c_cost, c_growth) / c_opt,
    )
    .num("label_delay_min_days", LABEL_DELAY.0)
    .num("label_delay_max_days", LABEL_DELAY.1)
    .num("label_delay_loss_pp", DRIFT_PP * LABEL_DELAY.0 / c_days)
    .num(
        "automation_breakeven_weeks",
        AUTOMATION_HOURS / MANUAL_HOURS_PER_WEEK,
    );
    o
}

/// The Lab 14 model.
pub const MODEL: Model = Model {
    id: "v1-14",
    title: "The Silent Degradation Problem",
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
    fn act1_psi_flags_within_a_month() {
        let o = eval(&[]);
        // Amount: (0.2 / 0.08)^(1/0.75) = 2.5^1.3333 = 3.393 weeks.
        let w = o.n("first_alarm_week");
        assert!((w - 3.393).abs() < 1e-3);
        assert_eq!(closest_log(w, &[26.0, 10.8, 3.5, 52.0]), 2);
        // B's two to three months (10.8 weeks) is 3.2× too late.
        assert!((10.8 / w - 3.18).abs() < 0.01);
        // 26 − 3.39 = 22.6 weeks of warning, at 94 e^(−0.012888 × 3.393 / 4.33) = 93.05 %.
        assert!((o.n("weeks_of_warning") - 22.607).abs() < 1e-3);
        assert!((o.n("acc_at_alarm_pct") - 93.05).abs() < 0.01);
        // Merchant (0.2 / 0.05)^1.25 = 5.66 weeks; location (0.2 / 0.035)^(1/0.85) = 7.77 weeks.
        assert!((o.n("merchant_alarm_week") - 5.657).abs() < 1e-3);
        assert!((o.n("location_alarm_week") - 7.772).abs() < 1e-3);
    }

    #[test]
    fn act1_silence_then_drift() {
        let o = eval(&[]);
        assert_eq!(o.n("max_psi"), 0.0);
        assert!((o.n("accuracy_pct") - 94.0).abs() < 1e-12);
        // Week 26: 94 → 87 % (the complaints), every feature shifted, infrastructure still "ok".
        let o = eval(&[("weeks", Value::Num(26.0))]);
        assert!((o.n("accuracy_pct") - 87.0).abs() < 1e-9);
        assert_eq!(o.get("amount_status"), Some(Value::Text("shift")));
        assert_eq!(o.get("location_status"), Some(Value::Text("shift")));
        assert_eq!(o.get("infra_status"), Some(Value::Text("ok")));
        // Week 2: amount at 0.08 × 2^0.75 = 0.135, "watch".
        let o = eval(&[("weeks", Value::Num(2.0))]);
        assert_eq!(o.get("amount_status"), Some(Value::Text("watch")));
        assert_eq!(o.get("drift_detected"), Some(Value::Bool(false)));
        let o = eval(&[("weeks", Value::Num(4.0))]);
        assert_eq!(o.get("drift_detected"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_monotonic() {
        let (mut psi, mut acc) = (-1.0, f64::INFINITY);
        for w in 0..=26 {
            let o = eval(&[("weeks", Value::Num(w as f64))]);
            assert!(o.n("max_psi") >= psi && o.n("accuracy_pct") <= acc);
            psi = o.n("max_psi");
            acc = o.n("accuracy_pct");
        }
    }

    #[test]
    fn act2_square_root_cadences() {
        let o = eval(&[]);
        assert_eq!(
            o.get("cadence_plan"),
            Some(Value::Text("weekly_monthly_quarterly"))
        );
        // Cloud: g = 7,000 / 14 = $500/day²; T* = √(16,000 / 500) = 5.657 days.
        assert!((o.n("cloud_t_star_days") - 5.657).abs() < 1e-3);
        // Edge: g = 233.3; T* = √(200,000 / 233.3) = 29.28 days.
        assert!((o.n("edge_t_star_days") - 29.277).abs() < 1e-3);
        // Mobile: g = 19.18; T* = √(160,000 / 19.18) = 91.34 days.
        assert!((o.n("mobile_t_star_days") - 91.339).abs() < 1e-3);
        // Cadence names switch at the geometric means of neighbouring cadences:
        // √(91 × 182) = 128.69 and √(182 × 365) = 257.74 days.
        assert_eq!(cadence(128.6), "quarterly");
        assert_eq!(cadence(128.8), "semiannual");
        assert_eq!(cadence(257.6), "semiannual");
        assert_eq!(cadence(257.8), "yearly");
        // Edge retraining costs 12.5× the cloud's and drifts 30/14 = 2.14× slower: √(12.5 × 2.14) = 5.2× the interval.
        assert!((o.n("edge_t_star_days") / o.n("cloud_t_star_days") - 5.175).abs() < 1e-3);
        // Cloud: $8,000 × 365 / 5.657 = $516,188 of retraining a year.
        assert!((o.n("cloud_annual_retrain_usd") - 516_188.0).abs() < 1.0);
    }

    #[test]
    fn act2_wrong_plans_cost_more() {
        let o = eval(&[]);
        // Daily: (8,000 + 250) / 2,828.4 = 2.92×; monthly: (266.7 + 7,500) / 2,828.4 = 2.75×.
        assert!((o.n("daily_over_optimal_cloud") - 2.917).abs() < 1e-3);
        assert!((o.n("monthly_over_optimal_cloud") - 2.746).abs() < 1e-3);
        // Waiting 30 days for labels loses 7 × 30 / 14 = 15 points in the cloud.
        assert!((o.n("label_delay_loss_pp") - 15.0).abs() < 1e-9);
    }

    #[test]
    fn act2_minimum_accuracy_failure() {
        let o = eval(&[]);
        // Cloud 94 − 7 × 5.657 / 14 = 91.17 ≥ 90; edge 94 − 7 × 29.28 / 30 = 87.17 ≥ 87; mobile 92.25 ≥ 85.
        assert!((o.n("cloud_acc_at_t_star_pct") - 91.172).abs() < 1e-3);
        assert!((o.n("edge_acc_at_t_star_pct") - 87.169).abs() < 1e-3);
        assert_eq!(o.get("any_below_min"), Some(Value::Bool(false)));
        // Edge drifting in 14 days: T* = √(200,000 / 500) = 20 days, 94 − 10 = 84 % < 87.
        let o = eval(&[("edge_days", Value::Num(14.0))]);
        assert!((o.n("edge_acc_at_t_star_pct") - 84.0).abs() < 1e-9);
        assert_eq!(o.get("edge_below_min"), Some(Value::Bool(true)));
        assert_eq!(o.get("any_below_min"), Some(Value::Bool(true)));
        // Cloud: 7 days to drift and $50,000 a retraining: T* = √(100,000 / 1,000) = 10 days, 84 % < 90.
        let o = eval(&[
            ("cloud_days", Value::Num(7.0)),
            ("cloud_cost", Value::Num(50_000.0)),
        ]);
        assert!((o.n("cloud_acc_at_t_star_pct") - 84.0).abs() < 1e-9);
        assert_eq!(o.get("cloud_below_min"), Some(Value::Bool(true)));
        // Mobile demanding 93 %: 92.25 % before each quarterly release is not enough.
        let o = eval(&[("mobile_min_acc", Value::Num(93.0))]);
        assert_eq!(o.get("mobile_below_min"), Some(Value::Bool(true)));
        // A cheaper rollout fixes it: $20,000 → T* = √(40,000 / 500) = 8.94 days, 89.5 %.
        let o = eval(&[
            ("edge_days", Value::Num(14.0)),
            ("edge_cost", Value::Num(20_000.0)),
        ]);
        assert_eq!(o.get("any_below_min"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_story_numbers() {
        let o = eval(&[]);
        // 4 GPU-hours × $3 = $12 of the $8,000; 100,000 / 50 = 2,000 scanners; 80 / 4 = 20 weeks.
        assert!((o.n("gpu_cost_usd") - 12.0).abs() < 1e-12);
        assert!((o.n("edge_fleet_devices") - 2000.0).abs() < 1e-9);
        assert!((o.n("automation_breakeven_weeks") - 20.0).abs() < 1e-12);
        assert!((o.n("context_t_star_days") - o.n("cloud_t_star_days")).abs() < 1e-12);
        let o = eval(&[("context", Value::Text("edge"))]);
        assert!((o.n("context_t_star_days") - o.n("edge_t_star_days")).abs() < 1e-12);
    }

    #[test]
    fn act2_interval_grows_with_cost_and_shrinks_with_drift() {
        let mut prev = 0.0;
        for c in [1_000.0, 4_000.0, 16_000.0, 50_000.0] {
            let t = eval(&[("cloud_cost", Value::Num(c))]).n("cloud_t_star_days");
            assert!(t > prev);
            prev = t;
        }
        let mut prev = 0.0;
        for d in [7.0, 14.0, 45.0, 90.0] {
            let t = eval(&[("cloud_days", Value::Num(d))]).n("cloud_t_star_days");
            assert!(t > prev);
            prev = t;
        }
    }
}
