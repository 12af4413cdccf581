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
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::Engine;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use fitdata_synth::{Person, Stage};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

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

/// Checks the bearer token, its scope and the user's rate limit. Runs under the state lock.
fn authorize(
    st: &mut EmuState,
    headers: &HeaderMap,
    user: &str,
    scope: Option<&str>,
) -> Result<(), Response> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(unauthenticated(
            "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            "CREDENTIALS_MISSING",
        ));
    };
    let now = st.now();
    let record = match st.auth.check_access(token, now) {
        Ok(r) if r.side == Side::Google => r.clone(),
        Ok(_) | Err(TokenProblem::Unknown) | Err(TokenProblem::Revoked) => {
            return Err(unauthenticated(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                "ACCESS_TOKEN_TYPE_UNSUPPORTED",
            ))
        }
        Err(TokenProblem::Expired) => {
            return Err(unauthenticated("Request had invalid authentication credentials. The access token has expired.", "ACCESS_TOKEN_EXPIRED"))
        }
    };
    if user != "me" && user != GOOGLE_USER {
        return Err(rpc_error(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            "The caller does not have permission",
            None,
        ));
    }
    if let Some(scope) = scope {
        if !record.scopes.contains(&format!("{SCOPE_PREFIX}{scope}")) {
            return Err(rpc_error(
                StatusCode::FORBIDDEN,
                "PERMISSION_DENIED",
                "Request had insufficient authentication scopes.",
                Some("ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
            ));
        }
    }
    let verdict = st.rate_check(&format!("google:{GOOGLE_USER}"), RATE_LIMIT_PER_MINUTE, 60);
    if !verdict.allowed {
        let mut r = rpc_error(
            StatusCode::TOO_MANY_REQUESTS,
            "RESOURCE_EXHAUSTED",
            "Quota exceeded for quota metric 'Requests per user' of service 'health.googleapis.com'.",
            Some("RATE_LIMIT_EXCEEDED"),
        );
        if let Ok(v) = HeaderValue::from_str(&verdict.reset_in.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Err(r);
    }
    Ok(())
}

fn unauthenticated(message: &str, reason: &str) -> Response {
    let mut r = rpc_error(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        message,
        Some(reason),
    );
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(
            "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
        ),
    );
    r
}

async fn identity(
    State(shared): State<Shared>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, None) {
        return r;
    }
    json(
        StatusCode::OK,
        &json!({"name": "users/me/identity", "healthUserId": GOOGLE_USER, "legacyUserId": crate::auth_store::FITBIT_USER}),
    )
}

async fn settings(
    State(shared): State<Shared>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some("settings.readonly")) {
        return r;
    }
    let now = st.now();
    let zone = st.person.zone_at(now);
    let offset = st.person.offset_at(now).local_minus_utc();
    // Prefixed enums, as recorded and as the discovery document lists them.
    let (distance, weight, temperature, height, water, locale) = match st.google.units {
        UnitSystem::Metric => (
            "KILOMETERS",
            "KILOGRAMS",
            "CELSIUS",
            "CENTIMETERS",
            "ML",
            "en-GB",
        ),
        UnitSystem::Us => ("MILES", "POUNDS", "FAHRENHEIT", "INCHES", "FL_OZ", "en-US"),
        UnitSystem::Uk => ("MILES", "STONE", "CELSIUS", "CENTIMETERS", "ML", "en-GB"),
    };
    json(
        StatusCode::OK,
        &json!({
            "name": "users/me/settings", "timeZone": zone.name(), "utcOffset": format!("{offset}s"),
            "distanceUnit": format!("DISTANCE_UNIT_{distance}"), "weightUnit": format!("WEIGHT_UNIT_{weight}"),
            "heightUnit": format!("HEIGHT_UNIT_{height}"), "temperatureUnit": format!("TEMPERATURE_UNIT_{temperature}"),
            "waterUnit": format!("WATER_UNIT_{water}"), "languageLocale": locale, "foodLanguageCode": locale,
            "autoStrideEnabled": true, "strideLengthWalkingType": "STRIDE_LENGTH_TYPE_DEFAULT",
            "strideLengthRunningType": "STRIDE_LENGTH_TYPE_DEFAULT", "glucoseUnit": "GLUCOSE_UNIT_MG_DL"
        }),
    )
}

async fn profile(
    State(shared): State<Shared>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some("profile.readonly")) {
        return r;
    }
    let first = st.person.first_day;
    json(
        StatusCode::OK,
        &json!({"name": "users/me/profile", "age": 38, "membershipStartDate": date_json(first),
                "userConfiguredWalkingStrideLengthMm": 760, "userConfiguredRunningStrideLengthMm": 1150}),
    )
}

/// `{"year":2026,"month":11,"day":1}`
fn date_json(d: NaiveDate) -> Value {
    json!({"year": d.year(), "month": d.month(), "day": d.day()})
}

/// A civil date-time as the API writes it: proto3 JSON leaves out zero fields, so midnight is
/// `"time": {}` and 09:00 is `"time": {"hours": 9}`.
fn civil_json(local: NaiveDateTime) -> Value {
    let mut time = Map::new();
    for (k, v) in [
        ("hours", local.hour()),
        ("minutes", local.minute()),
        ("seconds", local.second()),
    ] {
        if v != 0 {
            time.insert(k.into(), json!(v));
        }
    }
    json!({"date": date_json(local.date()), "time": time})
}

fn rfc3339(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map_or_else(String::new, |d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn local(t: i64, offset: FixedOffset) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0).map_or(NaiveDateTime::MIN, |d| {
        d.with_timezone(&offset).naive_local()
    })
}

fn offset_json(offset: FixedOffset) -> String {
    format!("{}s", offset.local_minus_utc())
}

