//! The Trends view: daily steps, the day's other totals, sleep stages per night, and the
//! vitals and scale readings over 7, 30, 90 or 365 days or a chosen range. Each chart loads on
//! its own from the cache, fetching only the days it does not hold yet, and keeps showing the
//! previous range until the next one is ready.

use crate::browser;
use crate::charts;
use crate::components::cancel::abort_on_cleanup;
use crate::components::downloads::ChartDownloads;
use crate::components::echart::EChart;
use crate::components::exercises::ExerciseTable;
use crate::components::fix::FixAction;
use crate::components::session::Session;
use crate::config::{Config, Source};
use crate::model::compare::{self, Stat};
use crate::model::metric::{DrawnParts, Group, Metric};
use crate::model::resolution;
use crate::model::usual;
use crate::model::{Exercise, Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::BTreeMap;

const SPANS: [i64; 4] = [7, 30, 90, 365];

/// The longest custom range: three years of daily values.
const MAX_DAYS: i64 = 3 * 366;

/// The days a trend covers, inclusive.
type Range = (NaiveDate, NaiveDate);

/// Everything a card needs to load, shared by the page.
#[derive(Clone, Copy)]
struct Ctx {
    cfg: StoredValue<Config>,
    source: Source,
    abort: StoredValue<Option<browser::Abort>, LocalStorage>,
    account: LocalResource<Result<Account, ApiError>>,
    range: Memo<Result<Range, String>>,
    /// Requests done and planned for the steps chart, the slowest to fill on Fitbit.
    fetched: RwSignal<(usize, usize)>,
}

/// What a card loaded: its days (the `lead` days before the range first), the account, and
/// the person's own range of each day where their source gives one (`Around::personal`).
type Loaded = (
    Vec<(NaiveDate, Payload)>,
    Account,
    BTreeMap<NaiveDate, (f64, f64)>,
);

/// What a card's days are drawn against, beside the days themselves.
#[derive(Clone, Default)]
struct Around {
    /// The `lead` days before the range (neither drawn nor downloaded).
    before: Vec<(NaiveDate, Payload)>,
    /// The person's own range of each day, where their source gives one (Google's resting
    /// heart rate and HRV), in the metric's units.
    personal: BTreeMap<NaiveDate, (f64, f64)>,
}

/// Every day of `range` for `data`, from the cache, fetching only the missing days first.
/// With `figures`, each day is its one figure (`Payload::Daily`, from the figures the cache
/// keeps beside the days: a steps day's total), not its records. `Err(None)`: no valid range
/// (the page says why, once).
async fn days_of(
    ctx: Ctx,
    data: Kind,
    range: Result<Range, String>,
    figures: bool,
    lead: i64,
) -> Result<Loaded, Option<ApiError>> {
    let (shown, to) = range.map_err(|_| None)?;
    let from = shown - chrono::Duration::days(lead);
    let account = ctx.account.await?;
    let (Some(config), Some(abort)) = (ctx.cfg.try_get_value(), ctx.abort.try_get_value()) else {
        return Err(Some(ApiError::Aborted));
    };
    let opts = Opts {
        abort: abort.as_ref(),
        ..Opts::default()
    };
    let fetched = ctx.fetched;
    let progress = move |i, n| {
        if data == Kind::Steps {
            fetched.try_set((i, n));
        }
    };
    let source = ctx.source;
    let reader = fetch::Reader {
        config: &config,
        source,
        account: &account,
        opts: &opts,
    };
    reader.ensure(data, (from, to), &progress).await?;
    if figures {
        // Three years of steps are a million minutes to read and decode, for a bar a day.
        let mut known: BTreeMap<NaiveDate, f64> = reader
            .figures(data, (from, to))
            .await?
            .into_iter()
            .collect();
        let out = from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|date| {
                let daily = known.remove(&date).map(|value| crate::model::Daily {
                    date,
                    value,
                    parts: None,
                });
                (date, Payload::Daily(daily.into_iter().collect()))
            })
            .collect();
        return Ok((out, account, BTreeMap::new()));
    }
    let out = reader.days(data, (from, to)).await?;
    // The person's own ranges, where their source gives them, for a metric drawn with a band.
    let personal = match data {
        Kind::Daily(m) if lead > 0 => reader.personal_ranges(m, (shown, to)).await?,
        _ => BTreeMap::new(),
    };
    Ok((out, account, personal))
}

