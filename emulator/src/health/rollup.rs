//! `dailyRollUp` and `rollUp`: the request bodies, each type's value over a window, paging.

use super::*;

/// `dailyRollUp`'s body (unknown fields are refused, as the API refuses them).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DailyRollupBody {
    range: CivilRange,
    #[serde(default)]
    window_size_days: Option<i64>,
    #[serde(default)]
    page_size: Option<i64>,
    #[serde(default)]
    page_token: Option<String>,
    #[serde(default)]
    data_source_family: Option<String>,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CivilRange {
    start: CivilDateTime,
    end: CivilDateTime,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CivilDateTime {
    date: DateParts,
    #[serde(default)]
    #[allow(dead_code)]
    time: Option<Value>,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}
/// `rollUp`'s body.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RollupBody {
    range: PhysicalRange,
    window_size: String,
    #[serde(default)]
    page_size: Option<i64>,
    #[serde(default)]
    page_token: Option<String>,
    #[serde(default)]
    data_source_family: Option<String>,
}
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PhysicalRange {
    start_time: String,
    end_time: String,
}

pub(super) fn range_too_long(dt: DataType, kebab: &str) -> Response {
    invalid_argument(
        &format!(
            "The range may span at most {} days for {kebab}.",
            dt.rollup_max_days()
        ),
        "INVALID_RANGE",
    )
}

pub(super) fn bad_payload(e: &serde_json::Error) -> Response {
    invalid_argument(
        &format!("Invalid JSON payload received. {e}"),
        "INVALID_ARGUMENT",
    )
}

/// A day's personal range (the discovery document's `…PersonalRangeRollupValue`: "the lower
/// and upper bound of the user's daily … personal range"). Google does not say how it makes
/// one; the emulator's stand-in is the 10th to 90th percentile (type 7) of the 30 days before
/// the window's last day, once 14 of them have a value, so it differs from a median and
/// quartiles of the same days (what the app computes where the API gives no range) and a
/// test can tell which one the page shows; each bound to a multiple of `step` (whole beats,
/// a tenth of a millisecond, as the values themselves). `None` (the window left out) before
/// that.
fn personal_range(
    win: &Window,
    step: f64,
    value: impl Fn(NaiveDate) -> Option<f64>,
) -> Option<(f64, f64)> {
    let last = *win.days.last()?;
    let mut v: Vec<f64> = (1..=30)
        .filter_map(|k| value(fitdata_synth::add_days(last, -k)))
        .collect();
    if v.len() < 14 {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let (a, b) = (v[lo], v[(lo + 1).min(v.len() - 1)]);
        ((a + (h - h.floor()) * (b - a)) / step).round() / (1.0 / step)
    };
    Some((q(0.1), q(0.9)))
}

/// One aggregation window: its physical bounds, the civil days it covers, its time fields.
pub(super) struct Window {
    s: i64,
    e: i64,
    days: Vec<NaiveDate>,
    times: Value,
}

