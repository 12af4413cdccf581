// Charts live with their box and the system's colour scheme: a resized window (a rotated phone)
// redraws them at the new width, and a switch to dark mode redraws them in the dark theme. Read
// from the drawn ECharts instances, not from the page around them.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, newPage, connect, showDay, openTrends } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); });

/** The drawn heart-rate chart: its canvas size, its box, where its last point is drawn, and
 * its theme's title colour (the app paints the background itself, transparent in both). */
const drawn = (page) => page.evaluate(() => {
  const el = document.querySelector("[data-testid=hr-chart]");
  const chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) return null;
  const o = chart.getOption();
  const line = o.series.find((s) => s.type === "line" && s.data?.length);
  const last = line?.data.at(-1);
  const x = last ? chart.convertToPixel({ seriesIndex: o.series.indexOf(line) }, Array.isArray(last) ? last : last.value)[0] : null;
  return { id: chart.id, width: chart.getWidth(), box: el.clientWidth, lastX: x, title: String(o.title?.[0]?.textStyle?.color) };
});

test("a chart follows its box when the window is resized, and the theme when the system switches to dark", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await connect(page, emu, "google");
  await showDay(page, emu, "2026-11-29");
  await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=hr-chart]");
    return el && window.echarts?.getInstanceByDom(el);
  });
  const wide = await drawn(page);
  assert.ok(wide.width > 600 && wide.width === wide.box, JSON.stringify(wide));
  assert.ok(wide.lastX > wide.width / 2 && wide.lastX <= wide.width, `last point inside: ${JSON.stringify(wide)}`);

  // A phone turned upright: the box shrinks, and so must the canvas and the drawing in it.
  await page.setViewportSize({ width: 420, height: 900 });
  await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=hr-chart]");
    const c = window.echarts.getInstanceByDom(el);
    return c && c.getWidth() === el.clientWidth && el.clientWidth < 420;
  }, null, { timeout: 10_000 });
  const narrow = await drawn(page);
  assert.equal(narrow.id, wide.id, "the same instance, resized, not a new one");
  assert.ok(narrow.width < wide.width / 2, `${wide.width} -> ${narrow.width}`);
  assert.ok(narrow.lastX <= narrow.width && narrow.lastX > narrow.width / 2, `last point inside the narrow chart: ${JSON.stringify(narrow)}`);

  // And back: wider again.
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.waitForFunction((w) => {
    const el = document.querySelector("[data-testid=hr-chart]");
    const c = window.echarts.getInstanceByDom(el);
    return c && c.getWidth() === el.clientWidth && c.getWidth() > w;
  }, narrow.width, { timeout: 10_000 });

  // The system switches to dark: a new instance in ECharts' dark theme, same data.
  const light = await drawn(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction((id) => {
    const el = document.querySelector("[data-testid=hr-chart]");
    const c = window.echarts.getInstanceByDom(el);
    return c && c.id !== id;
  }, light.id, { timeout: 10_000 });
  const dark = await drawn(page);
  assert.notEqual(dark.title, light.title, `${light.title} -> ${dark.title}`);
  // ECharts' dark theme writes light text: its title colour is bright.
  const rgb = await page.evaluate((c) => { const d = document.createElement("div"); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v.match(/\d+/g).map(Number); }, dark.title);
  assert.ok(rgb[0] + rgb[1] + rgb[2] > 3 * 160, `dark theme title ${dark.title}`);
  assert.equal(dark.width, light.width);
  assert.ok(Math.abs(dark.lastX - light.lastX) < 1, "the same drawing, in the other theme");
  await context.close();
});

test("a 365-day trend reads the cache on one IndexedDB connection", async () => {
  const { page, context } = await newPage(browser);
  // Count every database open the page makes.
  await context.addInitScript(() => {
    const open = indexedDB.open.bind(indexedDB);
    window.__idbOpens = 0;
    indexedDB.open = (...a) => { window.__idbOpens++; return open(...a); };
  });
  await connect(page, emu, "google");
  const [from, to] = ["2025-11-01", "2026-10-31"];
  // Every card of the page (steps, sleep and the twelve daily metrics) holds all 365 days.
  const loaded = () => page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-testid^="trend-"]')]
      .filter((e) => e.dataset.values || e.dataset.minutes || e.dataset.days);
    const n = (e) => (e.dataset.days ? Number(e.dataset.days) : JSON.parse(e.dataset.values ?? e.dataset.minutes).length);
    return cards.length >= 14 && cards.every((e) => n(e) === 365);
  }, null, { timeout: 300_000 });
  await openTrends(page, emu, from, to);
  await loaded();
  // Again in a fresh page load, now that every day is stored: the whole year from the cache.
  await page.reload();
  await page.getByTestId("span-custom").waitFor();
  const before = await page.evaluate(() => window.__idbOpens);
  await emu.control("DELETE", "/log");
  await openTrends(page, emu, from, to);
  await loaded();
  const opens = await page.evaluate(() => window.__idbOpens);
  const { entries } = await emu.control("GET", "/log");
  const api = entries.filter((e) => e.host === "health_googleapis").length;
  console.log(`# 365-day trend from the cache: ${opens} IndexedDB opens in the page (${before} before the range was set), ${api} API requests`);
  assert.equal(opens, 1, "one connection for the whole page");
  assert.equal(api, 0, "every day from the cache");
  await context.close();
});
