//! Where a day's numbers came from, in words: the stream or file behind each chart, the rule
//! that placed its times, the night's date and the kind of sleep it is, and so what can make
//! them differ from the Fitbit app's (issue #27). Pure: the day page passes what it loaded.

use crate::model::{Origin, SleepSession, Source};

/// One chart's line under it: the API stream, or the export's file and the rule for its times.
pub fn chart_line(source: Source, origin: Option<&Origin>) -> String {
    match (source, origin) {
        (_, Some(o)) => {
            let by = o
                .recorder
                .as_ref()
                .map_or_else(String::new, |r| format!(", recorded by {r}"));
            match o.time_basis.as_deref().and_then(basis_words) {
                Some(basis) => format!(
                    "From {} in your export{by}; its times placed by {basis}.",
                    o.file
                ),
                None => format!("From {} in your export{by}.", o.file),
            }
        }
        (Source::Google, None) => {
            "From the Google Health API: the reconciled stream, what Google's app shows."
                .to_string()
        }
        (Source::Fitbit, None) => {
            "From the Fitbit Web API's intraday series, as the Fitbit app had it.".to_string()
        }
        (Source::Demo, None) => "Generated in this page for a synthetic person.".to_string(),
        (Source::Import, None) => "From your export.".to_string(),
    }
}

/// The words for a `time_basis` key (`sources::import::offsets::Basis::key`).
fn basis_words(key: &str) -> Option<&'static str> {
    Some(match key {
        "file_boundary" => "the day file's own local midnights",
        "sleep_log" => "the offset a sleep log recorded that night",
        "exercise_log" => "the offset an exercise log recorded",
        "profile_zone" => "your profile's time zone (nothing in the export said otherwise)",
        "assumed_utc" => "nothing in the export: UTC was assumed",
        _ => return None,
    })
}

/// What the day page loaded, for `why_it_may_differ`.
pub struct DayFacts<'a> {
    pub source: Source,
    pub heart_rate: Option<&'a Origin>,
    pub steps: Option<&'a Origin>,
    pub sleeps: &'a [SleepSession],
}

