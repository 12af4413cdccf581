//! Where data comes from: the four sources a record, a cache key or a session belongs to
//! (`Source`), and the two of them that are health APIs one signs in to (`Provider`). Sign-in,
//! tokens and `config.json` speak of providers only; the cache and the views of sources.

use serde::{Deserialize, Serialize};

/// The four sources of data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Google Health API v4 with Google OAuth: the live source.
    Google,
    /// The legacy Fitbit Web API (switched off on 2026-11-02), kept for exports and the emulator.
    Fitbit,
    /// The synthetic person, generated in the browser: no account, no network. Never in
    /// `config.json`, never signed in to.
    Demo,
    /// A Fitbit account archive or Google Takeout the person opened in the page: no account,
    /// no network. Never in `config.json`.
    Import,
}

/// A health API with an OAuth server: a block of `config.json`, a sign-in, tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Google,
    Fitbit,
}

impl Provider {
    pub const ALL: [Provider; 2] = [Provider::Google, Provider::Fitbit];

    /// The source this provider's data is.
    pub fn source(self) -> Source {
        match self {
            Provider::Google => Source::Google,
            Provider::Fitbit => Source::Fitbit,
        }
    }

    /// The key of this provider's block in `config.json` (and of its tokens).
    pub fn key(self) -> &'static str {
        self.source().key()
    }

    pub fn label(self) -> &'static str {
        self.source().label()
    }
}

impl From<Provider> for Source {
    fn from(p: Provider) -> Source {
        p.source()
    }
}

impl Source {
    /// The provider one signs in to for this source; `None` for the demo and an import.
    pub fn provider(self) -> Option<Provider> {
        match self {
            Source::Google => Some(Provider::Google),
            Source::Fitbit => Some(Provider::Fitbit),
            Source::Demo | Source::Import => None,
        }
    }

    /// The source's key: its `config.json` block for a provider, and the name its records and
    /// cache keys carry.
    pub fn key(self) -> &'static str {
        match self {
            Source::Google => "google",
            Source::Fitbit => "fitbit",
            Source::Demo => "demo",
            Source::Import => "import",
        }
    }

    /// The source a key names (`Source::key`).
    pub fn from_key(key: &str) -> Option<Source> {
        [Source::Google, Source::Fitbit, Source::Demo, Source::Import]
            .into_iter()
            .find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Google => "Google Health",
            Source::Fitbit => "Fitbit (legacy Web API)",
            Source::Demo => "demo data",
            Source::Import => "your export",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_is_its_source_and_back_and_both_are_stored_by_the_same_name() {
        for p in Provider::ALL {
            assert_eq!(p.source().provider(), Some(p));
            assert_eq!(
                serde_json::to_string(&p).ok(),
                serde_json::to_string(&p.source()).ok()
            );
        }
        assert_eq!(Source::Demo.provider(), None);
        assert_eq!(Source::Import.provider(), None);
        assert_eq!(
            serde_json::to_string(&Source::Import).ok().as_deref(),
            Some("\"import\"")
        );
    }
}
