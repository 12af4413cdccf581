//! The Google side's check of every request: the bearer token, the scope, the user and the
//! 300 requests/min limit, with Google's error shapes.

use super::*;

/// Checks the bearer token, its scope and the user's rate limit. Runs under the state lock.
pub(super) fn authorize(
    st: &mut EmuState,
    headers: &HeaderMap,
    user: &str,
    scope: Option<&str>,
) -> Result<(), Response> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(unauthenticated(
            "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            "CREDENTIALS_MISSING",
        ));
    };
    let now = st.now();
    let record = match st.auth.check_access(token, now) {
        Ok(r) if r.side == Side::Google => r.clone(),
        Ok(_) | Err(TokenProblem::Unknown) | Err(TokenProblem::Revoked) => {
            return Err(unauthenticated(
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
                "ACCESS_TOKEN_TYPE_UNSUPPORTED",
            ))
        }
        Err(TokenProblem::Expired) => {
            return Err(unauthenticated("Request had invalid authentication credentials. The access token has expired.", "ACCESS_TOKEN_EXPIRED"))
        }
    };
    if user != "me" && user != GOOGLE_USER {
        return Err(rpc_error(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            "The caller does not have permission",
            None,
        ));
    }
    if let Some(scope) = scope {
        if !record.scopes.contains(&format!("{SCOPE_PREFIX}{scope}")) {
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
