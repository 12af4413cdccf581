//! The relational tables (`UserSleeps`, `UserSleepStages`, `UserExercises`, `Profile.csv`): offsets and, where the export has no sleep JSON, the nights themselves.

use super::*;

impl Importer {
    pub(super) fn profile(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
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
    pub(super) fn user_table(
        &mut self,
        path: &str,
        r: &[u8],
        sleeps: bool,
    ) -> Result<(), ImportError> {
        let offsets = &mut self.offsets;
        csv_rows(path, r, |col, row| {
            let point = |t: &str, o: &str| {
                let t = cell(row, col(t)).and_then(csv_time)?.and_utc().timestamp();
                Some((t, cell(row, col(o)).and_then(clock_offset)?))
            };
            if sleeps {
                match (
                    point("sleep_start", "start_utc_offset"),
                    point("sleep_end", "end_utc_offset"),
                ) {
                    (Some(a), Some(b)) => offsets.record_sleep(a, b),
                    (a, b) => {
                        for (t, o) in a.into_iter().chain(b) {
                            offsets.record(t, o, Basis::SleepLog);
                        }
                    }
                }
            } else if let Some((t, o)) = point("exercise_start", "utc_offset") {
                offsets.record(t, o, Basis::ExerciseLog);
            }
        })?;
        Ok(())
    }

    /// `UserSleepStages`: each stage of each sleep, real UTC; the rows are not in time order
    /// (takeout.md §4.2). Kept by `sleep_id` for `table_sleeps`.
    pub(super) fn sleep_stages(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
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
    pub(super) fn table_sleeps(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        if !self.sleep_from_tables {
            return Ok(Vec::new());
        }
        let file = crate::sources::import::layout::file_name(path).to_string();
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

    /// The `UserSleeps` rows as nights, once every day file has been read: rows with stages
    /// first, one algorithm version per night, and a row whose offsets the day files
    /// contradict re-read as local wall-clock time, stages included.
    pub(super) fn table_nights(&mut self) -> BTreeMap<NaiveDate, Vec<SleepSession>> {
        use crate::model::{Segment, Stage};
        let mut rows = std::mem::take(&mut self.table_rows);
        let staged = |id: &str| self.stages.get(id).map_or(0, Vec::len);
        rows.sort_by(|a, b| {
            staged(&b.id)
                .cmp(&staged(&a.id))
                .then_with(|| a.version.cmp(&b.version))
                .then(a.start.cmp(&b.start))
        });
        // Local wall clock written as UTC (an offset of the row lost to the day files):
        // every time of the night is read as local and placed where the evidence puts that
        // clock, across a DST switch too.
        let locals: Vec<bool> = rows
            .iter()
            .map(|row| {
                !self
                    .offsets
                    .believes(row.start, row.start_offset, Basis::SleepLog)
                    || !self
                        .offsets
                        .believes(row.end, row.end_offset, Basis::SleepLog)
            })
            .collect();
        // A table that writes local time as `+00:00` does so on every row: where the clock
        // was at UTC (London in winter) such a row looks true, and is local all the same (its
        // hours may be another clock's, lived twice that date).
        let zero = |row: &TableSleep| row.start_offset == 0 && row.end_offset == 0;
        let lying: HashSet<&str> = rows
            .iter()
            .zip(&locals)
            .filter(|(row, local)| **local && zero(row))
            .map(|(row, _)| row.file.as_str())
            .collect();
        let locals: Vec<bool> = rows
            .iter()
            .zip(locals)
            .map(|(row, local)| local || (zero(row) && lying.contains(row.file.as_str())))
            .collect();
        let passes: Vec<Vec<i64>> = rows
            .iter()
            .zip(&locals)
            .map(
                |(row, &local)| match chrono::DateTime::from_timestamp(row.start, 0) {
                    Some(d) if local => self
                        .offsets
                        .passes(d.naive_utc())
                        .into_iter()
                        .map(|p| p.0)
                        .collect(),
                    _ => vec![row.start],
                },
            )
            .collect();
        // The other algorithm version of a night (start and end within half an hour of an
        // earlier row's) is its twin: the same sleep, on the same pass.
        let twin_of: Vec<Option<usize>> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                rows.get(..i)?.iter().position(|o| {
                    (o.start - row.start).abs() <= 1800 && (o.end - row.end).abs() <= 1800
                })
            })
            .collect();
        let items: Vec<(Vec<i64>, i64)> = rows
            .iter()
            .zip(passes)
            .map(|(row, p)| (p, row.end - row.start))
            .collect();
        let floors = chosen_passes(&items, &twin_of, &self.quarters);
        let mut nights: BTreeMap<NaiveDate, Vec<SleepSession>> = BTreeMap::new();
        for ((mut row, local), floor) in rows.into_iter().zip(locals).zip(floors) {
            // A time with no instant to follow takes the pass of the row's own start.
            let place = |t: i64, after: Option<i64>| {
                chrono::DateTime::from_timestamp(t, 0)
                    .and_then(|d| self.offsets.resolve(d.naive_utc(), after.or(floor)))
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
                source: Provenance {
                    source: Source::Import,
                    device: Some(row.file.clone()),
                },
                fall_asleep_min: row.fall,
                // The table says STAGES or CLASSIC, not why.
                no_stages: None,
            }
            .normalize();
            nights.entry(s.night()).or_default().push(s);
        }
        nights
    }
}
