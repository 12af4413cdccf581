//! Google Health API v4: endpoint paths and the shapes of the answers the app reads.

#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod metrics;

use super::ApiError;
use crate::config::ProviderKind;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub const IDENTITY: &str = "/v4/users/me/identity";
pub const SETTINGS: &str = "/v4/users/me/settings";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub health_user_id: String,
    #[serde(default)]
    pub legacy_user_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// IANA zone, e.g. `Europe/Berlin`.
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub distance_unit: Option<String>,
    #[serde(default)]
    pub weight_unit: Option<String>,
    #[serde(default)]
    pub temperature_unit: Option<String>,
}

pub const PROFILE: &str = "/v4/users/me/profile";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Profile {
    /// For the default heart-rate zones.
    #[serde(default)]
    pub age: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Devices {
    #[serde(default)]
    pub paired_devices: Vec<PairedDevice>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedDevice {
    #[serde(default)]
    pub device_version: String,
    /// TRACKER or SCALE.
    #[serde(default)]
    pub device_type: String,
    #[serde(default)]
    pub battery_level: Option<u8>,
    /// High, Medium, Low, Empty (the discovery document's words).
    #[serde(default)]
    pub battery_status: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub last_sync_time: Option<String>,
}

/// Decodes a 2xx body, naming what failed to decode.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode {
        provider: ProviderKind::Google,
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_identity_and_settings() {
        let i: Identity =
            decode(r#"{"name":"users/me/identity","healthUserId":"u1","legacyUserId":"GGNJL9"}"#)
                .unwrap();
        assert_eq!(i.health_user_id, "u1");
        let s: Settings = decode(r#"{"name":"users/me/settings","timeZone":"Europe/Berlin","utcOffset":"3600s","distanceUnit":"KILOMETERS"}"#).unwrap();
        assert_eq!(s.time_zone.as_deref(), Some("Europe/Berlin"));
        let p: Profile = decode(r#"{"name":"users/me/profile","age":38,"membershipStartDate":{"year":2024,"month":1,"day":5}}"#).unwrap();
        assert_eq!(p.age, Some(38));
        let d: Devices = decode(r#"{"pairedDevices":[{"name":"users/me/pairedDevices/1","deviceType":"TRACKER","deviceVersion":"Charge 6","batteryLevel":78,"batteryStatus":"HIGH","lastSyncTime":"2026-11-21T18:45:00Z","features":["HEART_RATE"]}]}"#).unwrap();
        assert_eq!(
            (
                d.paired_devices[0].battery_level,
                d.paired_devices[0].last_sync_time.as_deref()
            ),
            (Some(78), Some("2026-11-21T18:45:00Z"))
        );
        assert_eq!(decode::<Devices>("{}").unwrap().paired_devices, vec![]);
        assert!(matches!(
            decode::<Identity>(r#"{"name":"users/me/iden"#),
            Err(ApiError::Decode { .. })
        ));
    }
}

/// The requests: every path, filter, page size and roll-up body the app sends, pure so that
/// the emulator's tests and the host tests call the same builders the app does.
pub mod requests {
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
                provider: crate::config::ProviderKind::Google,
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
            let token: String =
                url::form_urlencoded::byte_serialize(page_token.as_bytes()).collect();
            format!("/v4/users/me/pairedDevices?pageSize=100&pageToken={token}")
        }
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

    /// `dailyRollUp`'s path.
    pub fn rollup_path(kebab: &str) -> String {
        format!("/v4/users/me/dataTypes/{kebab}/dataPoints:dailyRollUp")
    }

    /// The largest page a `dailyRollUp` of `kebab` may ask for (and its longest range).
    pub fn rollup_page_size(kebab: &str) -> i64 {
        match kebab {
            "total-calories" | "heart-rate" | "active-minutes" | "calories-in-heart-rate-zone" => {
                14
            }
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
}

/// Decoding of `dataPoints.list` pages into the normalized model.
pub mod points {
    use super::{decode, ApiError};
    use crate::config::ProviderKind;
    use crate::model::time::{parse_instant, parse_offset};
    use crate::model::{Daily, DayZones, Interval, Sample, Segment, SleepSession, Source, Stage};
    use serde::Deserialize;

    /// One decoded page: its items and the token of the next page, if any.
    pub type Decoded<T> = Result<(Vec<T>, Option<String>), ApiError>;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Page<T> {
        #[serde(default = "Vec::new")]
        pub data_points: Vec<T>,
        #[serde(default)]
        pub next_page_token: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct SampleTime {
        physical_time: String,
        utc_offset: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct TimeInterval {
        start_time: String,
        end_time: String,
        start_utc_offset: String,
        #[serde(default)]
        end_utc_offset: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct DataSource {
        #[serde(default)]
        device: Option<Device>,
    }
    /// `{}` on every recorded point: all optional.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Device {
        #[serde(default)]
        display_name: Option<String>,
        /// FITNESS_BAND, WATCH, PHONE, RING, SCALE…
        #[serde(default)]
        form_factor: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct HeartRatePoint {
        heart_rate: HeartRate,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct HeartRate {
        sample_time: SampleTime,
        /// int64 as a JSON string.
        beats_per_minute: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct StepsPoint {
        steps: Steps,
    }
    #[derive(Deserialize)]
    struct Steps {
        interval: TimeInterval,
        count: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SleepPoint {
        #[serde(default)]
        data_source: Option<DataSource>,
        sleep: Sleep,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Sleep {
        interval: TimeInterval,
        #[serde(default)]
        stages: Vec<SleepStage>,
        #[serde(default)]
        metadata: Option<SleepMetadata>,
        #[serde(default)]
        summary: Option<SleepSummary>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct SleepSummary {
        /// int64 as a string.
        #[serde(default)]
        minutes_to_fall_asleep: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct SleepStage {
        start_time: String,
        end_time: String,
        #[serde(rename = "type")]
        kind: String,
    }
    /// Proto3 JSON leaves a false boolean out, so an absent `mainSleep` is false and an absent
    /// `nap` is false: a second staged sleep of the night has neither.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct SleepMetadata {
        #[serde(default)]
        main_sleep: Option<bool>,
    }

    fn bad(detail: impl Into<String>) -> ApiError {
        ApiError::Decode {
            provider: ProviderKind::Google,
            detail: detail.into(),
        }
    }

    fn instant(s: &str) -> Result<i64, ApiError> {
        parse_instant(s).ok_or_else(|| bad(format!("bad timestamp {s:?}")))
    }

    fn offset(s: &str) -> Result<i32, ApiError> {
        parse_offset(s).ok_or_else(|| bad(format!("bad utcOffset {s:?}")))
    }

    /// The device as the answer names it: its display name, else its family (form factor).
    fn source(ds: Option<DataSource>) -> Source {
        let device = ds.and_then(|d| d.device).and_then(|d| {
            let family = d
                .form_factor
                .filter(|f| !f.is_empty() && f != "FORM_FACTOR_UNSPECIFIED")
                .map(|f| f.to_ascii_lowercase().replace('_', " "));
            match (d.display_name.filter(|n| !n.is_empty()), family) {
                (Some(n), Some(f)) => Some(format!("{n} ({f})")),
                (n, f) => n.or(f),
            }
        });
        Source {
            provider: ProviderKind::Google,
            device,
        }
    }

    /// An int64 sent as a string: `Ok(None)` for a non-finite one (`"NaN"`), which means no
    /// value; an error for text that is no number.
    fn int64(s: &str, what: &str) -> Result<Option<f64>, ApiError> {
        let v: f64 = s
            .trim()
            .parse()
            .map_err(|_| bad(format!("{what} is not a number")))?;
        Ok(v.is_finite().then_some(v))
    }

    /// A heart-rate page: samples (newest first, as the API lists them) and the next token.
    pub fn heart_rate(body: &str) -> Decoded<Sample> {
        let page: Page<HeartRatePoint> = decode(body)?;
        let mut samples = Vec::with_capacity(page.data_points.len());
        for p in &page.data_points {
            let st = &p.heart_rate.sample_time;
            if let Some(bpm) = int64(&p.heart_rate.beats_per_minute, "beatsPerMinute")? {
                samples.push(Sample {
                    t: instant(&st.physical_time)?,
                    offset: offset(&st.utc_offset)?,
                    value: bpm,
                });
            }
        }
        Ok((samples, page.next_page_token.filter(|t| !t.is_empty())))
    }

    /// A steps page as intervals.
    pub fn steps(body: &str) -> Decoded<Interval> {
        let page: Page<StepsPoint> = decode(body)?;
        let mut out = Vec::with_capacity(page.data_points.len());
        for p in &page.data_points {
            let iv = &p.steps.interval;
            if let Some(n) = int64(&p.steps.count, "count")? {
                out.push(Interval {
                    start: instant(&iv.start_time)?,
                    end: instant(&iv.end_time)?,
                    offset: offset(&iv.start_utc_offset)?,
                    value: n,
                });
            }
        }
        Ok((out, page.next_page_token.filter(|t| !t.is_empty())))
    }

    fn stage(kind: &str) -> Result<Stage, ApiError> {
        Ok(match kind {
            "AWAKE" => Stage::Wake,
            "LIGHT" => Stage::Light,
            "DEEP" => Stage::Deep,
            "REM" => Stage::Rem,
            "ASLEEP" => Stage::Asleep,
            "RESTLESS" => Stage::Restless,
            other => return Err(bad(format!("unknown sleep stage {other:?}"))),
        })
    }

    #[derive(Deserialize)]
    struct Date {
        year: i32,
        month: u32,
        day: u32,
    }

    fn civil(v: &serde_json::Value) -> Result<chrono::NaiveDate, ApiError> {
        let d: Date = serde_json::from_value(v.clone()).map_err(|e| bad(e.to_string()))?;
        chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)
            .ok_or_else(|| bad("a point has an impossible date"))
    }

    type DateOf = fn(&serde_json::Value, &serde_json::Value) -> Result<chrono::NaiveDate, ApiError>;

    /// How a metric is read from its object: its value, and its parts where it has some.
    #[derive(Clone, Copy)]
    pub struct Read {
        pub field: &'static str,
        pub value: fn(&serde_json::Value) -> Option<f64>,
        pub parts: Option<crate::sources::json::PartsOf>,
    }

    /// For every point of `list` whose `field` object (`dailyHeartRateVariability`, `weight`,
    /// `floors`…) has a value `value` can read: that value, on the date `date` finds in the
    /// point and the object.
    /// How `m` is read from Google's answers (`None`: Google does not have it).
    pub fn read(m: crate::model::metric::Metric) -> Option<Read> {
        use crate::sources::google::metrics::GoogleSource;
        match m.google()? {
            GoogleSource::Daily { field, value, .. }
            | GoogleSource::Samples { field, value, .. }
            | GoogleSource::Rollup { field, value, .. } => Some(Read {
                field,
                value,
                parts: m.google_parts(),
            }),
        }
    }

    fn dated(body: &str, list: &str, read: Read, date: DateOf) -> Decoded<Daily> {
        let page: serde_json::Value = decode(body)?;
        let mut out = Vec::new();
        for p in page
            .get(list)
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            if let Some((inner, v)) = p.get(read.field).and_then(|i| Some((i, (read.value)(i)?))) {
                out.push(Daily {
                    date: date(p, inner)?,
                    value: v,
                    parts: read.parts.and_then(|f| f(inner)),
                });
            }
        }
        Ok((out, next_page(&page)))
    }

    /// A page's `nextPageToken`; absent or empty on the last page.
    fn next_page(page: &serde_json::Value) -> Option<String> {
        page.get("nextPageToken")
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    }

    fn missing() -> serde_json::Value {
        serde_json::Value::Null
    }

    /// A `daily-heart-rate-zones` page: each day's lower bounds of the Moderate, Vigorous and
    /// Peak zones (Fitbit's Fat Burn, Cardio and Peak). Bounds are int64, sent as strings.
    pub fn zones(body: &str) -> Decoded<DayZones> {
        let page: serde_json::Value = decode(body)?;
        let mut out = Vec::new();
        for p in page
            .get("dataPoints")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            let Some(z) = p.get("dailyHeartRateZones") else {
                continue;
            };
            let date = civil(z.get("date").unwrap_or(&missing()))?;
            let min = |kind: &str| {
                z.get("heartRateZones")?
                    .as_array()?
                    .iter()
                    .find(|h| h.get("heartRateZoneType").and_then(|t| t.as_str()) == Some(kind))
                    .and_then(|h| {
                        let v = h.get("minBeatsPerMinute")?;
                        v.as_str()
                            .and_then(|s| s.parse().ok())
                            .or_else(|| v.as_f64())
                    })
            };
            if let (Some(a), Some(b), Some(c)) = (min("MODERATE"), min("VIGOROUS"), min("PEAK")) {
                if a < b && b < c {
                    out.push(DayZones {
                        date,
                        bounds: [a, b, c],
                    });
                }
            }
        }
        Ok((out, next_page(&page)))
    }

    /// A daily data type's page (`daily-resting-heart-rate`, …): a value per civil `date`.
    pub fn daily(body: &str, read: Read) -> Decoded<Daily> {
        dated(body, "dataPoints", read, |_, i| {
            civil(i.get("date").unwrap_or(&missing()))
        })
    }

    /// A sample type's page (`weight`, `body-fat`): each value on the civil date where and
    /// when it was taken.
    pub fn samples(body: &str, read: Read) -> Decoded<Daily> {
        dated(body, "dataPoints", read, |_, i| {
            let st: SampleTime =
                serde_json::from_value(i.get("sampleTime").cloned().unwrap_or_default())
                    .map_err(|e| bad(e.to_string()))?;
            Ok(crate::model::time::civil_date(
                instant(&st.physical_time)?,
                offset(&st.utc_offset)?,
            ))
        })
    }

    /// A `dailyRollUp` answer: one window per civil day, dated by its `civilStartTime`. The
    /// API answers newest first and leaves days without data out.
    pub fn rollup(body: &str, read: Read) -> Decoded<Daily> {
        dated(body, "rollupDataPoints", read, |p, _| {
            civil(p.pointer("/civilStartTime/date").unwrap_or(&missing()))
        })
    }

    /// A sleep page as sessions.
    pub fn sleep(body: &str) -> Decoded<SleepSession> {
        let page: Page<SleepPoint> = decode(body)?;
        let out = page
            .data_points
            .into_iter()
            .map(|p| {
                let iv = &p.sleep.interval;
                let segments = p
                    .sleep
                    .stages
                    .iter()
                    .map(|s| {
                        Ok(Segment {
                            start: instant(&s.start_time)?,
                            end: instant(&s.end_time)?,
                            stage: stage(&s.kind)?,
                        })
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?;
                let start_offset = offset(&iv.start_utc_offset)?;
                Ok(SleepSession {
                    start: instant(&iv.start_time)?,
                    end: instant(&iv.end_time)?,
                    start_offset,
                    end_offset: iv
                        .end_utc_offset
                        .as_deref()
                        .map(offset)
                        .transpose()?
                        .unwrap_or(start_offset),
                    // Google's own choice: the longest staged sleep of the day. A second staged
                    // sleep is no nap, yet not the main one. (`derive::ensure_main` picks one
                    // by the same rule where an answer names none.)
                    is_main: p
                        .sleep
                        .metadata
                        .as_ref()
                        .and_then(|m| m.main_sleep)
                        .unwrap_or(false),
                    segments,
                    source: source(p.data_source),
                    fall_asleep_min: p
                        .sleep
                        .summary
                        .as_ref()
                        .and_then(|s| s.minutes_to_fall_asleep.as_deref())
                        .and_then(|m| m.parse().ok()),
                }
                .normalize())
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok((out, page.next_page_token.filter(|t| !t.is_empty())))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn main_sleep_is_what_google_says_not_every_non_nap() {
            // Two staged sleeps of one night: `nap` absent on both (they have stages), and
            // `mainSleep: true` only on the longer one, as Google defines it.
            let stage = |a: &str, b: &str, t: &str| {
                format!(
                    r#"{{"startTime":"{a}","endTime":"{b}","startUtcOffset":"-14400s","endUtcOffset":"-14400s","type":"{t}"}}"#
                )
            };
            let sleep = |a: &str, b: &str, meta: &str| {
                format!(
                    r#"{{"dataSource":{{"device":{{}},"platform":"FITBIT","recordingMethod":"DERIVED"}},"sleep":{{"type":"STAGES","interval":{{"startTime":"{a}","startUtcOffset":"-14400s","endTime":"{b}","endUtcOffset":"-14400s"}},"stages":[{}],"metadata":{meta}}}}}"#,
                    stage(a, b, "LIGHT")
                )
            };
            let body = format!(
                r#"{{"dataPoints":[{},{}]}}"#,
                sleep(
                    "2026-01-06T12:00:00Z",
                    "2026-01-06T13:30:00Z",
                    r#"{"processed":true,"stagesStatus":"SUCCEEDED"}"#
                ),
                sleep(
                    "2026-01-06T03:00:00Z",
                    "2026-01-06T10:00:00Z",
                    r#"{"mainSleep":true,"processed":true,"stagesStatus":"SUCCEEDED"}"#
                ),
            );
            let (mut nights, _) = sleep_page(&body).unwrap();
            assert_eq!(
                nights.iter().map(|s| s.is_main).collect::<Vec<_>>(),
                vec![false, true]
            );
            crate::model::derive::ensure_main(&mut nights);
            assert_eq!(nights.iter().filter(|s| s.is_main).count(), 1);
            // The device family, when the answer names it.
            let named = body.replacen(
                r#""device":{}"#,
                r#""device":{"displayName":"Pixel Watch 3","formFactor":"WATCH"}"#,
                1,
            );
            assert_eq!(
                sleep_page(&named).unwrap().0[0].source.device.as_deref(),
                Some("Pixel Watch 3 (watch)")
            );
            assert_eq!(nights[0].source.device, None);
        }

        fn sleep_page(body: &str) -> Decoded<SleepSession> {
            sleep(body)
        }

        #[test]
        fn non_finite_values_are_no_value() {
            let hr = r#"{"dataPoints":[{"heartRate":{"sampleTime":{"physicalTime":"2026-01-08T02:25:14Z","utcOffset":"-14400s"},"beatsPerMinute":"NaN"}},
                {"heartRate":{"sampleTime":{"physicalTime":"2026-01-08T02:25:15Z","utcOffset":"-14400s"},"beatsPerMinute":"61"}}]}"#;
            assert_eq!(heart_rate(hr).unwrap().0.len(), 1);
            let t = r#"{"dataPoints":[{"dailySleepTemperatureDerivations":{"baselineTemperatureCelsius":"NaN","date":{"day":4,"month":1,"year":2026},"nightlyTemperatureCelsius":34.0,"relativeNightlyStddev30dCelsius":"NaN"}}]}"#;
            let read = read(crate::model::metric::Metric::SkinTemperature);
            assert_eq!(daily(t, read.unwrap()).unwrap().0, vec![]);
        }

        #[test]
        fn decodes_daily_heart_rate_zones() {
            let page = r#"{"dataPoints":[
              {"dailyHeartRateZones":{"date":{"year":2026,"month":10,"day":25},"heartRateZones":[
                {"heartRateZoneType":"LIGHT","minBeatsPerMinute":"58","maxBeatsPerMinute":"97"},
                {"heartRateZoneType":"PEAK","minBeatsPerMinute":"157","maxBeatsPerMinute":"182"},
                {"heartRateZoneType":"MODERATE","minBeatsPerMinute":"97","maxBeatsPerMinute":"127"},
                {"heartRateZoneType":"VIGOROUS","minBeatsPerMinute":128,"maxBeatsPerMinute":"157"}]}},
              {"dailyHeartRateZones":{"date":{"year":2026,"month":10,"day":26},"heartRateZones":[
                {"heartRateZoneType":"MODERATE","minBeatsPerMinute":"97"}]}}],
              "nextPageToken":"p2"}"#;
            let (days, next) = zones(page).unwrap();
            // Found by type, whatever the order; a day without all three is left out.
            assert_eq!(
                days,
                vec![DayZones {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(),
                    bounds: [97.0, 128.0, 157.0]
                }]
            );
            assert_eq!(next.as_deref(), Some("p2"));
            assert!(zones(r#"{"dataPoints":[{"dailyHeartRateZones":{"date":{}}}]}"#).is_err());
        }

        #[test]
        fn decodes_daily_samples_and_rollups() {
            use crate::model::metric::Metric;
            use crate::sources::google::metrics::GoogleSource;
            let read = |m: Metric, body: &str| {
                let r = read(m).unwrap();
                let (days, next) = match m.google().unwrap() {
                    GoogleSource::Daily { .. } => daily(body, r),
                    GoogleSource::Samples { .. } => samples(body, r),
                    GoogleSource::Rollup { .. } => rollup(body, r),
                }?;
                Ok::<_, ApiError>((
                    days.iter()
                        .map(|d| (d.date.to_string(), d.value))
                        .collect::<Vec<_>>(),
                    next,
                ))
            };
            // The reference's example.
            let body = r#"{"dataPoints":[{"dataSource":{"platform":"FITBIT","recordingMethod":"DERIVED"},"dailyRestingHeartRate":{"date":{"year":2026,"month":11,"day":1},"beatsPerMinute":"58","dailyRestingHeartRateMetadata":{"calculationMethod":"WITH_SLEEP"}}}]}"#;
            assert_eq!(
                read(Metric::RestingHeartRate, body).unwrap(),
                (vec![("2026-11-01".to_string(), 58.0)], None)
            );
            assert!(read(Metric::RestingHeartRate, r#"{"dataPoints":[{"dailyRestingHeartRate":{"date":{"year":2026,"month":2,"day":30},"beatsPerMinute":"58"}}]}"#).is_err());
            assert_eq!(read(Metric::Hrv, "{}").unwrap().0, vec![]);
            // A weigh-in at 23:30 in New York is on the 1st there, the 2nd in UTC.
            let w = r#"{"dataPoints":[{"weight":{"sampleTime":{"physicalTime":"2026-11-02T04:30:00Z","utcOffset":"-18000s"},"weightGrams":79832}}],"nextPageToken":"p2"}"#;
            assert_eq!(
                read(Metric::Weight, w).unwrap(),
                (
                    vec![("2026-11-01".to_string(), 79.832)],
                    Some("p2".to_string())
                )
            );
            let r = r#"{"rollupDataPoints":[{"civilStartTime":{"date":{"year":2026,"month":11,"day":1},"time":{}},"civilEndTime":{"date":{"year":2026,"month":11,"day":2},"time":{}},"floors":{"countSum":"12"}},
                {"civilStartTime":{"date":{"year":2026,"month":11,"day":2},"time":{}},"civilEndTime":{"date":{"year":2026,"month":11,"day":3},"time":{}}}]}"#;
            assert_eq!(
                read(Metric::Floors, r).unwrap().0,
                vec![("2026-11-01".to_string(), 12.0)]
            );
            assert!(read(
                Metric::Floors,
                r#"{"rollupDataPoints":[{"civilStartTime":{},"floors":{"countSum":"1"}}]}"#
            )
            .is_err());
        }

        #[test]
        fn decodes_reference_shapes() {
            let hr = r#"{"dataPoints":[{"name":"users/1/dataTypes/heart-rate/dataPoints/8f3c","dataSource":{"recordingMethod":"PASSIVELY_MEASURED","device":{"displayName":"Inspire 3"},"platform":"FITBIT"},
                "heartRate":{"sampleTime":{"physicalTime":"2026-08-29T05:29:57Z","utcOffset":"19800s","civilTime":{"date":{"year":2026,"month":8,"day":29},"time":{"hours":10,"minutes":59,"seconds":57}}},"beatsPerMinute":"72","metadata":{"motionContext":"SEDENTARY"}}}],
                "nextPageToken":"CiAKGjBpNDd2"}"#;
            let (samples, next) = heart_rate(hr).unwrap();
            assert_eq!(
                samples,
                vec![Sample {
                    t: parse_instant("2026-08-29T05:29:57Z").unwrap(),
                    offset: 19800,
                    value: 72.0
                }]
            );
            assert_eq!(next.as_deref(), Some("CiAKGjBpNDd2"));
            let st = r#"{"dataPoints":[{"steps":{"interval":{"startTime":"2026-11-01T08:00:00Z","startUtcOffset":"3600s","endTime":"2026-11-01T08:01:00Z","endUtcOffset":"3600s","civilStartTime":{"date":{"year":2026,"month":11,"day":1},"time":{"hours":9}}},"count":"87"}}],"nextPageToken":""}"#;
            let (iv, next) = steps(st).unwrap();
            assert_eq!(
                (iv[0].value, iv[0].end - iv[0].start, next),
                (87.0, 60, None)
            );
            let sl = r#"{"dataPoints":[{"dataSource":{"platform":"FITBIT"},"sleep":{"type":"STAGES","interval":{"startTime":"2026-11-01T22:14:00Z","startUtcOffset":"3600s","endTime":"2026-11-02T05:52:30Z","endUtcOffset":"3600s"},
                "stages":[{"startTime":"2026-11-01T22:14:00Z","endTime":"2026-11-01T22:31:30Z","startUtcOffset":"3600s","endUtcOffset":"3600s","type":"LIGHT"},
                          {"startTime":"2026-11-01T22:31:30Z","endTime":"2026-11-01T23:02:00Z","startUtcOffset":"3600s","endUtcOffset":"3600s","type":"DEEP"}],
                "outOfBedSegments":[],"metadata":{"nap":false,"stagesStatus":"SUCCEEDED"}}}]}"#;
            let (nights, _) = sleep(sl).unwrap();
            assert_eq!(
                nights[0].night(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
            );
            assert_eq!(nights[0].seconds_in(Stage::Deep), 1830);
            // No `mainSleep`: not marked here; the night's only staged sleep becomes main.
            assert!(!nights[0].is_main);
            let mut night = nights.clone();
            crate::model::derive::ensure_main(&mut night);
            assert!(night[0].is_main);
            // An empty page has no dataPoints key at all.
            assert_eq!(heart_rate("{}").unwrap().0, vec![]);
            assert!(matches!(
                heart_rate(
                    r#"{"dataPoints":[{"heartRate":{"sampleTime":{"physicalTime":"x","utcOffset":"0s"},"beatsPerMinute":"7"}}]}"#
                ),
                Err(ApiError::Decode { .. })
            ));
            assert!(matches!(
                steps(
                    r#"{"dataPoints":[{"steps":{"interval":{"startTime":"2026-11-01T08:00:00Z","startUtcOffset":"3600s","endTime":"2026-11-01T08:01:00Z"},"count":"many"}}]}"#
                ),
                Err(ApiError::Decode { .. })
            ));
        }
    }
}
