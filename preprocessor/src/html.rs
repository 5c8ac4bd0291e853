//! HTML building blocks: escaping, JSON attributes, and author markdown with live values.

use pulldown_cmark::{Options, Parser, html};
use render::template::{self, Piece};
use render::{Env, spec};
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // A literal `{{` in the page could be read by mdBook's link preprocessor.
            '{' => o.push_str("&#123;"),
            _ => o.push(c),
        }
    }
    o
}

/// A widget spec as an escaped `data-lab` attribute value.
pub fn widget_attr(kind: spec::WidgetKind) -> String {
    let w = spec::Widget {
        v: spec::VERSION,
        kind,
    };
    esc(&serde_json::to_string(&w).unwrap_or_default())
}

/// A `<span>` that the widgets keep up to date, holding the value at the current `env`.
pub fn live_span(env: &Env, name: &str, fmt: &str) -> String {
    let f = if fmt.is_empty() {
        String::new()
    } else {
        format!(" data-f=\"{}\"", esc(fmt))
    };
    format!(
        "<span class=\"lab-val\" data-v=\"{}\"{f}>{}</span>",
        esc(name),
        esc(&template::value(env, name, fmt))
    )
}

// Private-use characters stand in for values while markdown is rendered.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Renders author markdown with `{name:fmt}` values into HTML. `inline` drops the outer
/// paragraph. The template must already have been checked.
pub fn markdown(src: &str, env: &Env, inline: bool) -> String {
    let pieces = template::parse(src).unwrap_or_else(|_| vec![Piece::Text(src.to_string())]);
    let mut md = String::new();
    let mut vars = Vec::new();
    for p in &pieces {
        match p {
            Piece::Text(t) => md.push_str(t),
            Piece::Var { name, fmt, .. } => {
                md.push(OPEN);
                md.push_str(&vars.len().to_string());
                md.push(CLOSE);
                vars.push((name.clone(), fmt.clone()));
            }
        }
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    use pulldown_cmark::{Event, Tag, TagEnd};
    // Raw HTML in author text is shown as text, never injected. A link or image whose URL
    // is not safe (`javascript:`, `data:`, ...) loses its markup: its text stays, as text.
    let mut dropped_link = false;
    let mut dropped_image = false;
    let events = Parser::new_ext(&md, opts).filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !safe_url(dest_url) => {
            dropped_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropped_link => {
            dropped_link = false;
            None
        }
        Event::Start(Tag::Image { ref dest_url, .. }) if !safe_url(dest_url) => {
            dropped_image = true;
            None
        }
        Event::End(TagEnd::Image) if dropped_image => {
            dropped_image = false;
            None
        }
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    // pulldown-cmark leaves `{` as it is: as in `esc`, no `{{` may reach mdBook's links
    // preprocessor (`{{#include ...}}`). The entity reads the same in text and attributes.
    let out = out.replace('{', "&#123;");
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find(OPEN) {
        result.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        let j = after.find(CLOSE).unwrap_or(after.len());
        if let Some((name, fmt)) = after[..j].parse::<usize>().ok().and_then(|k| vars.get(k)) {
            result.push_str(&live_span(env, name, fmt));
        }
        rest = after.get(j + CLOSE.len_utf8()..).unwrap_or("");
    }
    result.push_str(rest);
    let mut s = result.trim().to_string();
    if inline
        && let Some(inner) = s.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        s = inner.to_string();
    }
    no_blank_lines(&s)
}

/// Whether a link or image URL from author text may be emitted: a relative URL, a fragment,
/// or an absolute one with scheme `http`, `https` or `mailto`. The URL is read as a browser
/// reads it (tabs and newlines removed, leading controls and spaces trimmed, case ignored);
/// pulldown-cmark has already decoded entities and backslash escapes.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].find(':') {
        // No scheme: a path, a query or a fragment on this site.
        None => true,
        Some(i) => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            ["http", "https", "mailto"].contains(&scheme.as_str())
        }
    }
}

/// Makes any mdBook preprocessor syntax (`{{#include ...}}`, `{{ #playground ...}}`) in
/// generated HTML inert: every `{` of a `{{` becomes `&#123;`, which reads the same in HTML
/// text and attribute values but is no longer matched by mdBook's links preprocessor. Only
/// for HTML made from directives (no `<script>` or `<style>` content).
pub fn defuse_braces(s: &str) -> String {
    if s.contains("{{") {
        s.replace('{', "&#123;")
    } else {
        s.to_string()
    }
}

