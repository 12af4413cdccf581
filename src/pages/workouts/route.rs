//! A workout's route on its page: drawn without map tiles once the person lets the app read
//! their location (Google asks for a scope of its own for it), and its GPX file. The track is
//! asked for once and kept beside the days (`sync::fetch::Reader::route`).

use crate::auth::{flow, session as signin};
use crate::charts;
use crate::components::echart::EChart;
use crate::components::session::Session;
use crate::config::Provider;
use crate::model::metric::Units;
use crate::model::route;
use crate::sources::ApiError;
use crate::sync::fetch;
use leptos::prelude::*;

/// Whether the stored Google sign-in lets the app read locations.
fn location_allowed() -> bool {
    signin::load(Provider::Google).is_some_and(|t| t.has_scope(&flow::location_scope()))
}

/// The route of the exercise whose source id is `id`; `stem` names its GPX file.
#[component]
pub fn RouteCard(session: Session, id: String, stem: String, units: Units) -> impl IntoView {
    // Only Google asks for a permission of its own; the demo's routes are made in the page.
    let allowed = session.source != crate::model::Source::Google || location_allowed();
    let failed = RwSignal::new(None::<String>);
    let ask = move |_| {
        let Some(ctx) = session.reauth.get_value() else {
            return;
        };
        let back = crate::browser::location_hash();
        if let Err(e) = signin::begin_with(
            &ctx.provider,
            ctx.mode,
            &[flow::location_scope()],
            Some(&back),
        ) {
            failed.set(Some(e.to_string()));
        }
    };
    let allow = move || {
        view! {
            <p class="muted" data-testid="route-permission">"This workout was recorded with GPS. Its route is where you were, so Google asks you to allow this app to read your location before it gives the route. The route then stays in this browser: the map is drawn here, without map tiles from anywhere."</p>
            <button data-testid="route-allow" on:click=ask>"Allow reading my routes"</button>
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        }
    };
    if !allowed {
        return view! { <h3>"Route"</h3> {allow()} }.into_any();
    }
    let abort = crate::components::cancel::abort_on_cleanup();
    let account = session.account(abort);
    let loaded = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let account = account.await?;
            crate::pages::span::with_reader(
                session,
                &account,
                async |reader: &fetch::Reader<'_>| reader.route(&id).await,
            )
            .await
        }
    });
    let saved = RwSignal::new(None::<String>);
    view! {
        <h3>"Route"</h3>
        <Transition fallback=|| view! { <p class="status">"Fetching the route…"</p> }>
            {move || {
                let stem = stem.clone();
                Suspend::new(async move {
                    match loaded.await {
                        Err(ApiError::ScopeMissing { .. }) => allow().into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="route-error">{e.to_string()}</p> }.into_any(),
                        Ok(fixes) if fixes.is_empty() => view! {
                            <p class="muted" data-testid="route-empty">"The source has no GPS fixes for this workout: the phone's GPS may have been off."</p>
                        }.into_any(),
                        Ok(fixes) => {
                            let (every, unit) = if units.miles { (1609.344, "mi") } else { (1000.0, "km") };
                            let length = route::distances(&fixes).last().copied().unwrap_or(0.0);
                            let chart = charts::route(&fixes, every, unit);
                            let file = route::gpx(&fixes, &stem);
                            let name = format!("{stem}.gpx");
                            view! {
                                <div class="route">
                                    <EChart chart=Signal::stored(chart)
                                        label=format!("The workout's route, {} GPS fixes, {:.2} {unit}, north up", fixes.len(), length / every)
                                        testid="workout-route" />
                                </div>
                                <p class="muted">{format!("{} GPS fixes, a marker at each {unit}, north up. No map tiles: nothing about where you were leaves this browser.", fixes.len())}</p>
                                <div class="chart-downloads">
                                    <button class="secondary" data-testid="route-gpx" on:click=move |_| {
                                        let r = crate::export::files::save_bytes(&name, "application/gpx+xml", file.as_bytes());
                                        saved.set(r.err().map(|e| e.to_string()));
                                    }>"Download GPX"</button>
                                </div>
                                {move || saved.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}
