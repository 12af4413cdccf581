//! What the page and the worker module (`src/bin/importer.rs`) say to each other: the page's
//! requests (`Ask`), the worker's answers (`Answer`), and the days they carry as encoded bytes
//! (`RawDay`). Pure, so both sides and the host tests share one definition.

use crate::model::Day;
use crate::sources::import::ImportError;
use serde::{Deserialize, Serialize};

/// A day as the worker hands it over: its payload already encoded (`model::codec`), so the
/// page stores the bytes as they are (no decoding and re-encoding on the page's thread) and
/// decodes them only to merge two parts of one day. The payloads of one answer travel beside
/// its text as one transferred buffer, in the order of its days; `len` says where each ends.
#[derive(Debug, Serialize, Deserialize)]
pub struct RawDay {
    pub kind: crate::model::Kind,
    pub date: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<crate::model::Origin>,
    pub len: usize,
    #[serde(skip)]
    pub payload: Vec<u8>,
}

impl RawDay {
    /// The day, encoded; `None` if it cannot be (it then never leaves the worker).
    pub fn of(day: Day) -> Option<RawDay> {
        // The cache keeps no non-finite number: dropped here, as `DayRecord::new` would.
        let payload = crate::model::codec::encode(&day.payload.finite())?;
        Some(RawDay {
            kind: day.kind,
            date: day.date,
            origin: day.origin,
            len: payload.len(),
            payload,
        })
    }

    /// A batch's pieces of one (type, day, recorder) merged into one day, in the order they came.
    /// The worker answers several small files at once (`worker::serve`'s batches), so both pieces
    /// of a local day two daily CSV files share can arrive together, before the first is stored:
    /// merged only against the store, the first piece would be lost. Pieces in separate batches
    /// are merged with the stored one by `sync::import`.
    pub fn merge_batch(days: Vec<RawDay>) -> Vec<RawDay> {
        use crate::model::codec::{decode, encode};
        let mut out: Vec<RawDay> = Vec::with_capacity(days.len());
        type Key = (crate::model::Kind, chrono::NaiveDate, Option<String>);
        let mut at: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
        for d in days {
            let key = (
                d.kind,
                d.date,
                d.origin.as_ref().and_then(|o| o.recorder.clone()),
            );
            if let Some(first) = at.get(&key).and_then(|&i| out.get_mut(i)) {
                let merged = decode(&first.payload)
                    .zip(decode(&d.payload))
                    .and_then(|(a, b)| encode(&a.merge(b).finite()));
                if let Some(bytes) = merged {
                    first.len = bytes.len();
                    first.payload = bytes;
                    // As a piece merged with the stored one: the later piece's origin.
                    first.origin = d.origin;
                    continue;
                }
            }
            at.insert(key, out.len());
            out.push(d);
        }
        out
    }

    /// The days' payloads in order, as one buffer to travel beside the text (`attach` cuts
    /// them apart again).
    pub fn joined(days: &[RawDay]) -> Vec<u8> {
        let parts: Vec<&[u8]> = days.iter().map(|d| d.payload.as_slice()).collect();
        parts.concat()
    }

    /// Gives each day of an answer its payload, cut from the bytes that came with it in
    /// order. `None` if the lengths do not add up to the bytes.
    pub fn attach(days: &mut [RawDay], bytes: &[u8]) -> Option<()> {
        let mut rest = bytes;
        for d in days {
            let (head, tail) = rest.split_at_checked(d.len)?;
            d.payload = head.to_vec();
            rest = tail;
        }
        rest.is_empty().then_some(())
    }
}

/// A backup's description, in its ZIP: chosen files that hold it and `BACKUP_DAYS` are a backup
/// (`sync::backup`), answered with `Answer::Backup` instead of being imported.
pub const BACKUP_MANIFEST: &str = "fitdata-backup/backup.json";
/// A backup's records.
pub const BACKUP_DAYS: &str = "fitdata-backup/days.bin";

/// What the page asks the worker, besides "next" (a text that is not one of these). Each
/// carries an id, which its answer repeats.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The demo person's days of `kind` in `[from, to]`: `Answer::Demo`. `user` names which
    /// of the demo's people (`sources::demo::person_of`); none, the default one.
    Demo {
        id: u32,
        kind: crate::model::Kind,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        #[serde(default)]
        user: Option<String>,
    },
    /// The GPS track of the demo person's workout that started at `start` (Unix seconds):
    /// `Answer::Route`. `user` as in `Demo`.
    DemoRoute {
        id: u32,
        start: i64,
        #[serde(default)]
        user: Option<String>,
    },
    /// The CSV rows of `days` of type `data` (their payloads beside the text, as in
    /// `Answer::File`), after the header when `header`: `Answer::Csv` with the rows, or, with
    /// `zip`, the rows written into that archive's current file.
    Csv {
        id: u32,
        data: crate::model::Kind,
        /// The source's key (`google`, `import`…), for the `source` column.
        source: String,
        /// The account's zone, which places a DST switch inside a night exactly.
        zone: Option<String>,
        header: bool,
        days: Vec<RawDay>,
        zip: Option<u32>,
        /// As a row group of the archive's current Parquet file instead (`zip` only; the
        /// file begins with the `header` request and ends with the archive's next file).
        #[serde(default)]
        parquet: bool,
        /// The heart under the days' sleeps, for a sleep CSV's heart-rate columns (figures,
        /// not readings: the page read them from the cache).
        #[serde(default)]
        heart: crate::model::sleep_timing::SleepHeart,
        /// The type's own rows, or its exercises' splits.
        #[serde(default)]
        table: crate::model::kind::Table,
    },
    /// Starts archive `job`, with its README.txt (the data dictionary, with `backup` the
    /// backup's, or `readme`): `Answer::Zip`.
    ZipStart {
        id: u32,
        job: u32,
        #[serde(default)]
        backup: bool,
        /// A README of the page's own instead (the workouts' TCX archive).
        #[serde(default)]
        readme: Option<String>,
        /// Not a ZIP: one file, its bytes handed out as they are (a single Parquet download,
        /// which needs the worker between requests for its row groups). No README.
        #[serde(default)]
        plain: bool,
    },
    /// Writes the bytes beside the text into archive `job`'s current file: `Answer::Zip`.
    ZipBytes { id: u32, job: u32 },
    /// Starts the next file of archive `job`.
    ZipFile { id: u32, job: u32, name: String },
    /// Finishes archive `job`: `Answer::Zip` with its bytes. It is dropped from the worker.
    ZipFinish { id: u32, job: u32 },
}

