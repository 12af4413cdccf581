// Opening an export: the synthetic person's history, written by the emulator in every layout of
// a real Fitbit archive or Google Takeout, imported in the page (a Web Worker reads it), then
// drawn. The truth is the same person in demo mode: each imported day must draw exactly what
// the demo draws (the chart's own series, read from ECharts), across the spring-forward night.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync, readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { startEmulator, launchBrowser, newPage, showDay, openTrends, tempDir, SCREENSHOTS, docsPath, unzip } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

const sample = async (query) => {
  const r = await fetch(`${emu.origins.control}/sample-export.zip?${new URLSearchParams(query)}`);
  assert.equal(r.status, 200);
  return Buffer.from(await r.arrayBuffer());
};

/** Picks files on the "Choose ZIP files" input and waits for the import to settle. */
async function importZips(page, files, { settle = true } = {}) {
  await page.getByTestId("import-zip").setInputFiles(files.map(([name, buffer]) => ({ name, mimeType: "application/zip", buffer })));
  if (settle) await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 120_000 });
}

/** The drawn series of a day's chart: type and data of every line, bar and custom series. */
const series = (page, testid) => page.evaluate((id) => {
  const el = document.querySelector(`[data-testid=day] [data-testid=${id}]`) ?? document.querySelector(`[data-testid=day] .chart[data-for=${id}]`);
  const chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) return null;
  // The hypnogram's stages only: the night's heart rate over it includes the evening before,
  // which an export of the days asked for may not hold while the demo person always has it
  // (timing.test.mjs reads that line against the export's own files).
  return chart.getOption().series
    .filter((s) => ["line", "bar", "custom"].includes(s.type) && s.data?.length)
    .filter((s) => !(id === "sleep-chart" && s.name === "Heart rate"))
    .map((s) => ({ type: s.type, data: window.__points(s.data).map((d) => (d && typeof d === "object" && !Array.isArray(d) ? { value: d.value, name: d.name } : d)) }));
}, testid);

const CHARTS = ["hr-chart", "steps-chart", "sleep-chart"];

async function drawnDay(page, date) {
  await showDay(page, emu, date);
  const out = {};
  for (const c of CHARTS) out[c] = await series(page, c);
  return out;
}

const NIGHTS = ["spo2_minutes", "hrv_5min", "oxygen_variation"];

/** The night series the day view draws for `date` (each chart's drawn points). */
async function drawnNights(page, date) {
  await showDay(page, emu, date);
  await page.waitForFunction((d) => ["spo2_minutes", "hrv_5min", "oxygen_variation"]
    .every((k) => document.querySelector(`[data-for=${k}][data-date="${d}"]`)), date);
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=day] .chart")]
    .every((el) => window.echarts?.getInstanceByDom(el)));
  const out = {};
  for (const k of NIGHTS) out[k] = await series(page, `night-${k}-chart`);
  return out;
}

/** Waits until the Trends chart of `key` draws the `n` days its own render holds (the chart
 * catches up with a new range a frame later), and returns the drawn series. */
async function drawnTrend(p, key, n) {
  await p.waitForFunction(([k, n]) => {
    const box = document.querySelector(`[data-testid=trend-${k}]`);
    const el = document.querySelector(`[data-testid=trend-${k}-chart]`);
    const o = el && window.echarts?.getInstanceByDom(el)?.getOption();
    if (!box || !o) return false;
    const drawn = window.__daily(o);
    const want = JSON.parse(box.dataset.values);
    return drawn.length === n && drawn.every((v, i) => (v === null) === (want[i] === null) && (v === null || Math.abs(v - want[i]) < 1e-9));
  }, [key, n]);
  return p.evaluate((k) => {
    const o = window.echarts.getInstanceByDom(document.querySelector(`[data-testid=trend-${k}-chart]`)).getOption();
    return { values: window.__daily(o), series: o.series.map((s) => ({ name: s.name, stack: s.stack ?? null, data: s.data })) };
  }, key);
}

