//! A chart's "JSON": the API's own answers behind it, as they came.

use super::*;

/// A chart's "JSON" download: the provider's answers for its days exactly as received (each
/// body is embedded byte for byte), with what was asked and when. No token is in it: tokens
/// travel in a header, and `Answer` has none.
pub fn raw_json(
    provider: &str,
    data: Kind,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    fetched_at_ms: i64,
    answers: &[Answer],
) -> Result<Vec<u8>, ExportError> {
    #[derive(serde::Serialize)]
    struct File<'a> {
        provider: &'a str,
        data_type: &'a str,
        from: String,
        to: String,
        fetched_at: String,
        about: &'a str,
        answers: Vec<Item<'a>>,
    }
    #[derive(serde::Serialize)]
    struct Item<'a> {
        method: &'a str,
        url: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        request_body: Option<Body<'a>>,
        body: Body<'a>,
    }
    #[derive(serde::Serialize)]
    #[serde(untagged)]
    enum Body<'a> {
        Json(&'a serde_json::value::RawValue),
        // Not JSON (it never is, from these APIs): kept as text rather than lost.
        Text(&'a str),
    }
    fn body(text: &str) -> Body<'_> {
        serde_json::from_str::<&serde_json::value::RawValue>(text)
            .map_or(Body::Text(text), Body::Json)
    }
    let file = File {
        provider,
        data_type: data.key(),
        from: from.to_string(),
        to: to.to_string(),
        fetched_at: utc_iso(fetched_at_ms.div_euclid(1000)),
        about: "Each answer is the API's body exactly as received, in the order the requests were sent; times in it are as the API writes them (see the export's README.txt for the normalized files).",
        answers: answers
            .iter()
            .map(|a| Item {
                method: a.method,
                url: &a.url,
                request_body: a.request_body.as_deref().map(body),
                body: body(&a.body),
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&file).map_err(|e| ExportError::Write {
        kind: data.key(),
        detail: e.to_string(),
    })
}
