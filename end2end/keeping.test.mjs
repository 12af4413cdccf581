// Keeping what is stored (issue #27): the app is installable (Chromium's own installability
// check, through CDP, finds nothing missing), the first import asks the browser to keep the
// data, with the browser's answer shown on the storage panel, and a backup brings every record
// back byte for byte.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { inflateRawSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, tempDir, storedRecords, unzip, showDay } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

test("the app is installable: the manifest is read without errors and Chromium's installability check passes", async () => {
  // A profile of its own: Chromium never offers to install from an incognito window, which
  // every other test's context is.
  const context = await chromium.launchPersistentContext(tempDir(), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo").waitFor();
  // Installability wants the service worker in control of the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send("Page.getAppManifest");
  assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
  const parsed = JSON.parse(manifest.data);
  // Relative to the manifest, so the folder works under any sub-path.
  assert.equal(new URL(parsed.start_url, manifest.url).href, new URL("./", emu.origins.app).href);
  assert.equal(parsed.display, "standalone");
  assert.ok(parsed.icons.some((i) => i.sizes === "512x512" && i.purpose === "maskable"), "a maskable icon");
  // Every icon it names is served, and is the picture its size says.
  for (const icon of parsed.icons) {
    const r = await page.request.get(new URL(icon.src, manifest.url).href);
    assert.equal(r.status(), 200, icon.src);
    if (icon.type === "image/png") {
      const png = await r.body();
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.equal(`${w}x${h}`, icon.sizes, icon.src);
    }
  }
  for (let i = 0; ; i++) {
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    if (installabilityErrors.length === 0) break;
    // The service worker may still be settling (a check that runs before it fetches).
    if (i > 50) assert.deepEqual(installabilityErrors, []);
    await page.waitForTimeout(200);
  }
  // The iOS home-screen tags, and a theme colour for each scheme.
  const head = await page.evaluate(() => ({
    apple: document.querySelector("link[rel=apple-touch-icon]")?.getAttribute("href"),
    capable: document.querySelector("meta[name=apple-mobile-web-app-capable]")?.content,
    themes: [...document.querySelectorAll("meta[name=theme-color]")].map((m) => m.media),
  }));
  assert.equal((await page.request.get(new URL(head.apple, emu.origins.app).href)).status(), 200);
  assert.equal(head.capable, "yes");
  assert.deepEqual(head.themes.sort(), ["(prefers-color-scheme: dark)", "(prefers-color-scheme: light)"]);
  await context.close();
});

test("the first import asks the browser to keep the data, and the storage panel shows its answer", async () => {
  const { page, context } = await newPage(browser);
  // Count the asks the page makes (the browser's own function does the asking).
  await context.addInitScript(() => {
    window.__persistAsks = 0;
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    storage.persist = () => { window.__persistAsks++; return persist(); };
  });
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").waitFor({ state: "attached" });
  assert.equal(await page.evaluate(() => window.__persistAsks), 0, "nothing asked before anything is stored");
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from: "2026-06-12", to: "2026-06-13" })}`);
  const zip = Buffer.from(await r.arrayBuffer());
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  const granted = await page.evaluate(() => navigator.storage.persisted());
  await page.waitForFunction(() => window.__persistAsks > 0 || null, null, { timeout: 10_000 }).catch(() => {});
  const asks = await page.evaluate(() => window.__persistAsks);
  // Asked once, unless the browser had already promised (then there is nothing to ask).
  assert.ok(asks === 1 || granted, `${asks} asks, persisted ${granted}`);
  // The storage panel (Export) shows what the browser says now, in words for this browser.
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  await page.evaluate(() => { location.hash = "#/export"; });
  const panel = page.getByTestId("persistence");
  await page.waitForSelector("[data-testid=persistence][data-state]", { timeout: 20_000 });
  // The panel's line for the import: its days, types, records and range, against the keys
  // of the database itself, grouped here (source/user/type/date).
  await page.waitForSelector("[data-testid=held-import]", { timeout: 20_000 });
  const truth = await page.evaluate(() => new Promise((ok, fail) => {
    const req = indexedDB.open("fitdata");
    req.onerror = fail;
    req.onsuccess = () => {
      const keys = req.result.transaction("days").objectStore("days").getAllKeys();
      keys.onsuccess = () => {
        // The day records (not the figures kept beside them: `…/steps.figure/DATE`).
        const mine = keys.result.filter((k) => k.startsWith("import/") && !/\.figure\/[^/]+$/.test(k));
        const dates = mine.map((k) => k.slice(k.lastIndexOf("/") + 1)).sort();
        const kinds = new Set(mine.map((k) => k.split("/").at(-2)));
        ok({ records: mine.length, days: new Set(dates).size, kinds: kinds.size, first: dates[0], last: dates.at(-1) });
      };
    };
  }));
  const line = page.getByTestId("held-import");
  const shown = Object.fromEntries(await Promise.all(["records", "days", "kinds", "first", "last"]
    .map(async (a) => [a, await line.getAttribute(`data-${a}`)])));
  assert.deepEqual(shown, Object.fromEntries(Object.entries(truth).map(([k, v]) => [k, String(v)])));
  assert.ok(truth.records > 10 && truth.kinds > 5, JSON.stringify(truth));
  assert.match(await line.innerText(), new RegExp(`your export: ${truth.days} days from ${truth.first} to ${truth.last}, ${truth.kinds} types, ${truth.records} day records`));
  // Its bytes, counted on request: every key and value under `import/`, figures and recorders'
  // copies too, summed here from the database's own records.
  const bytes = await page.evaluate(() => new Promise((ok, fail) => {
    const req = indexedDB.open("fitdata");
    req.onerror = fail;
    req.onsuccess = () => {
      const store = req.result.transaction("days").objectStore("days");
      const range = IDBKeyRange.bound("import/", "import/\uffff");
      const [keys, values] = [store.getAllKeys(range), store.getAll(range)];
      values.onsuccess = () => ok(keys.result.reduce((a, k) => a + new TextEncoder().encode(k).length, 0)
        + values.result.reduce((a, v) => a + (typeof v === "string" ? new TextEncoder().encode(v).length : v.byteLength), 0));
    };
  }));
  await page.getByTestId("count-bytes").click();
  await page.waitForSelector("[data-testid=held-import][data-bytes]", { timeout: 20_000 });
  assert.equal(Number(await line.getAttribute("data-bytes")), bytes);
  assert.ok(bytes > 10_000, `${bytes} bytes`);
  assert.match(await line.innerText(), new RegExp(`, ${(bytes / 1048576).toFixed(1)} MB$`));
  // A count the database refuses says so where the button is, and the next one clears it.
  await page.evaluate(() => {
    window.__getAll = IDBObjectStore.prototype.getAll;
    IDBObjectStore.prototype.getAll = function () { throw new DOMException("refused by the test", "UnknownError"); };
  });
  await page.getByTestId("count-bytes").click();
  await page.getByTestId("count-bytes-error").waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId("count-bytes-error").innerText(), /^The bytes could not be counted: /);
  await page.evaluate(() => { IDBObjectStore.prototype.getAll = window.__getAll; });
  await page.getByTestId("count-bytes").click();
  await page.waitForFunction(() => !document.querySelector("[data-testid=count-bytes-error]") && !document.querySelector("[data-testid=count-bytes]").disabled);
  assert.equal(Number(await line.getAttribute("data-bytes")), bytes);
  const now = await page.evaluate(() => navigator.storage.persisted());
  assert.equal(await panel.getAttribute("data-state"), now ? "granted" : "refused");
  const text = await panel.innerText();
  if (now) assert.match(text, /promised to keep/);
  else {
    assert.match(text, /Chrome and Edge may delete it/);
    // The button asks again, and the panel follows the answer.
    await page.getByTestId("ask-persist").click();
    await page.waitForFunction((n) => window.__persistAsks > n, asks);
    const after = await page.evaluate(() => navigator.storage.persisted());
    await page.waitForSelector(`[data-testid=persistence][data-state=${after ? "granted" : "refused"}]`);
  }
  await context.close();
});

test("a database the browser deleted behind the app's back is found, explained, and restored from the export", async () => {
  const { page, context } = await newPage(browser);
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from: "2026-06-12", to: "2026-06-13" })}`);
  const zip = [{ name: "takeout.zip", mimeType: "application/zip", buffer: Buffer.from(await r.arrayBuffer()) }];
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles(zip);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  assert.equal(await page.getByTestId("store-lost").count(), 0, "nothing lost yet");
  // As Chromium evicts a best-effort site under disk pressure: its databases go, its
  // localStorage stays. (From a page of the same origin that holds no connection to them.)
  await page.goto(`${emu.origins.app}/config.json`);
  const deleted = await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    await Promise.all(names.map((n) => new Promise((ok, fail) => {
      const req = indexedDB.deleteDatabase(n);
      req.onsuccess = ok; req.onerror = fail; req.onblocked = () => fail(new Error(`${n} blocked`));
    })));
    return names;
  });
  assert.ok(deleted.length > 0, "the app had a database");
  await page.goto(emu.origins.app);
  const notice = page.getByTestId("store-lost");
  await notice.waitFor({ timeout: 20_000 });
  const text = await notice.innerText();
  assert.match(text, /deleted fitdata's stored data/);
  assert.match(text, /it deleted them, not fitdata/);
  assert.match(text, /Chrome and Edge delete a site's stored data when the disk runs low/);
  assert.match(text, /2026-\d\d-\d\d and 2026-\d\d-\d\d/, "when");
  assert.equal(await page.getByTestId("download-again").getAttribute("href"), "#/export");
  // Restore: the export, opened again from the notice's offer.
  await page.getByTestId("restore-import").click();
  await page.getByTestId("import-zip").setInputFiles(zip);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  await page.waitForSelector("[data-testid=store-lost]", { state: "detached", timeout: 20_000 });
  // The days are back: the day view draws the heart rate of an imported day.
  await page.evaluate(() => { location.hash = "#/day/2026-06-12"; });
  await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=day] [data-testid=hr-chart]");
    const chart = el && window.echarts?.getInstanceByDom(el);
    return chart && chart.getOption().series.some((s) => s.type === "line" && window.__points(s.data).length > 100);
  }, null, { timeout: 60_000 });
  // Where the numbers came from: the chart's file and the rule the import's report gives for
  // the day, and the panel's facts of the day.
  const basis = await page.evaluate(() => JSON.parse(localStorage.getItem("fitdata.import.saved")).report.offset_basis["2026-06-12"]);
  const words = { file_boundary: "the day file's own local midnights", sleep_log: "the offset a sleep log recorded that night", profile_zone: "your profile's time zone" }[basis];
  assert.ok(words, basis);
  const from = await page.getByTestId("hr-from").innerText();
  assert.ok(from.startsWith("From heart_rate-2026-06-12.json in your export; its times placed by " + words), from);
  const why = page.getByTestId("why-differ");
  await why.locator("summary").click();
  const lines = Object.fromEntries(await why.locator("li").evaluateAll((els) => els.map((e) => [e.dataset.topic, e.textContent])));
  assert.match(lines.stream, /your export's files/);
  assert.match(lines.night, /counts on 2026-06-12: a night belongs to the day you woke up/);
  assert.match(lines.stages, /^It (has sleep stages|is classic sleep)/);
  assert.ok(lines.time.includes(words), lines.time);
  await context.close();
});

