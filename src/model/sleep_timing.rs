//! Sleep timing over many nights (#30): the actogram's blocks, the Sleep Regularity Index, the
//! spread of bed, wake and mid-sleep times, social jetlag, and a chi-square periodogram of the
//! sleep/wake rhythm. Pure, so the page draws what these say and the host tests check them.

use super::{SleepSession, Stage};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY: i64 = 86_400;

/// The clock times are read on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Where the person was: each sleep on the clock it was recorded on, so a trip shows as a
    /// jump in the rows (the actogram's usual way, and every app's).
    Local,
    /// One fixed offset (seconds east of UTC) for every night, so travel and DST show as a
    /// shift instead of being hidden.
    Fixed(i32),
}

impl Clock {
    /// The offset a time of `night` is read at: `at_start` for its bedtime's clock, else its
    /// wake time's.
    fn offset(self, night: &SleepSession, at_start: bool) -> i32 {
        match self {
            Clock::Fixed(o) => o,
            Clock::Local if at_start => night.start_offset,
            Clock::Local => night.end_offset,
        }
    }
}

/// What an actogram block shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shade {
    /// A stage of a staged night, or asleep/restless/awake of a classic one.
    Stage(Stage),
    /// A workout (an exercise log), so its effect on the night after is there to see.
    Workout,
    /// A noon-to-noon span with no sleep recorded: the device not worn, or no night kept. Not
    /// "awake": the regularity index leaves it out too.
    Missing,
}

/// One block of the actogram: on row `row` (0: the range's first date), from hour `from_h` to
/// `to_h` of the row (0–24, or 0–48 double-plotted).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    pub row: usize,
    pub from_h: f64,
    pub to_h: f64,
    pub shade: Shade,
}

