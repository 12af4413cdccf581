//! HTTP: a token request (form POST), API calls with a bearer token, timeouts and aborts, and
//! same-origin files (config.json).

use super::BrowserError;

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

/// The deployer's `config.json`: the answer `boot.js` asked for while the app's files loaded
/// (taken once), or, when there is none or it failed, asked for again here (with the error
/// that says why).
pub async fn fetch_config() -> Result<String, BrowserError> {
    // Taken once: a later start (the app module after the start module's) asks the host again.
    let early = super::take_global("fitdataConfig")
        .and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p).ok());
    if let Some(promise) = early {
        if let Ok(answer) = wasm_bindgen_futures::JsFuture::from(promise).await {
            let field = |k: &str| js_sys::Reflect::get(&answer, &k.into()).ok();
            let status = field("status").and_then(|v| v.as_f64());
            if let (Some(200.0), Some(text)) = (status, field("text").and_then(|v| v.as_string())) {
                return Ok(text);
            }
        }
    }
    fetch_text("config.json").await
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