/// An HTML block ends at a blank line in CommonMark: keep generated HTML free of them.
/// Inline HTML made safe to sit on a markdown line (a heading) that mdBook parses again: the
/// characters markdown would act on, in text outside tags, become entities, so rendered author
/// text stays text.
pub fn markdown_inert(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        match c {
            '*' | '_' | '`' | '[' | ']' | '\\' | '!' | '#' | '~' | '|' | '{' | '}' | '\n'
                if !in_tag || c == '\n' =>
            {
                let _ = write!(out, "&#{};", u32::from(if c == '\n' { ' ' } else { c }));
            }
            _ => out.push(c),
        }
    }
    out
}

pub fn no_blank_lines(s: &str) -> String {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// LaTeX to MathML, rendered at build time (no CDN, works offline).
pub fn mathml(latex: &str, display: bool) -> Result<String, String> {
    use pulldown_latex::{Parser, RenderConfig, Storage, config::DisplayMode, push_mathml};
    let storage = Storage::new();
    let parser = Parser::new(latex, &storage);
    let events: Vec<_> = parser.collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(e.to_string());
    }
    let mut out = String::new();
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    // `\text{...}` can carry braces through: as in `markdown`, no `{{` for mdBook.
    Ok(no_blank_lines(&text_brackets_escaped(&out)).replace('{', "&#123;"))
}