/// The actogram of `nights` over the dates `from..=to`, on `clock`: each segment cut at the
/// clock's midnights into the rows of its dates. Double-plotted, row `i` shows its date and the
/// next (0–48 h), so a night across midnight reads as one block. A night whose clock changed
/// (DST, a trip) is read on its bedtime's clock up to its wake time's date, as the hypnogram is.
pub fn actogram(
    nights: &[SleepSession],
    (from, to): (NaiveDate, NaiveDate),
    clock: Clock,
    double: bool,
) -> Vec<Block> {
    let rows = (to - from).num_days() + 1;
    let mut out = Vec::new();
    for n in nights {
        let off = clock.offset(n, true);
        for s in &n.segments {
            cut(
                (s.start, s.end),
                off,
                (from, rows),
                double,
                Shade::Stage(s.stage),
                &mut out,
            );
        }
    }
    // The noon-to-noon spans of the dates no sleep ended on (on the clock of the nearest
    // night's end, as `epochs` reads them).
    let mut recorded: Vec<NaiveDate> = nights.iter().map(SleepSession::night).collect();
    recorded.sort_unstable();
    for (i, date) in from.iter_days().take(rows.max(0) as usize).enumerate() {
        if recorded.binary_search(&date).is_err() {
            let row = i as i64;
            let mut put = |row: i64, from_h: f64, to_h: f64| {
                if (0..rows).contains(&row) {
                    out.push(Block {
                        row: row as usize,
                        from_h,
                        to_h,
                        shade: Shade::Missing,
                    });
                }
            };
            put(row - 1, 12.0, 24.0);
            put(row, 0.0, 12.0);
            if double {
                put(row - 1, 24.0, 36.0);
                put(row - 2, 36.0, 48.0);
            }
        }
    }
    out.sort_by(|x, y| {
        (x.row, x.from_h)
            .partial_cmp(&(y.row, y.from_h))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// The span `[start, end)` read on the clock `off`, cut at its midnights into blocks on the
/// rows of its dates (of the `rows` from `from`), and (double-plotted) on the second half of
/// the row before each.
fn cut(
    (start, end): (i64, i64),
    off: i32,
    (from, rows): (NaiveDate, i64),
    double: bool,
    shade: Shade,
    out: &mut Vec<Block>,
) {
    let off = i64::from(off);
    let (mut a, b) = (start + off, end + off);
    while a < b {
        let day = a.div_euclid(DAY);
        let next = ((day + 1) * DAY).min(b);
        let date =
            NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + 719_163).unwrap_or(i32::MAX));
        if let Some(date) = date {
            let row = (date - from).num_days();
            let (h0, h1) = (
                (a - day * DAY) as f64 / 3600.0,
                (next - day * DAY) as f64 / 3600.0,
            );
            let mut put = |row: i64, shift: f64| {
                if (0..rows).contains(&row) {
                    out.push(Block {
                        row: row as usize,
                        from_h: h0 + shift,
                        to_h: h1 + shift,
                        shade,
                    });
                }
            };
            put(row, 0.0);
            if double {
                put(row - 1, 24.0);
            }
        }
        a = next;
    }
}

/// The workouts among `exercises` as actogram blocks over the dates `from..=to`, on `clock`
/// (where the person was: each on the clock it started on).
pub fn workout_blocks(
    exercises: &[super::Exercise],
    (from, to): (NaiveDate, NaiveDate),
    clock: Clock,
    double: bool,
) -> Vec<Block> {
    let rows = (to - from).num_days() + 1;
    let mut out = Vec::new();
    for x in exercises {
        let off = match clock {
            Clock::Fixed(o) => o,
            Clock::Local => x.offset,
        };
        cut(
            (x.start, x.end),
            off,
            (from, rows),
            double,
            Shade::Workout,
            &mut out,
        );
    }
    out
}

/// Asleep in a segment of this stage (every stage but wake; restless is asleep, as Fitbit's
/// classic scoring counts it).
fn asleep(stage: Stage) -> bool {
    stage != Stage::Wake
}

/// Sleep or wake per minute from `start` on for `minutes`, `None` where no sleep record
/// covers the noon-to-noon span it lies in (the device not worn, or no night recorded: not
/// "awake"). A span from noon to noon belongs to the date of its second noon, the date a night
/// in it is filed under; it counts where a sleep ended on that date (on its own clock).
pub fn epochs(nights: &[SleepSession], start: i64, minutes: usize) -> Vec<Option<bool>> {
    // The dates a night was filed on, as day numbers (days since 1970 on the night's clock).
    let mut recorded: Vec<i64> = nights
        .iter()
        .map(|n| (n.end + i64::from(n.end_offset)).div_euclid(DAY))
        .collect();
    recorded.sort_unstable();
    recorded.dedup();
    // Each epoch's noon-to-noon date, on the clock of the night nearest it. Epochs run
    // forward, so the nearest night's end is followed with one pointer, not searched for
    // (ten years are 5.3 million epochs).
    let mut ends: Vec<(i64, i32)> = nights.iter().map(|n| (n.end, n.end_offset)).collect();
    ends.sort_unstable();
    let mut i = 0usize;
    let mut offset_near = |t: i64| -> i32 {
        while ends.get(i).is_some_and(|e| e.0 < t) {
            i += 1;
        }
        let before = i.checked_sub(1).and_then(|j| ends.get(j));
        match (before, ends.get(i)) {
            (Some(b), Some(a)) => {
                if t - b.0 <= a.0 - t {
                    b.1
                } else {
                    a.1
                }
            }
            (b, a) => b.or(a).map_or(0, |e| e.1),
        }
    };
    let mut last: Option<(i64, bool)> = None;
    let mut state: Vec<Option<bool>> = (0..minutes)
        .map(|k| {
            let t = start + 60 * k as i64;
            let day = (t + 12 * 3600 + i64::from(offset_near(t))).div_euclid(DAY);
            let known = match last {
                Some((d, known)) if d == day => known,
                _ => {
                    let known = recorded.binary_search(&day).is_ok();
                    last = Some((day, known));
                    known
                }
            };
            known.then_some(false)
        })
        .collect();
    for n in nights {
        for s in n.segments.iter().filter(|s| asleep(s.stage)) {
            // The epochs whose minute starts inside the segment.
            let first = (s.start - start + 59).div_euclid(60).max(0);
            let last = (s.end - start + 59).div_euclid(60).min(minutes as i64);
            for k in first..last {
                if let Some(e) = state.get_mut(k as usize) {
                    if e.is_some() {
                        *e = Some(true);
                    }
                }
            }
        }
    }
    state
}

/// The Sleep Regularity Index (Phillips et al. 2017): the chance, in percent rescaled to −100
/// (every state flipped) … 100 (the same every day), that the state (asleep or awake) is the
/// same at two instants 24 hours apart: −100 + 200 × agreements / pairs, over the pairs where
/// both epochs are known. Minute epochs (the paper used 30 s; the sources score sleep in
/// 30-second or minute steps). `None` with fewer than five days of pairs.
pub fn sri(epochs: &[Option<bool>]) -> Option<f64> {
    let (mut pairs, mut same) = (0u64, 0u64);
    for (a, b) in epochs.iter().zip(epochs.iter().skip(1440)) {
        if let (Some(a), Some(b)) = (a, b) {
            pairs += 1;
            same += u64::from(a == b);
        }
    }
    (pairs >= 5 * 1440).then(|| -100.0 + 200.0 * same as f64 / pairs as f64)
}

/// A circular mean and standard deviation of clock times, in minutes after midnight: the mean
/// direction of the times on a 24-hour circle, and √(−2 ln R) of the mean resultant length R
/// (the circular standard deviation, scipy's `circstd`), so 23:50 and 00:10 average to midnight
/// with a spread of ten minutes, not to noon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClockStat {
    pub mean_min: f64,
    pub sd_min: f64,
    pub n: usize,
}

