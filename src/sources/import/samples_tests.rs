//! The conformance test: every real export in `../shared/takeout-samples/` (never copied into
//! the project; skipped when the folder is absent) imported, and checked against the
//! cross-checks of takeout.md §3.2, for double counting, and for the report's counts.

use super::job::{Job, Step};
use super::layout::Listed;
use super::offsets::Basis;
use super::Day;
use crate::model::time::civil_date;
use crate::model::{Kind, NoStages, Payload, SleepSession, Stage};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn samples() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/takeout-samples");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/takeout-samples is absent");
        None
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Each shared sample's name and the days its import gives (`None` where the samples are
/// absent): what other tests (the Parquet oracle) write out.
pub(crate) fn imported_samples() -> Option<Vec<(String, Vec<Day>)>> {
    let root = samples()?;
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .ok()?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Some(
        names
            .into_iter()
            .map(|n| {
                let days = import(&root.join(&n)).days;
                (n, days)
            })
            .collect(),
    )
}

struct Imported {
    days: Vec<Day>,
    report: super::Report,
    failed: Vec<String>,
}

fn import(set: &Path) -> Imported {
    let mut files = Vec::new();
    walk(set, &mut files);
    let listing: Vec<Listed> = files
        .iter()
        .map(|f| {
            Listed::new(
                &f.strip_prefix(set).unwrap().to_string_lossy(),
                f.metadata().unwrap().len(),
            )
        })
        .collect();
    let mut job = Job::new(listing, 0).unwrap();
    let mut days = Vec::new();
    let mut failed = Vec::new();
    loop {
        match job.step(|i| Ok(std::fs::read(&files[i]).unwrap())) {
            Step::Read { days: d, .. } => days.extend(d),
            Step::Failed { path, error } => failed.push(format!("{path}: {error}")),
            Step::Done => break,
        }
    }
    Imported {
        // Each day once, as the page counts a day several recorders hold.
        days: crate::model::recorders::resolve(days, &Default::default()),
        report: job.report().clone(),
        failed,
    }
}

fn day<'a>(days: &'a [Day], kind: Kind, date: &str) -> &'a Payload {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    let found: Vec<&Day> = days
        .iter()
        .filter(|d| d.kind == kind && d.date == date)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{kind:?} {date}: one copy, not {}",
        found.len()
    );
    &found[0].payload
}

fn samples_of(p: &Payload) -> &[crate::model::Sample] {
    match p {
        Payload::Samples(v) => v,
        other => panic!("samples, not {other:?}"),
    }
}

/// §3.2: a heart-rate JSON file is one local day: every reading falls on the file's date at
/// the offset the import found, and that offset is the one given.
fn hr_day_is_local(days: &[Day], date: &str, offset_h: f64) {
    let s = samples_of(day(days, Kind::HeartRate, date));
    assert!(!s.is_empty());
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    for x in s {
        assert_eq!(x.offset, (offset_h * 3600.0) as i32, "{date}");
        assert_eq!(civil_date(x.t, x.offset), d, "{date} reading at {}", x.t);
    }
}

/// Every value of one daily metric the import gave.
fn daily_values(days: &[Day], m: crate::model::metric::Metric) -> Vec<f64> {
    days.iter()
        .filter_map(|d| match (&d.kind, &d.payload) {
            (Kind::Daily(k), Payload::Daily(v)) if *k == m => v.first().map(|x| x.value),
            _ => None,
        })
        .collect()
}

