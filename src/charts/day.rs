//! The day view's charts: heart rate (with resting, zones and exercises), its histogram,
//! steps per hour, and a night's series (SpO2, HRV, oxygen variation) over the night.

use super::*;

/// A gap longer than this between two heart-rate samples is drawn as a gap (not worn), never
/// bridged by a line.
pub const HR_GAP_S: i64 = 10 * 60;

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
    let spans = exercises
        .iter()
        .map(|x| {
            (
                Some(x.name.clone()),
                local_ms(x.start, x.offset),
                local_ms(x.end, x.offset),
            )
        })
        .collect();
    shaded(chart, "Exercise", EXERCISE_COLOUR, spans)
}

/// A workout's heart rate with its pauses shaded ("Paused"), in the workout's local time.
pub fn with_pauses(chart: Chart, exercise: &Exercise) -> Chart {
    let spans = exercise
        .pauses
        .iter()
        .map(|&(a, b)| {
            (
                None,
                local_ms(a, exercise.offset),
                local_ms(b, exercise.offset),
            )
        })
        .collect();
    shaded(chart, "Paused", PAUSE_COLOUR, spans)
}

/// `chart` with one empty series, `name`, whose mark areas span each of `spans` (an optional
/// label, from and to in local ms) behind the lines; nothing where there are none.
fn shaded(chart: Chart, name: &str, colour: &str, spans: Vec<(Option<String>, f64, f64)>) -> Chart {
    if spans.is_empty() {
        return chart;
    }
    chart.series(
        Line::new()
            .name(name)
            .data(Vec::<DataPoint>::new())
            .mark_area(
                MarkArea::new()
                    .silent(true)
                    .item_style(ItemStyle::new().color(colour))
                    .data(
                        spans
                            .into_iter()
                            .map(|(label, a, b)| {
                                let from = MarkAreaData::new().x_axis(a.to_string());
                                (
                                    match label {
                                        Some(l) => from.name(l),
                                        None => from,
                                    },
                                    MarkAreaData::new().x_axis(b.to_string()),
                                )
                            })
                            .collect(),
                    ),
            ),
    )
}

/// The resting-rate line and its name: a grey that reads on light and dark backgrounds.
pub(super) const RESTING_COLOUR: &str = "rgba(128, 128, 128, 0.9)";

/// Exercise bands: a translucent blue, apart from the zones' warm colours.
pub(super) const EXERCISE_COLOUR: &str = "rgba(60, 130, 230, 0.14)";

/// Pauses inside a workout: a translucent grey over its blue, readable in both themes.
pub(super) const PAUSE_COLOUR: &str = "rgba(128, 128, 128, 0.28)";

/// Colours of the fat-burn, cardio and peak bands: translucent, so the line and the grid
/// show through in light and dark themes alike.
pub(super) const ZONE_COLOURS: [&str; 3] = [
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

/// The spread of each sleep's beat-to-beat intervals (the export's HRV histogram): a bar per
/// bin, one series per sleep of the day named by its local wake time, in percent of the
/// sleep's intervals. The bins are labelled by their interval lengths in milliseconds.
pub fn beat_histogram(nights: &[crate::model::BeatHistogram]) -> Chart {
    use crate::model::BeatHistogram;
    let bins = nights.iter().map(|h| h.shares.len()).max().unwrap_or(0);
    let labels: Vec<String> = (0..bins)
        .map(|i| {
            let (from, to) = BeatHistogram::bin_ms(i);
            format!("{from}–{to}")
        })
        .collect();
    let mut chart = titled(
        "Beat-to-beat intervals asleep",
        "share of the sleep's intervals by length, ms (1,000 ms = 60 bpm)",
    )
    .tooltip(Tooltip::new().trigger(Trigger::Axis))
    .grid(Grid::new().left("48").right("16").top("64").bottom("48"))
    .x_axis(Axis::new().type_(AxisType::Category).data(labels))
    .y_axis(Axis::new().type_(AxisType::Value).name("%"));
    for h in nights {
        let woke = format!(
            "woke {}",
            crate::model::time::local(h.wake, h.offset).format("%H:%M")
        );
        chart = chart.series(
            Bar::new().name(woke).data(
                h.shares
                    .iter()
                    .map(|v| DataPoint::from(v * 100.0))
                    .collect(),
            ),
        );
    }
    chart
}
