// The day view: heart rate, steps and sleep for a fixed day, equal to what the emulator serves,
// through both providers, including the spring-forward night.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, SCREENSHOTS, docsPath, connect, showDay, googlePoints } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); });

/** Ground truth from the emulator's Google API with the page's own token. */
async function googleTruth(page, day, next) {
  const all = (kebab, filter) => googlePoints(page, emu, kebab, filter);
  const hr = await all("heart-rate", `heart_rate.sample_time.civil_time >= "${day}T00:00:00" AND heart_rate.sample_time.civil_time < "${next}T00:00:00"`);
  const steps = await all("steps", `steps.interval.civil_start_time >= "${day}" AND steps.interval.civil_start_time < "${next}"`);
  const sleep = await all("sleep", `sleep.interval.civil_end_time >= "${day}" AND sleep.interval.civil_end_time < "${next}"`);
  const main = sleep.find((s) => !s.sleep.metadata.nap);
  const resting = await all("daily-resting-heart-rate", `daily_resting_heart_rate.date >= "${day}" AND daily_resting_heart_rate.date < "${next}"`);
  // Minutes per 10-bpm band: each reading holds until the next, for at most a minute.
  const readings = hr.map((p) => [Date.parse(p.heartRate.sampleTime.physicalTime) / 1000, Number(p.heartRate.beatsPerMinute)]).sort((a, b) => a[0] - b[0]);
  const secs = new Map();
  for (let i = 0; i + 1 < readings.length; i++) {
    const band = Math.floor(readings[i][1] / 10) * 10;
    secs.set(band, (secs.get(band) ?? 0) + Math.min(60, readings[i + 1][0] - readings[i][0]));
  }
  const lo = Math.min(...secs.keys()), hi = Math.max(...secs.keys(), Math.floor(readings.at(-1)[1] / 10) * 10);
  const histogram = [];
  for (let b = lo; b <= hi; b += 10) histogram.push(Math.round(((secs.get(b) ?? 0) / 60) * 10) / 10);
  return {
    resting: Number(resting[0].dailyRestingHeartRate.beatsPerMinute),
    histogram,
    hr: hr.length,
    steps: steps.reduce((a, p) => a + Number(p.steps.count), 0),
    sleepMinutes: Math.floor((Date.parse(main.sleep.interval.endTime) - Date.parse(main.sleep.interval.startTime)) / 60000),
  };
}

/** A chart's JSON download: the provider's answers for the day, each equal to what the API
 * serves for the same request, with no token anywhere in the file. */
