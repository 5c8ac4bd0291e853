//! The lab directives: their TOML shapes, their checks against the model, and their HTML.
//!
//! A directive is a fenced code block whose info string is `lab <kind>` and whose body is
//! TOML. Each kind has a struct that serde fills with spans (`Spanned`), so every problem
//! can point at the exact value in the chapter.
//!
//! One module per kind holds that kind's TOML struct(s), its checks and its HTML side by side.
//! This module holds what they share: the chapter's declarations so far ([`Declared`]), the
//! per-directive context with the checks every kind uses ([`Ctx`]), the TOML parse step,
//! scenarios and option lists, and the dispatch from a kind's name to its module ([`expand`]).

mod act;
mod cards;
mod chart;
mod check;
mod control;
pub mod dashboard;
mod failure;
mod figure;
mod formula;
mod header;
mod hud;
pub mod instrument;
mod ledger;
mod math;
mod note;
mod plot;
mod prediction;
mod recall;
mod reflection;
mod reveal;
mod stakeholder;
mod status;
mod strings;
mod table;

use std::ops::Range;

use physics::model::{InputDef, InputKind, Kind, Model, Value};
use render::cond::{self, Cond};
use render::{Env, template};
use serde::Deserialize;
use toml::Spanned as S;

use crate::diag::Diagnostic;
use crate::html::{esc, markdown};

pub use chart::snapshot;
pub use header::{BadgeD, HeaderD, header, parse_header, scenarios};

