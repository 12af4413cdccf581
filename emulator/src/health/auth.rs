//! The Google side's check of every request, as an extractor (`Caller`): the bearer token and
//! the user before the handler runs, its scope and the 300 requests/min limit when it asks
//! (`Caller::allow`), with Google's error shapes.

use super::*;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::IntoResponse;

/// The caller of a Google Health request, checked before its handler runs: a bearer token the
/// Google side issued and that is still valid, and the user the path names (`users/{user}/…`)
/// being the token's. What a handler then asks is only `allow`: its scope and the rate limit.
pub(super) struct Caller {
    scopes: std::collections::BTreeSet<String>,
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, Response> {
        let Some(token) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Err(unauthenticated(
                "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                "CREDENTIALS_MISSING",
            ));
        };
        let scopes = {
            let st = shared.lock();
            match st.auth.check_access(token, st.now()) {
                Ok(r) if r.side == Side::Google => r.scopes.clone(),
                Ok(_) | Err(TokenProblem::Unknown) | Err(TokenProblem::Revoked) => {
                    return Err(unauthenticated(
                        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                        "ACCESS_TOKEN_TYPE_UNSUPPORTED",
                    ))
                }
                Err(TokenProblem::Expired) => {
                    return Err(unauthenticated("Request had invalid authentication credentials. The access token has expired.", "ACCESS_TOKEN_EXPIRED"))
                }
            }
        };
        // Every route names its user; another person's data is refused, as Google does.
        let params = RawPathParams::from_request_parts(parts, shared)
            .await
            .map_err(IntoResponse::into_response)?;
        let user = params
            .iter()
            .find(|(k, _)| *k == "user")
            .map_or("", |(_, v)| v);
        if user != "me" && user != GOOGLE_USER {
            return Err(rpc_error(
                StatusCode::FORBIDDEN,
                "PERMISSION_DENIED",
                "The caller does not have permission",
                None,
            ));
        }
        Ok(Caller { scopes })
    }
}

impl Caller {
    /// Whether the token carries every one of `scopes` (none asked: identity; a TCX needs
    /// activity and location), then the user's 300 requests/min, counted only for a request
    /// that got this far. Runs under the state lock.
    pub(super) fn allow(&self, st: &mut EmuState, scopes: &[&str]) -> Result<(), Response> {
        for scope in scopes {
            if !self.scopes.contains(&format!("{SCOPE_PREFIX}{scope}")) {
                return Err(rpc_error(
                    StatusCode::FORBIDDEN,
                    "PERMISSION_DENIED",
                    "Request had insufficient authentication scopes.",
                    Some("ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
                ));
            }
        }
        let verdict = st.rate_check(&format!("google:{GOOGLE_USER}"), RATE_LIMIT_PER_MINUTE, 60);
        if !verdict.allowed {
            let mut r = rpc_error(
                StatusCode::TOO_MANY_REQUESTS,
                "RESOURCE_EXHAUSTED",
                "Quota exceeded for quota metric 'Requests per user' of service 'health.googleapis.com'.",
                Some("RATE_LIMIT_EXCEEDED"),
            );
            if let Ok(v) = HeaderValue::from_str(&verdict.reset_in.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Err(r);
        }
        Ok(())
    }
}

pub(super) fn unauthenticated(message: &str, reason: &str) -> Response {
    let mut r = rpc_error(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        message,
        Some(reason),
    );
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(
            "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
        ),
    );
    r
}