/// Recorded points carry `device: {}`. Where a second source exists (a phone), the tracker and
/// the phone say what they are, as the schema allows.
fn data_source(recording: &str, w: &World) -> Value {
    let device = if w.phone_steps {
        json!({"formFactor": "FITNESS_BAND", "displayName": "Charge 6", "manufacturer": "Fitbit"})
    } else {
        json!({})
    };
    json!({"recordingMethod": recording, "device": device, "platform": "FITBIT"})
}

fn phone_source() -> Value {
    json!({"recordingMethod": "PASSIVELY_MEASURED", "platform": "HEALTH_CONNECT",
           "device": {"formFactor": "PHONE", "displayName": "Pixel 9", "manufacturer": "Google"}})
}

/// A day's steps three ways: the tracker's, the phone's, and the merged stream (the tracker's
/// minutes, plus the phone's where the tracker counted none): what `:reconcile` and roll-ups
/// answer.
pub fn step_truth(p: &Person, w: &World, s: i64, e: i64) -> (u64, u64, u64) {
    let tracker: Vec<(i64, u32)> = p.steps(s, e);
    let phone = if w.phone_steps {
        p.phone_steps(s, e)
    } else {
        Vec::new()
    };
    let counted: std::collections::BTreeSet<i64> = tracker
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, _)| *t)
        .collect();
    let t: u64 = tracker.iter().map(|(_, n)| u64::from(*n)).sum();
    let ph: u64 = phone.iter().map(|(_, n)| u64::from(*n)).sum();
    let only: u64 = phone
        .iter()
        .filter(|(t, _)| !counted.contains(t))
        .map(|(_, n)| u64::from(*n))
        .sum();
    (t, ph, t + only)
}

/// One generated point: its paging key (a unique unix instant), its civil time for civil
/// filters, and its JSON.
struct Point {
    key: i64,
    civil: NaiveDateTime,
    json: Value,
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Wake => "AWAKE",
        Stage::Light => "LIGHT",
        Stage::Deep => "DEEP",
        Stage::Rem => "REM",
    }
}

fn interval_json(p: &Person, t: i64, len: i64) -> Value {
    let (so, eo) = (p.offset_at(t), p.offset_at(t + len));
    json!({"startTime": rfc3339(t), "startUtcOffset": offset_json(so), "endTime": rfc3339(t + len), "endUtcOffset": offset_json(eo),
           "civilStartTime": civil_json(local(t, so)), "civilEndTime": civil_json(local(t + len, eo))})
}

fn sample_time_json(p: &Person, t: i64) -> (Value, NaiveDateTime) {
    let off = p.offset_at(t);
    let civil = local(t, off);
    (
        json!({"physicalTime": rfc3339(t), "utcOffset": offset_json(off), "civilTime": civil_json(civil)}),
        civil,
    )
}

/// The civil dates whose day can hold points keyed in `[from, to)`, with a day's margin.
fn dates_around(p: &Person, from: i64, to: i64) -> Vec<NaiveDate> {
    let mut d = p.civil_date(from).pred_opt().unwrap_or(p.first_day);
    let last = p.civil_date(to).succ_opt().unwrap_or(d);
    let mut out = Vec::new();
    while d <= last {
        out.push(d);
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

fn zone_name(zone: u8) -> &'static str {
    match zone {
        1 => "FAT_BURN",
        2 => "CARDIO",
        _ => "PEAK",
    }
}

/// Points of `dt` whose key lies in `[from, to)` and whose civil time passes `keep`, ascending.
/// `keep` is applied before a point's JSON is built: civil filters widen the physical window by
/// up to 28 hours, and most of what that adds is thrown away.
/// What a listing asks for besides the time range.
struct Ask<'a> {
    world: &'a World,
    family: Family,
    /// `:reconcile`: the merged stream, without data sources.
    reconcile: bool,
}

