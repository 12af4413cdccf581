//! Sleep timing checked against nights built by hand and worked out on paper.

use super::*;
use crate::model::{Provenance, Segment, Source};

const H: i64 = 3600;

/// A main sleep from `start` to `end` (unix seconds), asleep throughout, on the clock `off`.
fn night(start: i64, end: i64, off: i32) -> SleepSession {
    SleepSession {
        start,
        end,
        start_offset: off,
        end_offset: off,
        is_main: true,
        segments: vec![Segment {
            start,
            end,
            stage: Stage::Light,
        }],
        source: Provenance {
            source: Source::Demo,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: None,
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Unix seconds of a UTC date and hour.
fn at(date: &str, hour: f64) -> i64 {
    d(date).and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() + (hour * 3600.0) as i64
}

#[test]
fn a_night_is_cut_at_midnight_into_its_two_rows_and_double_plotted_it_is_one_block() {
    // 23:00 → 07:00 at +01:00: 22:00 → 06:00 UTC.
    let n = night(at("2026-03-01", 22.0), at("2026-03-02", 6.0), H as i32);
    let range = (d("2026-03-01"), d("2026-03-02"));
    let rows = |b: Vec<Block>| -> Vec<(usize, f64, f64)> {
        b.into_iter()
            .filter(|b| b.shade != Shade::Missing)
            .map(|b| (b.row, b.from_h, b.to_h))
            .collect()
    };
    assert_eq!(
        rows(actogram(
            std::slice::from_ref(&n),
            range,
            Clock::Local,
            false
        )),
        vec![(0, 23.0, 24.0), (1, 0.0, 7.0)]
    );
    assert_eq!(
        rows(actogram(
            std::slice::from_ref(&n),
            range,
            Clock::Local,
            true
        )),
        vec![(0, 23.0, 24.0), (0, 24.0, 31.0), (1, 0.0, 7.0)]
    );
    // On UTC: 22:00 → 06:00.
    assert_eq!(
        rows(actogram(
            std::slice::from_ref(&n),
            range,
            Clock::Fixed(0),
            false
        )),
        vec![(0, 22.0, 24.0), (1, 0.0, 6.0)]
    );
    // 2026-03-01 has no night ending on it: its noon-to-noon span (row 0, 00:00–12:00) is
    // marked missing.
    let missing: Vec<(usize, f64, f64)> = actogram(&[n], range, Clock::Local, false)
        .into_iter()
        .filter(|b| b.shade == Shade::Missing)
        .map(|b| (b.row, b.from_h, b.to_h))
        .collect();
    assert_eq!(missing, vec![(0, 0.0, 12.0)]);
}

/// Asleep 00:00–08:00 UTC on each of `days` days from 2026-01-05, except `late` days, asleep
/// 01:00–09:00. Their noon-to-noon spans start at 2026-01-04 12:00 (`NOON`).
fn regular(days: i64, late: &[i64]) -> Vec<SleepSession> {
    (0..days)
        .map(|i| {
            let s = at("2026-01-05", 0.0) + i * 24 * H + if late.contains(&i) { H } else { 0 };
            night(s, s + 8 * H, 0)
        })
        .collect()
}

const NOON: f64 = 12.0;

#[test]
fn the_regularity_index_is_100_for_the_same_sleep_every_day_and_falls_by_hand() {
    let start = at("2026-01-04", NOON);
    let e = epochs(&regular(6, &[]), start, 6 * 1440);
    assert_eq!(sri(&e), Some(100.0));
    // Day 3 an hour late: days 2→3 and 3→4 each differ in 60 minutes at each end: 240 of the
    // 5 × 1440 pairs. −100 + 200 × 6960 / 7200 = 93.33….
    let e = epochs(&regular(6, &[3]), start, 6 * 1440);
    let got = sri(&e).unwrap();
    assert!(
        (got - (-100.0 + 200.0 * 6960.0 / 7200.0)).abs() < 1e-9,
        "{got}"
    );
    // Fewer than five days of pairs: no index.
    assert_eq!(sri(&epochs(&regular(5, &[]), start, 5 * 1440)), None);
}

#[test]
fn a_date_without_a_night_is_unknown_not_awake() {
    let start = at("2026-01-04", NOON);
    let mut nights = regular(8, &[]);
    // The night ending on 2026-01-08 is missing: the noon-to-noon span 01-07 12:00 to 01-08
    // 12:00 is unknown, and the pairs touching it are left out: the index stays 100.
    nights.remove(3);
    let e = epochs(&nights, start, 8 * 1440);
    assert_eq!(e[3 * 1440 - 1], Some(false));
    assert_eq!(e[3 * 1440], None);
    assert_eq!(e[4 * 1440 - 1], None);
    assert_eq!(e[4 * 1440 + 12 * 60], Some(true));
    assert_eq!(sri(&e), Some(100.0));
}

#[test]
fn clock_times_average_on_a_circle() {
    // 23:50 and 00:10: midnight, ten minutes apart from it.
    let s = clock_stat(&[1430.0, 10.0]).unwrap();
    assert!(s.mean_min < 1e-9 || (1440.0 - s.mean_min) < 1e-9, "{s:?}");
    // R = cos(10 min of the circle); √(−2 ln R) in minutes: 10.0013…
    let r = (std::f64::consts::TAU * 10.0 / 1440.0).cos();
    let want = (-2.0 * r.ln()).sqrt() * 1440.0 / std::f64::consts::TAU;
    assert!(
        (s.sd_min - want).abs() < 1e-9 && (s.sd_min - 10.0).abs() < 0.01,
        "{s:?}"
    );
    assert_eq!(clock_text(s.mean_min), "00:00");
    assert_eq!(clock_text(23.0 * 60.0 + 29.6), "23:30");
}

#[test]
fn social_jetlag_is_the_free_days_mid_sleep_after_the_workdays() {
    // Two weeks from Monday 2026-01-05 (nights filed on their wake date): asleep 23:00–07:00
    // UTC (mid 03:00) before workdays, and 00:00–09:00 (mid 04:30) before Saturdays and
    // Sundays: 90 minutes of social jetlag.
    let nights: Vec<SleepSession> = (0..14)
        .map(|i| {
            let wake = d("2026-01-05") + chrono::Duration::days(i);
            let free = matches!(wake.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
            let w = wake.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            if free {
                night(w, w + 9 * H, 0)
            } else {
                night(w - H, w + 7 * H, 0)
            }
        })
        .collect();
    let t = timing(&nights, Clock::Local).unwrap();
    assert!((t.social_jetlag_min.unwrap() - 90.0).abs() < 1e-9, "{t:?}");
    // Ten workdays at 23:00 and four free days at 00:00: the mean bedtime is just before
    // midnight, on the circle.
    assert_eq!(t.bed.n, 14);
    assert!(
        t.bed.mean_min > 23.0 * 60.0 && t.bed.mean_min < 24.0 * 60.0,
        "{t:?}"
    );
    assert_eq!(clock_text(t.wake.mean_min), clock_text(t.wake.mean_min));
}

/// `days` nights of 8 hours whose bedtime moves `drift_min` later each day: a rhythm of
/// 24 h + drift.
fn drifting(days: i64, drift_min: i64) -> (Vec<SleepSession>, i64) {
    let start = at("2026-01-05", 0.0);
    let nights = (0..days)
        .map(|i| {
            let s = start + 22 * H + i * (24 * H + drift_min * 60);
            night(s, s + 8 * H, 0)
        })
        .collect();
    (nights, start)
}

#[test]
fn the_rhythm_is_the_period_the_nights_were_built_with_to_a_tenth_of_an_hour() {
    // 24.0 h, and 24.6 h drifting as in non-24 (36 minutes later each day), and others.
    for drift in [0, 36, 30, 60, -20, 12] {
        let (nights, start) = drifting(60, drift);
        let e = epochs(&nights, start, 62 * 1440);
        let p = rhythm(&e).unwrap();
        let want = 24.0 + drift as f64 / 60.0;
        assert!((p.period_h - want).abs() <= 0.1, "drift {drift}: {p:?}");
        assert!(p.strength > 10.0, "{p:?}");
    }
}

/// scipy's Lomb–Scargle periodogram (PyPI, in the test environment `make setup` makes) on the
/// same series, binned to 10 minutes: its peak over 20–28 h at the same period to 0.1 h.
#[test]
fn the_rhythm_agrees_with_scipys_lomb_scargle() {
    let Some(python) = crate::model::pyoracle::python_with("scipy.signal") else {
        return;
    };
    for drift in [0, 36, -20] {
        let (nights, start) = drifting(60, drift);
        let e = epochs(&nights, start, 62 * 1440);
        let ours = rhythm(&e).unwrap().period_h;
        // The series as (hours, fraction asleep) per 10-minute bin with a known minute.
        let series: Vec<(f64, f64)> = binned(&e, 10)
            .into_iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i as f64 / 6.0, v)))
            .collect();
        let json = serde_json::to_string(&series).unwrap();
        let out = crate::model::pyoracle::run(
            &python,
            "import json, sys, numpy as np\n\
from scipy.signal import lombscargle\n\
s = np.array(json.load(sys.stdin))\n\
periods = np.arange(20.0, 28.0, 0.01)\n\
power = lombscargle(s[:, 0], s[:, 1] - s[:, 1].mean(), 2 * np.pi / periods)\n\
print(periods[int(np.argmax(power))])",
            json.as_bytes(),
        );
        let theirs: f64 = out.trim().parse().unwrap();
        eprintln!("drift {drift}: ours {ours:.3} h, scipy's Lomb–Scargle {theirs:.3} h");
        assert!(
            (ours - theirs).abs() <= 0.1,
            "drift {drift}: ours {ours} h, scipy's {theirs} h"
        );
    }
}

#[test]
fn the_periodogram_finds_the_period_the_nights_were_built_with() {
    for (drift, want_h) in [(0, 24.0), (30, 24.5), (60, 25.0), (-20, 24.0 - 20.0 / 60.0)] {
        let (nights, start) = drifting(60, drift);
        let e = epochs(&nights, start, 62 * 1440);
        let peaks = periodogram(&e, 10);
        let top = best(&peaks).unwrap();
        assert!(
            (top.period_h - want_h).abs() <= 10.0 / 60.0 + 1e-9,
            "drift {drift}: {top:?}"
        );
        assert!(top.strength > 10.0, "{top:?}");
    }
}

#[test]
fn no_rhythm_gives_no_peak_above_chance() {
    // Asleep in random 8-hour blocks (a fixed pseudo-random walk): nothing at 0.1 %.
    let start = at("2026-01-05", 0.0);
    let mut x: u64 = 12345;
    let nights: Vec<SleepSession> = (0..60)
        .map(|i| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let s = start + i * 24 * H + ((x >> 33) % (24 * 3600)) as i64;
            night(s, s + 8 * H, 0)
        })
        .collect();
    let e = epochs(&nights, start, 61 * 1440);
    let top = best(&periodogram(&e, 10)).unwrap();
    // Minutes inside one sleep are not independent, so chance alone reaches past the 0.1 %
    // level (1.58 here, at 27.8 h); a rhythm is twenty times that (the test above: over 40).
    // The page so calls a peak clear from 3 on (`CLEAR`).
    assert!(top.strength < CLEAR / 1.5, "{top:?}");
}

