//! The emulator against an oracle no one here wrote: Google's discovery document for `health`
//! v4 (shipped in `google-api-python-client` on PyPI; `make setup` fetches it into `.cache/`,
//! and it is never committed). Every request below, and every request the app's own builders
//! make, must be a documented method with documented parameters and body; every answer must
//! have the documented types (int64 as strings, enums, formats), no unknown field, and every
//! field the schema calls required.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use common::*;
use fitdata::sources::google::requests;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn doc_path() -> PathBuf {
    std::env::var_os("FITDATA_DISCOVERY").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.cache/discovery/health.v4.json"),
        PathBuf::from,
    )
}

/// The document, or `None` (the test then reports itself skipped, unless `make test` asks for
/// it with FITDATA_REQUIRE_DISCOVERY=1: there it must be present).
fn load_doc() -> Option<Value> {
    match std::fs::read_to_string(doc_path()) {
        Ok(text) => Some(serde_json::from_str(&text).expect("discovery document is JSON")),
        Err(e) => {
            assert!(
                std::env::var("FITDATA_REQUIRE_DISCOVERY").as_deref() != Ok("1"),
                "the discovery document is missing at {} ({e}): run `make setup`",
                doc_path().display()
            );
            None
        }
    }
}

/// One documented method.
struct Method {
    id: String,
    http: String,
    /// `flatPath` split on `/`; `{x}` segments match anything (without `/`).
    path: Vec<String>,
    query: Vec<String>,
    request: Option<String>,
    response: Option<String>,
}

