#!/usr/bin/env bash
# Builds geo-core's JS package with wasm-pack: target/pkg-web (--target web) and
# target/pkg-node (--target nodejs). Uses the wasm-bindgen on PATH (ensure-tools.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
for target in web nodejs; do
  out=pkg-${target/nodejs/node}
  wasm-pack --quiet build geo-core --release --target "$target" --out-dir "../target/$out" --mode no-install -- --features js
done
echo "built target/pkg-web and target/pkg-node"