#[component]
pub fn TrendsPage(
    /// The session shown.
    session: Session,
) -> impl IntoView {
    let (cfg, source) = (session.config, session.source);
    // Every view of this page draws charts: the library loads while the days are read.
    crate::browser::preload_echarts();
    let today = crate::model::time::today();
    let yesterday = today.pred_opt().unwrap_or(today);
    // 0: the custom range.
    let span = RwSignal::new(7i64);
    // The dates as typed, and the custom range last shown: a range is loaded only when the
    // person asks for it (Show, or Enter), never while they are still typing a date, nor when
    // they merely open the custom form.
    let draft_from = RwSignal::new((yesterday - chrono::Duration::days(13)).to_string());
    let draft_to = RwSignal::new(yesterday.to_string());
    let custom_from = RwSignal::new(String::new());
    let custom_to = RwSignal::new(String::new());
    let editing = RwSignal::new(false);
    let range = Memo::new(move |_| match span.get() {
        0 => {
            let parse = |s: String, what: &str| {
                NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map_err(|_| format!("Choose a {what} date."))
            };
            let (from, to) = (
                parse(custom_from.get(), "start")?,
                parse(custom_to.get(), "end")?,
            );
            match (to - from).num_days() {
                n if n < 0 => Err("The start date is after the end date: swap them.".to_string()),
                n if n >= MAX_DAYS => Err(format!(
                    "That is {} days; choose at most {MAX_DAYS} (three years).",
                    n + 1
                )),
                _ => Ok((from, to)),
            }
        }
        n => Ok((yesterday - chrono::Duration::days(n - 1), yesterday)),
    });
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let ctx = Ctx {
        cfg,
        source,
        abort,
        account,
        range,
        fetched: RwSignal::new((0, 0)),
    };
    let group = move |g: Group| {
        Metric::ALL
            .into_iter()
            .filter(move |m| m.group() == g && crate::sources::offers(source, Kind::Daily(*m)))
            .map(move |m| view! { <MetricTrend ctx metric=m /> })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="trends-title" data-testid="trends">
            <h2 id="trends-title">"Trends"</h2>
            <div class="detail" role="group" aria-label="Period">
                {SPANS.map(|n| view! {
                    <button class="chip" data-testid=format!("span-{n}")
                        aria-pressed=move || (span.get() == n).to_string()
                        on:click=move |_| { editing.set(false); span.set(n) }>{format!("{n} days")}</button>
                }).to_vec()}
                <button class="chip" data-testid="span-custom"
                    aria-pressed=move || (span.get() == 0).to_string()
                    aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.set(true)>"Custom"</button>
            </div>
            {move || editing.get().then(|| view! {
                <form class="range" on:submit=move |ev| {
                    ev.prevent_default();
                    custom_from.set(draft_from.get_untracked());
                    custom_to.set(draft_to.get_untracked());
                    span.set(0);
                }>
                    <label>"From " <input type="date" data-testid="trend-from" prop:value=move || draft_from.get()
                        on:input=move |ev| draft_from.set(event_target_value(&ev)) /></label>
                    <label>"To " <input type="date" data-testid="trend-to" prop:value=move || draft_to.get()
                        on:input=move |ev| draft_to.set(event_target_value(&ev)) /></label>
                    <button type="submit" class="secondary" data-testid="trend-apply">"Show"</button>
                </form>
            })}
            {move || range.get().err().map(|e| view! { <p class="error" role="alert" data-testid="trend-range-error">{e}</p> })}
            {move || {
                let (i, n) = ctx.fetched.get();
                (n > 0 && i < n).then(|| view! {
                    <p class="status" data-testid="trends-fetching">{format!("Fetching missing days: {i} of {n} requests…")}</p>
                })
            }}
            <h3>"Activity"</h3>
            <Trend ctx data=Kind::Steps figures=true testid="trend-steps" render=|days, _, _| {
                let steps: Vec<(NaiveDate, f64)> = days.into_iter()
                    .map(|(d, p)| (d, p.day_figure().unwrap_or(0.0)))
                    .collect();
                let values: Vec<i64> = steps.iter().map(|(_, v)| *v as i64).collect();
                // Over more than a year, a bar per week or month (each its total).
                let per = resolution::per_for(steps.len(), crate::browser::week_start());
                let daily: Vec<(NaiveDate, Option<f64>)> = steps.iter().map(|(d, v)| (*d, Some(*v))).collect();
                let bars: Vec<(NaiveDate, f64)> = resolution::bucket(per, Stat::Sum, &daily)
                    .into_iter().map(|(d, v)| (d, v.unwrap_or(0.0))).collect();
                let chart = charts::steps_daily(&bars, per);
                view! {
                    <div data-testid="trend-steps" data-days=steps.len() data-per=per.key() data-values=serde_json::to_string(&values).unwrap_or_default()>
                        <EChart chart=Signal::stored(chart) label=format!("Steps per day, {} days", steps.len()) testid="trend-steps-chart" />
                    </div>
                }.into_any()
            } />
            {group(Group::Activity)}
            <h3>"Sleep"</h3>
            <Trend ctx data=Kind::Sleep testid="trend-sleep" render=|days, _, _| {
                let nights: Vec<_> = days.into_iter().map(|(d, p)| match p {
                    Payload::Sleep(s) => (d, s.into_iter().find(|s| s.is_main)),
                    _ => (d, None),
                }).collect();
                let minutes: Vec<i64> = nights.iter().map(|(_, n)| n.as_ref().map_or(0, |n| (n.end - n.start) / 60)).collect();
                let per = resolution::per_for(nights.len(), crate::browser::week_start());
                let stages: Vec<(NaiveDate, Option<[f64; 4]>)> = nights.iter().map(|(d, n)| (*d, charts::stage_minutes(n.as_ref()))).collect();
                let chart = charts::sleep_nightly(&resolution::bucket_each(per, Stat::Mean, &stages), per);
                view! {
                    <div data-testid="trend-sleep" data-per=per.key() data-minutes=serde_json::to_string(&minutes).unwrap_or_default()>
                        <EChart chart=Signal::stored(chart) label="Sleep stages per night".to_string() testid="trend-sleep-chart" />
                    </div>
                }.into_any()
            } />
            {group(Group::Sleep)}
            {crate::sources::offers(source, Kind::Exercises).then(|| view! {
                <h3>"Exercises"</h3>
                <Trend ctx data=Kind::Exercises testid="trend-exercises" render=|days, account, _| {
                    let list: Vec<Exercise> = days.into_iter().flat_map(|(_, p)| match p {
                        Payload::Exercises(v) => v,
                        _ => Vec::new(),
                    }).collect();
                    view! { <ExerciseTable list units=account.units testid="trend-exercises" /> }.into_any()
                } />
            })}
            <h3>"Heart and vitals"</h3>
            {group(Group::Vitals)}
            <h3>"Body"</h3>
            {group(Group::Body)}
            {crate::sources::offers(source, Kind::Food).then(|| view! {
                <h3>"Food and water"</h3>
                {group(Group::Nutrition)}
            })}
            <crate::components::compare::Compare config=cfg source account day=yesterday />
            <crate::components::compare::Records config=cfg source account />
        </section>
    }
}

