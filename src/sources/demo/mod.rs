//! The demo source: the emulator's synthetic person, generated in the browser (in the worker
//! module, asked by `worker::demo`) and mapped into the normalized model, so the whole app runs with no
//! account and no network.

use crate::config::Source;
use crate::model::kind::Night;
use crate::model::metric::{Metric, Units};
use crate::model::{
    Daily, DayZones, Exercise, Interval, Provenance, Sample, Segment, SleepSession, Stage,
};
use crate::model::{Kind, Payload};
use crate::sources::{Device, Fetched, Profile};
use chrono::NaiveDate;
use fitdata_synth::Person;

/// The demo person's account name, and its home zone.
pub const USER: &str = "demo";
pub const ZONE: &str = "Europe/Berlin";
/// The demo's second person, a free-running sleeper (`Person::drifting`): the same days but
/// for sleep that begins 36 minutes later each day, as in non-24-hour sleep–wake disorder.
pub const DRIFTING_USER: &str = "demo-drifting";
/// Where the page keeps which of the demo's people was chosen (local storage).
pub const CHOICE_KEY: &str = "fitdata.demo.person";
/// The same person `make demo`'s emulator serves (its default seed).
pub const SEED: u64 = 42;

pub fn person() -> Person {
    Person::berlin(SEED)
}

/// The demo's person `user` names (`USER` or `DRIFTING_USER`; any other name, the default).
pub fn person_of(user: &str) -> Person {
    if user == DRIFTING_USER {
        Person::drifting(SEED)
    } else {
        person()
    }
}

/// The demo account: the person's zone and age, metric units.
pub fn profile() -> Profile {
    profile_of(USER)
}

/// The account of the demo's person `user`.
pub fn profile_of(user: &str) -> Profile {
    Profile {
        user: if user == DRIFTING_USER {
            DRIFTING_USER
        } else {
            USER
        }
        .to_string(),
        time_zone: Some(ZONE.to_string()),
        age: Some(u32::from(Person::AGE)),
        units: Units::default(),
    }
}

/// One tracker that synced ten minutes ago.
pub fn devices(now_ms: i64) -> Vec<Device> {
    vec![Device {
        name: "Synthetic tracker".into(),
        kind: "tracker".into(),
        battery_pct: Some(80),
        battery: Some("High".into()),
        last_sync: Some(now_ms.div_euclid(1000) - 600),
    }]
}

/// Generated, not fetched: a month per job keeps a backfill's progress visible.
pub const MAX_DAYS: i64 = 31;

/// The GPS track of `user`'s workout that started at `start` (`Exercise::route`), a fix a
/// second as the emulator's TCX gives the same person's; none for a workout without GPS or no
/// workout there.
pub fn route(user: &str, start: i64) -> Vec<crate::model::route::Fix> {
    let p = person_of(user);
    let Some(x) = p
        .exercise_on(p.civil_date(start))
        .filter(|x| x.start == start)
    else {
        return Vec::new();
    };
    p.route(&x)
        .into_iter()
        .map(|f| crate::model::route::Fix {
            t_ms: f.t * 1000,
            lat: f.lat,
            lon: f.lon,
            altitude_m: Some(f.altitude_m),
            distance_m: Some(f.distance_m),
            bpm: f.bpm.map(f64::from),
        })
        .collect()
}

/// Every day of `[from, to]` of `data` of the demo's person `user`, generated here. The app's page asks the worker for them
/// (`worker::demo::range`): this generator and the zone rules it needs are the worker's.
pub fn generate(user: &str, data: Kind, from: NaiveDate, to: NaiveDate) -> Fetched {
    let person = person_of(user);
    Fetched {
        days: from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| (d, day(&person, data, d)))
            .collect(),
        companions: Vec::new(),
    }
}

fn offset(p: &Person, t: i64) -> i32 {
    p.offset_at(t).local_minus_utc()
}

fn source() -> Provenance {
    Provenance {
        source: Source::Demo,
        device: Some("Synthetic tracker".into()),
    }
}

fn stage(s: fitdata_synth::Stage) -> Stage {
    match s {
        fitdata_synth::Stage::Wake => Stage::Wake,
        fitdata_synth::Stage::Light => Stage::Light,
        fitdata_synth::Stage::Deep => Stage::Deep,
        fitdata_synth::Stage::Rem => Stage::Rem,
    }
}

