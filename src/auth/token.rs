//! A token set that knows its own expiry. Its `Debug` never shows a token.

use crate::config::Provider;
use serde::{Deserialize, Serialize};

/// How the tokens were obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Authorization code + PKCE: a refresh token may come with it.
    Code,
    /// Google's token mode (implicit): one access token for an hour, no refresh token.
    Token,
}

/// Refresh this long before the access token expires, so no request goes out with a token that
/// dies on the way.
pub const REFRESH_SKEW_MS: i64 = 5 * 60 * 1000;

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSet {
    pub provider: Provider,
    pub mode: Mode,
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Absolute expiry of the access token, unix milliseconds.
    pub expires_at_ms: i64,
    /// Absolute expiry of the refresh token, when the provider says (Google in Testing: 7 days).
    pub refresh_expires_at_ms: Option<i64>,
    /// Scopes the provider says it granted (may be fewer than asked for).
    pub scopes: Vec<String>,
    /// Fitbit's `user_id`, when given.
    pub user_id: Option<String>,
    pub obtained_at_ms: i64,
    /// How many refreshes led to this pair (0 at sign-in). Tabs compare it, not timestamps, to
    /// find the newest pair: clocks can jump, rotations only go forward.
    #[serde(default)]
    pub generation: u64,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("provider", &self.provider)
            .field("mode", &self.mode)
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl TokenSet {
    /// Whether the access token is past its expiry at `now_ms`.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// Whether to refresh before the next request: inside the skew window, and refreshable.
    pub fn should_refresh(&self, now_ms: i64) -> bool {
        self.can_refresh(now_ms) && now_ms >= self.expires_at_ms - REFRESH_SKEW_MS
    }

    /// Whether a refresh token is held and not known to be dead.
    pub fn can_refresh(&self, now_ms: i64) -> bool {
        self.refresh_token.is_some() && self.refresh_expires_at_ms.is_none_or(|e| now_ms < e)
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(expires_at_ms: i64, refresh: bool) -> TokenSet {
        TokenSet {
            provider: Provider::Google,
            mode: Mode::Code,
            access_token: "ya29.secret-access".into(),
            refresh_token: refresh.then(|| "1//secret-refresh".into()),
            expires_at_ms,
            refresh_expires_at_ms: None,
            scopes: vec!["a".into()],
            user_id: None,
            obtained_at_ms: 0,
            generation: 0,
        }
    }

    #[test]
    fn expiry_arithmetic() {
        let t = set(3_600_000, true);
        assert!(!t.is_expired(3_599_999));
        assert!(t.is_expired(3_600_000));
        assert!(!t.should_refresh(3_600_000 - REFRESH_SKEW_MS - 1));
        assert!(t.should_refresh(3_600_000 - REFRESH_SKEW_MS));
        assert!(!set(0, false).should_refresh(10), "nothing to refresh with");
        let mut dead = set(0, true);
        dead.refresh_expires_at_ms = Some(5);
        assert!(dead.can_refresh(4) && !dead.can_refresh(5));
    }

    #[test]
    fn debug_never_shows_tokens() {
        let text = format!("{:?}", set(1, true));
        assert!(!text.contains("secret"), "{text}");
    }
}
