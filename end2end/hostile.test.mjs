// A hostile browser, as real ones are: storage that fills up or is refused, two tabs at one
// backfill, a connection that drops, a clock hours off, and a sign-out in one tab while another
// sits on the redirect page. Each journey says what the user sees, counts the requests spent
// and checks that no stored day is lost or doubled.
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
  await emu.control("DELETE", "/log");
});

const { apiCalls, clearLog, waitDone, backfillUnderWay, checkEveryDayOnce } = backfillHelpers(() => emu);
const count = async (key) => (await emu.control("GET", "/log")).counts[key] ?? 0;
const done = (page) => page.getByTestId("progress").evaluate((e) => Number(e.dataset.done)).catch(() => 0);

test("storage runs out mid-backfill: the message says so, nothing stored is lost, and it resumes once space is freed", async () => {
  const context = await browser.newContext();
  const page = await backfillUnderWay(context, { from: "2026-08-01", to: "2026-08-30", after: 10, delayMs: 250 });
  // The origin's quota shrinks to what it already uses: the next day's write is refused.
  const cdp = await context.newCDPSession(page);
  const { usage } = await page.evaluate(() => navigator.storage.estimate());
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(emu.origins.app).origin, quotaSize: usage });
  const error = page.getByTestId("export-error");
  await error.waitFor({ timeout: 60_000 });
  assert.match(await error.innerText(), /storage for this page is full.*Free some space.*Resume/s);
  await page.locator("[data-testid=export][data-state=paused]").waitFor();
  const kept = await done(page);
  assert.ok(kept >= 10 && kept < 60, `${kept} of 60 stored before the disk filled`);
  // Space freed: Resume fetches only what is missing.
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(emu.origins.app).origin });
  await emu.control("DELETE", "/faults");
  await page.getByTestId("start").click();
  const p = await waitDone(page);
  assert.deepEqual([p.done, p.total], ["60", "60"]);
  const calls = await apiCalls();
  // Only the answers whose write was refused are asked for again.
  const repeated = calls.length - new Set(calls).size;
  assert.ok(repeated <= 2, `${repeated} repeated of ${calls.length}: ${calls.join("\n")}`);
  await checkEveryDayOnce(page, 30);
  console.log(`quota: ${kept}/60 kept when full, ${calls.length} requests in all, ${repeated} repeated`);
  await context.close();
});

test("IndexedDB refused (a private window) or blocked (an old tab at an older version): the app says so and works on the network", async () => {
  for (const how of ["refused", "blocked"]) {
    const context = await browser.newContext();
    if (how === "refused") {
      await context.addInitScript(() => {
        IDBFactory.prototype.open = function () { throw new DOMException("The user denied permission to access the database.", "SecurityError"); };
      });
    } else {
      // An old copy of the app holds the database open at version 1 and ignores every request
      // to let go.
      const old = await context.newPage();
      await old.goto(new URL("config.json", emu.origins.app).href);
      await old.evaluate(() => new Promise((ok, no) => {
        const r = indexedDB.open("fitdata", 1);
        r.onupgradeneeded = () => r.result.createObjectStore("kv");
        r.onsuccess = () => { window.__old = r.result; ok(); };
        r.onerror = () => no(r.error);
      }));
    }
    const page = await context.newPage();
    await clearLog();
    await connect(page, emu, "google");
    const notice = page.getByTestId("no-storage");
    await notice.waitFor({ timeout: 30_000 });
    assert.match(await notice.innerText(), how === "refused" ? /refused to open the database/ : /older version of this app open/);
    assert.match(await notice.innerText(), /still works, without a cache/);
    // The day still comes, from the network.
    await showDay(page, emu, "2026-11-24");
    assert.equal(await page.locator("[data-testid$=-error]").count(), 0, await page.locator("main").innerText());
    assert.equal(await page.locator("[data-testid=day] canvas").count() >= 3, true);
    // Within the page, an answer is not asked for twice: a new day costs requests, going back
    // to the first costs none.
    const before = (await apiCalls()).length;
    await showDay(page, emu, "2026-11-23");
    const afterNew = (await apiCalls()).length;
    await showDay(page, emu, "2026-11-24");
    const afterBack = (await apiCalls()).length;
    assert.ok(afterNew > before, "the new day came from the network");
    assert.equal(afterBack, afterNew, "the day already shown came from the page's own store");
    // A backfill, whose point is keeping the days, says why it cannot.
    await page.goto(`${emu.origins.app}#/export`);
    await page.locator("[data-testid=export][data-ready=true]").waitFor();
    await page.getByTestId("from").fill("2026-11-20");
    await page.getByTestId("to").fill("2026-11-21");
    await page.getByTestId("start").click();
    assert.match(await page.getByTestId("export-error").innerText(), /keeps none for this page.*downloads still work/s);
    console.log(`idb ${how}: a new day ${afterNew - before} requests, back to a day shown ${afterBack - afterNew}`);
    await context.close();
  }
});

