#!/usr/bin/env bash
# Runs every test: lint, geo-core and app natively, the engine as wasm in headless
# Chromium, then the browser end-to-end tests against the release build.
# Installs missing tools first (see ensure-tools.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"

step() { printf '\n=== %s\n' "$*"; }
started=$SECONDS

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p xiantu-app --target wasm32-unknown-unknown --quiet -- -D warnings

step "architecture: geo-core has no browser dependency"
if cargo tree -p geo-core -e normal --prefix none | grep -E '^(web-sys|js-sys|wasm-bindgen|leptos|gloo)' ; then
  echo "geo-core must not depend on browser crates" >&2
  exit 1
fi

step "demo data is what the generator writes"
cargo run --quiet -p geo-core --example gen_demo -- --check

step "CRS reference values still match pyproj and coordtransform"
if [ ! -x target/pyenv/bin/python ] || ! cmp -s tests/reference/requirements.txt target/pyenv/requirements.txt; then
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check -r tests/reference/requirements.txt
  cp tests/reference/requirements.txt target/pyenv/requirements.txt
fi
target/pyenv/bin/python tests/reference/crs_reference.py --check geo-core/tests/fixtures/crs_reference.json

step "native tests"
cargo test --workspace --quiet

step "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p geo-core --target wasm32-unknown-unknown --test wasm

step "release build"
trunk build --release
wasm=$(ls dist/*_bg.wasm)
raw=$(stat -c %s "$wasm")
br=$(brotli -c -q 11 "$wasm" | wc -c)
echo "wasm size: $raw bytes raw, $br bytes brotli ($wasm)"

step "end-to-end tests (Playwright + Debian Chromium)"
rm -rf tests/output
(cd tests && node --test --test-concurrency=1 e2e/)
echo "all tests passed in $((SECONDS - started)) s"
