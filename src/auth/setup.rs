//! "Check my setup": what can be known about a provider setup without signing in, in words.

use super::flow;
use crate::config::{Provider, ProviderConfig};
use url::Url;

/// One finding. `ok == false` means it will stop sign-in (or degrade it) until fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub ok: bool,
    pub text: String,
}

fn finding(ok: bool, text: impl Into<String>) -> Finding {
    Finding {
        ok,
        text: text.into(),
    }
}

/// The redirect URI this page expects: `redirect.html` in the page's own folder.
pub fn expected_redirect(page: &Url) -> String {
    format!("{}redirect.html", flow::home_url(page))
}

/// Checks that need no network.
pub fn static_checks(cfg: &ProviderConfig, page: &Url) -> Vec<Finding> {
    let mut out = Vec::new();
    match cfg.provider {
        Provider::Google => {
            out.push(if cfg.client_id.ends_with(".apps.googleusercontent.com") {
                finding(true, "The client id has the form of a Google OAuth client id.")
            } else {
                finding(false, "This does not look like a Google OAuth client id: they end in .apps.googleusercontent.com. Copy it from Google Cloud console → Google Auth Platform → Clients.")
            });
            out.push(if cfg.client_secret.is_some() {
                finding(true, "A client secret is set, so the session can renew itself (refresh tokens).")
            } else {
                finding(false, "No client secret: Google's web clients need it for a lasting session. Without it you are connected one hour at a time (token mode).")
            });
        }
        Provider::Fitbit => {
            let plausible = cfg.client_id.len() == 6
                && cfg.client_id.chars().all(|c| c.is_ascii_alphanumeric());
            out.push(if plausible {
                finding(true, "The client id has the form of a Fitbit client id.")
            } else {
                finding(false, "Fitbit client ids are six letters and digits (e.g. 23ABCD), from dev.fitbit.com → Manage My Apps.")
            });
        }
    }
    let page_origin = crate::config::origin(page);
    let redirect_origin = crate::config::origin(&cfg.redirect_uri);
    out.push(if redirect_origin == page_origin {
        finding(true, format!("The redirect URI is on this site ({page_origin})."))
    } else {
        finding(false, format!("The redirect URI points to {redirect_origin}, but this page is on {page_origin}: after consent the browser would land on another site. Set redirect_uri in config.json to {}.", expected_redirect(page)))
    });
    let expected = expected_redirect(page);
    if redirect_origin == page_origin && cfg.redirect_uri.as_str() != expected {
        out.push(finding(false, format!("The redirect URI is {}, but this page's redirect page is {expected}. Register and configure exactly that.", cfg.redirect_uri)));
    }
    out
}

/// The probe: an authorization-code request with a code that cannot exist. The answer tells
/// whether the provider knows the client and accepts its secret, without any user involved.
pub fn probe_body(cfg: &ProviderConfig) -> Result<flow::TokenRequest, super::AuthError> {
    let pending = flow::Pending {
        provider: cfg.provider,
        mode: super::token::Mode::Code,
        state: String::new(),
        verifier: Some("fitdata-setup-check-0000000000000000000000000".into()),
        scopes: Vec::new(),
        created_at_ms: 0,
        issuer: None,
        back: None,
    };
    flow::code_request(cfg, &pending, "fitdata-setup-check")
}

/// Reads the probe's answer.
pub fn interpret_probe(kind: Provider, status: u16, body: &str) -> Finding {
    let has = |s: &str| body.contains(s);
    match (kind, status) {
        (_, 400) if has("invalid_grant") => finding(true, format!("{} knows this client and accepted its credentials.", kind.label())),
        (Provider::Google, 400) if has("client_secret is missing") => finding(false, "Google requires the client secret for this client: add it in Settings or config.json."),
        (Provider::Google, 401) if has("Unauthorized") => finding(false, "Google knows this client id but the client secret is wrong. Copy it again from the console."),
        (Provider::Google, 401) => finding(false, "Google does not know this client id. Check it, and that the project is the one with the Google Health API enabled."),
        (Provider::Fitbit, 401) => finding(false, "Fitbit did not accept this client: check the client id (and, for Personal apps, the secret)."),
        (Provider::Fitbit, 410) => finding(false, "The Fitbit Web API was retired on 2026-11-02: connect Google Health instead."),
        (_, s) => finding(false, format!("The token endpoint answered HTTP {s} unexpectedly; try again later.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn cfg(json: &str) -> ProviderConfig {
        config::parse(json).unwrap().providers[0].clone()
    }

    #[test]
    fn static_findings() {
        let page = Url::parse("https://me.github.io/fitdata/").unwrap();
        let good = cfg(
            r#"{"providers":{"google":{"client_id":"1-a.apps.googleusercontent.com","client_secret":"s","redirect_uri":"https://me.github.io/fitdata/redirect.html"}}}"#,
        );
        assert!(static_checks(&good, &page).iter().all(|f| f.ok));
        let bad = cfg(
            r#"{"providers":{"google":{"client_id":"oops","redirect_uri":"https://other.example/redirect.html"}}}"#,
        );
        let f = static_checks(&bad, &page);
        assert_eq!(f.iter().filter(|f| !f.ok).count(), 3, "{f:?}");
        assert!(f.iter().any(|f| f
            .text
            .contains("https://me.github.io/fitdata/redirect.html")));
        let wrong_path = cfg(
            r#"{"providers":{"fitbit":{"client_id":"23ABCD","redirect_uri":"https://me.github.io/callback"}}}"#,
        );
        assert!(static_checks(&wrong_path, &page)
            .iter()
            .any(|f| !f.ok && f.text.contains("Register and configure exactly")));
    }

    #[test]
    fn probe_answers() {
        assert!(
            interpret_probe(
                Provider::Google,
                400,
                r#"{"error":"invalid_grant","error_description":"Malformed auth code."}"#
            )
            .ok
        );
        assert!(interpret_probe(
            Provider::Google,
            401,
            r#"{"error":"invalid_client","error_description":"Unauthorized"}"#
        )
        .text
        .contains("secret is wrong"));
        assert!(interpret_probe(
            Provider::Google,
            401,
            r#"{"error":"invalid_client","error_description":"The OAuth client was not found."}"#
        )
        .text
        .contains("does not know"));
        assert!(
            !interpret_probe(
                Provider::Google,
                400,
                r#"{"error":"invalid_request","error_description":"client_secret is missing."}"#
            )
            .ok
        );
        assert!(
            interpret_probe(
                Provider::Fitbit,
                400,
                r#"{"errors":[{"errorType":"invalid_grant"}]}"#
            )
            .ok
        );
        assert!(interpret_probe(Provider::Fitbit, 410, "")
            .text
            .contains("retired"));
        let g = cfg(
            r#"{"providers":{"google":{"client_id":"1-a.apps.googleusercontent.com","client_secret":"s","redirect_uri":"https://me.github.io/fitdata/redirect.html"}}}"#,
        );
        assert!(probe_body(&g)
            .unwrap()
            .body
            .contains("code=fitdata-setup-check"));
    }
}
