//! Web Workers. On the page: starting the worker module (a second wasm module, loaded only
//! when an import, the demo or a download needs it), sending it the chosen files or a request
//! with bytes, and awaiting each answer (several may be awaited at once). In the worker:
//! reading a chosen `File` by random-access slices (`FileReaderSync`, which only workers
//! have), so an archive is never held in memory, and answering the page.

use super::BrowserError;
use std::io::{Read, Seek, SeekFrom};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's loader script, beside `index.html`, under the name the build gave it (with its
/// content hash: scripts/finish-dist.mjs).
pub fn import_worker() -> String {
    super::asset("importer", "importer_loader.js")
}

pub(super) fn js(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

/// A file the person chose, with its path inside a chosen folder (its name otherwise).
#[derive(Clone)]
pub struct Picked {
    pub file: web_sys::File,
    pub path: String,
}

impl Picked {
    pub fn name(&self) -> String {
        self.file.name()
    }

    pub fn size(&self) -> u64 {
        self.file.size() as u64
    }
}

/// The files an `<input type=file>` change event carries (a folder pick gives every file
/// below the folder, each with its relative path).
pub fn picked_files(event: &web_sys::Event) -> Vec<Picked> {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let Some(list) = input.files() else {
        return Vec::new();
    };
    let out = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            // Not in web-sys: read as a plain property.
            let rel = js_sys::Reflect::get(&file, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let path = if rel.is_empty() { file.name() } else { rel };
            Picked { file, path }
        })
        .collect();
    // The same files chosen again must fire `change` again.
    input.set_value("");
    out
}

/// What a drop onto the page carries: one entry per dropped file or folder. Taken at once, in
/// the drop's own handler: the browser empties the drop's data when the handler returns.
/// (Read by property, as the File and Directory Entries API is spelt in Chromium, Firefox and
/// Safari alike.)
pub fn dropped_entries(event: &web_sys::Event) -> Vec<JsValue> {
    let transfer = prop(event.as_ref(), "dataTransfer");
    let items = prop(&transfer, "items");
    let n = prop(&items, "length").as_f64().unwrap_or(0.0) as u32;
    let entries: Vec<JsValue> = (0..n)
        .filter_map(|i| js_sys::Reflect::get_u32(&items, i).ok())
        .filter_map(|item| call(&item, "webkitGetAsEntry", &[]))
        .filter(|e| e.is_object())
        .collect();
    if !entries.is_empty() {
        return entries;
    }
    // No entries (an old browser): the dropped files themselves, as plain files.
    let files = prop(&transfer, "files");
    let n = prop(&files, "length").as_f64().unwrap_or(0.0) as u32;
    (0..n)
        .filter_map(|i| js_sys::Reflect::get_u32(&files, i).ok())
        .filter(|f| f.is_instance_of::<web_sys::File>())
        .collect()
}

/// Every file of the dropped entries: a dropped file as itself, a dropped folder as every
/// file below it with its path from the folder (as the folder picker gives them).
pub async fn dropped_files(entries: Vec<JsValue>) -> Result<Vec<Picked>, BrowserError> {
    let mut out = Vec::new();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        if let Ok(file) = entry.clone().dyn_into::<web_sys::File>() {
            let path = file.name();
            out.push(Picked { file, path });
        } else if prop(&entry, "isDirectory").as_bool() == Some(true) {
            let reader = call(&entry, "createReader", &[])
                .ok_or_else(|| BrowserError::Dropped("a folder gave no reader".into()))?;
            // `readEntries` hands over a batch at a time (100 in Chromium): ask until empty.
            loop {
                let batch = callback_result(&reader, "readEntries").await?;
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                stack.extend(batch.iter());
            }
        } else if prop(&entry, "isFile").as_bool() == Some(true) {
            let file: web_sys::File = callback_result(&entry, "file")
                .await?
                .dyn_into()
                .map_err(|_| BrowserError::Dropped("an entry gave no file".into()))?;
            let path = prop(&entry, "fullPath").as_string().unwrap_or_default();
            let path = path.trim_start_matches('/').to_string();
            out.push(Picked {
                path: if path.is_empty() { file.name() } else { path },
                file,
            });
        }
    }
    Ok(out)
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn call(v: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f = prop(v, method).dyn_into::<js_sys::Function>().ok()?;
    f.apply(v, &args.iter().collect::<js_sys::Array>()).ok()
}

