//! The day view: heart rate, steps, the day's totals and the night's sleep for one civil date.
//! Each chart loads on its own (a failure shows next to the chart it concerns) and keeps the
//! previous day on screen until its next day is ready; leaving a day cancels what is still
//! loading for it.

use crate::charts;
use crate::components::cancel::{abort_on_cleanup, AbortPerKey};
use crate::components::downloads::ChartDownloads;
use crate::components::echart::EChart;
use crate::components::exercises::ExerciseTable;
use crate::components::fix::FixAction;
use crate::components::food::FoodTable;
use crate::components::session::Session;
use crate::config::{Config, Source};
use crate::model::derive;
use crate::model::kind::Night;
use crate::model::metric::{Metric, Units};
use crate::model::{Daily, Exercise, Interval, Sample, SleepSession, Stage};
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use chrono::NaiveDate;
use leptos::prelude::*;

fn day_link(date: NaiveDate) -> String {
    format!("#/day/{date}")
}

/// The day's resting heart rate, and the person's heart-rate zones, for the heart-rate chart.
#[derive(Clone, Copy)]
struct Resting(Signal<Option<f64>>);
#[derive(Clone, Copy)]
struct Zones(Signal<Option<ZoneBounds>>);
/// Where the day comes from (the zones' note differs for an export).
#[derive(Clone, Copy)]
struct SourceKind(Source);
/// The day's exercises, shaded on the heart-rate chart.
#[derive(Clone, Copy)]
struct DayExercises(Signal<Vec<Exercise>>);
/// The sleep score of the night that ended on the day, beside its stages.
#[derive(Clone, Copy)]
struct Score(Signal<Option<Daily>>);

/// Lower bounds of Fat Burn, Cardio and Peak, and where they come from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ZoneBounds {
    bounds: [f64; 3],
    source: ZoneSource,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ZoneSource {
    /// The provider's zones for the day (the person's own, if they set them).
    Provider,
    /// The default zones from the profile's age (the provider gave none).
    Age,
}

/// Each total (none on a day without), and the units to show them in.
type DayTotals = (Vec<(Metric, Option<f64>)>, Units);

/// The day's totals beside steps.
const TOTALS: [Metric; 4] = [
    Metric::Calories,
    Metric::Distance,
    Metric::Floors,
    Metric::ActiveZoneMinutes,
];

/// Width of a heart-rate histogram band, bpm.
const HIST_BPM: u32 = 10;

/// Heart-rate detail levels: every reading, or means over 1, 5 or 15 minutes.
const DETAILS: [(i64, &str); 4] = [
    (0, "Every reading"),
    (60, "1 min"),
    (300, "5 min"),
    (900, "15 min"),
];

/// One day's data of one type, whose it is, and the day it is of.
#[derive(Clone)]
struct DayData {
    payload: Payload,
    /// The export's file and time rule it came from, where the source says (`day_from`).
    origin: Option<crate::model::Origin>,
    /// Whose day, and the zone its times are written in.
    account: Account,
    date: NaiveDate,
}

/// The heart rate the night under the hypnogram is drawn from: the day's readings, set where
/// the heart-rate chart gets them, and those with the day before's.
#[derive(Clone, Copy)]
struct NightHr {
    day: RwSignal<Vec<Sample>>,
    all: Signal<Vec<Sample>>,
}

/// A day's load: the day it is for, and its data or why there is none.
type DayResource = LocalResource<(NaiveDate, Result<DayData, ApiError>)>;

