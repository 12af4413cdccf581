//! The thin browser layer: the only module that touches `web_sys`, `js_sys` or `gloo_net` directly.

use thiserror::Error;

/// A failure of the browser itself (network, missing APIs), as opposed to an HTTP error status.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum BrowserError {
    #[error("the browser could not reach {url} ({detail}); check your connection, or whether a blocker or CORS refused it")]
    Network { url: String, detail: String },
    #[error("{url} answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("this browser lacks {0}; use a current Chromium, Firefox or Safari")]
    Unsupported(&'static str),
    #[error("the browser refused to store data ({0}); allow site storage for this page (private windows may block it)")]
    Storage(String),
    #[error("the chart could not be drawn ({0}); reload the page")]
    Chart(String),
    #[error("{url} did not answer within {secs} s")]
    Timeout { url: String, secs: u32 },
    #[error("the request was cancelled")]
    Aborted,
}

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

/// Wall-clock time, unix milliseconds.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The answer of an HTTP exchange: status and body text, whatever the status, and the
/// rate-limit headers when the server lets scripts read them.
pub struct HttpReply {
    pub status: u16,
    pub body: String,
    /// `Retry-After`, in seconds.
    pub retry_after_s: Option<u64>,
    /// `Fitbit-Rate-Limit-Remaining` and `-Reset` (seconds), read only if CORS exposes them.
    pub rate_remaining: Option<u32>,
    pub rate_reset_s: Option<i64>,
}

/// POSTs a form. A network or CORS failure is an `Err`; any HTTP status is an `Ok`.
pub async fn post_form(
    url: &str,
    body: &str,
    basic: Option<&str>,
) -> Result<HttpReply, BrowserError> {
    let mut req = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .cache(web_sys::RequestCache::NoStore);
    if let Some(b) = basic {
        req = req.header("Authorization", b);
    }
    let req = req
        .body(body.to_string())
        .map_err(|e| BrowserError::Network {
            url: url.to_string(),
            detail: e.to_string(),
        })?;
    reply(url, req.send().await).await
}

/// Cancels requests when the view that asked for them goes away.
#[derive(Clone)]
pub struct Abort(web_sys::AbortController);

impl Abort {
    pub fn new() -> Result<Abort, BrowserError> {
        web_sys::AbortController::new()
            .map(Abort)
            .map_err(|_| BrowserError::Unsupported("AbortController"))
    }

    pub fn abort(&self) {
        self.0.abort();
    }

    pub fn is_aborted(&self) -> bool {
        self.0.signal().aborted()
    }
}

/// GETs (or with `json`, POSTs that JSON body: Google's rollups) with a bearer token, giving
/// up after `timeout_ms` or when `abort` fires. A network or CORS failure, a timeout and an
/// abort are each their own `Err`; any HTTP status is an `Ok`.
pub async fn send_bearer(
    url: &str,
    token: &str,
    json: Option<&str>,
    timeout_ms: u32,
    abort: Option<&Abort>,
) -> Result<HttpReply, BrowserError> {
    let timeout = web_sys::AbortSignal::timeout_with_u32(timeout_ms);
    let signals = js_sys::Array::of1(&timeout);
    if let Some(a) = abort {
        if a.is_aborted() {
            return Err(BrowserError::Aborted);
        }
        signals.push(&a.0.signal());
    }
    let signal = web_sys::AbortSignal::any(&signals);
    let builder = match json {
        Some(_) => gloo_net::http::Request::post(url).header("Content-Type", "application/json"),
        None => gloo_net::http::Request::get(url),
    }
    .header("Authorization", &format!("Bearer {token}"))
    .cache(web_sys::RequestCache::NoStore)
    .abort_signal(Some(&signal));
    let result = match json {
        Some(body) => match builder.body(body.to_string()) {
            Ok(r) => r.send().await,
            Err(e) => Err(e),
        },
        None => builder.send().await,
    };
    let answer = reply(url, result).await;
    if answer.is_err() {
        if abort.is_some_and(Abort::is_aborted) {
            return Err(BrowserError::Aborted);
        }
        if timeout.aborted() {
            return Err(BrowserError::Timeout {
                url: url.split('?').next().unwrap_or(url).to_string(),
                secs: timeout_ms / 1000,
            });
        }
    }
    answer
}

