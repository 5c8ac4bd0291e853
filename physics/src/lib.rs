//! The physics engine of the lab book.
//!
//! Everything a lab computes lives here: unit newtypes ([`units`]), the hardware catalog
//! with a source for every constant ([`catalog`]), the shared laws ([`laws`]), the lab-model
//! interface ([`model`]), one model per lab ([`labs`]), and the one place numbers become
//! text ([`format`]). The crate does no IO and depends on nothing, so it compiles natively
//! (the preprocessor validates against it and renders static snapshots) and to
//! `wasm32-unknown-unknown` (the widgets evaluate the same functions in the browser).
//!
//! # Decisions
//!
//! The reference labs contradict themselves; each conflict is settled once, here.
//!
//! | Lab | Conflict | Choice | Reason | Source |
//! |---|---|---|---|---|
//! | all | H100 FP16 989 vs 1,979 TFLOPS | 989 dense | 1,979 assumes 2:4 structured sparsity, which dense inference does not have; ridge point is 295 FLOP/B, not 590 | NVIDIA H100 datasheet |
//! | all | MCU 1 MFLOPS / 256 KB vs 1 GFLOPS / 512 KB | 1 GFLOPS, 512 KiB | a 480 MHz Cortex-M7 with FMA peaks at ~0.96 GFLOPS (1 MFLOPS would be a 1 MHz core); 512 KiB is the STM32H7's largest contiguous SRAM bank | STM32H743 reference manual |
//! | V1-01 | "9 orders of magnitude" compute gap | ~10⁶ (989,000×) | follows from the two datasheets above; nine orders is the model-size growth claim, not the hardware gap | computed |
//! | V1-01 | compute term "~4 ns", memory "7,500×" longer | 4.04 µs, 7.4× | 4 GFLOP ÷ 989 TFLOP/s = 4.04 µs; 29.9 µs ÷ 4.04 µs = 7.4 | computed |
//! | V1-01 | capacity gap 156,000× | 152,588× | SRAM is 512 KiB = 524,288 B, not 512,000 B | computed |
//! | V1-02 | story "latency only −8%" not reproduced by the model (~28%) | keep the model (D = 2 GB, L = 0.5 ms), the story quotes the computed 26.8% and the keyed option is "about a quarter lower" | the story must follow the physics; the lesson (3.2× FLOPS buys little when memory-bound) is unchanged | computed |
//! | V1-02 | "6× compute" for A100 → H100 | 3.2× (989 ÷ 312, both dense) | 6× compares a sparse H100 figure with a dense A100 one | datasheets |
//! | V1-02 | ridge 295 in options vs 590 in banner | 295 FLOP/B everywhere | dense figure | computed |
//! | V1-02 | AI slider 1-200 never reaches the H100 ridge | 1-1,000 | the compute-bound region must be reachable | computed |
//! | V1-02 | two accepted answers in Act I | exactly one (B) | the protocol requires one correct option | spec |
//! | V1-02 | 30 ms called "one-way" | round trip | 2 × 3,000 km ÷ 200,000 km/s = 30 ms is the round trip | computed |
//! | V1-02 | edge pair was a hypothetical "prior Orin" | Jetson Xavier NX → Orin NX | a real previous generation with datasheet figures | NVIDIA datasheets |
//! | V1-02 | failure fired at the default distance | default 500 km, prediction scenario at 3,000 km | failure states are off at defaults and reached by moving a control | spec |

pub mod catalog;
pub mod format;
pub mod labs;
pub mod laws;
pub mod model;
pub mod units;
