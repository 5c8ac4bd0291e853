//! Recalled values that feed this page's inputs (`lab recall` fields with `input`): what an
//! earlier lab's record holds for the field, normalised to the input's domain, and the
//! sentence the recall box shows about it ("Using your Lab 13 value: …", or why the default
//! is used). The page sets the inputs; this module only reads and words.

use physics::model::{InputKind, Model, Value, Values};
use render::json::{Map, Value as Json};
use render::{Env, template};

/// Where a fed input's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Source {
    /// The earlier lab's value, normalised (clamped, snapped; a choice matched an option).
    Recalled(Value),
    /// The earlier lab has no record in this browser.
    NoRecord,
    /// The record has no value for this field.
    NoField,
    /// The recorded value does not fit the input (a choice that is not an option, a text
    /// for a number); it is shown as recorded.
    Unfit(String),
}

/// What the earlier lab's record `fields` (None: no record) gives for `field`, as a value
/// of `input`.
pub(crate) fn source(
    model: &Model,
    input: &str,
    fields: Option<&Map<String, Json>>,
    field: &str,
) -> Source {
    let Some(fields) = fields else {
        return Source::NoRecord;
    };
    match fields.get(field) {
        None | Some(Json::Null) => Source::NoField,
        Some(j) => match crate::page::input_value(model, input, j) {
            Some(v) => Source::Recalled(v),
            None => Source::Unfit(match j {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            }),
        },
    }
}

/// A value of input `name` as the page prints it (`{name}`: a choice's label, a number with
/// its unit).
fn show(model: &'static Model, name: &'static str, v: Value) -> String {
    let mut inputs = Values::new();
    inputs.set(name, v);
    let env = Env {
        model,
        inputs,
        outputs: Values::new(),
    };
    template::value(&env, name, "")
}

/// The recall box's sentence about input `name`, given where its value came from and its
/// current value (a control bound to the same input may have moved it since).
pub(crate) fn message(
    model: &'static Model,
    name: &'static str,
    lab: &str,
    source: &Source,
    current: Value,
) -> String {
    let now = show(model, name, current);
    let Some(def) = model.input(name) else {
        return String::new();
    };
    let start = match source {
        Source::Recalled(v) => *v,
        _ => def.default_value(),
    };
    let base = match source {
        Source::Recalled(v) => format!("Using your {lab} value: {}", show(model, name, *v)),
        Source::NoRecord => format!(
            "No record from {lab} yet: using the default {}",
            show(model, name, start)
        ),
        Source::NoField => format!(
            "Your {lab} record has no value for this yet: using the default {}",
            show(model, name, start)
        ),
        Source::Unfit(raw) => format!(
            "Your {lab} value, {raw}, is not {} here: using the default {}",
            if matches!(def.kind, InputKind::Choice { .. }) {
                "an option"
            } else {
                "a value this input takes"
            },
            show(model, name, start)
        ),
    };
    if current == start {
        format!("{base}.")
    } else {
        format!("{base}; the control now sets {now}.")
    }
}
