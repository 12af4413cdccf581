//! Chart builders: pure `fn(&data) -> Chart`, tested as JSON on the host. The `<EChart>`
//! component that draws them lives with the UI.

use crate::model::time;
use crate::model::{Exercise, Interval, Sample, SleepSession, Stage};
use charming::component::{Axis, DataZoom, DataZoomType, FilterMode, Grid, Title};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{
    AxisLabel, AxisType, BorderType, DimensionEncode, ItemStyle, Label, LabelPosition, MarkArea,
    MarkAreaData, Sampling, Tooltip, Trigger,
};
use charming::series::{Bar, Custom, Line};
use charming::Chart;
use chrono::NaiveDate;

/// Every chart starts here: its title and what it shows, on a transparent background (the
/// card behind shows through, in light and dark alike).
fn titled(text: impl Into<String>, subtext: impl Into<String>) -> Chart {
    Chart::new()
        .background_color("transparent")
        .title(Title::new().text(text.into()).subtext(subtext.into()))
}

/// The ECharts option of a chart, as JSON: what charming cannot say is set here.
///
/// - Time axes carry local wall-clock times written as if they were UTC (so a reading shows at
///   the hour it was recorded, wherever the browser is): `useUTC` makes ECharts print them as
///   they are, not shifted into the browser's zone. charming has no setter for it.
/// - charming types mark-area coordinates as strings; on a value axis ECharts needs numbers,
///   so numeric ones are turned back into numbers.
pub fn option(chart: &Chart) -> serde_json::Value {
    let mut option = serde_json::to_value(chart).unwrap_or_default();
    if let Some(series) = option.get_mut("series").and_then(|s| s.as_array_mut()) {
        for s in series {
            let areas = s
                .pointer_mut("/markArea/data")
                .and_then(|d| d.as_array_mut());
            for corner in areas
                .into_iter()
                .flatten()
                .flat_map(|pair| pair.as_array_mut().into_iter().flatten())
            {
                for axis in ["xAxis", "yAxis"] {
                    let number = corner
                        .get(axis)
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.parse::<f64>().ok());
                    if let Some(n) = number {
                        corner[axis] = serde_json::json!(n);
                    }
                }
            }
        }
    }
    // Tooltips drawn on the canvas: ECharts' HTML tooltips carry inline `style` attributes,
    // which the CSP (`style-src 'self'`) refuses, leaving them unstyled and reporting a
    // violation on every hover.
    if let Some(t) = option.get_mut("tooltip") {
        let tips: Vec<&mut serde_json::Value> = match t {
            serde_json::Value::Array(a) => a.iter_mut().collect(),
            other => vec![other],
        };
        for tip in tips {
            if tip.is_object() {
                tip["renderMode"] = serde_json::json!("richText");
            }
        }
    }
    make_room_for_axis_names(&mut option);
    option["useUTC"] = serde_json::Value::Bool(true);
    option
}

/// How far a value axis's name, drawn above the plot, is moved down so it sits below the
/// title's subtext instead of over it (the subtext's line is 12 px, at 33–45 px).
const SUBTITLE_ROOM_PX: i64 = 14;

/// A chart with a subtitle and a named y axis: the plot starts lower by `SUBTITLE_ROOM_PX`,
/// which takes the axis name (drawn just above the plot) with it.
fn make_room_for_axis_names(option: &mut serde_json::Value) {
    let has_text = |v: Option<&serde_json::Value>| {
        v.and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
    };
    let first = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::Array(a)) => a.first().cloned(),
        other => other.cloned(),
    };
    let subtitled = first(option.get("title")).is_some_and(|t| has_text(t.get("subtext")));
    let named = match option.get("yAxis") {
        Some(serde_json::Value::Array(a)) => a.iter().any(|y| has_text(y.get("name"))),
        Some(y) => has_text(y.get("name")),
        None => false,
    };
    if !(subtitled && named) {
        return;
    }
    let grids: Vec<&mut serde_json::Value> = match option.get_mut("grid") {
        Some(serde_json::Value::Array(a)) => a.iter_mut().collect(),
        Some(g) => vec![g],
        None => Vec::new(),
    };
    for g in grids {
        let top = match g.get("top") {
            Some(serde_json::Value::String(s)) => s.parse::<i64>().ok(),
            Some(v) => v.as_i64(),
            None => Some(60),
        };
        if let Some(top) = top {
            g["top"] = serde_json::json!((top + SUBTITLE_ROOM_PX).to_string());
        }
    }
}

/// A gap longer than this between two heart-rate samples is drawn as a gap (not worn), never
/// bridged by a line.
pub const HR_GAP_S: i64 = 10 * 60;

/// Local wall-clock milliseconds: the time axis then shows each sample at the hour it was
/// recorded, whatever the browser's own zone.
fn local_ms(t: i64, offset: i32) -> f64 {
    ((t + i64::from(offset)) * 1000) as f64
}

