//! The root components: the app's, which loads and checks `config.json`, then shows the screen
//! that fits the session (connect, completing a sign-in, connected, or a failed sign-in with a
//! way back), and the start module's, which shows only the connect screen.

use crate::auth::{flow, session, token::TokenSet};
use crate::browser::{self, Handover};
use crate::components::import::{ImportCard, ImportPicker};
use crate::components::session::{Reauth, Session};
use crate::config::{self, Config, ConfigError, Source, StartupError};
use crate::pages::connect::ConnectPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::day::DayPage;
use crate::pages::export::ExportPage;
use crate::pages::settings::SettingsPage;
use crate::pages::timing::SleepTimingPage;
use crate::pages::trends::TrendsPage;
use crate::pages::workouts::WorkoutsPage;
use crate::pages::years::YearsPage;
use leptos::prelude::*;

async fn load_config() -> Result<Config, StartupError> {
    let text = browser::fetch_config()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    let origin = browser::page_origin().map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    config::parse_for_page(&text, browser::csp_meta().as_deref(), &origin)
}

/// What start-up settles, once: the deployer's config and the first screen.
#[derive(Clone)]
struct Startup {
    config: Config,
    initial: Screen,
}

/// Loads the config and settles the session: completes an OAuth callback, or reads the stored
/// tokens. Runs once per page load, in a resource, because a view may be built more than once
/// and these steps must not run twice (a callback is single use; a corrupt store is removed).
async fn start(callback: Option<String>, demo: bool) -> Result<Startup, StartupError> {
    let config = load_config().await?;
    let effective = config.with_overrides(&session::load_overrides());
    let initial = match callback {
        // The start module's "Try with demo data" (browser::Handover).
        None if demo => Screen::Demo,
        Some(href) => match session::complete(&effective, &href).await {
            Ok((tokens, back)) => {
                // A page that asked for a permission of its own is where the person was.
                if let Some(route) = back {
                    browser::set_hash(&route);
                }
                Screen::Connected(tokens)
            }
            Err(e) => Screen::Failed(e.to_string()),
        },
        None => match session::load_any_checked(&effective) {
            Ok(Some(tokens)) => Screen::Connected(tokens),
            // No account connected, but an export was imported here: its data, again.
            Ok(None) if crate::sources::import::saved_opt().is_some() => Screen::Imported,
            Ok(None) => Screen::Connect,
            Err(e) => Screen::Failed(e.to_string()),
        },
    };
    Ok(Startup { config, initial })
}

