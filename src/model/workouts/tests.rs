//! Workouts against a hand-worked fixture, and the TCX read back by python-tcxparser (PyPI).

use super::*;
use crate::model::Exercise;

/// A workout from its local start (`YYYY-MM-DD HH:MM`), offset in hours, minutes long.
fn ex(name: &str, local: &str, offset_h: i32, minutes: i64) -> Exercise {
    let offset = offset_h * 3600;
    let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
        .timestamp()
        - i64::from(offset);
    Exercise::bare(t, t + minutes * 60, offset, name, "auto_detected")
}

/// Three runs, a walk that started on 31 May local time (1 June in UTC), a ride.
fn fixture() -> Vec<Exercise> {
    let mut run1 = ex("Run", "2026-05-02 06:30", 2, 30);
    run1.distance_km = Some(5.0);
    run1.calories = Some(500.0);
    run1.active_s = Some(1800);
    let mut run2 = ex("Run", "2026-05-10 07:00", 2, 50);
    run2.distance_km = Some(8.0);
    run2.calories = Some(450.0);
    run2.active_s = Some(2760);
    // Faster than both, but under 5 km: not a pace best.
    let mut run3 = ex("Run", "2026-06-01 18:00", 2, 20);
    run3.distance_km = Some(4.0);
    run3.calories = Some(200.0);
    let mut walk = ex("Walk", "2026-05-31 22:30", -5, 40);
    walk.calories = Some(150.0);
    let mut bike = ex("Bike", "2026-06-03 17:00", 2, 60);
    bike.distance_km = Some(20.0);
    bike.calories = Some(500.0);
    vec![run1, run2, run3, walk, bike]
}

#[test]
fn types_are_counted_most_frequent_first() {
    assert_eq!(
        types(&fixture()),
        vec![
            ("Run".to_string(), 3),
            ("Bike".to_string(), 1),
            ("Walk".to_string(), 1)
        ]
    );
    let runs = of_type(&fixture(), Some("Run"));
    assert_eq!(runs.len(), 3);
    // Latest first.
    assert!(runs.windows(2).all(|w| w[0].start > w[1].start));
    assert_eq!(of_type(&fixture(), None).len(), 5);
}

#[test]
fn months_add_up_on_the_local_month_each_started_in() {
    let m = monthly(&fixture());
    let may = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
    let june = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert_eq!(
        m,
        vec![
            MonthTotals {
                month: may,
                count: 3,
                // 30 + 50 + 40 minutes: the walk is May's (22:30 at −05:00).
                seconds: 7200,
                distance_km: Some(13.0),
                calories: Some(1100.0),
            },
            MonthTotals {
                month: june,
                count: 2,
                seconds: 4800,
                distance_km: Some(24.0),
                calories: Some(700.0),
            },
        ]
    );
}

#[test]
fn bests_per_type() {
    let b = bests(&fixture());
    let got: Vec<(&str, BestOf, f64, i64)> = b
        .iter()
        .map(|b| (b.name.as_str(), b.of, b.value, b.exercise.start))
        .collect();
    let f = fixture();
    let (run1, run2, walk, bike) = (&f[0], &f[1], &f[3], &f[4]);
    assert_eq!(
        got,
        vec![
            ("Run", BestOf::Longest, 3000.0, run2.start),
            ("Run", BestOf::Farthest, 8.0, run2.start),
            // 2,760 s over 8 km: 345 s/km, against run 1's 360 (run 3's 300 is under 5 km).
            ("Run", BestOf::FastestPace, 345.0, run2.start),
            ("Run", BestOf::MostCalories, 500.0, run1.start),
            ("Bike", BestOf::Longest, 3600.0, bike.start),
            ("Bike", BestOf::Farthest, 20.0, bike.start),
            ("Bike", BestOf::FastestPace, 180.0, bike.start),
            ("Bike", BestOf::MostCalories, 500.0, bike.start),
            ("Walk", BestOf::Longest, 2400.0, walk.start),
            ("Walk", BestOf::MostCalories, 150.0, walk.start),
        ]
    );
    assert_eq!(pace_text(345.0, false), "5:45 /km");
    // 345 × 1.609344 = 555.2 s a mile.
    assert_eq!(pace_text(345.0, true), "9:15 /mi");
}

