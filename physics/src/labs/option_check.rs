//! Test helpers: which of a prediction's four option values the model's number is closest to.

/// Index of the option closest to `value` on a linear scale.
pub(crate) fn closest(value: f64, options: &[f64]) -> usize {
    nearest(options, |o| (o - value).abs())
}

/// Index of the option closest to `value` on a log scale (options spanning magnitudes).
pub(crate) fn closest_log(value: f64, options: &[f64]) -> usize {
    nearest(options, |o| (o.ln() - value.ln()).abs())
}

/// The key of the (key, value) option closest to `value` on a log scale.
pub(crate) fn closest_key_log(value: f64, options: &[(&'static str, f64)]) -> &'static str {
    let values: Vec<f64> = options.iter().map(|o| o.1).collect();
    options.get(closest_log(value, &values)).map_or("", |o| o.0)
}

fn nearest(options: &[f64], dist: impl Fn(f64) -> f64) -> usize {
    let mut best = 0;
    for (k, o) in options.iter().enumerate() {
        if dist(*o) < dist(options[best]) {
            best = k;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_nearest() {
        assert_eq!(closest(6.1, &[64.0, 54.6, 6.1, 2.0]), 2);
        // ln 3 = 1.10 is nearer ln 1 = 0 than ln 10 = 2.30; ln 5 = 1.61 is nearer ln 10.
        assert_eq!(closest_log(3.0, &[1.0, 10.0]), 0);
        assert_eq!(closest_log(5.0, &[1.0, 10.0]), 1);
    }
}