/// The aggregate of `dt` over a window as the roll-up value object (the discovery document's
/// `…RollupValue`), or `None` when the window holds no data: the API leaves such windows out.
/// Sums run over the merged stream, as roll-ups do (reconciled points of all sources).
pub(super) fn rollup_value(p: &Person, w: &World, dt: DataType, win: &Window) -> Option<Value> {
    let (s, e) = (win.s, win.e);
    let avg = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let range = |v: &[f64]| {
        (!v.is_empty()).then(|| {
            (
                v.iter().copied().fold(f64::INFINITY, f64::min),
                v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            )
        })
    };
    match dt {
        DataType::HeartRate => {
            let hr: Vec<f64> = p
                .heart_rate(s, e)
                .iter()
                .map(|x| f64::from(x.bpm))
                .collect();
            let (min, max) = range(&hr)?;
            Some(
                json!({"heartRate": {"beatsPerMinuteAvg": avg(&hr)?, "beatsPerMinuteMin": min, "beatsPerMinuteMax": max}}),
            )
        }
        DataType::Weight | DataType::BodyFat => {
            let ins: Vec<_> = win
                .days
                .iter()
                .filter_map(|d| p.weigh_in(*d))
                .filter(|x| x.t >= s && x.t < e)
                .collect();
            if dt == DataType::Weight {
                let g: Vec<f64> = ins.iter().map(|x| (x.weight_kg * 1000.0).round()).collect();
                Some(json!({"weight": {"weightGramsAvg": avg(&g)?}}))
            } else {
                let f: Vec<f64> = ins.iter().map(|x| x.body_fat_pct).collect();
                Some(json!({"bodyFat": {"bodyFatPercentageAvg": avg(&f)?}}))
            }
        }
        DataType::DailyRestingHeartRate => {
            let (min, max) = personal_range(win, 1.0, |d| {
                (!p.day_missing(d)).then(|| p.resting_hr(d).round())
            })?;
            Some(
                json!({"restingHeartRatePersonalRange": {"beatsPerMinuteMin": min, "beatsPerMinuteMax": max}}),
            )
        }
        DataType::DailyHeartRateVariability => {
            let (min, max) = personal_range(win, 0.1, |d| {
                p.night_vitals(d)
                    .map(|n| (n.hrv_rmssd_ms * 10.0).round() / 10.0)
            })?;
            Some(json!({"heartRateVariabilityPersonalRange": {
                "averageHeartRateVariabilityMillisecondsMin": min, "averageHeartRateVariabilityMillisecondsMax": max}}))
        }
        _ => {
            let minutes = p.activity(s, e);
            if minutes.is_empty() {
                return None;
            }
            let sum = |f: &dyn Fn(&fitdata_synth::ActivityMinute) -> u64| {
                minutes.iter().map(f).sum::<u64>()
            };
            let nonzero = |n: u64| (n > 0).then(|| n.to_string());
            match dt {
                DataType::Steps => {
                    let merged = step_truth(p, w, s, e).2;
                    Some(json!({"steps": {"countSum": nonzero(merged)?}}))
                }
                DataType::Distance => Some(
                    json!({"distance": {"millimetersSum": nonzero(sum(&|m| u64::from(m.distance_mm)))?}}),
                ),
                DataType::Floors => {
                    Some(json!({"floors": {"countSum": nonzero(sum(&|m| u64::from(m.floors)))?}}))
                }
                // Minutes in each zone, int64 strings (recorded).
                DataType::ActiveZoneMinutes => {
                    let zone = |z: u8| sum(&|m| u64::from(m.zone == z && m.azm > 0));
                    let (fat, cardio, peak) = (zone(1), zone(2), zone(3));
                    nonzero(fat + cardio + peak)?;
                    Some(
                        json!({"activeZoneMinutes": {"sumInFatBurnHeartZone": fat.to_string(),
                        "sumInCardioHeartZone": cardio.to_string(), "sumInPeakHeartZone": peak.to_string()}}),
                    )
                }
                _ => Some(json!({"totalCalories": {"kcalSum":
                    (minutes.iter().map(|m| m.calories).sum::<f64>() * 10.0).round() / 10.0}})),
            }
        }
    }
}

pub(super) fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(o), Some(x)) = (base.as_object_mut(), extra.as_object()) {
        o.extend(x.clone());
    }
    base
}

