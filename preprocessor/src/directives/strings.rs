//! TOML strings as the author wrote them: positions inside a string's value mapped back to
//! the source (through delimiters and escapes), and escapes that silently become control
//! characters (LaTeX such as `\frac` or `\theta` in a basic `"…"` string).

/// The source offset, within `raw` (one whole TOML string token, delimiters included), of
/// byte `at` of the string's value. `None` when `raw` is not a string token or `at` lies
/// past its value.
pub(super) fn raw_offset(raw: &str, at: usize) -> Option<usize> {
    let (delim, multi) = delimiter(raw)?;
    let basic = delim.starts_with('"');
    let b = raw.as_bytes();
    let mut i = delim.len();
    if multi {
        // A newline right after the opening delimiter is not part of the value.
        if raw[i..].starts_with("\r\n") {
            i += 2;
        } else if raw[i..].starts_with('\n') {
            i += 1;
        }
    }
    let end = raw.len().checked_sub(delim.len())?.max(i);
    let mut v = 0;
    while i < end {
        // A line-ending backslash: it, the newline and the whitespace after it vanish.
        if basic
            && multi
            && b[i] == b'\\'
            && matches!(b.get(i + 1), Some(b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
            while i < end && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
            }
            continue;
        }
        if v >= at {
            return Some(i);
        }
        if basic && b[i] == b'\\' {
            let next = raw.get(i + 1..)?.chars().next()?;
            match next {
                'u' | 'U' => {
                    let n = if next == 'u' { 4 } else { 8 };
                    let ch = raw
                        .get(i + 2..i + 2 + n)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)?;
                    v += ch.len_utf8();
                    i += 2 + n;
                }
                _ => {
                    v += 1;
                    i += 1 + next.len_utf8();
                }
            }
        } else {
            let ch = raw[i..].chars().next()?;
            v += ch.len_utf8();
            i += ch.len_utf8();
        }
    }
    (v >= at).then_some(i)
}

fn delimiter(raw: &str) -> Option<(&'static str, bool)> {
    if raw.starts_with("\"\"\"") {
        Some(("\"\"\"", true))
    } else if raw.starts_with("'''") {
        Some(("'''", true))
    } else if raw.starts_with('"') {
        Some(("\"", false))
    } else if raw.starts_with('\'') {
        Some(("'", false))
    } else {
        None
    }
}

/// A control character in a string value, where the author wrote it.
pub(super) struct Control {
    /// Byte range in the TOML body: the escape and, for LaTeX, the command it starts.
    pub span: std::ops::Range<usize>,
    pub message: String,
    pub help: String,
}

/// LaTeX commands that begin with `n`: in a basic string `\n` turns them into a newline.
const LATEX_N: &[&str] = &[
    "nu",
    "nabla",
    "neq",
    "ne",
    "not",
    "notin",
    "ni",
    "neg",
    "norm",
    "newline",
    "nleq",
    "ngeq",
    "nmid",
    "nparallel",
    "nsubseteq",
    "nexists",
    "natural",
    "nearrow",
    "nwarrow",
];

/// LaTeX commands that begin with `b`, `t`, `f` or `r`: the escapes a basic string turns
/// into control characters.
const LATEX: &[&str] = &[
    "frac",
    "dfrac",
    "tfrac",
    "forall",
    "flat",
    "frown",
    "beta",
    "bar",
    "bf",
    "big",
    "bigl",
    "bigr",
    "binom",
    "bmod",
    "bullet",
    "boldsymbol",
    "bot",
    "bowtie",
    "theta",
    "tau",
    "times",
    "text",
    "textbf",
    "textit",
    "textrm",
    "texttt",
    "tilde",
    "to",
    "top",
    "triangle",
    "rho",
    "right",
    "rangle",
    "rceil",
    "rfloor",
    "rm",
    "rightarrow",
    "rVert",
    "rvert",
    "boxed",
    "breve",
    "backslash",
    "textstyle",
    "tanh",
    "tan",
];

