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
