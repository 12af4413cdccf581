//! Which file of an export is what: paths normalized (odd spaces, case), then each file
//! classified by its name at any depth (takeout.md §1.5), and the canonical copy of each
//! metric chosen (§5), so no type is ever read from two encodings. Pure.

use crate::model::metric::Metric;

/// What a file holds, for the importer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// `Your Profile/Profile.csv`: the account's current zone and units.
    Profile,
    /// `UserSleeps_*.csv`: each night's UTC offsets, exact.
    UserSleeps,
    /// `UserSleepStages_*.csv`: each sleep's stages, UTC. Read only where the export has no
    /// `sleep-*.json`: then `UserSleeps` and these are its sleep (§5).
    UserSleepStages,
    /// `UserExercises_*.csv`: each exercise's UTC offset.
    UserExercises,
    /// `height-*.json`: millimetres, for telling kilograms from pounds.
    Height,
    /// `calories_YYYY-MM-01.csv` (Physical Activity_GoogleData): kcal per minute at real UTC
    /// instants. A table: it decides whether the calories JSON's zoneless times are UTC or
    /// local (exports disagree), and is the calories where there is no JSON.
    CaloriesCsv,
    /// `weight.csv` (Physical Activity_GoogleData): every weigh-in in grams at its UTC instant.
    /// The more precise twin of `weight-*.json`'s pounds to one decimal; the weight itself
    /// where the export has no JSON copy.
    WeightCsv,
    /// `heart_rate-YYYY-MM-DD.json`: UTC instants, one local day.
    HeartRate,
    /// `steps-*.json`: UTC, per minute, 30 local days.
    Steps,
    /// `distance-*.json` (centimetres), `calories-*.json` (kcal), UTC per minute.
    Minutes(Metric),
    /// `altitude-*.json`: naive local, feet of climb (10 per floor).
    Altitude,
    /// `sleep-*.json`: naive local, 30 days of logs.
    Sleep,
    /// `resting_heart_rate-*.json`: date labels, 365 days, placeholders.
    RestingHeartRate,
    /// `weight-*.json`: naive local date and time, pounds (or kilograms: checked per record).
    Weight,
    /// `demographic_vo2_max-*.json`: date labels.
    Vo2Max,
    /// `steps_YYYY-MM-01.csv` (Physical Activity_GoogleData): real UTC, per minute, a month, one
    /// row per recorder. Read only where the export has no `steps-*.json` (§5).
    StepsCsv,
    /// `heart_rate_YYYY-MM-DD.csv` (Physical Activity_GoogleData): real UTC, one UTC day. Read
    /// only where no JSON copy exists; otherwise it is the JSON's twin, for the self-check.
    HeartRateCsv,
    /// `Daily Heart Rate Variability Summary - *.csv`: naive local, the date is the row's.
    HrvSummary,
    /// `Daily SpO2 - *.csv`: date labels.
    Spo2Daily,
    /// `Daily Respiratory Rate Summary - *.csv`: date labels.
    BreathingDaily,
    /// `Active Zone Minutes (AZM)/Active Zone Minutes - *.csv`: naive local minutes.
    Azm,
    /// `exercise-N.json` (N = 0, 100, …: 100 logs a file): UTC start times.
    Exercise,
    /// `sleep_score.csv`: the whole history; the wake time is local despite its `Z`.
    SleepScore,
    /// `daily_sleep_temperature_derivations.csv`: the night's skin temperature and baseline,
    /// date labels (what the Google Health API gives).
    SkinTempDaily,
    /// `sedentary_minutes-`, `lightly_active_minutes-`, `moderately_active_minutes-`,
    /// `very_active_minutes-*.json` (0 to 3): minutes per local date, 30 days a file, with
    /// placeholder days after the export (1440 sedentary, 0 of the others).
    LevelMinutes(u8),
    /// `time_in_heart_rate_zones-*.json`: one local day's minutes in each zone.
    HeartRateZones,
    /// `Stress Score.csv`: the Stress Management Score per local date (`DATE`), with rows of
    /// days without one (`NO_DATA`, `CALCULATION_FAILED`).
    StressScore,
    /// `daily_readiness.csv`: the Daily Readiness Score per bare date.
    Readiness,
    /// `cardio_load_YYYY-MM-01.csv` (Physical Activity_GoogleData): the load of each minute
    /// that had some (workout and background), real UTC; summed per local day by `finish`.
    CardioLoad,
    /// `Respiratory Rate Summary - *.csv` (naive local wake time, `false`) or
    /// `respiratory_rate_sleep_summary_*.csv` (real UTC sleep end, `true`): breaths per minute
    /// per sleep stage, `-1.0` where a stage was not measured. The two hold different nights
    /// in one real export: a night of the first wins, the second fills the rest.
    BreathingStages(bool),
    /// `Minute SpO2 - *.csv`: blood oxygen about once a minute through a night, real UTC.
    MinuteSpo2,
    /// `oxygen_saturation_*.csv` (Physical Activity_GoogleData): the same readings (equal at
    /// every instant in a real export), real UTC. Read only where no `Minute SpO2` exists.
    Spo2Csv,
    /// `Heart Rate Variability Details - *.csv`: RMSSD every 5 minutes of a night, naive local.
    HrvDetails,
    /// `Heart Rate Variability Histogram - *.csv`: a row per sleep, its naive local wake time
    /// and the share of its beat-to-beat intervals in 29 bins of 0.05 s from 0.3 s.
    HrvHistogram,
    /// `heart_rate_variability_*.csv` (Physical Activity_GoogleData): the same 5 minutes, real
    /// UTC, values computed slightly differently. Read only where no details file exists.
    HrvCsv,
    /// `estimated_oxygen_variation-*.csv`: a value a minute through a night, naive local
    /// (`MM/DD/YY HH:MM:SS`).
    OxygenVariation,
    /// A daily CSV of the Google era (`daily_resting_heart_rate.csv`, `demographic_vo2max.csv`,
    /// `daily_heart_rate_variability.csv`, `daily_oxygen_saturation.csv`,
    /// `daily_respiratory_rate.csv`): date labels. Google computes these differently from the
    /// Fitbit-era files (a real export's HRV differs by 16 %), so it is read only where the
    /// export has no Fitbit-era copy of the metric: one method draws each line.
    DailyTwin(Metric),
    /// `food_logs-N.json`: the food diary, every log of the whole history, dated by local day.
    FoodLogs,
    /// `water_logs-N.json`: water logged, with its unit, dated by local day.
    WaterLogs,
    /// `daily_heart_rate_zones.csv` (Physical Activity_GoogleData): the day's zone bounds,
    /// date labels, in a cell that is not JSON.
    ZoneBounds,
    /// `Computed Temperature - *.csv`: one row per night (naive local), the deviation from
    /// the baseline as a sum over the night's samples. Read where the daily file is missing.
    ComputedTemp,
}

