//! The lab-model interface: named inputs in, named outputs out.
//!
//! A lab model is plain data plus one pure function. The preprocessor reads the definitions to
//! validate directives (names, units, ranges, options) and evaluates the function to check
//! keyed answers and failure states; the widgets evaluate the same function on every input
//! change. Nothing here knows about HTML, charts or storage.

/// The display unit of a number. Model outputs are plain `f64`s already converted into this
/// unit (`t_mem_ms` is in milliseconds); the newtypes in [`crate::units`] are used for the
/// arithmetic before that conversion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    None,
    Ratio,
    Percent,
    Seconds,
    Ms,
    Us,
    Hours,
    Bytes,
    Kib,
    Mb,
    Gb,
    GbPerS,
    Gflops,
    Tflops,
    Tops,
    FlopPerByte,
    Watts,
    Km,
    Samples,
    SamplesPerS,
    Usd,
    Minutes,
    Days,
    Gib,
    Tb,
    Gbps,
    Pflops,
    Kw,
    Mw,
    Kwh,
    Mwh,
    KgCo2,
    TonnesCo2,
    UsdPerHour,
    TokensPerS,
    Tokens,
    Params,
    Gpus,
    Nodes,
    Requests,
    RequestsPerS,
    Wh,
    Cm,
    MilliWatts,
    Weeks,
    Fps,
    Musd,
    Years,
    BParams,
    OpsPerS,
    PerHour,
    Kb,
    MbPerS,
    Pb,
    GPerKwh,
    BillionUsd,
    /// Percentage points: the difference of two percentages (76.1% → 75.6% is 0.5 pp).
    Pp,
    Mj,
}

impl Unit {
    /// The suffix printed after a number in this unit.
    pub const fn suffix(self) -> &'static str {
        match self {
            Unit::None | Unit::Samples => "",
            Unit::Ratio => "×",
            Unit::Percent => "%",
            Unit::Seconds => "s",
            Unit::Ms => "ms",
            Unit::Us => "µs",
            Unit::Hours => "h",
            Unit::Bytes => "B",
            Unit::Kib => "KiB",
            Unit::Mb => "MB",
            Unit::Gb => "GB",
            Unit::GbPerS => "GB/s",
            Unit::Gflops => "GFLOPS",
            Unit::Tflops => "TFLOPS",
            Unit::Tops => "TOPS",
            Unit::FlopPerByte => "FLOP/B",
            Unit::Watts => "W",
            Unit::Km => "km",
            Unit::SamplesPerS => "samples/s",
            Unit::Usd => "USD",
            Unit::Minutes => "min",
            Unit::Days => "days",
            Unit::Gib => "GiB",
            Unit::Tb => "TB",
            Unit::Gbps => "Gbit/s",
            Unit::Pflops => "PFLOPS",
            Unit::Kw => "kW",
            Unit::Mw => "MW",
            Unit::Kwh => "kWh",
            Unit::Mwh => "MWh",
            Unit::KgCo2 => "kg CO₂e",
            Unit::TonnesCo2 => "t CO₂e",
            Unit::UsdPerHour => "USD/h",
            Unit::TokensPerS => "tokens/s",
            Unit::Tokens => "tokens",
            Unit::Params => "params",
            Unit::Gpus => "GPUs",
            Unit::Nodes => "nodes",
            Unit::Requests => "requests",
            Unit::RequestsPerS => "req/s",
            Unit::Wh => "Wh",
            Unit::Cm => "cm",
            Unit::MilliWatts => "mW",
            Unit::Weeks => "weeks",
            Unit::Fps => "FPS",
            Unit::Musd => "M USD",
            Unit::Years => "years",
            Unit::BParams => "B params",
            Unit::OpsPerS => "ops/s",
            Unit::PerHour => "/h",
            Unit::Kb => "KB",
            Unit::MbPerS => "MB/s",
            Unit::Pb => "PB",
            Unit::GPerKwh => "g/kWh",
            Unit::BillionUsd => "B USD",
            Unit::Pp => "pp",
            Unit::Mj => "mJ",
        }
    }

    /// The name authors may write in a directive (`unit = "ms"`).
    pub const fn name(self) -> &'static str {
        match self {
            Unit::None => "none",
            Unit::Samples => "samples",
            Unit::Usd => "usd",
            Unit::KgCo2 => "kgco2",
            Unit::TonnesCo2 => "tco2",
            Unit::UsdPerHour => "usd/h",
            Unit::Fps => "fps",
            // "mW" would differ from megawatts ("MW") only in case.
            Unit::MilliWatts => "milliwatts",
            Unit::Musd => "musd",
            Unit::BParams => "bparams",
            Unit::PerHour => "per_h",
            Unit::BillionUsd => "busd",
            other => other.suffix(),
        }
    }
}