impl Answer {
    /// The id of the request an answer's text answers (`{"demo":{"id":7,…`: serde writes the
    /// fields in their order), read without parsing the rest: the page picks its own answer
    /// out of several in flight.
    pub fn id_of(text: &str) -> Option<u32> {
        // The tag (a snake_case name, no quote inside), then its object's first field.
        let rest = text.strip_prefix("{\"")?;
        let (_, rest) = rest.split_once('"')?;
        let rest = rest.strip_prefix(":{\"id\":")?;
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        rest.get(..digits)?.parse().ok()
    }
}

/// What the worker tells the page. (Externally tagged: a raw payload cannot sit inside an
/// internally tagged enum, which serde buffers.)
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The worker's module is running and listening: messages sent before this are lost (its
    /// script ran before the wasm was ready), so the page waits for it.
    Ready,
    /// The files are listed; nothing read yet. `as_of`: the newest date a data file names.
    Listed {
        progress: Progress,
        #[serde(default)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// One file read (or skipped: `failed` says why), its days to store.
    File {
        progress: Progress,
        days: Vec<RawDay>,
        failed: Option<String>,
    },
    /// Every file read.
    Done {
        report: crate::sources::import::Report,
        zone: Option<String>,
        units: crate::model::metric::Units,
    },
    /// The import cannot go on.
    Failed { error: ImportError },
    /// The files are a backup (`sync::backup`): its `backup.json`, and `days.bin` beside the
    /// text. Nothing is read further.
    Backup { manifest: String },
    /// The days `Ask::Demo { id, .. }` asked for, in order, payloads beside the text.
    Demo { id: u32, days: Vec<RawDay> },
    /// The fixes `Ask::DemoRoute { id, .. }` asked for (none: that workout had no GPS).
    Route {
        id: u32,
        fixes: Vec<crate::model::route::Fix>,
    },
    /// `Ask::Csv` done: the rows are the bytes beside the text (none when they went into a ZIP).
    Csv { id: u32 },
    /// `Ask::Zip*` done: `ZipFinish`'s archive is the bytes beside the text.
    Zip { id: u32 },
    /// Request `id` could not be done, and why.
    Refused { id: u32, error: String },
}

/// How far an import is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The file about to be read.
    pub current: Option<String>,
    /// Data files stored so far (what a resumed run skips).
    pub data_done: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Day, Kind, Origin, Payload, Sample};
    use chrono::NaiveDate;

    fn piece(times: &[i64], recorder: Option<&str>) -> RawDay {
        let mut d = RawDay::of(Day {
            kind: Kind::HeartRate,
            date: NaiveDate::from_ymd_opt(2026, 5, 13).unwrap(),
            payload: Payload::Samples(
                times
                    .iter()
                    .map(|&t| Sample {
                        t,
                        offset: 7200,
                        value: 60.0,
                    })
                    .collect(),
            ),
            origin: recorder.map(|r| Origin::recorded_by(r.to_string())),
        })
        .unwrap();
        d.len = d.payload.len();
        d
    }

    /// Both pieces of a local day in one batch (the day before's UTC file, then the day's
    /// own) become one day holding every reading; another recorder's piece stays its own.
    #[test]
    fn a_batch_holding_both_pieces_of_a_day_keeps_both() {
        let days = RawDay::merge_batch(vec![
            piece(&[100, 200], Some("tracker")),
            piece(&[150], Some("watch")),
            piece(&[300, 400], Some("tracker")),
        ]);
        let got: Vec<(Option<String>, Vec<i64>)> = days
            .iter()
            .map(|d| {
                let Some(Payload::Samples(s)) = crate::model::codec::decode(&d.payload) else {
                    panic!("not readings")
                };
                assert_eq!(d.len, d.payload.len());
                (
                    d.origin.as_ref().and_then(|o| o.recorder.clone()),
                    s.iter().map(|x| x.t).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("tracker".to_string()), vec![100, 200, 300, 400]),
                (Some("watch".to_string()), vec![150]),
            ]
        );
    }
}