fn generate(
    p: &Person,
    dt: DataType,
    (from, to): (i64, i64),
    ask: &Ask<'_>,
    keep: &dyn Fn(&NaiveDateTime) -> bool,
) -> Vec<Point> {
    if ask.family == Family::SelfSources {
        return Vec::new();
    }
    let w = ask.world;
    let name = |id: String| {
        format!(
            "users/{GOOGLE_USER}/dataTypes/{}/dataPoints/{id}",
            dt.kebab()
        )
    };
    let mut out: Vec<Point> = match dt {
        DataType::HeartRate => p
            .heart_rate(from, to)
            .into_iter()
            .filter(|s| keep(&local(s.t, p.offset_at(s.t))))
            .map(|s| {
                let (st, civil) = sample_time_json(p, s.t);
                Point {
                    key: s.t,
                    civil,
                    json: json!({
                        "name": name(format!("hr-{}", s.t)),
                        "dataSource": data_source("PASSIVELY_MEASURED", w),
                        "heartRate": {"sampleTime": st, "beatsPerMinute": s.bpm.to_string(),
                            "metadata": {"motionContext": if s.bpm > 100 { "ACTIVE" } else { "SEDENTARY" }}}
                    }),
                }
            })
            .collect(),
        DataType::Steps | DataType::Distance | DataType::Floors | DataType::ActiveZoneMinutes => p
            .activity(from, to)
            .into_iter()
            .filter(|m| keep(&local(m.t, p.offset_at(m.t))))
            .filter_map(|m| {
                let body = match dt {
                    DataType::Steps if m.steps > 0 => json!({"steps": {"interval": interval_json(p, m.t, 60), "count": m.steps.to_string()}}),
                    DataType::Distance if m.distance_mm > 0 => json!({"distance": {"interval": interval_json(p, m.t, 60), "millimeters": m.distance_mm.to_string()}}),
                    DataType::Floors if m.floors > 0 => json!({"floors": {"interval": interval_json(p, m.t, 60), "count": m.floors.to_string()}}),
                    DataType::ActiveZoneMinutes if m.azm > 0 => json!({"activeZoneMinutes": {"interval": interval_json(p, m.t, 60),
                        "heartRateZone": zone_name(m.zone), "activeZoneMinutes": m.azm.to_string()}}),
                    _ => return None,
                };
                let mut json = json!({"name": name(format!("m-{}", m.t)), "dataSource": data_source("PASSIVELY_MEASURED", w)});
                if let (Some(o), Some(b)) = (json.as_object_mut(), body.as_object()) {
                    o.extend(b.clone());
                }
                Some(Point { key: m.t, civil: local(m.t, p.offset_at(m.t)), json })
            })
            .collect(),
        // Rollup-only: never listed (the handler refuses before generating).
        DataType::TotalCalories => Vec::new(),
        DataType::Sleep => dates_around(p, from, to)
            .into_iter()
            .flat_map(|d| p.sleeps_ending_on(d))
            .filter(|s| s.end >= from && s.end < to)
            .map(|s| sleep_point(p, &s))
            .collect(),
        DataType::Exercise => dates_around(p, from, to)
            .into_iter()
            .filter_map(|d| p.workout_on(d))
            .filter(|(s, _)| *s >= from && *s < to)
            .map(|(s, e)| {
                let minutes = p.activity(s, e);
                let hr = p.heart_rate(s, e);
                let avg = hr.iter().map(|x| u64::from(x.bpm)).sum::<u64>() / (hr.len().max(1) as u64);
                Point {
                    key: s,
                    civil: local(s, p.offset_at(s)),
                    json: json!({"name": name(format!("ex-{s}")), "dataSource": data_source("ACTIVELY_MEASURED", w),
                        "exercise": {"displayName": "Run", "exerciseType": "RUNNING", "interval": interval_json(p, s, e - s),
                            "activeDuration": format!("{}s", e - s),
                            "metricsSummary": {"steps": minutes.iter().map(|m| u64::from(m.steps)).sum::<u64>().to_string(),
                                "distanceMillimeters": minutes.iter().map(|m| u64::from(m.distance_mm)).sum::<u64>(),
                                "caloriesKcal": (minutes.iter().map(|m| m.calories).sum::<f64>() * 10.0).round() / 10.0,
                                "averageHeartRateBeatsPerMinute": avg.to_string()}}}),
                }
            })
            .collect(),
        DataType::HeartRateVariability | DataType::OxygenSaturation => dates_around(p, from, to)
            .into_iter()
            .flat_map(|d| {
                if dt == DataType::HeartRateVariability {
                    p.hrv_samples(d).into_iter().map(|(t, rmssd, ..)| (t, json!({"heartRateVariability": {
                        "rootMeanSquareOfSuccessiveDifferencesMilliseconds": rmssd, "standardDeviationMilliseconds": (rmssd * 1.3 * 1000.0).round() / 1000.0}}))).collect::<Vec<_>>()
                } else {
                    p.spo2_samples(d).into_iter().map(|(t, pct)| (t, json!({"oxygenSaturation": {"percentage": pct}}))).collect()
                }
            })
            .filter(|(t, _)| *t >= from && *t < to)
            .map(|(t, mut body)| {
                let (st, civil) = sample_time_json(p, t);
                if let Some(inner) = body.as_object_mut().and_then(|o| o.values_mut().next()).and_then(Value::as_object_mut) {
                    inner.insert("sampleTime".into(), st);
                }
                let mut json = json!({"name": name(format!("s-{t}")), "dataSource": data_source("PASSIVELY_MEASURED", w)});
                if let (Some(o), Some(b)) = (json.as_object_mut(), body.as_object()) {
                    o.extend(b.clone());
                }
                Point { key: t, civil, json }
            })
            .collect(),
        DataType::Weight | DataType::BodyFat => dates_around(p, from, to)
            .into_iter()
            .filter_map(|d| p.weigh_in(d))
            .filter(|w| w.t >= from && w.t < to)
            .map(|w| {
                let (st, civil) = sample_time_json(p, w.t);
                let body = if dt == DataType::Weight {
                    json!({"weight": {"sampleTime": st, "weightGrams": (w.weight_kg * 1000.0).round() as i64}})
                } else {
                    json!({"bodyFat": {"sampleTime": st, "percentage": w.body_fat_pct}})
                };
                let mut json = json!({"name": name(format!("w-{}", w.t)), "dataSource": {"platform": "FITBIT", "recordingMethod": "PASSIVELY_MEASURED", "device": {"displayName": "Aria Air"}}});
                if let (Some(o), Some(b)) = (json.as_object_mut(), body.as_object()) {
                    o.extend(b.clone());
                }
                Point { key: w.t, civil, json }
            })
            .collect(),
        DataType::DailyRestingHeartRate
        | DataType::DailyHeartRateZones
        | DataType::DailyHeartRateVariability
        | DataType::DailyOxygenSaturation
        | DataType::DailyRespiratoryRate
        | DataType::DailySleepTemperatureDerivations
        | DataType::DailyVo2Max => dates_around(p, from, to)
            .into_iter()
            .filter_map(|d| {
                let key = p.day_bounds(d).0;
                if key < from || key >= to || p.day_missing(d) {
                    return None;
                }
                let date = date_json(d);
                let body = match dt {
                    DataType::DailyRestingHeartRate => json!({"dailyRestingHeartRate": {"date": date,
                        "beatsPerMinute": (p.resting_hr(d).round() as i64).to_string(),
                        "dailyRestingHeartRateMetadata": {"calculationMethod": "WITH_SLEEP"}}}),
                    // Karvonen-style zones as the API states them: int64 bounds as strings.
                    DataType::DailyHeartRateZones => {
                        let [fat, cardio, peak] = p.hr_zone_bounds();
                        let top = 220 - fitdata_synth::Person::AGE;
                        let rest = p.resting_hr(d).round() as u16;
                        let zones: Vec<Value> = [("LIGHT", rest, fat), ("MODERATE", fat, cardio), ("VIGOROUS", cardio, peak), ("PEAK", peak, top.max(peak + 1))]
                            .into_iter()
                            .map(|(t, lo, hi)| json!({"heartRateZoneType": t, "minBeatsPerMinute": lo.to_string(), "maxBeatsPerMinute": hi.to_string()}))
                            .collect();
                        json!({"dailyHeartRateZones": {"date": date, "heartRateZones": zones}})
                    }
                    DataType::DailyVo2Max => json!({"dailyVo2Max": {"date": date, "vo2Max": p.vo2_max(d)?, "cardioFitnessLevel": "GOOD", "estimated": true}}),
                    _ => {
                        let v = p.night_vitals(d)?;
                        match dt {
                            DataType::DailyHeartRateVariability => json!({"dailyHeartRateVariability": {"date": date,
                                "averageHeartRateVariabilityMilliseconds": v.hrv_rmssd_ms, "deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds": v.hrv_deep_rmssd_ms,
                                "nonRemHeartRateBeatsPerMinute": ((p.resting_hr(d) - 4.0).round() as i64).to_string(), "entropy": 2.1}}),
                            DataType::DailyOxygenSaturation => json!({"dailyOxygenSaturation": {"date": date, "averagePercentage": v.spo2_avg,
                                "lowerBoundPercentage": v.spo2_min, "upperBoundPercentage": v.spo2_max, "standardDeviationPercentage": 0.9}}),
                            DataType::DailyRespiratoryRate => json!({"dailyRespiratoryRate": {"date": date, "breathsPerMinute": v.br_full}}),
                            // Before a baseline exists the API writes the string "NaN".
                            _ => {
                                let ready = p.skin_baseline_ready(d);
                                let or_nan = |x: f64| if ready { json!(x) } else { json!("NaN") };
                                json!({"dailySleepTemperatureDerivations": {"date": date,
                                "nightlyTemperatureCelsius": ((fitdata_synth::BASELINE_SKIN_TEMP_C + v.skin_temp_relative_c) * 100.0).round() / 100.0,
                                "baselineTemperatureCelsius": or_nan(fitdata_synth::BASELINE_SKIN_TEMP_C), "relativeNightlyStddev30dCelsius": or_nan(0.3)}})
                            }
                        }
                    }
                };
                let mut json = json!({"dataSource": data_source("DERIVED", w)});
                if let (Some(o), Some(b)) = (json.as_object_mut(), body.as_object()) {
                    o.extend(b.clone());
                }
                Some(Point { key, civil: d.and_time(chrono::NaiveTime::MIN), json })
            })
            .collect(),
    };
    // The phone's steps: all of them in `list`, only the minutes the tracker missed in the
    // merged stream. Keyed one second into their minute, so keys stay unique instants.
    if dt == DataType::Steps && w.phone_steps && ask.family == Family::All {
        let tracker: std::collections::BTreeSet<i64> = out.iter().map(|pt| pt.key).collect();
        for (t, n) in p.phone_steps(from, to) {
            if ask.reconcile && tracker.contains(&t) {
                continue;
            }
            let off = p.offset_at(t);
            out.push(Point {
                key: t + 1,
                civil: local(t, off),
                json: json!({"name": name(format!("ph-{t}")), "dataSource": phone_source(),
                    "steps": {"interval": interval_json(p, t, 60), "count": n.to_string()}}),
            });
        }
    }
    out.retain(|pt| keep(&pt.civil));
    if ask.reconcile {
        // ReconciledDataPoint: no data source; identifiable points name themselves
        // `dataPointName`.
        for pt in &mut out {
            if let Some(o) = pt.json.as_object_mut() {
                o.remove("dataSource");
                if let Some(n) = o.remove("name") {
                    if matches!(dt, DataType::Sleep | DataType::Exercise) {
                        o.insert("dataPointName".into(), n);
                    }
                }
            }
        }
    }
    out.sort_by_key(|pt| pt.key);
    out
}

