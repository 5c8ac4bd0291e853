//! The memory hierarchy: how big a feature map is, and which tier of a cache hierarchy it
//! lands in.

use crate::units::Bytes;

/// A convolutional feature map: `batch · side² · channels · bytes`.
pub fn feature_map_bytes(batch: f64, side: f64, channels: f64, bytes_per_value: f64) -> Bytes {
    Bytes::new(batch * side * side * channels * bytes_per_value)
}

/// The first tier (index into `capacities`, smallest first) that holds `size` whole; the
/// number of tiers when none does (the data spills past the last one).
pub fn tier_for(size: Bytes, capacities: &[Bytes]) -> usize {
    capacities
        .iter()
        .position(|c| size <= *c)
        .unwrap_or(capacities.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conv_map_and_its_tier() {
        // 224² × 256 × 4 B = 51,380,224 B = 51.4 MB.
        let m = feature_map_bytes(1.0, 224.0, 256.0, 4.0);
        assert_eq!(m.as_bytes(), 51_380_224.0);
        let tiers = [Bytes::kib(64.0), Bytes::kib(512.0), Bytes::gb(8.0)];
        // Too big for 64 KiB and 512 KiB, fits 8 GB: tier 2.
        assert_eq!(tier_for(m, &tiers), 2);
        assert_eq!(tier_for(Bytes::kib(64.0), &tiers), 0);
        assert_eq!(tier_for(Bytes::gb(9.0), &tiers), 3);
    }
}
