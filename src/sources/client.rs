//! Sends API requests with the session's tokens, inside the API's request budget: tokens are
//! refreshed ahead of expiry (and once more on a 401), a 429 waits for the reset, server errors
//! and timeouts are retried with backoff, and a closed view cancels what it asked for.

use super::{decode_error, Answer, ApiError};
use crate::auth::session;
use crate::auth::AuthError;
use crate::browser::{self, Abort, Area, BrowserError};
use crate::config::{Config, Provider};
use crate::sources::budget::{self, Usage};
use std::cell::{Cell, RefCell};

/// How a request is sent.
#[derive(Default)]
pub struct Opts<'a> {
    /// Cancels the request (the view that asked for it has gone).
    pub abort: Option<&'a Abort>,
    /// Told the instant (unix ms) the request waits for, when the rate limit holds it back.
    pub on_wait: Option<&'a dyn Fn(i64)>,
    /// Counts every HTTP request actually sent (retries included).
    pub sent: Option<&'a Cell<u64>>,
    /// Background work (a backfill) yields to requests a visible chart is waiting for.
    pub background: bool,
    /// Keeps every successful answer as received (the "JSON" downloads).
    pub record: Option<&'a RefCell<Vec<Answer>>>,
}

thread_local! {
    static FOREGROUND: Cell<u32> = const { Cell::new(0) };
}

