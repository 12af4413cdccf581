// The data layer through the real app: the cache, the request budget, backfills that survive a
// closed tab, the CSV downloads, and a clear message for every fault the emulator can inject.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, connect, showDay } from "./harness.mjs";
import { backfillHelpers } from "./backfill.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => {
  await emu.control("POST", "/reset");
  await emu.control("DELETE", "/faults");
  await emu.control("DELETE", "/app-config");
});

const { apiCalls, clearLog, connectSettled, openExport, downloadCsv, KINDS, dropSource, waitDone, backfillUnderWay, checkEveryDayOnce } = backfillHelpers(() => emu);

test("the same 7 days through Google and through Fitbit give identical CSV for 1-min HR, steps, sleep and resting HR", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = {};
  for (const provider of ["google", "fitbit"]) {
    await connect(page, emu, provider);
    await openExport(page, { from: "2026-10-05", to: "2026-10-11" });
    files[provider] = {};
    for (const kind of KINDS) {
      const { name, text } = await downloadCsv(page, kind);
      assert.equal(name, `fitdata-${provider}-${kind}-2026-10-05-2026-10-11.csv`);
      files[provider][kind] = text;
    }
    page.once("dialog", (d) => d.accept());
    await page.goto(emu.origins.app);
    await page.getByTestId("disconnect").click();
    await page.getByTestId("provider-choices").waitFor();
  }
  for (const kind of KINDS) {
    const g = dropSource(files.google[kind]), f = dropSource(files.fitbit[kind]);
    assert.ok(g.length > ({ sleep: 30, resting_heart_rate: 6 }[kind] ?? 1000), `${kind}: ${g.length} rows`);
    assert.equal(f.length, g.length, kind);
    assert.deepEqual(f, g, kind);
    assert.match(files.google[kind], /,google\n/);
    assert.match(files.fitbit[kind], /,fitbit\n/);
  }
  // Every day of the range is there, in local time with the offset of the day (CEST).
  const days = new Set(dropSource(files.google.heart_rate_1min).slice(1).map((l) => l.split(",")[1].slice(0, 10)));
  assert.deepEqual([...days].sort(), ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-11"]);
  assert.match(files.google.heart_rate_1min, /^utc_time,local_time,utc_offset_min,time_basis,bpm,source\n\S+Z,\S+\+02:00,120,recorded,\d+,google\n/);
  await context.close();
});

test("a second visit to a day costs 0 requests, in a new tab too", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await connectSettled(page, "fitbit");
  await showDay(page, emu, "2026-10-07");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  await clearLog();
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  const other = await context.newPage();
  await other.goto(`${emu.origins.app}#/day/2026-10-07`);
  await other.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  assert.deepEqual(await apiCalls(), []);
  // The 1-min level of a day whose 1-sec data is stored is derived, not fetched.
  await openExport(page, { from: "2026-10-07", to: "2026-10-07" });
  const { text } = await downloadCsv(page, "heart_rate_1min");
  assert.ok(text.split("\n").length > 1000);
  assert.deepEqual((await apiCalls()).filter((c) => c.includes("/heart/")), []);
  await context.close();
});

test("a 30-day Fitbit backfill of 1-min HR, steps, sleep and resting HR takes exactly 62 requests and no 429", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await connectSettled(page, "fitbit");
  await openExport(page, { from: "2026-09-01", to: "2026-09-30" });
  // Said before it starts: what is missing and the requests it takes.
  const cost = page.locator("[data-testid=plan-cost][data-missing='120']");
  await cost.waitFor({ timeout: 20_000 });
  assert.equal(await cost.getAttribute("data-requests"), "62");
  assert.match(await cost.innerText(), /^Before it starts: 120 days × types to fetch, 62 requests, all within the current rate-limit window \(150 requests an hour\)\.$/);
  await clearLog();
  await page.getByTestId("start").click();
  const p = await waitDone(page);
  const calls = await apiCalls();
  // 30 days × (HR intraday + steps intraday) + one sleep range (≤ 100 nights) + one heart-rate
  // time series for resting HR (≤ 1 year).
  assert.equal(calls.length, 62, calls.join("\n"));
  await page.locator("[data-testid=plan-cost][data-missing='0']").waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId("plan-cost").innerText(), /^Nothing to fetch/);
  assert.equal(calls.filter((c) => c.endsWith(" 429")).length, 0);
  assert.equal(new Set(calls).size, 62, "no request twice");
  assert.deepEqual([p.done, p.total, p.requests], ["120", "120", "62"]);
  // Done is done: starting again asks for nothing.
  await clearLog();
  await page.getByTestId("start").click();
  await waitDone(page);
  assert.deepEqual(await apiCalls(), []);
  await context.close();
});

