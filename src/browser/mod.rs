//! The thin browser layer: the only module that touches `web_sys`, `js_sys` or `gloo_net`
//! directly. One file per job; the functions are re-exported here, so callers say
//! `browser::storage_get` whatever file holds it.

mod chart;
mod dom;
mod download;
mod handover;
mod http;
mod idb;
mod locks;
mod storage;
mod worker;
mod zone;

pub use chart::*;
pub use dom::*;
pub use download::*;
pub use handover::*;
pub use http::*;
pub use idb::*;
pub use locks::*;
pub use storage::*;
pub use worker::*;
pub use zone::*;

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
    #[error("this browser's storage for this page is full")]
    StorageFull,
    #[error("this browser keeps no data for this page: {0}")]
    NoStorage(String),
    #[error("the chart could not be drawn ({0}); reload the page")]
    Chart(String),
    #[error("{url} did not answer within {secs} s")]
    Timeout { url: String, secs: u32 },
    #[error("the request was cancelled")]
    Aborted,
    #[error("the background worker failed ({0})")]
    Worker(String),
    #[error("the app could not be loaded ({0}); reload the page")]
    AppLoad(String),
    #[error("the dropped files could not be read ({0}); choose them with the buttons instead")]
    Dropped(String),
}

/// A value boot.js or the other module left on `globalThis` under `name`, taken once: the
/// property is deleted, so a later start finds nothing. `None` when there is none.
pub fn take_global(name: &str) -> Option<wasm_bindgen::JsValue> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str(name);
    let value = js_sys::Reflect::get(&global, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&global, &key);
    (!value.is_undefined()).then_some(value)
}

/// Wall-clock time, unix milliseconds.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
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

/// `work`'s result, or `None` when `ms` milliseconds pass first (`work` is then dropped).
pub async fn within<T>(ms: u32, work: impl std::future::Future<Output = T>) -> Option<T> {
    use std::future::Future;
    use std::task::Poll;
    let mut work = std::pin::pin!(work);
    let mut timer = std::pin::pin!(sleep_ms(ms));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// A uniform random number in [0, 1), for retry jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}