fn methods(doc: &Value) -> Vec<Method> {
    fn walk(v: &Value, out: &mut Vec<Method>) {
        if let Some(ms) = v.get("methods").and_then(Value::as_object) {
            for m in ms.values() {
                let params = m["parameters"].as_object().cloned().unwrap_or_default();
                out.push(Method {
                    id: m["id"].as_str().unwrap().into(),
                    http: m["httpMethod"].as_str().unwrap().into(),
                    path: m["flatPath"]
                        .as_str()
                        .unwrap()
                        .split('/')
                        .map(String::from)
                        .collect(),
                    query: params
                        .iter()
                        .filter(|(_, p)| p["location"] == "query")
                        .map(|(k, _)| k.clone())
                        .collect(),
                    request: m["request"]["$ref"].as_str().map(String::from),
                    response: m["response"]["$ref"].as_str().map(String::from),
                });
            }
        }
        if let Some(rs) = v.get("resources").and_then(Value::as_object) {
            for r in rs.values() {
                walk(r, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut out);
    out
}

/// A segment of a flat path: `{usersId}` matches one path segment; a literal must be equal,
/// and `{dataPointsId}:exportExerciseTcx` style segments match the literal suffix.
fn segment_matches(template: &str, actual: &str) -> bool {
    match template.split_once('}') {
        Some((open, rest)) if open.starts_with('{') => {
            if rest.is_empty() {
                !actual.is_empty() && !actual.contains(':')
            } else {
                actual.ends_with(rest) && actual.len() > rest.len()
            }
        }
        _ => template == actual,
    }
}

struct Oracle {
    schemas: BTreeMap<String, Value>,
    methods: Vec<Method>,
    problems: Vec<String>,
    answers: usize,
    requests: usize,
}

impl Oracle {
    fn new(doc: &Value) -> Oracle {
        Oracle {
            schemas: doc["schemas"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            methods: methods(doc),
            problems: Vec::new(),
            answers: 0,
            requests: 0,
        }
    }

    /// Records a discrepancy once (`[3]` and `[4]` of one list are the same place).
    fn problem(&mut self, p: String) {
        let mut out = String::with_capacity(p.len());
        let mut in_index = false;
        for c in p.chars() {
            match c {
                '[' => {
                    in_index = true;
                    out.push('[');
                }
                ']' => {
                    in_index = false;
                    out.push(']');
                }
                _ if in_index && c.is_ascii_digit() => {}
                _ => out.push(c),
            }
        }
        let p = match out.split_once(", got ") {
            Some((head, _)) => head.to_string(),
            None => out,
        };
        if !self.problems.contains(&p) {
            self.problems.push(p);
        }
    }

    /// The documented method for an HTTP method and a URL path (after the host); checks the
    /// query's parameter names and the body against it.
    fn request(&mut self, http: &str, path_and_query: &str, body: Option<&str>) -> Option<usize> {
        self.requests += 1;
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let found = self.methods.iter().position(|m| {
            m.http == http
                && m.path.len() == segs.len()
                && m.path.iter().zip(&segs).all(|(t, a)| segment_matches(t, a))
        });
        let Some(i) = found else {
            self.problem(format!(
                "{http} {path}: no such method in the discovery document"
            ));
            return None;
        };
        for (k, _) in form_urlencoded::parse(query.as_bytes()) {
            if !self.methods[i].query.iter().any(|q| *q == k) {
                let id = self.methods[i].id.clone();
                self.problem(format!("{id}: query parameter {k:?} is not documented"));
            }
        }
        if let (Some(body), Some(schema)) = (body, self.methods[i].request.clone()) {
            let v: Value = serde_json::from_str(body).unwrap();
            let id = self.methods[i].id.clone();
            self.value(&schema, &v, &format!("{id} request"));
        }
        Some(i)
    }

    /// Checks an answer: a 2xx against the method's response schema, an error against the
    /// `google.rpc.Status` envelope.
    fn answer(&mut self, method: Option<usize>, status: u16, body: &str) {
        self.answers += 1;
        let Some(i) = method else { return };
        let id = self.methods[i].id.clone();
        let v: Value = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(e) => return self.problem(format!("{id}: answer is not JSON ({e})")),
        };
        if (200..300).contains(&status) {
            if let Some(schema) = self.methods[i].response.clone() {
                self.value(&schema, &v, &id);
            }
        } else {
            let e = &v["error"];
            let ok = e["code"].as_u64() == Some(u64::from(status))
                && e["message"].is_string()
                && e["status"].is_string()
                && e["details"]
                    .as_array()
                    .is_none_or(|d| d.iter().all(|x| x["@type"].is_string()));
            if !ok {
                self.problem(format!(
                    "{id}: HTTP {status} is not a google.rpc.Status: {v}"
                ));
            }
        }
    }

    /// `v` against the named schema.
    fn value(&mut self, schema: &str, v: &Value, at: &str) {
        let Some(s) = self.schemas.get(schema).cloned() else {
            return self.problem(format!("{at}: unknown schema {schema}"));
        };
        self.typed(&s, v, at);
    }

    /// `v` against a schema or property object.
    fn typed(&mut self, spec: &Value, v: &Value, at: &str) {
        if let Some(r) = spec["$ref"].as_str() {
            return self.value(r, v, at);
        }
        let ty = spec["type"].as_str().unwrap_or("any");
        let format = spec["format"].as_str().unwrap_or("");
        let bad = |what: &str| format!("{at}: {what}, got {}", short(v));
        match ty {
            "object" => {
                let Some(obj) = v.as_object() else {
                    return self.problem(bad("expected an object"));
                };
                if let Some(props) = spec["properties"].as_object() {
                    for (k, x) in obj {
                        match props.get(k) {
                            Some(p) => self.typed(p, x, &format!("{at}.{k}")),
                            None => self.problem(format!("{at}: unknown field {k:?}")),
                        }
                    }
                    for (k, p) in props {
                        let required = p["description"]
                            .as_str()
                            .is_some_and(|d| d.starts_with("Required."));
                        if required && !obj.contains_key(k) {
                            self.problem(format!("{at}: required field {k:?} is missing"));
                        }
                    }
                } else if let Some(extra) = spec.get("additionalProperties") {
                    for (k, x) in obj {
                        self.typed(extra, x, &format!("{at}.{k}"));
                    }
                }
            }
            "array" => match v.as_array() {
                Some(items) => {
                    for (n, x) in items.iter().enumerate() {
                        self.typed(&spec["items"], x, &format!("{at}[{n}]"));
                    }
                }
                None => self.problem(bad("expected an array")),
            },
            "string" => {
                let Some(s) = v.as_str() else {
                    let what = if matches!(format, "int64" | "uint64") {
                        "int64 must be a JSON string"
                    } else {
                        "expected a string"
                    };
                    return self.problem(bad(what));
                };
                let ok = match format {
                    "int64" | "uint64" => s.parse::<i64>().is_ok(),
                    "google-datetime" => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                    "google-duration" => s
                        .strip_suffix('s')
                        .is_some_and(|n| n.parse::<f64>().is_ok_and(f64::is_finite)),
                    "byte" => true,
                    _ => true,
                };
                if !ok {
                    return self.problem(bad(&format!("not a valid {format}")));
                }
                if let Some(allowed) = spec["enum"].as_array() {
                    if !allowed.iter().any(|a| a == s) {
                        self.problem(bad("not one of the enum's values"));
                    }
                }
            }
            "integer" if !(v.is_i64() || v.is_u64()) => {
                self.problem(bad(&format!("expected a JSON integer ({format})")));
            }
            // proto3 JSON writes non-finite doubles as these strings.
            "number" => {
                let sentinel = v
                    .as_str()
                    .is_some_and(|s| matches!(s, "NaN" | "Infinity" | "-Infinity"));
                if !v.is_number() && !sentinel {
                    self.problem(bad("expected a JSON number"));
                }
            }
            "boolean" if !v.is_boolean() => {
                self.problem(bad("expected a boolean"));
            }
            _ => {}
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 80 {
        format!("{}…", &s[..80])
    } else {
        s
    }
}

const ALL: &str = "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly https://www.googleapis.com/auth/googlehealth.sleep.readonly https://www.googleapis.com/auth/googlehealth.settings.readonly https://www.googleapis.com/auth/googlehealth.profile.readonly";
fn connect(emu: &Emu) -> String {
    google_connect(emu, ALL)["access_token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Asks the emulator and checks both the request and the answer; a documented request that
/// gets another status than `expect` is a discrepancy too. Returns the answer.
fn ask_expecting(
    o: &mut Oracle,
    emu: &Emu,
    token: &str,
    (http, path, body): (&str, &str, Option<&str>),
    expect: u16,
) -> Resp {
    let m = o.request(http, path, body);
    let r = match body {
        Some(b) => post_json(&emu.health(path), b, Some(token)),
        None => get(&emu.health(path), Some(token)),
    };
    o.answer(m, r.status, &r.body);
    if m.is_some() && r.status != expect {
        let short_path = path.split('?').next().unwrap_or(path);
        o.problem(format!(
            "{http} {short_path}: HTTP {} where {expect} was due: {}",
            r.status,
            short(&r.json()["error"]["message"])
        ));
    }
    r
}

fn ask(o: &mut Oracle, emu: &Emu, token: &str, http: &str, path: &str, body: Option<&str>) -> Resp {
    ask_expecting(o, emu, token, (http, path, body), 200)
}

/// Every page of a listing (the page walk is part of what is checked).
fn walk(o: &mut Oracle, emu: &Emu, token: &str, kebab: &str, verb: &str, filter: &str) -> usize {
    let mut token_page = String::new();
    let mut points = 0;
    for _ in 0..40 {
        let mut q = vec![("filter", filter.to_string())];
        if !token_page.is_empty() {
            q.push(("pageToken", token_page.clone()));
        }
        let q: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = format!(
            "/v4/users/me/dataTypes/{kebab}/dataPoints{verb}?{}",
            encode(&q)
        );
        let r = ask(o, emu, token, "GET", &path, None);
        let j = r.json();
        points += j["dataPoints"].as_array().map_or(0, Vec::len);
        match j["nextPageToken"].as_str() {
            Some(t) if !t.is_empty() => token_page = t.to_string(),
            _ => break,
        }
    }
    points
}

/// The oracle itself finds what it is meant to find: bare unit enums, an int64 as a number,
/// an invented field, a missing required field, an undocumented method and parameter.
#[test]
fn the_oracle_catches_the_known_faults() {
    let Some(doc) = load_doc() else {
        eprintln!("skipped: no discovery document");
        return;
    };
    let mut o = Oracle::new(&doc);
    let m = o.request("GET", "/v4/users/me/settings", None);
    o.answer(
        m,
        200,
        r#"{"distanceUnit":"MILES","weightUnit":"WEIGHT_UNIT_POUNDS"}"#,
    );
    let m = o.request("POST", "/v4/users/me/dataTypes/active-zone-minutes/dataPoints:dailyRollUp", Some(r#"{"range":{"start":{"date":{"year":2026,"month":1,"day":1}},"end":{"date":{"year":2026,"month":1,"day":2}}},"windowSizeDays":1}"#));
    o.answer(
        m,
        200,
        r#"{"rollupDataPoints":[{"activeZoneMinutes":{"activeZoneMinutesSum":"9"}}]}"#,
    );
    let m = o.request(
        "GET",
        "/v4/users/me/dataTypes/daily-heart-rate-variability/dataPoints",
        None,
    );
    o.answer(
        m,
        200,
        r#"{"dataPoints":[{"dailyHeartRateVariability":{"nonRemHeartRateBeatsPerMinute":59}}]}"#,
    );
    o.request(
        "GET",
        "/v4/users/me/dataTypes/steps/dataPoints:aggregate",
        None,
    );
    o.request(
        "GET",
        "/v4/users/me/dataTypes/steps/dataPoints?startTime=x",
        None,
    );
    let m = o.request("GET", "/v4/users/me/dataTypes/steps/dataPoints", None);
    o.answer(m, 400, r#"{"error":"bad"}"#);
    let found = |needle: &str| o.problems.iter().any(|p| p.contains(needle));
    for needle in [
        "distanceUnit: not one of the enum's values",
        "unknown field \"activeZoneMinutesSum\"",
        "nonRemHeartRateBeatsPerMinute: int64 must be a JSON string",
        "required field \"date\" is missing",
        "dataPoints:aggregate: no such method",
        "query parameter \"startTime\" is not documented",
        "is not a google.rpc.Status",
    ] {
        assert!(found(needle), "missed {needle:?} in {:#?}", o.problems);
    }
    assert_eq!(o.problems.len(), 7, "{:#?}", o.problems);
}

#[test]
fn every_answer_matches_googles_discovery_document() {
    let Some(doc) = load_doc() else {
        eprintln!(
            "skipped: no discovery document at {} (make setup fetches it)",
            doc_path().display()
        );
        return;
    };
    assert_eq!(doc["revision"], "20261030", "the pinned revision");
    let mut o = Oracle::new(&doc);
    let emu = Emu::start();
    // Every world the emulator can be switched into must answer in the schema's shapes.
    let worlds = [
        r#"{}"#,
        r#"{"units":"us","phone_steps":true,"second_staged_sleep":true}"#,
        r#"{"civil_filters_empty":true,"empty_page_with_token":true,"short_pages":true}"#,
    ];
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (from, to) = (d("2026-04-06"), d("2026-04-08"));
    for world in worlds {
        // A fresh minute each world: the emulator keeps Google's 300 requests a minute.
        emu.advance(61);
        let r = post_json(&format!("{}/google", emu.origins.control), world, None);
        if r.status != 200 {
            o.problem(format!("the emulator has no switch for the world {world}"));
        }
        let token = connect(&emu);
        let t = token.as_str();
        for path in [
            "/v4/users/me/identity",
            "/v4/users/me/settings",
            "/v4/users/me/profile",
            "/v4/users/me/pairedDevices?pageSize=100",
        ] {
            ask(&mut o, &emu, t, "GET", path, None);
        }
        // Every data type, listed and reconciled, by the filter the schema gives its kind.
        let (lo, hi) = ("2026-04-06T00:00:00Z", "2026-04-07T00:00:00Z");
        let listings: Vec<(&str, String)> = vec![
            ("heart-rate", format!("heart_rate.sample_time.physical_time >= \"{lo}\" AND heart_rate.sample_time.physical_time < \"{hi}\"")),
            ("steps", format!("steps.interval.start_time >= \"{lo}\" AND steps.interval.start_time < \"{hi}\"")),
            ("distance", "distance.interval.civil_start_time >= \"2026-04-06\" AND distance.interval.civil_start_time < \"2026-04-07\"".into()),
            ("floors", format!("floors.interval.start_time >= \"{lo}\" AND floors.interval.start_time < \"{hi}\"")),
            ("active-zone-minutes", format!("active_zone_minutes.interval.start_time >= \"{lo}\" AND active_zone_minutes.interval.start_time < \"{hi}\"")),
            ("sleep", "sleep.interval.civil_end_time >= \"2026-04-06\" AND sleep.interval.civil_end_time < \"2026-04-09\"".into()),
            ("exercise", "exercise.interval.civil_start_time >= \"2026-04-01\" AND exercise.interval.civil_start_time < \"2026-04-13\"".into()),
            ("heart-rate-variability", "heart_rate_variability.sample_time.physical_time >= \"2026-04-06T00:00:00+02:00\" AND heart_rate_variability.sample_time.physical_time < \"2026-04-08T00:00:00+02:00\"".into()),
            ("oxygen-saturation", format!("oxygen_saturation.sample_time.physical_time >= \"{lo}\" AND oxygen_saturation.sample_time.physical_time < \"{hi}\"")),
            ("weight", "weight.sample_time.civil_time >= \"2026-04-01\" AND weight.sample_time.civil_time < \"2026-04-13\"".into()),
            ("body-fat", "body_fat.sample_time.physical_time >= \"2026-04-01T00:00:00Z\" AND body_fat.sample_time.physical_time < \"2026-04-13T00:00:00Z\"".into()),
        ];
        let mut listings = listings;
        for kebab in [
            "daily-resting-heart-rate",
            "daily-heart-rate-zones",
            "daily-heart-rate-variability",
            "daily-oxygen-saturation",
            "daily-respiratory-rate",
            "daily-sleep-temperature-derivations",
            "daily-vo2-max",
        ] {
            listings.push((kebab, requests::date_filter(kebab, from, to)));
        }
        for (kebab, filter) in &listings {
            walk(&mut o, &emu, t, kebab, "", filter);
            walk(&mut o, &emu, t, kebab, ":reconcile", filter);
        }
        // The app's own builders, as it sends them.
        for kebab in ["heart-rate", "steps", "weight", "body-fat"] {
            let path = requests::list_path(kebab, &requests::physical_filter(kebab, from, to), "");
            ask(&mut o, &emu, t, "GET", &path, None);
        }
        let path = requests::list_path("sleep", &requests::sleep_filter(from, to), "");
        ask(&mut o, &emu, t, "GET", &path, None);
        // Roll-ups of every type the app rolls up, and the others the schema allows.
        for kebab in [
            "steps",
            "distance",
            "floors",
            "active-zone-minutes",
            "total-calories",
            "heart-rate",
            "weight",
            "body-fat",
        ] {
            let mut token_page = String::new();
            for _ in 0..10 {
                let body =
                    requests::rollup_body(kebab, d("2026-03-20"), d("2026-04-10"), &token_page);
                let over = kebab == "total-calories" || kebab == "heart-rate";
                // 22 days is over their 14-day limit: a documented 400.
                let expect = if over { 400 } else { 200 };
                let call = ("POST", requests::rollup_path(kebab), Some(body.as_str()));
                let r = ask_expecting(&mut o, &emu, t, (call.0, &call.1, call.2), expect);
                if over {
                    break;
                }
                match r.json()["nextPageToken"].as_str() {
                    Some(n) if !n.is_empty() => token_page = n.to_string(),
                    _ => break,
                }
            }
            // Physical windows, down to one second, paged.
            let path = format!("/v4/users/me/dataTypes/{kebab}/dataPoints:rollUp");
            let size = if kebab == "heart-rate" { "1s" } else { "60s" };
            let mut token_page = String::new();
            for _ in 0..10 {
                let mut body = serde_json::json!({"range": {"startTime": "2026-04-06T10:00:00Z", "endTime": "2026-04-06T10:30:00Z"},
                    "windowSize": size, "pageSize": 500});
                if !token_page.is_empty() {
                    body["pageToken"] = token_page.clone().into();
                }
                let r = ask(&mut o, &emu, t, "POST", &path, Some(&body.to_string()));
                match r.json()["nextPageToken"].as_str() {
                    Some(n) if !n.is_empty() => token_page = n.to_string(),
                    _ => break,
                }
            }
        }
        for kebab in [
            "total-calories",
            "daily-resting-heart-rate",
            "daily-heart-rate-variability",
        ] {
            let body = requests::rollup_body(kebab, from, to, "");
            ask(
                &mut o,
                &emu,
                t,
                "POST",
                &requests::rollup_path(kebab),
                Some(&body),
            );
        }
        // Errors: a filter member the type does not have, a forged page token.
        let bad = format!(
            "/v4/users/me/dataTypes/daily-heart-rate-variability/dataPoints?{}",
            encode(&[(
                "filter",
                "daily_heart_rate_variability.interval.civil_start_time >= \"2026-04-06\""
            )])
        );
        let r = ask_expecting(&mut o, &emu, t, ("GET", &bad, None), 400);
        let j = r.json();
        let violations = &j["error"]["details"][1]["fieldViolations"][0]["field"];
        if j["error"]["details"][0]["reason"] != "INVALID_DATA_POINT_FILTER"
            || violations != "filter"
        {
            o.problem(
                "a bad filter member is not INVALID_DATA_POINT_FILTER with fieldViolations".into(),
            );
        }
        let forged = "/v4/users/me/dataTypes/steps/dataPoints?pageToken=forged";
        ask_expecting(&mut o, &emu, t, ("GET", forged, None), 400);
    }
    println!(
        "discovery document {}: {} requests and {} answers checked, {} discrepancies",
        doc["revision"],
        o.requests,
        o.answers,
        o.problems.len()
    );
    for p in &o.problems {
        println!("  {p}");
    }
    assert!(
        o.problems.is_empty(),
        "{} discrepancies (listed above)",
        o.problems.len()
    );
}
