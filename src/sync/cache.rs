//! The persistent day cache: what is stored per (provider, user, data type, civil day), when a
//! stored day can answer instead of the network, and how older stored formats are handled.
//! The rules are pure (host-tested); `store` keeps the records in IndexedDB.

use crate::config::Source;
use crate::model::{Kind, Payload};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The record format. Bump it when `DayRecord` or the model changes shape: records of another
/// schema are never decoded as this one; they count as missing and are replaced on the next
/// fetch (a cache can always be refilled from the API, so dropping is the safe migration).
/// 4: Google's AZM split by zone (every Google AZM day stored before was empty), daily parts,
/// and no non-finite number.
pub const SCHEMA: u32 = 4;

/// The first bytes of a record stored as bytes (`DayRecord::to_bytes`).
const MAGIC: &[u8; 4] = b"FDR\x01";

/// Everything of a stored record but its payload.
#[derive(Serialize, Deserialize)]
struct Head {
    schema: u32,
    fetched_at_ms: i64,
    complete: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    origin: Option<crate::model::Origin>,
}

/// Today and yesterday may still grow (a tracker syncs late); their records are refreshed
/// once older than this.
pub const STALE_AFTER_MS: i64 = 15 * 60 * 1000;

/// One stored day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayRecord {
    pub schema: u32,
    /// When it was fetched (unix ms, the browser's clock).
    pub fetched_at_ms: i64,
    /// The day had ended long enough before the fetch that it can no longer change.
    pub complete: bool,
    pub payload: Payload,
    /// Where the day was read from, for a source that says (an import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<crate::model::Origin>,
}

/// Identifies a cached day. The user is part of the key, so two accounts in one browser never
/// see each other's data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DayKey {
    pub source: Source,
    pub user: String,
    pub kind: Kind,
    pub day: NaiveDate,
}

impl DayKey {
    /// The IndexedDB key. Dates sort as text, so a day range is a key range.
    pub fn id(&self) -> String {
        format!("{}{}", self.prefix(), self.day)
    }

    /// The key of one recorder's copy of this day (`recorder_prefix`).
    pub fn recorder_id(&self, recorder: &str) -> String {
        format!(
            "{}{}",
            recorder_prefix(self.source, &self.user, self.kind, recorder),
            self.day
        )
    }

    /// Everything before the date: the key-range prefix of one (provider, user, type).
    pub fn prefix(&self) -> String {
        prefix(self.source, &self.user, self.kind)
    }
}

pub fn prefix(provider: Source, user: &str, kind: Kind) -> String {
    format!("{}/{}/{}/", provider.key(), user, kind.key())
}

/// The key prefix of one recorder's days of a type (`model::recorders`: a tracker's and a
/// phone's steps, kept side by side): `import/export/steps@Phone Health Kit/`. Beside the
/// type's own key range, never inside it, so what the views read is the one day that counts;
/// a key `holdings` cannot read as a type, so the storage panel counts that day once. A `/`
/// or `%` in the name is escaped, so the date is always the last part.
pub fn recorder_prefix(provider: Source, user: &str, kind: Kind, recorder: &str) -> String {
    let name = recorder.replace('%', "%25").replace('/', "%2F");
    format!("{}/{}/{}@{name}/", provider.key(), user, kind.key())
}

/// The (type, recorder, day) a stored key of `recorder_prefix`'s names, if it is one of
/// (`provider`, `user`)'s.
pub fn recorder_of_id(provider: Source, user: &str, id: &str) -> Option<(Kind, String, NaiveDate)> {
    let rest = id.strip_prefix(&format!("{}/{}/", provider.key(), user))?;
    let (kind_at, date) = rest.rsplit_once('/')?;
    let (kind, name) = kind_at.split_once('@')?;
    let name = name.replace("%2F", "/").replace("%25", "%");
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let kind = Kind::from_key(kind)?;
    (recorder_prefix(provider, user, kind, &name) + date == id).then_some((kind, name, day))
}

