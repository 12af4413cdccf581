//! The synthetic person's history as a downloadable export (`fitdata_synth::export`): a ZIP
//! in any layout for tests, `make demo` and `make bench` to import, or its files listed one by
//! one (base64) for a test that opens an unzipped folder.

use crate::state::Shared;
use crate::wire::json;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::NaiveDate;
use fitdata_synth::export::{files_with, Layout, Lies};
use serde::Deserialize;
use serde_json::json;
use std::io::Write;

#[derive(Deserialize)]
pub struct ExportQuery {
    /// A `Layout` key; Takeout (Fitbit) by default.
    layout: Option<String>,
    /// First and last date, inclusive (the person's whole history by default).
    from: Option<String>,
    to: Option<String>,
    /// Cut the archive short (a download that did not finish).
    truncate: Option<bool>,
    /// File-name prefixes to leave out, comma-separated (`steps-,sleep-`: an export without
    /// those JSON copies, as newer Takeouts are).
    omit: Option<String>,
    /// Lies the files tell, comma-separated `export::Lies` field names
    /// (`heart_rate_csv_only`: a HealthKit account's heart rate, two recorders in the CSV).
    lies: Option<String>,
}

type Files = Vec<(String, Vec<u8>)>;

fn generate(s: &Shared, q: &ExportQuery) -> Result<(Layout, Files), String> {
    let layout = match q.layout.as_deref() {
        None => Layout::TakeoutFitbit,
        Some(k) => Layout::from_key(k).ok_or_else(|| format!("unknown layout {k:?}"))?,
    };
    let date = |v: &Option<String>, default: NaiveDate| match v {
        None => Ok(default),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| format!("bad date {t:?}")),
    };
    let st = s.lock();
    let today = chrono::DateTime::from_timestamp(st.now(), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let from = date(&q.from, st.person.first_day)?;
    let to = date(&q.to, today.pred_opt().unwrap_or(today))?;
    let omit: Vec<&str> = q
        .omit
        .as_deref()
        .map(|o| o.split(',').filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let lies = match q.lies.as_deref() {
        None => Lies::default(),
        Some(k) => Lies::from_keys(k).ok_or_else(|| format!("unknown lie in {k:?}"))?,
    };
    let mut fs = files_with(&st.person, layout, &[(from, to)], lies);
    fs.retain(|(path, _)| {
        let name = path.rsplit('/').next().unwrap_or(path);
        !omit.iter().any(|p| name.starts_with(p))
    });
    Ok((layout, fs))
}

/// Packs files as a Takeout-like ZIP (deflated).
pub fn zip_files(fs: &Files) -> Result<Vec<u8>, String> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (path, bytes) in fs {
        w.start_file(path.as_str(), opts)
            .map_err(|e| e.to_string())?;
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    w.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

pub async fn zip(State(s): State<Shared>, Query(q): Query<ExportQuery>) -> Response {
    let result = generate(&s, &q).and_then(|(layout, fs)| Ok((layout, zip_files(&fs)?)));
    match result {
        Ok((layout, mut bytes)) => {
            if q.truncate == Some(true) {
                bytes.truncate(bytes.len() / 2);
            }
            (
                [
                    (header::CONTENT_TYPE, "application/zip".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!(
                            "attachment; filename=\"fitdata-sample-{}.zip\"",
                            layout.key()
                        ),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({ "error": e })),
    }
}

pub async fn listing(State(s): State<Shared>, Query(q): Query<ExportQuery>) -> Response {
    match generate(&s, &q) {
        Ok((_, fs)) => {
            let b64 = base64::engine::general_purpose::STANDARD;
            let list: Vec<_> = fs
                .iter()
                .map(|(p, b)| json!({"path": p, "base64": b64.encode(b)}))
                .collect();
            json(StatusCode::OK, &list)
        }
        Err(e) => json(StatusCode::BAD_REQUEST, &json!({ "error": e })),
    }
}
