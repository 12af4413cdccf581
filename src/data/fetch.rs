//! Getting days of data: from the cache when it can answer, else from whichever provider is
//! connected (one request per range where the API allows ranges), decoded into the normalized
//! model and stored.

use crate::browser::{self, Area};
use crate::config::{Config, ProviderKind};
use crate::data::cache::{store, DayKey, DayRecord, Kind, Payload};
use crate::data::metric::{GoogleSource, Metric, Units};
use crate::data::model::{DayZones, Interval, Sample, SleepSession};
use crate::data::{demo, derive};
use crate::providers::client::{self, Opts};
use crate::providers::{fitbit, google, ApiError};
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
    pub fn zone(&self) -> Option<chrono_tz::Tz> {
        self.time_zone.as_deref().and_then(|z| z.parse().ok())
    }
}

/// A time-zone change is rare; a day-old copy saves a request on every visit.
const ACCOUNT_FRESH_MS: i64 = 24 * 3600 * 1000;

/// Inside the `fitdata.` prefix, so disconnecting removes it with the tokens.
pub fn account_key(kind: ProviderKind) -> String {
    format!("fitdata.account.{}", kind.key())
}

/// The connected account, from the local copy when it is recent.
pub async fn account(
    config: &Config,
    kind: ProviderKind,
    opts: &Opts<'_>,
) -> Result<Account, ApiError> {
    let now = browser::now_ms();
    let stored: Option<Account> = browser::storage_get(Area::Local, &account_key(kind))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(a) = stored.filter(|a| (0..ACCOUNT_FRESH_MS).contains(&(now - a.fetched_at_ms))) {
        return Ok(a);
    }
    let a = match kind {
        ProviderKind::Demo => Account {
            user: demo::USER.to_string(),
            time_zone: Some(demo::ZONE.to_string()),
            age: Some(u32::from(fitdata_synth::Person::AGE)),
            units: Units::default(),
            fetched_at_ms: now,
        },
        ProviderKind::Google => {
            let identity: google::Identity = google::decode(
                &client::get_with(config, kind, google::IDENTITY, "your identity", opts).await?,
            )?;
            let settings: google::Settings = google::decode(
                &client::get_with(config, kind, google::SETTINGS, "your settings", opts).await?,
            )?;
            // The age only draws the heart-rate zones: a sign-in without the profile scope
            // (an older one) still works, without zones.
            let age =
                match client::get_with(config, kind, google::PROFILE, "your profile", opts).await {
                    Ok(body) => google::decode::<google::Profile>(&body)?.age,
                    Err(ApiError::ScopeMissing { .. } | ApiError::Forbidden { .. }) => None,
                    Err(e) => return Err(e),
                };
            Account {
                user: identity.health_user_id,
                units: Units::from_google(
                    settings.distance_unit.as_deref(),
                    settings.weight_unit.as_deref(),
                    settings.temperature_unit.as_deref(),
                ),
                time_zone: settings.time_zone,
                age,
                fetched_at_ms: now,
            }
        }
        ProviderKind::Fitbit => {
            let p = fitbit::decode_profile(
                &client::get_with(config, kind, fitbit::PROFILE, "your profile", opts).await?,
            )?;
            Account {
                units: Units::from_fitbit(
                    p.distance_unit.as_deref(),
                    p.weight_unit.as_deref(),
                    p.temperature_unit.as_deref(),
                ),
                user: p.encoded_id,
                time_zone: p.timezone,
                age: p.age,
                fetched_at_ms: now,
            }
        }
    };
    if let Ok(text) = serde_json::to_string(&a) {
        let _ = browser::storage_set(Area::Local, &account_key(kind), &text);
    }
    forget_if_signed_out(kind).await?;
    Ok(a)
}

/// A paired tracker or scale, as both APIs describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub name: String,
    /// "tracker" or "scale".
    pub kind: String,
    pub battery_pct: Option<u8>,
    /// The API's own word for the level ("High", "LOW"…).
    pub battery: Option<String>,
    /// Unix seconds, UTC.
    pub last_sync: Option<i64>,
}

