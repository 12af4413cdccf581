//! Google Health API v4 (`health.googleapis.com`): identity, settings, `dataPoints.list` with
//! AIP-160 filters and opaque page tokens (newest first), and `dailyRollUp`, with the real
//! error shapes (`google.rpc.Status`) and the 300 requests/min per-user limit.

use crate::auth_store::{Side, TokenProblem, GOOGLE_USER};
use crate::edge::api_host;
use crate::filter::{self, RecordKind};
use crate::google_oauth::{parse_pairs, SCOPE_PREFIX};
use crate::state::{json, Shared, State as EmuState};
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

/// A `google.rpc.Status` error response.
pub fn rpc_error(
    status: StatusCode,
    rpc_status: &str,
    message: &str,
    reason: Option<&str>,
) -> Response {
    let mut error = json!({"code": status.as_u16(), "message": message, "status": rpc_status});
    if let Some(reason) = reason {
        error["details"] = json!([{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "googleapis.com",
            "metadata": {"service": "health.googleapis.com"}
        }]);
    }
    json(status, &json!({ "error": error }))
}

pub fn router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/v4/users/{user}/identity", get(identity))
        .route("/v4/users/{user}/settings", get(settings))
        .route("/v4/users/{user}/profile", get(profile))
        .route(
            "/v4/users/{user}/dataTypes/{data_type}/{method}",
            get(list).post(rollup),
        )
        .with_state(shared.clone());
    api_host(r, shared, Host::HealthGoogleapis)
}

/// The data types served, with their record kind and the scope that guards them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DataType {
    HeartRate,
    Steps,
    Sleep,
    DailyRestingHeartRate,
}

