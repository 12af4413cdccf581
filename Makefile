# fitdata: the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
# Our wasm-opt wrapper (npm binaryen 132) must come before any other wasm-opt.
export PATH := $(CURDIR)/scripts/bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

.PHONY: setup demo test bench build screenshot clean

setup:
	@scripts/setup.sh

## make demo: build everything, start the emulator and the app on 127.0.0.1, print the URL.
demo: setup
	@scripts/demo.sh

## make test: formatting, lints, host tests, browser tests, release build, end-to-end journeys.
test: setup
	@scripts/test.sh

build: setup
	trunk build --release

## make screenshot: refresh docs/*.png from the running app.
screenshot: setup
	@SCREENSHOTS=1 scripts/test.sh e2e

clean:
	cargo clean
	rm -rf dist node_modules

## make bench: parse + normalize times, requests per backfilled day, how fast the emulator serves
## the heaviest requests, the import parser, ten years of Sleep timing (against scipy's
## Lomb–Scargle), the seeds' Python pipeline (pandas + matplotlib, in
## a venv under target/), and in Chromium: first paint, a repeat visit, time to the HR chart, a
## year of CSV, an import of a three-year Takeout (IMPORT=0 skips it), dist/ sizes, and last the
## table of issue #14's goals with our numbers as ratios against the Python ones of this run.
bench: setup
	scripts/bench-python.sh
	cargo run --release --quiet --example bench_decode
	cargo run --release --quiet --example bench_import
	cargo run --release --quiet --example import_memory
	cargo run --release --quiet --example bench_timing
	cargo run --release --quiet --example bench_export
	cargo build --release -p fitdata-emulator --quiet
	trunk build --release
	FITDATA_EMULATOR=target/release/fitdata-emulator node scripts/bench-emulator.mjs
	FITDATA_EMULATOR=target/release/fitdata-emulator node scripts/bench-browser.mjs
