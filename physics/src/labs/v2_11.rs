//! Vol 2 Lab 11, "The Federation Paradox": federated learning ships model updates instead of
//! data, which uncompressed costs far more bandwidth than uploading the raw text (Act I); only
//! differential privacy turns "the data stays on the phone" into a formal guarantee, at an
//! accuracy cost (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `centralized` (raw keystrokes uploaded, ~100 GB/day) and
//! `federated` (training on the phones). The context sets `privacy_guarantee` and
//! `context_daily_tb`; the instruments are the same.
//!
//! **Act I** scenario: defaults (100 M phones, 1% per round, a 1B-parameter keyboard model
//! of 2 GB in FP16, no compression, 10 rounds a day).
//! - Prediction: "Each round 1 M phones download the model and upload a full update. Compared
//!   with uploading the raw text, federated training moves…" Options (federated ÷
//!   centralized bytes per day): (A, "far less: only small updates move", 0.01), (B, "about
//!   the same", 1), (C, "hundreds of thousands of times more", 400,000) ✔, (D, "about 10×
//!   less", 0.1). Checked against `ratio` (400,000: 40 PB/day against 100 GB/day).
//! - Reflection ✔ B (top-K sparsification with INT8, ~100×): quotes `round_tb_at_100x` (4 PB
//!   per round → 40 TB) and `ratio_at_100x` (still 4,000× the raw text).
//!
//! **Act II** scenario: defaults (ε = 1, δ = 10⁻⁹, clip 1, 5 local epochs, 1% participation,
//! 50 rounds over 30 days, a 0.2 GB production model).
//! - Prediction: "Which option gives a formal privacy guarantee within 5 points of
//!   centralized accuracy?" Options: (A, "centralized training", `centralized`), (B,
//!   "federated without DP", `federated`), (C, "federated with ε = 1 DP", `fed_dp`) ✔, (D,
//!   "all are equivalent", `equivalent`). Checked against the text output `act2_choice`.
//!   Feedback quotes `gap_pp` (3.25 points at ε = 1: the ML team's −8% is the ε → 0 limit,
//!   `dp_penalty_limit_pp`) and `sigma` (6.47: the noise a *single* release at ε would
//!   need, the classic Gaussian mechanism, proven for ε < 1; above 1 an indicative trend
//!   only; the 50 rounds at 1% participation need a noise multiplier of only 1.44 under the
//!   RDP accountant of V2-13, which this lab does not compute). δ = 10⁻⁹ (`delta`), below
//!   1/N for 100 M phones.
//! - Reflection ✔ B (ε bounds how much one person can change any output's probability):
//!   quotes `e_to_eps` (e¹ = 2.72×).
//! - Failure states: `utility_collapse` (danger, accuracy more than 5 points below
//!   centralized), `bandwidth_over` (warn, more than 1 PB a day). Both off at defaults.
//!
//! **Ledger** (`v2_11`): `context` ← input; `dp_epsilon` ← input `epsilon`;
//! `participating_fraction` ← input `participation2_pct`; `compression_ratio` ← input
//! `compression`; `daily_bandwidth_tb` ← `daily_fed_tb`; `accuracy_vs_centralized` ←
//! `gap_pp`; `privacy_guarantee` ← `privacy_guarantee`; `act2_result` ← `gap_pp`;
//! `act2_decision` ← `act2_choice`; `constraint_hit` ← `constraint_hit`.

use crate::catalog::LTE_UPLINK;
use crate::laws::data::transfer_time;
use crate::laws::privacy::gaussian_sigma;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::Bytes;

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "centralized",
        label: "Centralized (raw data to the cloud)",
    },
    Choice {
        value: "federated",
        label: "Federated (on-device training)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Architecture",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "federated",
        },
    },
    InputDef {
        name: "participation_pct",
        label: "Phones per round",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "model_gb",
        label: "Model update size",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 2.0,
            unit: Unit::Gb,
        },
    },
    InputDef {
        name: "compression",
        label: "Update compression",
        kind: InputKind::Range {
            min: 1.0,
            max: 100.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Ratio,
        },
    },
    InputDef {
        name: "rounds_per_day",
        label: "Rounds per day",
        kind: InputKind::Range {
            min: 1.0,
            max: 100.0,
            step: 1.0,
            default: 10.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "epsilon",
        label: "Privacy budget ε",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "local_epochs",
        label: "Local epochs per round",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::None,
        },
    },
    InputDef {
        name: "participation2_pct",
        label: "Phones per round (production)",
        kind: InputKind::Range {
            min: 0.1,
            max: 10.0,
            step: 0.1,
            default: 1.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "rounds",
        label: "Rounds per 30-day run",
        kind: InputKind::Range {
            min: 10.0,
            max: 500.0,
            step: 10.0,
            default: 50.0,
            unit: Unit::None,
        },
    },
];

