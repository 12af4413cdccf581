//! The connected view: who is connected, what was granted, and the way out.

use crate::auth::{session, token::Mode, token::TokenSet};
use crate::browser;
use crate::components::fix::FixAction;
use crate::config::Config;
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Human names of the scopes, for the "granted" list.
fn scope_label(scope: &str) -> String {
    let name = scope.rsplit('.').nth(1).map_or(scope, |_| {
        scope.trim_start_matches(crate::auth::flow::GOOGLE_SCOPE_PREFIX)
    });
    match name {
        "activity_and_fitness.readonly" | "activity" => "Activity and steps".into(),
        "health_metrics_and_measurements.readonly" | "heartrate" => {
            "Heart rate and measurements".into()
        }
        "sleep.readonly" | "sleep" => "Sleep".into(),
        "settings.readonly" | "settings" => "Settings and devices".into(),
        "profile.readonly" | "profile" => "Profile".into(),
        "location.readonly" | "location" => "Location (workout routes)".into(),
        "oxygen_saturation" => "Blood oxygen".into(),
        "respiratory_rate" => "Breathing rate".into(),
        "temperature" => "Temperature".into(),
        "cardio_fitness" => "Cardio fitness".into(),
        "weight" => "Weight and body fat".into(),
        other => other.to_string(),
    }
}

#[component]
pub fn DashboardPage(
    /// The validated deployer configuration.
    config: Config,
    /// The session's tokens as they were when the page opened.
    tokens: TokenSet,
    /// Called once the user has disconnected and everything is wiped.
    on_disconnected: Callback<()>,
) -> impl IntoView {
    let provider = tokens.provider;
    let kind = provider.source();
    let cfg = StoredValue::new(config);
    let account = LocalResource::new(move || async move {
        match cfg.try_get_value() {
            Some(config) => fetch::account(&config, kind, &Opts::default()).await,
            None => Err(ApiError::Aborted),
        }
    });
    let devices = LocalResource::new(move || async move {
        let account = account.await?;
        match cfg.try_get_value() {
            Some(config) => fetch::devices(&config, kind, &account, &Opts::default())
                .await
                .map(|(d, at)| (d, at, account)),
            None => Err(ApiError::Aborted),
        }
    });
    let disconnect_error = RwSignal::new(None::<String>);
    let granted: Vec<String> = tokens.scopes.iter().map(|s| scope_label(s)).collect();
    let lifetime = match tokens.mode {
        Mode::Code => "Your session renews itself; you stay connected.".to_string(),
        Mode::Token => {
            "Token mode: this connection lasts one hour, then use Reconnect.".to_string()
        }
    };
    let disconnect = move |_| {
        if !browser::confirm("Disconnect? This revokes the app's access and deletes everything it stored in this browser.") {
            return;
        }
        let config = cfg.get_value();
        spawn_local(async move {
            let stored = session::load(provider);
            match session::disconnect(config.provider(provider), stored.as_ref()).await {
                Ok(()) => on_disconnected.run(()),
                Err(e) => disconnect_error.set(Some(format!(
                    "Local data was deleted, but revoking at the provider failed: {e}"
                ))),
            }
        });
    };
    view! {
        <section class="card" data-testid="connected" data-provider=kind.key()>
            <h2>{format!("Connected to {}", kind.label())}</h2>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(a) => view! {
                            <p data-testid="account">
                                "Account " <code data-testid="user-id">{a.user}</code>
                                {a.time_zone.map(|z| view! { ", time zone " <span data-testid="time-zone">{z}</span> })}
                            </p>
                        }.into_any(),
                        Err(e) => view! {
                            <p class="error" role="alert" data-testid="account-error">{e.to_string()}</p>
                            <FixAction error=e testid="reauth".to_string() />
                        }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| view! { <div class="skeleton stats-skeleton" role="status" aria-busy="true" aria-label="Loading your devices"></div> }>
                {move || Suspend::new(async move {
                    match devices.await {
                        Ok((list, _, account)) => {
                            // Sync times in the profile's zone, like every time on the page.
                            let zone = account.zone();
                            let when = move |t: i64| match &zone {
                                Some(z) => crate::model::time::local(t, z.offset_at(t)).format("%-d %b %H:%M").to_string(),
                                None => crate::model::time::local(t, 0).format("%-d %b %H:%M UTC").to_string(),
                            };
                            view! {
                                <dl class="stats" data-testid="devices">
                                    {list.into_iter().map(|d| view! {
                                        <div data-testid="device" data-battery=d.battery_pct data-last-sync=d.last_sync>
                                            <dt>{format!("{} ({})", d.name, d.kind)}</dt>
                                            <dd>{match (d.battery_pct, d.battery) {
                                                (Some(p), _) => format!("battery {p} %"),
                                                (None, Some(b)) => format!("battery {}", b.to_lowercase()),
                                                (None, None) => "battery unknown".to_string(),
                                            }}</dd>
                                            <dd class="muted">{d.last_sync.map_or_else(|| "never synced".to_string(), |t| format!("synced {}", when(t)))}</dd>
                                        </div>
                                    }).collect_view()}
                                </dl>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <p class="error" role="alert" data-testid="devices-error">{format!("Could not read your devices: {e}")}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <p>"Access granted to: " <span data-testid="granted">{granted.join(", ")}</span></p>
            <p class="status muted">{lifetime}</p>
            <button class="secondary" data-testid="disconnect" on:click=disconnect>"Disconnect"</button>
            {move || disconnect_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
