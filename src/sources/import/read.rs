//! Reading each kind of export file into days of the normalized model, with the time rules of
//! takeout.md §3.1 and the units of §2.4. One `Importer` carries what earlier files taught the
//! later ones (offsets, height) and the report. Pure: it reads a file's bytes.

use super::layout::Role;
use super::offsets::{Basis, Candidates, Offsets};
use super::stream;
use super::{Day, ImportError, Report};
use crate::config::ProviderKind;
use crate::model::kind::Night;
use crate::model::metric::{Metric, Units};
use crate::model::time::civil_date;
use crate::model::{Daily, Exercise, Interval, Kind, Payload, Sample, SleepSession, Source};
use crate::sources::fitbit::series::{session, SleepLog};
use crate::sources::json::number;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;

/// A pound, in kilograms.
const LB: f64 = 0.453_592_37;

/// An export's `-04:00` / `+05:30` offset column, to seconds east of UTC.
fn clock_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'-' => (-1, s.get(1..)?),
        b'+' => (1, s.get(1..)?),
        _ => (1, s),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    (secs <= 18 * 3600).then_some(sign * secs)
}

/// The legacy JSON's `MM/DD/YY HH:MM:SS` (two-digit year: 2000 + YY, never a locale's guess).
/// Read by position: it runs once per heart-rate reading (tens of millions in a long export).
pub fn legacy_time(s: &str) -> Option<NaiveDateTime> {
    let b = s.trim().as_bytes();
    if b.len() != 17
        || b[2] != b'/'
        || b[5] != b'/'
        || b[8] != b' '
        || b[11] != b':'
        || b[14] != b':'
    {
        return None;
    }
    let n = |i: usize| -> Option<u32> {
        let (a, c) = (
            b.get(i)?.checked_sub(b'0')?,
            b.get(i + 1)?.checked_sub(b'0')?,
        );
        (a < 10 && c < 10).then_some(u32::from(a) * 10 + u32::from(c))
    };
    let date = NaiveDate::from_ymd_opt(2000 + i32::try_from(n(6)?).ok()?, n(0)?, n(3)?)?;
    date.and_hms_opt(n(9)?, n(12)?, n(15)?)
}

/// A legacy point's time as unix seconds (the UTC files).
fn legacy_utc(s: &str) -> Option<i64> {
    legacy_time(s).map(|t| t.and_utc().timestamp())
}

/// A number the legacy files write as a number or as a string (`"13"`); `None` when it is
/// neither (or not finite). Read by hand, not as an untagged enum: serde buffers an untagged
/// value before trying each variant, and this runs once per reading.
#[derive(Clone, Copy, Debug)]
struct Num(Option<f64>);

