//! Fetching one civil day of heart rate, steps and sleep from whichever provider is connected,
//! decoded into the normalized model.

use crate::config::{Config, ProviderKind};
use crate::data::model::{Interval, Sample, SleepSession};
use crate::providers::{client, fitbit, google, ApiError};
use chrono::NaiveDate;

/// What the day view draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    pub heart_rate: Vec<Sample>,
    pub steps: Vec<Interval>,
    /// Sleeps that ended on this date (the night belongs to the morning it ended).
    pub sleep: Vec<SleepSession>,
}

fn list_path(kebab: &str, filter: &str, page_token: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("filter", filter)
        .append_pair("pageSize", "10000")
        .append_pair("pageToken", page_token)
        .finish();
    format!("/v4/users/me/dataTypes/{kebab}/dataPoints?{query}")
}

/// Every page of a Google list, oldest first.
async fn google_all<T>(
    config: &Config,
    kebab: &str,
    filter: &str,
    what: &str,
    decode: fn(&str) -> google::points::Decoded<T>,
) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let body = client::get(
            config,
            ProviderKind::Google,
            &list_path(kebab, filter, &token),
            what,
        )
        .await?;
        let (items, next) = decode(&body)?;
        out.extend(items);
        match next {
            Some(n) => token = n,
            None => break,
        }
    }
    // The API lists newest first.
    out.reverse();
    Ok(out)
}

pub async fn day(config: Config, kind: ProviderKind, date: NaiveDate) -> Result<Day, ApiError> {
    let next = date.succ_opt().unwrap_or(date);
    match kind {
        ProviderKind::Google => {
            let hr = format!("heart_rate.sample_time.civil_time >= \"{date}T00:00:00\" AND heart_rate.sample_time.civil_time < \"{next}T00:00:00\"");
            let steps = format!("steps.interval.civil_start_time >= \"{date}\" AND steps.interval.civil_start_time < \"{next}\"");
            let sleep = format!("sleep.interval.civil_end_time >= \"{date}\" AND sleep.interval.civil_end_time < \"{next}\"");
            Ok(Day {
                date,
                heart_rate: google_all(
                    &config,
                    "heart-rate",
                    &hr,
                    "heart rate",
                    google::points::heart_rate,
                )
                .await?,
                steps: google_all(&config, "steps", &steps, "steps", google::points::steps).await?,
                sleep: google_all(&config, "sleep", &sleep, "sleep", google::points::sleep).await?,
            })
        }
        ProviderKind::Fitbit => {
            // Fitbit writes local times without an offset: they are read in the profile's zone.
            let profile = fitbit::decode_profile(
                &client::get(&config, kind, fitbit::PROFILE, "your profile").await?,
            )?;
            let zone: chrono_tz::Tz = profile
                .timezone
                .as_deref()
                .and_then(|z| z.parse().ok())
                .unwrap_or(chrono_tz::UTC);
            let hr = client::get(
                &config,
                kind,
                &format!("/1/user/-/activities/heart/date/{date}/1d/1sec.json"),
                "heart rate",
            )
            .await?;
            let steps = client::get(
                &config,
                kind,
                &format!("/1/user/-/activities/steps/date/{date}/1d/1min.json"),
                "steps",
            )
            .await?;
            let sleep = client::get(
                &config,
                kind,
                &format!("/1.2/user/-/sleep/date/{date}.json"),
                "sleep",
            )
            .await?;
            Ok(Day {
                date,
                heart_rate: fitbit::series::heart_rate(&hr, zone, date)?,
                steps: fitbit::series::activity(&steps, "steps", zone, date)?
                    .into_iter()
                    .filter(|i| i.value > 0.0)
                    .collect(),
                sleep: fitbit::series::sleep(&sleep, zone)?,
            })
        }
    }
}
