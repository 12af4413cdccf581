//! The faults a test can switch on per API family (`POST /faults` on the control API): a
//! status, a delay, a denied permission, and the legacy Fitbit API's 410 Gone.

use crate::Host;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A group of endpoints that fail together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    GoogleAuth,
    GoogleToken,
    GoogleHealth,
    FitbitAuth,
    FitbitApi,
}

impl Family {
    pub fn of(host: Host) -> Option<Family> {
        match host {
            Host::AccountsGoogle => Some(Family::GoogleAuth),
            Host::Oauth2Googleapis => Some(Family::GoogleToken),
            Host::HealthGoogleapis => Some(Family::GoogleHealth),
            Host::WwwFitbit => Some(Family::FitbitAuth),
            Host::ApiFitbit => Some(Family::FitbitApi),
            Host::Control | Host::App => None,
        }
    }
    pub fn is_fitbit(self) -> bool {
        matches!(self, Family::FitbitAuth | Family::FitbitApi)
    }
}

/// One family's faults. Every field defaults to "behave normally".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fault {
    /// Answer every request with this status (500, 502, 503…) and a plain body.
    pub status: Option<u16>,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Leave out `Access-Control-Allow-Origin` (the 2025-04 Fitbit CORS regression).
    pub drop_cors: bool,
    /// Cut the body in half (a connection dropped mid-response).
    pub truncate: bool,
    /// 403 "The caller does not have permission" (seen in 2025–26; Google Health and Fitbit API).
    pub permission_denied: bool,
}

/// All fault switches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    pub families: BTreeMap<Family, Fault>,
    /// The legacy Fitbit side answers 410 Gone everywhere (as since 2026-11-02).
    pub fitbit_gone: bool,
    /// Expose `Fitbit-Rate-Limit-*` to scripts (`Access-Control-Expose-Headers`). Off by
    /// default: whether Fitbit exposed them is unconfirmed, so the app must cope without.
    pub fitbit_expose_rate_headers: bool,
}