impl Role {
    /// Tables that only inform the others (offsets, height) are read first.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            Role::Profile
                | Role::UserSleeps
                | Role::UserSleepStages
                | Role::UserExercises
                | Role::Height
                | Role::WeightCsv
                | Role::CaloriesCsv
        )
    }
}

/// Why `User3rdPartySleepAttributes` is left out: an account whose sleep another app (Apple
/// Health on an iPhone) records has only this table of ids, no times (takeout.md §9).
pub const THIRD_PARTY_SLEEP: &str =
    "the ids of nights another app (Apple Health) recorded, without their times or stages";

/// A path with its odd spaces made plain (Takeout writes U+00A0 in some products' folder
/// names), backslashes as slashes, no leading `./` or `/`.
pub fn normalize(path: &str) -> String {
    let plain: String = path
        .chars()
        .map(|c| match c {
            '\u{00A0}' | '\u{202F}' | '\u{2007}' => ' ',
            '\\' => '/',
            c => c,
        })
        .collect();
    plain
        .trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}

/// The file name of a normalized path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `prefix` + `YYYY-MM-DD` + `suffix`, case-insensitively: the date.
fn dated(name: &str, prefix: &str, suffix: &str) -> Option<chrono::NaiveDate> {
    let lower = name.to_ascii_lowercase();
    let rest = lower.strip_prefix(prefix)?.strip_suffix(suffix)?;
    chrono::NaiveDate::parse_from_str(rest, "%Y-%m-%d").ok()
}

/// The metric of a Google-era daily CSV, and the column its value is in.
pub fn daily_twin_column(m: Metric) -> &'static str {
    match m {
        Metric::RestingHeartRate => "beats per minute",
        Metric::Vo2Max => "demographic vo2max",
        Metric::Hrv => "average heart rate variability milliseconds",
        Metric::Spo2 => "average percentage",
        _ => "breaths per minute",
    }
}

