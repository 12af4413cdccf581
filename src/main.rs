//! Entry point: install the panic hook, then mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The static first view (index.html), or the start module's connect screen, gives way in
    // the same task the app mounts in, so no frame is painted between the two.
    fitdata::browser::remove_element("first-view");
    fitdata::browser::remove_element(fitdata::browser::START_VIEW);
    leptos::mount::mount_to_body(fitdata::App);
}

// The app only runs in the browser; on the host this binary exists so that `cargo test` and
// `cargo clippy` of the workspace stay simple.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fitdata is a browser app: build it with `trunk build` (see README.md)");
}
