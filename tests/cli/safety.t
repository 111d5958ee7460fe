#!/bin/sh
# No data lost: a student's file is never written by check, grade or watch; progress
# is written atomically (a temporary file, then rename); a damaged progress file is
# reported, kept aside and rebuilt; a read-only checkout works, with its state under
# $XDG_STATE_HOME (tested as an unprivileged user, since root writes anywhere).
. "$(dirname "$0")/tap.sh"
plan 21

root=$(repo_root)
tmp=$(mktemp -d /tmp/workbook-safety.XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
wb() { "$WORKBOOK" --no-color "$@"; }
sums() { find "$@" -type f -exec sha256sum {} + | sort; }
listing() { find "$@" | sort; }

# The student's files: the stubs in the checkout, and a folder of copies to grade.
mkdir -p "$tmp/students"
cp "$root"/exercises/2-*/*.c "$tmp/students/stub.c"
cp "$root"/solutions/2-*/*.c "$tmp/students/solution.c"
cp "$root"/tests/exercises/2-*.c "$tmp/students/"
sums "$root"/exercises "$tmp/students" >"$tmp/sums.before"
listing "$root"/exercises "$tmp/students" >"$tmp/list.before"

wb check 2 >/dev/null 2>&1
wb check 2 "$tmp/students/solution.c" >/dev/null 2>&1
wb check 2 "$tmp/students/stub.c" --format json >/dev/null 2>&1
wb grade "$tmp/students" --exercise 2 >"$tmp/grade.out" 2>&1
check "grade ran on the folder" grep -q 'solution' "$tmp/grade.out"
# watch checks once, then again when the file changes: its time stamp changes here,
# its content does not.
# (Started directly, not through wb, so that $! is the workbook itself.)
"$WORKBOOK" --no-color watch 2 "$tmp/students/stub.c" >"$tmp/watch.out" 2>&1 </dev/null &
watcher=$!
sleep 1.5
touch "$tmp/students/stub.c"
sleep 1.5
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
check "watch checked the file" grep -q 'offload' "$tmp/watch.out"
check "... and ended on SIGTERM" sh -c "! kill -0 $watcher 2>/dev/null"

sums "$root"/exercises "$tmp/students" >"$tmp/sums.after"
listing "$root"/exercises "$tmp/students" >"$tmp/list.after"
check "check, grade and watch left every student's file as it was" \
    cmp -s "$tmp/sums.before" "$tmp/sums.after"
check "... and added no file next to them (builds go elsewhere)" \
    cmp -s "$tmp/list.before" "$tmp/list.after"
cmp -s "$tmp/list.before" "$tmp/list.after" || diag "$(diff "$tmp/list.before" "$tmp/list.after")"

# Progress is written to a temporary file that is then renamed over the real one.
state="$tmp/state"
if command -v strace >/dev/null; then
    strace -f -qq -e trace=openat,rename,renameat,renameat2 -o "$tmp/trace" \
        "$WORKBOOK" hint 1 >/dev/null 2>&1
    check "hint saves progress by renaming a temporary file over it" \
        grep -q "rename.*\"$state/progress\.tmp[^\"]*\", .*\"$state/progress\"" "$tmp/trace"
    check "... and never opens the progress file itself for writing" \
        sh -c "! grep -q 'openat(.*\"$state/progress\", O_WRONLY' '$tmp/trace'"
else
    skip 2 "strace is not installed"
fi
# Eight workbooks saving at once lose nothing and leave no temporary file behind: each
# runs a lesson of its own (of a workbook of eight small lessons, built beforehand so
# that the runs end close together) and records it, and all eight records are there.
book="$tmp/book"
mkdir -p "$book/lessons"
cp -r "$root/lessons/common" "$book/lessons/"
for n in 1 2 3 4 5 6 7 8; do
    d="$book/lessons/0$n-hello$n"
    mkdir -p "$d"
    echo 'include ../common/lesson.mk' >"$d/Makefile"
    printf '# Lesson 0%s: hello\n' $n >"$d/lesson.md"
    printf '#include <stdio.h>\nint main(void)\n{\n    puts("hello");\n    return 0;\n}\n' >"$d/hello.c"
    printf 'title   Says hello.\n\nline    hello\n' >"$d/hello.expect"
    make -s -C "$d" >/dev/null 2>&1 || diag "cannot build $d"
done
for n in 1 2 3 4 5 6 7 8; do WORKBOOK_ROOT="$book" wb run 0$n >/dev/null 2>&1 & done
wait
held=$(grep -c '^held 0[1-8]-hello' "$state/progress")
check "eight saves at once lose nothing: all eight lessons are recorded ($held)" test "$held" -eq 8
out=$(wb list 2>&1)
check "... that reads without a warning" sh -c "! printf '%s' '$out' | grep -qi 'damaged\|corrupt'"
check "... and no temporary file is left" sh -c "! ls '$state' | grep -q tmp"

# A damaged progress file is reported, kept aside and rebuilt.
printf 'passed 1\n\001\002 not progress at all \377\n' >"$state/progress"
wb hint 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a damaged progress file does not stop the workbook" test $rc -eq 0
check "... it is reported" grep -qi 'progress' "$tmp/err"
check "... the damaged copy is kept aside" test -s "$state/progress.corrupt"
wb list >/dev/null 2>"$tmp/err"
check "... and the file is rebuilt (read again without a warning)" test ! -s "$tmp/err"
printf '\000\000\000' >"$state/progress"
wb list >/dev/null 2>"$tmp/err"; rc=$?
check "a progress file of NUL bytes is reported too" test $rc -eq 0 -a -s "$tmp/err"

# A read-only checkout, used by someone who cannot write to it.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    as_user() { setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups "$@"; }
elif [ "$(id -u)" -ne 0 ]; then
    as_user() { "$@"; }
fi
ro="$tmp/ro"
mkdir -p "$ro/build" "$tmp/xdg" "$tmp/home"
cp -r "$root/lessons" "$root/exercises" "$root/solutions" "$ro/"
# The workbook and the observer it preloads into the programs it runs, side by side.
cp "$WORKBOOK" "$(dirname "$WORKBOOK")/libobserve.so" "$ro/build/"
chmod -R a+rX,a-w "$ro"
chmod 755 "$tmp"
chmod 777 "$tmp/xdg" "$tmp/home"
sums "$ro" >"$tmp/ro.before"
if command -v as_user >/dev/null 2>&1 && as_user sh -c "! touch '$ro/x' 2>/dev/null"; then
    ro_env() { as_user env -u WORKBOOK_STATE_DIR HOME="$tmp/home" XDG_STATE_HOME="$tmp/xdg" \
        WORKBOOK_ROOT="$ro" "$ro/build/workbook" --no-color "$@"; }
    out=$(cd / && ro_env check 1 2>&1); rc=$?
    check "read-only checkout: check grades the stub (exit 1, not an error)" test $rc -eq 1
    check "... with a verdict" has "$out" 'OpenMP'
    out=$(cd / && ro_env hint 1 2>&1); rc=$?
    check "read-only checkout: hint works" test $rc -eq 0
    check "... and its state went to \$XDG_STATE_HOME" test -s "$tmp/xdg/wait-or-work/progress"
    out=$(cd / && ro_env hint 1 2>&1)
    check "... where the next hint is found" has "$out" 'Hint 2'
    check "... and the checkout is unchanged" sh -c "find '$ro' -type f -exec sha256sum {} + | sort | cmp -s - '$tmp/ro.before'"
else
    skip 6 "no unprivileged user to test a read-only checkout with"
fi
