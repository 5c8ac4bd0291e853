//! The values a page can refer to: a model's inputs and outputs under one namespace.

use physics::model::{Model, Unit, Value, Values};

/// Inputs and outputs of one evaluation, plus the model for units. Names never collide:
/// `Model::self_check` rejects a model that uses a name twice.
#[derive(Clone, Debug)]
pub struct Env {
    pub model: &'static Model,
    pub inputs: Values,
    pub outputs: Values,
}

impl Env {
    /// Evaluates `model` at `inputs` (normalised by the model).
    pub fn eval(model: &'static Model, inputs: &Values) -> Self {
        // Keep the normalised inputs so that what is shown is what was computed.
        let inputs = model.normalize(inputs);
        let outputs = (model.compute)(&inputs);
        Self {
            model,
            inputs,
            outputs,
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.outputs.get(name).or_else(|| self.inputs.get(name))
    }

    pub fn num(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(Value::as_num)
    }

    /// The display unit of a name (outputs and range inputs have one).
    pub fn unit(&self, name: &str) -> Unit {
        if let Some(o) = self.model.output(name) {
            return o.unit;
        }
        match self.model.input(name).map(|i| i.kind) {
            Some(physics::model::InputKind::Range { unit, .. }) => unit,
            _ => Unit::None,
        }
    }

    /// A series output (histogram bins, timeline segments).
    pub fn series(&self, name: &str) -> Option<&[f64]> {
        self.outputs.get_series(name)
    }

    /// The label a value should be shown with: a choice input shows its option's label, a
    /// text output with declared values shows the declared label.
    pub fn display_text(&self, name: &str) -> Option<&'static str> {
        let v = self.get(name)?.as_text()?;
        if let Some(physics::model::InputKind::Choice { options, .. }) =
            self.model.input(name).map(|i| i.kind)
        {
            return options.iter().find(|c| c.value == v).map(|c| c.label);
        }
        if let Some(label) = self.model.output(name).and_then(|o| o.value_label(v)) {
            return Some(label);
        }
        Some(v)
    }
}
