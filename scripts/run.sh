#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and launches Ads Onboard.
# With no LwA client configured the app runs on its built-in sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
cargo build -p ads-onboard --locked
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "No display found: run this from a desktop session (or see scripts/look.sh for a headless screenshot)." >&2
  exit 1
fi
exec target/debug/ads-onboard "$@"
