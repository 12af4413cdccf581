//! The downloads' work in the worker module: the CSV rows of days the page sends encoded, and
//! the ZIP archives they go into, held here between the page's requests (each answer hands out
//! the archive's bytes that are final, so only the file being written is held). Pure apart from the
//! zone lookup, so the host tests drive it as the page does.

use super::{dictionary, header_csv_of, labels as labels_of, table_csv, ParquetFile, Table, Zip};
use crate::model::Kind;
use crate::model::{codec, Payload};
use crate::worker::protocol::{Answer, Ask, RawDay};
use std::cell::RefCell;
use std::collections::HashMap;

/// Where a job's bytes go: a ZIP archive, or one plain file (a Parquet download of one type,
/// whose row groups need the worker between requests just as an archive's files do).
enum Out {
    // Boxed: an archive's writer is some hundreds of bytes, a plain file a vector.
    Zip(Box<Zip>),
    Plain(Vec<u8>),
}

impl Out {
    /// Starts the archive's next file; a plain file is one file already.
    fn start_file(&mut self, name: &str) -> Result<(), super::ExportError> {
        match self {
            Out::Zip(z) => z.start_file(name),
            Out::Plain(_) => Ok(()),
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), super::ExportError> {
        match self {
            Out::Zip(z) => z.write(bytes),
            Out::Plain(v) => {
                v.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// What is final and not yet handed out (all of a plain file's bytes).
    fn take(&mut self) -> Vec<u8> {
        match self {
            Out::Zip(z) => z.take(),
            Out::Plain(v) => std::mem::take(v),
        }
    }

    fn finish(self) -> Result<Vec<u8>, super::ExportError> {
        match self {
            Out::Zip(z) => (*z).finish(),
            Out::Plain(v) => Ok(v),
        }
    }
}

thread_local! {
    /// The archives (or plain files) being written, by job.
    static ZIPS: RefCell<HashMap<u32, Out>> = RefCell::new(HashMap::new());
    /// The Parquet file each archive is writing, if its current file is one.
    static PARQUETS: RefCell<HashMap<u32, ParquetFile>> = RefCell::new(HashMap::new());
}

/// Ends archive `job`'s Parquet file, if one is open: its footer goes into the archive.
fn end_parquet(job: u32) -> Result<(), String> {
    match PARQUETS.with(|p| p.borrow_mut().remove(&job)) {
        Some(file) => {
            let rest = file.finish().map_err(|e| e.to_string())?;
            with_zip(job, |z| z.write(&rest).map_err(|e| e.to_string()))
        }
        None => Ok(()),
    }
}

/// Writes `days` into archive `job`'s Parquet file as a row group (the file opened by the
/// first request of the file, the one with the header), and hands out what is final.
/// Readings and intervals go in from their numbers; the other types as their CSV rows,
/// without the header line (the schema names the columns).
fn parquet_days(
    job: u32,
    rq: Rows<'_>,
    days: &mut [RawDay],
    bytes: &[u8],
) -> Result<Vec<u8>, String> {
    let (data, source, heart) = (rq.data, rq.source, rq.heart);
    if rq.header {
        end_parquet(job)?;
        let file = ParquetFile::new(data, rq.table).map_err(|e| e.to_string())?;
        PARQUETS.with(|p| p.borrow_mut().insert(job, file));
    }
    let mut numbers = Vec::new();
    let mut labels = Vec::new();
    let mut text = Vec::new();
    each_day(days, bytes, rq.zone, |d, payload, tz| {
        let (basis, named) = labels_of(source, d.origin.as_ref());
        let label = labels.len();
        labels.push((basis, named.unwrap_or_else(|| source.to_string())));
        // Readings and intervals of a type's own file from their numbers; the rest (and the
        // exercises' splits) from their CSV rows.
        match (rq.table, data, &payload) {
            (
                Table::Records,
                Kind::HeartRate | Kind::HeartRate1m | Kind::Night(_),
                Payload::Samples(v),
            ) => {
                numbers.extend(v.iter().map(|s| (s.t, s.offset, None, s.value, label)));
            }
            (Table::Records, Kind::Steps, Payload::Intervals(v)) => numbers.extend(
                v.iter()
                    .map(|i| (i.start, i.offset, Some(i.end - i.start), i.value, label)),
            ),
            _ => text.extend(
                table_csv(
                    rq.table,
                    data,
                    &payload,
                    source,
                    d.origin.as_ref(),
                    tz,
                    Some(heart),
                )
                .map_err(|e| e.to_string())?,
            ),
        }
        Ok(())
    })?;
    let made = PARQUETS.with(|p| match p.borrow_mut().get_mut(&job) {
        Some(file) => file
            .instants(&numbers, &labels)
            .and_then(|()| file.rows(&text))
            .map(|()| file.take())
            .map_err(|e| e.to_string()),
        None => Err(format!("archive {job} has no Parquet file open")),
    })?;
    written(job, &made)
}

fn with_zip<T>(job: u32, f: impl FnOnce(&mut Out) -> Result<T, String>) -> Result<T, String> {
    ZIPS.with(|z| match z.borrow_mut().get_mut(&job) {
        Some(zip) => f(zip),
        None => Err(format!("archive {job} was not started")),
    })
}

/// Answers a download's request (`Ask::Csv`, `Ask::Zip*`) with the bytes that go with it.
/// `bytes` are the payloads of a CSV request's days, in order.
pub fn answer(ask: Ask, bytes: Vec<u8>) -> (Answer, Vec<u8>) {
    let (id, done) = match ask {
        Ask::Csv {
            id,
            data,
            source,
            zone,
            header,
            mut days,
            zip,
            parquet,
            heart,
            table,
        } => (id, {
            let request = Rows {
                data,
                table,
                source: &source,
                zone: zone.as_deref(),
                header,
                heart: &heart,
            };
            match (zip, parquet) {
                (Some(job), true) => parquet_days(job, request, &mut days, &bytes)
                    .map(|done| (Answer::Csv { id }, done)),
                (None, true) => Err("a Parquet file is written into an archive only".into()),
                (zip, false) => rows(request, &mut days, &bytes).and_then(|rows| match zip {
                    Some(job) => written(job, &rows).map(|done| (Answer::Csv { id }, done)),
                    None => Ok((Answer::Csv { id }, rows)),
                }),
            }
        }),
        Ask::ZipStart {
            id,
            job,
            backup,
            readme,
            plain,
        } => (
            id,
            if plain {
                ZIPS.with(|z| z.borrow_mut().insert(job, Out::Plain(Vec::new())));
                Ok((Answer::Zip { id }, Vec::new()))
            } else {
                start(job, backup, readme).map(|done| (Answer::Zip { id }, done))
            },
        ),
        Ask::ZipBytes { id, job } => (
            id,
            written(job, &bytes).map(|done| (Answer::Zip { id }, done)),
        ),
        Ask::ZipFile { id, job, name } => (
            id,
            end_parquet(job)
                .and_then(|()| {
                    with_zip(job, |z| {
                        z.start_file(&name).map_err(|e| e.to_string())?;
                        Ok(z.take())
                    })
                })
                .map(|done| (Answer::Zip { id }, done)),
        ),
        Ask::ZipFinish { id, job } => (id, {
            // The archive leaves the worker either way, a failed one too.
            let ended = end_parquet(job);
            let zip = ZIPS.with(|z| z.borrow_mut().remove(&job));
            ended
                .and_then(|()| zip.ok_or_else(|| format!("archive {job} was not started")))
                .and_then(|z| z.finish().map_err(|e| e.to_string()))
                .map(|archive| (Answer::Zip { id }, archive))
        }),
        // The worker's own loop answers these.
        Ask::Demo { id, .. } | Ask::DemoRoute { id, .. } => (id, Err("not a download".to_string())),
    };
    done.unwrap_or_else(|error| (Answer::Refused { id, error }, Vec::new()))
}

/// Writes `bytes` into archive `job`'s current file, and hands out what is final.
fn written(job: u32, bytes: &[u8]) -> Result<Vec<u8>, String> {
    with_zip(job, |z| {
        z.write(bytes).map_err(|e| e.to_string())?;
        Ok(z.take())
    })
}

fn start(job: u32, backup: bool, own: Option<String>) -> Result<Vec<u8>, String> {
    let mut zip = Zip::new();
    zip.start_file("README.txt").map_err(|e| e.to_string())?;
    let data_export = !backup && own.is_none();
    let readme = match own {
        Some(text) => text,
        None if backup => crate::sync::backup::README.to_string(),
        None => dictionary(),
    };
    zip.write(readme.as_bytes()).map_err(|e| e.to_string())?;
    // The data dictionary for programs, beside the one for people (a data export only).
    if data_export {
        zip.start_file("schema.json").map_err(|e| e.to_string())?;
        zip.write(super::schema_json().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let done = zip.take();
    ZIPS.with(|z| z.borrow_mut().insert(job, Out::Zip(Box::new(zip))));
    Ok(done)
}

/// What a CSV request asks for, beside its days.
#[derive(Clone, Copy)]
struct Rows<'a> {
    data: crate::model::Kind,
    table: Table,
    /// The source's key, for the `source` column.
    source: &'a str,
    zone: Option<&'a str>,
    header: bool,
    /// The heart under the request's sleeps (empty for any other type).
    heart: &'a crate::model::sleep_timing::SleepHeart,
}

fn rows(rq: Rows<'_>, days: &mut [RawDay], bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = if rq.header {
        header_csv_of(rq.table, rq.data).map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    each_day(days, bytes, rq.zone, |d, payload, tz| {
        let day = table_csv(
            rq.table,
            rq.data,
            &payload,
            rq.source,
            d.origin.as_ref(),
            tz,
            Some(rq.heart),
        )
        .map_err(|e| e.to_string())?;
        out.extend(day);
        Ok(())
    })?;
    Ok(out)
}

/// Each day of a request with its payload decoded from `bytes`, and the account's zone (a DST
/// switch inside a night is placed by it): what the CSV rows and the Parquet row groups read.
fn each_day(
    days: &mut [RawDay],
    bytes: &[u8],
    zone: Option<&str>,
    mut f: impl FnMut(&RawDay, Payload, Option<&crate::model::zone::Zone>) -> Result<(), String>,
) -> Result<(), String> {
    RawDay::attach(days, bytes).ok_or("the days' bytes were cut")?;
    let zone = zone.and_then(crate::sources::zone_named);
    for d in days.iter() {
        let payload: Payload = codec::decode(&d.payload)
            .ok_or_else(|| format!("the {} day could not be read", d.date))?;
        f(d, payload, zone.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::header_csv;
    use crate::model::{Kind, Sample};
    use chrono::NaiveDate;

    fn raw(date: NaiveDate, payload: &Payload) -> (RawDay, Vec<u8>) {
        let bytes = codec::encode(payload).unwrap();
        (
            RawDay {
                kind: Kind::HeartRate,
                date,
                origin: None,
                len: bytes.len(),
                payload: Vec::new(),
            },
            bytes,
        )
    }

    fn csv_ask(id: u32, header: bool, days: Vec<RawDay>, zip: Option<u32>) -> Ask {
        Ask::Csv {
            id,
            data: Kind::HeartRate,
            source: "google".into(),
            zone: Some("Europe/Berlin".into()),
            header,
            days,
            zip,
            parquet: false,
            heart: Default::default(),
            table: Table::Records,
        }
    }

    /// The worker's rows are the page's old ones: `header_csv` and `day_csv_from` of the same
    /// days, whatever way they travel (answered, or into an archive).
    #[test]
    fn rows_and_archives_as_the_page_asks_for_them() {
        let d1 = NaiveDate::from_ymd_opt(2026, 3, 28).unwrap();
        let d2 = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let p1 = Payload::Samples(vec![Sample {
            t: 1_774_652_400,
            offset: 3600,
            value: 61.0,
        }]);
        let p2 = Payload::Samples(vec![
            Sample {
                t: 1_774_746_000 - 1,
                offset: 3600,
                value: 70.0,
            },
            Sample {
                t: 1_774_746_000,
                offset: 7200,
                value: 71.5,
            },
        ]);
        let (r1, b1) = raw(d1, &p1);
        let (r2, b2) = raw(d2, &p2);
        let bytes = [b1, b2].concat();
        let (a, rows) = answer(csv_ask(7, true, vec![r1, r2], None), bytes.clone());
        assert!(matches!(a, Answer::Csv { id: 7 }), "{a:?}");
        let mut truth = header_csv(Kind::HeartRate).unwrap();
        for p in [&p1, &p2] {
            truth.extend(
                crate::export::day_csv_from(Kind::HeartRate, p, "google", None, None).unwrap(),
            );
        }
        assert_eq!(
            String::from_utf8(rows).unwrap(),
            String::from_utf8(truth.clone()).unwrap()
        );
        // Its id is read from the text alone.
        assert_eq!(Answer::id_of(&serde_json::to_string(&a).unwrap()), Some(7));

        // Into an archive: README.txt, then the file, then the rest of the archive; each answer
        // hands out the bytes that are final, and together they are the archive.
        let mut archive = Vec::new();
        let (a, done) = answer(
            Ask::ZipStart {
                id: 8,
                job: 1,
                backup: false,
                readme: None,
                plain: false,
            },
            vec![],
        );
        assert!(matches!(a, Answer::Zip { id: 8 }));
        archive.extend(done);
        let name = "heart_rate.csv".to_string();
        let (a, done) = answer(
            Ask::ZipFile {
                id: 9,
                job: 1,
                name: name.clone(),
            },
            vec![],
        );
        assert!(matches!(a, Answer::Zip { id: 9 }));
        // README.txt is finished once the next file starts.
        assert!(done.len() > 100, "{}", done.len());
        archive.extend(done);
        let (r1, _) = raw(d1, &p1);
        let (r2, _) = raw(d2, &p2);
        let (a, done) = answer(csv_ask(10, true, vec![r1, r2], Some(1)), bytes);
        assert!(matches!(a, Answer::Csv { id: 10 }));
        archive.extend(done);
        let (a, rest) = answer(Ask::ZipFinish { id: 11, job: 1 }, vec![]);
        assert!(matches!(a, Answer::Zip { id: 11 }));
        archive.extend(rest);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut z.by_name(&name).unwrap(), &mut text).unwrap();
        assert_eq!(text.as_bytes(), truth.as_slice());
        assert!(z.by_name("README.txt").is_ok());
    }

    /// A backup's archive: its own README, then each file's bytes as the page sends them.
    #[test]
    fn a_backup_archive_holds_its_bytes_exactly() {
        let job = 41;
        let mut archive = answer(
            Ask::ZipStart {
                id: 1,
                job,
                backup: true,
                readme: None,
                plain: false,
            },
            vec![],
        )
        .1;
        let name = crate::sync::backup::DAYS.to_string();
        archive.extend(
            answer(
                Ask::ZipFile {
                    id: 2,
                    job,
                    name: name.clone(),
                },
                vec![],
            )
            .1,
        );
        let (a, done) = answer(Ask::ZipBytes { id: 3, job }, vec![0, 1, 2]);
        assert!(matches!(a, Answer::Zip { id: 3 }));
        archive.extend(done);
        archive.extend(answer(Ask::ZipBytes { id: 4, job }, vec![255, 254]).1);
        archive.extend(answer(Ask::ZipFinish { id: 5, job }, vec![]).1);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut z.by_name(&name).unwrap(), &mut bytes).unwrap();
        assert_eq!(bytes, vec![0, 1, 2, 255, 254]);
        let mut readme = String::new();
        std::io::Read::read_to_string(&mut z.by_name("README.txt").unwrap(), &mut readme).unwrap();
        assert_eq!(readme, crate::sync::backup::README);
    }

    #[test]
    fn bad_requests_are_refused_with_their_id() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 28).unwrap();
        let (r, b) = raw(d, &Payload::Samples(vec![]));
        // Bytes that do not add up to the days.
        let (a, _) = answer(csv_ask(1, false, vec![r], None), [b, vec![0]].concat());
        assert!(
            matches!(&a, Answer::Refused { id: 1, error } if error.contains("cut")),
            "{a:?}"
        );
        // An archive never started, or finished twice.
        let (a, _) = answer(
            Ask::ZipFile {
                id: 2,
                job: 99,
                name: "x".into(),
            },
            vec![],
        );
        assert!(matches!(a, Answer::Refused { id: 2, .. }));
        let (a, _) = answer(Ask::ZipFinish { id: 3, job: 99 }, vec![]);
        assert!(matches!(a, Answer::Refused { id: 3, .. }));
        // Junk instead of a payload.
        let (r, _) = raw(d, &Payload::Samples(vec![]));
        let len = r.len;
        let (a, _) = answer(csv_ask(4, false, vec![r], None), vec![0xff; len]);
        assert!(matches!(a, Answer::Refused { id: 4, .. }), "{a:?}");
        assert_eq!(
            Answer::id_of("{\"demo\":{\"id\":12,\"days\":[]}}"),
            Some(12)
        );
        assert_eq!(Answer::id_of("\"ready\""), None);
        assert_eq!(Answer::id_of("{\"zip\":{\"id\":"), None);
        // Every answer to a request says its id first, as serde writes it.
        for a in [
            Answer::Demo {
                id: 21,
                days: vec![],
            },
            Answer::Csv { id: 21 },
            Answer::Zip { id: 21 },
            Answer::Refused {
                id: 21,
                error: "x".into(),
            },
        ] {
            assert_eq!(
                Answer::id_of(&serde_json::to_string(&a).unwrap()),
                Some(21),
                "{a:?}"
            );
        }
        // Asks are written the same way (the worker refuses an unreadable one by its id).
        let ask = Ask::ZipStart {
            id: 22,
            job: 1,
            backup: false,
            readme: None,
            plain: false,
        };
        assert_eq!(
            Answer::id_of(&serde_json::to_string(&ask).unwrap()),
            Some(22)
        );
        // Only the tag's own first field: an "id" deeper in an answer is not its id.
        assert_eq!(
            Answer::id_of("{\"listed\":{\"progress\":{\"id\":3,\"x\":1}}}"),
            None
        );
    }

    /// Every exportable type of three demo days (the spring-forward night among them), written
    /// as the page asks: each as CSV and as Parquet into one archive, a row group per request.
    /// pyarrow (PyPI) reads every Parquet file back equal to its CSV, cell by cell, with the
    /// types the schema promises; DuckDB (PyPI) counts the same rows and adds up the same
    /// numbers.
    /// The archive the page would get for `files` (folder, type, row groups of days): each
    /// type as CSV and as Parquet, a request (so a row group) per group of days, the first
    /// with the header.
    fn archive_of(files: &[(String, Kind, Vec<Vec<crate::model::Day>>)], source: &str) -> Vec<u8> {
        let job = 77;
        let mut archive = answer(
            Ask::ZipStart {
                id: 1,
                job,
                backup: false,
                readme: None,
                plain: false,
            },
            vec![],
        )
        .1;
        let mut id = 2;
        for (folder, kind, groups) in files {
            for (&table, parquet) in Table::of(*kind)
                .iter()
                .flat_map(|t| [(t, false), (t, true)])
            {
                let ext = if parquet { "parquet" } else { "csv" };
                let name = format!("{folder}{}.{ext}", table.key(*kind));
                archive.extend(answer(Ask::ZipFile { id, job, name }, vec![]).1);
                id += 1;
                for (n, group) in groups.iter().enumerate() {
                    let (days, bytes) = raw_days(group);
                    let ask = Ask::Csv {
                        id,
                        data: *kind,
                        source: source.into(),
                        zone: Some("Europe/Berlin".into()),
                        header: n == 0,
                        days,
                        zip: Some(job),
                        parquet,
                        heart: Default::default(),
                        table,
                    };
                    id += 1;
                    let (a, done) = answer(ask, bytes);
                    assert!(matches!(a, Answer::Csv { .. }), "{kind:?} {a:?}");
                    archive.extend(done);
                }
            }
        }
        archive.extend(answer(Ask::ZipFinish { id, job }, vec![]).1);
        archive
    }

    /// The files `archive_of` writes in each format: a type's own, and the exercises' splits.
    fn tables(files: &[(String, Kind, Vec<Vec<crate::model::Day>>)]) -> usize {
        files.iter().map(|f| Table::of(f.1).len()).sum()
    }

    /// A request's days as the page sends them: each described, their payloads joined.
    fn raw_days(group: &[crate::model::Day]) -> (Vec<RawDay>, Vec<u8>) {
        let (mut days, mut bytes) = (Vec::new(), Vec::new());
        for day in group {
            let raw = RawDay::of(day.clone()).unwrap();
            bytes.extend(RawDay::joined(std::slice::from_ref(&raw)));
            days.push(raw);
        }
        (days, bytes)
    }

    /// `kind`'s days of `p` over `dates`, as the demo source gives them.
    fn demo_days(
        p: &fitdata_synth::Person,
        kind: Kind,
        dates: &[NaiveDate],
    ) -> Vec<crate::model::Day> {
        dates
            .iter()
            .map(|&date| crate::model::Day {
                kind,
                date,
                payload: crate::sources::demo::day(p, kind, date),
                origin: None,
            })
            .collect()
    }

    #[test]
    fn parquet_files_read_back_equal_to_their_csv_in_pyarrow_and_duckdb() {
        let Some(python) = crate::model::pyoracle::python_with("pyarrow, duckdb, pandas") else {
            return;
        };
        let p = crate::sources::demo::person();
        let dates: Vec<NaiveDate> = (27..=30)
            .map(|d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap())
            .collect();
        // Two requests (two row groups) per type.
        let files: Vec<(String, Kind, Vec<Vec<crate::model::Day>>)> = Kind::exportable()
            .into_iter()
            .map(|kind| {
                let mut days = demo_days(&p, kind, &dates);
                // The demo's workouts have no splits: each gets two halves, the first with
                // every figure, the second with none (empty cells, nulls in Parquet).
                for d in &mut days {
                    if let Payload::Exercises(list) = &mut d.payload {
                        for x in list {
                            let mid = (x.start + x.end) / 2;
                            x.splits = vec![
                                crate::model::Split {
                                    offset: None,
                                    start: x.start,
                                    end: mid,
                                    kind: "DISTANCE".into(),
                                    active_s: Some(mid - x.start - 7),
                                    distance_km: Some(1.0),
                                    calories: Some(61.5),
                                    avg_bpm: Some(131.25),
                                },
                                crate::model::Split {
                                    offset: None,
                                    start: mid,
                                    end: x.end,
                                    kind: "MANUAL".into(),
                                    active_s: None,
                                    distance_km: None,
                                    calories: None,
                                    avg_bpm: None,
                                },
                            ];
                        }
                    }
                }
                (
                    String::new(),
                    kind,
                    days.chunks(2).map(<[_]>::to_vec).collect(),
                )
            })
            .collect();
        let exercises = files
            .iter()
            .find(|f| f.1 == Kind::Exercises)
            .map_or(0, |f| {
                f.2.iter()
                    .flatten()
                    .map(|d| match &d.payload {
                        Payload::Exercises(l) => l.len(),
                        _ => 0,
                    })
                    .sum::<usize>()
            });
        assert!(exercises > 0, "the demo days have workouts");
        let out = crate::model::pyoracle::run(&python, PARQUET_ORACLE, &archive_of(&files, "demo"));
        let files: Vec<&str> = out.lines().collect();
        // Each type's file, and the exercises' splits.
        assert_eq!(files.len(), Kind::exportable().len() + 1, "{out}");
        let splits = files
            .iter()
            .find(|l| l.starts_with("exercise_splits.parquet "))
            .unwrap();
        let rows: usize = splits.split(' ').nth(1).unwrap().parse().unwrap();
        assert_eq!(rows, 2 * exercises, "{splits}");
        // Heart rate at every reading: four days of it, in two row groups.
        let hr = files
            .iter()
            .find(|l| l.starts_with("heart_rate.parquet "))
            .unwrap();
        let rows: usize = hr.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(rows > 20_000, "{hr}");
        assert!(hr.ends_with(" 2"), "{hr}");
    }

    /// A plain job (`plain: true`): one Parquet file handed out as it is written, byte for
    /// byte the file the oracle reads inside an archive (a Parquet file is stored there, not
    /// deflated), and nothing held once it is finished.
    #[test]
    fn a_plain_parquet_file_is_the_archives_file_byte_for_byte() {
        let p = crate::sources::demo::person();
        let dates: Vec<NaiveDate> = (27..=30)
            .map(|d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap())
            .collect();
        for kind in [
            Kind::HeartRate,
            Kind::Sleep,
            Kind::Daily(crate::model::metric::Metric::RestingHeartRate),
        ] {
            let groups: Vec<Vec<_>> = demo_days(&p, kind, &dates)
                .chunks(2)
                .map(<[_]>::to_vec)
                .collect();
            let archive = archive_of(&[(String::new(), kind, groups.clone())], "demo");
            let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
            let mut inside = Vec::new();
            std::io::Read::read_to_end(
                &mut zip.by_name(&crate::export::parquet_name(kind)).unwrap(),
                &mut inside,
            )
            .unwrap();
            let job = 91;
            let start = Ask::ZipStart {
                id: 1,
                job,
                backup: false,
                readme: None,
                plain: true,
            };
            let mut plain = answer(start, vec![]).1;
            let name = crate::export::parquet_name(kind);
            plain.extend(answer(Ask::ZipFile { id: 2, job, name }, vec![]).1);
            for (n, group) in groups.iter().enumerate() {
                let (days, bytes) = raw_days(group);
                let ask = Ask::Csv {
                    id: 3,
                    data: kind,
                    source: "demo".into(),
                    zone: Some("Europe/Berlin".into()),
                    header: n == 0,
                    days,
                    zip: Some(job),
                    parquet: true,
                    heart: Default::default(),
                    table: Table::Records,
                };
                let (a, done) = answer(ask, bytes);
                assert!(matches!(a, Answer::Csv { .. }), "{a:?}");
                plain.extend(done);
            }
            plain.extend(answer(Ask::ZipFinish { id: 4, job }, vec![]).1);
            assert!(
                plain.starts_with(b"PAR1") && plain.ends_with(b"PAR1"),
                "{kind:?}"
            );
            assert!(
                plain == inside,
                "{kind:?}: {} vs {} bytes",
                plain.len(),
                inside.len()
            );
            assert!(ZIPS.with(|z| !z.borrow().contains_key(&job)));
        }
    }

    /// The same oracle over people the demo is not: random seeds, homes whose offsets are not
    /// whole hours or that change by 30 minutes (Kolkata, St John's, Chatham, Lord Howe), any
    /// dates from the first day to the trip and the clock changes, and any cut into row
    /// groups. One archive of every case, read by pyarrow and DuckDB at once.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn parquet_of_random_people_days_and_row_groups_reads_back_equal() {
        use proptest::prelude::*;
        use proptest::strategy::ValueTree;
        let Some(python) = crate::model::pyoracle::python_with("pyarrow, duckdb, pandas") else {
            return;
        };
        let homes = [
            chrono_tz::Asia::Kolkata,
            chrono_tz::America::St_Johns,
            chrono_tz::Pacific::Chatham,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Europe::Berlin,
        ];
        let case = (
            any::<u64>(),
            0..homes.len(),
            0i64..1_150,
            1usize..4,
            1usize..3,
        );
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let cases = proptest::collection::vec(case, 6)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let first = NaiveDate::from_ymd_opt(2023, 10, 1).unwrap();
        let mut files = Vec::new();
        for (n, (seed, home, start, len, group)) in cases.iter().enumerate() {
            let p = fitdata_synth::Person::with_home(*seed, homes[*home], chrono_tz::Asia::Tokyo);
            let dates: Vec<NaiveDate> = (0..*len as i64)
                .map(|i| first + chrono::Duration::days(start + i))
                .collect();
            for kind in Kind::exportable() {
                let days = demo_days(&p, kind, &dates);
                files.push((
                    format!("case{n}/"),
                    kind,
                    days.chunks(*group).map(<[_]>::to_vec).collect(),
                ));
            }
        }
        let out = crate::model::pyoracle::run(&python, PARQUET_ORACLE, &archive_of(&files, "demo"));
        assert_eq!(out.lines().count(), tables(&files), "{out}");
    }

    /// Every day of every real export in `../shared/takeout-samples`, imported as the app
    /// imports it, then written as CSV and Parquet: each file reads back equal (names from the
    /// import's files as `source`, the rule that placed each day's times as `time_basis`).
    #[test]
    fn parquet_of_the_real_exports_imports_reads_back_equal() {
        let Some(python) = crate::model::pyoracle::python_with("pyarrow, duckdb, pandas") else {
            return;
        };
        let Some(samples) = crate::sources::import::samples_tests::imported_samples() else {
            return;
        };
        let mut files = Vec::new();
        for (name, days) in &samples {
            let mut by_kind: std::collections::BTreeMap<Kind, Vec<crate::model::Day>> =
                Default::default();
            for d in days {
                by_kind.entry(d.kind).or_default().push(d.clone());
            }
            for (kind, mut days) in by_kind {
                days.sort_by_key(|d| d.date);
                files.push((
                    format!("{name}/"),
                    kind,
                    days.chunks(31).map(<[_]>::to_vec).collect(),
                ));
            }
        }
        assert!(files.len() > 40, "{} files", files.len());
        let out =
            crate::model::pyoracle::run(&python, PARQUET_ORACLE, &archive_of(&files, "import"));
        assert_eq!(out.lines().count(), tables(&files), "{out}");
        eprintln!("{out}");
    }

    /// The oracle's script, shared with the e2e (`end2end/parquet_oracle.py`).
    const PARQUET_ORACLE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/end2end/parquet_oracle.py"
    ));
}
