//! Sign-in: the OAuth flows (pure, in `flow`), the token set (`token`) and, in the browser,
//! where tokens live and how they are refreshed (`session`).

pub mod flow;
pub mod setup;
pub mod token;

#[cfg(target_arch = "wasm32")]
pub mod session;

use crate::config::Provider;
use thiserror::Error;

/// Everything that can go wrong while signing in or staying signed in. No variant ever holds a
/// token, a code or a secret: texts from servers are scrubbed before they land here.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("This sign-in reply was already used or does not belong to this browser tab (sign-in links work once). Start again from the connect screen.")]
    NoPendingSignIn,
    #[error("You signed out in another tab while this sign-in was on its way, so it was not completed. Sign in again if you meant to.")]
    SignedOutElsewhere,
    #[error("The reply from {} does not match the sign-in this tab started (state mismatch), so it was ignored for your safety. Start again.", .provider.label())]
    StateMismatch { provider: Provider },
    #[error("The sign-in with {} took longer than 15 minutes and has expired. Start again.", .provider.label())]
    PendingExpired { provider: Provider },
    #[error("You declined access at {}. Nothing was shared. Connect again whenever you like.", .provider.label())]
    Denied { provider: Provider },
    #[error("{} refused the sign-in: {error}{}. Check your client settings (Settings, \"check my setup\") and try again.", .provider.label(), if .description.is_empty() { String::new() } else { format!(" ({})", .description) })]
    Provider {
        provider: Provider,
        error: String,
        description: String,
    },
    #[error("The reply from {} was refused for your safety: {detail}. Start again from the connect screen.", .provider.label())]
    MalformedCallback { provider: Provider, detail: String },
    #[error("The reply from {} carried no authorization code. Start again.", .provider.label())]
    MissingCode { provider: Provider },
    #[error("{}'s token endpoint answered HTTP {status}: {error}{}. {}", .provider.label(), if .description.is_empty() { String::new() } else { format!(" ({})", .description) }, token_hint(.error))]
    TokenEndpoint {
        provider: Provider,
        status: u16,
        error: String,
        description: String,
    },
    #[error("{}'s token endpoint sent an answer that could not be read ({detail}). Try again in a moment.", .provider.label())]
    Decode { provider: Provider, detail: String },
    #[error("Could not reach the sign-in server ({0}). Check your connection and try again.")]
    Network(String),
    #[error("Your {} session has ended and cannot be renewed silently. Reconnect to continue; your downloaded data stays here.", .provider.label())]
    ReconnectNeeded { provider: Provider },
    #[error("{}", sign_in_expired_text(.provider.label(), *.age_days, *.testing_mode))]
    SignInExpired {
        provider: Provider,
        /// Days since the sign-in.
        age_days: i64,
        /// Google said when the refresh token dies: only Testing-mode clients get that.
        testing_mode: bool,
    },
    #[error("The provider settings are unusable ({0}). Check config.json.")]
    Config(String),
    #[error("This browser does not let the page store your sign-in ({0}). Allow site storage for this page (private windows may block it).")]
    Storage(String),
    #[error("The saved {} sign-in in this browser could not be read (it may come from another version of the app, or was edited). It has been removed: connect again.", .provider.label())]
    StoredSessionUnreadable { provider: Provider },
}

/// Why a sign-in could not be renewed, in words: a Google client in Testing mode (every
/// self-made client with the restricted Health scopes) gets refresh tokens that die 7 days
/// after the sign-in.
fn sign_in_expired_text(provider: &str, age_days: i64, testing_mode: bool) -> String {
    let cause = if testing_mode || (6..=8).contains(&age_days) {
        let age = if age_days >= 1 {
            format!(" (this one is {age_days} days old)")
        } else {
            String::new()
        };
        format!(" This looks like the 7-day limit of a Google Cloud client in Testing mode: its sign-ins expire 7 days after you connect{age}. Settings explains what publishing the client changes.")
    } else {
        String::new()
    };
    format!("{provider} will not renew your sign-in any more (it answered invalid_grant).{cause} Reconnect to continue; your downloaded data stays here.")
}

/// The sign-in's age in whole days at `now_ms`.
pub fn age_days(obtained_at_ms: i64, now_ms: i64) -> i64 {
    (now_ms - obtained_at_ms).max(0) / 86_400_000
}

fn token_hint(error: &str) -> &'static str {
    match error {
        "invalid_grant" => "The sign-in was already used or has expired. Start again.",
        "invalid_client" | "unauthorized_client" => "The client id or secret in config.json does not match your registered client.",
        "invalid_request" => "Check that config.json has your client's secret (Google web clients need it).",
        "redirect_uri_mismatch" => "The redirect URI in config.json must equal, byte for byte, the one registered with the provider.",
        _ => "Try again; if it persists, check your client settings.",
    }
}

#[cfg(test)]
mod sign_in_expired_tests {
    use super::*;

    #[test]
    fn a_dead_testing_mode_sign_in_says_why() {
        let e = AuthError::SignInExpired {
            provider: Provider::Google,
            age_days: 7,
            testing_mode: true,
        };
        let text = e.to_string();
        assert!(
            text.contains("Testing mode") && text.contains("7 days old"),
            "{text}"
        );
        assert!(text.contains("Reconnect"));
        // Revoked long after: no Testing-mode guess.
        let late = AuthError::SignInExpired {
            provider: Provider::Google,
            age_days: 40,
            testing_mode: false,
        }
        .to_string();
        assert!(!late.contains("Testing mode") && late.contains("invalid_grant"));
        assert_eq!(age_days(0, 7 * 86_400_000 + 5), 7);
        assert_eq!(age_days(10, 0), 0);
    }
}
