//! Tests of `export`: every type's CSV against hand-computed rows, the dictionary, the ZIP.

use super::csv::*;
use super::zip::*;
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
use crate::config::Source;
use crate::model::{Interval, Provenance, Sample, Segment, SleepSession, Stage};

#[test]
fn raw_json_embeds_each_answer_byte_for_byte() {
    // Odd spacing and a key order serde would not choose: both must survive.
    let fitbit = r#"{"activities-heart":[{"dateTime":"2026-10-25", "value":{"restingHeartRate":57}}],"z":1.50}"#;
    let answers = vec![
        Answer {
            method: "GET",
            url: "https://api.fitbit.com/1/user/-/activities/heart/date/2026-10-25/2026-10-25.json"
                .into(),
            request_body: None,
            body: fitbit.into(),
        },
        Answer {
            method: "POST",
            url: "https://health.googleapis.com/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp"
                .into(),
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

/// Five files of 1 MB that do not compress: each is handed out once the next starts, so the
/// archive is never held whole (at most the file being written), and the pieces in order are
/// the archive, which the zip crate reads back whole.
#[test]
fn a_zip_is_handed_out_a_file_at_a_time() {
    let mut zip = Zip::new();
    let mut archive = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut files = Vec::new();
    for i in 0..5 {
        zip.start_file(&format!("f{i}.bin")).unwrap();
        archive.extend(zip.take());
        let bytes: Vec<u8> = (0..1 << 20)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        for piece in bytes.chunks(64 << 10) {
            zip.write(piece).unwrap();
            archive.extend(zip.take());
            assert!(zip.held() < (1 << 20) + (64 << 10), "{i}: {}", zip.held());
        }
        files.push(bytes);
    }
    assert!(
        archive.len() > 4 << 20,
        "four files handed out: {}",
        archive.len()
    );
    archive.extend(zip.finish().unwrap());
    let mut z = ::zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
    for (i, want) in files.iter().enumerate() {
        let mut got = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name(&format!("f{i}.bin")).unwrap(), &mut got)
            .unwrap();
        assert!(got == *want, "f{i}");
    }
}

/// Heart rate at every reading is a file per month, each with its own dates; the rest one
/// file over the whole range.
#[test]
fn full_resolution_heart_rate_is_a_file_per_month() {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(
        parts_of(
            Kind::HeartRate,
            Table::Records,
            true,
            (d("2025-11-20"), d("2026-01-05"))
        ),
        vec![
            (
                "heart_rate/2025-11.parquet".to_string(),
                (d("2025-11-20"), d("2025-11-30"))
            ),
            (
                "heart_rate/2025-12.parquet".to_string(),
                (d("2025-12-01"), d("2025-12-31"))
            ),
            (
                "heart_rate/2026-01.parquet".to_string(),
                (d("2026-01-01"), d("2026-01-05"))
            ),
        ]
    );
    assert_eq!(
        parts_of(
            Kind::Steps,
            Table::Records,
            false,
            (d("2025-11-20"), d("2026-01-05"))
        ),
        vec![("steps.csv".to_string(), (d("2025-11-20"), d("2026-01-05")))]
    );
}

/// schema.json names every file the README does, with each CSV column once, typed as the
/// Parquet file has it: the steps file, written out by hand.
#[test]
fn schema_json_types_every_column_of_every_file() {
    let v: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    let files = v["files"].as_array().unwrap();
    let tables: Vec<(Kind, Table)> = Kind::exportable()
        .into_iter()
        .flat_map(|k| Table::of(k).iter().map(move |&t| (k, t)))
        .collect();
    // Every type, and the exercises' splits.
    assert_eq!(files.len(), Kind::exportable().len() + 1);
    assert_eq!(files.len(), tables.len());
    for (f, (kind, table)) in files.iter().zip(tables) {
        let names: Vec<&str> = f["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, header_of(table, kind), "{kind:?}");
        let csv = if kind == Kind::HeartRate {
            "heart_rate/YYYY-MM.csv".to_string()
        } else {
            format!("{}.csv", table.key(kind))
        };
        assert_eq!(f["csv"], csv.as_str());
    }
    let splits = files
        .iter()
        .find(|f| f["type"] == "exercise_splits")
        .unwrap();
    assert_eq!(
        splits["columns"][4],
        serde_json::json!({"name": "exercise_utc_time", "type": "timestamp_utc_ms"})
    );
    assert_eq!(
        splits["columns"][5],
        serde_json::json!({"name": "split", "type": "integer"})
    );
    assert_eq!(
        splits["columns"][6],
        serde_json::json!({"name": "split_type", "type": "string"})
    );
    let steps = files.iter().find(|f| f["type"] == "steps").unwrap();
    assert_eq!(
        steps["columns"],
        serde_json::json!([
            {"name": "utc_time", "type": "timestamp_utc_ms"},
            {"name": "local_time", "type": "timestamp_local_ms"},
            {"name": "utc_offset_min", "type": "integer", "unit": "min"},
            {"name": "time_basis", "type": "string"},
            {"name": "duration_s", "type": "integer", "unit": "s"},
            {"name": "steps", "type": "number", "unit": "steps"},
            {"name": "source", "type": "string"},
        ])
    );
    assert_eq!(steps["parquet"], "steps.parquet");
    let hr = files.iter().find(|f| f["type"] == "heart_rate").unwrap();
    assert_eq!(hr["parquet"], "heart_rate/YYYY-MM.parquet");
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
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), 2);
    let mut text = String::new();
    archive
        .by_name("steps.csv")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "a,b\n1,2\n");
}

