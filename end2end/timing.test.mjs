// Issue #30's Sleep timing page, read against the export's own sleep files: the actogram's
// drawn blocks (getOption, and where ECharts puts them), the Sleep Regularity Index worked out
// here minute by minute from the files (Phillips et al. 2017), the circular means and spreads
// of bed and wake times from scipy (scipy.stats.circmean/circstd, PyPI), and the period of the
// synthetic person's rhythm, 24 hours by construction (bedtime 22:30–00:00 every evening).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, launchBrowser, importedExport } from "./harness.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PYTHON = join(ROOT, ".cache/pyclient/bin/python");

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** Minutes since 1970 of a zoneless local time ("2026-05-02T23:12:30.000"), as if UTC: the
 * files' own clock (no DST switch or trip inside the export's range). */
const minutes = (s) => Date.parse(`${s.slice(0, 19)}Z`) / 60_000;

/** The offset of Europe/Berlin at `ms` in minutes (Intl): the synthetic person lives there,
 * and the zone turns the files' zoneless times into instants and UTC ones into local. */
function berlin(ms) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", timeZoneName: "longOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName").value;
  const m = name.match(/GMT([+-])(\d\d):(\d\d)/);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Every sleep of the export: its start and end on the local clock, main or not, and its
 * segments ([start, end) minutes, and the level). */
