//! Which recorder's numbers count when an export names several for one type and day (a
//! tracker and a phone in the same steps file): the person's order per type, else the
//! recorder with the most that day. Adding them up would count one walk two or three times
//! (takeout.md §4.1), so one recorder is kept per type and day, and the choice is the
//! person's to change (issue #27). Pure: `sync::recorders` applies it to the stored days.

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
    /// The order for `kind` (empty: the most that day).
    pub fn order(&self, kind: Kind) -> &[String] {
        self.0.get(kind.key()).map_or(&[], Vec::as_slice)
    }

    /// Sets the order for `kind`; an empty one is the default rule.
    pub fn set(&mut self, kind: Kind, order: Vec<String>) {
        if order.is_empty() {
            self.0.remove(kind.key());
        } else {
            self.0.insert(kind.key().to_string(), order);
        }
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
/// of `order` that has anything that day, else the one with the most (its day's figure: steps
/// added up), the first by name on a tie. `None` only for no candidates.
pub fn choose(candidates: &[(&str, &Payload)], order: &[String]) -> Option<usize> {
    let has = |p: &Payload| p.day_figure().is_some_and(|v| v > 0.0);
    order
        .iter()
        .find_map(|want| {
            candidates
                .iter()
                .position(|(name, p)| name == want && has(p))
        })
        .or_else(|| {
            let figure = |i: usize| {
                candidates
                    .get(i)
                    .and_then(|(_, p)| p.day_figure())
                    .unwrap_or(0.0)
            };
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
