//! Keeping the cache in step with a source: the day cache, request plans, backfill and the
//! fetch orchestration that asks a source only for what the cache cannot answer, and whether
//! the browser keeps what is stored (`keep`), and backups that bring it all back (`backup`).

pub mod backup;
pub mod cache;
pub mod keep;
pub mod ledger;
pub mod phase;
pub mod plan;

#[cfg(target_arch = "wasm32")]
pub mod backfill;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod import;
#[cfg(target_arch = "wasm32")]
pub mod recorders;
#[cfg(target_arch = "wasm32")]
pub mod source;
