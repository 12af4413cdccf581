//! The normalized model. Every instant is UTC (unix seconds) and carries the UTC offset that
//! was in force where and when it was recorded, so local time is never guessed later.

pub mod codec;
pub mod compare;
pub mod derive;
pub mod kind;
pub mod metric;
#[cfg(test)]
pub(crate) mod pyoracle;
pub mod recorders;
pub mod resolution;
pub mod route;
pub mod sleep_timing;
pub mod source;
pub mod time;
pub mod usual;
pub mod week;
pub mod workouts;
pub mod years;
pub mod zone;

use chrono::NaiveDate;
pub use kind::{Kind, Payload};
use serde::{Deserialize, Serialize};
pub use source::{Provider, Source};

/// One day of one data type, as a source hands it over: an import's file, the demo's
/// generator, or the days a download asks the worker module to write. It is what the page and
/// the worker module carry between them (`worker::protocol::RawDay` is its encoded form).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub kind: Kind,
    pub date: chrono::NaiveDate,
    pub payload: Payload,
    /// The file it came from and the rule that placed its times (an import sets it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Where a record came from: its source, and the device when the source names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Stored under its first name, `provider`, so records kept before the rename still read.
    #[serde(rename = "provider")]
    pub source: Source,
    /// The device's display name, when the API says.
    pub device: Option<String>,
}

/// A reading at one instant (heart rate, SpO2, HRV, weight…).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Unix seconds, UTC.
    pub t: i64,
    /// Seconds east of UTC at recording.
    pub offset: i32,
    pub value: f64,
}

/// An amount over `[start, end)` (steps, distance, calories, floors, AZM).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
    /// Offset at `start`.
    pub offset: i32,
    pub value: f64,
}

/// A sleep stage. `Asleep`/`Restless` belong to the older "classic" scoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Wake,
    Light,
    Deep,
    Rem,
    Asleep,
    Restless,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Wake => "wake",
            Stage::Light => "light",
            Stage::Deep => "deep",
            Stage::Rem => "rem",
            Stage::Asleep => "asleep",
            Stage::Restless => "restless",
        }
    }
}

/// Why a sleep has no stages, as its source said: Google's `stagesStatus` (discovery document,
/// `SleepMetadata`), or the Fitbit Web API's and the export's `infoCode` (Get Sleep Log by
/// Date: 1 insufficient heart-rate data, 2 shorter than 3 hours, 3 a server-side issue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoStages {
    /// Too few beat-to-beat readings (`REJECTED_COVERAGE`, infoCode 1).
    LowCoverage,
    /// A gap of 2 hours or more in the middle (`REJECTED_MAX_GAP`).
    GapInside,
    /// A gap of an hour or more at the start (`REJECTED_START_GAP`).
    GapAtStart,
    /// A gap of an hour or more at the end (`REJECTED_END_GAP`).
    GapAtEnd,
    /// Under 3 hours: a nap (`REJECTED_NAP`, infoCode 2).
    TooShort,
    /// The data stages are computed from was not there (`REJECTED_SERVER`).
    NoInput,
    /// The server gave up or failed (`TIMEOUT`, `PROCESSING_INTERNAL_ERROR`, infoCode 3).
    ServerFailed,
}

impl NoStages {
    /// From Google's `stagesStatus`; `None` where stages were computed or the value is
    /// unspecified or unknown.
    pub fn from_google(status: &str) -> Option<NoStages> {
        Some(match status {
            "REJECTED_COVERAGE" => NoStages::LowCoverage,
            "REJECTED_MAX_GAP" => NoStages::GapInside,
            "REJECTED_START_GAP" => NoStages::GapAtStart,
            "REJECTED_END_GAP" => NoStages::GapAtEnd,
            "REJECTED_NAP" => NoStages::TooShort,
            "REJECTED_SERVER" => NoStages::NoInput,
            "TIMEOUT" | "PROCESSING_INTERNAL_ERROR" => NoStages::ServerFailed,
            _ => return None,
        })
    }

