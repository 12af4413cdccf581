// Starts the WebAssembly app. It is a file, not an inline script, so the page's CSP can stay
// `script-src 'self' 'wasm-unsafe-eval'`. Trunk writes the hashed file names into the data
// attributes of the <script> tag that loads this file (Trunk.toml, pattern_script).
const tag = document.querySelector("script[data-fitdata-js]");
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