/// One civil day of `kind` (the day's own 23, 24 or 25 hours, where the person was).
pub fn day(p: &Person, kind: Kind, date: NaiveDate) -> Payload {
    let (s, e) = p.day_bounds(date);
    match kind {
        Kind::HeartRate | Kind::HeartRate1m => {
            let samples: Vec<Sample> = p
                .heart_rate(s, e)
                .into_iter()
                .map(|h| Sample {
                    t: h.t,
                    offset: offset(p, h.t),
                    value: f64::from(h.bpm),
                })
                .collect();
            Payload::Samples(if kind == Kind::HeartRate1m {
                crate::model::derive::mean_per(&samples, 60)
            } else {
                samples
            })
        }
        // The readings of the main sleep that ended on the day.
        Kind::Night(n) => {
            let readings = match n {
                Night::Spo2 => p.spo2_samples(date),
                Night::Hrv => p
                    .hrv_samples(date)
                    .into_iter()
                    .map(|(t, rmssd, ..)| (t, rmssd))
                    .collect(),
                Night::OxygenVariation => p.oxygen_variation(date),
            };
            Payload::Samples(
                readings
                    .into_iter()
                    .map(|(t, value)| Sample {
                        t,
                        offset: offset(p, t),
                        value,
                    })
                    .collect(),
            )
        }
        // The main sleep's, as an export files it: on the date it woke.
        Kind::BeatHistogram => Payload::Histogram(
            p.beat_histogram(date)
                .map(|(wake, shares)| crate::model::BeatHistogram {
                    wake,
                    offset: offset(p, wake),
                    shares: shares.to_vec(),
                })
                .into_iter()
                .collect(),
        ),
        Kind::Food => Payload::Food(
            p.food_on(date)
                .into_iter()
                .map(|f| food_log(date, f))
                .collect(),
        ),
        Kind::Steps => Payload::Intervals(
            p.steps(s, e)
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(t, n)| Interval {
                    start: t,
                    end: t + 60,
                    offset: offset(p, t),
                    value: f64::from(n),
                })
                .collect(),
        ),
        Kind::Daily(m) => Payload::Daily(
            metric(p, m, date, (s, e))
                .map(|value| Daily {
                    date,
                    value,
                    parts: match m {
                        Metric::ActiveZoneMinutes => Some(azm_parts(p, (s, e))),
                        Metric::ActiveMinutes => {
                            let [_, light, fair, very] = level_minutes(p, (s, e));
                            Some([light, fair, very])
                        }
                        Metric::HeartRateZones => Some(zone_minutes(p, (s, e))),
                        Metric::CardioLoad => Some(cardio_load(p, (s, e))),
                        Metric::CaloriesIn => Some(food_parts(p, date)),
                        Metric::BreathingByStage => p
                            .night_vitals(date)
                            .and_then(|v| Some([v.br_deep?, v.br_light?, v.br_rem?])),
                        Metric::SleepScore => p
                            .sleep_score(date)
                            .map(|z| [z.duration, z.composition, z.revitalization].map(f64::from)),
                        _ => None,
                    },
                })
                .into_iter()
                .collect(),
        ),
        // The workouts that started on the date where they started: the person's own list
        // goes by the zone at the day's start, which a flight home makes a day early.
        Kind::Exercises => Payload::Exercises(
            [date.pred_opt(), Some(date), date.succ_opt()]
                .into_iter()
                .flatten()
                .filter_map(|d| p.exercise_on(d))
                .map(|x| Exercise {
                    start: x.start,
                    end: x.end,
                    offset: offset(p, x.start),
                    name: x.name.to_string(),
                    logged: x.log_type.to_string(),
                    active_s: Some(x.end - x.start),
                    calories: Some(x.calories),
                    steps: Some(f64::from(x.steps)),
                    // To the metre, as an export's kilometres are read.
                    distance_km: Some(x.distance_mm as f64 / 1_000_000.0),
                    avg_bpm: x.avg_bpm.map(f64::from),
                    splits: Vec::new(),
                    pauses: Vec::new(),
                    // A workout started on the tracker went with the phone's GPS: its route
                    // is asked for by its start (`route`).
                    route: p.has_gps(&x).then(|| x.start.to_string()),
                })
                .filter(|x| x.date() == date)
                .collect(),
        ),
        Kind::HeartRateZones => Payload::Zones(vec![DayZones {
            date,
            bounds: p.hr_zone_bounds().map(f64::from),
        }]),
        Kind::Sleep => Payload::Sleep(
            p.sleeps_ending_on(date)
                .into_iter()
                .map(|z| {
                    SleepSession {
                        start: z.start,
                        end: z.end,
                        start_offset: offset(p, z.start),
                        end_offset: offset(p, z.end),
                        is_main: z.is_main,
                        segments: z
                            .segments
                            .iter()
                            .map(|g| Segment {
                                start: g.start,
                                end: g.end,
                                stage: stage(g.stage),
                            })
                            .collect(),
                        source: source(),
                        // As both APIs count it: a wake that opens the night.
                        fall_asleep_min: Some(
                            z.segments
                                .first()
                                .filter(|g| g.stage == fitdata_synth::Stage::Wake)
                                .map_or(0, |g| (g.end - g.start) / 60),
                        ),
                        no_stages: None,
                    }
                    .normalize()
                })
                .collect(),
        ),
    }
}

