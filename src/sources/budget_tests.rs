//! The request budget's windows and back-off, with each API's published limit.

use super::budget::*;
use super::limits::budget;
use super::ApiError;
use crate::config::Provider;

#[test]
fn fitbit_hour_is_spent_then_waits_for_the_top_of_the_hour() {
    let b = budget(Provider::Fitbit);
    let mut u = Usage::default();
    let t0 = 1_780_000_000 / 3600 * 3600 + 120; // two minutes into an hour
    for i in 0..150 {
        assert_eq!(u.admit(b, t0 + i), Ok(()), "request {i}");
    }
    let hour_end = t0 - 120 + 3600;
    assert_eq!(u.admit(b, t0 + 200), Err(hour_end + SKEW_S));
    assert_eq!(u.admit(b, hour_end + SKEW_S), Ok(()));
    assert_eq!(u.used, 1);
}

#[test]
fn server_headers_and_429_override_our_count() {
    let b = budget(Provider::Fitbit);
    let mut u = Usage::default();
    let now = 1_780_000_000 / 3600 * 3600 + 10;
    u.admit(b, now).unwrap();
    // Another app of the same user spent most of the hour.
    u.observe_headers(b, now, 5, 3590);
    assert_eq!(u.used, 145);
    u.observe_headers(b, now, 0, 3590);
    assert_eq!(u.admit(b, now + 1), Err(now + 3590 + SKEW_S));
    let g = budget(Provider::Google);
    let mut u = Usage::default();
    let until = u.observe_429(g, now, Some(30));
    assert_eq!(until, now + 30 + SKEW_S);
    assert_eq!(u.admit(g, now + 31), Err(until));
    assert_eq!(u.admit(g, until), Ok(()));
    // No Retry-After: to the end of the window.
    let mut u = Usage::default();
    assert_eq!(u.observe_429(g, now, None), now / 60 * 60 + 60 + SKEW_S);
}

#[test]
fn google_minute_allows_300() {
    let b = budget(Provider::Google);
    let mut u = Usage::default();
    let t = 1_780_000_020;
    assert_eq!((0..400).filter(|_| u.admit(b, t).is_ok()).count(), 300);
}

#[test]
fn backoff_grows_with_jitter_and_a_cap() {
    assert_eq!(backoff_ms(0, 0.0), 250);
    assert_eq!(backoff_ms(0, 0.999_999), 499);
    assert_eq!(backoff_ms(2, 0.5), 1500);
    assert_eq!(backoff_ms(10, 1.0), 8000);
    assert!(retryable(&ApiError::Server {
        provider: Provider::Google,
        status: 502
    }));
    assert!(!retryable(&ApiError::Network("x".into())));
}
