//! Vol 1 Lab 10, "The Compression Frontier": INT8 costs about half a point of accuracy, not
//! zero (Act I, the quantization table), and an 8 B-parameter LLM reaches three phone tiers
//! only by walking a size-vs-perplexity frontier tier by tier (Act II).
//!
//! # Chapter contract
//!
//! **Contexts** (`context`): `cloud` (H100; FP32 ResNet-50 at batch 1 in 1.2 ms, 700 W) and
//! `mobile` (A17-class NPU; INT8 ResNet-50 in 4.5 ms, 5 W). The context sets the latency and
//! energy columns of Act I. Act II is about the phone fleet in both contexts.
//!
//! **Act I scenario**: defaults (ResNet-50, post-training quantization, 512 calibration
//! images). ResNet-50 has 25.6 M parameters: 102.4 MB in FP32, 25.6 MB in INT8; the app's
//! model budget is 30 MB (`app_budget_mb`), so FP16 (51.2 MB) does not fit and INT8 does.
//!
//! **Act I prediction** "How much top-1 does INT8 post-training quantization cost ResNet-50
//! (76.1 %)?", checked against `int8_drop_pp` (0.50 pp) on a log scale:
//! - A "Nothing" = 0
//! - B "Under 0.1 points" = 0.05 (10× too small)
//! - **C "0.3-2 points" = 0.8 (keyed)**
//! - D "5-10 points" = 7.5 (that is INT2: `int2_drop_pp` = 6.8)
//!
//! Instruments: the quantization table (one row per format: `<fmt>_top1_pct`, `_drop_pp`,
//! `_mb`, `_ratio`, `_ms`, `_mj`, `_fits`) and a scatter of size against top-1 across the
//! formats (series `format_mb`, `format_top1_pct`, FP32 … INT2) with the app budget as a
//! vertical line.
//!
//! **Act I reflection** (keyed A, "INT8 has 16× more code points than INT4, so a far finer
//! step"): feedback quotes `int8_levels` (256), `int4_levels` (16) and `step_ratio_int4_int8`
//! (127 / 7 = 18.1× coarser for the symmetric scheme), `int8_step_pct`, `int4_step_pct`.
//!
//! **Act II scenario**: Llama 3 8B (8.0 B parameters as the course rounds it: 32 GB FP32) on
//! three phone tiers whose model-memory budgets are 8 GB (flagship), 4 GB (mid), 2 GB
//! (budget). A configuration fits when its size is at most the budget (INT8 on the flagship
//! fits exactly).
//!
//! **Act II prediction** "Which plan serves all three tiers with the least quality loss?",
//! checked against the text output `best_plan` (each tier's lowest-perplexity configuration
//! that fits):
//! - A `int8_everywhere` "INT8 on every tier" (mid and budget out of memory by 2× and 4×)
//! - **B `tiered` "Flagship INT8, mid INT4, budget INT4 + 50 % structured pruning" (keyed)**
//! - C `unstructured_all` "50 % unstructured pruning everywhere" (3.0 GB with its mask:
//!   out of memory on the budget tier)
//! - D `distill_budget` "Distil a 1 B model for the budget tier" (fits, but perplexity 9.80
//!   vs 8.05)
//!
//! Instruments: one selector per tier; the size-vs-perplexity scatter of the ten
//! configurations (series `config_gb`/`config_ppl`; the plot marks the frontier, the same
//! set as [`on_frontier`]) on a log size axis, with the tier
//! budgets `<tier>_limit_gb` as vertical lines and each tier's choice (`<tier>_gb`,
//! `<tier>_ppl`) marked; per-tier cards that fail on `<tier>_oom` and warn when the tier is
//! not at its best fit (`<tier>_is_best`, against `best_<tier>`; `plan_is_best` for all
//! three). `<tier>_config`, `best_<tier>` and `best_plan` print their labels.
//!
//! **Act II reflection** (keyed B, "unstructured sparsity still runs dense kernels over the
//! zeros"): feedback quotes `unstructured50_mac_pct` (100 %) vs `structured50_mac_pct` (50 %).
//!
//! **Failure states** (danger, one per tier): `flagship_oom`, `mid_oom`, `budget_oom`, each
//! quoting `<tier>_overflow_gb`. All off at defaults.
//!
//! **Ledger** (ch10): `compression_method` ← the three tiers' labels (a text field);
//! `compression_ratio` ← `flagship_ratio`; `act2_result` ← `budget_gb`; `act2_decision` ←
//! the three tier inputs (`flagship=…;mid=…;budget=…`); `constraint_hit` ←
//! `constraint_hit`; `pareto_optimal` ← `all_on_frontier`.

use crate::catalog::{
    H100, LLAMA3_8B_PARAMS, LLAMA3_8B_WIKITEXT2_PPL, MOBILENETV3_L_PARAMS, MOBILENETV3_L_TOP1_PCT,
    PHONE_NPU, RESNET50_PARAMS, RESNET50_TOP1_PCT, VIT_B16_PARAMS, VIT_B16_TOP1_PCT,
};
use crate::laws::IronLaw;
use crate::laws::quantization::{
    compression_ratio, levels, step_share_of_range, symmetric_step, weight_bytes,
};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, series,
};
use crate::units::{Bytes, Flops, Seconds};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100)",
    },
    Choice {
        value: "mobile",
        label: "Mobile (A17-class NPU)",
    },
];

