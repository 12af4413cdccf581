//! Web Storage (localStorage for tokens and small copies, sessionStorage for a sign-in in
//! flight), other tabs' changes to it, and the site's storage estimate.

use super::BrowserError;

/// Which Web Storage area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Survives reloads and restarts: tokens.
    Local,
    /// One tab, one visit: the in-flight sign-in (PKCE verifier, state).
    Session,
}

fn storage(area: Area) -> Result<web_sys::Storage, BrowserError> {
    let window = web_sys::window().ok_or(BrowserError::Unsupported("a window object"))?;
    let store = match area {
        Area::Local => window.local_storage(),
        Area::Session => window.session_storage(),
    };
    store
        .map_err(|_| BrowserError::Storage("access denied".into()))?
        .ok_or(BrowserError::Unsupported("Web Storage"))
}

pub fn storage_get(area: Area, key: &str) -> Result<Option<String>, BrowserError> {
    storage(area)?
        .get_item(key)
        .map_err(|_| BrowserError::Storage(format!("reading {key}")))
}

pub fn storage_set(area: Area, key: &str, value: &str) -> Result<(), BrowserError> {
    storage(area)?
        .set_item(key, value)
        .map_err(|_| BrowserError::Storage(format!("writing {key} (storage full?)")))
}

pub fn storage_remove(area: Area, key: &str) -> Result<(), BrowserError> {
    storage(area)?
        .remove_item(key)
        .map_err(|_| BrowserError::Storage(format!("removing {key}")))
}

/// Every key in `area` that starts with `prefix`.
pub fn storage_keys(area: Area, prefix: &str) -> Result<Vec<String>, BrowserError> {
    let s = storage(area)?;
    let n = s
        .length()
        .map_err(|_| BrowserError::Storage("listing keys".into()))?;
    Ok((0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect())
}

/// Listens for changes another tab makes to localStorage (Leptos' window listener). Dropping
/// it stops listening.
pub struct StorageListener(Option<leptos::prelude::WindowListenerHandle>);

impl Drop for StorageListener {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            h.remove();
        }
    }
}

/// Calls `f(key)` whenever another tab changes or removes a localStorage key (`None`: cleared).
pub fn on_storage_change(
    f: impl Fn(Option<String>) + 'static,
) -> Result<StorageListener, BrowserError> {
    web_sys::window().ok_or(BrowserError::Unsupported("a window object"))?;
    let handle = leptos::prelude::window_event_listener(leptos::ev::storage, move |e| f(e.key()));
    Ok(StorageListener(Some(handle)))
}

/// Bytes this site stores, as the browser reports it (`navigator.storage.estimate()`).
pub async fn storage_estimate() -> Option<f64> {
    storage_room().await.map(|(usage, _)| usage)
}

/// Bytes this site stores and the most it may store (`navigator.storage.estimate()`).
pub async fn storage_room() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.estimate().ok()?;
    let estimate = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let get = |k: &str| js_sys::Reflect::get(&estimate, &k.into()).ok()?.as_f64();
    Some((get("usage")?, get("quota")?))
}

/// The site's `navigator.storage` if it can promise persistence (`persist` is a function):
/// absent outside a secure context and in some embedded browsers.
fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    let persist = js_sys::Reflect::get(&storage, &"persist".into()).ok()?;
    persist
        .is_function()
        .then(|| wasm_bindgen::JsCast::unchecked_into::<web_sys::StorageManager>(storage))
}

/// `navigator.storage.persisted()`: whether the browser has promised to keep this site's
/// data. `None` where it cannot promise.
pub async fn storage_persisted() -> Option<bool> {
    answer(storage_manager()?.persisted()).await
}

/// A promise's answer, if it is a yes or a no.
async fn answer(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Option<bool> {
    wasm_bindgen_futures::JsFuture::from(promise.ok()?)
        .await
        .ok()?
        .as_bool()
}

/// `navigator.storage.persist()`: asks the browser to keep this site's data (Firefox asks the
/// person; Chromium decides by itself). The answer, or `None` where it cannot promise.
pub async fn storage_persist() -> Option<bool> {
    answer(storage_manager()?.persist()).await
}

/// `navigator.userAgent`, or empty.
pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}
