//! The legacy Fitbit Web API and Fitbit OAuth, exactly as the seed scripts speak them:
//! `www.fitbit.com/oauth2/authorize` (consent page, `#_=_`), `api.fitbit.com/oauth2/token`
//! (single-use refresh tokens with a replay window), revoke, introspect, and the data endpoints
//! with their quirks: local times without offsets, string numbers, `shortData`, 150 requests/hour.

use crate::auth_store::{
    mint, pkce_matches, AuthStore, ClientType, CodeGrant, PendingConsent, PkceMethod, RefreshToken,
    Rotation, Side, TokenProblem, CODE_TTL, FITBIT_USER,
};
use crate::edge::api_host;
use crate::state::{Shared, State as EmuState};
use crate::wire::json;
use crate::wire::{escape, first, fitbit_error, parse_pairs, with_params};
use crate::Host;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use fitdata_synth::{Person, SleepSession, Stage};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const ACCESS_TTL: i64 = 28_800;
pub const RATE_LIMIT_PER_HOUR: usize = 150;
const DOCS: &str = "Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.";
pub const SCOPES: [&str; 15] = [
    "activity",
    "cardio_fitness",
    "electrocardiogram",
    "heartrate",
    "irregular_rhythm_notifications",
    "location",
    "nutrition",
    "oxygen_saturation",
    "profile",
    "respiratory_rate",
    "settings",
    "sleep",
    "social",
    "temperature",
    "weight",
];

pub fn www_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/oauth2/authorize", get(authorize))
        .route("/oauth2/authorize/consent", post(consent))
        .with_state(shared.clone());
    api_host(r, shared, Host::WwwFitbit)
}

pub fn api_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/oauth2/token", post(token))
        .route("/oauth2/revoke", post(revoke))
        .route("/1.1/oauth2/introspect", post(introspect))
        .route("/{version}/user/{user}/{*rest}", get(data))
        .with_state(shared.clone());
    api_host(r, shared, Host::ApiFitbit)
}

/// Fitbit's error page: bad authorize parameters are shown here, never redirected.
fn error_page(message: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><meta charset=utf-8><title>Fitbit: Error</title><h1>The app you're trying to connect did not provide valid information to Fitbit.</h1><p id=error-detail>{}</p>",
        escape(message)
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

async fn authorize(State(shared): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let q = parse_pairs(q.as_deref().unwrap_or(""));
    let mut st = shared.lock();
    let Some(client_id) = first(&q, "client_id") else {
        return error_page("Missing parameters: client_id");
    };
    let Some(client) = st
        .auth
        .client(client_id)
        .filter(|c| c.side == Side::Fitbit)
        .cloned()
    else {
        return error_page("unauthorize_client - Invalid client_id");
    };
    let redirect_uri = match first(&q, "redirect_uri") {
        Some(r) if client.redirect_uris.iter().any(|u| u == r) => r.to_string(),
        Some(_) => return error_page("invalid_request - Invalid redirect_uri parameter value"),
        None if client.redirect_uris.len() == 1 && first(&q, "prompt").is_none() => {
            client.redirect_uris[0].clone()
        }
        None => return error_page("invalid_request - Missing parameters: redirect_uri"),
    };
    let response_type = first(&q, "response_type").unwrap_or("");
    if response_type != "code" {
        return error_page("unsupported_response_type");
    }
    let Some(scope) = first(&q, "scope") else {
        return error_page("Missing parameters: scope");
    };
    let scopes: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
    if let Some(bad) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return error_page(&format!("invalid_scope - Invalid scope: {bad}"));
    }
    let challenge = match (
        first(&q, "code_challenge"),
        first(&q, "code_challenge_method"),
    ) {
        (Some(c), m) => {
            if !(43..=128).contains(&c.len()) {
                return error_page("invalid_request - The code_challenge parameter length must be between 43 and 128");
            }
            // `plain` is unconfirmed for Fitbit: the stricter choice refuses it.
            if m != Some("S256") {
                return error_page("Unsupported code_challenge_method");
            }
            Some((c.to_string(), PkceMethod::S256))
        }
        // A "Client" app has no secret: without PKCE nothing would authenticate the exchange.
        (None, _) if client.client_type == ClientType::FitbitClient => {
            return error_page("invalid_request - Missing parameters: code_challenge")
        }
        (None, _) => None,
    };
    let pending = PendingConsent {
        client_id: client.id.clone(),
        redirect_uri,
        response_type: "code".into(),
        scopes,
        state: first(&q, "state").map(str::to_string),
        challenge,
        offline: true,
        include_granted_scopes: false,
    };
    let id = mint("fbconsent-");
    st.auth.pending.insert(id.clone(), pending.clone());
    let rows: String = pending
        .scopes
        .iter()
        .map(|s| format!("<li><label><input type=checkbox name=scope value=\"{v}\" checked> {v}</label></li>", v = escape(s)))
        .collect();
    Html(format!(
        "<!DOCTYPE html><meta charset=utf-8><title>Fitbit: Authorize</title><h1>fitdata would like the ability to access the following data in your Fitbit account</h1>\
         <form method=post action=\"/oauth2/authorize/consent\"><input type=hidden name=id value=\"{id}\"><ul>{rows}</ul>\
         <button name=decision value=deny>Deny</button> <button name=decision value=allow>Allow</button></form>",
        id = escape(&id)
    ))
    .into_response()
}

async fn consent(State(shared): State<Shared>, body: String) -> Response {
    let form = parse_pairs(&body);
    let mut st = shared.lock();
    let Some(p) = first(&form, "id").and_then(|id| st.auth.pending.remove(id)) else {
        return error_page(
            "invalid_request - This authorization request has expired. Start again from the app.",
        );
    };
    let state = p.state.clone().unwrap_or_default();
    let with_state = |mut params: Vec<(&'static str, String)>| {
        if p.state.is_some() {
            params.push(("state", state.clone()));
        }
        params
    };
    // Fitbit appends `#_=_` to every redirect.
    let redirect = |params: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Redirect::to(&format!(
            "{}#_=_",
            with_params(&p.redirect_uri, '?', &pairs)
        ))
        .into_response()
    };
    if first(&form, "decision") != Some("allow") {
        return redirect(with_state(vec![("error", "access_denied".into())]));
    }
    let chosen: BTreeSet<String> = form
        .get("scope")
        .into_iter()
        .flatten()
        .filter(|s| p.scopes.contains(s))
        .cloned()
        .collect();
    let code = mint("fbcode");
    let now = st.now();
    st.auth.codes.insert(
        code.clone(),
        CodeGrant {
            client_id: p.client_id.clone(),
            redirect_uri: p.redirect_uri.clone(),
            scopes: chosen,
            challenge: p.challenge.clone(),
            issued_at: now,
            used: false,
            with_refresh: true,
            minted: Vec::new(),
        },
    );
    redirect(with_state(vec![("code", code)]))
}

