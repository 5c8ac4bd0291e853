//! Physical quantities as small newtypes.
//!
//! Every quantity is stored in SI base units (bytes, FLOPs, seconds, watts, metres) and can
//! only be built through a named constructor (`Bytes::gb`, `Bytes::kib`, `FlopRate::tflops`,
//! ...). A GB/GiB or TFLOPS/GFLOPS slip therefore shows up as a wrong constructor name in
//! review instead of a silent factor of 1.07 or 1000 in a lab. Only the divisions that are
//! physically meaningful are implemented (bytes ÷ bandwidth = time, FLOPs ÷ rate = time, ...),
//! so adding seconds to bytes does not compile.

use std::ops::{Add, Div, Mul, Sub};

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// The zero quantity.
            pub const ZERO: Self = Self(0.0);
            /// The value in SI base units; prefer the named accessors.
            pub const fn si(self) -> f64 {
                self.0
            }
            /// The larger of two quantities.
            pub fn max(self, other: Self) -> Self {
                Self(self.0.max(other.0))
            }
            /// The smaller of two quantities.
            pub fn min(self, other: Self) -> Self {
                Self(self.0.min(other.0))
            }
        }
        impl Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }
        /// Scaling by a dimensionless factor.
        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, rhs: f64) -> Self {
                Self(self.0 * rhs)
            }
        }
        /// Dividing two like quantities gives a dimensionless ratio.
        impl Div for $name {
            type Output = f64;
            fn div(self, rhs: Self) -> f64 {
                self.0 / rhs.0
            }
        }
        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|q| q.0).sum())
            }
        }
    };
}

quantity!(
    /// An amount of data. Decimal (GB, MB, KB) and binary (GiB, MiB, KiB) constructors are
    /// distinct on purpose: datasheets quote HBM in GB and SRAM in KiB.
    Bytes
);
quantity!(
    /// A count of floating-point (or integer) operations.
    Flops
);
quantity!(
    /// A duration.
    Seconds
);
quantity!(
    /// A data rate (memory or network bandwidth).
    Bandwidth
);
quantity!(
    /// An operation rate (peak or sustained compute throughput).
    FlopRate
);
quantity!(
    /// Power.
    Watts
);
quantity!(
    /// A distance.
    Meters
);
quantity!(
    /// Energy.
    Joules
);
quantity!(
    /// Money, in US dollars.
    Usd
);
quantity!(
    /// Mass of CO₂-equivalent emissions.
    Co2Grams
);
quantity!(
    /// A speed (signal propagation).
    Speed
);

impl Bytes {
    pub const fn new(bytes: f64) -> Self {
        Self(bytes)
    }
    pub const fn kb(v: f64) -> Self {
        Self(v * 1e3)
    }
    pub const fn mb(v: f64) -> Self {
        Self(v * 1e6)
    }
    pub const fn gb(v: f64) -> Self {
        Self(v * 1e9)
    }
    pub const fn tb(v: f64) -> Self {
        Self(v * 1e12)
    }
    pub const fn kib(v: f64) -> Self {
        Self(v * 1024.0)
    }
    pub const fn mib(v: f64) -> Self {
        Self(v * 1024.0 * 1024.0)
    }
    pub const fn gib(v: f64) -> Self {
        Self(v * 1024.0 * 1024.0 * 1024.0)
    }
    pub fn as_bytes(self) -> f64 {
        self.0
    }
    pub fn as_kb(self) -> f64 {
        self.0 / 1e3
    }
    pub fn as_mb(self) -> f64 {
        self.0 / 1e6
    }
    pub fn as_gb(self) -> f64 {
        self.0 / 1e9
    }
    pub fn as_kib(self) -> f64 {
        self.0 / 1024.0
    }
    pub fn as_gib(self) -> f64 {
        self.0 / (1024.0 * 1024.0 * 1024.0)
    }
    pub fn as_tb(self) -> f64 {
        self.0 / 1e12
    }
}

