//! Tests of `auth::flow`: PKCE, the sign-in URLs and the token requests of both providers.

use super::*;
use crate::config;

fn google() -> ProviderConfig {
    config::parse(r#"{"providers":{"google":{"client_id":"cid.apps.googleusercontent.com","client_secret":"GOCSPX-s","redirect_uri":"https://me.github.io/fitdata/redirect.html","auth_base":"http://127.0.0.1:7001","token_base":"http://127.0.0.1:7002"}}}"#)
        .unwrap()
        .providers[0]
        .clone()
}
fn fitbit(secret: bool) -> ProviderConfig {
    let s = if secret {
        r#""0123456789abcdef""#
    } else {
        "null"
    };
    config::parse(&format!(r#"{{"providers":{{"fitbit":{{"client_id":"23ABCD","client_secret":{s},"redirect_uri":"https://me.github.io/fitdata/redirect.html"}}}}}}"#))
        .unwrap()
        .providers[0]
        .clone()
}
fn params(url: &Url) -> std::collections::HashMap<String, String> {
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[test]
fn pkce_matches_rfc7636_appendix_b() {
    let v = oauth2::PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
    assert_eq!(
        PkceCodeChallenge::from_code_verifier_sha256(&v).as_str(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn google_code_url() {
    let (url, p) = authorize(&google(), Mode::Code, &default_scopes(Provider::Google), 0).unwrap();
    assert!(url
        .as_str()
        .starts_with("http://127.0.0.1:7001/o/oauth2/v2/auth?"));
    let q = params(&url);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["client_id"], "cid.apps.googleusercontent.com");
    assert_eq!(
        q["redirect_uri"],
        "https://me.github.io/fitdata/redirect.html"
    );
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["access_type"], "offline");
    assert_eq!(q["prompt"], "consent");
    assert_eq!(q["state"], p.state);
    assert!(q["scope"].contains("googlehealth.sleep.readonly"));
    assert!(
        !url.as_str().contains("GOCSPX"),
        "the secret never goes in a URL"
    );
    let v = oauth2::PkceCodeVerifier::new(p.verifier.clone().unwrap());
    assert_eq!(
        q["code_challenge"],
        PkceCodeChallenge::from_code_verifier_sha256(&v).as_str()
    );
    // Fresh state and verifier every time.
    let (_, p2) = authorize(&google(), Mode::Code, &[], 0).unwrap();
    assert_ne!(p.state, p2.state);
    assert_ne!(p.verifier, p2.verifier);
}

#[test]
fn google_token_mode_and_fitbit_urls() {
    let (url, p) = authorize(&google(), Mode::Token, &[], 0).unwrap();
    let q = params(&url);
    assert_eq!(q["response_type"], "token");
    assert!(!q.contains_key("code_challenge") && !q.contains_key("access_type"));
    assert!(p.verifier.is_none());
    let (url, _) = authorize(
        &fitbit(false),
        Mode::Code,
        &default_scopes(Provider::Fitbit),
        0,
    )
    .unwrap();
    assert!(url
        .as_str()
        .starts_with("https://www.fitbit.com/oauth2/authorize?"));
    assert_eq!(
        params(&url)["scope"],
        "activity heartrate sleep profile settings oxygen_saturation respiratory_rate temperature cardio_fitness weight"
    );
}

fn pending(mode: Mode) -> Pending {
    Pending {
        provider: Provider::Google,
        mode,
        state: "s1".into(),
        verifier: Some("v".repeat(43)),
        scopes: vec!["a".into(), "b".into()],
        created_at_ms: 1_000,
        issuer: Some("https://accounts.example".into()),
        back: None,
    }
}

#[test]
fn oauth_edge_rules() {
    let u = |s: &str| Url::parse(s).unwrap();
    // The state names its provider, and the pending sign-in knows its server.
    let (_, p) = authorize(&google(), Mode::Code, &default_scopes(Provider::Google), 0).unwrap();
    assert!(p.state.starts_with("google.") && p.state.len() > 20);
    assert_eq!(p.issuer.as_deref(), Some("http://127.0.0.1:7001"));
    let st = p.state.clone();
    let at = |q: &str| validate_callback(&u(&format!("https://x/r.html?{q}")), Some(&p), 10);
    assert!(at(&format!("state={st}&code=c")).is_ok());
    // A parameter twice: refused before anything is read from it.
    for q in [
        format!("state={st}&code=c&code=d"),
        format!("state={st}&state={st}&code=c"),
    ] {
        assert!(
            matches!(at(&q), Err(AuthError::MalformedCallback { .. })),
            "{q}"
        );
    }
    // RFC 9207: the issuer, when given, is the server asked (or Google's own name).
    assert!(at(&format!(
        "state={st}&code=c&iss=http%3A%2F%2F127.0.0.1%3A7001"
    ))
    .is_ok());
    assert!(at(&format!(
        "state={st}&code=c&iss=https%3A%2F%2Faccounts.google.com"
    ))
    .is_ok());
    let mixed = at(&format!("state={st}&code=c&iss=https%3A%2F%2Fevil.example"));
    assert!(
        matches!(&mixed, Err(AuthError::MalformedCallback { detail, .. }) if detail.contains("evil.example")),
        "{mixed:?}"
    );
    // A state made for Fitbit is never taken by a Google sign-in, even if it matched.
    let mut crossed = p.clone();
    crossed.state = "fitbit.abcdefghijklmnop".into();
    assert_eq!(
        validate_callback(
            &u("https://x/r.html?state=fitbit.abcdefghijklmnop&code=c"),
            Some(&crossed),
            10
        ),
        Err(AuthError::StateMismatch {
            provider: Provider::Google
        })
    );
    // Only Bearer tokens, from the token endpoint and from the fragment.
    for (body, ok) in [
        (r#"{"access_token":"a","token_type":"Bearer"}"#, true),
        (r#"{"access_token":"a","token_type":"bearer"}"#, true),
        (r#"{"access_token":"a","token_type":"mac"}"#, false),
        (r#"{"access_token":"a"}"#, false),
    ] {
        let r = process_token_response(Provider::Google, 200, body, 0, &[], None, &[]);
        assert_eq!(r.is_ok(), ok, "{body}: {r:?}");
    }
    let mut tp = p.clone();
    tp.mode = Mode::Token;
    let frag = |f: &str| validate_callback(&u(&format!("https://x/r.html#{f}")), Some(&tp), 10);
    assert!(frag(&format!("state={st}&access_token=t&token_type=Bearer")).is_ok());
    assert!(matches!(
        frag(&format!("state={st}&access_token=t&token_type=mac")),
        Err(AuthError::Decode { .. })
    ));
}

#[test]
fn callback_validation() {
    let p = pending(Mode::Code);
    let u = |s: &str| Url::parse(s).unwrap();
    let ok = validate_callback(
        &u("https://x/r.html?state=s1&code=c0de&scope=a"),
        Some(&p),
        2_000,
    )
    .unwrap();
    assert_eq!(
        ok,
        Callback::Code {
            code: "c0de".into(),
            scope: Some("a".into())
        }
    );
    // Fitbit's #_=_ does not matter.
    assert!(validate_callback(
        &u("https://x/r.html?code=c0de&state=s1#_=_"),
        Some(&p),
        2_000
    )
    .is_ok());
    let cases: Vec<(&str, AuthError)> = vec![
        (
            "https://x/r.html?state=WRONG&code=c",
            AuthError::StateMismatch {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?code=c",
            AuthError::StateMismatch {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?state=s1&error=access_denied",
            AuthError::Denied {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?state=s1",
            AuthError::MissingCode {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?state=s1&code=",
            AuthError::MissingCode {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?state=WRONG&error=access_denied",
            AuthError::StateMismatch {
                provider: Provider::Google,
            },
        ),
        (
            "https://x/r.html?%ZZ=&&&state=s1",
            AuthError::MissingCode {
                provider: Provider::Google,
            },
        ),
    ];
    for (url, want) in cases {
        assert_eq!(
            validate_callback(&u(url), Some(&p), 2_000).unwrap_err(),
            want,
            "{url}"
        );
    }
    assert!(matches!(
        validate_callback(&u("https://x/r.html?state=s1&error=invalid_scope&error_description=bad"), Some(&p), 2_000),
        Err(AuthError::Provider { error, .. }) if error == "invalid_scope"
    ));
    // No pending sign-in (already used, or another tab): refused before anything else.
    assert_eq!(
        validate_callback(&u("https://x/r.html?state=s1&code=c"), None, 0).unwrap_err(),
        AuthError::NoPendingSignIn
    );
    // Too old.
    assert_eq!(
        validate_callback(
            &u("https://x/r.html?state=s1&code=c"),
            Some(&p),
            1_000 + PENDING_TTL_MS + 1
        )
        .unwrap_err(),
        AuthError::PendingExpired {
            provider: Provider::Google
        }
    );
    // Token mode reads the fragment.
    let t = pending(Mode::Token);
    match validate_callback(&u("https://x/r.html#access_token=ya29.x&token_type=Bearer&expires_in=3599&scope=a&state=s1"), Some(&t), 5_000).unwrap() {
        Callback::Token(ts) => {
            assert_eq!(ts.expires_at_ms, 5_000 + 3_599_000);
            assert_eq!(ts.scopes, vec!["a"]);
            assert!(ts.refresh_token.is_none());
        }
        other => panic!("{other:?}"),
    }
    assert!(is_callback(&u("https://x/r.html?code=1&state=2")));
    assert!(is_callback(&u("https://x/r.html#access_token=1")));
    assert!(!is_callback(&u("https://x/")));
}

#[test]
fn token_requests_authenticate_each_client_type() {
    let p = pending(Mode::Code);
    let r = code_request(&google(), &p, "c0de").unwrap();
    assert_eq!(r.url, "http://127.0.0.1:7002/token");
    assert!(r.body.contains("client_secret=GOCSPX-s") && r.body.contains("code_verifier=vvvv"));
    assert!(r.basic.is_none());
    let r = code_request(&fitbit(false), &p, "c0de").unwrap();
    assert_eq!(r.url, "https://api.fitbit.com/oauth2/token");
    assert!(r.body.contains("client_id=23ABCD") && r.basic.is_none());
    let r = code_request(&fitbit(true), &p, "c0de").unwrap();
    assert!(!r.body.contains("client_id") && r.basic.as_deref().unwrap().starts_with("Basic "));
}

#[test]
fn token_responses() {
    let ok = r#"{"access_token":"ya29.a","expires_in":3599,"refresh_token":"1//r","scope":"a b","token_type":"Bearer","refresh_token_expires_in":604799}"#;
    let t = process_token_response(Provider::Google, 200, ok, 1_000, &[], None, &[]).unwrap();
    assert_eq!(
        (t.expires_at_ms, t.refresh_expires_at_ms),
        (1_000 + 3_599_000, Some(1_000 + 604_799_000))
    );
    assert_eq!(t.scopes, vec!["a", "b"]);
    // Google's refresh answer has no refresh token: the old one is kept.
    let refreshed =
        r#"{"access_token":"ya29.b","expires_in":3599,"scope":"a b","token_type":"Bearer"}"#;
    let t2 = process_token_response(Provider::Google, 200, refreshed, 9_000, &[], Some(&t), &[])
        .unwrap();
    assert_eq!(t2.refresh_token.as_deref(), Some("1//r"));
    assert_eq!(t2.refresh_expires_at_ms, t.refresh_expires_at_ms);
    let e = process_token_response(
        Provider::Google,
        400,
        r#"{"error":"invalid_request","error_description":"client_secret is missing."}"#,
        0,
        &[],
        None,
        &[],
    )
    .unwrap_err();
    assert!(e.to_string().contains("client_secret is missing"), "{e}");
    // Fitbit echoes the refresh token in its message: it must not reach the user.
    let e = process_token_response(Provider::Fitbit, 400, r#"{"errors":[{"errorType":"invalid_grant","message":"Refresh token invalid: abcdef123456. Visit https://dev.fitbit.com/docs/oauth2"}],"success":false}"#, 0, &[], None, &["abcdef123456"]).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("invalid_grant") && !text.contains("abcdef123456"),
        "{text}"
    );
    assert!(matches!(
        process_token_response(Provider::Google, 200, "{", 0, &[], None, &[]),
        Err(AuthError::Decode { .. })
    ));
    assert!(matches!(
        process_token_response(Provider::Google, 502, "<html>", 0, &[], None, &[]),
        Err(AuthError::TokenEndpoint { status: 502, .. })
    ));
}

#[test]
fn a_sign_in_comes_back_only_to_the_apps_own_routes() {
    assert_eq!(
        back_route("#/workouts/2026-03-01/1772384400").as_deref(),
        Some("/workouts/2026-03-01/1772384400")
    );
    assert_eq!(
        back_route("/day/2026-03-01").as_deref(),
        Some("/day/2026-03-01")
    );
    for bad in [
        "",
        "#",
        "https://evil.example/",
        "//evil.example",
        "#/a?b=c",
        "/a<script>",
        "javascript:x",
    ] {
        assert!(back_route(bad).is_none(), "{bad}");
    }
}