#[test]
fn a_tie_stays_with_the_workout_that_set_it_first() {
    let mut a = ex("Swim", "2026-01-01 07:00", 0, 30);
    let b = ex("Swim", "2026-02-01 07:00", 0, 30);
    a.calories = None;
    let got = bests(&[b.clone(), a.clone()]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].exercise.start, a.start);
}

fn s(t: i64, value: f64) -> Sample {
    Sample {
        t,
        offset: 0,
        value,
    }
}

/// Readings every 30 s through the first four minutes of a five-minute workout, one before it
/// and one after: hand-worked minutes, mean and coverage.
#[test]
fn heart_rate_inside_a_workout() {
    let e = ex("Run", "2026-05-02 06:00", 0, 5);
    let t = e.start;
    let all = vec![
        s(t - 30, 60.0),
        s(t, 95.0),
        s(t + 30, 105.0),
        s(t + 60, 139.0),
        s(t + 90, 141.0),
        s(t + 120, 175.0),
        s(t + 180, 90.0),
        s(t + 301, 200.0),
    ];
    let inside = readings(&all, &e);
    assert_eq!(inside.len(), 6);
    let h = heart(&inside, &e, Some([100.0, 140.0, 170.0])).unwrap();
    // Minute means 100, 140, 175, 90: fat burn, cardio, peak, out of range.
    assert_eq!(h.zones, Some([1, 1, 1, 1]));
    assert!((h.mean - 745.0 / 6.0).abs() < 1e-9);
    assert_eq!(h.max, 175.0);
    assert_eq!(h.readings, 6);
    assert!((h.covered - 0.8).abs() < 1e-9);
    assert_eq!(heart(&[], &e, None), None);
}

#[test]
fn file_names_follow_the_local_start() {
    let f = fixture();
    assert_eq!(file_stem(&f[3]), "fitdata-2026-05-31-2230-walk");
    // Its page: the local date (31 May at −05:00, 1 June in UTC) and the UTC start.
    assert_eq!(href(&f[3]), format!("#/workouts/2026-05-31/{}", f[3].start));
    let mut odd = f[0].clone();
    odd.name = "Outdoor  Bike / Ride!".into();
    assert_eq!(file_stem(&odd), "fitdata-2026-05-02-0630-outdoor-bike-ride");
    assert_eq!(tcx_sport("Run"), "Running");
    assert_eq!(tcx_sport("Outdoor Bike"), "Biking");
    assert_eq!(tcx_sport("Swim"), "Other");
}

/// Readings every 5 s through a 30-minute workout, 120–156 bpm.
fn readings_of(e: &Exercise) -> Vec<Sample> {
    (0..=1800)
        .step_by(5)
        .map(|i| s(e.start + i, 120.0 + (i % 37) as f64 + 0.4))
        .collect()
}

/// What python-tcxparser reads in `file`: the JSON of `fields` (a Python expression over the
/// parsed file, `t`).
fn tcxparser_reads(python: &std::path::Path, file: &str, fields: &str) -> serde_json::Value {
    let script = format!(
        "import sys, json, tempfile, tcxparser\n\
f = tempfile.NamedTemporaryFile(suffix='.tcx', delete=False)\n\
f.write(sys.stdin.buffer.read()); f.close()\n\
t = tcxparser.TCXParser(f.name)\n\
print(json.dumps({fields}))"
    );
    let out = crate::model::pyoracle::run(python, &script, file.as_bytes());
    serde_json::from_str(out.trim()).unwrap()
}

