#!/usr/bin/env bash
# Installs what Ads Onboard needs on Debian or Ubuntu, and only what is missing.
#   scripts/setup.sh          packages to build and run the app
#   scripts/setup.sh --test   also what the tests need (Xvfb, WebKitWebDriver, tauri-driver, a keyring)
# Rust itself is assumed (rustup); everything else comes from the distribution or crates.
set -euo pipefail

TAURI_DRIVER_VERSION=2.1.0
CARGO_DENY_VERSION=0.20.2

build_pkgs=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
  librsvg2-dev libdbus-1-dev libxdo-dev libsqlite3-dev)
test_pkgs=(xvfb webkit2gtk-driver dbus dbus-x11 at-spi2-core gnome-keyring xauth curl jq xclip git)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "Missing packages: ${missing[*]}. Install them with your package manager (see README)." >&2
    exit 1
  fi
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "Installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is required: install it from rustup, then run this again." >&2
  exit 1
fi

# The page's formatter and linter run on Node (scripts/lint-ui.sh).
if [[ "${1:-}" == "--test" ]] && ! command -v npm >/dev/null; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "Installing: nodejs npm" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null; then
  echo "Installing tauri-driver ${TAURI_DRIVER_VERSION}" >&2
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
fi

# Licences, sources, banned crates and RustSec advisories are checked by the test command
# (several minutes to build once; the binary stays in $CARGO_HOME/bin). Advisories need
# git: the database, live or the snapshot, is a git repository.
if [[ "${1:-}" == "--test" ]] && ! command -v cargo-deny >/dev/null; then
  echo "Installing cargo-deny ${CARGO_DENY_VERSION}" >&2
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --quiet
fi