/** The keys of day records among a store's (`storedRecords`): not the day figures kept beside
 * them (`…/steps.figure/DATE`, made again from the days). */
const dayKeys = (records) => Object.keys(records).filter((k) => !/\.figure\/[^/]+$/.test(k));

/// One file of a ZIP, from its local header (stored or deflated).
function zipEntry(zip, name) {
  for (let at = 0; at + 30 < zip.length; ) {
    if (zip.readUInt32LE(at) !== 0x04034b50) break;
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLen = zip.readUInt16LE(at + 26), extra = zip.readUInt16LE(at + 28);
    const here = zip.subarray(at + 30, at + 30 + nameLen).toString();
    const data = zip.subarray(at + 30 + nameLen + extra, at + 30 + nameLen + extra + size);
    if (here === name) return method === 8 ? inflateRawSync(data) : data;
    at += 30 + nameLen + extra + size;
  }
  return null;
}

/** Deletes the app's databases from a page of the origin that runs none of its code (as a
 * browser evicts: databases go, localStorage stays), then opens the app, which notices. */
async function wipedBehindTheAppsBack(page) {
  await page.goto(`${emu.origins.app}/config.json`);
  await page.evaluate(async () => {
    for (const { name } of await indexedDB.databases()) {
      await new Promise((ok, fail) => { const q = indexedDB.deleteDatabase(name); q.onsuccess = ok; q.onerror = fail; q.onblocked = () => fail(new Error("blocked")); });
    }
  });
  await page.goto(emu.origins.app);
  await page.getByTestId("store-lost").waitFor({ timeout: 20_000 });
}