/// pulldown-latex writes the operators `<` and `>` raw (`<mo><</mo>`), which an HTML parser
/// reads as a broken tag: a `<` that does not open a tag, and a `>` outside one, become
/// entities.
fn text_brackets_escaped(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    let mut chars = markup.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if !in_tag
                && chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/') =>
            {
                in_tag = true;
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
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
    fn mathml_comparisons_are_text_not_tags() {
        let m = mathml(r"a < b > c", false).unwrap();
        assert!(m.contains("&lt;") && m.contains("&gt;"), "{m}");
        assert!(!m.contains("<<") && !m.contains("<mo><"), "{m}");
    }

    #[test]
    fn markdown_with_values_and_escaping() {
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        let h = markdown(
            "**Gap:** {compute_ratio:,.0f}× <script>x</script>",
            &env,
            true,
        );
        assert_eq!(
            h,
            "<strong>Gap:</strong> <span class=\"lab-val\" data-v=\"compute_ratio\" data-f=\",.0f\">989,000</span>× &lt;script&gt;x&lt;/script&gt;"
        );
    }

    fn md(src: &str) -> String {
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        markdown(src, &env, true)
    }

    #[test]
    fn no_mdbook_syntax_from_template_braces() {
        // `{{` is a literal `{` in a template: four make the `{{` mdBook's links preprocessor
        // would expand, wherever markdown puts it.
        for src in [
            "{{{{#include /etc/hostname}}}}",
            "{{{{ #include /etc/hostname }}}}",
            "{{{{#rustdoc_include x.rs}}}} {{{{#playground x.rs}}}} {{{{#title T}}}}",
            "`{{{{#include /etc/hostname}}}}`",
            "**{{{{#include a}}}}** _{{{{#include b}}}}_",
            "[{{{{#include a}}}}](https://x.org/{{{{#include b}}}})",
            "[t](https://x.org \"{{{{#include c}}}}\")",
            "![{{{{#include a}}}}](pic.png)",
            "| {{{{#include a}}}} |\n|---|\n| {{{{#include b}}}} |",
            "    {{{{#include indented_code}}}}",
            "<b>{{{{#include raw_html}}}}</b>",
        ] {
            let h = md(src);
            assert!(!h.contains("{{"), "{src:?} gave {h}");
            assert!(!h.contains('{'), "{src:?} gave {h}");
        }
        assert_eq!(md("{{{{#include x}}}}"), "&#123;&#123;#include x}}");
    }

    #[test]
    fn unsafe_link_schemes_lose_their_link() {
        for src in [
            "[l](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[l](JaVaScRiPt:alert(1))",
            "[l](<java\tscript:alert(1)>)",
            "[l](java&#x09;script:alert(1))",
            "[l](java&#10;script:alert(1))",
            "[l](&#106;avascript:alert(1))",
            "[l](&#x6A;avascript&#x3A;alert(1))",
            "[l](<  javascript:alert(1)>)",
            "[l](&#1;javascript:alert(1))",
            "[l](\\javascript:alert(1))",
            "[l](vbscript:msgbox(1))",
            "[l](data:text/html,<script>alert(1)</script>)",
            "[l][r]\n\n[r]: javascript:alert(1)",
            "[l](file:///etc/passwd)",
        ] {
            let h = md(src);
            assert!(!h.contains("<a"), "{src:?} gave {h}");
            assert!(!h.contains("href"), "{src:?} gave {h}");
        }
        // The link text stays, as text.
        assert_eq!(md("see [this](javascript:alert(1)) now"), "see this now");
        assert_eq!(md("<javascript:alert(1)>"), "javascript:alert(1)");
    }

    #[test]
    fn unsafe_image_sources_are_dropped() {
        for src in [
            "![i](javascript:alert(1))",
            "![i](data:image/svg+xml,<svg onload=alert(1)>)",
            "![i](DATA:text/html;base64,PHNjcmlwdD4=)",
            "![i](vbscript:x)",
        ] {
            let h = md(src);
            assert!(!h.contains("<img"), "{src:?} gave {h}");
        }
        assert_eq!(md("![alt text](data:x)"), "alt text");
        // A safe image inside an unsafe link, and the reverse, keep only what is safe.
        let h = md("[![i](pic.png)](javascript:alert(1))");
        assert!(
            h.contains("<img src=\"pic.png\"") && !h.contains("<a"),
            "{h}"
        );
        let h = md("[![i](javascript:x)](https://x.org)");
        assert!(
            h.contains("<a href=\"https://x.org\"") && !h.contains("<img"),
            "{h}"
        );
    }

    #[test]
    fn safe_links_stay() {
        for (src, href) in [
            ("[a](https://x.org/p?q=1)", "https://x.org/p?q=1"),
            ("[a](HTTP://X.ORG)", "HTTP://X.ORG"),
            ("[a](mailto:me@x.org)", "mailto:me@x.org"),
            ("[a](../vol1/lab02.md#act-1)", "../vol1/lab02.md#act-1"),
            ("[a](#frag)", "#frag"),
            ("[a](/p?t=a:b)", "/p?t=a:b"),
            ("[a](p#x:y)", "p#x:y"),
            ("<https://x.org>", "https://x.org"),
        ] {
            let h = md(src);
            assert!(h.contains(&format!("href=\"{href}\"")), "{src:?} gave {h}");
        }
        assert!(md("![i](img/a.png)").contains("<img src=\"img/a.png\""));
    }

    #[test]
    fn url_schemes() {
        for ok in [
            "", "a", "a/b:c", "?x:y", "#x:y", "//x.org", "http://x", "https:x", "mailto:a",
        ] {
            assert!(safe_url(ok), "{ok:?}");
        }
        for bad in [
            "javascript:x",
            " javascript:x",
            "\u{1}javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "JAVASCRIPT:x",
            "data:x",
            "vbscript:x",
            "file:x",
            "blob:x",
            "ja va:x",
        ] {
            assert!(!safe_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn defusing_braces() {
        assert_eq!(defuse_braces("a {b} c"), "a {b} c");
        assert_eq!(
            defuse_braces("x {{#include /etc/hostname}} y"),
            "x &#123;&#123;#include /etc/hostname}} y"
        );
        assert!(!defuse_braces("{{{ #playground x }}}").contains("{{"));
    }

    #[test]
    fn latex_becomes_mathml() {
        let m = mathml(r"T = \frac{D}{BW}", true).unwrap();
        assert!(m.starts_with("<math") && m.contains("<mfrac>"), "{m}");
        assert!(mathml(r"\frac{", false).is_err());
        for latex in [r"\text{{{#include /etc/hostname}}}", r"\{\{\#include x\}\}"] {
            if let Ok(m) = mathml(latex, false) {
                assert!(!m.contains('{'), "{latex}: {m}");
            }
        }
    }
}
