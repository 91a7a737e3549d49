#!/usr/bin/env bash
# Release binary and .deb size, the app against the bare Tauri window (same profile:
# lto, codegen-units = 1, strip, opt-level "s", panic = "abort").
#   benches/size.sh        (needs benches/build.sh first)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
DEB_DIR="$BENCH_TARGET/release/bundle/deb"
newest() { ls -t "$DEB_DIR/$1"_*_amd64.deb 2>/dev/null | head -n1 || true; }
APP_DEB=$(newest "Ads Onboard")
BASE_DEB=$(newest "Bare Tauri")
[[ -f $APP_BIN && -f $BASE_BIN ]] || die "run benches/build.sh first"
[[ -f $APP_DEB && -f $BASE_DEB ]] || die "no .deb in $DEB_DIR: run benches/build.sh"
bytes() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.3) ? "met" : "NOT met" }'; }
row() { # label app baseline
    local r
    r=$(ratio "$2" "$3")
    printf '  %-22s app %-11s baseline %-11s ratio %sx (goal <= 1.3x: %s)\n' "$1" "$(mib "$2")" "$(mib "$3")" "$r" "$(verdict "$r")"
    echo "$1,$2,$3,$r" >>"$RESULTS/size.csv"
}
echo "what,app_bytes,baseline_bytes,ratio" >"$RESULTS/size.csv"
echo "== size =="
row "release binary" "$(bytes "$APP_BIN")" "$(bytes "$BASE_BIN")"
row ".deb" "$(bytes "$APP_DEB")" "$(bytes "$BASE_DEB")"
inst() { echo $(($(dpkg-deb -f "$1" Installed-Size) * 1024)); }
row "installed (dpkg)" "$(inst "$APP_DEB")" "$(inst "$BASE_DEB")"
file "$APP_BIN" | grep -q 'not stripped' && echo "  warning: $APP_BIN is not stripped" || true
echo "  debs: $APP_DEB | $BASE_DEB"
