//! Data derived from other data: coarser heart-rate detail levels, and range answers split into
//! the civil days the cache stores.

use crate::model::time::civil_date;
use crate::model::{DayZones, Interval, Payload, Sample, SleepSession};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Mean heart rate per `step_s`-second bucket, rounded to whole bpm, buckets without readings
/// left out (a not-worn gap stays a gap). Buckets are aligned to UTC: every offset in use is a
/// whole quarter hour, so minute and 5/15-minute buckets are local buckets too. This is how
/// Fitbit computes its 1min/5min/15min levels, so Google's samples averaged here equal Fitbit's
/// levels of the same readings.
pub fn mean_per(samples: &[Sample], step_s: i64) -> Vec<Sample> {
    let step = step_s.max(1);
    let mut out: Vec<Sample> = Vec::new();
    let mut acc: Option<(i64, i32, f64, u32)> = None;
    let flush = |a: Option<(i64, i32, f64, u32)>, out: &mut Vec<Sample>| {
        if let Some((t, offset, sum, n)) = a {
            out.push(Sample {
                t,
                offset,
                value: (sum / f64::from(n)).round(),
            });
        }
    };
    for s in samples {
        let bucket = s.t.div_euclid(step) * step;
        match &mut acc {
            Some((t, _, sum, n)) if *t == bucket => {
                *sum += s.value;
                *n += 1;
            }
            _ => {
                flush(acc.take(), &mut out);
                acc = Some((bucket, s.offset, s.value, 1));
            }
        }
    }
    flush(acc, &mut out);
    out
}

/// The longest time one heart-rate reading stands for: beyond it, the tracker was not worn.
pub const READING_MAX_S: i64 = 60;

/// Minutes spent in each `width`-bpm band of heart rate: every reading counts for the time
/// until the next one (at most a minute, so not-worn gaps count nothing). Bands are
/// `[lo, lo + width)` from the lowest to the highest band with time in it.
pub fn hr_histogram(samples: &[Sample], width: u32) -> Vec<(u32, f64)> {
    let width = width.max(1);
    let mut seconds: BTreeMap<u32, i64> = BTreeMap::new();
    for pair in samples.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let held = (b.t - a.t).clamp(0, READING_MAX_S);
        let band = (a.value.max(0.0) as u32) / width * width;
        *seconds.entry(band).or_insert(0) += held;
    }
    if let Some(last) = samples.last() {
        let band = (last.value.max(0.0) as u32) / width * width;
        seconds.entry(band).or_insert(0);
    }
    let (Some(&lo), Some(&hi)) = (seconds.keys().next(), seconds.keys().next_back()) else {
        return Vec::new();
    };
    (lo..=hi)
        .step_by(width as usize)
        .map(|band| (band, seconds.get(&band).copied().unwrap_or(0) as f64 / 60.0))
        .collect()
}

/// Heart-rate zone names, lowest first, as Fitbit names them.
pub const ZONE_NAMES: [&str; 4] = ["Out of range", "Fat burn", "Cardio", "Peak"];

/// The lower bounds (bpm) of the fat-burn, cardio and peak zones: Fitbit's default zones, 50,
/// 70 and 85 % of a maximum heart rate of 220 − age.
pub fn hr_zones(age: u32) -> [f64; 3] {
    let max = 220.0 - f64::from(age.min(120));
    [0.5, 0.7, 0.85].map(|f| (max * f).round())
}

/// Minutes in each zone (out of range, fat burn, cardio, peak), counted as Fitbit counts them:
/// each minute's mean heart rate, rounded, falls in one zone; minutes without a reading count
/// in none.
pub fn zone_minutes(samples: &[Sample], zones: [f64; 3]) -> [u32; 4] {
    let mut out = [0u32; 4];
    for m in mean_per(samples, 60) {
        let v = m.value.round();
        out[zones.iter().filter(|lo| v >= **lo).count()] += 1;
    }
    out
}

/// Samples by the civil day (where recorded) they fall on.
pub fn samples_by_day(items: Vec<Sample>) -> BTreeMap<NaiveDate, Vec<Sample>> {
    let mut map: BTreeMap<NaiveDate, Vec<Sample>> = BTreeMap::new();
    for s in items {
        map.entry(civil_date(s.t, s.offset)).or_default().push(s);
    }
    map
}

