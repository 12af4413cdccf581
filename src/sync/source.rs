//! The one interface every source answers: who is connected, their devices, and a range of one
//! data type, dispatched to the source's folder (or, for the demo, to the worker module that
//! generates it). `sync::fetch` calls these and never matches on a source's wire contract.

use crate::config::{Config, Source};
use crate::model::Kind;
use crate::sources::client::Opts;
use crate::sources::{demo, fitbit, google, import, ApiError, Device, Fetched, Profile};
use chrono::NaiveDate;

/// Which of the demo's people the page chose (`demo::CHOICE_KEY`): the default one unless
/// the drifting sleeper was.
pub fn demo_user() -> String {
    crate::browser::storage_get(crate::browser::Area::Local, demo::CHOICE_KEY)
        .ok()
        .flatten()
        .filter(|u| u == demo::DRIFTING_USER)
        .unwrap_or_else(|| demo::USER.to_string())
}

/// Chooses the demo's person `user` for the next demo (`demo::USER` or `demo::DRIFTING_USER`).
pub fn choose_demo(user: &str) {
    let _ = crate::browser::storage_set(crate::browser::Area::Local, demo::CHOICE_KEY, user);
}

/// The connected account.
pub async fn profile(
    config: &Config,
    source: Source,
    opts: &Opts<'_>,
) -> Result<Profile, ApiError> {
    match source {
        Source::Demo => Ok(demo::profile_of(&demo_user())),
        Source::Import => Ok(import::saved().profile()),
        Source::Google => google::fetch::profile(config, opts).await,
        Source::Fitbit => fitbit::fetch::profile(config, opts).await,
    }
}

/// The paired devices. `zone` is the account's, for sources that write local times.
pub async fn devices(
    config: &Config,
    source: Source,
    zone: Option<&crate::model::zone::Zone>,
    now_ms: i64,
    opts: &Opts<'_>,
) -> Result<Vec<Device>, ApiError> {
    match source {
        Source::Demo => Ok(demo::devices(now_ms)),
        // An export lists no devices this app shows.
        Source::Import => Ok(Vec::new()),
        Source::Google => google::fetch::devices(config, opts).await,
        Source::Fitbit => {
            let utc = crate::model::zone::Zone::utc();
            fitbit::fetch::devices(config, zone.unwrap_or(&utc), opts).await
        }
    }
}

/// Whether `source` gives the person's own ranges of `m` (`personal_ranges`).
pub fn gives_personal_ranges(source: Source, m: crate::model::metric::Metric) -> bool {
    source == Source::Google && m.google_personal_range().is_some()
}

/// The person's own ranges of `m` over `[from, to]`, where their source gives them (Google's
/// daily roll-ups: resting heart rate and HRV); none for every other source and metric.
pub async fn personal_ranges(
    config: &Config,
    source: Source,
    m: crate::model::metric::Metric,
    range: (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<std::collections::BTreeMap<NaiveDate, (f64, f64)>, ApiError> {
    match source {
        Source::Google => google::fetch::personal_ranges(config, m, range, opts).await,
        Source::Fitbit | Source::Demo | Source::Import => Ok(Default::default()),
    }
}

/// An exercise's GPS track by the source's id of it (`Exercise::route`): only Google's
/// exercises carry one.
pub async fn route(
    config: &Config,
    source: Source,
    id: &str,
    opts: &Opts<'_>,
) -> Result<Vec<crate::model::route::Fix>, ApiError> {
    match source {
        Source::Google => google::fetch::route(config, id, opts).await,
        // Made in the worker module, as the demo's days are: the id is the workout's start.
        Source::Demo => match id.parse() {
            Ok(start) => crate::worker::demo::route(&demo_user(), start).await,
            Err(_) => Ok(Vec::new()),
        },
        Source::Fitbit | Source::Import => Ok(Vec::new()),
    }
}

/// `[from, to]` of `data`, in as few requests as the source allows for that range.
pub async fn range(
    config: &Config,
    source: Source,
    zone: Option<&crate::model::zone::Zone>,
    data: Kind,
    (from, to): (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<Fetched, ApiError> {
    if !crate::sources::offers(source, data) {
        return Ok(Fetched::default());
    }
    match source {
        // Generated in the worker module: the demo never touches the network.
        Source::Demo => crate::worker::demo::range(&demo_user(), data, from, to).await,
        // Everything an import has is in the cache: a day it lacks is a day without data.
        Source::Import => Ok(Fetched::default()),
        Source::Google => Ok(Fetched {
            days: google::fetch::range(config, data, from, to, opts).await?,
            companions: Vec::new(),
        }),
        // Fitbit writes local times without an offset: they are read in the profile's zone.
        Source::Fitbit => {
            let utc = crate::model::zone::Zone::utc();
            let zone = zone.unwrap_or(&utc);
            fitbit::fetch::range(config, zone, data, from, to, opts).await
        }
    }
}