/// Battery and sync change through the day: a copy this recent is shown instead of asking.
const DEVICES_FRESH_MS: i64 = crate::data::cache::STALE_AFTER_MS;

#[derive(Serialize, Deserialize)]
struct StoredDevices {
    devices: Vec<Device>,
    fetched_at_ms: i64,
}

/// The paired devices, from a copy of the last quarter hour when there is one. Returns the
/// time (unix ms) they were read, for "as of".
pub async fn devices(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    opts: &Opts<'_>,
) -> Result<(Vec<Device>, i64), ApiError> {
    let key = devices_key(kind);
    let now = browser::now_ms();
    let stored: Option<StoredDevices> = browser::storage_get(Area::Local, &key)
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(s) = stored.filter(|s| (0..DEVICES_FRESH_MS).contains(&(now - s.fetched_at_ms))) {
        return Ok((s.devices, s.fetched_at_ms));
    }
    let devices = match kind {
        ProviderKind::Demo => vec![Device {
            name: "Synthetic tracker".into(),
            kind: "tracker".into(),
            battery_pct: Some(80),
            battery: Some("High".into()),
            last_sync: Some(now.div_euclid(1000) - 600),
        }],
        ProviderKind::Fitbit => {
            let body =
                client::get_with(config, kind, fitbit::DEVICES, "your devices", opts).await?;
            // Sync times are the profile zone's wall clock, without an offset.
            let zone = account.zone().unwrap_or(chrono_tz::UTC);
            fitbit::decode_devices(&body)?
                .into_iter()
                .map(|d| Device {
                    name: d.device_version,
                    kind: d.kind.to_lowercase(),
                    battery_pct: d.battery_level,
                    battery: d.battery,
                    last_sync: d
                        .last_sync_time
                        .as_deref()
                        .and_then(|t| crate::data::time::fitbit_local(zone, t, None))
                        .map(|(t, _)| t),
                })
                .collect()
        }
        ProviderKind::Google => {
            // Paged like every Google listing.
            let mut paired = Vec::new();
            let mut token = String::new();
            loop {
                let path = google::requests::devices_path(&token);
                let body = client::get_with(config, kind, &path, "your devices", opts).await?;
                let page = google::decode::<google::Devices>(&body)?;
                paired.extend(page.paired_devices);
                if !google::requests::next_page(&mut token, page.next_page_token)? {
                    break;
                }
            }
            paired
                .into_iter()
                .map(|d| Device {
                    name: d.device_version,
                    kind: d.device_type.to_lowercase(),
                    battery_pct: d.battery_level,
                    battery: d.battery_status,
                    last_sync: d
                        .last_sync_time
                        .as_deref()
                        .and_then(crate::data::time::parse_instant),
                })
                .collect()
        }
    };
    let copy = StoredDevices {
        devices: devices.clone(),
        fetched_at_ms: now,
    };
    if let Ok(text) = serde_json::to_string(&copy) {
        let _ = browser::storage_set(Area::Local, &key, &text);
    }
    forget_if_signed_out(kind).await?;
    Ok((devices, now))
}

/// Disconnect wipes localStorage, then deletes the database; a load still in flight can then
/// write the account back, or open the database again (and so create it anew) to store a day.
/// Every store access checks afterwards that the account is still signed in; if not, it undoes
/// what it may have recreated, so nothing of the account outlives the sign-out. (Disconnect
/// wipes the tokens first, so a write that ends after this check ends before the deletion.)
async fn forget_if_signed_out(kind: ProviderKind) -> Result<(), ApiError> {
    if kind == ProviderKind::Demo || crate::auth::session::load(kind).is_some() {
        return Ok(());
    }
    for key in [account_key(kind), devices_key(kind)] {
        let _ = browser::storage_remove(Area::Local, &key);
    }
    browser::idb_delete_all().await.map_err(storage_error)?;
    Err(ApiError::Aborted)
}