#[component]
pub fn App() -> impl IntoView {
    // What the start module was asked to do before this module loaded, if it ran at all.
    let handed = browser::take_handover();
    let demo = matches!(handed, Handover::Demo);
    let files = StoredValue::new_local(match handed {
        Handover::Import(files) => files,
        Handover::Demo | Handover::Route => Vec::new(),
    });
    // An OAuth callback carries a code or token in the URL: take it out of the address bar
    // before anything else can fail, and keep the one copy in memory for the exchange.
    let href = browser::location_href().unwrap_or_default();
    let callback = url::Url::parse(&href)
        .ok()
        .filter(flow::is_callback)
        .map(|u| {
            let _ = browser::replace_url(&flow::home_url(&u));
            href.clone()
        });
    let startup = LocalResource::new(move || start(callback.clone(), demo));
    view! {
        <Header />
        <main id="main">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match startup.await {
                        Ok(s) => view! { <Session config=s.config initial=s.initial handed=files /> }.into_any(),
                        Err(error) => view! { <StartupErrorView error /> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The root of the start module (`src/bin/start.rs`), which a browser with nothing of
/// fitdata's in it loads instead of the app: the same header, tabs and connect screen, in a
/// module a fifth of the app's size. Connecting a provider leaves the page from here; anything
/// else (the demo, an import, another tab of the app, a sign-in in another window) hands over
/// to the app module (`browser::hand_over`), which then opens where this left off.
#[component]
pub fn StartApp() -> impl IntoView {
    let leaving = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let leave = move |what: Handover| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        if let Err(e) = browser::hand_over(&what) {
            // The connect screen comes back, with why: connecting still works from here.
            leaving.set(false);
            failed.set(Some(e.to_string()));
        }
    };
    let route = RwSignal::new(browser::location_hash());
    // The home tab is this screen; any other route is the app's.
    let hash = browser::on_hash_change(move || {
        if !matches!(browser::location_hash().as_str(), "" | "/") {
            leave(Handover::Route)
        }
    });
    let storage = browser::on_storage_change(move |key| {
        if key
            .as_deref()
            .is_none_or(|k| k.starts_with(session::PREFIX))
        {
            leave(Handover::Route)
        }
    });
    if let (Ok(h), Ok(s)) = (hash, storage) {
        let listeners = send_wrapper::SendWrapper::new((h, s));
        on_cleanup(move || drop(listeners));
    }
    let config = LocalResource::new(load_config);
    let import_error = RwSignal::new(None::<String>);
    view! {
        <Header />
        <main id="main">
            {move || failed.get().map(|e| view! { <p class="card error" role="alert">{e}</p> })}
            // Handing over: the connect screen gives way to the loading card, which the app
            // module's own first screen then replaces.
            {move || if leaving.get() { view! { <Loading /> }.into_any() } else { view! {
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match config.await {
                            Ok(config) => view! {
                                <Nav route />
                                <OfflineNotice />
                                <ConnectPage config on_demo=Callback::new(move |user: &'static str| { crate::sync::source::choose_demo(user); leave(Handover::Demo) })>
                                    <ImportPicker on_files=Callback::new(move |files| leave(Handover::Import(files)))
                                        busy=false state="idle" on_error=Callback::new(move |e| import_error.set(Some(e)))>
                                        {move || import_error.get().map(|e| view! { <p class="error" role="alert" data-testid="import-error">{e}</p> })}
                                    </ImportPicker>
                                </ConnectPage>
                            }.into_any(),
                            Err(error) => view! { <StartupErrorView error /> }.into_any(),
                        }
                    })}
                </Suspense>
            }.into_any() }}
        </main>
    }
}

/// The name and what the page is: the same in both modules and in index.html's first view.
#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="top">
            <h1>"fitdata"</h1>
            <p class="tagline">
                "Your Fitbit data, in your hands. This page talks to the health API directly: "
                "no server of ours ever sees your data."
            </p>
        </header>
    }
}

/// What shows while the app starts: index.html's first view has the same.
#[component]
fn Loading() -> impl IntoView {
    view! { <div class="skeleton" role="status" aria-busy="true" aria-label="Loading"></div> }
}

/// Offline (the service worker opened the page from this browser's cache): said once, at the
/// top, rather than letting each request fail on its own.
#[component]
fn OfflineNotice() -> impl IntoView {
    let online = RwSignal::new(browser::is_online());
    let went_offline = browser::on_window_event("offline", move || online.set(false));
    let came_back = browser::on_window_event("online", move || online.set(true));
    // Without a window there is no page to warn; the notice then only shows the start state.
    if let (Ok(off), Ok(on)) = (went_offline, came_back) {
        let listeners = send_wrapper::SendWrapper::new((off, on));
        on_cleanup(move || drop(listeners));
    }
    move || {
        (!online.get()).then(|| {
            view! {
                <p class="card notice" role="status" data-testid="offline">
                    "You are offline. This page shows what this browser has saved; "
                    "new data loads when the connection is back."
                </p>
            }
        })
    }
}

/// The app's tabs; the route is the address's fragment.
#[component]
fn Nav(route: RwSignal<String>) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Main">
            <a href="#/" aria-current=move || (Page::of(&route.get()) == Page::Home).then_some("page")>"Home"</a>
            <a href="#/trends" data-testid="nav-trends" aria-current=move || (route.get() == "/trends").then_some("page")>"Trends"</a>
            <a href="#/years" data-testid="nav-years" aria-current=move || (route.get() == "/years").then_some("page")>"Years"</a>
            <a href="#/sleep" data-testid="nav-sleep" aria-current=move || (route.get() == "/sleep").then_some("page")>"Sleep timing"</a>
            <a href="#/workouts" data-testid="nav-workouts" aria-current=move || (Page::of(&route.get()) == Page::Workouts).then_some("page")>"Workouts"</a>
            <a href="#/export" data-testid="nav-export" aria-current=move || (route.get() == "/export").then_some("page")>"Export"</a>
            <a href="#/settings" data-testid="nav-settings" aria-current=move || (route.get() == "/settings").then_some("page")>"Settings"</a>
        </nav>
    }
}

/// Where the user is in the sign-in journey.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Connect,
    Connected(TokenSet),
    /// The synthetic person, generated in the page: no account, no network.
    Demo,
    /// An export the person opened in this page (kept in the cache).
    Imported,
    Failed(String),
}

