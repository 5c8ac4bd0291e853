//! Diagnostics with source positions, printed like rustc's: `path:line:col`, the source
//! line, a caret under the span, and a help line.

use std::fmt::Write;

/// One problem found in a chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path as the author knows it, relative to the book root (`src/vol1/lab01.md`).
    pub path: String,
    /// Byte range in the chapter source.
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(path: &str, span: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            start: span.start,
            end: span.end.max(span.start),
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders the diagnostic against the chapter source.
    pub fn render(&self, source: &str) -> String {
        // Spans are byte offsets; snap them to character boundaries so that a span that
        // lands inside a multi-byte character (a TOML error after `é`) still renders.
        let floor = |mut i: usize| {
            i = i.min(source.len());
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(self.start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_no = source[..start].matches('\n').count() + 1;
        let line = &source[line_start..line_end];
        let col = source[line_start..start].chars().count() + 1;
        let end = floor(self.end.max(start)).clamp(start, line_end);
        let width = source[start..end]
            .chars()
            .map(columns)
            .sum::<usize>()
            .max(1);
        let gutter = line_no.to_string().len();
        let pad = " ".repeat(gutter);
        let mut s = String::new();
        let _ = writeln!(s, "error: {}", self.message);
        let _ = writeln!(s, "{pad}--> {}:{line_no}:{col}", self.path);
        let _ = writeln!(s, "{pad} |");
        let _ = writeln!(s, "{line_no} | {line}");
        let lead: String = line[..start - line_start]
            .chars()
            .map(|c| {
                if c == '\t' {
                    "\t".into()
                } else {
                    " ".repeat(columns(c))
                }
            })
            .collect();
        let _ = writeln!(s, "{pad} | {lead}{}", "^".repeat(width));
        if let Some(h) = &self.help {
            let _ = writeln!(s, "{pad} = help: {h}");
        }
        s
    }
}

/// How many terminal columns a character takes, so that the caret sits under its span after
/// wide (CJK, emoji) and zero-width (combining, joiner, variation selector) characters.
fn columns(c: char) -> usize {
    match u32::from(c) {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F | 0x20D0..=0x20FF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F680..=0x1F6FF
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_snippet_and_caret() {
        let src = "# T\n\n```lab chart\nvalue = \"t_mem\"\n```\n";
        let at = src.find("t_mem").unwrap();
        let d = Diagnostic::new("src/a.md", at..at + 5, "unknown output `t_mem`")
            .help("did you mean `t_mem_ms`?");
        assert_eq!(
            d.render(src),
            "error: unknown output `t_mem`\n --> src/a.md:4:10\n  |\n4 | value = \"t_mem\"\n  |          ^^^^^\n  = help: did you mean `t_mem_ms`?\n"
        );
    }

    #[test]
    fn spans_inside_a_multibyte_character_do_not_panic() {
        let src = "é—x ≥ 3\n";
        for start in 0..=src.len() + 2 {
            for end in start..=src.len() + 2 {
                let _ = Diagnostic::new("a.md", start..end, "m").render(src);
            }
        }
        // Columns count characters, and the caret sits under the character.
        let at = src.find('≥').unwrap();
        let r = Diagnostic::new("a.md", at + 1..at + 2, "m").render(src);
        assert!(r.contains("a.md:1:5"), "{r}");
        assert!(r.contains("1 | é—x ≥ 3\n  |     ^\n"), "{r}");
        // A wide character takes two columns on a terminal; a combining accent none.
        let src = "😀漢e\u{301} ≥ 3";
        let at = src.find('≥').unwrap();
        let r = Diagnostic::new("a.md", at..at + 3, "m").render(src);
        assert!(r.contains("a.md:1:6"), "{r}");
        assert!(r.contains("  |       ^\n"), "{r}");
    }
}
