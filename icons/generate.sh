#!/usr/bin/env bash
# Regenerates every icon size Tauri's bundler wants from the one committed source, icons/source.svg.
# Needs rsvg-convert (Debian: librsvg2-bin) and Node.js for the pinned Tauri CLI.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
rsvg-convert -w 1024 -h 1024 source.svg -o "$tmp/source.png"
npx --yes @tauri-apps/cli@2.12.5 icon "$tmp/source.png" -o .
rm -rf android ios
