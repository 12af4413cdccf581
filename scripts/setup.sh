#!/usr/bin/env bash
# Installs everything fitdata needs to build, test and run, and nothing twice: every step checks
# first, so a second run only spends a few seconds on checks. Sources: crates.io, Debian's
# packages and the npm registry only (Trunk never downloads anything: Trunk.toml sets offline).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14   # 0.22 needs rustc >= 1.96.1; our toolchain is 1.95
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first (https://rustup.rs)"
command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer (apt-get install nodejs npm)"

# 1. The wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen: the CLI must be exactly the crate version in Cargo.lock, and Trunk.toml must
#    ask for that same version; otherwise the build would fail later with a vaguer message.
lock_wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
trunk_wb=$(sed -n 's/^wasm_bindgen = "\(.*\)".*/\1/p' Trunk.toml)
[ -n "$lock_wb" ] || die "Cargo.lock has no wasm-bindgen entry"
[ "$lock_wb" = "$trunk_wb" ] || die "wasm-bindgen version mismatch: Cargo.lock has $lock_wb but Trunk.toml [tools] wasm_bindgen is $trunk_wb. Make them equal (and keep the '=' pin in Cargo.toml)."
have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" != "$lock_wb" ]; then
  say "installing wasm-bindgen-cli $lock_wb (found: ${have_wb:-none}; ~3 min)"
  # Not --locked: its lockfile pins a webpki-roots release that the registry does not serve.
  cargo install wasm-bindgen-cli --version "$lock_wb" --force
  have_wb=$(wasm-bindgen --version | awk '{print $2}')
  [ "$have_wb" = "$lock_wb" ] || die "wasm-bindgen-cli $have_wb is on PATH, but Cargo.lock needs $lock_wb: remove the other copy"
fi

# 3. Trunk, pinned.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (~8 min, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# 4. Chromium and its driver, for the browser tests and screenshots (a deploy-only build, such
#    as the GitHub Pages workflow, sets FITDATA_BUILD_ONLY=1 and skips them).
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  say "installing chromium and chromium-driver from apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 4b. The other engines for the browser journeys (end2end/engines.test.mjs): Firefox ESR with
#     geckodriver (crates.io, pinned), and WebKitGTK, Safari's engine, with its WebDriver and
#     MiniBrowser, which draws on a virtual display (Xvfb).
GECKODRIVER_VERSION=0.37.1
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ]; then
  if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null || ! command -v Xvfb >/dev/null; then
    say "installing firefox-esr, webkit2gtk-driver and xvfb from apt"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb >/dev/null
  fi
  if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1{print $2}')" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (~2 min, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
  fi
fi

# 5. npm packages (ECharts, binaryen's wasm-opt, playwright-core, selenium-webdriver) from the
#    committed lockfile.
stamp=node_modules/.fitdata-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
[ "$(scripts/bin/wasm-opt --version | awk '{print $3}')" = "132" ] || die "scripts/bin/wasm-opt is not binaryen 132"

# 6. Google's discovery document for health v4, the oracle of emulator/tests/discovery.rs. It
#    ships inside google-api-python-client on PyPI; it is fetched, never committed.
DISCOVERY_CLIENT=2.202.0
doc=.cache/discovery/health.v4.json
if [ ! -s "$doc" ] || [ "$(cat .cache/discovery/version 2>/dev/null)" != "$DISCOVERY_CLIENT" ]; then
  say "fetching Google's health v4 discovery document (google-api-python-client $DISCOVERY_CLIENT, PyPI)"
  command -v python3 >/dev/null || die "python3 is missing (it fetches the discovery document from PyPI)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --no-cache-dir --dest "$tmp" "google-api-python-client==$DISCOVERY_CLIENT" \
    || die "could not download google-api-python-client $DISCOVERY_CLIENT from PyPI"
  mkdir -p .cache/discovery
  python3 - "$tmp" "$doc" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/google_api_python_client-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    data = z.read("googleapiclient/discovery_cache/documents/health.v4.json")
open(sys.argv[2], "wb").write(data)
PY
  echo "$DISCOVERY_CLIENT" > .cache/discovery/version
  rm -rf "$tmp"
fi
# 7. Google's own Python client, which end2end/google-client.test.mjs runs against the emulator
#    (the same pinned release as the discovery document), in a virtual environment of its own.
venv=.cache/pyclient
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && ! "$venv/bin/python" -c "import sys; from googleapiclient import version; sys.exit(version.__version__ != '$DISCOVERY_CLIENT')" 2>/dev/null; then
  say "installing google-api-python-client $DISCOVERY_CLIENT into $venv (PyPI)"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "python3 cannot make a virtual environment (apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --no-cache-dir "google-api-python-client==$DISCOVERY_CLIENT" \
    || die "could not install google-api-python-client $DISCOVERY_CLIENT from PyPI"
fi
# 8. scipy, pinned, in the same environment: end2end/timing.test.mjs checks the Sleep timing
#    page's circular means and spreads against scipy.stats.circmean/circstd.
SCIPY=1.16.3
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && ! "$venv/bin/python" -c "import sys, scipy; sys.exit(scipy.__version__ != '$SCIPY')" 2>/dev/null; then
  say "installing scipy $SCIPY into $venv (PyPI)"
  "$venv/bin/pip" install --quiet --no-cache-dir "scipy==$SCIPY" || die "could not install scipy $SCIPY from PyPI"
fi
# 9. python-tcxparser, pinned with what it reads with: src/model/workouts/tests.rs reads the
#    app's TCX files back with it, an independent reader, against the workout written.
TCXPARSER=2.4.0
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && ! "$venv/bin/python" -c "import sys, importlib.metadata as m; sys.exit(m.version('python-tcxparser') != '$TCXPARSER')" 2>/dev/null; then
  say "installing python-tcxparser $TCXPARSER into $venv (PyPI)"
  "$venv/bin/pip" install --quiet --no-cache-dir "python-tcxparser==$TCXPARSER" "lxml==6.2.0" "python-dateutil==4.0.0" \
    || die "could not install python-tcxparser $TCXPARSER from PyPI"
fi
# 10. pyarrow, pandas and DuckDB, pinned: the export's Parquet files are read back with them
#     (end2end/parquet_oracle.py, from src/export/worker.rs and end2end/import.test.mjs),
#     independent readers, against the CSV of the same rows.
PYARROW=26.0.1
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && ! "$venv/bin/python" -c "import sys, pyarrow, pandas, duckdb; sys.exit(pyarrow.__version__ != '$PYARROW')" 2>/dev/null; then
  say "installing pyarrow $PYARROW, pandas and DuckDB into $venv (PyPI)"
  "$venv/bin/pip" install --quiet --no-cache-dir "pyarrow==$PYARROW" "pandas==3.1.1" "duckdb==2.0.1" \
    || die "could not install pyarrow, pandas and DuckDB from PyPI"
fi
# 11. gpxpy, pinned: src/model/route/tests.rs reads a workout's GPX back with it, an independent
#     reader, against the route written (its points, times, elevations and length).
GPXPY=1.6.2
if [ "${FITDATA_BUILD_ONLY:-0}" != 1 ] && ! "$venv/bin/python" -c "import sys, gpxpy; sys.exit(gpxpy.__version__ != '$GPXPY')" 2>/dev/null; then
  say "installing gpxpy $GPXPY into $venv (PyPI)"
  "$venv/bin/pip" install --quiet --no-cache-dir "gpxpy==$GPXPY" || die "could not install gpxpy $GPXPY from PyPI"
fi
exit 0
