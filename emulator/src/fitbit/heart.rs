//! Heart rate: intraday windows at each detail level, minute means and time in zones.

use super::*;

pub(super) fn local_iso(t: i64, offset: FixedOffset) -> String {
    local(t, offset).format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

pub(super) fn local(t: i64, offset: FixedOffset) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0).map_or(NaiveDateTime::MIN, |d| {
        d.with_timezone(&offset).naive_local()
    })
}

/// `[start, end)` of a request's day: the person's civil day, or the UTC day with timezone=UTC.
pub(super) fn bounds(p: &Person, date: NaiveDate, utc: bool) -> (i64, i64) {
    if utc {
        let s = date.and_time(NaiveTime::MIN).and_utc().timestamp();
        (s, s + 86_400)
    } else {
        p.day_bounds(date)
    }
}

/// Wall-clock `HH:MM:SS` of `t` as the response writes it: local at recording, or UTC.
pub(super) fn clock(p: &Person, t: i64, utc: bool) -> String {
    let off = if utc {
        FixedOffset::east_opt(0).unwrap_or(p.offset_at(t))
    } else {
        p.offset_at(t)
    };
    local(t, off).format("%H:%M:%S").to_string()
}

pub(super) fn detail_seconds(detail: &str, allow_sec: bool) -> Result<i64, Response> {
    match detail {
        "1sec" if allow_sec => Ok(1),
        "1min" => Ok(60),
        "5min" => Ok(300),
        "15min" => Ok(900),
        _ => Err(validation(&format!(
            "Invalid detail-level: {detail}. Use {}1min, 5min or 15min.",
            if allow_sec { "1sec, " } else { "" }
        ))),
    }
}

/// The `/time/HH:mm/HH:mm` window of civil `date` (or the UTC date), clipped to `[s, e)`;
/// an end before the start crosses midnight. Both ends are whole minutes, the end included.
pub(super) fn window(
    p: &Person,
    date: NaiveDate,
    s: i64,
    e: i64,
    rest: &[&str],
    utc: bool,
) -> Result<(i64, i64), Response> {
    match rest {
        [] => Ok((s, e)),
        ["time", from, to] => {
            let parse = |v: &str| {
                NaiveTime::parse_from_str(v, "%H:%M")
                    .map_err(|_| validation(&format!("Invalid time: {v}. Use HH:mm.")))
            };
            let (from, to) = (parse(from)?, parse(to)?);
            let instant = |d: NaiveDate, t: NaiveTime| -> i64 {
                if utc {
                    d.and_time(t).and_utc().timestamp()
                } else {
                    use chrono::TimeZone;
                    p.zone_at(s)
                        .from_local_datetime(&d.and_time(t))
                        .earliest()
                        .map_or(s, |x| x.timestamp())
                }
            };
            let end_date = if to < from {
                fitdata_synth::add_days(date, 1)
            } else {
                date
            };
            let start = instant(date, from).max(s);
            let end = instant(end_date, to) + 60;
            Ok((start, if to < from { end } else { end.min(e) }))
        }
        _ => Err(validation("Invalid time window: use /time/HH:mm/HH:mm")),
    }
}