let truthPage;
async function truth(date) {
  if (!truthPage) {
    ({ page: truthPage } = await newPage(browser));
    await truthPage.goto(emu.origins.app);
    await truthPage.getByTestId("try-demo").click();
    await truthPage.getByTestId("demo-banner").waitFor();
  }
  return drawnDay(truthPage, date);
}

for (const layout of ["takeout-fitbit", "takeout-google-health", "user-site-export", "categories"]) {
  test(`an export in the ${layout} layout draws each day as the person lived it`, async () => {
    const { page } = await newPage(browser);
    await page.goto(emu.origins.app);
    const zip = await sample({ layout, from: "2026-03-28", to: "2026-03-30" });
    await importZips(page, [[`takeout-${layout}.zip`, zip]]);
    assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done", await page.getByTestId("import").innerText());
    const hrDays = await page.locator("[data-testid=import-report] tr[data-type=heart_rate]").getAttribute("data-days");
    assert.equal(hrDays, "3");
    if (SCREENSHOTS && layout === "takeout-fitbit") {
      await page.getByTestId("import-skipped").locator("summary").click();
      await page.getByTestId("import").screenshot({ path: docsPath("import.png") });
    }
    await page.getByTestId("open-import").click();
    await page.getByTestId("import-banner").waitFor();
    // A Takeout's daily_heart_rate_zones.csv, read here by its own rule: each date's lower
    // bounds of MODERATE, VIGOROUS and PEAK in a cell that is not JSON.
    const zoneFile = Object.entries(unzip(zip)).find(([name]) => name.endsWith("/daily_heart_rate_zones.csv"))?.[1];
    assert.equal(Boolean(zoneFile), layout.startsWith("takeout"), "only a Takeout has the zones' file");
    const fileBounds = Object.fromEntries((zoneFile ?? "").trim().split("\n").slice(1).map((line) => {
      const min = Object.fromEntries([...line.matchAll(/""heart_rate_zone_type"": (\w+), ""min_heart_rate_bpm"": (\d+)/g)].map((m) => [m[1], Number(m[2])]));
      return [line.slice(0, 10), [min.MODERATE, min.VIGOROUS, min.PEAK]];
    }));
    for (const date of ["2026-03-29", "2026-03-30"]) {
      const got = await drawnDay(page, date);
      const want = await truth(date);
      for (const c of CHARTS) {
        assert.ok(want[c]?.length, `${c} ${date}: the truth draws something`);
        // Zoneless archives too: the day files' own midnights place the spring-forward switch.
        assert.deepEqual(got[c], want[c], `${layout} ${c} ${date}`);
      }
      if (zoneFile) {
        // The heart-rate chart's zone bands are drawn at the file's bounds for that date.
        await page.locator("[data-testid=hr-zones][data-source=provider]").waitFor();
        const bands = await page.evaluate(() => {
          const chart = window.echarts.getInstanceByDom(document.querySelector("[data-testid=day] [data-testid=hr-chart]"));
          // Bands span heights (yAxis); the day's exercises are shaded across times (xAxis).
          return chart.getOption().series.filter((s) => s.name !== "Heart rate").flatMap((s) => (s.markArea?.data ?? []).map((d) => d[0].yAxis)).filter((y) => y !== undefined);
        });
        assert.ok(fileBounds[date]?.every(Number.isFinite), `${date}: the file has the day's zones`);
        assert.deepEqual(bands, fileBounds[date], `${layout} zones ${date}`);
      } else {
        // An export without them has no connection to renew: the note says what it lacks.
        assert.match(await page.getByTestId("hr-zones-note").innerText(), /the export has neither your zones nor your date of birth/);
      }
    }
    // The day's CSV names the file each row came from and the rule that placed its times: a
    // heart-rate day file's own midnights, in every layout (they agree with Takeout's
    // recorded nights and zone, and are all a zoneless archive has).
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("hr-csv").click()]);
    const lines = readFileSync(await dl.path(), "utf8").trim().split("\n");
    const head = lines[0].split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i], v])));
    assert.ok(rows.length > 1000, `${rows.length} rows`);
    assert.deepEqual(new Set(rows.map((r) => r.source)), new Set(["import/heart_rate-2026-03-30.json"]));
    const bases = new Set(rows.map((r) => r.time_basis));
    assert.equal(bases.size, 1);
    assert.deepEqual([...bases], ["file_boundary"], layout);
    for (const r of rows.slice(0, 50)) {
      assert.equal(Date.parse(r.local_time), Date.parse(r.utc_time), "local time and offset name the same instant");
      assert.equal(r.local_time.slice(-6), "+02:00");
    }
    if (layout.startsWith("takeout")) {
      // What only an export has (Stress Score.csv, daily_readiness.csv, the activity-level
      // and heart-rate-zone minutes): each day's point on its Trends chart, as drawn, is the
      // person's.
      const KEYS = ["stress_score", "readiness", "active_minutes", "sedentary_minutes", "time_in_heart_rate_zones", "cardio_load", "breathing_rate_by_stage"];
      const lines = async (p) => {
        await openTrends(p, emu, "2026-03-28", "2026-03-30");
        const out = {};
        for (const key of KEYS) out[key] = await drawnTrend(p, key, 3);
        return out;
      };
      const got = await lines(page);
      const want = await lines(truthPage);
      for (const key of KEYS) {
        assert.ok(want[key].values.filter((v) => v != null).length >= 2, `${key}: the truth draws days`);
      }
      assert.deepEqual(got, want, layout);
      // The night's series at every reading (Minute SpO2, HRV details, oxygen variation, or
      // their Google twins), across the spring-forward night: each drawn point, at its local
      // time, is the person's.
      for (const date of ["2026-03-29", "2026-03-30"]) {
        const got = await drawnNights(page, date);
        const want = await drawnNights(truthPage, date);
        assert.ok(want.spo2_minutes?.[0]?.data.length > 100, `${date}: the truth draws a night of SpO2`);
        assert.ok(want.hrv_5min?.[0]?.data.length > 20, `${date}: the truth draws a night of HRV`);
        assert.deepEqual(got, want, `${layout} ${date}`);
      }
      // The night's beat-to-beat histogram, against the export's own file: one bar series
      // named by the row's local wake time, each bar the row's share in percent.
      const rows = Object.entries(unzip(zip))
        .filter(([name]) => /Heart Rate Variability Histogram - [\d-]+\.csv$/.test(name))
        .flatMap(([, text]) => text.trim().split("\n").slice(1))
        .map((line) => ({ wake: line.slice(0, 19), shares: JSON.parse(line.slice(21, -1)) }));
      for (const date of ["2026-03-29", "2026-03-30"]) {
        const row = rows.find((r) => r.wake.startsWith(date));
        assert.ok(row && row.shares.length === 29, `${date}: the export has its night's histogram`);
        await drawnNights(page, date);
        const drawn = await page.evaluate(() => {
          const o = window.echarts.getInstanceByDom(document.querySelector("[data-testid=day] [data-testid=beat-histogram-chart]")).getOption();
          return { labels: o.xAxis[0].data, series: o.series.map((s) => ({ type: s.type, name: s.name, data: s.data })) };
        });
        assert.equal(drawn.labels.length, 29);
        assert.deepEqual([drawn.labels[0], drawn.labels[28]], ["300–350", "1700–1750"]);
        assert.equal(drawn.series.length, 1, date);
        assert.equal(drawn.series[0].type, "bar");
        assert.equal(drawn.series[0].name, `woke ${row.wake.slice(11, 16)}`, date);
        drawn.series[0].data.forEach((v, i) => assert.ok(Math.abs(v - row.shares[i] * 100) < 1e-9, `${date} bin ${i}: ${v} vs ${row.shares[i]}`));
      }
    }
    // The food diary (food_logs, water_logs): each day's rows as the day view lists them, and
    // the energy eaten and water drunk as Trends draws them, are the person's.
    const foodRows = async (p, date) => {
      await showDay(p, emu, date);
      await p.waitForSelector(`[data-for=food][data-date="${date}"]`);
      return p.$$eval("[data-testid=day] [data-testid=food-log] tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    };
    let foods = 0;
    for (const date of ["2026-03-28", "2026-03-29", "2026-03-30"]) {
      const want = await foodRows(truthPage, date);
      foods += want.length;
      assert.deepEqual(await foodRows(page, date), want, `${layout} food ${date}`);
    }
    assert.ok(foods >= 3, `the truth logs food: ${foods} rows`);
    const nutrition = async (p) => {
      await openTrends(p, emu, "2026-03-28", "2026-03-30");
      return { calories_in: await drawnTrend(p, "calories_in", 3), water: await drawnTrend(p, "water", 3) };
    };
    const wantN = await nutrition(truthPage);
    assert.ok(wantN.calories_in.values.filter((v) => v != null).length >= 1 && wantN.water.values.filter((v) => v != null).length >= 1, JSON.stringify(wantN));
    assert.deepEqual(await nutrition(page), wantN, layout);
    await page.context().close();
  });
}

