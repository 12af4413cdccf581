//! The request paths the app sends, pure so the tests (and the emulator's) use these very ones.

use crate::model::Kind;
use crate::sources::budget::Budget;
use chrono::NaiveDate;

/// One day of an intraday series (`heart`, `steps`) at `detail` (`1sec`, `1min`): the API
/// allows 24 hours per request.
pub fn intraday_path(resource: &str, day: NaiveDate, detail: &str) -> String {
    format!("/1/user/-/activities/{resource}/date/{day}/1d/{detail}.json")
}

/// Sleep logs of `[from, to]` (up to 100 nights per request).
pub fn sleep_path(from: NaiveDate, to: NaiveDate) -> String {
    format!("/1.2/user/-/sleep/date/{from}/{to}.json")
}

/// A daily metric's range endpoint (`Metric::fitbit().path`) for `[from, to]`.
pub fn range_path(template: &str, from: NaiveDate, to: NaiveDate) -> String {
    template
        .replace("{from}", &from.to_string())
        .replace("{to}", &to.to_string())
}

/// The API's published limit: 150 requests per user per hour.
pub const BUDGET: Budget = Budget {
    limit: 150,
    window_s: 3600,
};

/// The longest range one request covers: intraday is one day per request (the API's 24 h
/// limit), sleep by range up to 100 days.
pub fn max_days(kind: Kind) -> i64 {
    match kind {
        Kind::Sleep => 100,
        // Date-range series: a year (totals, resting HR) or 30 days (nightly vitals, scale).
        Kind::Daily(m) => m.fitbit().map_or(366, |f| f.max_days),
        // The heart-rate series: a year per request.
        Kind::HeartRateZones => 365,
        _ => 1,
    }
}
