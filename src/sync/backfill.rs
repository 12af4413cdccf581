//! Runs a backfill: the plan and its progress live in IndexedDB, so a closed tab resumes
//! where it stopped; the cache itself records which days are done.

use crate::browser;
use crate::config::{Config, Source};
use crate::model::Kind;
use crate::sources::client::{self, Opts};
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use crate::sync::plan::{eta_s, plan, requests, Job};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeSet;

/// What the user asked for, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub kinds: Vec<Kind>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Paused by the user: not resumed on the next visit until they say so.
    pub paused: bool,
    /// Requests sent for it so far, across visits.
    pub requests: u64,
}

fn spec_key(source: Source, user: &str) -> String {
    format!("backfill/{}/{user}", source.key())
}

pub async fn load(source: Source, user: &str) -> Option<Spec> {
    browser::idb_get(&spec_key(source, user))
        .await
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
}

pub async fn save(source: Source, user: &str, spec: &Spec) -> Result<(), ApiError> {
    let text = serde_json::to_string(spec).map_err(|e| ApiError::Storage(e.to_string()))?;
    browser::idb_put(&spec_key(source, user), &text)
        .await
        .map_err(ApiError::storage)
}

/// Where a backfill stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Days × types in the range, and how many of them are stored.
    pub total: u64,
    pub done: u64,
    /// Requests sent for this backfill (all visits) and still needed (estimated for Google).
    pub requests: u64,
    pub remaining_requests: u64,
    /// Seconds to the end at the rate limit.
    pub eta_s: i64,
}

async fn stored(
    source: Source,
    account: &Account,
    spec: &Spec,
) -> Result<Vec<(Kind, BTreeSet<NaiveDate>)>, ApiError> {
    let mut out = Vec::new();
    for &k in &spec.kinds {
        let days = fetch::days_available(source, &account.user, k, spec.from, spec.to).await?;
        out.push((k, days));
    }
    Ok(out)
}

fn jobs_for(source: Source, spec: &Spec, have: &[(Kind, BTreeSet<NaiveDate>)]) -> Vec<Job> {
    plan(source, &spec.kinds, spec.from, spec.to, |k| {
        have.iter()
            .find(|(kk, _)| *kk == k)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    })
}

/// Progress of `spec` as the cache shows it now.
pub async fn progress(
    source: Source,
    account: &Account,
    spec: &Spec,
) -> Result<Progress, ApiError> {
    let have = stored(source, account, spec).await?;
    Ok(progress_of(source, spec, &have))
}

/// `progress` from the stored days `have` of each of `spec`'s types.
fn progress_of(source: Source, spec: &Spec, have: &[(Kind, BTreeSet<NaiveDate>)]) -> Progress {
    let days = u64::try_from((spec.to - spec.from).num_days() + 1).unwrap_or(0);
    let done: u64 = have.iter().map(|(_, d)| d.len() as u64).sum();
    let remaining = requests(source, &jobs_for(source, spec, have));
    Progress {
        total: days * spec.kinds.len() as u64,
        done,
        requests: spec.requests,
        remaining_requests: remaining,
        // The demo and an import ask no API: no budget to wait for.
        eta_s: source.provider().map_or(0, |p| {
            eta_s(
                remaining,
                crate::sources::limits::budget(p),
                client::load_usage(p),
                browser::now_ms() / 1000,
            )
        }),
    }
}

/// What `spec` would cost from here, said before it starts: the days and types missing, the
/// requests they take, the wait at the rate limit, and heart rate at every reading's part.
pub async fn cost(
    source: Source,
    account: &Account,
    spec: &Spec,
) -> Result<crate::sync::plan::Cost, ApiError> {
    // The stored days read once: the whole plan and heart rate's part are both cut from them.
    let have = stored(source, account, spec).await?;
    let p = progress_of(source, spec, &have);
    let every_reading = spec.kinds.contains(&Kind::HeartRate).then(|| {
        let only = Spec {
            kinds: vec![Kind::HeartRate],
            ..spec.clone()
        };
        requests(source, &jobs_for(source, &only, &have))
    });
    Ok(crate::sync::plan::Cost {
        missing: p.total.saturating_sub(p.done),
        requests: p.remaining_requests,
        every_reading,
        eta_s: p.eta_s,
    })
}

/// Runs `spec` to the end, or until `paused()` says stop, reporting after every request.
/// Each job's days are stored as soon as its answer lands, so stopping at any point loses
/// at most the request in flight.
/// How the page steers a running backfill.
pub struct Control<'a> {
    /// Checked between requests: `true` stops after the request in flight.
    pub paused: &'a dyn Fn() -> bool,
    /// Told the progress after every stored answer.
    pub report: &'a dyn Fn(Progress),
    /// Told when the rate limit holds the next request back, until when (unix ms).
    pub waiting: &'a dyn Fn(Option<i64>),
    pub abort: Option<&'a browser::Abort>,
}

pub async fn run(
    config: &Config,
    source: Source,
    account: &Account,
    mut spec: Spec,
    control: &Control<'_>,
) -> Result<(), ApiError> {
    let Control {
        paused,
        report,
        waiting,
        abort,
    } = *control;
    let have = stored(source, account, &spec).await?;
    // Without a database the days would be fetched and forgotten: a backfill needs one.
    if let Some(why) = browser::idb_unavailable() {
        return Err(ApiError::NoCache(why));
    }
    let jobs = jobs_for(source, &spec, &have);
    let sent = Cell::new(0u64);
    let base = spec.requests;
    let on_wait = |until: i64| waiting(Some(until));
    report(progress(source, account, &spec).await?);
    for job in jobs {
        if paused() {
            break;
        }
        let opts = Opts {
            abort,
            on_wait: Some(&on_wait),
            sent: Some(&sent),
            background: true,
            record: None,
        };
        let reader = fetch::Reader {
            config,
            source,
            account,
            opts: &opts,
        };
        let result = reader.fetch_range(job.kind, job.from, job.to).await;
        waiting(None);
        spec.requests = base + sent.get();
        // The stored spec carries the user's pause too: one pressed while this job ran must
        // not be overwritten by the loop's own copy, or the next visit would resume it. A
        // page that went away (aborted) is not a pause: the next visit resumes.
        spec.paused = paused() && !abort.is_some_and(browser::Abort::is_aborted);
        save(source, &account.user, &spec).await?;
        result?;
        report(progress(source, account, &spec).await?);
    }
    Ok(())
}