async fn reply(
    url: &str,
    result: Result<gloo_net::http::Response, gloo_net::Error>,
) -> Result<HttpReply, BrowserError> {
    // Only the URL without its query goes into errors: a query may carry identifiers.
    let shown = url.split('?').next().unwrap_or(url).to_string();
    let response = result.map_err(|e| BrowserError::Network {
        url: shown.clone(),
        detail: e.to_string(),
    })?;
    let status = response.status();
    let header = |name: &str| response.headers().get(name);
    let retry_after_s = header("retry-after").and_then(|v| v.trim().parse().ok());
    let rate_remaining = header("fitbit-rate-limit-remaining").and_then(|v| v.trim().parse().ok());
    let rate_reset_s = header("fitbit-rate-limit-reset").and_then(|v| v.trim().parse().ok());
    let body = response.text().await.map_err(|e| BrowserError::Network {
        url: shown,
        detail: e.to_string(),
    })?;
    Ok(HttpReply {
        status,
        body,
        retry_after_s,
        rate_remaining,
        rate_reset_s,
    })
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                i32::try_from(ms).unwrap_or(i32::MAX),
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A uniform random number in [0, 1), for retry jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Builds a large download in pieces held by the browser (not in the wasm heap), so a year of
/// rows never has to exist as one string.
pub struct BlobParts(js_sys::Array);

impl BlobParts {
    pub fn new() -> BlobParts {
        BlobParts(js_sys::Array::new())
    }

    /// Copies `bytes` out of wasm memory into a new part.
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(&js_sys::Uint8Array::from(bytes));
    }

    pub fn len(&self) -> u32 {
        self.0.length()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for BlobParts {
    fn default() -> Self {
        BlobParts::new()
    }
}

/// Offers `parts` to the user as the file `name` (a download the browser saves).
pub fn download(name: &str, mime: &str, parts: &BlobParts) -> Result<(), BrowserError> {
    use wasm_bindgen::JsCast;
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts.0, &bag)
        .map_err(|_| BrowserError::Unsupported("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| BrowserError::Unsupported("object URLs"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(BrowserError::Unsupported("a document"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| BrowserError::Unsupported("links"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once this task ends.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

/// GETs a same-origin file (relative to the page, so the app works under any sub-path) as text.
pub async fn fetch_text(relative_url: &str) -> Result<String, BrowserError> {
    let response = gloo_net::http::Request::get(relative_url)
        // config.json is what a deployer edits: never serve a stale copy from the HTTP cache.
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(|e| BrowserError::Network {
            url: relative_url.to_string(),
            detail: e.to_string(),
        })?;
    if !response.ok() {
        return Err(BrowserError::Status {
            url: relative_url.to_string(),
            status: response.status(),
        });
    }
    response.text().await.map_err(|e| BrowserError::Network {
        url: relative_url.to_string(),
        detail: e.to_string(),
    })
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

mod locks {
    use wasm_bindgen::prelude::*;

    // The Web Locks API is behind `web_sys_unstable_apis`; this one method is all the app needs.
    #[wasm_bindgen]
    extern "C" {
        pub type LockManager;
        #[wasm_bindgen(method, js_name = request)]
        pub fn request(
            this: &LockManager,
            name: &str,
            callback: &js_sys::Function,
        ) -> js_sys::Promise;
    }
}

/// Runs `work` while holding the Web Lock `name`, shared by every tab of this origin: whoever
/// holds it, the others wait. Falls back to running unlocked where the API is missing.
pub async fn with_lock<T: 'static>(
    name: &str,
    work: impl std::future::Future<Output = T> + 'static,
) -> Result<T, BrowserError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let navigator = web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .navigator();
    let manager = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null());
    let Some(manager) = manager else {
        return Ok(work.await);
    };
    let manager: locks::LockManager = manager.unchecked_into();
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let work = RefCell::new(Some(work));
    // The lock is held until the promise this callback returns settles.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let work = work.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                let value = work.await;
                *out.borrow_mut() = Some(value);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = manager.request(name, callback.unchecked_ref());
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| BrowserError::Unsupported("navigator.locks"))?;
    let value = slot.borrow_mut().take();
    value.ok_or(BrowserError::Unsupported("navigator.locks"))
}

/// Listens for changes another tab makes to localStorage. Dropping it stops listening.
pub struct StorageListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::StorageEvent)>,
}