fn sleep_point(p: &Person, s: &fitdata_synth::SleepSession) -> Point {
    let (so, eo) = (p.offset_at(s.start), p.offset_at(s.end));
    let stages: Vec<Value> = s
        .segments
        .iter()
        .map(|seg| {
            json!({"startTime": rfc3339(seg.start), "endTime": rfc3339(seg.end),
                   "startUtcOffset": offset_json(p.offset_at(seg.start)), "endUtcOffset": offset_json(p.offset_at(seg.end)),
                   "type": stage_name(seg.stage)})
        })
        .collect();
    let minutes = |stage| s.seconds_in(stage) / 60;
    let count = |stage| s.segments.iter().filter(|x| x.stage == stage).count();
    // Proto3 JSON leaves false booleans out: `mainSleep` only on the day's longest staged
    // sleep, `nap` only on a short one (recorded answers carry `mainSleep: true` and no `nap`).
    let mut metadata = json!({"processed": true, "stagesStatus": "SUCCEEDED"});
    let nap = s.segments.len() == 1 && s.end - s.start < 2 * 3600;
    if s.is_main {
        metadata["mainSleep"] = json!(true);
    } else if nap {
        metadata["nap"] = json!(true);
    }
    let awake = minutes(Stage::Wake);
    let asleep = (s.end - s.start) / 60 - awake;
    let to_fall_asleep = s
        .segments
        .first()
        .filter(|x| x.stage == Stage::Wake)
        .map_or(0, |x| (x.end - x.start) / 60);
    Point {
        key: s.end,
        civil: local(s.end, eo),
        json: json!({
            "name": format!("users/{GOOGLE_USER}/dataTypes/sleep/dataPoints/sl-{}", s.end),
            "dataSource": {"platform": "FITBIT", "recordingMethod": "DERIVED", "device": {}},
            "sleep": {
                "type": "STAGES",
                "interval": {"startTime": rfc3339(s.start), "startUtcOffset": offset_json(so),
                             "endTime": rfc3339(s.end), "endUtcOffset": offset_json(eo)},
                "stages": stages,
                "metadata": metadata,
                "summary": {
                    "minutesAsleep": asleep.to_string(), "minutesAwake": awake.to_string(),
                    "minutesInSleepPeriod": ((s.end - s.start) / 60).to_string(),
                    "minutesToFallAsleep": to_fall_asleep.to_string(), "minutesAfterWakeUp": "0",
                    "stagesSummary": Stage::ALL.iter().map(|&st| json!({"type": stage_name(st), "minutes": minutes(st).to_string(), "count": count(st).to_string()})).collect::<Vec<_>>()
                },
                "createTime": rfc3339(s.end + 600), "updateTime": rfc3339(s.end + 600)
            }
        }),
    }
}

