//! Decoding of `dataPoints.list` pages into the normalized model.

use super::{decode, ApiError};
use crate::config::{Provider, Source};
use crate::model::time::{parse_instant, parse_offset};
use crate::model::{
    Daily, DayZones, Exercise, Interval, Provenance, Sample, Segment, SleepSession, Split, Stage,
};
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
    /// Whether stages were computed, and if not why (`SUCCEEDED`, `REJECTED_COVERAGE`, …).
    #[serde(default)]
    stages_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExercisePoint {
    /// `users/{user}/dataTypes/exercise/dataPoints/{id}`: the id is what `exportExerciseTcx`
    /// takes.
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    data_source: Option<RecordedBy>,
    exercise: ExerciseBody,
}
/// How the exercise was recorded (the data source's `recordingMethod`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordedBy {
    #[serde(default)]
    recording_method: Option<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseBody {
    /// Required, and localized: "Run", "Outdoor bike", or the person's own name for it.
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    exercise_type: Option<String>,
    interval: TimeInterval,
    /// A Duration ("2712s", "2712.500s"): the time not paused.
    #[serde(default)]
    active_duration: Option<String>,
    #[serde(default)]
    metrics_summary: Option<ExerciseSummary>,
    /// Laps: marked by the person (`MANUAL`) or by duration, distance or calories.
    #[serde(default)]
    split_summaries: Vec<SplitSummary>,
    /// The default splits: 1 km or 1 mile, in the person's unit.
    #[serde(default)]
    splits: Vec<SplitSummary>,
    /// Start, pauses, resumes and stop.
    #[serde(default)]
    exercise_events: Vec<ExerciseEvent>,
    #[serde(default)]
    exercise_metadata: Option<ExerciseMetadata>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseMetadata {
    /// Whether it was recorded with GPS: a route to ask for.
    #[serde(default)]
    has_gps: bool,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseEvent {
    event_time: String,
    #[serde(default)]
    exercise_event_type: Option<String>,
}
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SplitSummary {
    start_time: String,
    end_time: String,
    #[serde(default)]
    start_utc_offset: Option<String>,
    #[serde(default)]
    split_type: Option<String>,
    #[serde(default)]
    active_duration: Option<String>,
    #[serde(default)]
    metrics_summary: Option<ExerciseSummary>,
}
/// The discovery document's `MetricsSummary`: int64 fields are strings, doubles numbers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseSummary {
    #[serde(default)]
    calories_kcal: Option<f64>,
    #[serde(default)]
    distance_millimeters: Option<f64>,
    #[serde(default)]
    steps: Option<String>,
    #[serde(default)]
    average_heart_rate_beats_per_minute: Option<String>,
}

impl ExerciseSummary {
    /// Kept to the millimetre: only the screen rounds.
    fn km(&self) -> Option<f64> {
        self.distance_millimeters
            .filter(|d| d.is_finite())
            .map(|mm| mm / 1_000_000.0)
    }
    fn kcal(&self) -> Option<f64> {
        self.calories_kcal.filter(|c| c.is_finite())
    }
    fn bpm(&self) -> Result<Option<f64>, ApiError> {
        self.average_heart_rate_beats_per_minute
            .as_deref()
            .map(|s| whole(s, "averageHeartRateBeatsPerMinute"))
            .transpose()
    }
}

/// An int64 field (a JSON string) as a number; `what` names it when it is none.
fn whole(s: &str, what: &str) -> Result<f64, ApiError> {
    s.parse::<i64>()
        .map(|n| n as f64)
        .map_err(|_| bad(format!("bad {what} {s:?}")))
}

fn bad(detail: impl Into<String>) -> ApiError {
    ApiError::Decode {
        provider: Provider::Google,
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
fn source(ds: Option<DataSource>) -> Provenance {
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
    Provenance {
        source: Source::Google,
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

/// The points of a page's `list` (`dataPoints`, `rollupDataPoints`): none where it has none.
fn items<'a>(
    page: &'a serde_json::Value,
    list: &str,
) -> impl Iterator<Item = &'a serde_json::Value> {
    page.get(list)
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
}

fn dated(body: &str, list: &str, read: Read, date: DateOf) -> Decoded<Daily> {
    let page: serde_json::Value = decode(body)?;
    let mut out = Vec::new();
    for p in items(&page, list) {
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
    for p in items(&page, "dataPoints") {
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
        out.extend(DayZones::from_minimums(date, min));
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

/// A `dailyRollUp` answer's personal ranges: each window's date (its `civilStartTime`) with
/// the range's bounds, for the windows that carry both.
pub fn personal_ranges(
    body: &str,
    range: &crate::sources::google::metrics::PersonalRange,
) -> Decoded<(chrono::NaiveDate, f64, f64)> {
    let page: serde_json::Value = decode(body)?;
    let mut out = Vec::new();
    for p in items(&page, "rollupDataPoints") {
        let bound = |k: &str| p.get(range.field)?.get(k)?.as_f64();
        if let (Some(low), Some(high)) = (bound(range.min), bound(range.max)) {
            let date = civil(p.pointer("/civilStartTime/date").unwrap_or(&missing()))?;
            out.push((date, low, high));
        }
    }
    Ok((out, next_page(&page)))
}

/// An exercise page as the model's exercises. The name is Google's own (`displayName`), else
/// its type in words ("OUTDOOR_BIKE" → "Outdoor bike"); how it was logged follows Fitbit's
/// words, which an export's exercises use: started on the tracker (`ACTIVELY_MEASURED`) is
/// "tracker", recognised by it (`PASSIVELY_MEASURED`) "auto_detected", typed in (`MANUAL`)
/// "manual".
pub fn exercise(body: &str) -> Decoded<Exercise> {
    let page: Page<ExercisePoint> = decode(body)?;
    let out = page
        .data_points
        .into_iter()
        .map(|p| {
            let x = p.exercise;
            let iv = &x.interval;
            let (start, end) = span(&iv.start_time, &iv.end_time, "an exercise")?;
            let name = x
                .display_name
                .filter(|n| !n.trim().is_empty())
                .or_else(|| x.exercise_type.as_deref().and_then(type_words))
                .unwrap_or_else(|| "Exercise".to_string());
            let logged = match p.data_source.and_then(|d| d.recording_method).as_deref() {
                Some("ACTIVELY_MEASURED") => "tracker".to_string(),
                Some("PASSIVELY_MEASURED") => "auto_detected".to_string(),
                Some("MANUAL") => "manual".to_string(),
                Some("DERIVED") => "derived".to_string(),
                _ => String::new(),
            };
            let m = x.metrics_summary;
            let m = m.as_ref();
            // The laps the person or device marked, else the default splits.
            let laps = if x.split_summaries.is_empty() {
                x.splits
            } else {
                x.split_summaries
            };
            let splits = laps
                .into_iter()
                .map(|l| {
                    let (start, end) = span(&l.start_time, &l.end_time, "a split")?;
                    let m = l.metrics_summary.as_ref();
                    Ok(Split {
                        start,
                        end,
                        offset: l.start_utc_offset.as_deref().map(offset).transpose()?,
                        kind: l.split_type.unwrap_or_default(),
                        active_s: l.active_duration.as_deref().map(seconds).transpose()?,
                        distance_km: m.and_then(ExerciseSummary::km),
                        calories: m.and_then(ExerciseSummary::kcal),
                        avg_bpm: m.map(ExerciseSummary::bpm).transpose()?.flatten(),
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            Ok(Exercise {
                start,
                end,
                offset: offset(&iv.start_utc_offset)?,
                name,
                logged,
                active_s: x.active_duration.as_deref().map(seconds).transpose()?,
                calories: m.and_then(ExerciseSummary::kcal),
                steps: m
                    .and_then(|m| m.steps.as_deref())
                    .map(|s| whole(s, "steps"))
                    .transpose()?,
                distance_km: m.and_then(ExerciseSummary::km),
                avg_bpm: m.map(ExerciseSummary::bpm).transpose()?.flatten(),
                splits,
                pauses: pauses(&x.exercise_events, end)?,
                route: x
                    .exercise_metadata
                    .filter(|m| m.has_gps)
                    .and(p.name.as_deref())
                    .and_then(|n| n.rsplit_once("/dataPoints/"))
                    .map(|(_, id)| id.to_string())
                    .filter(|id| !id.is_empty()),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok((out, page.next_page_token.filter(|t| !t.is_empty())))
}

/// The instants `from` and `to` of `what`, which cannot end before it starts.
fn span(from: &str, to: &str, what: &str) -> Result<(i64, i64), ApiError> {
    let (start, end) = (instant(from)?, instant(to)?);
    if end < start {
        return Err(bad(format!("{what} ends ({to}) before it starts ({from})")));
    }
    Ok((start, end))
}

/// An exercise's pauses from its events, in time order: each pause (`PAUSE` or `AUTO_PAUSE`)
/// runs to the next resume (`RESUME`, `AUTO_RESUME`) or stop, else to the exercise's `end`.
/// A second pause before a resume changes nothing; a resume without a pause is no pause.
fn pauses(events: &[ExerciseEvent], end: i64) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut timed = events
        .iter()
        .map(|e| {
            Ok((
                instant(&e.event_time)?,
                e.exercise_event_type.as_deref().unwrap_or(""),
            ))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    timed.sort_by_key(|(t, _)| *t);
    let mut out = Vec::new();
    let mut since = None;
    for (t, kind) in timed {
        match kind {
            "PAUSE" | "AUTO_PAUSE" => {
                since.get_or_insert(t);
            }
            "RESUME" | "AUTO_RESUME" | "STOP" => {
                if let Some(from) = since.take() {
                    out.push((from, t));
                }
            }
            _ => {}
        }
    }
    if let Some(from) = since.filter(|f| *f < end) {
        out.push((from, end));
    }
    out.retain(|(a, b)| a < b);
    Ok(out)
}

/// A Duration string's whole seconds ("2712s", "2712.5s" → 2713).
fn seconds(s: &str) -> Result<i64, ApiError> {
    s.strip_suffix('s')
        .and_then(|n| n.parse::<f64>().ok())
        .filter(|n| n.is_finite() && *n >= 0.0 && *n < 1e12)
        .map(|n| n.round() as i64)
        .ok_or_else(|| bad(format!("bad duration {s:?}")))
}

/// An `exerciseType` in words: "OUTDOOR_BIKE" → "Outdoor bike"; none for the unspecified.
fn type_words(t: &str) -> Option<String> {
    if t.is_empty() || t == "EXERCISE_TYPE_UNSPECIFIED" {
        return None;
    }
    let lower = t.to_ascii_lowercase().replace('_', " ");
    let mut chars = lower.chars();
    let first = chars.next()?;
    Some(first.to_ascii_uppercase().to_string() + chars.as_str())
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
                no_stages: p
                    .sleep
                    .metadata
                    .as_ref()
                    .and_then(|m| m.stages_status.as_deref())
                    .and_then(crate::model::NoStages::from_google),
            }
            .normalize())
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok((out, page.next_page_token.filter(|t| !t.is_empty())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoStages;

    #[test]
    fn exercises_from_the_discovery_documents_shape() {
        // Worked by hand: 2026-03-29 in Berlin, a ride typed in with no name (its type in
        // words), 46 min 40.6 s active of 50 min, 12.3456 km; then a run the tracker started,
        // with every int64 as a string, across the DST switch (+01:00 at its start).
        let body = r#"{"dataPoints":[
          {"dataSource":{"recordingMethod":"MANUAL"},
           "exercise":{"exerciseType":"OUTDOOR_BIKE","interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T15:50:00Z","startUtcOffset":"7200s","endUtcOffset":"7200s"},
             "activeDuration":"2800.6s","metricsSummary":{"caloriesKcal":412.5,"distanceMillimeters":12345600},
             "splits":[{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T15:04:10Z","startUtcOffset":"7200s","endUtcOffset":"7200s","splitType":"DISTANCE","activeDuration":"250s","metricsSummary":{"distanceMillimeters":1000000}},
                       {"startTime":"2026-03-29T15:04:10Z","endTime":"2026-03-29T15:50:00Z","startUtcOffset":"7200s","endUtcOffset":"7200s","splitType":"DISTANCE","metricsSummary":{"distanceMillimeters":11345600,"averageHeartRateBeatsPerMinute":"140"}}]}},
          {"dataSource":{"recordingMethod":"ACTIVELY_MEASURED","device":{}},
           "exercise":{"displayName":"Run","exerciseType":"RUNNING","interval":{"startTime":"2026-03-29T00:30:00Z","endTime":"2026-03-29T01:15:00Z","startUtcOffset":"3600s","endUtcOffset":"7200s"},
             "activeDuration":"2700s","metricsSummary":{"steps":"7020","averageHeartRateBeatsPerMinute":"151","caloriesKcal":480},
             "splitSummaries":[{"startTime":"2026-03-29T00:30:00Z","endTime":"2026-03-29T01:15:00Z","startUtcOffset":"3600s","endUtcOffset":"7200s","splitType":"MANUAL","metricsSummary":{"caloriesKcal":480}}],
             "splits":[{"startTime":"2026-03-29T00:30:00Z","endTime":"2026-03-29T00:36:00Z","startUtcOffset":"3600s","endUtcOffset":"3600s","splitType":"DISTANCE"}]}}],
          "nextPageToken":"p2"}"#;
        let (items, next) = exercise(body).unwrap();
        assert_eq!(next.as_deref(), Some("p2"));
        let [ride, run] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(
            (ride.start, ride.end, ride.offset),
            (1_774_796_400, 1_774_799_400, 7200)
        );
        assert_eq!(
            (ride.name.as_str(), ride.logged.as_str()),
            ("Outdoor bike", "manual")
        );
        assert_eq!(ride.active_s, Some(2801));
        assert_eq!(
            (ride.calories, ride.steps, ride.avg_bpm),
            (Some(412.5), None, None)
        );
        assert_eq!(ride.distance_km, Some(12.3456));
        assert_eq!((run.name.as_str(), run.logged.as_str()), ("Run", "tracker"));
        assert_eq!((run.offset, run.active_s), (3600, Some(2700)));
        assert_eq!(
            (run.steps, run.avg_bpm, run.distance_km),
            (Some(7020.0), Some(151.0), None)
        );
        assert_eq!(run.date().to_string(), "2026-03-29");
        // The default splits where no laps were marked; the laps where they were.
        let at = |h: i64, m: i64, s: i64| 1_774_742_400 + h * 3600 + m * 60 + s;
        assert_eq!(
            ride.splits,
            vec![
                Split {
                    offset: Some(7200),
                    start: at(15, 0, 0),
                    end: at(15, 4, 10),
                    kind: "DISTANCE".into(),
                    active_s: Some(250),
                    distance_km: Some(1.0),
                    calories: None,
                    avg_bpm: None
                },
                Split {
                    offset: Some(7200),
                    start: at(15, 4, 10),
                    end: at(15, 50, 0),
                    kind: "DISTANCE".into(),
                    active_s: None,
                    distance_km: Some(11.3456),
                    calories: None,
                    avg_bpm: Some(140.0)
                },
            ]
        );
        assert_eq!(
            run.splits,
            vec![Split {
                offset: Some(3600),
                start: at(0, 30, 0),
                end: at(1, 15, 0),
                kind: "MANUAL".into(),
                active_s: None,
                distance_km: None,
                calories: Some(480.0),
                avg_bpm: None
            }]
        );
        // No name and no type: still a row; no points at all: an empty page.
        let bare = r#"{"dataPoints":[{"exercise":{"interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T15:00:00Z","startUtcOffset":"0s"}}}]}"#;
        let (items, next) = exercise(bare).unwrap();
        assert_eq!(
            (items[0].name.as_str(), items[0].logged.as_str(), next),
            ("Exercise", "", None)
        );
        assert!(exercise("{}").unwrap().0.is_empty());
        // What cannot be read is said, never guessed: an end before the start, a bad
        // duration, steps that are no number.
        for bad in [
            r#"{"dataPoints":[{"exercise":{"interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T14:00:00Z","startUtcOffset":"0s"}}}]}"#,
            r#"{"dataPoints":[{"exercise":{"interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T16:00:00Z","startUtcOffset":"0s"},"activeDuration":"-5s"}}]}"#,
            r#"{"dataPoints":[{"exercise":{"interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T16:00:00Z","startUtcOffset":"0s"},"metricsSummary":{"steps":"many"}}}]}"#,
            r#"{"dataPoints":[{"exercise":{"interval":{"startTime":"2026-03-29T15:00:00Z","endTime":"2026-03-29T16:00:00Z","startUtcOffset":"0s"},"splits":[{"startTime":"2026-03-29T15:30:00Z","endTime":"2026-03-29T15:00:00Z"}]}}]}"#,
        ] {
            assert!(
                matches!(exercise(bad), Err(ApiError::Decode { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn pauses_run_from_a_pause_to_the_next_resume_or_stop() {
        // Worked by hand, out of order as a page may give them: paused 10:20–10:22 (auto),
        // a resume with no pause before it (none), paused 10:40 twice before resuming at
        // 10:45 (one pause), paused at 10:58 and stopped at 11:00; then a pause never resumed
        // runs to the exercise's end.
        let ev = |t: &str, k: &str| ExerciseEvent {
            event_time: format!("2026-05-02T{t}:00Z"),
            exercise_event_type: Some(k.into()),
        };
        let at = |h: i64, m: i64| 1_777_680_000 + h * 3600 + m * 60;
        let events = [
            ev("10:40", "PAUSE"),
            ev("10:00", "START"),
            ev("10:22", "AUTO_RESUME"),
            ev("10:20", "AUTO_PAUSE"),
            ev("10:30", "RESUME"),
            ev("10:42", "PAUSE"),
            ev("10:45", "RESUME"),
            ev("10:58", "PAUSE"),
            ev("11:00", "STOP"),
        ];
        assert_eq!(
            pauses(&events, at(11, 0)).unwrap(),
            vec![
                (at(10, 20), at(10, 22)),
                (at(10, 40), at(10, 45)),
                (at(10, 58), at(11, 0))
            ]
        );
        let open = [ev("10:00", "START"), ev("10:50", "PAUSE")];
        assert_eq!(
            pauses(&open, at(11, 0)).unwrap(),
            vec![(at(10, 50), at(11, 0))]
        );
        assert!(pauses(&[], at(11, 0)).unwrap().is_empty());
        let bad = [ExerciseEvent {
            event_time: "yesterday".into(),
            exercise_event_type: None,
        }];
        assert!(pauses(&bad, at(11, 0)).is_err());
    }

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

    /// Field names from the discovery document's `RestingHeartRatePersonalRangeRollupValue`
    /// and `HeartRateVariabilityPersonalRangeRollupValue`; a window without both bounds, or
    /// another metric's range, is no range.
    #[test]
    fn decodes_personal_ranges_of_daily_rollups() {
        use crate::model::metric::Metric;
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let window = |d: u32, inner: &str| {
            format!(
                r#"{{"civilStartTime":{{"date":{{"year":2026,"month":11,"day":{d}}},"time":{{}}}},"civilEndTime":{{"date":{{"year":2026,"month":11,"day":{}}},"time":{{}}}}{inner}}}"#,
                d + 1
            )
        };
        let body = format!(
            r#"{{"rollupDataPoints":[{},{},{}],"nextPageToken":""}}"#,
            window(
                3,
                r#","restingHeartRatePersonalRange":{"beatsPerMinuteMin":54,"beatsPerMinuteMax":61.5}"#
            ),
            window(
                2,
                r#","restingHeartRatePersonalRange":{"beatsPerMinuteMin":55}"#
            ),
            window(
                1,
                r#","heartRateVariabilityPersonalRange":{"averageHeartRateVariabilityMillisecondsMin":30.2,"averageHeartRateVariabilityMillisecondsMax":48.9}"#
            ),
        );
        let rhr = Metric::RestingHeartRate.google_personal_range().unwrap();
        let hrv = Metric::Hrv.google_personal_range().unwrap();
        assert_eq!(
            personal_ranges(&body, &rhr).unwrap(),
            (vec![(day(3), 54.0, 61.5)], None)
        );
        assert_eq!(
            personal_ranges(&body, &hrv).unwrap().0,
            vec![(day(1), 30.2, 48.9)]
        );
        assert!(Metric::Spo2.google_personal_range().is_none());
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
        assert_eq!(nights[0].no_stages, None);
        // A night Google could not stage: classic, and the reason kept (each enum value of
        // the discovery document's `SleepMetadata.stagesStatus`).
        for (status, why) in [
            ("REJECTED_COVERAGE", Some(NoStages::LowCoverage)),
            ("REJECTED_MAX_GAP", Some(NoStages::GapInside)),
            ("REJECTED_START_GAP", Some(NoStages::GapAtStart)),
            ("REJECTED_END_GAP", Some(NoStages::GapAtEnd)),
            ("REJECTED_NAP", Some(NoStages::TooShort)),
            ("REJECTED_SERVER", Some(NoStages::NoInput)),
            ("TIMEOUT", Some(NoStages::ServerFailed)),
            ("PROCESSING_INTERNAL_ERROR", Some(NoStages::ServerFailed)),
            ("SUCCEEDED", None),
            ("STAGES_STATE_UNSPECIFIED", None),
            ("SOMETHING_NEW", None),
        ] {
            let classic = sl
                .replace(r#""type":"STAGES""#, r#""type":"CLASSIC""#)
                .replace(r#""type":"LIGHT""#, r#""type":"ASLEEP""#)
                .replace(r#""type":"DEEP""#, r#""type":"RESTLESS""#)
                .replace("SUCCEEDED", status);
            let (n, _) = sleep(&classic).unwrap();
            assert_eq!(n[0].no_stages, why, "{status}");
            assert_eq!(n[0].seconds_in(Stage::Restless), 1830);
        }
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
