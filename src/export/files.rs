//! The files Export and the chart downloads offer, assembled in the browser: CSVs streamed from
//! the cache a few days at a time (missing days fetched first), the ZIP of them, and a chart's
//! "JSON" of the API's answers. The rows and the archive are written by the worker module
//! (`export::worker`, through `worker::client`): the page sends each chunk of days encoded and
//! takes the rows back. Errors stay typed to the page.

use super::{ExportError, Table};
use crate::browser;
use crate::config::Source;
use crate::model::sleep_timing::{self, SleepHeart};
use crate::model::Day;
use crate::model::{Kind, Payload};
use crate::sync::cache::store;
use crate::sync::fetch::{Account, RawError, Reader};
use crate::worker::client::{self as worker, ZipStart};
use crate::worker::protocol::{Answer, Ask, RawDay};
use chrono::NaiveDate;

impl From<RawError> for ExportError {
    fn from(e: RawError) -> ExportError {
        match e {
            RawError::TooLong(t) => ExportError::TooLong(t),
            RawError::Api(a) => ExportError::Api(a),
        }
    }
}

/// The CSV rows of `days` (after the header when `header`), written by the worker: returned,
/// or with `zip` written into that archive's current file.
async fn rows(
    source: Source,
    account: &Account,
    (data, table): (Kind, Table),
    days: Vec<(NaiveDate, Payload, Option<crate::model::Origin>)>,
    header: bool,
    zip: Option<u32>,
    parquet: bool,
) -> Result<Vec<u8>, ExportError> {
    let heart = if data == Kind::Sleep && table == Table::Records {
        sleep_heart(source, account, &days).await?
    } else {
        SleepHeart::default()
    };
    let raw = days
        .into_iter()
        .map(|(date, payload, origin)| {
            let day = Day {
                kind: data,
                date,
                payload,
                origin,
            };
            RawDay::of(day).ok_or(ExportError::Shape("day"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bytes = RawDay::joined(&raw);
    let ask = |id| Ask::Csv {
        id,
        data,
        source: source.key().to_string(),
        zone: account.time_zone.clone(),
        header,
        days: raw,
        zip,
        parquet,
        heart,
        table,
    };
    match worker::ask(ask, &bytes)
        .await
        .map_err(ExportError::Worker)?
    {
        (Answer::Csv { .. }, rows) => Ok(rows),
        _ => Err(ExportError::Worker("an answer that is not rows".into())),
    }
}

/// The heart under the sleeps of `days`, from the heart rate already stored for their dates
/// and the dates before (the evening a night starts in): never a request, as a sleep's CSV
/// must not cost one; a stage reaching a date not stored has none. Every reading where the
/// source kept them, else the minute means. Read a few days at a time, as heart rate's own CSV
/// is, so a month of 1-second days is never held at once.
async fn sleep_heart(
    source: Source,
    account: &Account,
    days: &[(NaiveDate, Payload, Option<crate::model::Origin>)],
) -> Result<SleepHeart, ExportError> {
    let mut out = SleepHeart::default();
    let nights: Vec<(NaiveDate, &[crate::model::SleepSession])> = days
        .iter()
        .filter_map(|(d, p, _)| match p {
            Payload::Sleep(s) if !s.is_empty() => Some((*d, s.as_slice())),
            _ => None,
        })
        .collect();
    // Windows of nights less than `HEART_DAYS` dates from their first.
    let mut rest = nights.as_slice();
    while let Some(first) = rest.first() {
        let n = rest
            .iter()
            .take_while(|x| (x.0 - first.0).num_days() < HEART_DAYS)
            .count();
        let (window, tail) = rest.split_at(n);
        rest = tail;
        let Some(last) = window.last() else {
            break;
        };
        let from = first.0.pred_opt().unwrap_or(first.0);
        let (mut samples, mut dates) = (Vec::new(), std::collections::BTreeSet::new());
        for kind in [Kind::HeartRate, Kind::HeartRate1m] {
            let stored = store::get_range(source, &account.user, kind, from, last.0)
                .await
                .map_err(crate::sources::ApiError::storage)?;
            for (date, record) in stored {
                if let Payload::Samples(v) = record.payload {
                    dates.insert(date);
                    samples.extend(v);
                }
            }
            if !samples.is_empty() {
                break;
            }
        }
        let sleeps: Vec<crate::model::SleepSession> =
            window.iter().flat_map(|(_, s)| s.iter().cloned()).collect();
        let got = sleep_timing::sleep_heart(&sleeps, &samples, &|d| dates.contains(&d));
        out.segments.extend(got.segments);
        out.nights.extend(got.nights);
    }
    Ok(out)
}

/// The most days of heart rate `sleep_heart` reads at once (and one before them).
const HEART_DAYS: i64 = 4;

/// Where an archive's bytes go as the worker hands them out: the parts of a download the
/// browser holds, or the file the person chose, written as the archive is made.
pub enum ArchiveOut {
    Parts(browser::BlobParts),
    File(browser::SaveFile, u64),
}

impl ArchiveOut {
    /// Into the file the person chose (nothing written yet).
    pub fn file(f: browser::SaveFile) -> ArchiveOut {
        ArchiveOut::File(f, 0)
    }

    async fn put(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        if bytes.is_empty() {
            return Ok(());
        }
        match self {
            ArchiveOut::Parts(parts) => {
                parts.push(bytes);
                Ok(())
            }
            ArchiveOut::File(file, written) => {
                *written += bytes.len() as u64;
                file.write(bytes).await.map_err(|e| match e {
                    browser::BrowserError::StorageFull => ExportError::Save(
                        "the disk is full; free some space, or choose a smaller range".into(),
                    ),
                    other => ExportError::Save(other.to_string()),
                })
            }
        }
    }
}

/// Where a CSV's rows go: into a file's parts, or into the current file of a ZIP job (the
/// worker then answers with the archive's bytes that are final, which go out).
enum Sink<'a> {
    Parts(&'a mut browser::BlobParts),
    /// The archive's job, where its bytes go, and whether its current file is Parquet.
    Zip(u32, &'a mut ArchiveOut, bool),
}

impl Sink<'_> {
    fn zip(&self) -> Option<u32> {
        match self {
            Sink::Parts(_) => None,
            Sink::Zip(job, ..) => Some(*job),
        }
    }

    async fn take(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        match self {
            Sink::Parts(parts) => {
                parts.push(bytes);
                Ok(())
            }
            Sink::Zip(_, out, _) => out.put(bytes).await,
        }
    }
}

/// Writes the CSV of one type over `range` into `sink`: the missing days fetched first (in as
/// few requests as the API allows), then the header and the days, read from the cache a few at
/// a time in one transaction each (a transaction per day cost more than writing the rows). A
/// few days of 1-second heart rate, or a month of the rest, is all that is held at once; the
/// rows are written off the page's thread.
async fn write_csv(
    reader: &Reader<'_>,
    (data, table): (Kind, Table),
    (from, to): (NaiveDate, NaiveDate),
    sink: &mut Sink<'_>,
) -> Result<(), ExportError> {
    let (kind, account) = (reader.source, reader.account);
    let zip = sink.zip();
    let parquet = matches!(sink, Sink::Zip(_, _, true));
    reader.ensure(data, (from, to), &|_, _| {}).await?;
    let chunk = if data == Kind::HeartRate { 4 } else { 31 };
    let mut header = true;
    let mut start = from;
    while start <= to {
        let end = (start + chrono::Duration::days(chunk - 1)).min(to);
        let days = reader.days_from(data, (start, end)).await?;
        sink.take(&rows(kind, account, (data, table), days, header, zip, parquet).await?)
            .await?;
        header = false;
        let Some(next) = end.succ_opt() else { break };
        start = next;
    }
    if header {
        sink.take(&rows(kind, account, (data, table), Vec::new(), true, zip, parquet).await?)
            .await?;
    }
    Ok(())
}

/// One step of archive `job` (`bytes` beside it for `Ask::ZipBytes`).
async fn zip_step(make: impl FnOnce(u32) -> Ask, bytes: &[u8]) -> Result<Vec<u8>, ExportError> {
    worker::zip_step(make, bytes)
        .await
        .map_err(ExportError::Worker)
}

/// One CSV, in pieces held by the browser.
pub async fn csv_file(
    reader: &Reader<'_>,
    data: Kind,
    range: (NaiveDate, NaiveDate),
) -> Result<browser::BlobParts, ExportError> {
    let mut parts = browser::BlobParts::new();
    write_csv(
        reader,
        (data, Table::Records),
        range,
        &mut Sink::Parts(&mut parts),
    )
    .await?;
    Ok(parts)
}

/// One type's Parquet file over the range, in pieces held by the browser. The worker keeps
/// the file between the requests (a row group each, as in a ZIP) in a plain job and hands out
/// each finished piece at once.
pub async fn parquet_file(
    reader: &Reader<'_>,
    data: Kind,
    range: (NaiveDate, NaiveDate),
) -> Result<browser::BlobParts, ExportError> {
    let mut out = ArchiveOut::Parts(browser::BlobParts::new());
    let plain = ZipStart {
        plain: true,
        ..ZipStart::default()
    };
    let ((), rest) = worker::zip_job(plain, ExportError::Worker, async |job, _| {
        let name = super::parquet_name(data);
        let started = zip_step(|id| Ask::ZipFile { id, job, name }, &[]).await?;
        out.put(&started).await?;
        let sink = &mut Sink::Zip(job, &mut out, true);
        write_csv(reader, (data, Table::Records), range, sink).await
    })
    .await?;
    out.put(&rest).await?;
    match out {
        ArchiveOut::Parts(parts) => Ok(parts),
        ArchiveOut::File(..) => Err(ExportError::Worker("a download's parts were lost".into())),
    }
}

/// The formats an archive holds each type in (at least one), and whether it also carries a
/// backup of everything stored (`fitdata-backup/`), so that one file is both a readable export
/// and what "Open your export" restores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Formats {
    pub csv: bool,
    pub parquet: bool,
    pub backup: bool,
}

/// The ZIP of `kinds` over the range: README.txt (the data dictionary) and a CSV and/or a
/// Parquet file per type, each day compressed as it is added and each finished piece handed
/// to `out` at once, so only the file being written waits in the worker. With a backup, its
/// two files follow the data's; the backup's description is returned, to be remembered as the
/// last backup once the file is saved.
pub async fn zip_file(
    reader: &Reader<'_>,
    kinds: &[Kind],
    range: (NaiveDate, NaiveDate),
    formats: Formats,
    out: &mut ArchiveOut,
) -> Result<Option<crate::sync::backup::Manifest>, ExportError> {
    let (manifest, rest) = worker::zip_job(
        ZipStart::default(),
        ExportError::Worker,
        async |job, started| {
            out.put(&started).await?;
            for &data in kinds {
                for parquet in [false, true] {
                    let wanted = if parquet {
                        formats.parquet
                    } else {
                        formats.csv
                    };
                    if !wanted {
                        continue;
                    }
                    // A type's own file, then (exercises) their splits' beside it.
                    for &table in Table::of(data) {
                        for (name, part) in super::parts_of(data, table, parquet, range) {
                            let done = zip_step(|id| Ask::ZipFile { id, job, name }, &[]).await?;
                            out.put(&done).await?;
                            let sink = &mut Sink::Zip(job, out, parquet);
                            write_csv(reader, (data, table), part, sink).await?;
                        }
                    }
                }
            }
            if !formats.backup {
                return Ok(None);
            }
            let mut put = async |bytes: Vec<u8>| out.put(&bytes).await;
            Ok(Some(crate::sync::backup::write_files(job, &mut put).await?))
        },
    )
    .await?;
    out.put(&rest).await?;
    Ok(manifest)
}

/// A chart's records as CSV, one day after the other.
pub async fn chart_csv(
    source: Source,
    account: &Account,
    data: Kind,
    days: &[(NaiveDate, Payload)],
) -> Result<Vec<u8>, ExportError> {
    let days = days.iter().map(|(d, p)| (*d, p.clone(), None)).collect();
    rows(
        source,
        account,
        (data, Table::Records),
        days,
        true,
        None,
        false,
    )
    .await
}

/// A chart's "JSON": the API's answers for its days, asked for again.
pub async fn raw_file(
    reader: &Reader<'_>,
    data: Kind,
    range: (NaiveDate, NaiveDate),
) -> Result<Vec<u8>, ExportError> {
    let answers = reader.raw_range(data, range).await?;
    super::raw_json(
        reader.source.key(),
        data,
        range,
        browser::now_ms(),
        &answers,
    )
}

/// Offers `parts` as the file `name`.
pub fn save(name: &str, mime: &str, parts: &browser::BlobParts) -> Result<(), ExportError> {
    browser::download(name, mime, parts).map_err(|e| ExportError::Save(e.to_string()))
}

/// Offers `bytes` as the file `name`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), ExportError> {
    let mut parts = browser::BlobParts::new();
    parts.push(bytes);
    save(name, mime, &parts)
}

/// What the workouts' archive's README.txt says.
pub const WORKOUTS_README: &str = "\
Your workouts, one TCX file each (Garmin's Training Center Database v2), written by fitdata.

Each file holds one workout: a lap per split where the source gives splits (the laps you
marked, else each kilometre or mile: the Google Health API), else one lap from start to end,
with the distance and calories the source logged, and a trackpoint at every heart-rate
reading inside it. The distance is on each lap's first trackpoint and on the last: the sources
give a lap's distance, not the distance along the way. A paused workout is written as a watch
writes one: each lap's time leaves its pauses out, and each pause ends a track, so the moving
time is the watch's. Times are UTC instants. File names are the local date and time the
workout started, and its activity.

Garmin Connect (Import Data) and Strava (Upload activity) take these files as they are. There
are no routes in them: fitdata does not read GPS tracks yet.
";

/// The TCX files of `list`, one per workout, in a ZIP with a README: each with every
/// heart-rate reading inside it, read from the cache (or fetched) a day at a time, each day
/// once. Returns the archive and the number of files.
pub async fn workouts_zip(
    reader: &Reader<'_>,
    list: &[crate::model::Exercise],
) -> Result<Vec<u8>, ExportError> {
    use crate::model::workouts;
    let mut list: Vec<&crate::model::Exercise> = list.iter().collect();
    list.sort_by_key(|e| e.start);
    let start = ZipStart {
        readme: Some(WORKOUTS_README.to_string()),
        ..ZipStart::default()
    };
    let (mut archive, rest) = worker::zip_job(start, ExportError::Worker, async |job, begun| {
        let mut archive = begun;
        // The heart rate of the dates at hand, each read once (the workouts go in time order).
        let mut days = std::collections::BTreeMap::new();
        let mut names = std::collections::HashSet::new();
        for e in list {
            let inside = reader.readings_during(e, &mut days).await?;
            // Two workouts in the same minute of the same type keep both files.
            let stem = workouts::file_stem(e);
            let mut name = format!("{stem}.tcx");
            let mut n = 2;
            while !names.insert(name.clone()) {
                name = format!("{stem}-{n}.tcx");
                n += 1;
            }
            archive.extend(zip_step(|id| Ask::ZipFile { id, job, name }, &[]).await?);
            let file = workouts::tcx(e, &inside);
            archive.extend(zip_step(|id| Ask::ZipBytes { id, job }, file.as_bytes()).await?);
        }
        Ok(archive)
    })
    .await?;
    archive.extend(rest);
    Ok(archive)
}
