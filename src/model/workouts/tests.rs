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
    Exercise {
        start: t,
        end: t + minutes * 60,
        offset,
        name: name.to_string(),
        logged: "auto_detected".to_string(),
        active_s: None,
        calories: None,
        steps: None,
        distance_km: None,
        avg_bpm: None,
    }
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

/// The TCX read back by python-tcxparser (PyPI), an independent reader: start, duration,
/// distance, calories, sport and every trackpoint's heart rate as written.
#[test]
fn a_tcx_reads_back_in_python_tcxparser() {
    let Some(python) = crate::model::pyoracle::python_with("tcxparser") else {
        return;
    };
    let mut e = fixture()[0].clone();
    e.name = "Run <& trail>".into();
    let samples: Vec<Sample> = (0..=1800)
        .step_by(5)
        .map(|i| s(e.start + i, 120.0 + (i % 37) as f64 + 0.4))
        .collect();
    let file = tcx(&e, &samples);
    let out = crate::model::pyoracle::run(
        &python,
        "import sys, json, tempfile, tcxparser\n\
f = tempfile.NamedTemporaryFile(suffix='.tcx', delete=False)\n\
f.write(sys.stdin.buffer.read()); f.close()\n\
t = tcxparser.TCXParser(f.name)\n\
print(json.dumps({'start': t.started_at, 'end': t.completed_at, 'duration': t.duration, 'distance': float(t.distance), 'calories': t.calories, 'sport': t.activity_type, 'hr': t.hr_values(), 'avg': t.hr_avg, 'max': t.hr_max}))",
        file.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["start"], "2026-05-02T04:30:00Z");
    assert_eq!(v["end"], "2026-05-02T05:00:00Z");
    assert_eq!(v["duration"], 1800.0);
    assert_eq!(v["distance"], 5000.0);
    assert_eq!(v["calories"], 500);
    assert_eq!(v["sport"], "running");
    let hr: Vec<i64> = v["hr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_i64().unwrap())
        .collect();
    let want: Vec<i64> = samples.iter().map(|s| s.value.round() as i64).collect();
    assert_eq!(hr, want);
    assert_eq!(v["max"], 156);
}
