//! The requests: every path, filter, page size and roll-up body the app sends, pure so that
//! the emulator's tests and the host tests call the same builders the app does.

use crate::model::Kind;
use crate::sources::budget::Budget;
use chrono::{Datelike, NaiveDate};

/// `dataPoints.list` answers the raw points of every source (a tracker and a phone that
/// both count steps are both in it); `:reconcile` answers the one merged stream the
/// Fitbit app shows. Roll-ups are computed from reconciled points already (the discovery
/// document says so of `DailyRollupDataPoint`), so they are not doubled either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    List,
    Reconcile,
}

/// How the app reads each data type: sample and intraday types reconciled; sessions
/// (sleep) and daily types (one derived point a day) listed.
pub fn method(kebab: &str) -> Method {
    match kebab {
        "heart-rate"
        | "steps"
        | "weight"
        | "body-fat"
        | "distance"
        | "floors"
        | "active-zone-minutes" => Method::Reconcile,
        _ => Method::List,
    }
}

/// The documented maximum page size: 25 for sleep and exercise, 10,000 otherwise.
pub fn page_size(kebab: &str) -> u32 {
    match kebab {
        "sleep" | "exercise" => 25,
        _ => 10_000,
    }
}

/// Moves `token` on to the next page of any paged method, and says whether there is one.
/// An absent or empty `next` is the last page; an empty page with a token is not. A token
/// that comes back unchanged would page forever, so it is an error.
pub fn next_page(token: &mut String, next: Option<String>) -> Result<bool, super::ApiError> {
    match next.filter(|n| !n.is_empty()) {
        None => Ok(false),
        Some(n) if n == *token => Err(super::ApiError::Decode {
            provider: crate::config::Provider::Google,
            detail: "the API sent the same page token twice".into(),
        }),
        Some(n) => {
            *token = n;
            Ok(true)
        }
    }
}

/// One page of the paired devices.
pub fn devices_path(page_token: &str) -> String {
    if page_token.is_empty() {
        "/v4/users/me/pairedDevices?pageSize=100".to_string()
    } else {
        let token: String = url::form_urlencoded::byte_serialize(page_token.as_bytes()).collect();
        format!("/v4/users/me/pairedDevices?pageSize=100&pageToken={token}")
    }
}

/// An exercise's TCX file (`exportExerciseTcx`, as a download: `alt=media`), with its GPS
/// track. `id` is the exercise's data point id, a long integer; anything else is refused here,
/// so nothing but digits reaches the path.
pub fn exercise_tcx_path(id: &str) -> Option<String> {
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| {
        format!("/v4/users/me/dataTypes/exercise/dataPoints/{id}:exportExerciseTcx?alt=media")
    })
}

/// One page of a listing.
pub fn list_path(kebab: &str, filter: &str, page_token: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("filter", filter)
        .append_pair("pageSize", &page_size(kebab).to_string());
    if !page_token.is_empty() {
        query.append_pair("pageToken", page_token);
    }
    let verb = match method(kebab) {
        Method::List => "",
        Method::Reconcile => ":reconcile",
    };
    format!(
        "/v4/users/me/dataTypes/{kebab}/dataPoints{verb}?{}",
        query.finish()
    )
}

/// A physical-time window that surely holds every instant of the civil days
/// `[from, to]`, wherever they were lived: local time runs from UTC-12 to UTC+14, so a
/// day starts at the earliest at 10:00 UTC the day before and ends at the latest at
/// 12:00 UTC the day after. One live report says civil filters on `heart-rate` and
/// `steps` answer nothing, another that they work; a physical filter works in both,
/// and the points are then kept by their own civil date.
pub fn physical_window(from: NaiveDate, to: NaiveDate) -> (String, String) {
    let day_before = from.pred_opt().unwrap_or(from);
    let day_after = to.succ_opt().unwrap_or(to);
    (
        format!("{day_before}T10:00:00Z"),
        format!("{day_after}T12:00:00Z"),
    )
}

