//! The Web Worker program of the second wasm module (`src/bin/importer.rs`). For an import it
//! takes the chosen files, lists them (every ZIP's central directory, or a folder's paths),
//! then reads one file per "next" from the page and answers with that file's days (encoded,
//! ready to store) and the progress. The page keeps two asks ahead, so memory stays bounded by
//! a few files and a cancel or a closed tab loses at most the files in flight. For the demo it
//! generates the synthetic person's days (`Ask::Demo`), so the generator and its time-zone
//! table never weigh on the page's own module.

use super::archive::{starts_like_zip, Entry, Zip};
use super::job::{Job, Step};
use super::layout::Listed;
use super::{Day, ImportError};
use crate::browser::{self, FileSlices, PageMessage, Picked};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::io::{BufReader, Read};
use std::rc::Rc;

/// Slices of this size are read from the file at a time. Listing a ZIP seeks to every
/// entry's local header (one read each, a buffer's worth): 64 KiB keeps a 30,000-entry
/// listing to a couple of GB less reading than 1 MiB did, and costs inflating nothing.
const SLICE: usize = 64 << 10;

type Archive = Zip<BufReader<FileSlices>>;

/// Where a listed file lives.
enum At {
    /// Entry `entry` of archive `archive`.
    Zip { archive: usize, entry: usize },
    /// A file of a chosen folder.
    Plain(usize),
}

struct Running {
    job: Job,
    at: Vec<At>,
    archives: Vec<Archive>,
    entries: Vec<Vec<Entry>>,
    plain: Vec<Picked>,
}

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

/// What the page asks the worker, besides "next" (a text that is not one of these).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The demo person's days of `kind` in `[from, to]`; answered by `Answer::Demo` with `id`.
    Demo {
        id: u32,
        kind: crate::model::Kind,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
}

