//! The import's Web Worker: a second wasm module, loaded only when an export is opened, so
//! the parsers, ZIP and inflate never weigh on the first page and never run on its thread.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    fitdata::sources::import::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the importer runs as a Web Worker in the browser: build it with `trunk build`");
}