/// The heart-rate line's points, flat: `[x0, y0, x1, y1, …]`, x in local wall-clock
/// milliseconds, and a point with a NaN value just after each reading the tracker was off after
/// (more than `HR_GAP_S` to the next): ECharts breaks the line there, never bridging the gap.
///
/// They travel beside the chart's option, not in it: a day of 1-second readings is 86,400
/// points, which the browser hands to ECharts as one typed array (`browser::chart_update`)
/// instead of a JSON round trip of a few megabytes.
pub fn hr_points(samples: &[Sample]) -> Vec<f64> {
    let mut xy = Vec::with_capacity(2 * samples.len() + 32);
    for (i, s) in samples.iter().enumerate() {
        if i > 0 && s.t - samples[i - 1].t > HR_GAP_S {
            xy.extend([local_ms(samples[i - 1].t + 1, s.offset), f64::NAN]);
        }
        xy.extend([local_ms(s.t, s.offset), s.value]);
    }
    xy
}

/// The index of the series that draws `hr_points` in `heart_rate_day`'s chart.
pub const HR_LINE: usize = 0;

/// Heart rate over a day: one line (its points are `hr_points`, series `HR_LINE`), LTTB
/// sampling so a day of 1-second data stays fast, the day's resting heart rate marked when
/// known, and the zones as bands behind it.
pub fn heart_rate_day(resting: Option<f64>, zones: Option<[f64; 3]>) -> Chart {
    let chart = titled("Heart rate", "beats per minute, local time")
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("48").right("16").top("64").bottom("64"))
        // Zoom with the wheel or a pinch, pan by dragging, or use the slider below.
        .data_zoom(
            DataZoom::new()
                .type_(DataZoomType::Inside)
                .filter_mode(FilterMode::None),
        )
        .data_zoom(
            DataZoom::new()
                .type_(DataZoomType::Slider)
                .filter_mode(FilterMode::None)
                .bottom("8"),
        )
        .x_axis(Axis::new().type_(AxisType::Time))
        .y_axis(Axis::new().type_(AxisType::Value).name("bpm").min(30))
        .series({
            let line = Line::new()
                .name("Heart rate")
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .data(Vec::<DataPoint>::new());
            match resting {
                // A mark area with no height, outlined: a dashed line across the grid at the
                // resting rate, named above its right end. ECharts' markLine would draw the same,
                // but its component is 4 KB of the chart library (gzip) for this one line.
                Some(r) => line.mark_area(
                    MarkArea::new()
                        .silent(true)
                        .item_style(
                            ItemStyle::new()
                                .color("transparent")
                                .border_color(RESTING_COLOUR)
                                .border_width(1)
                                .border_type(BorderType::Dashed),
                        )
                        .label(
                            Label::new()
                                .position(LabelPosition::InsideBottomRight)
                                .color(RESTING_COLOUR),
                        )
                        .data(vec![(
                            MarkAreaData::new()
                                .name(format!("resting {r:.0} bpm"))
                                .y_axis(r.to_string()),
                            MarkAreaData::new().y_axis(r.to_string()),
                        )]),
                ),
                None => line,
            }
        });
    // The zones go under the line: one empty series per zone carries its band (a mark area
    // has one colour).
    let Some(z) = zones else {
        return chart;
    };
    {
        // Peak reaches the maximum heart rate the zones were made from (85 % of it is z[2]).
        let tops = [z[1], z[2], (z[2] / 0.85).round()].map(|t| t.to_string());
        (0..3).fold(chart, |chart, i| {
            chart.series(
                Line::new()
                    .name(crate::model::derive::ZONE_NAMES[i + 1])
                    .data(Vec::<DataPoint>::new())
                    .mark_area(
                        MarkArea::new()
                            .silent(true)
                            .item_style(ItemStyle::new().color(ZONE_COLOURS[i]))
                            .data(vec![(
                                MarkAreaData::new()
                                    .name(crate::model::derive::ZONE_NAMES[i + 1])
                                    .y_axis(z[i].to_string()),
                                MarkAreaData::new().y_axis(tops[i].clone()),
                            )]),
                    ),
            )
        })
    }
}

/// The day's heart rate with its exercises shaded behind the line, each named by what it was:
/// one empty series whose mark areas span each exercise, start to end, in local time.
pub fn with_exercises(chart: Chart, exercises: &[Exercise]) -> Chart {
    if exercises.is_empty() {
        return chart;
    }
    chart.series(
        Line::new()
            .name("Exercise")
            .data(Vec::<DataPoint>::new())
            .mark_area(
                MarkArea::new()
                    .silent(true)
                    .item_style(ItemStyle::new().color(EXERCISE_COLOUR))
                    .data(
                        exercises
                            .iter()
                            .map(|x| {
                                (
                                    MarkAreaData::new()
                                        .name(x.name.clone())
                                        .x_axis(local_ms(x.start, x.offset).to_string()),
                                    MarkAreaData::new()
                                        .x_axis(local_ms(x.end, x.offset).to_string()),
                                )
                            })
                            .collect(),
                    ),
            ),
    )
}

