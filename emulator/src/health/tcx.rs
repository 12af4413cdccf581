//! `exercise/dataPoints/{id}:exportExerciseTcx`: an exercise as a TCX file (`alt=media`), as
//! the discovery document describes the method: both an activity scope and a location scope,
//! the GPS track when the exercise had GPS, and with `partialData=true` the file without
//! positions when it had none. Without `alt=media`, the JSON form (`tcxData`) gRPC clients get.

use super::*;
use fitdata_synth::route::TrackPoint;
use fitdata_synth::ExerciseLog;

/// The exercise id of the workout that started at `start` (Unix seconds): Google's ids are long
/// integers.
pub(super) fn exercise_id(start: i64) -> String {
    (start * 1000).to_string()
}

pub(super) async fn get_point(
    State(shared): State<Shared>,
    Path((_, kebab, point)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    caller: Caller,
) -> Response {
    let Some(id) = point.strip_suffix(":exportExerciseTcx") else {
        return method_not_found(&format!("dataPoints/{point}"));
    };
    if kebab != "exercise" {
        return invalid_argument(
            &format!("exportExerciseTcx exports exercises only, not {kebab}."),
            "INVALID_DATA_TYPE",
        );
    }
    let mut st = shared.lock();
    if let Err(r) = caller.allow(
        &mut st,
        &["activity_and_fitness.readonly", "location.readonly"],
    ) {
        return r;
    }
    let get = match method_query(q.as_deref(), &["partialData", "alt"]) {
        Ok(get) => get,
        Err(r) => return r,
    };
    let partial = match get("partialData").as_str() {
        "" | "false" => false,
        "true" => true,
        v => {
            return invalid_argument(
                &format!("Invalid value at 'partial_data' ({v})."),
                "INVALID_ARGUMENT",
            )
        }
    };
    let p = &st.person;
    let found = id
        .parse::<i64>()
        .ok()
        .filter(|ms| ms % 1000 == 0)
        .map(|ms| ms / 1000)
        .and_then(|start| {
            p.exercise_on(p.civil_date(start))
                .filter(|x| x.start == start)
        })
        .filter(|x| x.start >= p.day_bounds(p.first_day).0 && x.end <= st.now());
    let Some(x) = found else {
        return rpc_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            &format!("Exercise data point not found: {id}"),
            None,
        );
    };
    let track = p.route(&x);
    if track.is_empty() && !partial {
        return rpc_error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "No GPS data found for this exercise. Set partial_data to true to export it without location.",
            None,
        );
    }
    let text = tcx(p, &x, &track);
    if get("alt") == "media" {
        let mut r = Response::new(axum::body::Body::from(text));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.garmin.tcx+xml"),
        );
        return r;
    }
    json(StatusCode::OK, &json!({ "tcxData": text }))
}

/// The exercise as a TCX file, one lap, as Google's export writes it: its start, time, distance
/// and calories, and a trackpoint a second with the position (when there is GPS), altitude,
/// distance and heart rate; without GPS, the heart rate's trackpoints only.
fn tcx(p: &Person, x: &ExerciseLog, track: &[TrackPoint]) -> String {
    let time = |t: i64| {
        DateTime::from_timestamp(t, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S.000Z").to_string())
            .unwrap_or_default()
    };
    let sport = if x.name == "Run" { "Running" } else { "Other" };
    let mut points = String::new();
    if track.is_empty() {
        for s in p.heart_rate(x.start, x.end + 1) {
            points.push_str(&format!(
                "<Trackpoint><Time>{}</Time><HeartRateBpm><Value>{}</Value></HeartRateBpm></Trackpoint>\n",
                time(s.t),
                s.bpm
            ));
        }
    }
    for t in track {
        let heart = t
            .bpm
            .map(|b| format!("<HeartRateBpm><Value>{b}</Value></HeartRateBpm>"))
            .unwrap_or_default();
        points.push_str(&format!(
            "<Trackpoint><Time>{}</Time><Position><LatitudeDegrees>{:.7}</LatitudeDegrees><LongitudeDegrees>{:.7}</LongitudeDegrees></Position><AltitudeMeters>{:.1}</AltitudeMeters><DistanceMeters>{:.2}</DistanceMeters>{heart}</Trackpoint>\n",
            time(t.t),
            t.lat,
            t.lon,
            t.altitude_m,
            t.distance_m
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities>
<Activity Sport="{sport}">
<Id>{start}</Id>
<Lap StartTime="{start}">
<TotalTimeSeconds>{secs}</TotalTimeSeconds>
<DistanceMeters>{dist:.2}</DistanceMeters>
<Calories>{cal}</Calories>
<Intensity>Active</Intensity>
<TriggerMethod>Manual</TriggerMethod>
<Track>
{points}</Track>
</Lap>
<Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Name>Charge 6</Name></Creator>
</Activity>
</Activities>
</TrainingCenterDatabase>
"#,
        start = time(x.start),
        secs = x.end - x.start,
        dist = x.distance_mm as f64 / 1000.0,
        cal = x.calories.round() as i64,
    )
}