test("an export without the JSON steps and sleep draws them from its CSV and tables as the person lived them", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  await importZips(page, [["takeout-csv.zip", await sample({ from: "2026-03-28", to: "2026-03-30", omit: "steps-,sleep-" })]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done", await page.getByTestId("import").innerText());
  for (const type of ["steps", "sleep"]) {
    const days = Number(await page.locator(`[data-testid=import-report] tr[data-type=${type}]`).getAttribute("data-days"));
    assert.ok(days >= 3, `${type}: ${days} days`);
  }
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  // The spring-forward night and the day after it.
  for (const date of ["2026-03-29", "2026-03-30"]) {
    const got = await drawnDay(page, date);
    const want = await truth(date);
    for (const c of ["steps-chart", "sleep-chart"]) {
      assert.ok(want[c]?.length, `${c} ${date}: the truth draws something`);
      assert.deepEqual(got[c], want[c], `${c} ${date}`);
    }
  }
  await page.context().close();
});

test("an unzipped folder imports, and a reload opens the imported data again", async () => {
  const { page } = await newPage(browser);
  const dir = tempDir();
  const r = await fetch(`${emu.origins.control}/sample-export.json?${new URLSearchParams({ layout: "categories", from: "2026-06-12", to: "2026-06-13" })}`);
  for (const f of await r.json()) {
    const path = join(dir, "MyFitbitData-export", f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(f.base64, "base64"));
  }
  await page.goto(emu.origins.app);
  await page.getByTestId("import-folder").setInputFiles(join(dir, "MyFitbitData-export"));
  await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 60_000 });
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done", await page.getByTestId("import").innerText());
  assert.match(await page.getByTestId("import-done").innerText(), /from MyFitbitData-export\./);
  await page.getByTestId("open-import").click();
  // Trip days in Los Angeles (the archive has no zone: each day file's midnights say −07:00).
  const got = await drawnDay(page, "2026-06-13");
  assert.deepEqual(got, await truth("2026-06-13"));
  await page.reload();
  await page.getByTestId("import-banner").waitFor();
  await page.context().close();
});

