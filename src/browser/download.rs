//! Files out of the page: large downloads assembled from pieces the browser holds, and the
//! clipboard.

use super::BrowserError;

/// Builds a large download in pieces held by the browser (not in the wasm heap), so a year of
/// rows never has to exist as one string.
pub struct BlobParts(js_sys::Array);

impl BlobParts {
    pub fn new() -> BlobParts {
        BlobParts(js_sys::Array::new())
    }

    /// Copies `bytes` out of wasm memory into a new part.
    pub fn push(&mut self, bytes: &[u8]) {
        self.0.push(&js_sys::Uint8Array::from(bytes));
    }

    pub fn len(&self) -> u32 {
        self.0.length()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for BlobParts {
    fn default() -> Self {
        BlobParts::new()
    }
}

/// Offers `parts` to the user as the file `name` (a download the browser saves).
pub fn download(name: &str, mime: &str, parts: &BlobParts) -> Result<(), BrowserError> {
    use wasm_bindgen::JsCast;
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts.0, &bag)
        .map_err(|_| BrowserError::Unsupported("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| BrowserError::Unsupported("object URLs"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(BrowserError::Unsupported("a document"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| BrowserError::Unsupported("links"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once this task ends.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

/// Copies `text` to the clipboard (a user gesture must have started this).
pub async fn copy_to_clipboard(text: &str) -> Result<(), BrowserError> {
    use wasm_bindgen::JsCast;
    let navigator = web_sys::window()
        .ok_or(BrowserError::Unsupported("a window object"))?
        .navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map_err(|_| BrowserError::Unsupported("the clipboard"))?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(BrowserError::Unsupported("the clipboard"))?;
    let promise = write
        .call1(&clipboard, &text.into())
        .map_err(|_| BrowserError::Unsupported("the clipboard"))?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map(|_| ())
        .map_err(|_| BrowserError::Unsupported("clipboard permission"))
}

/// A file the person chose with the save dialog (the File System Access API), written as the
/// export is made, so a large archive never waits whole in memory. Until `close`, what is
/// written sits in the browser's temporary copy: a cancelled or failed export (`abort`, or a
/// closed tab) leaves the chosen file as it was, never a half file posing as whole.
pub struct SaveFile(wasm_bindgen::JsValue);

/// What asking for a file to save into gave.
pub enum SaveTo {
    File(SaveFile),
    /// The person closed the dialog.
    Cancelled,
    /// This browser has no save dialog for pages (Firefox, Safari): download instead.
    Unsupported,
}

fn call(
    target: &wasm_bindgen::JsValue,
    method: &str,
    arg: Option<&wasm_bindgen::JsValue>,
) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let out = match arg {
        Some(a) => f.call1(target, a),
        None => f.call0(target),
    };
    out.ok()?.dyn_into().ok()
}

/// Whether this browser can write a download into a file the person chooses as it is made.
pub fn can_pick_save_file() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"showSaveFilePicker".into()).unwrap_or(false))
}

/// Asks where to save `name` (of type `mime`, extension `ext` such as ".zip"). Call it first
/// thing in a click's handler: the dialog needs the click's activation.
pub async fn pick_save_file(name: &str, mime: &str, ext: &str) -> SaveTo {
    let Some(window) = web_sys::window() else {
        return SaveTo::Unsupported;
    };
    let options = js_sys::Object::new();
    let accept = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&accept, &mime.into(), &js_sys::Array::of1(&ext.into()));
    let kind = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&kind, &"accept".into(), &accept);
    let _ = js_sys::Reflect::set(&options, &"suggestedName".into(), &name.into());
    let _ = js_sys::Reflect::set(&options, &"types".into(), &js_sys::Array::of1(&kind));
    let Some(asked) = call(&window, "showSaveFilePicker", Some(&options)) else {
        return SaveTo::Unsupported;
    };
    let handle = match wasm_bindgen_futures::JsFuture::from(asked).await {
        Ok(h) => h,
        // AbortError: the dialog was closed. Anything else (a page not allowed to ask): as
        // if there were no dialog, so the download still happens.
        Err(e) => {
            let abort = js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .is_some_and(|n| n == "AbortError");
            return if abort {
                SaveTo::Cancelled
            } else {
                SaveTo::Unsupported
            };
        }
    };
    match call(&handle, "createWritable", None) {
        Some(p) => match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(stream) => SaveTo::File(SaveFile(stream)),
            Err(_) => SaveTo::Unsupported,
        },
        None => SaveTo::Unsupported,
    }
}

impl SaveFile {
    /// Appends `bytes` (copied out of wasm memory).
    pub async fn write(&self, bytes: &[u8]) -> Result<(), BrowserError> {
        let chunk = js_sys::Uint8Array::from(bytes);
        let written = call(&self.0, "write", Some(&chunk))
            .ok_or(BrowserError::Unsupported("writing to a chosen file"))?;
        wasm_bindgen_futures::JsFuture::from(written)
            .await
            .map(|_| ())
            .map_err(|e| {
                let full = js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .is_some_and(|n| n == "QuotaExceededError");
                if full {
                    BrowserError::StorageFull
                } else {
                    BrowserError::Storage(format!("{e:?}"))
                }
            })
    }

    /// Makes the file whole: only now does the chosen file hold the export.
    pub async fn close(self) -> Result<(), BrowserError> {
        let closed = call(&self.0, "close", None)
            .ok_or(BrowserError::Unsupported("closing a chosen file"))?;
        wasm_bindgen_futures::JsFuture::from(closed)
            .await
            .map(|_| ())
            .map_err(|e| BrowserError::Storage(format!("{e:?}")))
    }

    /// Drops what was written: the chosen file stays as it was.
    pub async fn abort(self) {
        if let Some(p) = call(&self.0, "abort", None) {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        }
    }
}
