//! The data dictionary (`README.txt`) that travels with an export: every file and column.

use super::*;

/// What each column means, for README.txt.
pub fn dictionary() -> String {
    let mut s = String::from(
        "fitdata export\n==============\n\n\
         One CSV file per data type, UTF-8, comma separated, one header line, rows in time order.\n\n\
         Time columns (every file):\n\
         - utc_time: the instant, ISO 8601 in UTC (ends in Z).\n\
         - local_time: the same instant as the wall clock where it was recorded, ISO 8601 with its offset.\n\
         - utc_offset_min: that offset in minutes east of UTC (60 = UTC+01:00). It changes across DST and trips.\n\
         - time_basis: what gave the offset. recorded: the source recorded it with the data (Google, the demo); profile_zone: the account's time zone at that time (the legacy Fitbit API, or an export's profile); for an export: sleep_log or exercise_log (an offset the export recorded with a night or an exercise near that time), file_boundary (the local midnights of a file that covers whole local days), assumed_utc (nothing said: UTC).\n\
         (Daily values such as resting heart rate have a `date` column instead: the civil date they belong to. Values are in metric units whatever the profile shows.)\n\
         - source: where the row came from (google = Google Health API v4, fitbit = legacy Fitbit Web API, import = a Fitbit export or Google Takeout opened in the page, demo = the synthetic person), followed by `/` and the device where the answer names it (sleep: `google/Pixel Watch 3 (watch)`), or for an import the file it was read from (`import/sleep-2026-03-18.json`), followed by `#` and the recorder where that file holds several for the type, as a steps file holds a tracker's and a phone's: one counts each day, by the order set in Settings, else the one with the most (`import/steps_2026-03-01.csv#Phone Health Kit`).\n\n\
         Parquet files (<type>.parquet, where the export was asked for them): the same rows and columns as the CSV of the same name, typed. utc_time is a timestamp in UTC (milliseconds); local_time the wall clock where it was recorded, a timestamp without a zone; utc_offset_min, duration_s, active_s, paused_s, pauses and the bins whole numbers; date and night dates; source, time_basis and the other names strings (dictionary-encoded); main_sleep a boolean; every other column a number, null where the CSV cell is empty. Each file is a few days per row group. Heart rate at every reading is a folder with a file per month (heart_rate/2026-03.csv, .parquet), which these read as one table. To open one in a line:\n\
         - pandas: pd.read_parquet(\"steps.parquet\"); a folder: pd.read_parquet(\"heart_rate/\")\n\
         - polars: pl.read_parquet(\"steps.parquet\"); a folder: pl.read_parquet(\"heart_rate/*.parquet\")\n\
         - DuckDB: SELECT * FROM 'steps.parquet'; a folder: SELECT * FROM 'heart_rate/*.parquet';\n\
         - R (arrow): arrow::read_parquet(\"steps.parquet\"); a folder: arrow::open_dataset(\"heart_rate/\")\n\n\
         fitdata-backup/ (where the export was asked to carry a backup): every day fitdata had stored in the browser, exactly as stored, and the summary of the last import; no sign-in token. Open this ZIP with \"Open your export\" in fitdata to restore it (days the browser holds in a newer copy are kept). backup.json describes it; days.bin holds the records.\n\n",
    );
    for (kind, cols) in [
        (
            Kind::HeartRate1m,
            "- bpm: mean heart rate over the minute starting at utc_time, whole beats per minute. Minutes without a reading (tracker not worn) have no row.\n",
        ),
        (
            Kind::HeartRate,
            "- bpm: one reading, beats per minute, at utc_time (every second to every few seconds).\n- In the ZIP: a folder, heart_rate/, with a file per calendar month (heart_rate/2026-03.csv).\n",
        ),
        (
            Kind::Steps,
            "- duration_s: the length of the interval starting at utc_time, seconds.\n- steps: steps counted in it. Intervals with no steps have no row.\n",
        ),
        (
            Kind::Sleep,
            "- One row per sleep stage segment; utc_time is its start.\n- duration_s: its length, seconds.\n- stage: wake, light, deep, rem (stages) or asleep, restless (classic scoring).\n- night: the civil date the sleep ended on (where it ended), YYYY-MM-DD.\n- main_sleep: true for the night's main sleep, false for a nap.\n- no_stages: empty for a sleep with stages. For one scored classic (asleep, restless), why it has no stages, as its source said: low_coverage (too few heart-rate readings: the tracker sat loosely), gap_inside (the readings stopped for 2 hours or more), gap_at_start, gap_at_end (an hour or more without readings), too_short (under 3 hours), no_input (the data stages are computed from was missing), server_failed; empty where the source did not say.\n- bpm_mean, bpm_lowest: the heart-rate readings inside the segment, their mean and the lowest, beats per minute (every reading where the source kept them, else the minute means; empty where none was stored).\n- night_bpm_mean_asleep, night_bpm_lowest_asleep: the same over the whole sleep, every stage but wake: the figures the day view shows under the sleep, repeated on each of its rows.\n",
        ),
        (
            Kind::Exercises,
            "- One row per logged exercise; utc_time is its start.\n- duration_s: from start to end, seconds; active_s: the part not paused (empty when the log does not say).\n- paused_s, pauses: how long it stood paused in all, seconds, and how many times (Google's pause and auto-pause events); empty where none is recorded (an export's logs do not say).\n- activity: what it was (Walk, Run, …); logged: how (auto_detected, tracker, manual, …).\n- calories_kcal, steps, distance_km, avg_bpm: the log's totals and mean heart rate; empty when the log has none.\n",
        ),
        (
            Kind::Food,
            "- One row per food logged (from an export's food diary); date: the day it was logged for, YYYY-MM-DD (no time: the diary has none).\n- meal: Breakfast, Morning snack, Lunch, Afternoon snack, Dinner, Evening snack or Anytime; empty when the log does not say.\n- food, amount, unit: what and how much, as logged.\n- calories_kcal, carbs_g, fat_g, fiber_g, protein_g, sodium_mg: its nutrients for that amount, as the log gives them; empty when it has none.\n",
        ),
        (
            Kind::HeartRateZones,
            "- The person's heart-rate zones as the source counted the day's minutes in them (they move with fitness and age); date: the civil date, YYYY-MM-DD.\n- fat_burn_from_bpm, cardio_from_bpm, peak_from_bpm: the lower bound of Fat Burn, Cardio and Peak (Google: Moderate, Vigorous, Peak); below the first is out of range (Google: Light).\n",
        ),
        (
            Kind::BeatHistogram,
            "- How the beat-to-beat intervals of a sleep spread (from an export's Heart Rate Variability Histogram files, or the demo): one row per bin; utc_time is the sleep's wake time, and the file is filed on the date it woke.\n- bin_from_ms, bin_to_ms: the bin's interval lengths, milliseconds, from (inclusive) to (exclusive); 29 bins of 50 ms from 300 ms.\n- share: the fraction of the sleep's intervals in that bin, as the export writes it (about 1 over a sleep's bins).\n",
        ),
    ] {
        s.push_str(&format!("{} ({})\n{cols}\n", file_name(kind), kind.label()));
        if kind == Kind::Exercises {
            s.push_str(&format!(
                "{}.csv ({}: laps and splits, beside exercises.csv)\n\
                 - One row per lap or split of an exercise, in order, where the source gives them (the Google Health API: the laps marked on the device, else its 1 km or 1 mile splits); utc_time is the split's start.\n\
                 - exercise_utc_time: the utc_time of its exercise's row in exercises.csv, to join the two files.\n\
                 - split: its number within the exercise, from 1; split_type: how it was split, as the source names it (DISTANCE, DURATION, CALORIES, MANUAL: a lap the person marked).\n\
                 - duration_s: from its start to its end, seconds; active_s: the part not paused (empty when the source does not say).\n\
                 - distance_km, calories_kcal, avg_bpm: its distance, calories and mean heart rate, as the source measured them; empty when it gave none.\n\n",
                Table::Splits.key(Kind::Exercises),
                Table::Splits.label(Kind::Exercises)
            ));
        }
    }
    for n in crate::model::kind::Night::ALL {
        let (column, what) = n.column();
        s.push_str(&format!(
            "{} ({}, from an export or the demo)\n- {column}: {what}.\n- A night is its readings without a pause of 3 hours, filed on the date of its last reading.\n\n",
            file_name(Kind::Night(n)),
            n.label(),
        ));
    }
    for m in crate::model::metric::Metric::ALL {
        s.push_str(&format!(
            "{} ({})\n- date: the civil date, YYYY-MM-DD.\n- {}: {}, {}. Days without a value have no row.\n",
            file_name(Kind::Daily(m)),
            m.label(),
            m.column(),
            m.about(),
            m.unit()
        ));
        for c in m.part_columns() {
            s.push_str(&format!(
                "- {c}: {} (empty when the provider did not split it).\n",
                match m {
                    crate::model::metric::Metric::SleepScore => "that part of the score, in points",
                    crate::model::metric::Metric::ActiveMinutes => {
                        "minutes at that activity level"
                    }
                    crate::model::metric::Metric::CardioLoad => {
                        "the load from workouts, or from the rest of the day"
                    }
                    crate::model::metric::Metric::BreathingByStage => {
                        "breaths per minute in that sleep stage"
                    }
                    crate::model::metric::Metric::CaloriesIn => {
                        "grams of that nutrient in the foods logged for the day"
                    }
                    _ => "minutes spent in that heart-rate zone",
                }
            ));
        }
        s.push('\n');
    }
    s
}

