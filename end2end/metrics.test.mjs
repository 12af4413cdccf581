// The daily metrics, the day's totals, heart-rate zones and the night's figures, against the
// emulator's own Fitbit answers (its ground truth), through both providers.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, launchBrowser, newPage, connect, showDay, openTrends } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); });

/** GETs a Fitbit path with the page's Fitbit token. */
async function fitbitGet(page, path) {
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.fitbit"))).access_token;
  const r = await fetch(`${emu.origins.api_fitbit}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, path);
  return r.json();
}

const mid = (s) => { const [a, b] = String(s).split("-").map(Number); return b === undefined ? a : (a + b) / 2; };

/** Each metric's truth, read here from the raw Fitbit answers: {date: value}. */
const FITBIT = {
  calories: [(f, t) => `/1/user/-/activities/calories/date/${f}/${t}.json`, (j) => j["activities-calories"].map((e) => [e.dateTime, Number(e.value)])],
  distance: [(f, t) => `/1/user/-/activities/distance/date/${f}/${t}.json`, (j) => j["activities-distance"].map((e) => [e.dateTime, Number(e.value)])],
  floors: [(f, t) => `/1/user/-/activities/floors/date/${f}/${t}.json`, (j) => j["activities-floors"].map((e) => [e.dateTime, Number(e.value)])],
  active_zone_minutes: [(f, t) => `/1/user/-/activities/active-zone-minutes/date/${f}/${t}.json`, (j) => j["activities-active-zone-minutes"].map((e) => [e.dateTime, e.value.activeZoneMinutes ?? 0])],
  resting_heart_rate: [(f, t) => `/1/user/-/activities/heart/date/${f}/${t}.json`, (j) => j["activities-heart"].filter((e) => e.value.restingHeartRate !== undefined).map((e) => [e.dateTime, e.value.restingHeartRate])],
  hrv: [(f, t) => `/1/user/-/hrv/date/${f}/${t}.json`, (j) => j.hrv.map((e) => [e.dateTime, e.value.dailyRmssd])],
  spo2: [(f, t) => `/1/user/-/spo2/date/${f}/${t}.json`, (j) => j.map((e) => [e.dateTime, e.value.avg])],
  breathing_rate: [(f, t) => `/1/user/-/br/date/${f}/${t}.json`, (j) => j.br.map((e) => [e.dateTime, e.value.breathingRate])],
  skin_temperature: [(f, t) => `/1/user/-/temp/skin/date/${f}/${t}.json`, (j) => j.tempSkin.map((e) => [e.dateTime, e.value.nightlyRelative])],
  vo2_max: [(f, t) => `/1/user/-/cardioscore/date/${f}/${t}.json`, (j) => j.cardioScore.map((e) => [e.dateTime, mid(e.value.vo2Max)])],
  weight: [(f, t) => `/1/user/-/body/log/weight/date/${f}/${t}.json`, (j) => j.weight.map((e) => [e.date, e.weight])],
  body_fat: [(f, t) => `/1/user/-/body/log/fat/date/${f}/${t}.json`, (j) => j.fat.map((e) => [e.date, e.fat])],
};

/** How far Google's value may be from Fitbit's for the same person and day: the APIs round
 * differently (kcal to 0.1 before our rounding, distance in mm), and Fitbit gives VO2 max as a
 * range whose middle is a whole number. */
const TOLERANCE = { calories: 1, distance: 0.011, vo2_max: 2.01 };

function dates(from, to) {
  const out = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += 864e5) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

async function showTrends(page, from, to) {
  await openTrends(page, emu, from, to);
  const n = dates(from, to).length;
  const shown = {};
  for (const key of Object.keys(FITBIT)) {
    const box = page.getByTestId(`trend-${key}`);
    await page.waitForFunction(([id, n]) => { const e = document.querySelector(`[data-testid="${id}"]`); return e && JSON.parse(e.dataset.values).length === n; }, [`trend-${key}`, n], { timeout: 180_000 });
    shown[key] = JSON.parse(await box.getAttribute("data-values"));
  }
  return shown;
}

test("trends: every daily metric equals the emulator's, through Fitbit and through Google", async () => {
  // Two weeks across the autumn DST switch, with two Sunday weigh-ins.
  const [from, to] = ["2026-10-19", "2026-11-01"];
  const days = dates(from, to);
  const fb = await newPage(browser, { viewport: { width: 1280, height: 1300 } });
  await connect(fb.page, emu, "fitbit");
  const viaFitbit = await showTrends(fb.page, from, to);
  const truth = {};
  for (const [key, [path, read]] of Object.entries(FITBIT)) {
    const byDate = new Map(read(await fitbitGet(fb.page, path(from, to))));
    truth[key] = days.map((d) => byDate.get(d) ?? null);
    assert.ok(truth[key].filter((v) => v !== null).length >= 2, `${key} has values: ${truth[key]}`);
  }
  assert.deepEqual(viaFitbit, truth);
  // Each trend's downloads: the CSV holds what the chart shows; the JSON is Fitbit's own answer
  // for the range, equal to what the API serves, with no token in it.
  const page = fb.page;
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("trend-weight-csv").click()]);
  assert.equal(csv.suggestedFilename(), `fitdata-fitbit-weight-${from}_${to}.csv`);
  const rows = readFileSync(await csv.path(), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  assert.deepEqual(rows.map((r) => [r[0], Number(r[1])]), days.map((d, i) => [d, truth.weight[i]]).filter(([, v]) => v !== null));
  const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("trend-resting_heart_rate-json").click()]);
  const text = readFileSync(await json.path(), "utf8");
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.fitbit")));
  assert.ok(!text.includes(token.access_token) && !text.includes(token.refresh_token), "no token in the file");
  const raw = JSON.parse(text);
  assert.deepEqual([raw.provider, raw.data_type, raw.from, raw.to], ["fitbit", "resting_heart_rate", from, to]);
  assert.deepEqual(raw.answers.map((a) => new URL(a.url).pathname), [`/1/user/-/activities/heart/date/${from}/${to}.json`]);
  assert.deepEqual(raw.answers[0].body, await fitbitGet(page, `/1/user/-/activities/heart/date/${from}/${to}.json`));
  // The profile's units are metric: the trends say so.
  assert.equal(await fb.page.getByTestId("trend-distance").getAttribute("data-unit"), "km");
  assert.equal(await fb.page.getByTestId("trend-weight").getAttribute("data-unit"), "kg");
  await fb.context.close();

  const g = await newPage(browser, { viewport: { width: 1280, height: 1300 } });
  await connect(g.page, emu, "google");
  const viaGoogle = await showTrends(g.page, from, to);
  for (const key of Object.keys(FITBIT)) {
    const tol = TOLERANCE[key] ?? 1e-9;
    viaGoogle[key].forEach((v, i) => {
      const t = truth[key][i];
      assert.ok((v === null) === (t === null) && (v === null || Math.abs(v - t) <= tol), `${key} ${days[i]}: google ${v}, fitbit ${t}`);
    });
  }
  // A start after the end is refused in words, and no chart pretends otherwise.
  await g.page.getByTestId("trend-from").fill("2026-11-05");
  await g.page.getByTestId("trend-apply").click();
  await g.page.getByTestId("trend-range-error").waitFor();
  assert.match(await g.page.getByTestId("trend-range-error").textContent(), /after the end date/);
  await g.context.close();
});

test("a day's totals, time in each heart-rate zone and the night's figures equal the emulator's", async () => {
  const day = "2026-10-25"; // the autumn DST night: 25 hours in bed-time arithmetic
  const fb = await newPage(browser, { viewport: { width: 1280, height: 1600 } });
  await connect(fb.page, emu, "fitbit");
  const read = async (page) => {
    await showDay(page, emu, day);
    await page.getByTestId("day-totals").waitFor({ timeout: 60_000 });
    await page.getByTestId("hr-zones").waitFor({ timeout: 60_000 });
    await page.locator("[data-testid=sleep][data-efficiency]").waitFor({ timeout: 60_000 });
    const data = (id) => page.getByTestId(id).evaluate((e) => ({ ...e.dataset }));
    const sleep = await data("sleep");
    return {
      totals: JSON.parse((await data("day-totals")).values),
      zones: JSON.parse((await data("hr-zones")).minutes),
      bounds: JSON.parse((await data("hr-zones")).bounds),
      efficiency: Number(sleep.efficiency),
      fallAsleep: Number(sleep.fallAsleep),
      stages: JSON.parse(sleep.stages),
    };
  };
  const shown = await read(fb.page);
  const totals = {};
  for (const key of ["calories", "distance", "floors", "active_zone_minutes"]) {
    const [path, pick] = FITBIT[key];
    totals[key] = pick(await fitbitGet(fb.page, path(day, day)))[0][1];
  }
  assert.deepEqual(shown.totals, totals);
  assert.ok(totals.calories > 1500 && totals.distance > 0, JSON.stringify(totals));
  const heart = (await fitbitGet(fb.page, `/1/user/-/activities/heart/date/${day}/${day}.json`))["activities-heart"][0].value.heartRateZones;
  assert.deepEqual(shown.zones, heart.map((z) => z.minutes));
  assert.deepEqual(shown.bounds, heart.slice(1).map((z) => z.min));
  assert.ok(shown.zones[1] + shown.zones[2] + shown.zones[3] > 0, `time in zones: ${shown.zones}`);
  const night = (await fitbitGet(fb.page, `/1.2/user/-/sleep/date/${day}.json`)).sleep.find((s) => s.isMainSleep);
  assert.equal(shown.efficiency, night.efficiency);
  assert.equal(shown.fallAsleep, night.minutesToFallAsleep);
  for (const stage of ["wake", "light", "deep", "rem"]) assert.equal(shown.stages[stage], night.levels.summary[stage].minutes, stage);
  // Devices on the home page: the tracker's battery as Fitbit reports it.
  await fb.page.goto(emu.origins.app);
  await fb.page.getByTestId("device").first().waitFor({ timeout: 30_000 });
  const devices = await fitbitGet(fb.page, "/1/user/-/devices.json");
  assert.deepEqual(await fb.page.getByTestId("device").evaluateAll((ds) => ds.map((d) => Number(d.dataset.battery))), devices.map((d) => d.batteryLevel));
  await fb.context.close();

  // Google: the same zones (from the profile's age), the same night, totals within rounding.
  const g = await newPage(browser, { viewport: { width: 1280, height: 1600 } });
  await connect(g.page, emu, "google");
  const viaGoogle = await read(g.page);
  assert.deepEqual(viaGoogle.zones, shown.zones);
  assert.deepEqual([viaGoogle.efficiency, viaGoogle.fallAsleep, viaGoogle.stages], [shown.efficiency, shown.fallAsleep, shown.stages]);
  for (const [key, v] of Object.entries(viaGoogle.totals)) assert.ok(Math.abs(v - totals[key]) <= (TOLERANCE[key] ?? 0), `${key}: ${v} vs ${totals[key]}`);
  // Devices: battery and the instant of the last sync, as Google lists them.
  await g.page.goto(emu.origins.app);
  await g.page.getByTestId("device").first().waitFor({ timeout: 30_000 });
  const token = JSON.parse(await g.page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
  const paired = (await (await fetch(`${emu.origins.health_googleapis}/v4/users/me/pairedDevices?pageSize=100`, { headers: { Authorization: `Bearer ${token}` } })).json()).pairedDevices;
  // (The emulator's tracker synced 15 minutes before each answer: the two answers are seconds apart.)
  const seen = await g.page.getByTestId("device").evaluateAll((ds) => ds.map((d) => [Number(d.dataset.battery), Number(d.dataset.lastSync)]));
  assert.deepEqual(seen.map((d) => d[0]), paired.map((d) => d.batteryLevel));
  seen.forEach(([, t], i) => assert.ok(Math.abs(t - Date.parse(paired[i].lastSyncTime) / 1000) <= 60, `${t} vs ${paired[i].lastSyncTime}`));
  await g.context.close();
});

test("zones the person set themselves: bands and time in each zone follow the provider's, through Fitbit and Google", async () => {
  const day = "2026-10-20";
  await emu.control("POST", "/zones", JSON.stringify({ bounds: [100, 125, 150] }));
  let fitbitMinutes;
  for (const provider of ["fitbit", "google"]) {
    const { page, context } = await newPage(browser, { viewport: { width: 1280, height: 1600 } });
    await connect(page, emu, provider);
    await showDay(page, emu, day);
    const zones = page.locator("[data-testid=hr-zones][data-source=provider]");
    await zones.waitFor({ timeout: 60_000 });
    assert.deepEqual(JSON.parse(await zones.getAttribute("data-bounds")), [100, 125, 150], provider);
    const minutes = JSON.parse(await zones.getAttribute("data-minutes"));
    if (provider === "fitbit") {
      const heart = (await fitbitGet(page, `/1/user/-/activities/heart/date/${day}/${day}.json`))["activities-heart"][0].value.heartRateZones;
      assert.deepEqual(heart.slice(1).map((z) => z.min), [100, 125, 150]);
      assert.deepEqual(minutes, heart.map((z) => z.minutes));
      fitbitMinutes = minutes;
    } else {
      assert.deepEqual(minutes, fitbitMinutes, "Google's zones count the same minutes");
    }
    // The chart's bands are drawn at those bounds.
    const bands = await page.evaluate(() => {
      const chart = window.echarts.getInstanceByDom(document.querySelector("[data-testid=hr-chart]"));
      // The line series itself carries the resting-rate line (a mark area of no height).
      return chart.getOption().series.filter((s) => s.name !== "Heart rate").flatMap((s) => (s.markArea?.data ?? []).map((d) => d[0].yAxis));
    });
    assert.deepEqual(bands, [100, 125, 150], provider);
    assert.match(await page.getByTestId("hr-histogram").innerText(), /as the provider set them/);
    await context.close();
  }
});
