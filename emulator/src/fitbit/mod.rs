//! The legacy Fitbit Web API and Fitbit OAuth, exactly as the seed scripts speak them:
//! `www.fitbit.com/oauth2/authorize` (consent page, `#_=_`), `api.fitbit.com/oauth2/token`
//! (single-use refresh tokens with a replay window), revoke, introspect, and the data endpoints
//! with their quirks: local times without offsets, string numbers, `shortData`, 150 requests/hour.

use crate::auth_store::{
    mint, pkce_matches, AuthStore, ClientType, CodeGrant, PendingConsent, PkceMethod, RefreshToken,
    Rotation, Side, TokenProblem, CODE_TTL, FITBIT_USER,
};
use crate::edge::api_host;
use crate::state::{Shared, State as EmuState};
use crate::wire::json;
use crate::wire::{escape, first, fitbit_error, parse_pairs, with_params};
use crate::Host;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use fitdata_synth::{Person, SleepSession, Stage};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod activity;
mod guard;
mod heart;
mod oauth;
mod resources;
mod sleep;

use activity::*;
use guard::*;
use heart::*;
use oauth::*;
use resources::*;
use sleep::*;

pub const ACCESS_TTL: i64 = 28_800;
pub const RATE_LIMIT_PER_HOUR: usize = 150;
const DOCS: &str = "Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.";
pub const SCOPES: [&str; 15] = [
    "activity",
    "cardio_fitness",
    "electrocardiogram",
    "heartrate",
    "irregular_rhythm_notifications",
    "location",
    "nutrition",
    "oxygen_saturation",
    "profile",
    "respiratory_rate",
    "settings",
    "sleep",
    "social",
    "temperature",
    "weight",
];

pub fn www_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/oauth2/authorize", get(authorize))
        .route("/oauth2/authorize/consent", post(consent))
        .with_state(shared.clone());
    api_host(r, shared, Host::WwwFitbit)
}

pub fn api_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/oauth2/token", post(token))
        .route("/oauth2/revoke", post(revoke))
        .route("/1.1/oauth2/introspect", post(introspect))
        .route("/{version}/user/{user}/{*rest}", get(data))
        .with_state(shared.clone());
    api_host(r, shared, Host::ApiFitbit)
}
