//! Multi-class single-server queues (M/G/1): first-come-first-served (Pollaczek–Khinchine),
//! non-preemptive priority (Cobham) and preemptive-resume priority. Classes are listed from
//! the highest priority to the lowest. Rates per second, times in seconds, like
//! [`super::queueing`].

use crate::units::Seconds;

/// One job class: its arrival rate and the first two moments of its service time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobClass {
    pub arrival_per_s: f64,
    pub mean: Seconds,
    /// `E[S²]` in s².
    pub second_moment: f64,
}

impl JobClass {
    /// Exponentially distributed service: `E[S²] = 2·E[S]²`.
    pub fn exponential(arrival_per_s: f64, mean: Seconds) -> Self {
        Self {
            arrival_per_s,
            mean,
            second_moment: 2.0 * mean.as_s() * mean.as_s(),
        }
    }
    /// This class's share of the server, `ρ = λ · E[S]`.
    pub fn load(&self) -> f64 {
        self.arrival_per_s * self.mean.as_s()
    }
    /// Its contribution to the mean residual work, `λ · E[S²] / 2`.
    pub fn residual(&self) -> f64 {
        self.arrival_per_s * self.second_moment / 2.0
    }
}

/// Total utilization `ρ = Σ λ_i E[S_i]`.
pub fn total_load(classes: &[JobClass]) -> f64 {
    classes.iter().map(JobClass::load).sum()
}

/// FCFS mean wait in queue (Pollaczek–Khinchine): `W_q = Σ λ_i E[S_i²]/2 / (1 − ρ)`, the
/// same for every class. Infinite when `ρ ≥ 1`.
pub fn fcfs_wait(classes: &[JobClass]) -> Seconds {
    let rho = total_load(classes);
    if rho >= 1.0 {
        return Seconds::new(f64::INFINITY);
    }
    let w0: f64 = classes.iter().map(JobClass::residual).sum();
    Seconds::new(w0 / (1.0 - rho))
}

fn sigma(classes: &[JobClass], upto: usize) -> f64 {
    classes.iter().take(upto).map(JobClass::load).sum()
}

/// Non-preemptive priority, class `k` (0 = highest): `W_k = W_0 / ((1 − σ_{k−1})(1 − σ_k))`
/// with `W_0` the residual work of *all* classes: a low-priority job already in service
/// still delays everyone (Cobham 1954). Infinite when `σ_k ≥ 1`.
pub fn nonpreemptive_wait(classes: &[JobClass], k: usize) -> Seconds {
    let (lo, hi) = (sigma(classes, k), sigma(classes, k + 1));
    if hi >= 1.0 {
        return Seconds::new(f64::INFINITY);
    }
    let w0: f64 = classes.iter().map(JobClass::residual).sum();
    Seconds::new(w0 / ((1.0 - lo) * (1.0 - hi)))
}

/// Preemptive-resume priority, class `k`: the wait before first service counts only the
/// residual work of classes `0..=k`, `W_k = R_k / ((1 − σ_{k−1})(1 − σ_k))`; lower classes
/// are invisible to it. Infinite when `σ_k ≥ 1`.
pub fn preemptive_wait(classes: &[JobClass], k: usize) -> Seconds {
    let (lo, hi) = (sigma(classes, k), sigma(classes, k + 1));
    if hi >= 1.0 {
        return Seconds::new(f64::INFINITY);
    }
    let rk: f64 = classes.iter().take(k + 1).map(JobClass::residual).sum();
    Seconds::new(rk / ((1.0 - lo) * (1.0 - hi)))
}

/// Under preemptive-resume priority a class-`k` job's service is stretched by the higher
/// classes that interrupt it: it occupies `E[S_k] / (1 − σ_{k−1})` of wall-clock time.
pub fn preemptive_stretch(classes: &[JobClass], k: usize) -> f64 {
    let lo = sigma(classes, k);
    if lo >= 1.0 {
        return f64::INFINITY;
    }
    1.0 / (1.0 - lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::queueing::mm1_sojourn;

    #[test]
    fn one_exponential_class_is_mm1() {
        // λ = 0.8/s, E[S] = 1 s: W_q = 0.8 × 2 / 2 / 0.2 = 4 s = W − E[S] = 1/(1 − 0.8) − 1.
        let c = [JobClass::exponential(0.8, Seconds::new(1.0))];
        assert!((fcfs_wait(&c).as_s() - 4.0).abs() < 1e-12);
        assert!((fcfs_wait(&c).as_s() - (mm1_sojourn(0.8, 1.0).as_s() - 1.0)).abs() < 1e-12);
        assert!((nonpreemptive_wait(&c, 0).as_s() - 4.0).abs() < 1e-12);
    }

    #[test]
    fn priority_reference_values() {
        // Two classes, ρ = 0.2 and 0.5, E[S] = 1 s and 5 s.
        // W_0 = 0.2 × 2 × 1 / 2 + 0.1 × 2 × 25 / 2 = 0.2 + 2.5 = 2.7 s.
        let c = [
            JobClass::exponential(0.2, Seconds::new(1.0)),
            JobClass::exponential(0.1, Seconds::new(5.0)),
        ];
        // FCFS: 2.7 / 0.3 = 9 s.
        assert!((fcfs_wait(&c).as_s() - 9.0).abs() < 1e-12);
        // Non-preemptive: high 2.7 / 0.8 = 3.375 s; low 2.7 / (0.8 × 0.3) = 11.25 s.
        assert!((nonpreemptive_wait(&c, 0).as_s() - 3.375).abs() < 1e-12);
        assert!((nonpreemptive_wait(&c, 1).as_s() - 11.25).abs() < 1e-12);
        // Preemptive: high 0.2 / 0.8 = 0.25 s; low as non-preemptive, stretched 1/0.8.
        assert!((preemptive_wait(&c, 0).as_s() - 0.25).abs() < 1e-12);
        assert!((preemptive_wait(&c, 1).as_s() - 11.25).abs() < 1e-12);
        assert!((preemptive_stretch(&c, 1) - 1.25).abs() < 1e-12);
        // Kleinrock's conservation law: Σ ρ_k W_k is the same under FCFS and non-preemptive
        // priority: 0.2 × 3.375 + 0.5 × 11.25 = 6.3 = 0.7 × 9.
        let np = 0.2 * nonpreemptive_wait(&c, 0).as_s() + 0.5 * nonpreemptive_wait(&c, 1).as_s();
        assert!((np - 0.7 * fcfs_wait(&c).as_s()).abs() < 1e-12);
    }
}
