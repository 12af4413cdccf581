//! The Years page (#28): a metric over every year stored, one year at a time as a calendar
//! (a click opens the day), and its week, month and year figures with the metric's own
//! statistic, also as CSV. The figures come from `model::years`; this page reads and draws.

use crate::charts;
use crate::components::cancel::abort_on_cleanup;
use crate::components::echart::EChart;
use crate::components::session::Session;
use crate::model::compare::{self, Period, Stat};
use crate::model::metric::{Metric, Units};
use crate::model::years::{self, Aggregate};
use crate::model::Kind;
use crate::pages::span::span_figures;
use crate::sources::ApiError;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// What the page can show: steps, or a daily metric.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shown {
    Steps,
    Daily(Metric),
}

impl Shown {
    fn key(self) -> &'static str {
        match self {
            Shown::Steps => "steps",
            Shown::Daily(m) => m.key(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Shown::Steps => "Steps",
            Shown::Daily(m) => m.label(),
        }
    }

    fn kind(self) -> Kind {
        match self {
            Shown::Steps => Kind::Steps,
            Shown::Daily(m) => Kind::Daily(m),
        }
    }

    fn stat(self) -> Stat {
        match self {
            Shown::Steps => Stat::Sum,
            Shown::Daily(m) => compare::stat(m),
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Shown::Steps => "steps",
            Shown::Daily(m) => m.unit(),
        }
    }

    fn text(self, units: Units, v: f64) -> String {
        match self {
            Shown::Steps => format!("{v:.0} steps"),
            Shown::Daily(m) => units.text(m, v),
        }
    }

    /// Every choice a source has: steps, then each daily metric with one value a day.
    fn all(source: crate::model::Source) -> Vec<Shown> {
        let mut out = vec![Shown::Steps];
        out.extend(
            Metric::ALL
                .into_iter()
                .filter(|m| !matches!(m, Metric::BreathingByStage | Metric::HeartRateZones))
                .filter(|m| crate::sources::offers(source, Kind::Daily(*m)))
                .map(Shown::Daily),
        );
        out
    }
}

/// The days the demo draws (it makes them as it goes: two years, not every day since 2008).
const DEMO_DAYS: i64 = 730;