#[component]
pub fn DayPage(
    /// The session shown.
    session: Session,
    /// The civil date shown. The page stays mounted when it changes: each chart keeps the
    /// previous day on screen until the new day has loaded (`Transition`).
    #[prop(into)]
    date: Signal<NaiveDate>,
) -> impl IntoView {
    let (cfg, source) = (session.config, session.source);
    // Every view of this page draws charts: the library loads while the days are read.
    crate::browser::preload_echarts();
    let abort = abort_on_cleanup();
    // Moving to another day cancels what the previous day still had in flight.
    let per_day = AbortPerKey::<NaiveDate>::in_view();
    // What a load of `date` needs from the view: the config and that day's abort handle;
    // `None` once the view is gone.
    let start = move |date| Some((cfg.try_get_value()?, per_day.start(date)?));
    // These futures can outlive the view (they are cancelled, not dropped at once): they read
    // its stored values with `try_`, and a gone view reads as cancelled.
    //
    // What the heart-rate chart needs from other loads (the age, the resting rate, the zones)
    // travels through plain signals that the loads set when they land. Reading a resource
    // itself (`.get()`) outside its own Transition would tie it to the page's Suspense, which
    // would then blank the whole page each time the date changes.
    let age = RwSignal::new(None::<u32>);
    let account = session.account(abort);
    let load = move |data: Kind| -> DayResource {
        LocalResource::new(move || {
            // Read here, outside the future, so that the resource follows the date.
            let date = date.get();
            async move {
                let loaded = async {
                    let account: Account = account.await?;
                    let (config, abort) = start(date).ok_or(ApiError::Aborted)?;
                    let opts = Opts {
                        abort: Some(&abort),
                        ..Opts::default()
                    };
                    let reader = fetch::Reader {
                        config: &config,
                        source,
                        account: &account,
                        opts: &opts,
                    };
                    let (payload, origin) = reader.day_from(data, date).await?;
                    Ok(DayData {
                        payload,
                        origin,
                        account,
                        date,
                    })
                };
                (date, loaded.await)
            }
        })
    };
    let hr = load(Kind::HeartRate);
    let steps = load(Kind::Steps);
    let sleep = load(Kind::Sleep);
    // The resting rate, marked on the heart-rate line when the provider has it, and the
    // person's zones as the provider drew them for the day (Fitbit's, from the person's own
    // maximum if they set one; Google's daily zones), else the default ones from the age. Each
    // lands as `Some(payload)`, or `Some(None)` when it failed. Loaded in that order: Fitbit
    // sends both in one answer, so the zones then come from the cache. A task, not a resource:
    // a resource awaited by another would tie it to the page's Suspense (see above).
    let resting_landed = RwSignal::new(None::<Option<Payload>>);
    let zones_landed = RwSignal::new(None::<Option<Payload>>);
    // Only where the source has them at all (an export, the demo).
    let has_exercises = crate::sources::offers(source, Kind::Exercises);
    let score_kind = Kind::Daily(Metric::SleepScore);
    let has_score = crate::sources::offers(source, score_kind);
    let exercises_landed = RwSignal::new(None::<Option<Payload>>);
    let score_landed = RwSignal::new(None::<Option<Payload>>);
    Effect::new(move |_| {
        let date = date.get();
        leptos::task::spawn_local(async move {
            let (Ok(account), Some((config, abort))) = (account.await, start(date)) else {
                return;
            };
            age.try_set(account.age);
            let opts = Opts {
                abort: Some(&abort),
                ..Opts::default()
            };
            let mut wanted = vec![
                (Kind::RESTING, resting_landed),
                (Kind::HeartRateZones, zones_landed),
            ];
            if has_exercises {
                wanted.push((Kind::Exercises, exercises_landed));
            }
            if has_score {
                wanted.push((score_kind, score_landed));
            }
            for (data, landed) in wanted {
                let reader = fetch::Reader {
                    config: &config,
                    source,
                    account: &account,
                    opts: &opts,
                };
                match reader.day(data, date).await {
                    // A day left behind does not overwrite the one being shown.
                    Err(ApiError::Aborted) => return,
                    result => {
                        landed.try_set(Some(result.ok()));
                    }
                }
            }
        });
    });
    // The night's heart rate under the hypnogram: the day's readings (as the heart-rate chart
    // draws them) and the evening before's, from the day before. A connected account's day
    // before only as far as it is stored: the day view asks the API for nothing more.
    let day_hr = RwSignal::new(Vec::<Sample>::new());
    let evening_hr = RwSignal::new(Vec::<Sample>::new());
    Effect::new(move |_| {
        let date = date.get();
        evening_hr.set(Vec::new());
        leptos::task::spawn_local(async move {
            let (Ok(account), Some((config, abort))) = (account.await, start(date)) else {
                return;
            };
            let Some(before) = date.pred_opt() else {
                return;
            };
            let opts = Opts {
                abort: Some(&abort),
                ..Opts::default()
            };
            let reader = fetch::Reader {
                config: &config,
                source,
                account: &account,
                opts: &opts,
            };
            let payload = if source.provider().is_some() {
                reader
                    .stored_days(Kind::HeartRate, (before, before))
                    .await
                    .ok()
                    .and_then(|mut d| d.pop())
                    .map(|(_, p)| p)
            } else {
                reader.day(Kind::HeartRate, before).await.ok()
            };
            if let Some(Payload::Samples(s)) = payload {
                evening_hr.try_set(s);
            }
        });
    });
    provide_context(NightHr {
        day: day_hr,
        all: Signal::derive(move || {
            let mut all = evening_hr.get();
            day_hr.with(|d| all.extend_from_slice(d));
            all
        }),
    });
    let resting_bpm = Signal::derive(move || match resting_landed.get() {
        Some(Some(Payload::Daily(d))) => d.first().map(|d| d.value),
        _ => None,
    });
    let zones = Signal::derive(move || {
        // Not loaded yet: no bands rather than bands that may be replaced a moment later.
        let landed = zones_landed.get()?;
        let from_provider = match landed {
            Some(Payload::Zones(z)) => z.first().map(|z| ZoneBounds {
                bounds: z.bounds,
                source: ZoneSource::Provider,
            }),
            _ => None,
        };
        from_provider.or_else(|| {
            age.get().map(|age| ZoneBounds {
                bounds: derive::hr_zones(age),
                source: ZoneSource::Age,
            })
        })
    });
    provide_context(Resting(resting_bpm));
    provide_context(SourceKind(source));
    provide_context(Zones(zones));
    provide_context(DayExercises(Signal::derive(
        move || match exercises_landed.get() {
            Some(Some(Payload::Exercises(v))) => v,
            _ => Vec::new(),
        },
    )));
    provide_context(Score(Signal::derive(move || match score_landed.get() {
        Some(Some(Payload::Daily(d))) => d.last().copied(),
        _ => None,
    })));
    let exercises = has_exercises.then(|| load(Kind::Exercises));
    let food = crate::sources::offers(source, Kind::Food).then(|| load(Kind::Food));
    // The night's series at every reading: only an export (and the demo) has them.
    let nights = crate::sources::offers(source, Kind::Night(Night::Spo2))
        .then(|| Night::ALL.map(|n| (n, load(Kind::Night(n)))));
    let histogram =
        crate::sources::offers(source, Kind::BeatHistogram).then(|| load(Kind::BeatHistogram));
    // The day's totals: one small request each (or none, from the cache), together.
    let totals = LocalResource::new(move || {
        let date = date.get();
        async move {
            let loaded = async {
                let account: Account = account.await?;
                let (config, abort) = start(date).ok_or(ApiError::Aborted)?;
                let opts = Opts {
                    abort: Some(&abort),
                    ..Opts::default()
                };
                let mut out = Vec::new();
                for m in TOTALS {
                    let reader = fetch::Reader {
                        config: &config,
                        source,
                        account: &account,
                        opts: &opts,
                    };
                    let v = match reader.day(Kind::Daily(m), date).await? {
                        Payload::Daily(d) => d.last().map(|d| d.value),
                        _ => None,
                    };
                    out.push((m, v));
                }
                Ok((out, account.units))
            };
            (date, loaded.await)
        }
    });
    let prev = move || date.get().pred_opt().map(day_link).unwrap_or_default();
    let next = move || date.get().succ_opt().map(day_link).unwrap_or_default();
    view! {
        <section class="card day" aria-labelledby="day-title" data-testid="day" data-date=move || date.get().to_string()>
            <nav class="day-nav">
                <a href=prev data-testid="prev-day">"← Previous day"</a>
                <h2 id="day-title">{move || date.get().format("%A %-d %B %Y").to_string()}</h2>
                <a href=next data-testid="next-day">"Next day →"</a>
            </nav>
            <Loaded what="heart rate" testid="hr" data=Kind::HeartRate source config=cfg resource=hr render=|p, _| match p {
                Payload::Samples(s) => {
                    // Also the night's, under the hypnogram.
                    if let Some(c) = use_context::<NightHr>() {
                        c.day.set(s.clone());
                    }
                    view! { <HeartRate samples=s /> }.into_any()
                }
                _ => ().into_any(),
            } />
            <Loaded what="steps" testid="steps" data=Kind::Steps source config=cfg resource=steps render=|p, _| match p {
                Payload::Intervals(i) => view! { <Steps intervals=i /> }.into_any(),
                _ => ().into_any(),
            } />
            <Totals totals />
            <Loaded what="sleep" testid="sleep" data=Kind::Sleep source config=cfg resource=sleep render=|p, account| match p {
                Payload::Sleep(s) => view! { <Sleep sessions=s zone=account.zone() /> }.into_any(),
                _ => ().into_any(),
            } />
            {nights.map(|nights| view! {
                <h3>"Through the night"</h3>
                {nights.into_iter().map(|(n, resource)| {
                    let render: fn(Payload, &Account) -> AnyView = match n {
                        Night::Spo2 => |p, _| night_view(Night::Spo2, p),
                        Night::Hrv => |p, _| night_view(Night::Hrv, p),
                        Night::OxygenVariation => |p, _| night_view(Night::OxygenVariation, p),
                    };
                    view! { <Loaded what=n.label() testid=n.key() data=Kind::Night(n) source config=cfg resource render /> }
                }).collect_view()}
            })}
            {histogram.map(|resource| view! {
                <Loaded what="beat-to-beat intervals" testid="hrv-histogram" data=Kind::BeatHistogram source config=cfg resource render=|p, _| histogram_view(p) />
            })}
            {food.map(|resource| view! {
                <h3>"Food"</h3>
                <Loaded what="food" testid="food" data=Kind::Food source config=cfg resource render=|p, _| match p {
                    Payload::Food(list) => view! { <FoodTable list testid="food-log" /> }.into_any(),
                    _ => ().into_any(),
                } />
            })}
            <crate::components::usual::YourUsual config=cfg source account date />
            <WhyItMayDiffer source hr steps sleep />
            {exercises.map(|resource| view! {
                <h3>"Exercises"</h3>
                <Loaded what="exercises" testid="exercises" data=Kind::Exercises source config=cfg resource render=|p, account| match p {
                    Payload::Exercises(list) => view! { <ExerciseTable list units=account.units testid="exercises" /> }.into_any(),
                    _ => ().into_any(),
                } />
            })}
        </section>
    }
}

