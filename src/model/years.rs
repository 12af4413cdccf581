//! Years (#28), as pure code: a year of daily values laid out as a calendar (a column per
//! week, its first day on top: the day the person's locale starts weeks on), the value bands its
//! colours follow, and week, month and year aggregates with each metric's own statistic
//! (`compare::stat`), also as CSV.

use super::compare::{period_of, Period, Stat};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// One day of a year's calendar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cell {
    pub date: NaiveDate,
    /// The column: weeks since the one holding 1 January (0 to 53).
    pub week: u32,
    /// The row: days since the week's first day (0 to 6).
    pub weekday: u32,
    pub value: f64,
}

/// The days of `year` that have a value, placed on its calendar of weeks starting on `first`.
pub fn calendar(days: &[(NaiveDate, f64)], year: i32, first: Weekday) -> Vec<Cell> {
    let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    // The week's first day on or before 1 January starts column 0.
    let into = |d: NaiveDate| super::week::days_into_week(d.weekday(), first);
    let origin = jan1 - chrono::Duration::days(i64::from(into(jan1)));
    days.iter()
        .filter(|(d, v)| d.year() == year && v.is_finite())
        .map(|&(date, value)| Cell {
            date,
            week: ((date - origin).num_days() / 7) as u32,
            weekday: into(date),
            value,
        })
        .collect()
}

/// How many week columns `year`'s calendar has (53 or 54).
pub fn columns(year: i32, first: Weekday) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 31)
        .and_then(|d| {
            calendar(&[(d, 0.0)], year, first)
                .first()
                .map(|c| c.week + 1)
        })
        .unwrap_or(53)
}

/// The years `days` has values in, oldest first.
pub fn years(days: &[(NaiveDate, f64)]) -> Vec<i32> {
    let mut y: Vec<i32> = days.iter().map(|(d, _)| d.year()).collect();
    y.sort_unstable();
    y.dedup();
    y
}

/// The bounds between `LEVELS` colour bands: the 20th, 40th, 60th and 80th percentiles of the
/// values (NumPy's default, linear interpolation), so each band holds about a fifth of the days
/// whatever the metric's scale. `None` without values.
pub fn bands(values: &[f64]) -> Option<[f64; 4]> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        let (a, b) = (v.get(lo).copied()?, v.get(hi).copied()?);
        Some(a + (b - a) * (pos - lo as f64))
    };
    Some([at(0.2)?, at(0.4)?, at(0.6)?, at(0.8)?])
}

/// How many colour bands a calendar has.
pub const LEVELS: usize = 5;

/// The band (0 to `LEVELS` − 1) of a value: how many bounds it is above.
pub fn level(v: f64, bounds: &[f64; 4]) -> usize {
    bounds.iter().filter(|b| v > **b).count()
}

/// One period's figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aggregate {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub value: f64,
    /// The days with a value inside it.
    pub days: usize,
}

/// Each week's, month's or year's figure of `days` by `stat`, oldest first; periods without a
/// value are left out.
pub fn aggregates(stat: Stat, days: &[(NaiveDate, f64)], period: Period) -> Vec<Aggregate> {
    let mut by: BTreeMap<NaiveDate, (NaiveDate, Vec<(NaiveDate, f64)>)> = BTreeMap::new();
    for &(d, v) in days.iter().filter(|(_, v)| v.is_finite()) {
        let (from, to) = period_of(period, d);
        by.entry(from).or_insert((to, Vec::new())).1.push((d, v));
    }
    by.into_iter()
        .filter_map(|(from, (to, inside))| {
            let value = super::compare::figure(stat, &inside, (from, to))?;
            Some(Aggregate {
                from,
                to,
                value,
                days: inside.len(),
            })
        })
        .collect()
}

