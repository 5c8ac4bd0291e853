//! `lab control`: a native form control bound to one model input: segmented radios or a
//! select for a choice, a slider showing its live value for a range, a checkbox for an
//! on/off input. The optional `style` must fit the input's kind.

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
    input: S<String>,
    label: Option<String>,
    style: Option<S<String>>,
}

pub(super) fn control(cx: &mut Ctx<'_>, c: ControlD) -> Option<String> {
    let span = cx.span(&c.input);
    let Some(def) = cx.model.input(c.input.get_ref()) else {
        let msg = cond::unknown(c.input.get_ref(), cx.model);
        let ins: Vec<&str> = cx.model.inputs.iter().map(|i| i.name).collect();
        cx.err(span, format!("control: {msg}")).help =
            Some(format!("controls bind to inputs: {}", ins.join(", ")));
        return None;
    };
    let label = esc(c.label.as_deref().unwrap_or(def.label));
    let name = cx.id(&format!("in-{}", def.name));
    let attr = widget_attr(WidgetKind::Control {
        input: def.name.to_string(),
    });
    let style = c.style.as_ref().map(|s| s.get_ref().as_str());
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
            "<label class=\"lab-field lab-slider\"><span class=\"lab-field-label\">{label}</span> <input type=\"range\" name=\"{name}\" min=\"{min}\" max=\"{max}\" step=\"{step}\" value=\"{default}\"> {}</label>",
            live_span(cx.env, def.name, "")
        ),
        InputKind::Toggle { default } => format!(
            "<label class=\"lab-field lab-toggle\"><input type=\"checkbox\" name=\"{name}\"{}> <span class=\"lab-field-label\">{label}</span></label>",
            if default { " checked" } else { "" }
        ),
    };
    if let (Some(s), Some(st)) = (style, c.style.as_ref()) {
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