/// The circular statistics of `minutes` (after midnight); `None` for none.
pub fn clock_stat(minutes: &[f64]) -> Option<ClockStat> {
    if minutes.is_empty() {
        return None;
    }
    let k = std::f64::consts::TAU / 1440.0;
    let n = minutes.len() as f64;
    let c = minutes.iter().map(|m| (m * k).cos()).sum::<f64>() / n;
    let s = minutes.iter().map(|m| (m * k).sin()).sum::<f64>() / n;
    let r = c.hypot(s).min(1.0);
    let mean = (s.atan2(c) / k).rem_euclid(1440.0);
    let sd = if r > 0.0 {
        (-2.0 * r.ln()).max(0.0).sqrt() / k
    } else {
        f64::INFINITY
    };
    Some(ClockStat {
        mean_min: mean,
        sd_min: sd,
        n: minutes.len(),
    })
}

/// A clock time in minutes after midnight as `HH:MM`.
pub fn clock_text(min: f64) -> String {
    let m = min.round().rem_euclid(1440.0) as i64;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The timing of the main sleeps: bedtime, wake time and mid-sleep, each as a circular mean
/// and spread, and social jetlag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub bed: ClockStat,
    pub wake: ClockStat,
    pub mid: ClockStat,
    /// Mid-sleep on free days (nights before a Saturday or Sunday, so waking on one) minus on
    /// workdays, in minutes (Wittmann et al. 2006); `None` without nights of both kinds.
    pub social_jetlag_min: Option<f64>,
}

/// Minutes after midnight of `t` on the clock `offset`.
fn clock_min(t: i64, offset: i32) -> f64 {
    (t + i64::from(offset)).rem_euclid(DAY) as f64 / 60.0
}

/// The signed difference `a − b` of two clock times, in minutes, the short way round.
fn clock_diff(a: f64, b: f64) -> f64 {
    (a - b + 720.0).rem_euclid(1440.0) - 720.0
}

