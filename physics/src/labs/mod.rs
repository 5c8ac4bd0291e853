//! One module per lab model, and the registry of all of them.

use crate::model::Model;

pub mod v1_01;
pub mod v1_02;
pub mod v1_09;
pub mod v1_10;
pub mod v1_11;
pub mod v1_12;
pub mod v1_13;
pub mod v1_14;
pub mod v1_15;
pub mod v1_16;

#[cfg(test)]
mod dump;
#[cfg(test)]
mod option_check;

/// Every lab model, in book order.
pub const ALL: &[&Model] = &[
    &v1_01::MODEL,
    &v1_02::MODEL,
    &v1_09::MODEL,
    &v1_10::MODEL,
    &v1_11::MODEL,
    &v1_12::MODEL,
    &v1_13::MODEL,
    &v1_14::MODEL,
    &v1_15::MODEL,
    &v1_16::MODEL,
];

/// The model with this id (`v1-01`), if any.
pub fn find(id: &str) -> Option<&'static Model> {
    ALL.iter().copied().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Value, Values};

    #[test]
    fn every_model_is_self_consistent() {
        for m in ALL {
            let errs = m.self_check();
            assert!(errs.is_empty(), "{errs:#?}");
        }
    }

    /// Every input combination the sweep tries for `m`. Models with few inputs get the full
    /// grid of every input's sample points; a full grid over a dozen inputs (a capstone that
    /// reads fifteen prior labs, a lab with nine sliders) would run for hours, so such models
    /// get instead every input swept alone around the defaults, the all-minimum and
    /// all-maximum corners, and a fixed pseudo-random sample of the grid.
    fn sweep(m: &Model) -> Vec<Values> {
        const FULL_GRID_LIMIT: usize = 50_000;
        const RANDOM_POINTS: usize = 20_000;
        let pts: Vec<Vec<Value>> = m.inputs.iter().map(|d| d.sample_points(12)).collect();
        let size = pts
            .iter()
            .try_fold(1usize, |acc, p| acc.checked_mul(p.len().max(1)));
        if size.is_some_and(|n| n <= FULL_GRID_LIMIT) {
            let mut grid = vec![m.defaults()];
            for (def, p) in m.inputs.iter().zip(&pts) {
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
            return grid;
        }
        let mut out = Vec::new();
        for (def, p) in m.inputs.iter().zip(&pts) {
            for x in p {
                let mut v = m.defaults();
                v.set(def.name, *x);
                out.push(v);
            }
        }
        for pick_last in [false, true] {
            let mut v = m.defaults();
            for (def, p) in m.inputs.iter().zip(&pts) {
                let x = if pick_last { p.last() } else { p.first() };
                if let Some(x) = x {
                    v.set(def.name, *x);
                }
            }
            out.push(v);
        }
        // xorshift64: deterministic, so a failure reproduces.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..RANDOM_POINTS {
            let mut v = m.defaults();
            for (def, p) in m.inputs.iter().zip(&pts) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if !p.is_empty() {
                    v.set(def.name, p[(state % p.len() as u64) as usize]);
                }
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
