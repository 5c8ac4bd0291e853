//! All-reduce algorithms beyond the ring and the binary tree of [`super::collective`]: the
//! naive gather-and-broadcast through one master, latency-optimal recursive doubling, the
//! two-level (hierarchical) all-reduce of a multi-GPU node, and DDP-style bucketing. All in
//! the same alpha-beta model: `α` per message, `β` bytes per second per direction.

use crate::laws::collective::ring_allreduce;
use crate::units::{Bandwidth, Bytes, Seconds};

/// Every rank sends its buffer to one master, which reduces and then sends the result back
/// to every rank. The master's link carries `(p−1)` buffers in and `(p−1)` out, one message
/// after another: `2 (p−1) (α + n/β)`, about `p` times the ring for large buffers.
pub fn naive_allreduce(size: Bytes, p: f64, alpha: Seconds, beta: Bandwidth) -> Seconds {
    let p = p.max(1.0);
    alpha * (2.0 * (p - 1.0)) + naive_master_bytes(size, p) / beta
}

/// Bytes through the master's link in [`naive_allreduce`]: `(p−1)` buffers in and `(p−1)`
/// out, `2(p−1) · n`.
pub fn naive_master_bytes(size: Bytes, p: f64) -> Bytes {
    size * (2.0 * (p.max(1.0) - 1.0))
}

/// Recursive doubling: `⌈log₂ p⌉` rounds, in each of which every rank exchanges its whole
/// (partially reduced) buffer with a partner: `⌈log₂ p⌉ (α + n/β)`. Fewest messages, so it
/// wins for small buffers; moves `log₂ p` buffers per rank, so the ring wins for large ones.
pub fn recursive_doubling_allreduce(
    size: Bytes,
    p: f64,
    alpha: Seconds,
    beta: Bandwidth,
) -> Seconds {
    let p = p.max(1.0);
    if p <= 1.0 {
        return Seconds::ZERO;
    }
    (alpha + size / beta) * p.log2().ceil()
}

/// Buffer size at which the ring and recursive doubling take equal time; below it recursive
/// doubling is faster. From `k(α + n/β) = 2(p−1)α + 2(p−1)/p · n/β` with `k = ⌈log₂ p⌉`:
/// `n* = αβ (2(p−1) − k) / (k − 2(p−1)/p)`.
pub fn ring_doubling_crossover(p: f64, alpha: Seconds, beta: Bandwidth) -> Bytes {
    let p = p.max(2.0);
    let k = p.log2().ceil();
    let denom = k - 2.0 * (p - 1.0) / p;
    if denom <= 0.0 {
        return Bytes::ZERO;
    }
    Bytes::new((beta.si() * alpha.as_s() * (2.0 * (p - 1.0) - k) / denom).max(0.0))
}

/// One level of a two-level fabric: its per-message latency and per-direction bandwidth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Level {
    pub alpha: Seconds,
    pub beta: Bandwidth,
}

/// Two-level all-reduce over `nodes` nodes of `per_node` GPUs: reduce-scatter inside each
/// node (`(g−1)/g · n/β_intra`), a ring all-reduce of the buffer across nodes in which each
/// GPU carries its `1/g` shard over its share of the node's links (equivalent to a ring of
/// the full buffer at the node's bandwidth `β_node`), then an all-gather inside the node.
pub fn hierarchical_allreduce(
    size: Bytes,
    per_node: f64,
    nodes: f64,
    intra: Level,
    node_link: Level,
) -> Seconds {
    let g = per_node.max(1.0);
    let half = intra.alpha * (g - 1.0) + (size / intra.beta) * ((g - 1.0) / g);
    half * 2.0 + ring_allreduce(size, nodes, node_link.alpha, node_link.beta)
}

/// The intra-node and inter-node terms of [`hierarchical_allreduce`], separately.
pub fn hierarchical_terms(
    size: Bytes,
    per_node: f64,
    nodes: f64,
    intra: Level,
    node_link: Level,
) -> (Seconds, Seconds) {
    let total = hierarchical_allreduce(size, per_node, nodes, intra, node_link);
    let inter = ring_allreduce(size, nodes, node_link.alpha, node_link.beta);
    (total - inter, inter)
}

/// DDP-style bucketed all-reduce: the gradient is cut into `⌈n / bucket⌉` buckets and each is
/// ring-all-reduced on its own, so the latency term is paid once per bucket.
pub fn bucketed_ring_allreduce(
    size: Bytes,
    bucket: Bytes,
    p: f64,
    alpha: Seconds,
    beta: Bandwidth,
) -> Seconds {
    let buckets = (size / bucket).ceil().max(1.0);
    ring_allreduce(size * (1.0 / buckets), p, alpha, beta) * buckets
}

