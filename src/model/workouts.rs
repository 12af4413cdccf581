//! Workouts (#29), as pure code: every exercise of a range by type, its months' totals and each
//! type's personal bests, the time one spent in each heart-rate zone, and the TCX file that
//! carries one, with its heart rate, to Garmin Connect or Strava.

use crate::model::{derive, time, Exercise, Sample};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The address of a workout's own page (`#/workouts/YYYY-MM-DD/<start>`: its local date and
/// UTC start, which find it in the store).
pub fn href(e: &Exercise) -> String {
    format!("#/workouts/{}/{}", e.date(), e.start)
}

/// The activity types of a list, most frequent first (then by name), with their counts.
pub fn types(list: &[Exercise]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in list {
        *counts.entry(e.name.as_str()).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The exercises of one type (`None`: every type), latest first.
pub fn of_type(list: &[Exercise], name: Option<&str>) -> Vec<Exercise> {
    let mut out: Vec<Exercise> = list
        .iter()
        .filter(|e| name.is_none_or(|n| e.name == n))
        .cloned()
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.start));
    out
}

/// One month's workouts added up: the month is the local one each started in.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTotals {
    /// The first day of the month.
    pub month: NaiveDate,
    pub count: usize,
    /// From start to end, pauses included (what the list shows per workout).
    pub seconds: i64,
    /// Of the workouts that have a distance; `None` where none has.
    pub distance_km: Option<f64>,
    pub calories: Option<f64>,
}

/// Each month's totals, oldest first; months without a workout are left out.
pub fn monthly(list: &[Exercise]) -> Vec<MonthTotals> {
    let mut by: BTreeMap<NaiveDate, MonthTotals> = BTreeMap::new();
    for e in list {
        let d = e.date();
        let Some(month) = d.with_day(1) else { continue };
        let m = by.entry(month).or_insert(MonthTotals {
            month,
            count: 0,
            seconds: 0,
            distance_km: None,
            calories: None,
        });
        m.count += 1;
        m.seconds += (e.end - e.start).max(0);
        if let Some(k) = e.distance_km {
            m.distance_km = Some(m.distance_km.unwrap_or(0.0) + k);
        }
        if let Some(c) = e.calories {
            m.calories = Some(m.calories.unwrap_or(0.0) + c);
        }
    }
    by.into_values().collect()
}

/// What a personal best is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BestOf {
    /// The longest from start to end.
    Longest,
    /// The farthest distance.
    Farthest,
    /// The fastest average pace over a whole workout of at least `PACE_MIN_KM`: the sources
    /// give a workout's distance and time, not a distance series, so a fastest 5 km inside a
    /// longer run cannot be read.
    FastestPace,
    /// The most calories.
    MostCalories,
}

/// The shortest workout whose pace counts as a best.
pub const PACE_MIN_KM: f64 = 5.0;

impl BestOf {
    pub fn label(self) -> &'static str {
        match self {
            BestOf::Longest => "Longest",
            BestOf::Farthest => "Farthest",
            BestOf::FastestPace => "Fastest pace (5 km or more, whole workout)",
            BestOf::MostCalories => "Most calories",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            BestOf::Longest => "longest",
            BestOf::Farthest => "farthest",
            BestOf::FastestPace => "pace",
            BestOf::MostCalories => "calories",
        }
    }
}

/// One type's best of one kind, and the workout that holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Best {
    pub name: String,
    pub of: BestOf,
    /// Seconds (longest), km (farthest), seconds per km (pace) or kcal.
    pub value: f64,
    pub exercise: Exercise,
}

/// The moving time of a workout: its active seconds where the log gives them, else start to end.
pub fn moving_s(e: &Exercise) -> i64 {
    e.active_s
        .filter(|a| *a > 0)
        .unwrap_or(e.end - e.start)
        .max(0)
}

/// Seconds of `[from, to)` inside the workout's pauses.
pub fn paused_within(e: &Exercise, from: i64, to: i64) -> i64 {
    e.pauses
        .iter()
        .map(|&(a, b)| (b.min(to) - a.max(from)).max(0))
        .sum()
}

/// Seconds the workout stood paused, all its pauses together.
pub fn paused_s(e: &Exercise) -> i64 {
    paused_within(e, e.start, e.end)
}