/// A run of two 1 km splits and a manual lap, written out by hand: each split on its own row
/// with its exercise's start to join on, numbered within its exercise, what the source did
/// not give left empty; an exercise without splits writes none. The run crosses Berlin's
/// spring-forward switch (01:30 to 03:10 local): its last lap's offset is summer time's.
#[test]
fn exercise_splits_are_a_row_each_joined_to_their_exercise() {
    let zone = crate::model::zone::Zone::tzdb("Europe/Berlin").unwrap();
    // 2026-03-29 00:30 UTC = 01:30 +01:00; the switch is at 01:00 UTC.
    let start = 1_774_744_200;
    let split = |from: i64, to: i64, kind: &str, active: Option<i64>, km: Option<f64>| {
        crate::model::Split {
            offset: None,
            start: from,
            end: to,
            kind: kind.into(),
            active_s: active,
            distance_km: km,
            calories: km.map(|k| k * 64.5),
            avg_bpm: km.map(|_| 141.5),
        }
    };
    let run = crate::model::Exercise {
        splits: vec![
            split(start, start + 330, "DISTANCE", Some(325), Some(1.0)),
            split(start + 330, start + 1800, "DISTANCE", None, Some(1.0)),
            split(start + 1800, start + 2400, "MANUAL", None, None),
        ],
        ..crate::model::Exercise::bare(start, start + 2400, 3600, "Run", "tracker")
    };
    let yoga = crate::model::Exercise::bare(start + 7200, start + 9000, 7200, "Yoga", "manual");
    let text = |list: Vec<crate::model::Exercise>, zone: Option<&crate::model::zone::Zone>| {
        String::from_utf8(header_csv_of(Table::Splits, Kind::Exercises).unwrap()).unwrap()
            + &String::from_utf8(
                table_csv(
                    Table::Splits,
                    Kind::Exercises,
                    &Payload::Exercises(list),
                    "google",
                    None,
                    zone,
                    None,
                )
                .unwrap(),
            )
            .unwrap()
    };
    // Without the zone, the offset each split recorded (Google gives one) says the same.
    let mut recorded = run.clone();
    for (sp, off) in recorded.splits.iter_mut().zip([3600, 3600, 7200]) {
        sp.offset = Some(off);
    }
    assert_eq!(
        text(vec![recorded, yoga.clone()], None),
        text(vec![run.clone(), yoga.clone()], Some(&zone))
    );
    // Without either, the exercise's: the last lap an hour off, which is why both are kept.
    assert!(text(vec![run.clone()], None).ends_with(
        "2026-03-29T01:00:00Z,2026-03-29T02:00:00+01:00,60,recorded,2026-03-29T00:30:00Z,3,MANUAL,600,,,,,google\n"
    ));
    assert_eq!(
        text(vec![run, yoga], Some(&zone)),
        "utc_time,local_time,utc_offset_min,time_basis,exercise_utc_time,split,split_type,duration_s,active_s,distance_km,calories_kcal,avg_bpm,source\n\
         2026-03-29T00:30:00Z,2026-03-29T01:30:00+01:00,60,recorded,2026-03-29T00:30:00Z,1,DISTANCE,330,325,1,64.5,141.5,google\n\
         2026-03-29T00:35:30Z,2026-03-29T01:35:30+01:00,60,recorded,2026-03-29T00:30:00Z,2,DISTANCE,1470,,1,64.5,141.5,google\n\
         2026-03-29T01:00:00Z,2026-03-29T03:00:00+02:00,120,recorded,2026-03-29T00:30:00Z,3,MANUAL,600,,,,,google\n"
    );
    // Not a day of exercises: a shape error, not rows.
    assert!(table_csv(
        Table::Splits,
        Kind::Exercises,
        &Payload::Samples(vec![]),
        "google",
        None,
        None,
        None
    )
    .is_err());
}