/// The filter of the civil days `[from, to]` for a data type the app reads by instant.
pub fn physical_filter(kebab: &str, from: NaiveDate, to: NaiveDate) -> String {
    let (lo, hi) = physical_window(from, to);
    let snake = kebab.replace('-', "_");
    let member = match kebab {
        "heart-rate" | "weight" | "body-fat" => format!("{snake}.sample_time.physical_time"),
        _ => format!("{snake}.interval.start_time"),
    };
    format!("{member} >= \"{lo}\" AND {member} < \"{hi}\"")
}

/// The filter of a daily type (`daily-resting-heart-rate`…) over `[from, to]`.
pub fn date_filter(kebab: &str, from: NaiveDate, to: NaiveDate) -> String {
    let snake = kebab.replace('-', "_");
    let next = to.succ_opt().unwrap_or(to);
    format!("{snake}.date >= \"{from}\" AND {snake}.date < \"{next}\"")
}

/// Sleep that ended on the civil days `[from, to]` (a night belongs to the day it ended).
pub fn sleep_filter(from: NaiveDate, to: NaiveDate) -> String {
    let next = to.succ_opt().unwrap_or(to);
    format!("sleep.interval.civil_end_time >= \"{from}\" AND sleep.interval.civil_end_time < \"{next}\"")
}

/// Exercises that started on the civil days `[from, to]`: a session's civil start is the only
/// time an exercise listing filters by (the discovery document's `filter`: "Session civil
/// start time (Excluding Sleep and ECG)").
pub fn exercise_filter(from: NaiveDate, to: NaiveDate) -> String {
    let next = to.succ_opt().unwrap_or(to);
    format!("exercise.interval.civil_start_time >= \"{from}\" AND exercise.interval.civil_start_time < \"{next}\"")
}

/// `dailyRollUp`'s path.
pub fn rollup_path(kebab: &str) -> String {
    format!("/v4/users/me/dataTypes/{kebab}/dataPoints:dailyRollUp")
}

/// The largest page a `dailyRollUp` of `kebab` may ask for (and its longest range).
pub fn rollup_page_size(kebab: &str) -> i64 {
    match kebab {
        "total-calories" | "heart-rate" | "active-minutes" | "calories-in-heart-rate-zone" => 14,
        _ => 90,
    }
}

/// One `dailyRollUp` page of the civil days `[from, to]`, one window a day.
pub fn rollup_body(kebab: &str, from: NaiveDate, to: NaiveDate, page_token: &str) -> String {
    let date = |d: NaiveDate| serde_json::json!({"date": {"year": d.year(), "month": d.month(), "day": d.day()}});
    let next = to.succ_opt().unwrap_or(to);
    let days = (next - from).num_days().max(1);
    let mut body = serde_json::json!({
        "range": {"start": date(from), "end": date(next)},
        "windowSizeDays": 1,
        "pageSize": days.min(rollup_page_size(kebab)),
    });
    if !page_token.is_empty() {
        body["pageToken"] = serde_json::json!(page_token);
    }
    body.to_string()
}

/// The API's published limit: 300 requests per user per minute.
pub const BUDGET: Budget = Budget {
    limit: 300,
    window_s: 60,
};

/// The longest range one request plan covers: list filters take any range, but a job's pages
/// are stored together, so ranges are kept to about 8 pages of 10,000 points.
pub fn max_days(kind: Kind) -> i64 {
    match kind {
        // ~10,400 samples a day.
        Kind::HeartRate => 1,
        Kind::HeartRate1m => 7,
        // ≤ 1,440 intervals a day.
        Kind::Steps => 30,
        Kind::Sleep | Kind::Exercises => 90,
        Kind::Daily(m) => m.google_max_days(),
        Kind::HeartRateZones => 90,
        // Not asked of the API (see `sources::offers`): one job, no request.
        Kind::Night(_) | Kind::Food | Kind::BeatHistogram => 366,
    }
}

