//! Tests of `sources::fitbit`: decoding the answers of every endpoint the app reads.

use super::*;

#[test]
fn decodes_profile() {
    let p = decode_profile(r#"{"user":{"encodedId":"GGNJL9","timezone":"Europe/Berlin","offsetFromUTCMillis":3600000,"age":38}}"#).unwrap();
    assert_eq!(
        (p.encoded_id.as_str(), p.timezone.as_deref()),
        ("GGNJL9", Some("Europe/Berlin"))
    );
    assert_eq!(p.age, Some(38));
    assert!(decode_profile(r#"{"errors":[]}"#).is_err());
    // The reference's devices example.
    let d = decode_devices(r#"[{"battery":"High","batteryLevel":78,"deviceVersion":"Charge 6","features":[],"id":"2781394713","lastSyncTime":"2026-11-21T19:45:00.000","mac":"C0FFEE123456","type":"TRACKER"}]"#).unwrap();
    assert_eq!(
        (
            d[0].device_version.as_str(),
            d[0].battery_level,
            d[0].kind.as_str()
        ),
        ("Charge 6", Some(78), "TRACKER")
    );
    assert!(decode_devices("{}").is_err());
}
