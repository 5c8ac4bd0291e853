//! One module per lab model, and the registry of all of them.

use crate::model::Model;

pub mod v1_01;
pub mod v1_02;
pub mod v2_09;
pub mod v2_10;
pub mod v2_11;
pub mod v2_12;
pub mod v2_13;
pub mod v2_14;
pub mod v2_15;
pub mod v2_16;
pub mod v2_17;

/// Every lab model, in book order.
pub const ALL: &[&Model] = &[
    &v1_01::MODEL,
    &v1_02::MODEL,
    &v2_09::MODEL,
    &v2_10::MODEL,
    &v2_11::MODEL,
];

/// The model with this id (`v1-01`), if any.
pub fn find(id: &str) -> Option<&'static Model> {
    ALL.iter().copied().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Values;

    #[test]
    fn every_model_is_self_consistent() {
        for m in ALL {
            let errs = m.self_check();
            assert!(errs.is_empty(), "{errs:#?}");
        }
    }

    /// Points on which a model is swept: the full grid of every input's sample points when it
    /// is small, otherwise every one-input sweep from the defaults plus a deterministic
    /// pseudo-random sample of the grid (always drawing from each input's sample points, so
    /// both ends of every slider and every option are visited many times). Labs with a dozen
    /// controls would otherwise need billions of evaluations.
    fn sweep_points(m: &Model) -> Vec<Values> {
        const FULL_GRID_MAX: usize = 50_000;
        const SAMPLES: usize = 20_000;
        let pts: Vec<Vec<crate::model::Value>> =
            m.inputs.iter().map(|d| d.sample_points(12)).collect();
        let size = pts
            .iter()
            .try_fold(1usize, |acc, p| acc.checked_mul(p.len().max(1)));
        if size.is_some_and(|n| n <= FULL_GRID_MAX) {
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
        // xorshift64*: deterministic, no dependency.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        for _ in 0..SAMPLES {
            let mut v = m.defaults();
            for (def, p) in m.inputs.iter().zip(&pts) {
                let k = (next() % p.len().max(1) as u64) as usize;
                v.set(def.name, p[k]);
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn no_model_panics_or_returns_nan_anywhere_in_range() {
        for m in ALL {
            for inputs in &sweep_points(m) {
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
