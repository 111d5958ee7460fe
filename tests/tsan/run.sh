#!/bin/sh
# Builds every lesson program and reference solution that does not use OpenMP with
# ThreadSanitizer and runs it: it must exit 0 with no report. The OpenMP ones are
# listed as not checkable (see README.md: libgomp is not instrumented, so TSan cannot
# see its barriers and would report races that are not there). The programs in
# RACY race on purpose (lesson 11's race.c): each must be reported, every run, with
# the line of the racing update.
#
#   sh tests/tsan/run.sh            (make tsan)
#   CC=clang sh tests/tsan/run.sh   (clang's TSan instead of gcc's)
set -u
cd "$(dirname "$0")/../.." || exit 2
out=build/tsan
mkdir -p "$out"
cc=${CC:-cc}
# The toolchain's recipe under ThreadSanitizer, as the checker's race check builds a file.
tc=lessons/common/toolchain.sh
tsan_cflags=$(sh $tc tsan_cflags) && tsan_libs=$(sh $tc tsan_libs) || {
    echo "  FAIL    $tc cannot say how to build with $cc (the line above says why)"
    exit 1
}
# Stop at the first report, and exit with 66 so a report cannot pass for a failure of
# the program's own.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"

# The racing update's line, found by its text, so that an edit above it moves it with it.
RACY="lessons/11-shared-state/race.c:$(grep -n 'counter = counter + 1;' lessons/11-shared-state/race.c | cut -d: -f1)"

failed=0
checked=0
for src in lessons/[0-9]*/*.c solutions/*/*.c; do
    name=$(echo "$src" | sed 's|/|_|g; s|\.c$||')
    if grep -q 'pragma omp\|<omp\.h>' "$src"; then
        echo "  SKIP    $src (OpenMP: not checkable under TSan, see tests/tsan/README.md)"
        continue
    fi
    # shellcheck disable=SC2086 # the recipe's words
    if ! $cc $tsan_cflags -o "$out/$name" "$src" $tsan_libs 2>"$out/$name.build"; then
        echo "  FAIL    $src: does not build with -fsanitize=thread"
        cat "$out/$name.build"
        failed=$((failed + 1))
        continue
    fi
    # The lessons run from the workbook's root, as the runner starts them.
    timeout 60 "$out/$name" </dev/null >"$out/$name.out" 2>"$out/$name.err"
    rc=$?
    checked=$((checked + 1))
    racy_line=$(printf '%s\n' $RACY | sed -n "s|^$src:||p")
    if [ -n "$racy_line" ]; then
        if [ $rc -eq 66 ] && grep -q "data race" "$out/$name.err" &&
            grep -q "$(basename "$src"):$racy_line" "$out/$name.err"; then
            echo "  TSAN    $src: the race on line $racy_line is reported, as it must be"
        else
            echo "  FAIL    $src: its race (line $racy_line) was not reported (exit $rc)"
            failed=$((failed + 1))
        fi
        continue
    fi
    if [ $rc -ne 0 ] || grep -q 'ThreadSanitizer' "$out/$name.err"; then
        echo "  FAIL    $src (exit $rc)"
        sed 's/^/    /' "$out/$name.err" | head -n 60
        failed=$((failed + 1))
    else
        echo "  TSAN    $src: clean"
    fi
done
echo "$checked programs run under ThreadSanitizer, $failed failed"
# A run that checked nothing (no program found, none built) proves nothing: it fails.
[ $checked -gt 0 ] || { echo "  FAIL    no program was run under ThreadSanitizer"; exit 1; }
[ $failed -eq 0 ]
