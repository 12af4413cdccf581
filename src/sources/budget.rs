//! The request budget: how many requests each API allows per window, when the next one may go,
//! and how long to back off after a failure. Pure; the client persists `Usage` between pages.

use crate::sources::ApiError;
use serde::{Deserialize, Serialize};

/// An API's published limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub limit: u32,
    /// Window length in seconds. Windows are aligned to the clock: Fitbit resets at the top of
    /// the hour, so a sliding count would wait up to an hour longer than needed.
    pub window_s: i64,
}

/// Seconds added after a window's end before using the next one, for clock skew between the
/// browser and the API.
pub const SKEW_S: i64 = 2;

/// What has been spent in the current window, as this browser knows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Start of the window the count belongs to (unix seconds).
    pub window_start: i64,
    pub used: u32,
    /// The API said (429 or rate headers) that nothing more goes until this instant.
    #[serde(default)]
    pub blocked_until: i64,
}

impl Usage {
    fn roll(&mut self, b: Budget, now_s: i64) {
        let start = now_s.div_euclid(b.window_s) * b.window_s;
        if start != self.window_start {
            self.window_start = start;
            self.used = 0;
        }
    }

    /// Takes one request from the budget, or says until when (unix seconds) to wait.
    pub fn admit(&mut self, b: Budget, now_s: i64) -> Result<(), i64> {
        if now_s < self.blocked_until {
            return Err(self.blocked_until);
        }
        self.roll(b, now_s);
        if self.used >= b.limit {
            return Err(self.window_start + b.window_s + SKEW_S);
        }
        self.used += 1;
        Ok(())
    }

    /// Fitbit's `Fitbit-Rate-Limit-Remaining` / `-Reset` headers, when the browser may read
    /// them: the server's count wins over ours (other apps of the same user spend it too).
    pub fn observe_headers(&mut self, b: Budget, now_s: i64, remaining: u32, reset_in_s: i64) {
        self.roll(b, now_s);
        self.used = self.used.max(b.limit.saturating_sub(remaining));
        if remaining == 0 {
            self.blocked_until = self.blocked_until.max(now_s + reset_in_s + SKEW_S);
        }
    }

    /// A 429: wait for `Retry-After` if given, else for the window's end.
    pub fn observe_429(&mut self, b: Budget, now_s: i64, retry_after_s: Option<u64>) -> i64 {
        self.roll(b, now_s);
        let until = match retry_after_s {
            // The server's word is more precise than our window.
            Some(s) => now_s + i64::try_from(s).unwrap_or(b.window_s),
            None => {
                self.used = b.limit;
                self.window_start + b.window_s
            }
        } + SKEW_S;
        self.blocked_until = self.blocked_until.max(until);
        self.blocked_until
    }
}

/// How many times a failed request is tried again.
pub const RETRIES: u32 = 3;

/// Whether a failure may go away by itself: server errors and timeouts do; a refused request,
/// a network/CORS block, bad data or a retired API do not.
pub fn retryable(e: &ApiError) -> bool {
    matches!(e, ApiError::Server { .. } | ApiError::Timeout { .. })
}

/// Backoff before retry `attempt` (0-based): exponential from 0.5 s, capped at 8 s, with "full
/// jitter" (`jitter` uniform in [0, 1)) so several tabs do not retry in step.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u64 {
    let cap = 500u64.saturating_mul(1 << attempt.min(4)).min(8_000);
    // Never zero: half the cap is guaranteed.
    cap / 2 + (cap as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as u64
}
