// Accessibility: axe-core (from npm) on the main pages, light and dark, with 0 serious or critical
// violations. The page's CSP forbids injected scripts, so this context alone bypasses it to load
// the checker; the app itself runs unchanged.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startEmulator, launchBrowser, connect, showDay } from "./harness.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let emu, browser;
before(async () => { emu = await startEmulator(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); emu?.stop(); });
// Each run starts with a fresh hourly request budget at the emulator (the trends page alone asks
// for a week of every type).
beforeEach(async () => { await emu.control("POST", "/reset"); });

async function audit(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${name}: ${JSON.stringify(bad, null, 1)}`);
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core: no serious or critical violations on the main pages (${colorScheme})`, async () => {
    const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(emu.origins.app);
    await page.getByTestId("provider-choices").waitFor();
    await audit(page, "connect");
    await connect(page, emu, "fitbit");
    await showDay(page, emu, "2026-10-07");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=day] canvas").length >= 4);
    await audit(page, "day");
    await page.getByTestId("nav-trends").click();
    await page.getByTestId("trend-steps").waitFor({ timeout: 60_000 });
    await audit(page, "trends");
    await page.getByTestId("nav-years").click();
    await page.locator("[data-testid=years-calendar] canvas, [data-testid=years-empty]").first().waitFor({ timeout: 60_000 });
    await audit(page, "years");
    await page.getByTestId("nav-workouts").click();
    await page.getByTestId("workouts-unavailable").waitFor();
    await audit(page, "workouts");
    await page.getByTestId("nav-export").click();
    await page.locator("[data-testid=export][data-ready=true]").waitFor();
    await audit(page, "export");
    await page.getByTestId("nav-settings").click();
    // An element only Settings has: the audit must not run on the page before it.
    await page.locator("[data-testid^=settings-]").first().waitFor();
    await audit(page, "settings");
    await context.close();
  });
}
