//! The physics engine of the lab book.
//!
//! Everything a lab computes lives here: unit newtypes ([`units`]), the hardware catalog
//! with a source for every constant ([`catalog`]), the shared laws ([`laws`]), the lab-model
//! interface ([`model`]), one model per lab ([`labs`]), and the one place numbers become
//! text ([`format`]). The crate does no IO and depends on nothing, so it compiles natively
//! (the preprocessor validates against it and renders static snapshots) and to
//! `wasm32-unknown-unknown` (the widgets evaluate the same functions in the browser).
//!
//! The decisions that settle the reference material's contradictions are in
//! [`decisions`].

pub mod catalog;
pub mod decisions;
pub mod format;
pub mod labs;
pub mod laws;
pub mod model;
pub mod units;
