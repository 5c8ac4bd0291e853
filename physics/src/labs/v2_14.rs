//! Vol 2 Lab 14, "The Adversarial Wall": an undefended classifier collapses below chance
//! under a perturbation too small to see (Act I), and adversarial training buys robustness
//! with clean accuracy, leaving a thin region that meets both a security and a clinical bar
//! (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `production` (undefended, 97.3% clean) and `hardened` (PGD-7
//! adversarial training, ~8× training compute). Cosmetic: only `context_overhead` changes.
//!
//! **Act I** scenario: defaults (10-class medical classifier, 97.3% clean, FGSM at ε = 8/255).
//! - Prediction: "Accuracy falls from 97.3% to `adv_pct` (3.4%) under an 8/255 FGSM attack;
//!   random guessing gets 10%. What does that mean?" Options: (A, "normal robustness loss",
//!   `normal`), (B, "worse than random: the attack steers the model, it does not just confuse
//!   it", `steered`) ✔, (C, "the noise must be visible", `visible`), (D, "only a theoretical
//!   risk", `theoretical`). Checked against the text output `act1_reading`. Feedback quotes
//!   `below_chance_ratio` (2.9× below chance) and `eps_pct_of_range` (3.1% of the pixel
//!   range).
//! - Reflection ✔ B (in ~150k dimensions a gradient-aligned step adds up): quotes
//!   `input_dims` (150,528), `l1_budget` (4,722) and `logit_shift` (47 logit units at a mean
//!   weight magnitude of 0.01).
//!
//! **Act II** scenario: the production model (97.3% clean, 3.4% robust to PGD-7 at 8/255).
//! The defaults are that model (no adversarial training), so the security requirement fails at
//! defaults (`security_unmet` on), as the story says.
//! - Prediction: "To reach 50% robust accuracy, where does clean accuracy land?" Options
//!   (clean %): (A, "stays ~97%: robustness is free", 97), (B, "AT costs 3-10 points: ~88-92%",
//!   91) ✔, (C, "augmentation suffices: ~94%", 94), (D, "only certified defenses: ~80%", 80).
//!   Checked against `clean_at_50_robust` (91.0%).
//! - Design target: both bars met at training ε = 8/255 and PGD-7 for loss weights from
//!   `feasible_alpha_min` (0.903) to 1, i.e. 0.95 or 1 on the slider: adversarial 52.4% and
//!   clean 90.65% at α = 0.95.
//! - Reflection ✔ B (an ε-margin around every training point moves the boundary off clean
//!   points near it): quotes `clean_cost_pp`.
//! - Failure states: `security_unmet` (danger, robust accuracy under 50%), `clinical_unmet`
//!   (warn, clean under 90%); `both_met` is the success banner.
//! - The Pareto chart sweeps `alpha` and plots `clean_pct` against `adv_train_pct`.
//!
//! **Ledger** (`v2_14`): `training_epsilon` ← input `train_eps`; `pgd_steps` ← input;
//! `adversarial_loss_weight` ← input `alpha`; `clean_accuracy` ← `clean_pct`;
//! `adversarial_accuracy` ← `adv_train_pct`; `training_overhead` ← `overhead`;
//! `security_requirement_met` ← not `security_unmet`; `product_requirement_met` ← not
//! `clinical_unmet`; `pareto_optimal` ← `pareto_optimal`; `clean_acc_cost_pp` ←
//! `clean_cost_pp`; `act2_result` ← `adv_train_pct`; `constraint_hit` ← `constraint_hit`.

