// Google as it really answers: the emulator in the shapes recorded from the live API (split AZM
// roll-ups, prefixed unit enums, "NaN" before a baseline, mainSleep, a phone beside the tracker)
// and in the pessimistic worlds the evidence allows. Each journey reads what the chart draws
// (its own ECharts option) and compares it with the emulator's truth.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, connect, showDay, openTrends } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); });

const world = (w) => emu.control("POST", "/google", JSON.stringify(w));

async function token(page, provider) {
  return JSON.parse(await page.evaluate((p) => localStorage.getItem(`fitdata.v1.tokens.${p}`), provider)).access_token;
}

/** Every page of a Google listing or the answer of a roll-up, with the page's token. */
async function google(page, path, body) {
  const t = await token(page, "google");
  const r = await fetch(`${emu.origins.health_googleapis}${path}`, {
    method: body ? "POST" : "GET", body, headers: { Authorization: `Bearer ${t}`, "Content-Type": "application/json" },
  });
  assert.equal(r.status, 200, path);
  return r.json();
}

function dates(from, to) {
  const out = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += 864e5) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

/** What the chart `testid` draws: its value axis' name, categories and first series, read from
 * the ECharts instance itself once it holds `n` categories starting at `first`. */
async function drawn(page, testid, { n, first } = {}) {
  await page.waitForFunction(([id, n, first]) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    const cats = o?.xAxis?.[0]?.data;
    if (!o?.series?.[0]?.data?.length) return false;
    return n === undefined || (cats?.length === n && cats[0] === first);
  }, [testid, n, first], { timeout: 180_000 });
  return page.evaluate((id) => {
    const o = window.echarts.getInstanceByDom(document.querySelector(`[data-testid="${id}"]`)).getOption();
    // A point is a number, {value}, or [time, value] (the heart-rate line); "-" is a gap.
    const v = (x) => {
      let y = Array.isArray(x) ? x[1] : x !== null && typeof x === "object" ? x.value : x;
      if (Array.isArray(y)) y = y[1];
      return y === "-" || y === null || y === undefined ? null : Number(y);
    };
    return { unit: o.yAxis?.[0]?.name, categories: o.xAxis?.[0]?.data, values: o.series.some((s) => s.stack && s.type === "bar") ? window.__daily(o) : window.__points(o.series[0].data).map(v) };
  }, testid);
}

const showTrends = (page, from, to) => openTrends(page, emu, from, to);

const close = (a, b, tol) => a.every((x, i) => (x === null) === (b[i] === null) && (x === null || Math.abs(x - b[i]) <= tol));

test("a US profile shows miles and pounds, from Google's prefixed unit enums", async () => {
  await world({ units: "us" });
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 2400 } });
  await connect(page, emu, "google");
  const [from, to] = ["2026-10-19", "2026-10-25"];
  await showTrends(page, from, to);
  const n = dates(from, to).length;
  const distance = await drawn(page, "trend-distance-chart", { n, first: from });
  const weight = await drawn(page, "trend-weight-chart", { n, first: from });
  assert.equal(distance.unit, "mi");
  assert.equal(weight.unit, "lb");
  // The truth: Google's own answers, in millimetres and grams.
  const date = (d) => ({ date: { year: +d.slice(0, 4), month: +d.slice(5, 7), day: +d.slice(8, 10) } });
  const roll = await google(page, "/v4/users/me/dataTypes/distance/dataPoints:dailyRollUp",
    JSON.stringify({ range: { start: date(from), end: date("2026-10-26") }, windowSizeDays: 1 }));
  const km = new Map(roll.rollupDataPoints.map((p) => {
    const d = p.civilStartTime.date;
    return [`${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`, Number(p.distance.millimetersSum) / 1e6];
  }));
  const miles = dates(from, to).map((d) => (km.get(d) ?? 0) / 1.609344);
  assert.ok(close(distance.values, miles, 0.01), `${distance.values} vs ${miles}`);
  const w = await google(page, `/v4/users/me/dataTypes/weight/dataPoints:reconcile?${new URLSearchParams({ filter: `weight.sample_time.physical_time >= "${from}T00:00:00Z" AND weight.sample_time.physical_time < "2026-10-26T00:00:00Z"` })}`);
  const pounds = w.dataPoints.map((p) => p.weight.weightGrams / 1000 / 0.45359237);
  assert.ok(pounds.length >= 1);
  assert.ok(close(weight.values.filter((v) => v !== null), pounds, 0.05), `${weight.values} vs ${pounds}`);
  await context.close();
});