/// The timing of the main sleeps among `nights`, on `clock`; `None` without any.
pub fn timing(nights: &[SleepSession], clock: Clock) -> Option<Timing> {
    let main: Vec<&SleepSession> = nights.iter().filter(|n| n.is_main).collect();
    let bed: Vec<f64> = main
        .iter()
        .map(|n| clock_min(n.start, clock.offset(n, true)))
        .collect();
    let wake: Vec<f64> = main
        .iter()
        .map(|n| clock_min(n.end, clock.offset(n, false)))
        .collect();
    let mid_of =
        |n: &SleepSession| clock_min(n.start + (n.end - n.start) / 2, clock.offset(n, true));
    let mid: Vec<f64> = main.iter().map(|n| mid_of(n)).collect();
    let free = |n: &SleepSession| {
        matches!(
            n.night().weekday(),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        )
    };
    let of = |want: bool| -> Vec<f64> {
        main.iter()
            .filter(|n| free(n) == want)
            .map(|n| mid_of(n))
            .collect()
    };
    let social = clock_stat(&of(true))
        .zip(clock_stat(&of(false)))
        .map(|(f, w)| clock_diff(f.mean_min, w.mean_min));
    Some(Timing {
        bed: clock_stat(&bed)?,
        wake: clock_stat(&wake)?,
        mid: clock_stat(&mid)?,
        social_jetlag_min: social,
    })
}

/// One period tried by the periodogram.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Peak {
    /// Hours.
    pub period_h: f64,
    /// Sokolove and Bushell's Qp.
    pub qp: f64,
    /// Qp over its 0.1 % critical value (χ² with P − 1 degrees of freedom): above 1, a rhythm
    /// at that period is not chance.
    pub strength: f64,
}

/// The chi-square periodogram (Sokolove and Bushell 1978) of sleep/wake epochs, binned to
/// `bin_min` minutes (the fraction of known minutes asleep; a bin with none known is left
/// out), over periods from 20 to 28 hours in steps of one bin. Chosen over Lomb–Scargle
/// because a sleep/wake rhythm is a square wave, not a sine: the chi-square periodogram fits
/// any waveform, and it is what circadian studies of actograms use. Returns every period tried.
pub fn periodogram(epochs: &[Option<bool>], bin_min: usize) -> Vec<Peak> {
    periodogram_in(epochs, bin_min, (20 * 60, 28 * 60))
}

/// The epochs in bins of `bin_min` minutes: the fraction of a bin's known minutes asleep, or
/// `None` for a bin with none known. What the periodogram folds (and what the tests and the
/// bench hand scipy).
pub fn binned(epochs: &[Option<bool>], bin_min: usize) -> Vec<Option<f64>> {
    epochs
        .chunks(bin_min.max(1))
        .map(|c| {
            let known: Vec<bool> = c.iter().filter_map(|e| *e).collect();
            (!known.is_empty())
                .then(|| known.iter().filter(|a| **a).count() as f64 / known.len() as f64)
        })
        .collect()
}

/// The periodogram over the periods from `lo_min` to `hi_min` minutes, in steps of a bin.
fn periodogram_in(
    epochs: &[Option<bool>],
    bin_min: usize,
    (lo_min, hi_min): (usize, usize),
) -> Vec<Peak> {
    let bin_min = bin_min.max(1);
    let bins = binned(epochs, bin_min);
    let values: Vec<f64> = bins.iter().flatten().copied().collect();
    let n = values.len() as f64;
    if n < 2.0 {
        return Vec::new();
    }
    let mean = values.iter().sum::<f64>() / n;
    let total: f64 = values.iter().map(|x| (x - mean).powi(2)).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let per_hour = 60.0 / bin_min as f64;
    let lo = lo_min.div_ceil(bin_min).max(2);
    let hi = hi_min / bin_min;
    (lo..=hi)
        .filter_map(|p| {
            // Fold the series at period p: the mean of each phase column.
            let mut sum = vec![0.0; p];
            let mut count = vec![0usize; p];
            // The phase column runs 0..p and round again (a counter: `%` per bin was half
            // the cost over ten years).
            let mut h = 0;
            for b in &bins {
                if let (Some(x), Some(s), Some(c)) = (b, sum.get_mut(h), count.get_mut(h)) {
                    *s += x;
                    *c += 1;
                }
                h += 1;
                if h == p {
                    h = 0;
                }
            }
            // Qp = Σ_h N_h (M_h − M)² / (Σ (x − M)² / N): each column weighted by its size,
            // which is Sokolove and Bushell's K·N/… when the columns are full.
            let between: f64 = sum
                .iter()
                .zip(&count)
                .filter(|(_, c)| **c > 0)
                .map(|(s, c)| *c as f64 * (s / *c as f64 - mean).powi(2))
                .sum();
            let qp = between * n / total;
            let critical = chi2_critical_999((p - 1) as f64);
            (critical > 0.0).then_some(Peak {
                period_h: p as f64 / per_hour,
                qp,
                strength: qp / critical,
            })
        })
        .collect()
}

