//! Reading the page's Content-Security-Policy, so a config that the CSP would block is reported
//! up front in words instead of as silent `fetch` failures later; and the names that stand for
//! functions in chart options, which the CSP (no `eval`) keeps out of JSON.

/// Names a custom series' `renderItem` that draws one block per data item
/// `[x start, x end, row]`; the browser layer swaps the name for the function.
pub const BLOCKS_RENDERER: &str = "fitdata-blocks";

/// The sources listed for `directive` in a CSP string, or `None` when the directive is absent.
pub fn directive_sources(policy: &str, directive: &str) -> Option<Vec<String>> {
    policy.split(';').find_map(|part| {
        let mut words = part.split_whitespace();
        (words.next()?.eq_ignore_ascii_case(directive)).then(|| words.map(str::to_string).collect())
    })
}

/// The origins in `wanted` that `connect-src` (or, failing it, `default-src`) does not allow.
/// Only exact origins and `'self'` are understood: wildcards are never written by this project.
pub fn blocked_origins(policy: &str, page_origin: &str, wanted: &[String]) -> Vec<String> {
    let Some(sources) = directive_sources(policy, "connect-src")
        .or_else(|| directive_sources(policy, "default-src"))
    else {
        return Vec::new();
    };
    wanted
        .iter()
        .filter(|origin| {
            !sources.iter().any(|s| {
                s.trim_end_matches('/') == origin.as_str()
                    || (s == "'self'" && origin.as_str() == page_origin)
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://oauth2.googleapis.com https://health.googleapis.com/";

    #[test]
    fn reads_directives() {
        assert_eq!(
            directive_sources(POLICY, "script-src").unwrap(),
            vec!["'self'", "'wasm-unsafe-eval'"]
        );
        assert!(directive_sources(POLICY, "img-src").is_none());
    }

    #[test]
    fn finds_blocked_origins() {
        let wanted = vec![
            "https://oauth2.googleapis.com".to_string(),
            "https://health.googleapis.com".to_string(),
            "http://127.0.0.1:9000".to_string(),
            "https://me.github.io".to_string(),
        ];
        assert_eq!(
            blocked_origins(POLICY, "https://me.github.io", &wanted),
            vec!["http://127.0.0.1:9000"]
        );
        // Falls back to default-src when connect-src is absent.
        assert_eq!(
            blocked_origins("default-src 'self'", "https://me.github.io", &wanted[..1]),
            vec!["https://oauth2.googleapis.com"]
        );
        assert!(blocked_origins("img-src *", "x", &wanted).is_empty());
    }
}
