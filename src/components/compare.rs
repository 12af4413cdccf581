//! The Trends page's comparison: a week, a month or a year against the one before and the same
//! period a year earlier, for every metric with a figure in the period and one of the others
//! (`model::compare`), read from the days stored (the demo's generated first); and the
//! person's records over every day stored, each linking to its day. Both made when asked.

use crate::config::{Config, Source};
use crate::model::compare::{self, Period, Row, Stat};
use crate::model::metric::{Metric, Units};
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use chrono::NaiveDate;
use leptos::prelude::*;

/// A row of the table: what, its statistic, and its figures.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    key: &'static str,
    label: &'static str,
    metric: Option<Metric>,
    stat: Stat,
    row: Row,
}

async fn table(
    config: &Config,
    source: Source,
    account: &Account,
    kind: Period,
    day: NaiveDate,
) -> Result<Vec<Line>, ApiError> {
    let opts = Opts::default();
    let reader = fetch::Reader {
        config,
        source,
        account,
        opts: &opts,
    };
    let now = compare::period_of(kind, day);
    let from = compare::year_earlier(Some(kind), now)
        .0
        .min(compare::before(Some(kind), now).0);
    let range = (from, now.1);
    let read = |data: Kind| {
        let reader = &reader;
        async move {
            if source == Source::Demo {
                reader.ensure(data, range, &|_, _| {}).await?;
            }
            reader.figures(data, range).await
        }
    };
    let mut out = Vec::new();
    // Steps: each day's minutes added up.
    let steps: Vec<(NaiveDate, f64)> = read(Kind::Steps).await?;
    if let Some(row) = compare::row(Stat::Sum, &steps, Some(kind), now) {
        out.push(Line {
            key: "steps",
            label: "Steps",
            metric: None,
            stat: Stat::Sum,
            row,
        });
    }
    for metric in Metric::ALL {
        let data = Kind::Daily(metric);
        if !crate::sources::offers(source, data) {
            continue;
        }
        let days: Vec<(NaiveDate, f64)> = read(data).await?;
        let stat = compare::stat(metric);
        if let Some(row) = compare::row(stat, &days, Some(kind), now) {
            out.push(Line {
                key: metric.key(),
                label: metric.label(),
                metric: Some(metric),
                stat,
                row,
            });
        }
    }
    Ok(out)
}

fn show(units: Units, metric: Option<Metric>, v: f64) -> String {
    match metric {
        Some(m) => units.text(m, v),
        None => format!("{}", v.round() as i64),
    }
}

fn change(units: Units, l: &Line, other: Option<f64>) -> String {
    match l.row.change(other) {
        Some((d, pct)) => {
            let sign = if d > 0.0 { "+" } else { "" };
            let pct = pct.map_or(String::new(), |p| format!(" ({sign}{p:.1} %)"));
            format!("{sign}{}{pct}", show(units, l.metric, d))
        }
        None => "–".to_string(),
    }
}

