//! ECharts instances: draw, update, resize and dispose, bound here directly. charming only
//! builds the options (`charts`): its own wasm renderer serialized every chart a second time,
//! through serde_wasm_bindgen, and weighed 60 KB of the page's module for an `init` call.

use super::{prefers_dark, BrowserError};
use crate::csp::BLOCKS_RENDERER;

mod echarts_ffi {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `echarts.init(element, theme)`: `theme` is `"dark"` or undefined (the default).
        #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
        pub fn init(element: &web_sys::Element, theme: &JsValue) -> Result<Instance, JsValue>;
        /// Frees the chart's canvas and listeners when its view goes away.
        #[wasm_bindgen(js_namespace = echarts, js_name = dispose)]
        pub fn dispose(chart: &JsValue);

        pub type Instance;
        #[wasm_bindgen(method, js_name = setOption)]
        pub fn set_option(this: &Instance, option: JsValue);
        #[wasm_bindgen(method)]
        pub fn resize(this: &Instance);
        /// `chart.on(event, handler)`.
        #[wasm_bindgen(method)]
        pub fn on(this: &Instance, event: &str, handler: &JsValue);
    }
}

/// Whether ECharts is on the page.
pub fn echarts_loaded() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"echarts".into()).unwrap_or(false))
        .unwrap_or(false)
}