/** A fresh page with the emulator's sample export of 2026-06-12..14 imported and opened. */
async function openedSample() {
  const { page, context } = await newPage(browser);
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from: "2026-06-12", to: "2026-06-14" })}`);
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: Buffer.from(await r.arrayBuffer()) }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  return { page, context };
}

test("a backup saved, the database wiped, the backup restored: every record byte for byte, and no token in it", async () => {
  const { page, context } = await openedSample();
  // A token in this browser (as a connected account has): it must not travel.
  await page.evaluate(() => localStorage.setItem("fitdata.v1.tokens.google", JSON.stringify({ access_token: "SECRET-ACCESS-7f3a", refresh_token: "SECRET-REFRESH-9c1d" })));
  await page.evaluate(() => { location.hash = "#/export"; });
  const line = page.getByTestId("backup");
  await line.waitFor();
  assert.match(await line.innerText(), /No backup saved in this browser yet/);
  const before = await storedRecords(page);
  const dayRecords = dayKeys(before).length;
  assert.ok(dayRecords > 20 && dayRecords < Object.keys(before).length, `${dayRecords} day records, and their figures`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-backup").click()]);
  assert.match(download.suggestedFilename(), /^fitdata-backup-\d{4}-\d\d-\d\d\.zip$/);
  const backup = readFileSync(await download.path());
  await page.waitForSelector("[data-testid=backup-saved]");
  assert.equal(await page.getByTestId("backup-saved").getAttribute("data-records"), String(dayRecords));
  assert.match(await line.innerText(), /Last backup saved \d{4}-\d\d-\d\d, with \d+ day records/);
  const manifest = JSON.parse(zipEntry(backup, "fitdata-backup/backup.json").toString());
  assert.equal(manifest.records, dayRecords);
  assert.ok(manifest.local["fitdata.import.saved"], "the import's summary travels");
  const days = zipEntry(backup, "fitdata-backup/days.bin");
  assert.equal(days.length, manifest.days_bytes);
  for (const part of [backup, days, zipEntry(backup, "fitdata-backup/backup.json")]) {
    assert.ok(!part.includes("SECRET-"), "no token in the backup");
    assert.ok(!part.includes("tokens."), "no token key in the backup");
  }
  // Deleted behind the app's back (as a browser evicts: databases go, localStorage stays), then
  // restored from the notice's offer.
  await wipedBehindTheAppsBack(page);
  assert.match(await page.getByTestId("restore-import").innerText(), /Restore from a backup/);
  await page.getByTestId("restore-import").click();
  await page.getByTestId("import-zip").setInputFiles([{ name: download.suggestedFilename(), mimeType: "application/zip", buffer: backup }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 60_000 });
  assert.match(await page.getByTestId("import").innerText(), /Restored from the backup saved \d{4}-\d\d-\d\d: \d+ day records written, 0 kept/);
  await page.getByTestId("open-import").click();
  await page.waitForSelector("[data-testid=store-lost]", { state: "detached", timeout: 20_000 });
  const after = await storedRecords(page);
  assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
  for (const k of Object.keys(before)) assert.equal(after[k], before[k], k);
  // Opened again over itself: nothing written, every record kept.
  await page.reload();
  await page.getByTestId("leave-import").click();
  await page.getByTestId("import-zip").setInputFiles([{ name: download.suggestedFilename(), mimeType: "application/zip", buffer: backup }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 60_000 });
  assert.match(await page.getByTestId("import").innerText(), new RegExp(`0 day records written, ${dayRecords} kept`));
  await context.close();
});

test("overlapping exports merge by the rule shown: the same file adds nothing, an older one only fills, a newer one replaces what it holds", async () => {
  const { page, context } = await newPage(browser);
  const exportOf = async (from, to) => {
    const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from, to })}`);
    return [{ name: `takeout-${to}.zip`, mimeType: "application/zip", buffer: Buffer.from(await r.arrayBuffer()) }];
  };
  const open = async (files) => {
    await page.getByTestId("import-zip").setInputFiles(files);
    await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
    return page.getByTestId("import").innerText();
  };
  const dateOf = (k) => k.slice(k.lastIndexOf("/") + 1);
  await page.goto(emu.origins.app);
  const a = await exportOf("2026-06-05", "2026-06-14");
  await open(a);
  const first = await storedRecords(page);
  // The same file again: no day added, and the rule said.
  const again = await open(a);
  assert.match(again, /This export reaches 2026-06-14; the one imported before reached 2026-06-14\. The newer export wins/);
  const second = await storedRecords(page);
  assert.deepEqual(Object.keys(second).sort(), Object.keys(first).sort());
  // An older export: what both hold stays byte for byte; only its own days are added.
  const older = await open(await exportOf("2026-06-01", "2026-06-09"));
  const third = await storedRecords(page);
  const added = dayKeys(third).filter((k) => !(k in second));
  assert.ok(added.length > 10 && added.every((k) => dateOf(k) <= "2026-06-09"), added.join(" "));
  for (const k of Object.keys(second)) assert.equal(third[k], second[k], `${k} left as the newer export has it`);
  const m = older.match(/older than the one imported before \(2026-06-14\)\. The newer export wins: (\d+) day records both hold were left as the newer one has them, and (\d+) that only this one has were added/);
  assert.ok(m, older);
  assert.equal(Number(m[2]), added.length);
  assert.ok(Number(m[1]) > 10, m[1]);
  // A newer export: it replaces the days it holds, and nothing before them.
  await open(await exportOf("2026-06-10", "2026-06-20"));
  const fourth = await storedRecords(page);
  for (const k of Object.keys(third).filter((k) => dateOf(k) < "2026-06-10")) assert.equal(fourth[k], third[k], `${k} untouched`);
  const replaced = Object.keys(third).filter((k) => dateOf(k) >= "2026-06-11" && fourth[k] !== third[k]);
  assert.ok(replaced.length > 10, `${replaced.length} replaced`);
  assert.ok(Object.keys(fourth).some((k) => dateOf(k) === "2026-06-19"), "its new days added");
  await context.close();
});

