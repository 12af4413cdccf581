//! The page itself: its URL and hash route, the CSP meta, dialogs, colour scheme, animation
//! frames. Window listeners and animation frames are Leptos' own; the rest is one `web_sys`
//! call each, which leptos-use would wrap in a crate the first paint must load.

use super::BrowserError;

/// The page's full URL.
pub fn location_href() -> Result<String, BrowserError> {
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .location()
        .href()
        .map_err(|_| BrowserError::Unsupported("location.href"))
}

/// Leaves the page for `url` (the provider's consent screen).
pub fn navigate(url: &str) -> Result<(), BrowserError> {
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .location()
        .assign(url)
        .map_err(|_| BrowserError::Unsupported("location.assign"))
}

/// Replaces the address bar's URL without a reload or a history entry (strips OAuth codes).
pub fn replace_url(url: &str) -> Result<(), BrowserError> {
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .history()
        .and_then(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)))
        .map_err(|_| BrowserError::Unsupported("history.replaceState"))
}

/// The `content` of the page's CSP `<meta>`, if there is one.
pub fn csp_meta() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let meta = document
        .query_selector(r#"meta[http-equiv="Content-Security-Policy"]"#)
        .ok()??;
    meta.get_attribute("content")
}

/// The page's own origin, e.g. `https://me.github.io`.
pub fn page_origin() -> Result<String, BrowserError> {
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .location()
        .origin()
        .map_err(|_| BrowserError::Unsupported("location.origin"))
}

/// Asks a yes/no question with the browser's own dialog.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// The URL fragment without `#` (the app's route, e.g. `/settings`).
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// A window event listener (Leptos'). Dropping it stops listening.
pub struct WindowListener(Option<leptos::prelude::WindowListenerHandle>);

impl Drop for WindowListener {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            h.remove();
        }
    }
}

/// Calls `f` on every window event `name` (`hashchange`, `online`, `NO_STORAGE_EVENT`).
pub fn on_window_event(
    name: &'static str,
    f: impl Fn() + 'static,
) -> Result<WindowListener, BrowserError> {
    web_sys::window().ok_or(BrowserError::Unsupported("a window object"))?;
    let handle = leptos::prelude::window_event_listener_untyped(name, move |_| f());
    Ok(WindowListener(Some(handle)))
}

/// Calls `f` whenever the route (the URL fragment) changes.
pub fn on_hash_change(f: impl Fn() + 'static) -> Result<WindowListener, BrowserError> {
    on_window_event("hashchange", f)
}

/// Moves to the route `route` (the URL fragment), as a link would.
pub fn set_hash(route: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(route);
    }
}

/// The element with `data-testid=id`, if on the page.
fn by_testid(id: &str) -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-testid=\"{id}\"]"))
            .ok()
            .flatten()
    })
}

/// Brings the element with `data-testid=id` into view (a page opened lower down shows what a
/// link opened above it).
pub fn scroll_to_testid(id: &str) {
    if let Some(el) = by_testid(id) {
        el.scroll_into_view();
    }
}

/// Scrolls the element with `data-testid=id` sideways to its end (a phone's calendar opens on
/// the latest weeks).
pub fn scroll_to_end(id: &str) {
    if let Some(el) = by_testid(id) {
        el.set_scroll_left(el.scroll_width());
    }
}

/// Whether the browser believes it is online (`navigator.onLine`).
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Whether the system asks for a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether an element with this id is in the document (drawn views can still be detached).
pub fn is_attached(id: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .is_some_and(|e| e.is_connected())
}

/// Runs `f` before the next repaint (Leptos' `request_animation_frame`).
pub fn next_frame(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(f);
}

/// The start module's element (`src/bin/start.rs`): the app module removes it as it mounts.
pub const START_VIEW: &str = "start-view";

/// A new `<div id=…>` at the end of `<body>`, for a module to mount into.
pub fn new_root(id: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let div = document.create_element("div").ok()?;
    div.set_id(id);
    document.body()?.append_child(&div).ok()?;
    wasm_bindgen::JsCast::dyn_into(div).ok()
}

/// Removes the element with this id, if there is one.
pub fn remove_element(id: &str) {
    if let Some(e) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        e.remove();
    }
}

/// The file name the build gave one of the app's lazily loaded files: `"echarts"` or
/// `"importer"`. The build puts a content hash in every name (scripts/finish-dist.mjs) and writes
/// the names on the boot `<script>`; a page without them (the browser tests) uses the plain name.
pub fn asset(key: &str, plain: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("script[data-fitdata-js]").ok().flatten())
        .and_then(|tag| tag.get_attribute(&format!("data-fitdata-{key}")))
        .unwrap_or_else(|| plain.to_string())
}