/// "Why might this differ from the Fitbit app?" for the day: the facts of what was loaded
/// (`sources::provenance`), in a Transition of its own so the page never waits on it.
#[component]
fn WhyItMayDiffer(
    source: Source,
    hr: DayResource,
    steps: DayResource,
    sleep: DayResource,
) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let (hr, steps, sleep) = (hr.await, steps.await, sleep.await);
                let origin = |r: &(NaiveDate, Result<DayData, ApiError>)| r.1.as_ref().ok().and_then(|d| d.origin.clone());
                let sleeps = match &sleep.1 {
                    Ok(DayData { payload: Payload::Sleep(s), .. }) => s.clone(),
                    _ => Vec::new(),
                };
                let (hr_from, steps_from) = (origin(&hr), origin(&steps));
                let lines = crate::sources::provenance::why_it_may_differ(&crate::sources::provenance::DayFacts {
                    source,
                    heart_rate: hr_from.as_ref(),
                    steps: steps_from.as_ref(),
                    sleeps: &sleeps,
                });
                view! {
                    <details class="why" data-testid="why-differ" data-date=sleep.0.to_string()>
                        <summary>"Why might this differ from the Fitbit app?"</summary>
                        <ul>
                            {lines.into_iter().map(|(topic, text)| view! { <li data-topic=topic>{text}</li> }).collect_view()}
                        </ul>
                    </details>
                }
            })}
        </Transition>
    }
}

