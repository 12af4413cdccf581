//! `<SpanChips>`: the range pages' choice of span (the last N days, or every day stored).

use leptos::prelude::*;

#[component]
pub fn SpanChips(
    /// The spans offered, in days; 0 is every day stored.
    spans: &'static [i64],
    /// The span chosen.
    span: RwSignal<i64>,
    /// The test ids' prefix (`timing` → `timing-span-90`, `timing-span-all`).
    prefix: &'static str,
    /// What 0 reads as ("Every night stored").
    all: &'static str,
) -> impl IntoView {
    spans
        .iter()
        .map(|&n| {
            view! {
                <button class="chip" data-testid=format!("{prefix}-span-{}", if n > 0 { n.to_string() } else { "all".into() })
                    aria-pressed=move || (span.get() == n).to_string()
                    on:click=move |_| span.set(n)>{if n > 0 { format!("{n} days") } else { all.to_string() }}</button>
            }
        })
        .collect_view()
}
