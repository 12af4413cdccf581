// The dashboard beyond one day: trends against the emulator's own daily totals, the ZIP export
// against the per-type CSV files, the one-click fix next to a failed chart, and screenshots in
// light and dark.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, connect, SCREENSHOTS, docsPath, showDay, unzip } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); await emu.control("DELETE", "/faults"); });

/** The files of a ZIP archive (stored or deflated), read from its central directory. */
const iso = (d) => d.toISOString().slice(0, 10);

test("trends: 7 daily step bars equal the emulator's daily totals", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1300 } });
  await connect(page, emu, "fitbit");
  await page.goto(`${emu.origins.app}#/trends`);
  const bars = page.getByTestId("trend-steps");
  await bars.waitFor({ timeout: 60_000 });
  const shown = JSON.parse(await bars.getAttribute("data-values"));
  // The last 7 complete days, in the browser's calendar.
  const today = new Date(await page.evaluate(() => { const d = new Date(); return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()); }));
  const to = iso(new Date(today - 864e5)), from = iso(new Date(today - 7 * 864e5));
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.fitbit"))).access_token;
  const truth = await (await fetch(`${emu.origins.api_fitbit}/1/user/-/activities/steps/date/${from}/${to}.json`,
    { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(shown, truth["activities-steps"].map((d) => Number(d.value)));
  assert.equal(shown.length, 7);
  const heart = await (await fetch(`${emu.origins.api_fitbit}/1/user/-/activities/heart/date/${from}/${to}.json`,
    { headers: { Authorization: `Bearer ${token}` } })).json();
  assert.deepEqual(JSON.parse(await page.getByTestId("trend-resting_heart_rate").getAttribute("data-values")),
    heart["activities-heart"].map((d) => d.value.restingHeartRate ?? null));
  const minutes = JSON.parse(await page.getByTestId("trend-sleep").getAttribute("data-minutes"));
  assert.equal(minutes.length, 7);
  assert.ok(minutes.filter((m) => m > 180).length >= 5, JSON.stringify(minutes));
  if (SCREENSHOTS) {
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=trends] canvas").length >= 2);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: docsPath("trends.png"), fullPage: true });
  }
  await context.close();
});

test("the ZIP holds README.txt and the same CSV files as the single downloads", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1300 } });
  await connect(page, emu, "google");
  await page.goto(`${emu.origins.app}#/export`);
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2026-10-24");
  await page.getByTestId("to").fill("2026-10-26"); // across the autumn DST switch
  const [zipDl] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByTestId("zip").click()]);
  assert.equal(zipDl.suggestedFilename(), "fitdata-google-2026-10-24-2026-10-26.zip");
  const files = unzip(readFileSync(await zipDl.path()));
  // Every type on offer is chosen by default, but heart rate at every reading (many times
  // the rest, chosen when asked for): one file each.
  const boxes = await page.locator("input[data-testid^=kind-]").evaluateAll((bs) => bs.map((b) => [b.dataset.testid.slice(5), b.checked]));
  assert.equal(boxes.length, 18);
  assert.ok(boxes.some(([k]) => k === "exercises"), "Google's exercises are on offer");
  assert.deepEqual(boxes.filter(([, on]) => !on).map(([k]) => k), ["heart_rate"]);
  const kinds = boxes.filter(([, on]) => on).map(([k]) => k);
  // Each type's file, and beside the exercises their splits' (a row per lap or split).
  const tables = kinds.flatMap((k) => k === "exercises" ? [k, "exercise_splits"] : [k]);
  assert.deepEqual(Object.keys(files).sort(), ["README.txt", "schema.json", ...tables.map((k) => `${k}.csv`)].sort());
  // schema.json, for programs: each file's columns, as the CSV's header names them.
  const schema = JSON.parse(files["schema.json"]);
  for (const kind of tables) {
    const entry = schema.files.find((f) => f.type === kind);
    assert.deepEqual(entry.columns.map((c) => c.name).join(","), files[`${kind}.csv`].split("\n")[0], kind);
  }
  assert.match(files["README.txt"], /utc_offset_min/);
  for (const kind of kinds) assert.match(files["README.txt"], new RegExp(`^${kind}\\.csv \\(`, "m"), kind);
  // Daily files: a date and the value per day with one (weigh-ins only on Sundays).
  assert.deepEqual(files["weight.csv"].trim().split("\n")[0], "date,weight_kg,source");
  assert.equal(files["floors.csv"].trim().split("\n").length, 1 + 3);
  // The zones the day's minutes were counted in, from Google's daily-heart-rate-zones: the
  // person's defaults, worked by hand (age 38: maximum 182 bpm; 50, 70 and 85 % of it).
  assert.deepEqual(files["heart_rate_zones.csv"].trim().split("\n").map((l) => l.split(",").slice(0, 4).join(",")),
    ["date,fat_burn_from_bpm,cardio_from_bpm,peak_from_bpm", "2026-10-24,91,127,155", "2026-10-25,91,127,155", "2026-10-26,91,127,155"]);
  // Chromium holds back a page's downloads after ten or so: a fresh page per batch of files.
  for (let i = 0; i < kinds.length; i += 7) {
    const p = await context.newPage();
    await p.goto(`${emu.origins.app}#/export`);
    await p.locator("[data-testid=export][data-ready=true]").waitFor();
    await p.getByTestId("from").fill("2026-10-24");
    await p.getByTestId("to").fill("2026-10-26");
    for (const kind of kinds.slice(i, i + 7)) {
      const [dl] = await Promise.all([p.waitForEvent("download"), p.getByTestId(`csv-${kind}`).click()]);
      assert.equal(files[`${kind}.csv`], readFileSync(await dl.path(), "utf8"), kind);
    }
    await p.close();
  }
  // The night of the switch: rows before 01:00Z read +02:00, after it +01:00.
  const hr = files["heart_rate_1min.csv"].trim().split("\n").slice(1).map((l) => l.split(","));
  const at = (utc) => hr.find((r) => r[0] === utc);
  for (const [utc, local] of [["2026-10-25T00:59:00Z", "2026-10-25T02:59:00+02:00"], ["2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00"]]) {
    const row = at(utc);
    if (row) assert.equal(row[1], local);
  }
  assert.equal(new Set(hr.map((r) => r[2])).size, 2, "both offsets appear");
  if (SCREENSHOTS) await page.screenshot({ path: docsPath("export.png"), fullPage: true });
  await context.close();
});

