//! `<EChart>`: initialises ECharts once on mount, updates it when the chart changes, and
//! disposes of it on unmount.

use crate::browser;
use charming::Chart;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

#[component]
pub fn EChart(
    /// The chart to draw; a new value updates the drawing in place.
    #[prop(into)]
    chart: Signal<Chart>,
    /// What the chart shows, for screen readers.
    label: String,
    /// Test id of the container.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let id = format!("echart-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let handle = StoredValue::new_local(None::<browser::ChartHandle>);
    let error = RwSignal::new(None::<String>);
    let target = id.clone();
    // Up to ~30 s: a Suspense can hold a finished view off the page while a sibling loads.
    Effect::new(move |_| draw(target.clone(), chart.get(), handle, error, 1800));
    on_cleanup(move || {
        if let Some(h) = handle.try_update_value(Option::take).flatten() {
            browser::chart_dispose(h);
        }
    });
    view! {
        <div class="chart" id=id role="img" aria-label=label data-testid=testid></div>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// Draws once the container is in the document: an Effect can run while a Suspense still holds
/// the new view off-document, so wait up to `frames` animation frames for it to attach.
fn draw(
    id: String,
    chart: Chart,
    handle: StoredValue<Option<browser::ChartHandle>, LocalStorage>,
    error: RwSignal<Option<String>>,
    frames: u32,
) {
    // A frame can come after the view is gone (the user moved on): then there is nothing to draw.
    let drawn = handle.try_with_value(|h| {
        h.as_ref()
            .map(|h| browser::chart_update(h, &crate::charts::option(&chart)))
            .is_some()
    });
    if drawn != Some(false) {
        return;
    }
    if !browser::is_attached(&id) {
        if frames > 0 {
            browser::next_frame(move || draw(id, chart, handle, error, frames - 1));
        } else {
            error.set(Some(
                "The chart's place on the page never appeared; reload the page.".into(),
            ));
        }
        return;
    }
    match browser::chart_render(&id, &crate::charts::option(&chart)) {
        Ok(h) => {
            // Disposed between the check and now: free the chart rather than leak it.
            // (`try_set_value` hands the value back when it could not be stored.)
            if let Some(Some(h)) = handle.try_set_value(Some(h)) {
                browser::chart_dispose(h);
            }
        }
        Err(e) => error.set(Some(e.to_string())),
    }
}
