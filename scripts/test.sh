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

step "CRS and geodesic reference values still match pyproj, coordtransform and geographiclib"
if [ ! -x target/pyenv/bin/python ] || ! cmp -s tests/reference/requirements.txt target/pyenv/requirements.txt; then
  python3 -m venv target/pyenv
  target/pyenv/bin/pip install --quiet --disable-pip-version-check -r tests/reference/requirements.txt
  cp tests/reference/requirements.txt target/pyenv/requirements.txt
fi
target/pyenv/bin/python tests/reference/crs_reference.py --check geo-core/tests/fixtures/crs_reference.json
target/pyenv/bin/python tests/reference/geodesic_reference.py --check geo-core/tests/fixtures/geodesic_reference.json

step "native tests"
cargo test --workspace --quiet

step "DOCX opens in python-docx"
cargo run --quiet -p geo-core --example docx_sample -- target/report-samples/sample.docx
target/pyenv/bin/python tests/reports/check_docx.py target/report-samples/sample.docx

step "report files open in real readers"
# The sample 隐患台账 and 风险清单 (XLSX, CSV, GeoJSON) from the demo project, opened with
# openpyxl: sheets, headers, cell types, grade fills and KPIs (tests/reports/check_xlsx.py).
cargo run --quiet -p geo-core --example report_samples -- target/report-samples
target/pyenv/bin/python tests/reports/check_xlsx.py target/report-samples

step "fuzz every reader briefly (FUZZ_SECONDS=${FUZZ_SECONDS:=8} each)"
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable compiler accept them.
# New inputs go to a scratch corpus; the committed seeds in fuzz/corpus stay as they are.
(
  cd fuzz
  export RUSTC_BOOTSTRAP=1
  cargo fuzz build -O
  scratch=$(mktemp -d)
  for target in $(cargo fuzz list); do
    mkdir -p "$scratch/$target"
    echo "fuzz $target"
    if ! cargo fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- \
      -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -max_len=262144 -timeout=10 -print_final_stats=1 \
      >"$scratch/$target.log" 2>&1; then
      grep -E "ERROR|SUMMARY|panicked" "$scratch/$target.log" | head -n 5 >&2
      echo "fuzz target $target failed; the input is in fuzz/artifacts/$target" >&2
      exit 1
    fi
    grep -E "^stat::number_of_executed_units" "$scratch/$target.log" || true
  done
  rm -rf "$scratch"
)

step "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p geo-core --target wasm32-unknown-unknown --test wasm

step "JS API: wasm-pack builds (web, nodejs) and the Node tests"
./scripts/build-js.sh
(cd tests && node --test js_api/)

step "release build"
trunk build --release
for wasm in dist/*_bg.wasm; do
  raw=$(stat -c %s "$wasm")
  br=$(brotli -c -q 11 "$wasm" | wc -c)
  echo "wasm size: $raw bytes raw, $br bytes brotli ($wasm)"
done

step "end-to-end tests (Playwright + Debian Chromium)"
rm -rf tests/output
(cd tests && node --test --test-concurrency=1 e2e/)
echo "all tests passed in $((SECONDS - started)) s"
