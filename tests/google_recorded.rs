//! Every answer recorded from the live Google Health API (`../shared/reference/
//! google-health-recorded/`, kept outside the project) fed to the app's decoders, with the
//! values checked. Reports itself skipped when that folder is absent.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fitdata::config::Provider;
use fitdata::model::metric::{Metric, Units};
use fitdata::model::Stage;
use fitdata::sources::google::{self, points};
use fitdata::sources::{decode_error, ApiError};
use std::path::PathBuf;

fn folder() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/google-health-recorded");
    dir.is_dir().then_some(dir)
}

/// `(status, body as text)` of a recorded envelope; rollup captures nest the answer.
fn recorded(name: &str) -> (u16, String) {
    let dir = folder().expect("folder checked");
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let status = v["status"].as_u64().unwrap() as u16;
    let body = v["body"].get("response").unwrap_or(&v["body"]);
    (status, body.to_string())
}

fn dates(days: &[fitdata::model::Daily]) -> Vec<(String, f64)> {
    days.iter().map(|d| (d.date.to_string(), d.value)).collect()
}

#[test]
fn every_recorded_answer_decodes_to_the_right_values() {
    let Some(dir) = folder() else {
        eprintln!("skipped: ../shared/reference/google-health-recorded/ is absent");
        return;
    };
    let mut checked = 0;

    // Settings: the prefixed unit enums of a US account.
    let (_, body) = recorded("arysuri23__settings.json");
    let s: google::Settings = google::decode(&body).unwrap();
    let units = Units::from_google(
        s.distance_unit.as_deref(),
        s.weight_unit.as_deref(),
        s.temperature_unit.as_deref(),
    );
    assert!(units.miles && units.pounds && units.fahrenheit && !units.stone);
    assert_eq!(s.time_zone.as_deref(), Some("America/New_York"));
    checked += 1;

    let (_, body) = recorded("arysuri23__profile.json");
    assert_eq!(
        google::decode::<google::Profile>(&body).unwrap().age,
        Some(30)
    );
    checked += 1;

    let (_, body) = recorded("arysuri23__paired_devices.json");
    let d: google::Devices = google::decode(&body).unwrap();
    let tracker = &d.paired_devices[0];
    assert_eq!(
        (
            tracker.device_version.as_str(),
            tracker.battery_level,
            tracker.battery_status.as_deref()
        ),
        ("Fitbit Air", Some(80), Some("High"))
    );
    checked += 1;

    // Heart rate: five readings, a next page, `device: {}`.
    let (_, body) = recorded("arysuri23__list_heart_rate_nofilter.json");
    let (samples, next) = points::heart_rate(&body).unwrap();
    assert_eq!(samples.len(), 5);
    assert!(samples
        .iter()
        .all(|s| s.value == 60.0 && s.offset == -14_400));
    assert_eq!(next.as_deref(), Some("redacted-nextPageToken"));
    checked += 1;

    let (_, body) = recorded("arysuri23__list_steps_nofilter.json");
    let (steps, next) = points::steps(&body).unwrap();
    assert_eq!(
        (steps.len(), steps[0].value, steps[0].end - steps[0].start),
        (1, 100.0, 60)
    );
    assert!(next.is_some());
    checked += 1;

    // Sleep: `mainSleep: true`, no `nap`; 30 stages; the night is the local date it ended.
    let (_, body) = recorded("arysuri23__list_sleep.json");
    let (nights, _) = points::sleep(&body).unwrap();
    assert_eq!(nights.len(), 1);
    let n = &nights[0];
    assert!(n.is_main);
    assert_eq!(n.night().to_string(), "2026-01-06");
    assert_eq!((n.end - n.start) / 60, 439);
    assert!(n.seconds_in(Stage::Deep) > 0 && n.seconds_in(Stage::Rem) > 0);
    assert_eq!(n.fall_asleep_min, Some(5));
    assert_eq!(n.source.device, None);
    checked += 1;

    // Daily types, newest first as recorded.
    let daily = |file: &str, m: Metric| {
        let (_, body) = recorded(file);
        dates(&points::daily(&body, points::read(m).unwrap()).unwrap().0)
    };
    let days = |v: f64| {
        ["2026-01-06", "2026-01-05", "2026-01-04", "2026-01-03"]
            .iter()
            .map(|d| (d.to_string(), v))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        daily(
            "arysuri23__filter_daily-resting-heart-rate__date.json",
            Metric::RestingHeartRate
        ),
        days(60.0)
    );
    assert_eq!(
        daily(
            "arysuri23__filter_daily-heart-rate-variability__date.json",
            Metric::Hrv
        ),
        days(45.0)
    );
    assert_eq!(
        daily(
            "arysuri23__filter_daily-oxygen-saturation__date.json",
            Metric::Spo2
        ),
        days(96.0)
    );
    // Two nights before the baseline existed ("NaN"): no value, not NaN.
    assert_eq!(
        daily(
            "arysuri23__filter_daily-sleep-temperature-derivations__date.json",
            Metric::SkinTemperature
        ),
        vec![
            ("2026-01-06".to_string(), 0.2),
            ("2026-01-05".to_string(), 0.2)
        ]
    );
    checked += 4;

    // AZM roll-up split by zone: 5 fat burn + 2 cardio minutes = 9 AZM, each of 5 days.
    let (_, body) = recorded("arysuri23__rollup_active-zone-minutes__nested_date.json");
    let (azm, next) =
        points::rollup(&body, points::read(Metric::ActiveZoneMinutes).unwrap()).unwrap();
    assert_eq!(azm.len(), 5);
    assert!(azm
        .iter()
        .all(|d| d.value == 9.0 && d.parts == Some([5.0, 2.0, 0.0])));
    assert_eq!(azm[0].date.to_string(), "2026-01-06");
    assert_eq!(next, None);
    checked += 1;

    // Errors.
    let (status, body) = recorded("arysuri23__error_invalid_filter.json");
    assert!(matches!(
        decode_error(Provider::Google, status, &body, "HRV", None),
        ApiError::Http { status: 400, message, .. } if message.starts_with("Invalid data point filter")
    ));
    let (status, body) = recorded("allenporter__access_token_scope_insufficient.json");
    assert!(matches!(
        decode_error(Provider::Google, status, &body, "sleep", None),
        ApiError::ScopeMissing { .. }
    ));
    let (status, body) = recorded("allenporter__oauth_insufficient_scope.json");
    assert!(matches!(
        decode_error(Provider::Google, status, &body, "sleep", None),
        ApiError::ScopeMissing { .. }
    ));
    checked += 3;

    // Every file of the folder was read above (the two notes aside).
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count();
    assert_eq!(checked, files, "a recorded answer is not checked");
    println!("recorded answers decoded correctly: {checked} of {files}");
}
