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
