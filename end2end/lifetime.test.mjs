// Issue #28's views over the days stored, read against the export's own files: "Your usual" on
// the day view (each night metric against the quartiles of the 30 days before it, worked out
// here by linear interpolation, NumPy's default), and the Trends page's comparison of a month
// with the one before and the same month a year earlier.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, importedExport, stepsPerLocalDay } from "./harness.mjs";

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