#[test]
fn the_critical_value_matches_the_chi_square_table() {
    // χ²(0.999) tables: df 100 → 149.449, df 143 → about 200.3.
    assert!((chi2_critical_999(100.0) - 149.449).abs() < 0.2);
    assert!((chi2_critical_999(30.0) - 59.703).abs() < 0.2);
}

#[test]
fn the_analysis_of_a_drifting_sleeper_draws_the_phase_through_the_onsets() {
    // 60 nights, bedtime 22:00 UTC moving 30 minutes a day: a 24.5-hour rhythm.
    let (nights, _) = drifting(60, 30);
    let from = d("2026-01-06");
    let a = analyse(
        &nights,
        &[],
        (from, from + chrono::Duration::days(49)),
        Clock::Local,
        false,
    );
    let p = a.peak.unwrap();
    assert!((p.period_h - 24.5).abs() <= 10.0 / 60.0 + 1e-9, "{p:?}");
    assert_eq!(a.rows, 50);
    // 50 days of a 24.5 h rhythm: 48 or 49 onsets, one row in 49 without one.
    assert!((48..=49).contains(&a.phase.len()), "{}", a.phase.len());
    // The line passes within a bin of each night's onset in the rows (22:00 + 30 min × i).
    let origin = at("2026-01-06", 0.0);
    for n in nights
        .iter()
        .filter(|n| n.start >= origin && n.start < origin + 50 * 24 * H)
    {
        let onset = (n.start - origin) as f64 / 3600.0;
        let gap = a
            .phase
            .iter()
            .map(|(r, h)| (*r as f64 * 24.0 + h - onset).abs())
            .fold(f64::INFINITY, f64::min);
        assert!(gap <= 10.0 / 60.0 + 1e-9, "onset {onset}: {gap} h off");
    }
    assert_eq!(a.offsets, vec![0]);
    assert!(a.sri.is_some());
}