/// The TCX read back by python-tcxparser (PyPI), an independent reader: start, duration,
/// distance, calories, sport and every trackpoint's heart rate as written.
#[test]
fn a_tcx_reads_back_in_python_tcxparser() {
    let Some(python) = crate::model::pyoracle::python_with("tcxparser") else {
        return;
    };
    let mut e = fixture()[0].clone();
    e.name = "Run <& trail>".into();
    let samples = readings_of(&e);
    let v = tcxparser_reads(
        &python,
        &tcx(&e, &samples),
        "{'start': t.started_at, 'end': t.completed_at, 'duration': t.duration, 'distance': float(t.distance), 'calories': t.calories, 'sport': t.activity_type, 'hr': t.hr_values(), 'avg': t.hr_avg, 'max': t.hr_max}",
    );
    assert_eq!(v["start"], "2026-05-02T04:30:00Z");
    assert_eq!(v["end"], "2026-05-02T05:00:00Z");
    assert_eq!(v["duration"], 1800.0);
    assert_eq!(v["distance"], 5000.0);
    assert_eq!(v["calories"], 500);
    assert_eq!(v["sport"], "running");
    let want: Vec<i64> = samples.iter().map(|s| s.value.round() as i64).collect();
    let hr = &v["hr"];
    assert_eq!(hr, &serde_json::json!(want));
    assert_eq!(v["max"], 156);
}

/// A workout with splits is a lap per split, read back by python-tcxparser (PyPI): the laps'
/// starts, times, distances and calories, the distance run at each lap's start and at the end,
/// and every reading once, in order. Worked by hand: a 30-minute run of 5 km in five kilometre
/// splits of 6:00 each, readings every 5 s from 0 to 1,800 s.
#[test]
fn a_workout_with_splits_is_a_lap_per_split_in_python_tcxparser() {
    let Some(python) = crate::model::pyoracle::python_with("tcxparser") else {
        return;
    };
    let mut e = fixture()[0].clone();
    e.splits = (0..5)
        .map(|k| crate::model::Split {
            offset: None,
            start: e.start + k * 360,
            end: e.start + (k + 1) * 360,
            kind: "DISTANCE".into(),
            active_s: Some(360),
            distance_km: Some(1.0),
            calories: None,
            avg_bpm: None,
        })
        .collect();
    let samples = readings_of(&e);
    let v = tcxparser_reads(
        &python,
        &tcx(&e, &samples),
        "{'start': t.started_at, 'end': t.completed_at, 'duration': t.duration, 'distance': float(t.distance), 'calories': t.calories, 'hr': t.hr_values(), \
         'laps': [{'start': l.attrib['StartTime'], 'time': float(l.TotalTimeSeconds), 'metres': float(l.DistanceMeters), 'kcal': int(l.Calories), \
         'at': [float(p.DistanceMeters) for p in l.Track.Trackpoint if hasattr(p, 'DistanceMeters')]} for l in t.activity.Lap]}",
    );
    assert_eq!(v["start"], "2026-05-02T04:30:00Z");
    assert_eq!(v["end"], "2026-05-02T05:00:00Z");
    assert_eq!(
        (v["duration"].as_f64(), v["distance"].as_f64()),
        (Some(1800.0), Some(5000.0))
    );
    // The log's 500 kcal, on the first lap: the splits have none of their own.
    assert_eq!(v["calories"], 500);
    let laps = v["laps"].as_array().unwrap();
    assert_eq!(laps.len(), 5);
    for (k, l) in laps.iter().enumerate() {
        let minute = 30 + k * 6;
        assert_eq!(l["start"], format!("2026-05-02T04:{minute}:00Z"));
        assert_eq!(
            (l["time"].as_f64(), l["metres"].as_f64()),
            (Some(360.0), Some(1000.0))
        );
        assert_eq!(l["kcal"], if k == 0 { 500 } else { 0 });
        // The distance run so far where the lap starts; the last also at the end.
        let mut at = vec![serde_json::json!(k as f64 * 1000.0)];
        if k == 4 {
            at.push(serde_json::json!(5000.0));
        }
        assert_eq!(l["at"].as_array().unwrap(), &at);
    }
    let want: Vec<i64> = samples.iter().map(|s| s.value.round() as i64).collect();
    let hr = &v["hr"];
    assert_eq!(hr, &serde_json::json!(want), "every reading once, in order");
}