async function checkRaw(page, provider, text, dataType, check) {
  const tokens = JSON.parse(await page.evaluate((p) => localStorage.getItem(`fitdata.v1.tokens.${p}`), provider));
  for (const secret of [tokens.access_token, tokens.refresh_token]) assert.ok(!text.includes(secret), "no token in the file");
  const raw = JSON.parse(text);
  assert.equal(raw.provider, provider);
  assert.equal(raw.data_type, dataType);
  assert.ok(raw.answers.length >= 1);
  for (const a of raw.answers) {
    assert.equal(a.method, "GET");
    const direct = await (await fetch(a.url, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).json();
    assert.deepEqual(a.body, direct, a.url);
  }
  check(raw.answers);
}

async function shown(page) {
  await page.getByTestId("hr").waitFor({ timeout: 20000 });
  const data = async (id) => page.getByTestId(id).evaluate((e) => ({ ...e.dataset }));
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  const hist = await data("hr-histogram");
  await page.waitForFunction(() => document.querySelector("[data-testid=hr]")?.dataset.resting);
  // The resting rate as drawn: the heart-rate line's dashed mark at that rate, inside the grid.
  const drawn = await page.waitForFunction(() => {
    const chart = window.echarts?.getInstanceByDom(document.querySelector("[data-testid=hr-chart]"));
    const rest = chart?.getOption().series[0].markArea?.data?.[0];
    if (!rest) return null;
    const y = chart.convertToPixel({ yAxisIndex: 0 }, Number(rest[0].yAxis));
    const grid = chart.getModel().getComponent("grid").coordinateSystem.getRect();
    return { value: Number(rest[0].yAxis), flat: rest[0].yAxis === rest[1].yAxis, inGrid: y > grid.y && y < grid.y + grid.height, name: rest[0].name };
  }).then((h) => h.jsonValue());
  assert.ok(drawn.flat && drawn.inGrid, JSON.stringify(drawn));
  assert.equal(drawn.name, `resting ${drawn.value} bpm`);
  assert.equal(drawn.value, Number((await data("hr")).resting));
  return { resting: drawn.value, histogram: JSON.parse(hist.minutes), hr: Number((await data("hr")).points), steps: Number((await data("steps")).total), sleepMinutes: Number((await data("sleep")).minutes) };
}

test("the spring-forward day matches the emulator through Google and through Fitbit", async () => {
  const { page, consoleLines, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  const csp = [];
  await page.exposeFunction("__csp", (v) => csp.push(v));
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => window.__csp(`${e.violatedDirective} ${e.blockedURI}`)));
  await connect(page, emu, "google");
  await showDay(page, emu, "2026-03-29");
  const viaGoogle = await shown(page);
  const truth = await googleTruth(page, "2026-03-29", "2026-03-30");
  assert.deepEqual(viaGoogle, truth);
  assert.ok(truth.hr > 7000 && truth.steps > 1000, JSON.stringify(truth));
  // Each chart's own downloads: CSV rows and JSON records equal what the chart shows.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("hr-csv").click()]);
  assert.equal(csv.suggestedFilename(), "fitdata-google-heart_rate-2026-03-29.csv");
  assert.equal(readFileSync(await csv.path(), "utf8").trim().split("\n").length - 1, truth.hr);
  // JSON: the API's own answers for the day, as received, and never a token.
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sleep-json").click()]);
  assert.equal(json.suggestedFilename(), "fitdata-google-sleep-2026-03-29.json");
  await checkRaw(page, "google", readFileSync(await json.path(), "utf8"), "sleep", (answers) => {
    const main = answers.flatMap((a) => a.body.dataPoints ?? []).find((p) => !p.sleep.metadata.nap);
    assert.equal(Math.floor((Date.parse(main.sleep.interval.endTime) - Date.parse(main.sleep.interval.startTime)) / 60000), truth.sleepMinutes);
  });
  if (SCREENSHOTS) await page.screenshot({ path: docsPath("day.png"), fullPage: true });
  // Previous day: the URL carries the date, so it can be bookmarked.
  await page.getByTestId("prev-day").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-03-28");
  assert.ok(page.url().endsWith("#/day/2026-03-28"));
  // The same day through the legacy Fitbit provider gives the same numbers.
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("disconnect").click();
  await page.getByTestId("provider-choices").waitFor();
  await connect(page, emu, "fitbit");
  await showDay(page, emu, "2026-03-29");
  assert.deepEqual(await shown(page), truth);
  const [fitbitJson] = await Promise.all([page.waitForEvent("download"), page.getByTestId("hr-json").click()]);
  await checkRaw(page, "fitbit", readFileSync(await fitbitJson.path(), "utf8"), "heart_rate", (answers) => {
    assert.deepEqual(answers.map((a) => new URL(a.url).pathname), ["/1/user/-/activities/heart/date/2026-03-29/1d/1sec.json"]);
    assert.equal(answers[0].body["activities-heart-intraday"].dataset.length, truth.hr);
  });
  assert.deepEqual(csp, [], "ECharts runs under the strict CSP");
  assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  await context.close();
});

test("times read as they were where recorded, whatever the browser's own zone", async () => {
  // A browser in Tokyo looks at a Berlin day: the first reading is just after midnight Berlin time.
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  await connect(page, emu, "fitbit");
  await showDay(page, emu, "2026-10-07");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  const label = await page.evaluate(() => {
    const el = document.querySelector("[data-testid=hr-chart]");
    const chart = window.echarts.getInstanceByDom(el);
    chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: 0 });
    // The tooltip is drawn on the canvas (the CSP refuses HTML tooltips' inline styles): read
    // the texts the chart draws.
    return chart.getZr().storage.getDisplayList(true).map((e) => e.style?.text ?? "").join("\n");
  });
  assert.match(label, /\b00:0\d:\d\d\b/, label);
  await context.close();
});

