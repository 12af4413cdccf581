//! The demo source's page side: its days come from the worker module, which holds the
//! generator (`sources::demo::generate`) and the zone rules it needs.

use super::client;
use super::protocol::{Answer, Ask, RawDay};
use crate::model::codec;
use crate::model::{Kind, Payload};
use crate::sources::{ApiError, Fetched};
use chrono::NaiveDate;

/// Every day of `[from, to]` of `data` of the demo's person `user`, made by the worker.
pub async fn range(
    user: &str,
    data: Kind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Fetched, ApiError> {
    let ask = |id| Ask::Demo {
        id,
        kind: data,
        from,
        to,
        user: Some(user.to_string()),
    };
    let (answer, bytes) = client::ask(ask, &[]).await.map_err(ApiError::Demo)?;
    let Answer::Demo { mut days, .. } = answer else {
        return Err(ApiError::Demo(
            "an answer that is not the days asked for".into(),
        ));
    };
    RawDay::attach(&mut days, &bytes)
        .ok_or_else(|| ApiError::Demo("the days' bytes were cut".into()))?;
    let days = days
        .into_iter()
        .map(|d| {
            let payload: Option<Payload> = codec::decode(&d.payload);
            payload
                .map(|p| (d.date, p))
                .ok_or_else(|| ApiError::Demo(format!("the {} day could not be read", d.date)))
        })
        .collect::<Result<_, _>>()?;
    Ok(Fetched {
        days,
        companions: Vec::new(),
    })
}

/// The GPS track of the demo person `user`'s workout that started at `start`, made by the
/// worker (none when it had no GPS).
pub async fn route(user: &str, start: i64) -> Result<Vec<crate::model::route::Fix>, ApiError> {
    let ask = |id| Ask::DemoRoute {
        id,
        start,
        user: Some(user.to_string()),
    };
    match client::ask(ask, &[]).await.map_err(ApiError::Demo)? {
        (Answer::Route { fixes, .. }, _) => Ok(fixes),
        _ => Err(ApiError::Demo(
            "an answer that is not the route asked for".into(),
        )),
    }
}
