//! Network topology: the bisection bandwidth of a 3D torus, and the rate each GPU gets when
//! its traffic has to cross the bisection (fat trees are in [`super::collective`]).

use crate::units::Bandwidth;

/// Bisection bandwidth (one direction) of a `k × k × k` 3D torus of `nodes = k³` endpoints
/// with `link` per direction: cutting it in half severs `2k²` links (the wrap-around doubles
/// them), so `2 · N^{2/3} · link`. It grows as `N^{2/3}`, slower than the nodes.
pub fn torus3d_bisection(nodes: f64, link: Bandwidth) -> Bandwidth {
    link * (2.0 * nodes.max(1.0).powf(2.0 / 3.0))
}

/// Per-GPU rate when every GPU on one side of the bisection sends across it at once (the
/// worst case of topology-unaware placement): the `N/2` senders share the bisection,
/// `2 · BW_bis / N`, and no GPU exceeds its own injection bandwidth.
pub fn cross_bisection_rate(bisection: Bandwidth, nodes: f64, injection: Bandwidth) -> Bandwidth {
    (bisection * (2.0 / nodes.max(1.0))).min(injection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::collective::bisection_bandwidth;

    #[test]
    fn torus_of_512() {
        // 8 × 8 × 8: 2 × 64 links × 11 GB/s = 1,408 GB/s.
        let b = torus3d_bisection(512.0, Bandwidth::gb_per_s(11.0));
        assert!((b.as_gb_per_s() - 1408.0).abs() < 1e-9);
        // Per GPU: 2 × 1,408 / 512 = 5.5 GB/s, under the 66 GB/s of six links.
        let r = cross_bisection_rate(b, 512.0, Bandwidth::gb_per_s(66.0));
        assert!((r.as_gb_per_s() - 5.5).abs() < 1e-9);
    }

    #[test]
    fn oversubscribed_fat_tree_gives_link_over_r() {
        // 128 × 22.5 / (2 × 2) = 720 GB/s; per GPU 2 × 720 / 128 = 11.25 = 22.5 / 2.
        let b = bisection_bandwidth(128.0, Bandwidth::gb_per_s(22.5), 2.0);
        let r = cross_bisection_rate(b, 128.0, Bandwidth::gb_per_s(22.5));
        assert!((r.as_gb_per_s() - 11.25).abs() < 1e-9);
        // Non-blocking: the full link.
        let b1 = bisection_bandwidth(128.0, Bandwidth::gb_per_s(22.5), 1.0);
        let r1 = cross_bisection_rate(b1, 128.0, Bandwidth::gb_per_s(22.5));
        assert!((r1.as_gb_per_s() - 22.5).abs() < 1e-9);
    }
}
