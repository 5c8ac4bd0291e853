//! Reading the specs from a [`json::Value`](crate::json::Value) by hand, in the widgets,
//! without serde's generic deserialisers (which made up about a third of the module).
//!
//! Every impl reads exactly what the type's serde derive writes (the preprocessor serialises
//! with serde): the same field names, tags and defaults. A missing `Option` member is `None`
//! and unknown members are ignored, as with serde. The tests below check the two readers
//! agree on every shape.

use std::collections::BTreeMap;

use crate::chart::{Bar, ChartSpec, LegendItem, Panel, Segment, Threshold};
use crate::cond::{self, Cond, Op};
use crate::expr::Expr;
use crate::json::{self, Map, Value};
use crate::plot::{
    self, Annotation, AxisSpec, Band, Better, Class, ColorScale, Dir, Heat, Kind, PlotSpec,
    RefLine, Segments, Series, TimeBar,
};
use crate::spec::{
    DashLab, DashPrediction, Field, FieldSource, OptValue, Page, PredOption, RecallField, Widget,
    WidgetKind,
};

/// A type read from JSON.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Result<Self, String>;
    /// The value of a missing member: none, except for `Option` (serde's rule).
    fn missing() -> Option<Self> {
        None
    }
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, String> {
    let v = json::parse(text).map_err(|e| e.to_string())?;
    T::from_json(&v)
}

fn object(v: &Value) -> Result<&Map, String> {
    v.as_object()
        .ok_or_else(|| "expected an object".to_string())
}

/// A required member (or an `Option` one).
fn field<T: FromJson>(o: &Map, k: &str) -> Result<T, String> {
    match o.get(k) {
        Some(v) => T::from_json(v).map_err(|e| within(k, e)),
        None => T::missing().ok_or_else(|| missing(k)),
    }
}

/// A member with a default (`#[serde(default)]`).
fn field_or_default<T: FromJson + Default>(o: &Map, k: &str) -> Result<T, String> {
    match o.get(k) {
        Some(v) => T::from_json(v).map_err(|e| within(k, e)),
        None => Ok(T::default()),
    }
}

// The error texts are built out of line: `field` is instantiated for every member type, and
// inlined formatting in each copy added up.
#[inline(never)]
fn within(k: &str, e: String) -> String {
    format!("{k}: {e}")
}

#[inline(never)]
fn missing(k: &str) -> String {
    format!("missing field `{k}`")
}

/// A unit variant written as its name.
fn unit<T: Copy>(v: &Value, names: &[(&str, T)]) -> Result<T, String> {
    let s = v.as_str().ok_or("expected a string")?;
    names
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("unknown variant `{s}`"))
}

/// An externally tagged variant: an object with one member, `{"tag": content}`.
fn tagged(v: &Value) -> Result<(&str, &Value), String> {
    let o = object(v)?;
    match o.iter().next() {
        Some((k, c)) if o.len() == 1 => Ok((k.as_str(), c)),
        _ => Err("expected an object with one member".into()),
    }
}

impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_str()
            .map(String::from)
            .ok_or_else(|| "expected a string".into())
    }
}

impl FromJson for bool {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_bool().ok_or_else(|| "expected a boolean".into())
    }
}

impl FromJson for f64 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_f64().ok_or_else(|| "expected a number".into())
    }
}

impl FromJson for u32 {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| "expected an unsigned integer".into())
    }
}

impl FromJson for usize {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| "expected an unsigned integer".into())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_array()
            .ok_or("expected an array")?
            .iter()
            .enumerate()
            .map(|(i, x)| T::from_json(x).map_err(|e| format!("[{i}]: {e}")))
            .collect()
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        T::from_json(v).map(Box::new)
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((A::from_json(a)?, B::from_json(b)?)),
            _ => Err("expected an array of two".into()),
        }
    }
}