/// "Why might this differ from the Fitbit app?": each line a fact of this day, as
/// (topic, text). Topics: `stream`, `devices`, `night`, `stages`, `time`.
pub fn why_it_may_differ(f: &DayFacts) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    out.push((
        "stream",
        match f.source {
            Source::Google => "Heart rate and steps are Google's reconciled stream: your devices merged, as Google's app shows them. A device's own raw readings can differ by a few beats or steps.".to_string(),
            Source::Fitbit => "Heart rate and steps are the Fitbit Web API's series, the numbers the Fitbit app showed.".to_string(),
            Source::Import => "Heart rate and steps are your export's files, read as written: the Fitbit app may show a day recomputed since, or add a phone's steps to the tracker's.".to_string(),
            Source::Demo => "This is a synthetic person: nothing here came from a device.".to_string(),
        },
    ));
    let mut devices: Vec<&str> = f
        .sleeps
        .iter()
        .filter_map(|s| s.source.device.as_deref())
        .collect();
    devices.sort_unstable();
    devices.dedup();
    out.push((
        "devices",
        if let Some(r) = f.steps.and_then(|o| o.recorder.as_deref()) {
            let sleep = if devices.is_empty() {
                String::new()
            } else {
                format!(" Sleep recorded by {}.", devices.join(", "))
            };
            format!("Steps recorded by {r}: your export has more than one device or app counting steps, and each day counts one of them, never their sum (the Fitbit app may add a phone's to a tracker's). Settings → Which recorder counts chooses which.{sleep}")
        } else if devices.is_empty() {
            if f.source == Source::Import {
                "Where a day has a tracker's and a phone's records, one device per type is kept (the one with more data), so steps are never counted twice; the Fitbit app may add them up.".to_string()
            } else {
                "The source does not say which device recorded this day.".to_string()
            }
        } else {
            format!("Sleep recorded by {}.", devices.join(", "))
        },
    ));
    for s in f.sleeps {
        let local = |t: i64, off: i32| {
            chrono::DateTime::from_timestamp(t + i64::from(off), 0)
                .map_or_else(String::new, |d| d.format("%a %H:%M").to_string())
        };
        out.push((
            "night",
            format!(
                "The {} from {} to {} counts on {}: a night belongs to the day you woke up, where you woke up.",
                if s.is_main { "night" } else { "nap" },
                local(s.start, s.start_offset),
                local(s.end, s.end_offset),
                s.night()
            ),
        ));
        let (staged, classic) = (s.has_stages(), s.is_classic());
        out.push((
            "stages",
            match (staged, classic, s.no_stages) {
                (true, ..) => "It has sleep stages (light, deep, REM): the same as the Fitbit app's.".to_string(),
                // The source said why: that, instead of the list of what it might be.
                (false, true, Some(why)) => format!("It is classic sleep (asleep, restless, awake), without stages, because {}. The Fitbit app shows it the same way.", why.text()),
                (false, false, Some(why)) => format!("It has no sleep stages, because {}.", why.text()),
                (false, true, None) => "It is classic sleep (asleep, restless, awake), without stages: the device was not worn snugly enough, the sleep was under 3 hours, or the device has no stages. The Fitbit app shows it the same way.".to_string(),
                (false, false, None) => "It has no stage detail at all.".to_string(),
            },
        ));
    }
    if f.sleeps.is_empty() {
        out.push(("night", "No sleep ended on this day: a night belongs to the day you woke up, so last night's sleep may be on the next day.".to_string()));
    }
    if let Some(basis) = f
        .heart_rate
        .or(f.steps)
        .and_then(|o| o.time_basis.as_deref())
        .and_then(basis_words)
    {
        out.push((
            "time",
            format!("This day's times were placed in local time by {basis}. An app that assumes one zone for your whole history shows a trip's days shifted."),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Provenance, Segment, Stage};

    fn origin(file: &str, basis: &str) -> Origin {
        Origin {
            file: file.into(),
            time_basis: Some(basis.into()),
            recorder: None,
        }
    }

    fn sleep(stages: &[Stage], device: Option<&str>) -> SleepSession {
        // 2026-06-11 23:10 to 2026-06-12 07:00 in Berlin (+02:00).
        let (start, end) = (1_781_212_200, 1_781_240_400);
        let step = (end - start) / stages.len() as i64;
        SleepSession {
            start,
            end,
            start_offset: 7200,
            end_offset: 7200,
            is_main: true,
            segments: stages
                .iter()
                .enumerate()
                .map(|(i, s)| Segment {
                    start: start + step * i as i64,
                    end: start + step * (i as i64 + 1),
                    stage: *s,
                })
                .collect(),
            source: Provenance {
                source: Source::Import,
                device: device.map(str::to_string),
            },
            fall_asleep_min: None,
            no_stages: None,
        }
    }

    #[test]
    fn each_chart_says_its_file_and_time_rule_or_its_stream() {
        let o = origin("heart_rate-2026-06-12.json", "file_boundary");
        assert_eq!(
            chart_line(Source::Import, Some(&o)),
            "From heart_rate-2026-06-12.json in your export; its times placed by the day file's own local midnights."
        );
        assert!(chart_line(Source::Google, None).contains("reconciled stream"));
        let unknown = origin("x.csv", "new_rule");
        assert_eq!(
            chart_line(Source::Import, Some(&unknown)),
            "From x.csv in your export."
        );
        // A file of several recorders: the one this day counts.
        let phone = Origin {
            recorder: Some("Phone Health Kit".into()),
            ..origin("steps_2026-06-01.csv", "file_boundary")
        };
        assert_eq!(
            chart_line(Source::Import, Some(&phone)),
            "From steps_2026-06-01.csv in your export, recorded by Phone Health Kit; its times placed by the day file's own local midnights."
        );
        let lines = why_it_may_differ(&DayFacts {
            source: Source::Import,
            heart_rate: None,
            steps: Some(&phone),
            sleeps: &[],
        });
        let devices = &lines.iter().find(|(t, _)| *t == "devices").unwrap().1;
        assert!(
            devices.starts_with("Steps recorded by Phone Health Kit: "),
            "{devices}"
        );
    }

    #[test]
    fn the_panel_names_the_night_rule_the_sleep_kind_the_device_and_the_time_rule() {
        let staged = [sleep(
            &[Stage::Light, Stage::Deep, Stage::Rem, Stage::Wake],
            Some("Charge 6"),
        )];
        let hr = origin("heart_rate-2026-06-12.json", "sleep_log");
        let lines = why_it_may_differ(&DayFacts {
            source: Source::Import,
            heart_rate: Some(&hr),
            steps: None,
            sleeps: &staged,
        });
        let topic = |t: &str| {
            lines
                .iter()
                .filter(|l| l.0 == t)
                .map(|l| l.1.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(topic("devices"), ["Sleep recorded by Charge 6."]);
        assert_eq!(
            topic("night"),
            ["The night from Thu 23:10 to Fri 07:00 counts on 2026-06-12: a night belongs to the day you woke up, where you woke up."]
        );
        assert!(topic("stages")[0].starts_with("It has sleep stages"));
        assert!(topic("time")[0].contains("the offset a sleep log recorded that night"));
        let classic = [sleep(&[Stage::Asleep, Stage::Restless, Stage::Wake], None)];
        let lines = why_it_may_differ(&DayFacts {
            source: Source::Google,
            heart_rate: None,
            steps: None,
            sleeps: &classic,
        });
        assert!(lines
            .iter()
            .any(|l| l.0 == "stages" && l.1.starts_with("It is classic sleep")));
        assert!(lines
            .iter()
            .any(|l| l.0 == "devices" && l.1.contains("does not say")));
        assert!(!lines.iter().any(|l| l.0 == "time"));
        // Where the source said why, the line says that instead.
        let mut said = classic.clone();
        said[0].no_stages = Some(crate::model::NoStages::TooShort);
        let said_lines = why_it_may_differ(&DayFacts {
            source: Source::Fitbit,
            heart_rate: None,
            steps: None,
            sleeps: &said,
        });
        assert!(said_lines.iter().any(|l| l.0 == "stages"
            && l.1 == "It is classic sleep (asleep, restless, awake), without stages, because the sleep was shorter than 3 hours, and stages are only computed for longer sleeps. The Fitbit app shows it the same way."));
        let none = why_it_may_differ(&DayFacts {
            source: Source::Demo,
            heart_rate: None,
            steps: None,
            sleeps: &[],
        });
        assert!(none
            .iter()
            .any(|l| l.0 == "night" && l.1.starts_with("No sleep ended on this day")));
    }
}
