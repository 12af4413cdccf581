// Starts the WebAssembly app. It is a file, not an inline script, so the page's CSP can stay
// `script-src 'self' 'wasm-unsafe-eval'`. Trunk writes the hashed file names into the data
// attributes of the <script> tag that loads this file (Trunk.toml, pattern_script).
const tag = document.querySelector("script[data-fitdata-js]");
// config.json is asked for now, beside the app's own files, instead of once the app has
// started: the app takes this answer (browser::fetch_config), or asks again if it failed.
globalThis.fitdataConfig = fetch("config.json", { cache: "no-store" }).then(async (r) => ({ status: r.status, text: await r.text() }));
globalThis.fitdataConfig.catch(() => {});
try {
  const { default: init } = await import(tag.dataset.fitdataJs);
  await init({ module_or_path: tag.dataset.fitdataWasm });
} catch (err) {
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.textContent = `fitdata could not start (${err}). Reload the page; if it persists, your browser may lack WebAssembly support.`;
  document.body.append(p);
  throw err;
}
// The service worker (sw.js): the next visit loads the app from this browser, and opens offline.
// Registered once the app runs, so its caching never competes with the first load. `none`: the
// browser always asks the host for sw.js, so a new deploy is seen on the next load.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js", { updateViaCache: "none" }).catch((err) => {
    console.warn(`fitdata works without offline use here: ${err}`);
  });
}
