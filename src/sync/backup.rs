//! Backups: every stored day record byte for byte, with the summaries worth keeping (never a
//! token), in a folder of a ZIP (`fitdata-backup/`) that the "Open your export" button
//! restores. The format (`days.bin`, `backup.json`) and the restore's rules are pure and
//! host-tested; saving and restoring against the store are the wasm half below.
//!
//! `days.bin` is a run of records: key length (u32 LE), key, a tag (0 bytes, 1 text: records
//! an older version wrote as JSON text stay text), value length (u32 LE), value, and the
//! first 8 bytes of the SHA-256 of tag, key and value, so a damaged record is found and left
//! out alone. `backup.json` says how many records and bytes there are and their SHA-256.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Its two files, inside the ZIP (named by the worker's protocol, which recognizes them).
pub use crate::worker::protocol::{BACKUP_DAYS as DAYS, BACKUP_MANIFEST as MANIFEST};
/// The format this version writes and reads. A backup of a later format is refused whole.
pub const FORMAT: u32 = 1;
/// The last backup saved in this browser (`Last`).
pub const LAST_KEY: &str = "fitdata.backup.last";
/// Day records stored since the last backup before the panel suggests a new one.
pub const REMIND_AFTER: u32 = 200;

/// A stored value as the store holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Bytes(Vec<u8>),
    Text(String),
}

/// What `backup.json` says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The app version that wrote it.
    pub app: String,
    pub created_ms: i64,
    pub records: u64,
    pub days_bytes: u64,
    /// SHA-256 of `days.bin`, hex.
    pub sha256: String,
    /// Each API source's account (source key → user id): whose data it is.
    #[serde(default)]
    pub accounts: BTreeMap<String, String>,
    /// The browser-storage entries it carries (`carried`): the last import's summary and the
    /// accounts' zone and units. Never a token.
    #[serde(default)]
    pub local: BTreeMap<String, String>,
}

/// The last backup saved here: when, and how many records the store held then.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Last {
    pub created_ms: i64,
    pub records: u32,
}

/// Why a backup cannot be restored, or not whole. Each says what happened and what to do.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BackupError {
    #[error("This backup was made by a newer version of fitdata (format {0}; this page reads format {FORMAT}). Reload the page to get the newest version, then open it again. Nothing was changed.")]
    Newer(u32),
    #[error("This backup's description (backup.json) cannot be read ({0}). The file is damaged: open another copy of it. Nothing was changed.")]
    Manifest(String),
    #[error("This backup is cut short: it holds {got} of the {want} bytes of days it lists. Copy it again from where you saved it (a download or a copy that stopped early), then open it again. Nothing was changed.")]
    Truncated { got: u64, want: u64 },
    #[error("This backup belongs to another account ({0}) than the one whose days this browser holds. Restoring would mix two people's data, so nothing was changed.")]
    OtherPerson(String),
    #[error("The backup could not be saved ({0}). Nothing in the browser was changed; try again.")]
    Save(String),
    #[error("The backup could not be stored in this browser ({0}). What was stored before is kept; free some space and open it again.")]
    Store(String),
}

/// Whether a browser-storage entry goes into a backup: the last import's summary and the
/// accounts' copies (user id, zone, units). Tokens, client settings, sign-in state, request
/// budgets and the ledger do not.
pub fn carried(key: &str) -> bool {
    key == crate::sources::import::SAVED_KEY
        || key.starts_with("fitdata.account.")
        || key.starts_with("fitdata.devices.")
        || key == RECORDERS_KEY
}

/// `sync::recorders::PRIORITY_KEY` (that module is the browser's; this one is pure).
pub const RECORDERS_KEY: &str = "fitdata.recorders";

fn digest(key: &str, tag: u8, value: &[u8]) -> [u8; 8] {
    let mut h = Sha256::new();
    h.update([tag]);
    h.update(key.as_bytes());
    h.update(value);
    let full = h.finalize();
    let mut out = [0u8; 8];
    out.copy_from_slice(&full[..8]);
    out
}

