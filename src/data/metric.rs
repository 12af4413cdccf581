//! The daily metrics (one value per civil day: resting HR, HRV, SpO2, breathing rate, skin
//! temperature, VO2 max, weight, body fat, and the day's calories, distance, floors and Active
//! Zone Minutes): what each is, its unit, and where each API keeps it. One table, so the cache,
//! the fetchers, the exports and the trend charts cannot disagree about a metric. Pure.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    RestingHeartRate,
    Hrv,
    Spo2,
    BreathingRate,
    SkinTemperature,
    Vo2Max,
    Weight,
    BodyFat,
    Calories,
    Distance,
    Floors,
    ActiveZoneMinutes,
}

/// Which family a metric's chart sits with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The day's totals (next to steps).
    Activity,
    /// Measured overnight or at rest.
    Vitals,
    /// Scale readings.
    Body,
}

/// Where the legacy Fitbit Web API keeps a metric: a date-range endpoint (`{from}`/`{to}` are
/// replaced), the list in its answer, and how far one request may reach.
pub struct FitbitSource {
    pub path: &'static str,
    /// The key of the answer's list; `None`: the answer is the list itself (SpO2).
    pub list: Option<&'static str>,
    pub max_days: i64,
    /// The value inside one entry of the list.
    pub value: fn(&Value) -> Option<f64>,
}

/// Reads a metric's parts (`Metric::part_columns`) from one JSON object.
pub type PartsOf = fn(&Value) -> Option<[f64; 3]>;

/// Where the Google Health API keeps a metric.
pub enum GoogleSource {
    /// A daily data type (`date` plus values), listed by a date filter.
    Daily {
        kebab: &'static str,
        field: &'static str,
        value: fn(&Value) -> Option<f64>,
    },
    /// A sample data type (weigh-ins), listed by a civil-time filter; the day keeps its last.
    Samples {
        kebab: &'static str,
        field: &'static str,
        value: fn(&Value) -> Option<f64>,
    },
    /// An interval type summed per civil day by `dailyRollUp` (the API's advice for daily
    /// totals: it handles zones and DST), at most `max_days` per call.
    Rollup {
        kebab: &'static str,
        field: &'static str,
        max_days: i64,
        value: fn(&Value) -> Option<f64>,
    },
}

impl GoogleSource {
    pub fn kebab(&self) -> &'static str {
        match self {
            GoogleSource::Daily { kebab, .. }
            | GoogleSource::Samples { kebab, .. }
            | GoogleSource::Rollup { kebab, .. } => kebab,
        }
    }
}

/// A JSON number, or a number written as a string (int64 fields, Fitbit's daily totals), or a
/// range written `"42-46"` (Fitbit's VO2 max without GPS runs), which is read as its middle.
/// Never a non-finite number: Google writes `"NaN"` (a temperature night before the baseline
/// exists), and Rust's `parse` would take it, and `"inf"`, as a float. Those mean "no value".
pub fn number(v: &Value) -> Option<f64> {
    number_any(v).filter(|x| x.is_finite())
}

fn number_any(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok().or_else(|| {
            let (a, b) = s.split_once('-')?;
            let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some((a + b) / 2.0)
        }),
        _ => None,
    }
}

fn at(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer).and_then(number)
}

impl Metric {
    pub const ALL: [Metric; 12] = [
        Metric::Calories,
        Metric::Distance,
        Metric::Floors,
        Metric::ActiveZoneMinutes,
        Metric::RestingHeartRate,
        Metric::Hrv,
        Metric::Spo2,
        Metric::BreathingRate,
        Metric::SkinTemperature,
        Metric::Vo2Max,
        Metric::Weight,
        Metric::BodyFat,
    ];

