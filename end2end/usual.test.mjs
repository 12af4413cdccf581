// "Your usual" on the day view (issue #28): each night metric against the quartiles of the 30
// days before it. The truth is computed here from the export's own files (the resting heart
// rate JSON), with the quartiles worked out by linear interpolation (NumPy's default).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, newPage, unzip } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** The p quantile of sorted xs, linear between order statistics (type 7). */
function quantile(xs, p) {
  const h = (xs.length - 1) * p, lo = Math.floor(h);
  return xs[lo] + (h - lo) * (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]);
}

test("the day says where its resting heart rate sits against the 30 days before, with the band's numbers", async () => {
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from: "2026-05-01", to: "2026-06-14" })}`);
  const zip = Buffer.from(await r.arrayBuffer());
  // The export's resting heart rate, by date (a `date: null` record is a day without one).
  const resting = new Map();
  for (const [name, text] of Object.entries(unzip(zip))) {
    if (!/resting_heart_rate-\d{4}-\d\d-\d\d\.json$/.test(name)) continue;
    for (const rec of JSON.parse(text)) {
      if (!rec.value.date) continue;
      const [m, d, y] = rec.value.date.split("/");
      resting.set(`20${y}-${m}-${d}`, rec.value.value);
    }
  }
  const { page, context } = await newPage(browser);
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
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
