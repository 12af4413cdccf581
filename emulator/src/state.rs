//! The emulator's shared state: the synthetic person, the controllable clock, the request log.

use crate::auth_store::{AuthStore, Client, ClientType, Side};
use crate::faults::Faults;
use crate::{Host, Origins};
use axum::extract::{self, Request};
use axum::middleware::Next;
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
    pub auth: AuthStore,
    pub faults: Faults,
    /// Request instants per rate-limit bucket (user + API), for the sliding/clock windows.
    pub rate: BTreeMap<String, Vec<i64>>,
    /// Fitbit: seconds during which an identical refresh request gets the same answer.
    pub fitbit_replay_window: i64,
    /// Fitbit: Client-type apps approved for intraday data (Personal apps always are).
    pub fitbit_intraday_approved: bool,
    /// Google: the world switches (units, a phone, pessimistic paging and filters).
    pub google: crate::world::World,
    seed: u64,
    zone: Option<chrono_tz::Tz>,
    redirect_uri: String,
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
        self.lock().now()
    }
}

/// The clients the emulator knows, as `config.json` of the demo names them.
fn registered_clients(redirect_uri: &str) -> Vec<Client> {
    use crate::clients::{
        FITBIT_CLIENT_ID, FITBIT_PERSONAL_ID, FITBIT_PERSONAL_SECRET, GOOGLE_CLIENT_ID,
        GOOGLE_CLIENT_SECRET,
    };
    vec![
        Client {
            side: Side::Google,
            id: GOOGLE_CLIENT_ID.into(),
            secret: Some(GOOGLE_CLIENT_SECRET.into()),
            client_type: ClientType::GoogleWeb,
            redirect_uris: vec![redirect_uri.to_string()],
            testing_mode: true,
        },
        Client {
            side: Side::Fitbit,
            id: FITBIT_CLIENT_ID.into(),
            secret: None,
            client_type: ClientType::FitbitClient,
            redirect_uris: vec![redirect_uri.to_string()],
            testing_mode: false,
        },
        Client {
            side: Side::Fitbit,
            id: FITBIT_PERSONAL_ID.into(),
            secret: Some(FITBIT_PERSONAL_SECRET.into()),
            client_type: ClientType::FitbitPersonal,
            redirect_uris: vec![redirect_uri.to_string()],
            testing_mode: false,
        },
    ]
}

impl State {
    fn fresh(seed: u64, zone: Option<chrono_tz::Tz>, redirect_uri: String) -> State {
        let person = match zone {
            // Someone at home in `zone`, with the same two-week trip, to Berlin this time.
            Some(z) if z != chrono_tz::Europe::Berlin => {
                Person::with_home(seed, z, chrono_tz::Europe::Berlin)
            }
            _ => Person::berlin(seed),
        };
        State {
            person,
            clock_offset: 0,
            log: Vec::new(),
            app_config_override: None,
            auth: AuthStore {
                clients: registered_clients(&redirect_uri),
                ..AuthStore::default()
            },
            faults: Faults::default(),
            rate: BTreeMap::new(),
            fitbit_replay_window: 120,
            fitbit_intraday_approved: true,
            google: crate::world::World::default(),
            seed,
            zone,
            redirect_uri,
        }
    }

    /// The emulator's "now" in unix seconds.
    pub fn now(&self) -> i64 {
        chrono::Utc::now().timestamp() + self.clock_offset
    }

    pub fn reset(&mut self) {
        *self = State::fresh(self.seed, self.zone, self.redirect_uri.clone());
    }

    /// Records a request in `bucket` and says whether it is within `limit` per `window`
    /// seconds; windows are aligned to the clock (Fitbit resets at the top of the hour).
    /// Returns the seconds until the window resets, and the requests left.
    pub fn rate_check(&mut self, bucket: &str, limit: usize, window: i64) -> RateVerdict {
        let now = self.now();
        let start = now - now.rem_euclid(window);
        let hits = self.rate.entry(bucket.to_string()).or_default();
        hits.retain(|&t| t >= start);
        let reset_in = start + window - now;
        if hits.len() >= limit {
            return RateVerdict {
                allowed: false,
                remaining: 0,
                reset_in,
            };
        }
        hits.push(now);
        RateVerdict {
            allowed: true,
            remaining: limit - hits.len(),
            reset_in,
        }
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

/// The answer of a rate limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateVerdict {
    pub allowed: bool,
    pub remaining: usize,
    pub reset_in: i64,
}

pub fn new_shared(
    seed: u64,
    zone: Option<chrono_tz::Tz>,
    origins: Origins,
    app_dir: Option<PathBuf>,
    app_base: String,
) -> Shared {
    let redirect_uri = format!("{}redirect.html", origins.app);
    Arc::new(SharedState {
        origins,
        app_dir,
        app_base,
        inner: Mutex::new(State::fresh(seed, zone, redirect_uri)),
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
