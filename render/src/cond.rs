//! Conditions: `oom`, `not sla_ok`, `context == "tiny"`, `total_ms > sla_ms and remote`.
//!
//! Authors write them as strings in directives; the preprocessor parses and checks them
//! against the model and ships the parsed tree in the JSON spec, so the browser never parses
//! or evaluates author strings as code.

use physics::model::{Choice, InputKind, Kind, Model, Value};
use serde::{Deserialize, Serialize};

use crate::Env;

/// A parsed condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cond {
    /// A boolean value.
    Is(String),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Cmp {
        left: String,
        op: Op,
        right: Operand,
    },
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

/// The right-hand side of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operand {
    Num(f64),
    Text(String),
    Bool(bool),
    Name(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(f64),
    Str(String),
    Op(Op),
    LParen,
    RParen,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, (usize, String)> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = src[i..].chars().next().unwrap_or(' ');
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((Tok::LParen, i));
            i += 1;
        } else if c == ')' {
            out.push((Tok::RParen, i));
            i += 1;
        } else if c == '"' {
            let end = src[i + 1..]
                .find('"')
                .ok_or((i, "unclosed string".to_string()))?;
            out.push((Tok::Str(src[i + 1..i + 1 + end].to_string()), i));
            i += end + 2;
        } else if "=!<>".contains(c) {
            let two = src.get(i..i + 2).unwrap_or("");
            let (op, len) = match two {
                "==" => (Op::Eq, 2),
                "!=" => (Op::Ne, 2),
                "<=" => (Op::Le, 2),
                ">=" => (Op::Ge, 2),
                _ if c == '<' => (Op::Lt, 1),
                _ if c == '>' => (Op::Gt, 1),
                _ => {
                    return Err((
                        i,
                        format!("unknown operator `{c}`: use ==, !=, <, <=, >, >="),
                    ));
                }
            };
            out.push((Tok::Op(op), i));
            i += len;
        } else if c.is_ascii_digit() || c == '-' || c == '.' {
            let end = src[i..]
                .find(|ch: char| !(ch.is_ascii_digit() || "-.eE_".contains(ch)))
                .map_or(src.len(), |e| i + e);
            let t = src[i..end].replace('_', "");
            let v: f64 = t
                .parse()
                .map_err(|_| (i, format!("`{}` is not a number", &src[i..end])))?;
            if !v.is_finite() {
                return Err((i, format!("`{}` is too large a number", &src[i..end])));
            }
            out.push((Tok::Num(v), i));
            i = end;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let end = src[i..]
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .map_or(src.len(), |e| i + e);
            out.push((Tok::Ident(src[i..end].to_string()), i));
            i = end;
        } else {
            return Err((i, format!("unexpected `{c}`")));
        }
    }
    Ok(out)
}

/// How deep a condition may nest (`not`s and parentheses): far beyond any real condition,
/// well inside every stack and inside the JSON depth the browser reads.
pub const MAX_DEPTH: usize = 32;

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    len: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.1)
    }
    fn keyword(&mut self, kw: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(s)) if s == kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Result<Cond, (usize, String)> {
        let mut v = vec![self.and()?];
        while self.keyword("or") {
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Cond::Or(v)
        })
    }
    fn and(&mut self) -> Result<Cond, (usize, String)> {
        let mut v = vec![self.not()?];
        while self.keyword("and") {
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Cond::And(v)
        })
    }
    fn enter(&mut self, at: usize) -> Result<(), (usize, String)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((
                at,
                format!(
                    "the condition nests more than {MAX_DEPTH} levels of `not` and parentheses: simplify it"
                ),
            ));
        }
        Ok(())
    }
    fn not(&mut self) -> Result<Cond, (usize, String)> {
        let at = self.at();
        if self.keyword("not") {
            self.enter(at)?;
            let c = Cond::Not(Box::new(self.not()?));
            self.depth -= 1;
            return Ok(c);
        }
        self.atom()
    }
    fn atom(&mut self) -> Result<Cond, (usize, String)> {
        let at = self.at();
        match self.toks.get(self.pos).map(|t| t.0.clone()) {
            Some(Tok::LParen) => {
                self.enter(at)?;
                self.pos += 1;
                let c = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err((self.at(), "expected `)`".into()));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(c)
            }
            Some(Tok::Ident(name)) if !["and", "or", "not"].contains(&name.as_str()) => {
                self.pos += 1;
                if let Some(Tok::Op(op)) = self.peek().cloned() {
                    self.pos += 1;
                    let at = self.at();
                    let right = match self.toks.get(self.pos).map(|t| t.0.clone()) {
                        Some(Tok::Num(v)) => Operand::Num(v),
                        Some(Tok::Str(s)) => Operand::Text(s),
                        Some(Tok::Ident(s)) if s == "true" => Operand::Bool(true),
                        Some(Tok::Ident(s)) if s == "false" => Operand::Bool(false),
                        Some(Tok::Ident(s)) => Operand::Name(s),
                        _ => return Err((at, "expected a number, a \"string\" or a name".into())),
                    };
                    self.pos += 1;
                    Ok(Cond::Cmp {
                        left: name,
                        op,
                        right,
                    })
                } else {
                    Ok(Cond::Is(name))
                }
            }
            _ => Err((at, "expected a name, `not` or `(`".into())),
        }
    }
}