/// The day a stored key names, if it is one of `prefix`'s.
pub fn day_of_id(prefix: &str, id: &str) -> Option<NaiveDate> {
    id.strip_prefix(prefix)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Which types keep a day's figure beside the day (`figure_prefix`): steps, whose day is a
/// thousand minutes to decode for one number. A daily value's record is that number already:
/// a figure beside it would only double the writes (measured: a three-year restore took twice
/// as long with one for every daily value).
pub fn has_figure(kind: Kind) -> bool {
    kind == Kind::Steps
}

/// The key prefix of a type's day figures: `import/export/steps.figure/`. A figure is the
/// day's one number, 8 bytes (or none: 0 bytes), kept beside each stored day of a type that has
/// one (`has_figure`) and written in the same transaction as the day (`with_figures`), so it is never stale:
/// Years, records and comparisons read ten years of them in one small range read instead of
/// decoding every day's minutes (issue #28). Beside the type's own key range, never inside it,
/// and not a type to `holdings`.
pub fn figure_prefix(provider: Source, user: &str, kind: Kind) -> String {
    format!("{}/{}/{}.figure/", provider.key(), user, kind.key())
}

/// A stored day's key read back (`DayKey::id`), if it is one.
pub fn parse_id(id: &str) -> Option<DayKey> {
    let (rest, date) = id.rsplit_once('/')?;
    let (rest, kind) = rest.rsplit_once('/')?;
    let (source, user) = rest.split_once('/')?;
    let key = DayKey {
        source: Source::from_key(source)?,
        user: user.to_string(),
        kind: Kind::from_key(kind)?,
        day: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
    };
    (key.id() == id).then_some(key)
}

/// The key prefix of a metric's personal ranges as its source gave them (Google's, from daily
/// roll-ups): `google/{user}/resting_heart_rate.range/`. Beside the days, so clearing the cache
/// or a backup takes them with the days; no type is named so, so no day's read meets them.
pub fn range_prefix(source: Source, user: &str, metric: &str) -> String {
    format!("{}/{}/{}.range/", source.key(), user, metric)
}

/// The key of an exercise's route as its source gave it (`sync::fetch::Reader::route`):
/// `google/{user}/exercise.route/{id}`. Beside the days, as the personal ranges are.
pub fn route_id(source: Source, user: &str, id: &str) -> String {
    format!("{}/{}/exercise.route/{}", source.key(), user, id)
}

/// A stored personal range: `low high`, or empty for a day the source gave none.
pub fn range_text(range: Option<(f64, f64)>) -> String {
    range.map_or_else(String::new, |(low, high)| format!("{low} {high}"))
}

/// `range_text` read back (`None`: not a stored range).
pub fn range_of_text(text: &str) -> Option<Option<(f64, f64)>> {
    if text.is_empty() {
        return Some(None);
    }
    let (low, high) = text.split_once(' ')?;
    Some(Some((low.parse().ok()?, high.parse().ok()?)))
}

/// The figure key beside a day's key, for a type that has figures.
pub fn figure_id(id: &str) -> Option<String> {
    let key = parse_id(id).filter(|k| has_figure(k.kind))?;
    Some(format!(
        "{}{}",
        figure_prefix(key.source, &key.user, key.kind),
        key.day
    ))
}

/// Whether a stored key is a day figure's (`figure_prefix`).
pub fn is_figure_id(id: &str) -> bool {
    id.rsplit_once('/')
        .and_then(|(rest, _)| rest.rsplit_once('/'))
        .is_some_and(|(_, kind)| {
            kind.strip_suffix(".figure")
                .is_some_and(|k| Kind::from_key(k).is_some())
        })
}

/// A figure's stored bytes.
pub fn figure_bytes(figure: Option<f64>) -> Vec<u8> {
    figure.map_or_else(Vec::new, |v| v.to_le_bytes().to_vec())
}

/// A figure read back from its bytes (`None`: the day has none, or damage).
pub fn figure_of_bytes(bytes: &[u8]) -> Option<f64> {
    let b: [u8; 8] = bytes.try_into().ok()?;
    Some(f64::from_le_bytes(b)).filter(|v| v.is_finite())
}

/// `items` (day keys and their stored bytes, `DayRecord::to_bytes`) with each day's figure
/// added beside it: what every write of days stores, in one transaction. A day whose record
/// cannot be read gets an empty figure, so no older figure outlives it.
pub fn with_figures(items: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let figures: Vec<(String, Vec<u8>)> = items
        .iter()
        .filter_map(|(id, bytes)| {
            let fid = figure_id(id)?;
            let figure = DayRecord::from_bytes(bytes).and_then(|r| r.payload.day_figure());
            Some((fid, figure_bytes(figure)))
        })
        .collect();
    let mut out = items;
    out.extend(figures);
    out
}

/// Records as stored (`DayRecord::to_bytes`), each with its figure beside it: what
/// `store::put_all` writes in one transaction. A record that cannot be stored is left out.
pub fn encode_all(records: &[(DayKey, DayRecord)]) -> Vec<(String, Vec<u8>)> {
    let mut items = Vec::with_capacity(records.len() * 2);
    for (k, r) in records {
        let Some(bytes) = r.to_bytes() else {
            continue;
        };
        let id = k.id();
        if let Some(f) = figure_id(&id) {
            items.push((f, figure_bytes(r.payload.day_figure())));
        }
        items.push((id, bytes));
    }
    items
}

/// The keys deleted with a day's: itself and its figure.
pub fn deleted_with(id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    out.extend(figure_id(id));
    out
}

/// What the cache holds for one (source, account): the storage panel's line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    pub source: Source,
    pub user: String,
    /// Day records (one per type and day).
    pub records: u32,
    /// Distinct days with at least one record.
    pub days: u32,
    /// The data types held.
    pub kinds: BTreeSet<Kind>,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Groups the store's keys (`source/user/kind/date`) by source and account. A key this
/// version cannot read (another layout, a type it does not know) is left out.
pub fn holdings<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<Holding> {
    let mut by: BTreeMap<(String, String), (Holding, BTreeSet<NaiveDate>)> = BTreeMap::new();
    for id in ids {
        let Some((rest, date)) = id.rsplit_once('/') else {
            continue;
        };
        let Some((rest, kind)) = rest.rsplit_once('/') else {
            continue;
        };
        let Some((source, user)) = rest.split_once('/') else {
            continue;
        };
        let (Some(s), Some(k), Ok(d)) = (
            Source::from_key(source),
            Kind::from_key(kind),
            NaiveDate::parse_from_str(date, "%Y-%m-%d"),
        ) else {
            continue;
        };
        let (h, days) = by
            .entry((source.to_string(), user.to_string()))
            .or_insert_with(|| {
                (
                    Holding {
                        source: s,
                        user: user.to_string(),
                        records: 0,
                        days: 0,
                        kinds: BTreeSet::new(),
                        first: d,
                        last: d,
                    },
                    BTreeSet::new(),
                )
            });
        h.records += 1;
        h.kinds.insert(k);
        h.first = h.first.min(d);
        h.last = h.last.max(d);
        days.insert(d);
    }
    by.into_values()
        .map(|(mut h, days)| {
            h.days = u32::try_from(days.len()).unwrap_or(u32::MAX);
            h
        })
        .collect()
}

/// A day is final once the day after it has ended too: late syncs land within a day.
pub fn is_complete(day: NaiveDate, today: NaiveDate) -> bool {
    (today - day).num_days() >= 2
}

impl DayRecord {
    pub fn new(payload: Payload, day: NaiveDate, today: NaiveDate, now_ms: i64) -> DayRecord {
        DayRecord {
            schema: SCHEMA,
            fetched_at_ms: now_ms,
            complete: is_complete(day, today),
            payload: payload.finite(),
            origin: None,
        }
    }

    /// Whether this record may answer instead of the network at `now_ms`.
    pub fn usable(&self, now_ms: i64) -> bool {
        self.schema == SCHEMA
            && (self.complete || (0..STALE_AFTER_MS).contains(&(now_ms - self.fetched_at_ms)))
    }

    /// The stored bytes: `MAGIC`, the head's length (u32, little-endian), the head (JSON:
    /// schema, when, complete, origin), then the payload (`model::codec`). `None` if the
    /// payload cannot be stored (a number that is not finite).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        // A record of another schema is one this version cannot read back.
        if self.schema != SCHEMA {
            return None;
        }
        let payload = crate::model::codec::encode(&self.payload)?;
        Self::around(
            &payload,
            self.complete,
            self.origin.as_ref(),
            self.fetched_at_ms,
        )
    }

    /// The stored bytes of a final record whose payload is already encoded (an import's
    /// worker encodes it): written around it, never decoding it. `from_bytes` reads it back as
    /// `new` would have made it, with `complete` set and `origin` kept.
    pub fn final_bytes(
        payload: &[u8],
        origin: Option<&crate::model::Origin>,
        now_ms: i64,
    ) -> Option<Vec<u8>> {
        Self::around(payload, true, origin, now_ms)
    }

    fn around(
        payload: &[u8],
        complete: bool,
        origin: Option<&crate::model::Origin>,
        fetched_at_ms: i64,
    ) -> Option<Vec<u8>> {
        let head = serde_json::to_vec(&Head {
            schema: SCHEMA,
            fetched_at_ms,
            complete,
            origin: origin.cloned(),
        })
        .ok()?;
        let mut out = Vec::with_capacity(MAGIC.len() + 4 + head.len() + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&u32::try_from(head.len()).ok()?.to_le_bytes());
        out.extend_from_slice(&head);
        out.extend_from_slice(payload);
        Some(out)
    }

    /// Reads stored bytes. `None` for another schema (the migration: refetch) or damage.
    pub fn from_bytes(bytes: &[u8]) -> Option<DayRecord> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
        let (head, payload) = rest.split_at_checked(len)?;
        let head: Head = serde_json::from_slice(head).ok()?;
        if head.schema != SCHEMA {
            return None;
        }
        Some(DayRecord {
            schema: head.schema,
            fetched_at_ms: head.fetched_at_ms,
            complete: head.complete,
            payload: crate::model::codec::decode(payload)?,
            origin: head.origin,
        })
    }

    /// Reads a record stored as JSON text, as versions before the byte records wrote them.
    /// `None` for another schema (the migration: refetch) or damage.
    pub fn from_json(text: &str) -> Option<DayRecord> {
        #[derive(Deserialize)]
        struct Head {
            schema: u32,
        }
        // As bytes: the payload's decoder over bytes is the one the byte records use, so the
        // module carries one copy of it, not a second for text (16 KB).
        let head: Head = serde_json::from_slice(text.as_bytes()).ok()?;
        if head.schema != SCHEMA {
            return None;
        }
        serde_json::from_slice(text.as_bytes()).ok()
    }
}

