//! Tests of `config`: the page's CSP must allow every origin the config names.

use super::*;

#[test]
fn csp_must_allow_configured_origins() {
    let text = r#"{"providers":{"google":{"client_id":"x","redirect_uri":"https://a.b/r.html","api_base":"http://127.0.0.1:7001","token_base":"http://127.0.0.1:7002"}}}"#;
    let policy = "default-src 'self'; connect-src 'self' http://127.0.0.1:7001";
    match parse_for_page(text, Some(policy), "https://a.b") {
        Err(StartupError::CspBlocks { origins }) => {
            assert_eq!(origins, "http://127.0.0.1:7002")
        }
        other => panic!("unexpected {other:?}"),
    }
    let policy = "connect-src http://127.0.0.1:7001 http://127.0.0.1:7002";
    assert!(parse_for_page(text, Some(policy), "https://a.b").is_ok());
    assert!(parse_for_page(text, None, "https://a.b").is_ok());
}
