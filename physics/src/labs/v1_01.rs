//! Vol 1 Lab 01, "The Magnitude Awakening": the deployment spectrum in numbers (Act I) and
//! the Iron Law applied to ResNet-50 at batch 1 on a cloud GPU and a microcontroller (Act II).

use crate::catalog::{self, CORTEX_M7, Device, H100, ORIN_NX, PHONE_NPU};
use crate::laws::{Bound, IronLaw, oversubscription};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, text,
};
use crate::units::{Bytes, Flops};

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "cloud",
        label: "Cloud (H100)",
    },
    Choice {
        value: "tiny",
        label: "TinyML (Cortex-M7)",
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
        name: "hardware",
        label: "Run ResNet-50 on",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "cloud",
        },
    },
];

const OUTPUTS: &[OutputDef] = &[
    num("tiny_tflops", "Cortex-M7 peak compute", Unit::Tflops),
    num("mobile_tflops", "Smartphone NPU peak compute", Unit::Tflops),
    num("edge_tflops", "Jetson Orin NX peak compute", Unit::Tflops),
    num("cloud_tflops", "H100 peak compute", Unit::Tflops),
    num("tiny_bw", "Cortex-M7 memory bandwidth", Unit::GbPerS),
    num("mobile_bw", "Smartphone NPU memory bandwidth", Unit::GbPerS),
    num("edge_bw", "Jetson Orin NX memory bandwidth", Unit::GbPerS),
    num("cloud_bw", "H100 memory bandwidth", Unit::GbPerS),
    text("tiny_datatype", "Cortex-M7 datatype of its peak"),
    text("mobile_datatype", "Smartphone NPU datatype of its peak"),
    text("edge_datatype", "Jetson Orin NX datatype of its peak"),
    text("cloud_datatype", "H100 datatype of its peak"),
    num("tiny_power", "Cortex-M7 power", Unit::Watts),
    num("mobile_power", "Smartphone NPU power", Unit::Watts),
    num("edge_power", "Jetson Orin NX power", Unit::Watts),
    num("cloud_power", "H100 power", Unit::Watts),
    num("tiny_mem", "Cortex-M7 memory", Unit::Gb),
    num("cloud_mem", "H100 memory", Unit::Gb),
    num("tiny_mem_kib", "Cortex-M7 SRAM", Unit::Kib),
    num("compute_ratio", "Compute gap (H100 ÷ M7)", Unit::Ratio),
    num("bw_ratio", "Bandwidth gap", Unit::Ratio),
    num("capacity_ratio", "Memory capacity gap", Unit::Ratio),
    num("power_ratio", "Power gap", Unit::Ratio),
    num(
        "compute_orders",
        "Compute gap in orders of magnitude",
        Unit::None,
    ),
    text("context_device", "Selected device"),
    num(
        "context_tflops",
        "Selected device peak compute",
        Unit::Tflops,
    ),
    num("context_bw", "Selected device bandwidth", Unit::GbPerS),
    num("context_power", "Selected device power", Unit::Watts),
    text("hw_device", "Act II device"),
    num(
        "model_gflops",
        "ResNet-50 operations per inference",
        Unit::Gflops,
    ),
    num("model_mb", "ResNet-50 bytes moved per inference", Unit::Mb),
    num("device_mem_mb", "Device memory", Unit::Mb),
    num("hw_bw", "Act II device memory bandwidth", Unit::GbPerS),
    num("hw_tflops", "Act II device peak compute", Unit::Tflops),
    num("t_mem_ms", "Memory term D/BW", Unit::Ms),
    num("t_compute_ms", "Compute term O/R", Unit::Ms),
    num("t_overhead_ms", "Overhead L", Unit::Ms),
    num("t_total_ms", "Total latency T", Unit::Ms),
    num("t_total_s", "Total latency T", Unit::Seconds),
    num(
        "mem_over_compute",
        "Memory term ÷ compute term",
        Unit::Ratio,
    ),
    choice("binding", "Binding term", super::BOUND_TERMS),
    flag("memory_bound", "Memory term binds"),
    flag("compute_bound", "Compute term binds"),
    flag("oom", "Model does not fit in memory"),
    num("oom_factor", "Model size ÷ device memory", Unit::Ratio),
    num("int8_model_mb", "ResNet-50 weights in INT8", Unit::Mb),
    num("int8_oom_factor", "INT8 model ÷ MCU SRAM", Unit::Ratio),
];

