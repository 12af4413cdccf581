//! The session the pages of a connected account (or the demo) share, provided once by the app:
//! the configuration in effect, the source, the one-click fix for its sign-in, and the account.
//! Pages are views of it; what a page loads is cancelled with the page.

use crate::auth::token::Mode;
use crate::browser::Abort;
use crate::config::{Config, ProviderConfig, Source};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use leptos::prelude::*;

/// What a fix needs to start a sign-in: part of the connected session.
#[derive(Clone, Debug)]
pub struct Reauth {
    pub provider: ProviderConfig,
    pub mode: Mode,
}

#[derive(Clone, Copy)]
pub struct Session {
    pub config: StoredValue<Config>,
    pub source: Source,
    /// What "Reconnect" and "Grant access" start; `None` in the demo, which has no sign-in.
    pub reauth: StoredValue<Option<Reauth>>,
}

impl Session {
    /// Makes the session the context of the views below, and returns it.
    pub fn provide(config: Config, source: Source, reauth: Option<Reauth>) -> Session {
        let session = Session {
            config: StoredValue::new(config),
            source,
            reauth: StoredValue::new(reauth),
        };
        provide_context(session);
        session
    }

    /// The connected account (from its local copy when recent), for the calling view: its
    /// requests end with `abort`, the view's.
    pub fn account(
        self,
        abort: StoredValue<Option<Abort>, LocalStorage>,
    ) -> LocalResource<Result<Account, ApiError>> {
        LocalResource::new(move || async move {
            let (Some(config), Some(abort)) = (self.config.try_get_value(), abort.try_get_value())
            else {
                return Err(ApiError::Aborted);
            };
            let opts = Opts {
                abort: abort.as_ref(),
                ..Opts::default()
            };
            fetch::account(&config, self.source, &opts).await
        })
    }
}