/// `POST …/dataPoints:dailyRollUp` (civil-day windows) and `…/dataPoints:rollUp` (physical
/// windows of `windowSize`, down to 1 s): newest first, windows without data left out, paged.
pub(super) async fn rollup(
    State(shared): State<Shared>,
    Path((_, kebab, method)): Path<(String, String, String)>,
    caller: Caller,
    body: String,
) -> Response {
    let daily = match method.as_str() {
        "dataPoints:dailyRollUp" => true,
        "dataPoints:rollUp" => false,
        _ => return method_not_found(&method),
    };
    use DataType::*;
    let dt = match DataType::parse(&kebab) {
        Ok(
            dt @ (Steps | Distance | Floors | ActiveZoneMinutes | TotalCalories | HeartRate
            | Weight | BodyFat),
        ) => dt,
        // Daily roll-ups only: RollupDataPoint has no field for them.
        Ok(dt @ (DailyRestingHeartRate | DailyHeartRateVariability)) if daily => dt,
        Ok(_) => {
            return invalid_argument(
                &format!("{kebab} does not support this roll-up"),
                "INVALID_DATA_TYPE",
            )
        }
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &[dt.scope()]) {
        return r;
    }
    let now = st.now();
    let world = st.google.clone();
    let p = &st.person;
    let mut windows: Vec<Window> = Vec::new();
    let (page_size, token, family, fp_text) = if daily {
        let req: DailyRollupBody = match serde_json::from_str(&body) {
            Ok(b) => b,
            Err(e) => return bad_payload(&e),
        };
        let day = |d: &DateParts| NaiveDate::from_ymd_opt(d.year, d.month, d.day);
        let (Some(start), Some(end)) = (day(&req.range.start.date), day(&req.range.end.date))
        else {
            return invalid_argument("Invalid date in range.", "INVALID_ARGUMENT");
        };
        let window = req.window_size_days.unwrap_or(1);
        let days = (end - start).num_days();
        if days <= 0 || window <= 0 {
            return invalid_argument("range.end must be after range.start.", "INVALID_ARGUMENT");
        }
        if days > dt.rollup_max_days() {
            return range_too_long(dt, &kebab);
        }
        let mut d = start;
        while d < end {
            let w_end = fitdata_synth::add_days(d, window).min(end);
            let (s, _) = p.day_bounds(d);
            let (_, e) = p.day_bounds(fitdata_synth::add_days(w_end, -1));
            let covered: Vec<NaiveDate> = std::iter::successors(Some(d), |x| x.succ_opt())
                .take_while(|x| *x < w_end)
                .collect();
            windows.push(Window {
                s,
                e: e.min(now),
                days: covered,
                times: json!({"civilStartTime": {"date": date_json(d), "time": {}}, "civilEndTime": {"date": date_json(w_end), "time": {}}}),
            });
            d = w_end;
        }
        let max = dt.rollup_max_days();
        let size = req.page_size.filter(|n| *n > 0).unwrap_or(max).min(max);
        let fp = format!("{:?}{:?}{window}", req.range.start.date.day, (start, end));
        (size, req.page_token, req.data_source_family, fp)
    } else {
        let req: RollupBody = match serde_json::from_str(&body) {
            Ok(b) => b,
            Err(e) => return bad_payload(&e),
        };
        let parse = |t: &str| DateTime::parse_from_rfc3339(t).ok().map(|d| d.timestamp());
        let size = req
            .window_size
            .strip_suffix('s')
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 1);
        let (Some(start), Some(end), Some(size)) = (
            parse(&req.range.start_time),
            parse(&req.range.end_time),
            size,
        ) else {
            return invalid_argument("range needs RFC 3339 startTime/endTime and windowSize like \"3600s\" (at least 1s).", "INVALID_ARGUMENT");
        };
        if end <= start {
            return invalid_argument(
                "range.endTime must be after range.startTime.",
                "INVALID_ARGUMENT",
            );
        }
        if end - start > dt.rollup_max_days() * 86_400 {
            return range_too_long(dt, &kebab);
        }
        // An emulator's limit, not the API's: a page is at most 10,000 windows anyway.
        if (end - start) / size > 2_000_000 {
            return invalid_argument(
                "The emulator rolls up at most 2,000,000 windows: use a larger windowSize.",
                "INVALID_ARGUMENT",
            );
        }
        let mut s = start;
        while s < end {
            let e = (s + size).min(end);
            let first = p.civil_date(s).pred_opt().unwrap_or(p.first_day);
            let covered: Vec<NaiveDate> = std::iter::successors(Some(first), |x| x.succ_opt())
                .take_while(|x| *x <= p.civil_date(e))
                .collect();
            windows.push(Window {
                s,
                e: e.min(now),
                days: covered,
                times: json!({"startTime": rfc3339(s), "endTime": rfc3339(e)}),
            });
            s = e;
        }
        let size = req.page_size.filter(|n| *n > 0).unwrap_or(1440).min(10_000);
        let fp = format!("{start}-{end}-{size}");
        (size, req.page_token, req.data_source_family, fp)
    };
    let family = match family_of(family.as_deref()) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let fp = fingerprint(&format!("{kebab}{method}"), &fp_text);
    // The token carries how many windows (newest first) were already looked at.
    let skip = match token.as_deref() {
        None | Some("") => 0,
        Some(t) => match read_token(t, &fp) {
            Some(n) if n >= 0 => n as usize,
            _ => {
                return invalid_argument(
                    "Invalid page token: it does not belong to this request.",
                    "INVALID_PAGE_TOKEN",
                )
            }
        },
    };
    let page_size = usize::try_from(page_size).unwrap_or(1);
    let mut points = Vec::new();
    let mut next = None;
    let world_for_sources = if family == Family::All {
        world
    } else {
        World {
            phone_steps: false,
            ..world
        }
    };
    for (i, win) in windows.iter().rev().enumerate().skip(skip) {
        if family == Family::SelfSources || win.s >= win.e {
            continue;
        }
        if points.len() == page_size {
            next = Some(i);
            break;
        }
        if let Some(v) = rollup_value(p, &world_for_sources, dt, win) {
            points.push(merge(win.times.clone(), v));
        }
    }
    let mut out = json!({});
    if !points.is_empty() {
        out["rollupDataPoints"] = Value::Array(points);
    }
    if let Some(i) = next {
        out["nextPageToken"] = json!(page_token(&fp, i as i64));
    }
    json(StatusCode::OK, &out)
}
