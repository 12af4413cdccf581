//! Getting days of data: from the cache when it can answer, else from the connected source
//! (`sync::source`, one request per range where the API allows ranges), and storing them.
//! The account and device copies in localStorage live here too.

use crate::browser::{self, Area};
use crate::config::{Config, Source};
use crate::model::derive;
use crate::model::metric::Units;
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
pub use crate::sources::Device;
use crate::sync::cache::{store, DayKey, DayRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who is connected, and the time zone their data is written in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub user: String,
    /// IANA zone (Fitbit's profile, Google's settings).
    pub time_zone: Option<String>,
    /// For the default heart-rate zones; unknown when the profile is not readable.
    #[serde(default)]
    pub age: Option<u32>,
    /// What the person reads distances, weights and temperatures in.
    #[serde(default)]
    pub units: Units,
    fetched_at_ms: i64,
}

impl Account {
    pub fn zone(&self) -> Option<crate::model::zone::Zone> {
        self.time_zone
            .as_deref()
            .and_then(crate::sources::zone_named)
    }
}

/// A time-zone change is rare; a day-old copy saves a request on every visit.
const ACCOUNT_FRESH_MS: i64 = 24 * 3600 * 1000;

/// Inside the `fitdata.` prefix, so disconnecting removes it with the tokens.
pub fn account_key(source: Source) -> String {
    format!("fitdata.account.{}", source.key())
}

/// The connected account, from the local copy when it is recent.
pub async fn account(
    config: &Config,
    source: Source,
    opts: &Opts<'_>,
) -> Result<Account, ApiError> {
    let now = browser::now_ms();
    let stored: Option<Account> = browser::storage_get(Area::Local, &account_key(source))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    // The demo's copy is of the person chosen last: another choice is another account.
    let current =
        |a: &Account| source != Source::Demo || a.user == crate::sync::source::demo_user();
    if let Some(a) =
        stored.filter(|a| (0..ACCOUNT_FRESH_MS).contains(&(now - a.fetched_at_ms)) && current(a))
    {
        return Ok(a);
    }
    let p = crate::sync::source::profile(config, source, opts).await?;
    let a = Account {
        user: p.user,
        time_zone: p.time_zone,
        age: p.age,
        units: p.units,
        fetched_at_ms: now,
    };
    if let Ok(text) = serde_json::to_string(&a) {
        let _ = browser::storage_set(Area::Local, &account_key(source), &text);
    }
    forget_if_signed_out(source).await?;
    Ok(a)
}

/// Battery and sync change through the day: a copy this recent is shown instead of asking.
const DEVICES_FRESH_MS: i64 = crate::sync::cache::STALE_AFTER_MS;

#[derive(Serialize, Deserialize)]
struct StoredDevices {
    devices: Vec<Device>,
    fetched_at_ms: i64,
}

/// The paired devices, from a copy of the last quarter hour when there is one. Returns the
/// time (unix ms) they were read, for "as of".
pub async fn devices(
    config: &Config,
    source: Source,
    account: &Account,
    opts: &Opts<'_>,
) -> Result<(Vec<Device>, i64), ApiError> {
    let key = devices_key(source);
    let now = browser::now_ms();
    let stored: Option<StoredDevices> = browser::storage_get(Area::Local, &key)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(s) = stored.filter(|s| (0..DEVICES_FRESH_MS).contains(&(now - s.fetched_at_ms))) {
        return Ok((s.devices, s.fetched_at_ms));
    }
    let devices =
        crate::sync::source::devices(config, source, account.zone().as_ref(), now, opts).await?;
    let copy = StoredDevices {
        devices: devices.clone(),
        fetched_at_ms: now,
    };
    if let Ok(text) = serde_json::to_string(&copy) {
        let _ = browser::storage_set(Area::Local, &key, &text);
    }
    forget_if_signed_out(source).await?;
    Ok((devices, now))
}