function sleepsOf(files) {
  const out = [];
  for (const [name, text] of Object.entries(files)) {
    if (!/\/sleep-\d{4}-\d\d-\d\d\.json$/.test(name)) continue;
    for (const s of JSON.parse(text)) {
      out.push({
        start: minutes(s.startTime),
        end: minutes(s.endTime),
        main: s.mainSleep,
        segments: s.levels.data.map((x) => ({ start: minutes(x.dateTime), end: minutes(x.dateTime) + x.seconds / 60, level: x.level })),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

test("the actogram draws every night on its dates' rows, and the figures match the files, scipy and the person's 24-hour rhythm", async () => {
  const { page, context, files } = await importedExport(browser, emu, "2026-04-20", "2026-06-06", { viewport: { width: 1280, height: 1400 } });
  const sleeps = sleepsOf(files);
  assert.ok(sleeps.length > 30, `${sleeps.length} sleeps`);
  await page.getByTestId("nav-sleep").click();
  await page.getByTestId("timing-span-all").click();
  await page.waitForSelector("[data-testid=timing-span-all][aria-pressed=true]");
  // Rows from the first night's date to the last's: an export ends where it was made.
  const day = (m) => Math.floor(m / 1440);
  const nRows = day(Math.max(...sleeps.map((s) => s.end))) - day(Math.min(...sleeps.map((s) => s.end))) + 1;
  const read = () => page.waitForFunction((nRows) => {
    const el = document.querySelector("[data-testid=actogram]");
    const c = el && window.echarts?.getInstanceByDom(el);
    if (!c) return null;
    const o = c.getOption();
    const rows = o.yAxis[0].data;
    if (rows.length !== nRows) return null;
    const blocks = o.series[0].data.map((d) => ({ from: d.value[0], to: d.value[1], row: d.value[2], name: d.name }));
    const pixel = (x, row) => c.convertToPixel({ seriesIndex: 0 }, [x, row]);
    const grid = c.getModel().getComponent("grid").coordinateSystem.getRect();
    return { rows, blocks, max: o.xAxis[0].max, grid: { x: grid.x, y: grid.y, w: grid.width, h: grid.height },
      px: blocks.length ? [pixel(blocks[0].from, blocks[0].row), pixel(blocks[0].to, blocks[0].row)] : null,
      phase: o.series[1]?.data ?? [] };
  }, nRows, { timeout: 120_000 }).then((h) => h.jsonValue());
  const single = await read();

  // Row dates: from the first night's date to yesterday, one per date.
  const firstDate = new Date(sleeps[0].end * 60_000).toISOString().slice(0, 10);
  const dateOfRow = (i) => { const d = new Date(`${firstDate}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + i); return d.toISOString().slice(0, 10); };
  assert.match(single.rows[0], new RegExp(new Date(`${firstDate}T00:00:00Z`).toUTCString().slice(5, 11).trim().replace(/^0/, "")));
  assert.equal(single.max, 24);

  // Time in bed per row from the files: each sleep's span cut at its midnights.
  const want = new Map();
  const base = Date.parse(`${firstDate}T00:00:00Z`) / 60_000;
  for (const s of sleeps) {
    for (const g of s.segments) {
      let a = g.start;
      while (a < g.end) {
        const day = Math.floor(a / 1440), cut = Math.min((day + 1) * 1440, g.end);
        const row = day - base / 1440;
        if (row >= 0) want.set(row, (want.get(row) ?? 0) + (cut - a) / 60);
        a = cut;
      }
    }
  }
  const got = new Map();
  for (const b of single.blocks.filter((b) => b.name !== "no sleep recorded" && b.name !== "workout")) got.set(b.row, (got.get(b.row) ?? 0) + (b.to - b.from));
  assert.deepEqual([...got.keys()].sort((a, b) => a - b), [...want.keys()].sort((a, b) => a - b));
  for (const [row, h] of want) assert.ok(Math.abs(got.get(row) - h) < 1e-6, `row ${row} (${dateOfRow(row)}): ${got.get(row)} vs ${h} h`);
  assert.equal(Math.max(...want.keys()) + 1, nRows);
  // Workouts: each exercise log (UTC start, milliseconds long) on its local date's row, at its
  // local hours.
  let workouts = 0;
  for (const [name, text] of Object.entries(files)) {
    if (!/\/exercise-\d+\.json$/.test(name)) continue;
    for (const x of JSON.parse(text)) {
      const [mdy, hms] = x.startTime.split(" ");
      const [m, d, y] = mdy.split("/");
      const startMs = Date.parse(`20${y}-${m}-${d}T${hms}Z`);
      const local = startMs / 60_000 + berlin(startMs);
      const row = Math.floor(local / 1440) - base / 1440;
      if (row < 0 || row >= nRows) continue;
      const h0 = (local % 1440) / 60, h1 = h0 + x.duration / 3_600_000;
      assert.ok(single.blocks.some((b) => b.name === "workout" && b.row === row && Math.abs(b.from - h0) < 1e-9 && Math.abs(b.to - Math.min(h1, 24)) < 1e-9), `${x.activityName} at ${x.startTime} UTC: row ${row}, ${h0}–${h1} h`);
      workouts++;
    }
  }
  assert.ok(workouts > 3, `${workouts} workouts`);
  // Where ECharts drew the first block: inside the plot, left to right along its hours.
  const [p0, p1] = single.px;
  assert.ok(p0[0] >= single.grid.x - 0.5 && p1[0] <= single.grid.x + single.grid.w + 0.5 && p0[0] < p1[0], JSON.stringify(single.px));
  assert.ok(Math.abs(p0[0] - (single.grid.x + single.grid.w * single.blocks[0].from / 24)) < 1, `${p0[0]} for ${single.blocks[0].from} h`);

  // The Sleep Regularity Index, minute by minute on the files' clock: noon-to-noon spans of
  // dates a night ended on are known; pairs 24 h apart where both are known.
  const ended = new Set(sleeps.map((s) => Math.floor(s.end / 1440)));
  const start = base - 720, n = single.rows.length * 1440;
  const state = new Array(n).fill(null);
  for (let k = 0; k < n; k++) if (ended.has(Math.floor((start + k + 720) / 1440))) state[k] = false;
  for (const s of sleeps) for (const g of s.segments) {
    if (g.level === "wake" || g.level === "awake") continue;
    for (let k = Math.max(0, Math.ceil(g.start - start)); k < Math.min(n, Math.ceil(g.end - start)); k++) if (state[k] !== null) state[k] = true;
  }
  let pairs = 0, same = 0;
  for (let k = 0; k + 1440 < n; k++) if (state[k] !== null && state[k + 1440] !== null) { pairs++; same += state[k] === state[k + 1440]; }
  const sri = -100 + 200 * same / pairs;
  const shownSri = Number(await page.getByTestId("timing-sri").getAttribute("data-value"));
  assert.ok(Math.abs(shownSri - sri) < 1e-9, `SRI ${shownSri} vs ${sri}`);
  // May alone (its rows' noon-to-noon spans, on its own nights): the month's row and its
  // point on the trend chart.
  const may = (Date.parse("2026-05-01T00:00:00Z") / 60_000 - base) / 1440;
  let [mp, ms] = [0, 0];
  const inMay = (k) => k >= may * 1440 && k < (may + 31) * 1440;
  for (let k = 0; k + 1440 < n; k++) if (inMay(k) && inMay(k + 1440) && state[k] !== null && state[k + 1440] !== null) { mp++; ms += state[k] === state[k + 1440]; }
  const maySri = -100 + 200 * ms / mp;
  const row = page.locator("[data-testid=timing-months] tr[data-month='2026-05']");
  assert.ok(Math.abs(Number(await row.getAttribute("data-sri")) - maySri) < 1e-9, `May ${await row.getAttribute("data-sri")} vs ${maySri}`);
  const trend = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=timing-trend]");
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    return o ? { months: o.xAxis[0].data, sri: o.series[0].data } : null;
  }, null, { timeout: 30_000 }).then((h) => h.jsonValue());
  const i = trend.months.indexOf("May 2026");
  assert.ok(i >= 0, JSON.stringify(trend.months));
  assert.equal(trend.sri[i], Math.round(maySri * 10) / 10);
  console.log(`SRI ${sri} over ${pairs} pairs; ${want.size} rows with sleep of ${single.rows.length}`);

  // Bed and wake times: scipy's circular mean and standard deviation of the main sleeps'
  // clock minutes.
  const main = sleeps.filter((s) => s.main);
  const clock = (m) => ((m % 1440) + 1440) % 1440;
  const scipy = JSON.parse(execFileSync(PYTHON, ["-c", `
import json, sys
from scipy.stats import circmean, circstd
d = json.loads(sys.argv[1])
print(json.dumps({k: [circmean(v, high=1440, low=0), circstd(v, high=1440, low=0)] for k, v in d.items()}))
`, JSON.stringify({ bed: main.map((s) => clock(s.start)), wake: main.map((s) => clock(s.end)) })], { encoding: "utf8" }));
  for (const key of ["bed", "wake"]) {
    const li = page.getByTestId(`timing-${key}`);
    const mean = Number(await li.getAttribute("data-mean")), sd = Number(await li.getAttribute("data-sd"));
    const [wm, ws] = scipy[key];
    const gap = Math.abs(((mean - wm + 720) % 1440 + 1440) % 1440 - 720);
    assert.ok(gap < 1e-6, `${key} mean ${mean} vs scipy ${wm}`);
    assert.ok(Math.abs(sd - ws) < 1e-6, `${key} spread ${sd} vs scipy ${ws}`);
  }

  // The rhythm: 24 hours (one 10-minute bin either way), clear.
  const period = page.getByTestId("timing-period");
  const hours = Number(await period.getAttribute("data-hours")), strength = Number(await period.getAttribute("data-strength"));
  assert.ok(Math.abs(hours - 24) <= 10 / 60 + 1e-9 && strength >= 3, `${hours} h, strength ${strength}`);
  assert.ok(single.phase.length > 0, "the onset line is drawn");
  console.log(`period ${hours} h, strength ${strength}; bed ${JSON.stringify(scipy.bed)} wake ${JSON.stringify(scipy.wake)}`);

  // The PNG download is the chart as drawn: a PNG twice the canvas's size.
  const size = await page.evaluate(() => { const c = window.echarts.getInstanceByDom(document.querySelector("[data-testid=actogram]")); return [c.getWidth(), c.getHeight()]; });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("actogram-png").click()]);
  assert.match(download.suggestedFilename(), /^fitdata-actogram-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.png$/);
  const png = await import("node:fs").then((fs) => download.path().then((p) => fs.readFileSync(p)));
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [size[0] * 2, size[1] * 2]);

  // Double-plotted: 48 h a row, each row's second day the next row's first.
  await page.getByTestId("timing-double").check();
  await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=actogram]");
    const c = el && window.echarts?.getInstanceByDom(el);
    return c && c.getOption().xAxis[0].max === 48;
  }, null, { timeout: 30_000 });
  const double = await read();
  const key = (b) => `${b.row}:${b.from.toFixed(6)}:${b.to.toFixed(6)}:${b.name}`;
  const second = new Set(double.blocks.filter((b) => b.from >= 24).map((b) => key({ ...b, row: b.row + 1, from: b.from - 24, to: b.to - 24 })));
  const firsts = double.blocks.filter((b) => b.to <= 24 && b.row > 0 && b.row < double.rows.length - 1 && b.name !== "no sleep recorded" && b.name !== "workout");
  assert.ok(firsts.length > 30);
  for (const b of firsts) assert.ok(second.has(key(b)), `row ${b.row} block ${key(b)} is also on the row before`);
  await context.close();
});

test("the demo's Sleep timing page draws a year from the generator, and axe-core finds no serious or critical violation, light or dark", async () => {
  const { createRequire } = await import("node:module");
  const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  for (const colorScheme of ["light", "dark"]) {
    // The CSP forbids injected scripts: this context alone bypasses it, to load the checker.
    const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(emu.origins.app);
    await page.getByTestId("try-demo").click();
    await page.getByTestId("demo-banner").waitFor();
    await page.getByTestId("nav-sleep").click();
    await page.getByTestId("timing-span-365").click();
    // A year of the synthetic person's nights, one row per date up to yesterday.
    const rows = await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=actogram]");
      const c = el && window.echarts?.getInstanceByDom(el);
      const n = c?.getOption().yAxis[0].data.length;
      return n === 365 && c.getOption().series[0].data.length > 365 ? n : null;
    }, null, { timeout: 180_000 }).then((h) => h.jsonValue());
    assert.equal(rows, 365);
    if (colorScheme === "light") {
      // What is drawn, opened on the latest 120 rows and panned to the first: ECharts lays out
      // the blocks of the rows in the window and no other, each a rect at its hours on its row.
      for (const pan of [null, [0, 119]]) {
        const seen = await page.evaluate((pan) => new Promise((resolve) => {
          const c = window.echarts.getInstanceByDom(document.querySelector("[data-testid=actogram]"));
          if (pan) c.dispatchAction({ type: "dataZoom", dataZoomIndex: 0, startValue: pan[0], endValue: pan[1] });
          requestAnimationFrame(() => requestAnimationFrame(() => {
            const z = c.getOption().dataZoom[0];
            const items = c.getOption().series[0].data.map((d) => [...d.value, d.itemStyle.color]);
            const data = c.getModel().getSeriesByIndex(0).getData();
            const drawn = [];
            for (let i = 0; i < data.count(); i++) {
              const [from, to, row, color] = items[data.getRawIndex(i)];
              const el = data.getItemGraphicEl(i);
              drawn.push({ from, to, row, color, fill: el?.style.fill, shape: el && { x: el.shape.x, y: el.shape.y, w: el.shape.width, h: el.shape.height },
                at: [c.convertToPixel({ seriesIndex: 0 }, [from, row]), c.convertToPixel({ seriesIndex: 0 }, [to, row])] });
            }
            resolve({ start: z.startValue, end: z.endValue, items, drawn });
          }));
        }), pan);
        const want = seen.items.filter(([, , row]) => row >= seen.start && row <= seen.end);
        assert.equal(seen.end - seen.start + 1, 120, `rows ${seen.start}–${seen.end}`);
        if (pan) assert.deepEqual([seen.start, seen.end], pan);
        else assert.equal(seen.end, 364);
        assert.ok(want.length > 120 && want.length < seen.items.length / 2, `${want.length} of ${seen.items.length} blocks in the window`);
        assert.deepEqual(seen.drawn.map((d) => [d.from, d.to, d.row]).sort(), want.map((v) => v.slice(0, 3)).sort());
        for (const d of seen.drawn) {
          assert.ok(d.shape, `block ${d.from}–${d.to} h on row ${d.row} has no rect (${seen.drawn.filter((x) => !x.shape).length} of ${seen.drawn.length} have none: ${JSON.stringify(seen.drawn.filter((x) => !x.shape).slice(0, 8).map((x) => [x.from, x.to, x.row]))}; pan ${pan})`);
          const [[x0, y], [x1]] = d.at;
          assert.equal(d.fill, d.color, `block ${d.from}–${d.to} h on row ${d.row}: filled ${d.fill}, its item's colour ${d.color}`);
          assert.ok(Math.abs(d.shape.x - x0) < 0.01 && Math.abs(d.shape.x + d.shape.w - x1) < 0.01 && Math.abs(d.shape.y + d.shape.h / 2 - y) < 0.01 && d.shape.h > 2,
            `block ${d.from}–${d.to} h on row ${d.row}: drawn ${JSON.stringify(d.shape)}, the axes put it at ${JSON.stringify(d.at)}`);
        }
      }
    }
    const hours = Number(await page.getByTestId("timing-period").getAttribute("data-hours"));
    assert.ok(Math.abs(hours - 24) <= 10 / 60 + 1e-9, `${hours} h`);
    await page.addScriptTag({ path: AXE });
    const bad = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
    });
    assert.deepEqual(bad, [], `${colorScheme}: ${JSON.stringify(bad)}`);
    await context.close();
  }
});

test("the demo's drifting sleeper: on a fixed clock the actogram's sleeps begin 24.6 hours apart (36 minutes later each day), and the rhythm found is that period, with its onset line drawn", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo-drifting").click();
  await page.getByTestId("demo-banner").waitFor();
  assert.match(await page.getByTestId("demo-banner").innerText(), /36 minutes later each day/);
  await page.getByTestId("nav-sleep").click();
  await page.getByTestId("timing-span-90").click();
  await page.waitForSelector("[data-testid=timing-span-90][aria-pressed=true]");
  await page.getByTestId("timing-clock").selectOption("0");
  const drawn = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=actogram]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const o = c?.getOption();
    if (!o || o.yAxis[0].data.length !== 90 || o.series[0].data.length < 90) return null;
    return { blocks: o.series[0].data.map((d) => ({ from: d.value[0], to: d.value[1], row: d.value[2], name: d.name })), phase: o.series[1]?.data ?? [] };
  }, null, { timeout: 180_000 }).then((h) => h.jsonValue());
  // On UTC's clock a block's hour in its row's day is an instant: join touching blocks into
  // sleeps, and take each sleep's start.
  const spans = drawn.blocks.filter((b) => b.name !== "no sleep recorded" && b.name !== "workout")
    .map((b) => [b.row * 24 + b.from, b.row * 24 + b.to]).sort((a, b) => a[0] - b[0]);
  const sleeps = [];
  for (const [from, to] of spans) {
    const last = sleeps.at(-1);
    if (last && from <= last[1] + 1 / 60) last[1] = Math.max(last[1], to); else sleeps.push([from, to]);
  }
  // The main sleeps (the afternoon naps are half an hour).
  const onsets = sleeps.filter(([from, to]) => to - from >= 3).map(([from]) => from);
  assert.ok(onsets.length > 75, `${onsets.length} sleeps`);
  // The generator: 24.6 hours after the one before, up to 10 minutes either way (a date the
  // tracker stayed home skips one).
  const PERIOD = 24.6;
  for (let i = 1; i < onsets.length; i++) {
    const gap = onsets[i] - onsets[i - 1], n = Math.round(gap / PERIOD);
    assert.ok(n >= 1 && n <= 2 && Math.abs(gap - n * PERIOD) <= 10 / 60 + 1e-6, `sleep ${i}: ${gap.toFixed(3)} h after the one before (onsets ${JSON.stringify(onsets.slice(Math.max(0, i - 3), i + 3))})`);
  }
  const period = page.getByTestId("timing-period");
  const hours = Number(await period.getAttribute("data-hours")), strength = Number(await period.getAttribute("data-strength"));
  assert.ok(Math.abs(hours - PERIOD) <= 0.1 && strength >= 3, `${hours} h, strength ${strength}`);
  assert.match(await period.innerText(), /a period of 24\.[5-7]\d hours/);
  assert.ok(drawn.phase.length > 0, "the onset line is drawn");
  await context.close();
});

