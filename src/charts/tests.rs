//! Tests of `charts`: each builder's option as JSON, against hand-computed values.

use super::range::*;
use super::sleep::*;
use super::*;
use crate::config::Source;
use crate::model::resolution::Per;
use crate::model::{Provenance, Segment};
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
        Per::Day,
    ));
    assert_eq!(j["series"][0]["data"], serde_json::json!([58.0, "-"]));
    assert_eq!(one(&j["yAxis"])["name"], "bpm");
}

/// Over long ranges the page hands over weeks or months: the axis names each bar's period,
/// and the steps chart says whose total each bar is.
#[test]
fn a_bar_per_week_or_month_is_named_by_its_period() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let j = json(&steps_daily(
        &[(d("2026-03-23"), 70_000.0), (d("2026-03-30"), 56_000.0)],
        Per::Week(chrono::Weekday::Mon),
    ));
    assert_eq!(
        one(&j["xAxis"])["data"],
        serde_json::json!(["week of 2026-03-23", "week of 2026-03-30"])
    );
    assert_eq!(one(&j["title"])["text"], "Steps per week");
    assert_eq!(
        one(&j["title"])["subtext"],
        "steps, the total of each week's local days · mean 63000"
    );
    let j = json(&daily_line(
        "Resting heart rate",
        "per day",
        "bpm",
        &[(d("2026-03-01"), Some(58.5))],
        Per::Month,
    ));
    assert_eq!(one(&j["xAxis"])["data"], serde_json::json!(["2026-03"]));
    let j = json(&sleep_nightly(
        &[(d("2026-03-01"), Some([70.0, 220.0, 95.0, 40.0]))],
        Per::Month,
    ));
    assert_eq!(one(&j["title"])["text"], "Sleep per night, by month");
    assert_eq!(j["series"][1]["data"], serde_json::json!([220.0]));
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
    let j = json(&steps_daily(
        &[(d("2026-10-01"), 8000.0), (d("2026-10-02"), 12000.0)],
        Per::Day,
    ));
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
        source: Provenance {
            source: Source::Fitbit,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: None,
    };
    let j = json(&sleep_nightly(
        &[
            (d("2026-10-01"), stage_minutes(Some(&night))),
            (d("2026-10-02"), None),
        ],
        Per::Day,
    ));
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
        Per::Day,
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
        Per::Day,
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
        Per::Day,
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

