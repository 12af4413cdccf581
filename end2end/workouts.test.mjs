// Issue #29's Workouts page, read against the export's own exercise and heart-rate files: the
// months' totals (table and drawn bars), each type's bests, the type filter, and one exercise
// opened: its heart rate as drawn (getOption), its time in zones, and its TCX file read back
// by python-tcxparser (PyPI), an independent reader.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, launchBrowser, importedExport, unzip, SCREENSHOTS, docsPath, connect, googlePoints, localMs } from "./harness.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PYTHON = join(ROOT, ".cache/pyclient/bin/python");

/** What python-tcxparser (PyPI), an independent reader, reads in the TCX file at `path`: the
 * JSON of `fields`, a Python expression over the parsed file `t` (with `lines` of Python before
 * it); null, said in the log, where `make setup` has not made its venv. */
function tcxRead(path, fields, lines = []) {
  if (!existsSync(PYTHON)) {
    console.log("skipped: a TCX check (no .cache/pyclient; make setup makes it)");
    return null;
  }
  const script = ["import sys, json, tcxparser", "t = tcxparser.TCXParser(sys.argv[1])", ...lines, `print(json.dumps(${fields}))`];
  return JSON.parse(execFileSync(PYTHON, ["-c", script.join("\n"), path]).toString());
}

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });

/** The offset of `zone` at `ms`, in minutes (Intl). */
function offsetIn(zone, ms) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(ms).find((p) => p.type === "timeZoneName").value;
  const m = name.match(/GMT([+-])(\d\d):(\d\d)/);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A Fitbit export time ("05/02/26 06:30:00", UTC) in milliseconds. */
const utcMs = (s) => { const [mdy, hms] = s.split(" "); const [m, d, y] = mdy.split("/"); return Date.parse(`20${y}-${m}-${d}T${hms}Z`); };

/** Every exercise log of the export: name, UTC start and end (s), local month, distance and
 * calories. The synthetic person lives in Berlin in the range read. */
