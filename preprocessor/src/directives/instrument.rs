//! The course's named instruments and the lab that introduces each (LABS_SPEC rule 6): no
//! chart or plot shows an instrument before the student has met it. A chart or plot names
//! its instrument with `instrument = "roofline"`; Pareto scatters (a frontier) and P99
//! histograms are recognised by their shape as well.

use toml::Spanned as S;

use super::Ctx;

/// (name, what it is, the lab that introduces it).
pub(super) const INSTRUMENTS: &[(&str, &str, &str)] = &[
    ("magnitude-gap", "the Magnitude Gap", "v1-01"),
    ("dam", "the D·A·M triad", "v1-01"),
    ("latency-waterfall", "the Latency Waterfall", "v1-02"),
    ("memory-ledger", "the Memory Ledger", "v1-05"),
    ("pareto", "the Pareto frontier", "v1-09"),
    ("compression-frontier", "the Compression Frontier", "v1-10"),
    ("roofline", "the Roofline", "v1-11"),
    ("p99-histogram", "the P99 histogram", "v1-13"),
];

/// Where a lab sits in the course: Vol 1 before Vol 2, then by number (`v2-07` → (2, 7)).
pub fn lab_order(id: &str) -> (u32, u32) {
    let mut parts = id
        .trim_start_matches('v')
        .split('-')
        .map(|p| p.parse().unwrap_or(u32::MAX));
    (
        parts.next().unwrap_or(u32::MAX),
        parts.next().unwrap_or(u32::MAX),
    )
}

/// Checks an instrument named by `named` (or `shape`, the one the figure's form implies)
/// against the lab it is introduced in.
pub(super) fn check(cx: &mut Ctx<'_>, named: Option<&S<String>>, shape: Option<&str>) {
    if let Some(n) = named {
        let name = n.get_ref();
        let span = cx.span(n);
        match INSTRUMENTS.iter().find(|i| i.0 == name) {
            Some(i) => too_early(cx, i, span),
            None => {
                let names: Vec<&str> = INSTRUMENTS.iter().map(|i| i.0).collect();
                cx.err(span, format!("no instrument `{name}`")).help =
                    Some(format!("instruments: {}", names.join(", ")));
            }
        }
    }
    if let Some(i) = shape.and_then(|s| INSTRUMENTS.iter().find(|i| i.0 == s)) {
        too_early(cx, i, cx.fence.clone());
    }
}

fn too_early(
    cx: &mut Ctx<'_>,
    (_, what, intro): &(&str, &str, &str),
    span: std::ops::Range<usize>,
) {
    if lab_order(cx.lab) < lab_order(intro) {
        cx.err(
            span,
            format!("{what} is introduced in lab `{intro}`; lab `{}` comes before it", cx.lab),
        )
        .help = Some("a lab uses only instruments the student has already met (LABS_SPEC rule 6): show this with an instrument introduced earlier".into());
    }
}