impl Num {
    fn get(&self) -> Option<f64> {
        self.0.filter(|x| x.is_finite())
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or a number in a string")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num(Some(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num(Some(v as f64)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Num, E> {
                Ok(Num(v.trim().parse().ok()))
            }
            fn visit_unit<E>(self) -> Result<Num, E> {
                Ok(Num(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Num, E> {
                Ok(Num(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A heart-rate reading, typed (no JSON tree per reading).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HrPoint<'a> {
    /// Borrowed from the file's bytes (no allocation per reading) unless it has escapes.
    #[serde(borrow)]
    date_time: std::borrow::Cow<'a, str>,
    value: HrValue,
}

#[derive(Deserialize)]
struct HrValue {
    bpm: Num,
}

/// A minute of a steps/distance/calories chunk, typed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MinutePoint<'a> {
    #[serde(borrow)]
    date_time: std::borrow::Cow<'a, str>,
    value: Num,
}

/// `MM/DD/YY`.
fn legacy_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%m/%d/%y").ok()
}

/// The date-time formats of the CSV folders: `…Z` with an optional fraction, `+0000`, naive
/// `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DDTHH:MM` (or a space for the `T`) by position; `None`
/// for any other form.
fn iso_seconds(b: &[u8]) -> Option<NaiveDateTime> {
    let seconds = match b.len() {
        19 if b[16] == b':' => true,
        16 => false,
        _ => return None,
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') || b[13] != b':' {
        return None;
    }
    let n = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |acc, c| {
            let d = c.checked_sub(b'0').filter(|d| *d < 10)?;
            Some(acc * 10 + u32::from(d))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(n(0, 4)?).ok()?, n(5, 2)?, n(8, 2)?)?.and_hms_opt(
        n(11, 2)?,
        n(14, 2)?,
        if seconds { n(17, 2)? } else { 0 },
    )
}

/// `T` times with or without seconds, bare dates (then midnight).
fn csv_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let body = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix("+0000"))
        .unwrap_or(s);
    // The common form, read by position: chrono's format parser costs more than the rest of
    // a row (a night of SpO2 is 450 of them, a month of steps 40,000).
    if let Some(t) = iso_seconds(body.as_bytes()) {
        return Some(t);
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(body, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(body, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Point {
    date_time: String,
    value: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SleepRecord {
    log_id: Option<i64>,
    #[serde(flatten)]
    log: SleepLog,
}

/// An exercise log of `exercise-N.json` (fields come and go across the years: all optional
/// but the start).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExerciseRecord {
    #[serde(default)]
    log_id: Option<i64>,
    #[serde(default)]
    activity_name: Option<String>,
    start_time: String,
    /// Milliseconds.
    #[serde(default)]
    duration: Option<Num>,
    #[serde(default)]
    active_duration: Option<Num>,
    #[serde(default)]
    calories: Option<Num>,
    #[serde(default)]
    steps: Option<Num>,
    #[serde(default)]
    distance: Option<Num>,
    #[serde(default)]
    distance_unit: Option<String>,
    #[serde(default)]
    average_heart_rate: Option<Num>,
    #[serde(default)]
    log_type: Option<String>,
}

#[derive(Deserialize)]
struct WeightRecord {
    weight: Value,
    #[serde(default)]
    bmi: Option<Value>,
    #[serde(default)]
    fat: Option<Value>,
    date: String,
    #[serde(default)]
    time: Option<String>,
}

/// Turns export files into days, file by file.
#[derive(Debug, Default)]
pub struct Importer {
    pub offsets: Offsets,
    /// Metres, from `height-*.json`.
    height_m: Option<f64>,
    pub units: Units,
    pub report: Report,
    /// Sleep logs already read (overlapping chunks, or one export given twice).
    sleep_ids: HashSet<i64>,
    /// Exercise logs already read.
    exercise_ids: HashSet<i64>,
    /// Heart-rate JSON readings kept for the twin self-check (a few days' worth).
    check: BTreeMap<i64, f64>,
    /// The export has no `sleep-*.json`: its sleep is read from `UserSleeps` and
    /// `UserSleepStages` (set by the job from its plan).
    pub sleep_from_tables: bool,
    /// `UserSleepStages` rows by `sleep_id` (read before `UserSleeps`), when sleep comes from
    /// the tables.
    stages: std::collections::HashMap<String, Vec<crate::model::Segment>>,
    /// The table sleeps already taken, `(start, end)`: the other algorithm version of a night,
    /// or the same sleep in a second shard, is left out.
    table_taken: Vec<(i64, i64)>,
    /// `UserSleeps` rows, turned into nights by `finish`.
    table_rows: Vec<TableSleep>,
    /// The heart-rate day read last, placed when the next file is read.
    pending: Option<PendingDay>,
    /// `weight.csv`: grams at each UTC instant.
    weight_grams: BTreeMap<i64, f64>,
    /// The calories CSV: a sample of its minutes (UTC instant, kcal) for deciding the JSON's
    /// zone, and its kcal per UTC quarter hour for an export without the JSON.
    calories_sample: BTreeMap<i64, f64>,
    calories_quarters: BTreeMap<i64, f64>,
    /// The calories JSON's zoneless times: `Some(true)` local, `Some(false)` UTC, once decided.
    calories_local: Option<bool>,
    /// The export has no `calories-*.json`: the CSV is its calories (set by the job).
    pub calories_from_csv: bool,
    /// Minutes sedentary, lightly, moderately and very active per local date, gathered from
    /// their four files (turned into days by `finish`).
    levels: BTreeMap<NaiveDate, [Option<f64>; 4]>,
    /// The export has no `weight-*.json`: `weight.csv` is its weight (set by the job).
    pub weight_from_csv: bool,
    /// The last night of each night series' file read last, until the next file of the series
    /// says whether it goes on (`night`) or `finish`.
    night_tails: BTreeMap<Night, Vec<Vec<Sample>>>,
    /// Food logs by id (a log in two pages or two copies of the export counts once), turned
    /// into days by `finish`.
    foods: BTreeMap<i64, crate::model::FoodLog>,
    /// Water logs by id: (local date, millilitres).
    waters: BTreeMap<i64, (NaiveDate, f64)>,
    /// Cardio load (workout, background) at each UTC minute, summed per local day by `finish`.
    cardio: BTreeMap<i64, [f64; 2]>,
    /// Breathing per stage by night: where the night's date comes from (`true`: a real UTC
    /// instant, placed by `finish`; `false`: the local wake date), and the full-sleep, deep,
    /// light and REM rates (`None` where not measured).
    breathing: Vec<(BreathingAt, [Option<f64>; 4])>,
}

/// How a night series' file writes its times.
#[derive(Clone, Copy, Debug, PartialEq)]
enum NightTime {
    /// A real UTC instant (`…Z`).
    Utc,
    /// A zoneless local ISO time (`2026-04-06T04:20:00`).
    Local,
    /// A zoneless local `MM/DD/YY HH:MM:SS`.
    Legacy,
}

/// When a night's breathing-per-stage row was measured.
#[derive(Clone, Copy, Debug)]
enum BreathingAt {
    /// The local date of the wake time (`Respiratory Rate Summary`, naive local).
    Local(NaiveDate),
    /// The sleep's end as a real UTC instant (`respiratory_rate_sleep_summary_`).
    Utc(i64),
}

/// A heart-rate day file read, not yet placed: its end's offset may need the next file.
#[derive(Clone, Debug)]
struct PendingDay {
    file: String,
    date: NaiveDate,
    samples: Vec<Sample>,
    /// The edges `Offsets::infer_day` believed.
    edges: (Option<i32>, Option<i32>),
}

/// One row of `UserSleeps`, as written.
#[derive(Clone, Debug)]
struct TableSleep {
    file: String,
    id: String,
    start: i64,
    end: i64,
    start_offset: i32,
    end_offset: i32,
    fall: Option<i64>,
    version: String,
}

fn json(path: &str, e: serde_json::Error) -> ImportError {
    ImportError::File {
        path: path.to_string(),
        detail: format!("line {}, column {}: {e}", e.line(), e.column()),
    }
}

fn csv_err(path: &str, e: csv::Error) -> ImportError {
    let at = e
        .position()
        .map(|p| format!("line {}: ", p.line()))
        .unwrap_or_default();
    ImportError::File {
        path: path.to_string(),
        detail: format!("{at}{e}"),
    }
}

/// Reads a CSV with a header, row by row, as (header index, row). A file whose whole text is
/// `no data` (Takeout's placeholder) has no rows.
fn csv_rows(
    path: &str,
    r: impl Read,
    mut f: impl FnMut(&dyn Fn(&str) -> Option<usize>, &csv::StringRecord),
) -> Result<usize, ImportError> {
    csv_rows_while(path, r, |col, row| {
        f(col, row);
        true
    })
}

/// `csv_rows`, stopping after the first row for which `f` says `false` (a file read only for
/// a sample of it).
fn csv_rows_while(
    path: &str,
    r: impl Read,
    mut f: impl FnMut(&dyn Fn(&str) -> Option<usize>, &csv::StringRecord) -> bool,
) -> Result<usize, ImportError> {
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(r);
    let header = rd.headers().map_err(|e| csv_err(path, e))?.clone();
    if header.len() == 1
        && header
            .get(0)
            .is_some_and(|h| h.eq_ignore_ascii_case("no data"))
    {
        return Ok(0);
    }
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let mut n = 0;
    let mut row = csv::StringRecord::new();
    while rd.read_record(&mut row).map_err(|e| csv_err(path, e))? {
        n += 1;
        if !f(&col, &row) {
            break;
        }
    }
    Ok(n)
}

fn cell(row: &csv::StringRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| row.get(i)).filter(|s| !s.is_empty())
}

/// A cell's date-time that is real UTC (the CSV folders' `…Z`, the tables' `+0000`), as
/// unix seconds.
fn cell_utc(row: &csv::StringRecord, i: Option<usize>) -> Option<i64> {
    cell(row, i)
        .and_then(csv_time)
        .map(|t| t.and_utc().timestamp())
}

/// The date of a cell's date or date-time, as written (a label or a naive local time).
fn cell_date(row: &csv::StringRecord, i: Option<usize>) -> Option<NaiveDate> {
    cell(row, i).and_then(csv_time).map(|t| t.date())
}

fn cell_num(row: &csv::StringRecord, i: Option<usize>) -> Option<f64> {
    cell(row, i)
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|x| x.is_finite())
}

fn daily(by_date: BTreeMap<NaiveDate, f64>, metric: Metric) -> Vec<Day> {
    by_date
        .into_iter()
        .map(|(date, value)| Day {
            origin: None,
            kind: Kind::Daily(metric),
            date,
            payload: Payload::Daily(vec![Daily {
                date,
                value,
                parts: None,
            }]),
        })
        .collect()
}

/// Per-date values split in three parts (AZM's zones, the activity levels, time in zones) as
/// days of `metric`: `total` makes the day's value from its parts.
fn daily_parts(
    by_date: BTreeMap<NaiveDate, [f64; 3]>,
    metric: Metric,
    total: fn([f64; 3]) -> f64,
) -> Vec<Day> {
    by_date
        .into_iter()
        .map(|(date, parts)| Day {
            origin: None,
            kind: Kind::Daily(metric),
            date,
            payload: Payload::Daily(vec![Daily {
                date,
                value: total(parts),
                parts: Some(parts),
            }]),
        })
        .collect()
}

/// The sum of a day's parts.
fn sum3(parts: [f64; 3]) -> f64 {
    parts.iter().sum()
}

/// Step minutes by local day as days, each in time order.
fn step_days(by_day: BTreeMap<NaiveDate, Vec<Interval>>) -> Vec<Day> {
    by_day
        .into_iter()
        .map(|(date, mut v)| {
            v.sort_by_key(|i| i.start);
            Day {
                origin: None,
                kind: Kind::Steps,
                date,
                payload: Payload::Intervals(v),
            }
        })
        .collect()
}

/// Sleeps by night as days, each night in time order with its main sleep marked.
fn sleep_days(nights: BTreeMap<NaiveDate, Vec<SleepSession>>) -> Vec<Day> {
    nights
        .into_iter()
        .map(|(date, mut v)| {
            v.sort_by_key(|s| s.start);
            crate::model::derive::ensure_main(&mut v);
            Day {
                origin: None,
                kind: Kind::Sleep,
                date,
                payload: Payload::Sleep(v),
            }
        })
        .collect()
}

/// A heart-rate day (readings in time order) and its minute means, stored beside it so
/// trends and year-long exports read 1,440 means instead of every reading.
fn hr_day(date: NaiveDate, samples: Vec<Sample>) -> [Day; 2] {
    let minute = crate::model::derive::mean_per(&samples, 60);
    [
        Day {
            origin: None,
            kind: Kind::HeartRate,
            date,
            payload: Payload::Samples(samples),
        },
        Day {
            origin: None,
            kind: Kind::HeartRate1m,
            date,
            payload: Payload::Samples(minute),
        },
    ]
}

/// Runs of night readings as days: each on the local date of its last reading, two runs of
/// one date (a nap and the night) in one day.
fn night_days(n: Night, runs: Vec<Vec<Sample>>) -> Vec<Day> {
    let mut by_date: BTreeMap<NaiveDate, Vec<Sample>> = BTreeMap::new();
    for run in runs {
        if let Some(last) = run.last() {
            by_date
                .entry(civil_date(last.t, last.offset))
                .or_default()
                .extend(run);
        }
    }
    by_date
        .into_iter()
        .map(|(date, v)| Day {
            origin: None,
            kind: Kind::Night(n),
            date,
            payload: Payload::Samples(v),
        })
        .collect()
}

/// A food or water log's local day: `logDate` (`2018-04-23`), else `date`, else a legacy
/// `dateTime` (`04/23/18 …`).
fn log_date(v: &Value) -> Option<NaiveDate> {
    let text = |k: &str| v.get(k).and_then(Value::as_str);
    text("logDate")
        .or_else(|| text("date"))
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
        .or_else(|| text("dateTime").and_then(legacy_date))
}

/// The date in a dated file name (`heart_rate-2026-04-08.json` → 2026-04-08).
fn name_date(path: &str) -> Option<NaiveDate> {
    let name = super::layout::file_name(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let tail = stem.get(stem.len().checked_sub(10)?..)?;
    NaiveDate::parse_from_str(tail, "%Y-%m-%d").ok()
}

impl Importer {
    pub fn new() -> Importer {
        Importer::default()
    }

    /// Reads one file of `role` and returns its days. The days of one (type, date) come from
    /// one file: every canonical copy covers whole local days.
    /// The file is whole in memory: the largest real one is a few MB, and a slice parses
    /// several times faster than a reader.
    pub fn read(&mut self, role: Role, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        // The last heart-rate day is placed before any other type reads the offsets.
        let held = if role == Role::HeartRate {
            Vec::new()
        } else {
            self.place_pending()
        };
        let days = match role {
            Role::Profile => self.profile(path, r).map(|_| Vec::new()),
            Role::UserSleeps => self
                .user_table(path, r, true)
                .and_then(|_| self.table_sleeps(path, r)),
            Role::UserSleepStages => self.sleep_stages(path, r).map(|_| Vec::new()),
            Role::UserExercises => self.user_table(path, r, false).map(|_| Vec::new()),
            Role::Height => self.height(path, r).map(|_| Vec::new()),
            Role::WeightCsv => self.weight_csv(path, r).map(|_| Vec::new()),
            Role::CaloriesCsv => self.calories_csv(path, r).map(|_| Vec::new()),
            Role::HeartRate => self.heart_rate(path, r),
            Role::Steps => self.steps(path, r),
            Role::Minutes(m) => self.minute_totals(path, r, m),
            Role::Altitude => self.altitude(path, r),
            Role::Sleep => self.sleep(path, r),
            Role::RestingHeartRate => self.resting(path, r),
            Role::Weight => self.weight(path, r),
            Role::Vo2Max => self.vo2(path, r),
            Role::HeartRateCsv => self.heart_rate_csv(path, r),
            Role::StepsCsv => self.steps_csv(path, r),
            Role::HrvSummary => self.daily_csv(path, r, Metric::Hrv, "rmssd"),
            Role::Spo2Daily => self.daily_csv(path, r, Metric::Spo2, "average_value"),
            Role::BreathingDaily => {
                self.daily_csv(path, r, Metric::BreathingRate, "daily_respiratory_rate")
            }
            Role::Azm => self.azm(path, r),
            Role::Exercise => self.exercises(path, r),
            Role::SleepScore => self.sleep_scores(path, r),
            Role::SkinTempDaily => self.skin_daily(path, r),
            Role::LevelMinutes(k) => self.level_minutes(path, r, k).map(|_| Vec::new()),
            Role::HeartRateZones => self.zone_minutes(path, r),
            Role::StressScore => self.day_scores(path, r, Metric::StressScore),
            Role::Readiness => self.day_scores(path, r, Metric::Readiness),
            Role::ComputedTemp => self.computed_temp(path, r),
            Role::CardioLoad => self.cardio_load(path, r).map(|_| Vec::new()),
            Role::FoodLogs => self.food_logs(path, r).map(|_| Vec::new()),
            Role::DailyTwin(m) => self.daily_csv(path, r, m, super::layout::daily_twin_column(m)),
            Role::WaterLogs => self.water_logs(path, r).map(|_| Vec::new()),
            Role::MinuteSpo2 => self.night(path, r, Night::Spo2, NightTime::Utc, "value"),
            Role::Spo2Csv => self.night(
                path,
                r,
                Night::Spo2,
                NightTime::Utc,
                "oxygen saturation percentage",
            ),
            Role::HrvDetails => self.night(path, r, Night::Hrv, NightTime::Local, "rmssd"),
            Role::HrvCsv => self.night(
                path,
                r,
                Night::Hrv,
                NightTime::Utc,
                "root mean square of successive differences milliseconds",
            ),
            Role::OxygenVariation => self.night(
                path,
                r,
                Night::OxygenVariation,
                NightTime::Legacy,
                "infrared to red signal ratio",
            ),
            Role::BreathingStages(utc) => self.breathing_stages(path, r, utc).map(|_| Vec::new()),
        }?;
        let mut days = days;
        self.stamp(&mut days, super::layout::file_name(path));
        days.splice(0..0, held);
        self.report.file_read(path, &days);
        Ok(days)
    }

    /// Each day's origin: the file, and for a day of instants the rule that placed them: the
    /// best any file of its date had (the report's), else the one at its first instant.
    fn stamp(&mut self, days: &mut [Day], file: &str) {
        for d in days.iter_mut().filter(|d| d.origin.is_none()) {
            let basis = d.kind.has_instants().then(|| {
                let b = self
                    .report
                    .offset_basis
                    .get(&d.date)
                    .copied()
                    .or_else(|| d.payload.first_instant().map(|t| self.offsets.at(t).1));
                if let Some(b) = b {
                    self.report.basis(d.date, b);
                }
                b
            });
            d.origin = Some(crate::model::Origin {
                file: file.to_string(),
                time_basis: basis.flatten().map(|b| b.key().to_string()),
            });
        }
    }

    fn profile(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        // Only the zone and the units are read: the rest of the file is personal detail.
        csv_rows(path, r, |col, row| {
            if let Some(zone) = cell(row, col("timezone")).and_then(crate::sources::zone_named) {
                self.offsets.zone = Some(zone);
            }
            let dist = cell(row, col("distance_unit")).unwrap_or("");
            let weight = cell(row, col("weight_unit")).unwrap_or("");
            self.units = Units {
                miles: dist == "en_US",
                pounds: weight == "en_US",
                stone: weight == "en_GB",
                fahrenheit: dist == "en_US",
            };
        })?;
        Ok(())
    }

    /// `UserSleeps` (start and end offsets) or `UserExercises` (one offset): the exact offsets
    /// the export recorded, at the instants it recorded them.
    fn user_table(&mut self, path: &str, r: &[u8], sleeps: bool) -> Result<(), ImportError> {
        let offsets = &mut self.offsets;
        let mut point = |t: Option<&str>, o: Option<&str>, basis| {
            let t = t.and_then(csv_time).map(|t| t.and_utc().timestamp());
            if let (Some(t), Some(o)) = (t, o.and_then(clock_offset)) {
                offsets.record(t, o, basis);
            }
        };
        csv_rows(path, r, |col, row| {
            if sleeps {
                point(
                    cell(row, col("sleep_start")),
                    cell(row, col("start_utc_offset")),
                    Basis::SleepLog,
                );
                point(
                    cell(row, col("sleep_end")),
                    cell(row, col("end_utc_offset")),
                    Basis::SleepLog,
                );
            } else {
                point(
                    cell(row, col("exercise_start")),
                    cell(row, col("utc_offset")),
                    Basis::ExerciseLog,
                );
            }
        })?;
        Ok(())
    }

    /// `UserSleepStages`: each stage of each sleep, real UTC; the rows are not in time order
    /// (takeout.md §4.2). Kept by `sleep_id` for `table_sleeps`.
    fn sleep_stages(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        use crate::model::{Segment, Stage};
        if !self.sleep_from_tables {
            return Ok(());
        }
        let stages = &mut self.stages;
        csv_rows(path, r, |col, row| {
            let at = |c: &str| cell_utc(row, col(c));
            let stage = match cell(row, col("sleep_stage_type"))
                .unwrap_or("")
                .to_ascii_uppercase()
                .as_str()
            {
                "AWAKE" | "WAKE" => Stage::Wake,
                "LIGHT" => Stage::Light,
                "DEEP" => Stage::Deep,
                "REM" => Stage::Rem,
                "ASLEEP" => Stage::Asleep,
                "RESTLESS" => Stage::Restless,
                _ => return,
            };
            if let (Some(id), Some(start), Some(end)) = (
                cell(row, col("sleep_id")),
                at("sleep_stage_start"),
                at("sleep_stage_end"),
            ) {
                if start < end {
                    stages
                        .entry(id.to_string())
                        .or_default()
                        .push(Segment { start, end, stage });
                }
            }
        })?;
        Ok(())
    }

    /// The sleeps of `UserSleeps`, for an export without `sleep-*.json`: the rows are kept
    /// here and turned into nights by `finish`, once every day file has said where its
    /// midnights were (a table's offsets are weighed against them).
    fn table_sleeps(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        if !self.sleep_from_tables {
            return Ok(Vec::new());
        }
        let file = super::layout::file_name(path).to_string();
        let rows = &mut self.table_rows;
        csv_rows(path, r, |col, row| {
            let at = |c: &str| cell_utc(row, col(c));
            let off = |c: &str| cell(row, col(c)).and_then(clock_offset);
            if let (Some(id), Some(start), Some(end), Some(so), Some(eo)) = (
                cell(row, col("sleep_id")),
                at("sleep_start"),
                at("sleep_end"),
                off("start_utc_offset"),
                off("end_utc_offset"),
            ) {
                if start < end {
                    rows.push(TableSleep {
                        file: file.clone(),
                        id: id.to_string(),
                        start,
                        end,
                        start_offset: so,
                        end_offset: eo,
                        fall: cell_num(row, col("minutes_to_fall_asleep")).map(|m| m as i64),
                        version: cell(row, col("algorithm_version"))
                            .unwrap_or("")
                            .to_string(),
                    });
                }
            }
        })?;
        Ok(Vec::new())
    }

    /// The days only the whole export could place: the sleeps of `UserSleeps` (see
    /// `table_sleeps`). Each night is there twice (`sleep_session_v1` and `v2`, minutes apart):
    /// one is taken, the one with stages, then the older version, which is the one the JSON
    /// matches where both exist (patina, takeout.md §3.1). Start and end carry their own
    /// offsets; the stages fill the sleep, a gap between them is time awake, and a sleep
    /// without stages (`CLASSIC`) is one span asleep. A row whose offset the day files
    /// contradict wrote its local wall clock as UTC (the fifth person's export): its times are
    /// read as local and placed by the evidence.
    pub fn finish(&mut self) -> Vec<Day> {
        use crate::model::{Segment, Stage};
        let mut held = self.place_pending();
        // What only the whole export places, each with the files it came from.
        let mut gathered = vec![
            (self.weight_csv_days(), "weight.csv"),
            (self.calories_csv_days(), "calories CSV"),
            (self.level_days(), "activity-level minutes JSON"),
            (self.food_days(), "food and water logs"),
            (self.cardio_days(), "cardio load CSV"),
            (self.breathing_days(), "respiratory rate summary"),
        ];
        for (n, tail) in std::mem::take(&mut self.night_tails) {
            gathered.push((night_days(n, tail), n.key()));
        }
        for (mut days, from) in gathered {
            self.stamp(&mut days, from);
            held.extend(days);
        }
        self.report.days_read(&held);
        let mut rows = std::mem::take(&mut self.table_rows);
        let staged = |id: &str| self.stages.get(id).map_or(0, Vec::len);
        rows.sort_by(|a, b| {
            staged(&b.id)
                .cmp(&staged(&a.id))
                .then_with(|| a.version.cmp(&b.version))
                .then(a.start.cmp(&b.start))
        });
        let mut nights: BTreeMap<NaiveDate, Vec<SleepSession>> = BTreeMap::new();
        for mut row in rows {
            // Local wall clock written as UTC (an offset of the row lost to the day files):
            // every time of the night is read as local and placed where the evidence puts
            // that clock, across a DST switch too.
            let local = !self
                .offsets
                .believes(row.start, row.start_offset, Basis::SleepLog)
                || !self
                    .offsets
                    .believes(row.end, row.end_offset, Basis::SleepLog);
            let place = |t: i64, after: Option<i64>| {
                chrono::DateTime::from_timestamp(t, 0)
                    .and_then(|d| self.offsets.resolve(d.naive_utc(), after))
            };
            if local {
                // A local start lived twice (a flight west that day) is the pass its end, read
                // alone, agrees with.
                let written = row.end - row.start;
                let mut s = place(row.start, None);
                if let (Some(a), Some(e)) = (s, place(row.end, None)) {
                    if (e.0 - a.0 - written).abs() > 3600 {
                        let t = e.0 - written;
                        s = Some((t, self.offsets.at(t).0, Basis::FileBoundary));
                    }
                }
                if let (Some(s), Some(e)) = (s, s.and_then(|s| place(row.end, Some(s.0)))) {
                    row.start = s.0;
                    row.start_offset = s.1;
                    row.end = e.0;
                    row.end_offset = e.1;
                }
            }
            if row.start >= row.end {
                continue;
            }
            if self
                .table_taken
                .iter()
                .any(|&(s, e)| s < row.end && row.start < e)
            {
                continue;
            }
            self.table_taken.push((row.start, row.end));
            let mut written = self.stages.remove(&row.id).unwrap_or_default();
            if local {
                written.sort_by_key(|g| g.start);
                let mut after = None;
                for g in &mut written {
                    let s = place(g.start, after).map_or(g.start, |p| p.0);
                    g.end = place(g.end, Some(s)).map_or(g.end, |p| p.0);
                    g.start = s;
                    after = Some(s);
                }
            }
            let mut stages: Vec<Segment> = written
                .into_iter()
                .filter_map(|g| {
                    let (s, e) = (g.start.max(row.start), g.end.min(row.end));
                    (s < e).then_some(Segment {
                        start: s,
                        end: e,
                        ..g
                    })
                })
                .collect();
            stages.sort_by_key(|g| g.start);
            let mut segments = Vec::with_capacity(stages.len() + 2);
            let mut cursor = row.start;
            let fill = if stages.is_empty() {
                Stage::Asleep
            } else {
                Stage::Wake
            };
            for g in stages {
                if g.start > cursor {
                    segments.push(Segment {
                        start: cursor,
                        end: g.start,
                        stage: fill,
                    });
                }
                // Overlapping rows: the later one starts where the earlier ended.
                let start = g.start.max(cursor);
                if g.end > start {
                    segments.push(Segment { start, ..g });
                    cursor = g.end;
                }
            }
            if cursor < row.end {
                segments.push(Segment {
                    start: cursor,
                    end: row.end,
                    stage: fill,
                });
            }
            let s = SleepSession {
                start: row.start,
                end: row.end,
                start_offset: row.start_offset,
                end_offset: row.end_offset,
                is_main: false,
                segments,
                source: Source {
                    provider: ProviderKind::Import,
                    device: Some(row.file.clone()),
                },
                fall_asleep_min: row.fall,
            }
            .normalize();
            nights.entry(s.night()).or_default().push(s);
        }
        let mut days = sleep_days(nights);
        self.stamp(&mut days, "UserSleeps");
        self.report.days_read(&days);
        days.splice(0..0, held);
        self.report.disagreements = self
            .offsets
            .disagreements()
            .iter()
            .map(|d| d.text())
            .collect();
        days
    }

    fn height(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let mut last = None;
        stream::each::<Point>(r, |p| last = number(&p.value)).map_err(|e| json(path, e))?;
        if let Some(mm) = last.filter(|mm| *mm > 0.0) {
            self.height_m = Some(mm / 1000.0);
        }
        Ok(())
    }

    fn heart_rate(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        // The file covers one local day, the one its name says; its times are UTC.
        let date = name_date(path).ok_or_else(|| ImportError::File {
            path: path.to_string(),
            detail: "no date in the file name".into(),
        })?;
        let sample = |time: &str, bpm: Option<f64>| {
            Some(Sample {
                t: legacy_utc(time)?,
                offset: 0,
                value: bpm?,
            })
        };
        let mut samples = Vec::new();
        // The export's own shape, scanned; anything else, parsed (what it gives is the same).
        if stream::hr_points(r, |time, bpm| samples.extend(sample(time, Some(bpm)))).is_none() {
            samples.clear();
            stream::each::<HrPoint>(r, |p| {
                samples.extend(sample(&p.date_time, p.value.bpm.get()));
            })
            .map_err(|e| json(path, e))?;
        }
        samples.sort_by_key(|s| s.t);
        // The day's own edges say where its midnights were (when worn across them): between
        // two recorded nights, that is the only evidence of when a flight changed the clock.
        // An edge this file alone cannot vouch for meets the one before it here.
        let edges = match (samples.first(), samples.last()) {
            (Some(a), Some(b)) => {
                let before = self
                    .pending
                    .as_ref()
                    .filter(|p| p.date.succ_opt() == Some(date))
                    .and_then(|p| p.samples.last())
                    .map(|s| s.t);
                self.offsets.infer_day(date, a.t, b.t, before)
            }
            _ => (None, None),
        };
        // The day before is placed now that this one's first midnight is known: a clock that
        // changed at its end is believed only where the next day starts on the same clock.
        let before = self.place_pending();
        if !samples.is_empty() {
            self.pending = Some(PendingDay {
                file: super::layout::file_name(path).to_string(),
                date,
                samples,
                edges,
            });
        }
        Ok(before)
    }

    /// The heart-rate day read last, placed with every clue read since: its offsets, its
    /// report line, its readings for the self-check.
    fn place_pending(&mut self) -> Vec<Day> {
        let Some(PendingDay {
            file,
            date,
            mut samples,
            edges: (start, end),
        }) = self.pending.take()
        else {
            return Vec::new();
        };
        if let (Some(a), Some(b)) = (samples.first(), samples.last()) {
            // An end the next file met is pinned now.
            let start = start.or_else(|| self.offsets.pinned_at(a.t));
            let end = end.or_else(|| self.offsets.pinned_at(b.t));
            let ends = self.offsets.fit_day(date, (a.t, start), (b.t, end));
            if let (Some(before), Some(after)) = ends {
                // The edges disagree (a flight, a DST switch): where the clock turned.
                let times: Vec<i64> = samples.iter().map(|s| s.t).collect();
                self.offsets.place_change(&times, before, after);
            }
        }
        // Offsets change on minute boundaries (DST, and the recorded points' reach): asked once
        // a minute, not once a reading.
        let mut minute = (i64::MIN, 0);
        for s in &mut samples {
            let m = s.t.div_euclid(60);
            if m != minute.0 {
                minute = (m, self.offsets.at(s.t).0);
            }
            s.offset = minute.1;
        }
        if let Some(first) = samples.first() {
            self.report.basis(date, self.offsets.at(first.t).1);
        }
        // A few days' readings are kept to check the CSV twins against (self-check).
        if self.check.len() < 50_000 {
            self.check.extend(samples.iter().map(|s| (s.t, s.value)));
        }
        let mut days: Vec<Day> = hr_day(date, samples).into();
        self.stamp(&mut days, &file);
        days
    }

    /// Whether a heart-rate day is held back until the next file says where its end was.
    pub fn holds_a_day(&self) -> bool {
        self.pending.is_some()
    }

    /// UTC minutes of a 30-day chunk, each on the local day its offset puts it on. The chunk's
    /// first minute is its first local midnight (zero minutes are written), which pins the
    /// offset where nothing better says.
    fn utc_minutes(
        &mut self,
        path: &str,
        r: &[u8],
        mut f: impl FnMut(NaiveDate, i64, i32, f64),
    ) -> Result<(), ImportError> {
        let mut minutes: Vec<(i64, f64)> = Vec::new();
        stream::each::<MinutePoint>(r, |p| {
            if let (Some(t), Some(v)) = (legacy_utc(&p.date_time), p.value.get()) {
                minutes.push((t, v));
            }
        })
        .map_err(|e| json(path, e))?;
        let is_calories = super::layout::file_name(path)
            .to_ascii_lowercase()
            .starts_with("calories-");
        if is_calories && self.calories_zone(path, &minutes) {
            // Local wall clock: each minute placed where the evidence puts that clock.
            let mut after = None;
            let mut tried = Candidates::default();
            for m in &mut minutes {
                if let Some((t, _, _)) = chrono::DateTime::from_timestamp(m.0, 0)
                    .and_then(|d| self.offsets.resolve_in(d.naive_utc(), after, &mut tried))
                {
                    m.0 = t;
                    after = Some(t);
                }
            }
        } else if let (Some(&(first, _)), Some(date)) = (minutes.first(), name_date(path)) {
            self.offsets.infer_start(date, first);
        }
        let mut bases = BTreeMap::new();
        for (t, v) in minutes {
            let (off, basis) = self.offsets.at(t);
            let date = civil_date(t, off);
            bases.entry(date).or_insert(basis);
            f(date, t, off, v);
        }
        for (d, b) in bases {
            self.report.basis(d, b);
        }
        Ok(())
    }

    fn steps(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_day: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
        self.utc_minutes(path, r, |date, t, offset, v| {
            let day = by_day.entry(date).or_default();
            // Minutes without steps are in the file; the model keeps only those with.
            if v > 0.0 {
                day.push(Interval {
                    start: t,
                    end: t + 60,
                    offset,
                    value: v,
                });
            }
        })?;
        Ok(step_days(by_day))
    }

    /// Distance (centimetres a minute) and calories (kcal a minute) as the day's totals.
    fn minute_totals(&mut self, path: &str, r: &[u8], m: Metric) -> Result<Vec<Day>, ImportError> {
        let mut sums: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        self.utc_minutes(path, r, |date, _, _, v| *sums.entry(date).or_default() += v)?;
        // Every digit the files have: only the screen rounds.
        let total = |v: f64| match m {
            // Centimetres to kilometres.
            Metric::Distance => v / 100_000.0,
            _ => v,
        };
        Ok(daily(
            sums.into_iter().map(|(d, v)| (d, total(v))).collect(),
            m,
        ))
    }

    fn altitude(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        // Naive local times: the date is the local date as written. Ten feet is a floor.
        let mut feet: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        stream::each::<Point>(r, |p| {
            if let (Some(t), Some(v)) = (legacy_time(&p.date_time), number(&p.value)) {
                *feet.entry(t.date()).or_default() += v;
            }
        })
        .map_err(|e| json(path, e))?;
        Ok(daily(
            feet.into_iter()
                .map(|(d, f)| (d, (f / 10.0).round()))
                .collect(),
            Metric::Floors,
        ))
    }

    fn sleep(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut logs = Vec::new();
        stream::each::<SleepRecord>(r, |s| logs.push(s)).map_err(|e| json(path, e))?;
        let offsets = &self.offsets;
        let resolve = |s: &str, after: Option<i64>| {
            let local = crate::model::time::fitbit_naive(s)?;
            offsets.resolve(local, after).map(|(t, o, _)| (t, o))
        };
        let file = super::layout::file_name(path).to_string();
        let mut nights: BTreeMap<NaiveDate, Vec<SleepSession>> = BTreeMap::new();
        for rec in logs {
            if let Some(id) = rec.log_id {
                if !self.sleep_ids.insert(id) {
                    continue;
                }
            }
            let mut s = session(&rec.log, &resolve, ProviderKind::Import).map_err(|detail| {
                ImportError::File {
                    path: path.to_string(),
                    detail,
                }
            })?;
            s.source = Source {
                provider: ProviderKind::Import,
                device: Some(file.clone()),
            };
            nights.entry(s.night()).or_default().push(s);
        }
        Ok(sleep_days(nights))
    }

    /// Exercise logs: the start is UTC (takeout.md §3.1), placed at the offset in force then;
    /// the distance is in the log's own unit; a day holds the exercises that started on it.
    fn exercises(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut recs = Vec::new();
        stream::each::<ExerciseRecord>(r, |x| recs.push(x)).map_err(|e| json(path, e))?;
        let mut by_date: BTreeMap<NaiveDate, Vec<Exercise>> = BTreeMap::new();
        for x in recs {
            if let Some(id) = x.log_id {
                if !self.exercise_ids.insert(id) {
                    continue;
                }
            }
            let Some(start) = legacy_utc(&x.start_time) else {
                continue;
            };
            let ms = |v: &Option<Num>| {
                v.as_ref()
                    .and_then(Num::get)
                    .map(|ms| (ms / 1000.0).round() as i64)
            };
            let num = |v: &Option<Num>| v.as_ref().and_then(Num::get);
            let km = num(&x.distance).and_then(|d| {
                match x
                    .distance_unit
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("mile") | Some("miles") => Some(d * crate::model::metric::KM_PER_MILE),
                    Some("kilometer") | Some("kilometers") | None => Some(d),
                    Some("meter") | Some("meters") => Some(d / 1000.0),
                    // A unit not known: no distance rather than a wrong one.
                    Some(_) => None,
                }
            });
            let offset = self.offsets.at(start).0;
            let ex = Exercise {
                start,
                end: start + ms(&x.duration).unwrap_or(0).max(0),
                offset,
                name: x.activity_name.unwrap_or_else(|| "Exercise".to_string()),
                logged: x.log_type.unwrap_or_default(),
                active_s: ms(&x.active_duration),
                calories: num(&x.calories),
                steps: num(&x.steps),
                distance_km: km.map(|k| (k * 1000.0).round() / 1000.0),
                avg_bpm: num(&x.average_heart_rate).filter(|b| *b > 0.0),
            };
            by_date.entry(ex.date()).or_default().push(ex);
        }
        Ok(by_date
            .into_iter()
            .map(|(date, mut v)| {
                v.sort_by_key(|x| x.start);
                Day {
                    origin: None,
                    kind: Kind::Exercises,
                    date,
                    payload: Payload::Exercises(v),
                }
            })
            .collect())
    }

    /// One of the four activity-level files (`k`: sedentary, lightly, moderately, very):
    /// daily values on local date labels, kept until all four are read.
    fn level_minutes(&mut self, path: &str, r: &[u8], k: u8) -> Result<(), ImportError> {
        let levels = &mut self.levels;
        stream::each::<Point>(r, |p| {
            if let (Some(t), Some(v)) = (legacy_time(&p.date_time), number(&p.value)) {
                if let Some(slot) = levels.entry(t.date()).or_default().get_mut(usize::from(k)) {
                    *slot = Some(v);
                }
            }
        })
        .map_err(|e| json(path, e))?;
        Ok(())
    }

    /// The activity levels as days: the minutes active (lightly, moderately and very, as parts)
    /// and sedentary. A placeholder day (1440 sedentary, none of the others: written for the
    /// days after the export) is no day.
    fn level_days(&mut self) -> Vec<Day> {
        let mut active = BTreeMap::new();
        let mut sedentary = BTreeMap::new();
        for (date, [s, l, m, v]) in std::mem::take(&mut self.levels) {
            let (l, m, v) = (l.unwrap_or(0.0), m.unwrap_or(0.0), v.unwrap_or(0.0));
            if s.unwrap_or(0.0) >= 1440.0 && l + m + v == 0.0 {
                continue;
            }
            active.insert(date, [l, m, v]);
            if let Some(s) = s {
                sedentary.insert(date, s);
            }
        }
        let mut days = daily(sedentary, Metric::SedentaryMinutes);
        days.extend(daily_parts(active, Metric::ActiveMinutes, sum3));
        days
    }

    /// `time_in_heart_rate_zones-*.json`: minutes in zones 1 to 3 (fat burn, cardio, peak) of
    /// one local date; below zone 1 is not a zone.
    fn zone_minutes(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        stream::each::<Point>(r, |p| {
            let zone = |k: &str| {
                p.value
                    .get("valuesInZones")
                    .and_then(|z| z.get(k))
                    .and_then(number)
                    .unwrap_or(0.0)
            };
            if let Some(t) = legacy_time(&p.date_time) {
                let parts = [
                    zone("IN_DEFAULT_ZONE_1"),
                    zone("IN_DEFAULT_ZONE_2"),
                    zone("IN_DEFAULT_ZONE_3"),
                ];
                by_date.insert(t.date(), parts);
            }
        })
        .map_err(|e| json(path, e))?;
        Ok(daily_parts(by_date, Metric::HeartRateZones, sum3))
    }

    /// A series through the night (`Kind::Night`): each reading at its instant, with the offset
    /// the evidence gives (a zoneless time is placed where the evidence puts that clock, in
    /// file order across a fall-back hour). SpO2's exactly-50 readings are the tracker's
    /// invalid floor (takeout.md §4.4): left out. Nights are split at pauses; the last run of
    /// a file waits for the next file of its series (a monthly file cuts a night at a UTC
    /// midnight) or `finish`.
    fn night(
        &mut self,
        path: &str,
        r: &[u8],
        n: Night,
        time: NightTime,
        column: &str,
    ) -> Result<Vec<Day>, ImportError> {
        let mut readings: Vec<Sample> = Vec::new();
        let mut bases = Vec::new();
        let mut after = None;
        let offsets = &self.offsets;
        let mut tried = Candidates::default();
        csv_rows(path, r, |col, row| {
            let value = cell_num(row, col(column)).filter(|v| match n {
                Night::Spo2 => *v > 0.0 && *v <= 100.0 && *v != 50.0,
                Night::Hrv => *v > 0.0,
                Night::OxygenVariation => true,
            });
            let text = cell(row, col("timestamp"));
            let placed = match time {
                NightTime::Utc => cell_utc(row, col("timestamp")).map(|t| {
                    let (off, basis) = offsets.at(t);
                    (t, off, basis)
                }),
                NightTime::Local => text
                    .and_then(csv_time)
                    .and_then(|local| offsets.resolve_in(local, after, &mut tried)),
                NightTime::Legacy => text
                    .and_then(legacy_time)
                    .and_then(|local| offsets.resolve_in(local, after, &mut tried)),
            };
            if let (Some((t, offset, basis)), Some(value)) = (placed, value) {
                after = Some(t);
                bases.push((civil_date(t, offset), basis));
                readings.push(Sample { t, offset, value });
            }
        })?;
        for (d, b) in bases {
            self.report.basis(d, b);
        }
        readings.sort_by_key(|s| s.t);
        let mut runs = self.night_tails.remove(&n).unwrap_or_default();
        for s in readings {
            let last = runs.last().and_then(|r| r.last()).map(|l| l.t);
            match (last, runs.last_mut()) {
                // The same instant twice (overlapping files): once.
                (Some(t), Some(run)) if s.t - t <= Night::PAUSE_S => {
                    if s.t > t {
                        run.push(s);
                    }
                }
                _ => runs.push(vec![s]),
            }
        }
        // The last run may go on in the next file, so its date is not known yet; the runs
        // of its present date wait with it, so that a date is handed over once.
        let date_of = |run: &Vec<Sample>| run.last().map(|l| civil_date(l.t, l.offset));
        let mut tail = Vec::new();
        if let Some(last) = runs.pop() {
            let date = date_of(&last);
            while runs.last().is_some_and(|r| date_of(r) == date) {
                tail.extend(runs.pop());
            }
            tail.reverse();
            tail.push(last);
            self.night_tails.insert(n, tail);
        }
        Ok(night_days(n, runs))
    }

    /// `food_logs-N.json`: `logId`, `logDate` (the local day), `loggedFood` (name, amount, unit,
    /// `mealTypeId`) and `nutritionalValues` (for the amount eaten). Every digit kept.
    fn food_logs(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let foods = &mut self.foods;
        stream::each::<Value>(r, |v| {
            let Some(date) = log_date(&v) else {
                return;
            };
            let food = v.get("loggedFood");
            let text = |k: &str| food.and_then(|f| f.get(k)).and_then(Value::as_str);
            let nutrient = |k: &str| {
                v.get("nutritionalValues")
                    .and_then(|n| n.get(k))
                    .and_then(number)
            };
            let name = text("name").unwrap_or("").trim().to_string();
            let log = crate::model::FoodLog {
                date,
                meal: food
                    .and_then(|f| f.get("mealTypeId"))
                    .and_then(Value::as_u64)
                    .and_then(crate::model::FoodLog::meal_named)
                    .map(str::to_string),
                name: if name.is_empty() {
                    "Food".to_string()
                } else {
                    name
                },
                amount: food.and_then(|f| f.get("amount")).and_then(number),
                unit: food
                    .and_then(|f| f.get("unit"))
                    .and_then(|u| u.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                calories: nutrient("calories")
                    .or_else(|| food.and_then(|f| f.get("calories")).and_then(number)),
                carbs_g: nutrient("carbs"),
                fat_g: nutrient("fat"),
                fiber_g: nutrient("fiber"),
                protein_g: nutrient("protein"),
                sodium_mg: nutrient("sodium"),
            }
            .finite();
            let id = v
                .get("logId")
                .and_then(Value::as_i64)
                .unwrap_or(-1 - foods.len() as i64);
            foods.insert(id, log);
        })
        .map(|_| ())
        .map_err(|e| json(path, e))
    }

    /// `water_logs-N.json`: `waterAmount` in `measurementUnit` (millilitres, fluid ounces or
    /// cups), dated by the local day.
    fn water_logs(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let waters = &mut self.waters;
        stream::each::<Value>(r, |v| {
            let ml_per = match v.get("measurementUnit").and_then(Value::as_str) {
                None | Some("MILLILITER" | "ML" | "ml") => 1.0,
                Some("FL_OZ" | "FLUID_OUNCE" | "fl oz") => 29.573_529_562_5,
                Some("CUP" | "cup") => 236.588_236_5,
                Some("LITER" | "L") => 1000.0,
                // A unit this app does not know: no guess.
                Some(_) => return,
            };
            let amount = v
                .get("waterAmount")
                .and_then(number)
                .filter(|a| a.is_finite() && *a >= 0.0);
            if let (Some(date), Some(a)) = (log_date(&v), amount) {
                let id = v
                    .get("logId")
                    .and_then(Value::as_i64)
                    .unwrap_or(-1 - waters.len() as i64);
                waters.insert(id, (date, a * ml_per));
            }
        })
        .map(|_| ())
        .map_err(|e| json(path, e))
    }

    /// The food diary as days: each day's logs (in log order), the energy eaten with its
    /// carbohydrate, fat and protein, and the water drunk.
    fn food_days(&mut self) -> Vec<Day> {
        let mut by_date: BTreeMap<NaiveDate, Vec<crate::model::FoodLog>> = BTreeMap::new();
        for f in std::mem::take(&mut self.foods).into_values() {
            by_date.entry(f.date).or_default().push(f);
        }
        let mut energy: BTreeMap<NaiveDate, (f64, [f64; 3])> = BTreeMap::new();
        for (date, logs) in &by_date {
            if logs.iter().any(|f| f.calories.is_some()) {
                let mut e = (0.0, [0.0; 3]);
                for f in logs {
                    e.0 += f.calories.unwrap_or(0.0);
                    e.1[0] += f.carbs_g.unwrap_or(0.0);
                    e.1[1] += f.fat_g.unwrap_or(0.0);
                    e.1[2] += f.protein_g.unwrap_or(0.0);
                }
                energy.insert(*date, e);
            }
        }
        let mut water: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for (date, ml) in std::mem::take(&mut self.waters).into_values() {
            *water.entry(date).or_default() += ml;
        }
        let mut days: Vec<Day> = by_date
            .into_iter()
            .map(|(date, logs)| Day {
                origin: None,
                kind: Kind::Food,
                date,
                payload: Payload::Food(logs),
            })
            .collect();
        days.extend(energy.into_iter().map(|(date, (value, parts))| Day {
            origin: None,
            kind: Kind::Daily(Metric::CaloriesIn),
            date,
            payload: Payload::Daily(vec![Daily {
                date,
                value,
                parts: Some(parts),
            }]),
        }));
        days.extend(daily(water, Metric::Water));
        days
    }

    /// `cardio_load_*.csv`: `timestamp,workout,background,total,data source`, a row per UTC
    /// minute with load. Kept until every offset is known (a local day spans two monthly files).
    fn cardio_load(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let cardio = &mut self.cardio;
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            let workout = cell_num(row, col("workout")).filter(|v| *v >= 0.0);
            let background = cell_num(row, col("background")).filter(|v| *v >= 0.0);
            if let (Some(t), Some(w), Some(b)) = (t, workout, background) {
                cardio.insert(t, [w, b]);
            }
        })
        .map(|_| ())
    }

    /// Cardio load per local day: the sums of its minutes' workout and background load, in time
    /// order, every digit kept.
    fn cardio_days(&mut self) -> Vec<Day> {
        let mut by_date: BTreeMap<NaiveDate, [f64; 3]> = BTreeMap::new();
        for (&t, &[w, b]) in &self.cardio {
            let day = by_date
                .entry(civil_date(t, self.offsets.at(t).0))
                .or_default();
            day[0] += w;
            day[1] += b;
        }
        daily_parts(by_date, Metric::CardioLoad, |[w, b, _]| w + b)
    }

    /// Breaths per minute per sleep stage, a row per night. The local summary's wake time is
    /// naive local (its date is the night's); the Google CSV's is a real UTC instant.
    fn breathing_stages(&mut self, path: &str, r: &[u8], utc: bool) -> Result<(), ImportError> {
        let rows = &mut self.breathing;
        let cols: [&str; 4] = if utc {
            [
                "full sleep stats - milli breaths per minute",
                "deep sleep stats - milli breaths per minute",
                "light sleep stats - milli breaths per minute",
                "rem sleep stats - milli breaths per minute",
            ]
        } else {
            [
                "full_sleep_breathing_rate",
                "deep_sleep_breathing_rate",
                "light_sleep_breathing_rate",
                "rem_sleep_breathing_rate",
            ]
        };
        csv_rows(path, r, |col, row| {
            let at = if utc {
                cell_utc(row, col("timestamp")).map(BreathingAt::Utc)
            } else {
                cell_date(row, col("timestamp")).map(BreathingAt::Local)
            };
            // `-1.0` is a stage not measured; the header's "milli" is wrong (the values are
            // breaths per minute, takeout.md §4.1).
            let rates = cols.map(|c| cell_num(row, col(c)).filter(|v| *v > 0.0));
            if let (Some(at), Some(_)) = (at, rates[0]) {
                rows.push((at, rates));
            }
        })
        .map(|_| ())
    }

    /// The nights' breathing per stage: the local summary's night where it has one, the Google
    /// CSV's on the other dates. The stages are kept where all three were measured.
    fn breathing_days(&mut self) -> Vec<Day> {
        let mut by_date: BTreeMap<NaiveDate, (bool, Daily)> = BTreeMap::new();
        for &(at, [full, deep, light, rem]) in &self.breathing {
            let (date, utc) = match at {
                BreathingAt::Local(d) => (d, false),
                BreathingAt::Utc(t) => (civil_date(t, self.offsets.at(t).0), true),
            };
            let Some(value) = full else {
                continue;
            };
            // A local row is never replaced; a UTC row only by a local one.
            if by_date
                .get(&date)
                .is_some_and(|(had_utc, _)| !had_utc || utc)
            {
                continue;
            }
            let parts = match (deep, light, rem) {
                (Some(d), Some(l), Some(r)) => Some([d, l, r]),
                _ => None,
            };
            by_date.insert(date, (utc, Daily { date, value, parts }));
        }
        by_date
            .into_iter()
            .map(|(date, (_, d))| Day {
                origin: None,
                kind: Kind::Daily(Metric::BreathingByStage),
                date,
                payload: Payload::Daily(vec![d]),
            })
            .collect()
    }

    /// A score per date: `Stress Score.csv` (`DATE` `2026-04-09T00:00:00`, `STRESS_SCORE`; a
    /// day without one is `NO_DATA` or `CALCULATION_FAILED` with 0) or `daily_readiness.csv`
    /// (`timestamp` a bare date, `score`). The dates are labels, never shifted by a zone.
    fn day_scores(&mut self, path: &str, r: &[u8], m: Metric) -> Result<Vec<Day>, ImportError> {
        let (date_col, value_col) = match m {
            Metric::StressScore => ("DATE", "STRESS_SCORE"),
            _ => ("timestamp", "score"),
        };
        let mut by_date = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let failed = cell(row, col("CALCULATION_FAILED"))
                .is_some_and(|c| c.eq_ignore_ascii_case("true"))
                || cell(row, col("STATUS")).is_some_and(|s| s.eq_ignore_ascii_case("NO_DATA"));
            let date = cell(row, col(date_col))
                .and_then(|c| c.get(..10))
                .and_then(|c| NaiveDate::parse_from_str(c, "%Y-%m-%d").ok());
            let value = cell_num(row, col(value_col)).filter(|v| *v > 0.0 && *v <= 100.0);
            if let (false, Some(date), Some(v)) = (failed, date, value) {
                by_date.insert(date, v);
            }
        })?;
        Ok(daily(by_date, m))
    }

    /// The night's skin temperature as a deviation from the person's baseline, °C: nightly
    /// minus baseline, rounded to hundredths as the Google source does. No baseline yet
    /// (`NaN` for the first nights): no value.
    fn skin_daily(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date = cell_date(row, col("timestamp"));
            let nightly = cell_num(row, col("nightly temperature celsius"));
            let baseline = cell_num(row, col("baseline temperature celsius"));
            if let (Some(d), Some(n), Some(b)) = (date, nightly, baseline) {
                by_date.insert(d, crate::model::metric::skin_delta(n - b));
            }
        })?;
        Ok(daily(by_date, Metric::SkinTemperature))
    }

    /// `Computed Temperature`: the mean deviation over the night's samples (their summed
    /// deviation over their count), on the local date the night ended.
    fn computed_temp(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date = cell_date(row, col("sleep_end"));
            let n = cell_num(row, col("temperature_samples")).filter(|n| *n > 0.0);
            let sum = cell_num(row, col("baseline_relative_sample_sum"));
            if let (Some(d), Some(n), Some(sum)) = (date, n, sum) {
                by_date.insert(d, crate::model::metric::skin_delta(sum / n));
            }
        })?;
        Ok(daily(by_date, Metric::SkinTemperature))
    }

    /// `sleep_score.csv`: one row per scored sleep. The date is the wake time's own (local,
    /// whatever its `Z` says). Where a date has two scores, the one with more deep sleep is the
    /// night's main sleep. The three parts are kept only when all three are there (recent
    /// exports leave composition and duration empty).
    fn sleep_scores(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date: BTreeMap<NaiveDate, (f64, Daily)> = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date = cell_date(row, col("timestamp"));
            let overall = cell_num(row, col("overall_score")).filter(|v| *v > 0.0);
            let (Some(date), Some(value)) = (date, overall) else {
                return;
            };
            let part = |c: &str| cell_num(row, col(c)).filter(|v| *v >= 0.0);
            let parts = match (
                part("duration_score"),
                part("composition_score"),
                part("revitalization_score"),
            ) {
                (Some(d), Some(c), Some(v)) => Some([d, c, v]),
                _ => None,
            };
            let deep = cell_num(row, col("deep_sleep_in_minutes")).unwrap_or(0.0);
            if by_date.get(&date).is_none_or(|(d, _)| *d <= deep) {
                by_date.insert(date, (deep, Daily { date, value, parts }));
            }
        })?;
        Ok(by_date
            .into_values()
            .map(|(_, d)| Day {
                origin: None,
                kind: Kind::Daily(Metric::SleepScore),
                date: d.date,
                payload: Payload::Daily(vec![d]),
            })
            .collect())
    }

    fn resting(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        stream::each::<Point>(r, |p| {
            // Placeholder days: `"date" : null, "value" : 0.0`.
            let date = p
                .value
                .get("date")
                .and_then(Value::as_str)
                .and_then(legacy_date);
            let v = p.value.get("value").and_then(number).filter(|v| *v > 0.0);
            if let (Some(d), Some(v)) = (date, v) {
                by_date.insert(d, v);
            }
        })
        .map_err(|e| json(path, e))?;
        Ok(daily(by_date, Metric::RestingHeartRate))
    }

    fn vo2(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        stream::each::<Point>(r, |p| {
            let v = p
                .value
                .get("filteredDemographicVO2Max")
                .or_else(|| p.value.get("demographicVO2Max"))
                .and_then(number)
                .filter(|v| *v > 0.0);
            if let (Some(t), Some(v)) = (legacy_time(&p.date_time), v) {
                by_date.insert(t.date(), (v * 10.0).round() / 10.0);
            }
        })
        .map_err(|e| json(path, e))?;
        Ok(daily(by_date, Metric::Vo2Max))
    }

    /// Kilograms of a weigh-in. The files hold pounds in every export seen, even with a metric
    /// profile; where BMI and a known height say the number is kilograms, it is taken as such.
    fn kilograms(&self, weight: f64, bmi: Option<f64>) -> f64 {
        if let (Some(bmi), Some(h)) = (bmi, self.height_m) {
            let kg = bmi * h * h;
            if (kg - weight).abs() < (kg - weight * LB).abs() {
                return weight;
            }
        }
        weight * LB
    }

    /// `calories_*.csv`: `timestamp,calories,data source`, real UTC, kcal a minute. Kept: a
    /// sample to test the JSON's zone against, and quarter-hour sums.
    /// Where the JSON is the calories, a sample is all it takes: the rest is not parsed (a
    /// month of minutes is 40,000 rows).
    fn calories_csv(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        const SAMPLE: usize = 20_000;
        let whole = self.calories_from_csv;
        let (sample, quarters) = (&mut self.calories_sample, &mut self.calories_quarters);
        if !whole && sample.len() >= SAMPLE {
            return Ok(());
        }
        csv_rows_while(path, r, |col, row| {
            if let (Some(t), Some(v)) = (
                cell_utc(row, col("timestamp")),
                cell_num(row, col("calories")).filter(|v| *v >= 0.0),
            ) {
                if sample.len() < SAMPLE && v > 0.0 {
                    sample.insert(t, v);
                }
                if whole {
                    *quarters.entry(t - t.rem_euclid(900)).or_default() += v;
                }
            }
            whole || sample.len() < SAMPLE
        })?;
        Ok(())
    }

    /// Whether the calories JSON (`minutes`, its times read as if UTC) writes local time:
    /// compared with the CSV at the same instant (UTC) and at the instant the offsets put the
    /// local reading (local), the hypothesis with clearly more equal minutes wins. Said in the
    /// report either way.
    fn calories_zone(&mut self, path: &str, minutes: &[(i64, f64)]) -> bool {
        if let Some(local) = self.calories_local {
            return local;
        }
        if self.calories_sample.is_empty() {
            return false;
        }
        // Each hypothesis: the minutes it lines up with the CSV, and how far they differ in
        // all (resting minutes repeat one value, so equal counts alone would match by chance).
        let score = |shifted: &dyn Fn(i64) -> i64| {
            minutes
                .iter()
                .filter_map(|(t, v)| {
                    self.calories_sample
                        .get(&shifted(*t))
                        .map(|c| (c - v).abs())
                })
                .fold((0usize, 0.0f64), |(n, d), x| (n + 1, d + x))
        };
        let utc = score(&|t| t);
        let local = score(&|t| t - i64::from(self.offsets.at(t).0));
        let mean = |(n, d): (usize, f64)| if n == 0 { f64::INFINITY } else { d / n as f64 };
        if utc.0.max(local.0) < 10 {
            // Not enough overlap to tell: UTC, as takeout.md §3.1 found, undecided.
            return false;
        }
        let is_local = mean(local) < mean(utc);
        self.calories_local = Some(is_local);
        let (win, lose) = if is_local { (local, utc) } else { (utc, local) };
        self.report.notes.push(format!(
            "Calories: {} reads its times as {}: {} minutes line up with the CSV copy that way, {:.3} kcal apart on average ({:.3} the other way).",
            super::layout::file_name(path),
            if is_local { "local time" } else { "UTC" },
            win.0,
            mean(win),
            mean(lose),
        ));
        is_local
    }

    /// The CSV's calories as days, where no JSON copy exists: each quarter hour on the local
    /// date the evidence puts it.
    fn calories_csv_days(&mut self) -> Vec<Day> {
        if !self.calories_from_csv {
            return Vec::new();
        }
        let mut sums: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for (&t, &v) in &self.calories_quarters {
            *sums.entry(civil_date(t, self.offsets.at(t).0)).or_default() += v;
        }
        daily(sums, Metric::Calories)
    }

    /// `weight.csv`: `timestamp,weight grams,data source`, real UTC (with microseconds).
    fn weight_csv(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let grams = &mut self.weight_grams;
        csv_rows(path, r, |col, row| {
            if let (Some(t), Some(g)) = (
                cell_utc(row, col("timestamp")),
                cell_num(row, col("weight grams")).filter(|g| *g > 0.0),
            ) {
                grams.insert(t, g);
            }
        })?;
        Ok(())
    }

    /// The weigh-ins of `weight.csv` as days, where no JSON copy exists: each on the local
    /// date the evidence puts it, the day's last.
    fn weight_csv_days(&mut self) -> Vec<Day> {
        if !self.weight_from_csv {
            return Vec::new();
        }
        let mut last: BTreeMap<NaiveDate, (i64, f64)> = BTreeMap::new();
        for (&t, &g) in &self.weight_grams {
            let date = civil_date(t, self.offsets.at(t).0);
            if last.get(&date).is_none_or(|(u, _)| *u <= t) {
                last.insert(date, (t, g / 1000.0));
            }
        }
        daily(
            last.into_iter().map(|(d, (_, kg))| (d, kg)).collect(),
            Metric::Weight,
        )
    }

    /// The grams `weight.csv` wrote for a weigh-in at local `date` and `time`, when they are
    /// the same weigh-in (within two minutes) and the same weight to the JSON's rounding.
    fn precise_kg(&self, date: NaiveDate, time: NaiveTime, kg: f64) -> Option<f64> {
        let (t, _, _) = self.offsets.resolve(date.and_time(time), None)?;
        self.weight_grams
            .range(t - 120..=t + 120)
            .map(|(_, g)| g / 1000.0)
            // Pounds to one decimal: 0.05 lb is 23 g.
            .find(|precise| (precise - kg).abs() <= 0.025)
    }

    fn weight(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut recs = Vec::new();
        stream::each::<WeightRecord>(r, |w| recs.push(w)).map_err(|e| json(path, e))?;
        // The day's last weigh-in, by local time.
        let mut last: BTreeMap<NaiveDate, (NaiveTime, f64, Option<f64>)> = BTreeMap::new();
        for w in recs {
            let (Some(date), Some(weight)) = (legacy_date(&w.date), number(&w.weight)) else {
                continue;
            };
            let time = w
                .time
                .as_deref()
                .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
                .unwrap_or(NaiveTime::MIN);
            let kg = self.kilograms(weight, w.bmi.as_ref().and_then(number));
            // Where two copies differ only by rounding, the more precise one.
            let kg = self.precise_kg(date, time, kg).unwrap_or(kg);
            let fat = w.fat.as_ref().and_then(number).filter(|f| *f > 0.0);
            if last.get(&date).is_none_or(|(t, _, _)| *t <= time) {
                // Every digit the file has: only the screen rounds.
                last.insert(date, (time, kg, fat));
            }
        }
        let mut days = daily(
            last.iter().map(|(d, (_, kg, _))| (*d, *kg)).collect(),
            Metric::Weight,
        );
        days.extend(daily(
            last.iter()
                .filter_map(|(d, (_, _, fat))| fat.map(|f| (*d, f)))
                .collect(),
            Metric::BodyFat,
        ));
        Ok(days)
    }

    /// A per-date CSV. Its timestamp is a date label (`T00:00:00Z`) or a naive local time:
    /// either way the date is the one written, never shifted by a zone.
    fn daily_csv(
        &mut self,
        path: &str,
        r: &[u8],
        m: Metric,
        column: &str,
    ) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date = cell_date(row, col("timestamp"));
            if let (Some(d), Some(v)) = (date, cell_num(row, col(column)).filter(|v| *v > 0.0)) {
                by_date.insert(d, v);
            }
        })?;
        Ok(daily(by_date, m))
    }

    /// Active Zone Minutes: one row per minute in a zone (local time), `total_minutes` being
    /// the minute's credit (1 in fat burn, 2 in cardio or peak).
    fn azm(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date: BTreeMap<NaiveDate, [f64; 3]> = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date = cell_date(row, col("date_time"));
            let zone = match cell(row, col("heart_zone_id")) {
                Some("FAT_BURN") => 0,
                Some("CARDIO") => 1,
                Some("PEAK") => 2,
                _ => return,
            };
            if let Some(d) = date {
                by_date.entry(d).or_default()[zone] += 1.0;
            }
        })?;
        Ok(daily_parts(
            by_date,
            Metric::ActiveZoneMinutes,
            crate::model::metric::azm_total,
        ))
    }

    /// Heart-rate CSV (real UTC). Read as data only where no JSON copy exists; as a twin, it is
    /// compared with the JSON readings at the same instant (shift 0), and a mismatch warns.
    fn heart_rate_csv(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut samples = Vec::new();
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("beats per minute"))) {
                samples.push(Sample {
                    t,
                    offset: self.offsets.at(t).0,
                    value: v,
                });
            }
        })?;
        let mut by_day: BTreeMap<NaiveDate, Vec<Sample>> = BTreeMap::new();
        for s in samples {
            by_day.entry(civil_date(s.t, s.offset)).or_default().push(s);
        }
        Ok(by_day
            .into_iter()
            .flat_map(|(date, mut v)| {
                v.sort_by_key(|s| s.t);
                hr_day(date, v)
            })
            .collect())
    }

    /// Steps from the CSV folder, for an export without the JSON: real UTC minutes, each on the
    /// local day its offset puts it on. Several recorders (a tracker and a phone) write rows for
    /// the same minutes, and summing them counts the walk twice or more (takeout.md §4.1), so
    /// each day keeps the one recorder with the most steps that day. A monthly file ends at a UTC
    /// midnight: the local day it cuts is completed by the next file's part.
    fn steps_csv(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        // (date, recorder) → minutes; the 2025 form has no recorder column (one recorder).
        let mut by: BTreeMap<(NaiveDate, String), Vec<Interval>> = BTreeMap::new();
        let mut bases = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("steps"))) {
                let (offset, basis) = self.offsets.at(t);
                let date = civil_date(t, offset);
                bases.entry(date).or_insert(basis);
                let source = cell(row, col("data source")).unwrap_or("").to_string();
                if v > 0.0 {
                    by.entry((date, source)).or_default().push(Interval {
                        start: t,
                        end: t + 60,
                        offset,
                        value: v,
                    });
                }
            }
        })?;
        for (d, b) in bases {
            self.report.basis(d, b);
        }
        let mut best: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
        for ((date, _), v) in by {
            let total = |v: &[Interval]| v.iter().map(|i| i.value).sum::<f64>();
            let keep = best.get(&date).is_none_or(|b| total(&v) > total(b));
            if keep {
                best.insert(date, v);
            }
        }
        Ok(step_days(best))
    }

    /// The self-check of a CSV twin of the heart-rate JSON: of the CSV's readings inside the
    /// span the kept JSON readings cover, how many fall on an instant the JSON has a reading
    /// at, and how many of those equal it. A shifted format lines up on few instants.
    pub fn check_twin(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let (lo, hi) = match (self.check.first_key_value(), self.check.last_key_value()) {
            (Some((&lo, _)), Some((&hi, _))) => (lo, hi),
            _ => (1, 0),
        };
        let (mut inside, mut same_instant, mut equal) = (0u32, 0u32, 0u32);
        let check = &self.check;
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("beats per minute"))) {
                if (lo..=hi).contains(&t) {
                    inside += 1;
                    if let Some(j) = check.get(&t) {
                        same_instant += 1;
                        if (j - v).abs() < 0.5 {
                            equal += 1;
                        }
                    }
                }
            }
        })?;
        if inside > 0 {
            self.report.twin(path, inside, same_instant, equal);
        } else {
            // Every file is accounted for: this one is a copy, outside the days kept to check.
            self.report.skip(
                path,
                "the CSV copy of heart-rate days read from the export's JSON (outside the days the self-check compares), so nothing counts twice",
            );
        }
        Ok(())
    }
}

