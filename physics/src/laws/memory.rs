//! Memory footprints: training state (weights, gradients, optimizer, activations) and the
//! inference KV cache.

use crate::units::Bytes;

/// The four parts of a training job's memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainingMemory {
    pub weights: Bytes,
    pub gradients: Bytes,
    pub optimizer: Bytes,
    pub activations: Bytes,
}

impl TrainingMemory {
    pub fn total(&self) -> Bytes {
        self.weights + self.gradients + self.optimizer + self.activations
    }

    /// The static state: weights, gradients and optimizer state, without activations.
    pub fn static_state(&self) -> Bytes {
        self.weights + self.gradients + self.optimizer
    }
}

/// Optimizer state bytes per parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Optimizer {
    /// Plain SGD: no state.
    Sgd,
    /// SGD with momentum: one FP32 buffer (4 B).
    Momentum,
    /// Adam in mixed precision: FP32 master weights + two FP32 moments (12 B).
    AdamMixed,
    /// Adam in pure FP32: two FP32 moments (8 B).
    AdamFp32,
}

impl Optimizer {
    pub const fn bytes_per_param(self) -> f64 {
        match self {
            Optimizer::Sgd => 0.0,
            Optimizer::Momentum => 4.0,
            Optimizer::AdamMixed => 12.0,
            Optimizer::AdamFp32 => 8.0,
        }
    }
}

/// Training memory for `params` parameters stored at `bytes_per_value` (2 for FP16/BF16, 4
/// for FP32), gradients at the same precision, the optimizer's state, and `activations`.
pub fn training_memory(
    params: f64,
    bytes_per_value: f64,
    opt: Optimizer,
    activations: Bytes,
) -> TrainingMemory {
    TrainingMemory {
        weights: Bytes::new(params * bytes_per_value),
        gradients: Bytes::new(params * bytes_per_value),
        optimizer: Bytes::new(params * opt.bytes_per_param()),
        activations,
    }
}

/// How much of the training state a data-parallel group shards over its ranks (Rajbhandari et
/// al. 2020, ZeRO): stage 1 shards the optimizer state, stage 2 also the gradients, stage 3
/// also the weights (PyTorch FSDP's full sharding). Stage 0 is plain data parallelism: every
/// rank holds everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ZeroStage {
    Zero0,
    Zero1,
    Zero2,
    Zero3,
}

/// Per-GPU training memory of a job whose `params` are split over `model_shards` GPUs (tensor
/// × pipeline parallelism, 1 for none) and replicated over `dp` data-parallel ranks, with the
/// parts `stage` names sharded over those ranks: [`training_memory`] of the local parameters,
/// each sharded part divided by `dp`. Mixed-precision Adam at stage 0 keeps 16 B per parameter
/// (2 + 2 + 12); stage 3 divides all 16 by `dp`.
pub fn zero_training_memory(
    params: f64,
    model_shards: f64,
    dp: f64,
    stage: ZeroStage,
    bytes_per_value: f64,
    opt: Optimizer,
    activations: Bytes,
) -> TrainingMemory {
    let full = training_memory(
        params / model_shards.max(1.0),
        bytes_per_value,
        opt,
        activations,
    );
    let shard = 1.0 / dp.max(1.0);
    let part = |b: Bytes, sharded: bool| if sharded { b * shard } else { b };
    TrainingMemory {
        weights: part(full.weights, stage == ZeroStage::Zero3),
        gradients: part(full.gradients, stage >= ZeroStage::Zero2),
        optimizer: part(full.optimizer, stage >= ZeroStage::Zero1),
        activations,
    }
}

/// KV-cache size: `2 (K and V) · layers · kv_heads · head_dim · seq_len · batch · bytes`.
pub fn kv_cache(
    layers: f64,
    kv_heads: f64,
    head_dim: f64,
    seq_len: f64,
    batch: f64,
    bytes_per_value: f64,
) -> Bytes {
    Bytes::new(2.0 * layers * kv_heads * head_dim * seq_len * batch * bytes_per_value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adam_mixed_precision_is_16_bytes_per_param() {
        // 7e9 params: 14 GB weights + 14 GB grads + 84 GB Adam = 112 GB before activations.
        let m = training_memory(7e9, 2.0, Optimizer::AdamMixed, Bytes::ZERO);
        assert!((m.total().as_gb() - 112.0).abs() < 1e-9);
    }

    #[test]
    fn zero_stages_shard_one_part_more_each() {
        // 7e9 params, mixed-precision Adam, 8 data-parallel ranks, no activations:
        // stage 0: 14 + 14 + 84 = 112 GB; stage 1: 14 + 14 + 84/8 = 38.5 GB;
        // stage 2: 14 + 14/8 + 10.5 = 26.25 GB; stage 3: 112 / 8 = 14 GB.
        let gb = |s| {
            zero_training_memory(7e9, 1.0, 8.0, s, 2.0, Optimizer::AdamMixed, Bytes::ZERO)
                .static_state()
                .as_gb()
        };
        assert!((gb(ZeroStage::Zero0) - 112.0).abs() < 1e-9);
        assert!((gb(ZeroStage::Zero1) - 38.5).abs() < 1e-9);
        assert!((gb(ZeroStage::Zero2) - 26.25).abs() < 1e-9);
        assert!((gb(ZeroStage::Zero3) - 14.0).abs() < 1e-9);
        // Model sharding first: 175e9 over 32 (TP × PP) GPUs, Adam over 32 ranks:
        // 5.46875e9 × 4 B = 21.875 GB + 5.46875e9 × 12 B / 32 = 2.0508 GB.
        let m = zero_training_memory(
            175e9,
            32.0,
            32.0,
            ZeroStage::Zero1,
            2.0,
            Optimizer::AdamMixed,
            Bytes::ZERO,
        );
        assert!((m.total().as_gb() - 23.925_78).abs() < 1e-4);
    }

    #[test]
    fn llama3_8b_kv_cache() {
        // 32 layers, 8 KV heads, head dim 128, 8,192 tokens, batch 1, FP16:
        // 2 × 32 × 8 × 128 × 8192 × 2 B = 1,073,741,824 B = 1 GiB.
        let kv = kv_cache(32.0, 8.0, 128.0, 8192.0, 1.0, 2.0);
        assert!((kv.as_gib() - 1.0).abs() < 1e-12);
    }
}