/// Values of `privacy_guarantee`.
const GUARANTEES: &[Choice] = &[
    Choice {
        value: "dp",
        label: "differential privacy",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

/// Values of `act2_choice`.
const ACT2_CHOICES: &[Choice] = &[
    Choice {
        value: "fed_dp",
        label: "federated with DP",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    choice("privacy_guarantee", "Formal privacy guarantee", GUARANTEES),
    num(
        "context_daily_tb",
        "Bytes moved per day, this architecture",
        Unit::Tb,
    ),
    num("participants", "Phones per round", Unit::None),
    num("round_tb", "Bytes per round (down + up)", Unit::Tb),
    num("round_pb", "Bytes per round (down + up)", Unit::Pb),
    num("daily_fed_tb", "Federated bytes per day", Unit::Tb),
    num("daily_fed_pb", "Federated bytes per day", Unit::Pb),
    num("daily_central_tb", "Raw-text upload per day", Unit::Tb),
    num("ratio", "Federated ÷ centralized bytes", Unit::Ratio),
    num(
        "parity_compression",
        "Compression needed to match the raw upload",
        Unit::Ratio,
    ),
    num(
        "upload_min",
        "Upload time per phone per round (at LTE's 50 Mbit/s peak uplink: a lower bound)",
        Unit::Minutes,
    ),
    num(
        "round_tb_at_100x",
        "Bytes per round at 100× compression",
        Unit::Tb,
    ),
    num(
        "ratio_at_100x",
        "Federated ÷ centralized at 100×",
        Unit::Ratio,
    ),
    num(
        "sigma",
        "Noise σ one release at ε would need (clip 1, δ = 10⁻⁹)",
        Unit::None,
    ),
    num("delta", "δ (below 1/N for 100 M phones)", Unit::None),
    num("accuracy_pct", "Federated accuracy with DP", Unit::Percent),
    num(
        "central_accuracy_pct",
        "Centralized accuracy",
        Unit::Percent,
    ),
    num("gap_pp", "Accuracy gap to centralized", Unit::Percent),
    num("gap_budget_pp", "Allowed gap", Unit::Percent),
    num(
        "dp_penalty_limit_pp",
        "DP penalty as ε → 0 (no local epochs)",
        Unit::Percent,
    ),
    num(
        "e_to_eps",
        "Most one person can change any outcome's odds",
        Unit::Ratio,
    ),
    num("daily_pb", "Production bytes per day", Unit::Pb),
    num("daily_budget_pb", "Bandwidth budget per day", Unit::Pb),
    flag("utility_collapse", "Accuracy gap over 5 points"),
    flag("bandwidth_over", "Over 1 PB a day"),
    flag("constraint_hit", "A failure state is active"),
    choice(
        "act2_choice",
        "Formal guarantee within budget",
        ACT2_CHOICES,
    ),
];

/// Phones in the keyboard's population.
const PHONES: f64 = 100e6;
/// The centralized alternative: 1 B keystrokes a day at ~100 bytes each (text plus context).
const CENTRAL_DAILY: Bytes = Bytes::gb(100.0);
/// Act II's production keyboard model (a ~100M-parameter model in FP16).
const PROD_MODEL: Bytes = Bytes::gb(0.2);
/// δ must stay below 1/N for N = 100 M phones (1e-8): a mechanism that publishes each
/// person's data with probability δ is (0, δ)-DP (Dwork & Roth 2014, §2.3). 10⁻⁹ = 0.1/N.
/// The per-update clip norm is the DP-SGD default 1.
const DELTA: f64 = 1e-9;
const CLIP: f64 = 1.0;
/// Centralized accuracy, the course's DP penalty scale, and local-epoch recovery.
const CENTRAL_ACC: f64 = 92.0;
const DP_PENALTY: f64 = 8.0;
const EPOCH_GAIN: f64 = 0.15;
const EPOCH_GAIN_MAX: f64 = 2.0;
/// Product budgets.
const GAP_BUDGET: f64 = 5.0;
const DAILY_BUDGET: Bytes = Bytes::tb(1000.0);
/// A Gboard-style top-K + INT8 update compression.
const TOPK_INT8: f64 = 100.0;
/// Act II's run length.
const RUN_DAYS: f64 = 30.0;

/// Bytes one round moves: every participant downloads the model and uploads an update.
fn round_bytes(participants: f64, update: Bytes) -> Bytes {
    update * (participants * 2.0)
}

/// Federated accuracy with ε-DP: the noise penalty shrinks as ε grows (8/(1+ε) points, the
/// course's fit), local epochs win back up to 2 points, and nothing beats centralized.
fn dp_accuracy(epsilon: f64, epochs: f64) -> f64 {
    let penalty = DP_PENALTY / (1.0 + epsilon);
    let recovered = (EPOCH_GAIN * epochs).min(EPOCH_GAIN_MAX);
    (CENTRAL_ACC - penalty + recovered).min(CENTRAL_ACC)
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    // Act I.
    let participants = PHONES * i.n("participation_pct") / 100.0;
    let update = Bytes::gb(i.n("model_gb")) * (1.0 / i.n("compression"));
    let round = round_bytes(participants, update);
    let daily = round * i.n("rounds_per_day");
    let ratio = daily / CENTRAL_DAILY;
    let round_100x = round_bytes(participants, Bytes::gb(i.n("model_gb")) * (1.0 / TOPK_INT8));
    let federated = i.t("context") == "federated";
    o.text("privacy_guarantee", if federated { "dp" } else { "none" })
        .num(
            "context_daily_tb",
            if federated { daily } else { CENTRAL_DAILY }.as_tb(),
        )
        .num("participants", participants)
        .num("round_tb", round.as_tb())
        .num("round_pb", round.as_tb() / 1000.0)
        .num("daily_fed_tb", daily.as_tb())
        .num("daily_fed_pb", daily.as_tb() / 1000.0)
        .num("daily_central_tb", CENTRAL_DAILY.as_tb())
        .num("ratio", ratio)
        .num("parity_compression", ratio * i.n("compression"))
        .num(
            "upload_min",
            transfer_time(update, LTE_UPLINK.value, 1.0).as_minutes(),
        )
        .num("round_tb_at_100x", round_100x.as_tb())
        .num(
            "ratio_at_100x",
            (round_100x * i.n("rounds_per_day")) / CENTRAL_DAILY,
        );

    // Act II.
    let eps = i.n("epsilon");
    let acc = dp_accuracy(eps, i.n("local_epochs"));
    let gap = CENTRAL_ACC - acc;
    let prod_participants = PHONES * i.n("participation2_pct") / 100.0;
    let prod_daily = round_bytes(prod_participants, PROD_MODEL) * (i.n("rounds") / RUN_DAYS);
    let collapse = gap > GAP_BUDGET;
    let over = prod_daily > DAILY_BUDGET;
    o.num("sigma", gaussian_sigma(CLIP, eps, DELTA))
        .num("delta", DELTA)
        .num("accuracy_pct", acc)
        .num("central_accuracy_pct", CENTRAL_ACC)
        .num("gap_pp", gap)
        .num("gap_budget_pp", GAP_BUDGET)
        .num("dp_penalty_limit_pp", DP_PENALTY)
        .num("e_to_eps", eps.exp())
        .num("daily_pb", prod_daily.as_tb() / 1000.0)
        .num("daily_budget_pb", DAILY_BUDGET.as_tb() / 1000.0)
        .flag("utility_collapse", collapse)
        .flag("bandwidth_over", over)
        .flag("constraint_hit", collapse || over)
        // Centralized and plain federated training have no formal guarantee at all; DP does,
        // and qualifies only while its accuracy cost stays inside the budget.
        .text("act2_choice", if collapse { "none" } else { "fed_dp" });
    o
}

/// The Lab 11 model.
pub const MODEL: Model = Model {
    id: "v2-11",
    title: "The Federation Paradox",
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
    fn act1_federated_moves_400000_times_more() {
        let o = eval(&[]);
        // 1 M phones × 2 GB × 2 = 4 PB per round; × 10 rounds = 40 PB a day.
        assert!((o.n("round_pb") - 4.0).abs() < 1e-9);
        assert!((o.n("daily_fed_pb") - 40.0).abs() < 1e-9);
        // 40 PB / 100 GB = 400,000.
        assert!((o.n("ratio") - 400_000.0).abs() < 1e-6);
        let options = [0.01, 1.0, 400_000.0, 0.1];
        let got = o.n("ratio");
        let closest = options
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 / got).ln().abs().total_cmp(&(b.1 / got).ln().abs()))
            .map(|(k, _)| k);
        assert_eq!(closest, Some(2));
        // D ("10× less") is off by 4 million×.
        assert!((got / 0.1 - 4e6).abs() < 1e-3);
        // Parity would need 400,000× compression.
        assert!((o.n("parity_compression") - 400_000.0).abs() < 1e-6);
        // 2 GB over a 50 Mbit/s uplink: 16e9 bit / 5e7 = 320 s = 5.33 min per round.
        assert!((o.n("upload_min") - 5.333).abs() < 1e-3);
    }

    #[test]
    fn act1_reflection_compression() {
        let o = eval(&[]);
        // 4 PB / 100 = 40 TB per round; still 4,000× the raw text per day.
        assert!((o.n("round_tb_at_100x") - 40.0).abs() < 1e-9);
        assert!((o.n("ratio_at_100x") - 4000.0).abs() < 1e-6);
        let o = eval(&[("compression", Value::Num(100.0))]);
        assert!((o.n("round_tb") - 40.0).abs() < 1e-9);
    }

    #[test]
    fn act2_keyed_answer_is_federated_dp() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_choice"), Some(Value::Text("fed_dp")));
        // 92 − 8/2 + 0.15 × 5 = 88.75%: a 3.25-point gap, inside the 5-point budget.
        assert!((o.n("accuracy_pct") - 88.75).abs() < 1e-12);
        assert!((o.n("gap_pp") - 3.25).abs() < 1e-12);
        // One release: σ = √(2 ln 1.25e9) = √41.892 = 6.4725 at ε = 1, δ = 1e-9.
        assert!((o.n("sigma") - 6.472_47).abs() < 1e-4);
        // e¹ = 2.718.
        assert!((o.n("e_to_eps") - std::f64::consts::E).abs() < 1e-12);
    }

    #[test]
    fn act2_failure_states() {
        let o = eval(&[]);
        assert_eq!(o.get("utility_collapse"), Some(Value::Bool(false)));
        assert_eq!(o.get("bandwidth_over"), Some(Value::Bool(false)));
        // 1 M × 0.2 GB × 2 × 50/30 = 0.667 PB/day.
        assert!((o.n("daily_pb") - 2.0 / 3.0).abs() < 1e-9);
        // ε = 0.1, 1 epoch: 92 − 7.27 + 0.15 = 84.88%, gap 7.12 > 5.
        let o = eval(&[
            ("epsilon", Value::Num(0.1)),
            ("local_epochs", Value::Num(1.0)),
        ]);
        assert_eq!(o.get("utility_collapse"), Some(Value::Bool(true)));
        assert_eq!(o.get("act2_choice"), Some(Value::Text("none")));
        let o = eval(&[("epsilon", Value::Num(1.0))]);
        assert_eq!(o.get("utility_collapse"), Some(Value::Bool(false)));
        // 100 rounds (the original default): 1.33 PB/day.
        let o = eval(&[("rounds", Value::Num(100.0))]);
        assert_eq!(o.get("bandwidth_over"), Some(Value::Bool(true)));
        assert!((o.n("daily_pb") - 4.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn accuracy_rises_with_epsilon_and_never_beats_central() {
        let mut prev = 0.0;
        for k in 1..=100 {
            let o = eval(&[("epsilon", Value::Num(0.1 * k as f64))]);
            assert!(o.n("accuracy_pct") >= prev && o.n("accuracy_pct") <= 92.0);
            prev = o.n("accuracy_pct");
        }
    }
}