test("the Active Zone Minutes trend equals the emulator's, from the per-zone roll-up", async () => {
  const [from, to] = ["2026-10-19", "2026-11-01"];
  const fb = await newPage(browser);
  await connect(fb.page, emu, "fitbit");
  const t = await token(fb.page, "fitbit");
  const azm = await (await fetch(`${emu.origins.api_fitbit}/1/user/-/activities/active-zone-minutes/date/${from}/${to}.json`, { headers: { Authorization: `Bearer ${t}` } })).json();
  const truth = azm["activities-active-zone-minutes"].map((e) => e.value.activeZoneMinutes ?? 0);
  assert.ok(truth.some((v) => v > 0), `${truth}`);
  await fb.context.close();
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 2400 } });
  await connect(page, emu, "google");
  await showTrends(page, from, to);
  const shown = await drawn(page, "trend-active_zone_minutes-chart", { n: truth.length, first: from });
  assert.deepEqual(shown.values, truth);
  // The CSV has the three zones too: the total is fat burn once, cardio and peak twice.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("trend-active_zone_minutes-csv").click()]);
  const rows = readFileSync(await csv.path(), "utf8").trim().split("\n");
  assert.equal(rows[0], "date,azm_minutes,fat_burn_minutes,cardio_minutes,peak_minutes,source");
  for (const r of rows.slice(1)) {
    const [, total, fat, cardio, peak] = r.split(",").map(Number);
    assert.equal(total, fat + 2 * (cardio + peak), r);
  }
  await context.close();
});

/** Waits until the emulator has logged no new request for 1.5 s. */
async function settled() {
  let last = -1;
  for (let i = 0; i < 120; i++) {
    const n = (await emu.control("GET", "/log")).entries.length;
    if (n === last) return;
    last = n;
    await new Promise((r) => setTimeout(r, 1500));
  }
}

