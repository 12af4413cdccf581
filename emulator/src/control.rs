//! The control API for tests and the demo: clock, reset, request log, app config override.

use crate::faults::Faults;
use crate::state::Shared;
use crate::wire::json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

pub fn router(shared: Shared) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/origins",
            get(|State(s): State<Shared>| async move { json(StatusCode::OK, &s.origins) }),
        )
        .route("/reset", post(reset))
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/log", get(log).delete(clear_log))
        .route("/app-config", post(set_app_config).delete(clear_app_config))
        .route("/fitbit", post(set_fitbit))
        .route("/google", get(get_google).post(set_google))
        .route("/google/steps", get(google_steps))
        .route("/zones", post(set_zones))
        .route("/unscored-nights", post(set_unscored))
        .route("/sample-export.zip", get(crate::sample_export::zip))
        .route("/sample-export.json", get(crate::sample_export::listing))
        .route(
            "/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .with_state(shared)
}

async fn reset(State(s): State<Shared>) -> Response {
    s.lock().reset();
    json(StatusCode::OK, &json!({"reset": true}))
}

async fn clock(State(s): State<Shared>) -> Response {
    let offset = s.lock().clock_offset;
    json(StatusCode::OK, &json!({"now": s.now(), "offset": offset}))
}

async fn advance(State(s): State<Shared>, Query(a): Query<Advance>) -> Response {
    if a.seconds < 0 {
        return json(
            StatusCode::BAD_REQUEST,
            &json!({"error": "the clock only moves forward"}),
        );
    }
    s.lock().clock_offset += a.seconds;
    clock(State(s)).await
}

async fn log(State(s): State<Shared>) -> Response {
    let st = s.lock();
    json(
        StatusCode::OK,
        &json!({"entries": st.log, "counts": st.counts()}),
    )
}

async fn clear_log(State(s): State<Shared>) -> Response {
    s.lock().log.clear();
    json(StatusCode::OK, &json!({"cleared": true}))
}

async fn set_app_config(State(s): State<Shared>, body: String) -> Response {
    s.lock().app_config_override = Some(body);
    json(StatusCode::OK, &json!({"override": true}))
}

async fn clear_app_config(State(s): State<Shared>) -> Response {
    s.lock().app_config_override = None;
    json(StatusCode::OK, &json!({"override": false}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Zones {
    /// Lower bounds of Fat Burn, Cardio and Peak (increasing); `null` for the default zones.
    bounds: Option<[u16; 3]>,
}

/// The person sets their own heart-rate zones (both APIs answer with them); `/reset` undoes it.
async fn set_zones(State(s): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<Zones>(&body) {
        Ok(Zones {
            bounds: Some([a, b, c]),
        }) if !(a < b && b < c) => json(
            StatusCode::BAD_REQUEST,
            &json!({"error": "zone bounds must increase"}),
        ),
        Ok(z) => {
            let mut st = s.lock();
            st.person.custom_zones = z.bounds;
            json(
                StatusCode::OK,
                &json!({"bounds": st.person.hr_zone_bounds()}),
            )
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": e.to_string()})),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unscored {
    /// The dates (`YYYY-MM-DD`) whose main sleep the provider could not stage.
    dates: Vec<String>,
}

/// The nights both APIs answer as classic sleep with the reason (`Person::unscored_nights`);
/// `/reset` undoes it.
async fn set_unscored(State(s): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<Unscored>(&body) {
        Ok(u) => {
            let dates: Result<std::collections::BTreeSet<chrono::NaiveDate>, _> =
                u.dates.iter().map(|d| d.parse()).collect();
            match dates {
                Ok(dates) => {
                    let mut st = s.lock();
                    st.person.unscored_nights = dates;
                    json(StatusCode::OK, &json!({"dates": u.dates}))
                }
                Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": format!("{e}")})),
            }
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": e.to_string()})),
    }
}

async fn get_faults(State(s): State<Shared>) -> Response {
    let faults = s.lock().faults.clone();
    json(StatusCode::OK, &faults)
}

/// Replaces every fault switch with the posted JSON (see `faults::Faults`); unknown keys are an
/// error, so a typo in a test cannot silently switch nothing.
async fn set_faults(State(s): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<Faults>(&body) {
        Ok(f) => {
            s.lock().faults = f.clone();
            json(StatusCode::OK, &f)
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": e.to_string()})),
    }
}

async fn clear_faults(State(s): State<Shared>) -> Response {
    s.lock().faults = Faults::default();
    json(StatusCode::OK, &Faults::default())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FitbitSwitches {
    /// Seconds an identical refresh request is answered with the same tokens (default 120).
    replay_window: Option<i64>,
    /// Whether the Client-type app is approved for intraday data (default true).
    intraday_approved: Option<bool>,
}

async fn set_fitbit(State(s): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<FitbitSwitches>(&body) {
        Ok(f) => {
            let mut st = s.lock();
            if let Some(w) = f.replay_window {
                st.fitbit_replay_window = w.max(0);
            }
            if let Some(a) = f.intraday_approved {
                st.fitbit_intraday_approved = a;
            }
            json(
                StatusCode::OK,
                &json!({"replay_window": st.fitbit_replay_window, "intraday_approved": st.fitbit_intraday_approved}),
            )
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": e.to_string()})),
    }
}

async fn get_google(State(s): State<Shared>) -> Response {
    let w = s.lock().google.clone();
    json(StatusCode::OK, &w)
}

/// Replaces every Google world switch with the posted JSON (see `world::World`); unknown keys
/// are an error. `/reset` switches them all off.
async fn set_google(State(s): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<crate::world::World>(&body) {
        Ok(w) => {
            let mut st = s.lock();
            st.person.second_sleeps = w.second_staged_sleep;
            st.google = w.clone();
            json(StatusCode::OK, &w)
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({"error": e.to_string()})),
    }
}

#[derive(Deserialize)]
struct DateQuery {
    /// YYYY-MM-DD.
    date: String,
}

/// The truth of a civil day's steps: the tracker's, the phone's, and the merged total that
/// `:reconcile` and the roll-ups answer (tests compare the app with it).
async fn google_steps(State(s): State<Shared>, Query(q): Query<DateQuery>) -> Response {
    let Ok(date) = chrono::NaiveDate::parse_from_str(&q.date, "%Y-%m-%d") else {
        return json(
            StatusCode::BAD_REQUEST,
            &json!({"error": "date must be YYYY-MM-DD"}),
        );
    };
    let st = s.lock();
    let (from, to) = st.person.day_bounds(date);
    let (tracker, phone, merged) = crate::health::step_truth(&st.person, &st.google, from, to);
    json(
        StatusCode::OK,
        &json!({"date": q.date, "tracker": tracker, "phone": phone, "merged": merged}),
    )
}
