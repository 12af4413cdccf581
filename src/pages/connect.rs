//! The connect screen: the ways to get data in.

use crate::config::{Config, ProviderKind};
use leptos::prelude::*;

#[component]
pub fn ConnectPage(
    /// The validated deployer configuration.
    config: Config,
) -> impl IntoView {
    let cards = ProviderKind::ALL
        .into_iter()
        .map(|kind| {
            let configured = config.provider(kind).is_some();
            let blurb = match kind {
                ProviderKind::Google => "The live source: Fitbit data now lives in the Google Health API.",
                ProviderKind::Fitbit => "The legacy Fitbit Web API, retired on 2026-11-02. Kept for old exports and the emulator.",
            };
            view! {
                <li class="card provider" data-provider=kind.key()>
                    <h3>{kind.label()}</h3>
                    <p>{blurb}</p>
                    {if configured {
                        view! { <p class="status ok">"Client configured in config.json."</p> }.into_any()
                    } else {
                        view! { <p class="status muted">{format!("Not set up: add providers.{} to config.json.", kind.key())}</p> }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="connect-title">
            <h2 id="connect-title">"Connect your data"</h2>
            <ul class="providers" data-testid="provider-choices">{cards}</ul>
        </section>
    }
}
