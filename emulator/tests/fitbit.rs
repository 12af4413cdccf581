//! The Fitbit side of the emulator over plain HTTP: OAuth (Client and Personal apps, single-use
//! refresh tokens and the replay window), data endpoints and their quirks, the 150/h limit, and
//! agreement with the Google side on the same person and day.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use common::*;
use fitdata_emulator::clients::{
    FITBIT_CLIENT_ID, FITBIT_PERSONAL_ID, FITBIT_PERSONAL_SECRET, GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET,
};
use fitdata_synth::Person;
use serde_json::Value;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const SCOPES: &str = "activity heartrate sleep profile settings";

fn auth_url(emu: &Emu, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("client_id", FITBIT_CLIENT_ID),
        ("response_type", "code"),
        ("scope", SCOPES),
        ("redirect_uri", emu.redirect.as_str()),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("state", "fb-state"),
    ];
    for (k, v) in extra {
        params.retain(|(pk, _)| pk != k);
        if !v.is_empty() {
            params.push((k, v));
        }
    }
    format!(
        "{}/oauth2/authorize?{}",
        emu.origins.www_fitbit,
        encode(&params)
    )
}

fn consent(emu: &Emu, url: &str, decision: &str) -> String {
    let action = format!("{}/oauth2/authorize/consent", emu.origins.www_fitbit);
    answer_consent(url, &action, decision, None)
}

fn token_url(emu: &Emu) -> String {
    format!("{}/oauth2/token", emu.origins.api_fitbit)
}

/// Client-type connect; returns (access, refresh).
fn connect(emu: &Emu) -> (String, String) {
    let loc = consent(emu, &auth_url(emu, &[]), "allow");
    let code = query_param(&loc, "code").unwrap();
    let r = post_form(
        &token_url(emu),
        &[
            ("client_id", FITBIT_CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &emu.redirect),
            ("code_verifier", VERIFIER),
        ],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    (
        j["access_token"].as_str().unwrap().into(),
        j["refresh_token"].as_str().unwrap().into(),
    )
}

/// An access token of the Personal app (intraday allowed) for `scope`.
fn personal_token(emu: &Emu, scope: &str) -> String {
    let url = auth_url(
        emu,
        &[
            ("client_id", FITBIT_PERSONAL_ID),
            ("code_challenge", ""),
            ("code_challenge_method", ""),
            ("scope", scope),
        ],
    );
    let code = query_param(&consent(emu, &url, "allow"), "code").unwrap();
    post_form(
        &token_url(emu),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &emu.redirect),
        ],
        Some((FITBIT_PERSONAL_ID, FITBIT_PERSONAL_SECRET)),
    )
    .json()["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn refresh(emu: &Emu, rt: &str) -> Resp {
    post_form(
        &token_url(emu),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", FITBIT_CLIENT_ID),
            ("refresh_token", rt),
        ],
        None,
    )
}