/// The resting-rate line and its name: a grey that reads on light and dark backgrounds.
const RESTING_COLOUR: &str = "rgba(128, 128, 128, 0.9)";

/// Exercise bands: a translucent blue, apart from the zones' warm colours.
const EXERCISE_COLOUR: &str = "rgba(60, 130, 230, 0.14)";

/// Colours of the fat-burn, cardio and peak bands: translucent, so the line and the grid
/// show through in light and dark themes alike.
const ZONE_COLOURS: [&str; 3] = [
    "rgba(250, 200, 60, 0.14)",
    "rgba(240, 130, 40, 0.16)",
    "rgba(220, 50, 50, 0.16)",
];

/// Minutes in each heart-rate band of the day (from `derive::hr_histogram`).
pub fn hr_histogram(bands: &[(u32, f64)], width: u32) -> Chart {
    titled(
        "Heart-rate distribution",
        format!("minutes in each {width} bpm band"),
    )
    .tooltip(Tooltip::new().trigger(Trigger::Axis))
    .grid(Grid::new().left("48").right("16").top("64").bottom("32"))
    .x_axis(
        Axis::new().type_(AxisType::Category).name("bpm").data(
            bands
                .iter()
                .map(|(lo, _)| format!("{lo}–{}", lo + width - 1))
                .collect(),
        ),
    )
    .y_axis(Axis::new().type_(AxisType::Value).name("min"))
    .series(
        Bar::new().name("Minutes").data(
            bands
                .iter()
                .map(|(_, m)| DataPoint::from((m * 10.0).round() / 10.0))
                .collect(),
        ),
    )
}

/// Steps per local hour, 0–23, and the day's total in the title.
pub fn steps_day(intervals: &[Interval]) -> Chart {
    let mut hours = [0.0f64; 24];
    for i in intervals {
        let h = time::local(i.start, i.offset)
            .format("%H")
            .to_string()
            .parse::<usize>()
            .unwrap_or(0);
        if let Some(slot) = hours.get_mut(h) {
            *slot += i.value;
        }
    }
    let total: f64 = hours.iter().sum();
    titled(format!("Steps: {}", total as i64), "per hour, local time")
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("48").right("16").top("64").bottom("32"))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data((0..24).map(|h| format!("{h:02}")).collect()),
        )
        .y_axis(Axis::new().type_(AxisType::Value).name("steps"))
        .series(
            Bar::new()
                .name("Steps")
                .data(hours.iter().map(|v| DataPoint::from(*v)).collect()),
        )
}

/// The rows of a night scored in stages, bottom to top.
pub const STAGE_LEVELS: [Stage; 4] = [Stage::Deep, Stage::Light, Stage::Rem, Stage::Wake];
/// The rows of a night scored the classic way (older trackers, short naps), bottom to top.
pub const CLASSIC_LEVELS: [Stage; 3] = [Stage::Asleep, Stage::Restless, Stage::Wake];

/// The rows a night is drawn on: classic scoring when that is all the night has (its "wake"
/// is then called "awake", as the tracker's app does), stages otherwise.
pub fn hypnogram_levels(night: &SleepSession) -> &'static [Stage] {
    let classic = night
        .segments
        .iter()
        .all(|s| matches!(s.stage, Stage::Asleep | Stage::Restless | Stage::Wake));
    if classic && !night.segments.is_empty() {
        &CLASSIC_LEVELS
    } else {
        &STAGE_LEVELS
    }
}

fn row_label(stage: Stage, classic: bool) -> &'static str {
    match stage {
        Stage::Wake if classic => "awake",
        s => s.label(),
    }
}

/// The colour of a stage's blocks, as sleep apps draw them: deep dark, wake warm.
pub fn stage_color(stage: Stage) -> &'static str {
    match stage {
        Stage::Deep => "#1f3a93",
        Stage::Light | Stage::Asleep => "#4f8ff7",
        Stage::Rem | Stage::Restless => "#37c6d0",
        Stage::Wake => "#f2994a",
    }
}

/// The row a stage is drawn on: its own, or the nearest for a stage the night's scoring lacks
/// (asleep in a staged night reads as light, restless as REM's row, deep/REM in a classic
/// night as asleep).
fn row(stage: Stage, levels: &[Stage]) -> usize {
    let near = match stage {
        s if levels.contains(&s) => s,
        Stage::Asleep => Stage::Light,
        Stage::Restless => Stage::Rem,
        _ => Stage::Asleep,
    };
    levels.iter().position(|l| *l == near).unwrap_or(0)
}