impl Answer {
    /// How the text of the answer to `Ask::Demo { id, .. }` begins (serde writes fields in
    /// their order), so the page can pick its own answer out of several in flight.
    pub fn demo_prefix(id: u32) -> String {
        format!("{{\"demo\":{{\"id\":{id},")
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
    /// The files are listed; nothing read yet.
    Listed { progress: Progress },
    /// One file read (or skipped: `failed` says why), its days to store.
    File {
        progress: Progress,
        days: Vec<RawDay>,
        failed: Option<String>,
    },
    /// Every file read.
    Done {
        report: super::Report,
        zone: Option<String>,
        units: crate::model::metric::Units,
    },
    /// The import cannot go on.
    Failed { error: ImportError },
    /// The days `Ask::Demo { id, .. }` asked for, in order, payloads beside the text.
    Demo { id: u32, days: Vec<RawDay> },
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

fn progress(job: &Job) -> Progress {
    let (files_done, files_total) = job.files();
    Progress {
        files_done,
        files_total,
        bytes_done: job.bytes_done,
        bytes_total: job.bytes_total,
        current: job.current().map(str::to_string),
        data_done: job.data_done(),
    }
}

fn send(answer: &Answer) {
    match serde_json::to_string(answer) {
        Ok(text) => match answer {
            Answer::File { days, .. } | Answer::Demo { days, .. } => {
                let mut bytes = Vec::with_capacity(days.iter().map(|d| d.len).sum());
                for d in days {
                    bytes.extend_from_slice(&d.payload);
                }
                browser::post_to_page_with(&text, &bytes)
            }
            _ => browser::post_to_page(&text),
        },
        Err(e) => browser::post_to_page(&format!(
            "{{\"failed\":{{\"error\":{{\"File\":{{\"path\":\"(answer)\",\"detail\":\"{e}\"}}}}}}}}"
        )),
    }
}

fn open(picked: Vec<Picked>, done: usize) -> Result<Running, ImportError> {
    let mut listing = Vec::new();
    let mut at = Vec::new();
    let mut archives = Vec::new();
    let mut entries = Vec::new();
    let mut plain = Vec::new();
    let folder = picked.iter().any(|p| p.path.contains('/'));
    for p in picked {
        let name = p.name();
        let mut slices = FileSlices::new(&p.file).map_err(|e| ImportError::File {
            path: name.clone(),
            detail: e.to_string(),
        })?;
        let mut head = [0u8; 4];
        let n = slices.read(&mut head).unwrap_or(0);
        let zip_like = starts_like_zip(&head[..n]);
        if zip_like || name.to_ascii_lowercase().ends_with(".zip") {
            let mut z = Zip::open(&name, BufReader::with_capacity(SLICE, slices), zip_like)?;
            let listed = z.entries()?;
            for (i, e) in listed
                .iter()
                .enumerate()
                .filter(|(_, e)| !e.path.is_empty())
            {
                listing.push(Listed::new(&e.path, e.size));
                at.push(At::Zip {
                    archive: archives.len(),
                    entry: i,
                });
            }
            archives.push(z);
            entries.push(listed);
        } else if folder {
            listing.push(Listed::new(&p.path, p.size()));
            at.push(At::Plain(plain.len()));
            plain.push(p);
        } else {
            return Err(ImportError::NotZip { name });
        }
    }
    let job = Job::new(listing, done)?;
    Ok(Running {
        job,
        at,
        archives,
        entries,
        plain,
    })
}

/// A listed file's bytes: one file (at most a few MB of an export) at a time.
fn read_whole(r: &mut Running, i: usize) -> Result<Vec<u8>, ImportError> {
    let path = r
        .job
        .listing
        .get(i)
        .map(|l| l.path.clone())
        .unwrap_or_default();
    let failed = |detail: String| ImportError::File {
        path: path.clone(),
        detail,
    };
    match r.at.get(i) {
        Some(At::Zip { archive, entry }) => {
            let listed = r
                .entries
                .get(*archive)
                .and_then(|v| v.get(*entry))
                .cloned()
                .ok_or_else(|| failed("not in the archive".into()))?;
            r.archives
                .get_mut(*archive)
                .ok_or_else(|| failed("no archive".into()))?
                .read_entry(*entry, &listed)
        }
        Some(At::Plain(k)) => {
            let p = r.plain.get(*k).ok_or_else(|| failed("no file".into()))?;
            let slices = FileSlices::new(&p.file).map_err(|e| failed(e.to_string()))?;
            let mut buf = Vec::new();
            BufReader::with_capacity(SLICE, slices)
                .read_to_end(&mut buf)
                .map_err(|e| failed(e.to_string()))?;
            Ok(buf)
        }
        None => Err(failed("not listed".into())),
    }
}

/// The worker's entry point.
pub fn run() {
    let state: Rc<RefCell<Option<Running>>> = Rc::new(RefCell::new(None));
    let result = browser::on_page_message(move |msg| match msg {
        PageMessage::Files(picked, done) => match open(picked, done) {
            Ok(r) => {
                send(&Answer::Listed {
                    progress: progress(&r.job),
                });
                *state.borrow_mut() = Some(r);
            }
            Err(error) => send(&Answer::Failed { error }),
        },
        PageMessage::Text(text) if text.starts_with('{') => match serde_json::from_str(&text) {
            Ok(Ask::Demo { id, kind, from, to }) => {
                let fetched = crate::sources::demo::generate(kind, from, to);
                let days = fetched
                    .days
                    .into_iter()
                    .filter_map(|(date, payload)| {
                        RawDay::of(Day {
                            kind,
                            date,
                            payload,
                            origin: None,
                        })
                    })
                    .collect();
                send(&Answer::Demo { id, days });
            }
            Err(e) => send(&Answer::Failed {
                error: ImportError::File {
                    path: "(request)".into(),
                    detail: e.to_string(),
                },
            }),
        },
        PageMessage::Text(_) => {
            let mut guard = state.borrow_mut();
            let Some(r) = guard.as_mut() else {
                send(&Answer::Failed {
                    error: ImportError::Cancelled,
                });
                return;
            };
            let next = r.job.upcoming();
            let opened = next.map(|i| read_whole(r, i));
            let step = match opened {
                None => Step::Done,
                Some(opened) => r.job.step(|_| opened),
            };

            let answer = match step {
                Step::Read { days, .. } => Answer::File {
                    progress: progress(&r.job),
                    days: days.into_iter().filter_map(RawDay::of).collect(),
                    failed: None,
                },
                Step::Failed { error, .. } => Answer::File {
                    progress: progress(&r.job),
                    days: Vec::new(),
                    failed: Some(error.to_string()),
                },
                Step::Done => Answer::Done {
                    report: r.job.report().clone(),
                    zone: r.job.zone(),
                    units: r.job.units(),
                },
            };
            send(&answer);
        }
    });
    match result {
        Ok(()) => send(&Answer::Ready),
        Err(e) => {
            browser::post_to_page(&format!("{{\"failed\":{{\"error\":{{\"File\":{{\"path\":\"(worker)\",\"detail\":\"{e}\"}}}}}}}}"))
        }
    }
}