/// The timer's seconds over `[from, to)`: its length less the pauses inside it (what a
/// watch counts, and a TCX lap's time).
fn timer_s(e: &Exercise, from: i64, to: i64) -> i64 {
    (to - from - paused_within(e, from, to)).max(0)
}

/// Whether the workout stood paused at `t`.
fn paused_at(e: &Exercise, t: i64) -> bool {
    e.pauses.iter().any(|&(a, b)| a <= t && t < b)
}

/// Seconds per km over the whole workout, where it has a distance.
pub fn pace_s_per_km(e: &Exercise) -> Option<f64> {
    let km = e.distance_km.filter(|k| *k > 0.0)?;
    let s = moving_s(e);
    (s > 0).then(|| s as f64 / km)
}

/// Each type's bests (types in `types` order, bests in `BestOf` order); a tie goes to the
/// earlier workout, which set it first.
pub fn bests(list: &[Exercise]) -> Vec<Best> {
    let mut out = Vec::new();
    for (name, _) in types(list) {
        let mut mine: Vec<&Exercise> = list.iter().filter(|e| e.name == name).collect();
        mine.sort_by_key(|e| e.start);
        let mut best = |of: BestOf, value: &dyn Fn(&Exercise) -> Option<f64>, higher: bool| {
            let mut held: Option<(f64, &Exercise)> = None;
            for e in &mine {
                let Some(v) = value(e).filter(|v| v.is_finite()) else {
                    continue;
                };
                let better = held.is_none_or(|(h, _)| if higher { v > h } else { v < h });
                if better {
                    held = Some((v, e));
                }
            }
            if let Some((value, e)) = held {
                out.push(Best {
                    name: name.clone(),
                    of,
                    value,
                    exercise: (*e).clone(),
                });
            }
        };
        best(BestOf::Longest, &|e| Some((e.end - e.start) as f64), true);
        best(
            BestOf::Farthest,
            &|e| e.distance_km.filter(|k| *k > 0.0),
            true,
        );
        best(
            BestOf::FastestPace,
            &|e| {
                e.distance_km
                    .filter(|k| *k >= PACE_MIN_KM)
                    .and_then(|_| pace_s_per_km(e))
            },
            false,
        );
        best(
            BestOf::MostCalories,
            &|e| e.calories.filter(|c| *c > 0.0),
            true,
        );
    }
    out
}

/// A pace as a person reads it: minutes and seconds per km, or per mile.
pub fn pace_text(s_per_km: f64, miles: bool) -> String {
    let (s, unit) = if miles {
        (s_per_km * crate::model::metric::KM_PER_MILE, "mi")
    } else {
        (s_per_km, "km")
    };
    let s = s.round() as i64;
    format!("{}:{:02} /{unit}", s / 60, s % 60)
}

/// The readings inside a workout, from its start to its end (both included).
pub fn readings(samples: &[Sample], e: &Exercise) -> Vec<Sample> {
    let from = samples.partition_point(|s| s.t < e.start);
    let to = samples.partition_point(|s| s.t <= e.end);
    samples.get(from..to).map(<[_]>::to_vec).unwrap_or_default()
}

/// Heart-rate figures of a workout's readings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Heart {
    pub mean: f64,
    pub max: f64,
    /// Minutes in each zone (out of range, fat burn, cardio, peak), counted as Fitbit counts
    /// them (`derive::zone_minutes`); `None` without zones.
    pub zones: Option<[u32; 4]>,
    pub readings: usize,
    /// The share of the workout's minutes that have a reading, 0 to 1: below 1, the tracker
    /// was off the wrist or not recording for part of it.
    pub covered: f64,
}

/// The figures of a workout's own readings (`readings`); `None` where it has none.
pub fn heart(inside: &[Sample], e: &Exercise, zones: Option<[f64; 3]>) -> Option<Heart> {
    if inside.is_empty() {
        return None;
    }
    let mean = inside.iter().map(|s| s.value).sum::<f64>() / inside.len() as f64;
    let max = inside.iter().map(|s| s.value).fold(f64::MIN, f64::max);
    let minutes = ((e.end - e.start).max(1) as f64 / 60.0).ceil();
    let with = derive::mean_per(inside, 60).len() as f64;
    Some(Heart {
        mean,
        max,
        zones: zones.map(|z| derive::zone_minutes(inside, z)),
        readings: inside.len(),
        covered: (with / minutes).min(1.0),
    })
}

