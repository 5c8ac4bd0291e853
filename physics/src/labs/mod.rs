//! One module per lab model, and the registry of all of them.

use crate::model::Model;

pub mod v1_00;
pub mod v1_01;
pub mod v1_02;
pub mod v1_03;
pub mod v1_04;
pub mod v1_05;
pub mod v1_06;
pub mod v1_07;
pub mod v1_08;
pub mod v1_09;
pub mod v1_10;
pub mod v1_11;
pub mod v1_12;
pub mod v1_13;
pub mod v1_14;
pub mod v1_15;
pub mod v1_16;
pub mod v2_01;
pub mod v2_02;
pub mod v2_03;
pub mod v2_04;
pub mod v2_05;
pub mod v2_06;
pub mod v2_07;
pub mod v2_08;
pub mod v2_09;
pub mod v2_10;
pub mod v2_11;
pub mod v2_12;
pub mod v2_13;
pub mod v2_14;
pub mod v2_15;
pub mod v2_16;
pub mod v2_17;

#[cfg(test)]
mod dump;
#[cfg(test)]
mod option_check;

/// Every lab model, in book order.
pub const ALL: &[&Model] = &[
    &v1_00::MODEL,
    &v1_01::MODEL,
    &v1_02::MODEL,
    &v1_03::MODEL,
    &v1_04::MODEL,
    &v1_05::MODEL,
    &v1_06::MODEL,
    &v1_07::MODEL,
    &v1_08::MODEL,
    &v1_09::MODEL,
    &v1_10::MODEL,
    &v1_11::MODEL,
    &v1_12::MODEL,
    &v1_13::MODEL,
    &v1_14::MODEL,
    &v1_15::MODEL,
    &v1_16::MODEL,
    &v2_01::MODEL,
    &v2_02::MODEL,
    &v2_03::MODEL,
    &v2_04::MODEL,
    &v2_05::MODEL,
    &v2_06::MODEL,
    &v2_07::MODEL,
    &v2_08::MODEL,
    &v2_09::MODEL,
    &v2_10::MODEL,
    &v2_11::MODEL,
    &v2_12::MODEL,
    &v2_13::MODEL,
    &v2_14::MODEL,
    &v2_15::MODEL,
    &v2_16::MODEL,
    &v2_17::MODEL,
];

/// The model with this id (`v1-01`), if any.
pub fn find(id: &str) -> Option<&'static Model> {
    ALL.iter().copied().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Value, Values};

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
    fn every_model_is_self_consistent() {
        for m in ALL {
            let errs = m.self_check();
            assert!(errs.is_empty(), "{errs:#?}");
        }
    }

    /// Every combination of `pts` (one list of values per input), applied over `base`.
    fn product(m: &Model, pts: &[Vec<Value>]) -> Vec<Values> {
        let mut grid = vec![m.defaults()];
        for (def, p) in m.inputs.iter().zip(pts) {
            grid = grid
                .iter()
                .flat_map(|base| {
                    p.iter().map(move |x| {
                        let mut v = base.clone();
                        v.set(def.name, *x);
                        v
                    })
                })
                .collect();
        }
        grid
    }

    /// The input combinations the sweep evaluates. Small models get the full grid of every
    /// input's sample points. For labs with many inputs that grid is astronomically large
    /// (12 points on each of 10 sliders is 6·10¹⁰), so they get: every single-input sweep
    /// around the defaults, every corner of the coarse grid (slider ends, all options), and a
    /// deterministic pseudo-random sample of the fine grid.
    fn sweep(m: &Model) -> Vec<Values> {
        const FULL_GRID_MAX: f64 = 50_000.0;
        const RANDOM_SAMPLES: usize = 20_000;
        let fine: Vec<Vec<Value>> = m.inputs.iter().map(|d| d.sample_points(12)).collect();
        let size: f64 = fine.iter().map(|p| p.len() as f64).product();
        if size <= FULL_GRID_MAX {
            return product(m, &fine);
        }
        let mut out = Vec::new();
        for (def, p) in m.inputs.iter().zip(&fine) {
            for x in p {
                let mut v = m.defaults();
                v.set(def.name, *x);
                out.push(v);
            }
        }
        let coarse: Vec<Vec<Value>> = m.inputs.iter().map(|d| d.sample_points(2)).collect();
        let corners: f64 = coarse.iter().map(|p| p.len() as f64).product();
        if corners <= FULL_GRID_MAX {
            out.extend(product(m, &coarse));
        }
        // A 64-bit LCG (Knuth's MMIX constants): reproducible without a dependency.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..RANDOM_SAMPLES {
            let mut v = m.defaults();
            for (def, p) in m.inputs.iter().zip(&fine) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                v.set(def.name, p[((state >> 33) as usize) % p.len()]);
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn no_model_panics_or_returns_nan_anywhere_in_range() {
        for m in ALL {
            for inputs in &sweep(m) {
                let out = m.evaluate(inputs);
                for (name, v) in out.iter() {
                    if let Some(x) = v.as_num() {
                        assert!(x.is_finite(), "{}: {name} = {x} at {inputs:?}", m.id);
                    }
                }
            }
        }
    }
}
