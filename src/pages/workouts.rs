//! The Workouts page (#29): every exercise of a span (90 or 365 days, or every one stored),
//! filtered by type, with each month's totals and each type's bests; and one exercise
//! (`#/workouts/YYYY-MM-DD/<start>`): its heart rate with the zones, the time in each, and
//! its TCX file, and its route where it had GPS (`route`). The figures come from
//! `model::workouts`; this page reads and draws.

mod route;

use crate::charts;
use crate::components::cancel::abort_on_cleanup;
use crate::components::echart::EChart;
use crate::components::exercises::ExerciseTable;
use crate::components::session::Session;
use crate::components::spans::SpanChips;
use crate::model::metric::Units;
use crate::model::workouts::{self, BestOf};
use crate::model::{derive, time, Exercise, Kind, Payload, Sample};
use crate::pages::span::span_days;
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The spans offered, in days; 0 is every workout stored.
const SPANS: [i64; 3] = [90, 365, 0];

/// The exercise a `#/workouts/YYYY-MM-DD/<start>` route opens: its local date and UTC start.
pub fn opened(route: &str) -> Option<(NaiveDate, i64)> {
    let rest = route.strip_prefix("/workouts/")?;
    let (date, start) = rest.split_once('/')?;
    Some((
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
        start.parse().ok()?,
    ))
}

