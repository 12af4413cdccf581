//! Reading each kind of export file into days of the normalized model, with the time rules of
//! takeout.md §3.1 and the units of §2.4. One `Importer` carries what earlier files taught the
//! later ones (offsets, height) and the report. Pure: it reads a file's bytes.

use super::layout::Role;
use super::offsets::{Basis, Candidates, Offsets};
use super::stream;
use super::{Day, ImportError, Report};
use crate::config::Source;
use crate::model::kind::Night;
use crate::model::metric::{Metric, Units};
use crate::model::time::civil_date;
use crate::model::{Daily, Exercise, Interval, Kind, Payload, Provenance, Sample, SleepSession};
use crate::sources::fitbit::series::{session, SleepLog};
use crate::sources::json::number;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;

mod body;
mod daily;
mod exercise;
mod food;
mod heart;
mod minutes;
mod night;
mod sleep;
/// A pound, in kilograms.
mod tables;
#[cfg(test)]
mod tests;

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
    /// The nights' beat-to-beat histograms by their naive local wake time (a copy in a second
    /// file counts once), placed by `finish` once every clue of the export is known.
    histograms: BTreeMap<NaiveDateTime, Vec<f64>>,
    /// The heart rate and the steps of every UTC quarter hour of the day files: which of two
    /// passes of a local time a sleep was (the one where the heart rate is a sleeper's, or
    /// where no step was taken).
    quarters: Evidence,
    /// Heart-rate days where the clock went back (a fall-back hour, a flight west), kept whole
    /// until the CSV copies are read: a JSON keyed by the wall clock can lack readings there.
    went_back: Vec<WentBack>,
    /// The heart-rate CSV read as data last (its file name and readings), placed when the
    /// next is read: a flight across a UTC midnight pauses across two files.
    csv_pending: Option<heart::CsvFile>,
    /// The export's heart rate is its CSV, read after the steps (`layout::plan`): the steps of
    /// the dates near a trip are held until then (set by the job).
    pub hold_steps: bool,
    /// Those steps, real UTC: (instant, steps, index in `held_from`), placed by `finish`, when
    /// the heart rate's pauses have said where each flight was.
    held_steps: Vec<(i64, f64, usize)>,
    /// The file and recorder of held steps.
    held_from: Vec<(String, Option<String>)>,
}

/// A heart-rate day whose clock went back, as placed, and the UTC spans lived twice.
#[derive(Debug)]
struct WentBack {
    file: String,
    date: NaiveDate,
    samples: Vec<Sample>,
    windows: Vec<(i64, i64)>,
}

/// For each sleep, given the passes of its local start (in time order; two where a flight west
/// repeats hours of a date, or a fall-back hour) and its length: the instant before the pass the
/// evidence names when that is not the first, else `None` (the earlier is taken).
///
/// A sleep with one pass is placed; then, round by round, a sleep with exactly one pass that
/// overlaps no placed sleep takes it (no one sleeps twice at once), and where none does, the
/// one whose heart rate tells its passes apart most clearly (a sleeper's, 10 bpm or more below
/// the other's) takes the lower; where no heart rate's level does, one whose steps or heart
/// rate's dip do (`Evidence::named`). Each placing can decide the next. `twin_of[i]`: a sleep this
/// one is another copy of (the table's other algorithm version), which shares its choice and
/// never counts as an overlap; empty where there are no twins.
fn chosen_passes(
    items: &[(Vec<i64>, i64)],
    twin_of: &[Option<usize>],
    evidence: &Evidence,
) -> Vec<Option<i64>> {
    let mut chosen: Vec<Option<i64>> = items
        .iter()
        .map(|(p, _)| match p.as_slice() {
            [t] => Some(*t),
            _ => None,
        })
        .collect();
    let root = |i: usize| twin_of.get(i).copied().flatten().unwrap_or(i);
    loop {
        let sure: Vec<(usize, i64, i64)> = chosen
            .iter()
            .zip(items)
            .enumerate()
            .filter_map(|(i, (c, (_, len)))| c.map(|t| (root(i), t, t + len)))
            .collect();
        let mut progress = false;
        let mut clearest: Option<(f64, usize, i64)> = None;
        let mut named: Option<(usize, i64)> = None;
        for (i, (passes, len)) in items.iter().enumerate() {
            if chosen.get(i).copied().flatten().is_some() || root(i) != i {
                continue;
            }
            let free: Vec<i64> = passes
                .iter()
                .copied()
                .filter(|t| {
                    !sure
                        .iter()
                        .any(|&(r, a, b)| r != i && a < t + len && *t < b)
                })
                .collect();
            if let [t] = free.as_slice() {
                if let Some(c) = chosen.get_mut(i) {
                    *c = Some(*t);
                }
                progress = true;
                continue;
            }
            let tried = if free.is_empty() {
                passes.as_slice()
            } else {
                &free
            };
            let mut hrs: Vec<(f64, i64)> = tried
                .iter()
                .filter_map(|&t| evidence.hr.mean(t, t + len).map(|m| (m, t)))
                .collect();
            if named.is_none() {
                named = evidence.named(tried, *len).map(|t| (i, t));
            }
            hrs.sort_by(|a, b| a.0.total_cmp(&b.0));
            if let [low, next, ..] = hrs.as_slice() {
                let gap = next.0 - low.0;
                if gap >= 10.0 && hrs.len() == tried.len() && clearest.is_none_or(|c| gap > c.0) {
                    clearest = Some((gap, i, low.1));
                }
            }
        }
        if !progress {
            match clearest.map(|(_, i, t)| (i, t)).or(named) {
                Some((i, t)) => {
                    if let Some(c) = chosen.get_mut(i) {
                        *c = Some(t);
                    }
                }
                None => break,
            }
        }
    }
    items
        .iter()
        .enumerate()
        .map(|(i, (passes, _))| {
            let c = chosen.get(root(i)).copied().flatten()?;
            // A twin takes the pass of its root's choice: the same clock, its own start.
            let k = items
                .get(root(i))
                .and_then(|(rp, _)| rp.iter().position(|t| *t == c))?;
            let t = *passes.get(k)?;
            (passes.len() >= 2 && Some(&t) != passes.first()).then_some(t - 1)
        })
        .collect()
}

