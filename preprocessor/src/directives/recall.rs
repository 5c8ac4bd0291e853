//! `lab recall`: shows the fields an earlier lab saved in this browser's ledger, or a
//! message telling the student to do that lab first. The lab must exist, and the book checks
//! (across chapters, in `run`) that an earlier lab's ledger saves every field read. A field may also feed one of this page's inputs
//! (`input = "name"`): the widgets set the input to the recalled value before the first
//! evaluation, and the box says which value is in use, the recalled one or the default.

use render::spec::{self, RecallField, WidgetKind};
use render::{cond, template};
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecallD {
    from: S<String>,
    title: S<String>,
    fields: Vec<RecallFieldD>,
    missing: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecallFieldD {
    name: S<String>,
    label: String,
    input: Option<S<String>>,
}

pub(super) fn recall(cx: &mut Ctx<'_>, r: RecallD) -> Option<String> {
    let from = r.from.get_ref().clone();
    if physics::labs::find(&from).is_none() {
        let s = cx.span(&r.from);
        cx.err(s, format!("no lab `{from}` exists"));
    }
    let title = cx.template(&r.title);
    let missing = cx.template(&r.missing);
    let lab = spec::lab_name(&from, cx.lab);
    let mut dl = String::new();
    let mut uses = String::new();
    let mut fields = Vec::new();
    let mut fed: Vec<String> = Vec::new();
    for f in &r.fields {
        dl.push_str(&format!(
            "<dt>{}</dt><dd data-field=\"{}\">—</dd>",
            esc(&f.label),
            esc(f.name.get_ref())
        ));
        let span = cx.span(&f.name);
        cx.declared
            .ledger
            .reads
            .push((from.clone(), f.name.get_ref().clone(), span));
        let input = f.input.as_ref().and_then(|i| feed(cx, i, &mut fed));
        if let Some(name) = &input {
            // Without the widgets (or without a record) the input keeps its default.
            uses.push_str(&format!(
                "<p class=\"lab-recall-use\" data-input=\"{}\">No record from {} yet: using the default {}.</p>",
                esc(name),
                esc(&lab),
                esc(&template::value(cx.env, name, ""))
            ));
        }
        fields.push(RecallField {
            name: f.name.get_ref().clone(),
            label: f.label.clone(),
            input,
        });
    }
    let attr = widget_attr(WidgetKind::Recall { from, fields });
    Some(no_blank_lines(&format!(
        "<div class=\"lab-recall\" data-lab=\"{attr}\">\n<div class=\"lab-recall-title\">{}</div>\n<dl class=\"lab-recall-fields\">{dl}</dl>\n<div class=\"lab-recall-missing\">{}</div>\n{uses}\n</div>",
        cx.md(&title, true),
        cx.md(&missing, true)
    )))
}

/// Checks that a recall field's `input` names an input of this page's model (an output
/// cannot be set) that no other recall field feeds. It may also have a `lab control`: the
/// control then starts at the recalled value.
fn feed(cx: &mut Ctx<'_>, i: &S<String>, fed: &mut Vec<String>) -> Option<String> {
    let span = cx.span(i);
    let name = i.get_ref();
    let Some(def) = cx.model.input(name) else {
        let ins: Vec<&str> = cx.model.inputs.iter().map(|d| d.name).collect();
        let msg = if cx.model.output(name).is_some() {
            format!(
                "`{name}` is an output of model `{}`; a recall can only set an input",
                cx.model.id
            )
        } else {
            cond::unknown(name, cx.model)
        };
        cx.err(span, format!("recall: {msg}")).help =
            Some(format!("the model's inputs: {}", ins.join(", ")));
        return None;
    };
    if fed.iter().any(|n| n == def.name) {
        cx.err(
            span,
            format!("recall: input `{name}` is already set by another recall field"),
        );
        return None;
    }
    fed.push(def.name.to_string());
    Some(def.name.to_string())
}

#[cfg(test)]
mod tests {
    use crate::chapter::process;

    fn run(fields: &str) -> (String, Vec<String>) {
        let src = format!(
            "```lab header\nmodel = \"v1-02\"\nvolume = 1\nnumber = 2\ntitle = \"T\"\nsubtitle = \"S\"\nminutes = \"5\"\n```\n\n```lab recall\nfrom = \"v1-00\"\ntitle = \"Lab 00\"\nmissing = \"Do Lab 00 first.\"\n{fields}```\n\n```lab control\ninput = \"context\"\n```\n"
        );
        let o = process("src/t.md", &src, "b");
        (
            o.content,
            o.diagnostics.iter().map(|d| d.message.clone()).collect(),
        )
    }

    #[test]
    fn a_recalled_field_may_feed_an_input_with_a_control() {
        let (html, d) = run(
            "\n[[fields]]\nname = \"deployment_context\"\nlabel = \"Regime\"\ninput = \"context\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        // Without the widgets the default is in use, and the page says so.
        assert!(
            html.contains("<p class=\"lab-recall-use\" data-input=\"context\">No record from Lab 00 yet: using the default Cloud"),
            "{html}"
        );
        assert!(html.contains("&quot;input&quot;:&quot;context&quot;"));
    }

    #[test]
    fn a_fed_input_must_be_an_input_and_fed_once() {
        let (_, d) = run(
            "\n[[fields]]\nname = \"x\"\nlabel = \"X\"\ninput = \"total_ms\"\n\n[[fields]]\nname = \"y\"\nlabel = \"Y\"\ninput = \"contxt\"\n\n[[fields]]\nname = \"z\"\nlabel = \"Z\"\ninput = \"context\"\n\n[[fields]]\nname = \"w\"\nlabel = \"W\"\ninput = \"context\"\n",
        );
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d[0].contains("is an output of model `v1-02`"), "{d:?}");
        assert!(d[1].contains("contxt"), "{d:?}");
        assert!(
            d[2].contains("already set by another recall field"),
            "{d:?}"
        );
    }
}