test("the night's heart rate is drawn over its hypnogram, every reading of the export inside the night, with the sleeping mean and lowest", async () => {
  const { page, context, files } = await importedExport(browser, emu, "2026-05-10", "2026-05-25");
  const day = "2026-05-20";
  const night = sleepsOf(files).find((s) => s.main && new Date(s.end * 60_000).toISOString().slice(0, 10) === day);
  const off = berlin(night.start * 60_000 - 120 * 60_000);
  const [startUtc, endUtc] = [(night.start - off) * 60, (night.end - off) * 60];
  // Every reading of the export's heart-rate files (UTC times) inside the night.
  const readings = [];
  for (const [name, text] of Object.entries(files)) {
    if (!/\/heart_rate-2026-05-(19|20)\.json$/.test(name)) continue;
    for (const rec of JSON.parse(text)) {
      const [mdy, hms] = rec.dateTime.split(" ");
      const [m, d, y] = mdy.split("/");
      const t = Date.parse(`20${y}-${m}-${d}T${hms}Z`) / 1000;
      if (t >= startUtc && t < endUtc) readings.push([t, rec.value.bpm]);
    }
  }
  readings.sort((a, b) => a[0] - b[0]);
  assert.ok(readings.length > 1000, `${readings.length} readings in the night`);
  await page.evaluate((d) => { location.hash = `#/day/${d}`; }, day);
  const line = await page.waitForFunction((n) => {
    const el = document.querySelector("[data-testid=sleep-chart]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const s = c?.getOption().series.find((x) => x.type === "line");
    return s?.data?.length === n ? { data: s.data, axis: s.yAxisIndex } : null;
  }, readings.length, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.equal(line.axis, 1, "on its own bpm axis");
  assert.deepEqual(line.data, readings.map(([t, v]) => [(t + off * 60) * 1000, v]));
  // Mean and lowest over the readings while asleep (the file's segments other than wake).
  const asleep = readings.filter(([t]) => night.segments.some((g) => g.level !== "wake" && t >= (g.start - off) * 60 && t < (g.end - off) * 60)).map(([, v]) => v);
  const hr = page.getByTestId("sleep-hr");
  assert.equal(Number(await hr.getAttribute("data-readings")), asleep.length);
  assert.ok(Math.abs(Number(await hr.getAttribute("data-mean")) - asleep.reduce((a, b) => a + b, 0) / asleep.length) < 1e-9);
  assert.equal(Number(await hr.getAttribute("data-lowest")), Math.min(...asleep));
  await context.close();
});

/** The offset of `zone` at `ms`, in minutes (Intl). */
function offsetIn(zone, ms) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName").value;
  const m = name.match(/GMT([+-])(\d\d):(\d\d)/);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

test("the actogram places a DST night and a trip's nights exactly: every block where the person's clock puts it", async () => {
  // The synthetic person: Berlin, DST on 29 March; Los Angeles from 2026-06-10 16:00 UTC (the
  // landing) to 2026-06-24 16:00 UTC. That itinerary is the ground truth the files were
  // written from.
  const trip = [Date.parse("2026-06-10T16:00:00Z"), Date.parse("2026-06-24T16:00:00Z")];
  // Both flights took 11 hours, landing at those instants: nobody slept in bed on board.
  const flying = (ms) => trip.some((t) => ms >= t - 11 * 3_600_000 && ms < t);
  const zoneAt = (ms) => (ms >= trip[0] && ms < trip[1] ? "America/Los_Angeles" : "Europe/Berlin");
  // A zoneless local minute on `zone`'s clock as an instant, in ms.
  const onClock = (localMin, zone) => {
    let ms = localMin * 60_000;
    for (let i = 0; i < 3; i++) ms = localMin * 60_000 - offsetIn(zone, ms) * 60_000;
    return ms;
  };
  // A sleep's zone: the one whose clock puts its start where the person was, off the plane.
  const zoneOf = (s) => ["Europe/Berlin", "America/Los_Angeles"].find((z) => {
    const t = onClock(s.start, z);
    return zoneAt(t) === z && !flying(t);
  });
  const { page, context, files } = await importedExport(browser, emu, "2026-03-25", "2026-06-30", { viewport: { width: 1280, height: 1400 } });
  const sleeps = sleepsOf(files);
  await page.getByTestId("nav-sleep").click();
  await page.getByTestId("timing-span-all").click();
  const day = (m) => Math.floor(m / 1440);
  const nRows = day(Math.max(...sleeps.map((s) => s.end))) - day(Math.min(...sleeps.map((s) => s.end))) + 1;
  const drawn = await page.waitForFunction((nRows) => {
    const el = document.querySelector("[data-testid=actogram]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const o = c?.getOption();
    if (!o || o.yAxis[0].data.length !== nRows) return null;
    return o.series[0].data.filter((d) => d.name !== "no sleep recorded" && d.name !== "workout").map((d) => d.value);
  }, nRows, { timeout: 120_000 }).then((h) => h.jsonValue());
  // The truth: each segment's instants, on the clock in force at its night's bedtime, cut at
  // that clock's midnights.
  const base = day(Math.min(...sleeps.map((s) => s.end))) * 1440;
  const key = ([a, b, row]) => `${row}:${a.toFixed(6)}:${b.toFixed(6)}`;
  const want = [];
  let dst = 0, away = 0;
  for (const s of sleeps) {
    const zone = zoneOf(s);
    const start = onClock(s.start, zone);
    const off = offsetIn(zone, start);
    if (off !== offsetIn(zone, onClock(s.end, zone))) dst++;
    if (zone !== "Europe/Berlin") away++;
    for (const g of s.segments) {
      // A segment's `seconds` are elapsed time (its naive end may not exist on a DST night).
      let a = onClock(g.start, zone) / 60_000 + off;
      const b = a + (g.end - g.start);
      while (a < b - 1e-9) {
        const cut = Math.min((Math.floor(a / 1440) + 1) * 1440, b);
        const row = Math.floor(a / 1440) - base / 1440;
        if (row >= 0 && row < nRows) want.push([(a % 1440) / 60, (cut - Math.floor(a / 1440) * 1440) / 60, row]);
        a = cut;
      }
    }
  }
  assert.ok(dst >= 1 && away >= 10, `${dst} nights across a clock change, ${away} away`);
  const [got, exp] = [new Set(drawn.map(key)), new Set(want.map(key))];
  const missing = [...exp].filter((k) => !got.has(k)), extra = [...got].filter((k) => !exp.has(k));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  assert.equal(drawn.length, want.length);
  await context.close();
});