fn invalid_argument(message: &str, reason: &str) -> Response {
    rpc_error(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        message,
        Some(reason),
    )
}

/// Page tokens are opaque to clients: `base64url("v1:" + fingerprint(type, filter) + ":" + cursor)`.
fn fingerprint(kebab: &str, filter: &str) -> String {
    Sha256::digest(format!("{kebab}\n{filter}"))
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A bad filter as the API answers it: `INVALID_DATA_POINT_FILTER` with the detailed reason and
/// a field violation (recorded).
fn invalid_filter(e: &filter::FilterError) -> Response {
    let reason = e.reason();
    json(
        StatusCode::BAD_REQUEST,
        &json!({"error": {
            "code": 400,
            "message": format!("Invalid data point filter: {reason}."),
            "status": "INVALID_ARGUMENT",
            "details": [
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "domain": "health.googleapis.com",
                 "reason": "INVALID_DATA_POINT_FILTER", "metadata": {"detailedReasons": reason}},
                {"@type": "type.googleapis.com/google.rpc.BadRequest",
                 "fieldViolations": [{"field": "filter", "description": e.0}]}
            ]
        }}),
    )
}

fn method_not_found(method: &str) -> Response {
    rpc_error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        &format!("Method not found: {method}"),
        None,
    )
}

/// A request's `dataSourceFamily` (absent or empty: every source).
fn family_of(v: Option<&str>) -> Result<Family, Response> {
    match v {
        None | Some("") => Ok(Family::All),
        Some(f) => parse_family(f).ok_or_else(|| {
            invalid_argument(
                &format!("Invalid data source family: {f}"),
                "INVALID_ARGUMENT",
            )
        }),
    }
}

fn page_token(fp: &str, cursor: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{fp}:{cursor}"))
}

/// The cursor a page token carries, if it belongs to this request.
fn read_token(token: &str, fp: &str) -> Option<i64> {
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())?;
    let (f, c) = decoded.strip_prefix("v1:")?.split_once(':')?;
    (f == fp).then(|| c.parse::<i64>().ok()).flatten()
}

