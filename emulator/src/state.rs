//! The emulator's shared state: the synthetic person, the controllable clock, the request log.

use crate::{Host, Origins};
use axum::extract::{self, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use fitdata_synth::Person;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

pub type Shared = Arc<SharedState>;

pub struct SharedState {
    pub origins: Origins,
    pub app_dir: Option<PathBuf>,
    pub app_base: String,
    inner: Mutex<State>,
}

/// Everything a test may reset.
pub struct State {
    pub person: Person,
    /// Added to the real clock (seconds), moved forward by the control API.
    pub clock_offset: i64,
    pub log: Vec<LogEntry>,
    /// `config.json` text served instead of the generated one (tests of broken configs).
    pub app_config_override: Option<String>,
    seed: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LogEntry {
    pub host: &'static str,
    pub method: String,
    pub path: String,
    pub status: u16,
}

impl SharedState {
    /// Locks the state. A panic while holding the lock cannot leave it half-written in a way
    /// that matters to a test emulator, so a poisoned lock is simply taken over.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The emulator's "now" in unix seconds.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.lock().clock_offset
    }
}

impl State {
    fn fresh(seed: u64) -> State {
        State {
            person: Person::berlin(seed),
            clock_offset: 0,
            log: Vec::new(),
            app_config_override: None,
            seed,
        }
    }

    pub fn reset(&mut self) {
        *self = State::fresh(self.seed);
    }

    /// Request counts per `host path`, for tests that assert exact request numbers.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.log {
            *counts.entry(format!("{} {}", e.host, e.path)).or_insert(0) += 1;
        }
        counts
    }
}

pub fn new_shared(
    seed: u64,
    origins: Origins,
    app_dir: Option<PathBuf>,
    app_base: String,
) -> Shared {
    Arc::new(SharedState {
        origins,
        app_dir,
        app_base,
        inner: Mutex::new(State::fresh(seed)),
    })
}

/// Wraps a host's router so that every request lands in the request log.
pub fn logged(router: Router, shared: Shared, host: Host) -> Router {
    router.layer(axum::middleware::from_fn_with_state(
        (shared, host),
        |extract::State((shared, host)): extract::State<(Shared, Host)>,
         req: Request,
         next: Next| async move {
            let method = req.method().to_string();
            let path = req.uri().path().to_string();
            let response = next.run(req).await;
            shared.lock().log.push(LogEntry {
                host: host.name(),
                method,
                path,
                status: response.status().as_u16(),
            });
            response
        },
    ))
}

/// A host whose API is not emulated: every path is a logged 404.
pub fn not_yet_router(shared: Shared, host: Host) -> Router {
    let router = Router::new()
        .fallback(|| async { (axum::http::StatusCode::NOT_FOUND, "not emulated").into_response() });
    logged(router, shared, host)
}

/// `Response` helper used by several modules.
pub fn json<T: Serialize>(status: axum::http::StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}
