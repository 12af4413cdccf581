//! Downloads: the CSV layout of every data type (one day at a time, so a year streams out in
//! pieces), and the data dictionary that travels with an export. Pure and host-tested;
//! `files` assembles them from the cache in the browser.

#[cfg(target_arch = "wasm32")]
pub mod files;
pub mod worker;

use crate::model::time::{self, local_iso, offset_within, utc_iso};
use crate::model::zone::Zone;
use crate::model::{Kind, Origin, Payload};
use crate::sources::Answer;
use thiserror::Error;

/// Why a file could not be made. An API failure keeps its type, so the page can offer the
/// same one-click fix (Reconnect, Grant access) that the charts offer.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ExportError {
    #[error(transparent)]
    Api(#[from] crate::sources::ApiError),
    #[error(transparent)]
    TooLong(#[from] crate::sync::plan::TooLong),
    #[error(
        "the browser refused to save the file ({0}); allow downloads for this page and try again"
    )]
    Save(String),
    /// The form asks for something it cannot do (the message says what to change).
    #[error("{0}")]
    Form(String),
    #[error("the {kind} file could not be written ({detail}); try a shorter range")]
    Write { kind: &'static str, detail: String },
    #[error(
        "the stored {0} data has an unexpected shape; clear the cache (Settings) and fetch again"
    )]
    Shape(&'static str),
    /// The worker module that writes the rows and the archive failed.
    #[error("the file could not be written ({0}); reload the page and try again")]
    Worker(String),
}

