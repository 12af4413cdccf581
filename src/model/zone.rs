//! A time zone's rules as the list of instants where its offset changes, built once per zone
//! from whatever knows the rules: the browser's `Intl` on the page and in the worker
//! (`browser::zone_named`), the tz database on the host. The app's wasm so carries no IANA
//! table (chrono-tz's was 141 KB of the gzipped main module).

use std::sync::Arc;

/// The span a zone's rules are read for: 2000-01-01 to 2041-01-01 UTC. Fitbit's first tracker
/// with a clock is from 2009, and no recording is in the future; outside the span the first or
/// the last offset holds.
pub const SPAN: (i64, i64) = (946_684_800, 2_240_524_800);

/// The step the rules are sampled at. Two changes of one zone less than a week apart do not
/// occur inside `SPAN` in the tz database (a host test compares every zone the app's tests use).
const STEP: i64 = 7 * 86_400;

/// A named zone's offsets over `SPAN`. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Zone(Arc<Rules>);

#[derive(Debug, PartialEq, Eq)]
struct Rules {
    name: String,
    /// The offset before the first change, seconds east of UTC.
    first: i32,
    /// From each instant on, the offset: sorted by instant.
    changes: Vec<(i64, i32)>,
}

impl Zone {
    /// UTC, the zone of a source that names none.
    pub fn utc() -> Zone {
        Zone(Arc::new(Rules {
            name: "UTC".into(),
            first: 0,
            changes: Vec::new(),
        }))
    }

    /// Reads `name`'s rules from `offset_at` (seconds east of UTC at an instant, `None` when
    /// the oracle does not know the zone): a sample a week over `SPAN`, and each change found
    /// to the second by bisection. About 2,200 samples and 20 more per change.
    pub fn from_oracle(name: &str, mut offset_at: impl FnMut(i64) -> Option<i32>) -> Option<Zone> {
        let (start, end) = SPAN;
        let first = offset_at(start)?;
        let mut changes = Vec::new();
        let mut current = first;
        let mut before = start;
        let mut t = start;
        while t < end {
            t = (t + STEP).min(end);
            let at = offset_at(t)?;
            // Normally one change per step; the loop also takes a second one in the same week.
            let mut lo = before;
            // `lo < t`: an oracle that answered differently for one instant could not keep
            // this going; each round moves `lo` on.
            while at != current && lo < t {
                // The first instant in (lo, t] whose offset is no longer `current`.
                let mut hi = t;
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset_at(mid)? == current {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                current = offset_at(hi)?;
                changes.push((hi, current));
                lo = hi;
            }
            before = t;
        }
        Some(Zone(Arc::new(Rules {
            name: name.to_string(),
            first,
            changes,
        })))
    }

    /// The zone from the tz database (the host: tests, tools). The app's wasm asks the
    /// browser's `Intl` instead, through `browser::zone_named`.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn tzdb(name: &str) -> Option<Zone> {
        use chrono::{Offset, TimeZone};
        let tz: chrono_tz::Tz = name.parse().ok()?;
        Zone::from_oracle(tz.name(), |t| {
            let utc = chrono::DateTime::from_timestamp(t, 0)?.naive_utc();
            Some(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
        })
    }

    /// The IANA name, as the source wrote it.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Seconds east of UTC at instant `t`.
    pub fn offset_at(&self, t: i64) -> i32 {
        let changes = &self.0.changes;
        match changes.partition_point(|&(at, _)| at <= t) {
            0 => self.0.first,
            i => changes.get(i - 1).map_or(self.0.first, |c| c.1),
        }
    }

    /// Every offset in force at some instant of `[from, to]`, in order, repeats removed.
    pub fn offsets_between(&self, from: i64, to: i64) -> Vec<i32> {
        let mut out = vec![self.offset_at(from)];
        let changes = &self.0.changes;
        let i = changes.partition_point(|&(at, _)| at <= from);
        for &(at, o) in changes.get(i..).unwrap_or(&[]) {
            if at > to {
                break;
            }
            if out.last() != Some(&o) {
                out.push(o);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};

    fn truth(tz: chrono_tz::Tz, t: i64) -> i32 {
        let utc = chrono::DateTime::from_timestamp(t, 0).unwrap().naive_utc();
        tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
    }

    /// Every zone the tests, the synthetic person and the samples use, and the odd ones:
    /// half-hour DST (Lord Howe), a zone that dropped DST (Istanbul, Moscow), one that moved
    /// across the date line (Apia), whole-day changes and none at all.
    const ZONES: &[&str] = &[
        "Europe/Berlin",
        "America/Los_Angeles",
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "Australia/Sydney",
        "Europe/Istanbul",
        "Europe/Moscow",
        "Pacific/Apia",
        "America/Sao_Paulo",
        "Asia/Kolkata",
        "Asia/Tehran",
        "Africa/Casablanca",
        "UTC",
    ];

    #[test]
    fn the_sampled_rules_are_the_tz_database_at_every_change_and_between() {
        for name in ZONES {
            let tz: chrono_tz::Tz = name.parse().unwrap();
            let zone = Zone::tzdb(name).unwrap();
            assert_eq!(zone.name(), *name);
            // Every hour of the span, and both sides of every change found.
            let mut t = SPAN.0;
            while t < SPAN.1 {
                assert_eq!(zone.offset_at(t), truth(tz, t), "{name} at {t}");
                t += 3600;
            }
            for &(at, o) in &zone.0.changes {
                assert_eq!(truth(tz, at), o, "{name} at change {at}");
                assert_ne!(truth(tz, at - 1), o, "{name} before change {at}");
            }
        }
    }

    #[test]
    fn berlin_2026_and_the_edges_of_the_span() {
        let berlin = Zone::tzdb("Europe/Berlin").unwrap();
        // 2026-03-29T01:00Z and 2026-10-25T01:00Z.
        assert_eq!(berlin.offset_at(1_774_746_000 - 1), 3600);
        assert_eq!(berlin.offset_at(1_774_746_000), 7200);
        assert_eq!(berlin.offset_at(1_792_890_000 - 1), 7200);
        assert_eq!(berlin.offset_at(1_792_890_000), 3600);
        assert_eq!(
            berlin.offsets_between(1_774_746_000 - 10, 1_792_890_000),
            vec![3600, 7200, 3600]
        );
        assert_eq!(berlin.offsets_between(0, 10), vec![3600]);
        assert_eq!(berlin.offset_at(i64::MIN), 3600);
        assert_eq!(berlin.offset_at(i64::MAX), 3600);
        assert_eq!(Zone::utc().offset_at(1_774_746_000), 0);
        assert!(Zone::tzdb("Mars/Olympus").is_none());
        // An oracle that contradicts itself still ends, with some reading of its rules.
        let mut calls = 0u64;
        let flipping = Zone::from_oracle("x", |_| {
            calls += 1;
            Some(if calls.is_multiple_of(2) { 0 } else { 3600 })
        });
        assert!(flipping.is_some());
        // An oracle that stops knowing the zone gives no zone, never half of one.
        let mut n = 0;
        assert!(Zone::from_oracle("x", |_| {
            n += 1;
            (n < 100).then_some(0)
        })
        .is_none());
    }
}
