//! Google Health API v4 (`health.googleapis.com`): identity, settings, profile, paired devices,
//! `dataPoints.list` and `:reconcile` with AIP-160 filters, data source families and opaque
//! page tokens (newest first), `dailyRollUp` and `rollUp` (paged), with the real error shapes
//! (`google.rpc.Status`) and the 300 requests/min per-user limit. Shapes follow the answers
//! recorded from the live API and Google's discovery document (revision 20261030), which
//! `tests/discovery.rs` checks every answer against. `World` switches the pessimistic worlds
//! the evidence allows.

use crate::auth_store::{Side, TokenProblem, GOOGLE_USER};
use crate::edge::api_host;
use crate::filter::{self, RecordKind};
use crate::google_oauth::SCOPE_PREFIX;
use crate::state::{Shared, State as EmuState};
use crate::wire::json;
use crate::wire::{parse_pairs, rpc_error};
use crate::world::{UnitSystem, World};
use crate::Host;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::Engine;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use fitdata_synth::{Person, Stage};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

mod account;
mod auth;
mod listing;
mod points;
mod rollup;
mod tcx;

use account::*;
use auth::*;
use listing::*;
pub use points::step_truth;
use points::*;
use rollup::*;
use tcx::*;

pub const RATE_LIMIT_PER_MINUTE: usize = 300;

/// Which data sources a request reads (`dataSourceFamily`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    All,
    /// Trackers only: the phone is left out.
    Wearables,
    /// Only what this client wrote: nothing.
    SelfSources,
}

fn parse_family(v: &str) -> Option<Family> {
    let (user, family) = v
        .strip_prefix("users/")?
        .split_once("/dataSourceFamilies/")?;
    if user != "me" && user != GOOGLE_USER {
        return None;
    }
    match family {
        "all-sources" | "google-sources" => Some(Family::All),
        "google-wearables" => Some(Family::Wearables),
        "self-sources" => Some(Family::SelfSources),
        _ => None,
    }
}

/// A method's own query (the system parameters are gone by now, `system_params`): a key it
/// does not take is refused as Google refuses it; else a reader of the first value of a key
/// ("" when absent).
fn method_query(query: Option<&str>, takes: &[&str]) -> Result<impl Fn(&str) -> String, Response> {
    let q = parse_pairs(query.unwrap_or(""));
    if let Some(k) = q.keys().find(|k| !takes.contains(&k.as_str())) {
        return Err(invalid_argument(
            &format!(
                "Invalid JSON payload received. Unknown name \"{k}\": Cannot bind query parameter."
            ),
            "INVALID_ARGUMENT",
        ));
    }
    Ok(move |k: &str| {
        q.get(k)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    })
}

pub fn router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/v4/users/{user}/identity", get(identity))
        .route("/v4/users/{user}/settings", get(settings))
        .route("/v4/users/{user}/profile", get(profile))
        .route("/v4/users/{user}/pairedDevices", get(paired_devices))
        .route(
            "/v4/users/{user}/dataTypes/{data_type}/{method}",
            get(list).post(rollup),
        )
        .route(
            "/v4/users/{user}/dataTypes/{data_type}/dataPoints/{point}",
            get(get_point),
        )
        .with_state(shared.clone())
        .layer(axum::middleware::from_fn(crate::system_params::layer));
    api_host(r, shared, Host::HealthGoogleapis)
}

/// The data types served, with their record kind and the scope that guards them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DataType {
    HeartRate,
    Steps,
    Distance,
    Floors,
    ActiveZoneMinutes,
    TotalCalories,
    Sleep,
    Exercise,
    DailyRestingHeartRate,
    DailyHeartRateZones,
    HeartRateVariability,
    DailyHeartRateVariability,
    OxygenSaturation,
    DailyOxygenSaturation,
    DailyRespiratoryRate,
    DailySleepTemperatureDerivations,
    Weight,
    BodyFat,
    DailyVo2Max,
}

const TYPES: [(&str, DataType); 19] = [
    ("heart-rate", DataType::HeartRate),
    ("steps", DataType::Steps),
    ("distance", DataType::Distance),
    ("floors", DataType::Floors),
    ("active-zone-minutes", DataType::ActiveZoneMinutes),
    ("total-calories", DataType::TotalCalories),
    ("sleep", DataType::Sleep),
    ("exercise", DataType::Exercise),
    ("daily-resting-heart-rate", DataType::DailyRestingHeartRate),
    ("daily-heart-rate-zones", DataType::DailyHeartRateZones),
    ("heart-rate-variability", DataType::HeartRateVariability),
    (
        "daily-heart-rate-variability",
        DataType::DailyHeartRateVariability,
    ),
    ("oxygen-saturation", DataType::OxygenSaturation),
    ("daily-oxygen-saturation", DataType::DailyOxygenSaturation),
    ("daily-respiratory-rate", DataType::DailyRespiratoryRate),
    (
        "daily-sleep-temperature-derivations",
        DataType::DailySleepTemperatureDerivations,
    ),
    ("weight", DataType::Weight),
    ("body-fat", DataType::BodyFat),
    ("daily-vo2-max", DataType::DailyVo2Max),
];

impl DataType {
    fn parse(kebab: &str) -> Result<DataType, Response> {
        TYPES.iter().find(|(k, _)| *k == kebab).map(|(_, t)| *t).ok_or_else(|| {
            rpc_error(
                StatusCode::BAD_REQUEST,
                "INVALID_ARGUMENT",
                &format!("Invalid data type collection: {kebab}. Use the kebab-case id, e.g. heart-rate."),
                Some("INVALID_PARENT_DATA_TYPE_COLLECTION"),
            )
        })
    }
    fn kebab(self) -> &'static str {
        TYPES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |(k, _)| k)
    }
    fn snake(self) -> String {
        self.kebab().replace('-', "_")
    }
    fn kind(self) -> RecordKind {
        use DataType::*;
        match self {
            HeartRate | HeartRateVariability | OxygenSaturation | Weight | BodyFat => {
                RecordKind::Sample
            }
            Steps | Distance | Floors | ActiveZoneMinutes | TotalCalories | Exercise => {
                RecordKind::Interval
            }
            Sleep => RecordKind::Session,
            DailyRestingHeartRate
            | DailyHeartRateZones
            | DailyHeartRateVariability
            | DailyOxygenSaturation
            | DailyRespiratoryRate
            | DailySleepTemperatureDerivations
            | DailyVo2Max => RecordKind::Daily,
        }
    }
    fn scope(self) -> &'static str {
        use DataType::*;
        match self {
            Steps | Distance | Floors | ActiveZoneMinutes | TotalCalories | Exercise
            | DailyVo2Max => "activity_and_fitness.readonly",
            Sleep => "sleep.readonly",
            _ => "health_metrics_and_measurements.readonly",
        }
    }
    /// (default, max) page size.
    fn page_sizes(self) -> (usize, usize) {
        match self {
            DataType::Sleep | DataType::Exercise => (25, 25),
            _ => (1440, 10_000),
        }
    }
    /// How much physical time one generation window covers when paging backwards.
    fn window(self) -> i64 {
        match self.kind() {
            RecordKind::Sample if self == DataType::HeartRate => 6 * 3600,
            RecordKind::Interval if self != DataType::Exercise => 86_400,
            _ => 30 * 86_400,
        }
    }
    /// The longest range a rollup may span, in days.
    fn rollup_max_days(self) -> i64 {
        match self {
            DataType::HeartRate | DataType::TotalCalories => 14,
            _ => 90,
        }
    }
}
