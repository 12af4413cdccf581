//! Everything the emulated OAuth servers remember: registered clients, pending consents,
//! authorization codes, access and refresh tokens. Pure data and rules; HTTP lives elsewhere.

use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// Which emulated authorization server a client or token belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Google,
    Fitbit,
}

/// How a client authenticates at the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientType {
    /// Google "Web application": the token endpoint demands `client_secret`, even with PKCE.
    GoogleWeb,
    /// Fitbit "Client": PKCE, `client_id` in the body, no secret.
    FitbitClient,
    /// Fitbit "Personal": Basic auth with the secret; intraday data for the owner.
    FitbitPersonal,
}

#[derive(Clone, Debug)]
pub struct Client {
    pub side: Side,
    pub id: String,
    pub secret: Option<String>,
    pub client_type: ClientType,
    pub redirect_uris: Vec<String>,
    /// Google consent screen in "Testing": refresh tokens die 7 days after consent.
    pub testing_mode: bool,
}

/// The user the emulator plays. One person, one account per side.
pub const GOOGLE_USER: &str = "emulated-health-user-0001";
pub const FITBIT_USER: &str = "GGNJL9";

/// PKCE method of a pending authorization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkceMethod {
    Plain,
    S256,
}

/// An authorization request waiting on the consent page.
#[derive(Clone, Debug)]
pub struct PendingConsent {
    pub client_id: String,
    pub redirect_uri: String,
    pub response_type: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    pub challenge: Option<(String, PkceMethod)>,
    pub offline: bool,
    pub include_granted_scopes: bool,
}

#[derive(Clone, Debug)]
pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: BTreeSet<String>,
    pub challenge: Option<(String, PkceMethod)>,
    pub issued_at: i64,
    pub used: bool,
    /// Whether a refresh token comes with this code (Google: offline + consent shown).
    pub with_refresh: bool,
    /// Tokens minted from this code, revoked if the code is replayed (RFC 6749 §4.1.2).
    pub minted: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct AccessToken {
    pub side: Side,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    pub expires_at: i64,
    pub revoked: bool,
    /// Set on first use at a data endpoint (closes Fitbit's refresh replay window).
    pub used: bool,
    pub issued_at: i64,
}

#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub side: Side,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    /// `None`: never expires.
    pub expires_at: Option<i64>,
    pub revoked: bool,
    /// Fitbit: once used, the answer it got, for identical requests inside the replay window.
    pub rotated: Option<Rotation>,
}

/// What a Fitbit refresh token was exchanged for, and when.
#[derive(Clone, Debug)]
pub struct Rotation {
    pub at: i64,
    pub response: serde_json::Value,
    pub new_access: String,
    pub new_refresh: String,
}

pub const CODE_TTL: i64 = 600;
pub const GOOGLE_ACCESS_TTL: i64 = 3600;
pub const TESTING_REFRESH_TTL: i64 = 7 * 86_400;

#[derive(Default)]
pub struct AuthStore {
    pub clients: Vec<Client>,
    pub pending: HashMap<String, PendingConsent>,
    pub codes: HashMap<String, CodeGrant>,
    pub access: HashMap<String, AccessToken>,
    pub refresh: HashMap<String, RefreshToken>,
    /// Scopes the user has granted so far, per client (for `include_granted_scopes`, and for
    /// skipping the consent page when nothing new is asked).
    pub granted: HashMap<String, BTreeSet<String>>,
}

/// A fresh opaque value. Unique across resets within the process, so a token from before a
/// reset can never become valid again by coincidence.
pub fn mint(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let digest = Sha256::digest(format!("{n}:{nanos}:{prefix}"));
    let hex: String = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// The JWT scope code of a public Fitbit scope (`r` read prefix added by the caller).
fn fitbit_scope_code(scope: &str) -> &str {
    match scope {
        "activity" => "act",
        "heartrate" => "hr",
        "location" => "loc",
        "nutrition" => "nut",
        "oxygen_saturation" => "oxy",
        "profile" => "pro",
        "respiratory_rate" => "res",
        "settings" => "set",
        "sleep" => "sle",
        "social" => "soc",
        "temperature" => "tem",
        "weight" => "wei",
        "cardio_fitness" => "cf",
        "electrocardiogram" => "ecg",
        "irregular_rhythm_notifications" => "irn",
        other => other,
    }
}

/// A Fitbit access token: an HS256-shaped JWT whose claims clients may decode (`sub`, `scopes`,
/// `exp`), signed with the emulator's own key. A random `jti` keeps every token unique.
pub fn fitbit_jwt(client_id: &str, scopes: &BTreeSet<String>, iat: i64, exp: i64) -> String {
    use base64::Engine;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let codes: Vec<String> = scopes
        .iter()
        .map(|s| format!("r{}", fitbit_scope_code(s)))
        .collect();
    let claims = serde_json::json!({
        "aud": client_id, "iss": "Fitbit", "typ": "access_token", "sub": FITBIT_USER,
        "scopes": codes.join(" "), "exp": exp, "iat": iat, "jti": mint(""),
    });
    let head = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(claims.to_string().as_bytes())
    );
    let sig = Sha256::digest(format!("fitdata-emulator-signing-key.{head}"));
    format!("{head}.{}", b64(&sig))
}

