//! Vol 2 Lab 08, "The Utilization Trap": why jobs on a 95 %-busy cluster wait hours with no
//! scheduler bug (Act I, M/M/c queueing with jobs of equal size), and which scheduling policy
//! starts interactive jobs within five minutes without starving training (Act II, three job
//! classes under FIFO, strict priority, priority with backfill, and fixed partitions).
//!
//! Act II treats the cluster as one server whose work is GPU-hours: a job of `g` GPUs for
//! `h` hours needs `g·h/1,024` hours of the whole cluster. Standard M/G/1 results then give
//! each class's mean wait in queue (Pollaczek–Khinchine for FIFO, Cobham for non-preemptive
//! priority, preemptive-resume priority); backfill lets the small classes start in the gaps
//! (they see only their own and higher classes) while training keeps its reservation
//! (non-preemptive, never restarted); strict priority preempts training, which pays a restart
//! per preemption; partitions split the cluster by weight.
//!
//! # Chapter contract
//!
//! **Contexts** (`context`, cosmetic: spec card `context_policy`): `fifo` default Slurm,
//! `backfill` priority with backfill.
//!
//! **Act I scenario**: the defaults: utilization 95 %, 1-hour jobs of 256 GPUs (4 jobs fit
//! the 1,024-GPU cluster at once). The director observed 4-hour waits (`observed_wait_h`).
//!
//! **Act I prediction** ("Why do 1-hour jobs wait 4 hours?"), checked against the text
//! output `act1_diagnosis`:
//! - A "The cluster is too small: buy 256 GPUs", value `capacity` (the queue is stable at
//!   ρ = 0.95 < 1; buying only helps by lowering ρ: `wait_if_bought_h` 0.40 h)
//! - B "A scheduler bug", value `anomaly` (queueing alone predicts `wait_h` = 4.46 h)
//! - **C "Queueing at 95 %: a wait of several job lengths is expected", value `queueing` —
//!   keyed** (`wait_multiplier` 4.5×; a single-queue M/M/1 would give `mm1_multiplier` 19×)
//! - D "Job-mix hoarding", value `hoarding` (not needed to explain the wait)
//!
//! Instruments: `wait_h`, `p99_wait_h`, `queue_depth`, `wait_multiplier`, `arrivals_per_h`,
//! `wait_zone` (`ok` < 30 min, `slow` < 120 min, `bad`); `past_knee` marks ρ > 85 %. The
//! wait curve sweeps `rho_pct` and plots `wait_min` and `p99_wait_min` against the
//! `slo_wait_min` line and the `knee_low_pct`–`knee_high_pct` band.
//!
//! **Act I reflection** (keyed B, "about 80 % is the practical ceiling"): quotes
//! `wait_at_80_mult` (0.75× at 80 %) against `wait_multiplier`.
//!
//! **Act II scenario**: the defaults: interactive 2 jobs/h (8 GPUs, 30 min), hyper-parameter
//! search 20/day (16 GPUs, 2 h), training 2/day (`train_gpus` = 256, 18 h); aggregate
//! utilization `rho_total_pct` 40.9 %; interactive weight 5 (partitions only).
//!
//! **Act II prediction** ("Which policy starts interactive jobs within 5 minutes without
//! starving training?"), checked against the text output `best_policy` (meets the SLA with
//! the shortest training delay):
//! - A "FIFO", value `fifo` (interactive waits `fifo_int_wait_min` 171 min)
//! - B "Strict priority with preemption", value `priority` (training delayed
//!   `priority_train_delay_h` 9.0 h by preemption restarts, 3× backfill)
//! - **C "Priority + backfill", value `backfill` — keyed** (`backfill_train_delay_h` 3.0 h)
//! - D "Separate partitions", value `partitions` (`partitions_starvation_pct` 90 %)
//!
//! Instruments for the selected `policy`: `int_wait_min`, `search_wait_min`,
//! `train_delay_h`, `rho_total_pct`, `starvation_pct`; the timeline of the next training
//! job's GPUs (series `gantt_row`, `gantt_start_h`, `gantt_end_h`, `gantt_class`, see
//! [`Gantt`]) over `horizon_h` with `train_start_h`, `train_end_h`, `slice_idle_h`,
//! `slice_gap_work_h` and `slice_restart_h`. The job-class table is quoted from outputs
//! (`int_gpus`, `int_job_min`, `search_per_day`, …).
//!
//! **Act II failures**: `sla_violated` (danger, interactive wait > 5 min). **On at the
//! defaults** (FIFO, the story's cluster); `policy` = `backfill` clears it.
//! `starvation_warn` (warn, P(training delay > 48 h) > 20 %): off at the defaults; fires with
//! `policy` = `priority` and `int_rate` = 20 (42 %), or `backfill` with `train_gpus` = 512
//! (23 %).
//!
//! **Act II reflection** (keyed B, "backfill fills reservation gaps without delaying the
//! reserved job"): quotes `backfill_int_wait_min` and `backfill_train_delay_h` against the
//! priority figures.
//!
//! **Takeaways**: (1) `wait_multiplier` against ρ; (2) `pk_factor`, the Pollaczek–Khinchine
//! factor (1 + C_s²)/2 of the job mix.
//!
//! **Ledger** (`v2_08`): `scheduling_policy` ← `policy`; `cluster_utilization` ←
//! `rho_total_pct`; `interactive_wait_min` and `act2_result` ← `int_wait_min`;
//! `training_starvation_pct` ← `starvation_pct`; `sla_met` ← `sla_met`; `constraint_hit` ←
//! `constraint_hit` (SLA miss or starvation).

