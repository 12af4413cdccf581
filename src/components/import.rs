//! "Open your export": choosing a Fitbit archive or Google Takeout (ZIPs or the unzipped
//! folder), the import's progress with its time left and a Cancel, and afterwards its report.
//! The reading happens in a Web Worker (`sync::import`); this only shows it.

use crate::browser::{self, Picked};
use crate::model::time::{duration_text, size_text};
use crate::sources::import::offsets::Basis;
use crate::sources::import::{Report, Saved};
use crate::sync::import;
use crate::worker::protocol::Progress;
use chrono::NaiveDate;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    Running {
        progress: Progress,
        started_ms: i64,
        /// Bytes already done when this run started (a resumed import's earlier part).
        from_bytes: u64,
        skipped: usize,
    },
    Done(Saved),
    Failed(String),
}

impl State {
    fn key(&self) -> &'static str {
        match self {
            State::Idle => "idle",
            State::Running { .. } => "running",
            State::Done(_) => "done",
            State::Failed(_) => "failed",
        }
    }
}

/// The report of an import: per type, its days and date span and files; what was skipped and
/// why; warnings; and what decided the days' UTC offsets.
#[component]
pub fn ImportReport(report: Report) -> impl IntoView {
    let rows = report
        .types
        .iter()
        .map(|(key, t)| {
            let label =
                crate::model::Kind::from_key(key).map_or(key.clone(), |k| k.label().to_string());
            let span = match (t.first, t.last) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "–".into(),
            };
            view! {
                <tr data-type=key.clone() data-days=t.days>
                    <th scope="row">{label}</th>
                    <td>{t.days}</td>
                    <td>{span}</td>
                    <td>{t.files}</td>
                </tr>
            }
        })
        .collect_view();
    let skipped = report.skipped.clone();
    let bases = report
        .basis_counts()
        .into_iter()
        .map(|(b, n)| format!("{n} days by {}", Basis::label(b)))
        .collect::<Vec<_>>()
        .join(", ");
    let warnings = report.warnings.clone();
    let disagreements = report.disagreements.clone();
    let notes = report.notes.clone();
    view! {
        <div class="import-report" data-testid="import-report" data-resumed-after=report.resumed_after data-read=report.files_read data-skipped=report.skipped.len() data-checked=report.files_checked data-total=report.files_total>
            <table>
                <thead><tr><th scope="col">"Type"</th><th scope="col">"Days"</th><th scope="col">"From – to"</th><th scope="col">"Files"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">
                {format!("{} files read, {} checked against their JSON copy, {} left out. ", report.files_read, report.files_checked, report.skipped.len())}
                {(report.resumed_after > 0).then(|| format!("This run continued an import cut off after {} data files: it read them again for the counts above and the time zones, and did not store their days twice. ", report.resumed_after))}
                {(!bases.is_empty()).then(|| format!("Time zones: {bases}."))}
            </p>
            {notes.into_iter().map(|n| view! { <p class="muted" data-testid="import-note">{n}</p> }).collect_view()}
            {warnings.into_iter().map(|w| view! { <p class="notice" role="status">{w}</p> }).collect_view()}
            {(!disagreements.is_empty()).then(|| view! {
                <details data-testid="import-disagreements">
                    <summary>{format!("Days whose time-zone clues disagreed ({})", disagreements.len())}</summary>
                    <ul>
                        {disagreements.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                    </ul>
                </details>
            })}
            {(!skipped.is_empty()).then(|| view! {
                <details data-testid="import-skipped">
                    <summary>{format!("Files left out ({})", skipped.len())}</summary>
                    <ul>
                        {skipped.into_iter().map(|(path, why)| view! { <li><code>{path}</code>": "{why}</li> }).collect_view()}
                    </ul>
                </details>
            })}
        </div>
    }
}

