//! The day's "Your usual" card: each night metric's value against the band of the 30 days
//! before it (`model::usual`), read from the cache: a connected account's days as far as they
//! are stored (the day view asks the API for nothing more), the demo's and an import's all.
//! Only for the metrics the source has.

use crate::config::{Config, Source};
use crate::model::metric::Metric;
use crate::model::usual::{self, Usual, Verdict};
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{self, Account};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

/// One metric's line: its value that day, and its band (or how many days it still lacks).
#[derive(Clone, Debug, PartialEq)]
struct Line {
    metric: Metric,
    value: Option<f64>,
    band: Option<Usual>,
    days_with_data: usize,
    /// The person's own range as the source gives it (Google's, for resting heart rate and
    /// HRV): shown instead of the band where there is one.
    personal: Option<(f64, f64)>,
}

async fn lines(
    config: &Config,
    source: Source,
    account: &Account,
    date: NaiveDate,
) -> Result<Vec<Line>, ApiError> {
    let opts = Opts::default();
    let reader = fetch::Reader {
        config,
        source,
        account,
        opts: &opts,
    };
    let from = date - Duration::days(usual::WINDOW_DAYS);
    let mut out = Vec::new();
    for metric in usual::METRICS {
        let data = Kind::Daily(metric);
        if !crate::sources::offers(source, data) {
            continue;
        }
        // An API's days only as far as they are stored: a day view asks for nothing more
        // (Trends or a backfill stores them). The demo's and an import's are all at hand.
        let days = if source.provider().is_some() {
            reader.stored_days(data, (from, date)).await?
        } else {
            reader.ensure(data, (from, date), &|_, _| {}).await?;
            reader.days(data, (from, date)).await?
        };
        let value_of = |p: &Payload| match p {
            Payload::Daily(d) => d.last().map(|d| d.value),
            _ => None,
        };
        let before: Vec<f64> = days
            .iter()
            .filter(|(d, _)| *d < date)
            .filter_map(|(_, p)| value_of(p))
            .collect();
        let value = days
            .iter()
            .find(|(d, _)| *d == date)
            .and_then(|(_, p)| value_of(p));
        let personal = reader
            .personal_ranges(metric, (date, date))
            .await?
            .remove(&date);
        out.push(Line {
            metric,
            value,
            band: usual::usual(&before),
            days_with_data: before.len(),
            personal,
        });
    }
    Ok(out)
}

#[component]
pub fn YourUsual(
    config: StoredValue<Config>,
    source: Source,
    account: LocalResource<Result<Account, ApiError>>,
    #[prop(into)] date: Signal<NaiveDate>,
) -> impl IntoView {
    let loaded = LocalResource::new(move || {
        let date = date.get();
        async move {
            let account = account.await?;
            let config = config.try_get_value().ok_or(ApiError::Aborted)?;
            let lines = lines(&config, source, &account, date).await?;
            Ok::<_, ApiError>((lines, account.units, date))
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok((lines, units, date)) if !lines.is_empty() => view! {
                        <div class="usual" data-testid="usual" data-date=date.to_string()>
                            <h3>"Your usual"</h3>
                            <p class="muted">{format!("Each night metric against the middle half (quartiles) of your {} days before, once {} of them have a value{}.", usual::WINDOW_DAYS, usual::MIN_DAYS,
                                if lines.iter().any(|l| l.personal.is_some()) { "; where Google gives your personal range, against that" } else { "" })}</p>
                            <ul>
                                {lines.into_iter().map(|l| {
                                    let verdict = match (l.value, l.personal, l.band) {
                                        (Some(v), Some((low, high)), _) => Some(usual::verdict_between(v, low, high)),
                                        (Some(v), None, Some(b)) => Some(usual::verdict(v, &b)),
                                        _ => None,
                                    };
                                    let text = match (l.personal, l.value, l.band) {
                                        (Some((low, high)), value, _) => {
                                            let range = format!("{} to {}", units.text(l.metric, low), units.text(l.metric, high));
                                            match value.zip(verdict) {
                                                Some((v, verdict)) => format!(
                                                    "{}: {}, {} your personal range ({range}, as Google gives it)",
                                                    l.metric.label(), units.text(l.metric, v), verdict.key()
                                                ),
                                                None => format!("{}: no value this day; your personal range is {range} (as Google gives it).", l.metric.label()),
                                            }
                                        }
                                        (None, Some(v), Some(b)) => format!(
                                            "{}: {}, {} your usual ({} to {}, median {}; {} days)",
                                            l.metric.label(),
                                            units.text(l.metric, v),
                                            usual::verdict(v, &b).key(),
                                            units.text(l.metric, b.q1),
                                            units.text(l.metric, b.q3),
                                            units.text(l.metric, b.median),
                                            b.days
                                        ),
                                        (None, None, Some(b)) => format!(
                                            "{}: no value this day; your usual is {} to {}.",
                                            l.metric.label(), units.text(l.metric, b.q1), units.text(l.metric, b.q3)
                                        ),
                                        (None, _, None) => format!(
                                            "{}: not enough days yet for a usual range ({} of the {} needed in the {} days before{}).",
                                            l.metric.label(), l.days_with_data, usual::MIN_DAYS, usual::WINDOW_DAYS,
                                            if source.provider().is_some() { "; Trends over 30 days stores them" } else { "" }
                                        ),
                                    };
                                    view! {
                                        <li data-testid=format!("usual-{}", l.metric.key())
                                            data-value=l.value.map(|v| v.to_string())
                                            data-q1=l.band.map(|b| b.q1.to_string())
                                            data-median=l.band.map(|b| b.median.to_string())
                                            data-q3=l.band.map(|b| b.q3.to_string())
                                            data-low=l.personal.map(|p| p.0.to_string())
                                            data-high=l.personal.map(|p| p.1.to_string())
                                            data-verdict=verdict.map(Verdict::key)>
                                            {text}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}
