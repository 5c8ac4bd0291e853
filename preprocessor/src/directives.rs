//! The lab directives: their TOML shapes, their checks against the model, and their HTML.
//!
//! A directive is a fenced code block whose info string is `lab <kind>` and whose body is
//! TOML. Each kind has a struct that serde fills with spans (`Spanned`), so every problem
//! can point at the exact value in the chapter.

use std::collections::BTreeMap;
use std::ops::Range;

use physics::model::{InputDef, InputKind, Kind, Model, Value};
use render::chart::{self, Bar, ChartSpec, LegendItem, Panel, Segment, Threshold};
use render::cond::{self, Cond};
use render::spec::{Field, FieldSource, OptValue, PredOption, RecallField, WidgetKind};
use render::{Env, template};
use serde::Deserialize;
use toml::Spanned as S;

use crate::diag::Diagnostic;
use crate::html::{esc, live_span, markdown, mathml, no_blank_lines, widget_attr};

/// What a chapter has declared so far; later directives are checked against it.
#[derive(Default)]
pub struct Declared {
    pub predictions: Vec<PredInfo>,
    pub failures: Vec<String>,
    pub reflections: Vec<String>,
    pub ids: Vec<String>,
}

/// A declared prediction: its id, option keys, and the model's answer at its scenario.
#[derive(Clone)]
pub struct PredInfo {
    pub id: String,
    pub keys: Vec<String>,
    pub check: String,
    pub actual: Value,
    pub actual_text: String,
}

/// Per-directive context.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub src: &'a str,
    /// Offset of the TOML body in `src`.
    pub base: usize,
    /// Span of the fence's info string (for problems without a better place).
    pub fence: Range<usize>,
    pub model: &'static Model,
    pub env: &'a Env,
    pub lab: &'a str,
    pub diags: &'a mut Vec<Diagnostic>,
    pub declared: &'a mut Declared,
}

impl Ctx<'_> {
    fn span<T>(&self, s: &S<T>) -> Range<usize> {
        let r = s.span();
        self.base + r.start..self.base + r.end
    }

    fn err(&mut self, span: Range<usize>, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(self.path, span, msg));
        self.diags.last_mut().expect("just pushed")
    }

    /// A page-unique element id.
    fn id(&self, local: &str) -> String {
        format!("lab-{}-{}", self.lab, local)
    }

    /// Checks a template's names against the model; returns it for rendering.
    fn template(&mut self, s: &S<String>) -> String {
        let span = self.span(s);
        match template::parse(s.get_ref()) {
            Err((at, msg)) => {
                let at = self
                    .find_in(span.clone(), &s.get_ref()[at..])
                    .unwrap_or(span.start);
                self.err(at..at + 1, msg);
            }
            Ok(pieces) => {
                for (name, _) in template::names(&pieces) {
                    if self.env.get(name).is_none() {
                        let needle = format!("{{{name}");
                        let at = self
                            .find_in(span.clone(), &needle)
                            .map_or(span.clone(), |i| i + 1..i + 1 + name.len());
                        let msg = cond::unknown(name, self.model);
                        self.err(at, msg).help = Some(self.names_help());
                    }
                }
            }
        }
        s.get_ref().clone()
    }

    fn find_in(&self, span: Range<usize>, needle: &str) -> Option<usize> {
        let hay = self.src.get(span.clone())?;
        let first = needle.lines().next().unwrap_or(needle);
        hay.find(first).map(|i| span.start + i)
    }

    fn names_help(&self) -> String {
        let outs: Vec<&str> = self.model.outputs.iter().map(|o| o.name).collect();
        let ins: Vec<&str> = self.model.inputs.iter().map(|i| i.name).collect();
        format!(
            "model `{}` has inputs {} and outputs {}",
            self.model.id,
            ins.join(", "),
            if outs.len() > 12 {
                format!("{}, … ({} in all)", outs[..12].join(", "), outs.len())
            } else {
                outs.join(", ")
            }
        )
    }

    /// A model value name of the given kind (None: any kind).
    fn name(&mut self, s: &S<String>, want: Option<Kind>) -> bool {
        let span = self.span(s);
        let n = s.get_ref();
        let Some(v) = self.env.get(n) else {
            let msg = cond::unknown(n, self.model);
            let help = self.names_help();
            self.err(span, msg).help = Some(help);
            return false;
        };
        if let Some(k) = want
            && v.kind() != k
        {
            self.err(
                span,
                format!(
                    "`{n}` is a {}; a {} is needed here",
                    v.kind().name(),
                    k.name()
                ),
            );
            return false;
        }
        true
    }

    fn cond(&mut self, s: &S<String>) -> Option<Cond> {
        let span = self.span(s);
        match cond::parse(s.get_ref()) {
            Err((at, msg)) => {
                let p = (span.start + 1 + at).min(span.end);
                self.err(p..p + 1, format!("bad condition: {msg}")).help = Some(
                    "conditions look like `oom`, `not sla_ok`, `total_ms > sla_ms and remote`"
                        .into(),
                );
                None
            }
            Ok(c) => {
                let errs = c.check(self.model);
                for e in &errs {
                    self.err(span.clone(), e.clone());
                }
                errs.is_empty().then_some(c)
            }
        }
    }

    fn token(&mut self, s: &S<String>) -> String {
        if !chart::is_token(s.get_ref()) {
            let names: Vec<&str> = chart::TOKENS.iter().map(|t| t.0).collect();
            let span = self.span(s);
            self.err(span, format!("`{}` is not a colour token", s.get_ref()))
                .help = Some(format!("use one of {}", names.join(", ")));
        }
        s.get_ref().clone()
    }

    fn unique_id(&mut self, s: &S<String>) -> String {
        let id = s.get_ref().clone();
        let span = self.span(s);
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.err(
                span,
                format!("id `{id}` must be letters, digits, `-` or `_`"),
            );
        } else if self.declared.ids.contains(&id) {
            self.err(span, format!("id `{id}` is used twice in this chapter"));
        } else {
            self.declared.ids.push(id.clone());
        }
        id
    }

    fn md(&self, s: &str, inline: bool) -> String {
        markdown(s, self.env, inline)
    }
}

