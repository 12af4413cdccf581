//! The root component: loads and checks `config.json`, then hands over to a page.

use crate::browser;
use crate::config::{self, Config, ConfigError, StartupError};
use crate::pages::connect::ConnectPage;
use leptos::prelude::*;

async fn load_config() -> Result<Config, StartupError> {
    let text = browser::fetch_text("config.json")
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    let origin = browser::page_origin().map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    config::parse_for_page(&text, browser::csp_meta().as_deref(), &origin)
}

#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    view! {
        <header class="top">
            <h1>"fitdata"</h1>
            <p class="tagline">
                "Your Fitbit data, in your hands. This page talks to the health API directly: "
                "no server of ours ever sees your data."
            </p>
        </header>
        <main id="main">
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true" aria-label="Loading settings"></div> }>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(cfg) => view! { <ConnectPage config=cfg /> }.into_any(),
                        Err(error) => view! { <StartupErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// Tells the deployer exactly what is wrong with the setup, and what to do.
#[component]
fn StartupErrorView(
    /// What went wrong while loading `config.json`.
    error: StartupError,
) -> impl IntoView {
    let field = match &error {
        StartupError::Config(
            ConfigError::Missing { field }
            | ConfigError::Unknown { field }
            | ConfigError::Invalid { field, .. },
        ) => Some(field.clone()),
        _ => None,
    };
    view! {
        <section class="card error" role="alert" data-testid="config-error" data-field=field>
            <h2>"This page is not set up correctly"</h2>
            <p>{error.to_string()}</p>
        </section>
    }
}
