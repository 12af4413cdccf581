//! The synthetic person's history written as a Fitbit export, in each layout of takeout.md §1,
//! with the real quirks: UTC times in files that cover local days, naive local sleep and
//! weight, 30- and 365-day chunks on the account's grid, resting-HR placeholders, pounds,
//! centimetres, feet, CSV twins, `no data` files, READMEs, a non-breaking space in a folder
//! name, and every night twice in `UserSleeps`. The project's import fixtures come from here,
//! never from real exports.

use crate::{add_days, ActivityMinute, Person, Stage};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;
use std::rc::Rc;

/// How an export is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// fitbit.com archive up to ~2019: `MyFitbitData/<Name>/user-site-export/`, flat JSON only.
    UserSiteExport,
    /// fitbit.com archive ~2020–2024: category folders (`Physical Activity/`, `Sleep/`, …).
    Categories,
    /// Google Takeout `Takeout/Fitbit/`: `Global Export Data` plus the CSV folders and tables.
    TakeoutFitbit,
    /// Google Takeout `Takeout/Google Health/` (mid-2026), written with a non-breaking space.
    TakeoutGoogleHealth,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::UserSiteExport,
        Layout::Categories,
        Layout::TakeoutFitbit,
        Layout::TakeoutGoogleHealth,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Layout::UserSiteExport => "user-site-export",
            Layout::Categories => "categories",
            Layout::TakeoutFitbit => "takeout-fitbit",
            Layout::TakeoutGoogleHealth => "takeout-google-health",
        }
    }

    pub fn from_key(k: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.key() == k)
    }

    fn root(self) -> &'static str {
        match self {
            Layout::UserSiteExport | Layout::Categories => "MyFitbitData/SynthPerson",
            Layout::TakeoutFitbit => "Takeout/Fitbit",
            Layout::TakeoutGoogleHealth => "Takeout/Google\u{00A0}Health",
        }
    }

    fn takeout(self) -> bool {
        matches!(self, Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth)
    }

    /// The folder a legacy JSON metric lives in.
    fn json_folder(self, metric: &str) -> String {
        let sub = match self {
            Layout::UserSiteExport => "user-site-export",
            Layout::TakeoutFitbit | Layout::TakeoutGoogleHealth => "Global Export Data",
            Layout::Categories => match metric {
                "sleep" => "Sleep",
                "weight" | "height" => "Personal & Account",
                _ => "Physical Activity",
            },
        };
        format!("{}/{sub}", self.root())
    }
}

/// The person's height (weight files carry a BMI computed from it).
pub const HEIGHT_M: f64 = 1.78;
/// The watch a HealthKit account mirrors heart rate from (`Lies::heart_rate_csv_only`), by the
/// `data source` name real exports give it (takeout.md §9).
pub const WATCH: &str = "com.apple.heartratecoordinatord Health Kit";
const LB: f64 = 0.453_592_37;

/// `MM/DD/YY HH:MM:SS` of a naive date-time.
fn legacy(t: NaiveDateTime) -> String {
    t.format("%m/%d/%y %H:%M:%S").to_string()
}

fn utc(t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// The wall clock where the person was at `t`: what the local-time files write.
fn wall(p: &Person, t: i64) -> NaiveDateTime {
    utc(t + i64::from(p.offset_at(t).local_minus_utc()))
}

/// Jackson's pretty print, as the exports have it: `[{\n  "k" : v,\n  …\n},{ … }]`, no
/// trailing newline.
fn jackson(records: &[String]) -> Vec<u8> {
    format!("[{}]", records.join(",")).into_bytes()
}

fn record(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("  \"{k}\" : {v}"))
        .collect();
    format!("{{\n{}\n}}", body.join(",\n"))
}

fn q(s: &str) -> String {
    format!("\"{s}\"")
}

/// Which dates are written.
struct Span<'a> {
    ranges: &'a [(NaiveDate, NaiveDate)],
}

impl Span<'_> {
    fn has(&self, d: NaiveDate) -> bool {
        self.ranges.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// The chunk starts (on the account's grid from `first`) of `len` days with a written date.
    fn chunks(&self, first: NaiveDate, len: i64) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for &(a, b) in self.ranges {
            let k0 = (a - first).num_days().div_euclid(len);
            let k1 = (b - first).num_days().div_euclid(len);
            for k in k0..=k1 {
                let start = add_days(first, k * len);
                if !out.contains(&start) {
                    out.push(start);
                }
            }
        }
        out.sort();
        out
    }

    fn days_of(&self, start: NaiveDate, len: i64) -> Vec<NaiveDate> {
        (0..len)
            .map(|i| add_days(start, i))
            .filter(|d| self.has(*d))
            .collect()
    }
}

/// The lies real exports tell (takeout.md, issue #26), each on or off. The ground truth stays
/// the person's; only how the files write it changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lies {
    /// `UserSleeps` and `UserSleepStages` write local wall-clock times labelled `+00:00` (the
    /// fifth person's Google-era sleep table), while every other file is right.
    pub sleep_table_local_as_utc: bool,
    /// Heart-rate day files sorted by local time: in the fall-back hour the two passes of the
    /// repeated hour interleave.
    pub local_sorted_days: bool,
    /// Heart-rate day files keyed by the wall clock: where the clock went back (a fall-back
    /// hour, a flight west), a reading whose local second an earlier one already took is
    /// missing from the JSON. The CSV copies (UTC) keep every reading, and are written for
    /// the UTC days around each such change.
    pub wall_clock_keyed_days: bool,
    /// `calories-*.json` written in local time (exports disagree on its zone; the CSV twin
    /// says which).
    pub calories_json_local: bool,
    /// 0-byte files beside the data (a heart-rate day of a tracker that synced nothing, a CSV
    /// of a type never used).
    pub empty_files: bool,
    /// Heart rate only in the CSV folder (no `heart_rate-*.json`), one file per UTC day, with
    /// a watch mirrored through HealthKit interleaved with the tracker (`Person::
    /// watch_heart_rate`): the 2026 form, where the CSV is all there is and names its
    /// recorders.
    pub heart_rate_csv_only: bool,
}

