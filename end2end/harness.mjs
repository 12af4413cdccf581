// Shared end-to-end plumbing: start the emulator (serving dist/), launch Debian's Chromium through
// playwright-core, and collect console output so tests can assert on it.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { afterEach } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync } from "node:zlib";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const EMULATOR = process.env.FITDATA_EMULATOR ?? join(ROOT, "target/debug/fitdata-emulator");

/** Starts the emulator serving the built app; resolves to { origins, control(), stop() }. */
export async function startEmulator({ appBase = "/", appDir = join(ROOT, "dist") } = {}) {
  const child = spawn(EMULATOR, ["--app-dir", appDir, "--app-base", appBase, "--exit-on-stdin-close"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const origins = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (line) => { try { resolve(JSON.parse(line)); } catch (e) { reject(e); } });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const control = async (method, path, body) => {
    const r = await fetch(origins.control + path, { method, body });
    if (!r.ok) throw new Error(`control ${method} ${path}: ${r.status}`);
    return r.json();
  };
  return { origins, control, stop: () => { child.stdin.end(); child.kill(); } };
}

// Every journey watches the page's Content-Security-Policy: a change that needs `unsafe-inline`
// or a new origin fails the test that ran into it, whatever that test checks.
const cspViolations = [];
afterEach(() => {
  if (cspViolations.length) {
    const seen = cspViolations.splice(0);
    throw new Error(`Content-Security-Policy violations: ${seen.join("; ")}`);
  }
});

/** Takes the CSP violations seen so far (a test that provokes one on purpose). */
export const takeCspViolations = () => cspViolations.splice(0);

/** Launches headless Chromium as the probe found it works here (no network beyond loopback).
 * Every context it makes reports CSP violations (but those that bypass the CSP on purpose). */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const context = await newContext(options);
    // A large series (the heart-rate line) is drawn from a typed array, two numbers a point:
    // `__points(series.data)` reads any series' data as [x, y] points, a NaN value as "-" (a
    // gap, as ECharts takes it), so a test compares what is drawn whatever its form.
    await context.addInitScript(() => {
      window.__points = (data) => (ArrayBuffer.isView(data)
        ? Array.from({ length: data.length / 2 }, (_, i) => [data[2 * i], Number.isNaN(data[2 * i + 1]) ? "-" : data[2 * i + 1]])
        : data);
      // `__daily(option)`: the value a per-day chart draws for each day. Bars stacked from a
      // day's parts reach the day's value at their top, so that is the sum of the stacked
      // bars' values (null where every part is a gap); otherwise series 0's values. (A usual
      // band is a stack of lines behind series 0, not a day's parts.)
      window.__daily = (o) => {
        const val = (d) => {
          const y = Array.isArray(d) ? d[1] : d !== null && typeof d === "object" ? d.value : d;
          return y === "-" || y === null || y === undefined ? null : Number(y);
        };
        const stacked = o.series.filter((s) => s.stack && s.type === "bar");
        if (!stacked.length) return window.__points(o.series[0].data).map(val);
        return stacked[0].data.map((_, i) => {
          const parts = stacked.map((s) => val(s.data[i])).filter((v) => v !== null);
          return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
        });
      };
    });
    if (!options.bypassCSP) {
      await context.exposeBinding("__fitdataCsp", (_source, v) => { cspViolations.push(v); });
      await context.addInitScript(() => document.addEventListener("securitypolicyviolation",
        (e) => window.__fitdataCsp?.(`${e.violatedDirective} ${e.blockedURI} on ${location.href} (${e.sourceFile}:${e.lineNumber} ${e.sample})`)));
    }
    return context;
  };
  return browser;
}

/** A fresh context + page that records console messages and page errors. */
export async function newPage(browser, { colorScheme = "light", viewport = { width: 1280, height: 900 }, locale } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  const consoleLines = [];
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  return { context, page, consoleLines };
}

export const SCREENSHOTS = process.env.SCREENSHOTS === "1";
export const docsPath = (name) => join(ROOT, "docs", name);
export const tempDir = () => mkdtempSync(join(tmpdir(), "fitdata-e2e-"));

/** Signs `page` in with the emulator's consent page for `provider` ("google" or "fitbit"). */
export async function connect(page, emu, provider) {
  await page.goto(emu.origins.app);
  await page.getByTestId(`connect-${provider}`).click();
  await page.waitForURL((u) => u.origin === (provider === "google" ? emu.origins.accounts_google : emu.origins.www_fitbit));
  await page.getByRole("button", { name: provider === "google" ? "Continue" : "Allow" }).click();
  await page.getByTestId("user-id").waitFor();
}

/** Opens the day view at `date` and waits until each of its charts (heart rate, steps, sleep)
 * and the totals show that day, loaded or failed. The day view stays mounted from day to day
 * and keeps the previous day on screen while the next loads: waiting for a chart to exist is
 * not enough. */
export async function showDay(page, emu, date, { timeout = 60_000 } = {}) {
  await page.goto(`${emu.origins.app}#/day/${date}`);
  await page.waitForFunction(dayLoaded, date, { timeout });
  await page.waitForFunction(dayDrawn, null, { timeout });
}