impl ExportError {
    /// The API failure inside, for its one-click fix.
    pub fn api(&self) -> Option<&crate::sources::ApiError> {
        match self {
            ExportError::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// A chart's "JSON" download: the provider's answers for its days exactly as received (each
/// body is embedded byte for byte), with what was asked and when. No token is in it: tokens
/// travel in a header, and `Answer` has none.
pub fn raw_json(
    provider: &str,
    data: Kind,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    fetched_at_ms: i64,
    answers: &[Answer],
) -> Result<Vec<u8>, ExportError> {
    #[derive(serde::Serialize)]
    struct File<'a> {
        provider: &'a str,
        data_type: &'a str,
        from: String,
        to: String,
        fetched_at: String,
        about: &'a str,
        answers: Vec<Item<'a>>,
    }
    #[derive(serde::Serialize)]
    struct Item<'a> {
        method: &'a str,
        url: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        request_body: Option<Body<'a>>,
        body: Body<'a>,
    }
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Body<'a> {
        Json(&'a serde_json::value::RawValue),
        // Not JSON (it never is, from these APIs): kept as text rather than lost.
        Text(&'a str),
    }
    fn body(text: &str) -> Body<'_> {
        serde_json::from_str::<&serde_json::value::RawValue>(text)
            .map_or(Body::Text(text), Body::Json)
    }
    let file = File {
        provider,
        data_type: data.key(),
        from: from.to_string(),
        to: to.to_string(),
        fetched_at: utc_iso(fetched_at_ms.div_euclid(1000)),
        about: "Each answer is the API's body exactly as received, in the order the requests were sent; times in it are as the API writes them (see the export's README.txt for the normalized files).",
        answers: answers
            .iter()
            .map(|a| Item {
                method: a.method,
                url: &a.url,
                request_body: a.request_body.as_deref().map(body),
                body: body(&a.body),
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&file).map_err(|e| ExportError::Write {
        kind: data.key(),
        detail: e.to_string(),
    })
}

/// The file a data type is exported to.
pub fn file_name(kind: Kind) -> String {
    format!("{}.csv", kind.key())
}

/// Column names. Every file starts with the same three time columns; `source` is last.
pub fn header(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::HeartRate | Kind::HeartRate1m => {
            vec![
                "utc_time",
                "local_time",
                "utc_offset_min",
                "time_basis",
                "bpm",
                "source",
            ]
        }
        Kind::Steps => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "steps",
            "source",
        ],
        Kind::Night(n) => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            n.column().0,
            "source",
        ],
        // A value per civil date: no instant, so the date is the time column.
        Kind::Daily(m) => [&["date", m.column()][..], m.part_columns(), &["source"]].concat(),
        Kind::HeartRateZones => vec![
            "date",
            "fat_burn_from_bpm",
            "cardio_from_bpm",
            "peak_from_bpm",
            "source",
        ],
        Kind::Sleep => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "stage",
            "night",
            "main_sleep",
            "source",
        ],
        // Logged for a day, not at an instant: the date is the time column.
        Kind::Food => vec![
            "date",
            "meal",
            "food",
            "amount",
            "unit",
            "calories_kcal",
            "carbs_g",
            "fat_g",
            "fiber_g",
            "protein_g",
            "sodium_mg",
            "source",
        ],
        Kind::Exercises => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "active_s",
            "activity",
            "logged",
            "calories_kcal",
            "steps",
            "distance_km",
            "avg_bpm",
            "source",
        ],
    }
}

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
         - source: where the row came from (google = Google Health API v4, fitbit = legacy Fitbit Web API, import = a Fitbit export or Google Takeout opened in the page, demo = the synthetic person), followed by `/` and the device where the answer names it (sleep: `google/Pixel Watch 3 (watch)`), or for an import the file it was read from (`import/sleep-2026-03-18.json`).\n\n",
    );
    for (kind, cols) in [
        (
            Kind::HeartRate1m,
            "- bpm: mean heart rate over the minute starting at utc_time, whole beats per minute. Minutes without a reading (tracker not worn) have no row.\n",
        ),
        (
            Kind::HeartRate,
            "- bpm: one reading, beats per minute, at utc_time (every second to every few seconds).\n",
        ),
        (
            Kind::Steps,
            "- duration_s: the length of the interval starting at utc_time, seconds.\n- steps: steps counted in it. Intervals with no steps have no row.\n",
        ),
        (
            Kind::Sleep,
            "- One row per sleep stage segment; utc_time is its start.\n- duration_s: its length, seconds.\n- stage: wake, light, deep, rem (stages) or asleep, restless (classic scoring).\n- night: the civil date the sleep ended on (where it ended), YYYY-MM-DD.\n- main_sleep: true for the night's main sleep, false for a nap.\n",
        ),
        (
            Kind::Exercises,
            "- One row per logged exercise; utc_time is its start.\n- duration_s: from start to end, seconds; active_s: the part not paused (empty when the log does not say).\n- activity: what it was (Walk, Run, …); logged: how (auto_detected, tracker, manual, …).\n- calories_kcal, steps, distance_km, avg_bpm: the log's totals and mean heart rate; empty when the log has none.\n",
        ),
        (
            Kind::Food,
            "- One row per food logged (from an export's food diary); date: the day it was logged for, YYYY-MM-DD (no time: the diary has none).\n- meal: Breakfast, Morning snack, Lunch, Afternoon snack, Dinner, Evening snack or Anytime; empty when the log does not say.\n- food, amount, unit: what and how much, as logged.\n- calories_kcal, carbs_g, fat_g, fiber_g, protein_g, sodium_mg: its nutrients for that amount, as the log gives them; empty when it has none.\n",
        ),
    ] {
        s.push_str(&format!("{} ({})\n{cols}\n", file_name(kind), kind.label()));
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

fn write_err(kind: Kind) -> impl Fn(csv::Error) -> ExportError {
    move |e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    }
}

/// The header line as CSV bytes.
pub fn header_csv(kind: Kind) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header(kind)).map_err(write_err(kind))?;
    w.into_inner().map_err(|e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    })
}

/// The source column of a record whose device the answer named: `google/Charge 6 (fitness band)`.
fn with_device(source: &str, device: Option<&str>) -> String {
    match device {
        Some(d) => format!("{source}/{d}"),
        None => source.to_string(),
    }
}

fn minutes(offset_s: i32) -> String {
    (offset_s / 60).to_string()
}

