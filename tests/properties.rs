//! Property tests (proptest) of the parsers and writers: on arbitrary JSON and on mutations of
//! valid answers every decoder gives a value or a typed error, never a panic, never a
//! non-finite number and never an instant read from a timestamp that was broken; civil time and
//! instants round-trip in zones with odd offsets and DST; CSV rows read back as written.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone};
use fitdata::config::Provider;
use fitdata::model::metric::Metric;
use fitdata::model::time;
use fitdata::model::{Daily, Interval, Sample};
use fitdata::model::{Kind, Payload};
use fitdata::sources::{fitbit, google};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Any JSON value, a few levels deep, with the strings and numbers that trip decoders.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop_oneof![
            Just("NaN"),
            Just("Infinity"),
            Just("-1"),
            Just("1e999"),
            Just("2026-11-01T00:00:00Z"),
            Just("2026-13-45T99:00:00Z"),
            Just("3600s"),
            Just("s"),
            Just(""),
            Just("99999999999999999999"),
        ]
        .prop_map(|s| json!(s)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("dataPoints".to_string()),
            Just("rollupDataPoints".to_string()),
            Just("heartRate".to_string()),
            Just("steps".to_string()),
            Just("sleep".to_string()),
            Just("value".to_string()),
            Just("dateTime".to_string()),
            Just("nextPageToken".to_string()),
            "[a-zA-Z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every Google and Fitbit decoder on one body. Returns the instants and values read.
fn decode_all(body: &str) -> Vec<f64> {
    let mut values = Vec::new();
    let zone = &fitdata::model::zone::Zone::tzdb("Europe/Berlin").unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    if let Ok((v, _)) = google::points::heart_rate(body) {
        values.extend(v.iter().map(|s| s.value));
    }
    if let Ok((v, _)) = google::points::steps(body) {
        values.extend(v.iter().map(|i| i.value));
    }
    if let Ok((v, _)) = google::points::sleep(body) {
        values.extend(v.iter().map(|s| (s.end - s.start) as f64));
    }
    if let Ok((v, _)) = google::points::zones(body) {
        values.extend(v.iter().flat_map(|z| z.bounds));
    }
    for m in Metric::ALL {
        let (Some(read), Some(f)) = (google::points::read(m), m.fitbit()) else {
            continue;
        };
        for r in [
            google::points::daily(body, read),
            google::points::samples(body, read),
            google::points::rollup(body, read),
        ]
        .into_iter()
        .flatten()
        {
            values.extend(r.0.iter().map(|d| d.value));
            values.extend(r.0.iter().filter_map(|d| d.parts).flatten());
        }
        if let Ok(v) = fitbit::series::daily(body, f.list, f.value, m.fitbit_parts()) {
            values.extend(v.iter().map(|d| d.value));
        }
    }
    let _ = google::decode::<google::Settings>(body);
    let _ = google::decode::<google::Devices>(body);
    let _ = google::decode::<google::Profile>(body);
    let _ = fitbit::decode_devices(body);
    let _ = fitbit::decode_profile(body);
    if let Ok(v) = fitbit::series::zones(body) {
        values.extend(v.iter().flat_map(|z| z.bounds));
    }
    if let Ok(v) = fitbit::series::heart_rate(body, zone, date) {
        values.extend(v.iter().map(|s| s.value));
    }
    for resource in ["steps", "calories", "distance", "floors"] {
        if let Ok(v) = fitbit::series::activity(body, resource, zone, date) {
            values.extend(v.iter().map(|i| i.value));
        }
    }
    if let Ok(v) = fitbit::series::sleep(body, zone) {
        values.extend(v.iter().map(|s| (s.end - s.start) as f64));
    }
    let _ = fitdata::sources::decode_error(Provider::Google, 403, body, "x", None);
    let _ = fitdata::config::parse(body);
    values
}

/// Valid answers of each shape (the emulator's and the recorded shapes), to mutate.
fn valid_answers() -> Vec<Value> {
    vec![
        json!({"dataPoints":[{"dataSource":{"device":{},"platform":"FITBIT","recordingMethod":"PASSIVELY_MEASURED"},
            "heartRate":{"beatsPerMinute":"60","sampleTime":{"physicalTime":"2026-01-08T02:25:14Z","utcOffset":"-14400s"}}}],
            "nextPageToken":"t"}),
        json!({"dataPoints":[{"steps":{"count":"100","interval":{"startTime":"2026-01-08T01:54:00Z","endTime":"2026-01-08T01:55:00Z",
            "startUtcOffset":"-14400s","endUtcOffset":"-14400s"}}}]}),
        json!({"dataPoints":[{"sleep":{"interval":{"startTime":"2026-01-06T07:31:00Z","endTime":"2026-01-06T14:50:00Z",
            "startUtcOffset":"-14400s","endUtcOffset":"-14400s"},"metadata":{"mainSleep":true},
            "stages":[{"startTime":"2026-01-06T07:31:00Z","endTime":"2026-01-06T08:00:00Z","startUtcOffset":"-14400s","endUtcOffset":"-14400s","type":"LIGHT"},
                      {"startTime":"2026-01-06T08:00:00Z","endTime":"2026-01-06T14:50:00Z","startUtcOffset":"-14400s","endUtcOffset":"-14400s","type":"DEEP"}],
            "summary":{"minutesToFallAsleep":"5"}}}]}),
        json!({"rollupDataPoints":[{"activeZoneMinutes":{"sumInCardioHeartZone":"2","sumInFatBurnHeartZone":"5","sumInPeakHeartZone":"0"},
            "civilStartTime":{"date":{"day":6,"month":1,"year":2026},"time":{}},"civilEndTime":{"date":{"day":7,"month":1,"year":2026},"time":{}}}]}),
        json!({"dataPoints":[{"dailySleepTemperatureDerivations":{"baselineTemperatureCelsius":33.8,"date":{"day":4,"month":1,"year":2026},
            "nightlyTemperatureCelsius":34.0}}]}),
        json!({"activities-heart":[{"dateTime":"2026-03-29","value":{"restingHeartRate":51,"heartRateZones":[
            {"name":"Fat Burn","min":91,"max":127},{"name":"Cardio","min":127,"max":155},{"name":"Peak","min":155,"max":220}]}}],
            "activities-heart-intraday":{"dataset":[{"time":"00:00:00","value":61},{"time":"02:30:00","value":60},{"time":"03:00:00","value":59}],
            "datasetInterval":1,"datasetType":"second"}}),
        json!({"activities-active-zone-minutes":[{"dateTime":"2025-03-26","value":{"activeZoneMinutes":10,"fatBurnActiveZoneMinutes":6,"cardioActiveZoneMinutes":4}}]}),
    ]
}

/// One mutation at a place in `v`, chosen by `pick`: remove, retype, duplicate into a list,
/// a huge number, a NaN string, a broken time.
fn mutate(v: &mut Value, pick: &mut u64, kind: u8) -> bool {
    let here = *pick == 0;
    *pick = pick.saturating_sub(1);
    match v {
        Value::Object(o) => {
            let keys: Vec<String> = o.keys().cloned().collect();
            for k in keys {
                if *pick == 0 {
                    match kind % 6 {
                        0 => {
                            o.remove(&k);
                        }
                        1 => {
                            let x = o[&k].clone();
                            o.insert(k.clone(), json!([x.clone(), x]));
                        }
                        2 => {
                            o.insert(k.clone(), json!(1e300));
                        }
                        3 => {
                            o.insert(k.clone(), json!("NaN"));
                        }
                        4 => {
                            o.insert(k.clone(), json!("2026-02-30T25:61:00"));
                        }
                        _ => {
                            let x = o[&k].to_string();
                            o.insert(k.clone(), json!(x));
                        }
                    }
                    return true;
                }
                *pick -= 1;
                if let Some(x) = o.get_mut(&k) {
                    if mutate(x, pick, kind) {
                        return true;
                    }
                }
            }
            false
        }
        Value::Array(a) => a.iter_mut().any(|x| mutate(x, pick, kind)),
        _ => here,
    }
}

/// How many budget cases spent a whole window (the property is only worth something if some do).
/// The zones of `civil_and_instant_round_trip`: the tz database's and the app's reading of it.
static ZONES: std::sync::LazyLock<Vec<(chrono_tz::Tz, fitdata::model::zone::Zone)>> =
    std::sync::LazyLock::new(|| {
        [
            chrono_tz::Europe::Berlin,
            chrono_tz::America::Los_Angeles,
            chrono_tz::Australia::Sydney,
            chrono_tz::Asia::Kathmandu,
            chrono_tz::Pacific::Chatham,
        ]
        .into_iter()
        .map(|tz| (tz, fitdata::model::zone::Zone::tzdb(tz.name()).unwrap()))
        .collect()
    });

static REACHED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_arbitrary_json(v in any_json()) {
        let values = decode_all(&v.to_string());
        prop_assert!(values.iter().all(|x| x.is_finite()), "{values:?}");
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_text(s in ".{0,200}") {
        let values = decode_all(&s);
        prop_assert!(values.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn mutated_valid_answers_decode_or_fail_typed(which in 0usize..7, at in 0u64..60, kind in 0u8..6) {
        let mut v = valid_answers()[which].clone();
        let mut pick = at;
        mutate(&mut v, &mut pick, kind);
        let values = decode_all(&v.to_string());
        prop_assert!(values.iter().all(|x| x.is_finite()), "{values:?} from {v}");
    }

    /// A broken timestamp never becomes some other instant: the page is refused.
    #[test]
    fn a_broken_physical_time_is_an_error_not_another_instant(junk in "[0-9T:Z-]{0,24}") {
        prop_assume!(chrono::DateTime::parse_from_rfc3339(&junk).is_err());
        let body = json!({"dataPoints":[{"heartRate":{"beatsPerMinute":"60",
            "sampleTime":{"physicalTime": junk,"utcOffset":"3600s"}}}]}).to_string();
        prop_assert!(google::points::heart_rate(&body).is_err());
    }

    /// Civil time and instants round-trip for every offset, DST edge and odd zone, 2000-2040.
    #[test]
    fn civil_and_instant_round_trip(t in 946_684_800i64..2_240_611_200, z in 0usize..5) {
        // The app reads zones as sampled rules (`model::zone`); the tz database is the truth.
        let (tz, zone) = &ZONES[z];
        let offset = time::offset_in(zone, t);
        let local = time::local(t, offset);
        let expected = tz.timestamp_opt(t, 0).unwrap().naive_local();
        prop_assert_eq!(local, expected);
        prop_assert_eq!(time::civil_date(t, offset), expected.date());
        // Back: the first occurrence, or the second when told it comes after the first.
        let (back, off) = time::resolve_local(zone, local, None).unwrap();
        if back != t {
            let (again, off2) = time::resolve_local(zone, local, Some(back)).unwrap();
            prop_assert_eq!((again, off2), (t, offset));
        } else {
            prop_assert_eq!(off, offset);
        }
        // The text forms read back as the same instant and offset.
        prop_assert_eq!(time::parse_instant(&time::utc_iso(t)), Some(t));
        prop_assert_eq!(time::parse_offset(&format!("{offset}s")), Some(offset));
    }

    /// The request budget is never exceeded, whatever interleaving of requests, rate headers
    /// and 429s (with or without Retry-After) comes, and nothing goes while the API said wait.
    #[test]
    fn the_budget_is_never_exceeded(
        google in any::<bool>(),
        // Bursts (most requests in the same second) and pauses, so limits are reached.
        events in prop::collection::vec((prop_oneof![20 => Just(0i64), 1 => 0i64..200], 0u8..100, 0u32..400, 0i64..4000), 1..1500),
    ) {
        use fitdata::sources::{budget::Usage, limits::budget};
        let reached = &REACHED;
        let b = budget(if google { Provider::Google } else { Provider::Fitbit });
        let mut u = Usage::default();
        let mut now = 1_780_000_000i64;
        let mut admitted: std::collections::BTreeMap<i64, u32> = std::collections::BTreeMap::new();
        let mut wait_until = i64::MIN;
        for (dt, kind, n, secs) in events {
            now += dt;
            match kind {
                // Mostly requests.
                0..=96 => {
                    if u.admit(b, now).is_ok() {
                        prop_assert!(now >= wait_until, "sent at {now} while told to wait until {wait_until}");
                        *admitted.entry(now.div_euclid(b.window_s)).or_default() += 1;
                    }
                }
                97 => {
                    u.observe_headers(b, now, n.min(b.limit), secs.min(b.window_s));
                    if n == 0 {
                        wait_until = wait_until.max(now + secs.min(b.window_s));
                    }
                }
                98 => {
                    let until = u.observe_429(b, now, Some(u64::try_from(secs).unwrap()));
                    prop_assert!(until >= now + secs);
                    wait_until = wait_until.max(now + secs);
                }
                _ => {
                    u.observe_429(b, now, None);
                    wait_until = wait_until.max((now.div_euclid(b.window_s) + 1) * b.window_s);
                }
            }
        }
        prop_assert!(admitted.values().all(|n| *n <= b.limit), "{admitted:?}");
        reached.fetch_add(u64::from(admitted.values().any(|n| *n == b.limit)), std::sync::atomic::Ordering::Relaxed);
    }

    /// Any callback URL is a callback or a typed error, never a panic; a code is only ever
    /// taken from a reply whose state is the pending one's.
    #[test]
    fn any_callback_is_validated_without_panic(
        q in prop_oneof![
            "[a-z_=&%0-9#.]{0,80}",
            // Around a reply that would be accepted, to reach the accepting branch.
            "(state=google\\.s&)?(code=[a-z0-9]{0,4}&)?(iss=[a-z%0-9.]{0,12}&)?(state=google\\.s)?(#access_token=t&token_type=Bearer&state=google\\.s)?",
        ],
        token in any::<bool>(),
    ) {
        use fitdata::auth::flow::{validate_callback, Pending, Callback};
        use fitdata::auth::token::Mode;
        let pending = Pending {
            provider: Provider::Google,
            mode: if token { Mode::Token } else { Mode::Code },
            state: "google.s".into(),
            verifier: Some("v".repeat(43)),
            scopes: vec![],
            created_at_ms: 0,
            issuer: Some("https://accounts.example".into()),
            back: None,
        };
        let Ok(url) = url::Url::parse(&format!("https://me.example/redirect.html?{q}")) else {
            return Ok(());
        };
        if let Ok(cb) = validate_callback(&url, Some(&pending), 1) {
            let text = format!("{}{}", url.query().unwrap_or(""), url.fragment().unwrap_or(""));
            prop_assert!(text.contains("state=google.s"));
            let known = matches!(cb, Callback::Code { .. } | Callback::Token(_));
            prop_assert!(known);
        }
    }

    /// The CSV's own ISO writer writes what chrono writes, byte for byte, for any instant from
    /// year 0 to 9999 and beyond, and any offset (a day or more falls back to UTC, as chrono's).
    #[test]
    fn push_iso_writes_what_chrono_writes(t in -70_000_000_000i64..260_000_000_000, offset in -100_000i32..100_000) {
        let mut local = Vec::new();
        time::push_iso(&mut local, t, Some(offset));
        prop_assert_eq!(String::from_utf8(local).unwrap(), time::local_iso(t, offset));
        let mut utc = Vec::new();
        time::push_iso(&mut utc, t, None);
        prop_assert_eq!(String::from_utf8(utc).unwrap(), time::utc_iso(t));
    }

    /// Heart-rate rows (written without the csv crate, the hot loop of a year's CSV) are the
    /// rows the csv crate writes from the same cells, for any value, offset and source name.
    #[test]
    fn heart_rate_rows_are_the_csv_crates(values in prop::collection::vec((-1.0e9f64..1.0e9, 0i64..400_000_000, -50_400i32..50_400), 0..40),
                                          integral in any::<bool>(), source in "[a-z ,\"/._-]{0,12}") {
        let samples: Vec<Sample> = values.iter().map(|&(v, t, o)| Sample {
            t: 1_500_000_000 + t, offset: o / 60 * 60, value: if integral { v.round() } else { v },
        }).collect();
        let mut want = csv::Writer::from_writer(Vec::new());
        for s in &samples {
            want.write_record([time::utc_iso(s.t), time::local_iso(s.t, s.offset), (s.offset / 60).to_string(),
                "recorded".to_string(), s.value.to_string(), source.clone()]).unwrap();
        }
        let got = fitdata::export::day_csv(Kind::HeartRate, &Payload::Samples(samples), &source, None).unwrap();
        prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want.into_inner().unwrap()).unwrap());
    }

    /// Steps rows (the same hot loop, with the interval's length) are the rows the csv crate
    /// writes from `row_at`'s cells.
    #[test]
    fn steps_rows_are_the_csv_crates(values in prop::collection::vec((-1.0e9f64..1.0e9, 0i64..400_000_000, -50_400i32..50_400, 0i64..7_200), 0..40),
                                     integral in any::<bool>(), source in "[a-z ,\"/._-]{0,12}") {
        let items: Vec<Interval> = values.iter().map(|&(v, t, o, len)| Interval {
            start: 1_500_000_000 + t, end: 1_500_000_000 + t + len, offset: o / 60 * 60,
            value: if integral { v.round() } else { v },
        }).collect();
        let mut want = csv::Writer::from_writer(Vec::new());
        for i in &items {
            want.write_record([time::utc_iso(i.start), time::local_iso(i.start, i.offset), (i.offset / 60).to_string(),
                "recorded".to_string(), (i.end - i.start).to_string(), i.value.to_string(), source.clone()]).unwrap();
        }
        let got = fitdata::export::day_csv(Kind::Steps, &Payload::Intervals(items), &source, None).unwrap();
        prop_assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want.into_inner().unwrap()).unwrap());
    }

    /// CSV rows read back with the csv reader: as many rows as records, the same numbers.
    #[test]
    fn csv_rows_read_back(values in prop::collection::vec((-1.0e9f64..1.0e9, 0i64..86_400, -50_400i32..50_400), 0..40)) {
        let samples: Vec<Sample> = values.iter().map(|&(v, t, o)| Sample { t: 1_790_000_000 + t, offset: o / 60 * 60, value: v }).collect();
        let intervals: Vec<Interval> = samples.iter().map(|s| Interval { start: s.t, end: s.t + 60, offset: s.offset, value: s.value }).collect();
        let days: Vec<Daily> = values.iter().map(|&(v, ..)| Daily { date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), value: v, parts: Some([v, 1.0, 2.0]) }).collect();
        for (kind, payload, column) in [
            (Kind::HeartRate, Payload::Samples(samples.clone()), "bpm"),
            (Kind::Steps, Payload::Intervals(intervals), "steps"),
            (Kind::Daily(Metric::ActiveZoneMinutes), Payload::Daily(days), "azm_minutes"),
        ] {
            let column = fitdata::export::header(kind).iter().position(|h| *h == column).unwrap();
            let mut bytes = fitdata::export::header_csv(kind).unwrap();
            bytes.extend(fitdata::export::day_csv(kind, &payload, "google", None).unwrap());
            let mut r = csv::Reader::from_reader(bytes.as_slice());
            prop_assert_eq!(r.headers().unwrap().len(), fitdata::export::header(kind).len());
            let read: Vec<f64> = r.records().map(|rec| rec.unwrap()[column].parse::<f64>().unwrap()).collect();
            let want: Vec<f64> = values.iter().map(|v| v.0).collect();
            prop_assert_eq!(read, want);
        }
    }
}

/// The fixtures the mutations start from are answers the decoders read (so a mutation test
/// exercises real decoding), and the mutations do change them.
#[test]
fn the_mutation_fixtures_decode_and_mutations_apply() {
    for (i, v) in valid_answers().iter().enumerate() {
        let values = decode_all(&v.to_string());
        assert!(!values.is_empty(), "fixture {i} reads no value");
        let mut changed = 0;
        for at in 0..60 {
            let mut m = v.clone();
            let mut pick = at;
            if mutate(&mut m, &mut pick, (at % 6) as u8) && m != *v {
                changed += 1;
            }
        }
        assert!(changed >= 3, "fixture {i}: {changed} mutations");
    }
}

#[test]
fn budget_cases_reach_the_limit() {
    // Runs the property's own strategy a little: some cases must spend a full window.
    REACHED.store(0, std::sync::atomic::Ordering::Relaxed);
    the_budget_is_never_exceeded();
    assert!(REACHED.load(std::sync::atomic::Ordering::Relaxed) > 0);
}
