//! Arithmetic intensity of common kernels (FLOPs per byte of DRAM traffic) and their time on
//! a roofline. Traffic assumes each operand crosses DRAM once (perfect on-chip reuse), so the
//! intensities are upper bounds and the times lower bounds.

use crate::laws::roofline;
use crate::units::{Bandwidth, Bytes, FlopRate, Flops, Seconds};

/// The work and the DRAM traffic of one kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kernel {
    pub flops: Flops,
    pub bytes: Bytes,
}

impl Kernel {
    /// FLOPs per byte.
    pub fn intensity(&self) -> f64 {
        self.flops / self.bytes.max(Bytes::new(1e-30))
    }
    /// Throughput the roofline allows at this intensity.
    pub fn attainable(&self, peak: FlopRate, bw: Bandwidth) -> FlopRate {
        roofline(peak, bw, self.intensity())
    }
    /// Time at the attainable throughput: `max(FLOPs / peak, bytes / BW)`.
    pub fn time(&self, peak: FlopRate, bw: Bandwidth) -> Seconds {
        (self.flops / peak).max(self.bytes / bw)
    }
    /// `n` launches of the same kernel counted as one: FLOPs and bytes scale, the intensity
    /// does not, so the time on a roofline is `n` times one launch's.
    pub fn times(self, n: f64) -> Kernel {
        Kernel {
            flops: self.flops * n,
            bytes: self.bytes * n,
        }
    }
}

/// `(m × k) · (k × n)`: `2mkn` FLOPs; reads A (`m·k` at `act_bytes`) and B (`k·n` at
/// `weight_bytes`), writes C (`m·n` at `act_bytes`).
pub fn gemm(m: f64, k: f64, n: f64, act_bytes: f64, weight_bytes: f64) -> Kernel {
    Kernel {
        flops: Flops::new(2.0 * m * k * n),
        bytes: Bytes::new((m * k + m * n) * act_bytes + k * n * weight_bytes),
    }
}

/// Square GEMM of side `n` with every operand at `bytes_per_value`: `2n³` FLOPs over `3n²·b`
/// bytes, so the intensity is `2n / (3b)`.
pub fn square_gemm(n: f64, bytes_per_value: f64) -> Kernel {
    gemm(n, n, n, bytes_per_value, bytes_per_value)
}

/// An elementwise or reduction pass over `elements` values.
pub fn elementwise(elements: f64, flops_per_element: f64, bytes_per_element: f64) -> Kernel {
    Kernel {
        flops: Flops::new(elements * flops_per_element),
        bytes: Bytes::new(elements * bytes_per_element),
    }
}

/// The shape of one decoder layer with grouped-query attention and a gated (SwiGLU) MLP,
/// Llama-style: width `hidden`, `heads` query heads and `kv_heads` key/value heads of
/// `head_dim` each, MLP width `ffn`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecoderShape {
    pub hidden: f64,
    pub heads: f64,
    pub kv_heads: f64,
    pub head_dim: f64,
    pub ffn: f64,
}

/// The GEMMs of one decoder layer's forward pass over `batch` sequences of `seq` tokens
/// (prefill), each one kernel with standard attention (the score matrix goes through DRAM).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerGemms {
    /// Q projection, `T × d · d × d` (`T = batch · seq` tokens); O has the same shape.
    pub q: Kernel,
    /// K projection, `T × d · d × (kv_heads · head_dim)`; V has the same shape.
    pub k: Kernel,
    /// One MLP matrix, `T × d · d × ffn`: gate, up and down (`T × ffn · ffn × d`) move the
    /// same FLOPs and bytes, so the MLP is three of these.
    pub mlp: Kernel,
    /// QKᵀ over every sequence and query head: `batch · heads` GEMMs of
    /// `seq × head_dim · head_dim × seq`, at `attn_bytes`. AV (`seq × seq · seq × head_dim`)
    /// moves the same FLOPs and bytes, so attention is two of these.
    pub scores: Kernel,
}

impl LayerGemms {
    /// Every GEMM of the layer: Q, K, V, O, three MLP matrices, QKᵀ and AV.
    pub fn all(&self) -> [Kernel; 9] {
        [
            self.q,
            self.k,
            self.k,
            self.q,
            self.mlp,
            self.mlp,
            self.mlp,
            self.scores,
            self.scores,
        ]
    }
    /// The seven weight GEMMs (Q, K, V, O, gate, up, down).
    pub fn linear(&self) -> [Kernel; 7] {
        [self.q, self.k, self.k, self.q, self.mlp, self.mlp, self.mlp]
    }
}

