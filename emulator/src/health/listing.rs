//! `dataPoints.list` and `:reconcile`: filters, families, page tokens and their errors.

use super::*;

pub(super) fn invalid_argument(message: &str, reason: &str) -> Response {
    rpc_error(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        message,
        Some(reason),
    )
}

/// Page tokens are opaque to clients: `base64url("v1:" + fingerprint(type, filter) + ":" + cursor)`.
pub(super) fn fingerprint(kebab: &str, filter: &str) -> String {
    Sha256::digest(format!("{kebab}\n{filter}"))
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A bad filter as the API answers it: `INVALID_DATA_POINT_FILTER` with the detailed reason and
/// a field violation (recorded).
pub(super) fn invalid_filter(e: &filter::FilterError) -> Response {
    let reason = e.reason();
    json(
        StatusCode::BAD_REQUEST,
        &json!({"error": {
            "code": 400,
            "message": format!("Invalid data point filter: {reason}."),
            "status": "INVALID_ARGUMENT",
            "details": [
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "domain": "health.googleapis.com",
                 "reason": "INVALID_DATA_POINT_FILTER", "metadata": {"detailedReasons": reason}},
                {"@type": "type.googleapis.com/google.rpc.BadRequest",
                 "fieldViolations": [{"field": "filter", "description": e.0}]}
            ]
        }}),
    )
}

pub(super) fn method_not_found(method: &str) -> Response {
    rpc_error(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        &format!("Method not found: {method}"),
        None,
    )
}

/// A request's `dataSourceFamily` (absent or empty: every source).
pub(super) fn family_of(v: Option<&str>) -> Result<Family, Response> {
    match v {
        None | Some("") => Ok(Family::All),
        Some(f) => parse_family(f).ok_or_else(|| {
            invalid_argument(
                &format!("Invalid data source family: {f}"),
                "INVALID_ARGUMENT",
            )
        }),
    }
}

pub(super) fn page_token(fp: &str, cursor: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{fp}:{cursor}"))
}

/// The cursor a page token carries, if it belongs to this request.
pub(super) fn read_token(token: &str, fp: &str) -> Option<i64> {
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())?;
    let (f, c) = decoded.strip_prefix("v1:")?.split_once(':')?;
    (f == fp).then(|| c.parse::<i64>().ok()).flatten()
}

