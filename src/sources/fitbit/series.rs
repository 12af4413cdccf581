//! Decoding of Fitbit's intraday and sleep bodies into the normalized model. Fitbit writes
//! local wall times without an offset; they are resolved in the profile's zone.
//!
//! Differs from Google by design: Fitbit only knows the profile's *current* zone, so on days
//! recorded elsewhere (a trip) its times are read in the wrong zone. Google sends each point's
//! own offset. The emulator's person travels in June 2026 to show it.

use super::ApiError;
use crate::config::{Provider, Source};
use crate::model::time::{fitbit_day_times, fitbit_local};
use crate::model::zone::Zone as TimeZone;
use crate::model::{Daily, DayZones, Interval, Provenance, Sample, Segment, SleepSession, Stage};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

fn bad(detail: impl Into<String>) -> ApiError {
    ApiError::Decode {
        provider: Provider::Fitbit,
        detail: detail.into(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Intraday {
    dataset: Vec<Entry>,
    dataset_interval: i64,
    dataset_type: String,
}
#[derive(Deserialize)]
struct Entry {
    time: String,
    value: f64,
}

/// An intraday body (`activities-heart-intraday`, `activities-steps-intraday`, …) for
/// civil `date` in `zone`: `(instant, offset, value, seconds covered)` in order. Times that
/// do not exist (the spring-forward gap) are dropped.
fn intraday(
    body: &str,
    key: &str,
    zone: &TimeZone,
    date: NaiveDate,
) -> Result<Vec<(i64, i32, f64, i64)>, ApiError> {
    let mut v: serde_json::Value = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let inner = v
        .get_mut(key)
        .map(serde_json::Value::take)
        .ok_or_else(|| bad(format!("no {key} in the answer")))?;
    let d: Intraday = serde_json::from_value(inner).map_err(|e| bad(e.to_string()))?;
    let step = match d.dataset_type.as_str() {
        "second" => d.dataset_interval,
        "minute" => d.dataset_interval * 60,
        other => return Err(bad(format!("unknown datasetType {other:?}"))),
    };
    let times: Vec<&str> = d.dataset.iter().map(|e| e.time.as_str()).collect();
    Ok(fitbit_day_times(zone, date, &times)
        .into_iter()
        .zip(&d.dataset)
        .filter_map(|(r, e)| r.map(|(t, off)| (t, off, e.value, step)))
        .collect())
}

/// A date-range series (`/hrv/date/{from}/{to}.json`, `/activities/calories/…`, the
/// heart-rate series, weight logs…) as `(date, value)` in time order, for the entries
/// `value` can read. `list`: the key of the entries; `None` when the answer is the list
/// (SpO2). Entries are dated by `dateTime` or (body logs) `date`, and ordered by it and
/// their `time`, so a later weigh-in of the same day comes later.
pub fn daily(
    body: &str,
    list: Option<&str>,
    value: fn(&serde_json::Value) -> Option<f64>,
    parts: Option<crate::sources::json::PartsOf>,
) -> Result<Vec<Daily>, ApiError> {
    let v: serde_json::Value = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let entries = match list {
        Some(key) => v.get(key),
        None => Some(&v),
    };
    let entries: &[serde_json::Value] = match entries {
        Some(serde_json::Value::Array(a)) => a,
        // One date's SpO2 is a bare object, empty when there is no value.
        Some(o @ serde_json::Value::Object(_)) if list.is_none() => std::slice::from_ref(o),
        _ => {
            return Err(bad(format!(
                "no {} list in the answer",
                list.unwrap_or("top-level")
            )))
        }
    };
    let text =
        |e: &serde_json::Value, k: &str| e.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    let mut out = Vec::new();
    for e in entries {
        let Some(date) = text(e, "dateTime").or_else(|| text(e, "date")) else {
            continue;
        };
        let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| bad(format!("bad date {date:?}")))?;
        if let Some(v) = value(e) {
            let parts = parts.and_then(|f| f(e));
            out.push((date, text(e, "time").unwrap_or_default(), v, parts));
        }
    }
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(out
        .into_iter()
        .map(|(date, _, value, parts)| Daily { date, value, parts })
        .collect())
}

/// The heart-rate series' zones per day (`heartRateZones`): the lower bounds of Fat Burn,
/// Cardio and Peak, found by name. These are the zones Fitbit counted the day's minutes in,
/// from the person's own maximum heart rate when they set one. (`customHeartRateZones` is
/// a separate single "custom zone" and is not one of the four.)
pub fn zones(body: &str) -> Result<Vec<DayZones>, ApiError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        date_time: String,
        value: Value,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Value {
        #[serde(default)]
        heart_rate_zones: Vec<Zone>,
    }
    #[derive(Deserialize)]
    struct Zone {
        name: String,
        min: f64,
    }
    #[derive(Deserialize)]
    struct Series {
        #[serde(rename = "activities-heart")]
        days: Vec<Entry>,
    }
    let s: Series = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for e in s.days {
        let date = NaiveDate::parse_from_str(&e.date_time, "%Y-%m-%d")
            .map_err(|_| bad(format!("bad date {:?}", e.date_time)))?;
        let min = |name: &str| {
            e.value
                .heart_rate_zones
                .iter()
                .find(|z| z.name.eq_ignore_ascii_case(name))
                .map(|z| z.min)
        };
        // A day without the three zones (no data at all) has none to show.
        if let (Some(a), Some(b), Some(c)) = (min("Fat Burn"), min("Cardio"), min("Peak")) {
            if a < b && b < c {
                out.push(DayZones {
                    date,
                    bounds: [a, b, c],
                });
            }
        }
    }
    Ok(out)
}

/// Heart rate intraday as samples.
pub fn heart_rate(body: &str, zone: &TimeZone, date: NaiveDate) -> Result<Vec<Sample>, ApiError> {
    Ok(intraday(body, "activities-heart-intraday", zone, date)?
        .into_iter()
        .map(|(t, offset, value, _)| Sample { t, offset, value })
        .collect())
}

/// An activity resource's intraday (`steps`, `calories`, …) as intervals.
pub fn activity(
    body: &str,
    resource: &str,
    zone: &TimeZone,
    date: NaiveDate,
) -> Result<Vec<Interval>, ApiError> {
    Ok(
        intraday(body, &format!("activities-{resource}-intraday"), zone, date)?
            .into_iter()
            .map(|(t, offset, value, step)| Interval {
                start: t,
                end: t + step,
                offset,
                value,
            })
            .collect(),
    )
}

#[derive(Deserialize)]
struct SleepBody {
    sleep: Vec<SleepLog>,
}
/// One sleep log: the Web API's v1.2 shape, which the account export's `sleep-*.json`
/// files share (there the main-sleep flag is spelled `mainSleep`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SleepLog {
    pub start_time: String,
    pub end_time: String,
    pub duration: i64,
    #[serde(alias = "mainSleep", default)]
    pub is_main_sleep: bool,
    pub levels: Levels,
    #[serde(default)]
    pub minutes_to_fall_asleep: Option<i64>,
    /// The data's quality: 0 enough for stages, else why there are none.
    #[serde(default)]
    pub info_code: Option<i64>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Levels {
    #[serde(default)]
    pub data: Vec<Level>,
    #[serde(default)]
    pub short_data: Vec<Level>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Level {
    pub date_time: String,
    pub level: String,
    pub seconds: i64,
}

fn stage(level: &str) -> Result<Stage, String> {
    Ok(match level {
        "wake" | "awake" => Stage::Wake,
        "light" => Stage::Light,
        "deep" => Stage::Deep,
        "rem" => Stage::Rem,
        "asleep" => Stage::Asleep,
        "restless" => Stage::Restless,
        other => return Err(format!("unknown sleep level {other:?}")),
    })
}

/// Sleep v1.2 logs as sessions. `levels.data` is the long-stage timeline; `shortData` marks
/// wakes of 3 minutes or less on top of it, and is cut into it here.
pub fn sleep(body: &str, zone: &TimeZone) -> Result<Vec<SleepSession>, ApiError> {
    let b: SleepBody = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let resolve = |s: &str, after: Option<i64>| fitbit_local(zone, s, after);
    b.sleep
        .iter()
        .map(|log| session(log, &resolve, Source::Fitbit).map_err(bad))
        .collect()
}

/// Resolves a zoneless local time to (instant, offset), after an instant where two are
/// possible.
pub type Resolve<'a> = &'a dyn Fn(&str, Option<i64>) -> Option<(i64, i32)>;

/// One log as a session. `resolve` turns a zoneless local time into (instant, offset),
/// after an instant where two are possible (the fall-back hour): the account's zone for the
/// Web API, the offsets an export recorded for its own files.
pub fn session(log: &SleepLog, resolve: Resolve, provider: Source) -> Result<SleepSession, String> {
    let seconds = log.duration / 1000;
    // How far the clock moved during the sleep: the wall-clock span less the duration
    // (an hour on a DST night, more on a flight).
    let wall = |s: &str| crate::model::time::fitbit_naive(s).map(|t| t.and_utc().timestamp());
    let shift = match (wall(&log.start_time), wall(&log.end_time)) {
        (Some(a), Some(b)) => {
            Some(b - a - seconds).filter(|s| *s != 0 && s % 900 == 0 && s.abs() <= 26 * 3600)
        }
        _ => None,
    };
    let bad_start = || format!("bad startTime {:?}", log.start_time);
    let clock = |s: i64| i32::try_from(s).unwrap_or(0);
    // The duration, not the wall-clock end, gives the true length across a clock change.
    // A sleep across a flight is placed by its end: it ends where the person landed,
    // which the days after it speak for.
    let (start, start_offset, end, end_offset) = match shift {
        Some(s) if s.abs() > 3 * 3600 => {
            let (end, end_offset) = resolve(&log.end_time, None).ok_or_else(bad_start)?;
            (end - seconds, end_offset - clock(s), end, end_offset)
        }
        _ => {
            let (mut start, mut start_offset) =
                resolve(&log.start_time, None).ok_or_else(bad_start)?;
            // A local start lived twice (a flight west, earlier that day) is the pass its
            // end agrees with: the end read alone, less the duration. So is a start in a
            // fall-back hour where the clock did not move during the sleep (its wall-clock
            // span is its duration) and the end was lived once: start and end share a clock.
            if let Some((end, end_offset)) = resolve(&log.end_time, None) {
                let off_by = (end - seconds - start).abs();
                let end_once = resolve(&log.end_time, Some(end)).is_some_and(|e| e.0 == end);
                // (A clock change's size: real logs' durations miss their wall-clock
                // span by seconds too.)
                let dst_sized = off_by >= 1800 && off_by % 900 == 0;
                if off_by > 3600 || (shift.is_none() && dst_sized && end_once) {
                    let moved = clock(shift.unwrap_or(0));
                    (start, start_offset) = (end - seconds, end_offset - moved);
                }
            }
            let end = start + seconds;
            let end_offset = match shift {
                Some(s) => start_offset + clock(s),
                None => resolve(&log.end_time, Some(end - 1)).map_or(start_offset, |(_, o)| o),
            };
            (start, start_offset, end, end_offset)
        }
    };
    let mut cursor = start - 1;
    let mut timeline: BTreeMap<i64, (i64, Stage)> = BTreeMap::new();
    for l in &log.levels.data {
        let (mut a, _) = resolve(&l.date_time, Some(cursor))
            .ok_or_else(|| format!("bad dateTime {:?}", l.date_time))?;
        // Across a clock change a resolver with one offset for the night (an export
        // without a zone) puts the later stages off by the change; the stages follow each
        // other, so each starts where the one before it ended.
        if shift.is_some() {
            a = cursor + 1;
        }
        timeline.insert(a, (a + l.seconds, stage(&l.level)?));
        // The next segment starts where this one ends: that settles which of two
        // equal wall times (the fall-back hour) it is.
        cursor = a + l.seconds - 1;
    }
    for s in &log.levels.short_data {
        let (a, _) = resolve(&s.date_time, Some(start - 1))
            .ok_or_else(|| format!("bad dateTime {:?}", s.date_time))?;
        let b = a + s.seconds;
        // Split the long segment that holds the short wake into before / wake / after.
        if let Some((&seg_start, &(seg_end, seg_stage))) = timeline.range(..=a).next_back() {
            if b <= seg_end {
                timeline.remove(&seg_start);
                if seg_start < a {
                    timeline.insert(seg_start, (a, seg_stage));
                }
                timeline.insert(a, (b, stage(&s.level)?));
                if b < seg_end {
                    timeline.insert(b, (seg_end, seg_stage));
                }
            }
        }
    }
    let segments = timeline
        .into_iter()
        .map(|(s, (e, st))| Segment {
            start: s,
            end: e,
            stage: st,
        })
        .collect();
    Ok(SleepSession {
        start,
        end,
        start_offset,
        end_offset,
        is_main: log.is_main_sleep,
        segments,
        source: Provenance {
            source: provider,
            device: None,
        },
        fall_asleep_min: log.minutes_to_fall_asleep,
        no_stages: log.info_code.and_then(crate::model::NoStages::from_fitbit),
    }
    .normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::parse_instant;

    fn berlin() -> TimeZone {
        TimeZone::tzdb("Europe/Berlin").unwrap()
    }

    #[test]
    fn a_classic_log_keeps_why_it_has_no_stages() {
        // A 2-hour nap scored classic, infoCode 2 (Get Sleep Log by Date: shorter than
        // 3 hours), and the same log with each other code.
        let log = |code: i64| {
            format!(
                r#"{{"sleep":[{{"dateOfSleep":"2026-03-18","duration":7200000,"startTime":"2026-03-18T14:00:00.000","endTime":"2026-03-18T16:00:00.000","infoCode":{code},"isMainSleep":false,"type":"classic",
                "levels":{{"data":[{{"dateTime":"2026-03-18T14:00:00.000","level":"asleep","seconds":3600}},{{"dateTime":"2026-03-18T15:00:00.000","level":"restless","seconds":600}},{{"dateTime":"2026-03-18T15:10:00.000","level":"awake","seconds":3000}}],"summary":{{}}}}}}]}}"#
            )
        };
        for (code, why) in [
            (0, None),
            (1, Some(crate::model::NoStages::LowCoverage)),
            (2, Some(crate::model::NoStages::TooShort)),
            (3, Some(crate::model::NoStages::ServerFailed)),
            (9, None),
        ] {
            let s = sleep(&log(code), &berlin()).unwrap();
            assert_eq!(s[0].no_stages, why, "{code}");
            assert_eq!(
                [Stage::Asleep, Stage::Restless, Stage::Wake].map(|st| s[0].seconds_in(st)),
                [3600, 600, 3000]
            );
        }
        // A log without the field (older answers) says nothing.
        let none = log(0).replace(r#""infoCode":0,"#, "");
        assert_eq!(sleep(&none, &berlin()).unwrap()[0].no_stages, None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn zones_of_the_heart_rate_series() {
        // The reference's time-series shape, with a custom maximum heart rate on the 16th.
        let body = r#"{"activities-heart":[
          {"dateTime":"2017-08-15","value":{"customHeartRateZones":[],"heartRateZones":[
            {"caloriesOut":2257.6846,"max":92,"min":30,"minutes":1264,"name":"Out of Range"},
            {"caloriesOut":275.189,"max":128,"min":92,"minutes":38,"name":"Fat Burn"},
            {"caloriesOut":505.5534,"max":156,"min":128,"minutes":43,"name":"Cardio"},
            {"caloriesOut":287.33136,"max":220,"min":156,"minutes":21,"name":"Peak"}],
            "restingHeartRate":51}},
          {"dateTime":"2017-08-16","value":{"heartRateZones":[
            {"max":100,"min":30,"name":"Out of Range"},{"max":130,"min":100,"name":"Fat Burn"},
            {"max":150,"min":130,"name":"Cardio"},{"max":200,"min":150,"name":"Peak"}]}},
          {"dateTime":"2017-08-17","value":{"customHeartRateZones":[],"heartRateZones":[]}}]}"#;
        assert_eq!(
            zones(body).unwrap(),
            vec![
                DayZones {
                    date: d(2017, 8, 15),
                    bounds: [92.0, 128.0, 156.0]
                },
                DayZones {
                    date: d(2017, 8, 16),
                    bounds: [100.0, 130.0, 150.0]
                },
            ]
        );
        assert!(zones(r#"{"activities-heart":[{"dateTime":"15/08/2017","value":{}}]}"#).is_err());
        assert!(zones("{}").is_err());
    }

    #[test]
    fn daily_series_of_the_reference_shapes() {
        use crate::model::metric::Metric;
        let read = |m: Metric, body: &str| {
            let f = m.fitbit().unwrap();
            daily(body, f.list, f.value, m.fitbit_parts()).map(|v| {
                v.iter()
                    .map(|d| (d.date.to_string(), d.value))
                    .collect::<Vec<_>>()
            })
        };
        // The reference's heart-rate time series, plus a day without enough data.
        let body = r#"{"activities-heart":[{"dateTime":"2017-08-15","value":{"customHeartRateZones":[],"heartRateZones":[{"caloriesOut":2257.6846,"max":92,"min":30,"minutes":1264,"name":"Out of Range"}],"restingHeartRate":51}},{"dateTime":"2017-08-16","value":{"customHeartRateZones":[],"heartRateZones":[]}}]}"#;
        assert_eq!(
            read(Metric::RestingHeartRate, body).unwrap(),
            vec![("2017-08-15".to_string(), 51.0)]
        );
        assert!(read(
            Metric::RestingHeartRate,
            r#"{"activities-heart":[{"dateTime":"15/08/2017","value":{"restingHeartRate":5}}]}"#
        )
        .is_err());
        assert!(read(Metric::Hrv, r#"{"errors":[]}"#).is_err());
        // SpO2: a bare list for a range, a bare object (maybe empty) for one date.
        let spo2 = r#"[{"dateTime":"2021-10-05","value":{"avg":96.1,"min":93,"max":99}},{"dateTime":"2021-10-04","value":{"avg":97.5,"min":94,"max":100}}]"#;
        assert_eq!(
            read(Metric::Spo2, spo2).unwrap(),
            vec![
                ("2021-10-04".to_string(), 97.5),
                ("2021-10-05".to_string(), 96.1)
            ]
        );
        assert_eq!(read(Metric::Spo2, "{}").unwrap(), vec![]);
        // Two weigh-ins on a day: the later one is last.
        let w = r#"{"weight":[{"date":"2026-11-01","time":"19:00:00","weight":80.1},{"date":"2026-11-01","time":"07:30:00","weight":79.5}]}"#;
        assert_eq!(read(Metric::Weight, w).unwrap().last().unwrap().1, 80.1);
        let cal = r#"{"activities-calories":[{"dateTime":"2016-03-08","value":"2345"},{"dateTime":"2016-03-09","value":"0"}]}"#;
        assert_eq!(read(Metric::Calories, cal).unwrap().len(), 2);
    }

    #[test]
    fn intraday_reference_shapes() {
        let hr = r#"{"activities-heart":[{"customHeartRateZones":[],"dateTime":"2017-08-21","heartRateZones":[],"value":"55.44"}],
            "activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":57},{"time":"00:15:00","value":57}],"datasetInterval":15,"datasetType":"minute"}}"#;
        let s = heart_rate(hr, &berlin(), d(2017, 8, 21)).unwrap();
        assert_eq!(s[0].t, parse_instant("2017-08-20T22:00:00Z").unwrap());
        assert_eq!((s[0].offset, s[1].t - s[0].t), (7200, 900));
        let st = r#"{"activities-steps":[{"dateTime":"2016-03-08","value":"7390"}],"activities-steps-intraday":{"dataset":[{"time":"00:00:00","value":1},{"time":"00:01:00","value":2}],"datasetInterval":1,"datasetType":"minute"}}"#;
        let iv = activity(st, "steps", &berlin(), d(2016, 3, 8)).unwrap();
        assert_eq!((iv[1].value, iv[1].end - iv[1].start), (2.0, 60));
        let sec = r#"{"activities-heart-intraday":{"dataset":[{"time":"12:00:03","value":70},{"time":"12:00:11","value":71}],"datasetInterval":1,"datasetType":"second"}}"#;
        assert_eq!(
            heart_rate(sec, &berlin(), d(2026, 1, 5)).unwrap()[1].t
                - parse_instant("2026-01-05T11:00:00Z").unwrap(),
            11
        );
        assert!(heart_rate(r#"{"errors":[]}"#, &berlin(), d(2026, 1, 5)).is_err());
    }

    #[test]
    fn sleep_overlays_short_wakes_and_keeps_dst_length() {
        // The fall-back night: 23:20 → 07:20 on the wall is 9 h of real time.
        let body = r#"{"sleep":[{"dateOfSleep":"2026-10-25","duration":32400000,"efficiency":93,"endTime":"2026-10-25T07:20:00.000","isMainSleep":true,
            "levels":{"data":[{"dateTime":"2026-10-24T23:20:00.000","level":"light","seconds":16200},{"dateTime":"2026-10-25T02:50:00.000","level":"deep","seconds":16200}],
                      "shortData":[{"dateTime":"2026-10-24T23:40:00.000","level":"wake","seconds":60}],"summary":{}},
            "logId":1,"logType":"auto_detected","minutesAfterWakeup":0,"minutesAsleep":539,"minutesAwake":1,"minutesToFallAsleep":0,
            "startTime":"2026-10-24T23:20:00.000","timeInBed":540,"type":"stages"}],"summary":{}}"#;
        let s = &sleep(body, &berlin()).unwrap()[0];
        assert_eq!(s.end - s.start, 9 * 3600);
        assert_eq!((s.start_offset, s.end_offset), (7200, 3600));
        let stages: Vec<(Stage, i64)> = s
            .segments
            .iter()
            .map(|g| (g.stage, g.end - g.start))
            .collect();
        assert_eq!(
            stages,
            vec![
                (Stage::Light, 1200),
                (Stage::Wake, 60),
                (Stage::Light, 14940),
                (Stage::Deep, 16200)
            ]
        );
        // Light ends at 01:50Z, which is the *second* 02:50 of the night (CET); deep starts
        // there, not at the first 02:50 (CEST) an hour earlier.
        assert_eq!(
            s.segments[3].start,
            parse_instant("2026-10-25T01:50:00Z").unwrap()
        );
        assert_eq!(s.segments[3].end, s.end);
        assert_eq!(s.night(), d(2026, 10, 25));
    }
}