/// The sleep onsets a rhythm of `period_h` implies over the `rows` dates from `from`, as (row,
/// hour of the row): one every `period_h` hours, through the main sleeps' own onsets (their
/// circular mean phase on a circle of `period_h`), on `clock`. A rhythm longer than a day
/// leaves a row without an onset now and then, as the nights themselves do. Empty without a
/// main sleep.
pub fn phase_line(
    nights: &[SleepSession],
    from: NaiveDate,
    rows: usize,
    clock: Clock,
    period_h: f64,
) -> Vec<(usize, f64)> {
    if period_h <= 0.0 {
        return Vec::new();
    }
    let origin = from.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    // Hours from the first row's midnight, on the clock.
    let hours =
        |n: &SleepSession| (n.start + i64::from(clock.offset(n, true)) - origin) as f64 / 3600.0;
    let k = std::f64::consts::TAU / period_h;
    let onsets: Vec<f64> = nights.iter().filter(|n| n.is_main).map(hours).collect();
    if onsets.is_empty() {
        return Vec::new();
    }
    let (c, s) = onsets.iter().fold((0.0, 0.0), |(c, s), h| {
        (c + (h * k).cos(), s + (h * k).sin())
    });
    let phase = (s.atan2(c) / k).rem_euclid(period_h);
    let end = rows as f64 * 24.0;
    (0..)
        .map(|j| phase + j as f64 * period_h)
        .take_while(|t| *t < end)
        .map(|t| ((t / 24.0).floor() as usize, t.rem_euclid(24.0)))
        .collect()
}

/// The strength from which a peak is called a clear rhythm. The chi-square test assumes
/// independent epochs; minutes inside one sleep are not, so sleep at random times reaches about
/// 1.6 (a host test), while any steady rhythm over a month is past 20.
pub const CLEAR: f64 = 3.0;

/// The period of the rhythm in `epochs`: the highest peak of the periodogram in `BIN_MIN`
/// bins (its strength), its period then refined in 2-minute bins within a bin either side, so
/// the period is good to a minute (a 24.6-hour rhythm reads 24.6, not the 24.5 or 24.67 of
/// ten-minute steps) at a fifth of the cost of 2-minute bins over the whole 20–28 hours.
pub fn rhythm(epochs: &[Option<bool>]) -> Option<Peak> {
    let coarse = best(&periodogram(epochs, BIN_MIN))?;
    let at = (coarse.period_h * 60.0).round() as usize;
    let fine = best(&periodogram_in(
        epochs,
        2,
        (at.saturating_sub(BIN_MIN), at + BIN_MIN),
    ));
    Some(Peak {
        period_h: fine.map_or(coarse.period_h, |f| f.period_h),
        ..coarse
    })
}

/// The highest peak of a periodogram.
pub fn best(peaks: &[Peak]) -> Option<Peak> {
    peaks
        .iter()
        .copied()
        .max_by(|a, b| a.qp.partial_cmp(&b.qp).unwrap_or(std::cmp::Ordering::Equal))
}

/// The 99.9th percentile of χ² with `df` degrees of freedom, by the Wilson–Hilferty cube
/// (within 0.1 % of the exact value from about 30 degrees of freedom, where every period tried
/// lies: 20 h in 10-minute bins is 120).
fn chi2_critical_999(df: f64) -> f64 {
    if df <= 0.0 {
        return 0.0;
    }
    // The standard normal's 99.9th percentile.
    const Z: f64 = 3.090_232_306_167_813;
    let a = 2.0 / (9.0 * df);
    df * (1.0 - a + Z * a.sqrt()).powi(3)
}

