//! The code that runs on both sides of the placeholder contract.
//!
//! The preprocessor (native, at build time) and the widgets (WebAssembly, in the browser)
//! both depend on this crate, so a chart drawn into a static SVG snapshot and the same chart
//! drawn onto a canvas come from one function, and a number formatted into the HTML reads
//! exactly like the number the widget writes after an input changes.
//!
//! - [`spec`]: the versioned JSON carried by every placeholder element.
//! - [`template`]: `{name:fmt}` interpolation of model values into text.
//! - [`cond`]: the small condition language of failure states, badges and chart alerts.
//! - [`chart`]: bar charts (log or linear, panels, groups, stacks, threshold lines).
//! - [`json`] and [`from_json`]: the widgets' JSON reader and writer (the native side uses serde).

pub mod chart;
pub mod cond;
pub mod env;
pub mod expr;
pub mod from_json;
pub mod json;
pub mod plot;
pub mod spec;
pub mod template;

pub use env::Env;