test("two tabs start the same backfill: one runs, the other shows its progress, and the requests are one tab's", async () => {
  const context = await browser.newContext();
  const a = await backfillUnderWay(context, { from: "2026-07-01", to: "2026-07-20", after: 2, delayMs: 250 });
  // The second tab finds the backfill left running and starts it too.
  const b = await context.newPage();
  await b.goto(`${emu.origins.app}#/export`);
  await b.getByTestId("backfill-elsewhere").waitFor({ timeout: 30_000 });
  const first = await done(b);
  await b.waitForFunction((n) => Number(document.querySelector("[data-testid=progress]")?.dataset.done) > n, first, { timeout: 60_000 });
  const pa = await waitDone(a);
  const pb = await waitDone(b);
  assert.deepEqual([pa.done, pa.total, pb.done, pb.total], ["40", "40", "40", "40"]);
  const calls = await apiCalls();
  assert.equal(calls.length, 40, calls.join("\n"));
  assert.equal(new Set(calls).size, 40, "no request twice");
  console.log(`two tabs: ${calls.length} requests (one tab's plan: 40)`);
  await context.close();
});

test("offline in the middle of a backfill, then online: it carries on by itself, 0 days doubled, 0 missing", async () => {
  const context = await browser.newContext();
  const page = await backfillUnderWay(context, { from: "2026-08-01", to: "2026-08-30", after: 10, delayMs: 250 });
  await context.setOffline(true);
  const error = page.getByTestId("export-error");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /offline.*carries on by itself/s);
  const kept = await done(page);
  await context.setOffline(false);
  const p = await waitDone(page);
  assert.deepEqual([p.done, p.total], ["60", "60"]);
  assert.equal(await error.count(), 0, "the message goes once it carries on");
  const calls = await apiCalls();
  assert.equal(calls.length, 60, calls.join("\n"));
  assert.equal(new Set(calls).size, 60, "no request twice");
  await checkEveryDayOnce(page, 30);
  console.log(`offline: ${kept}/60 stored when the connection dropped, ${calls.length} requests in all`);
  await context.close();
});

test("a page clock hours off: token expiry is judged from expires_in and the clock at receipt, and the session survives", async () => {
  for (const hours of [7, -7]) {
    const context = await browser.newContext();
    await context.addInitScript((shift) => {
      // The page's clock runs `shift` ms off the real one, and the test can move it on.
      const Real = Date;
      globalThis.__clockShift = shift;
      globalThis.Date = class extends Real {
        constructor(...a) { super(...(a.length ? a : [Real.now() + globalThis.__clockShift])); }
        static now() { return Real.now() + globalThis.__clockShift; }
      };
    }, hours * 3600_000);
    const page = await context.newPage();
    await emu.control("DELETE", "/log");
    await connect(page, emu, "google");
    await showDay(page, emu, "2026-11-24");
    assert.equal(await page.locator("[data-testid$=-error]").count(), 0, await page.locator("main").innerText());
    assert.equal(await count("oauth2_googleapis /token"), 1, `${hours} h: signed in, no refresh yet`);
    // An hour and a bit later, on both clocks: one refresh, before the request, and no 401.
    await emu.control("POST", "/clock/advance?seconds=3700");
    await page.evaluate(() => { globalThis.__clockShift += 3700_000; });
    await showDay(page, emu, "2026-11-23");
    assert.equal(await page.locator("[data-testid$=-error]").count(), 0, await page.locator("main").innerText());
    assert.equal(await count("oauth2_googleapis /token"), 2, `${hours} h: one refresh`);
    const { entries } = await emu.control("GET", "/log");
    assert.equal(entries.filter((e) => e.host === "health_googleapis" && e.status === 401).length, 0, `${hours} h: no request with an expired token`);
    await page.getByTestId("user-id").waitFor();
    await context.close();
  }
});

test("signing out in tab A while tab B sits on the redirect page with a valid code: B does not bring the session back", async () => {
  const context = await browser.newContext();
  const b = await context.newPage();
  // B starts a sign-in and consents; the provider's redirect back (code and state) is held,
  // so B's way back to the app waits while the other tab acts.
  let arrived, callback;
  const onRedirect = new Promise((r) => { arrived = r; });
  await b.route((u) => u.origin === emu.origins.accounts_google, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const answer = await route.fetch({ maxRedirects: 0 });
    callback = answer.headers()["location"];
    arrived();
    await route.fulfill({ status: 200, contentType: "text/html", body: "<p>Redirecting…</p>" });
  });
  await b.goto(emu.origins.app);
  await b.getByTestId("connect-google").click();
  await b.waitForURL((u) => u.origin === emu.origins.accounts_google);
  await b.getByRole("button", { name: "Continue" }).click();
  await onRedirect;
  assert.match(callback, /[?&]code=/);
  // Meanwhile tab A signs in and out.
  const a = await context.newPage();
  await connect(a, emu, "google");
  a.once("dialog", (d) => d.accept());
  await a.getByTestId("disconnect").click();
  await a.getByTestId("provider-choices").waitFor();
  const exchanges = await count("oauth2_googleapis /token");
  // Now B lands on the redirect page with its valid code.
  await b.goto(callback);
  const error = b.getByTestId("signin-error");
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.innerText(), /signed out in another tab/);
  assert.equal(await count("oauth2_googleapis /token"), exchanges, "B's code was never exchanged");
  const stored = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("fitdata.v1.tokens")));
  assert.deepEqual(stored, [], "no session came back");
  assert.ok(!b.url().includes("code="), "the code is gone from B's address bar");
  await a.reload();
  await a.getByTestId("provider-choices").waitFor();
  await context.close();
});