/// Each histogram's wake time is the end of a sleep of its date, at the same offset: the
/// histogram rows' naive local times equal the sleep JSON's `endTime`s in every real export,
/// so an offset the evidence gave one and not the other would show here. Within a minute:
/// a stored sleep ends with its last scored 30 s, which can fall before `endTime`.
fn histograms_wake_when_their_sleeps_end(days: &[Day], without_sleep: usize) {
    let (mut matched, mut alone) = (0, 0);
    for d in days.iter().filter(|d| d.kind == Kind::BeatHistogram) {
        let Payload::Histogram(h) = &d.payload else {
            panic!("{:?}", d.payload)
        };
        // A date the export has a histogram but no sleep for (its sleep JSON begins later).
        let Some(Payload::Sleep(sleeps)) = days
            .iter()
            .find(|s| s.kind == Kind::Sleep && s.date == d.date)
            .map(|s| &s.payload)
        else {
            alone += h.len();
            continue;
        };
        for x in h {
            assert!(
                sleeps
                    .iter()
                    .any(|s| (s.end - x.wake).abs() <= 60 && s.end_offset == x.offset),
                "{}: no sleep ends at {} {}: {:?}",
                d.date,
                x.wake,
                x.offset,
                sleeps
                    .iter()
                    .map(|s| (s.end, s.end_offset))
                    .collect::<Vec<_>>()
            );
            matched += 1;
        }
    }
    assert!(matched > 0);
    assert_eq!(alone, without_sleep);
}