/// Intervals by the civil day they start on.
pub fn intervals_by_day(items: Vec<Interval>) -> BTreeMap<NaiveDate, Vec<Interval>> {
    let mut map: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
    for i in items {
        map.entry(civil_date(i.start, i.offset))
            .or_default()
            .push(i);
    }
    map
}

/// Sleeps by the night they belong to (the day they ended), in time order whatever order the
/// API listed them in.
pub fn sleep_by_night(items: Vec<SleepSession>) -> BTreeMap<NaiveDate, Vec<SleepSession>> {
    let mut map: BTreeMap<NaiveDate, Vec<SleepSession>> = BTreeMap::new();
    for s in items {
        map.entry(s.night()).or_default().push(s);
    }
    for night in map.values_mut() {
        night.sort_by_key(|s| s.start);
    }
    map
}

/// Makes sure a night has a main sleep when it has any sleep: where the answer marks none
/// (Google leaves a false `mainSleep` out, and older answers may carry none at all), the
/// longest session with stages is the main one, else the longest: Google's own definition.
pub fn ensure_main(night: &mut [SleepSession]) {
    if night.is_empty() || night.iter().any(|s| s.is_main) {
        return;
    }
    if let Some(main) = night
        .iter_mut()
        .max_by_key(|s| (s.has_stages(), s.end - s.start, std::cmp::Reverse(s.start)))
    {
        main.is_main = true;
    }
}

/// Zones by the day they are for; a day keeps its last record.
pub fn zones_by_day(zones: Vec<DayZones>) -> BTreeMap<NaiveDate, Payload> {
    zones
        .into_iter()
        .map(|z| (z.date, Payload::Zones(vec![z])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: i64, value: f64) -> Sample {
        Sample {
            t,
            offset: 3600,
            value,
        }
    }

    #[test]
    fn zones_from_age_and_minutes_in_each() {
        // 38 years: max 182; 91, 127, 155 (the emulator's person and Fitbit's default zones).
        let z = hr_zones(38);
        assert_eq!(z, [91.0, 127.0, 155.0]);
        // Minute means 90.5 (rounds to 91: fat burn), 60, 130, 160; a gap of 10 minutes.
        let samples = vec![
            s(0, 90.0),
            s(30, 91.0),
            s(60, 60.0),
            s(120, 130.0),
            s(780, 160.0),
        ];
        assert_eq!(zone_minutes(&samples, z), [1, 1, 1, 1]);
        assert_eq!(zone_minutes(&[], z), [0; 4]);
    }

    #[test]
    fn minute_means_round_and_keep_gaps() {
        let m = 1_780_000_020 / 60 * 60;
        let raw = [
            s(m, 60.0),
            s(m + 20, 61.0),
            s(m + 59, 62.0),
            s(m + 60, 70.0),
            s(m + 65, 71.0),
            // minute m+120 not worn
            s(m + 180, 80.0),
        ];
        assert_eq!(
            mean_per(&raw, 60),
            vec![s(m, 61.0), s(m + 60, 71.0), s(m + 180, 80.0)]
        );
        // .5 rounds away from zero, like the emulator's (and Fitbit's) rounding.
        assert_eq!(mean_per(&raw[3..5], 60)[0].value, 71.0);
        assert_eq!(mean_per(&[], 60), vec![]);
        assert_eq!(mean_per(&raw, 86_400).len(), 1);
    }

    #[test]
    fn histogram_counts_held_time_not_gaps() {
        let m = 1_780_000_000;
        let raw = [
            s(m, 61.0),
            s(m + 30, 65.0),
            s(m + 40, 82.0),
            // not worn for an hour: the 82 reading stands for one minute only
            s(m + 3640, 79.0),
        ];
        let h = hr_histogram(&raw, 10);
        assert_eq!(h, vec![(60, 40.0 / 60.0), (70, 0.0), (80, 1.0)]);
        assert_eq!(hr_histogram(&[], 10), vec![]);
    }

    #[test]
    fn splits_on_local_midnight() {
        // 2026-03-28 23:30 and 2026-03-29 00:30 in Berlin (UTC+1).
        let before = s(1_774_737_000, 1.0);
        let after = s(1_774_740_600, 2.0);
        let days = samples_by_day(vec![before, after]);
        let keys: Vec<String> = days.keys().map(|d| d.to_string()).collect();
        assert_eq!(keys, ["2026-03-28", "2026-03-29"]);
    }
}
