//! The Web Worker program of the second wasm module (`src/bin/importer.rs`). For an import it
//! takes the chosen files, lists them (every ZIP's central directory, or a folder's paths),
//! then reads one file per "next" from the page and answers with that file's days (encoded,
//! ready to store) and the progress. The page keeps two asks ahead, so memory stays bounded by
//! a few files and a cancel or a closed tab loses at most the files in flight. For the demo it
//! generates the synthetic person's days (`Ask::Demo`), and for the downloads it writes CSV
//! rows and ZIP archives (`Ask::Csv`, `Ask::Zip*`, answered by `export::worker`): the
//! generator, its time-zone table, the CSV writer and deflate never weigh on the page's own
//! module, and the work never runs on the page's thread.

use super::protocol::{Answer, Ask, Progress, RawDay, BACKUP_DAYS, BACKUP_MANIFEST};
use crate::browser::{self, FileSlices, PageMessage, Picked};
use crate::model::Day;
use crate::sources::import::archive::{starts_like_zip, Entry, Zip};
use crate::sources::import::job::{Job, Step};
use crate::sources::import::layout::Listed;
use crate::sources::import::ImportError;
use std::cell::RefCell;
use std::io::{BufReader, Read};
use std::rc::Rc;

/// The reader's buffer. `FileSlices` reads the file a 1 MiB window at a time, so this size
/// costs no call to the file of its own: a ZIP listing's jump to every entry's local header,
/// and each entry's bytes, come out of the window in hand.
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

/// The most bytes of files one answer reads (several small files are one answer).
const BATCH_BYTES: usize = 2_000_000;
/// The most files one answer reads.
const BATCH_FILES: usize = 64;

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

/// Sends `answer` with `bytes` beside it (none: the text alone).
fn send_with(answer: &Answer, bytes: &[u8]) {
    match serde_json::to_string(answer) {
        Ok(text) if bytes.is_empty() => browser::post_to_page(&text),
        Ok(text) => browser::post_to_page_with(&text, bytes),
        Err(e) => browser::post_to_page(&format!(
            "{{\"failed\":{{\"error\":{{\"File\":{{\"path\":\"(answer)\",\"detail\":\"{e}\"}}}}}}}}"
        )),
    }
}

/// Sends `answer`, the payloads of its days beside it in order.
fn send(answer: &Answer) {
    let bytes: Vec<u8> = match answer {
        Answer::File { days, .. } | Answer::Demo { days, .. } => RawDay::joined(days),
        _ => Vec::new(),
    };
    send_with(answer, &bytes)
}

fn open(picked: Vec<Picked>, done: usize) -> Result<Opened, ImportError> {
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
    let backup = [BACKUP_MANIFEST, BACKUP_DAYS]
        .map(|name| listing.iter().position(|l| l.path.ends_with(name)));
    let mut r = Running {
        job: match backup {
            // A backup is restored by the page, whole: no export's job reads it.
            [Some(_), Some(_)] => Job::reading_nothing(listing),
            _ => Job::new(listing, done)?,
        },
        at,
        archives,
        entries,
        plain,
    };
    if let [Some(m), Some(d)] = backup {
        let manifest = read_whole(&mut r, m)?;
        let days = read_whole(&mut r, d)?;
        return Ok(Opened::Backup(
            String::from_utf8_lossy(&manifest).into_owned(),
            days,
        ));
    }
    Ok(Opened::Import(Box::new(r)))
}

