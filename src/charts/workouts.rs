//! Workout charts: hours of workouts by month, with the count of workouts beside them.

use super::*;
use crate::model::workouts::MonthTotals;

/// Each month's workouts as bars of hours (start to end), with how many there were as a line
/// on its own axis; the months are the local ones each workout started in.
pub fn workout_months(months: &[MonthTotals]) -> Chart {
    let labels: Vec<String> = months
        .iter()
        .map(|m| m.month.format("%b %Y").to_string())
        .collect();
    titled(
        "Workouts by month",
        "hours from start to end, and how many workouts",
    )
    .grid(Grid::new().left("56").right("56").top("72").bottom("32"))
    .tooltip(Tooltip::new().trigger(Trigger::Axis))
    .x_axis(Axis::new().type_(AxisType::Category).data(labels))
    .y_axis(Axis::new().type_(AxisType::Value).name("h"))
    .y_axis(
        Axis::new()
            .type_(AxisType::Value)
            .name("workouts")
            .position("right")
            .split_line(charming::element::SplitLine::new().show(false)),
    )
    .series(
        Bar::new().name("Hours").data(
            months
                .iter()
                .map(|m| DataPoint::from((m.seconds as f64 / 36.0).round() / 100.0))
                .collect(),
        ),
    )
    .series(
        Line::new().name("Workouts").y_axis_index(1).data(
            months
                .iter()
                .map(|m| DataPoint::from(m.count as f64))
                .collect(),
        ),
    )
}

/// A workout's route drawn without map tiles (nothing leaves the browser): the track as a line
/// on a flat map in metres, north up and true to scale (both axes span the same metres, and the
/// chart's box is square: `.route` in the style sheet), a marker at each whole kilometre or
/// mile (`every_m`, named `unit`), and its start and finish. Each marker's place and name is in
/// the option, where a test reads them.
pub fn route(fixes: &[crate::model::route::Fix], every_m: f64, unit: &str) -> Chart {
    use crate::model::route::{flat, flat_point, markers};
    use charming::element::{LineStyle, Symbol};
    let xy = flat(fixes);
    let (mut lo_x, mut hi_x, mut lo_y, mut hi_y) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (x, y) in &xy {
        (lo_x, hi_x, lo_y, hi_y) = (lo_x.min(*x), hi_x.max(*x), lo_y.min(*y), hi_y.max(*y));
    }
    // One span for both axes, the larger and a margin, centred on the track.
    let half = ((hi_x - lo_x).max(hi_y - lo_y) * 0.55).max(50.0);
    let (cx, cy) = ((lo_x + hi_x) / 2.0, (lo_y + hi_y) / 2.0);
    let axis = |mid: f64| {
        Axis::new()
            .type_(AxisType::Value)
            .min(mid - half)
            .max(mid + half)
            .show(false)
    };
    let point = |(x, y): (f64, f64)| vec![x, y];
    let named = |(x, y): (f64, f64), name: String| {
        DataPoint::from(DataPointItem::new(point((x, y))).name(name))
    };
    let places = markers(fixes, every_m)
        .into_iter()
        .map(|(n, lat, lon)| named(flat_point(fixes, lat, lon), format!("{n} {unit}")))
        .collect();
    let ends = [xy.first(), xy.last()]
        .into_iter()
        .flatten()
        .zip(["Start", "Finish"])
        .map(|(p, name)| named(*p, name.to_string()))
        .collect();
    let labelled = |name: &str, data: Vec<DataPoint>, size: f64| {
        Line::new()
            .name(name)
            .data(data)
            .symbol(Symbol::Circle)
            .symbol_size(size)
            .line_style(LineStyle::new().opacity(0))
            .label(
                Label::new()
                    .show(true)
                    .position(LabelPosition::Right)
                    .formatter("{b}"),
            )
    };
    Chart::new()
        .background_color("transparent")
        .grid(Grid::new().left("24").right("24").top("24").bottom("24"))
        .x_axis(axis(cx))
        .y_axis(axis(cy))
        .series(
            Line::new()
                .name("Route")
                .show_symbol(false)
                .data(xy.iter().map(|p| DataPoint::from(point(*p))).collect()),
        )
        .series(labelled("Distance", places, 8.0))
        .series(labelled("Start and finish", ends, 12.0))
}
