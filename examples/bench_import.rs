//! `make bench`: the import's parser on the host, over the synthetic person's three months as
//! a Google Takeout (in memory): MB/s of unpacked export, without the browser around it.

use fitdata::sources::import::job::{Job, Step};
use fitdata::sources::import::layout::listing_of;
use fitdata_synth::export::{files, Layout};
use std::time::Instant;

fn main() {
    let person = fitdata::sources::demo::person();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let fs = files(
        &person,
        Layout::TakeoutFitbit,
        &[(day("2026-06-01"), day("2026-08-31"))],
    );
    let bytes: usize = fs.iter().map(|(_, b)| b.len()).sum();
    let listing = listing_of(&fs);
    let started = Instant::now();
    let Ok(mut job) = Job::new(listing, 0) else {
        eprintln!("not an export");
        return;
    };
    let (mut days, mut sent) = (0usize, 0usize);
    let mut encoding = std::time::Duration::ZERO;
    loop {
        match job.step(|i| Ok(fs[i].1.clone())) {
            Step::Read { days: d, .. } => {
                days += d.len();
                // What the worker sends the page: each payload's bytes (`RawDay::of`).
                let e = Instant::now();
                sent += d
                    .into_iter()
                    .filter_map(|day| fitdata::model::codec::encode(&day.payload.finite()))
                    .map(|b| b.len())
                    .sum::<usize>();
                encoding += e.elapsed();
            }
            Step::Failed { .. } => {}
            Step::Done => break,
        }
    }
    let s = started.elapsed().as_secs_f64();
    let parse = s - encoding.as_secs_f64();
    println!(
        "{:<64} {:>6.0} ms  {:.0} MB/s (encoding the days for the page: {:.0} ms)",
        "  of which reading and decoding the files",
        parse * 1000.0,
        bytes as f64 / 1e6 / parse,
        encoding.as_secs_f64() * 1000.0
    );
    println!(
        "{:<64} {:>6.0} ms  {:.0} MB/s over {:.0} MB unpacked ({days} day records, {:.0} MB of payload bytes to the page)",
        "import parser (host), 3 months of Takeout, every reading",
        s * 1000.0,
        bytes as f64 / 1e6 / s,
        bytes as f64 / 1e6,
        sent as f64 / 1e6
    );
}