/// What a chapter has declared so far; later directives are checked against it.
#[derive(Default)]
pub struct Declared {
    /// "Vol 1 · Lab 02": how the HUD names the lab.
    pub lab_label: String,
    /// What the HUD calls a prediction ("Act I") or a failure (its title, up to a colon),
    /// by id: students never see raw ids.
    pub hud_labels: std::collections::HashMap<String, String>,
    pub predictions: Vec<PredInfo>,
    /// The inputs the chapter's controls set (anywhere in the chapter): where a student can
    /// take the page, so where a failure's witness is searched.
    pub page_controls: Vec<String>,
    /// The ledger fields this chapter saves, and those it reads from earlier labs: the book
    /// checks across chapters that every field read was written by an earlier lab.
    pub ledger: crate::chapter::LedgerFacts,
    pub failures: Vec<String>,
    /// The failures of `level = "info"` (also in `failures`): states, not failures.
    pub info_states: Vec<String>,
    pub reflections: Vec<String>,
    /// Ids of the concept checks (`lab check`).
    pub checks: Vec<String>,
    pub ids: Vec<String>,
    /// Charts and plots so far: numbers their element ids.
    pub plots: usize,
    /// The input of every control so far, in order.
    pub controls: Vec<String>,
    /// The numbers of the acts so far, in order.
    pub acts: Vec<u8>,
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
    /// The chapter's named scenarios (from the header), each evaluated once.
    pub scenarios: &'a [(String, Env)],
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
        let value = s.get_ref();
        match template::parse(value) {
            Err((at, msg)) => {
                let at = self.value_pos(&span, at);
                self.err(at..at + 1, msg);
            }
            Ok(pieces) => {
                let mut ok = true;
                for (name, at) in template::names(&pieces) {
                    if self.env.get(name).is_none() {
                        ok = false;
                        // The name itself, after the `{` (and any spaces) at `at`.
                        let skip = value[at + 1..].len() - value[at + 1..].trim_start().len();
                        let from = at + 1 + skip;
                        let at =
                            self.value_pos(&span, from)..self.value_pos(&span, from + name.len());
                        let msg = if self.model.output(name).is_some() {
                            format!("`{name}` is a series: plots read it, text cannot print it")
                        } else {
                            cond::unknown(name, self.model)
                        };
                        self.err(at, msg).help = Some(self.names_help());
                    }
                }
                if ok {
                    return self.fixed_values(&pieces, value, span);
                }
            }
        }
        value.clone()
    }

    /// The template with every `{name@scenario}` replaced by the model's value at that
    /// scenario, as text: it never moves with the controls.
    fn fixed_values(
        &mut self,
        pieces: &[template::Piece],
        value: &str,
        span: Range<usize>,
    ) -> String {
        let mut unknown = Vec::new();
        let out = template::resolve_fixed(pieces, |name, scenario, fmt| {
            let env = if scenario == "defaults" {
                None
            } else {
                match self.scenarios.iter().find(|(n, _)| n == scenario) {
                    Some((_, e)) => Some(e),
                    None => {
                        unknown.push(scenario.to_string());
                        return None;
                    }
                }
            };
            Some(template::value(env.unwrap_or(self.env), name, fmt))
        });
        for s in unknown {
            // Every `{name@s}` names the unknown scenario: point at the first.
            let at = pieces
                .iter()
                .find_map(|p| match p {
                    template::Piece::Var {
                        at,
                        scenario: Some(sc),
                        ..
                    } if *sc == s => {
                        let rel = value[*at..].find('@')? + 1;
                        Some(at + rel)
                    }
                    _ => None,
                })
                .map_or(span.clone(), |i| {
                    self.value_pos(&span, i)..self.value_pos(&span, i + s.len())
                });
            let names: Vec<&str> = self.scenarios.iter().map(|(n, _)| n.as_str()).collect();
            self.err(at, format!("no scenario `{s}` in this chapter"))
                .help = Some(format!(
                "declare it in the header's `[scenarios]` table{}; `@defaults` is the model's defaults",
                if names.is_empty() {
                    String::new()
                } else {
                    format!(" (declared: {})", names.join(", "))
                }
            ));
        }
        out
    }

    /// The source offset of byte `at` of a string value whose source span is `span`,
    /// through the string's quotes and escapes (the start of the value when the span is not
    /// a string).
    fn value_pos(&self, span: &Range<usize>, at: usize) -> usize {
        self.src
            .get(span.clone())
            .and_then(|raw| strings::raw_offset(raw, at))
            .map_or(span.start, |i| span.start + i)
    }

    /// Every name of the model, inputs then outputs, for a name that is not one of them.
    fn names_help(&self) -> String {
        let ins: Vec<&str> = self.model.inputs.iter().map(|i| i.name).collect();
        let outs: Vec<&str> = self.model.outputs.iter().map(|o| o.name).collect();
        format!(
            "model `{id}` has inputs {} and outputs {} (run `mdbook-labs names {id}` for units and values)",
            ins.join(", "),
            outs.join(", "),
            id = self.model.id,
        )
    }

    /// A model value name of the given kind (None: any kind).
    fn name(&mut self, s: &S<String>, want: Option<Kind>) -> bool {
        let span = self.span(s);
        let n = s.get_ref();
        // Series outputs live beside the scalars (`Values::get` does not see them).
        let kind = match self.env.get(n) {
            Some(v) => v.kind(),
            None if self.env.series(n).is_some() => Kind::Series,
            None => {
                let msg = cond::unknown(n, self.model);
                let help = self.names_help();
                self.err(span, msg).help = Some(help);
                return false;
            }
        };
        if let Some(k) = want
            && kind != k
        {
            self.err(
                span,
                format!("`{n}` is a {}; a {} is needed here", kind.name(), k.name()),
            );
            return false;
        }
        true
    }

    fn cond(&mut self, s: &S<String>) -> Option<Cond> {
        let span = self.span(s);
        match cond::parse(s.get_ref()) {
            Err((at, msg)) => {
                let p = self.value_pos(&span, at).min(span.end);
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
        if !render::chart::is_token(s.get_ref()) {
            let names: Vec<&str> = render::chart::TOKENS.iter().map(|t| t.0).collect();
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

/// A TOML/serde message in the author's words: serde names the Rust type it wanted
/// (`expected struct OptionD`); an author wrote a table, a list or a string.
fn author_words(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find("struct ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "struct ".len()..];
        let end = after
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        out.push_str("a table of keys");
        rest = &after[end..];
    }
    out.push_str(rest);
    out.replace(
        "expected a table of keys",
        "expected a table (`{ key = value, ... }`)",
    )
}

/// Parses a directive body, reporting TOML errors at their position.
fn parse<T: for<'de> Deserialize<'de>>(cx: &mut Ctx<'_>, body: &str) -> Option<T> {
    for c in strings::controls(body) {
        let span = cx.base + c.span.start..cx.base + c.span.end;
        cx.err(span, c.message).help = Some(c.help);
    }
    match toml::from_str::<T>(body) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().map_or(cx.fence.clone(), |r| {
                cx.base + r.start..cx.base + r.end.max(r.start + 1)
            });
            let msg = author_words(e.message().trim());
            cx.err(span, format!("invalid directive: {msg}")).help = Some(
                "the body of a `lab` block is TOML; see AUTHORING.md for each directive's keys"
                    .into(),
            );
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionD {
    /// Omitted on every option: A, B, C, D by position.
    key: Option<S<String>>,
    text: S<String>,
    value: Option<S<toml::Value>>,
    feedback: Option<S<String>>,
}

/// The directive kinds, for "unknown kind" help.
pub const KINDS: &[&str] = &[
    "header",
    "act",
    "control",
    "prediction",
    "check",
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
    "plot",
    "dashboard",
];

/// Expands one directive of `kind`. `gate` is set when a prediction or a check opens a
/// gated region.
pub fn expand(
    cx: &mut Ctx<'_>,
    kind: &str,
    body: &str,
    gate: &mut Option<String>,
) -> Option<String> {
    match kind {
        "act" => {
            let d = parse(cx, body)?;
            act::act(cx, d)
        }
        "control" => {
            let d = parse(cx, body)?;
            control::control(cx, d)
        }
        "prediction" => {
            let d = parse(cx, body)?;
            prediction::prediction(cx, d, gate)
        }
        "check" => {
            let d = parse(cx, body)?;
            check::check(cx, d, gate)
        }
        "chart" => {
            let d = parse(cx, body)?;
            chart::chart_block(cx, d)
        }
        "cards" => {
            let d = parse(cx, body)?;
            cards::cards(cx, d)
        }
        "table" => {
            let d = parse(cx, body)?;
            table::table(cx, d)
        }
        "formula" => {
            let d = parse(cx, body)?;
            formula::formula(cx, d)
        }
        "reveal" => {
            let d = parse(cx, body)?;
            reveal::reveal(cx, d)
        }
        "failure" => {
            let d = parse(cx, body)?;
            failure::failure(cx, d)
        }
        "reflection" => {
            let d = parse(cx, body)?;
            reflection::reflection(cx, d)
        }
        "math" => {
            let d = parse(cx, body)?;
            math::math(cx, d)
        }
        "note" => {
            let d = parse(cx, body)?;
            note::note(cx, d)
        }
        "stakeholder" => {
            let d = parse(cx, body)?;
            stakeholder::stakeholder(cx, d)
        }
        "ledger" => {
            let d = parse(cx, body)?;
            ledger::ledger(cx, d)
        }
        "recall" => {
            let d = parse(cx, body)?;
            recall::recall(cx, d)
        }
        "hud" => {
            let d = parse(cx, body)?;
            hud::hud(cx, d)
        }
        "plot" => {
            let d = parse(cx, body)?;
            plot::plot(cx, d)
        }
        "dashboard" => {
            cx.err(
                cx.fence.clone(),
                "`lab dashboard` is a page of its own: make it the first directive of a chapter without a `lab header`",
            );
            None
        }
        _ => None,
    }
}

/// Checks only what needs no model: the body parses as TOML into the directive's shape
/// (required keys present, no unknown keys). For a chapter whose header failed.
pub fn parse_only(cx: &mut Ctx<'_>, kind: &str, body: &str) {
    fn p<T: for<'de> Deserialize<'de>>(cx: &mut Ctx<'_>, body: &str) {
        let _ = parse::<T>(cx, body);
    }
    match kind {
        "act" => p::<act::ActD>(cx, body),
        "control" => p::<control::ControlD>(cx, body),
        "prediction" => p::<prediction::PredictionD>(cx, body),
        "check" => p::<check::CheckD>(cx, body),
        "chart" => p::<chart::ChartD>(cx, body),
        "cards" => p::<cards::CardsD>(cx, body),
        "table" => p::<table::TableD>(cx, body),
        "formula" => p::<formula::FormulaD>(cx, body),
        "reveal" => p::<reveal::RevealD>(cx, body),
        "failure" => p::<failure::FailureD>(cx, body),
        "reflection" => p::<reflection::ReflectionD>(cx, body),
        "math" => p::<math::MathD>(cx, body),
        "note" => p::<note::NoteD>(cx, body),
        "stakeholder" => p::<stakeholder::StakeholderD>(cx, body),
        "ledger" => p::<ledger::LedgerD>(cx, body),
        "recall" => p::<recall::RecallD>(cx, body),
        "hud" => p::<hud::HudD>(cx, body),
        "plot" => p::<plot::PlotD>(cx, body),
        _ => {}
    }
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
        (v, _) => {
            let shown = match v {
                toml::Value::String(t) => format!("\"{t}\""),
                toml::Value::Datetime(_) => "a date".into(),
                toml::Value::Array(_) => "a list".into(),
                toml::Value::Table(_) => "a table".into(),
                other => other.to_string(),
            };
            cx.err(
                span,
                format!("scenario: `{input}` takes {}, not {shown}", domain(def)),
            );
            return None;
        }
    };
    if def.normalize(val) != Some(val) {
        let shown = match val {
            Value::Num(x) => format!("{x}"),
            Value::Bool(b) => b.to_string(),
            Value::Text(t) => format!("\"{t}\""),
        };
        let msg = match def.kind {
            InputKind::Range { min, max, .. } => match val {
                Value::Num(x) if (min..=max).contains(&x) => format!(
                    "scenario: {shown} is between the steps of `{input}`, which takes {}",
                    domain(def)
                ),
                Value::Num(_) => {
                    format!(
                        "scenario: {shown} is outside `{input}`'s range {}",
                        domain(def)
                    )
                }
                _ => format!("scenario: `{input}` takes {}, not {shown}", domain(def)),
            },
            _ => format!("scenario: `{input}` takes {}, not {shown}", domain(def)),
        };
        cx.err(span, msg);
        return None;
    }
    Some(val)
}

/// What an input takes, in the author's words: `0–3000 km in steps of 10`, `true or false`,
/// `one of "cloud", "edge"`.
fn domain(def: &InputDef) -> String {
    match def.kind {
        InputKind::Range {
            min,
            max,
            step,
            unit,
            ..
        } => {
            let u = unit.suffix();
            let sep = if u.is_empty() || u == "%" || u == "×" {
                ""
            } else {
                " "
            };
            format!("{min}–{max}{sep}{u} in steps of {step}")
        }
        InputKind::Toggle { .. } => "true or false".into(),
        InputKind::Choice { options, .. } => {
            let vals: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.value)).collect();
            format!("one of {}", vals.join(", "))
        }
    }
}

/// The scenario a prediction names: a table of inputs, or the name of a header scenario.
fn named_scenario_env(cx: &mut Ctx<'_>, sc: Option<&S<toml::Value>>) -> Env {
    match sc.map(|s| (s, s.get_ref())) {
        None => scenario_env(cx, None),
        Some((_, toml::Value::Table(t))) => {
            scenario_env(cx, Some(&S::new(sc.expect("some").span(), t.clone())))
        }
        Some((s, toml::Value::String(name))) => {
            if let Some((_, e)) = cx.scenarios.iter().find(|(n, _)| n == name) {
                return e.clone();
            }
            let span = cx.span(s);
            cx.err(span, format!("no scenario `{name}` in this chapter"))
                .help = Some("declare it in the header's `[scenarios]` table".into());
            cx.env.clone()
        }
        Some((s, _)) => {
            let span = cx.span(s);
            cx.err(
                span,
                "a scenario is a table of inputs or the name of a header scenario",
            );
            cx.env.clone()
        }
    }
}

pub(crate) fn scenario_env(cx: &mut Ctx<'_>, sc: Option<&S<toml::Table>>) -> Env {
    let mut inputs = cx.env.inputs.clone();
    if let Some(t) = sc {
        let table = cx.span(t);
        for (k, v) in t.get_ref() {
            let span = entry_span(cx.src, &table, k);
            let def = match cx.model.input(k) {
                Some(d) => d,
                None => {
                    let msg = cond::unknown(k, cx.model);
                    cx.err(span, format!("scenario: {msg}"));
                    continue;
                }
            };
            if let Some(val) = toml_to_value(cx, def, v, span) {
                inputs.set(def.name, val);
            }
        }
    }
    Env::eval(cx.model, &inputs)
}

/// The span of `key = value` inside an inline or standard table at `table`, so that a
/// scenario's problem points at its entry; the whole table when the key is not found as
/// written (a quoted or dotted key).
fn entry_span(src: &str, table: &Range<usize>, key: &str) -> Range<usize> {
    let Some(text) = src.get(table.clone()) else {
        return table.clone();
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let found = text.match_indices(key).find(|&(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + key.len()..].trim_start();
        !before.is_some_and(is_word) && after.starts_with('=')
    });
    let Some((start, _)) = found else {
        return table.clone();
    };
    // The value ends at the first `,`, `}` or line end outside a string.
    let mut quote = None;
    let mut end = text.len();
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, ',' | '}' | '\n') => {
                end = start + i;
                break;
            }
            _ => {}
        }
    }
    let end = start + text[start..end].trim_end().len();
    table.start + start..table.start + end
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
            span.clone(),
            format!(
                "{what} has {} options; it needs exactly 4",
                opts.get_ref().len()
            ),
        )
        .help = Some("the protocol: exactly four options, one of them correct".into());
    }
    let given = opts.get_ref().iter().filter(|o| o.key.is_some()).count();
    let mixed = given != 0 && given != opts.get_ref().len();
    if mixed {
        let s = opts
            .get_ref()
            .iter()
            .find(|o| o.key.is_none())
            .map_or(span, |o| cx.span(&o.text));
        cx.err(s, "this option has no `key` but others do").help =
            Some("give every option a `key`, or none (they are then A, B, C, D in order)".into());
    }
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (i, o) in opts.get_ref().iter().enumerate() {
        let key = match &o.key {
            Some(k) => k.get_ref().clone(),
            None => default_key(i),
        };
        // Mixed keys are already an error; their clashes would only repeat it.
        if seen.contains(&key) && !mixed {
            let s = o.key.as_ref().map_or(cx.span(&o.text), |k| cx.span(k));
            cx.err(s, format!("option key `{key}` is used twice"));
        }
        seen.push(key.clone());
        let text = cx.template(&o.text);
        // The checked template, with fixed-scenario values (`{x@story}`) already resolved.
        let feedback = o
            .feedback
            .as_ref()
            .map(|f| S::new(f.span(), cx.template(f)));
        out.push((key, text, o.value.clone(), feedback));
    }
    out
}

/// The key of the `i`-th option when options omit theirs: A, B, C, D, …
fn default_key(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'A' + n).to_string(),
        _ => (i + 1).to_string(),
    }
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
