//! Nightly series (SpO2, breathing, HRV, temperature) and sleep logs (stages and classic).

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Nightly {
    Hrv,
    Spo2,
    BreathingRate,
    SkinTemp,
}

/// HRV, SpO2, breathing rate and skin temperature: one value per main sleep, assigned to the
/// date it ended; `/all` adds the intraday records (intraday access required).
pub(super) fn nightly(
    p: &Person,
    kind: Nightly,
    rest: &[&str],
    today: NaiveDate,
    gate: &impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let (all, rest) = match rest.split_last() {
        Some((&"all", head)) => (true, head),
        _ => (false, rest),
    };
    if all && kind != Nightly::SkinTemp {
        gate()?;
    }
    let single = rest.len() == 1;
    let (start, end) = date_range(rest, today, 30, p.first_day)?;
    let minus_one = |v: Option<f64>| v.unwrap_or(-1.0);
    let days: Vec<Value> = dates(start, end)
        .filter_map(|d| {
            let v = p.night_vitals(d)?;
            if kind == Nightly::SkinTemp && !p.skin_baseline_ready(d) {
                return None;
            }
            let date = d.to_string();
            Some(match (kind, all) {
                (Nightly::Hrv, false) => json!({"value": {"dailyRmssd": v.hrv_rmssd_ms, "deepRmssd": v.hrv_deep_rmssd_ms}, "dateTime": date}),
                (Nightly::Hrv, true) => json!({"minutes": p.hrv_samples(d).into_iter().map(|(t, rmssd, coverage, hf, lf)| json!({
                    "minute": local_iso(t, p.offset_at(t)), "value": {"rmssd": rmssd, "coverage": coverage, "hf": hf, "lf": lf}})).collect::<Vec<_>>(), "dateTime": date}),
                (Nightly::Spo2, false) => json!({"dateTime": date, "value": {"avg": v.spo2_avg, "min": v.spo2_min, "max": v.spo2_max}}),
                (Nightly::Spo2, true) => json!({"dateTime": date, "minutes": p.spo2_samples(d).into_iter().map(|(t, pct)| json!({
                    "value": pct, "minute": local(t, p.offset_at(t)).format("%Y-%m-%dT%H:%M:%S").to_string()})).collect::<Vec<_>>()}),
                (Nightly::BreathingRate, false) => json!({"value": {"breathingRate": v.br_full}, "dateTime": date}),
                (Nightly::BreathingRate, true) => json!({"value": {
                    "deepSleepSummary": {"breathingRate": minus_one(v.br_deep)}, "remSleepSummary": {"breathingRate": minus_one(v.br_rem)},
                    "fullSleepSummary": {"breathingRate": v.br_full}, "lightSleepSummary": {"breathingRate": minus_one(v.br_light)}}, "dateTime": date}),
                (Nightly::SkinTemp, _) => json!({"dateTime": date, "value": {"nightlyRelative": v.skin_temp_relative_c}, "logType": "dedicated_temp_sensor"}),
            })
        })
        .collect();
    Ok(match kind {
        Nightly::Hrv => json!({ "hrv": days }),
        Nightly::BreathingRate => json!({ "br": days }),
        Nightly::SkinTemp => json!({ "tempSkin": days }),
        // SpO2 bodies are bare: an object for one date, an array for a range.
        Nightly::Spo2 if single => days.into_iter().next().unwrap_or_else(|| json!({})),
        Nightly::Spo2 => Value::Array(days),
    })
}

pub(super) fn level(stage: Stage) -> &'static str {
    match stage {
        Stage::Wake => "wake",
        Stage::Light => "light",
        Stage::Deep => "deep",
        Stage::Rem => "rem",
    }
}

/// Wake periods of 3 minutes or less inside the night, which Fitbit reports in `shortData` on
/// top of the longer stage that `data` shows for that time.
pub(super) const SHORT_WAKE: i64 = 180;

