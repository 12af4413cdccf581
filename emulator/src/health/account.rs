//! Who the user is: identity, settings, profile and paired devices.

use super::*;

pub(super) async fn identity(State(shared): State<Shared>, caller: Caller) -> Response {
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &[]) {
        return r;
    }
    json(
        StatusCode::OK,
        &json!({"name": "users/me/identity", "healthUserId": GOOGLE_USER, "legacyUserId": crate::auth_store::FITBIT_USER}),
    )
}

pub(super) async fn settings(State(shared): State<Shared>, caller: Caller) -> Response {
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &["settings.readonly"]) {
        return r;
    }
    let now = st.now();
    let zone = st.person.zone_at(now);
    let offset = st.person.offset_at(now).local_minus_utc();
    // Prefixed enums, as recorded and as the discovery document lists them.
    let (distance, weight, temperature, height, water, locale) = match st.google.units {
        UnitSystem::Metric => (
            "KILOMETERS",
            "KILOGRAMS",
            "CELSIUS",
            "CENTIMETERS",
            "ML",
            "en-GB",
        ),
        UnitSystem::Us => ("MILES", "POUNDS", "FAHRENHEIT", "INCHES", "FL_OZ", "en-US"),
        UnitSystem::Uk => ("MILES", "STONE", "CELSIUS", "CENTIMETERS", "ML", "en-GB"),
    };
    json(
        StatusCode::OK,
        &json!({
            "name": "users/me/settings", "timeZone": zone.name(), "utcOffset": format!("{offset}s"),
            "distanceUnit": format!("DISTANCE_UNIT_{distance}"), "weightUnit": format!("WEIGHT_UNIT_{weight}"),
            "heightUnit": format!("HEIGHT_UNIT_{height}"), "temperatureUnit": format!("TEMPERATURE_UNIT_{temperature}"),
            "waterUnit": format!("WATER_UNIT_{water}"), "languageLocale": locale, "foodLanguageCode": locale,
            "autoStrideEnabled": true, "strideLengthWalkingType": "STRIDE_LENGTH_TYPE_DEFAULT",
            "strideLengthRunningType": "STRIDE_LENGTH_TYPE_DEFAULT", "glucoseUnit": "GLUCOSE_UNIT_MG_DL"
        }),
    )
}

pub(super) async fn profile(State(shared): State<Shared>, caller: Caller) -> Response {
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &["profile.readonly"]) {
        return r;
    }
    let first = st.person.first_day;
    json(
        StatusCode::OK,
        &json!({"name": "users/me/profile", "age": 38, "membershipStartDate": date_json(first),
                "userConfiguredWalkingStrideLengthMm": 760, "userConfiguredRunningStrideLengthMm": 1150}),
    )
}

pub(super) async fn paired_devices(
    State(shared): State<Shared>,
    RawQuery(q): RawQuery,
    caller: Caller,
) -> Response {
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &["settings.readonly"]) {
        return r;
    }
    let get = match method_query(q.as_deref(), &["pageSize", "pageToken"]) {
        Ok(get) => get,
        Err(r) => return r,
    };
    // A page of `pageSize` devices (all when 0 or absent); the token is the next index.
    let size = match get("pageSize").as_str() {
        "" => 0,
        s => match s.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return invalid_argument("Invalid page size.", "INVALID_ARGUMENT"),
        },
    };
    let from = match get("pageToken").as_str() {
        "" => 0,
        t => match t.parse::<usize>() {
            Ok(n) => n,
            Err(_) => return invalid_argument("Invalid page token.", "INVALID_ARGUMENT"),
        },
    };
    let last_sync = rfc3339(st.now() - 900);
    let all = [
        json!({"name": "users/me/pairedDevices/2781394713", "deviceType": "TRACKER", "deviceVersion": "Charge 6", "batteryLevel": 78,
             "batteryStatus": "High", "lastSyncTime": last_sync, "macAddress": "C0:FF:EE:12:34:56", "features": ["HEART_RATE", "SPO2"]}),
        json!({"name": "users/me/pairedDevices/9910442211", "deviceType": "SCALE", "deviceVersion": "Aria Air", "batteryLevel": 55,
             "batteryStatus": "Medium", "lastSyncTime": last_sync, "macAddress": "C0:FF:EE:65:43:21", "features": []}),
    ];
    let to = if size == 0 {
        all.len()
    } else {
        (from + size).min(all.len())
    };
    let page: Vec<Value> = all.get(from.min(all.len())..to).unwrap_or(&[]).to_vec();
    let mut body = json!({ "pairedDevices": page });
    if to < all.len() {
        body["nextPageToken"] = json!(to.to_string());
    }
    json(StatusCode::OK, &body)
}
