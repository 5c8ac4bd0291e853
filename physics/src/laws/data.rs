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
}
