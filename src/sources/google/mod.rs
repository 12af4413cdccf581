//! Google Health API v4: endpoint paths and the shapes of the answers the app reads.

#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod metrics;

use super::ApiError;
use crate::config::Provider;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub const IDENTITY: &str = "/v4/users/me/identity";
pub const SETTINGS: &str = "/v4/users/me/settings";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub health_user_id: String,
    #[serde(default)]
    pub legacy_user_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// IANA zone, e.g. `Europe/Berlin`.
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub distance_unit: Option<String>,
    #[serde(default)]
    pub weight_unit: Option<String>,
    #[serde(default)]
    pub temperature_unit: Option<String>,
}

pub const PROFILE: &str = "/v4/users/me/profile";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Profile {
    /// For the default heart-rate zones.
    #[serde(default)]
    pub age: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Devices {
    #[serde(default)]
    pub paired_devices: Vec<PairedDevice>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedDevice {
    #[serde(default)]
    pub device_version: String,
    /// TRACKER or SCALE.
    #[serde(default)]
    pub device_type: String,
    #[serde(default)]
    pub battery_level: Option<u8>,
    /// High, Medium, Low, Empty (the discovery document's words).
    #[serde(default)]
    pub battery_status: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub last_sync_time: Option<String>,
}

/// Decodes a 2xx body, naming what failed to decode.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode {
        provider: Provider::Google,
        detail: e.to_string(),
    })
}

pub mod requests;

pub mod points;

#[cfg(test)]
mod tests;