/// Marks a foreground request in flight for as long as it lives.
struct Foreground;
impl Foreground {
    fn new() -> Foreground {
        FOREGROUND.with(|c| c.set(c.get() + 1));
        Foreground
    }
}
impl Drop for Foreground {
    fn drop(&mut self) {
        FOREGROUND.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// Outside the `fitdata.` prefix on purpose: disconnecting does not reset what the API counts,
/// so neither may it reset ours.
fn usage_key(kind: Provider) -> String {
    format!("fitdata-rate.{}", kind.key())
}

/// What this browser has spent of `kind`'s current request budget.
pub fn load_usage(kind: Provider) -> Usage {
    browser::storage_get(Area::Local, &usage_key(kind))
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_usage(kind: Provider, u: &Usage) {
    if let Ok(text) = serde_json::to_string(u) {
        // Losing the count only costs precision: a 429 still gets waited out.
        let _ = browser::storage_set(Area::Local, &usage_key(kind), &text);
    }
}

fn now_s() -> i64 {
    browser::now_ms().div_euclid(1000)
}

/// Waits until the budget allows one more request, and takes it.
async fn take_budget(kind: Provider, opts: &Opts<'_>) -> Result<(), ApiError> {
    let budget = super::limits::budget(kind);
    loop {
        if opts.abort.is_some_and(Abort::is_aborted) {
            return Err(ApiError::Aborted);
        }
        if opts.background && FOREGROUND.with(Cell::get) > 0 {
            browser::sleep_ms(100).await;
            continue;
        }
        let mut usage = load_usage(kind);
        let verdict = usage.admit(budget, now_s());
        save_usage(kind, &usage);
        match verdict {
            Ok(()) => return Ok(()),
            Err(until) => {
                if let Some(f) = opts.on_wait {
                    f(until * 1000);
                }
                // Wake at least once a minute to notice a pause or another tab's news.
                let wait = (until * 1000 - browser::now_ms()).clamp(50, 60_000);
                browser::sleep_ms(u32::try_from(wait).unwrap_or(60_000)).await;
            }
        }
    }
}

/// GETs `path` on `kind`'s API and returns the 2xx body, or a typed error.
pub async fn get(
    config: &Config,
    kind: Provider,
    path: &str,
    what: &str,
) -> Result<String, ApiError> {
    get_with(config, kind, path, what, &Opts::default()).await
}

/// `get` with cancellation, progress and priority.
pub async fn get_with(
    config: &Config,
    kind: Provider,
    path: &str,
    what: &str,
    opts: &Opts<'_>,
) -> Result<String, ApiError> {
    send(config, kind, path, None, what, opts).await
}

/// POSTs a JSON body (a read-only query such as Google's `dailyRollUp`), like `get_with`.
pub async fn post_json_with(
    config: &Config,
    kind: Provider,
    path: &str,
    json: &str,
    what: &str,
    opts: &Opts<'_>,
) -> Result<String, ApiError> {
    send(config, kind, path, Some(json), what, opts).await
}

async fn send(
    config: &Config,
    kind: Provider,
    path: &str,
    json: Option<&str>,
    what: &str,
    opts: &Opts<'_>,
) -> Result<String, ApiError> {
    let _fg = (!opts.background).then(Foreground::new);
    let cfg = config
        .provider(kind)
        .ok_or_else(|| AuthError::Config(format!("providers.{} is missing", kind.key())))?;
    let url = cfg
        .api_base
        .join(path)
        .map_err(|e| AuthError::Config(e.to_string()))?
        .to_string();
    let budget = super::limits::budget(kind);
    let timeout_ms = config.request_timeout_s.saturating_mul(1000);
    let mut refreshed = false;
    let mut renewed = None;
    let mut attempt = 0;
    let mut limited = 0;
    loop {
        take_budget(kind, opts).await?;
        // The pair a refresh just returned, else the stored one (another tab may have rotated
        // it while this request waited for the budget).
        let tokens = match renewed.take() {
            Some(t) => t,
            None => session::load(kind).ok_or(AuthError::ReconnectNeeded { provider: kind })?,
        };
        let tokens = session::fresh(cfg, tokens).await?;
        if let Some(n) = opts.sent {
            n.set(n.get() + 1);
        }
        let error =
            match browser::send_bearer(&url, &tokens.access_token, json, timeout_ms, opts.abort)
                .await
            {
                Err(BrowserError::Aborted) => return Err(ApiError::Aborted),
                Err(BrowserError::Timeout { secs, .. }) => ApiError::Timeout {
                    provider: kind,
                    secs,
                },
                Err(_) if !browser::is_online() => return Err(ApiError::Offline),
                Err(e) => return Err(ApiError::Network(e.to_string())),
                Ok(reply) => {
                    if let (Some(remaining), Some(reset)) =
                        (reply.rate_remaining, reply.rate_reset_s)
                    {
                        let mut usage = load_usage(kind);
                        usage.observe_headers(budget, now_s(), remaining, reset);
                        save_usage(kind, &usage);
                    }
                    match reply.status {
                        200..=299 => {
                            if let Some(r) = opts.record {
                                r.borrow_mut().push(Answer {
                                    method: if json.is_some() { "POST" } else { "GET" },
                                    url: url.clone(),
                                    request_body: json.map(str::to_owned),
                                    body: reply.body.clone(),
                                });
                            }
                            return Ok(reply.body);
                        }
                        // An access token can die early (revoked, clock skew): refresh once, retry.
                        401 if !refreshed && tokens.can_refresh(browser::now_ms()) => {
                            renewed = Some(session::refresh(cfg, &tokens).await?);
                            refreshed = true;
                            continue;
                        }
                        401 => return Err(AuthError::ReconnectNeeded { provider: kind }.into()),
                        // Someone else spent the budget (another app of the user's): wait it out.
                        429 if limited < 5 => {
                            limited += 1;
                            let mut usage = load_usage(kind);
                            usage.observe_429(budget, now_s(), reply.retry_after_s);
                            save_usage(kind, &usage);
                            continue;
                        }
                        status => {
                            decode_error(kind, status, &reply.body, what, reply.retry_after_s)
                        }
                    }
                }
            };
        if budget::retryable(&error) && attempt < budget::RETRIES {
            let wait = budget::backoff_ms(attempt, browser::random());
            attempt += 1;
            browser::sleep_ms(u32::try_from(wait).unwrap_or(8_000)).await;
            continue;
        }
        return Err(error);
    }
}
