//! Charts over a range of days (Trends): daily bars, lines, stacked parts, and nights. Each
//! bar or point is a day, or a week or month over long ranges (`model::resolution`): the
//! page groups the days, and the axis names each bar's period.

use super::*;
use crate::model::resolution::Per;

/// A day's total per day as bars (calories, distance, floors, AZM), with gaps on days
/// without a value; like `daily_line`, it states what it is and its unit.
pub fn daily_bars(
    what: &str,
    about: &str,
    unit: &str,
    days: &[(NaiveDate, Option<f64>)],
    per: Per,
) -> Chart {
    daily_axes(what, about, unit, days, false, per).series(
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
    per: Per,
) -> Chart {
    titled(what, about)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("56").right("16").top("64").bottom("32"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(days.iter().map(|(d, _)| per.label(*d)).collect()),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(unit.to_string())
                .scale(fitted),
        )
}

/// Steps per day as bars: the seed chart ("steps over the last 7 days"); per week or month
/// over long ranges, each bar the period's total.
pub fn steps_daily(days: &[(NaiveDate, f64)], per: Per) -> Chart {
    let total: f64 = days.iter().map(|(_, v)| v).sum();
    let mean = if days.is_empty() {
        0.0
    } else {
        total / days.len() as f64
    };
    let frame: Vec<(NaiveDate, Option<f64>)> = days.iter().map(|(d, v)| (*d, Some(*v))).collect();
    let (title, each) = match per {
        Per::Day => ("Steps per day", "local days"),
        Per::Week(_) => ("Steps per week", "the total of each week's local days"),
        Per::Month => ("Steps per month", "the total of each month's local days"),
    };
    daily_axes(
        title,
        &format!("steps, {each} · mean {}", mean.round() as i64),
        "steps",
        &frame,
        false,
        per,
    )
    .series(
        Bar::new()
            .name("Steps")
            .data(days.iter().map(|(_, v)| DataPoint::from(*v)).collect()),
    )
}

/// One value per day as a line, with gaps on days without a value; `what`, `about` (the
/// subtitle) and `unit` (the axis) say what it is: every trend states it.
pub fn daily_line(
    what: &str,
    about: &str,
    unit: &str,
    days: &[(NaiveDate, Option<f64>)],
    per: Per,
) -> Chart {
    daily_axes(what, about, unit, days, true, per).series(
        Line::new()
            .name(what.to_string())
            .data(days.iter().map(|(_, v)| value_or_gap(*v)).collect()),
    )
}

/// `chart` (a daily line) with "your usual" behind it: each day's band from its first to its
/// third quartile (`model::usual::bands`), as a shaded area stacked on an invisible line at the
/// band's floor; a gap where a day has none. Neither series answers the pointer.
pub fn with_usual(chart: Chart, band: &[Option<(f64, f64)>]) -> Chart {
    use charming::element::{AreaStyle, LineStyle, Symbol};
    let floor = band.iter().map(|b| value_or_gap(b.map(|b| b.0))).collect();
    let width = band
        .iter()
        .map(|b| value_or_gap(b.map(|(q1, q3)| q3 - q1)))
        .collect();
    let hidden = || LineStyle::new().opacity(0);
    chart
        .series(
            Line::new()
                .name(USUAL_FLOOR)
                .stack("usual")
                .symbol(Symbol::None)
                .line_style(hidden())
                .silent(true)
                .z(1)
                .data(floor),
        )
        .series(
            Line::new()
                .name(USUAL)
                .stack("usual")
                .symbol(Symbol::None)
                .line_style(hidden())
                .area_style(AreaStyle::new().opacity(0.18))
                .silent(true)
                .z(1)
                .data(width),
        )
}

/// The names of `with_usual`'s two series: the band, and the floor it stands on.
pub const USUAL: &str = "Your usual";
pub const USUAL_FLOOR: &str = "Your usual (its floor)";

pub use crate::model::resolution::DayParts;

/// The frame of `daily_axes` with a legend above the plot (a series per part).
pub(super) fn daily_axes_legend(
    what: &str,
    about: &str,
    unit: &str,
    days: &[DayParts],
    fitted: bool,
    per: Per,
) -> Chart {
    let frame: Vec<(NaiveDate, Option<f64>)> = days.iter().map(|(d, v, _)| (*d, *v)).collect();
    daily_axes(what, about, unit, &frame, fitted, per)
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
    per: Per,
) -> Chart {
    let mut chart = daily_axes_legend(what, about, unit, days, false, per);
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
    per: Per,
) -> Chart {
    let mut chart = daily_axes_legend(what, about, unit, days, true, per).series(
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

/// Minutes in each stage of a night's main sleep (`NIGHT_STACK`'s order), by the day it ended.
/// Classic nights count asleep as light and restless as wake, so both scorings share one chart.
pub fn stage_minutes(night: Option<&SleepSession>) -> Option<[f64; 4]> {
    let n = night?;
    Some(NIGHT_STACK.map(|stage| night_minutes(n, stage) as f64))
}

/// Minutes per stage of each night's main sleep (`stage_minutes`), stacked; over long ranges a
/// bar per week or month, each stage's mean over its nights. A date without a night is 0.
pub fn sleep_nightly(nights: &[(NaiveDate, Option<[f64; 4]>)], per: Per) -> Chart {
    let (title, about) = match per {
        Per::Day => (
            "Sleep per night",
            "minutes in each stage of the main sleep, by the day it ended",
        ),
        Per::Week(_) => (
            "Sleep per night, by week",
            "mean minutes in each stage of the week's main sleeps, by the day each ended",
        ),
        Per::Month => (
            "Sleep per night, by month",
            "mean minutes in each stage of the month's main sleeps, by the day each ended",
        ),
    };
    let mut chart = titled(title, about)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(charming::component::Legend::new().top("28"))
        .grid(Grid::new().left("56").right("16").top("72").bottom("32"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(nights.iter().map(|(d, _)| per.label(*d)).collect()),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("min"));
    for (i, stage) in NIGHT_STACK.into_iter().enumerate() {
        let data = nights
            .iter()
            .map(|(_, n)| DataPoint::from(n.map_or(0.0, |n| n[i])))
            .collect();
        chart = chart.series(Bar::new().name(stage.label()).stack("night").data(data));
    }
    chart
}
