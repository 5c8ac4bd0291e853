//! Vol 2 Lab 10, "The KV-Cache Memory Wall": how the KV cache, not the weights, caps the
//! number of concurrent users (Act I), and why a latency product and a throughput product
//! need different batching (Act II).
//!
//! # Chapter contract
//!
//! Models are real shapes: Llama 2 7B and 13B and GPT-3 175B use multi-head attention, Llama
//! 3 70B grouped-query attention with 8 KV heads. The `attention` control is `native` (each
//! model's own layout: GQA-8 for Llama 3 70B, MHA for the others; `native_gqa` says which)
//! or `mha` (every query head caches its own K and V: the MHA models' own layout, and for
//! Llama 3 70B the counterfactual that shows GQA's 8× saving). No model is given a layout
//! it was not trained with except as that labelled counterfactual. Weights are FP16
//! (2 B/param), the KV cache FP16, one H100 has 80 GB.
//!
//! **Contexts** (`context`): `latency` (assistant: 4,096-token contexts, P99 time to first
//! token under 200 ms) and `throughput` (batch document processing: 8,192-token contexts,
//! over 1,000 tokens/s). The context sets `typical_context` and `users_at_typical`; the
//! instruments are the same.
//!
//! **Act I** scenario: defaults (Llama 3 70B, GQA, 8 H100 = 640 GB, 4,096-token context).
//! - Prediction: "Weights take 140 GB of 640 GB. How many users fit at 4,096 tokens each?"
//!   Options (users): (A, "~750", 750: cached only K, not V), (B, "~370", 370) ✔, (C, "~47",
//!   47: every query head caches its own K and V), (D, "~23", 23: MHA and FP32). Checked
//!   against `max_users` (372). Feedback quotes `users_k_only` (745, 2×), `users_mha` (46,
//!   8× fewer), `users_mha_fp32` (23).
//! - Reveal: `kv_per_token_mb` (0.328 MB), `kv_per_user_gb` (1.34 GB), `free_gb` (500 GB).
//! - Reflection ✔ A ("every cached token stores K and V in every layer; width sets size,
//!   length sets count"): quotes `kv_per_token_mb` and `kv_per_user_gb`.
//! - Failure states: `oom_weights` (danger, weights exceed HBM: 70B on 1 H100),
//!   `few_users` (warn, fewer than 10 users fit).
//!
//! **Act II** scenario: defaults. Panel A (latency product) runs continuous batching with
//! batch 4 and 512-token sequences; panel B (throughput product) continuous batching with
//! batch 64 and 4,096-token sequences. Prompts are half of the maximum length; TTFT is the
//! worst case in which a burst fills the batch (static batching also waits for the running
//! batch to drain).
//! - Prediction: "How should the two products be configured?" Options: (A, "one config for
//!   both: continuous, batch 64, 4,096", `a`), (B, "latency: small batch and short sequences;
//!   throughput: large batch with continuous batching", `b`) ✔, (C, "batch 1 (static) for
//!   latency, static batch 128 for throughput", `c`), (D, "speculative decoding, batch 32,
//!   2,048 for both", `d`). Checked against the text output `act2_plan`, the only plan of the
//!   four that meets both SLOs without running out of memory. Feedback quotes the TTFTs of
//!   the failing plans: `plan_a_ttft_ms` (2.3 s), `plan_c_ttft_ms` (10.8 s), `plan_d_ttft_ms`
//!   (586 ms).
//! - Reflection ✔ B ("continuous batching admits a request as soon as any sequence
//!   finishes"): quotes `continuous_vs_static_b` (2×).
//! - Failure states: `oom_a`, `oom_b` (danger, KV reservation exceeds free memory: reachable
//!   with `attention = mha`, fewer GPUs or larger batches), `ttft_violated` (danger, panel A
//!   over 200 ms), `throughput_low` (warn, panel B under 1,000 tokens/s). All off at defaults.
//!
//! **Ledger** (`v2_10`): `context` ← input; `model_params_b` ← `model_params_b`;
//! `context_length` ← input `context_len`; `max_batch_size` ← input `batch_a`;
//! `kv_cache_gb` ← `kv_per_user_gb`; `ttft_ms` ← `ttft_a_ms`; `throughput_tps` ←
//! `tokens_per_s_b`; `slo_met` ← `slo_met`; `act2_result` ← `ttft_a_ms`; `act2_decision` ←
//! input `mode_a`; `constraint_hit` ← `any_oom`.