/// `GET …/dataPoints` (every source's raw points) and `GET …/dataPoints:reconcile` (the merged
/// stream), newest first.
async fn list(
    State(shared): State<Shared>,
    Path((user, kebab, method)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let reconcile = match method.as_str() {
        "dataPoints" => false,
        "dataPoints:reconcile" => true,
        _ => return method_not_found(&method),
    };
    let dt = match DataType::parse(&kebab) {
        Ok(dt) => dt,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some(dt.scope())) {
        return r;
    }
    if dt == DataType::TotalCalories {
        return invalid_argument(
            "total-calories can only be read with :rollUp or :dailyRollUp.",
            "INVALID_DATA_TYPE",
        );
    }
    let get = match method_query(
        q.as_deref(),
        &["filter", "pageSize", "pageToken", "dataSourceFamily"],
    ) {
        Ok(get) => get,
        Err(r) => return r,
    };
    let family = match get("dataSourceFamily").as_str() {
        "" => Family::All,
        // The schema: listing sleep cannot be restricted by source; reconcile can.
        _ if dt == DataType::Sleep && !reconcile => return invalid_argument(
            "Filtering by data source family is not supported for sleep: use ReconcileDataPoints.",
            "INVALID_ARGUMENT",
        ),
        f => match family_of(Some(f)) {
            Ok(f) => f,
            Err(r) => return r,
        },
    };
    let filter_text = get("filter");
    let ranges = match filter::parse(&filter_text, &dt.snake(), dt.kind()) {
        Ok(r) => r,
        Err(e) => return invalid_filter(&e),
    };
    let (default_size, max_size) = dt.page_sizes();
    let mut page_size = match get("pageSize").as_str() {
        "" => default_size,
        s => match s.parse::<i64>() {
            Ok(n) if n > 0 => (n as usize).min(max_size),
            Ok(0) => default_size,
            _ => return invalid_argument(&format!("Invalid pageSize: {s}"), "INVALID_PAGE_SIZE"),
        },
    };
    // Recorded: heart-rate pages hold about half of 10,000.
    if dt == DataType::HeartRate {
        page_size = page_size.min(5000);
    }
    let world = st.google.clone();
    if world.short_pages {
        page_size = (page_size / 3).max(1);
    }
    let fp = fingerprint(
        &format!("{kebab}{method}{}", get("dataSourceFamily")),
        &filter_text,
    );
    // No point exists before the person's history or after "now".
    let now = st.now();
    let history_start = st.person.day_bounds(st.person.first_day).0;
    // Civil bounds become a physical window widened by the largest UTC offsets (±14 h), and
    // each point is then checked against its own local time; alternatives (OR) by their hull.
    let widen = 14 * 3600;
    let civil_to_physical = |c: NaiveDateTime, shift: i64| c.and_utc().timestamp() + shift;
    let bound_lo = |r: &filter::Range| {
        [
            r.physical.0,
            r.civil.0.map(|c| civil_to_physical(c, -widen)),
        ]
        .into_iter()
        .flatten()
        .max()
    };
    let bound_hi = |r: &filter::Range| {
        [r.physical.1, r.civil.1.map(|c| civil_to_physical(c, widen))]
            .into_iter()
            .flatten()
            .min()
    };
    let lo = ranges
        .iter()
        .map(|r| bound_lo(r).unwrap_or(history_start))
        .min()
        .unwrap_or(history_start)
        .max(history_start);
    let mut hi = ranges
        .iter()
        .map(|r| bound_hi(r).unwrap_or(now))
        .max()
        .unwrap_or(now)
        .min(now);
    let token = get("pageToken");
    if !token.is_empty() {
        match read_token(&token, &fp) {
            Some(c) => hi = hi.min(c),
            None => {
                return invalid_argument(
                    "Invalid page token: it does not belong to this request.",
                    "INVALID_PAGE_TOKEN",
                )
            }
        }
    } else if world.empty_page_with_token && hi > lo {
        // A first page with nothing on it, that still points on.
        return json(
            StatusCode::OK,
            &json!({ "nextPageToken": page_token(&fp, hi) }),
        );
    }
    let civil_filter = ranges.iter().any(filter::Range::has_civil);
    if world.civil_filters_empty
        && civil_filter
        && matches!(dt, DataType::HeartRate | DataType::Steps)
    {
        return json(StatusCode::OK, &json!({}));
    }
    let ask = Ask {
        world: &world,
        family,
        reconcile,
    };
    let mut page: Vec<(i64, Value)> = Vec::new();
    let mut next_cursor = None;
    let mut window_hi = hi;
    'outer: while window_hi > lo {
        let window_lo = (window_hi - dt.window()).max(lo);
        // A minute earlier too: a point keyed inside its minute belongs to this window.
        let points = generate(&st.person, dt, (window_lo - 60, window_hi), &ask, &|_| true);
        for p in points.into_iter().rev() {
            if p.key < window_lo || p.key >= window_hi {
                continue;
            }
            if !ranges.iter().any(|r| r.contains(p.key, &p.civil)) {
                continue;
            }
            if page.len() == page_size {
                // The next page starts below the last key returned: keys are unique instants.
                next_cursor = page.last().map(|(k, _)| *k);
                break 'outer;
            }
            page.push((p.key, p.json));
        }
        window_hi = window_lo;
    }
    // Proto3 JSON: an empty list is left out.
    let mut body = json!({});
    if !page.is_empty() {
        body["dataPoints"] = Value::Array(page.into_iter().map(|(_, v)| v).collect());
    }
    if let Some(c) = next_cursor {
        body["nextPageToken"] = json!(page_token(&fp, c));
    }
    json(StatusCode::OK, &body)
}

/// `dailyRollUp`'s body (unknown fields are refused, as the API refuses them).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DailyRollupBody {
    range: CivilRange,
    #[serde(default)]
    window_size_days: Option<i64>,
    #[serde(default)]
    page_size: Option<i64>,
    #[serde(default)]
    page_token: Option<String>,
    #[serde(default)]
    data_source_family: Option<String>,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CivilRange {
    start: CivilDateTime,
    end: CivilDateTime,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CivilDateTime {
    date: DateParts,
    #[serde(default)]
    #[allow(dead_code)]
    time: Option<Value>,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}
/// `rollUp`'s body.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RollupBody {
    range: PhysicalRange,
    window_size: String,
    #[serde(default)]
    page_size: Option<i64>,
    #[serde(default)]
    page_token: Option<String>,
    #[serde(default)]
    data_source_family: Option<String>,
}
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PhysicalRange {
    start_time: String,
    end_time: String,
}

fn range_too_long(dt: DataType, kebab: &str) -> Response {
    invalid_argument(
        &format!(
            "The range may span at most {} days for {kebab}.",
            dt.rollup_max_days()
        ),
        "INVALID_RANGE",
    )
}

fn bad_payload(e: &serde_json::Error) -> Response {
    invalid_argument(
        &format!("Invalid JSON payload received. {e}"),
        "INVALID_ARGUMENT",
    )
}

/// One aggregation window: its physical bounds, the civil days it covers, its time fields.
struct Window {
    s: i64,
    e: i64,
    days: Vec<NaiveDate>,
    times: Value,
}

