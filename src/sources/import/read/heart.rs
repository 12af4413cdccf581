//! Heart rate: the day files (each held one file late, until the next says where its end was), their CSV copies, and the twin self-check.

use super::*;

/// A heart-rate reading, typed (no JSON tree per reading).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HrPoint<'a> {
    /// Borrowed from the file's bytes (no allocation per reading) unless it has escapes.
    #[serde(borrow)]
    pub(super) date_time: std::borrow::Cow<'a, str>,
    pub(super) value: HrValue,
}

#[derive(Deserialize)]
pub(super) struct HrValue {
    pub(super) bpm: Num,
}

/// A heart-rate CSV file read as data, held until the next is read (`heart_rate_csv`).
#[derive(Debug, Default)]
pub(super) struct CsvFile {
    name: String,
    /// The recorders it names, once each (a month of readings names two or three).
    recorders: Vec<Option<String>>,
    /// Instant, beats per minute, index in `recorders`.
    rows: Vec<(i64, f64, usize)>,
}

/// A heart-rate day (readings in time order) and its minute means, stored beside it so
/// trends and year-long exports read 1,440 means instead of every reading.
pub(super) fn hr_day(date: NaiveDate, samples: Vec<Sample>) -> [Day; 2] {
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

impl Importer {
    pub(super) fn heart_rate(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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
        self.quarters.hr.add(&samples);
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
                // A pause a flight long inside the file (place_change's threshold).
                let flew = samples.windows(2).any(|w| match w {
                    [x, y] => y.t - x.t >= 90 * 60,
                    _ => false,
                });
                self.offsets.infer_day(date, (a.t, b.t), before, flew)
            }
            _ => (None, None),
        };
        // The day before is placed now that this one's first midnight is known: a clock that
        // changed at its end is believed only where the next day starts on the same clock.
        let before = self.place_pending();
        if !samples.is_empty() {
            self.pending = Some(PendingDay {
                file: crate::sources::import::layout::file_name(path).to_string(),
                date,
                samples,
                edges,
            });
        }
        Ok(before)
    }

    /// The heart-rate day read last, placed with every clue read since: its offsets, its
    /// report line, its readings for the self-check.
    pub(super) fn place_pending(&mut self) -> Vec<Day> {
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
        let windows = went_back(&samples);
        if !windows.is_empty() {
            self.went_back.push(WentBack {
                file: file.clone(),
                date,
                samples: samples.clone(),
                windows,
            });
        }
        let mut days: Vec<Day> = hr_day(date, samples).into();
        self.stamp(&mut days, &file);
        days
    }

    /// Whether a heart-rate day is held back until the next file says where its end was.
    pub fn holds_a_day(&self) -> bool {
        self.pending.is_some() || self.csv_pending.is_some()
    }

    /// Heart-rate CSV (real UTC). Read as data only where no JSON copy exists; as a twin, it is
    /// compared with the JSON readings at the same instant (shift 0), and a mismatch warns.
    ///
    /// The 2026 form names each row's recorder (`data source`): a tracker, and a watch or phone
    /// mirrored through HealthKit, interleaved. Their readings are never mixed into one line:
    /// each recorder's day (with its minute means) is handed over as its own
    /// (`Origin::recorder`), and the page counts one per day (`model::recorders`), as for
    /// steps. The 2025 form has no recorder column (one recorder): plain heart-rate days.
    pub(super) fn heart_rate_csv(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut file = CsvFile {
            name: crate::sources::import::layout::file_name(path).to_string(),
            ..CsvFile::default()
        };
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("beats per minute"))) {
                let name = recorder_name(row, col("data source"));
                let i = match file.recorders.iter().position(|r| r.as_deref() == name) {
                    Some(i) => i,
                    None => {
                        file.recorders.push(name.map(str::to_string));
                        file.recorders.len() - 1
                    }
                };
                file.rows.push((t, v, i));
            }
        })?;
        // A flight across a UTC midnight pauses across two files: the one before is placed
        // with this one's readings in view, and this one waits for the next.
        let before = self.csv_pending.take();
        let first = file.rows.iter().map(|r| r.0).min();
        let mut times: Vec<i64> = before
            .iter()
            .flat_map(|b| b.rows.iter().map(|r| r.0))
            .chain(file.rows.iter().map(|r| r.0))
            .collect();
        times.sort_unstable();
        times.dedup();
        self.place_flights(&times, first.unwrap_or(i64::MAX));
        self.csv_pending = Some(file);
        Ok(before.map(|b| self.csv_days(b)).unwrap_or_default())
    }

    /// The heart-rate CSV file held last (`heart_rate_csv`), placed: before any other type
    /// reads the offsets, and at the end.
    pub(super) fn place_csv_pending(&mut self) -> Vec<Day> {
        self.csv_pending
            .take()
            .map(|b| self.csv_days(b))
            .unwrap_or_default()
    }

    /// One heart-rate CSV's readings as days: one per local date and recorder, each reading at
    /// the offset in force at its instant, stamped with its file.
    fn csv_days(&mut self, file: CsvFile) -> Vec<Day> {
        let mut by: BTreeMap<(NaiveDate, usize), Vec<Sample>> = BTreeMap::new();
        // Asked once a minute, as for the day files: the clock turns on a minute's start.
        let mut minute = (i64::MIN, 0);
        for (t, value, recorder) in file.rows {
            if t.div_euclid(60) != minute.0 {
                minute = (t.div_euclid(60), self.offsets.at(t).0);
            }
            let offset = minute.1;
            by.entry((civil_date(t, offset), recorder))
                .or_default()
                .push(Sample { t, offset, value });
        }
        let recorders = file.recorders;
        let mut days: Vec<Day> = by
            .into_iter()
            .flat_map(|((date, recorder), mut v)| {
                v.sort_by_key(|s| s.t);
                let recorder = recorders.get(recorder).cloned().flatten();
                hr_day(date, v).map(|mut d| {
                    d.origin = recorder.clone().map(crate::model::Origin::recorded_by);
                    d
                })
            })
            .collect();
        self.stamp(&mut days, &file.name);
        days
    }

    /// Without day files, the CSV's readings (real UTC, every recorder's) are where a flight
    /// shows: no one wears a tracker for hours without a reading but in the air. Each pause a
    /// flight long, ending at or after `from` (the ones before were placed with the file
    /// before), between clues of different clocks, is where the clock turned
    /// (`Offsets::place_change`, as for a day file), not halfway between the clues. `times`:
    /// the readings of this file and the one before, sorted.
    fn place_flights(&mut self, times: &[i64], from: i64) {
        // One stretch per pause: from the end of the pause before to the start of the next.
        let cuts: Vec<usize> = times
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[1] - w[0] >= 90 * 60)
            .map(|(i, _)| i + 1)
            .collect();
        for (k, &cut) in cuts.iter().enumerate() {
            let lo = k
                .checked_sub(1)
                .and_then(|j| cuts.get(j))
                .copied()
                .unwrap_or(0);
            let hi = cuts.get(k + 1).map_or(times.len(), |&c| c);
            let (Some(stretch), Some(&x), Some(&y)) =
                (times.get(lo..hi), times.get(cut - 1), times.get(cut))
            else {
                continue;
            };
            if y < from {
                continue;
            }
            if let (Some(before), Some(after)) = self.offsets.sides(x, y) {
                if before != after {
                    self.offsets.place_change(stretch, before, after);
                }
            }
        }
    }

    /// The self-check of a CSV twin of the heart-rate JSON: of the CSV's readings inside the
    /// span the kept JSON readings cover, how many fall on an instant the JSON has a reading
    /// at, and how many of those equal it. A shifted format lines up on few instants.
    ///
    /// Where a day's clock went back, the CSV's readings at instants its JSON lacks are added
    /// to that day, once each (a JSON keyed by the wall clock keeps one reading per local
    /// second of the hour lived twice), and the day is handed over again whole.
    pub fn check_twin(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let (lo, hi) = match (self.check.first_key_value(), self.check.last_key_value()) {
            (Some((&lo, _)), Some((&hi, _))) => (lo, hi),
            _ => (1, 0),
        };
        let check = &self.check;
        let went_back = &self.went_back;
        // Per recorder the file names (the JSON is one of them, the tracker's; a watch mirrored
        // through HealthKit is not its copy): the (inside, same instant, equal) counts, and
        // (index in `went_back`, instant, bpm) of readings only this CSV has.
        // Also how many of its readings meet a JSON reading kept anywhere (the self-check's or
        // a day whose clock went back), which names the JSON's recorder outside the checked days.
        type Tally = ((u32, u32, u32), u32, Vec<(usize, i64, f64)>);
        let mut by: BTreeMap<Option<String>, Tally> = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let t = cell_utc(row, col("timestamp"));
            if let (Some(t), Some(v)) = (t, cell_num(row, col("beats per minute"))) {
                let ((inside, same_instant, equal), meets, extra) =
                    by.entry(recorder(row, col("data source"))).or_default();
                match went_back.iter().position(|w| w.lacks(t)) {
                    Some(i) => extra.push((i, t, v)),
                    None if check.contains_key(&t) || went_back.iter().any(|w| w.has(t)) => {
                        *meets += 1;
                    }
                    None => {}
                }
                if (lo..=hi).contains(&t) {
                    *inside += 1;
                    if let Some(j) = check.get(&t) {
                        *same_instant += 1;
                        if (j - v).abs() < 0.5 {
                            *equal += 1;
                        }
                    }
                }
            }
        })?;
        // The JSON's recorder: the one whose readings meet it at the most instants.
        let ((inside, same_instant, equal), _, extra) = by
            .into_values()
            .max_by_key(|((inside, _, equal), meets, _)| (*meets, *equal, *inside))
            .unwrap_or_default();
        if inside > 0 {
            self.report.twin(path, inside, same_instant, equal);
        } else {
            // Every file is accounted for: this one is a copy, outside the days kept to check.
            self.report.skip(
                path,
                "the CSV copy of heart-rate days read from the export's JSON (outside the days the self-check compares), so nothing counts twice",
            );
        }
        Ok(self.add_extra(path, extra))
    }

    /// The days of `went_back` that `extra` readings (from the CSV at `path`) complete, whole,
    /// each reading at the offset in force at its instant.
    fn add_extra(&mut self, path: &str, extra: Vec<(usize, i64, f64)>) -> Vec<Day> {
        let mut touched: BTreeMap<usize, u32> = BTreeMap::new();
        for (i, t, value) in extra {
            let offset = self.offsets.at(t).0;
            if let Some(w) = self.went_back.get_mut(i) {
                // A CSV row repeated (two shards, one instant) is added once.
                if let Err(at) = w.samples.binary_search_by_key(&t, |s| s.t) {
                    w.samples.insert(at, Sample { t, offset, value });
                    *touched.entry(i).or_default() += 1;
                }
            }
        }
        let csv = crate::sources::import::layout::file_name(path).to_string();
        let mut out = Vec::new();
        for (i, n) in touched {
            let Some(w) = self.went_back.get(i) else {
                continue;
            };
            let (date, file) = (w.date, w.file.clone());
            let mut days: Vec<Day> = hr_day(date, w.samples.clone()).into();
            self.report.notes.push(format!(
                "Heart rate on {date}: {n} readings from the hours the clock went back were missing from {file} and are in its CSV copy {csv}; they were added, once each."
            ));
            self.stamp(&mut days, &format!("{file} + {csv}"));
            out.extend(days);
        }
        out
    }
}

