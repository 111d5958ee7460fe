#!/bin/sh
# The command line's promises: help, version, exit codes, and a clear message for
# every bad input (an unknown lesson or variant, a lesson that does not build, a
# program killed by a signal, no terminal).
. "$(dirname "$0")/tap.sh"
plan 27

root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$WORKBOOK" --help); rc=$?
check "--help exits 0" test $rc -eq 0
check "--help lists the verbs" has "$out" "workbook run LESSON"
out=$("$WORKBOOK" --version); rc=$?
check "--version prints a version" has "$rc $out" "^0 workbook [0-9][0-9]*\.[0-9]"

out=$("$WORKBOOK" run 99 2>&1); rc=$?
check "an unknown lesson exits 2" test $rc -eq 2
check "an unknown lesson lists the valid ones" has "$out" '04  starvation'
out=$("$WORKBOOK" run 04 nosuch 2>&1); rc=$?
check "an unknown variant exits 2" test $rc -eq 2
check "an unknown variant lists the valid ones" has "$out" 'blocked offloaded'
out=$("$WORKBOOK" frobnicate 2>&1); rc=$?
check "an unknown verb exits 2 with the usage" has "$rc $out" "^2 .*unknown verb"
out=$("$WORKBOOK" run starvation blocked 2>&1 </dev/null); rc=$?
check "a lesson is found by its name" test $rc -eq 0

out=$("$WORKBOOK" </dev/null 2>&1); rc=$?
check "no terminal: exit 2" test $rc -eq 2
check "no terminal: the plain catalog and how to run a lesson" has "$out" "workbook run 04"

# A workbook of broken lessons, to see the messages for a build failure and a crash.
mkdir -p "$tmp/lessons/01-broken" "$tmp/lessons/02-crash"
cp -r "$root/lessons/common" "$tmp/lessons/"
for d in 01-broken 02-crash; do echo 'include ../common/lesson.mk' > "$tmp/lessons/$d/Makefile"; done
printf 'int main(void)\n{\n    return nosuch;\n}\n' > "$tmp/lessons/01-broken/broken.c"
printf '#include <signal.h>\n#include <stdio.h>\nint main(void)\n{\n    puts("about to crash");\n    raise(SIGSEGV);\n}\n' > "$tmp/lessons/02-crash/crash.c"

out=$(WORKBOOK_ROOT="$tmp" "$WORKBOOK" --no-color run 1 2>&1); rc=$?
check "a lesson that fails to build exits 2" test $rc -eq 2
check "... and shows the compiler's error" has "$out" "broken.c:3:.*nosuch"
mkdir -p "$tmp/lessons/03-nolib"
echo 'include ../common/lesson.mk' > "$tmp/lessons/03-nolib/Makefile"
printf '#include <nosuchdir/uv.h>\nint main(void)\n{\n    return 0;\n}\n' > "$tmp/lessons/03-nolib/nolib.c"
out=$(WORKBOOK_ROOT="$tmp" "$WORKBOOK" --no-color run 3 2>&1); rc=$?
check "a missing library's header names the Debian package to install" has "$out" "install libuv1-dev"

out=$(WORKBOOK_ROOT="$tmp" "$WORKBOOK" --no-color run 2 2>&1); rc=$?
check "a crashed program fails the run" test $rc -eq 1
check "... and the signal is named" has "$out" SIGSEGV
check "... after the output it printed" has "$out" 'about to crash'

out=$(printf 'wait\nplain\n' | "$WORKBOOK" --no-color quiz 2>&1); rc=$?
check "the quiz reads answers from stdin and scores them" has "$out" "^2 of 2 right"
n=$("$WORKBOOK" quiz --answers | grep -Ec '^   (wait|work|plain|offload): ')
check "the quiz has at least 10 workloads, each with an answer and a why" test "$n" -ge 10

# An exercise's program runs live like a lesson: the reference for a demo, or the
# student's file (the stub does not meet the expectations yet).
out=$("$WORKBOOK" --no-color run ex2 --solution 2>&1); rc=$?
check "run ex2 --solution meets the expectations" test $rc -eq 0
check "... and says it ran the reference" has "$out" "offload_hash (the reference solution)"
out=$("$WORKBOOK" --no-color run ex2 2>&1); rc=$?
check "run ex2 runs the student's file, which fails as a stub" test $rc -eq 1
check "... and says how to grade it" has "$out" "make check-exercise 2"
out=$("$WORKBOOK" --no-color run 04 --solution 2>&1); rc=$?
check "--solution on a lesson is a usage error" test $rc -eq 2

# Progress: a lesson whose variants all met their expectations is listed as passed.
"$WORKBOOK" --no-color run 06 >/dev/null 2>&1
check "a lesson that held is marked passed in the list" has "$("$WORKBOOK" list)" "^\(✓\|+\) 06"

# The dependency check names the Debian packages that are missing (pkg-config is
# pointed at an empty folder, so every library looks missing).
out=$(PKG_CONFIG_LIBDIR=/nonexistent sh "$root/scripts/deps.sh" --check --run 2>&1); rc=$?
check "a missing library makes the dependency check fail" test $rc -eq 1
check "... and names the package to install" has "$out" "libuv1-dev"
