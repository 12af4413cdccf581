//! Browser-layer tests, run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use fitdata::browser::{self, BrowserError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn page_origin_is_the_test_server() {
    let origin = browser::page_origin().unwrap();
    assert!(origin.starts_with("http://127.0.0.1:"), "{origin}");
}

#[wasm_bindgen_test]
async fn missing_file_is_an_http_status_not_a_network_error() {
    let err = browser::fetch_text("definitely-not-here.json")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        BrowserError::Status {
            url: "definitely-not-here.json".into(),
            status: 404
        }
    );
}

#[wasm_bindgen_test]
async fn unreachable_origin_is_a_network_error() {
    // Port 9 (discard) on loopback refuses connections: a network failure, not an HTTP status.
    let err = browser::fetch_text("http://127.0.0.1:9/x")
        .await
        .unwrap_err();
    assert!(matches!(err, BrowserError::Network { .. }), "{err:?}");
    assert!(err.to_string().contains("could not reach"));
}

#[wasm_bindgen_test]
fn no_csp_meta_on_the_test_page() {
    assert_eq!(browser::csp_meta(), None);
}
