#!/usr/bin/env bash
# Every benchmark in turn, after the release builds; the report goes to the terminal and to
# $RESULTS/latest.txt (figures for BENCHMARKS.md). Takes about 15 minutes after the builds.
#   benches/run.sh              (assumes benches/build.sh has run)
#   BUILD=1 benches/run.sh      (builds first: tens of minutes on 2 cores)
set -euo pipefail
HERE="$(dirname "$0")"
. "$HERE/lib.sh"
[[ -z ${BUILD:-} ]] || "$HERE/build.sh"
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# commit $(git -C "$REPO" rev-parse --short HEAD)"
    "$HERE/size.sh"
    echo
    "$HERE/startup.sh" "${RUNS:-20}"
    echo
    "$HERE/memory.sh" "${LAUNCHES:-5}" "${REGS:-20}"
    echo
    "$HERE/cli.sh" "${RUNS:-20}"
    echo
    "$HERE/history.sh" 1000 5
    echo
    echo "== core (criterion, release profile) =="
    (cd "$REPO" && CARGO_TARGET_DIR="$BENCH_TARGET" nice -n 10 cargo bench -p ads-onboard-core --bench engine 2>/dev/null |
        grep -E '^(requests|  [0-9 ]|  total|[a-z_0-9]+/[a-z_0-9_]+$|\s+time:)' || true)
} 2>&1 | tee "$RESULTS/latest.txt"
