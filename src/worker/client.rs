//! The page's client of the worker module (`src/bin/importer.rs`) for one-off work: the demo's
//! days, and the CSV rows and ZIP archives of the downloads. One worker serves the page's
//! whole visit, started on first use; several requests may be in flight at once (a day view's
//! charts), and each waits for the answer that carries its own id. (An import runs in a worker
//! of its own: `sync::import`.)

use super::protocol::{Answer, Ask};
use crate::browser::{self, WorkerHandle};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

thread_local! {
    static WORKER: RefCell<Option<Rc<WorkerHandle>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// The running worker, once its module listens.
async fn worker() -> Result<Rc<WorkerHandle>, String> {
    let handle = match WORKER.with(|w| w.borrow().clone()) {
        Some(h) => h,
        None => {
            let h =
                Rc::new(WorkerHandle::start(&browser::import_worker()).map_err(|e| e.to_string())?);
            WORKER.with(|w| *w.borrow_mut() = Some(h.clone()));
            h
        }
    };
    let ready = serde_json::to_string(&Answer::Ready).map_err(|e| e.to_string())?;
    if let Err(e) = handle.seen(|t| t == ready).await {
        // A worker that failed stays failed: the next request starts a new one.
        WORKER.with(|w| *w.borrow_mut() = None);
        return Err(e.to_string());
    }
    Ok(handle)
}

/// A fresh id, for a request or for a job of several (a ZIP).
pub fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    })
}

/// Sends the request `make` builds with its id (and `bytes` beside it), and returns the
/// worker's answer to it with the bytes that came back. A refusal is its reason.
pub async fn ask(make: impl FnOnce(u32) -> Ask, bytes: &[u8]) -> Result<(Answer, Vec<u8>), String> {
    let handle = worker().await?;
    let id = next_id();
    let text = serde_json::to_string(&make(id)).map_err(|e| e.to_string())?;
    handle.send_with(&text, bytes).map_err(|e| e.to_string())?;
    let reply = match handle.reply_where(|t| Answer::id_of(t) == Some(id)).await {
        Ok(r) => r,
        Err(e) => {
            // It crashed: the next request starts a new one.
            WORKER.with(|w| *w.borrow_mut() = None);
            return Err(e.to_string());
        }
    };
    match serde_json::from_str(&reply.text) {
        Ok(Answer::Refused { error, .. }) => Err(error),
        Ok(answer) => Ok((answer, reply.bytes)),
        Err(e) => Err(format!("an answer that could not be read ({e})")),
    }
}

/// The bytes one step of a ZIP job hands out (`Answer::Zip`); `bytes` go beside the request
/// (`Ask::ZipBytes`). A refusal, or any other answer, is an error's text.
pub async fn zip_step(make: impl FnOnce(u32) -> Ask, bytes: &[u8]) -> Result<Vec<u8>, String> {
    match ask(make, bytes).await? {
        (Answer::Zip { .. }, bytes) => Ok(bytes),
        _ => Err("an answer that is not the archive's".into()),
    }
}

/// How a ZIP job begins (the options of `Ask::ZipStart`).
#[derive(Clone, Debug, Default)]
pub struct ZipStart {
    /// A backup's archive (no README).
    pub backup: bool,
    /// A README of the caller's own.
    pub readme: Option<String>,
    /// One plain file, not a ZIP.
    pub plain: bool,
}

/// Runs a ZIP job in the worker: begins it, runs `body` with the job's id and the bytes the
/// beginning handed out, and finishes the job whether `body` failed or not, so a failed
/// archive is dropped from the worker, not left there. Returns what `body` returned and the
/// finish's bytes (the archive's end). `err` turns the worker's text into the caller's error.
pub async fn zip_job<T, E>(
    start: ZipStart,
    err: impl Fn(String) -> E,
    body: impl AsyncFnOnce(u32, Vec<u8>) -> Result<T, E>,
) -> Result<(T, Vec<u8>), E> {
    let job = next_id();
    let ZipStart {
        backup,
        readme,
        plain,
    } = start;
    let begun = zip_step(
        |id| Ask::ZipStart {
            id,
            job,
            backup,
            readme,
            plain,
        },
        &[],
    )
    .await
    .map_err(&err)?;
    let written = body(job, begun).await;
    let rest = zip_step(|id| Ask::ZipFinish { id, job }, &[])
        .await
        .map_err(&err);
    let value = written?;
    Ok((value, rest?))
}
