// The service worker (sw.src.js, written to dist/sw.js by scripts/finish-dist.mjs): an offline
// reload opens the app from this browser and shows the cached days, and a new deploy replaces the
// old files on the next load, with no mix of the two.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startEmulator, launchBrowser, newPage, connect, showDay, tempDir, ROOT } from "./harness.mjs";

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Waits until the service worker of the deploy being served controls the page and has cached
 * its version's shell; returns that version. */
async function installed(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  const version = /const VERSION = "([0-9a-f]+)"/.exec(await (await page.request.get(new URL("sw.js", page.url()).href)).text())[1];
  // A deadline, not a count of looks: under a whole `make test` each look can take long, and the
  // worker's install fetches the whole shell (the wasm is megabytes).
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    // Cached, and this version's worker is the one in charge (an update installs, then takes over).
    // One look, in this order: the version's cache is opened when its worker starts installing,
    // so if no worker is installing or waiting *after* the cache is seen, that install has ended
    // and its worker is the active one. (Read the other way round, the old worker could be seen
    // settled just before the new one starts: the next load would still be the old deploy's.)
    const settled = await page.evaluate(async (cache) => {
      if (!(await caches.keys()).includes(cache)) return false;
      const r = await navigator.serviceWorker.getRegistration();
      return Boolean(r && !r.installing && !r.waiting && r.active?.state === "activated" && navigator.serviceWorker.controller);
    }, `fitdata-${version}`);
    if (settled) return version;
    await page.waitForTimeout(50);
  }
  const seen = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    const w = (x) => x?.state ?? "none";
    return `installing ${w(r?.installing)}, waiting ${w(r?.waiting)}, active ${w(r?.active)}, caches [${(await caches.keys()).join(" ")}]`;
  }).catch(String);
  throw new Error(`the service worker never cached version ${version} in 60 s: ${seen}`);
}

/** Waits until the emulator's log stands still for 1.5 s: the day's last requests (its usual
 * card's, its exercises', after the charts) have been answered, so what they bring is drawn
 * and stored. Returns the log's length then. */
async function settled(page, emu) {
  let asked = -1;
  for (let n = (await emu.control("GET", "/log")).entries.length; n !== asked; n = (await emu.control("GET", "/log")).entries.length) {
    asked = n;
    await page.waitForTimeout(1500);
  }
  return asked;
}

/** Each chart of the day view as ECharts holds it: its series' data. */
const drawn = (page) => page.evaluate(() => [...document.querySelectorAll("[data-testid=day] .chart")].map((el) => {
  const option = window.echarts.getInstanceByDom(el).getOption();
  return { chart: el.closest("[data-for]")?.dataset.for ?? el.id, series: option.series.map((s) => JSON.stringify(window.__points(s.data))) };
}));

/** `drawn` once it equals `want`, or after 30 s: the day's exercises are shaded after its
 * charts are drawn (from the cache too), so the picture is compared once it has settled, as
 * the online one was. */
async function drawnLike(page, want) {
  let got = await drawn(page);
  for (const end = Date.now() + 30_000; Date.now() < end && JSON.stringify(got) !== JSON.stringify(want);) {
    await page.waitForTimeout(200);
    got = await drawn(page);
  }
  return got;
}

test("offline, a reload opens the app from the cache and draws the days this browser holds, and says it is offline", async () => {
  const emu = await startEmulator();
  try {
    const { page, context, consoleLines } = await newPage(browser);
    await connect(page, emu, "google");
    await installed(page);
    // Two days seen online: in the cache now, with the chart library.
    await showDay(page, emu, "2026-03-28");
    await showDay(page, emu, "2026-03-29");
    const online = await drawn(page);
    assert.ok(online.length >= 3 && online.every((c) => c.series.some((s) => s.length > 2)), JSON.stringify(online).slice(0, 300));
    assert.equal(await page.getByTestId("offline").count(), 0, "no offline notice while online");

    const asked = await settled(page, emu);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("offline").waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=day] .chart")].length >= 3
      && [...document.querySelectorAll("[data-testid=day] .chart")].every((el) => window.echarts?.getInstanceByDom(el)), null, { timeout: 30_000 });
    assert.equal(await page.getByTestId("day").getAttribute("data-date"), "2026-03-29");
    assert.deepEqual(await drawnLike(page, online), online, "the same charts, drawn from the cache");
    // The other cached day too, by the app's own navigation.
    await page.evaluate(() => { location.hash = "#/day/2026-03-28"; });
    await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-03-28"
      && document.querySelector("[data-for=hr][data-date='2026-03-28']"), null, { timeout: 30_000 });
    assert.match(await page.getByTestId("offline").innerText(), /offline/);
    // Nothing reached the host or the APIs: the app, its config and the data all came from here.
    const log = (await emu.control("GET", "/log")).entries;
    assert.deepEqual(log.slice(asked).map((e) => `${e.host} ${e.path}`), []);
    assert.ok(!consoleLines.some((l) => l.startsWith("pageerror")), consoleLines.join("\n"));

    // Back online: the notice goes.
    await context.setOffline(false);
    await page.getByTestId("offline").waitFor({ state: "detached", timeout: 10_000 });
    await context.close();
  } finally {
    emu.stop();
  }
});

