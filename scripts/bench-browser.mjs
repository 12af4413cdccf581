// `make bench`, in Chromium: time from navigation to the heart-rate chart drawn for a day of
// 86,400 one-second readings and for a day of 1,440 one-minute readings (the API's answer is
// served by the test, so the sizes are exact), the time to generate a year of 1-minute heart
// rate as CSV (525,600 rows, demo data), an import of a three-year Takeout (IMPORT=0 skips it),
// and the gzip size of every file in dist/.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { startEmulator, launchBrowser, connect, ROOT, tempDir } from "../end2end/harness.mjs";

const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emu = await startEmulator();
const browser = await launchBrowser();

/** A Fitbit intraday body for 2026-10-07 with one reading every `step` seconds, all day. */
function body(step) {
  const dataset = [];
  for (let s = 0; s < 86_400; s += step) {
    const t = `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    dataset.push({ time: t, value: 60 + ((s * 7919) % 61) });
  }
  return JSON.stringify({
    "activities-heart": [{ dateTime: "2026-10-07", value: { restingHeartRate: 58 } }],
    "activities-heart-intraday": { dataset, datasetInterval: step === 1 ? 1 : 1, datasetType: step === 1 ? "second" : "minute" },
  });
}

async function chartTime(step) {
  const payload = body(step);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await connect(page, emu, "fitbit");
    await context.route("**/activities/heart/date/2026-10-07/1d/1sec.json", (route) =>
      route.fulfill({ status: 200, contentType: "application/json", body: payload,
        headers: { "access-control-allow-origin": new URL(emu.origins.app).origin } }));
    await page.goto("about:blank");
    await page.goto(`${emu.origins.app}#/day/2026-10-07`);
    const n = 86_400 / step;
    await page.waitForFunction((n) => {
      const hr = document.querySelector("[data-testid=hr]");
      return hr && Number(hr.dataset.points) >= n * 0.95 && hr.querySelector("canvas");
    }, n, { timeout: 120_000 });
    // Drawn: the next frame after the canvas exists.
    times.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
    await context.close();
  }
  return median(times);
}

// First paint and a usable connect screen, served as a static host serves it (gzip), cold, at
// three network speeds (Chromium's own throttling): the bytes until the connect screen is
// usable, first contentful paint, and the provider buttons on screen.
{
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = join(ROOT, "dist", path === "/" ? "index.html" : path.slice(1));
    if (!file.startsWith(join(ROOT, "dist")) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
    const body = gzipSync(readFileSync(file), { level: 9 });
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "content-encoding": "gzip", "cache-control": "no-store" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const speeds = [["loopback", null], ["10 Mbit", { latency: 20, downloadThroughput: 1_250_000, uploadThroughput: 1_250_000 }],
    ["slow 4G", { latency: 150, downloadThroughput: 200_000, uploadThroughput: 90_000 }]];
  for (const [name, conditions] of speeds) {
    const fcp = [], usable = [];
    let bytes = 0, requests = 0, chartLib = false;
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      if (conditions) await cdp.send("Network.emulateNetworkConditions", { offline: false, ...conditions });
      let wire = 0, n = 0;
      cdp.on("Network.loadingFinished", (e) => { wire += e.encodedDataLength; n += 1; });
      page.on("request", (r) => { if (r.url().includes("echarts")) chartLib = true; });
      await page.goto(origin);
      await page.getByTestId("provider-choices").waitFor({ timeout: 120_000 });
      usable.push(await page.evaluate(() => performance.now()));
      fcp.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN));
      bytes = wire; requests = n;
      await context.close();
    }
    console.log(`${`connect screen, ${name}: first contentful paint`.padEnd(64)} median ${median(fcp).toFixed(0).padStart(6)} ms`);
    console.log(`${`connect screen, ${name}: usable (provider buttons shown)`.padEnd(64)} median ${median(usable).toFixed(0).padStart(6)} ms`);
    if (!conditions) console.log(`${"  bytes on the wire until usable (gzip)".padEnd(64)} ${String(Math.round(bytes / 1024)).padStart(6)} KiB in ${requests} requests${chartLib ? ", chart library included" : ", no chart library"}`);
  }
  server.close();
}

const sec = await chartTime(1);
console.log(`${"navigation → HR chart drawn, 1-sec day (86,400 readings)".padEnd(64)} median ${sec.toFixed(0).padStart(6)} ms`);
const min = await chartTime(60);
console.log(`${"navigation → HR chart drawn, 1-min day (1,440 readings)".padEnd(64)} median ${min.toFixed(0).padStart(6)} ms`);

