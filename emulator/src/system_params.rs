//! Google's system parameters, which every Google API accepts beside a method's own (the
//! discovery document's top-level `parameters`): `$.xgafv`, `alt`, `fields` (a partial
//! response), `prettyPrint`, `quotaUser`, `key`, `callback`, `uploadType`, `upload_protocol`,
//! and the token as `access_token` or `oauth_token` in the query. Google's own clients
//! (google-api-python-client, the GAPIC clients) send some of them on every call, so the health
//! host takes them off the query before a handler sees it, and applies `fields` and
//! `prettyPrint` to the JSON it answers.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The largest answer `fields` or `prettyPrint` is applied to (a year of heart rate is less).
const MAX_BODY: usize = 512 * 1024 * 1024;

/// What the system parameters of one request asked for.
#[derive(Debug, Default, PartialEq)]
struct Asked {
    fields: Option<Mask>,
    pretty: Option<bool>,
    token: Option<String>,
}

/// The methods that download a file (`supportsMediaDownload` in the discovery document): only
/// these take `alt=media`, which they are handed as their own pair.
const MEDIA_METHODS: &[&str] = &[":exportExerciseTcx"];

/// Splits `query` into the method's own pairs (re-encoded) and the system parameters; an
/// invalid system parameter is the error Google answers. `media`: the method downloads a file.
fn split(query: &str, media: bool) -> Result<(String, Asked), String> {
    let mut own = form_urlencoded::Serializer::new(String::new());
    let mut asked = Asked::default();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "$.xgafv" => {
                if v != "1" && v != "2" {
                    return Err(format!("Invalid value at '$.xgafv' ({v}): must be 1 or 2."));
                }
            }
            "alt" => match v.as_ref() {
                "json" => {}
                "media" if media => {
                    own.append_pair("alt", "media");
                }
                // proto is Google's binary form, served by no method here; media is a download.
                "proto" | "media" => {
                    return Err(format!("alt={v} is not supported by this method."));
                }
                _ => return Err(format!("Invalid value at 'alt' ({v}).")),
            },
            "fields" => asked.fields = Some(Mask::parse(&v)?),
            "prettyPrint" => {
                asked.pretty = Some(match v.as_ref() {
                    "true" | "1" | "" => true,
                    "false" | "0" => false,
                    _ => return Err(format!("Invalid value at 'prettyPrint' ({v}).")),
                })
            }
            "access_token" | "oauth_token" => asked.token = Some(v.into_owned()),
            // Accounting and legacy upload switches: accepted, with nothing to do here.
            "quotaUser" | "key" | "callback" | "uploadType" | "upload_protocol" => {}
            _ => {
                own.append_pair(&k, &v);
            }
        }
    }
    Ok((own.finish(), asked))
}

/// The layer: the request goes on without its system parameters (a query token becomes the
/// bearer header, unless one is there), and the answer is cut to `fields`.
pub async fn layer(mut req: Request, next: Next) -> Response {
    let Some(query) = req.uri().query().map(str::to_string) else {
        return next.run(req).await;
    };
    let media = MEDIA_METHODS.iter().any(|m| req.uri().path().ends_with(m));
    let (own, asked) = match split(&query, media) {
        Ok(x) => x,
        Err(message) => {
            return crate::wire::rpc_error(
                StatusCode::BAD_REQUEST,
                "INVALID_ARGUMENT",
                &message,
                None,
            )
        }
    };
    let path = req.uri().path().to_string();
    let rebuilt = if own.is_empty() {
        path
    } else {
        format!("{path}?{own}")
    };
    if let Ok(uri) = rebuilt.parse::<Uri>() {
        *req.uri_mut() = uri;
    }
    if let Some(token) = &asked.token {
        if !req.headers().contains_key(header::AUTHORIZATION) {
            if let Ok(v) = HeaderValue::from_str(&format!("Bearer {token}")) {
                req.headers_mut().insert(header::AUTHORIZATION, v);
            }
        }
    }
    let response = next.run(req).await;
    if asked.fields.is_none() && asked.pretty.is_none() {
        return response;
    }
    reshape(response, &asked).await
}

/// A JSON answer cut to the mask (successes only: errors are whole, as Google's are) and
/// printed as `prettyPrint` says.
async fn reshape(response: Response, asked: &Asked) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if parts.status.is_success() {
        if let Some(mask) = &asked.fields {
            value = mask.apply(&value);
        }
    }
    let text = if asked.pretty == Some(false) {
        serde_json::to_vec(&value)
    } else {
        serde_json::to_vec_pretty(&value)
    }
    .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// A partial-response mask: `a,b/c,d(e,f),*` (Google's `fields` syntax). Each entry names a
/// field and what of it to keep: all of it, or a mask of its own; a list is masked item by item.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mask(Vec<(String, Option<Mask>)>);

