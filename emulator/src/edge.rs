//! What every emulated API host does before and after its handlers: CORS as browsers need it,
//! and the fault switches tests flip through the control API.

use crate::faults::Family;
use crate::state::{logged, Shared};
use crate::Host;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::time::Duration;

/// Wraps an API host's router with logging, CORS and faults.
pub fn api_host(router: Router, shared: Shared, host: Host) -> Router {
    let router = router.layer(axum::middleware::from_fn_with_state(
        (shared.clone(), host),
        edge,
    ));
    logged(router, shared, host)
}

async fn edge(State((shared, host)): State<(Shared, Host)>, req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let family = Family::of(host);
    let (fault, gone, expose) = {
        let st = shared.lock();
        let fault = family
            .and_then(|f| st.faults.families.get(&f).cloned())
            .unwrap_or_default();
        (
            fault,
            st.faults.fitbit_gone && family.is_some_and(Family::is_fitbit),
            st.faults.fitbit_expose_rate_headers,
        )
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let preflight = req.method() == Method::OPTIONS;
    // The preflight still succeeds in 410 mode (front ends answer OPTIONS generically), so the
    // browser lets the page read the 410 itself instead of reporting a CORS failure.
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else if gone {
        gone_response(host)
    } else if let Some(status) = fault.status {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, format!("emulated fault: {status}")).into_response()
    } else if fault.permission_denied && family == Some(Family::GoogleHealth) {
        crate::wire::rpc_error(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            "The caller does not have permission",
            None,
        )
    } else if fault.permission_denied && family == Some(Family::FitbitApi) {
        // Seen on SpO2 and breathing-rate endpoints from 2025-11 to 2026-04.
        crate::wire::fitbit_error(
            StatusCode::FORBIDDEN,
            "insufficient_permissions",
            "The caller does not have permission",
        )
    } else {
        next.run(req).await
    };
    if fault.truncate && !preflight {
        response = truncate(response).await;
    }
    if let (Some(origin), false) = (origin, fault.drop_cors) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        if preflight {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(
                    "Authorization, Content-Type, Accept, Accept-Language, Accept-Locale",
                ),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
        if expose && family == Some(Family::FitbitApi) {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(
                    "Fitbit-Rate-Limit-Limit, Fitbit-Rate-Limit-Remaining, Fitbit-Rate-Limit-Reset",
                ),
            );
        }
    }
    response
}

fn gone_response(host: Host) -> Response {
    if host == Host::WwwFitbit {
        let page = "<!DOCTYPE html><title>410 Gone</title><h1>Gone</h1><p>The Fitbit Web API and Fitbit OAuth were turned off on November 2, 2026. Use the Google Health API.</p>";
        return (
            StatusCode::GONE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    }
    let body = serde_json::json!({"errors":[{"errorType":"system","message":"The Fitbit Web API was turned off on November 2, 2026. Use the Google Health API."}],"success":false});
    (StatusCode::GONE, axum::Json(body)).into_response()
}

async fn truncate(response: Response) -> Response {
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            let cut = bytes.slice(..bytes.len() / 2);
            let mut r = Response::from_parts(parts, Body::from(cut));
            r.headers_mut().remove(header::CONTENT_LENGTH);
            r
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}
