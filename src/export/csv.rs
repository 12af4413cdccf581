//! The CSV layout of every data type, one day at a time (so a year streams out in pieces):
//! file names, headers, and each day's rows with their instants, offsets and time basis.

use super::*;

/// The file a data type is exported to.
pub fn file_name(kind: Kind) -> String {
    format!("{}.csv", kind.key())
}

/// Column names. Every file starts with the same three time columns; `source` is last.
pub fn header(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::HeartRate | Kind::HeartRate1m => {
            vec![
                "utc_time",
                "local_time",
                "utc_offset_min",
                "time_basis",
                "bpm",
                "source",
            ]
        }
        Kind::Steps => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "steps",
            "source",
        ],
        Kind::Night(n) => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            n.column().0,
            "source",
        ],
        // A value per civil date: no instant, so the date is the time column.
        Kind::Daily(m) => [&["date", m.column()][..], m.part_columns(), &["source"]].concat(),
        Kind::HeartRateZones => vec![
            "date",
            "fat_burn_from_bpm",
            "cardio_from_bpm",
            "peak_from_bpm",
            "source",
        ],
        Kind::Sleep => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "stage",
            "night",
            "main_sleep",
            "no_stages",
            "bpm_mean",
            "bpm_lowest",
            "night_bpm_mean_asleep",
            "night_bpm_lowest_asleep",
            "source",
        ],
        // Logged for a day, not at an instant: the date is the time column.
        Kind::Food => vec![
            "date",
            "meal",
            "food",
            "amount",
            "unit",
            "calories_kcal",
            "carbs_g",
            "fat_g",
            "fiber_g",
            "protein_g",
            "sodium_mg",
            "source",
        ],
        // Long, one row per bin, so that a reader filters and groups without parsing a list.
        Kind::BeatHistogram => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "bin_from_ms",
            "bin_to_ms",
            "share",
            "source",
        ],
        Kind::Exercises => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "duration_s",
            "active_s",
            "paused_s",
            "pauses",
            "activity",
            "logged",
            "calories_kcal",
            "steps",
            "distance_km",
            "avg_bpm",
            "source",
        ],
    }
}

pub(super) fn write_err(kind: Kind) -> impl Fn(::csv::Error) -> ExportError {
    move |e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    }
}

/// The columns of `table` of type `kind`.
pub fn header_of(table: Table, kind: Kind) -> Vec<&'static str> {
    match table {
        Table::Records => header(kind),
        // The split's own instant first, as in every file; `exercise_utc_time` is the
        // `utc_time` of its exercise's row in exercises.csv, to join them.
        Table::Splits => vec![
            "utc_time",
            "local_time",
            "utc_offset_min",
            "time_basis",
            "exercise_utc_time",
            "split",
            "split_type",
            "duration_s",
            "active_s",
            "distance_km",
            "calories_kcal",
            "avg_bpm",
            "source",
        ],
    }
}

/// Its header line as CSV bytes.
pub fn header_csv_of(table: Table, kind: Kind) -> Result<Vec<u8>, ExportError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header_of(table, kind))
        .map_err(write_err(kind))?;
    finished(w, kind)
}

/// A day's rows of `table` (`day_csv_with` for a type's own).
pub fn table_csv(
    table: Table,
    kind: Kind,
    payload: &Payload,
    source: &str,
    origin: Option<&Origin>,
    zone: Option<&Zone>,
    heart: Option<&crate::model::sleep_timing::SleepHeart>,
) -> Result<Vec<u8>, ExportError> {
    match table {
        Table::Records => day_csv_with(kind, payload, source, origin, zone, heart),
        Table::Splits => splits_csv(payload, source, origin, zone),
    }
}

