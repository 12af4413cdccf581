//! The backup's format against hand-made records, the bad backups each with its own refusal,
//! and the round trip over real imports (the shared samples) and the synthetic person's year.

use super::*;
use crate::config::Source;
use crate::model::codec;
use crate::sources::import::job::{Job, Step};
use crate::sources::import::layout::Listed;
use crate::sources::import::USER;
use crate::sync::cache::{DayKey, DayRecord};

fn records() -> Vec<(String, Value)> {
    vec![
        (
            "import/x/steps/2026-01-01".into(),
            Value::Bytes(vec![1, 2, 3, 0, 255]),
        ),
        ("import/x/steps/2026-01-02".into(), Value::Bytes(Vec::new())),
        (
            "google/u/sleep/2020-05-01".into(),
            Value::Text("{\"schema\":1}".into()),
        ),
    ]
}

fn bin(records: &[(String, Value)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in records {
        write_record(&mut out, k, v);
    }
    out
}

fn manifest_for(days: &[u8], records: u64) -> String {
    serde_json::to_string(&Manifest {
        format: FORMAT,
        app: "test".into(),
        created_ms: 1_765_000_000_000,
        records,
        days_bytes: days.len() as u64,
        sha256: sha256_hex(days),
        ..Manifest::default()
    })
    .unwrap()
}

#[test]
fn records_round_trip_byte_for_byte_text_and_bytes() {
    let r = records();
    let b = bin(&r);
    // Hand count: 4 + key + 1 + 4 + value + 8 per record.
    let want: usize = r.iter().map(|(k, v)| 17 + k.len() + raw(v).len()).sum();
    assert_eq!(b.len(), want);
    assert_eq!(read_records(&b), (r, 0));
}

#[test]
fn a_damaged_record_is_left_out_alone() {
    let r = records();
    let mut b = bin(&r);
    // The second byte of the first value: inside the first record only.
    let at = 4 + r[0].0.len() + 1 + 4 + 1;
    b[at] ^= 0x40;
    let (got, damaged) = read_records(&b);
    assert_eq!(damaged, 1);
    assert_eq!(got, r[1..].to_vec());
    // The file's digest says it changed; the manifest still reads.
    let (_, whole) = check(&manifest_for(&bin(&r), 3), &b).unwrap();
    assert!(!whole);
}

#[test]
fn each_bad_backup_gets_its_own_refusal() {
    let b = bin(&records());
    let good = manifest_for(&b, 3);
    assert!(check(&good, &b).unwrap().1);
    // A later format, whatever else it says.
    let newer = good.replace(&format!("\"format\":{FORMAT}"), "\"format\":7");
    assert_eq!(check(&newer, &b), Err(BackupError::Newer(7)));
    assert_eq!(
        check(r#"{"format":7,"anything":"else"}"#, &b),
        Err(BackupError::Newer(7))
    );
    // Cut short: fewer bytes than it lists.
    let cut = &b[..b.len() - 5];
    assert_eq!(
        check(&good, cut),
        Err(BackupError::Truncated {
            got: cut.len() as u64,
            want: b.len() as u64
        })
    );
    // The records before the cut still read; the cut one does not.
    assert_eq!(read_records(cut), (records()[..2].to_vec(), 0));
    assert!(matches!(
        check("{\"format\":1", &b),
        Err(BackupError::Manifest(_))
    ));
    assert!(matches!(check("[1,2]", &b), Err(BackupError::Manifest(_))));
    for e in [
        BackupError::Newer(7),
        BackupError::Truncated { got: 1, want: 2 },
        BackupError::OtherPerson("google: A, B".into()),
    ] {
        assert!(
            e.to_string().to_lowercase().contains("nothing was changed"),
            "{e}"
        );
    }
}

#[test]
fn no_token_or_sign_in_state_is_carried() {
    for key in [
        "fitdata.v1.tokens.google",
        "fitdata.v1.tokens.fitbit",
        "fitdata.v1.client.google",
        "fitdata.v1.pending",
        "fitdata.v1.signed-out",
        "fitdata.v1.refresh.google",
        "fitdata.ledger",
        "fitdata.backup.last",
        "fitdata.import.pending",
    ] {
        assert!(!carried(key), "{key}");
    }
    for key in [
        "fitdata.import.saved",
        "fitdata.account.google",
        "fitdata.account.import",
        "fitdata.devices.fitbit",
    ] {
        assert!(carried(key), "{key}");
    }
}

#[test]
fn another_persons_account_is_named_and_the_same_is_not() {
    let m = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        other_person(&m(&[("google", "B")]), &m(&[("google", "A")])).as_deref(),
        Some("google: A in this browser, B in the backup")
    );
    assert_eq!(
        other_person(&m(&[("google", "A")]), &m(&[("google", "A")])),
        None
    );
    assert_eq!(
        other_person(&m(&[("google", "A")]), &m(&[("fitbit", "Z")])),
        None
    );
    assert_eq!(other_person(&m(&[]), &m(&[("fitbit", "Z")])), None);
}

#[test]
fn a_newer_copy_of_a_day_wins_and_an_older_backup_undoes_nothing() {
    let rec = |ms: i64| {
        let p = codec::encode(&crate::model::Payload::Samples(Vec::new())).unwrap();
        Value::Bytes(DayRecord::final_bytes(&p, None, ms).unwrap())
    };
    let (old, new) = (rec(1_000), rec(2_000));
    assert_eq!(fetched_ms(&old), Some(1_000));
    assert!(replaces(&old, None, fetched_ms));
    assert!(replaces(&new, Some(&old), fetched_ms));
    assert!(!replaces(&old, Some(&new), fetched_ms));
    assert!(!replaces(&new, Some(&new), fetched_ms));
}

#[test]
fn the_panel_says_when_and_reminds_after_many_new_days() {
    let l = Last {
        created_ms: 1_764_979_200_000, // 2025-12-06 00:00 UTC
        records: 1_000,
    };
    let (t, remind) = last_text(Some(l), 1_000 + REMIND_AFTER - 1);
    assert!(
        t.starts_with("Last backup saved 2025-12-06, with 1000 day records."),
        "{t}"
    );
    assert!(!remind);
    let (t, remind) = last_text(Some(l), 1_000 + REMIND_AFTER);
    assert!(
        remind && t.contains(&format!("{REMIND_AFTER} day records were stored since")),
        "{t}"
    );
    assert!(last_text(None, 5).1);
    assert!(!last_text(None, 0).1);
    assert_eq!(
        file_name(1_764_979_200_000),
        "fitdata-backup-2025-12-06.zip"
    );
}

/// The records an import stores, keyed and encoded as the page stores them.
fn stored_by_import(files: &[(String, Vec<u8>)]) -> Vec<(String, Value)> {
    let listing: Vec<Listed> = files
        .iter()
        .map(|(p, b)| Listed::new(p, b.len() as u64))
        .collect();
    let mut job = Job::new(listing, 0).unwrap();
    let mut out = BTreeMap::new();
    loop {
        match job.step(|i| Ok(files[i].1.clone())) {
            Step::Read { days, .. } => {
                // A recorder's copy under its own key, and the day that counts under the
                // type's, as the page stores them (`sync::recorders`).
                let copies: Vec<_> = days
                    .iter()
                    .filter(|d| d.origin.as_ref().is_some_and(|o| o.recorder.is_some()))
                    .cloned()
                    .collect();
                let counted = crate::model::recorders::resolve(copies.clone(), &Default::default());
                for (d, copy) in copies
                    .into_iter()
                    .map(|d| (d, true))
                    .chain(counted.into_iter().map(|d| (d, false)))
                    .chain(
                        days.into_iter()
                            .filter(|d| d.origin.as_ref().is_none_or(|o| o.recorder.is_none()))
                            .map(|d| (d, false)),
                    )
                {
                    let key = DayKey {
                        source: Source::Import,
                        user: USER.to_string(),
                        kind: d.kind,
                        day: d.date,
                    };
                    let id = match d.origin.as_ref().and_then(|o| o.recorder.as_deref()) {
                        Some(r) if copy => key.recorder_id(r),
                        _ => key.id(),
                    };
                    let p = codec::encode(&d.payload).unwrap();
                    let bytes =
                        DayRecord::final_bytes(&p, d.origin.as_ref(), 1_765_000_000_000).unwrap();
                    out.insert(id, Value::Bytes(bytes));
                }
            }
            Step::Failed { .. } => {}
            Step::Done => break,
        }
    }
    out.into_iter().collect()
}

fn round_trips(records: Vec<(String, Value)>) {
    assert!(!records.is_empty());
    let b = bin(&records);
    let (m, whole) = check(&manifest_for(&b, records.len() as u64), &b).unwrap();
    assert!(whole);
    assert_eq!(m.records, records.len() as u64);
    let (back, damaged) = read_records(&b);
    assert_eq!(damaged, 0);
    assert_eq!(back, records);
}

#[test]
fn the_synthetic_persons_year_round_trips_byte_for_byte() {
    let p = fitdata_synth::Person::berlin(7);
    let to = p.first_day + chrono::Duration::days(364);
    let files = fitdata_synth::export::files(
        &p,
        fitdata_synth::export::Layout::TakeoutFitbit,
        &[(p.first_day, to)],
    );
    let records = stored_by_import(&files);
    assert!(records.len() > 365 * 5, "{}", records.len());
    round_trips(records);
}

#[test]
fn the_shared_samples_imports_round_trip_byte_for_byte() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/takeout-samples");
    let Ok(sets) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: ../shared/takeout-samples is absent");
        return;
    };
    for set in sets.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let mut files = Vec::new();
        let mut stack = vec![set.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(&set).unwrap().to_string_lossy().into_owned();
                    files.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        files.sort();
        round_trips(stored_by_import(&files));
    }
}
