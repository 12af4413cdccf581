//! Sends API requests with the session's tokens: refreshed ahead of expiry, and once more on a
//! 401 before giving up.

use super::{decode_error, ApiError};
use crate::auth::session;
use crate::auth::AuthError;
use crate::browser;
use crate::config::{Config, ProviderKind};

/// GETs `path` on `kind`'s API and returns the 2xx body, or a typed error.
pub async fn get(
    config: &Config,
    kind: ProviderKind,
    path: &str,
    what: &str,
) -> Result<String, ApiError> {
    let cfg = config
        .provider(kind)
        .ok_or_else(|| AuthError::Config(format!("providers.{} is missing", kind.key())))?;
    let tokens = session::load(kind).ok_or(AuthError::ReconnectNeeded { provider: kind })?;
    let mut tokens = session::fresh(cfg, tokens).await?;
    let url = cfg
        .api_base
        .join(path)
        .map_err(|e| AuthError::Config(e.to_string()))?
        .to_string();
    let mut retried = false;
    loop {
        let reply = browser::get_bearer(&url, &tokens.access_token)
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if (200..300).contains(&reply.status) {
            return Ok(reply.body);
        }
        // An access token can die early (revoked, clock skew): refresh once and retry.
        if reply.status == 401 && !retried && tokens.can_refresh(browser::now_ms()) {
            tokens = session::refresh(cfg, &tokens).await?;
            retried = true;
            continue;
        }
        if reply.status == 401 {
            return Err(AuthError::ReconnectNeeded { provider: kind }.into());
        }
        return Err(decode_error(kind, reply.status, &reply.body, what, None));
    }
}
