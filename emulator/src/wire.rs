//! The wire shapes every host answers in: JSON bodies, Google's RPC errors, Fitbit's error
//! list, and form/query pairs. The ground the API modules stand on.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// `Response` helper used by several modules.
pub fn json<T: Serialize>(status: axum::http::StatusCode, body: &T) -> Response {
    (status, axum::Json(body)).into_response()
}

/// A `google.rpc.Status` error response.
pub fn rpc_error(
    status: StatusCode,
    rpc_status: &str,
    message: &str,
    reason: Option<&str>,
) -> Response {
    let mut error = json!({"code": status.as_u16(), "message": message, "status": rpc_status});
    if let Some(reason) = reason {
        error["details"] = json!([{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": reason,
            "domain": "googleapis.com",
            "metadata": {"service": "health.googleapis.com"}
        }]);
    }
    json(status, &json!({ "error": error }))
}

/// `{"errors":[{"errorType","message"}],"success":false}`
pub fn fitbit_error(status: StatusCode, error_type: &str, message: &str) -> Response {
    json(
        status,
        &json!({"errors": [{"errorType": error_type, "message": message}], "success": false}),
    )
}

/// Parses a form or query string into a map; a repeated key keeps every value.
pub fn parse_pairs(text: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in form_urlencoded::parse(text.as_bytes()) {
        map.entry(k.into_owned()).or_default().push(v.into_owned());
    }
    map
}

pub fn first<'a>(map: &'a HashMap<String, Vec<String>>, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(|v| v.first())
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn with_params(base: &str, sep: char, params: &[(&str, &str)]) -> String {
    let encoded: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().copied())
        .finish();
    format!("{base}{sep}{encoded}")
}
