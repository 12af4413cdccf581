//! Comparisons: a period (a week, a month, a year, or any range) against the one before it and
//! the same period a year earlier, with each metric's own statistic: a sum for what adds up
//! over days (steps, distance, minutes), a mean for readings (resting heart rate, HRV, scores),
//! the last value for the scale. Weeks start on the day the person's locale starts them
//! (`week`): Monday in most of Europe, Sunday in the United States.

use super::metric::Metric;
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// How a metric's days make a period's figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    Sum,
    Mean,
    Last,
}

impl Stat {
    /// A period's figure by this statistic, in words ("the total of its days").
    pub fn text(self) -> &'static str {
        match self {
            Stat::Sum => "the total of its days",
            Stat::Mean => "the mean of its days with a value",
            Stat::Last => "its last value",
        }
    }
}

/// The statistic of a daily metric.
pub fn stat(m: Metric) -> Stat {
    match m {
        Metric::Calories
        | Metric::Distance
        | Metric::Floors
        | Metric::ActiveZoneMinutes
        | Metric::ActiveMinutes
        | Metric::SedentaryMinutes
        | Metric::HeartRateZones
        | Metric::CardioLoad
        | Metric::CaloriesIn
        | Metric::Water => Stat::Sum,
        Metric::Weight | Metric::BodyFat => Stat::Last,
        Metric::RestingHeartRate
        | Metric::Hrv
        | Metric::Spo2
        | Metric::BreathingRate
        | Metric::SkinTemperature
        | Metric::Vo2Max
        | Metric::SleepScore
        | Metric::StressScore
        | Metric::Readiness
        | Metric::BreathingByStage => Stat::Mean,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// A week, starting on this day.
    Week(Weekday),
    Month,
    Year,
}

impl Period {
    /// The three kinds, weeks starting on `first`.
    pub fn all(first: Weekday) -> [Period; 3] {
        [Period::Week(first), Period::Month, Period::Year]
    }

    pub fn key(self) -> &'static str {
        match self {
            Period::Week(_) => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// An inclusive range of days.
pub type Range = (NaiveDate, NaiveDate);

/// The period of `kind` that holds `day`.
pub fn period_of(kind: Period, day: NaiveDate) -> Range {
    match kind {
        Period::Week(first) => {
            let start =
                day - Duration::days(i64::from(super::week::days_into_week(day.weekday(), first)));
            (start, start + Duration::days(6))
        }
        Period::Month => {
            let start = day.with_day(1).unwrap_or(day);
            let next = start.checked_add_months(Months::new(1)).unwrap_or(start);
            (start, next - Duration::days(1))
        }
        Period::Year => {
            let start = NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day);
            let end = NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
            (start, end)
        }
    }
}

/// The range before `r` of the same kind: the previous week, month or year; for any other
/// range, as many days just before it.
pub fn before(kind: Option<Period>, r: Range) -> Range {
    match kind {
        Some(k) => period_of(k, r.0 - Duration::days(1)),
        None => {
            let len = (r.1 - r.0).num_days() + 1;
            (r.0 - Duration::days(len), r.0 - Duration::days(1))
        }
    }
}

/// The same range a year earlier (29 February falls back to the 28th).
pub fn year_earlier(kind: Option<Period>, r: Range) -> Range {
    let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
    match kind {
        Some(k) => period_of(k, back(r.0)),
        None => (back(r.0), back(r.1)),
    }
}

/// The figure of `days` (date, value) inside `r` by `stat`, or `None` without a value there.
pub fn figure(stat: Stat, days: &[(NaiveDate, f64)], r: Range) -> Option<f64> {
    let inside: Vec<(NaiveDate, f64)> = days
        .iter()
        .copied()
        .filter(|(d, v)| r.0 <= *d && *d <= r.1 && v.is_finite())
        .collect();
    if inside.is_empty() {
        return None;
    }
    Some(match stat {
        Stat::Sum => inside.iter().map(|x| x.1).sum(),
        Stat::Mean => inside.iter().map(|x| x.1).sum::<f64>() / inside.len() as f64,
        Stat::Last => inside.iter().max_by_key(|x| x.0).map_or(0.0, |x| x.1),
    })
}

/// One line of the table: the figure of the period, of the one before and of a year earlier;
/// each difference and percentage where both have a figure (no percentage from 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub now: f64,
    pub before: Option<f64>,
    pub year_ago: Option<f64>,
}

impl Row {
    pub fn change(self, other: Option<f64>) -> Option<(f64, Option<f64>)> {
        other.map(|o| {
            let d = self.now - o;
            (d, (o != 0.0).then(|| 100.0 * d / o.abs()))
        })
    }
}

/// The row of a metric, where the period has a figure and at least one of the others does.
pub fn row(stat: Stat, days: &[(NaiveDate, f64)], kind: Option<Period>, r: Range) -> Option<Row> {
    let now = figure(stat, days, r)?;
    let before = figure(stat, days, before(kind, r));
    let year_ago = figure(stat, days, year_earlier(kind, r));
    (before.is_some() || year_ago.is_some()).then_some(Row {
        now,
        before,
        year_ago,
    })
}

/// A personal record: the day (or the first day of the week or month) and its figure.
pub type Record = (NaiveDate, f64);

/// The best day, week (starting on `first`) and calendar month of a metric that adds up over
/// days (the highest sums); ties go to the earliest.
pub fn best_sums(days: &[(NaiveDate, f64)], first: Weekday) -> Option<[Record; 3]> {
    let days: Vec<(NaiveDate, f64)> = days.iter().copied().filter(|d| d.1.is_finite()).collect();
    let best = |groups: std::collections::BTreeMap<NaiveDate, f64>| {
        groups
            .into_iter()
            .fold(None::<Record>, |b, (d, v)| match b {
                Some((_, bv)) if bv >= v => b,
                _ => Some((d, v)),
            })
    };
    let group = |kind: Period| {
        let mut g = std::collections::BTreeMap::new();
        for (d, v) in &days {
            *g.entry(period_of(kind, *d).0).or_insert(0.0) += v;
        }
        g
    };
    let day = best(days.iter().copied().collect())?;
    Some([
        day,
        best(group(Period::Week(first)))?,
        best(group(Period::Month))?,
    ])
}

/// The lowest and the highest day of a reading; ties go to the earliest.
pub fn extremes(days: &[(NaiveDate, f64)]) -> Option<(Record, Record)> {
    let mut it = days.iter().copied().filter(|d| d.1.is_finite());
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), x| {
        (
            if x.1 < lo.1 || (x.1 == lo.1 && x.0 < lo.0) {
                x
            } else {
                lo
            },
            if x.1 > hi.1 || (x.1 == hi.1 && x.0 < hi.0) {
                x
            } else {
                hi
            },
        )
    }))
}