/// A paused workout as a watch writes one, read back by python-tcxparser (PyPI), worked by
/// hand: the 30-minute run of 5 km, readings every 5 s, paused from 11:00 to 13:00 and from
/// 25:00 to 25:30 (2:30 in all). In one lap: a timer time of 27:30, three tracks (0:00–10:55,
/// 13:00–24:55, 25:30–30:00) and no reading inside a pause. In five kilometre splits of 6:00:
/// the first pause straddles the second and third laps (a minute each: 5:00 and 5:00), the
/// second is in the fifth (5:30); the third lap starts inside the pause, so its start (with the
/// 2 km run so far) is a track of its own before the one from 13:00.
#[test]
fn a_paused_workout_is_a_track_per_stretch_and_its_timer_time_in_python_tcxparser() {
    let Some(python) = crate::model::pyoracle::python_with("tcxparser") else {
        return;
    };
    let mut e = fixture()[0].clone();
    let t0 = e.start;
    e.pauses = vec![(t0 + 660, t0 + 780), (t0 + 1500, t0 + 1530)];
    let samples = readings_of(&e);
    let at = |m: i64, s: i64| {
        format!(
            "2026-05-02T{:02}:{:02}:{s:02}Z",
            4 + (30 + m) / 60,
            (30 + m) % 60
        )
    };
    let paused =
        |x: &Sample| (660..780).contains(&(x.t - t0)) || (1500..1530).contains(&(x.t - t0));
    let hr = |keep: &dyn Fn(&Sample) -> bool| -> Vec<i64> {
        samples
            .iter()
            .filter(|x| keep(x))
            .map(|x| x.value.round() as i64)
            .collect()
    };
    // The mean of the readings of [from, to) outside the pauses, as whole bpm.
    let mean = |from: i64, to: i64| {
        let v: Vec<f64> = samples
            .iter()
            .filter(|x| (from..to).contains(&(x.t - t0)) && !paused(x))
            .map(|x| x.value)
            .collect();
        (v.iter().sum::<f64>() / v.len() as f64).round() as i64
    };
    let fields = "{'duration': t.duration, 'hr': t.hr_values(), 'laps': [{'time': float(l.TotalTimeSeconds), 'avg': int(l.AverageHeartRateBpm.Value), 'tracks': [[tr.Trackpoint[0].Time.text, tr.Trackpoint[-1].Time.text] for tr in l.Track]} for l in t.activity.Lap]}";

    let one = tcxparser_reads(&python, &tcx(&e, &samples), fields);
    assert_eq!(one["duration"], 1650.0);
    assert_eq!(
        one["laps"],
        serde_json::json!([{
            "time": 1650.0,
            "avg": mean(0, 1801),
            "tracks": [[at(0, 0), at(10, 55)], [at(13, 0), at(24, 55)], [at(25, 30), at(30, 0)]],
        }])
    );
    assert_eq!(one["hr"], serde_json::json!(hr(&|x| !paused(x))));

    e.splits = (0..5)
        .map(|k| crate::model::Split {
            offset: None,
            start: t0 + k * 360,
            end: t0 + (k + 1) * 360,
            kind: "DISTANCE".into(),
            active_s: None,
            distance_km: Some(1.0),
            calories: None,
            avg_bpm: None,
        })
        .collect();
    let split = tcxparser_reads(&python, &tcx(&e, &samples), fields);
    assert_eq!(split["duration"], 1650.0);
    assert_eq!(
        split["laps"],
        serde_json::json!([
            {"time": 360.0, "avg": mean(0, 360), "tracks": [[at(0, 0), at(5, 55)]]},
            {"time": 300.0, "avg": mean(360, 720), "tracks": [[at(6, 0), at(10, 55)]]},
            {"time": 300.0, "avg": mean(720, 1080), "tracks": [[at(12, 0), at(12, 0)], [at(13, 0), at(17, 55)]]},
            {"time": 360.0, "avg": mean(1080, 1440), "tracks": [[at(18, 0), at(23, 55)]]},
            {"time": 330.0, "avg": mean(1440, 1801), "tracks": [[at(24, 0), at(24, 55)], [at(25, 30), at(30, 0)]]},
        ])
    );
    // Every reading outside the pauses once, and the third lap's start, inside one.
    assert_eq!(
        split["hr"],
        serde_json::json!(hr(&|x| !paused(x) || x.t == t0 + 720))
    );
}

