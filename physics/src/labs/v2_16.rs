//! Vol 2 Lab 16, "The Fairness Impossibility": with unequal base rates, demographic parity,
//! equal error rates and equal precision cannot all hold (Act I), so a global platform serving
//! jurisdictions that demand different criteria needs per-jurisdiction post-processing, and at
//! a billion users small error-rate gaps become thousands of people a day (Act II).
//!
//! # Chapter contract
//!
//! Act I's classifier scores negatives N(0, 1) and positives N(3, 1) in both groups (AUC 0.98);
//! the groups differ only in base rate. A risk-score threshold τ flags scores above
//! `1.5 + Φ⁻¹(τ)`. Groups are the same size. Criteria hold within 3 points.
//!
//! **Contexts** (`context`): `accuracy` (one threshold for everyone: raw metrics) and
//! `equity` (per-group thresholds that enforce the chosen `criterion`).
//!
//! **Act I** scenario: `context = equity`, `criterion = dp`, base rates 2% and 10%,
//! τ = 80% (the default criterion and threshold; the default context is `accuracy`, so the
//! chapter sets `context = equity` for the story). Both groups are flagged at
//! `dp_selection_pct` (5.4%).
//! - Prediction: "Both groups are flagged at the same rate, yet critics find far more false
//!   flags in one group. Why?" Options: (A, "parity implies equal false-positive rates",
//!   `dp_equalizes`), (B, "with different base rates, parity forces unequal false-positive
//!   rates", `base_rates`) ✔, (C, "a bug in the pipeline", `bug`), (D, "the rates equalise
//!   once the model is calibrated", `calibration`). Checked against the text output
//!   `act1_reason`. Feedback quotes `dp_fpr_a_pct` (3.7%), `dp_fpr_b_pct` (0.16%) and
//!   `dp_fpr_ratio` (23×).
//! - Reflection ✔ B (all three criteria hold together only when base rates are equal):
//!   quotes `all_three_possible`; with equal base rates one threshold satisfies all three.
//! - Takeaway: `fairness_tax_pp` (accuracy given up for the chosen criterion) grows with the
//!   base-rate gap.
//!
//! **Act II** scenario: defaults (hiring platform, 1 B users of whom 0.5% are evaluated a
//! day; EU 30%, US 20%, rest 50%; one global calibrated model, no offsets). The EU requires
//! calibration, the US equal error rates; a market's threshold offset of at least +5 points
//! restores the other criterion there. The default design (one global model) fails the US
//! requirement, as the story says (`us_noncompliant` on at defaults).
//! - Prediction: "How do you serve both?" Options: (A, "one global model", `a`), (B, "a
//!   calibrated base model plus per-jurisdiction post-processing", `b`) ✔, (C, "equal error
//!   rates everywhere", `c`), (D, "do not use ML", `d`). Checked against the text output
//!   `act2_plan` (the most accurate plan that complies in both markets). Design target: both
//!   compliant with a calibrated base and a US offset of +5 points (89.5% accuracy).
//! - Reflection ✔ B (scale turns a small gap into many people): quotes
//!   `harm_per_tenth_pp` (5,000 people a day per 0.1 point of false-positive rate).
//! - Failure states: `eu_noncompliant`, `us_noncompliant` (danger), `harm_over_budget` (warn,
//!   more than 500,000 false positives a day).
//!
//! **Ledger** (`v2_16`): `context` ← input; `global_standard` ← input; `eu_compliant` ← not
//! `eu_noncompliant`; `us_compliant` ← not `us_noncompliant`; `daily_false_positives` ←
//! `daily_fp`; `overall_accuracy` ← `market_accuracy_pct`; `scale_impact_high` ←
//! `harm_over_budget`; `act2_result` ← `compliant_fraction`; `act2_decision` ← `act2_plan`;
//! `constraint_hit` ← `constraint_hit`.