test("bad files get a clear message and the earlier import stays", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  await importZips(page, [["takeout-1.zip", await sample({ from: "2026-03-30", to: "2026-03-30" })]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done");

  const message = async () => (await page.getByTestId("import-error").innerText());
  await importZips(page, [["notes.zip", Buffer.from("these are my notes, not an export")]]);
  assert.match(await message(), /notes\.zip is not a ZIP archive/);
  await importZips(page, [["takeout-2.zip", await sample({ from: "2026-03-28", to: "2026-03-29", truncate: "true" })]]);
  assert.match(await message(), /takeout-2\.zip is cut off.*download it again/i);

  // What the first import stored is still there.
  await page.getByTestId("open-import").click();
  const got = await drawnDay(page, "2026-03-30");
  assert.deepEqual(got, await truth("2026-03-30"));
  await page.context().close();
});

test("an import cancelled half way keeps its days and resumes where it stopped", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  const zip = await sample({ from: "2026-05-01", to: "2026-05-20" });
  await importZips(page, [["takeout-may.zip", zip]], { settle: false });
  // Past the tables (profile, height, sleeps, weight.csv, the calories CSV) and a few data files.
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=import-progress]")?.dataset.filesDone ?? 0) >= 10, null, { timeout: 60_000 });
  await page.getByTestId("import-cancel").click();
  await page.waitForSelector("[data-testid=import][data-state=failed]");
  assert.match(await page.getByTestId("import-error").innerText(), /cancelled.*kept/i);

  // As after a closed tab: the page says what stopped and how to finish it.
  await page.reload();
  await page.getByTestId("import-pending").waitFor();
  await importZips(page, [["takeout-may.zip", zip]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done");
  const resumed = Number(await page.getByTestId("import-report").getAttribute("data-resumed-after"));
  assert.ok(resumed >= 3, `resumed after ${resumed} data files`);
  assert.equal(await page.getByTestId("import-pending").count(), 0);
  // Days from both runs are there: the first files (heart-rate days) and the last.
  await page.getByTestId("open-import").click();
  for (const date of ["2026-05-01", "2026-05-20"]) {
    assert.deepEqual(await drawnDay(page, date), await truth(date), date);
  }
  await page.context().close();
});

test("two overlapping exports add each day once", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  await importZips(page, [["takeout-march.zip", await sample({ from: "2026-03-26", to: "2026-03-28" })]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done");
  // A later export covers two of the same days again, and two new ones.
  await importZips(page, [["takeout-april.zip", await sample({ from: "2026-03-27", to: "2026-03-30" })]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done");
  await page.getByTestId("open-import").click();
  for (const date of ["2026-03-26", "2026-03-27", "2026-03-30"]) {
    assert.deepEqual(await drawnDay(page, date), await truth(date), date);
  }
  // The cache holds each (type, day) once: 5 heart-rate days, not 3 + 4.
  const hrDays = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("fitdata");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const store = db.transaction("days").objectStore("days");
      const keys = store.getAllKeys(IDBKeyRange.bound("import/export/heart_rate/", "import/export/heart_rate/\uffff"));
      keys.onsuccess = () => { resolve(keys.result.length); db.close(); };
    };
  }));
  assert.equal(hrDays, 5);
  await page.context().close();
});

