//! The import against the ground truth: the synthetic person's export, written in every layout
//! (`fitdata_synth::export`), imported, and compared type by type and day by day with what the
//! demo source says the person did, across the spring-forward night and the June trip.

use super::archive::{starts_like_zip, Zip};
use super::job::{Job, Step};
use super::layout::{listing_of, Listed};
use super::{Day, ImportError};
use crate::model::metric::Metric;
use crate::model::{Kind, Payload};
use crate::sources::demo;
use chrono::NaiveDate;
use fitdata_synth::export::{files, Layout};
use std::collections::BTreeMap;
use std::io::{Cursor, Write};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The spring-forward week and the trip to Los Angeles (out on 06-10, back on 06-24).
fn ranges() -> Vec<(NaiveDate, NaiveDate)> {
    vec![
        (d("2026-03-27"), d("2026-03-31")),
        (d("2026-06-08"), d("2026-06-26")),
    ]
}

fn run(
    job: &mut Job,
    open: &mut dyn FnMut(usize) -> Vec<u8>,
) -> (BTreeMap<(Kind, NaiveDate), Payload>, Vec<String>) {
    let mut days = BTreeMap::new();
    let mut failed = Vec::new();
    // Each recorder's days (a steps CSV naming a tracker and a phone), merged as the page
    // stores them, then one counted per day as the page does (`model::recorders::choose`).
    let mut recorded = Vec::new();
    loop {
        match job.step(|i| Ok(open(i))) {
            Step::Read { days: got, .. } => {
                for Day {
                    kind,
                    date,
                    payload,
                    origin,
                } in got
                {
                    if origin.as_ref().is_some_and(|o| o.recorder.is_some()) {
                        recorded.push(Day {
                            kind,
                            date,
                            payload,
                            origin,
                        });
                        continue;
                    }
                    // A local day a monthly CSV cuts at a UTC midnight comes in two parts,
                    // which the page merges; any other day twice is a double count.
                    match days.remove(&(kind, date)) {
                        None => {
                            days.insert((kind, date), payload);
                        }
                        Some(Payload::Intervals(a)) if kind == Kind::Steps => {
                            let Payload::Intervals(b) = &payload else {
                                panic!("{kind:?} {date}")
                            };
                            let last = a.iter().map(|i| i.end).max().unwrap_or(i64::MIN);
                            assert!(b.iter().all(|i| i.start >= last), "{kind:?} {date} twice");
                            days.insert((kind, date), Payload::Intervals(a).merge(payload));
                        }
                        // A nap and a night on one date, each the last of its file.
                        Some(Payload::Samples(a)) if matches!(kind, Kind::Night(_)) => {
                            let Payload::Samples(b) = &payload else {
                                panic!("{kind:?} {date}")
                            };
                            let last = a.iter().map(|s| s.t).max().unwrap_or(i64::MIN);
                            assert!(b.iter().all(|s| s.t > last), "{kind:?} {date} twice");
                            days.insert((kind, date), Payload::Samples(a).merge(payload));
                        }
                        // A heart-rate day its CSV copy completed (the hours the clock went
                        // back), handed over again whole: every reading it had, and more.
                        Some(Payload::Samples(a))
                            if matches!(kind, Kind::HeartRate | Kind::HeartRate1m)
                                && origin.as_ref().is_some_and(|o| o.file.contains(" + ")) =>
                        {
                            let Payload::Samples(b) = &payload else {
                                panic!("{kind:?} {date}")
                            };
                            if kind == Kind::HeartRate {
                                assert!(a.iter().all(|s| b.contains(s)), "{kind:?} {date} lost");
                            }
                            days.insert((kind, date), Payload::Samples(a).merge(payload));
                        }
                        Some(_) => panic!("{kind:?} {date} twice"),
                    }
                }
            }
            Step::Failed { path, error } => failed.push(format!("{path}: {error}")),
            Step::Done => {
                let counted = crate::model::recorders::resolve(recorded, &Default::default());
                for d in counted {
                    let key = (d.kind, d.date);
                    assert!(days.insert(key, d.payload).is_none(), "{key:?} twice");
                }
                return (days, failed);
            }
        }
    }
}

fn import_files(fs: &[(String, Vec<u8>)]) -> (BTreeMap<(Kind, NaiveDate), Payload>, Job) {
    let listing = listing_of(fs);
    let mut job = Job::new(listing, 0).unwrap();
    let (days, failed) = run(&mut job, &mut |i| fs[i].1.clone());
    assert!(failed.is_empty(), "{failed:?}");
    (days, job)
}

/// Days whose zone changed inside them (the two flights): one offset cannot describe them.
fn flight_day(date: NaiveDate) -> bool {
    [d("2026-06-10"), d("2026-06-24")].contains(&date)
}

/// Every time at its true offset: across the DST nights and on both flight days too (the day
/// files' midnights, the flight's pause in the readings, and the zone's rules place each one).
fn assert_offsets_right(layout: Layout, tally: &Tally) {
    assert!(
        tally.offsets_wrong.is_empty(),
        "{layout:?} offsets: {:?}",
        tally.offsets_wrong
    );
}

#[derive(Default, Debug)]
struct Tally {
    compared: usize,
    offsets_wrong: Vec<String>,
}

