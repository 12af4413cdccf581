//! A deterministic synthetic person: where they are (time zone), when they wear the tracker,
//! their heart rate, steps and sleep. One person feeds both emulated APIs and the in-browser
//! demo, so every source can be checked against the same ground truth.
//!
//! Everything is a pure function of `(seed, instant)`: noise comes from hashing, never from a
//! stateful RNG, so any query range returns exactly the samples that a wider query would.

pub mod export;
pub mod route;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Timelike,
    Utc,
};
use chrono_tz::Tz;

/// A change of time zone at an instant (a flight).
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneChange {
    /// When the clock changes: the landing.
    pub at: DateTime<Utc>,
    pub zone: Tz,
    /// Seconds before `at` the tracker is off the wrist (the flight); 0 for a change without
    /// travel.
    pub in_flight_s: i64,
}

/// One heart-rate reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HrSample {
    /// Unix seconds (UTC).
    pub t: i64,
    pub bpm: u16,
}

/// Sleep stage of a segment (the "stages" classification).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Wake,
    Light,
    Deep,
    Rem,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Wake, Stage::Light, Stage::Deep, Stage::Rem];
}

/// One continuous stage, `[start, end)` in unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageSegment {
    pub start: i64,
    pub end: i64,
    pub stage: Stage,
}

/// A sleep session. Its night is the civil date on which it ended, in the zone of its end.
#[derive(Clone, Debug, PartialEq)]
pub struct SleepSession {
    pub start: i64,
    pub end: i64,
    pub is_main: bool,
    pub segments: Vec<StageSegment>,
}

impl SleepSession {
    /// The sleep as classic scoring sees it (no stages): runs of asleep (`true`) and awake,
    /// each stage but wake counted as asleep, neighbours of one kind joined.
    pub fn classic(&self) -> Vec<(i64, i64, bool)> {
        let mut out: Vec<(i64, i64, bool)> = Vec::new();
        for g in &self.segments {
            let asleep = g.stage != Stage::Wake;
            match out.last_mut() {
                Some(last) if last.2 == asleep && last.1 == g.start => last.1 = g.end,
                _ => out.push((g.start, g.end, asleep)),
            }
        }
        out
    }

    /// Classic scoring's runs of one kind (`asleep`, else awake): how many, and their whole
    /// minutes, as both APIs' summaries count them.
    pub fn classic_totals(runs: &[(i64, i64, bool)], asleep: bool) -> (usize, i64) {
        let of = runs.iter().filter(|r| r.2 == asleep);
        (of.clone().count(), of.map(|r| r.1 - r.0).sum::<i64>() / 60)
    }

    pub fn seconds_in(&self, stage: Stage) -> i64 {
        self.segments
            .iter()
            .filter(|s| s.stage == stage)
            .map(|s| s.end - s.start)
            .sum()
    }
}

/// The synthetic person.
#[derive(Clone, Debug)]
pub struct Person {
    pub seed: u64,
    /// The zone at the start of history.
    pub home: Tz,
    /// Later zone changes, sorted by instant.
    pub changes: Vec<ZoneChange>,
    /// First civil date with data (history before it is empty).
    pub first_day: NaiveDate,
    /// Lower bounds of Fat Burn, Cardio and Peak the person set themselves (a custom maximum
    /// heart rate); `None` keeps the default zones from the age.
    pub custom_zones: Option<[u16; 3]>,
    /// Every third night also has a second staged sleep (back to bed in the morning): not a
    /// nap, and not the main sleep. Off by default.
    pub second_sleeps: bool,
    /// The charging break starts at any second of its hour, not at its top (real people; the
    /// import's property test). Off by default, which keeps the demo's days as they were.
    pub charging_at_any_minute: bool,
    /// The main sleeps ending on these dates could not be staged by the provider (the tracker
    /// sat loosely: too few beat-to-beat readings). The person slept the same; the emulator's
    /// APIs answer those nights as classic sleep, with the reason each API gives. Empty by
    /// default.
    pub unscored_nights: std::collections::BTreeSet<NaiveDate>,
    /// A free-running sleep/wake rhythm, as in non-24-hour sleep–wake disorder: each main
    /// sleep begins this many seconds after the one before, whatever the clock says, instead
    /// of at a bedtime on the clock. `None` (the default): a 24-hour sleeper.
    pub period_s: Option<i64>,
}

