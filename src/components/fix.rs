//! The one-click fix for an error that has one: ask again for a missing permission, or
//! reconnect when the session cannot be renewed. Shown wherever such an error appears.

use crate::auth::{session, AuthError};
use crate::components::session::Session;
use crate::sources::ApiError;
use leptos::prelude::*;

/// The button's label for `error`, if a sign-in fixes it.
fn label(error: &ApiError) -> Option<String> {
    match error {
        ApiError::ScopeMissing { what, .. } => Some(format!("Grant access to {what}")),
        ApiError::Auth(AuthError::ReconnectNeeded { .. } | AuthError::SignInExpired { .. })
        | ApiError::PermissionStuck { .. } => Some("Reconnect".to_string()),
        _ => None,
    }
}

#[component]
pub fn FixAction(
    /// The error to offer a fix for.
    error: ApiError,
    /// Test id of the button.
    testid: String,
) -> impl IntoView {
    let ctx = use_context::<Session>().and_then(|s| s.reauth.get_value());
    let failed = RwSignal::new(None::<String>);
    label(&error).zip(ctx).map(|(label, ctx)| {
        view! {
            <button data-testid=testid on:click=move |_| {
                if let Err(e) = session::begin(&ctx.provider, ctx.mode) {
                    failed.set(Some(e.to_string()));
                }
            }>{label}</button>
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        }
    })
}