// A year of 1-minute heart rate as CSV, from the demo person (no network): the first run also
// generates and stores the days; the second reads them from the cache.
{
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo").click();
  await page.getByTestId("nav-export").click();
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2025-10-01");
  await page.getByTestId("to").fill("2026-09-30");
  for (const label of ["generate + store + CSV", "CSV from the cache"]) {
    const t = Date.now();
    const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 600_000 }), page.getByTestId("csv-heart_rate_1min").click()]);
    const path = await dl.path();
    const ms = Date.now() - t;
    const rows = readFileSync(path, "utf8").split("\n").length - 2;
    console.log(`${`a year of 1-min HR as CSV, ${label}`.padEnd(64)} ${String(ms).padStart(6)} ms  (${rows} rows, ${(statSync(path).size / 1e6).toFixed(1)} MB)`);
  }
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  console.log(`${"  JS heap after it".padEnd(64)} ${(heap / 1e6).toFixed(0).padStart(6)} MB`);
  await context.close();
}

/** The sum of a ZIP's uncompressed entry sizes, from its central directory. */
function unpackedSize(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return 0;
  let at = buf.readUInt32LE(eocd + 16), total = 0;
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    total += buf.readUInt32LE(at + 24);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
}

// Importing an export: the person's history with every heart-rate reading, as a Google
// Takeout ZIP the emulator writes (IMPORT_FROM..IMPORT_TO, three years by default), opened on
// the connect screen. Wall time from choosing the file to the report, throughput over the
// uncompressed bytes, and the peak resident memory of the browser's renderer processes (the
// tab and its worker) above what they held before.
if (process.env.IMPORT !== "0") {
  const from = process.env.IMPORT_FROM ?? "2023-10-01", to = process.env.IMPORT_TO ?? "2026-09-30";
  const zipPath = join(tempDir(), "takeout-bench.zip");
  const t0 = Date.now();
  const res = await fetch(`${emu.origins.control}/sample-export.zip?from=${from}&to=${to}`);
  writeFileSync(zipPath, Buffer.from(await res.arrayBuffer()));
  console.log(`\n${`sample export ${from} .. ${to} (written by the emulator)`.padEnd(64)} ${(statSync(zipPath).size / 1e6).toFixed(0).padStart(6)} MB zipped, ${((Date.now() - t0) / 1000).toFixed(0)} s to write`);
  const renderers = () => {
    let kb = 0;
    for (const line of execSync("ps -eo rss=,args=", { encoding: "utf8" }).split("\n")) {
      if (line.includes("--type=renderer")) kb += Number(line.trim().split(/\s+/)[0]) || 0;
    }
    return kb * 1024;
  };
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("import-zip").waitFor({ state: "attached" });
  const base = renderers();
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, renderers()); }, 250);
  const t = Date.now();
  await page.getByTestId("import-zip").setInputFiles(zipPath);
  await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 3_600_000 });
  const ms = Date.now() - t;
  clearInterval(sampler);
  const state = await page.getByTestId("import").getAttribute("data-state");
  const total = Number(await page.evaluate(() => JSON.parse(localStorage.getItem("fitdata.import.saved") ?? "null")?.report?.files_total ?? 0));
  const unpacked = unpackedSize(readFileSync(zipPath));
  console.log(`${`import of that ZIP (${state}, ${total} files)`.padEnd(64)} ${String(ms).padStart(6)} ms`);
  if (unpacked) console.log(`${"  throughput over the unpacked bytes".padEnd(64)} ${(unpacked / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s  (${(unpacked / 1e6).toFixed(0)} MB unpacked)`);
  console.log(`${"  throughput over the ZIP's bytes".padEnd(64)} ${(statSync(zipPath).size / 1e6 / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
  console.log(`${"  peak renderer memory above the page's own (tab + worker)".padEnd(64)} ${((peak - base) / 1e6).toFixed(0).padStart(6)} MB  (${(peak / 1e6).toFixed(0)} MB in all)`);
  await context.close();
}

console.log("\ndist/ (bytes, raw → gzip -9)");
for (const f of readdirSync(join(ROOT, "dist")).sort()) {
  const p = join(ROOT, "dist", f);
  if (!statSync(p).isFile()) continue;
  const raw = readFileSync(p);
  console.log(`  ${f.padEnd(44)} ${String(raw.length).padStart(9)} → ${String(gzipSync(raw, { level: 9 }).length).padStart(8)}`);
}
await browser.close();
emu.stop();
