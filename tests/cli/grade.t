#!/bin/sh
# A facilitator grades a folder: one student's file passes, one is the untouched stub,
# one hangs. The summary says which is which, JSON parses, the TAP plan is right, and
# the hanging file costs only its own time limit.
. "$(dirname "$0")/tap.sh"
plan 17

root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"

class="$tmp/class"
mkdir -p "$class"
cp "$root/solutions/1-collatz/collatz.c" "$class/alice.c"
cp "$root"/exercises/1-collatz/*.c "$class/bob.c"
cp "$root/tests/exercises/1-hang.c" "$class/carol.c"
limit=$(sed -n 's/^timeout *\([0-9]*\).*/\1/p' "$root"/exercises/1-collatz/*.expect | head -n 1)
[ -n "$limit" ] || limit=10

start=$(date +%s)
out=$("$WORKBOOK" --no-color grade "$class" --exercise 1 2>"$tmp/err"); rc=$?
took=$(($(date +%s) - start))
check "grade exits 1 when some files fail" test $rc -eq 1
check "... nothing on stderr" test ! -s "$tmp/err"
check "the summary has alice passing" has "$out" '^alice\.c  *pass  '
check "... bob (the stub) failing" has "$out" '^bob\.c  *FAIL  '
check "... carol (the hang) failing" has "$out" '^carol\.c  *FAIL  '
check "... carol's reason: timed out" has "$out" '^  carol\.c: runs.*still running after'
check "... and the count" has "$out" '^1 of 3 passed'
check "the hang cost its own limit only (${took} s, limit ${limit} s)" test $took -le $((limit + 5))

"$WORKBOOK" grade "$class" --exercise 1 --format json >"$tmp/json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 3 and d["passed"] == 1, d
names = [f["file"].rsplit("/", 1)[-1] for f in d["files"]]
assert names == ["alice.c", "bob.c", "carol.c"], names
assert [f["passed"] for f in d["files"]] == [True, False, False]
' "$tmp/json"
check "JSON parses, with the totals and each file's verdict" test $? -eq 0

out=$("$WORKBOOK" grade "$class" --exercise 1 --format tap -j 1)
check "TAP: the plan is 1..3" has "$out" '^1\.\.3$'
check "TAP: alice ok" has "$out" '^ok 1 - alice\.c'
check "TAP: bob not ok" has "$out" '^not ok 2 - bob\.c'
check "TAP: carol not ok" has "$out" '^not ok 3 - carol\.c'

out=$("$WORKBOOK" grade "$class" 2>&1); rc=$?
check "grade without --exercise exits 2" test $rc -eq 2
mkdir "$tmp/empty"
out=$("$WORKBOOK" grade "$tmp/empty" --exercise 1 2>&1); rc=$?
check "grade of a folder without .c files exits 2" has "$rc $out" '^2 .*no \.c files'
cp "$root/solutions/1-collatz/collatz.c" "$tmp/empty/dave.c"
"$WORKBOOK" grade "$tmp/empty" --exercise 1 >/dev/null 2>&1
check "grade exits 0 when every file passes" test $? -eq 0

# A racy file's reason names what raced where, not only the general fix (a file whose
# output is right in every run, so that the race is its only failure).
mkdir "$tmp/racy"
cp "$root/tests/exercises/1-racy-counter.c" "$tmp/racy/erin.c"
line=$(grep -n 'checked++' "$tmp/racy/erin.c" | cut -d: -f1)
out=$("$WORKBOOK" --no-color grade "$tmp/racy" --exercise 1 2>&1)
check "a racy file's reason names the variable and its line" has "$out" \
    "^  erin\.c: no data race (ThreadSanitizer): \`checked\` is written at erin\.c:$line "