    /// The cache key and export file name.
    pub fn key(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "resting_heart_rate",
            Metric::Hrv => "hrv",
            Metric::Spo2 => "spo2",
            Metric::BreathingRate => "breathing_rate",
            Metric::SkinTemperature => "skin_temperature",
            Metric::Vo2Max => "vo2_max",
            Metric::Weight => "weight",
            Metric::BodyFat => "body_fat",
            Metric::Calories => "calories",
            Metric::Distance => "distance",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes => "active_zone_minutes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "Resting heart rate",
            Metric::Hrv => "Heart-rate variability",
            Metric::Spo2 => "Blood oxygen (SpO2)",
            Metric::BreathingRate => "Breathing rate",
            Metric::SkinTemperature => "Skin temperature",
            Metric::Vo2Max => "VO2 max",
            Metric::Weight => "Weight",
            Metric::BodyFat => "Body fat",
            Metric::Calories => "Calories burned",
            Metric::Distance => "Distance",
            Metric::Floors => "Floors climbed",
            Metric::ActiveZoneMinutes => "Active Zone Minutes",
        }
    }

    /// The unit values are stored and exported in (metric, whatever the profile says).
    pub fn unit(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "bpm",
            Metric::Hrv => "ms",
            Metric::Spo2 | Metric::BodyFat => "%",
            Metric::BreathingRate => "breaths/min",
            Metric::SkinTemperature => "°C",
            Metric::Vo2Max => "ml/kg/min",
            Metric::Weight => "kg",
            Metric::Calories => "kcal",
            Metric::Distance => "km",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes => "min",
        }
    }

    /// What the number is, in a sentence (chart subtitles and the export's README).
    pub fn about(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "beats per minute at rest, as the provider computes it for each day",
            Metric::Hrv => "RMSSD of beat-to-beat intervals during the night's sleep, milliseconds",
            Metric::Spo2 => "average blood oxygen saturation during the night's sleep, percent",
            Metric::BreathingRate => "average breaths per minute during the night's sleep",
            Metric::SkinTemperature => "the night's skin temperature minus your personal baseline, °C (0 = usual)",
            Metric::Vo2Max => "estimated cardio fitness, ml of oxygen per kg per minute (Fitbit gives a range: its middle)",
            Metric::Weight => "the day's last weigh-in, kilograms",
            Metric::BodyFat => "body fat from the day's last weigh-in, percent",
            Metric::Calories => "total energy burned in the day (resting and active), kilocalories",
            Metric::Distance => "distance walked and run in the day, kilometres",
            Metric::Floors => "floors climbed in the day (about 3 m of ascent each)",
            Metric::ActiveZoneMinutes => "minutes in the fat-burn zone count once, cardio and peak twice",
        }
    }

    /// The export column of the value.
    pub fn column(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "resting_bpm",
            Metric::Hrv => "rmssd_ms",
            Metric::Spo2 => "spo2_avg_pct",
            Metric::BreathingRate => "breaths_per_min",
            Metric::SkinTemperature => "skin_temp_delta_c",
            Metric::Vo2Max => "vo2_max_ml_kg_min",
            Metric::Weight => "weight_kg",
            Metric::BodyFat => "body_fat_pct",
            Metric::Calories => "calories_kcal",
            Metric::Distance => "distance_km",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes => "azm_minutes",
        }
    }

    pub fn group(self) -> Group {
        match self {
            Metric::Calories | Metric::Distance | Metric::Floors | Metric::ActiveZoneMinutes => {
                Group::Activity
            }
            Metric::Weight | Metric::BodyFat => Group::Body,
            _ => Group::Vitals,
        }
    }

    /// Decimals worth showing.
    pub fn decimals(self) -> usize {
        match self {
            Metric::RestingHeartRate
            | Metric::Calories
            | Metric::Floors
            | Metric::ActiveZoneMinutes => 0,
            Metric::Distance | Metric::SkinTemperature => 2,
            _ => 1,
        }
    }

    pub fn fitbit(self) -> FitbitSource {
        let nightly = |path, list, value| FitbitSource {
            path,
            list: Some(list),
            max_days: 30,
            value,
        };
        let total = |path, list| FitbitSource {
            path,
            list: Some(list),
            max_days: 365,
            value: |e| at(e, "/value"),
        };
        match self {
            // The heart-rate time series: zones and resting HR per day, a year per request.
            Metric::RestingHeartRate => FitbitSource {
                path: "/1/user/-/activities/heart/date/{from}/{to}.json",
                list: Some("activities-heart"),
                max_days: 365,
                value: |e| at(e, "/value/restingHeartRate"),
            },
            Metric::Hrv => nightly("/1/user/-/hrv/date/{from}/{to}.json", "hrv", |e| {
                at(e, "/value/dailyRmssd")
            }),
            Metric::Spo2 => FitbitSource {
                path: "/1/user/-/spo2/date/{from}/{to}.json",
                list: None,
                max_days: 30,
                value: |e| at(e, "/value/avg"),
            },
            Metric::BreathingRate => nightly("/1/user/-/br/date/{from}/{to}.json", "br", |e| {
                // -1 marks a night too short to measure.
                at(e, "/value/breathingRate").filter(|v| *v >= 0.0)
            }),
            Metric::SkinTemperature => nightly(
                "/1/user/-/temp/skin/date/{from}/{to}.json",
                "tempSkin",
                |e| at(e, "/value/nightlyRelative"),
            ),
            Metric::Vo2Max => nightly(
                "/1/user/-/cardioscore/date/{from}/{to}.json",
                "cardioScore",
                |e| at(e, "/value/vo2Max"),
            ),
            // The reference gives 31 days for weight logs and 30 or 31 for fat: 30 is safe.
            Metric::Weight => nightly(
                "/1/user/-/body/log/weight/date/{from}/{to}.json",
                "weight",
                |e| at(e, "/weight"),
            ),
            Metric::BodyFat => {
                nightly("/1/user/-/body/log/fat/date/{from}/{to}.json", "fat", |e| {
                    at(e, "/fat")
                })
            }
            Metric::Calories => total(
                "/1/user/-/activities/calories/date/{from}/{to}.json",
                "activities-calories",
            ),
            Metric::Distance => total(
                "/1/user/-/activities/distance/date/{from}/{to}.json",
                "activities-distance",
            ),
            Metric::Floors => total(
                "/1/user/-/activities/floors/date/{from}/{to}.json",
                "activities-floors",
            ),
            // Zero-valued zones are left out, an empty value is a day with none.
            Metric::ActiveZoneMinutes => FitbitSource {
                path: "/1/user/-/activities/active-zone-minutes/date/{from}/{to}.json",
                list: Some("activities-active-zone-minutes"),
                max_days: 365,
                value: |e| {
                    e.get("value")
                        .map(|v| at(v, "/activeZoneMinutes").unwrap_or(0.0))
                },
            },
        }
    }

    pub fn google(self) -> GoogleSource {
        match self {
            Metric::RestingHeartRate => GoogleSource::Daily {
                kebab: "daily-resting-heart-rate",
                field: "dailyRestingHeartRate",
                value: |v| at(v, "/beatsPerMinute"),
            },
            Metric::Hrv => GoogleSource::Daily {
                kebab: "daily-heart-rate-variability",
                field: "dailyHeartRateVariability",
                value: |v| at(v, "/averageHeartRateVariabilityMilliseconds"),
            },
            Metric::Spo2 => GoogleSource::Daily {
                kebab: "daily-oxygen-saturation",
                field: "dailyOxygenSaturation",
                value: |v| at(v, "/averagePercentage"),
            },
            Metric::BreathingRate => GoogleSource::Daily {
                kebab: "daily-respiratory-rate",
                field: "dailyRespiratoryRate",
                value: |v| at(v, "/breathsPerMinute"),
            },
            // Google gives the absolute nightly value and the baseline; Fitbit gave their
            // difference, which is what the chart shows (rounded as Fitbit rounds it).
            Metric::SkinTemperature => GoogleSource::Daily {
                kebab: "daily-sleep-temperature-derivations",
                field: "dailySleepTemperatureDerivations",
                value: |v| {
                    let d = at(v, "/nightlyTemperatureCelsius")?
                        - at(v, "/baselineTemperatureCelsius")?;
                    Some((d * 100.0).round() / 100.0)
                },
            },
            Metric::Vo2Max => GoogleSource::Daily {
                kebab: "daily-vo2-max",
                field: "dailyVo2Max",
                value: |v| at(v, "/vo2Max"),
            },
            Metric::Weight => GoogleSource::Samples {
                kebab: "weight",
                field: "weight",
                value: |v| at(v, "/weightGrams").map(|g| g / 1000.0),
            },
            Metric::BodyFat => GoogleSource::Samples {
                kebab: "body-fat",
                field: "bodyFat",
                value: |v| at(v, "/percentage"),
            },
            Metric::Calories => GoogleSource::Rollup {
                kebab: "total-calories",
                field: "totalCalories",
                max_days: 14,
                value: |v| at(v, "/kcalSum").map(f64::round),
            },
            Metric::Distance => GoogleSource::Rollup {
                kebab: "distance",
                field: "distance",
                max_days: 90,
                // Fitbit's series rounds to 10 m; so does this, so both sources agree.
                value: |v| at(v, "/millimetersSum").map(|mm| (mm / 10_000.0).round() / 100.0),
            },
            Metric::Floors => GoogleSource::Rollup {
                kebab: "floors",
                field: "floors",
                max_days: 90,
                value: |v| at(v, "/countSum"),
            },
            // Split by zone (recorded answers; there is no single sum field). The three are
            // minutes in each zone: the total counts fat burn once, cardio and peak twice.
            Metric::ActiveZoneMinutes => GoogleSource::Rollup {
                kebab: "active-zone-minutes",
                field: "activeZoneMinutes",
                max_days: 90,
                value: |v| google_azm_parts(v).map(azm_total),
            },
        }
    }

    /// The columns a metric exports beside its value: AZM's minutes in each zone, so that both
    /// providers give the same CSV.
    pub fn part_columns(self) -> &'static [&'static str] {
        match self {
            Metric::ActiveZoneMinutes => &["fat_burn_minutes", "cardio_minutes", "peak_minutes"],
            _ => &[],
        }
    }

    /// Reads the parts (see `part_columns`) from the same JSON object `value` reads.
    pub fn google_parts(self) -> Option<PartsOf> {
        match self {
            Metric::ActiveZoneMinutes => Some(google_azm_parts),
            _ => None,
        }
    }

    /// `google_parts` for one entry of the Fitbit list.
    pub fn fitbit_parts(self) -> Option<PartsOf> {
        match self {
            Metric::ActiveZoneMinutes => Some(fitbit_azm_parts),
            _ => None,
        }
    }

    /// A day without data of a count (distance, floors, AZM) is a day of 0; `None` for the
    /// others (a missing resting rate is no value, not 0).
    pub fn zero_day(self) -> Option<fn(chrono::NaiveDate) -> crate::data::model::Daily> {
        match self {
            Metric::Distance | Metric::Floors => Some(|date| crate::data::model::Daily {
                date,
                value: 0.0,
                parts: None,
            }),
            Metric::ActiveZoneMinutes => Some(|date| crate::data::model::Daily {
                date,
                value: 0.0,
                parts: Some([0.0; 3]),
            }),
            _ => None,
        }
    }

    /// Days one Google job covers: a rollup's limit, else 90 (a value a day at most).
    pub fn google_max_days(self) -> i64 {
        match self.google() {
            GoogleSource::Rollup { max_days, .. } => max_days,
            _ => 90,
        }
    }
}

