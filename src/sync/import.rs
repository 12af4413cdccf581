//! Running an import from the page: the worker (`worker::serve`) reads the export a
//! file at a time; this stores each file's days in the cache as the Import source's, keeps the
//! mark a closed tab's import resumes from, and reports progress. The page keeps two asks
//! ahead of what it has stored, so memory stays flat whatever the archive's size.

use crate::browser::{self, Area, Picked, WorkerHandle};
use crate::config::Source;
use crate::model::Kind;
use crate::sources::import::{ImportError, Overlap, Pending, Saved, PENDING_KEY, SAVED_KEY, USER};
use crate::sources::ApiError;
use crate::sync::cache::{store, DayKey, DayRecord};
use crate::sync::recorders;
use crate::worker::protocol::{Answer, Progress, RawDay};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportRunError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("The import's background worker failed ({0}). Reload the page and open the export again: what was imported is kept.")]
    Worker(String),
    #[error(transparent)]
    Backup(#[from] crate::sync::backup::BackupError),
}

fn worker_error(e: browser::BrowserError) -> ImportRunError {
    ImportRunError::Worker(e.to_string())
}

/// The cut-off import these files would resume, if they are the same files.
pub fn pending() -> Option<Pending> {
    browser::storage_get(Area::Local, PENDING_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
}

fn signature(files: &[Picked]) -> Vec<(String, u64)> {
    files.iter().map(|p| (p.path.clone(), p.size())).collect()
}

/// What the person chose, by name: each ZIP, or the folder (not its thousands of files).
fn chosen_names(files: &[Picked]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in files {
        let name = match p.path.split_once('/') {
            Some((folder, _)) => folder.to_string(),
            None => p.name(),
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// What an import run has stored, and, for an export older than the one imported before, the
/// day records already stored that it leaves as they are.
#[derive(Default)]
struct Written {
    /// Each (type, day, recorder) stored by this run (`None`: the type's own day).
    this_run: HashSet<(Kind, NaiveDate, Option<String>)>,
    /// The recorders' copies this run stored (`sync::recorders`), by key.
    recorder_ids: HashSet<String>,
    /// The (type, day)s those copies are of.
    recorded: HashSet<(Kind, NaiveDate)>,
    /// The export is older than the one imported before (`Overlap::Older`).
    older: bool,
    /// Keys stored before an older export's run (`Overlap::Older`); empty otherwise.
    kept_keys: HashSet<String>,
    filled: u32,
    kept: u32,
}

/// Stores one file's days, as the worker encoded them: an export does not change, so each is
/// a final record. A (type, day) this run already stored is a day two files share a piece of
/// (CSV files cut at UTC midnight): only those are decoded, and the pieces merged. An older
/// export than the last one imported writes only days not stored before it (`Overlap`).
async fn store_days(days: Vec<RawDay>, w: &mut Written) -> Result<(), ApiError> {
    let now = browser::now_ms();
    let days = RawDay::merge_batch(days);
    let mut items = Vec::with_capacity(days.len());
    for RawDay {
        kind,
        date,
        payload,
        origin,
        ..
    } in days
    {
        let key = DayKey {
            source: Source::Import,
            user: USER.to_string(),
            kind,
            day: date,
        };
        // One recorder's copy of the day (a steps file naming a tracker and a phone) is kept
        // under its own key; the day that counts is written from the copies at the end.
        let recorder = origin.as_ref().and_then(|o| o.recorder.clone());
        let id = match &recorder {
            Some(r) => {
                let id = key.recorder_id(r);
                w.recorder_ids.insert(id.clone());
                w.recorded.insert((kind, date));
                id
            }
            None => key.id(),
        };
        let first_piece = w.this_run.insert((kind, date, recorder.clone()));
        if first_piece && w.older {
            if w.kept_keys.contains(&id) {
                w.kept += 1;
                // Its later pieces are left out too: the stored day stays whole.
                continue;
            }
            w.filled += 1;
        } else if !first_piece && w.kept_keys.contains(&id) {
            continue;
        }
        let bytes = if first_piece {
            DayRecord::final_bytes(&payload, origin.as_ref(), now)
        } else {
            let Some(part) = crate::model::codec::decode(&payload) else {
                continue;
            };
            let stored = match &recorder {
                Some(r) => store::recorder_range(Source::Import, USER, kind, r, date, date)
                    .await
                    .map_err(ApiError::storage)?
                    .pop()
                    .map(|d| d.payload),
                None => store::get(&key)
                    .await
                    .map_err(ApiError::storage)?
                    .map(|r| r.payload),
            };
            let merged = match stored {
                Some(p) => p.merge(part),
                None => part,
            };
            crate::model::codec::encode(&merged.finite())
                .and_then(|p| DayRecord::final_bytes(&p, origin.as_ref(), now))
        };
        if let Some(bytes) = bytes {
            items.push((id, bytes));
        }
    }
    store::put_encoded(items).await.map_err(ApiError::storage)
}

/// After a run that stored recorders' copies: a newer export's days keep only the recorders it
/// holds (a copy an earlier export left of another recorder on those days is deleted), then
/// each day is counted once by the person's order (`sync::recorders::count`). The note for the
/// report, where recorders overlap.
async fn count_recorders(w: &Written) -> Result<Option<String>, ApiError> {
    if w.recorded.is_empty() {
        return Ok(None);
    }
    // The copies' keys, read once: the stale ones go, the rest are counted and described.
    let (stale, keys): (Vec<_>, Vec<_>) = store::recorder_keys(Source::Import, USER)
        .await
        .map_err(ApiError::storage)?
        .into_iter()
        .partition(|(id, kind, _, day)| {
            !w.older && w.recorded.contains(&(*kind, *day)) && !w.recorder_ids.contains(id)
        });
    let stale: Vec<String> = stale.into_iter().map(|(id, ..)| id).collect();
    store::delete(&stale).await.map_err(ApiError::storage)?;
    let priority = recorders::priority();
    recorders::count_keys(Source::Import, USER, &keys, &priority, &w.kept_keys)
        .await
        .map_err(ApiError::storage)?;
    Ok(recorders::held_of(&keys)
        .iter()
        .filter(|h| h.shared_days > 0)
        .map(|h| {
            let names: Vec<&str> = h.recorders.iter().map(|(n, _)| n.as_str()).collect();
            format!(
                "{}: {} days were recorded by more than one device or app ({}). Each day counts one of them, never their sum: {}. Settings → Which recorder counts changes it.",
                h.kind.label(),
                h.shared_days,
                names.join(", "),
                crate::model::recorders::rule_words(priority.order(h.kind)),
            )
        })
        .reduce(|a, b| format!("{a} {b}")))
}

/// Imports `files` (ZIPs, or a folder's files). `cancelled` is asked between two files;
/// `on_progress` hears each step, with the message of a file that was skipped.
pub async fn run(
    files: Vec<Picked>,
    cancelled: impl Fn() -> bool,
    on_progress: impl Fn(&Progress, Option<String>),
) -> Result<Saved, ImportRunError> {
    let sig = signature(&files);
    let done = pending()
        .filter(|p| p.files == sig)
        .map_or(0, |p| p.data_done);
    let worker = WorkerHandle::start(&browser::import_worker()).map_err(worker_error)?;
    let first = worker.reply().await.map_err(worker_error)?.text;
    if !matches!(serde_json::from_str(&first), Ok(Answer::Ready)) {
        return Err(ImportRunError::Worker(format!(
            "it began with {first:.200}"
        )));
    }
    worker.send_files(&files, done).map_err(worker_error)?;
    let mut written = Written::default();
    let before = crate::sources::import::saved_opt().and_then(|s| s.as_of);
    let mut overlap = Overlap::First;
    let mut as_of = None;
    loop {
        let reply = worker.reply().await.map_err(worker_error)?;
        let answer: Answer =
            serde_json::from_str(&reply.text).map_err(|e| ImportRunError::Worker(e.to_string()))?;
        match answer {
            // (Answers to one-off requests go to `worker::client`'s worker, never to an import's.)
            Answer::Ready
            | Answer::Demo { .. }
            | Answer::Route { .. }
            | Answer::Csv { .. }
            | Answer::Zip { .. }
            | Answer::Refused { .. } => {}
            Answer::Listed {
                progress,
                as_of: newest,
            } => {
                as_of = newest;
                overlap = Overlap::of(before, newest);
                written.older = matches!(overlap, Overlap::Older { .. });
                if written.older {
                    // Every import key stored now: those stay as the newer export has them.
                    let prefix = format!("{}/", Source::Import.key());
                    written.kept_keys = browser::idb_keys_between(
                        store::STORE,
                        &prefix,
                        &format!("{prefix}\u{10ffff}"),
                    )
                    .await
                    .map_err(ApiError::storage)?
                    .into_iter()
                    .collect();
                }
                on_progress(&progress, None);
                // Two asks ahead: the worker reads a file while the page decodes and stores
                // the one before (at most two answers wait, so memory stays bounded).
                worker.send("next").map_err(worker_error)?;
                worker.send("next").map_err(worker_error)?;
            }
            Answer::File {
                progress,
                mut days,
                failed,
            } => {
                RawDay::attach(&mut days, &reply.bytes).ok_or_else(|| {
                    ImportRunError::Worker("an answer whose days and bytes differ".into())
                })?;
                // One more ask for each answer: the worker keeps a file ahead of the page.
                if cancelled() {
                    return Err(ImportError::Cancelled.into());
                }
                worker.send("next").map_err(worker_error)?;
                store_days(days, &mut written).await?;
                let mark = Pending {
                    files: sig.clone(),
                    data_done: progress.data_done,
                };
                if let Ok(t) = serde_json::to_string(&mark) {
                    let _ = browser::storage_set(Area::Local, PENDING_KEY, &t);
                }
                on_progress(&progress, failed);
            }
            Answer::Done {
                mut report,
                zone,
                units,
            } => {
                if let Some(note) = count_recorders(&written).await? {
                    report.notes.insert(0, note);
                }
                if let Some(note) = overlap.note(written.filled, written.kept) {
                    report.notes.insert(0, note);
                }
                let saved = Saved {
                    zone,
                    units,
                    report,
                    files: chosen_names(&files),
                    finished_ms: browser::now_ms(),
                    as_of: overlap.newest(as_of),
                };
                if let Ok(t) = serde_json::to_string(&saved) {
                    let _ = browser::storage_set(Area::Local, SAVED_KEY, &t);
                }
                // The account copy the views read (zone, units) follows the new import.
                let _ = browser::storage_remove(
                    Area::Local,
                    &crate::sync::fetch::account_key(Source::Import),
                );
                let _ = browser::storage_remove(Area::Local, PENDING_KEY);
                return Ok(saved);
            }
            Answer::Failed { error } => return Err(error.into()),
            Answer::Backup { manifest } => {
                let r = crate::sync::backup::restore(&manifest, &reply.bytes).await?;
                // The restored import's summary (or this browser's own), with what the
                // restore did at the top of its notes.
                let mut saved = crate::sources::import::saved_opt().unwrap_or_default();
                let when = crate::model::time::utc_day(r.manifest.created_ms)
                    .map_or_else(|| "?".to_string(), |d| d.to_string());
                let mut note = format!(
                    "Restored from the backup saved {when}: {} day records written, {} kept because this browser's copy was the same or newer.",
                    r.written, r.kept
                );
                if r.damaged > 0 {
                    note.push_str(&format!(
                        " {} damaged records were left out: open another copy of the backup to restore them too.",
                        r.damaged
                    ));
                }
                saved.report.notes.insert(0, note);
                saved.files = chosen_names(&files);
                return Ok(saved);
            }
        }
    }
}
