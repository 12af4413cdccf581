//! The Sleep timing page (#30): an actogram of the nights of a range (30, 90 or 365 days, or
//! every night stored), single or double-plotted, on the clock where the person was or one
//! fixed offset; and the range's regularity and timing figures, each explained in a sentence.
//! The figures come from `model::sleep_timing`; this page only reads the nights and draws.

use crate::charts;
use crate::components::cancel::abort_on_cleanup;
use crate::components::echart::EChart;
use crate::components::session::Session;
use crate::components::spans::SpanChips;
use crate::model::sleep_timing::{self, clock_text, Analysis, Clock, CLEAR};
use crate::model::{Exercise, Kind, Payload, SleepSession};
use crate::pages::span::span_days;
use crate::sources::ApiError;
use crate::sync::fetch;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The spans offered, in days; 0 is every night stored.
const SPANS: [i64; 4] = [30, 90, 365, 0];

/// The nights of the span ending `to` (an import's: its last night), the dates they cover, and
/// the workouts of those dates.
async fn nights(
    session: Session,
    account: &fetch::Account,
    span: i64,
    to: NaiveDate,
) -> Result<Nights, ApiError> {
    let got = span_days(session, account, Kind::Sleep, span, to, &[Kind::Exercises]).await?;
    let sleeps = got
        .days
        .into_iter()
        .flat_map(|(_, p)| match p {
            Payload::Sleep(s) => s,
            _ => Vec::new(),
        })
        .collect();
    let exercises = got
        .others
        .into_iter()
        .flatten()
        .flat_map(|(_, p)| match p {
            Payload::Exercises(v) => v,
            _ => Vec::new(),
        })
        .collect();
    Ok(Nights {
        sleeps,
        exercises,
        range: got.range,
    })
}

/// What the page draws: the sleeps and workouts of the dates `range` covers.
#[derive(Clone)]
struct Nights {
    sleeps: Vec<SleepSession>,
    exercises: Vec<Exercise>,
    range: (NaiveDate, NaiveDate),
}