/// A day's exercises' splits, each with every figure its source gave (empty where it gave
/// none), numbered from 1 within its exercise. A split's offset is the one its source recorded
/// for it; else the zone's at its start where the zone agrees with its exercise's start (a
/// workout across a DST switch); else its exercise's.
fn splits_csv(
    payload: &Payload,
    source: &str,
    origin: Option<&Origin>,
    zone: Option<&Zone>,
) -> Result<Vec<u8>, ExportError> {
    let err = write_err(Kind::Exercises);
    let Payload::Exercises(items) = payload else {
        return Err(ExportError::Shape("exercises"));
    };
    let (basis, named) = labels(source, origin);
    let source = named.as_deref().unwrap_or(source);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for x in items {
        let zone = zone.filter(|z| time::offset_in(z, x.start) == x.offset);
        for (i, sp) in x.splits.iter().enumerate() {
            let offset = sp
                .offset
                .unwrap_or_else(|| zone.map_or(x.offset, |z| time::offset_in(z, sp.start)));
            w.write_record(row_at(
                sp.start,
                offset,
                &basis,
                [
                    utc_iso(x.start),
                    (i + 1).to_string(),
                    sp.kind.clone(),
                    (sp.end - sp.start).to_string(),
                    whole(sp.active_s),
                    cell(sp.distance_km),
                    cell(sp.calories),
                    cell(sp.avg_bpm),
                    source.to_string(),
                ],
            ))
            .map_err(&err)?;
        }
    }
    finished(w, Kind::Exercises)
}

/// A writer's bytes, its failure named after `kind`'s file.
fn finished(w: ::csv::Writer<Vec<u8>>, kind: Kind) -> Result<Vec<u8>, ExportError> {
    w.into_inner().map_err(|e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    })
}

/// A number's cell, every digit it has; empty where there is none.
fn cell(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// A whole number's cell; empty where there is none.
fn whole(v: Option<i64>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// The header line as CSV bytes.
pub fn header_csv(kind: Kind) -> Result<Vec<u8>, ExportError> {
    header_csv_of(Table::Records, kind)
}

/// The source column of a record whose device the answer named: `google/Charge 6 (fitness band)`.
pub(super) fn with_device(source: &str, device: Option<&str>) -> String {
    match device {
        Some(d) => format!("{source}/{d}"),
        None => source.to_string(),
    }
}

pub(super) fn minutes(offset_s: i32) -> String {
    (offset_s / 60).to_string()
}

/// The time columns every file of instants starts with, then the row's own cells.
pub(super) fn row_at(
    t: i64,
    offset: i32,
    basis: &str,
    rest: impl IntoIterator<Item = String>,
) -> Vec<String> {
    let mut row = vec![
        utc_iso(t),
        local_iso(t, offset),
        minutes(offset),
        basis.to_string(),
    ];
    row.extend(rest);
    row
}

/// One instant's row for `instant_rows`: when, its offset, a duration in seconds (intervals
/// only), and the value.
pub(super) struct Instant {
    t: i64,
    offset: i32,
    seconds: Option<i64>,
    value: f64,
}

/// A day's rows of instants (heart rate) or intervals (steps), written straight into bytes: a
/// year of 1-minute readings is half a million rows, and the general path (a `Vec<String>` a
/// row, chrono's formatter) is most of its cost. The cells are `row_at`'s: the two text cells
/// escaped once, by the csv crate, the times by `time::push_iso`, numbers as Rust prints them.
pub(super) fn instant_rows(
    items: impl ExactSizeIterator<Item = Instant>,
    basis: &str,
    source: &str,
) -> Result<Vec<u8>, ::csv::Error> {
    use std::io::Write;
    let cell = |text: &str| -> Result<Vec<u8>, ::csv::Error> {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Two fields, so an empty text is an empty cell, never a quoted "" of a lone field.
        w.write_record([text, "x"])?;
        let mut bytes = w.into_inner().map_err(|e| e.into_error())?;
        bytes.truncate(bytes.len().saturating_sub(3));
        Ok(bytes)
    };
    let (basis, source) = (cell(basis)?, cell(source)?);
    let mut out = Vec::with_capacity(items.len() * (72 + basis.len() + source.len()));
    for s in items {
        time::push_iso(&mut out, s.t, None);
        out.push(b',');
        time::push_iso(&mut out, s.t, Some(s.offset));
        out.push(b',');
        write!(out, "{}", s.offset / 60)?;
        out.push(b',');
        out.extend_from_slice(&basis);
        out.push(b',');
        if let Some(seconds) = s.seconds {
            write!(out, "{seconds},")?;
        }
        // As `f64`'s Display prints it, faster for the whole numbers most values are.
        if s.value.fract() == 0.0
            && s.value.abs() < 1e15
            && !(s.value == 0.0 && s.value.is_sign_negative())
        {
            write!(out, "{}", s.value as i64)?;
        } else {
            write!(out, "{}", s.value)?;
        }
        out.push(b',');
        out.extend_from_slice(&source);
        out.push(b'\n');
    }
    Ok(out)
}

/// One day's rows as CSV bytes (no header).
/// `zone`: the user's time zone, when known, to place a DST switch inside a night exactly.
pub fn day_csv(
    kind: Kind,
    payload: &Payload,
    source: &str,
    zone: Option<&Zone>,
) -> Result<Vec<u8>, ExportError> {
    day_csv_from(kind, payload, source, None, zone)
}

/// What placed a source's times on the clock, where the day does not say: Google gives each
/// point's offset, the legacy Fitbit API only the profile's zone, the demo knows.
pub(super) fn time_basis<'a>(source: &str, origin: Option<&'a Origin>) -> &'a str {
    match origin.and_then(|o| o.time_basis.as_deref()) {
        Some(b) => b,
        None => match source {
            "fitbit" => "profile_zone",
            "import" => "",
            _ => "recorded",
        },
    }
}

