//! Step-time profiles: Amdahl's law over several parts at once, and the pipeline bubble.
//!
//! A profile splits one training step into shares of its wall-clock time. Speeding a part up
//! `k` times shrinks only that share, which is why a profile must be read before a kernel is
//! written.

/// Speedup of a whole step whose parts take shares `f` of the old step time and are each sped
/// up `k` times: `S = 1 / (rest + Σ fᵢ/kᵢ)`, where `rest` is the unlisted share (kept as is).
/// Shares are clamped into [0, 1] and speedups below 1 are treated as 1 (a "fix" does not slow
/// a part down here).
pub fn amdahl_profile(parts: &[(f64, f64)]) -> f64 {
    let listed: f64 = parts.iter().map(|(f, _)| f.clamp(0.0, 1.0)).sum();
    let rest = (1.0 - listed).max(0.0);
    let t = rest
        + parts
            .iter()
            .map(|(f, k)| f.clamp(0.0, 1.0) / k.max(1.0))
            .sum::<f64>();
    // A profile whose every part is sped up infinitely has no time left; report a finite cap.
    1.0 / t.max(1e-12)
}

/// Pipeline bubble relative to useful compute, for `stages` pipeline stages and `micro`
/// micro-batches per step under GPipe or 1F1B scheduling: `(p − 1) / m`. The step takes
/// `(m + p − 1)` micro-batch slots of which `m` do work.
pub fn pipeline_bubble_ratio(stages: f64, micro: f64) -> f64 {
    (stages.max(1.0) - 1.0) / micro.max(1.0)
}

/// Share of the pipeline's time spent idle: `(p − 1) / (m + p − 1)`.
pub fn pipeline_bubble_fraction(stages: f64, micro: f64) -> f64 {
    let p = stages.max(1.0);
    (p - 1.0) / (micro.max(1.0) + p - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_profile_reference_values() {
        // 12% sped up 3×: 1 / (0.88 + 0.04) = 1.0870.
        assert!((amdahl_profile(&[(0.12, 3.0)]) - 1.0 / 0.92).abs() < 1e-12);
        // Two parts: 0.3 at 2× and 0.1 at 2×: 1 / (0.6 + 0.15 + 0.05) = 1.25.
        assert!((amdahl_profile(&[(0.3, 2.0), (0.1, 2.0)]) - 1.25).abs() < 1e-12);
        // Agrees with the one-part law.
        let s = crate::laws::scaling::amdahl(0.45, 4.0);
        assert!((amdahl_profile(&[(0.45, 4.0)]) - s).abs() < 1e-12);
        // Nothing sped up: 1.
        assert_eq!(amdahl_profile(&[(0.5, 1.0)]), 1.0);
    }

    #[test]
    fn bubble_reference_values() {
        // 4 stages, 12 micro-batches: 3/12 = 25% of compute; idle share 3/15 = 20%.
        assert!((pipeline_bubble_ratio(4.0, 12.0) - 0.25).abs() < 1e-12);
        assert!((pipeline_bubble_fraction(4.0, 12.0) - 0.2).abs() < 1e-12);
        // No pipeline, no bubble.
        assert_eq!(pipeline_bubble_ratio(1.0, 8.0), 0.0);
        // More micro-batches, smaller bubble.
        assert!(pipeline_bubble_ratio(8.0, 32.0) < pipeline_bubble_ratio(8.0, 4.0));
    }
}
