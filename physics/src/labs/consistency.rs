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
    ]
}

#[test]
fn the_same_device_model_or_law_gives_the_same_number_in_every_lab() {
    let bad: Vec<String> = checks().into_iter().flatten().collect();
    assert!(bad.is_empty(), "labs disagree:\n{}", bad.join("\n"));
}
