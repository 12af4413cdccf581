//! Time-zone rules from the browser's own `Intl` (the page and the worker both have it), so the
//! app's wasm carries no IANA table: each zone is read once into a `model::zone::Zone`. Also
//! from `Intl`: the day the person's week starts on.

use crate::model::zone::Zone;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type OffsetFormat;
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<OffsetFormat, JsValue>;
    /// `3/29/2026, GMT+02:00` for an instant in ms.
    #[wasm_bindgen(method, catch)]
    fn format(this: &OffsetFormat, ms: f64) -> Result<String, JsValue>;
}

thread_local! {
    static ZONES: RefCell<HashMap<String, Option<Zone>>> = RefCell::new(HashMap::new());
}

/// `name`'s rules (`Europe/Berlin`), or `None` for a name the browser does not know. The first
/// call for a zone samples it (a few thousand `Intl` calls); later ones are a lookup.
pub fn zone_named(name: &str) -> Option<Zone> {
    if let Some(known) = ZONES.with(|z| z.borrow().get(name).cloned()) {
        return known;
    }
    let zone = read_zone(name);
    ZONES.with(|z| z.borrow_mut().insert(name.to_string(), zone.clone()));
    zone
}

fn read_zone(name: &str) -> Option<Zone> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"timeZone".into(), &name.into()).ok()?;
    js_sys::Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).ok()?;
    let format = OffsetFormat::new("en-US", &options).ok()?;
    Zone::from_oracle(name, |t| {
        let text = format.format(t as f64 * 1000.0).ok()?;
        parse_gmt_offset(&text)
    })
}

thread_local! {
    static WEEK_START: std::cell::OnceCell<chrono::Weekday> = const { std::cell::OnceCell::new() };
}

/// The first day of the person's week: what `Intl.Locale` says for the browser's language
/// (`getWeekInfo()`, or the `weekInfo` of engines that shipped the older shape), else the
/// CLDR's first day for the language's region (`model::week::of_locale`), which is what an
/// engine without week info (Firefox ESR) gets. Read once a visit: every chart of a page asks.
pub fn week_start() -> chrono::Weekday {
    WEEK_START.with(|w| *w.get_or_init(read_week_start))
}

fn read_week_start() -> chrono::Weekday {
    let global = js_sys::global();
    let tag = js_sys::Reflect::get(&global, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string())
        .unwrap_or_default();
    intl_first_day(&global, &tag)
        .and_then(crate::model::week::from_intl)
        .unwrap_or_else(|| crate::model::week::of_locale(&tag))
}

fn intl_first_day(global: &js_sys::Object, tag: &str) -> Option<u32> {
    use wasm_bindgen::JsCast;
    let get = |of: &JsValue, key: &str| js_sys::Reflect::get(of, &key.into()).ok();
    let intl = get(global, "Intl")?;
    let ctor: js_sys::Function = get(&intl, "Locale")?.dyn_into().ok()?;
    let locale = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&tag.into())).ok()?;
    let info = match get(&locale, "getWeekInfo")?.dyn_into::<js_sys::Function>() {
        Ok(f) => f.call0(&locale).ok()?,
        Err(_) => get(&locale, "weekInfo")?,
    };
    let day = get(&info, "firstDay")?.as_f64()?;
    (day.fract() == 0.0 && (1.0..=7.0).contains(&day)).then_some(day as u32)
}

/// The offset in `…, GMT+05:30` (`GMT` alone is UTC), seconds east.
fn parse_gmt_offset(text: &str) -> Option<i32> {
    let rest = &text[text.rfind("GMT")? + 3..];
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, hm) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' | 0xE2 => (-1, rest.trim_start_matches(['-', '\u{2212}'])),
        _ => return None,
    };
    let mut parts = hm.split(':').map(|p| p.parse::<i32>().ok());
    let h = parts.next()??;
    let m = parts.next().flatten().unwrap_or(0);
    let s = parts.next().flatten().unwrap_or(0);
    Some(sign * (h * 3600 + m * 60 + s))
}
