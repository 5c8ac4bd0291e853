//! One chapter: find the lab directives, expand them in place, wrap the page.

use std::ops::Range;

use physics::model::Values;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use render::Env;
use render::spec::{self, Page};

use crate::diag::Diagnostic;
use crate::directives::{self, Ctx, Declared, KINDS};
use crate::html::{defuse_braces, esc};

/// A `lab` fenced block found in a chapter.
struct Block {
    kind: String,
    /// The whole block, fences included.
    range: std::ops::Range<usize>,
    /// Span of the info string.
    info: std::ops::Range<usize>,
    /// The TOML body.
    body: std::ops::Range<usize>,
}

fn find_blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for (ev, range) in Parser::new(src).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = ev else {
            continue;
        };
        let mut words = info.split_whitespace();
        if words.next() != Some("lab") {
            continue;
        }
        let kind = words.next().unwrap_or("").to_string();
        let first_nl = src[range.start..range.end]
            .find('\n')
            .map_or(range.end, |i| range.start + i);
        let info_at = src[range.start..first_nl]
            .find("lab")
            .map_or(range.start, |i| range.start + i);
        let body_start = (first_nl + 1).min(range.end);
        // The closing fence is the last line of the block (absent if the file ends first).
        let trimmed = src[..range.end].trim_end_matches(['\n', '\r']);
        let last_nl = trimmed.rfind('\n').unwrap_or(0);
        let closing = trimmed[last_nl..].trim_start();
        let body_end = if closing.starts_with("```") || closing.starts_with("~~~") {
            (last_nl + 1).max(body_start)
        } else {
            range.end
        };
        out.push(Block {
            kind,
            range: range.clone(),
            info: info_at..first_nl,
            body: body_start..body_end,
        });
    }
    out
}

/// The result of processing a chapter.
pub struct Output {
    pub content: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems that do not fail the build (render them with [`render_warning`]).
    pub warnings: Vec<Diagnostic>,
    /// How many directives' HTML still held a `{{` that the last line of defence had to
    /// escape. Always 0 unless a directive forgot to escape author text (tests check it).
    pub defused: usize,
    /// What the chapter's ledger saves and reads, for the book's cross-chapter check.
    pub ledger: LedgerFacts,
    /// The expansion read other chapters' files (the ledger page lists every lab), so it
    /// depends on more than this chapter's text and is never taken from the cache.
    pub reads_book: bool,
}

/// A chapter's side of the ledger: its lab, the fields its `lab ledger` saves and the
/// fields its `lab recall`s read (lab, field, span of the field's name).
#[derive(Default, Clone)]
pub struct LedgerFacts {
    pub lab: String,
    pub writes: Vec<String>,
    pub reads: Vec<(String, String, Range<usize>)>,
}

/// Expands every lab directive of a chapter. `path` is used in diagnostics; `book` namespaces
/// the ledger. A chapter without directives is returned unchanged. Diagnostics come in the
/// order of the places they point at, as the author reads the file, whichever check found them.
pub fn process(path: &str, src: &str, book: &str) -> Output {
    let mut out = expand(path, src, book);
    out.diagnostics.sort_by_key(|d| d.start);
    out
}

