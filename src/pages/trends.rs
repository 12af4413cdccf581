//! The Trends view: daily steps and nightly sleep stages over 7, 30, 90 or 365 days, from the
//! cache, fetching only the days it does not hold yet.

use crate::browser;
use crate::charts;
use crate::components::cancel::abort_on_cleanup;
use crate::components::echart::EChart;
use crate::config::{Config, ProviderKind};
use crate::data::cache::{Kind, Payload};
use crate::data::fetch::{self, Account};
use crate::data::model::SleepSession;
use crate::providers::client::Opts;
use crate::providers::ApiError;
use chrono::NaiveDate;
use leptos::prelude::*;

const SPANS: [i64; 4] = [7, 30, 90, 365];

#[derive(Clone)]
struct Trends {
    steps: Vec<(NaiveDate, f64)>,
    nights: Vec<(NaiveDate, Option<SleepSession>)>,
    resting: Vec<(NaiveDate, Option<f64>)>,
}

async fn load(
    config: Config,
    kind: ProviderKind,
    span: i64,
    abort: Option<browser::Abort>,
    fetched: RwSignal<(usize, usize)>,
) -> Result<Trends, ApiError> {
    let opts = Opts {
        abort: abort.as_ref(),
        ..Opts::default()
    };
    let account: Account = fetch::account(&config, kind, &opts).await?;
    let today = chrono::Local::now().date_naive();
    let to = today.pred_opt().unwrap_or(today);
    let from = to - chrono::Duration::days(span - 1);
    let progress = |i, n| fetched.set((i, n));
    let mut trends = Trends {
        steps: Vec::new(),
        nights: Vec::new(),
        resting: Vec::new(),
    };
    for data in [Kind::Steps, Kind::Sleep, Kind::RestingHeartRate] {
        fetch::ensure(&config, kind, &account, data, (from, to), &opts, &progress).await?;
        for day in from.iter_days().take_while(|d| *d <= to) {
            match fetch::day(&config, kind, &account, data, day, &opts).await? {
                Payload::Intervals(i) => trends.steps.push((day, i.iter().map(|i| i.value).sum())),
                Payload::Sleep(s) => trends.nights.push((day, s.into_iter().find(|s| s.is_main))),
                Payload::Daily(d) => trends.resting.push((day, d.first().map(|d| d.value))),
                Payload::Samples(_) => {}
            }
        }
    }
    Ok(trends)
}

#[component]
pub fn TrendsPage(
    /// The configuration in effect.
    config: Config,
    /// The connected provider.
    kind: ProviderKind,
) -> impl IntoView {
    let cfg = StoredValue::new(config);
    let span = RwSignal::new(7i64);
    let fetched = RwSignal::new((0usize, 0usize));
    let abort = abort_on_cleanup();
    let trends = LocalResource::new(move || {
        load(
            cfg.get_value(),
            kind,
            span.get(),
            abort.get_value(),
            fetched,
        )
    });
    view! {
        <section class="card" aria-labelledby="trends-title" data-testid="trends">
            <h2 id="trends-title">"Trends"</h2>
            <div class="detail" role="group" aria-label="Period">
                {SPANS.map(|n| view! {
                    <button class="chip" data-testid=format!("span-{n}")
                        aria-pressed=move || (span.get() == n).to_string()
                        on:click=move |_| span.set(n)>{format!("{n} days")}</button>
                }).to_vec()}
            </div>
            <Transition fallback=move || view! {
                <div class="skeleton chart-skeleton" aria-busy="true" aria-label="Loading trends"></div>
            }>
                {move || {
                    let (i, n) = fetched.get();
                    (n > 0 && i < n).then(|| view! {
                        <p class="status" data-testid="trends-fetching">{format!("Fetching missing days: {i} of {n} requests…")}</p>
                    })
                }}
                {move || Suspend::new(async move {
                    match trends.await {
                        Ok(t) => {
                            let values: Vec<i64> = t.steps.iter().map(|(_, v)| *v as i64).collect();
                            let steps = charts::steps_daily(&t.steps);
                            let sleep = charts::sleep_nightly(&t.nights);
                            let resting_values: Vec<Option<i64>> = t.resting.iter().map(|(_, v)| v.map(|v| v as i64)).collect();
                            let resting = charts::daily_line("Resting heart rate", "beats per minute, as the provider computes it for each day", "bpm", &t.resting);
                            let minutes: Vec<i64> = t.nights.iter().map(|(_, n)| n.as_ref().map_or(0, |n| (n.end - n.start) / 60)).collect();
                            view! {
                                <div data-testid="trend-steps" data-days=t.steps.len() data-values=serde_json::to_string(&values).unwrap_or_default()>
                                    <EChart chart=Signal::stored(steps) label=format!("Steps per day, last {} days", t.steps.len()) testid="trend-steps-chart" />
                                </div>
                                <div data-testid="trend-resting" data-values=serde_json::to_string(&resting_values).unwrap_or_default()>
                                    <EChart chart=Signal::stored(resting) label="Resting heart rate per day".to_string() testid="trend-resting-chart" />
                                </div>
                                <div data-testid="trend-sleep" data-minutes=serde_json::to_string(&minutes).unwrap_or_default()>
                                    <EChart chart=Signal::stored(sleep) label="Sleep stages per night".to_string() testid="trend-sleep-chart" />
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! {
                            <p class="error" role="alert" data-testid="trends-error">{format!("Could not load the trends: {e}")}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
