//! Kernel dispatch and compilation: the fixed cost every kernel launch pays, what fusing
//! kernels saves, and how many inferences a one-time compilation needs to pay for itself.

use crate::units::{Bytes, Seconds};

/// Share of wall time the accelerator spends executing kernels when every kernel of GPU time
/// `kernel` is preceded by a host dispatch gap `dispatch` that the GPU waits through (launches
/// not overlapped, the Iron Law's additive `L` term): `t_k / (t_k + t_d)`. A faster GPU shrinks
/// `t_k` against the same gap, so its utilisation falls.
pub fn dispatch_utilization(kernel: Seconds, dispatch: Seconds) -> f64 {
    let total = kernel + dispatch;
    if total.as_s() <= 0.0 {
        return 1.0;
    }
    kernel / total
}

/// Total time for `kernels` launches, each with GPU time `kernel` and dispatch gap `dispatch`.
pub fn dispatched_time(kernels: f64, kernel: Seconds, dispatch: Seconds) -> Seconds {
    (kernel + dispatch) * kernels.max(0.0)
}

/// Memory traffic of a chain of `ops` elementwise operations over a tensor of `size` bytes.
/// Unfused, every op reads its input from memory and writes its output back (`2·ops·size`);
/// fused, the chain reads once and writes once (`2·size`).
pub fn elementwise_chain_traffic(size: Bytes, ops: f64, fused: bool) -> Bytes {
    let passes = if fused { 1.0 } else { ops.max(1.0) };
    size * (2.0 * passes)
}

/// Inferences after which a one-time `compile` cost is repaid by the per-inference saving
/// `1/R_eager − 1/R_compiled`: `N = t_compile / (1/R_e − 1/R_c)`. Infinite when compilation
/// does not speed inference up.
pub fn compile_breakeven(compile: Seconds, eager_per_s: f64, compiled_per_s: f64) -> f64 {
    if eager_per_s <= 0.0 || compiled_per_s <= eager_per_s {
        return f64::INFINITY;
    }
    compile.as_s() / (1.0 / eager_per_s - 1.0 / compiled_per_s)
}

/// Net seconds saved after `inferences` compiled inferences, compile time included (negative
/// while compilation has not yet paid for itself).
pub fn compile_net_saving(
    compile: Seconds,
    eager_per_s: f64,
    compiled_per_s: f64,
    inferences: f64,
) -> Seconds {
    let per = 1.0 / eager_per_s.max(1e-12) - 1.0 / compiled_per_s.max(1e-12);
    Seconds::new(inferences * per - compile.as_s())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_dominates_tiny_kernels() {
        // 5 µs of work behind a 10 µs gap: 5 / 15 = 33.3 %.
        let u = dispatch_utilization(Seconds::us(5.0), Seconds::us(10.0));
        assert!((u - 1.0 / 3.0).abs() < 1e-12);
        // A 200 ms matmul barely notices: 200 / 200.01 = 99.995 %.
        let u = dispatch_utilization(Seconds::ms(200.0), Seconds::us(10.0));
        assert!((1.0 - u - 0.000_05).abs() < 1e-7);
        // 1,000 launches × 15 µs = 15 ms.
        let t = dispatched_time(1000.0, Seconds::us(5.0), Seconds::us(10.0));
        assert!((t.as_ms() - 15.0).abs() < 1e-9);
    }

    #[test]
    fn fusion_cuts_traffic_by_the_chain_length() {
        // 1,024 × 768 × 2 B = 1,572,864 B; three ops: 6 passes unfused, 2 fused → 3×.
        let t = Bytes::new(1024.0 * 768.0 * 2.0);
        let unfused = elementwise_chain_traffic(t, 3.0, false);
        let fused = elementwise_chain_traffic(t, 3.0, true);
        assert_eq!(unfused.as_bytes(), 9_437_184.0);
        assert!((unfused / fused - 3.0).abs() < 1e-12);
    }

    #[test]
    fn compile_breakeven_reference() {
        // 30 / (1/1,450 − 1/2,150) = 30 / 2.2454e-4 = 133,607 inferences.
        let n = compile_breakeven(Seconds::new(30.0), 1450.0, 2150.0);
        assert!((n - 133_607.1).abs() < 0.5);
        // At exactly that volume the net saving is zero.
        let net = compile_net_saving(Seconds::new(30.0), 1450.0, 2150.0, n);
        assert!(net.as_s().abs() < 1e-9);
        assert!(compile_breakeven(Seconds::new(30.0), 1450.0, 1450.0).is_infinite());
    }
}