impl Flops {
    pub const fn new(ops: f64) -> Self {
        Self(ops)
    }
    pub const fn giga(v: f64) -> Self {
        Self(v * 1e9)
    }
    pub const fn tera(v: f64) -> Self {
        Self(v * 1e12)
    }
    pub fn as_giga(self) -> f64 {
        self.0 / 1e9
    }
}

impl Seconds {
    pub const fn new(s: f64) -> Self {
        Self(s)
    }
    pub const fn ms(v: f64) -> Self {
        Self(v * 1e-3)
    }
    pub const fn us(v: f64) -> Self {
        Self(v * 1e-6)
    }
    pub const fn minutes(v: f64) -> Self {
        Self(v * 60.0)
    }
    pub const fn hours(v: f64) -> Self {
        Self(v * 3600.0)
    }
    pub const fn days(v: f64) -> Self {
        Self(v * 86_400.0)
    }
    pub fn as_minutes(self) -> f64 {
        self.0 / 60.0
    }
    pub fn as_days(self) -> f64 {
        self.0 / 86_400.0
    }
    pub fn as_s(self) -> f64 {
        self.0
    }
    pub fn as_ms(self) -> f64 {
        self.0 * 1e3
    }
    pub fn as_us(self) -> f64 {
        self.0 * 1e6
    }
    pub fn as_hours(self) -> f64 {
        self.0 / 3600.0
    }
}

impl Bandwidth {
    pub const fn bytes_per_s(v: f64) -> Self {
        Self(v)
    }
    pub const fn gb_per_s(v: f64) -> Self {
        Self(v * 1e9)
    }
    pub const fn tb_per_s(v: f64) -> Self {
        Self(v * 1e12)
    }
    /// Network links are quoted in bits per second.
    pub const fn gbit_per_s(v: f64) -> Self {
        Self(v * 1e9 / 8.0)
    }
    pub fn as_gb_per_s(self) -> f64 {
        self.0 / 1e9
    }
    pub fn as_gbit_per_s(self) -> f64 {
        self.0 * 8.0 / 1e9
    }
}

impl FlopRate {
    pub const fn per_s(v: f64) -> Self {
        Self(v)
    }
    pub const fn gflops(v: f64) -> Self {
        Self(v * 1e9)
    }
    pub const fn tflops(v: f64) -> Self {
        Self(v * 1e12)
    }
    pub fn as_gflops(self) -> f64 {
        self.0 / 1e9
    }
    pub fn as_tflops(self) -> f64 {
        self.0 / 1e12
    }
    pub fn as_pflops(self) -> f64 {
        self.0 / 1e15
    }
}

impl Watts {
    pub const fn new(v: f64) -> Self {
        Self(v)
    }
    pub const fn mw(v: f64) -> Self {
        Self(v * 1e-3)
    }
    pub fn as_w(self) -> f64 {
        self.0
    }
}

impl Meters {
    pub const fn km(v: f64) -> Self {
        Self(v * 1e3)
    }
    pub fn as_km(self) -> f64 {
        self.0 / 1e3
    }
}

impl Speed {
    pub const fn km_per_s(v: f64) -> Self {
        Self(v * 1e3)
    }
    pub fn as_km_per_s(self) -> f64 {
        self.0 / 1e3
    }
}

impl Joules {
    pub const fn new(v: f64) -> Self {
        Self(v)
    }
    pub const fn kwh(v: f64) -> Self {
        Self(v * 3.6e6)
    }
    pub fn as_kwh(self) -> f64 {
        self.0 / 3.6e6
    }
    pub fn as_mwh(self) -> f64 {
        self.0 / 3.6e9
    }
}

impl Usd {
    pub const fn new(v: f64) -> Self {
        Self(v)
    }
    pub fn as_usd(self) -> f64 {
        self.0
    }
}