/// Disconnect wipes localStorage, then deletes the database; a load still in flight can then
/// write the account back, or open the database again (and so create it anew) to store a day.
/// Every store access checks afterwards that the account is still signed in; if not, it undoes
/// what it may have recreated, so nothing of the account outlives the sign-out. (Disconnect
/// wipes the tokens first, so a write that ends after this check ends before the deletion.)
async fn forget_if_signed_out(source: Source) -> Result<(), ApiError> {
    // The demo and an import have no sign-in to lose.
    let Some(provider) = source.provider() else {
        return Ok(());
    };
    if crate::auth::session::load(provider).is_some() {
        return Ok(());
    }
    for key in [account_key(source), devices_key(source)] {
        let _ = browser::storage_remove(Area::Local, &key);
    }
    // The write that just landed noted itself in the ledger: gone with the days it noted.
    crate::sync::ledger::forget();
    browser::idb_delete_all().await.map_err(storage_error)?;
    Err(ApiError::Aborted)
}

fn devices_key(source: Source) -> String {
    format!("fitdata.devices.{}", source.key())
}

fn key(source: Source, account: &Account, data: Kind, day: NaiveDate) -> DayKey {
    DayKey {
        source,
        user: account.user.clone(),
        kind: data,
        day,
    }
}

fn storage_error(e: browser::BrowserError) -> ApiError {
    ApiError::storage(e)
}

/// What every read of one source's days needs: the deploy's config, the source, the
/// connected account and the request options (abort, waits, background). A view makes one
/// and asks it for a day, a range, or the API's own answers.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub config: &'a Config,
    pub source: Source,
    pub account: &'a Account,
    pub opts: &'a Opts<'a>,
}

/// A personal range asked for: (source, account, metric, day).
type RangeId = (&'static str, String, &'static str, NaiveDate);

thread_local! {
    /// The personal ranges this page already asked for: a day view opened again asks the API
    /// for none of them.
    static RANGES: std::cell::RefCell<BTreeMap<RangeId, Option<(f64, f64)>>> =
        const { std::cell::RefCell::new(BTreeMap::new()) };
}