#[test]
fn every_real_export_imports_by_the_cross_checks() {
    let Some(root) = samples() else { return };
    // patina (Takeout 2026-04, US Eastern): offsets from UserSleeps; JSON = CSV at shift 0.
    let p = import(&root.join("patina-2026-04"));
    assert!(p.failed.is_empty(), "{:?}", p.failed);
    hr_day_is_local(&p.days, "2026-04-08", -4.0);
    let (compared, equal) = p.report.twin_check;
    assert!(compared >= 480, "twins compared: {compared}");
    assert_eq!(
        equal, compared,
        "JSON and CSV heart rate at the same instant"
    );
    assert!(p.report.warnings.is_empty(), "{:?}", p.report.warnings);
    // The day file's own midnights decided (and agree with the nights' logs around them).
    assert_eq!(
        p.report.offset_basis[&NaiveDate::from_ymd_opt(2026, 4, 8).unwrap()],
        Basis::FileBoundary
    );
    // Sleep: a naive local 01:45:30 start is 05:45:30Z (UserSleeps, −04:00).
    let nights: Vec<_> = p
        .days
        .iter()
        .filter_map(|d| match &d.payload {
            Payload::Sleep(v) => Some(v.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(nights.iter().any(|s| s.start
        == crate::model::time::parse_instant("2026-04-12T05:45:30Z").unwrap()
        && s.start_offset == -4 * 3600));
    // Naps are classic logs, not the main sleep.
    assert!(nights.iter().any(|s| !s.is_main
        && s.segments
            .iter()
            .any(|g| g.stage == crate::model::Stage::Asleep)));

    // An exercise's start is UTC: 04/06/26 21:00:38 is UserExercises' 21:00:38+0000, −04:00,
    // so 17:00 on the 6th in New York.
    match day(&p.days, Kind::Exercises, "2026-04-06") {
        Payload::Exercises(v) => assert!(
            v.iter().any(|x| x.start
                == crate::model::time::parse_instant("2026-04-06T21:00:38Z").unwrap()
                && x.offset == -4 * 3600),
            "{v:?}"
        ),
        other => panic!("{other:?}"),
    }
    // The sleep score's `Z` is false: 2026-04-14T09:30:00Z is the local wake time of the
    // night of the 14th (its sleep log ends 09:30:00 local). Composition and duration are
    // empty in this export, so no parts. (The log's last stage ends 30 s before its endTime.)
    match day(
        &p.days,
        Kind::Daily(crate::model::metric::Metric::SleepScore),
        "2026-04-14",
    ) {
        Payload::Daily(v) => assert_eq!((v[0].value, v[0].parts), (75.0, None)),
        other => panic!("{other:?}"),
    }
    assert!(
        nights.iter().any(|s| s.is_main
            && (s.end - crate::model::time::parse_instant("2026-04-14T13:30:00Z").unwrap()).abs()
                <= 60),
        "{:?}",
        nights
            .iter()
            .map(|s| (s.end, s.end_offset, s.is_main))
            .collect::<Vec<_>>()
    );

    // Skin temperature from the daily derivations: 34.0079 nightly − 33.4758 baseline. The
    // first nights have no baseline (NaN): no value. Computed Temperature is the same nights.
    let skin = |days: &[Day], date: &str| match day(
        days,
        Kind::Daily(crate::model::metric::Metric::SkinTemperature),
        date,
    ) {
        Payload::Daily(v) => v[0].value,
        other => panic!("{other:?}"),
    };
    assert_eq!(skin(&p.days, "2026-04-10"), 0.53);
    assert!(!p.days.iter().any(|d| d.kind
        == Kind::Daily(crate::model::metric::Metric::SkinTemperature)
        && d.date == NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()));

    // The calories JSON's zone is checked against its CSV twin, not assumed. Here it is local
    // (takeout.md §3.1 says UTC): its 03/31/26 20:00 is the CSV's 2026-04-01T00:00:00Z, and 288
    // of the 300 minutes the two share equal each other 4 hours apart, 20 of 60 at the same
    // instant (checked by hand with Python's csv and json).
    assert!(
        p.report
            .notes
            .iter()
            .any(|n| n.starts_with("Calories:") && n.contains("as local time")),
        "{:?}",
        p.report.notes
    );
    // Activity levels on 04-08 (the four *_minutes files): 774 sedentary, 259 lightly active,
    // none moderately or very; 04-16, after the export, is a placeholder (1440 sedentary):
    // no day. Time in heart-rate zones on 04-08: 174 minutes in zone 1, none in 2 and 3.
    let parts = |m, date: &str| match day(&p.days, Kind::Daily(m), date) {
        Payload::Daily(v) => (v[0].value, v[0].parts),
        other => panic!("{other:?}"),
    };
    use crate::model::metric::Metric::{ActiveMinutes, HeartRateZones, SedentaryMinutes};
    assert_eq!(
        parts(ActiveMinutes, "2026-04-08"),
        (259.0, Some([259.0, 0.0, 0.0]))
    );
    assert_eq!(parts(SedentaryMinutes, "2026-04-08"), (774.0, None));
    assert_eq!(
        parts(HeartRateZones, "2026-04-08"),
        (174.0, Some([174.0, 0.0, 0.0]))
    );
    assert!(!p
        .days
        .iter()
        .any(|d| d.kind == Kind::Daily(SedentaryMinutes)
            && d.date == NaiveDate::from_ymd_opt(2026, 4, 16).unwrap()));
    // daily_heart_rate_zones.csv (its cells read by eye: the lower bounds of MODERATE,
    // VIGOROUS and PEAK): 110/135/166 through 04-05, then the person's own from 04-06, which
    // move from day to day (124/148/178 on the 7th, 121/146/177 on the 9th).
    let bounds = |date: &str| match day(&p.days, Kind::HeartRateZones, date) {
        Payload::Zones(v) => v[0].bounds,
        other => panic!("{other:?}"),
    };
    assert_eq!(bounds("2026-03-19"), [110.0, 135.0, 166.0]);
    assert_eq!(bounds("2026-04-05"), [110.0, 135.0, 166.0]);
    assert_eq!(bounds("2026-04-07"), [124.0, 148.0, 178.0]);
    assert_eq!(bounds("2026-04-09"), [121.0, 146.0, 177.0]);
    assert_eq!(
        p.days
            .iter()
            .filter(|d| d.kind == Kind::HeartRateZones)
            .count(),
        27
    );
    // Stress Score.csv: 63 on the 9th and 62 on the 10th; the 6th and 8th are `NO_DATA` rows
    // (0, CALCULATION_FAILED): no value, not 0. daily_readiness.csv: 52 on the 13th, 55 on
    // the 14th (bare dates).
    let score = |m, date: &str| match day(&p.days, Kind::Daily(m), date) {
        Payload::Daily(v) => v[0].value,
        other => panic!("{other:?}"),
    };
    use crate::model::metric::Metric::{Readiness, StressScore};
    assert_eq!(score(StressScore, "2026-04-09"), 63.0);
    assert_eq!(score(StressScore, "2026-04-10"), 62.0);
    assert!(!p.days.iter().any(|d| d.kind == Kind::Daily(StressScore)
        && d.date == NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()));
    assert_eq!(score(Readiness, "2026-04-13"), 52.0);
    assert_eq!(score(Readiness, "2026-04-14"), 55.0);
    // cardio_load_2026-04-01.csv, summed per New York day (−04:00) with Python's csv and
    // datetime: 04-06 1.2223669373610473, 04-08 11.509554703131176, all background.
    use crate::model::metric::Metric::{BreathingByStage, CardioLoad};
    let (load, load_parts) = parts(CardioLoad, "2026-04-08");
    assert!((load - 11.509_554_703_131_176).abs() < 1e-12, "{load}");
    assert_eq!(load_parts.map(|p| p[0]), Some(0.0));
    assert!((score(CardioLoad, "2026-04-06") - 1.222_366_937_361_047_3).abs() < 1e-12);
    // Breathing per stage: `Respiratory Rate Summary` (local wake times) has every night the
    // Google CSV has and more, so it wins on each (04-06: 17.4, REM `-1.0` so no stages;
    // 04-14: deep 18.0, light 17.6, REM 16.4, not the CSV's 17.6 / 16.4 / 17.8). The CSV's
    // 04-07T00:36:30Z row is 20:36 on 04-06 in New York: the 6th's, already taken, and no
    // night of its own on the 7th. (In both files the deep-sleep columns equal the full-sleep
    // ones on every row: kept as written.)
    assert_eq!(parts(BreathingByStage, "2026-04-06"), (17.4, None));
    assert_eq!(
        parts(BreathingByStage, "2026-04-14"),
        (18.0, Some([18.0, 17.6, 16.4]))
    );
    assert!(!p
        .days
        .iter()
        .any(|d| d.kind == Kind::Daily(BreathingByStage)
            && d.date == NaiveDate::from_ymd_opt(2026, 4, 7).unwrap()));
    // Through the night, every reading (counted with Python's csv): Minute SpO2 of 04-06 has
    // 431 rows, 51 of them the 50.0 floor, from 08:44:03Z (88.5) to 04-07T00:00:34Z (91.0, an
    // evening nap at 20:00 New York time, so still the 6th); its twin oxygen_saturation_ is
    // left out. The 03-26 file is 12 rows of 50.0: no night. HRV details: 59 rows from
    // 04:20 local (08:20Z, 34.577). Estimated oxygen variation: 471 rows from 04:45:01 local
    // (08:45:01Z, −4), and the 26th's lone 13:59:30 (17:59:30Z, 0).
    use crate::model::kind::Night;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    let spo2 = samples_of(day(&p.days, Kind::Night(Night::Spo2), "2026-04-06"));
    assert_eq!(spo2.len(), 380);
    assert_eq!(
        (spo2[0].t, spo2[0].offset, spo2[0].value),
        (at("2026-04-06T08:44:03Z"), -4 * 3600, 88.5)
    );
    assert_eq!(
        (spo2[379].t, spo2[379].value),
        (at("2026-04-07T00:00:34Z"), 91.0)
    );
    assert!(!p
        .days
        .iter()
        .any(|d| d.kind == Kind::Night(Night::Spo2) && d.date.to_string().starts_with("2026-03")));
    let hrv = samples_of(day(&p.days, Kind::Night(Night::Hrv), "2026-04-06"));
    assert_eq!(hrv.len(), 59);
    assert_eq!(
        (hrv[0].t, hrv[0].offset, hrv[0].value),
        (at("2026-04-06T08:20:00Z"), -4 * 3600, 34.577)
    );
    let eov = samples_of(day(
        &p.days,
        Kind::Night(Night::OxygenVariation),
        "2026-04-06",
    ));
    assert_eq!(eov.len(), 471);
    assert_eq!((eov[0].t, eov[0].value), (at("2026-04-06T08:45:01Z"), -4.0));
    let eov = samples_of(day(
        &p.days,
        Kind::Night(Night::OxygenVariation),
        "2026-03-26",
    ));
    assert_eq!(
        eov.iter().map(|s| (s.t, s.value)).collect::<Vec<_>>(),
        [(at("2026-03-26T17:59:30Z"), 0.0)]
    );

    // The HRV histogram: a row per sleep at its local wake time (09:18 on 04-06, so 13:18Z at
    // −04:00), its 29 shares as written; eight sleeps, each on the date it woke.
    let histogram = match day(&p.days, Kind::BeatHistogram, "2026-04-06") {
        Payload::Histogram(h) => h.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(histogram.len(), 1);
    assert_eq!(
        (histogram[0].wake, histogram[0].offset),
        (at("2026-04-06T13:18:00Z"), -4 * 3600)
    );
    assert_eq!(histogram[0].shares.len(), 29);
    assert_eq!(
        histogram[0].shares[7..12],
        [0.003, 0.021, 0.177, 0.394, 0.265]
    );
    assert_eq!(
        p.days
            .iter()
            .filter(|d| d.kind == Kind::BeatHistogram)
            .count(),
        8
    );
    histograms_wake_when_their_sleeps_end(&p.days, 0);

    // sanjay (Takeout 2025-07, US Pacific, 2023 data in PDT): no tables around April 2023,
    // so the day file's own midnights give −07:00; the JSON equals its CSV twins.
    let s = import(&root.join("sanjay-2025-07"));
    assert!(s.failed.is_empty(), "{:?}", s.failed);
    hr_day_is_local(&s.days, "2023-04-13", -7.0);
    // Only Computed Temperature here: 128.354 summed over 453 samples, the night ending 04-15.
    assert_eq!(skin(&s.days, "2023-04-15"), 0.28);
    // No resting_heart_rate or VO2 JSON here: the Google-era daily CSVs are the only copies
    // (71.166 bpm on 04-13, 44.42331 on 04-12, as written). Its HRV CSV is not read: the
    // export has the Fitbit-era summary, a different computation.
    use crate::model::metric::Metric::{RestingHeartRate, Vo2Max};
    let value = |days: &[Day], m, date: &str| match day(days, Kind::Daily(m), date) {
        Payload::Daily(v) => v[0].value,
        other => panic!("{other:?}"),
    };
    assert_eq!(value(&s.days, RestingHeartRate, "2023-04-13"), 71.166);
    assert_eq!(value(&s.days, Vo2Max, "2023-04-12"), 44.42331);
    assert!(s
        .report
        .skipped
        .iter()
        .any(|(f, why)| f.ends_with("daily_heart_rate_variability.csv")
            && why.contains("Daily Heart Rate Variability Summary")));
    assert!(s.report.twin_check.0 > 0);
    assert_eq!(s.report.twin_check.0, s.report.twin_check.1);

    // fitport (fitbit.com archive, eastern Australia): AEST in June, AEDT in January, both
    // from the day files alone; a steps chunk starts at local midnight (AEDT).
    let f = import(&root.join("fitport-2018"));
    // Why a sleep has no stages: patina's five classic naps say infoCode 2 (shorter than 3
    // hours, counted in its sleep JSON by hand); fitport's three classic sleeps say 0 (an
    // older tracker without stages), so no reason is made up for them.
    let sleeps = |set: &Imported| -> Vec<SleepSession> {
        set.days
            .iter()
            .filter_map(|d| match &d.payload {
                Payload::Sleep(v) => Some(v.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    };
    let classic = |s: &SleepSession| s.segments.iter().any(|g| g.stage == Stage::Asleep);
    let why: Vec<_> = sleeps(&p)
        .iter()
        .filter_map(|s| s.no_stages.map(|w| (w, classic(s), s.is_main)))
        .collect();
    assert_eq!(why, vec![(NoStages::TooShort, true, false); 5]);
    let old: Vec<_> = sleeps(&f).into_iter().filter(classic).collect();
    assert_eq!(old.len(), 3);
    assert!(old.iter().all(|s| s.no_stages.is_none()));
    assert!(f.failed.is_empty(), "{:?}", f.failed);
    hr_day_is_local(&f.days, "2017-06-01", 10.0);
    hr_day_is_local(&f.days, "2016-01-10", 11.0);
    match day(&f.days, Kind::Steps, "2015-12-13") {
        Payload::Intervals(v) => {
            assert!(v.iter().all(|i| i.offset == 11 * 3600));
        }
        other => panic!("{other:?}"),
    }
    // Distance is centimetres: 14 steps → "1020", so a day is a few km, not hundreds.
    let km = daily_values(&f.days, crate::model::metric::Metric::Distance);
    assert!(
        !km.is_empty() && km.iter().all(|k| (0.0..40.0).contains(k)),
        "{km:?}"
    );
    // Weight JSON is pounds: 193.9 lb is ~88 kg.
    let kg = daily_values(&f.days, crate::model::metric::Metric::Weight);
    assert!(
        !kg.is_empty() && kg.iter().all(|k| (40.0..120.0).contains(k)),
        "{kg:?}"
    );

    // kyrxanthos (fitbit.com archive, category folders).
    let k = import(&root.join("kyrxanthos-2023"));
    assert!(k.failed.is_empty(), "{:?}", k.failed);
    assert!(k.report.types.contains_key("steps"));
    // Its histogram file too: seven sleeps; the four its sleep JSON also has end when they wake.
    assert_eq!(
        k.days
            .iter()
            .filter(|d| d.kind == Kind::BeatHistogram)
            .count(),
        7
    );
    histograms_wake_when_their_sleeps_end(&k.days, 3);
    // The 2023 archive fills all three parts of the score.
    match day(
        &k.days,
        Kind::Daily(crate::model::metric::Metric::SleepScore),
        "2023-04-08",
    ) {
        Payload::Daily(v) => assert_eq!((v[0].value, v[0].parts), (81.0, Some([41.0, 18.0, 22.0]))),
        other => panic!("{other:?}"),
    }
    // fitport: the two exercise pages kept (3 and 6 logs), whose distances are in kilometres.
    let walks: Vec<_> = f
        .days
        .iter()
        .filter_map(|d| match &d.payload {
            Payload::Exercises(v) => Some(v.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(walks.len(), 9);
    assert!(walks
        .iter()
        .filter_map(|x| x.distance_km)
        .all(|k| (0.0..60.0).contains(&k)));

    for set in [&p, &s, &f, &k] {
        // No type counted twice: one record per (type, date).
        let mut seen = std::collections::HashSet::new();
        for d in &set.days {
            assert!(
                seen.insert((d.kind, d.date)),
                "{:?} {} twice",
                d.kind,
                d.date
            );
        }
        // Every file is accounted for: read, checked as a twin, or skipped with a reason.
        let r = &set.report;
        assert_eq!(
            r.files_read + r.files_checked + u32::try_from(r.skipped.len()).unwrap(),
            r.files_total
        );
        assert!(r.skipped.iter().all(|(_, why)| !why.is_empty()));
        let types: BTreeSet<Kind> = set.days.iter().map(|d| d.kind).collect();
        eprintln!(
            "{} read, {} checked, {} left out of {}; {} types",
            r.files_read,
            r.files_checked,
            r.skipped.len(),
            r.files_total,
            types.len()
        );
        for (f, why) in &r.skipped {
            eprintln!("  left out {f}: {why}");
        }
    }
}

/// Every real heart-rate day file, 2015 to 2026, is in the shape the fast scanner knows, and it
/// reads what the general parser reads.
#[test]
fn real_heart_rate_files_take_the_scanner_and_read_the_same() {
    let Some(dir) = samples() else { return };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let mut n = 0;
    for f in files.iter().filter(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.starts_with("heart_rate-") && name.ends_with(".json")
    }) {
        let bytes = std::fs::read(f).unwrap();
        let general = super::stream::tests::general(&bytes).unwrap();
        assert!(!general.is_empty(), "{f:?}");
        assert_eq!(
            super::stream::tests::scanned(&bytes),
            Some(general),
            "{f:?}"
        );
        n += 1;
    }
    assert!(n >= 6, "{n} files");
}