use crate::catalog::PREEMPTION_COST;
use crate::laws::priority::{
    JobClass, fcfs_wait, nonpreemptive_wait, preemptive_stretch, preemptive_wait, total_load,
};
use crate::laws::queueing::{little_l, mmc_wait, mmc_wait_quantile};
use crate::model::{
    Choice, InputDef, InputKind, Model, OutputDef, Unit, Values, choice, flag, num, series,
};
use crate::units::Seconds;

const CONTEXTS: &[Choice] = &[
    Choice {
        value: "fifo",
        label: "FIFO (default Slurm)",
    },
    Choice {
        value: "backfill",
        label: "Priority + backfill",
    },
];

const JOB_SIZES: &[Choice] = &[
    Choice {
        value: "64",
        label: "64 GPUs",
    },
    Choice {
        value: "128",
        label: "128 GPUs",
    },
    Choice {
        value: "256",
        label: "256 GPUs",
    },
    Choice {
        value: "512",
        label: "512 GPUs",
    },
    Choice {
        value: "1024",
        label: "1,024 GPUs (whole cluster)",
    },
];

const POLICIES: &[Choice] = &[
    Choice {
        value: "fifo",
        label: "FIFO",
    },
    Choice {
        value: "priority",
        label: "Strict priority with preemption",
    },
    Choice {
        value: "backfill",
        label: "Priority + backfill",
    },
    Choice {
        value: "partitions",
        label: "Separate partitions (fair-share weights)",
    },
];

const INPUTS: &[InputDef] = &[
    InputDef {
        name: "context",
        label: "Scheduler",
        kind: InputKind::Choice {
            options: CONTEXTS,
            default: "fifo",
        },
    },
    InputDef {
        name: "rho_pct",
        label: "Cluster utilization",
        kind: InputKind::Range {
            min: 50.0,
            max: 99.0,
            step: 1.0,
            default: 95.0,
            unit: Unit::Percent,
        },
    },
    InputDef {
        name: "job_h",
        label: "Mean job length",
        kind: InputKind::Range {
            min: 1.0,
            max: 24.0,
            step: 1.0,
            default: 1.0,
            unit: Unit::Hours,
        },
    },
    InputDef {
        name: "job_gpus",
        label: "GPUs per job",
        kind: InputKind::Choice {
            options: JOB_SIZES,
            default: "256",
        },
    },
    InputDef {
        name: "policy",
        label: "Scheduling policy",
        kind: InputKind::Choice {
            options: POLICIES,
            default: "fifo",
        },
    },
    InputDef {
        name: "int_rate",
        label: "Interactive arrivals",
        kind: InputKind::Range {
            min: 1.0,
            max: 20.0,
            step: 1.0,
            default: 2.0,
            unit: Unit::PerHour,
        },
    },
    InputDef {
        name: "train_gpus",
        label: "GPUs per training job",
        kind: InputKind::Range {
            min: 64.0,
            max: 512.0,
            step: 64.0,
            default: 256.0,
            unit: Unit::Gpus,
        },
    },
    InputDef {
        name: "int_weight",
        label: "Interactive weight (partitions)",
        kind: InputKind::Range {
            min: 1.0,
            max: 10.0,
            step: 1.0,
            default: 5.0,
            unit: Unit::None,
        },
    },
];

/// Values of `wait_zone`.
const WAIT_ZONES: &[Choice] = &[
    Choice {
        value: "ok",
        label: "ok",
    },
    Choice {
        value: "slow",
        label: "slow",
    },
    Choice {
        value: "bad",
        label: "bad",
    },
];

/// Values of `act1_diagnosis`.
const DIAGNOSES: &[Choice] = &[
    Choice {
        value: "capacity",
        label: "too little capacity",
    },
    Choice {
        value: "queueing",
        label: "queueing",
    },
    Choice {
        value: "anomaly",
        label: "an anomaly",
    },
];

/// Values of `best_policy`: a policy that meets the SLA, or none.
const BEST_POLICIES: &[Choice] = &[
    Choice {
        value: "fifo",
        label: "FIFO",
    },
    Choice {
        value: "priority",
        label: "strict priority with preemption",
    },
    Choice {
        value: "backfill",
        label: "priority with backfill",
    },
    Choice {
        value: "partitions",
        label: "separate partitions",
    },
    Choice {
        value: "none",
        label: "none",
    },
];