#[component]
fn Session(
    /// The validated deployer configuration.
    config: Config,
    /// The screen start-up settled on.
    initial: Screen,
    /// Files the start module was given to import, taken by the first connect screen.
    handed: StoredValue<Vec<browser::Picked>, LocalStorage>,
) -> impl IntoView {
    let base = StoredValue::new(config);
    // The deployer's config with the user's own clients (Settings) in place.
    let overrides = RwSignal::new(session::load_overrides());
    let config = Memo::new(move |_| base.get_value().with_overrides(&overrides.get()));
    let screen = RwSignal::new(initial);
    // Another tab signed in, refreshed or signed out: follow it, so no tab keeps using tokens
    // that no longer exist.
    let storage = browser::on_storage_change(move |key| {
        let ours = key
            .as_deref()
            .is_none_or(|k| k.starts_with(session::PREFIX) && !k.starts_with("fitdata.account."));
        if !ours {
            return;
        }
        overrides.set(session::load_overrides());
        // A rotation changes nothing on screen (requests always read the stored tokens);
        // signing in or out, or switching provider, does.
        match (
            screen.get_untracked(),
            session::load_any(&config.get_untracked()),
        ) {
            (Screen::Connected(cur), Some(new)) if cur.provider == new.provider => {}
            (_, Some(new)) => screen.set(Screen::Connected(new)),
            (Screen::Connected(_), None) => screen.set(Screen::Connect),
            (_, None) => {}
        }
    });
    // The route lives in the fragment, so any static host serves every page of the app.
    let route = RwSignal::new(browser::location_hash());
    let hash = browser::on_hash_change(move || route.set(browser::location_hash()));
    // The page a route names, and the date of a day route: moving from day to day changes only
    // the date, so the day view stays mounted and keeps its charts while the next day loads.
    let page = Memo::new(move |_| Page::of(&route.get()));
    let date = Memo::new(move |_| day_of(&route.get()));
    // A browser that keeps no database for this page (a private window, a blocked upgrade):
    // the app goes on without a cache, and says so.
    let no_storage = RwSignal::new(browser::idb_unavailable());
    let storage_lost = browser::on_window_event(browser::NO_STORAGE_EVENT, move || {
        no_storage.set(browser::idb_unavailable())
    });
    match (storage, hash, storage_lost) {
        (Ok(s), Ok(h), Ok(n)) => {
            let listeners = send_wrapper::SendWrapper::new((s, h, n));
            on_cleanup(move || drop(listeners));
        }
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => screen.set(Screen::Failed(e.to_string())),
    }
    let on_disconnected = Callback::new(move |()| screen.set(Screen::Connect));
    let on_saved = Callback::new(move |()| overrides.set(session::load_overrides()));
    let on_demo = Callback::new(move |user: &'static str| {
        crate::sync::source::choose_demo(user);
        screen.set(Screen::Demo);
    });
    let on_import = Callback::new(move |last: Option<chrono::NaiveDate>| {
        screen.set(Screen::Imported);
        if let Some(d) = last {
            browser::set_hash(&format!("/day/{d}"));
        }
    });
    // Each new screen checks the store against the ledger again (a restore brings days back).
    let screen_changes = Memo::new(move |n: Option<&u32>| {
        screen.track();
        n.map_or(0, |n| n.wrapping_add(1))
    });
    let on_restore = Callback::new(move |()| {
        screen.set(Screen::Connect);
        browser::set_hash("/");
    });
    view! {
        <Nav route />
        <OfflineNotice />
        <crate::components::lost::LostNotice recheck=screen_changes on_restore />
        {move || no_storage.get().map(|why| view! {
            <p class="card notice" role="status" data-testid="no-storage">
                "This browser keeps no data for this page: " {why} ". "
                "The app still works, without a cache: what a page shows is downloaded again on your next visit."
            </p>
        })}
        {move || if page.get() == Page::Settings {
            view! { <SettingsPage base=base.get_value() config=config.get() on_saved /> }.into_any()
        } else {
            // The pages of a session, real or demo, share it; any page of a connected session
            // can offer "Reconnect" or "Grant access". `home` is what the day view has above it.
            let pages = |source: Source, home: &dyn Fn() -> AnyView| {
                let reauth = match screen.get_untracked() {
                    Screen::Connected(t) => config
                        .get()
                        .provider(t.provider)
                        .cloned()
                        .map(|p| Reauth { provider: p, mode: t.mode }),
                    _ => None,
                };
                let session = Session::provide(config.get(), source, reauth);
                match page.get() {
                    Page::Trends => view! { <TrendsPage session /> }.into_any(),
                    Page::Sleep => view! { <SleepTimingPage session /> }.into_any(),
                    Page::Years => view! { <YearsPage session /> }.into_any(),
                    Page::Workouts => {
                        let open = Signal::derive(move || crate::pages::workouts::opened(&route.get()));
                        view! { <WorkoutsPage session open /> }.into_any()
                    }
                    Page::Export => view! { <ExportPage session /> }.into_any(),
                    Page::Home | Page::Settings => {
                        view! { {home()} <DayPage session date /> }.into_any()
                    }
                }
            };
            match screen.get() {
                Screen::Connect => {
                    let start_with = handed.try_update_value(std::mem::take).unwrap_or_default();
                    view! {
                        <ConnectPage config=config.get() on_demo>
                            <ImportCard on_open=on_import start_with />
                        </ConnectPage>
                    }.into_any()
                }
                Screen::Imported => view! {
                    <p class="card demo" data-testid="import-banner">
                        {format!("Your export, imported in this browser ({}). ", crate::sources::import::saved().files.join(", "))}
                        <button class="secondary" data-testid="leave-import" on:click=move |_| screen.set(Screen::Connect)>"Import another, or connect an account"</button>
                    </p>
                    {pages(Source::Import, &|| ().into_any())}
                }.into_any(),
                Screen::Demo => view! {
                    <p class="card demo" data-testid="demo-banner">
                        {if crate::sync::source::demo_user() == crate::sources::demo::DRIFTING_USER {
                            "Demo data: a synthetic person whose sleep begins 36 minutes later each day (a 24.6-hour rhythm, as in non-24), generated in this page. "
                        } else {
                            "Demo data: a synthetic person, generated in this page. "
                        }}
                        <button class="secondary" data-testid="leave-demo" on:click=move |_| screen.set(Screen::Connect)>"Connect your own account"</button>
                    </p>
                    {pages(Source::Demo, &|| ().into_any())}
                }.into_any(),
                Screen::Connected(tokens) => {
                    let source = tokens.provider.source();
                    pages(source, &move || {
                        view! { <DashboardPage config=config.get() tokens=tokens.clone() on_disconnected /> }.into_any()
                    })
                }
                Screen::Failed(message) => view! {
                    <section class="card error" role="alert" data-testid="signin-error">
                        <h2>"Sign-in did not complete"</h2>
                        <p>{message}</p>
                        <button on:click=move |_| screen.set(Screen::Connect)>"Try again"</button>
                    </section>
                }.into_any(),
            }
        }}
    }
}

