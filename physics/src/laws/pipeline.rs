//! Input pipelines. A prefetching data loader overlaps reading, preprocessing and the training
//! step, so in steady state one step lasts as long as the slowest stage, and the accelerator
//! idles for whatever part of that its own compute does not fill (the "feeding tax").

use crate::units::Seconds;

/// Steady-state time per step of a pipeline whose stages overlap: the slowest stage.
pub fn pipelined_step(stages: &[Seconds]) -> Seconds {
    stages.iter().copied().fold(Seconds::ZERO, Seconds::max)
}

/// Index of the slowest stage (the first one on a tie), or 0 for an empty list.
pub fn bottleneck_stage(stages: &[Seconds]) -> usize {
    let mut best = 0;
    for (i, s) in stages.iter().enumerate() {
        if *s > stages[best] {
            best = i;
        }
    }
    best
}

/// Share of each step the accelerator is busy: `busy / step`, in [0, 1].
pub fn busy_fraction(busy: Seconds, step: Seconds) -> f64 {
    if step.as_s() <= 0.0 {
        return 1.0;
    }
    (busy / step).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slowest_stage_sets_the_pace() {
        // Compute 25.9 ms, read 49.1 ms, decode 112 ms: the step takes 112 ms.
        let stages = [Seconds::ms(25.9), Seconds::ms(49.1), Seconds::ms(112.0)];
        assert!((pipelined_step(&stages).as_ms() - 112.0).abs() < 1e-9);
        assert_eq!(bottleneck_stage(&stages), 2);
        // The GPU is busy 25.9 / 112 = 23.1 % of the time.
        let u = busy_fraction(stages[0], pipelined_step(&stages));
        assert!((u - 0.231_25).abs() < 1e-5);
        // A pipeline fed faster than it computes is fully busy.
        let fed = [Seconds::ms(25.9), Seconds::ms(2.0), Seconds::ms(14.0)];
        assert_eq!(busy_fraction(fed[0], pipelined_step(&fed)), 1.0);
        assert_eq!(bottleneck_stage(&fed), 0);
    }
}
