// Draws the app's PNG icons from icons/icon.svg with the test browser (Chromium, through
// Playwright): 192 and 512 px for the web app manifest, 180 px for iOS's home screen
// (apple-touch-icon). The PNGs are committed; run this again after changing the SVG:
//   node scripts/make-icons.mjs
// The SVG is full-bleed (no rounded corners, the glyph inside the middle 80 %), so one drawing
// serves as a maskable icon too: a launcher's circle or squircle never cuts the line.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, ROOT } from "../end2end/harness.mjs";

const svg = readFileSync(join(ROOT, "icons/icon.svg"), "utf8");
const browser = await launchBrowser();
try {
  for (const [name, px] of [["icon-192.png", 192], ["icon-512.png", 512], ["apple-touch-icon.png", 180]]) {
    const page = await browser.newPage({ viewport: { width: px, height: px } });
    await page.setContent(`<html><body style="margin:0">${svg.replace("<svg ", `<svg width="${px}" height="${px}" `)}</body></html>`);
    writeFileSync(join(ROOT, "icons", name), await page.screenshot({ omitBackground: false }));
    await page.close();
  }
} finally {
  await browser.close();
}
