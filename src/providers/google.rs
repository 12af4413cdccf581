//! Google Health API v4: endpoint paths and the shapes of the answers the app reads.

use super::ApiError;
use crate::config::ProviderKind;
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
}

/// Decodes a 2xx body, naming what failed to decode.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode {
        provider: ProviderKind::Google,
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_identity_and_settings() {
        let i: Identity =
            decode(r#"{"name":"users/me/identity","healthUserId":"u1","legacyUserId":"GGNJL9"}"#)
                .unwrap();
        assert_eq!(i.health_user_id, "u1");
        let s: Settings = decode(r#"{"name":"users/me/settings","timeZone":"Europe/Berlin","utcOffset":"3600s","distanceUnit":"KILOMETERS"}"#).unwrap();
        assert_eq!(s.time_zone.as_deref(), Some("Europe/Berlin"));
        assert!(matches!(
            decode::<Identity>(r#"{"name":"users/me/iden"#),
            Err(ApiError::Decode { .. })
        ));
    }
}