fn device(key: &str) -> Device {
    if key == "tiny" { CORTEX_M7 } else { H100 }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    let (m7, npu, orin, h100) = (CORTEX_M7, PHONE_NPU, ORIN_NX, H100);
    for (prefix, d) in [
        ("tiny", m7),
        ("mobile", npu),
        ("edge", orin),
        ("cloud", h100),
    ] {
        let (c, t, b, p) = match prefix {
            "tiny" => ("tiny_tflops", "tiny_datatype", "tiny_bw", "tiny_power"),
            "mobile" => ("mobile_tflops", "mobile_datatype", "mobile_bw", "mobile_power"),
            "edge" => ("edge_tflops", "edge_datatype", "edge_bw", "edge_power"),
            _ => ("cloud_tflops", "cloud_datatype", "cloud_bw", "cloud_power"),
        };
        o.num(c, d.peak.value.as_tflops())
            .text(t, d.datatype)
            .num(b, d.mem_bw.value.as_gb_per_s())
            .num(p, d.power.value.as_w());
    }
    o.num("tiny_mem", m7.memory.value.as_gb())
        .num("cloud_mem", h100.memory.value.as_gb())
        .num("tiny_mem_kib", m7.memory.value.as_kib());
    // 989 TFLOP/s ÷ 1 GFLOP/s = 989,000; 3,350 ÷ 0.05 GB/s = 67,000;
    // 80 GB ÷ 512 KiB = 80e9 / 524,288 = 152,588; 700 W ÷ 0.1 W = 7,000.
    let compute_ratio = h100.peak.value / m7.peak.value;
    o.num("compute_ratio", compute_ratio)
        .num("bw_ratio", h100.mem_bw.value / m7.mem_bw.value)
        .num("capacity_ratio", h100.memory.value / m7.memory.value)
        .num("power_ratio", h100.power.value / m7.power.value)
        .num("compute_orders", compute_ratio.log10());

    let ctx = device(i.t("context"));
    o.text("context_device", ctx.name)
        .num("context_tflops", ctx.peak.value.as_tflops())
        .num("context_bw", ctx.mem_bw.value.as_gb_per_s())
        .num("context_power", ctx.power.value.as_w());

    // Act II: ResNet-50 at batch 1, η = 1, on the chosen device: 8 GFLOP (4 G multiply-adds at
    // 2 FLOP each, the convention of every catalog peak) and 100 MB moved.
    let hw = device(i.t("hardware"));
    let data = Bytes::mb(catalog::RESNET50_BYTES_MB.value);
    let ops = Flops::giga(catalog::RESNET50_GFLOPS.value);
    let t = IronLaw::new(
        data,
        hw.mem_bw.value,
        ops,
        hw.peak.value,
        1.0,
        hw.overhead.value,
    );
    let bound = t.bound();
    let fit = oversubscription(data, hw.memory.value);
    // INT8 halves FP16 and quarters FP32: 100 MB → 25 MB, still ~48× the MCU's 512 KiB.
    let int8 = data * 0.25;
    o.text("hw_device", hw.name)
        .num("model_gflops", ops.as_giga())
        .num("model_mb", data.as_mb())
        .num("device_mem_mb", hw.memory.value.as_mb())
        .num("hw_bw", hw.mem_bw.value.as_gb_per_s())
        .num("hw_tflops", hw.peak.value.as_tflops())
        .num("t_mem_ms", t.memory.as_ms())
        .num("t_compute_ms", t.compute.as_ms())
        .num("t_overhead_ms", t.overhead.as_ms())
        .num("t_total_ms", t.total().as_ms())
        .num("t_total_s", t.total().as_s())
        .num("mem_over_compute", t.memory / t.compute)
        .text("binding", bound.name())
        .flag("memory_bound", bound == Bound::Memory)
        .flag("compute_bound", bound == Bound::Compute)
        .flag("oom", fit > 1.0)
        .num("oom_factor", fit)
        .num("int8_model_mb", int8.as_mb())
        .num("int8_oom_factor", int8 / m7.memory.value);
    o
}