/// A daily metric's trend: bars for the day's totals, a line for readings; in the person's
/// units, with what it is in the subtitle.
#[component]
fn MetricTrend(ctx: Ctx, metric: Metric) -> impl IntoView {
    // The night metrics are drawn with their usual band, which needs the 30 days before.
    let lead = if usual::METRICS.contains(&metric) {
        usual::WINDOW_DAYS
    } else {
        0
    };
    view! {
        <Trend ctx data=Kind::Daily(metric) lead testid=format!("trend-{}", metric.key()) render=move |days, account, around| {
            let testid = format!("trend-{}", metric.key());
            let units = account.units;
            let value_of = |p: &Payload| match p {
                Payload::Daily(v) => v.last().map(|d| d.value),
                _ => None,
            };
            // Each day's usual band, as the day view says it: the person's own range where
            // their source gives one, else the quartiles of the 30 days before.
            let band: Vec<Option<(f64, f64)>> = if lead > 0 {
                let values: Vec<(NaiveDate, Option<f64>)> = around.before.iter().chain(&days).map(|(d, p)| (*d, value_of(p))).collect();
                match (days.first(), days.last()) {
                    (Some(a), Some(b)) => usual::bands(&values, (a.0, b.0)).into_iter()
                        .map(|(d, u)| around.personal.get(&d).copied().or(u.map(|u| (u.q1, u.q3))))
                        .map(|b| b.map(|(low, high)| (units.show(metric, low).0, units.show(metric, high).0)))
                        .collect(),
                    _ => Vec::new(),
                }
            } else {
                Vec::new()
            };
            let mut unit = metric.unit();
            let mut split: Vec<charts::DayParts> = Vec::with_capacity(days.len());
            for (d, p) in days {
                let day = match p {
                    Payload::Daily(v) => v.last().copied(),
                    _ => None,
                };
                let v = day.map(|day| {
                    let (x, u) = units.show(metric, day.value);
                    unit = u;
                    x
                });
                split.push((d, v, day.and_then(|day| day.parts)));
            }
            // What the page shows, as stored (metric units), for checking against the source.
            let raw: Vec<Option<f64>> = split.iter().map(|(_, v, _)| *v).collect();
            // Over more than a year, a bar or point per week or month, by the metric's own
            // statistic (a sum, a mean, the last weigh-in); the subtitle says so.
            let stat = compare::stat(metric);
            let per = resolution::per_for(split.len(), crate::browser::week_start());
            let split = resolution::bucket_parts(per, stat, &split);
            let values: Vec<(NaiveDate, Option<f64>)> = split.iter().map(|(d, v, _)| (*d, *v)).collect();
            let says = per.says(stat);
            let mut about = if says.is_empty() { metric.about().to_string() } else { format!("{} · {says}", metric.about()) };
            // A band a day, behind a line: where the chart has a point a day.
            let banded = !band.is_empty()
                && per == resolution::Per::Day
                && metric.drawn_parts().is_none()
                && metric.group() != Group::Activity;
            if banded {
                about.push_str(if around.personal.is_empty() { " · shaded: your usual" } else { " · shaded: your personal range (Google's)" });
            }
            let chart = match metric.drawn_parts() {
                Some(DrawnParts::Stacked { labels, weights }) => {
                    charts::daily_stacked(metric.label(), &about, unit, labels, weights, &split, per)
                }
                Some(DrawnParts::Lines { value, labels }) => {
                    charts::daily_lines(metric.label(), &about, unit, value, labels, &split, per)
                }
                None if metric.group() == Group::Activity => {
                    charts::daily_bars(metric.label(), &about, unit, &values, per)
                }
                None if banded => {
                    charts::with_usual(charts::daily_line(metric.label(), &about, unit, &values, per), &band)
                }
                None => charts::daily_line(metric.label(), &about, unit, &values, per),
            };
            view! {
                <div data-testid=testid.clone() data-unit=unit data-per=per.key() data-values=serde_json::to_string(&raw).unwrap_or_default()>
                    <EChart chart=Signal::stored(chart) label=format!("{} per day, {unit}", metric.label()) testid=format!("{testid}-chart") />
                </div>
            }.into_any()
        } />
    }
}