/// A witness's values (kept as serde_json values in the spec type, for the native side).
impl FromJson for serde_json::Value {
    fn from_json(v: &Value) -> Result<Self, String> {
        Ok(match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => serde_json::Value::from(i),
                (_, Some(u)) => serde_json::Value::from(u),
                _ => serde_json::Value::from(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(a) => {
                serde_json::Value::Array(a.iter().map(Self::from_json).collect::<Result<_, _>>()?)
            }
            Value::Object(m) => {
                // Inserted one by one: collecting would sort (another copy of the sort code).
                let mut o = serde_json::Map::new();
                for (k, x) in m {
                    o.insert(k.clone(), Self::from_json(x)?);
                }
                serde_json::Value::Object(o)
            }
        })
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        let mut out = BTreeMap::new();
        for (k, x) in object(v)? {
            out.insert(k.clone(), T::from_json(x).map_err(|e| format!("{k}: {e}"))?);
        }
        Ok(out)
    }
}

/// `FromJson` for a struct read member by member: `Ty { required_or_option, … ; defaulted, … }`.
macro_rules! structs {
    ($($ty:ident { $($f:ident),* $(; $($d:ident),*)? })*) => {$(
        impl FromJson for $ty {
            fn from_json(v: &Value) -> Result<Self, String> {
                let o = object(v)?;
                Ok($ty {
                    $($f: field(o, stringify!($f))?,)*
                    $($($d: field_or_default(o, stringify!($d))?,)*)?
                })
            }
        }
    )*};
}

structs! {
    Page { v, lab, book, title, label }
    PredOption { key, value }
    RecallField { name, label, input }
    DashLab { id, title, href, model, fields, predictions, failures, reads }
    DashPrediction { id, correct, tolerance, numeric }
    ChartSpec { height, panels; legend }
    Panel { title, axis, log, bars, threshold, range }
    Bar { label, series, segments, tag }
    Segment { value, color, alert, warn, dim }
    Threshold { value, label }
    LegendItem { label, color }
    AxisSpec { ; label, log, range, input }
    Series { x, y, label, color, fail, warn }
    RefLine { dir, at, label, color }
    Band { dir, from, to, label, color }
    Annotation { x, y, label, color, fail, warn }
    TimeBar { row, start, end, color, label, fail, warn }
    Segments { row, start, end, class }
    Class { label, color }
    Heat { z, scale, center, contour, samples }
    PlotSpec { kind, height, sweep, samples, x, y, marker;
        series, lines, bands, points, frontier, bins, bars, segments, rows, classes, heat }
}

impl FromJson for Kind {
    fn from_json(v: &Value) -> Result<Self, String> {
        unit(v, Kind::ALL)
    }
}

impl FromJson for Dir {
    fn from_json(v: &Value) -> Result<Self, String> {
        unit(v, &[("x", Dir::X), ("y", Dir::Y)])
    }
}

impl FromJson for Better {
    fn from_json(v: &Value) -> Result<Self, String> {
        unit(v, &[("min", Better::Min), ("max", Better::Max)])
    }
}

impl FromJson for ColorScale {
    fn from_json(v: &Value) -> Result<Self, String> {
        unit(
            v,
            &[
                ("sequential", ColorScale::Sequential),
                ("diverging", ColorScale::Diverging),
            ],
        )
    }
}

impl FromJson for Op {
    fn from_json(v: &Value) -> Result<Self, String> {
        unit(
            v,
            &[
                ("==", Op::Eq),
                ("!=", Op::Ne),
                ("<", Op::Lt),
                ("<=", Op::Le),
                (">", Op::Gt),
                (">=", Op::Ge),
            ],
        )
    }
}

/// Untagged: a number or a name.
impl FromJson for plot::Operand {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v {
            Value::Number(n) => Ok(plot::Operand::Num(n.as_f64().unwrap_or_default())),
            Value::String(s) => Ok(plot::Operand::Name(s.clone())),
            _ => Err("expected a number or a name".into()),
        }
    }
}

/// Untagged: a number or a text.
impl FromJson for OptValue {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v {
            Value::Number(n) => Ok(OptValue::Num(n.as_f64().unwrap_or_default())),
            Value::String(s) => Ok(OptValue::Text(s.clone())),
            _ => Err("expected a number or a text".into()),
        }
    }
}

impl FromJson for cond::Operand {
    fn from_json(v: &Value) -> Result<Self, String> {
        let (tag, c) = tagged(v)?;
        Ok(match tag {
            "num" => cond::Operand::Num(f64::from_json(c)?),
            "text" => cond::Operand::Text(String::from_json(c)?),
            "bool" => cond::Operand::Bool(bool::from_json(c)?),
            "name" => cond::Operand::Name(String::from_json(c)?),
            t => return Err(format!("unknown variant `{t}`")),
        })
    }
}