#[component]
pub fn WorkoutsPage(
    /// The session shown.
    session: Session,
    /// The exercise opened by the route, if any.
    #[prop(into)]
    open: Signal<Option<(NaiveDate, i64)>>,
) -> impl IntoView {
    crate::browser::preload_echarts();
    if !crate::sources::offers(session.source, Kind::Exercises) {
        return view! {
            <section class="card" data-testid="workouts">
                <h2>"Workouts"</h2>
                <p data-testid="workouts-unavailable">"Workouts come from a Google account, your export (Google Takeout or the fitbit.com archive) or the demo: this app does not read the legacy Fitbit API's activity logs. Open your export to see them."</p>
            </section>
        }
        .into_any();
    }
    let today = time::today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let span = RwSignal::new(365i64);
    // The type shown; empty is every type.
    let kind = RwSignal::new(String::new());
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let loaded = LocalResource::new(move || {
        let span = span.get();
        async move {
            let account = account.await?;
            let got = span_days(session, &account, Kind::Exercises, span, yesterday, &[]).await?;
            let list: Vec<Exercise> = got
                .days
                .into_iter()
                .flat_map(|(_, p)| match p {
                    Payload::Exercises(v) => v,
                    _ => Vec::new(),
                })
                .collect();
            Ok::<_, ApiError>((list, got.range, account.units))
        }
    });
    view! {
        {move || open.get().map(|(date, start)| view! { <Workout session date start /> })}
        <section class="card" aria-labelledby="workouts-title" data-testid="workouts">
            <h2 id="workouts-title">"Workouts"</h2>
            <div class="detail" role="group" aria-label="Period">
                <SpanChips spans=&SPANS span prefix="workouts" all="Every workout stored" />
            </div>
            <Transition fallback=|| view! { <p class="status">"Reading your workouts…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => view! { <p class="error" role="alert" data-testid="workouts-error">{e.to_string()}</p> }.into_any(),
                        Ok((list, range, _)) if list.is_empty() => view! {
                            <p data-testid="workouts-empty">{format!("No workout logged from {} to {}.", range.0, range.1)}</p>
                        }.into_any(),
                        Ok((list, range, units)) => {
                            let types = workouts::types(&list);
                            let all = list.len();
                            view! {
                                <p class="muted" data-testid="workouts-range" data-from=range.0.to_string() data-to=range.1.to_string()>
                                    {format!("{} to {}.", range.0, range.1)}
                                </p>
                                <label>"Activity: "
                                    <select data-testid="workouts-type" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                                        <option value="">{format!("Every type ({all})")}</option>
                                        {types.into_iter().map(|(n, c)| view! { <option value=n.clone()>{format!("{n} ({c})")}</option> }).collect_view()}
                                    </select>
                                </label>
                                {move || {
                                    let name = kind.get();
                                    let shown = workouts::of_type(&list, (!name.is_empty()).then_some(name.as_str()));
                                    view! { <Shown list=shown units session range /> }
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The workouts of one type (or all): months, bests, and the list, latest first, with all of
/// them as TCX files in one ZIP.
#[component]
fn Shown(
    list: Vec<Exercise>,
    units: Units,
    session: Session,
    range: (NaiveDate, NaiveDate),
) -> impl IntoView {
    let count = list.len();
    let zipping = RwSignal::new(false);
    let zip_error = RwSignal::new(None::<String>);
    let all = StoredValue::new(list.clone());
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let save_all = move |_| {
        zipping.set(true);
        zip_error.set(None);
        leptos::task::spawn_local(async move {
            let done = async {
                let account = account.await.map_err(|e| e.to_string())?;
                let config = session.config.try_get_value().ok_or("the page was left")?;
                let opts = Opts::default();
                let reader = fetch::Reader {
                    config: &config,
                    source: session.source,
                    account: &account,
                    opts: &opts,
                };
                let list = all.try_get_value().unwrap_or_default();
                let bytes = crate::export::files::workouts_zip(&reader, &list)
                    .await
                    .map_err(|e| e.to_string())?;
                let name = format!("fitdata-workouts-{}-{}.zip", range.0, range.1);
                crate::export::files::save_bytes(&name, "application/zip", &bytes)
                    .map_err(|e| e.to_string())
            };
            let r: Result<(), String> = done.await;
            zipping.try_set(false);
            zip_error.try_set(r.err());
        });
    };
    let months = workouts::monthly(&list);
    let bests = workouts::bests(&list);
    let chart = charts::workout_months(&months);
    let shown = months.len();
    let distance = move |k: Option<f64>| {
        k.map_or("–".to_string(), |k| {
            units.text(crate::model::metric::Metric::Distance, k)
        })
    };
    view! {
        <h3>"Month by month"</h3>
        <EChart chart=Signal::stored(chart) label=format!("Workouts over {shown} months") testid="workouts-months-chart" />
        <div class="months-box" role="region" aria-label="Month by month" tabindex="0">
        <table class="months" data-testid="workouts-months">
            <thead><tr><th scope="col">"Month"</th><th scope="col">"Workouts"</th><th scope="col">"Time"</th><th scope="col">"Distance"</th><th scope="col">"Calories"</th></tr></thead>
            <tbody>
                {months.into_iter().rev().map(|m| view! {
                    <tr data-month=m.month.format("%Y-%m").to_string() data-count=m.count data-seconds=m.seconds
                        data-km=m.distance_km.map(|k| k.to_string()) data-kcal=m.calories.map(|c| c.to_string())>
                        <th scope="row">{m.month.format("%B %Y").to_string()}</th>
                        <td>{m.count}</td>
                        <td>{time::duration_text(m.seconds)}</td>
                        <td>{distance(m.distance_km)}</td>
                        <td>{m.calories.map_or("–".to_string(), |c| format!("{c:.0} kcal"))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <h3>"Personal bests"</h3>
        <p class="muted">"Per activity. A pace is over a whole workout of 5 km or more: the sources give a workout's distance and time, not the distance along the way."</p>
        <div class="table-box">
        <table data-testid="workouts-bests">
            <thead><tr><th scope="col">"Activity"</th><th scope="col">"Best"</th><th scope="col">"Value"</th><th scope="col">"When"</th></tr></thead>
            <tbody>
                {bests.into_iter().map(|b| {
                    let value = match b.of {
                        BestOf::Longest => time::duration_text(b.value as i64),
                        BestOf::Farthest => distance(Some(b.value)),
                        BestOf::FastestPace => workouts::pace_text(b.value, units.miles),
                        BestOf::MostCalories => format!("{:.0} kcal", b.value),
                    };
                    let when = time::local(b.exercise.start, b.exercise.offset).format("%a %-d %b %Y").to_string();
                    view! {
                        <tr data-name=b.name.clone() data-best=b.of.key() data-value=b.value.to_string() data-start=b.exercise.start>
                            <td>{b.name.clone()}</td><td>{b.of.label()}</td><td>{value}</td>
                            <td><a href=workouts::href(&b.exercise)>{when}</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <h3>"Every workout"</h3>
        <div class="chart-downloads">
            <button class="secondary" data-testid="workouts-zip" disabled=move || zipping.get() on:click=save_all>
                {move || if zipping.get() { "Writing the files…".to_string() } else { format!("Download these {count} as TCX files (ZIP)") }}
            </button>
        </div>
        {move || zip_error.get().map(|e| view! { <p class="error" role="alert" data-testid="workouts-zip-error">{e}</p> })}
        <ExerciseTable list units testid="workouts-list" open=true />
    }
}

/// What one exercise's page shows: the exercise, the readings inside it, and the zones.
#[derive(Clone)]
struct Opened {
    exercise: Exercise,
    inside: Vec<Sample>,
    zones: Option<[f64; 3]>,
    units: Units,
}

/// Reads the exercise that starts at `start` on `date`, the heart rate of its days (the next
/// day's too when it ends after midnight), and the zones of its day or from the age.
async fn open_one(
    session: Session,
    account: &fetch::Account,
    date: NaiveDate,
    start: i64,
) -> Result<Option<Opened>, ApiError> {
    crate::pages::span::with_reader(session, account, async |reader| {
        let exercise = match reader.day(Kind::Exercises, date).await? {
            Payload::Exercises(v) => v.into_iter().find(|e| e.start == start),
            _ => None,
        };
        let Some(exercise) = exercise else {
            return Ok(None);
        };
        let inside = reader
            .readings_during(&exercise, &mut Default::default())
            .await?;
        let provider = match reader.day(Kind::HeartRateZones, date).await {
            Ok(Payload::Zones(z)) => z.first().map(|z| z.bounds),
            _ => None,
        };
        let zones = provider.or_else(|| account.age.map(derive::hr_zones));
        Ok(Some(Opened {
            exercise,
            inside,
            zones,
            units: account.units,
        }))
    })
    .await
}

/// One exercise: its figures, its heart rate over the zones, the time in each, and its TCX.
#[component]
fn Workout(session: Session, date: NaiveDate, start: i64) -> impl IntoView {
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let loaded = LocalResource::new(move || async move {
        let account = account.await?;
        open_one(session, &account, date, start).await
    });
    let saved = RwSignal::new(None::<String>);
    // Opened from a row far down the list: show it.
    Effect::new(move |_| {
        if loaded.get().is_some() {
            crate::browser::next_frame(|| crate::browser::scroll_to_testid("workout"));
        }
    });
    view! {
        <section class="card" aria-labelledby="workout-title" data-testid="workout">
            <Transition fallback=|| view! { <p class="status">"Opening the workout…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => view! { <p class="error" role="alert" data-testid="workout-error">{e.to_string()}</p> }.into_any(),
                        Ok(None) => view! {
                            <p data-testid="workout-missing">{format!("No workout starts there on {date}: it may come from an export that is no longer in this browser.")}</p>
                        }.into_any(),
                        Ok(Some(o)) => {
                            let e = o.exercise.clone();
                            let heart = workouts::heart(&o.inside, &e, o.zones);
                            let when = time::local(e.start, e.offset);
                            let points = charts::hr_points(&o.inside);
                            let chart = charts::with_pauses(
                                charts::with_exercises(charts::heart_rate_day(None, o.zones), std::slice::from_ref(&e)),
                                &e,
                            );
                            let paused = workouts::paused_s(&e);
                            let file = workouts::tcx(&e, &o.inside);
                            let splits = workouts::split_rows(&e, &o.inside);
                            let name = format!("{}.tcx", workouts::file_stem(&e));
                            let distance = e.distance_km.map(|k| o.units.text(crate::model::metric::Metric::Distance, k));
                            let pace = e.distance_km.and_then(|_| workouts::pace_s_per_km(&e)).map(|p| workouts::pace_text(p, o.units.miles));
                            view! {
                                <h2 id="workout-title">{format!("{}, {}", e.name, when.format("%A %-d %B %Y, %H:%M"))}
                                    <span class="muted">{format!(" (UTC{})", time::offset_text(e.offset))}</span></h2>
                                <dl class="stats" data-testid="workout-figures" data-start=e.start data-end=e.end
                                    data-readings=heart.map(|h| h.readings) data-mean=heart.map(|h| h.mean.to_string()) data-max=heart.map(|h| h.max.to_string())>
                                    <div><dt>"Duration"</dt><dd>{time::duration_text(e.end - e.start)}</dd></div>
                                    {e.active_s.map(|a| view! { <div><dt>"Moving"</dt><dd>{time::duration_text(a)}</dd></div> })}
                                    {(paused > 0).then(|| view! {
                                        <div data-testid="workout-paused" data-pauses=serde_json::to_string(&e.pauses).unwrap_or_default()>
                                            <dt>"Paused"</dt><dd>{format!("{} in {} (shaded grey)", time::duration_text(paused), if e.pauses.len() == 1 { "1 pause".to_string() } else { format!("{} pauses", e.pauses.len()) })}</dd>
                                        </div>
                                    })}
                                    {distance.map(|d| view! { <div><dt>"Distance"</dt><dd>{d}</dd></div> })}
                                    {pace.map(|p| view! { <div><dt>"Pace"</dt><dd>{p}</dd></div> })}
                                    {e.calories.map(|c| view! { <div><dt>"Calories"</dt><dd>{format!("{c:.0} kcal")}</dd></div> })}
                                    {e.steps.map(|s| view! { <div><dt>"Steps"</dt><dd>{format!("{s:.0}")}</dd></div> })}
                                    {heart.map(|h| view! { <div><dt>"Heart rate"</dt><dd>{format!("{:.0} bpm mean, {:.0} max", h.mean, h.max)}</dd></div> })}
                                </dl>
                                {match heart {
                                    None => view! { <p class="status muted" data-testid="workout-no-hr">"No heart-rate readings inside this workout: the tracker was not worn or not recording. Its figures above come from the log."</p> }.into_any(),
                                    Some(h) => view! {
                                        {(h.covered < 0.95).then(|| view! {
                                            <p class="muted" data-testid="workout-hr-gaps">{format!("Heart rate covers {:.0} % of the workout's minutes: the tracker was off the wrist or not recording for the rest.", h.covered * 100.0)}</p>
                                        })}
                                        <EChart chart=Signal::stored(chart) points=Signal::stored((charts::HR_LINE, std::sync::Arc::new(points)))
                                            label=format!("Heart rate during the workout, {} readings", h.readings) testid="workout-hr" />
                                        {o.zones.is_none().then(|| view! {
                                            <p class="muted" data-testid="workout-zones-note">{if session.source == crate::model::Source::Import {
                                                "No time in heart-rate zones: the export has neither your zones nor your date of birth."
                                            } else {
                                                "Heart-rate zones need your age from the profile; reconnect and allow the profile to see them."
                                            }}</p>
                                        })}
                                        {h.zones.zip(o.zones).map(|(m, z)| view! {
                                            <dl class="stats" data-testid="workout-zones" data-minutes=serde_json::to_string(&m).unwrap_or_default() data-bounds=serde_json::to_string(&z).unwrap_or_default()>
                                                {derive::ZONE_NAMES.iter().zip(m).map(|(n, minutes)| view! {
                                                    <div><dt>{*n}</dt><dd>{format!("{minutes} min")}</dd></div>
                                                }).collect_view()}
                                            </dl>
                                        })}
                                    }.into_any(),
                                }}
                                {(!splits.is_empty()).then(|| {
                                    let miles = o.units.miles;
                                    let km_text = move |k: f64| o.units.text(crate::model::metric::Metric::Distance, k);
                                    view! {
                                        <h3>"Splits"</h3>
                                        <div class="table-box">
                                        <table data-testid="workout-splits" data-count=splits.len()>
                                            <caption class="visually-hidden">"Each split of the workout, as the source measured it"</caption>
                                            <thead><tr><th scope="col">"#"</th><th scope="col">"Distance"</th><th scope="col">"So far"</th><th scope="col">"Time"</th><th scope="col">"Pace"</th><th scope="col">"Heart rate"</th></tr></thead>
                                            <tbody>
                                                {splits.iter().map(|r| view! {
                                                    <tr data-start=r.start data-end=r.end data-km=r.km.map(|k| k.to_string()) data-seconds=r.seconds data-bpm=r.bpm.map(|b| b.to_string())>
                                                        <td>{if r.kind == "MANUAL" { format!("Lap {}", r.n) } else { r.n.to_string() }}</td>
                                                        <td>{r.km.map_or("–".to_string(), km_text)}</td>
                                                        <td>{r.total_km.map_or("–".to_string(), km_text)}</td>
                                                        <td>{time::duration_text(r.seconds)}</td>
                                                        <td>{r.pace_s_per_km.map_or("–".to_string(), |p| workouts::pace_text(p, miles))}</td>
                                                        <td>{r.bpm.map_or("–".to_string(), |b| format!("{b:.0} bpm"))}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        </div>
                                    }
                                })}
                                {e.route.clone().map(|id| view! {
                                    <route::RouteCard session id stem=workouts::file_stem(&e) units=o.units />
                                })}
                                <div class="chart-downloads">
                                    <button class="secondary" data-testid="workout-tcx" on:click=move |_| {
                                        let r = crate::export::files::save_bytes(&name, "application/vnd.garmin.tcx+xml", file.as_bytes());
                                        saved.set(r.err().map(|e| e.to_string()));
                                    }>"Download TCX"</button>
                                    <a href="#/workouts">"Back to every workout"</a>
                                </div>
                                <p class="muted">{format!("{} {}",
                                    if e.splits.is_empty() {
                                        "The TCX file carries the workout and every heart-rate reading inside it, in UTC, for Garmin Connect, Strava and other apps."
                                    } else {
                                        "The TCX file carries the workout as a lap per split, with every heart-rate reading inside it, in UTC, for Garmin Connect, Strava and other apps."
                                    },
                                    match (&e.route, session.source) {
                                        (Some(_), _) => "Its route is in the GPX file beside the map.",
                                        (None, crate::model::Source::Google) => "It has no route: the workout was recorded without GPS.",
                                        (None, _) => "It has no route: this app reads routes from a Google account only, not yet from exports.",
                                    })}</p>
                                {move || saved.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