/// Parses a condition; errors carry the byte offset.
pub fn parse(src: &str) -> Result<Cond, (usize, String)> {
    let toks = lex(src)?;
    let mut p = Parser {
        toks,
        pos: 0,
        len: src.len(),
        depth: 0,
    };
    let c = p.or()?;
    if p.pos != p.toks.len() {
        return Err((p.at(), "unexpected text after the condition".into()));
    }
    Ok(c)
}

impl Cond {
    /// Every name the condition mentions.
    pub fn names(&self) -> Vec<&str> {
        let mut v = Vec::new();
        self.collect(&mut v);
        v
    }
    fn collect<'a>(&'a self, v: &mut Vec<&'a str>) {
        match self {
            Cond::Is(n) => v.push(n),
            Cond::Not(c) => c.collect(v),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.collect(v)),
            Cond::Cmp { left, right, .. } => {
                v.push(left);
                if let Operand::Name(n) = right {
                    v.push(n);
                }
            }
        }
    }

    /// Checks names and types against a model; returns the problems found.
    pub fn check(&self, model: &Model) -> Vec<String> {
        let kind = |n: &str| -> Option<Kind> {
            model
                .output(n)
                .map(|o| o.kind)
                .or_else(|| model.input(n).map(|i| i.default_value().kind()))
        };
        let mut errs = Vec::new();
        self.check_into(&kind, model, &mut errs);
        errs
    }

    fn check_into(
        &self,
        kind: &dyn Fn(&str) -> Option<Kind>,
        model: &Model,
        errs: &mut Vec<String>,
    ) {
        match self {
            Cond::Is(n) => match kind(n) {
                None => errs.push(unknown(n, model)),
                Some(Kind::Bool) => {}
                Some(k) => errs.push(format!(
                    "`{n}` is a {}, not a boolean: compare it, e.g. `{n} > 1`",
                    k.name()
                )),
            },
            Cond::Not(c) => c.check_into(kind, model, errs),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.check_into(kind, model, errs)),
            Cond::Cmp { left, op, right } => {
                let Some(lk) = kind(left) else {
                    errs.push(unknown(left, model));
                    return;
                };
                let rk = match right {
                    Operand::Num(_) => Some(Kind::Number),
                    Operand::Text(t) => {
                        check_text_literal(left, t, model, errs);
                        Some(Kind::Text)
                    }
                    Operand::Bool(_) => Some(Kind::Bool),
                    Operand::Name(n) => {
                        let k = kind(n);
                        if k.is_none() {
                            errs.push(unknown(n, model));
                        }
                        k
                    }
                };
                if let Some(rk) = rk {
                    if rk != lk {
                        errs.push(format!(
                            "cannot compare `{left}` ({}) with a {}",
                            lk.name(),
                            rk.name()
                        ));
                    } else if lk != Kind::Number && !matches!(op, Op::Eq | Op::Ne) {
                        errs.push(format!("`{left}` is a {}: only == and != apply", lk.name()));
                    }
                }
            }
        }
    }

    /// Evaluates the condition. Unknown names are false.
    pub fn eval(&self, env: &Env) -> bool {
        match self {
            Cond::Is(n) => env.get(n).and_then(Value::as_bool).unwrap_or(false),
            Cond::Not(c) => !c.eval(env),
            Cond::And(cs) => cs.iter().all(|c| c.eval(env)),
            Cond::Or(cs) => cs.iter().any(|c| c.eval(env)),
            Cond::Cmp { left, op, right } => {
                let Some(l) = env.get(left) else { return false };
                let r = match right {
                    Operand::Num(v) => Value::Num(*v),
                    Operand::Bool(b) => Value::Bool(*b),
                    Operand::Text(t) => return cmp_text(l.as_text(), t, *op),
                    Operand::Name(n) => match env.get(n) {
                        Some(v) => v,
                        None => return false,
                    },
                };
                match (l, r) {
                    (Value::Num(a), Value::Num(b)) => match op {
                        Op::Eq => a == b,
                        Op::Ne => a != b,
                        Op::Lt => a < b,
                        Op::Le => a <= b,
                        Op::Gt => a > b,
                        Op::Ge => a >= b,
                    },
                    (Value::Bool(a), Value::Bool(b)) => (a == b) == (*op == Op::Eq),
                    (Value::Text(a), Value::Text(b)) => cmp_text(Some(a), b, *op),
                    _ => false,
                }
            }
        }
    }
}

