// The start module: a first visit loads a small wasm module that draws the connect screen
// (src/bin/start.rs), never the app's; everything it cannot do itself hands over to the app
// module (browser::hand_over), which opens where the person left off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, newPage, connect } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** The page's wasm requests so far: start module and app module, by count. */
function modules(page) {
  const seen = { start: 0, app: 0 };
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/start_bg-[0-9a-f]{16}\.wasm$/.test(path)) seen.start += 1;
    // Trunk writes its hash without leading zeros: 15 digits one build in sixteen.
    if (/\/fitdata-[0-9a-f]+_bg\.wasm$/.test(path)) seen.app += 1;
  });
  return seen;
}

/** One app on screen: one header, one set of tabs, no leftover of the start module. */
async function single(page) {
  assert.deepEqual(await page.evaluate(() => ({
    h1: document.querySelectorAll("h1").length,
    tabs: document.querySelectorAll("nav.tabs").length,
    start: document.getElementById("start-view") !== null,
    first: document.getElementById("first-view") !== null,
  })), { h1: 1, tabs: 1, start: false, first: false });
}

/** A first visit: a fresh page at the app, the connect screen shown, and its modules counted. */
async function firstVisit(page) {
  const seen = modules(page);
  await page.goto(emu.origins.app);
  await page.getByTestId("provider-choices").waitFor();
  return seen;
}

test("a first visit loads the start module only; the demo button hands over to the app, which opens the demo", async () => {
  const { page, context, consoleLines } = await newPage(browser);
  const seen = await firstVisit(page);
  assert.deepEqual(seen, { start: 1, app: 0 }, "the connect screen comes from the start module alone");
  assert.equal(await page.evaluate(() => document.getElementById("start-view")?.querySelector("[data-testid=provider-choices]") !== null), true);
  await page.getByTestId("try-demo").click();
  await page.getByTestId("demo-banner").waitFor({ timeout: 60_000 });
  assert.deepEqual(seen, { start: 1, app: 1 });
  await single(page);
  assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  await context.close();
});

test("files chosen on the start module's connect screen are imported by the app", async () => {
  const { page, context } = await newPage(browser);
  const seen = await firstVisit(page);
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ layout: "takeout-fitbit", from: "2026-10-05", to: "2026-10-07" })}`);
  assert.equal(r.status, 200);
  const buffer = Buffer.from(await r.arrayBuffer());
  assert.deepEqual(seen, { start: 1, app: 0 });
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout-1.zip", mimeType: "application/zip", buffer }]);
  await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 120_000 });
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done", await page.getByTestId("import").innerText());
  assert.deepEqual(seen, { start: 1, app: 1 });
  await single(page);
  // The report names the file the person chose on the start module's screen.
  assert.match(await page.getByTestId("import-done").innerText(), /takeout-1\.zip/);
  assert.ok(Number(await page.getByTestId("import-report").getAttribute("data-read")) > 0);
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  await context.close();
});

test("a tab of the app from the start module (Settings) opens in the app; Home stays", async () => {
  const { page, context } = await newPage(browser);
  const seen = await firstVisit(page);
  // Home is this very screen: no hand-over for it.
  await page.getByRole("link", { name: "Home" }).click();
  await page.waitForFunction(() => location.hash === "#/");
  await page.waitForTimeout(300);
  assert.deepEqual(seen, { start: 1, app: 0 });
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-google").waitFor({ timeout: 60_000 });
  assert.deepEqual(seen, { start: 1, app: 1 });
  assert.ok(page.url().endsWith("#/settings"));
  await single(page);
  await context.close();
});

test("a sign-in in another tab takes the start module's tab to the connected app", async () => {
  const context = await browser.newContext();
  const waiting = await context.newPage();
  const seen = await firstVisit(waiting);
  const other = await context.newPage();
  await connect(other, emu, "fitbit");
  await waiting.getByTestId("user-id").waitFor({ timeout: 60_000 });
  assert.deepEqual(seen, { start: 1, app: 1 });
  await single(waiting);
  await context.close();
});

test("a returning browser (anything of fitdata's stored) loads the app module directly", async () => {
  const { page, context } = await newPage(browser);
  const seen = modules(page);
  await connect(page, emu, "google");
  // The sign-in itself came back to the app module: the callback is the app's work.
  assert.equal(seen.app, 1);
  const before = seen.start;
  await page.reload();
  await page.getByTestId("user-id").waitFor();
  assert.equal(seen.start, before, "no start module once the browser holds a session");
  assert.equal(seen.app, 2);
  await single(page);
  await context.close();
});
