//! ECharts instances: draw, update, resize and dispose. charming renders; what it does not bind
//! (dispose, resize, setOption without re-serializing) is bound here.

use super::{prefers_dark, BrowserError};

mod echarts_ffi {
    use wasm_bindgen::prelude::*;

    // charming binds init/setOption/resize but not dispose, which frees the chart's canvas and
    // listeners when its view goes away.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = echarts, js_name = dispose)]
        pub fn dispose(chart: &JsValue);

        pub type Instance;
        #[wasm_bindgen(method, js_name = setOption)]
        pub fn set_option(this: &Instance, option: JsValue);
    }
}

/// A live ECharts instance.
pub struct ChartHandle(charming::Echarts);

/// Draws `chart` into the element with id `id`, sized by its container.
pub fn chart_render(id: &str, option: &serde_json::Value) -> Result<ChartHandle, BrowserError> {
    let has_echarts = web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &"echarts".into()).unwrap_or(false))
        .unwrap_or(false);
    if !has_echarts {
        return Err(BrowserError::Unsupported(
            "ECharts (echarts.min.js did not load)",
        ));
    }
    // The page follows the system's light or dark setting; so do the charts.
    let theme = if prefers_dark() {
        charming::theme::Theme::Dark
    } else {
        charming::theme::Theme::Default
    };
    // charming's render sets the option it is given; give it an empty one, so the chart (a day
    // of 1-second data can be large) is serialized and set once, by `chart_update`, with useUTC.
    charming::WasmRenderer::new_opt(None, None)
        .theme(theme)
        .render(id, &charming::Chart::new())
        .map(ChartHandle)
        .map_err(|e| BrowserError::Chart(format!("{e:?}")))
        .inspect(|h| chart_update(h, option))
}

/// Replaces the chart's data and options with `option` (from `charts::option`).
pub fn chart_update(handle: &ChartHandle, option: &serde_json::Value) {
    use wasm_bindgen::JsCast;
    if let Ok(js) = js_sys::JSON::parse(&option.to_string()) {
        let instance: &echarts_ffi::Instance = handle.0.unchecked_ref();
        instance.set_option(js);
    }
}

/// Frees the chart.
pub fn chart_dispose(handle: ChartHandle) {
    echarts_ffi::dispose(handle.0.as_ref());
}
