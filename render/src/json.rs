//! A small JSON value, reader and writer for the widgets.
//!
//! The browser bundle reads every placeholder spec and the ledger with this instead of
//! serde_json: serde's generic deserialisers were about a third of the WebAssembly module.
//! The text it reads and writes is the same JSON: objects keep their keys sorted (as
//! serde_json's default map does), numbers are written as serde_json writes them (integers as
//! integers, floats in the shortest form that reads back exactly, `null` for a non-finite
//! float), and [`to_string_pretty`] indents like serde_json's pretty printer. The typed specs
//! are read from a [`Value`] by [`FromJson`](crate::from_json::FromJson).
//!
//! The native side (the preprocessor, the tests) keeps serde; `from_json`'s tests check that
//! both read the same text to the same specs.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

/// A JSON object: keys sorted.
pub type Map<K = String, V = Value> = BTreeMap<K, V>;

/// An object from key-value pairs, inserted one by one: collecting into a `BTreeMap`
/// sorts first, and each such sort is another copy of the sort code in the module.
pub fn object(pairs: impl IntoIterator<Item = (String, Value)>) -> Map {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    m
}

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number: an integer written without a fraction or exponent stays an integer (and is
/// written back as one), anything else is a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(N);

#[derive(Clone, Copy, Debug, PartialEq)]
enum N {
    Int(i64),
    /// Above `i64::MAX`.
    Big(u64),
    Float(f64),
}

impl Number {
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            N::Int(i) => i as f64,
            N::Big(u) => u as f64,
            N::Float(f) => f,
        })
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::Int(i) => u64::try_from(i).ok(),
            N::Big(u) => Some(u),
            N::Float(_) => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::Int(i) => Some(i),
            N::Big(_) | N::Float(_) => None,
        }
    }
    /// A float number; `None` when it is not finite (JSON has no such numbers).
    pub fn from_f64(f: f64) -> Option<Number> {
        f.is_finite().then_some(Number(N::Float(f)))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            N::Int(i) => write!(f, "{i}"),
            N::Big(u) => write!(f, "{u}"),
            N::Float(x) => write_float(f, x),
        }
    }
}

/// A finite float as serde_json writes it: the shortest digits that read back exactly, with
/// a `.0` on integral values, in exponent form below 1e-5 (`1e-7`) and from 1e16 on (`1e+16`).
fn write_float(f: &mut impl fmt::Write, x: f64) -> fmt::Result {
    let a = x.abs();
    if a >= 1e16 {
        // Rust's `{:?}` writes `1e16`.
        let s = format!("{x:?}");
        f.write_str(&s.replacen('e', "e+", 1))
    } else if a != 0.0 && (1e-5..1e-4).contains(&a) {
        // Rust's `{:?}` switches to exponent form at 1e-4, serde_json at 1e-5.
        write!(f, "{x}")
    } else {
        write!(f, "{x:?}")
    }
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.as_object_mut()?.get_mut(key)
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// Takes the value out, leaving `null`.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }
}

static NULL: Value = Value::Null;

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// The member `key`, or `null` when there is none (as serde_json's indexing).
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::IndexMut<&str> for Value {
    /// The member `key`, inserted as `null` when missing; `null` itself becomes an object.
    /// Panics on other values, as serde_json's.
    fn index_mut(&mut self, key: &str) -> &mut Value {
        if self.is_null() {
            *self = Value::Object(Map::new());
        }
        match self {
            Value::Object(m) => m.entry(key.to_string()).or_insert(Value::Null),
            _ => panic!("cannot access key {key:?} in a JSON value that is not an object"),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    /// A non-finite float is `null`, as serde_json writes it.
    fn from(f: f64) -> Self {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}
macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Self {
                Value::Number(Number(match i64::try_from(i) {
                    Ok(i) => N::Int(i),
                    Err(_) => N::Big(i as u64),
                }))
            }
        }
    )*};
}
from_int!(i32, i64, u32, u64, usize);
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Object(m)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}
impl<T: Clone + Into<Value>> From<&Vec<T>> for Value {
    fn from(v: &Vec<T>) -> Self {
        Value::Array(v.iter().cloned().map(Into::into).collect())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Builds a [`Value`]: `json!({ "k": expr, … })`, or `json!(expr)` for anything with a
/// `From` conversion. Nested literals are built with `Map::new()` / further `json!` calls.
#[macro_export]
macro_rules! json {
    ({ $($k:literal : $v:expr),* $(,)? }) => {{
        #[allow(unused_mut)]
        let mut m = $crate::json::Map::new();
        $( m.insert(::std::string::String::from($k), $crate::json::Value::from($v)); )*
        $crate::json::Value::Object(m)
    }};
    ($v:expr) => {
        $crate::json::Value::from($v)
    };
}

// ---------------------------------------------------------------------------------------
// Writing

impl fmt::Display for Value {
    /// Compact JSON (`{:#}`: indented as [`to_string_pretty`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write(&mut s, self, f.alternate().then_some(0));
        f.write_str(&s)
    }
}

/// Indented JSON, two spaces a level, as serde_json's `to_string_pretty`.
pub fn to_string_pretty(v: &Value) -> String {
    let mut s = String::new();
    write(&mut s, v, Some(0));
    s
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    }
}

fn write(out: &mut String, v: &Value, indent: Option<usize>) {
    let inner = indent.map(|n| n + 1);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_str(out, s),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write(out, x, inner);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, inner);
                write_str(out, k);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(out, x, inner);
            }
            newline(out, indent);
            out.push('}');
        }
    }
}