#[test]
fn exercise_rows_leave_what_a_log_lacks_empty() {
    let x = crate::model::Exercise {
        calories: Some(120.0),
        ..crate::model::Exercise::bare(1_774_737_000, 1_774_740_600, 3600, "Yoga", "manual")
    };
    // A ride paused twice, 2:00 and 0:30 (an auto-pause running past its end is cut there).
    let ride = crate::model::Exercise {
        active_s: Some(3450),
        pauses: vec![
            (1_774_738_000, 1_774_738_120),
            (1_774_740_570, 1_774_740_700),
        ],
        ..crate::model::Exercise::bare(1_774_737_000, 1_774_740_600, 3600, "Bike", "tracker")
    };
    let text = String::from_utf8(header_csv(Kind::Exercises).unwrap()).unwrap()
        + &String::from_utf8(
            day_csv(
                Kind::Exercises,
                &Payload::Exercises(vec![x, ride]),
                "demo",
                None,
            )
            .unwrap(),
        )
        .unwrap();
    assert_eq!(
        text,
        "utc_time,local_time,utc_offset_min,time_basis,duration_s,active_s,paused_s,pauses,activity,logged,calories_kcal,steps,distance_km,avg_bpm,source\n\
         2026-03-28T22:30:00Z,2026-03-28T23:30:00+01:00,60,recorded,3600,,,,Yoga,manual,120,,,,demo\n\
         2026-03-28T22:30:00Z,2026-03-28T23:30:00+01:00,60,recorded,3600,3450,150,2,Bike,tracker,,,,,demo\n"
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
        recorder: None,
    };
    assert_eq!(
        String::from_utf8(
            day_csv_from(Kind::Steps, &steps, "import", Some(&origin), None).unwrap()
        )
        .unwrap(),
        "2026-03-28T22:30:00Z,2026-03-28T15:30:00-07:00,-420,file_boundary,60,12,import/steps-2026-03-01.json\n"
    );
    // A day one of several recorders gave also names the recorder.
    let recorded = Origin {
        file: "steps_2026-03-01.csv".into(),
        time_basis: Some("file_boundary".into()),
        recorder: Some("Phone Health Kit".into()),
    };
    assert!(String::from_utf8(
        day_csv_from(Kind::Steps, &steps, "import", Some(&recorded), None).unwrap()
    )
    .unwrap()
    .ends_with(",60,12,import/steps_2026-03-01.csv#Phone Health Kit\n"));
    assert!(matches!(
        day_csv(Kind::Steps, &hr, "x", None),
        Err(ExportError::Shape("steps"))
    ));
}

