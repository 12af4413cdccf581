//! How much time one bar or point of a Trends chart stands for: a day up to a year of days,
//! then a week (up to three years), then a calendar month, so a chart over ten years draws 120
//! months instead of 3,650 days. Each period's figure is the metric's own statistic
//! (`compare::stat`: a sum for what adds up, a mean for readings, the last weigh-in), over the
//! days that have a value. Pure.

use super::compare::{figure, period_of, Period, Stat};
use chrono::{NaiveDate, Weekday};

/// What one bar or point stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    Day,
    /// A week, starting on this day (`model::week`).
    Week(Weekday),
    Month,
}

/// The most days drawn one by one, and the most drawn as weeks.
pub const MAX_DAYS: usize = 366;
pub const MAX_WEEKLY_DAYS: usize = 3 * 366;

/// The resolution of a chart over `days` days.
pub fn per_for(days: usize, first: Weekday) -> Per {
    if days <= MAX_DAYS {
        Per::Day
    } else if days <= MAX_WEEKLY_DAYS {
        Per::Week(first)
    } else {
        Per::Month
    }
}

impl Per {
    /// A bar's name on the axis: the day, the week's first day, or the month.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Per::Day => start.to_string(),
            Per::Week(_) => format!("week of {start}"),
            Per::Month => start.format("%Y-%m").to_string(),
        }
    }

    /// What one bar stands for, for a subtitle: "" for a day.
    pub fn says(self, stat: Stat) -> String {
        let period = match self {
            Per::Day => return String::new(),
            Per::Week(_) => "week",
            Per::Month => "month",
        };
        format!("a bar or point per {period}: {}", stat.text())
    }

    /// Its name in a `data-` attribute.
    pub fn key(self) -> &'static str {
        match self {
            Per::Day => "day",
            Per::Week(_) => "week",
            Per::Month => "month",
        }
    }

    fn period(self) -> Option<Period> {
        match self {
            Per::Day => None,
            Per::Week(first) => Some(Period::Week(first)),
            Per::Month => Some(Period::Month),
        }
    }
}

/// The periods over `days` (in date order) with each one's figure by `stat` (`None` where no
/// day of it has a value), dated by their first day. Days pass through as they are.
pub fn bucket(
    per: Per,
    stat: Stat,
    days: &[(NaiveDate, Option<f64>)],
) -> Vec<(NaiveDate, Option<f64>)> {
    // One value a day is `bucket_each` of one.
    let ones: Vec<(NaiveDate, Option<[f64; 1]>)> =
        days.iter().map(|(d, v)| (*d, v.map(|v| [v]))).collect();
    bucket_each(per, stat, &ones)
        .into_iter()
        .map(|(d, v)| (d, v.map(|[v]| v)))
        .collect()
}

/// A day's value with its three parts, where the source split it.
pub type DayParts = (NaiveDate, Option<f64>, Option<[f64; 3]>);

/// `bucket` for days with parts (a value and, where the source split it, its three parts):
/// each period's parts are the same statistic of its days' parts, given only where every day
/// with a value was split (else the period is drawn unsplit, as such a day is).
pub fn bucket_parts(per: Per, stat: Stat, days: &[DayParts]) -> Vec<DayParts> {
    if per == Per::Day {
        return days.to_vec();
    }
    let values: Vec<(NaiveDate, Option<f64>)> = days.iter().map(|(d, v, _)| (*d, *v)).collect();
    let parts: Vec<(NaiveDate, Option<[f64; 3]>)> =
        days.iter().map(|(d, v, p)| (*d, v.and(*p))).collect();
    // Days with a value the source did not split: any makes the whole period unsplit.
    let unsplit: Vec<(NaiveDate, Option<f64>)> = days
        .iter()
        .map(|(d, v, p)| (*d, (v.is_some() && p.is_none()).then_some(1.0)))
        .collect();
    // The same dates make the same periods, in the same order, in all three.
    bucket(per, stat, &values)
        .into_iter()
        .zip(bucket_each(per, stat, &parts))
        .zip(bucket(per, Stat::Sum, &unsplit))
        .map(|(((start, value), (_, parts)), (_, unsplit))| {
            (start, value, parts.filter(|_| unsplit.is_none()))
        })
        .collect()
}