const OUTPUTS: &[OutputDef] = &[
    choice("context_policy", "Scheduler in this context", CONTEXTS),
    num("servers", "Jobs that fit at once", Unit::None),
    num("arrivals_per_h", "Job arrivals", Unit::PerHour),
    num("wait_h", "Mean wait in queue", Unit::Hours),
    num("wait_min", "Mean wait in queue", Unit::Minutes),
    num("p99_wait_h", "P99 wait in queue", Unit::Hours),
    num("queue_depth", "Jobs waiting (Little's law)", Unit::None),
    num("wait_multiplier", "Wait ÷ job length", Unit::Ratio),
    num(
        "mm1_multiplier",
        "Same ratio for one whole-cluster queue",
        Unit::Ratio,
    ),
    num("wait_at_80_mult", "Wait ÷ job length at 80%", Unit::Ratio),
    choice("wait_zone", "Wait", WAIT_ZONES),
    flag("past_knee", "Utilization past the 85% knee"),
    num("observed_wait_h", "Observed wait", Unit::Hours),
    choice("act1_diagnosis", "Diagnosis", DIAGNOSES),
    num(
        "wait_if_bought_h",
        "Wait with 256 more GPUs, same demand",
        Unit::Hours,
    ),
    num("rho_total_pct", "Aggregate utilization", Unit::Percent),
    num(
        "pk_factor",
        "Job-mix variability factor (1 + C²)/2",
        Unit::Ratio,
    ),
    num("int_wait_min", "Interactive wait", Unit::Minutes),
    num("search_wait_min", "Search wait", Unit::Minutes),
    num("train_delay_h", "Training delay", Unit::Hours),
    num(
        "starvation_pct",
        "Chance training waits over 48 h",
        Unit::Percent,
    ),
    flag("sla_violated", "Interactive wait above 5 minutes"),
    flag("sla_met", "Interactive SLA met"),
    flag("starvation_warn", "Training starvation above 20%"),
    flag("constraint_hit", "SLA missed or training starved"),
    num("fifo_int_wait_min", "FIFO: interactive wait", Unit::Minutes),
    num(
        "priority_int_wait_min",
        "Priority: interactive wait",
        Unit::Minutes,
    ),
    num(
        "backfill_int_wait_min",
        "Backfill: interactive wait",
        Unit::Minutes,
    ),
    num(
        "partitions_int_wait_min",
        "Partitions: interactive wait",
        Unit::Minutes,
    ),
    num("fifo_train_delay_h", "FIFO: training delay", Unit::Hours),
    num(
        "priority_train_delay_h",
        "Priority: training delay",
        Unit::Hours,
    ),
    num(
        "backfill_train_delay_h",
        "Backfill: training delay",
        Unit::Hours,
    ),
    num(
        "partitions_train_delay_h",
        "Partitions: training delay",
        Unit::Hours,
    ),
    num(
        "priority_starvation_pct",
        "Priority: starvation",
        Unit::Percent,
    ),
    num(
        "partitions_starvation_pct",
        "Partitions: starvation",
        Unit::Percent,
    ),
    num(
        "preemptions_per_job",
        "Preemptions per training job",
        Unit::None,
    ),
    choice("best_policy", "Best policy", BEST_POLICIES),
    // Constants the story and the prose quote.
    num("cluster_gpus", "GPUs in the cluster", Unit::Gpus),
    num("extra_gpus", "GPUs the director wants to buy", Unit::Gpus),
    num("p99_wait_min", "P99 wait in queue", Unit::Minutes),
    num("slo_wait_min", "Wait users tolerate", Unit::Minutes),
    num("knee_low_pct", "Knee of the wait curve, low end", Unit::Percent),
    num("knee_high_pct", "Knee of the wait curve, high end", Unit::Percent),
    num("int_gpus", "GPUs per interactive job", Unit::Gpus),
    num("int_job_min", "Interactive job length", Unit::Minutes),
    num("search_per_day", "Search jobs a day", Unit::None),
    num("search_gpus", "GPUs per search job", Unit::Gpus),
    num("search_job_h", "Search job length", Unit::Hours),
    num("train_per_day", "Training jobs a day", Unit::None),
    num("train_job_h", "Training job length", Unit::Hours),
    num("sla_min", "Interactive start SLA", Unit::Minutes),
    num("starve_after_h", "Starvation threshold", Unit::Hours),
    num("starve_limit_pct", "Starvation limit", Unit::Percent),
    num("preemption_cost_min", "Restart cost per preemption", Unit::Minutes),
    // The Act II timeline of the next training job's GPUs.
    num("horizon_h", "Timeline length", Unit::Hours),
    num("block_gpus", "GPUs per timeline row", Unit::Gpus),
    num("train_start_h", "Training job starts after", Unit::Hours),
    num("train_end_h", "Training job ends after", Unit::Hours),
    num("slice_idle_h", "Idle block-hours in the timeline", Unit::Hours),
    num("slice_gap_work_h", "Block-hours of short jobs in the gaps", Unit::Hours),
    num("slice_restart_h", "Block-hours lost to restarts", Unit::Hours),
    series("gantt_row", "Timeline segment: row", Unit::None),
    series("gantt_start_h", "Timeline segment: start", Unit::Hours),
    series("gantt_end_h", "Timeline segment: end", Unit::Hours),
    series("gantt_class", "Timeline segment: what runs", Unit::None),
];

/// The reference cluster.
const CLUSTER_GPUS: f64 = 1024.0;
/// The director's observation in Act I.
const OBSERVED_WAIT_H: f64 = 4.0;
/// The GPUs the director wants to buy.
const EXTRA_GPUS: f64 = 256.0;
/// Interactive SLA and starvation definition.
const SLA: Seconds = Seconds::minutes(5.0);
const STARVE_AFTER_H: f64 = 48.0;
const STARVE_LIMIT: f64 = 0.20;
/// Job classes of Act II: GPUs, hours, arrivals per hour (training GPUs are an input).
const INTERACTIVE: (f64, f64) = (8.0, 0.5);
const SEARCH: (f64, f64, f64) = (16.0, 2.0, 20.0 / 24.0);
const TRAIN_HOURS: f64 = 18.0;
const TRAIN_PER_H: f64 = 2.0 / 24.0;
/// Fixed partition weights of search and training (interactive's is an input).
const SEARCH_WEIGHT: f64 = 3.0;
const TRAIN_WEIGHT: f64 = 5.0;
/// Waits beyond this are shown as this (an unstable class has no finite mean).
const CAP_H: f64 = 100_000.0;
/// Act I: the wait users tolerate (the curve's reference line and `wait_zone`'s first
/// bound) and the knee of the wait curve the chapter names.
const SLO_WAIT: Seconds = Seconds::minutes(30.0);
const KNEE_PCT: (f64, f64) = (80.0, 85.0);
/// The Act II timeline: hours after the training job arrives, and its rows.
const HORIZON_H: f64 = 30.0;
const BLOCKS: usize = 4;

fn per_s(per_h: f64) -> f64 {
    per_h / 3600.0
}

fn capped_h(t: Seconds) -> f64 {
    if t.as_s().is_finite() {
        t.as_hours().min(CAP_H)
    } else {
        CAP_H
    }
}

/// One class as cluster work: `g·h / 1,024` hours of the whole cluster per job.
fn class(gpus: f64, hours: f64, per_h: f64) -> JobClass {
    JobClass::exponential(per_s(per_h), Seconds::hours(gpus * hours / CLUSTER_GPUS))
}