/// One split as a row: its number, bounds, distance, moving time, pace and heart rate.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitRow {
    pub n: usize,
    pub start: i64,
    pub end: i64,
    pub kind: String,
    pub km: Option<f64>,
    /// The distance run by its end, where every split so far has one.
    pub total_km: Option<f64>,
    /// Moving seconds: its active time where the source gives it, else start to end.
    pub seconds: i64,
    /// Seconds per km, where it has a distance.
    pub pace_s_per_km: Option<f64>,
    /// The source's mean heart rate for it, else the mean of the readings inside it.
    pub bpm: Option<f64>,
}

/// A workout's splits as rows, in order, with `inside` (its readings, `readings`) filling in a
/// heart rate the source did not give.
pub fn split_rows(e: &Exercise, inside: &[Sample]) -> Vec<SplitRow> {
    let mut total = Some(0.0);
    e.splits
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let seconds = x
                .active_s
                .filter(|a| *a > 0)
                .unwrap_or(x.end - x.start)
                .max(0);
            let km = x.distance_km.filter(|k| k.is_finite() && *k >= 0.0);
            total = total.zip(km).map(|(t, k)| t + k);
            let lo = inside.partition_point(|s| s.t < x.start);
            let hi = inside.partition_point(|s| s.t < x.end);
            let mine = inside.get(lo..hi).unwrap_or_default();
            let mean = (!mine.is_empty())
                .then(|| mine.iter().map(|s| s.value).sum::<f64>() / mine.len() as f64);
            SplitRow {
                n: i + 1,
                start: x.start,
                end: x.end,
                kind: x.kind.clone(),
                km,
                total_km: total,
                seconds,
                pace_s_per_km: km
                    .filter(|k| *k > 0.0 && seconds > 0)
                    .map(|k| seconds as f64 / k),
                bpm: x.avg_bpm.or(mean),
            }
        })
        .collect()
}

/// TCX's sport for a type: the schema knows running and biking, everything else is "Other".
pub fn tcx_sport(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    if ["run", "jog", "treadmill"].iter().any(|w| n.contains(w)) {
        "Running"
    } else if ["bike", "biking", "cycl", "ride", "spinning"]
        .iter()
        .any(|w| n.contains(w))
    {
        "Biking"
    } else {
        "Other"
    }
}

/// A file name for a workout: its local start and its type, in characters every file system
/// takes (`fitdata-2026-05-02-0630-morning-run.tcx`).
pub fn file_stem(e: &Exercise) -> String {
    let start = time::local(e.start, e.offset);
    let mut name: String = e
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    let name = if name.is_empty() { "workout" } else { name };
    format!("fitdata-{}-{name}", start.format("%Y-%m-%d-%H%M"))
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A UTC instant as TCX writes it.
fn tcx_time(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// A workout as a TCX file (Garmin's TrainingCenterDatabase v2): a lap per split where the
/// source gives splits (`split_laps`), else one lap from start to end (`whole_lap`), with the
/// log's distance, calories and heart rate, and a trackpoint at each heart-rate reading inside
/// it (`readings`), so an indoor workout carries its heart rate too. A paused workout is
/// written as a watch writes one: a lap's time is its timer time (its pauses left out), its
/// heart rate is the readings' outside them, and each pause ends a track (`tracks`). Times are
/// UTC instants; the schema's types are kept (whole bpm from 1 to 255, calories 0 to 65,535).
pub fn tcx(e: &Exercise, inside: &[Sample]) -> String {
    let mut out = String::with_capacity(300 + inside.len() * 110);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\">\n");
    out.push_str(" <Activities>\n");
    out.push_str(&format!("  <Activity Sport=\"{}\">\n", tcx_sport(&e.name)));
    let start = tcx_time(e.start);
    out.push_str(&format!("   <Id>{start}</Id>\n"));
    match laps(e) {
        Some(laps) => split_laps(&mut out, e, &laps, inside),
        None => whole_lap(&mut out, e, inside),
    }

    out.push_str(&format!(
        "   <Notes>{}</Notes>\n",
        xml_text(&format!(
            "{} ({}), exported by fitdata",
            e.name,
            e.logged.replace('_', " ")
        ))
    ));
    out.push_str("  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
    out
}

/// The workout as one lap (it has no splits): the distance is known at two moments only, the
/// start (0) and the end (the log's), and is written on the first and the last reading there.
fn whole_lap(out: &mut String, e: &Exercise, inside: &[Sample]) {
    lap_head(
        out,
        e.start,
        timer_s(e, e.start, e.end),
        e.distance_km.unwrap_or(0.0).max(0.0) * 1000.0,
        e.calories.unwrap_or(0.0),
        heart(&moving(e, inside), e, None),
        "Manual",
    );
    let last = inside.len().saturating_sub(1);
    let points: Vec<Point> = inside
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // The distance is known at two moments only, the start (0) and the end (the log's):
            // written there, so a reader that takes it from the track (Strava, tcxparser) has
            // it, and nothing between is made up.
            let metres = match (e.distance_km, i) {
                (Some(_), 0) if last > 0 => Some(0.0),
                (Some(k), i) if i == last && s.t >= e.end - 60 => Some(k.max(0.0) * 1000.0),
                _ => None,
            };
            (s.t, metres, Some(s.value))
        })
        .collect();
    tracks(out, e, &points);
    out.push_str("   </Lap>\n");
}

