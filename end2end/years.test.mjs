// Issue #28's Years page, read against the export's own steps files over a DST switch and a
// trip: every day's square where the calendar puts it (getOption, and where ECharts draws it),
// its colour from quintiles worked out here, the weeks' and months' sums, a click on a square
// opening its day, and the aggregates' CSV.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, importedExport, stepsPerLocalDay, SCREENSHOTS, docsPath } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** The synthetic person's clock: Berlin, with DST on 29 March, and Los Angeles between the two
 * landings (2026-06-10 and 06-24 at 16:00 UTC): the generator's itinerary. */
function localDate(ms) {
  const inLA = ms >= Date.parse("2026-06-10T16:00:00Z") && ms < Date.parse("2026-06-24T16:00:00Z");
  return new Intl.DateTimeFormat("en-CA", { timeZone: inLA ? "America/Los_Angeles" : "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
}

/** Each local day's steps, added up here from the export's UTC minutes; days without steps
 * have no square. */
function stepsPerDay(files) {
  const perDay = stepsPerLocalDay(files, localDate);
  for (const [d, v] of perDay) if (v === 0) perDay.delete(d);
  return perDay;
}

/** NumPy's default percentile (linear interpolation). */
function percentile(sorted, q) {
  const pos = q * (sorted.length - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const COLORS = ["#c7e9c0", "#8fd19e", "#52b36b", "#23864a", "#0b5a2b"];
const dayMs = (d) => Date.parse(`${d}T00:00:00Z`);

test("the Years calendar puts every day's steps on its square and band, the weeks and months add up across a DST switch and a trip, and a click opens the day", async () => {
  // A German browser: weeks from Monday.
  const { page, context, files } = await importedExport(browser, emu, "2026-03-20", "2026-06-30", { viewport: { width: 1280, height: 1200 }, locale: "de-DE" });
  const perDay = stepsPerDay(files);
  assert.ok(perDay.size > 90, `${perDay.size} days`);
  await page.getByTestId("nav-years").click();
  await page.getByTestId("years-year-2026").waitFor({ timeout: 120_000 });
  const drawn = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=years-calendar]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const o = c?.getOption();
    if (!o?.series?.[0]?.data?.length) return null;
    const items = o.series[0].data.map((d) => ({ name: d.name, value: d.value, color: d.itemStyle.color }));
    const grid = c.getModel().getComponent("grid").coordinateSystem.getRect();
    const px = items.map((d) => c.convertToPixel({ seriesIndex: 0 }, [d.value[0], d.value[2]]));
    return { items, px, grid: { x: grid.x, y: grid.y, w: grid.width, h: grid.height }, rows: o.yAxis[0].data };
  }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.deepEqual(drawn.rows, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);

  // Every day's square: its column (weeks since the Monday before 1 January), its row (Monday
  // on top), its value in the name, and its band's colour by quintiles of the year's days.
  const origin = dayMs("2025-12-29");
  const sorted = [...perDay.values()].sort((a, b) => a - b);
  const bounds = [0.2, 0.4, 0.6, 0.8].map((q) => percentile(sorted, q));
  assert.equal(drawn.items.length, perDay.size);
  for (const [i, it] of drawn.items.entries()) {
    const date = it.name.slice(0, 10);
    const steps = perDay.get(date);
    assert.ok(steps !== undefined, `${date} has steps in the files`);
    const week = Math.floor((dayMs(date) - origin) / 604_800_000);
    const weekday = (new Date(dayMs(date)).getUTCDay() + 6) % 7;
    assert.deepEqual([it.value[0], it.value[2]], [week, weekday], date);
    assert.equal(it.name, `${date}: ${steps} steps`);
    assert.equal(it.color, COLORS[bounds.filter((b) => steps > b).length], `${date}: ${steps}`);
    // Drawn inside the grid, left to right by week and top to bottom by weekday.
    const [x, y] = drawn.px[i];
    assert.ok(x >= drawn.grid.x - 0.5 && x <= drawn.grid.x + drawn.grid.w + 0.5 && y >= drawn.grid.y && y <= drawn.grid.y + drawn.grid.h, `${date} at ${x},${y}`);
  }
  const at = (date) => drawn.items.findIndex((it) => it.name.startsWith(date));
  assert.ok(drawn.px[at("2026-04-06")][0] > drawn.px[at("2026-03-30")][0], "a later week to the right");
  assert.ok(drawn.px[at("2026-04-05")][1] > drawn.px[at("2026-03-30")][1], "Sunday below Monday");

  // Weeks: the DST week (23–29 March) and a week in Los Angeles (8–14 June) add up the files'
  // local days.
  const sum = (from, to) => [...perDay].filter(([d]) => d >= from && d <= to).reduce((a, [, v]) => a + v, 0);
  await page.getByTestId("years-period-week").click();
  for (const [from, to] of [["2026-03-23", "2026-03-29"], ["2026-06-08", "2026-06-14"], ["2026-06-22", "2026-06-28"]]) {
    const row = page.locator(`[data-testid=years-aggregates] tr[data-from="${from}"]`);
    assert.equal(await row.getAttribute("data-to"), to);
    assert.equal(Number(await row.getAttribute("data-value")), sum(from, to), `week of ${from}`);
  }
  // Months, on the table and in the CSV.
  await page.getByTestId("years-period-month").click();
  const months = { "2026-04": ["2026-04-01", "2026-04-30"], "2026-05": ["2026-05-01", "2026-05-31"], "2026-06": ["2026-06-01", "2026-06-30"] };
  for (const [from, to] of Object.values(months)) {
    const row = page.locator(`[data-testid=years-aggregates] tr[data-from="${from}"]`);
    assert.equal(Number(await row.getAttribute("data-value")), sum(from, to), from);
  }
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("years-csv").click()]);
  assert.equal(csv.suggestedFilename(), "fitdata-steps-by-month.csv");
  const lines = readFileSync(await csv.path(), "utf8").trim().split("\n");
  assert.equal(lines[0], "period,from,to,metric,unit,statistic,value,days_with_data");
  const may = lines.find((l) => l.startsWith("month,2026-05-01,"));
  const mayDays = [...perDay.keys()].filter((d) => d.startsWith("2026-05")).length;
  assert.equal(may, `month,2026-05-01,2026-05-31,steps,steps,sum,${sum("2026-05-01", "2026-05-31")},${mayDays}`);

  if (SCREENSHOTS) await page.getByTestId("years").screenshot({ path: docsPath("years.png") });
  // A click on a square opens its day.
  const i = at("2026-06-12");
  const box = await page.getByTestId("years-calendar").boundingBox();
  const [x, y] = drawn.px[i];
  // The block starts at its week and is 0.86 of a week wide: click inside it.
  await page.mouse.click(box.x + x + 3, box.y + y);
  await page.waitForFunction(() => location.hash === "#/day/2026-06-12", null, { timeout: 10_000 });
  await context.close();
});

