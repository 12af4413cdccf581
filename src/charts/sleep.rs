//! Sleep: the hypnogram's rows and colours, a night's span as text, and minutes per stage.

use super::*;

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

pub(super) fn row_label(stage: Stage, classic: bool) -> &'static str {
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
pub(super) fn row(stage: Stage, levels: &[Stage]) -> usize {
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
    hypnogram_in(night, zone, "16")
}

/// `hypnogram`, with `right` pixels of margin (room for a second axis).
fn hypnogram_in(
    night: &SleepSession,
    zone: Option<&crate::model::zone::Zone>,
    right: &str,
) -> Chart {
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
    .grid(Grid::new().left("64").right(right).top("64").bottom("32"))
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

/// The hypnogram with the night's heart rate over it, on the same time axis (the bedtime's
/// clock) and a bpm axis of its own on the right: where the rate falls in deep sleep and
/// rises in REM and at each waking is there to see. `samples`: the readings inside the night
/// (`sleep_timing::night_heart`).
pub fn hypnogram_with_heart(
    night: &SleepSession,
    zone: Option<&crate::model::zone::Zone>,
    samples: &[Sample],
) -> Chart {
    if samples.is_empty() {
        return hypnogram(night, zone);
    }
    let data: Vec<DataPoint> = samples
        .iter()
        .map(|s| {
            DataPoint::Value(CompositeValue::Array(vec![
                CompositeValue::from(local_ms(s.t, night.start_offset)),
                CompositeValue::from(s.value),
            ]))
        })
        .collect();
    hypnogram_in(night, zone, "48")
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .name("bpm")
                .position("right")
                .scale(true)
                .split_line(charming::element::SplitLine::new().show(false)),
        )
        .series(
            Line::new()
                .name("Heart rate")
                .y_axis_index(1)
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .item_style(ItemStyle::new().color("#d64545"))
                .data(data),
        )
}

pub(super) fn hypnogram_axis(
    night: &SleepSession,
    zone: Option<&crate::model::zone::Zone>,
) -> Axis {
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

/// Minutes of `stage` in a night, classic stages folded into the stage-scoring ones.
pub fn night_minutes(night: &SleepSession, stage: Stage) -> i64 {
    let extra = match stage {
        Stage::Light => night.seconds_in(Stage::Asleep),
        Stage::Wake => night.seconds_in(Stage::Restless),
        _ => 0,
    };
    (night.seconds_in(stage) + extra) / 60
}
