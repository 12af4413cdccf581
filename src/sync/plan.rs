//! Request plans: which requests fetch the missing days of a date range, using each API's
//! range endpoints where it has them, and how long that takes at the rate limit. Pure; the
//! runner (`sync::backfill`) executes a plan and stores each answer in the cache as it lands.

use crate::config::Source;
use crate::model::Kind;
use crate::sources::budget::{Budget, Usage};
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

/// The jobs that fetch every day of `[from, to]` not in `stored` (per kind), newest first: the
/// recent days are the ones the user is about to look at. Runs of missing days are cut into
/// ranges of at most `max_days`, so no stored day is fetched again and none is skipped.
pub fn plan(
    provider: Source,
    kinds: &[Kind],
    from: NaiveDate,
    to: NaiveDate,
    stored: impl Fn(Kind) -> BTreeSet<NaiveDate>,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for &kind in kinds {
        let have = stored(kind);
        let limit = crate::sources::limits::max_days(provider, kind);
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

/// The most requests one "JSON" download may spend: Fitbit's intraday is a request per day,
/// and a year of it would hold the page for hours at 150 an hour. The Export page is the way
/// to take long ranges.
pub const RAW_MAX_REQUESTS: u64 = 31;

/// A "JSON" download that would cost more than `RAW_MAX_REQUESTS`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{days} days of this take {requests} requests; choose a shorter range (at most {max} requests), or use Export for the whole range as CSV", max = RAW_MAX_REQUESTS)]
pub struct TooLong {
    pub days: i64,
    pub requests: u64,
}

/// The requests that fetch the API's answers for `[from, to]` of `kind` again, newest first,
/// in as few requests as the API allows; refused beyond `RAW_MAX_REQUESTS`.
pub fn raw_jobs(
    provider: Source,
    kind: Kind,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<Job>, TooLong> {
    let jobs = plan(provider, &[kind], from, to, |_| BTreeSet::new());
    let needed = requests(provider, &jobs);
    if needed > RAW_MAX_REQUESTS {
        return Err(TooLong {
            days: (to - from).num_days() + 1,
            requests: needed,
        });
    }
    Ok(jobs)
}

/// Requests a plan needs: exact for Fitbit (one per job), estimated for Google
/// (`google::requests::estimate`), none for the demo and an import.
pub fn requests(source: Source, jobs: &[Job]) -> u64 {
    use crate::sources::google;
    jobs.iter()
        .map(|j| match source {
            _ if !crate::sources::offers(source, j.kind) => 0,
            Source::Fitbit => 1,
            Source::Google => google::requests::estimate(j.kind, j.days()),
            Source::Demo | Source::Import => 0,
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

/// What a backfill of the chosen days and types costs, said before it starts (issue #32).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cost {
    /// Days × types not stored yet.
    pub missing: u64,
    /// Requests they take (estimated for Google), and the part of them for heart rate at every
    /// reading, where that is chosen.
    pub requests: u64,
    pub every_reading: Option<u64>,
    /// Seconds until the last of them is sent at the rate limit (0: within this window).
    pub eta_s: i64,
}

/// `Cost` in words: the requests, the time at `source`'s limit (`budget`), and what heart rate
/// at every reading adds.
pub fn cost_text(c: &Cost, source: Source, budget: Budget) -> String {
    use crate::model::time::duration_text;
    if c.missing == 0 {
        return "Nothing to fetch: every day and type chosen is stored. The files come from this browser.".to_string();
    }
    let estimated = if source == Source::Google {
        " (estimated from a typical day's readings and the API's page size)"
    } else {
        ""
    };
    let window = match budget.window_s {
        60 => "a minute".to_string(),
        3600 => "an hour".to_string(),
        86_400 => "a day".to_string(),
        s => format!("per {}", duration_text(s)),
    };
    let when = if c.eta_s > 0 {
        format!(
            "done in about {} at the rate limit of {}, {} requests {window}",
            duration_text(c.eta_s),
            source.label(),
            budget.limit
        )
    } else {
        format!(
            "all within the current rate-limit window ({} requests {window})",
            budget.limit
        )
    };
    let mut out = format!(
        "Before it starts: {} days × types to fetch, {} requests{estimated}, {when}.",
        c.missing, c.requests
    );
    if let Some(n) = c.every_reading {
        out.push_str(&match source {
            Source::Google => format!(" Heart rate at every reading is {n} of them: Google lists every reading either way, so it costs the requests of 1-minute means, and about 10,000 readings a day to store."),
            _ => format!(" Heart rate at every reading is {n} of them: a request a day, as for 1-minute means, with up to 86,400 readings a day to store."),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::limits::budget;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_cost_is_said_before_it_starts() {
        let fitbit = budget(crate::model::Provider::Fitbit);
        let c = Cost {
            missing: 60,
            requests: 310,
            every_reading: Some(30),
            eta_s: 2 * 3600 + 5 * 60,
        };
        assert_eq!(
            cost_text(&c, Source::Fitbit, fitbit),
            "Before it starts: 60 days × types to fetch, 310 requests, done in about 2 h 5 min at the rate limit of Fitbit (legacy Web API), 150 requests an hour. Heart rate at every reading is 30 of them: a request a day, as for 1-minute means, with up to 86,400 readings a day to store."
        );
        let none = Cost {
            missing: 0,
            requests: 0,
            every_reading: None,
            eta_s: 0,
        };
        assert!(cost_text(&none, Source::Fitbit, fitbit).starts_with("Nothing to fetch"));
        let google = crate::sources::limits::budget(crate::model::Provider::Google);
        let soon = Cost {
            eta_s: 0,
            every_reading: None,
            ..c
        };
        let text = cost_text(&soon, Source::Google, google);
        assert!(
            text.contains("310 requests (estimated")
                && text.contains("all within the current rate-limit window"),
            "{text}"
        );
    }

    #[test]
    fn raw_answers_are_refetched_by_range_and_refused_when_too_many() {
        use crate::model::metric::Metric;
        let year = (d("2025-11-01"), d("2026-10-31"));
        // A year of a daily value is one request on Fitbit; Google's weight list takes 5 (90 days each).
        assert_eq!(
            raw_jobs(Source::Fitbit, Kind::RESTING, year).unwrap().len(),
            1
        );
        let weight = raw_jobs(Source::Google, Kind::Daily(Metric::Weight), year).unwrap();
        assert_eq!(weight.len(), 5);
        // Fitbit steps are a request a day: 31 days pass, 32 do not, and the reason says so.
        let month = (d("2026-10-01"), d("2026-10-31"));
        assert_eq!(
            raw_jobs(Source::Fitbit, Kind::Steps, month).unwrap().len(),
            31
        );
        let err = raw_jobs(
            Source::Fitbit,
            Kind::Steps,
            (d("2026-09-30"), d("2026-10-31")),
        )
        .unwrap_err();
        assert_eq!(
            err,
            TooLong {
                days: 32,
                requests: 32
            }
        );
        assert!(err.to_string().contains("use Export"), "{err}");
        // A Google day of every heart-rate reading is two pages.
        let day = (d("2026-10-25"), d("2026-10-25"));
        assert_eq!(
            raw_jobs(Source::Google, Kind::HeartRate, day)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn fitbit_thirty_days_is_one_request_per_intraday_day_and_one_for_sleep() {
        let kinds = [Kind::HeartRate1m, Kind::Steps, Kind::Sleep];
        let jobs = plan(
            Source::Fitbit,
            &kinds,
            d("2026-10-01"),
            d("2026-10-30"),
            |_| BTreeSet::new(),
        );
        assert_eq!(jobs.len(), 61);
        assert_eq!(requests(Source::Fitbit, &jobs), 61);
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
    fn google_estimates_count_the_wide_window_and_short_heart_rate_pages() {
        let job = |kind, from, to| Job {
            kind,
            from: d(from),
            to: d(to),
        };
        // One day of heart rate: 50 hours of ~10,400 a day at ~5,000 a page.
        let one = [job(Kind::HeartRate, "2026-10-01", "2026-10-01")];
        assert_eq!(requests(Source::Google, &one), 5);
        // A week: the window's 26 hours matter less.
        let week = [job(Kind::HeartRate1m, "2026-10-01", "2026-10-07")];
        assert_eq!(requests(Source::Google, &week), 17);
        let rest = [
            job(Kind::Steps, "2026-10-01", "2026-10-30"),
            job(Kind::Sleep, "2026-10-01", "2026-10-30"),
            job(
                Kind::Daily(crate::model::metric::Metric::Floors),
                "2026-10-01",
                "2026-10-30",
            ),
        ];
        assert_eq!(requests(Source::Google, &rest), 4 + 2 + 1);
    }

    #[test]
    fn stored_days_are_neither_refetched_nor_skipped() {
        let stored: BTreeSet<NaiveDate> = [d("2026-01-10"), d("2026-01-11"), d("2026-03-01")]
            .into_iter()
            .collect();
        let from = d("2025-10-01");
        let to = d("2026-09-30");
        for provider in crate::model::Provider::ALL.map(Source::from) {
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
                assert!(jobs.iter().all(|j| j.days()
                    <= crate::sources::limits::max_days(provider, j.kind)
                    && j.days() > 0));
            }
        }
        // 365 days of Fitbit sleep: runs of 213, 49 and 101 missing days, cut at 100.
        let fitbit = plan(Source::Fitbit, &[Kind::Sleep], from, to, |_| stored.clone());
        assert_eq!(fitbit.len(), 6);
    }

    #[test]
    fn eta_follows_the_hourly_windows() {
        let b = budget(crate::config::Provider::Fitbit);
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