/// Google's AZM roll-up: minutes in fat burn, cardio and peak (int64 strings; a zone with no
/// minutes may be left out). `None` when no zone is there at all.
fn google_azm_parts(v: &Value) -> Option<[f64; 3]> {
    let z = |k: &str| v.get(k).and_then(number);
    let parts = [
        z("sumInFatBurnHeartZone"),
        z("sumInCardioHeartZone"),
        z("sumInPeakHeartZone"),
    ];
    parts
        .iter()
        .any(Option::is_some)
        .then(|| parts.map(|p| p.unwrap_or(0.0)))
}

/// Fitbit's AZM entry: `fatBurnActiveZoneMinutes` etc. are Active Zone Minutes earned (cardio
/// and peak count twice), with zero-valued zones left out; the parts are minutes in each zone.
fn fitbit_azm_parts(e: &Value) -> Option<[f64; 3]> {
    let v = e.get("value")?;
    let z = |k: &str| at(v, k).unwrap_or(0.0);
    Some([
        z("/fatBurnActiveZoneMinutes"),
        z("/cardioActiveZoneMinutes") / 2.0,
        z("/peakActiveZoneMinutes") / 2.0,
    ])
}

/// Fitbit's rule: a fat-burn minute earns 1 Active Zone Minute, a cardio or peak minute 2.
pub fn azm_total([fat, cardio, peak]: [f64; 3]) -> f64 {
    fat + 2.0 * (cardio + peak)
}

