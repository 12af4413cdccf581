//! Which recorder's numbers count when an export names several for one type and day (a
//! tracker and a phone in the same steps file, a tracker and a watch mirrored through
//! HealthKit in the same heart-rate file): the person's order per type, else the recorder with
//! the most that day. Adding them up would count one walk two or three times, and mixing two
//! heart-rate recorders draws one jagged line of two sensors (takeout.md §4.1, §5), so one
//! recorder is kept per type and day, and the choice is the person's to change (issue #27).
//! Pure: `sync::recorders` applies it to the stored days.

use crate::model::{Day, Kind, Origin, Payload};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The person's order of recorders, per type (`Kind::key`): the first that recorded a day is
/// the one that counts. A type with no order, or a day none of its listed recorders has,
/// falls back to the recorder with the most that day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority(BTreeMap<String, Vec<String>>);

impl Priority {
    /// The order for `kind` (empty: the most that day): its leader's (`leader`).
    pub fn order(&self, kind: Kind) -> &[String] {
        self.0.get(leader(kind).key()).map_or(&[], Vec::as_slice)
    }

    /// Sets the order for `kind` (and so for the types that follow it); an empty one is the
    /// default rule.
    pub fn set(&mut self, kind: Kind, order: Vec<String>) {
        let key = leader(kind).key();
        if order.is_empty() {
            self.0.remove(key);
        } else {
            self.0.insert(key.to_string(), order);
        }
    }
}

/// The type whose choice `kind` follows: heart rate's minute means are the same recorder's as
/// its readings, every day, so a day's line and its minute means never come from two sensors.
/// A type that follows another is not offered a choice of its own.
pub fn leader(kind: Kind) -> Kind {
    match kind {
        Kind::HeartRate1m => Kind::HeartRate,
        k => k,
    }
}

/// How much of a day a recorder's copy holds, the measure "the most that day" compares: steps
/// (or any count) added up; for readings, the minutes with at least one (so a tracker's
/// reading every 5 s and a watch's every minute compare by the hours they covered, and a
/// day's readings and its minute means measure the same).
pub fn amount(p: &Payload) -> f64 {
    match p {
        Payload::Samples(s) => {
            let mut minutes = 0u32;
            let mut last = None;
            for m in s.iter().map(|x| x.t.div_euclid(60)) {
                if last != Some(m) {
                    minutes += 1;
                    last = Some(m);
                }
            }
            f64::from(minutes)
        }
        p => p.day_figure().unwrap_or(0.0),
    }
}

/// The rule for a type, in words, as the settings and the day's panel say it.
pub fn rule_words(order: &[String]) -> String {
    match order {
        [] => "the recorder with the most that day".to_string(),
        [first] => format!("{first} where it recorded the day, else the recorder with the most"),
        more => format!(
            "the first of {} that recorded the day, else the recorder with the most",
            more.join(", ")
        ),
    }
}

/// The recorder that counts among a day's `candidates` (name, that recorder's day): the first
/// of `order` that has anything that day, else the one with the most (`amount`), the first by
/// name on a tie. `None` only for no candidates.
pub fn choose(candidates: &[(&str, &Payload)], order: &[String]) -> Option<usize> {
    let has = |p: &Payload| amount(p) > 0.0;
    order
        .iter()
        .find_map(|want| {
            candidates
                .iter()
                .position(|(name, p)| name == want && has(p))
        })
        .or_else(|| {
            let figure = |i: usize| candidates.get(i).map_or(0.0, |(_, p)| amount(p));
            (0..candidates.len()).reduce(|best, i| {
                let (a, b) = (figure(best), figure(i));
                let name = |i: usize| candidates.get(i).map_or("", |c| c.0);
                if b > a || (b == a && name(i) < name(best)) {
                    i
                } else {
                    best
                }
            })
        })
}

