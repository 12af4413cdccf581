//! `make bench`: how long the app takes to parse and normalize the heaviest answers (a day of
//! 1-second heart rate from each API), and how many requests a backfilled day costs per
//! provider. Native release build; the browser's wasm is slower by a constant factor.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    native::run();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use chrono::NaiveDate;
    use fitdata::config::Source;
    use fitdata::model::derive;
    use fitdata::model::Kind;
    use fitdata::sources::{fitbit, google};
    use fitdata::sync::plan as backfill;
    use std::collections::BTreeSet;
    use std::fmt::Write;
    use std::time::Instant;

    const RUNS: usize = 7;
    const DAY: &str = "2026-03-29"; // a spring-forward day: 23 hours of local time
    const START: i64 = 1_774_738_800; // 2026-03-29T00:00+01:00

    fn median(mut ms: Vec<f64>) -> f64 {
        ms.sort_by(f64::total_cmp);
        ms[ms.len() / 2]
    }

    fn time<T>(label: &str, mut f: impl FnMut() -> T, detail: impl Fn(&T) -> String) {
        let mut ms = Vec::new();
        let mut last = None;
        for _ in 0..RUNS {
            let t = Instant::now();
            last = Some(f());
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let d = last.as_ref().map(&detail).unwrap_or_default();
        println!("{label:<62} median {:>7.1} ms  ({d})", median(ms));
    }

    fn bpm(i: i64) -> i64 {
        60 + (i * 7919 % 61)
    }

    /// Fitbit's 1sec intraday body for the whole day: 86,400 rows (the skipped spring-forward
    /// hour is in the body as Fitbit would write it, and dropped by the decoder).
    fn fitbit_body() -> String {
        let mut s = String::from(
            r#"{"activities-heart":[{"dateTime":"2026-03-29","value":{"restingHeartRate":58}}],"activities-heart-intraday":{"dataset":["#,
        );
        for i in 0..86_400i64 {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(
                s,
                r#"{{"time":"{:02}:{:02}:{:02}","value":{}}}"#,
                i / 3600,
                i / 60 % 60,
                i % 60,
                bpm(i)
            );
        }
        s.push_str(r#"],"datasetInterval":1,"datasetType":"second"}}"#);
        s
    }

    /// Google list pages of 10,000 points covering a day of 1-second readings (82,800 seconds
    /// on this 23-hour day), newest first as the API lists them.
    fn google_pages() -> Vec<String> {
        let total = 82_800i64;
        let mut pages = Vec::new();
        let mut i = total - 1;
        while i >= 0 {
            let mut s = String::from(r#"{"dataPoints":["#);
            let mut n = 0;
            while i >= 0 && n < 10_000 {
                let t = START + i;
                let offset = if t < 1_774_746_000 { 3600 } else { 7200 };
                let phys = chrono::DateTime::from_timestamp(t, 0)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .unwrap_or_default();
                if n > 0 {
                    s.push(',');
                }
                let _ = write!(
                    s,
                    r#"{{"name":"p{i}","dataSource":{{"recordingMethod":"PASSIVELY_MEASURED","platform":"FITBIT"}},"heartRate":{{"sampleTime":{{"physicalTime":"{phys}","utcOffset":"{offset}s"}},"beatsPerMinute":"{}","metadata":{{"motionContext":"SEDENTARY"}}}}}}"#,
                    bpm(i)
                );
                n += 1;
                i -= 1;
            }
            let _ = write!(
                s,
                r#"],"nextPageToken":"{}"}}"#,
                if i >= 0 { "next" } else { "" }
            );
            pages.push(s);
        }
        pages
    }

    pub fn run() {
        let day = NaiveDate::parse_from_str(DAY, "%Y-%m-%d").unwrap_or_default();
        let berlin = &fitdata::model::zone::Zone::tzdb("Europe/Berlin")
            .unwrap_or_else(fitdata::model::zone::Zone::utc);
        let fb = fitbit_body();
        println!("parse + normalize, native release build, median of {RUNS} runs");
        time(
            &format!(
                "Fitbit 1sec HR day, 86,400 rows, {:.1} MB",
                fb.len() as f64 / 1e6
            ),
            || fitbit::series::heart_rate(&fb, berlin, day).map(|s| derive::mean_per(&s, 60).len()),
            |r| format!("{:?} minute means", r.as_ref().ok()),
        );
        time(
            "  of which JSON decode + zone resolution only",
            || fitbit::series::heart_rate(&fb, berlin, day).map(|s| s.len()),
            |r| format!("{:?} samples", r.as_ref().ok()),
        );
        let pages = google_pages();
        let bytes: usize = pages.iter().map(String::len).sum();
        time(
            &format!(
                "Google HR day, {} pages of 10,000 points, {:.1} MB",
                pages.len(),
                bytes as f64 / 1e6
            ),
            || {
                let mut all = Vec::new();
                for p in &pages {
                    if let Ok((items, _)) = google::points::heart_rate(p) {
                        all.extend(items);
                    }
                }
                all.reverse();
                let days = derive::samples_by_day(all);
                days.values()
                    .map(|s| derive::mean_per(s, 60).len())
                    .sum::<usize>()
            },
            |n| format!("{n} minute means"),
        );
        println!();
        println!(
            "requests per backfilled day (1-min HR, steps, sleep, resting HR; 365 days, nothing cached)"
        );
        let from = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap_or_default();
        let four = [Kind::HeartRate1m, Kind::Steps, Kind::Sleep, Kind::RESTING];
        let every = Kind::exportable();
        for (what, kinds) in [
            ("the four above", four.as_slice()),
            ("all 15 exportable types", &every),
        ] {
            println!("  {what}:");
            for kind in fitdata::config::Provider::ALL.map(Source::from) {
                let jobs = backfill::plan(kind, kinds, from, to, |_| BTreeSet::new());
                let n = backfill::requests(kind, &jobs);
                let exact = if kind == Source::Fitbit {
                    "exact"
                } else {
                    "estimated from 10,400 HR points a day"
                };
                println!(
                    "    {:<28} {n:>5} requests, {:.2} per day ({exact})",
                    kind.label(),
                    n as f64 / 365.0
                );
            }
        }
    }
}
