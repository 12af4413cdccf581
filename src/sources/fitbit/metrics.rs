//! Where the legacy Fitbit Web API keeps each daily metric: its range endpoint, the list in the
//! answer, the value reader and how far one request may reach.

use crate::model::metric::{Metric, Units};
use crate::sources::json::{at, PartsOf};
use serde_json::Value;

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

impl Metric {
    /// Where the Web API keeps the metric; `None`: it never had it (the sleep score).
    pub fn fitbit(self) -> Option<FitbitSource> {
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
        Some(match self {
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
            // Only an export has these (`Metric::export_only`): neither API is asked.
            _ => return None,
        })
    }

    /// `google_parts` for one entry of the Fitbit list.
    pub fn fitbit_parts(self) -> Option<PartsOf> {
        match self {
            Metric::ActiveZoneMinutes => Some(fitbit_azm_parts),
            _ => None,
        }
    }
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
}
