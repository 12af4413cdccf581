//! The OAuth 2.0 steps as pure functions, each paired request/response as oauth4webapi does:
//! build the authorize URL (RFC 6749 §4.1.1 with PKCE, RFC 7636), validate the callback before
//! anything else (§4.1.2, §10.12), build the token request (§4.1.3, §6) and process its answer.

use super::token::{Mode, TokenSet};
use super::AuthError;
use crate::config::{Provider, ProviderConfig};
use oauth2::{
    basic::BasicClient, AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope,
};
use serde::{Deserialize, Serialize};
use url::Url;

/// A sign-in in flight: kept in sessionStorage between leaving for the provider and coming back,
/// and deleted the moment the callback is read (single use).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub provider: Provider,
    pub mode: Mode,
    pub state: String,
    /// The PKCE verifier (code mode only).
    pub verifier: Option<String>,
    pub scopes: Vec<String>,
    pub created_at_ms: i64,
    /// The authorization server's origin, for RFC 9207's `iss` check.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The app's route to come back to once signed in (`#/workouts/…`), when a page asked for
    /// a permission of its own (a workout's route asks for the location scope).
    #[serde(default)]
    pub back: Option<String>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("provider", &self.provider)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// A sign-in that was started longer ago than this is refused (codes live 10 minutes anyway).
pub const PENDING_TTL_MS: i64 = 15 * 60 * 1000;

pub const GOOGLE_SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/googlehealth.";

