//! Text placement without overlaps: each label takes the first of its candidate positions
//! that is inside the plot and clear of every label placed before it.

/// A rectangle in pixels: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub l: i32,
    pub t: i32,
    pub r: i32,
    pub b: i32,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.l < o.r && o.l < self.r && self.t < o.b && o.t < self.b
    }
    fn inside(&self, o: &Rect) -> bool {
        self.l >= o.l && self.r <= o.r && self.t >= o.t && self.b <= o.b
    }
}

/// Width of `text` at `px` pixels in a sans-serif font. An upper-side estimate used the same
/// way on canvas and in SVG, so both place labels alike.
pub fn text_width(text: &str, px: u32) -> i32 {
    let units: f64 =
        text.chars()
            .map(|c| match c {
                'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ':' | ';' | '|' | '!' | '\''
                | ' ' => 0.33,
                'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
                c if c.is_uppercase() => 0.68,
                _ => 0.56,
            })
            .sum();
    (units * px as f64).ceil() as i32
}

/// Places labels one after another.
pub(crate) struct Placer {
    bounds: Rect,
    placed: Vec<Rect>,
}

impl Placer {
    pub(crate) fn new(bounds: Rect) -> Self {
        Self {
            bounds,
            placed: Vec::new(),
        }
    }

    /// Reserves an area nothing may cover (a legend, the marker's value).
    pub(crate) fn block(&mut self, r: Rect) {
        self.placed.push(r);
    }

    /// The top-left corner of the first candidate (top-left corners) where a `w` × `h` box
    /// fits; `None` when none does, so the caller can leave the label to the table.
    pub(crate) fn place(
        &mut self,
        w: i32,
        h: i32,
        candidates: &[(i32, i32)],
    ) -> Option<(i32, i32)> {
        for &(x, y) in candidates {
            let r = Rect {
                l: x,
                t: y,
                r: x + w,
                b: y + h,
            };
            if r.inside(&self.bounds) && !self.placed.iter().any(|p| p.overlaps(&r)) {
                self.placed.push(r);
                return Some((x, y));
            }
        }
        None
    }

    /// Candidates around an anchor: the given ones, then the same shifted up and down by
    /// whole label heights.
    pub(crate) fn around(base: &[(i32, i32)], h: i32) -> Vec<(i32, i32)> {
        let mut v = base.to_vec();
        for k in 1..=6 {
            for &(x, y) in base {
                v.push((x, y + k * (h + 2)));
                v.push((x, y - k * (h + 2)));
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_label_moves_instead_of_overlapping() {
        let mut p = Placer::new(Rect {
            l: 0,
            t: 0,
            r: 200,
            b: 100,
        });
        assert_eq!(p.place(50, 14, &[(10, 10)]), Some((10, 10)));
        let c = Placer::around(&[(20, 12)], 14);
        let at = p.place(50, 14, &c).unwrap();
        assert!(at.1 >= 24 || at.1 + 14 <= 10, "moved clear: {at:?}");
        // Nothing fits outside the bounds.
        assert_eq!(p.place(500, 14, &[(0, 0)]), None);
    }
}