test("heart rate at every reading: its cost is said before it starts, and the requests sent are the ones said", async () => {
  for (const [provider, from, to] of [["fitbit", "2026-08-10", "2026-08-14"], ["google", "2026-08-10", "2026-08-12"]]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await connectSettled(page, provider);
    await openExport(page, { from, to, kinds: ["heart_rate", "steps"] });
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    const cost = page.locator(`[data-testid=plan-cost][data-missing='${2 * days}']`);
    await cost.waitFor({ timeout: 20_000 });
    const [said, every] = [Number(await cost.getAttribute("data-requests")), Number(await cost.getAttribute("data-every-reading"))];
    assert.match(await cost.innerText(), new RegExp(`Heart rate at every reading is ${every} of them`));
    await clearLog();
    await page.getByTestId("start").click();
    await waitDone(page);
    const calls = await apiCalls();
    if (provider === "fitbit") {
      // A request a day for each: said exactly.
      assert.deepEqual([said, every, calls.length], [2 * days, days, 2 * days], calls.join("\n"));
    } else {
      // Google's is an estimate from a typical day's readings and the page size: the person
      // is told no fewer requests than are sent, and not twice as many.
      const hr = calls.filter((c) => c.includes("heart-rate")).length;
      assert.ok(every >= hr && every < 2 * hr + 2, `${every} said for heart rate, ${hr} sent`);
      assert.ok(said >= calls.length && said < 2 * calls.length + 2, `${said} said, ${calls.length} sent: ${calls.join("\n")}`);
    }
    await context.close();
  }
});

test("a tab closed mid-backfill resumes on return: every day once, no gaps", async () => {
  const context = await browser.newContext();
  let page = await backfillUnderWay(context, { from: "2026-08-01", to: "2026-08-30", after: 20 });
  await page.close();
  page = await context.newPage();
  await page.goto(`${emu.origins.app}#/export`);
  const p = await waitDone(page);
  assert.deepEqual([p.done, p.total], ["60", "60"]);
  const calls = await apiCalls();
  const repeated = calls.length - new Set(calls).size;
  // At most the one request in flight when the tab closed is sent again.
  assert.ok(repeated <= 1, `${repeated} repeated: ${calls.join("\n")}`);
  assert.ok(calls.length >= 60 && calls.length <= 61, String(calls.length));
  await checkEveryDayOnce(page, 30);
  await context.close();
});

test("a 400-day backfill runs at Fitbit's 150 requests per hour and never triggers a 429", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The page's clock and the emulator's move together: an hour passes in a moment for both.
  const { now } = await emu.control("GET", "/clock");
  await page.clock.install({ time: now * 1000 });
  await connectSettled(page, "fitbit");
  await openExport(page, { from: "2025-08-01", to: "2026-09-04" });
  await clearLog();
  await page.getByTestId("start").click();
  let waits = 0;
  for (;;) {
    const which = await Promise.race([
      page.locator("[data-testid=export][data-state=done]").waitFor({ timeout: 300_000 }).then(() => "done"),
      page.getByTestId("waiting").waitFor({ timeout: 300_000 }).then(() => "waiting"),
    ]);
    if (which === "done") break;
    waits++;
    const until = Number(await page.getByTestId("waiting").getAttribute("data-until"));
    const pageNow = await page.evaluate(() => Date.now());
    const ahead = Math.max(0, until - pageNow) + 1000;
    await emu.control("POST", `/clock/advance?seconds=${Math.ceil(ahead / 1000)}`);
    await page.clock.fastForward(ahead);
    await page.getByTestId("waiting").waitFor({ state: "detached", timeout: 60_000 });
    assert.ok(waits < 20, "too many waits");
  }
  const calls = await apiCalls();
  assert.equal(calls.filter((c) => c.endsWith(" 429")).length, 0, "no 429");
  // 400 days × 2 intraday requests + 4 sleep ranges of ≤ 100 nights + 2 resting-HR ranges of
  // ≤ 365 days = 806, at 150 an hour.
  const seen = new Map();
  for (const c of calls) seen.set(c, (seen.get(c) ?? 0) + 1);
  assert.equal(calls.length, 806, [...seen].filter(([, n]) => n > 1).join("\n"));
  assert.ok(waits >= 5 && waits <= 6, `${waits} hourly waits`);
  const p = await page.getByTestId("progress").evaluate((e) => ({ ...e.dataset }));
  assert.deepEqual([p.done, p.total], ["1600", "1600"]);
  await context.close();
});

