//! Web Locks, shared by every tab of the origin. Hand-written: no well-kept crate binds
//! `navigator.locks.request` with an async callback, and the fallback (run unlocked where the
//! API is missing) is ours to choose.

use super::BrowserError;

mod ffi {
    use wasm_bindgen::prelude::*;

    // The Web Locks API is behind `web_sys_unstable_apis`; this one method is all the app needs.
    #[wasm_bindgen]
    extern "C" {
        pub type LockManager;
        #[wasm_bindgen(method, js_name = request)]
        pub fn request(
            this: &LockManager,
            name: &str,
            callback: &js_sys::Function,
        ) -> js_sys::Promise;
    }
}

/// Runs `work` while holding the Web Lock `name`, shared by every tab of this origin: whoever
/// holds it, the others wait. Falls back to running unlocked where the API is missing.
pub async fn with_lock<T: 'static>(
    name: &str,
    work: impl std::future::Future<Output = T> + 'static,
) -> Result<T, BrowserError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let navigator = web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .navigator();
    let manager = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null());
    let Some(manager) = manager else {
        return Ok(work.await);
    };
    let manager: ffi::LockManager = manager.unchecked_into();
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let work = RefCell::new(Some(work));
    // The lock is held until the promise this callback returns settles.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let work = work.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                let value = work.await;
                *out.borrow_mut() = Some(value);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = manager.request(name, callback.unchecked_ref());
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| BrowserError::Unsupported("navigator.locks"))?;
    let value = slot.borrow_mut().take();
    value.ok_or(BrowserError::Unsupported("navigator.locks"))
}