/// A night as one block per segment (`[start, end, row]`, local ms on the bedtime's clock),
/// coloured per stage on its row, with its real length in the title, so a DST night shows its
/// true duration. The axis runs on the bedtime's clock (true elapsed time); after a DST switch
/// its labels read the clock then in force (from `zone` when its offsets match the night's),
/// exactly as the CSV's `local_time` does.
pub fn hypnogram(night: &SleepSession, zone: Option<&crate::model::zone::Zone>) -> Chart {
    let levels = hypnogram_levels(night);
    let classic = levels.len() == CLASSIC_LEVELS.len();
    let data: Vec<DataPoint> = night
        .segments
        .iter()
        .map(|s| {
            let value = vec![
                CompositeValue::from(local_ms(s.start, night.start_offset)),
                CompositeValue::from(local_ms(s.end, night.start_offset)),
                CompositeValue::from(row(s.stage, levels) as f64),
            ];
            DataPoint::Item(
                DataPointItem::new(CompositeValue::Array(value))
                    .name(row_label(s.stage, classic))
                    .item_style(ItemStyle::new().color(stage_color(s.stage))),
            )
        })
        .collect();
    let minutes = (night.end - night.start) / 60;
    titled(
        format!("Sleep: {} h {:02} min", minutes / 60, minutes % 60),
        night_span(night),
    )
    .grid(Grid::new().left("64").right("16").top("64").bottom("32"))
    .x_axis(hypnogram_axis(night, zone))
    .y_axis(
        Axis::new().type_(AxisType::Category).data(
            levels
                .iter()
                .map(|s| row_label(*s, classic).to_string())
                .collect(),
        ),
    )
    .series(
        // A block per segment needs a drawing function (`renderItem`); the CSP allows no
        // `eval`, so the option names it and the browser layer supplies it.
        Custom::new()
            .name("Stage")
            .render_item(crate::csp::BLOCKS_RENDERER)
            .encode(DimensionEncode::new().x(vec![0, 1]).y(2))
            .data(data),
    )
}

fn hypnogram_axis(night: &SleepSession, zone: Option<&crate::model::zone::Zone>) -> Axis {
    let axis = Axis::new().type_(AxisType::Time);
    let start = (night.start, night.start_offset);
    let end = (night.end, night.end_offset);
    match time::switch_within(start, end, zone) {
        Some(switch) => {
            let delta_ms = i64::from(night.end_offset - night.start_offset) * 1000;
            let marker = format!(
                "{}{}:{delta_ms}",
                time::CLOCK_MARKER,
                local_ms(switch, night.start_offset)
            );
            axis.axis_label(AxisLabel::new().formatter(marker.as_str()))
        }
        None => axis,
    }
}

/// A day's total per day as bars (calories, distance, floors, AZM), with gaps on days
/// without a value; like `daily_line`, it states what it is and its unit.
pub fn daily_bars(what: &str, about: &str, unit: &str, days: &[(NaiveDate, Option<f64>)]) -> Chart {
    daily_axes(what, about, unit, days, false).series(
        Bar::new()
            .name(what.to_string())
            .data(days.iter().map(|(_, v)| value_or_gap(*v)).collect()),
    )
}

fn value_or_gap(v: Option<f64>) -> DataPoint {
    match v {
        Some(v) => DataPoint::from(v),
        None => DataPoint::from("-"),
    }
}

/// The frame of a per-day chart: title and subtitle, a category axis of dates, a value axis
/// named by the unit (from zero for totals, fitted to the data for readings).
fn daily_axes(
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
fn daily_axes_legend(
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

/// A pause in a night series longer than this is drawn as a gap (the tracker off, or a nap
/// and the night in one day), never bridged.
pub const NIGHT_GAP_S: i64 = 15 * 60;

/// A series through the night (blood oxygen, HRV, oxygen variation): a line over local
/// wall-clock time, each reading at the hour it was taken where it was taken, broken where the
/// readings pause for more than `NIGHT_GAP_S`.
pub fn night_line(what: &str, about: &str, unit: &str, samples: &[Sample]) -> Chart {
    let point = |x: f64, y: CompositeValue| {
        DataPoint::Item(DataPointItem::new(CompositeValue::Array(vec![
            CompositeValue::from(x),
            y,
        ])))
    };
    let mut data = Vec::with_capacity(samples.len() + 8);
    for (i, s) in samples.iter().enumerate() {
        if i > 0 && s.t - samples[i - 1].t > NIGHT_GAP_S {
            let p = &samples[i - 1];
            data.push(point(
                local_ms(p.t + 1, p.offset),
                CompositeValue::from("-"),
            ));
        }
        data.push(point(
            local_ms(s.t, s.offset),
            CompositeValue::from(s.value),
        ));
    }
    titled(what, about)
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("48").right("16").top("64").bottom("32"))
        .x_axis(Axis::new().type_(AxisType::Time))
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name(unit.to_string())
                .scale(true),
        )
        .series(
            Line::new()
                .name(what.to_string())
                .show_symbol(false)
                .data(data),
        )
}

