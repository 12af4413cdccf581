//! Where the Google Health API keeps each daily metric: data type, field, value reader and how
//! many days one call may cover. Google's wire names live here and nowhere else.

use crate::model::metric::{azm_total, Metric, Units};
use crate::sources::json::{at, number, PartsOf};
use serde_json::Value;

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

/// Where a daily roll-up carries the person's own range of a metric (the discovery
/// document's `…PersonalRangeRollupValue`): the data type rolled up, the field and its bounds.
pub struct PersonalRange {
    pub kebab: &'static str,
    pub field: &'static str,
    pub min: &'static str,
    pub max: &'static str,
}

impl Metric {
    /// Where Google gives the person's range of the metric (resting heart rate and HRV, from
    /// their daily roll-ups); `None` for the others.
    pub fn google_personal_range(self) -> Option<PersonalRange> {
        match self {
            Metric::RestingHeartRate => Some(PersonalRange {
                kebab: "daily-resting-heart-rate",
                field: "restingHeartRatePersonalRange",
                min: "beatsPerMinuteMin",
                max: "beatsPerMinuteMax",
            }),
            Metric::Hrv => Some(PersonalRange {
                kebab: "daily-heart-rate-variability",
                field: "heartRateVariabilityPersonalRange",
                min: "averageHeartRateVariabilityMillisecondsMin",
                max: "averageHeartRateVariabilityMillisecondsMax",
            }),
            _ => None,
        }
    }

    /// Where Google keeps the metric; `None`: the API has no such data type (the sleep score
    /// is only in an export).
    pub fn google(self) -> Option<GoogleSource> {
        Some(match self {
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
                    Some(crate::model::metric::skin_delta(
                        at(v, "/nightlyTemperatureCelsius")?
                            - at(v, "/baselineTemperatureCelsius")?,
                    ))
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
            // Only an export has these (`Metric::export_only`): neither API is asked.
            _ => return None,
        })
    }

    /// Reads the parts (see `part_columns`) from the same JSON object `value` reads.
    pub fn google_parts(self) -> Option<PartsOf> {
        match self {
            Metric::ActiveZoneMinutes => Some(google_azm_parts),
            _ => None,
        }
    }

    /// Days one Google job covers: a rollup's limit, else 90 (a value a day at most).
    pub fn google_max_days(self) -> i64 {
        match self.google() {
            Some(GoogleSource::Rollup { max_days, .. }) => max_days,
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

impl Units {
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
}
