#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (and CI, through .ci/run). Every stage runs even if
# an earlier one failed (except those that need its output), and the last line is the total:
# `N passed, N failed`. Each check (fmt, clippy, build, dist scan) counts as one test.
# `scripts/test.sh e2e` runs only the release build and the end-to-end journeys.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# make setup fetched Google's discovery document: here its test may not skip.
export FITDATA_REQUIRE_DISCOVERY=1
# make setup installed Firefox ESR and WebKitGTK: their journeys may not skip.
export FITDATA_REQUIRE_ENGINES=1
only=${1:-all}
passed=0; failed=0; failures=()
log=$(mktemp -d)
# A clean run builds everything once: incremental caches would only take disk. Browsers and tools
# leave their temporary profiles under TMPDIR (chromedriver's are 100 MB each when it is killed):
# they go with this run's own folder.
export CARGO_INCREMENTAL=0
mkdir -p "$log/tmp" && export TMPDIR="$log/tmp"

stage() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
check() { # check NAME CMD...: one pass or one fail
  local name=$1; shift
  stage "$name"
  if "$@"; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("$name"); fi
}
cargo_counts() { # cargo_counts NAME LOGFILE EXIT: adds every "test result" line of a cargo/wasm run
  local name=$1 file=$2 rc=$3 p f
  p=$(grep -Eo '[0-9]+ passed' "$file" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$file" | awk '{s+=$1} END {print s+0}')
  passed=$((passed+p)); failed=$((failed+f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed+1)); fi # did not build or run
  if [ "$rc" -ne 0 ]; then failures+=("$name"); fi
}

if [ "$only" = all ]; then
  check "cargo fmt --check" cargo fmt --all --check
  check "clippy (host)" cargo clippy --workspace --all-targets --quiet -- -D warnings
  check "clippy (wasm32)" cargo clippy -p fitdata --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

  stage "host unit and integration tests"
  cargo test --workspace 2>&1 | tee "$log/host.txt"; rc=${PIPESTATUS[0]}
  cargo_counts "host tests" "$log/host.txt" "$rc"

  stage "wasm-bindgen-test in headless Chromium"
  cargo test -p fitdata --target wasm32-unknown-unknown 2>&1 | tee "$log/wasm.txt"; rc=${PIPESTATUS[0]}
  cargo_counts "wasm tests" "$log/wasm.txt" "$rc"
fi

check "trunk build --release" trunk build --release
check "dist/ loads nothing from a third-party origin" node scripts/check-dist.mjs dist

stage "end-to-end journeys against the emulator (Chromium; the core ones in Firefox ESR and WebKitGTK)"
if cargo build -p fitdata-emulator --quiet && [ -f dist/index.html ]; then
  node --test --test-concurrency=1 --test-reporter=tap end2end/ 2>&1 | tee "$log/e2e.txt"; rc=${PIPESTATUS[0]}
  p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$log/e2e.txt" | tail -1); f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$log/e2e.txt" | tail -1)
  passed=$((passed+${p:-0})); failed=$((failed+${f:-0}))
  if [ "$rc" -ne 0 ]; then failures+=("e2e"); [ "${f:-0}" -eq 0 ] && failed=$((failed+1)); fi
else
  failed=$((failed+1)); failures+=("e2e (emulator or dist missing)")
fi

rm -rf "$log"
echo
[ ${#failures[@]} -eq 0 ] || echo "failing stages: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
