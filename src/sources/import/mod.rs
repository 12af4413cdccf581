//! The fourth source: a Fitbit account archive or a Google Takeout, read in the browser with no
//! account and no network. `layout` says what each file is, `read` turns files into days,
//! `offsets` keeps the export's time rules, `archive` reads ZIPs entry by entry, and `job`
//! runs an import file by file (in the Web Worker, or on the host in tests). The format and
//! its evidence: `../shared/reference/takeout.md`.

pub mod archive;
pub mod job;
pub mod layout;
pub mod offsets;
pub mod read;
pub mod stream;

use crate::model::Day;
use chrono::NaiveDate;
use offsets::Basis;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The account name imported data is kept under: one import per browser, replaced or added
/// to by the next.
pub const USER: &str = "export";

/// Read from the cache only (an import stores every day it has): a year per job, no request.
pub const MAX_DAYS: i64 = 366;

/// Why an import, or one of its files, could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ImportError {
    /// One file: it is skipped and the import goes on.
    #[error("{path} could not be read ({detail}); it was skipped, the rest was imported.")]
    File { path: String, detail: String },
    #[error("{name} is not a ZIP archive. Choose the .zip file(s) of your export, or its unzipped folder.")]
    NotZip { name: String },
    #[error("{name} is encrypted. Download the export again without a password; this app cannot decrypt it.")]
    Encrypted { name: String },
    #[error(
        "{name} is cut off ({detail}). The download may not have finished: download it again."
    )]
    Truncated { name: String, detail: String },
    #[error("{path} in {name} claims to unpack to far more than it holds ({detail}); it was skipped as unsafe.")]
    Bomb {
        name: String,
        path: String,
        detail: String,
    },
    #[error("Nothing in what you chose looks like a Fitbit or Google Takeout export (no heart-rate, steps or sleep files were found among {files} files). Choose the export's .zip file(s) or its folder.")]
    Foreign { files: usize },
    #[error("The import was cancelled. What was imported before the cancel is kept; open the same export again to finish it.")]
    Cancelled,
}

/// What one type got from the import.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeSummary {
    pub days: u32,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub files: u32,
    #[serde(skip)]
    dates: BTreeSet<NaiveDate>,
}

