#!/usr/bin/env bash
# The page's formatter and linter: prettier --check and eslint (zero warnings) over ui/.
# Both are pinned in tests/js/package-lock.json and installed there with `npm ci` when
# missing or out of date; they are test-only and nothing from npm ships in the app.
# Usage: scripts/lint-ui.sh [--fix | --install]   (--fix rewrites ui/ with prettier first;
# --install only installs the pinned tools, axe-core included, for the end-to-end audits)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/tests/js"
command -v npm >/dev/null || { echo "lint-ui.sh needs node and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
# What was installed, by the lock file's hash: a changed lock installs again.
stamp="$tools/node_modules/.installed-lock"
want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
[ "${1:-}" = "--install" ] && exit 0
bin="$tools/node_modules/.bin"
cd "$root"
if [ "${1:-}" = "--fix" ]; then
  "$bin/prettier" --config "$tools/prettier.config.js" --write ui >/dev/null
fi
"$bin/prettier" --config "$tools/prettier.config.js" --check ui
"$bin/eslint" --config "$tools/eslint.config.js" --max-warnings 0 ui