/** The exercises shaded on the day's heart-rate chart, as drawn: [name, from, to] (local ms). */
const exerciseBands = (page) => page.evaluate(() => {
  const el = document.querySelector("[data-testid=day] [data-testid=hr-chart]");
  const s = window.echarts.getInstanceByDom(el)?.getOption().series.find((x) => x.name === "Exercise");
  return (s?.markArea?.data ?? []).map(([a, b]) => [a.name, a.xAxis, b.xAxis]);
});

/** The rows of an exercise table, cell by cell. */
const tableRows = (page, testid) => page.locator(`[data-testid=${testid}] tbody tr`).evaluateAll(
  (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));

test("an export's exercises and sleep scores show on the day and over a range as the person's", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  // The fitbit.com archive: it fills all three parts of the sleep score.
  await importZips(page, [["MyFitbitData.zip", await sample({ layout: "categories", from: "2026-03-24", to: "2026-03-30" })]]);
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done");
  assert.ok(await page.locator("[data-testid=import-report] tr[data-type=exercises]").count(), "the report lists exercises");
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  let withExercise = 0;
  for (const date of ["2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"]) {
    await truth(date);
    await drawnDay(page, date);
    for (const p of [truthPage, page]) {
      await p.locator("[data-testid=day] [data-for=exercises]").waitFor();
    }
    const want = await tableRows(truthPage, "exercises");
    assert.deepEqual(await tableRows(page, "exercises"), want, `exercise list ${date}`);
    if (want.length) {
      withExercise++;
      // The chart shades each exercise, start to end, where it was drawn in the truth.
      await page.waitForFunction(() => {
        const el = document.querySelector("[data-testid=day] [data-testid=hr-chart]");
        return window.echarts.getInstanceByDom(el)?.getOption().series.some((x) => x.name === "Exercise");
      });
      await truthPage.waitForFunction(() => {
        const el = document.querySelector("[data-testid=day] [data-testid=hr-chart]");
        return window.echarts.getInstanceByDom(el)?.getOption().series.some((x) => x.name === "Exercise");
      });
      const bands = await exerciseBands(page);
      assert.equal(bands.length, want.length);
      assert.deepEqual(bands, await exerciseBands(truthPage), `exercise bands ${date}`);
      // …and the band is the exercise's own time: its start cell, read on the chart's axis.
      const start = await page.locator("[data-testid=exercises] tbody tr").first().getAttribute("data-start");
      const offset = await page.locator("[data-testid=exercises] tbody tr").first().getAttribute("data-offset");
      assert.equal(bands[0][1], (Number(start) + Number(offset)) * 1000);
    }
    // The night's score, with its parts.
    const score = async (p) => {
      const el = p.locator("[data-testid=day] [data-testid=sleep-score]");
      await el.waitFor();
      return [await el.getAttribute("data-value"), await el.getAttribute("data-parts")];
    };
    const s = await score(page);
    assert.deepEqual(s, await score(truthPage), `sleep score ${date}`);
    assert.ok(s[1], "the archive's three parts");
  }
  assert.ok(withExercise >= 2, `${withExercise} days with an exercise`);

  // Over the range: the same list, and the same sleep-score line as drawn.
  const rangeOf = async (p) => {
    await openTrends(p, emu, "2026-03-24", "2026-03-30");
    await p.locator("[data-testid=trend-exercises] tbody tr").first().waitFor();
    const line = await drawnTrend(p, "sleep_score", 7);
    return { rows: await tableRows(p, "trend-exercises"), line };
  };
  const got = await rangeOf(page);
  const want = await rangeOf(truthPage);
  assert.equal(got.rows.length, withExercise);
  assert.deepEqual(got, want);
  await page.context().close();
});

