//! Vol 1 Lab 00, "The Architect's Portal": the orientation lab. Three concept checks (the
//! model is a small part of an ML system; light, heat and memory set hard walls; the
//! constraints pick the deployment regime), the four regimes in numbers, and a live demo of
//! the cockpit's levers.
//!
//! # Chapter contract
//!
//! **Contexts**: no two-context toggle. The closing choice `regime` (cloud / edge / mobile /
//! tiny) selects the regime card, the persona's numbers and the mission; the demo lever
//! `demo_batch` drives the interface tour.
//!
//! **Concept check 1** (radio): accuracy slid from 94 % to 81 % (`check1_drop_pts`, 13
//! points) with no code change. Whose domain? Options (a, "model architecture",
//! `architecture`), (b, "training algorithm", `training`), (c, "serving and monitoring
//! infrastructure", `serving_monitoring`), (d, "dataset size", `dataset_size`). Keyed **c**,
//! checked against `check1_domain`. Feedback quotes `model_code_pct` (5 %) and
//! `infra_code_pct` (95 %).
//!
//! **Concept 2** numbers: the light wall `london_ny_oneway_ms` (27.9 ms) and
//! `london_ny_rtt_ms` (55.7 ms) over `london_ny_km`; the heat wall `throttle_onset_s` (90 s),
//! `throttle_loss_lo_pct`-`throttle_loss_hi_pct` (30-70 %); the memory wall `mcu_sram_kib`
//! (512 KiB, no paging).
//!
//! **Concept check 2** (multi-select): a vehicle uses a data center `av_distance_km` (2,000 km)
//! away, measures `av_measured_rtt_ms` (40 ms) and needs `av_sla_ms` (10 ms). Options
//! (move the server closer, `fix_closer`), (run on the vehicle, `fix_on_vehicle`), (smaller
//! model, `fix_smaller_model`), (INT8, `fix_int8`), (faster GPU, `fix_faster_gpu`). Correct
//! set: the options whose flag is true, `check2_correct_set` = `closer+vehicle`. Feedback
//! quotes `av_rtt_floor_ms` (20 ms of propagation no compute fix removes), `av_floor_over_sla`
//! (2×) and `av_max_km` (1,000 km).
//!
//! **Concept check 3** (radio): an ICU sepsis detector must answer within 2 ms per reading,
//! keep data in the hospital and run six months on a small battery (3.7 Wh, one reading a
//! second). Options (a, "cloud", `cloud`), (b, "edge", `edge`), (c, "mobile", `mobile`),
//! (d, "TinyML", `tiny`). Keyed **d**, checked against `check3_regime`. Feedback quotes
//! `sepsis_budget_mw` (0.84 mW), `tiny_avg_mw` (0.2 mW, `tiny_life_days` 771) and
//! `mobile_avg_mw` (10 mW, `mobile_life_days` 15).
//!
//! **Regime card** (selected `regime`): `regime_device`, `regime_wall`,
//! `regime_latency_lo_ms`-`regime_latency_hi_ms`, `regime_tflops` (each device's dense peak in
//! the precision it runs at, named by `regime_precision`: H100 989 FP16 tensor, Orin NX 15.04
//! FP16 tensor, phone NPU 35 INT8, Cortex-M7 0.001 FP32), `regime_bw_gbs`, `regime_mem_gb`,
//! `regime_power_w`; spans across the spectrum `compute_span_orders` (6.0),
//! `memory_span_orders` (5.2), `power_span_orders` (3.8).
//!
//! **Personas**: cloud `cloud_idle_usd_per_day` ($20,000 of $40,000 a day idle at 50 %
//! utilisation, `cloud_gpus` ≈ 556 H100s, `cloud_70b_weights_gb` 140 GB); edge
//! `edge_spike_cm` (13.4 cm per 5 ms at 60 mph); mobile `mobile_frame_ms` (16.7 ms at 60 FPS)
//! within a 2 W budget; tiny `tiny_model_share_pct` (a 256 KB keyword spotter in 512 KiB) and
//! `tiny_max_duty_pct` (1 % duty cycle for a 1 mW budget).
//!
//! **Interface tour demo** (`demo_batch`, default 8): Llama 2 7B decoding on one H100 with a
//! 4,096-token context. Cards `demo_latency_ms` (9.27 ms per step), `demo_tokens_per_s` (863),
//! `demo_memory_gb` (30.7 GB), `demo_mfu_pct` (1.2 %); the header badge `demo_oom` (danger:
//! weights + KV cache exceed 80 GB) turns red at batch 31 and clears below it. Off at the
//! default.
//!
//! **Ledger** (ch0): `deployment_context` ← input `regime` (also saved as the ledger's track,
//! so later labs read it); `check1_answer`, `check1_correct` ← the student's answer vs
//! `check1_domain`; `check2_selections` ← the student's set vs the `fix_*` flags;
//! `check3_answer`, `check3_correct` ← the student's answer vs `check3_regime`.

