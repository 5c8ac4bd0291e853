//! `{name:fmt}` interpolation of model values into author text.
//!
//! `{t_mem_ms}` prints the value with its unit (`0.0299 ms`); `{t_mem_ms:.4f}` fixed
//! decimals; `{ratio:,.0f}` with thousands separators; `{t:.2e}` scientific; `{x:.3g}`
//! significant digits. `{{` and `}}` are literal braces. Text values print as they are
//! (a choice input prints its option label), booleans as "yes"/"no".

use physics::format::{NumberFormat, format_value};
use physics::model::Value;

use crate::Env;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Var {
        name: String,
        fmt: String,
        at: usize,
        /// `{name@story}`: the value at a named scenario of the chapter, fixed at build time.
        scenario: Option<String>,
    },
}

/// Splits a template into pieces. Errors carry the byte offset of the problem.
pub fn parse(src: &str) -> Result<Vec<Piece>, (usize, String)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < src.len() {
        let c = bytes[i];
        if c == b'{' && bytes.get(i + 1) == Some(&b'{') {
            text.push('{');
            i += 2;
        } else if c == b'}' && bytes.get(i + 1) == Some(&b'}') {
            text.push('}');
            i += 2;
        } else if c == b'{' {
            let Some(len) = src[i + 1..].find('}') else {
                return Err((i, "unclosed `{`: write `{{` for a literal brace".into()));
            };
            let inner = &src[i + 1..i + 1 + len];
            let (name, fmt) = inner.split_once(':').unwrap_or((inner, ""));
            let (name, scenario) = match name.trim().split_once('@') {
                Some((n, s)) => (n, Some(s)),
                None => (name.trim(), None),
            };
            let word = |w: &str| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            };
            if !word(name) || name.contains('-') || scenario.is_some_and(|s| !word(s)) {
                return Err((i, format!("`{{{inner}}}` is not a value name")));
            }
            parse_format(fmt).map_err(|e| (i, e))?;
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Var {
                name: name.to_string(),
                fmt: fmt.trim().to_string(),
                at: i,
                scenario: scenario.map(String::from),
            });
            i += len + 2;
        } else if c == b'}' {
            return Err((i, "stray `}`: write `}}` for a literal brace".into()));
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            text.push(ch);
            i += ch.len_utf8();
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Parses a format spec (`""`, `.2f`, `,.0f`, `.1e`, `.3g`).
pub fn parse_format(spec: &str) -> Result<NumberFormat, String> {
    let s = spec.trim();
    if s.is_empty() {
        return Ok(NumberFormat::Auto);
    }
    let (thousands, rest) = match s.strip_prefix(',') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let bad = || format!("unknown format `{s}`: use `.Nf`, `,.Nf`, `.Ne` or `.Ng`");
    let rest = rest.strip_prefix('.').ok_or_else(bad)?;
    let kind = rest.chars().last().ok_or_else(bad)?;
    let digits: u8 = rest[..rest.len() - kind.len_utf8()]
        .parse()
        .map_err(|_| bad())?;
    if digits > 12 {
        return Err(format!("`{s}` asks for {digits} digits; 12 is the most"));
    }
    match kind {
        'f' => Ok(NumberFormat::Fixed {
            decimals: digits,
            thousands,
        }),
        'e' if !thousands => Ok(NumberFormat::Sci { decimals: digits }),
        'g' if !thousands => Ok(NumberFormat::Sig { digits }),
        _ => Err(bad()),
    }
}

/// Formats one named value. Unknown names print as `?` (the build rejects them first).
pub fn value(env: &Env, name: &str, fmt: &str) -> String {
    match env.get(name) {
        Some(Value::Num(v)) => {
            let f = parse_format(fmt).unwrap_or(NumberFormat::Auto);
            format_value(v, env.unit(name), f)
        }
        Some(Value::Bool(b)) => if b { "yes" } else { "no" }.to_string(),
        Some(Value::Text(_)) => env.display_text(name).unwrap_or("").to_string(),
        None => "?".to_string(),
    }
}

/// Renders a parsed template to plain text.
pub fn render(pieces: &[Piece], env: &Env) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Var { name, fmt, .. } => s.push_str(&value(env, name, fmt)),
        }
    }
    s
}

/// Names a template refers to.
pub fn names(pieces: &[Piece]) -> impl Iterator<Item = (&str, usize)> {
    pieces.iter().filter_map(|p| match p {
        Piece::Var { name, at, .. } => Some((name.as_str(), *at)),
        Piece::Text(_) => None,
    })
}

/// Escapes text so that it parses back as itself.
pub fn escape(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// The template with every fixed-scenario value replaced by the text `fixed` gives for it
/// (`None` leaves it as written), so what ships to the browser holds only live names.
pub fn resolve_fixed(
    pieces: &[Piece],
    mut fixed: impl FnMut(&str, &str, &str) -> Option<String>,
) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Var {
                name,
                fmt,
                scenario: Some(s),
                ..
            } => match fixed(name, s, fmt) {
                Some(text) => out.push_str(&escape(&text)),
                None => out.push_str(&format!("{{{name}@{s}:{fmt}}}")),
            },
            Piece::Var { name, fmt, .. } if fmt.is_empty() => out.push_str(&format!("{{{name}}}")),
            Piece::Var { name, fmt, .. } => out.push_str(&format!("{{{name}:{fmt}}}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use physics::labs::v1_01;
    use physics::model::Values;

    #[test]
    fn interpolates_with_formats() {
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        let t =
            parse("D/BW = {t_mem_ms:.4f} ms ({compute_ratio:,.0f}×, {t_mem_ms}) {{x}}").unwrap();
        assert_eq!(
            render(&t, &env),
            "D/BW = 0.0299 ms (989,000×, 0.0299 ms) {x}"
        );
        let t = parse("{context} / {oom} / {binding}").unwrap();
        assert_eq!(render(&t, &env), "Cloud (H100) / no / memory");
    }

    #[test]
    fn fixed_scenario_values_are_resolved_to_text() {
        let t = parse("P99 {p99_ms@story:.0f} ms now {p99_ms:.1f}, {{lit}}").unwrap();
        let r = resolve_fixed(&t, |n, s, f| Some(format!("[{n} at {s} as {f}]")));
        assert_eq!(
            r,
            "P99 [p99_ms at story as .0f] ms now {p99_ms:.1f}, {{lit}}"
        );
        assert!(parse("{x@}").is_err() && parse("{a-b}").is_err());
    }

    #[test]
    fn reports_offsets() {
        assert_eq!(parse("ab {x").unwrap_err().0, 3);
        assert!(parse("{x:.4q}").unwrap_err().1.contains("unknown format"));
        assert!(parse("a } b").is_err());
        assert!(parse("{not a name}").is_err());
    }

    #[test]
    fn non_ascii_format_spec_is_an_error_not_a_panic() {
        for spec in [".€", ".2€", ",.é", ".😀", "€", ".1≥"] {
            assert!(parse_format(spec).is_err(), "{spec}");
        }
        assert!(parse("{x:.€}").unwrap_err().1.contains("unknown format"));
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        assert!(!value(&env, "t_mem_ms", ".€").is_empty());
    }
}