/// A night series of the day (the night that ended on it), or a line saying it has none.
fn night_view(n: Night, payload: Payload) -> AnyView {
    let testid = format!("night-{}", n.key());
    match payload {
        Payload::Samples(s) if !s.is_empty() => {
            let chart = charts::night_line(
                n.label(),
                "local time · the night that ended on this day",
                n.unit(),
                &s,
            );
            view! {
                <div data-testid=testid.clone() data-count=s.len()>
                    <EChart chart=Signal::stored(chart) label=format!("{}, {} readings", n.label(), s.len()) testid=format!("{testid}-chart") />
                </div>
            }
            .into_any()
        }
        _ => view! {
            <p class="detail" data-testid=format!("{testid}-none")>{format!("{}: no readings this night.", n.label())}</p>
        }
        .into_any(),
    }
}

/// The spread of the beat-to-beat intervals of the day's sleeps, or a line saying it has none.
fn histogram_view(payload: Payload) -> AnyView {
    match payload {
        Payload::Histogram(h) if !h.is_empty() => {
            let label = format!("Beat-to-beat intervals of {} sleep(s), by length", h.len());
            let chart = charts::beat_histogram(&h);
            view! {
                <div data-testid="beat-histogram">
                    <EChart chart=Signal::stored(chart) label testid="beat-histogram-chart".to_string() />
                </div>
            }
            .into_any()
        }
        _ => view! {
            <p class="detail" data-testid="beat-histogram-none">"Beat-to-beat intervals asleep: none recorded this night."</p>
        }
        .into_any(),
    }
}