fn devices_key(kind: ProviderKind) -> String {
    format!("fitdata.devices.{}", kind.key())
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn key(kind: ProviderKind, account: &Account, data: Kind, day: NaiveDate) -> DayKey {
    DayKey {
        provider: kind,
        user: account.user.clone(),
        kind: data,
        day,
    }
}

fn storage_error(e: browser::BrowserError) -> ApiError {
    ApiError::Storage(e.to_string())
}

/// One day of one data type: cached, derived from a cached finer level, or fetched and stored.
pub async fn day(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    date: NaiveDate,
    opts: &Opts<'_>,
) -> Result<Payload, ApiError> {
    if let Some(r) = store::get(&key(kind, account, data, date))
        .await
        .map_err(storage_error)?
    {
        return Ok(r.payload);
    }
    // A miss may have opened (so created anew) a database Disconnect just deleted. (A hit
    // means it still held the account's days: Disconnect's deletion is still to come.)
    forget_if_signed_out(kind).await?;
    // Minute means are the finest level averaged: no request when that is stored.
    if data == Kind::HeartRate1m {
        if let Some(DayRecord {
            payload: Payload::Samples(fine),
            ..
        }) = store::get(&key(kind, account, Kind::HeartRate, date))
            .await
            .map_err(storage_error)?
        {
            return Ok(Payload::Samples(derive::mean_per(&fine, 60)));
        }
    }
    // A daily value's request costs the same for a month as for a day: the month before is
    // stored with it, so paging back through days costs no more requests.
    let from = match data {
        Kind::Daily(_) | Kind::HeartRateZones if kind != ProviderKind::Demo => {
            let span = crate::data::backfill::max_days(kind, data).clamp(1, 30);
            date - chrono::Duration::days(span - 1)
        }
        _ => date,
    };
    let mut days = fetch_range(config, kind, account, data, from, date, opts).await?;
    Ok(days.remove(&date).unwrap_or_else(|| empty(data)))
}

fn empty(data: Kind) -> Payload {
    match data {
        Kind::HeartRate | Kind::HeartRate1m => Payload::Samples(vec![]),
        Kind::Steps => Payload::Intervals(vec![]),
        Kind::Sleep => Payload::Sleep(vec![]),
        Kind::Daily(_) => Payload::Daily(vec![]),
        Kind::HeartRateZones => Payload::Zones(vec![]),
    }
}

/// Fetches `[from, to]` of one type (a range the API answers in one request or one listing),
/// stores every day of it in one transaction, days without data included, and returns them.
pub async fn fetch_range(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<BTreeMap<NaiveDate, Payload>, ApiError> {
    // Other types the same answer carries (Fitbit's heart-rate series: resting rate and zones).
    let mut companions = Vec::new();
    let by_day: BTreeMap<NaiveDate, Payload> = match kind {
        // Generated here: the demo never touches the network.
        ProviderKind::Demo => {
            let person = demo::person();
            from.iter_days()
                .take_while(|d| *d <= to)
                .map(|d| (d, demo::day(&person, data, d)))
                .collect()
        }
        ProviderKind::Google => google_range(config, data, from, to, opts).await?,
        ProviderKind::Fitbit => {
            fitbit_range(config, account, data, from, to, opts, &mut companions).await?
        }
    };
    // What the page draws is what the cache keeps: no non-finite number in either.
    let mut by_day: BTreeMap<NaiveDate, Payload> =
        by_day.into_iter().map(|(d, p)| (d, p.finite())).collect();
    let (today, now) = (today(), browser::now_ms());
    let mut records = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        let payload = by_day.entry(day).or_insert_with(|| empty(data)).clone();
        records.push((
            key(kind, account, data, day),
            DayRecord::new(payload, day, today, now),
        ));
        for (other, days) in &mut companions {
            let payload = days.remove(&day).unwrap_or_else(|| empty(*other));
            records.push((
                key(kind, account, *other, day),
                DayRecord::new(payload, day, today, now),
            ));
        }
    }
    store::put_all(&records).await.map_err(storage_error)?;
    forget_if_signed_out(kind).await?;
    // An answer can hold data outside the range asked (a sleep that ended the next day).
    by_day.retain(|d, _| *d >= from && *d <= to);
    Ok(by_day)
}

/// Every page of a Google listing, oldest first. An empty page that still carries a token is
/// not the end: the next page is asked for.
async fn google_all<T>(
    config: &Config,
    kebab: &str,
    filter: &str,
    what: &str,
    decode: &dyn Fn(&str) -> google::points::Decoded<T>,
    opts: &Opts<'_>,
) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let path = google::requests::list_path(kebab, filter, &token);
        let body = client::get_with(config, ProviderKind::Google, &path, what, opts).await?;
        let (items, next) = decode(&body)?;
        out.extend(items);
        if !google::requests::next_page(&mut token, next)? {
            break;
        }
    }
    // The API lists newest first.
    out.reverse();
    Ok(out)
}

