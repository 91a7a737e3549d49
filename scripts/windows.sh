#!/usr/bin/env bash
# The Windows stage of the test command, on Debian with Debian's packages only:
#   1. clippy (warnings denied) type-checks the whole workspace for x86_64-pc-windows-gnu:
#      the app shell with tauri, webview2-com and the windows crates, core, sandbox, CLI;
#   2. core's and the CLI's tests are built for Windows and run as Windows programs under Wine.
# It fails when the app stops compiling for Windows or a core or CLI test fails there.
# What it proves and what it does not: README.md, "Windows, tested from Linux".
#
# Its toolchain is Debian's rustc-web/cargo-web (1.96, with the standard library's source, so
# RUSTC_BOOTSTRAP=1 and -Zbuild-std build std for Windows) called by absolute path, and its
# target directory is its own (WINDOWS_TARGET_DIR, default target-windows/): rustup's
# toolchain and target/ are never touched, and neither disturbs the other.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TRIPLE=x86_64-pc-windows-gnu

step() { printf '\n==> windows: %s (%ds in)\n' "$*" "$SECONDS" >&2; }

# Debian 12 packages; only what is missing is installed (as scripts/setup.sh does).
pkgs=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine64)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# cargo-web and rustc-web take the place of Debian's cargo, rustc and rustup packages: never let apt remove them.
for p in cargo rustc rustup cargo-mozilla; do
  if ((${#missing[@]})) && dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "Debian's $p is installed and cargo-web would replace it; remove it yourself, or skip this stage with WINDOWS_STAGE=0." >&2
    exit 1
  fi
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  step "installing ${missing[*]}"
  $sudo apt-get update -qq
  # No recommends: wine32 needs i386, and the wine wrapper is not needed (wine64 is called directly).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi

# Debian's toolchain by absolute path, whatever rustup puts first on PATH.
export CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
unset RUSTUP_TOOLCHAIN RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER RUSTFLAGS CARGO_BUILD_TARGET
export CARGO_TARGET_DIR="${WINDOWS_TARGET_DIR:-$ROOT/target-windows}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
cargo_win=(--target "$TRIPLE" -Zbuild-std --locked)

# Wine, headless and quiet, in a prefix of its own: no X display, no debug chatter, no
# prompts to install Mono or Gecko (nothing here needs .NET or a browser engine).
export WINEPREFIX="$CARGO_TARGET_DIR/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export WINESERVER=/usr/lib/wine/wineserver64
unset DISPLAY WAYLAND_DISPLAY

step "clippy for $TRIPLE, whole workspace (warnings denied)"
# cargo-clippy runs $CARGO with Debian's clippy-driver beside it. Libraries and binaries
# only: the tests are linted on Linux, and core's and the CLI's are compiled for Windows in
# the next step; linting every target here too would cost CI several minutes for nothing new.
/usr/bin/cargo-clippy clippy "${cargo_win[@]}" --workspace -- -D warnings

step "build core and CLI tests for $TRIPLE"
"$CARGO" test "${cargo_win[@]}" -p ads-onboard-core -p ads-onboard-cli --no-run

step "prepare Wine ($WINEPREFIX)"
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
  "$WINESERVER" -w
fi
# Rust's std imports ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks: a stand-in,
# kept with the tests, goes where Windows keeps its own.
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Wextra -Werror -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32
# The MinGW runtime goes beside each executable, as it would ship beside a GNU-built program.
bin="$CARGO_TARGET_DIR/$TRIPLE/debug"
for dll in libgcc_s_seh-1.dll libwinpthread-1.dll; do
  src=$(x86_64-w64-mingw32-gcc -print-file-name="$dll")
  [[ -f $src ]] || src=$(find /usr/lib/gcc/x86_64-w64-mingw32 /usr/x86_64-w64-mingw32/lib -name "$dll" | head -1)
  [[ -f $src ]] || { echo "no $dll from MinGW" >&2; exit 1; }
  for dir in "$bin" "$bin/deps" "$bin/examples"; do
    cp -f "$src" "$dir/"
  done
done

step "run core and CLI tests as Windows programs (Wine)"
# One wineserver for the whole run (each test binary and each CLI it starts is a Wine process),
# stopped at the end whatever happens.
"$WINESERVER" -p 2>/dev/null || true  # already running for this prefix: reused
trap '"$WINESERVER" -k >/dev/null 2>&1 || true' EXIT
# cargo starts each test executable through the runner, /usr/lib/wine/wine64.
"$CARGO" test "${cargo_win[@]}" -p ads-onboard-core -p ads-onboard-cli --no-fail-fast
step "done"
