//! The OAuth 2.0 steps as pure functions, each paired request/response as oauth4webapi does:
//! build the authorize URL (RFC 6749 §4.1.1 with PKCE, RFC 7636), validate the callback before
//! anything else (§4.1.2, §10.12), build the token request (§4.1.3, §6) and process its answer.

use super::token::{Mode, TokenSet};
use super::AuthError;
use crate::config::{ProviderConfig, ProviderKind};
use oauth2::{
    basic::BasicClient, AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope,
};
use serde::{Deserialize, Serialize};
use url::Url;

/// A sign-in in flight: kept in sessionStorage between leaving for the provider and coming back,
/// and deleted the moment the callback is read (single use).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub provider: ProviderKind,
    pub mode: Mode,
    pub state: String,
    /// The PKCE verifier (code mode only).
    pub verifier: Option<String>,
    pub scopes: Vec<String>,
    pub created_at_ms: i64,
    /// The authorization server's origin, for RFC 9207's `iss` check.
    #[serde(default)]
    pub issuer: Option<String>,
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
pub fn default_scopes(kind: ProviderKind) -> Vec<String> {
    match kind {
        ProviderKind::Google => [
            "activity_and_fitness.readonly",
            "health_metrics_and_measurements.readonly",
            "sleep.readonly",
            "settings.readonly",
            "profile.readonly",
        ]
        .iter()
        .map(|s| format!("{GOOGLE_SCOPE_PREFIX}{s}"))
        .collect(),
        ProviderKind::Fitbit => [
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
        ProviderKind::Demo | ProviderKind::Import => Vec::new(),
    }
}

/// Builds the authorize URL with a fresh `state` and, in code mode, a fresh S256 PKCE pair.
pub fn authorize(
    cfg: &ProviderConfig,
    mode: Mode,
    scopes: &[String],
    now_ms: i64,
) -> Result<(Url, Pending), AuthError> {
    let path = match cfg.kind {
        ProviderKind::Google => "/o/oauth2/v2/auth",
        // The demo has no sign-in; no config block can name it.
        ProviderKind::Fitbit | ProviderKind::Demo | ProviderKind::Import => "/oauth2/authorize",
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
    let kind = cfg.kind;
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
    if cfg.kind == ProviderKind::Google {
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
            provider: cfg.kind,
            mode,
            state: state.secret().clone(),
            verifier,
            scopes: scopes.to_vec(),
            created_at_ms: now_ms,
            issuer: Some(cfg.auth_base.origin().ascii_serialization()),
        },
    ))
}

