#!/usr/bin/env bash
# Memory as proportional set size (PSS, from /proc/<pid>/smaps_rollup, as smem sums it) over
# the app's process tree: the shell plus WebKit's web and network processes.
#  1. after start: app and bare window, interleaved launches, each measured once settled;
#  2. after registrations: the real wizard driven through WebDriver (tauri-driver), one
#     business registration against the embedded sandbox at zero delays, then 19 more in the
#     same session, with PSS after each, to show whether it grows.
#   benches/memory.sh [launches] [registrations]   (defaults 5 and 20)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/webdriver.sh"
LAUNCHES="${1:-5}"
REGS="${2:-20}"
SETTLE="${SETTLE:-3}"
[[ -x $APP_BIN ]] || die "run benches/build.sh first"
((LAUNCHES == 0)) || [[ -x $BASE_BIN ]] || die "run benches/build.sh baseline first"
start_session
CSV="$RESULTS/memory.csv"
echo "phase,which,n,pss_kib,processes" >"$CSV"

settled_pss() { # which binary
    local which=$1 bin=$2 data out pid kib names
    data=$(fresh_data_dir)
    out=$(mktemp)
    ADS_ONBOARD_BENCH_READY=1 ADS_ONBOARD_DATA_DIR="$data" "$bin" >"$out" 2>/dev/null &
    pid=$!
    wait_ready_line "$out" "$pid" 60 >/dev/null || die "$which never became ready"
    sleep "$SETTLE"
    kib=$(pss_tree_kib "$pid")
    names=$(pss_by_process "$pid")
    stop_tree "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$data" "$out"
    echo "start,$which,$N,$kib,\"$names\"" >>"$CSV"
    printf '  %-8s %6.1f MiB  (%s)\n' "$which" "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$names"
}

echo "== PSS after start ($LAUNCHES launches each, ${SETTLE}s after ready) =="
b=0
for ((N = 1; N <= LAUNCHES; N++)); do
    settled_pss baseline "$BASE_BIN"
    settled_pss app "$APP_BIN"
done
col() { awk -F, -v p="$1" -v w="$2" '$1 == p && $2 == w { print $4 }' "$CSV"; }
if ((LAUNCHES > 0)); then
b=$(col start baseline | median)
a=$(col start app | median)
r=$(ratio "$a" "$b")
printf '  median: app %.1f MiB, baseline %.1f MiB, ratio %sx (goal <= 1.2x: %s)\n' \
    "$(awk -v k="$a" 'BEGIN { print k / 1024 }')" "$(awk -v k="$b" 'BEGIN { print k / 1024 }')" "$r" \
    "$(awk -v r="$r" 'BEGIN { print (r <= 1.2) ? "met" : "NOT met" }')"
fi

echo
echo "== PSS across $REGS registrations in one session (WebDriver, sandbox at zero delays) =="
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ads-bench-reg.XXXXXX")
export BROWSER="$REPO/tests/e2e/scripts/browser.sh" BROWSER_LOG="$SCRATCH/browser.log"
export ADS_ONBOARD_DATA_DIR="$SCRATCH/data" ADS_ONBOARD_EXPORT_DIR="$SCRATCH/exports"
export ADS_ONBOARD_SANDBOX_AUTO_APPROVE=1 ADS_ONBOARD_POLL_INTERVAL=0.05
export ADS_ONBOARD_SANDBOX='{"verification_delay_ms":0,"verification_delay_max_ms":0,"partial_phase_ms":0,"profile_lag_ms":0}'
export ADS_ONBOARD_REDIRECT_URI="http://localhost:$(free_port)/callback"
mkdir -p "$ADS_ONBOARD_DATA_DIR" "$ADS_ONBOARD_EXPORT_DIR"
wd_start_driver
wd_session "$APP_BIN"
wd_wait "the wizard to be ready" "return document.documentElement.dataset.ready === 'true'" >/dev/null
app_pid() { for p in $(pid_tree "$WD_PID"); do [[ $(cat "/proc/$p/comm" 2>/dev/null) == ads-onboard ]] && echo "$p" && return; done; }
APP_PID=$(app_pid)
[[ -n $APP_PID ]] || die "cannot find the app's process under tauri-driver"
sleep "$SETTLE"
kib=$(pss_tree_kib "$APP_PID")
echo "driven,app,0,$kib,\"$(pss_by_process "$APP_PID")\"" >>"$CSV"
printf '  after start (under WebDriver)   %6.1f MiB   (%s)\n' "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$(pss_by_process "$APP_PID")"
wd_wait_title "Sign in to Amazon Ads"
wd_click "#signin-start"
for ((N = 1; N <= REGS; N++)); do
    t0=$EPOCHREALTIME
    wd_register_business "Bench Hotel $N"
    t1=$EPOCHREALTIME
    sleep 1
    kib=$(pss_tree_kib "$APP_PID")
    procs=$(pss_by_process "$APP_PID")
    echo "driven,app,$N,$kib,\"$procs\"" >>"$CSV"
    printf '  after registration %2d           %6.1f MiB   (%s; driving took %.0f ms)\n' "$N" \
        "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$procs" "$(awk -v a="$t1" -v b="$t0" 'BEGIN { print (a - b) * 1000 }')"
    ((N == REGS)) || wd_click "#register-another"
done
wd_end
rm -rf "$SCRATCH"
first=$(awk -F, '$1 == "driven" && $3 == 1 { print $4 }' "$CSV")
last=$(awk -F, -v n="$REGS" '$1 == "driven" && $3 == n { print $4 }' "$CSV")
start=$(awk -F, '$1 == "driven" && $3 == 0 { print $4 }' "$CSV")
printf '  after 1 registration: %.1f MiB = %sx the bare window after start\n' \
    "$(awk -v k="$first" 'BEGIN { print k / 1024 }')" "$(ratio "$first" "$b")"
printf '  growth from registration 1 to %d: %+.1f MiB (%+.1f%%); from start: %+.1f MiB\n' "$REGS" \
    "$(awk -v a="$last" -v b="$first" 'BEGIN { print (a - b) / 1024 }')" \
    "$(awk -v a="$last" -v b="$first" 'BEGIN { print (a - b) * 100 / b }')" \
    "$(awk -v a="$last" -v b="$start" 'BEGIN { print (a - b) / 1024 }')"
echo "  raw figures: $CSV"
