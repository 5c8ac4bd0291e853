//! Group fairness metrics from confusion counts, and Chouldechova's impossibility identity.

/// Confusion counts for one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Confusion {
    pub tp: f64,
    pub fp: f64,
    pub tn: f64,
    pub fn_: f64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

impl Confusion {
    pub fn total(&self) -> f64 {
        self.tp + self.fp + self.tn + self.fn_
    }
    /// Share predicted positive (demographic parity compares this).
    pub fn selection_rate(&self) -> f64 {
        ratio(self.tp + self.fp, self.total())
    }
    /// True positive rate (equal opportunity compares this).
    pub fn tpr(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// False positive rate (equalised odds compares TPR and this).
    pub fn fpr(&self) -> f64 {
        ratio(self.fp, self.fp + self.tn)
    }
    /// Positive predictive value (predictive parity compares this).
    pub fn ppv(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.total())
    }
    /// Base rate of the positive class.
    pub fn prevalence(&self) -> f64 {
        ratio(self.tp + self.fn_, self.total())
    }
}

/// Chouldechova (2017): with prevalence `p`, `FPR = p/(1−p) · (1−PPV)/PPV · TPR`. Two groups
/// with different base rates cannot share PPV, TPR and FPR at once.
pub fn chouldechova_fpr(prevalence: f64, ppv: f64, tpr: f64) -> f64 {
    let p = prevalence.clamp(1e-9, 1.0 - 1e-9);
    let ppv = ppv.clamp(1e-9, 1.0);
    p / (1.0 - p) * (1.0 - ppv) / ppv * tpr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_holds_on_counts() {
        let c = Confusion {
            tp: 30.0,
            fp: 10.0,
            tn: 50.0,
            fn_: 10.0,
        };
        // p = 0.4, PPV = 0.75, TPR = 0.75: FPR = 0.4/0.6 × 0.25/0.75 × 0.75 = 0.1667 = 10/60.
        let f = chouldechova_fpr(c.prevalence(), c.ppv(), c.tpr());
        assert!((f - c.fpr()).abs() < 1e-12);
        assert!((c.selection_rate() - 0.4).abs() < 1e-12);
    }
}