/// A UTC instant from a civil date and time in a zone; `None` if that wall time does not exist.
fn local_instant(zone: Tz, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl Person {
    /// The default person: lives in Europe/Berlin from 2023-10-01, with a trip to
    /// America/Los_Angeles from 2026-06-10 (flight lands 18:00 Berlin time) to 2026-06-24.
    pub fn berlin(seed: u64) -> Person {
        Self::with_home(
            seed,
            chrono_tz::Europe::Berlin,
            chrono_tz::America::Los_Angeles,
        )
    }

    /// A person living in `home` with a two-week trip to `away` in June 2026.
    pub fn with_home(seed: u64, home: Tz, away: Tz) -> Person {
        let changes = [(2026, 6, 10, away), (2026, 6, 24, home)]
            .into_iter()
            .filter_map(|(y, m, d, zone)| {
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                let at = Utc.from_utc_datetime(&date.and_hms_opt(16, 0, 0)?);
                // A long-haul flight, the tracker in the bag.
                Some(ZoneChange {
                    at,
                    zone,
                    in_flight_s: 11 * 3600,
                })
            })
            .collect();
        Person {
            seed,
            home,
            changes,
            first_day: NaiveDate::from_ymd_opt(2023, 10, 1).unwrap_or_default(),
            custom_zones: None,
            second_sleeps: false,
            charging_at_any_minute: false,
            unscored_nights: Default::default(),
            period_s: None,
        }
    }

    /// The period of `drifting`'s rhythm: 24.6 hours, so sleep begins 36 minutes later each
    /// day and goes round the clock in 40 days.
    pub const DRIFT_PERIOD_S: i64 = 24 * 3600 + 36 * 60;

    /// The demo's second person: lives in Berlin (no trip) and sleeps about 8 hours every 24.6
    /// hours (`DRIFT_PERIOD_S`), on no clock: the sleeper fitbit-n24 was made for.
    pub fn drifting(seed: u64) -> Person {
        let mut p = Self::berlin(seed);
        p.changes.clear();
        p.period_s = Some(Self::DRIFT_PERIOD_S);
        p
    }

    /// The zone the person is in at `t` (unix seconds).
    pub fn zone_at(&self, t: i64) -> Tz {
        self.changes
            .iter()
            .rev()
            .find(|c| c.at.timestamp() <= t)
            .map_or(self.home, |c| c.zone)
    }

    /// The UTC offset in force on the person's wrist at `t`.
    pub fn offset_at(&self, t: i64) -> FixedOffset {
        let zone = self.zone_at(t);
        match DateTime::from_timestamp(t, 0) {
            Some(utc) => zone.offset_from_utc_datetime(&utc.naive_utc()).fix(),
            None => FixedOffset::east_opt(0).unwrap_or_else(|| Utc.fix()),
        }
    }

    /// The civil date at `t` where the person is.
    pub fn civil_date(&self, t: i64) -> NaiveDate {
        let offset = self.offset_at(t);
        DateTime::from_timestamp(t, 0)
            .map(|utc| utc.with_timezone(&offset).date_naive())
            .unwrap_or_default()
    }

    /// `[start, end)` unix seconds of civil `date` where the person was at its start. On DST
    /// days this is 23 or 25 hours long.
    pub fn day_bounds(&self, date: NaiveDate) -> (i64, i64) {
        let start = self.local_midnight(date);
        let end = date
            .succ_opt()
            .map_or(start + 86_400, |d| self.local_midnight(d));
        (start, end)
    }

    /// The instant `date` began where the person was: the midnight of a zone they were in at
    /// that midnight (the earliest, when a flight west lived it twice), or, when a flight east
    /// jumped over it, the landing.
    fn local_midnight(&self, date: NaiveDate) -> i64 {
        let midnight_in = |zone: Tz| {
            local_instant(zone, date, NaiveTime::MIN)
                .or_else(|| {
                    local_instant(
                        zone,
                        date,
                        NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN),
                    )
                })
                .map(|t| t.timestamp())
        };
        let lived = std::iter::once(self.home)
            .chain(self.changes.iter().map(|c| c.zone))
            .filter_map(|z| midnight_in(z).filter(|m| self.zone_at(*m) == z))
            .min();
        if let Some(m) = lived {
            return m;
        }
        if let Some(c) = self
            .changes
            .iter()
            .find(|c| self.civil_date(c.at.timestamp()) >= date)
        {
            return c.at.timestamp();
        }
        let noon = date
            .and_hms_opt(12, 0, 0)
            .map_or(0, |n| n.and_utc().timestamp());
        noon - 43_200
    }

    fn noise(&self, kind: u64, x: i64) -> u64 {
        splitmix(self.seed ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (x as u64))
    }

    /// A value in [0, 1) for `(kind, x)`.
    fn unit(&self, kind: u64, x: i64) -> f64 {
        (self.noise(kind, x) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn day_index(&self, date: NaiveDate) -> i64 {
        date.num_days_from_ce() as i64
    }

    /// Whether the whole civil date is without data (tracker left at home, flat battery).
    pub fn day_missing(&self, date: NaiveDate) -> bool {
        date < self.first_day || self.unit(1, self.day_index(date)) < 0.02
    }

    /// The hour (local, 0..24) of the day's charging break, when the tracker is not worn.
    fn charging_hour(&self, date: NaiveDate) -> u32 {
        // 10:00–17:59, never during the 18:00 workout.
        10 + (self.noise(2, self.day_index(date)) % 8) as u32
    }

    /// Whether `t` is during a flight (the tracker is off the wrist).
    pub fn flying(&self, t: i64) -> bool {
        self.changes.iter().any(|c| {
            let at = c.at.timestamp();
            at - c.in_flight_s <= t && t < at
        })
    }

    /// Whether any of `[from, to)` is during a flight: no sleep is logged with the tracker in
    /// the bag.
    fn flying_within(&self, from: i64, to: i64) -> bool {
        self.changes.iter().any(|c| {
            let at = c.at.timestamp();
            at - c.in_flight_s < to && from < at
        })
    }

    /// Whether the tracker is on the wrist at `t`.
    pub fn worn(&self, t: i64) -> bool {
        let date = self.civil_date(t);
        if self.day_missing(date) || self.flying(t) {
            return false;
        }
        let offset = self.offset_at(t);
        let Some(local) = DateTime::from_timestamp(t, 0).map(|u| u.with_timezone(&offset)) else {
            return false;
        };
        let second = i64::from(local.num_seconds_from_midnight());
        // The charging break: an hour from the top of the hour, or from any second of it.
        let start = i64::from(self.charging_hour(date)) * 3600
            + if self.charging_at_any_minute {
                (self.noise(21, self.day_index(date)) % 3600) as i64
            } else {
                0
            };
        !(start..start + 3600).contains(&second)
    }

    /// The main sleep that ends on civil `date` (in the zone at its end), if any.
    pub fn main_sleep_ending_on(&self, date: NaiveDate) -> Option<SleepSession> {
        let night = self.planned_night(date)?;
        // A flight east that skipped a date can bring two planned nights together: the
        // later one is not slept.
        let earlier = date.pred_opt().and_then(|d| self.planned_night(d));
        if earlier.is_some_and(|e| e.end > night.start) {
            return None;
        }
        Some(night)
    }

    /// The main sleep planned for the night ending on `date`, before flights are considered.
    fn planned_night(&self, date: NaiveDate) -> Option<SleepSession> {
        if let Some(period) = self.period_s {
            return self.free_running_sleep(date, period);
        }
        let prev = date.pred_opt()?;
        if self.day_missing(date) || self.day_missing(prev) {
            return None;
        }
        let k = self.day_index(date);
        // Bedtime 22:30–00:00 local on the previous evening; 6 h 30 – 8 h 30 asleep.
        let (prev_start, _) = self.day_bounds(prev);
        let bed_offset = 22 * 3600 + 1800 + (self.noise(3, k) % 5400) as i64;
        // Wall-clock offset from local midnight, so a DST night keeps its local bedtime.
        let bed_local = local_instant(
            self.zone_at(prev_start),
            prev,
            NaiveTime::from_num_seconds_from_midnight_opt(bed_offset as u32 % 86_400, 0)?,
        )?
        .timestamp();
        let length = 6 * 3600 + 1800 + (self.noise(4, k) % 7200) as i64;
        let start = bed_local;
        let end = start + length;
        if self.flying_within(start, end) {
            return None;
        }
        Some(SleepSession {
            start,
            end,
            is_main: true,
            segments: self.stages(start, end, k),
        })
    }

    /// A free-running sleeper's main sleep that ends on civil `date`: sleep `n` begins `n`
    /// periods after 23:00 on the evening before the first day (up to 10 minutes later) and
    /// lasts 8 hours to 8 hours 20. Ends are more than 24 hours apart, so a date holds one or
    /// (once in about 40 days, when the rhythm passes the clock) none.
    fn free_running_sleep(&self, date: NaiveDate, period: i64) -> Option<SleepSession> {
        if self.day_missing(date) {
            return None;
        }
        let anchor = self.local_midnight(self.first_day) - 3600;
        let (lo, hi) = self.day_bounds(date);
        let first = (lo - anchor - 9 * 3600).div_euclid(period);
        (first..=first + 2).find_map(|n| {
            let start = anchor + n * period + (self.noise(3, n) % 600) as i64;
            let end = start + 8 * 3600 + (self.noise(4, n) % 1200) as i64;
            (n >= 0 && lo <= end && end < hi).then(|| SleepSession {
                start,
                end,
                is_main: true,
                segments: self.stages(start, end, n),
            })
        })
    }

    /// A short afternoon nap ending on `date` (about one day in eight).
    pub fn nap_on(&self, date: NaiveDate) -> Option<SleepSession> {
        let k = self.day_index(date);
        if self.day_missing(date) || self.unit(5, k) > 0.125 {
            return None;
        }
        let at = |zone| {
            local_instant(zone, date, NaiveTime::from_hms_opt(14, 10, 0)?).map(|t| t.timestamp())
        };
        let start = at(self.zone_at(self.day_bounds(date).0))?;
        // 14:10 on the clock in force then: a date begun in the air (a landing after its
        // midnight) naps on the clock it landed on, not the one it took off with.
        let start = at(self.zone_at(start))?;
        let end = start + 1800 + (self.noise(6, k) % 1800) as i64;
        // A flight east across the date line can take the afternoon onto the next date (the
        // day's 14:10 on the clock it began with is the next date's there): that afternoon is
        // the next date's nap, not this one's.
        if self.flying_within(start, end) || self.civil_date(start) != date {
            return None;
        }
        // After a flight east the afternoon can fall inside a night: no nap then.
        let nights = [Some(date), date.succ_opt()]
            .into_iter()
            .flatten()
            .filter_map(|d| self.main_sleep_ending_on(d));
        if nights.into_iter().any(|n| n.start < end && start < n.end) {
            return None;
        }
        Some(SleepSession {
            start,
            end,
            is_main: false,
            segments: vec![StageSegment {
                start,
                end,
                stage: Stage::Light,
            }],
        })
    }

    /// A second staged sleep after the main one (`second_sleeps`, every third day): back to
    /// bed 40 minutes after waking, for 70 to 100 minutes; always shorter than the main sleep.
    pub fn second_sleep_on(&self, date: NaiveDate) -> Option<SleepSession> {
        let k = self.day_index(date);
        if !self.second_sleeps || k.rem_euclid(3) != 0 {
            return None;
        }
        let main = self.main_sleep_ending_on(date)?;
        let start = main.end + 2400;
        let end = start + 4200 + (self.noise(9, k) % 1800) as i64;
        if self.flying_within(start, end) {
            return None;
        }
        Some(SleepSession {
            start,
            end,
            is_main: false,
            segments: self.stages(start, end, k + 7919),
        })
    }

    /// Whether a skin-temperature baseline exists on `date`: it takes three nights of history.
    /// Before, Google writes the baseline as `"NaN"` and Fitbit gives no relative value.
    pub fn skin_baseline_ready(&self, date: NaiveDate) -> bool {
        (date - self.first_day).num_days() >= 4
    }

    /// Whether the provider could not stage this sleep (`unscored_nights`).
    pub fn unscored(&self, s: &SleepSession) -> bool {
        s.is_main && self.unscored_nights.contains(&self.civil_date(s.end))
    }

    /// Every sleep ending on `date`, in order.
    pub fn sleeps_ending_on(&self, date: NaiveDate) -> Vec<SleepSession> {
        let mut out: Vec<SleepSession> = self
            .main_sleep_ending_on(date)
            .into_iter()
            .chain(self.second_sleep_on(date))
            .chain(self.nap_on(date))
            .collect();
        out.sort_by_key(|s| s.start);
        out
    }

    /// What a phone in the pocket counts in `[from, to)`, beside the tracker: on every third
    /// minute the tracker counted, nine tenths of its steps; and a few steps on some minutes
    /// the tracker saw none (it was on the charger). `(minute start, steps)`.
    pub fn phone_steps(&self, from: i64, to: i64) -> Vec<(i64, u32)> {
        self.steps(from, to)
            .into_iter()
            .filter_map(|(t, n)| {
                let minute = t.div_euclid(60);
                if n > 0 && minute % 3 == 0 {
                    Some((t, n * 9 / 10))
                } else if n == 0 && minute % 97 == 0 && self.local_hour(t) >= 9 {
                    Some((t, 12))
                } else {
                    None
                }
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    fn local_hour(&self, t: i64) -> u32 {
        DateTime::from_timestamp(t, 0)
            .map_or(0, |d| d.with_timezone(&self.offset_at(t)).time().hour())
    }

    /// ~90-minute cycles: light → deep → light → REM, deep shrinking and REM growing towards
    /// morning, with short wakes. Segments are whole 30-second epochs, as real trackers score.
    fn stages(&self, start: i64, end: i64, k: i64) -> Vec<StageSegment> {
        let mut segments: Vec<StageSegment> = Vec::new();
        let push = |segments: &mut Vec<StageSegment>, from: i64, to: i64, stage: Stage| {
            if to <= from {
                return;
            }
            match segments.last_mut() {
                Some(last) if last.stage == stage && last.end == from => last.end = to,
                _ => segments.push(StageSegment {
                    start: from,
                    end: to,
                    stage,
                }),
            }
        };
        let epoch = |s: i64| s - s % 30;
        let mut t = start;
        let mut cycle = 0i64;
        // Falling asleep: a few minutes awake first.
        let latency = epoch(120 + (self.noise(7, k) % 600) as i64);
        push(&mut segments, t, (t + latency).min(end), Stage::Wake);
        t += latency;
        while t < end {
            let h = self.noise(8, k * 31 + cycle);
            let deep = epoch((45 - 10 * cycle).max(5) * 60 / 2 + (h % 600) as i64);
            let rem = epoch((10 + 8 * cycle).min(40) * 60 + (h >> 16) as i64 % 300);
            let light1 = epoch(20 * 60 + (h >> 24) as i64 % 600);
            let light2 = epoch(10 * 60 + (h >> 32) as i64 % 300);
            for (len, stage) in [
                (light1, Stage::Light),
                (deep, Stage::Deep),
                (light2, Stage::Light),
                (rem, Stage::Rem),
            ] {
                let to = (t + len).min(end);
                push(&mut segments, t, to, stage);
                t = to;
                if t >= end {
                    break;
                }
            }
            // A short wake between cycles, sometimes.
            if t < end && (h >> 40).is_multiple_of(3) {
                let to = (t + epoch(60 + (h >> 44) as i64 % 240)).min(end);
                push(&mut segments, t, to, Stage::Wake);
                t = to;
            }
            cycle += 1;
        }
        segments
    }

    /// Sleep segments and workouts that can touch `[from, to)`, computed once per range query
    /// instead of once per sample.
    fn context(&self, from: i64, to: i64) -> Context {
        let first = self.civil_date(from).pred_opt().unwrap_or(self.first_day);
        let last = self.civil_date(to).succ_opt().unwrap_or(first);
        let mut segments = Vec::new();
        let mut workouts = Vec::new();
        let mut date = first;
        while date <= last {
            segments.extend(
                self.sleeps_ending_on(date)
                    .into_iter()
                    .flat_map(|s| s.segments),
            );
            workouts.extend(self.workout_on(date));
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        Context { segments, workouts }
    }

    /// The sleep stage at `t`, if the person is asleep (main sleep or nap).
    pub fn asleep(&self, t: i64) -> Option<Stage> {
        self.context(t, t + 1).stage_at(t)
    }

    /// The day's workout window `[start, end)` in unix seconds: 45–75 minutes at 18:00 local on
    /// about 40 % of days.
    pub fn workout_on(&self, date: NaiveDate) -> Option<(i64, i64)> {
        let k = self.day_index(date);
        if self.day_missing(date) || self.unit(9, k) > 0.4 {
            return None;
        }
        let zone = self.zone_at(self.day_bounds(date).0);
        let start = local_instant(zone, date, NaiveTime::from_hms_opt(18, 0, 0)?)?.timestamp();
        let end = start + 2700 + (self.noise(10, k) % 1800) as i64;
        // A free-running sleeper is asleep at 18:00 on some days: no workout then.
        if self.period_s.is_some()
            && [Some(date), date.succ_opt()]
                .into_iter()
                .flatten()
                .filter_map(|d| self.main_sleep_ending_on(d))
                .any(|n| n.start < end && start < n.end)
        {
            return None;
        }
        Some((start, end))
    }

    /// The person's age, for the default heart-rate zones (max HR = 220 − age).
    pub const AGE: u16 = 38;

    /// Lower bounds (bpm) of the Fat Burn, Cardio and Peak zones: the person's own, else 50 %,
    /// 70 % and 85 % of the maximum heart rate, as Fitbit's default zones.
    pub fn hr_zone_bounds(&self) -> [u16; 3] {
        if let Some(z) = self.custom_zones {
            return z;
        }
        let max = 220.0 - f64::from(Self::AGE);
        [0.5, 0.7, 0.85].map(|f| (max * f).round() as u16)
    }

    /// Resting heart rate for `date`: a slow multi-year trend plus day-to-day noise.
    pub fn resting_hr(&self, date: NaiveDate) -> f64 {
        let k = self.day_index(date) as f64;
        62.0 - 4.0 * ((k / 365.0) * 0.7).sin() + 3.0 * (self.unit(11, k as i64) - 0.5)
    }

    /// Beats per minute at `t`, or `None` when the tracker is not worn.
    pub fn bpm_at(&self, t: i64) -> Option<u16> {
        self.bpm_in(t, &self.context(t, t + 1))
    }

    fn bpm_in(&self, t: i64, ctx: &Context) -> Option<u16> {
        self.worn(t).then(|| self.pulse(t, ctx))
    }

    /// The heart's own rate at `t`, whatever is worn to read it.
    fn pulse(&self, t: i64, ctx: &Context) -> u16 {
        let date = self.civil_date(t);
        let rest = self.resting_hr(date);
        let offset = self.offset_at(t).local_minus_utc() as i64;
        let local_sec = (t + offset).rem_euclid(86_400) as f64;
        // Circadian swing, peaking mid-afternoon.
        let circadian = 6.0 * ((local_sec / 86_400.0 - 0.625) * std::f64::consts::TAU).cos();
        let minute_wobble = 8.0 * (self.unit(12, t / 60) - 0.5) + 2.0 * (self.unit(13, t) - 0.5);
        let bpm = if let Some(stage) = ctx.stage_at(t) {
            let dip = match stage {
                Stage::Deep => -8.0,
                Stage::Light => -5.0,
                Stage::Rem => -1.0,
                Stage::Wake => 3.0,
            };
            rest + dip + 1.5 * (self.unit(13, t) - 0.5)
        } else if let Some(&(ws, we)) = ctx.workouts.iter().find(|(s, e)| *s <= t && t < *e) {
            // Warm up, then climb through every zone to a peak near 185, then cool down.
            let p = (t - ws) as f64 / (we - ws) as f64;
            let effort = if p < 0.1 {
                p / 0.1
            } else if p > 0.9 {
                (1.0 - p) / 0.1
            } else {
                0.6 + 0.4 * ((p - 0.1) / 0.8)
            };
            rest + effort * (186.0 - rest) + 3.0 * (self.unit(13, t) - 0.5)
        } else {
            rest + 12.0 + circadian + minute_wobble + self.walking(t) as f64 * 0.25
        };
        bpm.round().clamp(35.0, 210.0) as u16
    }

    /// What a watch mirrored into the Fitbit account through HealthKit records beside the
    /// tracker (`com.apple.heartratecoordinatord Health Kit`, takeout.md §9): a reading every
    /// five minutes, 2 s past the tracker's grid, reading 3 bpm higher, whenever the person is
    /// on the ground: also through the tracker's charging hour and on the days it stayed home.
    pub fn watch_heart_rate(&self, from: i64, to: i64) -> Vec<HrSample> {
        let ctx = self.context(from, to);
        let first = from.div_euclid(300) * 300 + 2;
        (first..to)
            .step_by(300)
            .filter(|t| *t >= from && !self.flying(*t))
            .map(|t| HrSample {
                t,
                bpm: self.pulse(t, &ctx).saturating_add(3),
            })
            .collect()
    }

    /// Steps taken during the minute starting at `minute_start` (unix seconds, minute-aligned).
    pub fn steps_in_minute(&self, minute_start: i64) -> u32 {
        self.steps_in(minute_start, &self.context(minute_start, minute_start + 60))
    }

    fn steps_in(&self, minute_start: i64, ctx: &Context) -> u32 {
        let mid = minute_start + 30;
        if !self.worn(mid) || ctx.stage_at(mid).is_some() {
            return 0;
        }
        if ctx.workouts.iter().any(|&(ws, we)| ws <= mid && mid < we) {
            return 150 + (self.noise(14, minute_start / 60) % 20) as u32;
        }
        self.walking(minute_start)
    }

    /// `(minute_start, steps)` for every whole minute in `[from, to)`, zeros included.
    pub fn steps(&self, from: i64, to: i64) -> Vec<(i64, u32)> {
        let ctx = self.context(from, to);
        let first = from.div_euclid(60) * 60 + if from.rem_euclid(60) == 0 { 0 } else { 60 };
        (first..to)
            .step_by(60)
            .filter(|m| m + 60 <= to)
            .map(|m| (m, self.steps_in(m, &ctx)))
            .collect()
    }

    /// The day's total steps on civil `date` (its own 23, 24 or 25 hours).
    pub fn daily_steps(&self, date: NaiveDate) -> u32 {
        let (s, e) = self.day_bounds(date);
        self.steps(s, e).iter().map(|(_, n)| n).sum()
    }

    /// Everyday walking: bursts in about a fifth of waking minutes.
    fn walking(&self, t: i64) -> u32 {
        let minute = t.div_euclid(60);
        let offset = self.offset_at(t).local_minus_utc() as i64;
        let local_hour = ((t + offset).rem_euclid(86_400)) / 3600;
        if !(7..23).contains(&local_hour) {
            return 0;
        }
        let u = self.unit(15, minute);
        if u < 0.2 {
            20 + (self.noise(16, minute) % 100) as u32
        } else {
            0
        }
    }

    /// Heart-rate samples in `[from, to)`: irregular, 5–11 s apart, none while not worn.
    /// Sample `i` sits at `8 i + j` with a jitter `j` in 0..=3 that depends only on `i`, so any
    /// range returns exactly the samples a wider range would.
    pub fn heart_rate(&self, from: i64, to: i64) -> Vec<HrSample> {
        let ctx = self.context(from, to);
        let mut out = Vec::new();
        let mut i = from.div_euclid(8) - 1;
        loop {
            let t = 8 * i + (self.noise(17, i) % 4) as i64;
            if t >= to {
                break;
            }
            if t >= from {
                if let Some(bpm) = self.bpm_in(t, &ctx) {
                    out.push(HrSample { t, bpm });
                }
            }
            i += 1;
        }
        out
    }
}

/// One minute of activity, as both APIs derive it from steps and heart rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActivityMinute {
    /// Minute start, unix seconds.
    pub t: i64,
    pub steps: u32,
    pub distance_mm: u32,
    pub floors: u32,
    /// kcal burned in the minute (basal + activity).
    pub calories: f64,
    /// 0 sedentary, 1 light, 2 fairly, 3 very active.
    pub level: u8,
    pub mets: f64,
    /// Active zone minutes earned: 1 in Fat Burn, 2 in Cardio or Peak (Fitbit's rule).
    pub azm: u8,
    /// The HR zone of the minute: 0 out of range, 1 fat burn, 2 cardio, 3 peak.
    pub zone: u8,
}

/// What a night's sleep yields besides stages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NightVitals {
    pub hrv_rmssd_ms: f64,
    pub hrv_deep_rmssd_ms: f64,
    pub spo2_avg: f64,
    pub spo2_min: f64,
    pub spo2_max: f64,
    /// Breaths per minute over the whole sleep, and per stage; `None` where the stage was too
    /// short to measure (Fitbit writes -1).
    pub br_full: f64,
    pub br_deep: Option<f64>,
    pub br_light: Option<f64>,
    pub br_rem: Option<f64>,
    /// Skin temperature relative to the personal baseline, °C.
    pub skin_temp_relative_c: f64,
}

/// A food the person logged: Fitbit's food log record, nutrients per the amount eaten.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FoodEntry {
    pub log_id: i64,
    /// Fitbit's meal: 1 breakfast, 3 lunch, 5 dinner, 7 anytime.
    pub meal_type_id: u8,
    pub name: &'static str,
    pub amount: f64,
    /// Singular and plural unit names, as Fitbit writes them.
    pub unit: (&'static str, &'static str),
    pub calories: f64,
    pub carbs_g: f64,
    pub fat_g: f64,
    pub fiber_g: f64,
    pub protein_g: f64,
    pub sodium_mg: f64,
}

/// A weigh-in on the scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeighIn {
    pub t: i64,
    pub weight_kg: f64,
    pub body_fat_pct: f64,
}

/// A logged exercise: the day's workout with the totals the tracker gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExerciseLog {
    pub start: i64,
    pub end: i64,
    pub name: &'static str,
    /// `auto_detected` or `tracker`, as Fitbit's `logType`.
    pub log_type: &'static str,
    pub steps: u32,
    pub distance_mm: u64,
    pub calories: f64,
    pub avg_bpm: Option<u16>,
}

/// A night's sleep score and its three parts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SleepScore {
    pub overall: u8,
    pub duration: u8,
    pub composition: u8,
    pub revitalization: u8,
    pub deep_min: i64,
}

