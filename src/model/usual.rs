//! "Your usual": where a night metric sits against the person's own recent days, as the
//! median and interquartile range of the 30 days before it, once at least 14 of them have a
//! value. Quartiles by linear interpolation between order statistics (Hyndman and Fan's type
//! 7, the default of NumPy's `percentile` and of R's `quantile`). No score is made up: a
//! value is only said to be below, within or above its band.

use super::metric::Metric;

/// The metrics a band is drawn for.
pub const METRICS: [Metric; 5] = [
    Metric::RestingHeartRate,
    Metric::Hrv,
    Metric::Spo2,
    Metric::BreathingRate,
    Metric::SkinTemperature,
];

/// Days before the day that the band is made of.
pub const WINDOW_DAYS: i64 = 30;
/// Of those, how many need a value.
pub const MIN_DAYS: usize = 14;

/// The band of the days before: its median and quartiles, and how many days made it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usual {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub days: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Below,
    Within,
    Above,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Below => "below",
            Verdict::Within => "within",
            Verdict::Above => "above",
        }
    }
}

/// The `p` quantile of sorted, non-empty `x` (type 7).
fn quantile(x: &[f64], p: f64) -> f64 {
    let h = (x.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (a, b) = (x[lo], x[(lo + 1).min(x.len() - 1)]);
    a + (h - h.floor()) * (b - a)
}

/// The band of `before` (the values of the days before, those with one), or `None` with fewer
/// than `MIN_DAYS`. Non-finite values are not values.
pub fn usual(before: &[f64]) -> Option<Usual> {
    let mut x: Vec<f64> = before.iter().copied().filter(|v| v.is_finite()).collect();
    if x.len() < MIN_DAYS {
        return None;
    }
    x.sort_by(f64::total_cmp);
    Some(Usual {
        q1: quantile(&x, 0.25),
        median: quantile(&x, 0.5),
        q3: quantile(&x, 0.75),
        days: x.len(),
    })
}

/// Each day's band over `[from, to]`: the quartiles of the `WINDOW_DAYS` days before it that
/// have a value in `values` (which may begin before `from`, and need not be in order), `None`
/// where fewer than `MIN_DAYS` have one. What the day view says of each day, for a range.
pub fn bands(
    values: &[(chrono::NaiveDate, Option<f64>)],
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
) -> Vec<(chrono::NaiveDate, Option<Usual>)> {
    let by: std::collections::BTreeMap<chrono::NaiveDate, f64> = values
        .iter()
        .filter_map(|(d, v)| Some((*d, (*v)?)))
        .collect();
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|d| {
            let before: Vec<f64> = by
                .range(d - chrono::Duration::days(WINDOW_DAYS)..d)
                .map(|(_, v)| *v)
                .collect();
            (d, usual(&before))
        })
        .collect()
}

/// Where `value` sits against its band: outside the quartiles is below or above.
pub fn verdict(value: f64, band: &Usual) -> Verdict {
    verdict_between(value, band.q1, band.q3)
}

/// Where `value` sits against `[low, high]` (a band's quartiles, or the personal range a
/// source gives): outside it is below or above, its bounds are within.
pub fn verdict_between(value: f64, low: f64, high: f64) -> Verdict {
    if value < low {
        Verdict::Below
    } else if value > high {
        Verdict::Above
    } else {
        Verdict::Within
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A range's bands, by hand: 20 days valued 1..20 from June 1. June 15 has 14 days before
    /// it (1..14): Q1 at h = 3.25 is 4.25, the median 7.5, Q3 10.75. June 14 has 13: none.
    /// July 10's 30 days before reach back to June 10, so they hold 10..20 (11 values): none.
    /// A day without a value counts for nothing.
    #[test]
    fn bands_of_a_range_by_hand() {
        let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let mut values: Vec<(chrono::NaiveDate, Option<f64>)> =
            (1..=20).map(|i| (day(6, i), Some(f64::from(i)))).collect();
        values.push((day(6, 21), None));
        let b = bands(&values, (day(6, 14), day(7, 10)));
        assert_eq!(b.len(), 27);
        assert_eq!(b[0], (day(6, 14), None));
        assert_eq!(
            b[1],
            (
                day(6, 15),
                Some(Usual {
                    q1: 4.25,
                    median: 7.5,
                    q3: 10.75,
                    days: 14
                })
            )
        );
        assert_eq!(b.last(), Some(&(day(7, 10), None)));
        // July 9 reaches back to June 9: 9..20, 12 values; June 30 has all 20.
        assert_eq!(b[25].1, None);
        assert_eq!(b[16].1.map(|u| (u.days, u.median)), Some((20, 10.5)));
    }

    /// Worked by hand: 14 values 50..63 sorted; h = 13 p. Q1 at h = 3.25: 53 + 0.25 = 53.25;
    /// the median at 6.5: 56.5; Q3 at 9.75: 59.75.
    #[test]
    fn quartiles_by_hand() {
        let mut v: Vec<f64> = (50..64).map(f64::from).collect();
        v.reverse();
        let u = usual(&v).unwrap();
        assert_eq!(
            u,
            Usual {
                q1: 53.25,
                median: 56.5,
                q3: 59.75,
                days: 14
            }
        );
        assert_eq!(verdict(53.0, &u), Verdict::Below);
        assert_eq!(verdict(53.25, &u), Verdict::Within);
        assert_eq!(verdict(59.75, &u), Verdict::Within);
        assert_eq!(verdict(60.0, &u), Verdict::Above);
    }

    /// Fewer than 14 days, or values that are not numbers, make no band.
    #[test]
    fn too_few_days_make_no_band() {
        let v: Vec<f64> = (0..13)
            .map(f64::from)
            .chain([f64::NAN, f64::INFINITY])
            .collect();
        assert_eq!(usual(&v), None);
        // An outlier moves a mean, not the band.
        let mut v = vec![4.0, 100.0, 2.0, 3.0, 1.0];
        v.extend([3.0; 9]);
        // 14 values: 1 2 3×10 4 100 sorted → 1,2,3,3,3,3,3,3,3,3,3,3,4,100: Q1 at 3.25 = 3,
        // median 3, Q3 at 9.75 = 3.
        let u = usual(&v).unwrap();
        assert_eq!((u.q1, u.median, u.q3), (3.0, 3.0, 3.0));
    }
}
