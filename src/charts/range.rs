//! Charts over a range of days (Trends): daily bars, lines, stacked parts, and nights.

use super::*;

/// A day's total per day as bars (calories, distance, floors, AZM), with gaps on days
/// without a value; like `daily_line`, it states what it is and its unit.
pub fn daily_bars(what: &str, about: &str, unit: &str, days: &[(NaiveDate, Option<f64>)]) -> Chart {
    daily_axes(what, about, unit, days, false).series(
        Bar::new()
            .name(what.to_string())
            .data(days.iter().map(|(_, v)| value_or_gap(*v)).collect()),
    )
}

pub(super) fn value_or_gap(v: Option<f64>) -> DataPoint {
    match v {
        Some(v) => DataPoint::from(v),
        None => DataPoint::from("-"),
    }
}

/// The frame of a per-day chart: title and subtitle, a category axis of dates, a value axis
/// named by the unit (from zero for totals, fitted to the data for readings).
pub(super) fn daily_axes(
    what: &str,
    about: &str,
    unit: &str,
    days: &[(NaiveDate, Option<f64>)],
    fitted: bool,
) -> Chart {
    titled(what, about)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("56").right("16").top("64").bottom("32"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(days.iter().map(|(d, _)| d.to_string()).collect()),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(unit.to_string())
                .scale(fitted),
        )
}

/// Steps per day as bars: the seed chart ("steps over the last 7 days").
pub fn steps_daily(days: &[(NaiveDate, f64)]) -> Chart {
    let total: f64 = days.iter().map(|(_, v)| v).sum();
    let mean = if days.is_empty() {
        0.0
    } else {
        total / days.len() as f64
    };
    let frame: Vec<(NaiveDate, Option<f64>)> = days.iter().map(|(d, v)| (*d, Some(*v))).collect();
    daily_axes(
        "Steps per day",
        &format!("steps, local days · mean {}", mean.round() as i64),
        "steps",
        &frame,
        false,
    )
    .series(
        Bar::new()
            .name("Steps")
            .data(days.iter().map(|(_, v)| DataPoint::from(*v)).collect()),
    )
}

/// One value per day as a line, with gaps on days without a value; `what`, `about` (the
/// subtitle) and `unit` (the axis) say what it is: every trend states it.
pub fn daily_line(what: &str, about: &str, unit: &str, days: &[(NaiveDate, Option<f64>)]) -> Chart {
    daily_axes(what, about, unit, days, true).series(
        Line::new()
            .name(what.to_string())
            .data(days.iter().map(|(_, v)| value_or_gap(*v)).collect()),
    )
}

/// A day's value with its parts, where the provider split it.
pub type DayParts = (NaiveDate, Option<f64>, Option<[f64; 3]>);

/// The frame of `daily_axes` with a legend above the plot (a series per part).
pub(super) fn daily_axes_legend(
    what: &str,
    about: &str,
    unit: &str,
    days: &[DayParts],
    fitted: bool,
) -> Chart {
    let frame: Vec<(NaiveDate, Option<f64>)> = days.iter().map(|(d, v, _)| (*d, *v)).collect();
    daily_axes(what, about, unit, &frame, fitted)
        .legend(charming::component::Legend::new().top("28"))
        .grid(Grid::new().left("56").right("16").top("72").bottom("32"))
}

/// A day's total as a bar stacked from its parts (`labels[i]` drawn as part `i` times
/// `weights[i]`, so the bar's top is the day's value: AZM's cardio and peak minutes count
/// twice). A day the provider did not split is one bar of its own, "Not split", so no day's
/// total is ever drawn as if it were one part.
pub fn daily_stacked(
    what: &str,
    about: &str,
    unit: &str,
    labels: &[&str],
    weights: [f64; 3],
    days: &[DayParts],
) -> Chart {
    let mut chart = daily_axes_legend(what, about, unit, days, false);
    for (i, (label, w)) in labels.iter().zip(weights).enumerate() {
        let data = days
            .iter()
            .map(|(_, v, p)| value_or_gap(v.and(p.map(|p| p[i] * w))))
            .collect();
        chart = chart.series(Bar::new().name(label.to_string()).stack("day").data(data));
    }
    if days.iter().any(|(_, v, p)| v.is_some() && p.is_none()) {
        let data = days
            .iter()
            .map(|(_, v, p)| value_or_gap(v.filter(|_| p.is_none())))
            .collect();
        chart = chart.series(Bar::new().name("Not split").stack("day").data(data));
    }
    chart
}

/// A reading per day as a line (series 0, named `value_label`), with a line per part beside it
/// (breathing in each sleep stage), gaps where a day has no value or was not split.
pub fn daily_lines(
    what: &str,
    about: &str,
    unit: &str,
    value_label: &str,
    labels: &[&str],
    days: &[DayParts],
) -> Chart {
    let mut chart = daily_axes_legend(what, about, unit, days, true).series(
        Line::new()
            .name(value_label.to_string())
            .data(days.iter().map(|(_, v, _)| value_or_gap(*v)).collect()),
    );
    for (i, label) in labels.iter().enumerate() {
        let data = days
            .iter()
            .map(|(_, _, p)| value_or_gap(p.map(|p| p[i])))
            .collect();
        chart = chart.series(Line::new().name(label.to_string()).data(data));
    }
    chart
}

/// Minutes per stage of each night's main sleep, stacked. Classic nights count asleep as light
/// and restless as wake, so both scorings share one chart.
pub fn sleep_nightly(nights: &[(NaiveDate, Option<SleepSession>)]) -> Chart {
    let mut chart = titled(
        "Sleep per night",
        "minutes in each stage of the main sleep, by the day it ended",
    )
    .tooltip(Tooltip::new().trigger(Trigger::Axis))
    .legend(charming::component::Legend::new().top("28"))
    .grid(Grid::new().left("56").right("16").top("72").bottom("32"))
    .x_axis(
        Axis::new()
            .type_(AxisType::Category)
            .data(nights.iter().map(|(d, _)| d.to_string()).collect()),
    )
    .y_axis(Axis::new().type_(AxisType::Value).name("min"));
    for stage in NIGHT_STACK {
        let data = nights
            .iter()
            .map(|(_, n)| {
                DataPoint::from(n.as_ref().map_or(0.0, |n| night_minutes(n, stage) as f64))
            })
            .collect();
        chart = chart.series(Bar::new().name(stage.label()).stack("night").data(data));
    }
    chart
}
