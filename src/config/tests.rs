//! Tests of `config`: reading `config.json`, and what a bad one is told.

use super::*;

const GOOD: &str = r#"{"providers":{
    "google":{"client_id":"abc.apps.googleusercontent.com","client_secret":"s3cr3t",
              "redirect_uri":"https://me.github.io/fitdata/redirect.html"},
    "fitbit":{"client_id":"23ABCD","redirect_uri":"https://me.github.io/fitdata/redirect.html",
              "api_base":"http://127.0.0.1:9001"}}}"#;

#[test]
fn good_config_fills_production_defaults() {
    let c = parse(GOOD).unwrap();
    let g = c.provider(Provider::Google).unwrap();
    assert_eq!(g.auth_base.as_str(), "https://accounts.google.com/");
    assert_eq!(g.token_base.as_str(), "https://oauth2.googleapis.com/");
    assert_eq!(g.client_secret.as_deref(), Some("s3cr3t"));
    let f = c.provider(Provider::Fitbit).unwrap();
    assert_eq!(f.token_base, f.api_base);
    assert_eq!(
        c.connect_origins(),
        vec![
            "http://127.0.0.1:9001",
            "https://health.googleapis.com",
            "https://oauth2.googleapis.com"
        ]
    );
}

#[test]
fn missing_field_is_named_with_its_path() {
    let e = parse(r#"{"providers":{"google":{"redirect_uri":"https://a.b/"}}}"#).unwrap_err();
    assert_eq!(
        e,
        ConfigError::Missing {
            field: "providers.google.client_id".into()
        }
    );
    assert!(e
        .to_string()
        .contains("`providers.google.client_id` is missing"));
}

#[test]
fn unknown_field_is_named() {
    let e = parse(r#"{"providers":{"google":{"client_id":"x","redirect_uri":"https://a.b/","clientid":"y"}}}"#)
        .unwrap_err();
    assert_eq!(
        e,
        ConfigError::Unknown {
            field: "providers.google.clientid".into()
        }
    );
}

#[test]
fn wrong_type_is_named() {
    let e = parse(r#"{"providers":{"fitbit":{"client_id":42,"redirect_uri":"https://a.b/"}}}"#)
        .unwrap_err();
    match e {
        ConfigError::Invalid { field, .. } => assert_eq!(field, "providers.fitbit.client_id"),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn syntax_error_and_empty_and_no_provider() {
    assert!(matches!(parse("{ nope"), Err(ConfigError::Syntax(_))));
    assert!(matches!(parse(""), Err(ConfigError::Syntax(_))));
    assert_eq!(
        parse(r#"{"providers":{}}"#).unwrap_err(),
        ConfigError::Missing {
            field: "providers.google".into()
        }
    );
    assert_eq!(
        parse(r#"{}"#).unwrap_err(),
        ConfigError::Missing {
            field: "providers".into()
        }
    );
}

#[test]
fn urls_are_checked() {
    let bad_scheme =
        r#"{"providers":{"google":{"client_id":"x","redirect_uri":"http://evil.example/"}}}"#;
    match parse(bad_scheme).unwrap_err() {
        ConfigError::Invalid { field, problem } => {
            assert_eq!(field, "providers.google.redirect_uri");
            assert!(problem.contains("https"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let with_path = r#"{"providers":{"google":{"client_id":"x","redirect_uri":"https://a.b/","api_base":"https://h.example/v4"}}}"#;
    match parse(with_path).unwrap_err() {
        ConfigError::Invalid { field, .. } => assert_eq!(field, "providers.google.api_base"),
        other => panic!("unexpected {other:?}"),
    }
    let fitbit_token = r#"{"providers":{"fitbit":{"client_id":"x","redirect_uri":"https://a.b/","token_base":"https://t.example"}}}"#;
    assert_eq!(
        parse(fitbit_token).unwrap_err(),
        ConfigError::Unknown {
            field: "providers.fitbit.token_base".into()
        }
    );
    let empty_id = r#"{"providers":{"google":{"client_id":"  ","redirect_uri":"https://a.b/"}}}"#;
    assert!(
        matches!(parse(empty_id), Err(ConfigError::Invalid { field, .. }) if field == "providers.google.client_id")
    );
}

#[test]
fn arbitrary_input_never_panics() {
    for text in [
        "null",
        "[]",
        "1",
        "\"x\"",
        "{\"providers\":null}",
        "{\"providers\":[]}",
        "\u{0}",
    ] {
        assert!(parse(text).is_err(), "{text}");
    }
}
