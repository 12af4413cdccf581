//! Where an export's times were recorded (takeout.md §3.4), weighed as evidence: the day
//! files' own midnights (the data), the offsets the relational tables claim for each sleep and
//! exercise, and the profile's zone with its DST rules. The data decides: a table's claim that
//! a day file contradicts loses, and so does every claim of the same table and offset once
//! most of those that could be tested were wrong (a table that wrote local wall-clock times
//! with a `+00:00` label for years). Within one day the offset changes only where the zone's
//! rules or a trip explain it, never reading by reading. Pure.

use crate::model::time::civil_date;
use crate::model::zone::Zone;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What decided a time's UTC offset, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A file that covers whole local days began (or ended) there: a heart-rate day's first
    /// reading, a 30-day chunk's first minute. It is the data itself.
    FileBoundary,
    /// A sleep of `UserSleeps` recorded its offset near this time, and no day file says
    /// otherwise.
    SleepLog,
    /// An exercise of `UserExercises` did.
    ExerciseLog,
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

/// A table's claim is tested against the day-file edges this close to it: a local day is at
/// most 26 hours long, so an edge this near lies in the claim's own day or the next one.
const TEST_S: i64 = 14 * 3600;

/// Two day-file edges further apart than this do not bracket one stretch of time.
const BRACKET_S: i64 = 30 * 3600;

/// Steps inside a claimed sleep that say the person was up: a few dozen are a night's trips
/// to the bathroom; this many, and ten times those of the same wall-clock hours under another
/// offset, are an evening's or a morning's.
const AWAKE_STEPS: f64 = 200.0;

/// A table's claim, as far as the day files can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// No day-file edge near it.
    Untested,
    /// A day-file edge near it says the same offset.
    Supported,
    /// The day-file edges near it all say another offset.
    Contradicted(i32),
}

#[derive(Clone, Copy, Debug)]
struct Claim {
    t: i64,
    off: i32,
    basis: Basis,
    verdict: Verdict,
    /// The offset the steps say instead, where a sleep claimed here had the steps of someone
    /// awake and the same wall-clock hours under that offset had almost none (`weigh_steps`).
    awake: Option<i32>,
}

/// One day whose clues disagreed: which won, and why. For the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub date: NaiveDate,
    /// The clue that lost, and the offset it claimed (seconds east of UTC).
    pub loser: Basis,
    pub claimed: i32,
    /// The clue that won, and its offset.
    pub winner: Basis,
    pub offset: i32,
    /// Whether the steps decided it (a sleep the table placed where the person walked), not a
    /// day file's midnight.
    pub by_steps: bool,
}

impl Disagreement {
    pub fn text(&self) -> String {
        format!(
            "{}: the {} said UTC{}, the {} said UTC{}; the {} won, because {}.",
            self.date,
            self.loser.label(),
            offset_text(self.claimed),
            self.winner.label(),
            offset_text(self.offset),
            self.winner.label(),
            if self.by_steps {
                "the steps recorded then show the person up and walking at the hours of that sleep"
            } else {
                "it is the data itself"
            },
        )
    }
}

/// Whether `t` is within two days of a date on which one of `dst_switch`'s rules can switch
/// (UTC dates, with a day more either way: New Zealand's switch is on the UTC date before its
/// own): March 5 to April 10 (North America, the EU, the south's end), September 21 to October
/// 10 (the south's start), October 22 to November 10 (the EU's and North America's end).
fn in_dst_season(t: i64) -> bool {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(t, 0).is_some_and(|d| {
        matches!(
            (d.month(), d.day()),
            (3, 5..) | (4, ..=10) | (9, 21..) | (10, ..=10) | (10, 22..) | (11, ..=10)
        )
    })
}

/// The first instant in `(lo, hi)` where a zone with `before` and `after` as its offsets
/// switches DST, by the rules the tz database gives every such zone today: Europe at 01:00
/// UTC both ways, on the last Sunday of March and of October; North America at 02:00 on the
/// clock before, on the second Sunday of March and the first of November; Australia and New
/// Zealand at 02:00 standard time in spring (the last Sunday of September or the first of
/// October) and 03:00 summer time in autumn (the first Sunday of April). For a zone the
/// export does not name (one the person was visiting). A step on any other date is no DST
/// switch: a flight (Berlin to London in early March is an hour back, and no zone with those
/// offsets turns its clock then).
fn dst_switch(lo: i64, hi: i64, before: i32, after: i32) -> Option<i64> {
    use chrono::Datelike;
    let (lo_off, hi_off) = (before.min(after), before.max(after));
    let forward = after > before;
    // The hour of the day, on the clock before, at which the switch happens, and the
    // (month, first day of the month) of the seven days whose Sunday it happens on.
    let (local_hour, weeks): (i64, &[(u32, u32)]) = if lo_off >= -3600 && hi_off <= 4 * 3600 {
        // 01:00 UTC.
        let hour = (3600 + i64::from(before)).rem_euclid(86_400) / 3600;
        (hour, if forward { &[(3, 25)] } else { &[(10, 25)] })
    } else if hi_off <= -3600 {
        (2, if forward { &[(3, 8)] } else { &[(11, 1)] })
    } else if forward {
        (2, &[(9, 24), (10, 1)])
    } else {
        (3, &[(4, 1)])
    };
    let on_rule_day = |t: i64| {
        chrono::DateTime::from_timestamp(t + i64::from(before), 0).is_some_and(|c| {
            let day = c.date_naive();
            day.weekday() == chrono::Weekday::Sun
                && weeks
                    .iter()
                    .any(|&(m, d)| day.month() == m && (d..d + 7).contains(&day.day()))
        })
    };
    let first_day = (lo + i64::from(before)).div_euclid(86_400);
    (first_day..=first_day + 2)
        .map(|d| d * 86_400 + local_hour * 3600 - i64::from(before))
        .find(|&t| lo < t && t < hi && on_rule_day(t))
}

/// The longest pause between consecutive readings, as (last reading before, start of the
/// minute of the first reading after): a clock turned in it turned at that minute.
fn longest_pause(times: &[i64]) -> Option<(i64, i64)> {
    times
        .windows(2)
        .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
        .max_by_key(|(x, y)| y - x)
        .map(|(x, y)| (x, (y - y.rem_euclid(60)).max(x + 1)))
}

pub use crate::model::time::offset_text;

/// A clue to the clock: where, which offset, and what said it.
type Clue = (i64, i32, Basis);

