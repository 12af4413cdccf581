//! The recorders an import keeps side by side (a tracker's and a phone's steps, a tracker's
//! and a watch's heart rate, from one export file) and the one that counts each day, by the person's order in Settings
//! (`model::recorders`). The day that counts is written as the type's own day record, so every
//! chart, total, comparison and download reads the same one, and changing the order rewrites
//! those records from the recorders' copies, which stay as they were imported.

use crate::browser::{self, Area, BrowserError};
use crate::config::Source;
use crate::model::recorders::{leader, resolve, Priority};
use crate::model::{Day, Kind};
use crate::sync::cache::{store, DayKey, DayRecord};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Where the person's order is kept (localStorage; a backup carries it).
pub const PRIORITY_KEY: &str = crate::sync::backup::RECORDERS_KEY;

/// Days rewritten at a time: each recorder's copies of them are read in one range, so memory
/// stays bounded over ten years.
const CHUNK_DAYS: usize = 62;

/// The person's order (the default rule where none was set, or it cannot be read).
pub fn priority() -> Priority {
    browser::storage_get(Area::Local, PRIORITY_KEY)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_priority(p: &Priority) -> Result<(), BrowserError> {
    if *p == Priority::default() {
        return browser::storage_remove(Area::Local, PRIORITY_KEY);
    }
    let text = serde_json::to_string(p).map_err(|e| BrowserError::Storage(e.to_string()))?;
    browser::storage_set(Area::Local, PRIORITY_KEY, &text)
}

/// One type's recorders in the store: each name with the days it recorded, and how many days
/// more than one recorder has (the days the choice changes).
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub kind: Kind,
    pub recorders: Vec<(String, u32)>,
    pub shared_days: u32,
}

/// The recorders' copies stored for one account, by key (`store::recorder_keys`).
pub type Keys = [(String, Kind, String, NaiveDate)];

/// What the import holds of each type's recorders (nothing for a source that names none).
pub async fn held(source: Source, user: &str) -> Result<Vec<Held>, BrowserError> {
    Ok(held_of(&store::recorder_keys(source, user).await?))
}

/// `held`, from the copies' keys already read.
pub fn held_of(keys: &Keys) -> Vec<Held> {
    // Per type: days per recorder, and recorders per day.
    type Counts = (BTreeMap<String, u32>, BTreeMap<NaiveDate, u32>);
    let mut by: BTreeMap<Kind, Counts> = BTreeMap::new();
    for (_, kind, name, day) in keys {
        let (names, days) = by.entry(*kind).or_default();
        *names.entry(name.clone()).or_default() += 1;
        *days.entry(*day).or_default() += 1;
    }
    by.into_iter()
        // A type that follows another's choice (heart rate's minute means) is not listed.
        .filter(|(kind, _)| leader(*kind) == *kind)
        .map(|(kind, (names, days))| Held {
            kind,
            recorders: names.into_iter().collect(),
            shared_days: u32::try_from(days.values().filter(|n| **n > 1).count())
                .unwrap_or(u32::MAX),
        })
        .collect()
}

/// Writes, for every day of (`source`, `user`) that recorders hold, the type's own record from
/// the recorder that counts under `priority`, leaving the ids in `keep` as they are (the days
/// an older export must not change). The days written.
pub async fn count(
    source: Source,
    user: &str,
    priority: &Priority,
    keep: &HashSet<String>,
) -> Result<u32, BrowserError> {
    let keys = store::recorder_keys(source, user).await?;
    count_keys(source, user, &keys, priority, keep).await
}

/// `count`, over the copies whose keys are already read.
pub async fn count_keys(
    source: Source,
    user: &str,
    keys: &Keys,
    priority: &Priority,
    keep: &HashSet<String>,
) -> Result<u32, BrowserError> {
    let mut by: BTreeMap<Kind, (BTreeSet<&str>, BTreeSet<NaiveDate>)> = BTreeMap::new();
    for (_, kind, name, day) in keys {
        let (names, days) = by.entry(*kind).or_default();
        names.insert(name.as_str());
        days.insert(*day);
    }
    let now = browser::now_ms();
    let mut written = 0u32;
    for (kind, (names, days)) in by {
        let days: Vec<NaiveDate> = days.into_iter().collect();
        for chunk in days.chunks(CHUNK_DAYS) {
            let (Some(from), Some(to)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            let mut copies: Vec<Day> = Vec::new();
            for name in &names {
                copies.extend(store::recorder_range(source, user, kind, name, *from, *to).await?);
            }
            let mut items = Vec::new();
            for d in resolve(copies, priority) {
                let id = DayKey {
                    source,
                    user: user.to_string(),
                    kind: d.kind,
                    day: d.date,
                }
                .id();
                if keep.contains(&id) {
                    continue;
                }
                let bytes = crate::model::codec::encode(&d.payload.finite())
                    .and_then(|p| DayRecord::final_bytes(&p, d.origin.as_ref(), now));
                if let Some(bytes) = bytes {
                    items.push((id, bytes));
                }
            }
            written += u32::try_from(items.len()).unwrap_or(u32::MAX);
            store::put_encoded(items).await?;
        }
    }
    Ok(written)
}

/// Sets `kind`'s order and counts the days again under it. The days rewritten.
pub async fn set_order(
    source: Source,
    user: &str,
    kind: Kind,
    order: Vec<String>,
) -> Result<u32, BrowserError> {
    let mut p = priority();
    p.set(kind, order);
    save_priority(&p)?;
    count(source, user, &p, &HashSet::new()).await
}
