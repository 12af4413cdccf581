//! The route against a hand-worked TCX, and its GPX read back by gpxpy (PyPI).

use super::*;

/// Four trackpoints, one without a position (a GPS dropout): 0, 600, 1200 and 2100 m, due
/// north, 0.01° of latitude (1,111.95 m on the mean sphere) apart but the device's own metres.
const TCX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
 <Activities><Activity Sport="Running"><Id>2026-03-01T17:00:00.000Z</Id>
  <Lap StartTime="2026-03-01T17:00:00.000Z"><Track>
   <Trackpoint><Time>2026-03-01T18:00:00.500+01:00</Time><Position><LatitudeDegrees>48.00</LatitudeDegrees><LongitudeDegrees>11.00</LongitudeDegrees></Position><AltitudeMeters>500.0</AltitudeMeters><DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>120</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2026-03-01T17:01:00Z</Time><HeartRateBpm><Value>130</Value></HeartRateBpm></Trackpoint>
   <Trackpoint><Time>2026-03-01T17:02:00Z</Time><Position><LatitudeDegrees>48.01</LatitudeDegrees><LongitudeDegrees>11.00</LongitudeDegrees></Position><AltitudeMeters>501.5</AltitudeMeters><DistanceMeters>600</DistanceMeters></Trackpoint>
  </Track></Lap>
  <Lap StartTime="2026-03-01T17:03:00.000Z"><Track>
   <Trackpoint><Time>2026-03-01T17:04:00Z</Time><Position><LatitudeDegrees>48.02</LatitudeDegrees><LongitudeDegrees>11.00</LongitudeDegrees></Position><DistanceMeters>1200</DistanceMeters></Trackpoint>
   <Trackpoint><Time>2026-03-01T17:06:00Z</Time><Position><LatitudeDegrees>48.03</LatitudeDegrees><LongitudeDegrees>11.00</LongitudeDegrees></Position><DistanceMeters>2100</DistanceMeters></Trackpoint>
  </Track></Lap>
 </Activity></Activities>
</TrainingCenterDatabase>"#;

#[test]
fn a_tcx_gives_its_placed_trackpoints_in_order_across_laps() {
    let f = from_tcx(TCX).unwrap();
    assert_eq!(f.len(), 4, "the dropout is not a place");
    // 18:00:00.500 at +01:00 is 17:00:00.500 UTC.
    assert_eq!(f[0].t_ms, 1_772_384_400_500);
    assert_eq!(
        (f[0].lat, f[0].lon, f[0].altitude_m, f[0].bpm),
        (48.0, 11.0, Some(500.0), Some(120.0))
    );
    assert_eq!(f[1].t_ms, 1_772_384_520_000);
    assert_eq!(
        (f[2].altitude_m, f[2].bpm, f[3].distance_m),
        (None, None, Some(2100.0))
    );
}

#[test]
fn markers_fall_where_the_devices_metres_pass_each_kilometre() {
    let f = from_tcx(TCX).unwrap();
    let m = markers(&f, 1000.0);
    // 1 km: 400 of the 600 m from the second fix to the third; 2 km: 800 of 900 from the third.
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].0, 1);
    assert!(
        (m[0].1 - (48.01 + 0.01 * 400.0 / 600.0)).abs() < 1e-12,
        "{:?}",
        m[0]
    );
    assert!(
        (m[1].1 - (48.02 + 0.01 * 800.0 / 900.0)).abs() < 1e-12,
        "{:?}",
        m[1]
    );
    // A mile: one marker, 1,609.344 m: 409.344 of the 900 m from the third fix.
    let mile = markers(&f, 1609.344);
    assert_eq!(mile.len(), 1);
    assert!((mile[0].1 - (48.02 + 0.01 * 409.344 / 900.0)).abs() < 1e-12);
}

#[test]
fn without_the_devices_metres_the_distance_is_the_straight_lines() {
    let mut f = from_tcx(TCX).unwrap();
    f[3].distance_m = None;
    let d = distances(&f);
    // 0.01° of latitude on a sphere of 6,371 km: 6,371,000 × π / 18,000 m.
    let step = 6_371_000.0 * std::f64::consts::PI / 18_000.0;
    assert!((d[3] - 3.0 * step).abs() < 1e-6, "{d:?}");
    // On the flat map the track runs due north from the origin, the metres the same.
    let xy = flat(&f);
    assert_eq!(xy[0], (0.0, 0.0));
    assert!(xy[3].0.abs() < 1e-9 && (xy[3].1 - 3.0 * step).abs() < 1e-6);
}

#[test]
fn no_tcx_no_route_and_a_reason() {
    assert!(matches!(from_tcx("<gpx/>"), Err(RouteError::NotTcx(_))));
    assert!(matches!(
        from_tcx("<TrainingCenterDatabase>"),
        Err(RouteError::Xml(_))
    ));
    let bad = TCX.replace("2026-03-01T17:02:00Z", "yesterday");
    assert!(matches!(from_tcx(&bad), Err(RouteError::Time(_))));
}

/// The GPX read back by gpxpy (PyPI), an independent reader: every point's place, elevation
/// and time, the track's name, and its length by gpxpy's own great-circle sum.
#[test]
fn a_gpx_reads_back_in_gpxpy() {
    let Some(python) = crate::model::pyoracle::python_with("gpxpy") else {
        return;
    };
    let f = from_tcx(TCX).unwrap();
    let file = gpx(&f, "Run <& friends>");
    let script = r#"
import sys, json, gpxpy
g = gpxpy.parse(sys.stdin.read())
t = g.tracks[0]
pts = [[p.latitude, p.longitude, p.elevation, p.time.timestamp()] for p in t.segments[0].points]
print(json.dumps({"name": t.name, "points": pts, "length": g.length_2d()}))
"#;
    let out: serde_json::Value = serde_json::from_str(&crate::model::pyoracle::run(
        &python,
        script,
        file.as_bytes(),
    ))
    .unwrap();
    assert_eq!(out["name"], "Run <& friends>");
    let pts = out["points"].as_array().unwrap();
    assert_eq!(pts.len(), f.len());
    for (p, w) in pts.iter().zip(&f) {
        assert!((p[0].as_f64().unwrap() - w.lat).abs() < 1e-7);
        assert!((p[1].as_f64().unwrap() - w.lon).abs() < 1e-7);
        assert_eq!(p[2].as_f64(), w.altitude_m);
        assert!((p[3].as_f64().unwrap() * 1000.0 - w.t_ms as f64).abs() < 1.0);
    }
    // gpxpy's Earth is 6,378.137 km round, ours 6,371: the same length to 0.2 %.
    let ours = 3.0 * 6_371_000.0 * std::f64::consts::PI / 18_000.0;
    let theirs = out["length"].as_f64().unwrap();
    assert!(
        (theirs / ours - 1.0).abs() < 0.002,
        "{theirs} against {ours}"
    );
}