/// The offsets an export recorded, and the profile's zone.
#[derive(Clone, Debug, Default)]
pub struct Offsets {
    pub zone: Option<Zone>,
    /// Day-file edges: (instant, offset), sorted by instant.
    pins: Vec<(i64, i32)>,
    /// The tables' claims, sorted by instant.
    claims: Vec<Claim>,
    /// Per (table, offset): claims the day files supported and contradicted.
    tally: HashMap<(Basis, i32), (u32, u32)>,
    /// Day-file edges not believed alone, waiting for the neighbouring file to meet them.
    loose: Vec<(i64, i32)>,
    /// The pauses in which `place_change` turned the clock (a flight): no one lived a local
    /// time inside them, so none is resolved there.
    pauses: Vec<(i64, i64)>,
    /// The sleeps the tables claim: (start, end), each end also a claim of its own offset.
    sleeps: Vec<(i64, i64)>,
}

/// The offsets `Offsets::resolve_in` tried for one hour of zoneless times.
#[derive(Debug, Default)]
pub struct Candidates {
    hour: Option<i64>,
    offsets: Vec<i32>,
    /// Times may fall inside a flight's pause (minutes the tracker counts off the wrist, as
    /// calories are); otherwise such a time is no reading's.
    in_pauses: bool,
}

impl Candidates {
    /// For a file whose times may fall inside a flight's pause (see `in_pauses`).
    pub fn counting_pauses() -> Candidates {
        Candidates {
            in_pauses: true,
            ..Candidates::default()
        }
    }
}

impl Offsets {
    pub fn new(zone: Option<Zone>) -> Offsets {
        Offsets {
            zone,
            ..Offsets::default()
        }
    }

    /// Records that at instant `t` the offset was `offset`, as `basis` says. A file boundary is
    /// the data's own evidence; anything else is a table's claim, weighed against it.
    pub fn record(&mut self, t: i64, offset: i32, basis: Basis) {
        if basis == Basis::FileBoundary {
            self.pin(t, offset);
        } else {
            let i = self.claims.partition_point(|c| c.t < t);
            let verdict = self.verdict(t, offset);
            self.count(basis, offset, verdict, 1);
            self.claims.insert(
                i,
                Claim {
                    t,
                    off: offset,
                    basis,
                    verdict,
                    awake: None,
                },
            );
        }
    }

    /// Records a sleep a table claims, from `start` to `end` with the offsets it gives each:
    /// two claims, and a span the steps can test (`weigh_steps`).
    pub fn record_sleep(&mut self, (start, start_off): (i64, i32), (end, end_off): (i64, i32)) {
        self.record(start, start_off, Basis::SleepLog);
        self.record(end, end_off, Basis::SleepLog);
        if start < end {
            self.sleeps.push((start, end));
        }
    }

    /// Tests the tables' sleeps against a stretch of minute steps (real UTC: `(minute start,
    /// steps)`, sorted). Without a day file's midnight near it, a table's offset is otherwise
    /// untested, and a table that writes local wall-clock time as `+00:00` would place whole
    /// days (a sleep's and every reading near it) hours off. A sleep at the claimed instants
    /// with hundreds of steps inside, where the same wall-clock hours under the zone's offset
    /// (or a day file's) hold a tenth of them, is a claim the data contradicts: the person was
    /// up. A sleep the steps do not tell apart is left untested.
    pub fn weigh_steps(&mut self, minutes: &[(i64, f64)]) {
        let mut sorted = std::borrow::Cow::Borrowed(minutes);
        if !minutes.is_sorted_by_key(|m| m.0) {
            sorted.to_mut().sort_by_key(|m| m.0);
        }
        let minutes = &*sorted;
        let (Some(&(lo, _)), Some(&(hi, _))) = (minutes.first(), minutes.last()) else {
            return;
        };
        // Steps before each minute, so any span's sum is one subtraction.
        let mut before = Vec::with_capacity(minutes.len() + 1);
        before.push(0.0);
        let mut sum = 0.0;
        for (_, v) in minutes {
            sum += v;
            before.push(sum);
        }
        let steps = |a: i64, b: i64| {
            let i = minutes.partition_point(|m| m.0 < a);
            let j = minutes.partition_point(|m| m.0 < b);
            before.get(j).copied().unwrap_or(sum) - before.get(i).copied().unwrap_or(0.0)
        };
        let covered = |a: i64, b: i64| lo <= a && b <= hi + 60;
        let mut found = Vec::new();
        for &(start, end) in &self.sleeps {
            // (The span first: each sleep lies in one stretch of the export's steps.)
            if !covered(start, end) {
                continue;
            }
            let Some(claimed) = self.claims_at(start).find(|c| c.basis == Basis::SleepLog) else {
                continue;
            };
            let up = steps(start, end);
            if up < AWAKE_STEPS {
                continue;
            }
            let claimed_end = self
                .claims_at(end)
                .find(|c| c.basis == Basis::SleepLog)
                .map_or(claimed.off, |c| c.off);
            // The sleep's wall-clock times, as the table wrote them.
            let (naive_start, naive_end) =
                (start + i64::from(claimed.off), end + i64::from(claimed_end));
            // The same wall-clock times under the zone's clock (each end under its own offset:
            // a night across a DST switch has two), or under a day file's. A wall time the
            // zone never showed (the spring-forward gap) is not the zone's.
            let under_zone = self.zone.as_ref().and_then(|z| {
                let wall = |n: i64| chrono::DateTime::from_timestamp(n, 0).map(|d| d.naive_utc());
                let (s, a) = crate::model::time::resolve_local(z, wall(naive_start)?, None)?;
                let (_, b) = crate::model::time::resolve_local(z, wall(naive_end)?, Some(s))?;
                Some((a, b))
            });
            let under_pin = self.nearest_pin(start).map(|p| (p.1, p.1));
            let real = [under_zone, under_pin]
                .into_iter()
                .flatten()
                .find(|&(a, b)| {
                    let (s, e) = (naive_start - i64::from(a), naive_end - i64::from(b));
                    if (s, e) == (start, end) || s >= e {
                        return false;
                    }
                    // Where those hours run past the export's steps (a night before its first
                    // day), the part it has speaks for the whole at its rate, if it is most of it.
                    let (cs, ce) = (s.max(lo), e.min(hi + 60));
                    if (ce - cs) * 2 < e - s {
                        return false;
                    }
                    let rate = steps(cs, ce) / (ce - cs) as f64;
                    rate * (e - s) as f64 * 10.0 <= up
                });
            if let Some((a, b)) = real {
                found.push((start, a));
                found.push((end, b));
            }
        }
        for (t, real) in found {
            let lo = self.claims.partition_point(|c| c.t < t);
            let hi = self.claims.partition_point(|c| c.t <= t);
            for j in lo..hi {
                match self.claims.get_mut(j) {
                    Some(c) if c.basis == Basis::SleepLog && c.off != real => c.awake = Some(real),
                    _ => continue,
                }
                self.retest(j);
            }
        }
    }

