//! Where sign-in state lives in the browser, and the steps that need the network: begin a
//! sign-in, complete it on the redirect page, keep the tokens fresh, disconnect.
//!
//! Keys are namespaced and versioned (`fitdata.v1.…`). The pending sign-in (state, PKCE
//! verifier) is in sessionStorage and is deleted the moment the callback is read; tokens are in
//! localStorage and are written before they are used.

use super::flow::{self, Callback, Pending, TokenRequest};
use super::setup;
use super::token::{Mode, TokenSet};
use super::AuthError;
use crate::browser::{self, Area, BrowserError};
use crate::config::{ClientOverride, Config, Provider, ProviderConfig};
use url::Url;

pub const PREFIX: &str = "fitdata.";
const PENDING_KEY: &str = "fitdata.v1.pending";
/// When this browser last signed out (localStorage, shared by the tabs), and, beside a pending
/// sign-in (sessionStorage), what it said when that sign-in began: a sign-out in another tab
/// meanwhile changes it, and the sign-in it overtook is not completed.
const SIGNED_OUT_KEY: &str = "fitdata.v1.signed-out";

/// The localStorage key of `kind`'s tokens.
pub fn tokens_key(kind: Provider) -> String {
    format!("fitdata.v1.tokens.{}", kind.key())
}

fn storage_err(e: BrowserError) -> AuthError {
    AuthError::Storage(e.to_string())
}

/// Starts a sign-in: remembers state and verifier for this tab, then leaves for the provider.
pub fn begin(cfg: &ProviderConfig, mode: Mode) -> Result<(), AuthError> {
    begin_with(cfg, mode, &[], None)
}

