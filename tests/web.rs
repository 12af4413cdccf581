//! Browser-layer tests, run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use fitdata::browser::{self, BrowserError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn page_origin_is_the_test_server() {
    let origin = browser::page_origin().unwrap();
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
}

#[wasm_bindgen_test]
async fn missing_file_is_an_http_status_not_a_network_error() {
    let err = browser::fetch_text("definitely-not-here.json")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        BrowserError::Status {
            url: "definitely-not-here.json".into(),
            status: 404
        }
    );
}

#[wasm_bindgen_test]
async fn unreachable_origin_is_a_network_error() {
    // Port 9 (discard) on loopback refuses connections: a network failure, not an HTTP status.
    let err = browser::fetch_text("http://127.0.0.1:9/x")
        .await
        .unwrap_err();
    assert!(matches!(err, BrowserError::Network { .. }), "{err:?}");
    assert!(err.to_string().contains("could not reach"));
}

#[wasm_bindgen_test]
fn no_csp_meta_on_the_test_page() {
    assert_eq!(browser::csp_meta(), None);
}

use fitdata::browser::Area;

#[wasm_bindgen_test]
fn storage_round_trip_and_prefix_listing() {
    browser::storage_set(Area::Local, "fitdata.test.a", "1").unwrap();
    browser::storage_set(Area::Session, "fitdata.test.b", "2").unwrap();
    browser::storage_set(Area::Local, "other.c", "3").unwrap();
    assert_eq!(
        browser::storage_get(Area::Local, "fitdata.test.a")
            .unwrap()
            .as_deref(),
        Some("1")
    );
    assert_eq!(
        browser::storage_get(Area::Local, "fitdata.test.b").unwrap(),
        None,
        "areas are separate"
    );
    assert_eq!(
        browser::storage_keys(Area::Local, "fitdata.test.").unwrap(),
        vec!["fitdata.test.a"]
    );
    for (area, key) in [
        (Area::Local, "fitdata.test.a"),
        (Area::Session, "fitdata.test.b"),
        (Area::Local, "other.c"),
    ] {
        browser::storage_remove(area, key).unwrap();
        assert_eq!(browser::storage_get(area, key).unwrap(), None);
    }
}

#[wasm_bindgen_test]
async fn web_lock_runs_one_holder_at_a_time() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let events = Rc::new(RefCell::new(Vec::new()));
    let run = |id: u32| {
        let events = events.clone();
        async move {
            browser::with_lock("fitdata.test.lock", async move {
                events.borrow_mut().push(format!("start {id}"));
                // Yield to the event loop while holding the lock: the other holder must wait.
                wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
                    &wasm_bindgen::JsValue::NULL,
                ))
                .await
                .unwrap();
                events.borrow_mut().push(format!("end {id}"));
                id
            })
            .await
            .unwrap()
        }
    };
    let (a, b) = futures_join(run(1), run(2)).await;
    assert_eq!((a, b), (1, 2));
    assert_eq!(
        *events.borrow(),
        vec!["start 1", "end 1", "start 2", "end 2"]
    );
}

async fn futures_join<A: std::future::Future, B: std::future::Future + 'static>(
    a: A,
    b: B,
) -> (A::Output, B::Output)
where
    B::Output: 'static,
{
    // Start both before awaiting either, so they contend for the lock.
    let a = Box::pin(a);
    let b = Box::pin(b);
    let (tx, rx) = futures_channel::oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = tx.send(b.await);
    });
    let a = a.await;
    (a, rx.await.unwrap())
}

#[wasm_bindgen_test]
async fn indexeddb_reads_what_was_committed_and_delete_wipes_it() {
    browser::idb_put("test.key", "v1").await.unwrap();
    assert_eq!(
        browser::idb_get("test.key").await.unwrap().as_deref(),
        Some("v1")
    );
    browser::idb_put("test.key", "v2").await.unwrap();
    assert_eq!(
        browser::idb_get("test.key").await.unwrap().as_deref(),
        Some("v2")
    );
    assert_eq!(browser::idb_get("test.missing").await.unwrap(), None);
    browser::idb_delete_all().await.unwrap();
    assert_eq!(browser::idb_get("test.key").await.unwrap(), None);
}