/// A trackpoint to write: its time, the distance so far and the heart rate where known.
type Point = (i64, Option<f64>, Option<f64>);

/// The readings outside the workout's pauses.
fn moving(e: &Exercise, inside: &[Sample]) -> Vec<Sample> {
    inside
        .iter()
        .filter(|s| !paused_at(e, s.t))
        .copied()
        .collect()
}

/// A lap's trackpoints as its tracks. A reading inside a pause is left out (the timer stood
/// still: a watch writes none there), unless it carries the distance (a lap's start, the
/// workout's end); a pause between two points (or from the first) ends one track and opens
/// the next, as a watch writes a paused workout, so Garmin Connect and Strava count the moving
/// time.
fn tracks(out: &mut String, e: &Exercise, points: &[Point]) {
    let mut last: Option<i64> = None;
    for &(t, metres, bpm) in points {
        if metres.is_none() && paused_at(e, t) {
            continue;
        }
        match last {
            None => out.push_str("    <Track>\n"),
            Some(p) if e.pauses.iter().any(|&(a, b)| a < t && p < b) => {
                out.push_str("    </Track>\n    <Track>\n");
            }
            Some(_) => {}
        }
        trackpoint(out, t, metres, bpm);
        last = Some(t);
    }
    if last.is_some() {
        out.push_str("    </Track>\n");
    }
}

/// Whole bpm from 1 to 255: the schema's type.
fn tcx_bpm(v: f64) -> i64 {
    (v.round() as i64).clamp(1, 255)
}

/// A lap's opening: its start, time, distance, calories (whole, 0 to 65,535: the schema's
/// type), mean and highest heart rate where it has readings, and what ended it.
fn lap_head(
    out: &mut String,
    start: i64,
    seconds: i64,
    metres: f64,
    calories: f64,
    heart: Option<Heart>,
    trigger: &str,
) {
    out.push_str(&format!("   <Lap StartTime=\"{}\">\n", tcx_time(start)));
    out.push_str(&format!(
        "    <TotalTimeSeconds>{seconds}</TotalTimeSeconds>\n"
    ));
    out.push_str(&format!("    <DistanceMeters>{metres}</DistanceMeters>\n"));
    out.push_str(&format!(
        "    <Calories>{}</Calories>\n",
        calories.round().clamp(0.0, 65_535.0) as i64
    ));
    if let Some(h) = heart {
        out.push_str(&format!(
            "    <AverageHeartRateBpm><Value>{}</Value></AverageHeartRateBpm>\n",
            tcx_bpm(h.mean)
        ));
        out.push_str(&format!(
            "    <MaximumHeartRateBpm><Value>{}</Value></MaximumHeartRateBpm>\n",
            tcx_bpm(h.max)
        ));
    }
    out.push_str("    <Intensity>Active</Intensity>\n");
    out.push_str(&format!("    <TriggerMethod>{trigger}</TriggerMethod>\n"));
}