impl FromJson for Cond {
    fn from_json(v: &Value) -> Result<Self, String> {
        let (tag, c) = tagged(v)?;
        Ok(match tag {
            "is" => Cond::Is(String::from_json(c)?),
            "not" => Cond::Not(FromJson::from_json(c)?),
            "and" => Cond::And(FromJson::from_json(c)?),
            "or" => Cond::Or(FromJson::from_json(c)?),
            "cmp" => {
                let o = object(c)?;
                Cond::Cmp {
                    left: field(o, "left")?,
                    op: field(o, "op")?,
                    right: field(o, "right")?,
                }
            }
            t => return Err(format!("unknown variant `{t}`")),
        })
    }
}

impl FromJson for Expr {
    fn from_json(v: &Value) -> Result<Self, String> {
        let (tag, c) = tagged(v)?;
        let pair = || <(Box<Expr>, Box<Expr>)>::from_json(c);
        Ok(match tag {
            "num" => Expr::Num(f64::from_json(c)?),
            "name" => Expr::Name(String::from_json(c)?),
            "neg" => Expr::Neg(FromJson::from_json(c)?),
            "add" => pair().map(|(a, b)| Expr::Add(a, b))?,
            "sub" => pair().map(|(a, b)| Expr::Sub(a, b))?,
            "mul" => pair().map(|(a, b)| Expr::Mul(a, b))?,
            "div" => pair().map(|(a, b)| Expr::Div(a, b))?,
            t => return Err(format!("unknown variant `{t}`")),
        })
    }
}

/// Adjacently tagged (`"from"`, `"ref"`), flattened into the field.
impl FromJson for Field {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = object(v)?;
        let r = || {
            o.get("ref")
                .ok_or_else(|| "missing field `ref`".to_string())
        };
        let text = || r().and_then(String::from_json);
        let from: String = field(o, "from")?;
        let source = match from.as_str() {
            "value" => FieldSource::Value(text()?),
            "prediction" => FieldSource::Prediction(text()?),
            "correct" => FieldSource::Correct(text()?),
            "check" => FieldSource::Check(text()?),
            "reflection" => FieldSource::Reflection(text()?),
            "fired" => FieldSource::Fired(text()?),
            "const" => FieldSource::Const(OptValue::from_json(r()?)?),
            "expr" => FieldSource::Expr(Expr::from_json(r()?)?),
            "text" => FieldSource::Text(text()?),
            t => return Err(format!("unknown variant `{t}`")),
        };
        Ok(Field {
            name: field(o, "name")?,
            source,
        })
    }
}