    /// From a Fitbit sleep log's `infoCode`; `None` for 0 (enough data) or an unknown code.
    pub fn from_fitbit(code: i64) -> Option<NoStages> {
        Some(match code {
            1 => NoStages::LowCoverage,
            2 => NoStages::TooShort,
            3 => NoStages::ServerFailed,
            _ => return None,
        })
    }

    /// Its name in a CSV cell and a `data-` attribute.
    pub fn key(self) -> &'static str {
        match self {
            NoStages::LowCoverage => "low_coverage",
            NoStages::GapInside => "gap_inside",
            NoStages::GapAtStart => "gap_at_start",
            NoStages::GapAtEnd => "gap_at_end",
            NoStages::TooShort => "too_short",
            NoStages::NoInput => "no_input",
            NoStages::ServerFailed => "server_failed",
        }
    }

    /// Why, in one sentence a person can act on.
    pub fn text(self) -> &'static str {
        match self {
            NoStages::LowCoverage => "there were too few heart-rate readings through the night, usually because the tracker sat loosely; wear it snugly, a finger's width above the wrist bone",
            NoStages::GapInside => "the readings stopped for 2 hours or more in the middle of the night (the tracker was off, or out of battery)",
            NoStages::GapAtStart => "the readings began an hour or more after the sleep did (the tracker was put on late)",
            NoStages::GapAtEnd => "the readings stopped an hour or more before the sleep ended (the tracker was taken off, or ran out of battery)",
            NoStages::TooShort => "the sleep was shorter than 3 hours, and stages are only computed for longer sleeps",
            NoStages::NoInput => "the tracker's data that stages are computed from did not reach the server",
            NoStages::ServerFailed => "the server failed while computing them; nothing is wrong with the tracker",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub start: i64,
    pub end: i64,
    pub stage: Stage,
}

/// One sleep, with its stages as a gap-free sequence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SleepSession {
    pub start: i64,
    pub end: i64,
    pub start_offset: i32,
    pub end_offset: i32,
    pub is_main: bool,
    pub segments: Vec<Segment>,
    pub source: Provenance,
    /// Minutes from lying down to falling asleep, as the provider reports it.
    #[serde(default)]
    pub fall_asleep_min: Option<i64>,
    /// Why it has no stages, where its source said (older records: never said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_stages: Option<NoStages>,
}

impl SleepSession {
    /// Whether it has sleep stages (light, deep or REM).
    pub fn has_stages(&self) -> bool {
        self.segments
            .iter()
            .any(|g| matches!(g.stage, Stage::Light | Stage::Deep | Stage::Rem))
    }

    /// Whether it was scored the classic way (asleep, restless).
    pub fn is_classic(&self) -> bool {
        self.segments
            .iter()
            .any(|g| matches!(g.stage, Stage::Asleep | Stage::Restless))
    }

    /// The night a sleep belongs to: the civil date on which it ended, where it ended.
    pub fn night(&self) -> NaiveDate {
        crate::model::time::civil_date(self.end, self.end_offset)
    }

    /// Seconds spent in `stage`.
    pub fn seconds_in(&self, stage: Stage) -> i64 {
        self.segments
            .iter()
            .filter(|s| s.stage == stage)
            .map(|s| s.end - s.start)
            .sum()
    }

    /// Whole minutes asleep over whole minutes in bed, percent, rounded down (Fitbit's
    /// definition; Google gives no efficiency, so both sources are computed alike).
    pub fn efficiency_pct(&self) -> i64 {
        let in_bed = (self.end - self.start) / 60;
        let asleep = in_bed - self.seconds_in(Stage::Wake) / 60;
        if in_bed > 0 {
            asleep * 100 / in_bed
        } else {
            0
        }
    }

    /// Merges touching segments of the same stage, so both APIs' ways of cutting compare equal.
    pub fn normalize(mut self) -> SleepSession {
        self.segments.sort_by_key(|s| s.start);
        let mut out: Vec<Segment> = Vec::with_capacity(self.segments.len());
        for seg in self.segments {
            match out.last_mut() {
                Some(last) if last.stage == seg.stage && last.end == seg.start => {
                    last.end = seg.end
                }
                _ => out.push(seg),
            }
        }
        self.segments = out;
        self
    }
}

