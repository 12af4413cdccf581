//! The data types (`Kind`) and one day's data of a type (`Payload`): the unit every source
//! delivers, the cache stores and the views read.

use crate::model::metric::Metric;
use crate::model::{
    BeatHistogram, Daily, DayZones, Exercise, FoodLog, Interval, Sample, SleepSession,
};
use serde::{Deserialize, Serialize};

/// The data types the cache holds, one record per civil day each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Kind {
    /// Heart rate at the finest detail the provider has (Fitbit 1 s, Google every sample).
    HeartRate,
    /// Heart rate as one mean per minute: what a backfill fetches (1/60 of the size).
    HeartRate1m,
    Steps,
    /// Sleeps that ended on the day.
    Sleep,
    /// One value per day (none on days without enough data): see `Metric`.
    Daily(Metric),
    /// The day's heart-rate zone bounds as the provider drew them (the day view's bands).
    HeartRateZones,
    /// Exercises that started on the day.
    Exercises,
    /// Readings through the night that ended on the day (exports and the demo): see `Night`.
    Night(Night),
    /// The foods logged for the day (exports and the demo).
    Food,
    /// How the beat-to-beat intervals of each sleep that ended on the day spread (exports and
    /// the demo): see `BeatHistogram`.
    BeatHistogram,
}

/// A series measured through the night, kept at every reading an export has. A night is a
/// run of readings without a pause of `Night::PAUSE_S`, filed on the local date of its last
/// reading (as a sleep is filed on the day it ended), however late it began or ended: a
/// jet-lagged sleep from 15:00 is one night as much as one from 23:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Night {
    /// Blood oxygen, about once a minute (`Minute SpO2`, or its Google twin).
    Spo2,
    /// Heart-rate variability (RMSSD) every 5 minutes (`Heart Rate Variability Details`, or
    /// its Google twin).
    Hrv,
    /// Fitbit's estimated oxygen variation, once a minute (`estimated_oxygen_variation`).
    OxygenVariation,
}

impl Night {
    pub const ALL: [Night; 3] = [Night::Spo2, Night::Hrv, Night::OxygenVariation];

    pub fn key(self) -> &'static str {
        match self {
            Night::Spo2 => "spo2_minutes",
            Night::Hrv => "hrv_5min",
            Night::OxygenVariation => "oxygen_variation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Night::Spo2 => "Blood oxygen through the night",
            Night::Hrv => "Heart-rate variability through the night",
            Night::OxygenVariation => "Estimated oxygen variation",
        }
    }

    /// The unit of its values.
    pub fn unit(self) -> &'static str {
        match self {
            Night::Spo2 => "%",
            Night::Hrv => "ms",
            Night::OxygenVariation => "IR/red",
        }
    }

    /// The export column of its values, and what they are.
    pub fn column(self) -> (&'static str, &'static str) {
        match self {
            Night::Spo2 => ("spo2_pct", "blood oxygen saturation at utc_time, percent (readings of exactly 50, the tracker's invalid-reading floor, are left out)"),
            Night::Hrv => ("rmssd_ms", "RMSSD of the beat-to-beat intervals over the 5 minutes starting at utc_time, milliseconds"),
            Night::OxygenVariation => ("ir_red_ratio", "Fitbit's estimated oxygen variation at utc_time: the change in the infrared-to-red signal ratio (larger swings suggest breathing disturbances), no unit"),
        }
    }

    /// A pause longer than this between two readings ends a night.
    pub const PAUSE_S: i64 = 3 * 3600;
}

/// Stored (backfill specs) and keyed by its key, so a kind keeps its name when the enum
/// changes shape.
impl From<Kind> for String {
    fn from(k: Kind) -> String {
        k.key().to_string()
    }
}

impl TryFrom<String> for Kind {
    type Error = String;
    fn try_from(s: String) -> Result<Kind, String> {
        Kind::from_key(&s).ok_or_else(|| format!("unknown data type {s:?}"))
    }
}

impl Kind {
    pub const RESTING: Kind = Kind::Daily(Metric::RestingHeartRate);

    /// Every kind, in the order pages and exports list them.
    pub fn all() -> Vec<Kind> {
        let mut v = vec![Kind::HeartRate, Kind::HeartRate1m, Kind::Steps, Kind::Sleep];
        v.extend(Metric::ALL.map(Kind::Daily));
        v.push(Kind::HeartRateZones);
        v.push(Kind::Exercises);
        v.extend(Night::ALL.map(Kind::Night));
        v.push(Kind::Food);
        v.push(Kind::BeatHistogram);
        v
    }

