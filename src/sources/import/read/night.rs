//! The night’s series at every reading (SpO2, HRV, oxygen variation), split into nights at pauses.

use super::*;
use crate::model::BeatHistogram;

impl Importer {
    /// A series through the night (`Kind::Night`): each reading at its instant, with the offset
    /// the evidence gives (a zoneless time is placed where the evidence puts that clock, in
    /// file order across a fall-back hour). SpO2's exactly-50 readings are the tracker's
    /// invalid floor (takeout.md §4.4): left out. Nights are split at pauses; the last run of
    /// a file waits for the next file of its series (a monthly file cuts a night at a UTC
    /// midnight) or `finish`.
    pub(super) fn night(
        &mut self,
        path: &str,
        r: &[u8],
        n: Night,
        time: NightTime,
        column: &str,
    ) -> Result<Vec<Day>, ImportError> {
        let mut readings: Vec<Sample> = Vec::new();
        let mut bases = BTreeMap::new();
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
                // The report keeps each date's lowest basis: gathered here, once a date.
                bases
                    .entry(civil_date(t, offset))
                    .and_modify(|b: &mut Basis| *b = (*b).min(basis))
                    .or_insert(basis);
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

    /// `Heart Rate Variability Histogram` rows: the wake time (naive local, takeout.md §3.1)
    /// and the bins as a quoted list (`"[0.0, 0.003, …]"`). A row whose list is not the
    /// README's 29 shares of at least 0 is not read: its bins could not be named.
    pub(super) fn beat_histograms(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let found = &mut self.histograms;
        csv_rows(path, r, |col, row| {
            let wake = cell(row, col("timestamp")).and_then(csv_time);
            let shares: Option<Vec<f64>> = cell(row, col("bucket_values")).and_then(|list| {
                let inner = list.trim().strip_prefix('[')?.strip_suffix(']')?;
                inner
                    .split(',')
                    .map(|v| {
                        v.trim()
                            .parse::<f64>()
                            .ok()
                            .filter(|v| v.is_finite() && *v >= 0.0)
                    })
                    .collect()
            });
            if let (Some(wake), Some(shares)) = (wake, shares) {
                if shares.len() == BeatHistogram::BINS {
                    found.insert(wake, shares);
                }
            }
        })
        .map(|_| ())
    }

    /// Each histogram at its wake instant, with the offset the whole export's evidence gives
    /// that clock, filed on the local date it woke (as its sleep is).
    pub(super) fn histogram_days(&mut self) -> Vec<Day> {
        let mut by_date: BTreeMap<NaiveDate, Vec<BeatHistogram>> = BTreeMap::new();
        let mut tried = Candidates::default();
        for (local, shares) in std::mem::take(&mut self.histograms) {
            let Some((wake, offset, basis)) = self.offsets.resolve_in(local, None, &mut tried)
            else {
                continue;
            };
            let date = civil_date(wake, offset);
            self.report.basis(date, basis);
            by_date.entry(date).or_default().push(BeatHistogram {
                wake,
                offset,
                shares,
            });
        }
        by_date
            .into_iter()
            .map(|(date, nights)| Day {
                origin: None,
                kind: Kind::BeatHistogram,
                date,
                payload: Payload::Histogram(nights),
            })
            .collect()
    }
}
