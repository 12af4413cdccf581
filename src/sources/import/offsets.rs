//! Where an export's zoneless times were recorded (takeout.md §3.4): each night's and each
//! exercise's exact offset from the relational tables, and the profile's zone with its DST
//! rules between them. Which of the two decided is kept per day. Pure.

use crate::model::zone::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// What decided a time's UTC offset, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A sleep of `UserSleeps` recorded its offset near this time.
    SleepLog,
    /// An exercise of `UserExercises` did.
    ExerciseLog,
    /// A file that covers whole local days began (or ended) there: a heart-rate day's first
    /// reading, a 30-day chunk's first minute.
    FileBoundary,
    /// The profile's zone (`Profile.csv`), with its DST rules: right unless the person travelled.
    ProfileZone,
    /// Nothing in the export says: UTC is assumed.
    Assumed,
}

impl Basis {
    /// Its name in a CSV's `time_basis` column.
    pub fn key(self) -> &'static str {
        match self {
            Basis::SleepLog => "sleep_log",
            Basis::ExerciseLog => "exercise_log",
            Basis::FileBoundary => "file_boundary",
            Basis::ProfileZone => "profile_zone",
            Basis::Assumed => "assumed_utc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::SleepLog => "sleep log offset",
            Basis::ExerciseLog => "exercise log offset",
            Basis::FileBoundary => "local midnight of a day file",
            Basis::ProfileZone => "profile time zone",
            Basis::Assumed => "assumed UTC",
        }
    }
}

/// A recorded offset is trusted this far from where it was recorded (when the profile's zone
/// is known; without it, any distance).
const REACH_S: i64 = 18 * 3600;

/// The offsets an export recorded, and the profile's zone.
#[derive(Clone, Debug, Default)]
pub struct Offsets {
    pub zone: Option<Zone>,
    /// (instant, offset in force then, from where), sorted by instant.
    points: Vec<(i64, i32, Basis)>,
}

impl Offsets {
    pub fn new(zone: Option<Zone>) -> Offsets {
        Offsets {
            zone,
            points: Vec::new(),
        }
    }

    /// Records that at instant `t` the offset was `offset`.
    pub fn record(&mut self, t: i64, offset: i32, basis: Basis) {
        let i = self.points.partition_point(|p| p.0 < t);
        self.points.insert(i, (t, offset, basis));
    }

    /// A file covering the local day `date` whose first reading is at `first` and last at
    /// `last`. A tracker worn across midnight records within seconds of it, so a first reading
    /// less than a minute after a quarter hour pins the offset at the start, and a last one
    /// less than a minute before a quarter hour pins it at the end (they differ on a day with a
    /// flight). Each pinned end is recorded.
    pub fn infer_day(&mut self, date: NaiveDate, first: i64, last: i64) {
        let midnight = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        let lower = midnight - first;
        let upper = midnight + 86_400 - last;
        let pinned = |off: i64| i32::try_from(off).ok().filter(|o| o.abs() <= 14 * 3600);
        // The quarter hour at or just above `lower`, and the one at or just below `upper`.
        let start = (lower.rem_euclid(900) == 0 || lower.rem_euclid(900) > 900 - 60)
            .then(|| (lower + 899).div_euclid(900) * 900)
            .and_then(pinned)
            .filter(|o| self.plausible(first, *o));
        let end = (upper.rem_euclid(900) < 60)
            .then(|| upper.div_euclid(900) * 900)
            .and_then(pinned)
            .filter(|o| self.plausible(last, *o));
        if let Some(o) = start {
            self.record(first, o, Basis::FileBoundary);
        }
        if let Some(o) = end {
            self.record(last, o, Basis::FileBoundary);
        }
    }

    /// Whether an offset inferred at `t` agrees with the zone or with the recorded offset
    /// nearest to it: a day worn from mid-day can start a few seconds after a quarter hour by
    /// chance, and must not move its neighbours. Without a zone, any offset is plausible.
    fn plausible(&self, t: i64, off: i32) -> bool {
        self.zone.is_none()
            || self.zone_offset(t) == Some(off)
            || self.nearest(t).is_some_and(|p| p.1 == off)
    }

    /// A file whose first reading is its first local midnight (a 30-day chunk of minutes,
    /// zero-step minutes included): that instant's offset, exactly.
    pub fn infer_start(&mut self, date: NaiveDate, first: i64) {
        let midnight = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        let off = midnight - first;
        if off.rem_euclid(900) == 0 && off.abs() <= 14 * 3600 {
            if let Ok(off) = i32::try_from(off) {
                self.record(first, off, Basis::FileBoundary);
            }
        }
    }