thread_local! {
    /// The one load of ECharts, once asked for: settles when its `<script>` has run or failed.
    static ECHARTS: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// How long ECharts may take to arrive.
const ECHARTS_WAIT_MS: u32 = 60_000;

/// Starts loading ECharts without waiting for it: a page that is about to draw charts asks
/// while it reads its data, so the library is parsed by the time the data is there.
pub fn preload_echarts() {
    if !echarts_loaded() {
        let _ = echarts_promise();
    }
}

/// The load under way, or a new one: a `<script>` that resolves the promise when it has run.
fn echarts_promise() -> Result<js_sys::Promise, BrowserError> {
    if let Some(p) = ECHARTS.with(|e| e.borrow().clone()) {
        return Ok(p);
    }
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(BrowserError::Unsupported("a document"))?;
    let script = document
        .create_element("script")
        .map_err(|_| BrowserError::Unsupported("script elements"))?;
    script
        .set_attribute("src", &super::asset("echarts", "echarts.min.js"))
        .map_err(|_| BrowserError::Unsupported("script elements"))?;
    let target = script.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = target.add_event_listener_with_callback("load", &resolve);
        let _ = target.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or(BrowserError::Unsupported("a document head"))?
        .append_child(&script)
        .map_err(|_| BrowserError::Unsupported("script elements"))?;
    // Handled here, so a failed preload nobody awaited is no unhandled rejection; the chart
    // that awaits it still sees the failure.
    let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(|_| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
    ECHARTS.with(|e| *e.borrow_mut() = Some(promise.clone()));
    Ok(promise)
}

/// Loads ECharts (`echarts.min.js`, from the app's own folder) the first time a chart is about
/// to be drawn: a page without charts never fetches it. Every chart waits on the one load.
pub async fn load_echarts() -> Result<(), BrowserError> {
    if echarts_loaded() {
        return Ok(());
    }
    let failed = || {
        // The next chart tries again (a connection back, a deploy finished).
        ECHARTS.with(|e| e.borrow_mut().take());
        BrowserError::Chart(
            "the chart library (echarts.min.js) did not load; check your connection".into(),
        )
    };
    let load = wasm_bindgen_futures::JsFuture::from(echarts_promise()?);
    match super::within(ECHARTS_WAIT_MS, load).await {
        Some(Ok(_)) if echarts_loaded() => Ok(()),
        _ => Err(failed()),
    }
}

/// A live ECharts instance.
pub struct ChartHandle(echarts_ffi::Instance);

/// A large series' points, flat (`[x0, y0, x1, y1, …]`), for the series at `series`.
pub type Points<'a> = Option<(usize, &'a [f64])>;

/// Draws `chart` into the element with id `id`, sized by its container.
pub fn chart_render(
    id: &str,
    option: &serde_json::Value,
    points: Points<'_>,
) -> Result<ChartHandle, BrowserError> {
    if !echarts_loaded() {
        return Err(BrowserError::Unsupported(
            "ECharts (echarts.min.js did not load)",
        ));
    }
    // The page follows the system's light or dark setting; so do the charts.
    let theme = if prefers_dark() {
        wasm_bindgen::JsValue::from_str("dark")
    } else {
        wasm_bindgen::JsValue::UNDEFINED
    };
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .ok_or_else(|| BrowserError::Chart("its container is not on the page".into()))?;
    let handle = echarts_ffi::init(&element, &theme)
        .map(ChartHandle)
        .map_err(|e| BrowserError::Chart(e.as_string().unwrap_or_else(|| "init failed".into())))?;
    chart_update(&handle, option, points);
    Ok(handle)
}

/// Replaces the chart's data and options with `option` (from `charts::option`), and the data
/// of one large series with `points`.
pub fn chart_update(handle: &ChartHandle, option: &serde_json::Value, points: Points<'_>) {
    if let Ok(js) = js_sys::JSON::parse(&option.to_string()) {
        install_clock_labels(&js);
        install_renderers(&js);
        if let Some((series, xy)) = points {
            install_points(&js, series, xy);
        }
        handle.0.set_option(js);
    }
}

/// Gives series `index` its points as one `Float64Array`, copied once out of the wasm memory:
/// ECharts reads a typed array in place, two numbers a point (the dimensions say so), where a
/// JSON array would cost a string of megabytes, its parse, and an object per point.
fn install_points(option: &wasm_bindgen::JsValue, index: usize, xy: &[f64]) {
    use js_sys::{Array, Float64Array, Object, Reflect};
    let Some(series) = components(option, "series").into_iter().nth(index) else {
        return;
    };
    let encode = Object::new();
    let _ = Reflect::set(&encode, &"x".into(), &0.into());
    let _ = Reflect::set(&encode, &"y".into(), &1.into());
    let _ = Reflect::set(
        &series,
        &"dimensions".into(),
        &Array::of2(&"x".into(), &"y".into()),
    );
    let _ = Reflect::set(&series, &"encode".into(), &encode);
    let _ = Reflect::set(&series, &"data".into(), &Float64Array::from(xy));
}

/// Calls `pick` with the name of the item clicked or tapped in the chart (a calendar day's
/// name begins with its date).
pub fn chart_on_click(handle: &ChartHandle, pick: impl Fn(String) + 'static) {
    let f = wasm_bindgen::closure::Closure::<dyn Fn(wasm_bindgen::JsValue)>::new(
        move |params: wasm_bindgen::JsValue| {
            if let Some(name) = js_sys::Reflect::get(&params, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
            {
                pick(name);
            }
        },
    );
    // Owned by the chart from now on: freed with it.
    handle.0.on("click", &f.into_js_value());
}

/// Frees the chart.
pub fn chart_dispose(handle: ChartHandle) {
    echarts_ffi::dispose(handle.0.as_ref());
}

/// Fits the chart to its container's current size.
pub fn chart_resize(handle: &ChartHandle) {
    handle.0.resize();
}

/// Watches a chart's container box and the system colour scheme. Dropping it stops both.
pub struct ChartWatch {
    observer: web_sys::ResizeObserver,
    _on_resize: wasm_bindgen::closure::Closure<dyn FnMut()>,
    media: Option<web_sys::MediaQueryList>,
    on_scheme: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for ChartWatch {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        self.observer.disconnect();
        if let Some(m) = &self.media {
            let _ = m.remove_event_listener_with_callback(
                "change",
                self.on_scheme.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Calls `on_resize` whenever the element `id` changes size (a rotated phone, a resized window,
/// a layout change), and `on_scheme` when the system switches between light and dark.
pub fn watch_chart(
    id: &str,
    on_resize: impl FnMut() + 'static,
    on_scheme: impl FnMut() + 'static,
) -> Result<ChartWatch, BrowserError> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or(BrowserError::Unsupported("a window object"))?;
    let element = window
        .document()
        .and_then(|d| d.get_element_by_id(id))
        .ok_or(BrowserError::Chart(
            "its container is not on the page".into(),
        ))?;
    let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_resize);
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())
        .map_err(|_| BrowserError::Unsupported("ResizeObserver"))?;
    observer.observe(&element);
    let on_scheme = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_scheme);
    let media = window
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten();
    if let Some(m) = &media {
        let _ = m.add_event_listener_with_callback("change", on_scheme.as_ref().unchecked_ref());
    }
    Ok(ChartWatch {
        observer,
        _on_resize: on_resize,
        media,
        on_scheme,
    })
}

/// The option's `key` component (`xAxis`, `series`): one object or an array of them, as a list.
fn components(option: &wasm_bindgen::JsValue, key: &str) -> Vec<wasm_bindgen::JsValue> {
    match js_sys::Reflect::get(option, &key.into()) {
        Ok(v) if js_sys::Array::is_array(&v) => js_sys::Array::from(&v).iter().collect(),
        Ok(v) if v.is_object() => vec![v],
        _ => Vec::new(),
    }
}

/// A string property, if `of` has one under `key`.
fn text(of: &wasm_bindgen::JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(of, &key.into()).ok()?.as_string()
}

/// Swaps every x axis's `time::CLOCK_MARKER` formatter for the function it stands for.
fn install_clock_labels(option: &wasm_bindgen::JsValue) {
    use crate::model::time::{clock_label, parse_clock_marker};
    use js_sys::Reflect;
    for axis in components(option, "xAxis") {
        let Ok(label) = Reflect::get(&axis, &"axisLabel".into()) else {
            continue;
        };
        let marker = text(&label, "formatter").and_then(|f| parse_clock_marker(&f));
        if let Some((switch, delta)) = marker {
            let f = wasm_bindgen::closure::Closure::<dyn Fn(f64) -> String>::new(move |x| {
                clock_label(x, switch, delta)
            });
            // Owned by the chart's option from now on (the chart keeps calling it).
            let _ = Reflect::set(&label, &"formatter".into(), &f.into_js_value());
        }
    }
}

/// Swaps every custom series' `BLOCKS_RENDERER` for the chart library's `blocks`, the function
/// that draws its blocks (vendor/echarts.entry.mjs: ECharts calls it per block and frame, and
/// from JavaScript it does not cross into wasm for each of its calls into `api`), drawn at once.
fn install_renderers(option: &wasm_bindgen::JsValue) {
    let Some(blocks) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"echarts".into()).ok())
        .and_then(|e| js_sys::Reflect::get(&e, &"blocks".into()).ok())
        .filter(|f| f.is_function())
    else {
        return;
    };
    for s in components(option, "series") {
        if text(&s, "renderItem").is_some_and(|f| f.contains(BLOCKS_RENDERER)) {
            let _ = js_sys::Reflect::set(&s, &"renderItem".into(), &blocks);
            // In one pass: past 3,000 blocks (the actogram's 120 rows) ECharts would draw them
            // over several frames, a chart seen arriving in strips at every step of a pan.
            let _ = js_sys::Reflect::set(&s, &"progressive".into(), &0.into());
        }
    }
}

/// The chart drawn in the element whose `data-testid` is `testid`, as PNG bytes at twice its
/// size on `background` (the page's own colour: the chart itself is transparent), from
/// ECharts' `getDataURL`.
pub fn chart_png(testid: &str, background: &str) -> Result<Vec<u8>, BrowserError> {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let fail =
        || BrowserError::Chart("it is not drawn yet; wait for the chart and try again".into());
    let window = web_sys::window().ok_or(BrowserError::Unsupported("a window object"))?;
    let element = window
        .document()
        .and_then(|d| {
            d.query_selector(&format!("[data-testid=\"{testid}\"]"))
                .ok()
                .flatten()
        })
        .ok_or_else(fail)?;
    let echarts = Reflect::get(&window, &"echarts".into()).map_err(|_| fail())?;
    let by_dom: Function = Reflect::get(&echarts, &"getInstanceByDom".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(fail)?;
    let chart = by_dom.call1(&echarts, &element).map_err(|_| fail())?;
    let to_url: Function = Reflect::get(&chart, &"getDataURL".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(fail)?;
    let opts = Object::new();
    for (k, v) in [
        ("type", JsValue::from("png")),
        ("pixelRatio", JsValue::from(2)),
        ("backgroundColor", JsValue::from(background)),
    ] {
        Reflect::set(&opts, &k.into(), &v).map_err(|_| fail())?;
    }
    let url = to_url
        .call1(&chart, &opts)
        .ok()
        .and_then(|u| u.as_string())
        .ok_or_else(fail)?;
    let b64 = url.split_once("base64,").map(|(_, b)| b).ok_or_else(fail)?;
    let binary = window.atob(b64).map_err(|_| fail())?;
    // `atob` gives one char per byte.
    Ok(binary.chars().map(|c| c as u32 as u8).collect())
}
