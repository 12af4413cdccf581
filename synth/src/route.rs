//! Where a workout went: the GPS track of a workout started on the tracker with the phone's
//! GPS, a point a second, laps of a park's loop (two straights and two bends, so the distance
//! along it is exact), as far as the tracker's own minutes say the person went.

use crate::{ExerciseLog, Person};
use chrono::{Offset, TimeZone};

/// One GPS fix of a workout, as a TCX trackpoint carries it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrackPoint {
    /// Unix seconds.
    pub t: i64,
    pub lat: f64,
    pub lon: f64,
    /// Metres above sea level.
    pub altitude_m: f64,
    /// Metres from the start, as the tracker counted them.
    pub distance_m: f64,
    /// The latest heart-rate reading at or before `t`, if one came in the last 30 s.
    pub bpm: Option<u16>,
}

/// Metres per degree of latitude on a sphere of the Earth's mean radius.
const METRES_PER_DEGREE: f64 = 6_371_000.0 * std::f64::consts::PI / 180.0;

impl Person {
    /// Whether the workout was recorded with GPS: one started on the tracker (with the phone's
    /// GPS connected), not one the tracker recognised on its own.
    pub fn has_gps(&self, log: &ExerciseLog) -> bool {
        log.log_type == "tracker"
    }

    /// The workout's GPS track, a point a second from its start to its end; empty without GPS.
    /// The distance of each point is the tracker's (its minutes' distances, each spread evenly
    /// over its seconds), and the point lies that far along the loop.
    pub fn route(&self, log: &ExerciseLog) -> Vec<TrackPoint> {
        if !self.has_gps(log) || log.end <= log.start {
            return Vec::new();
        }
        let minutes = self.activity(log.start, log.end);
        let hr = self.heart_rate(log.start - 30, log.end + 1);
        let k = log.start.div_euclid(86_400);
        // The park: near where the person is (the zone's standard offset gives the longitude),
        // a loop 1.2 to 2.4 km long, turned by the day.
        let zone = self.zone_at(log.start);
        let utc = chrono::DateTime::from_timestamp(log.start, 0).unwrap_or_default();
        let hours = f64::from(
            zone.offset_from_utc_datetime(&utc.naive_utc())
                .fix()
                .local_minus_utc(),
        ) / 3600.0;
        let lat0 = 35.0 + 20.0 * self.unit(60, hours as i64);
        let lon0 = (hours * 15.0 + 5.0 * (self.unit(61, hours as i64) - 0.5)).clamp(-179.0, 179.0);
        let straight = 300.0 + 300.0 * self.unit(62, k);
        let radius = 100.0 + 60.0 * self.unit(63, k);
        let turn = std::f64::consts::TAU * self.unit(64, k);
        let lap = 2.0 * straight + std::f64::consts::TAU * radius;
        let mut out = Vec::with_capacity((log.end - log.start + 1) as usize);
        let (mut done, mut m, mut h) = (0.0, 0, 0);
        for t in log.start..=log.end {
            // The metres of the minute `t` is in, spread over its seconds inside the workout.
            while m < minutes.len() && minutes[m].t + 60 <= t {
                done += f64::from(minutes[m].distance_mm) / 1000.0;
                m += 1;
            }
            let distance_m = match minutes.get(m) {
                Some(min) if min.t <= t => {
                    let seconds = (min.t + 60).min(log.end) - min.t.max(log.start);
                    let into = t - min.t.max(log.start);
                    done + f64::from(min.distance_mm) / 1000.0 * into as f64 / seconds.max(1) as f64
                }
                _ => done,
            };
            while h + 1 < hr.len() && hr[h + 1].t <= t {
                h += 1;
            }
            let bpm = hr
                .get(h)
                .filter(|s| s.t <= t && t - s.t <= 30)
                .map(|s| s.bpm);
            let (x, y) = loop_at(distance_m.rem_euclid(lap), straight, radius);
            let (x, y) = (
                x * turn.cos() - y * turn.sin(),
                x * turn.sin() + y * turn.cos(),
            );
            let lat = lat0 + y / METRES_PER_DEGREE;
            let lon = lon0 + x / (METRES_PER_DEGREE * lat0.to_radians().cos());
            let altitude_m = 120.0 + 8.0 * (std::f64::consts::TAU * distance_m / lap).sin();
            out.push(TrackPoint {
                t,
                lat,
                lon,
                altitude_m,
                distance_m,
                bpm,
            });
        }
        out
    }
}

/// The point `d` metres along a stadium loop (straights of `straight` metres, bends of
/// `radius`), starting at the middle of its bottom straight, running east, anticlockwise; in
/// metres east and north of the loop's centre.
fn loop_at(d: f64, straight: f64, radius: f64) -> (f64, f64) {
    let half = straight / 2.0;
    let bend = std::f64::consts::PI * radius;
    let legs = [half, bend, straight, bend, half];
    let mut d = d;
    for (i, leg) in legs.iter().enumerate() {
        if d <= *leg || i == legs.len() - 1 {
            let a = d / radius;
            return match i {
                0 => (d, -radius),
                1 => (half + radius * a.sin(), -radius * a.cos()),
                2 => (half - d, radius),
                3 => (-half - radius * a.sin(), radius * a.cos()),
                _ => (-half + d, -radius),
            };
        }
        d -= leg;
    }
    (0.0, -radius)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_is_walked_at_the_distance_given() {
        let (straight, radius) = (400.0, 120.0);
        let lap = 2.0 * straight + std::f64::consts::TAU * radius;
        let mut last = loop_at(0.0, straight, radius);
        let mut walked = 0.0;
        for i in 1..=10_000 {
            let p = loop_at(lap * f64::from(i) / 10_000.0, straight, radius);
            walked += ((p.0 - last.0).powi(2) + (p.1 - last.1).powi(2)).sqrt();
            last = p;
        }
        assert!((walked - lap).abs() < 0.01, "{walked} against {lap}");
        assert!((last.0 - 0.0).abs() < 1e-6 && (last.1 + radius).abs() < 1e-6);
    }

    #[test]
    fn a_tracker_workout_has_a_track_to_its_distance_and_an_auto_detected_one_none() {
        let p = Person::berlin(7);
        let logs: Vec<_> = (0..40)
            .filter_map(|i| {
                p.exercise_on(
                    chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(i),
                )
            })
            .collect();
        let gps = logs.iter().find(|l| l.log_type == "tracker").unwrap();
        let track = p.route(gps);
        assert_eq!(track.len() as i64, gps.end - gps.start + 1);
        let last = track.last().unwrap();
        assert!(
            (last.distance_m - gps.distance_mm as f64 / 1000.0).abs() < 1e-6,
            "{} against {}",
            last.distance_m,
            gps.distance_mm
        );
        assert!(track.windows(2).all(|w| w[1].distance_m >= w[0].distance_m));
        assert!(track.iter().filter(|p| p.bpm.is_some()).count() > track.len() / 2);
        let none = logs.iter().find(|l| l.log_type == "auto_detected").unwrap();
        assert!(p.route(none).is_empty());
    }
}