test("moving to the next day keeps the charts on screen until that day has loaded", async () => {
  const { page, context, consoleLines } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "fitbit");
  await showDay(page, emu, "2026-10-20");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  // The next day's answers take 3 s.
  await emu.control("POST", "/faults", JSON.stringify({ families: { fitbit_api: { delay_ms: 3000 } } }));
  await page.getByTestId("next-day").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-10-21");
  assert.ok(page.url().endsWith("#/day/2026-10-21"));
  await page.waitForTimeout(1000);
  // Still loading: the previous day stays, drawn, and no skeleton takes its place.
  for (const id of ["hr", "steps", "sleep"]) assert.equal(await page.locator(`[data-for=${id}]`).getAttribute("data-date"), "2026-10-20", id);
  assert.equal(await page.locator(".chart-skeleton, .stats-skeleton").count(), 0);
  assert.equal(await page.locator("[data-testid=hr-chart] canvas").count(), 1);
  await emu.control("DELETE", "/faults");
  // Then the new day replaces it, chart by chart.
  await showDay(page, emu, "2026-10-21");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 3);
  // Paging quickly: the day skipped over is cancelled, and the last one asked for is shown.
  await emu.control("POST", "/faults", JSON.stringify({ families: { fitbit_api: { delay_ms: 1500 } } }));
  await page.evaluate(() => { location.hash = "#/day/2026-10-22"; });
  await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-10-22");
  await page.evaluate(() => { location.hash = "#/day/2026-10-23"; });
  await emu.control("DELETE", "/faults");
  await page.waitForFunction(() => document.querySelector("[data-testid=day]")?.dataset.date === "2026-10-23");
  await showDay(page, emu, "2026-10-23");
  assert.equal(await page.locator("[data-testid$=-error]").count(), 0, await page.locator("main").innerText());
  assert.equal(consoleLines.filter((l) => l.startsWith("pageerror")).length, 0, consoleLines.join("\n"));
  await context.close();
});

/** The hypnogram as drawn: every block the chart put on the canvas (its rectangle's own
 * geometry), its row read back through `convertFromPixel`, adjacent blocks of one stage
 * joined; checked against `segments` ([local start ms, local end ms, stage]) through
 * ECharts' `convertToPixel`. Returns the truth segments not drawn where they belong, and the
 * drawn blocks that match no truth. */
async function hypnogramMismatches(page, segments) {
  // The blocks animate in; read them once they stop moving.
  await page.waitForFunction(() => {
    const c = window.echarts?.getInstanceByDom(document.querySelector("[data-testid=sleep-chart]"));
    const data = c?.getModel()?.getSeriesByIndex(0)?.getData();
    if (!data || data.count() === 0) return false;
    const key = Array.from({ length: data.count() }, (_, i) => JSON.stringify(data.getItemGraphicEl(i)?.shape ?? null)).join();
    const same = window.__hyp === key;
    window.__hyp = key;
    return same;
  }, null, { polling: 500, timeout: 30_000 });
  return page.evaluate((segments) => {
    const chart = window.echarts.getInstanceByDom(document.querySelector("[data-testid=sleep-chart]"));
    const data = chart.getModel().getSeriesByIndex(0).getData();
    const rows = chart.getOption().yAxis[0].data;
    const drawn = [];
    const fills = {};
    for (let i = 0; i < data.count(); i++) {
      const el = data.getItemGraphicEl(i);
      const { x, y, width, height } = el.shape;
      const row = rows[Math.round(chart.convertFromPixel({ gridIndex: 0 }, [x + width / 2, y + height / 2])[1])];
      // One colour per stage, and a different one for each.
      (fills[row] ??= new Set()).add(el.style.fill);
      const last = drawn.at(-1);
      if (last && last[2] === row && Math.abs(last[1] - x) < 0.5) last[1] = x + width;
      else drawn.push([x, x + width, row]);
    }
    const colours = Object.values(fills);
    const oneEach = colours.every((f) => f.size === 1) && new Set(colours.map((f) => [...f][0])).size === colours.length;
    const want = segments.map(([s, e, stage]) => [chart.convertToPixel({ gridIndex: 0 }, [s, stage])[0], chart.convertToPixel({ gridIndex: 0 }, [e, stage])[0], stage]);
    const near = (a, b) => Math.abs(a[0] - b[0]) < 1 && Math.abs(a[1] - b[1]) < 1 && a[2] === b[2];
    return {
      missing: segments.filter((_, i) => !drawn.some((d) => near(d, want[i]))),
      extra: drawn.filter((d) => !want.some((w) => near(d, w))),
      oneColourPerStage: oneEach,
    };
  }, segments);
}