/// What the chosen files are: an export to import, or a backup to restore.
enum Opened {
    Import(Box<Running>),
    Backup(String, Vec<u8>),
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

/// The answer to `Ask::Demo`.
fn demo(
    id: u32,
    kind: crate::model::Kind,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    user: &str,
) {
    let fetched = crate::sources::demo::generate(user, kind, from, to);
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

/// An ask this module does not answer itself (the downloads'), answered by the program that
/// runs it: the answer and the bytes beside it.
pub type Other = fn(Ask, Vec<u8>) -> (Answer, Vec<u8>);

/// The worker's entry point.
pub fn run(other: Other) {
    let state: Rc<RefCell<Option<Running>>> = Rc::new(RefCell::new(None));
    let result = browser::on_page_message(move |msg| match msg {
        PageMessage::Files(picked, done) => match open(picked, done) {
            Ok(Opened::Backup(manifest, days)) => {
                send_with(&Answer::Backup { manifest }, &days);
            }
            Ok(Opened::Import(r)) => {
                send(&Answer::Listed {
                    progress: progress(&r.job),
                    as_of: r.job.newest_named_date(),
                });
                *state.borrow_mut() = Some(*r);
            }
            Err(error) => send(&Answer::Failed { error }),
        },
        PageMessage::Text(text, bytes) if text.starts_with('{') => {
            match serde_json::from_str(&text) {
                Ok(Ask::Demo {
                    id,
                    kind,
                    from,
                    to,
                    user,
                }) => demo(
                    id,
                    kind,
                    (from, to),
                    user.as_deref().unwrap_or(crate::sources::demo::USER),
                ),
                Ok(Ask::DemoRoute { id, start, user }) => send(&Answer::Route {
                    id,
                    fixes: crate::sources::demo::route(
                        user.as_deref().unwrap_or(crate::sources::demo::USER),
                        start,
                    ),
                }),
                Ok(ask) => {
                    let (answer, bytes) = other(ask, bytes);
                    send_with(&answer, &bytes);
                }
                // (An ask is written like an answer: its id is read the same way.)
                Err(e) => match Answer::id_of(&text) {
                    Some(id) => send(&Answer::Refused {
                        id,
                        error: format!("a request the worker could not read ({e})"),
                    }),
                    None => send(&Answer::Failed {
                        error: ImportError::File {
                            path: "(request)".into(),
                            detail: e.to_string(),
                        },
                    }),
                },
            }
        }
        PageMessage::Text(..) => {
            let mut guard = state.borrow_mut();
            let Some(r) = guard.as_mut() else {
                send(&Answer::Failed {
                    error: ImportError::Cancelled,
                });
                return;
            };
            // Small files go in one answer, up to `BATCH_BYTES` read or `BATCH_FILES` files: the
            // page stores each answer in one transaction and shows its progress once, and that
            // cost, not the reading, is what a night's few-kilobyte files (SpO2, HRV, oxygen
            // variation: three a night, a thousand nights) would otherwise spend.
            let (mut days_out, mut read, mut files) = (Vec::new(), 0usize, 0usize);
            let answer = loop {
                let next = r.job.upcoming();
                let opened = next.map(|i| read_whole(r, i));
                if let Some(Ok(bytes)) = &opened {
                    read += bytes.len();
                }
                let step = match opened {
                    // Every file read: the job still hands over the days only the whole
                    // export could place (`Importer::finish`), then says it is done. Nothing
                    // is opened.
                    None => r.job.step(|_| Err(ImportError::Cancelled)),
                    Some(opened) => r.job.step(|_| opened),
                };
                match step {
                    Step::Read { days, .. } => {
                        days_out.extend(days.into_iter().filter_map(RawDay::of));
                        files += 1;
                        let more = next.is_some() && r.job.upcoming().is_some();
                        if more && read < BATCH_BYTES && files < BATCH_FILES {
                            continue;
                        }
                        break Answer::File {
                            progress: progress(&r.job),
                            days: days_out,
                            failed: None,
                        };
                    }
                    Step::Failed { error, .. } => {
                        break Answer::File {
                            progress: progress(&r.job),
                            days: days_out,
                            failed: Some(error.to_string()),
                        }
                    }
                    // Only after the finishing step, which ends a batch of its own.
                    Step::Done => {
                        break Answer::Done {
                            report: r.job.report().clone(),
                            zone: r.job.zone(),
                            units: r.job.units(),
                        }
                    }
                }
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