/// One row per bin: the wake time's three time columns, the bin's bounds, the share as the
/// export wrote it.
#[test]
fn histogram_rows_are_one_per_bin_at_the_wake_time() {
    let mut shares = vec![0.0; 29];
    shares[1] = 0.003;
    let h = Payload::Histogram(vec![crate::model::BeatHistogram {
        wake: 1_775_481_480,
        offset: -4 * 3600,
        shares,
    }]);
    let origin = Origin {
        file: "Heart Rate Variability Histogram - 2026-04-01.csv".into(),
        time_basis: Some("file_boundary".into()),
        recorder: None,
    };
    let text = String::from_utf8(header_csv(Kind::BeatHistogram).unwrap()).unwrap()
        + &String::from_utf8(
            day_csv_from(Kind::BeatHistogram, &h, "import", Some(&origin), None).unwrap(),
        )
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 30);
    assert_eq!(
        lines[0],
        "utc_time,local_time,utc_offset_min,time_basis,bin_from_ms,bin_to_ms,share,source"
    );
    assert_eq!(
        lines[2],
        "2026-04-06T13:18:00Z,2026-04-06T09:18:00-04:00,-240,file_boundary,350,400,0.003,import/Heart Rate Variability Histogram - 2026-04-01.csv"
    );
    assert!(lines[29].contains(",1700,1750,0,"));
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
        source: Provenance {
            source: Source::Fitbit,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: None,
    };
    let text =
        String::from_utf8(day_csv(Kind::Sleep, &Payload::Sleep(vec![s]), "fitbit", None).unwrap())
            .unwrap();
    assert_eq!(
        text,
        "2026-03-28T21:00:00Z,2026-03-28T22:00:00+01:00,60,profile_zone,16200,light,2026-03-29,true,,,,,,fitbit\n\
         2026-03-29T01:30:00Z,2026-03-29T03:30:00+02:00,120,profile_zone,16200,deep,2026-03-29,true,,,,,,fitbit\n"
    );
    assert!(dictionary().contains("heart_rate_1min.csv"));
}

#[test]
fn a_sleep_scored_classic_says_why_in_every_row_and_the_dictionary_names_the_reason() {
    // A 2-hour nap at 13:00 UTC in Berlin (CEST), scored asleep/restless: too short to stage.
    let start = 1_775_480_400; // 2026-04-06T13:00:00Z
    let s = SleepSession {
        start,
        end: start + 7200,
        start_offset: 7200,
        end_offset: 7200,
        is_main: false,
        segments: vec![
            Segment {
                start,
                end: start + 6000,
                stage: Stage::Asleep,
            },
            Segment {
                start: start + 6000,
                end: start + 7200,
                stage: Stage::Restless,
            },
        ],
        source: Provenance {
            source: Source::Fitbit,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: Some(crate::model::NoStages::TooShort),
    };
    // The heart under it, by hand: 60 and 54 bpm while asleep, 70 and 66 while restless, and
    // 90 a minute before it began (not under it). Per segment: 57 (lowest 54) and 68 (66);
    // asleep (restless is asleep, only wake is not): 62.5 over the four, lowest 54.
    let bpm = |t: i64, value: f64| crate::model::Sample {
        t,
        offset: 7200,
        value,
    };
    let readings = [
        bpm(start + 7000, 66.0),
        bpm(start - 60, 90.0),
        bpm(start, 60.0),
        bpm(start + 3000, 54.0),
        bpm(start + 6000, 70.0),
    ];
    // A date whose readings were not stored gives nothing: no half figures.
    let none =
        crate::model::sleep_timing::sleep_heart(std::slice::from_ref(&s), &readings, &|_| false);
    assert_eq!(none, crate::model::sleep_timing::SleepHeart::default());
    let heart =
        crate::model::sleep_timing::sleep_heart(std::slice::from_ref(&s), &readings, &|d| {
            d == chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()
        });
    let text = String::from_utf8(
        day_csv_with(
            Kind::Sleep,
            &Payload::Sleep(vec![s]),
            "fitbit",
            None,
            None,
            Some(&heart),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        text,
        "2026-04-06T13:00:00Z,2026-04-06T15:00:00+02:00,120,profile_zone,6000,asleep,2026-04-06,false,too_short,57,54,62.5,54,fitbit\n\
         2026-04-06T14:40:00Z,2026-04-06T16:40:00+02:00,120,profile_zone,1200,restless,2026-04-06,false,too_short,68,66,62.5,54,fitbit\n"
    );
    let d = dictionary();
    for reason in [
        "low_coverage",
        "gap_inside",
        "gap_at_start",
        "gap_at_end",
        "too_short",
        "no_input",
        "server_failed",
    ] {
        assert!(d.contains(reason), "{reason}");
    }
}