/// `bucket` for days of `N` values each (a night's minutes in each stage): each period's
/// values are `stat` of its days' values, over the days that have them.
pub fn bucket_each<const N: usize>(
    per: Per,
    stat: Stat,
    days: &[(NaiveDate, Option<[f64; N]>)],
) -> Vec<(NaiveDate, Option<[f64; N]>)> {
    let Some(period) = per.period() else {
        return days.to_vec();
    };
    let all = (NaiveDate::MIN, NaiveDate::MAX);
    groups(period, days, |x| x.0)
        .into_iter()
        .map(|(start, inside)| {
            let has: Vec<(NaiveDate, [f64; N])> = inside
                .iter()
                .filter_map(|(d, v)| v.map(|v| (*d, v)))
                .collect();
            let each = (!has.is_empty())
                .then(|| {
                    let mut out = [0.0; N];
                    for (i, slot) in out.iter_mut().enumerate() {
                        let one: Vec<(NaiveDate, f64)> = has
                            .iter()
                            .filter_map(|(d, v)| v.get(i).map(|x| (*d, *x)))
                            .collect();
                        *slot = figure(stat, &one, all)?;
                    }
                    Some(out)
                })
                .flatten();
            (start, each)
        })
        .collect()
}

/// The days grouped by the period holding each (`date` gives a day's date), in date order.
fn groups<T: Clone>(
    period: Period,
    days: &[T],
    date: impl Fn(&T) -> NaiveDate,
) -> Vec<(NaiveDate, Vec<T>)> {
    let mut out: Vec<(NaiveDate, Vec<T>)> = Vec::new();
    for x in days {
        let start = period_of(period, date(x)).0;
        match out.last_mut() {
            Some((s, inside)) if *s == start => inside.push(x.clone()),
            _ => out.push((start, vec![x.clone()])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_year_is_drawn_by_day_three_by_week_ten_by_month() {
        assert_eq!(per_for(366, Weekday::Mon), Per::Day);
        assert_eq!(per_for(367, Weekday::Sun), Per::Week(Weekday::Sun));
        assert_eq!(per_for(1098, Weekday::Mon), Per::Week(Weekday::Mon));
        assert_eq!(per_for(1099, Weekday::Mon), Per::Month);
        assert_eq!(per_for(3653, Weekday::Mon), Per::Month);
        assert_eq!(Per::Month.label(d("2026-03-01")), "2026-03");
        assert_eq!(
            Per::Week(Weekday::Mon).label(d("2026-03-23")),
            "week of 2026-03-23"
        );
    }

    /// By hand: Sun 1 March 10, Mon 2 March 20, Tue 3 March none, Tue 31 March 30, Wed 1
    /// April 40.
    #[test]
    fn periods_take_the_metrics_statistic_over_their_days_with_a_value() {
        let days = [
            (d("2026-03-01"), Some(10.0)),
            (d("2026-03-02"), Some(20.0)),
            (d("2026-03-03"), None),
            (d("2026-03-31"), Some(30.0)),
            (d("2026-04-01"), Some(40.0)),
        ];
        let monday = Per::Week(Weekday::Mon);
        assert_eq!(
            bucket(monday, Stat::Sum, &days),
            [
                (d("2026-02-23"), Some(10.0)),
                (d("2026-03-02"), Some(20.0)),
                (d("2026-03-30"), Some(70.0)),
            ]
        );
        assert_eq!(
            bucket(Per::Month, Stat::Mean, &days),
            [(d("2026-03-01"), Some(20.0)), (d("2026-04-01"), Some(40.0))]
        );
        assert_eq!(
            bucket(Per::Month, Stat::Last, &days),
            [(d("2026-03-01"), Some(30.0)), (d("2026-04-01"), Some(40.0))]
        );
        // A week with no value at all is a gap, not a 0.
        let empty = [(d("2026-03-09"), None), (d("2026-03-10"), None)];
        assert_eq!(bucket(monday, Stat::Sum, &empty), [(d("2026-03-09"), None)]);
        assert_eq!(bucket(Per::Day, Stat::Sum, &days), days);
    }

    #[test]
    fn a_period_is_split_only_where_each_of_its_days_was() {
        let days = [
            (d("2026-03-02"), Some(10.0), Some([1.0, 2.0, 7.0])),
            (d("2026-03-03"), Some(20.0), Some([3.0, 4.0, 13.0])),
            (d("2026-03-04"), None, None),
            (d("2026-03-09"), Some(5.0), Some([5.0, 0.0, 0.0])),
            (d("2026-03-10"), Some(6.0), None),
        ];
        let got = bucket_parts(Per::Week(Weekday::Mon), Stat::Sum, &days);
        assert_eq!(
            got,
            [
                (d("2026-03-02"), Some(30.0), Some([4.0, 6.0, 20.0])),
                (d("2026-03-09"), Some(11.0), None),
            ]
        );
        let mean = bucket_parts(Per::Month, Stat::Mean, &days[..3]);
        assert_eq!(
            mean,
            [(d("2026-03-01"), Some(15.0), Some([2.0, 3.0, 10.0]))]
        );
    }

    /// Nights' minutes per stage by hand: the week of 2 March has nights of [60, 200, 90, 30]
    /// and [80, 240, 100, 50] and a date without one; the next week has no night.
    #[test]
    fn each_stage_is_the_mean_of_the_periods_nights() {
        let nights = [
            (d("2026-03-02"), Some([60.0, 200.0, 90.0, 30.0])),
            (d("2026-03-03"), None),
            (d("2026-03-04"), Some([80.0, 240.0, 100.0, 50.0])),
            (d("2026-03-10"), None),
        ];
        assert_eq!(
            bucket_each(Per::Week(Weekday::Mon), Stat::Mean, &nights),
            [
                (d("2026-03-02"), Some([70.0, 220.0, 95.0, 40.0])),
                (d("2026-03-09"), None),
            ]
        );
    }

    /// Over any run of days, any week start and any values: each period holds exactly the
    /// days an independent count puts in it (whole weeks from the week's first day, calendar
    /// months), in order, and its figure is the sum, mean or last of those days' values;
    /// the totals of all periods add up to the total of all days.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use chrono::Datelike;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            #[test]
            fn periods_hold_their_days_and_their_statistic(
                start in 0i64..4000,
                values in prop::collection::vec(prop::option::weighted(0.8, 0u32..30_000), 1..1200),
                first in 0u8..7,
                monthly in any::<bool>(),
                which in 0u8..3,
            ) {
                let first = Weekday::try_from(first).unwrap();
                let per = if monthly { Per::Month } else { Per::Week(first) };
                let stat = [Stat::Sum, Stat::Mean, Stat::Last][usize::from(which)];
                let d0 = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Duration::days(start);
                let days: Vec<(NaiveDate, Option<f64>)> = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (d0 + chrono::Duration::days(i as i64), v.map(f64::from)))
                    .collect();
                // The oracle's own periods: a week counted from its first day, or (year, month).
                let id = |d: NaiveDate| -> i64 {
                    if monthly {
                        i64::from(d.year()) * 12 + i64::from(d.month0())
                    } else {
                        let back = (7 + d.weekday().num_days_from_monday() - first.num_days_from_monday()) % 7;
                        (d - chrono::Duration::days(i64::from(back))).num_days_from_ce().into()
                    }
                };
                let mut want: Vec<(i64, Vec<f64>)> = Vec::new();
                for (d, v) in &days {
                    match want.last_mut() {
                        Some((p, vs)) if *p == id(*d) => vs.extend(v),
                        _ => want.push((id(*d), v.iter().copied().collect())),
                    }
                }
                let got = bucket(per, stat, &days);
                prop_assert_eq!(got.len(), want.len());
                for ((start, figure), (p, vs)) in got.iter().zip(&want) {
                    prop_assert_eq!(id(*start), *p);
                    let expect = if vs.is_empty() {
                        None
                    } else {
                        Some(match stat {
                            Stat::Sum => vs.iter().sum::<f64>(),
                            Stat::Mean => vs.iter().sum::<f64>() / vs.len() as f64,
                            Stat::Last => *vs.last().unwrap(),
                        })
                    };
                    match (figure, expect) {
                        (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-6, "{} vs {}", a, b),
                        (a, b) => prop_assert_eq!(*a, b),
                    }
                }
                if stat == Stat::Sum {
                    let all: f64 = days.iter().filter_map(|(_, v)| *v).sum();
                    let by: f64 = got.iter().filter_map(|(_, v)| *v).sum();
                    prop_assert_eq!(all, by);
                }
            }
        }
    }
}