async fn google_range(
    config: &Config,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<BTreeMap<NaiveDate, Payload>, ApiError> {
    use google::requests::{date_filter, physical_filter, sleep_filter};
    Ok(match data {
        Kind::HeartRate | Kind::HeartRate1m => {
            let samples: Vec<Sample> = google_all(
                config,
                "heart-rate",
                &physical_filter("heart-rate", from, to),
                "heart rate",
                &google::points::heart_rate,
                opts,
            )
            .await?;
            // Google has every reading; the minute level is their mean (Fitbit's definition).
            // The window is wider than the days: points are kept by their own civil date.
            derive::samples_by_day(samples)
                .into_iter()
                .filter(|(d, _)| (from..=to).contains(d))
                .map(|(d, s)| {
                    let s = if data == Kind::HeartRate1m {
                        derive::mean_per(&s, 60)
                    } else {
                        s
                    };
                    (d, Payload::Samples(s))
                })
                .collect()
        }
        Kind::Steps => {
            let items: Vec<Interval> = google_all(
                config,
                "steps",
                &physical_filter("steps", from, to),
                "steps",
                &google::points::steps,
                opts,
            )
            .await?;
            derive::intervals_by_day(items)
                .into_iter()
                .filter(|(d, _)| (from..=to).contains(d))
                .map(|(d, i)| (d, Payload::Intervals(i)))
                .collect()
        }
        Kind::Daily(m) => google_metric(config, m, from, to, opts)
            .await?
            .into_iter()
            .map(|d| (d.date, Payload::Daily(vec![d])))
            .collect(),
        Kind::HeartRateZones => zones_by_day(
            google_all(
                config,
                "daily-heart-rate-zones",
                &date_filter("daily-heart-rate-zones", from, to),
                "heart-rate zones",
                &google::points::zones,
                opts,
            )
            .await?,
        ),
        Kind::Sleep => {
            let items: Vec<SleepSession> = google_all(
                config,
                "sleep",
                &sleep_filter(from, to),
                "sleep",
                &google::points::sleep,
                opts,
            )
            .await?;
            derive::sleep_by_night(items)
                .into_iter()
                .map(|(d, mut s)| {
                    derive::ensure_main(&mut s);
                    (d, Payload::Sleep(s))
                })
                .collect()
        }
    })
}

/// A Google metric over `[from, to]`: listed by date, by sample time, or rolled up per day.
/// A day keeps its last value.
async fn google_metric(
    config: &Config,
    m: Metric,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<Vec<crate::data::model::Daily>, ApiError> {
    use google::requests::{date_filter, physical_filter, rollup_body, rollup_path};
    let source = m.google();
    let kebab = source.kebab();
    let read = google::points::read(m);
    let days = match source {
        GoogleSource::Daily { .. } => {
            let decode = move |b: &str| google::points::daily(b, read);
            google_all(
                config,
                kebab,
                &date_filter(kebab, from, to),
                m.label(),
                &decode,
                opts,
            )
            .await?
        }
        GoogleSource::Samples { .. } => {
            let decode = move |b: &str| google::points::samples(b, read);
            let filter = physical_filter(kebab, from, to);
            google_all(config, kebab, &filter, m.label(), &decode, opts).await?
        }
        GoogleSource::Rollup { .. } => {
            // Paged like the listings (at most 90 windows, 14 for total calories).
            let mut out = Vec::new();
            let mut token = String::new();
            loop {
                let body = rollup_body(kebab, from, to, &token);
                let answer = client::post_json_with(
                    config,
                    ProviderKind::Google,
                    &rollup_path(kebab),
                    &body,
                    m.label(),
                    opts,
                )
                .await?;
                let (days, next) = google::points::rollup(&answer, read)?;
                out.extend(days);
                if !google::requests::next_page(&mut token, next)? {
                    break;
                }
            }
            // Newest first, as the API answers: oldest first, like the listings.
            out.sort_by_key(|d| d.date);
            out
        }
    };
    // A day keeps its last value; days outside the range (a wide window) are dropped.
    let mut by_day: BTreeMap<NaiveDate, crate::data::model::Daily> = days
        .into_iter()
        .filter(|d| (from..=to).contains(&d.date))
        .map(|d| (d.date, d))
        .collect();
    // Roll-ups leave days without data out; a count with no data that day is 0 (as Fitbit's
    // series says), up to today.
    if let Some(zero) = m.zero_day() {
        for day in from.iter_days().take_while(|d| *d <= to.min(today())) {
            by_day.entry(day).or_insert_with(|| zero(day));
        }
    }
    Ok(by_day.into_values().collect())
}

/// Zones by the day they are for; a day keeps its last record.
fn zones_by_day(zones: Vec<DayZones>) -> BTreeMap<NaiveDate, Payload> {
    zones
        .into_iter()
        .map(|z| (z.date, Payload::Zones(vec![z])))
        .collect()
}

async fn fitbit_range(
    config: &Config,
    account: &Account,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
    companions: &mut Vec<(Kind, BTreeMap<NaiveDate, Payload>)>,
) -> Result<BTreeMap<NaiveDate, Payload>, ApiError> {
    // Fitbit writes local times without an offset: they are read in the profile's zone.
    let zone = account.zone().unwrap_or(chrono_tz::UTC);
    let kind = ProviderKind::Fitbit;
    let get = |path: String, what: &'static str| async move {
        client::get_with(config, kind, &path, what, opts).await
    };
    let mut out = BTreeMap::new();
    match data {
        Kind::HeartRate | Kind::HeartRate1m => {
            // Intraday is one day per request (the API's 24-hour limit).
            let detail = if data == Kind::HeartRate {
                "1sec"
            } else {
                "1min"
            };
            for d in from.iter_days().take_while(|d| *d <= to) {
                let body = get(
                    format!("/1/user/-/activities/heart/date/{d}/1d/{detail}.json"),
                    "heart rate",
                )
                .await?;
                out.insert(
                    d,
                    Payload::Samples(fitbit::series::heart_rate(&body, zone, d)?),
                );
            }
        }
        Kind::Steps => {
            for d in from.iter_days().take_while(|d| *d <= to) {
                let body = get(
                    format!("/1/user/-/activities/steps/date/{d}/1d/1min.json"),
                    "steps",
                )
                .await?;
                // Minutes without steps are rows of 0 in Fitbit's answer and absent in
                // Google's: dropped, so both sources give the same intervals.
                let steps = fitbit::series::activity(&body, "steps", zone, d)?
                    .into_iter()
                    .filter(|i| i.value > 0.0)
                    .collect();
                out.insert(d, Payload::Intervals(steps));
            }
        }
        Kind::Daily(_) | Kind::HeartRateZones => {
            // The zones come in the heart-rate series, with the resting rate.
            let m = match data {
                Kind::Daily(m) => m,
                _ => Metric::RestingHeartRate,
            };
            let f = m.fitbit();
            let path = f
                .path
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string());
            let body = get(path, data.label()).await?;
            // Later entries of a day (a second weigh-in) replace earlier ones.
            let values: BTreeMap<NaiveDate, Payload> =
                fitbit::series::daily(&body, f.list, f.value, m.fitbit_parts())?
                    .into_iter()
                    .map(|d| (d.date, Payload::Daily(vec![d])))
                    .collect();
            // One answer, two kinds: whichever was asked for, the other is stored with it.
            match data {
                Kind::HeartRateZones => {
                    out = zones_by_day(fitbit::series::zones(&body)?);
                    companions.push((Kind::RESTING, values));
                }
                _ => {
                    out = values;
                    if data == Kind::RESTING {
                        companions.push((
                            Kind::HeartRateZones,
                            zones_by_day(fitbit::series::zones(&body)?),
                        ));
                    }
                }
            }
        }
        Kind::Sleep => {
            // Up to 100 nights per request.
            let body = get(format!("/1.2/user/-/sleep/date/{from}/{to}.json"), "sleep").await?;
            for (d, s) in derive::sleep_by_night(fitbit::series::sleep(&body, zone)?) {
                out.insert(d, Payload::Sleep(s));
            }
        }
    }
    Ok(out)
}