test("in a browser set to English (United States) the Years calendar and its weeks run Sunday to Saturday, across the DST switch and the trip", async () => {
  const { page, context, files } = await importedExport(browser, emu, "2026-03-20", "2026-06-30", { viewport: { width: 1280, height: 1200 }, locale: "en-US" });
  const perDay = stepsPerDay(files);
  await page.getByTestId("nav-years").click();
  await page.getByTestId("years-year-2026").waitFor({ timeout: 120_000 });
  const drawn = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=years-calendar]");
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    if (!o?.series?.[0]?.data?.length) return null;
    return { items: o.series[0].data.map((d) => ({ name: d.name, value: d.value })), rows: o.yAxis[0].data, subtitle: o.title[0].subtext };
  }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.deepEqual(drawn.rows, ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
  assert.match(drawn.subtitle, /Sunday on top/);
  assert.equal(await page.getByTestId("years-week-start").getAttribute("data-first"), "Sunday");
  // Column 0 starts on Sunday 28 December 2025; a day's row is its days since Sunday.
  const origin = dayMs("2025-12-28");
  assert.equal(drawn.items.length, perDay.size);
  for (const it of drawn.items) {
    const date = it.name.slice(0, 10);
    assert.deepEqual([it.value[0], it.value[2]], [Math.floor((dayMs(date) - origin) / 604_800_000), new Date(dayMs(date)).getUTCDay()], date);
  }
  // Sunday weeks: the one the clocks went forward in (29 March, its first day), the first in
  // Los Angeles, and the one the person flew home in, each the sum of the files' local days.
  const sum = (from, to) => [...perDay].filter(([d]) => d >= from && d <= to).reduce((a, [, v]) => a + v, 0);
  await page.getByTestId("years-period-week").click();
  for (const [from, to] of [["2026-03-22", "2026-03-28"], ["2026-03-29", "2026-04-04"], ["2026-06-07", "2026-06-13"], ["2026-06-21", "2026-06-27"]]) {
    const row = page.locator(`[data-testid=years-aggregates] tr[data-from="${from}"]`);
    assert.equal(await row.getAttribute("data-to"), to);
    assert.equal(Number(await row.getAttribute("data-value")), sum(from, to), `week of ${from}`);
  }
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("years-csv").click()]);
  const weeks = readFileSync(await csv.path(), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  assert.ok(weeks.length > 10 && weeks.every((w) => new Date(dayMs(w[1])).getUTCDay() === 0 && new Date(dayMs(w[2])).getUTCDay() === 6), "every week from a Sunday to a Saturday");
  await context.close();
});