#[cfg(target_arch = "wasm32")]
pub mod store {
    //! The cache's IndexedDB object store.

    use super::{day_of_id, prefix, DayKey, DayRecord, Kind};
    use crate::browser::{self, BrowserError, Stored};
    use crate::config::Source;
    use chrono::NaiveDate;
    use std::collections::{BTreeMap, BTreeSet};

    pub const STORE: &str = browser::DAYS_STORE;

    /// A record as the page finds it: bytes (`to_bytes`), or the JSON text that earlier
    /// versions wrote (an import is not refetched, so those stay readable).
    fn read(value: &Stored) -> Option<DayRecord> {
        match value {
            Stored::Bytes(b) => DayRecord::from_bytes(b),
            Stored::Text(t) => DayRecord::from_json(t),
        }
    }

    /// The entries under key prefix `p` dated `[from, to]`, each with its date, in one read.
    async fn dated(
        p: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Stored)>, BrowserError> {
        let entries =
            browser::idb_entries_between(STORE, &format!("{p}{from}"), &format!("{p}{to}")).await?;
        Ok(entries
            .into_iter()
            .filter_map(|(k, v)| Some((day_of_id(p, &k)?, v)))
            .collect())
    }

    /// A usable record, or `None` (missing, stale, or of an older schema: then it is deleted).
    pub async fn get(key: &DayKey) -> Result<Option<DayRecord>, BrowserError> {
        let Some(value) = browser::idb_get_in(STORE, &key.id()).await? else {
            return Ok(None);
        };
        match read(&value) {
            Some(r) if r.usable(browser::now_ms()) => Ok(Some(r)),
            Some(_) => Ok(None),
            None => {
                for id in super::deleted_with(&key.id()) {
                    browser::idb_delete_in(STORE, &id).await?;
                }
                Ok(None)
            }
        }
    }