/// One chart's slot: a skeleton while loading, the chart, or the error with what to do.
#[component]
fn Loaded(
    /// Names the data in the error message.
    what: &'static str,
    /// Test id of the error.
    testid: &'static str,
    /// The data type, for the downloads.
    data: Kind,
    /// The provider, for the downloads' `source` column and names.
    source: Source,
    /// The configuration in effect, for the downloads.
    config: StoredValue<Config>,
    /// The day's data of one type, whose it is and the day it is of.
    resource: DayResource,
    /// Draws the data (in the account's zone and units, where the view needs them).
    render: fn(Payload, &Account) -> AnyView,
) -> impl IntoView {
    view! {
        // A Transition: while another day loads, the day on screen stays (marked busy) instead
        // of dropping back to the skeleton.
        <Transition fallback=move || view! { <div class="skeleton chart-skeleton" role="status" aria-busy="true" aria-label=format!("Loading {what}")></div> }>
            {move || Suspend::new(async move {
                match resource.await {
                    (_, Ok(DayData { payload, account, date, origin })) => view! {
                        <div class="loaded" data-for=testid data-date=date.to_string()>
                            {render(payload.clone(), &account)}
                            <p class="muted provenance" data-testid=format!("{testid}-from")>
                                {crate::sources::provenance::chart_line(source, origin.as_ref())}
                            </p>
                            <ChartDownloads testid config source account data range=(date, date) days=Some(vec![(date, payload)]) />
                        </div>
                    }.into_any(),
                    (date, Err(e)) => view! {
                        <div class="loaded" data-for=testid data-date=date.to_string()>
                            <p class="error" role="alert" data-testid=format!("{testid}-error")>
                                {format!("Could not load {what}: {e}")}
                            </p>
                            <FixAction error=e testid=format!("{testid}-fix") />
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HeartRate(
    /// Every reading of the day.
    samples: Vec<Sample>,
) -> impl IntoView {
    let samples = StoredValue::new(samples);
    let from_export = use_context::<SourceKind>().is_some_and(|s| s.0 == Source::Import);
    let detail = RwSignal::new(0i64);
    let shown = Memo::new(move |_| {
        let step = detail.get();
        // `try_`: a change of zones or resting rate can reach these closures just as the
        // next day's chart replaces this one; a disposed chart then computes nothing.
        samples
            .try_with_value(|s| {
                if step == 0 {
                    s.clone()
                } else {
                    derive::mean_per(s, step)
                }
            })
            .unwrap_or_default()
    });
    let resting = use_context::<Resting>().map_or(Signal::stored(None), |r| r.0);
    let zones = use_context::<Zones>().map_or(Signal::stored(None), |z| z.0);
    let bounds = move || zones.get().map(|z| z.bounds);
    let exercises = use_context::<DayExercises>().map_or(Signal::stored(Vec::new()), |x| x.0);
    // The line's points apart from the chart: a new resting rate, zones or exercises rebuild
    // only the small option around them.
    let line = Memo::new(move |_| {
        let xy = shown.try_with(|s| charts::hr_points(s)).unwrap_or_default();
        (charts::HR_LINE, std::sync::Arc::new(xy))
    });
    let chart = Signal::derive(move || {
        let chart = charts::heart_rate_day(resting.get(), bounds());
        // The exercises are copied, never the chart (the page's module has no `Clone` of one).
        match exercises.try_get() {
            Some(x) => charts::with_exercises(chart, &x),
            None => chart,
        }
    });
    let in_zone =
        move || bounds().and_then(|z| samples.try_with_value(|s| derive::zone_minutes(s, z)));
    let points = move || shown.try_with(Vec::len).unwrap_or(0);
    // The distribution is of every reading, whatever detail the line shows.
    let bands = samples.with_value(|s| derive::hr_histogram(s, HIST_BPM));
    let band_minutes: Vec<f64> = bands
        .iter()
        .map(|(_, m)| (m * 10.0).round() / 10.0)
        .collect();
    let band_from = bands.first().map_or(0, |(lo, _)| *lo);
    let histogram = charts::hr_histogram(&bands, HIST_BPM);
    view! {
        <div data-testid="hr" data-points=points data-detail=move || detail.get() data-resting=move || resting.get()>
            <div class="detail" role="group" aria-label="Heart-rate detail">
                {DETAILS.map(|(step, label)| view! {
                    <button
                        class="chip"
                        data-testid=format!("detail-{step}")
                        aria-pressed=move || (detail.get() == step).to_string()
                        on:click=move |_| detail.set(step)
                    >{label}</button>
                }).to_vec()}
            </div>
            {move || (points() == 0).then(|| view! { <p class="status muted">"No heart-rate data for this day (the tracker was not worn)."</p> })}
            <EChart chart=chart points=line label=format!("Heart rate, {} readings", samples.with_value(Vec::len)) testid="hr-chart" />
        </div>
        <div data-testid="hr-histogram" data-from=band_from data-width=HIST_BPM
            data-minutes=serde_json::to_string(&band_minutes).unwrap_or_default()>
            <EChart chart=Signal::stored(histogram) label="Minutes in each heart-rate band".to_string() testid="hr-histogram-chart" />
            {move || in_zone().map(|m| view! {
                <dl class="stats" data-testid="hr-zones" data-minutes=serde_json::to_string(&m).unwrap_or_default()
                    data-bounds=bounds().map(|z| serde_json::to_string(&z).unwrap_or_default())
                    data-source=move || zones.get().map(|z| match z.source { ZoneSource::Provider => "provider", ZoneSource::Age => "age" })>
                    {derive::ZONE_NAMES.iter().zip(m).enumerate().map(|(i, (name, minutes))| {
                        let range = bounds().map(|z| match i {
                            0 => format!("below {:.0} bpm", z[0]),
                            3 => format!("{:.0} bpm and up", z[2]),
                            _ => format!("{:.0}–{:.0} bpm", z[i - 1], z[i]),
                        }).unwrap_or_default();
                        view! { <div><dt>{*name}<span class="muted">{format!(" ({range})")}</span></dt><dd>{format!("{minutes} min")}</dd></div> }
                    }).collect_view()}
                </dl>
            })}
            {move || zones.get().map(|z| view! {
                <p class="muted">{match z.source {
                    ZoneSource::Provider => "Your zones as the provider set them for this day.",
                    ZoneSource::Age => "Default zones from your age: the provider sent none for this day.",
                }}</p>
            })}
            {move || zones.get().is_none().then(|| view! {
                <p class="muted" data-testid="hr-zones-note">{if from_export {
                    // An export has no connection to renew: say what it lacks instead.
                    "No heart-rate zones for this day: the export has neither your zones nor your date of birth."
                } else {
                    "Heart-rate zones need your age from the profile; reconnect and allow the profile to see them."
                }}</p>
            })}
        </div>
    }
}

/// The day's calories, distance, floors and Active Zone Minutes, in the person's units.
#[component]
fn Totals(
    /// Each total (none on a day without), and the units to show them in.
    totals: LocalResource<(NaiveDate, Result<DayTotals, ApiError>)>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <div class="skeleton stats-skeleton" role="status" aria-busy="true" aria-label="Loading the day's totals"></div> }>
            {move || Suspend::new(async move {
                match totals.await {
                    (date, Ok((values, units))) => {
                        let raw: std::collections::BTreeMap<&str, Option<f64>> = values.iter().map(|(m, v)| (m.key(), *v)).collect();
                        view! {
                            <dl class="stats" data-testid="day-totals" data-date=date.to_string() data-values=serde_json::to_string(&raw).unwrap_or_default()>
                                {values.into_iter().map(|(m, v)| view! {
                                    <div title=m.about()><dt>{m.label()}</dt><dd>{v.map_or_else(|| "–".to_string(), |v| units.text(m, v))}</dd></div>
                                }).collect_view()}
                            </dl>
                        }.into_any()
                    }
                    (date, Err(e)) => view! {
                        <p class="error" role="alert" data-testid="totals-error" data-date=date.to_string()>{format!("Could not load the day's totals: {e}")}</p>
                        <FixAction error=e testid="totals-fix".to_string() />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Steps(
    /// The day's step intervals.
    intervals: Vec<Interval>,
) -> impl IntoView {
    let total: f64 = intervals.iter().map(|i| i.value).sum();
    let chart = charts::steps_day(&intervals);
    view! {
        <div data-testid="steps" data-total=total as i64>
            <EChart chart=Signal::stored(chart) label=format!("Steps per hour, {} in total", total as i64) testid="steps-chart" />
        </div>
    }
}

#[component]
fn Sleep(
    /// Sleeps that ended on this day.
    sessions: Vec<SleepSession>,
    /// The account's zone, which places a DST switch inside a night exactly.
    zone: Option<crate::model::zone::Zone>,
) -> impl IntoView {
    let heart = use_context::<NightHr>().map_or(Signal::stored(Vec::new()), |c| c.all);
    match sessions.into_iter().find(|s| s.is_main) {
        Some(n) => {
            let minutes = (n.end - n.start) / 60;
            let segments = n.segments.len();
            let night = StoredValue::new(n.clone());
            let in_night = Memo::new(move |_| {
                heart.with(|h| night.with_value(|n| crate::model::sleep_timing::night_heart(n, h)))
            });
            let chart = Signal::derive(move || {
                in_night.with(|(inside, _)| {
                    night.with_value(|n| charts::hypnogram_with_heart(n, zone.as_ref(), inside))
                })
            });
            let figures = move || in_night.with(|(_, f)| *f);
            let efficiency = n.efficiency_pct();
            let classic = n.is_classic();
            let shown = if classic {
                [Stage::Asleep, Stage::Restless, Stage::Wake].as_slice()
            } else {
                [Stage::Wake, Stage::Rem, Stage::Light, Stage::Deep].as_slice()
            };
            let stages: Vec<(Stage, i64)> = shown.iter().map(|&st| (st, n.seconds_in(st) / 60)).collect();
            let stage_json: std::collections::BTreeMap<&str, i64> = stages.iter().map(|(s, m)| (s.label(), *m)).collect();
            let asleep_in = n.fall_asleep_min;
            let score = use_context::<Score>().map_or(Signal::stored(None), |s| s.0);
            // A sleep without stages says why, where its source did (instead of leaving the
            // person to wonder at a chart of two levels).
            let no_stages = (!n.has_stages()).then(|| match (n.no_stages, classic) {
                (Some(why), _) => format!("No sleep stages for this night, because {}.", why.text()),
                (None, true) => "Classic sleep (asleep, restless, awake): the tracker scored this night without stages, as older trackers do.".to_string(),
                (None, false) => "No stage detail for this night.".to_string(),
            });
            let why_key = n.no_stages.map(|w| w.key());
            view! {
                <div data-testid="sleep" data-minutes=minutes data-segments=segments data-efficiency=efficiency
                    data-fall-asleep=asleep_in data-stages=serde_json::to_string(&stage_json).unwrap_or_default()>
                    <EChart chart label=format!("Sleep stages and heart rate, {minutes} minutes") testid="sleep-chart" />
                    <dl class="stats">
                        <div><dt>"Time in bed"</dt><dd>{format!("{}h {:02}m", minutes / 60, minutes % 60)}</dd></div>
                        {move || figures().map(|f| view! {
                            <div data-testid="sleep-hr" data-mean=f.mean data-lowest=f.lowest data-readings=f.readings
                                title="Over the readings while asleep (every stage but wake)">
                                <dt>"Heart rate asleep"</dt>
                                <dd>{format!("{:.0} bpm, lowest {:.0}", f.mean, f.lowest)}</dd>
                            </div>
                        })}
                        {stages.into_iter().map(|(st, m)| view! { <div><dt>{st.label()}</dt><dd>{format!("{m} min")}</dd></div> }).collect_view()}
                        <div><dt>"Efficiency"</dt><dd>{format!("{efficiency} %")}</dd></div>
                        <div><dt>"Fell asleep in"</dt><dd>{asleep_in.map_or_else(|| "not reported".to_string(), |m| format!("{m} min"))}</dd></div>
                        {move || score.get().map(|d| view! {
                            <div data-testid="sleep-score" data-value=d.value
                                data-parts=d.parts.map(|p| serde_json::to_string(&p).unwrap_or_default())
                                title=Metric::SleepScore.about()>
                                <dt>"Sleep score"</dt>
                                <dd>{format!("{:.0}", d.value)}</dd>
                                {d.parts.map(|[duration, composition, revitalization]| view! {
                                    <dd class="muted">{format!("duration {duration:.0} · composition {composition:.0} · revitalization {revitalization:.0}")}</dd>
                                })}
                            </div>
                        })}
                    </dl>
                    {no_stages.map(|text| view! { <p class="muted" data-testid="no-stages" data-reason=why_key>{text}</p> })}
                </div>
            }
            .into_any()
        }
        None => view! { <p class="status muted" data-testid="sleep">"No main sleep ended on this day."</p> }.into_any(),
    }
}