/// `from_tables`: sleep came from `UserSleeps`, which has no main-sleep flag: the model's rule
/// (the longest staged sleep of the night) decides, and on a flight day, when two nights end on
/// one date, it may take the other.
fn compare(
    layout: Layout,
    days: &BTreeMap<(Kind, NaiveDate), Payload>,
    from_tables: bool,
) -> Tally {
    let p = demo::person();
    let mut tally = Tally::default();
    let mut offset = |ok: bool, what: String| {
        if !ok {
            tally.offsets_wrong.push(what);
        }
    };
    let mut compared = 0;
    let mut histograms = 0;
    for (a, b) in ranges() {
        for date in a.iter_days().take_while(|x| *x <= b) {
            // Heart rate: every reading, at its instant.
            let truth = demo::day(&p, Kind::HeartRate, date);
            let got = days.get(&(Kind::HeartRate, date));
            match (&truth, got) {
                (Payload::Samples(t), Some(Payload::Samples(g))) => {
                    assert_eq!(t.len(), g.len(), "{layout:?} HR {date}");
                    for (x, y) in t.iter().zip(g) {
                        assert_eq!((x.t, x.value), (y.t, y.value), "{layout:?} HR {date}");
                    }
                    offset(
                        t.iter().zip(g).all(|(x, y)| x.offset == y.offset),
                        format!("heart rate {date}"),
                    );
                    compared += 1;
                }
                (Payload::Samples(t), None) => {
                    assert!(t.is_empty(), "{layout:?} HR {date} missing")
                }
                other => panic!("{other:?}"),
            }
            // Through the night (Takeout only): every reading of the main sleep that ended on
            // the day, at its instant, with its offset and every digit; SpO2's 50.0 floor rows
            // are left out.
            if matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth) {
                // The outbound flight's night began at 15:00 in Los Angeles and ended there
                // before midnight: a night filed on 06-10, where the person's list files it on
                // 06-11 (as with skin temperature below). Those two dates are compared together.
                let dates: &[NaiveDate] = if date == d("2026-06-10") {
                    &[]
                } else if date == d("2026-06-11") {
                    &[d("2026-06-10"), d("2026-06-11")]
                } else {
                    std::slice::from_ref(&date)
                };
                for n in crate::model::kind::Night::ALL {
                    let kind = Kind::Night(n);
                    let (mut t, mut g) = (Vec::new(), Vec::new());
                    for &date in dates {
                        let Payload::Samples(x) = demo::day(&p, kind, date) else {
                            panic!()
                        };
                        t.extend(x);
                        match days.get(&(kind, date)) {
                            Some(Payload::Samples(y)) => g.extend(y.iter().copied()),
                            None => {}
                            other => panic!("{other:?}"),
                        }
                    }
                    t.sort_by_key(|s| s.t);
                    assert_eq!(
                        t.iter().map(|s| (s.t, s.value)).collect::<Vec<_>>(),
                        g.iter().map(|s| (s.t, s.value)).collect::<Vec<_>>(),
                        "{layout:?} {n:?} {date}"
                    );
                    offset(
                        t.iter().zip(&g).all(|(x, y)| x.offset == y.offset),
                        format!("{n:?} {date}"),
                    );
                    compared += usize::from(!t.is_empty());
                }
                // The night's beat-to-beat histogram: at its wake instant and offset, every
                // share as written.
                let (mut t, mut g) = (Vec::new(), Vec::new());
                for &date in dates {
                    let Payload::Histogram(x) = demo::day(&p, Kind::BeatHistogram, date) else {
                        panic!()
                    };
                    t.extend(x);
                    match days.get(&(Kind::BeatHistogram, date)) {
                        Some(Payload::Histogram(y)) => g.extend(y.iter().cloned()),
                        None => {}
                        other => panic!("{other:?}"),
                    }
                }
                assert_eq!(
                    t.iter().map(|h| (h.wake, &h.shares)).collect::<Vec<_>>(),
                    g.iter().map(|h| (h.wake, &h.shares)).collect::<Vec<_>>(),
                    "{layout:?} histogram {date}"
                );
                offset(
                    t.iter().zip(&g).all(|(x, y)| x.offset == y.offset),
                    format!("histogram {date}"),
                );
                compared += usize::from(!t.is_empty());
                histograms += t.len();
            }
            // Steps: every minute with steps.
            match (
                demo::day(&p, Kind::Steps, date),
                days.get(&(Kind::Steps, date)),
            ) {
                (Payload::Intervals(t), Some(Payload::Intervals(g))) => {
                    let tv: Vec<_> = t.iter().map(|i| (i.start, i.end, i.value)).collect();
                    let gv: Vec<_> = g.iter().map(|i| (i.start, i.end, i.value)).collect();
                    assert!(
                        tv == gv,
                        "{layout:?} steps {date}: {} minutes vs {}",
                        tv.len(),
                        gv.len()
                    );
                    offset(
                        t.iter().zip(g).all(|(x, y)| x.offset == y.offset),
                        format!("steps {date}"),
                    );
                    compared += 1;
                }
                other => panic!("{layout:?} steps {date}: {other:?}"),
            }
            // Sleep: each session, its stages and offsets, on its night (the model's rule: the
            // date it ended on, where it ended; the person's own list files the flight's night
            // under the next day).
            let t: Vec<_> = [date.pred_opt().unwrap(), date, date.succ_opt().unwrap()]
                .into_iter()
                .flat_map(|x| match demo::day(&p, Kind::Sleep, x) {
                    Payload::Sleep(v) => v,
                    _ => panic!(),
                })
                .filter(|s| s.night() == date)
                .collect();
            let g = match days.get(&(Kind::Sleep, date)) {
                Some(Payload::Sleep(g)) => g.clone(),
                None => Vec::new(),
                other => panic!("{other:?}"),
            };
            assert_eq!(
                t.len(),
                g.len(),
                "{layout:?} sleeps ending {date}: {:?} vs {:?}",
                t.iter()
                    .map(|s| (s.start, s.end, s.start_offset))
                    .collect::<Vec<_>>(),
                g.iter()
                    .map(|s| (s.start, s.end, s.start_offset))
                    .collect::<Vec<_>>()
            );
            for (x, y) in t.iter().zip(&g) {
                let main =
                    |s: &crate::model::SleepSession| s.is_main || (from_tables && flight_day(date));
                assert!(
                    (x.start, x.end, main(x), &x.segments, x.fall_asleep_min)
                        == (y.start, y.end, main(y), &y.segments, y.fall_asleep_min),
                    "{layout:?} sleep {date}: {:?} vs {:?}",
                    (x.start, x.end, x.is_main, &x.segments, x.fall_asleep_min),
                    (y.start, y.end, y.is_main, &y.segments, y.fall_asleep_min)
                );
                offset(
                    (x.start_offset, x.end_offset) == (y.start_offset, y.end_offset),
                    format!("sleep {date}"),
                );
                compared += 1;
            }
            // Exercises: every log, its totals and its offset, on the date it started where it
            // started (the person's own list files a workout by the zone at the day's start,
            // which the flight home makes a day early).
            let t: Vec<_> = [date.pred_opt().unwrap(), date, date.succ_opt().unwrap()]
                .into_iter()
                .flat_map(|x| match demo::day(&p, Kind::Exercises, x) {
                    Payload::Exercises(v) => v,
                    _ => panic!(),
                })
                .filter(|x| x.date() == date)
                .collect();
            let g = match days.get(&(Kind::Exercises, date)) {
                Some(Payload::Exercises(g)) => g.clone(),
                None => Vec::new(),
                other => panic!("{other:?}"),
            };
            // (The demo's route is its own: exports' GPS files are left out.)
            let key = |x: &crate::model::Exercise| crate::model::Exercise {
                offset: 0,
                route: None,
                ..x.clone()
            };
            assert_eq!(
                t.iter().map(key).collect::<Vec<_>>(),
                g.iter().map(key).collect::<Vec<_>>(),
                "{layout:?} exercises {date}"
            );
            offset(
                t.iter().zip(&g).all(|(x, y)| x.offset == y.offset),
                format!("exercise {date}"),
            );
            compared += t.len();
            // The sleep score, on the night it scores (the oldest archive has none). The
            // person's own list files the flight's night a day late: that date is not compared.
            let main_night = match demo::day(&p, Kind::Sleep, date) {
                Payload::Sleep(v) => v.iter().find(|s| s.is_main).map(|s| s.night()),
                _ => None,
            };
            if layout != Layout::UserSiteExport && main_night == Some(date) {
                let Payload::Daily(t) = demo::day(&p, Kind::Daily(Metric::SleepScore), date) else {
                    panic!()
                };
                let g = match days.get(&(Kind::Daily(Metric::SleepScore), date)) {
                    Some(Payload::Daily(g)) => g.first().copied(),
                    None => None,
                    other => panic!("{other:?}"),
                };
                let (Some(t), Some(g)) = (t.first(), g) else {
                    panic!("{layout:?} sleep score {date}: {t:?} vs {g:?}")
                };
                assert_eq!(t.value, g.value, "{layout:?} sleep score {date}");
                // Takeout leaves two of the three parts empty: then none are kept.
                let parts = if layout == Layout::Categories {
                    t.parts
                } else {
                    None
                };
                assert_eq!(parts, g.parts, "{layout:?} sleep score parts {date}");
                compared += 1;
            }
            // The daily metrics the export carries, within the rounding of its files.
            // Takeout's weight.csv has the grams; the JSON alone has pounds to one decimal.
            let takeout = matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth);
            let mut metrics = vec![
                (Metric::RestingHeartRate, 0.5),
                (Metric::Distance, 0.006),
                (Metric::Calories, 1.0),
                (Metric::Floors, 0.0),
                (Metric::Weight, if takeout { 1e-9 } else { 0.03 }),
                (Metric::ActiveMinutes, 0.0),
                (Metric::SedentaryMinutes, 0.0),
                (Metric::HeartRateZones, 0.0),
                (Metric::BodyFat, 0.0),
                (Metric::Vo2Max, 0.05),
                (Metric::CaloriesIn, 0.0),
                (Metric::Water, 0.0),
            ];
            // The food diary: every log of the day, nutrients to the digit.
            let truth = demo::day(&p, Kind::Food, date);
            match (&truth, days.get(&(Kind::Food, date))) {
                (Payload::Food(t), Some(g)) => {
                    assert_eq!(&truth, g, "{layout:?} food {date}");
                    compared += usize::from(!t.is_empty());
                }
                (Payload::Food(t), None) => assert!(t.is_empty(), "{layout:?} food {date}"),
                other => panic!("{other:?}"),
            }
            // Skin temperature. The fitbit.com archive dates it by the night's local end,
            // which for the outbound flight's night (the person's list files it a day late)
            // is 06-10: those two dates are not compared there.
            let flight_night = [d("2026-06-10"), d("2026-06-11")].contains(&date);
            if layout != Layout::UserSiteExport && !(layout == Layout::Categories && flight_night) {
                metrics.push((Metric::SkinTemperature, 0.005));
            }
            if matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth) {
                metrics.extend([
                    (Metric::StressScore, 0.0),
                    (Metric::Readiness, 0.0),
                    (Metric::Hrv, 0.0),
                    (Metric::Spo2, 0.0),
                    (Metric::BreathingRate, 0.0),
                    (Metric::ActiveZoneMinutes, 0.0),
                    (Metric::CardioLoad, 0.0),
                ]);
                // Dated by the wake time's local date, as skin temperature above.
                if !flight_night {
                    metrics.push((Metric::BreathingByStage, 0.0));
                }
            }
            // The day's zone bounds, from daily_heart_rate_zones.csv (the Takeouts only).
            if matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth) {
                assert_eq!(
                    days.get(&(Kind::HeartRateZones, date)),
                    Some(&demo::day(&p, Kind::HeartRateZones, date)),
                    "{layout:?} zones {date}"
                );
                compared += 1;
            } else {
                assert_eq!(days.get(&(Kind::HeartRateZones, date)), None);
            }
            for (m, tol) in metrics {
                let Payload::Daily(t) = demo::day(&p, Kind::Daily(m), date) else {
                    panic!()
                };
                let got = match days.get(&(Kind::Daily(m), date)) {
                    Some(Payload::Daily(g)) => g.first().copied(),
                    None => None,
                    other => panic!("{other:?}"),
                };
                let truth = t.first().copied().filter(|x| {
                    // A count of 0 is a day without rows in a sparse file.
                    !(x.value == 0.0 && matches!(m, Metric::Floors | Metric::ActiveZoneMinutes))
                });
                match (truth, got) {
                    (Some(x), Some(y)) => {
                        assert!(
                            (x.value - y.value).abs() <= tol,
                            "{layout:?} {m:?} {date}: {} vs {}",
                            x.value,
                            y.value
                        );
                        assert_eq!(x.parts, y.parts, "{layout:?} {m:?} {date}");
                        compared += 1;
                    }
                    (None, None) => {}
                    (Some(x), None) if m == Metric::Floors && x.value == 0.0 => {}
                    other => panic!("{layout:?} {m:?} {date}: {other:?}"),
                }
            }
        }
    }
    if matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth) {
        // Most of the 24 nights have one (not the nights the tracker was not worn).
        assert!(histograms >= 15, "{layout:?}: {histograms} histograms");
    }
    tally.compared = compared;
    tally
}

#[test]
fn every_layout_imports_equal_to_the_ground_truth() {
    let p = demo::person();
    for layout in Layout::ALL {
        let fs = files(&p, layout, &ranges());
        let (days, job) = import_files(&fs);
        let tally = compare(layout, &days, false);
        assert!(tally.compared > 180, "{layout:?}: {}", tally.compared);
        eprintln!(
            "{layout:?}: {} compared, offsets off on {:?}",
            tally.compared, tally.offsets_wrong
        );
        let report = job.report();
        assert_offsets_right(layout, &tally);
        if matches!(layout, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth) {
            assert_eq!(report.twin_check.0, report.twin_check.1);
            assert!(report.twin_check.0 > 10_000);
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        }
        // Every file is accounted for.
        assert_eq!(
            report.files_read + report.files_checked + report.skipped.len() as u32,
            fs.len() as u32
        );
    }
}

