#!/bin/sh
# make check-libuv (tests/libuv/run.sh) can only pass by running: without the release
# sources it says where to put them and fails, an archive that does not match its checksum
# is refused before anything is built or removed, and asking for no version at all fails.
# (The matrix itself runs in `make check-libuv`, in CI.) And lesson 10's claim about DNS
# lookups holds on the system's libuv: at most two at a time on a pool of four.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
plan 7
tmp=$(mktemp -d /tmp/workbook-libuv.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

out=$(LIBUV_SOURCES="$tmp/none" sh "$root/tests/libuv/run.sh" 2>&1); rc=$?
check "without the sources: exit 1" test $rc -eq 1
check "... and it says where to put them" has "$out" "LIBUV_SOURCES=/path/to/folder"

# A folder with an archive whose checksum is not the one listed.
mkdir -p "$tmp/src"
echo "not libuv" | gzip >"$tmp/src/libuv-1.40.0.tar.gz"
echo "0000000000000000000000000000000000000000000000000000000000000000  libuv-1.40.0.tar.gz" \
    >"$tmp/src/SHA256SUMS"
out=$(LIBUV_SOURCES="$tmp/src" LIBUV_VERSIONS=1.40.0 sh "$root/tests/libuv/run.sh" 2>&1); rc=$?
check "an archive that does not match its checksum: exit 1" test $rc -eq 1
check "... named, with what to do" has "$out" "libuv-1.40.0.tar.gz does not match its checksum"

out=$(LIBUV_SOURCES="$tmp/src" LIBUV_VERSIONS= LIBUV_SYSTEM=0 sh "$root/tests/libuv/run.sh" 2>&1)
rc=$?
check "no version to run: exit 1" test $rc -eq 1
check "... and it says so" has "$out" "no libuv versions to run"

# tests/libuv/dns_slots.c slows its lookups to 100 ms each (it says how) and compares them
# with 100 ms jobs on the same pool of four: two rounds against one.
cc=${CC:-cc}
# shellcheck disable=SC2086 # pkg-config's flags are words
if $cc -std=gnu11 -O2 -Wall $(pkg-config --cflags libuv) -o "$tmp/dns_slots" \
    "$root/tests/libuv/dns_slots.c" $(pkg-config --libs libuv) -ldl 2>"$tmp/cc.log"; then
    out=$("$tmp/dns_slots" 2>&1); rc=$?
    check "DNS lookups run at most two at a time on the system's libuv ($out)" test $rc -eq 0
else
    not_ok "tests/libuv/dns_slots.c builds"
    diag "$(cat "$tmp/cc.log")"
fi
