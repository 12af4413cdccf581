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

#[test]
fn zone_bounds_are_read_from_cells_that_are_not_json() {
    // The real form (patina), a 1970 placeholder, zones out of order, a cell that is no list,
    // and a later row for a date already read (the later one is kept).
    let csv = concat!(
        "timestamp,heart_rate_zone,data source\n",
        "2026-03-19T00:00:00Z,\"{\"\"heart_rate_zone_type\"\": LIGHT, \"\"min_heart_rate_bpm\"\": 30, \"\"max_heart_rate_bpm\"\": 109},",
        "{\"\"heart_rate_zone_type\"\": MODERATE, \"\"min_heart_rate_bpm\"\": 110, \"\"max_heart_rate_bpm\"\": 134},",
        "{\"\"heart_rate_zone_type\"\": VIGOROUS, \"\"min_heart_rate_bpm\"\": 135, \"\"max_heart_rate_bpm\"\": 165},",
        "{\"\"heart_rate_zone_type\"\": PEAK, \"\"min_heart_rate_bpm\"\": 166, \"\"max_heart_rate_bpm\"\": 220}\",Fitbit App\n",
        "1970-01-02T00:00:00Z,\"{\"\"heart_rate_zone_type\"\": MODERATE, \"\"min_heart_rate_bpm\"\": 1},{\"\"heart_rate_zone_type\"\": VIGOROUS, \"\"min_heart_rate_bpm\"\": 2},{\"\"heart_rate_zone_type\"\": PEAK, \"\"min_heart_rate_bpm\"\": 3}\",Fitbit App\n",
        "2026-03-20T00:00:00Z,\"{\"\"heart_rate_zone_type\"\": PEAK, \"\"min_heart_rate_bpm\"\": 120},{\"\"heart_rate_zone_type\"\": MODERATE, \"\"min_heart_rate_bpm\"\": 130},{\"\"heart_rate_zone_type\"\": VIGOROUS, \"\"min_heart_rate_bpm\"\": 140}\",Fitbit App\n",
        "2026-03-21T00:00:00Z,not a list,Fitbit App\n",
        "2026-03-22T00:00:00Z,\"{\"\"heart_rate_zone_type\"\": moderate, \"\"min_heart_rate_bpm\"\": \"\"97\"\"},{\"\"heart_rate_zone_type\"\": VIGOROUS, \"\"min_heart_rate_bpm\"\": 1.28e2},{\"\"heart_rate_zone_type\"\": PEAK, \"\"min_heart_rate_bpm\"\": 157}\",Fitbit App\n",
        "2026-03-19T00:00:00Z,\"{\"\"heart_rate_zone_type\"\": MODERATE, \"\"min_heart_rate_bpm\"\": 111},{\"\"heart_rate_zone_type\"\": VIGOROUS, \"\"min_heart_rate_bpm\"\": 136},{\"\"heart_rate_zone_type\"\": PEAK, \"\"min_heart_rate_bpm\"\": 167}\",Fitbit App\n",
    );
    let days = Importer::new()
        .read(
            Role::ZoneBounds,
            "daily_heart_rate_zones.csv",
            csv.as_bytes(),
        )
        .unwrap();
    let got: Vec<(String, [f64; 3])> = days
        .iter()
        .map(|d| match &d.payload {
            Payload::Zones(z) => {
                assert_eq!(
                    (d.kind, z.len(), z[0].date),
                    (Kind::HeartRateZones, 1, d.date)
                );
                (d.date.to_string(), z[0].bounds)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-03-19".to_string(), [111.0, 136.0, 167.0]),
            ("2026-03-22".to_string(), [97.0, 128.0, 157.0]),
        ]
    );
}
