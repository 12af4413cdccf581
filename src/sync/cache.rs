//! The persistent day cache: what is stored per (provider, user, data type, civil day), when a
//! stored day can answer instead of the network, and how older stored formats are handled.
//! The rules are pure (host-tested); `store` keeps the records in IndexedDB.

use crate::config::ProviderKind;
use crate::model::{Kind, Payload};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The record format. Bump it when `DayRecord` or the model changes shape: records of another
/// schema are never decoded as this one; they count as missing and are replaced on the next
/// fetch (a cache can always be refilled from the API, so dropping is the safe migration).
/// 4: Google's AZM split by zone (every Google AZM day stored before was empty), daily parts,
/// and no non-finite number.
pub const SCHEMA: u32 = 4;

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
    pub provider: ProviderKind,
    pub user: String,
    pub kind: Kind,
    pub day: NaiveDate,
}

impl DayKey {
    /// The IndexedDB key. Dates sort as text, so a day range is a key range.
    pub fn id(&self) -> String {
        format!("{}{}", self.prefix(), self.day)
    }

    /// Everything before the date: the key-range prefix of one (provider, user, type).
    pub fn prefix(&self) -> String {
        prefix(self.provider, &self.user, self.kind)
    }
}

pub fn prefix(provider: ProviderKind, user: &str, kind: Kind) -> String {
    format!("{}/{}/{}/", provider.key(), user, kind.key())
}

/// The day a stored key names, if it is one of `prefix`'s.
pub fn day_of_id(prefix: &str, id: &str) -> Option<NaiveDate> {
    id.strip_prefix(prefix)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
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

    /// The stored text, only if it reads back: the cache never keeps a record it cannot read
    /// (that would be a day fetched again on every view).
    pub fn to_json(&self) -> Option<String> {
        let text = serde_json::to_string(self).ok()?;
        DayRecord::from_json(&text).is_some().then_some(text)
    }

    /// The stored text of a final record whose payload is already encoded (an import's worker
    /// encodes it, finite): written around it, never decoding it. `DayRecord::from_json` reads
    /// it back as `new` would have made it, with `complete` set and `origin` kept.
    pub fn final_json(
        payload: &serde_json::value::RawValue,
        origin: Option<&crate::model::Origin>,
        now_ms: i64,
    ) -> Option<String> {
        #[derive(Serialize)]
        struct Raw<'a> {
            schema: u32,
            fetched_at_ms: i64,
            complete: bool,
            payload: &'a serde_json::value::RawValue,
            #[serde(skip_serializing_if = "Option::is_none")]
            origin: Option<&'a crate::model::Origin>,
        }
        serde_json::to_string(&Raw {
            schema: SCHEMA,
            fetched_at_ms: now_ms,
            complete: true,
            payload,
            origin,
        })
        .ok()
    }

    /// Reads a stored record. `None` for another schema (the migration: refetch) or damage.
    pub fn from_json(text: &str) -> Option<DayRecord> {
        #[derive(Deserialize)]
        struct Head {
            schema: u32,
        }
        let head: Head = serde_json::from_str(text).ok()?;
        if head.schema != SCHEMA {
            return None;
        }
        serde_json::from_str(text).ok()
    }
}

#[cfg(target_arch = "wasm32")]
pub mod store {
    //! The cache's IndexedDB object store.

    use super::{day_of_id, prefix, DayKey, DayRecord, Kind};
    use crate::browser::{self, BrowserError};
    use crate::config::ProviderKind;
    use chrono::NaiveDate;
    use std::collections::{BTreeMap, BTreeSet};

    pub const STORE: &str = browser::DAYS_STORE;

    /// A usable record, or `None` (missing, stale, or of an older schema: then it is deleted).
    pub async fn get(key: &DayKey) -> Result<Option<DayRecord>, BrowserError> {
        let Some(text) = browser::idb_get_in(STORE, &key.id()).await? else {
            return Ok(None);
        };
        match DayRecord::from_json(&text) {
            Some(r) if r.usable(browser::now_ms()) => Ok(Some(r)),
            Some(_) => Ok(None),
            None => {
                browser::idb_delete_in(STORE, &key.id()).await?;
                Ok(None)
            }
        }
    }

    /// The usable records of `[from, to]` for (provider, user, kind), read in one transaction.
    /// Stale days and other schemas are left out (the caller fetches them again).
    pub async fn get_range(
        provider: ProviderKind,
        user: &str,
        kind: Kind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, DayRecord>, BrowserError> {
        let p = prefix(provider, user, kind);
        let now = browser::now_ms();
        let entries =
            browser::idb_entries_between(STORE, &format!("{p}{from}"), &format!("{p}{to}")).await?;
        Ok(entries
            .iter()
            .filter_map(|(k, text)| {
                let day = day_of_id(&p, k)?;
                let r = DayRecord::from_json(text).filter(|r| r.usable(now))?;
                Some((day, r))
            })
            .collect())
    }

    /// Stores records already encoded (`DayRecord::final_json`), in one transaction.
    pub async fn put_texts(items: &[(String, String)]) -> Result<(), BrowserError> {
        browser::idb_put_all_in(STORE, items).await
    }

    /// Stores several days in one transaction: a range answer lands whole or not at all.
    pub async fn put_all(records: &[(DayKey, DayRecord)]) -> Result<(), BrowserError> {
        let items: Vec<(String, String)> = records
            .iter()
            .filter_map(|(k, r)| Some((k.id(), r.to_json()?)))
            .collect();
        browser::idb_put_all_in(STORE, &items).await
    }

    /// The days of `[from, to]` stored for (provider, user, kind), whatever their freshness.
    pub async fn days_stored(
        provider: ProviderKind,
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

    /// Days cached, and the bytes the browser reports for this site (all storage).
    pub async fn usage() -> Result<(u32, Option<f64>), BrowserError> {
        Ok((
            browser::idb_count(STORE).await?,
            browser::storage_estimate().await,
        ))
    }

    /// Deletes every cached day (tokens and settings stay).
    pub async fn clear() -> Result<(), BrowserError> {
        browser::idb_clear(STORE).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interval, Sample};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn keys_sort_by_day_and_round_trip() {
        let k = DayKey {
            provider: ProviderKind::Fitbit,
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
        let json = r.to_json().unwrap();
        assert_eq!(DayRecord::from_json(&json), Some(r));
        let old = json.replacen(&format!("\"schema\":{SCHEMA}"), "\"schema\":1", 1);
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
        let json = r.to_json().expect("storable");
        assert_eq!(DayRecord::from_json(&json), Some(r));
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
        assert_eq!(raw.to_json(), None);
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
        };
        let raw = serde_json::value::to_raw_value(&payload).unwrap();
        let text = DayRecord::final_json(&raw, Some(&origin), 7).unwrap();
        let mut want = DayRecord::new(payload, d("2026-09-21"), d("2026-09-22"), 7);
        want.complete = true;
        want.origin = Some(origin);
        assert_eq!(DayRecord::from_json(&text), Some(want));
    }
}
