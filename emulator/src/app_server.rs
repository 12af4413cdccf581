//! Serves the built app (Trunk's `dist/`) under its base path, as a static host would, with two
//! files written for the emulator: `config.json` (pointing at the emulator's origins) and
//! `index.html` (its CSP `connect-src` widened to exactly those origins).

use crate::clients::{FITBIT_CLIENT_ID, GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};
use crate::state::{logged, Shared};
use crate::Host;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::json;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The demo `config.json` for these origins.
pub fn demo_config(shared: &Shared) -> serde_json::Value {
    let o = &shared.origins;
    let redirect = format!("{}redirect.html", o.app);
    json!({
        "providers": {
            "google": {
                "client_id": GOOGLE_CLIENT_ID,
                "client_secret": GOOGLE_CLIENT_SECRET,
                "redirect_uri": redirect,
                "auth_base": o.accounts_google,
                "token_base": o.oauth2_googleapis,
                "api_base": o.health_googleapis,
            },
            "fitbit": {
                "client_id": FITBIT_CLIENT_ID,
                "client_secret": null,
                "redirect_uri": redirect,
                "auth_base": o.www_fitbit,
                "api_base": o.api_fitbit,
            }
        }
    })
}

/// Replaces the `connect-src` directive of every CSP in `html` with `'self'` plus `origins`.
pub fn rewrite_connect_src(html: &str, origins: &[&str]) -> String {
    let directive = format!("connect-src 'self' {}", origins.join(" "));
    let mut out = String::with_capacity(html.len() + directive.len());
    let mut rest = html;
    while let Some(i) = rest.find("connect-src") {
        out.push_str(&rest[..i]);
        out.push_str(&directive);
        let tail = &rest[i..];
        let end = tail.find([';', '"']).unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

pub fn router(shared: Shared) -> Router {
    let router = Router::new().fallback(serve).with_state(shared.clone());
    logged(router, shared, Host::App)
}

async fn serve(State(shared): State<Shared>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let Some(rel) = path.strip_prefix(shared.app_base.as_str()) else {
        // A static host serves nothing outside the app's folder.
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let Some(dir) = shared.app_dir.clone() else {
        return (StatusCode::NOT_FOUND, "no app directory given (--app-dir)").into_response();
    };
    match rel {
        "config.json" => {
            let text = shared
                .lock()
                .app_config_override
                .clone()
                .unwrap_or_else(|| demo_config(&shared).to_string());
            no_store(([(header::CONTENT_TYPE, "application/json")], text).into_response())
        }
        // Every page gets the CSP rewritten: index.html and redirect.html (the same app).
        page if page.is_empty() || (page.ends_with(".html") && !page.contains('/')) => {
            let file = if page.is_empty() { "index.html" } else { page };
            match tokio::fs::read_to_string(dir.join(file)).await {
                Ok(html) => {
                    let o = &shared.origins;
                    let origins = [
                        o.oauth2_googleapis.as_str(),
                        o.health_googleapis.as_str(),
                        o.api_fitbit.as_str(),
                    ];
                    no_store(
                        (
                            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                            rewrite_connect_src(&html, &origins),
                        )
                            .into_response(),
                    )
                }
                Err(e) => (StatusCode::NOT_FOUND, format!("{file}: {e}")).into_response(),
            }
        }
        _ => {
            // Hand the rest to a static file server rooted at the app dir, with the base
            // stripped from the path.
            let mut req = req;
            let uri = format!("/{rel}");
            match uri.parse() {
                Ok(u) => *req.uri_mut() = u,
                Err(_) => return (StatusCode::BAD_REQUEST, "bad path").into_response(),
            }
            match ServeDir::new(dir).oneshot(req).await {
                Ok(r) => r.map(Body::new),
                Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
            }
        }
    }
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_connect_src() {
        let html = r#"<meta content="default-src 'self'; connect-src 'self' https://a.example; object-src 'none'">"#;
        assert_eq!(
            rewrite_connect_src(html, &["http://127.0.0.1:1", "http://127.0.0.1:2"]),
            r#"<meta content="default-src 'self'; connect-src 'self' http://127.0.0.1:1 http://127.0.0.1:2; object-src 'none'">"#
        );
        let last = r#"content="default-src 'self'; connect-src https://a""#;
        assert_eq!(
            rewrite_connect_src(last, &["http://x"]),
            r#"content="default-src 'self'; connect-src 'self' http://x""#
        );
    }
}
