//! Training-step economics beyond the static memory ledger: the FP32 master copy mixed
//! precision keeps, gradient accumulation's throughput, and activation checkpointing's
//! memory-for-compute trade.

use crate::units::Bytes;

/// The FP32 master copy of the weights that mixed-precision training keeps so small updates
/// are not rounded away (Micikevicius et al. 2018): `4 B` per parameter when weights are held
/// in fewer than 4 bytes, nothing for pure FP32 training.
pub fn fp32_master_copy(params: f64, bytes_per_value: f64) -> Bytes {
    if bytes_per_value < 4.0 {
        Bytes::new(params * 4.0)
    } else {
        Bytes::ZERO
    }
}

/// Throughput of `steps` accumulated micro-batches relative to one native batch of the same
/// effective size, when each micro-step carries a fixed overhead equal to `overhead` times one
/// micro-batch's compute (launches, gradient accumulation adds): the native batch pays the
/// overhead once, accumulation pays it `K` times, so the ratio is `(K + ε) / (K·(1 + ε))`.
/// It never drops below `1/(1 + ε)`: accumulation buys memory at a small, bounded cost.
pub fn accumulation_throughput(steps: f64, overhead: f64) -> f64 {
    let k = steps.max(1.0);
    let e = overhead.max(0.0);
    (k + e) / (k * (1.0 + e))
}

/// Activation memory with √L checkpointing (Chen et al. 2016): keep the input of one layer in
/// every √L, and during the backward pass recompute one √L-layer segment at a time, so
/// `√L · (per-layer activations + layer input)` instead of `L · per-layer`. Never more than
/// storing everything.
pub fn checkpointed_activations(per_layer: Bytes, layer_input: Bytes, layers: f64) -> Bytes {
    let l = layers.max(1.0);
    let full = per_layer * l;
    let ckpt = (per_layer + layer_input) * l.sqrt();
    full.min(ckpt)
}

/// Compute factor of full recomputation: the forward pass runs twice, and a forward is a third
/// of forward + backward, so a step costs `4/3` (+33 %).
pub const RECOMPUTE_FACTOR: f64 = 4.0 / 3.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_copy_only_below_fp32() {
        // 7e9 params in BF16 keep a 28 GB FP32 master copy; FP32 training keeps none.
        assert!((fp32_master_copy(7e9, 2.0).as_gb() - 28.0).abs() < 1e-9);
        assert_eq!(fp32_master_copy(7e9, 4.0), Bytes::ZERO);
    }

    #[test]
    fn accumulation_is_slightly_slower() {
        // K = 32, ε = 0.03: 32.03 / (32 × 1.03) = 32.03 / 32.96 = 0.97178.
        assert!((accumulation_throughput(32.0, 0.03) - 0.971_784).abs() < 1e-6);
        // K = 1 is the native batch.
        assert_eq!(accumulation_throughput(1.0, 0.03), 1.0);
        // Bounded below by 1 / 1.03 = 0.9709, however many steps.
        assert!(accumulation_throughput(1e9, 0.03) > 1.0 / 1.03 - 1e-9);
    }

    #[test]
    fn checkpointing_keeps_about_root_l_layers() {
        // 16 layers of 100 MB with 5 MB inputs: √16 × 105 = 420 MB instead of 1,600 MB.
        let a = checkpointed_activations(Bytes::mb(100.0), Bytes::mb(5.0), 16.0);
        assert!((a.as_mb() - 420.0).abs() < 1e-9);
        // One layer: nothing to save, storing everything (100 MB) is cheaper.
        let one = checkpointed_activations(Bytes::mb(100.0), Bytes::mb(5.0), 1.0);
        assert!((one.as_mb() - 100.0).abs() < 1e-9);
        assert!((RECOMPUTE_FACTOR - 1.333_333).abs() < 1e-6);
    }
}