fn daily_twin(lower: &str) -> Option<Metric> {
    Some(match lower {
        "daily_resting_heart_rate.csv" => Metric::RestingHeartRate,
        "demographic_vo2max.csv" => Metric::Vo2Max,
        "daily_heart_rate_variability.csv" => Metric::Hrv,
        "daily_oxygen_saturation.csv" => Metric::Spo2,
        "daily_respiratory_rate.csv" => Metric::BreathingRate,
        _ => return None,
    })
}

/// The Fitbit-era role that carries the same daily metric, which wins over its Google twin.
fn fitbit_era(m: Metric) -> Option<(Role, &'static str)> {
    Some(match m {
        Metric::RestingHeartRate => (Role::RestingHeartRate, "resting_heart_rate-*.json"),
        Metric::Vo2Max => (Role::Vo2Max, "demographic_vo2_max-*.json"),
        Metric::Hrv => (Role::HrvSummary, "Daily Heart Rate Variability Summary"),
        Metric::Spo2 => (Role::Spo2Daily, "Daily SpO2"),
        Metric::BreathingRate => (Role::BreathingDaily, "Daily Respiratory Rate Summary"),
        _ => return None,
    })
}

/// `prefix` + a page number + `.json` (`exercise-100.json`, `food_logs-0.json`).
fn numbered(lower: &str, prefix: &str) -> bool {
    lower
        .strip_prefix(prefix)
        .and_then(|r| r.strip_suffix(".json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What the file at a normalized `path` is; `Err` says why it is left out.
pub fn classify(path: &str) -> Result<Role, &'static str> {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    let in_folder = |f: &str| {
        path.to_ascii_lowercase()
            .split('/')
            .any(|part| part == f.to_ascii_lowercase())
    };
    let json = |prefix: &str| dated(name, prefix, ".json").is_some();
    let role = if lower == "profile.csv" {
        Role::Profile
    } else if lower.starts_with("usersleeps_") && lower.ends_with(".csv") {
        Role::UserSleeps
    } else if lower.starts_with("usersleepstages_") && lower.ends_with(".csv") {
        Role::UserSleepStages
    } else if lower.starts_with("userexercises_") && lower.ends_with(".csv") {
        Role::UserExercises
    } else if json("height-") {
        Role::Height
    } else if json("heart_rate-") {
        Role::HeartRate
    } else if json("steps-") {
        Role::Steps
    } else if json("distance-") {
        Role::Minutes(Metric::Distance)
    } else if json("calories-") {
        Role::Minutes(Metric::Calories)
    } else if json("altitude-") {
        Role::Altitude
    } else if json("sleep-") {
        Role::Sleep
    } else if json("resting_heart_rate-") {
        Role::RestingHeartRate
    } else if json("weight-") {
        Role::Weight
    } else if json("sedentary_minutes-") {
        Role::LevelMinutes(0)
    } else if json("lightly_active_minutes-") {
        Role::LevelMinutes(1)
    } else if json("moderately_active_minutes-") {
        Role::LevelMinutes(2)
    } else if json("very_active_minutes-") {
        Role::LevelMinutes(3)
    } else if json("time_in_heart_rate_zones-") {
        Role::HeartRateZones
    } else if json("demographic_vo2_max-") {
        Role::Vo2Max
    } else if numbered(&lower, "exercise-") {
        Role::Exercise
    } else if let Some(m) = daily_twin(&lower) {
        Role::DailyTwin(m)
    } else if numbered(&lower, "food_logs-") {
        Role::FoodLogs
    } else if numbered(&lower, "water_logs-") {
        Role::WaterLogs
    } else if lower == "sleep_score.csv" {
        Role::SleepScore
    } else if lower == "stress score.csv" {
        Role::StressScore
    } else if lower == "daily_readiness.csv" {
        Role::Readiness
    } else if lower == "daily_sleep_temperature_derivations.csv" {
        Role::SkinTempDaily
    } else if lower.starts_with("computed temperature - ") && lower.ends_with(".csv") {
        Role::ComputedTemp
    } else if lower == "weight.csv" && in_folder("Physical Activity_GoogleData") {
        Role::WeightCsv
    } else if dated(name, "heart_rate_", ".csv").is_some()
        && in_folder("Physical Activity_GoogleData")
    {
        Role::HeartRateCsv
    } else if lower.starts_with("daily heart rate variability summary - ")
        && lower.ends_with(".csv")
    {
        Role::HrvSummary
    } else if lower.starts_with("daily spo2 - ") && lower.ends_with(".csv") {
        Role::Spo2Daily
    } else if lower.starts_with("daily respiratory rate summary - ") && lower.ends_with(".csv") {
        Role::BreathingDaily
    } else if lower.starts_with("active zone minutes - ") && lower.ends_with(".csv") {
        Role::Azm
    } else if lower.starts_with("minute spo2 - ") && lower.ends_with(".csv") {
        Role::MinuteSpo2
    } else if lower.starts_with("heart rate variability details - ") && lower.ends_with(".csv") {
        Role::HrvDetails
    } else if lower.starts_with("heart rate variability histogram - ") && lower.ends_with(".csv") {
        Role::HrvHistogram
    } else if dated(name, "estimated_oxygen_variation-", ".csv").is_some() {
        Role::OxygenVariation
    } else if lower.starts_with("respiratory rate summary - ") && lower.ends_with(".csv") {
        Role::BreathingStages(false)
    } else if lower.contains("readme") {
        return Err("a README of the export");
    } else if lower.starts_with("user3rdpartysleepattributes") && lower.ends_with(".csv") {
        return Err(THIRD_PARTY_SLEEP);
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("respiratory_rate_sleep_summary_")
        && lower.ends_with(".csv")
    {
        Role::BreathingStages(true)
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("oxygen_saturation_")
        && lower.ends_with(".csv")
    {
        Role::Spo2Csv
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("heart_rate_variability_")
        && lower.ends_with(".csv")
    {
        Role::HrvCsv
    } else if lower == "cardio_load_observed_interval.csv" {
        return Err("the range Fitbit's cardio-load gauge is drawn over (its target band), not a measurement");
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("cardio_load_")
        && lower.ends_with(".csv")
    {
        Role::CardioLoad
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("steps_")
        && lower.ends_with(".csv")
    {
        Role::StepsCsv
    } else if in_folder("Physical Activity_GoogleData")
        && lower.starts_with("calories_")
        && !lower.starts_with("calories_in_")
        && lower.ends_with(".csv")
    {
        Role::CaloriesCsv
    } else if in_folder("Physical Activity_GoogleData")
        && ["distance_", "altitude_", "floors_"]
            .iter()
            .any(|m| lower.starts_with(m) && lower.ends_with(".csv"))
    {
        return Err("the CSV copy of a type read from the export's JSON (Global Export Data), so nothing counts twice");
    } else if in_folder("Coarse Physical Location")
        || lower.starts_with("gps_location_")
        || in_folder("Weather Forecast")
        || lower.starts_with("weather_forecast")
    {
        return Err("where you were (location, or the weather there): left out, so your places never enter the app");
    } else if in_folder("Live Pace") || lower.starts_with("live_pace_") {
        return Err(
            "the band's steps repeated for live pace: never added, so no step counts twice",
        );
    } else if in_folder("Nutrition Log") || lower.starts_with("nutrition_log") {
        return Err("food logged in the Google Health app (Nutrition Log): no export of it has been seen to learn its columns, so it is kept out rather than misread");
    } else if in_folder("Your Profile")
        || lower.starts_with("userprofiledata")
        || lower.starts_with("userdemographicdata")
        || lower.starts_with("userappsettingdata")
    {
        return Err("profile and account settings (personal details): only the time zone and units are read, from Profile.csv");
    } else if lower == "daily_heart_rate_zones.csv" {
        Role::ZoneBounds
    } else if lower.ends_with(".json") || lower.ends_with(".csv") {
        return Err("a type the app does not show");
    } else {
        return Err("not a data file");
    };
    Ok(role)
}

/// One file of an export, as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    /// Normalized path.
    pub path: String,
    pub size: u64,
}

impl Listed {
    /// A file at `path` (normalized here) of `size` bytes.
    pub fn new(path: &str, size: u64) -> Listed {
        Listed {
            path: normalize(path),
            size,
        }
    }
}

/// The listing of files held in memory (tests, benchmarks, the sample exports).
pub fn listing_of(files: &[(String, Vec<u8>)]) -> Vec<Listed> {
    files
        .iter()
        .map(|(p, b)| Listed::new(p, b.len() as u64))
        .collect()
}

/// The files to read, in order (tables first), and those left out with the reason.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// (index into the listing, role).
    pub read: Vec<(usize, Role)>,
    /// (index, why).
    pub skipped: Vec<(usize, String)>,
    /// HR CSV files that twin a JSON day: read only for the self-check.
    pub twins: Vec<usize>,
}

/// Chooses what to read. A metric with a JSON copy anywhere in the export is read from JSON
/// only (§5): the CSV twins are kept aside for the self-check, never added.
pub fn plan(files: &[Listed]) -> Plan {
    let mut plan = Plan::default();
    let roles: Vec<Result<Role, &str>> = files.iter().map(|f| classify(&f.path)).collect();
    // Whether a file of `role` can hold anything: a 0-byte file (or an empty `[]`) beside the
    // data (a tracker that synced nothing) is no copy, and must not make its twin a copy.
    let has = |role: Role| {
        roles
            .iter()
            .zip(files)
            .any(|(r, f)| *r == Ok(role) && f.size > 2)
    };
    let has_hr_json = has(Role::HeartRate);
    let has_skin_daily = has(Role::SkinTempDaily);
    let has_steps_json = has(Role::Steps);
    let has_sleep_json = has(Role::Sleep);
    let has_minute_spo2 = has(Role::MinuteSpo2);
    let has_hrv_details = has(Role::HrvDetails);
    let mut seen = std::collections::HashSet::new();
    // Minute-by-minute or table copies of what a file read instead already holds.
    let copies: [(&str, Role, &str); 4] = [
        ("usersleepscores_", Role::SleepScore, "the same nights' scores as sleep_score.csv, which is read instead, so nothing counts twice"),
        ("active_zone_minutes_", Role::Azm, "the same Active Zone Minutes as the Active Zone Minutes (AZM) files, which are read instead, so nothing counts twice"),
        ("activity_level_", Role::LevelMinutes(0), "each minute's activity level: the day's minutes at each level are read from the *_minutes JSON files instead, so nothing counts twice"),
        ("time_in_heart_rate_zone_", Role::HeartRateZones, "each minute's heart-rate zone: the day's minutes in each zone are read from time_in_heart_rate_zones JSON instead, so nothing counts twice"),
    ];
    for (i, role) in roles.iter().copied().enumerate() {
        let lower = file_name(&files[i].path).to_ascii_lowercase();
        let copy_of = copies
            .iter()
            .find(|(prefix, r, _)| lower.starts_with(prefix) && has(*r));
        match role {
            Err(_) if copy_of.is_some() => {
                plan.skipped.push((i, copy_of.map_or("", |c| c.2).to_string()))
            }
            Err(why) => plan.skipped.push((i, why.to_string())),
            Ok(Role::HeartRateCsv) if has_hr_json => plan.twins.push(i),
            Ok(Role::UserSleepStages) if has_sleep_json => plan.skipped.push((
                i,
                "the stages of the sleeps read from the export's JSON (sleep-*.json), so nothing counts twice".into(),
            )),
            Ok(Role::StepsCsv) if has_steps_json => plan.skipped.push((
                i,
                "the CSV copy of a type read from the export's JSON (Global Export Data), so nothing counts twice".into(),
            )),
            Ok(Role::Spo2Csv) if has_minute_spo2 => plan.skipped.push((
                i,
                "the same blood-oxygen readings as the Minute SpO2 files, which are read instead, so nothing counts twice".into(),
            )),
            Ok(Role::HrvCsv) if has_hrv_details => plan.skipped.push((
                i,
                "the same 5-minute HRV as the Heart Rate Variability Details files, which are read instead, so nothing counts twice".into(),
            )),
            Ok(Role::DailyTwin(m))
                if fitbit_era(m).is_some_and(|(r, _)| has(r)) =>
            {
                let family = fitbit_era(m).map_or("", |(_, f)| f);
                plan.skipped.push((
                    i,
                    format!(
                        "{} as Google computes it, which differs from {family}, read instead: one method draws each line",
                        m.label().to_lowercase()
                    ),
                ))
            }
            Ok(Role::ComputedTemp) if has_skin_daily => plan.skipped.push((
                i,
                "the same nights as daily_sleep_temperature_derivations.csv, which is read instead, so nothing counts twice".into(),
            )),
            Ok(r) => {
                // The same file twice (two overlapping ZIPs of one export): read it once.
                let name = file_name(&files[i].path).to_ascii_lowercase();
                if seen.insert((name, files[i].size)) {
                    plan.read.push((i, r));
                } else {
                    plan.skipped
                        .push((i, "the same file as one already read".into()));
                }
            }
        }
    }
    // Tables (sleep stages before the sleeps they belong to), then heart-rate days (their
    // midnights are offset evidence), then minute steps (a sleep claimed with an evening's
    // steps inside is evidence too), then the rest.
    plan.read.sort_by_key(|(i, r)| {
        (
            !r.is_table(),
            *r != Role::UserSleepStages,
            *r != Role::HeartRate,
            !matches!(r, Role::Steps | Role::StepsCsv),
            *r != Role::HeartRateCsv,
            *i,
        )
    });
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_name_at_any_depth() {
        let r = |p: &str| classify(&normalize(p));
        assert_eq!(
            r("Takeout/Fitbit/Global Export Data/heart_rate-2026-04-08.json"),
            Ok(Role::HeartRate)
        );
        assert_eq!(
            r("MyFitbitData/Ann/user-site-export/heart_rate-2019-01-01.json"),
            Ok(Role::HeartRate)
        );
        assert_eq!(
            r("Takeout/Google\u{00A0}Health/Global Export Data/sleep-2026-03-18.json"),
            Ok(Role::Sleep)
        );
        assert_eq!(
            r("Takeout\\Fitbit\\Physical Activity_GoogleData\\heart_rate_2026-04-08.csv"),
            Ok(Role::HeartRateCsv)
        );
        assert_eq!(r("x/Your Profile/Profile.csv"), Ok(Role::Profile));
        assert_eq!(
            r("Fitbit/Health Fitness Data_GoogleData/UserSleeps_2026-04-14.csv"),
            Ok(Role::UserSleeps)
        );
        assert!(r("Fitbit/Social/badge.json").is_err());
        assert_eq!(
            r("Fitbit/Physical Activity_GoogleData/steps_readme.txt"),
            Err("a README of the export")
        );
        assert_eq!(
            r("Fitbit/Health Fitness Data_GoogleData/UserSleeps README.txt"),
            Err("a README of the export")
        );
        assert_eq!(
            r("Fitbit/Physical Activity_GoogleData/steps_2026-04-01.csv"),
            Ok(Role::StepsCsv)
        );
        assert!(
            r("Fitbit/Physical Activity_GoogleData/distance_2026-04-01.csv")
                .is_err_and(|why| why.contains("CSV copy"))
        );
        assert!(r("photo.jpg").is_err());
        // Named reasons: location, pace, the food family no one has seen, personal details.
        for (path, word) in [
            ("T/Google Health/Physical Activity_GoogleData/Coarse Physical Location/coarse_physical_location_2026-10-01.csv", "location"),
            ("T/Fitbit/Physical Activity_GoogleData/gps_location_2026-04-01.csv", "location"),
            ("T/Google Health/Physical Activity_GoogleData/Live Pace/live_pace_2026-10-01.csv", "steps"),
            ("T/Google Health/Nutrition Log/nutrition_log_2026-10-01.csv", "Nutrition Log"),
            ("T/Fitbit/Health Fitness Data_GoogleData/UserProfileData_2026-04-14.csv", "personal"),
        ] {
            assert!(r(path).is_err_and(|why| why.contains(word)), "{path}: {:?}", r(path));
        }
        // A name that only looks dated.
        assert!(r("heart_rate-2026-13-40.json").is_err());
    }

    #[test]
    fn json_wins_and_its_csv_twins_are_only_checked() {
        let files: Vec<Listed> = [
            "T/Physical Activity_GoogleData/heart_rate_2026-04-08.csv",
            "T/Global Export Data/heart_rate-2026-04-08.json",
            "T/Your Profile/Profile.csv",
            "T/Global Export Data/heart_rate-2026-04-08.json",
        ]
        .iter()
        .map(|p| Listed {
            path: p.to_string(),
            size: 10,
        })
        .collect();
        let p = plan(&files);
        assert_eq!(p.read, vec![(2, Role::Profile), (1, Role::HeartRate)]);
        // Steps from CSV only where the export has no steps JSON.
        let steps = |names: &[&str]| {
            let files: Vec<Listed> = names.iter().map(|p| Listed::new(p, 10)).collect();
            plan(&files).read
        };
        assert_eq!(
            steps(&["T/Physical Activity_GoogleData/steps_2026-04-01.csv"]),
            vec![(0, Role::StepsCsv)]
        );
        assert_eq!(
            steps(&[
                "T/Physical Activity_GoogleData/steps_2026-04-01.csv",
                "T/Global Export Data/steps-2026-04-01.json"
            ]),
            vec![(1, Role::Steps)]
        );
        assert_eq!(p.twins, vec![0]);
        assert_eq!(p.skipped.len(), 1);
    }
}
