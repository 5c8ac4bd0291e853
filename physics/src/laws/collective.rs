//! Collective communication (alpha-beta model) and network bisection bandwidth.

use crate::units::{Bandwidth, Bytes, Seconds};

/// Ring all-reduce of `size` bytes over `p` ranks: `2(p−1)·α + 2(p−1)/p · n/β`.
/// Bandwidth-optimal, latency linear in `p`.
pub fn ring_allreduce(size: Bytes, p: f64, alpha: Seconds, beta: Bandwidth) -> Seconds {
    let p = p.max(1.0);
    if p <= 1.0 {
        return Seconds::ZERO;
    }
    alpha * (2.0 * (p - 1.0)) + ring_allreduce_traffic(size, p) / beta
}

/// Bytes each rank sends (and receives) in a ring all-reduce of `size` bytes over `p` ranks:
/// `2(p−1)/p · n` (a reduce-scatter then an all-gather, each `(p−1)/p · n`). The volume term
/// of [`ring_allreduce`]; it tends to twice the buffer as `p` grows.
pub fn ring_allreduce_traffic(size: Bytes, p: f64) -> Bytes {
    let p = p.max(1.0);
    size * (2.0 * (p - 1.0) / p)
}

/// Tree (reduce then broadcast along a binary tree) all-reduce:
/// `2·⌈log₂ p⌉ · (α + n/β)`. Latency logarithmic in `p`, but every step moves the full
/// buffer, so it loses to the ring on large messages.
pub fn tree_allreduce(size: Bytes, p: f64, alpha: Seconds, beta: Bandwidth) -> Seconds {
    let p = p.max(1.0);
    if p <= 1.0 {
        return Seconds::ZERO;
    }
    let steps = 2.0 * p.log2().ceil();
    (alpha + size / beta) * steps
}

/// Message size at which ring and tree take equal time (bytes); below it the tree wins.
pub fn ring_tree_crossover(p: f64, alpha: Seconds, beta: Bandwidth) -> Bytes {
    let p = p.max(2.0);
    let steps = 2.0 * p.log2().ceil();
    // steps·(α + n/β) = 2(p−1)α + 2(p−1)/p · n/β  ⇒  n = β·α·(2(p−1) − steps) / (steps − 2(p−1)/p)
    let denom = steps - 2.0 * (p - 1.0) / p;
    let numer = alpha.as_s() * (2.0 * (p - 1.0) - steps);
    Bytes::new((beta.si() * numer / denom).max(0.0))
}

/// Bisection bandwidth of a network of `nodes` endpoints with `link` bandwidth each, for a
/// fat tree with the given oversubscription ratio (1 = full bisection): `nodes/2 · link / r`.
pub fn bisection_bandwidth(nodes: f64, link: Bandwidth, oversubscription: f64) -> Bandwidth {
    link * (nodes.max(0.0) / 2.0 / oversubscription.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_reference_value() {
        // 1 GB over 8 ranks at 100 GB/s, α = 10 µs:
        // 14 × 10 µs = 0.14 ms; 2·7/8 × 10 ms = 17.5 ms; total 17.64 ms.
        let t = ring_allreduce(
            Bytes::gb(1.0),
            8.0,
            Seconds::us(10.0),
            Bandwidth::gb_per_s(100.0),
        );
        assert!((t.as_ms() - 17.64).abs() < 1e-9);
    }

    #[test]
    fn ring_traffic_is_the_volume_term() {
        // 140 GB over 8 ranks: 2 × 7/8 × 140 = 245 GB; one rank sends nothing.
        assert!((ring_allreduce_traffic(Bytes::gb(140.0), 8.0).as_gb() - 245.0).abs() < 1e-9);
        assert_eq!(ring_allreduce_traffic(Bytes::gb(140.0), 1.0), Bytes::ZERO);
        // 140 GB over 128 ranks: 2 × 127/128 × 140 = 277.8125 GB.
        assert!((ring_allreduce_traffic(Bytes::gb(140.0), 128.0).as_gb() - 277.8125).abs() < 1e-9);
        // With α = 0 the ring's time is that traffic over β.
        let t = ring_allreduce(
            Bytes::gb(140.0),
            8.0,
            Seconds::ZERO,
            Bandwidth::gb_per_s(50.0),
        );
        assert!((t.as_s() - 245.0 / 50.0).abs() < 1e-12);
    }

    #[test]
    fn tree_wins_small_messages_ring_wins_large() {
        let (a, b) = (Seconds::us(10.0), Bandwidth::gb_per_s(100.0));
        let p = 1024.0;
        assert!(tree_allreduce(Bytes::kb(1.0), p, a, b) < ring_allreduce(Bytes::kb(1.0), p, a, b));
        assert!(tree_allreduce(Bytes::gb(1.0), p, a, b) > ring_allreduce(Bytes::gb(1.0), p, a, b));
        let x = ring_tree_crossover(p, a, b);
        let r = ring_allreduce(x, p, a, b).as_s();
        let t = tree_allreduce(x, p, a, b).as_s();
        assert!((r - t).abs() / r < 1e-9);
    }

    #[test]
    fn bisection_of_a_full_fat_tree() {
        // 1,024 nodes × 400 Gbit/s (50 GB/s) / 2 = 25.6 TB/s.
        let bw = bisection_bandwidth(1024.0, Bandwidth::gbit_per_s(400.0), 1.0);
        assert!((bw.as_gb_per_s() - 25_600.0).abs() < 1e-6);
    }
}
