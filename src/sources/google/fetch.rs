//! Google Health API v4 requests as sent: the account, paired devices and ranges of every data
//! type, each listing walked page by page. The pure parts (`requests`, `points`) build and read
//! them; this sends them with the session's tokens.

use crate::config::{Config, Provider};
use crate::model::derive;
use crate::model::metric::{Metric, Units};
use crate::model::{Daily, Exercise, Interval, Kind, Payload, Sample, SleepSession};
use crate::sources::client::{self, Opts};
use crate::sources::google::metrics::GoogleSource;
use crate::sources::{ApiError, Device, Profile};
use chrono::NaiveDate;
use std::collections::BTreeMap;

const KIND: Provider = Provider::Google;

/// Who is signed in, their settings (zone, units) and, when the scope allows, their age.
pub async fn profile(config: &Config, opts: &Opts<'_>) -> Result<Profile, ApiError> {
    let identity: super::Identity = super::decode(
        &client::get_with(config, KIND, super::IDENTITY, "your identity", opts).await?,
    )?;
    let settings: super::Settings = super::decode(
        &client::get_with(config, KIND, super::SETTINGS, "your settings", opts).await?,
    )?;
    // The age only draws the heart-rate zones: a sign-in without the profile scope
    // (an older one) still works, without zones.
    let age = match client::get_with(config, KIND, super::PROFILE, "your profile", opts).await {
        Ok(body) => super::decode::<super::Profile>(&body)?.age,
        Err(ApiError::ScopeMissing { .. } | ApiError::Forbidden { .. }) => None,
        Err(e) => return Err(e),
    };
    Ok(Profile {
        user: identity.health_user_id,
        units: Units::from_google(
            settings.distance_unit.as_deref(),
            settings.weight_unit.as_deref(),
            settings.temperature_unit.as_deref(),
        ),
        time_zone: settings.time_zone,
        age,
    })
}

/// The paired devices, every page.
pub async fn devices(config: &Config, opts: &Opts<'_>) -> Result<Vec<Device>, ApiError> {
    // Paged like every Google listing.
    let mut paired = Vec::new();
    let mut token = String::new();
    loop {
        let path = super::requests::devices_path(&token);
        let body = client::get_with(config, KIND, &path, "your devices", opts).await?;
        let page = super::decode::<super::Devices>(&body)?;
        paired.extend(page.paired_devices);
        if !super::requests::next_page(&mut token, page.next_page_token)? {
            break;
        }
    }
    Ok(paired
        .into_iter()
        .map(|d| Device {
            name: d.device_version,
            kind: d.device_type.to_lowercase(),
            battery_pct: d.battery_level,
            battery: d.battery_status,
            last_sync: d
                .last_sync_time
                .as_deref()
                .and_then(crate::model::time::parse_instant),
        })
        .collect())
}

/// Every page of a Google listing, oldest first. An empty page that still carries a token is
/// not the end: the next page is asked for.
async fn all<T>(
    config: &Config,
    kebab: &str,
    filter: &str,
    what: &str,
    decode: &dyn Fn(&str) -> super::points::Decoded<T>,
    opts: &Opts<'_>,
) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let path = super::requests::list_path(kebab, filter, &token);
        let body = client::get_with(config, KIND, &path, what, opts).await?;
        let (items, next) = decode(&body)?;
        out.extend(items);
        if !super::requests::next_page(&mut token, next)? {
            break;
        }
    }
    // The API lists newest first.
    out.reverse();
    Ok(out)
}

