//! Vol 1 Lab 15, "There Is No Free Fairness": a calibrated model with nearly equal accuracy
//! in two groups still makes very different errors in each when their base rates differ
//! (Act I, Chouldechova's impossibility), and choosing a fairness criterion, a mitigation and
//! an audit cadence trades accuracy, disparity and audit cost (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (continuous automated audits, $1,500 per audit run) and
//! `mobile` (models on devices, audited centrally after the fact, $4,000 per run). The context
//! sets the audit price of Act II only.
//!
//! **Act I scenario**: defaults. A loan model's scores are calibrated risks with separation
//! d = 2 (AUC 0.92); group A's base rate is 30 %, group B's 50 %; one threshold, 0.5. The
//! story quotes `acc_a_pct` (86.1 %) and `acc_b_pct` (84.1 %): "about 85 % in both groups".
//!
//! **Act I prediction** "Accuracy is about 85 % in both groups. Is the model fair?", checked
//! against the text output `act1_verdict`:
//! - A `accuracy_proves` "Yes: equal accuracy proves it"
//! - B `check_ppv` "Check precision (PPV) per group" (PPV differs by only `ppv_gap_pp` =
//!   4.2 points: the scores are calibrated)
//! - **C `check_error_rates` "Equal accuracy is necessary, not sufficient: compare FPR and
//!   FNR per group" (keyed; FPR 7.7 vs 15.9 %, FNR 28.2 vs 15.9 %)**
//! - D `legal_enough` "Equal accuracy is enough legally"
//!
//! **Act I reflection** (keyed B, "with different base rates at most two of calibration,
//! equal FPR and equal FNR can hold"): feedback quotes `implied_fpr_b_pct` (the FPR group B
//! would need to share A's PPV and TPR; 18.0 % at defaults). The value is not clamped: it
//! exceeds 100 % (up to 161 % at base rates 5 % and 50 %, threshold 0.1), where
//! `implied_fpr_impossible` (off at defaults) says no classifier can match A's PPV and TPR
//! in group B at all; a chapter that quotes the value shows that flag beside it.
//!
//! **Act II scenario**: resume screening, 50,000 applications a quarter, 80 % recall target,
//! $50,000 a year for audits; the qualified rates of the two applicant groups differ by
//! 30 points. Each criterion has a course-calibrated (accuracy, equalized-odds gap):
//! accuracy-only (87.5 %, 0.38 × 30), demographic parity (83.0 %, 0.50 × 30), equalized odds
//! (84.5 %, 0.12 × 30), individual fairness (84.0 %, 0.10 × 30); mitigations cut the gap and
//! cost accuracy: reweighting 25 % / 0.5, adversarial 45 % / 1.5, post-processing 35 % / 0.8.
//!
//! **Act II prediction** "Which design should screen the applications?", checked against the
//! text output `best_design` (the most accurate of the four designs that keeps the gap
//! within 10 points, audits at least quarterly and stays within budget):
//! - A `accuracy_legal` "Maximise accuracy and add a legal review" (gap 11.4 points)
//! - B `demographic_parity` "Enforce demographic parity" (gap 15 points)
//! - **C `equalized_odds_audited` "Equalized odds with quarterly audits" (keyed; gap 3.6)**
//! - D `equivalent` "The criteria are equivalent" (gaps range 3.6-15 points)
//!
//! **Act II reflection** (keyed B, "demographic parity equalises selection whatever the
//! qualified rates, so it rejects qualified applicants"): feedback quotes `dp_gap_pp`,
//! `dp_acc_pct`.
//!
//! **Failure states**: `implied_fpr_impossible` (warn-ready, Act I: off at defaults, on at
//! base rates 5 % / 50 % with threshold 0.1), `disparate_impact` (danger: equalized-odds gap above 10 points; **on
//! at defaults by design**, the story's current screen is accuracy-only; clears with the
//! equalized-odds criterion or adversarial debiasing), `audits_too_rare` (warn: fewer than 4
//! a year), `over_budget` (warn: audits above $50,000 a year).
//!
//! **Ledger** (ch15): `fairness_criterion` ← input `criterion`; `equalized_odds_gap` and
//! `act2_result` ← `eo_gap2_pp`; `audit_cost_k` ← `audit_cost_usd` / 1,000;
//! `act2_decision` ← inputs `criterion`, `mitigation`, `audits`; `constraint_hit` ←
//! `disparate_impact`; `regulatory_risk` ← `risk`.