/// The time columns every file of instants starts with, then the row's own cells.
fn row_at(t: i64, offset: i32, basis: &str, rest: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut row = vec![
        utc_iso(t),
        local_iso(t, offset),
        minutes(offset),
        basis.to_string(),
    ];
    row.extend(rest);
    row
}

/// One instant's row for `instant_rows`: when, its offset, a duration in seconds (intervals
/// only), and the value.
struct Instant {
    t: i64,
    offset: i32,
    seconds: Option<i64>,
    value: f64,
}

/// A day's rows of instants (heart rate) or intervals (steps), written straight into bytes: a
/// year of 1-minute readings is half a million rows, and the general path (a `Vec<String>` a
/// row, chrono's formatter) is most of its cost. The cells are `row_at`'s: the two text cells
/// escaped once, by the csv crate, the times by `time::push_iso`, numbers as Rust prints them.
fn instant_rows(
    items: impl ExactSizeIterator<Item = Instant>,
    basis: &str,
    source: &str,
) -> Result<Vec<u8>, csv::Error> {
    use std::io::Write;
    let cell = |text: &str| -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Two fields, so an empty text is an empty cell, never a quoted "" of a lone field.
        w.write_record([text, "x"])?;
        let mut bytes = w.into_inner().map_err(|e| e.into_error())?;
        bytes.truncate(bytes.len().saturating_sub(3));
        Ok(bytes)
    };
    let (basis, source) = (cell(basis)?, cell(source)?);
    let mut out = Vec::with_capacity(items.len() * (72 + basis.len() + source.len()));
    for s in items {
        time::push_iso(&mut out, s.t, None);
        out.push(b',');
        time::push_iso(&mut out, s.t, Some(s.offset));
        out.push(b',');
        write!(out, "{}", s.offset / 60)?;
        out.push(b',');
        out.extend_from_slice(&basis);
        out.push(b',');
        if let Some(seconds) = s.seconds {
            write!(out, "{seconds},")?;
        }
        // As `f64`'s Display prints it, faster for the whole numbers most values are.
        if s.value.fract() == 0.0
            && s.value.abs() < 1e15
            && !(s.value == 0.0 && s.value.is_sign_negative())
        {
            write!(out, "{}", s.value as i64)?;
        } else {
            write!(out, "{}", s.value)?;
        }
        out.push(b',');
        out.extend_from_slice(&source);
        out.push(b'\n');
    }
    Ok(out)
}

/// One day's rows as CSV bytes (no header).
/// `zone`: the user's time zone, when known, to place a DST switch inside a night exactly.
pub fn day_csv(
    kind: Kind,
    payload: &Payload,
    source: &str,
    zone: Option<&Zone>,
) -> Result<Vec<u8>, ExportError> {
    day_csv_from(kind, payload, source, None, zone)
}

/// What placed a source's times on the clock, where the day does not say: Google gives each
/// point's offset, the legacy Fitbit API only the profile's zone, the demo knows.
fn time_basis<'a>(source: &str, origin: Option<&'a Origin>) -> &'a str {
    match origin.and_then(|o| o.time_basis.as_deref()) {
        Some(b) => b,
        None => match source {
            "fitbit" => "profile_zone",
            "import" => "",
            _ => "recorded",
        },
    }
}