/// The provider's answers for `[from, to]` of `data`, as received, in as few requests as the
/// API allows (the backfill's plan). They are asked for again: the cache keeps the normalized
/// model, not the answers (a Google day of every heart-rate reading is 20 MB of JSON). The days
/// are stored again on the way, so the charts stay in step.
pub async fn raw_range(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    (from, to): (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<Vec<crate::providers::Answer>, RawError> {
    let jobs = crate::data::backfill::raw_jobs(kind, data, (from, to))?;
    let record = std::cell::RefCell::new(Vec::new());
    let recording = Opts {
        abort: opts.abort,
        on_wait: opts.on_wait,
        sent: opts.sent,
        background: opts.background,
        record: Some(&record),
    };
    // Oldest first, as a reader expects a file to run.
    for job in jobs.iter().rev() {
        fetch_range(config, kind, account, data, job.from, job.to, &recording).await?;
    }
    Ok(record.into_inner())
}

/// Why the API's answers could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum RawError {
    #[error(transparent)]
    TooLong(#[from] crate::data::backfill::TooLong),
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Makes sure every day of `[from, to]` is stored, fetching the missing ones in as few
/// requests as the API allows (the backfill plan), and tells `done(jobs done, jobs)` as it goes.
pub async fn ensure(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    (from, to): (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
    done: &dyn Fn(usize, usize),
) -> Result<(), ApiError> {
    let have = days_available(kind, &account.user, data, from, to).await?;
    let jobs = crate::data::backfill::plan(kind, &[data], from, to, |_| have.clone());
    for (i, job) in jobs.iter().enumerate() {
        done(i, jobs.len());
        fetch_range(config, kind, account, data, job.from, job.to, opts).await?;
    }
    done(jobs.len(), jobs.len());
    Ok(())
}

/// Cached-day count and the bytes the browser reports for this site.
pub async fn cache_usage() -> Result<(u32, Option<f64>), ApiError> {
    store::usage().await.map_err(storage_error)
}

/// Deletes every cached day.
pub async fn clear_cache() -> Result<(), ApiError> {
    store::clear().await.map_err(storage_error)
}

/// The days of `[from, to]` the cache can answer for `data` without a request: stored ones,
/// and for 1-minute heart rate also those whose finest level is stored.
pub async fn days_available(
    kind: ProviderKind,
    user: &str,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::BTreeSet<NaiveDate>, ApiError> {
    let mut days = store::days_stored(kind, user, data, from, to)
        .await
        .map_err(storage_error)?;
    if data == Kind::HeartRate1m {
        days.extend(
            store::days_stored(kind, user, Kind::HeartRate, from, to)
                .await
                .map_err(storage_error)?,
        );
    }
    Ok(days)
}