/// The scopes the app's views need from each provider: activity (steps, totals), measurements
/// (heart rate, vitals, body), sleep, settings (time zone, units and devices) and the profile
/// (age, for heart-rate zones). Nothing that writes.
pub fn default_scopes(kind: Provider) -> Vec<String> {
    match kind {
        Provider::Google => [
            "activity_and_fitness.readonly",
            "health_metrics_and_measurements.readonly",
            "sleep.readonly",
            "settings.readonly",
            "profile.readonly",
        ]
        .iter()
        .map(|s| format!("{GOOGLE_SCOPE_PREFIX}{s}"))
        .collect(),
        Provider::Fitbit => [
            "activity",
            "heartrate",
            "sleep",
            "profile",
            "settings",
            "oxygen_saturation",
            "respiratory_rate",
            "temperature",
            "cardio_fitness",
            "weight",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    }
}

/// Google's location scope: a workout's route (its TCX file) needs it besides the activity
/// scope. Asked for only when the person opens a route, never with the default scopes.
pub fn location_scope() -> String {
    format!("{GOOGLE_SCOPE_PREFIX}location.readonly")
}

/// A route to come back to after a sign-in: one of the app's own hash routes (`/workouts/…`,
/// with or without its `#`), nothing else.
pub fn back_route(route: &str) -> Option<String> {
    let route = route.strip_prefix('#').unwrap_or(route);
    (route.starts_with('/')
        && !route.starts_with("//")
        && route.len() <= 200
        && route
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.:".contains(&b)))
    .then(|| route.to_string())
}

/// Builds the authorize URL with a fresh `state` and, in code mode, a fresh S256 PKCE pair.
pub fn authorize(
    cfg: &ProviderConfig,
    mode: Mode,
    scopes: &[String],
    now_ms: i64,
) -> Result<(Url, Pending), AuthError> {
    let path = match cfg.provider {
        Provider::Google => "/o/oauth2/v2/auth",
        // The demo has no sign-in; no config block can name it.
        Provider::Fitbit => "/oauth2/authorize",
    };
    let auth_url = AuthUrl::from_url(
        cfg.auth_base
            .join(path)
            .map_err(|e| AuthError::Config(e.to_string()))?,
    );
    let client = BasicClient::new(ClientId::new(cfg.client_id.clone()))
        .set_auth_uri(auth_url)
        .set_redirect_uri(RedirectUrl::from_url(cfg.redirect_uri.clone()));
    // The state names its provider, so a reply can never be taken for another provider's.
    let kind = cfg.provider;
    let mut request = client
        .authorize_url(move || {
            CsrfToken::new(format!(
                "{}.{}",
                kind.key(),
                CsrfToken::new_random().secret()
            ))
        })
        .add_scopes(scopes.iter().cloned().map(Scope::new));
    let mut verifier = None;
    match mode {
        Mode::Code => {
            let (challenge, v) = PkceCodeChallenge::new_random_sha256();
            request = request.set_pkce_challenge(challenge);
            verifier = Some(v.secret().clone());
        }
        Mode::Token => request = request.use_implicit_flow(),
    }
    if cfg.provider == Provider::Google {
        request = request.add_extra_param("include_granted_scopes", "true");
        if mode == Mode::Code {
            // A refresh token comes only with offline access, and again only with a fresh
            // consent: without prompt=consent a returning user gets none.
            request = request
                .add_extra_param("access_type", "offline")
                .add_extra_param("prompt", "consent");
        }
    }
    let (url, state) = request.url();
    Ok((
        url,
        Pending {
            provider: cfg.provider,
            mode,
            state: state.secret().clone(),
            verifier,
            scopes: scopes.to_vec(),
            created_at_ms: now_ms,
            issuer: Some(cfg.auth_base.origin().ascii_serialization()),
            back: None,
        },
    ))
}

/// The issuer a provider names itself with in RFC 9207's `iss` (besides the configured origin).
fn known_issuer(kind: Provider) -> Option<&'static str> {
    match kind {
        Provider::Google => Some("https://accounts.google.com"),
        Provider::Fitbit => None,
    }
}

/// Whether `url` looks like an OAuth callback (query or fragment carrying state/code/error).
pub fn is_callback(url: &Url) -> bool {
    let keys = |pairs: Vec<(String, String)>| {
        pairs
            .iter()
            .any(|(k, _)| matches!(k.as_str(), "code" | "state" | "error" | "access_token"))
    };
    keys(query_pairs(url)) || keys(fragment_pairs(url))
}

fn query_pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn fragment_pairs(url: &Url) -> Vec<(String, String)> {
    url.fragment()
        .map(|f| {
            url::form_urlencoded::parse(f.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// What a valid callback carries.
#[derive(Clone, PartialEq, Eq)]
pub enum Callback {
    /// Code mode: exchange this code (with the pending verifier).
    Code { code: String, scope: Option<String> },
    /// Token mode: the token arrived in the fragment.
    Token(TokenSet),
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callback::Code { .. } => f.write_str("Callback::Code(<redacted>)"),
            Callback::Token(t) => write!(f, "Callback::Token({t:?})"),
        }
    }
}

/// Validates the callback URL against the pending sign-in, before any exchange.
pub fn validate_callback(
    url: &Url,
    pending: Option<&Pending>,
    now_ms: i64,
) -> Result<Callback, AuthError> {
    let Some(pending) = pending else {
        return Err(AuthError::NoPendingSignIn);
    };
    let provider = pending.provider;
    // Token mode answers in the fragment; code mode in the query (Fitbit appends `#_=_`).
    let pairs = match pending.mode {
        Mode::Token => fragment_pairs(url),
        Mode::Code => query_pairs(url),
    };
    // A parameter given twice could make two readers see two different replies.
    let mut seen = std::collections::BTreeSet::new();
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !seen.insert(k.as_str())) {
        return Err(AuthError::MalformedCallback {
            provider,
            detail: format!("`{k}` appears twice"),
        });
    }
    let get = |k: &str| pairs.iter().find(|(pk, _)| pk == k).map(|(_, v)| v.clone());
    // state first: an error from a response that is not ours must not be shown as ours. The
    // state is bound to the provider the sign-in was started with.
    match get("state") {
        Some(s) if s == pending.state && s.starts_with(&format!("{}.", provider.key())) => {}
        // A sign-in started before states named their provider (an update mid-sign-in).
        Some(s) if s == pending.state && !pending.state.contains('.') => {}
        _ => return Err(AuthError::StateMismatch { provider }),
    }
    // RFC 9207: a provider that says who answered must be the one asked (a mix-up attack
    // sends another server's reply to this page).
    if let Some(iss) = get("iss") {
        let ours = pending.issuer.as_deref() == Some(iss.trim_end_matches('/'))
            || known_issuer(provider) == Some(iss.trim_end_matches('/'));
        if !ours {
            return Err(AuthError::MalformedCallback {
                provider,
                detail: format!("it was issued by {iss}, not by the server this sign-in went to"),
            });
        }
    }
    if now_ms - pending.created_at_ms > PENDING_TTL_MS {
        return Err(AuthError::PendingExpired { provider });
    }
    if let Some(error) = get("error") {
        if error == "access_denied" {
            return Err(AuthError::Denied { provider });
        }
        return Err(AuthError::Provider {
            provider,
            error,
            description: get("error_description").unwrap_or_default(),
        });
    }
    match pending.mode {
        Mode::Code => {
            let code = get("code")
                .filter(|c| !c.is_empty())
                .ok_or(AuthError::MissingCode { provider })?;
            Ok(Callback::Code {
                code,
                scope: get("scope"),
            })
        }
        Mode::Token => {
            let access_token = get("access_token")
                .filter(|t| !t.is_empty())
                .ok_or(AuthError::MissingCode { provider })?;
            bearer(provider, get("token_type").as_deref())?;
            let expires_in: i64 = get("expires_in")
                .and_then(|e| e.parse().ok())
                .unwrap_or(3600);
            Ok(Callback::Token(TokenSet {
                provider,
                mode: Mode::Token,
                access_token,
                refresh_token: None,
                expires_at_ms: now_ms + expires_in * 1000,
                refresh_expires_at_ms: None,
                scopes: granted(get("scope").as_deref(), &pending.scopes),
                user_id: None,
                obtained_at_ms: now_ms,
                generation: 0,
            }))
        }
    }
}

fn granted(scope: Option<&str>, asked: &[String]) -> Vec<String> {
    match scope {
        Some(s) if !s.trim().is_empty() => s
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => asked.to_vec(),
    }
}

/// A form POST to a token endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub url: String,
    pub body: String,
    /// `Authorization: Basic …` value, for clients that authenticate that way.
    pub basic: Option<String>,
}

fn token_url(cfg: &ProviderConfig, path: &str) -> Result<String, AuthError> {
    cfg.token_base
        .join(path)
        .map(|u| u.to_string())
        .map_err(|e| AuthError::Config(e.to_string()))
}

fn client_auth(cfg: &ProviderConfig, form: &mut Vec<(&'static str, String)>) -> Option<String> {
    use base64::Engine;
    match (cfg.provider, &cfg.client_secret) {
        // Google wants the secret in the body for web clients, even with PKCE.
        (Provider::Google, Some(secret)) => {
            form.push(("client_id", cfg.client_id.clone()));
            form.push(("client_secret", secret.clone()));
            None
        }
        // Fitbit "Personal"/"Server" apps authenticate with Basic.
        (Provider::Fitbit, Some(secret)) => Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{secret}", cfg.client_id))
        )),
        // Public clients ("Client"-type Fitbit apps): client_id in the body, no secret.
        (_, None) => {
            form.push(("client_id", cfg.client_id.clone()));
            None
        }
    }
}