use crate::laws::classifier::{Binormal, normal_quantile, solve_increasing};
use crate::laws::fairness::Confusion;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "accuracy",
        label: "One threshold for everyone",
    },
    Choice {
        value: "equity",
        label: "Equity-constrained (per-group thresholds)",
    },
];
const CRITERIA: &[Choice] = &[
    Choice {
        value: "dp",
        label: "Demographic parity (equal flag rates)",
    },
    Choice {
        value: "eo",
        label: "Equalized odds (equal error rates)",
    },
    Choice {
        value: "cal",
        label: "Calibration (equal precision)",
    },
];
const STANDARDS: &[Choice] = &[
    Choice {
        value: "cal",
        label: "Calibration",
    },
    Choice {
        value: "eo",
        label: "Equalized odds",
    },
    Choice {
        value: "dp",
        label: "Demographic parity",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Policy",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "accuracy",
        },
    },
    InputDef {
        name: "base_a_pct",
        label: "Base rate, group A",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 2.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "base_b_pct",
        label: "Base rate, group B",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 10.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "threshold_pct",
        label: "Risk-score threshold",
        kind: InputKind::Range {
            min: 10.0,
            max: 90.0,
            step: 5.0,
            default: 80.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "criterion",
        label: "Criterion to enforce",
        kind: InputKind::Choice {
            options: CRITERIA,
            default: "dp",
        },
    },
    InputDef {
        name: "global_standard",
        label: "Global model's standard",
        kind: InputKind::Choice {
            options: STANDARDS,
            default: "cal",
        },
    },
    InputDef {
        name: "eu_offset_pp",
        label: "EU threshold offset",
        kind: InputKind::Range {
            min: -20.0,
            max: 20.0,
            step: 1.0,
            default: 0.0,
            unit: Unit::Pp,
        },
    },
    InputDef {
        name: "us_offset_pp",
        label: "US threshold offset",
        kind: InputKind::Range {
            min: -20.0,
            max: 20.0,
            step: 1.0,
            default: 0.0,
            unit: Unit::Pp,
        },
    },
    InputDef {
        name: "audits_per_year",
        label: "Fairness audits per year",
        kind: InputKind::Range {
            min: 1.0,
            max: 52.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "transparency",
        label: "Publish a transparency report",
        kind: InputKind::Toggle { default: false },
    },
];

/// Values of `act1_reason`.
const REASONS: &[Choice] = &[
    Choice {
        value: "base_rates",
        label: "different base rates",
    },
    Choice {
        value: "dp_equalizes",
        label: "parity equalizes the rates",
    },
];

/// Values of `act2_plan`: the most accurate compliant plan, `d` (no ML) when none complies.
const PLANS: &[Choice] = &[
    Choice {
        value: "a",
        label: "one global model",
    },
    Choice {
        value: "b",
        label: "a calibrated base model plus per-jurisdiction post-processing",
    },
    Choice {
        value: "c",
        label: "equal error rates everywhere",
    },
    Choice {
        value: "d",
        label: "no ML",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("auc", "Classifier AUC", Unit::None),
    num("sel_a_pct", "A: flagged", Unit::Percent),
    num("sel_b_pct", "B: flagged", Unit::Percent),
    num("tpr_a_pct", "A: true positive rate", Unit::Percent),
    num("tpr_b_pct", "B: true positive rate", Unit::Percent),
    num("fpr_a_pct", "A: false positive rate", Unit::Percent),
    num("fpr_b_pct", "B: false positive rate", Unit::Percent),
    num("ppv_a_pct", "A: precision", Unit::Percent),
    num("ppv_b_pct", "B: precision", Unit::Percent),
    flag("dp_ok", "Demographic parity holds"),
    flag("eo_ok", "Equalized odds holds"),
    flag("cal_ok", "Calibration (equal precision) holds"),
    num("accuracy_pct", "Accuracy", Unit::Percent),
    num(
        "single_accuracy_pct",
        "Accuracy with one threshold",
        Unit::Percent,
    ),
    num(
        "fairness_tax_pp",
        "Accuracy given up for the criterion (negative: gained)",
        Unit::Pp,
    ),
    num(
        "dp_selection_pct",
        "Under parity: flagged in both groups",
        Unit::Percent,
    ),
    num(
        "dp_fpr_a_pct",
        "Under parity: A's false positive rate",
        Unit::Percent,
    ),
    num(
        "dp_fpr_b_pct",
        "Under parity: B's false positive rate",
        Unit::Percent,
    ),
    num("dp_fpr_ratio", "Under parity: A's FPR ÷ B's", Unit::Ratio),
    num("dp_ppv_a_pct", "Under parity: A's precision", Unit::Percent),
    num("dp_ppv_b_pct", "Under parity: B's precision", Unit::Percent),
    flag("all_three_possible", "All three criteria can hold"),
    choice("act1_reason", "Why the false-flag rates differ", REASONS),
    num("eu_fpr_pct", "EU false positive rate", Unit::Percent),
    num("us_fpr_pct", "US false positive rate", Unit::Percent),
    num(
        "rest_fpr_pct",
        "Rest-of-world false positive rate",
        Unit::Percent,
    ),
    num("eu_daily_fp", "EU false positives per day", Unit::None),
    num("us_daily_fp", "US false positives per day", Unit::None),
    num("daily_fp", "False positives per day", Unit::None),
    num(
        "daily_fp_millions",
        "False positives per day (millions)",
        Unit::None,
    ),
    num("harm_budget", "False-positive budget per day", Unit::None),
    num(
        "harm_per_tenth_pp",
        "People per day per 0.1 point of FPR",
        Unit::None,
    ),
    num("market_accuracy_pct", "Platform accuracy", Unit::Percent),
    num("audit_usd", "Audit cost per year", Unit::Usd),
    num(
        "offset_needed_pp",
        "Offset that restores the other criterion",
        Unit::Pp,
    ),
    num(
        "compliant_fraction",
        "Share of regulated markets compliant",
        Unit::Ratio,
    ),
    flag("transparency_published", "Transparency report published"),
    flag("eu_noncompliant", "EU AI Act requirement not met"),
    flag("us_noncompliant", "US EEOC requirement not met"),
    flag("eu_compliant", "EU requirement met (for the ledger)"),
    flag("us_compliant", "US requirement met (for the ledger)"),
    flag(
        "harm_over_budget",
        "More than 500,000 false positives a day",
    ),
    flag("constraint_hit", "A failure state is active"),
    choice("act2_plan", "Most accurate compliant plan", PLANS),
];

/// Separation of the class score distributions (AUC Φ(3/√2) = 0.983).
const SEPARATION: f64 = 3.0;
/// Criteria hold within this many percentage points.
const TOLERANCE: f64 = 0.03;
/// Act II: users, the share evaluated per day and the market split.
const USERS: f64 = 1e9;
const EVALUATED_PER_DAY: f64 = 0.005;
const EU_SHARE: f64 = 0.3;
const US_SHARE: f64 = 0.2;
const REST_SHARE: f64 = 0.5;
/// A market's threshold offset (points) that restores the other criterion there, and how
/// much each point moves the false positive rate and costs accuracy.
const OFFSET_NEEDED: f64 = 5.0;
const FPR_PER_POINT: f64 = 0.8;
const ACC_PER_POINT: f64 = 0.3;
/// Harm budget, audit size and price.
const HARM_BUDGET: f64 = 500_000.0;
const AUDIT_SAMPLES: f64 = 10_000.0;
const USD_PER_SAMPLE: f64 = 5.0;

/// Per-standard false positive rate (%) and accuracy (%) of the global model.
fn standard(key: &str) -> (f64, f64) {
    match key {
        "eo" => (6.0, 89.0),
        "dp" => (10.0, 87.0),
        _ => (8.0, 91.0),
    }
}

/// One group's outcome at threshold `t`.
fn at(p: f64, t: f64) -> Confusion {
    Binormal {
        separation: SEPARATION,
    }
    .confusion(p, t)
}

/// Per-group thresholds enforcing a criterion, starting from the shared threshold `t`.
fn thresholds(criterion: &str, pa: f64, pb: f64, t: f64) -> (f64, f64) {
    let (lo, hi) = (-10.0, 15.0);
    match criterion {
        "dp" => {
            let s = 0.5 * (at(pa, t).selection_rate() + at(pb, t).selection_rate());
            // Selection falls as the threshold rises: solve on its negative.
            let ta = solve_increasing(|x| -at(pa, x).selection_rate(), -s, lo, hi);
            let tb = solve_increasing(|x| -at(pb, x).selection_rate(), -s, lo, hi);
            (ta, tb)
        }
        "cal" => {
            let q = 0.5 * (at(pa, t).ppv() + at(pb, t).ppv());
            let ta = solve_increasing(|x| at(pa, x).ppv(), q, lo, hi);
            let tb = solve_increasing(|x| at(pb, x).ppv(), q, lo, hi);
            (ta, tb)
        }
        // Equal-variance scores: one threshold already equalises TPR and FPR.
        _ => (t, t),
    }
}

fn mean_accuracy(a: &Confusion, b: &Confusion) -> f64 {
    0.5 * (a.accuracy() + b.accuracy())
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    // Act I.
    let pa = i.n("base_a_pct") / 100.0;
    let pb = i.n("base_b_pct") / 100.0;
    let tau = i.n("threshold_pct") / 100.0;
    let t = SEPARATION / 2.0 + normal_quantile(tau);
    let crit = if i.t("context") == "equity" {
        i.t("criterion")
    } else {
        "eo"
    };
    let (ta, tb) = thresholds(crit, pa, pb, t);
    let (a, b) = (at(pa, ta), at(pb, tb));
    let (a1, b1) = (at(pa, t), at(pb, t));
    let single = mean_accuracy(&a1, &b1);
    let acc = mean_accuracy(&a, &b);
    let (da, db) = thresholds("dp", pa, pb, t);
    let (dpa, dpb) = (at(pa, da), at(pb, db));
    let dp_ratio = dpa.fpr() / dpb.fpr().max(1e-9);
    let equal_bases = (pa - pb).abs() < 1e-12;
    o.num(
        "auc",
        Binormal {
            separation: SEPARATION,
        }
        .auc(),
    )
    .num("sel_a_pct", 100.0 * a.selection_rate())
    .num("sel_b_pct", 100.0 * b.selection_rate())
    .num("tpr_a_pct", 100.0 * a.tpr())
    .num("tpr_b_pct", 100.0 * b.tpr())
    .num("fpr_a_pct", 100.0 * a.fpr())
    .num("fpr_b_pct", 100.0 * b.fpr())
    .num("ppv_a_pct", 100.0 * a.ppv())
    .num("ppv_b_pct", 100.0 * b.ppv())
    .flag(
        "dp_ok",
        (a.selection_rate() - b.selection_rate()).abs() <= TOLERANCE,
    )
    .flag(
        "eo_ok",
        (a.tpr() - b.tpr()).abs() <= TOLERANCE && (a.fpr() - b.fpr()).abs() <= TOLERANCE,
    )
    .flag("cal_ok", (a.ppv() - b.ppv()).abs() <= TOLERANCE)
    .num("accuracy_pct", 100.0 * acc)
    .num("single_accuracy_pct", 100.0 * single)
    .num("fairness_tax_pp", 100.0 * (single - acc))
    .num("dp_selection_pct", 100.0 * dpa.selection_rate())
    .num("dp_fpr_a_pct", 100.0 * dpa.fpr())
    .num("dp_fpr_b_pct", 100.0 * dpb.fpr())
    .num("dp_fpr_ratio", dp_ratio)
    .num("dp_ppv_a_pct", 100.0 * dpa.ppv())
    .num("dp_ppv_b_pct", 100.0 * dpb.ppv())
    .flag("all_three_possible", equal_bases)
    .text(
        "act1_reason",
        if (dpa.fpr() - dpb.fpr()).abs() > 1e-6 && !equal_bases {
            "base_rates"
        } else {
            "dp_equalizes"
        },
    );

    // Act II.
    let std = i.t("global_standard");
    let (eu_off, us_off) = (i.n("eu_offset_pp"), i.n("us_offset_pp"));
    let market = |std: &str, eu: f64, us: f64| {
        let (fpr, acc) = standard(std);
        let eu_fpr = (fpr - FPR_PER_POINT * eu).max(0.0);
        let us_fpr = (fpr - FPR_PER_POINT * us).max(0.0);
        let per_day = USERS * EVALUATED_PER_DAY;
        let fp = per_day / 100.0 * (EU_SHARE * eu_fpr + US_SHARE * us_fpr + REST_SHARE * fpr);
        let eu_ok = std == "cal" || (std == "eo" && eu >= OFFSET_NEEDED);
        let us_ok = std == "eo" || (std == "cal" && us >= OFFSET_NEEDED);
        let accuracy = acc - ACC_PER_POINT * (eu.abs() + us.abs());
        (eu_fpr, us_fpr, fpr, fp, eu_ok, us_ok, accuracy)
    };
    let (eu_fpr, us_fpr, rest_fpr, fp, eu_ok, us_ok, acc2) = market(std, eu_off, us_off);
    let per_day = USERS * EVALUATED_PER_DAY;
    // The four plans of the prediction; D (no ML) serves nobody and never qualifies.
    let plans = [
        ("a", market("cal", 0.0, 0.0)),
        ("b", market("cal", 0.0, OFFSET_NEEDED)),
        ("c", market("eo", 0.0, 0.0)),
    ];
    let plan = plans
        .iter()
        .filter(|(_, m)| m.4 && m.5)
        .fold(
            ("d", f64::MIN),
            |best, (k, m)| {
                if m.6 > best.1 { (*k, m.6) } else { best }
            },
        )
        .0;
    let over = fp > HARM_BUDGET;
    o.num("eu_fpr_pct", eu_fpr)
        .num("us_fpr_pct", us_fpr)
        .num("rest_fpr_pct", rest_fpr)
        .num("eu_daily_fp", per_day * EU_SHARE * eu_fpr / 100.0)
        .num("us_daily_fp", per_day * US_SHARE * us_fpr / 100.0)
        .num("daily_fp", fp)
        .num("daily_fp_millions", fp / 1e6)
        .num("harm_budget", HARM_BUDGET)
        .num("harm_per_tenth_pp", per_day * 0.001)
        .num("market_accuracy_pct", acc2)
        .num(
            "audit_usd",
            i.n("audits_per_year") * AUDIT_SAMPLES * USD_PER_SAMPLE,
        )
        .num("offset_needed_pp", OFFSET_NEEDED)
        .num(
            "compliant_fraction",
            (eu_ok as u8 + us_ok as u8) as f64 / 2.0,
        )
        .flag("transparency_published", i.b("transparency"))
        .flag("eu_noncompliant", !eu_ok)
        .flag("us_noncompliant", !us_ok)
        .flag("eu_compliant", eu_ok)
        .flag("us_compliant", us_ok)
        .flag("harm_over_budget", over)
        .flag("constraint_hit", !eu_ok || !us_ok || over)
        .text("act2_plan", plan);
    o
}

/// The Lab 16 model.
pub const MODEL: Model = Model {
    id: "v2-16",
    title: "The Fairness Impossibility",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::fairness::chouldechova_fpr;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    fn story() -> Values {
        eval(&[("context", Value::Text("equity"))])
    }

    #[test]
    fn ledger_flags_are_the_negated_failures() {
        // Defaults: one global calibrated model, no offsets: EU ok, US not.
        let o = eval(&[]);
        assert_eq!(o.get("eu_compliant"), Some(Value::Bool(true)));
        assert_eq!(o.get("us_compliant"), Some(Value::Bool(false)));
        // A +5-point US offset restores equal error rates there.
        let o = eval(&[("us_offset_pp", Value::Num(5.0))]);
        assert_eq!(o.get("us_compliant"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_parity_forces_unequal_false_positive_rates() {
        let o = story();
        assert_eq!(o.get("act1_reason"), Some(Value::Text("base_rates")));
        // Shared threshold 1.5 + Φ⁻¹(0.8) = 2.342: flags 2.43% of A and 8.31% of B; parity
        // sets both to their mean, 5.37%.
        assert!((o.n("dp_selection_pct") - 5.37).abs() < 0.01);
        assert!((o.n("sel_a_pct") - o.n("sel_b_pct")).abs() < 1e-6);
        // A's threshold drops and its FPR rises to 3.67%; B's rises and its FPR falls to 0.16%.
        assert!((o.n("dp_fpr_a_pct") - 3.67).abs() < 0.01);
        assert!((o.n("dp_fpr_b_pct") - 0.16).abs() < 0.01);
        assert!(o.n("dp_fpr_ratio") > 20.0 && o.n("dp_fpr_ratio") < 25.0);
        // Precision 33% vs 97%.
        assert!((o.n("dp_ppv_a_pct") - 33.0).abs() < 0.1);
        assert!((o.n("dp_ppv_b_pct") - 97.3).abs() < 0.1);
        // Parity holds, equalized odds and calibration do not.
        assert_eq!(o.get("dp_ok"), Some(Value::Bool(true)));
        assert_eq!(o.get("eo_ok"), Some(Value::Bool(false)));
        assert_eq!(o.get("cal_ok"), Some(Value::Bool(false)));
    }

    #[test]
    fn chouldechova_identity_holds_in_every_group() {
        for crit in ["dp", "eo", "cal"] {
            let o = eval(&[
                ("context", Value::Text("equity")),
                ("criterion", Value::Text(crit)),
            ]);
            for (p, g) in [(0.02, "a"), (0.10, "b")] {
                let (fpr, ppv, tpr) = match g {
                    "a" => (o.n("fpr_a_pct"), o.n("ppv_a_pct"), o.n("tpr_a_pct")),
                    _ => (o.n("fpr_b_pct"), o.n("ppv_b_pct"), o.n("tpr_b_pct")),
                };
                let f = 100.0 * chouldechova_fpr(p, ppv / 100.0, tpr / 100.0);
                assert!((f - fpr).abs() < 1e-6, "{crit} {g}");
            }
        }
    }

    #[test]
    fn one_threshold_gives_equal_error_rates_not_precision() {
        let o = eval(&[]);
        assert_eq!(o.get("eo_ok"), Some(Value::Bool(true)));
        assert_eq!(o.get("cal_ok"), Some(Value::Bool(false)));
        assert_eq!(o.get("dp_ok"), Some(Value::Bool(false)));
        assert_eq!(o.n("fairness_tax_pp"), 0.0);
        // Calibration enforced: precision equal, error rates split.
        let o = eval(&[
            ("context", Value::Text("equity")),
            ("criterion", Value::Text("cal")),
        ]);
        assert_eq!(o.get("cal_ok"), Some(Value::Bool(true)));
        assert_eq!(o.get("eo_ok"), Some(Value::Bool(false)));
    }

    #[test]
    fn reflection_all_three_hold_only_with_equal_base_rates() {
        let o = eval(&[("base_a_pct", Value::Num(10.0))]);
        assert_eq!(o.get("all_three_possible"), Some(Value::Bool(true)));
        for f in ["dp_ok", "eo_ok", "cal_ok"] {
            assert_eq!(o.get(f), Some(Value::Bool(true)), "{f}");
        }
        assert_eq!(o.get("act1_reason"), Some(Value::Text("dp_equalizes")));
        assert!((o.n("dp_fpr_ratio") - 1.0).abs() < 1e-6);
    }

    #[test]
    fn fairness_tax_grows_with_the_base_rate_gap() {
        let mut prev = -1.0;
        for b in 2..=20 {
            let o = eval(&[
                ("context", Value::Text("equity")),
                ("base_b_pct", Value::Num(b as f64)),
            ]);
            assert!(o.n("fairness_tax_pp") >= prev - 1e-9, "{b}");
            prev = o.n("fairness_tax_pp");
        }
        // 2% vs 10% under parity: 1.9 points.
        assert!((story().n("fairness_tax_pp") - 1.95).abs() < 0.05);
    }

    #[test]
    fn act2_keyed_plan_is_calibrated_base_plus_post_processing() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_plan"), Some(Value::Text("b")));
        // The default (one global calibrated model) fails the US requirement.
        assert_eq!(o.get("us_noncompliant"), Some(Value::Bool(true)));
        assert_eq!(o.get("eu_noncompliant"), Some(Value::Bool(false)));
        // 5 M evaluated a day × 8% = 400,000 false positives; EU 1.5 M × 8% = 120,000.
        assert!((o.n("daily_fp") - 400_000.0).abs() < 1e-6);
        assert!((o.n("eu_daily_fp") - 120_000.0).abs() < 1e-6);
        // Plan B: US offset +5 → US FPR 4%, both compliant, accuracy 91 − 1.5 = 89.5%.
        let o = eval(&[("us_offset_pp", Value::Num(5.0))]);
        assert_eq!(o.get("constraint_hit"), Some(Value::Bool(false)));
        assert!((o.n("market_accuracy_pct") - 89.5).abs() < 1e-9);
        assert!((o.n("us_fpr_pct") - 4.0).abs() < 1e-9);
        // Plan C: equalized odds everywhere fails the EU.
        let o = eval(&[("global_standard", Value::Text("eo"))]);
        assert_eq!(o.get("eu_noncompliant"), Some(Value::Bool(true)));
        assert_eq!(o.get("us_noncompliant"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_harm_budget_fires_and_clears() {
        // EU offset −20: EU FPR 8 + 16 = 24% → 360,000 + 80,000 + 200,000 = 640,000 > 500,000.
        let o = eval(&[("eu_offset_pp", Value::Num(-20.0))]);
        assert!((o.n("daily_fp") - 640_000.0).abs() < 1e-6);
        assert_eq!(o.get("harm_over_budget"), Some(Value::Bool(true)));
        let o = eval(&[("eu_offset_pp", Value::Num(0.0))]);
        assert_eq!(o.get("harm_over_budget"), Some(Value::Bool(false)));
        // 0.1 point of FPR on 5 M evaluations a day = 5,000 people.
        assert!((o.n("harm_per_tenth_pp") - 5000.0).abs() < 1e-9);
        // Four audits of 10,000 samples at $5: $200,000.
        assert!((o.n("audit_usd") - 200_000.0).abs() < 1e-9);
    }
}
