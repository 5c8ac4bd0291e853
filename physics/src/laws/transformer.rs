//! Transformer sizing: parameters per layer, the attention score matrix that grows with the
//! square of the sequence, and the activation memory a training step keeps for its backward
//! pass.

use crate::laws::training::checkpointed_activations;
use crate::units::Bytes;

/// Parameters of one transformer block of width `width` (d_model): `4W²` for the Q, K, V and
/// output projections plus `8W²` for a feed-forward block with 4× expansion, so `12W²`
/// (biases and layer norms are a rounding error).
pub fn params_per_layer(width: f64) -> f64 {
    12.0 * width * width
}

/// Width a `layers`-deep stack needs to hold `params` parameters: `√(P / 12L)`.
pub fn width_for_params(params: f64, layers: f64) -> f64 {
    (params.max(0.0) / (12.0 * layers.max(1.0))).sqrt()
}

/// Depth and width of a dense transformer of `params` parameters whose width grows with its
/// depth as `width = width_per_layer × layers` (Llama 2 keeps 128: 4,096 / 32 for 7B, 8,192 /
/// 80 for 70B is 102, GPT-3 175B 12,288 / 96 = 128): from `12 L W² = P`,
/// `L = ∛(P / (12 r²))`. Returns `(layers, width)`, not rounded to whole layers.
pub fn shape_for_params(params: f64, width_per_layer: f64) -> (f64, f64) {
    let r = width_per_layer.max(1.0);
    let layers = (params.max(0.0) / (12.0 * r * r)).cbrt();
    (layers, r * layers)
}

/// The attention score matrices (`N × N` per head) materialised by standard attention and kept
/// for the backward pass: `batch · N² · heads · layers · bytes`. Doubling `N` quadruples it;
/// it does not depend on the head dimension.
pub fn attention_score_bytes(seq: f64, heads: f64, layers: f64, batch: f64, bytes: f64) -> Bytes {
    Bytes::new(batch * seq * seq * heads * layers * bytes)
}

/// The feed-forward block's hidden activations (`N × 4W` per layer), linear in `N`.
pub fn ffn_activation_bytes(seq: f64, width: f64, layers: f64, batch: f64, bytes: f64) -> Bytes {
    Bytes::new(batch * seq * 4.0 * width * layers * bytes)
}

/// What a tiled (FlashAttention-style) kernel keeps instead of the score matrix: one FP32
/// log-sum-exp per query row and head, `batch · N · heads · layers · 4 B`. Linear in `N`.
pub fn tiled_attention_bytes(seq: f64, heads: f64, layers: f64, batch: f64) -> Bytes {
    Bytes::new(batch * seq * heads * layers * 4.0)
}

/// Activation memory one transformer layer keeps for the backward pass (Korthikanti et al.
/// 2022, eq. 1): `s·b·h·(34 + 5·a·s/h)` bytes with 16-bit activations, scaled by
/// `bytes_per_value / 2` for other precisions. The `34·sbh` part is linear in the sequence;
/// the `5·a·s²·b` part is the attention scores, softmax and dropout mask.
pub fn layer_activation_bytes(
    seq: f64,
    batch: f64,
    hidden: f64,
    heads: f64,
    bytes_per_value: f64,
) -> Bytes {
    let h = hidden.max(1.0);
    Bytes::new(seq * batch * h * (34.0 + 5.0 * heads * seq / h) * bytes_per_value / 2.0)
}

/// The input of one layer, `s·b·h` values: what activation checkpointing stores at each
/// checkpoint so the layer can be recomputed.
pub fn layer_input_bytes(seq: f64, batch: f64, hidden: f64, bytes_per_value: f64) -> Bytes {
    Bytes::new(seq * batch * hidden * bytes_per_value)
}

