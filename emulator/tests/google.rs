//! The Google side of the emulator over plain HTTP: OAuth error paths and flows, Health API
//! paging, filters, rate limit, rollups and faults.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::*;
use fitdata_emulator::clients::{GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};
use fitdata_synth::Person;
use serde_json::Value;
use std::collections::BTreeSet;

const ALL: &str = "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly https://www.googleapis.com/auth/googlehealth.sleep.readonly https://www.googleapis.com/auth/googlehealth.settings.readonly";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn auth_url(emu: &Emu, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("client_id", GOOGLE_CLIENT_ID),
        ("redirect_uri", emu.redirect.as_str()),
        ("response_type", "code"),
        ("scope", ALL),
        ("state", "st-123"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("access_type", "offline"),
        ("prompt", "consent"),
    ];
    for (k, v) in extra {
        params.retain(|(pk, _)| pk != k);
        if !v.is_empty() {
            params.push((k, v));
        }
    }
    format!(
        "{}/o/oauth2/v2/auth?{}",
        emu.origins.accounts_google,
        encode(&params)
    )
}

/// Drives the consent page: returns the redirect Location after answering it.
fn consent(emu: &Emu, url: &str, decision: &str, keep: Option<&[&str]>) -> String {
    let action = format!("{}/o/oauth2/v2/auth/consent", emu.origins.accounts_google);
    answer_consent(url, &action, decision, keep)
}

fn exchange(emu: &Emu, code: &str, secret: Option<&str>, verifier: &str) -> Resp {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", GOOGLE_CLIENT_ID),
        ("redirect_uri", emu.redirect.as_str()),
        ("code_verifier", verifier),
    ];
    if let Some(s) = secret {
        form.push(("client_secret", s));
    }
    post_form(
        &format!("{}/token", emu.origins.oauth2_googleapis),
        &form,
        None,
    )
}

/// Code flow with full consent; returns (access, refresh).
fn connect(emu: &Emu) -> (String, String) {
    let j = google_connect(emu, ALL);
    (s(&j["access_token"]), s(&j["refresh_token"]))
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn authorize_errors_show_a_page_and_never_redirect() {
    let emu = Emu::start();
    let cases = [
        (
            auth_url(&emu, &[("client_id", "nope.apps.googleusercontent.com")]),
            401,
            "invalid_client",
        ),
        (
            auth_url(&emu, &[("redirect_uri", &format!("{}/", emu.redirect))]),
            400,
            "redirect_uri_mismatch",
        ),
        (
            auth_url(
                &emu,
                &[(
                    "redirect_uri",
                    &emu.redirect.replace("127.0.0.1", "localhost"),
                )],
            ),
            400,
            "redirect_uri_mismatch",
        ),
        (
            auth_url(&emu, &[("response_type", "id_token")]),
            400,
            "unsupported_response_type",
        ),
        (
            auth_url(
                &emu,
                &[(
                    "scope",
                    "https://www.googleapis.com/auth/fitness.activity.read",
                )],
            ),
            400,
            "invalid_scope",
        ),
        (auth_url(&emu, &[("scope", "")]), 400, "invalid_request"),
        (
            auth_url(&emu, &[("code_challenge_method", "S512")]),
            400,
            "invalid_request",
        ),
        (
            auth_url(&emu, &[("code_challenge", "short")]),
            400,
            "invalid_request",
        ),
    ];
    for (url, status, code) in cases {
        let r = get(&url, None);
        assert_eq!(r.status, status, "{url}: {}", r.body);
        assert!(r.location.is_none());
        assert!(
            r.body.contains(&format!("Error {status}: {code}")),
            "{}",
            r.body
        );
    }
}

#[test]
fn code_flow_with_pkce_and_secret() {
    let emu = Emu::start();
    let loc = consent(&emu, &auth_url(&emu, &[]), "allow", None);
    assert!(loc.starts_with(&format!("{}?", emu.redirect)), "{loc}");
    assert_eq!(query_param(&loc, "state").as_deref(), Some("st-123"));
    let code = query_param(&loc, "code").unwrap();

    // Web clients must send the secret, even with PKCE.
    let r = exchange(&emu, &code, None, VERIFIER);
    assert_eq!(
        (r.status, r.json()["error_description"].clone()),
        (400, "client_secret is missing.".into())
    );
    let r = exchange(&emu, &code, Some("wrong"), VERIFIER);
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (401, "invalid_client".into())
    );
    // Wrong verifier (the right one with one character changed).
    let r = exchange(
        &emu,
        &code,
        Some(GOOGLE_CLIENT_SECRET),
        &VERIFIER.replace('d', "e"),
    );
    assert_eq!(
        (r.status, s(&r.json()["error_description"])),
        (400, "Invalid code verifier.".into())
    );

    let r = exchange(&emu, &code, Some(GOOGLE_CLIENT_SECRET), VERIFIER);
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    assert_eq!(j["expires_in"], 3599);
    assert_eq!(j["token_type"], "Bearer");
    assert!(s(&j["refresh_token"]).starts_with("1//"));
    assert_eq!(j["refresh_token_expires_in"], 604_799);
    let access = s(&j["access_token"]);
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
        200
    );

    // A replayed code fails and revokes what the first exchange minted.
    let r = exchange(&emu, &code, Some(GOOGLE_CLIENT_SECRET), VERIFIER);
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (400, "invalid_grant".into())
    );
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
        401
    );
}

#[test]
fn codes_expire_after_ten_minutes_and_redirect_uri_must_match() {
    let emu = Emu::start();
    let loc = consent(&emu, &auth_url(&emu, &[]), "allow", None);
    let code = query_param(&loc, "code").unwrap();
    let r = post_form(
        &format!("{}/token", emu.origins.oauth2_googleapis),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", GOOGLE_CLIENT_SECRET),
            ("redirect_uri", "http://127.0.0.1:1/other"),
            ("code_verifier", VERIFIER),
        ],
        None,
    );
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (400, "redirect_uri_mismatch".into())
    );
    emu.advance(601);
    let r = exchange(&emu, &code, Some(GOOGLE_CLIENT_SECRET), VERIFIER);
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (400, "invalid_grant".into())
    );
}