/// The pages of the app; every route that is not one of the others is the home page (the
/// account and a day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Home,
    Trends,
    Sleep,
    Years,
    Workouts,
    Export,
    Settings,
}

impl Page {
    fn of(route: &str) -> Page {
        match route {
            "/trends" => Page::Trends,
            "/sleep" => Page::Sleep,
            "/years" => Page::Years,
            "/workouts" => Page::Workouts,
            r if r.starts_with("/workouts/") => Page::Workouts,
            "/export" => Page::Export,
            "/settings" => Page::Settings,
            _ => Page::Home,
        }
    }
}

/// The date a `#/day/YYYY-MM-DD` route names; otherwise yesterday, the last complete day.
fn day_of(route: &str) -> chrono::NaiveDate {
    route
        .strip_prefix("/day/")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| {
            let today = crate::model::time::today();
            today.pred_opt().unwrap_or(today)
        })
}

/// Tells the deployer exactly what is wrong with the setup, and what to do.
#[component]
fn StartupErrorView(
    /// What went wrong while loading `config.json`.
    error: StartupError,
) -> impl IntoView {
    let field = match &error {
        StartupError::Config(
            ConfigError::Missing { field }
            | ConfigError::Unknown { field }
            | ConfigError::Invalid { field, .. },
        ) => Some(field.clone()),
        _ => None,
    };
    view! {
        <section class="card error" role="alert" data-testid="config-error" data-field=field>
            <h2>"This page is not set up correctly"</h2>
            <p>{error.to_string()}</p>
        </section>
    }
}
