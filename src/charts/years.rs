//! A year as a calendar: a column per week, its first day on top, each day a block coloured by its
//! value's band (drawn by the hypnogram's blocks renderer, so the chart library needs no
//! calendar or heatmap component).

use super::*;
use crate::model::years::{level, Cell, LEVELS};

/// The bands' colours, lowest first: one green from pale to deep, which reads in light and dark
/// themes and for the common colour-vision deficiencies (a single hue, by lightness).
pub const CALENDAR_COLORS: [&str; LEVELS] = ["#c7e9c0", "#8fd19e", "#52b36b", "#23864a", "#0b5a2b"];

/// The calendar of `year`: each cell a block `[week, week + 0.86, weekday]` in its band's colour
/// (`bounds` from `years::bands`), named "YYYY-MM-DD: value" (the page opens the day a click
/// names).
pub fn year_calendar(
    cells: &[Cell],
    year: i32,
    first: chrono::Weekday,
    bounds: &[f64; 4],
    what: &str,
    text: &dyn Fn(f64) -> String,
) -> Chart {
    let data: Vec<DataPoint> = cells
        .iter()
        .map(|c| {
            let color = CALENDAR_COLORS
                .get(level(c.value, bounds))
                .copied()
                .unwrap_or(CALENDAR_COLORS[0]);
            DataPoint::Item(
                DataPointItem::new(CompositeValue::Array(vec![
                    CompositeValue::from(f64::from(c.week)),
                    CompositeValue::from(f64::from(c.week) + 0.86),
                    CompositeValue::from(f64::from(c.weekday)),
                ]))
                .name(format!("{}: {}", c.date, text(c.value)))
                .item_style(ItemStyle::new().color(color)),
            )
        })
        .collect();
    titled(
        format!("{what}, {year}"),
        format!(
            "{} days with a value; a column per week, {} on top",
            cells.len(),
            crate::model::week::names(first).0
        ),
    )
    .tooltip(Tooltip::new())
    .grid(Grid::new().left("48").right("16").top("64").bottom("32"))
    .x_axis(
        Axis::new()
            .type_(AxisType::Value)
            .min(0)
            .max(i64::from(crate::model::years::columns(year, first)))
            .interval(4)
            .name("week"),
    )
    .y_axis(
        Axis::new().type_(AxisType::Category).inverse(true).data(
            crate::model::week::week_days(first)
                .map(|d| crate::model::week::names(d).1)
                .to_vec(),
        ),
    )
    .series(
        Custom::new()
            .name(what.to_string())
            .render_item(crate::csp::BLOCKS_RENDERER)
            .encode(DimensionEncode::new().x(vec![0, 1]).y(2))
            .data(data),
    )
}
