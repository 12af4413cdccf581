//! The worker module's layer: what the page and the Web Worker (`src/bin/importer.rs`) say to
//! each other (`protocol`), the page's side of it (`client`, and `demo`: the demo source's days
//! asked of the worker) and the worker's side (`serve`: the import run file by file, the demo's
//! generator, and a download's request handed to `export`'s writers by the program that starts
//! it). It sits above `sources`, whose parsers and generator it runs, and below `sync`, `export`
//! and the pages, which ask it for work: a CSV goes export → worker → export.

pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod demo;
#[cfg(target_arch = "wasm32")]
pub mod serve;