impl Reader<'_> {
    fn key(&self, data: Kind, day: NaiveDate) -> DayKey {
        key(self.source, self.account, data, day)
    }

    /// An exercise's GPS track (`Exercise::route`), from the store once it was fetched: a
    /// past workout's route does not change, so it is asked for once.
    pub async fn route(&self, id: &str) -> Result<Vec<crate::model::route::Fix>, ApiError> {
        let key = crate::sync::cache::route_id(self.source, &self.account.user, id);
        if let Ok(Some(fixes)) = store::route(&key).await {
            return Ok(fixes);
        }
        let fixes = crate::sync::source::route(self.config, self.source, id, self.opts).await?;
        if !fixes.is_empty() {
            // Not kept is only asked again next time: the route is drawn either way.
            let _ = store::put_route(&key, &fixes).await;
        }
        Ok(fixes)
    }

    /// The person's own ranges of `m` over `[from, to]` as their source gives them (Google's
    /// resting heart rate and HRV, `sync::source::personal_ranges`), each day asked once a page
    /// visit. A refusal is no ranges, not an error: the views then draw the band of the days
    /// before, which needs no request (the API's documents name these roll-ups; no live
    /// account has confirmed them).
    pub async fn personal_ranges(
        &self,
        m: crate::model::metric::Metric,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<BTreeMap<NaiveDate, (f64, f64)>, ApiError> {
        let id = |d: NaiveDate| (self.source.key(), self.account.user.clone(), m.key(), d);
        let days = || from.iter_days().take_while(move |d| *d <= to);
        let known = |r: &BTreeMap<RangeId, Option<(f64, f64)>>| -> Option<BTreeMap<_, _>> {
            let mut out = BTreeMap::new();
            for d in days() {
                if let Some(range) = r.get(&id(d))? {
                    out.insert(d, *range);
                }
            }
            Some(out)
        };
        if let Some(all) = RANGES.with_borrow(known) {
            return Ok(all);
        }
        if !crate::sync::source::gives_personal_ranges(self.source, m) {
            return Ok(BTreeMap::new());
        }
        // Then the store: a past day's range, once given, does not change.
        let stored = store::personal_ranges(self.source, &self.account.user, m.key(), from, to)
            .await
            .unwrap_or_default();
        RANGES.with_borrow_mut(|r| {
            for (d, range) in &stored {
                r.insert(id(*d), *range);
            }
        });
        let held = |stored: BTreeMap<NaiveDate, Option<(f64, f64)>>| {
            stored
                .into_iter()
                .filter_map(|(d, r)| Some((d, r?)))
                .collect::<BTreeMap<_, _>>()
        };
        // Only the span of the days the store lacks is asked for (the last days, mostly).
        let missing = || days().filter(|d| !stored.contains_key(d));
        let (Some(first), Some(last)) = (missing().next(), missing().last()) else {
            return Ok(held(stored));
        };
        let (from, to) = (first, last);
        let got = match crate::sync::source::personal_ranges(
            self.config,
            self.source,
            m,
            (from, to),
            self.opts,
        )
        .await
        {
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            // A refusal is remembered for the visit only: it may be the network's.
            Err(_) => {
                RANGES.with_borrow_mut(|r| {
                    for d in from.iter_days().take_while(|d| *d <= to) {
                        r.insert(id(d), None);
                    }
                });
                return Ok(held(stored));
            }
            Ok(got) => got,
        };
        let today = crate::model::time::today();
        let answered: BTreeMap<NaiveDate, Option<(f64, f64)>> = from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| (d, got.get(&d).copied()))
            .collect();
        RANGES.with_borrow_mut(|r| {
            for (d, range) in &answered {
                r.insert(id(*d), *range);
            }
        });
        // Kept for the days that are over (today's may still come).
        let complete: BTreeMap<_, _> = answered
            .into_iter()
            .filter(|(d, _)| crate::sync::cache::is_complete(*d, today))
            .collect();
        let _ =
            store::put_personal_ranges(self.source, &self.account.user, m.key(), &complete).await;
        let mut all = held(stored);
        all.extend(got);
        Ok(all)
    }

    /// The heart-rate readings inside a workout (`workouts::readings`), from the local dates
    /// it spans (the next too when it ends after midnight). `days` holds the dates read: each
    /// is read once however many workouts ask, and one before `e`'s first date is dropped
    /// (workouts asked for in time order never need it again).
    pub async fn readings_during(
        &self,
        e: &crate::model::Exercise,
        days: &mut BTreeMap<NaiveDate, Vec<crate::model::Sample>>,
    ) -> Result<Vec<crate::model::Sample>, ApiError> {
        let first = e.date();
        let last = crate::model::time::civil_date(e.end, e.offset).max(first);
        days.retain(|d, _| *d >= first);
        let mut samples = Vec::new();
        let mut d = first;
        while d <= last {
            if let std::collections::btree_map::Entry::Vacant(slot) = days.entry(d) {
                slot.insert(match self.day(Kind::HeartRate, d).await? {
                    Payload::Samples(s) => s,
                    _ => Vec::new(),
                });
            }
            samples.extend(days.get(&d).into_iter().flatten().copied());
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
        samples.sort_by_key(|s| s.t);
        Ok(crate::model::workouts::readings(&samples, e))
    }

    /// One day of one data type: cached, derived from a cached finer level, or fetched and
    /// stored.
    pub async fn day(&self, data: Kind, date: NaiveDate) -> Result<Payload, ApiError> {
        Ok(self.day_from(data, date).await?.0)
    }

    /// `day`, with where the stored day came from when its source says (an import's file and
    /// the rule that placed its times).
    pub async fn day_from(
        &self,
        data: Kind,
        date: NaiveDate,
    ) -> Result<(Payload, Option<crate::model::Origin>), ApiError> {
        if let Some(r) = store::get(&self.key(data, date))
            .await
            .map_err(storage_error)?
        {
            return Ok((r.payload, r.origin));
        }
        // A miss may have opened (so created anew) a database Disconnect just deleted. (A hit
        // means it still held the account's days: Disconnect's deletion is still to come.)
        forget_if_signed_out(self.source).await?;
        // Minute means are the finest level averaged: no request when that is stored.
        if data == Kind::HeartRate1m {
            if let Some(DayRecord {
                payload: Payload::Samples(fine),
                ..
            }) = store::get(&self.key(Kind::HeartRate, date))
                .await
                .map_err(storage_error)?
            {
                return Ok((Payload::Samples(derive::mean_per(&fine, 60)), None));
            }
        }
        // A daily value's request costs the same for a month as for a day: the month before is
        // stored with it, so paging back through days costs no more requests.
        let from = match data {
            Kind::Daily(_) | Kind::HeartRateZones if self.source != Source::Demo => {
                let span = crate::sources::limits::max_days(self.source, data).clamp(1, 30);
                date - chrono::Duration::days(span - 1)
            }
            _ => date,
        };
        let mut days = self.fetch_range(data, from, date).await?;
        Ok((days.remove(&date).unwrap_or_else(|| empty(data)), None))
    }

    /// Every day of `[from, to]`: what the cache holds read in one transaction, the rest
    /// through `day` (a derived level, or a fetch). After `ensure`, that rest is only what
    /// went stale.
    pub async fn days(
        &self,
        data: Kind,
        range: (NaiveDate, NaiveDate),
    ) -> Result<Vec<(NaiveDate, Payload)>, ApiError> {
        let all = self.days_from(data, range).await?;
        Ok(all.into_iter().map(|(d, p, _)| (d, p)).collect())
    }

    /// The stored days of `[from, to]`, asking the source for none (the days not stored are
    /// left out).
    pub async fn stored_days(
        &self,
        data: Kind,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<Vec<(NaiveDate, Payload)>, ApiError> {
        Ok(
            store::get_range(self.source, &self.account.user, data, from, to)
                .await
                .map_err(storage_error)?
                .into_iter()
                .map(|(d, r)| (d, r.payload))
                .collect(),
        )
    }

    /// Each stored day's one figure of `[from, to]` (`Payload::day_figure`: steps added up, a
    /// daily value), asking the source for none: from the figures kept beside the days
    /// (`cache::figure_prefix`), or, for a type without them, from the days.
    pub async fn figures(
        &self,
        data: Kind,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<Vec<(NaiveDate, f64)>, ApiError> {
        if !crate::sync::cache::has_figure(data) {
            let days = self.stored_days(data, (from, to)).await?;
            return Ok(days
                .into_iter()
                .filter_map(|(d, p)| p.day_figure().map(|v| (d, v)))
                .collect());
        }
        Ok(
            store::figures(self.source, &self.account.user, data, from, to)
                .await
                .map_err(storage_error)?
                .into_iter()
                .collect(),
        )
    }

    /// `days`, each with where it came from when its source says (`day_from`).
    pub async fn days_from(
        &self,
        data: Kind,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<Vec<(NaiveDate, Payload, Option<crate::model::Origin>)>, ApiError> {
        let mut stored = store::get_range(self.source, &self.account.user, data, from, to)
            .await
            .map_err(storage_error)?;
        let mut out = Vec::new();
        for d in from.iter_days().take_while(|d| *d <= to) {
            match stored.remove(&d) {
                Some(r) => out.push((d, r.payload, r.origin)),
                None => {
                    let (payload, origin) = self.day_from(data, d).await?;
                    out.push((d, payload, origin));
                }
            }
        }
        Ok(out)
    }

    /// Fetches `[from, to]` of one type (a range the API answers in one request or one
    /// listing), stores every day of it in one transaction, days without data included, and
    /// returns them.
    pub async fn fetch_range(
        &self,
        data: Kind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BTreeMap<NaiveDate, Payload>, ApiError> {
        // An import stored every day it has: a day it lacks has no data, and is not stored as
        // such (the next import may bring it).
        if self.source == Source::Import {
            return Ok(BTreeMap::new());
        }
        // Other types the same answer carries (Fitbit's heart-rate series: resting rate and
        // zones).
        let crate::sources::Fetched {
            days: by_day,
            mut companions,
        } = crate::sync::source::range(
            self.config,
            self.source,
            self.account.zone().as_ref(),
            data,
            (from, to),
            self.opts,
        )
        .await?;
        // What the page draws is what the cache keeps: no non-finite number in either.
        let mut by_day: BTreeMap<NaiveDate, Payload> =
            by_day.into_iter().map(|(d, p)| (d, p.finite())).collect();
        let (today, now) = (crate::model::time::today(), browser::now_ms());
        let mut records = Vec::new();
        for day in from.iter_days().take_while(|d| *d <= to) {
            let payload = by_day.entry(day).or_insert_with(|| empty(data)).clone();
            records.push((
                self.key(data, day),
                DayRecord::new(payload, day, today, now),
            ));
            for (other, days) in &mut companions {
                let payload = days.remove(&day).unwrap_or_else(|| empty(*other));
                records.push((
                    self.key(*other, day),
                    DayRecord::new(payload, day, today, now),
                ));
            }
        }
        match store::put_all(&records).await {
            // A view shows what it fetched even when the disk is full; a backfill, whose whole
            // point is keeping the days, stops and says so.
            Err(browser::BrowserError::StorageFull) if !self.opts.background => {}
            other => other.map_err(storage_error)?,
        }
        forget_if_signed_out(self.source).await?;
        // An answer can hold data outside the range asked (a sleep that ended the next day).
        by_day.retain(|d, _| *d >= from && *d <= to);
        Ok(by_day)
    }

    /// The provider's answers for `[from, to]` of `data`, as received, in as few requests as
    /// the API allows (the backfill's plan). They are asked for again: the cache keeps the
    /// normalized model, not the answers (a Google day of every heart-rate reading is 20 MB
    /// of JSON). The days are stored again on the way, so the charts stay in step.
    pub async fn raw_range(
        &self,
        data: Kind,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<Vec<crate::sources::Answer>, RawError> {
        let jobs = crate::sync::plan::raw_jobs(self.source, data, (from, to))?;
        let record = std::cell::RefCell::new(Vec::new());
        let opts = self.opts;
        let recording = Opts {
            abort: opts.abort,
            on_wait: opts.on_wait,
            sent: opts.sent,
            background: opts.background,
            record: Some(&record),
        };
        let reader = Reader {
            opts: &recording,
            ..*self
        };
        // Oldest first, as a reader expects a file to run.
        for job in jobs.iter().rev() {
            reader.fetch_range(data, job.from, job.to).await?;
        }
        Ok(record.into_inner())
    }

    /// Makes sure every day of `[from, to]` is stored, fetching the missing ones in as few
    /// requests as the API allows (the backfill plan), and tells `done(jobs done, jobs)` as it
    /// goes.
    pub async fn ensure(
        &self,
        data: Kind,
        (from, to): (NaiveDate, NaiveDate),
        done: &dyn Fn(usize, usize),
    ) -> Result<(), ApiError> {
        let have = days_available(self.source, &self.account.user, data, from, to).await?;
        let jobs = crate::sync::plan::plan(self.source, &[data], from, to, |_| have.clone());
        for (i, job) in jobs.iter().enumerate() {
            done(i, jobs.len());
            self.fetch_range(data, job.from, job.to).await?;
        }
        done(jobs.len(), jobs.len());
        Ok(())
    }
}

fn empty(data: Kind) -> Payload {
    match data {
        Kind::HeartRate | Kind::HeartRate1m | Kind::Night(_) => Payload::Samples(vec![]),
        Kind::Steps => Payload::Intervals(vec![]),
        Kind::Sleep => Payload::Sleep(vec![]),
        Kind::Daily(_) => Payload::Daily(vec![]),
        Kind::HeartRateZones => Payload::Zones(vec![]),
        Kind::Exercises => Payload::Exercises(vec![]),
        Kind::Food => Payload::Food(vec![]),
        Kind::BeatHistogram => Payload::Histogram(vec![]),
    }
}

/// Why the API's answers could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum RawError {
    #[error(transparent)]
    TooLong(#[from] crate::sync::plan::TooLong),
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Day records cached (no storage estimate: what a start of the app needs).
pub async fn cache_count() -> Result<u32, ApiError> {
    store::count().await.map_err(storage_error)
}

/// Cached-day count and the bytes the browser reports for this site.
pub async fn cache_usage() -> Result<(u32, Option<f64>), ApiError> {
    store::usage().await.map_err(storage_error)
}

/// What the cache holds, per source and account.
pub async fn holdings() -> Result<Vec<crate::sync::cache::Holding>, ApiError> {
    store::holdings().await.map_err(storage_error)
}

/// The bytes each account's records take in the store, by (source key, account).
pub async fn bytes_held() -> Result<BTreeMap<(String, String), u64>, ApiError> {
    store::bytes_per_account().await.map_err(storage_error)
}

/// Deletes every cached day.
pub async fn clear_cache() -> Result<(), ApiError> {
    store::clear().await.map_err(storage_error)
}

/// The days of `[from, to]` the cache can answer for `data` without a request: stored ones,
/// and for 1-minute heart rate also those whose finest level is stored.
pub async fn days_available(
    source: Source,
    user: &str,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::BTreeSet<NaiveDate>, ApiError> {
    let mut days = store::days_stored(source, user, data, from, to)
        .await
        .map_err(storage_error)?;
    if data == Kind::HeartRate1m {
        days.extend(
            store::days_stored(source, user, Kind::HeartRate, from, to)
                .await
                .map_err(storage_error)?,
        );
    }
    Ok(days)
}
