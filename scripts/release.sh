#!/usr/bin/env bash
# Release build for Linux: the pinned Tauri CLI builds the .deb, then the package is checked:
# it installs with dpkg and the installed app starts under Xvfb until the wizard reports it is
# interactive. Not part of the test command (a release build takes minutes here).
#
#   scripts/release.sh              build, install into a private root, start, check
#   scripts/release.sh --no-build   check the newest .deb already built
#   RELEASE_INSTALL=system scripts/release.sh
#                                   install with plain `dpkg -i` into the system and remove it
#                                   afterwards (for throwaway CI runners and VMs)
#
# The default install is `dpkg -i` into a private root (--root with its own package
# database), so this machine's package database is never touched; the dependencies the
# .deb declares are checked against the host's installed packages first.
# Windows (.msi/NSIS) and macOS (.dmg) builds: see docs/RELEASE.md and
# .github/workflows/release.yml.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
export BENCH_TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
. "$REPO/benches/lib.sh"
INSTALL_MODE="${RELEASE_INSTALL:-root}"

VERSION=$(awk '/^\[workspace.package\]/ { s = 1 } s && /^version *=/ { gsub(/"/, "", $3); print $3; exit }' "$REPO/Cargo.toml")
[[ -n $VERSION ]] || die "no version in [workspace.package] of Cargo.toml"
echo "Ads Onboard $VERSION"

if [[ ${1:-} != --no-build ]]; then
    need npx "install Node.js 18 or newer"
    (cd "$REPO" && CARGO_TARGET_DIR="$BENCH_TARGET" npx --yes "@tauri-apps/cli@$TAURI_CLI_VERSION" build --ci --bundles deb)
fi

DEB="$BENCH_TARGET/release/bundle/deb/Ads Onboard_${VERSION}_amd64.deb"
[[ -f $DEB ]] || die "expected $DEB"
echo "package: $DEB ($(stat -c %s "$DEB") bytes)"

# The package itself: name, version, the binary, the menu entry.
[[ $(dpkg-deb -f "$DEB" Version) == "$VERSION" ]] || die "package version is not $VERSION"
contents=$(dpkg-deb -c "$DEB")
grep -Eq '(^| )(\./)?usr/bin/ads-onboard$' <<<"$contents" || die "no usr/bin/ads-onboard in the package"
grep -q '\.desktop$' <<<"$contents" || die "no .desktop entry in the package"

# Each declared dependency must be installed here, or the app could not start after install.
for dep in $(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g'); do
    dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q 'install ok installed' ||
        die "dependency $dep is not installed (apt-get install -y $dep)"
done

case "$INSTALL_MODE" in
root)
    ROOT=$(mktemp -d "${TMPDIR:-/tmp}/ads-onboard-install.XXXXXX")
    mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates"
    touch "$ROOT/var/lib/dpkg/status"
    # --force-depends: the private database does not list the host's libraries (checked above).
    dpkg --root="$ROOT" --force-depends --force-not-root --log=/dev/null -i "$DEB" >"$ROOT.log" 2>&1 ||
        { cat "$ROOT.log" >&2; die "dpkg -i failed"; }
    rm -f "$ROOT.log"
    dpkg --root="$ROOT" -s ads-onboard | grep -q '^Status: install ok installed' || die "dpkg did not install it"
    INSTALLED="$ROOT/usr/bin/ads-onboard"
    remove_install() { rm -rf "$ROOT"; }
    ;;
system)
    dpkg -i "$DEB" >/dev/null
    INSTALLED=/usr/bin/ads-onboard
    remove_install() { dpkg -r ads-onboard >/dev/null || true; }
    ;;
*) die "RELEASE_INSTALL is root or system" ;;
esac
echo "installed: $INSTALLED ($INSTALL_MODE)"

# Start it as a user would, on a private display, until the wizard says it is interactive.
start_session
DATA=$(fresh_data_dir)
OUT=$(mktemp)
t0=$EPOCHREALTIME
ADS_ONBOARD_BENCH_READY=1 ADS_ONBOARD_DATA_DIR="$DATA" "$INSTALLED" >"$OUT" 2>"$OUT.err" &
PID=$!
if line=$(wait_ready_line "$OUT" "$PID" 60); then
    read -r state ts <<<"$line"
else
    state=none
fi
stop_tree "$PID"
wait "$PID" 2>/dev/null || true
remove_install
rm -rf "$DATA"
if [[ $state != true ]]; then
    sed 's/^/  app: /' "$OUT.err" | tail -n 20 >&2
    rm -f "$OUT" "$OUT.err"
    die "the installed app did not report an interactive wizard (state: $state)"
fi
rm -f "$OUT" "$OUT.err"
printf 'ok: the installed app was interactive %.0f ms after start\n' "$(awk -v a="$ts" -v b="$t0" 'BEGIN { print (a - b) * 1000 }')"