/// A value flowing through a model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Num(f64),
    Bool(bool),
    Text(&'static str),
}

impl Value {
    pub fn as_num(self) -> Option<f64> {
        match self {
            Value::Num(v) => Some(v),
            _ => None,
        }
    }
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_text(self) -> Option<&'static str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
    pub fn kind(self) -> Kind {
        match self {
            Value::Num(_) => Kind::Number,
            Value::Bool(_) => Kind::Bool,
            Value::Text(_) => Kind::Text,
        }
    }
}

/// The type of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Number,
    Bool,
    Text,
    /// A vector of numbers in the output's unit: histogram bins, timeline segments, a
    /// profile. Series are read by plots only; they are never interpolated into text.
    Series,
}

impl Kind {
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Bool => "boolean",
            Kind::Text => "text",
            Kind::Series => "series",
        }
    }
}

/// One option of a choice input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// What kind of control an input is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputKind {
    /// A bounded number: a slider or a numeric field.
    Range {
        min: f64,
        max: f64,
        step: f64,
        default: f64,
        unit: Unit,
    },
    /// An on/off switch.
    Toggle { default: bool },
    /// One of several named options (a context toggle, a hardware select).
    Choice {
        options: &'static [Choice],
        default: &'static str,
    },
}

/// A named model input.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputDef {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: InputKind,
}

impl InputDef {
    pub fn default_value(&self) -> Value {
        match self.kind {
            InputKind::Range { default, .. } => Value::Num(default),
            InputKind::Toggle { default } => Value::Bool(default),
            InputKind::Choice { default, .. } => Value::Text(default),
        }
    }

    /// Clamps and snaps a value into this input's domain; `None` when the value has the wrong
    /// kind or names no option.
    pub fn normalize(&self, v: Value) -> Option<Value> {
        match (self.kind, v) {
            (InputKind::Range { min, max, step, .. }, Value::Num(x)) => {
                if !x.is_finite() {
                    return None;
                }
                let snapped = if step > 0.0 {
                    // Round away the float error of `min + k·step` (0.1 + 22 × 0.05 is
                    // 1.2000000000000002), so a default of 1.2 normalises to itself.
                    let decimals = (-step.log10()).ceil().max(0.0) as i32 + 3;
                    let scale = 10f64.powi(decimals);
                    ((min + ((x - min) / step).round() * step) * scale).round() / scale
                } else {
                    x
                };
                Some(Value::Num(snapped.clamp(min, max)))
            }
            (InputKind::Toggle { .. }, Value::Bool(b)) => Some(Value::Bool(b)),
            (InputKind::Choice { options, .. }, Value::Text(t)) => options
                .iter()
                .find(|c| c.value == t)
                .map(|c| Value::Text(c.value)),
            _ => None,
        }
    }