test("Trends over more than a year draws a bar per week, each the sum of the export's own local days, across the DST switches and the trip", async () => {
  const { page, context, files } = await importedExport(browser, emu, "2025-06-01", "2026-06-30", { viewport: { width: 1280, height: 1200 }, locale: "de-DE" });
  const perDay = stepsPerDay(files);
  await page.evaluate(() => { location.hash = "#/trends"; });
  await page.getByTestId("span-custom").click();
  // Monday 2 June 2025 to Sunday 28 June 2026: 392 days, 56 weeks.
  await page.getByTestId("trend-from").fill("2025-06-02");
  await page.getByTestId("trend-to").fill("2026-06-28");
  await page.getByTestId("trend-apply").click();
  await page.waitForSelector("[data-testid=trend-steps][data-per=week]", { timeout: 300_000 });
  const option = (id) => page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid=${id}]`);
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    return o?.series?.length ? { labels: o.xAxis[0].data, series: o.series.map((s) => ({ name: s.name, data: s.data })), title: o.title[0].text, subtitle: o.title[0].subtext } : null;
  }, id, { timeout: 60_000 }).then((h) => h.jsonValue());
  const steps = await option("trend-steps-chart");
  assert.equal(steps.title, "Steps per week");
  const weeks = [];
  for (let t = dayMs("2025-06-02"); t <= dayMs("2026-06-22"); t += 7 * 86_400_000) weeks.push(new Date(t).toISOString().slice(0, 10));
  assert.deepEqual(steps.labels, weeks.map((w) => `week of ${w}`));
  const sum = (from, to) => [...perDay].filter(([d]) => d >= from && d <= to).reduce((a, [, v]) => a + v, 0);
  const truth = weeks.map((w) => sum(w, new Date(dayMs(w) + 6 * 86_400_000).toISOString().slice(0, 10)));
  assert.deepEqual(steps.series[0].data, truth);
  // The weeks of both DST switches and of the flights are among them.
  for (const w of ["2025-10-20", "2026-03-23", "2026-06-08", "2026-06-22"]) assert.ok(weeks.includes(w), w);
  // Sleep: a bar per week too, each stage the mean of the week's nights.
  await page.waitForSelector("[data-testid=trend-sleep][data-per=week]", { timeout: 120_000 });
  const sleep = await option("trend-sleep-chart");
  assert.equal(sleep.title, "Sleep per night, by week");
  assert.equal(sleep.labels.length, weeks.length);
  assert.deepEqual(sleep.series.map((s) => s.name), ["deep", "light", "rem", "wake"]);
  // A daily reading says its points are weeks' means.
  await page.waitForSelector("[data-testid=trend-resting_heart_rate][data-per=week]");
  const resting = await option("trend-resting_heart_rate-chart");
  assert.match(resting.subtitle, /a bar or point per week: the mean of its days with a value/);
  assert.equal(resting.labels.length, weeks.length);
  await context.close();
});