/// The main sleep Fitbit lists for `date`.
fn main_sleep(emu: &Emu, token: &str, date: &str) -> Value {
    let night = get(
        &emu.fitbit(&format!("/1.2/user/-/sleep/date/{date}.json")),
        Some(token),
    )
    .json();
    night["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["isMainSleep"] == true)
        .unwrap()
        .clone()
}

fn error_type(r: &Resp) -> String {
    r.json()["errors"][0]["errorType"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn authorize_errors_show_fitbits_page_and_never_redirect() {
    let emu = Emu::start();
    for (url, text) in [
        (
            auth_url(&emu, &[("client_id", "ZZZZZZ")]),
            "Invalid client_id",
        ),
        (
            auth_url(&emu, &[("redirect_uri", &format!("{}/", emu.redirect))]),
            "Invalid redirect_uri parameter value",
        ),
        (
            auth_url(&emu, &[("code_challenge", "tooshort")]),
            "must be between 43 and 128",
        ),
        (
            auth_url(&emu, &[("code_challenge_method", "plain")]),
            "Unsupported code_challenge_method",
        ),
        (
            auth_url(
                &emu,
                &[("code_challenge", ""), ("code_challenge_method", "")],
            ),
            "code_challenge",
        ),
        (
            auth_url(&emu, &[("response_type", "id_token")]),
            "unsupported_response_type",
        ),
        (
            auth_url(&emu, &[("scope", "heartrate steps")]),
            "invalid_scope",
        ),
    ] {
        let r = get(&url, None);
        assert_eq!(r.status, 400, "{url}");
        assert!(r.location.is_none());
        assert!(r.body.contains(text), "{text}: {}", r.body);
    }
}

#[test]
fn client_app_flow_with_pkce_and_fragment() {
    let emu = Emu::start();
    let loc = consent(&emu, &auth_url(&emu, &[]), "allow");
    assert!(loc.ends_with("#_=_"), "{loc}");
    assert_eq!(query_param(&loc, "state").as_deref(), Some("fb-state"));
    let code = query_param(&loc, "code").unwrap();
    let exchange = |verifier: &str| {
        post_form(
            &token_url(&emu),
            &[
                ("client_id", FITBIT_CLIENT_ID),
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", &emu.redirect),
                ("code_verifier", verifier),
            ],
            None,
        )
    };
    let bad = exchange(&VERIFIER.replace('d', "e"));
    assert_eq!(
        (bad.status, error_type(&bad)),
        (400, "invalid_grant".into())
    );
    assert!(bad.body.contains("Authorization code invalid"));
    let ok = exchange(VERIFIER);
    let j = ok.json();
    assert_eq!(
        (
            j["expires_in"].as_i64(),
            j["user_id"].as_str(),
            j["token_type"].as_str()
        ),
        (Some(28_800), Some("GGNJL9"), Some("Bearer"))
    );
    assert_eq!(j["refresh_token"].as_str().unwrap().len(), 64);
    assert_eq!(exchange(VERIFIER).status, 400, "codes are single use");
    // Deny redirects with access_denied (and the fragment).
    let loc = consent(&emu, &auth_url(&emu, &[]), "deny");
    assert_eq!(query_param(&loc, "error").as_deref(), Some("access_denied"));
}

#[test]
fn personal_app_needs_basic_auth() {
    let emu = Emu::start();
    let url = auth_url(
        &emu,
        &[
            ("client_id", FITBIT_PERSONAL_ID),
            ("code_challenge", ""),
            ("code_challenge_method", ""),
        ],
    );
    let code = query_param(&consent(&emu, &url, "allow"), "code").unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", emu.redirect.as_str()),
        ("client_id", FITBIT_PERSONAL_ID),
    ];
    let r = post_form(&token_url(&emu), &form, None);
    assert_eq!((r.status, error_type(&r)), (401, "invalid_client".into()));
    let r = post_form(&token_url(&emu), &form, Some((FITBIT_PERSONAL_ID, "wrong")));
    assert_eq!(r.status, 401);
    let r = post_form(
        &token_url(&emu),
        &form,
        Some((FITBIT_PERSONAL_ID, FITBIT_PERSONAL_SECRET)),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn refresh_tokens_are_single_use_with_a_replay_window() {
    let emu = Emu::start();
    let (_, rt1) = connect(&emu);
    let first = refresh(&emu, &rt1);
    assert_eq!(first.status, 200);
    // The identical request inside the window gets the identical answer.
    let again = refresh(&emu, &rt1);
    assert_eq!(again.json(), first.json());
    // Once the new access token has been used, the old refresh token is dead.
    let access2 = first.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        get(&emu.fitbit("/1/user/-/profile.json"), Some(&access2)).status,
        200
    );
    let r = refresh(&emu, &rt1);
    assert_eq!((r.status, error_type(&r)), (400, "invalid_grant".into()));
    assert!(r.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Refresh token invalid: "));
    // Outside the window (here: window 0) a replay fails at once.
    post_json(
        &format!("{}/fitbit", emu.origins.control),
        r#"{"replay_window":0}"#,
        None,
    );
    let rt2 = first.json()["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(refresh(&emu, &rt2).status, 200);
    emu.advance(1);
    assert_eq!(refresh(&emu, &rt2).status, 400);
    // One active refresh token per user: a new sign-in kills the previous chain.
    let (_, rt_a) = connect(&emu);
    let (_, rt_b) = connect(&emu);
    assert_eq!(refresh(&emu, &rt_a).status, 400);
    assert_eq!(refresh(&emu, &rt_b).status, 200);
}

#[test]
fn expiry_revoke_introspect_and_scope() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let introspect = |token: &str| {
        let agent_form = [("token", token)];
        let url = format!("{}/1.1/oauth2/introspect", emu.origins.api_fitbit);
        // Introspect authenticates with a bearer token of its own.
        let r = ureq_bearer_form(&url, &access, &agent_form);
        r.json()
    };
    assert_eq!(introspect(&access)["active"], true);
    assert_eq!(introspect("nonsense")["active"], false);
    let r = get(&emu.fitbit("/1/user/-/profile.json"), None);
    assert_eq!((r.status, error_type(&r)), (401, "invalid_request".into()));
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/1min.json"),
        Some(&access),
    );
    assert_eq!(r.status, 200);
    let r = post_form(
        &format!("{}/oauth2/revoke", emu.origins.api_fitbit),
        &[("client_id", FITBIT_CLIENT_ID), ("token", &access)],
        None,
    );
    assert_eq!(r.status, 200);
    let r = get(&emu.fitbit("/1/user/-/profile.json"), Some(&access));
    assert_eq!((r.status, error_type(&r)), (401, "invalid_token".into()));
    let (access, _) = connect(&emu);
    emu.advance(28_800);
    let r = get(&emu.fitbit("/1/user/-/profile.json"), Some(&access));
    assert_eq!((r.status, error_type(&r)), (401, "expired_token".into()));
}

fn ureq_bearer_form(url: &str, bearer: &str, form: &[(&str, &str)]) -> Resp {
    // A form POST with a bearer header: only introspect needs this shape.
    let r = ureq::post(url)
        .set("Authorization", &format!("Bearer {bearer}"))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string(&encode(form));
    let response = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    Resp {
        status: response.status(),
        location: None,
        www_authenticate: None,
        allow_origin: None,
        headers: vec![],
        body: response.into_string().unwrap(),
    }
}

/// Local `HH:MM:SS` times of one civil day to instants, as a client must: in order, with the
/// offset known for that instant (the emulator's person), so DST repeats resolve by order.
fn fitbit_instants(p: &Person, date: NaiveDate, dataset: &[Value]) -> Vec<(i64, u64)> {
    let (start, end) = p.day_bounds(date);
    let mut out = Vec::new();
    let mut cursor = start;
    for point in dataset {
        let time =
            chrono::NaiveTime::parse_from_str(point["time"].as_str().unwrap(), "%H:%M:%S").unwrap();
        // The next instant at or after the cursor whose local wall time matches.
        let mut t = cursor;
        loop {
            let local = chrono::DateTime::from_timestamp(t, 0)
                .unwrap()
                .with_timezone(&p.offset_at(t))
                .time();
            if local == time {
                break;
            }
            t += 1;
            assert!(t < end, "time {time} not found after {cursor}");
        }
        out.push((t, point["value"].as_u64().unwrap()));
        cursor = t + 1;
    }
    out
}

#[test]
fn heart_rate_intraday_levels_windows_and_utc() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    let date = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
    let (s, e) = p.day_bounds(date);
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/1sec.json"),
        Some(&access),
    )
    .json();
    let intraday = &r["activities-heart-intraday"];
    assert_eq!(
        (
            intraday["datasetInterval"].as_i64(),
            intraday["datasetType"].as_str()
        ),
        (Some(1), Some("second"))
    );
    let got = fitbit_instants(&p, date, intraday["dataset"].as_array().unwrap());
    let want: Vec<(i64, u64)> = p
        .heart_rate(s, e)
        .iter()
        .map(|x| (x.t, u64::from(x.bpm)))
        .collect();
    assert_eq!(got, want);
    assert!(
        r["activities-heart"][0]["value"].is_string(),
        "the day's value is a string"
    );
    let zones = r["activities-heart"][0]["heartRateZones"]
        .as_array()
        .unwrap();
    assert_eq!(zones.len(), 4);
    for detail in ["1min", "5min", "15min"] {
        let r = get(
            &emu.fitbit(&format!(
                "/1/user/-/activities/heart/date/2026-03-03/1d/{detail}.json"
            )),
            Some(&access),
        )
        .json();
        let d = &r["activities-heart-intraday"];
        assert_eq!(d["datasetType"], "minute");
        let n = d["dataset"].as_array().unwrap().len();
        let step: usize = detail.trim_end_matches("min").parse().unwrap();
        assert!(n <= 1440 / step && n > 1200 / step, "{detail}: {n}");
    }
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/1min/time/08:00/08:59.json"),
        Some(&access),
    )
    .json();
    let times: Vec<&str> = r["activities-heart-intraday"]["dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["time"].as_str().unwrap())
        .collect();
    assert!(
        times.first().unwrap() >= &"08:00:00" && times.last().unwrap() <= &"08:59:00",
        "{times:?}"
    );
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/1min.json?timezone=UTC"),
        Some(&access),
    )
    .json();
    let first = r["activities-heart-intraday"]["dataset"][0]["time"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        first.starts_with("00:0"),
        "UTC day starts at 00:00 UTC: {first}"
    );
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/2min.json"),
        Some(&access),
    );
    assert_eq!((r.status, error_type(&r)), (400, "validation".into()));
}