/// Appends one record to `days.bin`.
pub fn write_record(out: &mut Vec<u8>, key: &str, value: &Value) {
    let (tag, bytes) = match value {
        Value::Bytes(b) => (0u8, b.as_slice()),
        Value::Text(t) => (1u8, t.as_bytes()),
    };
    out.extend((key.len() as u32).to_le_bytes());
    out.extend(key.as_bytes());
    out.push(tag);
    out.extend((bytes.len() as u32).to_le_bytes());
    out.extend(bytes);
    out.extend(digest(key, tag, bytes));
}

/// The hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The records of `days.bin`, in order, and how many were damaged (their digest does not
/// match, or their text is not text) and left out. Reading stops where the bytes end mid-record.
pub fn read_records(bytes: &[u8]) -> (Vec<(String, Value)>, u32) {
    let mut out = Vec::new();
    let mut damaged = 0;
    let mut at = 0usize;
    let take = |at: &mut usize, n: usize| -> Option<&[u8]> {
        let s = bytes.get(*at..at.checked_add(n)?)?;
        *at += n;
        Some(s)
    };
    let u32_at = |at: &mut usize| -> Option<usize> {
        let b = take(at, 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let mut next = || {
        let key_len = u32_at(&mut at)?;
        let key = take(&mut at, key_len)?;
        let tag = *take(&mut at, 1)?.first()?;
        let len = u32_at(&mut at)?;
        let value = take(&mut at, len)?;
        let sum = take(&mut at, 8)?;
        Some((key, tag, value, sum))
    };
    while let Some((key, tag, value, sum)) = next() {
        let key = String::from_utf8(key.to_vec()).ok();
        let value = match tag {
            0 => Some(Value::Bytes(value.to_vec())),
            1 => String::from_utf8(value.to_vec()).ok().map(Value::Text),
            _ => None,
        };
        match (key, value) {
            (Some(k), Some(v)) if digest(&k, tag, raw(&v)) == sum => out.push((k, v)),
            _ => damaged += 1,
        }
    }
    (out, damaged)
}

fn raw(v: &Value) -> &[u8] {
    match v {
        Value::Bytes(b) => b,
        Value::Text(t) => t.as_bytes(),
    }
}

/// The manifest read and checked against the days' bytes: refused if it is of a later format,
/// unreadable, or its days are cut short. `Ok(false)` where the days' digest differs (a
/// damaged record, which the restore leaves out by its own digest).
pub fn check(manifest: &str, days: &[u8]) -> Result<(Manifest, bool), BackupError> {
    // The format first, from a shape any version keeps, so a later one is named as such.
    #[derive(Deserialize)]
    struct Head {
        format: u32,
    }
    let head: Head =
        serde_json::from_str(manifest).map_err(|e| BackupError::Manifest(e.to_string()))?;
    if head.format > FORMAT {
        return Err(BackupError::Newer(head.format));
    }
    let m: Manifest =
        serde_json::from_str(manifest).map_err(|e| BackupError::Manifest(e.to_string()))?;
    let got = days.len() as u64;
    if got < m.days_bytes {
        return Err(BackupError::Truncated {
            got,
            want: m.days_bytes,
        });
    }
    let whole = sha256_hex(days) == m.sha256;
    Ok((m, whole))
}

/// The account of a source the backup and this browser both name, with different users: the
/// first such, as "google: A here, B in the backup".
pub fn other_person(
    backup: &BTreeMap<String, String>,
    here: &BTreeMap<String, String>,
) -> Option<String> {
    backup.iter().find_map(|(source, user)| {
        here.get(source)
            .filter(|h| *h != user)
            .map(|h| format!("{source}: {h} in this browser, {user} in the backup"))
    })
}

/// Whether a backup's record replaces the one stored under its key: where none is stored, or
/// the backup's was fetched later (a newer copy of a day wins; an older backup never undoes a
/// later import or fetch). `fetched` reads a record's fetch time.
pub fn replaces(
    backup: &Value,
    stored: Option<&Value>,
    fetched: impl Fn(&Value) -> Option<i64>,
) -> bool {
    match stored {
        None => true,
        Some(s) if s == backup => false,
        Some(s) => fetched(backup).unwrap_or(i64::MIN) > fetched(s).unwrap_or(i64::MIN),
    }
}

/// A record's fetch time, as the store holds it.
pub fn fetched_ms(v: &Value) -> Option<i64> {
    use crate::sync::cache::DayRecord;
    match v {
        Value::Bytes(b) => DayRecord::from_bytes(b),
        Value::Text(t) => DayRecord::from_json(t),
    }
    .map(|r| r.fetched_at_ms)
}

/// "Saved 2026-12-06: 4,210 day records" and, where many days came since, the reminder.
pub fn last_text(last: Option<Last>, records_now: u32) -> (String, bool) {
    match last {
        None if records_now > 0 => (
            "No backup saved in this browser yet. A backup is one file that brings every stored day back, here or in another browser.".to_string(),
            true,
        ),
        None => ("No backup saved in this browser yet.".to_string(), false),
        Some(l) => {
            let when = crate::model::time::utc_day(l.created_ms)
                .map_or_else(|| "?".to_string(), |d| d.to_string());
            let since = records_now.saturating_sub(l.records);
            let remind = since >= REMIND_AFTER;
            let mut s = format!("Last backup saved {when}, with {} day records.", l.records);
            if remind {
                s.push_str(&format!(
                    " {since} day records were stored since: save a new backup to keep them too."
                ));
            }
            (s, remind)
        }
    }
}

/// The file name of a backup saved at `ms`.
pub fn file_name(ms: i64) -> String {
    let day =
        crate::model::time::utc_day(ms).map_or_else(|| "backup".to_string(), |d| d.to_string());
    format!("fitdata-backup-{day}.zip")
}

/// The README of a backup's ZIP.
pub const README: &str = "fitdata backup\n\nThis file holds every day fitdata had stored in your browser, exactly as it was stored, and\nthe summary of your last import. It holds no sign-in token.\n\nTo restore it: open fitdata, and choose this file with \"Open your export\" (or drop it there).\nDays already in the browser that are newer than the backup's copy are kept.\n\nfitdata-backup/backup.json describes the backup; fitdata-backup/days.bin holds the records.\nFor the data as CSV, use the Export page's ZIP.\n";

#[cfg(target_arch = "wasm32")]
pub use wasm::*;

#[cfg(target_arch = "wasm32")]
mod wasm {
    //! Saving a backup from the store (the ZIP written by the worker) and restoring one.

    use super::*;
    use crate::browser::{self, Area, Stored};
    use crate::config::Source;
    use crate::sync::cache::store;
    use crate::worker::client::{self as worker, ZipStart};
    use crate::worker::protocol::Ask;

    /// Records read and handed to the worker at a time: memory stays bounded by this many.
    const BATCH: usize = 500;

    fn value_of(s: Stored) -> Value {
        match s {
            Stored::Bytes(b) => Value::Bytes(b),
            Stored::Text(t) => Value::Text(t),
        }
    }

    fn stored_of(v: Value) -> Stored {
        match v {
            Value::Bytes(b) => Stored::Bytes(b),
            Value::Text(t) => Stored::Text(t),
        }
    }

    /// This browser's API accounts (source key → user id).
    pub fn accounts_here() -> BTreeMap<String, String> {
        crate::model::Provider::ALL
            .iter()
            .filter_map(|p| {
                let s = p.source();
                let text = browser::storage_get(Area::Local, &crate::sync::fetch::account_key(s))
                    .ok()
                    .flatten()?;
                let a: crate::sync::fetch::Account = serde_json::from_str(&text).ok()?;
                Some((s.key().to_string(), a.user))
            })
            .collect()
    }

    fn carried_here() -> BTreeMap<String, String> {
        let mut keys = vec![crate::sources::import::SAVED_KEY.to_string()];
        for s in [Source::Google, Source::Fitbit, Source::Demo, Source::Import] {
            keys.push(crate::sync::fetch::account_key(s));
            keys.push(format!("fitdata.devices.{}", s.key()));
        }
        keys.into_iter()
            .filter(|k| carried(k))
            .filter_map(|k| {
                let v = browser::storage_get(Area::Local, &k).ok().flatten()?;
                Some((k, v))
            })
            .collect()
    }

    pub fn last() -> Option<Last> {
        browser::storage_get(Area::Local, LAST_KEY)
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str(&t).ok())
    }

    async fn zip_step(make: impl FnOnce(u32) -> Ask, bytes: &[u8]) -> Result<Vec<u8>, BackupError> {
        worker::zip_step(make, bytes)
            .await
            .map_err(BackupError::Save)
    }

    /// Writes a backup's two files (`days.bin`, then `backup.json`) into archive `job`, which
    /// the caller began and finishes: its own ZIP, or a data export's (one file that is both).
    /// Each piece the worker hands out goes to `put` at once, so no more than `BATCH` records
    /// are held. Returns what `backup.json` says.
    pub async fn write_files<E: From<BackupError>>(
        job: u32,
        put: &mut impl AsyncFnMut(Vec<u8>) -> Result<(), E>,
    ) -> Result<Manifest, E> {
        let err = |e: browser::BrowserError| BackupError::Save(e.to_string());
        let keys: Vec<String> = browser::idb_keys_between(store::STORE, "", "\u{10ffff}")
            .await
            .map_err(err)?
            .into_iter()
            .filter(|k| !crate::sync::cache::is_figure_id(k))
            .collect();
        let name = DAYS.to_string();
        put(zip_step(|id| Ask::ZipFile { id, job, name }, &[]).await?).await?;
        let mut all = Sha256::new();
        let (mut records, mut bytes) = (0u64, 0u64);
        for chunk in keys.chunks(BATCH) {
            let (Some(lo), Some(hi)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            let entries = browser::idb_entries_between(store::STORE, lo, hi)
                .await
                .map_err(err)?;
            let mut out = Vec::new();
            // Day figures are not carried: a restore writes each day's with it.
            for (k, v) in entries
                .into_iter()
                .filter(|(k, _)| !crate::sync::cache::is_figure_id(k))
            {
                write_record(&mut out, &k, &value_of(v));
                records += 1;
            }
            all.update(&out);
            bytes += out.len() as u64;
            put(zip_step(|id| Ask::ZipBytes { id, job }, &out).await?).await?;
        }
        let manifest = Manifest {
            format: FORMAT,
            app: env!("CARGO_PKG_VERSION").to_string(),
            created_ms: browser::now_ms(),
            records,
            days_bytes: bytes,
            sha256: all.finalize().iter().map(|b| format!("{b:02x}")).collect(),
            accounts: accounts_here(),
            local: carried_here(),
        };
        let text =
            serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Save(e.to_string()))?;
        let name = MANIFEST.to_string();
        put(zip_step(|id| Ask::ZipFile { id, job, name }, &[]).await?).await?;
        put(zip_step(|id| Ask::ZipBytes { id, job }, &text).await?).await?;
        Ok(manifest)
    }

    /// Remembers a saved backup as the last one (the panel's line and its reminder).
    pub fn remember(manifest: &Manifest) -> Last {
        let last = Last {
            created_ms: manifest.created_ms,
            records: u32::try_from(manifest.records).unwrap_or(u32::MAX),
        };
        if let Ok(t) = serde_json::to_string(&last) {
            let _ = browser::storage_set(Area::Local, LAST_KEY, &t);
        }
        last
    }

    /// Writes the backup ZIP of everything stored and offers it as a download; remembers it
    /// as the last backup. Returns its records and size.
    pub async fn save() -> Result<(u32, usize), BackupError> {
        let err = |e: browser::BrowserError| BackupError::Save(e.to_string());
        // The worker hands out each finished piece; they are held here as the browser's
        // parts of the download.
        let mut parts = browser::BlobParts::new();
        let mut size = 0usize;
        let mut keep = |bytes: Vec<u8>| {
            if !bytes.is_empty() {
                size += bytes.len();
                parts.push(&bytes);
            }
        };
        let start = ZipStart {
            backup: true,
            ..ZipStart::default()
        };
        let (manifest, rest) = worker::zip_job(start, BackupError::Save, async |job, begun| {
            keep(begun);
            let mut put = async |bytes: Vec<u8>| -> Result<(), BackupError> {
                keep(bytes);
                Ok(())
            };
            write_files(job, &mut put).await
        })
        .await?;
        keep(rest);
        browser::download(&file_name(manifest.created_ms), "application/zip", &parts)
            .map_err(err)?;
        Ok((remember(&manifest).records, size))
    }

    /// What a restore did.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Restored {
        pub manifest: Manifest,
        /// Records written, and those kept because this browser's copy is newer or the same.
        pub written: u32,
        pub kept: u32,
        /// Records left out as damaged.
        pub damaged: u32,
    }

    /// Restores the backup `manifest` + `days` into the store: refused whole if it is newer,
    /// cut short, or another person's; otherwise every intact record whose key is free or
    /// older here is written as it was saved, and the carried summaries are put back where
    /// this browser has none.
    pub async fn restore(manifest: &str, days: &[u8]) -> Result<Restored, BackupError> {
        let (m, _whole) = check(manifest, days)?;
        let here = accounts_here();
        if let Some(who) = other_person(&m.accounts, &here) {
            let held = store::holdings()
                .await
                .map_err(|e| BackupError::Store(e.to_string()))?;
            let holds_theirs = held.iter().any(|h| {
                here.iter()
                    .any(|(s, u)| h.source.key() == s && &h.user == u)
            });
            if holds_theirs {
                return Err(BackupError::OtherPerson(who));
            }
        }
        let (records, damaged) = read_records(days);
        let store_err = |e: browser::BrowserError| BackupError::Store(e.to_string());
        let mut out = Restored {
            manifest: m.clone(),
            damaged,
            ..Restored::default()
        };
        for chunk in records.chunks(BATCH) {
            let (Some((lo, _)), Some((hi, _))) = (chunk.first(), chunk.last()) else {
                continue;
            };
            // Keys sort, and a backup writes them in order: one range read per chunk.
            let existing: BTreeMap<String, Value> =
                browser::idb_entries_between(store::STORE, lo.min(hi), lo.max(hi))
                    .await
                    .map_err(store_err)?
                    .into_iter()
                    .map(|(k, v)| (k, value_of(v)))
                    .collect();
            let mut items = Vec::new();
            for (k, v) in chunk {
                if replaces(v, existing.get(k), fetched_ms) {
                    items.push((k.clone(), stored_of(v.clone())));
                } else {
                    out.kept += 1;
                }
            }
            out.written += items.len() as u32;
            // Each restored day's figure, written with it (a backup carries none).
            let figures = store::figures_of(&items);
            items.extend(figures);
            if !items.is_empty() {
                browser::idb_put_all_in(store::STORE, &items)
                    .await
                    .map_err(store_err)?;
                crate::sync::ledger::note_write();
            }
        }
        for (k, v) in &m.local {
            let absent = browser::storage_get(Area::Local, k)
                .ok()
                .flatten()
                .is_none();
            if carried(k) && absent {
                let _ = browser::storage_set(Area::Local, k, v);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
