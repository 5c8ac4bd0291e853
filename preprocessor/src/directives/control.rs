//! `lab control`: a native form control bound to one model input (`input`), or one control
//! per input, in order, for several (`inputs`): segmented radios or a select for a choice, a
//! slider showing its live value for a range, a checkbox for an on/off input. The optional
//! `style` (and `label`) of a single control must fit the input's kind.

use physics::model::InputKind;
use render::cond;
use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, live_span, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ControlD {
    input: Option<S<String>>,
    inputs: Option<S<Vec<S<String>>>>,
    label: Option<String>,
    style: Option<S<String>>,
}

pub(super) fn control(cx: &mut Ctx<'_>, c: ControlD) -> Option<String> {
    match (&c.input, &c.inputs) {
        (Some(input), None) => one(cx, input, c.label.as_deref(), c.style.as_ref()),
        (None, Some(inputs)) => {
            if c.label.is_some() || c.style.is_some() {
                let s = cx.span(inputs);
                cx.err(s, "`label` and `style` set one control; with `inputs` each control takes its input's label and default style")
                    .help = Some("bind that input in a directive of its own: `input = \"…\"`".into());
            }
            if inputs.get_ref().is_empty() {
                let s = cx.span(inputs);
                cx.err(s, "`inputs` names no input");
            }
            let mut out = String::new();
            for (i, input) in inputs.get_ref().iter().enumerate() {
                if inputs.get_ref()[..i]
                    .iter()
                    .any(|x| x.get_ref() == input.get_ref())
                {
                    let s = cx.span(input);
                    cx.err(s, format!("`{}` is listed twice", input.get_ref()));
                    continue;
                }
                if let Some(h) = one(cx, input, None, None) {
                    out.push_str(&h);
                }
            }
            Some(out)
        }
        (Some(input), Some(_)) => {
            let s = cx.span(input);
            cx.err(
                s,
                "a control takes `input` (one) or `inputs` (several), not both",
            );
            None
        }
        (None, None) => {
            let s = cx.fence.clone();
            cx.err(
                s,
                "a control needs `input = \"name\"` or `inputs = [\"a\", \"b\"]`",
            );
            None
        }
    }
}

/// The control of one input.
fn one(
    cx: &mut Ctx<'_>,
    input: &S<String>,
    label: Option<&str>,
    style: Option<&S<String>>,
) -> Option<String> {
    let span = cx.span(input);
    let Some(def) = cx.model.input(input.get_ref()) else {
        let msg = cond::unknown(input.get_ref(), cx.model);
        let ins: Vec<&str> = cx.model.inputs.iter().map(|i| i.name).collect();
        cx.err(span, format!("control: {msg}")).help =
            Some(format!("controls bind to inputs: {}", ins.join(", ")));
        return None;
    };
    let label = esc(label.unwrap_or(def.label));
    // A second control of the same input needs its own name: radios that share a name are
    // one group, and the browser would uncheck one control when the other is used.
    let n = cx
        .declared
        .controls
        .iter()
        .filter(|c| *c == def.name)
        .count();
    cx.declared.controls.push(def.name.to_string());
    let name = if n == 0 {
        cx.id(&format!("in-{}", def.name))
    } else {
        cx.id(&format!("in-{}-{}", def.name, n + 1))
    };
    let attr = widget_attr(WidgetKind::Control {
        input: def.name.to_string(),
    });
    let (style_span, style) = (style, style.map(|s| s.get_ref().as_str()));
    let inner = match def.kind {
        InputKind::Choice { options, default } => {
            if style == Some("select") {
                let opts: String = options
                    .iter()
                    .map(|o| {
                        format!(
                            "<option value=\"{}\"{}>{}</option>",
                            esc(o.value),
                            if o.value == default { " selected" } else { "" },
                            esc(o.label)
                        )
                    })
                    .collect();
                format!(
                    "<label class=\"lab-field\"><span class=\"lab-field-label\">{label}</span> <select name=\"{name}\">{opts}</select></label>"
                )
            } else {
                let opts: String = options
                    .iter()
                    .map(|o| {
                        format!(
                            "<label class=\"lab-seg\"><input type=\"radio\" name=\"{name}\" value=\"{}\"{}> <span>{}</span></label>",
                            esc(o.value),
                            if o.value == default { " checked" } else { "" },
                            esc(o.label)
                        )
                    })
                    .collect();
                format!(
                    "<fieldset class=\"lab-segmented\"><legend>{label}</legend>{opts}</fieldset>"
                )
            }
        }
        InputKind::Range {
            min,
            max,
            step,
            default,
            ..
        } => format!(
            // The name is the label alone (the readout changes; a name must not), and the
            // readout with its unit is the value text.
            "<label class=\"lab-field lab-slider\"><span class=\"lab-field-label\">{label}</span> <input type=\"range\" name=\"{name}\" min=\"{min}\" max=\"{max}\" step=\"{step}\" value=\"{default}\" aria-label=\"{label}\" aria-valuetext=\"{}\"> {}</label>",
            esc(&super::describe(cx.env, def.name)),
            live_span(cx.env, def.name, "")
        ),
        InputKind::Toggle { default } => format!(
            "<label class=\"lab-field lab-toggle\"><input type=\"checkbox\" name=\"{name}\"{}> <span class=\"lab-field-label\">{label}</span></label>",
            if default { " checked" } else { "" }
        ),
    };
    if let (Some(s), Some(st)) = (style, style_span) {
        let ok = match def.kind {
            InputKind::Choice { .. } => ["toggle", "radio", "select"].contains(&s),
            InputKind::Range { .. } => s == "slider",
            InputKind::Toggle { .. } => s == "toggle",
        };
        if !ok {
            let span = cx.span(st);
            cx.err(
                span,
                format!("style `{s}` does not fit input `{}`", def.name),
            )
            .help = Some(
                "choices: toggle, radio or select; ranges: slider; on/off inputs: toggle".into(),
            );
        }
    }
    Some(format!(
        "<div class=\"lab-control\" data-lab=\"{attr}\">{inner}</div>"
    ))
}

#[cfg(test)]
mod tests {
    fn errors(control: &str) -> Vec<String> {
        let src = format!(
            "```lab header\nmodel = \"v1-01\"\nvolume = 1\nnumber = 1\ntitle = \"T\"\nsubtitle = \"S\"\nminutes = \"5\"\n```\n\n```lab control\n{control}\n```\n"
        );
        crate::chapter::process("src/t.md", &src, "b")
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn input_or_inputs() {
        assert!(errors("inputs = [\"hardware\", \"context\"]").is_empty());
        assert_eq!(
            errors("input = \"hardware\"\ninputs = [\"context\"]"),
            ["a control takes `input` (one) or `inputs` (several), not both"]
        );
        assert_eq!(
            errors("inputs = [\"hardware\", \"hardware\"]"),
            ["`hardware` is listed twice"]
        );
        assert_eq!(
            errors("inputs = [\"hardware\"]\nstyle = \"select\"").len(),
            1
        );
        assert_eq!(errors("label = \"x\"").len(), 1, "no input at all");
    }
}
