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
    fn llama3_8b_kv_cache() {
        // 32 layers, 8 KV heads, head dim 128, 8,192 tokens, batch 1, FP16:
        // 2 × 32 × 8 × 128 × 8192 × 2 B = 1,073,741,824 B = 1 GiB.
        let kv = kv_cache(32.0, 8.0, 128.0, 8192.0, 1.0, 2.0);
        assert!((kv.as_gib() - 1.0).abs() < 1e-12);
    }
}
