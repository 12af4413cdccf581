//! The day view: heart rate, steps and the night's sleep for one civil date.

use crate::charts;
use crate::components::echart::EChart;
use crate::config::{Config, ProviderKind};
use crate::data::fetch::{self, Day};
use chrono::NaiveDate;
use leptos::prelude::*;

fn day_link(date: NaiveDate) -> String {
    format!("#/day/{date}")
}

#[component]
pub fn DayPage(
    /// The configuration in effect.
    config: Config,
    /// The connected provider.
    kind: ProviderKind,
    /// The civil date shown.
    date: NaiveDate,
) -> impl IntoView {
    let cfg = StoredValue::new(config);
    let day = LocalResource::new(move || fetch::day(cfg.get_value(), kind, date));
    let prev = date.pred_opt().map(day_link).unwrap_or_default();
    let next = date.succ_opt().map(day_link).unwrap_or_default();
    view! {
        <section class="card day" aria-labelledby="day-title" data-testid="day" data-date=date.to_string()>
            <nav class="day-nav">
                <a href=prev data-testid="prev-day">"← Previous day"</a>
                <h2 id="day-title">{date.format("%A %-d %B %Y").to_string()}</h2>
                <a href=next data-testid="next-day">"Next day →"</a>
            </nav>
            <Suspense fallback=|| view! { <div class="skeleton" aria-busy="true" aria-label="Loading the day"></div> }>
                {move || Suspend::new(async move {
                    match day.await {
                        Ok(d) => view! { <DayCharts day=d /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="day-error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DayCharts(
    /// The day's data.
    day: Day,
) -> impl IntoView {
    let hr_points = day.heart_rate.len();
    let steps_total: f64 = day.steps.iter().map(|i| i.value).sum();
    let hr = charts::heart_rate_day(&day.heart_rate);
    let steps = charts::steps_day(&day.steps);
    let night = day.sleep.iter().find(|s| s.is_main).cloned();
    view! {
        <div data-testid="hr" data-points=hr_points>
            {(hr_points == 0).then(|| view! { <p class="status muted">"No heart-rate data for this day (the tracker was not worn)."</p> })}
            <EChart chart=Signal::stored(hr) label=format!("Heart rate, {hr_points} readings") testid="hr-chart" />
        </div>
        <div data-testid="steps" data-total=steps_total as i64>
            <EChart chart=Signal::stored(steps) label=format!("Steps per hour, {} in total", steps_total as i64) testid="steps-chart" />
        </div>
        {match night {
            Some(n) => {
                let minutes = (n.end - n.start) / 60;
                let segments = n.segments.len();
                let chart = charts::hypnogram(&n);
                view! {
                    <div data-testid="sleep" data-minutes=minutes data-segments=segments>
                        <EChart chart=Signal::stored(chart) label=format!("Sleep stages, {minutes} minutes") testid="sleep-chart" />
                    </div>
                }.into_any()
            }
            None => view! { <p class="status muted" data-testid="sleep">"No main sleep ended on this day."</p> }.into_any(),
        }}
    }
}
