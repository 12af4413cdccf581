//! The legacy Fitbit Web API: endpoint paths and the shapes of the answers the app reads.

use super::ApiError;
use crate::config::ProviderKind;
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
}

pub fn decode_profile(body: &str) -> Result<Profile, ApiError> {
    serde_json::from_str::<ProfileBody>(body)
        .map(|b| b.user)
        .map_err(|e| ApiError::Decode {
            provider: ProviderKind::Fitbit,
            detail: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_profile() {
        let p = decode_profile(r#"{"user":{"encodedId":"GGNJL9","timezone":"Europe/Berlin","offsetFromUTCMillis":3600000,"age":38}}"#).unwrap();
        assert_eq!(
            (p.encoded_id.as_str(), p.timezone.as_deref()),
            ("GGNJL9", Some("Europe/Berlin"))
        );
        assert!(decode_profile(r#"{"errors":[]}"#).is_err());
    }
}
