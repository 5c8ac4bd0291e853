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
];

/// The model with this id (`v1-01`), if any.
pub fn find(id: &str) -> Option<&'static Model> {
    ALL.iter().copied().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_is_self_consistent() {
        for m in ALL {
            let errs = m.self_check();
            assert!(errs.is_empty(), "{errs:#?}");
        }
    }

    #[test]
    fn no_model_panics_or_returns_nan_anywhere_in_range() {
        for m in ALL {
            // The full grid of every input's sample points, capped per input.
            let mut grid = vec![m.defaults()];
            for def in m.inputs {
                let pts = def.sample_points(12);
                grid = grid
                    .iter()
                    .flat_map(|base| {
                        pts.iter().map(move |p| {
                            let mut v = base.clone();
                            v.set(def.name, *p);
                            v
                        })
                    })
                    .collect();
            }
            for inputs in &grid {
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
