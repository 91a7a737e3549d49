#!/usr/bin/env bash
# Builds the release binaries and .deb packages that benches/ measures: the app and the bare
# Tauri baseline, both through the pinned Tauri CLI (which also turns on tauri's
# custom-protocol feature, exactly as a shipped build). Takes minutes; run it at low priority.
#   benches/build.sh            # both
#   benches/build.sh app|baseline|cli
set -euo pipefail
. "$(dirname "$0")/lib.sh"

build_one() { # dir
    (cd "$1" && CARGO_TARGET_DIR="$BENCH_TARGET" nice -n 10 \
        npx --yes "@tauri-apps/cli@$TAURI_CLI_VERSION" build --ci --bundles deb)
}

what="${1:-all}"
if [[ $what == all || $what == app ]]; then build_one "$REPO"; fi
if [[ $what == all || $what == baseline ]]; then build_one "$REPO/benches/baseline"; fi
if [[ $what == all || $what == cli ]]; then
    (cd "$REPO" && CARGO_TARGET_DIR="$BENCH_TARGET" nice -n 10 cargo build --release -p ads-onboard-cli)
fi
ls -l "$APP_BIN" "$BASE_BIN" "$CLI_BIN" "$BENCH_TARGET"/release/bundle/deb/*.deb 2>/dev/null || true