    /// The usable records of `[from, to]` for (provider, user, kind), read in one transaction.
    /// Stale days and other schemas are left out (the caller fetches them again).
    pub async fn get_range(
        provider: Source,
        user: &str,
        kind: Kind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, DayRecord>, BrowserError> {
        let now = browser::now_ms();
        Ok(dated(&prefix(provider, user, kind), from, to)
            .await?
            .into_iter()
            .filter_map(|(day, value)| Some((day, read(&value).filter(|r| r.usable(now))?)))
            .collect())
    }

    /// Stores records already encoded (`DayRecord::final_bytes`), with their figures, in one
    /// transaction.
    pub async fn put_encoded(items: Vec<(String, Vec<u8>)>) -> Result<(), BrowserError> {
        let items: Vec<(String, Stored)> = super::with_figures(items)
            .into_iter()
            .map(|(k, b)| (k, Stored::Bytes(b)))
            .collect();
        browser::idb_put_all_in(STORE, &items).await?;
        crate::sync::ledger::note_write();
        Ok(())
    }

    /// Stores several days in one transaction: a range answer lands whole or not at all.
    pub async fn put_all(records: &[(DayKey, DayRecord)]) -> Result<(), BrowserError> {
        let items: Vec<(String, Stored)> = super::encode_all(records)
            .into_iter()
            .map(|(k, b)| (k, Stored::Bytes(b)))
            .collect();
        browser::idb_put_all_in(STORE, &items).await?;
        crate::sync::ledger::note_write();
        Ok(())
    }

    /// Every recorder's day the store holds for (provider, user), by key: (id, type, recorder,
    /// day), in key order (`super::recorder_of_id`).
    pub async fn recorder_keys(
        provider: Source,
        user: &str,
    ) -> Result<Vec<(String, Kind, String, NaiveDate)>, BrowserError> {
        let p = format!("{}/{}/", provider.key(), user);
        let keys = browser::idb_keys_between(STORE, &p, &format!("{p}\u{10ffff}")).await?;
        Ok(keys
            .into_iter()
            .filter_map(|id| {
                let (kind, name, day) = super::recorder_of_id(provider, user, &id)?;
                Some((id, kind, name, day))
            })
            .collect())
    }

    /// One recorder's stored days of `[from, to]`, as days that name it.
    pub async fn recorder_range(
        provider: Source,
        user: &str,
        kind: Kind,
        recorder: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<crate::model::Day>, BrowserError> {
        let p = super::recorder_prefix(provider, user, kind, recorder);
        Ok(dated(&p, from, to)
            .await?
            .into_iter()
            .filter_map(|(date, value)| {
                let r = read(&value)?;
                // A record stored without its recorder's name still belongs to it.
                let mut origin = r
                    .origin
                    .unwrap_or_else(|| crate::model::Origin::recorded_by(recorder.to_string()));
                origin.recorder = Some(recorder.to_string());
                Some(crate::model::Day {
                    kind,
                    date,
                    payload: r.payload,
                    origin: Some(origin),
                })
            })
            .collect())
    }

    /// The personal ranges stored for (source, user, metric) over `[from, to]`, by day
    /// (`super::range_prefix`): `Some(None)` for a day the source gave none.
    pub async fn personal_ranges(
        source: Source,
        user: &str,
        metric: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, Option<(f64, f64)>>, BrowserError> {
        Ok(dated(&super::range_prefix(source, user, metric), from, to)
            .await?
            .into_iter()
            .filter_map(|(day, v)| match v {
                Stored::Text(t) => Some((day, super::range_of_text(&t)?)),
                Stored::Bytes(_) => None,
            })
            .collect())
    }

    /// Stores the personal ranges of (source, user, metric) given for `days`, in one
    /// transaction: what the source said of each day, a range or none.
    pub async fn put_personal_ranges(
        source: Source,
        user: &str,
        metric: &str,
        days: &BTreeMap<NaiveDate, Option<(f64, f64)>>,
    ) -> Result<(), BrowserError> {
        let p = super::range_prefix(source, user, metric);
        let items: Vec<(String, Stored)> = days
            .iter()
            .map(|(d, r)| (format!("{p}{d}"), Stored::Text(super::range_text(*r))))
            .collect();
        browser::idb_put_all_in(STORE, &items).await
    }

    /// A stored route's fixes (`super::route_id`); `None` when none is stored or it cannot be
    /// read.
    pub async fn route(key: &str) -> Result<Option<Vec<crate::model::route::Fix>>, BrowserError> {
        Ok(match browser::idb_get_in(STORE, key).await? {
            Some(Stored::Text(t)) => serde_json::from_str(&t).ok(),
            _ => None,
        })
    }

    /// Stores a route's fixes under `key`.
    pub async fn put_route(
        key: &str,
        fixes: &[crate::model::route::Fix],
    ) -> Result<(), BrowserError> {
        let text =
            serde_json::to_string(fixes).map_err(|e| BrowserError::Storage(e.to_string()))?;
        browser::idb_put_all_in(STORE, &[(key.to_string(), Stored::Text(text))]).await
    }

    /// The day figures of `[from, to]` for (provider, user, kind) (`super::figure_prefix`), in
    /// one small range read; days without a figure are left out.
    pub async fn figures(
        provider: Source,
        user: &str,
        kind: Kind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, f64>, BrowserError> {
        build_figures().await?;
        Ok(dated(&super::figure_prefix(provider, user, kind), from, to)
            .await?
            .into_iter()
            .filter_map(|(day, v)| match v {
                Stored::Bytes(b) => Some((day, super::figure_of_bytes(&b)?)),
                Stored::Text(_) => None,
            })
            .collect())
    }

    /// Where a browser notes that every stored day has its figure (days stored before figures
    /// existed get theirs once, on the first read).
    const FIGURES_BUILT: &str = "fitdata.figures.v1";

    /// Writes the figure of every stored day of a type that has one and lacks it: once per
    /// browser (a store filled before figures existed), and again only if that note is lost.
    /// Reads one type's days at a time, in chunks, so memory stays bounded.
    async fn build_figures() -> Result<(), BrowserError> {
        if browser::storage_get(browser::Area::Local, FIGURES_BUILT)
            .ok()
            .flatten()
            .is_some()
        {
            return Ok(());
        }
        let ids = browser::idb_keys_between(STORE, "", "\u{10ffff}").await?;
        let have: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        // Missing figures, grouped by the day's key prefix (one type of one account).
        let mut missing: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for id in &ids {
            let Some(fid) = super::figure_id(id) else {
                continue;
            };
            if !have.contains(fid.as_str()) {
                if let Some((p, _)) = id.rsplit_once('/') {
                    missing.entry(p.to_string()).or_default().push(id);
                }
            }
        }
        for group in missing.values() {
            for chunk in group.chunks(200) {
                let (Some(lo), Some(hi)) = (chunk.first(), chunk.last()) else {
                    continue;
                };
                let items = figures_of(&browser::idb_entries_between(STORE, lo, hi).await?);
                browser::idb_put_all_in(STORE, &items).await?;
            }
        }
        let _ = browser::storage_set(browser::Area::Local, FIGURES_BUILT, "1");
        Ok(())
    }

    /// The figures of records about to be written another way (a backup's), to store with them.
    pub fn figures_of(items: &[(String, Stored)]) -> Vec<(String, Stored)> {
        items
            .iter()
            .filter_map(|(k, v)| {
                let fid = super::figure_id(k)?;
                let figure = read(v).and_then(|r| r.payload.day_figure());
                Some((fid, Stored::Bytes(super::figure_bytes(figure))))
            })
            .collect()
    }

    /// Deletes stored records by key.
    pub async fn delete(ids: &[String]) -> Result<(), BrowserError> {
        for id in ids {
            browser::idb_delete_in(STORE, id).await?;
        }
        Ok(())
    }

    /// The days of `[from, to]` stored for (provider, user, kind), whatever their freshness.
    pub async fn days_stored(
        provider: Source,
        user: &str,
        kind: Kind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeSet<NaiveDate>, BrowserError> {
        let p = prefix(provider, user, kind);
        let keys =
            browser::idb_keys_between(STORE, &format!("{p}{from}"), &format!("{p}{to}")).await?;
        Ok(keys.iter().filter_map(|k| day_of_id(&p, k)).collect())
    }

    /// Day records cached (not the figures and recorders' copies beside them), and the bytes
    /// the browser reports for this site (all storage).
    pub async fn usage() -> Result<(u32, Option<f64>), BrowserError> {
        let days = holdings().await?.iter().map(|h| h.records).sum();
        Ok((days, browser::storage_estimate().await))
    }

    /// Days cached.
    pub async fn count() -> Result<u32, BrowserError> {
        browser::idb_count(STORE).await
    }

    /// What the cache holds, per source and account (`holdings`), from its keys alone.
    pub async fn holdings() -> Result<Vec<super::Holding>, BrowserError> {
        // Every key sorts between these: they start with a source's key, in lower case.
        let ids = browser::idb_keys_between(STORE, "", "\u{10ffff}").await?;
        Ok(super::holdings(ids.iter().map(String::as_str)))
    }

    /// The bytes each account's records take in the store (keys and values: its days, their
    /// figures and recorders' copies), by (source key, account). Read a few hundred records at
    /// a time, so ten years never sit in memory at once.
    pub async fn bytes_per_account() -> Result<BTreeMap<(String, String), u64>, BrowserError> {
        let ids = browser::idb_keys_between(STORE, "", "\u{10ffff}").await?;
        let mut out: BTreeMap<(String, String), u64> = BTreeMap::new();
        // Keys in text order: each account's are one run (`source/user/…`).
        for run in ids.chunk_by(|a, b| account_of(a) == account_of(b)) {
            let Some((source, user)) = run.first().and_then(|id| account_of(id)) else {
                continue;
            };
            let mut bytes: u64 = run.iter().map(|id| id.len() as u64).sum();
            for chunk in run.chunks(BYTES_CHUNK) {
                if let (Some(lo), Some(hi)) = (chunk.first(), chunk.last()) {
                    bytes += browser::idb_value_bytes_between(STORE, lo, hi).await?;
                }
            }
            *out.entry((source.to_string(), user.to_string()))
                .or_default() += bytes;
        }
        Ok(out)
    }

    /// Records read at a time by `bytes_per_account` (a day of 1-second heart rate is a few
    /// hundred kilobytes).
    const BYTES_CHUNK: usize = 200;

    /// The (source, account) a key belongs to: its first two parts.
    fn account_of(id: &str) -> Option<(&str, &str)> {
        let mut parts = id.splitn(3, '/');
        Some((parts.next()?, parts.next()?))
    }

    /// Deletes every cached day (tokens and settings stay).
    pub async fn clear() -> Result<(), BrowserError> {
        browser::idb_clear(STORE).await?;
        crate::sync::ledger::forget();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interval, Sample};

    #[test]
    fn personal_ranges_are_stored_as_text_and_read_back_exactly() {
        for r in [
            None,
            Some((54.0, 61.0)),
            Some((31.4, 39.7)),
            Some((-0.1, 1e-3)),
        ] {
            assert_eq!(range_of_text(&range_text(r)), Some(r));
        }
        assert_eq!(range_of_text("54"), None);
        assert_eq!(range_of_text("a b"), None);
        assert_eq!(
            range_prefix(Source::Google, "me", "hrv"),
            "google/me/hrv.range/"
        );
        // Not a day of any type: the holdings and every day read pass it by.
        assert!(holdings(["google/me/hrv.range/2026-11-24"]).is_empty());
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn keys_sort_by_day_and_round_trip() {
        let k = DayKey {
            source: Source::Fitbit,
            user: "GGNJL9".into(),
            kind: Kind::HeartRate1m,
            day: d("2026-03-29"),
        };
        assert_eq!(k.id(), "fitbit/GGNJL9/heart_rate_1min/2026-03-29");
        assert_eq!(day_of_id(&k.prefix(), &k.id()), Some(d("2026-03-29")));
        assert_eq!(day_of_id("google/x/steps/", &k.id()), None);
        let later = DayKey {
            day: d("2026-10-01"),
            ..k.clone()
        };
        assert!(k.id() < later.id());
        for kind in Kind::all() {
            assert_eq!(Kind::from_key(kind.key()), Some(kind));
            // Stored by key: the names already in users' databases keep working.
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.key()));
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
        }
        assert_eq!(
            serde_json::from_str::<Kind>("\"resting_heart_rate\"").unwrap(),
            Kind::RESTING
        );
        assert!(serde_json::from_str::<Kind>("\"nope\"").is_err());
    }

    #[test]
    fn a_recorders_keys_sit_beside_the_types_and_read_back() {
        let key = DayKey {
            source: Source::Import,
            user: "export".into(),
            kind: Kind::Steps,
            day: d("2026-03-28"),
        };
        let odd = "Phone 50%/Health Kit";
        let id = key.recorder_id(odd);
        assert_eq!(
            id,
            "import/export/steps@Phone 50%25%2FHealth Kit/2026-03-28"
        );
        assert_eq!(
            recorder_of_id(Source::Import, "export", &id),
            Some((Kind::Steps, odd.to_string(), d("2026-03-28")))
        );
        // Outside the type's own key range (what the views read), and not a type to the
        // storage panel.
        let p = key.prefix();
        assert!(!(id.as_str() >= p.as_str() && id.as_str() < format!("{p}\u{10ffff}").as_str()));
        assert!(holdings([id.as_str()]).is_empty());
        assert_eq!(recorder_of_id(Source::Import, "export", &key.id()), None);
        assert_eq!(recorder_of_id(Source::Google, "export", &id), None);
        assert_eq!(
            recorder_of_id(
                Source::Import,
                "export",
                "import/export/steps@a/b/2026-03-28"
            ),
            None
        );
    }

    #[test]
    fn past_days_are_final_today_and_yesterday_go_stale() {
        let today = d("2026-11-20");
        let now = 1_000_000_000;
        let payload = Payload::Samples(vec![]);
        let old = DayRecord::new(payload.clone(), d("2026-11-18"), today, now);
        assert!(old.complete);
        assert!(old.usable(now + 365 * 86_400_000));
        for day in [d("2026-11-19"), today] {
            let r = DayRecord::new(payload.clone(), day, today, now);
            assert!(!r.complete);
            assert!(r.usable(now + STALE_AFTER_MS - 1));
            assert!(!r.usable(now + STALE_AFTER_MS));
            // A clock that went backwards does not make a record fresh forever.
            assert!(!r.usable(now - 1));
        }
    }

    #[test]
    fn holdings_group_keys_by_source_and_account_and_skip_what_they_cannot_read() {
        let ids = [
            "import/export/steps/2026-06-12",
            "import/export/steps/2026-06-13",
            "import/export/heart_rate/2026-06-13",
            "import/export/sleep/2026-05-30",
            "google/users/me/steps/2026-01-02",
            "google/users/me/not_a_type/2026-01-02",
            "fitbit/ABC/steps/not-a-date",
            "nonsense",
        ];
        let h = holdings(ids);
        assert_eq!(h.len(), 2, "{h:?}");
        let google = &h[0];
        assert_eq!(
            (google.source, google.user.as_str()),
            (Source::Google, "users/me")
        );
        assert_eq!((google.records, google.days), (1, 1));
        let import = &h[1];
        assert_eq!(
            (import.source, import.records, import.days),
            (Source::Import, 4, 3)
        );
        assert_eq!(
            (import.first, import.last),
            (d("2026-05-30"), d("2026-06-13"))
        );
        assert_eq!(
            import.kinds,
            [Kind::Steps, Kind::HeartRate, Kind::Sleep]
                .into_iter()
                .collect()
        );
    }

    #[test]
    fn other_schemas_are_dropped_not_misread() {
        let r = DayRecord::new(
            Payload::Intervals(vec![Interval {
                start: 60,
                end: 120,
                offset: 3600,
                value: 12.0,
            }]),
            d("2026-01-01"),
            d("2026-11-20"),
            5,
        );
        let bytes = r.to_bytes().unwrap();
        assert_eq!(DayRecord::from_bytes(&bytes), Some(r.clone()));
        let head = format!("\"schema\":{SCHEMA}");
        let at = bytes
            .windows(head.len())
            .position(|w| w == head.as_bytes())
            .unwrap();
        let mut old = bytes.clone();
        old[at + head.len() - 1] = b'1';
        assert_eq!(DayRecord::from_bytes(&old), None);
        for cut in [0, 3, 6, 10, bytes.len() - 1] {
            assert_eq!(DayRecord::from_bytes(&bytes[..cut]), None, "cut at {cut}");
        }
        assert_eq!(DayRecord::from_bytes(b"{not bytes"), None);
        // What earlier versions stored, JSON text, still reads (imports are not refetched),
        // and its schema is checked the same way.
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(DayRecord::from_json(&json), Some(r));
        let old = json.replacen(&head, "\"schema\":1", 1);
        assert_ne!(old, json);
        assert_eq!(DayRecord::from_json(&old), None);
        assert_eq!(DayRecord::from_json("{not json"), None);
        assert_eq!(DayRecord::from_json("{\"schema\":2}"), None);
    }

    #[test]
    fn a_record_with_a_non_finite_number_is_stored_without_it_and_reads_back() {
        use crate::model::Daily;
        let day = |value, parts| Daily {
            date: d("2026-01-04"),
            value,
            parts,
        };
        let r = DayRecord::new(
            Payload::Daily(vec![
                day(f64::NAN, None),
                day(9.0, Some([5.0, f64::INFINITY, 0.0])),
            ]),
            d("2026-01-04"),
            d("2026-11-20"),
            5,
        );
        assert_eq!(r.payload, Payload::Daily(vec![day(9.0, None)]));
        let bytes = r.to_bytes().expect("storable");
        assert_eq!(DayRecord::from_bytes(&bytes), Some(r));
        // Built around `new` (as a struct literal), a NaN is refused rather than stored.
        let raw = DayRecord {
            schema: SCHEMA,
            fetched_at_ms: 1,
            complete: true,
            origin: None,
            payload: Payload::Samples(vec![Sample {
                t: 1,
                offset: 0,
                value: f64::NAN,
            }]),
        };
        assert_eq!(raw.to_bytes(), None);
        for kind in [Payload::Samples(vec![]), Payload::Intervals(vec![])] {
            assert_eq!(kind.clone().finite(), kind);
        }
    }

    #[test]
    fn a_record_written_around_an_encoded_payload_reads_back_as_new_makes_it() {
        let payload = Payload::Samples(vec![Sample {
            t: 1_790_000_000,
            offset: 3600,
            value: 61.0,
        }]);
        let origin = crate::model::Origin {
            file: "heart_rate-2026-09-21.json".into(),
            time_basis: Some("file_boundary".into()),
            recorder: None,
        };
        let encoded = crate::model::codec::encode(&payload).unwrap();
        let bytes = DayRecord::final_bytes(&encoded, Some(&origin), 7).unwrap();
        let mut want = DayRecord::new(payload, d("2026-09-21"), d("2026-09-22"), 7);
        want.complete = true;
        want.origin = Some(origin);
        assert_eq!(DayRecord::from_bytes(&bytes), Some(want));
    }

    /// Day figures stay equal to a recomputation from the day records after any sequence of
    /// writes: days stored as the worker encodes them (an import, a restore's bytes), records
    /// stored by a fetch, a damaged day deleted, a wipe. Each op is applied to a map as the
    /// store's functions write it (`with_figures`, `encode_all`, `deleted_with`).
    #[cfg(not(target_arch = "wasm32"))]
    mod figures {
        use super::*;
        use crate::model::metric::Metric;
        use crate::model::Daily;
        use proptest::prelude::*;

        #[derive(Clone, Debug)]
        enum Op {
            /// (source 0..2, kind 0..3, day 0..5, values): bytes as an import stores them.
            Encoded(u8, u8, u8, Vec<u16>),
            /// The same, as a fetch stores records.
            Records(u8, u8, u8, Vec<u16>),
            Delete(u8, u8, u8),
            Wipe,
        }

        fn key(source: u8, kind: u8, day: u8) -> DayKey {
            DayKey {
                source: [Source::Import, Source::Google][usize::from(source % 2)],
                user: "u".into(),
                kind: [
                    Kind::Steps,
                    Kind::Daily(Metric::RestingHeartRate),
                    Kind::HeartRate,
                ][usize::from(kind % 3)],
                day: NaiveDate::from_ymd_opt(2026, 3, 1 + u32::from(day % 5)).unwrap(),
            }
        }

        fn payload(k: &DayKey, values: &[u16]) -> Payload {
            let t = |i: usize| 1_772_323_200 + i as i64 * 60;
            match k.kind {
                Kind::Steps => Payload::Intervals(
                    values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| crate::model::Interval {
                            start: t(i),
                            end: t(i) + 60,
                            offset: 0,
                            value: f64::from(*v),
                        })
                        .collect(),
                ),
                Kind::Daily(_) => Payload::Daily(
                    values
                        .iter()
                        .map(|v| Daily {
                            date: k.day,
                            value: f64::from(*v),
                            parts: None,
                        })
                        .collect(),
                ),
                _ => Payload::Samples(
                    values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| Sample {
                            t: t(i),
                            offset: 0,
                            value: f64::from(*v),
                        })
                        .collect(),
                ),
            }
        }

        fn op() -> impl Strategy<Value = Op> {
            let values = prop::collection::vec(0u16..5000, 0..6);
            prop_oneof![
                4 => (0u8..2, 0u8..3, 0u8..5, values.clone()).prop_map(|(a, b, c, v)| Op::Encoded(a, b, c, v)),
                4 => (0u8..2, 0u8..3, 0u8..5, values).prop_map(|(a, b, c, v)| Op::Records(a, b, c, v)),
                2 => (0u8..2, 0u8..3, 0u8..5).prop_map(|(a, b, c)| Op::Delete(a, b, c)),
                1 => Just(Op::Wipe),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            #[test]
            fn figures_equal_the_days_after_any_writes(ops in prop::collection::vec(op(), 1..40)) {
                let mut store: BTreeMap<String, Vec<u8>> = BTreeMap::new();
                for op in ops {
                    match op {
                        Op::Encoded(a, b, c, v) => {
                            let k = key(a, b, c);
                            let encoded = crate::model::codec::encode(&payload(&k, &v)).unwrap();
                            let bytes = DayRecord::final_bytes(&encoded, None, 1).unwrap();
                            store.extend(with_figures(vec![(k.id(), bytes)]));
                        }
                        Op::Records(a, b, c, v) => {
                            let k = key(a, b, c);
                            let r = DayRecord::new(payload(&k, &v), k.day, k.day, 1);
                            store.extend(encode_all(&[(k, r)]));
                        }
                        Op::Delete(a, b, c) => {
                            for id in deleted_with(&key(a, b, c).id()) {
                                store.remove(&id);
                            }
                        }
                        Op::Wipe => store.clear(),
                    }
                    // The recomputation: every day's figure from its record, and nothing else.
                    let want: BTreeMap<String, Vec<u8>> = store
                        .iter()
                        .filter_map(|(id, bytes)| {
                            let k = parse_id(id)?;
                            if k.kind != Kind::Steps {
                                return None;
                            }
                            let r = DayRecord::from_bytes(bytes)?;
                            let figure = match r.payload {
                                Payload::Intervals(i) if !i.is_empty() => Some(i.iter().map(|x| x.value).sum::<f64>()),
                                Payload::Daily(d) => d.last().map(|x| x.value),
                                _ => None,
                            };
                            Some((figure_id(id)?, figure_bytes(figure)))
                        })
                        .collect();
                    let got: BTreeMap<String, Vec<u8>> = store
                        .iter()
                        .filter(|(id, _)| is_figure_id(id))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    prop_assert_eq!(got, want);
                }
            }
        }

        #[test]
        fn figure_keys_are_told_apart() {
            let k = key(0, 0, 0);
            let f = figure_id(&k.id()).unwrap();
            assert_eq!(f, "import/u/steps.figure/2026-03-01");
            assert!(is_figure_id(&f) && !is_figure_id(&k.id()));
            assert!(
                figure_id(&key(0, 2, 0).id()).is_none(),
                "heart rate has none"
            );
            assert!(figure_id(&f).is_none() && parse_id(&f).is_none());
            assert!(holdings([f.as_str()]).is_empty());
            assert_eq!(figure_of_bytes(&figure_bytes(Some(1234.5))), Some(1234.5));
            assert_eq!(figure_of_bytes(&figure_bytes(None)), None);
        }
    }
}
