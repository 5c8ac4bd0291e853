//! Cross-lab consistency: the same device, model or law gives the same number in every lab
//! that shows it.
//!
//! Each check names a physical quantity, the value it must have (a datasheet figure or a
//! hand calculation written out beside it, never a model's output), and every lab output
//! that shows it, with the inputs that select the situation. A lab that grows its own copy
//! of a constant or a law drifts from the others, and this test names the pair.

use crate::model::Value;

/// One lab output at one set of inputs.
struct Probe {
    model: &'static str,
    set: &'static [(&'static str, Value)],
    output: &'static str,
    /// Multiplies the output into the check's unit (1e-3 for ms → s, say).
    scale: f64,
}

const fn probe(
    model: &'static str,
    set: &'static [(&'static str, Value)],
    output: &'static str,
) -> Probe {
    Probe {
        model,
        set,
        output,
        scale: 1.0,
    }
}

/// Every probe of `what` reads `want` within the relative tolerance `rel`.
fn agree(what: &str, want: f64, rel: f64, probes: &[Probe]) -> Vec<String> {
    let mut bad = Vec::new();
    for p in probes {
        let Some(m) = super::find(p.model) else {
            bad.push(format!("{what}: no model {}", p.model));
            continue;
        };
        for (name, _) in p.set {
            if m.input(name).is_none() {
                bad.push(format!("{what}: {} has no input {name}", p.model));
            }
        }
        let out = m.evaluate_pairs(p.set);
        let Some(x) = out.get(p.output).and_then(Value::as_num) else {
            bad.push(format!("{what}: {} has no number {}", p.model, p.output));
            continue;
        };
        let x = x * p.scale;
        if ((x - want) / want).abs() > rel {
            bad.push(format!(
                "{what}: {} {} = {x} at {:?}, want {want} (±{}%)",
                p.model,
                p.output,
                p.set,
                rel * 100.0
            ));
        }
    }
    bad
}

const EDGE: &[(&str, Value)] = &[("context", Value::Text("edge"))];
const CLOUD: &[(&str, Value)] = &[("context", Value::Text("cloud"))];
/// V1-16's cloud tier set up as V1-00's demo: one H100, static batches of 8, 4,096 tokens.
const V1_16_LIKE_V1_00: &[(&str, Value)] = &[
    ("h100_count", Value::Num(1.0)),
    ("serving", Value::Text("static")),
    ("context_tokens", Value::Num(4096.0)),
    ("cloud_quant", Value::Text("fp16")),
];