/// The GEMMs of one decoder layer over `batch × seq` tokens: weight GEMMs with activations
/// and weights at `linear_bytes` per value, the two attention GEMMs with every operand at
/// `attn_bytes`. The weight GEMMs do `2 · T · (2d² + 2d·kv + 3d·ffn)` FLOPs, 2 FLOPs per
/// weight per token; the attention GEMMs `4 · batch · heads · seq² · head_dim`.
pub fn decoder_layer_gemms(
    shape: DecoderShape,
    batch: f64,
    seq: f64,
    linear_bytes: f64,
    attn_bytes: f64,
) -> LayerGemms {
    let t = batch * seq;
    let (d, b) = (shape.hidden, linear_bytes);
    LayerGemms {
        q: gemm(t, d, d, b, b),
        k: gemm(t, d, shape.kv_heads * shape.head_dim, b, b),
        mlp: gemm(t, d, shape.ffn, b, b),
        scores: gemm(seq, shape.head_dim, seq, attn_bytes, attn_bytes).times(batch * shape.heads),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::H100;

    #[test]
    fn square_gemm_intensity() {
        // N = 512, FP16: 2 × 512 / 6 = 170.7 FLOP/B; N = 885: 295 (the H100 ridge).
        assert!((square_gemm(512.0, 2.0).intensity() - 170.666_667).abs() < 1e-5);
        assert!((square_gemm(885.0, 2.0).intensity() - 295.0).abs() < 1e-9);
        // 170.7 × 3.35 TB/s = 571.7 TFLOP/s attainable, below the 989 roof.
        let k = square_gemm(512.0, 2.0);
        assert!(
            (k.attainable(H100.peak.value, H100.mem_bw.value).as_tflops() - 571.733).abs() < 1e-3
        );
    }

    #[test]
    fn projection_gemm_and_elementwise() {
        // 4,096 tokens × (4,096 × 4,096) FP16: 2·T·D² / ((2·T·D + D²) · 2) = 4,096² / 12,288 = 1,365.3.
        let g = gemm(4096.0, 4096.0, 4096.0, 2.0, 2.0);
        assert!((g.intensity() - 1_365.333).abs() < 1e-3);
        // 5 FLOP over 6 B per element: 0.833.
        assert!((elementwise(1e6, 5.0, 6.0).intensity() - 0.833_333).abs() < 1e-6);
        // Time is the larger roof: 1e6 elements × 6 B / 3.35 TB/s = 1.791 µs.
        let t = elementwise(1e6, 5.0, 6.0).time(H100.peak.value, H100.mem_bw.value);
        assert!((t.as_us() - 1.791_045).abs() < 1e-6);
    }

    #[test]
    fn llama3_8b_layer_gemms() {
        let shape = DecoderShape {
            hidden: 4096.0,
            heads: 32.0,
            kv_heads: 8.0,
            head_dim: 128.0,
            ffn: 14_336.0,
        };
        let g = decoder_layer_gemms(shape, 8.0, 512.0, 2.0, 2.0);
        // Weight GEMMs: 2 FLOPs per weight per token. Weights per layer 2 × 4,096² + 2 ×
        // 4,096 × 1,024 + 3 × 4,096 × 14,336 = 218,103,808; × 2 × 4,096 tokens = 1,786.8 GFLOP.
        let lin: Flops = g.linear().iter().map(|k| k.flops).sum();
        assert!((lin.si() - 2.0 * 218_103_808.0 * 4096.0).abs() < 1.0);
        // Over 32 layers that is 2 × 6.98 B per token: Llama 3 8B without its two 525 M
        // embedding matrices (8.03 B − 1.05 B).
        assert!((lin.si() / 4096.0 * 32.0 / 2.0 - 6.979e9).abs() < 1e6);
        // QKᵀ: 8 × 32 × 2 × 512² × 128 = 17.18 GFLOP over 8 × 32 × (2 × 512 × 128 + 512²) ×
        // 2 B = 201.3 MB: 85.3 FLOP/B, whatever the batch.
        assert!((g.scores.flops.si() - 17.179_869e9).abs() < 1e3);
        assert!((g.scores.bytes.as_mb() - 201.326_592).abs() < 1e-6);
        assert!((g.scores.intensity() - 85.333).abs() < 1e-3);
        // Nine GEMMs: 2 × Q + 2 × K + 3 × MLP + 2 × scores.
        let all: Flops = g.all().iter().map(|k| k.flops).sum();
        assert!((all.si() - (lin.si() + 2.0 * 17.179_869_184e9)).abs() < 1.0);
    }
}
