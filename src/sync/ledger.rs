//! A small ledger of what the cache holds, kept in localStorage beside the database
//! (IndexedDB): so the app can tell a browser that deleted the stored days from one that
//! never had any. Chromium evicts a "best effort" site's databases under disk pressure and
//! leaves its localStorage; the ledger then still says days were stored, and the store is
//! found empty. Where the browser clears both at once (the person clearing the site's data,
//! Safari's 7-day rule), nothing of the site is left to tell the two apart: that is a first
//! visit again, and the page says how to keep data the next time (`sync::keep`).

use serde::{Deserialize, Serialize};

/// Where the ledger is kept (inside `fitdata.`, so disconnecting removes it with the rest).
pub const KEY: &str = "fitdata.ledger";

/// What the cache held, as last seen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// When days were first stored (unix ms).
    pub first_write_ms: i64,
    /// When days were last stored.
    pub last_write_ms: i64,
    /// Day records the store held when last counted (at a start of the app).
    pub records: u32,
}

impl Ledger {
    /// The ledger after a write at `now_ms`.
    pub fn wrote(prev: Option<Ledger>, now_ms: i64) -> Ledger {
        let prev = prev.unwrap_or_default();
        Ledger {
            first_write_ms: if prev.first_write_ms > 0 {
                prev.first_write_ms
            } else {
                now_ms
            },
            last_write_ms: now_ms,
            records: prev.records,
        }
    }
}

/// What a start of the app finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The store holds what the ledger says it may (or nothing was ever stored).
    Fine,
    /// Days were stored and the store is empty: the browser deleted them.
    Lost(Ledger),
}

/// The store holds `records` now; the ledger says what it held.
pub fn verdict(ledger: Option<&Ledger>, records: u32) -> Verdict {
    match ledger {
        Some(l) if l.last_write_ms > 0 && records == 0 => Verdict::Lost(l.clone()),
        _ => Verdict::Fine,
    }
}

/// The ledger as stored, if readable.
#[cfg(target_arch = "wasm32")]
pub fn load() -> Option<Ledger> {
    let text = crate::browser::storage_get(crate::browser::Area::Local, KEY)
        .ok()
        .flatten()?;
    serde_json::from_str(&text).ok()
}

#[cfg(target_arch = "wasm32")]
fn save(ledger: &Ledger) {
    if let Ok(text) = serde_json::to_string(ledger) {
        let _ = crate::browser::storage_set(crate::browser::Area::Local, KEY, &text);
    }
}

/// Notes a write of days to the store.
#[cfg(target_arch = "wasm32")]
pub fn note_write() {
    save(&Ledger::wrote(load(), crate::browser::now_ms()));
}

/// Notes the count a start of the app found (only a store that holds days).
#[cfg(target_arch = "wasm32")]
pub fn note_count(records: u32) {
    if let Some(mut l) = load().filter(|_| records > 0) {
        l.records = records;
        save(&l);
    }
}

/// Forgets the ledger: the person cleared the store on purpose.
#[cfg(target_arch = "wasm32")]
pub fn forget() {
    let _ = crate::browser::storage_remove(crate::browser::Area::Local, KEY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_store_is_a_loss_only_where_days_were_stored() {
        assert_eq!(verdict(None, 0), Verdict::Fine, "a first visit");
        let l = Ledger::wrote(None, 1_000);
        let l = Ledger::wrote(Some(l), 5_000);
        assert_eq!((l.first_write_ms, l.last_write_ms), (1_000, 5_000));
        assert_eq!(verdict(Some(&l), 12), Verdict::Fine);
        assert_eq!(verdict(Some(&l), 0), Verdict::Lost(l.clone()));
        // A ledger that never saw a write (a count noted alone) is no loss.
        assert_eq!(verdict(Some(&Ledger::default()), 0), Verdict::Fine);
    }
}