/// One trackpoint: its time, and the distance so far and the heart rate where known.
fn trackpoint(out: &mut String, t: i64, metres: Option<f64>, bpm: Option<f64>) {
    out.push_str(&format!(
        "     <Trackpoint><Time>{}</Time>{}{}</Trackpoint>\n",
        tcx_time(t),
        metres.map_or(String::new(), |m| format!(
            "<DistanceMeters>{m}</DistanceMeters>"
        )),
        bpm.map_or(String::new(), |v| format!(
            "<HeartRateBpm><Value>{}</Value></HeartRateBpm>",
            tcx_bpm(v)
        ))
    ));
}

/// The splits a TCX writes as laps: where they run in order inside the workout, each after the
/// last, none empty. Anything else (overlaps, a split outside it) is one lap, as before.
fn laps(e: &Exercise) -> Option<Vec<&crate::model::Split>> {
    let s: Vec<_> = e.splits.iter().collect();
    let ordered = s.windows(2).all(|w| w[0].end <= w[1].start);
    let inside = s
        .iter()
        .all(|x| e.start <= x.start && x.start < x.end && x.end <= e.end);
    (!s.is_empty() && ordered && inside).then_some(s)
}

/// The workout a lap per split (Garmin Connect and Strava show them as laps): each with its
/// time, distance, calories and heart rate, and the readings inside it. The laps tile the
/// workout: the first starts at its start, each runs to the next, the last to its end (a gap
/// between splits joins the lap before it). The distance is known where each split starts, and
/// at the end, so a trackpoint there carries the distance run so far (when every split has
/// one). A lap's calories are its own where every split has them; otherwise the log's total
/// is on the first lap, so the file's total is still the log's.
fn split_laps(out: &mut String, e: &Exercise, laps: &[&crate::model::Split], inside: &[Sample]) {
    let distances = laps.iter().all(|l| l.distance_km.is_some());
    let own_calories = laps.iter().all(|l| l.calories.is_some());
    let mut run_m = 0.0;
    let last = laps.len() - 1;
    for (i, l) in laps.iter().enumerate() {
        let from = if i == 0 { e.start } else { l.start };
        let to = laps.get(i + 1).map_or(e.end, |n| n.start);
        // Readings in [from, to); the last lap keeps the one at the very end.
        let lo = inside.partition_point(|s| s.t < from);
        let hi = inside.partition_point(|s| s.t < to || (i == last && s.t == to));
        let mine = inside.get(lo..hi).unwrap_or_default();
        let metres = l.distance_km.unwrap_or(0.0).max(0.0) * 1000.0;
        let calories = match (own_calories, i) {
            (true, _) => l.calories.unwrap_or(0.0),
            (false, 0) => e.calories.unwrap_or(0.0),
            _ => 0.0,
        };
        let window = Exercise {
            start: from,
            end: to,
            ..e.clone()
        };
        let trigger = match l.kind.as_str() {
            "DISTANCE" => "Distance",
            "DURATION" => "Time",
            _ => "Manual",
        };
        lap_head(
            out,
            from,
            timer_s(e, from, to),
            metres,
            calories,
            heart(&moving(e, mine), &window, None),
            trigger,
        );
        let mut points: Vec<Point> = Vec::with_capacity(mine.len() + 2);
        // The lap's start, with the distance so far (on the reading there, if there is one).
        let at_start = distances.then_some(run_m);
        let mut rest = mine;
        match mine.split_first() {
            Some((s, tail)) if s.t == from => {
                points.push((s.t, at_start, Some(s.value)));
                rest = tail;
            }
            _ => points.push((from, at_start, None)),
        }
        run_m += metres;
        // The workout's end, with the whole distance.
        let end = (i == last).then(|| distances.then_some(run_m));
        let (body, at_end) = match (end, rest.split_last()) {
            (Some(m), Some((s, body))) if s.t == to => (body, Some((Some(s.value), m))),
            (Some(m), _) => (rest, Some((None, m))),
            (None, _) => (rest, None),
        };
        points.extend(body.iter().map(|s| (s.t, None, Some(s.value))));
        if let Some((value, m)) = at_end {
            points.push((to, m, value));
        }
        tracks(out, e, &points);
        out.push_str("   </Lap>\n");
    }
}

#[cfg(test)]
mod tests;