#[component]
pub fn Compare(
    config: StoredValue<Config>,
    source: Source,
    account: LocalResource<Result<Account, ApiError>>,
    /// The day the period holds, to start with.
    day: NaiveDate,
) -> impl IntoView {
    let kind = RwSignal::new(Period::Month);
    // Weeks as the person's browser counts them (Sunday to Saturday in the United States).
    let first = crate::browser::week_start();
    let date = RwSignal::new(day.to_string());
    let asked = RwSignal::new(None::<(Period, NaiveDate)>);
    let loaded = LocalResource::new(move || {
        let ask = asked.get();
        async move {
            let Some((kind, day)) = ask else {
                return Ok(None);
            };
            let account = account.await?;
            let config = config.try_get_value().ok_or(ApiError::Aborted)?;
            let lines = table(&config, source, &account, kind, day).await?;
            Ok::<_, ApiError>(Some((lines, account.units, kind, day)))
        }
    });
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(d) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") {
            asked.set(Some((kind.get_untracked(), d)));
        }
    };
    view! {
        <div class="compare" data-testid="compare">
            <h3>"Compare"</h3>
            <form class="range" on:submit=go>
                <label>"The "
                    <select data-testid="compare-period" on:change=move |ev| {
                        kind.set(match event_target_value(&ev).as_str() { "week" => Period::Week(first), "year" => Period::Year, _ => Period::Month });
                    }>
                        {Period::all(first).map(|p| view! { <option value=p.key() selected=p == Period::Month>{p.key()}</option> }).to_vec()}
                    </select>
                </label>
                <label>" holding " <input type="date" data-testid="compare-date" prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev)) /></label>
                <button type="submit" class="secondary" data-testid="compare-go">"Compare"</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(Some((lines, units, kind, day))) => {
                            let now = compare::period_of(kind, day);
                            let before = compare::before(Some(kind), now);
                            let year = compare::year_earlier(Some(kind), now);
                            view! {
                                <p class="muted">{format!(
                                    "{} to {} against {} to {} and {} to {}: sums for totals, means for readings, the last weigh-in for the scale.",
                                    now.0, now.1, before.0, before.1, year.0, year.1
                                )}</p>
                                {if lines.is_empty() { view! { <p data-testid="compare-empty">"No metric has days stored in this period and one of the others."</p> }.into_any() } else { ().into_any() }}
                                <table data-testid="compare-table" data-from=now.0.to_string() data-to=now.1.to_string()>
                                    <thead><tr><th>""</th><th>"This"</th><th>"The one before"</th><th>"Change"</th><th>"A year earlier"</th><th>"Change"</th></tr></thead>
                                    <tbody>
                                        {lines.into_iter().map(|l| view! {
                                            <tr data-testid=format!("compare-{}", l.key) data-now=l.row.now.to_string()
                                                data-before=l.row.before.map(|v| v.to_string()) data-year=l.row.year_ago.map(|v| v.to_string())
                                                data-stat=match l.stat { Stat::Sum => "sum", Stat::Mean => "mean", Stat::Last => "last" }>
                                                <th scope="row">{l.label}</th>
                                                <td>{show(units, l.metric, l.row.now)}</td>
                                                <td>{l.row.before.map_or("–".to_string(), |v| show(units, l.metric, v))}</td>
                                                <td>{change(units, &l, l.row.before)}</td>
                                                <td>{l.row.year_ago.map_or("–".to_string(), |v| show(units, l.metric, v))}</td>
                                                <td>{change(units, &l, l.row.year_ago)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="compare-error">{format!("Could not compare: {e}")}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The best day, week and month of a metric that adds up, as record lines.
fn sums(
    out: &mut Vec<RecordLine>,
    units: Units,
    (key, label, metric): (&str, &str, Option<Metric>),
    days: &[(NaiveDate, f64)],
) {
    if let Some([day, week, month]) = compare::best_sums(days, crate::browser::week_start()) {
        for (which, (date, value), what) in [
            ("day", day, format!("{label}: best day, {}", day.0)),
            ("week", week, format!("{label}: best week, from {}", week.0)),
            (
                "month",
                month,
                format!("{label}: best month, {}", month.0.format("%B %Y")),
            ),
        ] {
            out.push(RecordLine {
                testid: format!("record-{key}-{which}"),
                text: format!("{what}: {}", show(units, metric, value)),
                date,
                value,
            });
        }
    }
}

/// One record line: what, which record, its day and figure as text.
#[derive(Clone, Debug, PartialEq)]
struct RecordLine {
    testid: String,
    text: String,
    date: NaiveDate,
    value: f64,
}

/// The record lines, and each stored day's steps (for the streak over the person's goal).
type Found = (Vec<RecordLine>, Vec<(NaiveDate, f64)>);

async fn records(config: &Config, source: Source, account: &Account) -> Result<Found, ApiError> {
    let opts = Opts::default();
    let reader = fetch::Reader {
        config,
        source,
        account,
        opts: &opts,
    };
    let all = (
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
        crate::model::time::today(),
    );
    let units = account.units;
    let mut out = Vec::new();
    let steps: Vec<(NaiveDate, f64)> = reader.figures(Kind::Steps, all).await?;
    sums(&mut out, units, ("steps", "Steps", None), &steps);
    let mut metric_days = Vec::new();
    for m in [
        Metric::Distance,
        Metric::Floors,
        Metric::ActiveZoneMinutes,
        Metric::RestingHeartRate,
        Metric::Hrv,
    ] {
        if !crate::sources::offers(source, Kind::Daily(m)) {
            continue;
        }
        let days: Vec<(NaiveDate, f64)> = reader.figures(Kind::Daily(m), all).await?;
        metric_days.push((m, days));
    }
    for (m, days) in &metric_days {
        match m {
            Metric::RestingHeartRate | Metric::Hrv => {
                if let Some((low, high)) = compare::extremes(days) {
                    let (which, (date, value)) = if *m == Metric::RestingHeartRate {
                        ("low", low)
                    } else {
                        ("high", high)
                    };
                    out.push(RecordLine {
                        testid: format!("record-{}-{which}", m.key()),
                        text: format!(
                            "{}: {} day, {date}: {}",
                            m.label(),
                            if which == "low" { "lowest" } else { "highest" },
                            units.text(*m, value)
                        ),
                        date,
                        value,
                    });
                }
            }
            _ => sums(&mut out, units, (m.key(), m.label(), Some(*m)), days),
        }
    }
    // The longest main sleep, in minutes.
    let nights: Vec<(NaiveDate, f64)> = reader
        .stored_days(Kind::Sleep, all)
        .await?
        .into_iter()
        .filter_map(|(d, p)| match p {
            Payload::Sleep(s) => s
                .iter()
                .filter(|s| s.is_main)
                .map(|s| (s.end - s.start) as f64 / 60.0)
                .reduce(f64::max)
                .map(|m| (d, m)),
            _ => None,
        })
        .collect();
    if let Some((_, (date, minutes))) = compare::extremes(&nights) {
        out.push(RecordLine {
            testid: "record-sleep-high".to_string(),
            text: format!(
                "Sleep: longest night, ending {date}: {} h {:02} min",
                minutes as i64 / 60,
                minutes as i64 % 60
            ),
            date,
            value: minutes,
        });
    }
    Ok((out, steps))
}

#[component]
pub fn Records(
    config: StoredValue<Config>,
    source: Source,
    account: LocalResource<Result<Account, ApiError>>,
) -> impl IntoView {
    let asked = RwSignal::new(false);
    let goal = RwSignal::new(10_000.0_f64);
    let loaded = LocalResource::new(move || {
        let ask = asked.get();
        async move {
            if !ask {
                return Ok(None);
            }
            let account = account.await?;
            let config = config.try_get_value().ok_or(ApiError::Aborted)?;
            records(&config, source, &account).await.map(Some)
        }
    });
    view! {
        <div class="records" data-testid="records">
            <h3>"Records"</h3>
            <p class="muted">"Your best days, weeks and months, over every day stored in this browser."</p>
            <button class="secondary" data-testid="records-go" on:click=move |_| asked.set(true)>"Find my records"</button>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Ok(Some((lines, steps))) => {
                            let streak = Memo::new(move |_| compare::longest_streak(&steps, goal.get()));
                            view! {
                                <ul data-testid="records-list">
                                    {lines.into_iter().map(|l| view! {
                                        <li data-testid=l.testid data-date=l.date.to_string() data-value=l.value.to_string()>
                                            <a href=format!("#/day/{}", l.date)>{l.text}</a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <label>"Daily steps goal "
                                    <input type="number" min="1" step="500" data-testid="streak-goal" prop:value=move || goal.get().to_string()
                                        on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f64>() { goal.set(v) } } />
                                </label>
                                <p data-testid="streak" data-goal=move || goal.get().to_string()
                                    data-from=move || streak.get().map(|s| s.0.to_string()) data-to=move || streak.get().map(|s| s.1.to_string())
                                    data-days=move || streak.get().map(|s| s.2.to_string())>
                                    {move || match streak.get() {
                                        Some((a, b, n)) => view! {
                                            "Longest streak at or over " {format!("{}", goal.get())} " steps: " {format!("{n} days, ")}
                                            <a href=format!("#/day/{a}")>{a.to_string()}</a> {format!(" to {b}.")}
                                        }.into_any(),
                                        None => view! { {format!("No day of {} steps or more stored yet.", goal.get())} }.into_any(),
                                    }}
                                </p>
                            }.into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="records-error">{format!("Could not find your records: {e}")}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