/// What the day files say about each UTC quarter hour: the heart rate, and the steps.
#[derive(Debug, Default)]
pub(super) struct Evidence {
    pub(super) hr: Quarters,
    /// Steps a minute, from every minute of the steps files (they write the minutes without
    /// steps too, so a quarter's mean of 0 is a still quarter, not a missing one).
    pub(super) steps: Quarters,
}

impl Evidence {
    /// Of a sleep's passes, the one the day files name where the heart rate's level alone
    /// does not: the only pass without a step where every other walked 50 steps or more in
    /// the same span (`stillest`), else the only pass whose heart rate dips 4 bpm or more
    /// below the half hours either side of it, where no other dips within 4 bpm of it
    /// (`dipped`: falling asleep lowers the heart rate from that of sitting still, which is
    /// what tells a nap from the same half hour lived awake). `None` where neither does.
    fn named(&self, passes: &[i64], len: i64) -> Option<i64> {
        if passes.len() < 2 {
            return None;
        }
        self.stillest(passes, len)
            .or_else(|| self.dipped(passes, len))
    }

    fn stillest(&self, passes: &[i64], len: i64) -> Option<i64> {
        let minutes = (len as f64 / 60.0).max(1.0);
        let mut still = None;
        for &t in passes {
            let total = self.steps.mean(t, t + len)? * minutes;
            if total < minutes / 10.0 {
                if still.is_some() {
                    return None;
                }
                still = Some(t);
            } else if total < 50.0 {
                return None;
            }
        }
        still
    }

    fn dipped(&self, passes: &[i64], len: i64) -> Option<i64> {
        const AROUND: i64 = 1800;
        const DIP: f64 = 4.0;
        let mut dips: Vec<(f64, i64)> = passes
            .iter()
            .map(|&t| {
                let inside = self.hr.mean(t, t + len)?;
                let before = self.hr.mean(t - AROUND, t)?;
                let after = self.hr.mean(t + len, t + len + AROUND)?;
                Some(((before + after) / 2.0 - inside, t))
            })
            .collect::<Option<_>>()?;
        dips.sort_by(|a, b| b.0.total_cmp(&a.0));
        match dips.as_slice() {
            [best, next, ..] if best.0 >= DIP && best.0 - next.0 >= DIP => Some(best.1),
            _ => None,
        }
    }
}

/// Mean reading per UTC quarter hour, a day to a row (a few KB a day: ten years are 3 MB).
#[derive(Debug, Default)]
pub(super) struct Quarters(std::collections::HashMap<i64, Box<QuarterRow>>);

/// A UTC day's 96 quarter hours: the sum of their readings and how many there were.
type QuarterRow = [(f32, u16); 96];

impl Quarters {
    const Q: i64 = 900;