/// Requests `days` days of `kind` take, estimated from the points a day typically holds and
/// what a page holds: heart rate is read over a window 26 hours wider than the days
/// (`physical_window`), and its pages hold about 5,000 points (recorded), other listings
/// 10,000, sleep and exercise 25 sessions (about one of each a day at most).
pub fn estimate(kind: Kind, days: i64) -> u64 {
    let hours = days * 24 + 26;
    let (points, per_page): (i64, i64) = match kind {
        Kind::HeartRate | Kind::HeartRate1m => (hours * 10_400 / 24, 5_000),
        Kind::Steps => (hours * 1_000 / 24, 10_000),
        Kind::Sleep => (days * 5 / 4, 25),
        Kind::Exercises => (days, 25),
        Kind::Daily(_)
        | Kind::HeartRateZones
        | Kind::Night(_)
        | Kind::Food
        | Kind::BeatHistogram => (1, 1),
    };
    u64::try_from((points + per_page - 1) / per_page)
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn paths_filters_and_page_sizes() {
        let hr = list_path(
            "heart-rate",
            &physical_filter("heart-rate", d("2026-11-01"), d("2026-11-01")),
            "",
        );
        assert_eq!(hr, "/v4/users/me/dataTypes/heart-rate/dataPoints:reconcile?filter=heart_rate.sample_time.physical_time+%3E%3D+%222026-10-31T10%3A00%3A00Z%22+AND+heart_rate.sample_time.physical_time+%3C+%222026-11-02T12%3A00%3A00Z%22&pageSize=10000");
        assert!(list_path(
            "sleep",
            &sleep_filter(d("2026-11-01"), d("2026-11-02")),
            "t1"
        )
        .starts_with(
            "/v4/users/me/dataTypes/sleep/dataPoints?filter=sleep.interval.civil_end_time"
        ));
        assert!(list_path("sleep", "", "t1").ends_with("pageSize=25&pageToken=t1"));
        assert_eq!(
            physical_filter("steps", d("2026-03-29"), d("2026-03-30")),
            "steps.interval.start_time >= \"2026-03-28T10:00:00Z\" AND steps.interval.start_time < \"2026-03-31T12:00:00Z\""
        );
        assert_eq!(method("weight"), Method::Reconcile);
        assert_eq!(method("daily-resting-heart-rate"), Method::List);
        assert_eq!(
            date_filter("daily-vo2-max", d("2026-11-01"), d("2026-11-30")),
            "daily_vo2_max.date >= \"2026-11-01\" AND daily_vo2_max.date < \"2026-12-01\""
        );
    }

    #[test]
    fn paging_goes_on_until_no_token_and_refuses_a_repeated_one() {
        let mut token = String::new();
        assert_eq!(next_page(&mut token, Some("p2".into())), Ok(true));
        assert_eq!(token, "p2");
        assert_eq!(next_page(&mut token, Some("p3".into())), Ok(true));
        assert!(next_page(&mut token, Some("p3".into())).is_err());
        assert_eq!(next_page(&mut token, Some(String::new())), Ok(false));
        assert_eq!(next_page(&mut token, None), Ok(false));
        assert_eq!(token, "p3");
    }

    #[test]
    fn rollup_bodies_ask_for_what_a_page_may_hold_and_carry_the_token() {
        let b: serde_json::Value = serde_json::from_str(&rollup_body(
            "total-calories",
            d("2026-11-01"),
            d("2026-11-14"),
            "",
        ))
        .unwrap();
        assert_eq!(b["pageSize"], 14);
        assert_eq!(b["range"]["end"]["date"]["day"], 15);
        assert!(b.get("pageToken").is_none());
        let b: serde_json::Value = serde_json::from_str(&rollup_body(
            "floors",
            d("2026-11-01"),
            d("2026-11-01"),
            "p2",
        ))
        .unwrap();
        assert_eq!(
            (b["pageSize"].as_i64(), b["pageToken"].as_str()),
            (Some(1), Some("p2"))
        );
    }
}
