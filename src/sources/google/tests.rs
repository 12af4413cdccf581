//! Tests of `sources::google`: decoding the answers of every endpoint the app reads.

use super::*;

#[test]
fn decodes_identity_and_settings() {
    let i: Identity =
        decode(r#"{"name":"users/me/identity","healthUserId":"u1","legacyUserId":"GGNJL9"}"#)
            .unwrap();
    assert_eq!(i.health_user_id, "u1");
    let s: Settings = decode(r#"{"name":"users/me/settings","timeZone":"Europe/Berlin","utcOffset":"3600s","distanceUnit":"KILOMETERS"}"#).unwrap();
    assert_eq!(s.time_zone.as_deref(), Some("Europe/Berlin"));
    let p: Profile = decode(r#"{"name":"users/me/profile","age":38,"membershipStartDate":{"year":2024,"month":1,"day":5}}"#).unwrap();
    assert_eq!(p.age, Some(38));
    let d: Devices = decode(r#"{"pairedDevices":[{"name":"users/me/pairedDevices/1","deviceType":"TRACKER","deviceVersion":"Charge 6","batteryLevel":78,"batteryStatus":"HIGH","lastSyncTime":"2026-11-21T18:45:00Z","features":["HEART_RATE"]}]}"#).unwrap();
    assert_eq!(
        (
            d.paired_devices[0].battery_level,
            d.paired_devices[0].last_sync_time.as_deref()
        ),
        (Some(78), Some("2026-11-21T18:45:00Z"))
    );
    assert_eq!(decode::<Devices>("{}").unwrap().paired_devices, vec![]);
    assert!(matches!(
        decode::<Identity>(r#"{"name":"users/me/iden"#),
        Err(ApiError::Decode { .. })
    ));
}
