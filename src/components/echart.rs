//! `<EChart>`: initialises ECharts once on mount, updates it when the chart changes, fits it to
//! its box whenever that box changes size, draws it anew in the other theme when the system
//! switches between light and dark, and disposes of it on unmount.

use crate::browser;
use charming::Chart;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

#[component]
pub fn EChart(
    /// The chart to draw; a new value updates the drawing in place.
    #[prop(into)]
    chart: Signal<Chart>,
    /// The points of the chart's one large series, if it has one (`charts::hr_points`): they
    /// reach ECharts as a typed array, never through the option's JSON.
    #[prop(optional, into)]
    points: Option<Signal<Points>>,
    /// What the chart shows, for screen readers.
    label: String,
    /// Test id of the container.
    #[prop(into)]
    testid: String,
    /// Called with the name of an item clicked or tapped (a calendar's day).
    #[prop(optional)]
    on_pick: Option<Callback<String>>,
) -> impl IntoView {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let id = format!("echart-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let live = Live {
        handle: StoredValue::new_local(None),
        watch: StoredValue::new_local(None),
        error: RwSignal::new(None),
        chart,
        points,
        pick: on_pick,
    };
    let target = id.clone();
    // Up to ~30 s: a Suspense can hold a finished view off the page while a sibling loads.
    Effect::new(move |_| {
        let points = points.map(|p| p.get());
        // Read in place: the page never copies a chart (charming's `Clone` of a chart and its
        // series was 30 KB of the module).
        let option = Arc::new(chart.with(crate::charts::option));
        draw(target.clone(), option, points, live, 1800)
    });
    on_cleanup(move || {
        live.watch.try_update_value(Option::take);
        if let Some(h) = live.handle.try_update_value(Option::take).flatten() {
            browser::chart_dispose(h);
        }
    });
    let error = live.error;
    view! {
        <div class="chart" id=id role="img" aria-label=label data-testid=testid></div>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// A drawn chart's state, shared by the effect and the browser's callbacks.
#[derive(Clone, Copy)]
struct Live {
    handle: StoredValue<Option<browser::ChartHandle>, LocalStorage>,
    /// Resize and colour-scheme listeners, from the first drawing on.
    watch: StoredValue<Option<browser::ChartWatch>, LocalStorage>,
    error: RwSignal<Option<String>>,
    chart: Signal<Chart>,
    points: Option<Signal<Points>>,
    pick: Option<Callback<String>>,
}

/// A large series' points, flat `[x0, y0, x1, y1, …]`, and the index of the series they are:
/// shared, so a redraw (a new resting rate, the other theme) copies no more than once into
/// the chart.
pub type Points = (usize, Arc<Vec<f64>>);

fn as_points(points: &Option<Points>) -> browser::Points<'_> {
    points.as_ref().map(|(i, xy)| (*i, xy.as_slice()))
}

/// Draws once the container is in the document: an Effect can run while a Suspense still holds
/// the new view off-document, so wait up to `frames` animation frames for it to attach.
fn draw(
    id: String,
    option: Arc<serde_json::Value>,
    points: Option<Points>,
    live: Live,
    frames: u32,
) {
    let Live { handle, error, .. } = live;
    // A frame can come after the view is gone (the user moved on): then there is nothing to draw.
    let drawn = handle.try_with_value(|h| {
        h.as_ref()
            .map(|h| browser::chart_update(h, &option, as_points(&points)))
            .is_some()
    });
    if drawn != Some(false) {
        return;
    }
    if !browser::is_attached(&id) {
        if frames > 0 {
            browser::next_frame(move || draw(id, option, points, live, frames - 1));
        } else {
            error.set(Some(
                "The chart's place on the page never appeared; reload the page.".into(),
            ));
        }
        return;
    }
    // The library comes with the first chart (browser::load_echarts); draw once it is here.
    if !browser::echarts_loaded() {
        leptos::task::spawn_local(async move {
            match browser::load_echarts().await {
                Ok(()) => draw(id, option, points, live, frames),
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
        });
        return;
    }
    match browser::chart_render(&id, &option, as_points(&points)) {
        Ok(h) => {
            if let Some(pick) = live.pick {
                browser::chart_on_click(&h, move |name| pick.run(name));
            }
            // Disposed between the check and now: free the chart rather than leak it.
            // (`try_set_value` hands the value back when it could not be stored.)
            if let Some(Some(h)) = handle.try_set_value(Some(h)) {
                browser::chart_dispose(h);
                return;
            }
            if live.watch.try_with_value(Option::is_none) == Some(true) {
                watch(id, live);
            }
        }
        Err(e) => error.set(Some(e.to_string())),
    }
}

/// Fits the chart to its box on every change of size, and draws it anew on a change of colour
/// scheme (ECharts takes its theme when an instance is made).
fn watch(id: String, live: Live) {
    let again = id.clone();
    let w = browser::watch_chart(
        &id,
        move || {
            live.handle
                .try_with_value(|h| h.as_ref().map(browser::chart_resize));
        },
        move || {
            if let Some(h) = live.handle.try_update_value(Option::take).flatten() {
                browser::chart_dispose(h);
            }
            if let Some(option) = live.chart.try_with_untracked(crate::charts::option) {
                let points = live.points.and_then(|p| p.try_get_untracked());
                draw(again.clone(), Arc::new(option), points, live, 0);
            }
        },
    );
    match w {
        Ok(w) => {
            live.watch.try_set_value(Some(w));
        }
        Err(e) => live.error.set(Some(e.to_string())),
    }
}
