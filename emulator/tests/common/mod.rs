//! Test plumbing: an in-process emulator on its own runtime, and a blocking HTTP client that
//! never follows redirects (tests look at each `Location` themselves).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fitdata_emulator::{start, Options, Origins};
use serde_json::Value;

pub struct Emu {
    pub origins: Origins,
    pub redirect: String,
}

impl Emu {
    pub fn start() -> Emu {
        Self::start_with(Options::default())
    }

    pub fn start_with(options: Options) -> Emu {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let running = start(options).await.unwrap();
                tx.send(running.origins.clone()).unwrap();
                std::future::pending::<()>().await;
            });
        });
        let origins = rx.recv().unwrap();
        let redirect = format!("{}redirect.html", origins.app);
        Emu { origins, redirect }
    }
    pub fn health(&self, path: &str) -> String {
        format!("{}{path}", self.origins.health_googleapis)
    }
    pub fn fitbit(&self, path: &str) -> String {
        format!("{}{path}", self.origins.api_fitbit)
    }
    pub fn advance(&self, seconds: i64) {
        let r = post_form(
            &format!("{}/clock/advance?seconds={seconds}", self.origins.control),
            &[],
            None,
        );
        assert_eq!(r.status, 200);
    }
    pub fn now(&self) -> i64 {
        get(&format!("{}/clock", self.origins.control), None).json()["now"]
            .as_i64()
            .unwrap()
    }
    pub fn faults(&self, json: &str) {
        let r = post_json(&format!("{}/faults", self.origins.control), json, None);
        assert_eq!(r.status, 200, "{}", r.body);
    }
    pub fn log_counts(&self) -> Value {
        get(&format!("{}/log", self.origins.control), None).json()["counts"].clone()
    }
}

pub struct Resp {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
    pub www_authenticate: Option<String>,
    pub allow_origin: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

fn finish(result: Result<ureq::Response, ureq::Error>) -> Resp {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let headers = response
        .headers_names()
        .into_iter()
        .filter_map(|n| response.header(&n).map(|v| (n.clone(), v.to_string())))
        .collect();
    let status = response.status();
    let location = response.header("location").map(str::to_string);
    let www_authenticate = response.header("www-authenticate").map(str::to_string);
    let allow_origin = response
        .header("access-control-allow-origin")
        .map(str::to_string);
    let body = response.into_string().unwrap_or_default();
    Resp {
        status,
        body,
        location,
        www_authenticate,
        allow_origin,
        headers,
    }
}

pub fn get(url: &str, bearer: Option<&str>) -> Resp {
    let mut req = agent().get(url);
    if let Some(t) = bearer {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    finish(req.call())
}

pub fn get_with_header(url: &str, bearer: Option<&str>, name: &str, value: &str) -> Resp {
    let mut req = agent().get(url).set(name, value);
    if let Some(t) = bearer {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    finish(req.call())
}

pub fn get_with_origin(url: &str, bearer: Option<&str>, origin: &str) -> Resp {
    let mut req = agent().get(url).set("Origin", origin);
    if let Some(t) = bearer {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    finish(req.call())
}

pub fn post_form(url: &str, form: &[(&str, &str)], basic: Option<(&str, &str)>) -> Resp {
    let mut req = agent()
        .post(url)
        .set("Content-Type", "application/x-www-form-urlencoded");
    if let Some((user, pass)) = basic {
        use base64::Engine;
        let v = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        req = req.set("Authorization", &format!("Basic {v}"));
    }
    finish(req.send_string(&encode(form)))
}

pub fn post_json(url: &str, body: &str, bearer: Option<&str>) -> Resp {
    let mut req = agent().post(url).set("Content-Type", "application/json");
    if let Some(t) = bearer {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    finish(req.send_string(body))
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().copied())
        .finish()
}

pub fn query_param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

pub fn between(text: &str, start: &str, end: &str) -> String {
    text.split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(v, _)| v.to_string())
        .unwrap_or_default()
}

pub fn rfc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Answers an emulated consent page (Google's or Fitbit's: the same form) at `page_url` by
/// posting `decision` to `action_url`, keeping the scopes whose name contains one of `keep`
/// (all when `None`). Returns the redirect `Location`.
pub fn answer_consent(
    page_url: &str,
    action_url: &str,
    decision: &str,
    keep: Option<&[&str]>,
) -> String {
    let page = get(page_url, None);
    assert_eq!(page.status, 200, "{}", page.body);
    let id = between(&page.body, "name=id value=\"", "\"");
    let scopes: Vec<String> = page
        .body
        .split("name=scope value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .filter(|s| keep.is_none_or(|k| k.iter().any(|w| s.contains(w))))
        .collect();
    let mut form = vec![("id", id.as_str()), ("decision", decision)];
    form.extend(scopes.iter().map(|s| ("scope", s.as_str())));
    let r = post_form(action_url, &form, None);
    assert_eq!(r.status, 303, "{}", r.body);
    r.location.unwrap_or_default()
}

pub const GOOGLE_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const GOOGLE_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// Google's code flow with full consent for `scope`; the token endpoint's answer.
pub fn google_connect(emu: &Emu, scope: &str) -> Value {
    use fitdata_emulator::clients::{GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET};
    let url = format!(
        "{}/o/oauth2/v2/auth?{}",
        emu.origins.accounts_google,
        encode(&[
            ("client_id", GOOGLE_CLIENT_ID),
            ("redirect_uri", emu.redirect.as_str()),
            ("response_type", "code"),
            ("scope", scope),
            ("state", "st-123"),
            ("code_challenge", GOOGLE_CHALLENGE),
            ("code_challenge_method", "S256"),
            ("access_type", "offline"),
            ("prompt", "consent"),
        ])
    );
    let action = format!("{}/o/oauth2/v2/auth/consent", emu.origins.accounts_google);
    let loc = answer_consent(&url, &action, "allow", None);
    let code = query_param(&loc, "code").unwrap();
    let r = post_form(
        &format!("{}/token", emu.origins.oauth2_googleapis),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", GOOGLE_CLIENT_ID),
            ("client_secret", GOOGLE_CLIENT_SECRET),
            ("redirect_uri", emu.redirect.as_str()),
            ("code_verifier", GOOGLE_VERIFIER),
        ],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}
