// Charts live with their box and the system's colour scheme: a resized window (a rotated phone)
// redraws them at the new width, and a switch to dark mode redraws them in the dark theme. Read
// from the drawn ECharts instances, not from the page around them.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, connect, showDay, openTrends, googlePoints, googleStepsPerDay, localMs } from "./harness.mjs";

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
  const last = line && window.__points(line.data).at(-1);
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
  // Until the API's log stands still for 2 s: no request of the page's is in flight.
  const quiet = async () => {
    for (let last = -1, n = 0; ; last = n) {
      n = (await emu.control("GET", "/log")).entries.length;
      if (n === last) return;
      await page.waitForTimeout(2000);
    }
  };
  await quiet();
  // Again in a fresh page load, now that every day is stored: the whole year from the cache.
  await page.reload();
  await page.getByTestId("span-custom").waitFor();
  // The page opens on the last 7 days before the range is set. Across midnight those include
  // a day the first load never asked for (a `make test` that crossed midnight UTC counted its
  // requests as the year's): they settle before the count starts.
  await quiet();
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

/** A chart's drawn elements, once their geometry stops changing (they animate in). */
async function settled(page, testid) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const c = el && window.echarts?.getInstanceByDom(el);
    const view = c?._chartsViews?.[0];
    const data = c?.getModel()?.getSeriesByIndex(0)?.getData();
    if (!data || data.count() === 0) return false;
    const key = view?._polyline ? Array.from(view._polyline.shape.points).join()
      : Array.from({ length: data.count() }, (_, i) => JSON.stringify(data.getItemGraphicEl(i)?.shape ?? null)).join();
    const same = window.__settled?.[id] === key;
    (window.__settled ??= {})[id] = key;
    return same;
  }, testid, { polling: 500, timeout: 60_000 });
}

/** Bars as drawn: for each category, the drawn bar's top and bottom against where
 * `convertToPixel` puts `truth[i]` and zero. Returns the categories drawn wrong. */
const barMismatches = (page, testid, truth) => page.evaluate(([id, truth]) => {
  const chart = window.echarts.getInstanceByDom(document.querySelector(`[data-testid="${id}"]`));
  const data = chart.getModel().getSeriesByIndex(0).getData();
  const wrong = [];
  if (data.count() !== truth.length) return [`${data.count()} bars drawn for ${truth.length} categories`];
  truth.forEach((v, i) => {
    const { y, height } = data.getItemGraphicEl(i)?.shape ?? { y: NaN, height: NaN };
    const [top, bottom] = [Math.min(y, y + height), Math.max(y, y + height)];
    const want = chart.convertToPixel({ seriesIndex: 0 }, [i, v])[1];
    const zero = chart.convertToPixel({ seriesIndex: 0 }, [i, 0])[1];
    if (!(Math.abs(top - want) < 1 && Math.abs(bottom - zero) < 1)) wrong.push({ i, truth: v, top, want, bottom, zero });
  });
  return wrong;
}, [testid, truth]);