/// Which client is calling the token endpoint: Basic auth for Personal/Server apps, `client_id`
/// in the body for Client apps.
fn client_of(
    auth: &AuthStore,
    headers: &HeaderMap,
    form: &HashMap<String, Vec<String>>,
) -> Result<String, Response> {
    let invalid = || {
        fitbit_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid authorization header format. The header was not recognized to be a valid header for any of known implementations or a client_id was not specified in case of a public client Received header = null. Visit https://dev.fitbit.com/docs/oauth2 for more information on the Fitbit Web API authorization process.",
        )
    };
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(basic)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let (id, secret) = decoded
            .as_deref()
            .and_then(|d| d.split_once(':'))
            .ok_or_else(invalid)?;
        return match auth.client(id) {
            Some(c) if c.side == Side::Fitbit && c.secret.as_deref() == Some(secret) => {
                Ok(c.id.clone())
            }
            _ => Err(fitbit_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                &format!("Invalid authorization header. Client id invalid {DOCS}"),
            )),
        };
    }
    match first(form, "client_id").and_then(|id| auth.client(id)) {
        Some(c) if c.side == Side::Fitbit && c.client_type == ClientType::FitbitClient => {
            Ok(c.id.clone())
        }
        _ => Err(invalid()),
    }
}

fn token_body(access: &str, refresh: &str, scopes: &BTreeSet<String>) -> Value {
    json!({
        "access_token": access, "expires_in": ACCESS_TTL, "refresh_token": refresh,
        "scope": scopes.iter().cloned().collect::<Vec<_>>().join(" "), "token_type": "Bearer", "user_id": FITBIT_USER
    })
}

/// Issues a new pair; the user's other refresh tokens for this client stop working (one active
/// refresh token per user).
fn issue_pair(
    auth: &mut AuthStore,
    client_id: &str,
    scopes: &BTreeSet<String>,
    now: i64,
) -> (String, String) {
    let access = auth.issue_access(Side::Fitbit, client_id, scopes, ACCESS_TTL, now);
    for r in auth
        .refresh
        .values_mut()
        .filter(|r| r.side == Side::Fitbit && r.client_id == client_id && r.rotated.is_none())
    {
        r.revoked = true;
    }
    let refresh: String = mint("").chars().chain(mint("").chars()).take(64).collect();
    auth.refresh.insert(
        refresh.clone(),
        RefreshToken {
            side: Side::Fitbit,
            client_id: client_id.to_string(),
            scopes: scopes.clone(),
            expires_at: None,
            revoked: false,
            rotated: None,
        },
    );
    (access, refresh)
}

async fn token(State(shared): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let form = parse_pairs(&body);
    let mut st = shared.lock();
    let now = st.now();
    let client_id = match client_of(&st.auth, &headers, &form) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let missing = |name: &str| {
        fitbit_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("Missing parameters: {name}"),
        )
    };
    match first(&form, "grant_type") {
        Some("authorization_code") => {
            let Some(code) = first(&form, "code") else {
                return missing("code");
            };
            let invalid = || {
                fitbit_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    &format!("Authorization code invalid: {code} {DOCS}"),
                )
            };
            let Some(grant) = st.auth.codes.get(code).cloned() else {
                return invalid();
            };
            if grant.used || now >= grant.issued_at + CODE_TTL || grant.client_id != client_id {
                return invalid();
            }
            if first(&form, "redirect_uri") != Some(grant.redirect_uri.as_str()) {
                return fitbit_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Invalid redirect_uri parameter value",
                );
            }
            if let Some((challenge, method)) = &grant.challenge {
                match first(&form, "code_verifier") {
                    None => return missing("code_verifier"),
                    Some(v) if !pkce_matches(v, challenge, *method) => return invalid(),
                    Some(_) => {}
                }
            }
            if let Some(g) = st.auth.codes.get_mut(code) {
                g.used = true;
            }
            let (access, refresh) = issue_pair(&mut st.auth, &client_id, &grant.scopes, now);
            json(
                StatusCode::OK,
                &token_body(&access, &refresh, &grant.scopes),
            )
        }
        Some("refresh_token") => {
            let Some(rt) = first(&form, "refresh_token") else {
                return missing("refresh_token");
            };
            let invalid = || {
                fitbit_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    &format!("Refresh token invalid: {rt}. {DOCS}"),
                )
            };
            let Some(record) = st
                .auth
                .refresh
                .get(rt)
                .filter(|r| r.side == Side::Fitbit && r.client_id == client_id)
                .cloned()
            else {
                return invalid();
            };
            if let Some(rot) = &record.rotated {
                // An identical request inside the window gets the same answer, unless the new
                // tokens have been used since.
                let new_access_used = st
                    .auth
                    .access
                    .get(&rot.new_access)
                    .is_none_or(|a| a.used || a.revoked);
                let new_refresh_used = st
                    .auth
                    .refresh
                    .get(&rot.new_refresh)
                    .is_none_or(|r| r.rotated.is_some() || r.revoked);
                if now - rot.at <= st.fitbit_replay_window && !new_access_used && !new_refresh_used
                {
                    return json(StatusCode::OK, &rot.response);
                }
                return invalid();
            }
            if record.revoked {
                return invalid();
            }
            let (access, refresh) = issue_pair(&mut st.auth, &client_id, &record.scopes, now);
            let response = token_body(&access, &refresh, &record.scopes);
            if let Some(r) = st.auth.refresh.get_mut(rt) {
                r.rotated = Some(Rotation {
                    at: now,
                    response: response.clone(),
                    new_access: access,
                    new_refresh: refresh,
                });
            }
            json(StatusCode::OK, &response)
        }
        Some(other) => fitbit_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("The grant_type is not supported: {other}"),
        ),
        None => missing("grant_type"),
    }
}

async fn revoke(State(shared): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let form = parse_pairs(&body);
    let mut st = shared.lock();
    if let Err(r) = client_of(&st.auth, &headers, &form) {
        return r;
    }
    let Some(token) = first(&form, "token") else {
        return fitbit_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameters: token",
        );
    };
    st.auth.revoke(token);
    // Revocation answers 200 whether or not the token was known (RFC 7009 §2.2).
    json(StatusCode::OK, &json!({}))
}

