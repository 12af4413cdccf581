// The third-party-origin scan that `make test` runs on dist/ must catch what it is there for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "./harness.mjs";

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://health.googleapis.com">`;
function scan(files) {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) { mkdirSync(join(dir, name, ".."), { recursive: true }); writeFileSync(join(dir, name), text); }
  return spawnSync("node", [join(ROOT, "scripts/check-dist.mjs"), dir], { encoding: "utf8" });
}

test("a clean folder passes, API origins and XML namespaces allowed", () => {
  const r = scan({ "index.html": `<html><head>${CSP}<script src="app.js"></script></head></html>`,
    "app.js": `fetch("https://health.googleapis.com/v4/users/me/identity"); const ns = "http://www.w3.org/2000/svg";` });
  assert.equal(r.status, 0, r.stderr);
});

test("a CDN script, a remote stylesheet font, an inline script or a loosened script-src fail", () => {
  const bad = [
    { "index.html": `<html>${CSP}<script src="https://cdn.jsdelivr.net/npm/echarts"></script></html>` },
    { "index.html": `<html>${CSP}</html>`, "a.css": `@font-face { src: url(https://fonts.gstatic.com/x.woff2) }` },
    { "index.html": `<html>${CSP}<script>alert(1)</script></html>` },
    { "index.html": `<html>${CSP.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-inline'")}</html>` },
    { "index.html": `<html>${CSP}</html>`, "x.js": `import("https://unpkg.com/lib.js")` },
    { "index.html": `<html></html>` },
  ];
  for (const files of bad) assert.equal(scan(files).status, 1, JSON.stringify(files));
});