/// The units a person chose in their profile, used for display only (files stay metric).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Units {
    pub miles: bool,
    pub pounds: bool,
    /// Stone (UK): weight shows as stones; wins over `pounds`.
    #[serde(default)]
    pub stone: bool,
    pub fahrenheit: bool,
}

impl Units {
    /// Fitbit's profile (`distanceUnit` etc.: "METRIC", "US", "en_US", "STONE"…).
    pub fn from_fitbit(distance: Option<&str>, weight: Option<&str>, temp: Option<&str>) -> Units {
        let us = |s: Option<&str>| s.is_some_and(|s| s == "US" || s == "en_US");
        Units {
            miles: us(distance),
            pounds: us(weight),
            stone: weight == Some("STONE"),
            fahrenheit: us(temp),
        }
    }

    /// Google's settings: prefixed enums (`DISTANCE_UNIT_MILES`, `WEIGHT_UNIT_POUNDS`,
    /// `WEIGHT_UNIT_STONE`, `TEMPERATURE_UNIT_FAHRENHEIT`), as recorded answers and the
    /// discovery document show. A bare `MILES` is accepted too: it costs nothing.
    pub fn from_google(distance: Option<&str>, weight: Option<&str>, temp: Option<&str>) -> Units {
        let is = |s: Option<&str>, prefix: &str, want: &str| {
            s.is_some_and(|s| {
                let s = s.to_ascii_uppercase();
                s.strip_prefix(prefix).unwrap_or(&s) == want
            })
        };
        Units {
            miles: is(distance, "DISTANCE_UNIT_", "MILES"),
            pounds: is(weight, "WEIGHT_UNIT_", "POUNDS"),
            stone: is(weight, "WEIGHT_UNIT_", "STONE"),
            fahrenheit: is(temp, "TEMPERATURE_UNIT_", "FAHRENHEIT"),
        }
    }