    /// The types a backfill or an export offers: every one, the zones' bounds too (the
    /// numbers the day's time in zones was counted against). Heart rate at every reading is
    /// one, in bulk over any range.
    pub fn exportable() -> Vec<Kind> {
        Kind::all()
    }

    /// Whether its records are instants (with an offset), not date labels.
    pub fn has_instants(self) -> bool {
        matches!(
            self,
            Kind::HeartRate
                | Kind::HeartRate1m
                | Kind::Steps
                | Kind::Sleep
                | Kind::Exercises
                | Kind::Night(_)
                | Kind::BeatHistogram
        )
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::HeartRate => "heart_rate",
            Kind::HeartRate1m => "heart_rate_1min",
            Kind::Steps => "steps",
            Kind::Sleep => "sleep",
            Kind::Daily(m) => m.key(),
            Kind::HeartRateZones => "heart_rate_zones",
            Kind::Exercises => "exercises",
            Kind::Night(n) => n.key(),
            Kind::Food => "food_log",
            Kind::BeatHistogram => "hrv_histogram",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::all().into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::HeartRate => "Heart rate (finest detail)",
            Kind::HeartRate1m => "Heart rate (1 minute)",
            Kind::Steps => "Steps",
            Kind::Sleep => "Sleep",
            Kind::Daily(m) => m.label(),
            Kind::HeartRateZones => "Heart-rate zones",
            Kind::Exercises => "Exercises",
            Kind::Night(n) => n.label(),
            Kind::Food => "Food log",
            Kind::BeatHistogram => "Beat-to-beat intervals asleep",
        }
    }
}

/// A day's data in the normalized model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "items", rename_all = "snake_case")]
pub enum Payload {
    Samples(Vec<Sample>),
    Intervals(Vec<Interval>),
    Sleep(Vec<SleepSession>),
    Daily(Vec<Daily>),
    Zones(Vec<DayZones>),
    Exercises(Vec<Exercise>),
    Food(Vec<FoodLog>),
    Histogram(Vec<BeatHistogram>),
}

impl Payload {
    /// The first instant in it, if its records are instants.
    pub fn first_instant(&self) -> Option<i64> {
        match self {
            Payload::Samples(v) => v.first().map(|s| s.t),
            Payload::Intervals(v) => v.first().map(|i| i.start),
            Payload::Sleep(v) => v.first().map(|s| s.start),
            Payload::Exercises(v) => v.first().map(|x| x.start),
            Payload::Histogram(v) => v.first().map(|h| h.wake),
            Payload::Daily(_) | Payload::Zones(_) | Payload::Food(_) => None,
        }
    }

    /// A day's one figure: its steps added up (a day with step minutes), or its daily value
    /// (the last, as a day keeps its last record); `None` for anything else or an empty day.
    pub fn day_figure(&self) -> Option<f64> {
        match self {
            Payload::Intervals(i) if !i.is_empty() => Some(i.iter().map(|i| i.value).sum()),
            Payload::Daily(v) => v.last().map(|x| x.value),
            _ => None,
        }
    }

    /// Two parts of one day (a day that two files of an export each hold a piece of), as one:
    /// readings and intervals in time order with each instant once, sleeps by start; where
    /// both have an instant (a day handed over again, completed), the later part's, as for a
    /// daily value.
    pub fn merge(self, later: Payload) -> Payload {
        // `later` first, so a stable sort and a dedup that keeps the first keep its copy.
        fn union<T>(a: Vec<T>, mut b: Vec<T>, key: impl Fn(&T) -> i64) -> Vec<T> {
            b.extend(a);
            b.sort_by_key(&key);
            b.dedup_by_key(|x| key(x));
            b
        }
        match (self, later) {
            (Payload::Samples(a), Payload::Samples(b)) => Payload::Samples(union(a, b, |s| s.t)),
            (Payload::Intervals(a), Payload::Intervals(b)) => {
                Payload::Intervals(union(a, b, |i| i.start))
            }
            (Payload::Sleep(a), Payload::Sleep(b)) => Payload::Sleep(union(a, b, |s| s.start)),
            (Payload::Exercises(a), Payload::Exercises(b)) => {
                Payload::Exercises(union(a, b, |e| e.start))
            }
            (Payload::Histogram(a), Payload::Histogram(b)) => {
                Payload::Histogram(union(a, b, |h| h.wake))
            }
            (_, later) => later,
        }
    }

