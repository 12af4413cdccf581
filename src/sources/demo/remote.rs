//! The page's side of the demo: its days come from the worker module, which holds the
//! generator (`generate`). One worker serves the page's whole visit; requests in flight at the
//! same time (a day view's charts) each wait for the answer with their own id.

use super::super::import::worker::{Answer, Ask, RawDay};
use crate::browser::{self, WorkerHandle};
use crate::model::codec;
use crate::model::{Kind, Payload};
use crate::sources::{ApiError, Fetched};
use chrono::NaiveDate;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

thread_local! {
    static WORKER: RefCell<Option<Rc<WorkerHandle>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::Demo(e.to_string())
}

/// The running worker, started on first use, once its module listens.
async fn worker() -> Result<Rc<WorkerHandle>, ApiError> {
    let handle = match WORKER.with(|w| w.borrow().clone()) {
        Some(h) => h,
        None => {
            let h = Rc::new(WorkerHandle::start(&browser::import_worker()).map_err(failed)?);
            WORKER.with(|w| *w.borrow_mut() = Some(h.clone()));
            h
        }
    };
    let ready = serde_json::to_string(&Answer::Ready).map_err(failed)?;
    let seen = handle.seen(|t| t == ready).await;
    if let Err(e) = seen {
        // A worker that failed stays failed: the next request starts a new one.
        WORKER.with(|w| *w.borrow_mut() = None);
        return Err(failed(e));
    }
    Ok(handle)
}

/// Every day of `[from, to]` of `data`, made by the worker.
pub async fn range(data: Kind, from: NaiveDate, to: NaiveDate) -> Result<Fetched, ApiError> {
    let handle = worker().await?;
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let ask = serde_json::to_string(&Ask::Demo {
        id,
        kind: data,
        from,
        to,
    })
    .map_err(failed)?;
    handle.send(&ask).map_err(failed)?;
    let prefix = Answer::demo_prefix(id);
    let reply = handle
        .reply_where(|t| t.starts_with(&prefix))
        .await
        .map_err(failed)?;
    let Ok(Answer::Demo { mut days, .. }) = serde_json::from_str(&reply.text) else {
        return Err(failed("an answer that is not the days asked for"));
    };
    RawDay::attach(&mut days, &reply.bytes).ok_or_else(|| failed("the days' bytes were cut"))?;
    let days = days
        .into_iter()
        .map(|d| {
            let payload: Option<Payload> = codec::decode(&d.payload);
            payload
                .map(|p| (d.date, p))
                .ok_or_else(|| failed(format!("the {} day could not be read", d.date)))
        })
        .collect::<Result<_, _>>()?;
    Ok(Fetched {
        days,
        companions: Vec::new(),
    })
}
