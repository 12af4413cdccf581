//! What every data request passes first: the bearer token, the hourly limit's headers, and
//! the date parameters with Fitbit's validation errors.

use super::*;

/// The bearer token's record, marked used; or Fitbit's 401.
pub(super) fn bearer(
    st: &mut EmuState,
    headers: &HeaderMap,
) -> Result<crate::auth_store::AccessToken, Response> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(fitbit_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request",
            "Authorization header required.",
        ));
    };
    let now = st.now();
    match st.auth.check_access(token, now) {
        Ok(a) if a.side == Side::Fitbit => {
            let record = a.clone();
            if let Some(a) = st.auth.access.get_mut(token) {
                a.used = true;
            }
            Ok(record)
        }
        Err(TokenProblem::Expired) => Err(fitbit_error(
            StatusCode::UNAUTHORIZED,
            "expired_token",
            &format!("Access token expired: {token}"),
        )),
        _ => Err(fitbit_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            &format!("Access token invalid: {token}"),
        )),
    }
}

pub(super) fn rate_headers(response: &mut Response, remaining: usize, reset_in: i64) {
    let h = response.headers_mut();
    for (name, value) in [
        ("fitbit-rate-limit-limit", RATE_LIMIT_PER_HOUR.to_string()),
        ("fitbit-rate-limit-remaining", remaining.to_string()),
        ("fitbit-rate-limit-reset", reset_in.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    }
}

/// Parsed `…/date/…` request.
pub(super) struct Query {
    pub(super) utc: bool,
    /// `Accept-Language: en_US` (python-fitbit's default `system`): distances in miles,
    /// elevation in feet, weights in pounds.
    pub(super) us_units: bool,
}

pub(super) fn validation(message: &str) -> Response {
    fitbit_error(StatusCode::BAD_REQUEST, "validation", message)
}

pub(super) fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, Response> {
    if s == "today" {
        return Ok(today);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| validation(&format!("Invalid date: {s}. Use yyyy-MM-dd or today.")))
}