/** In the page: the day view shows date `d`, each chart (heart rate, steps, sleep) and the
 * totals loaded or failed. (Self-contained: it runs in any engine's page.) */
export function dayLoaded(d) {
  const day = document.querySelector("[data-testid=day]");
  if (day?.dataset.date !== d) return false;
  const charts = ["hr", "steps", "sleep"].every((id) => document.querySelector(`[data-for=${id}][data-date="${d}"]`));
  const totals = document.querySelector(`[data-testid=day-totals][data-date="${d}"],[data-testid=totals-error][data-date="${d}"]`);
  return Boolean(charts && totals);
}

/** In the page: every chart the day shows is drawn (the chart library arrives with the first). */
export function dayDrawn() {
  return [...document.querySelectorAll("[data-testid=day] .chart")].every((el) => window.echarts?.getInstanceByDom(el));
}

/** Opens Trends on the custom range `[from, to]` (YYYY-MM-DD). */
export async function openTrends(page, emu, from, to) {
  await page.goto(`${emu.origins.app}#/trends`);
  await page.getByTestId("span-custom").click();
  await page.getByTestId("trend-from").fill(from);
  await page.getByTestId("trend-to").fill(to);
  await page.getByTestId("trend-apply").click();
}

/** Every Google data point of `kebab` matching `filter`, all pages, read with the page's own
 * token straight from the emulator: the ground truth a chart is compared with. */
export async function googlePoints(page, emu, kebab, filter) {
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
  let out = [], pageToken = "";
  do {
    const url = `${emu.origins.health_googleapis}/v4/users/me/dataTypes/${kebab}/dataPoints?` + new URLSearchParams({ filter, pageSize: "10000", pageToken });
    const j = await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json();
    out = out.concat(j.dataPoints ?? []); pageToken = j.nextPageToken ?? "";
  } while (pageToken);
  return out;
}

/** Local wall-clock ms of a Google time with its offset ("3600s"), as the charts' axes run. */
export const localMs = (physical, utcOffset) => Date.parse(physical) + parseInt(utcOffset, 10) * 1000;

/** The API's steps on each local day of `[from, to]` (YYYY-MM-DD): a Map of date to count. */
export async function googleStepsPerDay(page, emu, from, to) {
  const after = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const points = await googlePoints(page, emu, "steps", `steps.interval.civil_start_time >= "${from}" AND steps.interval.civil_start_time < "${after}"`);
  const perDay = new Map();
  for (const p of points) {
    const date = new Date(localMs(p.steps.interval.startTime, p.steps.interval.startUtcOffset)).toISOString().slice(0, 10);
    perDay.set(date, (perDay.get(date) ?? 0) + Number(p.steps.count));
  }
  return perDay;
}

/** Each local day's steps, added up from an export's UTC minutes (`steps-*.json`); `dateOf(ms)`
 * names the local date of an instant, from the person's zone or itinerary. */
export function stepsPerLocalDay(files, dateOf) {
  const perDay = new Map();
  for (const [name, text] of Object.entries(files)) {
    if (!/\/steps-\d{4}-\d\d-\d\d\.json$/.test(name)) continue;
    for (const rec of JSON.parse(text)) {
      const [md, hms] = rec.dateTime.split(" ");
      const [m, d, y] = md.split("/");
      const day = dateOf(Date.parse(`20${y}-${m}-${d}T${hms}Z`));
      perDay.set(day, (perDay.get(day) ?? 0) + Number(rec.value));
    }
  }
  return perDay;
}

/** The files of a ZIP archive (stored or deflated), by name, as text. */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "a ZIP archive");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(data) : data).toString("utf8");
    p += 46 + nameLen + extra + comment;
  }
  return files;
}

/** Every record of the app's day store as key → "T:" text or "B:" bytes, as the browser holds
 * it; `page` is a Playwright page or a WebDriver one (webdriver.mjs), both `evaluate(fn)`. */
export const storedRecords = (page) => page.evaluate(() => new Promise((ok, fail) => {
  const req = indexedDB.open("fitdata");
  req.onerror = () => fail(req.error);
  req.onsuccess = () => {
    const store = req.result.transaction("days").objectStore("days");
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => {
      const out = {};
      keys.result.forEach((k, i) => {
        const v = values.result[i];
        out[k] = typeof v === "string" ? `T:${v}` : `B:${Array.from(new Uint8Array(v.buffer ?? v, v.byteOffset ?? 0, v.byteLength)).join(",")}`;
      });
      req.result.close();
      ok(out);
    };
    values.onerror = () => fail(values.error);
  };
}));

/** A page with the emulator's sample export of `from`..`to` imported and opened, and that
 * export's bytes and files. */
export async function importedExport(browser, emu, from, to, { viewport, locale, zip: given } = {}) {
  const zip = given ?? Buffer.from(await (await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from, to })}`)).arrayBuffer());
  const { page, context } = await newPage(browser, { ...(viewport ? { viewport } : {}), locale });
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 300_000 });
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  return { page, context, zip, files: unzip(zip) };
}