/// A JSON string, escaped as serde_json escapes it.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------
// Reading

/// Why a text is not JSON: what was expected and the byte offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub msg: String,
    pub at: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.msg, self.at)
    }
}

/// How deep arrays and objects may nest (serde_json's limit).
const MAX_DEPTH: usize = 128;

/// Parses one JSON value (surrounding whitespace allowed, nothing else).
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut p = Reader {
        b: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn err(&self, msg: &str) -> Error {
        Error {
            msg: msg.to_string(),
            at: self.i,
        }
    }
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn lit(&mut self, word: &str, v: Value) -> Result<Value, Error> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected value"))
        }
    }
    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        self.ws();
        match self.b.get(self.i) {
            None => Err(self.err("EOF while parsing a value")),
            Some(b'n') => self.lit("null", Value::Null),
            Some(b't') => self.lit("true", Value::Bool(true)),
            Some(b'f') => self.lit("false", Value::Bool(false)),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("recursion limit exceeded"));
                }
                self.i += 1;
                let mut a = Vec::new();
                if !self.eat(b']') {
                    loop {
                        a.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.err("expected `,` or `]`"));
                        }
                    }
                }
                Ok(Value::Array(a))
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("recursion limit exceeded"));
                }
                self.i += 1;
                let mut m = Map::new();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        if self.b.get(self.i) != Some(&b'"') {
                            return Err(self.err("key must be a string"));
                        }
                        let k = self.string()?;
                        if !self.eat(b':') {
                            return Err(self.err("expected `:`"));
                        }
                        let v = self.value(depth + 1)?;
                        m.insert(k, v);
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.err("expected `,` or `}`"));
                        }
                    }
                }
                Ok(Value::Object(m))
            }
            Some(_) => Err(self.err("expected value")),
        }
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let int_start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return Err(self.err("invalid number"));
        }
        let mut float = false;
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            float = true;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            float = true;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        // The slice is ASCII digits and signs: always UTF-8.
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or_default();
        if !float && let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Number(Number(N::Int(i))));
        }
        if !float && let Ok(u) = text.parse::<u64>() {
            return Ok(Value::Number(Number(N::Big(u))));
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Number(Number(N::Float(f)))),
            _ => Err(Error {
                msg: "number out of range".into(),
                at: start,
            }),
        }
    }
    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self
            .b
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.err("invalid escape"))?;
        self.i += 4;
        Ok(h)
    }
    /// A string; `self.i` is at its opening quote.
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(self.err("EOF while parsing a string"));
            };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else {
                        return Err(self.err("EOF while parsing a string"));
                    };
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.b[self.i..].starts_with(b"\\u") {
                                    return Err(self.err("lone leading surrogate"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("invalid surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("invalid escape"))?
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..0x20 => return Err(self.err("control character in a string")),
                c => out.push(c),
            }
        }
        // The input is a `&str` and escapes add whole characters: always UTF-8.
        String::from_utf8(out).map_err(|_| self.err("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_as_serde_json() {
        let texts = [
            r#"{"v":1,"labs":{"v1-01":{"fields":{"a":1.5,"b":null,"c":"x\"y\\\n\u0001é"},"n":[1,-2,3.0,1e-7,0.00001,1e16,123456789.0]}}}"#,
            r#"[]"#,
            r#"{}"#,
            r#"[true,false,null,{"a":[],"b":{}}]"#,
            r#"{"big":18446744073709551615,"neg":-9223372036854775808,"f":-0.0,"g":2.5e-300}"#,
            r#""\ud83d\ude00 \/""#,
        ];
        for t in texts {
            let ours = parse(t).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(t).unwrap();
            assert_eq!(
                ours.to_string(),
                serde_json::to_string(&theirs).unwrap(),
                "{t}"
            );
            assert_eq!(
                to_string_pretty(&ours),
                serde_json::to_string_pretty(&theirs).unwrap(),
                "{t}"
            );
        }
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1.5e-5,
            1e-5,
            9.99e-5,
            1e-4,
            1e15,
            1e16,
            1.5e16,
            1e17,
            1e300,
            -3.25,
            64.0,
            1.0 / 3.0,
            5e-324,
            -2e-7,
            -1e21,
            123456789012345.6,
            1e-3,
        ] {
            assert_eq!(
                Value::from(x).to_string(),
                serde_json::json!(x).to_string(),
                "{x:e}"
            );
        }
        assert_eq!(Value::from(f64::NAN).to_string(), "null");
    }

    #[test]
    fn rejects_what_is_not_json() {
        for t in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "tru",
            "\"abc",
            "[1] x",
            "{a:1}",
            "\"\\x\"",
            "1e999",
        ] {
            assert!(parse(t).is_err(), "{t}");
            assert!(serde_json::from_str::<serde_json::Value>(t).is_err(), "{t}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn builds_values() {
        let v = crate::json!({ "a": 1, "b": "x", "c": Map::new(), "d": None::<String>, "e": vec!["p", "q"] });
        assert_eq!(
            v.to_string(),
            r#"{"a":1,"b":"x","c":{},"d":null,"e":["p","q"]}"#
        );
        let mut w = Value::Null;
        w["k"] = Value::from(true);
        assert_eq!(w["k"], Value::Bool(true));
        assert_eq!(w["missing"], Value::Null);
    }
}
