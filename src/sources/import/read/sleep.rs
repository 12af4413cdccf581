//! Sleep logs (`sleep-*.json`) and the sleep score (`sleep_score.csv`).

use super::*;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SleepRecord {
    pub(super) log_id: Option<i64>,
    #[serde(flatten)]
    pub(super) log: SleepLog,
}

impl Importer {
    pub(super) fn sleep(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut logs = Vec::new();
        stream::each::<SleepRecord>(r, |s| logs.push(s)).map_err(|e| json(path, e))?;
        let offsets = &self.offsets;
        let floors = first_passes(offsets, &self.quarters, &logs);
        let file = crate::sources::import::layout::file_name(path).to_string();
        let mut nights: BTreeMap<NaiveDate, Vec<SleepSession>> = BTreeMap::new();
        for (rec, floor) in logs.into_iter().zip(floors) {
            // A time with no instant to follow takes the pass of the log's own start.
            let resolve = |s: &str, after: Option<i64>| {
                let local = crate::model::time::fitbit_naive(s)?;
                offsets
                    .resolve(local, after.or(floor))
                    .map(|(t, o, _)| (t, o))
            };
            if let Some(id) = rec.log_id {
                if !self.sleep_ids.insert(id) {
                    continue;
                }
            }
            let mut s = session(&rec.log, &resolve, Source::Import).map_err(|detail| {
                ImportError::File {
                    path: path.to_string(),
                    detail,
                }
            })?;
            s.source = Provenance {
                source: Source::Import,
                device: Some(file.clone()),
            };
            nights.entry(s.night()).or_default().push(s);
        }
        Ok(sleep_days(nights))
    }

    /// `sleep_score.csv`: one row per scored sleep. The date is the wake time's own (local,
    /// whatever its `Z` says). Where a date has two scores, the one with more deep sleep is the
    /// night's main sleep. The three parts are kept only when all three are there (recent
    /// exports leave composition and duration empty).
    pub(super) fn sleep_scores(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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
}

/// For each log, where its local start was lived twice, the instant before the pass the
/// evidence names (`chosen_passes`); `None` otherwise.
fn first_passes(offsets: &Offsets, evidence: &Evidence, logs: &[SleepRecord]) -> Vec<Option<i64>> {
    let items: Vec<(Vec<i64>, i64)> = logs
        .iter()
        .map(|r| {
            let passes = crate::model::time::fitbit_naive(&r.log.start_time)
                .map(|l| offsets.passes(l).into_iter().map(|p| p.0).collect())
                .unwrap_or_default();
            (passes, (r.log.duration / 1000).max(0))
        })
        .collect();
    chosen_passes(&items, &[], evidence)
}
