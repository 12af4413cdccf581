// Trunk's post_build step (Trunk.toml), run on its staging folder; also run by the service-worker
// journey on a folder it turns into a "new deploy". Three things, all idempotent:
// 1. Every code file gets its content hash in its name, as Trunk gives its own: the boot script,
//    the chart library and the import worker's three files. A name then always means the same
//    bytes, so a cached file is never stale and two deploys can never mix. The page learns the
//    names from data attributes on its boot <script> (browser::asset reads them).
// 2. redirect.html is index.html under a second name (the OAuth redirect page, a real file).
// 3. sw.js is written: the service worker (sw.src.js) behind a first line naming this build's
//    files and a version that changes with any of them.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, renameSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("usage: finish-dist.mjs <dist folder> (or TRUNK_STAGING_DIR)");
  process.exit(2);
}
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const sha = (bytes, n = 16) => createHash("sha256").update(bytes).digest("hex").slice(0, n);
const read = (name) => readFileSync(join(dir, name));

/** Renames `name` to `<stem>-<hash><ext>` (once: a hashed name is left alone); returns the new name. */
function hashName(name, ext) {
  const stem = name.slice(0, -ext.length);
  if (!existsSync(join(dir, name))) {
    const done = readdirSync(dir).find((f) => new RegExp(`^${stem}-[0-9a-f]{16}${ext.replace(".", "\\.")}$`).test(f));
    if (!done) throw new Error(`${name} is missing from ${dir}`);
    return done;
  }
  const hashed = `${stem}-${sha(read(name))}${ext}`;
  renameSync(join(dir, name), join(dir, hashed));
  return hashed;
}

// The worker's wasm-bindgen glue and module first, then the loader that names them.
const importerWasm = hashName("importer_bg.wasm", ".wasm");
const importerJs = hashName("importer.js", ".js");
if (existsSync(join(dir, "importer_loader.js"))) {
  const loader = read("importer_loader.js").toString()
    .replace(/\.\/importer\.js/g, `./${importerJs}`)
    .replace(/\.\/importer_bg\.wasm/g, `./${importerWasm}`);
  if (!loader.includes(importerJs) || !loader.includes(importerWasm)) throw new Error(`importer_loader.js no longer names importer.js and importer_bg.wasm: ${loader}`);
  writeFileSync(join(dir, "importer_loader.js"), loader);
}
const importer = hashName("importer_loader.js", ".js");
// The start module (src/bin/start.rs), an ES module the page loads on a first visit.
const startWasm = hashName("start_bg.wasm", ".wasm");
// Its glue names the module by its plain name only as a default; boot.js passes the hashed one.
const startJs = hashName("start.js", ".js");
const echarts = hashName("echarts.min.js", ".js");
const boot = hashName("boot.js", ".js");

let html = read("index.html").toString();
const tag = /<script type="module" src="[^"]*" (?:data-fitdata-echarts="[^"]*" data-fitdata-importer="[^"]*" data-fitdata-start-js="[^"]*" data-fitdata-start-wasm="[^"]*" )?data-fitdata-js=/;
if (!tag.test(html)) throw new Error("index.html has no boot <script data-fitdata-js> (Trunk.toml pattern_script)");
html = html.replace(tag, `<script type="module" src="./${boot}" data-fitdata-echarts="./${echarts}" data-fitdata-importer="./${importer}" data-fitdata-start-js="./${startJs}" data-fitdata-start-wasm="./${startWasm}" data-fitdata-js=`);
// Trunk preloads the app's module from the page; a first visit loads the start module instead,
// and must not download the app's as well. boot.js starts the app module's download itself.
html = html.replace(/\s*<link rel="(?:modulepreload|preload)" href="\.\/fitdata-[^"]*"[^>]*>/g, "");
if (/rel="(?:modulepreload|preload)"/.test(html)) throw new Error("index.html still preloads a module");
writeFileSync(join(dir, "index.html"), html);
writeFileSync(join(dir, "redirect.html"), html);

// The shell is what the first page loads; the rest is cached when first used, so a visit that
// draws no chart never downloads the chart library, not even into the cache.
const files = readdirSync(dir).filter((f) => f !== "sw.js").sort();
// Lazy files that arrive together: a page that used one of a group has used them all (the
// importer's module and wasm are fetched inside its worker, out of the page's sight).
const lazyGroups = [[echarts], [importer, importerJs, importerWasm]];
const lazy = lazyGroups.flat();
const referenced = (f) => html.includes(`./${f}"`) || html.includes(`"${f}"`);
const shell = ["index.html", "config.json", ...files.filter((f) => referenced(f) && !lazy.includes(f))];
const version = sha(Buffer.concat(files.filter((f) => f !== "config.json").map((f) => Buffer.concat([Buffer.from(f), read(f)]))), 12);
const head = `const VERSION = ${JSON.stringify(version)}, SHELL = ${JSON.stringify([...new Set(shell)])}, LAZY = ${JSON.stringify(lazy)}, LAZY_GROUPS = ${JSON.stringify(lazyGroups)};\n`;
writeFileSync(join(dir, "sw.js"), head + readFileSync(join(ROOT, "sw.src.js"), "utf8"));