/// A daily metric as the emulator's APIs give it (same rounding), `None` on days without.
/// Minutes in fat burn, cardio and peak (the minutes that earned Active Zone Minutes).
fn azm_parts(p: &Person, (s, e): (i64, i64)) -> [f64; 3] {
    let mut parts = [0.0; 3];
    for m in p.activity(s, e).iter().filter(|m| m.azm > 0) {
        if let Some(slot) = parts.get_mut(usize::from(m.zone.clamp(1, 3)) - 1) {
            *slot += 1.0;
        }
    }
    parts
}

/// Minutes sedentary, lightly, moderately and very active (the person's own minute levels).
fn level_minutes(p: &Person, (s, e): (i64, i64)) -> [f64; 4] {
    let mut out = [0.0; 4];
    for m in p.activity(s, e) {
        if let Some(slot) = out.get_mut(usize::from(m.level.min(3))) {
            *slot += 1.0;
        }
    }
    out
}

/// Minutes whose mean heart rate was in fat burn, cardio and peak.
fn zone_minutes(p: &Person, (s, e): (i64, i64)) -> [f64; 3] {
    let mut out = [0.0; 3];
    for m in p.activity(s, e).iter().filter(|m| m.zone > 0) {
        if let Some(slot) = out.get_mut(usize::from(m.zone.min(3)) - 1) {
            *slot += 1.0;
        }
    }
    out
}

/// A synthetic food entry as the model's food log (what an export's `food_logs` record reads
/// as).
pub fn food_log(date: NaiveDate, f: fitdata_synth::FoodEntry) -> crate::model::FoodLog {
    crate::model::FoodLog {
        date,
        meal: crate::model::FoodLog::meal_named(u64::from(f.meal_type_id)).map(str::to_string),
        name: f.name.to_string(),
        amount: Some(f.amount),
        unit: Some(f.unit.0.to_string()),
        calories: Some(f.calories),
        carbs_g: Some(f.carbs_g),
        fat_g: Some(f.fat_g),
        fiber_g: Some(f.fiber_g),
        protein_g: Some(f.protein_g),
        sodium_mg: Some(f.sodium_mg),
    }
}

/// The day's logged carbohydrate, fat and protein, grams, summed in log order.
fn food_parts(p: &Person, date: NaiveDate) -> [f64; 3] {
    let mut out = [0.0; 3];
    for f in p.food_on(date) {
        out[0] += f.carbs_g;
        out[1] += f.fat_g;
        out[2] += f.protein_g;
    }
    out
}

/// The day's workout and background cardio load, each summed over its minutes in time order.
fn cardio_load(p: &Person, (s, e): (i64, i64)) -> [f64; 3] {
    let mut out = [0.0; 3];
    for (_, w, b) in p.cardio_load(s, e) {
        out[0] += w;
        out[1] += b;
    }
    out
}

