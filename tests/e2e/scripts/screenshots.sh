#!/usr/bin/env bash
# Screenshots of each wizard step from the real app (light and dark), for the README.
# Usage: tests/e2e/scripts/screenshots.sh [OUT_DIR]   (default: target/walkthrough)
# Needs xvfb-run, dbus-run-session and ImageMagick's import, like scripts/look.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$(realpath -m "${1:-$root/target/walkthrough}")
cd "$root"
cargo build -p ads-onboard
cargo test -p ads-onboard-e2e --test wizard_walkthrough --no-run
# A screen the size of the window, so each screenshot is exactly the window.
for dark in 0 1; do
  WALKTHROUGH_DARK=$dark ADS_ONBOARD_SCREENSHOTS="$out" dbus-run-session -- \
    xvfb-run -a -s "-screen 0 1100x760x24" \
    cargo test -p ads-onboard-e2e --test wizard_walkthrough -- --ignored --nocapture
done
echo "screenshots in $out"