#[component]
pub fn ImportCard(
    /// Opens the imported data, at its last date.
    on_open: Callback<Option<NaiveDate>>,
    /// Files chosen before this card existed (on the start module's connect screen): imported
    /// at once.
    #[prop(optional)]
    start_with: Vec<Picked>,
) -> impl IntoView {
    let state = RwSignal::new(State::Idle);
    let cancel = RwSignal::new(false);
    let running = move || matches!(state.get(), State::Running { .. });
    let saved = RwSignal::new(crate::sources::import::saved_opt());
    let pending = RwSignal::new(import::pending());
    let start = move |files: Vec<Picked>| {
        if files.is_empty() || matches!(state.get_untracked(), State::Running { .. }) {
            return;
        }
        cancel.set(false);
        let started_ms = browser::now_ms();
        state.set(State::Running {
            progress: Progress::default(),
            started_ms,
            from_bytes: 0,
            skipped: 0,
        });
        leptos::task::spawn_local(async move {
            let result = import::run(
                files,
                move || cancel.get_untracked(),
                move |p, failed| {
                    state.update(|s| {
                        if let State::Running {
                            progress,
                            from_bytes,
                            skipped,
                            ..
                        } = s
                        {
                            if progress.files_total == 0 {
                                *from_bytes = p.bytes_done;
                            }
                            *progress = p.clone();
                            *skipped += usize::from(failed.is_some());
                        }
                    })
                },
            )
            .await;
            match result {
                Ok(s) => {
                    pending.set(None);
                    saved.set(Some(s.clone()));
                    state.set(State::Done(s));
                    // Days are stored: the browser is asked to keep them (see `sync::keep`).
                    super::keeping::ask_after_storing();
                }
                Err(e) => {
                    pending.set(import::pending());
                    state.set(State::Failed(e.to_string()));
                }
            }
        });
    };
    start(start_with);
    view! {
        <ImportPicker on_files=Callback::new(start) busy=Signal::derive(running) state=Signal::derive(move || state.get().key())
            on_error=Callback::new(move |e| state.set(State::Failed(e)))>
            {move || pending.get().map(|p| view! {
                <p class="notice" role="status" data-testid="import-pending">
                    {format!("An import of {} file(s) stopped after {} data files. Open the same files again to finish it: what was stored is kept.", p.files.len(), p.data_done)}
                </p>
            })}
            {move || match state.get() {
                State::Idle => ().into_any(),
                State::Running { progress: p, started_ms, from_bytes, skipped } => {
                    let elapsed_s = (browser::now_ms() - started_ms) / 1000;
                    let done_here = p.bytes_done.saturating_sub(from_bytes);
                    let left = p.bytes_total.saturating_sub(p.bytes_done);
                    let eta = (done_here > 0).then(|| (elapsed_s as f64 * left as f64 / done_here as f64) as i64);
                    view! {
                        <div class="progress" data-testid="import-progress" data-files-done=p.files_done data-files-total=p.files_total data-bytes-done=p.bytes_done data-bytes-total=p.bytes_total>
                            <progress max=p.bytes_total.max(1) value=p.bytes_done aria-label="Export read"></progress>
                            <p>
                                {format!("{} of {} files · {} of {}", p.files_done, p.files_total, size_text(p.bytes_done), size_text(p.bytes_total))}
                                {eta.map(|s| format!(" · about {} left", duration_text(s)))}
                                {(skipped > 0).then(|| format!(" · {skipped} skipped"))}
                            </p>
                            {p.current.map(|c| view! { <p class="muted" data-testid="import-current">"Reading "<code>{c}</code></p> })}
                            <button class="secondary" data-testid="import-cancel" on:click=move |_| cancel.set(true)>"Cancel"</button>
                        </div>
                    }.into_any()
                }
                State::Done(s) => view! {
                    <p class="status" role="status" data-testid="import-done">
                        {format!("Imported {} from {}.", s.report.last_date().map_or("nothing".to_string(), |_| "your export".to_string()), s.files.join(", "))}
                    </p>
                    <ImportReport report=s.report.clone() />
                }.into_any(),
                State::Failed(message) => view! {
                    <p class="error" role="alert" data-testid="import-error">{message}</p>
                }.into_any(),
            }}
            {move || saved.get().filter(|_| !running()).map(|s| {
                let last = s.report.last_date();
                let days: u32 = s.report.types.values().map(|t| t.days).max().unwrap_or(0);
                view! {
                    <p>
                        <button data-testid="open-import" on:click=move |_| on_open.run(last)>"See your imported data"</button>
                        <span class="muted">{format!(" {days} days, up to {}", last.map_or("–".into(), |d| d.to_string()))}</span>
                    </p>
                }
            })}
        </ImportPicker>
    }
}

/// The card's way in, shared by the app and the start module (which hands the files over):
/// two pickers (ZIP files, a folder) and a drop zone, all giving their files to `on_files`.
/// What the import shows next comes in as `children`, below the buttons.
#[component]
pub fn ImportPicker(
    /// Takes the chosen or dropped files.
    on_files: Callback<Vec<Picked>>,
    /// An import is running: the pickers are off and a drop is ignored.
    #[prop(into)]
    busy: Signal<bool>,
    /// The import's state, for the card's `data-state`.
    #[prop(into)]
    state: Signal<&'static str>,
    /// A dropped folder that could not be walked.
    on_error: Callback<String>,
    children: Children,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| on_files.run(browser::picked_files(&ev));
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if busy.get_untracked() {
            return;
        }
        // The entries now, in the handler (the browser empties the drop after it); the walk
        // through a dropped folder afterwards.
        let entries = browser::dropped_entries(&ev);
        leptos::task::spawn_local(async move {
            match browser::dropped_files(entries).await {
                Ok(files) => on_files.run(files),
                Err(e) => on_error.run(e.to_string()),
            }
        });
    };
    // The folder picker's attribute has no typed builder: set by name.
    let folder_input = {
        use leptos::tachys::html::attribute::custom::CustomAttribute;
        leptos::html::input()
            .r#type("file")
            .multiple(true)
            .attr("webkitdirectory", "")
            .attr("data-testid", "import-folder")
            .class("visually-hidden")
            .disabled(busy)
            .on(leptos::ev::change, on_change)
    };
    view! {
        <div class="card import" class:dragging=move || dragging.get() data-testid="import" data-state=state
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <h3>"Open your export"</h3>
            <p>"Your whole history from the Fitbit account archive or Google Takeout, read in this page: no account, no network, nothing uploaded. Choose the .zip file(s) (Takeout splits large exports into several) or the unzipped folder, or drop them here. A fitdata backup opens here too."</p>
            <div class="actions">
                <label class="button">
                    "Choose ZIP files"
                    <input type="file" accept=".zip,application/zip" multiple data-testid="import-zip" class="visually-hidden" disabled=busy on:change=on_change />
                </label>
                <label class="button secondary">
                    "Choose a folder"
                    {folder_input}
                </label>
            </div>
            {children()}
        </div>
    }
}
