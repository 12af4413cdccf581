// Settings and recovery journeys: bring your own client, copy what to register, check my setup
// (with a real probe of the token endpoint), grant a missing scope, reconnect after token mode
// ends, and a corrupted saved session.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, launchBrowser, connect, SCREENSHOTS, docsPath } from "./harness.mjs";

let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
beforeEach(async () => { await emu.control("POST", "/reset"); await emu.control("DELETE", "/app-config"); });

async function openSettings(context) {
  const page = await context.newPage();
  await page.goto(emu.origins.app + "#/settings");
  await page.getByTestId("settings-google").waitFor();
  return page;
}
const findings = async (page, kind) => {
  await page.getByTestId(`check-${kind}`).click();
  const list = page.getByTestId(`findings-${kind}`);
  await list.locator("li").last().waitFor();
  await page.waitForFunction((k) => document.querySelector(`[data-testid=findings-${k}]`).children.length >= 3, kind);
  return list.locator("li").evaluateAll((els) => els.map((e) => ({ ok: e.dataset.ok === "true", text: e.textContent })));
};

test("settings show what to register, copy it, and the demo setup checks out", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(emu.origins.app).origin });
  const page = await openSettings(context);
  const redirect = emu.origins.app + "redirect.html";
  assert.equal(await page.getByTestId("redirect-google").innerText(), redirect);
  assert.equal(await page.getByTestId("origin-google").innerText(), new URL(emu.origins.app).origin);
  await page.getByTestId("settings-google").getByRole("button", { name: "Copy" }).first().click();
  await page.getByText("Copied.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), redirect);
  for (const kind of ["google", "fitbit"]) {
    const f = await findings(page, kind);
    assert.ok(f.every((x) => x.ok), JSON.stringify(f));
    assert.match(f.at(-1).text, /knows this client and accepted its credentials/);
  }
  if (SCREENSHOTS) await page.screenshot({ path: docsPath("settings.png"), fullPage: true });
  await context.close();
});

test("your own client: a wrong secret or an unknown id is named, and the saved client is the one used", async () => {
  const context = await browser.newContext();
  const page = await openSettings(context);
  const card = page.getByTestId("settings-google");
  const id = await page.getByTestId("client-id-google").innerText();
  await page.getByTestId("own-id-google").fill(id);
  await page.getByTestId("own-secret-google").fill("GOCSPX-wrong");
  await card.getByRole("button", { name: "Save" }).click();
  let f = await findings(page, "google");
  assert.match(f.at(-1).text, /client secret is wrong/);
  await page.getByTestId("own-id-google").fill("nobody.apps.googleusercontent.com");
  await card.getByRole("button", { name: "Save" }).click();
  assert.equal(await page.getByTestId("client-id-google").innerText(), "nobody.apps.googleusercontent.com");
  f = await findings(page, "google");
  assert.match(f.at(-1).text, /does not know this client id/);
  // The saved client is what Connect sends.
  await page.goto(emu.origins.app + "#/");
  await page.getByTestId("connect-google").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  assert.equal(new URL(page.url()).searchParams.get("client_id"), "nobody.apps.googleusercontent.com");
  assert.match(await page.locator("body").innerText(), /invalid_client/);
  // And back to the site's client.
  await page.goto(emu.origins.app + "#/settings");
  await page.getByTestId("settings-google").getByRole("button", { name: "Use the site's client" }).click();
  assert.equal(await page.getByTestId("client-id-google").innerText(), id);
  assert.equal(await page.evaluate(() => localStorage.getItem("fitdata.v1.client.google")), null);
  await context.close();
});

test("a scope left out at consent can be granted later in one click", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("connect-google").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  await page.getByLabel("See your Google Health settings and devices").uncheck();
  await page.getByRole("button", { name: "Continue" }).click();
  const err = page.getByTestId("account-error");
  await err.waitFor();
  assert.match(await err.innerText(), /lacks permission for your settings/);
  await page.getByTestId("reauth").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("time-zone").waitFor();
  assert.equal(await page.getByTestId("time-zone").innerText(), "Europe/Berlin");
  await context.close();
});

test("token mode ends after an hour with a visible Reconnect, and nothing is lost", async () => {
  const config = await (await fetch(emu.origins.app + "config.json")).json();
  config.providers.google.client_secret = null;
  await emu.control("POST", "/app-config", JSON.stringify(config));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(emu.origins.app);
  await page.getByTestId("connect-google").click();
  await page.waitForURL((u) => u.origin === emu.origins.accounts_google);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByTestId("user-id").waitFor();
  await emu.control("POST", "/clock/advance?seconds=3700");
  // A day not downloaded yet: the page must ask the API, and the hour is over. The fix sits
  // next to the chart that needed it.
  await page.goto("about:blank");
  await page.goto(`${emu.origins.app}#/day/2026-10-01`);
  await page.getByTestId("hr-fix").waitFor();
  assert.match(await page.getByTestId("hr-error").innerText(), /session has ended.*Reconnect/s);
  assert.equal(await page.getByTestId("hr-fix").innerText(), "Reconnect");
  // Everything was granted already, so Google sends the user straight back: one click, no
  // consent page, and the user is connected again.
  const before = (await emu.control("GET", "/log")).counts["accounts_google /o/oauth2/v2/auth"];
  await page.getByTestId("hr-fix").click();
  await page.getByTestId("user-id").waitFor();
  const log = await emu.control("GET", "/log");
  assert.equal(log.counts["accounts_google /o/oauth2/v2/auth"], before + 1);
  assert.equal(log.counts["accounts_google /o/oauth2/v2/auth/consent"], 1, "no second consent page");
  await context.close();
});

test("a Testing-mode sign-in that Google stops renewing after 7 days says so, with Reconnect", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await connect(page, emu, "google");
  // Google told the app when the refresh token dies: only Testing-mode clients get that.
  const tokens = JSON.parse(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google")));
  assert.ok(tokens.refresh_expires_at_ms > tokens.obtained_at_ms);
  await emu.control("POST", `/clock/advance?seconds=${7 * 86400 + 3700}`);
  await page.goto("about:blank");
  await page.goto(`${emu.origins.app}#/day/2026-10-02`);
  await page.getByTestId("hr-fix").waitFor();
  const text = await page.getByTestId("hr-error").innerText();
  assert.match(text, /Testing mode/);
  assert.match(text, /7 days after you connect/);
  assert.match(text, /Reconnect/);
  assert.equal(await page.getByTestId("hr-fix").innerText(), "Reconnect");
  await context.close();
});

test("a corrupted saved session is removed with a clear message, not a crash", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(emu.origins.app);
  // Let the app finish starting before planting the corrupt session, or it would read it on
  // this first load instead of after the reload.
  await page.getByTestId("provider-choices").waitFor();
  await page.evaluate(() => localStorage.setItem("fitdata.v1.tokens.google", "{corrupt"));
  await page.reload();
  const err = page.getByTestId("signin-error");
  await err.waitFor();
  assert.match(await err.innerText(), /could not be read.*connect again/s);
  assert.equal(await page.evaluate(() => localStorage.getItem("fitdata.v1.tokens.google")), null);
  await err.getByRole("button", { name: "Try again" }).click();
  await page.getByTestId("connect-google").waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
