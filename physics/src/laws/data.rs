//! Moving data: transfer time and cloud egress cost.

use crate::units::{Bandwidth, Bytes, Seconds, Usd};

/// Time to move `size` over a link of `bw` at `efficiency` (0-1] of line rate.
pub fn transfer_time(size: Bytes, bw: Bandwidth, efficiency: f64) -> Seconds {
    size / (bw * efficiency.clamp(1e-6, 1.0))
}

/// Egress cost at a flat price per decimal GB.
pub fn egress_cost(size: Bytes, usd_per_gb: f64) -> Usd {
    Usd::new(size.as_gb() * usd_per_gb)
}

/// Egress cost under a volume-tiered price list: `tiers` are `(tier width, USD per GiB)` in
/// order, the last width unbounded. Cloud providers bill "GB" of transfer as 2^30 bytes and
/// "TB" as 1,024 of those, so widths and prices are per GiB.
pub fn tiered_egress_cost(size: Bytes, tiers: &[(Bytes, f64)]) -> Usd {
    let mut left = size.as_gib().max(0.0);
    let mut usd = 0.0;
    for (width, price) in tiers {
        let take = left.min(width.as_gib());
        usd += take * price;
        left -= take;
        if left <= 0.0 {
            break;
        }
    }
    Usd::new(usd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_petabyte_over_100_gbit() {
        // 1 PB = 1e15 B at 12.5 GB/s = 80,000 s = 22.2 h.
        let t = transfer_time(Bytes::tb(1000.0), Bandwidth::gbit_per_s(100.0), 1.0);
        assert!((t.as_hours() - 22.222).abs() < 1e-3);
        // 1 PB at $0.09/GB = $90,000.
        assert!((egress_cost(Bytes::tb(1000.0), 0.09).as_usd() - 90_000.0).abs() < 1e-6);
    }

    #[test]
    fn tiered_price_list() {
        // AWS-style tiers: 10 TiB at $0.09, 40 TiB at $0.085, 100 TiB at $0.07, then $0.05.
        let tiers = [
            (Bytes::gib(10_240.0), 0.09),
            (Bytes::gib(40_960.0), 0.085),
            (Bytes::gib(102_400.0), 0.07),
            (Bytes::new(f64::INFINITY), 0.05),
        ];
        // 5 GiB: 5 × 0.09 = $0.45.
        assert!((tiered_egress_cost(Bytes::gib(5.0), &tiers).as_usd() - 0.45).abs() < 1e-9);
        // 100 TB = 1e14 B = 93,132.2575 GiB: 921.60 + 3,481.60 + 41,932.2575 × 0.07 = $7,338.46.
        let c = tiered_egress_cost(Bytes::tb(100.0), &tiers).as_usd();
        assert!((c - 7_338.458).abs() < 1e-2);
        // 200 TiB: 921.6 + 3,481.6 + 7,168 + 51,200 × 0.05 = $14,131.20.
        let c = tiered_egress_cost(Bytes::gib(204_800.0), &tiers).as_usd();
        assert!((c - 14_131.2).abs() < 1e-6);
    }
}