#[test]
fn the_nights_heart_rate_is_its_readings_once_and_its_sleeping_figures_by_hand() {
    use crate::model::Sample;
    let s = at("2026-03-01", 22.0);
    let mut n = night(s, s + 3 * H, 0);
    // Asleep, then awake for the last hour.
    n.segments = vec![
        Segment {
            start: s,
            end: s + 2 * H,
            stage: Stage::Light,
        },
        Segment {
            start: s + 2 * H,
            end: s + 3 * H,
            stage: Stage::Wake,
        },
    ];
    let r = |t: i64, v: f64| Sample {
        t,
        offset: 0,
        value: v,
    };
    // Before the night, asleep (60, 50, 58; one twice, from both days), awake (80), after.
    let samples = [
        r(s - 60, 90.0),
        r(s, 60.0),
        r(s + 600, 50.0),
        r(s + 600, 50.0),
        r(s + 7000, 58.0),
        r(s + 2 * H + 5, 80.0),
        r(s + 3 * H, 70.0),
    ];
    let (inside, fig) = night_heart(&n, &samples);
    assert_eq!(
        inside.iter().map(|x| x.value).collect::<Vec<_>>(),
        vec![60.0, 50.0, 58.0, 80.0]
    );
    let fig = fig.unwrap();
    assert_eq!((fig.readings, fig.lowest), (3, 50.0));
    assert!((fig.mean - 56.0).abs() < 1e-12);
}

