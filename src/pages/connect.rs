//! The connect screen: the ways to get data in.

use crate::auth::{session, token::Mode};
use crate::config::{Config, Provider};
use leptos::prelude::*;

#[component]
pub fn ConnectPage(
    /// The validated deployer configuration.
    config: Config,
    /// Opens the demo.
    on_demo: Callback<&'static str>,
    /// The import card (the app's, or the start module's that hands the files over).
    children: Children,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let cards = Provider::ALL
        .into_iter()
        .map(|kind| {
            let provider = config.provider(kind).cloned();
            let blurb = match kind {
                Provider::Google => "The live source: Fitbit data now lives in the Google Health API.",
                Provider::Fitbit => "The legacy Fitbit Web API, retired on 2026-11-02. Kept for old exports and the emulator.",
            };
            let action = match provider {
                None => view! {
                    <p class="status muted">{format!("Not set up: add providers.{} to config.json.", kind.key())}</p>
                }.into_any(),
                Some(cfg) => {
                    // Google web clients need the secret for the code flow; without one, token
                    // mode still works (one hour, then Reconnect).
                    let mode = if kind == Provider::Google && cfg.client_secret.is_none() { Mode::Token } else { Mode::Code };
                    let note = match (kind, mode) {
                        (Provider::Google, Mode::Token) => "No client secret configured: you will be connected for one hour at a time.",
                        (Provider::Google, Mode::Code) => "Stays connected: the session renews itself.",
                        (Provider::Fitbit, _) => "Authorization Code with PKCE.",
                    };
                    let cfg = StoredValue::new(cfg);
                    view! {
                        <button data-testid=format!("connect-{}", kind.key())
                            on:click=move |_| {
                                if let Err(e) = session::begin(&cfg.get_value(), mode) {
                                    error.set(Some(e.to_string()));
                                }
                            }>
                            {format!("Connect {}", kind.label())}
                        </button>
                        <p class="status muted">{note}</p>
                    }.into_any()
                }
            };
            view! {
                <li class="card provider" data-provider=kind.key()>
                    <h3>{kind.label()}</h3>
                    <p>{blurb}</p>
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="connect-title">
            <h2 id="connect-title">"Connect your data"</h2>
            {move || error.get().map(|e| view! { <p class="card error" role="alert">{e}</p> })}
            <ul class="providers" data-testid="provider-choices">{cards}</ul>
            {children()}
            <div class="card demo">
                <h3>"No account at hand?"</h3>
                <p>"See the whole app on a synthetic person's data, generated in this page: nothing is sent anywhere."</p>
                <button class="secondary" data-testid="try-demo" on:click=move |_| on_demo.run(crate::sources::demo::USER)>"Try with demo data"</button>
                " "
                <button class="secondary" data-testid="try-demo-drifting" on:click=move |_| on_demo.run(crate::sources::demo::DRIFTING_USER)
                    title="A second synthetic person whose sleep begins 36 minutes later each day (a 24.6-hour rhythm, as in non-24-hour sleep–wake disorder): see it on Sleep timing">"Try a drifting sleeper (non-24)"</button>
            </div>
        </section>
    }
}