/// Every control character a string of this TOML body would contain (other than a newline
/// the author meant), found by lexing the body: escapes `\b \t \f \r \uXXXX` in basic
/// strings, `\n` where it starts a LaTeX command (`\nu`, `\nabla`), and raw tabs. Never
/// fails: a body TOML cannot parse is lexed as far as it goes.
pub(super) fn controls(body: &str) -> Vec<Control> {
    let mut out = Vec::new();
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                let (delim, multi) = delimiter(&body[i..]).expect("a quote");
                let basic = b[i] == b'"';
                let mut j = i + delim.len();
                loop {
                    if j >= b.len() || (!multi && b[j] == b'\n') {
                        break;
                    }
                    if body[j..].starts_with(delim) {
                        j += delim.len();
                        break;
                    }
                    if basic && b[j] == b'\\' {
                        let word: String = body[j + 1..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphabetic())
                            .collect();
                        let esc = word.chars().next();
                        let named = match esc {
                            Some('b') => Some("a backspace"),
                            Some('t') => Some("a tab"),
                            Some('f') => Some("a form feed"),
                            Some('r') => Some("a carriage return"),
                            Some('n') if LATEX_N.contains(&word.as_str()) => Some("a newline"),
                            Some('u') | Some('U') => {
                                let n = if esc == Some('u') { 4 } else { 8 };
                                let c = body
                                    .get(j + 2..j + 2 + n)
                                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                                    .and_then(char::from_u32);
                                match c {
                                    Some(c) if c.is_control() && c != '\n' => {
                                        Some("a control character")
                                    }
                                    _ => None,
                                }
                            }
                            _ => None,
                        };
                        if let Some(what) = named {
                            let latex = LATEX.contains(&word.as_str())
                                || (esc == Some('n') && LATEX_N.contains(&word.as_str()));
                            let len = if latex { 1 + word.len() } else { 2 };
                            let shown = &body[j..j + len];
                            out.push(Control {
                                span: j..j + len,
                                message: if latex {
                                    format!(
                                        "`{shown}` in a \"…\" string is not LaTeX: `\\{}` is an escape for {what}",
                                        &word[..1]
                                    )
                                } else {
                                    format!("`{shown}` in a \"…\" string puts {what} in the text")
                                },
                                help: if !latex {
                                    "write `\\\\` for a backslash; for LaTeX use a literal '…' string (or '''…''' for several lines), where a backslash is kept as written".into()
                                } else if multi {
                                    "write LaTeX in a literal '''…''' string, where a backslash is kept as written".into()
                                } else {
                                    "write LaTeX in a literal '…' string (or '''…''' for several lines), where a backslash is kept as written".into()
                                },
                            });
                        }
                        // Skip the escaped character (it may be a quote or a backslash).
                        j += 1 + body[j + 1..].chars().next().map_or(0, char::len_utf8);
                        continue;
                    }
                    if b[j] == b'\t' {
                        out.push(Control {
                            span: j..j + 1,
                            message:
                                "a tab character in a string: it shows as a gap of unknown width"
                                    .into(),
                            help: "use spaces".into(),
                        });
                    }
                    j += body[j..].chars().next().map_or(1, char::len_utf8);
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_go_through_escapes_and_delimiters() {
        let raw = r#""a\tb {x}""#;
        // value: a, TAB, b, space, {  -> `{` is value byte 4, source byte 6.
        assert_eq!(raw_offset(raw, 4), Some(6));
        assert_eq!(raw_offset(r#""\u00e9{x}""#, 2), Some(7));
        assert_eq!(raw_offset("'''\nab{x}'''", 2), Some(6));
        assert_eq!(raw_offset("\"\"\"a \\\n   b{x}\"\"\"", 2), Some(10));
        assert_eq!(raw_offset("'é{x}'", 2), Some(3));
        assert_eq!(raw_offset("x", 0), None);
    }

    #[test]
    fn latex_escapes_are_found_where_written() {
        let body =
            "latex = \"T = \\frac{D}{BW} \\beta\"\nok = 'x \\theta'\n# \"\\t\"\nn = \"a\\nb \\nu\"";
        let c = controls(body);
        let shown: Vec<&str> = c.iter().map(|c| &body[c.span.clone()]).collect();
        assert_eq!(shown, ["\\frac", "\\beta", "\\nu"]);
        assert!(c[0].message.contains("form feed"), "{}", c[0].message);
        assert!(controls("a = \"\\u0007\\u00e9\\\"\\\\t\"").len() == 1);
        // Never panics on broken input.
        for s in ["\"\\", "\"\\u12", "'''", "\"\"\"\\", "\"é\\"] {
            controls(s);
        }
    }
}
