//! The storage panel's backup line: when the last backup was saved and how many day records
//! came since (with a reminder past `sync::backup::REMIND_AFTER`), and the button that saves
//! one. Restoring is the import card's: a backup is opened like an export.

use crate::sync::backup;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn BackupLine(
    /// Day records stored now (the panel's count).
    #[prop(into)]
    records: Signal<Option<u32>>,
) -> impl IntoView {
    let last = RwSignal::new(backup::last());
    // A ZIP that carried a backup remembers it elsewhere on the page; the panel's count is
    // refreshed after it, and the line is read again with it.
    Effect::new(move |_| {
        records.track();
        last.try_set(backup::last());
    });
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(u32, usize), String>>);
    let save = move |_| {
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let r = backup::save().await.map_err(|e| e.to_string());
            last.try_set(backup::last());
            outcome.try_set(Some(r));
            busy.try_set(false);
        });
    };
    let text = move || backup::last_text(last.get(), records.get().unwrap_or(0));
    view! {
        <div class="backup" data-testid="backup" data-last=move || last.get().map(|l| l.created_ms) data-remind=move || text().1.to_string()>
            <p class:notice=move || text().1>{move || text().0}</p>
            <button data-testid="save-backup" on:click=save prop:disabled=move || busy.get()>
                {move || if busy.get() { "Saving the backup…" } else { "Save a backup" }}
            </button>
            {move || outcome.get().map(|r| match r {
                Ok((n, bytes)) => view! {
                    <p class="status" role="status" data-testid="backup-saved" data-records=n data-bytes=bytes>
                        {format!("Saved {n} day records in {:.1} MB. Keep the file somewhere other than this browser; open it with \"Open your export\" to restore.", bytes as f64 / 1_048_576.0)}
                    </p>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="backup-error">{e}</p> }.into_any(),
            })}
        </div>
    }
}