/// A policy's outcome: interactive and search waits, training delay (hours), starvation.
/// The training delay is `train_start_h + stretch_h + restart_h`: the wait before the job
/// first starts, the wall-clock time higher classes take from it once it runs (strict
/// priority only) and the restarts its preemptions cost (likewise).
struct Outcome {
    int_h: f64,
    search_h: f64,
    train_h: f64,
    starvation: f64,
    train_start_h: f64,
    stretch_h: f64,
    restart_h: f64,
}

fn starvation(train_h: f64) -> f64 {
    if train_h <= 0.0 {
        0.0
    } else {
        (-STARVE_AFTER_H / train_h).exp()
    }
}

fn outcome(policy: &str, c: &[JobClass; 3], int_weight: f64) -> (Outcome, f64) {
    let mut preemptions = 0.0;
    let (mut stretch_h, mut restart_h) = (0.0, 0.0);
    let (int_h, search_h, train_h) = match policy {
        "priority" => {
            // Preemptive-resume: training is interrupted whenever a higher-class job arrives
            // while the cluster is busy, and each interruption costs a restart.
            let stretch = preemptive_stretch(c, 2).min(CAP_H);
            let wall = TRAIN_HOURS * stretch;
            let rho = total_load(c).min(1.0);
            preemptions = (c[0].arrival_per_s + c[1].arrival_per_s) * 3600.0 * rho * wall;
            let restarts = preemptions * PREEMPTION_COST.value.as_hours();
            (stretch_h, restart_h) = (wall - TRAIN_HOURS, restarts);
            (
                capped_h(preemptive_wait(c, 0)),
                capped_h(preemptive_wait(c, 1)),
                (capped_h(preemptive_wait(c, 2)) + (wall - TRAIN_HOURS) + restarts).min(CAP_H),
            )
        }
        "backfill" => (
            capped_h(preemptive_wait(c, 0)),
            capped_h(preemptive_wait(c, 1)),
            capped_h(nonpreemptive_wait(c, 2)),
        ),
        "partitions" => {
            let total = int_weight + SEARCH_WEIGHT + TRAIN_WEIGHT;
            let share = [
                int_weight / total,
                SEARCH_WEIGHT / total,
                TRAIN_WEIGHT / total,
            ];
            let w = |k: usize| {
                let scaled =
                    JobClass::exponential(c[k].arrival_per_s, c[k].mean * (1.0 / share[k]));
                capped_h(fcfs_wait(&[scaled]))
            };
            (w(0), w(1), w(2))
        }
        _ => {
            let w = capped_h(fcfs_wait(c));
            (w, w, w)
        }
    };
    (
        Outcome {
            int_h,
            search_h,
            train_h,
            starvation: starvation(train_h),
            train_start_h: (train_h - stretch_h - restart_h).max(0.0),
            stretch_h,
            restart_h,
        },
        preemptions,
    )
}

/// What a timeline segment shows (the `gantt_class` index).
#[derive(Clone, Copy, PartialEq)]
enum Seg {
    Training = 0,
    OtherJobs = 1,
    Idle = 2,
    Search = 3,
    Interactive = 4,
    Preempting = 5,
    Restart = 6,
}

/// The Act II timeline: the GPUs the next training job will use, in [`BLOCKS`] rows, over
/// the [`HORIZON_H`] hours after the job arrives (t = 0).
///
/// The job is at the head of the training queue and needs all its GPUs at once. Earlier
/// jobs release the blocks at evenly spaced times, the last exactly when the job starts
/// (`train_start_h`, the policy's mean wait). Until then a released block is held idle
/// under FIFO and fair-share partitions (no later job may start ahead of the head of the
/// queue); under backfill and strict priority shorter jobs run in the gap, by the backfill
/// rule: a job starts if it ends before the reservation, the longest that fits first
/// (search, then interactive). Under strict priority the running job is preempted
/// `preemptions` times (rounded up), spread evenly over its run: each time the higher
/// classes take their share of the job's stretch and the job pays an equal share of its
/// restart time, on every block at once. After it ends the blocks return to other jobs.
#[derive(Default)]
struct Gantt {
    row: Vec<f64>,
    start: Vec<f64>,
    end: Vec<f64>,
    class: Vec<f64>,
    idle_h: f64,
    gap_work_h: f64,
    restart_h: f64,
    end_h: f64,
}

impl Gantt {
    /// Adds a segment clipped to the horizon; empty ones are dropped.
    fn push(&mut self, row: usize, start: f64, end: f64, seg: Seg) {
        let (a, b) = (start.max(0.0), end.min(HORIZON_H));
        if b - a <= 1e-9 {
            return;
        }
        match seg {
            Seg::Idle => self.idle_h += b - a,
            Seg::Search | Seg::Interactive => self.gap_work_h += b - a,
            Seg::Restart => self.restart_h += b - a,
            _ => {}
        }
        self.row.push(row as f64);
        self.start.push(a);
        self.end.push(b);
        self.class.push(seg as u8 as f64);
    }