pub const BASELINE_SKIN_TEMP_C: f64 = 34.2;
const BMR_KCAL_PER_DAY: f64 = 1700.0;
const WEIGHT_KG: f64 = 76.0;

impl Person {
    /// Every whole minute in `[from, to)` with its activity, zeros included.
    pub fn activity(&self, from: i64, to: i64) -> Vec<ActivityMinute> {
        let ctx = self.context(from, to);
        let [fat, cardio, peak] = self.hr_zone_bounds().map(f64::from);
        let hr = self.heart_rate(from, to);
        let mut i = 0;
        self.steps(from, to)
            .into_iter()
            .map(|(t, steps)| {
                // Mean heart rate of the minute, from the same samples both APIs serve.
                let mut sum = 0.0;
                let mut n = 0.0;
                while i < hr.len() && hr[i].t < t + 60 {
                    if hr[i].t >= t {
                        sum += f64::from(hr[i].bpm);
                        n += 1.0;
                    }
                    i += 1;
                }
                let mean = if n > 0.0 { (sum / n).round() } else { 0.0 };
                let zone = if mean >= peak {
                    3
                } else if mean >= cardio {
                    2
                } else if mean >= fat {
                    1
                } else {
                    0
                };
                let in_workout = ctx
                    .workouts
                    .iter()
                    .any(|&(ws, we)| ws <= t + 30 && t + 30 < we);
                let stride_mm = if in_workout { 1150 } else { 760 };
                let level = match steps {
                    0 => 0,
                    1..=60 => 1,
                    61..=110 => 2,
                    _ => 3,
                };
                let mets = match level {
                    0 => 1.0,
                    1 => 2.5,
                    2 => 4.0,
                    _ => 8.0,
                };
                let floors = u32::from(!in_workout && steps > 80 && self.unit(20, t / 60) < 0.15);
                ActivityMinute {
                    t,
                    steps,
                    distance_mm: steps * stride_mm,
                    floors,
                    calories: BMR_KCAL_PER_DAY / 1440.0 * mets,
                    level,
                    mets,
                    azm: match zone {
                        0 => 0,
                        1 => 1,
                        _ => 2,
                    },
                    zone,
                }
            })
            .collect()
    }

