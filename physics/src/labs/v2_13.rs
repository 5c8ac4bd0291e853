//! Vol 2 Lab 13, "The Privacy Measurement Gap": membership inference reads training-set
//! membership out of the weights of a model trained without differential privacy (Act I),
//! and DP-SGD's accounting shows that more data, not a looser ε, buys the accuracy back
//! (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `on_prem` (dedicated hardware) and `cloud` (shared GPUs behind
//! MIG isolation: 15% throughput tax and 0.3 points of accuracy). Both acts read it.
//!
//! **Act I** scenario: defaults (train accuracy 94%, test 82%, 100 M parameters, no DP).
//! - Prediction: "The hospital kept only the weights, yet a membership-inference attack tells
//!   members from non-members `mi_nodp_pct` (57.8%) of the time. Why?" Options: (A, "that is
//!   normal for any model", `normal`), (B, "just overfitting: shrink the model",
//!   `overfitting`), (C, "training without DP leaks membership; DP caps the attack near
//!   50-55%", `no_dp`) ✔, (D, "membership inference needs the data itself", `needs_data`).
//!   Checked against the text output `act1_cause`. Feedback quotes `mi_small_model_pct`
//!   (56%: a 1M-parameter model with the same gap still leaks) and `mi_dp_eps1_pct` (50.5%).
//! - Reflection ✔ B (the generalization gap measures memorization): quotes `gap_pp` (12).
//!
//! **Act II** scenario: defaults (ε ≤ 1 promised, δ = 10⁻⁷, clip 1, noise multiplier 1.2,
//! 10,000 steps at sampling rate 0.001 over 1 M records, medical data). DP-SGD's ε is
//! computed by Rényi accounting with the conversion and orders of the standard tools
//! (`epsilon_achieved` = 0.78, as Google's `dp-accounting` and Opacus report); accuracy falls
//! with the noise on each averaged gradient, which shrinks with the lot size (0.1% of the
//! data), and saturates at chance (`dp_penalty_pp` ≤ 44 points). The story's own result is
//! the default: accuracy 86% under the 90% clinical floor, so the default design is broken
//! (`below_clinical` on).
//! - Prediction: "How do we reach 90% while keeping ε ≤ 1?" Options: (A, "it is a fixed
//!   trade-off", `fixed_tradeoff`), (B, "keep ε = 1 and train on ~10× more data",
//!   `more_data`) ✔, (C, "ε = 2 is close enough", `relax_epsilon`), (D, "federated learning
//!   gives DP for free", `federated`). Checked against the text output `act2_path`, which
//!   re-evaluates the model with 10× the records and δ ÷ 10 (δ must stay below 1/N).
//!   Feedback quotes `accuracy_10x_data_pct` (93.1%) and `epsilon_10x_data` (0.91).
//! - Design target: all clear at 10,000 k records and δ = 10⁻⁸ (93.1%, ε 0.91).
//! - Reflection ✔ B (on-prem hardware removes multi-tenant side channels): quotes
//!   `isolation_tax_pct` and `throughput_tok_s` (1,000 → 850 tokens/s in the cloud).
//! - Failure states: `hipaa_violation` (danger, medical data with a promised ε above 1),
//!   `dp_not_met` (danger, the run's ε exceeds the promise), `delta_too_large` (danger, δ·N
//!   ≥ 1, `delta_times_n`: at 10 M records δ = 10⁻⁶ is 10/N; off at defaults, 0.1),
//!   `below_clinical` (warn, accuracy under 90%; on at defaults as the story says);
//!   `all_clear` is the success banner.
//! - The accuracy-vs-ε chart sweeps `noise_mult` and plots `accuracy_pct` against
//!   `epsilon_achieved`.
//!
//! **Ledger** (`v2_13`): `context` ← input; `dp_epsilon` ← `epsilon_achieved`; `dp_delta` ←
//! `delta`; `model_accuracy` ← `accuracy_pct`; `membership_inference_risk` ← `mi_risk_pct`;
//! `hipaa_compliant` ← not `hipaa_violation`; `clinical_viable` ← not `below_clinical`;
//! `act2_result` ← `accuracy_pct`; `act2_decision` ← `act2_decision`; `constraint_hit` ←
//! `constraint_hit`.

