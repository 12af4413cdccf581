//! The app's IndexedDB database through `rexie`: one long-lived connection per page, reopened
//! when another tab's upgrade or deletion closes it.

use super::BrowserError;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The app's IndexedDB database. Unlike localStorage (a per-tab cache that other tabs' writes
/// reach later), a committed IndexedDB write is seen by every read that starts after it.
pub const DB_NAME: &str = "fitdata";
/// Version 1 had the key-value store only; version 2 added the day cache. Opening a version-1
/// database upgrades it in place: IndexedDB creates the missing store, `kv` keeps its data.
pub const DB_VERSION: u32 = 2;
/// Small values: the refresh-rotation journal, backfill plans.
pub const KV_STORE: &str = "kv";
/// The day cache (see `data::cache`).
pub const DAYS_STORE: &str = "days";

/// The kept connection. It closes when its last user lets go: a `Rexie` dropped without
/// `close` would leave the connection open with its `versionchange` handler freed, and the next
/// deletion (Disconnect) would wait for it forever.
struct Conn(Option<rexie::Rexie>);

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(db) = self.0.take() {
            db.close();
        }
    }
}

/// Marks an open on its way; dropped with the task that opens (finished or cancelled with its
/// view), so the others never wait for an open nobody is making.
struct Opening;

impl Opening {
    fn start() -> Opening {
        OPENING.with(|o| o.set(true));
        Opening
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        OPENING.with(|o| o.set(false));
    }
}