    /// Cardio load of each minute in `[from, to)` that had some: (minute, workout, background).
    /// Load accrues in the heart-rate zones, more the higher the zone; inside the day's workout
    /// it is workout load, elsewhere background load.
    pub fn cardio_load(&self, from: i64, to: i64) -> Vec<(i64, f64, f64)> {
        self.cardio_load_of(&self.activity(from, to))
    }

    /// `cardio_load` of minutes already generated (`activity`).
    pub fn cardio_load_of(&self, minutes: &[ActivityMinute]) -> Vec<(i64, f64, f64)> {
        let (Some(first), Some(last)) = (minutes.first(), minutes.last()) else {
            return Vec::new();
        };
        let ctx = self.context(first.t, last.t + 60);
        minutes
            .iter()
            .filter(|m| m.zone > 0)
            .map(|m| {
                let load = 0.2 * f64::from(m.zone) + 0.1 * self.unit(53, m.t / 60);
                let mid = m.t + 30;
                if ctx.workouts.iter().any(|&(ws, we)| ws <= mid && mid < we) {
                    (m.t, load, 0.0)
                } else {
                    (m.t, 0.0, load)
                }
            })
            .collect()
    }

    /// The day's workout as the tracker logged it (see `workout_on`).
    pub fn exercise_on(&self, date: NaiveDate) -> Option<ExerciseLog> {
        let (start, end) = self.workout_on(date)?;
        let minutes = self.activity(start, end);
        let hr = self.heart_rate(start, end);
        let steps: u32 = minutes.iter().map(|m| m.steps).sum();
        let k = self.day_index(date);
        Some(ExerciseLog {
            start,
            end,
            // A brisk pace is logged as a run, as Fitbit's auto-recognition would.
            name: if u64::from(steps) * 60 > 130 * (end - start).max(1) as u64 {
                "Run"
            } else {
                "Walk"
            },
            log_type: if k.rem_euclid(3) == 0 {
                "auto_detected"
            } else {
                "tracker"
            },
            steps,
            distance_mm: minutes.iter().map(|m| u64::from(m.distance_mm)).sum(),
            calories: minutes.iter().map(|m| m.calories).sum::<f64>().round(),
            avg_bpm: (!hr.is_empty()).then(|| {
                (hr.iter().map(|h| f64::from(h.bpm)).sum::<f64>() / hr.len() as f64).round() as u16
            }),
        })
    }