/// Split rows worked by hand: 1 km in 4:10 (active 4:00: pace 4:00/km, the source's 150 bpm),
/// then 0.5 km in 2:30 with no heart rate from the source (the mean of its readings, 120 and
/// 130: 125), then a lap with no distance (no pace, no total from there on).
#[test]
fn split_rows_pace_totals_and_heart_rate() {
    let mut e = ex("Run", "2026-05-02 06:30", 2, 30);
    let t = e.start;
    let split = |a: i64, b: i64, km: Option<f64>| crate::model::Split {
        offset: None,
        start: t + a,
        end: t + b,
        kind: "DISTANCE".into(),
        active_s: None,
        distance_km: km,
        calories: None,
        avg_bpm: None,
    };
    e.splits = vec![
        split(0, 250, Some(1.0)),
        split(250, 400, Some(0.5)),
        split(400, 500, None),
    ];
    e.splits[0].active_s = Some(240);
    e.splits[0].avg_bpm = Some(150.0);
    e.splits[2].kind = "MANUAL".into();
    let inside = [
        s(t + 100, 90.0),
        s(t + 250, 120.0),
        s(t + 399, 130.0),
        s(t + 400, 99.0),
    ];
    let rows = split_rows(&e, &inside);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (
            rows[0].n,
            rows[0].seconds,
            rows[0].pace_s_per_km,
            rows[0].bpm
        ),
        (1, 240, Some(240.0), Some(150.0))
    );
    assert_eq!(
        (
            rows[1].seconds,
            rows[1].pace_s_per_km,
            rows[1].bpm,
            rows[1].total_km
        ),
        (150, Some(300.0), Some(125.0), Some(1.5))
    );
    assert_eq!(
        (
            rows[2].km,
            rows[2].pace_s_per_km,
            rows[2].total_km,
            rows[2].bpm
        ),
        (None, None, None, Some(99.0))
    );
    assert_eq!(rows[2].kind, "MANUAL");
    assert!(split_rows(&ex("Walk", "2026-05-02 06:30", 2, 30), &inside).is_empty());
}

/// Any workout (a minute to two hours), any pauses (some running past its ends), splits or
/// none (each with a distance, or none has), readings at any spacing with gaps: python-tcxparser
/// (PyPI) reads every file, and what it reads keeps the rules. A lap per split; the laps' time
/// is the workout's less its pauses (the generator's, cut to the workout); the readings outside
/// the pauses are the file's, each once and in order; a point inside a pause carries the
/// distance (a lap's start, the end); no track has a pause between two of its points; every
/// point is inside the workout; the calories are the log's. One Python run for every case.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn any_paused_workout_with_or_without_splits_keeps_the_rules_in_python_tcxparser() {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    let Some(python) = crate::model::pyoracle::python_with("tcxparser") else {
        return;
    };
    let case = (
        60i64..7_200,
        proptest::collection::vec((0u32..1_000, 1i64..600), 0..4),
        proptest::collection::vec(1u32..1_000, 0..6),
        any::<bool>(),
        1i64..40,
        proptest::collection::vec(any::<bool>(), 16),
    );
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let cases = proptest::collection::vec(case, 300)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let mut made = Vec::new();
    for (n, (length, pauses, cuts, with_km, step, drop)) in cases.into_iter().enumerate() {
        let start = 1_774_000_000 + n as i64 * 10_000;
        let end = start + length;
        let mut e = Exercise::bare(start, end, 3600, "Run", "tracker");
        e.calories = Some(300.0 + n as f64);
        e.distance_km = with_km.then_some(length as f64 / 360.0);
        // Pauses from 2 minutes before the start to 2 minutes after the end, none overlapping.
        let mut at = start - 120;
        for (gap, long) in pauses {
            let a = at + i64::from(gap) * (length + 240) / 4_000;
            e.pauses.push((a, a + long));
            at = a + long + 1;
        }
        // Splits tiling the workout at the cuts (in thousandths of it).
        let mut bounds: Vec<i64> = cuts
            .iter()
            .map(|c| start + i64::from(*c) * length / 1_000)
            .filter(|t| *t > start && *t < end)
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        if !cuts.is_empty() {
            let edges: Vec<i64> = std::iter::once(start)
                .chain(bounds)
                .chain(std::iter::once(end))
                .collect();
            e.splits = edges
                .windows(2)
                .map(|w| crate::model::Split {
                    offset: None,
                    start: w[0],
                    end: w[1],
                    kind: "DISTANCE".into(),
                    active_s: None,
                    distance_km: with_km.then_some((w[1] - w[0]) as f64 / 360.0),
                    calories: None,
                    avg_bpm: None,
                })
                .collect();
        }
        // A reading every `step` seconds, some dropped (off the wrist).
        let inside: Vec<Sample> = (0..=length / step)
            .map(|k| start + k * step)
            .enumerate()
            .filter(|(i, _)| !drop[i % drop.len()] || i % 3 != 0)
            .map(|(i, t)| s(t, 90.0 + (i % 70) as f64))
            .collect();
        made.push((e, inside));
    }
    let files: Vec<String> = made.iter().map(|(e, inside)| tcx(e, inside)).collect();
    let script = r#"import sys, json, tempfile, tcxparser