const CNNS: &[Choice] = &[
    Choice {
        value: "resnet50",
        label: "ResNet-50 (25.6 M)",
    },
    Choice {
        value: "mobilenetv3_l",
        label: "MobileNetV3-Large (5.4 M)",
    },
    Choice {
        value: "vit_b16",
        label: "ViT-B/16 (86 M)",
    },
];

const METHODS: &[Choice] = &[
    Choice {
        value: "ptq",
        label: "Post-training quantization",
    },
    Choice {
        value: "qat",
        label: "Quantization-aware training",
    },
];

/// Every configuration, then what `best_fit` returns when none fits: the values of the
/// `best_<tier>` outputs.
const FITS: &[Choice] = &[
    Choice {
        value: "fp32",
        label: "FP32",
    },
    Choice {
        value: "fp16",
        label: "FP16",
    },
    Choice {
        value: "int8",
        label: "INT8",
    },
    Choice {
        value: "int4",
        label: "INT4",
    },
    Choice {
        value: "int4_s10",
        label: "INT4 + 10 % structured pruning",
    },
    Choice {
        value: "int4_s30",
        label: "INT4 + 30 % structured pruning",
    },
    Choice {
        value: "int4_s50",
        label: "INT4 + 50 % structured pruning",
    },
    Choice {
        value: "int4_u50",
        label: "INT4 + 50 % unstructured pruning",
    },
    Choice {
        value: "distill4b_int8",
        label: "Distilled 4 B, INT8",
    },
    Choice {
        value: "distill1b_int8",
        label: "Distilled 1 B, INT8",
    },
    Choice {
        value: "none",
        label: "nothing fits",
    },
];

/// The configurations a tier can run; also the values of the `<tier>_config` outputs.
const CONFIGS: &[Choice] = FITS.split_at(FITS.len() - 1).0;

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
        name: "cnn",
        label: "Vision model",
        kind: InputKind::Choice {
            options: CNNS,
            default: "resnet50",
        },
    },
    InputDef {
        name: "method",
        label: "Quantization method",
        kind: InputKind::Choice {
            options: METHODS,
            default: "ptq",
        },
    },
    InputDef {
        name: "calib",
        label: "Calibration images",
        kind: InputKind::Range {
            min: 128.0,
            max: 4096.0,
            step: 128.0,
            default: 512.0,
            unit: Unit::Samples,
        },
    },
    InputDef {
        name: "flagship",
        label: "Flagship phone (8 GB for the model)",
        kind: InputKind::Choice {
            options: CONFIGS,
            default: "int8",
        },
    },
    InputDef {
        name: "mid",
        label: "Mid-range phone (4 GB)",
        kind: InputKind::Choice {
            options: CONFIGS,
            default: "int4",
        },
    },
    InputDef {
        name: "budget",
        label: "Budget phone (2 GB)",
        kind: InputKind::Choice {
            options: CONFIGS,
            default: "int4_s50",
        },
    },
];

