//! The actogram: one row per date, each sleep's stages as blocks along the row's hours (24, or
//! 48 double-plotted), dates without a night marked, and the phase a periodogram's period
//! implies drawn over it.

use super::*;
use crate::model::sleep_timing::{Block, Shade};

/// The rows shown at once; more are reached by zooming and panning (the slider), the latest
/// first.
pub const VISIBLE_ROWS: usize = 120;

/// The chart's height for `rows` dates: 9 px a row shown, plus the title, axis and slider.
pub fn actogram_height_px(rows: usize) -> usize {
    rows.clamp(14, VISIBLE_ROWS) * 9 + 150
}

/// Green for a workout: apart from every stage and from the grey of missing days.
pub const WORKOUT_COLOR: &str = "#2e9e5b";

/// The implied onsets' line: apart from the stages, the workouts and the grey.
pub const PHASE_COLOR: &str = "#c2185b";

/// Grey for a span with no sleep recorded: plainly not a stage colour.
pub const MISSING_COLOR: &str = "#9aa0a6";

/// The actogram of `blocks` over the `rows` dates from `from` (row 0 at the top, as actograms
/// are read), 0–24 h or 0–48 h (`double`). `phase`: the hour of sleep onset on each row that
/// a period implies (`sleep_timing::phase_line`), drawn as a line over the blocks.
pub fn actogram(
    blocks: &[Block],
    from: NaiveDate,
    rows: usize,
    double: bool,
    phase: &[(usize, f64)],
    subtext: String,
) -> Chart {
    let hours = if double { 48.0 } else { 24.0 };
    let labels: Vec<String> = from
        .iter_days()
        .take(rows)
        .map(|d| d.format("%a %-d %b %Y").to_string())
        .collect();
    let data: Vec<DataPoint> = blocks
        .iter()
        .map(|b| {
            let (name, color) = match b.shade {
                Shade::Stage(s) => (s.label(), stage_color(s)),
                Shade::Missing => ("no sleep recorded", MISSING_COLOR),
                Shade::Workout => ("workout", WORKOUT_COLOR),
            };
            DataPoint::Item(
                DataPointItem::new(CompositeValue::Array(vec![
                    CompositeValue::from(b.from_h),
                    CompositeValue::from(b.to_h),
                    CompositeValue::from(b.row as f64),
                ]))
                .name(name)
                .item_style(ItemStyle::new().color(color)),
            )
        })
        .collect();
    let mut chart = titled(
        if double {
            "Actogram (double-plotted, 48 h a row)"
        } else {
            "Actogram (24 h a row)"
        },
        subtext,
    )
    // Room on the right for the rows' slider.
    .grid(Grid::new().left("120").right("56").top("64").bottom("40"))
    .x_axis(
        Axis::new()
            .type_(AxisType::Value)
            .min(0)
            .max(hours as i64)
            .interval(if double { 6 } else { 3 })
            .name("hour"),
    )
    .y_axis(
        Axis::new()
            .type_(AxisType::Category)
            .inverse(true)
            .data(labels),
    )
    .data_zoom(window(DataZoom::new().type_(DataZoomType::Inside), rows))
    .data_zoom(window(DataZoom::new().type_(DataZoomType::Slider), rows))
    .series(
        // The blocks renderer of the hypnogram: `[from, to, row]` on a category row.
        Custom::new()
            .name("Sleep")
            .render_item(crate::csp::BLOCKS_RENDERER)
            .encode(DimensionEncode::new().x(vec![0, 1]).y(2))
            .data(data),
    );
    if !phase.is_empty() {
        chart = chart.series(
            Line::new()
                .name("Onset the period implies")
                .show_symbol(false)
                .item_style(ItemStyle::new().color(PHASE_COLOR))
                .data(phase_points(phase)),
        );
    }
    chart
}

/// A zoom over the rows that opens on the latest `VISIBLE_ROWS`. It filters: the blocks of
/// rows out of the window are not laid out at all, so ten years of nights cost a drawing of
/// the 120 rows shown (each block lies on one row, so none is cut; the onset line ends at the
/// window's edge rows).
fn window(zoom: DataZoom, rows: usize) -> DataZoom {
    let zoom = zoom.y_axis_index(0).filter_mode(FilterMode::Filter);
    if rows > VISIBLE_ROWS {
        zoom.start_value((rows - VISIBLE_ROWS) as f64)
            .end_value((rows - 1) as f64)
    } else {
        zoom
    }
}

/// The phase line's points, broken (ECharts' `"-"`, an empty value) where it wraps past
/// midnight, so no line crosses the row from one edge to the other.
fn phase_points(phase: &[(usize, f64)]) -> Vec<DataPoint> {
    let mut out = Vec::with_capacity(phase.len() + 8);
    let mut last: Option<f64> = None;
    for (row, h) in phase {
        if last.is_some_and(|l| (l - h).abs() > 12.0) {
            out.push(DataPoint::Value(CompositeValue::from("-")));
        }
        out.push(DataPoint::Value(CompositeValue::Array(vec![
            CompositeValue::from(*h),
            CompositeValue::from(*row as f64),
        ])));
        last = Some(*h);
    }
    out
}

/// The regularity trend: each month's Sleep Regularity Index (left axis) and the spread of its
/// mid-sleep, in minutes (right axis), so a month of late nights or travel stands out.
pub fn regularity_trend(months: &[crate::model::sleep_timing::Month]) -> Chart {
    let labels: Vec<String> = months
        .iter()
        .map(|m| m.month.format("%b %Y").to_string())
        .collect();
    let value = |v: Option<f64>| match v {
        Some(v) => DataPoint::Value(CompositeValue::from((v * 10.0).round() / 10.0)),
        None => DataPoint::Value(CompositeValue::from("-")),
    };
    titled(
        "Regularity by month",
        "Sleep Regularity Index, and how much mid-sleep varies",
    )
    .grid(Grid::new().left("56").right("56").top("72").bottom("32"))
    .tooltip(Tooltip::new().trigger(Trigger::Axis))
    .x_axis(Axis::new().type_(AxisType::Category).data(labels))
    .y_axis(Axis::new().type_(AxisType::Value).name("SRI").max(100))
    .y_axis(
        Axis::new()
            .type_(AxisType::Value)
            .name("min")
            .position("right")
            .split_line(charming::element::SplitLine::new().show(false)),
    )
    .series(
        Line::new()
            .name("Sleep Regularity Index")
            .data(months.iter().map(|m| value(m.sri)).collect()),
    )
    .series(
        Line::new()
            .name("Mid-sleep spread (min)")
            .y_axis_index(1)
            .data(
                months
                    .iter()
                    .map(|m| value(m.timing.map(|t| t.mid.sd_min)))
                    .collect(),
            ),
    )
}
