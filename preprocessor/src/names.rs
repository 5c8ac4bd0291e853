//! `mdbook-labs names <model-id>`: every name a chapter can use with a model, for authors.
//!
//! Inputs come first, with their label and their domain (a range's bounds, step, default and
//! unit; a toggle's default; a choice's options with their labels and its default); then the
//! outputs, with their kind, their unit and their value at the default inputs as
//! `physics::format` writes it (what `{name}` prints on the page for a number). The "did you
//! mean" help of a misspelt name points here.

use physics::format::{NumberFormat, format_value};
use physics::labs;
use physics::model::{InputKind, Kind, Model, Unit, Value};

/// The listing for the model `id`, one name a line in aligned columns; `Err` (the message
/// for an unknown id, which lists the models) when there is no such model.
pub fn listing(id: &str) -> Result<String, String> {
    let model = labs::find(id).ok_or_else(|| {
        let ids: Vec<&str> = labs::ALL.iter().map(|m| m.id).collect();
        let what = if id.is_empty() {
            "a model id is needed: `mdbook-labs names <model-id>`".to_string()
        } else {
            format!("no model `{id}`")
        };
        format!("{what}; the models are {}", ids.join(", "))
    })?;
    Ok(render(model))
}

fn render(model: &Model) -> String {
    let inputs: Vec<[String; 3]> = model
        .inputs
        .iter()
        .map(|i| [i.name.to_string(), i.label.to_string(), domain(i.kind)])
        .collect();
    let at_defaults = model.evaluate(&model.defaults());
    let outputs: Vec<[String; 3]> = model
        .outputs
        .iter()
        .map(|o| {
            let value = match o.kind {
                Kind::Series => at_defaults
                    .get_series(o.name)
                    .map(|xs| format!("{} values", xs.len())),
                _ => at_defaults.get(o.name).map(|v| match v {
                    Value::Num(x) => format_value(x, o.unit, NumberFormat::Auto),
                    Value::Bool(b) => b.to_string(),
                    Value::Text(t) => match o.value_label(t) {
                        Some(label) if label != t => format!("{t} ({label})"),
                        _ => t.to_string(),
                    },
                }),
            };
            [
                o.name.to_string(),
                format!("{} {}", o.kind.name(), unit(o.unit)),
                value.unwrap_or_else(|| "(not computed)".into()),
            ]
        })
        .collect();
    let mut out = format!("model {}: {}\n", model.id, model.title);
    out.push_str("inputs\n");
    table(&mut out, &inputs);
    out.push_str("outputs\n");
    table(&mut out, &outputs);
    out
}

/// An input's domain: `range 1–256 step 1, default 32 GB`, `toggle, default false`,
/// `choice cloud "Cloud (H100)" | edge "Edge", default cloud`.
fn domain(kind: InputKind) -> String {
    match kind {
        InputKind::Range {
            min,
            max,
            step,
            default,
            unit: u,
        } => format!(
            "range {min}–{max} step {step}, default {default} {}",
            unit(u)
        )
        .trim_end()
        .to_string(),
        InputKind::Toggle { default } => format!("toggle, default {default}"),
        InputKind::Choice { options, default } => {
            let opts: Vec<String> = options
                .iter()
                .map(|o| format!("{} \"{}\"", o.value, o.label))
                .collect();
            format!("choice {}, default {default}", opts.join(" | "))
        }
    }
}

/// A unit as the page prints it after a number (`ms`, `GB/s`); nothing for plain numbers.
fn unit(u: Unit) -> &'static str {
    match u {
        Unit::None => "",
        u => u.suffix(),
    }
}

/// Rows indented by two spaces, every column but the last padded to its widest cell.
fn table(out: &mut String, rows: &[[String; 3]]) {
    let width = |c: usize| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    for [a, b, c] in rows {
        let line = format!("  {a:<w0$}  {b:<w1$}  {c}");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_inputs_then_outputs_aligned_with_values_at_the_defaults() {
        let text = listing("v1-11").expect("v1-11 exists");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("model v1-11: "), "{text}");
        assert_eq!(lines[1], "inputs");
        let model = labs::find("v1-11").unwrap();
        let outputs_at = 2 + model.inputs.len();
        assert_eq!(lines[outputs_at], "outputs", "{text}");
        assert_eq!(lines.len(), outputs_at + 1 + model.outputs.len(), "{text}");
        // Each section names every input / output in declaration order.
        for (line, i) in lines[2..outputs_at].iter().zip(model.inputs) {
            assert!(line.starts_with(&format!("  {} ", i.name)), "{line}");
            assert!(line.contains(i.label), "{line}");
        }
        for (line, o) in lines[outputs_at + 1..].iter().zip(model.outputs) {
            assert!(line.starts_with(&format!("  {} ", o.name)), "{line}");
        }
        // Columns line up: every output's kind starts right after the widest name.
        let w0 = model.outputs.iter().map(|o| o.name.chars().count()).max();
        for (line, o) in lines[outputs_at + 1..].iter().zip(model.outputs) {
            let at: String = line.chars().skip(4 + w0.unwrap()).collect();
            assert!(at.starts_with(o.kind.name()), "{line}");
        }
    }

    #[test]
    fn formats_each_input_kind_and_output_values() {
        // v1-01's inputs are choices (AUTHORING.md's error example lists them).
        let text = listing("v1-01").unwrap();
        assert!(
            text.contains("choice cloud \"Cloud (H100)\" | "),
            "choice options with labels: {text}"
        );
        assert!(text.contains(", default cloud"), "{text}");
        // Hand-made inputs for the other two kinds: the domain text is the contract.
        let range = InputKind::Range {
            min: 1.0,
            max: 256.0,
            step: 0.5,
            default: 32.0,
            unit: Unit::Gb,
        };
        assert_eq!(domain(range), "range 1–256 step 0.5, default 32 GB");
        let plain = InputKind::Range {
            min: 0.0,
            max: 1.0,
            step: 0.1,
            default: 0.5,
            unit: Unit::None,
        };
        assert_eq!(domain(plain), "range 0–1 step 0.1, default 0.5");
        assert_eq!(
            domain(InputKind::Toggle { default: true }),
            "toggle, default true"
        );
        // Outputs: a number carries its unit and the page's formatting (three significant
        // digits); a flag prints true or false.
        let v1_11 = listing("v1-11").unwrap();
        let line = |name: &str| {
            v1_11
                .lines()
                .find(|l| l.starts_with(&format!("  {name} ")))
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        // The H100 SXM5's dense FP16 tensor peak is 989 TFLOPS (NVIDIA H100 datasheet);
        // v1-11 defaults to the H100 in FP16.
        assert_eq!(line("peak_tflops"), "peak_tflops number TFLOPS 989 TFLOPS");
        assert!(line("oom").starts_with("oom boolean "));
        assert!(
            line("oom").ends_with(" false"),
            "oom is off at the defaults"
        );
    }

    #[test]
    fn an_unknown_id_lists_the_models() {
        let err = listing("v9-99").unwrap_err();
        assert!(err.contains("no model `v9-99`"), "{err}");
        assert!(err.contains("v1-01, v1-02"), "{err}");
        assert!(err.contains("v2-17"), "{err}");
    }
}