#[test]
fn deny_partial_consent_and_token_mode() {
    let emu = Emu::start();
    let loc = consent(&emu, &auth_url(&emu, &[]), "deny", None);
    assert_eq!(query_param(&loc, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&loc, "state").as_deref(), Some("st-123"));
    assert!(query_param(&loc, "code").is_none());

    // Partial: only activity. Sleep is then refused with the scope reason.
    let loc = consent(
        &emu,
        &auth_url(&emu, &[]),
        "allow",
        Some(&["activity_and_fitness"]),
    );
    let granted = query_param(&loc, "scope").unwrap();
    assert_eq!(
        granted,
        "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly"
    );
    let r = exchange(
        &emu,
        &query_param(&loc, "code").unwrap(),
        Some(GOOGLE_CLIENT_SECRET),
        VERIFIER,
    );
    let j = r.json();
    assert_eq!(s(&j["scope"]), granted);
    let access = s(&j["access_token"]);
    let r = get(
        &emu.health("/v4/users/me/dataTypes/sleep/dataPoints"),
        Some(&access),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["details"][0]["reason"],
        "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
    );
    assert_eq!(
        get(
            &emu.health("/v4/users/me/dataTypes/steps/dataPoints?pageSize=1"),
            Some(&access)
        )
        .status,
        200
    );

    // Token mode: the token comes in the fragment, with no refresh token.
    let loc = consent(
        &emu,
        &auth_url(
            &emu,
            &[
                ("response_type", "token"),
                ("code_challenge", ""),
                ("code_challenge_method", ""),
            ],
        ),
        "allow",
        None,
    );
    let (base, fragment) = loc.split_once('#').unwrap();
    assert_eq!(base, emu.redirect);
    let f = query_param(&format!("x?{fragment}"), "access_token").unwrap();
    assert_eq!(
        query_param(&format!("x?{fragment}"), "expires_in").as_deref(),
        Some("3599")
    );
    assert!(!fragment.contains("refresh_token"));
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&f)).status,
        200
    );
}

#[test]
fn refresh_and_expiry_in_testing_mode() {
    let emu = Emu::start();
    let (access, refresh) = connect(&emu);
    emu.advance(3600);
    let r = get(&emu.health("/v4/users/me/identity"), Some(&access));
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"]["status"], "UNAUTHENTICATED");
    assert!(r
        .www_authenticate
        .unwrap_or_default()
        .contains("invalid_token"));
    let refresh_form = |rt: &str| {
        post_form(
            &format!("{}/token", emu.origins.oauth2_googleapis),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", rt),
                ("client_id", GOOGLE_CLIENT_ID),
                ("client_secret", GOOGLE_CLIENT_SECRET),
            ],
            None,
        )
    };
    let r = refresh_form(&refresh);
    assert_eq!(r.status, 200, "{}", r.body);
    let fresh = s(&r.json()["access_token"]);
    assert!(
        r.json().get("refresh_token").is_none(),
        "Google keeps the refresh token"
    );
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&fresh)).status,
        200
    );
    // Google refresh tokens are reusable...
    assert_eq!(refresh_form(&refresh).status, 200);
    // ...until 7 days after consent in Testing mode.
    emu.advance(7 * 86_400);
    let r = refresh_form(&refresh);
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (400, "invalid_grant".into())
    );
}

#[test]
fn no_new_refresh_token_without_prompt_consent() {
    let emu = Emu::start();
    connect(&emu);
    // Same scopes again, without prompt=consent: no consent page, and no refresh token.
    let r = get(&auth_url(&emu, &[("prompt", "")]), None);
    assert_eq!(r.status, 303, "{}", r.body);
    let code = query_param(&r.location.unwrap(), "code").unwrap();
    let j = exchange(&emu, &code, Some(GOOGLE_CLIENT_SECRET), VERIFIER).json();
    assert!(j.get("access_token").is_some());
    assert!(j.get("refresh_token").is_none());
}

#[test]
fn revoke_kills_access_and_refresh() {
    let emu = Emu::start();
    let (access, refresh) = connect(&emu);
    let r = post_form(
        &format!("{}/revoke", emu.origins.oauth2_googleapis),
        &[("token", &refresh)],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
        401
    );
    let r = post_form(
        &format!("{}/revoke", emu.origins.oauth2_googleapis),
        &[("token", &refresh)],
        None,
    );
    assert_eq!(
        (r.status, s(&r.json()["error"])),
        (400, "invalid_token".into())
    );
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), None).json()["error"]["details"][0]["reason"],
        "CREDENTIALS_MISSING"
    );
}

/// Every page of a list request.
fn all_pages(emu: &Emu, token: &str, path: &str, page_size: usize) -> (Vec<Value>, usize) {
    let mut points = Vec::new();
    let mut page_token = String::new();
    let mut pages = 0;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = emu.health(&format!(
            "{path}{sep}pageSize={page_size}&pageToken={page_token}"
        ));
        let r = get(&url, Some(token));
        assert_eq!(r.status, 200, "{}", r.body);
        let j = r.json();
        pages += 1;
        points.extend(j["dataPoints"].as_array().cloned().unwrap_or_default());
        match j["nextPageToken"].as_str() {
            Some(t) => page_token = t.to_string(),
            None => return (points, pages),
        }
    }
}

fn physical(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .timestamp()
}