fn encode(form: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

/// A token-endpoint POST of `form`, with the client authenticated as its type requires.
fn grant_request(
    cfg: &ProviderConfig,
    mut form: Vec<(&'static str, String)>,
) -> Result<TokenRequest, AuthError> {
    let basic = client_auth(cfg, &mut form);
    let path = match cfg.provider {
        Provider::Google => "/token",
        Provider::Fitbit => "/oauth2/token",
    };
    Ok(TokenRequest {
        url: token_url(cfg, path)?,
        body: encode(&form),
        basic,
    })
}

/// The authorization-code exchange (RFC 6749 §4.1.3 + RFC 7636 §4.5).
pub fn code_request(
    cfg: &ProviderConfig,
    pending: &Pending,
    code: &str,
) -> Result<TokenRequest, AuthError> {
    let verifier = pending.verifier.clone().ok_or(AuthError::NoPendingSignIn)?;
    grant_request(
        cfg,
        vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
            ("redirect_uri", cfg.redirect_uri.to_string()),
            ("code_verifier", verifier),
        ],
    )
}

/// The refresh-token grant (RFC 6749 §6).
pub fn refresh_request(cfg: &ProviderConfig, tokens: &TokenSet) -> Result<TokenRequest, AuthError> {
    let rt = tokens
        .refresh_token
        .clone()
        .ok_or(AuthError::ReconnectNeeded {
            provider: cfg.provider,
        })?;
    grant_request(
        cfg,
        vec![
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", rt),
        ],
    )
}

/// Revocation (RFC 7009): Google revokes the whole grant from either token.
pub fn revoke_request(cfg: &ProviderConfig, tokens: &TokenSet) -> Result<TokenRequest, AuthError> {
    let token = tokens
        .refresh_token
        .clone()
        .unwrap_or_else(|| tokens.access_token.clone());
    let mut form = vec![("token", token)];
    let (path, basic) = match cfg.provider {
        Provider::Google => ("/revoke", None),
        Provider::Fitbit => ("/oauth2/revoke", client_auth(cfg, &mut form)),
    };
    Ok(TokenRequest {
        url: token_url(cfg, path)?,
        body: encode(&form),
        basic,
    })
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_token_expires_in: Option<i64>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
}

#[derive(Deserialize)]
struct GoogleError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct FitbitErrors {
    errors: Vec<FitbitError>,
}

#[derive(Deserialize)]
struct FitbitError {
    #[serde(rename = "errorType")]
    error_type: String,
    #[serde(default)]
    message: Option<String>,
}

/// Fitbit's error body, `{"errors":[{"errorType","message"}],"success":false}`: the first
/// error's type and message, if `body` has that shape.
pub fn fitbit_error_body(body: &str) -> Option<(String, String)> {
    let first = serde_json::from_str::<FitbitErrors>(body)
        .ok()?
        .errors
        .into_iter()
        .next()?;
    Some((first.error_type, first.message.unwrap_or_default()))
}

/// Turns a token endpoint's answer into a `TokenSet`, or a typed error. `previous` is the set
/// being refreshed: Google does not send the refresh token again, so it is carried over.
/// `secrets` are scrubbed from any text the server echoes (Fitbit repeats the code or token).
pub fn process_token_response(
    provider: Provider,
    status: u16,
    body: &str,
    now_ms: i64,
    asked: &[String],
    previous: Option<&TokenSet>,
    secrets: &[&str],
) -> Result<TokenSet, AuthError> {
    if (200..300).contains(&status) {
        let t: TokenBody = serde_json::from_str(body).map_err(|e| AuthError::Decode {
            provider,
            detail: e.to_string(),
        })?;
        bearer(provider, t.token_type.as_deref())?;
        let refresh_token = t
            .refresh_token
            .or_else(|| previous.and_then(|p| p.refresh_token.clone()));
        let refresh_expires_at_ms = match t.refresh_token_expires_in {
            Some(s) => Some(now_ms + s * 1000),
            None => previous.and_then(|p| p.refresh_expires_at_ms),
        };
        let scopes = match (t.scope.as_deref(), previous) {
            (Some(s), _) => granted(Some(s), asked),
            (None, Some(p)) => p.scopes.clone(),
            (None, None) => asked.to_vec(),
        };
        return Ok(TokenSet {
            provider,
            mode: Mode::Code,
            access_token: t.access_token,
            refresh_token,
            expires_at_ms: now_ms + t.expires_in.unwrap_or(3600) * 1000,
            refresh_expires_at_ms,
            scopes,
            user_id: t
                .user_id
                .or_else(|| previous.and_then(|p| p.user_id.clone())),
            obtained_at_ms: now_ms,
            generation: 0,
        });
    }
    let (error, description) = if let Ok(g) = serde_json::from_str::<GoogleError>(body) {
        (g.error, g.error_description.unwrap_or_default())
    } else if let Some(pair) = fitbit_error_body(body) {
        pair
    } else {
        (format!("http_{status}"), String::new())
    };
    Err(AuthError::TokenEndpoint {
        provider,
        status,
        error: scrub(&error, secrets),
        description: scrub(&description, secrets),
    })
}

/// Only a Bearer token is one the app knows how to send (RFC 6750); anything else is refused
/// rather than sent the wrong way.
fn bearer(provider: Provider, token_type: Option<&str>) -> Result<(), AuthError> {
    match token_type {
        Some(t) if t.eq_ignore_ascii_case("bearer") => Ok(()),
        other => Err(AuthError::Decode {
            provider,
            detail: format!(
                "token_type is {}, not Bearer",
                other.map_or_else(|| "missing".to_string(), |t| format!("{t:?}"))
            ),
        }),
    }
}

/// Replaces every occurrence of a secret by `[redacted]`.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text.to_string(), |t, s| t.replace(s, "[redacted]"))
}

/// The app's own address for a page URL: the same folder, without the page name, query or
/// fragment. `https://me.github.io/fitdata/redirect.html?code=…` → `https://me.github.io/fitdata/`.
pub fn home_url(url: &Url) -> String {
    let mut home = url.clone();
    home.set_query(None);
    home.set_fragment(None);
    match home.join("./") {
        Ok(u) => u.to_string(),
        Err(_) => home.to_string(),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod home_tests;
