//! `lab dashboard`: the ledger page. A chapter of its own (no model, no header): every lab
//! chapter of the book with what its `lab ledger` saves, what later labs (and the capstones)
//! read from it, export and import, and the printable report. The labs are read from the
//! book's `src` with this preprocessor's own parsing ([`crate::verify::book_labs`]), so the page
//! can never disagree with the chapters. Without JavaScript it is a static explanation of
//! what the page would show.

use std::path::Path;

use render::spec::{DashLab, DashPrediction, WidgetKind};
use serde::Deserialize;

use crate::chapter::{LedgerFacts, Output};
use crate::diag::Diagnostic;
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DashboardD {
    /// The labs that audit the others (default: the last lab of each volume).
    #[serde(default)]
    capstones: Vec<String>,
}

/// The lab's page, relative to the book root: `vol1/lab01.md` → `vol1/lab01.html`.
fn href(path: &str) -> String {
    path.strip_suffix(".md")
        .map_or_else(|| path.to_string(), |p| format!("{p}.html"))
}

/// The ledger fields that carry the deployment context forward: Lab 00's regime and each
/// lab's `context`.
const CONTEXT_FIELDS: [&str; 2] = ["deployment_context", "context"];

/// The deployment context carried forward: which labs record it for a later lab to read, who
/// reads it back, and (with JavaScript) what each of the student's records says.
fn context_section(labs: &[DashLab], specs: &[crate::verify::LabSpec]) -> String {
    let mut items = String::new();
    // Only the labs whose context a later lab reads: a lab's own scenario toggle that nothing
    // reads back (Vol II's storage systems, parallelism strategies) is not a deployment context.
    let read_later = |id: &str, field: &str| {
        specs
            .iter()
            .any(|s| s.reads.iter().any(|(l, f)| l == id && f == field))
    };
    for l in labs {
        let Some(field) = CONTEXT_FIELDS
            .iter()
            .find(|f| l.fields.iter().any(|x| x == *f) && read_later(&l.id, f))
        else {
            continue;
        };
        items.push_str(&format!(
            "<li data-ctx-lab=\"{id}\" data-ctx-field=\"{field}\"><a href=\"{href}\">{id}</a> <span class=\"lab-ctx-v\">not recorded</span></li>",
            id = esc(&l.id),
            href = esc(&l.href),
        ));
    }
    if items.is_empty() {
        return String::new();
    }
    let readers: Vec<String> = specs
        .iter()
        .filter(|s| {
            s.reads
                .iter()
                .any(|(_, f)| CONTEXT_FIELDS.contains(&f.as_str()))
        })
        .map(|s| format!("<code>{}</code>", esc(&s.id)))
        .collect();
    let read = if readers.is_empty() {
        String::new()
    } else {
        format!(" {} read it back.", readers.join(", "))
    };
    format!(
        "<section class=\"lab-dash-context\" aria-labelledby=\"lab-ctx-h\">
<h2 id=\"lab-ctx-h\" class=\"lab-dash-h\">Your deployment context</h2>
<p>The deployment context you design for is carried from lab to lab: each lab below records the one you worked in.{read}</p>
<p class=\"lab-ctx-summary\" aria-live=\"polite\"></p>
<ol class=\"lab-ctx-list\">{items}</ol>
</section>"
    )
}