impl Lies {
    /// The lies named in `keys` (comma-separated field names), for the emulator's sample
    /// export; `None` for a name that is not a lie.
    pub fn from_keys(keys: &str) -> Option<Lies> {
        let mut l = Lies::default();
        for k in keys.split(',').filter(|k| !k.is_empty()) {
            let flag = match k {
                "sleep_table_local_as_utc" => &mut l.sleep_table_local_as_utc,
                "local_sorted_days" => &mut l.local_sorted_days,
                "wall_clock_keyed_days" => &mut l.wall_clock_keyed_days,
                "calories_json_local" => &mut l.calories_json_local,
                "empty_files" => &mut l.empty_files,
                "heart_rate_csv_only" => &mut l.heart_rate_csv_only,
                _ => return None,
            };
            *flag = true;
        }
        Some(l)
    }
}

/// Every file of the person's export over `ranges` (inclusive date pairs), in `layout`, as
/// (path, bytes).
pub fn files(
    p: &Person,
    layout: Layout,
    ranges: &[(NaiveDate, NaiveDate)],
) -> Vec<(String, Vec<u8>)> {
    files_with(p, layout, ranges, Lies::default())
}

/// `files`, telling `lies`.
pub fn files_with(
    p: &Person,
    layout: Layout,
    ranges: &[(NaiveDate, NaiveDate)],
    lies: Lies,
) -> Vec<(String, Vec<u8>)> {
    let span = Span { ranges };
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    // Each day's minutes, generated once: half a dozen files are written from them.
    let memo: RefCell<HashMap<NaiveDate, Rc<Vec<ActivityMinute>>>> = RefCell::default();
    let activity = |d: NaiveDate| -> Rc<Vec<ActivityMinute>> {
        memo.borrow_mut()
            .entry(d)
            .or_insert_with(|| {
                let (s, e) = p.day_bounds(d);
                Rc::new(p.activity(s, e))
            })
            .clone()
    };
    let first = p.first_day;
    let json =
        |out: &mut Vec<(String, Vec<u8>)>, metric: &str, date: NaiveDate, recs: &[String]| {
            if !recs.is_empty() {
                out.push((
                    format!("{}/{metric}-{date}.json", layout.json_folder(metric)),
                    jackson(recs),
                ));
            }
        };

    // Heart rate: one file per local day with data, UTC times.
    for (a, b) in ranges {
        let mut d = *a;
        while d <= *b {
            let (s, e) = p.day_bounds(d);
            let mut readings = p.heart_rate(s, e);
            if lies.local_sorted_days {
                readings.sort_by_key(|h| wall(p, h.t));
            }
            if lies.wall_clock_keyed_days {
                let mut seen = std::collections::HashSet::new();
                readings.retain(|h| seen.insert(wall(p, h.t)));
            }
            let recs: Vec<String> = readings
                .into_iter()
                .map(|h| {
                    record(&[
                        ("dateTime", q(&legacy(utc(h.t)))),
                        (
                            "value",
                            format!("{{\n    \"bpm\" : {},\n    \"confidence\" : 3\n  }}", h.bpm),
                        ),
                    ])
                })
                .collect();
            if !lies.heart_rate_csv_only {
                json(&mut out, "heart_rate", d, &recs);
            }
            // Minutes in each heart-rate zone that day (by the minute's mean rate).
            if !recs.is_empty() {
                let mut z = [0u32; 4];
                for m in activity(d).iter() {
                    if let Some(slot) = z.get_mut(usize::from(m.zone.min(3))) {
                        *slot += 1;
                    }
                }
                let zones = format!(
                    "{{\n    \"valuesInZones\" : {{\n      \"IN_DEFAULT_ZONE_1\" : {}.0,\n      \"BELOW_DEFAULT_ZONE_1\" : {}.0,\n      \"IN_DEFAULT_ZONE_2\" : {}.0,\n      \"IN_DEFAULT_ZONE_3\" : {}.0\n    }}\n  }}",
                    z[1], z[0], z[2], z[3]
                );
                json(
                    &mut out,
                    "time_in_heart_rate_zones",
                    d,
                    &[record(&[
                        ("dateTime", q(&legacy(d.and_time(chrono::NaiveTime::MIN)))),
                        ("value", zones),
                    ])],
                );
            }
            d = add_days(d, 1);
        }
    }

    // 30-day chunks of minutes: steps, distance (cm), calories in UTC with zero minutes;
    // altitude (feet, sparse) in local time.
    for start in span.chunks(first, 30) {
        let days = span.days_of(start, 30);
        let (mut steps, mut dist, mut cal, mut alt) = (vec![], vec![], vec![], vec![]);
        for d in &days {
            for m in activity(*d).iter() {
                let at = q(&legacy(utc(m.t)));
                steps.push(record(&[
                    ("dateTime", at.clone()),
                    ("value", q(&m.steps.to_string())),
                ]));
                dist.push(record(&[
                    ("dateTime", at.clone()),
                    ("value", q(&(m.distance_mm / 10).to_string())),
                ]));
                let cal_at = if lies.calories_json_local {
                    q(&legacy(wall(p, m.t)))
                } else {
                    at
                };
                cal.push(record(&[
                    ("dateTime", cal_at),
                    ("value", q(&format!("{:.5}", m.calories))),
                ]));
                if m.floors > 0 {
                    let local = wall(p, m.t);
                    alt.push(record(&[
                        ("dateTime", q(&legacy(local))),
                        ("value", q(&(m.floors * 10).to_string())),
                    ]));
                }
            }
        }
        // The day's minutes per activity level (sedentary, lightly, moderately, very), and
        // the placeholders real exports write for the chunk's days after the export: 1440
        // sedentary, 0 of the others.
        let export_date = ranges.iter().map(|r| r.1).max().unwrap_or(start);
        let mut levels: [Vec<String>; 4] = Default::default();
        for i in 0..30 {
            let d = add_days(start, i);
            let counts = if span.has(d) && !p.day_missing(d) {
                let mut c = [0u32; 4];
                for m in activity(d).iter() {
                    if let Some(slot) = c.get_mut(usize::from(m.level.min(3))) {
                        *slot += 1;
                    }
                }
                c
            } else if d > export_date {
                [1440, 0, 0, 0]
            } else {
                continue;
            };
            for (k, n) in counts.iter().enumerate() {
                if let Some(v) = levels.get_mut(k) {
                    v.push(record(&[
                        ("dateTime", q(&legacy(d.and_time(chrono::NaiveTime::MIN)))),
                        ("value", q(&n.to_string())),
                    ]));
                }
            }
        }
        for (k, name) in [
            "sedentary_minutes",
            "lightly_active_minutes",
            "moderately_active_minutes",
            "very_active_minutes",
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = levels.get(k) {
                json(&mut out, name, start, v);
            }
        }
        json(&mut out, "steps", start, &steps);
        json(&mut out, "distance", start, &dist);
        json(&mut out, "calories", start, &cal);
        json(&mut out, "altitude", start, &alt);

        // Sleep: naive local, keyed by the night, newest first.
        let mut logs = Vec::new();
        for d in days.iter().rev() {
            for (k, z) in p.sleeps_ending_on(*d).into_iter().enumerate() {
                logs.push(sleep_log(p, *d, k, &z));
            }
        }
        json(&mut out, "sleep", start, &logs);

        // Weight: pounds, local date and time, a BMI from the height.
        let weights: Vec<String> = days
            .iter()
            .filter_map(|d| p.weigh_in(*d).map(|w| (*d, w)))
            .map(|(d, w)| {
                let local = wall(p, w.t);
                record(&[
                    ("logId", (local.and_utc().timestamp() * 1000).to_string()),
                    ("weight", format!("{:.1}", w.weight_kg / LB)),
                    ("bmi", format!("{:.2}", w.weight_kg / (HEIGHT_M * HEIGHT_M))),
                    ("fat", format!("{:.1}", w.body_fat_pct)),
                    ("date", q(&d.format("%m/%d/%y").to_string())),
                    ("time", q(&local.format("%H:%M:%S").to_string())),
                    ("source", q("Aria")),
                ])
            })
            .collect();
        json(&mut out, "weight", start, &weights);
    }
    if let Some(start) = span.chunks(first, 30).first() {
        json(
            &mut out,
            "height",
            *start,
            &[record(&[
                (
                    "dateTime",
                    q(&legacy(start.and_time(chrono::NaiveTime::MIN))),
                ),
                ("value", q(&format!("{:.0}", HEIGHT_M * 1000.0))),
            ])],
        );
    }

    // 365-day chunks of date labels: resting HR (placeholders on days without), VO2 max.
    for start in span.chunks(first, 365) {
        let days = span.days_of(start, 365);
        let label = |d: &NaiveDate| q(&legacy(d.and_time(chrono::NaiveTime::MIN)));
        let resting: Vec<String> = days
            .iter()
            .map(|d| {
                let value = if p.day_missing(*d) {
                    "{\n    \"date\" : null,\n    \"value\" : 0.0,\n    \"error\" : 0.0\n  }".to_string()
                } else {
                    format!(
                        "{{\n    \"date\" : \"{}\",\n    \"value\" : {},\n    \"error\" : 6.5\n  }}",
                        d.format("%m/%d/%y"),
                        p.resting_hr(*d)
                    )
                };
                record(&[("dateTime", label(d)), ("value", value)])
            })
            .collect();
        json(&mut out, "resting_heart_rate", start, &resting);
        let vo2: Vec<String> = days
            .iter()
            .filter_map(|d| p.vo2_max(*d).map(|v| (d, v)))
            .map(|(d, v)| {
                record(&[
                    ("dateTime", label(d)),
                    ("value", format!("{{\n    \"demographicVO2Max\" : {v},\n    \"demographicVO2MaxError\" : 3.0,\n    \"filteredDemographicVO2Max\" : {v},\n    \"filteredDemographicVO2MaxError\" : 3.0\n  }}")),
                ])
            })
            .collect();
        json(&mut out, "demographic_vo2_max", start, &vo2);
    }

    // Exercise logs: 100 a file (`exercise-0`, `exercise-100`, …), UTC start times, the
    // distance in the profile's unit (kilometres here), durations in milliseconds.
    let all_days: Vec<NaiveDate> = ranges
        .iter()
        .flat_map(|(a, b)| a.iter_days().take_while(move |d| d <= b))
        .collect();
    let logs: Vec<String> = all_days
        .iter()
        .filter_map(|d| p.exercise_on(*d).map(|x| (*d, x)))
        .map(|(d, x)| {
            let ms = (x.end - x.start) * 1000;
            let mut fields = vec![
                (
                    "logId",
                    (60_000_000_000_i64 + i64::from(d.num_days_from_ce())).to_string(),
                ),
                ("activityName", q(x.name)),
                (
                    "activityTypeId",
                    if x.name == "Run" { "90009" } else { "90013" }.to_string(),
                ),
            ];
            if let Some(bpm) = x.avg_bpm {
                fields.push(("averageHeartRate", bpm.to_string()));
            }
            fields.extend([
                ("calories", format!("{}", x.calories)),
                (
                    "distance",
                    format!("{:.6}", x.distance_mm as f64 / 1_000_000.0),
                ),
                ("distanceUnit", q("Kilometer")),
                ("duration", ms.to_string()),
                ("activeDuration", ms.to_string()),
                ("steps", x.steps.to_string()),
                ("logType", q(x.log_type)),
                ("lastModified", q(&legacy(utc(x.end + 60)))),
                ("startTime", q(&legacy(utc(x.start)))),
                ("originalStartTime", q(&legacy(utc(x.start)))),
                ("originalDuration", ms.to_string()),
                ("hasGps", "false".to_string()),
            ]);
            record(&fields)
        })
        .collect();
    for (n, page) in logs.chunks(100).enumerate() {
        out.push((
            format!(
                "{}/exercise-{}.json",
                layout.json_folder("exercise"),
                n * 100
            ),
            jackson(page),
        ));
    }

    // The food diary and water logs: one file each for the whole history (`food_logs-0`,
    // `water_logs-0`), logs dated by the local day, nutrients per the amount eaten.
    let mut foods = Vec::new();
    let mut waters = Vec::new();
    for d in &all_days {
        for f in p.food_on(*d) {
            let nutrients = format!(
                "{{\n    \"calories\" : {},\n    \"carbs\" : {},\n    \"fat\" : {},\n    \"fiber\" : {},\n    \"protein\" : {},\n    \"sodium\" : {}\n  }}",
                f.calories, f.carbs_g, f.fat_g, f.fiber_g, f.protein_g, f.sodium_mg
            );
            let food = format!(
                "{{\n    \"accessLevel\" : \"PUBLIC\",\n    \"amount\" : {},\n    \"brand\" : \"\",\n    \"calories\" : {},\n    \"foodId\" : {},\n    \"locale\" : \"en_US\",\n    \"mealTypeId\" : {},\n    \"name\" : {},\n    \"unit\" : {{\n      \"id\" : 91,\n      \"name\" : {},\n      \"plural\" : {}\n    }},\n    \"units\" : [ 91, 256 ]\n  }}",
                f.amount,
                f.calories,
                28_536 + f.log_id % 7,
                f.meal_type_id,
                q(f.name),
                q(f.unit.0),
                q(f.unit.1)
            );
            foods.push(record(&[
                ("logId", f.log_id.to_string()),
                ("logDate", q(&d.to_string())),
                ("nutritionalValues", nutrients),
                ("isFavorite", "false".to_string()),
                ("loggedFood", food),
            ]));
        }
        for (id, ml) in p.water_on(*d) {
            waters.push(record(&[
                ("logId", id.to_string()),
                ("logDate", q(&d.to_string())),
                ("waterAmount", format!("{ml:.1}")),
                ("measurementUnit", q("MILLILITER")),
            ]));
        }
    }
    if !foods.is_empty() {
        out.push((
            format!("{}/food_logs-0.json", layout.json_folder("food_logs")),
            jackson(&foods),
        ));
    }
    if !waters.is_empty() {
        out.push((
            format!("{}/water_logs-0.json", layout.json_folder("water_logs")),
            jackson(&waters),
        ));
    }

    // The sleep score: one file, newest first, keyed by the sleep log; the wake time is local
    // with a false `Z`. Takeout leaves composition and duration empty (as the 2026 samples
    // do); the fitbit.com archive fills them. The oldest archive has no score.
    if layout != Layout::UserSiteExport {
        let mut csv = String::from("sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n");
        for d in all_days.iter().rev() {
            let Some(score) = p.sleep_score(*d) else {
                continue;
            };
            let sleeps = p.sleeps_ending_on(*d);
            let Some((k, main)) = sleeps.iter().enumerate().find(|(_, z)| z.is_main) else {
                continue;
            };
            let log_id = 40_000_000_000_i64 + i64::from(d.num_days_from_ce()) * 10 + k as i64;
            let (composition, duration) = if layout.takeout() {
                (String::new(), String::new())
            } else {
                (score.composition.to_string(), score.duration.to_string())
            };
            let _ = writeln!(
                csv,
                "{log_id},{}Z,{},{composition},{},{duration},{},{},0.07",
                wall(p, main.end).format("%Y-%m-%dT%H:%M:%S"),
                score.overall,
                score.revitalization,
                score.deep_min,
                p.resting_hr(*d).round()
            );
        }
        let folder = if layout.takeout() {
            "Sleep Score"
        } else {
            "Sleep"
        };
        out.push((
            format!("{}/{folder}/sleep_score.csv", layout.root()),
            csv.into_bytes(),
        ));
    }

    // The fitbit.com archive's skin temperature: `Computed Temperature - YYYY-MM-01.csv`, one
    // row per night (naive local bounds), the deviation as a sum over the night's samples.
    if layout == Layout::Categories {
        let mut months: std::collections::BTreeMap<NaiveDate, String> = Default::default();
        for d in &all_days {
            let (Some(v), Some(night)) = (p.night_vitals(*d), p.main_sleep_ending_on(*d)) else {
                continue;
            };
            let month = d.with_day(1).unwrap_or(*d);
            let csv = months.entry(month).or_insert_with(|| String::from("type,sleep_start,sleep_end,temperature_samples,nightly_temperature,baseline_relative_sample_sum,baseline_relative_sample_sum_of_squares,baseline_relative_nightly_standard_deviation,baseline_relative_sample_standard_deviation\n"));
            let samples = (night.end - night.start) / 60;
            let _ = writeln!(
                csv,
                "SKIN,{},{},{samples},{},{},NaN,NaN,NaN",
                wall(p, night.start).format("%Y-%m-%dT%H:%M"),
                wall(p, night.end).format("%Y-%m-%dT%H:%M"),
                crate::BASELINE_SKIN_TEMP_C + v.skin_temp_relative_c,
                v.skin_temp_relative_c * samples as f64
            );
        }
        for (month, csv) in months {
            out.push((
                format!("{}/Sleep/Computed Temperature - {month}.csv", layout.root()),
                csv.into_bytes(),
            ));
        }
    }

    // Files an importer must pass over.
    out.push((
        format!("{}/badge.json", layout.json_folder("badge")),
        b"[]".to_vec(),
    ));
    if layout.takeout() {
        takeout_folders(p, layout, &span, lies, &activity, &mut out);
    }
    if lies.empty_files {
        let after = ranges.iter().map(|r| r.1).max().unwrap_or(first);
        out.push((
            format!(
                "{}/heart_rate-{}.json",
                layout.json_folder("heart_rate"),
                add_days(after, 1)
            ),
            Vec::new(),
        ));
        out.push((
            format!(
                "{}/swim_lengths_data-{first}.json",
                layout.json_folder("swim")
            ),
            Vec::new(),
        ));
    }
    out
}