test("a night before the skin-temperature baseline is a gap, and the cache keeps it", async () => {
  const [from, to] = ["2023-10-02", "2023-10-09"];
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 2400 } });
  await connect(page, emu, "google");
  // Trends opens on the last 7 days and loads them: let that finish first, so that the second
  // visit below (which opens on them again) finds them in the cache too and the count is about
  // the range under test.
  await page.goto(`${emu.origins.app}#/trends`);
  await page.getByTestId("span-custom").click();
  await settled();
  await showTrends(page, from, to);
  const shown = await drawn(page, "trend-skin_temperature-chart", { n: 8, first: from });
  const answer = await google(page, `/v4/users/me/dataTypes/daily-sleep-temperature-derivations/dataPoints?${new URLSearchParams({ filter: `daily_sleep_temperature_derivations.date >= "${from}" AND daily_sleep_temperature_derivations.date < "2023-10-10"` })}`);
  const byDate = new Map(answer.dataPoints.map((p) => {
    const v = p.dailySleepTemperatureDerivations; const d = v.date;
    const key = `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
    return [key, v.baselineTemperatureCelsius === "NaN" ? null : Math.round((v.nightlyTemperatureCelsius - v.baselineTemperatureCelsius) * 100) / 100];
  }));
  const truth = dates(from, to).map((d) => byDate.get(d) ?? null);
  assert.ok(answer.dataPoints.some((p) => p.dailySleepTemperatureDerivations.baselineTemperatureCelsius === "NaN"));
  assert.ok(truth.some((v) => v !== null) && truth.some((v) => v === null), `${truth}`);
  assert.deepEqual(shown.values, truth);
  // The days are stored readable: the same range again asks Google for nothing.
  await settled();
  await emu.control("DELETE", "/log");
  await page.goto(`${emu.origins.app}#/`);
  await showTrends(page, from, to);
  await drawn(page, "trend-skin_temperature-chart", { n: 8, first: from });
  const log = await emu.control("GET", "/log");
  const temps = log.entries.filter((e) => e.path.includes("daily-sleep-temperature-derivations"));
  assert.deepEqual(temps, []);
  await context.close();
});

test("a night with two staged sleeps counts only Google's main sleep as main", async () => {
  await world({ second_staged_sleep: true });
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "google");
  // Find a night that has two staged sleeps, from Google's own answer.
  const listing = await google(page, `/v4/users/me/dataTypes/sleep/dataPoints?${new URLSearchParams({ filter: 'sleep.interval.civil_end_time >= "2026-04-01" AND sleep.interval.civil_end_time < "2026-04-06"' })}`);
  const byNight = new Map();
  for (const p of listing.dataPoints) {
    const key = new Date(Date.parse(p.sleep.interval.endTime) + parseInt(p.sleep.interval.endUtcOffset, 10) * 1000).toISOString().slice(0, 10);
    byNight.set(key, [...(byNight.get(key) ?? []), p]);
  }
  const [night, sleeps] = [...byNight].find(([, s]) => s.filter((p) => !p.sleep.metadata.nap).length === 2);
  const main = sleeps.find((p) => p.sleep.metadata.mainSleep === true);
  const minutes = (p) => Math.floor((Date.parse(p.sleep.interval.endTime) - Date.parse(p.sleep.interval.startTime)) / 60000);
  await showDay(page, emu, night);
  assert.equal(Number(await page.getByTestId("sleep").getAttribute("data-minutes")), minutes(main));
  // The hypnogram spans the main sleep; the CSV marks its rows main and the other sleep's not.
  const hyp = await page.evaluate(() => window.echarts.getInstanceByDom(document.querySelector("[data-testid=sleep-chart]")).getOption());
  assert.ok(JSON.stringify(hyp.series).length > 0);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sleep-csv").click()]);
  const rows = readFileSync(await csv.path(), "utf8").trim().split("\n").slice(1).map((r) => r.split(","));
  const mainStart = Date.parse(main.sleep.interval.startTime), mainEnd = Date.parse(main.sleep.interval.endTime);
  for (const r of rows) {
    const t = Date.parse(r[0]);
    assert.equal(r[7], String(t >= mainStart && t < mainEnd), r.join(","));
  }
  assert.ok(rows.some((r) => r[7] === "false") && rows.some((r) => r[7] === "true"));
  await context.close();
});

test("a tracker and a phone both counting steps: the day shows the merged total, not the sum", async () => {
  await world({ phone_steps: true });
  const truth = await emu.control("GET", "/google/steps?date=2026-04-07");
  assert.ok(truth.merged < truth.tracker + truth.phone && truth.merged > truth.tracker, JSON.stringify(truth));
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "google");
  await showDay(page, emu, "2026-04-07");
  const steps = await drawn(page, "steps-chart");
  assert.equal(steps.values.reduce((a, b) => a + (b ?? 0), 0), truth.merged);
  assert.equal(Number(await page.getByTestId("steps").getAttribute("data-total")), truth.merged);
  await context.close();
});

test("each pessimistic world gives the same day as the optimistic one", async () => {
  const day = "2026-03-29";
  const look = async () => {
    const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
    await connect(page, emu, "google");
    await showDay(page, emu, day);
    const hr = await drawn(page, "hr-chart");
    const steps = await drawn(page, "steps-chart");
    const out = {
      hrPoints: hr.values.length,
      hrSum: hr.values.reduce((a, b) => a + (b ?? 0), 0),
      steps: steps.values.reduce((a, b) => a + (b ?? 0), 0),
      sleep: Number(await page.getByTestId("sleep").getAttribute("data-minutes")),
    };
    await context.close();
    return out;
  };
  const optimistic = await look();
  assert.ok(optimistic.hrPoints > 5000 && optimistic.steps > 1000 && optimistic.sleep > 300, JSON.stringify(optimistic));
  for (const w of [{ civil_filters_empty: true }, { empty_page_with_token: true }, { short_pages: true }]) {
    await world(w);
    assert.deepEqual(await look(), optimistic, JSON.stringify(w));
  }
});