/** `days.bin`'s records, read by the format its module states (key length u32 LE, key, tag 0
 * bytes / 1 text, value length u32 LE, value, 8 bytes of digest), as `storedRecords` writes
 * them: key → "T:" text or "B:" bytes. */
function backupRecords(bin) {
  const out = {};
  for (let at = 0; at < bin.length; ) {
    const klen = bin.readUInt32LE(at);
    const key = bin.toString("utf8", at + 4, at + 4 + klen);
    const tag = bin[at + 4 + klen];
    const vlen = bin.readUInt32LE(at + 5 + klen);
    const value = bin.subarray(at + 9 + klen, at + 9 + klen + vlen);
    out[key] = tag === 1 ? `T:${value.toString("utf8")}` : `B:${Array.from(value).join(",")}`;
    at += 9 + klen + vlen + 8;
  }
  return out;
}

test("the Export ZIP can carry a backup: one file is both the CSVs and, opened again, every record byte for byte", async () => {
  const { page, context } = await openedSample();
  await page.evaluate(() => localStorage.setItem("fitdata.v1.tokens.google", JSON.stringify({ access_token: "SECRET-ACCESS-7f3a" })));
  await page.evaluate(() => { location.hash = "#/export"; });
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2026-06-12");
  await page.getByTestId("to").fill("2026-06-14");
  for (const box of await page.locator("input[data-testid^=kind-]").all()) {
    const k = (await box.getAttribute("data-testid")).slice("kind-".length);
    if ((await box.isChecked()) !== ["sleep", "heart_rate_zones"].includes(k)) await box.click();
  }
  await page.getByTestId("zip-backup").check();
  const before = await storedRecords(page);
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByTestId("zip").click()]);
  const zip = readFileSync(await download.path());
  const files = unzip(zip);
  assert.deepEqual(Object.keys(files).sort(), ["README.txt", "fitdata-backup/backup.json", "fitdata-backup/days.bin", "heart_rate_zones.csv", "schema.json", "sleep.csv"]);
  assert.match(files["README.txt"], /fitdata-backup\/ \(where the export was asked to carry a backup\)/);
  assert.ok(files["sleep.csv"].trim().split("\n").length > 10, "the readable export is there");
  // The zones' rows, read from the export's daily_heart_rate_zones.csv, are the synthetic
  // person's default zones, worked by hand: age 38, maximum 220 - 38 = 182 bpm; 50 % = 91,
  // 70 % = 127.4 -> 127, 85 % = 154.7 -> 155.
  assert.deepEqual(files["heart_rate_zones.csv"].trim().split("\n").map((l) => l.split(",").slice(0, 4).join(",")),
    ["date,fat_burn_from_bpm,cardio_from_bpm,peak_from_bpm", "2026-06-12,91,127,155", "2026-06-13,91,127,155", "2026-06-14,91,127,155"]);
  const manifest = JSON.parse(files["fitdata-backup/backup.json"]);
  const bin = zipEntry(zip, "fitdata-backup/days.bin");
  assert.equal(bin.length, manifest.days_bytes);
  const days = Object.fromEntries(dayKeys(before).map((k) => [k, before[k]]));
  assert.equal(manifest.records, Object.keys(days).length);
  assert.deepEqual(backupRecords(bin), days, "days.bin holds every stored day record as stored (the figures beside them are made again)");
  assert.ok(!zip.includes("SECRET-"), "no token in the ZIP");
  // Remembered as the last backup.
  await page.getByTestId("backup").waitFor();
  await page.waitForFunction(() => /Last backup saved \d{4}-\d\d-\d\d/.test(document.querySelector("[data-testid=backup]").innerText));
  // Wiped, then this same ZIP opened: it restores instead of importing its CSVs.
  await wipedBehindTheAppsBack(page);
  await page.getByTestId("restore-import").click();
  await page.getByTestId("import-zip").setInputFiles([{ name: download.suggestedFilename(), mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 60_000 });
  assert.match(await page.getByTestId("import").innerText(), new RegExp(`Restored from the backup saved \\d{4}-\\d\\d-\\d\\d: ${Object.keys(days).length} day records written, 0 kept`));
  // Every record byte for byte, the figures written again beside their days among them.
  const after = await storedRecords(page);
  assert.deepEqual(after, before);
  await context.close();
});

