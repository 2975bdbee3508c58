#!/usr/bin/env bash
# Builds the app in release mode and serves it, with the demo data, on
# http://127.0.0.1:8080. Installs missing tools first (see ensure-tools.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-tools.sh"
cd "$ROOT"
exec trunk serve --release --no-autoreload --no-error-reporting