#[test]
fn heart_rate_day_pages_without_duplicates_or_gaps() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
    let (from, to) = p.day_bounds(day);
    let filter = encode(&[("filter", &format!(
        "heart_rate.sample_time.physical_time >= \"{}\" AND heart_rate.sample_time.physical_time < \"{}\"",
        rfc(from), rfc(to)))]);
    let path = format!("/v4/users/me/dataTypes/heart-rate/dataPoints?{filter}");
    let truth = p.heart_rate(from, to);
    let (points, pages) = all_pages(&emu, &access, &path, 1000);
    assert_eq!(pages, truth.len().div_ceil(1000));
    let got: Vec<(i64, u16)> = points
        .iter()
        .map(|pt| {
            (
                physical(&pt["heartRate"]["sampleTime"]["physicalTime"]),
                s(&pt["heartRate"]["beatsPerMinute"]).parse().unwrap(),
            )
        })
        .collect();
    let mut want: Vec<(i64, u16)> = truth.iter().map(|x| (x.t, x.bpm)).collect();
    want.reverse(); // newest first
    assert_eq!(got, want);
    // The default page size is 1440; a heart-rate page holds about 5,000 however many more
    // were asked (recorded: ~5,000 of 10,000), with a token to the rest.
    let r = get(&emu.health(&path), Some(&access)).json();
    assert_eq!(r["dataPoints"].as_array().unwrap().len(), 1440);
    let r = get(
        &emu.health(&format!("{path}&pageSize=50000")),
        Some(&access),
    )
    .json();
    assert_eq!(
        r["dataPoints"].as_array().unwrap().len(),
        truth.len().min(5_000)
    );
    assert!(r["nextPageToken"].is_string());
    // A token from another query is refused.
    let other = get(
        &emu.health("/v4/users/me/dataTypes/heart-rate/dataPoints?pageSize=5"),
        Some(&access),
    )
    .json();
    let t = s(&other["nextPageToken"]);
    let r = get(&emu.health(&format!("{path}&pageToken={t}")), Some(&access));
    assert_eq!(r.status, 400);
}

#[test]
fn dst_day_by_civil_filter_has_23_hours_with_right_offsets() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    let filter = encode(&[("filter",
        "steps.interval.civil_start_time >= \"2026-03-29\" AND steps.interval.civil_start_time < \"2026-03-30\"")]);
    let (points, _) = all_pages(
        &emu,
        &access,
        &format!("/v4/users/me/dataTypes/steps/dataPoints?{filter}"),
        10_000,
    );
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    let (from, to) = p.day_bounds(day);
    assert_eq!(to - from, 23 * 3600);
    let want: Vec<i64> = p
        .steps(from, to)
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(m, _)| m)
        .rev()
        .collect();
    let got: Vec<i64> = points
        .iter()
        .map(|pt| physical(&pt["steps"]["interval"]["startTime"]))
        .collect();
    assert_eq!(got, want);
    for pt in &points {
        let iv = &pt["steps"]["interval"];
        let t = physical(&iv["startTime"]);
        let off = if t < 1_774_746_000 { "3600s" } else { "7200s" }; // 2026-03-29T01:00:00Z
        assert_eq!(iv["startUtcOffset"], off, "{pt}");
    }
    // Malformed filters are refused with the real reason.
    for bad in [
        "steps.interval.start_time >= 2026-03-29",
        "heart_rate.sample_time.physical_time >= \"2026-03-29T00:00:00Z\"",
    ] {
        let r = get(
            &emu.health(&format!(
                "/v4/users/me/dataTypes/steps/dataPoints?{}",
                encode(&[("filter", bad)])
            )),
            Some(&access),
        );
        assert_eq!(r.status, 400);
        let j = r.json();
        assert_eq!(
            j["error"]["details"][0]["reason"],
            "INVALID_DATA_POINT_FILTER"
        );
        assert_eq!(
            j["error"]["details"][1]["fieldViolations"][0]["field"],
            "filter"
        );
    }
}

#[test]
fn sleep_pages_hold_25_and_daily_rollup_matches_list() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let filter = encode(&[("filter", "sleep.interval.civil_end_time >= \"2026-01-01\" AND sleep.interval.civil_end_time < \"2026-03-01\"")]);
    let (nights, pages) = all_pages(
        &emu,
        &access,
        &format!("/v4/users/me/dataTypes/sleep/dataPoints?{filter}"),
        100,
    );
    assert!(pages >= 3, "{pages}");
    let ends: BTreeSet<i64> = nights
        .iter()
        .map(|n| physical(&n["sleep"]["interval"]["endTime"]))
        .collect();
    assert_eq!(ends.len(), nights.len());
    for n in &nights {
        let stages = n["sleep"]["stages"].as_array().unwrap();
        assert_eq!(
            stages.first().unwrap()["startTime"],
            n["sleep"]["interval"]["startTime"]
        );
        assert_eq!(
            stages.last().unwrap()["endTime"],
            n["sleep"]["interval"]["endTime"]
        );
    }
    // dailyRollUp of steps equals the sum of that day's list.
    let body = r#"{"range":{"start":{"date":{"year":2026,"month":5,"day":5}},"end":{"date":{"year":2026,"month":5,"day":6}}},"windowSizeDays":1}"#;
    let r = post_json(
        &emu.health("/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp"),
        body,
        Some(&access),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let sum: u64 = s(&r.json()["rollupDataPoints"][0]["steps"]["countSum"])
        .parse()
        .unwrap();
    let filter = encode(&[("filter", "steps.interval.civil_start_time >= \"2026-05-05\" AND steps.interval.civil_start_time < \"2026-05-06\"")]);
    let (points, _) = all_pages(
        &emu,
        &access,
        &format!("/v4/users/me/dataTypes/steps/dataPoints?{filter}"),
        10_000,
    );
    let listed: u64 = points
        .iter()
        .map(|p| s(&p["steps"]["count"]).parse::<u64>().unwrap())
        .sum();
    assert_eq!(sum, listed);
    assert_eq!(
        u64::from(
            Person::berlin(42).daily_steps(chrono::NaiveDate::from_ymd_opt(2026, 5, 5).unwrap())
        ),
        sum
    );
    // Range limits: 90 days for steps, 14 for heart rate.
    let long = r#"{"range":{"start":{"date":{"year":2026,"month":1,"day":1}},"end":{"date":{"year":2026,"month":1,"day":20}}}}"#;
    assert_eq!(
        post_json(
            &emu.health("/v4/users/me/dataTypes/heart-rate/dataPoints:dailyRollUp"),
            long,
            Some(&access)
        )
        .status,
        400
    );
    assert_eq!(
        post_json(
            &emu.health("/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp"),
            long,
            Some(&access)
        )
        .status,
        200
    );
}