/// The heart rate while asleep in one night: its mean and lowest reading, over the readings
/// inside the night's segments other than wake.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NightHeart {
    pub mean: f64,
    pub lowest: f64,
    pub readings: usize,
}

/// The readings of `samples` inside `night` (its start to its end), in time order, once each
/// (a day's and the day before's may both hold the evening), and their sleeping figures.
pub fn night_heart(
    night: &SleepSession,
    samples: &[super::Sample],
) -> (Vec<super::Sample>, Option<NightHeart>) {
    let mut inside: Vec<super::Sample> = samples
        .iter()
        .filter(|s| night.start <= s.t && s.t < night.end)
        .copied()
        .collect();
    inside.sort_by_key(|s| s.t);
    inside.dedup_by_key(|s| s.t);
    let asleep: Vec<f64> = inside
        .iter()
        .filter(|s| {
            night
                .segments
                .iter()
                .any(|g| asleep(g.stage) && g.start <= s.t && s.t < g.end)
        })
        .map(|s| s.value)
        .collect();
    let figures = (!asleep.is_empty()).then(|| NightHeart {
        mean: asleep.iter().sum::<f64>() / asleep.len() as f64,
        lowest: asleep.iter().copied().fold(f64::INFINITY, f64::min),
        readings: asleep.len(),
    });
    (inside, figures)
}

/// The heart under a range's sleeps, for their CSV rows: each segment's readings (mean and
/// lowest), keyed by the segment's start, and each sleep's sleeping figures (`night_heart`),
/// keyed by the sleep's start. Small enough to travel to the worker beside the sleeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SleepHeart {
    pub segments: BTreeMap<i64, (f64, f64)>,
    pub nights: BTreeMap<i64, (f64, f64)>,
}

/// The heart-rate figures of every sleep in `sleeps` from `samples` (the readings of the
/// nights' dates and the dates before, in any order). `stored` says which local dates'
/// readings `samples` holds: a segment or sleep whose span reaches a date not stored gets no
/// figure (half an evening's readings would pass for the whole), nor does one without a
/// reading inside it.
pub fn sleep_heart(
    sleeps: &[SleepSession],
    samples: &[super::Sample],
    stored: &dyn Fn(NaiveDate) -> bool,
) -> SleepHeart {
    let mut sorted: Vec<&super::Sample> = samples.iter().collect();
    sorted.sort_by_key(|s| s.t);
    sorted.dedup_by_key(|s| s.t);
    let within = |from: i64, to: i64| {
        let a = sorted.partition_point(|s| s.t < from);
        let b = sorted.partition_point(|s| s.t < to);
        sorted.get(a..b).unwrap_or(&[]).iter().copied()
    };
    let mut out = SleepHeart::default();
    for sleep in sleeps {
        // The local dates a span lives on (a night's offsets at its two ends).
        let whole = |from: i64, to: i64| {
            let first = super::time::civil_date(from, sleep.start_offset);
            let last = super::time::civil_date(to - 1, sleep.end_offset);
            first.iter_days().take_while(|d| *d <= last).all(stored)
        };
        for g in sleep.segments.iter().filter(|g| whole(g.start, g.end)) {
            let (n, sum, low) = within(g.start, g.end)
                .fold((0u32, 0.0, f64::INFINITY), |(n, sum, low), s| {
                    (n + 1, sum + s.value, low.min(s.value))
                });
            if n > 0 {
                out.segments.insert(g.start, (sum / f64::from(n), low));
            }
        }
        if whole(sleep.start, sleep.end) {
            let inside: Vec<super::Sample> = within(sleep.start, sleep.end).copied().collect();
            if let (_, Some(f)) = night_heart(sleep, &inside) {
                out.nights.insert(sleep.start, (f.mean, f.lowest));
            }
        }
    }
    out
}