    /// The values a build-time exhaustive check should try: every option, both toggle states,
    /// and up to `max_points` evenly spaced slider positions (always including both ends).
    pub fn sample_points(&self, max_points: usize) -> Vec<Value> {
        match self.kind {
            InputKind::Range { min, max, step, .. } => {
                let steps = if step > 0.0 {
                    ((max - min) / step).round() as usize
                } else {
                    max_points
                };
                let n = steps.min(max_points.max(2) - 1);
                (0..=n)
                    .map(|i| {
                        let x = min + (max - min) * i as f64 / n.max(1) as f64;
                        self.normalize(Value::Num(x)).unwrap_or(Value::Num(min))
                    })
                    .collect()
            }
            InputKind::Toggle { .. } => vec![Value::Bool(false), Value::Bool(true)],
            InputKind::Choice { options, .. } => {
                options.iter().map(|c| Value::Text(c.value)).collect()
            }
        }
    }
}

/// A named model output.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputDef {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub unit: Unit,
    /// For a text output: every value it can take, with the label a page prints for it
    /// (`memory_bound` shows as "memory-bound"). Empty for free text such as a device name,
    /// which cannot be compared in a condition or keyed as an answer.
    pub values: &'static [Choice],
    /// The physical range of a number or series; see [`Bound`].
    pub bound: Bound,
}

/// The physical range a numeric output must stay in, anywhere in the inputs' ranges. The
/// registry sweep checks it, so a percentage of a whole above 100 or a negative time is a
/// test failure, not a number a student reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bound {
    /// Non-negative; a [`Unit::Percent`] is also at most 100 (a share of a whole). A
    /// [`Unit::Pp`] difference is always signed.
    #[default]
    Physical,
    /// May be negative: a difference, a saving that can turn into a loss, a sentinel −1.
    Signed,
    /// Non-negative but not a share of a whole: a percentage that may exceed 100 (an
    /// overhead, a growth rate).
    Unbounded,
}

impl Bound {
    /// Whether `x`, in `unit`, is inside this bound.
    pub fn admits(self, unit: Unit, x: f64) -> bool {
        match (self, unit) {
            (Bound::Signed, _) | (_, Unit::Pp) => true,
            (Bound::Physical, Unit::Percent) => (0.0..=100.0 + 1e-9).contains(&x),
            _ => x >= 0.0,
        }
    }
}

impl OutputDef {
    /// Declares that this output may be negative.
    pub const fn signed(self) -> Self {
        OutputDef {
            bound: Bound::Signed,
            ..self
        }
    }

    /// Declares a non-negative output that is not a share of a whole (a percentage that may
    /// exceed 100).
    pub const fn unbounded(self) -> Self {
        OutputDef {
            bound: Bound::Unbounded,
            ..self
        }
    }

    /// The display label of a declared text value.
    pub fn value_label(&self, value: &str) -> Option<&'static str> {
        self.values
            .iter()
            .find(|c| c.value == value)
            .map(|c| c.label)
    }
}

/// Output labels document a model; the browser build never shows them (pages carry their
/// own text), so they are dropped there to keep the bundle small.
const fn label(text: &'static str) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    let text = {
        let _ = text;
        ""
    };
    text
}

/// Shorthand constructors used by the per-lab model tables.
pub const fn num(name: &'static str, text: &'static str, unit: Unit) -> OutputDef {
    OutputDef {
        name,
        label: label(text),
        kind: Kind::Number,
        unit,
        values: &[],
        bound: Bound::Physical,
    }
}
pub const fn flag(name: &'static str, text: &'static str) -> OutputDef {
    OutputDef {
        name,
        label: label(text),
        kind: Kind::Bool,
        unit: Unit::None,
        values: &[],
        bound: Bound::Physical,
    }
}
/// A free-text output (a device name, a label assembled from the inputs).
pub const fn text(name: &'static str, text: &'static str) -> OutputDef {
    OutputDef {
        name,
        label: label(text),
        kind: Kind::Text,
        unit: Unit::None,
        values: &[],
        bound: Bound::Physical,
    }
}
/// A text output that takes one of the declared `values` (a regime, a verdict); pages print
/// each value's label, and conditions may only compare it with a declared value.
pub const fn choice(
    name: &'static str,
    text: &'static str,
    values: &'static [Choice],
) -> OutputDef {
    OutputDef {
        name,
        label: label(text),
        kind: Kind::Text,
        unit: Unit::None,
        values,
        bound: Bound::Physical,
    }
}
/// A series output: a vector of numbers in `unit`, read by plots.
pub const fn series(name: &'static str, text: &'static str, unit: Unit) -> OutputDef {
    OutputDef {
        name,
        label: label(text),
        kind: Kind::Series,
        unit,
        values: &[],
        bound: Bound::Physical,
    }
}

