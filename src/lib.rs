//! fitdata: take your own Fitbit / Google Health data out, in the browser.
//!
//! Layers, each depending only on those below it:
//! `pages` (UI) → `app` → `config` / `csp` (pure, host-tested) → `browser` (the only `web_sys` user).

pub mod auth;
pub mod charts;
pub mod config;
pub mod csp;
pub mod export;
pub mod model;
pub mod sources;
pub mod sync;

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