fn metric(p: &Person, m: Metric, date: NaiveDate, (s, e): (i64, i64)) -> Option<f64> {
    let night = || p.night_vitals(date);
    let minutes = || p.activity(s, e);
    match m {
        Metric::RestingHeartRate => (!p.day_missing(date)).then(|| p.resting_hr(date).round()),
        Metric::Hrv => night().map(|v| v.hrv_rmssd_ms),
        Metric::Spo2 => night().map(|v| v.spo2_avg),
        Metric::BreathingRate => night().map(|v| v.br_full),
        Metric::SkinTemperature => night().map(|v| v.skin_temp_relative_c),
        Metric::Vo2Max => p.vo2_max(date),
        Metric::SleepScore => p.sleep_score(date).map(|z| f64::from(z.overall)),
        Metric::StressScore => p.stress_score(date).map(f64::from),
        Metric::Readiness => p.readiness(date).map(f64::from),
        Metric::Weight => p.weigh_in(date).map(|w| w.weight_kg),
        Metric::BodyFat => p.weigh_in(date).map(|w| w.body_fat_pct),
        Metric::Calories => Some(minutes().iter().map(|m| m.calories).sum::<f64>().round()),
        Metric::Distance => Some(
            (minutes()
                .iter()
                .map(|m| f64::from(m.distance_mm))
                .sum::<f64>()
                / 10_000.0)
                .round()
                / 100.0,
        ),
        Metric::Floors => Some(minutes().iter().map(|m| f64::from(m.floors)).sum()),
        Metric::ActiveZoneMinutes => Some(minutes().iter().map(|m| f64::from(m.azm)).sum()),
        Metric::ActiveMinutes => {
            (!p.day_missing(date)).then(|| level_minutes(p, (s, e)).iter().skip(1).sum())
        }
        Metric::SedentaryMinutes => (!p.day_missing(date)).then(|| level_minutes(p, (s, e))[0]),
        Metric::HeartRateZones => {
            (!p.day_missing(date)).then(|| zone_minutes(p, (s, e)).iter().sum())
        }
        Metric::CardioLoad => {
            let [w, b, _] = cardio_load(p, (s, e));
            (!p.cardio_load(s, e).is_empty()).then_some(w + b)
        }
        Metric::BreathingByStage => night().map(|v| v.br_full),
        Metric::CaloriesIn => {
            let foods = p.food_on(date);
            (!foods.is_empty()).then(|| foods.iter().map(|f| f.calories).sum())
        }
        Metric::Water => {
            let logs = p.water_on(date);
            (!logs.is_empty()).then(|| logs.iter().map(|(_, ml)| ml).sum())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A demo workout started on the tracker names its route, which is a fix a second from its
    /// start to its end, as far as its distance; one the tracker recognised has neither.
    #[test]
    fn a_demo_workout_with_gps_has_its_route_and_one_without_none() {
        let p = person();
        let (mut with, mut without) = (None, None);
        for d in NaiveDate::from_ymd_opt(2026, 5, 1)
            .unwrap()
            .iter_days()
            .take(30)
        {
            let Payload::Exercises(v) = day(&p, Kind::Exercises, d) else {
                panic!("exercises")
            };
            for x in v {
                if x.route.is_some() {
                    with.get_or_insert(x)
                } else {
                    without.get_or_insert(x)
                };
            }
        }
        let (with, without) = (with.unwrap(), without.unwrap());
        assert_eq!(with.route.as_deref(), Some(with.start.to_string().as_str()));
        let fixes = route(USER, with.start);
        assert_eq!(fixes.len() as i64, with.end - with.start + 1);
        assert_eq!(fixes[0].t_ms, with.start * 1000);
        let km = fixes.last().and_then(|f| f.distance_m).unwrap() / 1000.0;
        assert!(
            (km - with.distance_km.unwrap()).abs() < 1e-6,
            "{km} against {:?}",
            with.distance_km
        );
        assert!(route(USER, without.start).is_empty());
        assert!(route(USER, with.start + 1).is_empty());
    }

    #[test]
    fn a_demo_day_has_every_type_in_local_time() {
        let p = person();
        let date = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let Payload::Samples(hr) = day(&p, Kind::HeartRate, date) else {
            panic!("samples")
        };
        assert!(hr.len() > 7000);
        // Spring forward: the morning is in +01:00, the afternoon in +02:00.
        assert_eq!(hr.first().unwrap().offset, 3600);
        assert_eq!(hr.last().unwrap().offset, 7200);
        let Payload::Samples(m) = day(&p, Kind::HeartRate1m, date) else {
            panic!("samples")
        };
        assert!(m.len() < hr.len() && m.len() > 1000);
        let Payload::Intervals(steps) = day(&p, Kind::Steps, date) else {
            panic!("intervals")
        };
        let total: f64 = steps.iter().map(|i| i.value).sum();
        assert_eq!(total, f64::from(p.daily_steps(date)));
        let Payload::Sleep(nights) = day(&p, Kind::Sleep, date) else {
            panic!("sleep")
        };
        assert!(nights.iter().any(|n| n.is_main && n.night() == date));
    }

    /// The drifting sleeper, through the demo's own generator and the Sleep timing page's
    /// analysis: the rhythm found over 90 days is the one the generator was built with
    /// (`Person::DRIFT_PERIOD_S`, 24.6 hours), to a tenth of an hour, and clear.
    #[test]
    fn the_drifting_sleepers_rhythm_is_the_generators_period() {
        let (from, to) = (
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 5, 29).unwrap(),
        );
        let rhythm = |user: &str| {
            let nights: Vec<SleepSession> = generate(user, Kind::Sleep, from, to)
                .days
                .into_values()
                .flat_map(|p| match p {
                    Payload::Sleep(s) => s.into_iter().filter(|s| s.is_main).collect(),
                    _ => Vec::new(),
                })
                .collect();
            assert!(nights.len() > 80, "{user}: {} nights", nights.len());
            let clock = crate::model::sleep_timing::Clock::Local;
            crate::model::sleep_timing::analyse(&nights, &[], (from, to), clock, false)
                .peak
                .unwrap()
        };
        let peak = rhythm(DRIFTING_USER);
        let want = Person::DRIFT_PERIOD_S as f64 / 3600.0;
        assert!((peak.period_h - want).abs() <= 0.1, "{peak:?}");
        assert!(
            peak.strength >= crate::model::sleep_timing::CLEAR,
            "{peak:?}"
        );
        // The default person keeps her 24-hour days.
        assert!((rhythm(USER).period_h - 24.0).abs() <= 0.1);
    }
}
