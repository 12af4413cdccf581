//! The food diary and water logs.

use super::*;

/// A food or water log's local day: `logDate` (`2018-04-23`), else `date`, else a legacy
/// `dateTime` (`04/23/18 …`).
pub(super) fn log_date(v: &Value) -> Option<NaiveDate> {
    let text = |k: &str| v.get(k).and_then(Value::as_str);
    text("logDate")
        .or_else(|| text("date"))
        .and_then(|s| NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
        .or_else(|| text("dateTime").and_then(legacy_date))
}

impl Importer {
    /// `food_logs-N.json`: `logId`, `logDate` (the local day), `loggedFood` (name, amount, unit,
    /// `mealTypeId`) and `nutritionalValues` (for the amount eaten). Every digit kept.
    pub(super) fn food_logs(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let foods = &mut self.foods;
        stream::each::<Value>(r, |v| {
            let Some(date) = log_date(&v) else {
                return;
            };
            let food = v.get("loggedFood");
            let text = |k: &str| food.and_then(|f| f.get(k)).and_then(Value::as_str);
            let nutrient = |k: &str| {
                v.get("nutritionalValues")
                    .and_then(|n| n.get(k))
                    .and_then(number)
            };
            let name = text("name").unwrap_or("").trim().to_string();
            let log = crate::model::FoodLog {
                date,
                meal: food
                    .and_then(|f| f.get("mealTypeId"))
                    .and_then(Value::as_u64)
                    .and_then(crate::model::FoodLog::meal_named)
                    .map(str::to_string),
                name: if name.is_empty() {
                    "Food".to_string()
                } else {
                    name
                },
                amount: food.and_then(|f| f.get("amount")).and_then(number),
                unit: food
                    .and_then(|f| f.get("unit"))
                    .and_then(|u| u.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                calories: nutrient("calories")
                    .or_else(|| food.and_then(|f| f.get("calories")).and_then(number)),
                carbs_g: nutrient("carbs"),
                fat_g: nutrient("fat"),
                fiber_g: nutrient("fiber"),
                protein_g: nutrient("protein"),
                sodium_mg: nutrient("sodium"),
            }
            .finite();
            let id = v
                .get("logId")
                .and_then(Value::as_i64)
                .unwrap_or(-1 - foods.len() as i64);
            foods.insert(id, log);
        })
        .map(|_| ())
        .map_err(|e| json(path, e))
    }

    /// `water_logs-N.json`: `waterAmount` in `measurementUnit` (millilitres, fluid ounces or
    /// cups), dated by the local day.
    pub(super) fn water_logs(&mut self, path: &str, r: &[u8]) -> Result<(), ImportError> {
        let waters = &mut self.waters;
        stream::each::<Value>(r, |v| {
            let ml_per = match v.get("measurementUnit").and_then(Value::as_str) {
                None | Some("MILLILITER" | "ML" | "ml") => 1.0,
                Some("FL_OZ" | "FLUID_OUNCE" | "fl oz") => 29.573_529_562_5,
                Some("CUP" | "cup") => 236.588_236_5,
                Some("LITER" | "L") => 1000.0,
                // A unit this app does not know: no guess.
                Some(_) => return,
            };
            let amount = v
                .get("waterAmount")
                .and_then(number)
                .filter(|a| a.is_finite() && *a >= 0.0);
            if let (Some(date), Some(a)) = (log_date(&v), amount) {
                let id = v
                    .get("logId")
                    .and_then(Value::as_i64)
                    .unwrap_or(-1 - waters.len() as i64);
                waters.insert(id, (date, a * ml_per));
            }
        })
        .map(|_| ())
        .map_err(|e| json(path, e))
    }

    /// The food diary as days: each day's logs (in log order), the energy eaten with its
    /// carbohydrate, fat and protein, and the water drunk.
    pub(super) fn food_days(&mut self) -> Vec<Day> {
        let mut by_date: BTreeMap<NaiveDate, Vec<crate::model::FoodLog>> = BTreeMap::new();
        for f in std::mem::take(&mut self.foods).into_values() {
            by_date.entry(f.date).or_default().push(f);
        }
        let mut energy: BTreeMap<NaiveDate, (f64, [f64; 3])> = BTreeMap::new();
        for (date, logs) in &by_date {
            if logs.iter().any(|f| f.calories.is_some()) {
                let mut e = (0.0, [0.0; 3]);
                for f in logs {
                    e.0 += f.calories.unwrap_or(0.0);
                    e.1[0] += f.carbs_g.unwrap_or(0.0);
                    e.1[1] += f.fat_g.unwrap_or(0.0);
                    e.1[2] += f.protein_g.unwrap_or(0.0);
                }
                energy.insert(*date, e);
            }
        }
        let mut water: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for (date, ml) in std::mem::take(&mut self.waters).into_values() {
            *water.entry(date).or_default() += ml;
        }
        let mut days: Vec<Day> = by_date
            .into_iter()
            .map(|(date, logs)| Day {
                origin: None,
                kind: Kind::Food,
                date,
                payload: Payload::Food(logs),
            })
            .collect();
        days.extend(energy.into_iter().map(|(date, (value, parts))| Day {
            origin: None,
            kind: Kind::Daily(Metric::CaloriesIn),
            date,
            payload: Payload::Daily(vec![Daily {
                date,
                value,
                parts: Some(parts),
            }]),
        }));
        days.extend(daily(water, Metric::Water));
        days
    }
}