/// RFC 7636 §4.6: does `verifier` match the stored challenge?
pub fn pkce_matches(verifier: &str, challenge: &str, method: PkceMethod) -> bool {
    use base64::Engine;
    let valid_chars = verifier
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !(43..=128).contains(&verifier.len()) || !valid_chars {
        return false;
    }
    match method {
        PkceMethod::Plain => verifier == challenge,
        PkceMethod::S256 => {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier))
                == challenge
        }
    }
}

impl AuthStore {
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    /// The access token's record if it is usable at `now`; otherwise why not.
    pub fn check_access(&self, token: &str, now: i64) -> Result<&AccessToken, TokenProblem> {
        let t = self.access.get(token).ok_or(TokenProblem::Unknown)?;
        if t.revoked {
            Err(TokenProblem::Revoked)
        } else if now >= t.expires_at {
            Err(TokenProblem::Expired)
        } else {
            Ok(t)
        }
    }

    pub fn issue_access(
        &mut self,
        side: Side,
        client_id: &str,
        scopes: &BTreeSet<String>,
        ttl: i64,
        now: i64,
    ) -> String {
        let token = match side {
            Side::Google => mint("ya29.emu-"),
            Side::Fitbit => fitbit_jwt(client_id, scopes, now, now + ttl),
        };
        self.access.insert(
            token.clone(),
            AccessToken {
                side,
                client_id: client_id.to_string(),
                scopes: scopes.clone(),
                expires_at: now + ttl,
                revoked: false,
                used: false,
                issued_at: now,
            },
        );
        token
    }

    /// Revokes `token` (access or refresh) and, as Google does, everything granted with it.
    /// Returns false when the token is unknown or already revoked.
    pub fn revoke(&mut self, token: &str) -> bool {
        let client = match (self.access.get(token), self.refresh.get(token)) {
            (Some(a), _) if !a.revoked => a.client_id.clone(),
            (_, Some(r)) if !r.revoked => r.client_id.clone(),
            _ => return false,
        };
        for a in self.access.values_mut().filter(|a| a.client_id == client) {
            a.revoked = true;
        }
        for r in self.refresh.values_mut().filter(|r| r.client_id == client) {
            r.revoked = true;
        }
        self.granted.remove(&client);
        true
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Revoked,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge, PkceMethod::S256));
        assert!(!pkce_matches(verifier, verifier, PkceMethod::S256));
        assert!(pkce_matches(verifier, verifier, PkceMethod::Plain));
        // Too short, or characters outside the unreserved set.
        assert!(!pkce_matches("short", "short", PkceMethod::Plain));
        let bad = "dBjftJeZ4CVP+mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(!pkce_matches(bad, bad, PkceMethod::Plain));
    }

    #[test]
    fn fitbit_tokens_are_decodable_jwts() {
        use base64::Engine;
        let scopes: BTreeSet<String> = ["heartrate", "sleep"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = fitbit_jwt("23ABCD", &scopes, 100, 28_900);
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[1])
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["scopes"], "rhr rsle");
        assert_eq!(
            (claims["sub"].as_str(), claims["exp"].as_i64()),
            (Some(FITBIT_USER), Some(28_900))
        );
        assert_ne!(t, fitbit_jwt("23ABCD", &scopes, 100, 28_900));
    }

    #[test]
    fn mint_is_unique() {
        let a: BTreeSet<String> = (0..1000).map(|_| mint("x")).collect();
        assert_eq!(a.len(), 1000);
    }
}
