# Shared settings and helpers for the scripts in benches/ (sourced, not run).
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAURI_CLI_VERSION="${TAURI_CLI_VERSION:-2.12.5}"
# Release builds go to their own target dir so they never hold the lock of the debug one.
BENCH_TARGET="${BENCH_TARGET:-${CARGO_TARGET_DIR:-$REPO/../target-bench}}"
APP_BIN="${APP_BIN:-$BENCH_TARGET/release/ads-onboard}"
BASE_BIN="${BASE_BIN:-$BENCH_TARGET/release/bare-tauri}"
CLI_BIN="${CLI_BIN:-$BENCH_TARGET/release/ads-onboard-cli}"
RESULTS="${RESULTS:-$BENCH_TARGET/bench-results}"
mkdir -p "$RESULTS"

die() { echo "error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 not found (${2:-install it})"; }

# ratio A B -> "A/B" with 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

# median of numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- display and session bus -------------------------------------------------------------
# A private Xvfb display and D-Bus session bus, stopped on exit. The environment below is
# what tests/e2e gives the app too: no accessibility bridge, no compositing (Xvfb has no GPU).
BG_PIDS=()
cleanup() {
    local p
    for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

start_session() {
    need Xvfb "apt-get install -y xvfb"
    need dbus-daemon "apt-get install -y dbus"
    local d=90
    while [[ -e /tmp/.X11-unix/X$d || -e /tmp/.X$d-lock ]]; do d=$((d + 1)); done
    Xvfb ":$d" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
    BG_PIDS+=($!)
    for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$d ]] && break; sleep 0.05; done
    [[ -e /tmp/.X11-unix/X$d ]] || die "Xvfb :$d did not start"
    export DISPLAY=":$d"
    local addr_file
    addr_file="$(mktemp)"
    dbus-daemon --session --nofork --print-address=3 3>"$addr_file" >/dev/null 2>&1 &
    BG_PIDS+=($!)
    for _ in $(seq 100); do [[ -s $addr_file ]] && break; sleep 0.05; done
    DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$addr_file")"
    export DBUS_SESSION_BUS_ADDRESS
    rm -f "$addr_file"
    export NO_AT_BRIDGE=1 GTK_A11Y=none WEBKIT_DISABLE_COMPOSITING_MODE=1
    export ADS_ONBOARD_INSECURE_STORAGE=1
}

# A fresh data folder per launch: a first start, as on a new laptop.
fresh_data_dir() { mktemp -d "${TMPDIR:-/tmp}/ads-bench-data.XXXXXX"; }

# --- processes and memory ----------------------------------------------------------------
# PIDs of a process and all its descendants (WebKit's web and network processes, bwrap).
pid_tree() {
    local root=$1 p
    echo "$root"
    for p in $(ps -o pid= --ppid "$root" 2>/dev/null); do pid_tree "$p"; done
}

# Proportional set size in KiB summed over a process tree (what smem reports as PSS).
pss_tree_kib() {
    local total=0 p v
    for p in $(pid_tree "$1"); do
        v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}

# Names of the processes in a tree, for the record.
tree_names() { for p in $(pid_tree "$1"); do cat "/proc/$p/comm" 2>/dev/null; done | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep=", " }'; }

# Waits (up to $3 seconds) until file $1 has a readiness line; prints its
# "state ready nav dcl" (Unix seconds; nav/dcl are 0 from a probe that does not report them).
wait_ready_line() {
    local file=$1 pid=$2 limit=${3:-60} i
    for ((i = 0; i < limit * 50; i++)); do
        if grep -q '^ads-onboard-ready ' "$file" 2>/dev/null; then
            grep -m1 '^ads-onboard-ready ' "$file" | awk '{ n = $4; d = $5; sub(/^nav=/, "", n); sub(/^dcl=/, "", d); print $2, $3, (n == "" ? 0 : n), (d == "" ? 0 : d) }'
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    return 1
}

# Stops a process tree politely, then firmly; waits until every member is gone.
stop_tree() {
    local pids p
    pids=$(pid_tree "$1")
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 100); do
        local alive=0
        for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
        ((alive)) || return 0
        sleep 0.05
    done
    kill -KILL $pids 2>/dev/null || true
}

# PSS in MiB of each process in a tree: "ads-onboard 60.1, WebKitWebProces 120.3, ...".
pss_by_process() {
    local p v out=""
    for p in $(pid_tree "$1"); do
        v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        [[ -n $v ]] || continue
        out+="${out:+, }$(cat "/proc/$p/comm" 2>/dev/null) $(awk -v k="$v" 'BEGIN { printf "%.1f", k / 1024 }')"
    done
    echo "$out"
}

# p-th percentile (0-100, nearest rank) of numbers on stdin
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int((p / 100) * NR + 0.999999); if (i < 1) i = 1; print v[i] }'; }