/// The account of an import: per type, the days and the files; the files left out and why;
/// warnings; and for each day which rule decided its UTC offset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub types: BTreeMap<String, TypeSummary>,
    pub files_total: u32,
    pub files_read: u32,
    /// CSV twins read only for the self-check.
    pub files_checked: u32,
    pub skipped: Vec<(String, String)>,
    pub warnings: Vec<String>,
    pub offset_basis: BTreeMap<NaiveDate, Basis>,
    /// HR CSV twins checked against the JSON: (readings at an instant the JSON has, equal).
    pub twin_check: (u32, u32),
    /// Data files a cut-off run of this import had stored before it resumed: this run read
    /// them again for the counts above (and the offsets), and did not store them twice.
    #[serde(default)]
    pub resumed_after: usize,
    /// Days whose clues about the UTC offset disagreed: which won, and why.
    #[serde(default)]
    pub disagreements: Vec<String>,
    /// What the import checked and found (which zone a file's times were in).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Report {
    fn file_read(&mut self, _path: &str, days: &[Day]) {
        self.files_read += 1;
        self.days_read(days);
    }

    /// The types and dates of `days`, counted for their files.
    fn days_read(&mut self, days: &[Day]) {
        for (kind, dates) in read::dates_of(days) {
            let t = self.types.entry(kind.key().to_string()).or_default();
            t.files += 1;
            t.dates.extend(dates);
            t.days = u32::try_from(t.dates.len()).unwrap_or(u32::MAX);
            t.first = t.dates.first().copied();
            t.last = t.dates.last().copied();
        }
    }

    fn basis(&mut self, date: NaiveDate, basis: Basis) {
        let b = self.offset_basis.entry(date).or_insert(basis);
        *b = (*b).min(basis);
    }

    fn twin(&mut self, path: &str, inside: u32, compared: u32, equal: u32) {
        self.files_checked += 1;
        self.twin_check.0 += compared;
        self.twin_check.1 += equal;
        if compared * 2 < inside || equal * 10 < compared * 9 {
            self.warnings.push(format!(
                "{path}: only {equal} of {compared} heart-rate readings equal the JSON copy at the same instant. The export's time format may have changed; check a day against the Fitbit app."
            ));
        }
    }

    pub fn skip(&mut self, path: &str, why: &str) {
        self.skipped.push((path.to_string(), why.to_string()));
    }

    /// The last date with any data, for opening the day view there.
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.types.values().filter_map(|t| t.last).max()
    }

    /// Days per rule that decided their offset.
    pub fn basis_counts(&self) -> BTreeMap<Basis, u32> {
        let mut out = BTreeMap::new();
        for b in self.offset_basis.values() {
            *out.entry(*b).or_insert(0) += 1;
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod samples_tests;
#[cfg(test)]
mod tests;

/// Where the last import's summary is kept (localStorage; inside the `fitdata.` prefix, so a
/// full sign-out forgets it with the imported days).
pub const SAVED_KEY: &str = "fitdata.import.saved";
/// A running import's files and how far it got, so a closed tab's import can resume.
pub const PENDING_KEY: &str = "fitdata.import.pending";

/// What the page keeps of the last import: the zone and units the export gave, its report,
/// and the files it came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub zone: Option<String>,
    pub units: crate::model::metric::Units,
    pub report: Report,
    /// The chosen files' names.
    pub files: Vec<String>,
    /// When it finished (unix ms).
    pub finished_ms: i64,
    /// The newest export imported so far reaches this date (`Job::newest_named_date`).
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

/// How an export's days meet the days of the exports imported before it: the newer export
/// wins every day both hold. `Older` keeps the stored days and only fills the missing ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlap {
    /// No export imported before, or none that says how recent it is.
    First,
    /// As recent as the one before, or more: its days replace the days both hold.
    Newer { before: NaiveDate, now: NaiveDate },
    /// Older than the one imported before: it only fills days not stored.
    Older { before: NaiveDate, now: NaiveDate },
}

impl Overlap {
    pub fn of(before: Option<NaiveDate>, now: Option<NaiveDate>) -> Overlap {
        match (before, now) {
            (Some(before), Some(now)) if now < before => Overlap::Older { before, now },
            (Some(before), Some(now)) => Overlap::Newer { before, now },
            _ => Overlap::First,
        }
    }

    /// The report's line for it: the rule, and what it did (`filled` days written that were
    /// not stored, `kept` stored days left as they were).
    pub fn note(self, filled: u32, kept: u32) -> Option<String> {
        match self {
            Overlap::First => None,
            Overlap::Newer { before, now } => Some(format!(
                "This export reaches {now}; the one imported before reached {before}. The newer export wins: its days replace the days both hold, and days only the earlier one has are kept."
            )),
            Overlap::Older { before, now } => Some(format!(
                "This export reaches {now}, older than the one imported before ({before}). The newer export wins: {kept} day records both hold were left as the newer one has them, and {filled} that only this one has were added."
            )),
        }
    }

    /// The newer of the two dates, the one the next import is compared with.
    pub fn newest(self, fallback: Option<NaiveDate>) -> Option<NaiveDate> {
        match self {
            Overlap::First => fallback,
            Overlap::Newer { now, .. } => Some(now),
            Overlap::Older { before, .. } => Some(before),
        }
    }
}

impl Saved {
    pub fn profile(&self) -> crate::sources::Profile {
        crate::sources::Profile {
            user: USER.to_string(),
            time_zone: self.zone.clone(),
            age: None,
            units: self.units,
        }
    }
}

/// A cut-off import: its files (name, size) and the data files it had stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub files: Vec<(String, u64)>,
    pub data_done: usize,
}

/// The last import's summary, if any.
#[cfg(target_arch = "wasm32")]
pub fn saved() -> Saved {
    saved_opt().unwrap_or_default()
}

#[cfg(target_arch = "wasm32")]
pub fn saved_opt() -> Option<Saved> {
    crate::browser::storage_get(crate::browser::Area::Local, SAVED_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
}