    fn zone_offset(&self, t: i64) -> Option<i32> {
        self.zone
            .as_ref()
            .map(|z| crate::model::time::offset_in(z, t))
    }

    fn nearest(&self, t: i64) -> Option<(i64, i32, Basis)> {
        let i = self.points.partition_point(|p| p.0 < t);
        let before = i.checked_sub(1).and_then(|j| self.points.get(j));
        let after = self.points.get(i);
        let best = match (before, after) {
            (Some(b), Some(a)) => Some(if t - b.0 <= a.0 - t { b } else { a }),
            (b, a) => b.or(a),
        };
        // Without a zone the nearest evidence is the best there is, however far.
        best.filter(|p| self.zone.is_none() || (p.0 - t).abs() <= REACH_S)
            .copied()
    }

    /// The offset in force at instant `t`, and what decided it. Where the nearest recorded
    /// offset agrees with the profile's zone, the zone's rules decide (they know the hour a DST
    /// switch happened); where it disagrees (a trip), the recorded offset does.
    pub fn at(&self, t: i64) -> (i32, Basis) {
        let zone = self.zone_offset(t);
        match (self.nearest(t), zone) {
            (Some((pt, off, basis)), Some(z)) => {
                if self.zone_offset(pt) == Some(off) {
                    (z, Basis::ProfileZone.min(basis))
                } else {
                    (off, basis)
                }
            }
            (Some((_, off, basis)), None) => (off, basis),
            (None, Some(z)) => (z, Basis::ProfileZone),
            (None, None) => (0, Basis::Assumed),
        }
    }

    /// A zoneless local time as (instant, offset), after `after` where the fall-back hour makes
    /// two possible; `None` in a spring-forward gap.
    pub fn resolve(&self, local: NaiveDateTime, after: Option<i64>) -> Option<(i64, i32, Basis)> {
        let naive = local.and_utc().timestamp();
        // First guess with the zone (or UTC), then with what was recorded around there.
        let guess = naive - i64::from(self.zone_offset(naive).unwrap_or(0));
        let zone_agrees = |p: (i64, i32, Basis)| self.zone_offset(p.0) == Some(p.1);
        match (self.nearest(guess), self.zone.as_ref()) {
            (Some(p), Some(zone)) if zone_agrees(p) => {
                crate::model::time::resolve_local(zone, local, after)
                    .map(|(t, o)| (t, o, p.2.min(Basis::ProfileZone)))
            }
            (Some((_, off, basis)), _) => Some((naive - i64::from(off), off, basis)),
            (None, Some(zone)) => crate::model::time::resolve_local(zone, local, after)
                .map(|(t, o)| (t, o, Basis::ProfileZone)),
            (None, None) => Some((naive, 0, Basis::Assumed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::parse_instant;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn the_zone_decides_the_dst_hour_a_trip_is_taken_from_the_logs() {
        let mut o = Offsets::new(crate::model::zone::Zone::tzdb("Europe/Berlin"));
        // The spring-forward night, recorded at its end (+02:00): the zone agrees there, so the
        // zone says when the switch happened.
        o.record(
            parse_instant("2026-03-29T05:00:00Z").unwrap(),
            7200,
            Basis::SleepLog,
        );
        let before = parse_instant("2026-03-29T00:30:00Z").unwrap();
        assert_eq!(o.at(before), (3600, Basis::SleepLog));
        // A night in Los Angeles: the zone (Berlin) disagrees, the log wins around it.
        let la = parse_instant("2026-06-15T14:00:00Z").unwrap();
        o.record(la, -7 * 3600, Basis::SleepLog);
        assert_eq!(o.at(la + 6 * 3600), (-7 * 3600, Basis::SleepLog));
        let (t, off, _) = o.resolve(local("2026-06-15T07:00:00"), None).unwrap();
        assert_eq!((t, off), (la, -7 * 3600));
        // Far from every log: the zone.
        let autumn = parse_instant("2026-10-01T12:00:00Z").unwrap();
        assert_eq!(o.at(autumn), (7200, Basis::ProfileZone));
        // Nothing known: UTC, and said so.
        assert_eq!(Offsets::new(None).at(autumn), (0, Basis::Assumed));
    }

    #[test]
    fn a_local_time_in_the_fall_back_hour_follows_after() {
        let o = Offsets::new(crate::model::zone::Zone::tzdb("Europe/Berlin"));
        let first = o.resolve(local("2026-10-25T02:30:00"), None).unwrap();
        let second = o
            .resolve(local("2026-10-25T02:30:00"), Some(first.0))
            .unwrap();
        assert_eq!(second.0 - first.0, 3600);
        assert!(o.resolve(local("2026-03-29T02:30:00"), None).is_none());
    }
}