/// `GET …/dataPoints` (every source's raw points) and `GET …/dataPoints:reconcile` (the merged
/// stream), newest first.
pub(super) async fn list(
    State(shared): State<Shared>,
    Path((_, kebab, method)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
    caller: Caller,
) -> Response {
    let reconcile = match method.as_str() {
        "dataPoints" => false,
        "dataPoints:reconcile" => true,
        _ => return method_not_found(&method),
    };
    let dt = match DataType::parse(&kebab) {
        Ok(dt) => dt,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    if let Err(r) = caller.allow(&mut st, &[dt.scope()]) {
        return r;
    }
    if dt == DataType::TotalCalories {
        return invalid_argument(
            "total-calories can only be read with :rollUp or :dailyRollUp.",
            "INVALID_DATA_TYPE",
        );
    }
    let get = match method_query(
        q.as_deref(),
        &["filter", "pageSize", "pageToken", "dataSourceFamily"],
    ) {
        Ok(get) => get,
        Err(r) => return r,
    };
    let family = match get("dataSourceFamily").as_str() {
        "" => Family::All,
        // The schema: listing sleep cannot be restricted by source; reconcile can.
        _ if dt == DataType::Sleep && !reconcile => return invalid_argument(
            "Filtering by data source family is not supported for sleep: use ReconcileDataPoints.",
            "INVALID_ARGUMENT",
        ),
        f => match family_of(Some(f)) {
            Ok(f) => f,
            Err(r) => return r,
        },
    };
    let filter_text = get("filter");
    let ranges = match filter::parse(&filter_text, &dt.snake(), dt.kind()) {
        Ok(r) => r,
        Err(e) => return invalid_filter(&e),
    };
    let (default_size, max_size) = dt.page_sizes();
    let mut page_size = match get("pageSize").as_str() {
        "" => default_size,
        s => match s.parse::<i64>() {
            Ok(n) if n > 0 => (n as usize).min(max_size),
            Ok(0) => default_size,
            _ => return invalid_argument(&format!("Invalid pageSize: {s}"), "INVALID_PAGE_SIZE"),
        },
    };
    // Recorded: heart-rate pages hold about half of 10,000.
    if dt == DataType::HeartRate {
        page_size = page_size.min(5000);
    }
    let world = st.google.clone();
    if world.short_pages {
        page_size = (page_size / 3).max(1);
    }
    let fp = fingerprint(
        &format!("{kebab}{method}{}", get("dataSourceFamily")),
        &filter_text,
    );
    // No point exists before the person's history or after "now".
    let now = st.now();
    let history_start = st.person.day_bounds(st.person.first_day).0;
    // Civil bounds become a physical window widened by the largest UTC offsets (±14 h), and
    // each point is then checked against its own local time; alternatives (OR) by their hull.
    let widen = 14 * 3600;
    let civil_to_physical = |c: NaiveDateTime, shift: i64| c.and_utc().timestamp() + shift;
    let bound_lo = |r: &filter::Range| {
        [
            r.physical.0,
            r.civil.0.map(|c| civil_to_physical(c, -widen)),
        ]
        .into_iter()
        .flatten()
        .max()
    };
    let bound_hi = |r: &filter::Range| {
        [r.physical.1, r.civil.1.map(|c| civil_to_physical(c, widen))]
            .into_iter()
            .flatten()
            .min()
    };
    let lo = ranges
        .iter()
        .map(|r| bound_lo(r).unwrap_or(history_start))
        .min()
        .unwrap_or(history_start)
        .max(history_start);
    let mut hi = ranges
        .iter()
        .map(|r| bound_hi(r).unwrap_or(now))
        .max()
        .unwrap_or(now)
        .min(now);
    let token = get("pageToken");
    if !token.is_empty() {
        match read_token(&token, &fp) {
            Some(c) => hi = hi.min(c),
            None => {
                return invalid_argument(
                    "Invalid page token: it does not belong to this request.",
                    "INVALID_PAGE_TOKEN",
                )
            }
        }
    } else if world.empty_page_with_token && hi > lo {
        // A first page with nothing on it, that still points on.
        return json(
            StatusCode::OK,
            &json!({ "nextPageToken": page_token(&fp, hi) }),
        );
    }
    let civil_filter = ranges.iter().any(filter::Range::has_civil);
    if world.civil_filters_empty
        && civil_filter
        && matches!(dt, DataType::HeartRate | DataType::Steps)
    {
        return json(StatusCode::OK, &json!({}));
    }
    let ask = Ask {
        world: &world,
        family,
        reconcile,
    };
    let mut page: Vec<(i64, Value)> = Vec::new();
    let mut next_cursor = None;
    let mut window_hi = hi;
    'outer: while window_hi > lo {
        let window_lo = (window_hi - dt.window()).max(lo);
        // A minute earlier too: a point keyed inside its minute belongs to this window.
        let points = generate(&st.person, dt, (window_lo - 60, window_hi), &ask, &|_| true);
        for p in points.into_iter().rev() {
            if p.key < window_lo || p.key >= window_hi {
                continue;
            }
            if !ranges.iter().any(|r| r.contains(p.key, &p.civil)) {
                continue;
            }
            if page.len() == page_size {
                // The next page starts below the last key returned: keys are unique instants.
                next_cursor = page.last().map(|(k, _)| *k);
                break 'outer;
            }
            page.push((p.key, p.json));
        }
        window_hi = window_lo;
    }
    // Proto3 JSON: an empty list is left out.
    let mut body = json!({});
    if !page.is_empty() {
        body["dataPoints"] = Value::Array(page.into_iter().map(|(_, v)| v).collect());
    }
    if let Some(c) = next_cursor {
        body["nextPageToken"] = json!(page_token(&fp, c));
    }
    json(StatusCode::OK, &body)
}