test("which recorder counts: a steps file of a tracker and a phone counts one a day, and the choice in Settings moves the chart and the CSV", async () => {
  // An export without the JSON steps (as newer Takeouts are): the monthly steps CSV, with a
  // phone's rows beside the tracker's, is what the app reads.
  const [from, to, day] = ["2026-05-12", "2026-05-14", "2026-05-13"];
  const zip = Buffer.from(await (await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from, to, omit: "steps-" })}`)).arrayBuffer());
  const files = unzip(zip);
  // The truth: each recorder's rows of the export, on the local day of the profile's zone (the
  // person was home: no trip, no clock change those days).
  const zone = files[Object.keys(files).find((n) => n.endsWith("Profile.csv"))].split("\n")[1].split(",")[2];
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  const truth = {};
  for (const [name, text] of Object.entries(files)) {
    if (!/\/steps_\d{4}-\d\d-\d\d\.csv$/.test(name)) continue;
    for (const line of text.trim().split("\n").slice(1)) {
      const [t, n, recorder] = line.split(",");
      if (local.format(Date.parse(t)) !== day) continue;
      truth[recorder] = (truth[recorder] ?? 0) + Number(n);
    }
  }
  const [tracker, phone] = [truth["Synthetic tracker"], truth["Phone Health Kit"]];
  assert.ok(tracker > phone && phone > 1000, JSON.stringify(truth));

  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1400 } });
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  assert.match(await page.getByTestId("import").textContent(), /Steps: \d+ days were recorded by more than one device or app \(Phone Health Kit, Synthetic tracker\)/);
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();

  // The day as drawn (the steps chart's bars added up) and as downloaded.
  const seen = async () => {
    await showDay(page, emu, day);
    const drawn = await page.waitForFunction(() => {
      const chart = window.echarts?.getInstanceByDom(document.querySelector("[data-testid=steps-chart]"));
      const data = chart?.getOption().series[0]?.data;
      return data?.length ? data.reduce((a, v) => a + Number(Array.isArray(v) ? v[1] : (v?.value ?? v) || 0), 0) : null;
    }).then((h) => h.jsonValue());
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("steps-csv").click()]);
    const rows = readFileSync(await dl.path(), "utf8").trim().split("\n");
    const head = rows[0].split(",");
    const [value, source] = [head.indexOf("steps"), head.indexOf("source")];
    const cells = rows.slice(1).map((r) => r.split(","));
    return { drawn, csv: cells.reduce((a, c) => a + Number(c[value]), 0), sources: [...new Set(cells.map((c) => c[source].split("#")[1]))] };
  };
  assert.deepEqual(await seen(), { drawn: tracker, csv: tracker, sources: ["Synthetic tracker"] });

  await page.goto(`${emu.origins.app}#/settings`);
  const choice = page.getByTestId("recorder-steps");
  await choice.waitFor({ timeout: 20_000 });
  await choice.selectOption("Phone Health Kit");
  await page.waitForSelector("[data-testid=recorder-steps-status][data-state=done]", { timeout: 60_000 });
  assert.deepEqual(await seen(), { drawn: phone, csv: phone, sources: ["Phone Health Kit"] });

  // Back to the default: the most that day.
  await page.goto(`${emu.origins.app}#/settings`);
  await page.getByTestId("recorder-steps").selectOption("");
  await page.waitForSelector("[data-testid=recorder-steps-status][data-state=done]", { timeout: 60_000 });
  assert.deepEqual(await seen(), { drawn: tracker, csv: tracker, sources: ["Synthetic tracker"] });
  await context.close();
});

