//! Whether the browser keeps fitdata's data: the state it reports (granted, refused, or no
//! such promise here), what that means in this browser, and a button that asks
//! (`sync::keep`). Shown on the storage panel; an import or a backfill that stores days asks on
//! its own (`ask_after_storing`).

use crate::browser;
use crate::sync::keep::{self, engine_of, explain, Persistence};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Asks the browser to keep the data once days are stored (the first import or backfill):
/// nothing happens if it already has, or cannot.
pub fn ask_after_storing() {
    spawn_local(async {
        keep::ask().await;
    });
}

#[component]
pub fn Keeping() -> impl IntoView {
    let state = RwSignal::new(None::<Persistence>);
    spawn_local(async move {
        let now = keep::state().await;
        state.try_set(Some(now));
    });
    let engine = engine_of(&browser::user_agent());
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        spawn_local(async move {
            let now = keep::ask().await;
            state.try_set(Some(now));
            asking.try_set(false);
        });
    };
    view! {
        <div class="keeping" data-testid="persistence" data-state=move || state.get().map(Persistence::key)>
            <p>{move || match state.get() {
                Some(s) => explain(s, engine).to_string(),
                None => "…".to_string(),
            }}</p>
            <Show when=move || state.get() == Some(Persistence::Refused)>
                <button class="secondary" data-testid="ask-persist" on:click=ask prop:disabled=move || asking.get()>
                    "Ask the browser to keep it"
                </button>
            </Show>
        </div>
    }
}
