//! The app's decoders on the emulator's answers: for the same person and week, the Google and
//! the Fitbit paths give identical normalized heart rate, steps and sleep.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::*;
use fitdata::model::{Interval, Sample, SleepSession};
use fitdata::sources::{fitbit::series, google::points};
use fitdata_emulator::app_server::{FITBIT_CLIENT_ID, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn consent_code(emu: &Emu, authorize: String, consent_path: &str) -> String {
    let base = if consent_path.starts_with("/o/") {
        &emu.origins.accounts_google
    } else {
        &emu.origins.www_fitbit
    };
    let location = answer_consent(&authorize, &format!("{base}{consent_path}"), "allow", None);
    query_param(&location, "code").unwrap()
}

fn tokens(emu: &Emu) -> (String, String) {
    let g = consent_code(emu, format!("{}/o/oauth2/v2/auth?{}", emu.origins.accounts_google, encode(&[
        ("client_id", GOOGLE_CLIENT_ID), ("redirect_uri", &emu.redirect), ("response_type", "code"),
        ("scope", "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly https://www.googleapis.com/auth/googlehealth.sleep.readonly"),
        ("code_challenge", CHALLENGE), ("code_challenge_method", "S256"), ("prompt", "consent")])), "/o/oauth2/v2/auth/consent");
    let google = post_form(
        &format!("{}/token", emu.origins.oauth2_googleapis),
        &[
            ("grant_type", "authorization_code"),
            ("code", &g),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", GOOGLE_CLIENT_SECRET),
            ("redirect_uri", &emu.redirect),
            ("code_verifier", VERIFIER),
        ],
        None,
    )
    .json();
    let f = consent_code(
        emu,
        format!(
            "{}/oauth2/authorize?{}",
            emu.origins.www_fitbit,
            encode(&[
                ("client_id", FITBIT_CLIENT_ID),
                ("redirect_uri", &emu.redirect),
                ("response_type", "code"),
                ("scope", "activity heartrate sleep"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256")
            ])
        ),
        "/oauth2/authorize/consent",
    );
    let fitbit = post_form(
        &format!("{}/oauth2/token", emu.origins.api_fitbit),
        &[
            ("grant_type", "authorization_code"),
            ("code", &f),
            ("client_id", FITBIT_CLIENT_ID),
            ("redirect_uri", &emu.redirect),
            ("code_verifier", VERIFIER),
        ],
        None,
    )
    .json();
    (
        google["access_token"].as_str().unwrap().into(),
        fitbit["access_token"].as_str().unwrap().into(),
    )
}

/// Every page of a Google list, decoded with `decode`, oldest first.
fn google_all<T>(
    emu: &Emu,
    token: &str,
    kebab: &str,
    filter: &str,
    decode: fn(&str) -> points::Decoded<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut page = String::new();
    loop {
        let url = emu.health(&format!(
            "/v4/users/me/dataTypes/{kebab}/dataPoints?{}",
            encode(&[
                ("filter", filter),
                ("pageSize", "10000"),
                ("pageToken", &page)
            ])
        ));
        let (items, next) = decode(&get(&url, Some(token)).body).unwrap();
        out.extend(items);
        match next {
            Some(n) => page = n,
            None => break,
        }
    }
    out.reverse();
    out
}

#[test]
fn a_week_through_both_apis_normalizes_identically() {
    let emu = Emu::start();
    let (g, f) = tokens(&emu);
    let zone = chrono_tz::Europe::Berlin;
    let start = NaiveDate::from_ymd_opt(2026, 3, 26).unwrap();
    for i in 0..7 {
        let day = start + chrono::Duration::days(i);
        let next = day + chrono::Duration::days(1);
        // Heart rate at full resolution.
        let filter = format!("heart_rate.sample_time.civil_time >= \"{day}T00:00:00\" AND heart_rate.sample_time.civil_time < \"{next}T00:00:00\"");
        let from_google: Vec<Sample> =
            google_all(&emu, &g, "heart-rate", &filter, points::heart_rate);
        let body = get(
            &emu.fitbit(&format!(
                "/1/user/-/activities/heart/date/{day}/1d/1sec.json"
            )),
            Some(&f),
        )
        .body;
        let from_fitbit = series::heart_rate(&body, zone, day).unwrap();
        assert_eq!(from_google, from_fitbit, "heart rate on {day}");
        // Steps per minute (Google lists only minutes with steps; Fitbit every minute).
        let filter = format!("steps.interval.civil_start_time >= \"{day}\" AND steps.interval.civil_start_time < \"{next}\"");
        let from_google: Vec<Interval> = google_all(&emu, &g, "steps", &filter, points::steps);
        let body = get(
            &emu.fitbit(&format!(
                "/1/user/-/activities/steps/date/{day}/1d/1min.json"
            )),
            Some(&f),
        )
        .body;
        let from_fitbit: Vec<Interval> = series::activity(&body, "steps", zone, day)
            .unwrap()
            .into_iter()
            .filter(|i| i.value > 0.0)
            .collect();
        assert_eq!(from_google, from_fitbit, "steps on {day}");
        // Sleep ending that day.
        let filter = format!("sleep.interval.civil_end_time >= \"{day}\" AND sleep.interval.civil_end_time < \"{next}\"");
        let mut from_google: Vec<SleepSession> =
            google_all(&emu, &g, "sleep", &filter, points::sleep);
        let body = get(
            &emu.fitbit(&format!("/1.2/user/-/sleep/date/{day}.json")),
            Some(&f),
        )
        .body;
        let mut from_fitbit = series::sleep(&body, zone).unwrap();
        // The device name is Google's only; the provider differs by definition.
        for s in from_google.iter_mut().chain(from_fitbit.iter_mut()) {
            s.source.device = None;
            s.source.provider = fitdata::config::ProviderKind::Google;
        }
        from_google.sort_by_key(|s| s.start);
        from_fitbit.sort_by_key(|s| s.start);
        assert_eq!(from_google, from_fitbit, "sleep on {day}");
    }
}