    /// The claims recorded at exactly `t`.
    fn claims_at(&self, t: i64) -> impl Iterator<Item = &Claim> {
        let lo = self.claims.partition_point(|c| c.t < t);
        self.claims
            .get(lo..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |c| c.t == t)
    }

    /// A claim's verdict: the day files' where they test it, else the steps'.
    fn judge(&self, c: &Claim) -> Verdict {
        match (self.verdict(c.t, c.off), c.awake) {
            (Verdict::Untested, Some(real)) => Verdict::Contradicted(real),
            (v, _) => v,
        }
    }

    fn pin(&mut self, t: i64, offset: i32) {
        let i = self.pins.partition_point(|p| p.0 < t);
        match self.pins.get_mut(i) {
            Some(p) if *p == (t, offset) => return,
            // Two day files met at this edge: they overrule what one alone suggested.
            Some(p) if p.0 == t => p.1 = offset,
            _ => self.pins.insert(i, (t, offset)),
        }
        // The claims near the new edge are tested again.
        let lo = self.claims.partition_point(|c| c.t < t - BRACKET_S);
        let hi = self.claims.partition_point(|c| c.t <= t + BRACKET_S);
        for j in lo..hi {
            self.retest(j);
        }
    }

    /// Judges claim `j` again (a new day-file edge near it, or the steps' word on it), moving
    /// its count in the tally where the verdict changed.
    fn retest(&mut self, j: usize) {
        let Some(c) = self.claims.get(j).copied() else {
            return;
        };
        let verdict = self.judge(&c);
        if verdict != c.verdict {
            self.count(c.basis, c.off, c.verdict, -1);
            self.count(c.basis, c.off, verdict, 1);
            if let Some(x) = self.claims.get_mut(j) {
                x.verdict = verdict;
            }
        }
    }

    /// The days whose clues disagreed, in date order: each table claim the day files
    /// contradict, once per date and table.
    pub fn disagreements(&self) -> Vec<Disagreement> {
        let mut v: Vec<Disagreement> = self
            .claims
            .iter()
            .filter_map(|c| match c.verdict {
                Verdict::Contradicted(real) => {
                    // The steps' verdict stands only where no day file tested the claim.
                    let by_steps = self.verdict(c.t, c.off) == Verdict::Untested;
                    Some(Disagreement {
                        date: crate::model::time::civil_date(c.t, real),
                        loser: c.basis,
                        claimed: c.off,
                        winner: if by_steps {
                            // What places the times there now: the zone, else a day file's
                            // midnight further away.
                            self.at(c.t).1
                        } else {
                            Basis::FileBoundary
                        },
                        offset: real,
                        by_steps,
                    })
                }
                _ => None,
            })
            .collect();
        v.sort_by_key(|d| d.date);
        v.dedup_by(|a, b| a.date == b.date && a.loser == b.loser);
        v
    }

    fn count(&mut self, basis: Basis, off: i32, v: Verdict, by: i32) {
        let e = self.tally.entry((basis, off)).or_insert((0, 0));
        let add = |n: &mut u32| *n = n.saturating_add_signed(by);
        match v {
            Verdict::Untested => {}
            Verdict::Supported => add(&mut e.0),
            Verdict::Contradicted(_) => add(&mut e.1),
        }
    }

    /// What the day-file edges near `t` say of a claimed offset.
    /// Contradicted only inside a stretch the day files cover on both sides (a DST switch or
    /// a flight may lie between an edge and a claim outside one).
    fn verdict(&self, t: i64, off: i32) -> Verdict {
        if let Some((p, n)) = self.bracket(t) {
            // A DST switch inside the stretch: the zone says which side `t` is on.
            if p.1 != n.1 && self.explained_by_zone(p.0, p.1, n.0, n.1) {
                let real = self.zone_offset(t).unwrap_or(off);
                return if real == off {
                    Verdict::Supported
                } else {
                    Verdict::Contradicted(real)
                };
            }
            // Otherwise the side of the change the claim is on (a flight, placed by
            // `place_change`; claims near it are judged again when it is).
            let real = if p.1 == n.1 || t < self.switch(p, n) {
                p.1
            } else {
                n.1
            };
            // That side's clock may have switched DST by the rules between its edge and the
            // claim (Chicago's fall-back night, then a flight to Berlin that evening).
            let switched = p.1 != n.1
                && if real == p.1 {
                    dst_switch(p.0, t, p.1, off).is_some()
                } else {
                    dst_switch(t, n.0, off, n.1).is_some()
                };
            return if real == off || switched {
                Verdict::Supported
            } else {
                Verdict::Contradicted(real)
            };
        }
        let lo = self.pins.partition_point(|p| p.0 < t - TEST_S);
        let hi = self.pins.partition_point(|p| p.0 <= t + TEST_S);
        if self
            .pins
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .any(|p| p.1 == off)
        {
            Verdict::Supported
        } else {
            Verdict::Untested
        }
    }

    /// Whether a claim counts: not contradicted itself, and, untested, not from a table and
    /// offset the day files have mostly contradicted.
    fn credible(&self, c: &Claim) -> bool {
        match c.verdict {
            Verdict::Supported => true,
            Verdict::Contradicted(_) => false,
            Verdict::Untested => {
                let (sup, con) = self.tally.get(&(c.basis, c.off)).copied().unwrap_or((0, 0));
                con == 0 || sup > con
            }
        }
    }

    /// The offset a day-file edge pinned at exactly `t`, if any.
    pub fn pinned_at(&self, t: i64) -> Option<i32> {
        let i = self.pins.partition_point(|p| p.0 < t);
        self.pins.get(i).filter(|p| p.0 == t).map(|p| p.1)
    }

    /// Whether the claim `basis` recorded at `t` with `offset` still counts.
    pub fn believes(&self, t: i64, offset: i32, basis: Basis) -> bool {
        self.claims_at(t)
            .find(|c| c.off == offset && c.basis == basis)
            .is_none_or(|c| self.credible(c))
    }

