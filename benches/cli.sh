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
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$CLI_BIN" sandbox --port "$PORT" --auto-approve --auto-accept-terms 0 --verification-delay 0 \
    >"$SCRATCH/sandbox.out" 2>"$SCRATCH/sandbox.err" &
BG_PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.05; done
export ADS_ONBOARD_SANDBOX_URL="http://127.0.0.1:$PORT"
BROWSER="curl -sL -o /dev/null" "$CLI_BIN" sign-in >/dev/null 2>"$SCRATCH/sign-in.err" ||
    { cat "$SCRATCH/sign-in.err" >&2; die "sign-in failed"; }
REGISTER="$CLI_BIN register --from $REPO/crates/cli/samples/haven-hotel.json --no-browser --poll-interval 0.01"
# One checked run first: it must end CREATED with a profile ID.
$REGISTER >"$SCRATCH/account.json" 2>"$SCRATCH/register.err" ||
    { cat "$SCRATCH/register.err" >&2; die "register failed"; }
jq -e '.status == "CREATED" and (.profiles | length) > 0' "$SCRATCH/account.json" >/dev/null ||
    die "register did not end CREATED with profiles: $(cat "$SCRATCH/account.json")"
echo "== CLI: full sandbox registration, zero delays ($RUNS runs) =="
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$RESULTS/cli.json" \
    -n floor "$CLI_BIN --version" -n register "$REGISTER" >"$SCRATCH/hyperfine.txt" 2>&1 ||
    { cat "$SCRATCH/hyperfine.txt" >&2; die "hyperfine failed"; }
sed 's/^/  /' "$SCRATCH/hyperfine.txt"
read -r floor reg < <(jq -r '[.results[] | .median * 1000] | @tsv' "$RESULTS/cli.json")
printf '  median: register %.1f ms, process floor %.1f ms, ratio %sx; accounts created: %s\n' "$reg" "$floor" \
    "$(ratio "$reg" "$floor")" "$(curl -s "$ADS_ONBOARD_SANDBOX_URL/__sandbox/audit" | jq '.accounts | length' 2>/dev/null || echo '?')"
rm -rf "$SCRATCH"
