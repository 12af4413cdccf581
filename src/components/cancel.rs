//! Cancelling a view's requests when the view goes away.

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