test("a folder or a ZIP dropped on the card imports as when chosen", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  // The card to drop on, drawn (on a loaded machine the app can still be starting).
  await page.getByTestId("import").waitFor();
  const r = await fetch(`${emu.origins.control}/sample-export.json?${new URLSearchParams({ layout: "categories", from: "2026-06-12", to: "2026-06-13" })}`);
  const files = await r.json();
  // A drop of one folder, as Chromium hands it over (the File and Directory Entries API): the
  // folder's reader gives its entries a few at a time, as a real one does for big folders.
  await page.evaluate((files) => {
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const root = { children: new Map() };
    for (const f of files) {
      const parts = `MyFitbitData-drop/${f.path}`.split("/");
      let dir = root;
      for (const p of parts.slice(0, -1)) {
        if (!dir.children.has(p)) dir.children.set(p, { children: new Map() });
        dir = dir.children.get(p);
      }
      dir.children.set(parts.at(-1), new File([bytes(f.base64)], parts.at(-1)));
    }
    const entry = (name, node, path) => node instanceof File
      ? { isFile: true, isDirectory: false, name, fullPath: path, file: (ok) => setTimeout(() => ok(node)) }
      : {
          isFile: false, isDirectory: true, name, fullPath: path,
          createReader() {
            const all = [...node.children].map(([n, c]) => entry(n, c, `${path}/${n}`));
            return { readEntries: (ok) => setTimeout(() => ok(all.splice(0, 3))) };
          },
        };
    const top = entry("MyFitbitData-drop", root.children.get("MyFitbitData-drop"), "/MyFitbitData-drop");
    const drop = new Event("drop", { bubbles: true, cancelable: true });
    Object.defineProperty(drop, "dataTransfer", { value: { items: { length: 1, 0: { webkitGetAsEntry: () => top } }, files: { length: 0 } } });
    document.querySelector("[data-testid=import]").dispatchEvent(drop);
  }, files);
  await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 60_000 });
  assert.equal(await page.getByTestId("import").getAttribute("data-state"), "done", await page.getByTestId("import").innerText());
  assert.match(await page.getByTestId("import-done").innerText(), /from MyFitbitData-drop\./);
  const total = await page.evaluate(() => JSON.parse(localStorage.getItem("fitdata.import.saved")).report.files_total);
  assert.equal(total, files.length, "every file of the folder, however many batches it took");
  await page.getByTestId("open-import").click();
  assert.deepEqual(await drawnDay(page, "2026-06-13"), await truth("2026-06-13"));

  // A ZIP dropped from the file manager (the browser's own DataTransfer).
  await page.getByTestId("leave-import").click();
  await page.getByTestId("import").waitFor();
  const zip = await sample({ from: "2026-03-30", to: "2026-03-30" });
  await page.evaluate((b64) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "takeout-drop.zip", { type: "application/zip" }));
    const drop = new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: dt });
    document.querySelector("[data-testid=import]").dispatchEvent(drop);
  }, zip.toString("base64"));
  await page.waitForSelector("[data-testid=import][data-state=done],[data-testid=import][data-state=failed]", { timeout: 60_000 });
  assert.match(await page.getByTestId("import-done").innerText(), /from takeout-drop\.zip\./);
  await page.context().close();
});

