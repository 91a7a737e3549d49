#!/usr/bin/env bash
# UI responsiveness at scale: 1,000 stored registrations (made for real by the CLI against a
# zero-delay sandbox kept in the same data folder), then the app's History view opened and
# filtered through WebDriver. Times are taken inside the page (performance.now) up to the
# next animation frame after the rows are in the DOM, i.e. up to when they can be painted.
# History draws the first 50 rows at once and the rest as the list is scrolled, so "open"
# waits for min(N, 50) rows and the table's data-total of N. The app is signed in as the
# CLI's user, so History also lists the accounts at "Amazon" (the embedded sandbox, 1,000
# accounts over several pages); "remote" is when that listing has been drawn.
#   benches/history.sh [registrations] [repeats]     (defaults 1000 and 5)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/webdriver.sh"
N="${1:-1000}"
REPEATS="${2:-5}"
[[ -x $APP_BIN && -x $CLI_BIN ]] || die "run benches/build.sh (app and cli) first"
SCRATCH="${HISTORY_SCRATCH:-$BENCH_TARGET/history-$N}"
export ADS_ONBOARD_DATA_DIR="$SCRATCH/data" ADS_ONBOARD_INSECURE_STORAGE=1
export ADS_ONBOARD_SANDBOX='{"verification_delay_ms":0,"verification_delay_max_ms":0,"partial_phase_ms":0,"profile_lag_ms":0,"auto_accept_terms_ms":0}'
mkdir -p "$ADS_ONBOARD_DATA_DIR"

seeded() { [[ -f $SCRATCH/seeded-$N ]]; }
if ! seeded; then
    echo "seeding $N registrations with the CLI (kept in $SCRATCH for reruns)..."
    port=$(free_port)
    echo "$ADS_ONBOARD_SANDBOX" >"$SCRATCH/sandbox.json"
    "$CLI_BIN" sandbox --port "$port" --config "$SCRATCH/sandbox.json" --auto-approve --auto-accept-terms 0 --verification-delay 0 >/dev/null 2>&1 &
    SB=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
    export ADS_ONBOARD_SANDBOX_URL="http://127.0.0.1:$port"
    BROWSER="$REPO/scripts/curl-browser.sh" "$CLI_BIN" sign-in >/dev/null 2>&1 || die "CLI sign-in failed"
    t0=$EPOCHREALTIME
    for ((i = 1; i <= N; i++)); do
        jq --arg n "Haven Hotel $i" '.accountName = $n' "$REPO/crates/cli/samples/haven-hotel.json" |
            "$CLI_BIN" register --from - --no-browser --poll-interval 0.01 >/dev/null 2>"$SCRATCH/register.err" ||
            { cat "$SCRATCH/register.err" >&2; die "registration $i failed"; }
        ((i % 100)) || echo "  $i"
    done
    printf '  %d registrations in %.1f s\n' "$N" "$(awk -v a="$EPOCHREALTIME" -v b="$t0" 'BEGIN { print a - b }')"
    kill "$SB"; wait "$SB" 2>/dev/null || true
    unset ADS_ONBOARD_SANDBOX_URL
    touch "$SCRATCH/seeded-$N"
fi

start_session
export ADS_ONBOARD_SANDBOX_AUTO_APPROVE=1
wd_start_driver
CSV="$RESULTS/history.csv"
echo "repeat,open_ms,rows,filter_ms,filtered_rows,clear_ms,remote_ms" >"$CSV"
echo "== History with $N stored registrations ($REPEATS app launches) =="
for ((r = 1; r <= REPEATS; r++)); do
    wd_session "$APP_BIN"
    wd_wait "the wizard to be ready" "return document.documentElement.dataset.ready === 'true'" >/dev/null
    open=$(wd POST "/session/$WD_SID/execute/async" "$(jq -cn --argjson n "$N" '{args: [], script: ("const done = arguments[arguments.length - 1]; const n = " + ($n | tostring) + "; const t0 = performance.now(); let ms = null; document.getElementById(\"nav-history\").click(); (function poll() { const t = document.querySelector(\"#view-history .history-table\"); const rows = document.querySelectorAll(\"#view-history .history-table tr.row-link\").length; if (ms === null && t && t.dataset.total === String(n) && rows >= Math.min(n, 50)) { ms = -1; requestAnimationFrame(() => { ms = performance.now() - t0; poll(); }); return; } if (ms > 0 && !document.querySelector(\"[data-testid=remote-loading]\")) return requestAnimationFrame(() => done({ms, rows, remote: performance.now() - t0})); setTimeout(poll, 2); })();")}')" | jq -c .value)
    filt=$(wd POST "/session/$WD_SID/execute/async" "$(jq -cn '{args: [], script: "const done = arguments[arguments.length - 1]; const s = document.getElementById(\"history-search\"); const t0 = performance.now(); s.value = \"hotel 99\"; s.dispatchEvent(new Event(\"input\", {bubbles: true})); const n = document.querySelectorAll(\"#view-history tr.row-link\").length; requestAnimationFrame(() => { const t1 = performance.now(); s.value = \"\"; s.dispatchEvent(new Event(\"input\", {bubbles: true})); requestAnimationFrame(() => done({ms: t1 - t0, rows: n, clear: performance.now() - t1})); });"}')" | jq -c .value)
    wd_end
    sleep 1
    o_ms=$(jq -r '.ms // empty' <<<"$open")
    [[ -n $o_ms ]] || die "History did not show $N rows: $open"
    printf '%d,%.1f,%s,%.1f,%s,%.1f,%.1f\n' "$r" "$o_ms" "$(jq .rows <<<"$open")" "$(jq .ms <<<"$filt")" "$(jq .rows <<<"$filt")" "$(jq .clear <<<"$filt")" "$(jq .remote <<<"$open")" >>"$CSV"
    tail -n1 "$CSV" | awk -F, '{ printf "  launch %s: open %s ms (%s rows drawn), filter \"hotel 99\" %s ms (%s rows), clear %s ms, accounts at Amazon %s ms\n", $1, $2, $3, $4, $5, $6, $7 }'
done
med() { awk -F, -v c="$1" 'NR > 1 { print $c }' "$CSV" | median; }
echo "  median: open $(med 2) ms, filter $(med 4) ms, clear filter $(med 6) ms, accounts at Amazon $(med 7) ms (a frame is 16.7 ms; 100 ms reads as instant)"
echo "  raw figures: $CSV"
