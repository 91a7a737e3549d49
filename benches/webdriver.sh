# A small WebDriver client over curl (sourced by memory.sh), driving the real wizard the way
# tests/e2e does: DOM clicks and typed values through tauri-driver and WebKitWebDriver.
WD_PORT=""
WD_SID=""

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wd_start_driver() {
    need tauri-driver "cargo install tauri-driver --locked"
    need WebKitWebDriver "apt-get install -y webkit2gtk-driver"
    WD_PORT=$(free_port)
    tauri-driver --port "$WD_PORT" --native-port "$(free_port)" >/dev/null 2>&1 &
    WD_PID=$!
    BG_PIDS+=("$WD_PID")
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$WD_PORT/status" >/dev/null && return 0; sleep 0.05; done
    die "tauri-driver did not answer on port $WD_PORT"
}

wd() { # method path [json body]
    curl -sS -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "http://127.0.0.1:$WD_PORT$2"
}

wd_session() { # application path
    local caps
    caps=$(jq -cn --arg app "$1" '{capabilities: {alwaysMatch: {"tauri:options": {application: $app}}}}')
    WD_SID=$(wd POST /session "$caps" | jq -r '.value.sessionId // empty')
    [[ -n $WD_SID ]] || die "WebDriver session did not start"
}

wd_end() { [[ -z $WD_SID ]] || wd DELETE "/session/$WD_SID" >/dev/null || true; WD_SID=""; }

wd_exec() { # script -> JSON value
    wd POST "/session/$WD_SID/execute/sync" "$(jq -cn --arg s "$1" '{script: $s, args: []}')" | jq -c '.value'
}

wd_wait() { # description script [seconds]: until the script returns something truthy
    local what=$1 script=$2 limit=${3:-60} v i
    for ((i = 0; i < limit * 10; i++)); do
        v=$(wd_exec "$script" 2>/dev/null || true)
        case "$v" in "" | null | false | '""' | '{'*'"error"'*) sleep 0.1 ;; *) echo "$v"; return 0 ;; esac
    done
    wd_dump >&2
    die "timed out waiting for $what"
}

# What the window shows, for a failure message; a screenshot goes to $RESULTS.
wd_dump() {
    echo "  the window shows:"
    wd_exec "const v = document.querySelector('main .view:not([hidden])'); return (v ? v.innerText : document.body.innerText).slice(0, 800)" |
        jq -r . | sed 's/^/    | /'
    wd GET "/session/$WD_SID/screenshot" | jq -r '.value // empty' | base64 -d >"$RESULTS/failure.png" 2>/dev/null &&
        echo "  screenshot: $RESULTS/failure.png"
}

wd_wait_title() {
    wd_wait "the title '$1'" "const t = document.querySelector('main .view:not([hidden]) .title'); return !!t && t.textContent.includes($(jq -cn --arg s "$1" '$s'))" "${2:-60}" >/dev/null
}

wd_click() {
    local css
    css=$(jq -cn --arg s "$1" '$s')
    wd_wait "$1 to be enabled" "const e = document.querySelector($css); return !!e && !e.disabled && e.offsetParent !== null" >/dev/null
    wd_exec "document.querySelector($css).click()" >/dev/null
}

wd_fill() { # field value
    local id v
    id=$(jq -cn --arg s "f-$1" '$s')
    v=$(jq -cn --arg s "$2" '$s')
    [[ $(wd_exec "const e = document.getElementById($id); if (!e) return false; e.focus(); e.value = $v; e.dispatchEvent(new Event('input', {bubbles: true})); e.blur(); return true") == true ]] ||
        die "no field $1"
}

# One business registration from the details step to the account view.
wd_register_business() { # account name
    wd_wait_title "Advertiser details"
    wd_click "[data-kind=business]"
    wd_fill accountName "$1"
    wd_fill name "$1 Inc."
    wd_fill phone "555-555-5555"
    wd_fill websiteUrl "www.havenhotel.com"
    wd_fill addressLine1 "450 W 33rd St."
    wd_fill addressLine2 "7th Floor"
    wd_fill city "New York"
    wd_fill state "New York"
    wd_fill zipCode "10001"
    [[ $(wd_exec "return document.getElementById('f-attest').checked") == true ]] || wd_click "#f-attest"
    wd_click "#details-submit"
    wd_wait_title "Registering $1"
    wd_click "#view-account"
    wd_wait_title "$1 is ready"
}
