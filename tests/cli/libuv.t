#!/bin/sh
# make check-libuv (tests/libuv/run.sh) can only pass by running: without the release
# sources it says where to put them and fails, an archive that does not match its checksum
# is refused before anything is built or removed, and asking for no version at all fails.
# (The matrix itself runs in `make check-libuv`, in CI.)
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
plan 6
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