fn sleep_log(p: &Person, date: NaiveDate, k: usize, z: &crate::SleepSession) -> String {
    let local = |t: i64| wall(p, t).format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
    let level = |s: Stage| match s {
        Stage::Wake => "wake",
        Stage::Light => "light",
        Stage::Deep => "deep",
        Stage::Rem => "rem",
    };
    let data: Vec<String> = z
        .segments
        .iter()
        .map(|g| {
            format!(
                "{{\n      \"dateTime\" : \"{}\",\n      \"level\" : \"{}\",\n      \"seconds\" : {}\n    }}",
                local(g.start),
                level(g.stage),
                g.end - g.start
            )
        })
        .collect();
    let fall = z
        .segments
        .first()
        .filter(|g| g.stage == Stage::Wake)
        .map_or(0, |g| (g.end - g.start) / 60);
    let mut summary = String::new();
    for s in Stage::ALL {
        let _ = write!(
            summary,
            "{}\"{}\" : {{ \"count\" : 1, \"minutes\" : {}, \"thirtyDayAvgMinutes\" : 0 }}",
            if summary.is_empty() { "" } else { ", " },
            level(s),
            z.seconds_in(s) / 60
        );
    }
    let log_id = 40_000_000_000_i64 + i64::from(date.num_days_from_ce()) * 10 + k as i64;
    record(&[
        ("logId", log_id.to_string()),
        ("dateOfSleep", q(&date.to_string())),
        ("startTime", q(&local(z.start))),
        ("endTime", q(&local(z.end))),
        ("duration", ((z.end - z.start) * 1000).to_string()),
        ("minutesToFallAsleep", fall.to_string()),
        ("minutesAsleep", ((z.end - z.start - z.seconds_in(Stage::Wake)) / 60).to_string()),
        ("minutesAwake", (z.seconds_in(Stage::Wake) / 60).to_string()),
        ("minutesAfterWakeup", "0".into()),
        ("timeInBed", ((z.end - z.start) / 60).to_string()),
        ("efficiency", "90".into()),
        ("type", q("stages")),
        ("infoCode", "0".into()),
        ("logType", q("auto_detected")),
        ("levels", format!("{{\n    \"summary\" : {{ {summary} }},\n    \"data\" : [{}],\n    \"shortData\" : [ ]\n  }}", data.join(","))),
        ("mainSleep", z.is_main.to_string()),
    ])
}

fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

fn table_time(t: i64) -> String {
    utc(t).format("%Y-%m-%d %H:%M:%S+0000").to_string()
}

/// Rows at UTC instants, one file per UTC month as Google writes them (`{prefix}YYYY-MM-01.csv`):
/// each row is the instant with a `Z`, then `rest`.
fn utc_months(
    out: &mut Vec<(String, Vec<u8>)>,
    prefix: &str,
    header: &str,
    rows: impl IntoIterator<Item = (i64, String)>,
) {
    let mut months: std::collections::BTreeMap<NaiveDate, String> = Default::default();
    for (t, rest) in rows {
        let at = utc(t);
        let Some(month) = at.date().with_day(1) else {
            continue;
        };
        let csv = months.entry(month).or_insert_with(|| format!("{header}\n"));
        let _ = writeln!(csv, "{}Z,{rest}", at.format("%Y-%m-%dT%H:%M:%S"));
    }
    for (month, csv) in months {
        out.push((format!("{prefix}{month}.csv"), csv.into_bytes()));
    }
}

/// The CSV folders and tables a Takeout adds beside `Global Export Data`.
fn takeout_folders(
    p: &Person,
    layout: Layout,
    span: &Span,
    lies: Lies,
    activity: &dyn Fn(NaiveDate) -> Rc<Vec<ActivityMinute>>,
    out: &mut Vec<(String, Vec<u8>)>,
) {
    // The sleep tables' times and offsets: real UTC with the offset in force, or (the lie) the
    // wall clock labelled UTC.
    let table_at = |t: i64| {
        if lies.sleep_table_local_as_utc {
            (
                offset_text(0),
                wall(p, t).format("%Y-%m-%d %H:%M:%S+0000").to_string(),
            )
        } else {
            (offset_text(p.offset_at(t).local_minus_utc()), table_time(t))
        }
    };
    let root = layout.root();
    let days: Vec<NaiveDate> = span
        .ranges
        .iter()
        .flat_map(|(a, b)| a.iter_days().take_while(move |d| d <= b))
        .collect();
    let Some(first) = days.first().copied() else {
        return;
    };
    // The profile: today's zone only (the trip is not in it), metric units. No personal data.
    out.push((
        format!("{root}/Your Profile/Profile.csv"),
        format!(
            "id,full_name,timezone,locale,distance_unit,weight_unit,height\nSYNTH,Synth Person,{},en_GB,METRIC,METRIC,{:.0}\n",
            p.home.name(),
            HEIGHT_M * 100.0
        )
        .into_bytes(),
    ));
    // Every night twice (two algorithm versions), UTC with explicit offsets.
    let mut sleeps = String::from("sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,minutes_awake,minutes_longest_awakening,minutes_to_persistent_sleep,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source,algorithm_version,sleep_created,sleep_last_updated\n");
    // The stages of the first version's sleeps, not in time order (as Google writes them).
    let mut stages = String::from("sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end,data_source,algorithm_version,sleep_stage_created,sleep_stage_last_updated\n");
    for d in &days {
        for (k, z) in p.sleeps_ending_on(*d).into_iter().enumerate() {
            let id =
                1_274_863_277_733_400_000_i64 + i64::from(d.num_days_from_ce()) * 10 + k as i64;
            let fall = z
                .segments
                .first()
                .filter(|g| g.stage == Stage::Wake)
                .map_or(0, |g| (g.end - g.start) / 60);
            // Last stage first.
            for (j, g) in z.segments.iter().rev().enumerate() {
                let kind = match g.stage {
                    Stage::Wake => "AWAKE",
                    Stage::Light => "LIGHT",
                    Stage::Deep => "DEEP",
                    Stage::Rem => "REM",
                };
                let (so, st) = table_at(g.start);
                let (eo, et) = table_at(g.end);
                let _ = writeln!(
                    stages,
                    "{id},{},{kind},{so},{st},{eo},{et},DERIVED,sleep_stages_v1,{},{}",
                    id * 7 + j as i64,
                    table_time(z.end + 240),
                    table_time(z.end + 241),
                );
            }
            for (v, shift) in [("sleep_session_v1", 0), ("sleep_session_v2", 120)] {
                let (so, st) = table_at(z.start + shift);
                let (eo, et) = table_at(z.end);
                let _ = writeln!(
                    sleeps,
                    "{},STAGES,{},0,{fall},0,0,0,0,{so},{st},{eo},{et},DERIVED,{v},{},{}",
                    id + if shift == 0 { 0 } else { 5 },
                    (z.end - z.start) / 60,
                    table_time(z.end + 240),
                    table_time(z.end + 241),
                );
            }
        }
    }
    out.push((
        format!("{root}/Health Fitness Data_GoogleData/UserSleeps_{first}.csv"),
        sleeps.into_bytes(),
    ));
    out.push((
        format!("{root}/Health Fitness Data_GoogleData/UserSleepStages_{first}.csv"),
        stages.into_bytes(),
    ));
    out.push((
        format!("{root}/Health Fitness Data_GoogleData/UserSleeps README.txt"),
        b"Sleeps\n\nThe below section is dedicated to the exported data of the Sleep data domain.\n".to_vec(),
    ));
    // Every weigh-in in grams at its UTC instant (with microseconds, as Google writes them):
    // the precise twin of the JSON's pounds to one decimal.
    let mut weights = String::from("timestamp,weight grams,data source\n");
    for d in &days {
        if let Some(w) = p.weigh_in(*d) {
            let _ = writeln!(
                weights,
                "{}.602062Z,{:.0},Aria",
                utc(w.t).format("%Y-%m-%dT%H:%M:%S"),
                w.weight_kg * 1000.0
            );
        }
    }
    out.push((
        format!("{root}/Physical Activity_GoogleData/weight.csv"),
        weights.into_bytes(),
    ));
    // Calories per minute, real UTC, one file per UTC month (the twin that tells the JSON's
    // zone).
    let calories = days.iter().flat_map(|d| {
        activity(*d)
            .iter()
            .map(|m| (m.t, format!("{:.5},Synthetic tracker", m.calories)))
            .collect::<Vec<_>>()
    });
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/calories_"),
        "timestamp,calories,data source",
        calories,
    );
    // Cardio load: a row per UTC minute with load, one file per UTC month, every digit; and the
    // gauge's band, which is not a measurement.
    let cardio = days.iter().flat_map(|d| {
        p.cardio_load_of(&activity(*d))
            .into_iter()
            .map(|(t, w, b)| (t, format!("{w},{b},{},Synthetic tracker", w + b)))
    });
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/cardio_load_"),
        "timestamp,workout,background,total,data source",
        cardio,
    );
    let mut band = String::from("timestamp,min observed load,max observed load,data source\n");
    for d in &days {
        let _ = writeln!(band, "{d},0.0,50.0,Fitbit App");
    }
    out.push((
        format!("{root}/Physical Activity_GoogleData/cardio_load_observed_interval.csv"),
        band.into_bytes(),
    ));
    // Heart-rate CSV twins (real UTC, one UTC day each) for the first three days: the JSON is
    // canonical, these are only checked against it.
    let mut twin_days: std::collections::BTreeSet<NaiveDate> =
        days.iter().take(3).copied().collect();
    if lies.wall_clock_keyed_days {
        // The UTC days around each time the clock went back: the JSON lacks readings there.
        for d in &days {
            let s = d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
            let went_back = (0..24 * 4).any(|q| {
                let t = s + q * 900;
                p.offset_at(t + 900).local_minus_utc() < p.offset_at(t).local_minus_utc()
            });
            if went_back {
                twin_days.extend([add_days(*d, -1), *d, add_days(*d, 1)]);
            }
        }
    }
    if lies.heart_rate_csv_only {
        // Every UTC day the span touches, the watch's rows interleaved with the tracker's.
        twin_days = span
            .ranges
            .iter()
            .flat_map(|(a, b)| {
                let (s, e) = (p.day_bounds(*a).0, p.day_bounds(*b).1);
                let (first, last) = (utc(s).date(), utc(e - 1).date());
                first.iter_days().take_while(move |d| *d <= last)
            })
            .collect();
    }
    for d in &twin_days {
        let s = d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        let mut rows: Vec<(i64, u16, &str)> = p
            .heart_rate(s, s + 86_400)
            .into_iter()
            .map(|h| (h.t, h.bpm, "Synthetic tracker"))
            .collect();
        // The watch's rows are in every copy (a CSV "may hold other sources", takeout.md §5):
        // beside the JSON they are not its twin, and without it they are a recorder of their own.
        {
            rows.extend(
                p.watch_heart_rate(s, s + 86_400)
                    .into_iter()
                    .map(|h| (h.t, h.bpm, WATCH)),
            );
            rows.sort_by_key(|r| r.0);
        }
        let mut csv = String::from("timestamp,beats per minute,data source\n");
        for (t, bpm, source) in rows {
            let _ = writeln!(
                csv,
                "{}Z,{:.1},{source}",
                utc(t).format("%Y-%m-%dT%H:%M:%S"),
                f64::from(bpm)
            );
        }
        out.push((
            format!("{root}/Physical Activity_GoogleData/heart_rate_{d}.csv"),
            csv.into_bytes(),
        ));
    }
    // The steps CSV, one file per UTC month as Google writes it, with a phone's rows beside the
    // tracker's: a second encoding of steps, never added to the JSON's (and the only one an
    // export without `Global Export Data` has).
    let steps = span.ranges.iter().flat_map(|(a, b)| {
        let (s, e) = (p.day_bounds(*a).0, p.day_bounds(*b).1);
        p.steps(s, e)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (t, n, "Synthetic tracker"))
            .chain(
                p.phone_steps(s, e)
                    .into_iter()
                    .map(|(t, n)| (t, n, "Phone Health Kit")),
            )
            .map(|(t, n, source)| (t, format!("{n},{source}")))
    });
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/steps_"),
        "timestamp,steps,data source",
        steps,
    );
    out.push((
        format!("{root}/Physical Activity_GoogleData/heart_rate_readme.txt"),
        b"timestamp: the time of the reading, UTC\n".to_vec(),
    ));
    // Nightly vitals: HRV (the `- YYYY-MM-(n).csv` naming quirk), SpO2 and breathing rate.
    let mut spo2 = String::from("timestamp,average_value,lower_bound,upper_bound\n");
    for d in &days {
        let Some(v) = p.night_vitals(*d) else {
            continue;
        };
        let n = d.day0();
        let name = if n == 0 {
            format!("{}-", d.format("%Y-%m"))
        } else {
            format!("{}-({n})", d.format("%Y-%m"))
        };
        out.push((
            format!(
                "{root}/Heart Rate Variability/Daily Heart Rate Variability Summary - {name}.csv"
            ),
            format!(
                "timestamp,rmssd,nremhr,entropy\n{d}T00:00:00,{},58.2,2.7\n",
                v.hrv_rmssd_ms
            )
            .into_bytes(),
        ));
        out.push((
            format!("{root}/Heart Rate Variability/Daily Respiratory Rate Summary - {d}.csv"),
            format!(
                "timestamp,daily_respiratory_rate\n{d}T00:00:00,{}\n",
                v.br_full
            )
            .into_bytes(),
        ));
        let _ = writeln!(
            spo2,
            "{d}T00:00:00Z,{},{},{}",
            v.spo2_avg, v.spo2_min, v.spo2_max
        );
    }
    if let (Some(a), Some(b)) = (days.first(), days.last()) {
        out.push((
            format!("{root}/Oxygen Saturation (SpO2)/Daily SpO2 - {a}-{b}.csv"),
            spo2.into_bytes(),
        ));
    }
    // Breathing per sleep stage, `-1.0` where a stage was not measured: the local summary
    // (naive local wake time, per calendar month) leaves out every fifth night, which only the
    // Google CSV (real UTC sleep end) has, as in a real export where the two differ.
    let rate = |r: Option<f64>| r.map_or("-1.0".to_string(), |r| r.to_string());
    let mut local: std::collections::BTreeMap<String, String> = Default::default();
    let google = days.iter().filter_map(|d| {
        let (night, v) = (p.main_sleep_ending_on(*d)?, p.night_vitals(*d)?);
        let [full, deep, light, rem] = [Some(v.br_full), v.br_deep, v.br_light, v.br_rem].map(rate);
        if d.day() % 5 != 0 {
            let file = local.entry(d.format("%Y-%m-01").to_string()).or_insert_with(|| {
                "timestamp,full_sleep_breathing_rate,full_sleep_standard_deviation,full_sleep_signal_to_noise,deep_sleep_breathing_rate,deep_sleep_standard_deviation,deep_sleep_signal_to_noise,light_sleep_breathing_rate,light_sleep_standard_deviation,light_sleep_signal_to_noise,rem_sleep_breathing_rate,rem_sleep_standard_deviation,rem_sleep_signal_to_noise\n".to_string()
            });
            let _ = writeln!(
                file,
                "{},{full},1.7,9.075,{deep},1.7,9.075,{light},1.9,10.648,{rem},0.0,1.997",
                wall(p, night.end).format("%Y-%m-%dT%H:%M:%S")
            );
        }
        Some((
            night.end,
            format!("{deep},2.1,5.0,{light},1.9,10.9,{rem},0.6,3.9,{full},2.1,5.0,Fitbit App"),
        ))
    });
    let google: Vec<(i64, String)> = google.collect();
    for (month, body) in local {
        out.push((
            format!("{root}/Heart Rate Variability/Respiratory Rate Summary - {month}.csv"),
            body.into_bytes(),
        ));
    }
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/respiratory_rate_sleep_summary_"),
        "timestamp,deep sleep stats - milli breaths per minute,deep sleep stats - standard deviation milli breaths per minute,deep sleep stats - signal to noise,light sleep stats - milli breaths per minute,light sleep stats - standard deviation milli breaths per minute,light sleep stats - signal to noise,rem sleep stats - milli breaths per minute,rem sleep stats - standard deviation milli breaths per minute,rem sleep stats - signal to noise,full sleep stats - milli breaths per minute,full sleep stats - standard deviation milli breaths per minute,full sleep stats - signal to noise,data source",
        google,
    );
    // The nights' beat-to-beat histograms: one file a calendar month (named after its first
    // day), a row per sleep at its naive local wake time, the bins as a quoted list.
    let mut histograms: std::collections::BTreeMap<String, String> = Default::default();
    for d in &days {
        let Some((wake, shares)) = p.beat_histogram(*d) else {
            continue;
        };
        let list: Vec<String> = shares.iter().map(|s| format!("{s:?}")).collect();
        let file = histograms
            .entry(d.format("%Y-%m-01").to_string())
            .or_insert_with(|| "timestamp,bucket_values\n".to_string());
        let _ = writeln!(
            file,
            "{},\"[{}]\"",
            wall(p, wake).format("%Y-%m-%dT%H:%M:%S"),
            list.join(", ")
        );
    }
    for (month, body) in histograms {
        out.push((
            format!("{root}/Heart Rate Variability/Heart Rate Variability Histogram - {month}.csv"),
            body.into_bytes(),
        ));
    }
    // Through the night: SpO2 once a minute (a reading of exactly 50.0, the invalid floor,
    // between some of them), HRV every 5 minutes, and the estimated oxygen variation. The
    // Takeout/Fitbit layout has the per-night files (SpO2 UTC, HRV naive local) beside their
    // Google twins (UTC, monthly); the Google Health layout only the twins.
    let mut spo2_rows = Vec::new();
    let mut hrv_rows = Vec::new();
    for d in &days {
        let spo2_night = p.spo2_samples(*d);
        let hrv_night = p.hrv_samples(*d);
        if layout == Layout::TakeoutFitbit && !spo2_night.is_empty() {
            let mut csv = String::from("timestamp,value\n");
            for (i, (t, v)) in spo2_night.iter().enumerate() {
                let _ = writeln!(csv, "{}Z,{v}", utc(*t).format("%Y-%m-%dT%H:%M:%S"));
                if i % 37 == 5 {
                    let _ = writeln!(csv, "{}Z,50.0", utc(t + 20).format("%Y-%m-%dT%H:%M:%S"));
                }
            }
            out.push((
                format!("{root}/Oxygen Saturation (SpO2)/Minute SpO2 - {d}.csv"),
                csv.into_bytes(),
            ));
        }
        if layout == Layout::TakeoutFitbit && !hrv_night.is_empty() {
            let mut csv = String::from("timestamp,rmssd,coverage,low_frequency,high_frequency\n");
            for (t, rmssd, coverage, hf, lf) in &hrv_night {
                let _ = writeln!(
                    csv,
                    "{},{rmssd},{coverage},{lf},{hf}",
                    wall(p, *t).format("%Y-%m-%dT%H:%M:%S")
                );
            }
            out.push((
                format!("{root}/Heart Rate Variability/Heart Rate Variability Details - {d}.csv"),
                csv.into_bytes(),
            ));
        }
        let variation = p.oxygen_variation(*d);
        if !variation.is_empty() {
            let mut csv = String::from("timestamp,Infrared to Red Signal Ratio\n");
            for (t, v) in variation {
                let _ = writeln!(csv, "{},{v}", legacy(wall(p, t)));
            }
            out.push((
                format!(
                    "{}/estimated_oxygen_variation-{d}.csv",
                    layout.json_folder("estimated_oxygen_variation")
                ),
                csv.into_bytes(),
            ));
        }
        spo2_rows.extend(
            spo2_night
                .into_iter()
                .map(|(t, v)| (t, format!("{v},Inspire 3"))),
        );
        hrv_rows.extend(
            hrv_night
                .into_iter()
                .map(|(t, rmssd, ..)| (t, format!("{rmssd},0.0,Fitbit App"))),
        );
    }
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/oxygen_saturation_"),
        "timestamp,oxygen saturation percentage,data source",
        spo2_rows,
    );
    utc_months(
        out,
        &format!("{root}/Physical Activity_GoogleData/heart_rate_variability_"),
        "timestamp,root mean square of successive differences milliseconds,standard deviation milliseconds,data source",
        hrv_rows,
    );
    // Nightly skin temperature, absolute, with the 30-day baseline (NaN until it exists), as
    // the Google Health API gives it: one file, date labels.
    let mut temp = String::from("timestamp,nightly temperature celsius,baseline temperature celsius,relative nightly stddev 30d celsius,data source\n");
    for d in &days {
        if let Some(v) = p.night_vitals(*d) {
            let baseline = if p.skin_baseline_ready(*d) {
                crate::BASELINE_SKIN_TEMP_C.to_string()
            } else {
                "NaN".to_string()
            };
            let _ = writeln!(
                temp,
                "{d}T00:00:00Z,{},{baseline},0.41,Fitbit App",
                crate::BASELINE_SKIN_TEMP_C + v.skin_temp_relative_c
            );
        }
    }
    out.push((
        format!("{root}/Physical Activity_GoogleData/daily_sleep_temperature_derivations.csv"),
        temp.into_bytes(),
    ));
    // Active Zone Minutes: one row per minute in a zone, naive local, per calendar month.
    let mut months: std::collections::BTreeMap<String, String> = Default::default();
    for d in &days {
        for m in activity(*d).iter().filter(|m| m.azm > 0) {
            let local = wall(p, m.t);
            let zone = match m.zone {
                1 => "FAT_BURN",
                2 => "CARDIO",
                _ => "PEAK",
            };
            let file = months
                .entry(d.format("%Y-%m-01").to_string())
                .or_insert_with(|| "date_time,heart_zone_id,total_minutes\n".to_string());
            let _ = writeln!(file, "{},{zone},{}", local.format("%Y-%m-%dT%H:%M"), m.azm);
        }
    }
    for (month, body) in months {
        out.push((
            format!("{root}/Active Zone Minutes (AZM)/Active Zone Minutes - {month}.csv"),
            body.into_bytes(),
        ));
    }
    // Placeholders: a `no data` file, a header-only file.
    out.push((
        format!("{root}/Biometrics/Glucose {}.csv", first.format("%Y%m")),
        b"no data".to_vec(),
    ));
    // The Stress Score: local dates, a row for a day without data (`NO_DATA`, 0) before the
    // first scored one, as real exports have; and Daily Readiness, bare dates.
    let mut stress = String::from("DATE,UPDATED_AT,STRESS_SCORE,SLEEP_POINTS,MAX_SLEEP_POINTS,RESPONSIVENESS_POINTS,MAX_RESPONSIVENESS_POINTS,EXERTION_POINTS,MAX_EXERTION_POINTS,STATUS,CALCULATION_FAILED\n");
    let mut readiness = String::from("timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness,data source\n");
    for d in &days {
        match p.stress_score(*d) {
            Some(v) => {
                let _ = writeln!(
                    stress,
                    "{d}T00:00:00,{d}T21:17:49.229,{v},0,0,0,0,0,0,READY_NOT_PREMIUM,false"
                );
            }
            None => {
                let _ = writeln!(
                    stress,
                    "{d}T00:00:00,{d}T21:17:49.229,0,0,0,0,0,0,0,NO_DATA,true"
                );
            }
        }
        if let Some(v) = p.readiness(*d) {
            let level = if v < 40 {
                "LOW"
            } else if v < 70 {
                "MEDIUM"
            } else {
                "HIGH"
            };
            let _ = writeln!(
                readiness,
                "{d},{v},{level},TYPE_UNSPECIFIED,HIGH,MEDIUM,IGNORED,Fitbit App"
            );
        }
    }
    out.push((
        format!("{root}/Stress Score/Stress Score.csv"),
        stress.into_bytes(),
    ));
    out.push((
        format!("{root}/Physical Activity_GoogleData/daily_readiness.csv"),
        readiness.into_bytes(),
    ));
    // The day's zones in the form real exports write: a cell that is not JSON (bare zone
    // names, no brackets), each zone's top one below the next one's bottom, and a 1970
    // placeholder row as other exports have.
    let mut zones = String::from("timestamp,heart_rate_zone,data source\n");
    let zone = |name: &str, min: u16, max: u16| {
        format!("{{\"\"heart_rate_zone_type\"\": {name}, \"\"min_heart_rate_bpm\"\": {min}, \"\"max_heart_rate_bpm\"\": {max}}}")
    };
    let row = |date: &str, [fat, cardio, peak]: [u16; 3]| {
        let cells = [
            zone("LIGHT", 30, fat - 1),
            zone("MODERATE", fat, cardio - 1),
            zone("VIGOROUS", cardio, peak - 1),
            zone("PEAK", peak, 220),
        ];
        format!("{date}T00:00:00Z,\"{}\",Fitbit App\n", cells.join(","))
    };
    zones.push_str(&row("1970-01-02", [1, 2, 3]));
    for d in &days {
        zones.push_str(&row(&d.to_string(), p.hr_zone_bounds()));
    }
    out.push((
        format!("{root}/Physical Activity_GoogleData/daily_heart_rate_zones.csv"),
        zones.into_bytes(),
    ));
}