/// When a night was, as a person reads it: `Sat 28 Mar 23:12 → Sun 29 Mar 07:05`, each end on
/// the clock where it was, and the two offsets where a DST switch or a trip changed the clock
/// during the night (`… (UTC+01:00 → UTC+02:00)`).
pub fn night_span(night: &SleepSession) -> String {
    let at = |t: i64, offset: i32| {
        chrono::FixedOffset::east_opt(offset)
            .zip(chrono::DateTime::from_timestamp(t, 0))
            .map_or_else(String::new, |(o, d)| {
                d.with_timezone(&o).format("%a %-d %b %H:%M").to_string()
            })
    };
    let utc = |offset: i32| {
        let m = offset.abs() / 60;
        format!(
            "UTC{}{:02}:{:02}",
            if offset < 0 { '-' } else { '+' },
            m / 60,
            m % 60
        )
    };
    let span = format!(
        "{} → {}",
        at(night.start, night.start_offset),
        at(night.end, night.end_offset)
    );
    if night.start_offset == night.end_offset {
        span
    } else {
        format!(
            "{span} ({} → {})",
            utc(night.start_offset),
            utc(night.end_offset)
        )
    }
}

/// The stages a nightly bar stacks, bottom to top.
pub const NIGHT_STACK: [Stage; 4] = [Stage::Deep, Stage::Light, Stage::Rem, Stage::Wake];

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