test("every fault has its own message next to the chart, and cached days stay", async () => {
  // A short timeout keeps the "slow API" case quick.
  const config = await (await fetch(new URL("config.json", emu.origins.app))).json();
  config.request_timeout_s = 2;
  await emu.control("POST", "/app-config", JSON.stringify(config));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.locator("[data-testid=provider-choices], [data-testid=config-error]").first().waitFor();
  assert.equal(await page.getByTestId("config-error").count(), 0, await page.locator("main").innerText());
  await connect(page, emu, "google");
  const cached = "2026-10-07";
  await showDay(page, emu, cached);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  const faults = [
    [{ status: 500 }, /Google Health had a problem on its side \(HTTP 500\)/],
    [{ status: 502 }, /\(HTTP 502\)/],
    [{ status: 503 }, /\(HTTP 503\)/],
    [{ delay_ms: 3000 }, /did not answer within 2 s/],
    [{ drop_cors: true }, /network or CORS failure, not an answer from the server/],
    [{ truncate: true }, /could not be read .*cut off/],
  ];
  const messages = new Set();
  let day = 1;
  for (const [fault, expected] of faults) {
    await emu.control("POST", "/faults", JSON.stringify({ families: { google_health: fault } }));
    const date = `2026-09-${String(day++).padStart(2, "0")}`;
    await page.goto(`${emu.origins.app}#/day/${date}`);
    const err = page.getByTestId("hr-error");
    await err.waitFor({ timeout: 60_000 });
    const text = await err.innerText();
    assert.match(text, expected, JSON.stringify(fault));
    assert.match(text, /^Could not load heart rate: /);
    messages.add(text);
    // The stored day still shows, with the API still failing.
    await showDay(page, emu, cached);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  }
  assert.equal(messages.size, faults.length, "each fault reads differently");
  await emu.control("DELETE", "/faults");
  await context.close();
  // The retired legacy API (410 everywhere).
  const ctx2 = await browser.newContext();
  const p2 = await ctx2.newPage();
  await connect(p2, emu, "fitbit");
  await showDay(p2, emu, "2026-10-07");
  await p2.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  await emu.control("POST", "/faults", JSON.stringify({ fitbit_gone: true }));
  await p2.goto(`${emu.origins.app}#/day/2026-10-06`);
  await p2.getByTestId("steps-error").waitFor();
  assert.match(await p2.getByTestId("steps-error").innerText(), /retired on 2026-11-02/);
  await showDay(p2, emu, "2026-10-07");
  await p2.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3 && document.querySelector("[data-testid=day-totals],[data-testid=totals-error]"));
  await ctx2.close();
});

test("pause holds a backfill across a reload until resumed; clearing the cache makes days cost requests again", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await connectSettled(page, "fitbit");
  await openExport(page, { from: "2026-07-01", to: "2026-07-30", kinds: ["steps"] });
  await page.getByTestId("start").click();
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=progress]")?.dataset.done) >= 5);
  await page.getByTestId("pause").click();
  await page.locator("[data-testid=export][data-state=paused]").waitFor();
  const done = Number(await page.getByTestId("progress").getAttribute("data-done"));
  assert.ok(done < 30, String(done));
  // Paused stays paused, across a reload too: nothing more is fetched.
  await clearLog();
  await page.reload();
  await page.locator("[data-testid=export][data-state=paused]").waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(await apiCalls(), []);
  assert.equal(Number(await page.getByTestId("progress").getAttribute("data-done")), done);
  // Resume fetches exactly the rest.
  await page.getByTestId("start").click();
  const p = await waitDone(page);
  assert.deepEqual([p.done, p.total], ["30", "30"]);
  assert.equal((await apiCalls()).length, 30 - done);
  // Clear: the records go, and a stored day costs a request again.
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=storage]")?.dataset.days) >= 30);
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("clear-cache").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=storage]")?.dataset.days === "0");
  await clearLog();
  const { text } = await downloadCsv(page, "steps");
  assert.ok(text.split("\n").length > 30);
  assert.equal((await apiCalls()).length, 30, "every day fetched again");
  await context.close();
});
