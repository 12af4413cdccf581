// Measures the emulator serving heavy requests: one day of 1-second heart rate through the
// Fitbit intraday endpoint and through Google Health's paged list. Run by `make bench`.
// Prints medians of N runs, wall time per request as a client sees it.
import { startEmulator, ROOT } from "../end2end/harness.mjs";
import { join } from "node:path";

const RUNS = Number(process.env.RUNS ?? 7);
const emu = await startEmulator({ appDir: join(ROOT, "dist") });
const V = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", C = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const config = await (await fetch(emu.origins.app + "config.json")).json();

async function consent(url, action) {
  const page = await (await fetch(url)).text();
  const form = new URLSearchParams({ id: page.match(/name=id value="([^"]+)"/)[1], decision: "allow" });
  for (const m of page.matchAll(/name=scope value="([^"]+)"/g)) form.append("scope", m[1].replaceAll("&amp;", "&"));
  const r = await fetch(action, { method: "POST", body: form, redirect: "manual" });
  return new URL(r.headers.get("location")).searchParams.get("code");
}
async function token(url, body) {
  return (await (await fetch(url, { method: "POST", body: new URLSearchParams(body) })).json()).access_token;
}
const g = config.providers.google, f = config.providers.fitbit;
const gCode = await consent(`${emu.origins.accounts_google}/o/oauth2/v2/auth?` + new URLSearchParams({ client_id: g.client_id,
  redirect_uri: g.redirect_uri, response_type: "code", scope: "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly",
  code_challenge: C, code_challenge_method: "S256", prompt: "consent" }), `${emu.origins.accounts_google}/o/oauth2/v2/auth/consent`);
const gTok = await token(`${emu.origins.oauth2_googleapis}/token`, { grant_type: "authorization_code", code: gCode, client_id: g.client_id,
  client_secret: g.client_secret, redirect_uri: g.redirect_uri, code_verifier: V });
const fCode = await consent(`${emu.origins.www_fitbit}/oauth2/authorize?` + new URLSearchParams({ client_id: f.client_id,
  redirect_uri: f.redirect_uri, response_type: "code", scope: "heartrate", code_challenge: C, code_challenge_method: "S256" }),
  `${emu.origins.www_fitbit}/oauth2/authorize/consent`);
const fTok = await token(`${emu.origins.api_fitbit}/oauth2/token`, { grant_type: "authorization_code", code: fCode, client_id: f.client_id,
  redirect_uri: f.redirect_uri, code_verifier: V });

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(label, fn) {
  const ms = [];
  let detail = "";
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); detail = await fn(); ms.push(performance.now() - t); }
  console.log(`${label.padEnd(58)} median ${median(ms).toFixed(0).padStart(5)} ms  (${detail})`);
}
await time("Fitbit 1sec HR intraday, one day (2026-03-03)", async () => {
  const r = await fetch(`${emu.origins.api_fitbit}/1/user/-/activities/heart/date/2026-03-03/1d/1sec.json`, { headers: { Authorization: `Bearer ${fTok}` } });
  const j = await r.json();
  return `${j["activities-heart-intraday"].dataset.length} samples`;
});
await time("Google heart-rate list, one civil day, pages of 10000", async () => {
  const filter = 'heart_rate.sample_time.civil_time >= "2026-03-03T00:00:00" AND heart_rate.sample_time.civil_time < "2026-03-04T00:00:00"';
  let token = "", n = 0, pages = 0;
  do {
    const url = `${emu.origins.health_googleapis}/v4/users/me/dataTypes/heart-rate/dataPoints?` + new URLSearchParams({ filter, pageSize: "10000", pageToken: token });
    const j = await (await fetch(url, { headers: { Authorization: `Bearer ${gTok}` } })).json();
    n += j.dataPoints.length; pages++; token = j.nextPageToken ?? "";
  } while (token);
  return `${n} samples in ${pages} page(s)`;
});

// What a backfill really costs on the Google side: 30 days fetched the way the app plans them
// (1-min HR from 7-day listings, steps 30-day, sleep 90-day), pages counted.
async function pagesFor(kebab, filter) {
  let token = "", pages = 0;
  do {
    const url = `${emu.origins.health_googleapis}/v4/users/me/dataTypes/${kebab}/dataPoints?` + new URLSearchParams({ filter, pageSize: "10000", pageToken: token });
    const j = await (await fetch(url, { headers: { Authorization: `Bearer ${gAll}` } })).json();
    pages++; token = j.nextPageToken ?? "";
  } while (token);
  return pages;
}
const gAllCode = await consent(`${emu.origins.accounts_google}/o/oauth2/v2/auth?` + new URLSearchParams({ client_id: g.client_id,
  redirect_uri: g.redirect_uri, response_type: "code", scope: ["health_metrics_and_measurements", "activity_and_fitness", "sleep"].map((s) => `https://www.googleapis.com/auth/googlehealth.${s}.readonly`).join(" "),
  code_challenge: C, code_challenge_method: "S256", prompt: "consent" }), `${emu.origins.accounts_google}/o/oauth2/v2/auth/consent`);
const gAll = await token(`${emu.origins.oauth2_googleapis}/token`, { grant_type: "authorization_code", code: gAllCode, client_id: g.client_id,
  client_secret: g.client_secret, redirect_uri: g.redirect_uri, code_verifier: V });
const iso = (d) => d.toISOString().slice(0, 10);
const day0 = Date.UTC(2026, 7, 2);
let requests = 0;
for (let i = 0; i < 30; i += 7) {
  const a = iso(new Date(day0 + i * 864e5)), b = iso(new Date(day0 + Math.min(i + 7, 30) * 864e5));
  requests += await pagesFor("heart-rate", `heart_rate.sample_time.civil_time >= "${a}T00:00:00" AND heart_rate.sample_time.civil_time < "${b}T00:00:00"`);
}
const [a30, b30] = [iso(new Date(day0)), iso(new Date(day0 + 30 * 864e5))];
requests += await pagesFor("steps", `steps.interval.civil_start_time >= "${a30}" AND steps.interval.civil_start_time < "${b30}"`);
requests += await pagesFor("sleep", `sleep.interval.civil_end_time >= "${a30}" AND sleep.interval.civil_end_time < "${b30}"`);
console.log(`${"Google backfill, 30 days of 1-min HR + steps + sleep".padEnd(58)} ${requests} requests = ${(requests / 30).toFixed(2)} per day`);
emu.stop();