    /// Adds readings (any order; sorted ones touch one row at a time).
    pub(super) fn add(&mut self, samples: &[Sample]) {
        let mut row: Option<(i64, &mut Box<QuarterRow>)> = None;
        for s in samples {
            let day = s.t.div_euclid(86_400);
            if row.as_ref().is_none_or(|r| r.0 != day) {
                row = Some((
                    day,
                    self.0
                        .entry(day)
                        .or_insert_with(|| Box::new([(0.0, 0); 96])),
                ));
            }
            if let Some((_, r)) = row.as_mut() {
                let q = (s.t.rem_euclid(86_400) / Self::Q) as usize;
                if let Some(cell) = r.get_mut(q) {
                    cell.0 += s.value as f32;
                    cell.1 = cell.1.saturating_add(1);
                }
            }
        }
    }

    /// The mean over the quarters of `[from, to)`, where readings cover at least half of them.
    pub(super) fn mean(&self, from: i64, to: i64) -> Option<f64> {
        let (mut sum, mut n, mut covered, mut all) = (0.0f64, 0u64, 0u32, 0u32);
        let mut q = from.div_euclid(Self::Q);
        while q * Self::Q < to {
            all += 1;
            let t = q * Self::Q;
            if let Some(c) = self
                .0
                .get(&t.div_euclid(86_400))
                .and_then(|r| r.get((t.rem_euclid(86_400) / Self::Q) as usize))
                .filter(|c| c.1 > 0)
            {
                sum += f64::from(c.0);
                n += u64::from(c.1);
                covered += 1;
            }
            q += 1;
        }
        (all > 0 && covered * 2 >= all).then(|| sum / n as f64)
    }
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

/// The date in a dated file name (`heart_rate-2026-04-08.json` → 2026-04-08).
pub(super) fn name_date(path: &str) -> Option<NaiveDate> {
    let name = super::layout::file_name(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let tail = stem.get(stem.len().checked_sub(10)?..)?;
    NaiveDate::parse_from_str(tail, "%Y-%m-%d").ok()
}

/// What set of dates a list of days covers, per type (for the report).
pub fn dates_of(days: &[Day]) -> BTreeMap<Kind, BTreeSet<NaiveDate>> {
    let mut out: BTreeMap<Kind, BTreeSet<NaiveDate>> = BTreeMap::new();
    for d in days {
        out.entry(d.kind).or_default().insert(d.date);
    }
    out
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

/// A heart-rate day file read, not yet placed: its end's offset may need the next file.
#[derive(Clone, Debug)]
struct PendingDay {
    file: String,
    date: NaiveDate,
    samples: Vec<Sample>,
    /// The edges `Offsets::infer_day` believed.
    edges: (Option<i32>, Option<i32>),
}

/// When a night's breathing-per-stage row was measured.
#[derive(Clone, Copy, Debug)]
enum BreathingAt {
    /// The local date of the wake time (`Respiratory Rate Summary`, naive local).
    Local(NaiveDate),
    /// The sleep's end as a real UTC instant (`respiratory_rate_sleep_summary_`).
    Utc(i64),
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
        let mut held = if role == Role::HeartRate {
            Vec::new()
        } else {
            self.place_pending()
        };
        if role != Role::HeartRateCsv {
            held.extend(self.place_csv_pending());
        }
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
            Role::HrvHistogram => self.beat_histograms(path, r).map(|_| Vec::new()),
            Role::ZoneBounds => self.zone_bounds(path, r),
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
        // A day that names only its recorder so far (`steps_csv`) gets its file here too.
        for d in days
            .iter_mut()
            .filter(|d| d.origin.as_ref().is_none_or(|o| o.file.is_empty()))
        {
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
                recorder: d.origin.take().and_then(|o| o.recorder),
            });
        }
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
        let mut held = self.place_pending();
        held.extend(self.place_csv_pending());
        // What only the whole export places, each with the files it came from.
        let mut gathered = vec![
            (self.weight_csv_days(), "weight.csv"),
            (self.calories_csv_days(), "calories CSV"),
            (self.level_days(), "activity-level minutes JSON"),
            (self.food_days(), "food and water logs"),
            (self.cardio_days(), "cardio load CSV"),
            (self.breathing_days(), "respiratory rate summary"),
            (self.histogram_days(), "heart rate variability histogram"),
            (self.held_step_days(), "steps"),
        ];
        for (n, tail) in std::mem::take(&mut self.night_tails) {
            gathered.push((night_days(n, tail), n.key()));
        }
        for (mut days, from) in gathered {
            self.stamp(&mut days, from);
            held.extend(days);
        }
        self.report.days_read(&held);
        let nights = self.table_nights();
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
}
