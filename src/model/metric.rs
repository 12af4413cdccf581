//! The daily metrics (one value per civil day: resting HR, HRV, SpO2, breathing rate, skin
//! temperature, VO2 max, sleep, stress and readiness scores, weight, body fat, and the day's calories, distance, floors,
//! Active Zone Minutes, activity levels and cardio load): what each is and its unit. One table, so the cache, the exports and the trend
//! charts cannot disagree about a metric; where each API keeps it is that source's own table
//! (`sources::google::metrics`, `sources::fitbit::metrics`). Pure.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    RestingHeartRate,
    Hrv,
    Spo2,
    BreathingRate,
    SkinTemperature,
    Vo2Max,
    SleepScore,
    Weight,
    BodyFat,
    Calories,
    Distance,
    Floors,
    ActiveZoneMinutes,
    /// Minutes lightly, moderately and very active (exports only).
    ActiveMinutes,
    /// Minutes sedentary (exports only).
    SedentaryMinutes,
    /// Minutes in the fat-burn, cardio and peak heart-rate zones (exports only).
    HeartRateZones,
    /// Fitbit's Stress Management Score (exports only).
    StressScore,
    /// Fitbit's Daily Readiness Score (exports only).
    Readiness,
    /// Fitbit's cardio load of the day, from workouts and the rest of the day (exports only).
    CardioLoad,
    /// Breaths per minute in the night's deep, light and REM sleep (exports only).
    BreathingByStage,
    /// The day's logged food energy, with its carbohydrate, fat and protein (exports only).
    CaloriesIn,
    /// The day's logged water (exports only).
    Water,
}

/// Which family a metric's chart sits with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The day's totals (next to steps).
    Activity,
    /// Measured overnight or at rest.
    Vitals,
    /// Scores of the night (beside the sleep stages).
    Sleep,
    /// Scale readings.
    Body,
    /// What the person logged eating and drinking.
    Nutrition,
}

