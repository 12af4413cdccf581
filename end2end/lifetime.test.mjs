// Issue #28's views over the days stored, read against the export's own files: "Your usual" on
// the day view (each night metric against the quartiles of the 30 days before it, worked out
// here by linear interpolation, NumPy's default), and the Trends page's comparison of a month
// with the one before and the same month a year earlier.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, importedExport, stepsPerLocalDay, newPage, connect, openTrends, googlePoints } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** The p quantile of sorted xs, linear between order statistics (type 7). */
function quantile(xs, p) {
  const h = (xs.length - 1) * p, lo = Math.floor(h);
  return xs[lo] + (h - lo) * (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]);
}

/** The export's resting heart rate by date (a `date: null` record is a day without one). */
function restingOf(files) {
  const resting = new Map();
  for (const [name, text] of Object.entries(files)) {
    if (!/resting_heart_rate-\d{4}-\d\d-\d\d\.json$/.test(name)) continue;
    for (const rec of JSON.parse(text)) {
      if (!rec.value.date) continue;
      const [m, d, y] = rec.value.date.split("/");
      resting.set(`20${y}-${m}-${d}`, rec.value.value);
    }
  }
  return resting;
}

/** A page with the export of `from`..`to` imported, and that export's files. */
const imported = (from, to) => importedExport(browser, emu, from, to);

test("the day says where its resting heart rate sits against the 30 days before, with the band's numbers", async () => {
  const { page, context, files } = await imported("2026-05-01", "2026-06-14");
  const resting = restingOf(files);
  for (const day of ["2026-06-12", "2026-06-02"]) {
    await page.evaluate((d) => { location.hash = `#/day/${d}`; }, day);
    const line = page.getByTestId("usual-resting_heart_rate");
    await page.waitForSelector(`[data-testid=usual][data-date="${day}"] [data-testid=usual-resting_heart_rate]`, { timeout: 60_000 });
    const before = [];
    for (let i = 30; i >= 1; i--) {
      const d = new Date(`${day}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - i);
      const v = resting.get(d.toISOString().slice(0, 10));
      if (v !== undefined) before.push(v);
    }
    assert.ok(before.length >= 14, `${before.length} days before ${day}`);
    before.sort((a, b) => a - b);
    const want = { q1: quantile(before, 0.25), median: quantile(before, 0.5), q3: quantile(before, 0.75) };
    const value = resting.get(day);
    const got = Object.fromEntries(await Promise.all(["value", "q1", "median", "q3", "verdict"].map(async (a) => [a, await line.getAttribute(`data-${a}`)])));
    assert.equal(Number(got.value), value, day);
    for (const k of ["q1", "median", "q3"]) assert.ok(Math.abs(Number(got[k]) - want[k]) < 1e-9, `${day} ${k}: ${got[k]} vs ${want[k]}`);
    const verdict = value < want.q1 ? "below" : value > want.q3 ? "above" : "within";
    assert.equal(got.verdict, verdict, day);
    assert.match(await line.innerText(), new RegExp(`Resting heart rate: .*, ${verdict} your usual \\(.* to .*, median .*; ${before.length} days\\)`));
  }
  // Too early in the export for a band: it says how many days it still lacks.
  await page.evaluate(() => { location.hash = "#/day/2026-05-08"; });
  await page.waitForSelector(`[data-testid=usual][data-date="2026-05-08"] [data-testid=usual-resting_heart_rate]`, { timeout: 60_000 });
  assert.match(await page.getByTestId("usual-resting_heart_rate").innerText(), /not enough days yet for a usual range \(\d+ of the 14 needed/);
  await context.close();
});

test("Trends draws resting heart rate's usual band behind its line: each day's quartiles of the 30 days before it", async () => {
  const { page, context, files } = await imported("2026-04-20", "2026-06-14");
  const resting = restingOf(files);
  const [from, to] = ["2026-04-25", "2026-05-24"];
  await page.evaluate(() => { location.hash = "#/trends"; });
  await page.getByTestId("span-custom").click();
  await page.getByTestId("trend-from").fill(from);
  await page.getByTestId("trend-to").fill(to);
  await page.getByTestId("trend-apply").click();
  const drawn = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=trend-resting_heart_rate-chart]");
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    if (o?.xAxis?.[0]?.data?.length !== 30) return null;
    const by = (name) => o.series.find((x) => x.name === name);
    const [line, floor, band] = [o.series[0], by("Your usual (its floor)"), by("Your usual")];
    return floor && band ? { days: o.xAxis[0].data, line: line.data, floor: floor.data, width: band.data, stacked: floor.stack === band.stack && !!band.areaStyle } : null;
  }, null, { timeout: 120_000 }).then((h) => h.jsonValue());
  assert.ok(drawn.stacked, "the band is an area stacked on its floor");
  let banded = 0;
  drawn.days.forEach((label, i) => {
    const day = new Date(`${from}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + i);
    const before = [];
    for (let k = 30; k >= 1; k--) {
      const d = new Date(day);
      d.setUTCDate(d.getUTCDate() - k);
      const v = resting.get(d.toISOString().slice(0, 10));
      if (v !== undefined) before.push(v);
    }
    before.sort((a, b) => a - b);
    const [floor, width] = [drawn.floor[i], drawn.width[i]];
    if (before.length < 14) {
      assert.deepEqual([floor, width], ["-", "-"], `${label}: ${before.length} days before, no band`);
      return;
    }
    banded++;
    const [q1, q3] = [quantile(before, 0.25), quantile(before, 0.75)];
    assert.ok(Math.abs(Number(floor) - q1) < 1e-9 && Math.abs(Number(floor) + Number(width) - q3) < 1e-9, `${label}: drawn ${floor}+${width}, quartiles ${q1}..${q3}`);
  });
  // The export begins on April 20: the first days of the range have too few days before them.
  assert.ok(banded > 10 && banded < 30, `${banded} days banded`);
  await context.close();
});