use crate::laws::dp_accounting::{dp_sgd_epsilon, mi_accuracy_bound, mi_accuracy_from_advantage};
use crate::laws::privacy::gaussian_sigma;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "on_prem",
        label: "On-premises (dedicated hardware)",
    },
    Choice {
        value: "cloud",
        label: "Cloud (shared GPUs, MIG isolation)",
    },
];
const DP_CHOICES: &[Choice] = &[
    Choice {
        value: "none",
        label: "No DP",
    },
    Choice {
        value: "0.1",
        label: "DP, ε = 0.1",
    },
    Choice {
        value: "1",
        label: "DP, ε = 1",
    },
    Choice {
        value: "3",
        label: "DP, ε = 3",
    },
    Choice {
        value: "10",
        label: "DP, ε = 10",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Deployment",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "on_prem",
        },
    },
    InputDef {
        name: "train_acc_pct",
        label: "Training accuracy",
        kind: InputKind::Range {
            min: 75.0,
            max: 99.0,
            step: 1.0,
            default: 94.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "test_acc_pct",
        label: "Test accuracy",
        kind: InputKind::Range {
            min: 60.0,
            max: 98.0,
            step: 1.0,
            default: 82.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "model_m_params",
        label: "Model size (millions of parameters)",
        kind: InputKind::Range {
            min: 1.0,
            max: 1000.0,
            step: 1.0,
            default: 100.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "dp_choice",
        label: "Training with DP",
        kind: InputKind::Choice {
            options: DP_CHOICES,
            default: "none",
        },
    },
    InputDef {
        name: "target_epsilon",
        label: "Promised privacy budget ε",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "delta_exp",
        label: "δ = 10^x",
        kind: InputKind::Range {
            min: -8.0,
            max: -4.0,
            step: 1.0,
            default: -7.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "clip",
        label: "Clip norm C",
        kind: InputKind::Range {
            min: 0.1,
            max: 5.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "noise_mult",
        label: "Noise multiplier z",
        kind: InputKind::Range {
            min: 0.1,
            max: 5.0,
            step: 0.05,
            default: 1.2,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "steps_k",
        label: "Training steps (thousands)",
        kind: InputKind::Range {
            min: 1.0,
            max: 100.0,
            step: 1.0,
            default: 10.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "dataset_k",
        label: "Training records (thousands)",
        kind: InputKind::Range {
            min: 10.0,
            max: 10_000.0,
            step: 10.0,
            default: 1000.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "medical",
        label: "Medical data (HIPAA)",
        kind: InputKind::Toggle { default: true },
    },
];

/// Values of `act1_cause`.
const CAUSES: &[Choice] = &[
    Choice {
        value: "no_dp",
        label: "training without DP",
    },
    Choice {
        value: "normal",
        label: "normal",
    },
];

/// Values of `act2_path`.
const PATHS: &[Choice] = &[
    Choice {
        value: "more_data",
        label: "more data",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

/// Values of `act2_decision`.
const DECISIONS: &[Choice] = &[
    Choice {
        value: "increase_data",
        label: "more data",
    },
    Choice {
        value: "reduce_epsilon",
        label: "a tighter ε",
    },
    Choice {
        value: "relax_epsilon",
        label: "a looser ε",
    },
    Choice {
        value: "accept_tradeoff",
        label: "accept the trade-off",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("gap_pp", "Generalization gap (train − test)", Unit::Percent),
    num(
        "size_amplifier",
        "Leakage amplifier of model size",
        Unit::Ratio,
    ),
    num("mi_nodp_pct", "Attack accuracy without DP", Unit::Percent),
    num(
        "mi_dp_pct",
        "Attack accuracy with the chosen DP",
        Unit::Percent,
    ),
    num(
        "mi_dp_bound_pct",
        "Guaranteed ceiling with the chosen DP",
        Unit::Percent,
    ),
    num("mi_chance_pct", "Coin flip", Unit::Percent),
    num(
        "mi_small_model_pct",
        "Attack accuracy with a 1M-parameter model, same gap",
        Unit::Percent,
    ),
    num(
        "mi_dp_eps1_pct",
        "Attack accuracy with DP at ε = 1",
        Unit::Percent,
    ),
    choice("act1_cause", "Why the attack works", CAUSES),
    num("epsilon_achieved", "ε of this training run", Unit::None),
    num("delta", "δ", Unit::None),
    num(
        "delta_times_n",
        "δ × records (must stay below 1)",
        Unit::None,
    ),
    num("sampling_rate", "Share of the data in each lot", Unit::None),
    num("lot_size", "Records per lot", Unit::None),
    num("epochs", "Passes over the data", Unit::None),
    num(
        "sigma_actual",
        "Noise std on the summed gradient, z·C",
        Unit::None,
    ),
    num(
        "sigma_one_shot",
        "Noise a single release at ε would need",
        Unit::None,
    ),
    num("accuracy_pct", "Model accuracy", Unit::Percent),
    num(
        "baseline_accuracy_pct",
        "Accuracy without DP",
        Unit::Percent,
    ),
    num("clinical_floor_pct", "Clinical floor", Unit::Percent),
    num("dp_penalty_pp", "Accuracy lost to DP", Unit::Percent),
    num(
        "accuracy_10x_data_pct",
        "Accuracy with 10× the records",
        Unit::Percent,
    ),
    num(
        "epsilon_10x_data",
        "ε with 10× the records and δ ÷ 10",
        Unit::None,
    ),
    num("mi_risk_pct", "Expected attack accuracy", Unit::Percent),
    num("mi_bound_pct", "Guaranteed attack ceiling", Unit::Percent),
    num(
        "isolation_tax_pct",
        "Isolation throughput tax",
        Unit::Percent,
    ),
    num("throughput_tok_s", "Serving throughput", Unit::TokensPerS),
    flag("hipaa_violation", "Medical data with ε above 1"),
    flag("dp_not_met", "The run's ε exceeds the promise"),
    flag(
        "delta_too_large",
        "δ is not below 1/N: the guarantee allows leaking a whole record",
    ),
    flag("below_clinical", "Accuracy under the clinical floor"),
    flag("all_clear", "Private, compliant and clinically viable"),
    flag("hipaa_compliant", "Not a HIPAA violation (for the ledger)"),
    flag("clinical_viable", "At or above the clinical floor (for the ledger)"),
    flag("constraint_hit", "A failure state is active"),
    choice("act2_path", "Path to 90% at ε ≤ 1", PATHS),
    choice(
        "act2_decision",
        "What this configuration changed",
        DECISIONS,
    ),
];

/// Membership-inference leakage grows with model size: 1 + 0.15·log₁₀(M parameters).
const AMP_PER_DECADE: f64 = 0.15;
/// Attacks against DP-trained models in practice barely beat chance: +0.5 points per unit of
/// ε, at most +12 (course figure, security_privacy; the guarantee is the `mi_accuracy_bound`).
const MI_DP_SLOPE: f64 = 0.005;
const MI_DP_MAX: f64 = 0.12;
/// Regulatory and clinical targets.
const HIPAA_EPSILON: f64 = 1.0;
const CLINICAL_FLOOR: f64 = 90.0;
/// Non-private accuracy and the story's DP run (z = 1.2, C = 1, 10k steps, 1 M records)
/// losing 8 points.
const BASELINE_ACC: f64 = 94.0;
const REF_PENALTY: f64 = 8.0;
const REF_Z: f64 = 1.2;
const REF_RECORDS: f64 = 1e6;
const REF_STEPS: f64 = 1e4;
/// Assumption (labelled): the clip norm C is measured in units of the typical per-example
/// gradient norm ḡ = 1. Above ḡ, C only adds noise (σ = z·C on a signal of ḡ per record);
/// below it every gradient is clipped to C, and signal and noise shrink together, so C < ḡ
/// costs no signal-to-noise (Abadi et al. 2016 set C near the median unclipped norm;
/// Li et al. 2022, ICLR, find small C, at which every gradient is clipped, works best).
const TYPICAL_GRAD_NORM: f64 = 1.0;
/// Each lot samples 0.1% of the records (lot size grows with the data set).
const SAMPLING_RATE: f64 = 0.001;
/// MIG isolation in the cloud: throughput tax and accuracy cost.
const MIG_TAX: f64 = 0.15;
const CLOUD_ACC_COST: f64 = 0.3;
const SERVING_TOK_S: f64 = 1000.0;
/// Chance for the binary clinical label: no amount of noise takes accuracy below it.
const ACC_FLOOR: f64 = 50.0;

fn amplifier(m_params: f64) -> f64 {
    1.0 + AMP_PER_DECADE * m_params.max(1.0).log10()
}

/// Attack accuracy on a model with generalization gap `gap` (0-1): the loss-threshold
/// attack's advantage is the gap (Yeom et al. 2018), larger models leak more per point.
fn mi_nodp(gap: f64, m_params: f64) -> f64 {
    mi_accuracy_from_advantage((gap.max(0.0) * amplifier(m_params)).min(0.98))
}

fn mi_with_dp(nodp: f64, epsilon: f64) -> f64 {
    nodp.min(0.5 + (MI_DP_SLOPE * epsilon).min(MI_DP_MAX))
}

/// DP-SGD accuracy. The noise on each averaged gradient, relative to its signal, is
/// z·max(C, ḡ)/(ḡ·q·N), averaged over √T steps; the accuracy it costs is linear while small
/// and saturates at chance: `acc = floor + (base − floor)·exp(−noise/(base − floor))`, with
/// the noise scale calibrated so the story's run loses exactly 8 points (94% → 86%).
/// Returns the accuracy and the points DP costs (at most base − floor, 44 points).
fn dp_accuracy(z: f64, clip: f64, records: f64, steps: f64, cloud: bool) -> (f64, f64) {
    let span = BASELINE_ACC - ACC_FLOOR;
    // −44 · ln(1 − 8/44) = 8.8295: the noise scale at which the story's run loses 8 points.
    let k = -span * (1.0 - REF_PENALTY / span).ln();
    let noise = k
        * (z / REF_Z)
        * (clip.max(TYPICAL_GRAD_NORM) / TYPICAL_GRAD_NORM)
        * (REF_RECORDS / records)
        * (REF_STEPS / steps).sqrt();
    let top = BASELINE_ACC - if cloud { CLOUD_ACC_COST } else { 0.0 };
    let penalty = (top - ACC_FLOOR) * (1.0 - (-noise / span).exp());
    (top - penalty, penalty)
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let cloud = i.t("context") == "cloud";
    // Act I.
    let gap = (i.n("train_acc_pct") - i.n("test_acc_pct")).max(0.0) / 100.0;
    let m = i.n("model_m_params");
    let nodp = mi_nodp(gap, m);
    let (dp, bound) = match i.t("dp_choice").parse::<f64>() {
        Ok(eps) => (mi_with_dp(nodp, eps), mi_accuracy_bound(eps)),
        Err(_) => (nodp, 1.0),
    };
    let eps1 = mi_with_dp(nodp, 1.0);
    o.num("gap_pp", gap * 100.0)
        .num("size_amplifier", amplifier(m))
        .num("mi_nodp_pct", 100.0 * nodp)
        .num("mi_dp_pct", 100.0 * dp)
        .num("mi_dp_bound_pct", 100.0 * bound)
        .num("mi_chance_pct", 50.0)
        .num("mi_small_model_pct", 100.0 * mi_nodp(gap, 1.0))
        .num("mi_dp_eps1_pct", 100.0 * eps1)
        // DP, not model size, is what pulls the attack back to chance.
        .text(
            "act1_cause",
            if nodp - eps1 >= 0.02 {
                "no_dp"
            } else {
                "normal"
            },
        );

    // Act II.
    let delta = 10f64.powf(i.n("delta_exp"));
    let z = i.n("noise_mult");
    let clip = i.n("clip");
    let steps = i.n("steps_k") * 1000.0;
    let records = i.n("dataset_k") * 1000.0;
    let eps = dp_sgd_epsilon(SAMPLING_RATE, z, steps, delta);
    let (acc, penalty) = dp_accuracy(z, clip, records, steps, cloud);
    // Ten times the records: ε at the same δ is unchanged (the sampling rate is fixed), but δ
    // must shrink with N to stay below 1/N, so the path re-accounts at δ ÷ 10.
    let (acc10, _) = dp_accuracy(z, clip, records * 10.0, steps, cloud);
    let eps10 = dp_sgd_epsilon(SAMPLING_RATE, z, steps, delta / 10.0);
    let target = i.n("target_epsilon");
    let hipaa = i.b("medical") && target > HIPAA_EPSILON;
    let not_met = eps > target;
    // δ < 1/N: a mechanism that publishes each record with probability δ is (0, δ)-DP, so
    // δ·N ≥ 1 allows a whole record to leak (Dwork & Roth 2014, §2.3).
    let delta_n = delta * records;
    let delta_bad = delta_n >= 1.0 - 1e-9;
    let below = acc < CLINICAL_FLOOR;
    let clear = !hipaa && !not_met && !delta_bad && !below;
    let path = if !hipaa && !delta_bad && eps10 <= target && acc10 >= CLINICAL_FLOOR {
        "more_data"
    } else {
        "none"
    };
    let decision = if records > REF_RECORDS {
        "increase_data"
    } else if target < HIPAA_EPSILON {
        "reduce_epsilon"
    } else if target > HIPAA_EPSILON {
        "relax_epsilon"
    } else {
        "accept_tradeoff"
    };
    o.num("epsilon_achieved", eps)
        .num("delta", delta)
        .num("delta_times_n", delta_n)
        .num("sampling_rate", SAMPLING_RATE)
        .num("lot_size", SAMPLING_RATE * records)
        .num("epochs", SAMPLING_RATE * steps)
        .num("sigma_actual", z * clip)
        .num("sigma_one_shot", gaussian_sigma(clip, target, delta))
        .num("accuracy_pct", acc)
        .num("baseline_accuracy_pct", BASELINE_ACC)
        .num("clinical_floor_pct", CLINICAL_FLOOR)
        .num("dp_penalty_pp", penalty)
        .num("accuracy_10x_data_pct", acc10)
        .num("epsilon_10x_data", eps10)
        .num(
            "mi_risk_pct",
            100.0 * (0.5 + (MI_DP_SLOPE * eps).min(MI_DP_MAX)),
        )
        .num("mi_bound_pct", 100.0 * mi_accuracy_bound(eps))
        .num(
            "isolation_tax_pct",
            if cloud { 100.0 * MIG_TAX } else { 0.0 },
        )
        .num(
            "throughput_tok_s",
            SERVING_TOK_S * if cloud { 1.0 - MIG_TAX } else { 1.0 },
        )
        .flag("hipaa_violation", hipaa)
        .flag("dp_not_met", not_met)
        .flag("delta_too_large", delta_bad)
        .flag("below_clinical", below)
        .flag("all_clear", clear)
        .flag("hipaa_compliant", !hipaa)
        .flag("clinical_viable", !below)
        .flag("constraint_hit", !clear)
        .text("act2_path", path)
        .text("act2_decision", decision);
    o
}

/// The Lab 13 model.
pub const MODEL: Model = Model {
    id: "v2-13",
    title: "The Privacy Measurement Gap",
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
        // Defaults: ε 1 promised on medical data (compliant), accuracy 86% < 90%.
        let o = eval(&[]);
        assert_eq!(o.get("hipaa_compliant"), Some(Value::Bool(true)));
        assert_eq!(o.get("clinical_viable"), Some(Value::Bool(false)));
        // ε = 2 promised on medical data; 10 M records and δ = 10⁻⁸ reach 93.1%.
        let o = eval(&[
            ("target_epsilon", Value::Num(2.0)),
            ("dataset_k", Value::Num(10000.0)),
            ("delta_exp", Value::Num(-8.0)),
        ]);
        assert_eq!(o.get("hipaa_compliant"), Some(Value::Bool(false)));
        assert_eq!(o.get("clinical_viable"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_keyed_answer_is_no_dp() {
        let o = eval(&[]);
        assert_eq!(o.get("act1_cause"), Some(Value::Text("no_dp")));
        // Gap 12 points, amplifier 1 + 0.15 × 2 = 1.3: advantage 0.156, accuracy 57.8%.
        assert!((o.n("gap_pp") - 12.0).abs() < 1e-9);
        assert!((o.n("mi_nodp_pct") - 57.8).abs() < 1e-9);
        // B: a 1M-parameter model with the same gap still gives 56% (> 55%).
        assert!((o.n("mi_small_model_pct") - 56.0).abs() < 1e-9);
        // C: DP at ε = 1 brings it to 50.5%.
        assert!((o.n("mi_dp_eps1_pct") - 50.5).abs() < 1e-9);
        // The guaranteed ceiling at ε = 1 is e/(1 + e) = 73.1%.
        let o = eval(&[("dp_choice", Value::Text("1"))]);
        assert!((o.n("mi_dp_bound_pct") - 73.106).abs() < 1e-3);
        assert!((o.n("mi_dp_pct") - 50.5).abs() < 1e-9);
    }

    #[test]
    fn act1_leakage_grows_with_gap() {
        let mut prev = 0.0;
        for test in (60..=94).rev() {
            let o = eval(&[("test_acc_pct", Value::Num(test as f64))]);
            assert!(o.n("mi_nodp_pct") >= prev);
            prev = o.n("mi_nodp_pct");
        }
        // No gap, no leak: 50%.
        let o = eval(&[("test_acc_pct", Value::Num(94.0))]);
        assert!((o.n("mi_nodp_pct") - 50.0).abs() < 1e-12);
    }

    #[test]
    fn act2_defaults_reproduce_the_story() {
        let o = eval(&[]);
        // dp-accounting 0.4: RdpAccountant().compose(SelfComposedDpEvent(
        // PoissonSampledDpEvent(0.001, GaussianDpEvent(1.2)), 10000)).get_epsilon(1e-7)
        // = 0.77753 (best order 19).
        assert!((o.n("epsilon_achieved") - 0.777_53).abs() < 1e-4);
        // 94 − 8 = 86%: under the floor, as the story says (broken at defaults).
        assert!((o.n("accuracy_pct") - 86.0).abs() < 1e-9);
        assert!((o.n("dp_penalty_pp") - 8.0).abs() < 1e-9);
        assert_eq!(o.get("below_clinical"), Some(Value::Bool(true)));
        assert_eq!(o.get("dp_not_met"), Some(Value::Bool(false)));
        assert_eq!(o.get("hipaa_violation"), Some(Value::Bool(false)));
        // δ·N = 1e-7 × 1e6 = 0.1 < 1.
        assert!((o.n("delta_times_n") - 0.1).abs() < 1e-9);
        assert_eq!(o.get("delta_too_large"), Some(Value::Bool(false)));
        // A single release at ε = 1, δ = 1e-7 would need σ = √(2 ln 1.25e7) = √32.6825 = 5.7169.
        assert!((o.n("sigma_one_shot") - 5.716_86).abs() < 1e-4);
        // 10 epochs with lots of 1,000 records.
        assert!((o.n("epochs") - 10.0).abs() < 1e-9 && (o.n("lot_size") - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn delta_must_stay_below_one_over_n() {
        // 10 M records at δ = 1e-6: δ·N = 10 → fails; at δ = 1e-7, δ·N = 1 → still fails
        // (not below 1/N); at δ = 1e-8, δ·N = 0.1 → passes.
        for (exp, bad) in [(-6.0, true), (-7.0, true), (-8.0, false)] {
            let o = eval(&[
                ("dataset_k", Value::Num(10_000.0)),
                ("delta_exp", Value::Num(exp)),
            ]);
            assert_eq!(o.get("delta_too_large"), Some(Value::Bool(bad)), "δ = 1e{exp}");
            assert_eq!(o.get("all_clear"), Some(Value::Bool(!bad)), "δ = 1e{exp}");
        }
        // 1 M records at δ = 1e-6: δ·N = 1 → fails.
        let o = eval(&[("delta_exp", Value::Num(-6.0))]);
        assert_eq!(o.get("delta_too_large"), Some(Value::Bool(true)));
    }

    #[test]
    fn act2_keyed_answer_is_more_data() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_path"), Some(Value::Text("more_data")));
        // 10× the records: noise 8.8295 / 10 = 0.88295; 50 + 44·exp(−0.88295/44) = 93.126%.
        assert!((o.n("accuracy_10x_data_pct") - 93.1258).abs() < 1e-3);
        // ... at δ ÷ 10 = 1e-8 (dp-accounting, same call: 0.90546).
        assert!((o.n("epsilon_10x_data") - 0.905_46).abs() < 1e-4);
        let o = eval(&[
            ("dataset_k", Value::Num(10_000.0)),
            ("delta_exp", Value::Num(-8.0)),
        ]);
        assert_eq!(o.get("all_clear"), Some(Value::Bool(true)));
        assert!((o.n("epsilon_achieved") - 0.905_46).abs() < 1e-4);
        assert!((o.n("accuracy_pct") - 93.1258).abs() < 1e-3);
        assert_eq!(o.get("act2_decision"), Some(Value::Text("increase_data")));
        // C: promising ε = 2 breaks HIPAA for medical data.
        let o = eval(&[("target_epsilon", Value::Num(2.0))]);
        assert_eq!(o.get("hipaa_violation"), Some(Value::Bool(true)));
        let o = eval(&[("target_epsilon", Value::Num(1.0))]);
        assert_eq!(o.get("hipaa_violation"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_dp_not_met_fires_and_clears() {
        // z = 0.8, δ = 1e-7: dp-accounting gives ε = 2.0234 (best order 8.2) > 1.
        let o = eval(&[("noise_mult", Value::Num(0.8))]);
        assert_eq!(o.get("dp_not_met"), Some(Value::Bool(true)));
        assert!((o.n("epsilon_achieved") - 2.023_43).abs() < 1e-3);
        // z = 1.0: 1.1714 (order 13), still over; z = 1.1: 0.93915 (order 16), met.
        let o = eval(&[("noise_mult", Value::Num(1.0))]);
        assert!((o.n("epsilon_achieved") - 1.171_42).abs() < 1e-3);
        assert_eq!(o.get("dp_not_met"), Some(Value::Bool(true)));
        let o = eval(&[("noise_mult", Value::Num(1.1))]);
        assert!((o.n("epsilon_achieved") - 0.939_15).abs() < 1e-3);
        assert_eq!(o.get("dp_not_met"), Some(Value::Bool(false)));
        // ... but z = 1.1 cannot take the 10× path: at δ = 1e-8 its ε is 1.0927 > 1.
        assert!((o.n("epsilon_10x_data") - 1.092_66).abs() < 1e-3);
        assert_eq!(o.get("act2_path"), Some(Value::Text("none")));
    }

    #[test]
    fn clip_norm_moves_accuracy_not_epsilon() {
        let a = eval(&[("clip", Value::Num(0.5))]);
        let b = eval(&[("clip", Value::Num(3.0))]);
        let c = eval(&[]);
        assert_eq!(a.n("epsilon_achieved"), c.n("epsilon_achieved"));
        assert_eq!(b.n("epsilon_achieved"), c.n("epsilon_achieved"));
        // C = 0.5 below the typical norm: signal and noise shrink together, no cost (86%).
        assert!((a.n("accuracy_pct") - 86.0).abs() < 1e-9);
        // C = 3 triples the noise: 50 + 44·exp(−3 × 8.8295/44) = 74.099%.
        assert!((b.n("accuracy_pct") - 74.099).abs() < 1e-3);
    }

    #[test]
    fn dp_penalty_is_bounded_by_chance() {
        // The most noise the controls allow (z 5, C 5, 10 k records, 1 k steps): the noise
        // scale is 8.83 × 4.17 × 5 × 100 × 3.16 ≈ 58,000; accuracy sits at chance (50%) and
        // DP costs at most 94 − 50 = 44 points.
        let o = eval(&[
            ("noise_mult", Value::Num(5.0)),
            ("clip", Value::Num(5.0)),
            ("dataset_k", Value::Num(10.0)),
            ("steps_k", Value::Num(1.0)),
        ]);
        assert!(o.n("dp_penalty_pp") <= 44.0 && o.n("dp_penalty_pp") > 43.99);
        assert!(o.n("accuracy_pct") >= 50.0);
    }

    #[test]
    fn privacy_and_accuracy_trade_along_the_noise() {
        // More noise: lower ε, lower accuracy.
        let mut prev_eps = f64::MAX;
        let mut prev_acc = f64::MAX;
        for k in 0..=20 {
            let z = 0.5 + 0.1 * k as f64;
            let o = eval(&[("noise_mult", Value::Num(z))]);
            assert!(o.n("epsilon_achieved") < prev_eps);
            assert!(o.n("accuracy_pct") <= prev_acc);
            prev_eps = o.n("epsilon_achieved");
            prev_acc = o.n("accuracy_pct");
        }
    }

    #[test]
    fn cloud_isolation_tax() {
        let o = eval(&[("context", Value::Text("cloud"))]);
        assert!((o.n("throughput_tok_s") - 850.0).abs() < 1e-9);
        // 50 + (93.7 − 50) × 36/44 = 85.7545%.
        assert!((o.n("accuracy_pct") - 85.754_5).abs() < 1e-3);
    }
}