pub(super) fn heart(
    p: &Person,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let zones = p.hr_zone_bounds();
    match rest {
        // Time series: /date/{date}/{period} or /date/{start}/{end} (no detail level).
        [a, b] => {
            let start = parse_date(a, today)?;
            let end = match *b {
                "1d" => start,
                "7d" | "1w" => fitdata_synth::add_days(start, 6),
                "30d" | "1m" => fitdata_synth::add_days(start, 29),
                "3m" => fitdata_synth::add_days(start, 90),
                "6m" => fitdata_synth::add_days(start, 181),
                "1y" => fitdata_synth::add_days(start, 364),
                "max" => {
                    fitdata_synth::add_days(start, (start - p.first_day).num_days().clamp(0, 1094))
                }
                other => parse_date(other, today)?,
            };
            let (start, end) = if ["7d", "1w", "30d", "1m", "3m", "6m", "1y", "max"].contains(b) {
                (
                    fitdata_synth::add_days(start, -(end - start).num_days()),
                    start,
                )
            } else {
                (start, end)
            };
            if end < start || (end - start).num_days() > 365 {
                return Err(validation("The date range must be at most 1 year."));
            }
            let mut days = Vec::new();
            let mut d = start;
            while d <= end {
                let minutes = minute_means(p, p.day_bounds(d).0, p.day_bounds(d).1);
                let mut value = json!({"customHeartRateZones": [], "heartRateZones": zone_minutes(&minutes, zones)});
                if !p.day_missing(d) {
                    value["restingHeartRate"] = json!(p.resting_hr(d).round() as i64);
                }
                days.push(json!({"dateTime": d.to_string(), "value": value}));
                d = fitdata_synth::add_days(d, 1);
            }
            Ok(json!({"activities-heart": days}))
        }
        // Intraday: /date/{date}/1d/{detail}[/time/…] or /date/{start}/{end}/{detail}[/time/…].
        [date, end, detail, window_rest @ ..] => {
            gate()?;
            let step = detail_seconds(detail, true)?;
            let start_date = parse_date(date, today)?;
            let (s, mut e) = bounds(p, start_date, q.utc);
            if *end != "1d" {
                let end_date = parse_date(end, today)?;
                let (_, e2) = bounds(p, end_date, q.utc);
                if e2 - s > 86_400 + 3600 || end_date < start_date {
                    return Err(validation("The interval must be at most 24 hours."));
                }
                e = e2;
            }
            let (ws, we) = window(p, start_date, s, e, window_rest, q.utc)?;
            let samples = p.heart_rate(ws, we);
            let dataset: Vec<Value> = if step == 1 {
                samples
                    .iter()
                    .map(|x| json!({"time": clock(p, x.t, q.utc), "value": x.bpm}))
                    .collect()
            } else {
                buckets(
                    &samples
                        .iter()
                        .map(|x| (x.t, f64::from(x.bpm)))
                        .collect::<Vec<_>>(),
                    step,
                    true,
                )
                .into_iter()
                .map(|(t, v)| json!({"time": clock(p, t, q.utc), "value": v.round() as i64}))
                .collect()
            };
            let minutes = minute_means(p, s, e);
            let summary = json!({"customHeartRateZones": [], "dateTime": start_date.to_string(),
                "heartRateZones": zone_minutes(&minutes, zones), "value": format!("{:.2}", p.resting_hr(start_date))});
            Ok(
                json!({"activities-heart": [summary], "activities-heart-intraday": {
                "dataset": dataset, "datasetInterval": if step == 1 { 1 } else { step / 60 },
                "datasetType": if step == 1 { "second" } else { "minute" }}}),
            )
        }
        _ => Err(validation("Invalid heart rate request.")),
    }
}

/// Mean bpm per minute (minute start, mean), minutes without samples left out.
pub(super) fn minute_means(p: &Person, s: i64, e: i64) -> Vec<(i64, f64)> {
    let samples: Vec<(i64, f64)> = p
        .heart_rate(s, e)
        .iter()
        .map(|x| (x.t, f64::from(x.bpm)))
        .collect();
    buckets(&samples, 60, true)
}

/// Groups `(t, v)` into buckets of `step` seconds aligned to UTC (offsets are whole quarter
/// hours, so these are local buckets too). `mean`: average, else sum.
pub(super) fn buckets(samples: &[(i64, f64)], step: i64, mean: bool) -> Vec<(i64, f64)> {
    let mut map: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
    for &(t, v) in samples {
        let e = map.entry(t.div_euclid(step) * step).or_insert((0.0, 0));
        e.0 += v;
        e.1 += 1;
    }
    map.into_iter()
        .map(|(t, (sum, n))| (t, if mean { sum / f64::from(n) } else { sum }))
        .collect()
}

pub(super) fn zone_minutes(minutes: &[(i64, f64)], [fat, cardio, peak]: [u16; 3]) -> Value {
    let count = |lo: f64, hi: f64| {
        minutes
            .iter()
            .filter(|(_, v)| v.round() >= lo && v.round() < hi)
            .count()
    };
    let (fat, cardio, peak) = (f64::from(fat), f64::from(cardio), f64::from(peak));
    // kcal burned in each zone: the tutorials' scripts read `caloriesOut` (a rate per minute
    // that rises with the zone, kept to Fitbit's four decimals).
    let kcal = |n: usize, per_min: f64| ((n as f64) * per_min * 10_000.0).round() / 10_000.0;
    let zone = |name: &str, lo: f64, hi: f64, max: f64, per_min: f64| {
        let n = count(lo, hi);
        json!({"caloriesOut": kcal(n, per_min), "max": max as i64, "min": lo.max(30.0) as i64, "minutes": n, "name": name})
    };
    json!([
        zone("Out of Range", 0.0, fat, fat, 1.2783),
        zone("Fat Burn", fat, cardio, cardio, 5.9571),
        zone("Cardio", cardio, peak, peak, 9.1467),
        zone("Peak", peak, 999.0, 220.0, 11.8215)
    ])
}
