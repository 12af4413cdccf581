//! Minute series in UTC (steps, distance, calories, altitude), their monthly CSVs, and the check of the calories file’s zone.

use super::*;

/// A minute of a steps/distance/calories chunk, typed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MinutePoint<'a> {
    #[serde(borrow)]
    pub(super) date_time: std::borrow::Cow<'a, str>,
    pub(super) value: Num,
}

/// Step minutes by local day as days, each in time order.
pub(super) fn step_days(by_day: BTreeMap<NaiveDate, Vec<Interval>>) -> Vec<Day> {
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

impl Importer {
    /// UTC minutes of a 30-day chunk, each on the local day its offset puts it on. The chunk's
    /// first minute is its first local midnight (zero minutes are written), which pins the
    /// offset where nothing better says.
    pub(super) fn utc_minutes(
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
        let name = crate::sources::import::layout::file_name(path).to_ascii_lowercase();
        let is_calories = name.starts_with("calories-");
        // A local minute's offset is the one it was placed with: its date is the file's.
        let mut placed: Vec<Option<(i32, Basis)>> = Vec::new();
        if is_calories && self.calories_zone(path, &minutes) {
            // Local wall clock: each minute placed where the evidence puts that clock.
            let mut after = None;
            // Calories are counted every minute, in the air too.
            let mut tried = Candidates::counting_pauses();
            placed = vec![None; minutes.len()];
            for (m, at) in minutes.iter_mut().zip(&mut placed) {
                if let Some((t, off, basis)) = chrono::DateTime::from_timestamp(m.0, 0)
                    .and_then(|d| self.offsets.resolve_in(d.naive_utc(), after, &mut tried))
                {
                    m.0 = t;
                    *at = Some((off, basis));
                    after = Some(t);
                }
            }
        } else if let (Some(&(first, _)), Some(date)) = (minutes.first(), name_date(path)) {
            self.offsets.infer_start(date, first);
        }
        if name.starts_with("steps-") {
            // Steps are real UTC: they test the sleeps the tables claim, before any minute
            // (this chunk's, or the heart-rate CSV's read after) takes its offset from them.
            self.offsets.weigh_steps(&minutes);
        }
        let mut bases = BTreeMap::new();
        for (i, (t, v)) in minutes.into_iter().enumerate() {
            let (off, basis) = placed
                .get(i)
                .copied()
                .flatten()
                .unwrap_or_else(|| self.offsets.at(t));
            let date = civil_date(t, off);
            bases.entry(date).or_insert(basis);
            f(date, t, off, v);
        }
        for (d, b) in bases {
            self.report.basis(d, b);
        }
        Ok(())
    }

    pub(super) fn steps(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_day: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
        // Every minute, still ones too, for telling a sleep's passes apart.
        let mut all = Vec::new();
        self.utc_minutes(path, r, |date, t, offset, v| {
            all.push(Sample {
                t,
                offset,
                value: v,
            });
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
        self.quarters.steps.add(&all);
        self.hold_unsettled(path, None, &mut by_day);
        Ok(step_days(by_day))
    }

    /// Where the heart rate is read after the steps (`hold_steps`), takes out of `by_day` the
    /// dates near a trip: which date a minute falls on there waits for the flight's pause
    /// (`place_flights`), and a day handed over cannot be taken back (the page merges two
    /// pieces of a day, it never moves a minute out of one). `finish` places them.
    fn hold_unsettled(
        &mut self,
        path: &str,
        recorder: Option<String>,
        by_day: &mut BTreeMap<NaiveDate, Vec<Interval>>,
    ) {
        if !self.hold_steps {
            return;
        }
        let unsettled: Vec<NaiveDate> = by_day
            .iter()
            .filter(|(_, v)| v.first().is_some_and(|i| self.offsets.unsettled(i.start)))
            .map(|(d, _)| *d)
            .collect();
        if unsettled.is_empty() {
            return;
        }
        let from = self.held_from.len();
        self.held_from.push((
            crate::sources::import::layout::file_name(path).to_string(),
            recorder,
        ));
        for d in unsettled {
            for i in by_day.remove(&d).unwrap_or_default() {
                self.held_steps.push((i.start, i.value, from));
            }
        }
    }

    /// The held steps (`hold_unsettled`), each minute on the date its offset puts it on now
    /// that every file is read: one day per date and recorder, from the file of its first.
    pub(super) fn held_step_days(&mut self) -> Vec<Day> {
        let mut held = std::mem::take(&mut self.held_steps);
        held.sort_by_key(|m| m.0);
        let mut by: BTreeMap<(NaiveDate, Option<String>), (usize, Vec<Interval>)> = BTreeMap::new();
        for (t, value, from) in held {
            let (offset, basis) = self.offsets.at(t);
            let date = civil_date(t, offset);
            self.report.basis(date, basis);
            let recorder = self.held_from.get(from).and_then(|f| f.1.clone());
            by.entry((date, recorder))
                .or_insert_with(|| (from, Vec::new()))
                .1
                .push(Interval {
                    start: t,
                    end: t + 60,
                    offset,
                    value,
                });
        }
        let mut days = Vec::new();
        for ((date, recorder), (from, v)) in by {
            let file = self
                .held_from
                .get(from)
                .map(|f| f.0.clone())
                .unwrap_or_default();
            let mut these = step_days(BTreeMap::from([(date, v)]));
            for d in &mut these {
                d.origin = recorder.clone().map(crate::model::Origin::recorded_by);
            }
            // Its file, and the rule that placed it, as every file's days get them.
            self.stamp(&mut these, &file);
            days.extend(these);
        }
        days
    }

    /// Distance (centimetres a minute) and calories (kcal a minute) as the day's totals.
    pub(super) fn minute_totals(
        &mut self,
        path: &str,
        r: &[u8],
        m: Metric,
    ) -> Result<Vec<Day>, ImportError> {
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

    pub(super) fn altitude(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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

    /// `calories_*.csv`: `timestamp,calories,data source`, real UTC, kcal a minute. Kept: a
    /// sample to test the JSON's zone against, and quarter-hour sums.
    /// Where the JSON is the calories, a sample is all it takes: the rest is not parsed (a
    /// month of minutes is 40,000 rows).
    pub(super) fn calories_csv(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
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
    pub(super) fn calories_zone(&mut self, path: &str, minutes: &[(i64, f64)]) -> bool {
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
            crate::sources::import::layout::file_name(path),
            if is_local { "local time" } else { "UTC" },
            win.0,
            mean(win),
            mean(lose),
        ));
        is_local
    }

    /// The CSV's calories as days, where no JSON copy exists: each quarter hour on the local
    /// date the evidence puts it.
    pub(super) fn calories_csv_days(&mut self) -> Vec<Day> {
        if !self.calories_from_csv {
            return Vec::new();
        }
        let mut sums: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for (&t, &v) in &self.calories_quarters {
            *sums.entry(civil_date(t, self.offsets.at(t).0)).or_default() += v;
        }
        daily(sums, Metric::Calories)
    }

    /// Steps from the CSV folder, for an export without the JSON: real UTC minutes, each on the
    /// local day its offset puts it on. Several recorders (a tracker and a phone) write rows for
    /// the same minutes, and summing them counts the walk twice or more (takeout.md §4.1), so
    /// each recorder's day is handed over as its own (`Origin::recorder`): the page keeps them
    /// all and counts one per day, by the person's order or the most steps
    /// (`model::recorders`). A monthly file ends at a UTC midnight: the local day it cuts is
    /// completed by the next file's part of the same recorder. The 2025 form has no recorder
    /// column (one recorder): its days are plain steps days.
    pub(super) fn steps_csv(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        // (date, recorder) → minutes; `None` where the file names no recorder.
        let mut by: BTreeMap<(NaiveDate, Option<String>), Vec<Interval>> = BTreeMap::new();
        let mut bases = BTreeMap::new();
        let mut rows: Vec<(i64, f64, Option<String>)> = Vec::new();
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("steps"))) {
                rows.push((t, v, super::heart::recorder(row, col("data source"))));
            }
        })?;
        // Real UTC, like the JSON's minutes: they test the tables' sleeps first (every
        // recorder's together: a sleep the tracker and the phone both saw walking is as
        // awake, and a ratio does not care for the double count).
        let minutes: Vec<(i64, f64)> = rows.iter().map(|r| (r.0, r.1)).collect();
        self.offsets.weigh_steps(&minutes);
        for (t, v, recorder) in rows {
            let (offset, basis) = self.offsets.at(t);
            let date = civil_date(t, offset);
            bases.entry(date).or_insert(basis);
            if v > 0.0 {
                by.entry((date, recorder)).or_default().push(Interval {
                    start: t,
                    end: t + 60,
                    offset,
                    value: v,
                });
            }
        }
        for (d, b) in bases {
            self.report.basis(d, b);
        }
        if self.hold_steps {
            // Each recorder's dates near a trip, held as the JSON's are.
            let recorders: std::collections::BTreeSet<Option<String>> =
                by.keys().map(|k| k.1.clone()).collect();
            for recorder in recorders {
                let mut mine: BTreeMap<NaiveDate, Vec<Interval>> = BTreeMap::new();
                by.retain(|(d, r), v| {
                    if *r == recorder {
                        mine.insert(*d, std::mem::take(v));
                        false
                    } else {
                        true
                    }
                });
                self.hold_unsettled(path, recorder.clone(), &mut mine);
                by.extend(mine.into_iter().map(|(d, v)| ((d, recorder.clone()), v)));
            }
        }
        Ok(by
            .into_iter()
            .flat_map(|((date, recorder), v)| {
                step_days(BTreeMap::from([(date, v)]))
                    .into_iter()
                    .map(move |mut d| {
                        // The file and its time rule are stamped later; the recorder is known here.
                        d.origin = recorder.clone().map(crate::model::Origin::recorded_by);
                        d
                    })
            })
            .collect())
    }
}