test("a chart drawn before the service worker took over (a first visit) is drawn offline too", async () => {
  const emu = await startEmulator();
  try {
    const { page, context } = await newPage(browser);
    // The worker's registration is held back until the day's charts are drawn, so the chart
    // library certainly goes past it, as on a first visit where the worker installs late.
    await page.addInitScript(() => {
      const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
      let release;
      const released = new Promise((resolve) => { release = resolve; });
      window.__register = () => release();
      navigator.serviceWorker.register = (...args) => released.then(() => register(...args));
    });
    await connect(page, emu, "google");
    await showDay(page, emu, "2026-03-29");
    // Everything the day asks for answered, drawn and stored (the day's exercises come after
    // its charts; a run under load once went offline before they were kept).
    await settled(page, emu);
    const online = await drawn(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, "not controlled yet");
    await page.evaluate(() => window.__register());
    await installed(page);
    // Told by the page, the worker keeps the library it never saw fetched.
    const cached = () => page.evaluate(async () => Boolean(await caches.match(new URL(document.querySelector("script[data-fitdata-echarts]").dataset.fitdataEcharts, location.href).href)));
    for (const end = Date.now() + 60_000; Date.now() < end && !(await cached());) await page.waitForTimeout(100);
    assert.ok(await cached(), "the chart library is in the worker's cache");
    // The browser's own HTTP cache is gone too (a phone evicts it first), so only the worker's
    // cache can answer.
    await (await context.newCDPSession(page)).send("Network.clearBrowserCache");
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-03-29"
      && [...document.querySelectorAll("[data-testid=day] .chart")].length >= 3
      && [...document.querySelectorAll("[data-testid=day] .chart")].every((el) => window.echarts?.getInstanceByDom(el)), null, { timeout: 60_000 });
    assert.deepEqual(await drawnLike(page, online), online, "the same charts, drawn from the cache");
    await context.close();
  } finally {
    emu.stop();
  }
});

test("a new deploy replaces the old files on the next load, and nothing of the old one is mixed in", async () => {
  const dir = tempDir();
  cpSync(join(ROOT, "dist"), dir, { recursive: true });
  const emu = await startEmulator({ appDir: dir });
  try {
    const { page, context } = await newPage(browser);
    await page.goto(emu.origins.app);
    await page.getByTestId("provider-choices").waitFor();
    const first = await installed(page);
    const cssOf = () => page.evaluate(() => document.querySelector("link[rel=stylesheet]").getAttribute("href"));
    const oldCss = await cssOf();

    // The new deploy: a changed stylesheet under its new hashed name, the old file gone from the
    // host (as when a folder is replaced), and the build's last step run again.
    const before = readdirSync(dir);
    const css = before.find((f) => /^main-[0-9a-f]+\.css$/.test(f));
    const text = readFileSync(join(dir, css), "utf8") + "\n:root { --fitdata-deploy: second; }\n";
    const name = `main-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.css`;
    writeFileSync(join(dir, name), text);
    rmSync(join(dir, css));
    const integrity = `sha384-${createHash("sha384").update(text).digest("base64")}`;
    const html = readFileSync(join(dir, "index.html"), "utf8")
      .replace(/href="\.\/main-[0-9a-f]+\.css" integrity="[^"]*"/, `href="./${name}" integrity="${integrity}"`);
    assert.ok(html.includes(name));
    writeFileSync(join(dir, "index.html"), html);
    execFileSync("node", [join(ROOT, "scripts/finish-dist.mjs"), dir]);
    const files = new Set(readdirSync(dir));
    // Deployed a moment later, as on a real host: the emulator's file server validates by
    // Last-Modified, to the second, so a sw.js rewritten within the second the test copied
    // the first deploy in would be answered "304 Not Modified" to the browser's update check.
    const later = new Date(Date.now() + 2000);
    for (const f of files) utimesSync(join(dir, f), later, later);

    const failed = [];
    page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    page.on("requestfailed", (r) => failed.push(`failed ${r.url()}`));
    await page.reload();
    await page.getByTestId("provider-choices").waitFor();
    assert.equal(await cssOf(), `./${name}`, "the next load is the new deploy");
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--fitdata-deploy").trim()), "second");
    // Every file the page loaded is one of the new deploy's.
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name))
      .filter((u) => u.origin === location.origin).map((u) => u.pathname.slice(1)));
    assert.ok(loaded.length >= 4, loaded.join(" "));
    for (const f of loaded) assert.ok(files.has(f), `${f} is not in the new deploy`);
    assert.ok(!loaded.includes(oldCss.slice(2)));
    assert.deepEqual(failed, []);

    // The new version's worker takes over, and then serves it offline too.
    const second = await installed(page);
    assert.notEqual(second, first);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("provider-choices").waitFor();
    assert.equal(await cssOf(), `./${name}`);
    await page.getByTestId("offline").waitFor();
    await context.close();
  } finally {
    emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
