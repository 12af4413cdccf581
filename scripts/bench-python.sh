#!/usr/bin/env bash
# `make bench`: the seeds' own pipeline (../shared/bench/python_pipeline.py: pandas + matplotlib),
# run in the same run as ours, so bench-browser.mjs can report our numbers as ratios against it.
# Its packages (pinned, from PyPI) go into a venv under target/, never into the system Python.
# Writes target/bench/python.json; says "skipped" when ../shared/bench is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
pipeline=../shared/bench/python_pipeline.py
out=target/bench
mkdir -p "$out"
rm -f "$out/python.json"
if [ ! -f "$pipeline" ]; then
  echo "python pipeline: skipped ($pipeline is absent)"
  exit 0
fi
venv=target/bench-venv
if ! "$venv/bin/python" -c "import pandas, matplotlib" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/bench-requirements.txt
fi
"$venv/bin/python" "$pipeline" --json "$out/python.json" --out-dir "$(mktemp -d)"