/// The issuer a provider names itself with in RFC 9207's `iss` (besides the configured origin).
fn known_issuer(kind: ProviderKind) -> Option<&'static str> {
    match kind {
        ProviderKind::Google => Some("https://accounts.google.com"),
        ProviderKind::Fitbit | ProviderKind::Demo | ProviderKind::Import => None,
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
    match (cfg.kind, &cfg.client_secret) {
        // Google wants the secret in the body for web clients, even with PKCE.
        (ProviderKind::Google, Some(secret)) => {
            form.push(("client_id", cfg.client_id.clone()));
            form.push(("client_secret", secret.clone()));
            None
        }
        // Fitbit "Personal"/"Server" apps authenticate with Basic.
        (ProviderKind::Fitbit | ProviderKind::Demo | ProviderKind::Import, Some(secret)) => {
            Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{}:{secret}", cfg.client_id))
            ))
        }
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
    let path = match cfg.kind {
        ProviderKind::Google => "/token",
        ProviderKind::Fitbit | ProviderKind::Demo | ProviderKind::Import => "/oauth2/token",
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
        .ok_or(AuthError::ReconnectNeeded { provider: cfg.kind })?;
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
    let (path, basic) = match cfg.kind {
        ProviderKind::Google => ("/revoke", None),
        ProviderKind::Fitbit | ProviderKind::Demo | ProviderKind::Import => {
            ("/oauth2/revoke", client_auth(cfg, &mut form))
        }
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
    provider: ProviderKind,
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
fn bearer(provider: ProviderKind, token_type: Option<&str>) -> Result<(), AuthError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn google() -> ProviderConfig {
        config::parse(r#"{"providers":{"google":{"client_id":"cid.apps.googleusercontent.com","client_secret":"GOCSPX-s","redirect_uri":"https://me.github.io/fitdata/redirect.html","auth_base":"http://127.0.0.1:7001","token_base":"http://127.0.0.1:7002"}}}"#)
            .unwrap()
            .providers[0]
            .clone()
    }
    fn fitbit(secret: bool) -> ProviderConfig {
        let s = if secret {
            r#""0123456789abcdef""#
        } else {
            "null"
        };
        config::parse(&format!(r#"{{"providers":{{"fitbit":{{"client_id":"23ABCD","client_secret":{s},"redirect_uri":"https://me.github.io/fitdata/redirect.html"}}}}}}"#))
            .unwrap()
            .providers[0]
            .clone()
    }
    fn params(url: &Url) -> std::collections::HashMap<String, String> {
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    #[test]
    fn pkce_matches_rfc7636_appendix_b() {
        let v = oauth2::PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(
            PkceCodeChallenge::from_code_verifier_sha256(&v).as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn google_code_url() {
        let (url, p) = authorize(
            &google(),
            Mode::Code,
            &default_scopes(ProviderKind::Google),
            0,
        )
        .unwrap();
        assert!(url
            .as_str()
            .starts_with("http://127.0.0.1:7001/o/oauth2/v2/auth?"));
        let q = params(&url);
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "cid.apps.googleusercontent.com");
        assert_eq!(
            q["redirect_uri"],
            "https://me.github.io/fitdata/redirect.html"
        );
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["access_type"], "offline");
        assert_eq!(q["prompt"], "consent");
        assert_eq!(q["state"], p.state);
        assert!(q["scope"].contains("googlehealth.sleep.readonly"));
        assert!(
            !url.as_str().contains("GOCSPX"),
            "the secret never goes in a URL"
        );
        let v = oauth2::PkceCodeVerifier::new(p.verifier.clone().unwrap());
        assert_eq!(
            q["code_challenge"],
            PkceCodeChallenge::from_code_verifier_sha256(&v).as_str()
        );
        // Fresh state and verifier every time.
        let (_, p2) = authorize(&google(), Mode::Code, &[], 0).unwrap();
        assert_ne!(p.state, p2.state);
        assert_ne!(p.verifier, p2.verifier);
    }

    #[test]
    fn google_token_mode_and_fitbit_urls() {
        let (url, p) = authorize(&google(), Mode::Token, &[], 0).unwrap();
        let q = params(&url);
        assert_eq!(q["response_type"], "token");
        assert!(!q.contains_key("code_challenge") && !q.contains_key("access_type"));
        assert!(p.verifier.is_none());
        let (url, _) = authorize(
            &fitbit(false),
            Mode::Code,
            &default_scopes(ProviderKind::Fitbit),
            0,
        )
        .unwrap();
        assert!(url
            .as_str()
            .starts_with("https://www.fitbit.com/oauth2/authorize?"));
        assert_eq!(
            params(&url)["scope"],
            "activity heartrate sleep profile settings oxygen_saturation respiratory_rate temperature cardio_fitness weight"
        );
    }

    fn pending(mode: Mode) -> Pending {
        Pending {
            provider: ProviderKind::Google,
            mode,
            state: "s1".into(),
            verifier: Some("v".repeat(43)),
            scopes: vec!["a".into(), "b".into()],
            created_at_ms: 1_000,
            issuer: Some("https://accounts.example".into()),
        }
    }

    #[test]
    fn oauth_edge_rules() {
        let u = |s: &str| Url::parse(s).unwrap();
        // The state names its provider, and the pending sign-in knows its server.
        let (_, p) = authorize(
            &google(),
            Mode::Code,
            &default_scopes(ProviderKind::Google),
            0,
        )
        .unwrap();
        assert!(p.state.starts_with("google.") && p.state.len() > 20);
        assert_eq!(p.issuer.as_deref(), Some("http://127.0.0.1:7001"));
        let st = p.state.clone();
        let at = |q: &str| validate_callback(&u(&format!("https://x/r.html?{q}")), Some(&p), 10);
        assert!(at(&format!("state={st}&code=c")).is_ok());
        // A parameter twice: refused before anything is read from it.
        for q in [
            format!("state={st}&code=c&code=d"),
            format!("state={st}&state={st}&code=c"),
        ] {
            assert!(
                matches!(at(&q), Err(AuthError::MalformedCallback { .. })),
                "{q}"
            );
        }
        // RFC 9207: the issuer, when given, is the server asked (or Google's own name).
        assert!(at(&format!(
            "state={st}&code=c&iss=http%3A%2F%2F127.0.0.1%3A7001"
        ))
        .is_ok());
        assert!(at(&format!(
            "state={st}&code=c&iss=https%3A%2F%2Faccounts.google.com"
        ))
        .is_ok());
        let mixed = at(&format!("state={st}&code=c&iss=https%3A%2F%2Fevil.example"));
        assert!(
            matches!(&mixed, Err(AuthError::MalformedCallback { detail, .. }) if detail.contains("evil.example")),
            "{mixed:?}"
        );
        // A state made for Fitbit is never taken by a Google sign-in, even if it matched.
        let mut crossed = p.clone();
        crossed.state = "fitbit.abcdefghijklmnop".into();
        assert_eq!(
            validate_callback(
                &u("https://x/r.html?state=fitbit.abcdefghijklmnop&code=c"),
                Some(&crossed),
                10
            ),
            Err(AuthError::StateMismatch {
                provider: ProviderKind::Google
            })
        );
        // Only Bearer tokens, from the token endpoint and from the fragment.
        for (body, ok) in [
            (r#"{"access_token":"a","token_type":"Bearer"}"#, true),
            (r#"{"access_token":"a","token_type":"bearer"}"#, true),
            (r#"{"access_token":"a","token_type":"mac"}"#, false),
            (r#"{"access_token":"a"}"#, false),
        ] {
            let r = process_token_response(ProviderKind::Google, 200, body, 0, &[], None, &[]);
            assert_eq!(r.is_ok(), ok, "{body}: {r:?}");
        }
        let mut tp = p.clone();
        tp.mode = Mode::Token;
        let frag = |f: &str| validate_callback(&u(&format!("https://x/r.html#{f}")), Some(&tp), 10);
        assert!(frag(&format!("state={st}&access_token=t&token_type=Bearer")).is_ok());
        assert!(matches!(
            frag(&format!("state={st}&access_token=t&token_type=mac")),
            Err(AuthError::Decode { .. })
        ));
    }

    #[test]
    fn callback_validation() {
        let p = pending(Mode::Code);
        let u = |s: &str| Url::parse(s).unwrap();
        let ok = validate_callback(
            &u("https://x/r.html?state=s1&code=c0de&scope=a"),
            Some(&p),
            2_000,
        )
        .unwrap();
        assert_eq!(
            ok,
            Callback::Code {
                code: "c0de".into(),
                scope: Some("a".into())
            }
        );
        // Fitbit's #_=_ does not matter.
        assert!(validate_callback(
            &u("https://x/r.html?code=c0de&state=s1#_=_"),
            Some(&p),
            2_000
        )
        .is_ok());
        let cases: Vec<(&str, AuthError)> = vec![
            (
                "https://x/r.html?state=WRONG&code=c",
                AuthError::StateMismatch {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?code=c",
                AuthError::StateMismatch {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?state=s1&error=access_denied",
                AuthError::Denied {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?state=s1",
                AuthError::MissingCode {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?state=s1&code=",
                AuthError::MissingCode {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?state=WRONG&error=access_denied",
                AuthError::StateMismatch {
                    provider: ProviderKind::Google,
                },
            ),
            (
                "https://x/r.html?%ZZ=&&&state=s1",
                AuthError::MissingCode {
                    provider: ProviderKind::Google,
                },
            ),
        ];
        for (url, want) in cases {
            assert_eq!(
                validate_callback(&u(url), Some(&p), 2_000).unwrap_err(),
                want,
                "{url}"
            );
        }
        assert!(matches!(
            validate_callback(&u("https://x/r.html?state=s1&error=invalid_scope&error_description=bad"), Some(&p), 2_000),
            Err(AuthError::Provider { error, .. }) if error == "invalid_scope"
        ));
        // No pending sign-in (already used, or another tab): refused before anything else.
        assert_eq!(
            validate_callback(&u("https://x/r.html?state=s1&code=c"), None, 0).unwrap_err(),
            AuthError::NoPendingSignIn
        );
        // Too old.
        assert_eq!(
            validate_callback(
                &u("https://x/r.html?state=s1&code=c"),
                Some(&p),
                1_000 + PENDING_TTL_MS + 1
            )
            .unwrap_err(),
            AuthError::PendingExpired {
                provider: ProviderKind::Google
            }
        );
        // Token mode reads the fragment.
        let t = pending(Mode::Token);
        match validate_callback(&u("https://x/r.html#access_token=ya29.x&token_type=Bearer&expires_in=3599&scope=a&state=s1"), Some(&t), 5_000).unwrap() {
            Callback::Token(ts) => {
                assert_eq!(ts.expires_at_ms, 5_000 + 3_599_000);
                assert_eq!(ts.scopes, vec!["a"]);
                assert!(ts.refresh_token.is_none());
            }
            other => panic!("{other:?}"),
        }
        assert!(is_callback(&u("https://x/r.html?code=1&state=2")));
        assert!(is_callback(&u("https://x/r.html#access_token=1")));
        assert!(!is_callback(&u("https://x/")));
    }

    #[test]
    fn token_requests_authenticate_each_client_type() {
        let p = pending(Mode::Code);
        let r = code_request(&google(), &p, "c0de").unwrap();
        assert_eq!(r.url, "http://127.0.0.1:7002/token");
        assert!(r.body.contains("client_secret=GOCSPX-s") && r.body.contains("code_verifier=vvvv"));
        assert!(r.basic.is_none());
        let r = code_request(&fitbit(false), &p, "c0de").unwrap();
        assert_eq!(r.url, "https://api.fitbit.com/oauth2/token");
        assert!(r.body.contains("client_id=23ABCD") && r.basic.is_none());
        let r = code_request(&fitbit(true), &p, "c0de").unwrap();
        assert!(!r.body.contains("client_id") && r.basic.as_deref().unwrap().starts_with("Basic "));
    }

    #[test]
    fn token_responses() {
        let ok = r#"{"access_token":"ya29.a","expires_in":3599,"refresh_token":"1//r","scope":"a b","token_type":"Bearer","refresh_token_expires_in":604799}"#;
        let t =
            process_token_response(ProviderKind::Google, 200, ok, 1_000, &[], None, &[]).unwrap();
        assert_eq!(
            (t.expires_at_ms, t.refresh_expires_at_ms),
            (1_000 + 3_599_000, Some(1_000 + 604_799_000))
        );
        assert_eq!(t.scopes, vec!["a", "b"]);
        // Google's refresh answer has no refresh token: the old one is kept.
        let refreshed =
            r#"{"access_token":"ya29.b","expires_in":3599,"scope":"a b","token_type":"Bearer"}"#;
        let t2 = process_token_response(
            ProviderKind::Google,
            200,
            refreshed,
            9_000,
            &[],
            Some(&t),
            &[],
        )
        .unwrap();
        assert_eq!(t2.refresh_token.as_deref(), Some("1//r"));
        assert_eq!(t2.refresh_expires_at_ms, t.refresh_expires_at_ms);
        let e = process_token_response(
            ProviderKind::Google,
            400,
            r#"{"error":"invalid_request","error_description":"client_secret is missing."}"#,
            0,
            &[],
            None,
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("client_secret is missing"), "{e}");
        // Fitbit echoes the refresh token in its message: it must not reach the user.
        let e = process_token_response(ProviderKind::Fitbit, 400, r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: abcdef123456. Visit https://dev.fitbit.com/docs/oauth2"}],"success":false}"#, 0, &[], None, &["abcdef123456"]).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("invalid_grant") && !text.contains("abcdef123456"),
            "{text}"
        );
        assert!(matches!(
            process_token_response(ProviderKind::Google, 200, "{", 0, &[], None, &[]),
            Err(AuthError::Decode { .. })
        ));
        assert!(matches!(
            process_token_response(ProviderKind::Google, 502, "<html>", 0, &[], None, &[]),
            Err(AuthError::TokenEndpoint { status: 502, .. })
        ));
    }
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
mod home_tests {
    use super::*;

    #[test]
    fn home_strips_page_and_callback() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            home_url(&u(
                "https://me.github.io/fitdata/redirect.html?code=x&state=y#_=_"
            )),
            "https://me.github.io/fitdata/"
        );
        assert_eq!(
            home_url(&u("http://127.0.0.1:8080/?code=x")),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            home_url(&u("http://127.0.0.1:8080/index.html#access_token=t")),
            "http://127.0.0.1:8080/"
        );
    }
}