/// An export without `Global Export Data`'s steps and sleep (the newer Takeouts carry fewer JSON
/// files): steps come from the monthly CSV (one recorder per day, never the phone's added to the
/// tracker's), sleep from the `UserSleeps` and `UserSleepStages` tables (one algorithm version
/// per night), and both equal the ground truth.
#[test]
fn without_the_json_steps_and_sleep_come_from_the_csv_folder_and_tables() {
    let p = demo::person();
    for layout in [Layout::TakeoutFitbit, Layout::TakeoutGoogleHealth] {
        let fs: Vec<_> = files(&p, layout, &ranges())
            .into_iter()
            .filter(|(path, _)| {
                let name = path.rsplit('/').next().unwrap_or("");
                !name.starts_with("steps-") && !name.starts_with("sleep-")
            })
            .collect();
        let (days, job) = import_files(&fs);
        let tally = compare(layout, &days, true);
        assert_offsets_right(layout, &tally);
        let report = job.report();
        assert!(report.types["steps"].files >= 2, "{:?}", report.types);
        assert!(
            !report.skipped.iter().any(|(f, _)| f.contains("steps_")),
            "{:?}",
            report.skipped
        );
    }
}

/// The same export with the person's phone put first (Settings → Which recorder counts): every
/// day's steps are the phone's, as the generator counted them for that local day, and a day
/// the phone recorded nothing keeps the tracker's. Summed, never: no day holds both.
#[test]
fn a_recorder_put_first_counts_its_own_steps_each_day() {
    use crate::model::recorders::{resolve, Priority};
    let p = demo::person();
    let fs: Vec<_> = files(&p, Layout::TakeoutFitbit, &ranges())
        .into_iter()
        .filter(|(path, _)| !path.rsplit('/').next().unwrap_or("").starts_with("steps-"))
        .collect();
    let listing = listing_of(&fs);
    let mut job = Job::new(listing, 0).unwrap();
    let mut days = Vec::new();
    loop {
        match job.step(|i| Ok(fs[i].1.clone())) {
            Step::Read { days: d, .. } => days.extend(d),
            Step::Failed { path, error } => panic!("{path}: {error}"),
            Step::Done => break,
        }
    }
    let copies: Vec<Day> = days.into_iter().filter(|d| d.kind == Kind::Steps).collect();
    assert!(copies
        .iter()
        .all(|d| d.origin.as_ref().unwrap().recorder.is_some()));
    let mut phone_first = Priority::default();
    phone_first.set(Kind::Steps, vec!["Phone Health Kit".into()]);
    let counted = resolve(copies, &phone_first);
    let mut phone_days = 0;
    for d in &counted {
        let (s, e) = p.day_bounds(d.date);
        let phone: u32 = p.phone_steps(s, e).iter().map(|(_, n)| n).sum();
        let tracker: u32 = p.steps(s, e).iter().map(|(_, n)| n).sum();
        let got = d.payload.day_figure().unwrap();
        let recorder = d.origin.as_ref().unwrap().recorder.as_deref().unwrap();
        // The export's span ends at local midnights, so the first and last days are whole.
        if phone > 0 {
            assert_eq!(
                (got, recorder),
                (f64::from(phone), "Phone Health Kit"),
                "{}",
                d.date
            );
            phone_days += 1;
        } else {
            assert_eq!(
                (got, recorder),
                (f64::from(tracker), "Synthetic tracker"),
                "{}",
                d.date
            );
        }
    }
    assert!(phone_days >= 20, "{phone_days}");
}