/// A value for a civil date (resting HR, daily HRV, VO2 max…).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Daily {
    pub date: NaiveDate,
    pub value: f64,
    /// The metric's parts, where it has some (`Metric::part_columns`: AZM's minutes in fat
    /// burn, cardio and peak).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<[f64; 3]>,
}

/// The person's heart-rate zones on a civil date, as the provider drew them: the lower bounds
/// (bpm) of Fat Burn, Cardio and Peak (Google: Moderate, Vigorous, Peak). Below the first is
/// "out of range" (Google: Light).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayZones {
    pub date: NaiveDate,
    pub bounds: [f64; 3],
}

impl DayZones {
    /// The zones of `date` from each zone's lower bound, looked up by Google's name
    /// (`MODERATE`, `VIGOROUS`, `PEAK`): the API and the 2026 export name them alike. `None`
    /// unless all three are there and rise, so a day is never drawn with bands out of order.
    pub fn from_minimums(date: NaiveDate, min: impl Fn(&str) -> Option<f64>) -> Option<DayZones> {
        let (a, b, c) = (min("MODERATE")?, min("VIGOROUS")?, min("PEAK")?);
        (a < b && b < c).then_some(DayZones {
            date,
            bounds: [a, b, c],
        })
    }
}

/// Where a stored day was read from and what placed its times on the clock, for a source that
/// knows more than its own name (an import: the export's file, and the rule of
/// `sources::import::offsets::Basis` that gave the day its UTC offset).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    /// `None` for a day of date labels (daily values): there is no time to place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_basis: Option<String>,
    /// The recorder the file named for these numbers (`data source`: a tracker, a phone), where
    /// a file holds several for one type (`model::recorders`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<String>,
}

impl Origin {
    /// A day one recorder gave, before its file and time rule are known (`model::recorders`).
    pub fn recorded_by(recorder: String) -> Origin {
        Origin {
            file: String::new(),
            time_basis: None,
            recorder: Some(recorder),
        }
    }
}

/// One logged exercise (a walk, a run, a workout): its bounds, what it was, and the totals the
/// tracker gave it. Numbers a log lacks are `None` (manual logs often carry no heart rate).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    pub start: i64,
    pub end: i64,
    /// Offset at `start`.
    pub offset: i32,
    /// What it was, as the person or the tracker named it ("Walk", "Run").
    pub name: String,
    /// How it was logged: `auto_detected`, `tracker`, `manual`, … as the provider says.
    pub logged: String,
    /// Seconds of it that were active (pauses excluded), when the log says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_s: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calories: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_bpm: Option<f64>,
    /// Its laps or splits, in order, where the source gives them (Google's `splitSummaries`,
    /// else its `splits`: 1 km or 1 mile by default). Empty for a source that has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub splits: Vec<Split>,
    /// Its pauses, `[from, to)` in Unix seconds, in order, where the source says (Google's
    /// `exerciseEvents`: a pause, automatic or not, until the next resume or the stop).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<(i64, i64)>,
    /// Where it was recorded with GPS: the source's id of its route (Google's exercise id,
    /// which `exportExerciseTcx` takes). The track itself is asked for only when the person
    /// opens it, with their leave to read their location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
}

/// One lap or split of an exercise, as its source measured it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub start: i64,
    pub end: i64,
    /// Offset at `start`, where the source recorded one for the split (Google does: a lap
    /// after a DST switch or a flight has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i32>,
    /// How it was split: `DISTANCE`, `DURATION`, `CALORIES`, or `MANUAL` (a lap marked by the
    /// person), as Google names it.
    pub kind: String,
    /// Seconds of it not paused, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_s: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calories: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_bpm: Option<f64>,
}