    /// The sleep score of the main sleep that ends on `date`, Fitbit's way round: duration
    /// (out of 50) from the time asleep against eight hours, composition (25) from the share
    /// of deep and REM sleep, revitalization (25) from how restful it was.
    pub fn sleep_score(&self, date: NaiveDate) -> Option<SleepScore> {
        let night = self.main_sleep_ending_on(date)?;
        let asleep = (night.end - night.start - night.seconds_in(Stage::Wake)) as f64;
        let deep_rem = (night.seconds_in(Stage::Deep) + night.seconds_in(Stage::Rem)) as f64;
        let duration = (50.0 * (asleep / (8.0 * 3600.0)).min(1.0)).round() as u8;
        let composition = (25.0 * (deep_rem / (asleep * 0.45).max(1.0)).min(1.0)).round() as u8;
        let revitalization = 15 + (self.noise(36, self.day_index(date)) % 10) as u8;
        Some(SleepScore {
            overall: duration + composition + revitalization,
            duration,
            composition,
            revitalization,
            deep_min: night.seconds_in(Stage::Deep) / 60,
        })
    }

    /// The Stress Management Score of `date` (1–100, higher is calmer): from the night before
    /// and the day's resting rate; none without a night.
    pub fn stress_score(&self, date: NaiveDate) -> Option<u8> {
        let night = self.sleep_score(date)?;
        let k = self.day_index(date);
        Some((40 + u32::from(night.overall) / 3 + (self.noise(50, k) % 20) as u32).min(100) as u8)
    }