/// What set of dates a list of days covers, per type (for the report).
pub fn dates_of(days: &[Day]) -> BTreeMap<Kind, BTreeSet<NaiveDate>> {
    let mut out: BTreeMap<Kind, BTreeSet<NaiveDate>> = BTreeMap::new();
    for d in days {
        out.entry(d.kind).or_default().insert(d.date);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_times_read_by_position_equal_chronos_parse() {
        for s in [
            "2026-04-06T08:44:03Z",
            "2026-04-06 08:44:03+0000",
            "2026-03-29T01:59:59",
            "2024-02-29T23:00:00",
        ] {
            let body = s.trim_end_matches('Z').trim_end_matches("+0000");
            let fmt = if body.contains('T') {
                "%Y-%m-%dT%H:%M:%S"
            } else {
                "%Y-%m-%d %H:%M:%S"
            };
            assert_eq!(
                csv_time(s),
                NaiveDateTime::parse_from_str(body, fmt).ok(),
                "{s}"
            );
        }
        // Not a time: never a made-up one.
        for s in [
            "2026-02-30T00:00:00",
            "2026-04-06T24:00:00",
            "2026-04-06T08:4a:03",
            "2026-4-06T08:44:03",
        ] {
            assert_eq!(iso_seconds(s.as_bytes()), None, "{s}");
        }
        // Fractions and minutes-only forms still go to the format parser.
        assert_eq!(
            csv_time("2026-04-06T08:44:03.602062Z")
                .map(|t| t.and_utc().timestamp_micros() % 1_000_000),
            Some(602_062)
        );
        assert_eq!(
            csv_time("2026-04-06T08:44").map(|t| t.to_string()),
            Some("2026-04-06 08:44:00".into())
        );
        assert_eq!(
            iso_seconds(b"2026-04-06T08:44").map(|t| t.to_string()),
            Some("2026-04-06 08:44:00".into())
        );
    }

    #[test]
    fn legacy_times_are_read_by_position_and_bad_ones_refused() {
        let t = legacy_time("04/08/26 04:00:01").unwrap();
        assert_eq!(t.to_string(), "2026-04-08 04:00:01");
        assert_eq!(
            legacy_time(" 12/31/99 23:59:59 ").unwrap().to_string(),
            "2099-12-31 23:59:59"
        );
        for bad in [
            "",
            "04/08/2026 04:00:01",
            "13/08/26 04:00:01",
            "04/08/26 24:00:01",
            "04-08-26 04:00:01",
            "0a/08/26 04:00:01",
            "04/08/26 04:00:0\u{e9}",
        ] {
            assert!(legacy_time(bad).is_none(), "{bad}");
        }
    }
}
