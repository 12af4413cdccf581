//! Tests of `config`: the request timeout, and a deployer's overrides replacing only the client.

use super::*;

#[test]
fn request_timeout_defaults_and_is_bounded() {
    let base =
        r#""providers":{"google":{"client_id":"x","redirect_uri":"https://a.b/redirect.html"}}"#;
    assert_eq!(
        parse(&format!("{{{base}}}")).unwrap().request_timeout_s,
        DEFAULT_TIMEOUT_S
    );
    assert_eq!(
        parse(&format!(r#"{{{base},"request_timeout_s":2}}"#))
            .unwrap()
            .request_timeout_s,
        2
    );
    for bad in ["0", "601"] {
        assert!(matches!(
            parse(&format!(r#"{{{base},"request_timeout_s":{bad}}}"#)),
            Err(ConfigError::Invalid { field, .. }) if field == "request_timeout_s"
        ));
    }
}

#[test]
fn overrides_replace_only_the_client() {
    let c = parse(r#"{"providers":{"google":{"client_id":"site","client_secret":"s","redirect_uri":"https://a.b/redirect.html"}}}"#).unwrap();
    let mine = ClientOverride {
        client_id: " mine.apps.googleusercontent.com ".into(),
        client_secret: Some("  ".into()),
    }
    .normalized()
    .unwrap();
    let e = c.with_overrides(&[(Provider::Google, mine)]);
    let g = e.provider(Provider::Google).unwrap();
    assert_eq!(
        (g.client_id.as_str(), g.client_secret.as_deref()),
        ("mine.apps.googleusercontent.com", None)
    );
    assert_eq!(g.redirect_uri.as_str(), "https://a.b/redirect.html");
    assert!(ClientOverride {
        client_id: "  ".into(),
        client_secret: None
    }
    .normalized()
    .is_none());
}