impl Mask {
    pub fn parse(text: &str) -> Result<Mask, String> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut at = 0;
        let mask = Mask::list(&chars, &mut at, text)?;
        if at != chars.len() {
            return Err(format!("Invalid field selection {text}"));
        }
        Ok(mask)
    }

    /// `entry (',' entry)*` up to a `)` or the end.
    fn list(c: &[char], at: &mut usize, text: &str) -> Result<Mask, String> {
        let mut entries: Vec<(String, Option<Mask>)> = Vec::new();
        loop {
            let (name, sub) = Mask::entry(c, at, text)?;
            match entries.iter_mut().find(|e| e.0 == name) {
                // `a/b,a/c` is `a(b,c)`; a whole `a` keeps all of it.
                Some(e) => {
                    e.1 = match (e.1.take(), sub) {
                        (Some(mut x), Some(y)) => {
                            x.0.extend(y.0);
                            Some(x)
                        }
                        _ => None,
                    }
                }
                None => entries.push((name, sub)),
            }
            if c.get(*at) == Some(&',') {
                *at += 1;
            } else {
                return Ok(Mask(entries));
            }
        }
    }

    /// `name ('/' entry | '(' list ')')?`
    fn entry(c: &[char], at: &mut usize, text: &str) -> Result<(String, Option<Mask>), String> {
        let start = *at;
        while c
            .get(*at)
            .is_some_and(|ch| ch.is_alphanumeric() || *ch == '_' || *ch == '*')
        {
            *at += 1;
        }
        if *at == start {
            return Err(format!("Invalid field selection {text}"));
        }
        let name: String = c.get(start..*at).unwrap_or(&[]).iter().collect();
        match c.get(*at) {
            Some('/') => {
                *at += 1;
                let (n, s) = Mask::entry(c, at, text)?;
                Ok((name, Some(Mask(vec![(n, s)]))))
            }
            Some('(') => {
                *at += 1;
                let sub = Mask::list(c, at, text)?;
                if c.get(*at) != Some(&')') {
                    return Err(format!("Invalid field selection {text}"));
                }
                *at += 1;
                Ok((name, Some(sub)))
            }
            _ => Ok((name, None)),
        }
    }

    /// `value` with only the masked fields (a field the value lacks is simply absent).
    pub fn apply(&self, value: &Value) -> Value {
        match value {
            Value::Array(items) => Value::Array(items.iter().map(|v| self.apply(v)).collect()),
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (name, sub) in &self.0 {
                    let keys: Vec<&String> = if name == "*" {
                        map.keys().collect()
                    } else {
                        map.keys().filter(|k| *k == name).collect()
                    };
                    for k in keys {
                        if let Some(v) = map.get(k) {
                            let kept = match sub {
                                Some(m) => m.apply(v),
                                None => v.clone(),
                            };
                            out.insert(k.clone(), kept);
                        }
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mask_keeps_what_it_names_at_any_depth_and_in_every_list_item() {
        let v = json!({
            "dataPoints": [
                {"name": "a", "heartRate": {"beatsPerMinute": "60", "sampleTime": {"physicalTime": "t"}}},
                {"name": "b", "heartRate": {"beatsPerMinute": "61", "sampleTime": {"physicalTime": "u"}}}
            ],
            "nextPageToken": "x"
        });
        let m = Mask::parse("nextPageToken,dataPoints(heartRate/beatsPerMinute)").unwrap();
        assert_eq!(
            m.apply(&v),
            json!({"dataPoints": [{"heartRate": {"beatsPerMinute": "60"}}, {"heartRate": {"beatsPerMinute": "61"}}], "nextPageToken": "x"})
        );
        // `a/b,a/c` is `a(b,c)`; `*` is every field.
        let m = Mask::parse("dataPoints/name,dataPoints/heartRate/sampleTime").unwrap();
        assert_eq!(
            m.apply(&v)["dataPoints"][1],
            json!({"name": "b", "heartRate": {"sampleTime": {"physicalTime": "u"}}})
        );
        assert_eq!(Mask::parse("*").unwrap().apply(&v), v);
        for bad in ["", "a(", "a,,b", "a)b", "a/"] {
            assert!(Mask::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn system_parameters_leave_the_query_and_the_methods_own_stay() {
        let (own, asked) = split(
            "filter=a%20%3D%20%22b%22&%24.xgafv=2&alt=json&prettyPrint=false&quotaUser=q&access_token=tok&fields=x&pageSize=10",
            false,
        )
        .unwrap();
        assert_eq!(own, "filter=a+%3D+%22b%22&pageSize=10");
        assert_eq!(asked.pretty, Some(false));
        assert_eq!(asked.token.as_deref(), Some("tok"));
        assert_eq!(asked.fields, Some(Mask(vec![("x".into(), None)])));
        assert!(split("$.xgafv=3", false).is_err());
        assert!(split("alt=proto", false).is_err());
        assert!(split("prettyPrint=maybe", false).is_err());
        // A download takes alt=media as its own; any other method refuses it.
        assert!(split("alt=media", false).is_err());
        assert_eq!(
            split("alt=media&partialData=true", true).unwrap().0,
            "alt=media&partialData=true"
        );
    }
}