    /// A file covering the local day `date` whose first reading is at `first` and last at
    /// `last`. A tracker worn across midnight records within seconds of it, so a first reading
    /// less than a minute after a quarter hour pins the offset at the start, and a last one
    /// less than a minute before a quarter hour pins it at the end (they differ on a day with a
    /// flight or a DST switch). Each pinned end is recorded; both are returned.
    /// `before`: the last reading of the day file before it, when that is the previous date's:
    /// a first reading long after it followed a pause, not a midnight worn across. `flew`: the
    /// file has a pause a flight long inside it.
    pub fn infer_day(
        &mut self,
        date: NaiveDate,
        (first, last): (i64, i64),
        before: Option<i64>,
        flew: bool,
    ) -> (Option<i32>, Option<i32>) {
        let midnight = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        let lower = midnight - first;
        let upper = midnight + 86_400 - last;
        let pinned = |off: i64| i32::try_from(off).ok().filter(|o| o.abs() <= 14 * 3600);
        // The quarter hour at or just above `lower`, and the one at or just below `upper`.
        let worn_across = before.is_none_or(|b| first - b <= 300);
        let start = (worn_across
            && (lower.rem_euclid(900) == 0 || lower.rem_euclid(900) > 900 - 60))
            .then(|| (lower + 899).div_euclid(900) * 900)
            .and_then(pinned);
        let end = (upper.rem_euclid(900) < 60)
            .then(|| upper.div_euclid(900) * 900)
            .and_then(pinned);
        // An edge is believed where the zone or a clue near it agrees, where the neighbouring
        // day file met it at the same midnight, or (the end) where the file is longer than any
        // day of one clock can be: the clock went back during it, a flight west.
        // Both edges at quarter hours of one offset: a whole day worn on one clock.
        let agree = start.is_some() && start == end;
        // A file that begins after a pause (a landing) where the clock the day files last
        // pinned before the pause would put its first reading on another date: the clock
        // changed during the pause, and an end at a midnight that keeps the first reading on
        // the file's date says to what.
        let on_date = |o: i32| crate::model::time::civil_date(first, o) == date;
        let clock_before = before.and_then(|b| {
            let i = self.pins.partition_point(|p| p.0 <= b);
            i.checked_sub(1).and_then(|i| self.pins.get(i)).map(|p| p.1)
        });
        let landed = !worn_across && clock_before.is_some_and(|o| !on_date(o));
        // (`met` first and always: it also pins the neighbour's edge it meets.)
        let start = start.filter(|o| {
            self.met(first, *o) | agree || self.plausible(first, *o) || self.continues(first, *o)
        });
        let end = end.filter(|o| match start {
            // The clock changed within the file: only a file longer than a day (the clock
            // went back: a fall-back night or a flight west), a clue, or the next day file
            // (which meets it later, `met`) says so, or a flight inside the file (the end
            // is then worn across the new clock's midnight). A tracker taken off an hour
            // before midnight for a flight ends on a quarter hour too: the flight is after
            // that file, not inside it.
            Some(a) if a != *o => {
                // A file longer than a day: the clock went back within it.
                self.met(last, *o) | (last - first > 24 * 3600 + 60)
                    || self.supported(last, *o)
                    || flew
            }
            _ => self.met(last, *o) | agree || self.plausible(last, *o) || (landed && on_date(*o)),
        });
        for (t, o) in [(first, start), (last, end)] {
            if let Some(o) = o {
                self.pin(t, o);
            }
        }
        // An edge not believed waits for the next day file to meet it.
        if start.is_none() && worn_across && lower.rem_euclid(900) > 900 - 60 {
            if let Some(o) = pinned((lower + 899).div_euclid(900) * 900) {
                self.loose.push((first, o));
            }
        }
        if end.is_none() && upper.rem_euclid(900) < 60 {
            if let Some(o) = pinned(upper.div_euclid(900) * 900) {
                self.loose.push((last, o));
            }
        }
        (start, end)
    }

    /// Whether an edge not believed on its own (at `t`, `off`) meets one of the neighbouring
    /// day file's at the same midnight: two files agree where it was. Both are pinned.
    fn met(&mut self, t: i64, off: i32) -> bool {
        let found = self
            .loose
            .iter()
            .position(|&(u, o)| o == off && (u - t).abs() <= 120);
        if let Some(i) = found {
            let (u, o) = self.loose.swap_remove(i);
            self.pin(u, o);
        }
        // Kept while a held day may still ask for them (`fit_day`): the next file, which
        // places it, can end two days and more after it (a date lived 37 hours, with a day
        // not worn between).
        self.loose.retain(|&(u, _)| (u - t).abs() <= 4 * 86_400);
        found.is_some()
    }

    /// A heart-rate day file is one local day: its first and last readings fall on `date`.
    /// Where an end is not pinned by a midnight and the offset the evidence gives there would
    /// put it on another date, the offset of the file's other end (else of the evidence near
    /// it) that keeps it on its day is pinned there; where it does fall on its day, that offset
    /// is pinned, so evidence read later cannot move it off. Returns both ends' offsets.
    pub fn fit_day(
        &mut self,
        date: NaiveDate,
        (first, start): (i64, Option<i32>),
        (last, end): (i64, Option<i32>),
    ) -> (Option<i32>, Option<i32>) {
        let mut fit = |t: i64, known: Option<i32>, other: Option<(i64, i32)>| {
            if known.is_some() {
                return known;
            }
            let on = |o: i32| crate::model::time::civil_date(t, o) == date;
            // Continuity first: a clock that changes inside a day file needs evidence at both
            // of its ends. Then this end's own quarter-hour edge, then what the evidence says
            // now (not a table's word alone, which the day files read later may overrule),
            // then any clue near.
            let own = self.loose.iter().find(|l| l.0 == t).map(|l| l.1);
            let (now, basis) = self.at(t);
            let now = (!matches!(basis, Basis::SleepLog | Basis::ExerciseLog)).then_some(now);
            let lo = self.pins.partition_point(|p| p.0 < t - 2 * 86_400);
            let hi = self.pins.partition_point(|p| p.0 <= t + 2 * 86_400);
            let mut near: Vec<(i64, i32)> = self.pins.get(lo..hi).unwrap_or(&[]).to_vec();
            near.extend(
                self.claims_in(t - 2 * 86_400, t + 2 * 86_400)
                    .map(|c| (c.t, c.off)),
            );
            near.sort_by_key(|p| (p.0 - t).abs());
            // The other end's clock carried here, by the zone's rules where the zone agrees
            // with it there (a DST night inside the day); else by the DST rules of a zone
            // with that offset, where a credible clue between says the clock switched.
            let other = other.map(|(u, o)| match self.zone_offset(u) {
                Some(z) if z == o => self.zone_offset(t).unwrap_or(o),
                _ => self.carried(u, o, t),
            });
            let found = other
                .into_iter()
                .chain(own)
                .chain(now)
                .chain(near.into_iter().map(|p| p.1))
                .chain(self.zone_offset(t))
                .find(|o| on(*o));
            if let Some(o) = found {
                // Kept, so evidence read later cannot move this end off its day.
                self.pin(t, o);
            }
            found
        };
        let end = fit(last, end, start.map(|o| (first, o)));
        let start = fit(first, start, end.map(|o| (last, o)));
        (start, end)
    }