    /// Without any non-finite number: JSON has none, so a NaN would be written as `null` and
    /// the record could never be read back. A value that is not a number is no value.
    pub fn finite(self) -> Payload {
        let ok = |v: f64| v.is_finite();
        match self {
            Payload::Samples(v) => {
                Payload::Samples(v.into_iter().filter(|s| ok(s.value)).collect())
            }
            Payload::Intervals(v) => {
                Payload::Intervals(v.into_iter().filter(|i| ok(i.value)).collect())
            }
            Payload::Daily(v) => Payload::Daily(
                v.into_iter()
                    .filter(|d| ok(d.value))
                    .map(|mut d| {
                        d.parts = d.parts.filter(|p| p.iter().all(|x| ok(*x)));
                        d
                    })
                    .collect(),
            ),
            Payload::Zones(v) => Payload::Zones(
                v.into_iter()
                    .filter(|z| z.bounds.iter().all(|x| ok(*x)))
                    .collect(),
            ),
            Payload::Sleep(v) => Payload::Sleep(v),
            Payload::Food(v) => Payload::Food(v.into_iter().map(FoodLog::finite).collect()),
            // A bin that is not a number is no share: the night's histogram is then not whole,
            // so it is no histogram.
            Payload::Histogram(v) => Payload::Histogram(
                v.into_iter()
                    .filter(|h| h.shares.iter().all(|x| ok(*x)))
                    .collect(),
            ),
            Payload::Exercises(v) => Payload::Exercises(
                v.into_iter()
                    .map(|mut e| {
                        for x in [
                            &mut e.calories,
                            &mut e.steps,
                            &mut e.distance_km,
                            &mut e.avg_bpm,
                        ] {
                            *x = x.filter(|v| ok(*v));
                        }
                        for s in &mut e.splits {
                            for x in [&mut s.distance_km, &mut s.calories, &mut s.avg_bpm] {
                                *x = x.filter(|v| ok(*v));
                            }
                        }
                        e
                    })
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sample;

    #[test]
    fn a_days_figure_is_its_steps_added_up_or_its_last_daily_value() {
        let minute = |start, value| crate::model::Interval {
            start,
            end: start + 60,
            offset: 0,
            value,
        };
        let steps = Payload::Intervals(vec![minute(0, 12.0), minute(60, 30.0)]);
        assert_eq!(steps.day_figure(), Some(42.0));
        assert_eq!(Payload::Intervals(Vec::new()).day_figure(), None);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
        let daily = |value| crate::model::Daily {
            date,
            value,
            parts: None,
        };
        assert_eq!(
            Payload::Daily(vec![daily(61.0), daily(58.0)]).day_figure(),
            Some(58.0)
        );
        assert_eq!(Payload::Daily(Vec::new()).day_figure(), None);
        assert_eq!(Payload::Samples(Vec::new()).day_figure(), None);
    }

    fn s(t: i64, value: f64) -> Sample {
        Sample {
            t,
            offset: -18_000,
            value,
        }
    }

    /// Two pieces of a day join in time order; a day handed over again (completed) replaces
    /// the earlier copy at every instant both have, and adds the rest once.
    #[test]
    fn merge_keeps_each_instant_once_and_the_later_copy_of_it() {
        let first = Payload::Samples(vec![s(60, 70.0), s(120, 71.0)]);
        let later = Payload::Samples(vec![s(0, 69.0), s(60, 72.5), s(180, 73.0)]);
        assert_eq!(
            first.merge(later),
            Payload::Samples(vec![s(0, 69.0), s(60, 72.5), s(120, 71.0), s(180, 73.0)])
        );
    }
}

/// A file of the export: a data type's own rows, or the laps and splits of its exercises
/// (`exercise_splits.csv`, one row per split, beside `exercises.csv`: a workout has any number
/// of them, and a file of one row per workout has no room for that). Here, not in `export`,
/// because the worker's requests name it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    #[default]
    Records,
    Splits,
}

impl Table {
    /// The tables a type is exported to.
    pub fn of(kind: Kind) -> &'static [Table] {
        if kind == Kind::Exercises {
            &[Table::Records, Table::Splits]
        } else {
            &[Table::Records]
        }
    }

    /// What the file holds, in words (the README's and schema.json's label).
    pub fn label(self, kind: Kind) -> &'static str {
        match self {
            Table::Records => kind.label(),
            Table::Splits => "Exercise splits",
        }
    }

    /// The file's name without its extension (`exercise_splits`).
    pub fn key(self, kind: Kind) -> &'static str {
        match self {
            Table::Records => kind.key(),
            Table::Splits => "exercise_splits",
        }
    }
}
