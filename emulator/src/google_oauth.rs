//! Google OAuth 2.0 as a browser meets it: `accounts.google.com/o/oauth2/v2/auth` (consent page)
//! and `oauth2.googleapis.com/token` and `/revoke`, with Google's rules and error bodies.

use crate::auth_store::{
    mint, pkce_matches, ClientType, CodeGrant, PendingConsent, PkceMethod, RefreshToken, Side,
    CODE_TTL, GOOGLE_ACCESS_TTL, TESTING_REFRESH_TTL,
};
use crate::edge::api_host;
use crate::state::Shared;
use crate::wire::{escape, first, json, parse_pairs, with_params};
use crate::Host;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;
use std::collections::BTreeSet;

pub const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/googlehealth.";
/// The Google Health scopes (read-only ones the app may ask for), and what they cover.
pub const SCOPES: [(&str, &str); 6] = [
    (
        "activity_and_fitness.readonly",
        "See your activity and fitness data",
    ),
    (
        "health_metrics_and_measurements.readonly",
        "See your heart rate, SpO2, HRV, weight and other measurements",
    ),
    ("sleep.readonly", "See your sleep data"),
    ("profile.readonly", "See your Google Health profile"),
    (
        "settings.readonly",
        "See your Google Health settings and devices",
    ),
    (
        "location.readonly",
        "See your location data, such as the routes of your exercises",
    ),
];
const OPENID_SCOPES: [&str; 3] = ["openid", "email", "profile"];

pub fn accounts_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/o/oauth2/v2/auth", get(authorize))
        .route("/o/oauth2/v2/auth/consent", post(consent))
        .with_state(shared.clone());
    api_host(r, shared, Host::AccountsGoogle)
}

pub fn token_router(shared: Shared) -> Router {
    let r = Router::new()
        .route("/token", post(token))
        .route("/revoke", post(revoke))
        .with_state(shared.clone());
    api_host(r, shared, Host::Oauth2Googleapis)
}

/// Google's error page: shown instead of redirecting when the request cannot be trusted.
fn error_page(status: StatusCode, code: &str, detail: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><meta charset=utf-8><title>Error {status_n}: {code}</title>\
         <h1>Access blocked: Authorization Error</h1><p id=error-code>Error {status_n}: {code}</p><p id=error-detail>{detail}</p>",
        status_n = status.as_u16(),
        code = escape(code),
        detail = escape(detail)
    );
    (status, Html(page)).into_response()
}

async fn authorize(State(shared): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let q = parse_pairs(q.as_deref().unwrap_or(""));
    let mut st = shared.lock();
    let Some(client_id) = first(&q, "client_id") else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: client_id",
        );
    };
    let Some(client) = st
        .auth
        .client(client_id)
        .filter(|c| c.side == Side::Google)
        .cloned()
    else {
        return error_page(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        );
    };
    let Some(redirect_uri) = first(&q, "redirect_uri") else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: redirect_uri",
        );
    };
    // Byte for byte: a trailing slash or a different case is a different URI.
    if !client.redirect_uris.iter().any(|u| u == redirect_uri) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            &format!("You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. Request details: redirect_uri={redirect_uri}"),
        );
    }
    let response_type = first(&q, "response_type").unwrap_or("");
    if response_type != "code" && response_type != "token" {
        return error_page(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type",
            &format!("Invalid response_type: {response_type}"),
        );
    }
    let Some(scope) = first(&q, "scope") else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: scope",
        );
    };
    let scopes: Vec<String> = scope.split_whitespace().map(str::to_string).collect();
    if let Some(bad) = scopes.iter().find(|s| !known_scope(s)) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            &format!("Some requested scopes were invalid. {{invalid=[{bad}]}}"),
        );
    }
    let challenge = match (
        first(&q, "code_challenge"),
        first(&q, "code_challenge_method"),
    ) {
        (None, None) => None,
        (Some(c), m) => {
            let method = match m.unwrap_or("plain") {
                "S256" => PkceMethod::S256,
                "plain" => PkceMethod::Plain,
                other => {
                    return error_page(
                        StatusCode::BAD_REQUEST,
                        "invalid_request",
                        &format!("Invalid code_challenge_method: {other}"),
                    )
                }
            };
            let ok_len = (43..=128).contains(&c.len());
            if !ok_len
                || !c
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Invalid code_challenge.",
                );
            }
            Some((c.to_string(), method))
        }
        (None, Some(_)) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing code_challenge.",
            )
        }
    };
    let pending = PendingConsent {
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_string(),
        response_type: response_type.to_string(),
        scopes,
        state: first(&q, "state").map(str::to_string),
        challenge,
        offline: first(&q, "access_type") == Some("offline"),
        include_granted_scopes: first(&q, "include_granted_scopes") == Some("true"),
    };
    // Without prompt=consent, a user who already granted every scope is sent straight back,
    // and (Google's trap) no new refresh token comes with that code.
    let already = st.auth.granted.get(&client.id).cloned().unwrap_or_default();
    let prompt_consent =
        first(&q, "prompt").is_some_and(|p| p.split_whitespace().any(|w| w == "consent"));
    if !prompt_consent && pending.scopes.iter().all(|s| already.contains(s)) {
        let granted = pending.scopes.iter().cloned().collect();
        let now = st.now();
        return finish(&mut st.auth, now, &pending, granted, false);
    }
    let id = mint("consent-");
    st.auth.pending.insert(id.clone(), pending.clone());
    Html(consent_page(&id, &pending)).into_response()
}