for text in json.load(sys.stdin):
    f = tempfile.NamedTemporaryFile(suffix='.tcx', delete=False)
    f.write(text.encode()); f.close()
    t = tcxparser.TCXParser(f.name)
    point = lambda p: [p.Time.text, hasattr(p, 'DistanceMeters'), int(p.HeartRateBpm.Value) if hasattr(p, 'HeartRateBpm') else None]
    laps = [{'time': float(l.TotalTimeSeconds), 'tracks': [[point(p) for p in tr.Trackpoint] for tr in l.Track] if hasattr(l, 'Track') else []} for l in t.activity.Lap]
    print(json.dumps({'calories': t.calories, 'laps': laps}))
"#;
    let input = serde_json::to_vec(&files).unwrap();
    let out = crate::model::pyoracle::run(&python, script, &input);
    let read: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(read.len(), made.len());
    for (n, ((e, inside), v)) in made.iter().zip(&read).enumerate() {
        let why = format!("case {n}: {e:?}");
        let paused = |t: i64| e.pauses.iter().any(|&(a, b)| a <= t && t < b);
        let laps = v["laps"].as_array().unwrap();
        assert_eq!(laps.len(), e.splits.len().max(1), "{why}");
        let cut: i64 = e
            .pauses
            .iter()
            .map(|&(a, b)| (b.min(e.end) - a.max(e.start)).max(0))
            .sum();
        let time: f64 = laps.iter().map(|l| l["time"].as_f64().unwrap()).sum();
        assert_eq!(time, (e.end - e.start - cut) as f64, "{why}");
        assert_eq!(v["calories"], e.calories.unwrap().round() as i64, "{why}");
        let mut points: Vec<(i64, Option<i64>)> = Vec::new();
        for track in laps.iter().flat_map(|l| l["tracks"].as_array().unwrap()) {
            let track: Vec<(i64, bool, Option<i64>)> = track
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let t = chrono::DateTime::parse_from_rfc3339(p[0].as_str().unwrap())
                        .unwrap()
                        .timestamp();
                    (t, p[1].as_bool().unwrap(), p[2].as_i64())
                })
                .collect();
            for w in track.windows(2) {
                let across = e.pauses.iter().any(|&(a, b)| a < w[1].0 && w[0].0 < b);
                assert!(!across, "{why}: {w:?} in one track across a pause");
            }
            for &(t, distance, bpm) in &track {
                assert!(e.start <= t && t <= e.end, "{why}: {t} outside");
                assert!(distance || !paused(t), "{why}: {t} inside a pause");
                points.push((t, bpm));
            }
        }
        let want: Vec<(i64, Option<i64>)> = inside
            .iter()
            .filter(|x| !paused(x.t))
            .map(|x| (x.t, Some(x.value.round() as i64)))
            .collect();
        let got: Vec<(i64, Option<i64>)> = points
            .into_iter()
            .filter(|(t, bpm)| !paused(*t) && bpm.is_some())
            .collect();
        assert_eq!(got, want, "{why}");
    }
}
