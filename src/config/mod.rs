//! The deployer's `config.json`: its shape, and validation that names the exact field at fault.
//!
//! API base URLs come only from here (never from the page URL), so a link cannot point the
//! app, and the user's tokens, at another server.

use serde::Deserialize;
use thiserror::Error;
use url::Url;

pub use crate::model::{Provider, Source};

/// Production origins, used when a provider block does not override them.
pub mod defaults {
    pub const GOOGLE_AUTH: &str = "https://accounts.google.com";
    pub const GOOGLE_TOKEN: &str = "https://oauth2.googleapis.com";
    pub const GOOGLE_API: &str = "https://health.googleapis.com";
    pub const FITBIT_AUTH: &str = "https://www.fitbit.com";
    pub const FITBIT_API: &str = "https://api.fitbit.com";
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    providers: RawProviders,
    /// Seconds before an API request is given up as timed out (default 30).
    #[serde(default)]
    request_timeout_s: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProviders {
    google: Option<RawProvider>,
    fitbit: Option<RawProvider>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    redirect_uri: String,
    #[serde(default)]
    auth_base: Option<String>,
    /// Google only: the token endpoint lives on its own host.
    #[serde(default)]
    token_base: Option<String>,
    #[serde(default)]
    api_base: Option<String>,
}

/// One provider's validated settings. Base URLs are origins with no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderConfig {
    pub provider: Provider,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: Url,
    pub auth_base: Url,
    pub token_base: Url,
    pub api_base: Url,
}

impl ProviderConfig {
    /// The origins the app's `fetch` calls go to (the authorize host is a navigation, not a fetch).
    pub fn connect_origins(&self) -> Vec<String> {
        let mut origins = vec![origin(&self.token_base), origin(&self.api_base)];
        origins.dedup();
        origins
    }
}

/// The whole validated configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub providers: Vec<ProviderConfig>,
    /// How long an API request may take before it counts as timed out (and is retried).
    pub request_timeout_s: u32,
}

/// A slow page of 10,000 points takes a few seconds; half a minute means the request is stuck.
pub const DEFAULT_TIMEOUT_S: u32 = 30;

impl Config {
    pub fn provider(&self, provider: Provider) -> Option<&ProviderConfig> {
        self.providers.iter().find(|p| p.provider == provider)
    }

    /// The block of the provider behind `source`; `None` for the demo and an import, which have
    /// none, and for a provider this deploy does not configure.
    pub fn of_source(&self, source: Source) -> Option<&ProviderConfig> {
        self.provider(source.provider()?)
    }

    /// Every origin the page must be allowed to `fetch`, for the CSP `connect-src`.
    pub fn connect_origins(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .providers
            .iter()
            .flat_map(ProviderConfig::connect_origins)
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// What is wrong with `config.json`. `field` is a dotted path such as `providers.google.client_id`.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("config.json could not be downloaded ({0}). Check that config.json sits next to index.html.")]
    Unreachable(String),
    #[error(
        "config.json is not valid JSON: {0}. Fix the syntax (a JSON validator shows the line)."
    )]
    Syntax(String),
    #[error(
        "config.json: `{field}` is missing. Add it (see the README, \"Set up your own client\")."
    )]
    Missing { field: String },
    #[error("config.json: `{field}` is not allowed here. Remove it or check its spelling.")]
    Unknown { field: String },
    #[error("config.json: `{field}` {problem}.")]
    Invalid { field: String, problem: String },
}

/// Parses and validates `config.json` text.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let raw: RawConfig = serde_path_to_error::deserialize(de).map_err(classify)?;
    let mut providers = Vec::new();
    for (kind, block) in [
        (Provider::Google, raw.providers.google),
        (Provider::Fitbit, raw.providers.fitbit),
    ] {
        if let Some(block) = block {
            providers.push(validate_provider(kind, block)?);
        }
    }
    if providers.is_empty() {
        return Err(ConfigError::Missing {
            field: "providers.google".into(),
        });
    }
    let request_timeout_s = match raw.request_timeout_s {
        None => DEFAULT_TIMEOUT_S,
        Some(s @ 1..=600) => s,
        Some(_) => {
            return Err(ConfigError::Invalid {
                field: "request_timeout_s".into(),
                problem: "must be between 1 and 600 seconds".into(),
            })
        }
    };
    Ok(Config {
        providers,
        request_timeout_s,
    })
}

fn classify(err: serde_path_to_error::Error<serde_json::Error>) -> ConfigError {
    let path = err.path().to_string();
    let inner = err.inner();
    let message = inner.to_string();
    if inner.is_syntax() || inner.is_eof() {
        return ConfigError::Syntax(message);
    }
    // serde's own wording is the only carrier of which field was missing or unknown.
    if let Some(name) = backticked(&message, "missing field `") {
        return ConfigError::Missing {
            field: join_path(&path, &name),
        };
    }
    if let Some(name) = backticked(&message, "unknown field `") {
        return ConfigError::Unknown {
            field: join_path(&path, &name),
        };
    }
    let problem = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    ConfigError::Invalid {
        field: if path == "." {
            "(top level)".into()
        } else {
            path
        },
        problem: format!("has the wrong type: {problem}"),
    }
}