/// One calendar month's regularity and timing: the month's trend point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Month {
    /// Its first day.
    pub month: NaiveDate,
    /// Sleeps filed on its dates.
    pub sleeps: usize,
    pub sri: Option<f64>,
    pub timing: Option<Timing>,
}

/// Each calendar month of `from..=to` (by the date a sleep is filed on, its wake date) with the
/// index and timing of its own nights alone, so months compare: the regularity trend over the
/// years.
pub fn monthly(
    nights: &[SleepSession],
    (from, to): (NaiveDate, NaiveDate),
    clock: Clock,
) -> Vec<Month> {
    let mut out = Vec::new();
    let mut first = from.with_day(1).unwrap_or(from);
    while first <= to {
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(to + chrono::Duration::days(1));
        let (a, b) = (first.max(from), (next - chrono::Duration::days(1)).min(to));
        let mine: Vec<SleepSession> = nights
            .iter()
            .filter(|n| (a..=b).contains(&n.night()))
            .cloned()
            .collect();
        if !mine.is_empty() {
            let rows = usize::try_from((b - a).num_days() + 1).unwrap_or(0);
            let e = epochs(&mine, noon_before(&mine, a), rows * 1440);
            out.push(Month {
                month: first,
                sleeps: mine.len(),
                sri: sri(&e),
                timing: timing(&mine, clock),
            });
        }
        first = next;
    }
    out
}

/// Noon before `from` on the clock of the earliest of `nights`: where the noon-to-noon span of
/// `from` starts.
fn noon_before(nights: &[SleepSession], from: NaiveDate) -> i64 {
    let off = nights
        .iter()
        .min_by_key(|n| n.start)
        .map_or(0, |n| n.start_offset);
    from.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - i64::from(off) - 12 * 3600
}

/// Everything the Sleep timing page shows for a range of nights.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub from: NaiveDate,
    pub rows: usize,
    pub blocks: Vec<Block>,
    /// Nights (every sleep) in the range, and main sleeps among them.
    pub sleeps: usize,
    pub sri: Option<f64>,
    pub timing: Option<Timing>,
    pub peak: Option<Peak>,
    pub phase: Vec<(usize, f64)>,
    /// The range's months, each on its own nights.
    pub months: Vec<Month>,
    /// Every offset the nights were recorded at, most used first: the fixed clocks to offer.
    pub offsets: Vec<i32>,
}

/// The periodogram's bin, minutes.
pub const BIN_MIN: usize = 10;

/// The analysis of the sleeps of the dates `from..=to` (each filed on its wake date), with
/// the workouts of those dates drawn beside them.
pub fn analyse(
    nights: &[SleepSession],
    exercises: &[super::Exercise],
    (from, to): (NaiveDate, NaiveDate),
    clock: Clock,
    double: bool,
) -> Analysis {
    let rows = usize::try_from((to - from).num_days() + 1).unwrap_or(0);
    let mut blocks = actogram(nights, (from, to), clock, double);
    blocks.extend(workout_blocks(exercises, (from, to), clock, double));
    // The noon-to-noon spans of the range's dates.
    let e = epochs(nights, noon_before(nights, from), rows * 1440);
    let peak = rhythm(&e);
    let phase = match peak {
        Some(p) if p.strength >= CLEAR => phase_line(nights, from, rows, clock, p.period_h),
        _ => Vec::new(),
    };
    let mut count: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for n in nights {
        *count.entry(n.start_offset).or_default() += 1;
        if n.end_offset != n.start_offset {
            *count.entry(n.end_offset).or_default() += 1;
        }
    }
    let mut offsets: Vec<(i32, usize)> = count.into_iter().collect();
    offsets.sort_by_key(|(o, c)| (std::cmp::Reverse(*c), *o));
    Analysis {
        from,
        rows,
        blocks,
        sleeps: nights.len(),
        sri: sri(&e),
        timing: timing(nights, clock),
        peak,
        phase,
        months: monthly(nights, (from, to), clock),
        offsets: offsets.into_iter().map(|(o, _)| o).collect(),
    }
}

#[cfg(test)]
mod tests;