/// How a night's beat-to-beat intervals spread (exports and the demo: the `Heart Rate
/// Variability Histogram` files): the share of the night's intervals in each bin of
/// `BeatHistogram::WIDTH_MS`, from `BeatHistogram::FIRST_MS`, as the export writes them.
/// A narrow peak is a steady heart; a wide one, a variable one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BeatHistogram {
    /// The wake time of the sleep it describes (Unix seconds, UTC).
    pub wake: i64,
    /// Seconds east of UTC at the wake time.
    pub offset: i32,
    /// The share of intervals in each bin (the export's fractions, about 1 in all).
    pub shares: Vec<f64>,
}

impl BeatHistogram {
    /// Where the first bin starts, in milliseconds (the export's README: "the bins start at
    /// 0.3s").
    pub const FIRST_MS: u32 = 300;
    /// Each bin's width in milliseconds ("the bins interval is 0.05s").
    pub const WIDTH_MS: u32 = 50;
    /// How many bins a file's rows have.
    pub const BINS: usize = 29;

    /// Bin `i`'s interval lengths, `[from, to)` in milliseconds.
    pub fn bin_ms(i: usize) -> (u32, u32) {
        let from = Self::FIRST_MS + Self::WIDTH_MS * i as u32;
        (from, from + Self::WIDTH_MS)
    }

    /// The heart rate a bin's middle interval stands for, in beats per minute (60,000 ms over
    /// the interval): how a reader of the chart relates a bin to the heart-rate line.
    pub fn bin_bpm(i: usize) -> f64 {
        let (from, to) = Self::bin_ms(i);
        60_000.0 / (f64::from(from + to) / 2.0)
    }
}

/// One food a person logged (exports only): what, how much, in which meal, and its nutrients
/// as the log gives them (for the amount eaten). `None` where the log has no such number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FoodLog {
    /// The local day it was logged for.
    pub date: NaiveDate,
    /// Breakfast, Lunch, Dinner, …, or `None` where the log does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// The amount's unit as the log names it ("cup", "oz").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calories: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbs_g: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fat_g: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber_g: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protein_g: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sodium_mg: Option<f64>,
}

impl FoodLog {
    /// Fitbit's meal of a `mealTypeId`.
    pub fn meal_named(id: u64) -> Option<&'static str> {
        match id {
            1 => Some("Breakfast"),
            2 => Some("Morning snack"),
            3 => Some("Lunch"),
            4 => Some("Afternoon snack"),
            5 => Some("Dinner"),
            6 => Some("Evening snack"),
            7 => Some("Anytime"),
            _ => None,
        }
    }

    /// Its numbers, in the export's column order.
    pub fn numbers(&self) -> [Option<f64>; 7] {
        [
            self.amount,
            self.calories,
            self.carbs_g,
            self.fat_g,
            self.fiber_g,
            self.protein_g,
            self.sodium_mg,
        ]
    }

    /// A day's logs in a sentence: how many foods, the energy and the three macronutrients.
    pub fn summary(list: &[FoodLog]) -> String {
        let sum = |f: fn(&FoodLog) -> Option<f64>| list.iter().filter_map(f).sum::<f64>();
        format!(
            "{} {}, {:.0} kcal: {:.0} g carbohydrate, {:.0} g fat, {:.0} g protein",
            list.len(),
            if list.len() == 1 { "food" } else { "foods" },
            sum(|f| f.calories),
            sum(|f| f.carbs_g),
            sum(|f| f.fat_g),
            sum(|f| f.protein_g),
        )
    }

    /// The row a list shows: meal, food, amount, kcal, carbohydrate, fat, protein, sodium ("–"
    /// where the log has no such number).
    pub fn cells(&self) -> [String; 8] {
        let num = |v: Option<f64>, unit: &str, decimals: usize| {
            v.map_or_else(|| "–".to_string(), |v| format!("{v:.decimals$} {unit}"))
        };
        let amount = match (self.amount, &self.unit) {
            // As written: 1.5, not 1.50.
            (Some(a), Some(u)) => format!("{a} {u}"),
            (Some(a), None) => a.to_string(),
            _ => "–".to_string(),
        };
        [
            self.meal.clone().unwrap_or_else(|| "–".to_string()),
            self.name.clone(),
            amount,
            num(self.calories, "kcal", 0),
            num(self.carbs_g, "g", 1),
            num(self.fat_g, "g", 1),
            num(self.protein_g, "g", 1),
            num(self.sodium_mg, "mg", 0),
        ]
    }

    fn numbers_mut(&mut self) -> [&mut Option<f64>; 7] {
        [
            &mut self.amount,
            &mut self.calories,
            &mut self.carbs_g,
            &mut self.fat_g,
            &mut self.fiber_g,
            &mut self.protein_g,
            &mut self.sodium_mg,
        ]
    }

    /// Without a number that is not finite (see `Payload::finite`).
    pub fn finite(mut self) -> FoodLog {
        for x in self.numbers_mut() {
            *x = x.filter(|v| v.is_finite());
        }
        self
    }
}

