//! The one place where numbers and quantities become text.
//!
//! Build-time HTML, static SVG snapshots and the live widgets all format through these
//! functions, so a value reads the same in print, without JavaScript and in the browser.

use crate::model::Unit;

/// How to turn a number into text. Parsed from the `{name:spec}` interpolation syntax by the
/// render crate; `Auto` is what `{name}` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    /// Three significant digits, thousands separators, followed by the unit's suffix.
    Auto,
    /// Fixed decimals (`.2f`), optionally with thousands separators (`,.0f`). No unit suffix.
    Fixed { decimals: u8, thousands: bool },
    /// Scientific notation with the given mantissa decimals (`.2e`), written as `4.04×10⁻⁶`.
    Sci { decimals: u8 },
    /// Significant digits (`.3g`), thousands separators, no suffix.
    Sig { digits: u8 },
}

/// Formats `value` (already expressed in `unit`) according to `fmt`.
pub fn format_value(value: f64, unit: Unit, fmt: NumberFormat) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "n/a".into()
        } else {
            "∞".into()
        };
    }
    match fmt {
        NumberFormat::Auto => {
            // Whole numbers print whole: 1,024 GPUs, not 1,020; batch 8, not 8.00.
            let body = if value.fract() == 0.0 && value.abs() < 1e15 {
                fixed(value, 0, true)
            } else {
                sig(value, 3)
            };
            match unit.suffix() {
                "" => body,
                s if s == "×" || s == "%" => format!("{body}{s}"),
                s => format!("{body} {s}"),
            }
        }
        NumberFormat::Fixed {
            decimals,
            thousands,
        } => fixed(value, decimals as usize, thousands),
        NumberFormat::Sci { decimals } => sci(value, decimals as usize),
        NumberFormat::Sig { digits } => sig(value, digits.max(1) as u32),
    }
}

/// Rounds to `digits` significant digits and prints without exponent, with thousands
/// separators (989000 → "989,000"; 0.0298507 → "0.0299").
pub fn sig(value: f64, digits: u32) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let mag = value.abs().log10().floor() as i32;
    let decimals = (digits as i32 - 1 - mag).max(0) as usize;
    // Very small numbers read better in scientific notation.
    if mag < -6 {
        return sci(value, digits.saturating_sub(1) as usize);
    }
    let scale = 10f64.powi(digits as i32 - 1 - mag);
    let rounded = (value * scale).round() / scale;
    fixed(rounded, decimals, true)
}

/// Fixed decimals, optional thousands separators ("1,234.5").
pub fn fixed(value: f64, decimals: usize, thousands: bool) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let int = if thousands { group(&int) } else { int };
    let sign = if value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    }
}

fn group(int: &str) -> String {
    let bytes = int.as_bytes();
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*b as char);
    }
    out
}

/// Scientific notation with Unicode superscripts: 4.04×10⁻⁶.
pub fn sci(value: f64, decimals: usize) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let exp = value.abs().log10().floor() as i32;
    let mut mant = value / 10f64.powi(exp);
    let mut exp = exp;
    // Rounding can carry the mantissa to 10.0.
    if format!("{:.*}", decimals, mant.abs()).starts_with("10") {
        mant /= 10.0;
        exp += 1;
    }
    let m = fixed(mant, decimals, false);
    if exp == 0 {
        return m;
    }
    format!("{m}×10{}", superscript(exp))
}

/// `-6` → `⁻⁶`.
pub fn superscript(n: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if n < 0 {
        s.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        s.push(DIGITS[c.to_digit(10).unwrap_or(0) as usize]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_with_separators() {
        assert_eq!(sig(989_000.0, 3), "989,000");
        assert_eq!(sig(0.029_850_746, 3), "0.0299");
        assert_eq!(sig(7.4, 3), "7.40");
        assert_eq!(sig(1234.5, 3), "1,230");
        assert_eq!(sig(-0.5, 2), "−0.50");
        assert_eq!(sig(4.0e-9, 3), "4.00×10⁻⁹");
    }

    #[test]
    fn fixed_and_scientific() {
        assert_eq!(fixed(0.029_850_746, 4, false), "0.0299");
        assert_eq!(fixed(989_000.4, 0, true), "989,000");
        assert_eq!(fixed(-0.0001, 2, false), "0.00");
        assert_eq!(sci(4.044_489e-6, 2), "4.04×10⁻⁶");
        assert_eq!(sci(9.999e5, 1), "1.0×10⁶");
    }

    #[test]
    fn auto_format_appends_the_unit() {
        assert_eq!(
            format_value(0.0298, Unit::Ms, NumberFormat::Auto),
            "0.0298 ms"
        );
        assert_eq!(
            format_value(989_000.0, Unit::Ratio, NumberFormat::Auto),
            "989,000×"
        );
        assert_eq!(
            format_value(26.8, Unit::Percent, NumberFormat::Auto),
            "26.8%"
        );
        assert_eq!(
            format_value(f64::INFINITY, Unit::Ms, NumberFormat::Auto),
            "∞"
        );
    }
}