test("the hypnogram draws a block per stage where it happened, read back from the drawn blocks", async () => {
  const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
  await connect(page, emu, "google");
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
  // An ordinary night and the spring-forward night.
  for (const [day, next] of [["2026-11-29", "2026-11-30"], ["2026-03-29", "2026-03-30"]]) {
    const url = `${emu.origins.health_googleapis}/v4/users/me/dataTypes/sleep/dataPoints?` + new URLSearchParams({ filter: `sleep.interval.civil_end_time >= "${day}" AND sleep.interval.civil_end_time < "${next}"` });
    const answer = await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json();
    const main = answer.dataPoints.find((p) => p.sleep.metadata.mainSleep);
    // The chart's clock is the bedtime's: local = UTC + the offset at the start.
    const shift = parseInt(main.sleep.interval.startUtcOffset, 10) * 1000;
    const stage = { AWAKE: "wake", LIGHT: "light", DEEP: "deep", REM: "rem" };
    const truth = [];
    for (const s of main.sleep.stages) {
      const seg = [Date.parse(s.startTime) + shift, Date.parse(s.endTime) + shift, stage[s.type]];
      const last = truth.at(-1);
      if (last && last[2] === seg[2] && last[1] === seg[0]) last[1] = seg[1]; else truth.push(seg);
    }
    await showDay(page, emu, day);
    assert.ok(truth.length > 10 && truth.some((s) => s[2] === "rem"), `${day}: ${truth.length} segments`);
    assert.deepEqual(await hypnogramMismatches(page, truth), { missing: [], extra: [], oneColourPerStage: true }, `${day}: blocks not drawn where they belong`);
    if (SCREENSHOTS && day === "2026-11-29") await page.getByTestId("sleep").screenshot({ path: docsPath("hypnogram.png") });
    // The axis and the CSV name the same local time at every segment's start, also after the
    // switch (the axis keeps true elapsed time; its labels follow the clock).
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sleep-csv").click()]);
    const rows = readFileSync(await dl.path(), "utf8").trim().split("\n").slice(1).map((r) => r.split(","))
      .filter((r) => r[7] === "true");
    assert.ok(rows.length > 10, `${rows.length} main-sleep rows`);
    const labels = await page.evaluate(([xs]) => {
      const c = window.echarts.getInstanceByDom(document.querySelector("[data-testid=sleep-chart]"));
      const f = c.getOption().xAxis[0].axisLabel.formatter;
      return xs.map((x) => (typeof f === "function" ? f(x) : new Date(x).toISOString().slice(11, 16)));
    }, [rows.map((r) => Date.parse(r[0]) + shift)]);
    const offsets = new Set(rows.map((r) => r[2]));
    if (day === "2026-03-29") assert.equal(offsets.size, 2, "the spring-forward night has both offsets");
    assert.deepEqual(labels, rows.map((r) => r[1].slice(11, 16)), `${day}: axis labels = CSV local times`);
    // The heart under each stage, in the same CSV: each segment's readings (mean, lowest) and
    // the sleep's, every stage but wake, computed here from the API's own readings of the
    // evening before and the day.
    const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const readings = (await googlePoints(page, emu, "heart-rate", `heart_rate.sample_time.civil_time >= "${before}T00:00:00" AND heart_rate.sample_time.civil_time < "${next}T00:00:00"`))
      .map((p) => [Date.parse(p.heartRate.sampleTime.physicalTime), Number(p.heartRate.beatsPerMinute)]);
    const figures = (from, to, keep = () => true) => {
      const v = readings.filter(([t]) => t >= from && t < to && keep(t)).map(([, b]) => b);
      return v.length ? [v.reduce((a, b) => a + b, 0) / v.length, Math.min(...v)] : null;
    };
    const segs = rows.map((r) => [Date.parse(r[0]), Date.parse(r[0]) + Number(r[4]) * 1000, r[5]]);
    const asleep = (t) => segs.some(([a, b, st]) => st !== "wake" && a <= t && t < b);
    const night = figures(segs[0][0], segs.at(-1)[1], asleep);
    // The CSV as downloaded: a stage (and the sleep) reaching the evening before is empty
    // until that date's readings are stored (half an evening's readings would pass for the
    // whole); every other stage has its figures.
    const check = async (evening) => {
      const [dl2] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sleep-csv").click()]);
      const lines = readFileSync(await dl2.path(), "utf8").trim().split("\n");
      const head = lines[0].split(",");
      const at = (name) => head.indexOf(name);
      const mainRows = lines.slice(1).map((l) => l.split(",")).filter((r) => r[at("main_sleep")] === "true");
      const near = (a, b) => Math.abs(a - b) < 1e-9;
      let compared = 0, empty = 0;
      for (const r of mainRows) {
        const start = Date.parse(r[at("utc_time")]);
        const got = [r[at("bpm_mean")], r[at("bpm_lowest")]];
        const sleepGot = [r[at("night_bpm_mean_asleep")], r[at("night_bpm_lowest_asleep")]];
        if (!evening && mainRows[0][at("local_time")].slice(0, 10) < day) assert.deepEqual(sleepGot, ["", ""], `${day}: the sleep without its evening`);
        else assert.ok(near(Number(sleepGot[0]), night[0]) && Number(sleepGot[1]) === night[1], `${day}: sleep ${sleepGot} vs ${night}`);
        if (!evening && r[at("local_time")].slice(0, 10) < day) {
          assert.deepEqual(got, ["", ""], `${day} ${r[0]}: a stage of the evening before, not stored`);
          empty++;
          continue;
        }
        const want = figures(start, start + Number(r[at("duration_s")]) * 1000);
        if (!want) { assert.deepEqual(got, ["", ""], `${day} ${r[0]}: no reading under it`); continue; }
        assert.ok(near(Number(got[0]), want[0]) && Number(got[1]) === want[1], `${day} ${r[0]} ${r[5]}: ${got} vs ${want}`);
        compared++;
      }
      return { compared, empty };
    };
    // The day's own readings are stored once the figures under the sleep are shown.
    await page.locator("[data-testid=sleep-hr]").waitFor({ timeout: 30_000 });
    const first = await check(false);
    const startsBefore = rows[0][1].slice(0, 10) < day;
    assert.ok(first.compared > 10 && (first.empty >= 1) === startsBefore, `${day}: ${JSON.stringify(first)}`);
    // The evening's day opened, so stored: now every stage has its heart.
    await showDay(page, emu, before);
    await showDay(page, emu, day);
    await page.waitForFunction((n) => Number(document.querySelector("[data-testid=sleep-hr]")?.dataset.readings) === n,
      readings.filter(([t]) => t >= segs[0][0] && t < segs.at(-1)[1] && asleep(t)).length, { timeout: 30_000 });
    const { compared, empty } = await check(true);
    assert.equal(empty, 0);
    assert.ok(compared > first.compared, `${day}: ${compared} segments with their heart`);
  }
  await context.close();
});