/// Every check; each returns the disagreements it found.
fn checks() -> Vec<Vec<String>> {
    vec![
        // Jetson Orin NX: 32 tensor cores × 512 FLOP/clk × 0.918 GHz = 15.04 TFLOPS dense
        // FP16, one figure in every lab (not the module's sparse INT8 100 TOPS).
        agree(
            "Orin NX dense FP16 peak (TFLOPS)",
            15.04,
            1e-3,
            &[
                probe("v1-01", &[], "edge_tflops"),
                probe("v1-00", &[("regime", Value::Text("edge"))], "regime_tflops"),
            ],
        ),
        // Its ridge point: 15.04e12 FLOP/s ÷ 102.4e9 B/s = 146.875 FLOP/B.
        agree(
            "Orin NX FP16 ridge point (FLOP/B)",
            146.875,
            1e-3,
            &[
                probe("v1-02", EDGE, "ridge_new"),
                probe("v1-07", EDGE, "ridge"),
                probe(
                    "v1-11",
                    &[
                        ("context", Value::Text("edge")),
                        ("precision", Value::Text("fp16")),
                    ],
                    "ridge",
                ),
            ],
        ),
        // H100 SXM5: 989e12 FLOP/s dense FP16 ÷ 3.35e12 B/s = 295.2 FLOP/B.
        agree(
            "H100 FP16 ridge point (FLOP/B)",
            295.22,
            1e-3,
            &[
                probe("v1-02", CLOUD, "ridge_new"),
                probe(
                    "v1-11",
                    &[
                        ("context", Value::Text("cloud")),
                        ("precision", Value::Text("fp16")),
                    ],
                    "ridge",
                ),
            ],
        ),
        // A100 SXM4: 312e12 ÷ 2.039e12 B/s = 153.0 FLOP/B.
        agree(
            "A100 FP16 ridge point (FLOP/B)",
            153.02,
            1e-3,
            &[
                probe("v1-02", CLOUD, "ridge_old"),
                probe("v1-07", CLOUD, "ridge"),
            ],
        ),
        // Two-level all-reduce of 7B FP16 gradients (14e9 B) inside one 8-GPU NVLink node:
        // reduce-scatter + all-gather, 2 × (7/8) × 14e9 B ÷ 450 GB/s per direction = 54.44 ms
        // (+ the α terms, 0.01 ms).
        agree(
            "all-reduce, 7B gradients, 8 GPUs on NVLink (s)",
            0.054_451,
            2e-3,
            &[
                probe("v2-02", &[], "sync_nvlink_s"),
                Probe {
                    scale: 1e-3,
                    ..probe("v2-05", &[], "allreduce_unbucketed_ms")
                },
            ],
        ),
        // 175B FP16 gradients (350e9 B) over 1,000 GPUs = 125 nodes of 8: intra-node
        // 2 × (7/8) × 350e9 ÷ 450e9 = 1.361 s, then a ring across 125 nodes at 8 × 50 GB/s:
        // 2 × (124/125) × 350e9 ÷ 400e9 = 1.736 s; 3.097 s in all.
        agree(
            "all-reduce, 175B gradients, 1,000 GPUs (s)",
            3.0975,
            2e-3,
            &[
                probe("v2-01", &[], "allreduce_s"),
                Probe {
                    scale: 1e-3,
                    ..probe(
                        "v2-05",
                        &[
                            ("model1_b", Value::Num(175.0)),
                            ("gpus1", Value::Num(1000.0)),
                        ],
                        "allreduce_unbucketed_ms",
                    )
                },
            ],
        ),
        // Mixed-precision Adam: BF16 weights 2 + BF16 gradients 2 + FP32 master, momentum
        // and variance 12 = 16 B per parameter (ZeRO paper, Rajbhandari et al. 2020, §3).
        agree(
            "static training state per parameter (B)",
            16.0,
            1e-9,
            &[
                probe("v1-08", &[], "static_bytes_per_param"),
                probe("v2-05", &[], "static_bytes_per_param"),
            ],
        ),
        // 7B on 8 GPUs with ZeRO-1 and one 2,048-token sequence per GPU: weights and
        // gradients 4 B/param = 28 GB, optimizer state 12 B/param ÷ 8 = 10.5 GB, plus one
        // sequence's activations by Korthikanti et al. 2022 (s·b·h·L·(34 + 5·a·s/h) B at
        // the shape `shape_for_params` gives 7B), 32.34 GB: 70.84 GB. The same job must need
        // the same memory in both labs.
        agree(
            "training memory, 7B on 8 GPUs, ZeRO-1 (GB)",
            70.843,
            1e-3,
            &[
                probe("v2-02", &[], "mem1_gb"),
                probe("v2-05", &[], "mem1_gb"),
            ],
        ),
        // Llama 2 7B decoding 8 sequences of 4,096 tokens in FP16 on one H100: weights
        // 2 × 6.74e9 = 13.48 GB, KV cache 2 × 32 layers × 32 heads × 128 × 2 B = 524,288 B
        // per token × 32,768 tokens = 17.18 GB; 30.66 GB in all.
        agree(
            "Llama 2 7B, batch 8 × 4,096 tokens, FP16: memory (GB)",
            30.66,
            1e-3,
            &[
                probe(
                    "v1-00",
                    &[("demo_batch", Value::Num(8.0))],
                    "demo_memory_gb",
                ),
                probe("v1-16", V1_16_LIKE_V1_00, "cloud_gb"),
            ],
        ),
        // One decode step reads all of it: 30.66e9 B ÷ 3.35e12 B/s = 9.152 ms, plus
        // 2 × 6.74e9 × 8 FLOP ÷ 989e12 FLOP/s = 0.109 ms, plus 0.01 ms launch: 9.271 ms.
        agree(
            "Llama 2 7B, batch 8 × 4,096 tokens, FP16: time per token (ms)",
            9.271,
            1e-3,
            &[
                probe(
                    "v1-00",
                    &[("demo_batch", Value::Num(8.0))],
                    "demo_latency_ms",
                ),
                probe("v1-16", V1_16_LIKE_V1_00, "cloud_tpot_ms"),
            ],
        ),
    ]
}

#[test]
fn the_same_device_model_or_law_gives_the_same_number_in_every_lab() {
    let bad: Vec<String> = checks().into_iter().flatten().collect();
    assert!(bad.is_empty(), "labs disagree:\n{}", bad.join("\n"));
}
