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

use std::collections::BTreeMap;

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
    /// Whether a prediction was locked on the keyed answer, or a concept check answered
    /// right (for a multi-select: exactly the correct set).
    Correct(String),
    /// The keys a concept check was answered with, joined with `,` in option order.
    Check(String),
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
    /// A model input of this page that the recalled value sets (normalised to the input's
    /// domain) before the first evaluation; the input keeps its default when the record or
    /// the field is missing, or the value does not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// How a page names another lab in its recall messages: "Lab 13" within the same volume,
/// "Volume II Lab 05" across volumes. Ids look like `v1-13`; anything else is shown as it is.
pub fn lab_name(from: &str, page_lab: &str) -> String {
    let parse = |id: &str| {
        let (vol, num) = id.strip_prefix('v')?.split_once('-')?;
        Some((vol.parse::<u32>().ok()?, num.parse::<u32>().ok()?))
    };
    match (parse(from), parse(page_lab)) {
        (Some((v, n)), Some((pv, _))) if v == pv => format!("Lab {n:02}"),
        (Some((v, n)), _) => {
            let roman = match v {
                1 => "I".to_string(),
                2 => "II".to_string(),
                _ => v.to_string(),
            };
            format!("Volume {roman} Lab {n:02}")
        }
        _ => from.to_string(),
    }
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
    /// Content hidden until a prediction (or the concept check of that id) is locked.
    Gate {
        prediction: String,
    },
    /// A concept check: no model value. `correct` holds the correct option keys (one for a
    /// single choice); `multi` makes it a multi-select (checkboxes), answered right only with
    /// exactly the correct set.
    Check {
        id: String,
        correct: Vec<String>,
        multi: bool,
    },
    /// Prediction-vs-reality overlay. `actual` is the model's answer at the prediction's
    /// scenario, formatted at build time; `actual_num` the number behind it, for the gap
    /// between the student's number and the model's: a factor ("off by 3×"), or, when the
    /// answer is a percentage (`points`), a difference in percentage points: the ratio of two
    /// shares is not a meaningful error.
    Reveal {
        prediction: String,
        actual: String,
        actual_num: Option<f64>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        points: bool,
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
        /// The first point the build's search found where the failure's state differs from
        /// the defaults' (it fires, or for `on_by_default` it clears): the inputs that differ
        /// from their defaults. For tests that drive the real controls there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        witness: Option<BTreeMap<String, serde_json::Value>>,
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
    /// The ledger page: every lab of the book, what its `lab ledger` saves and how its
    /// record is judged (status, report), with export, import and the printable report.
    Dashboard {
        /// The book's ledger namespace (as in [`Page::book`]).
        book: String,
        /// The preprocessor that built the page (`mdbook-labs 0.1.0`), for the report.
        built_by: String,
        labs: Vec<DashLab>,
    },
}

/// One lab as the ledger page shows it, from its chapter's directives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashLab {
    pub id: String,
    pub title: String,
    /// The chapter's page, relative to the book root (`vol1/lab01.html`).
    pub href: String,
    /// The model's version ([`model_version`]).
    pub model: String,
    /// The fields its `lab ledger` saves.
    pub fields: Vec<String>,
    /// Its predictions: id and the keyed answer (an option key, or a number with tolerance).
    pub predictions: Vec<DashPrediction>,
    /// Its failure states (ids).
    pub failures: Vec<String>,
    /// The fields of earlier labs this chapter recalls (`v1-01.field`).
    pub reads: Vec<String>,
}

/// A prediction on the ledger page: enough to say whether a saved lock was right.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashPrediction {
    pub id: String,
    pub correct: String,
    /// For a numeric prediction: the relative tolerance that counts as right.
    pub tolerance: Option<f64>,
    pub numeric: bool,
}

/// A short, stable version of a model's interface: its inputs (names and domains) and its
/// outputs (names, kinds, units), hashed (FNV-1a, 64 bits, hex). Records carry it, so a record
/// saved against another version of the model is recognised; it is the same natively and in
/// the widgets (no floating-point evaluation is involved).
pub fn model_version(m: &physics::model::Model) -> String {
    let mut text = String::from(m.id);
    for i in m.inputs {
        text.push_str(&format!("|in:{}:{:?}", i.name, i.kind));
    }
    for o in m.outputs {
        text.push_str(&format!("|out:{}:{:?}:{:?}", o.name, o.kind, o.unit));
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
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
                witness: None,
            },
        };
        let j = serde_json::to_string(&w).unwrap();
        assert_eq!(
            j,
            r#"{"v":1,"kind":"failure","id":"oom","when":{"is":"oom"},"level":"danger"}"#
        );
        let back: Widget = serde_json::from_str(&j).unwrap();
        assert_eq!(back, w);
        // A witness is shipped only when the build found one; old widgets ignore it.
        let with = Widget {
            v: VERSION,
            kind: WidgetKind::Failure {
                id: "oom".into(),
                when: Cond::Is("oom".into()),
                level: "danger".into(),
                witness: Some(BTreeMap::from([("batch".into(), serde_json::json!(64.0))])),
            },
        };
        let j = serde_json::to_string(&with).unwrap();
        assert_eq!(
            j,
            r#"{"v":1,"kind":"failure","id":"oom","when":{"is":"oom"},"level":"danger","witness":{"batch":64.0}}"#
        );
        assert_eq!(serde_json::from_str::<Widget>(&j).unwrap(), with);
        let f = Field {
            name: "ok".into(),
            source: FieldSource::Correct("act1".into()),
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"name":"ok","from":"correct","ref":"act1"}"#
        );
        // A recall field without an input keeps the old shape.
        let r = RecallField {
            name: "x".into(),
            label: "X".into(),
            input: None,
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"name":"x","label":"X"}"#
        );
        let back: RecallField = serde_json::from_str(r#"{"name":"x","label":"X"}"#).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn lab_names() {
        assert_eq!(lab_name("v1-13", "v1-14"), "Lab 13");
        assert_eq!(lab_name("v1-00", "v1-01"), "Lab 00");
        assert_eq!(lab_name("v1-16", "v2-01"), "Volume I Lab 16");
        assert_eq!(lab_name("odd", "v1-01"), "odd");
    }
}