/// The Lab 01 model.
pub const MODEL: Model = Model {
    id: "v1-01",
    title: "The Magnitude Awakening",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn at(hw: &'static str) -> Values {
        let mut i = Values::new();
        i.text("hardware", hw);
        MODEL.evaluate(&i)
    }

    #[test]
    fn act1_gaps() {
        let o = at("cloud");
        // 989e12 / 1e9 = 989,000: six orders of magnitude, option C (~10^6).
        assert!((o.n("compute_ratio") - 989_000.0).abs() < 1e-6);
        assert!((o.n("compute_orders") - 5.995).abs() < 1e-3);
        // 3,350 / 0.05 = 67,000.
        assert!((o.n("bw_ratio") - 67_000.0).abs() < 1e-6);
        // 80e9 / (512 × 1024) = 152,587.9.
        assert!((o.n("capacity_ratio") - 152_587.890_625).abs() < 1e-6);
        // 700 / 0.1 = 7,000.
        assert!((o.n("power_ratio") - 7_000.0).abs() < 1e-9);
    }

    #[test]
    fn act1_spectrum_uses_dense_peaks() {
        let o = at("cloud");
        // Cortex-M7 480 MHz × 2 FLOP (FMA) ≈ 1 GFLOPS FP32; phone NPU 35 TOPS INT8; Orin NX
        // 32 tensor cores × 512 FLOP/clk × 0.918 GHz = 15.04 TFLOPS dense FP16 (not the
        // 100 TOPS sparse INT8 of GPU + DLAs); H100 989 TFLOPS dense FP16.
        assert!((o.n("tiny_tflops") - 0.001).abs() < 1e-12);
        assert!((o.n("mobile_tflops") - 35.0).abs() < 1e-9);
        assert!((o.n("edge_tflops") - 15.04).abs() < 1e-9);
        assert!((o.n("cloud_tflops") - 989.0).abs() < 1e-9);
        assert_eq!(o.get("edge_datatype"), Some(Value::Text("FP16 tensor")));
        assert_eq!(o.get("mobile_datatype"), Some(Value::Text("INT8")));
        assert_eq!(o.get("tiny_datatype"), Some(Value::Text("FP32")));
        // Bandwidth 0.05 / 68 / 102.4 / 3,350 GB/s; power 0.1 / 5 / 25 / 700 W.
        assert!((o.n("edge_bw") - 102.4).abs() < 1e-9);
        assert!((o.n("edge_power") - 25.0).abs() < 1e-9);
    }

    #[test]
    fn act2_h100_is_memory_bound() {
        let o = at("cloud");
        // ResNet-50: ~4 G multiply-adds = 8 GFLOP (He et al.: 3.8 G; an FMA is 2 FLOP, as in
        // the 989 TFLOPS peak).
        assert!((o.n("model_gflops") - 8.0).abs() < 1e-12);
        // 0.1 GB / 3,350 GB/s = 0.029851 ms; 8 GFLOP / 989 TFLOP/s = 0.008089 ms.
        assert!((o.n("t_mem_ms") - 0.029_851).abs() < 1e-6);
        assert!((o.n("t_compute_ms") - 0.008_089).abs() < 1e-6);
        // 0.029851 / 0.008089 = 3.69: memory takes ~3.7× longer (not 7,500×).
        assert!((o.n("mem_over_compute") - 3.69).abs() < 0.01);
        // Total = 0.029851 + 0.008089 + 0.01 = 0.047940 ms.
        assert!((o.n("t_total_ms") - 0.047_940).abs() < 1e-5);
        assert_eq!(o.get("binding"), Some(Value::Text("memory")));
        assert_eq!(o.get("oom"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_mcu_runs_out_of_memory() {
        let o = at("tiny");
        assert_eq!(o.get("oom"), Some(Value::Bool(true)));
        // 100e6 B / 524,288 B = 190.7× over.
        assert!((o.n("oom_factor") - 190.73).abs() < 0.01);
        // 25 MB INT8 / 512 KiB = 47.7×.
        assert!((o.n("int8_oom_factor") - 47.68).abs() < 0.01);
        // Would-be latency: 100 MB / 0.05 GB/s = 2 s memory + 8 GFLOP / 1 GFLOP/s = 8 s compute
        // + 2 ms = 10.002 s; compute binds.
        assert!((o.n("t_total_s") - 10.002).abs() < 1e-9);
        assert_eq!(o.get("binding"), Some(Value::Text("compute")));
    }
}
