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

mod day;
mod range;
mod sleep;
mod timing;
mod workouts;
mod years;
pub use day::*;
pub use range::*;
pub use sleep::*;
pub use timing::*;
pub use workouts::*;
pub use years::*;

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

/// Local wall-clock milliseconds: the time axis then shows each sample at the hour it was
/// recorded, whatever the browser's own zone.
fn local_ms(t: i64, offset: i32) -> f64 {
    ((t + i64::from(offset)) * 1000) as f64
}

#[cfg(test)]
mod tests;