/// `days` with each type and day that recorders share counted once: a recorder's pieces of a
/// day (two files each holding part of it) merged in the order given, then the recorder
/// `choose` names kept, its origin naming it. Days of no recorder pass through as they are.
pub fn resolve(days: Vec<Day>, priority: &Priority) -> Vec<Day> {
    let mut out = Vec::new();
    // (kind, date) → recorder → (its day so far, its origin).
    let mut by: BTreeMap<(Kind, NaiveDate), BTreeMap<String, (Payload, Origin)>> = BTreeMap::new();
    for d in days {
        let Some(origin) = d.origin.clone().filter(|o| o.recorder.is_some()) else {
            out.push(d);
            continue;
        };
        let name = origin.recorder.clone().unwrap_or_default();
        let recorders = by.entry((d.kind, d.date)).or_default();
        let merged = match recorders.remove(&name) {
            Some((earlier, _)) => earlier.merge(d.payload),
            None => d.payload,
        };
        recorders.insert(name, (merged, origin));
    }
    for ((kind, date), mut recorders) in by {
        let candidates: Vec<(&str, &Payload)> = recorders
            .iter()
            .map(|(n, (p, _))| (n.as_str(), p))
            .collect();
        let Some(name) = choose(&candidates, priority.order(kind))
            .and_then(|i| candidates.get(i))
            .map(|(n, _)| n.to_string())
        else {
            continue;
        };
        if let Some((payload, origin)) = recorders.remove(&name) {
            out.push(Day {
                kind,
                date,
                payload,
                origin: Some(origin),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Interval;

    fn steps(values: &[f64]) -> Payload {
        Payload::Intervals(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| Interval {
                    start: i as i64 * 60,
                    end: i as i64 * 60 + 60,
                    offset: 0,
                    value: *v,
                })
                .collect(),
        )
    }

    #[test]
    fn the_most_counts_unless_the_person_ordered_otherwise() {
        let tracker = steps(&[100.0, 200.0]);
        let phone = steps(&[250.0]);
        let c = [("Charge 6", &tracker), ("Phone Health Kit", &phone)];
        // 300 steps against 250: the tracker, whichever comes first.
        assert_eq!(choose(&c, &[]), Some(0));
        let swapped = [c[1], c[0]];
        assert_eq!(choose(&swapped, &[]), Some(1));
        // The person put the phone first.
        assert_eq!(choose(&c, &["Phone Health Kit".to_string()]), Some(1));
        // A recorder listed but absent that day, then one present.
        let order = ["Pixel Watch".to_string(), "Charge 6".to_string()];
        assert_eq!(choose(&c, &order), Some(0));
    }

    #[test]
    fn a_listed_recorder_without_steps_that_day_falls_back_to_the_most() {
        let tracker = steps(&[100.0]);
        let empty = steps(&[]);
        let zero = steps(&[0.0]);
        let c = [("phone", &empty), ("watch", &zero), ("tracker", &tracker)];
        assert_eq!(choose(&c, &["phone".into(), "watch".into()]), Some(2));
        assert_eq!(choose(&[], &[]), None);
        // A tie goes to the first name, whatever the order they come in.
        let a = steps(&[5.0]);
        let b = steps(&[5.0]);
        assert_eq!(choose(&[("b", &b), ("a", &a)], &[]), Some(1));
    }

    /// Readings at `times` (seconds), one bpm each.
    fn readings(times: &[i64]) -> Payload {
        Payload::Samples(
            times
                .iter()
                .map(|t| crate::model::Sample {
                    t: *t,
                    offset: 0,
                    value: 60.0,
                })
                .collect(),
        )
    }

    #[test]
    fn heart_rate_counts_minutes_covered_and_its_minute_means_follow_it() {
        // A tracker every 5 s for 10 minutes (120 readings), a watch once a minute for 30
        // minutes (30 readings): the watch covered more of the day.
        let tracker = readings(&(0..120).map(|i| i * 5).collect::<Vec<_>>());
        let watch = readings(&(0..30).map(|i| i * 60 + 2).collect::<Vec<_>>());
        assert_eq!((amount(&tracker), amount(&watch)), (10.0, 30.0));
        let c = [("Charge 6", &tracker), ("watch", &watch)];
        assert_eq!(choose(&c, &[]), Some(1));
        // Their minute means (what `HeartRate1m` stores) choose the same recorder.
        let means = |p: &Payload| match p {
            Payload::Samples(s) => Payload::Samples(crate::model::derive::mean_per(s, 60)),
            _ => unreachable!(),
        };
        let (t1, w1) = (means(&tracker), means(&watch));
        assert_eq!(choose(&[("Charge 6", &t1), ("watch", &w1)], &[]), Some(1));
        // One order serves both: the minute means follow heart rate's.
        let mut p = Priority::default();
        p.set(Kind::HeartRate, vec!["Charge 6".into()]);
        assert_eq!(p.order(Kind::HeartRate1m), ["Charge 6".to_string()]);
        assert_eq!(choose(&c, p.order(Kind::HeartRate)), Some(0));
        assert_eq!(leader(Kind::HeartRate1m), Kind::HeartRate);
        assert_eq!(leader(Kind::Steps), Kind::Steps);
    }

    #[test]
    fn a_priority_reads_back_and_an_empty_order_is_the_default() {
        let mut p = Priority::default();
        p.set(Kind::Steps, vec!["Phone Health Kit".into()]);
        let text = serde_json::to_string(&p).unwrap();
        let back: Priority = serde_json::from_str(&text).unwrap();
        assert_eq!(back.order(Kind::Steps), ["Phone Health Kit".to_string()]);
        assert!(back.order(Kind::HeartRate).is_empty());
        p.set(Kind::Steps, Vec::new());
        assert_eq!(p, Priority::default());
        assert_eq!(rule_words(&[]), "the recorder with the most that day");
    }
}
