#!/usr/bin/env bash
# Where a binary's size goes, by crate: sums symbol sizes from `nm` of an UNSTRIPPED build
# (cargo's strip removes the names). A rough cargo-bloat with nothing to install: generic
# code is counted under the crate whose path names it, C code under its library prefix.
#   CARGO_PROFILE_RELEASE_STRIP=false CARGO_TARGET_DIR=../target-unstripped \
#       cargo build --release --features tauri/custom-protocol -p ads-onboard
#   benches/bloat.sh ../target-unstripped/release/ads-onboard [top]
set -euo pipefail
BIN="${1:?usage: bloat.sh UNSTRIPPED_BINARY [top]}"
TOP="${2:-25}"
file "$BIN" | grep -q 'not stripped' || { echo "error: $BIN is stripped" >&2; exit 1; }
nm -S --size-sort -C --defined-only "$BIN" | python3 -c '
import re, sys, os
top, path = int(sys.argv[1]), sys.argv[2]
by, total = {}, 0
STD = {"core", "alloc", "std", "_"}
prefix = re.compile(r"^(core::ptr::drop_in_place<|<|&|\*const |\*mut |dyn |mut )")
def crate_of(name):
    while True:
        n = prefix.sub("", name)
        if n == name:
            break
        name = n
    if name.startswith("sqlite3"):
        return "sqlite (C, bundled)"
    if re.match(r"(ring_|GFp|aws_lc|OPENSSL|CRYPTO|p256|x25519)", name):
        return "crypto (C/asm)"
    if "::" not in name:
        return "other (C, runtime, unnamed)"
    # Generic std code belongs to the first non-std crate in its type arguments.
    crates = re.findall(r"(?:^|[<(,\s&*\[])([A-Za-z_][A-Za-z0-9_]*)::", name)
    for c in crates:
        if c not in STD:
            return c
    return crates[0] if crates else "other (C, runtime, unnamed)"
for line in sys.stdin:
    parts = line.rstrip("\n").split(" ", 3)
    if len(parts) < 4:
        continue
    size = int(parts[1], 16)
    c = crate_of(parts[3])
    by[c] = by.get(c, 0) + size
    total += size
print("  %-34s %8s %7s" % ("crate", "KiB", "share"))
for c, s in sorted(by.items(), key=lambda kv: -kv[1])[:top]:
    print(f"  {c:<34} {s / 1024:8.0f} {s * 100 / total:6.1f}%")
print("  %-34s %8.0f   the file: %.0f KiB with data, tables, headers" % ("total (symbols)", total / 1024, os.path.getsize(path) / 1024))
' "$TOP" "$BIN"
