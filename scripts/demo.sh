#!/usr/bin/env bash
# `make demo`: build the release app and the emulator, serve both on 127.0.0.1, print the URL,
# and stay in the foreground until Ctrl-C. With DEMO_SMOKE=1: start, check the page answers, exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${DEMO_PORT:-8080}

echo "demo: building the emulator and the release app"
cargo build --release -p fitdata-emulator --quiet
trunk build --release

out=$(mktemp)
# stdin stays open through a fifo held by this script: when the script dies, so does the emulator.
fifo=$(mktemp -u); mkfifo "$fifo"
target/release/fitdata-emulator --app-dir dist --port "app=$PORT" --exit-on-stdin-close <"$fifo" >"$out" &
emu=$!
exec 3>"$fifo"; rm -f "$fifo"
cleanup() { exec 3>&-; kill "$emu" 2>/dev/null || true; wait "$emu" 2>/dev/null || true; rm -f "$out"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq 100); do [ -s "$out" ] && break; kill -0 "$emu" 2>/dev/null || break; sleep 0.1; done
origins=$(head -1 "$out")
[ -n "$origins" ] || { echo "demo: the emulator did not start (is port $PORT free? try DEMO_PORT=8081 make demo)" >&2; exit 1; }
url=$(node -e 'console.log(JSON.parse(process.argv[1]).app)' "$origins")
control=$(node -e 'console.log(JSON.parse(process.argv[1]).control)' "$origins")

if [ "${DEMO_SMOKE:-0}" = 1 ]; then
  node -e '
    const [url, control] = process.argv.slice(1);
    const page = await (await fetch(url)).text();
    const config = await (await fetch(url + "config.json")).json();
    if (!/boot-[0-9a-f]{16}\.js/.test(page) || !config.providers.google.client_id) throw new Error("demo page is not right");
    const zip = Buffer.from(await (await fetch(control + "/sample-export.zip?from=2026-06-01&to=2026-06-01")).arrayBuffer());
    if (zip.subarray(0, 4).toString("latin1") !== "PK\x03\x04") throw new Error("the sample export is not a ZIP");
    console.log("demo smoke: page, config.json and the sample export answer at " + url);
  ' "$url" "$control"
  exit 0
fi

cat <<MSG

  fitdata demo is running. Open:  $url

  To try "Open your export", download a sample export of the synthetic person
  (Google Takeout layout, three months) and open it on the connect screen:
    $control/sample-export.zip?from=2026-06-01&to=2026-08-31
  (other layouts: add &layout=user-site-export, categories or takeout-google-health)

  Emulated hosts (all on 127.0.0.1): $origins
  Stop with Ctrl-C.
MSG
wait "$emu"