#[wasm_bindgen_test]
fn corrupted_or_foreign_session_json_is_removed_and_reported() {
    use fitdata::auth::{session, AuthError};
    use fitdata::config::Provider;
    let key = session::tokens_key(Provider::Google);
    let foreign = r#"{"provider":"fitbit","mode":"code","access_token":"x","refresh_token":null,"expires_at_ms":1,"refresh_expires_at_ms":null,"scopes":[],"user_id":null,"obtained_at_ms":0}"#;
    for bad in ["{not json", "[]", r#"{"access_token":42}"#, foreign] {
        browser::storage_set(Area::Local, &key, bad).unwrap();
        assert_eq!(
            session::load_checked(Provider::Google),
            Err(AuthError::StoredSessionUnreadable {
                provider: Provider::Google
            }),
            "{bad}"
        );
        assert_eq!(
            browser::storage_get(Area::Local, &key).unwrap(),
            None,
            "removed after {bad}"
        );
        assert_eq!(session::load_checked(Provider::Google), Ok(None));
    }
}

mod cache {
    use super::*;
    use chrono::NaiveDate;
    use fitdata::browser::Stored;
    use fitdata::config::Source;
    use fitdata::model::Sample;
    use fitdata::model::{Kind, Payload};
    use fitdata::sync::cache::{store, DayKey, DayRecord, SCHEMA, STALE_AFTER_MS};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn key(user: &str, kind: Kind, d: &str) -> DayKey {
        DayKey {
            source: Source::Fitbit,
            user: user.into(),
            kind,
            day: day(d),
        }
    }

    fn samples(v: f64) -> Payload {
        Payload::Samples(vec![Sample {
            t: 1_790_000_000,
            offset: 7200,
            value: v,
        }])
    }

    #[wasm_bindgen_test]
    async fn days_are_written_read_and_kept_per_user_with_completeness() {
        browser::idb_delete_all().await.unwrap();
        let today = day("2026-11-20");
        let now = browser::now_ms();
        let old = DayRecord::new(samples(61.0), day("2026-10-01"), today, now);
        let recent = DayRecord::new(
            samples(70.0),
            day("2026-11-19"),
            today,
            now - STALE_AFTER_MS - 1,
        );
        assert!(old.complete && !recent.complete);
        store::put_all(&[
            (key("A", Kind::HeartRate1m, "2026-10-01"), old.clone()),
            (key("A", Kind::HeartRate1m, "2026-11-19"), recent),
            (key("B", Kind::HeartRate1m, "2026-10-02"), old.clone()),
            (key("A", Kind::Steps, "2026-10-03"), old.clone()),
        ])
        .await
        .unwrap();
        // Stored as bytes (a `Uint8Array`), not text.
        assert!(matches!(
            browser::idb_get_in(store::STORE, &key("A", Kind::HeartRate1m, "2026-10-01").id())
                .await
                .unwrap(),
            Some(Stored::Bytes(b)) if b.starts_with(b"FDR")
        ));
        // A complete past day answers whatever its age.
        assert_eq!(
            store::get(&key("A", Kind::HeartRate1m, "2026-10-01"))
                .await
                .unwrap(),
            Some(old)
        );
        // Yesterday fetched more than 15 minutes ago is stale: the network must answer.
        assert_eq!(
            store::get(&key("A", Kind::HeartRate1m, "2026-11-19"))
                .await
                .unwrap(),
            None
        );
        // Another user's day is not this user's.
        assert_eq!(
            store::get(&key("A", Kind::HeartRate1m, "2026-10-02"))
                .await
                .unwrap(),
            None
        );
        let listed = store::days_stored(
            Source::Fitbit,
            "A",
            Kind::HeartRate1m,
            day("2026-09-01"),
            day("2026-11-30"),
        )
        .await
        .unwrap();
        assert_eq!(
            listed.into_iter().collect::<Vec<_>>(),
            vec![day("2026-10-01"), day("2026-11-19")]
        );
        let (count, bytes) = store::usage().await.unwrap();
        assert_eq!(count, 4);
        assert!(bytes.is_some_and(|b| b > 0.0));
        store::clear().await.unwrap();
        assert_eq!(store::usage().await.unwrap().0, 0);
    }

