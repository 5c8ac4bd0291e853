//! The placeholder contract between the preprocessor and the widgets.
//!
//! Every interactive element the preprocessor emits is a placeholder whose `data-lab`
//! attribute holds one [`Widget`] as JSON, tagged with [`VERSION`]. The chapter itself is
//! wrapped in an element whose `data-lab-page` attribute holds a [`Page`]. Two further
//! attributes mark live fragments inside any placeholder:
//!
//! - `data-v="name"` and `data-f="fmt"` on a `<span>`: the span's text is the named value
//!   formatted with [`crate::template`]; the build writes the value at default inputs.
//! - `data-when='<Cond JSON>'`: the element gets the class `lab-on` while the condition holds.
//!
//! Nothing else crosses from build time to run time. Bump [`VERSION`] when a change here
//! would make an old page misread by new widgets (or the reverse); the widgets refuse a
//! version they do not know and say so in place.

use serde::{Deserialize, Serialize};

use crate::chart::ChartSpec;
use crate::cond::Cond;
use crate::plot::PlotSpec;

/// The contract version.
pub const VERSION: u32 = 1;

/// The chapter-level spec: which model drives the page and where its ledger lives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub v: u32,
    /// Model id, also the ledger record key (`v1-01`).
    pub lab: String,
    /// Namespaces the ledger in localStorage: several books may share one origin.
    pub book: String,
    pub title: String,
    /// Volume and number, for the HUD ("Vol 1 · Lab 01").
    pub label: String,
}

/// One placeholder's spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Widget {
    pub v: u32,
    #[serde(flatten)]
    pub kind: WidgetKind,
}

/// A prediction or reflection option's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptValue {
    Num(f64),
    Text(String),
}

/// One option of a prediction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredOption {
    pub key: String,
    pub value: OptValue,
}

/// Where a ledger field's value comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "ref")]
pub enum FieldSource {
    /// A model input or output (current value).
    Value(String),
    /// The locked option key or number of a prediction.
    Prediction(String),
    /// Whether a prediction was locked on the keyed answer.
    Correct(String),
    /// The chosen option of a reflection.
    Reflection(String),
    /// Whether a failure state has fired at any point.
    Fired(String),
    /// A constant written by the author.
    Const(OptValue),
    /// Arithmetic over model values, saved as a number.
    Expr(crate::expr::Expr),
    /// A template (`"{replicas:.0f},{batch:.0f}"`) rendered when the record is saved.
    Text(String),
}

/// A ledger field: its name in the record and its source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(flatten)]
    pub source: FieldSource,
}

/// A field another lab saved, shown by a recall widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecallField {
    pub name: String,
    pub label: String,
}

/// The widget kinds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WidgetKind {
    /// Native form controls bound to one model input.
    Control {
        input: String,
    },
    /// A prediction lock. `check` is the model value the keyed answer was validated
    /// against; `correct` the keyed option (choice) or the model's value (number).
    Prediction {
        id: String,
        check: String,
        correct: String,
        options: Vec<PredOption>,
        /// For numeric predictions: the tolerance (relative) that counts as correct.
        tolerance: Option<f64>,
    },
    /// Content hidden until a prediction is locked.
    Gate {
        prediction: String,
    },
    /// Prediction-vs-reality overlay. `actual` is the model's answer at the prediction's
    /// scenario, formatted at build time; `actual_num` the number behind it (for "off by N×").
    Reveal {
        prediction: String,
        actual: String,
        actual_num: Option<f64>,
    },
    Chart {
        chart: ChartSpec,
    },
    /// A plot (curve, scatter, area, histogram, timeline, heat map); its data table and
    /// live description are ordinary markup inside the placeholder.
    Plot {
        plot: Box<PlotSpec>,
    },
    /// A failure banner (its `data-when` carries the condition as well).
    Failure {
        id: String,
        when: Cond,
        level: String,
    },
    Reflection {
        id: String,
        correct: String,
    },
    Ledger {
        fields: Vec<Field>,
    },
    Recall {
        from: String,
        fields: Vec<RecallField>,
    },
    Hud {
        predictions: Vec<String>,
        failures: Vec<String>,
    },
    /// A container of live spans and conditional elements with no behaviour of its own.
    Live,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_json_shape_is_stable() {
        let w = Widget {
            v: VERSION,
            kind: WidgetKind::Failure {
                id: "oom".into(),
                when: Cond::Is("oom".into()),
                level: "danger".into(),
            },
        };
        let j = serde_json::to_string(&w).unwrap();
        assert_eq!(
            j,
            r#"{"v":1,"kind":"failure","id":"oom","when":{"is":"oom"},"level":"danger"}"#
        );
        let back: Widget = serde_json::from_str(&j).unwrap();
        assert_eq!(back, w);
        let f = Field {
            name: "ok".into(),
            source: FieldSource::Correct("act1".into()),
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"name":"ok","from":"correct","ref":"act1"}"#
        );
    }
}
