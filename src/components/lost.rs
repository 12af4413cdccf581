//! What the page says when the browser deleted fitdata's stored days behind its back
//! (`sync::ledger` tells that from a browser that never had any): when, what this browser does
//! and why, and the two ways back: open the export again, or download again from the account.

use crate::browser;
use crate::sync::keep::{engine_of, why_deleted};
use crate::sync::ledger::{self, Ledger, Verdict};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn date_of(ms: i64) -> String {
    crate::model::time::utc_day(ms)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// Checks the store against the ledger whenever `recheck` changes (a new screen: after a
/// restore, the days are back and the notice goes).
#[component]
pub fn LostNotice(
    #[prop(into)] recheck: Signal<u32>,
    /// Opens the import (the connect screen's "Open your export").
    on_restore: Callback<()>,
) -> impl IntoView {
    let lost = RwSignal::new(None::<Ledger>);
    Effect::new(move |_| {
        // (Read, not only tracked: a memo computes, and so follows its own inputs, when read.)
        let _ = recheck.get();
        // Without a ledger nothing was stored, or it was wiped on purpose (a disconnect): the
        // database is not even opened, which would create it again after a disconnect.
        if ledger::load().is_none() {
            lost.set(None);
            return;
        }
        spawn_local(async move {
            // A database the browser will not open is said elsewhere (`no-storage`).
            let Ok(records) = crate::sync::fetch::cache_count().await else {
                return;
            };
            match ledger::verdict(ledger::load().as_ref(), records) {
                Verdict::Lost(l) => {
                    lost.try_set(Some(l));
                }
                Verdict::Fine => {
                    ledger::note_count(records);
                    lost.try_set(None);
                }
            }
        });
    });
    let why = why_deleted(engine_of(&browser::user_agent()));
    move || {
        lost.get().map(|l| {
            let held = if l.records > 0 {
                format!("{} day records", l.records)
            } else {
                "The days it had stored".to_string()
            };
            view! {
                <section class="card notice" role="alert" data-testid="store-lost" data-last-write=l.last_write_ms>
                    <h2>"Your browser deleted fitdata's stored data"</h2>
                    <p>{format!(
                        "{held}, stored between {} and {}, are no longer in this browser: it deleted them, not fitdata. {why}",
                        date_of(l.first_write_ms),
                        date_of(l.last_write_ms)
                    )}</p>
                    <p>"To get them back:"</p>
                    <div class="actions">
                        <button data-testid="restore-import" on:click=move |_| on_restore.run(())>"Restore from a backup, or open your export again"</button>
                        " "
                        <a class="button secondary" href="#/export" data-testid="download-again">"Download again from your account"</a>
                        " "
                        <button class="secondary" data-testid="lost-dismiss" on:click=move |_| {
                            ledger::forget();
                            lost.set(None);
                        }>"Start afresh"</button>
                    </div>
                    <p class="status muted">"So it does not happen again: Export, \"Stored in this browser\", says how to make this browser keep the data, and saves a backup."</p>
                </section>
            }
        })
    }
}