    /// A stored value in the person's units, with the unit's name.
    pub fn show(self, metric: Metric, v: f64) -> (f64, &'static str) {
        match metric {
            Metric::Distance if self.miles => (v / 1.609_344, "mi"),
            Metric::Weight if self.stone => (v / 6.350_293_18, "st"),
            Metric::Weight if self.pounds => (v / 0.453_592_37, "lb"),
            // A difference: no 32 °F shift.
            Metric::SkinTemperature if self.fahrenheit => (v * 1.8, "°F"),
            _ => (v, metric.unit()),
        }
    }

    /// `show`, formatted with the metric's decimals.
    pub fn text(self, metric: Metric, v: f64) -> String {
        let (x, unit) = self.show(metric, v);
        format!("{x:.*} {unit}", metric.decimals())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_strings_and_fitbit_ranges() {
        assert_eq!(number(&json!(44.5)), Some(44.5));
        assert_eq!(number(&json!("10234")), Some(10234.0));
        assert_eq!(number(&json!("42-46")), Some(44.0));
        assert_eq!(number(&json!("-0.3")), Some(-0.3));
        assert_eq!(number(&json!("n/a")), None);
        assert_eq!(number(&json!(null)), None);
        // Google's sentinel and its relatives are "no value", never a float that is not one.
        for s in ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999"] {
            assert_eq!(number(&json!(s)), None, "{s}");
        }
        assert_eq!(number(&json!("NaN-3")), None);
    }