test("on Google, resting heart rate and HRV sit in the personal range the API's daily roll-up gives, in Trends and on the day, each day asked once", async () => {
  const { page, context } = await newPage(browser);
  await connect(page, emu, "google");
  const [day, from] = ["2026-11-24", "2026-10-26"];
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
  // The truth is the API's own answers, asked here with the page's token: the day's roll-up
  // (its personal range) and the day's listed value.
  const [y, m, d] = day.split("-").map(Number);
  const rolled = async (kebab) => {
    const r = await fetch(`${emu.origins.health_googleapis}/v4/users/me/dataTypes/${kebab}/dataPoints:dailyRollUp`, {
      method: "POST", headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ range: { start: { date: { year: y, month: m, day: d } }, end: { date: { year: y, month: m, day: d + 1 } } }, windowSizeDays: 1 }),
    });
    return (await r.json()).rollupDataPoints[0];
  };
  const rhrRange = (await rolled("daily-resting-heart-rate")).restingHeartRatePersonalRange;
  const hrvRange = (await rolled("daily-heart-rate-variability")).heartRateVariabilityPersonalRange;
  const value = async (kebab, field, read) => {
    const snake = kebab.replaceAll("-", "_");
    const [p] = await googlePoints(page, emu, kebab, `${snake}.date >= "${day}" AND ${snake}.date < "2026-11-25"`);
    return read(p[field]);
  };
  const rhr = await value("daily-resting-heart-rate", "dailyRestingHeartRate", (x) => Number(x.beatsPerMinute));
  const hrv = await value("daily-heart-rate-variability", "dailyHeartRateVariability", (x) => Number(x.averageHeartRateVariabilityMilliseconds));
  // Trends over the 30 days stores the days' values (a day view asks the API for no range).
  await openTrends(page, emu, from, day);
  // (The page opens on the last 7 days first: wait for the range's 30.)
  await page.waitForFunction(() => ["resting_heart_rate", "hrv"].every((k) =>
    JSON.parse(document.querySelector(`[data-testid=trend-${k}][data-values]`)?.dataset.values ?? "[]").length === 30), null, { timeout: 120_000 });
  // Trends shades the same ranges behind the line: each day's, from the API's roll-up of the
  // 30 days (asked here in one request).
  const [fy, fm, fd] = from.split("-").map(Number);
  const month = await (await fetch(`${emu.origins.health_googleapis}/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints:dailyRollUp`, {
    method: "POST", headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ range: { start: { date: { year: fy, month: fm, day: fd } }, end: { date: { year: y, month: m, day: d + 1 } } }, windowSizeDays: 1, pageSize: 30 }),
  })).json();
  const ranges = new Map(month.rollupDataPoints.map((p) => [
    `${p.civilStartTime.date.year}-${String(p.civilStartTime.date.month).padStart(2, "0")}-${String(p.civilStartTime.date.day).padStart(2, "0")}`,
    p.restingHeartRatePersonalRange]));
  assert.equal(ranges.size, 30);
  const shaded = await page.evaluate(() => {
    const o = window.echarts.getInstanceByDom(document.querySelector("[data-testid=trend-resting_heart_rate-chart]")).getOption();
    const by = (name) => o.series.find((x) => x.name === name).data;
    return { days: o.xAxis[0].data, floor: by("Your usual (its floor)"), width: by("Your usual"), about: o.title[0].subtext };
  });
  assert.match(shaded.about, /shaded: your personal range \(Google's\)/);
  shaded.days.forEach((_, i) => {
    const date = new Date(`${from}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + i);
    const r = ranges.get(date.toISOString().slice(0, 10));
    assert.deepEqual([Number(shaded.floor[i]), Number(shaded.floor[i]) + Number(shaded.width[i])], [r.beatsPerMinuteMin, r.beatsPerMinuteMax], `day ${i}`);
  });
  await page.evaluate((x) => { location.hash = `#/day/${x}`; }, day);
  await page.waitForSelector(`[data-testid=usual][data-date="${day}"] [data-testid=usual-hrv]`, { timeout: 60_000 });
  const verdict = (v, low, high) => (v < low ? "below" : v > high ? "above" : "within");
  const rhrText = await page.getByTestId("usual-resting_heart_rate").innerText();
  assert.equal(rhrText, `Resting heart rate: ${rhr} bpm, ${verdict(rhr, rhrRange.beatsPerMinuteMin, rhrRange.beatsPerMinuteMax)} your personal range (${rhrRange.beatsPerMinuteMin} bpm to ${rhrRange.beatsPerMinuteMax} bpm, as Google gives it)`);
  const hrvLine = page.getByTestId("usual-hrv");
  const [low, high] = [hrvRange.averageHeartRateVariabilityMillisecondsMin, hrvRange.averageHeartRateVariabilityMillisecondsMax];
  assert.deepEqual([Number(await hrvLine.getAttribute("data-low")), Number(await hrvLine.getAttribute("data-high"))], [low, high]);
  assert.match(await hrvLine.innerText(), new RegExp(`^Heart-rate variability: .*, ${verdict(hrv, low, high)} your personal range \\(.* to .*, as Google gives it\\)$`));
  // SpO2 has no personal range in the API: its band is the 30 days' quartiles.
  assert.match(await page.getByTestId("usual-spo2").innerText(), /your usual \(.* to .*, median .*; \d+ days\)|not enough days yet/);
  // Another day and back: the ranges are asked once a visit.
  await emu.control("DELETE", "/log");
  await page.evaluate(() => { location.hash = "#/day/2026-11-23"; });
  await page.waitForSelector(`[data-testid=usual][data-date="2026-11-23"] [data-testid=usual-hrv]`, { timeout: 60_000 });
  await page.evaluate((x) => { location.hash = `#/day/${x}`; }, day);
  await page.waitForSelector(`[data-testid=usual][data-date="${day}"] [data-testid=usual-hrv]`, { timeout: 60_000 });
  // (The day's ranges were asked with the month's, for Trends: a day view asks none of them.)
  const rollups = async () => (await emu.control("GET", "/log")).entries.filter((e) => e.method === "POST" && e.path?.includes(":dailyRollUp") && e.path.includes("daily-"));
  assert.deepEqual(await rollups(), []);
  // Nor after a reload: a past day's range is kept beside the days.
  await page.reload();
  await page.waitForSelector(`[data-testid=usual][data-date="${day}"] [data-testid=usual-hrv]`, { timeout: 60_000 });
  assert.equal(await page.getByTestId("usual-resting_heart_rate").innerText(), rhrText);
  assert.deepEqual(await rollups(), []);
  await context.close();
});

test("a month against the one before and the same month a year earlier, and the records: resting heart rate from the export's files", async () => {
  const { page, context, files } = await imported("2025-05-25", "2026-06-14");
  const resting = restingOf(files);
  const mean = (from, to) => {
    const v = [...resting].filter(([d]) => from <= d && d <= to).map(([, x]) => x);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  await page.evaluate(() => { location.hash = "#/trends"; });
  await page.getByTestId("compare-go").waitFor();
  await page.getByTestId("compare-period").selectOption("month");
  await page.getByTestId("compare-date").fill("2026-06-10");
  await page.getByTestId("compare-go").click();
  await page.waitForSelector("[data-testid=compare-table][data-from='2026-06-01']", { timeout: 120_000 });
  const row = page.getByTestId("compare-resting_heart_rate");
  const got = Object.fromEntries(await Promise.all(["now", "before", "year", "stat"].map(async (a) => [a, await row.getAttribute(`data-${a}`)])));
  assert.equal(got.stat, "mean");
  const want = { now: mean("2026-06-01", "2026-06-30"), before: mean("2026-05-01", "2026-05-31"), year: mean("2025-06-01", "2025-06-30") };
  for (const k of ["now", "before", "year"]) assert.ok(Math.abs(Number(got[k]) - want[k]) < 1e-9, `${k}: ${got[k]} vs ${want[k]}`);
  // The change cells say the difference and the percentage, to the shown precision.
  const cells = await row.locator("td").allInnerTexts();
  const pct = (100 * (want.now - want.year)) / want.year;
  assert.ok(cells[4].includes(`${pct > 0 ? "+" : ""}${pct.toFixed(1)} %`), `${cells[4]} vs ${pct}`);
  // Steps add up: a sum, with a figure for each period.
  assert.equal(await page.getByTestId("compare-steps").getAttribute("data-stat"), "sum");
  // Records over every day stored: the lowest resting heart rate is the export's lowest (the
  // earliest such day), and it links to that day.
  await page.getByTestId("records-go").click();
  const low = page.getByTestId("record-resting_heart_rate-low");
  await low.waitFor({ timeout: 120_000 });
  const [lowDate, lowValue] = [...resting].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
  assert.equal(await low.getAttribute("data-date"), lowDate);
  assert.equal(Number(await low.getAttribute("data-value")), lowValue);
  assert.equal(await low.locator("a").getAttribute("href"), `#/day/${lowDate}`);
  for (const which of ["day", "week", "month"]) await page.getByTestId(`record-steps-${which}`).waitFor();
  // The longest streak over a goal: each local day's steps added up here from the export's
  // UTC minutes, in the profile's zone.
  const zone = files[Object.keys(files).find((n) => n.endsWith("Profile.csv"))].split("\n")[1].split(",")[2];
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  const perDay = stepsPerLocalDay(files, (ms) => local.format(ms));
  const totals = [...perDay.values()].sort((a, b) => a - b);
  const goal = Math.round(totals[Math.floor(totals.length * 0.3)] / 100) * 100;
  let best = null, run = null;
  for (const day of [...perDay.keys()].sort()) {
    if (perDay.get(day) < goal) { run = null; continue; }
    const prev = run && new Date(Date.parse(`${run[1]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    run = run && prev === day ? [run[0], day, run[2] + 1] : [day, day, 1];
    if (!best || run[2] > best[2]) best = [...run];
  }
  await page.getByTestId("streak-goal").fill(String(goal));
  await page.getByTestId("streak-goal").dispatchEvent("change");
  await page.waitForSelector(`[data-testid=streak][data-goal="${goal}"]`);
  const streak = page.getByTestId("streak");
  assert.deepEqual(
    [await streak.getAttribute("data-from"), await streak.getAttribute("data-to"), Number(await streak.getAttribute("data-days"))],
    best, `goal ${goal}`);
  assert.ok(best[2] >= 2, `a streak of ${best[2]} days`);
  await context.close();
});
