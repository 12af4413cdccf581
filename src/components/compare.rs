//! The Trends page's comparison: a week, a month or a year against the one before and the same
//! period a year earlier, for every metric with a figure in the period and one of the others
//! (`model::compare`). Read from the days stored (the demo's generated first); made when asked.

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
            reader.stored_days(data, range).await
        }
    };
    let mut out = Vec::new();
    // Steps: each day's minutes added up.
    let steps: Vec<(NaiveDate, f64)> = read(Kind::Steps)
        .await?
        .into_iter()
        .filter_map(|(d, p)| match p {
            Payload::Intervals(i) if !i.is_empty() => Some((d, i.iter().map(|i| i.value).sum())),
            _ => None,
        })
        .collect();
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
        let days: Vec<(NaiveDate, f64)> = read(data)
            .await?
            .into_iter()
            .filter_map(|(d, p)| match p {
                Payload::Daily(v) => v.last().map(|x| (d, x.value)),
                _ => None,
            })
            .collect();
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
                        kind.set(match event_target_value(&ev).as_str() { "week" => Period::Week, "year" => Period::Year, _ => Period::Month });
                    }>
                        {Period::ALL.map(|p| view! { <option value=p.key() selected=p == Period::Month>{p.key()}</option> }).to_vec()}
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
