//! One module per lab model, and the registry of all of them.

use crate::model::{Choice, Model};

/// Declares the lab modules and the registry, each behind its feature.
macro_rules! labs {
    ($($feature:literal => $module:ident),* $(,)?) => {
        $(
            #[cfg(any(feature = "all-labs", feature = $feature))]
            pub mod $module;
        )*

        /// Every lab model compiled into this build, in book order.
        pub const ALL: &[&Model] = &[
            $(
                #[cfg(any(feature = "all-labs", feature = $feature))]
                &$module::MODEL,
            )*
        ];
    };
}

labs! {
    "v1-00" => v1_00,
    "v1-01" => v1_01,
    "v1-02" => v1_02,
    "v1-03" => v1_03,
    "v1-04" => v1_04,
    "v1-05" => v1_05,
    "v1-06" => v1_06,
    "v1-07" => v1_07,
    "v1-08" => v1_08,
    "v1-09" => v1_09,
    "v1-10" => v1_10,
    "v1-11" => v1_11,
    "v1-12" => v1_12,
    "v1-13" => v1_13,
    "v1-14" => v1_14,
    "v1-15" => v1_15,
    "v1-16" => v1_16,
    "v2-01" => v2_01,
    "v2-02" => v2_02,
    "v2-03" => v2_03,
    "v2-04" => v2_04,
    "v2-05" => v2_05,
    "v2-06" => v2_06,
    "v2-07" => v2_07,
    "v2-08" => v2_08,
    "v2-09" => v2_09,
    "v2-10" => v2_10,
    "v2-11" => v2_11,
    "v2-12" => v2_12,
    "v2-13" => v2_13,
    "v2-14" => v2_14,
    "v2-15" => v2_15,
    "v2-16" => v2_16,
    "v2-17" => v2_17,
}

/// The values of [`Bound::name`](crate::laws::Bound::name), for a text output that names the
/// binding Iron Law term. Labelled as the term itself, so that a page can write "the
/// {binding} term", "**{binding}** binds" or "{binding}-bound".
pub const BOUND_TERMS: &[Choice] = &[
    Choice {
        value: "memory",
        label: "memory",
    },
    Choice {
        value: "compute",
        label: "compute",
    },
];

#[cfg(test)]
mod consistency;
#[cfg(test)]
mod dump;
#[cfg(test)]
mod option_check;

/// The model with this id (`v1-01`), if any.
pub fn find(id: &str) -> Option<&'static Model> {
    ALL.iter().copied().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The book's 34 labs: the orientation lab, Vol 1 Labs 01-16 and Vol 2 Labs 01-17.
    #[test]
    fn every_lab_has_a_model() {
        let mut want: Vec<String> = (0..=16).map(|n| format!("v1-{n:02}")).collect();
        want.extend((1..=17).map(|n| format!("v2-{n:02}")));
        assert_eq!(want.len(), 34);
        let missing: Vec<&String> = want.iter().filter(|id| find(id).is_none()).collect();
        assert!(missing.is_empty(), "labs without a model: {missing:?}");
        let ids: Vec<&str> = ALL.iter().map(|m| m.id).collect();
        assert_eq!(ids, want, "ALL lists every lab once, in book order");
    }

    #[test]
    fn bound_terms_name_every_bound() {
        use crate::laws::Bound;
        for b in [Bound::Memory, Bound::Compute] {
            assert!(BOUND_TERMS.iter().any(|c| c.value == b.name()), "{b:?}");
        }
    }

    #[test]
    fn every_model_is_self_consistent() {
        for m in ALL {
            let errs = m.self_check();
            assert!(errs.is_empty(), "{errs:#?}");
        }
    }

    /// One sweep over every model's input ranges (12 points per input; the full grid for
    /// models with up to 50,000 points) checks that no model panics, that every number is
    /// finite and stays in its physical range (see [`crate::model::Bound`]: a percentage of a
    /// whole within 0-100, times, sizes, rates and counts non-negative, unless the output is
    /// declared `.signed()` or `.unbounded()`), and that a text output with declared values
    /// never takes another one. Reports every offending output once, with where it occurs.
    #[test]
    fn no_output_leaves_its_physical_bounds() {
        let mut bad = Vec::new();
        for m in ALL {
            // The first offence of each output, as (name, problem, inputs).
            let mut found: Vec<(&str, String, String)> = Vec::new();
            let mut note = |name: &'static str, problem: String, inputs: &crate::model::Values| {
                if !found.iter().any(|f| f.0 == name) {
                    found.push((name, problem, format!("{inputs:?}")));
                }
            };
            for inputs in &m.sweep(12, 50_000) {
                let out = m.evaluate(inputs);
                let nums = out.iter().filter_map(|(n, v)| v.as_num().map(|x| (n, x)));
                let series = out
                    .iter_series()
                    .flat_map(|(n, xs)| xs.iter().map(move |&x| (n, x)));
                for (name, x) in nums.chain(series) {
                    let Some(def) = m.output(name) else { continue };
                    if !x.is_finite() || !def.bound.admits(def.unit, x) {
                        note(name, format!("= {x} {}", def.unit.suffix()), inputs);
                    }
                }
                for (name, v) in out.iter() {
                    if let (Some(t), Some(def)) = (v.as_text(), m.output(name))
                        && !def.values.is_empty()
                        && def.value_label(t).is_none()
                    {
                        note(name, format!("= {t:?}, not a declared value"), inputs);
                    }
                }
            }
            for (name, problem, at) in found {
                bad.push(format!("{}: {name} {problem} at {at}", m.id));
            }
        }
        assert!(
            bad.is_empty(),
            "{} outputs are not finite or leave their physical bounds (declare `.signed()` or \
             `.unbounded()` only where the physics allows it):\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}
