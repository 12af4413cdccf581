// Starts the WebAssembly app. It is a file, not an inline script, so the page's CSP can stay
// `script-src 'self' 'wasm-unsafe-eval'`. The build writes the hashed file names into the data
// attributes of the <script> tag that loads this file (Trunk.toml pattern_script, then
// scripts/finish-dist.mjs).
const tag = document.querySelector("script[data-fitdata-js]");
// config.json is asked for now, beside the app's own files, instead of once the app has
// started: the app takes this answer (browser::fetch_config), or asks again if it failed.
globalThis.fitdataConfig = fetch("config.json", { cache: "no-store" }).then(async (r) => ({ status: r.status, text: await r.text() }));
globalThis.fitdataConfig.catch(() => {});

function failed(err) {
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.textContent = `fitdata could not start (${err}). Reload the page; if it persists, your browser may lack WebAssembly support.`;
  document.body.append(p);
}

/** Loads and runs one of the page's two wasm modules; the module's download starts at once,
 * beside its JavaScript glue's. A failure is shown on the page. */
async function run(js, wasm) {
  try {
    const module = fetch(wasm);
    const { default: init } = await import(js);
    await init({ module_or_path: module });
  } catch (err) {
    failed(err);
    throw err;
  }
}

// The app module, once. The start module calls this when it hands over (browser::hand_over).
let app = null;
globalThis.fitdataLoadApp = () => (app ??= run(tag.dataset.fitdataJs, tag.dataset.fitdataWasm));

// A browser that holds nothing of fitdata's, on the home page and not coming back from a
// sign-in, can only be shown the connect screen: the start module draws it, at a fifth of the
// app's bytes (src/bin/start.rs). Anything else is the app's.
const firstVisit = (() => {
  try {
    return tag.dataset.fitdataStartJs !== undefined && location.search === "" && ["", "#", "#/"].includes(location.hash)
      && !Object.keys(localStorage).some((k) => k.startsWith("fitdata."));
  } catch {
    return false; // storage blocked: the app says so
  }
})();

await (firstVisit ? run(tag.dataset.fitdataStartJs, tag.dataset.fitdataStartWasm) : globalThis.fitdataLoadApp());
// The service worker (sw.js): the next visit loads the app from this browser, and opens offline.
// Registered once a module runs, so its caching never competes with the first load. `none`: the
// browser always asks the host for sw.js, so a new deploy is seen on the next load.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("./sw.js", { updateViaCache: "none" }).catch((err) => {
    console.warn(`fitdata works without offline use here: ${err}`);
  });
  // Files this page fetched before the worker controlled it went past it: the worker is told
  // their names (relative to its scope) once it is active, and again once it controls the page,
  // since a chart drawn in between also went to the network.
  const tell = () => navigator.serviceWorker.ready.then((registration) => {
    const used = performance.getEntriesByType("resource").map((e) => e.name)
      .filter((name) => name.startsWith(registration.scope)).map((name) => name.slice(registration.scope.length));
    registration.active?.postMessage({ used });
  }).catch(() => {});
  tell();
  navigator.serviceWorker.addEventListener("controllerchange", tell);
  // And each time the page fetches another code file of its own (the chart library, at the
  // first chart): the two moments above do not cover every order of events. WebKitGTK has been
  // seen (once in a `make test`) with the page controlled and the library fetched, and the
  // library not kept, so the next offline start drew no chart. The worker keeps what it has
  // already, so telling it twice costs a cache lookup.
  try {
    new PerformanceObserver((list) => {
      const own = list.getEntries().some((e) => e.name.startsWith(location.origin) && /\.(js|wasm)$/.test(new URL(e.name).pathname));
      if (own) tell();
    }).observe({ type: "resource" });
  } catch {
    // No PerformanceObserver for resources here: the two moments above still hold.
  }
}
