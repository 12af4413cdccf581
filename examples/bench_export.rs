//! `make bench`: a year of heart rate at every reading (the synthetic person's, one a few
//! seconds) written as the export writes it: CSV rows, and Parquet row groups of four days
//! (from the readings' numbers, as the worker writes them), on the host. pandas' `to_parquet` (pyarrow, Snappy) of the same rows, built from the CSV
//! before the clock starts, is timed beside it when the test environment has it (issue #32:
//! faster than pandas, and at most a quarter of the CSV's bytes).

use fitdata::export::{day_csv, parquet_name, ParquetFile};
use fitdata::model::{Kind, Payload};
use std::time::Instant;

fn main() {
    let person = fitdata::sources::demo::person();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    let (from, to) = (day("2025-10-01"), day("2026-09-30"));
    let dates: Vec<_> = from.iter_days().take_while(|d| *d <= to).collect();
    let t = Instant::now();
    let days: Vec<_> = dates
        .iter()
        .map(|d| fitdata::sources::demo::day(&person, Kind::HeartRate, *d))
        .collect();
    let generated = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut csv = Vec::new();
    let mut rows = 0usize;
    for p in &days {
        let Ok(r) = day_csv(Kind::HeartRate, p, "demo", None) else {
            return eprintln!("a day could not be written");
        };
        rows += r.iter().filter(|b| **b == b'\n').count();
        csv.extend(r);
    }
    let csv_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let Ok(mut file) = ParquetFile::new(Kind::HeartRate, fitdata::model::kind::Table::Records)
    else {
        return eprintln!("no Parquet writer");
    };
    let mut parquet = Vec::new();
    let labels = [("recorded".to_string(), "demo".to_string())];
    for chunk in days.chunks(4) {
        // As the worker does: readings straight from their numbers.
        let rows: Vec<_> = chunk
            .iter()
            .flat_map(|p| match p {
                Payload::Samples(v) => v.clone(),
                _ => Vec::new(),
            })
            .map(|s| (s.t, s.offset, None, s.value, 0))
            .collect();
        if file.instants(&rows, &labels).is_err() {
            return eprintln!("a row group could not be written");
        }
        parquet.extend(file.take());
    }
    match file.finish() {
        Ok(rest) => parquet.extend(rest),
        Err(e) => return eprintln!("{e}"),
    }
    let parquet_s = t.elapsed().as_secs_f64();

    println!(
        "{:<64} {rows} rows ({generated:.1} s to generate)",
        "export: a year of heart rate at every reading"
    );
    println!(
        "  CSV:     {:>7.0} ms, {:>6.1} MB",
        csv_s * 1e3,
        csv.len() as f64 / 1e6
    );
    println!(
        "  Parquet: {:>7.0} ms, {:>6.1} MB ({:.2}x the CSV's bytes; rows and row groups)",
        parquet_s * 1e3,
        parquet.len() as f64 / 1e6,
        parquet.len() as f64 / csv.len() as f64
    );
    let python =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/pyclient/bin/python");
    let dir = std::env::temp_dir().join("fitdata-bench-export");
    let _ = std::fs::create_dir_all(&dir);
    let csv_path = dir.join("heart_rate.csv");
    let header = fitdata::export::header(Kind::HeartRate).join(",");
    let mut with_header = format!("{header}\n").into_bytes();
    with_header.extend(&csv);
    if std::fs::write(&csv_path, with_header).is_err() || !python.exists() {
        return println!("  pandas to_parquet: skipped (make setup installs pandas and pyarrow)");
    }
    let _ = std::fs::write(dir.join(parquet_name(Kind::HeartRate)), &parquet);
    // The DataFrame typed as ours is (timestamps, integers, strings) before the clock starts:
    // only to_parquet is timed, as pandas users call it.
    let script = r#"
import sys, time, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"time_basis": str, "source": str})
df["utc_time"] = pd.to_datetime(df["utc_time"], utc=True)
df["local_time"] = pd.to_datetime(df["local_time"].str.slice(0, 19))
t = time.perf_counter()
df.to_parquet(sys.argv[2], compression="snappy", index=False)
print(time.perf_counter() - t)
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&csv_path)
        .arg(dir.join("pandas.parquet"))
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let secs: f64 = String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(f64::NAN);
            let size = std::fs::metadata(dir.join("pandas.parquet")).map_or(0, |m| m.len());
            println!(
                "  pandas to_parquet: {:>7.0} ms, {:>6.1} MB; ours takes {:.2}x its time",
                secs * 1e3,
                size as f64 / 1e6,
                parquet_s / secs
            );
        }
        _ => println!("  pandas to_parquet: skipped (it failed to run)"),
    }
}
