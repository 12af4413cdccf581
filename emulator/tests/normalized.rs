//! The app's decoders on the emulator's answers: for the same person and week, the Google and
//! the Fitbit paths give identical normalized heart rate, steps and sleep.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::*;
use fitdata::model::derive;
use fitdata::model::{Interval, Sample, SleepSession};
use fitdata::sources::fitbit::{requests as fitbit_requests, series};
use fitdata::sources::google::{points, requests};
use fitdata_emulator::clients::{FITBIT_CLIENT_ID, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};

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

/// Every page of a Google list, decoded with `decode`, oldest first: the app's own paths,
/// page sizes and end-of-listing rule.
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
        let url = emu.health(&requests::list_path(kebab, filter, &page));
        let (items, next) = decode(&get(&url, Some(token)).body).unwrap();
        out.extend(items);
        if !requests::next_page(&mut page, next).unwrap() {
            break;
        }
    }
    out.reverse();
    out
}

#[test]
fn a_week_through_both_apis_normalizes_identically() {
    let emu = Emu::start();
    let (g, f) = tokens(&emu);
    let zone = &fitdata::model::zone::Zone::tzdb("Europe/Berlin").unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 3, 26).unwrap();
    for i in 0..7 {
        let day = start + chrono::Duration::days(i);
        // Heart rate at full resolution.
        // The app's window (physical time, wider than the day), kept by civil date.
        let filter = requests::physical_filter("heart-rate", day, day);
        let from_google: Vec<Sample> = derive::samples_by_day(google_all(
            &emu,
            &g,
            "heart-rate",
            &filter,
            points::heart_rate,
        ))
        .remove(&day)
        .unwrap_or_default();
        let body = get(
            &emu.fitbit(&fitbit_requests::intraday_path("heart", day, "1sec")),
            Some(&f),
        )
        .body;
        let from_fitbit = series::heart_rate(&body, zone, day).unwrap();
        assert_eq!(from_google, from_fitbit, "heart rate on {day}");
        // Steps per minute (Google lists only minutes with steps; Fitbit every minute).
        let filter = requests::physical_filter("steps", day, day);
        let from_google: Vec<Interval> =
            derive::intervals_by_day(google_all(&emu, &g, "steps", &filter, points::steps))
                .remove(&day)
                .unwrap_or_default();
        let body = get(
            &emu.fitbit(&fitbit_requests::intraday_path("steps", day, "1min")),
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
        let filter = requests::sleep_filter(day, day);
        let mut from_google: Vec<SleepSession> =
            derive::sleep_by_night(google_all(&emu, &g, "sleep", &filter, points::sleep))
                .remove(&day)
                .unwrap_or_default();
        let body = get(
            &emu.fitbit(&fitbit_requests::sleep_path(day, day)),
            Some(&f),
        )
        .body;
        let mut from_fitbit = series::sleep(&body, zone).unwrap();
        // The device name is Google's only; the source differs by definition.
        for s in from_google.iter_mut().chain(from_fitbit.iter_mut()) {
            s.source.device = None;
            s.source.source = fitdata::config::Source::Google;
        }
        from_google.sort_by_key(|s| s.start);
        from_fitbit.sort_by_key(|s| s.start);
        assert_eq!(from_google, from_fitbit, "sleep on {day}");
    }
}