/// Calls `method(success, error)` and waits for whichever it calls back.
async fn callback_result(target: &JsValue, method: &str) -> Result<JsValue, BrowserError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if call(target, method, &[resolve.into(), reject.clone().into()]).is_none() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(method));
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| e.as_string())
                .unwrap_or_default();
            BrowserError::Dropped(format!("{method}: {why}"))
        })
}

/// A message from the worker: its text, and the bytes that came with it (empty for most).
pub struct Reply {
    pub text: String,
    pub bytes: Vec<u8>,
}

/// Messages a worker sent that the page has not taken yet, and who waits for one: several
/// requests may be in flight at once (the demo's days of three charts), each waiting for its
/// own answer.
#[derive(Default)]
struct Inbox {
    queue: std::collections::VecDeque<Result<Reply, String>>,
    waiting: Vec<std::task::Waker>,
}

type Shared = std::rc::Rc<std::cell::RefCell<Inbox>>;

/// The page's handle on a running worker. Every message it sends is queued until taken (the
/// page may ask for the next file before it has stored the last). Dropping it stops the worker.
pub struct WorkerHandle {
    worker: web_sys::Worker,
    inbox: Shared,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl WorkerHandle {
    /// Starts the worker script at `url` (relative to the page).
    pub fn start(url: &str) -> Result<WorkerHandle, BrowserError> {
        let worker =
            web_sys::Worker::new(url).map_err(|_| BrowserError::Unsupported("Web Workers"))?;
        let inbox: Shared = Default::default();
        let push = |inbox: &Shared, item: Result<Reply, String>| {
            let mut b = inbox.borrow_mut();
            b.queue.push_back(item);
            for w in b.waiting.drain(..) {
                w.wake();
            }
        };
        let on_message = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let reply = match data.as_string() {
                    Some(text) => Ok(Reply {
                        text,
                        bytes: Vec::new(),
                    }),
                    // Text with bytes: `post_to_page_with`.
                    None => match (prop(&data, "text").as_string(), prop(&data, "bytes")) {
                        (Some(text), bytes) if bytes.is_instance_of::<js_sys::ArrayBuffer>() => {
                            Ok(Reply {
                                text,
                                bytes: js_sys::Uint8Array::new(&bytes).to_vec(),
                            })
                        }
                        _ => Err("an answer that is not text".to_string()),
                    },
                };
                push(&inbox, reply);
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                push(&inbox, Err(e.message()));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(WorkerHandle {
            worker,
            inbox,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends the files to import (and how many data files a cut-off run already stored).
    pub fn send_files(&self, files: &[Picked], done: usize) -> Result<(), BrowserError> {
        let msg = js_sys::Object::new();
        let list = js_sys::Array::new();
        let paths = js_sys::Array::new();
        for p in files {
            list.push(&p.file);
            paths.push(&JsValue::from_str(&p.path));
        }
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&msg, &JsValue::from_str(k), v);
        set("files", &list)
            .and_then(|_| set("paths", &paths))
            .and_then(|_| set("done", &JsValue::from_f64(done as f64)))
            .map_err(|e| BrowserError::Worker(js(e)))?;
        self.worker
            .post_message(&msg)
            .map_err(|e| BrowserError::Worker(js(e)))
    }

    /// Sends a text message.
    pub fn send(&self, text: &str) -> Result<(), BrowserError> {
        self.worker
            .post_message(&JsValue::from_str(text))
            .map_err(|e| BrowserError::Worker(js(e)))
    }

    /// Sends text and bytes: the bytes' buffer is handed over (transferred), not copied again.
    pub fn send_with(&self, text: &str, bytes: &[u8]) -> Result<(), BrowserError> {
        let (msg, buffer) = with_bytes(text, bytes).map_err(|e| BrowserError::Worker(js(e)))?;
        self.worker
            .post_message_with_transfer(&msg, &js_sys::Array::of1(&buffer))
            .map_err(|e| BrowserError::Worker(js(e)))
    }

    /// The worker's next message, or why it failed (its script did not load, or it crashed).
    pub async fn reply(&self) -> Result<Reply, BrowserError> {
        self.reply_where(|_| true).await
    }

    /// The first message `wanted` accepts (taken from the queue; the others stay for whoever
    /// waits for them), or why the worker failed: a failure is every waiter's answer.
    pub async fn reply_where(&self, wanted: impl Fn(&str) -> bool) -> Result<Reply, BrowserError> {
        std::future::poll_fn(|cx| {
            let mut b = self.inbox.borrow_mut();
            let found = b
                .queue
                .iter()
                .position(|item| item.as_ref().map_or(true, |r| wanted(&r.text)));
            match found {
                Some(i) => match b.queue.get(i) {
                    Some(Err(e)) => std::task::Poll::Ready(Err(BrowserError::Worker(e.clone()))),
                    _ => match b.queue.remove(i) {
                        Some(Ok(r)) => std::task::Poll::Ready(Ok(r)),
                        _ => std::task::Poll::Ready(Err(BrowserError::Worker("no answer".into()))),
                    },
                },
                None => {
                    b.waiting.push(cx.waker().clone());
                    std::task::Poll::Pending
                }
            }
        })
        .await
    }

    /// Waits until a message `wanted` accepts has come, and leaves it for every other waiter
    /// (the worker's one "ready").
    pub async fn seen(&self, wanted: impl Fn(&str) -> bool) -> Result<(), BrowserError> {
        std::future::poll_fn(|cx| {
            let mut b = self.inbox.borrow_mut();
            for item in &b.queue {
                match item {
                    Err(e) => return std::task::Poll::Ready(Err(BrowserError::Worker(e.clone()))),
                    Ok(r) if wanted(&r.text) => return std::task::Poll::Ready(Ok(())),
                    Ok(_) => {}
                }
            }
            b.waiting.push(cx.waker().clone());
            std::task::Poll::Pending
        })
        .await
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

// ---- Inside the worker ----

fn scope() -> Option<web_sys::DedicatedWorkerGlobalScope> {
    js_sys::global().dyn_into().ok()
}

/// Calls `f` with each message the page sends: text, or the files message.
pub fn on_page_message(mut f: impl FnMut(PageMessage) + 'static) -> Result<(), BrowserError> {
    let scope = scope().ok_or(BrowserError::Unsupported("a worker scope"))?;
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            if let Some(text) = data.as_string() {
                f(PageMessage::Text(text, Vec::new()));
                return;
            }
            // Text with bytes: `WorkerHandle::send_with`.
            if let (Some(text), bytes) = (prop(&data, "text").as_string(), prop(&data, "bytes")) {
                if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
                    f(PageMessage::Text(
                        text,
                        js_sys::Uint8Array::new(&bytes).to_vec(),
                    ));
                    return;
                }
            }
            let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
            let files: Vec<web_sys::File> = get("files")
                .map(|v| js_sys::Array::from(&v))
                .map(|a| a.iter().filter_map(|f| f.dyn_into().ok()).collect())
                .unwrap_or_default();
            let paths: Vec<String> = get("paths")
                .map(|v| js_sys::Array::from(&v))
                .map(|a| a.iter().filter_map(|p| p.as_string()).collect())
                .unwrap_or_default();
            let done = get("done").and_then(|v| v.as_f64()).unwrap_or(0.0) as usize;
            let picked = files
                .into_iter()
                .zip(paths)
                .map(|(file, path)| Picked { file, path })
                .collect();
            f(PageMessage::Files(picked, done));
        });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    Ok(())
}

/// What the page sent the worker.
pub enum PageMessage {
    Files(Vec<Picked>, usize),
    /// Text, and the bytes that came with it (empty for most).
    Text(String, Vec<u8>),
}

/// Sends text to the page.
pub fn post_to_page(text: &str) {
    if let Some(s) = scope() {
        let _ = s.post_message(&JsValue::from_str(text));
    }
}

/// Sends text and bytes to the page: the bytes' buffer is handed over (transferred), not
/// copied a second time.
pub fn post_to_page_with(text: &str, bytes: &[u8]) {
    let Some(s) = scope() else { return };
    match with_bytes(text, bytes) {
        Ok((msg, buffer)) => {
            let _ = s.post_message_with_transfer(&msg, &js_sys::Array::of1(&buffer));
        }
        // The page waits for an answer: it gets the text alone, which it then finds short of
        // its bytes and reports, rather than waiting for ever.
        Err(_) => {
            let _ = s.post_message(&JsValue::from_str(text));
        }
    }
}

/// `{text, bytes}`, the bytes copied once into a buffer of their own (to be transferred).
fn with_bytes(text: &str, bytes: &[u8]) -> Result<(js_sys::Object, js_sys::ArrayBuffer), JsValue> {
    let buffer = js_sys::Uint8Array::from(bytes).buffer();
    let msg = js_sys::Object::new();
    js_sys::Reflect::set(&msg, &JsValue::from_str("text"), &JsValue::from_str(text))?;
    js_sys::Reflect::set(&msg, &JsValue::from_str("bytes"), &buffer)?;
    Ok((msg, buffer))
}

/// A chosen file read by slices, synchronously (workers only): `Read + Seek` without ever
/// holding the file.
pub struct FileSlices {
    file: web_sys::File,
    reader: web_sys::FileReaderSync,
    pos: u64,
    len: u64,
    /// The last slice read, from `at`: reads and seeks inside it cost no call to the file.
    window: Vec<u8>,
    at: u64,
}

/// How much one call to the file reads. Each call costs about a millisecond whatever its size,
/// and a ZIP's listing jumps to every entry's local header, which sit a few kilobytes apart:
/// read a window at a time, a 2,700-file archive's listing took 4 s (one call per entry).
const WINDOW: usize = 1 << 20;

impl FileSlices {
    pub fn new(file: &web_sys::File) -> Result<FileSlices, BrowserError> {
        let reader = web_sys::FileReaderSync::new()
            .map_err(|_| BrowserError::Unsupported("FileReaderSync (in a worker)"))?;
        Ok(FileSlices {
            len: file.size() as u64,
            file: file.clone(),
            reader,
            pos: 0,
            window: Vec::new(),
            at: 0,
        })
    }
}

impl Read for FileSlices {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let inside = self.pos >= self.at && self.pos < self.at + self.window.len() as u64;
        if !inside {
            // A new window from here: at least what is asked for, so a large read is one call.
            let end = (self.pos + buf.len().max(WINDOW) as u64).min(self.len);
            let io = |e: JsValue| std::io::Error::other(js(e));
            let blob = self
                .file
                .slice_with_f64_and_f64(self.pos as f64, end as f64)
                .map_err(io)?;
            let buffer = self.reader.read_as_array_buffer(&blob).map_err(io)?;
            self.window = js_sys::Uint8Array::new(&buffer).to_vec();
            self.at = self.pos;
            if self.window.is_empty() {
                return Ok(0);
            }
        }
        let from = usize::try_from(self.pos - self.at).unwrap_or(usize::MAX);
        let rest = self.window.get(from..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for FileSlices {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let next = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = next.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.pos)
    }
}
