//! The legacy Fitbit Web API: endpoint paths and the shapes of the answers the app reads.

#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod metrics;

use super::ApiError;
use crate::config::Provider;
use serde::Deserialize;

pub const PROFILE: &str = "/1/user/-/profile.json";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProfileBody {
    pub user: Profile,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub encoded_id: String,
    /// IANA zone of the profile *now*; past data stays in the zone it was recorded in.
    #[serde(default)]
    pub timezone: Option<String>,
    /// For the default heart-rate zones (Fitbit's are based on 220 − age).
    #[serde(default)]
    pub age: Option<u32>,
    /// "METRIC", "US" or a locale: what the person reads distances, weights and temperatures in.
    #[serde(default)]
    pub distance_unit: Option<String>,
    #[serde(default)]
    pub weight_unit: Option<String>,
    #[serde(default)]
    pub temperature_unit: Option<String>,
}

pub const DEVICES: &str = "/1/user/-/devices.json";

pub mod requests;

/// A paired tracker or scale (`/devices.json`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub device_version: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    /// "High", "Medium", "Low", "Empty".
    #[serde(default)]
    pub battery: Option<String>,
    #[serde(default)]
    pub battery_level: Option<u8>,
    /// Local wall time in the profile's zone, no offset ("2026-11-21T19:45:00.000").
    #[serde(default)]
    pub last_sync_time: Option<String>,
}

pub fn decode_devices(body: &str) -> Result<Vec<Device>, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode {
        provider: Provider::Fitbit,
        detail: e.to_string(),
    })
}

pub fn decode_profile(body: &str) -> Result<Profile, ApiError> {
    serde_json::from_str::<ProfileBody>(body)
        .map(|b| b.user)
        .map_err(|e| ApiError::Decode {
            provider: Provider::Fitbit,
            detail: e.to_string(),
        })
}

pub mod series;

#[cfg(test)]
mod tests;