    fn build(o: &Outcome, fill_gaps: bool, preemptions: f64) -> Self {
        let mut g = Gantt::default();
        let t0 = o.train_start_h.min(CAP_H);
        let events = if preemptions > 0.0 {
            preemptions.ceil()
        } else {
            0.0
        };
        let piece = TRAIN_HOURS / (events + 1.0);
        for k in 0..BLOCKS {
            let free = t0 * (k + 1) as f64 / BLOCKS as f64;
            g.push(k, 0.0, free, Seg::OtherJobs);
            let mut t = free;
            if fill_gaps {
                for (len, seg) in [(SEARCH.1, Seg::Search), (INTERACTIVE.1, Seg::Interactive)] {
                    while t0 - t >= len - 1e-9 && t < HORIZON_H {
                        g.push(k, t, t + len, seg);
                        t += len;
                    }
                }
            }
            g.push(k, t, t0, Seg::Idle);
            let mut t = t0;
            let mut j = 0.0;
            while t < HORIZON_H && j <= events {
                g.push(k, t, t + piece, Seg::Training);
                t += piece;
                if j < events {
                    g.push(k, t, t + o.stretch_h / events, Seg::Preempting);
                    t += o.stretch_h / events;
                    g.push(k, t, t + o.restart_h / events, Seg::Restart);
                    t += o.restart_h / events;
                }
                j += 1.0;
            }
            g.push(k, t, HORIZON_H, Seg::OtherJobs);
        }
        g.end_h = t0 + TRAIN_HOURS + o.stretch_h + o.restart_h;
        g
    }
}

fn compute(i: &Values) -> Values {
    let mut o = Values::new();
    o.text("context_policy", i.t("context"));

    // Act I: jobs of equal size on 1,024 GPUs form an M/M/c queue with c = 1,024 / g.
    let rho = i.n("rho_pct") / 100.0;
    let s = Seconds::hours(i.n("job_h"));
    let g: f64 = i.t("job_gpus").parse().unwrap_or(256.0);
    let c = (CLUSTER_GPUS / g).floor().max(1.0);
    let mu = 1.0 / s.as_s();
    let lambda = rho * c * mu;
    let wq = mmc_wait(c as u32, lambda, mu);
    let p99 = mmc_wait_quantile(c as u32, lambda, mu, 0.99);
    let w80 = mmc_wait(c as u32, 0.8 * c * mu, mu);
    let c_bought = ((CLUSTER_GPUS + EXTRA_GPUS) / g).floor().max(1.0);
    let bought = mmc_wait(c_bought as u32, lambda, mu);
    let wq_h = capped_h(wq);
    let zone = if wq < SLO_WAIT {
        "ok"
    } else if wq < Seconds::minutes(120.0) {
        "slow"
    } else {
        "bad"
    };
    let diagnosis = if rho >= 1.0 {
        "capacity"
    } else if wq_h >= 0.5 * OBSERVED_WAIT_H {
        "queueing"
    } else {
        "anomaly"
    };
    o.num("servers", c)
        .num("arrivals_per_h", lambda * 3600.0)
        .num("wait_h", wq_h)
        .num("wait_min", wq_h * 60.0)
        .num("p99_wait_h", capped_h(p99))
        .num("queue_depth", little_l(lambda, wq))
        .num("wait_multiplier", wq / s)
        // The same load as one whole-cluster server (M/M/1: ρ/(1 − ρ) job lengths).
        .num("mm1_multiplier", mmc_wait(1, rho * mu, mu) / s)
        .num("wait_at_80_mult", w80 / s)
        .text("wait_zone", zone)
        .flag("past_knee", 100.0 * rho > KNEE_PCT.1)
        .num("observed_wait_h", OBSERVED_WAIT_H)
        .text("act1_diagnosis", diagnosis)
        .num("wait_if_bought_h", capped_h(bought))
        .num("cluster_gpus", CLUSTER_GPUS)
        .num("extra_gpus", EXTRA_GPUS)
        .num("p99_wait_min", capped_h(p99) * 60.0)
        .num("slo_wait_min", SLO_WAIT.as_minutes())
        .num("knee_low_pct", KNEE_PCT.0)
        .num("knee_high_pct", KNEE_PCT.1);

    // Act II: three classes, highest priority first.
    let classes = [
        class(INTERACTIVE.0, INTERACTIVE.1, i.n("int_rate")),
        class(SEARCH.0, SEARCH.1, SEARCH.2),
        class(i.n("train_gpus"), TRAIN_HOURS, TRAIN_PER_H),
    ];
    let rho_total = total_load(&classes);
    // Pollaczek–Khinchine factor of the mix: E[S²] / (2 E[S]²).
    let arrivals: f64 = classes.iter().map(|k| k.arrival_per_s).sum();
    let mean = rho_total / arrivals;
    let second: f64 = classes
        .iter()
        .map(|k| k.arrival_per_s * k.second_moment)
        .sum::<f64>()
        / arrivals;
    let w = i.n("int_weight");
    let names = ["fifo", "priority", "backfill", "partitions"];
    let all = names.map(|p| outcome(p, &classes, w));
    let sel = names.iter().position(|p| *p == i.t("policy")).unwrap_or(0);
    let (cur, preempt) = (&all[sel].0, all[1].1);
    let sla_h = SLA.as_hours();
    let violated = cur.int_h > sla_h;
    let starving = cur.starvation > STARVE_LIMIT;
    let best = names
        .iter()
        .zip(all.iter())
        .filter(|(_, (r, _))| r.int_h <= sla_h)
        .min_by(|a, b| a.1.0.train_h.total_cmp(&b.1.0.train_h))
        .map(|(p, _)| *p)
        .unwrap_or("none");
    o.num("rho_total_pct", 100.0 * rho_total)
        .num("pk_factor", second / (2.0 * mean * mean))
        .num("int_wait_min", cur.int_h * 60.0)
        .num("search_wait_min", cur.search_h * 60.0)
        .num("train_delay_h", cur.train_h)
        .num("starvation_pct", 100.0 * cur.starvation)
        .flag("sla_violated", violated)
        .flag("sla_met", !violated)
        .flag("starvation_warn", starving)
        .flag("constraint_hit", violated || starving)
        .num("fifo_int_wait_min", all[0].0.int_h * 60.0)
        .num("priority_int_wait_min", all[1].0.int_h * 60.0)
        .num("backfill_int_wait_min", all[2].0.int_h * 60.0)
        .num("partitions_int_wait_min", all[3].0.int_h * 60.0)
        .num("fifo_train_delay_h", all[0].0.train_h)
        .num("priority_train_delay_h", all[1].0.train_h)
        .num("backfill_train_delay_h", all[2].0.train_h)
        .num("partitions_train_delay_h", all[3].0.train_h)
        .num("priority_starvation_pct", 100.0 * all[1].0.starvation)
        .num("partitions_starvation_pct", 100.0 * all[3].0.starvation)
        .num("preemptions_per_job", preempt)
        .text("best_policy", best)
        .num("int_gpus", INTERACTIVE.0)
        .num("int_job_min", INTERACTIVE.1 * 60.0)
        .num("search_per_day", SEARCH.2 * 24.0)
        .num("search_gpus", SEARCH.0)
        .num("search_job_h", SEARCH.1)
        .num("train_per_day", TRAIN_PER_H * 24.0)
        .num("train_job_h", TRAIN_HOURS)
        .num("sla_min", SLA.as_minutes())
        .num("starve_after_h", STARVE_AFTER_H)
        .num("starve_limit_pct", 100.0 * STARVE_LIMIT)
        .num("preemption_cost_min", PREEMPTION_COST.value.as_minutes());

    let fill = matches!(names[sel], "backfill" | "priority");
    let preemptions = if names[sel] == "priority" { preempt } else { 0.0 };
    let g = Gantt::build(cur, fill, preemptions);
    o.num("horizon_h", HORIZON_H)
        .num("block_gpus", i.n("train_gpus") / BLOCKS as f64)
        .num("train_start_h", cur.train_start_h)
        .num("train_end_h", g.end_h.min(CAP_H))
        .num("slice_idle_h", g.idle_h)
        .num("slice_gap_work_h", g.gap_work_h)
        .num("slice_restart_h", g.restart_h)
        .set_series("gantt_row", g.row)
        .set_series("gantt_start_h", g.start)
        .set_series("gantt_end_h", g.end)
        .set_series("gantt_class", g.class);
    o
}

