//! The request paths the app sends, pure so the tests (and the emulator's) use these very ones.

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