#[test]
fn a_workout_is_a_block_of_its_own_on_its_clock() {
    use crate::model::Exercise;
    // 17:30 → 18:15 at −05:00 (22:30 → 23:15 UTC).
    let x = Exercise::bare(
        at("2026-03-01", 22.5),
        at("2026-03-01", 23.25),
        -5 * 3600,
        "Run",
        "tracker",
    );
    let range = (d("2026-03-01"), d("2026-03-02"));
    let b = workout_blocks(std::slice::from_ref(&x), range, Clock::Local, false);
    assert_eq!(b.len(), 1);
    assert_eq!(
        (b[0].row, b[0].from_h, b[0].to_h, b[0].shade),
        (0, 17.5, 18.25, Shade::Workout)
    );
    // On UTC it crosses no midnight either: 22:30 → 23:15.
    let b = workout_blocks(&[x], range, Clock::Fixed(0), true);
    assert_eq!((b[0].from_h, b[0].to_h), (22.5, 23.25));
}

#[test]
fn each_month_is_worked_out_on_its_own_nights() {
    // January regular (00:00–08:00 UTC), February an hour late every other day.
    let start = at("2026-01-01", 0.0);
    let nights: Vec<SleepSession> = (0..59)
        .map(|i| {
            let late = i >= 31 && i % 2 == 1;
            let s = start + i * 24 * H + if late { H } else { 0 };
            night(s, s + 8 * H, 0)
        })
        .collect();
    let m = monthly(&nights, (d("2026-01-01"), d("2026-02-28")), Clock::Local);
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].month, m[0].sleeps), (d("2026-01-01"), 31));
    assert_eq!(m[0].sri, Some(100.0));
    // February: 28 nights, 27 day pairs, each differing 120 minutes (one hour at each end):
    // −100 + 200 × (27 × 1440 − 27 × 120) / (27 × 1440).
    assert_eq!((m[1].month, m[1].sleeps), (d("2026-02-01"), 28));
    let want = -100.0 + 200.0 * (27.0 * 1440.0 - 27.0 * 120.0) / (27.0 * 1440.0);
    assert!(
        (m[1].sri.unwrap() - want).abs() < 1e-9,
        "{:?} vs {want}",
        m[1].sri
    );
    // Its bedtimes: half at 00:00, half at 01:00 (on the circle, 00:30).
    assert_eq!(clock_text(m[1].timing.unwrap().bed.mean_min), "00:30");
}
