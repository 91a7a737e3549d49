#!/usr/bin/env bash
# RustSec advisories for every crate in Cargo.lock, every platform's included:
# `cargo deny check advisories`, with the accepted ones listed in deny.toml.
#   scripts/advisories.sh         the live database when it can be fetched; else the
#                                 snapshot in ../shared/advisory-db; else it says plainly
#                                 that advisories were skipped, and passes
#   scripts/advisories.sh --live  the live database or fail (the release workflow)
# ADVISORY_DB_SNAPSHOT names another snapshot folder.
# The snapshot check runs offline: every crate of Cargo.lock must be on disk (`cargo fetch`).
set -euo pipefail
cd "$(dirname "$0")/.."

live_only=false
[[ "${1:-}" == "--live" ]] && live_only=true

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# cargo-deny keeps the live database in $CARGO_HOME/advisory-dbs. A network that refuses
# fails in a second; one that drops packets is given a minute.
if timeout 60 cargo deny fetch db >"$scratch/fetch.log" 2>&1; then
  echo "advisories: checked against the live RustSec database" >&2
  cargo deny check advisories
  exit
fi
if $live_only; then
  cat "$scratch/fetch.log" >&2
  echo "advisories: the live RustSec database could not be fetched" >&2
  exit 1
fi

snapshot=${ADVISORY_DB_SNAPSHOT:-../shared/advisory-db}
if [[ ! -f "$snapshot/SNAPSHOT.md" ]]; then
  echo "advisories: SKIPPED. The live RustSec database could not be fetched (no network)" >&2
  echo "  and there is no snapshot in $snapshot. Nothing was checked for advisories;" >&2
  echo "  run scripts/advisories.sh where the network is reachable." >&2
  exit 0
fi

# The snapshot, as cargo-deny reads a database: a git repository in db-path, in a folder
# named after the database's URL (which cargo-deny names when it is missing). The config
# is deny.toml plus db-path and the snapshot's allowed age; deny.toml itself is untouched.
taken=$(grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$snapshot/SNAPSHOT.md" | head -n1)
sed -e "/^\[advisories\]/a db-path = \"$scratch/db\"" \
  -e '/^\[advisories\]/a maximum-db-staleness = "P365D"' deny.toml >"$scratch/deny.toml"
deny=(cargo deny --offline --config "$scratch/deny.toml" check advisories)
folder=$("${deny[@]}" 2>&1 | grep -o "$scratch/db/advisory-db-[0-9a-f]*" | head -n1 || true)
if [[ -z "$folder" ]]; then
  echo "advisories: cargo-deny did not say where it reads a database from; see: ${deny[*]}" >&2
  exit 1
fi
cp -R "$snapshot/." "$folder"
# Committed with the snapshot's date, so cargo-deny sees its true age.
(
  cd "$folder"
  export GIT_AUTHOR_DATE="${taken}T00:00:00Z" GIT_COMMITTER_DATE="${taken}T00:00:00Z"
  git init -q && git add -A &&
    git -c user.name=snapshot -c user.email=snapshot@localhost commit -q -m "advisory-db snapshot $taken"
)
echo "advisories: checked against the snapshot of the RustSec database taken $taken" >&2
echo "  (../shared/advisory-db; advisories published since then are not seen here)" >&2
"${deny[@]}"
