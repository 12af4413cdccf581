//! The readers' own parsing rules: times by position, legacy dates.

use super::*;

#[test]
fn iso_times_read_by_position_equal_chronos_parse() {
    for s in [
        "2026-04-06T08:44:03Z",
        "2026-04-06 08:44:03+0000",
        "2026-03-29T01:59:59",
        "2024-02-29T23:00:00",
    ] {
        let body = s.trim_end_matches('Z').trim_end_matches("+0000");
        let fmt = if body.contains('T') {
            "%Y-%m-%dT%H:%M:%S"
        } else {
            "%Y-%m-%d %H:%M:%S"
        };
        assert_eq!(
            csv_time(s),
            NaiveDateTime::parse_from_str(body, fmt).ok(),
            "{s}"
        );
    }
    // Not a time: never a made-up one.
    for s in [
        "2026-02-30T00:00:00",
        "2026-04-06T24:00:00",
        "2026-04-06T08:4a:03",
        "2026-4-06T08:44:03",
    ] {
        assert_eq!(iso_seconds(s.as_bytes()), None, "{s}");
    }
    // Fractions and minutes-only forms still go to the format parser.
    assert_eq!(
        csv_time("2026-04-06T08:44:03.602062Z").map(|t| t.and_utc().timestamp_micros() % 1_000_000),
        Some(602_062)
    );
    assert_eq!(
        csv_time("2026-04-06T08:44").map(|t| t.to_string()),
        Some("2026-04-06 08:44:00".into())
    );
    assert_eq!(
        iso_seconds(b"2026-04-06T08:44").map(|t| t.to_string()),
        Some("2026-04-06 08:44:00".into())
    );
}

#[test]
fn legacy_times_are_read_by_position_and_bad_ones_refused() {
    let t = legacy_time("04/08/26 04:00:01").unwrap();
    assert_eq!(t.to_string(), "2026-04-08 04:00:01");
    assert_eq!(
        legacy_time(" 12/31/99 23:59:59 ").unwrap().to_string(),
        "2099-12-31 23:59:59"
    );
    for bad in [
        "",
        "04/08/2026 04:00:01",
        "13/08/26 04:00:01",
        "04/08/26 24:00:01",
        "04-08-26 04:00:01",
        "0a/08/26 04:00:01",
        "04/08/26 04:00:0\u{e9}",
    ] {
        assert!(legacy_time(bad).is_none(), "{bad}");
    }
}
