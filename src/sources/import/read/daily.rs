//! One value per day: activity levels, time in zones, scores, skin temperature, resting heart rate, VO2 max, the daily CSVs, Active Zone Minutes, cardio load and breathing per stage.

use super::*;

impl Importer {
    /// One of the four activity-level files (`k`: sedentary, lightly, moderately, very):
    /// daily values on local date labels, kept until all four are read.
    pub(super) fn level_minutes(&mut self, path: &str, r: &[u8], k: u8) -> Result<(), ImportError> {
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
    pub(super) fn level_days(&mut self) -> Vec<Day> {
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
    pub(super) fn zone_minutes(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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

    /// `cardio_load_*.csv`: `timestamp,workout,background,total,data source`, a row per UTC
    /// minute with load. Kept until every offset is known (a local day spans two monthly files).
    pub(super) fn cardio_load(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
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
    pub(super) fn cardio_days(&mut self) -> Vec<Day> {
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
    pub(super) fn breathing_stages(
        &mut self,
        path: &str,
        r: &[u8],
        utc: bool,
    ) -> Result<(), ImportError> {
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
    pub(super) fn breathing_days(&mut self) -> Vec<Day> {
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
    pub(super) fn day_scores(
        &mut self,
        path: &str,
        r: &[u8],
        m: Metric,
    ) -> Result<Vec<Day>, ImportError> {
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

    /// `daily_heart_rate_zones.csv`: the person's zones as the day counted them, on the
    /// `timestamp`'s date (a label, midnight `Z`). The bounds move with fitness, so each date
    /// keeps its own (a real export has six sets in 27 days). Placeholder rows dated 1970
    /// (reported in other exports) are dropped: nothing is recorded before 2000.
    pub(super) fn zone_bounds(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut by_date = BTreeMap::new();
        csv_rows(path, r, |col, row| {
            let date =
                cell_date(row, col("timestamp")).filter(|d| chrono::Datelike::year(d) >= 2000);
            let mins = cell(row, col("heart_rate_zone")).map(zone_minimums);
            if let (Some(date), Some(mins)) = (date, mins) {
                let zones = crate::model::DayZones::from_minimums(date, |k| mins.get(k).copied());
                if let Some(z) = zones {
                    by_date.insert(date, z);
                }
            }
        })?;
        Ok(by_date
            .into_iter()
            .map(|(date, z)| Day {
                origin: None,
                kind: Kind::HeartRateZones,
                date,
                payload: Payload::Zones(vec![z]),
            })
            .collect())
    }

    /// The night's skin temperature as a deviation from the person's baseline, °C: nightly
    /// minus baseline, rounded to hundredths as the Google source does. No baseline yet
    /// (`NaN` for the first nights): no value.
    pub(super) fn skin_daily(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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
    pub(super) fn computed_temp(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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

    pub(super) fn resting(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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

    pub(super) fn vo2(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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

    /// A per-date CSV. Its timestamp is a date label (`T00:00:00Z`) or a naive local time:
    /// either way the date is the one written, never shifted by a zone.
    pub(super) fn daily_csv(
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
    pub(super) fn azm(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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
}

/// A `heart_rate_zone` cell: `{"heart_rate_zone_type": LIGHT, "min_heart_rate_bpm": 30, …},{…}`.
/// Not JSON (the zone names are bare words and the list has no brackets), so the bare words are
/// quoted and the list bracketed before it is parsed. Each zone's name to its lower bound; an
/// unreadable cell gives none.
fn zone_minimums(cell: &str) -> BTreeMap<String, f64> {
    let mut text = String::with_capacity(cell.len() + 32);
    text.push('[');
    let mut word = String::new();
    let mut in_string = false;
    let mut escaped = false;
    let flush = |word: &mut String, text: &mut String| {
        if !word.is_empty() {
            if matches!(word.as_str(), "true" | "false" | "null") {
                text.push_str(word);
            } else {
                text.push('"');
                text.push_str(word);
                text.push('"');
            }
            word.clear();
        }
    };
    for c in cell.chars() {
        if in_string {
            text.push(c);
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
            continue;
        }
        // A word starts with a letter outside a number (`1e5` stays a number).
        let starts =
            c.is_ascii_alphabetic() && !text.ends_with(|p: char| p.is_ascii_digit() || p == '.');
        if (word.is_empty() && starts)
            || (!word.is_empty() && (c.is_ascii_alphanumeric() || c == '_'))
        {
            word.push(c);
            continue;
        }
        flush(&mut word, &mut text);
        in_string = c == '"';
        text.push(c);
    }
    flush(&mut word, &mut text);
    text.push(']');
    let Ok(zones) = serde_json::from_str::<Vec<Value>>(&text) else {
        return BTreeMap::new();
    };
    zones
        .iter()
        .filter_map(|z| {
            let name = z.get("heart_rate_zone_type")?.as_str()?;
            let min = z.get("min_heart_rate_bpm").and_then(number)?;
            Some((name.to_ascii_uppercase(), min))
        })
        .collect()
}
