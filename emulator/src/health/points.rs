//! The person's data as data points: the JSON of times, intervals and sources, and the
//! points of each data type in a window.

use super::*;

/// `{"year":2026,"month":11,"day":1}`
pub(super) fn date_json(d: NaiveDate) -> Value {
    json!({"year": d.year(), "month": d.month(), "day": d.day()})
}

/// A civil date-time as the API writes it: proto3 JSON leaves out zero fields, so midnight is
/// `"time": {}` and 09:00 is `"time": {"hours": 9}`.
pub(super) fn civil_json(local: NaiveDateTime) -> Value {
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

pub(super) fn rfc3339(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map_or_else(String::new, |d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

pub(super) fn local(t: i64, offset: FixedOffset) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0).map_or(NaiveDateTime::MIN, |d| {
        d.with_timezone(&offset).naive_local()
    })
}

pub(super) fn offset_json(offset: FixedOffset) -> String {
    format!("{}s", offset.local_minus_utc())
}

/// Recorded points carry `device: {}`. Where a second source exists (a phone), the tracker and
/// the phone say what they are, as the schema allows.
pub(super) fn data_source(recording: &str, w: &World) -> Value {
    let device = if w.phone_steps {
        json!({"formFactor": "FITNESS_BAND", "displayName": "Charge 6", "manufacturer": "Fitbit"})
    } else {
        json!({})
    };
    json!({"recordingMethod": recording, "device": device, "platform": "FITBIT"})
}

pub(super) fn phone_source() -> Value {
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
pub(super) struct Point {
    pub(super) key: i64,
    pub(super) civil: NaiveDateTime,
    pub(super) json: Value,
}

pub(super) fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Wake => "AWAKE",
        Stage::Light => "LIGHT",
        Stage::Deep => "DEEP",
        Stage::Rem => "REM",
    }
}

pub(super) fn interval_json(p: &Person, t: i64, len: i64) -> Value {
    let (so, eo) = (p.offset_at(t), p.offset_at(t + len));
    json!({"startTime": rfc3339(t), "startUtcOffset": offset_json(so), "endTime": rfc3339(t + len), "endUtcOffset": offset_json(eo),
           "civilStartTime": civil_json(local(t, so)), "civilEndTime": civil_json(local(t + len, eo))})
}

pub(super) fn sample_time_json(p: &Person, t: i64) -> (Value, NaiveDateTime) {
    let off = p.offset_at(t);
    let civil = local(t, off);
    (
        json!({"physicalTime": rfc3339(t), "utcOffset": offset_json(off), "civilTime": civil_json(civil)}),
        civil,
    )
}

/// An exercise's default splits, as Google gives them: one per kilometre, or per mile where the
/// person's distance unit is miles, and the rest in a last one. A split ends where the
/// person's minutes of distance (each spread evenly over its part inside the exercise) reach
/// the mark, to the second; the splits add up to the exercise's distance; each carries its distance and the mean of the heart rate inside it.
pub(super) fn default_splits(
    p: &Person,
    w: &World,
    (start, end): (i64, i64),
    pause: Option<(i64, i64)>,
) -> Vec<Value> {
    let mark: f64 = if w.units == UnitSystem::Metric {
        1_000_000.0
    } else {
        1_609_344.0
    };
    let minutes = p.activity(start, end);
    let hr = p.heart_rate(start, end);
    // Cumulative distance (mm) at each minute's end, clamped to the exercise.
    let mut cuts: Vec<(i64, f64)> = Vec::new();
    let mut done: f64 = 0.0;
    for m in &minutes {
        let (a, b) = (m.t.max(start), (m.t + 60).min(end));
        if b <= a {
            continue;
        }
        // The whole minute's distance, as the exercise's total counts it.
        let d = f64::from(m.distance_mm);
        // Each mark passed inside this minute.
        let mut next = (done / mark).floor() * mark + mark;
        while d > 0.0 && done + d >= next {
            let t = a + (((next - done) / d) * (b - a) as f64).round() as i64;
            cuts.push((t.clamp(start, end), next));
            next += mark;
        }
        done += d;
    }
    if cuts.last().is_none_or(|c| c.0 < end) && done > cuts.last().map_or(0.0, |c| c.1) {
        cuts.push((end, done));
    }
    let mut out = Vec::new();
    let (mut from, mut at) = (start, 0.0);
    for (t, dist) in cuts {
        if t <= from {
            continue;
        }
        let inside: Vec<f64> = hr
            .iter()
            .filter(|h| h.t >= from && h.t < t)
            .map(|h| f64::from(h.bpm))
            .collect();
        let mut summary = json!({"distanceMillimeters": (dist - at).round()});
        if !inside.is_empty() {
            summary["averageHeartRateBeatsPerMinute"] = json!(((inside.iter().sum::<f64>()
                / inside.len() as f64)
                .round() as i64)
                .to_string());
        }
        let iv = interval_json(p, from, t - from);
        out.push(json!({"startTime": iv["startTime"], "endTime": iv["endTime"], "startUtcOffset": iv["startUtcOffset"], "endUtcOffset": iv["endUtcOffset"],
            "splitType": "DISTANCE", "activeDuration": format!("{}s", t - from - paused_within(pause, from, t)), "metricsSummary": summary}));
        (from, at) = (t, dist);
    }
    out
}

/// Seconds of `pause` inside `[from, to)`.
fn paused_within(pause: Option<(i64, i64)>, from: i64, to: i64) -> i64 {
    pause.map_or(0, |(a, b)| (b.min(to) - a.max(from)).max(0))
}