use crate::catalog::{
    CLOUD_LATENCY_BUDGET_MS, CORTEX_M7, Device, EDGE_LATENCY_BUDGET_MS, FIBER_SPEED_KM_S, H100,
    H100_USD_PER_HOUR, LLAMA2_7B_CONTEXT, LLAMA2_7B_HEAD_DIM, LLAMA2_7B_HEADS, LLAMA2_7B_LAYERS,
    LLAMA2_7B_PARAMS, LONDON_NEW_YORK_KM, ML_MODEL_CODE_PCT, MOBILE_LATENCY_BUDGET_MS, ORIN_NX,
    PHONE_NPU, PHONE_THROTTLE_LOSS_PCT, PHONE_THROTTLE_ONSET_S, SPECTRUM, TINY_LATENCY_BUDGET_MS,
};
use crate::laws::battery::{battery_life, duty_cycled_power};
use crate::laws::memory::kv_cache;
use crate::laws::{IronLaw, round_trip};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Flops, Joules, Meters, Seconds, Speed, Watts};

const REGIMES: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud",
    },
    Choice {
        value: "edge",
        label: "Edge",
    },
    Choice {
        value: "mobile",
        label: "Mobile",
    },
    Choice {
        value: "tiny",
        label: "TinyML",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "regime",
        label: "Your deployment regime",
        kind: InputKind::Choice {
            options: REGIMES,
            default: "cloud",
        },
    },
    InputDef {
        name: "demo_batch",
        label: "Demo lever: batch size",
        kind: InputKind::Range {
            min: 1.0,
            max: 64.0,
            step: 1.0,
            default: 8.0,
            unit: Unit::Samples,
        },
    },
];

/// Values of `check1_domain`.
const CHECK1_DOMAINS: &[Choice] = &[Choice {
    value: "serving_monitoring",
    label: "serving and monitoring infrastructure",
}];

/// Values of `check2_correct_set`.
const CHECK2_SETS: &[Choice] = &[Choice {
    value: "closer+vehicle",
    label: "move the server closer, or run on the vehicle",
}];

/// Values of `check3_regime`: a regime that meets every constraint, or none.
const CHECK3_REGIMES: &[Choice] = &[
    Choice {
        value: "none",
        label: "none",
    },
    Choice {
        value: "edge",
        label: "edge",
    },
    Choice {
        value: "mobile",
        label: "mobile",
    },
    Choice {
        value: "tiny",
        label: "TinyML",
    },
];

/// Values of `regime_wall`.
const WALLS: &[Choice] = &[
    Choice {
        value: "tail latency",
        label: "tail latency",
    },
    Choice {
        value: "heat",
        label: "heat",
    },
    Choice {
        value: "SRAM capacity",
        label: "SRAM capacity",
    },
    Choice {
        value: "memory bandwidth",
        label: "memory bandwidth",
    },
];

