//! Settings → Which recorder counts: for each type an export recorded by more than one device
//! or app (a tracker's and a phone's steps, a tracker's and a watch's heart rate), which one
//! counts each day (`sync::recorders`).
//! Changing it rewrites the stored days at once, so charts, totals and downloads follow.

use crate::config::Source;
use crate::model::recorders::rule_words;
use crate::sources::import::USER;
use crate::sync::recorders::{self, Held};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The list, read from the store when the settings open.
#[component]
pub fn Recorders() -> impl IntoView {
    let held = RwSignal::new(None::<Result<Vec<Held>, String>>);
    spawn_local(async move {
        let got = recorders::held(Source::Import, USER)
            .await
            .map_err(|e| e.to_string());
        held.try_set(Some(got));
    });
    view! {
        <section class="card" aria-labelledby="recorders-title" data-testid="recorders">
            <h3 id="recorders-title">"Which recorder counts"</h3>
            <p class="muted">"An export can hold the same steps twice or three times over: a tracker's, and a phone's counted in your pocket at the same time. Adding them up would count every walk more than once, and two sensors' heart rate in one line would be neither's, so each day counts one recorder. Choose which: the first choice wherever it recorded the day, else the one with the most that day. Charts, totals, records and downloads all follow."</p>
            {move || match held.get() {
                None => view! { <p class="status">"Reading what your export recorded…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{format!("The stored days could not be read ({e}). Reload the page.")}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p data-testid="recorders-none">"Nothing to choose: no export opened here names more than one recorder for a type."</p>
                }.into_any(),
                Some(Ok(list)) => list.into_iter().map(|h| view! { <Choice held=h /> }).collect_view().into_any(),
            }}
        </section>
    }
}

/// One type's choice.
#[component]
fn Choice(held: Held) -> impl IntoView {
    let kind = held.kind;
    let first = RwSignal::new(
        recorders::priority()
            .order(kind)
            .first()
            .cloned()
            .unwrap_or_default(),
    );
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let on_change = move |ev| {
        let name = event_target_value(&ev);
        first.set(name.clone());
        busy.set(true);
        status.set(None);
        spawn_local(async move {
            let order = if name.is_empty() {
                Vec::new()
            } else {
                vec![name]
            };
            let rule = rule_words(&order);
            let done = recorders::set_order(Source::Import, USER, kind, order).await;
            busy.try_set(false);
            status.try_set(Some(match done {
                Ok(n) => (true, format!("{n} days counted again: {rule}.")),
                Err(e) => (false, format!("The days could not be counted again ({e}). Your choice is saved; reload the page to try once more.")),
            }));
        });
    };
    let testid = format!("recorder-{}", kind.key());
    let names = held.recorders.clone();
    view! {
        <p>
            <label>
                {format!("{} ({} days recorded by more than one): ", kind.label(), held.shared_days)}
                <select data-testid=testid.clone() on:change=on_change prop:disabled=move || busy.get()>
                    <option value="" selected=move || first.get().is_empty()>"The one with the most that day"</option>
                    {names.into_iter().map(|(name, days)| {
                        let value = name.clone();
                        let is = name.clone();
                        view! { <option value=value selected=move || first.get() == is>{format!("{name} ({days} days)")}</option> }
                    }).collect_view()}
                </select>
            </label>
            " "
            <span role="status" data-testid=format!("{testid}-status")
                data-state=move || match (busy.get(), status.get()) {
                    (true, _) => "busy",
                    (false, Some((true, _))) => "done",
                    (false, Some((false, _))) => "failed",
                    (false, None) => "idle",
                }>
                {move || if busy.get() { "Counting the days again…".to_string() } else { status.get().map(|(_, t)| t).unwrap_or_default() }}
            </span>
        </p>
    }
}
