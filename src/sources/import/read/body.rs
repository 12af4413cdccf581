//! Height, weight and body fat: the JSON in pounds or kilograms, and `weight.csv` in grams, the more precise copy.

use super::*;

#[derive(Deserialize)]
pub(super) struct WeightRecord {
    pub(super) weight: Value,
    #[serde(default)]
    pub(super) bmi: Option<Value>,
    #[serde(default)]
    pub(super) fat: Option<Value>,
    pub(super) date: String,
    #[serde(default)]
    pub(super) time: Option<String>,
}

impl Importer {
    pub(super) fn height(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let mut last = None;
        stream::each::<Point>(r, |p| last = number(&p.value)).map_err(|e| json(path, e))?;
        if let Some(mm) = last.filter(|mm| *mm > 0.0) {
            self.height_m = Some(mm / 1000.0);
        }
        Ok(())
    }

    /// Kilograms of a weigh-in. The files hold pounds in every export seen, even with a metric
    /// profile; where BMI and a known height say the number is kilograms, it is taken as such.
    pub(super) fn kilograms(&self, weight: f64, bmi: Option<f64>) -> f64 {
        if let (Some(bmi), Some(h)) = (bmi, self.height_m) {
            let kg = bmi * h * h;
            if (kg - weight).abs() < (kg - weight * LB).abs() {
                return weight;
            }
        }
        weight * LB
    }

    /// `weight.csv`: `timestamp,weight grams,data source`, real UTC (with microseconds).
    pub(super) fn weight_csv(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
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
    pub(super) fn weight_csv_days(&mut self) -> Vec<Day> {
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
    pub(super) fn precise_kg(&self, date: NaiveDate, time: NaiveTime, kg: f64) -> Option<f64> {
        let (t, _, _) = self.offsets.resolve(date.and_time(time), None)?;
        self.weight_grams
            .range(t - 120..=t + 120)
            .map(|(_, g)| g / 1000.0)
            // Pounds to one decimal: 0.05 lb is 23 g.
            .find(|precise| (precise - kg).abs() <= 0.025)
    }

    pub(super) fn weight(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
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
}
