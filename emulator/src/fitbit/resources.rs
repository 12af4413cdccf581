//! The data endpoints' dispatch: which resource a path asks for, and its answer.

use super::*;

pub(super) async fn data(
    State(shared): State<Shared>,
    Path((version, user, rest)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let mut st = shared.lock();
    let token = match bearer(&mut st, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if user != "-" && user != FITBIT_USER {
        return fitbit_error(
            StatusCode::FORBIDDEN,
            "insufficient_permissions",
            &format!(
                "API client is not authorized by Fitbit to access the resource requested. {DOCS}"
            ),
        );
    }
    let verdict = st.rate_check(
        &format!("fitbit:{FITBIT_USER}:{}", token.client_id),
        RATE_LIMIT_PER_HOUR,
        3600,
    );
    if !verdict.allowed {
        let mut r = json(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({"errors": [{"errorType": "system", "fieldName": "n/a", "message": "Too Many Requests"}], "success": false}),
        );
        rate_headers(&mut r, 0, verdict.reset_in);
        if let Ok(v) = HeaderValue::from_str(&verdict.reset_in.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    let q = parse_pairs(q.as_deref().unwrap_or(""));
    let query = Query {
        utc: first(&q, "timezone") == Some("UTC"),
        us_units: headers
            .get("accept-language")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() == "en_US"),
    };
    let origin = shared.origins.api_fitbit.clone();
    let mut response = route(&mut st, &version, &rest, &q, &query, &token, &origin);
    rate_headers(&mut response, verdict.remaining, verdict.reset_in);
    response
}

pub(super) fn route(
    st: &mut EmuState,
    version: &str,
    rest: &str,
    q: &HashMap<String, Vec<String>>,
    query: &Query,
    token: &crate::auth_store::AccessToken,
    origin: &str,
) -> Response {
    let scope_check = |scope: &str, what: &str| -> Result<(), Response> {
        if token.scopes.contains(scope) {
            Ok(())
        } else {
            Err(fitbit_error(
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                &format!("This application does not have permission to access {what} data. {DOCS}"),
            ))
        }
    };
    let intraday_ok = {
        let client_type = st.auth.client(&token.client_id).map(|c| c.client_type);
        client_type == Some(ClientType::FitbitPersonal) || st.fitbit_intraday_approved
    };
    let intraday_gate = || -> Result<(), Response> {
        if intraday_ok {
            Ok(())
        } else {
            Err(fitbit_error(StatusCode::FORBIDDEN, "insufficient_permissions", &format!("API client is not authorized by Fitbit to access the resource requested. {DOCS}")))
        }
    };
    let now = st.now();
    let p = &st.person;
    let today = p.civil_date(now);
    let segs: Vec<&str> = rest.trim_end_matches(".json").split('/').collect();
    let result: Result<Value, Response> = (|| {
        match (version, segs.as_slice()) {
        ("1", ["profile"]) => {
            scope_check("profile", "profile")?;
            let zone = p.zone_at(now);
            Ok(json!({"user": {
                "encodedId": FITBIT_USER, "displayName": "Emulated E.", "fullName": "Emulated Person", "age": Person::AGE,
                "timezone": zone.name(), "offsetFromUTCMillis": i64::from(p.offset_at(now).local_minus_utc()) * 1000,
                "locale": "en_GB", "distanceUnit": "METRIC", "weightUnit": "METRIC", "heightUnit": "METRIC",
                "memberSince": p.first_day.to_string(), "strideLengthWalking": 76.0, "strideLengthRunning": 115.0,
                "averageDailySteps": 9000
            }}))
        }
        ("1", ["devices"]) => {
            scope_check("settings", "settings")?;
            let last = local_iso(now - 900, p.offset_at(now - 900));
            Ok(json!([{"battery": "High", "batteryLevel": 78, "deviceVersion": "Charge 6", "features": [], "id": "2781394713",
                        "lastSyncTime": last, "mac": "C0FFEE123456", "type": "TRACKER"}]))
        }
        ("1", ["activities", "heart", "date", rest @ ..]) => {
            scope_check("heartrate", "heartrate")?;
            heart(p, rest, query, today, intraday_gate)
        }
        ("1", ["activities", "active-zone-minutes", "date", rest @ ..]) => {
            scope_check("activity", "activity")?;
            azm(p, rest, query, today, intraday_gate)
        }
        ("1", ["activities", resource, "date", rest @ ..]) if ACTIVITY_RESOURCES.contains(resource) => {
            scope_check("activity", "activity")?;
            activity(p, resource, rest, query, today, intraday_gate)
        }
        ("1", ["hrv", "date", rest @ ..]) => {
            scope_check("heartrate", "heartrate")?;
            nightly(p, Nightly::Hrv, rest, today, &intraday_gate)
        }
        ("1", ["spo2", "date", rest @ ..]) => {
            scope_check("oxygen_saturation", "oxygen_saturation")?;
            nightly(p, Nightly::Spo2, rest, today, &intraday_gate)
        }
        ("1", ["br", "date", rest @ ..]) => {
            scope_check("respiratory_rate", "respiratory_rate")?;
            nightly(p, Nightly::BreathingRate, rest, today, &intraday_gate)
        }
        ("1", ["temp", "skin", "date", rest @ ..]) => {
            scope_check("temperature", "temperature")?;
            nightly(p, Nightly::SkinTemp, rest, today, &intraday_gate)
        }
        ("1", ["cardioscore", "date", rest @ ..]) => {
            scope_check("cardio_fitness", "cardio_fitness")?;
            let (start, end) = date_range(rest, today, 30, p.first_day)?;
            let days: Vec<Value> = dates(start, end)
                .filter_map(|d| p.vo2_max(d).map(|v| json!({"dateTime": d.to_string(), "value": {"vo2Max": format!("{}-{}", v.floor() as i64 - 2, v.floor() as i64 + 2)}})))
                .collect();
            Ok(json!({"cardioScore": days}))
        }
        ("1", ["body", "log", kind @ ("weight" | "fat"), "date", rest @ ..]) => {
            scope_check("weight", "weight")?;
            let (start, end) = date_range(rest, today, if *kind == "weight" { 31 } else { 30 }, p.first_day)?;
            let logs: Vec<Value> = dates(start, end)
                .filter_map(|d| p.weigh_in(d).map(|w| (d, w)))
                .map(|(d, w)| {
                    let time = clock(p, w.t, false);
                    // en_US: pounds, to Fitbit's two decimals.
                    let weight = if query.us_units { (w.weight_kg / 0.453_592_37 * 100.0).round() / 100.0 } else { w.weight_kg };
                    if *kind == "weight" {
                        json!({"bmi": (w.weight_kg / (1.78 * 1.78) * 100.0).round() / 100.0, "date": d.to_string(), "fat": w.body_fat_pct,
                               "logId": w.t * 1000, "source": "Aria", "time": time, "weight": weight})
                    } else {
                        json!({"date": d.to_string(), "fat": w.body_fat_pct, "logId": w.t * 1000, "source": "Aria", "time": time})
                    }
                })
                .collect();
            Ok(json!({ *kind: logs }))
        }
        // v1, as python-fitbit's `get_sleep(date)` asks: classic logs with `minuteData`.
        ("1", ["sleep", "date", d]) => {
            scope_check("sleep", "sleep")?;
            let date = parse_date(d, today)?;
            let logs: Vec<Value> = p.sleeps_ending_on(date).iter().map(|s| sleep_log_v1(p, s)).collect();
            let sum = |k: &str| logs.iter().map(|l| l[k].as_i64().unwrap_or(0)).sum::<i64>();
            let summary = json!({"totalMinutesAsleep": sum("minutesAsleep"), "totalSleepRecords": logs.len(), "totalTimeInBed": sum("timeInBed")});
            Ok(json!({"sleep": logs, "summary": summary}))
        }
        ("1.2", ["sleep", "date", d]) => {
            scope_check("sleep", "sleep")?;
            let date = parse_date(d, today)?;
            let logs: Vec<Value> = p.sleeps_ending_on(date).iter().map(|s| sleep_log(p, s)).collect();
            let summary = sleep_summary(&logs);
            Ok(json!({"sleep": logs, "summary": summary}))
        }
        ("1.2", ["sleep", "date", a, b]) => {
            scope_check("sleep", "sleep")?;
            let (start, end) = (parse_date(a, today)?, parse_date(b, today)?);
            if end < start || (end - start).num_days() >= 100 {
                return Err(validation("The date range must be at most 100 days, and end must not be before start."));
            }
            let mut logs = Vec::new();
            let mut d = start;
            while d <= end {
                logs.extend(p.sleeps_ending_on(d).iter().map(|s| sleep_log(p, s)));
                d = fitdata_synth::add_days(d, 1);
            }
            // The newest night first, as the real endpoint lists them.
            logs.reverse();
            Ok(json!({"sleep": logs}))
        }
        ("1.2", ["sleep", "list"]) => {
            scope_check("sleep", "sleep")?;
            sleep_list(p, q, today, origin)
        }
        _ => Err(fitbit_error(StatusCode::NOT_FOUND, "not_found", &format!("The API you are requesting could not be found (/{version}/user/-/{rest}). The emulator serves: profile, devices, heart and activity series and intraday, AZM, HRV, SpO2, breathing rate, skin temperature, VO2 max, body logs, sleep v1 and v1.2."))),
    }
    })();
    match result {
        Ok(v) => json(StatusCode::OK, &v),
        Err(r) => r,
    }
}