/// The civil dates whose day can hold points keyed in `[from, to)`, with a day's margin.
pub(super) fn dates_around(p: &Person, from: i64, to: i64) -> Vec<NaiveDate> {
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

pub(super) fn zone_name(zone: u8) -> &'static str {
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
pub(super) struct Ask<'a> {
    pub(super) world: &'a World,
    pub(super) family: Family,
    /// `:reconcile`: the merged stream, without data sources.
    pub(super) reconcile: bool,
}

pub(super) fn generate(
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
        // The person's logged workouts (the demo's and the exports' own), as Google writes
        // an exercise: its name and type, the session interval, and the log's totals.
        DataType::Exercise => dates_around(p, from, to)
            .into_iter()
            .filter_map(|d| p.exercise_on(d))
            .filter(|x| x.start >= from && x.start < to)
            .map(|x| {
                // Started on the tracker, or recognised by it (Fitbit's `tracker` and
                // `auto_detected`): actively or passively measured.
                let recording = if x.log_type == "auto_detected" { "PASSIVELY_MEASURED" } else { "ACTIVELY_MEASURED" };
                let kind = if x.name == "Run" { "RUNNING" } else { "WALKING" };
                let mut summary = json!({"steps": x.steps.to_string(), "distanceMillimeters": x.distance_mm, "caloriesKcal": x.calories});
                if let Some(bpm) = x.avg_bpm {
                    summary["averageHeartRateBeatsPerMinute"] = json!(bpm.to_string());
                }
                // Its events: a start and a stop, and a pause in a world of paused workouts.
                let event = |t: i64, kind: &str| {
                    let iv = interval_json(p, t, 0);
                    json!({"eventTime": iv["startTime"], "eventUtcOffset": iv["startUtcOffset"], "exerciseEventType": kind})
                };
                let (pause_from, pause_to) = (x.start + crate::world::PAUSE.0, x.start + crate::world::PAUSE.1);
                let paused = w.exercise_pauses && pause_to < x.end;
                let mut events = vec![event(x.start, "START")];
                if paused {
                    events.extend([event(pause_from, "AUTO_PAUSE"), event(pause_to, "AUTO_RESUME")]);
                }
                events.push(event(x.end, "STOP"));
                let pause = paused.then_some((pause_from, pause_to));
                let active = x.end - x.start - pause.map_or(0, |(a, b)| b - a);
                let splits = default_splits(p, w, (x.start, x.end), pause);
                Point {
                    key: x.start,
                    civil: local(x.start, p.offset_at(x.start)),
                    json: json!({"name": name(exercise_id(x.start)), "dataSource": data_source(recording, w),
                        "exercise": {"displayName": x.name, "exerciseType": kind, "interval": interval_json(p, x.start, x.end - x.start),
                            "activeDuration": format!("{active}s"), "metricsSummary": summary, "splits": splits, "exerciseEvents": events,
                            "exerciseMetadata": {"hasGps": p.has_gps(&x)}}}),
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

pub(super) fn sleep_point(p: &Person, s: &fitdata_synth::SleepSession) -> Point {
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
    // A night it could not stage: classic (ASLEEP and AWAKE), and why.
    let (kind, stages, status, stages_summary) = if p.unscored(s) {
        let classic = s.classic();
        let runs: Vec<Value> = classic
            .iter()
            .map(|&(a, b, asleep)| {
                json!({"startTime": rfc3339(a), "endTime": rfc3339(b),
                       "startUtcOffset": offset_json(p.offset_at(a)), "endUtcOffset": offset_json(p.offset_at(b)),
                       "type": if asleep { "ASLEEP" } else { "AWAKE" }})
            })
            .collect();
        let sum = |asleep: bool| {
            let (count, minutes) = fitdata_synth::SleepSession::classic_totals(&classic, asleep);
            json!({"type": if asleep { "ASLEEP" } else { "AWAKE" },
                   "minutes": minutes.to_string(), "count": count.to_string()})
        };
        (
            "CLASSIC",
            runs,
            "REJECTED_COVERAGE",
            vec![sum(true), sum(false)],
        )
    } else {
        (
            "STAGES",
            stages,
            "SUCCEEDED",
            Stage::ALL.iter().map(|&st| json!({"type": stage_name(st), "minutes": minutes(st).to_string(), "count": count(st).to_string()})).collect(),
        )
    };
    // Proto3 JSON leaves false booleans out: `mainSleep` only on the day's longest staged
    // sleep, `nap` only on a short one (recorded answers carry `mainSleep: true` and no `nap`).
    let mut metadata = json!({"processed": true, "stagesStatus": status});
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
                "type": kind,
                "interval": {"startTime": rfc3339(s.start), "startUtcOffset": offset_json(so),
                             "endTime": rfc3339(s.end), "endUtcOffset": offset_json(eo)},
                "stages": stages,
                "metadata": metadata,
                "summary": {
                    "minutesAsleep": asleep.to_string(), "minutesAwake": awake.to_string(),
                    "minutesInSleepPeriod": ((s.end - s.start) / 60).to_string(),
                    "minutesToFallAsleep": to_fall_asleep.to_string(), "minutesAfterWakeUp": "0",
                    "stagesSummary": stages_summary
                },
                "createTime": rfc3339(s.end + 600), "updateTime": rfc3339(s.end + 600)
            }
        }),
    }
}