/// The UTC spans a day's readings lived twice on the wall clock: around each place the offset
/// falls (by δ), from δ before the last reading on the old clock to δ after the first on the
/// new one, inside the day's own readings (the next day file's hours are its own).
fn went_back(samples: &[Sample]) -> Vec<(i64, i64)> {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return Vec::new();
    };
    samples
        .windows(2)
        .filter_map(|w| match w {
            [x, y] if y.offset < x.offset => {
                let delta = i64::from(x.offset - y.offset);
                Some(((x.t - delta).max(first.t), (y.t + delta).min(last.t)))
            }
            _ => None,
        })
        .collect()
}

impl WentBack {
    /// Whether the day has a reading at `t`.
    fn has(&self, t: i64) -> bool {
        self.samples.binary_search_by_key(&t, |s| s.t).is_ok()
    }

    /// Whether `t` is in a span lived twice and the day has no reading at it.
    fn lacks(&self, t: i64) -> bool {
        self.windows.iter().any(|(lo, hi)| (*lo..=*hi).contains(&t))
            && self.samples.binary_search_by_key(&t, |s| s.t).is_err()
    }
}

/// A CSV row's recorder (`data source`): `None` where the file has no such column (one
/// recorder); a row whose cell is empty, in a file that names them, is a recorder of its own,
/// never mixed into a named one.
pub(super) fn recorder(row: &csv::StringRecord, col: Option<usize>) -> Option<String> {
    recorder_name(row, col).map(str::to_string)
}

/// `recorder`, borrowed from the row (no string a reading where the name is already known).
fn recorder_name(row: &csv::StringRecord, col: Option<usize>) -> Option<&str> {
    col.map(|c| {
        let name = row.get(c).unwrap_or("");
        if name.is_empty() {
            "(unnamed)"
        } else {
            name
        }
    })
}