/// The longest run of consecutive days at or over `goal` (a day without a value ends a run),
/// as (first day, last day, days); the earliest of equal runs.
pub fn longest_streak(days: &[(NaiveDate, f64)], goal: f64) -> Option<(NaiveDate, NaiveDate, i64)> {
    let mut met: Vec<NaiveDate> = days
        .iter()
        .filter(|(_, v)| v.is_finite() && *v >= goal)
        .map(|(d, _)| *d)
        .collect();
    met.sort_unstable();
    met.dedup();
    let mut best: Option<(NaiveDate, NaiveDate, i64)> = None;
    let mut run: Option<(NaiveDate, NaiveDate)> = None;
    for d in met {
        run = match run {
            Some((a, b)) if b.succ_opt() == Some(d) => Some((a, d)),
            _ => Some((d, d)),
        };
        if let Some((a, b)) = run {
            let len = (b - a).num_days() + 1;
            if best.is_none_or(|x| len > x.2) {
                best = Some((a, b, len));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_by_hand() {
        // 2026-06-10 is a Wednesday.
        let monday = Period::Week(Weekday::Mon);
        assert_eq!(
            period_of(monday, d("2026-06-10")),
            (d("2026-06-08"), d("2026-06-14"))
        );
        // A week that starts on Sunday (United States) or Saturday (Egypt).
        assert_eq!(
            period_of(Period::Week(Weekday::Sun), d("2026-06-10")),
            (d("2026-06-07"), d("2026-06-13"))
        );
        assert_eq!(
            period_of(Period::Week(Weekday::Sun), d("2026-06-07")),
            (d("2026-06-07"), d("2026-06-13"))
        );
        assert_eq!(
            period_of(Period::Week(Weekday::Sat), d("2026-06-10")),
            (d("2026-06-06"), d("2026-06-12"))
        );
        assert_eq!(
            year_earlier(
                Some(Period::Week(Weekday::Sun)),
                (d("2026-06-07"), d("2026-06-13"))
            ),
            (d("2025-06-01"), d("2025-06-07"))
        );
        assert_eq!(
            period_of(Period::Month, d("2026-02-10")),
            (d("2026-02-01"), d("2026-02-28"))
        );
        assert_eq!(
            period_of(Period::Year, d("2026-06-10")),
            (d("2026-01-01"), d("2026-12-31"))
        );
        let june = period_of(Period::Month, d("2026-06-10"));
        assert_eq!(
            before(Some(Period::Month), june),
            (d("2026-05-01"), d("2026-05-31"))
        );
        assert_eq!(
            year_earlier(Some(Period::Month), june),
            (d("2025-06-01"), d("2025-06-30"))
        );
        // A year-earlier week is the week holding the same date a year before.
        let week = period_of(monday, d("2026-06-10"));
        assert_eq!(
            year_earlier(Some(monday), week),
            (d("2025-06-02"), d("2025-06-08"))
        );
        // Any range: as many days before, and the same dates a year before.
        let r = (d("2024-02-25"), d("2024-03-02"));
        assert_eq!(before(None, r), (d("2024-02-18"), d("2024-02-24")));
        assert_eq!(
            year_earlier(None, (d("2024-02-29"), d("2024-03-01"))),
            (d("2023-02-28"), d("2023-03-01"))
        );
    }

    /// A hand-computed table: resting heart rate (mean), floors (sum) and weight (last) over
    /// June 2026 against May 2026 and June 2025.
    #[test]
    fn a_month_against_the_one_before_and_a_year_earlier() {
        let resting = [
            (d("2025-06-03"), 60.0),
            (d("2025-06-20"), 62.0),
            (d("2026-05-31"), 57.0),
            (d("2026-05-01"), 59.0),
            (d("2026-06-01"), 56.0),
            (d("2026-06-14"), 58.0),
            (d("2026-06-15"), f64::NAN),
        ];
        let june = period_of(Period::Month, d("2026-06-10"));
        let r = row(Stat::Mean, &resting, Some(Period::Month), june).unwrap();
        // June 2026: (56 + 58) / 2 = 57; May: (57 + 59) / 2 = 58; June 2025: 61.
        assert_eq!(
            r,
            Row {
                now: 57.0,
                before: Some(58.0),
                year_ago: Some(61.0)
            }
        );
        // 57 − 58 = −1, −1/58 = −1.724…%; 57 − 61 = −4, −4/61 = −6.557…%.
        let (dp, pp) = r.change(r.before).unwrap();
        assert_eq!(dp, -1.0);
        assert!((pp.unwrap() - -1.724_137_931).abs() < 1e-9);
        let (dy, py) = r.change(r.year_ago).unwrap();
        assert_eq!(dy, -4.0);
        assert!((py.unwrap() - -6.557_377_049).abs() < 1e-9);
        let floors = [
            (d("2026-06-02"), 10.0),
            (d("2026-06-09"), 12.0),
            (d("2026-05-20"), 0.0),
        ];
        let r = row(Stat::Sum, &floors, Some(Period::Month), june).unwrap();
        assert_eq!(
            r,
            Row {
                now: 22.0,
                before: Some(0.0),
                year_ago: None
            }
        );
        // From 0 there is a difference but no percentage.
        assert_eq!(r.change(r.before), Some((22.0, None)));
        let weight = [
            (d("2026-06-02"), 80.5),
            (d("2026-06-12"), 79.9),
            (d("2026-05-02"), 81.0),
        ];
        assert_eq!(
            row(Stat::Last, &weight, Some(Period::Month), june),
            Some(Row {
                now: 79.9,
                before: Some(81.0),
                year_ago: None
            })
        );
        // No figure in either other period: no row.
        assert_eq!(
            row(
                Stat::Sum,
                &[(d("2026-06-02"), 1.0)],
                Some(Period::Month),
                june
            ),
            None
        );
    }

    /// By hand: Mon 2026-06-01 5, Tue 06-02 9, Sun 06-07 9 (week of 06-01: 23), Mon 06-08 12
    /// (week of 06-08: 12), Sun 2026-05-31 20 (its week began 05-25: 20; May: 20, June: 35).
    #[test]
    fn best_day_week_and_month_by_hand() {
        let days = [
            (d("2026-06-01"), 5.0),
            (d("2026-06-02"), 9.0),
            (d("2026-06-07"), 9.0),
            (d("2026-06-08"), 12.0),
            (d("2026-05-31"), 20.0),
            (d("2026-06-09"), f64::NAN),
        ];
        assert_eq!(
            best_sums(&days, Weekday::Mon),
            Some([
                (d("2026-05-31"), 20.0),
                (d("2026-06-01"), 23.0),
                (d("2026-06-01"), 35.0)
            ])
        );
        // Weeks from Sunday: 05-31 to 06-06 holds 20 + 5 + 9 = 34, 06-07 to 06-13 9 + 12 = 21.
        assert_eq!(
            best_sums(&days, Weekday::Sun).map(|b| b[1]),
            Some((d("2026-05-31"), 34.0))
        );
        assert_eq!(
            extremes(&days),
            Some(((d("2026-06-01"), 5.0), (d("2026-05-31"), 20.0)))
        );
        // Ties: the earliest day.
        let tie = [(d("2026-06-02"), 9.0), (d("2026-06-01"), 9.0)];
        assert_eq!(
            extremes(&tie),
            Some(((d("2026-06-01"), 9.0), (d("2026-06-01"), 9.0)))
        );
        assert_eq!(best_sums(&[], Weekday::Mon), None);
        assert_eq!(extremes(&[]), None);
    }

    /// By hand, goal 10: 06-01 12, 06-02 10 (a run of 2), 06-03 9 (breaks it), 06-04 11,
    /// 06-05 15, 06-07 20 (06-06 missing: a run of 2 then 1). Equal runs: the earliest.
    #[test]
    fn the_longest_streak_over_a_goal_by_hand() {
        let days = [
            (d("2026-06-01"), 12.0),
            (d("2026-06-02"), 10.0),
            (d("2026-06-03"), 9.0),
            (d("2026-06-04"), 11.0),
            (d("2026-06-05"), 15.0),
            (d("2026-06-07"), 20.0),
        ];
        assert_eq!(
            longest_streak(&days, 10.0),
            Some((d("2026-06-01"), d("2026-06-02"), 2))
        );
        assert_eq!(
            longest_streak(&days, 9.0),
            Some((d("2026-06-01"), d("2026-06-05"), 5))
        );
        assert_eq!(longest_streak(&days, 100.0), None);
    }
}
