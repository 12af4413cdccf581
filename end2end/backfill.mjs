// The Export page's backfill, driven as a person would: open the page, choose types and days,
// start, wait until done, download; and the API calls the emulator saw meanwhile.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { connect } from "./harness.mjs";

/** The helpers, bound to the test file's emulator (`emu()`: it starts in `before`). */
export function backfillHelpers(emu) {
  /** API calls (GET) the emulator saw since the last clear, as "host path status". */
  async function apiCalls() {
    const { entries } = await emu().control("GET", "/log");
    return entries
      .filter((e) => e.method === "GET" && (e.host === "api_fitbit" || e.host === "health_googleapis"))
      .map((e) => `${e.host} ${e.path} ${e.status}`);
  }
  const clearLog = () => emu().control("DELETE", "/log");

  /** Signs in and waits for the home page's own requests (yesterday's charts) to finish, so none
   * of them lands in a request count taken afterwards. */
  async function connectSettled(page, provider) {
    await connect(page, emu(), provider);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"), null, { timeout: 60_000 });
  }

  async function openExport(page, { from, to, kinds }) {
    await page.goto(`${emu().origins.app}#/export`);
    await page.locator('[data-testid=export][data-ready=true]').waitFor();
    await page.getByTestId("from").fill(from);
    await page.getByTestId("to").fill(to);
    // Every type on offer is set: the four these tests count, unless told otherwise.
    const want = kinds ?? KINDS;
    for (const box of await page.locator("input[data-testid^=kind-]").all()) {
      const k = (await box.getAttribute("data-testid")).slice("kind-".length);
      if ((await box.isChecked()) !== want.includes(k)) await box.click();
    }
  }

  async function downloadCsv(page, kind) {
    const [dl] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.getByTestId(`csv-${kind}`).click(),
    ]);
    return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), "utf8") };
  }

  const KINDS = ["heart_rate_1min", "steps", "sleep", "resting_heart_rate"];
  // The rows without what names the source: the `source` column, and `time_basis` (Google
  // records each offset, the legacy API has only the profile's zone).
  const dropSource = (csv) => {
    const lines = csv.trim().split("\n");
    const head = lines[0].split(",");
    const drop = new Set([head.length - 1, head.indexOf("time_basis")]);
    return lines.map((l) => l.split(",").filter((_, i) => !drop.has(i)).join(","));
  };

  async function waitDone(page, timeout = 120_000) {
    await page.locator("[data-testid=export][data-state=done]").waitFor({ timeout });
    return page.getByTestId("progress").evaluate((e) => ({ ...e.dataset }));
  }

  /** Signs in with Fitbit in `context`, starts a backfill of 1-minute heart rate and steps over
   * `[from, to]` on the Export page (answers `delayMs` slow), and returns the page once
   * `after` day records are stored. The log is cleared just before the start. */
  async function backfillUnderWay(context, { from, to, after, delayMs = 0 }) {
    const page = await context.newPage();
    await connectSettled(page, "fitbit");
    await openExport(page, { from, to, kinds: ["heart_rate_1min", "steps"] });
    if (delayMs) await emu().control("POST", "/faults", JSON.stringify({ families: { fitbit_api: { delay_ms: delayMs } } }));
    await clearLog();
    await page.getByTestId("start").click();
    await page.waitForFunction((n) => Number(document.querySelector("[data-testid=progress]")?.dataset.done) >= n, after, { timeout: 60_000 });
    return page;
  }

  /** The 1-minute heart-rate CSV of a finished backfill: no row twice, `days` days. */
  async function checkEveryDayOnce(page, days) {
    const { text } = await downloadCsv(page, "heart_rate_1min");
    const rows = text.trim().split("\n").slice(1);
    assert.equal(new Set(rows.map((r) => r.split(",")[0])).size, rows.length, "no duplicated row");
    const seen = new Set(rows.map((r) => r.split(",")[1].slice(0, 10)));
    assert.equal(seen.size, days, `no missing day: ${[...seen].sort().join(" ")}`);
    return rows.length;
  }

  return { apiCalls, clearLog, connectSettled, openExport, downloadCsv, KINDS, dropSource, waitDone, backfillUnderWay, checkEveryDayOnce };
}