    #[test]
    fn azm_from_both_providers_counts_cardio_and_peak_twice() {
        let g = |v: Value| match Metric::ActiveZoneMinutes.google() {
            GoogleSource::Rollup { value, .. } => value(&v),
            _ => None,
        };
        // The recorded roll-up shape.
        let rec = json!({"sumInCardioHeartZone":"2","sumInFatBurnHeartZone":"5","sumInPeakHeartZone":"0"});
        assert_eq!(g(rec.clone()), Some(9.0));
        let parts = Metric::ActiveZoneMinutes.google_parts().unwrap();
        assert_eq!(parts(&rec), Some([5.0, 2.0, 0.0]));
        // A zone left out is zero; no zone at all is no value; the invented sum is not read.
        assert_eq!(g(json!({"sumInPeakHeartZone":"3"})), Some(6.0));
        assert_eq!(g(json!({"activeZoneMinutesSum":"12"})), None);
        // Fitbit's entry: zones as earned minutes, so cardio 4 is 2 minutes in the zone.
        let e = json!({"dateTime":"2025-03-26","value":{"activeZoneMinutes":10,"fatBurnActiveZoneMinutes":6,"cardioActiveZoneMinutes":4}});
        let fp = Metric::ActiveZoneMinutes.fitbit_parts().unwrap();
        assert_eq!(fp(&e), Some([6.0, 2.0, 0.0]));
        assert_eq!(azm_total([6.0, 2.0, 0.0]), 10.0);
        assert_eq!((Metric::ActiveZoneMinutes.fitbit().value)(&e), Some(10.0));
        assert!(
            Metric::Weight.google_parts().is_none() && Metric::Weight.part_columns().is_empty()
        );
    }

    #[test]
    fn keys_are_unique_and_every_metric_has_both_sources() {
        let keys: std::collections::BTreeSet<&str> = Metric::ALL.iter().map(|m| m.key()).collect();
        assert_eq!(keys.len(), Metric::ALL.len());
        for m in Metric::ALL {
            let f = m.fitbit();
            assert!(f.path.contains("{from}/{to}.json"), "{m:?}");
            assert!((1..=365).contains(&f.max_days));
            assert!(!m.google().kebab().is_empty());
            assert!(!m.about().is_empty() && !m.unit().is_empty());
        }
    }