fn known_scope(scope: &str) -> bool {
    OPENID_SCOPES.contains(&scope)
        || scope
            .strip_prefix(SCOPE_PREFIX)
            .is_some_and(|s| SCOPES.iter().any(|(name, _)| *name == s))
}

fn consent_page(id: &str, p: &PendingConsent) -> String {
    let rows: String = p
        .scopes
        .iter()
        .map(|s| {
            let label = s
                .strip_prefix(SCOPE_PREFIX)
                .and_then(|n| SCOPES.iter().find(|(name, _)| *name == n))
                .map_or(s.as_str(), |(_, label)| label);
            format!(
                "<li><label><input type=checkbox name=scope value=\"{v}\" checked> {l}</label></li>",
                v = escape(s),
                l = escape(label)
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><meta charset=utf-8><title>Sign in - Google Accounts</title>\
         <h1>fitdata wants access to your Google Account</h1><p>emulated-user@example.com</p>\
         <form method=post action=\"/o/oauth2/v2/auth/consent\"><input type=hidden name=id value=\"{id}\">\
         <p>Select what fitdata can access:</p><ul>{rows}</ul>\
         <button name=decision value=deny>Cancel</button> <button name=decision value=allow>Continue</button></form>",
        id = escape(id)
    )
}

async fn consent(State(shared): State<Shared>, body: String) -> Response {
    let form = parse_pairs(&body);
    let mut st = shared.lock();
    let Some(pending) = first(&form, "id").and_then(|id| st.auth.pending.remove(id)) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "This consent request has expired or was already answered. Start again from the app.",
        );
    };
    let state_param = pending.state.clone().unwrap_or_default();
    let mut params: Vec<(&str, &str)> = Vec::new();
    if first(&form, "decision") != Some("allow") {
        params.push(("error", "access_denied"));
        if pending.state.is_some() {
            params.push(("state", &state_param));
        }
        let sep = if pending.response_type == "token" {
            '#'
        } else {
            '?'
        };
        return Redirect::to(&with_params(&pending.redirect_uri, sep, &params)).into_response();
    }
    let chosen: BTreeSet<String> = form
        .get("scope")
        .into_iter()
        .flatten()
        .filter(|s| pending.scopes.contains(s))
        .cloned()
        .collect();
    let now = st.now();
    finish(&mut st.auth, now, &pending, chosen, true)
}

/// Issues the code (or, in token mode, the access token) and redirects back to the app.
fn finish(
    auth: &mut crate::auth_store::AuthStore,
    now: i64,
    p: &PendingConsent,
    chosen: BTreeSet<String>,
    consent_shown: bool,
) -> Response {
    let granted_before = auth.granted.entry(p.client_id.clone()).or_default();
    granted_before.extend(chosen.iter().cloned());
    let scopes: BTreeSet<String> = if p.include_granted_scopes {
        granted_before.clone()
    } else {
        chosen
    };
    let scope_text = scopes.iter().cloned().collect::<Vec<_>>().join(" ");
    let state = p.state.clone().unwrap_or_default();
    if p.response_type == "token" {
        let token = auth.issue_access(Side::Google, &p.client_id, &scopes, GOOGLE_ACCESS_TTL, now);
        let mut params = vec![
            ("access_token", token.as_str()),
            ("token_type", "Bearer"),
            ("expires_in", "3599"),
            ("scope", scope_text.as_str()),
        ];
        if p.state.is_some() {
            params.push(("state", &state));
        }
        return Redirect::to(&with_params(&p.redirect_uri, '#', &params)).into_response();
    }
    let code = mint("4/0Aemu");
    auth.codes.insert(
        code.clone(),
        CodeGrant {
            client_id: p.client_id.clone(),
            redirect_uri: p.redirect_uri.clone(),
            scopes,
            challenge: p.challenge.clone(),
            issued_at: now,
            used: false,
            with_refresh: p.offline && consent_shown,
            minted: Vec::new(),
        },
    );
    let mut params = Vec::new();
    if p.state.is_some() {
        params.push(("state", state.as_str()));
    }
    params.extend([
        ("code", code.as_str()),
        ("scope", scope_text.as_str()),
        ("authuser", "0"),
        ("prompt", "consent"),
    ]);
    Redirect::to(&with_params(&p.redirect_uri, '?', &params)).into_response()
}

fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

async fn token(State(shared): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_type {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Invalid Content-Type: expected application/x-www-form-urlencoded",
        );
    }
    let form = parse_pairs(&body);
    let mut st = shared.lock();
    let now = st.now();
    let grant_type = first(&form, "grant_type").unwrap_or("");
    if grant_type != "authorization_code" && grant_type != "refresh_token" {
        return token_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("Invalid grant_type: {grant_type}"),
        );
    }
    let Some(client_id) = first(&form, "client_id") else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Could not determine client ID from request.",
        );
    };
    let Some(client) = st
        .auth
        .client(client_id)
        .filter(|c| c.side == Side::Google)
        .cloned()
    else {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The OAuth client was not found.",
        );
    };
    if client.client_type == ClientType::GoogleWeb {
        match first(&form, "client_secret") {
            None => {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "client_secret is missing.",
                )
            }
            Some(s) if Some(s) != client.secret.as_deref() => {
                return token_error(StatusCode::UNAUTHORIZED, "invalid_client", "Unauthorized")
            }
            Some(_) => {}
        }
    }
    if grant_type == "refresh_token" {
        let Some(rt) = first(&form, "refresh_token") else {
            return token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing required parameter: refresh_token",
            );
        };
        let record = match st.auth.refresh.get(rt) {
            Some(r)
                if r.client_id == client.id
                    && !r.revoked
                    && r.expires_at.is_none_or(|e| now < e) =>
            {
                r.clone()
            }
            _ => {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Token has been expired or revoked.",
                )
            }
        };
        let access = st.auth.issue_access(
            Side::Google,
            &client.id,
            &record.scopes,
            GOOGLE_ACCESS_TTL,
            now,
        );
        let mut body = json!({
            "access_token": access,
            "expires_in": GOOGLE_ACCESS_TTL - 1,
            "scope": record.scopes.iter().cloned().collect::<Vec<_>>().join(" "),
            "token_type": "Bearer",
        });
        if let Some(exp) = record.expires_at {
            body["refresh_token_expires_in"] = json!(exp - now);
        }
        return json(StatusCode::OK, &body);
    }
    let Some(code) = first(&form, "code") else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: code",
        );
    };
    let Some(grant) = st.auth.codes.get(code).cloned() else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "Malformed auth code.",
        );
    };
    if grant.used {
        // A replayed code revokes what it minted (RFC 6749 §4.1.2).
        for t in &grant.minted {
            st.auth.revoke(t);
        }
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant", "Bad Request");
    }
    if now >= grant.issued_at + CODE_TTL || grant.client_id != client.id {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant", "Bad Request");
    }
    if first(&form, "redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return token_error(
            StatusCode::BAD_REQUEST,
            "redirect_uri_mismatch",
            "Bad Request",
        );
    }
    if let Some((challenge, method)) = &grant.challenge {
        match first(&form, "code_verifier") {
            None => {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Missing code verifier.",
                )
            }
            Some(v) if !pkce_matches(v, challenge, *method) => {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid code verifier.",
                )
            }
            Some(_) => {}
        }
    }
    let access = st.auth.issue_access(
        Side::Google,
        &client.id,
        &grant.scopes,
        GOOGLE_ACCESS_TTL,
        now,
    );
    let mut minted = vec![access.clone()];
    let mut body = json!({
        "access_token": access,
        "expires_in": GOOGLE_ACCESS_TTL - 1,
        "scope": grant.scopes.iter().cloned().collect::<Vec<_>>().join(" "),
        "token_type": "Bearer",
    });
    if grant.with_refresh {
        let rt = mint("1//0emu");
        let expires_at = client.testing_mode.then_some(now + TESTING_REFRESH_TTL);
        st.auth.refresh.insert(
            rt.clone(),
            RefreshToken {
                side: Side::Google,
                client_id: client.id.clone(),
                scopes: grant.scopes.clone(),
                expires_at,
                revoked: false,
                rotated: None,
            },
        );
        body["refresh_token"] = json!(rt);
        if let Some(exp) = expires_at {
            body["refresh_token_expires_in"] = json!(exp - now - 1);
        }
        minted.push(rt);
    }
    if let Some(g) = st.auth.codes.get_mut(code) {
        g.used = true;
        g.minted = minted;
    }
    json(StatusCode::OK, &body)
}

async fn revoke(State(shared): State<Shared>, RawQuery(q): RawQuery, body: String) -> Response {
    let mut params = parse_pairs(&body);
    params.extend(parse_pairs(q.as_deref().unwrap_or("")));
    let token = first(&params, "token").unwrap_or("").to_string();
    if shared.lock().auth.revoke(&token) {
        json(StatusCode::OK, &json!({}))
    } else {
        token_error(
            StatusCode::BAD_REQUEST,
            "invalid_token",
            "Token expired or revoked",
        )
    }
}