/// Each act of a two-act lab opens with a prediction, and Act II puts the design under a
/// physical limit: it has a failure state.
fn act_contents(path: &str, blocks: &[Block]) -> Vec<Diagnostic> {
    let mut acts: Vec<(&Block, usize, usize)> = Vec::new();
    for b in blocks {
        match b.kind.as_str() {
            "act" => acts.push((b, 0, 0)),
            "prediction" => {
                if let Some(a) = acts.last_mut() {
                    a.1 += 1;
                }
            }
            "failure" => {
                if let Some(a) = acts.last_mut() {
                    a.2 += 1;
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, (b, preds, fails)) in acts.iter().enumerate() {
        let act = if i == 0 { "I" } else { "II" };
        if *preds == 0 {
            out.push(
                Diagnostic::new(path, b.info.clone(), format!("Act {act} has no prediction"))
                    .help("each act opens with a ```lab prediction that the student locks before the instruments open"),
            );
        }
        if i == 1 && *fails == 0 {
            out.push(
                Diagnostic::new(path, b.info.clone(), "Act II has no failure state")
                    .help("Act II puts the design under a physical limit: add a ```lab failure that fires when a control crosses it"),
            );
        }
    }
    out
}

/// The inputs every `lab control` of the chapter sets (`input` or `inputs`), read ahead of
/// the directives so that a failure above a control still counts it.
fn control_inputs(src: &str, blocks: &[Block]) -> Vec<String> {
    let mut names = Vec::new();
    for b in blocks.iter().filter(|b| b.kind == "control") {
        let Ok(t) = toml::from_str::<toml::Table>(&src[b.body.clone()]) else {
            continue;
        };
        if let Some(n) = t.get("input").and_then(toml::Value::as_str) {
            names.push(n.to_string());
        }
        let many = t.get("inputs").and_then(toml::Value::as_array);
        names.extend(
            many.into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from)),
        );
    }
    names
}

/// The closing parts of a chapter, which no prediction gates: the takeaways and "next" notes,
/// the ledger and the HUD.
fn belongs_to_chapter(kind: &str, body: &str) -> bool {
    match kind {
        "ledger" | "hud" => true,
        "note" => toml::from_str::<toml::Table>(body).is_ok_and(|t| {
            matches!(
                t.get("kind").and_then(toml::Value::as_str),
                Some("takeaways" | "next")
            )
        }),
        _ => false,
    }
}

fn expand(path: &str, src: &str, book: &str) -> Output {
    let blocks = find_blocks(src);
    let mut diags = Vec::new();
    if blocks.is_empty() {
        return Output {
            content: src.to_string(),
            diagnostics: diags,
            warnings: Vec::new(),
            defused: 0,
            reads_book: false,
            ledger: LedgerFacts::default(),
        };
    }
    let first = &blocks[0];
    // The ledger page: a chapter of its own, about every lab of the book.
    if first.kind == "dashboard" {
        let (r, b, i) = (first.range.clone(), first.body.clone(), first.info.clone());
        return directives::dashboard::page(path, src, book, r, b, i);
    }
    if first.kind != "header" {
        diags.push(
            Diagnostic::new(path, first.info.clone(), "a lab chapter must start with a `lab header` directive")
                .help("add a ```lab header block naming the model (model = \"v1-01\") before the other directives"),
        );
        check_without_model(path, src, &blocks, false, &mut diags);
        return Output {
            content: src.to_string(),
            diagnostics: diags,
            warnings: Vec::new(),
            defused: 0,
            reads_book: false,
            ledger: LedgerFacts::default(),
        };
    }
    let mut declared = Declared::default();
    // The header names the model every other directive is checked against.
    let header_body = &src[first.body.clone()];
    let dummy_env = Env::eval(&physics::model::EMPTY, &Values::new());
    let header = {
        let mut cx = Ctx {
            path,
            src,
            base: first.body.start,
            fence: first.info.clone(),
            model: &physics::model::EMPTY,
            env: &dummy_env,
            lab: "",
            diags: &mut diags,
            declared: &mut declared,
            scenarios: &[],
        };
        directives::parse_header(&mut cx, header_body)
    };
    let Some(header) = header else {
        check_without_model(path, src, &blocks, true, &mut diags);
        return Output {
            content: src.to_string(),
            diagnostics: diags,
            warnings: Vec::new(),
            defused: 0,
            reads_book: false,
            ledger: LedgerFacts::default(),
        };
    };
    let id = header.model.get_ref().clone();
    let Some(model) = physics::labs::find(&id) else {
        let ids: Vec<&str> = physics::labs::ALL.iter().map(|m| m.id).collect();
        let span = first.body.start + header.model.span().start
            ..first.body.start + header.model.span().end;
        diags.push(
            Diagnostic::new(path, span, format!("no model `{id}` in the physics crate"))
                .help(format!("models: {}", ids.join(", "))),
        );
        check_without_model(path, src, &blocks, true, &mut diags);
        return Output {
            content: src.to_string(),
            diagnostics: diags,
            warnings: Vec::new(),
            defused: 0,
            reads_book: false,
            ledger: LedgerFacts::default(),
        };
    };
    let orientation = header.orientation();
    if let Some(shape) = &header.shape
        && !["lab", "orientation"].contains(&shape.get_ref().as_str())
    {
        let span = first.body.start + shape.span().start..first.body.start + shape.span().end;
        diags.push(
            Diagnostic::new(path, span, format!("unknown shape `{}`", shape.get_ref())).help(
                "use `lab` (two acts, the default) or `orientation` (concept checks, no acts)",
            ),
        );
    }
    let env = Env::eval(model, &model.defaults());
    let scenarios = directives::scenarios(
        &mut Ctx {
            path,
            src,
            base: first.body.start,
            fence: first.info.clone(),
            model,
            env: &env,
            lab: model.id,
            diags: &mut diags,
            declared: &mut declared,
            scenarios: &[],
        },
        &header,
    );
    let mut out = String::with_capacity(src.len() * 2);
    let page = Page {
        v: spec::VERSION,
        lab: model.id.to_string(),
        book: book.to_string(),
        title: header.title.clone(),
        label: format!("Vol {} · Lab {:02}", header.volume, header.number),
    };
    // The script asks the head's `labsPreload` (theme/head.hbs, absent from print.html) to
    // start the widget download as the parser reaches a lab, so pages without a lab never
    // fetch it. It holds no braces: every `{` this preprocessor writes would be escaped.
    declared.lab_label = page.label.clone();
    declared.page_controls = control_inputs(src, &blocks);
    out.push_str(&format!(
        "<div class=\"lab-page\" id=\"lab-{}\" data-lab-page=\"{}\">\n<script>window.labsPreload && labsPreload()</script>\n\n",
        esc(model.id),
        esc(&serde_json::to_string(&page).unwrap_or_default())
    ));
    let mut pos = 0;
    // The open gated regions, innermost last: `true` for a check's, `false` for a prediction's.
    let mut gates: Vec<bool> = Vec::new();
    let mut checks = 0;
    let mut defused = 0;
    // Act structure (a `lab`-shaped chapter with any act): Act I, then Act II, each once,
    // and nothing gated before Act I. Chapters without acts (fixtures, examples) are exempt.
    let has_acts = blocks.iter().any(|b| b.kind == "act");
    let mut act_seen = false;
    let mut act_fences = Vec::new();
    for b in &blocks {
        out.push_str(&src[pos..b.range.start]);
        pos = b.range.end;
        let mut cx = Ctx {
            path,
            src,
            base: b.body.start,
            fence: b.info.clone(),
            model,
            env: &env,
            lab: model.id,
            diags: &mut diags,
            declared: &mut declared,
            scenarios: &scenarios,
        };
        let html = if std::ptr::eq(b, first) {
            Some(directives::header(&mut cx, &header))
        } else if b.kind == "header" {
            cx.diags.push(second_header(path, b));
            None
        } else if !KINDS.contains(&b.kind.as_str()) {
            cx.diags.push(unknown_kind(path, b));
            None
        } else {
            if orientation {
                shape_rule(&mut cx, &b.kind, b.info.clone(), &mut checks);
            } else if has_acts && !act_seen && (b.kind == "prediction" || b.kind == "check") {
                cx.diags.push(
                    Diagnostic::new(path, b.info.clone(), format!("a {} before Act I", b.kind))
                        .help("everything a chapter with acts gates belongs to an act: move it after the ```lab act with number = 1"),
                );
            }
            if b.kind == "act" {
                act_seen = true;
                act_fences.push(b.info.clone());
            }
            let acts_before = cx.declared.acts.len();
            // An act ends every gated region, and so do the chapter's closing parts (the
            // takeaways, what comes next, the ledger and the HUD): they are read before locking. A check opens its region inside the open ones,
            // so the concept checks of a section unlock one after the other.
            let mut close = String::new();
            if b.kind == "act" || belongs_to_chapter(&b.kind, &src[b.body.clone()]) {
                for _ in gates.drain(..) {
                    close.push_str("</div>\n\n");
                }
            }
            let mut new_gate = None;
            let body = &src[b.body.clone()];
            let html = directives::expand(&mut cx, &b.kind, body, &mut new_gate);
            if new_gate.is_some() {
                let check = b.kind == "check";
                if !check && gates.iter().any(|&c| !c) {
                    cx.diags.push(
                        Diagnostic::new(
                            path,
                            b.info.clone(),
                            "a second prediction before the next act",
                        )
                        .help("each act has one prediction; start a new act with ```lab act first"),
                    );
                }
                gates.push(check);
            }
            if !orientation && cx.declared.acts.len() > acts_before {
                act_order(&mut cx, b.info.clone());
            }
            html.map(|h| format!("{close}{h}"))
        };
        // HTML blocks must stand alone: blank lines around them.
        out.push_str("\n\n");
        if let Some(h) = html {
            // Last line of defence: a directive never emits mdBook preprocessor syntax
            // (`{{#include ...}}`), whatever its author text; escaping should already have
            // made this a no-op.
            if h.contains("{{") {
                defused += 1;
            }
            out.push_str(&defuse_braces(&h));
        }
        out.push_str("\n\n");
    }
    out.push_str(&src[pos..]);
    for _ in &gates {
        out.push_str("\n\n</div>\n");
    }
    let acts = &declared.acts;
    if !orientation
        && !act_fences.is_empty()
        && acts.len() == act_fences.len()
        && acts.iter().all(|n| (1..=2).contains(n))
    {
        let (missing, has) = if acts.contains(&1) {
            ("II", "I")
        } else {
            ("I", "II")
        };
        if acts[0] == 2 && acts.contains(&1) {
            diags.push(
                Diagnostic::new(path, act_fences[0].clone(), "Act II comes before Act I")
                    .help("put the ```lab act with number = 1 (and its prediction) first"),
            );
        } else if !(acts.contains(&1) && acts.contains(&2)) {
            diags.push(
                Diagnostic::new(
                    path,
                    act_fences[0].clone(),
                    format!("this chapter has Act {has} but no Act {missing}"),
                )
                .help(format!(
                    "a lab has two acts: add a ```lab act with number = {}",
                    if missing == "I" { 1 } else { 2 }
                )),
            );
        }
    }
    // A complete lab (one that saves a ledger record) has the whole protocol; short examples
    // and fixtures without a ledger are exempt, as chapters without acts are.
    if !orientation && act_fences.len() == 2 && blocks.iter().any(|b| b.kind == "ledger") {
        diags.extend(act_contents(path, &blocks));
    }
    if orientation && checks == 0 {
        diags.push(
            Diagnostic::new(
                path,
                first.info.clone(),
                "an orientation chapter has no concept check",
            )
            .help("add one to three ```lab check blocks (or drop `shape = \"orientation\"`)"),
        );
    }
    out.push_str("\n\n</div>\n");
    let warnings = prose_names(path, src, model);
    let mut ledger = std::mem::take(&mut declared.ledger);
    ledger.lab = model.id.to_string();
    Output {
        content: out,
        diagnostics: diags,
        warnings,
        defused,
        reads_book: false,
        ledger,
    }
}

/// Renders a warning: a diagnostic that does not fail the build.
pub fn render_warning(d: &Diagnostic, src: &str) -> String {
    let r = d.render(src);
    match r.strip_prefix("error:") {
        Some(rest) => format!("warning:{rest}"),
        None => r,
    }
}

/// `{name}` or `{name:fmt}` in plain prose (outside directives, code and HTML) naming a model
/// input or output: only directive text is interpolated, so it would be printed literally.
fn prose_names(path: &str, src: &str, model: &physics::model::Model) -> Vec<Diagnostic> {
    // Byte ranges that are not prose: code blocks (lab directives among them), inline code, HTML.
    let mut skip: Vec<std::ops::Range<usize>> = Vec::new();
    for (ev, range) in Parser::new(src).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_))
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_) => skip.push(range),
            _ => {}
        }
    }
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = src[i..].find('{') {
        let at = i + off;
        i = at + 1;
        if skip.iter().any(|r| r.contains(&at)) {
            continue;
        }
        // LaTeX (`\frac{x}`, `x^{n}`, `}{`) and `{{`: a brace glued to what precedes it.
        if let Some(&prev) = at.checked_sub(1).map(|p| &bytes[p])
            && (prev.is_ascii_alphanumeric() || b"\\^_{}$".contains(&prev))
        {
            continue;
        }
        let rest = &src[at + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let after = &rest[name_len..];
        let end = match after.chars().next() {
            Some('}') => at + 1 + name_len + 1,
            Some(':') | Some('@') => match after.find(['}', '{', '\n']) {
                Some(j) if after.as_bytes()[j] == b'}' => at + 1 + name_len + j + 1,
                _ => continue,
            },
            _ => continue,
        };
        let kind = if model.output(name).is_some() {
            "output"
        } else if model.input(name).is_some() {
            "input"
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(
                path,
                at..end,
                format!("`{}` in plain prose is shown literally, not as the model's {kind} `{name}`", &src[at..end]),
            )
            .help("only directive text is interpolated: put the sentence in a ```lab note (body = \"…\") or another directive's text field"),
        );
    }
    out
}