pub(super) fn sleep_log(p: &Person, s: &SleepSession) -> Value {
    if p.unscored(s) {
        return classic_log(p, s);
    }
    let segs = &s.segments;
    let is_short = |i: usize| {
        segs[i].stage == Stage::Wake
            && segs[i].end - segs[i].start <= SHORT_WAKE
            && i > 0
            && i + 1 < segs.len()
    };
    let mut data: Vec<(i64, i64, Stage)> = Vec::new();
    let mut short = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if is_short(i) {
            short.push(json!({"dateTime": local_iso(seg.start, p.offset_at(seg.start)), "level": "wake", "seconds": seg.end - seg.start}));
            if let Some(last) = data.last_mut() {
                last.1 = seg.end;
            }
            continue;
        }
        match data.last_mut() {
            Some(last) if last.2 == seg.stage => last.1 = seg.end,
            _ => data.push((seg.start, seg.end, seg.stage)),
        }
    }
    let data_json: Vec<Value> = data
        .iter()
        .map(|(a, b, st)| json!({"dateTime": local_iso(*a, p.offset_at(*a)), "level": level(*st), "seconds": b - a}))
        .collect();
    let summary: serde_json::Map<String, Value> = Stage::ALL
        .iter()
        .map(|&st| {
            let count = segs.iter().filter(|x| x.stage == st).count();
            (level(st).to_string(), json!({"count": count, "minutes": s.seconds_in(st) / 60, "thirtyDayAvgMinutes": s.seconds_in(st) / 60}))
        })
        .collect();
    let to_fall_asleep = segs
        .first()
        .filter(|x| x.stage == Stage::Wake)
        .map_or(0, |x| (x.end - x.start) / 60);
    let in_bed = (s.end - s.start) / 60;
    let awake = s.seconds_in(Stage::Wake) / 60 - to_fall_asleep;
    let asleep = in_bed - to_fall_asleep - awake;
    json!({
        "dateOfSleep": p.civil_date(s.end).to_string(),
        "duration": (s.end - s.start) * 1000,
        "efficiency": if in_bed > 0 { asleep * 100 / in_bed } else { 0 },
        "endTime": local_iso(s.end, p.offset_at(s.end)),
        "infoCode": 0,
        "isMainSleep": s.is_main,
        "levels": {"data": data_json, "shortData": short, "summary": summary},
        "logId": 26_000_000_000_i64 + s.end,
        "logType": "auto_detected",
        "minutesAfterWakeup": 0,
        "minutesAsleep": asleep,
        "minutesAwake": awake,
        "minutesToFallAsleep": to_fall_asleep,
        "startTime": local_iso(s.start, p.offset_at(s.start)),
        "timeInBed": in_bed,
        "type": "stages"
    })
}

/// A night Fitbit could not stage: `type: classic` (asleep, restless, awake), no `shortData`,
/// and `infoCode` 1 (insufficient heart-rate data).
fn classic_log(p: &Person, s: &SleepSession) -> Value {
    let runs = s.classic();
    let data: Vec<Value> = runs
        .iter()
        .map(|&(a, b, asleep)| json!({"dateTime": local_iso(a, p.offset_at(a)), "level": if asleep { "asleep" } else { "awake" }, "seconds": b - a}))
        .collect();
    let of = |asleep: bool| {
        let (count, minutes) = SleepSession::classic_totals(&runs, asleep);
        json!({"count": count, "minutes": minutes})
    };
    let in_bed = (s.end - s.start) / 60;
    let awake = SleepSession::classic_totals(&runs, false).1;
    json!({
        "dateOfSleep": p.civil_date(s.end).to_string(),
        "duration": (s.end - s.start) * 1000,
        "efficiency": if in_bed > 0 { (in_bed - awake) * 100 / in_bed } else { 0 },
        "endTime": local_iso(s.end, p.offset_at(s.end)),
        "infoCode": 1,
        "isMainSleep": s.is_main,
        "levels": {"data": data, "summary": {"asleep": of(true), "restless": {"count": 0, "minutes": 0}, "awake": of(false)}},
        "logId": 26_000_000_000_i64 + s.end,
        "logType": "auto_detected",
        "minutesAfterWakeup": 0,
        "minutesAsleep": in_bed - awake,
        "minutesAwake": awake,
        "minutesToFallAsleep": 0,
        "startTime": local_iso(s.start, p.offset_at(s.start)),
        "timeInBed": in_bed,
        "type": "classic"
    })
}

/// A sleep in the v1 format: one `minuteData` entry a minute, "1" asleep, "2" restless,
/// "3" awake (v1 has no stages: light, deep and REM are all asleep), with the counts v1 gives.
pub(super) fn sleep_log_v1(p: &Person, s: &SleepSession) -> Value {
    let awake_at = |t: i64| {
        s.segments
            .iter()
            .any(|g| g.stage == Stage::Wake && g.start <= t && t < g.end)
    };
    let minutes: Vec<(i64, bool)> = (0..(s.end - s.start) / 60)
        .map(|i| {
            let t = s.start + i * 60;
            (t, awake_at(t))
        })
        .collect();
    let minute_data: Vec<Value> = minutes
        .iter()
        .map(|(t, awake)| json!({"dateTime": clock(p, *t, false), "value": if *awake { "3" } else { "1" }}))
        .collect();
    let awake = minutes.iter().filter(|(_, a)| *a).count() as i64;
    let awake_count = minutes.windows(2).filter(|w| w[1].1 && !w[0].1).count();
    let to_fall_asleep = minutes.iter().take_while(|(_, a)| *a).count() as i64;
    let in_bed = minutes.len() as i64;
    let asleep = in_bed - awake;
    json!({
        "awakeCount": awake_count, "awakeDuration": awake, "awakeningsCount": awake_count,
        "dateOfSleep": p.civil_date(s.end).to_string(), "duration": (s.end - s.start) * 1000,
        "efficiency": if in_bed > 0 { asleep * 100 / in_bed } else { 0 },
        "isMainSleep": s.is_main, "logId": 26_000_000_000_i64 + s.end, "minuteData": minute_data,
        "minutesAfterWakeup": 0, "minutesAsleep": asleep, "minutesAwake": awake - to_fall_asleep,
        "minutesToFallAsleep": to_fall_asleep, "restlessCount": 0, "restlessDuration": 0,
        "startTime": local_iso(s.start, p.offset_at(s.start)), "timeInBed": in_bed
    })
}