/// Minutes of `stage` in a night, classic stages folded into the stage-scoring ones.
pub fn night_minutes(night: &SleepSession, stage: Stage) -> i64 {
    let extra = match stage {
        Stage::Light => night.seconds_in(Stage::Asleep),
        Stage::Wake => night.seconds_in(Stage::Restless),
        _ => 0,
    };
    (night.seconds_in(stage) + extra) / 60
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProviderKind;
    use crate::model::{Segment, Source};
    use serde_json::Value;

    /// The option as the app hands it to ECharts.
    fn json(chart: &Chart) -> Value {
        option(chart)
    }

    /// A component that charming writes as an object when single, an array when several.
    fn one(v: &Value) -> &Value {
        v.get(0).unwrap_or(v)
    }

    #[test]
    fn daily_line_leaves_gaps() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let j = json(&daily_line(
            "Resting heart rate",
            "per day",
            "bpm",
            &[(d("2026-10-01"), Some(58.0)), (d("2026-10-02"), None)],
        ));
        assert_eq!(j["series"][0]["data"], serde_json::json!([58.0, "-"]));
        assert_eq!(one(&j["yAxis"])["name"], "bpm");
    }

    #[test]
    fn histogram_bands_are_labelled_ranges() {
        let j = json(&hr_histogram(&[(60, 12.34), (70, 0.0)], 10));
        assert_eq!(
            one(&j["xAxis"])["data"],
            serde_json::json!(["60–69", "70–79"])
        );
        assert_eq!(j["series"][0]["data"], serde_json::json!([12.3, 0.0]));
    }

    #[test]
    fn trends_steps_and_stacked_nights() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let j = json(&steps_daily(&[
            (d("2026-10-01"), 8000.0),
            (d("2026-10-02"), 12000.0),
        ]));
        assert_eq!(j["series"][0]["data"], serde_json::json!([8000.0, 12000.0]));
        assert_eq!(
            one(&j["xAxis"])["data"],
            serde_json::json!(["2026-10-01", "2026-10-02"])
        );
        assert_eq!(
            one(&j["title"])["subtext"],
            "steps, local days · mean 10000"
        );
        let seg = |start, end, stage| Segment { start, end, stage };
        let night = SleepSession {
            start: 0,
            end: 600,
            start_offset: 0,
            end_offset: 0,
            is_main: true,
            segments: vec![
                seg(0, 120, Stage::Asleep),
                seg(120, 240, Stage::Light),
                seg(240, 600, Stage::Restless),
            ],
            source: Source {
                provider: ProviderKind::Fitbit,
                device: None,
            },
            fall_asleep_min: None,
        };
        let j = json(&sleep_nightly(&[
            (d("2026-10-01"), Some(night)),
            (d("2026-10-02"), None),
        ]));
        let series = j["series"].as_array().unwrap();
        assert_eq!(series.len(), 4);
        assert_eq!(series[1]["name"], "light");
        assert_eq!(series[1]["data"], serde_json::json!([4.0, 0.0]));
        assert_eq!(series[3]["data"], serde_json::json!([6.0, 0.0]));
        assert!(series.iter().all(|s| s["stack"] == "night"));
    }

    #[test]
    fn parts_stack_to_the_days_value_and_readings_draw_a_line_each() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // AZM: 10 fat-burn minutes, 3 cardio, 1 peak = 10 + 2 × 4 = 18; a day the provider
        // did not split (26); a day without data.
        let days = [
            (d("2026-10-01"), Some(18.0), Some([10.0, 3.0, 1.0])),
            (d("2026-10-02"), Some(26.0), None),
            (d("2026-10-03"), None, None),
        ];
        let j = json(&daily_stacked(
            "AZM",
            "about",
            "min",
            &["Fat burn", "Cardio", "Peak"],
            [1.0, 2.0, 2.0],
            &days,
        ));
        let series = j["series"].as_array().unwrap();
        assert_eq!(series.len(), 4);
        assert!(series
            .iter()
            .all(|s| s["stack"] == "day" && s["type"] == "bar"));
        let at = |i: usize| -> Vec<Value> { series.iter().map(|s| s["data"][i].clone()).collect() };
        assert_eq!(
            at(0),
            serde_json::json!([10.0, 6.0, 2.0, "-"])
                .as_array()
                .unwrap()
                .clone()
        );
        assert_eq!(
            at(1),
            serde_json::json!(["-", "-", "-", 26.0])
                .as_array()
                .unwrap()
                .clone()
        );
        assert_eq!(
            at(2),
            serde_json::json!(["-", "-", "-", "-"])
                .as_array()
                .unwrap()
                .clone()
        );
        assert_eq!(series[3]["name"], "Not split");
        // Every day split: no "Not split" series.
        let j = json(&daily_stacked(
            "L",
            "a",
            "load",
            &["Workout", "Background"],
            [1.0; 3],
            &days[..1],
        ));
        assert_eq!(j["series"].as_array().unwrap().len(), 2);
        // Readings: the value's line first, then one per part.
        let j = json(&daily_lines(
            "Breathing",
            "about",
            "breaths/min",
            "Whole sleep",
            &["Deep", "Light", "REM"],
            &[
                (d("2026-10-01"), Some(17.4), None),
                (d("2026-10-02"), Some(16.8), Some([16.8, 16.6, 15.6])),
            ],
        ));
        let series = j["series"].as_array().unwrap();
        assert_eq!(series.len(), 4);
        assert_eq!(series[0]["data"], serde_json::json!([17.4, 16.8]));
        assert_eq!(series[3]["name"], "REM");
        assert_eq!(series[3]["data"], serde_json::json!(["-", 15.6]));
    }

    #[test]
    fn a_night_series_is_drawn_in_local_time_and_breaks_at_pauses() {
        let s = |t, v| Sample {
            t,
            offset: -4 * 3600,
            value: v,
        };
        // 08:44:03Z is 04:44:03 at −04:00; a 20-minute pause is a gap.
        let t0 = 1_775_465_043;
        let j = json(&night_line(
            "Blood oxygen",
            "about",
            "%",
            &[s(t0, 88.5), s(t0 + 60, 88.8), s(t0 + 60 + 1200, 91.0)],
        ));
        let data = j["series"][0]["data"].as_array().unwrap();
        let local = |t: i64| ((t - 4 * 3600) * 1000) as f64;
        assert_eq!(data.len(), 4);
        assert_eq!(data[0]["value"], serde_json::json!([local(t0), 88.5]));
        assert_eq!(data[2]["value"][1], "-");
        assert_eq!(
            data[3]["value"],
            serde_json::json!([local(t0 + 1260), 91.0])
        );
        assert_eq!(one(&j["xAxis"])["type"], "time");
        assert_eq!(one(&j["yAxis"])["name"], "%");
    }

    #[test]
    fn heart_rate_breaks_at_not_worn_gaps() {
        let s = |t, v| Sample {
            t,
            offset: 3600,
            value: v,
        };
        // The line breaks one second after the last reading before the gap, in local time.
        let xy = hr_points(&[s(0, 60.0), s(10, 61.0), s(10 + HR_GAP_S + 1, 70.0)]);
        assert_eq!(xy.len(), 8);
        assert_eq!(&xy[..4], &[3_600_000.0, 60.0, 3_610_000.0, 61.0]);
        assert_eq!(xy[4], 3_611_000.0);
        assert!(xy[5].is_nan());
        assert_eq!(
            &xy[6..],
            &[((10 + HR_GAP_S + 1 + 3600) * 1000) as f64, 70.0]
        );
        // A gap of exactly HR_GAP_S is still one stretch.
        assert_eq!(hr_points(&[s(0, 60.0), s(HR_GAP_S, 61.0)]).len(), 4);
        assert!(hr_points(&[]).is_empty());
        let j = json(&heart_rate_day(Some(58.0), Some([91.0, 127.0, 155.0])));
        let rest = &option(&heart_rate_day(Some(58.0), None))["series"][HR_LINE]["markArea"];
        assert_eq!(rest["data"][0][0]["yAxis"], 58.0);
        assert_eq!(rest["data"][0][1]["yAxis"], 58.0);
        assert_eq!(rest["data"][0][0]["name"], "resting 58 bpm");
        assert_eq!(j["series"][HR_LINE]["sampling"], "lttb");
        // What ECharts gets: numbers, and times printed as they are.
        let o = option(&heart_rate_day(None, Some([91.0, 127.0, 155.0])));
        assert_eq!(o["useUTC"], true);
        assert_eq!(o["series"][1]["markArea"]["data"][0][0]["yAxis"], 91.0);
        assert_eq!(o["series"][3]["markArea"]["data"][0][1]["yAxis"], 182.0);
        let none = json(&heart_rate_day(None, None));
        assert!(none["series"][0].get("markArea").is_none());
        assert_eq!(none["series"].as_array().unwrap().len(), 1);
        // The zones: fat burn 91–127, cardio 127–155, peak 155 to the top.
        // (numbers, as `option` hands them to the value axis).
        let bands: Vec<(String, f64, f64)> = (1..4)
            .map(|i| {
                let d = &j["series"][i]["markArea"]["data"][0];
                (
                    j["series"][i]["name"].as_str().unwrap().to_string(),
                    d[0]["yAxis"].as_f64().unwrap(),
                    d[1]["yAxis"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            bands,
            [
                ("Fat burn", 91.0, 127.0),
                ("Cardio", 127.0, 155.0),
                ("Peak", 155.0, 182.0)
            ]
            .map(|(a, b, c)| (a.to_string(), b, c))
        );
        // The line's points are not in the option: they travel as numbers (hr_points).
        assert!(j["series"][HR_LINE].get("data").is_none());
        assert_eq!(one(&j["xAxis"])["type"], "time");
        let zoom = j["dataZoom"].as_array().unwrap();
        assert_eq!(
            (zoom[0]["type"].as_str(), zoom[1]["type"].as_str()),
            (Some("inside"), Some("slider"))
        );
    }

    #[test]
    fn steps_by_local_hour() {
        let iv = |start: i64, v| Interval {
            start,
            end: start + 60,
            offset: 7200,
            value: v,
        };
        // 22:30Z is 00:30 local (+2 h); 09:00Z is 11:00.
        let j = json(&steps_day(&[
            iv(22 * 3600 + 1800, 5.0),
            iv(9 * 3600, 7.0),
            iv(9 * 3600 + 60, 3.0),
        ]));
        let bars = j["series"][0]["data"].as_array().unwrap();
        assert_eq!(
            (bars[0].as_f64(), bars[11].as_f64()),
            (Some(5.0), Some(10.0))
        );
        assert_eq!(one(&j["title"])["text"], "Steps: 15");
    }

    #[test]
    fn hypnogram_draws_a_block_per_segment_with_true_length() {
        let night = SleepSession {
            start: 0,
            end: 9 * 3600,
            start_offset: 7200,
            end_offset: 3600,
            is_main: true,
            segments: vec![
                Segment {
                    start: 0,
                    end: 3600,
                    stage: Stage::Light,
                },
                Segment {
                    start: 3600,
                    end: 9 * 3600,
                    stage: Stage::Deep,
                },
            ],
            source: Source {
                provider: ProviderKind::Google,
                device: None,
            },
            fall_asleep_min: None,
        };
        let j = json(&hypnogram(&night, None));
        assert_eq!(one(&j["title"])["text"], "Sleep: 9 h 00 min");
        let s = &j["series"][0];
        assert_eq!(s["type"], "custom");
        assert!(s["renderItem"]
            .as_str()
            .unwrap()
            .contains(crate::csp::BLOCKS_RENDERER));
        // One block per segment: [start, end, row] on the bedtime's clock, coloured per stage.
        let data = s["data"].as_array().unwrap();
        let h = 3_600_000.0;
        let blocks: Vec<(Vec<f64>, &str, &str)> = data
            .iter()
            .map(|d| {
                let v = d["value"].as_array().unwrap();
                (
                    v.iter().map(|x| x.as_f64().unwrap()).collect(),
                    d["name"].as_str().unwrap(),
                    d["itemStyle"]["color"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            blocks,
            vec![
                (
                    vec![2.0 * h, 3.0 * h, 1.0],
                    "light",
                    stage_color(Stage::Light)
                ),
                (
                    vec![3.0 * h, 11.0 * h, 0.0],
                    "deep",
                    stage_color(Stage::Deep)
                ),
            ]
        );
        assert_eq!(s["encode"]["x"], serde_json::json!([0, 1]));
        assert_eq!(one(&j["xAxis"])["type"], "time");
        assert_eq!(
            one(&j["yAxis"])["data"],
            serde_json::json!(["deep", "light", "rem", "wake"])
        );
        // A classic night (asleep / restless / awake) gets its own rows.
        let mut classic = night.clone();
        classic.segments[0].stage = Stage::Restless;
        classic.segments[1].stage = Stage::Wake;
        classic.segments.push(Segment {
            start: 9 * 3600,
            end: 9 * 3600,
            stage: Stage::Asleep,
        });
        let j = json(&hypnogram(&classic, None));
        assert_eq!(
            one(&j["yAxis"])["data"],
            serde_json::json!(["asleep", "restless", "awake"])
        );
        let rows: Vec<(f64, &str)> = j["series"][0]["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["value"][2].as_f64().unwrap(), d["name"].as_str().unwrap()))
            .collect();
        assert_eq!(
            rows,
            vec![(1.0, "restless"), (2.0, "awake"), (0.0, "asleep")]
        );
    }

    #[test]
    fn exercises_are_shaded_from_start_to_end_in_local_time() {
        let x = Exercise {
            start: 1_000_000,
            end: 1_003_600,
            offset: 7200,
            name: "Run".into(),
            logged: "tracker".into(),
            active_s: None,
            calories: None,
            steps: None,
            distance_km: None,
            avg_bpm: None,
        };
        let base = heart_rate_day(None, None);
        assert_eq!(with_exercises(base.clone(), &[]), base);
        let o = option(&with_exercises(base, &[x]));
        let s = &o["series"][1];
        assert_eq!(s["name"], "Exercise");
        let area = &s["markArea"]["data"][0];
        assert_eq!(area[0]["name"], "Run");
        assert_eq!(area[0]["xAxis"], 1_007_200_000.0);
        assert_eq!(area[1]["xAxis"], 1_010_800_000.0);
    }

    #[test]
    fn tooltips_are_drawn_on_the_canvas_under_the_csp() {
        let chart = heart_rate_day(None, None);
        let o = option(&chart);
        assert_eq!(one(&o["tooltip"])["renderMode"], "richText");
    }

    #[test]
    fn a_night_across_the_autumn_switch_labels_its_axis_as_the_csv_names_the_times() {
        use crate::model::time::{clock_label, local_iso, offset_within, parse_clock_marker};
        // Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        let bed = crate::model::time::parse_instant("2026-10-24T21:30:00Z").unwrap();
        let wake = bed + 9 * 3600;
        let segments: Vec<Segment> = (0..18)
            .map(|i| Segment {
                start: bed + i * 1800,
                end: bed + (i + 1) * 1800,
                stage: [Stage::Light, Stage::Deep, Stage::Rem][i as usize % 3],
            })
            .collect();
        let night = SleepSession {
            start: bed,
            end: wake,
            start_offset: 7200,
            end_offset: 3600,
            is_main: true,
            segments: segments.clone(),
            source: Source {
                provider: ProviderKind::Google,
                device: None,
            },
            fall_asleep_min: None,
        };
        let berlin = crate::model::zone::Zone::tzdb("Europe/Berlin");
        let zone = berlin.as_ref();
        let j = json(&hypnogram(&night, zone));
        // The subtitle as a person reads it, not ISO instants: 23:30 CEST, nine hours, 07:30 CET.
        assert_eq!(
            one(&j["title"])["subtext"],
            "Sat 24 Oct 23:30 → Sun 25 Oct 07:30 (UTC+02:00 → UTC+01:00)"
        );
        let marker = one(&j["xAxis"])["axisLabel"]["formatter"].as_str().unwrap();
        let (switch, delta) = parse_clock_marker(marker).unwrap();
        assert_eq!(delta, -3_600_000.0);
        let data = j["series"][0]["data"].as_array().unwrap();
        // Every segment's start: the axis label at its place is the CSV's local time.
        for (seg, item) in segments.iter().zip(data) {
            let x = item["value"][0].as_f64().unwrap();
            assert_eq!(x, ((seg.start + 7200) * 1000) as f64, "true elapsed time");
            let offset = offset_within(seg.start, (bed, 7200), (wake, 3600), zone);
            let csv = local_iso(seg.start, offset);
            assert_eq!(clock_label(x, switch, delta), csv[11..16], "{csv}");
        }
        // A night on one offset has no marker: ECharts' own labels are right.
        let mut plain = night.clone();
        plain.end_offset = 7200;
        let j = json(&hypnogram(&plain, zone));
        assert!(one(&j["xAxis"]).get("axisLabel").is_none());
    }
}
