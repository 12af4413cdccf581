//! The Export page: choose data types and a date range; the app fetches what is missing at the
//! API's rate limit (resuming after a reload), then hands over one CSV per type. Also shows
//! what the cache holds, and clears it.

use crate::browser;
use crate::components::cancel::abort_on_cleanup;
use crate::components::fix::FixAction;
use crate::components::session::Session;

use crate::export::{files, ExportError};
use crate::model::Kind;
use crate::sources::client::Opts;
use crate::sources::ApiError;
use crate::sync::backfill::{self as run, Progress, Spec};
use crate::sync::fetch::{self, Account, Reader};
use crate::sync::phase::{self, Arrival, Phase as State};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

use crate::model::time::duration_text as duration;

#[component]
pub fn ExportPage(
    /// The session shown.
    session: Session,
) -> impl IntoView {
    let (cfg, source) = (session.config, session.source);
    let today = crate::model::time::today();
    let yesterday = today.pred_opt().unwrap_or(today);
    let month_ago = yesterday - chrono::Duration::days(29);
    let from = RwSignal::new(month_ago.to_string());
    let to = RwSignal::new(yesterday.to_string());
    // The types this source has at all (an API has no sleep score).
    let offered = move || {
        Kind::exportable()
            .into_iter()
            .filter(move |k| crate::sources::offers(source, *k))
    };
    // Every type but heart rate at every reading, which is many times the rest (a year of
    // Google's is millions of rows): chosen when asked for.
    let chosen = RwSignal::new(
        offered()
            .filter(|k| *k != Kind::HeartRate)
            .collect::<Vec<_>>(),
    );
    let state = RwSignal::new(State::Idle);
    let progress = RwSignal::new(None::<Progress>);
    let waiting = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ExportError>);
    let usage = RwSignal::new(None::<(u32, Option<f64>)>);
    let held = RwSignal::new(Vec::<crate::sync::cache::Holding>::new());
    // The bytes each account's records take, once counted (on request: it reads every record).
    let held_bytes = RwSignal::new(None::<std::collections::BTreeMap<(String, String), u64>>);
    let counting = RwSignal::new(false);
    // Why the count failed, said where the button is (a count that fails is not silent).
    let count_error = RwSignal::new(None::<String>);
    let count_bytes = move |_| {
        counting.set(true);
        count_error.set(None);
        spawn_local(async move {
            match fetch::bytes_held().await {
                Ok(got) => {
                    held_bytes.try_set(Some(got));
                }
                Err(e) => {
                    count_error.try_set(Some(format!("The bytes could not be counted: {e}")));
                }
            }
            counting.try_set(false);
        });
    };
    let zipping = RwSignal::new(false);
    // The ZIP's formats: CSV, Parquet, or both.
    let as_csv = RwSignal::new(true);
    let as_parquet = RwSignal::new(false);
    // Whether the ZIP also carries a backup of everything stored (restored by opening it).
    let with_backup = RwSignal::new(false);
    // The size of the last ZIP written into a chosen file.
    let saved = RwSignal::new(None::<u64>);
    let account = RwSignal::new(None::<Account>);
    // Set once the page has read the stored backfill (the range fields then hold it).
    let ready = RwSignal::new(false);
    // Pausing is read by the running loop between requests.
    let pause = StoredValue::new(false);
    let abort = abort_on_cleanup();

    let refresh_usage = move || {
        spawn_local(async move {
            if let Ok(u) = fetch::cache_usage().await {
                usage.set(Some(u));
            }
            if let Ok(h) = fetch::holdings().await {
                held.try_set(h);
                // Counted for what the store held then.
                held_bytes.try_set(None);
            }
        })
    };

    // Another tab holds the backfill: this one waits, showing that tab's progress.
    let elsewhere = RwSignal::new(false);
    // Stopped because the device went offline: carry on when it is back.
    let resume_online = StoredValue::new(false);

    // Runs (or resumes) `spec` under a lock, so two tabs never fetch the same days.
    let start = move |acc: Account, spec: Spec| {
        state.set(State::Running);
        error.set(None);
        // Called from async work too, which can outlive the page.
        if pause.try_set_value(false).is_some() || resume_online.try_set_value(false).is_some() {
            return;
        }
        let holding = std::rc::Rc::new(std::cell::Cell::new(false));
        // Until this tab gets the lock, the cache shows how far the tab holding it has come.
        let (watching, acc_w, spec_w) = (holding.clone(), acc.clone(), spec.clone());
        spawn_local(async move {
            loop {
                browser::sleep_ms(1_000).await;
                if watching.get() || state.try_get_untracked() != Some(State::Running) {
                    break;
                }
                elsewhere.try_set(true);
                if let Ok(p) = run::progress(source, &acc_w, &spec_w).await {
                    progress.try_set(Some(p));
                }
            }
            elsewhere.try_set(false);
        });
        spawn_local(async move {
            let work = async move {
                holding.set(true);
                elsewhere.try_set(false);
                let (Some(config), Some(abort)) = (cfg.try_get_value(), abort.try_get_value())
                else {
                    return Err(ApiError::Aborted);
                };
                run::save(source, &acc.user, &spec).await?;
                let paused = move || pause.try_get_value().unwrap_or(true);
                let report = move |p| progress.set(Some(p));
                let wait = move |w| waiting.set(w);
                let control = run::Control {
                    paused: &paused,
                    report: &report,
                    waiting: &wait,
                    abort: abort.as_ref(),
                };
                run::run(&config, source, &acc, spec, &control).await
            };
            let result = browser::with_lock("fitdata-backfill", work)
                .await
                .unwrap_or_else(|e| Err(ApiError::storage(e)));
            waiting.set(None);
            let end = phase::ended(result, pause.try_get_value().unwrap_or(false));
            if let Some(e) = end.error {
                resume_online.try_set_value(end.resume_online);
                error.set(Some(e.into()));
            }
            // Days are stored: the browser is asked to keep them (once; see `sync::keep`).
            if matches!(end.phase, Some(State::Done)) {
                crate::components::keeping::ask_after_storing();
            }
            if let Some(p) = end.phase {
                state.set(p);
            }
            refresh_usage();
        });
    };

    // On arrival: the account, the cache figures, and any backfill left running last time.
    let loaded = session.account(abort);
    spawn_local(async move {
        refresh_usage();
        let acc = match loaded.await {
            Ok(a) => a,
            // The page is gone.
            Err(ApiError::Aborted) => return,
            Err(e) => {
                error.set(Some(e.into()));
                return;
            }
        };
        account.set(Some(acc.clone()));
        let stored = run::load(source, &acc.user).await;
        if let Some(spec) = &stored {
            from.set(spec.from.to_string());
            to.set(spec.to.to_string());
            chosen.set(spec.kinds.clone());
        }
        ready.set(true);
        if let Some(spec) = stored {
            if let Ok(p) = run::progress(source, &acc, &spec).await {
                let arrival = phase::on_arrival(p.done, p.total, spec.paused);
                progress.set(Some(p));
                match arrival {
                    Arrival::Done => state.set(State::Done),
                    Arrival::Paused => state.set(State::Paused),
                    Arrival::Resume => start(acc, spec),
                }
            }
        }
    });

    // Back online after a backfill stopped for want of a connection: it carries on.
    let online = browser::on_window_event("online", move || {
        if resume_online.try_get_value() != Some(true) {
            return;
        }
        let Some(acc) = account.try_get_untracked().flatten() else {
            return;
        };
        spawn_local(async move {
            if let Some(spec) = run::load(source, &acc.user).await {
                if phase::resumes_online(true, spec.paused) {
                    start(acc, spec);
                }
            }
        });
    });
    if let Ok(listener) = online {
        let listener = send_wrapper::SendWrapper::new(listener);
        on_cleanup(move || drop(listener));
    }

    let spec_now = move |paused: bool| -> Result<Spec, ExportError> {
        let (Some(f), Some(t)) = (
            parse_date(&from.get_untracked()),
            parse_date(&to.get_untracked()),
        ) else {
            return Err(ExportError::Form("Enter both dates.".into()));
        };
        if f > t {
            return Err(ExportError::Form(
                "The first day must not be after the last.".into(),
            ));
        }
        let kinds = chosen.get_untracked();
        if kinds.is_empty() {
            return Err(ExportError::Form("Choose at least one data type.".into()));
        }
        Ok(Spec {
            kinds,
            from: f,
            to: t,
            paused,
            requests: 0,
        })
    };

    // What fetching the chosen days and types costs, said before it starts (an API source
    // only): worked out again whenever the range, the types or the stored days change. A newer
    // answer replaces an older one; an older one arriving late is dropped.
    let cost = RwSignal::new(None::<crate::sync::plan::Cost>);
    let cost_asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let (f, t, kinds, acc, phase) = (
            from.get(),
            to.get(),
            chosen.get(),
            account.get(),
            state.get(),
        );
        cost.set(None);
        let (Some(acc), Some(f), Some(t)) = (acc, parse_date(&f), parse_date(&t)) else {
            return;
        };
        if source.provider().is_none() || f > t || kinds.is_empty() || phase == State::Running {
            return;
        }
        let asked = cost_asked.get_value().wrapping_add(1);
        cost_asked.set_value(asked);
        spawn_local(async move {
            let spec = Spec {
                kinds,
                from: f,
                to: t,
                paused: false,
                requests: 0,
            };
            if let Ok(c) = run::cost(source, &acc, &spec).await {
                if cost_asked.try_get_value() == Some(asked) {
                    cost.try_set(Some(c));
                }
            }
        });
    });

    let on_start = move |_| {
        let Some(acc) = account.get_untracked() else {
            return;
        };
        match spec_now(false) {
            Ok(mut spec) => spawn_local(async move {
                // The same range again keeps its request count.
                if let Some(old) = run::load(source, &acc.user).await {
                    if (old.kinds == spec.kinds) && old.from == spec.from && old.to == spec.to {
                        spec.requests = old.requests;
                    }
                }
                start(acc, spec)
            }),
            Err(e) => error.set(Some(e)),
        }
    };
    let on_pause = move |_| {
        pause.set_value(true);
        let Some(acc) = account.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Some(mut spec) = run::load(source, &acc.user).await {
                spec.paused = true;
                let _ = run::save(source, &acc.user, &spec).await;
            }
        });
    };

    // One type's file: CSV, or Parquet (`parquet`).
    let download = move |k: Kind, parquet: bool| {
        let Some(acc) = account.get_untracked() else {
            return;
        };
        let Ok(spec) = spec_now(false) else {
            return;
        };
        spawn_local(async move {
            let (Some(config), Some(abort)) = (cfg.try_get_value(), abort.try_get_value()) else {
                return;
            };
            let opts = Opts {
                abort: abort.as_ref(),
                ..Opts::default()
            };
            let reader = Reader {
                config: &config,
                source,
                account: &acc,
                opts: &opts,
            };
            let range = (spec.from, spec.to);
            let (made, ext, mime) = if parquet {
                (
                    files::parquet_file(&reader, k, range).await,
                    "parquet",
                    "application/vnd.apache.parquet",
                )
            } else {
                (files::csv_file(&reader, k, range).await, "csv", "text/csv")
            };
            match made {
                Ok(parts) => {
                    let name = format!(
                        "fitdata-{}-{}-{}-{}.{ext}",
                        source.key(),
                        k.key(),
                        spec.from,
                        spec.to
                    );
                    if let Err(e) = files::save(&name, mime, &parts) {
                        error.set(Some(e));
                    }
                    refresh_usage();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // The ZIP, downloaded (`to_file` false) or written into a file the person chooses as it is
    // made (where the browser can: the File System Access API), so a large export never waits
    // whole in memory. The dialog is asked for first, while the click still counts.
    let download_zip = move |to_file: bool| {
        let Some(acc) = account.get_untracked() else {
            return;
        };
        let spec = match spec_now(false) {
            Ok(s) => s,
            Err(e) => return error.set(Some(e)),
        };
        let formats = files::Formats {
            csv: as_csv.get_untracked(),
            parquet: as_parquet.get_untracked(),
            backup: with_backup.get_untracked(),
        };
        if !formats.csv && !formats.parquet {
            return error.set(Some(ExportError::Form(
                "Choose CSV, Parquet or both for the ZIP.".into(),
            )));
        }
        zipping.set(true);
        saved.set(None);
        spawn_local(async move {
            let name = format!("fitdata-{}-{}-{}.zip", source.key(), spec.from, spec.to);
            let mut out = if to_file {
                match browser::pick_save_file(&name, "application/zip", ".zip").await {
                    browser::SaveTo::File(f) => files::ArchiveOut::file(f),
                    browser::SaveTo::Cancelled => {
                        zipping.set(false);
                        return;
                    }
                    browser::SaveTo::Unsupported => {
                        files::ArchiveOut::Parts(browser::BlobParts::new())
                    }
                }
            } else {
                files::ArchiveOut::Parts(browser::BlobParts::new())
            };
            let (Some(config), Some(abort)) = (cfg.try_get_value(), abort.try_get_value()) else {
                if let files::ArchiveOut::File(f, _) = out {
                    f.abort().await;
                }
                zipping.set(false);
                return;
            };
            let opts = Opts {
                abort: abort.as_ref(),
                ..Opts::default()
            };
            let reader = Reader {
                config: &config,
                source,
                account: &acc,
                opts: &opts,
            };
            let result = files::zip_file(
                &reader,
                &spec.kinds,
                (spec.from, spec.to),
                formats,
                &mut out,
            )
            .await;
            // The size written, where it went into a chosen file; and the backup it carries.
            let finished = match (result, out) {
                (Ok(backup), files::ArchiveOut::Parts(parts)) => {
                    files::save(&name, "application/zip", &parts).map(|()| (None, backup))
                }
                (Ok(backup), files::ArchiveOut::File(f, size)) => f
                    .close()
                    .await
                    .map(|()| (Some(size), backup))
                    .map_err(|e| ExportError::Save(e.to_string())),
                // Nothing half-written is left as the file: the chosen file stays as it was.
                (Err(e), files::ArchiveOut::File(f, _)) => {
                    f.abort().await;
                    Err(e)
                }
                (Err(e), files::ArchiveOut::Parts(_)) => Err(e),
            };
            zipping.set(false);
            match finished {
                Ok((written, backup)) => {
                    // Saved: the backup it carries is now the last one (the panel's line).
                    if let Some(m) = backup {
                        crate::sync::backup::remember(&m);
                    }
                    saved.set(written);
                    refresh_usage();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let can_save_to_file = browser::can_pick_save_file();

    let clear = move |_| {
        if !browser::confirm("Delete every downloaded day from this browser? Your sign-in stays.") {
            return;
        }
        spawn_local(async move {
            if let Err(e) = fetch::clear_cache().await {
                error.set(Some(e.into()));
            }
            progress.set(None);
            state.set(State::Idle);
            refresh_usage();
        });
    };

    view! {
        <section class="card" aria-labelledby="export-title" data-testid="export" data-state=move || state.get().key() data-ready=move || ready.get().to_string()>
            <h2 id="export-title">"Download your data"</h2>
            <p class="muted">"Choose what and which days. Days already in this browser are not fetched again; the rest is fetched at the API's rate limit, and continues where it stopped if you close the tab."</p>
            <fieldset>
                <legend>"Data types"</legend>
                {offered().map(|k| view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("kind-{}", k.key())
                            prop:checked=move || chosen.with(|c| c.contains(&k))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != k);
                                    if on { c.push(k); c.sort(); }
                                });
                            } />
                        {k.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>"The ZIP holds each type as"</legend>
                <label class="check">
                    <input type="checkbox" data-testid="format-csv" prop:checked=move || as_csv.get() on:change=move |ev| as_csv.set(event_target_checked(&ev)) />
                    "CSV (any spreadsheet)"
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="format-parquet" prop:checked=move || as_parquet.get() on:change=move |ev| as_parquet.set(event_target_checked(&ev)) />
                    "Parquet (typed, for pandas, polars, DuckDB, R)"
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="zip-backup" prop:checked=move || with_backup.get() on:change=move |ev| with_backup.set(event_target_checked(&ev)) />
                    "And a backup of everything stored (fitdata-backup/): opening this ZIP with \"Open your export\" restores it"
                </label>
            </fieldset>
            <div class="range">
                <label>"From " <input type="date" data-testid="from" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev)) /></label>
                <label>"To " <input type="date" data-testid="to" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev)) /></label>
            </div>
            {move || cost.get().zip(source.provider()).map(|(c, p)| view! {
                <p class="detail" data-testid="plan-cost" data-missing=c.missing data-requests=c.requests
                    data-every-reading=c.every_reading.map(|n| n.to_string()) data-eta=c.eta_s>
                    {crate::sync::plan::cost_text(&c, source, crate::sources::limits::budget(p))}
                </p>
            })}
            <div class="actions">
                {move || match state.get() {
                    State::Running => view! { <button data-testid="pause" on:click=on_pause>"Pause"</button> }.into_any(),
                    State::Paused => view! { <button data-testid="start" on:click=on_start>"Resume"</button> }.into_any(),
                    _ => view! { <button data-testid="start" on:click=on_start>"Fetch missing days"</button> }.into_any(),
                }}
            </div>
            {move || progress.get().map(|p| {
                let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
                view! {
                    <div class="progress" data-testid="progress" data-done=p.done data-total=p.total data-requests=p.requests>
                        <progress max=p.total value=p.done aria-label="Days downloaded"></progress>
                        <p>
                            {format!("{} of {} days ({pct} %) · {} requests used", p.done, p.total, p.requests)}
                            {(p.remaining_requests > 0).then(|| format!(" · about {} more, {}", p.remaining_requests, if p.eta_s > 0 { format!("done in about {}", duration(p.eta_s)) } else { "within the current rate-limit window".to_string() }))}
                        </p>
                    </div>
                }
            })}
            {move || elsewhere.get().then(|| view! {
                <p class="status" data-testid="backfill-elsewhere">"Another tab of this app is running this backfill; its progress shows here, and this tab takes over if that one closes."</p>
            })}
            {move || waiting.get().map(|until| {
                let secs = (until - browser::now_ms()).max(0) / 1000;
                view! {
                    <p class="status" data-testid="waiting" data-until=until>
                        {format!("{} allows only so many requests per hour; waiting {} for the next window.", source.label(), duration(secs))}
                    </p>
                }
            })}
            {move || error.get().map(|e| view! {
                <p class="error" role="alert" data-testid="export-error">{e.to_string()}</p>
                {e.api().cloned().map(|a| view! { <FixAction error=a testid="export-fix".to_string() /> })}
            })}
            <div class="downloads">
                <h3>"Files"</h3>
                <p class="muted">"One CSV per type, with UTC and local time on every row. Missing days are fetched first."</p>
                <button data-testid="zip" on:click=move |_| download_zip(false) prop:disabled=move || zipping.get()>
                    {move || if zipping.get() { "Preparing the ZIP…" } else { "Everything as one ZIP (with README.txt)" }}
                </button>
                {can_save_to_file.then(|| view! {
                    <button class="secondary" data-testid="zip-to-file" on:click=move |_| download_zip(true) prop:disabled=move || zipping.get()>
                        "Save the ZIP to a file as it is made…"
                    </button>
                })}
                {move || saved.get().map(|size| view! {
                    <p class="status" data-testid="zip-saved" data-bytes=size>
                        {format!("Saved: {:.1} MB written to the file you chose.", size as f64 / 1e6)}
                    </p>
                })}
                {move || chosen.get().into_iter().map(|k| view! {
                    <button class="secondary" data-testid=format!("csv-{}", k.key()) on:click=move |_| download(k, false)>
                        {format!("{} CSV", k.label())}
                    </button>
                }).collect_view()}
                // With Parquet ticked, each type's Parquet file on its own too.
                {move || as_parquet.get().then(|| chosen.get().into_iter().map(|k| view! {
                    <button class="secondary" data-testid=format!("parquet-{}", k.key()) on:click=move |_| download(k, true)>
                        {format!("{} Parquet", k.label())}
                    </button>
                }).collect_view())}
            </div>
            <div class="storage" data-testid="storage" data-days=move || usage.get().map(|u| u.0)>
                <h3>"Stored in this browser"</h3>
                <p>{move || match usage.get() {
                    Some((days, Some(bytes))) => format!("{days} day records; this site uses {:.1} MB of browser storage.", bytes / 1_048_576.0),
                    Some((days, None)) => format!("{days} day records."),
                    None => "…".to_string(),
                }}</p>
                <ul class="holdings" data-testid="holdings">
                    {move || held.get().into_iter().map(|h| {
                        // The account, where there is one to name (the demo and an import have none).
                        let account = if h.source.provider().is_none() || h.user.is_empty() { String::new() } else { format!(" ({})", h.user) };
                        let bytes = held_bytes.get().and_then(|b| b.get(&(h.source.key().to_string(), h.user.clone())).copied());
                        view! {
                            <li data-testid=format!("held-{}", h.source.key()) data-records=h.records data-days=h.days data-kinds=h.kinds.len() data-first=h.first.to_string() data-last=h.last.to_string() data-bytes=bytes>
                                {format!(
                                    "{}{account}: {} days from {} to {}, {} types, {} day records{}",
                                    h.source.label(), h.days, h.first, h.last, h.kinds.len(), h.records,
                                    bytes.map(|b| format!(", {:.1} MB", b as f64 / 1_048_576.0)).unwrap_or_default()
                                )}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <button class="secondary" data-testid="count-bytes" on:click=count_bytes prop:disabled=move || counting.get()
                    title="Reads every stored record once">
                    {move || if counting.get() { "Counting…" } else { "Count the bytes of each" }}
                </button>
                {move || count_error.get().map(|e| view! { <p class="error" role="alert" data-testid="count-bytes-error">{e}</p> })}
                <crate::components::keeping::Keeping />
                <crate::components::backup::BackupLine records=Signal::derive(move || usage.get().map(|u| u.0)) />
                <button class="secondary" data-testid="clear-cache" on:click=clear>"Clear downloaded data"</button>
            </div>
        </section>
    }
}