/// Named values, in definition order. Lookups are linear: a lab has a few dozen names.
/// Series outputs live beside the scalars, because a [`Value`] is `Copy`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    entries: Vec<(&'static str, Value)>,
    series: Vec<(&'static str, Vec<f64>)>,
}

impl Values {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn get(&self, name: &str) -> Option<Value> {
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
    /// Sets (or replaces) a value.
    pub fn set(&mut self, name: &'static str, v: Value) -> &mut Self {
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = v,
            None => self.entries.push((name, v)),
        }
        self
    }
    pub fn num(&mut self, name: &'static str, v: f64) -> &mut Self {
        self.set(name, Value::Num(v))
    }
    pub fn flag(&mut self, name: &'static str, v: bool) -> &mut Self {
        self.set(name, Value::Bool(v))
    }
    pub fn text(&mut self, name: &'static str, v: &'static str) -> &mut Self {
        self.set(name, Value::Text(v))
    }
    /// Sets (or replaces) a series output.
    pub fn set_series(&mut self, name: &'static str, v: Vec<f64>) -> &mut Self {
        match self.series.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = v,
            None => self.series.push((name, v)),
        }
        self
    }
    pub fn get_series(&self, name: &str) -> Option<&[f64]> {
        self.series
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
    }
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Value)> + '_ {
        self.entries.iter().copied()
    }
    pub fn iter_series(&self) -> impl Iterator<Item = (&'static str, &[f64])> + '_ {
        self.series.iter().map(|(n, v)| (*n, v.as_slice()))
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// A number input or output; 0 when absent or of another kind. Models only read inputs
    /// that [`Model::evaluate`] has normalised, so the fallback is never taken in practice.
    pub fn n(&self, name: &str) -> f64 {
        self.get(name).and_then(Value::as_num).unwrap_or(0.0)
    }
    pub fn b(&self, name: &str) -> bool {
        self.get(name).and_then(Value::as_bool).unwrap_or(false)
    }
    pub fn t(&self, name: &str) -> &'static str {
        self.get(name).and_then(Value::as_text).unwrap_or("")
    }
}

/// A model with no inputs or outputs: what a chapter is checked against before its header
/// has named the real model.
pub const EMPTY: Model = Model {
    id: "",
    title: "",
    inputs: &[],
    outputs: &[],
    compute: |_| Values::new(),
};

/// A lab's model: its identity, its inputs and outputs, and the pure function between them.
#[derive(Clone, Copy, Debug)]
pub struct Model {
    /// `v1-01`, `v2-17`: volume and lab number.
    pub id: &'static str,
    pub title: &'static str,
    pub inputs: &'static [InputDef],
    pub outputs: &'static [OutputDef],
    /// Computes every output from normalised inputs. Must not panic for any input in range.
    pub compute: fn(&Values) -> Values,
}