/// Activation memory of `batch` sequences of `seq` tokens for a dense transformer of `params`
/// parameters shaped by [`shape_for_params`] (`width_per_layer`, heads of `head_dim`): every
/// layer's [`layer_activation_bytes`], or with activation checkpointing the √L segments of
/// [`checkpointed_activations`] (which then cost a second forward pass).
pub fn model_activation_bytes(
    params: f64,
    seq: f64,
    batch: f64,
    width_per_layer: f64,
    head_dim: f64,
    bytes_per_value: f64,
    checkpointing: bool,
) -> Bytes {
    let (layers, width) = shape_for_params(params, width_per_layer);
    let heads = width / head_dim.max(1.0);
    let per_layer = layer_activation_bytes(seq, batch, width, heads, bytes_per_value);
    if checkpointing {
        checkpointed_activations(
            per_layer,
            layer_input_bytes(seq, batch, width, bytes_per_value),
            layers,
        )
    } else {
        per_layer * layers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_width() {
        // 12 × 1,600² = 30.72 M per GPT-2 XL block; × 48 = 1.47 B.
        assert!((params_per_layer(1600.0) * 48.0 - 1.474_56e9).abs() < 1.0);
        // 100 M over 4 layers: √(1e8 / 48) = 1,443.4.
        assert!((width_for_params(1e8, 4.0) - 1_443.38).abs() < 0.01);
    }

    #[test]
    fn shape_at_128_per_layer() {
        // GPT-3: 12 × 96 × 12,288² = 173.95e9 params; back to L = 96, W = 12,288.
        let (l, w) = shape_for_params(12.0 * 96.0 * 12_288.0 * 12_288.0, 128.0);
        assert!((l - 96.0).abs() < 1e-9 && (w - 12_288.0).abs() < 1e-6);
        // 7e9: ∛(7e9 / 196,608) = ∛35,603.6 = 32.898 layers, width 4,210.9.
        let (l, w) = shape_for_params(7e9, 128.0);
        assert!((l - 32.8977).abs() < 1e-4 && (w - 4_210.91).abs() < 0.01);
    }

    #[test]
    fn whole_model_activations() {
        // 7e9, one 2,048-token sequence, width 128 per layer, head dim 128: L = 32.898,
        // W = 4,210.91, 32.9 heads; per layer 2,048 × 4,210.91 × (34 + 5 × 2,048 / 128) B
        // = 983.13 MB; × 32.898 = 32.343 GB.
        let full = model_activation_bytes(7e9, 2048.0, 1.0, 128.0, 128.0, 2.0, false);
        assert!((full.as_gb() - 32.343).abs() < 1e-3);
        // Checkpointed: √32.898 × (983.13 + 17.25 MB) = 5.7357 × 1,000.38 MB = 5.738 GB.
        let ck = model_activation_bytes(7e9, 2048.0, 1.0, 128.0, 128.0, 2.0, true);
        assert!((ck.as_gb() - 5.738).abs() < 1e-3);
    }

    #[test]
    fn scores_grow_with_the_square() {
        // 4,096² × 2 B = 33.55 MB for one head of one layer.
        let one = attention_score_bytes(4096.0, 1.0, 1.0, 1.0, 2.0);
        assert!((one.as_mb() - 33.554_432).abs() < 1e-6);
        let double = attention_score_bytes(8192.0, 1.0, 1.0, 1.0, 2.0);
        assert!((double / one - 4.0).abs() < 1e-12);
        // FFN: 4,096 × 4 × 1,600 × 2 B = 52.4 MB per layer, and only 2× at twice the length.
        let f = ffn_activation_bytes(4096.0, 1600.0, 1.0, 1.0, 2.0);
        assert!((f.as_mb() - 52.428_8).abs() < 1e-6);
        assert!((ffn_activation_bytes(8192.0, 1600.0, 1.0, 1.0, 2.0) / f - 2.0).abs() < 1e-12);
        // Tiled: 4,096 × 1 × 4 B = 16 KiB.
        assert_eq!(
            tiled_attention_bytes(4096.0, 1.0, 1.0, 1.0).as_bytes(),
            16_384.0
        );
    }

    #[test]
    fn korthikanti_layer_activations() {
        // s = 2,048, b = 1, h = 4,096, a = 32, 16-bit: 2,048 × 4,096 × (34 + 5 × 32 × 2,048 /
        // 4,096) = 8,388,608 × 114 = 956.3 MB.
        let a = layer_activation_bytes(2048.0, 1.0, 4096.0, 32.0, 2.0);
        assert!((a.as_mb() - 956.301_312).abs() < 1e-6);
        // FP32 doubles it.
        let a32 = layer_activation_bytes(2048.0, 1.0, 4096.0, 32.0, 4.0);
        assert!((a32 / a - 2.0).abs() < 1e-12);
        // Checkpoint: 2,048 × 4,096 × 2 B = 16.8 MB.
        assert!((layer_input_bytes(2048.0, 1.0, 4096.0, 2.0).as_mb() - 16.777_216).abs() < 1e-9);
    }
}