    #[wasm_bindgen_test]
    async fn a_year_is_read_in_one_transaction_on_one_kept_connection() {
        browser::idb_delete_all().await.unwrap();
        let today = day("2026-11-30");
        let now = browser::now_ms();
        let first = day("2025-12-01");
        let records: Vec<(DayKey, DayRecord)> = first
            .iter_days()
            .take(365)
            .map(|d| {
                let k = key("Y", Kind::RESTING, &d.to_string());
                (
                    k,
                    DayRecord::new(
                        samples(f64::from(chrono::Datelike::ordinal(&d))),
                        d,
                        today,
                        now,
                    ),
                )
            })
            .collect();
        store::put_all(&records).await.unwrap();
        let opens = browser::idb_opens();
        let year = store::get_range(Source::Fitbit, "Y", Kind::RESTING, first, day("2026-11-30"))
            .await
            .unwrap();
        assert_eq!(year.len(), 365);
        for (k, r) in &records {
            assert_eq!(year.get(&k.day).map(|x| &x.payload), Some(&r.payload));
        }
        // Another user's days and other kinds stay out of the range.
        store::put_all(&[(key("Z", Kind::RESTING, "2026-01-01"), records[0].1.clone())])
            .await
            .unwrap();
        let again = store::get_range(Source::Fitbit, "Y", Kind::RESTING, first, today)
            .await
            .unwrap();
        assert_eq!(again.len(), 365);
        assert_eq!(browser::idb_opens(), opens, "no new connection per read");
        // Another tab deletes the database (a sign-out there): the kept connection lets go
        // instead of blocking it, and the next read opens a fresh one.
        rexie::Rexie::delete(browser::DB_NAME).await.unwrap();
        assert!(
            store::get_range(Source::Fitbit, "Y", Kind::RESTING, first, today)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(browser::idb_opens(), opens + 1);
        browser::idb_delete_all().await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_version_1_database_upgrades_and_old_records_are_dropped() {
        browser::idb_delete_all().await.unwrap();
        // What the previous release created: version 1, the key-value store only.
        let v1 = browser::open_db_at(1).await.unwrap();
        assert_eq!(v1.store_names(), vec!["kv".to_string()]);
        {
            let tx = v1
                .transaction(&["kv"], rexie::TransactionMode::ReadWrite)
                .unwrap();
            let kv = tx.store("kv").unwrap();
            kv.put(&"journal".into(), Some(&"rotation.fitbit".into()))
                .await
                .unwrap();
            tx.done().await.unwrap();
        }
        v1.close();
        // Opening at the current version keeps the key-value data and adds the day cache.
        assert_eq!(
            browser::idb_get("rotation.fitbit")
                .await
                .unwrap()
                .as_deref(),
            Some("journal")
        );
        let k = key("A", Kind::Sleep, "2026-10-01");
        let mut rec = DayRecord::new(Payload::Sleep(vec![]), k.day, day("2026-11-20"), 1);
        store::put_all(&[(k.clone(), rec.clone())]).await.unwrap();
        assert_eq!(store::get(&k).await.unwrap(), Some(rec.clone()));
        // The previous release stored records as JSON text: one of this schema still reads
        // (an import cannot be refetched).
        let text = serde_json::to_string(&rec).unwrap();
        browser::idb_put_all_in(store::STORE, &[(k.id(), Stored::Text(text))])
            .await
            .unwrap();
        assert_eq!(store::get(&k).await.unwrap(), Some(rec.clone()));
        // A record written under an older schema is never read as this one: dropped, refetched.
        rec.schema = SCHEMA - 1;
        // (Written by hand: `to_bytes` refuses a record this version cannot read back.)
        let old = serde_json::to_string(&rec).unwrap();
        assert_eq!(rec.to_bytes(), None);
        browser::idb_put_all_in(store::STORE, &[(k.id(), Stored::Text(old))])
            .await
            .unwrap();
        assert_eq!(store::get(&k).await.unwrap(), None);
        assert_eq!(
            browser::idb_get_in(store::STORE, &k.id()).await.unwrap(),
            None,
            "deleted"
        );
        browser::idb_delete_all().await.unwrap();
    }
}

/// The page reads zone rules from `Intl` (the app's wasm has no tz table): they must be the tz
/// database's, change for change, in zones with DST, half-hour DST, none, and a dropped DST.
#[wasm_bindgen_test]
fn zone_rules_from_intl_are_the_tz_databases() {
    use chrono::{Offset, TimeZone};
    use fitdata::model::zone::{Zone, SPAN};
    for name in [
        "Europe/Berlin",
        "America/Los_Angeles",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Europe/Istanbul",
        "America/Sao_Paulo",
        "UTC",
    ] {
        let tz: chrono_tz::Tz = name.parse().unwrap();
        let truth = |t: i64| {
            let utc = chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc();
            tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
        };
        let intl = browser::zone_named(name).unwrap();
        assert_eq!(
            intl,
            Zone::from_oracle(name, |t| Some(truth(t))).unwrap(),
            "{name}"
        );
        // And at every 6 hours of the span, straight from the database.
        let mut t = SPAN.0;
        while t < SPAN.1 {
            assert_eq!(intl.offset_at(t), truth(t), "{name} at {t}");
            t += 6 * 3600;
        }
    }
    assert!(browser::zone_named("Mars/Olympus").is_none());
    // Asked again: the same rules, from the page's cache.
    assert_eq!(
        browser::zone_named("Europe/Berlin"),
        browser::zone_named("Europe/Berlin")
    );
}

/// The start module's hand-over (browser::hand_over) reaches the app module's start-up
/// (browser::take_handover) intact and once: the files with their paths, or the demo, and the
/// app loader is asked exactly once per hand-over.
mod handover {
    use fitdata::browser::{self, BrowserError, Handover, Picked};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    fn loads() -> f64 {
        js_sys::Reflect::get(&js_sys::global(), &"__loads".into())
            .unwrap()
            .as_f64()
            .unwrap_or(0.0)
    }

    fn file(name: &str, text: &str) -> web_sys::File {
        web_sys::File::new_with_str_sequence(&js_sys::Array::of1(&text.into()), name).unwrap()
    }

    #[wasm_bindgen_test]
    fn files_and_demo_cross_once() {
        let global = js_sys::global();
        // No loader (boot.js did not run): a typed error, nothing left behind.
        let _ = js_sys::Reflect::delete_property(
            global.unchecked_ref::<js_sys::Object>(),
            &"fitdataLoadApp".into(),
        );
        let err = browser::hand_over(&Handover::Demo).unwrap_err();
        assert_eq!(err, BrowserError::Unsupported("the app loader (boot.js)"));
        assert!(matches!(browser::take_handover(), Handover::Route));
        let count =
            js_sys::Function::new_no_args("globalThis.__loads = (globalThis.__loads || 0) + 1");
        js_sys::Reflect::set(&global, &"fitdataLoadApp".into(), &count).unwrap();

        let files = vec![
            Picked {
                file: file("a.zip", "PK"),
                path: "a.zip".into(),
            },
            Picked {
                file: file("b.json", "[1]"),
                path: "Takeout/Fitbit/b.json".into(),
            },
        ];
        browser::hand_over(&Handover::Import(files)).unwrap();
        assert_eq!(loads(), 1.0);
        let Handover::Import(got) = browser::take_handover() else {
            unreachable!("the files did not cross")
        };
        let seen: Vec<(String, String, u64)> = got
            .iter()
            .map(|p| (p.name(), p.path.clone(), p.size()))
            .collect();
        assert_eq!(
            seen,
            [
                ("a.zip".into(), "a.zip".into(), 2),
                ("b.json".into(), "Takeout/Fitbit/b.json".into(), 3)
            ]
        );
        // Taken once: a second start-up (a reload would have a fresh global anyway) sees nothing.
        assert!(matches!(browser::take_handover(), Handover::Route));

        browser::hand_over(&Handover::Demo).unwrap();
        assert_eq!(loads(), 2.0);
        assert!(matches!(browser::take_handover(), Handover::Demo));
        // Junk in the slot is no hand-over.
        js_sys::Reflect::set(&global, &"fitdataHandover".into(), &JsValue::from(3)).unwrap();
        assert!(matches!(browser::take_handover(), Handover::Route));
    }

    use wasm_bindgen::JsCast;
}

/// `fetch_config` takes boot.js's early answer once, and asks the host again when that answer
/// failed or was already taken (the test server serves the crate's folder: its config.json is
/// what asking again gives).
mod early_config {
    use fitdata::browser;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    const HOST: &str = include_str!("../config.json");

    fn early(answer: js_sys::Promise) {
        js_sys::Reflect::set(&js_sys::global(), &"fitdataConfig".into(), &answer).unwrap();
    }

    fn answered(status: u16, text: &str) -> js_sys::Promise {
        let answer = js_sys::Object::new();
        js_sys::Reflect::set(&answer, &"status".into(), &JsValue::from(status)).unwrap();
        js_sys::Reflect::set(&answer, &"text".into(), &text.into()).unwrap();
        js_sys::Promise::resolve(&JsValue::from(answer))
    }

    #[wasm_bindgen_test]
    async fn early_answer_once_then_the_host() {
        early(answered(200, "{\"from\":\"boot.js\"}"));
        assert_eq!(
            browser::fetch_config().await.unwrap(),
            "{\"from\":\"boot.js\"}"
        );
        // Taken: the next start asks the host.
        assert_eq!(browser::fetch_config().await.unwrap(), HOST);
        // boot.js's request failed (a 503 while the host deployed): asked again.
        early(answered(503, "busy"));
        assert_eq!(browser::fetch_config().await.unwrap(), HOST);
        // boot.js's request was refused outright: asked again.
        early(js_sys::Promise::reject(&"offline".into()));
        assert_eq!(browser::fetch_config().await.unwrap(), HOST);
    }
}