#[test]
fn steps_series_intraday_and_google_rollup_agree() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let p = Person::berlin(42);
    let r = get(
        &emu.fitbit("/1/user/-/activities/steps/date/2026-05-05/1d/1min.json"),
        Some(&access),
    )
    .json();
    let dataset = r["activities-steps-intraday"]["dataset"]
        .as_array()
        .unwrap();
    assert_eq!(dataset.len(), 1440, "every minute, zeros included");
    let sum: u64 = dataset.iter().map(|x| x["value"].as_u64().unwrap()).sum();
    assert_eq!(
        r["activities-steps"][0]["value"],
        sum.to_string(),
        "daily total is a string"
    );
    let series = get(
        &emu.fitbit("/1/user/-/activities/steps/date/2026-05-01/2026-05-07.json"),
        Some(&access),
    )
    .json();
    let days = series["activities-steps"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[4]["value"], sum.to_string());
    assert_eq!(
        sum,
        u64::from(p.daily_steps(NaiveDate::from_ymd_opt(2026, 5, 5).unwrap()))
    );
    // Over 1095 days is refused.
    let r = get(
        &emu.fitbit("/1/user/-/activities/steps/date/2023-01-01/2026-05-07.json"),
        Some(&access),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn rate_limit_150_per_hour_with_headers() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let now = emu.now();
    emu.advance(3600 - now.rem_euclid(3600));
    // Seconds to the top of the hour by the emulator's clock, read around a request: the real
    // clock may tick between reading and sending, so the answer lies between the two readings.
    let to_hour = |now: i64| 3600 - now.rem_euclid(3600);
    let reset_of =
        |r: &Resp, name: &str| r.header(name).and_then(|v| v.parse::<i64>().ok()).unwrap();
    let before = to_hour(emu.now());
    let first = get(&emu.fitbit("/1/user/-/profile.json"), Some(&access));
    let after = to_hour(emu.now());
    assert_eq!(first.header("fitbit-rate-limit-limit"), Some("150"));
    assert_eq!(first.header("fitbit-rate-limit-remaining"), Some("149"));
    let reset = reset_of(&first, "fitbit-rate-limit-reset");
    assert!(
        after <= reset && reset <= before,
        "{after} <= {reset} <= {before}"
    );
    for _ in 1..150 {
        assert_eq!(
            get(&emu.fitbit("/1/user/-/profile.json"), Some(&access)).status,
            200
        );
    }
    let r = get(&emu.fitbit("/1/user/-/profile.json"), Some(&access));
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["errors"][0]["message"], "Too Many Requests");
    // Retry-After is the same number as the reset header: the seconds to the top of the hour.
    assert_eq!(r.header("retry-after"), r.header("fitbit-rate-limit-reset"));
    assert!(reset_of(&r, "retry-after") <= reset && reset_of(&r, "retry-after") > 3500);
    // Headers are not exposed to scripts unless the switch says so.
    let r = get_with_origin(
        &emu.fitbit("/1/user/-/profile.json"),
        Some(&access),
        "http://127.0.0.1:1",
    );
    assert!(r.header("access-control-expose-headers").is_none());
    emu.advance(3600);
    assert_eq!(
        get(&emu.fitbit("/1/user/-/profile.json"), Some(&access)).status,
        200
    );
}