/// A day's `time_basis` cell, and its `source` cell where the day names its file: the file,
/// then `#` and the recorder where the file holds several for the type (the one that counts,
/// `model::recorders`): `import/steps_2026-03-01.csv#Phone Health Kit`.
pub fn labels(source: &str, origin: Option<&Origin>) -> (String, Option<String>) {
    (
        time_basis(source, origin).to_string(),
        origin.map(|o| match &o.recorder {
            Some(r) => format!("{source}/{}#{r}", o.file),
            None => format!("{source}/{}", o.file),
        }),
    )
}

/// `day_csv` of a stored day that says where it came from: the `source` column names the
/// file, `time_basis` the rule that placed its times.
pub fn day_csv_from(
    kind: Kind,
    payload: &Payload,
    source: &str,
    origin: Option<&Origin>,
    zone: Option<&Zone>,
) -> Result<Vec<u8>, ExportError> {
    day_csv_with(kind, payload, source, origin, zone, None)
}

/// `day_csv_from`, with the heart under the sleeps (`model::sleep_timing::sleep_heart`) for a
/// sleep day's heart-rate columns; empty cells without it, or where no reading fell.
pub fn day_csv_with(
    kind: Kind,
    payload: &Payload,
    source: &str,
    origin: Option<&Origin>,
    zone: Option<&Zone>,
    heart: Option<&crate::model::sleep_timing::SleepHeart>,
) -> Result<Vec<u8>, ExportError> {
    let err = write_err(kind);
    let (basis, named) = labels(source, origin);
    let source = named.as_deref().unwrap_or(source);
    let mut w = ::csv::Writer::from_writer(Vec::new());
    match (kind, payload) {
        (Kind::HeartRate | Kind::HeartRate1m | Kind::Night(_), Payload::Samples(items)) => {
            let rows = items.iter().map(|s| Instant {
                t: s.t,
                offset: s.offset,
                seconds: None,
                value: s.value,
            });
            return instant_rows(rows, &basis, source).map_err(&err);
        }
        (Kind::Steps, Payload::Intervals(items)) => {
            let rows = items.iter().map(|i| Instant {
                t: i.start,
                offset: i.offset,
                seconds: Some(i.end - i.start),
                value: i.value,
            });
            return instant_rows(rows, &basis, source).map_err(&err);
        }
        (Kind::Sleep, Payload::Sleep(sessions)) => {
            // Every digit the readings give: only the screen rounds.
            let cells = |v: Option<&(f64, f64)>| match v {
                Some((mean, lowest)) => [mean.to_string(), lowest.to_string()],
                None => [String::new(), String::new()],
            };
            for s in sessions {
                let night = s.night().to_string();
                let whole = cells(heart.and_then(|h| h.nights.get(&s.start)));
                for seg in &s.segments {
                    // A segment after a DST switch carries the offset in force at its start.
                    let offset = offset_within(
                        seg.start,
                        (s.start, s.start_offset),
                        (s.end, s.end_offset),
                        zone,
                    );
                    w.write_record(row_at(
                        seg.start,
                        offset,
                        &basis,
                        [
                            (seg.end - seg.start).to_string(),
                            seg.stage.label().to_string(),
                            night.clone(),
                            s.is_main.to_string(),
                            // Empty where it has stages, or its source did not say why not.
                            s.no_stages.map_or("", |n| n.key()).to_string(),
                        ]
                        .into_iter()
                        .chain(cells(heart.and_then(|h| h.segments.get(&seg.start))))
                        .chain(whole.clone())
                        .chain([
                            // An import's day names its file already.
                            if named.is_some() {
                                source.to_string()
                            } else {
                                with_device(source, s.source.device.as_deref())
                            },
                        ]),
                    ))
                    .map_err(&err)?;
                }
            }
        }
        (Kind::Daily(m), Payload::Daily(days)) => {
            let parts = m.part_columns().len();
            for d in days {
                let mut row = vec![d.date.to_string(), d.value.to_string()];
                // A part the provider did not give is an empty cell, never a made-up 0.
                row.extend((0..parts).map(|i| {
                    d.parts
                        .and_then(|p| p.get(i).copied())
                        .map_or_else(String::new, |v| v.to_string())
                }));
                row.push(source.to_string());
                w.write_record(row).map_err(&err)?;
            }
        }
        (Kind::HeartRateZones, Payload::Zones(days)) => {
            for d in days {
                let [a, b, c] = d.bounds.map(|v| v.to_string());
                w.write_record([d.date.to_string(), a, b, c, source.to_string()])
                    .map_err(&err)?;
            }
        }
        (Kind::Exercises, Payload::Exercises(items)) => {
            for x in items {
                // Empty where no pause is recorded: an export's logs do not say.
                let paused = (!x.pauses.is_empty())
                    .then(|| (crate::model::workouts::paused_s(x), x.pauses.len() as i64));
                w.write_record(row_at(
                    x.start,
                    x.offset,
                    &basis,
                    [
                        (x.end - x.start).to_string(),
                        whole(x.active_s),
                        whole(paused.map(|p| p.0)),
                        whole(paused.map(|p| p.1)),
                        x.name.clone(),
                        x.logged.clone(),
                        cell(x.calories),
                        cell(x.steps),
                        cell(x.distance_km),
                        cell(x.avg_bpm),
                        source.to_string(),
                    ],
                ))
                .map_err(&err)?;
            }
        }
        (Kind::Food, Payload::Food(items)) => {
            for f in items {
                let [amount, kcal, carbs, fat, fiber, protein, sodium] = f.numbers().map(cell);
                w.write_record([
                    f.date.to_string(),
                    f.meal.clone().unwrap_or_default(),
                    f.name.clone(),
                    amount,
                    f.unit.clone().unwrap_or_default(),
                    kcal,
                    carbs,
                    fat,
                    fiber,
                    protein,
                    sodium,
                    source.to_string(),
                ])
                .map_err(&err)?;
            }
        }
        (Kind::BeatHistogram, Payload::Histogram(nights)) => {
            for h in nights {
                for (i, share) in h.shares.iter().enumerate() {
                    let (from, to) = crate::model::BeatHistogram::bin_ms(i);
                    w.write_record(row_at(
                        h.wake,
                        h.offset,
                        &basis,
                        [
                            from.to_string(),
                            to.to_string(),
                            share.to_string(),
                            source.to_string(),
                        ],
                    ))
                    .map_err(&err)?;
                }
            }
        }
        _ => return Err(ExportError::Shape(kind.key())),
    }
    finished(w, kind)
}