test("screenshots in the dark theme follow the system", { skip: !SCREENSHOTS }, async () => {
  const { page, context } = await newPage(browser, { colorScheme: "dark", viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "fitbit");
  await showDay(page, emu, "2026-03-29");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  await page.waitForTimeout(1500); // ECharts' entry animation
  await page.screenshot({ path: docsPath("day-dark.png"), fullPage: true });
  await page.goto(`${emu.origins.app}#/trends`);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=trends] canvas").length >= 2, null, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: docsPath("trends-dark.png"), fullPage: true });
  await page.goto(`${emu.origins.app}#/export`);
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.screenshot({ path: docsPath("export-dark.png"), fullPage: true });
  await context.close();
});

test("demo mode: the whole app on the synthetic person, with the network blocked", async () => {
  // Ground truth: the same person (seed 42) as the emulator serves it through Fitbit's API.
  const truthCtx = await browser.newContext();
  const tp = await truthCtx.newPage();
  await connect(tp, emu, "fitbit");
  const token = JSON.parse(await tp.evaluate(() => localStorage.getItem("fitdata.v1.tokens.fitbit"))).access_token;
  const get = async (path) => (await fetch(`${emu.origins.api_fitbit}${path}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const hr = (await get("/1/user/-/activities/heart/date/2026-03-29/1d/1sec.json"))["activities-heart-intraday"].dataset.length;
  const steps = Number((await get("/1/user/-/activities/steps/date/2026-03-29/1d/1min.json"))["activities-steps"][0].value);
  await truthCtx.close();

  const { page, context, consoleLines } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo").waitFor();
  // From here on, nothing but the page's own files answers.
  const appOrigin = new URL(emu.origins.app).origin;
  const blocked = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === appOrigin) return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  await emu.control("DELETE", "/log");
  await page.getByTestId("try-demo").click();
  await page.getByTestId("demo-banner").waitFor();
  await showDay(page, emu, "2026-03-29");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  assert.equal(Number(await page.getByTestId("hr").getAttribute("data-points")), hr);
  assert.equal(Number(await page.getByTestId("steps").getAttribute("data-total")), steps);
  await page.getByTestId("nav-trends").click();
  await page.getByTestId("trend-steps").waitFor({ timeout: 60_000 });
  assert.equal(JSON.parse(await page.getByTestId("trend-steps").getAttribute("data-values")).length, 7);
  await page.getByTestId("nav-export").click();
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2026-03-28");
  await page.getByTestId("to").fill("2026-03-29");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-steps").click()]);
  const rows = readFileSync(await dl.path(), "utf8").trim().split("\n").slice(1);
  assert.equal(rows.filter((r) => r.split(",")[1].startsWith("2026-03-29")).reduce((a, r) => a + Number(r.split(",")[5]), 0), steps);
  assert.deepEqual(blocked, []);
  const { entries } = await emu.control("GET", "/log");
  assert.deepEqual(entries.filter((e) => e.host !== "app" && e.host !== "control"), [], "no API was called");
  assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  await context.close();
});

test("on a phone (390 px wide) every page fits the screen: no sideways scrolling, charts as wide as the card", async () => {
  const { page, context, consoleLines } = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo").click();
  await page.getByTestId("demo-banner").waitFor();
  const fits = async (where, withCharts = true) => {
    const m = await page.evaluate(() => ({
      page: document.scrollingElement.scrollWidth,
      view: window.innerWidth,
      widest: Math.max(...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right)),
      charts: [...document.querySelectorAll(".chart")].map((c) => Math.round(c.getBoundingClientRect().width)),
    }));
    assert.ok(m.page <= m.view, `${where}: the page scrolls sideways (${m.page} > ${m.view})`);
    assert.ok(m.widest <= m.view + 0.5, `${where}: something sticks out (${m.widest} > ${m.view})`);
    if (withCharts) assert.ok(m.charts.length > 0 && m.charts.every((w) => w >= 300 && w <= m.view), `${where}: chart widths ${m.charts}`);
  };
  await showDay(page, emu, "2026-03-29");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  await fits("day");
  await page.getByTestId("nav-trends").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=trends] canvas").length >= 14, null, { timeout: 60_000 });
  await fits("trends");
  if (SCREENSHOTS) await page.screenshot({ path: docsPath("phone-trends.png") });
  await page.getByTestId("nav-export").click();
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await fits("export", false);
  assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  await context.close();
});
