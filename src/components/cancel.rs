//! Cancelling a view's requests when the view goes away, or when what it shows changes.

use crate::browser::Abort;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// An abort handle that fires when the current view is cleaned up. Async work started by the
/// view reads it with `try_get_value`: `None` means the view is gone.
pub fn abort_on_cleanup() -> StoredValue<Option<Abort>, LocalStorage> {
    let abort = Abort::new().ok();
    if let Some(a) = abort.clone() {
        let a = SendWrapper::new(a);
        on_cleanup(move || a.abort());
    }
    StoredValue::new_local(abort)
}

/// Abort handles handed out per key (the date a view shows): asking for a new key aborts the
/// requests of every other key, and the view's cleanup aborts them all. Each load asks when it
/// starts, so no ordering between the loads and an effect can abort a fresh request.
#[derive(Clone, Copy)]
pub struct AbortPerKey<K: 'static> {
    live: StoredValue<Vec<(K, Abort)>, LocalStorage>,
}

impl<K: PartialEq + Clone + 'static> AbortPerKey<K> {
    /// Handles tied to the current view (made while building it).
    pub fn in_view() -> AbortPerKey<K> {
        let live = StoredValue::new_local(Vec::<(K, Abort)>::new());
        on_cleanup(move || {
            live.try_with_value(|l| l.iter().for_each(|(_, a)| a.abort()));
        });
        AbortPerKey { live }
    }

    /// A handle for a load of `key`; `None` once the view is gone.
    pub fn start(&self, key: K) -> Option<Abort> {
        let abort = Abort::new().ok()?;
        self.live
            .try_update_value(|l| {
                l.retain(|(k, a)| {
                    let keep = *k == key && !a.is_aborted();
                    if !keep {
                        a.abort();
                    }
                    keep
                });
                l.push((key, abort.clone()));
            })
            .map(|()| abort)
    }
}