thread_local! {
    /// The page's connection, opened on first use and kept: opening costs more than most reads
    /// (a 365-day trend used to open the database once per day and card).
    static DB: RefCell<Option<Rc<Conn>>> = const { RefCell::new(None) };
    /// Connections opened by this page, for the benchmark and the tests.
    static OPENS: Cell<u32> = const { Cell::new(0) };
    /// An open is on its way.
    static OPENING: Cell<bool> = const { Cell::new(false) };
    /// Why the database cannot be used on this page (refused, or its upgrade blocked), once
    /// that is known: later calls fail at once instead of waiting again.
    static UNAVAILABLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// How long an open may wait. One that waits longer is blocked: another tab holds the database
/// open at an older version and does not let go (an old copy of the app left open).
const OPEN_WAIT_MS: u32 = 5_000;

/// Told on `window` (a plain event of this name) when the database turns out unusable.
pub const NO_STORAGE_EVENT: &str = "fitdata-no-storage";

/// Why IndexedDB cannot be used on this page, if it cannot.
pub fn idb_unavailable() -> Option<String> {
    UNAVAILABLE.with(|u| u.borrow().clone())
}

fn mark_unavailable(reason: String) -> BrowserError {
    UNAVAILABLE.with(|u| *u.borrow_mut() = Some(reason.clone()));
    if let Some(w) = web_sys::window() {
        if let Ok(e) = web_sys::Event::new(NO_STORAGE_EVENT) {
            let _ = w.dispatch_event(&e);
        }
    }
    BrowserError::NoStorage(reason)
}

/// How many times this page has opened the database.
pub fn idb_opens() -> u32 {
    OPENS.with(Cell::get)
}

async fn connection() -> Result<Rc<Conn>, BrowserError> {
    // The cards of a page start together: while one opens the database, the others wait for
    // that connection instead of opening their own.
    loop {
        if let Some(db) = DB.with(|d| d.borrow().clone()) {
            return Ok(db);
        }
        if !OPENING.with(Cell::get) {
            break;
        }
        super::sleep_ms(1).await;
    }
    if let Some(reason) = idb_unavailable() {
        return Err(BrowserError::NoStorage(reason));
    }
    let opening = Opening::start();
    let opened = super::within(OPEN_WAIT_MS, open_db_at(DB_VERSION)).await;
    drop(opening);
    let opened = match opened {
        Some(Ok(db)) => db,
        // A private window's refusal, a disabled site storage, a broken profile.
        Some(Err(e)) => return Err(mark_unavailable(format!("it refused to open the database ({e})"))),
        None => {
            return Err(mark_unavailable(
                "another tab keeps an older version of this app open, which blocks the database; close the app's other tabs and reload".into(),
            ))
        }
    };
    let db = Rc::new(Conn(Some(opened)));
    OPENS.with(|n| n.set(n.get() + 1));
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A transaction on the kept connection. Another tab's upgrade or deletion (a sign-out) makes
/// rexie close it (`versionchange`), after which it refuses transactions: then it is opened
/// again, once.
fn transaction_on(
    db: &Conn,
    stores: &[&str],
    mode: rexie::TransactionMode,
) -> Result<rexie::Transaction, BrowserError> {
    db.0.as_ref()
        .ok_or_else(|| BrowserError::Storage("IndexedDB: the connection is closed".into()))?
        .transaction(stores, mode)
        .map_err(idb_err)
}

async fn transaction(
    stores: &[&str],
    mode: rexie::TransactionMode,
) -> Result<(Rc<Conn>, rexie::Transaction), BrowserError> {
    let db = connection().await?;
    match transaction_on(&db, stores, mode) {
        Ok(tx) => Ok((db, tx)),
        Err(_) => {
            DB.with(|d| d.borrow_mut().take());
            drop(db);
            let db = connection().await?;
            let tx = transaction_on(&db, stores, mode)?;
            Ok((db, tx))
        }
    }
}

/// `store` in a transaction of its own. The connection travels along: it must outlive the
/// transaction's requests.
async fn open_store(
    store: &str,
    mode: rexie::TransactionMode,
) -> Result<(Rc<Conn>, rexie::Transaction, rexie::Store), BrowserError> {
    let (db, tx) = transaction(&[store], mode).await?;
    let s = tx.store(store).map_err(idb_err)?;
    Ok((db, tx, s))
}

/// The keys `[lo, hi]`, both included.
fn bound(lo: &str, hi: &str) -> Result<rexie::KeyRange, BrowserError> {
    rexie::KeyRange::bound(&lo.into(), &hi.into(), Some(false), Some(false))
        .map_err(|e| BrowserError::Storage(format!("IndexedDB key range: {e}")))
}

/// Opens the database at `version` with the stores that version has. Public for the migration
/// test, which creates a version-1 database first.
pub async fn open_db_at(version: u32) -> Result<rexie::Rexie, BrowserError> {
    let mut b = rexie::Rexie::builder(DB_NAME)
        .version(version)
        .add_object_store(rexie::ObjectStore::new(KV_STORE));
    if version >= 2 {
        b = b.add_object_store(rexie::ObjectStore::new(DAYS_STORE));
    }
    b.build().await.map_err(idb_err)
}

fn idb_err(e: rexie::Error) -> BrowserError {
    let text = format!("{e:?}");
    // A full disk or an origin over its quota: the write (and its transaction) is refused.
    if text.contains("QuotaExceeded") || text.contains("quota") {
        return BrowserError::StorageFull;
    }
    BrowserError::Storage(format!("IndexedDB: {e}"))
}

/// Waits for a write transaction to end. An aborted one stored nothing: that is an error, or
/// the caller would count its days as kept. (Chromium aborts a write over the quota at commit.)
async fn committed(tx: rexie::Transaction) -> Result<(), BrowserError> {
    match tx.done().await.map_err(idb_err)? {
        rexie::TransactionResult::Committed => Ok(()),
        // rexie hands no reason with an abort. Every request of a write is awaited, so a failed
        // one has already returned its own error; what aborts a transaction after its requests
        // succeeded is the commit, refused for want of room (Chromium: QuotaExceededError), or
        // a connection closed by a deletion, which only happens while signing out.
        rexie::TransactionResult::Aborted => Err(BrowserError::StorageFull),
    }
}

/// The stores of a page whose browser keeps no IndexedDB: the app still works on the network,
/// and this page's answers are not asked for twice, but nothing outlives the page.
type Memory = std::collections::BTreeMap<String, std::collections::BTreeMap<String, Stored>>;

/// A stored value: text (the key-value store, and day records of earlier versions) or bytes
/// (day records: `sync::cache`). Bytes are kept as a `Uint8Array`, which IndexedDB clones as
/// a block, with no text to encode or parse.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Text(String),
    Bytes(Vec<u8>),
}

impl Stored {
    fn from_js(v: &wasm_bindgen::JsValue) -> Option<Stored> {
        use wasm_bindgen::JsCast;
        if let Some(t) = v.as_string() {
            return Some(Stored::Text(t));
        }
        v.dyn_ref::<js_sys::Uint8Array>()
            .map(|a| Stored::Bytes(a.to_vec()))
    }

    fn to_js(&self) -> wasm_bindgen::JsValue {
        match self {
            Stored::Text(t) => t.as_str().into(),
            Stored::Bytes(b) => js_sys::Uint8Array::from(b.as_slice()).into(),
        }
    }
}

thread_local! {
    static MEMORY: RefCell<Memory> = const { RefCell::new(Memory::new()) };
}

/// `disk`, or, where the browser keeps no database (`NoStorage`), `memory` on the page's own
/// stores.
async fn disk_or_memory<T>(
    disk: impl std::future::Future<Output = Result<T, BrowserError>>,
    memory: impl FnOnce(&mut Memory) -> T,
) -> Result<T, BrowserError> {
    match disk.await {
        Err(BrowserError::NoStorage(_)) => Ok(MEMORY.with(|m| memory(&mut m.borrow_mut()))),
        other => other,
    }
}

/// Reads a text value from the app's IndexedDB key-value store.
pub async fn idb_get(key: &str) -> Result<Option<String>, BrowserError> {
    Ok(match idb_get_in(KV_STORE, key).await? {
        Some(Stored::Text(t)) => Some(t),
        _ => None,
    })
}

/// Writes a text value and returns once the transaction has committed.
pub async fn idb_put(key: &str, value: &str) -> Result<(), BrowserError> {
    idb_put_all_in(
        KV_STORE,
        &[(key.to_string(), Stored::Text(value.to_string()))],
    )
    .await
}

/// Reads a value from `store`.
pub async fn idb_get_in(store: &str, key: &str) -> Result<Option<Stored>, BrowserError> {
    let disk = async {
        let (_db, _tx, s) = open_store(store, rexie::TransactionMode::ReadOnly).await?;
        let value = s.get(key.into()).await.map_err(idb_err)?;
        Ok(value.and_then(|v| Stored::from_js(&v)))
    };
    disk_or_memory(disk, |m| m.get(store).and_then(|s| s.get(key)).cloned()).await
}

/// Writes several values in one transaction and returns once it has committed: all land, or
/// none does.
pub async fn idb_put_all_in(store: &str, items: &[(String, Stored)]) -> Result<(), BrowserError> {
    let disk = async {
        let (_db, tx, s) = open_store(store, rexie::TransactionMode::ReadWrite).await?;
        for (key, value) in items {
            s.put(&value.to_js(), Some(&key.as_str().into()))
                .await
                .map_err(idb_err)?;
        }
        committed(tx).await
    };
    disk_or_memory(disk, |m| {
        m.entry(store.into())
            .or_default()
            .extend(items.iter().cloned())
    })
    .await
}

/// Deletes one key from `store`.
pub async fn idb_delete_in(store: &str, key: &str) -> Result<(), BrowserError> {
    let disk = async {
        let (_db, tx, s) = open_store(store, rexie::TransactionMode::ReadWrite).await?;
        s.delete(key.into()).await.map_err(idb_err)?;
        committed(tx).await
    };
    disk_or_memory(disk, |m| {
        m.entry(store.into()).or_default().remove(key);
    })
    .await
}

fn memory_between(m: &Memory, store: &str, lo: &str, hi: &str) -> Vec<(String, Stored)> {
    m.get(store)
        .map(|s| {
            s.range(lo.to_string()..=hi.to_string())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

async fn keys_in(
    s: &rexie::Store,
    lo: &str,
    hi: &str,
) -> Result<Vec<wasm_bindgen::JsValue>, BrowserError> {
    s.get_all_keys(Some(bound(lo, hi)?), None)
        .await
        .map_err(idb_err)
}

/// The values of one range of an open store, in key order.
async fn values_in(
    s: &rexie::Store,
    lo: &str,
    hi: &str,
) -> Result<Vec<wasm_bindgen::JsValue>, BrowserError> {
    s.get_all(Some(bound(lo, hi)?), None).await.map_err(idb_err)
}

/// The keys of `store` in `[lo, hi]` (text order).
pub async fn idb_keys_between(
    store: &str,
    lo: &str,
    hi: &str,
) -> Result<Vec<String>, BrowserError> {
    let disk = async {
        let (_db, _tx, s) = open_store(store, rexie::TransactionMode::ReadOnly).await?;
        let keys = keys_in(&s, lo, hi).await?;
        Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
    };
    disk_or_memory(disk, |m| {
        memory_between(m, store, lo, hi)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    })
    .await
}

/// The entries of `store` with keys in `[lo, hi]` (text order), read in one transaction.
pub async fn idb_entries_between(
    store: &str,
    lo: &str,
    hi: &str,
) -> Result<Vec<(String, Stored)>, BrowserError> {
    let disk = async {
        let (_db, _tx, s) = open_store(store, rexie::TransactionMode::ReadOnly).await?;
        // Keys and values of one range, in one transaction, come in the same key order: two
        // bulk reads instead of a cursor step per record.
        let keys = keys_in(&s, lo, hi).await?;
        let values = values_in(&s, lo, hi).await?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(k, v)| Some((k.as_string()?, Stored::from_js(&v)?)))
            .collect())
    };
    disk_or_memory(disk, |m| memory_between(m, store, lo, hi)).await
}

/// The bytes of the values of `store` in `[lo, hi]` (a record's bytes, a text's UTF-8 length),
/// summed where they are: nothing is copied into the module.
pub async fn idb_value_bytes_between(store: &str, lo: &str, hi: &str) -> Result<u64, BrowserError> {
    let size = |v: &Stored| match v {
        Stored::Text(t) => t.len() as u64,
        Stored::Bytes(b) => b.len() as u64,
    };
    let disk = async {
        use wasm_bindgen::JsCast;
        let (_db, _tx, s) = open_store(store, rexie::TransactionMode::ReadOnly).await?;
        Ok(values_in(&s, lo, hi)
            .await?
            .iter()
            .map(
                |v| match (v.dyn_ref::<js_sys::Uint8Array>(), v.as_string()) {
                    (Some(a), _) => u64::from(a.byte_length()),
                    (None, Some(t)) => t.len() as u64,
                    (None, None) => 0,
                },
            )
            .sum())
    };
    disk_or_memory(disk, |m| {
        memory_between(m, store, lo, hi)
            .iter()
            .map(|(_, v)| size(v))
            .sum()
    })
    .await
}

/// How many records `store` holds.
pub async fn idb_count(store: &str) -> Result<u32, BrowserError> {
    let disk = async {
        let (_db, _tx, s) = open_store(store, rexie::TransactionMode::ReadOnly).await?;
        s.count(None).await.map_err(idb_err)
    };
    disk_or_memory(disk, |m| {
        m.get(store)
            .map_or(0, |s| u32::try_from(s.len()).unwrap_or(u32::MAX))
    })
    .await
}

/// Empties `store`.
pub async fn idb_clear(store: &str) -> Result<(), BrowserError> {
    let disk = async {
        let (_db, tx, s) = open_store(store, rexie::TransactionMode::ReadWrite).await?;
        s.clear().await.map_err(idb_err)?;
        committed(tx).await
    };
    disk_or_memory(disk, |m| {
        m.remove(store);
    })
    .await
}

/// Deletes the app's whole IndexedDB database. The kept connection is let go first; a
/// transaction still using it closes it when done, and the deletion's `versionchange` closes
/// it before that (rexie's handler), so the deletion never waits on this page.
///
/// Where the database is unusable, the deletion is still asked for (it runs once the blocking
/// tab lets go) but not waited on.
pub async fn idb_delete_all() -> Result<(), BrowserError> {
    DB.with(|d| d.borrow_mut().take());
    MEMORY.with(|m| m.borrow_mut().clear());
    if idb_unavailable().is_some() {
        let _ = super::within(OPEN_WAIT_MS, rexie::Rexie::delete(DB_NAME)).await;
        return Ok(());
    }
    rexie::Rexie::delete(DB_NAME).await.map_err(idb_err)
}
