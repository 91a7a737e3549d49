#!/usr/bin/env bash
# Quick start, command 2: every test the project has. Format, clippy with warnings denied,
# unit and integration tests, and the end-to-end tests in a real window (Xvfb + tauri-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
# A whole-workspace run gains nothing from incremental caches but gigabytes of disk,
# which a fresh CI machine may not have (one run died of a full disk in the Windows stage).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
scripts/setup.sh --test

step() { printf '\n==> %s\n' "$*" >&2; }

# Every crate in Cargo.lock, other platforms' included: the offline steps below (cargo
# deny reads the whole lock file) find them here and never reach for the network.
step "cargo fetch (every platform's crates in Cargo.lock)"
cargo fetch --locked

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets -- -D warnings

step "the page's JavaScript: pinned prettier and eslint (test-only, from npm)"
scripts/lint-ui.sh

step "core stays free of Tauri and of the sandbox (outside its dev-dependencies)"
if cargo tree -p ads-onboard-core -e normal,build --prefix none | grep -E '^(tauri|ads-onboard-sandbox)' >&2; then
  echo "ads-onboard-core must not depend on the crates above" >&2
  exit 1
fi

step "cargo build (the app the end-to-end tests launch)"
cargo build --workspace

step "cargo deny (bans, licenses, sources)"
cargo deny --offline check bans licenses sources

step "cargo deny (advisories: live database, else the snapshot in ../shared, else skipped)"
scripts/advisories.sh

step "cargo test (unit, integration, sandbox contract, CLI, end-to-end)"
# Headless and hermetic: a private D-Bus session with an unlocked gnome-keyring serves the
# secret service for the keychain tests; the e2e harness starts its own Xvfb. NO_AT_BRIDGE
# must not be set for this bus: with it, WebKitWebDriver never gets its session.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY XDG_DATA_HOME="$keyring_home" \
  dbus-run-session -- bash -c '
    printf "ads-onboard-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true
    exec cargo test --workspace --no-fail-fast
  '

step "Windows stage: clippy for Windows, core and CLI tests under Wine (WINDOWS_STAGE=0 skips)"
[[ ${WINDOWS_STAGE:-1} == 0 ]] || scripts/windows.sh