impl Model {
    pub fn input(&self, name: &str) -> Option<&'static InputDef> {
        self.inputs.iter().find(|i| i.name == name)
    }
    pub fn output(&self, name: &str) -> Option<&'static OutputDef> {
        self.outputs.iter().find(|o| o.name == name)
    }

    /// The default value of every input.
    pub fn defaults(&self) -> Values {
        let mut v = Values::new();
        for i in self.inputs {
            v.set(i.name, i.default_value());
        }
        v
    }

    /// Evaluates the model. Inputs that are missing or invalid fall back to their defaults and
    /// are clamped into range, so any caller (a stale ledger, a hand-edited URL) gets a valid
    /// answer instead of a panic.
    pub fn evaluate(&self, given: &Values) -> Values {
        (self.compute)(&self.normalize(given))
    }

    /// Every input, clamped and snapped into its domain; missing or invalid ones take their
    /// default. This is exactly what [`Model::evaluate`] computes from.
    pub fn normalize(&self, given: &Values) -> Values {
        let mut inputs = Values::new();
        for def in self.inputs {
            let v = given
                .get(def.name)
                .and_then(|v| def.normalize(v))
                .unwrap_or_else(|| def.default_value());
            inputs.set(def.name, v);
        }
        inputs
    }

    /// Input combinations that explore the controls' whole domain, for checks that must hold
    /// "anywhere in range" (no NaN; a failure state can fire). With `points` sample values per
    /// input: the full grid when it has at most `full_grid_max` points; otherwise every
    /// single-input sweep around the defaults, every corner of the coarse grid (slider ends,
    /// all options) and a deterministic pseudo-random sample of the fine grid, because a lab
    /// with ten sliders has a grid of ~10¹⁰ points.
    pub fn sweep(&self, points: usize, full_grid_max: usize) -> Vec<Values> {
        self.sweep_over(|_| true, points, full_grid_max).collect()
    }

    /// [`Model::sweep`] over the inputs `moves` selects (the ones a page has controls for);
    /// the others stay at their defaults. Lazy: a search that stops at the first point it
    /// needs builds no more (building the points, not evaluating them, was the cost).
    pub fn sweep_over<'a>(
        &'a self,
        moves: impl Fn(&str) -> bool,
        points: usize,
        full_grid_max: usize,
    ) -> Box<dyn Iterator<Item = Values> + 'a> {
        const RANDOM_SAMPLES: usize = 20_000;
        let defaults = self.defaults();
        let fine: Vec<Vec<Value>> = self
            .inputs
            .iter()
            .map(|d| {
                if moves(d.name) {
                    d.sample_points(points)
                } else {
                    defaults
                        .get(d.name)
                        .map_or_else(|| d.sample_points(points), |v| vec![v])
                }
            })
            .collect();
        let size: f64 = fine.iter().map(|p| p.len() as f64).product();
        if size <= full_grid_max as f64 {
            return Box::new(self.grid(fine));
        }
        let singles = {
            let (base, fine) = (defaults.clone(), fine.clone());
            (0..self.inputs.len()).flat_map(move |i| {
                let base = base.clone();
                let name = self.inputs[i].name;
                fine[i].clone().into_iter().map(move |x| {
                    let mut v = base.clone();
                    v.set(name, x);
                    v
                })
            })
        };
        let coarse: Vec<Vec<Value>> = self
            .inputs
            .iter()
            .zip(&fine)
            .map(|(d, f)| {
                if f.len() > 1 {
                    d.sample_points(2)
                } else {
                    f.clone()
                }
            })
            .collect();
        let corners: f64 = coarse.iter().map(|p| p.len() as f64).product();
        let corners = (corners <= full_grid_max as f64)
            .then(|| self.grid(coarse))
            .into_iter()
            .flatten();
        // A 64-bit LCG (Knuth's MMIX constants): reproducible without a dependency.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let random = (0..RANDOM_SAMPLES).map(move |_| {
            let mut v = defaults.clone();
            for (def, p) in self.inputs.iter().zip(&fine) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                v.set(def.name, p[((state >> 33) as usize) % p.len()]);
            }
            v
        });
        Box::new(singles.chain(corners).chain(random))
    }

    /// Every combination of `pts` (one list of values per input), applied over the defaults,
    /// generated one at a time (the first input varies fastest).
    fn grid(&self, pts: Vec<Vec<Value>>) -> impl Iterator<Item = Values> + '_ {
        let total: usize = pts.iter().map(Vec::len).product();
        let base = self.defaults();
        (0..total).map(move |mut k| {
            let mut v = base.clone();
            for (def, p) in self.inputs.iter().zip(&pts) {
                v.set(def.name, p[k % p.len()]);
                k /= p.len();
            }
            v
        })
    }

    /// Evaluates the model at its defaults with some inputs overridden by name (a scenario).
    pub fn evaluate_pairs(&self, pairs: &[(&'static str, Value)]) -> Values {
        let mut inputs = self.defaults();
        for (name, v) in pairs {
            inputs.set(name, *v);
        }
        self.evaluate(&inputs)
    }

    /// Problems with the model definition itself: outputs computed but not declared (or the
    /// reverse), kind mismatches, duplicate names, defaults outside their range. Empty when
    /// the model is sound. Checked by the inventory test for every lab.
    pub fn self_check(&self) -> Vec<String> {
        let mut errs = Vec::new();
        let out = self.evaluate(&self.defaults());
        for def in self.outputs {
            if def.kind == Kind::Series {
                if out.get_series(def.name).is_none() {
                    errs.push(format!(
                        "{}: series `{}` is declared but not computed",
                        self.id, def.name
                    ));
                }
                continue;
            }
            if let (Some(Value::Text(t)), false) = (out.get(def.name), def.values.is_empty())
                && def.value_label(t).is_none()
            {
                errs.push(format!(
                    "{}: text output `{}` = {t:?} is not one of its declared values",
                    self.id, def.name
                ));
            }
            match out.get(def.name) {
                None => errs.push(format!(
                    "{}: output `{}` is declared but not computed",
                    self.id, def.name
                )),
                Some(v) if v.kind() != def.kind => errs.push(format!(
                    "{}: output `{}` is declared {} but computed as {}",
                    self.id,
                    def.name,
                    def.kind.name(),
                    v.kind().name()
                )),
                _ => {}
            }
        }
        for name in out
            .iter()
            .map(|(n, _)| n)
            .chain(out.iter_series().map(|(n, _)| n))
        {
            if self.output(name).is_none() {
                errs.push(format!(
                    "{}: output `{name}` is computed but not declared",
                    self.id
                ));
            }
        }
        let mut names: Vec<&str> = self.inputs.iter().map(|i| i.name).collect();
        names.extend(self.outputs.iter().map(|o| o.name));
        names.sort_unstable();
        for w in names.windows(2) {
            if w[0] == w[1] {
                errs.push(format!("{}: name `{}` is used twice", self.id, w[0]));
            }
        }
        for def in self.inputs {
            if def.normalize(def.default_value()) != Some(def.default_value()) {
                errs.push(format!(
                    "{}: default of `{}` is outside its domain",
                    self.id, def.name
                ));
            }
        }
        errs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Choice] = &[
        Choice {
            value: "a",
            label: "A",
        },
        Choice {
            value: "b",
            label: "B",
        },
    ];

    #[test]
    fn normalize_clamps_snaps_and_rejects() {
        let r = InputDef {
            name: "x",
            label: "x",
            kind: InputKind::Range {
                min: 0.0,
                max: 100.0,
                step: 50.0,
                default: 50.0,
                unit: Unit::Km,
            },
        };
        assert_eq!(r.normalize(Value::Num(74.0)), Some(Value::Num(50.0)));
        assert_eq!(r.normalize(Value::Num(76.0)), Some(Value::Num(100.0)));
        assert_eq!(r.normalize(Value::Num(1e9)), Some(Value::Num(100.0)));
        assert_eq!(r.normalize(Value::Num(f64::NAN)), None);
        assert_eq!(r.normalize(Value::Bool(true)), None);
        let c = InputDef {
            name: "c",
            label: "c",
            kind: InputKind::Choice {
                options: OPTS,
                default: "a",
            },
        };
        assert_eq!(c.normalize(Value::Text("b")), Some(Value::Text("b")));
        assert_eq!(c.normalize(Value::Text("z")), None);
        assert_eq!(r.sample_points(10).len(), 3);
    }
}
