// The app works when hosted under a sub-path, with no server rewrite rules.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, newPage } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator({ appBase: "/fitdata/" }); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

test("served under /fitdata/, every asset loads relative to that folder, the chart library only with the first chart, the worker module only with the demo", async () => {
  const { page, context } = await newPage(browser);
  const failed = [];
  page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  const fromPage = [];
  page.on("request", (r) => fromPage.push(r.url()));
  await page.goto(emu.origins.app);
  await page.getByTestId("provider-choices").waitFor();
  assert.deepEqual(failed, []);
  const log = await emu.control("GET", "/log");
  const paths = log.entries.filter((e) => e.host === "app").map((e) => e.path);
  assert.ok(paths.length >= 4, paths.join(" "));
  assert.ok(paths.every((p) => p.startsWith("/fitdata/")), paths.join(" "));
  // The connect screen draws no chart, so it asks for no chart library.
  assert.ok(!paths.some((p) => p.includes("echarts")), `no chart library on the first page: ${paths.join(" ")}`);
  // Nor for the worker module (an import, the demo's days, the downloads): it is heavy work's.
  assert.ok(!paths.some((p) => p.includes("importer")), `no worker module on the first page: ${paths.join(" ")}`);
  // config.json once from the page (the service worker keeps its own copy): boot.js asks for it
  // beside the app's files, and the app takes that answer.
  assert.deepEqual(fromPage.filter((u) => u.endsWith("config.json")), [`${emu.origins.app}config.json`]);
  // The first chart brings it, from the app folder.
  await page.getByTestId("try-demo").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3, null, { timeout: 60_000 });
  const later = (await emu.control("GET", "/log")).entries.filter((e) => e.host === "app").map((e) => e.path);
  assert.equal(later.filter((p) => /^\/fitdata\/echarts\.min-[0-9a-f]{16}\.js$/.test(p)).length, 1, "ECharts is loaded once, from the app folder, under its hashed name");
  // The demo's days come from the worker module: loaded once, from the app folder, whatever
  // the number of charts that asked.
  assert.equal(later.filter((p) => /^\/fitdata\/importer_bg-[0-9a-f]{16}\.wasm$/.test(p)).length, 1, later.join(" "));
  assert.deepEqual(failed, []);
  await context.close();
});

test("sign-in works under the sub-path: the redirect page is a plain static file there", async () => {
  const { page, context } = await newPage(browser);
  await page.goto(emu.origins.app);
  await page.getByTestId("connect-google").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  assert.equal(new URL(page.url()).searchParams.get("redirect_uri"), emu.origins.app + "redirect.html");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("user-id").waitFor();
  assert.equal(page.url(), emu.origins.app, "lands back on the app's folder, code stripped");
  await context.close();
});
