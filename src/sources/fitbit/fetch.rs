//! Legacy Fitbit Web API requests as sent: the profile, devices and ranges of every data type,
//! one request per range where the API has ranges. Fitbit writes local times without an
//! offset, so every read takes the profile's zone.

use crate::config::{Config, Provider};
use crate::model::derive;
use crate::model::metric::{Metric, Units};
use crate::model::zone::Zone;
use crate::model::{Kind, Payload};
use crate::sources::client::{self, Opts};
use crate::sources::{ApiError, Device, Fetched, Profile};
use chrono::NaiveDate;
use std::collections::BTreeMap;

const KIND: Provider = Provider::Fitbit;

/// The profile: who, their zone, units and age.
pub async fn profile(config: &Config, opts: &Opts<'_>) -> Result<Profile, ApiError> {
    let p = super::decode_profile(
        &client::get_with(config, KIND, super::PROFILE, "your profile", opts).await?,
    )?;
    Ok(Profile {
        units: Units::from_fitbit(
            p.distance_unit.as_deref(),
            p.weight_unit.as_deref(),
            p.temperature_unit.as_deref(),
        ),
        user: p.encoded_id,
        time_zone: p.timezone,
        age: p.age,
    })
}

/// The paired devices. Sync times are the profile zone's wall clock, without an offset.
pub async fn devices(
    config: &Config,
    zone: &Zone,
    opts: &Opts<'_>,
) -> Result<Vec<Device>, ApiError> {
    let body = client::get_with(config, KIND, super::DEVICES, "your devices", opts).await?;
    Ok(super::decode_devices(&body)?
        .into_iter()
        .map(|d| Device {
            name: d.device_version,
            kind: d.kind.to_lowercase(),
            battery_pct: d.battery_level,
            battery: d.battery,
            last_sync: d
                .last_sync_time
                .as_deref()
                .and_then(|t| crate::model::time::fitbit_local(zone, t, None))
                .map(|(t, _)| t),
        })
        .collect())
}

pub async fn range(
    config: &Config,
    zone: &Zone,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
    opts: &Opts<'_>,
) -> Result<Fetched, ApiError> {
    let mut companions = Vec::new();
    let get = |path: String, what: &'static str| async move {
        client::get_with(config, KIND, &path, what, opts).await
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
                    super::requests::intraday_path("heart", d, detail),
                    "heart rate",
                )
                .await?;
                out.insert(
                    d,
                    Payload::Samples(super::series::heart_rate(&body, zone, d)?),
                );
            }
        }
        Kind::Steps => {
            for d in from.iter_days().take_while(|d| *d <= to) {
                let body = get(super::requests::intraday_path("steps", d, "1min"), "steps").await?;
                // Minutes without steps are rows of 0 in Fitbit's answer and absent in
                // Google's: dropped, so both sources give the same intervals.
                let steps = super::series::activity(&body, "steps", zone, d)?
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
            // A metric the Web API lacks is never asked (`sources::offers`): no days.
            let Some(f) = m.fitbit() else {
                return Ok(Fetched::default());
            };
            let path = super::requests::range_path(f.path, from, to);
            let body = get(path, data.label()).await?;
            // Later entries of a day (a second weigh-in) replace earlier ones.
            let values: BTreeMap<NaiveDate, Payload> =
                super::series::daily(&body, f.list, f.value, m.fitbit_parts())?
                    .into_iter()
                    .map(|d| (d.date, Payload::Daily(vec![d])))
                    .collect();
            // One answer, two kinds: whichever was asked for, the other is stored with it.
            match data {
                Kind::HeartRateZones => {
                    out = derive::zones_by_day(super::series::zones(&body)?);
                    companions.push((Kind::RESTING, values));
                }
                _ => {
                    out = values;
                    if data == Kind::RESTING {
                        companions.push((
                            Kind::HeartRateZones,
                            derive::zones_by_day(super::series::zones(&body)?),
                        ));
                    }
                }
            }
        }
        // Never asked (`source::offers`): the activity log list and the night series are not
        // read from the API yet.
        Kind::Exercises | Kind::Night(_) | Kind::Food | Kind::BeatHistogram => {}
        Kind::Sleep => {
            // Up to 100 nights per request.
            let body = get(super::requests::sleep_path(from, to), "sleep").await?;
            for (d, s) in derive::sleep_by_night(super::series::sleep(&body, zone)?) {
                out.insert(d, Payload::Sleep(s));
            }
        }
    }
    Ok(Fetched {
        days: out,
        companions,
    })
}
