//! Status levels (ok / warn / fail) shared by cards, HUD metrics and header badges, and the
//! `data-when` markup every conditional element uses.
//!
//! An element with levels gets the class `lab-status` and holds one span per level,
//! `lab-st-ok`, `lab-st-warn` and `lab-st-fail`, each with its words: the state is never
//! carried by colour alone. The warn and fail spans carry their condition in `data-when`; the
//! widgets toggle `lab-on` on them and the theme CSS shows the worst level that is on (fail
//! wins over warn). The build already puts `lab-on` on every condition that holds at the
//! model's defaults, so the page without JavaScript, in print and in the search index shows
//! the state the defaults put it in.

use render::Env;
use render::cond::Cond;
use toml::Spanned as S;

use super::Ctx;
use crate::html::esc;

/// An element's warn and fail conditions (both optional; fail wins).
#[derive(Default)]
pub(super) struct Levels {
    pub(super) warn: Option<Cond>,
    pub(super) fail: Option<Cond>,
}

impl Levels {
    /// Whether the element has any level besides ok.
    pub(super) fn any(&self) -> bool {
        self.warn.is_some() || self.fail.is_some()
    }
}

/// Checks an element's `warn` and `fail` conditions. `old` is the older name of `fail` the
/// directive still accepts (`alert` on cards and bars, `fail_when` on badges), with its key:
/// giving both names is an error.
pub(super) fn levels(
    cx: &mut Ctx<'_>,
    warn: Option<&S<String>>,
    fail: Option<&S<String>>,
    old: Option<(&str, &S<String>)>,
) -> Levels {
    let fail = match (fail, old) {
        (Some(f), Some((key, o))) => {
            let s = cx.span(o);
            cx.err(
                s,
                format!("`{key}` is another name for `fail`: give one of them"),
            );
            Some(f)
        }
        (f, o) => f.or(o.map(|o| o.1)),
    };
    Levels {
        warn: warn.and_then(|w| cx.cond(w)),
        fail: fail.and_then(|f| cx.cond(f)),
    }
}

/// The ` lab-on` class when `c` holds at `env` (the defaults), else nothing.
pub(super) fn on_class(c: &Cond, env: &Env) -> &'static str {
    if c.eval(env) { " lab-on" } else { "" }
}

/// The `data-when` attribute carrying `c` for the widgets.
pub(super) fn when_attr(c: &Cond) -> String {
    format!(
        " data-when=\"{}\"",
        esc(&serde_json::to_string(c).unwrap_or_default())
    )
}

/// The three level spans around already rendered HTML: `ok` always, `warn` and `fail` when
/// the element has that level.
pub(super) fn spans(env: &Env, levels: &Levels, ok: &str, warn: &str, fail: &str) -> String {
    let mut out = format!("<span class=\"lab-st lab-st-ok\">{ok}</span>");
    for (level, c, html) in [("warn", &levels.warn, warn), ("fail", &levels.fail, fail)] {
        if let Some(c) = c {
            out.push_str(&format!(
                "<span class=\"lab-st lab-st-{level}{}\"{}>{html}</span>",
                on_class(c, env),
                when_attr(c)
            ));
        }
    }
    out
}

/// The small word tag of a card or a HUD metric: "ok", "warning", or the fail word.
pub(super) fn word(env: &Env, levels: &Levels, warn_word: &str, fail_word: &str) -> String {
    format!(
        "<span class=\"lab-st-word\">{}</span>",
        spans(env, levels, "ok", &esc(warn_word), &esc(fail_word))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use physics::labs::v1_01;
    use physics::model::Values;

    #[test]
    fn spans_carry_conditions_and_the_state_at_the_defaults() {
        // At v1-01's defaults (ResNet-50 on the H100) the memory term binds and nothing OOMs.
        let env = Env::eval(&v1_01::MODEL, &Values::new());
        let levels = Levels {
            warn: Some(render::cond::parse("memory_bound").unwrap()),
            fail: Some(render::cond::parse("oom").unwrap()),
        };
        assert_eq!(
            spans(&env, &levels, "Fits", "Tight", "Out"),
            "<span class=\"lab-st lab-st-ok\">Fits</span>\
             <span class=\"lab-st lab-st-warn lab-on\" data-when=\"&#123;&quot;is&quot;:&quot;memory_bound&quot;}\">Tight</span>\
             <span class=\"lab-st lab-st-fail\" data-when=\"&#123;&quot;is&quot;:&quot;oom&quot;}\">Out</span>"
        );
        let fail_only = Levels {
            warn: None,
            fail: Some(render::cond::parse("memory_bound").unwrap()),
        };
        let w = word(&env, &fail_only, "warning", "<b>");
        assert!(
            w.starts_with("<span class=\"lab-st-word\"><span class=\"lab-st lab-st-ok\">ok</span>")
        );
        assert!(w.contains("lab-st-fail lab-on") && w.contains("&lt;b&gt;") && !w.contains("warn"));
    }
}
