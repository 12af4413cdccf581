// Journeys of the app shell: it loads under the strict CSP, reads config.json, and says exactly
// which field is wrong when config.json is broken.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, newPage, SCREENSHOTS, docsPath, takeCspViolations } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

test("the app loads, reads config.json and shows the connect choices", async () => {
  const { page, consoleLines, context } = await newPage(browser);
  const cspViolations = [];
  await page.exposeFunction("__cspViolation", (v) => cspViolations.push(v));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation",
    (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  const asked = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname === "/config.json") asked.push(r.url()); });
  await page.goto(emu.origins.app);
  const choices = page.getByTestId("provider-choices");
  await choices.waitFor();
  const providers = await choices.locator("[data-provider]").evaluateAll((els) => els.map((e) => e.dataset.provider));
  assert.deepEqual(providers, ["google", "fitbit"]);
  assert.equal(await page.getByTestId("connect-google").innerText(), "Connect Google Health");
  // The page asked for config.json from its own folder, once. The host may see one more: the
  // service worker's copy, for opening offline.
  assert.deepEqual(asked, [`${emu.origins.app}config.json`]);
  const log = await emu.control("GET", "/log");
  assert.ok(log.counts["app /config.json"] <= 2, JSON.stringify(log.counts));
  assert.deepEqual(cspViolations, [], "no CSP violations");
  assert.equal(consoleLines.filter((l) => l.startsWith("error") || l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  if (SCREENSHOTS) await page.screenshot({ path: docsPath("connect.png") });
  await context.close();
});

test("every journey's watch catches a CSP violation: an inline script is refused and reported", async () => {
  const { page, context } = await newPage(browser);
  await page.goto(emu.origins.app);
  await page.getByTestId("provider-choices").waitFor();
  await page.evaluate(() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1"; document.body.append(s); });
  await page.waitForFunction(() => true);
  let seen = [];
  for (let i = 0; i < 50 && seen.length === 0; i++) { await new Promise((r) => setTimeout(r, 100)); seen = takeCspViolations(); }
  assert.equal(await page.evaluate(() => window.__ran), undefined, "the inline script did not run");
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.match(seen[0], /^script-src/);
  await context.close();
});

test("a broken config.json names the field at fault and does not crash", async () => {
  const cases = [
    [`{"providers":{"google":{"redirect_uri":"https://me.example/r.html"}}}`, "providers.google.client_id", /is missing/],
    [`{"providers":{"fitbit":{"client_id":"X","redirect_uri":"ftp://nope"}}}`, "providers.fitbit.redirect_uri", /must use https/],
    [`{"providers":{"google":{"client_id":"x","redirect_uri":"https://a.b/","api_bsae":"https://x.y"}}}`, "providers.google.api_bsae", /not allowed/],
    [`{"providers": {`, null, /not valid JSON/],
  ];
  for (const [text, field, message] of cases) {
    await emu.control("POST", "/app-config", text);
    const { page, consoleLines, context } = await newPage(browser);
    await page.goto(emu.origins.app);
    const error = page.getByTestId("config-error");
    await error.waitFor();
    assert.equal(await error.getAttribute("data-field"), field);
    assert.match(await error.innerText(), message);
    if (field) assert.ok((await error.innerText()).includes(field));
    assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
    await context.close();
  }
  await emu.control("DELETE", "/app-config");
});

test("an API origin that the page's CSP does not allow is reported, not silently blocked", async () => {
  await emu.control("POST", "/app-config", JSON.stringify({ providers: { google: {
    client_id: "x", redirect_uri: "https://a.b/r.html", api_base: "https://elsewhere.example" } } }));
  const { page, context } = await newPage(browser);
  await page.goto(emu.origins.app);
  const error = page.getByTestId("config-error");
  await error.waitFor();
  assert.match(await error.innerText(), /https:\/\/elsewhere\.example.*Content-Security-Policy/s);
  await context.close();
  await emu.control("DELETE", "/app-config");
});