/// Called after each act is expanded: each act comes once. (Their order and a missing act
/// are checked at the end of the chapter.)
fn act_order(cx: &mut Ctx<'_>, at: std::ops::Range<usize>) {
    let (last, before) = cx.declared.acts.split_last().expect("an act was declared");
    let problem = match (*last, before) {
        (1, b) if b.contains(&1) => Some((
            "a second Act I".to_string(),
            "a lab has one Act I and one Act II: number this act 2, or merge the two",
        )),
        (2, b) if b.contains(&2) => Some((
            "a second Act II".to_string(),
            "a lab has one Act I and one Act II: merge the two",
        )),
        _ => None,
    };
    if let Some((msg, help)) = problem {
        cx.diags.push(Diagnostic::new(cx.path, at, msg).help(help));
    }
}

fn unknown_kind(path: &str, b: &Block) -> Diagnostic {
    let suggestion = render::cond::closest(&b.kind, KINDS.iter().copied());
    Diagnostic::new(
        path,
        b.info.clone(),
        format!("unknown directive `lab {}`", b.kind),
    )
    .help(match suggestion {
        Some(s) => format!("did you mean `lab {s}`? directives: {}", KINDS.join(", ")),
        None => format!("directives: {}", KINDS.join(", ")),
    })
}

fn second_header(path: &str, b: &Block) -> Diagnostic {
    Diagnostic::new(
        path,
        b.info.clone(),
        "a chapter has one `lab header`; this is a second one",
    )
}

