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

/// The answer of an HTTP exchange: status and body text, whatever the status.
pub struct HttpReply {
    pub status: u16,
    pub body: String,
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

/// GETs with a bearer token. A network or CORS failure is an `Err`; any HTTP status is an `Ok`.
pub async fn get_bearer(url: &str, token: &str) -> Result<HttpReply, BrowserError> {
    let result = gloo_net::http::Request::get(url)
        .header("Authorization", &format!("Bearer {token}"))
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await;
    reply(url, result).await
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
    let body = response.text().await.map_err(|e| BrowserError::Network {
        url: shown,
        detail: e.to_string(),
    })?;
    Ok(HttpReply { status, body })
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