#[test]
fn rate_limit_is_300_per_minute_per_user() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    // Align to the start of a minute so the whole burst falls in one window.
    let now = emu.now();
    emu.advance(60 - now.rem_euclid(60));
    for i in 0..300 {
        assert_eq!(
            get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
            200,
            "request {i}"
        );
    }
    let r = get(&emu.health("/v4/users/me/identity"), Some(&access));
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["error"]["status"], "RESOURCE_EXHAUSTED");
    emu.advance(60);
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
        200
    );
}

/// Every route checks its caller before anything else (the `Caller` extractor): no token is
/// 401 with the challenge, another person's path is 403, whatever the method; and a refused
/// request does not count against the 300 a minute.
#[test]
fn every_route_checks_the_caller_first() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let now = emu.now();
    emu.advance(60 - now.rem_euclid(60));
    let rollup = r#"{"range":{"start":{"date":{"year":2026,"month":3,"day":1}},"end":{"date":{"year":2026,"month":3,"day":2}}}}"#;
    for user in ["me", "someone-else"] {
        let base = format!("/v4/users/{user}");
        let gets = [
            "identity",
            "settings",
            "profile",
            "pairedDevices",
            "dataTypes/steps/dataPoints",
            "dataTypes/sleep/dataPoints:reconcile",
        ];
        for path in gets {
            let url = emu.health(&format!("{base}/{path}"));
            let r = get(&url, None);
            assert_eq!(
                (r.status, r.json()["error"]["details"][0]["reason"].clone()),
                (401, Value::from("CREDENTIALS_MISSING")),
                "{url}"
            );
            assert!(r.www_authenticate.is_some(), "{url}");
            if user != "me" {
                let r = get(&url, Some(&access));
                assert_eq!(
                    (r.status, r.json()["error"]["status"].clone()),
                    (403, Value::from("PERMISSION_DENIED")),
                    "{url}"
                );
            }
        }
        let url = emu.health(&format!("{base}/dataTypes/steps/dataPoints:dailyRollUp"));
        assert_eq!(post_json(&url, rollup, None).status, 401, "{url}");
        if user != "me" {
            assert_eq!(post_json(&url, rollup, Some(&access)).status, 403, "{url}");
        }
    }
    // None of those counted: the minute still allows 300.
    for i in 0..300 {
        assert_eq!(
            get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
            200,
            "request {i}"
        );
    }
    assert_eq!(
        get(&emu.health("/v4/users/me/identity"), Some(&access)).status,
        429
    );
}