    /// The Daily Readiness Score of `date` (1–100): from the night's sleep and HRV; none
    /// without a night.
    pub fn readiness(&self, date: NaiveDate) -> Option<u8> {
        let night = self.sleep_score(date)?;
        let k = self.day_index(date);
        Some((30 + u32::from(night.overall) / 2 + (self.noise(51, k) % 25) as u32).min(100) as u8)
    }

    /// Vitals measured during the main sleep that ends on `date`.
    pub fn night_vitals(&self, date: NaiveDate) -> Option<NightVitals> {
        let night = self.main_sleep_ending_on(date)?;
        let k = self.day_index(date);
        let trend = ((k as f64) / 365.0 * 0.7).sin();
        let u = |kind: u64| self.unit(kind, k);
        let stage_ok = |stage: Stage| night.seconds_in(stage) >= 15 * 60;
        let hrv = 42.0 + 8.0 * trend + 10.0 * (u(30) - 0.5);
        let br = 14.5 + 1.5 * (u(33) - 0.5);
        Some(NightVitals {
            hrv_rmssd_ms: round3(hrv),
            hrv_deep_rmssd_ms: round3(hrv * 1.1),
            spo2_avg: round1(95.5 + 2.0 * (u(31) - 0.5)),
            spo2_min: round1(91.0 + 2.0 * u(32)),
            spo2_max: round1(98.5 + 1.0 * u(34)),
            br_full: round1(br),
            br_deep: stage_ok(Stage::Deep).then(|| round1(br - 1.2)),
            br_light: stage_ok(Stage::Light).then(|| round1(br)),
            br_rem: stage_ok(Stage::Rem).then(|| round1(br + 0.8)),
            skin_temp_relative_c: round1(0.8 * (u(35) - 0.5)),
        })
    }

    /// How the beat-to-beat intervals of the main sleep ending on `date` spread, as an
    /// export's `Heart Rate Variability Histogram` writes it: the wake time, and the share of
    /// intervals in each of 29 bins of 50 ms from 300 ms, to three decimals. The intervals
    /// centre on the night's heart rate (a few beats under the resting rate) and spread with
    /// its HRV, so a variable night has a wider peak.
    pub fn beat_histogram(&self, date: NaiveDate) -> Option<(i64, [f64; 29])> {
        let night = self.main_sleep_ending_on(date)?;
        let v = self.night_vitals(date)?;
        let mean_ms = 60_000.0 / (self.resting_hr(date) - 3.0);
        let sd_ms = 30.0 + 1.5 * v.hrv_rmssd_ms;
        let mut shares = [0.0; 29];
        for (i, s) in shares.iter_mut().enumerate() {
            let mid = 325.0 + 50.0 * i as f64;
            *s = (-0.5 * ((mid - mean_ms) / sd_ms).powi(2)).exp();
        }
        let sum: f64 = shares.iter().sum();
        Some((
            night.end,
            shares.map(|s| (s / sum * 1000.0).round() / 1000.0),
        ))
    }

    /// HRV records every 5 minutes of the main sleep ending on `date`: (t, rmssd, coverage, hf, lf).
    pub fn hrv_samples(&self, date: NaiveDate) -> Vec<(i64, f64, f64, f64, f64)> {
        let (Some(night), Some(v)) = (self.main_sleep_ending_on(date), self.night_vitals(date))
        else {
            return Vec::new();
        };
        let first = night.start - night.start.rem_euclid(300) + 300;
        (first..night.end)
            .step_by(300)
            .map(|t| {
                let r = round3(v.hrv_rmssd_ms + 12.0 * (self.unit(36, t) - 0.5));
                (
                    t,
                    r,
                    round3(0.9 + 0.09 * self.unit(37, t)),
                    round3(r * 4.0),
                    round3(r * 14.0),
                )
            })
            .collect()
    }