/// The aggregate of `dt` over a window as the roll-up value object (the discovery document's
/// `…RollupValue`), or `None` when the window holds no data: the API leaves such windows out.
/// Sums run over the merged stream, as roll-ups do (reconciled points of all sources).
fn rollup_value(p: &Person, w: &World, dt: DataType, win: &Window) -> Option<Value> {
    let (s, e) = (win.s, win.e);
    let avg = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let range = |v: &[f64]| {
        (!v.is_empty()).then(|| {
            (
                v.iter().copied().fold(f64::INFINITY, f64::min),
                v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            )
        })
    };
    match dt {
        DataType::HeartRate => {
            let hr: Vec<f64> = p
                .heart_rate(s, e)
                .iter()
                .map(|x| f64::from(x.bpm))
                .collect();
            let (min, max) = range(&hr)?;
            Some(
                json!({"heartRate": {"beatsPerMinuteAvg": avg(&hr)?, "beatsPerMinuteMin": min, "beatsPerMinuteMax": max}}),
            )
        }
        DataType::Weight | DataType::BodyFat => {
            let ins: Vec<_> = win
                .days
                .iter()
                .filter_map(|d| p.weigh_in(*d))
                .filter(|x| x.t >= s && x.t < e)
                .collect();
            if dt == DataType::Weight {
                let g: Vec<f64> = ins.iter().map(|x| (x.weight_kg * 1000.0).round()).collect();
                Some(json!({"weight": {"weightGramsAvg": avg(&g)?}}))
            } else {
                let f: Vec<f64> = ins.iter().map(|x| x.body_fat_pct).collect();
                Some(json!({"bodyFat": {"bodyFatPercentageAvg": avg(&f)?}}))
            }
        }
        DataType::DailyRestingHeartRate => {
            let v: Vec<f64> = win
                .days
                .iter()
                .filter(|d| !p.day_missing(**d))
                .map(|d| p.resting_hr(*d).round())
                .collect();
            let (min, max) = range(&v)?;
            Some(
                json!({"restingHeartRatePersonalRange": {"beatsPerMinuteMin": min, "beatsPerMinuteMax": max}}),
            )
        }
        DataType::DailyHeartRateVariability => {
            let v: Vec<f64> = win
                .days
                .iter()
                .filter_map(|d| p.night_vitals(*d))
                .map(|n| n.hrv_rmssd_ms)
                .collect();
            let (min, max) = range(&v)?;
            Some(json!({"heartRateVariabilityPersonalRange": {
                "averageHeartRateVariabilityMillisecondsMin": min, "averageHeartRateVariabilityMillisecondsMax": max}}))
        }
        _ => {
            let minutes = p.activity(s, e);
            if minutes.is_empty() {
                return None;
            }
            let sum = |f: &dyn Fn(&fitdata_synth::ActivityMinute) -> u64| {
                minutes.iter().map(f).sum::<u64>()
            };
            let nonzero = |n: u64| (n > 0).then(|| n.to_string());
            match dt {
                DataType::Steps => {
                    let merged = step_truth(p, w, s, e).2;
                    Some(json!({"steps": {"countSum": nonzero(merged)?}}))
                }
                DataType::Distance => Some(
                    json!({"distance": {"millimetersSum": nonzero(sum(&|m| u64::from(m.distance_mm)))?}}),
                ),
                DataType::Floors => {
                    Some(json!({"floors": {"countSum": nonzero(sum(&|m| u64::from(m.floors)))?}}))
                }
                // Minutes in each zone, int64 strings (recorded).
                DataType::ActiveZoneMinutes => {
                    let zone = |z: u8| sum(&|m| u64::from(m.zone == z && m.azm > 0));
                    let (fat, cardio, peak) = (zone(1), zone(2), zone(3));
                    nonzero(fat + cardio + peak)?;
                    Some(
                        json!({"activeZoneMinutes": {"sumInFatBurnHeartZone": fat.to_string(),
                        "sumInCardioHeartZone": cardio.to_string(), "sumInPeakHeartZone": peak.to_string()}}),
                    )
                }
                _ => Some(json!({"totalCalories": {"kcalSum":
                    (minutes.iter().map(|m| m.calories).sum::<f64>() * 10.0).round() / 10.0}})),
            }
        }
    }
}

fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(o), Some(x)) = (base.as_object_mut(), extra.as_object()) {
        o.extend(x.clone());
    }
    base
}

