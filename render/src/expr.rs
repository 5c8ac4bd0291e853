//! Arithmetic over model values (`rho_pct / 100`, `(a + b) * 2`), for ledger fields that
//! save a derived number. Parsed at build time and shipped as a tree, like conditions: the
//! browser never evaluates author text.

use physics::model::{Kind, Model};
use serde::{Deserialize, Serialize};

use crate::Env;

/// An expression tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expr {
    Num(f64),
    Name(String),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
}

/// How deep an expression may nest: far beyond any real field, well inside every stack.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

type Res<T> = Result<T, (usize, String)>;

impl Parser<'_> {
    fn skip(&mut self) {
        while self.src[self.pos..].starts_with(' ') {
            self.pos += 1;
        }
    }
    fn peek(&mut self) -> Option<char> {
        self.skip();
        self.src[self.pos..].chars().next()
    }
    /// Fails once a tree would nest more than `MAX_DEPTH` deep. Long chains (`a + a + …`)
    /// nest too (each operator wraps the terms before it), so they count as well.
    fn limit(&self, depth: usize, at: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err((
                at,
                format!("the expression nests more than {MAX_DEPTH} deep: simplify it"),
            ));
        }
        Ok(())
    }
    fn sum(&mut self) -> Res<(Expr, usize)> {
        let (mut e, mut d) = self.product()?;
        while let Some(c @ ('+' | '-')) = self.peek() {
            let at = self.pos;
            self.pos += 1;
            let (r, rd) = self.product()?;
            d = d.max(rd) + 1;
            self.limit(self.depth + d, at)?;
            let (l, r) = (Box::new(e), Box::new(r));
            e = if c == '+' {
                Expr::Add(l, r)
            } else {
                Expr::Sub(l, r)
            };
        }
        Ok((e, d))
    }
    fn product(&mut self) -> Res<(Expr, usize)> {
        let (mut e, mut d) = self.unary()?;
        while let Some(c @ ('*' | '/')) = self.peek() {
            let at = self.pos;
            self.pos += 1;
            let (r, rd) = self.unary()?;
            d = d.max(rd) + 1;
            self.limit(self.depth + d, at)?;
            let (l, r) = (Box::new(e), Box::new(r));
            e = if c == '*' {
                Expr::Mul(l, r)
            } else {
                Expr::Div(l, r)
            };
        }
        Ok((e, d))
    }
    /// A term and the depth of its tree (a leaf is 1).
    fn unary(&mut self) -> Res<(Expr, usize)> {
        self.depth += 1;
        self.limit(self.depth, self.pos)?;
        let at = self.pos;
        let e = match self.peek() {
            Some('-') => {
                self.pos += 1;
                let (e, d) = self.unary()?;
                (Expr::Neg(Box::new(e)), d + 1)
            }
            Some('(') => {
                self.pos += 1;
                let e = self.sum()?;
                if self.peek() != Some(')') {
                    return Err((self.pos, "expected `)`".into()));
                }
                self.pos += 1;
                e
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let rest = &self.src[self.pos..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_' || c == 'e'))
                    .unwrap_or(rest.len());
                let v: f64 = rest[..len]
                    .replace('_', "")
                    .parse()
                    .map_err(|_| (at, format!("`{}` is not a number", &rest[..len])))?;
                if !v.is_finite() {
                    return Err((at, "the number is too large".into()));
                }
                self.pos += len;
                (Expr::Num(v), 1)
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let rest = &self.src[self.pos..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                self.pos += len;
                (Expr::Name(rest[..len].to_string()), 1)
            }
            _ => return Err((at, "expected a number, a name or `(`".into())),
        };
        self.depth -= 1;
        Ok(e)
    }
}

/// Parses an expression; errors carry the byte offset of the problem.
pub fn parse(src: &str) -> Result<Expr, (usize, String)> {
    if !src.is_ascii() {
        let at = src
            .char_indices()
            .find(|(_, c)| !c.is_ascii())
            .map_or(0, |(i, _)| i);
        return Err((
            at,
            "use only ASCII: names, numbers and `+ - * / ( )`".into(),
        ));
    }
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
    };
    let (e, _) = p.sum()?;
    if p.peek().is_some() {
        return Err((
            p.pos,
            "unexpected text: expressions use `+ - * / ( )`".into(),
        ));
    }
    Ok(e)
}