impl Drop for StorageListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "storage",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `f(key)` whenever another tab changes or removes a localStorage key (`None`: cleared).
pub fn on_storage_change(
    mut f: impl FnMut(Option<String>) + 'static,
) -> Result<StorageListener, BrowserError> {
    use wasm_bindgen::JsCast;
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
        move |e: web_sys::StorageEvent| f(e.key()),
    );
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref())
        .map_err(|_| BrowserError::Unsupported("storage events"))?;
    Ok(StorageListener { closure })
}

/// The app's IndexedDB database. Unlike localStorage (a per-tab cache that other tabs' writes
/// reach later), a committed IndexedDB write is seen by every read that starts after it.
pub const DB_NAME: &str = "fitdata";
/// Version 1 had the key-value store only; version 2 added the day cache. Opening a version-1
/// database upgrades it in place: IndexedDB creates the missing store, `kv` keeps its data.
pub const DB_VERSION: u32 = 2;
/// Small values: the refresh-rotation journal, backfill plans.
pub const KV_STORE: &str = "kv";
/// The day cache (see `data::cache`).
pub const DAYS_STORE: &str = "days";

async fn open_db() -> Result<rexie::Rexie, BrowserError> {
    open_db_at(DB_VERSION).await
}

/// Opens the database at `version` with the stores that version has. Public for the migration
/// test, which creates a version-1 database first.
pub async fn open_db_at(version: u32) -> Result<rexie::Rexie, BrowserError> {
    let mut b = rexie::Rexie::builder(DB_NAME)
        .version(version)
        .add_object_store(rexie::ObjectStore::new(KV_STORE));
    if version >= 2 {
        b = b.add_object_store(rexie::ObjectStore::new(DAYS_STORE));
    }
    b.build()
        .await
        .map_err(|e| BrowserError::Storage(format!("IndexedDB: {e}")))
}

fn idb_err(e: rexie::Error) -> BrowserError {
    BrowserError::Storage(format!("IndexedDB: {e}"))
}

/// Reads a text value from the app's IndexedDB key-value store.
pub async fn idb_get(key: &str) -> Result<Option<String>, BrowserError> {
    idb_get_in(KV_STORE, key).await
}

/// Writes a text value and returns once the transaction has committed.
pub async fn idb_put(key: &str, value: &str) -> Result<(), BrowserError> {
    idb_put_all_in(KV_STORE, &[(key.to_string(), value.to_string())]).await
}

/// Reads a text value from `store`.
pub async fn idb_get_in(store: &str, key: &str) -> Result<Option<String>, BrowserError> {
    let db = open_db().await?;
    let value = {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadOnly)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        s.get(wasm_bindgen::JsValue::from_str(key))
            .await
            .map_err(idb_err)?
    };
    db.close();
    Ok(value.and_then(|v| v.as_string()))
}

/// Writes several text values in one transaction and returns once it has committed: all land,
/// or none does.
pub async fn idb_put_all_in(store: &str, items: &[(String, String)]) -> Result<(), BrowserError> {
    let db = open_db().await?;
    {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadWrite)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        for (key, value) in items {
            s.put(
                &wasm_bindgen::JsValue::from_str(value),
                Some(&wasm_bindgen::JsValue::from_str(key)),
            )
            .await
            .map_err(idb_err)?;
        }
        tx.done().await.map_err(idb_err)?;
    }
    db.close();
    Ok(())
}

/// Deletes one key from `store`.
pub async fn idb_delete_in(store: &str, key: &str) -> Result<(), BrowserError> {
    let db = open_db().await?;
    {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadWrite)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        s.delete(wasm_bindgen::JsValue::from_str(key))
            .await
            .map_err(idb_err)?;
        tx.done().await.map_err(idb_err)?;
    }
    db.close();
    Ok(())
}

/// The keys of `store` in `[lo, hi]` (text order).
pub async fn idb_keys_between(
    store: &str,
    lo: &str,
    hi: &str,
) -> Result<Vec<String>, BrowserError> {
    let db = open_db().await?;
    let keys = {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadOnly)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        let range = rexie::KeyRange::bound(&lo.into(), &hi.into(), Some(false), Some(false))
            .map_err(|e| BrowserError::Storage(format!("IndexedDB key range: {e}")))?;
        s.get_all_keys(Some(range), None).await.map_err(idb_err)?
    };
    db.close();
    Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
}

/// How many records `store` holds.
pub async fn idb_count(store: &str) -> Result<u32, BrowserError> {
    let db = open_db().await?;
    let n = {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadOnly)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        s.count(None).await.map_err(idb_err)?
    };
    db.close();
    Ok(n)
}