/// `v` plus the kind's members, tagged by `"kind"`.
impl FromJson for Widget {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = object(v)?;
        let kind: String = field(o, "kind")?;
        let kind = match kind.as_str() {
            "control" => WidgetKind::Control {
                input: field(o, "input")?,
            },
            "prediction" => WidgetKind::Prediction {
                id: field(o, "id")?,
                check: field(o, "check")?,
                correct: field(o, "correct")?,
                options: field(o, "options")?,
                tolerance: field(o, "tolerance")?,
            },
            "gate" => WidgetKind::Gate {
                prediction: field(o, "prediction")?,
            },
            "check" => WidgetKind::Check {
                id: field(o, "id")?,
                correct: field(o, "correct")?,
                multi: field(o, "multi")?,
            },
            "reveal" => WidgetKind::Reveal {
                prediction: field(o, "prediction")?,
                actual: field(o, "actual")?,
                actual_num: field(o, "actual_num")?,
                points: field_or_default(o, "points")?,
            },
            "chart" => WidgetKind::Chart {
                chart: field(o, "chart")?,
            },
            "plot" => WidgetKind::Plot {
                plot: field(o, "plot")?,
            },
            "failure" => WidgetKind::Failure {
                id: field(o, "id")?,
                when: field(o, "when")?,
                level: field(o, "level")?,
                witness: field(o, "witness")?,
            },
            "reflection" => WidgetKind::Reflection {
                id: field(o, "id")?,
                correct: field(o, "correct")?,
            },
            "ledger" => WidgetKind::Ledger {
                fields: field(o, "fields")?,
            },
            "recall" => WidgetKind::Recall {
                from: field(o, "from")?,
                fields: field(o, "fields")?,
            },
            "hud" => WidgetKind::Hud {
                predictions: field(o, "predictions")?,
                failures: field(o, "failures")?,
            },
            "live" => WidgetKind::Live,
            "dashboard" => WidgetKind::Dashboard {
                book: field(o, "book")?,
                built_by: field(o, "built_by")?,
                labs: field(o, "labs")?,
            },
            t => return Err(format!("unknown variant `{t}`")),
        };
        Ok(Widget {
            v: field(o, "v")?,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Both readers read `text` to the same value.
    fn same<T: FromJson + DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let theirs: T = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let ours: T = from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(ours, theirs, "{text}");
    }

    /// serde fails on `text`, and so do we.
    fn both_fail<T: FromJson + DeserializeOwned + std::fmt::Debug>(text: &str) {
        assert!(serde_json::from_str::<T>(text).is_err(), "serde: {text}");
        assert!(from_str::<T>(text).is_err(), "ours: {text}");
    }

    #[test]
    fn conditions_and_expressions() {
        same::<Cond>(r#"{"is":"oom"}"#);
        same::<Cond>(
            r#"{"and":[{"not":{"is":"a"}},{"or":[{"cmp":{"left":"x","op":">=","right":{"num":2}}},{"cmp":{"left":"c","op":"==","right":{"text":"tiny"}}}]},{"cmp":{"left":"b","op":"!=","right":{"bool":true}}},{"cmp":{"left":"p","op":"<","right":{"name":"q"}}}]}"#,
        );
        same::<Expr>(
            r#"{"div":[{"add":[{"num":1.5},{"name":"x"}]},{"neg":{"mul":[{"sub":[{"num":1},{"num":2}]},{"num":3}]}}]}"#,
        );
        both_fail::<Cond>(r#"{"is":"a","not":{"is":"b"}}"#);
        both_fail::<Cond>(r#"{"cmp":{"left":"x","op":"=","right":{"num":2}}}"#);
        both_fail::<Expr>(r#"{"add":[{"num":1}]}"#);
    }

    #[test]
    fn every_widget_kind() {
        for text in [
            r#"{"v":1,"kind":"control","input":"batch"}"#,
            r#"{"v":1,"kind":"prediction","id":"p1","check":"x","correct":"b","options":[{"key":"a","value":1},{"key":"b","value":"two"}],"tolerance":null}"#,
            r#"{"v":1,"kind":"prediction","id":"p1","check":"x","correct":"3","options":[],"tolerance":0.25}"#,
            r#"{"v":1,"kind":"gate","prediction":"p1"}"#,
            r#"{"v":1,"kind":"check","id":"c","correct":["a","c"],"multi":true}"#,
            r#"{"v":1,"kind":"reveal","prediction":"p1","actual":"3.2 ms","actual_num":3.2}"#,
            r#"{"v":1,"kind":"reveal","prediction":"p1","actual":"40 %","actual_num":null,"points":true}"#,
            r#"{"v":1,"kind":"failure","id":"oom","when":{"is":"oom"},"level":"danger"}"#,
            r#"{"v":1,"kind":"failure","id":"oom","when":{"is":"oom"},"level":"danger","witness":{"batch":64.0,"n":3,"c":"tiny","t":true}}"#,
            r#"{"v":1,"kind":"reflection","id":"r","correct":"b"}"#,
            r#"{"v":1,"kind":"ledger","fields":[{"name":"a","from":"value","ref":"x"},{"name":"b","from":"prediction","ref":"p"},{"name":"c","from":"correct","ref":"p"},{"name":"d","from":"check","ref":"c"},{"name":"e","from":"reflection","ref":"r"},{"name":"f","from":"fired","ref":"oom"},{"name":"g","from":"const","ref":2.5},{"name":"h","from":"const","ref":"t"},{"name":"i","from":"expr","ref":{"div":[{"name":"x"},{"num":100}]}},{"name":"j","from":"text","ref":"{a:.0f}"}]}"#,
            r#"{"v":1,"kind":"recall","from":"v1-01","fields":[{"name":"x","label":"X"},{"name":"y","label":"Y","input":"batch"}]}"#,
            r#"{"v":1,"kind":"hud","predictions":["p1"],"failures":["oom"]}"#,
            r#"{"v":1,"kind":"live"}"#,
            r#"{"v":1,"kind":"dashboard","book":"b","built_by":"mdbook-labs 0.1.0","labs":[{"id":"v1-01","title":"T","href":"vol1/lab01.html","model":"0123456789abcdef","fields":["a"],"predictions":[{"id":"p","correct":"b","tolerance":null,"numeric":false},{"id":"q","correct":"3","tolerance":0.1,"numeric":true}],"failures":["oom"],"reads":["v1-00.x"]}]}"#,
            r#"{"v":1,"kind":"chart","chart":{"height":240,"panels":[{"title":"Step","axis":"ms","log":true,"bars":[{"label":"A","series":null,"segments":[{"value":"a_ms","color":"accent","alert":{"is":"oom"},"dim":null},{"value":"b_ms","color":"muted","alert":null,"warn":{"is":"slow"},"dim":{"is":"off"}}],"tag":"OOM"},{"label":"B","series":"s","segments":[]}],"threshold":{"value":"sla_ms","label":"SLA"},"range":[0.1,1000]},{"title":"","axis":"","log":false,"bars":[],"threshold":null,"range":null}]}}"#,
            r#"{"v":1,"kind":"chart","chart":{"height":240,"panels":[],"legend":[{"label":"a","color":"accent"}]}}"#,
            r#"{"v":1,"kind":"plot","plot":{"kind":"line","height":280,"sweep":"batch","samples":64,"x":{"label":"Batch","log":true,"range":null,"input":null},"y":{"label":"ms","log":false,"range":[0,10],"input":null},"series":[{"x":null,"y":"t","label":"{a}","color":"accent","fail":{"is":"oom"},"warn":null}],"lines":[{"dir":"x","at":"ridge","label":"r","color":"muted"},{"dir":"y","at":3.5,"label":"","color":"x"}],"bands":[{"dir":"y","from":0,"to":"lim","label":"b","color":"c"}],"points":[{"x":1,"y":"yy","label":"p","color":"c","fail":null,"warn":{"is":"w"}}],"marker":true,"frontier":["min","max"],"bins":null,"bars":[],"segments":null,"rows":[],"classes":[],"heat":null}}"#,
            r#"{"v":1,"kind":"plot","plot":{"kind":"heatmap","height":300,"sweep":null,"samples":0,"x":{"input":"a"},"y":{"label":"B","input":"b"},"marker":false,"heat":{"z":"z","scale":"diverging","center":0.0,"contour":1.0,"samples":[21,10]}}}"#,
            r#"{"v":1,"kind":"plot","plot":{"kind":"timeline","height":200,"sweep":null,"samples":0,"x":{},"y":{},"marker":false,"bars":[{"row":"GPU","start":0,"end":"t","color":"c","label":"l","fail":null,"warn":null}],"segments":{"row":"r","start":"s","end":"e","class":"k"},"rows":["GPU","CPU"],"classes":[{"label":"c","color":"d"}],"bins":"edges"}}"#,
        ] {
            same::<Widget>(text);
        }
        same::<Page>(r#"{"v":1,"lab":"v1-01","book":"b","title":"T","label":"Vol 1 · Lab 01"}"#);
        both_fail::<Widget>(r#"{"v":1,"kind":"nope"}"#);
        both_fail::<Widget>(r#"{"v":1,"kind":"control"}"#);
        both_fail::<Widget>(r#"{"kind":"live"}"#);
        both_fail::<Widget>(r#"{"v":1,"kind":"check","id":"c","correct":"a","multi":false}"#);
        both_fail::<Widget>(r#"{"v":-1,"kind":"live"}"#);
    }

    /// Whatever the preprocessor writes with serde reads back the same here.
    #[test]
    fn serde_output_reads_back() {
        let w = Widget {
            v: 1,
            kind: WidgetKind::Reveal {
                prediction: "p".into(),
                actual: "1e-7 \"s\"\n".into(),
                actual_num: Some(1e-7),
                points: true,
            },
        };
        same::<Widget>(&serde_json::to_string(&w).unwrap());
        same::<Widget>(&serde_json::to_string_pretty(&w).unwrap());
    }
}
