#!/usr/bin/env bash
# Takes a screenshot of the real app window under Xvfb, to look at what a user sees.
# Usage: scripts/look.sh OUT.png [SECONDS_TO_WAIT] [-- extra env assignments...]
# The app is the debug build (cargo build first); ADS_ONBOARD_* variables pass through.
set -euo pipefail
out=${1:?usage: scripts/look.sh OUT.png [seconds]}
wait=${2:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
app=${ADS_ONBOARD_APP:-${CARGO_TARGET_DIR:-$root/target}/debug/ads-onboard}
export ADS_ONBOARD_DATA_DIR=${ADS_ONBOARD_DATA_DIR:-$(mktemp -d)}
export ADS_ONBOARD_INSECURE_STORAGE=${ADS_ONBOARD_INSECURE_STORAGE:-1}
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
dbus-run-session -- xvfb-run -a -s "-screen 0 1100x760x24" bash -c '
  "$1" & pid=$!
  sleep "$2"
  import -window root "$3"
  kill "$pid"; wait "$pid" 2>/dev/null || true' _ "$app" "$wait" "$out" 2>"${LOOK_LOG:-/dev/null}"
echo "saved $out"