    /// The clock `off`, seen at `u`, at `t` in the same day file: switched by the DST rules
    /// of a zone with that offset where a credible claim between (on the far side of the
    /// switch) says so, else unchanged. For a zone that is not the profile's (a trip).
    fn carried(&self, u: i64, off: i32, t: i64) -> i32 {
        let (from, to) = (u.min(t), u.max(t));
        self.claims_in(from, to)
            .filter(|c| (c.off - off).abs() == 3600)
            .find(|c| {
                if u < t {
                    dst_switch(u, c.t, off, c.off).is_some()
                } else {
                    dst_switch(c.t, u, c.off, off).is_some()
                }
            })
            .map_or(off, |c| c.off)
    }

    /// Whether the zone or a credible claim near `t` says `off`.
    fn supported(&self, t: i64, off: i32) -> bool {
        self.zone_offset(t) == Some(off)
            || self
                .nearest_claim(t)
                .is_some_and(|c| c.off == off && (c.t - t).abs() <= REACH_S)
    }

    /// Whether an offset inferred at `t` agrees with the zone, a day-file edge or a credible
    /// claim near it: a day worn from mid-day (or taken off for a flight) can start or end a
    /// few seconds from a quarter hour by chance, and must not move its neighbours. With no
    /// zone and no evidence yet, any offset is.
    fn plausible(&self, t: i64, off: i32) -> bool {
        // Evidence far away says nothing of continuity, with or without a zone.
        let pin = self.nearest_pin(t).filter(|p| (p.0 - t).abs() <= REACH_S);
        let claim = self.nearest_claim(t).filter(|c| (c.t - t).abs() <= REACH_S);
        (self.zone.is_none() && pin.is_none() && claim.is_none())
            || self.zone_offset(t) == Some(off)
            || pin.is_some_and(|p| p.1 == off)
            || claim.is_some_and(|c| c.off == off)
    }

    /// Whether `off` at `t` is the clock the day files last pinned, within two days (a day not
    /// worn between), with no credible clue since saying another: nothing says it changed.
    fn continues(&self, t: i64, off: i32) -> bool {
        let i = self.pins.partition_point(|p| p.0 < t);
        i.checked_sub(1)
            .and_then(|j| self.pins.get(j))
            .is_some_and(|p| {
                p.1 == off && t - p.0 <= 2 * 86_400 && self.claims_in(p.0, t).all(|c| c.off == off)
            })
    }

