//! Fitbit's OAuth server on `www.fitbit.com`/`api.fitbit.com`: the authorize page, consent,
//! token (code, refresh, rotation), revoke and introspect.

use super::*;

/// Fitbit's error page: bad authorize parameters are shown here, never redirected.
pub(super) fn error_page(message: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><meta charset=utf-8><title>Fitbit: Error</title><h1>The app you're trying to connect did not provide valid information to Fitbit.</h1><p id=error-detail>{}</p>",
        escape(message)
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

pub(super) async fn authorize(State(shared): State<Shared>, RawQuery(q): RawQuery) -> Response {
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

pub(super) async fn consent(State(shared): State<Shared>, body: String) -> Response {
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
pub(super) fn client_of(
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

pub(super) fn token_body(access: &str, refresh: &str, scopes: &BTreeSet<String>) -> Value {
    json!({
        "access_token": access, "expires_in": ACCESS_TTL, "refresh_token": refresh,
        "scope": scopes.iter().cloned().collect::<Vec<_>>().join(" "), "token_type": "Bearer", "user_id": FITBIT_USER
    })
}

/// Issues a new pair; the user's other refresh tokens for this client stop working (one active
/// refresh token per user).
pub(super) fn issue_pair(
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

pub(super) async fn token(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> Response {
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

pub(super) async fn revoke(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> Response {
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

pub(super) async fn introspect(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> Response {
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