test("a night the provider could not stage is drawn as the classic sleep it answered, and the day says why, through Google and Fitbit", async () => {
  const [day, next] = ["2026-11-29", "2026-11-30"];
  await emu.control("POST", "/unscored-nights", JSON.stringify({ dates: [day] }));
  for (const provider of ["google", "fitbit"]) {
    const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1500 } });
    await connect(page, emu, provider);
    const token = JSON.parse(await page.evaluate((p) => localStorage.getItem(`fitdata.v1.tokens.${p}`), provider)).access_token;
    // The night as the API answers it: its runs of asleep and awake at local times (the
    // chart's clock is the bedtime's), and the reason it gives.
    let truth, reason;
    if (provider === "google") {
      const url = `${emu.origins.health_googleapis}/v4/users/me/dataTypes/sleep/dataPoints?` + new URLSearchParams({ filter: `sleep.interval.civil_end_time >= "${day}" AND sleep.interval.civil_end_time < "${next}"` });
      const main = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()).dataPoints.find((p) => p.sleep.metadata.mainSleep);
      assert.equal(main.sleep.type, "CLASSIC");
      assert.equal(main.sleep.metadata.stagesStatus, "REJECTED_COVERAGE");
      const shift = parseInt(main.sleep.interval.startUtcOffset, 10) * 1000;
      truth = main.sleep.stages.map((s) => [Date.parse(s.startTime) + shift, Date.parse(s.endTime) + shift, { ASLEEP: "asleep", AWAKE: "awake" }[s.type]]);
      reason = "low_coverage";
    } else {
      const r = await fetch(`${emu.origins.api_fitbit}/1.2/user/-/sleep/date/${day}.json`, { headers: { Authorization: `Bearer ${token}` } });
      const main = (await r.json()).sleep.find((l) => l.isMainSleep);
      assert.equal(main.type, "classic");
      assert.equal(main.infoCode, 1, "Get Sleep Log by Date: 1 = insufficient heart rate data");
      // Local wall times with no zone: read as if UTC, they are the chart's local clock.
      truth = main.levels.data.map((l) => { const a = Date.parse(`${l.dateTime}Z`); return [a, a + l.seconds * 1000, l.level]; });
      reason = "low_coverage";
    }
    await showDay(page, emu, day);
    assert.ok(truth.length > 4 && truth.some((s) => s[2] === "awake") && truth.every((s) => ["asleep", "awake"].includes(s[2])), `${provider}: ${JSON.stringify(truth)}`);
    assert.deepEqual(await hypnogramMismatches(page, truth), { missing: [], extra: [], oneColourPerStage: true }, `${provider}: classic blocks not drawn where they belong`);
    const why = page.getByTestId("no-stages");
    assert.equal(await why.getAttribute("data-reason"), reason, provider);
    assert.equal(await why.innerText(), "No sleep stages for this night, because there were too few heart-rate readings through the night, usually because the tracker sat loosely; wear it snugly, a finger's width above the wrist bone.");
    // The sleep CSV says it too, on every row of that night, and keeps its classic runs.
    const csvRows = async () => {
      const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sleep-csv").click()]);
      const [head, ...rows] = readFileSync(await dl.path(), "utf8").trim().split("\n").map((r) => r.split(","));
      const at = (name) => head.indexOf(name);
      return rows.filter((r) => r[at("main_sleep")] === "true").map((r) => ({ why: r[at("no_stages")], stage: r[at("stage")] }));
    };
    const classic = await csvRows();
    assert.equal(classic.length, truth.length, `${provider}: a row per run`);
    assert.deepEqual([...new Set(classic.map((r) => r.why))], [reason], provider);
    assert.ok(classic.every((r) => ["asleep", "wake", "restless"].includes(r.stage)), JSON.stringify(classic));
    // The night before was staged: nothing to explain there.
    await showDay(page, emu, "2026-11-28");
    await page.getByTestId("sleep").waitFor();
    assert.equal(await page.getByTestId("no-stages").count(), 0, `${provider}: a staged night says nothing`);
    const staged = await csvRows();
    assert.ok(staged.length > 10 && staged.every((r) => r.why === "") && staged.some((r) => r.stage === "rem"), `${provider}: ${JSON.stringify(staged.slice(0, 3))}`);
    await context.close();
  }
});