/// `begin`, asking for `extra` scopes beside the default ones (Google adds them to those
/// already granted), and coming back to the app's route `back` once signed in.
pub fn begin_with(
    cfg: &ProviderConfig,
    mode: Mode,
    extra: &[String],
    back: Option<&str>,
) -> Result<(), AuthError> {
    let mut scopes = flow::default_scopes(cfg.provider);
    scopes.extend(
        extra
            .iter()
            .filter(|s| !scopes.contains(s))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let (url, mut pending) = flow::authorize(cfg, mode, &scopes, browser::now_ms())?;
    pending.back = back.and_then(flow::back_route);
    let json = serde_json::to_string(&pending).map_err(|e| AuthError::Storage(e.to_string()))?;
    browser::storage_set(Area::Session, PENDING_KEY, &json).map_err(storage_err)?;
    browser::storage_set(Area::Session, SIGNED_OUT_KEY, &signed_out_mark(Area::Local))
        .map_err(storage_err)?;
    browser::navigate(url.as_str()).map_err(|e| AuthError::Network(e.to_string()))
}

/// The sign-out mark as `area` holds it: the browser's last sign-out (local), or the one a
/// pending sign-in began under (session); empty when none.
fn signed_out_mark(area: Area) -> String {
    browser::storage_get(area, SIGNED_OUT_KEY)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Reads and deletes the pending sign-in: whatever happens next, it cannot be used twice.
fn take_pending() -> Option<Pending> {
    let text = browser::storage_get(Area::Session, PENDING_KEY)
        .ok()
        .flatten();
    let _ = browser::storage_remove(Area::Session, PENDING_KEY);
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// On the redirect page: validates the callback URL (already taken out of the address bar by
/// the app), exchanges the code and stores the tokens. Also gives the route the sign-in
/// asked to come back to, if any.
pub async fn complete(
    config: &Config,
    href: &str,
) -> Result<(TokenSet, Option<String>), AuthError> {
    let url = Url::parse(href).map_err(|e| AuthError::Config(e.to_string()))?;
    let pending = take_pending();
    let began = signed_out_mark(Area::Session);
    let _ = browser::storage_remove(Area::Session, SIGNED_OUT_KEY);
    let now = browser::now_ms();
    let callback = flow::validate_callback(&url, pending.as_ref(), now)?;
    let pending = pending.ok_or(AuthError::NoPendingSignIn)?;
    // Signed out in another tab since this sign-in began: completing it would bring back the
    // session the user just ended.
    if began != signed_out_mark(Area::Local) {
        return Err(AuthError::SignedOutElsewhere);
    }
    let cfg = config.provider(pending.provider).ok_or_else(|| {
        AuthError::Config(format!(
            "providers.{} is no longer in config.json",
            pending.provider.key()
        ))
    })?;
    let tokens = match callback {
        Callback::Token(tokens) => tokens,
        Callback::Code { code, .. } => {
            let req = flow::code_request(cfg, &pending, &code)?;
            let verifier = pending.verifier.clone().unwrap_or_default();
            exchange(cfg, &req, &pending.scopes, None, &[&code, &verifier]).await?
        }
    };
    // A new sign-in starts a new rotation count: the last session's journal must not look
    // newer than it. The journal is cleared before the new pair is stored.
    browser::idb_delete_in(browser::KV_STORE, &journal_key(tokens.provider))
        .await
        .map_err(storage_err)?;
    save(&tokens)?;
    Ok((tokens, pending.back.as_deref().and_then(flow::back_route)))
}

async fn exchange(
    cfg: &ProviderConfig,
    req: &TokenRequest,
    asked: &[String],
    previous: Option<&TokenSet>,
    secrets: &[&str],
) -> Result<TokenSet, AuthError> {
    let reply = browser::post_form(&req.url, &req.body, req.basic.as_deref())
        .await
        .map_err(|e| AuthError::Network(e.to_string()))?;
    flow::process_token_response(
        cfg.provider,
        reply.status,
        &reply.body,
        browser::now_ms(),
        asked,
        previous,
        secrets,
    )
}

/// The stored tokens for `kind`, if any. Unreadable JSON (another version, hand edits) is
/// removed and reported, never a panic or a silent half-session.
pub fn load_checked(kind: Provider) -> Result<Option<TokenSet>, AuthError> {
    let key = tokens_key(kind);
    let Some(text) = browser::storage_get(Area::Local, &key).map_err(storage_err)? else {
        return Ok(None);
    };
    match serde_json::from_str::<TokenSet>(&text) {
        Ok(t) if t.provider == kind => Ok(Some(t)),
        _ => {
            let _ = browser::storage_remove(Area::Local, &key);
            Err(AuthError::StoredSessionUnreadable { provider: kind })
        }
    }
}

/// The stored tokens for `kind`; `None` if absent or unreadable.
pub fn load(kind: Provider) -> Option<TokenSet> {
    load_checked(kind).ok().flatten()
}

/// Any provider with stored tokens, Google first; an unreadable store is reported.
pub fn load_any_checked(config: &Config) -> Result<Option<TokenSet>, AuthError> {
    for kind in Provider::ALL
        .into_iter()
        .filter(|k| config.provider(*k).is_some())
    {
        if let Some(t) = load_checked(kind)? {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Any provider with stored tokens, Google first.
pub fn load_any(config: &Config) -> Option<TokenSet> {
    load_any_checked(config).ok().flatten()
}

fn client_key(kind: Provider) -> String {
    format!("fitdata.v1.client.{}", kind.key())
}

/// The user's own OAuth clients saved in this browser (Settings).
pub fn load_overrides() -> Vec<(Provider, ClientOverride)> {
    Provider::ALL
        .into_iter()
        .filter_map(|k| {
            let text = browser::storage_get(Area::Local, &client_key(k))
                .ok()
                .flatten()?;
            let o: ClientOverride = serde_json::from_str(&text).ok()?;
            Some((k, o.normalized()?))
        })
        .collect()
}

/// Saves (or, with `None`, forgets) the user's own client for `kind`.
pub fn save_override(kind: Provider, o: Option<ClientOverride>) -> Result<(), AuthError> {
    match o.and_then(ClientOverride::normalized) {
        Some(o) => {
            let json = serde_json::to_string(&o).map_err(|e| AuthError::Storage(e.to_string()))?;
            browser::storage_set(Area::Local, &client_key(kind), &json).map_err(storage_err)
        }
        None => browser::storage_remove(Area::Local, &client_key(kind)).map_err(storage_err),
    }
}

/// "Check my setup": the static findings, then a probe of the token endpoint.
pub async fn check_setup(cfg: &ProviderConfig, page: &Url) -> Vec<setup::Finding> {
    let mut findings = setup::static_checks(cfg, page);
    let probe = match setup::probe_body(cfg) {
        Ok(req) => match browser::post_form(&req.url, &req.body, req.basic.as_deref()).await {
            Ok(reply) => setup::interpret_probe(cfg.provider, reply.status, &reply.body),
            Err(e) => setup::Finding { ok: false, text: format!("Could not reach the token endpoint: {e}. Check connect-src in index.html and your network.") },
        },
        Err(e) => setup::Finding { ok: false, text: e.to_string() },
    };
    findings.push(probe);
    findings
}

fn save(tokens: &TokenSet) -> Result<(), AuthError> {
    let json = serde_json::to_string(tokens).map_err(|e| AuthError::Storage(e.to_string()))?;
    browser::storage_set(Area::Local, &tokens_key(tokens.provider), &json).map_err(storage_err)
}

/// Tokens good for the next request: refreshed first if they are about to expire.
pub async fn fresh(cfg: &ProviderConfig, tokens: TokenSet) -> Result<TokenSet, AuthError> {
    let now = browser::now_ms();
    if tokens.should_refresh(now) {
        return refresh(cfg, &tokens).await;
    }
    if tokens.is_expired(now) {
        return Err(AuthError::ReconnectNeeded {
            provider: cfg.provider,
        });
    }
    Ok(tokens)
}

/// Replaces `stale` (tokens that are expiring or were just refused) with a working pair.
///
/// Fitbit refresh tokens are single use, so at most one refresh may run at a time across every
/// tab: it runs under a Web Lock, and after taking the lock the newest stored pair is read
/// again, because another tab (or request) may already have rotated it while this one waited.
pub async fn refresh(cfg: &ProviderConfig, stale: &TokenSet) -> Result<TokenSet, AuthError> {
    let cfg = cfg.clone();
    let stale = stale.clone();
    let lock = format!("fitdata.v1.refresh.{}", cfg.provider.key());
    browser::with_lock(&lock, async move { refresh_locked(&cfg, &stale).await })
        .await
        .map_err(storage_err)?
}

/// IndexedDB key of the last token set a refresh produced. localStorage is each tab's own
/// cache of the shared store, updated a little after another tab writes it: a tab that has
/// just taken the lock can still read the pair the previous holder replaced. This journal is
/// committed before the lock is released, and an IndexedDB read sees every committed write.
fn journal_key(kind: Provider) -> String {
    format!("rotation.{}", kind.key())
}

/// The newest token set any tab has stored; `None` when signed out (localStorage wiped).
async fn newest_stored(kind: Provider) -> Option<TokenSet> {
    let local = load(kind)?;
    let journal: Option<TokenSet> = browser::idb_get(&journal_key(kind))
        .await
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    match journal {
        Some(j) if j.generation > local.generation => Some(j),
        _ => Some(local),
    }
}

async fn refresh_locked(cfg: &ProviderConfig, stale: &TokenSet) -> Result<TokenSet, AuthError> {
    let now = browser::now_ms();
    // Signed out in another tab meanwhile: nothing to refresh.
    let current = newest_stored(cfg.provider)
        .await
        .ok_or(AuthError::ReconnectNeeded {
            provider: cfg.provider,
        })?;
    if current.access_token != stale.access_token && !current.is_expired(now) {
        save(&current)?;
        return Ok(current);
    }
    if !current.can_refresh(now) {
        return Err(match current.refresh_expires_at_ms {
            // Google gives a refresh token's end only to Testing-mode clients.
            Some(_) if current.refresh_token.is_some() => AuthError::SignInExpired {
                provider: cfg.provider,
                age_days: crate::auth::age_days(current.obtained_at_ms, now),
                testing_mode: true,
            },
            _ => AuthError::ReconnectNeeded {
                provider: cfg.provider,
            },
        });
    }
    let req = flow::refresh_request(cfg, &current)?;
    let rt = current.refresh_token.clone().unwrap_or_default();
    let secrets = [rt.as_str(), current.access_token.as_str()];
    match exchange(cfg, &req, &current.scopes, Some(&current), &secrets).await {
        Ok(mut new) => {
            new.generation = current.generation + 1;
            // Persist before anyone uses the new access token: the journal for the tabs waiting
            // on the lock, localStorage for every later page load.
            let json =
                serde_json::to_string(&new).map_err(|e| AuthError::Storage(e.to_string()))?;
            // The provider has already rotated: a journal that cannot be written (a full
            // disk) must not cost the new pair, which localStorage keeps either way.
            let _ = browser::idb_put(&journal_key(cfg.provider), &json).await;
            save(&new)?;
            Ok(new)
        }
        // A refresh raced anyway (another browser, a tab without Web Locks): if a newer pair is
        // stored now, it is the winner's, and it serves this tab too.
        Err(AuthError::TokenEndpoint { error, status, .. })
            if error == "invalid_grant" || status == 409 =>
        {
            match newest_stored(cfg.provider).await {
                Some(newer) if newer.access_token != current.access_token => {
                    save(&newer)?;
                    Ok(newer)
                }
                // Google answers invalid_grant to a refresh token that has died (Testing
                // mode: 7 days) or was revoked; Fitbit's were single use and raced above.
                _ if cfg.provider == Provider::Google => Err(AuthError::SignInExpired {
                    provider: cfg.provider,
                    age_days: crate::auth::age_days(current.obtained_at_ms, now),
                    testing_mode: current.refresh_expires_at_ms.is_some(),
                }),
                _ => Err(AuthError::ReconnectNeeded {
                    provider: cfg.provider,
                }),
            }
        }
        Err(e) => Err(e),
    }
}

/// Revokes at the provider (best effort: the local wipe happens whatever the network says),
/// then deletes every key this app created in both storage areas.
pub async fn disconnect(
    cfg: Option<&ProviderConfig>,
    tokens: Option<&TokenSet>,
) -> Result<(), AuthError> {
    let mut revoke_error = None;
    if let (Some(cfg), Some(tokens)) = (cfg, tokens) {
        match flow::revoke_request(cfg, tokens) {
            Ok(req) => {
                if let Err(e) = browser::post_form(&req.url, &req.body, req.basic.as_deref()).await
                {
                    revoke_error = Some(AuthError::Network(e.to_string()));
                }
            }
            Err(e) => revoke_error = Some(e),
        }
    }
    for area in [Area::Local, Area::Session] {
        for key in browser::storage_keys(area, PREFIX).map_err(storage_err)? {
            browser::storage_remove(area, &key).map_err(storage_err)?;
        }
    }
    // Written after the wipe, and kept: a sign-in another tab began before now must not
    // complete (see `complete`).
    browser::storage_set(Area::Local, SIGNED_OUT_KEY, &browser::now_ms().to_string())
        .map_err(storage_err)?;
    browser::idb_delete_all().await.map_err(storage_err)?;
    revoke_error.map_or(Ok(()), Err)
}
