#!/bin/sh
# Runs the unit test binaries: all of them, or those T names, each under a time limit,
# and every one even when an earlier one fails, so that one failure never hides another.
#
#   sh tests/unit/run.sh BUILD_DIR                      (make unit)
#   T="expect observe" F=any_order sh tests/unit/run.sh BUILD_DIR
#                                                       (make unit T="expect observe" F=any_order)
#
# T: test binaries by their short name (expect for build/tests/test_expect).
# F: the tests to run inside them, by name: a word matches every test whose name holds
#    it; `*` and `?` make it a pattern of cmocka's own.
# UNIT_TIME_LIMIT: seconds one binary may take (default 120).
set -u
build=${1:?usage: run.sh BUILD_DIR}
limit=${UNIT_TIME_LIMIT:-120}
names=${T:-}
filter=${F:-}

if [ -z "$names" ]; then
    names=$(ls "$build"/tests/test_* 2>/dev/null | sed 's|.*/test_||' | grep -v '\.' )
fi
[ -n "$names" ] || { echo "unit: no test binaries in $build/tests (make builds them)"; exit 2; }

case $filter in
    '') ;;
    *'*'* | *'?'*) export UNIT_FILTER="$filter" ;;
    *) export UNIT_FILTER="*$filter*" ;;
esac

failed='' ran=0 matched=0
for name in $names; do
    bin=$build/tests/test_$name
    if [ ! -x "$bin" ]; then
        echo "unit: no test binary named '$name'; the names are:" \
            $(ls "$build"/tests/test_* | sed 's|.*/test_||' | grep -v '\.')
        exit 2
    fi
    log=$build/tests/test_$name.log
    timeout -k 5 "$limit" "$bin" >"$log" 2>&1
    rc=$?
    cat "$log"
    ran=$((ran + 1))
    grep -q '^\[==========\] 0 test(s) run' "$log" || matched=$((matched + 1))
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        echo "unit: test_$name did not finish within $limit s (UNIT_TIME_LIMIT)"
        failed="$failed $name"
    elif [ $rc -ne 0 ]; then
        failed="$failed $name"
    fi
done

if [ -n "$filter" ] && [ $matched -eq 0 ]; then
    echo "unit: no test matches F=$filter in:" $names
    exit 1
fi
if [ -n "$failed" ]; then
    echo "unit: $ran binaries run, failed:$failed"
    exit 1
fi
echo "unit: $ran binaries run, all passed"
