// Export keeps the API's errors typed all the way to the page: a sign-in revoked in the middle
// of an export says so and offers the same one-click Reconnect the charts offer.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, connect } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); });

/** Heart-rate listings the emulator has answered since the log was cleared. */
async function heartRateCalls() {
  const { entries } = await emu.control("GET", "/log");
  return entries.filter((e) => e.host === "health_googleapis" && e.path.includes("/heart-rate/")).length;
}

/** Revokes the sign-in at Google's revocation endpoint, as removing the app from the Google
 * Account's connections page does: revoking the refresh token ends its access tokens too. */
async function revoke(page) {
  const t = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google")));
  const r = await fetch(`${emu.origins.oauth2_googleapis}/revoke`, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: t.refresh_token }),
  });
  assert.equal(r.status, 200, await r.text());
  const probe = await fetch(`${emu.origins.health_googleapis}/v4/users/me/identity`, { headers: { Authorization: `Bearer ${t.access_token}` } });
  assert.equal(probe.status, 401, "the access token died with it");
}

test("a sign-in revoked mid-export shows why, with Reconnect, and Reconnect signs in again", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await connect(page, emu, "google");
  await page.goto(`${emu.origins.app}#/export`);
  await page.locator("[data-testid=export][data-ready=true]").waitFor();
  await page.getByTestId("from").fill("2026-09-01");
  await page.getByTestId("to").fill("2026-10-30");
  for (const box of await page.locator("input[data-testid^=kind-]").all()) {
    const k = (await box.getAttribute("data-testid")).slice("kind-".length);
    if ((await box.isChecked()) !== (k === "heart_rate_1min")) await box.click();
  }
  await emu.control("DELETE", "/log");
  await page.getByTestId("csv-heart_rate_1min").click();
  // Mid-export: some of the 60 days are in, most are not.
  const deadline = Date.now() + 60_000;
  while ((await heartRateCalls()) < 3) {
    assert.ok(Date.now() < deadline, "the export never started asking");
    await new Promise((r) => setTimeout(r, 50));
  }
  await revoke(page);
  await page.getByTestId("export-fix").waitFor({ timeout: 60_000 });
  const message = await page.getByTestId("export-error").innerText();
  assert.match(message, /Reconnect/i, message);
  assert.doesNotMatch(message, /ya29|1\/\/|token=/, "no token in the message");
  assert.equal(await page.getByTestId("export-fix").innerText(), "Reconnect");
  // The fix is the real sign-in, from the export page.
  await page.getByTestId("export-fix").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("user-id").waitFor();
  await context.close();
});
