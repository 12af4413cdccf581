//! Google Health API v4: endpoint paths and the shapes of the answers the app reads.

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

pub const DEVICES: &str = "/v4/users/me/pairedDevices?pageSize=100";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Devices {
    #[serde(default)]
    pub paired_devices: Vec<PairedDevice>,
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
    /// HIGH, MEDIUM, LOW…
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

/// Decoding of `dataPoints.list` pages into the normalized model.
pub mod points {
    use super::{decode, ApiError};
    use crate::config::ProviderKind;
    use crate::data::model::{
        Daily, DayZones, Interval, Sample, Segment, SleepSession, Source, Stage,
    };
    use crate::data::time::{parse_instant, parse_offset};
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
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Device {
        #[serde(default)]
        display_name: Option<String>,
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
    #[derive(Deserialize)]
    struct SleepMetadata {
        #[serde(default)]
        nap: bool,
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

    fn source(ds: Option<DataSource>) -> Source {
        Source {
            provider: ProviderKind::Google,
            device: ds.and_then(|d| d.device).and_then(|d| d.display_name),
        }
    }

    /// A heart-rate page: samples (newest first, as the API lists them) and the next token.
    pub fn heart_rate(body: &str) -> Decoded<Sample> {
        let page: Page<HeartRatePoint> = decode(body)?;
        let samples = page
            .data_points
            .iter()
            .map(|p| {
                let st = &p.heart_rate.sample_time;
                let bpm: f64 = p
                    .heart_rate
                    .beats_per_minute
                    .parse()
                    .map_err(|_| bad("beatsPerMinute is not a number"))?;
                Ok(Sample {
                    t: instant(&st.physical_time)?,
                    offset: offset(&st.utc_offset)?,
                    value: bpm,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok((samples, page.next_page_token.filter(|t| !t.is_empty())))
    }

    /// A steps page as intervals.
    pub fn steps(body: &str) -> Decoded<Interval> {
        let page: Page<StepsPoint> = decode(body)?;
        let out = page
            .data_points
            .iter()
            .map(|p| {
                let iv = &p.steps.interval;
                let n: f64 = p
                    .steps
                    .count
                    .parse()
                    .map_err(|_| bad("count is not a number"))?;
                Ok(Interval {
                    start: instant(&iv.start_time)?,
                    end: instant(&iv.end_time)?,
                    offset: offset(&iv.start_utc_offset)?,
                    value: n,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
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

    /// For every point of `list` whose `field` object (`dailyHeartRateVariability`, `weight`,
    /// `floors`…) has a value `value` can read: that value, on the date `date` finds in the
    /// point and the object.
    fn dated(
        body: &str,
        list: &str,
        field: &str,
        date: DateOf,
        value: fn(&serde_json::Value) -> Option<f64>,
    ) -> Decoded<Daily> {
        let page: serde_json::Value = decode(body)?;
        let mut out = Vec::new();
        for p in page
            .get(list)
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            if let Some((inner, v)) = p.get(field).and_then(|i| Some((i, value(i)?))) {
                out.push(Daily {
                    date: date(p, inner)?,
                    value: v,
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
    pub fn daily(
        body: &str,
        field: &str,
        value: fn(&serde_json::Value) -> Option<f64>,
    ) -> Decoded<Daily> {
        dated(
            body,
            "dataPoints",
            field,
            |_, i| civil(i.get("date").unwrap_or(&missing())),
            value,
        )
    }

    /// A sample type's page (`weight`, `body-fat`): each value on the civil date where and
    /// when it was taken.
    pub fn samples(
        body: &str,
        field: &str,
        value: fn(&serde_json::Value) -> Option<f64>,
    ) -> Decoded<Daily> {
        dated(
            body,
            "dataPoints",
            field,
            |_, i| {
                let st: SampleTime =
                    serde_json::from_value(i.get("sampleTime").cloned().unwrap_or_default())
                        .map_err(|e| bad(e.to_string()))?;
                Ok(crate::data::time::civil_date(
                    instant(&st.physical_time)?,
                    offset(&st.utc_offset)?,
                ))
            },
            value,
        )
    }

    /// A `dailyRollUp` answer: one window per civil day, dated by its `civilStartTime`.
    pub fn rollup(
        body: &str,
        field: &str,
        value: fn(&serde_json::Value) -> Option<f64>,
    ) -> Decoded<Daily> {
        dated(
            body,
            "rollupDataPoints",
            field,
            |p, _| civil(p.pointer("/civilStartTime/date").unwrap_or(&missing())),
            value,
        )
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
                    is_main: !p.sleep.metadata.as_ref().is_some_and(|m| m.nap),
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
            use crate::data::metric::{GoogleSource, Metric};
            let read = |m: Metric, body: &str| {
                let (days, next) = match m.google() {
                    GoogleSource::Daily { field, value, .. } => daily(body, field, value),
                    GoogleSource::Samples { field, value, .. } => samples(body, field, value),
                    GoogleSource::Rollup { field, value, .. } => rollup(body, field, value),
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
            assert!(nights[0].is_main);
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