impl Exercise {
    /// An exercise with its bounds, offset, name and how it was logged, and no figures: the
    /// tests' fixture, which each fills in as it needs.
    #[cfg(test)]
    pub fn bare(start: i64, end: i64, offset: i32, name: &str, logged: &str) -> Exercise {
        Exercise {
            start,
            end,
            offset,
            name: name.into(),
            logged: logged.into(),
            active_s: None,
            calories: None,
            steps: None,
            distance_km: None,
            avg_bpm: None,
            splits: Vec::new(),
            pauses: Vec::new(),
            route: None,
        }
    }

    /// The civil date it started on, where it started.
    pub fn date(&self) -> NaiveDate {
        crate::model::time::civil_date(self.start, self.offset)
    }

    /// The row a list shows, in the person's units: date, local start, activity, duration,
    /// distance, calories, mean heart rate, steps, how it was logged ("–" where the log has
    /// no such number).
    pub fn cells(&self, units: metric::Units) -> [String; 9] {
        use metric::Metric;
        let none = || "–".to_string();
        let start = time::local(self.start, self.offset);
        [
            start.format("%a %-d %b %Y").to_string(),
            start.format("%H:%M").to_string(),
            self.name.clone(),
            time::duration_text(self.end - self.start),
            self.distance_km
                .map_or_else(none, |k| units.text(Metric::Distance, k)),
            self.calories.map_or_else(none, |c| format!("{c:.0} kcal")),
            self.avg_bpm.map_or_else(none, |b| format!("{b:.0} bpm")),
            self.steps.map_or_else(none, |n| format!("{n:.0}")),
            self.logged.replace('_', " "),
        ]
    }
}

#[cfg(test)]
mod food_tests {
    use crate::model::FoodLog;

    #[test]
    fn a_days_foods_read_as_a_sentence_and_rows() {
        let log = |name: &str, kcal, carbs, fat, protein| FoodLog {
            date: chrono::NaiveDate::from_ymd_opt(2018, 4, 23).unwrap(),
            meal: Some("Dinner".into()),
            name: name.into(),
            amount: Some(1.5),
            unit: Some("cup".into()),
            calories: kcal,
            carbs_g: carbs,
            fat_g: fat,
            fiber_g: None,
            protein_g: protein,
            sodium_mg: None,
        };
        let day = [
            log(
                "Brown Rice",
                Some(324.0),
                Some(67.16),
                Some(2.64),
                Some(7.55),
            ),
            log("Tea", None, None, None, None),
        ];
        assert_eq!(
            FoodLog::summary(&day),
            "2 foods, 324 kcal: 67 g carbohydrate, 3 g fat, 8 g protein"
        );
        assert_eq!(
            day[0].cells(),
            [
                "Dinner",
                "Brown Rice",
                "1.5 cup",
                "324 kcal",
                "67.2 g",
                "2.6 g",
                "7.5 g",
                "–"
            ]
            .map(String::from)
        );
        assert_eq!(day[1].cells()[3], "–");
    }
}