/// Values of `best_plan`.
const PLANS: &[Choice] = &[
    Choice {
        value: "int8_everywhere",
        label: "INT8 on every tier",
    },
    Choice {
        value: "tiered",
        label: "flagship INT8, mid-range INT4, budget INT4 + 50 % structured pruning",
    },
    Choice {
        value: "unstructured_all",
        label: "50 % unstructured pruning everywhere",
    },
    Choice {
        value: "distill_budget",
        label: "a distilled 1 B model for the budget tier",
    },
    Choice {
        value: "other",
        label: "another plan",
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("fp32_top1_pct", "FP32 top-1", Unit::Percent),
    num("fp16_top1_pct", "FP16 top-1", Unit::Percent),
    num("int8_top1_pct", "INT8 top-1", Unit::Percent),
    num("int4_top1_pct", "INT4 top-1", Unit::Percent),
    num("int2_top1_pct", "INT2 top-1", Unit::Percent),
    num("fp32_drop_pp", "FP32 accuracy drop", Unit::Pp),
    num("fp16_drop_pp", "FP16 accuracy drop", Unit::Pp),
    num("int8_drop_pp", "INT8 accuracy drop", Unit::Pp),
    num("int4_drop_pp", "INT4 accuracy drop", Unit::Pp),
    num("int2_drop_pp", "INT2 accuracy drop", Unit::Pp),
    num("fp32_mb", "FP32 size", Unit::Mb),
    num("fp16_mb", "FP16 size", Unit::Mb),
    num("int8_mb", "INT8 size", Unit::Mb),
    num("int4_mb", "INT4 size", Unit::Mb),
    num("int2_mb", "INT2 size", Unit::Mb),
    num("fp32_ratio", "FP32 compression", Unit::Ratio),
    num("fp16_ratio", "FP16 compression", Unit::Ratio),
    num("int8_ratio", "INT8 compression", Unit::Ratio),
    num("int4_ratio", "INT4 compression", Unit::Ratio),
    num("int2_ratio", "INT2 compression", Unit::Ratio),
    num("fp32_ms", "FP32 latency", Unit::Ms),
    num("fp16_ms", "FP16 latency", Unit::Ms),
    num("int8_ms", "INT8 latency", Unit::Ms),
    num("int4_ms", "INT4 latency", Unit::Ms),
    num("int2_ms", "INT2 latency", Unit::Ms),
    num("fp32_mj", "FP32 energy per inference", Unit::Mj),
    num("fp16_mj", "FP16 energy per inference", Unit::Mj),
    num("int8_mj", "INT8 energy per inference", Unit::Mj),
    num("int4_mj", "INT4 energy per inference", Unit::Mj),
    num("int2_mj", "INT2 energy per inference", Unit::Mj),
    flag("fp32_fits", "FP32 fits the app budget"),
    flag("fp16_fits", "FP16 fits the app budget"),
    flag("int8_fits", "INT8 fits the app budget"),
    flag("int4_fits", "INT4 fits the app budget"),
    flag("int2_fits", "INT2 fits the app budget"),
    num("app_budget_mb", "App model budget", Unit::Mb),
    num("device_watts", "Device power", Unit::Watts),
    num("int8_levels", "INT8 code points", Unit::None),
    num("int4_levels", "INT4 code points", Unit::None),
    num("step_ratio_int4_int8", "INT4 step ÷ INT8 step", Unit::Ratio),
    num("int8_step_pct", "INT8 step, share of range", Unit::Percent),
    num("int4_step_pct", "INT4 step, share of range", Unit::Percent),
    choice("flagship_config", "Flagship configuration", CONFIGS),
    num("flagship_limit_gb", "Flagship memory budget", Unit::Gb),
    num("flagship_gb", "Flagship model size", Unit::Gb),
    num("flagship_overflow_gb", "Flagship overflow", Unit::Gb),
    num("flagship_ppl", "Flagship perplexity", Unit::None),
    num("flagship_dppl", "Flagship perplexity increase", Unit::None),
    num("flagship_ratio", "Flagship compression", Unit::Ratio),
    flag("flagship_frontier", "Flagship choice on the frontier"),
    flag("flagship_oom", "Flagship out of memory"),
    flag("flagship_is_best", "Flagship: the best configuration that fits"),
    choice("mid_config", "Mid-range configuration", CONFIGS),
    num("mid_limit_gb", "Mid-range memory budget", Unit::Gb),
    num("mid_gb", "Mid-range model size", Unit::Gb),
    num("mid_overflow_gb", "Mid-range overflow", Unit::Gb),
    num("mid_ppl", "Mid-range perplexity", Unit::None),
    num("mid_dppl", "Mid-range perplexity increase", Unit::None),
    num("mid_ratio", "Mid-range compression", Unit::Ratio),
    flag("mid_frontier", "Mid-range choice on the frontier"),
    flag("mid_oom", "Mid-range out of memory"),
    flag("mid_is_best", "Mid-range: the best configuration that fits"),
    choice("budget_config", "Budget configuration", CONFIGS),
    num("budget_limit_gb", "Budget memory budget", Unit::Gb),
    num("budget_gb", "Budget model size", Unit::Gb),
    num("budget_overflow_gb", "Budget overflow", Unit::Gb),
    num("budget_ppl", "Budget perplexity", Unit::None),
    num("budget_dppl", "Budget perplexity increase", Unit::None),
    num("budget_ratio", "Budget compression", Unit::Ratio),
    flag("budget_frontier", "Budget choice on the frontier"),
    flag("budget_oom", "Budget out of memory"),
    flag("budget_is_best", "Budget: the best configuration that fits"),
    flag("all_on_frontier", "Every tier on the frontier"),
    flag("constraint_hit", "A tier is out of memory"),
    flag("plan_is_best", "Every tier runs its best fit"),
    choice("best_flagship", "Best fit: flagship", FITS),
    choice("best_mid", "Best fit: mid-range", FITS),
    choice("best_budget", "Best fit: budget", FITS),
    choice("best_plan", "Best plan", PLANS),
    num("fp32_llm_gb", "Llama 3 8B in FP32", Unit::Gb),
    num("fp32_llm_ppl", "FP32 perplexity", Unit::None),
    num(
        "structured50_mac_pct",
        "MACs left, 50 % structured",
        Unit::Percent,
    ),
    num(
        "unstructured50_mac_pct",
        "MACs left, 50 % unstructured (dense kernels)",
        Unit::Percent,
    ),
    num("flagship_tok_s", "Flagship decode speed", Unit::TokensPerS),
    series("format_mb", "Size by format (FP32 … INT2)", Unit::Mb),
    series("format_top1_pct", "Top-1 by format (FP32 … INT2)", Unit::Percent),
    series("config_gb", "Size of each configuration", Unit::Gb),
    series("config_ppl", "Perplexity of each configuration", Unit::None),
];

/// The app's on-device model budget in the Act I story.
const APP_BUDGET: Bytes = Bytes::mb(30.0);
/// Quantization-aware training recovers this much of the post-training drop (course figure
/// 0.2-0.5 pp, model_compression).
const QAT_RECOVERY_PP: f64 = 0.35;
/// Phone tiers: memory the OS lets the model use.
const TIERS: [(&str, f64); 3] = [("flagship", 8.0), ("mid", 4.0), ("budget", 2.0)];

/// The formats of the Act I table with their bits per weight.
const FORMATS: [(&str, f64); 5] = [
    ("fp32", 32.0),
    ("fp16", 16.0),
    ("int8", 8.0),
    ("int4", 4.0),
    ("int2", 2.0),
];

/// Post-training top-1 drop (pp) of a format for a network of sensitivity 1 with ample
/// calibration (course figures, model_compression).
fn base_drop(format: &str) -> f64 {
    match format {
        "fp16" => 0.04,
        "int8" => 0.50,
        "int4" => 2.60,
        "int2" => 6.80,
        _ => 0.0,
    }
}

/// (parameters, FP32 top-1 %, quantization sensitivity). MobileNets quantize worse than
/// ResNets (depthwise filters with wide per-channel ranges; Krishnamoorthi 2018), ViTs worse
/// too (outliers in LayerNorm and softmax inputs).
fn cnn(key: &str) -> (f64, f64, f64) {
    match key {
        "mobilenetv3_l" => (
            MOBILENETV3_L_PARAMS.value,
            MOBILENETV3_L_TOP1_PCT.value,
            1.6,
        ),
        "vit_b16" => (VIT_B16_PARAMS.value, VIT_B16_TOP1_PCT.value, 1.35),
        _ => (RESNET50_PARAMS.value, RESNET50_TOP1_PCT.value, 1.0),
    }
}

/// Latency of a format at batch 1. Cloud: FP32 base on the H100, FP16 0.5× and INT8 0.25× on
/// its tensor cores (course figures, model_compression). Mobile: INT8 base on the NPU; FP16
/// and FP32 fall back to slower paths (1.8×, 4×). Neither device multiplies below eight bits
/// (the H100 has no INT4 tensor cores; the NPU's sub-byte formats are weight compression):
/// INT4 and INT2 weights are unpacked to INT8, so they run at the INT8 latency less the time
/// the smaller weights save in DRAM reads, `(INT8 bytes − bytes) / BW` (unpacking taken as
/// free: a lower bound).
fn latency(context: &str, key: &str, format: &str, params: f64) -> Seconds {
    let mobile = context == "mobile";
    let base = match (mobile, key) {
        (false, "mobilenetv3_l") => 0.3,
        (false, "vit_b16") => 4.8,
        (false, _) => 1.2,
        (true, "mobilenetv3_l") => 1.1,
        (true, "vit_b16") => 18.0,
        (true, _) => 4.5,
    };
    let int8 = Seconds::ms(base * if mobile { 1.0 } else { 0.25 });
    let bw = if mobile {
        PHONE_NPU.mem_bw.value
    } else {
        H100.mem_bw.value
    };
    match (mobile, format) {
        (_, "int4") | (_, "int2") => {
            let bits = if format == "int4" { 4.0 } else { 2.0 };
            let saved = weight_bytes(params, 8.0, 0.0, 0.0) - weight_bytes(params, bits, 0.0, 0.0);
            int8 - saved / bw
        }
        (_, "int8") => int8,
        (false, "fp16") => Seconds::ms(base * 0.5),
        (false, _) => Seconds::ms(base),
        (true, "fp16") => Seconds::ms(base * 1.8),
        (true, _) => Seconds::ms(base * 4.0),
    }
}

/// An Act II configuration: (bits, pruned share, mask bits per weight, parameters).
fn config(key: &str) -> (f64, f64, f64, f64) {
    let p = LLAMA3_8B_PARAMS.value;
    match key {
        "fp32" => (32.0, 0.0, 0.0, p),
        "fp16" => (16.0, 0.0, 0.0, p),
        "int8" => (8.0, 0.0, 0.0, p),
        "int4_s10" => (4.0, 0.1, 0.0, p),
        "int4_s30" => (4.0, 0.3, 0.0, p),
        "int4_s50" => (4.0, 0.5, 0.0, p),
        // Unstructured sparsity keeps the shape and needs a 1-bit mask per weight.
        "int4_u50" => (4.0, 0.5, 1.0, p),
        "distill4b_int8" => (8.0, 0.0, 0.0, 4e9),
        "distill1b_int8" => (8.0, 0.0, 0.0, 1e9),
        _ => (4.0, 0.0, 0.0, p),
    }
}

fn config_bytes(key: &str) -> Bytes {
    let (bits, pruned, mask, params) = config(key);
    weight_bytes(params, bits, pruned, mask)
}

fn ppl(key: &str) -> f64 {
    LLAMA3_8B_WIKITEXT2_PPL
        .value
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .unwrap_or(f64::MAX)
}

/// On the size-vs-perplexity Pareto frontier: no other configuration is at least as small
/// and at least as good, and strictly better in one.
fn on_frontier(key: &str) -> bool {
    let (s, q) = (config_bytes(key), ppl(key));
    !CONFIGS.iter().any(|c| {
        let (s2, q2) = (config_bytes(c.value), ppl(c.value));
        s2 <= s && q2 <= q && (s2 < s || q2 < q)
    })
}

/// The lowest-perplexity configuration that fits `budget_gb` (smaller wins a tie).
fn best_fit(budget_gb: f64) -> &'static str {
    let mut best: Option<&'static str> = None;
    for c in CONFIGS {
        if config_bytes(c.value).as_gb() > budget_gb {
            continue;
        }
        best = match best {
            Some(b)
                if ppl(b) < ppl(c.value)
                    || (ppl(b) == ppl(c.value) && config_bytes(b) <= config_bytes(c.value)) =>
            {
                Some(b)
            }
            _ => Some(c.value),
        };
    }
    best.unwrap_or("none")
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let context = i.t("context");
    let key = i.t("cnn");
    let (params, top1, sensitivity) = cnn(key);
    let qat = i.t("method") == "qat";
    let calib = i.n("calib");
    let watts = if context == "mobile" {
        PHONE_NPU.power.value
    } else {
        H100.power.value
    };
    let (mut format_mb, mut format_top1) = (Vec::new(), Vec::new());
    for (format, bits) in FORMATS {
        let integer = bits <= 8.0;
        let mut drop = base_drop(format) * sensitivity;
        if integer {
            if qat {
                drop = (drop - QAT_RECOVERY_PP).max(0.0);
            } else {
                // Too few calibration images mis-estimate the ranges; the coarser the code,
                // the more a wrong range costs.
                let short = if calib < 256.0 {
                    0.25
                } else if calib < 512.0 {
                    0.10
                } else {
                    0.0
                };
                let scale = match format {
                    "int4" => 1.5,
                    "int2" => 2.0,
                    _ => 1.0,
                };
                drop += short * scale;
            }
        }
        let size = weight_bytes(params, bits, 0.0, 0.0);
        let t = latency(context, key, format, params);
        let energy = watts * t;
        let names: [&'static str; 7] = match format {
            "fp32" => [
                "fp32_top1_pct",
                "fp32_drop_pp",
                "fp32_mb",
                "fp32_ratio",
                "fp32_ms",
                "fp32_mj",
                "fp32_fits",
            ],
            "fp16" => [
                "fp16_top1_pct",
                "fp16_drop_pp",
                "fp16_mb",
                "fp16_ratio",
                "fp16_ms",
                "fp16_mj",
                "fp16_fits",
            ],
            "int8" => [
                "int8_top1_pct",
                "int8_drop_pp",
                "int8_mb",
                "int8_ratio",
                "int8_ms",
                "int8_mj",
                "int8_fits",
            ],
            "int4" => [
                "int4_top1_pct",
                "int4_drop_pp",
                "int4_mb",
                "int4_ratio",
                "int4_ms",
                "int4_mj",
                "int4_fits",
            ],
            _ => [
                "int2_top1_pct",
                "int2_drop_pp",
                "int2_mb",
                "int2_ratio",
                "int2_ms",
                "int2_mj",
                "int2_fits",
            ],
        };
        o.num(names[0], top1 - drop)
            .num(names[1], drop)
            .num(names[2], size.as_mb())
            .num(names[3], compression_ratio(32.0, bits, 0.0))
            .num(names[4], t.as_ms())
            .num(names[5], energy.si() * 1e3)
            .flag(names[6], size <= APP_BUDGET);
        format_mb.push(size.as_mb());
        format_top1.push(top1 - drop);
    }
    o.set_series("format_mb", format_mb)
        .set_series("format_top1_pct", format_top1);
    o.num("app_budget_mb", APP_BUDGET.as_mb())
        .num("device_watts", watts.as_w())
        .num("int8_levels", levels(8.0))
        .num("int4_levels", levels(4.0))
        .num(
            "step_ratio_int4_int8",
            symmetric_step(1.0, 4.0) / symmetric_step(1.0, 8.0),
        )
        .num("int8_step_pct", 100.0 * step_share_of_range(8.0))
        .num("int4_step_pct", 100.0 * step_share_of_range(4.0));

    // Act II: one configuration per phone tier.
    let fp32_ppl = ppl("fp32");
    let fp32_gb = config_bytes("fp32").as_gb();
    let best = (best_fit(8.0), best_fit(4.0), best_fit(2.0));
    let mut all_frontier = true;
    let mut any_oom = false;
    let mut all_best = true;
    for ((tier, budget), best_here) in TIERS.into_iter().zip([best.0, best.1, best.2]) {
        let c = i.t(tier);
        let gb = config_bytes(c).as_gb();
        let frontier = on_frontier(c);
        let oom = gb > budget;
        all_frontier &= frontier;
        any_oom |= oom;
        let names: [&'static str; 10] = match tier {
            "flagship" => [
                "flagship_config",
                "flagship_gb",
                "flagship_overflow_gb",
                "flagship_ppl",
                "flagship_dppl",
                "flagship_ratio",
                "flagship_frontier",
                "flagship_oom",
                "flagship_limit_gb",
                "flagship_is_best",
            ],
            "mid" => [
                "mid_config",
                "mid_gb",
                "mid_overflow_gb",
                "mid_ppl",
                "mid_dppl",
                "mid_ratio",
                "mid_frontier",
                "mid_oom",
                "mid_limit_gb",
                "mid_is_best",
            ],
            _ => [
                "budget_config",
                "budget_gb",
                "budget_overflow_gb",
                "budget_ppl",
                "budget_dppl",
                "budget_ratio",
                "budget_frontier",
                "budget_oom",
                "budget_limit_gb",
                "budget_is_best",
            ],
        };
        o.text(names[0], c)
            .num(names[1], gb)
            .num(names[2], (gb - budget).max(0.0))
            .num(names[3], ppl(c))
            .num(names[4], ppl(c) - fp32_ppl)
            .num(names[5], fp32_gb / gb)
            .flag(names[6], frontier)
            .flag(names[7], oom)
            .num(names[8], budget)
            .flag(names[9], c == best_here);
        all_best &= c == best_here;
    }
    let plan = match best {
        ("int8", "int8", "int8") => "int8_everywhere",
        ("int8", "int4", "int4_s50") => "tiered",
        ("int4_u50", "int4_u50", "int4_u50") => "unstructured_all",
        ("int8", "int4", "distill1b_int8") => "distill_budget",
        _ => "other",
    };
    // Decode on the flagship is memory-bound: every token reads all the weights once.
    let (_, _, _, p) = config(i.t("flagship"));
    let step = IronLaw::new(
        config_bytes(i.t("flagship")),
        PHONE_NPU.mem_bw.value,
        Flops::new(2.0 * p),
        PHONE_NPU.peak.value,
        1.0,
        Seconds::ZERO,
    );
    let (_, s_pruned, _, _) = config("int4_s50");
    o.flag("all_on_frontier", all_frontier)
        .flag("constraint_hit", any_oom)
        .flag("plan_is_best", all_best)
        .text("best_flagship", best.0)
        .text("best_mid", best.1)
        .text("best_budget", best.2)
        .text("best_plan", plan)
        .num("fp32_llm_gb", fp32_gb)
        .num("fp32_llm_ppl", fp32_ppl)
        .num("structured50_mac_pct", 100.0 * (1.0 - s_pruned))
        // Dense kernels multiply every stored position, zero or not.
        .num("unstructured50_mac_pct", 100.0)
        .num("flagship_tok_s", 1.0 / step.total().as_s());
    config_series(&mut o);
    o
}