impl Metric {
    pub const ALL: [Metric; 22] = [
        Metric::Calories,
        Metric::Distance,
        Metric::Floors,
        Metric::ActiveZoneMinutes,
        Metric::ActiveMinutes,
        Metric::SedentaryMinutes,
        Metric::HeartRateZones,
        Metric::CardioLoad,
        Metric::RestingHeartRate,
        Metric::Hrv,
        Metric::Spo2,
        Metric::BreathingRate,
        Metric::BreathingByStage,
        Metric::SkinTemperature,
        Metric::Vo2Max,
        Metric::SleepScore,
        Metric::StressScore,
        Metric::Readiness,
        Metric::Weight,
        Metric::BodyFat,
        Metric::CaloriesIn,
        Metric::Water,
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
            Metric::SleepScore => "sleep_score",
            Metric::Weight => "weight",
            Metric::BodyFat => "body_fat",
            Metric::Calories => "calories",
            Metric::Distance => "distance",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes => "active_zone_minutes",
            Metric::StressScore => "stress_score",
            Metric::Readiness => "readiness",
            Metric::ActiveMinutes => "active_minutes",
            Metric::SedentaryMinutes => "sedentary_minutes",
            // Not `heart_rate_zones`: that is the zones' bounds (`Kind::HeartRateZones`).
            Metric::HeartRateZones => "time_in_heart_rate_zones",
            Metric::CardioLoad => "cardio_load",
            Metric::BreathingByStage => "breathing_rate_by_stage",
            Metric::CaloriesIn => "calories_in",
            Metric::Water => "water",
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
            Metric::SleepScore => "Sleep score",
            Metric::Weight => "Weight",
            Metric::BodyFat => "Body fat",
            Metric::Calories => "Calories burned",
            Metric::Distance => "Distance",
            Metric::Floors => "Floors climbed",
            Metric::ActiveZoneMinutes => "Active Zone Minutes",
            Metric::StressScore => "Stress management score",
            Metric::Readiness => "Daily readiness",
            Metric::ActiveMinutes => "Active minutes",
            Metric::SedentaryMinutes => "Sedentary minutes",
            Metric::HeartRateZones => "Time in heart-rate zones",
            Metric::CardioLoad => "Cardio load",
            Metric::BreathingByStage => "Breathing rate by sleep stage",
            Metric::CaloriesIn => "Calories eaten",
            Metric::Water => "Water",
        }
    }

    /// The unit values are stored and exported in (metric, whatever the profile says).
    pub fn unit(self) -> &'static str {
        match self {
            Metric::RestingHeartRate => "bpm",
            Metric::Hrv => "ms",
            Metric::Spo2 | Metric::BodyFat => "%",
            Metric::BreathingRate | Metric::BreathingByStage => "breaths/min",
            Metric::CardioLoad => "load",
            Metric::CaloriesIn => "kcal",
            Metric::Water => "ml",
            Metric::SkinTemperature => "°C",
            Metric::Vo2Max => "ml/kg/min",
            Metric::SleepScore | Metric::StressScore | Metric::Readiness => "points",
            Metric::Weight => "kg",
            Metric::Calories => "kcal",
            Metric::Distance => "km",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes
            | Metric::ActiveMinutes
            | Metric::SedentaryMinutes
            | Metric::HeartRateZones => "min",
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
            Metric::SleepScore => "Fitbit's score of the night that ended on the day, out of 100: duration (50), composition (25) and revitalization (25)",
            Metric::Weight => "the day's last weigh-in, kilograms",
            Metric::BodyFat => "body fat from the day's last weigh-in, percent",
            Metric::Calories => "total energy burned in the day (resting and active), kilocalories",
            Metric::Distance => "distance walked and run in the day, kilometres",
            Metric::Floors => "floors climbed in the day (about 3 m of ascent each)",
            Metric::ActiveZoneMinutes => "minutes in the fat-burn zone count once, cardio and peak twice",
            Metric::StressScore => "Fitbit's Stress Management Score of the day, 1 to 100: higher means fewer signs of stress (from the export's Stress Score.csv)",
            Metric::ActiveMinutes => "minutes lightly, moderately and very active in the day, as Fitbit classifies each minute (the three parts in the CSV)",
            Metric::SedentaryMinutes => "minutes sedentary in the day, as Fitbit classifies each minute (sleep included)",
            Metric::HeartRateZones => "minutes in the fat-burn, cardio and peak heart-rate zones in the day (the three parts in the CSV)",
            Metric::Readiness => "Fitbit's Daily Readiness Score, 1 to 100: how ready the body is for activity, from sleep, HRV and resting heart rate (from the export's daily_readiness.csv)",
            Metric::CardioLoad => "Fitbit's cardio load of the day, the strain on the heart from workouts and from the rest of the day (the two parts in the CSV)",
            Metric::CaloriesIn => "energy of the foods logged for the day, kilocalories (carbohydrate, fat and protein in grams in the CSV)",
            Metric::Water => "water logged for the day, millilitres",
            Metric::BreathingByStage => "breaths per minute in the deep, light and REM sleep of the night that ended on the day (the value is the whole sleep's; the stages are in the CSV where all three were measured)",
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
            Metric::SleepScore => "sleep_score",
            Metric::Weight => "weight_kg",
            Metric::BodyFat => "body_fat_pct",
            Metric::Calories => "calories_kcal",
            Metric::Distance => "distance_km",
            Metric::Floors => "floors",
            Metric::ActiveZoneMinutes => "azm_minutes",
            Metric::StressScore => "stress_score",
            Metric::Readiness => "readiness_score",
            Metric::ActiveMinutes => "active_minutes",
            Metric::SedentaryMinutes => "sedentary_minutes",
            Metric::HeartRateZones => "zone_minutes",
            Metric::CardioLoad => "cardio_load",
            Metric::BreathingByStage => "full_sleep_breaths_per_min",
            Metric::CaloriesIn => "calories_in_kcal",
            Metric::Water => "water_ml",
        }
    }

    pub fn group(self) -> Group {
        match self {
            Metric::Calories
            | Metric::Distance
            | Metric::Floors
            | Metric::ActiveZoneMinutes
            | Metric::ActiveMinutes
            | Metric::SedentaryMinutes
            | Metric::HeartRateZones
            | Metric::CardioLoad => Group::Activity,
            Metric::Weight | Metric::BodyFat => Group::Body,
            Metric::CaloriesIn | Metric::Water => Group::Nutrition,
            Metric::SleepScore | Metric::StressScore | Metric::Readiness => Group::Sleep,
            _ => Group::Vitals,
        }
    }

    /// Decimals worth showing.
    pub fn decimals(self) -> usize {
        match self {
            Metric::RestingHeartRate
            | Metric::Calories
            | Metric::Floors
            | Metric::ActiveZoneMinutes
            | Metric::ActiveMinutes
            | Metric::SedentaryMinutes
            | Metric::HeartRateZones
            | Metric::SleepScore
            | Metric::StressScore
            | Metric::Readiness
            | Metric::CaloriesIn
            | Metric::Water => 0,
            Metric::Distance | Metric::SkinTemperature => 2,
            _ => 1,
        }
    }

    /// The columns a metric exports beside its value: AZM's minutes in each zone, so that both
    /// providers give the same CSV; the sleep score's three parts.
    pub fn part_columns(self) -> &'static [&'static str] {
        match self {
            Metric::ActiveZoneMinutes | Metric::HeartRateZones => {
                &["fat_burn_minutes", "cardio_minutes", "peak_minutes"]
            }
            Metric::ActiveMinutes => &[
                "lightly_active_minutes",
                "moderately_active_minutes",
                "very_active_minutes",
            ],
            // Fitbit's own order of the three in `sleep_score.csv` differs; these are the
            // score's halves by weight. Recent exports leave two of them empty: then none.
            Metric::CardioLoad => &["workout_load", "background_load"],
            Metric::CaloriesIn => &["carbs_g", "fat_g", "protein_g"],
            Metric::BreathingByStage => &[
                "deep_sleep_breaths_per_min",
                "light_sleep_breaths_per_min",
                "rem_sleep_breaths_per_min",
            ],
            Metric::SleepScore => &[
                "duration_score",
                "composition_score",
                "revitalization_score",
            ],
            _ => &[],
        }
    }

    /// How a trend draws the parts: stacked bars where they add up to the day's value (each
    /// part times its weight: AZM counts cardio and peak minutes twice), a line each where
    /// they are readings side by side; `None` draws the value alone.
    pub fn drawn_parts(self) -> Option<DrawnParts> {
        let stack = |labels, weights| Some(DrawnParts::Stacked { labels, weights });
        match self {
            Metric::ActiveZoneMinutes => {
                stack(&["Fat burn", "Cardio", "Peak"][..], [1.0, 2.0, 2.0])
            }
            Metric::HeartRateZones => stack(&["Fat burn", "Cardio", "Peak"][..], [1.0; 3]),
            Metric::ActiveMinutes => stack(
                &["Lightly active", "Moderately active", "Very active"][..],
                [1.0; 3],
            ),
            Metric::CardioLoad => stack(&["Workout", "Background"][..], [1.0; 3]),
            Metric::BreathingByStage => Some(DrawnParts::Lines {
                value: "Whole sleep",
                labels: &["Deep", "Light", "REM"],
            }),
            _ => None,
        }
    }

    /// Whether only an export has it (the scores, minute classes, cardio load, breathing per
    /// stage, food and water): neither API's table names it. Decided here, once, for every
    /// metric; `sources::wire_tests` checks every other one has both APIs' sources.
    pub fn export_only(self) -> bool {
        match self {
            Metric::SleepScore
            | Metric::StressScore
            | Metric::Readiness
            | Metric::ActiveMinutes
            | Metric::SedentaryMinutes
            | Metric::HeartRateZones
            | Metric::CardioLoad
            | Metric::BreathingByStage
            | Metric::CaloriesIn
            | Metric::Water => true,
            Metric::RestingHeartRate
            | Metric::Hrv
            | Metric::Spo2
            | Metric::BreathingRate
            | Metric::SkinTemperature
            | Metric::Vo2Max
            | Metric::Weight
            | Metric::BodyFat
            | Metric::Calories
            | Metric::Distance
            | Metric::Floors
            | Metric::ActiveZoneMinutes => false,
        }
    }

    /// A day without data of a count (distance, floors, AZM) is a day of 0; `None` for the
    /// others (a missing resting rate is no value, not 0).
    pub fn zero_day(self) -> Option<fn(chrono::NaiveDate) -> crate::model::Daily> {
        match self {
            Metric::Distance | Metric::Floors => Some(|date| crate::model::Daily {
                date,
                value: 0.0,
                parts: None,
            }),
            Metric::ActiveZoneMinutes => Some(|date| crate::model::Daily {
                date,
                value: 0.0,
                parts: Some([0.0; 3]),
            }),
            _ => None,
        }
    }
}

/// How a metric's parts are drawn (`Metric::drawn_parts`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DrawnParts {
    /// Bars stacked per day: `labels[i]` is part `i`, drawn as its value times `weights[i]`.
    Stacked {
        labels: &'static [&'static str],
        weights: [f64; 3],
    },
    /// A line per part, beside the value's (named `value`).
    Lines {
        value: &'static str,
        labels: &'static [&'static str],
    },
}

/// Kilometres in a mile.
pub const KM_PER_MILE: f64 = 1.609_344;

/// A night's skin temperature as stored: its deviation from the personal baseline, rounded to
/// hundredths of a degree as Fitbit gave it, whichever source computed the difference.
pub fn skin_delta(deviation_c: f64) -> f64 {
    (deviation_c * 100.0).round() / 100.0
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
    /// A stored value in the person's units, with the unit's name.
    pub fn show(self, metric: Metric, v: f64) -> (f64, &'static str) {
        match metric {
            Metric::Distance if self.miles => (v / KM_PER_MILE, "mi"),
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
