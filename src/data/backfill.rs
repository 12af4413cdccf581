//! Backfill planning: which requests fetch the missing days of a date range, using each API's
//! range endpoints where it has them, and how long that takes at the rate limit. Pure; the
//! runner (`run`) executes a plan and stores each answer in the cache as it lands.

use crate::config::ProviderKind;
use crate::data::cache::Kind;
use crate::data::planner::{Budget, Usage};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One request (Fitbit) or one paged listing (Google) covering `[from, to]` for one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub kind: Kind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Job {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
}

/// The longest range one job covers. Fitbit: intraday is one day per request (the API's 24 h
/// limit), sleep by range up to 100 days. Google: list filters take any range, but a job's
/// pages are stored together, so ranges are kept to about 8 pages of 10,000 points.
pub fn max_days(provider: ProviderKind, kind: Kind) -> i64 {
    match (provider, kind) {
        (ProviderKind::Fitbit, Kind::Sleep) => 100,
        (ProviderKind::Fitbit, _) => 1,
        // ~10,400 samples a day.
        (ProviderKind::Google, Kind::HeartRate) => 1,
        (ProviderKind::Google, Kind::HeartRate1m) => 7,
        // ≤ 1,440 intervals a day.
        (ProviderKind::Google, Kind::Steps) => 30,
        (ProviderKind::Google, Kind::Sleep) => 90,
    }
}

/// The jobs that fetch every day of `[from, to]` not in `stored` (per kind), newest first: the
/// recent days are the ones the user is about to look at. Runs of missing days are cut into
/// ranges of at most `max_days`, so no stored day is fetched again and none is skipped.
pub fn plan(
    provider: ProviderKind,
    kinds: &[Kind],
    from: NaiveDate,
    to: NaiveDate,
    stored: impl Fn(Kind) -> BTreeSet<NaiveDate>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for &kind in kinds {
        let have = stored(kind);
        let limit = max_days(provider, kind);
        let mut run: Option<(NaiveDate, NaiveDate)> = None;
        let mut day = to;
        // Walk back from `to`, so each range is filled from its newest day.
        while day >= from {
            if have.contains(&day) {
                if let Some((a, b)) = run.take() {
                    jobs.push(Job {
                        kind,
                        from: a,
                        to: b,
                    });
                }
            } else {
                run = match run {
                    Some((_, b)) if (b - day).num_days() < limit => Some((day, b)),
                    Some((a, b)) => {
                        jobs.push(Job {
                            kind,
                            from: a,
                            to: b,
                        });
                        Some((day, day))
                    }
                    None => Some((day, day)),
                };
            }
            match day.pred_opt() {
                Some(p) => day = p,
                None => break,
            }
        }
        if let Some((a, b)) = run {
            jobs.push(Job {
                kind,
                from: a,
                to: b,
            });
        }
    }
    // Newest first across kinds; for one date, the kinds in the order asked.
    jobs.sort_by_key(|j| std::cmp::Reverse(j.to));
    jobs
}

/// Requests a plan needs. Exact for Fitbit (one per job); for Google a job is one request per
/// 10,000 points, estimated from the points a day typically holds.
pub fn requests(provider: ProviderKind, jobs: &[Job]) -> u64 {
    jobs.iter()
        .map(|j| match provider {
            ProviderKind::Fitbit => 1,
            ProviderKind::Google => {
                let per_day: i64 = match j.kind {
                    Kind::HeartRate => 10_400,
                    Kind::HeartRate1m => 10_400,
                    Kind::Steps => 1_000,
                    Kind::Sleep => 1,
                };
                u64::try_from((j.days() * per_day + 9_999) / 10_000).unwrap_or(1)
            }
        })
        .sum()
}

/// Seconds until `remaining` requests have been sent at the rate limit, from `now_s`, given
/// what is already spent in the current window. Transfer time is not counted.
pub fn eta_s(remaining: u64, budget: Budget, usage: Usage, now_s: i64) -> i64 {
    let mut u = usage;
    let window = now_s.div_euclid(budget.window_s) * budget.window_s;
    if u.window_start != window {
        u.used = 0;
    }
    let left_now = u64::from(budget.limit.saturating_sub(u.used));
    if remaining <= left_now {
        return 0;
    }
    let later = remaining - left_now;
    let windows = i64::try_from(later.div_ceil(u64::from(budget.limit).max(1))).unwrap_or(0);
    // The first further window opens at this one's end; the last one's requests go at its start.
    window + budget.window_s * windows - now_s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::planner::budget;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn fitbit_thirty_days_is_one_request_per_intraday_day_and_one_for_sleep() {
        let kinds = [Kind::HeartRate1m, Kind::Steps, Kind::Sleep];
        let jobs = plan(
            ProviderKind::Fitbit,
            &kinds,
            d("2026-10-01"),
            d("2026-10-30"),
            |_| BTreeSet::new(),
        );
        assert_eq!(jobs.len(), 61);
        assert_eq!(requests(ProviderKind::Fitbit, &jobs), 61);
        assert_eq!(
            jobs[0],
            Job {
                kind: Kind::HeartRate1m,
                from: d("2026-10-30"),
                to: d("2026-10-30")
            }
        );
        let sleep: Vec<&Job> = jobs.iter().filter(|j| j.kind == Kind::Sleep).collect();
        assert_eq!(sleep.len(), 1);
        assert_eq!(
            (sleep[0].from, sleep[0].to),
            (d("2026-10-01"), d("2026-10-30"))
        );
    }

    #[test]
    fn stored_days_are_neither_refetched_nor_skipped() {
        let stored: BTreeSet<NaiveDate> = [d("2026-01-10"), d("2026-01-11"), d("2026-03-01")]
            .into_iter()
            .collect();
        let from = d("2025-10-01");
        let to = d("2026-09-30");
        for provider in ProviderKind::ALL {
            let jobs = plan(provider, &[Kind::Sleep, Kind::Steps], from, to, |_| {
                stored.clone()
            });
            for kind in [Kind::Sleep, Kind::Steps] {
                let mut covered: Vec<NaiveDate> = jobs
                    .iter()
                    .filter(|j| j.kind == kind)
                    .flat_map(|j| j.from.iter_days().take(j.days() as usize))
                    .collect();
                covered.sort();
                let expected: Vec<NaiveDate> = from
                    .iter_days()
                    .take_while(|x| *x <= to)
                    .filter(|x| !stored.contains(x))
                    .collect();
                assert_eq!(covered, expected, "{provider:?} {kind:?}");
                assert!(jobs
                    .iter()
                    .all(|j| j.days() <= max_days(provider, j.kind) && j.days() > 0));
            }
        }
        // 365 days of Fitbit sleep: runs of 213, 49 and 101 missing days, cut at 100.
        let fitbit = plan(ProviderKind::Fitbit, &[Kind::Sleep], from, to, |_| {
            stored.clone()
        });
        assert_eq!(fitbit.len(), 6);
    }

    #[test]
    fn eta_follows_the_hourly_windows() {
        let b = budget(ProviderKind::Fitbit);
        let hour = 1_780_000_000 / 3600 * 3600;
        let now = hour + 600;
        let fresh = Usage::default();
        assert_eq!(eta_s(150, b, fresh, now), 0);
        // 805 requests: 150 now, then 5 more windows, the last opening 5 h after this hour.
        assert_eq!(eta_s(805, b, fresh, now), 5 * 3600 - 600);
        let spent = Usage {
            window_start: hour,
            used: 100,
            blocked_until: 0,
        };
        assert_eq!(eta_s(51, b, spent, now), 3600 - 600);
    }
}