    /// SpO2 readings about once a minute (at :17 past) during the main sleep ending on `date`.
    pub fn spo2_samples(&self, date: NaiveDate) -> Vec<(i64, f64)> {
        let (Some(night), Some(v)) = (self.main_sleep_ending_on(date), self.night_vitals(date))
        else {
            return Vec::new();
        };
        let first = night.start - night.start.rem_euclid(60) + 77;
        (first..night.end)
            .step_by(60)
            .map(|t| {
                (
                    t,
                    round1((v.spo2_min + (v.spo2_max - v.spo2_min) * self.unit(38, t)).min(100.0)),
                )
            })
            .collect()
    }

    /// Fitbit's estimated oxygen variation through the main sleep ending on `date`: a whole
    /// number a minute (the change in the infrared-to-red ratio), 58 s after each SpO2 reading
    /// as in a real export.
    pub fn oxygen_variation(&self, date: NaiveDate) -> Vec<(i64, f64)> {
        self.spo2_samples(date)
            .into_iter()
            .map(|(t, _)| (t + 58, ((self.unit(39, t) - 0.5) * 16.0).round()))
            .collect()
    }

    /// What the person logged eating on `date` (every third day logs nothing): a breakfast,
    /// a lunch and a dinner from a small menu, amounts with fractions, nutrients as Fitbit
    /// gives them (to a hundredth).
    pub fn food_on(&self, date: NaiveDate) -> Vec<FoodEntry> {
        const MENU: [(&str, (&str, &str), [f64; 6]); 6] = [
            // name, unit, per unit: kcal, carbs, fat, fiber, protein, sodium
            (
                "Oatmeal",
                ("cup", "cups"),
                [158.0, 27.0, 3.2, 4.0, 6.0, 115.0],
            ),
            (
                "Banana",
                ("medium", "mediums"),
                [105.0, 26.95, 0.39, 3.07, 1.29, 1.18],
            ),
            (
                "Chicken Breast",
                ("oz", "oz"),
                [46.75, 0.0, 1.01, 0.0, 8.77, 20.97],
            ),
            (
                "Brown Rice",
                ("cup", "cups"),
                [216.0, 44.77, 1.76, 3.51, 5.03, 9.75],
            ),
            (
                "Lentil Soup",
                ("bowl", "bowls"),
                [230.0, 39.86, 0.75, 15.64, 17.86, 4.0],
            ),
            (
                "Greek Yogurt, Plain",
                ("container", "containers"),
                [100.0, 3.6, 0.7, 0.0, 17.3, 61.2],
            ),
        ];
        let k = self.day_index(date);
        if k % 3 == 2 || self.day_missing(date) {
            return Vec::new();
        }
        [1u8, 3, 5]
            .into_iter()
            .enumerate()
            .map(|(i, meal)| {
                let n = (self.noise(60 + i as u64, k) % MENU.len() as u64) as usize;
                let (name, unit, per) = MENU[n];
                let amount = [0.5, 1.0, 1.5, 2.0, 6.0][(self.noise(66 + i as u64, k) % 5) as usize];
                let of = |j: usize| (per[j] * amount * 100.0).round() / 100.0;
                FoodEntry {
                    log_id: 14_188_884_063 + k * 10 + i as i64,
                    meal_type_id: meal,
                    name,
                    amount,
                    unit,
                    calories: of(0).round(),
                    carbs_g: of(1),
                    fat_g: of(2),
                    fiber_g: of(3),
                    protein_g: of(4),
                    sodium_mg: of(5),
                }
            })
            .collect()
    }

    /// Water logged on `date`, millilitres per log (none on days without food logs).
    pub fn water_on(&self, date: NaiveDate) -> Vec<(i64, f64)> {
        if self.food_on(date).is_empty() {
            return Vec::new();
        }
        let k = self.day_index(date);
        (0..(1 + self.noise(70, k) % 4) as i64)
            .map(|i| {
                (
                    9_488_000_000 + k * 10 + i,
                    [250.0, 330.0, 500.0][(self.noise(71 + i as u64, k) % 3) as usize],
                )
            })
            .collect()
    }

    /// The Sunday-morning weigh-in (07:30 local), if `date` is a Sunday with data.
    pub fn weigh_in(&self, date: NaiveDate) -> Option<WeighIn> {
        if date.weekday() != chrono::Weekday::Sun || self.day_missing(date) {
            return None;
        }
        let k = self.day_index(date);
        let zone = self.zone_at(self.day_bounds(date).0);
        let t = local_instant(zone, date, NaiveTime::from_hms_opt(7, 30, 0)?)?.timestamp();
        let weight =
            WEIGHT_KG - 2.0 * ((k as f64) / 365.0 * 0.7).sin() + 0.8 * (self.unit(40, k) - 0.5);
        Some(WeighIn {
            t,
            weight_kg: round1(weight),
            body_fat_pct: round1(
                19.0 + 0.5 * (weight - WEIGHT_KG) + 0.6 * (self.unit(41, k) - 0.5),
            ),
        })
    }