/// `day_csv` of a stored day that says where it came from: the `source` column names the
/// file, `time_basis` the rule that placed its times.
pub fn day_csv_from(
    kind: Kind,
    payload: &Payload,
    source: &str,
    origin: Option<&Origin>,
    zone: Option<&Zone>,
) -> Result<Vec<u8>, ExportError> {
    let err = write_err(kind);
    let basis = time_basis(source, origin).to_string();
    let named = origin.map(|o| format!("{source}/{}", o.file));
    let source = named.as_deref().unwrap_or(source);
    let mut w = csv::Writer::from_writer(Vec::new());
    match (kind, payload) {
        (Kind::HeartRate | Kind::HeartRate1m | Kind::Night(_), Payload::Samples(items)) => {
            let rows = items.iter().map(|s| Instant {
                t: s.t,
                offset: s.offset,
                seconds: None,
                value: s.value,
            });
            return instant_rows(rows, &basis, source).map_err(&err);
        }
        (Kind::Steps, Payload::Intervals(items)) => {
            let rows = items.iter().map(|i| Instant {
                t: i.start,
                offset: i.offset,
                seconds: Some(i.end - i.start),
                value: i.value,
            });
            return instant_rows(rows, &basis, source).map_err(&err);
        }
        (Kind::Sleep, Payload::Sleep(sessions)) => {
            for s in sessions {
                let night = s.night().to_string();
                for seg in &s.segments {
                    // A segment after a DST switch carries the offset in force at its start.
                    let offset = offset_within(
                        seg.start,
                        (s.start, s.start_offset),
                        (s.end, s.end_offset),
                        zone,
                    );
                    w.write_record(row_at(
                        seg.start,
                        offset,
                        &basis,
                        [
                            (seg.end - seg.start).to_string(),
                            seg.stage.label().to_string(),
                            night.clone(),
                            s.is_main.to_string(),
                            // An import's day names its file already.
                            if named.is_some() {
                                source.to_string()
                            } else {
                                with_device(source, s.source.device.as_deref())
                            },
                        ],
                    ))
                    .map_err(&err)?;
                }
            }
        }
        (Kind::Daily(m), Payload::Daily(days)) => {
            let parts = m.part_columns().len();
            for d in days {
                let mut row = vec![d.date.to_string(), d.value.to_string()];
                // A part the provider did not give is an empty cell, never a made-up 0.
                row.extend((0..parts).map(|i| {
                    d.parts
                        .and_then(|p| p.get(i).copied())
                        .map_or_else(String::new, |v| v.to_string())
                }));
                row.push(source.to_string());
                w.write_record(row).map_err(&err)?;
            }
        }
        (Kind::HeartRateZones, Payload::Zones(days)) => {
            for d in days {
                let [a, b, c] = d.bounds.map(|v| v.to_string());
                w.write_record([d.date.to_string(), a, b, c, source.to_string()])
                    .map_err(&err)?;
            }
        }
        (Kind::Exercises, Payload::Exercises(items)) => {
            let cell = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
            for x in items {
                w.write_record(row_at(
                    x.start,
                    x.offset,
                    &basis,
                    [
                        (x.end - x.start).to_string(),
                        x.active_s.map_or_else(String::new, |s| s.to_string()),
                        x.name.clone(),
                        x.logged.clone(),
                        cell(x.calories),
                        cell(x.steps),
                        cell(x.distance_km),
                        cell(x.avg_bpm),
                        source.to_string(),
                    ],
                ))
                .map_err(&err)?;
            }
        }
        (Kind::Food, Payload::Food(items)) => {
            let cell = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
            for f in items {
                let [amount, kcal, carbs, fat, fiber, protein, sodium] = f.numbers().map(cell);
                w.write_record([
                    f.date.to_string(),
                    f.meal.clone().unwrap_or_default(),
                    f.name.clone(),
                    amount,
                    f.unit.clone().unwrap_or_default(),
                    kcal,
                    carbs,
                    fat,
                    fiber,
                    protein,
                    sodium,
                    source.to_string(),
                ])
                .map_err(&err)?;
            }
        }
        _ => return Err(ExportError::Shape(kind.key())),
    }
    w.into_inner().map_err(|e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    })
}

/// A ZIP archive written file by file and piece by piece: each piece is compressed as it is
/// added, so only the compressed archive is ever held whole.
pub struct Zip {
    writer: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
}

fn zip_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        kind: "zip",
        detail: e.to_string(),
    }
}

impl Zip {
    pub fn new() -> Zip {
        Zip {
            writer: zip::ZipWriter::new(std::io::Cursor::new(Vec::new())),
        }
    }