/// A HealthKit account's export (the 2026 form): heart rate only in the CSV folder, one file
/// per UTC day, a watch's readings (`com.apple.heartratecoordinatord Health Kit`, every five
/// minutes, 3 bpm apart) interleaved with the tracker's. Each local day of the span, under the
/// default rule and with the watch put first, is exactly one recorder's readings, each at its
/// UTC instant and the offset in force (across the spring-forward night and the trip), with
/// that same recorder's minute means: never the two sensors' readings in one line.
#[test]
fn heart_rate_of_two_recorders_counts_one_each_day_with_its_minute_means() {
    use crate::model::derive::mean_per;
    use crate::model::recorders::{resolve, Priority};
    use fitdata_synth::export::{files_with, Lies, WATCH};
    let p = demo::person();
    let lies = Lies {
        heart_rate_csv_only: true,
        ..Lies::default()
    };
    let fs = files_with(&p, Layout::TakeoutFitbit, &ranges(), lies);
    assert!(!fs.iter().any(|(path, _)| path.contains("/heart_rate-")));
    let listing = listing_of(&fs);
    let mut job = Job::new(listing, 0).unwrap();
    let mut copies = Vec::new();
    loop {
        match job.step(|i| Ok(fs[i].1.clone())) {
            Step::Read { days: d, .. } => copies.extend(
                d.into_iter()
                    .filter(|d| matches!(d.kind, Kind::HeartRate | Kind::HeartRate1m)),
            ),
            Step::Failed { path, error } => panic!("{path}: {error}"),
            Step::Done => break,
        }
    }
    let report = job.report();
    assert_eq!(
        report.files_read + report.files_checked + report.skipped.len() as u32,
        fs.len() as u32
    );
    assert!(copies
        .iter()
        .all(|d| d.origin.as_ref().unwrap().recorder.is_some()));
    let minutes = |v: &[fitdata_synth::HrSample]| {
        v.iter()
            .map(|h| h.t.div_euclid(60))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    let mut watch_days = [0, 0];
    for (rule, first) in [(0, None), (1, Some(WATCH))] {
        let mut order = Priority::default();
        order.set(
            Kind::HeartRate,
            first.into_iter().map(String::from).collect(),
        );
        let counted: BTreeMap<(Kind, NaiveDate), Day> = resolve(copies.clone(), &order)
            .into_iter()
            .map(|d| ((d.kind, d.date), d))
            .collect();
        for &(a, b) in &ranges() {
            for date in a.iter_days().take_while(|x| *x <= b) {
                let (s, e) = p.day_bounds(date);
                let (tracker, watch) = (p.heart_rate(s, e), p.watch_heart_rate(s, e));
                // The default: the most minutes covered, the first name on a tie (a capital
                // sorts before a lower-case letter).
                let (want, name) = match first {
                    Some(w) if !watch.is_empty() => (watch, w),
                    _ if minutes(&watch) > minutes(&tracker) => (watch, WATCH),
                    _ => (tracker, "Synthetic tracker"),
                };
                watch_days[rule] += usize::from(name == WATCH);
                let want: Vec<(i64, i32, f64)> = want
                    .iter()
                    .map(|h| (h.t, p.offset_at(h.t).local_minus_utc(), f64::from(h.bpm)))
                    .collect();
                let day = &counted[&(Kind::HeartRate, date)];
                let got: Vec<(i64, i32, f64)> = match &day.payload {
                    Payload::Samples(v) => v.iter().map(|x| (x.t, x.offset, x.value)).collect(),
                    other => panic!("{other:?}"),
                };
                assert_eq!(got, want, "{date}");
                assert_eq!(day.origin.as_ref().unwrap().recorder.as_deref(), Some(name));
                let minute = &counted[&(Kind::HeartRate1m, date)];
                assert_eq!(
                    minute.origin.as_ref().unwrap().recorder.as_deref(),
                    Some(name)
                );
                let Payload::Samples(readings) = &day.payload else {
                    unreachable!()
                };
                assert_eq!(minute.payload, Payload::Samples(mean_per(readings, 60)));
            }
        }
    }
    // Both rules were tried where they differ: the watch counts on every day it was put first,
    // and by default only where it covered more (none of these days: the tracker was worn).
    assert_eq!(watch_days, [0, 24]);
}

/// An iPhone account whose sleep Apple Health records: the export has no sleep JSON and no
/// sleep tables, only `User3rdPartySleepAttributes` (ids). The report says where the sleep is;
/// with the person's own sleep files beside it, it says nothing of the kind.
#[test]
fn sleep_kept_by_apple_health_is_named_not_just_missing() {
    let p = demo::person();
    let all = files(
        &p,
        Layout::TakeoutFitbit,
        &[(d("2026-03-28"), d("2026-03-29"))],
    );
    let third = (
        "Takeout/Fitbit/Health Fitness Data_GoogleData/User3rdPartySleepAttributes.csv".to_string(),
        b"sleep_id,attribute_name,attribute_value\n1274863277733400001,source,com.apple.health\n"
            .to_vec(),
    );
    let apple: Vec<_> = all
        .iter()
        .filter(|(path, _)| {
            let name = path.rsplit('/').next().unwrap_or("");
            !name.starts_with("sleep-") && !name.starts_with("UserSleep")
        })
        .cloned()
        .chain([third.clone()])
        .collect();
    let told = |fs: &[(String, Vec<u8>)]| {
        let (days, job) = import_files(fs);
        let note = job
            .report()
            .notes
            .iter()
            .any(|n| n.contains("Apple Health"));
        let skipped = job.report().skipped.iter().any(|(f, why)| {
            f.ends_with("User3rdPartySleepAttributes.csv") && why.contains("Apple Health")
        });
        let nights = days.keys().filter(|(k, _)| *k == Kind::Sleep).count();
        (note, skipped, nights)
    };
    assert_eq!(told(&apple), (true, true, 0));
    let mut own = all;
    own.push(third);
    let (note, skipped, nights) = told(&own);
    assert_eq!((note, skipped), (false, true));
    assert!(nights >= 2);
}

#[test]
fn importing_the_same_export_twice_or_an_overlap_adds_nothing() {
    let p = demo::person();
    let a = files(
        &p,
        Layout::TakeoutFitbit,
        &[(d("2026-06-08"), d("2026-06-14"))],
    );
    let b = files(
        &p,
        Layout::TakeoutFitbit,
        &[(d("2026-06-12"), d("2026-06-18"))],
    );
    let (first, _) = import_files(&a);
    let (second, _) = import_files(&b);
    // The days both cover come out the same from either: storing by (type, date) replaces a
    // day with itself.
    let mut shared = 0;
    for (key, payload) in &first {
        if let Some(other) = second.get(key) {
            if key.1 >= d("2026-06-12") && key.1 <= d("2026-06-14") {
                assert_eq!(payload, other, "{key:?}");
                shared += 1;
            }
        }
    }
    assert!(shared >= 3 * 4, "{shared}");
}

fn zip_of(fs: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in fs {
        w.start_file(path.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_is_read_entry_by_entry_and_bad_archives_say_why() {
    let p = demo::person();
    let fs = files(
        &p,
        Layout::TakeoutGoogleHealth,
        &[(d("2026-03-28"), d("2026-03-30"))],
    );
    let bytes = zip_of(&fs);
    assert!(starts_like_zip(&bytes));
    let mut z = Zip::open("takeout-1.zip", Cursor::new(bytes.clone()), true).unwrap();
    let entries = z.entries().unwrap();
    let listing: Vec<Listed> = entries
        .iter()
        .map(|e| Listed::new(&e.path, e.size))
        .collect();
    let mut job = Job::new(listing, 0).unwrap();
    let mut n = 0;
    loop {
        let step = job.step(|i| z.read_entry(i, &entries[i]));
        match step {
            Step::Read { days, .. } => n += days.len(),
            Step::Failed { path, error } => panic!("{path}: {error}"),
            Step::Done => break,
        }
    }
    assert!(n > 30);

    // Not a ZIP; a ZIP cut off (its central directory lost).
    let e = Zip::open("notes.txt", Cursor::new(b"hello".to_vec()), false)
        .err()
        .unwrap();
    assert!(matches!(e, ImportError::NotZip { .. }));
    let cut = bytes[..bytes.len() / 2].to_vec();
    let e = Zip::open(
        "takeout-1.zip",
        Cursor::new(cut.clone()),
        starts_like_zip(&cut),
    )
    .err()
    .unwrap();
    assert!(matches!(e, ImportError::Truncated { .. }), "{e}");

    // A corrupt entry: its CRC fails at its end, and the file is named.
    let mut bad = zip_of(&[(
        "Takeout/Fitbit/Global Export Data/heart_rate-2026-03-28.json".into(),
        b"[]".repeat(2000),
    )]);
    // Flip a byte of the stored data (after the 30-byte local header and the name).
    let name_len = "Takeout/Fitbit/Global Export Data/heart_rate-2026-03-28.json".len();
    bad[30 + name_len + 2] ^= 0x55;
    let mut z = Zip::open("t.zip", Cursor::new(bad), true).unwrap();
    let entries = z.entries().unwrap();
    let read = z.entry(0, &entries[0]).map(|mut r| {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut buf)
    });
    assert!(matches!(read, Ok(Err(_)) | Err(_)));

    // A bomb: an entry that claims to inflate far beyond its packed size is never inflated.
    let bomb = zip_of(&[(
        "Takeout/Fitbit/Global Export Data/steps-2026-01-01.json".into(),
        vec![b' '; 64 << 20],
    )]);
    let mut z = Zip::open("bomb.zip", Cursor::new(bomb), true).unwrap();
    let entries = z.entries().unwrap();
    assert!(entries[0].size > entries[0].packed * super::archive::MAX_RATIO);
    assert!(matches!(
        z.entry(0, &entries[0]).err(),
        Some(ImportError::Bomb { .. })
    ));

    // A foreign archive: nothing of an export.
    let foreign = vec![Listed {
        path: "holiday/photo.jpg".into(),
        size: 10,
    }];
    assert!(matches!(
        Job::new(foreign, 0).err(),
        Some(ImportError::Foreign { files: 1 })
    ));
}

#[test]
fn a_file_that_fails_is_skipped_named_and_the_rest_imports() {
    let p = demo::person();
    let mut fs = files(
        &p,
        Layout::UserSiteExport,
        &[(d("2026-06-01"), d("2026-06-02"))],
    );
    let hr = fs
        .iter_mut()
        .find(|(path, _)| path.ends_with("heart_rate-2026-06-01.json"))
        .unwrap();
    hr.1.truncate(hr.1.len() / 2);
    let listing = listing_of(&fs);
    let mut job = Job::new(listing, 0).unwrap();
    let (days, failed) = run(&mut job, &mut |i| fs[i].1.clone());
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0].contains("heart_rate-2026-06-01.json") && failed[0].contains("line"),
        "{}",
        failed[0]
    );
    assert!(days.contains_key(&(Kind::HeartRate, d("2026-06-02"))));
    assert!(days.contains_key(&(Kind::Steps, d("2026-06-01"))));
    assert!(job
        .report()
        .skipped
        .iter()
        .any(|(p, _)| p.ends_with("heart_rate-2026-06-01.json")));
}

#[test]
fn a_resumed_import_skips_the_data_files_it_had_stored() {
    let p = demo::person();
    let fs = files(
        &p,
        Layout::TakeoutFitbit,
        &[(d("2026-06-01"), d("2026-06-05"))],
    );
    let listing = listing_of(&fs);
    let mut whole = Job::new(listing.clone(), 0).unwrap();
    let (all, _) = run(&mut whole, &mut |i| fs[i].1.clone());
    // Cut off after three data files, then resumed.
    let mut first = Job::new(listing.clone(), 0).unwrap();
    let mut got = BTreeMap::new();
    while first.data_done() < 3 {
        if let Step::Read { days, .. } = first.step(|i| Ok(fs[i].1.clone())) {
            got.extend(days.into_iter().map(|d| ((d.kind, d.date), d.payload)));
        }
    }
    let mut resumed = Job::new(listing, first.data_done()).unwrap();
    let (rest, _) = run(&mut resumed, &mut |i| fs[i].1.clone());
    // The resumed run hands over none of the days stored before the cut...
    assert!(rest.keys().all(|k| !got.contains_key(k)), "stored twice");
    got.extend(rest);
    assert_eq!(got, all);
    // ...and its report is the uncut run's: the re-read files are counted.
    assert_eq!(resumed.report().resumed_after, 3);
    let report = super::Report {
        resumed_after: 0,
        ..resumed.report().clone()
    };
    assert_eq!(&report, whole.report());
}

#[test]
fn exercise_logs_of_every_era_and_unit() {
    use super::layout::{classify, Role};
    use super::read::Importer;
    assert_eq!(classify("x/exercise-700.json"), Ok(Role::Exercise));
    assert!(classify("x/exercise-abc.json").is_err());
    assert_eq!(
        classify("Takeout/Fitbit/Sleep Score/sleep_score.csv"),
        Ok(Role::SleepScore)
    );
    // 2015: miles; 2018: no distance, no source; a manual log without heart rate; the same log
    // twice (pages overlap when exports are combined).
    let body = br#"[
      {"logId":1,"activityName":"Walk","averageHeartRate":96,"calories":61,"distance":0.2865,"distanceUnit":"Mile","duration":1338000,"activeDuration":1200000,"steps":879,"logType":"tracker","startTime":"04/06/26 21:00:38"},
      {"logId":2,"activityName":"Yoga","calories":80,"duration":1800000,"logType":"manual","startTime":"04/07/26 03:30:00"},
      {"logId":1,"activityName":"Walk","averageHeartRate":96,"calories":61,"distance":0.2865,"distanceUnit":"Mile","duration":1338000,"steps":879,"logType":"tracker","startTime":"04/06/26 21:00:38"}
    ]"#;
    let mut imp = Importer::new();
    let days = imp.read(Role::Exercise, "exercise-0.json", body).unwrap();
    let all: Vec<_> = days
        .iter()
        .flat_map(|d| match &d.payload {
            Payload::Exercises(v) => v.clone(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(all.len(), 2);
    // 0.2865 mi = 461.077 m, every digit kept (UserExercises' tracker_total_distance_mm 461078).
    assert!((all[0].distance_km.unwrap() - 0.2865 * 1.609_344).abs() < 1e-12);
    assert_eq!(
        (all[0].end - all[0].start, all[0].active_s, all[0].avg_bpm),
        (1338, Some(1200), Some(96.0))
    );
    assert_eq!(
        (all[1].distance_km, all[1].avg_bpm, all[1].logged.as_str()),
        (None, None, "manual")
    );
    // Without any offset known, UTC: the two are on their UTC dates.
    assert_eq!(
        days.iter().map(|d| d.date.to_string()).collect::<Vec<_>>(),
        ["2026-04-06", "2026-04-07"]
    );
}

/// The property test over travellers and lying exports (host only: proptest and the tz
/// database are not in the wasm build).
#[cfg(not(target_arch = "wasm32"))]
mod travellers {
    use super::*;
    use crate::model::time::civil_date;

    /// Zones a traveller lives in or visits: both hemispheres' DST, half hours, and both sides of
    /// the date line (Kiritimati and Honolulu share a clock a day apart).
    const ZONES: [chrono_tz::Tz; 10] = [
        chrono_tz::America::Chicago,
        chrono_tz::Europe::Berlin,
        chrono_tz::Europe::London,
        chrono_tz::Australia::Sydney,
        chrono_tz::Asia::Kolkata,
        chrono_tz::America::St_Johns,
        chrono_tz::Pacific::Auckland,
        chrono_tz::Pacific::Honolulu,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::America::New_York,
    ];

    /// First days of windows worth a look: DST switches north and south, and ordinary days.
    const WINDOWS: [&str; 8] = [
        "2025-03-08",
        "2025-10-25",
        "2025-11-01",
        "2026-04-04",
        "2026-09-26",
        "2026-03-28",
        "2026-07-14",
        "2025-12-30",
    ];

    /// One traveller: a home zone and trips (day in the window, UTC hour of landing, where to,
    /// hours on the plane), with the export's lies.
    #[derive(Clone, Debug)]
    pub(super) struct Case {
        pub(super) seed: u64,
        pub(super) home: usize,
        pub(super) window: usize,
        pub(super) shift: i64,
        pub(super) trips: Vec<(i64, u32, usize, i64)>,
        pub(super) lies: fitdata_synth::export::Lies,
        pub(super) sleep_from_tables: bool,
    }

    pub(super) fn traveller(c: &Case) -> (fitdata_synth::Person, Vec<(NaiveDate, NaiveDate)>) {
        use chrono::TimeZone;
        let start = d(WINDOWS[c.window]) + chrono::Duration::days(c.shift);
        let end = start + chrono::Duration::days(3);
        let mut p = fitdata_synth::Person::with_home(c.seed, ZONES[c.home], ZONES[c.home]);
        p.first_day = start - chrono::Duration::days(400);
        p.charging_at_any_minute = true;
        p.changes = c
            .trips
            .iter()
            .map(|&(day, hour, zone, flight_h)| fitdata_synth::ZoneChange {
                // Landings at any minute of the hour, as real ones are. (Within the minute it
                // is undecidable: a minute's offset is its start's, the readings' clock turns
                // somewhere inside it.)
                at: chrono::Utc.from_utc_datetime(
                    &(start + chrono::Duration::days(day))
                        .and_hms_opt(hour, 0, 0)
                        .unwrap(),
                ) + chrono::Duration::minutes(
                    (c.seed.wrapping_add(day as u64 * 7919) % 60) as i64,
                ),
                zone: ZONES[zone],
                in_flight_s: flight_h * 3600,
            })
            .collect();
        p.changes.sort_by_key(|z| z.at);
        // A landing within 12 hours of a DST switch of the zone left or reached leaves two
        // clock changes in one stretch that no file records apart: undecidable, not drawn.
        let offset = |z: chrono_tz::Tz, t: i64| {
            use chrono::Offset;
            z.offset_from_utc_datetime(&chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc())
                .fix()
                .local_minus_utc()
        };
        let mut from = p.home;
        let opened = {
            let midnight = start.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            midnight - i64::from(offset(p.home, midnight))
        };
        let mut kept = Vec::new();
        for c in std::mem::take(&mut p.changes) {
            let t = c.at.timestamp();
            let steady = |z| offset(z, t - 12 * 3600) == offset(z, t + 12 * 3600);
            // A flight west that lands on an earlier date than the old clock showed then (Sydney to
            // Chicago in the morning) lives a date twice; no export seen shows which file the second pass
            // goes to, so the generator does not invent one.
            // (The clock before landing is the old one, to the second before.)
            let date_at = |z, t: i64| civil_date(t, offset(z, t));
            let backwards = date_at(c.zone, t) < date_at(from, t - 1);
            // A stay of a day and a half at least: a clue of each clock on each side.
            let stayed = kept
                .last()
                .is_none_or(|k: &fitdata_synth::ZoneChange| t - k.at.timestamp() >= 36 * 3600);
            if steady(from) && steady(c.zone) && !backwards && stayed {
                from = c.zone;
                kept.push(c);
            }
        }
        // Off the wrist on landing (the charging break) is a longer flight to the files: the
        // clock turned somewhere in a pause no reading splits. And a clock never worn before
        // the flight (a date not worn, the export's first) is one no file shows. Such a trip,
        // and the ones after it (they leave from its zone), are not drawn.
        p.changes = kept.clone();
        let worn_before = |i: usize, c: &fitdata_synth::ZoneChange| {
            let from = i
                .checked_sub(1)
                .and_then(|j| kept.get(j))
                .map_or(opened, |k| k.at.timestamp());
            let to = c.at.timestamp() - c.in_flight_s;
            (from..to).step_by(600).filter(|t| p.worn(*t)).count() >= 36
        };
        if let Some(i) = kept.iter().enumerate().position(|(i, c)| {
            !(p.worn(c.at.timestamp()) && p.worn(c.at.timestamp() + 30) && worn_before(i, c))
        }) {
            kept.truncate(i);
            p.changes = kept;
        }
        (p, vec![(start, end)])
    }

    /// Every reading, minute and night of the import equal to the traveller's ground truth: the
    /// instant, the value and the offset; and every file of the export accounted for.
    pub(super) fn import_equals_the_truth(c: &Case) -> Result<(), String> {
        let (p, ranges) = traveller(c);
        let omit: &[&str] = if c.sleep_from_tables {
            &["sleep-"]
        } else {
            &[]
        };
        imports_the_truth(&p, &ranges, c.lies, omit).map(|_| ())
    }

    /// The same for any person and ranges (the window's inner days of the first range are
    /// compared), with the export's lies and without the files whose names start with one of
    /// `omit` (`sleep-`: sleep from the tables); the report's disagreements when it passes.
    pub(super) fn imports_the_truth(
        p: &fitdata_synth::Person,
        ranges: &[(NaiveDate, NaiveDate)],
        lies: Lies,
        omit: &[&str],
    ) -> Result<Vec<String>, String> {
        let mut fs = fitdata_synth::export::files_with(p, Layout::TakeoutFitbit, ranges, lies);
        fs.retain(|(path, _)| {
            let name = path.rsplit('/').next().unwrap_or("");
            !omit.iter().any(|o| name.starts_with(o))
        });
        let listing = listing_of(&fs);
        let mut job = Job::new(listing, 0).map_err(|e| e.to_string())?;
        let (days, failed) = run(&mut job, &mut |i| fs[i].1.clone());
        if !failed.is_empty() {
            return Err(format!("failed: {failed:?}"));
        }
        let r = job.report();
        let accounted = r.files_read + r.files_checked + r.skipped.len() as u32;
        if accounted != fs.len() as u32 {
            return Err(format!("{accounted} of {} files accounted for", fs.len()));
        }
        let (a, b) = ranges[0];
        // The window's inner days: its first and last are cut by the export's range.
        for date in a.succ_opt().unwrap().iter_days().take_while(|x| *x < b) {
            let Payload::Samples(mut t) = demo::day(p, Kind::HeartRate, date) else {
                unreachable!()
            };
            if lies.heart_rate_csv_only {
                // Two recorders: the one that covered more minutes that day counts, the
                // tracker on a tie (the first name).
                let (s, e) = p.day_bounds(date);
                let watch: Vec<crate::model::Sample> = p
                    .watch_heart_rate(s, e)
                    .iter()
                    .map(|h| crate::model::Sample {
                        t: h.t,
                        offset: p.offset_at(h.t).local_minus_utc(),
                        value: f64::from(h.bpm),
                    })
                    .collect();
                let minutes = |v: &[crate::model::Sample]| {
                    crate::model::recorders::amount(&Payload::Samples(v.to_vec()))
                };
                if minutes(&watch) > minutes(&t) {
                    t = watch;
                }
            }
            let g = match days.get(&(Kind::HeartRate, date)) {
                Some(Payload::Samples(g)) => g.clone(),
                _ => Vec::new(),
            };
            if t.len() != g.len() {
                return Err(format!("HR {date}: {} readings vs {}", t.len(), g.len()));
            }
            if let Some((x, y)) = t
                .iter()
                .zip(&g)
                .find(|(x, y)| (x.t, x.offset, x.value) != (y.t, y.offset, y.value))
            {
                return Err(format!("HR {date}: {x:?} vs {y:?}"));
            }
            // Steps: every minute on the local date where the person was (a flight day's
            // file may run past it), so the day's total is right too.
            let on_date = |i: &&crate::model::Interval| civil_date(i.start, i.offset) == date;
            let key = |i: &crate::model::Interval| (i.start, i.end, i.offset, i.value);
            let near = [date.pred_opt().unwrap(), date, date.succ_opt().unwrap()];
            let truth_minutes: Vec<crate::model::Interval> = near
                .iter()
                .flat_map(|x| match demo::day(p, Kind::Steps, *x) {
                    Payload::Intervals(v) => v,
                    _ => Vec::new(),
                })
                .collect();
            let got_minutes: Vec<crate::model::Interval> = near
                .iter()
                .filter_map(|x| match days.get(&(Kind::Steps, *x)) {
                    Some(Payload::Intervals(v)) => Some(v.clone()),
                    _ => None,
                })
                .flatten()
                .collect();
            let tk: Vec<_> = truth_minutes.iter().filter(on_date).map(key).collect();
            let mut gk: Vec<_> = got_minutes.iter().filter(on_date).map(key).collect();
            gk.sort_by_key(|x| x.0);
            if tk != gk {
                let first = tk.iter().zip(&gk).find(|(x, y)| x != y);
                return Err(format!(
                    "steps {date}: {} minutes vs {}, first difference {first:?}",
                    tk.len(),
                    gk.len()
                ));
            }
            let truth: Vec<_> = [date.pred_opt().unwrap(), date, date.succ_opt().unwrap()]
                .into_iter()
                .flat_map(|x| match demo::day(p, Kind::Sleep, x) {
                    Payload::Sleep(v) => v,
                    _ => Vec::new(),
                })
                .filter(|s| s.night() == date)
                .map(|s| (s.start, s.end, s.start_offset, s.end_offset))
                .collect();
            let got: Vec<_> = match days.get(&(Kind::Sleep, date)) {
                Some(Payload::Sleep(g)) => g
                    .iter()
                    .map(|s| (s.start, s.end, s.start_offset, s.end_offset))
                    .collect(),
                _ => Vec::new(),
            };
            // Calories: the day's total to the files' five decimals, whichever zone the JSON
            // wrote (the CSV twin tells).
            let minutes: Vec<f64> = p
                .activity(
                    p.day_bounds(date.pred_opt().unwrap()).0,
                    p.day_bounds(date.succ_opt().unwrap()).1,
                )
                .iter()
                .filter(|m| p.civil_date(m.t) == date)
                .map(|m| m.calories)
                .collect();
            let truth_kcal: f64 = minutes.iter().sum();
            // Each minute is written to five decimals: half of the last digit each at most (a
            // date lived for 40 hours after a flight west has 2,400 of them).
            let kcal_tolerance = minutes.len() as f64 * 0.000_005 + 1e-9;
            let got_kcal = match days.get(&(Kind::Daily(Metric::Calories), date)) {
                Some(Payload::Daily(v)) => v.first().map_or(0.0, |x| x.value),
                _ => 0.0,
            };
            // A date not worn at all has its minutes (basal calories) and nothing that says
            // where they were lived: after a trip, the profile's zone and the last clock seen
            // are both guesses. Its total is not compared.
            if !p.day_missing(date) && (truth_kcal - got_kcal).abs() > kcal_tolerance {
                return Err(format!("calories {date}: {truth_kcal} vs {got_kcal}"));
            }
            let (mut truth, mut got) = (truth, got);
            truth.sort_unstable();
            got.sort_unstable();
            if truth != got {
                return Err(format!("sleep {date}: {truth:?} vs {got:?}"));
            }
        }
        // The night series: every reading of the window's inner nights at its instant, with
        // its offset and value (SpO2 UTC, HRV and oxygen variation zoneless local, so placed by
        // the evidence across the DST night and the lies).
        let inner = |x: &i64| {
            p.day_bounds(a.succ_opt().unwrap()).1 <= *x
                && *x < p.day_bounds(b.pred_opt().unwrap()).0
        };
        for n in crate::model::kind::Night::ALL {
            let mut truth: Vec<(i64, i32, u64)> = a
                .iter_days()
                .take_while(|x| *x <= b)
                .flat_map(|x| match demo::day(p, Kind::Night(n), x) {
                    Payload::Samples(v) => v,
                    _ => Vec::new(),
                })
                .filter(|s| inner(&s.t))
                .map(|s| (s.t, s.offset, s.value.to_bits()))
                .collect();
            let mut got: Vec<(i64, i32, u64)> = days
                .iter()
                .filter(|((k, _), _)| *k == Kind::Night(n))
                .flat_map(|(_, v)| match v {
                    Payload::Samples(v) => v.clone(),
                    _ => Vec::new(),
                })
                .filter(|s| inner(&s.t))
                .map(|s| (s.t, s.offset, s.value.to_bits()))
                .collect();
            truth.sort_unstable();
            got.sort_unstable();
            if truth != got {
                let first = truth.iter().zip(&got).find(|(x, y)| x != y);
                return Err(format!(
                    "{n:?}: {} readings vs {}, first difference {first:?}",
                    truth.len(),
                    got.len()
                ));
            }
        }
        // The nights' beat-to-beat histograms: each at its wake instant (a zoneless local time,
        // placed by the evidence), with its offset and every share.
        let mut truth: Vec<(i64, i32, Vec<u64>)> = a
            .iter_days()
            .take_while(|x| *x <= b)
            .flat_map(|x| match demo::day(p, Kind::BeatHistogram, x) {
                Payload::Histogram(v) => v,
                _ => Vec::new(),
            })
            .filter(|h| inner(&h.wake))
            .map(|h| {
                (
                    h.wake,
                    h.offset,
                    h.shares.iter().map(|v| v.to_bits()).collect(),
                )
            })
            .collect();
        let mut got: Vec<(i64, i32, Vec<u64>)> = days
            .iter()
            .filter(|((k, _), _)| *k == Kind::BeatHistogram)
            .flat_map(|(_, v)| match v {
                Payload::Histogram(v) => v.clone(),
                _ => Vec::new(),
            })
            .filter(|h| inner(&h.wake))
            .map(|h| {
                (
                    h.wake,
                    h.offset,
                    h.shares.iter().map(|v| v.to_bits()).collect(),
                )
            })
            .collect();
        truth.sort_unstable();
        got.sort_unstable();
        if truth != got {
            let first = truth.iter().zip(&got).find(|(x, y)| x != y);
            return Err(format!(
                "histograms: {} vs {}, first difference {:?}",
                truth.len(),
                got.len(),
                first.map(|(x, y)| ((x.0, x.1), (y.0, y.1)))
            ));
        }
        Ok(job.report().disagreements.clone())
    }

    /// Travellers with up to `trips` flights.
    fn case(trips: usize) -> impl proptest::strategy::Strategy<Value = Case> {
        use proptest::prelude::*;
        (
            any::<u64>(),
            0..ZONES.len(),
            0..WINDOWS.len(),
            -2i64..=2,
            proptest::collection::vec((0i64..4, 0u32..24, 0..ZONES.len(), 2i64..12), 0..=trips),
            any::<(bool, bool, bool, bool, bool)>(),
        )
            .prop_map(
                |(seed, home, window, shift, trips, (l1, l2, l3, l4, tables))| {
                    let at_home = trips.is_empty();
                    Case {
                        seed,
                        home,
                        window,
                        shift,
                        // Trips at least a day apart, each to another zone than the one before.
                        trips: {
                            let mut t = trips;
                            t.sort();
                            t.dedup_by_key(|x| x.0);
                            t
                        },
                        lies: fitdata_synth::export::Lies {
                            sleep_table_local_as_utc: l1,
                            local_sorted_days: l2,
                            empty_files: l3,
                            calories_json_local: l4,
                            // From the seed, so the draws stay those of the runs before this lie
                            // (a red run is then a change's doing): on in half the cases.
                            wall_clock_keyed_days: seed % 2 == 1,
                            // Heart rate from the CSV alone, a watch beside the tracker: in a
                            // quarter of the cases, from the seed as above, with flights (the
                            // CSV's pauses place them), and at home (DST nights included) with a
                            // sleep table that writes local time as UTC too (the steps inside its
                            // sleeps give it away). Not yet that table with a flight: its every
                            // offset is +00:00, and without the heart-rate day files nothing
                            // else says the clock landed on (issue #26's note gives the cases).
                            // Nor with that table in London: a
                            // three-day export's only summer-time night there may be the one the
                            // clock went back, whose hours asleep are the same under both
                            // offsets; nothing but the table's own word is left (a longer export
                            // has summer nights the steps contradict, and then the table loses:
                            // `a_table_writing_local_time_as_utc_loses_to_the_steps_without_day_files`).
                            heart_rate_csv_only: seed % 4 == 2
                                && (at_home || !l1)
                                && !(l1 && ZONES[home] == chrono_tz::Europe::London),
                        },
                        sleep_from_tables: tables,
                    }
                },
            )
    }

    proptest::proptest! {
        // `PROPTEST_CASES` runs it longer (the note gives the long run's count), and
        // `PROPTEST_RNG_SEED` on other cases: `make test` draws the same 200 every time, so a
        // red run is a change's doing, reproducible, not the luck of the draw.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200),
            rng_seed: proptest::test_runner::RngSeed::Fixed(
                std::env::var("PROPTEST_RNG_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(26),
            ),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]
        /// DST both ways in every zone (half hours, both hemispheres, the date line), with every
        /// lie of `Lies`, sleep from the JSON or from the tables alone.
        #[test]
        fn a_dst_night_with_a_lying_export_imports_exactly(c in case(0)) {
            if let Err(e) = import_equals_the_truth(&c) {
                return Err(proptest::test_runner::TestCaseError::fail(format!("{c:?}: {e}")));
            }
        }

        /// The same with up to two flights (east, west, across the date line, onto a date
        /// lived twice), on top of DST.
        #[test]
        fn a_traveller_with_a_lying_export_imports_exactly(c in case(2)) {
            if let Err(e) = import_equals_the_truth(&c) {
                return Err(proptest::test_runner::TestCaseError::fail(format!("{c:?}: {e}")));
            }
        }
    }

    use fitdata_synth::export::Lies;

    /// A case the property test found, kept: the import must reproduce it exactly. The second
    /// argument is the home zone, the window and its shift (indices into `ZONES` and `WINDOWS`).
    fn found(
        seed: u64,
        (home, window, shift): (usize, usize, i64),
        trips: &[(i64, u32, usize, i64)],
        lies: Lies,
        sleep_from_tables: bool,
    ) {
        let c = Case {
            seed,
            home,
            window,
            shift,
            trips: trips.to_vec(),
            lies,
            sleep_from_tables,
        };
        if let Err(e) = import_equals_the_truth(&c) {
            panic!("{c:?}: {e}");
        }
    }

    /// Found by the property test: Chicago to Sydney, landing at 11:57 on a date the clock
    /// before the flight never reached. The landing day's file starts after the pause; its
    /// end at Sydney's midnight says the clock it was worn on, not the clock before the flight.
    #[test]
    fn a_landing_day_after_a_flight_east_takes_the_clock_of_its_own_midnight() {
        found(
            9_949_734_616_514_330_278,
            (0, 2, -2),
            &[(1, 0, 3, 2)],
            Lies {
                sleep_table_local_as_utc: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the property test: Kolkata to Sydney, with the calories JSON in local time. The
    /// minutes of the flight are counted too (basal calories, tracker off the wrist): each is
    /// placed on the clock of its own side of the landing, none lost.
    #[test]
    fn local_calories_of_a_flight_east_are_all_placed() {
        found(
            8_128_015_813_631_360_493,
            (4, 0, 0),
            &[(1, 2, 3, 3)],
            Lies {
                calories_json_local: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run (seed 91): Auckland to London with heart rate from the CSV alone
    /// and the calories JSON in local time. That file runs to the end of the export's last
    /// date, past the last heart rate: there no offset the evidence knows puts a minute where
    /// it agrees, and the profile's zone (Auckland's +13:00, half a day back) sent 91 of them
    /// onto London hours the file had already given, counted twice on the landing date.
    #[test]
    fn local_calories_after_the_last_clue_keep_the_clock_last_seen() {
        found(
            6_532_249_736_695_080_846,
            (6, 0, 0),
            &[(2, 3, 2, 2)],
            Lies {
                calories_json_local: true,
                heart_rate_csv_only: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the property test: Auckland to Chicago, landing at 01:00 on the date the
    /// person woke on in Auckland. The hours of that date are lived twice, and the jet-lag
    /// sleep's local start (05:06) names both passes: it is the one that does not overlap the
    /// night before, which ended at 08:12 in Auckland.
    #[test]
    fn a_sleep_on_a_date_lived_twice_is_the_pass_that_overlaps_no_other() {
        found(25_046, (6, 5, 1), &[(2, 6, 0, 2)], Lies::default(), false);
    }

    /// Found by the property test: Sydney to Chicago, landing at 03:00 on the date the person
    /// woke on in Sydney. The jet-lag sleep's local 07:50 was lived in both cities, and neither
    /// pass overlaps the night before: the heart rate says which was a sleep.
    #[test]
    fn a_sleep_on_a_date_lived_twice_is_the_pass_with_a_sleepers_heart_rate() {
        found(
            3_354_323_906_810,
            (3, 0, 1),
            &[(1, 8, 0, 2)],
            Lies {
                sleep_table_local_as_utc: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the property test: Sydney to St John's, with sleep from a table that writes
    /// local time as UTC. A nap at 01:40 just after landing was read in Sydney's pass of that
    /// hour, overlapped the night before, and was dropped as its other version.
    #[test]
    fn a_table_nap_on_a_date_lived_twice_is_kept_in_its_own_pass() {
        found(
            13_008_155_064_101_344_939,
            (3, 6, 2),
            &[(1, 3, 5, 2)],
            Lies {
                sleep_table_local_as_utc: true,
                ..Lies::default()
            },
            true,
        );
    }

    /// Found by the property test: Sydney to Auckland in the night, and the next date not worn.
    /// The landing day's file ends 7 s before Auckland's midnight, and nothing after it meets
    /// that edge: the flight inside the file is what says the clock changed.
    #[test]
    fn a_day_file_with_a_flight_inside_ends_on_the_clock_it_landed_on() {
        found(
            9_838_225_330_506_391_863,
            (3, 3, 1),
            &[(0, 17, 6, 2)],
            Lies::default(),
            false,
        );
    }

    /// Found by the property test: St John's to Berlin the day before Berlin's fall-back night.
    /// A sleep that starts at 02:42 in the repeated hour and ends at 10:18, its wall-clock span
    /// its duration: it started in the second pass, on the clock it ended on.
    #[test]
    fn a_sleep_starting_in_the_repeated_hour_takes_the_pass_of_its_end() {
        found(
            4_461_469_789_075_749_864,
            (5, 1, -1),
            &[(1, 3, 1, 2)],
            Lies::default(),
            false,
        );
    }

    /// Found by the property test: Auckland to London, sleep from a table that writes local time
    /// as UTC. A nap at 14:10 before the flight and the London night from 10:01 to 17:51 name
    /// each other's hours: the night's heart rate places it in London first, and then the nap
    /// has one pass left that overlaps nothing, Auckland's.
    #[test]
    fn sleeps_on_a_date_lived_twice_are_placed_one_by_the_other() {
        found(
            1_008_134_162_203_746_588,
            (6, 1, 1),
            &[(1, 7, 2, 2)],
            Lies {
                sleep_table_local_as_utc: true,
                ..Lies::default()
            },
            true,
        );
    }

    /// Found by the property test: Honolulu to Sydney, then a date not worn. Its minutes long
    /// after the last day file fell to the profile's zone (Honolulu), which put them back on
    /// the day before, a day Sydney's midnight had closed: the last clock seen stands instead.
    #[test]
    fn minutes_after_the_last_worn_day_of_a_trip_stay_on_its_clock() {
        found(
            17_790_047_009_521_883_514,
            (7, 2, 1),
            &[(1, 0, 3, 2)],
            Lies::default(),
            false,
        );
    }

    /// Found by the property test: London's spring-forward night from a lying table alone (its
    /// start's `+00:00` is true in winter, its end's is not): every time of the night is re-read.
    #[test]
    fn a_lying_table_night_across_spring_forward_is_placed_exactly() {
        found(
            11_432_021_422_699,
            (2, 5, 0),
            &[],
            Lies {
                sleep_table_local_as_utc: true,
                ..Lies::default()
            },
            true,
        );
    }

    /// Found by the property test: St John's to Chicago, then Chicago's fall-back night, then
    /// a two-hour pause in the evening (a flight within the zone). The pause is outside the
    /// window the clues leave open for the change; the clock turned at 02:00 by the rules.
    #[test]
    fn a_pause_outside_the_clues_window_is_not_where_the_clock_fell_back() {
        found(
            4_840_966_005_849_092_931,
            (5, 2, -1),
            &[(0, 14, 0, 2), (3, 0, 0, 2)],
            Lies::default(),
            false,
        );
    }

    /// Found by the long run: St John's to Chicago, Chicago's fall-back night, and a flight
    /// to Berlin that evening. The Chicago day file has no midnight at its end (the flight
    /// cut it), so its start's clock was carried to its end unchanged, and the night's sleep
    /// log (−06:00, Chicago after the switch) was judged a lie: 07:00 UTC on kept −05:00. A
    /// clock not the profile's now switches by the DST rules of a zone with its offset, where
    /// a credible clue on the far side of the switch says so.
    #[test]
    fn a_visited_zones_fall_back_before_a_flight_out_follows_its_rules() {
        found(
            4_840_966_005_849_092_931,
            (5, 2, -1),
            &[(0, 14, 0, 2), (3, 0, 1, 2)],
            Lies {
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run: Berlin to London on 9 March, with a sleep table writing local
    /// time as UTC (`+00:00`, London's offset too). The hour back was taken for a DST switch
    /// at 02:00 Berlin, where no zone with those offsets switches in March: the night's heart
    /// rate went to +00:00 five hours before the flight. A switch by the rules is now one on
    /// its rule day only.
    #[test]
    fn an_hour_back_in_march_is_a_flight_not_a_dst_switch() {
        found(
            16_369_377_109,
            (1, 0, 0),
            &[(1, 8, 2, 2)],
            Lies {
                sleep_table_local_as_utc: true,
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run: Kolkata to St John's, landing on a date lived twice, with day
    /// files keyed by the wall clock. A 30-minute afternoon nap's local start names both
    /// passes; neither overlaps another sleep, and the heart rates of the two differ by less
    /// than a sleeper's 10 bpm. The steps do: a person asleep takes none.
    #[test]
    fn a_nap_on_a_date_lived_twice_is_the_pass_without_steps() {
        found(
            1_324_026_906_183_273_803,
            (4, 7, 1),
            &[(2, 4, 5, 3)],
            Lies {
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run (seed 91): Berlin's spring-forward window (26 to 29 March) with
    /// heart rate from the CSV alone and a sleep table writing local time as UTC.
    #[test]
    fn berlin_spring_forward_csv_only_with_a_lying_table() {
        found(
            12_907_150_051_772_954_426,
            (1, 5, -2),
            &[],
            Lies {
                sleep_table_local_as_utc: true,
                heart_rate_csv_only: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// The fifth person's export without its heart-rate day files (a HealthKit-fed account
    /// has only the CSV): the sleep table writes local time as `+00:00`, and no day file's
    /// midnight is near its nights to say otherwise. The steps do: at the instants the table
    /// gives, the person was walking through the evening, and the same wall-clock hours under
    /// the zone's clock hold none. Chicago for a week (every night's claim tested), and London
    /// for October: its summer nights' steps give the table away, so its `+00:00` on the night
    /// the clock went back (true there for the night's second half, and not testable by steps)
    /// loses too, and every reading of the 25-hour day is placed exactly.
    #[test]
    fn a_table_writing_local_time_as_utc_loses_to_the_steps_without_day_files() {
        let lies = Lies {
            sleep_table_local_as_utc: true,
            heart_rate_csv_only: true,
            ..Lies::default()
        };
        for (zone, from, to) in [
            (chrono_tz::America::Chicago, "2026-02-02", "2026-02-09"),
            (chrono_tz::Europe::London, "2025-10-01", "2025-10-31"),
        ] {
            let mut p = fitdata_synth::Person::with_home(5, zone, zone);
            p.first_day = d(from) - chrono::Duration::days(400);
            // Sleep from the JSON or the tables; steps from the JSON or (a 2026 export) the
            // monthly CSV only.
            let omits: [&[&str]; 3] = [&[], &["sleep-"], &["sleep-", "steps-"]];
            for omit in omits {
                let said = imports_the_truth(&p, &[(d(from), d(to))], lies, omit)
                    .unwrap_or_else(|e| panic!("{zone} (without {omit:?}): {e}"));
                assert!(
                    said.iter()
                        .any(|s| s.contains(
                            "the sleep log offset said UTC+00:00, the profile time zone said UTC"
                        ) && s.contains("the steps recorded then show the person up")),
                    "{said:?}"
                );
            }
        }
    }

    /// Heart rate from the CSV alone (a HealthKit-fed account), with flights: the pause in its
    /// readings (real UTC) is where the clock turned, not halfway between the sleeps of each
    /// clock. Sydney to Kolkata, landing at 19:46 UTC: the morning after took Sydney's clock,
    /// its nearest clue, the evening before. Honolulu to London overnight, the pause across a
    /// UTC midnight and so across two files: the afternoon before it took London's. And the
    /// minute steps, read before that CSV, of the dates near a trip waited for it. Of 300
    /// such exports (no lying sleep table), 96 were wrong before, 10 after.
    #[test]
    fn a_flight_without_heart_rate_day_files_turns_the_clock_in_the_csvs_pause() {
        let csv_only = Lies {
            heart_rate_csv_only: true,
            local_sorted_days: true,
            ..Lies::default()
        };
        found(
            15_192_431_580_724_875_166,
            (3, 2, 1),
            &[(0, 19, 4, 6), (3, 11, 2, 6)],
            csv_only,
            false,
        );
        found(
            3_380_429_104_531_691_400,
            (7, 0, 2),
            &[(2, 4, 2, 9), (3, 16, 5, 4)],
            Lies {
                empty_files: true,
                ..csv_only
            },
            false,
        );
    }

    /// Found by the long run (1,000 cases, seed 91), heart rate from the CSV alone: Berlin to
    /// St. John's, whose clock went forward two days later. No day file brackets that night;
    /// the clues on either side (the sleeps, -03:30 then -02:30) had the clock turn halfway
    /// between them, not at 02:00 by the rules of a zone with those offsets, as a day file's
    /// edges do. The same for Kolkata to New York with the sleep from the tables.
    #[test]
    fn a_trips_dst_night_without_day_files_turns_by_its_rules() {
        let csv_only = Lies {
            heart_rate_csv_only: true,
            ..Lies::default()
        };
        found(
            3_113_111_131_414_649_762,
            (1, 0, 0),
            &[(0, 8, 5, 2)],
            csv_only,
            false,
        );
        // And back to Berlin a day after that night: the pause the CSV shows then pinned the
        // summer clock 18 hours after a reading, and that edge spoke over the sleeps between,
        // still on winter time; a credible clue between a reading and an edge, saying another
        // clock, now screens the edge.
        found(
            3_113_663_417_584_628_162,
            (1, 0, -1),
            &[(0, 8, 5, 2), (2, 18, 1, 7)],
            csv_only,
            false,
        );
        found(
            9_664_139_310_737_927_565,
            (4, 0, -1),
            &[(0, 14, 9, 4)],
            Lies {
                local_sorted_days: true,
                wall_clock_keyed_days: true,
                calories_json_local: true,
                ..csv_only
            },
            true,
        );
    }

    /// The steps held for the end and the heart-rate CSV held for the next file are not
    /// stored yet: an import cut off after any file and resumed hands over every day the
    /// uncut run does, none lost (the page merges what comes twice). The resumed run reads the
    /// stored files again quietly, which holds their steps again for its own end.
    #[test]
    fn a_cut_off_import_of_held_steps_resumes_without_losing_them() {
        let c = Case {
            seed: 15_192_431_580_724_875_166,
            home: 3,
            window: 2,
            shift: 1,
            trips: vec![(0, 19, 4, 6), (3, 11, 2, 6)],
            lies: Lies {
                heart_rate_csv_only: true,
                ..Lies::default()
            },
            sleep_from_tables: false,
        };
        let (p, ranges) = traveller(&c);
        let fs = fitdata_synth::export::files_with(&p, Layout::TakeoutFitbit, &ranges, c.lies);
        let listing = listing_of(&fs);
        // Every day handed over, by type, date and recorder, pieces merged as the page does.
        type Got = BTreeMap<(Kind, NaiveDate, Option<String>), Payload>;
        let keep = |days: Vec<Day>, got: &mut Got| {
            for d in days {
                let k = (d.kind, d.date, d.origin.and_then(|o| o.recorder));
                let merged = match got.remove(&k) {
                    Some(a) => a.merge(d.payload),
                    None => d.payload,
                };
                got.insert(k, merged);
            }
        };
        let mut all = Got::new();
        let mut whole = Job::new(listing.clone(), 0).unwrap();
        let mut last = Vec::new();
        while let Step::Read { days, .. } = whole.step(|i| Ok(fs[i].1.clone())) {
            last = days.iter().map(|d| d.kind).collect();
            keep(days, &mut all);
        }
        // Steps were held for the end (the dates near the trips).
        assert!(last.contains(&Kind::Steps));
        for cut in 1..listing.len() {
            let mut first = Job::new(listing.clone(), 0).unwrap();
            let mut got = Got::new();
            for _ in 0..cut {
                if let Step::Read { days, .. } = first.step(|i| Ok(fs[i].1.clone())) {
                    keep(days, &mut got);
                }
            }
            let mut resumed = Job::new(listing.clone(), first.data_done()).unwrap();
            while let Step::Read { days, .. } = resumed.step(|i| Ok(fs[i].1.clone())) {
                keep(days, &mut got);
            }
            for (k, v) in &all {
                assert_eq!(got.get(k), Some(v), "cut after {cut} files: {k:?}");
            }
        }
    }

    /// Found by the long run (2,000 cases, shrunk), an export that tells no lie: Chicago's
    /// fall-back night, then a flight to New York that evening. The day file starts and ends
    /// at -05:00 (Chicago's summer time, New York's winter time), so the clock was taken as
    /// unchanged all day, and the hours of Chicago's standard time between the switch and the
    /// flight kept -05:00. Now the zone's rules hold up to the flight's pause.
    #[test]
    fn a_dst_night_then_a_flight_back_onto_the_same_offset() {
        found(0, (0, 2, 0), &[(2, 0, 9, 2)], Lies::default(), false);
    }

    /// Found by the long run (2,000 cases), an export that tells no lie: New York (its
    /// fall-back night) to Kiritimati, across the date line, then a day not worn and on to
    /// Berlin. The landing date's file ends at Kiritimati's midnight, an edge not believed
    /// alone, waiting for the next file to meet it; the next file, a 37-hour date after the
    /// day not worn, forgot it (edges were kept two days) before the held day was placed, so
    /// the landing evening took New York's clock. Edges are now kept four days.
    #[test]
    fn a_landing_days_midnight_waits_for_a_file_two_days_on() {
        found(
            4_127_858_860_119_340_336,
            (9, 2, 1),
            &[(1, 5, 8, 2), (3, 0, 1, 2)],
            Lies::default(),
            false,
        );
    }

    /// Found by the long run (2,000 cases): Auckland to Kolkata, landing after the next
    /// date's midnight there. The generator napped that date at 14:10 on Auckland's clock (the
    /// one the date began in the air with), 06:40 in Kolkata; the nap is now at 14:10 on the
    /// clock in force, and the import places it there, at +05:30.
    #[test]
    fn a_nap_on_a_date_begun_in_the_air_is_on_the_clock_landed_on() {
        found(
            9_473_042_415_036_996_937,
            (6, 0, 0),
            &[(0, 19, 4, 9)],
            Lies {
                sleep_table_local_as_utc: true,
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run (2,000 cases): Kiritimati to London, a day not worn, then London
    /// to Berlin on the next day's morning. That day's file starts at London's midnight and
    /// ends at Berlin's; no clue was within reach of its start (no sleep the day not worn nor
    /// the night of the flight), so its start took the clock of its other end, after the
    /// flight: five hours of London's night at +01:00. The start's midnight is now believed
    /// where it continues the clock the day files last pinned, with nothing since saying
    /// another.
    #[test]
    fn a_day_after_one_not_worn_starts_on_the_clock_last_seen() {
        found(
            3_193_529_461_579_783_591,
            (8, 0, -1),
            &[(0, 0, 2, 2), (2, 6, 1, 2)],
            Lies {
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            false,
        );
    }

    /// Found by the long run (2,000 cases): Honolulu to Kiritimati, across the date line
    /// eastwards, landing on the morning of a date the old clock never reached. The generator
    /// gave the day before a nap at its 14:10 on Honolulu's clock, which is the next date's
    /// 14:10 in Kiritimati: the same nap twice in the truth. A nap now belongs to the date its
    /// own clock shows, so the import's one nap is the truth's one.
    #[test]
    fn a_nap_across_the_date_line_is_the_next_dates_once() {
        found(
            1_923_055_397_801_100_615,
            (7, 7, 0),
            &[(0, 18, 8, 2)],
            Lies {
                wall_clock_keyed_days: true,
                ..Lies::default()
            },
            true,
        );
    }
}

/// Weight to the gram: where `weight.csv` twins the JSON's pounds (to one decimal) it gives
/// the digits, and where the export has no JSON copy it is the weight, each weigh-in on the
/// local date the evidence puts it.
#[test]
fn weight_keeps_every_digit_the_export_has() {
    let p = demo::person();
    let ranges = [(d("2026-06-01"), d("2026-06-30"))];
    for drop_json in [false, true] {
        let mut fs = files(&p, Layout::TakeoutFitbit, &ranges);
        if drop_json {
            fs.retain(|(path, _)| !path.rsplit('/').next().unwrap().starts_with("weight-"));
        }
        let (days, job) = import_files(&fs);
        let mut compared = 0;
        for date in ranges[0].0.iter_days().take_while(|x| *x <= ranges[0].1) {
            let truth = p.weigh_in(date).map(|w| w.weight_kg);
            let got = match days.get(&(Kind::Daily(Metric::Weight), date)) {
                Some(Payload::Daily(v)) => v.first().map(|x| x.value),
                _ => None,
            };
            assert_eq!(truth, got, "{date} (JSON dropped: {drop_json})");
            compared += usize::from(truth.is_some());
        }
        assert!(compared >= 4, "{compared}");
        let r = job.report();
        assert_eq!(
            r.files_read + r.files_checked + r.skipped.len() as u32,
            fs.len() as u32
        );
    }
}

/// Two overlapping exports: the newer wins the days both hold, whichever is imported last.
#[test]
fn the_newer_export_wins_and_an_older_one_only_fills() {
    use super::Overlap;
    let (a, b) = (d("2026-03-31"), d("2026-06-30"));
    assert_eq!(Overlap::of(None, Some(a)), Overlap::First);
    assert_eq!(Overlap::of(Some(a), None), Overlap::First);
    assert_eq!(
        Overlap::of(Some(a), Some(b)),
        Overlap::Newer { before: a, now: b }
    );
    // The same export again is as recent as itself: its days replace their copies.
    assert_eq!(
        Overlap::of(Some(a), Some(a)),
        Overlap::Newer { before: a, now: a }
    );
    let older = Overlap::of(Some(b), Some(a));
    assert_eq!(older, Overlap::Older { before: b, now: a });
    assert_eq!(older.newest(Some(a)), Some(b));
    assert_eq!(Overlap::of(Some(a), Some(b)).newest(Some(b)), Some(b));
    assert_eq!(Overlap::First.newest(Some(a)), Some(a));
    assert_eq!(Overlap::First.note(1, 2), None);
    assert_eq!(
        older.note(7, 40).unwrap(),
        "This export reaches 2026-03-31, older than the one imported before (2026-06-30). The newer export wins: 40 day records both hold were left as the newer one has them, and 7 that only this one has were added."
    );
    // How recent an export is: the newest date its data files name (not the tables').
    let p = fitdata_synth::Person::berlin(3);
    let fs = fitdata_synth::export::files(
        &p,
        Layout::TakeoutFitbit,
        &[(d("2026-05-02"), d("2026-05-09"))],
    );
    let job = Job::new(listing_of(&fs), 0).unwrap();
    assert_eq!(job.newest_named_date(), Some(d("2026-05-09")));
}
