// fitdata's service worker: a repeat visit takes the app from this browser, not the network, and
// the app opens offline with what its cache holds. scripts/finish-dist.mjs writes it to dist/sw.js
// behind a first line that names this build: VERSION, SHELL (what the first page loads) and LAZY
// (the chart library and the importer, cached when first used).
// - Every code file carries its content hash in its name, so a cached file is never stale, and a
//   page only ever asks for the names its own index.html carries: two deploys cannot mix.
// - The page itself and config.json are asked of the network first, so a new deploy (or a
//   deployer's new config) is what the next load shows. The cached copy answers when the network
//   does not: offline, or no answer within NETWORK_WAIT_MS.
// - It answers only for the app's own files. Requests to the health APIs never pass through it.
/* global VERSION, SHELL, LAZY, LAZY_GROUPS */

const CACHE = `fitdata-${VERSION}`;
const NETWORK_WAIT_MS = 4000;
const scope = new URL(self.registration.scope);
const full = (name) => new URL(name, scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload`: straight from the host, never an HTTP-cached copy of an older deploy.
    await cache.addAll(SHELL.map((name) => new Request(full(name), { cache: "reload" })));
    // A lazy file this build shares with the last one (same hash, same bytes) is kept.
    for (const name of LAZY) {
      const old = await caches.match(full(name));
      if (old && !(await cache.match(full(name)))) await cache.put(full(name), old);
    }
    // The new version serves the next load at once; the page that is open keeps working, since
    // every file it may still ask for has its own name (and the last version's cache is kept).
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Keep this version and the one before it (for a tab still open on it); drop the rest.
    const ours = (await caches.keys()).filter((k) => k.startsWith("fitdata-") && k !== CACHE);
    await Promise.all(ours.slice(0, -1).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const name = url.pathname.slice(scope.pathname.length);
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, "index.html"));
  } else if (name === "config.json") {
    event.respondWith(networkFirst(request, name));
  } else if (SHELL.includes(name) || LAZY.includes(name)) {
    event.respondWith(cacheFirst(request, name));
  }
  // Anything else (a newer deploy's file, before its own worker is installed) goes to the
  // network as if there were no worker.
});

// A page that fetched a lazy file before this worker controlled it (its first visit: the worker
// installs while the page runs) says so (boot.js): the file goes into the cache now, mostly from
// the browser's HTTP cache, so that the same page opens offline next time with its charts.
self.addEventListener("message", (event) => {
  const used = Array.isArray(event.data?.used) ? event.data.used : [];
  const groups = LAZY_GROUPS.filter((group) => group.some((name) => used.includes(name)));
  event.waitUntil(Promise.all(groups.flat().map((name) => cacheFirst(new Request(full(name)), name).catch(() => {}))));
});

/** The network's answer unless it fails or is slow; then this version's cached `name`. */
async function networkFirst(request, name) {
  const cache = await caches.open(CACHE);
  // `no-cache`: the host is asked every time, and answers 304 (no body) when nothing changed.
  // (A navigation request cannot be rebuilt; the browser revalidates a page by itself.)
  const network = fetch(request.mode === "navigate" ? request : new Request(request, { cache: "no-cache" })).then(async (response) => {
    // The deployer's config may change without a deploy: keep the newest for offline use.
    if (response.ok && name === "config.json") await cache.put(full(name), response.clone());
    return response;
  });
  const slow = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS));
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
  } catch {
    // Offline, or the host is unreachable: the cached copy below.
  }
  const cached = await cache.match(full(name));
  return cached ?? network;
}

/** This build's file from the cache; fetched (and kept) the first time. */
async function cacheFirst(request, name) {
  const cache = await caches.open(CACHE);
  const cached = (await cache.match(full(name))) ?? (await caches.match(full(name)));
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(full(name), response.clone());
  return response;
}
