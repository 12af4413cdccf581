//! fitdata: take your own Fitbit / Google Health data out, in the browser.
//!
//! Layers, each depending only on those below it (`tests/layers.rs` checks it):
//! `app` → `pages` → `components` → `charts` / `export` → `sync` (cache, plans, backfill,
//! fetch, the one interface over the sources) → `worker` (the worker module: its protocol, the
//! page's client, its program) → `sources` (one folder per source, each owning its wire
//! contract) → `auth` →
//! `config` / `browser` (the only `web_sys` user) → `model` / `csp` (pure, at the bottom).
//! `ARCHITECTURE.md` is the map: what each folder does, and the invariants.

pub mod auth;
pub mod charts;
pub mod config;
pub mod csp;
pub mod export;
pub mod model;
pub mod sources;
pub mod sync;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod pages;

#[cfg(target_arch = "wasm32")]
pub use app::App;