use crate::catalog::{
    GPT3_175B, H100, LLAMA2_7B, LLAMA2_13B, LLAMA3_70B, LlmShape, SPEC_ACCEPTANCE,
    SPEC_DRAFT_PARAMS, SPEC_DRAFT_TOKENS,
};
use crate::laws::inference::{forward_flops, roofline_time, speculative_tokens_per_step};
use crate::laws::memory::kv_cache;
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num,
};
use crate::units::{Bandwidth, Bytes, FlopRate, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "latency",
        label: "Latency-optimized assistant",
    },
    Choice {
        value: "throughput",
        label: "Throughput-optimized document batch",
    },
];
const MODELS: &[Choice] = &[
    Choice {
        value: "7b",
        label: "7B (32 layers, 32 heads)",
    },
    Choice {
        value: "13b",
        label: "13B (40 layers, 40 heads)",
    },
    Choice {
        value: "70b",
        label: "Llama 3 70B (80 layers, 64 heads)",
    },
    Choice {
        value: "175b",
        label: "175B (96 layers, 96 heads)",
    },
];
const ATTENTION: &[Choice] = &[
    Choice {
        value: "native",
        label: "The model's own layout (GQA-8 for Llama 3 70B, MHA for the others)",
    },
    Choice {
        value: "mha",
        label: "Every query head caches K and V (MHA; a counterfactual for Llama 3 70B)",
    },
];
const MODES: &[Choice] = &[
    Choice {
        value: "static",
        label: "Static batching",
    },
    Choice {
        value: "continuous",
        label: "Continuous batching",
    },
    Choice {
        value: "speculative",
        label: "Continuous + speculative decoding",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Product",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "latency",
        },
    },
    InputDef {
        name: "context_len",
        label: "Context length per user",
        kind: InputKind::Range {
            min: 512.0,
            max: 32_768.0,
            step: 512.0,
            default: 4096.0,
            unit: Unit::Tokens,
        },
    },
    InputDef {
        name: "model",
        label: "Model",
        kind: InputKind::Choice {
            options: MODELS,
            default: "70b",
        },
    },
    InputDef {
        name: "attention",
        label: "KV layout",
        kind: InputKind::Choice {
            options: ATTENTION,
            default: "native",
        },
    },
    InputDef {
        name: "gpus",
        label: "H100 GPUs",
        kind: InputKind::Range {
            min: 1.0,
            max: 8.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "mode_a",
        label: "A (latency): batching",
        kind: InputKind::Choice {
            options: MODES,
            default: "continuous",
        },
    },
    InputDef {
        name: "batch_a",
        label: "A (latency): max batch",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 4.0,
            unit: Unit::Requests,
        },
    },
    InputDef {
        name: "max_tokens_a",
        label: "A (latency): max sequence length",
        kind: InputKind::Range {
            min: 256.0,
            max: 4096.0,
            step: 256.0,
            default: 512.0,
            unit: Unit::Tokens,
        },
    },
    InputDef {
        name: "mode_b",
        label: "B (throughput): batching",
        kind: InputKind::Choice {
            options: MODES,
            default: "continuous",
        },
    },
    InputDef {
        name: "batch_b",
        label: "B (throughput): max batch",
        kind: InputKind::Range {
            min: 1.0,
            max: 128.0,
            step: 1.0,
            default: 64.0,
            unit: Unit::Requests,
        },
    },
    InputDef {
        name: "max_tokens_b",
        label: "B (throughput): max sequence length",
        kind: InputKind::Range {
            min: 256.0,
            max: 8192.0,
            step: 256.0,
            default: 4096.0,
            unit: Unit::Tokens,
        },
    },
];