const OUTPUTS: &[OutputDef] = &[
    // Concept 1.
    num(
        "model_code_pct",
        "Model code in a production ML system",
        Unit::Percent,
    ),
    num(
        "infra_code_pct",
        "Everything around the model",
        Unit::Percent,
    ),
    num(
        "check1_drop_pts",
        "Accuracy lost with no code change",
        Unit::Percent,
    ),
    choice("check1_domain", "Whose problem it is", CHECK1_DOMAINS),
    // Concept 2: the walls.
    num("london_ny_km", "London to New York", Unit::Km),
    num(
        "london_ny_oneway_ms",
        "London to New York, one way in fibre",
        Unit::Ms,
    ),
    num(
        "london_ny_rtt_ms",
        "London to New York, round trip",
        Unit::Ms,
    ),
    num("throttle_onset_s", "Phone throttles after", Unit::Seconds),
    num(
        "throttle_loss_lo_pct",
        "Throughput lost to throttling (low)",
        Unit::Percent,
    ),
    num(
        "throttle_loss_hi_pct",
        "Throughput lost to throttling (high)",
        Unit::Percent,
    ),
    num("mcu_sram_kib", "Microcontroller SRAM", Unit::Kib),
    // Concept check 2.
    num("av_distance_km", "Distance to the data center", Unit::Km),
    num("av_measured_rtt_ms", "Measured round trip", Unit::Ms),
    num("av_sla_ms", "Control-loop deadline", Unit::Ms),
    num(
        "av_rtt_floor_ms",
        "Round trip at the speed of light in fibre",
        Unit::Ms,
    ),
    num(
        "av_floor_over_sla",
        "Light-speed floor ÷ deadline",
        Unit::Ratio,
    ),
    num("av_max_km", "Farthest server the deadline allows", Unit::Km),
    flag("fix_closer", "Moving the server closer fixes it"),
    flag("fix_on_vehicle", "Running on the vehicle fixes it"),
    flag("fix_smaller_model", "A smaller model fixes it"),
    flag("fix_int8", "INT8 quantisation fixes it"),
    flag("fix_faster_gpu", "A faster GPU fixes it"),
    choice("check2_correct_set", "The fixes that work", CHECK2_SETS),
    // Concept check 3.
    num(
        "sepsis_budget_mw",
        "Average power six months allows",
        Unit::MilliWatts,
    ),
    num("cloud_avg_mw", "H100, duty-cycled", Unit::MilliWatts),
    num("edge_avg_mw", "Orin NX, duty-cycled", Unit::MilliWatts),
    num("mobile_avg_mw", "Phone NPU, duty-cycled", Unit::MilliWatts),
    num("tiny_avg_mw", "Cortex-M7, duty-cycled", Unit::MilliWatts),
    num("edge_life_days", "Orin NX battery life", Unit::Days),
    num("mobile_life_days", "Phone NPU battery life", Unit::Days),
    num("tiny_life_days", "Cortex-M7 battery life", Unit::Days),
    choice(
        "check3_regime",
        "The regime that meets every constraint",
        CHECK3_REGIMES,
    ),
    // The regime card.
    text("regime_device", "Reference device"),
    choice("regime_wall", "The wall this regime hits first", WALLS),
    num(
        "regime_latency_lo_ms",
        "Typical latency budget (low)",
        Unit::Ms,
    ),
    num(
        "regime_latency_hi_ms",
        "Typical latency budget (high)",
        Unit::Ms,
    ),
    num("regime_tflops", "Peak compute", Unit::Tflops),
    text(
        "regime_precision",
        "What the peak counts (FP16 tensor, INT8, FP32)",
    ),
    num("regime_bw_gbs", "Memory bandwidth", Unit::GbPerS),
    num("regime_mem_gb", "Memory", Unit::Gb),
    num("regime_power_w", "Power", Unit::Watts),
    num(
        "compute_span_orders",
        "Compute span, H100 to MCU (orders of ten)",
        Unit::None,
    ),
    num(
        "memory_span_orders",
        "Memory span, H100 to MCU (orders of ten)",
        Unit::None,
    ),
    num(
        "power_span_orders",
        "Power span, H100 to MCU (orders of ten)",
        Unit::None,
    ),
    // Personas.
    num(
        "cloud_idle_usd_per_day",
        "GPU spend wasted per day",
        Unit::Usd,
    ),
    num("cloud_gpus", "H100s that $40,000 a day rents", Unit::Gpus),
    num(
        "cloud_70b_weights_gb",
        "70 B model weights in FP16",
        Unit::Gb,
    ),
    num("edge_spike_cm", "Extra travel per latency spike", Unit::Cm),
    num("mobile_frame_ms", "Frame budget at 60 FPS", Unit::Ms),
    num(
        "tiny_model_share_pct",
        "Keyword spotter's share of SRAM",
        Unit::Percent,
    ),
    num(
        "tiny_max_duty_pct",
        "Largest duty cycle a 1 mW budget allows",
        Unit::Percent,
    ),
    // Interface tour demo.
    num("demo_memory_gb", "Weights + KV cache", Unit::Gb),
    num("demo_latency_ms", "Time per decoding step", Unit::Ms),
    num("demo_tokens_per_s", "Tokens per second", Unit::TokensPerS),
    num("demo_mfu_pct", "Model FLOPs utilisation", Unit::Percent),
    choice("demo_bound", "Binding term", super::BOUND_TERMS),
    flag("demo_oom", "Weights + KV cache exceed the GPU's memory"),
];