impl Expr {
    pub fn names(&self) -> Vec<&str> {
        match self {
            Expr::Num(_) => Vec::new(),
            Expr::Name(n) => vec![n.as_str()],
            Expr::Neg(a) => a.names(),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) | Expr::Div(a, b) => {
                let mut v = a.names();
                v.extend(b.names());
                v
            }
        }
    }

    /// Problems against `model`: unknown names and names that are not numbers.
    pub fn check(&self, model: &Model, env: &Env) -> Vec<String> {
        self.names()
            .into_iter()
            .filter_map(|n| match env.get(n) {
                None => Some(crate::cond::unknown(n, model)),
                Some(v) if v.kind() != Kind::Number => Some(format!(
                    "`{n}` is a {}; arithmetic needs numbers",
                    v.kind().name()
                )),
                Some(_) => None,
            })
            .collect()
    }

    /// The value at `env`; `None` when a name is missing or the result is not finite.
    pub fn eval(&self, env: &Env) -> Option<f64> {
        let v = match self {
            Expr::Num(v) => *v,
            Expr::Name(n) => env.num(n)?,
            Expr::Neg(a) => -a.eval(env)?,
            Expr::Add(a, b) => a.eval(env)? + b.eval(env)?,
            Expr::Sub(a, b) => a.eval(env)? - b.eval(env)?,
            Expr::Mul(a, b) => a.eval(env)? * b.eval(env)?,
            Expr::Div(a, b) => a.eval(env)? / b.eval(env)?,
        };
        v.is_finite().then_some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use physics::labs::v1_01;
    use physics::model::Values;

    #[test]
    fn parses_with_precedence_and_evaluates() {
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        // 2 + 3 × 4 = 14; (2 + 3) × 4 = 20; −(1 − 3) / 4 = 0.5.
        assert_eq!(parse("2 + 3 * 4").unwrap().eval(&env), Some(14.0));
        assert_eq!(parse("(2 + 3) * 4").unwrap().eval(&env), Some(20.0));
        assert_eq!(parse("-(1 - 3) / 4").unwrap().eval(&env), Some(0.5));
        assert_eq!(parse("1 / 0").unwrap().eval(&env), None, "not finite");
        // v1-01's compute ratio is 989,000 (989 TFLOPS ÷ 0.001 TFLOPS): a thousandth is 989.
        let e = parse("compute_ratio / 1_000").unwrap();
        assert!((e.eval(&env).unwrap() - 989.0).abs() < 1e-9);
        assert!(e.check(&v1_01::MODEL, &env).is_empty());
        assert_eq!(
            parse("binding * 2")
                .unwrap()
                .check(&v1_01::MODEL, &env)
                .len(),
            1
        );
    }

    #[test]
    fn rejects_bad_input_with_offsets() {
        assert_eq!(parse("a +").unwrap_err().0, 3);
        assert_eq!(parse("a ) b").unwrap_err().0, 2);
        assert!(
            parse(&"(".repeat(100)).is_err(),
            "deep nesting is refused, not a stack overflow"
        );
        assert!(parse("é").is_err());
        assert!(parse("1e400").is_err());
    }

    #[test]
    fn long_chains_nest_too_and_stay_readable_as_json() {
        // `a + a + …` is a left-nested tree: 10⁵ terms overflowed serde_json's depth limit
        // (and the stack on drop); the parser refuses chains deeper than the limit.
        let long = vec!["a"; 100_000].join(" + ");
        assert!(parse(&long).unwrap_err().1.contains("nests more than"));
        let long = vec!["a"; 100_000].join(" * ");
        assert!(parse(&long).is_err());
        let ok = vec!["a"; MAX_DEPTH].join(" + ");
        let e = parse(&ok).unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<Expr>(&json).unwrap(), e);
    }
}
