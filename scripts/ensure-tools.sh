#!/usr/bin/env bash
# Installs what building and testing need, and skips whatever is already there.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run on its own.
#
# Only crates.io, npm and Debian packages are used: wasm-bindgen and Trunk are built by
# cargo, wasm-opt comes from npm's binaryen, Chromium from Debian. Trunk is pointed at
# them through PATH and Trunk.toml [tools], so it downloads nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14
APT_PACKAGES=(chromium chromium-driver poppler-utils brotli fonts-noto-cjk)

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '[tools] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: browser and driver for the tests, poppler to read PDFs, CJK fonts so
# screenshots show Chinese.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust target for the browser.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Trunk 0.22 needs a newer rustc than Debian's machines have; 0.21.14 builds with its
# own lockfile (without --locked a newer cssparser breaks lightningcss).
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "cargo install trunk@$TRUNK_VERSION (about 13 minutes cold)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
if ! grep -q "wasm_bindgen = \"$WBG_VERSION\"" "$ROOT/Trunk.toml"; then
  echo "Trunk.toml [tools] wasm_bindgen must be \"$WBG_VERSION\" (the version in Cargo.lock)" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WBG_VERSION"; then
  say "cargo install wasm-bindgen-cli@$WBG_VERSION (about 4 minutes)"
  # --locked fails on a yanked pinned dependency; the unlocked build works.
  cargo install --force "wasm-bindgen-cli@$WBG_VERSION"
fi

# cargo-fuzz for the readers' fuzz targets (run on stable with RUSTC_BOOTSTRAP=1).
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo install cargo-fuzz (about 2 minutes)"
  cargo install --locked cargo-fuzz
fi

# wasm-pack builds geo-core's JS package (it uses the wasm-bindgen above: --mode no-install).
if ! wasm-pack --version >/dev/null 2>&1; then
  say "cargo install wasm-pack (about 4 minutes)"
  cargo install --locked wasm-pack
fi

# npm packages: build tools at the root (binaryen's wasm-opt, the report font) and the
# end-to-end test driver in tests/. Reinstalled when the lockfile changes.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci "$ROOT"
npm_ci "$ROOT/tests"