/// Empties `store`.
pub async fn idb_clear(store: &str) -> Result<(), BrowserError> {
    let db = open_db().await?;
    {
        let tx = db
            .transaction(&[store], rexie::TransactionMode::ReadWrite)
            .map_err(idb_err)?;
        let s = tx.store(store).map_err(idb_err)?;
        s.clear().await.map_err(idb_err)?;
        tx.done().await.map_err(idb_err)?;
    }
    db.close();
    Ok(())
}

/// Bytes this site stores, as the browser reports it (`navigator.storage.estimate()`).
pub async fn storage_estimate() -> Option<f64> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.estimate().ok()?;
    let estimate = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    js_sys::Reflect::get(&estimate, &"usage".into())
        .ok()?
        .as_f64()
}

/// Deletes the app's whole IndexedDB database.
pub async fn idb_delete_all() -> Result<(), BrowserError> {
    rexie::Rexie::delete(DB_NAME).await.map_err(idb_err)
}

/// Copies `text` to the clipboard (a user gesture must have started this).
pub async fn copy_to_clipboard(text: &str) -> Result<(), BrowserError> {
    use wasm_bindgen::JsCast;
    let navigator = web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map_err(|_| BrowserError::Unsupported("the clipboard"))?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(BrowserError::Unsupported("the clipboard"))?;
    let promise = write
        .call1(&clipboard, &text.into())
        .map_err(|_| BrowserError::Unsupported("the clipboard"))?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map(|_| ())
        .map_err(|_| BrowserError::Unsupported("clipboard permission"))
}

/// The URL fragment without `#` (the app's route, e.g. `/settings`).
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Listens for `hashchange`. Dropping it stops listening.
pub struct HashListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for HashListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "hashchange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

pub fn on_hash_change(f: impl FnMut() + 'static) -> Result<HashListener, BrowserError> {
    use wasm_bindgen::JsCast;
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())
        .map_err(|_| BrowserError::Unsupported("hashchange events"))?;
    Ok(HashListener { closure })
}

mod echarts_ffi {
    use wasm_bindgen::prelude::*;

    // charming binds init/setOption/resize but not dispose, which frees the chart's canvas and
    // listeners when its view goes away.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = echarts, js_name = dispose)]
        pub fn dispose(chart: &JsValue);

        pub type Instance;
        #[wasm_bindgen(method, js_name = setOption)]
        pub fn set_option(this: &Instance, option: JsValue);
    }
}

/// A live ECharts instance.
pub struct ChartHandle(charming::Echarts);

/// Draws `chart` into the element with id `id`, sized by its container.
pub fn chart_render(id: &str, option: &serde_json::Value) -> Result<ChartHandle, BrowserError> {
    let has_echarts = web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"echarts".into()).unwrap_or(false))
        .unwrap_or(false);
    if !has_echarts {
        return Err(BrowserError::Unsupported(
            "ECharts (echarts.min.js did not load)",
        ));
    }
    // The page follows the system's light or dark setting; so do the charts.
    let theme = if prefers_dark() {
        charming::theme::Theme::Dark
    } else {
        charming::theme::Theme::Default
    };
    // charming's render sets the option it is given; give it an empty one, so the chart (a day
    // of 1-second data can be large) is serialized and set once, by `chart_update`, with useUTC.
    charming::WasmRenderer::new_opt(None, None)
        .theme(theme)
        .render(id, &charming::Chart::new())
        .map(ChartHandle)
        .map_err(|e| BrowserError::Chart(format!("{e:?}")))
        .inspect(|h| chart_update(h, option))
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

/// Runs `f` before the next repaint.
pub fn next_frame(f: impl FnOnce() + 'static) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        use wasm_bindgen::JsCast;
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// Replaces the chart's data and options with `option` (from `charts::option`).
pub fn chart_update(handle: &ChartHandle, option: &serde_json::Value) {
    use wasm_bindgen::JsCast;
    if let Ok(js) = js_sys::JSON::parse(&option.to_string()) {
        let instance: &echarts_ffi::Instance = handle.0.unchecked_ref();
        instance.set_option(js);
    }
}

/// Frees the chart.
pub fn chart_dispose(handle: ChartHandle) {
    echarts_ffi::dispose(handle.0.as_ref());
}
