//! The sources of data, one folder each (`google/`, `fitbit/`, `demo/`), each owning its whole
//! wire contract: request building, paging, decoding and its rate budget. URL building and
//! decoding are pure (and host-tested); `client` sends requests with the session's tokens.

pub mod budget;
pub mod demo;
pub mod fitbit;
pub mod google;
pub mod import;
pub mod json;
pub mod limits;
pub mod provenance;

/// Whether a source has `data` at all. The exercise list and the sleep score come only from an
/// export (and the demo): the Web API never served the score, and this app does not read
/// either API's exercise logs yet. A type a source lacks is asked of no one and shown nowhere.
pub fn offers(kind: crate::model::Source, data: crate::model::Kind) -> bool {
    use crate::model::{Kind, Source};
    match (kind, data) {
        (Source::Demo | Source::Import, _) => true,
        // Google lists exercises; the legacy Fitbit API's activity logs are not read.
        (Source::Google, Kind::Exercises) => true,
        // Only an export (and the demo) has these: neither API is asked.
        (_, Kind::Exercises | Kind::Night(_) | Kind::Food | Kind::BeatHistogram) => false,
        (Source::Google, Kind::Daily(m)) => m.google().is_some(),
        (Source::Fitbit, Kind::Daily(m)) => m.fitbit().is_some(),
        _ => true,
    }
}

#[cfg(test)]
mod budget_tests;
#[cfg(test)]
mod wire_tests;

/// The zone a source names (`Europe/Berlin`), with its rules: from the browser's `Intl` in the
/// app, from the tz database on the host. `None` for a name neither knows.
pub fn zone_named(name: &str) -> Option<crate::model::zone::Zone> {
    #[cfg(target_arch = "wasm32")]
    return crate::browser::zone_named(name);
    #[cfg(not(target_arch = "wasm32"))]
    return crate::model::zone::Zone::tzdb(name);
}

use crate::model::metric::Units;
use crate::model::{Kind, Payload};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Who is connected, as a source describes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub user: String,
    /// IANA zone (Fitbit's profile, Google's settings).
    pub time_zone: Option<String>,
    /// For the default heart-rate zones; unknown when the profile is not readable.
    pub age: Option<u32>,
    /// What the person reads distances, weights and temperatures in.
    pub units: Units,
}

/// A paired tracker or scale, as both APIs describe it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, Deserialize)]
pub struct Device {
    pub name: String,
    /// "tracker" or "scale".
    pub kind: String,
    pub battery_pct: Option<u8>,
    /// The API's own word for the level ("High", "LOW"…).
    pub battery: Option<String>,
    /// Unix seconds, UTC.
    pub last_sync: Option<i64>,
}

/// A range of one data type as a source delivers it: the days asked for, and other types the
/// same answer carried (Fitbit's heart-rate series holds the resting rate and the zones), so
/// they are stored without a second request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetched {
    pub days: BTreeMap<NaiveDate, Payload>,
    pub companions: Vec<(Kind, BTreeMap<NaiveDate, Payload>)>,
}

#[cfg(target_arch = "wasm32")]
pub mod client;

/// One API answer as received: what was asked (the URL, a POST's body; never the token, which
/// travels in a header) and the body, byte for byte. The "JSON" downloads are made of these.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub method: &'static str,
    pub url: String,
    pub request_body: Option<String>,
    pub body: String,
}

use crate::auth::AuthError;
use crate::config::Provider;
use serde::Deserialize;
use thiserror::Error;

/// What can go wrong talking to a health API. Messages say what happened and what to do.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ApiError {
    #[error("The legacy Fitbit Web API was retired on 2026-11-02 (it now answers 410 Gone). Connect Google Health instead, or import your Fitbit export.")]
    Retired,
    #[error("{} says this sign-in lacks permission for {what}. Use \"grant access\" to allow it, or reconnect.", .provider.label())]
    ScopeMissing { provider: Provider, what: String },
    #[error("{} refuses every request for this account (HTTP 403 RESOURCE_PERMISSION_DENIED). What has fixed this for others: open your Google Account's connections page (myaccount.google.com/connections), remove this app's access, then connect again here.", .provider.label())]
    PermissionStuck { provider: Provider },
    #[error("{} refused the request (HTTP {status}: {message}). Reconnecting usually fixes this.", .provider.label())]
    Forbidden {
        provider: Provider,
        status: u16,
        message: String,
    },
    #[error("{} is limiting requests (HTTP 429). The app waits and carries on; nothing is lost.", .provider.label())]
    RateLimited {
        provider: Provider,
        retry_after_s: Option<u64>,
    },
    #[error("{} had a problem on its side (HTTP {status}). Try again in a minute; data already downloaded is kept.", .provider.label())]
    Server { provider: Provider, status: u16 },
    #[error("{} rejected the request (HTTP {status}: {message}).", .provider.label())]
    Http {
        provider: Provider,
        status: u16,
        message: String,
    },
    #[error("{} sent data that could not be read ({detail}). The answer may have been cut off; try again.", .provider.label())]
    Decode { provider: Provider, detail: String },
    #[error("{} did not answer within {secs} s. The app tried again and gave up; try later (data already downloaded is kept).", .provider.label())]
    Timeout { provider: Provider, secs: u32 },
    #[error("The request was cancelled because its page was closed.")]
    Aborted,
    #[error("This browser could not store or read downloaded data ({0}). Allow site storage for this page, or free some space.")]
    Storage(String),
    #[error("This browser's storage for this page is full, so the downloaded days could not be kept. Free some space (\"Clear downloaded data\" on the Export page, or other sites' data in the browser's settings), then press Resume: nothing already stored is lost.")]
    StorageFull,
    #[error("A backfill keeps its days in this browser's storage, and this browser keeps none for this page ({0}). The charts and the downloads still work: they fetch what they show.")]
    NoCache(String),
    #[error("The request did not get through ({0}). This is a network or CORS failure, not an answer from the server: check your connection or blockers.")]
    Network(String),
    #[error("This device is offline, so the request could not be sent. What is stored is kept; a running backfill carries on by itself when the connection is back.")]
    Offline,
    #[error("The demo's days could not be made ({0}). Reload the page to try again.")]
    Demo(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
}