    #[test]
    fn values_from_the_reference_shapes() {
        let f = |m: Metric, e: Value| (m.fitbit().value)(&e);
        assert_eq!(
            f(
                Metric::Hrv,
                json!({"value":{"dailyRmssd":34.938,"deepRmssd":31.567},"dateTime":"2021-10-25"})
            ),
            Some(34.938)
        );
        assert_eq!(
            f(
                Metric::Spo2,
                json!({"dateTime":"2021-10-04","value":{"avg":97.5,"min":94.0,"max":100.0}})
            ),
            Some(97.5)
        );
        assert_eq!(
            f(
                Metric::BreathingRate,
                json!({"value":{"breathingRate":-1.0},"dateTime":"2021-10-25"})
            ),
            None
        );
        assert_eq!(
            f(
                Metric::SkinTemperature,
                json!({"dateTime":"2021-10-04","value":{"nightlyRelative":-0.3},"logType":"dedicated_temp_sensor"})
            ),
            Some(-0.3)
        );
        assert_eq!(
            f(
                Metric::Vo2Max,
                json!({"dateTime":"2023-10-15","value":{"vo2Max":"42-46"}})
            ),
            Some(44.0)
        );
        assert_eq!(
            f(
                Metric::Weight,
                json!({"bmi":23.57,"date":"2015-03-05","fat":14.5,"logId":1,"source":"API","time":"10:15:00","weight":73})
            ),
            Some(73.0)
        );
        assert_eq!(
            f(
                Metric::Calories,
                json!({"dateTime":"2016-03-08","value":"2345"})
            ),
            Some(2345.0)
        );
        assert_eq!(
            f(
                Metric::ActiveZoneMinutes,
                json!({"dateTime":"2020-02-01","value":{}})
            ),
            Some(0.0)
        );
        assert_eq!(
            f(
                Metric::ActiveZoneMinutes,
                json!({"dateTime":"2020-02-01","value":{"activeZoneMinutes":17,"fatBurnActiveZoneMinutes":7}})
            ),
            Some(17.0)
        );
        let g = |m: Metric, v: Value| match m.google() {
            GoogleSource::Daily { value, .. }
            | GoogleSource::Samples { value, .. }
            | GoogleSource::Rollup { value, .. } => value(&v),
        };
        assert_eq!(
            g(Metric::RestingHeartRate, json!({"beatsPerMinute":"58"})),
            Some(58.0)
        );
        assert_eq!(
            g(
                Metric::SkinTemperature,
                json!({"nightlyTemperatureCelsius":34.5,"baselineTemperatureCelsius":34.2})
            ),
            Some(0.3)
        );
        assert_eq!(
            g(Metric::Weight, json!({"weightGrams":79832})),
            Some(79.832)
        );
        assert_eq!(
            g(Metric::Distance, json!({"millimetersSum":"7345678"})),
            Some(7.35)
        );
        assert_eq!(g(Metric::Calories, json!({"kcalSum":2345.6})), Some(2346.0));
    }

    #[test]
    fn units_for_display_only() {
        let us = Units::from_google(
            Some("DISTANCE_UNIT_MILES"),
            Some("WEIGHT_UNIT_POUNDS"),
            Some("TEMPERATURE_UNIT_FAHRENHEIT"),
        );
        assert_eq!(
            us,
            Units::from_google(Some("MILES"), Some("POUNDS"), Some("FAHRENHEIT"))
        );
        let uk = Units::from_google(
            Some("DISTANCE_UNIT_MILES"),
            Some("WEIGHT_UNIT_STONE"),
            Some("TEMPERATURE_UNIT_CELSIUS"),
        );
        assert_eq!(uk.text(Metric::Weight, 63.5029318), "10.0 st");
        assert_eq!(uk.text(Metric::SkinTemperature, -0.5), "-0.50 °C");
        assert_eq!(
            Units::from_google(
                Some("DISTANCE_UNIT_KILOMETERS"),
                Some("WEIGHT_UNIT_KILOGRAMS"),
                Some("TEMPERATURE_UNIT_CELSIUS")
            ),
            Units::default()
        );
        assert_eq!(
            us,
            Units::from_fitbit(Some("en_US"), Some("US"), Some("US"))
        );
        assert_eq!(us.text(Metric::Distance, 16.09344), "10.00 mi");
        assert_eq!(us.text(Metric::Weight, 45.359237), "100.0 lb");
        assert_eq!(us.text(Metric::SkinTemperature, -0.5), "-0.90 °F");
        let metric = Units::from_fitbit(Some("METRIC"), Some("METRIC"), None);
        assert_eq!(metric, Units::default());
        assert_eq!(metric.text(Metric::Distance, 7.35), "7.35 km");
        assert_eq!(metric.text(Metric::Calories, 2345.4), "2345 kcal");
    }
}