/// Bars per 50-ms bin from 300 ms, in percent, one series per sleep named by its local wake
/// time (13:18Z at −04:00 woke at 09:18).
#[test]
fn a_beat_histogram_is_a_bar_per_bin_in_percent_per_sleep() {
    let mut shares = vec![0.0; 29];
    shares[10] = 0.394;
    shares[11] = 0.606;
    let h = crate::model::BeatHistogram {
        wake: 1_775_481_480,
        offset: -4 * 3600,
        shares,
    };
    let j = json(&beat_histogram(&[h]));
    let x = one(&j["xAxis"]);
    assert_eq!(x["data"].as_array().unwrap().len(), 29);
    assert_eq!(x["data"][0], "300–350");
    assert_eq!(x["data"][10], "800–850");
    assert_eq!(x["data"][28], "1700–1750");
    assert_eq!(j["series"][0]["name"], "woke 09:18");
    assert_eq!(j["series"][0]["type"], "bar");
    assert_eq!(j["series"][0]["data"][10], 39.4);
    assert_eq!(j["series"][0]["data"][11], 60.6);
    assert_eq!(j["series"][0]["data"][0], 0.0);
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
        source: Provenance {
            source: Source::Google,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: None,
    };
    // With the night's heart rate: a line on its own right-hand bpm axis, at each reading's
    // time on the bedtime's clock (+02:00 here), the blocks unchanged.
    let hr = [
        crate::model::Sample {
            t: 60,
            offset: 7200,
            value: 58.0,
        },
        crate::model::Sample {
            t: 5 * 3600,
            offset: 3600,
            value: 52.0,
        },
    ];
    let with = json(&hypnogram_with_heart(&night, None, &hr));
    assert_eq!(
        with["series"][0],
        json(&hypnogram(&night, None))["series"][0]
    );
    assert_eq!(with["series"][1]["yAxisIndex"].as_f64(), Some(1.0));
    assert_eq!(
        with["series"][1]["data"],
        serde_json::json!([
            [7_260_000.0, 58.0],
            [(5 * 3600 + 7200) as f64 * 1000.0, 52.0]
        ])
    );
    assert_eq!(with["yAxis"][1]["name"], "bpm");
    assert_eq!(with["yAxis"][1]["position"], "right");
    // No readings: the hypnogram alone.
    assert_eq!(
        json(&hypnogram_with_heart(&night, None, &[])),
        json(&hypnogram(&night, None))
    );
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
    let x = Exercise::bare(1_000_000, 1_003_600, 7200, "Run", "tracker");
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
fn a_workouts_pauses_are_shaded_in_its_local_time() {
    let mut x = Exercise::bare(1_000_000, 1_003_600, 7200, "Run", "tracker");
    let base = heart_rate_day(None, None);
    assert_eq!(with_pauses(base.clone(), &x), base, "no pause, no series");
    x.pauses = vec![(1_001_200, 1_001_320), (1_002_000, 1_002_030)];
    let o = option(&with_pauses(base, &x));
    let s = &o["series"][1];
    assert_eq!(s["name"], "Paused");
    let areas = s["markArea"]["data"].as_array().unwrap();
    // 1,001,200 s + 2 h = 1,008,400 s local, in ms.
    let spans: Vec<(f64, f64)> = areas
        .iter()
        .map(|a| {
            (
                a[0]["xAxis"].as_f64().unwrap(),
                a[1]["xAxis"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        vec![
            (1_008_400_000.0, 1_008_520_000.0),
            (1_009_200_000.0, 1_009_230_000.0)
        ]
    );
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
        source: Provenance {
            source: Source::Google,
            device: None,
        },
        fall_asleep_min: None,
        no_stages: None,
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

#[test]
fn the_actogram_draws_each_block_on_its_row_and_opens_on_the_latest_rows() {
    use crate::model::sleep_timing::{Block, Shade};
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let blocks = [
        Block {
            row: 0,
            from_h: 23.0,
            to_h: 24.0,
            shade: Shade::Stage(Stage::Light),
        },
        Block {
            row: 1,
            from_h: 0.0,
            to_h: 7.0,
            shade: Shade::Stage(Stage::Deep),
        },
        Block {
            row: 2,
            from_h: 0.0,
            to_h: 12.0,
            shade: Shade::Missing,
        },
    ];
    // Onsets at 23:30, then 00:10 the next row: the line breaks at midnight instead of
    // crossing the row.
    let phase = [(0, 23.5), (1, 23.9), (3, 0.2)];
    let j = option(&actogram(&blocks, from, 200, true, &phase, "x".into()));
    // One axis each way: an object, or a list of one.
    let one = |v: &serde_json::Value| v.get(0).cloned().unwrap_or_else(|| v.clone());
    assert_eq!(one(&j["xAxis"])["max"], 48);
    let data = j["series"][0]["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(data[1]["value"], serde_json::json!([0.0, 7.0, 1.0]));
    assert_eq!(data[2]["itemStyle"]["color"], MISSING_COLOR);
    assert_eq!(data[1]["itemStyle"]["color"], stage_color(Stage::Deep));
    let line = j["series"][1]["data"].as_array().unwrap();
    assert_eq!(line.len(), 4);
    assert_eq!(line[2], "-");
    // 200 rows: the last 120 shown first, the rest a pan away.
    let y = &one(&j["yAxis"]);
    assert_eq!(y["data"][0], "Thu 1 Jan 2026");
    assert_eq!(y["inverse"], true);
    for z in j["dataZoom"].as_array().unwrap() {
        assert_eq!(
            (z["startValue"].as_f64(), z["endValue"].as_f64()),
            (Some(80.0), Some(199.0))
        );
    }
    assert_eq!(actogram_height_px(200), 120 * 9 + 150);
    assert_eq!(actogram_height_px(3), 14 * 9 + 150);
}

/// A route 300 m east then 400 m north: true to scale (both axes span the same metres, around
/// the track), north up, its kilometre marker 300 m along the northward leg, start and finish.
#[test]
fn a_route_is_drawn_to_scale_with_its_markers() {
    use crate::model::route::Fix;
    let per_degree = 6_371_000.0 * std::f64::consts::PI / 180.0;
    let fix = |t: i64, east: f64, north: f64, d: f64| Fix {
        t_ms: t * 1000,
        lat: north / per_degree,
        lon: east / per_degree,
        altitude_m: None,
        distance_m: Some(d),
        bpm: None,
    };
    let fixes = [
        fix(0, 0.0, 0.0, 0.0),
        fix(60, 300.0, 0.0, 300.0),
        fix(200, 300.0, 1000.0, 1300.0),
    ];
    let o = option(&route(&fixes, 1000.0, "km"));
    let (x, y) = (&o["xAxis"], &o["yAxis"]);
    let span = |a: &serde_json::Value| a["max"].as_f64().unwrap() - a["min"].as_f64().unwrap();
    assert!((span(x) - span(y)).abs() < 1e-9 && span(y) > 1000.0);
    assert!((x["min"].as_f64().unwrap() + x["max"].as_f64().unwrap() - 300.0).abs() < 1e-6);
    let line = o["series"][0]["data"].as_array().unwrap();
    assert_eq!(line.len(), 3);
    assert!((line[2][0].as_f64().unwrap() - 300.0).abs() < 1e-6);
    assert!((line[2][1].as_f64().unwrap() - 1000.0).abs() < 1e-6);
    let marker = &o["series"][1]["data"][0];
    assert_eq!(marker["name"], "1 km");
    assert!((marker["value"][0].as_f64().unwrap() - 300.0).abs() < 1e-6);
    assert!((marker["value"][1].as_f64().unwrap() - 700.0).abs() < 1e-6);
    let ends: Vec<_> = o["series"][2]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].clone())
        .collect();
    assert_eq!(ends, ["Start", "Finish"]);
}