/// The Vol 2 Lab 08 model.
pub const MODEL: Model = Model {
    id: "v2-08",
    title: "The Utilization Trap",
    inputs: INPUTS,
    outputs: OUTPUTS,
    compute,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    fn eval(pairs: &[(&'static str, Value)]) -> Values {
        MODEL.evaluate_pairs(pairs)
    }

    #[test]
    fn act1_prediction_keys_queueing() {
        let o = eval(&[]);
        // c = 1,024 / 256 = 4; a = 0.95 × 4 = 3.8; Erlang C(4, 3.8) = 0.89142;
        // W_q = 0.89142 / (4 − 3.8) per h = 4.457 h ≈ the observed 4 h.
        assert!((o.n("servers") - 4.0).abs() < 1e-12);
        assert!((o.n("wait_h") - 4.4571).abs() < 1e-4);
        assert_eq!(o.get("act1_diagnosis"), Some(Value::Text("queueing")));
        assert!((o.n("wait_multiplier") - 4.4571).abs() < 1e-4);
        // A: ρ = 0.95 < 1, the queue is stable; 256 more GPUs (c = 5, ρ = 0.76) cut the wait
        // to 0.4797 / 1.2 = 0.400 h only by lowering utilization.
        assert!((o.n("wait_if_bought_h") - 0.3997).abs() < 1e-4);
        // A single whole-cluster queue would wait 0.95 / 0.05 = 19× the job.
        assert!((o.n("mm1_multiplier") - 19.0).abs() < 1e-9);
        // P99: ln(0.89142 / 0.01) / 0.2 per h = 22.45 h; Little: 3.8/h × 4.457 h = 16.9 jobs.
        assert!((o.n("p99_wait_h") - 22.451).abs() < 1e-3);
        assert!((o.n("queue_depth") - 16.937).abs() < 1e-3);
        assert_eq!(o.get("wait_zone"), Some(Value::Text("bad")));
        assert_eq!(o.get("past_knee"), Some(Value::Bool(true)));
    }

    #[test]
    fn act1_low_utilization_would_be_an_anomaly() {
        // At 50 % the model predicts minutes, so a 4 h wait would point to a real problem.
        let o = eval(&[("rho_pct", Value::Num(50.0))]);
        assert!(o.n("wait_h") < 0.2);
        assert_eq!(o.get("act1_diagnosis"), Some(Value::Text("anomaly")));
        assert_eq!(o.get("past_knee"), Some(Value::Bool(false)));
    }

    #[test]
    fn act1_reflection_eighty_percent() {
        let o = eval(&[]);
        // ρ = 0.8, c = 4: C(4, 3.2) = 0.59644, W_q = 0.59644 / 0.8 = 0.7455 h: 6× less than at 95 %.
        assert!((o.n("wait_at_80_mult") - 0.7455).abs() < 1e-4);
        assert!(o.n("wait_multiplier") / o.n("wait_at_80_mult") > 5.9);
    }

    #[test]
    fn act1_wait_grows_with_utilization() {
        let mut prev = 0.0;
        for r in 50..=99 {
            let w = eval(&[("rho_pct", Value::Num(r as f64))]).n("wait_h");
            assert!(w > prev);
            prev = w;
        }
        // Bigger jobs (fewer slots) wait longer at the same utilization.
        let small = eval(&[("job_gpus", Value::Text("64"))]).n("wait_multiplier");
        let whole = eval(&[("job_gpus", Value::Text("1024"))]).n("wait_multiplier");
        assert!(small < 4.4571 && whole > 18.9);
    }

    #[test]
    fn act2_defaults_and_fifo_story() {
        let o = eval(&[]);
        // ρ = 2 × 8 × 0.5/1,024 + (20/24) × 16 × 2/1,024 + (2/24) × 256 × 18/1,024 = 0.40885.
        assert!((o.n("rho_total_pct") - 40.885).abs() < 1e-3);
        // FIFO: W_0 = Σ λ s² = 1.68834 h; W_q = 1.68834 / 0.59115 = 2.856 h = 171.4 min.
        assert!((o.n("fifo_int_wait_min") - 171.37).abs() < 0.01);
        assert!((o.n("int_wait_min") - 171.37).abs() < 0.01);
        // The story's cluster is broken: the SLA banner is on at the defaults.
        assert_eq!(o.get("sla_violated"), Some(Value::Bool(true)));
        assert_eq!(o.get("starvation_warn"), Some(Value::Bool(false)));
    }

    #[test]
    fn act2_prediction_keys_backfill() {
        let o = eval(&[]);
        assert_eq!(o.get("best_policy"), Some(Value::Text("backfill")));
        // Backfill: interactive waits R₁/(1 − ρ₁) = 3.05e-5 / 0.99219 h = 0.11 s;
        // training W_0 / ((1 − σ₂)(1 − ρ)) = 1.68834 / (0.96615 × 0.59115) = 2.956 h.
        assert!(o.n("backfill_int_wait_min") < 0.01);
        assert!((o.n("backfill_train_delay_h") - 2.9561).abs() < 1e-4);
        // A: FIFO misses the 5 min SLA 34×.
        assert!(o.n("fifo_int_wait_min") / 5.0 > 34.0);
        // B: priority meets the SLA but training is preempted 21.6 times (× 15 min) and
        // stretched 3.5 %: 2.956 + 0.631 + 5.396 = 8.98 h, 3× the backfill delay.
        assert!(o.n("priority_int_wait_min") < 0.01);
        assert!((o.n("preemptions_per_job") - 21.583).abs() < 1e-3);
        assert!((o.n("priority_train_delay_h") - 8.983).abs() < 1e-3);
        assert!(o.n("priority_train_delay_h") / o.n("backfill_train_delay_h") > 3.0);
        // D: partitions give training 5/13 of the cluster: ρ' = 0.975, W = 456 h, 90 % starved.
        assert!((o.n("partitions_train_delay_h") - 456.3).abs() < 0.1);
        assert!((o.n("partitions_starvation_pct") - 90.0).abs() < 0.1);
    }

    #[test]
    fn act2_failures_fire_and_clear() {
        let b = eval(&[("policy", Value::Text("backfill"))]);
        assert_eq!(b.get("sla_violated"), Some(Value::Bool(false)));
        assert_eq!(b.get("sla_met"), Some(Value::Bool(true)));
        assert_eq!(b.get("constraint_hit"), Some(Value::Bool(false)));
        // Strict priority at 20 interactive jobs an hour: ρ = 0.4792, 200.6 preemptions
        // (50.1 h of restarts), training delayed 3.619 + 2.093 + 50.145 = 55.86 h,
        // starvation e^(−48/55.86) = 42.3 %.
        let p = eval(&[
            ("policy", Value::Text("priority")),
            ("int_rate", Value::Num(20.0)),
        ]);
        assert_eq!(p.get("starvation_warn"), Some(Value::Bool(true)));
        assert!((p.n("train_delay_h") - 55.858).abs() < 1e-3);
        assert!((p.n("starvation_pct") - 42.34).abs() < 0.01);
        let p = eval(&[
            ("policy", Value::Text("priority")),
            ("int_rate", Value::Num(2.0)),
        ]);
        assert_eq!(p.get("starvation_warn"), Some(Value::Bool(false)));
        // Backfill with 512-GPU training: ρ = 0.784, W = 6.752 / (0.96615 × 0.21584) = 32.4 h,
        // starvation 22.7 %.
        let big = eval(&[
            ("policy", Value::Text("backfill")),
            ("train_gpus", Value::Num(512.0)),
        ]);
        assert!((big.n("starvation_pct") - 22.7).abs() < 0.1);
        assert_eq!(big.get("starvation_warn"), Some(Value::Bool(true)));
    }

    #[test]
    fn takeaway_variability() {
        // E[S] = 0.40885 / 2.91667 = 0.14018 h; E[S²] = 2 × 1.68834 / 2.91667 = 1.15772 h²;
        // factor 1.15772 / (2 × 0.019650) = 29.46.
        assert!((eval(&[]).n("pk_factor") - 29.46).abs() < 0.01);
    }

    #[test]
    fn act2_properties() {
        // Interactive wait under FIFO grows with training size; backfill keeps it tiny.
        let mut prev = 0.0;
        for g in (64..=512).step_by(64) {
            let o = eval(&[("train_gpus", Value::Num(g as f64))]);
            assert!(o.n("fifo_int_wait_min") > prev);
            assert!(o.n("backfill_int_wait_min") < 0.05);
            prev = o.n("fifo_int_wait_min");
        }
    }

    /// The segments of one row, in time order.
    fn row(o: &Values, r: usize) -> Vec<(f64, f64, f64)> {
        let (rows, a, b, c) = (
            o.get_series("gantt_row").unwrap(),
            o.get_series("gantt_start_h").unwrap(),
            o.get_series("gantt_end_h").unwrap(),
            o.get_series("gantt_class").unwrap(),
        );
        (0..rows.len())
            .filter(|&k| rows[k] == r as f64)
            .map(|k| (a[k], b[k], c[k]))
            .collect()
    }

    #[test]
    fn act1_curve_reference_values() {
        let o = eval(&[]);
        // P99 22.451 h = 1,347 min; the 30-min line and the 80–85 % band.
        assert!((o.n("p99_wait_min") - 22.451 * 60.0).abs() < 0.1);
        assert_eq!(o.n("slo_wait_min"), 30.0);
        assert_eq!((o.n("knee_low_pct"), o.n("knee_high_pct")), (80.0, 85.0));
        // At 50 %, c = 4, a = 2: Erlang B = (2⁴/4!) / (1 + 2 + 2 + 4/3 + 2/3) = 0.095238,
        // C = 4B / (4 − 2(1 − B)) = 0.17391; W_q = 0.17391 / (4 − 2) h = 5.22 min;
        // P99 = ln(0.17391 / 0.01) / 2 h = 2.85595 / 2 h = 85.68 min.
        let o = eval(&[("rho_pct", Value::Num(50.0))]);
        assert!((o.n("wait_min") - 5.2174).abs() < 1e-3);
        assert!((o.n("p99_wait_min") - 85.678).abs() < 0.01);
        // With 16 slots at 50 % fewer than 1 % of jobs wait: the P99 wait is 0.
        let o = eval(&[("rho_pct", Value::Num(50.0)), ("job_gpus", Value::Text("64"))]);
        assert_eq!(o.n("p99_wait_min"), 0.0);
    }

    #[test]
    fn timeline_rows_tile_the_horizon() {
        for policy in ["fifo", "priority", "backfill", "partitions"] {
            for (rate, gpus) in [(2.0, 256.0), (20.0, 256.0), (2.0, 512.0), (1.0, 64.0)] {
                let o = eval(&[
                    ("policy", Value::Text(policy)),
                    ("int_rate", Value::Num(rate)),
                    ("train_gpus", Value::Num(gpus)),
                ]);
                for r in 0..BLOCKS {
                    let segs = row(&o, r);
                    // Every row is covered from 0 to 30 h without gaps or overlaps.
                    let mut t = 0.0;
                    for (a, b, c) in segs {
                        assert!((a - t).abs() < 1e-9 && b > a && (0.0..=6.0).contains(&c));
                        t = b;
                    }
                    assert!((t - HORIZON_H).abs() < 1e-9, "{policy} {rate} {gpus}");
                }
            }
        }
    }

    #[test]
    fn timeline_fifo_holds_released_gpus_idle() {
        let o = eval(&[]);
        // FIFO: the job starts after the mean wait, 2.85606 h (171.36 min). The blocks are
        // released at 1/4, 2/4, 3/4 and 4/4 of that and held idle until the start:
        // (3 + 2 + 1 + 0)/4 × 2.85606 = 4.2841 block-hours.
        assert!((o.n("train_start_h") - 2.85606).abs() < 1e-4);
        assert!((o.n("slice_idle_h") - 4.2841).abs() < 1e-3);
        assert_eq!(o.n("slice_gap_work_h"), 0.0);
        // It runs 18 h and ends at 20.856 h; the blocks then go back to other jobs.
        assert!((o.n("train_end_h") - 20.85606).abs() < 1e-4);
        let r0 = row(&o, 0);
        assert_eq!(r0.iter().map(|s| s.2).collect::<Vec<_>>(), [1.0, 2.0, 0.0, 1.0]);
        assert!((r0[0].1 - 0.71402).abs() < 1e-4 && (r0[2].1 - 20.85606).abs() < 1e-4);
        assert_eq!(o.n("block_gpus"), 64.0);
    }

    #[test]
    fn timeline_backfill_fills_the_gaps() {
        let o = eval(&[("policy", Value::Text("backfill"))]);
        // Start 2.95613 h; blocks released at 0.73903, 1.47807, 2.21710 h. Gaps 2.2171,
        // 1.4781, 0.7390 h take one 2-h search, two and one 30-min interactive jobs:
        // 3.5 block-hours of work, leaving 0.2171 + 0.4781 + 0.2390 = 0.9342 idle.
        assert!((o.n("train_start_h") - 2.95613).abs() < 1e-4);
        assert!((o.n("slice_gap_work_h") - 3.5).abs() < 1e-9);
        assert!((o.n("slice_idle_h") - 0.9342).abs() < 1e-3);
        let classes = |r| row(&o, r).iter().map(|s| s.2).collect::<Vec<_>>();
        assert_eq!(classes(0), [1.0, 3.0, 2.0, 0.0, 1.0]);
        assert_eq!(classes(1), [1.0, 4.0, 4.0, 2.0, 0.0, 1.0]);
        assert_eq!(classes(3), [1.0, 0.0, 1.0]);
        assert!((o.n("train_end_h") - 20.95613).abs() < 1e-4);
    }

    #[test]
    fn timeline_priority_pays_restarts() {
        let o = eval(&[("policy", Value::Text("priority"))]);
        // Same start as backfill (the lowest class waits W_0/((1 − σ₁)(1 − σ₂)) either
        // way); 21.58 preemptions are drawn as 22 events. Each costs 5.3958/22 h of restart
        // on all four blocks: 21.583 block-hours. The job ends at
        // 2.95613 + 18 + 0.63073 + 5.39575 = 26.983 h, 18 h + the 8.983-h delay.
        assert!((o.n("train_start_h") - 2.95613).abs() < 1e-4);
        assert!((o.n("slice_restart_h") - 21.583).abs() < 1e-3);
        assert!((o.n("train_end_h") - 26.983).abs() < 1e-3);
        let r = row(&o, 3);
        assert_eq!(r.iter().filter(|s| s.2 == 0.0).count(), 23);
        assert_eq!(r.iter().filter(|s| s.2 == 6.0).count(), 22);
    }

    #[test]
    fn timeline_partitions_never_start_training() {
        // Training's partition waits 456 h: its GPUs stay with earlier jobs all 30 h.
        let o = eval(&[("policy", Value::Text("partitions"))]);
        for r in 0..BLOCKS {
            assert_eq!(row(&o, r), [(0.0, HORIZON_H, 1.0)]);
        }
        assert!(o.n("train_start_h") > HORIZON_H);
    }
}
