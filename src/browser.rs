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