/// Concept check 1: accuracy before and after, in percent.
const CHECK1_BEFORE: f64 = 94.0;
const CHECK1_AFTER: f64 = 81.0;
/// Concept check 2: the vehicle's data center, measured round trip and deadline.
const AV_DISTANCE: Meters = Meters::km(2000.0);
const AV_MEASURED_RTT: Seconds = Seconds::ms(40.0);
const AV_SLA: Seconds = Seconds::ms(10.0);
/// A metro edge site, the "move the server closer" option.
const METRO_EDGE: Meters = Meters::km(50.0);
/// Concept check 3: a 1,000 mAh, 3.7 V cell, six months, one reading a second, each handled
/// within its 2 ms deadline and the device asleep (at zero power, generously) otherwise.
const SEPSIS_BATTERY_WH: f64 = 3.7;
const SEPSIS_LIFETIME: Seconds = Seconds::days(182.5);
const SEPSIS_DUTY: f64 = 0.002;
/// Personas.
const CLOUD_SPEND_PER_DAY: f64 = 40_000.0;
const CLOUD_UTILISATION: f64 = 0.5;
const CLOUD_MODEL_PARAMS: f64 = 70e9;
const EDGE_SPEED_MPH: f64 = 60.0;
const EDGE_SPIKE: Seconds = Seconds::ms(5.0);
const MOBILE_FPS: f64 = 60.0;
const TINY_MODEL: Bytes = Bytes::kb(256.0);
const TINY_POWER_BUDGET: Watts = Watts::mw(1.0);
/// One mile in metres.
const MILE_M: f64 = 1609.344;