impl Co2Grams {
    pub const fn new(g: f64) -> Self {
        Self(g)
    }
    pub const fn kg(v: f64) -> Self {
        Self(v * 1e3)
    }
    pub fn as_kg(self) -> f64 {
        self.0 / 1e3
    }
    pub fn as_tonnes(self) -> f64 {
        self.0 / 1e6
    }
}

impl Mul<Seconds> for Watts {
    type Output = Joules;
    fn mul(self, t: Seconds) -> Joules {
        Joules(self.0 * t.0)
    }
}
impl Div<Seconds> for Joules {
    type Output = Watts;
    fn div(self, t: Seconds) -> Watts {
        Watts(self.0 / t.0)
    }
}

impl Div<Bandwidth> for Bytes {
    type Output = Seconds;
    fn div(self, bw: Bandwidth) -> Seconds {
        Seconds(self.0 / bw.0)
    }
}
impl Div<FlopRate> for Flops {
    type Output = Seconds;
    fn div(self, rate: FlopRate) -> Seconds {
        Seconds(self.0 / rate.0)
    }
}
impl Div<Speed> for Meters {
    type Output = Seconds;
    fn div(self, v: Speed) -> Seconds {
        Seconds(self.0 / v.0)
    }
}
impl Div<Seconds> for Bytes {
    type Output = Bandwidth;
    fn div(self, t: Seconds) -> Bandwidth {
        Bandwidth(self.0 / t.0)
    }
}
impl Div<Seconds> for Flops {
    type Output = FlopRate;
    fn div(self, t: Seconds) -> FlopRate {
        FlopRate(self.0 / t.0)
    }
}
impl Div<Bytes> for Flops {
    /// Arithmetic intensity in FLOP per byte.
    type Output = f64;
    fn div(self, d: Bytes) -> f64 {
        self.0 / d.0
    }
}
impl Div<Bandwidth> for FlopRate {
    /// Ridge point (FLOP per byte) of a roofline.
    type Output = f64;
    fn div(self, bw: Bandwidth) -> f64 {
        self.0 / bw.0
    }
}
impl Mul<Seconds> for Bandwidth {
    type Output = Bytes;
    fn mul(self, t: Seconds) -> Bytes {
        Bytes(self.0 * t.0)
    }
}
impl Mul<Seconds> for FlopRate {
    type Output = Flops;
    fn mul(self, t: Seconds) -> Flops {
        Flops(self.0 * t.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_binary_prefixes_differ() {
        // 512 KiB = 524,288 B, 512 KB = 512,000 B.
        assert_eq!(Bytes::kib(512.0).as_bytes(), 524_288.0);
        assert_eq!(Bytes::kb(512.0).as_bytes(), 512_000.0);
        assert!((Bytes::gib(1.0) / Bytes::gb(1.0) - 1.073_741_824).abs() < 1e-12);
    }

    #[test]
    fn divisions_give_the_right_dimension() {
        // 0.1 GB over 3,350 GB/s = 2.985e-5 s = 0.02985 ms.
        let t: Seconds = Bytes::gb(0.1) / Bandwidth::gb_per_s(3350.0);
        assert!((t.as_ms() - 0.029_850_746).abs() < 1e-9);
        // 4 GFLOP at 989 TFLOP/s = 4.0445e-6 s.
        let t: Seconds = Flops::giga(4.0) / FlopRate::tflops(989.0);
        assert!((t.as_us() - 4.044_489).abs() < 1e-5);
        // 1,000 km at 200,000 km/s = 5 ms.
        let t: Seconds = Meters::km(1000.0) / Speed::km_per_s(200_000.0);
        assert!((t.as_ms() - 5.0).abs() < 1e-12);
        // 100 Gbit/s = 12.5 GB/s.
        assert!((Bandwidth::gbit_per_s(100.0).as_gb_per_s() - 12.5).abs() < 1e-12);
    }
}
