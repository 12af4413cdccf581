// The other engines: Firefox ESR (geckodriver) and WebKitGTK, Safari's engine (WebKitWebDriver
// driving MiniBrowser under Xvfb), through selenium-webdriver, one W3C WebDriver client for both.
// Chromium stays on Playwright (harness.mjs). Each engine's page gets the same small surface the
// journeys in engines.test.mjs need: goto, evaluate, waitFor, click, fill, pick a file.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import { Builder, By } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

// selenium-webdriver would otherwise run Selenium Manager, which looks for drivers online.
process.env.SE_OFFLINE = "true";

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const MINIBROWSER = process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver";

/** geckodriver as `make setup` installs it (cargo install), else the first on PATH. */
function geckodriver() {
  if (process.env.GECKODRIVER) return process.env.GECKODRIVER;
  const cargo = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "geckodriver");
  if (existsSync(cargo)) return cargo;
  try { return execFileSync("sh", ["-c", "command -v geckodriver"], { encoding: "utf8" }).trim(); } catch { return null; }
}

/** Why an engine cannot run here (a tool missing), or null. */
export function missing(engine) {
  if (engine === "firefox") {
    if (!existsSync(FIREFOX)) return `${FIREFOX} is missing (make setup installs firefox-esr)`;
    if (!geckodriver()) return "geckodriver is missing (make setup installs it with cargo install)";
  } else {
    for (const f of [MINIBROWSER, WEBKIT_DRIVER, "/usr/bin/Xvfb"]) if (!existsSync(f)) return `${f} is missing (make setup installs webkit2gtk-driver and xvfb)`;
  }
  return null;
}

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once("error", reject);
  s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

async function listening(port, child, what) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try { const r = await fetch(`http://127.0.0.1:${port}/status`); if (r.ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} never answered on port ${port}`);
}

/** Starts `engine` ("firefox" or "webkit") headless, in a new profile; resolves to a page. */
export async function launchEngine(engine) {
  const children = [];
  let driver;
  if (engine === "firefox") {
    const options = new firefox.Options().setBinary(FIREFOX).addArguments("-headless")
      .windowSize({ width: 1280, height: 900 });
    // No network beyond loopback: nothing of Mozilla's is asked for.
    for (const [k, v] of Object.entries({
      "app.update.enabled": false, "browser.safebrowsing.malware.enabled": false,
      "browser.safebrowsing.phishing.enabled": false, "datareporting.policy.dataSubmissionEnabled": false,
      "network.captive-portal-service.enabled": false, "network.connectivity-service.enabled": false,
      "extensions.update.enabled": false, "browser.shell.checkDefaultBrowser": false,
    })) options.setPreference(k, v);
    driver = await new Builder().forBrowser("firefox").setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(geckodriver())).build();
  } else {
    // MiniBrowser is a GTK window: it draws on a virtual display of its own.
    const display = `:${100 + Math.floor(Math.random() * 800)}`;
    const xvfb = spawn("/usr/bin/Xvfb", [display, "-screen", "0", "1280x1000x24", "-nolisten", "tcp"], { stdio: "ignore" });
    children.push(xvfb);
    await new Promise((r) => setTimeout(r, 300));
    const port = await freePort();
    const wd = spawn(WEBKIT_DRIVER, [`--port=${port}`, "--host=127.0.0.1"], {
      stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DISPLAY: display },
    });
    children.push(wd);
    await listening(port, wd, "WebKitWebDriver");
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
    }).build();
    await driver.manage().window().setRect({ width: 1280, height: 900 });
  }
  await driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
  return new EnginePage(engine, driver, children);
}

/** One engine's window, with what the journeys ask of a page. */
class EnginePage {
  constructor(engine, driver, children) {
    this.engine = engine;
    this.driver = driver;
    this.children = children;
  }

  async close() {
    try { await this.driver.quit(); } finally { for (const c of this.children) c.kill(); }
  }

  goto(url) { return this.driver.get(url); }

  url() { return this.driver.getCurrentUrl(); }

  /** Runs `fn(arg)` in the page and returns its (awaited) result. */
  evaluate(fn, arg) {
    return this.driver.executeScript(`return (${fn})(arguments[0]);`, arg ?? null);
  }

  /** Polls `fn(arg)` in the page until it is truthy; returns that value. */
  async waitFor(fn, arg, { timeout = 60_000, what = String(fn).slice(0, 120) } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      try { last = await this.evaluate(fn, arg); } catch (e) { last = e; }
      if (last && !(last instanceof Error)) return last;
      if (Date.now() > end) throw new Error(`${this.engine}: timed out waiting for ${what} (last: ${last})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits for the element with `data-testid=id` to exist. */
  waitForTestId(id, opts) {
    return this.waitFor((i) => Boolean(document.querySelector(`[data-testid="${i}"]`)), id, { what: `[data-testid=${id}]`, ...opts });
  }

  async element(css) {
    await this.waitFor((c) => Boolean(document.querySelector(c)), css, { what: css });
    return this.driver.findElement(By.css(css));
  }

  async click(id) { await (await this.element(`[data-testid="${id}"]`)).click(); }

  async clickButton(text) {
    await this.waitFor((t) => [...document.querySelectorAll("button")].some((b) => b.textContent.trim() === t), text, { what: `button ${text}` });
    await this.driver.findElement(By.xpath(`//button[normalize-space()="${text}"]`)).click();
  }

  /** Sets an input's value as a person typing would, then fires `change`. */
  async fill(id, value) {
    await this.element(`[data-testid="${id}"]`);
    await this.evaluate(([i, v]) => {
      const el = document.querySelector(`[data-testid="${i}"]`);
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }, [id, value]);
  }

  /** Picks the file at `path` on the file input `data-testid=id`, through the driver. */
  async pickFile(id, path) { await (await this.element(`[data-testid="${id}"]`)).sendKeys(path); }

  /** The text of the element `data-testid=id`. */
  text(id) { return this.evaluate((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent ?? null, id); }
}