test("which recorder counts: heart rate of a tracker and a watch is never one line, and the choice in Settings moves the chart and the CSV", async () => {
  // A HealthKit account's export (the 2026 form): heart rate only in the CSV folder, a watch's
  // readings every five minutes interleaved with the tracker's.
  const [from, to, day] = ["2026-05-12", "2026-05-14", "2026-05-13"];
  const WATCH = "com.apple.heartratecoordinatord Health Kit";
  const zip = Buffer.from(await (await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams({ from, to, lies: "heart_rate_csv_only" })}`)).arrayBuffer());
  const files = unzip(zip);
  assert.ok(!Object.keys(files).some((n) => /\/heart_rate-\d/.test(n)), "no heart-rate JSON");
  // The truth: each recorder's rows of the export on the local day of the profile's zone (the
  // person was home), as (UTC ms, bpm), in time order.
  const zone = files[Object.keys(files).find((n) => n.endsWith("Profile.csv"))].split("\n")[1].split(",")[2];
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  const truth = {};
  for (const [name, text] of Object.entries(files)) {
    if (!/\/heart_rate_\d{4}-\d\d-\d\d\.csv$/.test(name)) continue;
    for (const line of text.trim().split("\n").slice(1)) {
      const [t, bpm, recorder] = line.split(",");
      if (local.format(Date.parse(t)) !== day) continue;
      (truth[recorder] ??= []).push([Date.parse(t), Number(bpm)]);
    }
  }
  for (const v of Object.values(truth)) v.sort((a, b) => a[0] - b[0]);
  const [tracker, watch] = [truth["Synthetic tracker"], truth[WATCH]];
  assert.ok(tracker.length > 5000 && watch.length > 200, `${tracker.length} / ${watch?.length}`);

  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1400 } });
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").setInputFiles([{ name: "takeout.zip", mimeType: "application/zip", buffer: zip }]);
  await page.waitForSelector("[data-testid=import][data-state=done]", { timeout: 120_000 });
  assert.match(await page.getByTestId("import").textContent(), new RegExp(`Heart rate \\(finest detail\\): \\d+ days were recorded by more than one device or app \\(Synthetic tracker, ${WATCH.replace(/\./g, "\\.")}\\)`));
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();

  // The day as drawn (every reading of the line, gaps aside, as (UTC ms, bpm): the chart's x
  // is the local wall clock, so the CSV's offset turns it back) and as downloaded.
  const seen = async () => {
    await showDay(page, emu, day);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("hr-csv").click()]);
    const lines = readFileSync(await dl.path(), "utf8").trim().split("\n");
    const head = lines[0].split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i], v])));
    const csv = rows.map((r) => [Date.parse(r.utc_time), Number(r.bpm)]);
    const shift = Date.parse(rows[0].local_time.slice(0, 19) + "Z") - Date.parse(rows[0].utc_time);
    const drawn = await page.waitForFunction((shift) => {
      const chart = window.echarts?.getInstanceByDom(document.querySelector("[data-testid=hr-chart]"));
      const data = chart?.getOption().series[0]?.data;
      return data?.length ? window.__points(data).filter(([, v]) => v !== "-").map(([x, v]) => [x - shift, v]) : null;
    }, shift).then((h) => h.jsonValue());
    return { drawn, csv, sources: [...new Set(rows.map((r) => r.source.split("#")[1]))] };
  };
  assert.deepEqual(await seen(), { drawn: tracker, csv: tracker, sources: ["Synthetic tracker"] });

  await page.goto(`${emu.origins.app}#/settings`);
  const choice = page.getByTestId("recorder-heart_rate");
  await choice.waitFor({ timeout: 20_000 });
  // One choice for heart rate: its minute means follow it, and are not offered apart.
  assert.equal(await page.getByTestId("recorder-heart_rate_1min").count(), 0);
  await choice.selectOption(WATCH);
  await page.waitForSelector("[data-testid=recorder-heart_rate-status][data-state=done]", { timeout: 60_000 });
  assert.deepEqual(await seen(), { drawn: watch, csv: watch, sources: [WATCH] });
  await context.close();
});