function exercisesOf(files) {
  const out = [];
  for (const [name, text] of Object.entries(files)) {
    if (!/\/exercise-\d+\.json$/.test(name)) continue;
    for (const x of JSON.parse(text)) {
      const start = utcMs(x.startTime) / 1000;
      const local = new Date((start + offsetIn("Europe/Berlin", start * 1000) * 60) * 1000).toISOString();
      out.push({ name: x.activityName, start, end: start + x.duration / 1000, month: local.slice(0, 7), date: local.slice(0, 10), km: x.distance, kcal: x.calories });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every heart-rate reading of the export, [UTC s, bpm], in time order. */
function heartOf(files) {
  const out = [];
  for (const [name, text] of Object.entries(files)) {
    if (!/\/heart_rate-\d{4}-\d\d-\d\d\.json$/.test(name)) continue;
    for (const r of JSON.parse(text)) out.push([utcMs(r.dateTime) / 1000, r.value.bpm]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

test("the Workouts page adds up the export's months and bests, and an exercise's heart rate, zones and TCX match the files", async () => {
  const { page, context, files } = await importedExport(browser, emu, "2026-04-20", "2026-06-06", { viewport: { width: 1280, height: 1200 } });
  const truth = exercisesOf(files);
  assert.ok(truth.length > 10, `${truth.length} exercises`);
  await page.getByTestId("nav-workouts").click();
  await page.getByTestId("workouts-span-all").click();
  await page.waitForSelector("[data-testid=workouts-span-all][aria-pressed=true]");
  await page.waitForSelector("[data-testid=workouts-months] tr[data-month]");

  // Months: the table and the drawn bars and line, against the files.
  const months = new Map();
  for (const x of truth) {
    const m = months.get(x.month) ?? { count: 0, seconds: 0 };
    m.count++; m.seconds += x.end - x.start;
    months.set(x.month, m);
  }
  const rows = await page.$$eval("[data-testid=workouts-months] tr[data-month]", (trs) => trs.map((t) => ({ month: t.dataset.month, count: Number(t.dataset.count), seconds: Number(t.dataset.seconds) })));
  assert.deepEqual(rows.map((r) => r.month).sort(), [...months.keys()].sort());
  for (const r of rows) assert.deepEqual({ count: r.count, seconds: r.seconds }, months.get(r.month), r.month);
  const drawn = await page.waitForFunction(() => {
    const el = document.querySelector("[data-testid=workouts-months-chart]");
    const c = el && window.echarts?.getInstanceByDom(el);
    if (!c) return null;
    const o = c.getOption();
    return { labels: o.xAxis[0].data, hours: o.series[0].data, counts: o.series[1].data };
  }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  const ordered = [...months.keys()].sort();
  assert.equal(drawn.labels.length, ordered.length);
  ordered.forEach((m, i) => {
    assert.equal(drawn.counts[i], months.get(m).count, m);
    assert.ok(Math.abs(drawn.hours[i] - months.get(m).seconds / 3600) <= 0.005, `${m}: ${drawn.hours[i]} h`);
  });

  // Bests: each type's longest and farthest.
  for (const name of new Set(truth.map((x) => x.name))) {
    const mine = truth.filter((x) => x.name === name);
    const longest = Math.max(...mine.map((x) => x.end - x.start));
    const first = mine.find((x) => x.end - x.start === longest);
    const row = page.locator(`[data-testid=workouts-bests] tr[data-name="${name}"][data-best=longest]`);
    assert.equal(Number(await row.getAttribute("data-value")), longest, name);
    assert.equal(Number(await row.getAttribute("data-start")), first.start, `${name}: the first to set it`);
    const far = Math.max(...mine.map((x) => x.km));
    if (far > 0) { const got = Number(await page.locator(`[data-testid=workouts-bests] tr[data-name="${name}"][data-best=farthest]`).getAttribute("data-value")); assert.ok(Math.abs(got - far) < 1e-9, `${name}: ${got} vs ${far}`); }
  }

  // The type filter: the list holds the files' exercises of that type, latest first.
  const runs = truth.filter((x) => x.name === "Run");
  assert.ok(runs.length > 2, `${runs.length} runs`);
  await page.getByTestId("workouts-type").selectOption("Run");
  await page.waitForSelector(`[data-testid=workouts-list][data-count="${runs.length}"]`);
  const listed = await page.$$eval("[data-testid=workouts-list] tbody tr", (trs) => trs.map((t) => Number(t.dataset.start)));
  assert.deepEqual(listed, runs.map((x) => x.start).reverse());

  // Every run shown, as TCX files in one ZIP: one file per run, each read back by
  // python-tcxparser with its start and every heart-rate reading inside it.
  const [zipped] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByTestId("workouts-zip").click()]);
  assert.match(zipped.suggestedFilename(), /^fitdata-workouts-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.zip$/);
  const archive = unzip(readFileSync(await zipped.path()));
  const tcxs = Object.keys(archive).filter((n) => n.endsWith(".tcx")).sort();
  assert.ok(archive["README.txt"].includes("TCX"), "a README");
  assert.equal(tcxs.length, runs.length);
  const hr = heartOf(files);
  if (existsSync(PYTHON)) {
    const read = JSON.parse(execFileSync(PYTHON, ["-c", [
      "import sys, json, tcxparser",
      "out = []",
      "for p in sys.argv[1:]:",
      "    t = tcxparser.TCXParser(p)",
      "    out.append({'start': t.started_at, 'hr': t.hr_values()})",
      "print(json.dumps(out))",
    ].join("\n"), ...tcxs.map((n) => { const p = join(tmpdir(), `fitdata-${process.pid}-${n}`); writeFileSync(p, archive[n]); return p; })]).toString());
    read.forEach((t, i) => {
      const x = runs[i];
      assert.equal(t.start, new Date(x.start * 1000).toISOString().replace(".000Z", "Z"), tcxs[i]);
      assert.deepEqual(t.hr, hr.filter(([s]) => s >= x.start && s <= x.end).map(([, v]) => Math.round(v)), tcxs[i]);
    });
  }

  // Open the latest run: its heart rate is every reading of the files inside it.
  const run = runs.at(-1);
  await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${run.start}"] a`).click();
  assert.equal(await page.evaluate(() => location.hash), `#/workouts/${run.date}/${run.start}`);
  const figures = page.getByTestId("workout-figures");
  await figures.waitFor();
  assert.equal(Number(await figures.getAttribute("data-start")), run.start);
  const inside = hr.filter(([t]) => t >= run.start && t <= run.end);
  assert.ok(inside.length > 100, `${inside.length} readings`);
  assert.equal(Number(await figures.getAttribute("data-readings")), inside.length);
  assert.ok(Math.abs(Number(await figures.getAttribute("data-mean")) - inside.reduce((a, [, v]) => a + v, 0) / inside.length) < 1e-9);
  const off = offsetIn("Europe/Berlin", run.start * 1000);
  const line = await page.waitForFunction((n) => {
    const el = document.querySelector("[data-testid=workout-hr]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const s = c?.getOption().series.find((x) => x.type === "line" && x.data?.length);
    const pts = s && window.__points(s.data).filter((p) => p[1] !== "-");
    return pts?.length === n ? pts : null;
  }, inside.length, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.deepEqual(line, inside.map(([t, v]) => [(t + off * 60) * 1000, v]));

  if (SCREENSHOTS) await page.getByTestId("workout").screenshot({ path: docsPath("workout.png") });
  // The day's zones come from the export's daily_heart_rate_zones.csv (read here by its own
  // rule: each zone's lower bound in a cell that is not JSON), and the time in each zone is
  // counted against them from the drawn line.
  const zoneFile = Object.entries(files).find(([n]) => n.endsWith("/daily_heart_rate_zones.csv"))?.[1];
  assert.ok(zoneFile, "the export has the day's zones");
  const row = zoneFile.split("\n").find((l) => l.startsWith(run.date));
  const min = Object.fromEntries([...row.matchAll(/""heart_rate_zone_type"": (\w+), ""min_heart_rate_bpm"": (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const bounds = [min.MODERATE, min.VIGOROUS, min.PEAK];
  const zones = page.getByTestId("workout-zones");
  await zones.waitFor();
  assert.deepEqual(JSON.parse(await zones.getAttribute("data-bounds")), bounds);
  assert.deepEqual(JSON.parse(await zones.getAttribute("data-minutes")), zoneMinutes(line, off, bounds));
  assert.equal(await page.getByTestId("workout-zones-note").count(), 0);

  // The TCX, read back by python-tcxparser.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("workout-tcx").click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^fitdata-${run.date}-\\d{4}-run\\.tcx$`));
  const path = await download.path();
  const out = tcxRead(path, "{'start': t.started_at, 'duration': t.duration, 'distance': float(t.distance), 'calories': t.calories, 'sport': t.activity_type, 'hr': t.hr_values()}");
  if (out) {
    assert.equal(out.start, new Date(run.start * 1000).toISOString().replace(".000Z", "Z"));
    assert.equal(out.duration, run.end - run.start);
    assert.ok(Math.abs(out.distance - run.km * 1000) < 1e-6, `${out.distance} m vs ${run.km} km`);
    assert.equal(out.calories, Math.round(run.kcal));
    assert.equal(out.sport, "running");
    assert.deepEqual(out.hr, inside.map(([, v]) => Math.round(v)));
  }
  assert.ok(readFileSync(path, "utf8").includes("<TrainingCenterDatabase"));
  await context.close();
});

test("a Google account's workouts are the API's exercises, an opened one draws the API's heart rate inside it, its splits are the API's and its TCX a lap per split, a second visit asks the API nothing, and its day lists and shades it", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
  const page = await context.newPage();
  await connect(page, emu, "google");
  // The page's own span (a year), which it opens on again when come back to.
  await page.getByTestId("nav-workouts").click();
  const range = page.getByTestId("workouts-range");
  await range.waitFor({ timeout: 120_000 });
  const [from, to] = [await range.getAttribute("data-from"), await range.getAttribute("data-to")];
  // The truth: the API's own exercises that started on those civil days, read with the page's
  // token straight from the emulator, latest first.
  const after = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const truth = (await googlePoints(page, emu, "exercise", `exercise.interval.civil_start_time >= "${from}" AND exercise.interval.civil_start_time < "${after}"`))
    .map((p) => p.exercise)
    .map((x) => ({ name: x.displayName, start: Date.parse(x.interval.startTime) / 1000, end: Date.parse(x.interval.endTime) / 1000, offset: parseInt(x.interval.startUtcOffset, 10), km: x.metricsSummary.distanceMillimeters / 1e6, kcal: x.metricsSummary.caloriesKcal, splits: x.splits ?? [] }))
    .sort((a, b) => b.start - a.start);
  assert.ok(truth.length > 25, `${truth.length} exercises: more than one page of the API's`);
  await page.waitForSelector(`[data-testid=workouts-list][data-count="${truth.length}"]`);
  const listed = await page.$$eval("[data-testid=workouts-list] tbody tr", (trs) => trs.map((t) => ({ start: Number(t.dataset.start), offset: Number(t.dataset.offset) })));
  assert.deepEqual(listed, truth.map((x) => ({ start: x.start, offset: x.offset })));
  // Each type's farthest, to the millimetre the API gives.
  for (const name of new Set(truth.map((x) => x.name))) {
    const far = Math.max(...truth.filter((x) => x.name === name).map((x) => x.km));
    const got = Number(await page.locator(`[data-testid=workouts-bests] tr[data-name="${name}"][data-best=farthest]`).getAttribute("data-value"));
    assert.ok(Math.abs(got - far) < 1e-9, `${name}: ${got} vs ${far}`);
  }

  // The latest opened: its line is the API's heart rate inside it, at local time.
  const x = truth[0];
  await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${x.start}"] a`).click();
  await page.getByTestId("workout-figures").waitFor({ timeout: 60_000 });
  const iso = (s) => new Date(s * 1000).toISOString().replace(".000Z", "Z");
  const hr = (await googlePoints(page, emu, "heart-rate", `heart_rate.sample_time.physical_time >= "${iso(x.start)}" AND heart_rate.sample_time.physical_time < "${iso(x.end + 1)}"`))
    .map((p) => [localMs(p.heartRate.sampleTime.physicalTime, p.heartRate.sampleTime.utcOffset), Number(p.heartRate.beatsPerMinute)])
    .sort((a, b) => a[0] - b[0]);
  assert.ok(hr.length > 100, `${hr.length} readings`);
  const line = await page.waitForFunction((n) => {
    const el = document.querySelector("[data-testid=workout-hr]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const s = c?.getOption().series.find((v) => v.type === "line" && v.data?.length);
    const pts = s && window.__points(s.data).filter((p) => p[1] !== "-");
    return pts?.length === n ? pts : null;
  }, hr.length, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.deepEqual(line, hr);

  // Its splits, as the API gave them: each one's bounds, distance, time and heart rate.
  assert.ok(x.splits.length >= 2, `${x.splits.length} splits`);
  await page.waitForSelector(`[data-testid=workout-splits][data-count="${x.splits.length}"]`);
  const rows = await page.$$eval("[data-testid=workout-splits] tbody tr", (trs) => trs.map((t) => ({ start: Number(t.dataset.start), end: Number(t.dataset.end), km: Number(t.dataset.km), seconds: Number(t.dataset.seconds), bpm: Number(t.dataset.bpm) })));
  assert.deepEqual(rows, x.splits.map((p) => ({ start: Date.parse(p.startTime) / 1000, end: Date.parse(p.endTime) / 1000, km: p.metricsSummary.distanceMillimeters / 1e6, seconds: parseInt(p.activeDuration, 10), bpm: Number(p.metricsSummary.averageHeartRateBeatsPerMinute) })));

  // Its TCX: a lap per split, read back by python-tcxparser, with every reading once.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("workout-tcx").click()]);
  const out = tcxRead(await download.path(), "{'start': t.started_at, 'duration': t.duration, 'distance': float(t.distance), 'calories': t.calories, 'hr': t.hr_values(), 'laps': laps}", [
    "laps = [{'start': l.attrib['StartTime'], 'time': float(l.TotalTimeSeconds), 'metres': float(l.DistanceMeters)} for l in t.activity.Lap]",
  ]);
  if (out) {
    assert.equal(out.start, iso(x.start));
    assert.equal(out.duration, x.end - x.start);
    assert.ok(Math.abs(out.distance - x.km * 1000) < 1e-6, `${out.distance} m vs ${x.km} km`);
    assert.equal(out.calories, Math.round(x.kcal));
    assert.deepEqual(out.laps, x.splits.map((p) => ({ start: p.startTime, time: (Date.parse(p.endTime) - Date.parse(p.startTime)) / 1000, metres: p.metricsSummary.distanceMillimeters / 1000 })));
    assert.deepEqual(out.hr, hr.map(([, v]) => v));
  }

  // Back on the list and the workout again: all from the cache.
  const first = (await emu.control("GET", "/log")).entries.filter((e) => e.host === "health_googleapis" && e.path.includes("/dataTypes/exercise/"));
  console.log(`# a year of Google workouts: ${truth.length} exercises, ${first.length} requests to the exercise type on the first visit`);
  await emu.control("DELETE", "/log");
  await page.goto(`${emu.origins.app}#/day/${to}`);
  await page.getByTestId("nav-workouts").click();
  await page.waitForSelector(`[data-testid=workouts-list][data-count="${truth.length}"]`, { timeout: 60_000 });
  const clicked = Date.now();
  await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${x.start}"] a`).click();
  await page.getByTestId("workout-figures").waitFor({ timeout: 60_000 });
  await page.waitForSelector(`[data-testid=workout-splits][data-count="${x.splits.length}"]`);
  console.log(`# a Google workout opened from the cache, click to figures and splits: ${Date.now() - clicked} ms`);
  const asked = (await emu.control("GET", "/log")).entries.filter((e) => e.host === "health_googleapis" && e.path.includes("/dataTypes/exercise/"));
  assert.deepEqual(asked.map((e) => e.path), [], "no exercise asked twice");

  // Its day lists the day's exercises and shades each on the heart-rate chart, at local time.
  const date = new Date((x.start + x.offset) * 1000).toISOString().slice(0, 10);
  const ofDay = truth.filter((w) => new Date((w.start + w.offset) * 1000).toISOString().slice(0, 10) === date).reverse();
  await page.goto(`${emu.origins.app}#/day/${date}`);
  await page.locator(`[data-testid=day][data-date="${date}"] [data-for=exercises] [data-testid=exercises]`).waitFor({ timeout: 60_000 });
  const rowsOfDay = await page.$$eval("[data-testid=day] [data-testid=exercises] tbody tr", (trs) => trs.map((t) => Number(t.dataset.start)));
  assert.deepEqual(rowsOfDay, ofDay.map((w) => w.start));
  const bands = await page.waitForFunction((n) => {
    const el = document.querySelector("[data-testid=day] [data-testid=hr-chart]");
    const s = el && window.echarts?.getInstanceByDom(el)?.getOption().series.find((v) => v.name === "Exercise");
    const d = s?.markArea?.data ?? [];
    return d.length === n ? d.map(([a, b]) => [Number(a.xAxis), Number(b.xAxis)]) : null;
  }, ofDay.length, { timeout: 60_000 }).then((h) => h.jsonValue());
  assert.deepEqual(bands, ofDay.map((w) => [(w.start + w.offset) * 1000, (w.end + w.offset) * 1000]));

  // The export's ZIP of that day: beside exercises.csv, exercise_splits.csv holds the API's
  // splits, a row each at its own offset, joined to its exercise's row by the exercise's start.
  await page.goto(`${emu.origins.app}#/export`);
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill(date);
  await page.getByTestId("to").fill(date);
  const [zipDl] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByTestId("zip").click()]);
  const files = unzip(readFileSync(await zipDl.path()));
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const exercises = (await googlePoints(page, emu, "exercise", `exercise.interval.civil_start_time >= "${date}" AND exercise.interval.civil_start_time < "${next}"`))
    .map((p) => p.exercise).sort((a, b) => Date.parse(a.interval.startTime) - Date.parse(b.interval.startTime));
  const offsetText = (off) => `${off < 0 ? "-" : "+"}${String(Math.floor(Math.abs(off) / 3600)).padStart(2, "0")}:${String(Math.abs(off) / 60 % 60).padStart(2, "0")}`;
  const cell = (v, f = String) => v === undefined ? "" : f(v);
  const wantSplits = exercises.flatMap((w) => (w.splitSummaries?.length ? w.splitSummaries : (w.splits ?? [])).map((l, i) => {
    const off = parseInt(l.startUtcOffset, 10), m = l.metricsSummary ?? {};
    return [l.startTime, new Date(Date.parse(l.startTime) + off * 1000).toISOString().slice(0, 19) + offsetText(off), String(off / 60), "recorded",
      w.interval.startTime, String(i + 1), l.splitType, String((Date.parse(l.endTime) - Date.parse(l.startTime)) / 1000),
      cell(l.activeDuration, (d) => String(parseInt(d, 10))), cell(m.distanceMillimeters, (v) => String(Number(v) / 1e6)),
      cell(m.caloriesKcal), cell(m.averageHeartRateBeatsPerMinute, (v) => String(Number(v)))].join(",");
  }));
  assert.ok(wantSplits.length >= x.splits.length, `${wantSplits.length} splits on ${date}`);
  const gotSplits = files["exercise_splits.csv"].trim().split("\n");
  assert.equal(gotSplits[0], "utc_time,local_time,utc_offset_min,time_basis,exercise_utc_time,split,split_type,duration_s,active_s,distance_km,calories_kcal,avg_bpm,source");
  // (The source column names the device where the answer does: compared up to it.)
  assert.deepEqual(gotSplits.slice(1).map((l) => l.split(",").slice(0, 12).join(",")), wantSplits);
  assert.ok(gotSplits.slice(1).every((l) => /,google(\/[^,]*)?$/.test(l)), gotSplits[1]);
  const starts = new Set(files["exercises.csv"].trim().split("\n").slice(1).map((l) => l.split(",")[0]));
  assert.deepEqual([...starts].sort(), exercises.map((w) => w.interval.startTime));
  assert.ok(gotSplits.slice(1).every((l) => starts.has(l.split(",")[4])), "each split's exercise is a row of exercises.csv");
  await context.close();
});

/** Connected to Google in `page`, on the Workouts page: the API's own exercises of the
 * 20 days to the page's last date. */
async function googleWorkouts(page) {
  await connect(page, emu, "google");
  await page.getByTestId("nav-workouts").click();
  const range = page.getByTestId("workouts-range");
  await range.waitFor({ timeout: 120_000 });
  const to = await range.getAttribute("data-to");
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
  const after = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return googlePoints(page, emu, "exercise", `exercise.interval.civil_start_time >= "${from}" AND exercise.interval.civil_start_time < "${after}"`);
}

test("a Google workout's pauses, from its events, are shaded on its heart rate and counted in its figures", async () => {
  // A world where every workout pauses 20 minutes in, for 2 minutes.
  await emu.control("POST", "/google", JSON.stringify({ exercise_pauses: true }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
  try {
    const page = await context.newPage();
    const [x] = (await googleWorkouts(page))
      .map((p) => p.exercise).sort((a, b) => Date.parse(b.interval.startTime) - Date.parse(a.interval.startTime));
    const start = Date.parse(x.interval.startTime) / 1000;
    const offset = parseInt(x.interval.startUtcOffset, 10);
    // The API's own pause: from its AUTO_PAUSE to its AUTO_RESUME.
    const at = (kind) => Date.parse(x.exerciseEvents.find((e) => e.exerciseEventType === kind).eventTime) / 1000;
    const pause = [at("AUTO_PAUSE"), at("AUTO_RESUME")];
    assert.equal(pause[1] - pause[0], 120);
    await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${start}"] a`).click();
    const paused = page.getByTestId("workout-paused");
    await paused.waitFor({ timeout: 60_000 });
    assert.deepEqual(JSON.parse(await paused.getAttribute("data-pauses")), [pause]);
    assert.match(await paused.innerText(), /2 min in 1 pause/);
    const drawn = await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=workout-hr]");
      const s = el && window.echarts?.getInstanceByDom(el)?.getOption().series.find((v) => v.name === "Paused");
      return s?.markArea?.data?.map(([a, b]) => [Number(a.xAxis), Number(b.xAxis)]) ?? null;
    }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    assert.deepEqual(drawn, [pause.map((t) => (t + offset) * 1000)]);
    // Its moving time is the API's active duration: its length less the pause.
    assert.equal(parseInt(x.activeDuration, 10), Date.parse(x.interval.endTime) / 1000 - start - 120);

    // Its TCX as a watch writes a paused workout, read back by python-tcxparser: each lap's
    // time is its split's active time (the pause left out), the pause ends a track and the
    // next opens after it, and no reading inside the pause is written but a lap's start.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("workout-tcx").click()]);
    const out = tcxRead(await download.path(), "{'duration': t.duration, 'laps': laps}", [
      "laps = [{'start': l.attrib['StartTime'], 'time': float(l.TotalTimeSeconds),",
      "         'tracks': [[[p.Time.text, hasattr(p, 'DistanceMeters')] for p in tr.Trackpoint] for tr in l.Track]} for l in t.activity.Lap]",
    ]);
    if (out) {
      assert.equal(out.duration, parseInt(x.activeDuration, 10));
      assert.deepEqual(out.laps.map((l) => [l.start, l.time]), x.splits.map((p) => [p.startTime, parseInt(p.activeDuration, 10)]));
      const secs = (iso) => Date.parse(iso) / 1000;
      const tracks = out.laps.flatMap((l) => l.tracks.map((tr) => tr.map(([time, distance]) => [secs(time), distance])));
      for (const tr of tracks) {
        for (const [t, distance] of tr) assert.ok(distance || t < pause[0] || t >= pause[1], `a reading at ${t}, inside the pause ${pause}`);
      }
      // The pause is between tracks: no two points of one track have any of it between them.
      const spans = tracks.map((tr) => [tr[0][0], tr[tr.length - 1][0]]);
      assert.ok(tracks.length > out.laps.length, `a track more than laps: ${JSON.stringify(spans)}`);
      for (const tr of tracks) {
        for (let i = 1; i < tr.length; i++) assert.ok(!(pause[0] < tr[i][0] && tr[i - 1][0] < pause[1]), `${tr[i - 1][0]} and ${tr[i][0]} in one track across the pause ${pause}: ${JSON.stringify(spans)}`);
      }
    }
  } finally {
    await context.close();
    await emu.control("POST", "/google", JSON.stringify({}));
  }
});

test("a Google workout with GPS: its route asks for the location scope and comes back to the workout, is drawn north up and true to scale with its kilometre markers where the API's own distance passes them, its GPX holds every fix, and a second visit asks the API nothing", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  try {
    const page = await context.newPage();
    const points = await googleWorkouts(page);
    const gps = points.find((p) => p.exercise.exerciseMetadata?.hasGps);
    const indoor = points.find((p) => !p.exercise.exerciseMetadata?.hasGps);
    assert.ok(gps && indoor, "a workout with GPS and one without in 20 days");
    const startOf = (p) => Date.parse(p.exercise.interval.startTime) / 1000;
    const tcxAsked = async () => (await emu.control("GET", "/log")).entries.filter((e) => e.method === "GET" && e.path.includes(":exportExerciseTcx")).length;

    // Without GPS: no route, and the TCX's note says why.
    await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${startOf(indoor)}"] a`).click();
    await page.getByTestId("workout-figures").waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId("route-allow").count(), 0);
    assert.match(await page.getByTestId("workout").innerText(), /recorded without GPS/);

    // With GPS: the app asks for nothing until the person allows it, then Google's consent
    // for the location scope, and back to this workout.
    await page.evaluate(() => { location.hash = "#/workouts"; });
    await page.locator(`[data-testid=workouts-list] tbody tr[data-start="${startOf(gps)}"] a`).click();
    await page.getByTestId("route-permission").waitFor({ timeout: 60_000 });
    assert.equal(await tcxAsked(), 0);
    const back = await page.evaluate(() => location.hash);
    await page.getByTestId("route-allow").click();
    await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
    assert.match(await page.content(), /location/i);
    await page.getByRole("button", { name: "Continue" }).click();
    const drawn = await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=workout-route]");
      const c = el && window.echarts?.getInstanceByDom(el);
      const o = c?.getOption();
      if (!o || !o.series[0]?.data?.length) return null;
      const px = (p) => c.convertToPixel({ seriesIndex: 0 }, p);
      return {
        line: o.series[0].data.map(px),
        markers: o.series[1].data.map((d) => ({ name: d.name, px: px(d.value) })),
        ends: o.series[2].data.map((d) => d.name),
      };
    }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    assert.equal(await page.evaluate(() => location.hash), back);
    assert.equal(await tcxAsked(), 1);

    // The truth: the API's own TCX, read here.
    const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
    const id = gps.name.split("/").pop();
    const tcx = await (await fetch(`${emu.origins.health_googleapis}/v4/users/me/dataTypes/exercise/dataPoints/${id}:exportExerciseTcx?alt=media`, { headers: { Authorization: `Bearer ${token}` } })).text();
    const fixes = [...tcx.matchAll(/<Time>([^<]+)<\/Time><Position><LatitudeDegrees>([^<]+)<\/LatitudeDegrees><LongitudeDegrees>([^<]+)<\/LongitudeDegrees><\/Position><AltitudeMeters>([^<]+)<\/AltitudeMeters><DistanceMeters>([^<]+)</g)]
      .map(([, time, lat, lon, ele, d]) => ({ time, lat: Number(lat), lon: Number(lon), ele: Number(ele), d: Number(d) }));
    assert.ok(fixes.length > 600, `${fixes.length} fixes`);
    assert.equal(drawn.line.length, fixes.length);
    // True to scale: pixels per metre (great-circle metres, worked out here) the same in every
    // direction, north up and east to the right.
    const R = 6_371_000, rad = Math.PI / 180;
    const metres = (a, b) => {
      const h = Math.sin((b.lat - a.lat) * rad / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin((b.lon - a.lon) * rad / 2) ** 2;
      return 2 * R * Math.asin(Math.sqrt(h));
    };
    const pixels = (i, j) => Math.hypot(drawn.line[i][0] - drawn.line[j][0], drawn.line[i][1] - drawn.line[j][1]);
    const ratios = [];
    const step = Math.floor(fixes.length / 13);
    for (let i = 0; i + 5 * step < fixes.length; i += step) {
      const j = i + 5 * step;
      if (metres(fixes[i], fixes[j]) > 100) ratios.push(pixels(i, j) / metres(fixes[i], fixes[j]));
    }
    assert.ok(ratios.length > 4, `${ratios.length} pairs`);
    for (const r of ratios) assert.ok(Math.abs(r / ratios[0] - 1) < 0.01, `pixels per metre ${ratios.join(", ")}`);
    for (let i = 1; i < fixes.length; i += step) {
      const [a, b] = [fixes[i - 1], fixes[i]];
      if (Math.abs(b.lat - a.lat) > 1e-6) assert.equal(Math.sign(drawn.line[i][1] - drawn.line[i - 1][1]), -Math.sign(b.lat - a.lat), "north is up");
      if (Math.abs(b.lon - a.lon) > 1e-6) assert.equal(Math.sign(drawn.line[i][0] - drawn.line[i - 1][0]), Math.sign(b.lon - a.lon), "east is right");
    }
    // A marker where the API's distance passes each whole kilometre, between the two fixes
    // on either side, in proportion.
    const km = Math.floor(fixes.at(-1).d / 1000);
    assert.equal(drawn.markers.length, km);
    for (const [n, m] of drawn.markers.entries()) {
      assert.equal(m.name, `${n + 1} km`);
      const i = fixes.findIndex((f) => f.d >= (n + 1) * 1000);
      const k = (((n + 1) * 1000) - fixes[i - 1].d) / (fixes[i].d - fixes[i - 1].d);
      const want = [0, 1].map((c) => drawn.line[i - 1][c] + (drawn.line[i][c] - drawn.line[i - 1][c]) * k);
      assert.ok(Math.hypot(m.px[0] - want[0], m.px[1] - want[1]) < 1, `${m.name} at ${m.px}, want ${want}`);
    }
    assert.deepEqual(drawn.ends, ["Start", "Finish"]);

    // The GPX: every fix, its place, elevation and time.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("route-gpx").click()]);
    assert.match(download.suggestedFilename(), /\.gpx$/);
    const gpx = readFileSync(await download.path(), "utf8");
    const trkpts = [...gpx.matchAll(/<trkpt lat="([^"]+)" lon="([^"]+)"><ele>([^<]+)<\/ele><time>([^<]+)<\/time>/g)];
    assert.equal(trkpts.length, fixes.length);
    for (const [i, [, lat, lon, ele, time]] of trkpts.entries()) {
      const f = fixes[i];
      assert.ok(Math.abs(lat - f.lat) < 1e-7 && Math.abs(lon - f.lon) < 1e-7, `fix ${i}`);
      assert.equal(Number(ele), f.ele);
      assert.equal(Date.parse(time), Date.parse(f.time));
    }

    // Again: from the store, not the API (the count so far has this test's own request).
    const asked = await tcxAsked();
    await page.reload();
    await page.getByTestId("workout-route").waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const el = document.querySelector("[data-testid=workout-route]");
      return el && window.echarts?.getInstanceByDom(el)?.getOption().series[0].data.length > 0;
    }, null, { timeout: 60_000 });
    assert.equal(await tcxAsked(), asked);
  } finally {
    await context.close();
  }
});

/** The demo opened in `page` on its Workouts page's last 90 days: the list's rows, drawn. */
async function demoWorkouts(page) {
  await page.goto(emu.origins.app);
  await page.getByTestId("try-demo").click();
  await page.getByTestId("demo-banner").waitFor();
  await page.getByTestId("nav-workouts").click();
  await page.getByTestId("workouts-span-90").click();
  const rows = page.locator("[data-testid=workouts-list] tbody tr");
  await rows.first().waitFor({ timeout: 120_000 });
  return rows;
}

test("a demo workout started on the tracker draws its route, made in the page: a fix a second from its start to its end, each kilometre's marker on the drawn track, and a GPX of every fix", async () => {
  await emu.control("DELETE", "/log");
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  try {
    const page = await context.newPage();
    const rows = await demoWorkouts(page);
    // Two workout days in three are started on the tracker (which ones depends on today's
    // date): one of the first ten has a route.
    let drawn = null, row = null;
    for (let i = 0; i < 10 && !drawn; i++) {
      row = rows.nth(i);
      await row.locator("a").click();
      await page.getByTestId("workout-figures").waitFor({ timeout: 60_000 });
      if (await page.getByTestId("workout-route").count() === 0) {
        await page.evaluate(() => { location.hash = "#/workouts"; });
        await rows.nth(i + 1).waitFor({ timeout: 60_000 });
        continue;
      }
      drawn = await page.waitForFunction(() => {
        const el = document.querySelector("[data-testid=workout-route]");
        const c = el && window.echarts?.getInstanceByDom(el);
        const o = c?.getOption();
        if (!o || !o.series[0]?.data?.length) return null;
        const px = (p) => c.convertToPixel({ seriesIndex: 0 }, p);
        return { line: o.series[0].data.map(px), markers: o.series[1].data.map((d) => ({ name: d.name, px: px(d.value) })) };
      }, null, { timeout: 60_000 }).then((h) => h.jsonValue());
    }
    assert.ok(drawn, "a workout with a route among the first ten");
    assert.equal(await page.getByTestId("route-allow").count(), 0, "the demo asks no permission");
    const [start, end] = [Number(await row.getAttribute("data-start")), Number(await row.getAttribute("data-end"))];
    assert.equal(drawn.line.length, end - start + 1);
    assert.ok(drawn.markers.length >= 1);
    // Each marker on the drawn track: within a pixel of one of its segments.
    const onSegment = (p, a, b) => {
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const k = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
      return Math.hypot(p[0] - a[0] - k * dx, p[1] - a[1] - k * dy);
    };
    for (const [n, m] of drawn.markers.entries()) {
      assert.equal(m.name, `${n + 1} km`);
      let best = Infinity;
      for (let i = 1; i < drawn.line.length; i++) best = Math.min(best, onSegment(m.px, drawn.line[i - 1], drawn.line[i]));
      assert.ok(best < 1, `${m.name} is ${best} px off the track`);
    }
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("route-gpx").click()]);
    const gpx = readFileSync(await download.path(), "utf8");
    const times = [...gpx.matchAll(/<trkpt [^>]*>.*?<time>([^<]+)<\/time>/g)].map(([, t]) => Date.parse(t) / 1000);
    assert.equal(times.length, end - start + 1);
    assert.deepEqual([times[0], times.at(-1)], [start, end]);
    // Not a request left the browser for it.
    const api = (await emu.control("GET", "/log")).entries.filter((e) => e.host === "health_googleapis" || e.host === "api_fitbit");
    assert.equal(api.length, 0);
  } finally {
    await context.close();
  }
});

/** Minutes in each zone worked out here from the drawn readings: each UTC minute's mean,
 * rounded, against the zones' lower bounds (Fitbit's way of counting). */
function zoneMinutes(points, offMin, bounds) {
  const perMinute = new Map();
  for (const [x, v] of points) { const k = Math.floor((x / 1000 - offMin * 60) / 60); const m = perMinute.get(k) ?? [0, 0]; m[0] += v; m[1]++; perMinute.set(k, m); }
  const out = [0, 0, 0, 0];
  for (const [sum, n] of perMinute.values()) out[bounds.filter((lo) => Math.round(sum / n) >= lo).length]++;
  return out;
}

for (const colorScheme of ["light", "dark"]) test(`a demo workout: time in each zone from its drawn heart rate, the zones from the person's age, a way back, and axe-core finds no serious or critical violation (${colorScheme})`, async () => {
  const { createRequire } = await import("node:module");
  const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  // The CSP forbids injected scripts: this context alone bypasses it, to load the checker.
  const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const first = (await demoWorkouts(page)).first();
  const offset = Number(await first.getAttribute("data-offset"));
  await first.locator("a").click();
  const zones = page.getByTestId("workout-zones");
  await zones.waitFor({ timeout: 60_000 });
  const bounds = JSON.parse(await zones.getAttribute("data-bounds"));
  assert.equal(bounds.length, 3);
  const n = Number(await page.getByTestId("workout-figures").getAttribute("data-readings"));
  const points = await page.waitForFunction((n) => {
    const el = document.querySelector("[data-testid=workout-hr]");
    const c = el && window.echarts?.getInstanceByDom(el);
    const s = c?.getOption().series.find((x) => x.type === "line" && x.data?.length);
    const pts = s && window.__points(s.data).filter((p) => p[1] !== "-");
    return pts?.length === n ? pts : null;
  }, n, { timeout: 60_000 }).then((h) => h.jsonValue());
  const minutes = JSON.parse(await zones.getAttribute("data-minutes"));
  assert.deepEqual(minutes, zoneMinutes(points, offset / 60, bounds));
  assert.ok(minutes.reduce((a, b) => a + b, 0) > 5, JSON.stringify(minutes));
  await page.addScriptTag({ path: AXE });
  const bad = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  assert.deepEqual(bad, [], `${colorScheme}: ${JSON.stringify(bad)}`);
  await page.getByRole("link", { name: "Back to every workout" }).click();
  await page.waitForFunction(() => location.hash === "#/workouts");
  assert.equal(await page.getByTestId("workout").count(), 0);
  await context.close();
});
