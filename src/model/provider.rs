//! Which source a record, a cache key or a session belongs to.

use serde::Deserialize;

/// Which health API a provider block talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
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

impl ProviderKind {
    pub const ALL: [ProviderKind; 2] = [ProviderKind::Google, ProviderKind::Fitbit];

    /// The key of this provider's block in `config.json`.
    pub fn key(self) -> &'static str {
        match self {
            ProviderKind::Google => "google",
            ProviderKind::Fitbit => "fitbit",
            ProviderKind::Demo => "demo",
            ProviderKind::Import => "import",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProviderKind::Google => "Google Health",
            ProviderKind::Fitbit => "Fitbit (legacy Web API)",
            ProviderKind::Demo => "demo data",
            ProviderKind::Import => "your export",
        }
    }
}
