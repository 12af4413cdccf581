// Fails if anything in the built app could load code, styles, fonts or images from another
// origin. The only absolute URLs allowed are the API origins the CSP's connect-src names (data,
// never code) and XML namespace identifiers inside ECharts (names, never fetched).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const dist = process.argv[2] ?? "dist";
const NAMESPACES = new Set([
  "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/XML/1998/namespace",
  "http://www.w3.org/2000/xmlns/", "http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/xmlns",
]);
const files = (dir) => readdirSync(dir).flatMap((n) => {
  const p = join(dir, n);
  return statSync(p).isDirectory() ? files(p) : [p];
});

const html = readFileSync(join(dist, "index.html"), "utf8");
const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
const problems = [];
if (!csp) problems.push("index.html has no CSP <meta>");
const directive = (name) => csp?.split(";").map((d) => d.trim().split(/\s+/)).find((d) => d[0] === name)?.slice(1) ?? [];
const connect = new Set(directive("connect-src").filter((s) => s.startsWith("http")).map((s) => s.replace(/\/$/, "")));
if (directive("script-src").join(" ") !== "'self' 'wasm-unsafe-eval'") problems.push(`script-src is "${directive("script-src").join(" ")}", want "'self' 'wasm-unsafe-eval'"`);
if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(html)) problems.push("index.html has an inline <script> (the CSP would block it)");

for (const file of files(dist)) {
  if (!/\.(html|js|css|json|svg|webmanifest)$/.test(file)) continue;
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?[^\s"'`)<>;,]*/gi)) {
    const url = m[0];
    if (!/^https?:/i.test(url)) {
      // Protocol-relative URLs are only a problem where something is loaded: src/href/url()/import.
      const before = text.slice(Math.max(0, m.index - 12), m.index);
      if (/(src=|href=|url\(|import\s*\(?)\s*["']?$/i.test(before)) problems.push(`${file}: protocol-relative load of ${url}`);
      continue;
    }
    if (NAMESPACES.has(url)) continue;
    let origin;
    try { origin = new URL(url).origin; } catch { continue; }
    if (connect.has(origin)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    // A bare URL in a comment or an error message is harmless; one that is loaded is not.
    if (file.endsWith(".html") || file.endsWith(".css") || /(src|href)\s*=\s*["']?$|url\(\s*["']?$|import\s*\(?\s*["']$|fetch\(\s*["']$/i.test(before)) {
      problems.push(`${file}: loads ${url}`);
    }
  }
}
if (problems.length) {
  console.error("third-party origin check failed:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log(`dist/ checked: ${files(dist).length} files, connect-src ${[...connect].join(" ") || "(self only)"}, no third-party loads`);
