//! The page's two modules and the hand-over between them. A browser that holds nothing of
//! fitdata's (a first visit) gets the small start module (`src/bin/start.rs`), which draws the
//! connect screen; boot.js decides, and loads the app module when the start module asks for it
//! here. Whatever the start module was asked to do that it cannot (the demo, an import, another
//! page) travels in `globalThis.fitdataHandover`, and the app module takes it on start-up.

use super::{BrowserError, Picked};
use wasm_bindgen::{JsCast, JsValue};

/// What the start module hands to the app module.
pub enum Handover {
    /// Nothing beyond the address: the app opens the page the route names.
    Route,
    /// "Try with demo data" was pressed.
    Demo,
    /// Files were chosen or dropped to import; the app imports them.
    Import(Vec<Picked>),
}

const SLOT: &str = "fitdataHandover";
const LOADER: &str = "fitdataLoadApp";

/// Leaves `what` for the app module and asks boot.js to load it. The start module's view stays
/// until the app module mounts and takes its place (`remove_element`).
pub fn hand_over(what: &Handover) -> Result<(), BrowserError> {
    let global = js_sys::global();
    let load = js_sys::Reflect::get(&global, &LOADER.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(BrowserError::Unsupported("the app loader (boot.js)"))?;
    let slot = js_sys::Object::new();
    let set = |target: &JsValue, key: &str, value: &JsValue| {
        js_sys::Reflect::set(target, &key.into(), value)
            .map(|_| ())
            .map_err(|_| BrowserError::Unsupported("object properties"))
    };
    set(&slot, "demo", &matches!(what, Handover::Demo).into())?;
    if let Handover::Import(files) = what {
        let list = js_sys::Array::new();
        for p in files {
            let item = js_sys::Object::new();
            set(&item, "file", p.file.as_ref())?;
            set(&item, "path", &p.path.as_str().into())?;
            list.push(&item);
        }
        set(&slot, "files", &list)?;
    }
    set(&global, SLOT, &slot)?;
    load.call0(&global)
        .map(|_| ())
        .map_err(|e| BrowserError::AppLoad(super::worker::js(e)))
}

/// What the start module left, taken once (the slot is emptied): `Route` when the app module
/// was loaded directly, or the slot holds nothing it understands.
pub fn take_handover() -> Handover {
    let Some(slot) = super::take_global(SLOT).filter(|s| s.is_object()) else {
        return Handover::Route;
    };
    let get = |target: &JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok();
    if get(&slot, "demo").and_then(|v| v.as_bool()) == Some(true) {
        return Handover::Demo;
    }
    match get(&slot, "files").and_then(|v| v.dyn_into::<js_sys::Array>().ok()) {
        Some(list) => Handover::Import(
            list.iter()
                .filter_map(|item| {
                    let file = get(&item, "file")?.dyn_into::<web_sys::File>().ok()?;
                    let path = get(&item, "path")?.as_string()?;
                    Some(Picked { file, path })
                })
                .collect(),
        ),
        None => Handover::Route,
    }
}