#[component]
pub fn YearsPage(
    /// The session shown.
    session: Session,
) -> impl IntoView {
    crate::browser::preload_echarts();
    let today = crate::model::time::today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let choices = StoredValue::new(Shown::all(session.source));
    let shown = RwSignal::new(Shown::Steps);
    let year = RwSignal::new(None::<i32>);
    let period = RwSignal::new(Period::Month);
    // The person's week, as their browser's language and region count it.
    let first = crate::browser::week_start();
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let span = if session.source == crate::model::Source::Demo {
        DEMO_DAYS
    } else {
        0
    };
    let loaded = LocalResource::new(move || {
        let what = shown.get();
        async move {
            let account = account.await?;
            let days = span_figures(session, &account, what.kind(), span, yesterday).await?;
            Ok::<_, ApiError>((days, account.units))
        }
    });
    let open_day = Callback::new(move |name: String| {
        if let Some(date) = name.get(..10) {
            if NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() {
                crate::browser::set_hash(&format!("/day/{date}"));
            }
        }
    });
    view! {
        <section class="card" aria-labelledby="years-title" data-testid="years">
            <h2 id="years-title">"Years"</h2>
            <p class="muted">"Every year stored, a day a square. Click a day to open it."</p>
            <label>"Show: "
                <select data-testid="years-metric" on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(s) = choices.with_value(|c| c.iter().copied().find(|s| s.key() == key)) {
                        year.set(None);
                        shown.set(s);
                    }
                }>
                    {choices.get_value().into_iter().map(|s| view! { <option value=s.key() selected=move || shown.get() == s>{s.label()}</option> }).collect_view()}
                </select>
            </label>
            <Transition fallback=|| view! { <p class="status">"Reading your years…"</p> }>
                {move || Suspend::new(async move {
                    let what = shown.get_untracked();
                    match loaded.await {
                        Err(e) => view! { <p class="error" role="alert" data-testid="years-error">{e.to_string()}</p> }.into_any(),
                        Ok((days, _)) if days.is_empty() => view! {
                            <p data-testid="years-empty">{format!("No {} stored yet.", what.label().to_lowercase())}</p>
                        }.into_any(),
                        Ok((days, units)) => {
                            let all_years = years::years(&days);
                            let latest = all_years.last().copied().unwrap_or_else(|| today.year());
                            let days = StoredValue::new(days);
                            view! {
                                <div class="detail" role="group" aria-label="Year">
                                    {all_years.iter().map(|&y| view! {
                                        <button class="chip" data-testid=format!("years-year-{y}")
                                            aria-pressed=move || (year.get().unwrap_or(latest) == y).to_string()
                                            on:click=move |_| year.set(Some(y))>{y.to_string()}</button>
                                    }).collect_view()}
                                </div>
                                {move || {
                                    let y = year.get().unwrap_or(latest);
                                    days.with_value(|days| {
                                        let cells = years::calendar(days, y, first);
                                        let values: Vec<f64> = cells.iter().map(|c| c.value).collect();
                                        let bounds = years::bands(&values).unwrap_or([0.0; 4]);
                                        let chart = charts::year_calendar(&cells, y, first, &bounds, what.label(), &|v| what.text(units, v));
                                        // A phone scrolls the year sideways: open on its latest weeks.
                                        crate::browser::next_frame(|| crate::browser::scroll_to_end("years-calendar-box"));
                                        view! {
                                            <div class="calendar" data-testid="years-calendar-box" data-year=y data-bounds=serde_json::to_string(&bounds).unwrap_or_default()>
                                                <EChart chart=Signal::stored(chart) label=format!("{} in {y}, a day a square", what.label()) testid="years-calendar" on_pick=open_day />
                                            </div>
                                            <Legend bounds text=move |v| what.text(units, v) />
                                        }
                                    })
                                }}
                                <Aggregates days period year latest what units first />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// What each colour means.
#[component]
fn Legend(bounds: [f64; 4], text: impl Fn(f64) -> String) -> impl IntoView {
    let ranges: Vec<String> = (0..years::LEVELS)
        .map(|i| match i {
            0 => format!("up to {}", text(bounds[0])),
            4 => format!("over {}", text(bounds[3])),
            _ => format!("{} to {}", text(bounds[i - 1]), text(bounds[i])),
        })
        .collect();
    view! {
        <ul class="legend" data-testid="years-legend">
            {ranges.into_iter().enumerate().map(|(i, r)| view! {
                <li><span class=format!("swatch band-{i}") aria-hidden="true"></span>{r}</li>
            }).collect_view()}
        </ul>
    }
}

/// The week, month or year figures: of the year shown (weeks, months), or of every year.
#[component]
fn Aggregates(
    days: StoredValue<Vec<(NaiveDate, f64)>>,
    period: RwSignal<Period>,
    year: RwSignal<Option<i32>>,
    latest: i32,
    what: Shown,
    units: Units,
    first: chrono::Weekday,
) -> impl IntoView {
    let stat = what.stat();
    let rows = move || -> Vec<Aggregate> {
        let p = period.get();
        let y = year.get().unwrap_or(latest);
        days.with_value(|d| years::aggregates(stat, d, p))
            .into_iter()
            // Weeks and months of the year shown; a week belongs to the year its fourth day is
            // in (the year of most of its days, as ISO 8601 counts a Monday week), and a
            // month's fourth day is in its own year.
            .filter(|a| p == Period::Year || (a.from + chrono::Duration::days(3)).year() == y)
            .rev()
            .collect()
    };
    let statistic = stat.text();
    let save_error = RwSignal::new(None::<String>);
    view! {
        <h3>"Weeks, months and years"</h3>
        <p class="muted" data-testid="years-week-start" data-first=crate::model::week::names(first).0>{format!("Each period's figure is {statistic}. Weeks start on {}, as your browser's language and region count them.", crate::model::week::names(first).0)}</p>
        <div class="detail" role="group" aria-label="Periods">
            {Period::all(first).map(|p| view! {
                <button class="chip" data-testid=format!("years-period-{}", p.key())
                    aria-pressed=move || (period.get() == p).to_string()
                    on:click=move |_| period.set(p)>{match p { Period::Week(_) => "Weeks", Period::Month => "Months", Period::Year => "Years" }}</button>
            }).to_vec()}
            <button class="secondary" data-testid="years-csv" on:click=move |_| {
                let p = period.get_untracked();
                let all = days.with_value(|d| years::aggregates(stat, d, p));
                let csv = years::aggregates_csv(what.key(), what.unit(), stat, p, &all);
                let name = format!("fitdata-{}-by-{}.csv", what.key(), p.key());
                let r = crate::export::files::save_bytes(&name, "text/csv", csv.as_bytes());
                save_error.set(r.err().map(|e| e.to_string()));
            }>"Download every period as CSV"</button>
        </div>
        {move || save_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <div class="months-box" role="region" aria-label="Weeks, months and years" tabindex="0">
        <table class="months" data-testid="years-aggregates">
            <thead><tr><th scope="col">"Period"</th><th scope="col">{what.label()}</th><th scope="col">"Days with a value"</th></tr></thead>
            <tbody>
                {move || rows().into_iter().map(|a| {
                    let label = match period.get_untracked() {
                        Period::Week(_) => format!("Week of {}", a.from.format("%-d %b %Y")),
                        Period::Month => a.from.format("%B %Y").to_string(),
                        Period::Year => a.from.format("%Y").to_string(),
                    };
                    view! {
                        <tr data-from=a.from.to_string() data-to=a.to.to_string() data-value=a.value.to_string() data-days=a.days>
                            <th scope="row">{label}</th>
                            <td>{what.text(units, a.value)}</td>
                            <td>{a.days}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