fn backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest.split('`').next()?.to_string())
}

fn join_path(path: &str, name: &str) -> String {
    // For an unknown field serde_path_to_error already ends the path with the field itself.
    if path == "." || path.is_empty() {
        name.to_string()
    } else if path.ends_with(name) {
        path.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn validate_provider(provider: Provider, raw: RawProvider) -> Result<ProviderConfig, ConfigError> {
    let field = |name: &str| format!("providers.{}.{name}", provider.key());
    let client_id = raw.client_id.trim().to_string();
    if client_id.is_empty() {
        return Err(ConfigError::Invalid {
            field: field("client_id"),
            problem: "is empty; paste your OAuth client id".into(),
        });
    }
    let client_secret = raw
        .client_secret
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let redirect_uri = parse_url(&field("redirect_uri"), &raw.redirect_uri)?;
    if redirect_uri.fragment().is_some() {
        return Err(ConfigError::Invalid {
            field: field("redirect_uri"),
            problem: "must not contain a #fragment (OAuth servers refuse it)".into(),
        });
    }
    let (auth_default, token_default, api_default) = match provider {
        Provider::Google => (
            defaults::GOOGLE_AUTH,
            defaults::GOOGLE_TOKEN,
            defaults::GOOGLE_API,
        ),
        // Fitbit's token endpoint lives on the API host.
        Provider::Fitbit => (
            defaults::FITBIT_AUTH,
            defaults::FITBIT_API,
            defaults::FITBIT_API,
        ),
    };
    let base = |name: &str, value: Option<String>, default: &str| -> Result<Url, ConfigError> {
        let f = field(name);
        let url = parse_url(&f, value.as_deref().unwrap_or(default))?;
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(ConfigError::Invalid {
                field: f,
                problem: format!(
                    "must be an origin such as {default} (no path, query or fragment), not {url}"
                ),
            });
        }
        Ok(url)
    };
    let auth_base = base("auth_base", raw.auth_base, auth_default)?;
    let api_base = base("api_base", raw.api_base, api_default)?;
    let token_base = match (provider, raw.token_base) {
        (Provider::Fitbit, Some(_)) => {
            return Err(ConfigError::Unknown {
                field: field("token_base"),
            })
        }
        (Provider::Fitbit, None) => api_base.clone(),
        (Provider::Google, value) => base("token_base", value, token_default)?,
    };
    Ok(ProviderConfig {
        provider,
        client_id,
        client_secret,
        redirect_uri,
        auth_base,
        token_base,
        api_base,
    })
}

/// Accepts https anywhere, and plain http only on loopback (the emulator, local development).
fn parse_url(field: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value.trim()).map_err(|e| ConfigError::Invalid {
        field: field.to_string(),
        problem: format!("is not an absolute URL ({e}): {value:?}"),
    })?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(ConfigError::Invalid {
            field: field.to_string(),
            problem: format!(
                "must use https (http is allowed only on 127.0.0.1/localhost): {value:?}"
            ),
        }),
    }
}

/// `scheme://host[:port]` of a URL, the form the CSP and CORS speak.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// A config that parsed but cannot work on this page.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("config.json points at {origins}, but this page's Content-Security-Policy (connect-src in index.html) does not allow it, so every call would be blocked. Add the origin(s) to connect-src in index.html, or run `make demo`, whose server writes them in for you.")]
    CspBlocks { origins: String },
}

/// Validates `config.json` text against the page it will run on: the CSP `policy` (if any) must
/// allow every origin the config will `fetch`.
pub fn parse_for_page(
    text: &str,
    policy: Option<&str>,
    page_origin: &str,
) -> Result<Config, StartupError> {
    let config = parse(text)?;
    if let Some(policy) = policy {
        let blocked = crate::csp::blocked_origins(policy, page_origin, &config.connect_origins());
        if !blocked.is_empty() {
            return Err(StartupError::CspBlocks {
                origins: blocked.join(", "),
            });
        }
    }
    Ok(config)
}

/// A user's own OAuth client for one provider, saved in this browser (Settings), which takes
/// the place of the deployer's `client_id`/`client_secret`. The redirect URI and API origins
/// stay the deployer's: they belong to the page, not to the client.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct ClientOverride {
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
}

impl ClientOverride {
    /// Trims the fields; `None` when no client id is left.
    pub fn normalized(self) -> Option<ClientOverride> {
        let client_id = self.client_id.trim().to_string();
        let client_secret = self
            .client_secret
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        (!client_id.is_empty()).then_some(ClientOverride {
            client_id,
            client_secret,
        })
    }
}

impl Config {
    /// This config with the user's own clients in place of the deployer's.
    pub fn with_overrides(&self, overrides: &[(Provider, ClientOverride)]) -> Config {
        let mut config = self.clone();
        for p in &mut config.providers {
            if let Some((_, o)) = overrides.iter().find(|(k, _)| *k == p.provider) {
                p.client_id = o.client_id.clone();
                p.client_secret = o.client_secret.clone();
            }
        }
        config
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod page_tests;

#[cfg(test)]
mod override_tests;