#[test]
fn faults_and_cors() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let url = emu.health("/v4/users/me/identity");
    let r = get_with_origin(&url, Some(&access), "http://127.0.0.1:8080");
    assert_eq!(r.allow_origin.as_deref(), Some("http://127.0.0.1:8080"));
    emu.faults(r#"{"families":{"google_health":{"status":503}}}"#);
    assert_eq!(get(&url, Some(&access)).status, 503);
    emu.faults(r#"{"families":{"google_health":{"drop_cors":true}}}"#);
    let r = get_with_origin(&url, Some(&access), "http://127.0.0.1:8080");
    assert_eq!((r.status, r.allow_origin), (200, None));
    emu.faults(r#"{"families":{"google_health":{"truncate":true}}}"#);
    let r = get(&url, Some(&access));
    assert!(
        serde_json::from_str::<Value>(&r.body).is_err(),
        "{}",
        r.body
    );
    emu.faults(r#"{"families":{"google_health":{"permission_denied":true}}}"#);
    let r = get(&url, Some(&access));
    assert_eq!(
        (r.status, s(&r.json()["error"]["message"])),
        (403, "The caller does not have permission".into())
    );
    emu.faults(r#"{"families":{"google_health":{"delay_ms":300}}}"#);
    let t = std::time::Instant::now();
    assert_eq!(get(&url, Some(&access)).status, 200);
    assert!(t.elapsed().as_millis() >= 300);
    // The legacy side is gone in 410 mode; Google is unaffected.
    emu.faults(r#"{"fitbit_gone":true}"#);
    assert_eq!(
        get(
            &format!("{}/1/user/-/profile.json", emu.origins.api_fitbit),
            Some("x")
        )
        .status,
        410
    );
    assert_eq!(
        get(
            &format!("{}/oauth2/authorize", emu.origins.www_fitbit),
            None
        )
        .status,
        410
    );
    assert_eq!(get(&url, Some(&access)).status, 200);
    // A typo in a fault switch is an error, not a silent no-op.
    assert_eq!(
        post_json(
            &format!("{}/faults", emu.origins.control),
            r#"{"fitbit_gnoe":true}"#,
            None
        )
        .status,
        400
    );
}

#[test]
fn every_data_type_serves_its_shape() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    // A week with a workout, a Sunday weigh-in and nights.
    let (from, _) = p.day_bounds(chrono::NaiveDate::from_ymd_opt(2026, 4, 6).unwrap());
    let (_, to) = p.day_bounds(chrono::NaiveDate::from_ymd_opt(2026, 4, 12).unwrap());
    let range = |snake: &str, field: &str| {
        encode(&[
            (
                "filter",
                &format!(
                    "{snake}.{field} >= \"{}\" AND {snake}.{field} < \"{}\"",
                    rfc(from),
                    rfc(to)
                ),
            ),
            ("pageSize", "10000"),
        ])
    };
    let civil = |snake: &str| {
        encode(&[(
            "filter",
            &format!("{snake}.date >= \"2026-04-06\" AND {snake}.date < \"2026-04-13\""),
        )])
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("distance", range("distance", "interval.start_time"), "distance", "millimeters"),
        ("floors", range("floors", "interval.start_time"), "floors", "count"),
        ("active-zone-minutes", range("active_zone_minutes", "interval.start_time"), "activeZoneMinutes", "heartRateZone"),
        ("exercise", encode(&[("filter", "exercise.interval.civil_start_time >= \"2026-04-06\" AND exercise.interval.civil_start_time < \"2026-04-13\"")]), "exercise", "metricsSummary"),
        ("heart-rate-variability", range("heart_rate_variability", "sample_time.physical_time"), "heartRateVariability", "rootMeanSquareOfSuccessiveDifferencesMilliseconds"),
        ("oxygen-saturation", range("oxygen_saturation", "sample_time.physical_time"), "oxygenSaturation", "percentage"),
        ("weight", range("weight", "sample_time.physical_time"), "weight", "weightGrams"),
        ("body-fat", range("body_fat", "sample_time.physical_time"), "bodyFat", "percentage"),
        ("daily-resting-heart-rate", civil("daily_resting_heart_rate"), "dailyRestingHeartRate", "beatsPerMinute"),
        ("daily-heart-rate-variability", civil("daily_heart_rate_variability"), "dailyHeartRateVariability", "averageHeartRateVariabilityMilliseconds"),
        ("daily-oxygen-saturation", civil("daily_oxygen_saturation"), "dailyOxygenSaturation", "averagePercentage"),
        ("daily-respiratory-rate", civil("daily_respiratory_rate"), "dailyRespiratoryRate", "breathsPerMinute"),
        ("daily-sleep-temperature-derivations", civil("daily_sleep_temperature_derivations"), "dailySleepTemperatureDerivations", "nightlyTemperatureCelsius"),
        ("daily-vo2-max", civil("daily_vo2_max"), "dailyVo2Max", "vo2Max"),
    ];
    for (kebab, query, field, inner) in cases {
        let r = get(
            &emu.health(&format!(
                "/v4/users/me/dataTypes/{kebab}/dataPoints?{query}"
            )),
            Some(&access),
        );
        assert_eq!(r.status, 200, "{kebab}: {}", r.body);
        let points = r.json()["dataPoints"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!points.is_empty(), "{kebab} has data that week");
        for pt in &points {
            assert!(pt[field].get(inner).is_some(), "{kebab}: {pt}");
        }
    }
    // Samples and intervals carry their offset; dailies a civil date and no name.
    let w = get(
        &emu.health(&format!(
            "/v4/users/me/dataTypes/weight/dataPoints?{}",
            range("weight", "sample_time.physical_time")
        )),
        Some(&access),
    )
    .json();
    assert_eq!(
        w["dataPoints"].as_array().unwrap().len(),
        1,
        "one Sunday weigh-in"
    );
    assert_eq!(
        w["dataPoints"][0]["weight"]["sampleTime"]["utcOffset"],
        "7200s"
    );
    let d = get(
        &emu.health(&format!(
            "/v4/users/me/dataTypes/daily-vo2-max/dataPoints?{}",
            civil("daily_vo2_max")
        )),
        Some(&access),
    )
    .json();
    assert!(d["dataPoints"][0].get("name").is_none());
    // total-calories is rollup-only.
    let r = get(
        &emu.health("/v4/users/me/dataTypes/total-calories/dataPoints"),
        Some(&access),
    );
    assert_eq!(r.status, 400);
    // rollUp in hours adds up to dailyRollUp for the same civil day; devices are listed.
    let (ds, de) = p.day_bounds(chrono::NaiveDate::from_ymd_opt(2026, 4, 7).unwrap());
    let hourly = post_json(
        &emu.health("/v4/users/me/dataTypes/steps/dataPoints:rollUp"),
        &format!(
            r#"{{"range":{{"startTime":"{}","endTime":"{}"}},"windowSize":"3600s"}}"#,
            rfc(ds),
            rfc(de)
        ),
        Some(&access),
    )
    .json();
    let points = hourly["rollupDataPoints"].as_array().unwrap();
    // Hours without a step are left out; the rest come newest first.
    assert!((12..24).contains(&points.len()), "{}", points.len());
    let starts: Vec<i64> = points.iter().map(|x| physical(&x["startTime"])).collect();
    assert!(starts.windows(2).all(|w| w[0] > w[1]), "{starts:?}");
    let sum: u64 = points
        .iter()
        .map(|x| s(&x["steps"]["countSum"]).parse::<u64>().unwrap())
        .sum();
    let daily = post_json(&emu.health("/v4/users/me/dataTypes/steps/dataPoints:dailyRollUp"),
        r#"{"range":{"start":{"date":{"year":2026,"month":4,"day":7}},"end":{"date":{"year":2026,"month":4,"day":8}}}}"#, Some(&access)).json();
    assert_eq!(
        s(&daily["rollupDataPoints"][0]["steps"]["countSum"])
            .parse::<u64>()
            .unwrap(),
        sum
    );
    let cal = post_json(&emu.health("/v4/users/me/dataTypes/total-calories/dataPoints:dailyRollUp"),
        r#"{"range":{"start":{"date":{"year":2026,"month":4,"day":7}},"end":{"date":{"year":2026,"month":4,"day":8}}}}"#, Some(&access)).json();
    assert!(
        cal["rollupDataPoints"][0]["totalCalories"]["kcalSum"]
            .as_f64()
            .unwrap()
            > 1700.0
    );
    let dev = get(&emu.health("/v4/users/me/pairedDevices"), Some(&access)).json();
    assert_eq!(dev["pairedDevices"][0]["deviceType"], "TRACKER");
}

#[test]
fn a_los_angeles_person_keeps_its_own_zone_and_dst() {
    let emu = Emu::start_with(fitdata_emulator::Options {
        zone: Some(chrono_tz::America::Los_Angeles),
        ..Default::default()
    });
    let (access, _) = connect(&emu);
    let settings = get(&emu.health("/v4/users/me/settings"), Some(&access)).json();
    assert_eq!(settings["timeZone"], "America/Los_Angeles");
    // 2026-03-08 springs forward in Los Angeles: 23 hours of minutes, offsets -8 h then -7 h.
    // Heart rate, because it is recorded through the night (steps are listed only when taken).
    let filter = encode(&[("filter", "heart_rate.sample_time.civil_time >= \"2026-03-08T00:00:00\" AND heart_rate.sample_time.civil_time < \"2026-03-09T00:00:00\"")]);
    let (points, _) = all_pages(
        &emu,
        &access,
        &format!("/v4/users/me/dataTypes/heart-rate/dataPoints?{filter}"),
        10_000,
    );
    let offsets: BTreeSet<String> = points
        .iter()
        .map(|p| s(&p["heartRate"]["sampleTime"]["utcOffset"]))
        .collect();
    assert_eq!(
        offsets,
        ["-25200s".to_string(), "-28800s".to_string()]
            .into_iter()
            .collect()
    );
    let p = Person::with_home(
        42,
        chrono_tz::America::Los_Angeles,
        chrono_tz::Europe::Berlin,
    );
    let (a, b) = p.day_bounds(chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap());
    assert_eq!(b - a, 23 * 3600);
}

fn world(emu: &Emu, json: &str) {
    let r = post_json(&format!("{}/google", emu.origins.control), json, None);
    assert_eq!(r.status, 200, "{}", r.body);
}

fn day_filter(snake: &str, member: &str, p: &Person, day: chrono::NaiveDate) -> String {
    let (from, to) = p.day_bounds(day);
    encode(&[(
        "filter",
        &format!(
            "{snake}.{member} >= \"{}\" AND {snake}.{member} < \"{}\"",
            rfc(from),
            rfc(to)
        ),
    )])
}

fn step_sum(points: &[Value]) -> u64 {
    points
        .iter()
        .map(|x| s(&x["steps"]["count"]).parse::<u64>().unwrap())
        .sum()
}

#[test]
fn a_phone_beside_the_tracker_is_in_list_but_merged_by_reconcile_and_rollups() {
    let emu = Emu::start();
    world(&emu, r#"{"phone_steps":true}"#);
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 4, 7).unwrap();
    let q = day_filter("steps", "interval.start_time", &p, day);
    let truth = get(
        &format!("{}/google/steps?date=2026-04-07", emu.origins.control),
        None,
    )
    .json();
    let (tracker, phone, merged) = (
        truth["tracker"].as_u64().unwrap(),
        truth["phone"].as_u64().unwrap(),
        truth["merged"].as_u64().unwrap(),
    );
    assert!(phone > 0 && merged > tracker && merged < tracker + phone);
    let base = "/v4/users/me/dataTypes/steps/dataPoints";
    let (listed, _) = all_pages(&emu, &access, &format!("{base}?{q}"), 10_000);
    assert_eq!(step_sum(&listed), tracker + phone, "list: every source");
    assert!(listed
        .iter()
        .any(|x| x["dataSource"]["device"]["formFactor"] == "PHONE"));
    let (reconciled, _) = all_pages(&emu, &access, &format!("{base}:reconcile?{q}"), 10_000);
    assert_eq!(
        step_sum(&reconciled),
        merged,
        "reconcile: the merged stream"
    );
    assert!(reconciled.iter().all(|x| x.get("dataSource").is_none()));
    let wearables =
        format!("{base}?{q}&dataSourceFamily=users%2Fme%2FdataSourceFamilies%2Fgoogle-wearables");
    let (worn, _) = all_pages(&emu, &access, &wearables, 10_000);
    assert_eq!(step_sum(&worn), tracker);
    let daily = post_json(&emu.health(&format!("{base}:dailyRollUp")),
        r#"{"range":{"start":{"date":{"year":2026,"month":4,"day":7}},"end":{"date":{"year":2026,"month":4,"day":8}}}}"#, Some(&access)).json();
    assert_eq!(
        s(&daily["rollupDataPoints"][0]["steps"]["countSum"]),
        merged.to_string(),
        "roll-ups sum the reconciled stream"
    );
    // The app's own request for the day, through its decoder: the merged total.
    let path = fitdata::sources::google::requests::list_path(
        "steps",
        &fitdata::sources::google::requests::physical_filter("steps", day, day),
        "",
    );
    let (items, _) = all_pages(&emu, &access, &path, 10_000);
    let body = serde_json::json!({ "dataPoints": items }).to_string();
    let (iv, _) = fitdata::sources::google::points::steps(&body).unwrap();
    let on_day: f64 = iv
        .iter()
        .filter(|i| fitdata::model::time::civil_date(i.start, i.offset) == day)
        .map(|i| i.value)
        .sum();
    assert_eq!(on_day as u64, merged);
}

#[test]
fn recorded_shapes_units_nan_baseline_and_main_sleep() {
    let emu = Emu::start();
    world(&emu, r#"{"units":"us","second_staged_sleep":true}"#);
    let (access, _) = connect(&emu);
    let st = get(&emu.health("/v4/users/me/settings"), Some(&access)).json();
    assert_eq!(
        (
            st["distanceUnit"].as_str(),
            st["weightUnit"].as_str(),
            st["temperatureUnit"].as_str()
        ),
        (
            Some("DISTANCE_UNIT_MILES"),
            Some("WEIGHT_UNIT_POUNDS"),
            Some("TEMPERATURE_UNIT_FAHRENHEIT")
        )
    );
    // The first nights of history have no baseline yet: the string "NaN".
    let t = get(&emu.health(&format!("/v4/users/me/dataTypes/daily-sleep-temperature-derivations/dataPoints?{}",
        encode(&[("filter", "daily_sleep_temperature_derivations.date >= \"2023-10-01\" AND daily_sleep_temperature_derivations.date < \"2023-10-10\"")]))), Some(&access)).json();
    let baselines: Vec<Value> = t["dataPoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["dailySleepTemperatureDerivations"]["baselineTemperatureCelsius"].clone())
        .collect();
    assert!(baselines.contains(&Value::from("NaN")) && baselines.iter().any(Value::is_f64));
    // A night with two staged sleeps: neither is a nap, only the longer is mainSleep.
    let day = (1..60)
        .map(|d| chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap() + chrono::Duration::days(d))
        .find(|d| {
            let mut p = Person::berlin(42);
            p.second_sleeps = true;
            p.second_sleep_on(*d).is_some()
        })
        .unwrap();
    let next = day.succ_opt().unwrap();
    let q = encode(&[("filter", &format!("sleep.interval.civil_end_time >= \"{day}\" AND sleep.interval.civil_end_time < \"{next}\""))]);
    let night = get(
        &emu.health(&format!("/v4/users/me/dataTypes/sleep/dataPoints?{q}")),
        Some(&access),
    )
    .json();
    let sleeps = night["dataPoints"].as_array().unwrap();
    let staged: Vec<&Value> = sleeps
        .iter()
        .filter(|x| x["sleep"]["metadata"].get("nap").is_none())
        .collect();
    assert_eq!(staged.len(), 2, "{night}");
    let mains: Vec<bool> = staged
        .iter()
        .map(|x| x["sleep"]["metadata"]["mainSleep"] == true)
        .collect();
    assert_eq!(mains.iter().filter(|m| **m).count(), 1);
    // The app marks the same one main.
    let (sessions, _) = fitdata::sources::google::points::sleep(&night.to_string()).unwrap();
    let main = sessions.iter().find(|x| x.is_main).unwrap();
    assert!(sessions
        .iter()
        .filter(|x| !x.is_main)
        .all(|x| x.end - x.start < main.end - main.start));
}

#[test]
fn pessimistic_worlds_give_the_app_the_same_day() {
    use fitdata::sources::google::{points, requests};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(); // a DST day in Berlin
    let fetch = |emu: &Emu, access: &str| {
        let mut out = Vec::new();
        for kebab in ["heart-rate", "steps"] {
            let mut token = String::new();
            let mut items = Vec::new();
            for _ in 0..200 {
                let path =
                    requests::list_path(kebab, &requests::physical_filter(kebab, day, day), &token);
                let r = get(&emu.health(&path), Some(access));
                assert_eq!(r.status, 200, "{}", r.body);
                let (values, next) = if kebab == "steps" {
                    let (v, n) = points::steps(&r.body).unwrap();
                    (
                        v.iter()
                            .filter(|i| fitdata::model::time::civil_date(i.start, i.offset) == day)
                            .map(|i| (i.start, i.value))
                            .collect::<Vec<_>>(),
                        n,
                    )
                } else {
                    let (v, n) = points::heart_rate(&r.body).unwrap();
                    (
                        v.iter()
                            .filter(|x| fitdata::model::time::civil_date(x.t, x.offset) == day)
                            .map(|x| (x.t, x.value))
                            .collect(),
                        n,
                    )
                };
                items.extend(values);
                match next {
                    Some(n) => token = n,
                    None => break,
                }
            }
            items.sort_by_key(|x| x.0);
            out.push(items);
        }
        out
    };
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let optimistic = fetch(&emu, &access);
    assert!(optimistic[0].len() > 5_000 && !optimistic[1].is_empty());
    for w in [
        r#"{"civil_filters_empty":true}"#,
        r#"{"empty_page_with_token":true}"#,
        r#"{"short_pages":true}"#,
    ] {
        world(&emu, w);
        assert_eq!(fetch(&emu, &access), optimistic, "{w}");
    }
    // And in the civil-filter world, the civil request the app used to send finds nothing.
    world(&emu, r#"{"civil_filters_empty":true}"#);
    let q = encode(&[("filter", "steps.interval.civil_start_time >= \"2026-03-29\" AND steps.interval.civil_start_time < \"2026-03-30\"")]);
    let r = get(
        &emu.health(&format!("/v4/users/me/dataTypes/steps/dataPoints?{q}")),
        Some(&access),
    )
    .json();
    assert!(r.get("dataPoints").is_none());
}

#[test]
fn the_apps_exercise_requests_read_the_persons_logged_workouts() {
    use fitdata::sources::google::{points, requests};
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    // A spring with Berlin's DST switch (2026-03-29) in it, 25 workouts a page.
    let (from, to) = (
        chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
    );
    let mut got = Vec::new();
    let (mut token, mut pages) = (String::new(), 0);
    loop {
        let path = requests::list_path("exercise", &requests::exercise_filter(from, to), &token);
        let r = get(&emu.health(&path), Some(&access));
        assert_eq!(r.status, 200, "{}", r.body);
        let (items, next) = points::exercise(&r.body).unwrap();
        got.extend(items);
        pages += 1;
        match next {
            Some(n) => token = n,
            None => break,
        }
    }
    got.sort_by_key(|x| x.start);
    // The person's own logs, dated where each started.
    let mut want = Vec::new();
    let mut d = from.pred_opt().unwrap();
    while d <= to.succ_opt().unwrap() {
        if let Some(x) = p.exercise_on(d) {
            if (from..=to).contains(&p.civil_date(x.start)) {
                want.push(x);
            }
        }
        d = d.succ_opt().unwrap();
    }
    want.sort_by_key(|x| x.start);
    assert!(want.len() > 25, "more than a page: {}", want.len());
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(
            (g.start, g.end, g.offset),
            (w.start, w.end, p.offset_at(w.start).local_minus_utc())
        );
        assert_eq!((g.name.as_str(), g.logged.as_str()), (w.name, w.log_type));
        assert_eq!(g.active_s, Some(w.end - w.start));
        assert_eq!(g.steps, Some(f64::from(w.steps)));
        assert_eq!(g.calories, Some(w.calories));
        assert_eq!(g.distance_km, Some(w.distance_mm as f64 / 1_000_000.0));
        assert_eq!(g.avg_bpm, w.avg_bpm.map(f64::from));
        // Its kilometre splits tile it and add up to its distance: every one a whole
        // kilometre but the last, each with the mean of the heart rate inside it.
        let s = &g.splits;
        assert!(
            !s.is_empty() || w.distance_mm == 0,
            "{} has no splits",
            w.start
        );
        if let (Some(first), Some(last)) = (s.first(), s.last()) {
            assert_eq!((first.start, last.end), (w.start, w.end));
        }
        assert!(s
            .windows(2)
            .all(|p| p[0].end == p[1].start && p[0].start < p[0].end));
        let km: f64 = s.iter().filter_map(|x| x.distance_km).sum();
        assert!((km - w.distance_mm as f64 / 1e6).abs() < 1e-9, "{km} km");
        assert!(s[..s.len().saturating_sub(1)]
            .iter()
            .all(|x| x.distance_km == Some(1.0) && x.kind == "DISTANCE"));
        for x in s {
            let hr: Vec<f64> = p
                .heart_rate(x.start, x.end)
                .iter()
                .filter(|h| h.t < x.end)
                .map(|h| f64::from(h.bpm))
                .collect();
            assert_eq!(
                x.avg_bpm,
                (!hr.is_empty()).then(|| (hr.iter().sum::<f64>() / hr.len() as f64).round())
            );
            assert_eq!(x.active_s, Some(x.end - x.start));
        }
    }
    // Runs of several kilometres are there.
    assert!(got.iter().any(|x| x.splits.len() >= 3));
    // Both offsets of the switch are there: workouts before and after it.
    let offsets: BTreeSet<i32> = got.iter().map(|x| x.offset).collect();
    assert_eq!(offsets.into_iter().collect::<Vec<_>>(), vec![3600, 7200]);
}

/// A workout's route (`exportExerciseTcx`): both an activity and a location scope; the GPS
/// track of a workout that had GPS, read by the app's TCX reader, is the person's own, fix for
/// fix; one without GPS has none unless `partialData=true` asks for the file without it.
#[test]
fn a_workouts_route_is_its_tcx_with_activity_and_location_scopes() {
    use fitdata::sources::google::{points, requests};
    let emu = Emu::start();
    let p = Person::berlin(42);
    let location = "https://www.googleapis.com/auth/googlehealth.location.readonly";
    let with_location = s(&google_connect(&emu, &format!("{ALL} {location}"))["access_token"]);
    let (without, _) = connect(&emu);
    let (from, to) = (
        chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    );
    let path = requests::list_path("exercise", &requests::exercise_filter(from, to), "");
    let r = get(&emu.health(&path), Some(&without));
    assert_eq!(r.status, 200, "{}", r.body);
    let (listed, _) = points::exercise(&r.body).unwrap();
    let gps: Vec<_> = listed.iter().filter(|x| x.route.is_some()).collect();
    let indoor = listed
        .iter()
        .find(|x| x.route.is_none())
        .expect("a workout without GPS");
    assert!(!gps.is_empty(), "a workout with GPS");
    for x in &gps {
        let log = p.exercise_on(p.civil_date(x.start)).unwrap();
        assert!(p.has_gps(&log));
        let tcx = |id: &str, query: &str, token: &str| {
            get(
                &emu.health(&format!("/v4/users/me/dataTypes/exercise/dataPoints/{id}:exportExerciseTcx?alt=media{query}")),
                Some(token),
            )
        };
        let id = x.route.as_deref().unwrap();
        // The default scopes are not enough: a route is where the person was.
        let refused = tcx(id, "", &without);
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert!(refused.body.contains("ACCESS_TOKEN_SCOPE_INSUFFICIENT"));
        let r = tcx(id, "", &with_location);
        assert_eq!(r.status, 200, "{}", r.body);
        let fixes = fitdata::model::route::from_tcx(&r.body).unwrap();
        let truth = p.route(&log);
        assert_eq!(fixes.len(), truth.len());
        for (f, t) in fixes.iter().zip(&truth) {
            assert_eq!(f.t_ms, t.t * 1000);
            assert!((f.lat - t.lat).abs() < 1e-7 && (f.lon - t.lon).abs() < 1e-7);
            assert!((f.distance_m.unwrap() - t.distance_m).abs() < 0.006);
            assert_eq!(f.bpm, t.bpm.map(f64::from));
        }
    }
    // Without GPS: no file, unless asked for without the positions; then no place in it.
    let id = (indoor.start * 1000).to_string();
    let url = |q: &str| {
        emu.health(&format!(
            "/v4/users/me/dataTypes/exercise/dataPoints/{id}:exportExerciseTcx?alt=media{q}"
        ))
    };
    assert_eq!(get(&url(""), Some(&with_location)).status, 404);
    let partial = get(&url("&partialData=true"), Some(&with_location));
    assert_eq!(partial.status, 200, "{}", partial.body);
    assert!(partial.body.contains("<HeartRateBpm>"));
    assert!(fitdata::model::route::from_tcx(&partial.body)
        .unwrap()
        .is_empty());
    // Another method's alt=media is refused, and an id no workout has is not found.
    let listing = get(
        &emu.health(&format!("{path}&alt=media")),
        Some(&with_location),
    );
    assert_eq!(listing.status, 400, "{}", listing.body);
    let none = get(
        &emu.health("/v4/users/me/dataTypes/exercise/dataPoints/123:exportExerciseTcx?alt=media"),
        Some(&with_location),
    );
    assert_eq!(none.status, 404);
}
