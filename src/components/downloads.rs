//! `<ChartDownloads>`: a chart's "CSV" and "JSON" buttons. CSV is the chart's records in the
//! export's layout; JSON is the provider's answers for the chart's days exactly as received
//! (asked for again, as the cache keeps only the normalized model), or, in the demo, which
//! has no provider, the records themselves.

use crate::components::cancel::abort_on_cleanup;
use crate::components::fix::FixAction;
use crate::config::{Config, Source};
use crate::export::{files, ExportError};
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::fetch::{Account, Reader};
use chrono::NaiveDate;
use leptos::prelude::*;

/// `fitdata-{provider}-{type}-{day}` or `…-{from}_{to}`.
fn file_stem(source: Source, data: Kind, (from, to): (NaiveDate, NaiveDate)) -> String {
    let days = if from == to {
        from.to_string()
    } else {
        format!("{from}_{to}")
    };
    format!("fitdata-{}-{}-{days}", source.key(), data.key())
}

/// The chart's records: those it was given, or its days read from the cache (each stored
/// already: the chart was drawn from them).
async fn charted(
    days: StoredValue<Option<Vec<(NaiveDate, Payload)>>>,
    config: StoredValue<Config>,
    source: Source,
    account: &Account,
    data: Kind,
    range: (NaiveDate, NaiveDate),
) -> Result<Vec<(NaiveDate, Payload)>, ExportError> {
    if let Some(Some(days)) = days.try_get_value() {
        return Ok(days);
    }
    let config = config.try_get_value().ok_or(ApiError::Aborted)?;
    let opts = Opts::default();
    let reader = Reader {
        config: &config,
        source,
        account,
        opts: &opts,
    };
    Ok(reader.days(data, range).await?)
}

#[component]
pub fn ChartDownloads(
    /// Test id prefix: `{testid}-csv`, `{testid}-json`.
    #[prop(into)]
    testid: String,
    /// The configuration in effect (the API's address for the JSON).
    config: StoredValue<Config>,
    /// The connected provider.
    source: Source,
    /// Whose data, and the zone its times are written in.
    account: Account,
    /// The data type charted.
    data: Kind,
    /// The days charted, inclusive.
    range: (NaiveDate, NaiveDate),
    /// The chart's records, by day; `None` for a chart drawn from the days' figures (three
    /// years of steps are a figure a day to draw, and every minute to write): they are read
    /// from the cache when a download asks for them.
    days: Option<Vec<(NaiveDate, Payload)>>,
) -> impl IntoView {
    let days = StoredValue::new(days);
    let account = StoredValue::new(account);
    let error = RwSignal::new(None::<(&'static str, ExportError)>);
    let busy = RwSignal::new(false);
    // Leaving the chart cancels a JSON download still asking the API.
    let abort = abort_on_cleanup();
    let stem = file_stem(source, data, range);
    let csv_name = format!("{stem}.csv");
    let json_name = format!("{stem}.json");
    let csv_name_import = csv_name.clone();
    let on_csv = move |_| {
        // An import's days name their file and time rule in the cache: read from there.
        if source == Source::Import {
            let name = csv_name_import.clone();
            leptos::task::spawn_local(async move {
                let (Some(config), Some(account)) =
                    (config.try_get_value(), account.try_get_value())
                else {
                    return;
                };
                let opts = Opts::default();
                let reader = Reader {
                    config: &config,
                    source,
                    account: &account,
                    opts: &opts,
                };
                let result = files::csv_file(&reader, data, range)
                    .await
                    .and_then(|parts| files::save(&name, "text/csv", &parts));
                error.try_set(result.err().map(|e| ("the CSV", e)));
            });
            return;
        }
        // The rows are written by the worker module.
        let name = csv_name.clone();
        leptos::task::spawn_local(async move {
            let Some(account) = account.try_get_value() else {
                return;
            };
            let result = match charted(days, config, source, &account, data, range).await {
                Ok(days) => files::chart_csv(source, &account, data, &days)
                    .await
                    .and_then(|bytes| files::save_bytes(&name, "text/csv", &bytes)),
                Err(e) => Err(e),
            };
            error.try_set(result.err().map(|e| ("the CSV", e)));
        });
    };
    let on_json = move |_| {
        // No API answered for the demo or an import: their records are the JSON.
        if source.provider().is_none() {
            let name = json_name.clone();
            leptos::task::spawn_local(async move {
                let Some(account) = account.try_get_value() else {
                    return;
                };
                let result = charted(days, config, source, &account, data, range)
                    .await
                    .and_then(|days| {
                        serde_json::to_vec_pretty(&days).map_err(|e| ExportError::Write {
                            kind: data.key(),
                            detail: e.to_string(),
                        })
                    })
                    .and_then(|bytes| files::save_bytes(&name, "application/json", &bytes));
                error.try_set(result.err().map(|e| ("the JSON", e)));
            });
            return;
        }
        let name = json_name.clone();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result: Result<(), ExportError> = async {
                let (Some(config), Some(abort), Some(account)) = (
                    config.try_get_value(),
                    abort.try_get_value().flatten(),
                    account.try_get_value(),
                ) else {
                    return Ok(());
                };
                let opts = Opts {
                    abort: Some(&abort),
                    ..Opts::default()
                };
                let reader = Reader {
                    config: &config,
                    source,
                    account: &account,
                    opts: &opts,
                };
                let bytes = files::raw_file(&reader, data, range).await?;
                files::save_bytes(&name, "application/json", &bytes)
            }
            .await;
            busy.try_set(false);
            // Leaving the chart cancels the download: nothing to report then.
            let result = result.err().filter(|e| e.api() != Some(&ApiError::Aborted));
            error.try_set(result.map(|e| ("the API's answers", e)));
        });
    };
    let json_title = if source.provider().is_none() {
        "The records as JSON"
    } else {
        "The API's answers for these days, exactly as received (asks the API again)"
    };
    view! {
        <div class="chart-downloads">
            <button class="chip" data-testid=format!("{testid}-csv") title="The records in the export's CSV layout" on:click=on_csv>"CSV"</button>
            <button class="chip" data-testid=format!("{testid}-json") title=json_title disabled=move || busy.get() on:click=on_json>"JSON"</button>
        </div>
        {move || busy.get().then(|| view! { <p class="status muted" role="status">"Asking the API for its answers…"</p> })}
        {move || error.get().map(|(what, e)| view! {
            <p class="error" role="alert" data-testid=format!("{testid}-download-error")>{format!("Could not save {what}: {e}")}</p>
            {e.api().cloned().map(|a| view! { <FixAction error=a testid=format!("{testid}-download-fix") /> })}
        })}
    }
}
