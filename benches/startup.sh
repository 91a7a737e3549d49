#!/usr/bin/env bash
# Cold start to an interactive window, the app against the bare Tauri window, interleaved.
# "Ready" is reported by the page itself (data-ready on <html>, set by ui/js/main.js once
# the wizard's step indicator is wired), through the shell's ADS_ONBOARD_BENCH_READY probe.
# Each launch is a new process with a fresh data folder (a first start); the page cache is
# warm, as on a laptop that has run the app before.
#   benches/startup.sh [runs]      (default 20; needs benches/build.sh first)
# Also records each launch's peak RSS of the main process (/usr/bin/time -v).
# STARTUP_DATA=kept starts each binary on its own data folder kept from launch to launch (an
# everyday start: no database or sandbox state to create) instead of a fresh one.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS="${1:-${RUNS:-20}}"
[[ -x $APP_BIN ]] || die "no $APP_BIN: run benches/build.sh"
[[ -x $BASE_BIN ]] || die "no $BASE_BIN: run benches/build.sh baseline"
need /usr/bin/time "apt-get install -y time"
start_session

CSV="$RESULTS/startup.csv"
echo "run,which,ready_ms,state,max_rss_kib,nav_ms,dcl_ms" >"$CSV"

# Stops the app under /usr/bin/time (not time itself, so it still reports the peak RSS).
stop_app() {
    local child
    for child in $(ps -o pid= --ppid "$1"); do stop_tree "$child"; done
    wait "$1" 2>/dev/null || true
}

launch() { # which binary -> appends a CSV row
    local which=$1 bin=$2 data out tv t0 pid line
    if [[ ${STARTUP_DATA:-fresh} == kept ]]; then
        data="$KEPT/$which"
        mkdir -p "$data"
    else
        data=$(fresh_data_dir)
    fi
    out=$(mktemp)
    tv=$(mktemp)
    t0=$EPOCHREALTIME
    ADS_ONBOARD_BENCH_READY=1 ADS_ONBOARD_DATA_DIR="$data" \
        /usr/bin/time -v -o "$tv" "$bin" >"$out" 2>/dev/null &
    pid=$!
    if line=$(wait_ready_line "$out" "$pid" 60); then
        local state ts nav dcl
        read -r state ts nav dcl <<<"$line"
        stop_app "$pid"
        local ms rss nav_ms dcl_ms
        ms=$(awk -v a="$ts" -v b="$t0" 'BEGIN { printf "%.1f", (a - b) * 1000 }')
        nav_ms=$(awk -v a="$nav" -v b="$t0" 'BEGIN { printf "%.1f", (a > 0 ? (a - b) * 1000 : 0) }')
        dcl_ms=$(awk -v a="$dcl" -v b="$t0" 'BEGIN { printf "%.1f", (a > 0 ? (a - b) * 1000 : 0) }')
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tv")
        echo "$RUN,$which,$ms,$state,${rss:-0},$nav_ms,$dcl_ms" >>"$CSV"
        printf '  run %2d  %-8s %8s ms  (%s; page navigation at %s ms, DOMContentLoaded %s ms)\n' "$RUN" "$which" "$ms" "$state" "$nav_ms" "$dcl_ms"
    else
        stop_app "$pid"
        echo "  run $RUN $which: no readiness within 60 s" >&2
        echo "$RUN,$which,,timeout,0" >>"$CSV"
    fi
    [[ ${STARTUP_DATA:-fresh} == kept ]] || rm -rf "$data"
    rm -f "$out" "$tv"
    sleep 0.3
}

KEPT=$(mktemp -d "${TMPDIR:-/tmp}/ads-bench-kept.XXXXXX")
echo "startup: $RUNS interleaved runs each (display $DISPLAY, ${STARTUP_DATA:-fresh} data folder)"
# One unmeasured launch each, so neither side pays for first-touch of the page cache.
RUN=0 launch baseline "$BASE_BIN" >/dev/null
RUN=0 launch app "$APP_BIN" >/dev/null
sed -i '/^0,/d' "$CSV"
for ((RUN = 1; RUN <= RUNS; RUN++)); do
    if ((RUN % 2)); then
        launch baseline "$BASE_BIN"
        launch app "$APP_BIN"
    else
        launch app "$APP_BIN"
        launch baseline "$BASE_BIN"
    fi
done

col() { awk -F, -v w="$1" -v c="$2" '$2 == w && $4 == "true" { print $c }' "$CSV"; }
b_med=$(col baseline 3 | median)
a_med=$(col app 3 | median)
b_rss=$(col baseline 5 | median)
a_rss=$(col app 5 | median)
n_b=$(col baseline 3 | wc -l)
n_a=$(col app 3 | wc -l)
echo
echo "== cold start to interactive (median of $n_a app / $n_b baseline runs) =="
printf '  baseline (bare Tauri window)  %8s ms   min %s  max %s\n' "$b_med" \
    "$(col baseline 3 | sort -g | head -1)" "$(col baseline 3 | sort -g | tail -1)"
printf '  app (wizard interactive)      %8s ms   min %s  max %s\n' "$a_med" \
    "$(col app 3 | sort -g | head -1)" "$(col app 3 | sort -g | tail -1)"
r=$(ratio "$a_med" "$b_med")
echo "  ratio app/baseline            ${r}x   (goal <= 1.15x: $(awk -v r="$r" 'BEGIN { print (r <= 1.15) ? "met" : "NOT met" }'))"
# On Xvfb both sides sometimes take a ~450 ms step before navigation (a WebKitGTK/GTK wait,
# not the app's); the lower quartile compares the launches where it did not happen.
b_q=$(col baseline 3 | percentile 25)
a_q=$(col app 3 | percentile 25)
echo "  lower quartile                app $a_q ms, baseline $b_q ms, ratio $(ratio "$a_q" "$b_q")x"
awk -v a="$a_rss" -v b="$b_rss" 'BEGIN { printf "  main-process peak RSS median  app %.1f MiB, baseline %.1f MiB\n", a / 1024, b / 1024 }'
phase() { # which -> median navigation start, DOMContentLoaded, ready
    echo "$(col "$1" 6 | median) $(col "$1" 7 | median) $(col "$1" 3 | median)"
}
read -r bn bd br < <(phase baseline)
read -r an ad ar < <(phase app)
echo "  where the time goes (medians, ms after exec):    navigation start   DOMContentLoaded   ready"
printf '    baseline                                        %10s %18s %8s\n' "$bn" "$bd" "$br"
printf '    app                                             %10s %18s %8s\n' "$an" "$ad" "$ar"
echo "  (exec -> navigation start: shell, setup hook, window and WebKit processes;"
echo "   navigation -> DOMContentLoaded: HTML, CSS and module loading; -> ready: the page's own start-up and its IPC)"
echo "  raw runs: $CSV"
rm -rf "$KEPT"
