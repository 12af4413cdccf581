//! Activity resources (steps, calories, distance, floors, elevation) and Active Zone Minutes,
//! as intraday and as time series.

use super::*;

/// Activity resources with intraday and time-series endpoints.
pub(super) const ACTIVITY_RESOURCES: [&str; 5] =
    ["steps", "calories", "distance", "floors", "elevation"];

/// Resolves `/date/{date}`, `/date/{date}/{period}` or `/date/{start}/{end}` to an inclusive
/// date range of at most `max_days`.
pub(super) fn date_range(
    rest: &[&str],
    today: NaiveDate,
    max_days: i64,
    first_day: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Response> {
    let (start, end) = match rest {
        [d] => {
            let d = parse_date(d, today)?;
            (d, d)
        }
        [a, b] => {
            let a = parse_date(a, today)?;
            let back = match *b {
                "1d" => Some(0),
                "7d" | "1w" => Some(6),
                "30d" | "1m" => Some(29),
                "3m" => Some(90),
                "6m" => Some(181),
                "1y" => Some(364),
                // Since the account began (python-fitbit's `period="max"`), within the limit.
                "max" => Some((a - first_day).num_days().clamp(0, max_days - 1)),
                _ => None,
            };
            match back {
                Some(n) => (fitdata_synth::add_days(a, -n), a),
                None => (a, parse_date(b, today)?),
            }
        }
        _ => return Err(validation(
            "Invalid date path: use /date/{date}, /date/{date}/{period} or /date/{start}/{end}.",
        )),
    };
    if end < start {
        return Err(validation(
            "The end date must not be before the start date.",
        ));
    }
    if (end - start).num_days() >= max_days {
        return Err(validation(&format!(
            "The date range must be at most {max_days} days."
        )));
    }
    Ok((start, end))
}

pub(super) fn dates(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(Some(start), move |d| d.succ_opt().filter(|n| *n <= end))
}

/// A resource's value for one minute, in Fitbit's units: distance in km, elevation in m.
pub(super) fn resource_value(resource: &str, m: &fitdata_synth::ActivityMinute) -> f64 {
    match resource {
        "steps" => f64::from(m.steps),
        "calories" => m.calories,
        "distance" => f64::from(m.distance_mm) / 1_000_000.0,
        "floors" => f64::from(m.floors),
        _ => f64::from(m.floors) * 3.048,
    }
}

/// Intraday (`/date/{date}/1d/{detail}[/time/…]`) or series (`/date/{start}/{end}`, periods)
/// for one activity resource. Daily totals are strings, intraday values numbers.
pub(super) fn activity(
    p: &Person,
    resource: &str,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let key = format!("activities-{resource}");
    // US units on request: miles, feet.
    let scale = match resource {
        "distance" if q.us_units => 1.0 / 1.609_344,
        "elevation" if q.us_units => 1.0 / 0.3048,
        _ => 1.0,
    };
    let value = |m: &fitdata_synth::ActivityMinute| resource_value(resource, m) * scale;
    let total = |minutes: &[fitdata_synth::ActivityMinute]| -> String {
        let sum: f64 = minutes.iter().map(value).sum();
        match resource {
            "distance" | "elevation" => format!("{sum:.2}"),
            _ => format!("{}", sum.round() as i64),
        }
    };
    // Intraday by date range (python-fitbit's `intraday_time_series` with two dates): at most
    // the next day, as the reference says.
    let by_range = match rest {
        [a, b, detail, window_rest @ ..] if *b != "1d" && detail_seconds(detail, false).is_ok() => {
            Some((*a, Some(*b), *detail, window_rest))
        }
        [a, "1d", detail, window_rest @ ..] => Some((*a, None, *detail, window_rest)),
        _ => None,
    };
    match by_range {
        Some((date, end_date, detail, window_rest)) => {
            gate()?;
            let step = detail_seconds(detail, false)?;
            let d = parse_date(date, today)?;
            let (s, mut e) = bounds(p, d, q.utc);
            if let Some(end_date) = end_date {
                let last = parse_date(end_date, today)?;
                if last < d || (last - d).num_days() > 1 {
                    return Err(validation(
                        "An intraday date range may span at most 24 hours (two dates).",
                    ));
                }
                e = bounds(p, last, q.utc).1;
            }
            let (ws, we) = window(p, d, s, e, window_rest, q.utc)?;
            let day = p.activity(s, e);
            let minutes: Vec<fitdata_synth::ActivityMinute> = day
                .iter()
                .copied()
                .filter(|m| m.t >= ws && m.t < we)
                .collect();
            let values: Vec<(i64, f64)> = minutes.iter().map(|m| (m.t, value(m))).collect();
            let dataset: Vec<Value> = buckets(&values, step, false)
                .into_iter()
                .map(|(t, v)| {
                    let time = clock(p, t, q.utc);
                    match resource {
                        // Calories carry the activity level and METs (×10) of the bucket's first minute.
                        "calories" => {
                            let m = minutes.iter().find(|m| m.t == t);
                            json!({"level": m.map_or(0, |m| m.level), "mets": m.map_or(10.0, |m| m.mets * 10.0), "time": time, "value": v})
                        }
                        "steps" | "floors" => json!({"time": time, "value": v.round() as i64}),
                        _ => json!({"time": time, "value": v}),
                    }
                })
                .collect();
            Ok(
                json!({ key.clone(): [{"dateTime": d.to_string(), "value": total(&day)}],
                format!("{key}-intraday"): {"dataset": dataset, "datasetInterval": step / 60, "datasetType": "minute"}}),
            )
        }
        None => {
            let (start, end) = date_range(rest, today, 1095, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .map(|d| {
                    let (s, e) = p.day_bounds(d);
                    json!({"dateTime": d.to_string(), "value": total(&p.activity(s, e))})
                })
                .collect();
            Ok(json!({ key: days }))
        }
    }
}

/// AZM per zone with zero-valued keys left out, as Fitbit writes them.
pub(super) fn azm_value(minutes: &[fitdata_synth::ActivityMinute]) -> Value {
    let zone_sum = |z: &[u8]| {
        minutes
            .iter()
            .filter(|m| z.contains(&m.zone))
            .map(|m| u64::from(m.azm))
            .sum::<u64>()
    };
    let mut v = serde_json::Map::new();
    for (k, n) in [
        ("activeZoneMinutes", zone_sum(&[1, 2, 3])),
        ("fatBurnActiveZoneMinutes", zone_sum(&[1])),
        ("cardioActiveZoneMinutes", zone_sum(&[2])),
        ("peakActiveZoneMinutes", zone_sum(&[3])),
    ] {
        if n > 0 {
            v.insert(k.into(), json!(n));
        }
    }
    Value::Object(v)
}

pub(super) fn azm(
    p: &Person,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    match rest {
        [date, "1d", detail, window_rest @ ..] => {
            gate()?;
            let step = detail_seconds(detail, false)?;
            let d = parse_date(date, today)?;
            let (s, e) = bounds(p, d, q.utc);
            let (ws, we) = window(p, d, s, e, window_rest, q.utc)?;
            let mut groups: BTreeMap<i64, Vec<fitdata_synth::ActivityMinute>> = BTreeMap::new();
            for m in p.activity(ws, we).into_iter().filter(|m| m.azm > 0) {
                groups
                    .entry(m.t.div_euclid(step) * step)
                    .or_default()
                    .push(m);
            }
            let utc = FixedOffset::east_opt(0);
            let entries: Vec<Value> = groups
                .into_iter()
                .map(|(t, ms)| {
                    let off = if q.utc { utc.unwrap_or(p.offset_at(t)) } else { p.offset_at(t) };
                    json!({"minute": local(t, off).format("%Y-%m-%dT%H:%M:%S").to_string(), "value": azm_value(&ms)})
                })
                .collect();
            Ok(
                json!({"activities-active-zone-minutes-intraday": [{"dateTime": d.to_string(), "minutes": entries}]}),
            )
        }
        _ => {
            let (start, end) = date_range(rest, today, 1095, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .map(|d| {
                    let (s, e) = p.day_bounds(d);
                    json!({"dateTime": d.to_string(), "value": azm_value(&p.activity(s, e))})
                })
                .collect();
            Ok(json!({"activities-active-zone-minutes": days}))
        }
    }
}