test("every heart-rate reading of a range, written into a chosen file as the ZIP is made, is the export's own, in CSV and in Parquet", async () => {
  const { page } = await newPage(browser);
  await page.goto(emu.origins.app);
  const zip = await sample({ layout: "takeout-fitbit", from: "2026-03-28", to: "2026-03-30" });
  await importZips(page, [["takeout.zip", zip]]);
  await page.getByTestId("open-import").click();
  await page.getByTestId("import-banner").waitFor();
  // The save dialog, answered as a person would, with a file of the origin-private file
  // system (a headless browser shows no dialog).
  await page.evaluate(() => {
    window.showSaveFilePicker = async (o) => {
      window.__suggested = o.suggestedName;
      return (await navigator.storage.getDirectory()).getFileHandle("export.zip", { create: true });
    };
  });
  await page.evaluate(() => { location.hash = "#/export"; });
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2026-03-28");
  await page.getByTestId("to").fill("2026-03-30");
  // Heart rate at every reading is on offer, and not chosen until asked for.
  assert.equal(await page.getByTestId("kind-heart_rate").isChecked(), false);
  for (const box of await page.locator("input[data-testid^=kind-]").all()) {
    const k = (await box.getAttribute("data-testid")).slice("kind-".length);
    if ((await box.isChecked()) !== (k === "heart_rate" || k === "sleep")) await box.click();
  }
  await page.getByTestId("format-parquet").check();
  await page.getByTestId("zip-to-file").click();
  await page.getByTestId("zip-saved").waitFor({ timeout: 120_000 });
  assert.equal(await page.evaluate(() => window.__suggested), "fitdata-import-2026-03-28-2026-03-30.zip");
  const bytes = Buffer.from(await page.evaluate(async () => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle("export.zip")).getFile();
    const b = new Uint8Array(await file.arrayBuffer());
    let s = "";
    for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
    return btoa(s);
  }), "base64");
  assert.equal(Number(await page.getByTestId("zip-saved").getAttribute("data-bytes")), bytes.length);
  const files = unzip(bytes);
  // Heart rate at every reading is a file per month, in a folder.
  assert.deepEqual(Object.keys(files).sort(), ["README.txt", "heart_rate/2026-03.csv", "heart_rate/2026-03.parquet", "schema.json", "sleep.csv", "sleep.parquet"]);
  assert.match(files["README.txt"], /pd\.read_parquet/);
  // pyarrow and DuckDB (PyPI) read each Parquet file back equal to its CSV, cell by cell.
  const python = join(dirname(new URL(import.meta.url).pathname), "..", ".cache/pyclient/bin/python");
  if (existsSync(python)) {
    const oracle = spawnSync(python, [join(dirname(new URL(import.meta.url).pathname), "parquet_oracle.py")], { input: bytes, maxBuffer: 1 << 24 });
    assert.equal(oracle.status, 0, String(oracle.stderr));
    const read = String(oracle.stdout).trim().split("\n").map((l) => l.split(" "));
    assert.deepEqual(read.map(([n]) => n), ["heart_rate/2026-03.parquet", "sleep.parquet"]);
    assert.ok(Number(read[0][1]) > 30_000, String(oracle.stdout));
    // Each type's own Parquet download (Parquet ticked), beside its own CSV download: the
    // same oracle reads each pair back equal.
    const dir = tempDir();
    for (const kind of ["heart_rate", "sleep"]) {
      for (const ext of ["csv", "parquet"]) {
        const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByTestId(`${ext}-${kind}`).click()]);
        assert.equal(dl.suggestedFilename(), `fitdata-import-${kind}-2026-03-28-2026-03-30.${ext}`);
        writeFileSync(join(dir, `${kind}.${ext}`), readFileSync(await dl.path()));
      }
    }
    const single = spawnSync(python, [join(dirname(new URL(import.meta.url).pathname), "parquet_oracle.py"), dir], { maxBuffer: 1 << 24 });
    assert.equal(single.status, 0, String(single.stderr));
    const singles = String(single.stdout).trim().split("\n").map((l) => l.split(" "));
    assert.deepEqual(singles.map(([n]) => n), ["heart_rate.parquet", "sleep.parquet"]);
    // One file for the range: the same readings as the ZIP's month.
    assert.equal(singles[0][1], read[0][1]);
  } else {
    console.log("skipped: the Parquet oracle (pyarrow, DuckDB: make setup installs them)");
  }
  // Every reading of the export's heart-rate day files (each a local day, its readings stamped
  // in UTC, takeout.md §3.1): the same instants and beats, none lost and none added.
  const truth = Object.entries(unzip(zip))
    .filter(([name]) => /heart_rate-2026-03-(28|29|30)\.json$/.test(name))
    .flatMap(([, text]) => JSON.parse(text).map((r) => {
      const [md, hms] = r.dateTime.split(" ");
      const [m, d, y] = md.split("/");
      return `20${y}-${m}-${d}T${hms},${r.value.bpm}`;
    }))
    .sort();
  const lines = files["heart_rate/2026-03.csv"].trim().split("\n");
  assert.equal(lines[0], "utc_time,local_time,utc_offset_min,time_basis,bpm,source");
  const got = lines.slice(1).map((l) => {
    const c = l.split(",");
    assert.equal(Date.parse(c[1]), Date.parse(c[0]), "local time and offset name the instant");
    return `${c[0].slice(0, 19)},${c[4]}`;
  }).sort();
  assert.ok(truth.length > 30_000, `${truth.length} readings`);
  assert.deepEqual(got, truth);
  await page.context().close();
});