/// A string literal compared with `name` must be one of the values `name` can take: an option
/// of a choice input, or a declared value of a text output. A free-text output (a device name)
/// has no such list, so a literal would silently tie the page to a catalogue string; the input
/// that selects it is what to compare.
fn check_text_literal(name: &str, literal: &str, model: &Model, errs: &mut Vec<String>) {
    let quoted = |cs: &[Choice]| {
        cs.iter()
            .map(|c| format!("\"{}\"", c.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(InputKind::Choice { options, .. }) = model.input(name).map(|i| i.kind) {
        if !options.iter().any(|c| c.value == literal) {
            errs.push(format!(
                "`{name}` is never \"{literal}\": its options are {}",
                quoted(options)
            ));
        }
    } else if let Some(out) = model.output(name).filter(|o| o.kind == Kind::Text) {
        if out.values.is_empty() {
            errs.push(format!(
                "`{name}` is free text; compare the input that selects it instead"
            ));
        } else if out.value_label(literal).is_none() {
            errs.push(format!(
                "`{name}` never takes the value \"{literal}\": its values are {}",
                quoted(out.values)
            ));
        }
    }
}

fn cmp_text(l: Option<&str>, r: &str, op: Op) -> bool {
    match op {
        Op::Eq => l == Some(r),
        Op::Ne => l != Some(r),
        _ => false,
    }
}

/// "unknown name" with the closest real name as a suggestion.
pub fn unknown(name: &str, model: &Model) -> String {
    // A name the model has, but not where it was used (an output where an input is needed,
    // a series where a single value is): say that, never "did you mean" the name itself.
    if let Some(o) = model.output(name) {
        return if o.kind == Kind::Series {
            format!(
                "`{name}` is a series output of model `{}`: only a plot can read it",
                model.id
            )
        } else {
            format!(
                "`{name}` is an output of model `{}`, not an input: only an input can be set here",
                model.id
            )
        };
    }
    if model.input(name).is_some() {
        return format!(
            "`{name}` is an input of model `{}`, but an output is needed here",
            model.id
        );
    }
    let all = model
        .outputs
        .iter()
        .map(|o| o.name)
        .chain(model.inputs.iter().map(|i| i.name));
    match closest(name, all) {
        Some(s) => format!(
            "`{name}` is not an input or output of model `{}` (did you mean `{s}`?)",
            model.id
        ),
        None => format!("`{name}` is not an input or output of model `{}`", model.id),
    }
}

/// The candidate with the smallest edit distance, if it is reasonably close.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        // A prefix is the commonest slip (`t_mem` for `t_mem_ms`): rank it as close.
        .map(|c| {
            (
                if c.starts_with(name) || name.starts_with(c) {
                    1
                } else {
                    levenshtein(name, c)
                },
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let parens = format!("{}oom{}", "(".repeat(10_000), ")".repeat(10_000));
        let e = parse(&parens).unwrap_err();
        assert!(e.1.contains("nests more than"), "{e:?}");
        let nots = format!("{}oom", "not ".repeat(20_000));
        assert!(parse(&nots).unwrap_err().1.contains("nests more than"));
        // Up to the limit parses, and the tree survives a JSON round trip.
        let ok = format!("{}oom", "not (".repeat(MAX_DEPTH / 2)) + &")".repeat(MAX_DEPTH / 2);
        let c = parse(&ok).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Cond>(&json).unwrap(), c);
        assert!(parse(&format!("not {ok}")).is_err());
    }

    #[test]
    fn non_finite_numbers_and_non_ascii_are_errors() {
        assert!(parse("x > 1e400").unwrap_err().1.contains("too large"));
        assert!(parse("x > -1e400").is_err());
        let e = parse("x ≥ 3").unwrap_err();
        assert_eq!(e.0, 2);
        assert!(e.1.contains('≥'), "{e:?}");
        assert!(parse("é").is_err() && parse("x == \"é\"").is_ok());
    }
    use physics::labs::{v1_01, v1_02};
    use physics::model::Values;

    #[test]
    fn parses_and_evaluates() {
        let mut i = Values::new();
        i.text("hardware", "tiny");
        let env = Env::eval(&v1_01::MODEL, &i);
        assert!(parse("oom").unwrap().eval(&env));
        assert!(
            parse("hardware == \"tiny\" and not memory_bound")
                .unwrap()
                .eval(&env)
        );
        assert!(
            parse("oom_factor > 100 or (t_total_ms < 1)")
                .unwrap()
                .eval(&env)
        );
        assert!(!parse("t_mem_ms > t_compute_ms").unwrap().eval(&env));
    }

    #[test]
    fn checks_against_the_model() {
        let m = &v1_02::MODEL;
        assert!(parse("sla_violated").unwrap().check(m).is_empty());
        let e = parse("sla_violatd").unwrap().check(m);
        assert!(e[0].contains("did you mean `sla_violated`"), "{e:?}");
        assert!(parse("total_ms").unwrap().check(m)[0].contains("not a boolean"));
        assert!(parse("context == \"mars\"").unwrap().check(m)[0].contains("never \"mars\""));
        assert!(parse("total_ms > \"x\"").unwrap().check(m)[0].contains("cannot compare"));
        assert_eq!(parse("a and (b").unwrap_err().0, 8);
    }

    #[test]
    fn text_outputs_compare_only_with_their_declared_values() {
        let m = &v1_02::MODEL;
        // `bound_new` declares "memory" and "compute".
        assert!(
            parse("bound_new == \"compute\"")
                .unwrap()
                .check(m)
                .is_empty()
        );
        assert!(
            parse("bound_new != \"memory\"")
                .unwrap()
                .check(m)
                .is_empty()
        );
        assert_eq!(
            parse("bound_new == \"memory_bound\"").unwrap().check(m),
            [
                "`bound_new` never takes the value \"memory_bound\": its values are \"memory\", \"compute\""
            ]
        );
        // Inside a larger condition the literal is still checked.
        let e = parse("sla_violated and not (decision == \"edge\")")
            .unwrap()
            .check(m);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("`decision` never takes the value \"edge\""),
            "{e:?}"
        );
    }

    #[test]
    fn free_text_outputs_cannot_be_compared_with_a_literal() {
        let m = &v1_01::MODEL;
        assert_eq!(
            parse("hw_device == \"NVIDIA H100 SXM5\"").unwrap().check(m),
            ["`hw_device` is free text; compare the input that selects it instead"]
        );
        // The input that selects the device is the thing to compare.
        assert!(parse("hardware == \"cloud\"").unwrap().check(m).is_empty());
        // Two text names may still be compared with each other.
        assert!(
            parse("hw_device == context_device")
                .unwrap()
                .check(m)
                .is_empty()
        );
        assert!(parse("binding != context").unwrap().check(m).is_empty());
    }
}
