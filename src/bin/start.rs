//! The start module's entry point: what a browser with nothing of fitdata's in it loads first
//! (boot.js decides). It mounts the connect screen (`app::StartApp`) and nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    // No panic hook: its formatting machinery is a fifth of this module, and the start module
    // has no panicking path of its own (panics abort, as in the app).
    // Its own element, so the app module can take it away as it mounts (main.rs), in the same
    // task, with no frame painted between the two.
    let Some(root) = fitdata::browser::new_root(fitdata::browser::START_VIEW) else {
        return;
    };
    fitdata::browser::remove_element("first-view");
    leptos::mount::mount_to(root, fitdata::app::StartApp).forget();
}

// Like main.rs: the app only runs in the browser.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fitdata's start module is built by `trunk build` (see README.md)");
}
