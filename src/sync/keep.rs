//! Keeping what is stored: whether the browser may delete this site's data on its own
//! ("best effort" storage) or has promised to keep it (persistent storage), what either means
//! in the browser at hand, and when to ask. Pure, but for `state` and `ask`, which ask the
//! browser (`navigator.storage.persisted()` / `persist()`).

/// What the browser says of this site's storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Kept until the person clears it.
    Granted,
    /// Best effort: the browser may delete it (under disk pressure, or after a while unused).
    Refused,
    /// This browser has no such promise to ask for.
    Unsupported,
}

impl Persistence {
    /// `navigator.storage.persisted()`'s answer (`None`: no such API).
    pub fn of(persisted: Option<bool>) -> Persistence {
        match persisted {
            Some(true) => Persistence::Granted,
            Some(false) => Persistence::Refused,
            None => Persistence::Unsupported,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Persistence::Granted => "granted",
            Persistence::Refused => "refused",
            Persistence::Unsupported => "unsupported",
        }
    }
}

/// The browser engines whose storage rules differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    /// Safari and every browser on iOS and iPadOS (they all run WebKit).
    Safari,
    Other,
}

/// The engine a `navigator.userAgent` names. Only what differs in storage matters here, so a
/// browser that claims several (every one says "Mozilla", Chromium says "Safari") is placed by
/// the most specific word.
pub fn engine_of(user_agent: &str) -> Engine {
    let ua = user_agent;
    // iOS browsers are WebKit whatever their brand (CriOS, FxiOS, EdgiOS).
    if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        Engine::Safari
    } else if ua.contains("Firefox/") {
        Engine::Firefox
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") {
        Engine::Chromium
    } else if ua.contains("Safari/") || ua.contains("AppleWebKit/") {
        Engine::Safari
    } else {
        Engine::Other
    }
}

/// One or two sentences: what the state means in this browser, and what the person can do.
pub fn explain(state: Persistence, engine: Engine) -> &'static str {
    match (state, engine) {
        (Persistence::Granted, _) => {
            "This browser has promised to keep fitdata's data: it is deleted only if you clear this site's data yourself."
        }
        (Persistence::Refused, Engine::Chromium) => {
            "Kept on a best-effort basis: Chrome and Edge may delete it when the disk runs low. They grant persistent storage to sites you install or use often: install fitdata (the install icon in the address bar), then ask again."
        }
        (Persistence::Refused, Engine::Firefox) => {
            "Kept on a best-effort basis: Firefox may delete it when the disk runs low. Firefox asks you whether to allow persistent storage: ask again and choose Allow."
        }
        (Persistence::Refused, Engine::Safari) => {
            "Kept on a best-effort basis: Safari deletes a site's stored data after 7 days of use without a visit to it. Add fitdata to the Home Screen (Share, then Add to Home Screen) and open it from there: Safari keeps a Home Screen app's data."
        }
        (Persistence::Refused, Engine::Other) => {
            "Kept on a best-effort basis: this browser may delete it when it needs the room. Save a ZIP from Export now and then."
        }
        (Persistence::Unsupported, _) => {
            "This browser cannot promise to keep a site's data: it may delete it when it needs the room. Save a ZIP from Export now and then."
        }
    }
}

/// Why a browser deletes a site's stored data on its own: one sentence, for the page that
/// finds it gone (`sync::ledger`).
pub fn why_deleted(engine: Engine) -> &'static str {
    match engine {
        Engine::Chromium => "Chrome and Edge delete a site's stored data when the disk runs low, unless the site has persistent storage (an installed app has it).",
        Engine::Firefox => "Firefox deletes a site's stored data when the disk runs low, unless you allowed the site to keep it.",
        Engine::Safari => "Safari deletes a site's stored data after 7 days of use without a visit to it, unless it is opened from the Home Screen.",
        Engine::Other => "Browsers delete a site's stored data when they need the room, unless the site has persistent storage.",
    }
}

/// Whether to ask on the browser's own initiative, once days are stored: only while refused.
/// (Firefox shows a prompt; Chromium answers at once. Neither is asked again once granted.)
pub fn should_ask(state: Persistence) -> bool {
    state == Persistence::Refused
}

/// The state now.
#[cfg(target_arch = "wasm32")]
pub async fn state() -> Persistence {
    Persistence::of(crate::browser::storage_persisted().await)
}

/// Asks the browser to keep this site's data, if it has not already promised to, and returns
/// the state after.
#[cfg(target_arch = "wasm32")]
pub async fn ask() -> Persistence {
    let now = state().await;
    if !should_ask(now) {
        return now;
    }
    Persistence::of(crate::browser::storage_persist().await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_is_told_apart_by_its_own_user_agent() {
        // Real user agents (2026), one per engine and the iOS brands that are WebKit inside.
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", Engine::Chromium),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0", Engine::Chromium),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", Engine::Firefox),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15", Engine::Safari),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/142.0.0.0 Mobile/15E148 Safari/604.1", Engine::Safari),
            ("Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/145.0 Mobile/15E148 Safari/605.1.15", Engine::Safari),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15 MiniBrowser", Engine::Safari),
            ("curl/8.0", Engine::Other),
        ];
        for (ua, want) in cases {
            assert_eq!(engine_of(ua), want, "{ua}");
        }
    }

    #[test]
    fn only_a_refusal_is_asked_again_and_every_state_is_explained() {
        assert_eq!(Persistence::of(Some(true)), Persistence::Granted);
        assert_eq!(Persistence::of(Some(false)), Persistence::Refused);
        assert_eq!(Persistence::of(None), Persistence::Unsupported);
        assert!(should_ask(Persistence::Refused));
        assert!(!should_ask(Persistence::Granted));
        assert!(!should_ask(Persistence::Unsupported));
        for state in [
            Persistence::Granted,
            Persistence::Refused,
            Persistence::Unsupported,
        ] {
            for engine in [
                Engine::Chromium,
                Engine::Firefox,
                Engine::Safari,
                Engine::Other,
            ] {
                assert!(
                    explain(state, engine).ends_with('.'),
                    "{state:?} {engine:?}"
                );
            }
        }
        assert!(explain(Persistence::Refused, Engine::Safari).contains("7 days"));
        assert!(explain(Persistence::Refused, Engine::Safari).contains("Home Screen"));
    }
}