#[cfg(target_arch = "wasm32")]
impl ApiError {
    /// A failure of the browser's storage, in the words that say what to do about it.
    pub fn storage(e: crate::browser::BrowserError) -> ApiError {
        use crate::browser::BrowserError;
        match e {
            BrowserError::StorageFull => ApiError::StorageFull,
            BrowserError::NoStorage(why) => ApiError::NoCache(why),
            other => ApiError::Storage(other.to_string()),
        }
    }
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: String,
}
#[derive(Deserialize)]
struct RpcError {
    error: RpcStatus,
}
#[derive(Deserialize)]
struct RpcStatus {
    #[serde(default)]
    message: String,
    #[serde(default)]
    details: Vec<RpcDetail>,
}
#[derive(Deserialize)]
struct RpcDetail {
    #[serde(default)]
    reason: Option<String>,
}

/// Maps a non-2xx answer to an `ApiError`, reading Google's `google.rpc.Status` and Fitbit's
/// `{"errors":[…]}` bodies. `what` names the data asked for, for scope messages.
pub fn decode_error(
    provider: Provider,
    status: u16,
    body: &str,
    what: &str,
    retry_after_s: Option<u64>,
) -> ApiError {
    let (reason, message) = if let Ok(e) = serde_json::from_str::<RpcError>(body) {
        (
            e.error.details.into_iter().find_map(|d| d.reason),
            e.error.message,
        )
    } else if let Some((error_type, message)) = crate::auth::flow::fitbit_error_body(body) {
        (Some(error_type), message)
    } else if let Ok(e) = serde_json::from_str::<OAuthError>(body) {
        // An OAuth-style body from Google's front end (`insufficient_scope`).
        (Some(e.error), e.error_description)
    } else {
        (None, String::new())
    };
    match (status, reason.as_deref()) {
        (410, _) if provider == Provider::Fitbit => ApiError::Retired,
        (403, Some("ACCESS_TOKEN_SCOPE_INSUFFICIENT" | "insufficient_scope")) => {
            ApiError::ScopeMissing {
                provider,
                what: what.to_string(),
            }
        }
        (403, Some("RESOURCE_PERMISSION_DENIED")) => ApiError::PermissionStuck { provider },
        (403, _) if message.contains("RESOURCE_PERMISSION_DENIED") => {
            ApiError::PermissionStuck { provider }
        }
        (401 | 403, _) => ApiError::Forbidden {
            provider,
            status,
            message,
        },
        (429, _) => ApiError::RateLimited {
            provider,
            retry_after_s,
        },
        (500..=599, _) => ApiError::Server { provider, status },
        _ => ApiError::Http {
            provider,
            status,
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_of_both_apis() {
        let g = r#"{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}"#;
        assert_eq!(
            decode_error(Provider::Google, 403, g, "sleep", None),
            ApiError::ScopeMissing {
                provider: Provider::Google,
                what: "sleep".into()
            }
        );
        let p = r#"{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}"#;
        assert!(
            matches!(decode_error(Provider::Google, 403, p, "x", None), ApiError::Forbidden { message, .. } if message == "The caller does not have permission")
        );
        let stuck = r#"{"error":{"code":403,"message":"Permission denied on resource.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RESOURCE_PERMISSION_DENIED","domain":"health.googleapis.com"}]}}"#;
        let e = decode_error(Provider::Google, 403, stuck, "steps", None);
        assert_eq!(
            e,
            ApiError::PermissionStuck {
                provider: Provider::Google
            }
        );
        assert!(e.to_string().contains("myaccount.google.com/connections"));
        assert_eq!(
            decode_error(Provider::Fitbit, 410, "{}", "x", None),
            ApiError::Retired
        );
        assert!(ApiError::Retired
            .to_string()
            .contains("retired on 2026-11-02"));
        let f = r#"{"errors":[{"errorType":"insufficient_scope","message":"This application does not have permission to access sleep data."}],"success":false}"#;
        assert!(matches!(
            decode_error(Provider::Fitbit, 403, f, "sleep", None),
            ApiError::ScopeMissing { .. }
        ));
        assert!(matches!(
            decode_error(Provider::Google, 503, "emulated fault", "x", None),
            ApiError::Server { status: 503, .. }
        ));
        assert!(matches!(
            decode_error(Provider::Google, 429, "", "x", Some(30)),
            ApiError::RateLimited {
                retry_after_s: Some(30),
                ..
            }
        ));
    }
}