/// DDP-style bucketing of the two-level all-reduce: `⌈n / bucket⌉` buckets, each a
/// [`hierarchical_allreduce`] of its own, so both levels' latency terms are paid once per
/// bucket while the bandwidth terms add up to those of the whole buffer.
pub fn bucketed_hierarchical_allreduce(
    size: Bytes,
    bucket: Bytes,
    per_node: f64,
    nodes: f64,
    intra: Level,
    node_link: Level,
) -> Seconds {
    let buckets = (size / bucket).ceil().max(1.0);
    hierarchical_allreduce(size * (1.0 / buckets), per_node, nodes, intra, node_link) * buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Seconds = Seconds::us(1.5);
    const B: Bandwidth = Bandwidth::gb_per_s(50.0);

    #[test]
    fn naive_is_about_p_times_the_ring() {
        // 140 GB over 128 ranks at 50 GB/s: naive 254 × (1.5 µs + 2.8 s) = 711.2004 s;
        // ring 254 × 1.5 µs + 2 × 127/128 × 2.8 s = 0.000381 + 5.55625 s.
        let n = naive_allreduce(Bytes::gb(140.0), 128.0, A, B);
        let r = ring_allreduce(Bytes::gb(140.0), 128.0, A, B);
        assert!((n.as_s() - 711.200_381).abs() < 1e-6);
        assert!((r.as_s() - 5.556_631).abs() < 1e-6);
        assert!((n / r - 127.99).abs() < 0.01);
        // The master's link: 2 × 127 × 140 GB = 35,560 GB.
        assert!((naive_master_bytes(Bytes::gb(140.0), 128.0).as_gb() - 35_560.0).abs() < 1e-6);
    }

    #[test]
    fn doubling_wins_below_the_crossover() {
        // k = 7: n* = 75,000 B × (254 − 7) / (7 − 1.984375) = 75,000 × 49.2461 = 3.6935 MB.
        let x = ring_doubling_crossover(128.0, A, B);
        assert!((x.as_mb() - 3.693_46).abs() < 1e-4);
        let (r, d) = (
            ring_allreduce(x, 128.0, A, B).as_s(),
            recursive_doubling_allreduce(x, 128.0, A, B).as_s(),
        );
        assert!((r - d).abs() / r < 1e-9);
        // 1 MB: doubling 7 × 21.5 µs = 150.5 µs, ring 381 + 39.69 µs = 420.7 µs.
        let small = Bytes::mb(1.0);
        assert!((recursive_doubling_allreduce(small, 128.0, A, B).as_us() - 150.5).abs() < 1e-6);
        assert!(
            recursive_doubling_allreduce(small, 128.0, A, B) < ring_allreduce(small, 128.0, A, B)
        );
        assert!(
            recursive_doubling_allreduce(Bytes::gb(14.0), 128.0, A, B)
                > ring_allreduce(Bytes::gb(14.0), 128.0, A, B)
        );
    }

    #[test]
    fn hierarchical_reference_value() {
        // 140 GB, 16 nodes × 8 GPUs, NVLink 450 GB/s (α 0), one 50 GB/s link per node (α 0):
        // intra 2 × 7/8 × 140/450 = 0.54444 s; inter 2 × 15/16 × 140/50 = 5.25 s.
        let intra = Level {
            alpha: Seconds::ZERO,
            beta: Bandwidth::gb_per_s(450.0),
        };
        let node = Level {
            alpha: Seconds::ZERO,
            beta: Bandwidth::gb_per_s(50.0),
        };
        let (i, x) = hierarchical_terms(Bytes::gb(140.0), 8.0, 16.0, intra, node);
        assert!((i.as_s() - 0.544_444).abs() < 1e-6);
        assert!((x.as_s() - 5.25).abs() < 1e-9);
    }

    #[test]
    fn bucketed_hierarchical_pays_both_latencies_per_bucket() {
        // 14 GB in 25 MiB (26,214,400 B) buckets: 14e9 / 26,214,400 = 534.06 → 535 buckets.
        // 8 nodes × 8 GPUs, NVLink 450 GB/s (α 0.5 µs), 8 × 50 = 400 GB/s per node (α 1.5 µs):
        // latency 535 × (2 × 7 × 0.5 µs + 2 × 7 × 1.5 µs) = 535 × 28 µs = 14.98 ms;
        // bandwidth 2 × 7/8 × 14/450 = 54.444 ms + 2 × 7/8 × 14/400 = 61.25 ms: 130.674 ms.
        let intra = Level {
            alpha: Seconds::us(0.5),
            beta: Bandwidth::gb_per_s(450.0),
        };
        let node = Level {
            alpha: A,
            beta: Bandwidth::gb_per_s(400.0),
        };
        let t = bucketed_hierarchical_allreduce(
            Bytes::gb(14.0),
            Bytes::mib(25.0),
            8.0,
            8.0,
            intra,
            node,
        );
        assert!((t.as_ms() - 130.674_4).abs() < 1e-3);
        // One bucket as large as the buffer is the plain two-level all-reduce.
        let one = bucketed_hierarchical_allreduce(
            Bytes::gb(14.0),
            Bytes::gb(14.0),
            8.0,
            8.0,
            intra,
            node,
        );
        assert_eq!(
            one,
            hierarchical_allreduce(Bytes::gb(14.0), 8.0, 8.0, intra, node)
        );
    }

    #[test]
    fn buckets_pay_latency_per_bucket() {
        // 14 GB in 25 MB buckets = 560 buckets; 512 ranks: 560 × 1,022 × 1.5 µs = 0.85848 s
        // of latency on top of 2 × 511/512 × 14/50 = 0.558906 s.
        let t = bucketed_ring_allreduce(Bytes::gb(14.0), Bytes::mb(25.0), 512.0, A, B);
        assert!((t.as_s() - (0.858_48 + 0.558_906_25)).abs() < 1e-6);
    }
}