use crate::laws::fairness::{Confusion, chouldechova_fpr};
use crate::laws::scores::calibrated_confusion;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (continuous automated audit)",
    },
    Choice {
        value: "mobile",
        label: "Mobile (delayed central audit)",
    },
];

const CRITERIA: &[Choice] = &[
    Choice {
        value: "accuracy_only",
        label: "Accuracy only",
    },
    Choice {
        value: "demographic_parity",
        label: "Demographic parity",
    },
    Choice {
        value: "equalized_odds",
        label: "Equalized odds",
    },
    Choice {
        value: "individual",
        label: "Individual fairness",
    },
];

const MITIGATIONS: &[Choice] = &[
    Choice {
        value: "none",
        label: "None",
    },
    Choice {
        value: "reweighting",
        label: "Reweighting",
    },
    Choice {
        value: "adversarial",
        label: "Adversarial debiasing",
    },
    Choice {
        value: "postprocessing",
        label: "Post-processing thresholds",
    },
];

const AUDITS: &[Choice] = &[
    Choice {
        value: "continuous",
        label: "Continuous (weekly)",
    },
    Choice {
        value: "monthly",
        label: "Monthly",
    },
    Choice {
        value: "quarterly",
        label: "Quarterly",
    },
    Choice {
        value: "annual",
        label: "Annual",
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
        name: "base_a_pct",
        label: "Base rate, group A",
        kind: InputKind::Range {
            min: 5.0,
            max: 50.0,
            step: 1.0,
            default: 30.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "base_b_pct",
        label: "Base rate, group B",
        kind: InputKind::Range {
            min: 5.0,
            max: 50.0,
            step: 1.0,
            default: 50.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "threshold",
        label: "Decision threshold (calibrated score)",
        kind: InputKind::Range {
            min: 0.10,
            max: 0.90,
            step: 0.05,
            default: 0.50,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "criterion",
        label: "Fairness criterion",
        kind: InputKind::Choice {
            options: CRITERIA,
            default: "accuracy_only",
        },
    },
    InputDef {
        name: "mitigation",
        label: "Mitigation",
        kind: InputKind::Choice {
            options: MITIGATIONS,
            default: "none",
        },
    },
    InputDef {
        name: "audits",
        label: "Audit cadence",
        kind: InputKind::Choice {
            options: AUDITS,
            default: "quarterly",
        },
    },
];

/// Values of `eo_status`.
const EO_STATUSES: &[Choice] = &[
    Choice {
        value: "ok",
        label: "ok",
    },
    Choice {
        value: "caution",
        label: "caution",
    },
    Choice {
        value: "violation",
        label: "violation",
    },
];

/// Values of `act1_verdict`.
const VERDICTS: &[Choice] = &[
    Choice {
        value: "accuracy_differs",
        label: "accuracy differs",
    },
    Choice {
        value: "check_error_rates",
        label: "compare the error rates per group",
    },
    Choice {
        value: "no_material_gap",
        label: "no material gap",
    },
];

/// Values of `risk`.
const RISKS: &[Choice] = &[
    Choice {
        value: "low",
        label: "low",
    },
    Choice {
        value: "medium",
        label: "medium",
    },
    Choice {
        value: "high",
        label: "high",
    },
];

/// Values of `best_design`: a qualifying design of the prediction, or `equivalent` when none qualifies.
const DESIGNS: &[Choice] = &[
    Choice {
        value: "accuracy_legal",
        label: "maximise accuracy and add a legal review",
    },
    Choice {
        value: "demographic_parity",
        label: "enforce demographic parity",
    },
    Choice {
        value: "equalized_odds_audited",
        label: "equalized odds with quarterly audits",
    },
    Choice {
        value: "equivalent",
        label: "none of them",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("tpr_a_pct", "True positive rate, A", Unit::Percent),
    num("tpr_b_pct", "True positive rate, B", Unit::Percent),
    num("fpr_a_pct", "False positive rate, A", Unit::Percent),
    num("fpr_b_pct", "False positive rate, B", Unit::Percent),
    num("fnr_a_pct", "False negative rate, A", Unit::Percent),
    num("fnr_b_pct", "False negative rate, B", Unit::Percent),
    num("ppv_a_pct", "Precision (PPV), A", Unit::Percent),
    num("ppv_b_pct", "Precision (PPV), B", Unit::Percent),
    num("acc_a_pct", "Accuracy, A", Unit::Percent),
    num("acc_b_pct", "Accuracy, B", Unit::Percent),
    num("approval_a_pct", "Flagged positive, A", Unit::Percent),
    num("approval_b_pct", "Flagged positive, B", Unit::Percent),
    num("acc_gap_pp", "Accuracy gap", Unit::Pp),
    num("fpr_gap_pp", "FPR gap", Unit::Pp),
    num("fnr_gap_pp", "FNR gap", Unit::Pp),
    num("ppv_gap_pp", "PPV gap", Unit::Pp),
    num("approval_gap_pp", "Selection-rate gap", Unit::Pp),
    num("eo_gap_pp", "Equalized-odds gap", Unit::Pp),
    choice("eo_status", "Equalized-odds status", EO_STATUSES),
    choice("act1_verdict", "What the audit should check", VERDICTS),
    num(
        "implied_fpr_b_pct",
        "FPR B would need to match A's PPV and TPR",
        Unit::Percent,
    )
    // A required rate, not a measured share: above 100 % it is impossible, and
    // `implied_fpr_impossible` says so.
    .unbounded(),
    flag(
        "implied_fpr_impossible",
        "No classifier has that FPR (above 100 %): B cannot match A's PPV and TPR at all",
    ),
    num("acc2_pct", "Accuracy", Unit::Percent),
    num("eo_gap2_pp", "Equalized-odds gap", Unit::Pp),
    num("audits_per_year", "Audits per year", Unit::None),
    num("audit_cost_usd", "Audit cost per year", Unit::Usd),
    num("audit_budget_usd", "Audit budget", Unit::Usd),
    choice("risk", "Regulatory risk", RISKS),
    flag("disparate_impact", "Equalized-odds gap above 10 points"),
    flag("audits_too_rare", "Audits less than quarterly"),
    flag("over_budget", "Audits over budget"),
    flag(
        "pareto_optimal2",
        "No design is both more accurate and fairer",
    ),
    num("threshold_pp", "Disparate-impact threshold", Unit::Pp),
    num("dp_gap_pp", "Demographic parity: gap", Unit::Pp),
    num("dp_acc_pct", "Demographic parity: accuracy", Unit::Percent),
    num("eo_acc_pct", "Equalized odds: accuracy", Unit::Percent),
    num("eo_crit_gap_pp", "Equalized odds: gap", Unit::Pp),
    num("acc_only_gap_pp", "Accuracy only: gap", Unit::Pp),
    choice("best_design", "Best of the four designs", DESIGNS),
    num(
        "applications_per_quarter",
        "Applications per quarter",
        Unit::None,
    ),
    num("recall_target_pct", "Recall target", Unit::Percent),
];

/// Separation of the calibrated scores (AUC = Φ(2/√2) = 0.92).
const SEPARATION: f64 = 2.0;
/// Act II: difference in qualified rates between the applicant groups.
pub const SCENARIO_RATE_GAP_PP: f64 = 30.0;
/// Equalized-odds gap above which the design is flagged (derived from the EEOC four-fifths
/// rule, course figure).
pub const GAP_THRESHOLD_PP: f64 = 10.0;
const AUDIT_BUDGET: f64 = 50_000.0;
const APPLICATIONS: f64 = 50_000.0;
const RECALL_TARGET: f64 = 80.0;

/// Accuracy (%) and equalized-odds gap per point of qualified-rate gap, per criterion
/// (course figures, responsible_engr).
pub fn criterion(key: &str) -> (f64, f64) {
    match key {
        "demographic_parity" => (83.0, 0.50),
        "equalized_odds" => (84.5, 0.12),
        "individual" => (84.0, 0.10),
        _ => (87.5, 0.38),
    }
}

/// Share of the gap a mitigation removes and the accuracy it costs (pp).
fn mitigation(key: &str) -> (f64, f64) {
    match key {
        "reweighting" => (0.25, 0.5),
        "adversarial" => (0.45, 1.5),
        "postprocessing" => (0.35, 0.8),
        _ => (0.0, 0.0),
    }
}

fn audits_per_year(key: &str) -> f64 {
    match key {
        "continuous" => 52.0,
        "monthly" => 12.0,
        "annual" => 1.0,
        _ => 4.0,
    }
}

/// (accuracy %, gap pp) of a design.
fn design(crit: &str, mit: &str) -> (f64, f64) {
    let (acc, coeff) = criterion(crit);
    let (cut, cost) = mitigation(mit);
    (acc - cost, coeff * SCENARIO_RATE_GAP_PP * (1.0 - cut))
}

fn pct(x: f64) -> f64 {
    100.0 * x
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();

    // Act I: one threshold on calibrated scores in two groups.
    let t = i.n("threshold");
    let a: Confusion = calibrated_confusion(SEPARATION, i.n("base_a_pct") / 100.0, t);
    let b: Confusion = calibrated_confusion(SEPARATION, i.n("base_b_pct") / 100.0, t);
    let fpr_gap = pct(b.fpr() - a.fpr());
    let fnr_gap = pct(a.tpr() - b.tpr());
    let acc_gap = pct(b.accuracy() - a.accuracy());
    let eo = (fpr_gap.abs() + fnr_gap.abs()) / 2.0;
    let implied = chouldechova_fpr(b.prevalence(), a.ppv(), a.tpr());
    let eo_status = if eo <= 5.0 {
        "ok"
    } else if eo <= GAP_THRESHOLD_PP {
        "caution"
    } else {
        "violation"
    };
    let verdict = if acc_gap.abs() > 3.0 {
        "accuracy_differs"
    } else if eo > 5.0 {
        "check_error_rates"
    } else {
        "no_material_gap"
    };
    o.num("tpr_a_pct", pct(a.tpr()))
        .num("tpr_b_pct", pct(b.tpr()))
        .num("fpr_a_pct", pct(a.fpr()))
        .num("fpr_b_pct", pct(b.fpr()))
        .num("fnr_a_pct", pct(1.0 - a.tpr()))
        .num("fnr_b_pct", pct(1.0 - b.tpr()))
        .num("ppv_a_pct", pct(a.ppv()))
        .num("ppv_b_pct", pct(b.ppv()))
        .num("acc_a_pct", pct(a.accuracy()))
        .num("acc_b_pct", pct(b.accuracy()))
        .num("approval_a_pct", pct(a.selection_rate()))
        .num("approval_b_pct", pct(b.selection_rate()))
        .num("acc_gap_pp", acc_gap)
        .num("fpr_gap_pp", fpr_gap)
        .num("fnr_gap_pp", fnr_gap)
        .num("ppv_gap_pp", pct(b.ppv() - a.ppv()))
        .num(
            "approval_gap_pp",
            pct(b.selection_rate() - a.selection_rate()),
        )
        .num("eo_gap_pp", eo)
        .text("eo_status", eo_status)
        .text("act1_verdict", verdict)
        // Not clamped: above 100 % the identity asks for more false positives than B has
        // negatives, which no classifier can produce; the flag says so.
        .num("implied_fpr_b_pct", pct(implied))
        .flag("implied_fpr_impossible", implied > 1.0);

    // Act II: the audit design.
    let (crit, mit) = (i.t("criterion"), i.t("mitigation"));
    let (acc2, gap2) = design(crit, mit);
    let runs = audits_per_year(i.t("audits"));
    let price = if i.t("context") == "mobile" {
        4_000.0
    } else {
        1_500.0
    };
    let cost = runs * price;
    let risk = if gap2 <= GAP_THRESHOLD_PP {
        "low"
    } else if runs >= 4.0 {
        "medium"
    } else {
        "high"
    };
    let pareto = !CRITERIA.iter().any(|c| {
        MITIGATIONS.iter().any(|m| {
            let (a2, g2) = design(c.value, m.value);
            a2 >= acc2 && g2 <= gap2 && (a2 > acc2 || g2 < gap2)
        })
    });
    // The four designs of the prediction: (key, criterion, audits per year).
    let plans: [(&'static str, &str, f64); 3] = [
        ("accuracy_legal", "accuracy_only", 1.0),
        ("demographic_parity", "demographic_parity", 4.0),
        ("equalized_odds_audited", "equalized_odds", 4.0),
    ];
    let mut best = ("equivalent", f64::NEG_INFINITY);
    for (key, c, n) in plans {
        let (acc, gap) = design(c, "none");
        let ok = gap <= GAP_THRESHOLD_PP && n >= 4.0 && n * price <= AUDIT_BUDGET;
        if ok && acc > best.1 {
            best = (key, acc);
        }
    }
    let (dp_acc, dp_gap) = design("demographic_parity", "none");
    let (eo_acc, eo_gap) = design("equalized_odds", "none");
    o.num("acc2_pct", acc2)
        .num("eo_gap2_pp", gap2)
        .num("audits_per_year", runs)
        .num("audit_cost_usd", cost)
        .num("audit_budget_usd", AUDIT_BUDGET)
        .text("risk", risk)
        .flag("disparate_impact", gap2 > GAP_THRESHOLD_PP)
        .flag("audits_too_rare", runs < 4.0)
        .flag("over_budget", cost > AUDIT_BUDGET)
        .flag("pareto_optimal2", pareto)
        .num("threshold_pp", GAP_THRESHOLD_PP)
        .num("dp_gap_pp", dp_gap)
        .num("dp_acc_pct", dp_acc)
        .num("eo_acc_pct", eo_acc)
        .num("eo_crit_gap_pp", eo_gap)
        .num("acc_only_gap_pp", design("accuracy_only", "none").1)
        .text("best_design", best.0)
        .num("applications_per_quarter", APPLICATIONS)
        .num("recall_target_pct", RECALL_TARGET);
    o
}

/// The Lab 15 model.
pub const MODEL: Model = Model {
    id: "v1-15",
    title: "There Is No Free Fairness",
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
    fn implied_fpr_above_100_is_flagged_not_clamped() {
        // r_A = 5 %, r_B = 50 %, t = 0.1, d = 2: cut = (logit 0.1 − logit 0.05)/2 =
        // (−2.1972 + 2.9444)/2 = 0.3736; TPR_A = Φ(0.6264) = 0.7345, FPR_A = Φ(−1.3736) =
        // 0.0848; PPV_A = 0.05 × 0.7345 / (0.05 × 0.7345 + 0.95 × 0.0848) = 0.3132;
        // implied FPR_B = 1 × (0.6868/0.3132) × 0.7345 = 1.611 = 161 %.
        let o = eval(&[
            ("base_a_pct", Value::Num(5.0)),
            ("base_b_pct", Value::Num(50.0)),
            ("threshold", Value::Num(0.1)),
        ]);
        assert!((o.n("implied_fpr_b_pct") - 161.09).abs() < 0.05);
        assert_eq!(o.get("implied_fpr_impossible"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_equal_accuracy_unequal_errors() {
        let o = eval(&[]);
        // A (r = 0.3): cut 0.4236, TPR Φ(0.5764) = 71.78 %, FPR Φ(−1.4236) = 7.73 %,
        // accuracy 0.3 × 0.7178 + 0.7 × 0.9227 = 86.12 %.
        assert!((o.n("tpr_a_pct") - 71.78).abs() < 0.01);
        assert!((o.n("fpr_a_pct") - 7.73).abs() < 0.01);
        assert!((o.n("acc_a_pct") - 86.12).abs() < 0.01);
        // B (r = 0.5): cut 0, TPR Φ(1) = 84.13 %, FPR 15.87 %, accuracy 84.13 %.
        assert!((o.n("acc_b_pct") - 84.13).abs() < 0.01);
        assert!((o.n("fpr_b_pct") - 15.87).abs() < 0.01);
        // B − A: accuracy −2.0 points; FPR +8.14 (15.87 − 7.73); FNR −12.35 (15.87 − 28.22);
        // EO gap (8.14 + 12.35) / 2 = 10.25.
        assert!((o.n("acc_gap_pp") + 1.99).abs() < 0.01);
        assert!((o.n("fpr_gap_pp") - 8.14).abs() < 0.01);
        assert!((o.n("fnr_gap_pp") + 12.35).abs() < 0.01);
        assert!((o.n("eo_gap_pp") - 10.25).abs() < 0.01);
        assert_eq!(
            o.get("act1_verdict"),
            Some(Value::Text("check_error_rates"))
        );
        // B's premise: PPV 79.9 vs 84.1 %, a gap (4.21) under half the FPR and FNR gaps.
        assert!((o.n("ppv_gap_pp") - 4.21).abs() < 0.01);
        assert!(o.n("fnr_gap_pp").abs() / o.n("ppv_gap_pp") > 2.9);
    }

    #[test]
    fn act1_equal_base_rates_mean_equal_errors() {
        let o = eval(&[("base_a_pct", Value::Num(50.0))]);
        assert!(o.n("eo_gap_pp").abs() < 1e-9);
        assert_eq!(o.get("act1_verdict"), Some(Value::Text("no_material_gap")));
        // The gap grows as the base rates part.
        let mut prev = -1.0;
        for ra in [50.0, 45.0, 40.0, 30.0, 20.0] {
            let g = eval(&[("base_a_pct", Value::Num(ra))]).n("eo_gap_pp");
            assert!(g > prev);
            prev = g;
        }
    }

    #[test]
    fn act1_reflection_chouldechova() {
        let o = eval(&[]);
        // With A's PPV (0.7992) and TPR (0.7178) at r = 0.5: FPR = 1 × 0.2008 / 0.7992 × 0.7178 = 18.03 %.
        assert!((o.n("implied_fpr_b_pct") - 18.03).abs() < 0.01);
        // Not what B has (15.87 %): the three parities cannot hold together.
        assert!((o.n("implied_fpr_b_pct") - o.n("fpr_b_pct")).abs() > 2.0);
        assert_eq!(o.get("implied_fpr_impossible"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_threshold_trades_errors() {
        // Raising the threshold lowers both groups' FPR and raises their FNR.
        let mut prev = (f64::INFINITY, -1.0);
        for t in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let o = eval(&[("threshold", Value::Num(t))]);
            assert!(o.n("fpr_a_pct") < prev.0 && o.n("fnr_a_pct") > prev.1);
            prev = (o.n("fpr_a_pct"), o.n("fnr_a_pct"));
        }
    }

    #[test]
    fn act2_equalized_odds_with_audits_is_best() {
        for ctx in ["cloud", "mobile"] {
            let o = eval(&[("context", Value::Text(ctx))]);
            assert_eq!(
                o.get("best_design"),
                Some(Value::Text("equalized_odds_audited"))
            );
        }
        let o = eval(&[]);
        // Accuracy only: 0.38 × 30 = 11.4 points; DP 15; EO 3.6 for 3 points of accuracy.
        assert!((o.n("acc_only_gap_pp") - 11.4).abs() < 1e-9);
        assert!((o.n("dp_gap_pp") - 15.0).abs() < 1e-9);
        assert!((o.n("eo_crit_gap_pp") - 3.6).abs() < 1e-9);
        assert!((87.5 - o.n("eo_acc_pct") - 3.0).abs() < 1e-9);
        assert!((o.n("dp_acc_pct") - 83.0).abs() < 1e-9);
    }

    #[test]
    fn act2_failures() {
        // Defaults (accuracy only) breach the threshold: the story's current screen.
        let o = eval(&[]);
        assert_eq!(o.get("disparate_impact"), Some(Value::Bool(true)));
        assert_eq!(o.get("risk"), Some(Value::Text("medium")));
        let o = eval(&[("criterion", Value::Text("equalized_odds"))]);
        assert_eq!(o.get("disparate_impact"), Some(Value::Bool(false)));
        assert_eq!(o.get("risk"), Some(Value::Text("low")));
        // Adversarial debiasing alone: 11.4 × 0.55 = 6.27 points, at 86.0 % accuracy.
        let o = eval(&[("mitigation", Value::Text("adversarial"))]);
        assert!((o.n("eo_gap2_pp") - 6.27).abs() < 1e-9);
        assert_eq!(o.get("disparate_impact"), Some(Value::Bool(false)));
        // Annual audits: too rare, and high risk with the accuracy-only gap.
        let o = eval(&[("audits", Value::Text("annual"))]);
        assert_eq!(o.get("audits_too_rare"), Some(Value::Bool(true)));
        assert_eq!(o.get("risk"), Some(Value::Text("high")));
        // Continuous audits: 52 × $1,500 = $78,000 > $50,000.
        let o = eval(&[("audits", Value::Text("continuous"))]);
        assert!((o.n("audit_cost_usd") - 78_000.0).abs() < 1e-9);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(true)));
        let o = eval(&[("audits", Value::Text("monthly"))]);
        assert_eq!(o.get("over_budget"), Some(Value::Bool(false)));
        assert_eq!(o.get("audits_too_rare"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_pareto() {
        // EO without mitigation (84.5 %, 3.6) is on the frontier; DP (83.0 %, 15) is not.
        let o = eval(&[("criterion", Value::Text("equalized_odds"))]);
        assert_eq!(o.get("pareto_optimal2"), Some(Value::Bool(true)));
        let o = eval(&[("criterion", Value::Text("demographic_parity"))]);
        assert_eq!(o.get("pareto_optimal2"), Some(Value::Bool(false)));
    }
}