/// When the header failed there is no model to check against, but the rest of the chapter
/// still gets what needs none: unknown kinds, a second header, TOML errors, missing and
/// unknown keys. `has_header`: the first block is the (failed) header, checked already.
fn check_without_model(
    path: &str,
    src: &str,
    blocks: &[Block],
    has_header: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let env = Env::eval(&physics::model::EMPTY, &Values::new());
    let mut declared = Declared::default();
    for (i, b) in blocks.iter().enumerate() {
        if has_header && i == 0 {
            continue;
        }
        if b.kind == "header" {
            if has_header {
                diags.push(second_header(path, b));
            }
        } else if !KINDS.contains(&b.kind.as_str()) {
            diags.push(unknown_kind(path, b));
        } else {
            let mut cx = Ctx {
                path,
                src,
                base: b.body.start,
                fence: b.info.clone(),
                model: &physics::model::EMPTY,
                env: &env,
                lab: "",
                diags,
                declared: &mut declared,
                scenarios: &[],
            };
            directives::parse_only(&mut cx, &b.kind, &src[b.body.clone()]);
        }
    }
}

/// The rules of an orientation chapter (`shape = "orientation"`), checked as each directive
/// comes: no acts, no predictions, one to three concept checks. (A `lab`-shaped chapter has
/// two acts with one prediction each, checked where acts and predictions are expanded.)
fn shape_rule(cx: &mut Ctx<'_>, kind: &str, at: std::ops::Range<usize>, checks: &mut usize) {
    let problem = match kind {
        "act" => Some((
            "an orientation chapter has no acts",
            "drop the act, or make the chapter a lab: remove `shape = \"orientation\"` from the header",
        )),
        "prediction" => Some((
            "an orientation chapter has concept checks, not predictions",
            "write a ```lab check (options with feedback, no model value) instead",
        )),
        "check" => {
            *checks += 1;
            (*checks == 4).then_some((
                "a fourth concept check: an orientation chapter has one to three",
                "merge or drop a check",
            ))
        }
        _ => None,
    };
    if let Some((msg, help)) = problem {
        cx.diags.push(Diagnostic::new(cx.path, at, msg).help(help));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_without_directives_is_untouched() {
        let src = "# Intro\n\n```rust\nfn main() {}\n```\n";
        let o = process("src/intro.md", src, "b");
        assert_eq!(o.content, src);
        assert!(o.diagnostics.is_empty());
    }

    #[test]
    fn directive_text_cannot_make_mdbook_syntax_or_script_links() {
        let src = "# T\n\nAuthor {{#include own.md}} prose.\n\n```lab header\nmodel = \"v1-01\"\nvolume = 1\nnumber = 1\nminutes = \"5\"\ntitle = \"{{#include /etc/hostname}}\"\nsubtitle = \"{{{{#include /etc/hostname}}}}\"\n```\n\n```lab note\ntitle = \"{{{{ #playground x.rs }}}}\"\nbody = \"[l](javascript:alert(1)) <javascript:alert(2)> ![i](data:x) {{{{#title T}}}} `{{{{#include a}}}}`\"\n```\n";
        let o = process("src/t.md", src, "b");
        assert!(
            o.diagnostics.is_empty(),
            "{}",
            o.diagnostics
                .iter()
                .map(|d| d.render(src))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert_eq!(o.defused, 0);
        // The author's own prose outside directives is theirs, untouched.
        assert!(o.content.contains("Author {{#include own.md}} prose."));
        let generated = o.content.replace("Author {{#include own.md}} prose.", "");
        assert!(!generated.contains("{{"), "{generated}");
        assert!(!generated.contains("href=\"javascript"), "{generated}");
        assert!(!generated.contains("<img src=\"data"), "{generated}");
    }

    const HEAD: &str = "```lab header\nmodel = \"v1-01\"\nvolume = 1\nnumber = 1\nminutes = \"5\"\ntitle = \"T\"\nsubtitle = \"S\"\n```\n\n";

    fn act(n: u8) -> String {
        format!("```lab act\nnumber = {n}\ntitle = \"A\"\nwhy = \"W\"\n```\n\n")
    }

    fn messages(src: &str) -> Vec<String> {
        let o = process("src/t.md", src, "b");
        o.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn acts_come_as_one_then_two_each_once() {
        assert!(messages(&format!("{HEAD}{}{}", act(1), act(2))).is_empty());
        // A chapter without acts (a fixture, an example) has no act structure to check.
        assert!(messages(HEAD).is_empty());
        assert_eq!(
            messages(&format!("{HEAD}{}{}", act(2), act(1))),
            ["Act II comes before Act I"]
        );
        assert_eq!(
            messages(&format!("{HEAD}{}{}{}", act(1), act(2), act(2))),
            ["a second Act II"]
        );
        assert_eq!(
            messages(&format!("{HEAD}{}", act(2))),
            ["this chapter has Act II but no Act I"]
        );
        // An act that does not exist is reported once, not also as a missing act.
        assert_eq!(
            messages(&format!("{HEAD}{}{}", act(1), act(3))),
            ["act 3 does not exist: a lab has exactly two acts (1 and 2)"]
        );
    }

    #[test]
    fn only_model_names_in_plain_prose_are_warned_about() {
        let prose = "{oom_factor} and {model_mb:.0f}, not {x}, `{oom_factor}`, \\frac{oom_factor}{2}, {{oom_factor}}, {oom_factor:.0f\n";
        let o = process("src/t.md", &format!("{HEAD}{prose}"), "b");
        assert!(o.diagnostics.is_empty());
        let w: Vec<&str> = o.warnings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("`{oom_factor}`"), "{w:?}");
        assert!(w[1].starts_with("`{model_mb:.0f}`"), "{w:?}");
    }

    #[test]
    fn finds_body_spans() {
        let src = "x\n\n```lab note\nbody = \"hi\"\n```\n\ny\n";
        let b = &find_blocks(src)[0];
        assert_eq!(&src[b.body.clone()], "body = \"hi\"\n");
        assert_eq!(&src[b.info.clone()], "lab note");
    }
}