pub(super) fn sleep_summary(logs: &[Value]) -> Value {
    let sum = |f: &dyn Fn(&Value) -> i64| logs.iter().map(f).sum::<i64>();
    let stage = |name: &str| {
        sum(&|l: &Value| {
            l["levels"]["summary"][name]["minutes"]
                .as_i64()
                .unwrap_or(0)
        })
    };
    json!({"stages": {"deep": stage("deep"), "light": stage("light"), "rem": stage("rem"), "wake": stage("wake")},
           "totalMinutesAsleep": sum(&|l: &Value| l["minutesAsleep"].as_i64().unwrap_or(0)),
           "totalSleepRecords": logs.len(),
           "totalTimeInBed": sum(&|l: &Value| l["timeInBed"].as_i64().unwrap_or(0))})
}

pub(super) fn sleep_list(
    p: &Person,
    q: &HashMap<String, Vec<String>>,
    today: NaiveDate,
    origin: &str,
) -> Result<Value, Response> {
    let limit: i64 = first(q, "limit")
        .and_then(|l| l.parse().ok())
        .filter(|l| (1..=100).contains(l))
        .ok_or_else(|| validation("limit must be between 1 and 100"))?;
    if first(q, "offset").unwrap_or("0") != "0" {
        return Err(validation(
            "Only offset=0 is supported; follow pagination.next.",
        ));
    }
    let (before, after) = (first(q, "beforeDate"), first(q, "afterDate"));
    let sort = first(q, "sort").unwrap_or("");
    let mut logs = Vec::new();
    let (next_key, next_date) = match (before, after) {
        (Some(b), None) if sort == "desc" => {
            // Sleeps ending strictly before the date, newest first, whole dates per page so the
            // date cursor never splits two sleeps of one night.
            let mut d = fitdata_synth::add_days(parse_date(b, today)?, -1);
            let mut more = false;
            while d >= p.first_day {
                let mut day: Vec<Value> = p
                    .sleeps_ending_on(d)
                    .iter()
                    .map(|s| sleep_log(p, s))
                    .collect();
                if !logs.is_empty() && (logs.len() + day.len()) as i64 > limit {
                    more = true;
                    break;
                }
                day.reverse();
                logs.extend(day);
                d = fitdata_synth::add_days(d, -1);
            }
            (
                "beforeDate",
                more.then(|| {
                    logs.last()
                        .and_then(|l| l["dateOfSleep"].as_str())
                        .map(str::to_string)
                })
                .flatten(),
            )
        }
        (None, Some(a)) if sort == "asc" => {
            let mut d = fitdata_synth::add_days(parse_date(a, today)?, 1);
            let mut more = false;
            while d <= today {
                let day: Vec<Value> = p
                    .sleeps_ending_on(d)
                    .iter()
                    .map(|s| sleep_log(p, s))
                    .collect();
                if !logs.is_empty() && (logs.len() + day.len()) as i64 > limit {
                    more = true;
                    break;
                }
                logs.extend(day);
                d = fitdata_synth::add_days(d, 1);
            }
            (
                "afterDate",
                more.then(|| {
                    logs.last()
                        .and_then(|l| l["dateOfSleep"].as_str())
                        .map(str::to_string)
                })
                .flatten(),
            )
        }
        _ => {
            return Err(validation(
                "Use beforeDate with sort=desc, or afterDate with sort=asc.",
            ))
        }
    };
    let next = match next_date {
        Some(d) => format!(
            "{origin}/1.2/user/-/sleep/list.json?{next_key}={d}&sort={sort}&limit={limit}&offset=0"
        ),
        None => String::new(),
    };
    Ok(
        json!({"pagination": {"limit": limit, "next": next, "offset": 0, "previous": "", "sort": sort,
              next_key: before.or(after)}, "sleep": logs}),
    )
}