/// The unit of a column, where it has one.
fn unit_of(kind: Kind, name: &str) -> Option<&'static str> {
    Some(match name {
        "utc_offset_min" => "min",
        "duration_s" | "active_s" | "paused_s" => "s",
        "bin_from_ms" | "bin_to_ms" => "ms",
        "bpm" | "avg_bpm" | "fat_burn_from_bpm" | "cardio_from_bpm" | "peak_from_bpm" => "bpm",
        "steps" => "steps",
        "share" => "fraction",
        "calories_kcal" => "kcal",
        "distance_km" => "km",
        "carbs_g" | "fat_g" | "fiber_g" | "protein_g" => "g",
        "sodium_mg" => "mg",
        _ => match kind {
            Kind::Daily(m) => m.unit(),
            Kind::Night(n) if name == n.column().0 => n.unit(),
            _ => return None,
        },
    })
}

/// `schema.json`: every file an export can hold, for programs: each type's CSV and Parquet
/// names, and each column's name, type (as the Parquet file has it) and unit.
pub fn schema_json() -> String {
    use super::{column, Column};
    let files: Vec<serde_json::Value> = Kind::exportable()
        .into_iter()
        .flat_map(|kind| Table::of(kind).iter().map(move |&t| (kind, t)))
        .map(|(kind, table)| {
            let columns: Vec<serde_json::Value> = header_of(table, kind)
                .into_iter()
                .map(|name| {
                    let ty = match column(name) {
                        Column::Utc => "timestamp_utc_ms",
                        Column::Local => "timestamp_local_ms",
                        Column::Int => "integer",
                        Column::Date => "date",
                        Column::Text => "string",
                        Column::Flag => "boolean",
                        Column::Number => "number",
                    };
                    let mut c = serde_json::json!({ "name": name, "type": ty });
                    if let Some(u) = unit_of(kind, name) {
                        c["unit"] = u.into();
                    }
                    c
                })
                .collect();
            let key = table.key(kind);
            let (csv, parquet) = if kind == Kind::HeartRate {
                (format!("{key}/YYYY-MM.csv"), format!("{key}/YYYY-MM.parquet"))
            } else {
                (format!("{key}.csv"), format!("{key}.parquet"))
            };
            serde_json::json!({
                "type": key,
                "label": table.label(kind),
                "csv": csv,
                "parquet": parquet,
                "time_basis": if kind.has_instants() { "the time_basis column" } else { "a civil date" },
                "columns": columns,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "format": "fitdata export",
        "version": 1,
        "files": files,
    }))
    .unwrap_or_default()
}