test("what is drawn is true: the heart-rate line breaks where the tracker was off, hour and day bars stand at the counts", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "google");
  const [day, next] = ["2026-11-24", "2026-11-25"];
  await showDay(page, emu, day);

  // Heart rate: the worn stretches (readings no more than 10 min apart) are the drawn line's
  // unbroken runs, each from its first reading's place to its last's.
  const hr = (await googlePoints(page, emu, "heart-rate", `heart_rate.sample_time.civil_time >= "${day}T00:00:00" AND heart_rate.sample_time.civil_time < "${next}T00:00:00"`))
    .map((p) => localMs(p.heartRate.sampleTime.physicalTime, p.heartRate.sampleTime.utcOffset)).sort((a, b) => a - b);
  const worn = [[hr[0], hr[0]]];
  for (const t of hr.slice(1)) if (t - worn.at(-1)[1] > 600_000) worn.push([t, t]); else worn.at(-1)[1] = t;
  assert.ok(worn.length >= 2, `the day has a break (charging): ${worn.length} stretches`);
  await settled(page, "hr-chart");
  const line = await page.evaluate((worn) => {
    const chart = window.echarts.getInstanceByDom(document.querySelector("[data-testid=hr-chart]"));
    const p = Array.from(chart._chartsViews[0]._polyline.shape.points);
    const runs = [];
    let run = null;
    for (let i = 0; i + 1 < p.length; i += 2) {
      if (Number.isNaN(p[i]) || Number.isNaN(p[i + 1])) { run = null; continue; }
      if (!run) runs.push(run = [p[i], p[i]]); else run[1] = p[i];
    }
    const want = worn.map(([a, b]) => [chart.convertToPixel({ seriesIndex: 0 }, [a, 60])[0], chart.convertToPixel({ seriesIndex: 0 }, [b, 60])[0]]);
    return { runs, want };
  }, worn);
  assert.equal(line.runs.length, line.want.length, `drawn runs ${JSON.stringify(line.runs)} vs worn ${JSON.stringify(line.want)}`);
  line.runs.forEach(([a, b], i) => {
    const [wa, wb] = line.want[i];
    assert.ok(Math.abs(a - wa) < 1.5 && Math.abs(b - wb) < 1.5, `stretch ${i}: drawn ${a}–${b}, worn ${wa}–${wb}`);
  });
  // The line's data (a typed array, two numbers a point) is every reading, at its local time
  // and value, and a gap point after each worn stretch but the last.
  const readings = (await googlePoints(page, emu, "heart-rate", `heart_rate.sample_time.civil_time >= "${day}T00:00:00" AND heart_rate.sample_time.civil_time < "${next}T00:00:00"`))
    .map((p) => [localMs(p.heartRate.sampleTime.physicalTime, p.heartRate.sampleTime.utcOffset), Number(p.heartRate.beatsPerMinute)])
    .sort((a, b) => a[0] - b[0]);
  const data = await page.evaluate(() => {
    const d = window.echarts.getInstanceByDom(document.querySelector("[data-testid=hr-chart]")).getOption().series[0].data;
    return { typed: ArrayBuffer.isView(d), points: window.__points(d) };
  });
  assert.ok(data.typed, "the heart-rate line is drawn from a typed array");
  assert.deepEqual(data.points.filter(([, v]) => v !== "-"), readings);
  assert.equal(data.points.filter(([, v]) => v === "-").length, worn.length - 1);

  // Steps per local hour: each bar's top at the hour's count.
  const intervals = await googlePoints(page, emu, "steps", `steps.interval.civil_start_time >= "${day}" AND steps.interval.civil_start_time < "${next}"`);
  const hours = Array(24).fill(0);
  for (const p of intervals) hours[new Date(localMs(p.steps.interval.startTime, p.steps.interval.startUtcOffset)).getUTCHours()] += Number(p.steps.count);
  assert.ok(hours.filter((h) => h > 0).length > 8, JSON.stringify(hours));
  await settled(page, "steps-chart");
  assert.deepEqual(await barMismatches(page, "steps-chart", hours), []);

  // One trend: steps per day over a week, each bar at the day's total.
  const [from, to] = ["2026-11-18", "2026-11-24"];
  const perDay = await googleStepsPerDay(page, emu, from, to);
  const dates = [...perDay.keys()].sort();
  assert.deepEqual([dates[0], dates.at(-1), dates.length], [from, to, 7]);
  await openTrends(page, emu, from, to);
  // The default span is also 7 days (ending yesterday): wait for the custom range's own days,
  // not for any week.
  await page.waitForFunction(([first, last]) => {
    const el = document.querySelector("[data-testid=trend-steps-chart]");
    const days = el && window.echarts?.getInstanceByDom(el)?.getOption()?.xAxis?.[0]?.data;
    return days?.length === 7 && days[0] === first && days.at(-1) === last;
  }, [from, to], { timeout: 60_000 });
  await settled(page, "trend-steps-chart");
  const categories = await page.evaluate(() => window.echarts.getInstanceByDom(document.querySelector("[data-testid=trend-steps-chart]")).getOption().xAxis[0].data);
  assert.deepEqual(categories, dates);
  assert.deepEqual(await barMismatches(page, "trend-steps-chart", dates.map((d) => perDay.get(d))), []);
  // The chart is drawn from each day's figure; its CSV reads the minutes from the cache when
  // asked, and they add up to the API's totals, every day of the range.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("trend-steps-csv").click()]);
  const [head, ...rows] = readFileSync(await dl.path(), "utf8").trim().split("\n").map((l) => l.split(","));
  const [local, count] = [head.indexOf("local_time"), head.indexOf("steps")];
  const csvPerDay = new Map();
  for (const r of rows) csvPerDay.set(r[local].slice(0, 10), (csvPerDay.get(r[local].slice(0, 10)) ?? 0) + Number(r[count]));
  assert.deepEqual(dates.map((d) => csvPerDay.get(d) ?? 0), dates.map((d) => perDay.get(d)));
  await context.close();
});

/** Every pair of header texts that overlap on a chart: the title, its subtext, the axis names
 * and the legend's items, as drawn (each text element's box, transformed to the canvas). */
const overlaps = (page) => page.evaluate(() => [...document.querySelectorAll(".chart")].flatMap((el) => {
  const chart = window.echarts?.getInstanceByDom(el);
  if (!chart) return [];
  const o = chart.getOption();
  const header = new Set([o.title?.[0]?.text, o.title?.[0]?.subtext,
    ...(o.yAxis ?? []).map((a) => a.name), ...(o.xAxis ?? []).map((a) => a.name),
    ...(o.legend?.[0]?.show === false ? [] : (o.legend?.[0]?.data ?? o.series.map((s) => s.name)))]
    .filter((t) => typeof t === "string" && t.trim()));
  const boxes = [];
  chart.getZr().storage.getDisplayList().forEach((e) => {
    const t = e.style?.text;
    if (typeof t !== "string" || !header.has(t) || e.invisible || e.ignore) return;
    const b = e.getBoundingRect().clone();
    b.applyTransform(e.getComputedTransform());
    boxes.push({ t, x: b.x, y: b.y, w: b.width, h: b.height });
  });
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${el.dataset.testid ?? el.dataset.for}: "${a.t}" over "${b.t}"`);
  }
  return out;
}));

test("no chart's title, subtitle, axis name or legend is drawn over another", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "google");
  await showDay(page, emu, "2026-11-24");
  assert.ok((await page.evaluate(() => document.querySelectorAll("[data-testid=day] .chart").length)) >= 3);
  assert.deepEqual(await overlaps(page), []);
  // A phone's width, where a long subtitle runs furthest.
  await page.setViewportSize({ width: 390, height: 1500 });
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=day] .chart")]
    .every((el) => window.echarts.getInstanceByDom(el).getWidth() === el.clientWidth));
  assert.deepEqual(await overlaps(page), []);
  await page.setViewportSize({ width: 1280, height: 1500 });
  await openTrends(page, emu, "2026-11-18", "2026-11-24");
  await page.waitForFunction(() => {
    const charts = [...document.querySelectorAll("[data-testid^=trend-][data-testid$=-chart]")];
    return charts.length >= 5 && charts.every((el) => window.echarts?.getInstanceByDom(el)?.getOption()?.xAxis?.[0]?.data?.length === 7);
  }, null, { timeout: 60_000 });
  assert.deepEqual(await overlaps(page), []);
  await context.close();
});