/// `[from, to]` of `data` by civil day: listings walked page by page (physical-time windows
/// kept by each point's own civil date), or daily roll-ups.
pub async fn range(
    config: &Config,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<BTreeMap<NaiveDate, Payload>, ApiError> {
    use super::requests::{date_filter, physical_filter, sleep_filter};
    Ok(match data {
        Kind::HeartRate | Kind::HeartRate1m => {
            let samples: Vec<Sample> = all(
                config,
                "heart-rate",
                &physical_filter("heart-rate", from, to),
                "heart rate",
                &super::points::heart_rate,
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
            let items: Vec<Interval> = all(
                config,
                "steps",
                &physical_filter("steps", from, to),
                "steps",
                &super::points::steps,
                opts,
            )
            .await?;
            derive::intervals_by_day(items)
                .into_iter()
                .filter(|(d, _)| (from..=to).contains(d))
                .map(|(d, i)| (d, Payload::Intervals(i)))
                .collect()
        }
        Kind::Daily(m) => metric(config, m, from, to, opts)
            .await?
            .into_iter()
            .map(|d| (d.date, Payload::Daily(vec![d])))
            .collect(),
        Kind::HeartRateZones => derive::zones_by_day(
            all(
                config,
                "daily-heart-rate-zones",
                &date_filter("daily-heart-rate-zones", from, to),
                "heart-rate zones",
                &super::points::zones,
                opts,
            )
            .await?,
        ),
        // Never asked (`source::offers`): the night series, food and the beat histogram are
        // the exports' own.
        Kind::Night(_) | Kind::Food | Kind::BeatHistogram => BTreeMap::new(),
        Kind::Exercises => {
            let items: Vec<Exercise> = all(
                config,
                "exercise",
                &super::requests::exercise_filter(from, to),
                "exercises",
                &super::points::exercise,
                opts,
            )
            .await?;
            // Filed on the day each started, where it started (as the filter chose them).
            let mut out: BTreeMap<NaiveDate, Payload> = BTreeMap::new();
            for x in items
                .into_iter()
                .filter(|x| (from..=to).contains(&x.date()))
            {
                if let Payload::Exercises(v) = out
                    .entry(x.date())
                    .or_insert(Payload::Exercises(Vec::new()))
                {
                    v.push(x);
                }
            }
            out
        }
        Kind::Sleep => {
            let items: Vec<SleepSession> = all(
                config,
                "sleep",
                &sleep_filter(from, to),
                "sleep",
                &super::points::sleep,
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

/// Google's personal ranges of `m` over the civil days `[from, to]` (its daily roll-ups'
/// `…PersonalRange`), paged like every roll-up; a day the API gives none for is left out, and
/// a metric without them asks nothing.
pub async fn personal_ranges(
    config: &Config,
    m: Metric,
    (from, to): (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<BTreeMap<NaiveDate, (f64, f64)>, ApiError> {
    use super::requests::{next_page, rollup_body, rollup_page_size, rollup_path};
    let mut out = BTreeMap::new();
    let Some(range) = m.google_personal_range() else {
        return Ok(out);
    };
    // A roll-up covers at most its page size in days (`INVALID_ROLLUP_QUERY_DURATION` past
    // it): a long range is asked a chunk at a time.
    let chunk = rollup_page_size(range.kebab);
    let mut start = from;
    while start <= to {
        let end = (start + chrono::Duration::days(chunk - 1)).min(to);
        let mut token = String::new();
        loop {
            let body = rollup_body(range.kebab, start, end, &token);
            let answer = client::post_json_with(
                config,
                KIND,
                &rollup_path(range.kebab),
                &body,
                m.label(),
                opts,
            )
            .await?;
            let (ranges, next) = super::points::personal_ranges(&answer, &range)?;
            out.extend(
                ranges
                    .into_iter()
                    .filter(|(d, ..)| (start..=end).contains(d))
                    .map(|(d, low, high)| (d, (low, high))),
            );
            if !next_page(&mut token, next)? {
                break;
            }
        }
        let Some(next) = end.succ_opt() else { break };
        start = next;
    }
    Ok(out)
}

/// A Google metric over `[from, to]`: listed by date, by sample time, or rolled up per day.
/// A day keeps its last value.
async fn metric(
    config: &Config,
    m: Metric,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<Vec<Daily>, ApiError> {
    use super::requests::{date_filter, physical_filter, rollup_body, rollup_path};
    // A metric Google does not have is a range without values, asked of no one.
    let (Some(source), Some(read)) = (m.google(), super::points::read(m)) else {
        return Ok(Vec::new());
    };
    let kebab = source.kebab();
    let days = match source {
        GoogleSource::Daily { .. } => {
            let decode = move |b: &str| super::points::daily(b, read);
            all(
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
            let decode = move |b: &str| super::points::samples(b, read);
            let filter = physical_filter(kebab, from, to);
            all(config, kebab, &filter, m.label(), &decode, opts).await?
        }
        GoogleSource::Rollup { .. } => {
            // Paged like the listings (at most 90 windows, 14 for total calories).
            let mut out = Vec::new();
            let mut token = String::new();
            loop {
                let body = rollup_body(kebab, from, to, &token);
                let answer = client::post_json_with(
                    config,
                    KIND,
                    &rollup_path(kebab),
                    &body,
                    m.label(),
                    opts,
                )
                .await?;
                let (days, next) = super::points::rollup(&answer, read)?;
                out.extend(days);
                if !super::requests::next_page(&mut token, next)? {
                    break;
                }
            }
            // Newest first, as the API answers: oldest first, like the listings.
            out.sort_by_key(|d| d.date);
            out
        }
    };
    // A day keeps its last value; days outside the range (a wide window) are dropped.
    let mut by_day: BTreeMap<NaiveDate, Daily> = days
        .into_iter()
        .filter(|d| (from..=to).contains(&d.date))
        .map(|d| (d.date, d))
        .collect();
    // Roll-ups leave days without data out; a count with no data that day is 0 (as Fitbit's
    // series says), up to today.
    if let Some(zero) = m.zero_day() {
        for day in from
            .iter_days()
            .take_while(|d| *d <= to.min(crate::model::time::today()))
        {
            by_day.entry(day).or_insert_with(|| zero(day));
        }
    }
    Ok(by_day.into_values().collect())
}

/// An exercise's GPS track, from its TCX file (`exportExerciseTcx`). Google asks for the
/// location scope besides the activity one: without it, `ApiError::ScopeMissing`.
pub async fn route(
    config: &Config,
    id: &str,
    opts: &Opts<'_>,
) -> Result<Vec<crate::model::route::Fix>, ApiError> {
    let path = super::requests::exercise_tcx_path(id).ok_or_else(|| ApiError::Decode {
        provider: KIND,
        detail: format!("an exercise id that is not Google's ({id})"),
    })?;
    let body = client::get_with(config, KIND, &path, "your workout's route", opts).await?;
    crate::model::route::from_tcx(&body).map_err(|e| ApiError::Decode {
        provider: KIND,
        detail: e.to_string(),
    })
}
