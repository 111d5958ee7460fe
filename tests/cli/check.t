#!/bin/sh
# The checker's promises: every stub fails with a hint, every solution passes three
# times in a row with nothing on stderr, every known-wrong program in tests/exercises
# fails with the phrases its header promises and within its time, no process is left
# behind, the three spellings of `make check-exercise` work, and the student's verbs
# (hint, solution, reset, watch) keep their word.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Progress of these tests goes to a folder of their own, never the student's.
export WORKBOOK_STATE_DIR="$tmp/state"
wb() { "$WORKBOOK" --no-color "$@"; }

exercises=$(cd "$root/exercises" && ls -d [0-9]*-* | sed 's/-.*//')
# A known-wrong program stored as a patch (N-what.patch) is the solution of exercise N
# with that patch applied, under the patch's opening comment; it is built here, and a
# patch that no longer applies to the solution fails its own test, by name.
patches=$(ls "$root"/tests/exercises/[0-9]*.patch)
mkdir "$tmp/wrong"
: >"$tmp/applied"
for p in $patches; do
    prog=$(basename "$p" .patch)
    solution=$(ls "$root"/solutions/${prog%%-*}-*/*.c)
    sed '/^ \*\//q' "$p" >"$tmp/wrong/$prog.c"
    if patch -s --fuzz=0 --reject-file=- -o "$tmp/patched" "$solution" <"$p" \
        >"$tmp/wrong/$prog.patch-said" 2>&1
    then
        sed '1,/^ \*\//d' "$tmp/patched" >>"$tmp/wrong/$prog.c"
        echo "$prog" >>"$tmp/applied"
    fi
done
wrong=$(ls "$root"/tests/exercises/[0-9]*.c "$tmp"/wrong/*.c)
n_ex=$(echo $exercises | wc -w)
n_wrong=$(echo $wrong | wc -w)
n_patches=$(echo $patches | wc -w)
n_phrases=$(cat $wrong | grep -c '^ \* expect-verdict: ')
n_absent=$(cat $wrong | grep -c '^ \* expect-not-verdict: ')
plan $((n_ex * 5 + n_patches + n_wrong * 3 + n_phrases + n_absent + 44))

for p in $patches; do
    prog=$(basename "$p" .patch)
    check "$prog.patch applies to its exercise's solution" grep -qx -- "$prog" "$tmp/applied"
    grep -qx -- "$prog" "$tmp/applied" || diag "$(cat "$tmp/wrong/$prog.patch-said")"
done

# The compiler the checker builds with (CC): a program only gcc builds is judged by its
# -without-gcc lines under another.
compiler=$(sh "$root/lessons/common/toolchain.sh" | sed -n 's/^kind=//p')

for n in $exercises; do
    selected "exercise $n" || { unselected 5 "exercise $n"; continue; }
    stub=$(ls "$root"/exercises/$n-*/*.c)
    solution=$(ls "$root"/solutions/$n-*/*.c)
    out=$(wb check $n "$stub" 2>&1); rc=$?
    check "exercise $n: the stub fails (exit 1)" test $rc -eq 1
    check "exercise $n: the stub's verdict names a cause" has "$out" '^      \(→\|->\) '
    pass=0
    for run in 1 2 3; do
        wb check $n "$solution" >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/err" ] &&
            pass=$((pass + 1))
    done
    check "exercise $n: the solution passes 3 runs in a row with nothing on stderr" test $pass -eq 3
    [ $pass -eq 3 ] || diag "$(cat "$tmp/out" "$tmp/err")"
    out=$(wb check $n "$solution" --format json) &&
        printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d["passed"] else 1)'
    check "exercise $n: --format json parses and says passed" test $? -eq 0
    out=$(wb check $n "$stub" --format tap)
    planned=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
    points=$(printf '%s\n' "$out" | grep -c '^\(not \)\?ok [0-9]')
    check "exercise $n: --format tap plans $planned and has $points test points" \
        test "$planned" = "$points" -a "$points" -gt 0
done

# The known-wrong programs. A hang may take its exercise's time limit plus 5 s.
for f in $wrong; do
    prog=$(basename "$f" .c)
    selected "$prog" ||
        { unselected $((3 + $(grep -c '^ \* expect-\(not-\)\?verdict: ' "$f"))) "$prog"; continue; }
    n=${prog%%-*}
    limit=$(sed -n 's/^ \* expect-finishes-within: \([0-9.]*\).*/\1/p' "$f")
    [ -n "$limit" ] || limit=$(($(sed -n 's/^timeout *\([0-9]*\).*/\1/p' \
        "$root"/exercises/$n-*/*.expect | head -n 1 | grep . || echo 10) + 5))
    verdict=expect-verdict exit=expect-exit
    if grep -q '^ \* expect-needs: gcc' "$f" && [ "$compiler" != gcc ]; then
        verdict=expect-verdict-without-gcc exit=expect-exit-without-gcc
    fi
    want=$(sed -n "s/^ \\* $exit: //p" "$f")
    [ -n "$want" ] || want=1
    start=$(now)
    wb check $n "$f" >"$tmp/out" 2>&1; rc=$?
    took=$(elapsed "$start")
    check "$prog: exit $want" test $rc -eq "$want"
    check "$prog: done in $took s (under $limit s)" less_than "$took" "$limit"
    sed -n "s/^ \\* $verdict: //p" "$f" >"$tmp/phrases"
    while IFS= read -r phrase; do
        check "$prog: says \"$phrase\"" grep -qF -- "$phrase" "$tmp/out"
    done <"$tmp/phrases"
    # A cause the run did not have must not be named (a hint that guesses wrong).
    sed -n "s/^ \\* expect-not-verdict: //p" "$f" >"$tmp/phrases"
    while IFS= read -r phrase; do
        check "$prog: does not say \"$phrase\"" sh -c '! grep -qF -- "$1" "$2"' sh "$phrase" "$tmp/out"
    done <"$tmp/phrases"
    raw=$(tr -d '\n\t' <"$tmp/out" | LC_ALL=C tr -d '[:print:]\200-\377' | wc -c)
    check "$prog: no raw control bytes in the verdict" test "$raw" -eq 0
done

# Nothing a check started may outlive it: the program that leaves a child holding
# stdout open, and the one that hangs.
sleep 0.2
# Only this checkout's: others on the machine may be checking the same programs.
check "no process of a known-wrong program is left running" \
    sh -c "! pgrep -f '^$root/build/.*/1-(child-left-running|hang)-[0-9]' >/dev/null"

# Usage and environment errors exit 2 and say what to do.
out=$(wb check 2>&1); rc=$?
check "check without a number exits 2" test $rc -eq 2
check "... and lists the exercises" has "$out" '^  1  collatz'
out=$(wb check 99 2>&1); rc=$?
check "an unknown exercise exits 2 and lists the valid ones" has "$rc $out" "no exercise '99'"
out=$(wb check 1 "$tmp/nosuch.c" 2>&1); rc=$?
check "a missing file exits 2" has "$rc $out" "^2 .*no file"
wb check 1 --format xml >/dev/null 2>&1
check "an unknown format exits 2" test $? -eq 2
wb check 1 a.c b.c >/dev/null 2>&1
check "too many arguments exit 2" test $? -eq 2

# make check-exercise, in its three spellings. make turns a failure into its own 2.
sol1=solutions/1-collatz/collatz.c
make -s -C "$root" check-exercise 1 FILE=$sol1 >"$tmp/out" 2>&1
check "make check-exercise 1 FILE=... passes" test $? -eq 0
make -s -C "$root" check-exercise N=1 FILE=$sol1 >"$tmp/out" 2>&1
check "make check-exercise N=1 FILE=... passes" test $? -eq 0
make -s -C "$root" check-exercise 1 FILE=tests/exercises/1-off-by-one.c >"$tmp/out" 2>&1
check "make check-exercise 1 FILE=wrong.c fails" test $? -ne 0
out=$(WORKBOOK_ROOT=$root make -s -C "$root" check-exercise 1 2>&1); rc=$?
check "make check-exercise 1 grades the student's file" has "$rc $out" "exercises/1-collatz/"
make -s -C "$root" check-exercise N=1 >/dev/null 2>&1; rc2=$?
check "make check-exercise N=1 agrees with make check-exercise 1" test $rc -eq $rc2

# The race check. A racy program fails it in every run, naming the lines and the
# variable (its phrases are checked above too); the checker's own overrides show the item
# unrun, never passed, when clang or Archer is missing.
racy="$root/tests/exercises/1-racy-best.c"
caught=0
for run in 1 2 3; do
    wb check 1 "$racy" >"$tmp/out" 2>&1
    grep -q '`best_steps` is written at 1-racy-best.c:41 and read at 1-racy-best.c:40' "$tmp/out" &&
        caught=$((caught + 1))
done
check "the racy best fails the race check in 3 runs of 3" test $caught -eq 3
[ $caught -eq 3 ] || diag "$(cat "$tmp/out")"
check "... and none of ThreadSanitizer's report reaches the program's stderr" \
    sh -c "! grep -q 'WARNING: ThreadSanitizer' '$tmp/out'"
check "... nor stays behind in the build folder" \
    sh -c "! ls '$root'/build/check/1-collatz/ | grep -q tsan"
out=$(WORKBOOK_CLANG=/nonexistent/clang wb check 1 "$root/$sol1" 2>&1); rc=$?
check "without clang the solution still passes" test $rc -eq 0
check "... and the race check says it was not run and what to install" has "$out" \
    'no data race (ThreadSanitizer) *\[not run here: clang is not installed; make deps installs clang and libomp-dev\]'
out=$(WORKBOOK_ARCHER= wb check 1 "$root/$sol1" 2>&1)
check "without Archer an OpenMP program is not race-checked, and says why" has "$out" \
    "not run here: an OpenMP program needs LLVM's libomp and Archer; make deps installs libomp-dev"
out=$(WORKBOOK_ARCHER= wb check 2 "$root/solutions/2-offload-hash/offload_hash.c" 2>&1)
check "without Archer a program without OpenMP is still race-checked" has "$out" \
    'no data race (ThreadSanitizer) *none seen'
wb check 1 "$racy" --format json >"$tmp/json"
python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
r=[i for i in d["checks"] if i["kind"]=="race"]
sys.exit(0 if len(r)==1 and r[0]["status"]=="fail" and "best_steps" in r[0]["actual"] else 1)' \
    "$tmp/json"; rc=$?
check "--format json has the race check as kind race, failed, naming the variable" test $rc -eq 0
[ $rc -eq 0 ] || diag "$(cat "$tmp/json")"

# A workbook of its own, without git, for the verbs that keep state or write files.
book="$tmp/book"
mkdir -p "$book/lessons" "$book/exercises" "$book/solutions"
cp -r "$root/lessons/common" "$book/lessons/" 2>/dev/null
cp -r "$root/exercises/1-collatz" "$book/exercises/"
cp -r "$root/solutions/1-collatz" "$book/solutions/"
export WORKBOOK_ROOT="$book"
mine="$book/exercises/1-collatz/collatz.c"
stub_sum=$(cksum <"$mine")

nhints=$(grep -c '^## Hint [0-9]' "$book/exercises/1-collatz/hints.md")
out=$(wb hint 1); rc=$?
check "hint 1 shows the first hint" has "$rc $out" "^0 Hint 1 of $nhints"
out=$(wb hint 1)
check "hint 1 again shows the second" has "$out" "^Hint 2 of $nhints"
i=2
while [ $i -lt "$nhints" ]; do wb hint 1 >/dev/null; i=$((i + 1)); done
out=$(wb hint 1); rc=$?
check "after the last hint it says there are no more" has "$rc $out" "^0 No more hints"
out=$(wb hint 1 --all)
check "hint --all shows the ones seen" has "$out" "^Hint $nhints of $nhints"

wb check 1 >/dev/null 2>&1
out=$(wb solution 1); rc=$?
check "solution before a pass: exit 1 and how to pass first" has "$rc $out" "^1 .*once your own passes"
wb check 1 "$book/solutions/1-collatz/collatz.c" >/dev/null 2>&1
out=$(wb solution 1); rc=$?
check "passing another file does not open the solution" test $rc -eq 1
cp "$book/solutions/1-collatz/collatz.c" "$mine"
out=$(wb check 1 2>&1); rc=$?
check "the student's own file passes" test $rc -eq 0
out=$(wb solution 1); rc=$?
check "after a pass, solution shows the reference" has "$rc $out" "^0 The reference solution"

printf 'broken\r\n' >"$tmp/garbage"
cp "$tmp/garbage" "$tmp/state/progress"
out=$(wb solution 1 2>&1); rc=$?
check "a damaged progress file is reported" has "$out" "damaged"
check "... kept aside" test -f "$tmp/state/progress.corrupt"
wb hint 1 >/dev/null 2>&1
check "... and rebuilt" grep -q '^hints 1 1' "$tmp/state/progress"

mine_sum=$(cksum <"$mine")
out=$(wb reset 1 </dev/null 2>&1); rc=$?
check "reset without a terminal refuses without --yes" has "$rc $out" "^2 .*--yes"
check "... and leaves the file alone" test "$(cksum <"$mine")" = "$mine_sum" -a "$mine_sum" != "$stub_sum"
out=$(wb reset 1 --yes); rc=$?
check "reset --yes restores the stub" test $rc -eq 0 -a "$(cksum <"$mine")" = "$stub_sum"
check "... and keeps a backup of the student's version" \
    sh -c "ls '$tmp'/state/backups/1-collatz-collatz-*.c >/dev/null 2>&1"
out=$(wb reset 1 --yes)
check "reset of an untouched stub changes nothing" has "$out" "already the original"

# reset LESSON: a try-it edit undone from the copy a run kept (this book has no git).
cp -r "$root/lessons/01-busy-loop" "$book/lessons/"
lesson_c="$book/lessons/01-busy-loop/busy_loop.c"
lesson_sum=$(cksum <"$lesson_c")
out=$(wb reset 01 --yes 2>&1); rc=$?
check "reset LESSON with no copy kept yet says there is no original" \
    has "$rc $out" "^2 .*cannot find the original"
wb run 01 >/dev/null 2>&1
echo '/* a try-it edit */' >>"$lesson_c"
out=$(wb reset busy-loop </dev/null 2>&1); rc=$?
check "reset LESSON without a terminal refuses without --yes" has "$rc $out" "^2 .*--yes"
out=$(wb reset 01 --yes); rc=$?
check "reset LESSON --yes restores the program a run saw" \
    test $rc -eq 0 -a "$(cksum <"$lesson_c")" = "$lesson_sum"
check "... and keeps a backup of the edited one" \
    sh -c "grep -q 'a try-it edit' '$tmp'/state/backups/01-busy-loop-busy_loop-*.c"

# watch: a first verdict, another after a save, a clean end on Ctrl-C.
"$WORKBOOK" --no-color watch 1 >"$tmp/watch" 2>&1 &
watcher=$!
waitfor() { # waitfor PATTERN COUNT: until the watch output has COUNT matching lines
    i=0
    while [ $i -lt 300 ]; do
        # The watcher may not have opened its file yet: no count is a count of none.
        n=$(grep -c -- "$1" "$tmp/watch" 2>/dev/null)
        [ "${n:-0}" -ge "$2" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
check "watch checks at once" waitfor 'watching .*collatz.c' 1
cp "$book/solutions/1-collatz/collatz.c" "$tmp/new.c"
mv "$tmp/new.c" "$mine"
check "watch checks again when the file is replaced (as editors save)" waitfor 'passed: ' 1
kill -INT $watcher
wait $watcher; rc=$?
check "Ctrl-C ends watch cleanly (exit 0)" test $rc -eq 0
check "... saying so" grep -q 'Stopped watching' "$tmp/watch"