use crate::laws::robustness::{linear_logit_shift, pgd_training_cost};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "production",
        label: "Production (undefended)",
    },
    Choice {
        value: "hardened",
        label: "Hardened (PGD-7 adversarial training)",
    },
];
const ATTACKS: &[Choice] = &[
    Choice {
        value: "fgsm",
        label: "FGSM (one step)",
    },
    Choice {
        value: "pgd7",
        label: "PGD-7",
    },
    Choice {
        value: "pgd20",
        label: "PGD-20",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Model",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "production",
        },
    },
    InputDef {
        name: "base_clean_pct",
        label: "Clean accuracy before adversarial training",
        kind: InputKind::Range {
            min: 75.0,
            max: 99.0,
            step: 0.1,
            default: 97.3,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "eps_255",
        label: "Attack budget ε (× 1/255 per pixel)",
        kind: InputKind::Range {
            min: 1.0,
            max: 16.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "attack",
        label: "Attack",
        kind: InputKind::Choice {
            options: ATTACKS,
            default: "fgsm",
        },
    },
    InputDef {
        name: "train_eps",
        label: "Training ε (× 1/255)",
        kind: InputKind::Range {
            min: 0.0,
            max: 16.0,
            step: 1.0,
            default: 0.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "pgd_steps",
        label: "PGD steps in training",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "alpha",
        label: "Adversarial loss weight",
        kind: InputKind::Range {
            min: 0.0,
            max: 1.0,
            step: 0.05,
            default: 0.0,
            unit: Unit::None,
        },
    },
];

/// Values of `act1_reading`.
const READINGS: &[Choice] = &[
    Choice {
        value: "steered",
        label: "the attack steers the model",
    },
    Choice {
        value: "normal",
        label: "normal robustness loss",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num(
        "context_overhead",
        "Training compute of this model",
        Unit::Ratio,
    ),
    num("adv_pct", "Accuracy under attack", Unit::Percent),
    num("clean_gap_pp", "Clean − attacked", Unit::Percent),
    num("random_pct", "Random guessing (10 classes)", Unit::Percent),
    num(
        "below_chance_ratio",
        "Chance ÷ accuracy under attack",
        Unit::Ratio,
    ),
    flag("worse_than_random", "Worse than random guessing"),
    num("eps_pct_of_range", "Per-pixel change", Unit::Percent),
    num("input_dims", "Input dimensions (224 × 224 × 3)", Unit::None),
    num("l1_budget", "Total change summed over pixels", Unit::None),
    num(
        "logit_shift",
        "Shift of a linear unit (mean |w| = 0.01)",
        Unit::None,
    ),
    choice("act1_reading", "What the collapse means", READINGS),
    num("clean_pct", "Clean accuracy after training", Unit::Percent),
    num("adv_train_pct", "PGD-7 accuracy at 8/255", Unit::Percent),
    num("train_gap_pp", "Clean − robust", Unit::Percent),
    num("overhead", "Training compute", Unit::Ratio),
    num("clean_cost_pp", "Clean accuracy given up", Unit::Percent),
    num(
        "clean_at_50_robust",
        "Clean accuracy at 50% robust",
        Unit::Percent,
    ),
    num(
        "feasible_alpha_min",
        "Smallest loss weight meeting both bars (ε 8, PGD-7)",
        Unit::None,
    ),
    num("robust_target_pct", "Security requirement", Unit::Percent),
    num("clean_target_pct", "Clinical requirement", Unit::Percent),
    flag("security_unmet", "Robust accuracy under 50%"),
    flag("clinical_unmet", "Clean accuracy under 90%"),
    flag("both_met", "Both requirements met"),
    flag("security_requirement_met", "Robust accuracy at least 50% (for the ledger)"),
    flag("product_requirement_met", "Clean accuracy at least 90% (for the ledger)"),
    flag("pareto_optimal", "No wasted training ε or PGD steps"),
    flag("constraint_hit", "A failure state is active"),
];

/// The chapter's scenario: 97.3% clean, 3.4% under FGSM at 8/255.
const CLEAN0: f64 = 97.3;
const ADV0: f64 = 3.4;
const EPS0: f64 = 8.0;
/// Decay rate per unit of ε (×1/255), fitted so FGSM at 8/255 takes 97.3% to 3.4%:
/// ln(97.3/3.4)/8 = 0.4194.
fn decay() -> f64 {
    (CLEAN0 / ADV0).ln() / EPS0
}
/// Iterated attacks find stronger perturbations than one step.
fn attack_strength(key: &str) -> f64 {
    match key {
        "pgd7" => 1.4,
        "pgd20" => 1.8,
        _ => 1.0,
    }
}
const CLASSES: f64 = 10.0;
/// A 224 × 224 RGB input.
const DIMS: f64 = 224.0 * 224.0 * 3.0;
/// Typical mean weight magnitude of a first-layer unit (course assumption).
const MEAN_ABS_W: f64 = 0.01;
/// Adversarial training at full strength (ε = 8/255, PGD-7, α = 1): robust accuracy 55% for
/// 7 points of clean accuracy, the regime of PGD adversarial training on CIFAR-10 (Madry et
/// al. 2018: 95.2% → 87.3% clean, 45.8% robust; Zhang et al. 2019, TRADES: 84.9% / 56.6%).
const ADV_FULL: f64 = 55.0;
const CLEAN_COST_FULL: f64 = 7.0;
/// PGD steps past the standard 7 stop helping.
const STANDARD_STEPS: f64 = 7.0;
const ROBUST_TARGET: f64 = 50.0;
const CLEAN_TARGET: f64 = 90.0;

/// Strength of adversarial training in [0, 1] for robustness (training ε covering the attack
/// ε, enough PGD steps, loss weight), and the clean-accuracy cost factor (which keeps growing
/// when training ε exceeds the attack's).
fn training_strength(train_eps: f64, steps: f64, alpha: f64) -> (f64, f64) {
    let g = ((1.0 + steps).ln() / (1.0 + STANDARD_STEPS).ln()).min(1.0);
    let robust = (train_eps / EPS0).min(1.0) * g * alpha;
    let cost = (train_eps / EPS0) * g * alpha;
    (robust, cost)
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.num(
        "context_overhead",
        if i.t("context") == "hardened" {
            pgd_training_cost(STANDARD_STEPS)
        } else {
            1.0
        },
    );
    // Act I.
    let clean = i.n("base_clean_pct");
    let eps = i.n("eps_255");
    let adv = clean * (-decay() * eps * attack_strength(i.t("attack"))).exp();
    let random = 100.0 / CLASSES;
    let eps_frac = eps / 255.0;
    o.num("adv_pct", adv)
        .num("clean_gap_pp", clean - adv)
        .num("random_pct", random)
        .num("below_chance_ratio", random / adv)
        .flag("worse_than_random", adv < random)
        .num("eps_pct_of_range", 100.0 * eps_frac)
        .num("input_dims", DIMS)
        .num("l1_budget", eps_frac * DIMS)
        .num(
            "logit_shift",
            linear_logit_shift(eps_frac, DIMS, MEAN_ABS_W),
        )
        .text(
            "act1_reading",
            if adv < random { "steered" } else { "normal" },
        );

    // Act II.
    let (te, k, a) = (i.n("train_eps"), i.n("pgd_steps"), i.n("alpha"));
    let (sr, sc) = training_strength(te, k, a);
    let robust = ADV0 + (ADV_FULL - ADV0) * sr;
    let clean2 = CLEAN0 - CLEAN_COST_FULL * sc;
    let trained = a > 0.0 && te > 0.0;
    // Along the frontier (training ε = 8, ≥ 7 steps) robustness and cost move together.
    let s50 = (ROBUST_TARGET - ADV0) / (ADV_FULL - ADV0);
    let sec = robust < ROBUST_TARGET;
    let clin = clean2 < CLEAN_TARGET;
    o.num("clean_pct", clean2)
        .num("adv_train_pct", robust)
        .num("train_gap_pp", clean2 - robust)
        .num("overhead", if trained { pgd_training_cost(k) } else { 1.0 })
        .num("clean_cost_pp", CLEAN0 - clean2)
        .num("clean_at_50_robust", CLEAN0 - CLEAN_COST_FULL * s50)
        .num("feasible_alpha_min", s50)
        .num("robust_target_pct", ROBUST_TARGET)
        .num("clean_target_pct", CLEAN_TARGET)
        .flag("security_unmet", sec)
        .flag("clinical_unmet", clin)
        .flag("both_met", !sec && !clin)
        .flag("security_requirement_met", !sec)
        .flag("product_requirement_met", !clin)
        .flag("pareto_optimal", te <= EPS0 && k <= STANDARD_STEPS)
        .flag("constraint_hit", sec || clin);
    o
}

/// The Lab 14 model.
pub const MODEL: Model = Model {
    id: "v2-14",
    title: "The Adversarial Wall",
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
    fn ledger_flags_are_the_negated_failures() {
        // Defaults: 3.4% robust (< 50%), 97.3% clean (>= 90%).
        let o = eval(&[]);
        assert_eq!(o.get("security_requirement_met"), Some(Value::Bool(false)));
        assert_eq!(o.get("product_requirement_met"), Some(Value::Bool(true)));
        // Training ε 8/255, PGD-7, α 0.95: 52.4% robust and 90.65% clean.
        let o = eval(&[
            ("train_eps", Value::Num(8.0)),
            ("pgd_steps", Value::Num(7.0)),
            ("alpha", Value::Num(0.95)),
        ]);
        assert_eq!(o.get("security_requirement_met"), Some(Value::Bool(true)));
        assert_eq!(o.get("product_requirement_met"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_collapse_is_below_chance() {
        let o = eval(&[]);
        // 97.3 × e^(−0.4194 × 8) = 3.4% by construction of the decay rate.
        assert!((o.n("adv_pct") - 3.4).abs() < 1e-9);
        assert_eq!(o.get("act1_reading"), Some(Value::Text("steered")));
        // 10 / 3.4 = 2.94× below chance.
        assert!((o.n("below_chance_ratio") - 2.941).abs() < 1e-3);
        // C: 8/255 = 3.14% of the range per pixel.
        assert!((o.n("eps_pct_of_range") - 3.137).abs() < 1e-3);
        // PGD-7 is stronger still: 97.3 × e^(−0.4193 × 8 × 1.4) = 0.889%.
        let o = eval(&[("attack", Value::Text("pgd7"))]);
        assert!((o.n("adv_pct") - 0.889).abs() < 1e-3);
        // A 1/255 FGSM step leaves 97.3 × e^(−0.4193) = 63.98%: above chance, an ordinary loss.
        let o = eval(&[("eps_255", Value::Num(1.0))]);
        assert!((o.n("adv_pct") - 63.98).abs() < 0.01);
        assert_eq!(o.get("act1_reading"), Some(Value::Text("normal")));
    }

    #[test]
    fn act1_reflection_dimensions() {
        let o = eval(&[]);
        // 150,528 × 8/255 = 4,722 summed; × 0.01 = 47.2 logit units.
        assert_eq!(o.n("input_dims"), 150_528.0);
        assert!((o.n("l1_budget") - 4722.4).abs() < 0.1);
        assert!((o.n("logit_shift") - 47.224).abs() < 1e-3);
    }

    #[test]
    fn act1_accuracy_falls_with_epsilon_and_attack_strength() {
        let mut prev = f64::MAX;
        for e in 1..=16 {
            let o = eval(&[("eps_255", Value::Num(e as f64))]);
            assert!(o.n("adv_pct") < prev);
            prev = o.n("adv_pct");
        }
        let f = eval(&[]).n("adv_pct");
        let p7 = eval(&[("attack", Value::Text("pgd7"))]).n("adv_pct");
        let p20 = eval(&[("attack", Value::Text("pgd20"))]).n("adv_pct");
        assert!(f > p7 && p7 > p20);
    }

    #[test]
    fn act2_keyed_answer_is_about_91() {
        let o = eval(&[]);
        // Robust share needed (50 − 3.4)/(55 − 3.4) = 0.9031 → clean 97.3 − 7 × 0.9031 = 90.98%.
        assert!((o.n("clean_at_50_robust") - 90.978).abs() < 1e-3);
        let options = [97.0, 91.0, 94.0, 80.0];
        let got = o.n("clean_at_50_robust");
        let closest = options
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - got).abs().total_cmp(&(b.1 - got).abs()))
            .map(|(k, _)| k);
        assert_eq!(closest, Some(1));
        // A's "free robustness" overstates clean accuracy by 6.3 points.
        assert!((97.3 - got - 6.32).abs() < 0.01);
    }

    #[test]
    fn act2_defaults_fail_security_and_the_target_is_reachable() {
        let o = eval(&[]);
        assert_eq!(o.get("security_unmet"), Some(Value::Bool(true)));
        assert_eq!(o.get("clinical_unmet"), Some(Value::Bool(false)));
        assert!((o.n("adv_train_pct") - 3.4).abs() < 1e-12);
        // ε 8, PGD-7, α 0.95: robust 3.4 + 51.6 × 0.95 = 52.42%, clean 97.3 − 6.65 = 90.65%.
        let o = eval(&[
            ("train_eps", Value::Num(8.0)),
            ("pgd_steps", Value::Num(7.0)),
            ("alpha", Value::Num(0.95)),
        ]);
        assert!((o.n("adv_train_pct") - 52.42).abs() < 1e-9);
        assert!((o.n("clean_pct") - 90.65).abs() < 1e-9);
        assert_eq!(o.get("both_met"), Some(Value::Bool(true)));
        assert_eq!(o.n("overhead"), 8.0);
        assert_eq!(o.get("pareto_optimal"), Some(Value::Bool(true)));
        // Over-wide training ε (16) costs clean accuracy without more robustness:
        // clean 97.3 − 7 × 2 × 0.95 = 84.0%.
        let o = eval(&[
            ("train_eps", Value::Num(16.0)),
            ("pgd_steps", Value::Num(7.0)),
            ("alpha", Value::Num(0.95)),
        ]);
        assert_eq!(o.get("clinical_unmet"), Some(Value::Bool(true)));
        assert_eq!(o.get("security_unmet"), Some(Value::Bool(false)));
        assert_eq!(o.get("pareto_optimal"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_feasible_band_is_thin() {
        let o = eval(&[]);
        assert!((o.n("feasible_alpha_min") - 0.9031).abs() < 1e-4);
        // α = 0.85 misses security; α = 1 meets both (55%, 90.3%).
        let o = eval(&[
            ("train_eps", Value::Num(8.0)),
            ("pgd_steps", Value::Num(7.0)),
            ("alpha", Value::Num(0.85)),
        ]);
        assert_eq!(o.get("security_unmet"), Some(Value::Bool(true)));
        let o = eval(&[
            ("train_eps", Value::Num(8.0)),
            ("pgd_steps", Value::Num(7.0)),
            ("alpha", Value::Num(1.0)),
        ]);
        assert_eq!(o.get("both_met"), Some(Value::Bool(true)));
        assert!((o.n("clean_pct") - 90.3).abs() < 1e-9);
    }

    #[test]
    fn pareto_trade_along_alpha() {
        let mut prev_adv = 0.0;
        let mut prev_clean = f64::MAX;
        for k in 0..=20 {
            let o = eval(&[
                ("train_eps", Value::Num(8.0)),
                ("pgd_steps", Value::Num(7.0)),
                ("alpha", Value::Num(0.05 * k as f64)),
            ]);
            assert!(o.n("adv_train_pct") >= prev_adv && o.n("clean_pct") <= prev_clean);
            prev_adv = o.n("adv_train_pct");
            prev_clean = o.n("clean_pct");
        }
    }
}