async fn introspect(State(shared): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let mut st = shared.lock();
    if let Err(r) = bearer(&mut st, &headers) {
        return r;
    }
    let form = parse_pairs(&body);
    let now = st.now();
    let Some(t) = first(&form, "token") else {
        return fitbit_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameters: token",
        );
    };
    match st.auth.check_access(t, now) {
        Ok(a) if a.side == Side::Fitbit => {
            let scope = a
                .scopes
                .iter()
                .map(|s| format!("{}=READ", s.to_uppercase()))
                .collect::<Vec<_>>()
                .join(", ");
            json(
                StatusCode::OK,
                &json!({"active": true, "scope": format!("{{{scope}}}"), "client_id": a.client_id,
                "user_id": FITBIT_USER, "token_type": "access_token", "exp": a.expires_at * 1000, "iat": a.issued_at * 1000}),
            )
        }
        _ => json(StatusCode::OK, &json!({"active": false})),
    }
}

/// The bearer token's record, marked used; or Fitbit's 401.
fn bearer(
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

fn rate_headers(response: &mut Response, remaining: usize, reset_in: i64) {
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
struct Query {
    utc: bool,
    /// `Accept-Language: en_US` (python-fitbit's default `system`): distances in miles,
    /// elevation in feet, weights in pounds.
    us_units: bool,
}

fn validation(message: &str) -> Response {
    fitbit_error(StatusCode::BAD_REQUEST, "validation", message)
}

fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, Response> {
    if s == "today" {
        return Ok(today);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| validation(&format!("Invalid date: {s}. Use yyyy-MM-dd or today.")))
}

async fn data(
    State(shared): State<Shared>,
    Path((version, user, rest)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    let token = match bearer(&mut st, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if user != "-" && user != FITBIT_USER {
        return fitbit_error(
            StatusCode::FORBIDDEN,
            "insufficient_permissions",
            &format!(
                "API client is not authorized by Fitbit to access the resource requested. {DOCS}"
            ),
        );
    }
    let verdict = st.rate_check(
        &format!("fitbit:{FITBIT_USER}:{}", token.client_id),
        RATE_LIMIT_PER_HOUR,
        3600,
    );
    if !verdict.allowed {
        let mut r = json(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({"errors": [{"errorType": "system", "fieldName": "n/a", "message": "Too Many Requests"}], "success": false}),
        );
        rate_headers(&mut r, 0, verdict.reset_in);
        if let Ok(v) = HeaderValue::from_str(&verdict.reset_in.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let q = parse_pairs(q.as_deref().unwrap_or(""));
    let query = Query {
        utc: first(&q, "timezone") == Some("UTC"),
        us_units: headers
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() == "en_US"),
    };
    let origin = shared.origins.api_fitbit.clone();
    let mut response = route(&mut st, &version, &rest, &q, &query, &token, &origin);
    rate_headers(&mut response, verdict.remaining, verdict.reset_in);
    response
}

fn route(
    st: &mut EmuState,
    version: &str,
    rest: &str,
    q: &HashMap<String, Vec<String>>,
    query: &Query,
    token: &crate::auth_store::AccessToken,
    origin: &str,
) -> Response {
    let scope_check = |scope: &str, what: &str| -> Result<(), Response> {
        if token.scopes.contains(scope) {
            Ok(())
        } else {
            Err(fitbit_error(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                &format!("This application does not have permission to access {what} data. {DOCS}"),
            ))
        }
    };
    let intraday_ok = {
        let client_type = st.auth.client(&token.client_id).map(|c| c.client_type);
        client_type == Some(ClientType::FitbitPersonal) || st.fitbit_intraday_approved
    };
    let intraday_gate = || -> Result<(), Response> {
        if intraday_ok {
            Ok(())
        } else {
            Err(fitbit_error(StatusCode::FORBIDDEN, "insufficient_permissions", &format!("API client is not authorized by Fitbit to access the resource requested. {DOCS}")))
        }
    };
    let now = st.now();
    let p = &st.person;
    let today = p.civil_date(now);
    let segs: Vec<&str> = rest.trim_end_matches(".json").split('/').collect();
    let result: Result<Value, Response> = (|| {
        match (version, segs.as_slice()) {
        ("1", ["profile"]) => {
            scope_check("profile", "profile")?;
            let zone = p.zone_at(now);
            Ok(json!({"user": {
                "encodedId": FITBIT_USER, "displayName": "Emulated E.", "fullName": "Emulated Person", "age": Person::AGE,
                "timezone": zone.name(), "offsetFromUTCMillis": i64::from(p.offset_at(now).local_minus_utc()) * 1000,
                "locale": "en_GB", "distanceUnit": "METRIC", "weightUnit": "METRIC", "heightUnit": "METRIC",
                "memberSince": p.first_day.to_string(), "strideLengthWalking": 76.0, "strideLengthRunning": 115.0,
                "averageDailySteps": 9000
            }}))
        }
        ("1", ["devices"]) => {
            scope_check("settings", "settings")?;
            let last = local_iso(now - 900, p.offset_at(now - 900));
            Ok(json!([{"battery": "High", "batteryLevel": 78, "deviceVersion": "Charge 6", "features": [], "id": "2781394713",
                        "lastSyncTime": last, "mac": "C0FFEE123456", "type": "TRACKER"}]))
        }
        ("1", ["activities", "heart", "date", rest @ ..]) => {
            scope_check("heartrate", "heartrate")?;
            heart(p, rest, query, today, intraday_gate)
        }
        ("1", ["activities", "active-zone-minutes", "date", rest @ ..]) => {
            scope_check("activity", "activity")?;
            azm(p, rest, query, today, intraday_gate)
        }
        ("1", ["activities", resource, "date", rest @ ..]) if ACTIVITY_RESOURCES.contains(resource) => {
            scope_check("activity", "activity")?;
            activity(p, resource, rest, query, today, intraday_gate)
        }
        ("1", ["hrv", "date", rest @ ..]) => {
            scope_check("heartrate", "heartrate")?;
            nightly(p, Nightly::Hrv, rest, today, &intraday_gate)
        }
        ("1", ["spo2", "date", rest @ ..]) => {
            scope_check("oxygen_saturation", "oxygen_saturation")?;
            nightly(p, Nightly::Spo2, rest, today, &intraday_gate)
        }
        ("1", ["br", "date", rest @ ..]) => {
            scope_check("respiratory_rate", "respiratory_rate")?;
            nightly(p, Nightly::BreathingRate, rest, today, &intraday_gate)
        }
        ("1", ["temp", "skin", "date", rest @ ..]) => {
            scope_check("temperature", "temperature")?;
            nightly(p, Nightly::SkinTemp, rest, today, &intraday_gate)
        }
        ("1", ["cardioscore", "date", rest @ ..]) => {
            scope_check("cardio_fitness", "cardio_fitness")?;
            let (start, end) = date_range(rest, today, 30, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .filter_map(|d| p.vo2_max(d).map(|v| json!({"dateTime": d.to_string(), "value": {"vo2Max": format!("{}-{}", v.floor() as i64 - 2, v.floor() as i64 + 2)}})))
                .collect();
            Ok(json!({"cardioScore": days}))
        }
        ("1", ["body", "log", kind @ ("weight" | "fat"), "date", rest @ ..]) => {
            scope_check("weight", "weight")?;
            let (start, end) = date_range(rest, today, if *kind == "weight" { 31 } else { 30 }, p.first_day)?;
            let logs: Vec<Value> = dates(start, end)
                .filter_map(|d| p.weigh_in(d).map(|w| (d, w)))
                .map(|(d, w)| {
                    let time = clock(p, w.t, false);
                    // en_US: pounds, to Fitbit's two decimals.
                    let weight = if query.us_units { (w.weight_kg / 0.453_592_37 * 100.0).round() / 100.0 } else { w.weight_kg };
                    if *kind == "weight" {
                        json!({"bmi": (w.weight_kg / (1.78 * 1.78) * 100.0).round() / 100.0, "date": d.to_string(), "fat": w.body_fat_pct,
                               "logId": w.t * 1000, "source": "Aria", "time": time, "weight": weight})
                    } else {
                        json!({"date": d.to_string(), "fat": w.body_fat_pct, "logId": w.t * 1000, "source": "Aria", "time": time})
                    }
                })
                .collect();
            Ok(json!({ *kind: logs }))
        }
        // v1, as python-fitbit's `get_sleep(date)` asks: classic logs with `minuteData`.
        ("1", ["sleep", "date", d]) => {
            scope_check("sleep", "sleep")?;
            let date = parse_date(d, today)?;
            let logs: Vec<Value> = p.sleeps_ending_on(date).iter().map(|s| sleep_log_v1(p, s)).collect();
            let sum = |k: &str| logs.iter().map(|l| l[k].as_i64().unwrap_or(0)).sum::<i64>();
            let summary = json!({"totalMinutesAsleep": sum("minutesAsleep"), "totalSleepRecords": logs.len(), "totalTimeInBed": sum("timeInBed")});
            Ok(json!({"sleep": logs, "summary": summary}))
        }
        ("1.2", ["sleep", "date", d]) => {
            scope_check("sleep", "sleep")?;
            let date = parse_date(d, today)?;
            let logs: Vec<Value> = p.sleeps_ending_on(date).iter().map(|s| sleep_log(p, s)).collect();
            let summary = sleep_summary(&logs);
            Ok(json!({"sleep": logs, "summary": summary}))
        }
        ("1.2", ["sleep", "date", a, b]) => {
            scope_check("sleep", "sleep")?;
            let (start, end) = (parse_date(a, today)?, parse_date(b, today)?);
            if end < start || (end - start).num_days() >= 100 {
                return Err(validation("The date range must be at most 100 days, and end must not be before start."));
            }
            let mut logs = Vec::new();
            let mut d = start;
            while d <= end {
                logs.extend(p.sleeps_ending_on(d).iter().map(|s| sleep_log(p, s)));
                d = fitdata_synth::add_days(d, 1);
            }
            // The newest night first, as the real endpoint lists them.
            logs.reverse();
            Ok(json!({"sleep": logs}))
        }
        ("1.2", ["sleep", "list"]) => {
            scope_check("sleep", "sleep")?;
            sleep_list(p, q, today, origin)
        }
        _ => Err(fitbit_error(StatusCode::NOT_FOUND, "not_found", &format!("The API you are requesting could not be found (/{version}/user/-/{rest}). The emulator serves: profile, devices, heart and activity series and intraday, AZM, HRV, SpO2, breathing rate, skin temperature, VO2 max, body logs, sleep v1 and v1.2."))),
    }
    })();
    match result {
        Ok(v) => json(StatusCode::OK, &v),
        Err(r) => r,
    }
}

fn local_iso(t: i64, offset: FixedOffset) -> String {
    local(t, offset).format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

fn local(t: i64, offset: FixedOffset) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0).map_or(NaiveDateTime::MIN, |d| {
        d.with_timezone(&offset).naive_local()
    })
}

/// `[start, end)` of a request's day: the person's civil day, or the UTC day with timezone=UTC.
fn bounds(p: &Person, date: NaiveDate, utc: bool) -> (i64, i64) {
    if utc {
        let s = date.and_time(NaiveTime::MIN).and_utc().timestamp();
        (s, s + 86_400)
    } else {
        p.day_bounds(date)
    }
}

/// Wall-clock `HH:MM:SS` of `t` as the response writes it: local at recording, or UTC.
fn clock(p: &Person, t: i64, utc: bool) -> String {
    let off = if utc {
        FixedOffset::east_opt(0).unwrap_or(p.offset_at(t))
    } else {
        p.offset_at(t)
    };
    local(t, off).format("%H:%M:%S").to_string()
}

fn detail_seconds(detail: &str, allow_sec: bool) -> Result<i64, Response> {
    match detail {
        "1sec" if allow_sec => Ok(1),
        "1min" => Ok(60),
        "5min" => Ok(300),
        "15min" => Ok(900),
        _ => Err(validation(&format!(
            "Invalid detail-level: {detail}. Use {}1min, 5min or 15min.",
            if allow_sec { "1sec, " } else { "" }
        ))),
    }
}

/// The `/time/HH:mm/HH:mm` window of civil `date` (or the UTC date), clipped to `[s, e)`;
/// an end before the start crosses midnight. Both ends are whole minutes, the end included.
fn window(
    p: &Person,
    date: NaiveDate,
    s: i64,
    e: i64,
    rest: &[&str],
    utc: bool,
) -> Result<(i64, i64), Response> {
    match rest {
        [] => Ok((s, e)),
        ["time", from, to] => {
            let parse = |v: &str| {
                NaiveTime::parse_from_str(v, "%H:%M")
                    .map_err(|_| validation(&format!("Invalid time: {v}. Use HH:mm.")))
            };
            let (from, to) = (parse(from)?, parse(to)?);
            let instant = |d: NaiveDate, t: NaiveTime| -> i64 {
                if utc {
                    d.and_time(t).and_utc().timestamp()
                } else {
                    use chrono::TimeZone;
                    p.zone_at(s)
                        .from_local_datetime(&d.and_time(t))
                        .earliest()
                        .map_or(s, |x| x.timestamp())
                }
            };
            let end_date = if to < from {
                fitdata_synth::add_days(date, 1)
            } else {
                date
            };
            let start = instant(date, from).max(s);
            let end = instant(end_date, to) + 60;
            Ok((start, if to < from { end } else { end.min(e) }))
        }
        _ => Err(validation("Invalid time window: use /time/HH:mm/HH:mm")),
    }
}

fn heart(
    p: &Person,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let zones = p.hr_zone_bounds();
    match rest {
        // Time series: /date/{date}/{period} or /date/{start}/{end} (no detail level).
        [a, b] => {
            let start = parse_date(a, today)?;
            let end = match *b {
                "1d" => start,
                "7d" | "1w" => fitdata_synth::add_days(start, 6),
                "30d" | "1m" => fitdata_synth::add_days(start, 29),
                "3m" => fitdata_synth::add_days(start, 90),
                "6m" => fitdata_synth::add_days(start, 181),
                "1y" => fitdata_synth::add_days(start, 364),
                "max" => {
                    fitdata_synth::add_days(start, (start - p.first_day).num_days().clamp(0, 1094))
                }
                other => parse_date(other, today)?,
            };
            let (start, end) = if ["7d", "1w", "30d", "1m", "3m", "6m", "1y", "max"].contains(b) {
                (
                    fitdata_synth::add_days(start, -(end - start).num_days()),
                    start,
                )
            } else {
                (start, end)
            };
            if end < start || (end - start).num_days() > 365 {
                return Err(validation("The date range must be at most 1 year."));
            }
            let mut days = Vec::new();
            let mut d = start;
            while d <= end {
                let minutes = minute_means(p, p.day_bounds(d).0, p.day_bounds(d).1);
                let mut value = json!({"customHeartRateZones": [], "heartRateZones": zone_minutes(&minutes, zones)});
                if !p.day_missing(d) {
                    value["restingHeartRate"] = json!(p.resting_hr(d).round() as i64);
                }
                days.push(json!({"dateTime": d.to_string(), "value": value}));
                d = fitdata_synth::add_days(d, 1);
            }
            Ok(json!({"activities-heart": days}))
        }
        // Intraday: /date/{date}/1d/{detail}[/time/…] or /date/{start}/{end}/{detail}[/time/…].
        [date, end, detail, window_rest @ ..] => {
            gate()?;
            let step = detail_seconds(detail, true)?;
            let start_date = parse_date(date, today)?;
            let (s, mut e) = bounds(p, start_date, q.utc);
            if *end != "1d" {
                let end_date = parse_date(end, today)?;
                let (_, e2) = bounds(p, end_date, q.utc);
                if e2 - s > 86_400 + 3600 || end_date < start_date {
                    return Err(validation("The interval must be at most 24 hours."));
                }
                e = e2;
            }
            let (ws, we) = window(p, start_date, s, e, window_rest, q.utc)?;
            let samples = p.heart_rate(ws, we);
            let dataset: Vec<Value> = if step == 1 {
                samples
                    .iter()
                    .map(|x| json!({"time": clock(p, x.t, q.utc), "value": x.bpm}))
                    .collect()
            } else {
                buckets(
                    &samples
                        .iter()
                        .map(|x| (x.t, f64::from(x.bpm)))
                        .collect::<Vec<_>>(),
                    step,
                    true,
                )
                .into_iter()
                .map(|(t, v)| json!({"time": clock(p, t, q.utc), "value": v.round() as i64}))
                .collect()
            };
            let minutes = minute_means(p, s, e);
            let summary = json!({"customHeartRateZones": [], "dateTime": start_date.to_string(),
                "heartRateZones": zone_minutes(&minutes, zones), "value": format!("{:.2}", p.resting_hr(start_date))});
            Ok(
                json!({"activities-heart": [summary], "activities-heart-intraday": {
                "dataset": dataset, "datasetInterval": if step == 1 { 1 } else { step / 60 },
                "datasetType": if step == 1 { "second" } else { "minute" }}}),
            )
        }
        _ => Err(validation("Invalid heart rate request.")),
    }
}

/// Mean bpm per minute (minute start, mean), minutes without samples left out.
fn minute_means(p: &Person, s: i64, e: i64) -> Vec<(i64, f64)> {
    let samples: Vec<(i64, f64)> = p
        .heart_rate(s, e)
        .iter()
        .map(|x| (x.t, f64::from(x.bpm)))
        .collect();
    buckets(&samples, 60, true)
}

/// Groups `(t, v)` into buckets of `step` seconds aligned to UTC (offsets are whole quarter
/// hours, so these are local buckets too). `mean`: average, else sum.
fn buckets(samples: &[(i64, f64)], step: i64, mean: bool) -> Vec<(i64, f64)> {
    let mut map: BTreeMap<i64, (f64, u32)> = BTreeMap::new();
    for &(t, v) in samples {
        let e = map.entry(t.div_euclid(step) * step).or_insert((0.0, 0));
        e.0 += v;
        e.1 += 1;
    }
    map.into_iter()
        .map(|(t, (sum, n))| (t, if mean { sum / f64::from(n) } else { sum }))
        .collect()
}

fn zone_minutes(minutes: &[(i64, f64)], [fat, cardio, peak]: [u16; 3]) -> Value {
    let count = |lo: f64, hi: f64| {
        minutes
            .iter()
            .filter(|(_, v)| v.round() >= lo && v.round() < hi)
            .count()
    };
    let (fat, cardio, peak) = (f64::from(fat), f64::from(cardio), f64::from(peak));
    // kcal burned in each zone: the tutorials' scripts read `caloriesOut` (a rate per minute
    // that rises with the zone, kept to Fitbit's four decimals).
    let kcal = |n: usize, per_min: f64| ((n as f64) * per_min * 10_000.0).round() / 10_000.0;
    let zone = |name: &str, lo: f64, hi: f64, max: f64, per_min: f64| {
        let n = count(lo, hi);
        json!({"caloriesOut": kcal(n, per_min), "max": max as i64, "min": lo.max(30.0) as i64, "minutes": n, "name": name})
    };
    json!([
        zone("Out of Range", 0.0, fat, fat, 1.2783),
        zone("Fat Burn", fat, cardio, cardio, 5.9571),
        zone("Cardio", cardio, peak, peak, 9.1467),
        zone("Peak", peak, 999.0, 220.0, 11.8215)
    ])
}

/// Activity resources with intraday and time-series endpoints.
const ACTIVITY_RESOURCES: [&str; 5] = ["steps", "calories", "distance", "floors", "elevation"];

/// Resolves `/date/{date}`, `/date/{date}/{period}` or `/date/{start}/{end}` to an inclusive
/// date range of at most `max_days`.
fn date_range(
    rest: &[&str],
    today: NaiveDate,
    max_days: i64,
    first_day: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Response> {
    let (start, end) = match rest {
        [d] => {
            let d = parse_date(d, today)?;
            (d, d)
        }
        [a, b] => {
            let a = parse_date(a, today)?;
            let back = match *b {
                "1d" => Some(0),
                "7d" | "1w" => Some(6),
                "30d" | "1m" => Some(29),
                "3m" => Some(90),
                "6m" => Some(181),
                "1y" => Some(364),
                // Since the account began (python-fitbit's `period="max"`), within the limit.
                "max" => Some((a - first_day).num_days().clamp(0, max_days - 1)),
                _ => None,
            };
            match back {
                Some(n) => (fitdata_synth::add_days(a, -n), a),
                None => (a, parse_date(b, today)?),
            }
        }
        _ => return Err(validation(
            "Invalid date path: use /date/{date}, /date/{date}/{period} or /date/{start}/{end}.",
        )),
    };
    if end < start {
        return Err(validation(
            "The end date must not be before the start date.",
        ));
    }
    if (end - start).num_days() >= max_days {
        return Err(validation(&format!(
            "The date range must be at most {max_days} days."
        )));
    }
    Ok((start, end))
}

fn dates(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    std::iter::successors(Some(start), move |d| d.succ_opt().filter(|n| *n <= end))
}

/// A resource's value for one minute, in Fitbit's units: distance in km, elevation in m.
fn resource_value(resource: &str, m: &fitdata_synth::ActivityMinute) -> f64 {
    match resource {
        "steps" => f64::from(m.steps),
        "calories" => m.calories,
        "distance" => f64::from(m.distance_mm) / 1_000_000.0,
        "floors" => f64::from(m.floors),
        _ => f64::from(m.floors) * 3.048,
    }
}

/// Intraday (`/date/{date}/1d/{detail}[/time/…]`) or series (`/date/{start}/{end}`, periods)
/// for one activity resource. Daily totals are strings, intraday values numbers.
fn activity(
    p: &Person,
    resource: &str,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let key = format!("activities-{resource}");
    // US units on request: miles, feet.
    let scale = match resource {
        "distance" if q.us_units => 1.0 / 1.609_344,
        "elevation" if q.us_units => 1.0 / 0.3048,
        _ => 1.0,
    };
    let value = |m: &fitdata_synth::ActivityMinute| resource_value(resource, m) * scale;
    let total = |minutes: &[fitdata_synth::ActivityMinute]| -> String {
        let sum: f64 = minutes.iter().map(value).sum();
        match resource {
            "distance" | "elevation" => format!("{sum:.2}"),
            _ => format!("{}", sum.round() as i64),
        }
    };
    // Intraday by date range (python-fitbit's `intraday_time_series` with two dates): at most
    // the next day, as the reference says.
    let by_range = match rest {
        [a, b, detail, window_rest @ ..] if *b != "1d" && detail_seconds(detail, false).is_ok() => {
            Some((*a, Some(*b), *detail, window_rest))
        }
        [a, "1d", detail, window_rest @ ..] => Some((*a, None, *detail, window_rest)),
        _ => None,
    };
    match by_range {
        Some((date, end_date, detail, window_rest)) => {
            gate()?;
            let step = detail_seconds(detail, false)?;
            let d = parse_date(date, today)?;
            let (s, mut e) = bounds(p, d, q.utc);
            if let Some(end_date) = end_date {
                let last = parse_date(end_date, today)?;
                if last < d || (last - d).num_days() > 1 {
                    return Err(validation(
                        "An intraday date range may span at most 24 hours (two dates).",
                    ));
                }
                e = bounds(p, last, q.utc).1;
            }
            let (ws, we) = window(p, d, s, e, window_rest, q.utc)?;
            let day = p.activity(s, e);
            let minutes: Vec<fitdata_synth::ActivityMinute> = day
                .iter()
                .copied()
                .filter(|m| m.t >= ws && m.t < we)
                .collect();
            let values: Vec<(i64, f64)> = minutes.iter().map(|m| (m.t, value(m))).collect();
            let dataset: Vec<Value> = buckets(&values, step, false)
                .into_iter()
                .map(|(t, v)| {
                    let time = clock(p, t, q.utc);
                    match resource {
                        // Calories carry the activity level and METs (×10) of the bucket's first minute.
                        "calories" => {
                            let m = minutes.iter().find(|m| m.t == t);
                            json!({"level": m.map_or(0, |m| m.level), "mets": m.map_or(10.0, |m| m.mets * 10.0), "time": time, "value": v})
                        }
                        "steps" | "floors" => json!({"time": time, "value": v.round() as i64}),
                        _ => json!({"time": time, "value": v}),
                    }
                })
                .collect();
            Ok(
                json!({ key.clone(): [{"dateTime": d.to_string(), "value": total(&day)}],
                format!("{key}-intraday"): {"dataset": dataset, "datasetInterval": step / 60, "datasetType": "minute"}}),
            )
        }
        None => {
            let (start, end) = date_range(rest, today, 1095, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .map(|d| {
                    let (s, e) = p.day_bounds(d);
                    json!({"dateTime": d.to_string(), "value": total(&p.activity(s, e))})
                })
                .collect();
            Ok(json!({ key: days }))
        }
    }
}

/// AZM per zone with zero-valued keys left out, as Fitbit writes them.
fn azm_value(minutes: &[fitdata_synth::ActivityMinute]) -> Value {
    let zone_sum = |z: &[u8]| {
        minutes
            .iter()
            .filter(|m| z.contains(&m.zone))
            .map(|m| u64::from(m.azm))
            .sum::<u64>()
    };
    let mut v = serde_json::Map::new();
    for (k, n) in [
        ("activeZoneMinutes", zone_sum(&[1, 2, 3])),
        ("fatBurnActiveZoneMinutes", zone_sum(&[1])),
        ("cardioActiveZoneMinutes", zone_sum(&[2])),
        ("peakActiveZoneMinutes", zone_sum(&[3])),
    ] {
        if n > 0 {
            v.insert(k.into(), json!(n));
        }
    }
    Value::Object(v)
}

fn azm(
    p: &Person,
    rest: &[&str],
    q: &Query,
    today: NaiveDate,
    gate: impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    match rest {
        [date, "1d", detail, window_rest @ ..] => {
            gate()?;
            let step = detail_seconds(detail, false)?;
            let d = parse_date(date, today)?;
            let (s, e) = bounds(p, d, q.utc);
            let (ws, we) = window(p, d, s, e, window_rest, q.utc)?;
            let mut groups: BTreeMap<i64, Vec<fitdata_synth::ActivityMinute>> = BTreeMap::new();
            for m in p.activity(ws, we).into_iter().filter(|m| m.azm > 0) {
                groups
                    .entry(m.t.div_euclid(step) * step)
                    .or_default()
                    .push(m);
            }
            let utc = FixedOffset::east_opt(0);
            let entries: Vec<Value> = groups
                .into_iter()
                .map(|(t, ms)| {
                    let off = if q.utc { utc.unwrap_or(p.offset_at(t)) } else { p.offset_at(t) };
                    json!({"minute": local(t, off).format("%Y-%m-%dT%H:%M:%S").to_string(), "value": azm_value(&ms)})
                })
                .collect();
            Ok(
                json!({"activities-active-zone-minutes-intraday": [{"dateTime": d.to_string(), "minutes": entries}]}),
            )
        }
        _ => {
            let (start, end) = date_range(rest, today, 1095, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .map(|d| {
                    let (s, e) = p.day_bounds(d);
                    json!({"dateTime": d.to_string(), "value": azm_value(&p.activity(s, e))})
                })
                .collect();
            Ok(json!({"activities-active-zone-minutes": days}))
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Nightly {
    Hrv,
    Spo2,
    BreathingRate,
    SkinTemp,
}

/// HRV, SpO2, breathing rate and skin temperature: one value per main sleep, assigned to the
/// date it ended; `/all` adds the intraday records (intraday access required).
fn nightly(
    p: &Person,
    kind: Nightly,
    rest: &[&str],
    today: NaiveDate,
    gate: &impl Fn() -> Result<(), Response>,
) -> Result<Value, Response> {
    let (all, rest) = match rest.split_last() {
        Some((&"all", head)) => (true, head),
        _ => (false, rest),
    };
    if all && kind != Nightly::SkinTemp {
        gate()?;
    }
    let single = rest.len() == 1;
    let (start, end) = date_range(rest, today, 30, p.first_day)?;
    let minus_one = |v: Option<f64>| v.unwrap_or(-1.0);
    let days: Vec<Value> = dates(start, end)
        .filter_map(|d| {
            let v = p.night_vitals(d)?;
            if kind == Nightly::SkinTemp && !p.skin_baseline_ready(d) {
                return None;
            }
            let date = d.to_string();
            Some(match (kind, all) {
                (Nightly::Hrv, false) => json!({"value": {"dailyRmssd": v.hrv_rmssd_ms, "deepRmssd": v.hrv_deep_rmssd_ms}, "dateTime": date}),
                (Nightly::Hrv, true) => json!({"minutes": p.hrv_samples(d).into_iter().map(|(t, rmssd, coverage, hf, lf)| json!({
                    "minute": local_iso(t, p.offset_at(t)), "value": {"rmssd": rmssd, "coverage": coverage, "hf": hf, "lf": lf}})).collect::<Vec<_>>(), "dateTime": date}),
                (Nightly::Spo2, false) => json!({"dateTime": date, "value": {"avg": v.spo2_avg, "min": v.spo2_min, "max": v.spo2_max}}),
                (Nightly::Spo2, true) => json!({"dateTime": date, "minutes": p.spo2_samples(d).into_iter().map(|(t, pct)| json!({
                    "value": pct, "minute": local(t, p.offset_at(t)).format("%Y-%m-%dT%H:%M:%S").to_string()})).collect::<Vec<_>>()}),
                (Nightly::BreathingRate, false) => json!({"value": {"breathingRate": v.br_full}, "dateTime": date}),
                (Nightly::BreathingRate, true) => json!({"value": {
                    "deepSleepSummary": {"breathingRate": minus_one(v.br_deep)}, "remSleepSummary": {"breathingRate": minus_one(v.br_rem)},
                    "fullSleepSummary": {"breathingRate": v.br_full}, "lightSleepSummary": {"breathingRate": minus_one(v.br_light)}}, "dateTime": date}),
                (Nightly::SkinTemp, _) => json!({"dateTime": date, "value": {"nightlyRelative": v.skin_temp_relative_c}, "logType": "dedicated_temp_sensor"}),
            })
        })
        .collect();
    Ok(match kind {
        Nightly::Hrv => json!({ "hrv": days }),
        Nightly::BreathingRate => json!({ "br": days }),
        Nightly::SkinTemp => json!({ "tempSkin": days }),
        // SpO2 bodies are bare: an object for one date, an array for a range.
        Nightly::Spo2 if single => days.into_iter().next().unwrap_or_else(|| json!({})),
        Nightly::Spo2 => Value::Array(days),
    })
}

fn level(stage: Stage) -> &'static str {
    match stage {
        Stage::Wake => "wake",
        Stage::Light => "light",
        Stage::Deep => "deep",
        Stage::Rem => "rem",
    }
}

/// Wake periods of 3 minutes or less inside the night, which Fitbit reports in `shortData` on
/// top of the longer stage that `data` shows for that time.
const SHORT_WAKE: i64 = 180;

fn sleep_log(p: &Person, s: &SleepSession) -> Value {
    let segs = &s.segments;
    let is_short = |i: usize| {
        segs[i].stage == Stage::Wake
            && segs[i].end - segs[i].start <= SHORT_WAKE
            && i > 0
            && i + 1 < segs.len()
    };
    let mut data: Vec<(i64, i64, Stage)> = Vec::new();
    let mut short = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if is_short(i) {
            short.push(json!({"dateTime": local_iso(seg.start, p.offset_at(seg.start)), "level": "wake", "seconds": seg.end - seg.start}));
            if let Some(last) = data.last_mut() {
                last.1 = seg.end;
            }
            continue;
        }
        match data.last_mut() {
            Some(last) if last.2 == seg.stage => last.1 = seg.end,
            _ => data.push((seg.start, seg.end, seg.stage)),
        }
    }
    let data_json: Vec<Value> = data
        .iter()
        .map(|(a, b, st)| json!({"dateTime": local_iso(*a, p.offset_at(*a)), "level": level(*st), "seconds": b - a}))
        .collect();
    let summary: serde_json::Map<String, Value> = Stage::ALL
        .iter()
        .map(|&st| {
            let count = segs.iter().filter(|x| x.stage == st).count();
            (level(st).to_string(), json!({"count": count, "minutes": s.seconds_in(st) / 60, "thirtyDayAvgMinutes": s.seconds_in(st) / 60}))
        })
        .collect();
    let to_fall_asleep = segs
        .first()
        .filter(|x| x.stage == Stage::Wake)
        .map_or(0, |x| (x.end - x.start) / 60);
    let in_bed = (s.end - s.start) / 60;
    let awake = s.seconds_in(Stage::Wake) / 60 - to_fall_asleep;
    let asleep = in_bed - to_fall_asleep - awake;
    json!({
        "dateOfSleep": p.civil_date(s.end).to_string(),
        "duration": (s.end - s.start) * 1000,
        "efficiency": if in_bed > 0 { asleep * 100 / in_bed } else { 0 },
        "endTime": local_iso(s.end, p.offset_at(s.end)),
        "infoCode": 0,
        "isMainSleep": s.is_main,
        "levels": {"data": data_json, "shortData": short, "summary": summary},
        "logId": 26_000_000_000_i64 + s.end,
        "logType": "auto_detected",
        "minutesAfterWakeup": 0,
        "minutesAsleep": asleep,
        "minutesAwake": awake,
        "minutesToFallAsleep": to_fall_asleep,
        "startTime": local_iso(s.start, p.offset_at(s.start)),
        "timeInBed": in_bed,
        "type": "stages"
    })
}

/// A sleep in the v1 format: one `minuteData` entry a minute, "1" asleep, "2" restless,
/// "3" awake (v1 has no stages: light, deep and REM are all asleep), with the counts v1 gives.
fn sleep_log_v1(p: &Person, s: &SleepSession) -> Value {
    let awake_at = |t: i64| {
        s.segments
            .iter()
            .any(|g| g.stage == Stage::Wake && g.start <= t && t < g.end)
    };
    let minutes: Vec<(i64, bool)> = (0..(s.end - s.start) / 60)
        .map(|i| {
            let t = s.start + i * 60;
            (t, awake_at(t))
        })
        .collect();
    let minute_data: Vec<Value> = minutes
        .iter()
        .map(|(t, awake)| json!({"dateTime": clock(p, *t, false), "value": if *awake { "3" } else { "1" }}))
        .collect();
    let awake = minutes.iter().filter(|(_, a)| *a).count() as i64;
    let awake_count = minutes.windows(2).filter(|w| w[1].1 && !w[0].1).count();
    let to_fall_asleep = minutes.iter().take_while(|(_, a)| *a).count() as i64;
    let in_bed = minutes.len() as i64;
    let asleep = in_bed - awake;
    json!({
        "awakeCount": awake_count, "awakeDuration": awake, "awakeningsCount": awake_count,
        "dateOfSleep": p.civil_date(s.end).to_string(), "duration": (s.end - s.start) * 1000,
        "efficiency": if in_bed > 0 { asleep * 100 / in_bed } else { 0 },
        "isMainSleep": s.is_main, "logId": 26_000_000_000_i64 + s.end, "minuteData": minute_data,
        "minutesAfterWakeup": 0, "minutesAsleep": asleep, "minutesAwake": awake - to_fall_asleep,
        "minutesToFallAsleep": to_fall_asleep, "restlessCount": 0, "restlessDuration": 0,
        "startTime": local_iso(s.start, p.offset_at(s.start)), "timeInBed": in_bed
    })
}

fn sleep_summary(logs: &[Value]) -> Value {
    let sum = |f: &dyn Fn(&Value) -> i64| logs.iter().map(f).sum::<i64>();
    let stage = |name: &str| {
        sum(&|l: &Value| {
            l["levels"]["summary"][name]["minutes"]
                .as_i64()
                .unwrap_or(0)
        })
    };
    json!({"stages": {"deep": stage("deep"), "light": stage("light"), "rem": stage("rem"), "wake": stage("wake")},
           "totalMinutesAsleep": sum(&|l: &Value| l["minutesAsleep"].as_i64().unwrap_or(0)),
           "totalSleepRecords": logs.len(),
           "totalTimeInBed": sum(&|l: &Value| l["timeInBed"].as_i64().unwrap_or(0))})
}

fn sleep_list(
    p: &Person,
    q: &HashMap<String, Vec<String>>,
    today: NaiveDate,
    origin: &str,
) -> Result<Value, Response> {
    let limit: i64 = first(q, "limit")
        .and_then(|l| l.parse().ok())
        .filter(|l| (1..=100).contains(l))
        .ok_or_else(|| validation("limit must be between 1 and 100"))?;
    if first(q, "offset").unwrap_or("0") != "0" {
        return Err(validation(
            "Only offset=0 is supported; follow pagination.next.",
        ));
    }
    let (before, after) = (first(q, "beforeDate"), first(q, "afterDate"));
    let sort = first(q, "sort").unwrap_or("");
    let mut logs = Vec::new();
    let (next_key, next_date) = match (before, after) {
        (Some(b), None) if sort == "desc" => {
            // Sleeps ending strictly before the date, newest first, whole dates per page so the
            // date cursor never splits two sleeps of one night.
            let mut d = fitdata_synth::add_days(parse_date(b, today)?, -1);
            let mut more = false;
            while d >= p.first_day {
                let mut day: Vec<Value> = p
                    .sleeps_ending_on(d)
                    .iter()
                    .map(|s| sleep_log(p, s))
                    .collect();
                if !logs.is_empty() && (logs.len() + day.len()) as i64 > limit {
                    more = true;
                    break;
                }
                day.reverse();
                logs.extend(day);
                d = fitdata_synth::add_days(d, -1);
            }
            (
                "beforeDate",
                more.then(|| {
                    logs.last()
                        .and_then(|l| l["dateOfSleep"].as_str())
                        .map(str::to_string)
                })
                .flatten(),
            )
        }
        (None, Some(a)) if sort == "asc" => {
            let mut d = fitdata_synth::add_days(parse_date(a, today)?, 1);
            let mut more = false;
            while d <= today {
                let day: Vec<Value> = p
                    .sleeps_ending_on(d)
                    .iter()
                    .map(|s| sleep_log(p, s))
                    .collect();
                if !logs.is_empty() && (logs.len() + day.len()) as i64 > limit {
                    more = true;
                    break;
                }
                logs.extend(day);
                d = fitdata_synth::add_days(d, 1);
            }
            (
                "afterDate",
                more.then(|| {
                    logs.last()
                        .and_then(|l| l["dateOfSleep"].as_str())
                        .map(str::to_string)
                })
                .flatten(),
            )
        }
        _ => {
            return Err(validation(
                "Use beforeDate with sort=desc, or afterDate with sort=asc.",
            ))
        }
    };
    let next = match next_date {
        Some(d) => format!(
            "{origin}/1.2/user/-/sleep/list.json?{next_key}={d}&sort={sort}&limit={limit}&offset=0"
        ),
        None => String::new(),
    };
    Ok(
        json!({"pagination": {"limit": limit, "next": next, "offset": 0, "previous": "", "sort": sort,
              next_key: before.or(after)}, "sleep": logs}),
    )
}
