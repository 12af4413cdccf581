//! The data layer: one normalized model for every source, and the time conversions that feed it.
//! Pure and host-tested; the providers decode into it, charts and exports read from it.

pub mod backfill;
pub mod cache;
pub mod demo;
pub mod derive;
pub mod metric;
pub mod model;
pub mod planner;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod fetch;
