//! The days of a range page's span (Sleep timing, Workouts): the last 30, 90 or 365 days, or
//! every day stored. An export's spans end at its last stored date, where it was made, not today.

use crate::components::session::Session;
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The earliest date "every day stored" looks from.
const EPOCH: (i32, u32, u32) = (2008, 1, 1);

/// The days of `data` over the span of `span` days ending `to` (0: every day stored), and the
/// dates the span covers. A span of days is fetched where missing (as Trends does); "every day
/// stored" reads only what is stored (for the demo and an import, from the first stored date).
/// `also`: other kinds of the same dates, read as far as stored for a connected account (the
/// page asks the API for `data` only), fetched or made for an export and the demo.
pub async fn span_days(
    session: Session,
    account: &fetch::Account,
    data: Kind,
    span: i64,
    to: NaiveDate,
    also: &[Kind],
) -> Result<Span, ApiError> {
    with_reader(session, account, async |reader| {
        let reach = reach(session, reader, account, data, span, to).await?;
        let days = if span > 0 {
            reader.days(data, reach).await?
        } else {
            reader.stored_days(data, reach).await?
        };
        let to = reach.1;
        let first = days.first().map_or(to, |(d, _)| *d);
        let range = (
            if span > 0 {
                to - chrono::Duration::days(span - 1)
            } else {
                first
            },
            to,
        );
        let mut others = Vec::new();
        for &kind in also {
            if !crate::sources::offers(session.source, kind) {
                others.push(Vec::new());
                continue;
            }
            others.push(if session.source.provider().is_some() {
                reader.stored_days(kind, range).await?
            } else {
                reader.ensure(kind, range, &|_, _| {}).await?;
                reader.days(kind, range).await?
            });
        }
        Ok(Span {
            days,
            others,
            range,
        })
    })
    .await
}

/// The dates `span_days` reads for `data` (from the earliest it looks at, for every day
/// stored), with those days made sure of first: fetched where missing for a span of days, and
/// for "every day stored" of an export or the demo, every day from the first stored.
async fn reach(
    session: Session,
    reader: &fetch::Reader<'_>,
    account: &fetch::Account,
    data: Kind,
    span: i64,
    to: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let epoch = NaiveDate::from_ymd_opt(EPOCH.0, EPOCH.1, EPOCH.2).unwrap_or(to);
    // An import's stored dates (and the demo's, for every day stored), read once: an export
    // ends where it was made, and every day stored starts at the first.
    let import = session.source == crate::model::Source::Import;
    let stored = if import || (span == 0 && session.source.provider().is_none()) {
        Some(fetch::days_available(session.source, &account.user, data, epoch, to).await?)
    } else {
        None
    };
    let to = match &stored {
        Some(s) if import => s.last().copied().unwrap_or(to),
        _ => to,
    };
    if span > 0 {
        let range = (to - chrono::Duration::days(span - 1), to);
        reader.ensure(data, range, &|_, _| {}).await?;
        return Ok(range);
    }
    if let Some(s) = &stored {
        // All at hand: make sure every day from the first stored is.
        let first = s.first().copied().unwrap_or(to);
        reader.ensure(data, (first, to), &|_, _| {}).await?;
    }
    Ok((epoch, to))
}

/// Each day's one figure of `data` (steps added up, a daily value) over the span `span_days`
/// would read, from the figures stored beside the days (`sync::cache::figure_prefix`): ten
/// years in one small read, no day's minutes decoded.
pub async fn span_figures(
    session: Session,
    account: &fetch::Account,
    data: Kind,
    span: i64,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, f64)>, ApiError> {
    with_reader(session, account, async |reader| {
        let reach = reach(session, reader, account, data, span, to).await?;
        reader.figures(data, reach).await
    })
    .await
}

/// Runs `f` with a reader of the session's source for `account` (no abort, no progress).
pub async fn with_reader<T>(
    session: Session,
    account: &fetch::Account,
    f: impl AsyncFnOnce(&fetch::Reader<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let config = session.config.try_get_value().ok_or(ApiError::Aborted)?;
    let opts = Opts::default();
    let reader = fetch::Reader {
        config: &config,
        source: session.source,
        account,
        opts: &opts,
    };
    f(&reader).await
}

/// A span's days, and those of the other kinds asked for (in their order).
pub struct Span {
    pub days: Vec<(NaiveDate, Payload)>,
    pub others: Vec<Vec<(NaiveDate, Payload)>>,
    pub range: (NaiveDate, NaiveDate),
}
