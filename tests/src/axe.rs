//! axe-core in the browser tests: run it on a page in mdBook's five themes and sort what it
//! finds into our markup's violations and mdBook's own, known ones.

use serde_json::{Value, json};

use crate::Browser;

/// mdBook's five themes, as its theme picker sets them (a class on `<html>`).
pub const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

/// The axe rules whose result depends on the theme: only these run in the themes after the
/// first (the others read structure, names and roles, which a theme does not change).
pub const COLOUR_RULES: [&str; 2] = ["color-contrast", "link-in-text-block"];

/// Critical or serious axe violations in mdBook's own chrome (its templates and theme colours,
/// not our markup): rule id, a fragment of the target selector, and why it is mdBook's.
/// Printed, not failed. Not listed on purpose: `list` at `.on-this-page > .section`, the
/// nested `<ol><ol>` mdBook's "on this page" builds from our headings (issue 9: the lab pages
/// jump from h1 to h3), which our markup must fix.
pub const KNOWN_MDBOOK: &[(&str, &str, &str)] = &[
    (
        "aria-allowed-attr",
        "#mdbook-sidebar-toggle",
        "mdBook 0.5.4's sidebar toggle is a <label> with aria-expanded (its index.hbs; not ours to fork)",
    ),
    (
        "aria-prohibited-attr",
        "#mdbook-sidebar-toggle",
        "the same <label> carries aria-label, which a label without a role may not",
    ),
    (
        "color-contrast",
        ".menu-title",
        "mdBook's coal theme: the menu bar's book title (#43484d on #131516)",
    ),
    (
        "color-contrast",
        ".active",
        "mdBook's navy and coal themes: the current chapter's link in the sidebar",
    ),
    (
        "color-contrast",
        ".current-header",
        "mdBook's navy and coal themes: the current heading in the sidebar's \"on this page\"",
    ),
];

/// One axe violation on one node.
#[derive(Clone, Debug)]
pub struct Finding {
    pub page: String,
    pub phase: &'static str,
    pub theme: &'static str,
    pub rule: String,
    pub impact: String,
    pub target: String,
    /// Inside what the preprocessor emits (the lab page wrapper, a `lab-*` class, a widget).
    pub ours: bool,
    pub summary: String,
}

impl Finding {
    pub fn serious(&self) -> bool {
        self.impact == "critical" || self.impact == "serious"
    }
    pub fn known(&self) -> Option<&'static str> {
        KNOWN_MDBOOK
            .iter()
            .find(|(rule, target, _)| *rule == self.rule && self.target.contains(target))
            .map(|k| k.2)
    }
}

pub const AXE_RUN: &str = "const done = arguments[arguments.length - 1];
  const opts = { resultTypes: ['violations'] }; if (ONLY) opts.runOnly = { type: 'rule', values: ONLY };
  const ctx = CONTEXT; axe.run(ctx ? { include: [[ctx]] } : document, opts).then(r => done(r.violations.flatMap(v => v.nodes.map(n => {
    const t = n.target[n.target.length - 1]; let el = null;
    try { el = document.querySelector(Array.isArray(t) ? t[t.length - 1] : t); } catch (e) {}
    const ours = !!el && !!el.closest('.lab-page, [data-lab], [class^=\"lab-\"], [class*=\" lab-\"]');
    return [v.id, n.impact || v.impact || '', n.target.join(' '), ours, (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160)];
  })))).catch(e => done([['axe-error', 'critical', String(e), true, '']]));";

/// Runs axe-core on the page in every theme (all rules in the first, the colour rules in the
/// others), with transitions off so colours are read settled; restores the default theme.
/// Themes are picked with mdBook's own theme picker (it also swaps the code highlighting
/// stylesheets). `context` limits the run to part of the page (CSS selector).
pub fn axe(
    b: &Browser,
    src: &str,
    page: &str,
    phase: &'static str,
    context: Option<&str>,
) -> Vec<Finding> {
    let mut inject = String::from(src);
    inject.push_str(
        "\n;const s = document.createElement('style'); s.id = 'labs-test-no-motion';
         s.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
         document.head.append(s); return typeof axe;",
    );
    assert_eq!(b.js(&inject), json!("object"), "{page}: axe-core loads");
    let mut out = Vec::new();
    for (n, theme) in THEMES.into_iter().enumerate() {
        let picked = b.js(&format!(
            "document.getElementById('mdbook-theme-{theme}').click(); return document.documentElement.classList.contains('{theme}');"
        ));
        assert_eq!(picked, json!(true), "{page}: mdBook's picker sets {theme}");
        let only = if n == 0 {
            Value::Null
        } else {
            json!(COLOUR_RULES)
        };
        let v = b.js_async(
            &AXE_RUN
                .replace("ONLY", &only.to_string())
                .replace("CONTEXT", &json!(context).to_string()),
        );
        for f in v.as_array().into_iter().flatten() {
            out.push(Finding {
                page: page.to_string(),
                phase,
                theme,
                rule: f[0].as_str().unwrap_or_default().into(),
                impact: f[1].as_str().unwrap_or_default().into(),
                target: f[2].as_str().unwrap_or_default().into(),
                ours: f[3] == true,
                summary: f[4].as_str().unwrap_or_default().into(),
            });
        }
    }
    b.js("document.getElementById('mdbook-theme-default_theme').click(); document.getElementById('labs-test-no-motion').remove();");
    out
}