/// The ten configurations of the Act II plot, in selector order. They do not depend on the
/// inputs: the student moves the tiers, not the catalog. The plot finds the frontier itself.
fn config_series(o: &mut Values) {
    o.set_series(
        "config_gb",
        CONFIGS.iter().map(|c| config_bytes(c.value).as_gb()).collect(),
    )
    .set_series("config_ppl", CONFIGS.iter().map(|c| ppl(c.value)).collect());
}

/// The Lab 10 model.
pub const MODEL: Model = Model {
    id: "v1-10",
    title: "The Compression Frontier",
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
    fn act1_int8_costs_half_a_point() {
        let o = eval(&[]);
        // 0.50 pp × sensitivity 1.0, 512 calibration images: no shortfall penalty.
        let d = o.n("int8_drop_pp");
        assert!((d - 0.50).abs() < 1e-12);
        assert!((o.n("int8_top1_pct") - 75.6).abs() < 1e-9);
        // Options A 0, B 0.05, C 0.8, D 7.5 on a log scale: C.
        assert_eq!(closest_log(d, &[0.0, 0.05, 0.8, 7.5]), 2);
        // B is 10× too small; D is the INT2 regime (6.8 pp), 13.6× the INT8 drop.
        assert!((d / 0.05 - 10.0).abs() < 1e-9);
        assert!((o.n("int2_drop_pp") / d - 13.6).abs() < 1e-9);
    }

    #[test]
    fn act1_sizes_against_the_app_budget() {
        let o = eval(&[]);
        // 25.6 M × 4 B = 102.4 MB; INT8 25.6 MB fits 30 MB, FP16 51.2 MB does not.
        assert!((o.n("fp32_mb") - 102.4).abs() < 1e-9);
        assert!((o.n("int8_mb") - 25.6).abs() < 1e-9);
        assert_eq!(o.get("int8_fits"), Some(Value::Bool(true)));
        assert_eq!(o.get("fp16_fits"), Some(Value::Bool(false)));
        assert!((o.n("int8_ratio") - 4.0).abs() < 1e-12);
        assert!((o.n("int4_ratio") - 8.0).abs() < 1e-12);
    }

    #[test]
    fn act1_latency_and_energy() {
        // Cloud INT8: 1.2 ms × 0.25 = 0.3 ms; × 700 W = 210 mJ.
        let o = eval(&[]);
        assert!((o.n("int8_ms") - 0.3).abs() < 1e-12);
        assert!((o.n("int8_mj") - 210.0).abs() < 1e-9);
        // Mobile INT8: 4.5 ms × 5 W = 22.5 mJ; FP32 falls back to 4× = 18 ms.
        let o = eval(&[("context", Value::Text("mobile"))]);
        assert!((o.n("int8_mj") - 22.5).abs() < 1e-9);
        assert!((o.n("fp32_ms") - 18.0).abs() < 1e-12);
        // INT4 unpacked to INT8 on the NPU: 4.5 ms − (25.6 − 12.8) MB / 68 GB/s = 4.5 −
        // 0.1882 = 4.3118 ms (was 0.65 × 4.5 = 2.93 ms); INT2: 4.5 − 19.2 / 68,000 s = 4.2176 ms.
        assert!((o.n("int4_ms") - 4.311_765).abs() < 1e-6);
        assert!((o.n("int2_ms") - 4.217_647).abs() < 1e-6);
        // On the H100: 0.3 ms − 12.8 MB / 3.35 TB/s = 0.3 − 0.0038 = 0.2962 ms (was 0.15 ×
        // 1.2 = 0.18 ms, faster than INT8 on hardware with no INT4 tensor cores).
        let o = eval(&[]);
        assert!((o.n("int4_ms") - 0.296_179).abs() < 1e-6);
        assert!((o.n("int2_ms") - 0.294_269).abs() < 1e-6);
    }

    #[test]
    fn act1_calibration_and_qat() {
        // 128 images: +0.25 pp at INT8, +0.375 at INT4.
        let o = eval(&[("calib", Value::Num(128.0))]);
        assert!((o.n("int8_drop_pp") - 0.75).abs() < 1e-12);
        assert!((o.n("int4_drop_pp") - 2.975).abs() < 1e-12);
        // QAT: 0.50 − 0.35 = 0.15 pp.
        let o = eval(&[("method", Value::Text("qat"))]);
        assert!((o.n("int8_drop_pp") - 0.15).abs() < 1e-12);
        // More calibration never hurts; fewer bits never help.
        let mut prev = f64::INFINITY;
        for c in [128.0, 256.0, 384.0, 512.0, 4096.0] {
            let d = eval(&[("calib", Value::Num(c))]).n("int8_drop_pp");
            assert!(d <= prev);
            prev = d;
        }
        for k in ["resnet50", "mobilenetv3_l", "vit_b16"] {
            let o = eval(&[("cnn", Value::Text(k))]);
            let drops = [
                "fp16_drop_pp",
                "int8_drop_pp",
                "int4_drop_pp",
                "int2_drop_pp",
            ];
            for w in drops.windows(2) {
                assert!(o.n(w[0]) < o.n(w[1]));
            }
        }
        // MobileNetV3 loses 0.5 × 1.6 = 0.8 pp at INT8: more than ResNet-50.
        let o = eval(&[("cnn", Value::Text("mobilenetv3_l"))]);
        assert!((o.n("int8_drop_pp") - 0.8).abs() < 1e-12);
    }

    #[test]
    fn act1_reflection_numbers() {
        let o = eval(&[]);
        assert_eq!(o.n("int8_levels"), 256.0);
        assert_eq!(o.n("int4_levels"), 16.0);
        // 127 / 7 = 18.14× coarser; 1/254 = 0.394 % and 1/14 = 7.14 % of the range.
        assert!((o.n("step_ratio_int4_int8") - 18.142_857).abs() < 1e-6);
        assert!((o.n("int8_step_pct") - 0.393_7).abs() < 1e-4);
        assert!((o.n("int4_step_pct") - 7.142_9).abs() < 1e-4);
    }

    #[test]
    fn act2_tiered_plan_is_best() {
        let o = eval(&[]);
        assert_eq!(o.get("best_plan"), Some(Value::Text("tiered")));
        // Defaults are that plan: 8.0, 4.0 and 2.0 GB, each exactly at its budget.
        assert!((o.n("flagship_gb") - 8.0).abs() < 1e-12);
        assert!((o.n("mid_gb") - 4.0).abs() < 1e-12);
        assert!((o.n("budget_gb") - 2.0).abs() < 1e-12);
        for f in ["flagship_oom", "mid_oom", "budget_oom", "constraint_hit"] {
            assert_eq!(o.get(f), Some(Value::Bool(false)), "{f}");
        }
        assert_eq!(o.get("all_on_frontier"), Some(Value::Bool(true)));
        // 32 / 8 = 4×, 32 / 2 = 16×.
        assert!((o.n("flagship_ratio") - 4.0).abs() < 1e-12);
        assert!((o.n("budget_ratio") - 16.0).abs() < 1e-12);
        // Δppl: 6.21 − 6.14 = 0.07, 6.47 − 6.14 = 0.33, 8.05 − 6.14 = 1.91.
        assert!((o.n("flagship_dppl") - 0.07).abs() < 1e-9);
        assert!((o.n("budget_dppl") - 1.91).abs() < 1e-9);
    }

    #[test]
    fn act2_wrong_plans_fail_by_their_margins() {
        // A: INT8 on mid (8 GB in 4) and budget (8 in 2): 2× and 4× over.
        let o = eval(&[
            ("mid", Value::Text("int8")),
            ("budget", Value::Text("int8")),
        ]);
        assert!((o.n("mid_gb") / 4.0 - 2.0).abs() < 1e-12);
        assert_eq!(o.get("mid_oom"), Some(Value::Bool(true)));
        assert!((o.n("budget_overflow_gb") - 6.0).abs() < 1e-12);
        assert_eq!(o.get("budget_oom"), Some(Value::Bool(true)));
        // C: 50 % unstructured with its mask is (4 × 0.5 + 1) / 8 × 8e9 = 3.0 GB: 1 GB over the budget tier.
        let o = eval(&[("budget", Value::Text("int4_u50"))]);
        assert!((o.n("budget_overflow_gb") - 1.0).abs() < 1e-12);
        assert_eq!(o.get("budget_frontier"), Some(Value::Bool(false)));
        // D: the distilled 1 B fits (1 GB) but costs 9.80 − 8.05 = 1.75 perplexity.
        let o = eval(&[("budget", Value::Text("distill1b_int8"))]);
        assert_eq!(o.get("budget_oom"), Some(Value::Bool(false)));
        assert!((o.n("budget_ppl") - 8.05 - 1.75).abs() < 1e-9);
        // FP16 on the flagship: 16 GB in 8.
        let o = eval(&[("flagship", Value::Text("fp16"))]);
        assert_eq!(o.get("flagship_oom"), Some(Value::Bool(true)));
        assert!((o.n("flagship_overflow_gb") - 8.0).abs() < 1e-12);
        // Back to the keyed plan: the failure clears.
        let o = eval(&[("budget", Value::Text("int4_s50"))]);
        assert_eq!(o.get("budget_oom"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_frontier_membership() {
        let off: Vec<&str> = CONFIGS
            .iter()
            .map(|c| c.value)
            .filter(|c| !on_frontier(c))
            .collect();
        // Unstructured (3.0, 7.85) is dominated by 30 % structured (2.8, 7.12); the 4 B
        // distillation (4.0, 7.30) by INT4 (4.0, 6.47). Everything else is on the frontier.
        assert_eq!(off, vec!["int4_u50", "distill4b_int8"]);
    }

    #[test]
    fn act2_reflection_and_takeaway() {
        let o = eval(&[]);
        assert_eq!(o.n("structured50_mac_pct"), 50.0);
        assert_eq!(o.n("unstructured50_mac_pct"), 100.0);
        // Flagship INT8 decode: 8 GB / 68 GB/s = 117.6 ms + 16 GFLOP / 35 TOPS = 0.46 ms → 8.47 tokens/s.
        assert!((o.n("flagship_tok_s") - 8.467).abs() < 1e-3);
    }

    #[test]
    fn act1_format_series() {
        let o = eval(&[]);
        // ResNet-50, 25.6 M weights: 4, 2, 1, 0.5 and 0.25 bytes each.
        let mb = o.get_series("format_mb").unwrap();
        let want = [102.4, 51.2, 25.6, 12.8, 6.4];
        assert_eq!(mb.len(), 5);
        for (a, b) in mb.iter().zip(want) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        // 76.1 % minus 0, 0.04, 0.50, 2.60 and 6.80 pp.
        let top1 = o.get_series("format_top1_pct").unwrap();
        let want = [76.1, 76.06, 75.6, 73.5, 69.3];
        for (a, b) in top1.iter().zip(want) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn act2_plot_series() {
        let o = eval(&[]);
        // Sizes: 8e9 weights × bits / 8 × (1 − pruned), plus a 1-bit mask for unstructured.
        let gb = o.get_series("config_gb").unwrap();
        let want = [32.0, 16.0, 8.0, 4.0, 3.6, 2.8, 2.0, 3.0, 4.0, 1.0];
        assert_eq!(gb.len(), CONFIGS.len());
        for (a, b) in gb.iter().zip(want) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        let ppls = o.get_series("config_ppl").unwrap();
        assert_eq!(ppls.len(), CONFIGS.len());
        assert!((ppls[0] - 6.14).abs() < 1e-12 && (ppls[9] - 9.80).abs() < 1e-12);
        // The tier budgets the plot draws as vertical lines.
        assert_eq!(o.n("flagship_limit_gb"), 8.0);
        assert_eq!(o.n("mid_limit_gb"), 4.0);
        assert_eq!(o.n("budget_limit_gb"), 2.0);
    }

    #[test]
    fn act2_best_fit_flags() {
        // The defaults are each tier's best fit.
        let o = eval(&[]);
        assert_eq!(o.get("plan_is_best"), Some(Value::Bool(true)));
        // INT4 on the flagship fits (4 GB in 8) but INT8 fits too and is better (6.21 < 6.47).
        let o = eval(&[("flagship", Value::Text("int4"))]);
        assert_eq!(o.get("flagship_is_best"), Some(Value::Bool(false)));
        assert_eq!(o.get("flagship_oom"), Some(Value::Bool(false)));
        assert_eq!(o.get("plan_is_best"), Some(Value::Bool(false)));
        assert_eq!(o.get("mid_is_best"), Some(Value::Bool(true)));
    }
}