/// The aggregates as CSV: one row per period, in the metric's stored unit (files stay metric),
/// with the statistic named on each row.
pub fn aggregates_csv(
    metric: &str,
    unit: &str,
    stat: Stat,
    period: Period,
    rows: &[Aggregate],
) -> String {
    let stat = match stat {
        Stat::Sum => "sum",
        Stat::Mean => "mean",
        Stat::Last => "last",
    };
    let mut out = String::from("period,from,to,metric,unit,statistic,value,days_with_data\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{metric},{unit},{stat},{},{}\n",
            period.key(),
            r.from,
            r.to,
            r.value,
            r.days
        ));
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
    fn a_years_days_take_their_week_column_and_weekday_row() {
        // 2026 begins on a Thursday: its column 0 runs from Monday 29 December 2025.
        let days = [
            (d("2025-12-31"), 1.0),
            (d("2026-01-01"), 2.0),
            (d("2026-01-04"), 3.0),
            (d("2026-01-05"), 4.0),
            (d("2026-12-31"), 5.0),
        ];
        let c = calendar(&days, 2026, Weekday::Mon);
        let got: Vec<(String, u32, u32)> = c
            .iter()
            .map(|c| (c.date.to_string(), c.week, c.weekday))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-01-01".to_string(), 0, 3),
                ("2026-01-04".to_string(), 0, 6),
                ("2026-01-05".to_string(), 1, 0),
                // Thursday 31 December: (364 + 3) / 7 = 52.
                ("2026-12-31".to_string(), 52, 3),
            ]
        );
        assert_eq!(years(&days), vec![2025, 2026]);
        // A year that spans 54 week columns: 2012 starts on a Sunday and is a leap year, so
        // Monday 31 December is 6 + 365 days after the Monday before 1 January.
        let last = calendar(&[(d("2012-12-31"), 1.0)], 2012, Weekday::Mon);
        assert_eq!((last[0].week, last[0].weekday), (53, 0));
        assert_eq!(
            (columns(2012, Weekday::Mon), columns(2026, Weekday::Mon)),
            (54, 53)
        );
        // Weeks from Sunday: column 0 runs from Sunday 28 December 2025, Sunday on top.
        let sunday: Vec<(String, u32, u32)> = calendar(&days, 2026, Weekday::Sun)
            .iter()
            .map(|c| (c.date.to_string(), c.week, c.weekday))
            .collect();
        assert_eq!(
            sunday,
            [
                ("2026-01-01".to_string(), 0, 4),
                ("2026-01-04".to_string(), 1, 0),
                ("2026-01-05".to_string(), 1, 1),
                // Thursday 31 December: (3 + 365) / 7 = 52, the fifth row.
                ("2026-12-31".to_string(), 52, 4),
            ]
        );
        assert_eq!(columns(2026, Weekday::Sun), 53);
    }

    #[test]
    fn bands_are_the_quintiles_numpy_gives() {
        // numpy.percentile([1..10], [20, 40, 60, 80]) = 2.8, 4.6, 6.4, 8.2.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let b = bands(&v).unwrap();
        for (got, want) in b.iter().zip([2.8, 4.6, 6.4, 8.2]) {
            assert!((got - want).abs() < 1e-12, "{b:?}");
        }
        assert_eq!(level(1.0, &b), 0);
        assert_eq!(level(2.8, &b), 0);
        assert_eq!(level(5.0, &b), 2);
        assert_eq!(level(10.0, &b), 4);
        assert_eq!(bands(&[]), None);
        assert_eq!(bands(&[7.0]), Some([7.0; 4]));
    }

    #[test]
    fn aggregates_by_week_month_and_year_with_the_metrics_statistic() {
        // Sunday 1 March, Monday 2 March, Tuesday 31 March, Wednesday 1 April 2026.
        let days = [
            (d("2026-03-01"), 10.0),
            (d("2026-03-02"), 20.0),
            (d("2026-03-31"), 30.0),
            (d("2026-04-01"), 40.0),
        ];
        let weeks = aggregates(Stat::Sum, &days, Period::Week(Weekday::Mon));
        let got: Vec<(String, f64, usize)> = weeks
            .iter()
            .map(|a| (a.from.to_string(), a.value, a.days))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-02-23".to_string(), 10.0, 1),
                ("2026-03-02".to_string(), 20.0, 1),
                // 31 March and 1 April share a week.
                ("2026-03-30".to_string(), 70.0, 2),
            ]
        );
        let months = aggregates(Stat::Mean, &days, Period::Month);
        assert_eq!(
            months
                .iter()
                .map(|a| (a.from.to_string(), a.to.to_string(), a.value))
                .collect::<Vec<_>>(),
            [
                ("2026-03-01".to_string(), "2026-03-31".to_string(), 20.0),
                ("2026-04-01".to_string(), "2026-04-30".to_string(), 40.0),
            ]
        );
        let year = aggregates(Stat::Last, &days, Period::Year);
        assert_eq!(year.len(), 1);
        assert_eq!((year[0].value, year[0].days), (40.0, 4));
        // Weeks from Sunday: 1 and 2 March share one; 31 March and 1 April another.
        let sundays: Vec<(String, f64, usize)> =
            aggregates(Stat::Sum, &days, Period::Week(Weekday::Sun))
                .iter()
                .map(|a| (a.from.to_string(), a.value, a.days))
                .collect();
        assert_eq!(
            sundays,
            [
                ("2026-03-01".to_string(), 30.0, 2),
                ("2026-03-29".to_string(), 70.0, 2),
            ]
        );
        let csv = aggregates_csv(
            "steps",
            "steps",
            Stat::Sum,
            Period::Week(Weekday::Mon),
            &weeks,
        );
        assert_eq!(
            csv.lines().collect::<Vec<_>>(),
            [
                "period,from,to,metric,unit,statistic,value,days_with_data",
                "week,2026-02-23,2026-03-01,steps,steps,sum,10,1",
                "week,2026-03-02,2026-03-08,steps,steps,sum,20,1",
                "week,2026-03-30,2026-04-05,steps,steps,sum,70,2",
            ]
        );
    }
}