    /// Estimated VO2 max for `date` (ml/kg/min), present on days with data.
    pub fn vo2_max(&self, date: NaiveDate) -> Option<f64> {
        (!self.day_missing(date))
            .then(|| round1(44.0 + 2.0 * ((self.day_index(date) as f64) / 365.0 * 0.7).sin()))
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

struct Context {
    segments: Vec<StageSegment>,
    workouts: Vec<(i64, i64)>,
}

impl Context {
    fn stage_at(&self, t: i64) -> Option<Stage> {
        self.segments
            .iter()
            .find(|seg| seg.start <= t && t < seg.end)
            .map(|seg| seg.stage)
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Adds whole days, saturating at the calendar's ends.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(Duration::days(days))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn deterministic_and_range_independent() {
        let p = Person::berlin(7);
        let (s, e) = p.day_bounds(d(2026, 3, 3));
        let whole = p.heart_rate(s, e);
        let first = p.heart_rate(s, s + 40_000);
        let rest = p.heart_rate(s + 40_000, e);
        assert_eq!(whole, [first, rest].concat());
        assert_eq!(whole, Person::berlin(7).heart_rate(s, e));
        assert_ne!(whole, Person::berlin(8).heart_rate(s, e));
        // 5–15 s spacing, with gaps only where not worn.
        for w in whole.windows(2) {
            let gap = w[1].t - w[0].t;
            assert!(gap >= 5, "{gap}");
            assert!(gap <= 11 || !p.worn(w[0].t + 11), "gap {gap} at {}", w[0].t);
        }
        assert!(
            whole.len() > 8000 && whole.len() < 10_800,
            "{}",
            whole.len()
        );
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let p = Person::berlin(1);
        let (s, e) = p.day_bounds(d(2026, 3, 29));
        assert_eq!(e - s, 23 * 3600);
        // 2026-03-29 00:00 CET = 2026-03-28T23:00Z
        assert_eq!(
            s,
            Utc.with_ymd_and_hms(2026, 3, 28, 23, 0, 0)
                .unwrap()
                .timestamp()
        );
        let (s, e) = p.day_bounds(d(2026, 10, 25));
        assert_eq!(e - s, 25 * 3600);
        assert_eq!(p.offset_at(s).local_minus_utc(), 7200);
        assert_eq!(p.offset_at(e - 1).local_minus_utc(), 3600);
    }

    /// The drifting sleeper: over 120 days each main sleep ends on its date and begins one
    /// period (24.6 h, up to 10 minutes either way) after the one before; the dates without a
    /// night are the few where the rhythm passed the clock (or the tracker was left at home),
    /// no two sleeps overlap, and no workout falls inside a sleep.
    #[test]
    fn a_drifting_sleeper_sleeps_every_24_6_hours_on_no_clock() {
        let p = Person::drifting(42);
        let mut mains: Vec<SleepSession> = Vec::new();
        let mut without = 0;
        for day in 0..120 {
            let date = add_days(d(2026, 1, 1), day);
            match p.main_sleep_ending_on(date) {
                Some(n) => {
                    assert_eq!(p.civil_date(n.end), date);
                    if let Some((ws, we)) = p.workout_on(date) {
                        assert!(we <= n.start || n.end <= ws, "{date}: a workout in a sleep");
                    }
                    mains.push(n);
                }
                None => without += 1,
            }
        }
        let missing = (0..120)
            .filter(|i| p.day_missing(add_days(d(2026, 1, 1), *i)))
            .count();
        assert!(
            without >= 2 && without <= 4 + missing,
            "{without} dates without a night"
        );
        for w in mains.windows(2) {
            assert!(w[0].end < w[1].start);
            let gap = w[1].start - w[0].start;
            let periods = (gap as f64 / Person::DRIFT_PERIOD_S as f64).round() as i64;
            assert!(
                (gap - periods * Person::DRIFT_PERIOD_S).abs() <= 600,
                "{gap}"
            );
        }
        // Round the clock: bedtimes at every hour of the day over the 120 days.
        let hours: std::collections::BTreeSet<u32> = mains
            .iter()
            .filter_map(|n| DateTime::from_timestamp(n.start, 0))
            .map(|t| t.with_timezone(&chrono_tz::Europe::Berlin).hour())
            .collect();
        assert_eq!(hours.len(), 24, "{hours:?}");
    }

    #[test]
    fn trip_changes_zone() {
        let p = Person::berlin(1);
        let before = Utc
            .with_ymd_and_hms(2026, 6, 10, 15, 0, 0)
            .unwrap()
            .timestamp();
        let after = Utc
            .with_ymd_and_hms(2026, 6, 10, 17, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(p.offset_at(before).local_minus_utc(), 7200);
        assert_eq!(p.offset_at(after).local_minus_utc(), -7 * 3600);
        let back = Utc
            .with_ymd_and_hms(2026, 6, 25, 0, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(p.zone_at(back), chrono_tz::Europe::Berlin);
    }

    #[test]
    fn sleep_is_consistent_and_dst_night_keeps_true_length() {
        let p = Person::berlin(3);
        let mut nights = 0;
        for day in 0..120 {
            let date = add_days(d(2026, 1, 1), day);
            for s in p.sleeps_ending_on(date) {
                nights += 1;
                assert_eq!(s.segments.first().map(|x| x.start), Some(s.start));
                assert_eq!(s.segments.last().map(|x| x.end), Some(s.end));
                for w in s.segments.windows(2) {
                    assert_eq!(w[0].end, w[1].start);
                    assert_ne!(w[0].stage, w[1].stage);
                }
                let total: i64 = Stage::ALL.iter().map(|&st| s.seconds_in(st)).sum();
                assert_eq!(total, s.end - s.start);
                if s.is_main {
                    assert_eq!(p.civil_date(s.end), date);
                }
            }
        }
        assert!(nights > 100, "{nights}");
    }

    #[test]
    fn steps_by_range_equal_steps_by_minute() {
        let p = Person::berlin(9);
        let (s, _) = p.day_bounds(d(2026, 5, 5));
        let by_range = p.steps(s, s + 6 * 3600);
        assert_eq!(by_range.len(), 360);
        for (m, n) in by_range.iter().step_by(7) {
            assert_eq!(p.steps_in_minute(*m), *n);
        }
        let total = p.daily_steps(d(2026, 5, 5));
        assert!(total > 1000, "{total}");
    }

    #[test]
    fn activity_and_vitals_are_consistent() {
        let p = Person::berlin(11);
        let date = (0..30)
            .map(|i| add_days(d(2026, 4, 1), i))
            .find(|&d| p.workout_on(d).is_some())
            .unwrap();
        let (s, e) = p.day_bounds(date);
        let minutes = p.activity(s, e);
        assert_eq!(minutes.len(), 1440);
        let steps: u32 = minutes.iter().map(|m| m.steps).sum();
        assert_eq!(steps, p.daily_steps(date));
        assert!(
            minutes.iter().any(|m| m.zone == 3 && m.azm == 2),
            "a workout reaches Peak"
        );
        assert!(minutes
            .iter()
            .all(|m| m.distance_mm == m.steps * 760 || m.distance_mm == m.steps * 1150));
        let night = add_days(date, 1);
        let v = p.night_vitals(night).unwrap();
        assert!(
            (90.0..=100.0).contains(&v.spo2_avg)
                && v.spo2_min <= v.spo2_avg
                && v.spo2_avg <= v.spo2_max
        );
        let sleep = p.main_sleep_ending_on(night).unwrap();
        for (t, _, _, _, _) in p.hrv_samples(night) {
            assert!(sleep.start < t && t < sleep.end);
        }
        assert!(p.spo2_samples(night).len() as i64 >= (sleep.end - sleep.start) / 60 - 2);
        let sundays = (0..14)
            .filter_map(|i| p.weigh_in(add_days(d(2026, 4, 1), i)))
            .count();
        assert_eq!(sundays, 2);
    }

    #[test]
    fn workouts_reach_peak_zone_and_sleep_dips() {
        let p = Person::berlin(5);
        let date = (0..30)
            .map(|i| add_days(d(2026, 2, 1), i))
            .find(|&d| p.workout_on(d).is_some())
            .unwrap();
        let (ws, we) = p.workout_on(date).unwrap();
        let max = p.heart_rate(ws, we).iter().map(|s| s.bpm).max().unwrap();
        assert!(max >= 175, "{max}");
        let night = p.main_sleep_ending_on(add_days(date, 1)).unwrap();
        let deep: Vec<_> = night
            .segments
            .iter()
            .filter(|s| s.stage == Stage::Deep)
            .collect();
        let sample = p.heart_rate(deep[0].start, deep[0].end);
        let rest = p.resting_hr(date);
        assert!(
            sample.iter().all(|s| (s.bpm as f64) < rest),
            "deep sleep HR under resting"
        );
    }
}