    /// A day file whose edges say different offsets (`before` at `first`, `after` at `last`)
    /// that the zone's rules do not explain: a trip, or a DST switch of a zone that is not the
    /// profile's. Where the clock changed is found from the readings themselves: a DST-sized
    /// step that spans a night is taken at 02:00 on the clock before it (North America's rule,
    /// and the EU's in spring); anything else at the longest pause in the readings between the
    /// last clue of the old offset and the first of the new (the flight, when the tracker was
    /// off). `times` are the day's readings, sorted.
    pub fn place_change(&mut self, times: &[i64], before: i32, after: i32) {
        let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
            return;
        };
        if before == after {
            // Both ends on one clock, and yet the profile's zone switched DST in between, and
            // the tracker was off for a flight after the switch: the clock changed twice
            // (Chicago's fall-back night, then a flight to New York that evening back onto
            // -05:00). The zone's rules hold up to the flight; the clock after it is the end's.
            let flight = longest_pause(times).filter(|(x, y)| y - x >= 90 * 60);
            if let (Some((x, y)), Some(z)) = (flight, self.zone_offset(first)) {
                let at_pause = self.zone_offset(x).unwrap_or(z);
                if z == before && at_pause != before && dst_switch(first, x, z, at_pause).is_some()
                {
                    self.turn_in_pause((x, y), at_pause, after);
                }
            }
            return;
        }
        if self.explained_by_zone(first, before, last, after) {
            return;
        }
        // The window the clues leave open.
        let lo = self
            .claims_in(first, last)
            .filter(|c| c.off == before)
            .map(|c| c.t)
            .max()
            .unwrap_or(first);
        let hi = self
            .claims_in(lo, last)
            .filter(|c| c.off == after)
            .map(|c| c.t)
            .min()
            .unwrap_or(last);
        let dst_like = (before - after).abs() <= 3600;
        // Where the DST rules of the zones with these offsets switch, inside the window.
        let two_am = dst_switch(lo, hi, before, after);
        // The longest pause in the readings; those around the clues count too (a clue can
        // fall inside the flight). The clock turns at the start of the minute of the first
        // reading after it.
        let a = times.partition_point(|&t| t < lo).saturating_sub(1);
        let b = (times.partition_point(|&t| t <= hi) + 1).min(times.len());
        let pause = longest_pause(times.get(a..b).unwrap_or(&[]));
        // A tracker off for an hour and a half or more anywhere in the file is a flight,
        // DST-sized or not (London to Berlin), whatever the tables say; otherwise a DST-sized
        // step is a switch by the rules, else the longest pause between the clues.
        let flight = longest_pause(times).filter(|(x, y)| y - x >= 90 * 60);
        // Unless the DST rules switch inside the window and the pause is wholly outside it:
        // then the pause changed nothing (a flight within one zone, a tracker charged), and
        // the clues on both sides of the switch are what says so.
        let flight =
            flight.filter(|(x, y)| !(dst_like && two_am.is_some() && (*y < lo || *x > hi)));
        let change = match (flight, pause, two_am) {
            (Some(f), _, _) => Some(f),
            (None, _, Some(at)) if dst_like => Some((at - 1, at)),
            (None, p, _) => p,
        };
        if let Some((x, y)) = change {
            // Before the pause the profile's zone may have switched too (a DST night, then a
            // flight the next evening): its rules say the clock at the pause's start.
            let before = match self.zone_offset(x) {
                Some(z) if self.zone_offset(first) == Some(before) => z,
                _ => before,
            };
            self.turn_in_pause((x, y), before, after);
        }
    }

    /// The clock the evidence last gave before `x` and the one it first gives after `y` (a day
    /// file's edge or a credible claim, within two days; else the zone's): the two sides of a
    /// pause. Not `at`, which takes the nearest clue on either side: the evening's clue of the
    /// clock left would speak for the morning after the landing.
    pub fn sides(&self, x: i64, y: i64) -> (Option<i32>, Option<i32>) {
        let (before, after) = self.clues_around(x, y);
        (
            before.map(|c| c.1).or_else(|| self.zone_offset(x)),
            after.map(|c| c.1).or_else(|| self.zone_offset(y)),
        )
    }

    /// The last clue at or before `x` and the first at or after `y` (a day file's edge or a
    /// credible claim, within two days): (instant, offset, what said it).
    fn clues_around(&self, x: i64, y: i64) -> (Option<Clue>, Option<Clue>) {
        let i = self.pins.partition_point(|p| p.0 <= x);
        let pin = |p: &(i64, i32)| (p.0, p.1, Basis::FileBoundary);
        let pin_before = i.checked_sub(1).and_then(|j| self.pins.get(j)).map(pin);
        let pin_after = self
            .pins
            .get(self.pins.partition_point(|p| p.0 < y))
            .map(pin);
        let claim = |c: &Claim| (c.t, c.off, c.basis);
        // From the end: `last` would walk the two days forward, once per reading.
        let claim_before = self.claims_in(x - 2 * 86_400, x).next_back().map(claim);
        let claim_after = self.claims_in(y, y + 2 * 86_400).next().map(claim);
        let before = [pin_before, claim_before]
            .into_iter()
            .flatten()
            .filter(|p| x - p.0 <= 2 * 86_400)
            .max_by_key(|p| p.0);
        let after = [pin_after, claim_after]
            .into_iter()
            .flatten()
            .filter(|p| p.0 - y <= 2 * 86_400)
            .min_by_key(|p| p.0);
        (before, after)
    }

    /// Whether a clue within three days of `t` says a clock other than the profile's zone (a
    /// trip near): where the clock turned is not known yet until the files that show the
    /// flight are read. Without a zone, whether the clues near disagree among themselves.
    pub fn unsettled(&self, t: i64) -> bool {
        let (from, to) = (t - 3 * 86_400, t + 3 * 86_400);
        let lo = self.pins.partition_point(|p| p.0 < from);
        let hi = self.pins.partition_point(|p| p.0 <= to);
        let mut clues = self
            .pins
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .copied()
            .chain(self.claims_in(from, to).map(|c| (c.t, c.off)));
        match &self.zone {
            Some(z) => clues.any(|(u, off)| z.offset_at(u) != off),
            None => {
                let first = clues.next().map(|c| c.1);
                clues.any(|c| Some(c.1) != first)
            }
        }
    }

    /// The clock turned inside the pause `(x, y)`: `before` at its last reading, `after` at
    /// the first after it; a pause over an hour is kept as one no local time is lived in.
    fn turn_in_pause(&mut self, (x, y): (i64, i64), before: i32, after: i32) {
        self.pin(x, before);
        self.pin(y, after);
        if y - x > 3600 {
            self.pauses.push((x, y));
        }
    }

    fn explained_by_zone(&self, a: i64, a_off: i32, b: i64, b_off: i32) -> bool {
        self.zone
            .as_ref()
            .is_some_and(|z| z.offset_at(a) == a_off && z.offset_at(b) == b_off)
    }

    fn claims_in(&self, from: i64, to: i64) -> impl DoubleEndedIterator<Item = &Claim> {
        let lo = self.claims.partition_point(|c| c.t < from);
        let hi = self.claims.partition_point(|c| c.t <= to);
        self.claims
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .filter(|c| self.credible(c))
    }

    /// A file whose first reading is its first local midnight (a 30-day chunk of minutes,
    /// zero-step minutes included): that instant's offset, exactly, unless a day file already
    /// says where that was.
    pub fn infer_start(&mut self, date: NaiveDate, first: i64) {
        let midnight = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        let off = midnight - first;
        if off.rem_euclid(900) == 0 && off.abs() <= 14 * 3600 && self.bracket(first).is_none() {
            if let Ok(off) = i32::try_from(off) {
                if self.plausible(first, off) {
                    self.pin(first, off);
                }
            }
        }
    }

    fn zone_offset(&self, t: i64) -> Option<i32> {
        self.zone.as_ref().map(|z| z.offset_at(t))
    }

    fn nearest_pin(&self, t: i64) -> Option<(i64, i32)> {
        let i = self.pins.partition_point(|p| p.0 < t);
        let before = i.checked_sub(1).and_then(|j| self.pins.get(j));
        let after = self.pins.get(i);
        let best = match (before, after) {
            (Some(b), Some(a)) => Some(if t - b.0 <= a.0 - t { b } else { a }),
            (b, a) => b.or(a),
        };
        best.filter(|p| self.zone.is_none() || (p.0 - t).abs() <= REACH_S)
            .copied()
    }

    /// The credible claim nearest to `t` (within reach when the zone is known).
    fn nearest_claim(&self, t: i64) -> Option<Claim> {
        let i = self.claims.partition_point(|c| c.t < t);
        let before = self.claims.get(..i).unwrap_or(&[]).iter().rev();
        let after = self.claims.get(i..).unwrap_or(&[]).iter();
        let reach = if self.zone.is_some() {
            REACH_S
        } else {
            i64::MAX
        };
        let b = before
            .take_while(|c| t - c.t <= reach)
            .find(|c| self.credible(c));
        let a = after
            .take_while(|c| c.t - t <= reach)
            .find(|c| self.credible(c));
        match (b, a) {
            (Some(b), Some(a)) => Some(if t - b.t <= a.t - t { *b } else { *a }),
            (b, a) => b.or(a).copied(),
        }
    }

    /// The day-file edges on either side of `t`, when they are near enough to bracket it.
    fn bracket(&self, t: i64) -> Option<((i64, i32), (i64, i32))> {
        let i = self.pins.partition_point(|p| p.0 <= t);
        let p = *self.pins.get(i.checked_sub(1)?)?;
        let n = if p.0 == t { p } else { *self.pins.get(i)? };
        (n.0 - p.0 <= BRACKET_S).then_some((p, n))
    }

    /// Where the clock turns between two day-file edges of different offsets the zone does
    /// not explain: at a DST switch by the rules when one falls between, else at the start of
    /// the minute of the later edge (a landing; `place_change` puts that edge there).
    fn switch(&self, p: (i64, i32), n: (i64, i32)) -> i64 {
        dst_switch(p.0, n.0, p.1, n.1)
            .filter(|_| (p.1 - n.1).abs() <= 3600)
            .unwrap_or(n.0 - n.0.rem_euclid(60))
            .max(p.0 + 1)
    }

    /// The offset in force at instant `t`, and what decided it. Between two day-file edges the
    /// data decides (with the zone's rules, or the change `place_change` found, where they
    /// differ). Elsewhere the nearest credible clue decides, and where it agrees with the
    /// profile's zone, the zone's rules say when a DST switch happened.
    pub fn at(&self, t: i64) -> (i32, Basis) {
        if let Some((p, n)) = self.bracket(t) {
            if p.1 == n.1 {
                return (p.1, Basis::FileBoundary);
            }
            if self.explained_by_zone(p.0, p.1, n.0, n.1) {
                return (self.zone_offset(t).unwrap_or(p.1), Basis::FileBoundary);
            }
            // 02:00 on the clock before, when it falls between; else the clock turned at the
            // start of the minute of the later edge's reading (a landing).
            return (
                if t < self.switch(p, n) { p.1 } else { n.1 },
                Basis::FileBoundary,
            );
        }
        let zone = self.zone_offset(t);
        // Clues an hour apart on either side, with a DST switch of a zone with those offsets
        // between them that the profile's zone does not explain (a trip's zone, and no day file
        // to bracket it): the clock turned by that zone's rules, not halfway between the clues.
        // (Only in the weeks a DST rule can switch in: the look around is asked per reading.)
        let around = in_dst_season(t).then(|| self.clues_around(t, t));
        if let Some((Some(b), Some(a))) = around {
            if (b.1 - a.1).abs() == 3600 && !self.explained_by_zone(b.0, b.1, a.0, a.1) {
                if let Some(switch) = dst_switch(b.0, a.0, b.1, a.1) {
                    let (_, off, basis) = if t < switch { b } else { a };
                    return (off, basis);
                }
            }
        }
        let pin = self
            .nearest_pin(t)
            .map(|(pt, off)| (pt, off, Basis::FileBoundary));
        let claim = self.nearest_claim(t).map(|c| (c.t, c.off, c.basis));
        // The data first; a claim only where no day file is near, or where a credible claim
        // between `t` and the edge says another clock (a flight's pause placed from the
        // heart-rate CSV, a day and a DST night later, does not speak over the sleeps between).
        let screened =
            pin.is_some_and(|p| self.claims_in(p.0.min(t), p.0.max(t)).any(|c| c.off != p.1));
        let evidence = match (pin, claim) {
            (Some(p), Some(c)) if screened || (c.0 - t).abs() * 2 < (p.0 - t).abs() => Some(c),
            (Some(p), _) => Some(p),
            (None, c) => c,
        };
        match (evidence, zone) {
            (Some((pt, off, basis)), Some(z)) => {
                if self.zone_offset(pt) == Some(off) {
                    (z, basis)
                } else {
                    (off, basis)
                }
            }
            (Some((_, off, basis)), None) => (off, basis),
            (None, Some(z)) => {
                // Long after the last day file (a date not worn after a trip): the zone's clock,
                // unless it would put `t` back on the date of the last reading, or before, where
                // the last clock seen puts it after. Nothing says the clock went back; the
                // person's last clock still stands.
                let i = self.pins.partition_point(|p| p.0 < t);
                let last = i.checked_sub(1).and_then(|j| self.pins.get(j));
                match last {
                    Some(&(pt, po))
                        if civil_date(t, z) < civil_date(t, po)
                            && civil_date(t, z) <= civil_date(pt, po) =>
                    {
                        (po, Basis::FileBoundary)
                    }
                    _ => (z, Basis::ProfileZone),
                }
            }
            (None, None) => (0, Basis::Assumed),
        }
    }

    /// A zoneless local time as (instant, offset), after `after` where the fall-back hour makes
    /// two possible; `None` in a spring-forward gap of the zone. Each offset the evidence
    /// around it knows is tried, and kept where the evidence agrees at the instant it gives.
    pub fn resolve(&self, local: NaiveDateTime, after: Option<i64>) -> Option<(i64, i32, Basis)> {
        self.resolve_in(local, after, &mut Candidates::default())
    }

    /// The offsets any evidence within a day of the hour of `naive` knows: what `resolve`
    /// tries. The same for every time of that hour, so a file of zoneless readings asks once
    /// an hour (`Candidates`), not once a reading.
    fn candidates(&self, naive: i64) -> Vec<i32> {
        let hour = naive.div_euclid(3600) * 3600;
        let (from, to) = (hour - 86_400, hour + 3600 + 86_400);
        let mut offsets: Vec<i32> = Vec::new();
        if let Some(z) = &self.zone {
            offsets.extend(z.offsets_between(from, to));
        }
        let lo = self.pins.partition_point(|p| p.0 < from);
        let hi = self.pins.partition_point(|p| p.0 <= to);
        offsets.extend(self.pins.get(lo..hi).unwrap_or(&[]).iter().map(|p| p.1));
        offsets.extend(self.claims_in(from, to).map(|c| c.off));
        offsets.push(self.at(hour).0);
        offsets.push(self.at(hour + 3599).0);
        offsets.sort_unstable();
        offsets.dedup();
        offsets
    }

    /// Every instant a zoneless local time was lived, in time order, with its offset: two
    /// where the evidence has the clock pass that time twice (a fall-back hour, or a flight
    /// west that repeats hours of a date), none in a gap.
    pub fn passes(&self, local: NaiveDateTime) -> Vec<(i64, i32, Basis)> {
        self.passes_in(local.and_utc().timestamp(), &mut Candidates::default())
    }

    fn passes_in(&self, naive: i64, cache: &mut Candidates) -> Vec<(i64, i32, Basis)> {
        let hour = naive.div_euclid(3600);
        if cache.hour != Some(hour) {
            cache.offsets = self.candidates(naive);
            cache.hour = Some(hour);
        }
        let mut found: Vec<(i64, i32, Basis)> = cache
            .offsets
            .iter()
            .copied()
            .filter_map(|o| {
                let t = naive - i64::from(o);
                let (real, basis) = self.at(t);
                let paused = !cache.in_pauses && self.pauses.iter().any(|&(x, y)| x < t && t < y);
                (real == o && !paused).then_some((t, o, basis))
            })
            .collect();
        found.sort_unstable_by_key(|f| f.0);
        found
    }

    /// `resolve`, keeping the offsets tried per hour in `cache` across the rows of a file.
    pub fn resolve_in(
        &self,
        local: NaiveDateTime,
        after: Option<i64>,
        cache: &mut Candidates,
    ) -> Option<(i64, i32, Basis)> {
        let naive = local.and_utc().timestamp();
        let found = self.passes_in(naive, cache);
        match found.as_slice() {
            [] => {
                // No offset the evidence gives puts the time where the evidence agrees: a
                // zone's spring-forward gap (no such time), or the edge of a trip (the offset
                // of the instant read as UTC, the nearest there is).
                let in_gap = self
                    .zone
                    .as_ref()
                    .is_some_and(|z| crate::model::time::resolve_local(z, local, after).is_none());
                if in_gap {
                    return None;
                }
                // Past the last clue (a file's minutes written to the end of the export's
                // date, after a trip): the clock of the reading before, where it carries the
                // file on forward. The profile's zone there would send a minute half a day
                // back onto hours the file already gave, counted twice.
                if let Some(prev) = after {
                    let (o, b) = self.at(prev);
                    let t = naive - i64::from(o);
                    if t > prev && t - prev <= 3600 {
                        return Some((t, o, b));
                    }
                }
                let (o, b) = self.at(naive);
                Some((naive - i64::from(o), o, b))
            }
            [one] => Some(*one),
            [first, .., last] => match after {
                Some(prev) if first.0 <= prev => Some(*last),
                _ => Some(*first),
            },
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

    fn t(s: &str) -> i64 {
        parse_instant(s).unwrap()
    }

    #[test]
    fn the_zone_decides_the_dst_hour_a_trip_is_taken_from_the_logs() {
        let mut o = Offsets::new(crate::model::zone::Zone::tzdb("Europe/Berlin"));
        // The spring-forward night, recorded at its end (+02:00): the zone agrees there, so the
        // zone says when the switch happened.
        o.record(t("2026-03-29T05:00:00Z"), 7200, Basis::SleepLog);
        assert_eq!(o.at(t("2026-03-29T00:30:00Z")), (3600, Basis::SleepLog));
        // A night in Los Angeles: the zone (Berlin) disagrees, the log wins around it.
        let la = t("2026-06-15T14:00:00Z");
        o.record(la, -7 * 3600, Basis::SleepLog);
        assert_eq!(o.at(la + 6 * 3600), (-7 * 3600, Basis::SleepLog));
        let (at, off, _) = o.resolve(local("2026-06-15T07:00:00"), None).unwrap();
        assert_eq!((at, off), (la, -7 * 3600));
        // Far from every log: the zone.
        let autumn = t("2026-10-01T12:00:00Z");
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

    /// The fifth person's export: `UserSleeps` wrote local wall-clock times labelled `+00:00`,
    /// while the day files' midnights said −05:00. The day files win, minute by minute and
    /// night by night, and the report says so; the table's other `+00:00` nights, which no day
    /// file tests, lose too.
    #[test]
    fn a_table_that_writes_local_time_as_utc_loses_to_the_day_files() {
        let mut o = Offsets::new(crate::model::zone::Zone::tzdb("America/Chicago"));
        // Nights of 2026-05-01..10, 23:00 to 07:00 local, "UTC" = local.
        for day in 1..=10 {
            let start = t(&format!("2026-05-{day:02}T23:00:00Z"));
            o.record(start, 0, Basis::SleepLog);
            o.record(start + 8 * 3600, 0, Basis::SleepLog);
        }
        // Day files of 2026-05-02..06, worn across midnight (05:00Z).
        for day in 2..=6 {
            let date = NaiveDate::from_ymd_opt(2026, 5, day).unwrap();
            let first = t(&format!("2026-05-{day:02}T05:00:04Z"));
            let (a, b) = o.infer_day(date, (first, first + 86_400 - 10), None, false);
            assert_eq!((a, b), (Some(-5 * 3600), Some(-5 * 3600)));
        }
        // Inside the tested days: the day files, every minute.
        for m in 0..(4 * 1440) {
            let at = t("2026-05-02T05:00:04Z") + m * 60;
            assert_eq!(o.at(at), (-5 * 3600, Basis::FileBoundary), "{m}");
        }
        // A night no day file covers: the table's `+00:00` is not believed any more.
        assert_eq!(
            o.at(t("2026-05-09T04:00:00Z")),
            (-5 * 3600, Basis::ProfileZone)
        );
        let days: Vec<_> = o.disagreements().iter().map(|d| d.date).collect();
        assert!(days.len() >= 4, "{days:?}");
        assert!(o.disagreements()[0].text().contains("UTC-05:00"));
    }

    /// A flight: the day file starts at home's midnight and ends at the destination's; the
    /// clock turns in the longest pause of the readings (the tracker was off on the plane).
    #[test]
    fn a_flight_turns_the_clock_in_the_pause_not_reading_by_reading() {
        let mut o = Offsets::new(crate::model::zone::Zone::tzdb("Europe/Berlin"));
        let date = NaiveDate::from_ymd_opt(2026, 6, 10).unwrap();
        let first = t("2026-06-09T22:00:03Z");
        let last = t("2026-06-11T06:59:55Z");
        let mut times: Vec<i64> = (first..t("2026-06-10T08:00:00Z")).step_by(8).collect();
        times.extend((t("2026-06-10T19:00:05Z")..=last).step_by(10));
        times.push(last);
        let (a, b) = o.infer_day(date, (first, last), None, false);
        assert_eq!((a, b), (Some(7200), Some(-7 * 3600)));
        o.place_change(&times, 7200, -7 * 3600);
        assert_eq!(o.at(t("2026-06-10T07:59:00Z")).0, 7200);
        assert_eq!(o.at(t("2026-06-10T19:00:05Z")).0, -7 * 3600);
        assert_eq!(o.at(t("2026-06-10T19:00:00Z")).0, -7 * 3600);
    }
}
