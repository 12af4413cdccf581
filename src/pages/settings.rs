//! Settings: bring your own OAuth client, what to register with the provider, step-by-step
//! setup, and "check my setup".

use crate::auth::{session, setup::Finding};
use crate::browser;
use crate::config::{ClientOverride, Config, Provider};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A value to paste into a provider's console, with a copy button.
#[component]
fn CopyField(
    /// What the value is.
    label: &'static str,
    /// The value.
    value: String,
    /// Test id of the value element.
    testid: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let text = value.clone();
    view! {
        <p>
            {label} ": " <code data-testid=testid>{value}</code> " "
            <button class="secondary" on:click=move |_| {
                let text = text.clone();
                spawn_local(async move {
                    copied.set(Some(match browser::copy_to_clipboard(&text).await {
                        Ok(()) => "Copied.".into(),
                        Err(e) => format!("Copy failed ({e}): select the text and copy it by hand."),
                    }));
                });
            }>"Copy"</button>
            " " <span role="status">{move || copied.get()}</span>
        </p>
    }
}

fn steps(kind: Provider) -> Vec<&'static str> {
    match kind {
        Provider::Google => vec![
            "In Google Cloud console, create a project (or pick one).",
            "APIs & Services → Library: enable the Google Health API.",
            "Google Auth Platform → Audience: user type External, publishing status Testing; add your own Google account under Test users.",
            "Data Access: add the googlehealth read-only scopes (activity and fitness, health metrics and measurements, sleep, settings).",
            "Clients → Create client → Web application. Add the JavaScript origin and the redirect URI shown here, exactly.",
            "Copy the client id and the client secret into the fields above, then Save and Check my setup.",
            "In Testing mode Google ends refresh tokens 7 days after consent: expect to connect again once a week. The Google Health scopes are restricted, so a client you make for yourself stays in Testing; when a session dies this way, the app says so.",
            "Publishing the client (In production) lifts the 7-day limit and the 100-test-user cap, but for restricted scopes it needs Google's verification and a security assessment: it does not change what the app can read, only who may connect and for how long.",
            "If every request suddenly fails with 403 RESOURCE_PERMISSION_DENIED: open myaccount.google.com/connections, remove this app's access, and connect again here. That is what fixed it for the people who reported it.",
        ],
        // Nothing to register for the demo or an import.
        Provider::Fitbit => vec![
            "dev.fitbit.com stopped registering new apps in May 2026, and the Fitbit Web API was switched off on 2026-11-02.",
            "An existing app still works against the emulator: use OAuth 2.0 Application Type \"Client\" (no secret) or \"Personal\" (with secret, needed for intraday data).",
            "Its Redirect URL must be exactly the redirect URI shown here.",
            "For your data today, connect Google Health, or import your Fitbit export.",
        ],
    }
}

#[component]
pub fn SettingsPage(
    /// The deployer's configuration (before the user's own clients).
    base: Config,
    /// The configuration in effect.
    config: Config,
    /// Called after the user saved or cleared a client.
    on_saved: Callback<()>,
) -> impl IntoView {
    let page = browser::location_href()
        .ok()
        .and_then(|h| url::Url::parse(&h).ok());
    let origin = browser::page_origin().unwrap_or_default();
    let cards = base
        .providers
        .iter()
        .map(|site| {
            let kind = site.provider;
            let effective = config.provider(kind).cloned().unwrap_or_else(|| site.clone());
            let own = session::load_overrides().into_iter().any(|(k, _)| k == kind);
            let id = RwSignal::new(if own { effective.client_id.clone() } else { String::new() });
            let secret = RwSignal::new(if own { effective.client_secret.clone().unwrap_or_default() } else { String::new() });
            let message = RwSignal::new(None::<String>);
            let findings = RwSignal::new(Vec::<Finding>::new());
            let checking = RwSignal::new(false);
            let cfg = StoredValue::new(effective.clone());
            let page = page.clone();
            let save = move |_| {
                let o = ClientOverride { client_id: id.get_untracked(), client_secret: Some(secret.get_untracked()) };
                match session::save_override(kind, Some(o)) {
                    Ok(()) => {
                        message.set(Some("Saved in this browser.".into()));
                        on_saved.run(());
                    }
                    Err(e) => message.set(Some(e.to_string())),
                }
            };
            let reset = move |_| match session::save_override(kind, None) {
                Ok(()) => {
                    id.set(String::new());
                    secret.set(String::new());
                    message.set(Some("Using the site's client again.".into()));
                    on_saved.run(());
                }
                Err(e) => message.set(Some(e.to_string())),
            };
            let check = move |_| {
                let Some(page) = page.clone() else { return };
                checking.set(true);
                let cfg = cfg.get_value();
                spawn_local(async move {
                    findings.set(session::check_setup(&cfg, &page).await);
                    checking.set(false);
                });
            };
            let source = if own { "your own client (saved in this browser)" } else { "the site's client (config.json)" };
            view! {
                <section class="card" data-testid=format!("settings-{}", kind.key())>
                    <h3>{kind.label()}</h3>
                    <p class="status muted">"In use: " {source} ", client id " <code data-testid=format!("client-id-{}", kind.key())>{effective.client_id.clone()}</code></p>
                    <label>"Your client id " <input type="text" data-testid=format!("own-id-{}", kind.key()) prop:value=move || id.get() on:input=move |e| id.set(event_target_value(&e)) /></label>
                    <label>"Client secret (optional) " <input type="password" autocomplete="off" data-testid=format!("own-secret-{}", kind.key()) prop:value=move || secret.get() on:input=move |e| secret.set(event_target_value(&e)) /></label>
                    <p class="status muted">"The secret of your own client stays in this browser; it is sent only to the provider's token endpoint."</p>
                    <button on:click=save>"Save"</button> " "
                    <button class="secondary" on:click=reset>"Use the site's client"</button>
                    <p role="status">{move || message.get()}</p>
                    <CopyField label="Redirect URI to register" value=effective.redirect_uri.to_string() testid=format!("redirect-{}", kind.key()) />
                    {(kind == Provider::Google).then(|| view! { <CopyField label="Authorized JavaScript origin" value=origin.clone() testid="origin-google".to_string() /> })}
                    <details>
                        <summary>"Step-by-step setup"</summary>
                        <ol>{steps(kind).into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                    </details>
                    <button data-testid=format!("check-{}", kind.key()) on:click=check disabled=move || checking.get()>"Check my setup"</button>
                    <ul class="findings" data-testid=format!("findings-{}", kind.key())>
                        {move || findings.get().into_iter().map(|f| view! {
                            <li data-ok=f.ok.to_string() class=if f.ok { "ok" } else { "error" }>{if f.ok { "✓ " } else { "✗ " }}{f.text}</li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="settings-title">
            <h2 id="settings-title">"Settings"</h2>
            {cards}
            <crate::components::recorders::Recorders />
        </section>
    }
}