/// Parses a directive body, reporting TOML errors at their position.
fn parse<T: for<'de> Deserialize<'de>>(cx: &mut Ctx<'_>, body: &str) -> Option<T> {
    match toml::from_str::<T>(body) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().map_or(cx.fence.clone(), |r| {
                cx.base + r.start..cx.base + r.end.max(r.start + 1)
            });
            let msg = e.message().trim().to_string();
            cx.err(span, format!("invalid directive: {msg}")).help = Some(
                "the body of a `lab` block is TOML; see AUTHORING.md for each directive's keys"
                    .into(),
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// Directive shapes

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderD {
    pub model: S<String>,
    pub volume: u8,
    pub number: u8,
    pub title: String,
    pub subtitle: S<String>,
    pub minutes: String,
    pub chapter: Option<String>,
    #[serde(default)]
    pub badges: Vec<BadgeD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeD {
    text: S<String>,
    fail_when: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActD {
    number: u8,
    title: S<String>,
    minutes: String,
    why: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlD {
    input: S<String>,
    label: Option<String>,
    style: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionD {
    key: S<String>,
    text: S<String>,
    value: Option<S<toml::Value>>,
    feedback: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberD {
    min: f64,
    max: f64,
    step: f64,
    unit: Option<String>,
    tolerance: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PredictionD {
    id: S<String>,
    question: S<String>,
    check: S<String>,
    correct: Option<S<String>>,
    scenario: Option<S<toml::Table>>,
    options: Option<S<Vec<OptionD>>>,
    number: Option<S<NumberD>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartD {
    title: Option<String>,
    alt: S<String>,
    height: Option<u32>,
    #[serde(default)]
    legend: Vec<LegendD>,
    panels: Vec<PanelD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LegendD {
    label: String,
    color: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelD {
    title: String,
    axis: Option<String>,
    #[serde(default)]
    log: bool,
    range: Option<[f64; 2]>,
    threshold: Option<ThresholdD>,
    bars: Vec<BarD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdD {
    value: S<toml::Value>,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BarD {
    label: String,
    series: Option<String>,
    value: Option<S<String>>,
    color: Option<S<String>>,
    alert: Option<S<String>>,
    dim: Option<S<String>>,
    #[serde(default)]
    segments: Vec<SegD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SegD {
    value: S<String>,
    color: S<String>,
    alert: Option<S<String>>,
    dim: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardsD {
    cards: Vec<CardD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CardD {
    label: S<String>,
    value: S<String>,
    note: Option<S<String>>,
    alert: Option<S<String>>,
    tag: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableD {
    caption: Option<S<String>>,
    header: Vec<S<String>>,
    rows: Vec<Vec<S<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormulaD {
    title: S<String>,
    lines: Vec<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealD {
    prediction: S<String>,
    fmt: Option<S<String>>,
    explain: Option<S<String>>,
    feedback: S<BTreeMap<String, S<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FailureD {
    id: S<String>,
    when: S<String>,
    level: S<String>,
    title: S<String>,
    message: S<String>,
    ok: Option<S<String>>,
    #[serde(default)]
    on_by_default: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReflectionD {
    id: S<String>,
    question: S<String>,
    correct: S<String>,
    options: S<Vec<OptionD>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MathD {
    title: S<String>,
    latex: S<String>,
    #[serde(default)]
    symbols: Vec<[S<String>; 2]>,
    notes: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteD {
    kind: Option<S<String>>,
    title: Option<S<String>>,
    body: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StakeholderD {
    from: S<String>,
    message: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerD {
    fields: Vec<LedgerFieldD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFieldD {
    name: S<String>,
    from: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecallD {
    from: S<String>,
    title: S<String>,
    fields: Vec<RecallFieldD>,
    missing: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecallFieldD {
    name: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HudD {
    #[serde(default)]
    metrics: Vec<MetricD>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricD {
    label: String,
    value: S<String>,
}

/// The directive kinds, for "unknown kind" help.
pub const KINDS: &[&str] = &[
    "header",
    "act",
    "control",
    "prediction",
    "chart",
    "cards",
    "table",
    "formula",
    "reveal",
    "failure",
    "reflection",
    "math",
    "note",
    "stakeholder",
    "ledger",
    "recall",
    "hud",
];

// ---------------------------------------------------------------------------------------
// Header (parsed first, on its own, to find the model)

pub fn parse_header(cx: &mut Ctx<'_>, body: &str) -> Option<HeaderD> {
    parse::<HeaderD>(cx, body)
}

pub fn header(cx: &mut Ctx<'_>, h: &HeaderD) -> String {
    let subtitle = cx.template(&h.subtitle);
    let vol = if h.volume == 1 {
        "Volume I"
    } else {
        "Volume II"
    };
    let mut badges = String::new();
    for b in &h.badges {
        let text = cx.template(&b.text);
        let when = b.fail_when.as_ref().and_then(|w| cx.cond(w));
        let (cls, attr) = match when {
            Some(c) => (
                "badge badge-ok lab-badge-live",
                format!(
                    " data-when=\"{}\"",
                    esc(&serde_json::to_string(&c).unwrap_or_default())
                ),
            ),
            None => ("badge badge-info", String::new()),
        };
        badges.push_str(&format!(
            "<span class=\"{cls}\"{attr}>{}</span>",
            cx.md(&text, true)
        ));
    }
    let chapter = h
        .chapter
        .as_deref()
        .map(|c| format!(" · {}", esc(c)))
        .unwrap_or_default();
    no_blank_lines(&format!(
        "<header class=\"lab-header\" data-lab=\"{attr}\">\n<div class=\"lab-eyebrow\">Machine Learning Systems · {vol} · Lab {num:02}{chapter}</div>\n<div class=\"lab-title\">{title}</div>\n<p class=\"lab-subtitle\">{sub}</p>\n<div class=\"lab-chips\"><span class=\"lab-chip\">{min} min</span><span class=\"lab-chip\">2 acts</span></div>\n<div class=\"lab-badges\">{badges}</div>\n</header>",
        attr = widget_attr(WidgetKind::Live),
        num = h.number,
        title = esc(&h.title),
        sub = cx.md(&subtitle, true),
        min = esc(&h.minutes),
    ))
}

// ---------------------------------------------------------------------------------------
// Every other kind

/// Expands one directive of `kind`. `gate` is set when a prediction opens a gated region.
pub fn expand(
    cx: &mut Ctx<'_>,
    kind: &str,
    body: &str,
    gate: &mut Option<String>,
) -> Option<String> {
    match kind {
        "act" => {
            let d = parse(cx, body)?;
            act(cx, d)
        }
        "control" => {
            let d = parse(cx, body)?;
            control(cx, d)
        }
        "prediction" => {
            let d = parse(cx, body)?;
            prediction(cx, d, gate)
        }
        "chart" => {
            let d = parse(cx, body)?;
            chart_block(cx, d)
        }
        "cards" => {
            let d = parse(cx, body)?;
            cards(cx, d)
        }
        "table" => {
            let d = parse(cx, body)?;
            table(cx, d)
        }
        "formula" => {
            let d = parse(cx, body)?;
            formula(cx, d)
        }
        "reveal" => {
            let d = parse(cx, body)?;
            reveal(cx, d)
        }
        "failure" => {
            let d = parse(cx, body)?;
            failure(cx, d)
        }
        "reflection" => {
            let d = parse(cx, body)?;
            reflection(cx, d)
        }
        "math" => {
            let d = parse(cx, body)?;
            math(cx, d)
        }
        "note" => {
            let d = parse(cx, body)?;
            note(cx, d)
        }
        "stakeholder" => {
            let d = parse(cx, body)?;
            stakeholder(cx, d)
        }
        "ledger" => {
            let d = parse(cx, body)?;
            ledger(cx, d)
        }
        "recall" => {
            let d = parse(cx, body)?;
            recall(cx, d)
        }
        "hud" => {
            let d = parse(cx, body)?;
            hud(cx, d)
        }
        _ => None,
    }
}

fn act(cx: &mut Ctx<'_>, a: ActD) -> Option<String> {
    let title = cx.template(&a.title);
    let why = cx.template(&a.why);
    let roman = match a.number {
        1 => "I",
        2 => "II",
        _ => {
            let span = cx.fence.clone();
            cx.err(
                span,
                format!(
                    "act {} does not exist: a lab has exactly two acts (1 and 2)",
                    a.number
                ),
            );
            "?"
        }
    };
    Some(no_blank_lines(&format!(
        "<div class=\"lab-act lab-act-{n}\" id=\"{id}\" data-lab=\"{attr}\">\n<div class=\"lab-act-eyebrow\"><span class=\"lab-act-num\" aria-hidden=\"true\">{roman}</span> Act {roman} · {min} min</div>\n<h2 class=\"lab-act-title\">{t}</h2>\n<p class=\"lab-act-why\">{w}</p>\n</div>",
        n = a.number,
        id = cx.id(&format!("act{}", a.number)),
        attr = widget_attr(WidgetKind::Live),
        min = esc(&a.minutes),
        t = cx.md(&title, true),
        w = cx.md(&why, true),
    )))
}

fn control(cx: &mut Ctx<'_>, c: ControlD) -> Option<String> {
    let span = cx.span(&c.input);
    let Some(def) = cx.model.input(c.input.get_ref()) else {
        let msg = cond::unknown(c.input.get_ref(), cx.model);
        let ins: Vec<&str> = cx.model.inputs.iter().map(|i| i.name).collect();
        cx.err(span, format!("control: {msg}")).help =
            Some(format!("controls bind to inputs: {}", ins.join(", ")));
        return None;
    };
    let label = esc(c.label.as_deref().unwrap_or(def.label));
    let name = cx.id(&format!("in-{}", def.name));
    let attr = widget_attr(WidgetKind::Control {
        input: def.name.to_string(),
    });
    let style = c.style.as_ref().map(|s| s.get_ref().as_str());
    let inner = match def.kind {
        InputKind::Choice { options, default } => {
            if style == Some("select") {
                let opts: String = options
                    .iter()
                    .map(|o| {
                        format!(
                            "<option value=\"{}\"{}>{}</option>",
                            esc(o.value),
                            if o.value == default { " selected" } else { "" },
                            esc(o.label)
                        )
                    })
                    .collect();
                format!(
                    "<label class=\"lab-field\"><span class=\"lab-field-label\">{label}</span> <select name=\"{name}\">{opts}</select></label>"
                )
            } else {
                let opts: String = options
                    .iter()
                    .map(|o| {
                        format!(
                            "<label class=\"lab-seg\"><input type=\"radio\" name=\"{name}\" value=\"{}\"{}> <span>{}</span></label>",
                            esc(o.value),
                            if o.value == default { " checked" } else { "" },
                            esc(o.label)
                        )
                    })
                    .collect();
                format!(
                    "<fieldset class=\"lab-segmented\"><legend>{label}</legend>{opts}</fieldset>"
                )
            }
        }
        InputKind::Range {
            min,
            max,
            step,
            default,
            ..
        } => format!(
            "<label class=\"lab-field lab-slider\"><span class=\"lab-field-label\">{label}</span> <input type=\"range\" name=\"{name}\" min=\"{min}\" max=\"{max}\" step=\"{step}\" value=\"{default}\"> {}</label>",
            live_span(cx.env, def.name, "")
        ),
        InputKind::Toggle { default } => format!(
            "<label class=\"lab-field lab-toggle\"><input type=\"checkbox\" name=\"{name}\"{}> <span class=\"lab-field-label\">{label}</span></label>",
            if default { " checked" } else { "" }
        ),
    };
    if let (Some(s), Some(st)) = (style, c.style.as_ref()) {
        let ok = match def.kind {
            InputKind::Choice { .. } => ["toggle", "radio", "select"].contains(&s),
            InputKind::Range { .. } => s == "slider",
            InputKind::Toggle { .. } => s == "toggle",
        };
        if !ok {
            let span = cx.span(st);
            cx.err(
                span,
                format!("style `{s}` does not fit input `{}`", def.name),
            )
            .help = Some(
                "choices: toggle, radio or select; ranges: slider; on/off inputs: toggle".into(),
            );
        }
    }
    Some(format!(
        "<div class=\"lab-control\" data-lab=\"{attr}\">{inner}</div>"
    ))
}

/// A scenario value for input `def`, checked against its domain.
fn toml_to_value(
    cx: &mut Ctx<'_>,
    def: &'static InputDef,
    v: &toml::Value,
    span: Range<usize>,
) -> Option<Value> {
    let input = def.name;
    let val = match (v, def.kind) {
        (toml::Value::Integer(i), _) => Value::Num(*i as f64),
        (toml::Value::Float(f), _) => Value::Num(*f),
        (toml::Value::Boolean(b), _) => Value::Bool(*b),
        (toml::Value::String(s), InputKind::Choice { options, .. }) => {
            match options.iter().find(|o| o.value == s) {
                Some(o) => Value::Text(o.value),
                None => {
                    let vals: Vec<_> = options.iter().map(|o| o.value).collect();
                    cx.err(
                        span,
                        format!(
                            "scenario: `{input}` has no option \"{s}\" (options: {})",
                            vals.join(", ")
                        ),
                    );
                    return None;
                }
            }
        }
        _ => {
            cx.err(
                span,
                format!("scenario: `{input}` does not take this value"),
            );
            return None;
        }
    };
    if def.normalize(val) != Some(val) {
        cx.err(
            span,
            format!("scenario: {val:?} is outside the range of `{input}`"),
        );
        return None;
    }
    Some(val)
}

fn scenario_env(cx: &mut Ctx<'_>, sc: Option<&S<toml::Table>>) -> Env {
    let mut inputs = cx.env.inputs.clone();
    if let Some(t) = sc {
        let span = cx.span(t);
        for (k, v) in t.get_ref() {
            let def = match cx.model.input(k) {
                Some(d) => d,
                None => {
                    let msg = cond::unknown(k, cx.model);
                    cx.err(span.clone(), format!("scenario: {msg}"));
                    continue;
                }
            };
            if let Some(val) = toml_to_value(cx, def, v, span.clone()) {
                inputs.set(def.name, val);
            }
        }
    }
    Env::eval(cx.model, &inputs)
}

/// A template rendered to plain text (for attributes and screen-reader labels).
fn plain(src: &str, env: &Env) -> String {
    template::render(&template::parse(src).unwrap_or_default(), env)
}

fn describe(env: &Env, name: &str) -> String {
    template::value(env, name, "")
}

/// An option after its checks: key, text, value and feedback.
type CheckedOption = (String, String, Option<S<toml::Value>>, Option<S<String>>);

/// Checks a 4-option list (unique keys A-D style) and returns (key, text, value) triples.
fn options(cx: &mut Ctx<'_>, opts: &S<Vec<OptionD>>, what: &str) -> Vec<CheckedOption> {
    let span = cx.span(opts);
    if opts.get_ref().len() != 4 {
        cx.err(
            span,
            format!(
                "{what} has {} options; it needs exactly 4",
                opts.get_ref().len()
            ),
        )
        .help = Some("the protocol: exactly four options, one of them correct".into());
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for o in opts.get_ref() {
        let key = o.key.get_ref().clone();
        if seen.contains(&key) {
            let s = cx.span(&o.key);
            cx.err(s, format!("option key `{key}` is used twice"));
        }
        seen.push(key.clone());
        let text = cx.template(&o.text);
        if let Some(f) = &o.feedback {
            cx.template(f);
        }
        out.push((key, text, o.value.clone(), o.feedback.clone()));
    }
    out
}

fn prediction(cx: &mut Ctx<'_>, p: PredictionD, gate: &mut Option<String>) -> Option<String> {
    let id = cx.unique_id(&p.id);
    let question = cx.template(&p.question);
    if !cx.name(&p.check, None) {
        return None;
    }
    let env = scenario_env(cx, p.scenario.as_ref());
    let check = p.check.get_ref().clone();
    let actual = env.get(&check)?;
    let elem = cx.id(&format!("pred-{id}"));
    let q = cx.md(&question, true);
    let (inner, spec_opts, correct, tolerance, keys) = if let Some(num) = &p.number {
        let n = num.get_ref();
        let Some(v) = actual.as_num() else {
            let s = cx.span(&p.check);
            cx.err(
                s,
                format!(
                    "a numeric prediction needs a number; `{check}` is a {}",
                    actual.kind().name()
                ),
            );
            return None;
        };
        if !(n.min < n.max && n.step > 0.0) {
            let s = cx.span(num);
            cx.err(s, "number: needs min < max and step > 0");
        } else if v < n.min || v > n.max {
            let s = cx.span(num);
            cx.err(
                s,
                format!(
                    "the model gives {check} = {} here, outside the allowed range {}-{}",
                    describe(&env, &check),
                    n.min,
                    n.max
                ),
            )
            .help = Some("widen the range so the true answer can be entered".into());
        }
        if p.correct.is_some() || p.options.is_some() {
            let s = cx.span(num);
            cx.err(s, "a numeric prediction takes `number`, not `options` or `correct`: the model supplies the answer");
        }
        let unit = n.unit.as_deref().map(esc).unwrap_or_default();
        let inner = format!(
            "<label class=\"lab-number\"><input type=\"number\" name=\"{elem}\" min=\"{}\" max=\"{}\" step=\"{}\" inputmode=\"decimal\" aria-label=\"{}\"> <span>{unit}</span></label>",
            n.min,
            n.max,
            n.step,
            esc(&question)
        );
        (
            inner,
            Vec::new(),
            format!("{v}"),
            Some(n.tolerance.unwrap_or(0.1)),
            Vec::new(),
        )
    } else {
        let Some(opt_list) = p.options.as_ref() else {
            let s = cx.fence.clone();
            cx.err(
                s,
                "a prediction needs `[[options]]` (four of them) or a `number` range",
            );
            return None;
        };
        let opts = options(cx, opt_list, "this prediction");
        let Some(correct) = p.correct.as_ref() else {
            let s = cx.fence.clone();
            cx.err(
                s,
                "a prediction with options needs `correct` (the keyed option)",
            );
            return None;
        };
        let mut vals = Vec::new();
        for (key, _, v, _) in &opts {
            let parsed = match v.as_ref().map(|v| v.get_ref()) {
                Some(toml::Value::Integer(i)) => Some(OptValue::Num(*i as f64)),
                Some(toml::Value::Float(f)) => Some(OptValue::Num(*f)),
                Some(toml::Value::String(s)) => Some(OptValue::Text(s.clone())),
                _ => None,
            };
            match parsed {
                Some(pv) => vals.push((key.clone(), pv)),
                None => {
                    let s = v.as_ref().map_or(cx.span(opt_list), |v| cx.span(v));
                    cx.err(s, format!("option {key} needs a `value` (a number or a text) to check against `{check}`"));
                }
            }
        }
        // Which option does the model pick?
        let computed = match actual {
            Value::Num(a) => {
                let all_pos = a > 0.0 && vals.iter().all(|(_, v)| matches!(v, OptValue::Num(x) if *x > 0.0));
                vals.iter()
                    .filter_map(|(k, v)| match v {
                        OptValue::Num(x) => Some((k, if all_pos { (x.ln() - a.ln()).abs() } else { (x - a).abs() })),
                        OptValue::Text(_) => None,
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(k, _)| k.clone())
            }
            Value::Text(t) => vals.iter().find(|(_, v)| matches!(v, OptValue::Text(x) if x == t)).map(|(k, _)| k.clone()),
            Value::Bool(b) => vals
                .iter()
                .find(|(_, v)| matches!(v, OptValue::Text(x) if x == if b { "true" } else { "false" }))
                .map(|(k, _)| k.clone()),
        };
        let keyed = correct.get_ref().clone();
        if !opts.iter().any(|o| o.0 == keyed) {
            let s = cx.span(correct);
            cx.err(s, format!("`correct = \"{keyed}\"` names no option"));
        } else if vals.len() == opts.len() && computed.as_deref() != Some(keyed.as_str()) {
            let s = cx.span(correct);
            let got = describe(&env, &check);
            let help = match &computed {
                Some(k) => format!(
                    "the model's answer is option {k}: change `correct`, the option values, or the model"
                ),
                None => format!("no option has the value the model computes ({got})"),
            };
            cx.err(s, format!("keyed answer {keyed} does not match the model: `{check}` = {got} at this scenario")).help = Some(help);
        }
        let mut inner = String::from("<fieldset class=\"lab-options\">");
        inner.push_str(&format!(
            "<legend class=\"lab-sr\">{}</legend>",
            esc(&question)
        ));
        for (key, text, _, _) in &opts {
            inner.push_str(&format!(
                "<label class=\"lab-option\"><input type=\"radio\" name=\"{elem}\" value=\"{k}\"> <span class=\"lab-option-key\">{k}</span> <span class=\"lab-option-text\">{t}</span></label>",
                k = esc(key),
                t = cx.md(text, true)
            ));
        }
        inner.push_str("</fieldset>");
        let keys: Vec<String> = opts.iter().map(|o| o.0.clone()).collect();
        let spec_opts = vals
            .into_iter()
            .map(|(key, value)| PredOption { key, value })
            .collect();
        (inner, spec_opts, keyed, None, keys)
    };
    let actual_text = describe(&env, &check);
    cx.declared.predictions.push(PredInfo {
        id: id.clone(),
        keys,
        check: check.clone(),
        actual,
        actual_text,
    });
    let attr = widget_attr(WidgetKind::Prediction {
        id: id.clone(),
        check: check.clone(),
        correct,
        options: spec_opts,
        tolerance,
    });
    let gate_attr = widget_attr(WidgetKind::Gate {
        prediction: id.clone(),
    });
    *gate = Some(id);
    Some(no_blank_lines(&format!(
        "<div class=\"lab-prediction\" id=\"{elem}\" data-lab=\"{attr}\">\n<div class=\"lab-prediction-head\">Your prediction</div>\n<p class=\"lab-question\">{q}</p>\n{inner}\n<div class=\"lab-lock-row\"><button type=\"button\" class=\"lab-lock\" disabled>Lock in</button> <span class=\"lab-lock-status\" role=\"status\" aria-live=\"polite\"></span></div>\n</div>\n<p class=\"lab-gate-msg\">Lock in a prediction to unlock what follows.</p>\n<div class=\"lab-gate\" id=\"{elem}-gate\" data-lab=\"{gate_attr}\">"
    )))
}

fn chart_block(cx: &mut Ctx<'_>, c: ChartD) -> Option<String> {
    let alt = cx.template(&c.alt);
    let mut legend = Vec::new();
    for l in &c.legend {
        legend.push(LegendItem {
            label: l.label.clone(),
            color: cx.token(&l.color),
        });
    }
    let mut panels = Vec::new();
    for p in &c.panels {
        let mut bars = Vec::new();
        for b in &p.bars {
            let mut segs = Vec::new();
            if let Some(v) = &b.value {
                if !b.segments.is_empty() {
                    let s = cx.span(v);
                    cx.err(s, "a bar has either `value` or `segments`, not both");
                }
                let color = b.color.as_ref().map_or("blue".to_string(), |c| cx.token(c));
                segs.push((v, color, b.alert.as_ref(), b.dim.as_ref()));
            }
            for s in &b.segments {
                let color = cx.token(&s.color);
                segs.push((&s.value, color, s.alert.as_ref(), s.dim.as_ref()));
            }
            if segs.is_empty() {
                let s = cx.fence.clone();
                cx.err(s, format!("bar `{}` has no `value`", b.label));
            }
            let mut segments = Vec::new();
            for (v, color, alert, dim) in segs {
                cx.name(v, Some(Kind::Number));
                segments.push(Segment {
                    value: v.get_ref().clone(),
                    color,
                    alert: alert.and_then(|a| cx.cond(a)),
                    dim: dim.and_then(|d| cx.cond(d)),
                });
            }
            bars.push(Bar {
                label: b.label.clone(),
                series: b.series.clone(),
                segments,
            });
        }
        let threshold = p.threshold.as_ref().map(|t| {
            let value = match t.value.get_ref() {
                toml::Value::String(s) => {
                    let named = S::new(t.value.span(), s.clone());
                    cx.name(&named, Some(Kind::Number));
                    s.clone()
                }
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                _ => {
                    let s = cx.span(&t.value);
                    cx.err(s, "threshold value is a number or a model value name");
                    String::new()
                }
            };
            Threshold {
                value,
                label: t.label.clone(),
            }
        });
        panels.push(Panel {
            title: p.title.clone(),
            axis: p.axis.clone().unwrap_or_default(),
            log: p.log,
            bars,
            threshold,
            range: p.range.map(|r| (r[0], r[1])),
        });
    }
    let spec = ChartSpec {
        height: c.height.unwrap_or(320).clamp(120, 900),
        panels,
        legend,
    };
    let svg = snapshot(&spec, cx.env).unwrap_or_default();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(svg.as_bytes());
    let caption = c
        .title
        .as_deref()
        .map(|t| format!("<figcaption>{}</figcaption>", esc(t)))
        .unwrap_or_default();
    let alt_text = esc(&template::render(
        &template::parse(&alt).unwrap_or_default(),
        cx.env,
    ));
    let h = spec.height;
    let attr = widget_attr(WidgetKind::Chart { chart: spec });
    Some(format!(
        "<figure class=\"lab-chart\" data-lab=\"{attr}\">{caption}<canvas class=\"lab-canvas\" style=\"height:{h}px\" role=\"img\" aria-label=\"{alt_text}\"></canvas><img class=\"lab-snapshot\" loading=\"lazy\" decoding=\"async\" width=\"720\" height=\"{h}\" alt=\"{alt_text}\" src=\"data:image/svg+xml;base64,{b64}\"></figure>"
    ))
}

/// The chart at `env`, rendered to SVG by the same code the widgets use on canvas.
pub fn snapshot(spec: &ChartSpec, env: &Env) -> Option<String> {
    use plotters::prelude::IntoDrawingArea;
    let mut svg = String::new();
    {
        let root =
            plotters_svg::SVGBackend::with_string(&mut svg, (720, spec.height)).into_drawing_area();
        chart::draw(&root, spec, env, &chart::Theme::light()).ok()?;
        root.present().ok()?;
    }
    Some(svg)
}

fn when_attr(c: &Option<Cond>) -> String {
    c.as_ref()
        .map(|c| {
            format!(
                " data-when=\"{}\"",
                esc(&serde_json::to_string(c).unwrap_or_default())
            )
        })
        .unwrap_or_default()
}

fn cards(cx: &mut Ctx<'_>, c: CardsD) -> Option<String> {
    let mut out = format!(
        "<div class=\"lab-cards\" data-lab=\"{}\">",
        widget_attr(WidgetKind::Live)
    );
    for card in &c.cards {
        let label = cx.template(&card.label);
        let value = cx.template(&card.value);
        let note = card.note.as_ref().map(|n| cx.template(n));
        let alert = card.alert.as_ref().and_then(|a| cx.cond(a));
        out.push_str(&format!(
            "<div class=\"lab-card\"{}><div class=\"lab-card-label\">{}{}</div><div class=\"lab-card-value\">{}</div>{}</div>",
            when_attr(&alert),
            cx.md(&label, true),
            card.tag.as_deref().map(|t| format!(" <span class=\"lab-card-tag\">{}</span>", esc(t))).unwrap_or_default(),
            cx.md(&value, true),
            note.map(|n| format!("<div class=\"lab-card-note\">{}</div>", cx.md(&n, true))).unwrap_or_default()
        ));
    }
    out.push_str("</div>");
    Some(out)
}

fn table(cx: &mut Ctx<'_>, t: TableD) -> Option<String> {
    let mut out = format!(
        "<div class=\"lab-table-wrap\" data-lab=\"{}\"><table class=\"lab-table\">",
        widget_attr(WidgetKind::Live)
    );
    if let Some(c) = &t.caption {
        let c = cx.template(c);
        out.push_str(&format!("<caption>{}</caption>", cx.md(&c, true)));
    }
    out.push_str("<thead><tr>");
    for h in &t.header {
        let h = cx.template(h);
        out.push_str(&format!("<th>{}</th>", cx.md(&h, true)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        if row.len() != t.header.len() {
            let s = row.first().map_or(cx.fence.clone(), |c| cx.span(c));
            cx.err(
                s,
                format!(
                    "this row has {} cells; the header has {}",
                    row.len(),
                    t.header.len()
                ),
            );
        }
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let c = cx.template(cell);
            let tag = if i == 0 { "th" } else { "td" };
            out.push_str(&format!("<{tag}>{}</{tag}>", cx.md(&c, true)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    Some(out)
}

fn formula(cx: &mut Ctx<'_>, f: FormulaD) -> Option<String> {
    let title = cx.template(&f.title);
    let mut out = format!(
        "<div class=\"lab-formula\" data-lab=\"{}\"><div class=\"lab-formula-title\">{}</div>",
        widget_attr(WidgetKind::Live),
        cx.md(&title, true)
    );
    for l in &f.lines {
        let l = cx.template(l);
        out.push_str(&format!(
            "<div class=\"lab-formula-line\">{}</div>",
            cx.md(&l, true)
        ));
    }
    out.push_str("</div>");
    Some(out)
}

fn reveal(cx: &mut Ctx<'_>, r: RevealD) -> Option<String> {
    let pid = r.prediction.get_ref().clone();
    let Some(info) = cx
        .declared
        .predictions
        .iter()
        .find(|p| p.id == pid)
        .cloned()
    else {
        let s = cx.span(&r.prediction);
        let known: Vec<_> = cx
            .declared
            .predictions
            .iter()
            .map(|p| p.id.clone())
            .collect();
        cx.err(s, format!("no prediction `{pid}` comes before this reveal"))
            .help = Some(if known.is_empty() {
            "declare the prediction first".into()
        } else {
            format!("predictions so far: {}", known.join(", "))
        });
        return None;
    };
    let fmt = r
        .fmt
        .as_ref()
        .map(|f| f.get_ref().clone())
        .unwrap_or_default();
    if let Err(e) = template::parse_format(&fmt) {
        let s = r.fmt.as_ref().map_or(cx.fence.clone(), |f| cx.span(f));
        cx.err(s, e);
    }
    let explain = r.explain.as_ref().map(|e| cx.template(e));
    let keys = info.keys.clone();
    let fb_span = cx.span(&r.feedback);
    let fb = r.feedback.get_ref();
    for k in &keys {
        if !fb.contains_key(k) {
            cx.err(
                fb_span.clone(),
                format!("feedback for option {k} is missing"),
            );
        }
    }
    for (k, v) in fb {
        if !keys.is_empty() && !keys.contains(k) {
            let s = cx.span(v);
            cx.err(
                s,
                format!("feedback for `{k}`, which is not an option of `{pid}`"),
            );
        }
    }
    let mut list = String::new();
    for (k, v) in fb {
        let t = cx.template(v);
        list.push_str(&format!(
            "<div class=\"lab-feedback\" data-option=\"{k}\"><span class=\"lab-option-key\">{k}</span> {}</div>",
            cx.md(&t, true),
            k = esc(k)
        ));
    }
    let actual = match info.actual {
        Value::Num(v) => physics::format::format_value(
            v,
            info_unit(cx, &info),
            template::parse_format(&fmt).unwrap_or(physics::format::NumberFormat::Auto),
        ),
        _ => info.actual_text.clone(),
    };
    let attr = widget_attr(WidgetKind::Reveal {
        prediction: pid,
        actual,
        actual_num: info.actual.as_num(),
    });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-reveal\" data-lab=\"{attr}\">\n<div class=\"lab-reveal-head\">Prediction vs reality</div>\n<div class=\"lab-reveal-live\" role=\"status\" aria-live=\"polite\"></div>\n{}\n<div class=\"lab-feedback-list\"><div class=\"lab-feedback-title\">What each answer means</div>{list}</div>\n</div>",
        explain
            .map(|e| format!(
                "<div class=\"lab-reveal-explain\">{}</div>",
                cx.md(&e, false)
            ))
            .unwrap_or_default()
    )))
}

fn info_unit(cx: &Ctx<'_>, info: &PredInfo) -> physics::model::Unit {
    cx.model
        .output(&info.check)
        .map_or(physics::model::Unit::None, |o| o.unit)
}

fn failure(cx: &mut Ctx<'_>, f: FailureD) -> Option<String> {
    let id = cx.unique_id(&f.id);
    let title = cx.template(&f.title);
    let message = cx.template(&f.message);
    let ok = f.ok.as_ref().map(|o| cx.template(o));
    let level = f.level.get_ref().clone();
    if level != "danger" && level != "warn" {
        let s = cx.span(&f.level);
        cx.err(s, format!("level `{level}` is not `danger` or `warn`"));
    }
    let when = cx.cond(&f.when)?;
    // The failure must be off at the defaults (unless declared otherwise) and reachable.
    let span = cx.span(&f.when);
    let at_default = when.eval(cx.env);
    if at_default && !f.on_by_default {
        cx.err(span.clone(), format!("failure `{id}` fires at the default inputs"))
            .help = Some("a failure state should appear when the student moves a control; set `on_by_default = true` if the story starts broken".into());
    }
    if !at_default && f.on_by_default {
        cx.err(
            span.clone(),
            format!("failure `{id}` is declared `on_by_default` but is off at the defaults"),
        );
    }
    match reach(cx.model, &when, !at_default) {
        Reach::Found => {}
        Reach::Never => {
            let state = if at_default { "clears" } else { "fires" };
            cx.err(span, format!("failure `{id}` never {state} anywhere in the controls' ranges")).help =
                Some("the model cannot reach this condition: check the condition, the ranges, or the model".into());
        }
    }
    cx.declared.failures.push(id.clone());
    let attr = widget_attr(WidgetKind::Failure {
        id: id.clone(),
        when: when.clone(),
        level: level.clone(),
    });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-failure lab-level-{lvl}\" id=\"{eid}\" data-lab=\"{attr}\"{w} aria-live=\"polite\">\n<div class=\"lab-failure-on\"><div class=\"lab-failure-title\">{t}</div><div class=\"lab-failure-msg\">{m}</div></div>\n{ok}\n</div>",
        lvl = esc(&level),
        eid = cx.id(&format!("fail-{id}")),
        w = when_attr(&Some(when)),
        t = cx.md(&title, true),
        m = cx.md(&message, true),
        ok = ok
            .map(|o| format!("<div class=\"lab-failure-off\">{}</div>", cx.md(&o, true)))
            .unwrap_or_default(),
    )))
}

enum Reach {
    Found,
    Never,
}

/// Searches the controls' domain for a point where `cond == want`: the full grid at 40
/// points per input for small models, a bounded sample for large ones.
fn reach(model: &'static Model, cond: &Cond, want: bool) -> Reach {
    if model
        .sweep(40, 200_000)
        .iter()
        .any(|inputs| cond.eval(&Env::eval(model, inputs)) == want)
    {
        Reach::Found
    } else {
        Reach::Never
    }
}

fn reflection(cx: &mut Ctx<'_>, r: ReflectionD) -> Option<String> {
    let id = cx.unique_id(&r.id);
    let q = cx.template(&r.question);
    let opts = options(cx, &r.options, "this reflection");
    let keyed = r.correct.get_ref().clone();
    if !opts.iter().any(|o| o.0 == keyed) {
        let s = cx.span(&r.correct);
        cx.err(s, format!("`correct = \"{keyed}\"` names no option"));
    }
    let elem = cx.id(&format!("refl-{id}"));
    let mut radios = String::new();
    let mut fb = String::new();
    for (key, text, _, feedback) in &opts {
        radios.push_str(&format!(
            "<label class=\"lab-option\"><input type=\"radio\" name=\"{elem}\" value=\"{k}\"> <span class=\"lab-option-key\">{k}</span> <span class=\"lab-option-text\">{t}</span></label>",
            k = esc(key),
            t = cx.md(text, true)
        ));
        match feedback {
            Some(f) => {
                let f = f.get_ref().clone();
                fb.push_str(&format!(
                    "<div class=\"lab-feedback{}\" data-option=\"{k}\"><span class=\"lab-option-key\">{k}</span> {}</div>",
                    if *key == keyed { " lab-correct" } else { "" },
                    cx.md(&f, true),
                    k = esc(key)
                ));
            }
            None => {
                let s = cx.span(&r.options);
                cx.err(s, format!("reflection option {key} needs `feedback`"));
            }
        }
    }
    cx.declared.reflections.push(id.clone());
    let attr = widget_attr(WidgetKind::Reflection { id, correct: keyed });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-reflection\" id=\"{elem}\" data-lab=\"{attr}\">\n<div class=\"lab-reflection-head\">Reflection</div>\n<p class=\"lab-question\">{}</p>\n<fieldset class=\"lab-options\"><legend class=\"lab-sr\">{}</legend>{radios}</fieldset>\n<div class=\"lab-feedback-list\"><div class=\"lab-feedback-title\">What each answer means</div>{fb}</div>\n</div>",
        cx.md(&q, true),
        esc(&plain(&q, cx.env))
    )))
}

fn math(cx: &mut Ctx<'_>, m: MathD) -> Option<String> {
    let title = cx.template(&m.title);
    let ml = match mathml(m.latex.get_ref(), true) {
        Ok(ml) => ml,
        Err(e) => {
            let s = cx.span(&m.latex);
            cx.err(s, format!("LaTeX does not parse: {e}"));
            return None;
        }
    };
    let mut dl = String::new();
    for [sym, meaning] in &m.symbols {
        let sym_ml = match mathml(sym.get_ref(), false) {
            Ok(s) => s,
            Err(e) => {
                let s = cx.span(sym);
                cx.err(s, format!("LaTeX does not parse: {e}"));
                String::new()
            }
        };
        let meaning = cx.template(meaning);
        dl.push_str(&format!(
            "<dt>{sym_ml}</dt><dd>{}</dd>",
            cx.md(&meaning, true)
        ));
    }
    let notes = m
        .notes
        .as_ref()
        .map(|n| cx.template(n))
        .map(|n| cx.md(&n, false))
        .unwrap_or_default();
    Some(no_blank_lines(&format!(
        "<details class=\"lab-math\" data-lab=\"{}\">\n<summary>{}</summary>\n<div class=\"lab-math-body\">{ml}<dl class=\"lab-symbols\">{dl}</dl>{notes}</div>\n</details>",
        widget_attr(WidgetKind::Live),
        cx.md(&title, true)
    )))
}

fn note(cx: &mut Ctx<'_>, n: NoteD) -> Option<String> {
    let kind = n
        .kind
        .as_ref()
        .map_or("info".to_string(), |k| k.get_ref().clone());
    if ![
        "info",
        "success",
        "warn",
        "danger",
        "reading",
        "takeaways",
        "next",
    ]
    .contains(&kind.as_str())
    {
        let s = n.kind.as_ref().map_or(cx.fence.clone(), |k| cx.span(k));
        cx.err(s, format!("note kind `{kind}` is unknown")).help =
            Some("use info, success, warn, danger, reading, takeaways or next".into());
    }
    let title = n.title.as_ref().map(|t| cx.template(t));
    let body = cx.template(&n.body);
    Some(no_blank_lines(&format!(
        "<div class=\"lab-note lab-note-{k}\" data-lab=\"{}\">{}<div class=\"lab-note-body\">{}</div></div>",
        widget_attr(WidgetKind::Live),
        title
            .map(|t| format!("<div class=\"lab-note-title\">{}</div>", cx.md(&t, true)))
            .unwrap_or_default(),
        cx.md(&body, false),
        k = esc(&kind)
    )))
}

fn stakeholder(cx: &mut Ctx<'_>, s: StakeholderD) -> Option<String> {
    let from = cx.template(&s.from);
    let msg = cx.template(&s.message);
    Some(no_blank_lines(&format!(
        "<blockquote class=\"lab-stakeholder\" data-lab=\"{}\"><div class=\"lab-stakeholder-from\">Incoming message · {}</div><div class=\"lab-stakeholder-quote\">{}</div></blockquote>",
        widget_attr(WidgetKind::Live),
        cx.md(&from, true),
        cx.md(&msg, false)
    )))
}

fn ledger(cx: &mut Ctx<'_>, l: LedgerD) -> Option<String> {
    let mut fields = Vec::new();
    let mut items = String::new();
    for f in &l.fields {
        let span = cx.span(&f.from);
        let src = f.from.get_ref();
        let (kind, name) = src.split_once(':').unwrap_or(("value", src.as_str()));
        let known = |list: &Vec<String>| list.iter().any(|x| x == name);
        let source = match kind {
            "value" => {
                let named = S::new(f.from.span(), name.to_string());
                cx.name(&named, None)
                    .then(|| FieldSource::Value(name.into()))
            }
            "prediction" | "correct" => {
                let ps: Vec<String> = cx
                    .declared
                    .predictions
                    .iter()
                    .map(|p| p.id.clone())
                    .collect();
                if known(&ps) {
                    Some(if kind == "prediction" {
                        FieldSource::Prediction(name.into())
                    } else {
                        FieldSource::Correct(name.into())
                    })
                } else {
                    cx.err(
                        span.clone(),
                        format!("no prediction `{name}` in this chapter"),
                    );
                    None
                }
            }
            "reflection" => {
                let rs = cx.declared.reflections.clone();
                if known(&rs) {
                    Some(FieldSource::Reflection(name.into()))
                } else {
                    cx.err(
                        span.clone(),
                        format!("no reflection `{name}` in this chapter"),
                    );
                    None
                }
            }
            "fired" => {
                let fs = cx.declared.failures.clone();
                if known(&fs) {
                    Some(FieldSource::Fired(name.into()))
                } else {
                    cx.err(span.clone(), format!("no failure `{name}` in this chapter"));
                    None
                }
            }
            other => {
                cx.err(span.clone(), format!("unknown field source `{other}`"))
                    .help = Some(
                    "write `name`, `prediction:ID`, `correct:ID`, `reflection:ID` or `fired:ID`"
                        .into(),
                );
                None
            }
        };
        if let Some(source) = source {
            items.push_str(&format!("<li><code>{}</code></li>", esc(f.name.get_ref())));
            fields.push(Field {
                name: f.name.get_ref().clone(),
                source,
            });
        }
    }
    let attr = widget_attr(WidgetKind::Ledger { fields });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-ledger\" data-lab=\"{attr}\">\n<div class=\"lab-ledger-title\">Design ledger</div>\n<p>This lab records these results in your browser's design ledger, for later labs to build on:</p>\n<ul class=\"lab-ledger-fields\">{items}</ul>\n<div class=\"lab-ledger-status\" role=\"status\" aria-live=\"polite\"></div>\n<button type=\"button\" class=\"lab-export\" disabled>Export ledger (JSON)</button>\n</div>"
    )))
}

fn recall(cx: &mut Ctx<'_>, r: RecallD) -> Option<String> {
    let from = r.from.get_ref().clone();
    if physics::labs::find(&from).is_none() {
        let s = cx.span(&r.from);
        cx.err(s, format!("no lab `{from}` exists"));
    }
    let title = cx.template(&r.title);
    let missing = cx.template(&r.missing);
    let mut dl = String::new();
    for f in &r.fields {
        dl.push_str(&format!(
            "<dt>{}</dt><dd data-field=\"{}\">—</dd>",
            esc(&f.label),
            esc(&f.name)
        ));
    }
    let fields = r
        .fields
        .iter()
        .map(|f| RecallField {
            name: f.name.clone(),
            label: f.label.clone(),
        })
        .collect();
    let attr = widget_attr(WidgetKind::Recall { from, fields });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-recall\" data-lab=\"{attr}\">\n<div class=\"lab-recall-title\">{}</div>\n<dl class=\"lab-recall-fields\">{dl}</dl>\n<div class=\"lab-recall-missing\">{}</div>\n</div>",
        cx.md(&title, true),
        cx.md(&missing, true)
    )))
}

fn hud(cx: &mut Ctx<'_>, h: HudD) -> Option<String> {
    let mut items = format!(
        "<span class=\"hud-item\"><span class=\"hud-label\">Lab</span><span class=\"hud-value\">{}</span></span>",
        esc(&cx.lab.to_uppercase())
    );
    for p in &cx.declared.predictions {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-pred=\"{p}\"><span class=\"hud-label\">{p}</span><span class=\"hud-value hud-warn\">pending</span></span>",
            p = esc(&p.id)
        ));
    }
    for m in &h.metrics {
        let v = cx.template(&m.value);
        items.push_str(&format!(
            "<span class=\"hud-item\"><span class=\"hud-label\">{}</span><span class=\"hud-value\">{}</span></span>",
            esc(&m.label),
            cx.md(&v, true)
        ));
    }
    for f in &cx.declared.failures {
        items.push_str(&format!(
            "<span class=\"hud-item\" data-hud-fail=\"{f}\"><span class=\"hud-label\">{f}</span><span class=\"hud-value hud-active\">clear</span></span>",
            f = esc(f)
        ));
    }
    items.push_str("<span class=\"hud-item\" data-hud-ledger=\"\"><span class=\"hud-label\">Ledger</span><span class=\"hud-value\">not saved</span></span>");
    let attr = widget_attr(WidgetKind::Hud {
        predictions: cx
            .declared
            .predictions
            .iter()
            .map(|p| p.id.clone())
            .collect(),
        failures: cx.declared.failures.clone(),
    });
    Some(format!(
        "<div class=\"lab-hud\" data-lab=\"{attr}\" role=\"status\">{items}</div>"
    ))
}
