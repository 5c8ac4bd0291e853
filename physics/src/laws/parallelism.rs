//! Parallel training: work, speedup and the taxes of each parallelism axis (data, tensor,
//! pipeline), and the per-GPU memory of a sharded training job.

use crate::laws::memory::{Optimizer, TrainingMemory, ZeroStage, zero_training_memory};
use crate::units::{Bandwidth, Bytes, FlopRate, Flops};

/// Training work of a dense transformer: `6 · P · T` FLOPs for `P` parameters and `T` tokens
/// (2 for the forward pass, 4 for the backward; Kaplan et al. 2020).
pub fn training_flops(params: f64, tokens: f64) -> Flops {
    Flops::new(6.0 * params * tokens)
}

/// Delivered speedup of `n` workers at parallel efficiency `e` that lose a further fraction
/// `c` of their time to communication: `S = n · e · (1 − c)`.
pub fn effective_speedup(n: f64, efficiency: f64, comm_overhead: f64) -> f64 {
    n.max(1.0) * efficiency.clamp(0.0, 1.0) * (1.0 - comm_overhead.clamp(0.0, 1.0))
}

/// Pipeline bubble of a GPipe / 1F1B schedule with `p` stages and `m` micro-batches: the
/// share of the step the stages sit idle, `(p − 1) / (m + p − 1)` (Huang et al. 2019;
/// Narayanan et al. 2021 write the same bubble as `(p − 1)/m` of the ideal time).
pub fn pipeline_bubble(stages: f64, microbatches: f64) -> f64 {
    let p = stages.max(1.0);
    let m = microbatches.max(1.0);
    (p - 1.0) / (m + p - 1.0)
}

/// Tensor-parallel communication time as a fraction of the compute it accompanies.
///
/// Megatron-style tensor parallelism all-reduces the `b·s·h` activations (2 B each) four
/// times per layer and micro-batch (two in the forward pass, two in the backward). With a
/// ring over `t` GPUs that is `16 (t−1)/t · b s h / β` seconds, against
/// `72 h² · b s / (t · R)` seconds of compute (6 FLOPs per parameter and token, `12 h²`
/// parameters per layer) at sustained rate `R`. The ratio is independent of batch and
/// sequence: `(2/9) (t − 1) R / (h β)`.
pub fn tp_comm_ratio(tp: f64, hidden: f64, sustained: FlopRate, link: Bandwidth) -> f64 {
    let t = tp.max(1.0);
    (2.0 / 9.0) * (t - 1.0) * sustained.si() / (hidden.max(1.0) * link.si())
}

/// Per-GPU memory of a job whose `params` are split over `model_shards` GPUs (tensor ×
/// pipeline) and replicated over `dp` data-parallel ranks, with the optimizer state further
/// sharded over those ranks (ZeRO stage 1 / Megatron's distributed optimizer). Weights and
/// gradients are held at `bytes_per_value`. The stage-1 case of [`zero_training_memory`].
pub fn sharded_training_memory(
    params: f64,
    model_shards: f64,
    dp: f64,
    bytes_per_value: f64,
    opt: Optimizer,
    activations: Bytes,
) -> TrainingMemory {
    zero_training_memory(
        params,
        model_shards,
        dp,
        ZeroStage::Zero1,
        bytes_per_value,
        opt,
        activations,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        // 6 × 70e9 × 2,048 = 8.6016e14 FLOPs.
        assert!((training_flops(70e9, 2048.0).si() - 8.6016e14).abs() < 1.0);
        // 1,000 × 0.4 × 0.8 = 320.
        assert!((effective_speedup(1000.0, 0.4, 0.2) - 320.0).abs() < 1e-9);
        // p = 4, m = 32: 3 / 35 = 8.571 %.
        assert!((pipeline_bubble(4.0, 32.0) - 3.0 / 35.0).abs() < 1e-12);
        assert_eq!(pipeline_bubble(1.0, 8.0), 0.0);
    }

    #[test]
    fn tensor_parallel_ratio_for_gpt3_on_nvlink() {
        // (2/9) × 7 × 514.28e12 / (12,288 × 450e9) = 1.5556 × 0.093005 = 0.14468.
        let r = tp_comm_ratio(
            8.0,
            12_288.0,
            FlopRate::tflops(989.0 * 0.52),
            Bandwidth::gb_per_s(450.0),
        );
        assert!((r - 0.144_675).abs() < 1e-5);
        assert_eq!(
            tp_comm_ratio(
                1.0,
                12_288.0,
                FlopRate::tflops(1.0),
                Bandwidth::gb_per_s(1.0)
            ),
            0.0
        );
    }

    #[test]
    fn distributed_optimizer_memory() {
        // 175e9 / 32 shards = 5.46875e9 params: weights + grads 2 × 2 B = 21.875 GB;
        // Adam 12 B / 32 DP ranks = 2.0508 GB; + 1 GB activations = 24.926 GB.
        let m =
            sharded_training_memory(175e9, 32.0, 32.0, 2.0, Optimizer::AdamMixed, Bytes::gb(1.0));
        assert!((m.total().as_gb() - 24.925_78).abs() < 1e-4);
    }
}