/// One trend chart's slot: a skeleton at first, the previous chart while the next range loads,
/// then the chart, or the error with what to do.
#[component]
fn Trend(
    ctx: Ctx,
    /// The data type charted.
    data: Kind,
    /// Test id prefix of the error.
    #[prop(into)]
    testid: String,
    /// Draws the days (and the account, for units).
    render: impl Fn(Vec<(NaiveDate, Payload)>, Account, Around) -> AnyView
        + Copy
        + Send
        + Sync
        + 'static,
    /// Draws from each day's figure (`days_of`); the downloads read the records when asked.
    #[prop(optional)]
    figures: bool,
    /// Days before the range also read, for what each day is drawn against (a metric's usual
    /// band): handed to `render` apart, neither drawn nor downloaded.
    #[prop(optional)]
    lead: i64,
) -> impl IntoView {
    let resource = LocalResource::new(move || days_of(ctx, data, ctx.range.get(), figures, lead));
    let what = data.label();
    let error_id = format!("{testid}-error");
    view! {
        <Transition fallback=move || view! {
            <div class="skeleton chart-skeleton" role="status" aria-busy="true" aria-label=format!("Loading {what}")></div>
        }>
            {move || {
                let error_id = error_id.clone();
                let testid = testid.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok((mut days, account, personal)) => {
                            let before = days.drain(..usize::try_from(lead).unwrap_or(0).min(days.len())).collect();
                            let around = Around { before, personal };
                            let range = match (days.first(), days.last()) {
                                (Some(a), Some(b)) => (a.0, b.0),
                                _ => return ().into_any(),
                            };
                            let downloads = view! {
                                <ChartDownloads testid=testid.clone() config=ctx.cfg source=ctx.source
                                    account=account.clone() data range days=(!figures).then(|| days.clone()) />
                            };
                            view! { {render(days, account, around)} {downloads} }.into_any()
                        }
                        // A range the user is still typing is reported once, above the charts.
                        Err(None) => ().into_any(),
                        Err(Some(e)) => view! {
                            <p class="error" role="alert" data-testid=error_id.clone()>{format!("Could not load {what}: {e}")}</p>
                            <FixAction error=e testid=format!("{error_id}-fix") />
                        }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