/// Values of `act2_plan`: the plan of the prediction that meets both targets, or none.
const PLANS: &[Choice] = &[
    Choice {
        value: "a",
        label: "one configuration for both",
    },
    Choice {
        value: "b",
        label: "small batches for latency, large continuous batches for throughput",
    },
    Choice {
        value: "c",
        label: "static batching for both",
    },
    Choice {
        value: "d",
        label: "speculative decoding for both",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("model_params_b", "Model size", Unit::None),
    num("hbm_gb", "GPU memory", Unit::Gb),
    num("weights_gb", "Weights (FP16)", Unit::Gb),
    num("free_gb", "Memory left for the KV cache", Unit::Gb),
    num("kv_heads", "KV heads per layer", Unit::None),
    flag(
        "native_gqa",
        "The model was trained with grouped-query attention",
    ),
    num("kv_per_token_mb", "KV cache per token", Unit::Mb),
    num("kv_per_user_gb", "KV cache per user", Unit::Gb),
    num("max_users", "Concurrent users that fit", Unit::Requests),
    num("kv_total_gb", "KV cache of those users", Unit::Gb),
    num("weights_pct", "Memory: weights", Unit::Percent),
    num("kv_pct", "Memory: KV cache", Unit::Percent),
    num("unused_pct", "Memory: unused", Unit::Percent),
    num(
        "users_k_only",
        "Users if only K were cached",
        Unit::Requests,
    ),
    num(
        "users_mha",
        "Users with every head caching K and V",
        Unit::Requests,
    ),
    num(
        "users_mha_fp32",
        "Users with MHA and an FP32 cache",
        Unit::Requests,
    ),
    num(
        "typical_context",
        "This product's context length",
        Unit::Tokens,
    ),
    num(
        "users_at_typical",
        "Users at this product's context",
        Unit::Requests,
    ),
    flag("oom_weights", "The weights alone do not fit"),
    flag("few_users", "Fewer than 10 users fit"),
    num("ttft_a_ms", "A: worst-case time to first token", Unit::Ms),
    num(
        "tokens_per_s_a",
        "A: generated tokens per second",
        Unit::TokensPerS,
    ),
    num("util_a_pct", "A: GPU compute utilization", Unit::Percent),
    num("kv_a_gb", "A: KV cache reserved", Unit::Gb),
    num("step_a_ms", "A: decode step", Unit::Ms),
    num("ttft_b_ms", "B: worst-case time to first token", Unit::Ms),
    num(
        "tokens_per_s_b",
        "B: generated tokens per second",
        Unit::TokensPerS,
    ),
    num("util_b_pct", "B: GPU compute utilization", Unit::Percent),
    num("kv_b_gb", "B: KV cache reserved", Unit::Gb),
    num("step_b_ms", "B: decode step", Unit::Ms),
    num("ttft_slo_ms", "Latency SLO (P99 TTFT)", Unit::Ms),
    num("throughput_target", "Throughput target", Unit::TokensPerS),
    num(
        "ttft_a_pct_of_slo",
        "A: TTFT as a share of the SLO",
        Unit::Percent,
    )
    // A ratio to a target: above 100 % is over the SLO (or the target).
    .unbounded(),
    num(
        "tokens_b_pct_of_target",
        "B: throughput as a share of the target",
        Unit::Percent,
    )
    // A ratio to a target: above 100 % is over the SLO (or the target).
    .unbounded(),
    num(
        "continuous_vs_static_b",
        "B: continuous ÷ static throughput",
        Unit::Ratio,
    ),
    flag("oom_a", "A: KV cache does not fit"),
    flag("oom_b", "B: KV cache does not fit"),
    flag("any_oom", "A configuration runs out of memory"),
    flag("ttft_violated", "A misses the 200 ms TTFT SLO"),
    flag("throughput_low", "B is under 1,000 tokens/s"),
    flag("slo_met", "Both products meet their targets"),
    num("plan_a_ttft_ms", "Plan A: latency-product TTFT", Unit::Ms),
    num("plan_c_ttft_ms", "Plan C: latency-product TTFT", Unit::Ms),
    num("plan_d_ttft_ms", "Plan D: latency-product TTFT", Unit::Ms),
    choice("act2_plan", "The plan that meets both targets", PLANS),
];

/// The two products' targets (inference chapter).
const TTFT_SLO: Seconds = Seconds::ms(200.0);
const THROUGHPUT_TARGET: f64 = 1000.0;
/// FP16 weights and cache.
const BYTES_PER_VALUE: f64 = 2.0;
/// Below this many concurrent users a deployment is not viable.
const FEW_USERS: f64 = 10.0;

fn shape(key: &str) -> LlmShape {
    match key {
        "7b" => LLAMA2_7B.value,
        "13b" => LLAMA2_13B.value,
        "175b" => GPT3_175B.value,
        _ => LLAMA3_70B.value,
    }
}

/// Hardware and model of one evaluation.
#[derive(Clone, Copy)]
struct Setup {
    params: f64,
    weights: Bytes,
    free: Bytes,
    kv_per_token: Bytes,
    peak: FlopRate,
    bw: Bandwidth,
}

/// One panel's configuration and its outcome.
struct Panel {
    ttft: Seconds,
    tokens_per_s: f64,
    util: f64,
    kv: Bytes,
    step: Seconds,
    oom: bool,
}

fn panel(s: &Setup, mode: &str, batch: f64, max_tokens: f64) -> Panel {
    let prompt = max_tokens / 2.0;
    let output = max_tokens / 2.0;
    // Every slot reserves room for a full-length sequence.
    let kv = s.kv_per_token * (batch * max_tokens);
    let speculative = mode == "speculative";
    let gamma = SPEC_DRAFT_TOKENS.value;
    // A verification step scores γ + 1 positions per sequence.
    let positions = if speculative { gamma + 1.0 } else { 1.0 };
    // Decode reads all weights plus the live cache (on average the prompt and half the
    // output: three quarters of the maximum length).
    let read = s.weights + s.kv_per_token * (batch * 0.75 * max_tokens);
    let mut step = roofline_time(
        forward_flops(s.params, batch * positions),
        read,
        s.peak,
        s.bw,
    );
    if speculative {
        // γ memory-bound draft steps of the small model.
        let draft = Bytes::new(SPEC_DRAFT_PARAMS.value * BYTES_PER_VALUE);
        step = step + (draft / s.bw) * gamma;
    }
    // Static batches run until their longest sequence ends: with output lengths spread
    // evenly up to the maximum, half the slot-steps do useful work.
    let useful = if mode == "static" { 0.5 } else { 1.0 };
    let per_step = if speculative {
        speculative_tokens_per_step(SPEC_ACCEPTANCE.value, gamma)
    } else {
        1.0
    };
    let tokens_per_s = batch * useful * per_step / step.as_s();
    let prefill = roofline_time(
        forward_flops(s.params, batch * prompt),
        s.weights,
        s.peak,
        s.bw,
    );
    // Worst case: a burst fills the batch. Static batching also waits for the running batch
    // to drain; continuous batching admits at the next decode step.
    let wait = if mode == "static" {
        step * output
    } else {
        step
    };
    let flops_per_step = forward_flops(s.params, batch * positions);
    Panel {
        ttft: wait + prefill,
        tokens_per_s,
        util: (flops_per_step / step).si() / s.peak.si(),
        kv,
        step,
        oom: kv > s.free,
    }
}

/// Does a plan (latency config, throughput config) meet both targets?
fn plan_ok(s: &Setup, a: (&str, f64, f64), b: (&str, f64, f64)) -> (bool, Seconds) {
    let pa = panel(s, a.0, a.1, a.2);
    let pb = panel(s, b.0, b.1, b.2);
    let ok = pa.ttft <= TTFT_SLO && pb.tokens_per_s >= THROUGHPUT_TARGET && !pa.oom && !pb.oom;
    (ok, pa.ttft)
}

fn users(free: Bytes, per_user: Bytes) -> f64 {
    if per_user.si() <= 0.0 {
        return 0.0;
    }
    (free.max(Bytes::ZERO) / per_user).floor()
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let m = shape(i.t("model"));
    let kv_heads = if i.t("attention") == "mha" {
        m.heads
    } else {
        m.kv_heads
    };
    let n = i.n("gpus");
    let hbm = H100.memory.value * n;
    let weights = Bytes::new(m.params * BYTES_PER_VALUE);
    let free = hbm - weights;
    let kv_token = kv_cache(m.layers, kv_heads, m.head_dim, 1.0, 1.0, BYTES_PER_VALUE);
    let ctx = i.n("context_len");
    let per_user = kv_token * ctx;
    let max_users = users(free, per_user);
    let kv_total = per_user * max_users;
    let typical = if i.t("context") == "throughput" {
        8192.0
    } else {
        4096.0
    };
    let mha_token = kv_cache(m.layers, m.heads, m.head_dim, 1.0, 1.0, BYTES_PER_VALUE);
    let used_w = weights.min(hbm);
    o.num("model_params_b", m.params / 1e9)
        .num("hbm_gb", hbm.as_gb())
        .num("weights_gb", weights.as_gb())
        .num("free_gb", free.max(Bytes::ZERO).as_gb())
        .num("kv_heads", kv_heads)
        .flag("native_gqa", m.kv_heads < m.heads)
        .num("kv_per_token_mb", kv_token.as_mb())
        .num("kv_per_user_gb", per_user.as_gb())
        .num("max_users", max_users)
        .num("kv_total_gb", kv_total.as_gb())
        .num("weights_pct", 100.0 * (used_w / hbm))
        .num("kv_pct", 100.0 * (kv_total / hbm))
        .num(
            "unused_pct",
            100.0 * ((hbm - used_w - kv_total).max(Bytes::ZERO) / hbm),
        )
        .num("users_k_only", users(free, per_user * 0.5))
        .num("users_mha", users(free, mha_token * ctx))
        .num("users_mha_fp32", users(free, mha_token * (2.0 * ctx)))
        .num("typical_context", typical)
        .num("users_at_typical", users(free, kv_token * typical))
        .flag("oom_weights", weights > hbm)
        .flag("few_users", weights <= hbm && max_users < FEW_USERS);

    // Act II: two panels on the same cluster and model.
    let s = Setup {
        params: m.params,
        weights,
        free: free.max(Bytes::ZERO),
        kv_per_token: kv_token,
        peak: H100.peak.value * n,
        bw: H100.mem_bw.value * n,
    };
    let a = panel(&s, i.t("mode_a"), i.n("batch_a"), i.n("max_tokens_a"));
    let b = panel(&s, i.t("mode_b"), i.n("batch_b"), i.n("max_tokens_b"));
    let b_static = panel(&s, "static", i.n("batch_b"), i.n("max_tokens_b"));
    let b_cont = panel(&s, "continuous", i.n("batch_b"), i.n("max_tokens_b"));
    let over_ttft = a.ttft > TTFT_SLO;
    let low = b.tokens_per_s < THROUGHPUT_TARGET;
    let plans = [
        (
            "a",
            plan_ok(
                &s,
                ("continuous", 64.0, 4096.0),
                ("continuous", 64.0, 4096.0),
            ),
        ),
        (
            "b",
            plan_ok(&s, ("continuous", 4.0, 512.0), ("continuous", 64.0, 4096.0)),
        ),
        (
            "c",
            plan_ok(&s, ("static", 1.0, 4096.0), ("static", 128.0, 8192.0)),
        ),
        (
            "d",
            plan_ok(
                &s,
                ("speculative", 32.0, 2048.0),
                ("speculative", 32.0, 2048.0),
            ),
        ),
    ];
    let winner = plans
        .iter()
        .find(|(_, (ok, _))| *ok)
        .map_or("none", |(k, _)| *k);
    o.num("ttft_a_ms", a.ttft.as_ms())
        .num("tokens_per_s_a", a.tokens_per_s)
        .num("util_a_pct", 100.0 * a.util)
        .num("kv_a_gb", a.kv.as_gb())
        .num("step_a_ms", a.step.as_ms())
        .num("ttft_b_ms", b.ttft.as_ms())
        .num("tokens_per_s_b", b.tokens_per_s)
        .num("util_b_pct", 100.0 * b.util)
        .num("kv_b_gb", b.kv.as_gb())
        .num("step_b_ms", b.step.as_ms())
        .num("ttft_slo_ms", TTFT_SLO.as_ms())
        .num("throughput_target", THROUGHPUT_TARGET)
        .num("ttft_a_pct_of_slo", 100.0 * (a.ttft / TTFT_SLO))
        .num(
            "tokens_b_pct_of_target",
            100.0 * b.tokens_per_s / THROUGHPUT_TARGET,
        )
        .num(
            "continuous_vs_static_b",
            b_cont.tokens_per_s / b_static.tokens_per_s,
        )
        .flag("oom_a", a.oom)
        .flag("oom_b", b.oom)
        .flag("any_oom", a.oom || b.oom || weights > hbm)
        .flag("ttft_violated", over_ttft)
        .flag("throughput_low", low)
        .flag(
            "slo_met",
            !over_ttft && !low && !a.oom && !b.oom && weights <= hbm,
        )
        .num("plan_a_ttft_ms", plans[0].1.1.as_ms())
        .num("plan_c_ttft_ms", plans[2].1.1.as_ms())
        .num("plan_d_ttft_ms", plans[3].1.1.as_ms())
        .text("act2_plan", winner);
    o
}

/// The Lab 10 model.
pub const MODEL: Model = Model {
    id: "v2-10",
    title: "The KV-Cache Memory Wall",
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
    fn act1_keyed_answer_is_about_370_users() {
        let o = eval(&[]);
        // 2 × 80 layers × 8 KV heads × 128 × 2 B = 327,680 B = 0.328 MB per token;
        // × 4,096 = 1.342 GB per user; (640 − 140) GB / 1.342 GB = 372.5 → 372 users.
        assert!((o.n("kv_per_token_mb") - 0.327_68).abs() < 1e-9);
        assert!((o.n("kv_per_user_gb") - 1.342_177).abs() < 1e-6);
        assert!((o.n("free_gb") - 500.0).abs() < 1e-9);
        assert_eq!(o.n("max_users"), 372.0);
        let options = [750.0, 370.0, 47.0, 23.0];
        let got = o.n("max_users");
        let closest = options
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 / got).ln().abs().total_cmp(&(b.1 / got).ln().abs()))
            .map(|(k, _)| k);
        assert_eq!(closest, Some(1));
        // A forgot V: 2× too many (745). C ignored GQA: 8× too few (46). D also used FP32: 23.
        assert_eq!(o.n("users_k_only"), 745.0);
        assert_eq!(o.n("users_mha"), 46.0);
        assert_eq!(o.n("users_mha_fp32"), 23.0);
        assert!((o.n("max_users") / o.n("users_mha") - 8.0).abs() < 0.1);
    }

    #[test]
    fn act1_memory_split_and_context() {
        let o = eval(&[]);
        // 140 / 640 = 21.9% weights; 372 × 1.342 = 499.3 GB = 78.0% cache.
        assert!((o.n("weights_pct") - 21.875).abs() < 1e-9);
        assert!((o.n("kv_total_gb") - 372.0 * 1.342_177_28).abs() < 1e-6);
        // Throughput product: 8,192 tokens → 186 users.
        let o = eval(&[("context", Value::Text("throughput"))]);
        assert_eq!(o.n("users_at_typical"), 186.0);
        // Users never rise with context length.
        let mut prev = f64::MAX;
        for c in 1..=64 {
            let o = eval(&[("context_len", Value::Num(512.0 * c as f64))]);
            assert!(o.n("max_users") <= prev);
            prev = o.n("max_users");
        }
    }

    #[test]
    fn act1_failure_states() {
        let o = eval(&[]);
        assert_eq!(o.get("oom_weights"), Some(Value::Bool(false)));
        assert_eq!(o.get("few_users"), Some(Value::Bool(false)));
        // 70B on one H100: 140 GB > 80 GB.
        let o = eval(&[("gpus", Value::Num(1.0))]);
        assert_eq!(o.get("oom_weights"), Some(Value::Bool(true)));
        assert_eq!(o.n("max_users"), 0.0);
        // Two GPUs hold the weights again (160 GB).
        let o = eval(&[("gpus", Value::Num(2.0))]);
        assert_eq!(o.get("oom_weights"), Some(Value::Bool(false)));
        // MHA at 32,768 tokens: 2.62 MB × 32,768 = 85.9 GB per user → 5 users.
        let o = eval(&[
            ("attention", Value::Text("mha")),
            ("context_len", Value::Num(32_768.0)),
        ]);
        assert_eq!(o.n("max_users"), 5.0);
        assert_eq!(o.get("few_users"), Some(Value::Bool(true)));
        let o = eval(&[("attention", Value::Text("mha"))]);
        assert_eq!(o.get("few_users"), Some(Value::Bool(false)));
    }

    #[test]
    fn native_layout_is_each_models_own() {
        // Llama 2 7B is MHA by design (32 heads, 32 KV heads): its native cache is
        // 2 × 32 × 32 × 128 × 2 B = 524,288 B = 0.524 MB per token, the same as `mha`.
        for (model, per_token_mb, gqa) in [
            ("7b", 0.524_288, false),
            // 13B: 2 × 40 × 40 × 128 × 2 = 819,200 B.
            ("13b", 0.819_2, false),
            // 175B: 2 × 96 × 96 × 128 × 2 = 4,718,592 B.
            ("175b", 4.718_592, false),
            // 70B: 2 × 80 × 8 × 128 × 2 = 327,680 B (GQA-8).
            ("70b", 0.327_68, true),
        ] {
            let o = eval(&[("model", Value::Text(model))]);
            assert!((o.n("kv_per_token_mb") - per_token_mb).abs() < 1e-9, "{model}");
            assert_eq!(o.get("native_gqa"), Some(Value::Bool(gqa)), "{model}");
            let mha = eval(&[
                ("model", Value::Text(model)),
                ("attention", Value::Text("mha")),
            ]);
            let ratio = mha.n("kv_per_token_mb") / o.n("kv_per_token_mb");
            assert!((ratio - if gqa { 8.0 } else { 1.0 }).abs() < 1e-12, "{model}");
        }
    }

    #[test]
    fn briefing_four_gpus_with_mha() {
        // 4 × 80 − 140 = 180 GB; MHA 10.74 GB per user → 16 users (the briefing's "~15").
        let o = eval(&[("gpus", Value::Num(4.0)), ("attention", Value::Text("mha"))]);
        assert_eq!(o.n("max_users"), 16.0);
    }

    #[test]
    fn act2_keyed_plan_is_b_and_defaults_are_green() {
        let o = eval(&[]);
        assert_eq!(o.get("act2_plan"), Some(Value::Text("b")));
        // Panel A: one decode step (140 GB + 4 × 384 × 0.328 MB) / 26.8 TB/s = 5.24 ms, plus
        // prefill of 4 × 256 tokens: 2 × 70e9 × 1,024 / 7.912 PFLOP/s = 18.1 ms → 23.4 ms.
        assert!((o.n("ttft_a_ms") - 23.362).abs() < 1e-2);
        // Panel B: step (140 + 64 × 3,072 × 0.328 MB = 204.4 GB) / 26.8 TB/s = 7.63 ms:
        // 64 / 7.63 ms = 8,390 tokens/s.
        assert!((o.n("tokens_per_s_b") - 8390.4).abs() < 0.5);
        for f in ["oom_a", "oom_b", "ttft_violated", "throughput_low"] {
            assert_eq!(o.get(f), Some(Value::Bool(false)), "{f}");
        }
        assert_eq!(o.get("slo_met"), Some(Value::Bool(true)));
        // The wrong plans miss the latency SLO by wide margins.
        assert!(o.n("plan_a_ttft_ms") > 10.0 * 200.0);
        assert!(o.n("plan_c_ttft_ms") > 50.0 * 200.0);
        assert!(o.n("plan_d_ttft_ms") > 2.5 * 200.0);
    }

    #[test]
    fn act2_continuous_doubles_static() {
        let o = eval(&[]);
        assert!((o.n("continuous_vs_static_b") - 2.0).abs() < 1e-12);
        // Decode is memory-bound: B's compute utilization is only ~15%.
        assert!((o.n("util_b_pct") - 14.85).abs() < 0.05);
    }

    #[test]
    fn act2_failure_states_fire_and_clear() {
        // A at batch 64 × 4,096: prefill of 131k tokens takes 2.3 s.
        let o = eval(&[
            ("batch_a", Value::Num(64.0)),
            ("max_tokens_a", Value::Num(4096.0)),
        ]);
        assert_eq!(o.get("ttft_violated"), Some(Value::Bool(true)));
        // Static batch 4 × 512 for B: 4 × 0.5 / 5.24 ms = 381 tokens/s.
        let o = eval(&[
            ("mode_b", Value::Text("static")),
            ("batch_b", Value::Num(4.0)),
            ("max_tokens_b", Value::Num(512.0)),
        ]);
        assert_eq!(o.get("throughput_low"), Some(Value::Bool(true)));
        assert!((o.n("tokens_per_s_b") - 381.49).abs() < 0.1);
        // MHA makes B's cache 64 × 4,096 × 2.62 MB = 687 GB > 500 GB.
        let o = eval(&[("attention", Value::Text("mha"))]);
        assert_eq!(o.get("oom_b"), Some(Value::Bool(true)));
        assert_eq!(o.get("any_oom"), Some(Value::Bool(true)));
        // Back to GQA: clear.
        let o = eval(&[("attention", Value::Text("native"))]);
        assert_eq!(o.get("any_oom"), Some(Value::Bool(false)));
        // Panel A's own controls with MHA: 64 × 4,096 × 2.62 MB = 687 GB > 500 GB.
        let o = eval(&[
            ("attention", Value::Text("mha")),
            ("batch_a", Value::Num(64.0)),
            ("max_tokens_a", Value::Num(4096.0)),
        ]);
        assert_eq!(o.get("oom_a"), Some(Value::Bool(true)));
        let o = eval(&[
            ("attention", Value::Text("mha")),
            ("batch_a", Value::Num(4.0)),
            ("max_tokens_a", Value::Num(512.0)),
        ]);
        assert_eq!(o.get("oom_a"), Some(Value::Bool(false)));
    }

    #[test]
    fn ttft_grows_with_batch_and_length() {
        let mut prev = 0.0;
        for b in 1..=64 {
            let o = eval(&[("batch_a", Value::Num(b as f64))]);
            assert!(o.n("ttft_a_ms") >= prev);
            prev = o.n("ttft_a_ms");
        }
        let mut prev = 0.0;
        for k in 1..=16 {
            let o = eval(&[("max_tokens_a", Value::Num(256.0 * k as f64))]);
            assert!(o.n("ttft_a_ms") >= prev);
            prev = o.n("ttft_a_ms");
        }
    }
}