    /// Starts the next file; what `write` adds goes into it.
    pub fn start_file(&mut self, name: &str) -> Result<(), ExportError> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            // Rows of a year of minutes can pass 4 GiB uncompressed only in theory; say so
            // anyway rather than fail at the end.
            .large_file(false);
        self.writer.start_file(name, options).map_err(zip_err)
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        use std::io::Write;
        self.writer.write_all(bytes).map_err(zip_err)
    }

    /// The finished archive.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        self.writer
            .finish()
            .map(std::io::Cursor::into_inner)
            .map_err(zip_err)
    }
}

impl Default for Zip {
    fn default() -> Self {
        Zip::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_describes_every_file_an_export_can_hold() {
        let text = dictionary();
        for kind in Kind::exportable() {
            assert!(text.contains(&format!("{} (", file_name(kind))), "{kind:?}");
            for column in header(kind) {
                assert!(
                    text.contains(column)
                        || [
                            "date",
                            "source",
                            "utc_time",
                            "local_time",
                            "utc_offset_min",
                            "time_basis"
                        ]
                        .contains(&column),
                    "{kind:?} {column}"
                );
            }
        }
    }
    use crate::config::ProviderKind;
    use crate::model::{Interval, Sample, Segment, SleepSession, Source, Stage};

    #[test]
    fn raw_json_embeds_each_answer_byte_for_byte() {
        // Odd spacing and a key order serde would not choose: both must survive.
        let fitbit = r#"{"activities-heart":[{"dateTime":"2026-10-25", "value":{"restingHeartRate":57}}],"z":1.50}"#;
        let answers = vec![
            Answer {
                method: "GET",
                url: "https://api.fitbit.com/1/user/-/activities/heart/date/2026-10-25/2026-10-25.json".into(),
                request_body: None,
                body: fitbit.into(),
            },
            Answer {
                method: "POST",
                url: "https://health.googleapis.com/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp".into(),
                request_body: Some(r#"{"windowSizeDays":1}"#.into()),
                body: "not json".into(),
            },
        ];
        let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let bytes = raw_json(
            "fitbit",
            Kind::RESTING,
            (day, day),
            1_793_000_000_123,
            &answers,
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(fitbit), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["provider"], "fitbit");
        assert_eq!(v["data_type"], "resting_heart_rate");
        assert_eq!(
            (&v["from"], &v["to"]),
            (&"2026-10-25".into(), &"2026-10-25".into())
        );
        assert_eq!(v["fetched_at"], "2026-10-26T07:33:20Z");
        assert_eq!(v["answers"][0]["body"]["z"], 1.5);
        assert!(v["answers"][0].get("request_body").is_none());
        assert_eq!(v["answers"][1]["request_body"]["windowSizeDays"], 1);
        assert_eq!(v["answers"][1]["body"], "not json");
        assert_eq!(v["answers"][1]["method"], "POST");
    }

    #[test]
    fn zip_holds_each_file_whole() {
        use std::io::Read;
        let mut z = Zip::new();
        z.start_file("README.txt").unwrap();
        z.write(dictionary().as_bytes()).unwrap();
        z.start_file("steps.csv").unwrap();
        z.write(b"a,b\n").unwrap();
        z.write(b"1,2\n").unwrap();
        let bytes = z.finish().unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut text = String::new();
        archive
            .by_name("steps.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "a,b\n1,2\n");
    }

    #[test]
    fn exercise_rows_leave_what_a_log_lacks_empty() {
        let x = crate::model::Exercise {
            start: 1_774_737_000,
            end: 1_774_740_600,
            offset: 3600,
            name: "Yoga".into(),
            logged: "manual".into(),
            active_s: None,
            calories: Some(120.0),
            steps: None,
            distance_km: None,
            avg_bpm: None,
        };
        let text = String::from_utf8(header_csv(Kind::Exercises).unwrap()).unwrap()
            + &String::from_utf8(
                day_csv(Kind::Exercises, &Payload::Exercises(vec![x]), "demo", None).unwrap(),
            )
            .unwrap();
        assert_eq!(
            text,
            "utc_time,local_time,utc_offset_min,time_basis,duration_s,active_s,activity,logged,calories_kcal,steps,distance_km,avg_bpm,source\n\
             2026-03-28T22:30:00Z,2026-03-28T23:30:00+01:00,60,recorded,3600,,Yoga,manual,120,,,,demo\n"
        );
        assert!(dictionary().contains("exercises.csv (Exercises)"));
        assert!(dictionary().contains("sleep_score.csv (Sleep score)"));
    }

    #[test]
    fn heart_rate_and_steps_rows() {
        let hr = Payload::Samples(vec![Sample {
            t: 1_774_737_000,
            offset: 3600,
            value: 61.0,
        }]);
        let text = String::from_utf8(header_csv(Kind::HeartRate1m).unwrap()).unwrap()
            + &String::from_utf8(day_csv(Kind::HeartRate1m, &hr, "google", None).unwrap()).unwrap();
        assert_eq!(
            text,
            "utc_time,local_time,utc_offset_min,time_basis,bpm,source\n2026-03-28T22:30:00Z,2026-03-28T23:30:00+01:00,60,recorded,61,google\n"
        );
        let steps = Payload::Intervals(vec![Interval {
            start: 1_774_737_000,
            end: 1_774_737_060,
            offset: -25_200,
            value: 12.0,
        }]);
        assert_eq!(
            String::from_utf8(day_csv(Kind::Steps, &steps, "fitbit", None).unwrap()).unwrap(),
            "2026-03-28T22:30:00Z,2026-03-28T15:30:00-07:00,-420,profile_zone,60,12,fitbit\n"
        );
        // An imported day names its file and the rule that placed its times.
        let origin = Origin {
            file: "steps-2026-03-01.json".into(),
            time_basis: Some("file_boundary".into()),
        };
        assert_eq!(
            String::from_utf8(
                day_csv_from(Kind::Steps, &steps, "import", Some(&origin), None).unwrap()
            )
            .unwrap(),
            "2026-03-28T22:30:00Z,2026-03-28T15:30:00-07:00,-420,file_boundary,60,12,import/steps-2026-03-01.json\n"
        );
        assert!(matches!(
            day_csv(Kind::Steps, &hr, "x", None),
            Err(ExportError::Shape("steps"))
        ));
    }

    #[test]
    fn sleep_rows_take_the_new_offset_after_a_dst_switch() {
        // Berlin, night of 2026-03-28/29: clocks jump 02:00 CET -> 03:00 CEST (01:00 UTC).
        let start = 1_774_731_600; // 21:00 UTC = 22:00 CET
        let switch = 1_774_746_000; // 01:00 UTC
        let end = 1_774_764_000; // 06:00 UTC = 08:00 CEST
        let s = SleepSession {
            start,
            end,
            start_offset: 3600,
            end_offset: 7200,
            is_main: true,
            segments: vec![
                Segment {
                    start,
                    end: switch + 1800,
                    stage: Stage::Light,
                },
                Segment {
                    start: switch + 1800,
                    end,
                    stage: Stage::Deep,
                },
            ],
            source: Source {
                provider: ProviderKind::Fitbit,
                device: None,
            },
            fall_asleep_min: None,
        };
        let text = String::from_utf8(
            day_csv(Kind::Sleep, &Payload::Sleep(vec![s]), "fitbit", None).unwrap(),
        )
        .unwrap();
        assert_eq!(
            text,
            "2026-03-28T21:00:00Z,2026-03-28T22:00:00+01:00,60,profile_zone,16200,light,2026-03-29,true,fitbit\n\
             2026-03-29T01:30:00Z,2026-03-29T03:30:00+02:00,120,profile_zone,16200,deep,2026-03-29,true,fitbit\n"
        );
        assert!(dictionary().contains("heart_rate_1min.csv"));
    }
}
