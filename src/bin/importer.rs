//! The Web Worker's program, a second wasm module loaded only when there is heavy work: an
//! import (the parsers, ZIP and inflate), the demo's days (the synthetic person), and the
//! downloads' CSV and ZIP. None of it weighs on the first page or runs on its thread.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    fitdata::worker::serve::run(fitdata::export::worker::answer);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the importer runs as a Web Worker in the browser: build it with `trunk build`");
}
