// Google's own Python client against the emulator: google-api-python-client, built from the
// health v4 discovery document, calls every method fitdata uses (google_client.py), with the
// system parameters Google's clients send ($.xgafv, alt, fields, the token) and paging. Every
// call must succeed, and what it reads must equal what the page's own requests read.
// `make setup` installs the client (PyPI, pinned) into .cache/pyclient.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, launchBrowser, newPage, connect, googlePoints, ROOT } from "./harness.mjs";

const PYTHON = join(ROOT, ".cache/pyclient/bin/python");
const DOC = join(ROOT, ".cache/discovery/health.v4.json");
const why = !existsSync(PYTHON) ? "google-api-python-client is not installed (make setup)" : !existsSync(DOC) ? "no discovery document (make setup)" : null;
if (why && process.env.FITDATA_REQUIRE_DISCOVERY === "1") throw new Error(why);

let emu, browser;
before(async () => { if (!why) { emu = await startEmulator(); browser = await launchBrowser(); } });
after(async () => { await browser?.close(); emu?.stop(); });

test("google-api-python-client calls every method the app uses, and reads what the app reads", { skip: why ?? false }, async () => {
  const { page } = await newPage(browser);
  await connect(page, emu, "google");
  const token = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google"))).access_token;
  const out = JSON.parse(execFileSync(PYTHON, [join(ROOT, "end2end/google_client.py"), DOC, emu.origins.health_googleapis, token], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 }));
  const failed = Object.entries(out).filter(([, v]) => !v.ok).map(([k, v]) => `${k}: ${v.error} ${v.body}`);
  assert.deepEqual(failed, []);
  // The day's heart rate: the same readings the app's own requests get.
  const filter = 'heart_rate.sample_time.civil_time >= "2026-11-24T00:00:00" AND heart_rate.sample_time.civil_time < "2026-11-25T00:00:00"';
  const truth = await googlePoints(page, emu, "heart-rate", filter);
  assert.ok(truth.length > 1000);
  assert.deepEqual(out.list.ok.dataPoints, truth);
  // `fields`: only what was asked, in every point.
  assert.deepEqual(out["list.fields"].ok.dataPoints, truth.map((p) => ({ heartRate: { beatsPerMinute: p.heartRate.beatsPerMinute } })));
  assert.equal(out.reconcile.ok.dataPoints.length, truth.length);
  // Paired devices, a page of one at a time: both devices, once each.
  const all = out.pairedDevices.ok.pairedDevices.map((d) => d.name);
  assert.equal(all.length, 2);
  assert.deepEqual([...out["pairedDevices.page1"].ok.pairedDevices, ...out["pairedDevices.page2"].ok.pairedDevices].map((d) => d.name), all);
  assert.equal(out["pairedDevices.page2"].ok.nextPageToken, undefined);
  assert.equal(out.settings.ok.name, "users/me/settings");
  assert.equal(out.dailyRollUp.ok.rollupDataPoints?.length ?? out.dailyRollUp.ok.dataPoints?.length, 7, JSON.stringify(out.dailyRollUp.ok).slice(0, 300));
  // A workout's route, asked for through the client's media download: refused for the scope.
  assert.deepEqual(out.exportExerciseTcx.ok, { status: 403, scope: true });
  // The token as `access_token`, with `$.xgafv`, `prettyPrint`, `quotaUser` and `fields`:
  // the identity, cut to its name.
  assert.deepEqual(out["identity.system_parameters"].ok, { name: out.identity.ok.name });
});