/// Expands a chapter whose first directive is `lab dashboard`. `range` is the block with its
/// fences, `body` its TOML, `info` its info string.
pub fn page(
    path: &str,
    src: &str,
    book: &str,
    range: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
    info: std::ops::Range<usize>,
) -> Output {
    let mut diagnostics = Vec::new();
    let out = |content: String, diagnostics| Output {
        content,
        diagnostics,
        warnings: Vec::new(),
        defused: 0,
        ledger: LedgerFacts::default(),
        reads_book: true,
    };
    let d: DashboardD = match toml::from_str(&src[body.clone()]) {
        Ok(d) => d,
        Err(e) => {
            let span = e
                .span()
                .map_or(info.clone(), |s| body.start + s.start..body.start + s.end);
            diagnostics.push(Diagnostic::new(path, span, e.message().to_string()));
            return out(src.to_string(), diagnostics);
        }
    };
    let dir = Path::new(path).parent().unwrap_or(Path::new("."));
    // A chapter under `src/sub/` would see only its folder: walk from the book's `src`.
    let src_dir = dir
        .ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "src"))
        .unwrap_or(dir);
    let specs = match crate::verify::book_labs(src_dir) {
        Ok(s) if !s.is_empty() => s,
        Ok(_) => {
            diagnostics.push(Diagnostic::new(
                path,
                info,
                format!("no lab chapters under {}", src_dir.display()),
            ));
            return out(src.to_string(), diagnostics);
        }
        Err(e) => {
            diagnostics.push(Diagnostic::new(path, info, e));
            return out(src.to_string(), diagnostics);
        }
    };
    let capstones: Vec<String> = if d.capstones.is_empty() {
        let mut last: Vec<String> = Vec::new();
        for s in &specs {
            let vol = s.id.split('-').next().unwrap_or("");
            match last.last_mut() {
                Some(l) if l.split('-').next() == Some(vol) => *l = s.id.clone(),
                _ => last.push(s.id.clone()),
            }
        }
        last
    } else {
        d.capstones.clone()
    };
    for c in &capstones {
        if !specs.iter().any(|s| s.id == *c) {
            diagnostics.push(Diagnostic::new(
                path,
                body.clone(),
                format!("no lab chapter `{c}` for `capstones`"),
            ));
        }
    }
    let mut labs = Vec::new();
    let mut rows = String::new();
    for s in &specs {
        let fields: Vec<String> = s
            .widgets
            .iter()
            .filter_map(|w| match w {
                WidgetKind::Ledger { fields } => Some(fields.iter().map(|f| f.name.clone())),
                _ => None,
            })
            .flatten()
            .collect();
        let predictions = s
            .widgets
            .iter()
            .filter_map(|w| match w {
                WidgetKind::Prediction {
                    id,
                    correct,
                    tolerance,
                    ..
                } => Some(DashPrediction {
                    id: id.clone(),
                    correct: correct.clone(),
                    tolerance: *tolerance,
                    numeric: tolerance.is_some(),
                }),
                _ => None,
            })
            .collect();
        let failures = s
            .widgets
            .iter()
            .filter_map(|w| match w {
                WidgetKind::Failure { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect();
        let reads: Vec<String> = s.reads.iter().map(|(l, f)| format!("{l}.{f}")).collect();
        // Who reads this lab's fields later.
        let mut read_by: Vec<String> = specs
            .iter()
            .flat_map(|o| {
                o.reads
                    .iter()
                    .filter(|(l, _)| *l == s.id)
                    .map(|(_, f)| format!("{} ({f})", o.id))
            })
            .collect();
        read_by.dedup();
        let model =
            physics::labs::find(&s.id).map_or_else(String::new, render::spec::model_version);
        let cap = if capstones.contains(&s.id) {
            " <span class=\"lab-dash-cap\">capstone</span>"
        } else {
            ""
        };
        let list = |v: &[String]| {
            if v.is_empty() {
                "<span class=\"lab-dash-none\">nothing</span>".to_string()
            } else {
                v.iter()
                    .map(|x| format!("<code>{}</code>", esc(x)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        rows.push_str(&format!(
            "<tr data-dash-lab=\"{id}\"><th scope=\"row\"><a href=\"{href}\">{id}</a>{cap}<br><a class=\"lab-dash-title\" href=\"{href}\">{title}</a></th><td class=\"lab-dash-status\">not started</td><td class=\"lab-dash-fields\">{fields}</td><td class=\"lab-dash-links\"><span class=\"lab-dash-k\">Reads</span> {reads}<br><span class=\"lab-dash-k\">Read later by</span> {read_by}</td><td class=\"lab-dash-when\"></td></tr>\n",
            id = esc(&s.id),
            href = esc(&href(&s.path)),
            title = esc(&s.title),
            fields = list(&fields),
            reads = list(&reads),
            read_by = list(&read_by),
        ));
        labs.push(DashLab {
            id: s.id.clone(),
            title: s.title.clone(),
            href: href(&s.path),
            model,
            fields,
            predictions,
            failures,
            reads,
        });
    }
    if !diagnostics.is_empty() {
        return out(src.to_string(), diagnostics);
    }
    let context = context_section(&labs, &specs);
    let built_by = format!("mdbook-labs {}", env!("CARGO_PKG_VERSION"));
    let n = labs.len();
    let cap_names = capstones
        .iter()
        .map(|c| format!("<code>{}</code>", esc(c)))
        .collect::<Vec<_>>()
        .join(" and ");
    let attr = widget_attr(WidgetKind::Dashboard {
        book: book.to_string(),
        built_by,
        labs,
    });
    // The page needs the widgets: the class `lab-page` makes the loader fetch them.
    let html = no_blank_lines(&format!(
        "<div class=\"lab-page lab-dashboard\" id=\"lab-dashboard\" data-lab=\"{attr}\">
<script>window.labsPreload && labsPreload()</script>
<p class=\"lab-dash-static\">This page shows your design ledger: the record each of the {n} labs keeps in this browser. With JavaScript, each row below says whether you have started the lab, locked Act I, completed it or hit a failure state, with the fields it saved and when. Here you can also export the ledger to a file, import one from another browser (you choose, lab by lab, whose record to keep), and print or download a report. Without JavaScript the table lists what each lab saves and which later labs read it; the capstones ({cap_names}) audit the others.</p>
<div class=\"lab-dash-notice\" role=\"status\" aria-live=\"polite\"></div>
<div class=\"lab-dash-summary\" aria-live=\"polite\"></div>
{context}
<div class=\"lab-dash-scroll\"><table class=\"lab-dash-table\">
<caption>Your labs and what each one saves</caption>
<thead><tr><th scope=\"col\">Lab</th><th scope=\"col\">Status</th><th scope=\"col\">Saves</th><th scope=\"col\">Reads, and is read by</th><th scope=\"col\">Saved</th></tr></thead>
<tbody>
{rows}</tbody></table></div>
<div class=\"lab-dash-tools\">
<h2 class=\"lab-dash-h\">Move your ledger</h2>
<p><button type=\"button\" class=\"lab-dash-export\" disabled>Export ledger (JSON)</button> <button type=\"button\" class=\"lab-dash-md\" disabled>Download report (Markdown)</button> <button type=\"button\" class=\"lab-dash-print\" disabled>Print report</button></p>
<p><label for=\"lab-import-file\">Import a ledger file:</label> <input type=\"file\" id=\"lab-import-file\" class=\"lab-import-file\" accept=\".json,application/json\" disabled></p>
<p><label for=\"lab-import-text\">or paste its text:</label><br><textarea id=\"lab-import-text\" class=\"lab-import-text\" rows=\"4\" spellcheck=\"false\" disabled></textarea><br><button type=\"button\" class=\"lab-import-check\" disabled>Preview import</button></p>
<div class=\"lab-import-result\" aria-live=\"polite\"></div>
</div>
<section class=\"lab-report\" aria-labelledby=\"lab-report-h\">
<h2 id=\"lab-report-h\" class=\"lab-dash-h\">Report</h2>
<p class=\"lab-dash-static\">With JavaScript, your report appears here: per lab, your predictions and whether they were right, your design decisions and the failure states you hit, with the book's and the models' versions. Print this page for a clean copy.</p>
<div class=\"lab-report-body\"></div>
</section>
</div>"
    ));
    let mut content = String::with_capacity(src.len() + html.len());
    content.push_str(&src[..range.start]);
    content.push_str(&html);
    content.push_str(&src[range.end..]);
    out(content, diagnostics)
}