impl DataType {
    fn parse(kebab: &str) -> Result<DataType, Response> {
        Ok(match kebab {
            "heart-rate" => DataType::HeartRate,
            "steps" => DataType::Steps,
            "sleep" => DataType::Sleep,
            "daily-resting-heart-rate" => DataType::DailyRestingHeartRate,
            // Real types this emulator does not generate yet: say so rather than return nothing.
            "distance" | "floors" | "active-zone-minutes" | "total-calories" | "heart-rate-variability"
            | "daily-heart-rate-variability" | "oxygen-saturation" | "daily-oxygen-saturation"
            | "daily-respiratory-rate" | "daily-sleep-temperature-derivations" | "weight" | "body-fat"
            | "daily-vo2-max" | "exercise" => {
                return Err(rpc_error(StatusCode::NOT_IMPLEMENTED, "UNIMPLEMENTED", &format!("The emulator does not serve {kebab} yet."), None))
            }
            _ => {
                return Err(rpc_error(
                    StatusCode::BAD_REQUEST,
                    "INVALID_ARGUMENT",
                    &format!("Invalid data type collection: {kebab}. Use the kebab-case id, e.g. heart-rate."),
                    Some("INVALID_PARENT_DATA_TYPE_COLLECTION"),
                ))
            }
        })
    }
    fn snake(self) -> &'static str {
        match self {
            DataType::HeartRate => "heart_rate",
            DataType::Steps => "steps",
            DataType::Sleep => "sleep",
            DataType::DailyRestingHeartRate => "daily_resting_heart_rate",
        }
    }
    fn kind(self) -> RecordKind {
        match self {
            DataType::HeartRate => RecordKind::Sample,
            DataType::Steps => RecordKind::Interval,
            DataType::Sleep => RecordKind::Session,
            DataType::DailyRestingHeartRate => RecordKind::Daily,
        }
    }
    fn scope(self) -> &'static str {
        match self {
            DataType::HeartRate | DataType::DailyRestingHeartRate => {
                "health_metrics_and_measurements.readonly"
            }
            DataType::Steps => "activity_and_fitness.readonly",
            DataType::Sleep => "sleep.readonly",
        }
    }
    /// (default, max) page size.
    fn page_sizes(self) -> (usize, usize) {
        match self {
            DataType::Sleep => (25, 25),
            _ => (1440, 10_000),
        }
    }
    /// How much physical time one generation window covers when paging backwards.
    fn window(self) -> i64 {
        match self {
            DataType::HeartRate => 6 * 3600,
            DataType::Steps => 86_400,
            DataType::Sleep => 7 * 86_400,
            DataType::DailyRestingHeartRate => 30 * 86_400,
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
    json(
        StatusCode::OK,
        &json!({
            "name": "users/me/settings", "timeZone": zone.name(), "utcOffset": format!("{offset}s"),
            "distanceUnit": "KILOMETERS", "weightUnit": "KILOGRAMS", "heightUnit": "CENTIMETERS",
            "temperatureUnit": "CELSIUS", "waterUnit": "MILLILITERS", "languageLocale": "en_GB"
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
                "userConfiguredWalkingStrideLengthMm": "760", "userConfiguredRunningStrideLengthMm": "1150"}),
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

fn data_source(recording: &str) -> Value {
    json!({"recordingMethod": recording, "device": {"displayName": "Charge 6"}, "platform": "FITBIT"})
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

/// Points of `dt` whose key lies in `[from, to)`, ascending.
fn generate(p: &Person, dt: DataType, from: i64, to: i64) -> Vec<Point> {
    match dt {
        DataType::HeartRate => p
            .heart_rate(from, to)
            .into_iter()
            .map(|s| {
                let off = p.offset_at(s.t);
                let civil = local(s.t, off);
                Point {
                    key: s.t,
                    civil,
                    json: json!({
                        "name": format!("users/{GOOGLE_USER}/dataTypes/heart-rate/dataPoints/hr-{}", s.t),
                        "dataSource": data_source("PASSIVELY_MEASURED"),
                        "heartRate": {
                            "sampleTime": {"physicalTime": rfc3339(s.t), "utcOffset": offset_json(off), "civilTime": civil_json(civil)},
                            "beatsPerMinute": s.bpm.to_string(),
                            "metadata": {"motionContext": if s.bpm > 100 { "ACTIVE" } else { "SEDENTARY" }}
                        }
                    }),
                }
            })
            .collect(),
        DataType::Steps => p
            .steps(from, to)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(m, n)| {
                let (so, eo) = (p.offset_at(m), p.offset_at(m + 60));
                let civil = local(m, so);
                Point {
                    key: m,
                    civil,
                    json: json!({
                        "name": format!("users/{GOOGLE_USER}/dataTypes/steps/dataPoints/st-{m}"),
                        "dataSource": data_source("PASSIVELY_MEASURED"),
                        "steps": {
                            "interval": {
                                "startTime": rfc3339(m), "startUtcOffset": offset_json(so),
                                "endTime": rfc3339(m + 60), "endUtcOffset": offset_json(eo),
                                "civilStartTime": civil_json(civil), "civilEndTime": civil_json(local(m + 60, eo))
                            },
                            "count": n.to_string()
                        }
                    }),
                }
            })
            .collect(),
        DataType::Sleep => {
            let mut date = p.civil_date(from).pred_opt().unwrap_or(p.first_day);
            let last = p.civil_date(to).succ_opt().unwrap_or(date);
            let mut out = Vec::new();
            while date <= last {
                for s in p.sleeps_ending_on(date) {
                    if s.end >= from && s.end < to {
                        out.push(sleep_point(p, &s));
                    }
                }
                match date.succ_opt() {
                    Some(d) => date = d,
                    None => break,
                }
            }
            out.sort_by_key(|pt| pt.key);
            out
        }
        DataType::DailyRestingHeartRate => {
            let mut date = p.civil_date(from);
            let mut out = Vec::new();
            loop {
                let (start, _) = p.day_bounds(date);
                if start >= to {
                    break;
                }
                if start >= from && !p.day_missing(date) {
                    out.push(Point {
                        key: start,
                        civil: date.and_time(chrono::NaiveTime::MIN),
                        json: json!({
                            "dataSource": data_source("DERIVED"),
                            "dailyRestingHeartRate": {
                                "date": date_json(date),
                                "beatsPerMinute": (p.resting_hr(date).round() as i64).to_string(),
                                "dailyRestingHeartRateMetadata": {"calculationMethod": "WITH_SLEEP"}
                            }
                        }),
                    });
                }
                match date.succ_opt() {
                    Some(d) => date = d,
                    None => break,
                }
            }
            out
        }
    }
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
            "dataSource": {"platform": "FITBIT", "recordingMethod": "PASSIVELY_MEASURED", "device": {"displayName": "Charge 6"}},
            "sleep": {
                "type": "STAGES",
                "interval": {"startTime": rfc3339(s.start), "startUtcOffset": offset_json(so),
                             "endTime": rfc3339(s.end), "endUtcOffset": offset_json(eo)},
                "stages": stages,
                "outOfBedSegments": [],
                "metadata": {"nap": !s.is_main, "manuallyEdited": false, "processed": true, "stagesStatus": "SUCCEEDED"},
                "summary": {
                    "minutesAsleep": asleep.to_string(), "minutesAwake": awake.to_string(),
                    "minutesInSleepPeriod": ((s.end - s.start) / 60).to_string(),
                    "minutesToFallAsleep": to_fall_asleep.to_string(), "minutesAfterWakeUp": "0",
                    "stagesSummary": Stage::ALL.iter().map(|&st| json!({"type": stage_name(st), "minutes": minutes(st).to_string(), "count": count(st).to_string()})).collect::<Vec<_>>()
                }
            },
            "createTime": rfc3339(s.end + 600), "updateTime": rfc3339(s.end + 600)
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

async fn list(
    State(shared): State<Shared>,
    Path((user, kebab, method)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    if method != "dataPoints" {
        return rpc_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("Method not found: {method}"),
            None,
        );
    }
    let dt = match DataType::parse(&kebab) {
        Ok(dt) => dt,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some(dt.scope())) {
        return r;
    }
    let q = parse_pairs(q.as_deref().unwrap_or(""));
    let get = |k: &str| {
        q.get(k)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    };
    let filter_text = get("filter");
    let range = match filter::parse(&filter_text, dt.snake(), dt.kind()) {
        Ok(r) => r,
        Err(e) => return invalid_argument(&e.0, "INVALID_FILTER_FORMAT"),
    };
    let (default_size, max_size) = dt.page_sizes();
    let page_size = match get("pageSize").as_str() {
        "" => default_size,
        s => match s.parse::<i64>() {
            Ok(n) if n > 0 => (n as usize).min(max_size),
            Ok(0) => default_size,
            _ => return invalid_argument(&format!("Invalid pageSize: {s}"), "INVALID_PAGE_SIZE"),
        },
    };
    let fp = fingerprint(&kebab, &filter_text);
    // No point exists before the person's history or after "now".
    let now = st.now();
    let history_start = st.person.day_bounds(st.person.first_day).0;
    // Civil bounds become a physical window widened by the largest UTC offsets (±14 h), and
    // each point is then checked against its own local time.
    let widen = 14 * 3600;
    let civil_to_physical = |c: NaiveDateTime, shift: i64| c.and_utc().timestamp() + shift;
    let lo = [
        Some(history_start),
        range.physical.0,
        range.civil.0.map(|c| civil_to_physical(c, -widen)),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(history_start);
    let mut hi = [
        Some(now),
        range.physical.1,
        range.civil.1.map(|c| civil_to_physical(c, widen)),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(now);
    let token = get("pageToken");
    if !token.is_empty() {
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&token)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let cursor = decoded
            .as_deref()
            .and_then(|d| d.strip_prefix("v1:"))
            .and_then(|d| d.split_once(':'))
            .and_then(|(f, c)| (f == fp).then(|| c.parse::<i64>().ok()).flatten());
        match cursor {
            Some(c) => hi = hi.min(c),
            None => {
                return invalid_argument(
                    "Invalid page token: it does not belong to this request.",
                    "INVALID_PAGE_TOKEN",
                )
            }
        }
    }
    let in_civil = |c: &NaiveDateTime| {
        range.civil.0.is_none_or(|lo| *c >= lo) && range.civil.1.is_none_or(|hi| *c < hi)
    };
    let mut page: Vec<(i64, Value)> = Vec::new();
    let mut next_cursor = None;
    let mut window_hi = hi;
    'outer: while window_hi > lo {
        let window_lo = (window_hi - dt.window()).max(lo);
        let mut points = generate(&st.person, dt, window_lo, window_hi);
        points.retain(|p| in_civil(&p.civil));
        for p in points.into_iter().rev() {
            if page.len() == page_size {
                // The next page starts below the last key returned: keys are unique instants.
                next_cursor = page.last().map(|(k, _)| *k);
                break 'outer;
            }
            page.push((p.key, p.json));
        }
        window_hi = window_lo;
    }
    let points: Vec<Value> = page.into_iter().map(|(_, v)| v).collect();
    let mut body = json!({ "dataPoints": points });
    if let Some(c) = next_cursor {
        body["nextPageToken"] =
            json!(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{fp}:{c}")));
    }
    json(StatusCode::OK, &body)
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RollupBody {
    range: CivilRange,
    #[serde(default)]
    window_size_days: Option<i64>,
}
#[derive(serde::Deserialize)]
struct CivilRange {
    start: CivilDateTime,
    end: CivilDateTime,
}
#[derive(serde::Deserialize)]
struct CivilDateTime {
    date: DateParts,
}
#[derive(serde::Deserialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

/// `POST …/dataPoints:dailyRollUp`: per-civil-day aggregates, windows of `windowSizeDays`.
async fn rollup(
    State(shared): State<Shared>,
    Path((user, kebab, method)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if method != "dataPoints:dailyRollUp" {
        return rpc_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("Method not found: {method}"),
            None,
        );
    }
    let dt = match DataType::parse(&kebab) {
        Ok(dt @ (DataType::Steps | DataType::HeartRate)) => dt,
        Ok(_) => {
            return invalid_argument(
                &format!("{kebab} does not support dailyRollUp"),
                "INVALID_DATA_TYPE",
            )
        }
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = authorize(&mut st, &headers, &user, Some(dt.scope())) {
        return r;
    }
    let req: RollupBody = match serde_json::from_str(&body) {
        Ok(b) => b,
        Err(e) => {
            return invalid_argument(
                &format!("Invalid JSON payload received. {e}"),
                "INVALID_ARGUMENT",
            )
        }
    };
    let day = |d: &DateParts| NaiveDate::from_ymd_opt(d.year, d.month, d.day);
    let (Some(start), Some(end)) = (day(&req.range.start.date), day(&req.range.end.date)) else {
        return invalid_argument("Invalid date in range.", "INVALID_ARGUMENT");
    };
    let window = req.window_size_days.unwrap_or(1);
    let days = (end - start).num_days();
    let max_days = if dt == DataType::HeartRate { 14 } else { 90 };
    if days <= 0 || window <= 0 {
        return invalid_argument("range.end must be after range.start.", "INVALID_ARGUMENT");
    }
    if days > max_days {
        return invalid_argument(
            &format!("The range may span at most {max_days} days for {kebab}."),
            "INVALID_RANGE",
        );
    }
    let now = st.now();
    let mut points = Vec::new();
    let mut d = start;
    while d < end {
        let w_end = fitdata_synth::add_days(d, window).min(end);
        let (s, _) = st.person.day_bounds(d);
        let (_, e) = st.person.day_bounds(fitdata_synth::add_days(w_end, -1));
        let e = e.min(now);
        if s < e {
            let value = match dt {
                DataType::Steps => {
                    json!({"steps": {"countSum": st.person.steps(s, e).iter().map(|(_, n)| u64::from(*n)).sum::<u64>().to_string()}})
                }
                _ => {
                    let hr = st.person.heart_rate(s, e);
                    if hr.is_empty() {
                        json!({})
                    } else {
                        let sum: u64 = hr.iter().map(|x| u64::from(x.bpm)).sum();
                        json!({"heartRate": {
                            "beatsPerMinuteAvg": sum as f64 / hr.len() as f64,
                            "beatsPerMinuteMin": hr.iter().map(|x| x.bpm).min().unwrap_or(0).to_string(),
                            "beatsPerMinuteMax": hr.iter().map(|x| x.bpm).max().unwrap_or(0).to_string()}})
                    }
                }
            };
            let mut point = json!({
                "civilStartTime": {"date": date_json(d), "time": {}},
                "civilEndTime": {"date": date_json(w_end), "time": {}}
            });
            if let (Some(obj), Some(v)) = (point.as_object_mut(), value.as_object()) {
                obj.extend(v.clone());
            }
            points.push(point);
        }
        d = w_end;
    }
    json(StatusCode::OK, &json!({ "rollupDataPoints": points }))
}
