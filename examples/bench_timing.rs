//! `make bench`: Sleep timing over ten years of the synthetic person's nights, on the host:
//! the minute epochs, the periodogram and its refined period, the months, and the actogram's
//! blocks (issue #30's goals: the periodogram of ten years in ≤ 300 ms). scipy's Lomb–Scargle
//! on the same binned series (20–28 h in 0.1 h steps) is timed beside it when the test
//! environment has it.

use fitdata::model::sleep_timing::{self, binned, Clock};
use fitdata::model::{Kind, Payload, SleepSession};
use std::time::Instant;

fn main() {
    let mut person = fitdata::sources::demo::person();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let (from, to) = (day("2016-10-01"), day("2026-09-30"));
    person.first_day = from;
    let t = Instant::now();
    let nights: Vec<SleepSession> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .flat_map(
            |d| match fitdata::sources::demo::day(&person, Kind::Sleep, d) {
                Payload::Sleep(s) => s,
                _ => Vec::new(),
            },
        )
        .collect();
    let generated = t.elapsed();
    let rows = (to - from).num_days() as usize + 1;
    let t = Instant::now();
    let start = from.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() - 12 * 3600;
    let e = sleep_timing::epochs(&nights, start, rows * 1440);
    let epochs_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let peak = sleep_timing::rhythm(&e);
    let period_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let a = sleep_timing::analyse(&nights, &[], (from, to), Clock::Local, false);
    let analyse_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "{:<64} {:>6} rows, {} sleeps ({} ms to generate)",
        "Sleep timing, ten years of the synthetic person",
        rows,
        nights.len(),
        generated.as_millis()
    );
    println!(
        "{:<64} {epochs_ms:>6.0} ms",
        "  minute epochs (5.3 million)"
    );
    println!(
        "{:<64} {period_ms:>6.0} ms  ({} h, strength {:.1}; goal ≤ 300 ms)",
        "  periodogram, 10-minute bins, period refined in 2-minute bins",
        peak.map_or("none".into(), |p| format!("{:.2}", p.period_h)),
        peak.map_or(0.0, |p| p.strength)
    );
    println!(
        "{:<64} {analyse_ms:>6.0} ms  ({} blocks, {} months)",
        "  the whole analysis (actogram, index, timing, period, months)",
        a.blocks.len(),
        a.months.len()
    );
    // scipy's Lomb–Scargle on the same 10-minute series, 20–28 h in 0.1 h steps.
    let python =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/pyclient/bin/python");
    let series: Vec<(f64, f64)> = binned(&e, 10)
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64 / 6.0, v)))
        .collect();
    let script = "import json, sys, time, numpy as np\n\
from scipy.signal import lombscargle\n\
s = np.array(json.load(sys.stdin))\n\
periods = np.arange(20.0, 28.0, 0.1)\n\
t = time.perf_counter()\n\
power = lombscargle(s[:, 0], s[:, 1] - s[:, 1].mean(), 2 * np.pi / periods)\n\
print(f'{(time.perf_counter() - t) * 1000:.0f} {periods[int(np.argmax(power))]:.2f}')";
    let run = std::process::Command::new(&python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let answer = run.ok().and_then(|mut child| {
        let json = serde_json::to_string(&series).ok()?;
        std::io::Write::write_all(&mut child.stdin.take()?, json.as_bytes()).ok()?;
        let out = child.wait_with_output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    match answer.as_deref().and_then(|a| a.split_once(' ')) {
        Some((ms, period)) => println!(
            "{:<64} {ms:>6} ms  ({period} h; ours ÷ scipy's: {:.2}×)",
            "  scipy.signal.lombscargle on the same series (80 periods)",
            period_ms / ms.parse::<f64>().unwrap_or(f64::NAN)
        ),
        None => println!(
            "  scipy.signal.lombscargle: skipped (make setup installs it into .cache/pyclient)"
        ),
    }
}