fn regime_device(key: &str) -> Device {
    match key {
        "edge" => ORIN_NX,
        "mobile" => PHONE_NPU,
        "tiny" => CORTEX_M7,
        _ => H100,
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let fiber = Speed::km_per_s(FIBER_SPEED_KM_S.value);

    // Concept 1: the code did not change, so the cause is in what the code is fed and how
    // it is served; only monitoring sees it.
    o.num("model_code_pct", ML_MODEL_CODE_PCT.value)
        .num("infra_code_pct", 100.0 - ML_MODEL_CODE_PCT.value)
        .num("check1_drop_pts", CHECK1_BEFORE - CHECK1_AFTER)
        .text("check1_domain", "serving_monitoring");

    // Concept 2: the walls.
    let ny = Meters::km(LONDON_NEW_YORK_KM.value);
    let (lo, hi) = PHONE_THROTTLE_LOSS_PCT.value;
    o.num("london_ny_km", ny.as_km())
        .num("london_ny_oneway_ms", (ny / fiber).as_ms())
        .num("london_ny_rtt_ms", round_trip(ny, fiber).as_ms())
        .num("throttle_onset_s", PHONE_THROTTLE_ONSET_S.value)
        .num("throttle_loss_lo_pct", lo)
        .num("throttle_loss_hi_pct", hi)
        .num("mcu_sram_kib", CORTEX_M7.memory.value.as_kib());

    // Concept check 2: compute fixes can at best remove everything but propagation.
    let floor = round_trip(AV_DISTANCE, fiber);
    let compute_fix_best = floor;
    let closer = round_trip(METRO_EDGE, fiber);
    let fixes_compute = compute_fix_best <= AV_SLA;
    o.num("av_distance_km", AV_DISTANCE.as_km())
        .num("av_measured_rtt_ms", AV_MEASURED_RTT.as_ms())
        .num("av_sla_ms", AV_SLA.as_ms())
        .num("av_rtt_floor_ms", floor.as_ms())
        .num("av_floor_over_sla", floor / AV_SLA)
        .num("av_max_km", AV_SLA.as_s() * fiber.as_km_per_s() / 2.0)
        .flag("fix_closer", closer <= AV_SLA)
        .flag("fix_on_vehicle", true)
        .flag("fix_smaller_model", fixes_compute)
        .flag("fix_int8", fixes_compute)
        .flag("fix_faster_gpu", fixes_compute)
        .text("check2_correct_set", "closer+vehicle");

    // Concept check 3: duty-cycled average power against what the battery allows.
    let battery = Joules::kwh(SEPSIS_BATTERY_WH / 1000.0);
    let budget = Watts::new(battery.si() / SEPSIS_LIFETIME.as_s());
    let mut feasible = "none";
    for (key, avg_out, life_out) in [
        ("cloud", "cloud_avg_mw", None),
        ("edge", "edge_avg_mw", Some("edge_life_days")),
        ("mobile", "mobile_avg_mw", Some("mobile_life_days")),
        ("tiny", "tiny_avg_mw", Some("tiny_life_days")),
    ] {
        let d = regime_device(key);
        let avg = duty_cycled_power(d.power.value, Watts::ZERO, SEPSIS_DUTY);
        let life = battery_life(battery, avg);
        o.num(avg_out, avg.as_w() * 1e3);
        if let Some(name) = life_out {
            o.num(name, life.as_days());
        }
        // The cloud fails "data stays in the hospital" whatever its power.
        if key != "cloud" && life >= SEPSIS_LIFETIME {
            feasible = key;
        }
    }
    o.num("sepsis_budget_mw", budget.as_w() * 1e3)
        .text("check3_regime", feasible);

    // The regime card.
    let key = i.t("regime");
    let dev = regime_device(key);
    let (wall, budget_ms) = match key {
        "edge" => ("tail latency", EDGE_LATENCY_BUDGET_MS.value),
        "mobile" => ("heat", MOBILE_LATENCY_BUDGET_MS.value),
        "tiny" => ("SRAM capacity", TINY_LATENCY_BUDGET_MS.value),
        _ => ("memory bandwidth", CLOUD_LATENCY_BUDGET_MS.value),
    };
    let (big, small) = (SPECTRUM[3], SPECTRUM[0]);
    o.text("regime_device", dev.name)
        .text("regime_wall", wall)
        .num("regime_latency_lo_ms", budget_ms.0)
        .num("regime_latency_hi_ms", budget_ms.1)
        .num("regime_tflops", dev.peak.value.as_tflops())
        .text("regime_precision", dev.datatype)
        .num("regime_bw_gbs", dev.mem_bw.value.as_gb_per_s())
        .num("regime_mem_gb", dev.memory.value.as_gb())
        .num("regime_power_w", dev.power.value.as_w())
        .num(
            "compute_span_orders",
            (big.peak.value / small.peak.value).log10(),
        )
        .num(
            "memory_span_orders",
            (big.memory.value / small.memory.value).log10(),
        )
        .num(
            "power_span_orders",
            (big.power.value / small.power.value).log10(),
        );

    // Personas.
    let speed_m_per_s = EDGE_SPEED_MPH * MILE_M / 3600.0;
    o.num(
        "cloud_idle_usd_per_day",
        CLOUD_SPEND_PER_DAY * (1.0 - CLOUD_UTILISATION),
    )
    .num(
        "cloud_gpus",
        CLOUD_SPEND_PER_DAY / (24.0 * H100_USD_PER_HOUR.value),
    )
    .num(
        "cloud_70b_weights_gb",
        Bytes::new(CLOUD_MODEL_PARAMS * 2.0).as_gb(),
    )
    .num("edge_spike_cm", 100.0 * speed_m_per_s * EDGE_SPIKE.as_s())
    .num("mobile_frame_ms", 1000.0 / MOBILE_FPS)
    .num(
        "tiny_model_share_pct",
        100.0 * (TINY_MODEL / CORTEX_M7.memory.value),
    )
    .num(
        "tiny_max_duty_pct",
        100.0 * (TINY_POWER_BUDGET / CORTEX_M7.power.value),
    );

    // Interface tour: one decoding step of Llama 2 7B reads every weight and the whole KV
    // cache once, and does 2 FLOPs per parameter per sequence.
    let batch = i.n("demo_batch");
    let weights = Bytes::new(LLAMA2_7B_PARAMS.value * 2.0);
    let kv = kv_cache(
        LLAMA2_7B_LAYERS.value,
        LLAMA2_7B_HEADS.value,
        LLAMA2_7B_HEAD_DIM.value,
        LLAMA2_7B_CONTEXT.value,
        batch,
        2.0,
    );
    let ops = Flops::new(2.0 * LLAMA2_7B_PARAMS.value * batch);
    let step = IronLaw::new(
        weights + kv,
        H100.mem_bw.value,
        ops,
        H100.peak.value,
        1.0,
        H100.overhead.value,
    );
    let t = step.total();
    o.num("demo_memory_gb", (weights + kv).as_gb())
        .num("demo_latency_ms", t.as_ms())
        .num("demo_tokens_per_s", batch / t.as_s())
        .num("demo_mfu_pct", 100.0 * ((ops / t) / H100.peak.value))
        .text("demo_bound", step.bound().name())
        .flag("demo_oom", weights + kv > H100.memory.value);
    o
}

/// The Lab 00 model.
pub const MODEL: Model = Model {
    id: "v1-00",
    title: "The Architect's Portal",
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
    fn check1_is_the_systems_problem() {
        let o = eval(&[]);
        assert_eq!(
            o.get("check1_domain"),
            Some(Value::Text("serving_monitoring"))
        );
        assert_eq!(o.n("check1_drop_pts"), 13.0);
        assert_eq!(o.n("model_code_pct") + o.n("infra_code_pct"), 100.0);
    }

    #[test]
    fn concept2_walls() {
        let o = eval(&[]);
        // 5,570 km / 200,000 km/s = 27.85 ms one way, 55.7 ms round trip (not 36 ms).
        assert!((o.n("london_ny_oneway_ms") - 27.85).abs() < 1e-9);
        assert!((o.n("london_ny_rtt_ms") - 55.7).abs() < 1e-9);
        assert_eq!(o.n("mcu_sram_kib"), 512.0);
        assert_eq!(o.n("throttle_onset_s"), 90.0);
    }

    #[test]
    fn check2_only_distance_fixes_the_light_barrier() {
        let o = eval(&[]);
        // 2 × 2,000 km / 200,000 km/s = 20 ms: twice the 10 ms deadline before any compute.
        assert!((o.n("av_rtt_floor_ms") - 20.0).abs() < 1e-9);
        assert!((o.n("av_floor_over_sla") - 2.0).abs() < 1e-12);
        // 10 ms × 200,000 km/s / 2 = 1,000 km.
        assert!((o.n("av_max_km") - 1000.0).abs() < 1e-9);
        for (k, want) in [
            ("fix_closer", true),
            ("fix_on_vehicle", true),
            ("fix_smaller_model", false),
            ("fix_int8", false),
            ("fix_faster_gpu", false),
        ] {
            assert_eq!(o.get(k), Some(Value::Bool(want)), "{k}");
        }
        assert_eq!(
            o.get("check2_correct_set"),
            Some(Value::Text("closer+vehicle"))
        );
        // The measured 40 ms is twice the physical floor: routing and queueing on top.
        assert!(o.n("av_measured_rtt_ms") > o.n("av_rtt_floor_ms"));
    }

    #[test]
    fn check3_only_the_microcontroller_lasts_six_months() {
        let o = eval(&[]);
        assert_eq!(o.get("check3_regime"), Some(Value::Text("tiny")));
        // Budget: 3.7 Wh = 13,320 J over 182.5 days (15,768,000 s) = 0.845 mW.
        assert!((o.n("sepsis_budget_mw") - 0.844_7).abs() < 1e-4);
        // Cortex-M7: 100 mW × 0.2 % = 0.2 mW → 13,320 J / 0.0002 W = 770.8 days.
        assert!((o.n("tiny_avg_mw") - 0.2).abs() < 1e-12);
        assert!((o.n("tiny_life_days") - 770.83).abs() < 0.01);
        // Phone NPU: 5 W × 0.2 % = 10 mW → 1,332,000 s = 15.4 days; Orin: 50 mW, 3.1 days.
        assert!((o.n("mobile_avg_mw") - 10.0).abs() < 1e-9);
        assert!((o.n("mobile_life_days") - 15.417).abs() < 1e-3);
        assert!((o.n("edge_life_days") - 3.083).abs() < 1e-3);
        // Even generously duty-cycled, the phone draws 10 / 0.845 = 11.8× the budget.
        assert!((o.n("mobile_avg_mw") / o.n("sepsis_budget_mw") - 11.84).abs() < 0.01);
    }

    #[test]
    fn regime_figures() {
        let o = eval(&[]);
        assert_eq!(o.get("regime_wall"), Some(Value::Text("memory bandwidth")));
        assert_eq!(o.n("regime_latency_lo_ms"), 100.0);
        // log₁₀(989,000) = 5.995; log₁₀(80e9 / 524,288) = 5.18; log₁₀(7,000) = 3.85.
        assert!((o.n("compute_span_orders") - 5.995).abs() < 1e-3);
        assert!((o.n("memory_span_orders") - 5.183_5).abs() < 1e-3);
        assert!((o.n("power_span_orders") - 3.845_1).abs() < 1e-3);
        let t = eval(&[("regime", Value::Text("tiny"))]);
        assert_eq!(t.get("regime_wall"), Some(Value::Text("SRAM capacity")));
        assert_eq!(t.n("regime_latency_hi_ms"), 10.0);
        assert!((t.n("regime_power_w") - 0.1).abs() < 1e-12);
        let m = eval(&[("regime", Value::Text("mobile"))]);
        assert_eq!(m.get("regime_wall"), Some(Value::Text("heat")));
        let e = eval(&[("regime", Value::Text("edge"))]);
        assert_eq!(e.get("regime_wall"), Some(Value::Text("tail latency")));
        // Orin NX: 32 tensor cores × 512 FLOP/clk × 918 MHz = 15.04 TFLOPS dense FP16 (not the
        // 100 sparse INT8 TOPS of the module headline); 102.4 GB/s, 16 GB, 25 W.
        assert!((e.n("regime_tflops") - 15.04).abs() < 0.01);
        assert_eq!(e.get("regime_precision"), Some(Value::Text("FP16 tensor")));
        assert!((e.n("regime_bw_gbs") - 102.4).abs() < 1e-9);
        // Phone NPU: 35 INT8 TOPS (A17 Pro Neural Engine), named as INT8, not FLOPs.
        assert_eq!(m.n("regime_tflops"), 35.0);
        assert_eq!(m.get("regime_precision"), Some(Value::Text("INT8")));
    }

    #[test]
    fn persona_numbers() {
        let o = eval(&[]);
        // $40,000 × 50 % idle = $20,000; $40,000 / (24 h × $3/h) = 555.6 H100s.
        assert!((o.n("cloud_idle_usd_per_day") - 20_000.0).abs() < 1e-9);
        assert!((o.n("cloud_gpus") - 555.56).abs() < 0.01);
        assert!((o.n("cloud_70b_weights_gb") - 140.0).abs() < 1e-9);
        // 60 mph = 26.82 m/s; × 5 ms = 13.4 cm (not 15 cm).
        assert!((o.n("edge_spike_cm") - 13.411).abs() < 1e-3);
        assert!((o.n("mobile_frame_ms") - 16.667).abs() < 1e-3);
        // 256,000 B / 524,288 B = 48.8 %; 1 mW / 100 mW = 1 %.
        assert!((o.n("tiny_model_share_pct") - 48.828).abs() < 1e-3);
        assert!((o.n("tiny_max_duty_pct") - 1.0).abs() < 1e-12);
    }

    #[test]
    fn demo_readouts_and_badge() {
        let o = eval(&[]);
        // Weights 6.74e9 × 2 B = 13.48 GB; KV 2 × 32 × 32 × 128 × 4,096 × 2 B = 2.147 GB per
        // sequence, × 8 = 17.18 GB; total 30.66 GB.
        assert!((o.n("demo_memory_gb") - 30.66).abs() < 0.01);
        // (30.66 GB / 3,350 GB/s = 9.152 ms) + (107.8 GFLOP / 989 TFLOP/s = 0.109 ms) + 0.01 ms
        // = 9.271 ms; 8 / 9.271 ms = 863 tokens/s; 107.8e9 / 9.271e-3 / 989e12 = 1.18 %.
        assert!((o.n("demo_latency_ms") - 9.271).abs() < 1e-3);
        assert!((o.n("demo_tokens_per_s") - 862.9).abs() < 0.1);
        assert!((o.n("demo_mfu_pct") - 1.176).abs() < 1e-3);
        assert_eq!(o.get("demo_bound"), Some(Value::Text("memory")));
        assert_eq!(o.get("demo_oom"), Some(Value::Bool(false)));
        // Batch 31: 13.48 + 31 × 2.147 = 80.04 GB > 80 GB: the badge turns red.
        let b31 = eval(&[("demo_batch", Value::Num(31.0))]);
        assert_eq!(b31.get("demo_oom"), Some(Value::Bool(true)));
        let b30 = eval(&[("demo_batch", Value::Num(30.0))]);
        assert_eq!(b30.get("demo_oom"), Some(Value::Bool(false)));
    }

    #[test]
    fn demo_latency_and_throughput_grow_with_batch() {
        let (mut lat, mut tps) = (0.0, 0.0);
        for b in 1..=64 {
            let o = eval(&[("demo_batch", Value::Num(b as f64))]);
            assert!(o.n("demo_latency_ms") > lat && o.n("demo_tokens_per_s") > tps);
            lat = o.n("demo_latency_ms");
            tps = o.n("demo_tokens_per_s");
        }
    }
}