#[test]
fn intraday_needs_approval_or_a_personal_app() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    // The 2025-26 "caller does not have permission" fault, Fitbit's error shape.
    emu.faults(r#"{"families":{"fitbit_api":{"permission_denied":true}}}"#);
    let r = get(&emu.fitbit("/1/user/-/profile.json"), Some(&access));
    assert_eq!(
        (r.status, r.json()["errors"][0]["message"].as_str()),
        (403, Some("The caller does not have permission"))
    );
    emu.faults("{}");
    post_json(
        &format!("{}/fitbit", emu.origins.control),
        r#"{"intraday_approved":false}"#,
        None,
    );
    let r = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-03/1d/1min.json"),
        Some(&access),
    );
    assert_eq!(
        (r.status, error_type(&r)),
        (403, "insufficient_permissions".into())
    );
    assert_eq!(
        get(
            &emu.fitbit("/1/user/-/activities/steps/date/2026-03-01/2026-03-03.json"),
            Some(&access)
        )
        .status,
        200,
        "series are not intraday"
    );
}

#[test]
fn sleep_list_pages_match_the_range_endpoint_and_dst_night_is_right() {
    let emu = Emu::start();
    let (access, _) = connect(&emu);
    let range = get(
        &emu.fitbit("/1.2/user/-/sleep/date/2026-01-01/2026-03-31.json"),
        Some(&access),
    )
    .json();
    let mut want: Vec<String> = range["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["logId"].to_string())
        .collect();
    want.reverse();
    let mut got = Vec::new();
    let mut url =
        emu.fitbit("/1.2/user/-/sleep/list.json?afterDate=2025-12-31&sort=asc&limit=7&offset=0");
    loop {
        let page = get(&url, Some(&access)).json();
        for s in page["sleep"].as_array().unwrap() {
            if s["dateOfSleep"].as_str().unwrap() <= "2026-03-31" {
                got.push(s["logId"].to_string());
            }
        }
        let next = page["pagination"]["next"].as_str().unwrap().to_string();
        if next.is_empty()
            || page["sleep"].as_array().unwrap().last().unwrap()["dateOfSleep"]
                .as_str()
                .unwrap()
                > "2026-03-31"
        {
            break;
        }
        assert!(
            next.starts_with(&emu.origins.api_fitbit),
            "absolute next URL on the emulator's host"
        );
        url = next;
    }
    assert_eq!(got, want);
    // The fall-back night: 25 h day, so a 23:00→07:00 sleep lasts 9 h of real time.
    let main = main_sleep(&emu, &access, "2026-10-25");
    let start =
        NaiveDateTime::parse_from_str(main["startTime"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%.3f")
            .unwrap();
    let end =
        NaiveDateTime::parse_from_str(main["endTime"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%.3f")
            .unwrap();
    let wall = (end - start).num_seconds();
    assert_eq!(
        main["duration"].as_i64().unwrap() / 1000,
        wall + 3600,
        "the wall clock loses the repeated hour"
    );
    let data_secs: i64 = main["levels"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["seconds"].as_i64().unwrap())
        .sum();
    assert_eq!(data_secs * 1000, main["duration"].as_i64().unwrap());
    let m = &main;
    assert_eq!(
        m["timeInBed"].as_i64().unwrap(),
        m["minutesToFallAsleep"].as_i64().unwrap()
            + m["minutesAsleep"].as_i64().unwrap()
            + m["minutesAwake"].as_i64().unwrap()
            + m["minutesAfterWakeup"].as_i64().unwrap()
    );
}

#[test]
fn both_apis_serve_the_same_person() {
    let emu = Emu::start();
    let (fb, _) = connect(&emu);
    // Google: connect through the real consent page too.
    let g_url = format!("{}/o/oauth2/v2/auth?{}", emu.origins.accounts_google, encode(&[
        ("client_id", GOOGLE_CLIENT_ID), ("redirect_uri", &emu.redirect), ("response_type", "code"),
        ("scope", "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly https://www.googleapis.com/auth/googlehealth.sleep.readonly"),
        ("code_challenge", CHALLENGE), ("code_challenge_method", "S256"), ("prompt", "consent")]));
    let loc = answer_consent(
        &g_url,
        &format!("{}/o/oauth2/v2/auth/consent", emu.origins.accounts_google),
        "allow",
        None,
    );
    let code = query_param(&loc, "code").unwrap();
    let g = post_form(
        &format!("{}/token", emu.origins.oauth2_googleapis),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", GOOGLE_CLIENT_SECRET),
            ("redirect_uri", &emu.redirect),
            ("code_verifier", VERIFIER),
        ],
        None,
    )
    .json()["access_token"]
        .as_str()
        .unwrap()
        .to_string();

    // A DST day (spring forward), heart rate at full resolution through both APIs.
    let p = Person::berlin(42);
    let date = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    let fitbit = get(
        &emu.fitbit("/1/user/-/activities/heart/date/2026-03-29/1d/1sec.json"),
        Some(&fb),
    )
    .json();
    let from_fitbit = fitbit_instants(
        &p,
        date,
        fitbit["activities-heart-intraday"]["dataset"]
            .as_array()
            .unwrap(),
    );
    let filter = encode(&[("filter", "heart_rate.sample_time.civil_time >= \"2026-03-29T00:00:00\" AND heart_rate.sample_time.civil_time < \"2026-03-30T00:00:00\""), ("pageSize", "10000")]);
    let mut from_google = Vec::new();
    let mut token = String::new();
    loop {
        let r = get(
            &emu.health(&format!(
                "/v4/users/me/dataTypes/heart-rate/dataPoints?{filter}&pageToken={token}"
            )),
            Some(&g),
        )
        .json();
        for pt in r["dataPoints"].as_array().unwrap() {
            let st = &pt["heartRate"]["sampleTime"];
            let t = chrono::DateTime::parse_from_rfc3339(st["physicalTime"].as_str().unwrap())
                .unwrap()
                .timestamp();
            from_google.push((
                t,
                pt["heartRate"]["beatsPerMinute"]
                    .as_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap(),
            ));
        }
        match r["nextPageToken"].as_str() {
            Some(t) => token = t.to_string(),
            None => break,
        }
    }
    from_google.reverse();
    assert!(from_fitbit.len() > 7000);
    assert_eq!(from_fitbit, from_google);

    // Sleep stages: Fitbit's data + shortData overlay equals Google's stages, on the DST night.
    let main = main_sleep(&emu, &fb, "2026-03-29");
    let zone = chrono_tz::Europe::Berlin;
    let instant = |s: &str| {
        zone.from_local_datetime(
            &NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3f").unwrap(),
        )
        .earliest()
        .unwrap()
        .timestamp()
    };
    let mut stages: Vec<(i64, i64, String)> = Vec::new();
    for seg in main["levels"]["data"].as_array().unwrap() {
        let a = instant(seg["dateTime"].as_str().unwrap());
        stages.push((
            a,
            a + seg["seconds"].as_i64().unwrap(),
            seg["level"].as_str().unwrap().to_string(),
        ));
    }
    for short in main["levels"]["shortData"].as_array().unwrap() {
        let a = instant(short["dateTime"].as_str().unwrap());
        let b = a + short["seconds"].as_i64().unwrap();
        let i = stages
            .iter()
            .position(|(s, e, _)| *s <= a && b <= *e)
            .unwrap();
        let (s, e, level) = stages.remove(i);
        let mut parts = vec![(a, b, "wake".to_string())];
        if s < a {
            parts.insert(0, (s, a, level.clone()));
        }
        if b < e {
            parts.push((b, e, level));
        }
        for (k, part) in parts.into_iter().enumerate() {
            stages.insert(i + k, part);
        }
    }
    let filter = encode(&[("filter", "sleep.interval.civil_end_time >= \"2026-03-29\" AND sleep.interval.civil_end_time < \"2026-03-30\"")]);
    let g_night = get(
        &emu.health(&format!("/v4/users/me/dataTypes/sleep/dataPoints?{filter}")),
        Some(&g),
    )
    .json();
    let g_main = g_night["dataPoints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["sleep"]["metadata"]["mainSleep"] == true)
        .unwrap()
        .clone();
    let g_stages: Vec<(i64, i64, String)> = g_main["sleep"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = |k: &str| {
                chrono::DateTime::parse_from_rfc3339(s[k].as_str().unwrap())
                    .unwrap()
                    .timestamp()
            };
            (
                t("startTime"),
                t("endTime"),
                s["type"]
                    .as_str()
                    .unwrap()
                    .to_lowercase()
                    .replace("awake", "wake"),
            )
        })
        .collect();
    assert_eq!(stages, g_stages);
}

#[test]
fn every_endpoint_family_and_its_quirks() {
    let emu = Emu::start();
    // A Personal app: every scope, intraday included.
    let t = personal_token(
        &emu,
        "activity heartrate sleep profile settings oxygen_saturation respiratory_rate temperature cardio_fitness weight",
    );
    let get_json = |path: &str| {
        let r = get(&emu.fitbit(path), Some(&t));
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    };
    let cal = get_json("/1/user/-/activities/calories/date/2026-04-07/1d/1min.json");
    let first = &cal["activities-calories-intraday"]["dataset"][0];
    assert!(
        first["level"].is_u64() && first["mets"].is_number() && first["value"].is_f64(),
        "{first}"
    );
    assert!(cal["activities-calories"][0]["value"].is_string());
    let dist = get_json("/1/user/-/activities/distance/date/2026-04-01/7d.json");
    assert_eq!(dist["activities-distance"].as_array().unwrap().len(), 7);
    assert!(
        dist["activities-distance"][0]["value"]
            .as_str()
            .unwrap()
            .contains('.'),
        "km as a string"
    );
    for r in ["floors", "elevation"] {
        get_json(&format!(
            "/1/user/-/activities/{r}/date/2026-04-07/1d/15min.json"
        ));
    }
    // AZM: zero keys omitted, and the week's total equals the Google side's per-minute points.
    let azm = get_json("/1/user/-/activities/active-zone-minutes/date/2026-04-01/2026-04-07.json");
    for day in azm["activities-active-zone-minutes"].as_array().unwrap() {
        for (_, v) in day["value"].as_object().unwrap() {
            assert!(v.as_u64().unwrap() > 0, "zero keys are omitted: {day}");
        }
    }
    let intraday =
        get_json("/1/user/-/activities/active-zone-minutes/date/2026-04-07/1d/1min.json");
    let minutes = intraday["activities-active-zone-minutes-intraday"][0]["minutes"]
        .as_array()
        .unwrap();
    let day_total: u64 = minutes
        .iter()
        .map(|m| m["value"]["activeZoneMinutes"].as_u64().unwrap())
        .sum();
    let series_total = azm["activities-active-zone-minutes"][6]["value"]["activeZoneMinutes"]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(day_total, series_total);
    // Nightly vitals.
    let hrv = get_json("/1/user/-/hrv/date/2026-04-07.json");
    assert!(hrv["hrv"][0]["value"]["dailyRmssd"].is_f64());
    let hrv_all = get_json("/1/user/-/hrv/date/2026-04-07/all.json");
    assert!(hrv_all["hrv"][0]["minutes"].as_array().unwrap().len() > 60);
    let spo2 = get_json("/1/user/-/spo2/date/2026-04-07.json");
    assert!(
        spo2.is_object() && spo2["value"]["avg"].is_f64(),
        "bare object: {spo2}"
    );
    let spo2_range = get_json("/1/user/-/spo2/date/2026-04-01/2026-04-07.json");
    assert!(spo2_range.is_array(), "bare array");
    let spo2_all = get_json("/1/user/-/spo2/date/2026-04-07/all.json");
    assert!(spo2_all["minutes"].as_array().unwrap().len() > 300);
    let br = get_json("/1/user/-/br/date/2026-04-01/2026-04-30/all.json");
    for night in br["br"].as_array().unwrap() {
        for stage in ["deepSleepSummary", "remSleepSummary", "lightSleepSummary"] {
            let v = night["value"][stage]["breathingRate"].as_f64().unwrap();
            assert!(v == -1.0 || v > 5.0, "-1 sentinel or a rate: {v}");
        }
    }
    assert!(
        get_json("/1/user/-/temp/skin/date/2026-04-07.json")["tempSkin"][0]["value"]
            ["nightlyRelative"]
            .is_number()
    );
    let vo2 = get_json("/1/user/-/cardioscore/date/2026-04-07.json");
    assert!(
        vo2["cardioScore"][0]["value"]["vo2Max"]
            .as_str()
            .unwrap()
            .contains('-'),
        "a string range"
    );
    let weight = get_json("/1/user/-/body/log/weight/date/2026-04-01/2026-04-30.json");
    assert_eq!(
        weight["weight"].as_array().unwrap().len(),
        4,
        "Sundays in April 2026"
    );
    assert!(weight["weight"][0]["time"]
        .as_str()
        .unwrap()
        .starts_with("07:30"));
    assert_eq!(
        get_json("/1/user/-/body/log/fat/date/2026-04-05.json")["fat"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Range limits.
    for path in [
        "/1/user/-/hrv/date/2026-01-01/2026-03-01.json",
        "/1/user/-/body/log/weight/date/2026-01-01/2026-03-01.json",
    ] {
        assert_eq!(get(&emu.fitbit(path), Some(&t)).status, 400, "{path}");
    }
    // Scopes: a Client app that asked only for the default five gets insufficient_scope.
    let (client_token, _) = connect(&emu);
    let r = get(
        &emu.fitbit("/1/user/-/spo2/date/2026-04-07.json"),
        Some(&client_token),
    );
    assert_eq!(
        (r.status, error_type(&r)),
        (403, "insufficient_scope".into())
    );
}

#[test]
fn fitbit_codes_expire_after_ten_minutes() {
    let emu = Emu::start();
    let code = query_param(&consent(&emu, &auth_url(&emu, &[]), "allow"), "code").unwrap();
    emu.advance(601);
    let r = post_form(
        &token_url(&emu),
        &[
            ("client_id", FITBIT_CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &emu.redirect),
            ("code_verifier", VERIFIER),
        ],
        None,
    );
    assert_eq!((r.status, error_type(&r)), (400, "invalid_grant".into()));
}

/// The calls the seeds' python-fitbit tutorials make, as python-fitbit makes them.
#[test]
fn the_seeds_python_fitbit_calls_keep_working() {
    let emu = Emu::start();
    let t = personal_token(&emu, "activity heartrate sleep profile weight");
    let get_json = |path: &str, lang: &str| {
        let r = get_with_header(&emu.fitbit(path), Some(&t), "Accept-Language", lang);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        r.json()
    };
    // get_sleep(date): v1, with minuteData and the main sleep marked.
    let v1 = get_json("/1/user/-/sleep/date/2026-04-07.json", "en_GB");
    let main = v1["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["isMainSleep"] == true)
        .unwrap();
    let minutes = main["minuteData"].as_array().unwrap();
    assert_eq!(minutes.len() as i64, main["timeInBed"].as_i64().unwrap());
    assert!(minutes
        .iter()
        .all(|m| matches!(m["value"].as_str(), Some("1" | "2" | "3"))));
    assert_eq!(
        v1["summary"]["totalTimeInBed"].as_i64(),
        v1["sleep"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["timeInBed"].as_i64())
            .sum()
    );
    // time_series(..., period="max"): from the first day of the account.
    let max = get_json(
        "/1/user/-/activities/steps/date/2023-12-31/max.json",
        "en_GB",
    );
    let days = max["activities-steps"].as_array().unwrap();
    assert_eq!(days[0]["dateTime"], "2023-10-01");
    assert_eq!(days.last().unwrap()["dateTime"], "2023-12-31");
    let hr_max = get_json(
        "/1/user/-/activities/heart/date/2023-10-20/max.json",
        "en_GB",
    );
    assert_eq!(hr_max["activities-heart"][0]["dateTime"], "2023-10-01");
    // heartRateZones[].caloriesOut, as the tutorials read it.
    let zones = hr_max["activities-heart"][5]["value"]["heartRateZones"]
        .as_array()
        .unwrap()
        .clone();
    assert!(zones.iter().all(|z| z["caloriesOut"].is_number()));
    // intraday_time_series over a date range (two dates, at most 24 hours).
    let range = get_json(
        "/1/user/-/activities/steps/date/2026-04-07/2026-04-08/15min.json",
        "en_GB",
    );
    let one = get_json(
        "/1/user/-/activities/steps/date/2026-04-07/1d/15min.json",
        "en_GB",
    );
    let n = |v: &Value| {
        v["activities-steps-intraday"]["dataset"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(n(&range), 2 * n(&one));
    let r = get(
        &emu.fitbit("/1/user/-/activities/steps/date/2026-04-07/2026-04-10/15min.json"),
        Some(&t),
    );
    assert_eq!(r.status, 400);
    // Accept-Language: en_US gives US units: miles and pounds.
    let km = get_json(
        "/1/user/-/activities/distance/date/2026-04-07/1d.json",
        "en_GB",
    );
    let mi = get_json(
        "/1/user/-/activities/distance/date/2026-04-07/1d.json",
        "en_US",
    );
    let v = |j: &Value| {
        j["activities-distance"][0]["value"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert!((v(&km) / 1.609_344 - v(&mi)).abs() < 0.011, "{km} {mi}");
    let kg = get_json("/1/user/-/body/log/weight/date/2026-04-12.json", "en_GB");
    let lb = get_json("/1/user/-/body/log/weight/date/2026-04-12.json", "en_US");
    let w = |j: &Value| j["weight"][0]["weight"].as_f64().unwrap();
    assert!((w(&kg) / 0.453_592_37 - w(&lb)).abs() < 0.01, "{kg} {lb}");
}
