#!/usr/bin/env bash
# The CLI end to end: one full sandbox registration (create terms, agreement accepted at
# once, register, follow to CREATED, profiles) with zero delays, timed by hyperfine. The
# floor it is compared with is the same binary doing nothing (`--version`): process start.
#   benches/cli.sh [runs]        (default 20; needs benches/build.sh cli)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RUNS="${1:-20}"
need hyperfine "apt-get install -y hyperfine"
[[ -x $CLI_BIN ]] || die "no $CLI_BIN: run benches/build.sh cli"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ads-bench-cli.XXXXXX")
export ADS_ONBOARD_DATA_DIR="$SCRATCH/data" ADS_ONBOARD_INSECURE_STORAGE=1
mkdir -p "$ADS_ONBOARD_DATA_DIR"
# Every sandbox delay at zero, profile IDs included (the `sandbox` command's defaults are
# realistic, and it reads knobs from --config, not from ADS_ONBOARD_SANDBOX).
echo '{"verification_delay_ms":0,"verification_delay_max_ms":0,"partial_phase_ms":0,"profile_lag_ms":0,"auto_accept_terms_ms":0}' >"$SCRATCH/sandbox.json"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CLI_BIN" sandbox --port "$PORT" --config "$SCRATCH/sandbox.json" --auto-approve --auto-accept-terms 0 --verification-delay 0 \
    >"$SCRATCH/sandbox.out" 2>"$SCRATCH/sandbox.err" &
BG_PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.05; done
export ADS_ONBOARD_SANDBOX_URL="http://127.0.0.1:$PORT"
BROWSER="$REPO/scripts/curl-browser.sh" "$CLI_BIN" sign-in >/dev/null 2>"$SCRATCH/sign-in.err" ||
    { cat "$SCRATCH/sign-in.err" >&2; die "sign-in failed"; }
REGISTER="$CLI_BIN register --from $REPO/crates/cli/samples/haven-hotel.json --no-browser --poll-interval 0.01"
audit() { curl -s "$ADS_ONBOARD_SANDBOX_URL/__sandbox/audit" | jq -c '.requests_by_method | with_entries(.key |= sub("/(?<k>adsAccounts|termsTokens)/(?!list)[^/]+$"; "/\(.k)/{id}"))'; }
# One checked run first: it must end CREATED with a profile ID; its requests are counted.
before=$(audit)
$REGISTER >"$SCRATCH/account.json" 2>"$SCRATCH/register.err" ||
    { cat "$SCRATCH/register.err" >&2; die "register failed"; }
jq -e '.status == "CREATED" and (.profiles | length) > 0' "$SCRATCH/account.json" >/dev/null ||
    die "register did not end CREATED with profiles: $(cat "$SCRATCH/account.json")"
after=$(audit)
echo "== CLI: full sandbox registration, zero delays ($RUNS runs) =="
echo "  requests of one \`register\` (sandbox audit):"
jq -rn --argjson a "$before" --argjson b "$after" '$b | to_entries[] | select(.value - ($a[.key] // 0) > 0) | "    \(.value - ($a[.key] // 0))  \(.key)"'
echo "    total $(jq -n --argjson a "$before" --argjson b "$after" '[$b | to_entries[] | .value - ($a[.key] // 0)] | add')"
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$RESULTS/cli.json" \
    -n floor "$CLI_BIN --version" -n register "$REGISTER" >"$SCRATCH/hyperfine.txt" 2>&1 ||
    { cat "$SCRATCH/hyperfine.txt" >&2; die "hyperfine failed"; }
sed 's/^/  /' "$SCRATCH/hyperfine.txt"
read -r floor reg < <(jq -r '[.results[] | .median * 1000] | @tsv' "$RESULTS/cli.json")
printf '  median: register %.1f ms, process floor %.1f ms, ratio %sx; accounts created: %s\n' "$reg" "$floor" \
    "$(ratio "$reg" "$floor")" "$(curl -s "$ADS_ONBOARD_SANDBOX_URL/__sandbox/audit" | jq '.accounts | length' 2>/dev/null || echo '?')"
rm -rf "$SCRATCH"