/// `POST …/dataPoints:dailyRollUp` (civil-day windows) and `…/dataPoints:rollUp` (physical
/// windows of `windowSize`, down to 1 s): newest first, windows without data left out, paged.
async fn rollup(
    State(shared): State<Shared>,
    Path((user, kebab, method)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let daily = match method.as_str() {
        "dataPoints:dailyRollUp" => true,
        "dataPoints:rollUp" => false,
        _ => return method_not_found(&method),
    };
    use DataType::*;
    let dt = match DataType::parse(&kebab) {
        Ok(
            dt @ (Steps | Distance | Floors | ActiveZoneMinutes | TotalCalories | HeartRate
            | Weight | BodyFat),
        ) => dt,
        // Daily roll-ups only: RollupDataPoint has no field for them.
        Ok(dt @ (DailyRestingHeartRate | DailyHeartRateVariability)) if daily => dt,
        Ok(_) => {
            return invalid_argument(
                &format!("{kebab} does not support this roll-up"),
                "INVALID_DATA_TYPE",
            )
        }
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some(dt.scope())) {
        return r;
    }
    let now = st.now();
    let world = st.google.clone();
    let p = &st.person;
    let mut windows: Vec<Window> = Vec::new();
    let (page_size, token, family, fp_text) = if daily {
        let req: DailyRollupBody = match serde_json::from_str(&body) {
            Ok(b) => b,
            Err(e) => return bad_payload(&e),
        };
        let day = |d: &DateParts| NaiveDate::from_ymd_opt(d.year, d.month, d.day);
        let (Some(start), Some(end)) = (day(&req.range.start.date), day(&req.range.end.date))
        else {
            return invalid_argument("Invalid date in range.", "INVALID_ARGUMENT");
        };
        let window = req.window_size_days.unwrap_or(1);
        let days = (end - start).num_days();
        if days <= 0 || window <= 0 {
            return invalid_argument("range.end must be after range.start.", "INVALID_ARGUMENT");
        }
        if days > dt.rollup_max_days() {
            return range_too_long(dt, &kebab);
        }
        let mut d = start;
        while d < end {
            let w_end = fitdata_synth::add_days(d, window).min(end);
            let (s, _) = p.day_bounds(d);
            let (_, e) = p.day_bounds(fitdata_synth::add_days(w_end, -1));
            let covered: Vec<NaiveDate> = std::iter::successors(Some(d), |x| x.succ_opt())
                .take_while(|x| *x < w_end)
                .collect();
            windows.push(Window {
                s,
                e: e.min(now),
                days: covered,
                times: json!({"civilStartTime": {"date": date_json(d), "time": {}}, "civilEndTime": {"date": date_json(w_end), "time": {}}}),
            });
            d = w_end;
        }
        let max = dt.rollup_max_days();
        let size = req.page_size.filter(|n| *n > 0).unwrap_or(max).min(max);
        let fp = format!("{:?}{:?}{window}", req.range.start.date.day, (start, end));
        (size, req.page_token, req.data_source_family, fp)
    } else {
        let req: RollupBody = match serde_json::from_str(&body) {
            Ok(b) => b,
            Err(e) => return bad_payload(&e),
        };
        let parse = |t: &str| DateTime::parse_from_rfc3339(t).ok().map(|d| d.timestamp());
        let size = req
            .window_size
            .strip_suffix('s')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 1);
        let (Some(start), Some(end), Some(size)) = (
            parse(&req.range.start_time),
            parse(&req.range.end_time),
            size,
        ) else {
            return invalid_argument("range needs RFC 3339 startTime/endTime and windowSize like \"3600s\" (at least 1s).", "INVALID_ARGUMENT");
        };
        if end <= start {
            return invalid_argument(
                "range.endTime must be after range.startTime.",
                "INVALID_ARGUMENT",
            );
        }
        if end - start > dt.rollup_max_days() * 86_400 {
            return range_too_long(dt, &kebab);
        }
        // An emulator's limit, not the API's: a page is at most 10,000 windows anyway.
        if (end - start) / size > 2_000_000 {
            return invalid_argument(
                "The emulator rolls up at most 2,000,000 windows: use a larger windowSize.",
                "INVALID_ARGUMENT",
            );
        }
        let mut s = start;
        while s < end {
            let e = (s + size).min(end);
            let first = p.civil_date(s).pred_opt().unwrap_or(p.first_day);
            let covered: Vec<NaiveDate> = std::iter::successors(Some(first), |x| x.succ_opt())
                .take_while(|x| *x <= p.civil_date(e))
                .collect();
            windows.push(Window {
                s,
                e: e.min(now),
                days: covered,
                times: json!({"startTime": rfc3339(s), "endTime": rfc3339(e)}),
            });
            s = e;
        }
        let size = req.page_size.filter(|n| *n > 0).unwrap_or(1440).min(10_000);
        let fp = format!("{start}-{end}-{size}");
        (size, req.page_token, req.data_source_family, fp)
    };
    let family = match family_of(family.as_deref()) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let fp = fingerprint(&format!("{kebab}{method}"), &fp_text);
    // The token carries how many windows (newest first) were already looked at.
    let skip = match token.as_deref() {
        None | Some("") => 0,
        Some(t) => match read_token(t, &fp) {
            Some(n) if n >= 0 => n as usize,
            _ => {
                return invalid_argument(
                    "Invalid page token: it does not belong to this request.",
                    "INVALID_PAGE_TOKEN",
                )
            }
        },
    };
    let page_size = usize::try_from(page_size).unwrap_or(1);
    let mut points = Vec::new();
    let mut next = None;
    let world_for_sources = if family == Family::All {
        world
    } else {
        World {
            phone_steps: false,
            ..world
        }
    };
    for (i, win) in windows.iter().rev().enumerate().skip(skip) {
        if family == Family::SelfSources || win.s >= win.e {
            continue;
        }
        if points.len() == page_size {
            next = Some(i);
            break;
        }
        if let Some(v) = rollup_value(p, &world_for_sources, dt, win) {
            points.push(merge(win.times.clone(), v));
        }
    }
    let mut out = json!({});
    if !points.is_empty() {
        out["rollupDataPoints"] = Value::Array(points);
    }
    if let Some(i) = next {
        out["nextPageToken"] = json!(page_token(&fp, i as i64));
    }
    json(StatusCode::OK, &out)
}

async fn paired_devices(
    State(shared): State<Shared>,
    Path(user): Path<String>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some("settings.readonly")) {
        return r;
    }
    let get = match method_query(q.as_deref(), &["pageSize", "pageToken"]) {
        Ok(get) => get,
        Err(r) => return r,
    };
    // A page of `pageSize` devices (all when 0 or absent); the token is the next index.
    let size = match get("pageSize").as_str() {
        "" => 0,
        s => match s.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return invalid_argument("Invalid page size.", "INVALID_ARGUMENT"),
        },
    };
    let from = match get("pageToken").as_str() {
        "" => 0,
        t => match t.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return invalid_argument("Invalid page token.", "INVALID_ARGUMENT"),
        },
    };
    let last_sync = rfc3339(st.now() - 900);
    let all = [
        json!({"name": "users/me/pairedDevices/2781394713", "deviceType": "TRACKER", "deviceVersion": "Charge 6", "batteryLevel": 78,
             "batteryStatus": "High", "lastSyncTime": last_sync, "macAddress": "C0:FF:EE:12:34:56", "features": ["HEART_RATE", "SPO2"]}),
        json!({"name": "users/me/pairedDevices/9910442211", "deviceType": "SCALE", "deviceVersion": "Aria Air", "batteryLevel": 55,
             "batteryStatus": "Medium", "lastSyncTime": last_sync, "macAddress": "C0:FF:EE:65:43:21", "features": []}),
    ];
    let to = if size == 0 {
        all.len()
    } else {
        (from + size).min(all.len())
    };
    let page: Vec<Value> = all.get(from.min(all.len())..to).unwrap_or(&[]).to_vec();
    let mut body = json!({ "pairedDevices": page });
    if to < all.len() {
        body["nextPageToken"] = json!(to.to_string());
    }
    json(StatusCode::OK, &body)
}
