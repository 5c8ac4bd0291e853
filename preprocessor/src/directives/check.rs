//! `lab check`: a concept check, the orientation lab's counterpart of a prediction. It has
//! no model value: four options, each with feedback, and a keyed answer that is one option
//! (`correct = "C"`, radio buttons) or a set of one to three (`correct = ["A", "D"]`,
//! checkboxes; each correct option then also says what missing it means). Like a prediction
//! it gates what follows it, up to the next act or the end of the chapter (the chapter closes
//! the gate), so a later check opens only after this one; and it locks: once checked, the
//! answer cannot change and every option shows its feedback.

use render::spec::WidgetKind;
use serde::Deserialize;
use toml::Spanned as S;

use super::Ctx;
use crate::html::{esc, no_blank_lines, widget_attr};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckD {
    id: S<String>,
    question: S<String>,
    options: S<Vec<CheckOptionD>>,
    correct: S<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CheckOptionD {
    key: Option<S<String>>,
    text: S<String>,
    feedback: S<String>,
    missed: Option<S<String>>,
}

/// Default option keys, by position.
const KEYS: [&str; 4] = ["A", "B", "C", "D"];

pub(super) fn check(cx: &mut Ctx<'_>, c: CheckD, gate: &mut Option<String>) -> Option<String> {
    let id = cx.unique_id(&c.id);
    let question = cx.template(&c.question);
    let opts = c.options.get_ref();
    if opts.len() != 4 {
        let s = cx.span(&c.options);
        cx.err(
            s,
            format!("this check has {} options; it needs exactly 4", opts.len()),
        )
        .help = Some("a concept check has exactly four options".into());
    }
    // Keys: explicit, or A-D by position.
    let mut keys: Vec<String> = Vec::new();
    for (i, o) in opts.iter().enumerate() {
        let key = match &o.key {
            Some(k) => k.get_ref().clone(),
            None => KEYS
                .get(i)
                .map_or_else(|| format!("{}", i + 1), |k| k.to_string()),
        };
        if keys.contains(&key) {
            let s = o.key.as_ref().map_or(cx.span(&c.options), |k| cx.span(k));
            cx.err(s, format!("option key `{key}` is used twice"));
        }
        keys.push(key);
    }
    let (correct, multi) = correct_keys(cx, &c.correct, &keys);
    let mut labels = String::new();
    let mut fb = String::new();
    let elem = cx.id(&format!("check-{id}"));
    let input_type = if multi { "checkbox" } else { "radio" };
    for (o, key) in opts.iter().zip(&keys) {
        let text = cx.template(&o.text);
        let feedback = cx.template(&o.feedback);
        let is_correct = correct.contains(key);
        let missed = match (&o.missed, multi && is_correct) {
            (Some(m), true) => Some(cx.template(m)),
            (None, true) => {
                let s = cx.span(&o.feedback);
                cx.err(
                    s,
                    format!("option {key} is correct in a multi-select: it needs `missed`"),
                )
                .help = Some(
                    "`missed` is the feedback shown when a correct option was not chosen".into(),
                );
                None
            }
            (Some(m), false) => {
                let s = cx.span(m);
                let why = if multi {
                    format!("option {key} is not correct")
                } else {
                    "this check has one answer".to_string()
                };
                cx.err(s, format!("`missed` is only for the correct options of a multi-select; {why}"))
                    .help = Some("remove `missed`, or make the check a multi-select with `correct = [\"A\", \"D\"]`".into());
                None
            }
            (None, false) => None,
        };
        labels.push_str(&format!(
            "<label class=\"lab-option\"><input type=\"{input_type}\" name=\"{elem}\" value=\"{k}\"> <span class=\"lab-option-key\">{k}</span> <span class=\"lab-option-text\">{t}</span></label>",
            k = esc(key),
            t = cx.md(&text, true)
        ));
        let missed_html = missed
            .map(|m| {
                format!(
                    " <span class=\"lab-fb-missed-text\"><span class=\"lab-fb-if\">If you left it out:</span> {}</span>",
                    cx.md(&m, true)
                )
            })
            .unwrap_or_default();
        fb.push_str(&format!(
            "<div class=\"lab-feedback\" data-option=\"{k}\"><span class=\"lab-option-key\">{k}</span> <span class=\"lab-fb-state\"></span> <span class=\"lab-fb-text\">{}</span>{missed_html}</div>",
            cx.md(&feedback, true),
            k = esc(key)
        ));
    }
    cx.declared.checks.push(id.clone());
    let attr = widget_attr(WidgetKind::Check {
        id: id.clone(),
        correct,
        multi,
    });
    let gate_attr = widget_attr(WidgetKind::Gate {
        prediction: id.clone(),
    });
    *gate = Some(id);
    let head = if multi {
        "Concept check · choose every answer that applies"
    } else {
        "Concept check · choose one answer"
    };
    Some(no_blank_lines(&format!(
        "<div class=\"lab-check\" id=\"{elem}\" data-lab=\"{attr}\">\n<div class=\"lab-check-head\">{head}</div>\n<p class=\"lab-question\" id=\"{elem}-q\">{q}</p>\n<fieldset class=\"lab-options\" aria-labelledby=\"{elem}-q\">{labels}</fieldset>\n<div class=\"lab-lock-row\"><button type=\"button\" class=\"lab-lock\" disabled>Check</button> <span class=\"lab-lock-status\" role=\"status\" aria-live=\"polite\"></span></div>\n<div class=\"lab-feedback-list\"><div class=\"lab-feedback-title\">What each answer means</div>{fb}</div>\n</div>\n<p class=\"lab-gate-msg\">Answer the concept check to unlock what follows.</p>\n<div class=\"lab-gate\" id=\"{elem}-gate\" data-lab=\"{gate_attr}\">",
        q = cx.md(&question, true),
    )))
}

/// The keyed answer: one key (single choice) or a list of one to three (multi-select), each
/// naming an option. Returns the valid keys in option order and whether it is a
/// multi-select; problems are reported, and the check is still rendered so that later
/// directives can refer to it.
fn correct_keys(cx: &mut Ctx<'_>, c: &S<toml::Value>, keys: &[String]) -> (Vec<String>, bool) {
    let span = cx.span(c);
    let options_help = format!("the options are {}", keys.join(", "));
    let (named, multi): (Vec<String>, bool) = match c.get_ref() {
        toml::Value::String(k) => (vec![k.clone()], false),
        toml::Value::Array(items) => {
            let mut named = Vec::new();
            for v in items {
                let Some(k) = v.as_str() else {
                    cx.err(
                        span,
                        "`correct` lists option keys as strings, e.g. `[\"A\", \"D\"]`",
                    );
                    return (Vec::new(), true);
                };
                if named.iter().any(|n| n == k) {
                    cx.err(span.clone(), format!("`correct` names option {k} twice"));
                }
                named.push(k.to_string());
            }
            (named, true)
        }
        _ => {
            cx.err(
                span,
                "`correct` is an option key (`\"C\"`) or a list of them (`[\"A\", \"D\"]`)",
            );
            return (Vec::new(), false);
        }
    };
    for k in &named {
        if !keys.contains(k) {
            cx.err(
                span.clone(),
                format!("`correct` names option {k}, which does not exist"),
            )
            .help = Some(options_help.clone());
        }
    }
    if multi {
        if named.is_empty() {
            cx.err(span.clone(), "`correct = []` names no option").help =
                Some("a multi-select has one to three correct options".into());
        } else if !keys.is_empty() && keys.iter().all(|k| named.contains(k)) {
            cx.err(
                span.clone(),
                "every option is correct: a multi-select needs at least one wrong option",
            )
            .help = Some(
                "with all four correct, ticking everything is always right; make one to three options correct".into(),
            );
        }
    }
    let ordered = keys.iter().filter(|k| named.contains(k)).cloned().collect();
    (ordered, multi)
}

#[cfg(test)]
mod tests {
    use crate::chapter::process;

    const HEADER: &str = "```lab header\nmodel = \"v1-00\"\nvolume = 1\nnumber = 0\ntitle = \"T\"\nsubtitle = \"S\"\nminutes = \"5\"\nshape = \"orientation\"\n```\n\n";

    fn single(id: &str) -> String {
        format!(
            "```lab check\nid = \"{id}\"\nquestion = \"Q {{model_code_pct:.0f}}\"\ncorrect = \"C\"\noptions = [\n  {{ text = \"a\", feedback = \"fa\" }},\n  {{ text = \"b\", feedback = \"fb\" }},\n  {{ text = \"c\", feedback = \"fc {{infra_code_pct:.0f}}\" }},\n  {{ text = \"d\", feedback = \"fd\" }},\n]\n```\n\n"
        )
    }

    fn multi(id: &str, missed_on_b: bool) -> String {
        let b_missed = if missed_on_b { ", missed = \"mb\"" } else { "" };
        format!(
            "```lab check\nid = \"{id}\"\nquestion = \"Q\"\ncorrect = [\"D\", \"A\"]\noptions = [\n  {{ text = \"a\", feedback = \"fa\", missed = \"ma\" }},\n  {{ text = \"b\", feedback = \"fb\"{b_missed} }},\n  {{ text = \"c\", feedback = \"fc\" }},\n  {{ text = \"d\", feedback = \"fd\", missed = \"md\" }},\n]\n```\n\n"
        )
    }

    fn run(body: &str) -> (String, String) {
        let src = format!("{HEADER}{body}");
        let o = process("src/t.md", &src, "b");
        let d = o
            .diagnostics
            .iter()
            .map(|d| d.render(&src))
            .collect::<Vec<_>>()
            .join("\n");
        (o.content, d)
    }

    #[test]
    fn single_and_multi_checks_render_gates_and_default_keys() {
        let (html, d) = run(&format!(
            "{}Between.\n\n{}After.\n",
            single("c1"),
            multi("c2", false)
        ));
        assert!(d.is_empty(), "{d}");
        assert!(html.contains("<input type=\"radio\" name=\"lab-v1-00-check-c1\" value=\"C\">"));
        assert!(html.contains("<input type=\"checkbox\" name=\"lab-v1-00-check-c2\" value=\"D\">"));
        // The spec keys the correct set in option order.
        assert!(
            html.contains("&quot;kind&quot;:&quot;check&quot;,&quot;id&quot;:&quot;c2&quot;,&quot;correct&quot;:[&quot;A&quot;,&quot;D&quot;],&quot;multi&quot;:true"),
            "{html}"
        );
        // Values in feedback are live; missed feedback is labelled for readers without JS.
        assert!(html.contains("fc <span class=\"lab-val\" data-v=\"infra_code_pct\""));
        assert!(html.contains("<span class=\"lab-fb-if\">If you left it out:</span> ma"));
        // The second check sits inside the first one's gate: the checks open one by one, and
        // both gates close at the end of the chapter.
        let second = html.find("id=\"lab-v1-00-check-c2\"").unwrap();
        let between = &html[html.find("lab-v1-00-check-c1-gate").unwrap()..second];
        assert!(
            between.contains("Between.") && !between.contains("</div>\n\n"),
            "{between}"
        );
        assert!(
            html.trim_end()
                .ends_with("After.\n\n\n</div>\n\n\n</div>\n\n\n</div>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"lab-chip\">Orientation</span>"));
    }

    #[test]
    fn missed_is_required_on_correct_options_of_a_multi_select_only() {
        let (_, d) = run(&multi("c2", true));
        assert!(
            d.contains("`missed` is only for the correct options of a multi-select; option B is not correct"),
            "{d}"
        );
        let (_, d) =
            run(&single("c1").replace("feedback = \"fa\"", "feedback = \"fa\", missed = \"x\""));
        assert!(d.contains("this check has one answer"), "{d}");
        let (_, d) = run(&multi("c2", false).replace(", missed = \"md\"", ""));
        assert!(
            d.contains("option D is correct in a multi-select: it needs `missed`"),
            "{d}"
        );
    }

    #[test]
    fn correct_must_be_one_to_three_existing_keys() {
        let (_, d) = run(&single("c1").replace("correct = \"C\"", "correct = []"));
        assert!(d.contains("`correct = []` names no option"), "{d}");
        let (_, d) = run(&single("c1").replace("correct = \"C\"", "correct = 3"));
        assert!(d.contains("`correct` is an option key"), "{d}");
        let (_, d) = run(&single("c1").replace("correct = \"C\"", "correct = [\"A\", \"A\"]"));
        assert!(d.contains("names option A twice"), "{d}");
        let (_, d) = run(&single("c1").replace("  { text = \"d\", feedback = \"fd\" },\n", ""));
        assert!(
            d.contains("this check has 3 options; it needs exactly 4"),
            "{d}"
        );
    }

    #[test]
    fn orientation_shape_rules() {
        let act = "```lab act\nnumber = 1\ntitle = \"T\"\nminutes = \"5\"\nwhy = \"W\"\n```\n\n";
        let (_, d) = run(&format!("{}{act}", single("c1")));
        assert!(d.contains("an orientation chapter has no acts"), "{d}");
        let pred = "```lab prediction\nid = \"p\"\nquestion = \"Q\"\ncheck = \"check3_regime\"\ncorrect = \"D\"\noptions = [\n  { key = \"A\", text = \"a\", value = \"none\" },\n  { key = \"B\", text = \"b\", value = \"edge\" },\n  { key = \"C\", text = \"c\", value = \"mobile\" },\n  { key = \"D\", text = \"d\", value = \"tiny\" },\n]\n```\n\n";
        let (_, d) = run(&format!("{}{pred}", single("c1")));
        assert!(d.contains("concept checks, not predictions"), "{d}");
        let four: String = (1..=4).map(|i| single(&format!("c{i}"))).collect();
        let (_, d) = run(&four);
        assert!(d.contains("a fourth concept check"), "{d}");
        let (_, d) = run("Just prose.\n");
        assert!(
            d.contains("an orientation chapter has no concept check"),
            "{d}"
        );
        let (_, d) = run(&single("c1"));
        assert!(d.is_empty(), "{d}");
    }

    #[test]
    fn unknown_shape_is_an_error_and_lab_shape_keeps_its_rules() {
        let src = HEADER.replace("orientation", "quiz");
        let o = process("src/t.md", &format!("{src}{}", single("c1")), "b");
        let d: Vec<String> = o.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(
            d.iter().any(|m| m.contains("unknown shape `quiz`")),
            "{d:?}"
        );
        // In a lab, a check may sit inside an act, after its prediction: it nests in the
        // prediction's gate, and a second prediction in the act is still an error.
        let lab = HEADER.replace("shape = \"orientation\"\n", "");
        let act = "```lab act\nnumber = 1\ntitle = \"T\"\nminutes = \"5\"\nwhy = \"W\"\n```\n\n";
        let pred = |id: &str| {
            format!(
                "```lab prediction\nid = \"{id}\"\nquestion = \"Q\"\ncheck = \"check3_regime\"\ncorrect = \"D\"\noptions = [\n  {{ key = \"A\", text = \"a\", value = \"none\" }},\n  {{ key = \"B\", text = \"b\", value = \"edge\" }},\n  {{ key = \"C\", text = \"c\", value = \"mobile\" }},\n  {{ key = \"D\", text = \"d\", value = \"tiny\" }},\n]\n```\n\n"
            )
        };
        let act2 = act.replace("number = 1", "number = 2");
        let src = format!(
            "{lab}{act}{}{}{}{act2}",
            pred("p1"),
            single("c1"),
            pred("p2")
        );
        let o = process("src/t.md", &src, "b");
        let d: Vec<String> = o.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            d,
            vec!["a second prediction before the next act".to_string()]
        );
        let src = format!("{lab}{act}{}{}{act2}", pred("p1"), single("c1"));
        let o = process("src/t.md", &src, "b");
        assert!(o.diagnostics.is_empty());
        let opens = o.content.matches("class=\"lab-gate\"").count();
        let closes = o.content.matches("</div>").count();
        assert_eq!(opens, 2);
        assert!(closes >= opens);
    }

    #[test]
    fn ledger_sources_and_hud_items() {
        let ledger = "```lab ledger\n[[fields]]\nname = \"a\"\nfrom = \"check:c1\"\n\n[[fields]]\nname = \"b\"\nfrom = \"correct:c1\"\n\n[[fields]]\nname = \"c\"\nfrom = \"check:nope\"\n```\n\n```lab hud\n```\n";
        let (html, d) = run(&format!("{}{ledger}", single("c1")));
        assert!(d.contains("no check `nope` in this chapter"), "{d}");
        assert_eq!(d.matches("error:").count(), 1, "{d}");
        assert!(html.contains("&quot;name&quot;:&quot;a&quot;,&quot;from&quot;:&quot;check&quot;,&quot;ref&quot;:&quot;c1&quot;"));
        assert!(html.contains("&quot;name&quot;:&quot;b&quot;,&quot;from&quot;:&quot;correct&quot;,&quot;ref&quot;:&quot;c1&quot;"));
        assert!(html.contains("data-hud-check=\"c1\""));
    }
}
