//! The loopback emulator: one 127.0.0.1 port per real host (so origins and CORS behave as in
//! production), a control API for tests, and a static server for the built app.

// Handlers return early with a ready `Response` as their error; boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod app_server;
pub mod auth_store;
pub mod clients;
pub mod control;
pub mod edge;
pub mod faults;
pub mod filter;
pub mod fitbit;
pub mod google_oauth;
pub mod health;
pub mod sample_export;
pub mod state;
pub mod system_params;
pub mod wire;
pub mod world;

use serde::Serialize;
use state::Shared;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

/// The real hosts the emulator stands in for, and its own two ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    AccountsGoogle,
    Oauth2Googleapis,
    HealthGoogleapis,
    WwwFitbit,
    ApiFitbit,
    Control,
    App,
}

impl Host {
    pub const ALL: [Host; 7] = [
        Host::AccountsGoogle,
        Host::Oauth2Googleapis,
        Host::HealthGoogleapis,
        Host::WwwFitbit,
        Host::ApiFitbit,
        Host::Control,
        Host::App,
    ];

    /// The name used on the command line, in the origins line and in the request log.
    pub fn name(self) -> &'static str {
        match self {
            Host::AccountsGoogle => "accounts_google",
            Host::Oauth2Googleapis => "oauth2_googleapis",
            Host::HealthGoogleapis => "health_googleapis",
            Host::WwwFitbit => "www_fitbit",
            Host::ApiFitbit => "api_fitbit",
            Host::Control => "control",
            Host::App => "app",
        }
    }
}

/// How to start the emulator.
#[derive(Clone, Debug)]
pub struct Options {
    /// Port per host; 0 picks a free one.
    pub ports: Vec<(Host, u16)>,
    /// The built app (Trunk's `dist/`) to serve on the app port, if any.
    pub app_dir: Option<PathBuf>,
    /// The path the app is served under, starting and ending with `/` (e.g. `/fitdata/`).
    pub app_base: String,
    /// Seed of the synthetic person.
    pub seed: u64,
    /// The person's home zone; `None` is Europe/Berlin (with a trip to Los Angeles).
    pub zone: Option<chrono_tz::Tz>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ports: Host::ALL.iter().map(|&h| (h, 0)).collect(),
            app_dir: None,
            app_base: "/".into(),
            seed: 42,
            zone: None,
        }
    }
}

/// The origins the emulator listens on, printed as one JSON line at start.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Origins {
    pub accounts_google: String,
    pub oauth2_googleapis: String,
    pub health_googleapis: String,
    pub www_fitbit: String,
    pub api_fitbit: String,
    pub control: String,
    /// The app's URL (origin plus base path), when an app dir is served.
    pub app: String,
}

impl Origins {
    pub fn get(&self, host: Host) -> &str {
        match host {
            Host::AccountsGoogle => &self.accounts_google,
            Host::Oauth2Googleapis => &self.oauth2_googleapis,
            Host::HealthGoogleapis => &self.health_googleapis,
            Host::WwwFitbit => &self.www_fitbit,
            Host::ApiFitbit => &self.api_fitbit,
            Host::Control => &self.control,
            Host::App => &self.app,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on 127.0.0.1:{port} for {host}: {source}. Pick another port or stop what uses it.")]
    Bind {
        host: &'static str,
        port: u16,
        source: std::io::Error,
    },
    #[error("the app base path must start and end with '/', got {0:?}")]
    AppBase(String),
}

/// A running emulator. Dropping it does not stop the servers; they live as long as the runtime.
pub struct Running {
    pub origins: Origins,
    pub shared: Shared,
}

/// Binds every port, then serves all hosts on the current tokio runtime.
pub async fn start(options: Options) -> Result<Running, StartError> {
    if !options.app_base.starts_with('/') || !options.app_base.ends_with('/') {
        return Err(StartError::AppBase(options.app_base));
    }
    let mut listeners = Vec::new();
    for host in Host::ALL {
        let port = options
            .ports
            .iter()
            .find(|(h, _)| *h == host)
            .map_or(0, |(_, p)| *p);
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|source| StartError::Bind {
                host: host.name(),
                port,
                source,
            })?;
        let addr: SocketAddr = listener.local_addr().map_err(|source| StartError::Bind {
            host: host.name(),
            port,
            source,
        })?;
        listeners.push((host, listener, format!("http://{addr}")));
    }
    let origin_of = |h: Host| {
        listeners
            .iter()
            .find(|(host, _, _)| *host == h)
            .map(|(_, _, o)| o.clone())
            .unwrap_or_default()
    };
    let origins = Origins {
        accounts_google: origin_of(Host::AccountsGoogle),
        oauth2_googleapis: origin_of(Host::Oauth2Googleapis),
        health_googleapis: origin_of(Host::HealthGoogleapis),
        www_fitbit: origin_of(Host::WwwFitbit),
        api_fitbit: origin_of(Host::ApiFitbit),
        control: origin_of(Host::Control),
        app: format!("{}{}", origin_of(Host::App), options.app_base),
    };
    let shared = state::new_shared(
        options.seed,
        options.zone,
        origins.clone(),
        options.app_dir,
        options.app_base,
    );
    for (host, listener, _) in listeners {
        let router = match host {
            Host::Control => control::router(shared.clone()),
            Host::App => app_server::router(shared.clone()),
            Host::AccountsGoogle => google_oauth::accounts_router(shared.clone()),
            Host::Oauth2Googleapis => google_oauth::token_router(shared.clone()),
            Host::HealthGoogleapis => health::router(shared.clone()),
            Host::WwwFitbit => fitbit::www_router(shared.clone()),
            Host::ApiFitbit => fitbit::api_router(shared.clone()),
        };
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                eprintln!("emulator: {} server stopped: {e}", host.name());
            }
        });
    }
    Ok(Running { origins, shared })
}