#[component]
pub fn SleepTimingPage(
    /// The session shown.
    session: Session,
) -> impl IntoView {
    crate::browser::preload_echarts();
    let today = crate::model::time::today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let span = RwSignal::new(90i64);
    let double = RwSignal::new(false);
    // "local", or a fixed offset in seconds.
    let clock = RwSignal::new("local".to_string());
    let png_error = RwSignal::new(None::<String>);
    let abort = abort_on_cleanup();
    let account = session.account(abort);
    let loaded = LocalResource::new(move || {
        let span = span.get();
        async move {
            let account = account.await?;
            nights(session, &account, span, yesterday).await
        }
    });
    let analysis = move |n: &Nights| -> Analysis {
        let c = match clock.get().parse::<i32>() {
            Ok(o) => Clock::Fixed(o),
            Err(_) => Clock::Local,
        };
        sleep_timing::analyse(&n.sleeps, &n.exercises, n.range, c, double.get())
    };
    view! {
        <section class="card" aria-labelledby="timing-title" data-testid="timing">
            <h2 id="timing-title">"Sleep timing"</h2>
            <p class="muted">"When you slept, night after night: one row per date, each night's stages along the row. Travel and DST show where the clock changed."</p>
            <div class="detail" role="group" aria-label="Period">
                <SpanChips spans=&SPANS span prefix="timing" all="Every night stored" />
                <label class="chip">
                    <input type="checkbox" data-testid="timing-double" prop:checked=move || double.get()
                        on:change=move |ev| double.set(event_target_checked(&ev)) />
                    " Double-plotted (48 h a row)"
                </label>
            </div>
            <Transition fallback=|| view! { <p class="status">"Reading your nights…"</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => view! { <p class="error" role="alert" data-testid="timing-error">{e.to_string()}</p> }.into_any(),
                        Ok(n) if n.sleeps.is_empty() => view! {
                            <p data-testid="timing-empty">{format!("No sleep recorded from {} to {}.", n.range.0, n.range.1)}</p>
                        }.into_any(),
                        Ok(n) => {
                            let range = n.range;
                            let a = analysis(&n);
                            let offsets = a.offsets.clone();
                            view! {
                                <label>"Clock: "
                                    <select data-testid="timing-clock" on:change=move |ev| clock.set(event_target_value(&ev))
                                        prop:value=move || clock.get()>
                                        <option value="local">"Where you were (each night's own clock)"</option>
                                        {offsets.iter().map(|o| view! {
                                            <option value=o.to_string()>{format!("Fixed: UTC{}", crate::model::time::offset_text(*o))}</option>
                                        }).collect_view()}
                                        {(!offsets.contains(&0)).then(|| view! { <option value="0">"Fixed: UTC+00:00"</option> })}
                                    </select>
                                </label>
                                <Figures a=a.clone() />
                                // Tall enough for its rows (set through the CSSOM, which the
                                // CSP allows, unlike a style attribute).
                                <div class="actogram" style:height=format!("{}px", charts::actogram_height_px(a.rows))>
                                    <EChart chart=Signal::stored(charts::actogram(&a.blocks, a.from, a.rows, double.get_untracked(), &a.phase,
                                            format!("{} to {}, {} sleeps", range.0, range.1, a.sleeps)))
                                        label=format!("Actogram of {} dates", a.rows) testid="actogram" />
                                </div>
                                <p class="muted" data-testid="actogram-key">"Blue: asleep (the darker, the deeper; cyan REM), orange: awake, green: workouts, grey: no sleep recorded (the tracker not worn, or no night kept), the crimson line: the onsets the rhythm's period implies."</p>
                                <div class="chart-downloads">
                                    <button class="secondary" data-testid="actogram-png" on:click=move |_| {
                                        // The card behind the chart (style/main.css: --card).
                                        let background = if crate::browser::prefers_dark() { "#1b1f25" } else { "#ffffff" };
                                        let saved = crate::browser::chart_png("actogram", background).and_then(|png| {
                                            let mut parts = crate::browser::BlobParts::new();
                                            parts.push(&png);
                                            crate::browser::download(&format!("fitdata-actogram-{}-{}.png", range.0, range.1), "image/png", &parts)
                                        });
                                        png_error.set(saved.err().map(|e| e.to_string()));
                                    }>"Download PNG"</button>
                                </div>
                                {move || png_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                                <Months months=a.months.clone() />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The range's figures, each with what it means.
#[component]
fn Figures(a: Analysis) -> impl IntoView {
    let minutes = |m: f64| format!("{} min", m.round());
    let timing = a.timing;
    view! {
        <ul class="figures" data-testid="timing-figures">
            <li data-testid="timing-sri" data-value=a.sri.map(|v| v.to_string())>
                <strong>"Sleep Regularity Index: "</strong>
                {a.sri.map_or("not enough nights (five days of pairs needed)".to_string(), |v| format!("{v:.0}"))}
                ". The chance of being in the same state, asleep or awake, at any two moments 24 hours apart, from −100 to 100 (Phillips et al. 2017); regular sleepers score above 80."
            </li>
            {timing.map(|t| view! {
                <li data-testid="timing-bed" data-mean=t.bed.mean_min.to_string() data-sd=t.bed.sd_min.to_string()>
                    <strong>"Bedtime: "</strong>{format!("{} on average, give or take {}", clock_text(t.bed.mean_min), minutes(t.bed.sd_min))}
                    ". The average is taken round the clock, so 23:50 and 00:10 average to midnight; the spread is the circular standard deviation."
                </li>
                <li data-testid="timing-wake" data-mean=t.wake.mean_min.to_string() data-sd=t.wake.sd_min.to_string()>
                    <strong>"Wake time: "</strong>{format!("{} on average, give or take {}", clock_text(t.wake.mean_min), minutes(t.wake.sd_min))}
                    ". The end of each main sleep."
                </li>
                <li data-testid="timing-mid" data-mean=t.mid.mean_min.to_string() data-sd=t.mid.sd_min.to_string()>
                    <strong>"Mid-sleep: "</strong>{format!("{} on average, give or take {}", clock_text(t.mid.mean_min), minutes(t.mid.sd_min))}
                    ". Halfway between falling asleep and waking: the usual marker of your body clock's timing."
                </li>
                <li data-testid="timing-jetlag" data-value=t.social_jetlag_min.map(|v| v.to_string())>
                    <strong>"Social jetlag: "</strong>
                    {t.social_jetlag_min.map_or("needs nights before both workdays and weekends".to_string(), |v| if v >= 0.0 { format!("{} later on weekends", minutes(v)) } else { format!("{} earlier on weekends", minutes(-v)) })}
                    ". How much later your mid-sleep is on nights before a Saturday or Sunday than before a workday."
                </li>
            })}
            <li data-testid="timing-period" data-hours=a.peak.map(|p| p.period_h.to_string()) data-strength=a.peak.map(|p| p.strength.to_string())>
                <strong>"Rhythm: "</strong>
                {match a.peak {
                    Some(p) if p.strength >= CLEAR => format!("a period of {:.2} hours (strength {:.1})", p.period_h, p.strength),
                    Some(p) => format!("no clear period (the strongest, {:.2} hours, is at {:.1}; {CLEAR} is clear)", p.period_h, p.strength),
                    None => "not enough nights".to_string(),
                }}
                ". The period that best explains your sleep and wake times, from a chi-square periodogram over 20 to 28 hours in 10-minute steps (a sleep/wake rhythm is a square wave, which it fits and a sine-based Lomb–Scargle does not). For most people it is 24.0; the line on the chart shows the onsets it implies."
            </li>
        </ul>
    }
}

/// The range's months: the regularity trend, and each month's figures in a table.
#[component]
fn Months(months: Vec<sleep_timing::Month>) -> impl IntoView {
    let chart = charts::regularity_trend(&months);
    let shown = months.len();
    view! {
        <h3>"Month by month"</h3>
        <p class="muted">"Each month worked out on its own nights, so months compare: a higher index and a smaller spread are a steadier rhythm."</p>
        {(shown > 1).then(|| view! {
            <EChart chart=Signal::stored(chart) label=format!("Regularity over {shown} months") testid="timing-trend" />
        })}
        <div class="months-box" role="region" aria-label="Month by month" tabindex="0">
        <table class="months" data-testid="timing-months">
            <thead><tr><th scope="col">"Month"</th><th scope="col">"Sleeps"</th><th scope="col">"Regularity"</th><th scope="col">"Bedtime"</th><th scope="col">"Wake time"</th><th scope="col">"Mid-sleep"</th></tr></thead>
            <tbody>
                {months.into_iter().rev().map(|m| {
                    let t = m.timing;
                    view! {
                        <tr data-month=m.month.format("%Y-%m").to_string() data-sri=m.sri.map(|v| v.to_string())
                            data-bed=t.map(|t| t.bed.mean_min.to_string())>
                            <th scope="row">{m.month.format("%B %Y").to_string()}</th>
                            <td>{m.sleeps}</td>
                            <td>{m.sri.map_or("–".to_string(), |v| format!("{v:.0}"))}</td>
                            <td>{t.map_or("–".to_string(), |t| clock_text(t.bed.mean_min))}</td>
                            <td>{t.map_or("–".to_string(), |t| clock_text(t.wake.mean_min))}</td>
                            <td>{t.map_or("–".to_string(), |t| format!("{} ± {:.0} min", clock_text(t.mid.mean_min), t.mid.sd_min))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
