#!/bin/sh
# Bad programs: every fixture in tests/faults goes through `workbook check 1 FILE` and
# `workbook run`, each under a 2 s time limit. For each, the verdict names what
# happened (the phrases its header lists), the exit status is the promised one, it
# ends within its bound, no byte a terminal would act on reaches the output, and no
# process it started is left running (tests/faults/README.md has the header format).
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
tmp=$(mktemp -d /tmp/workbook-faults.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
export WORKBOOK_ROOT="$tmp/root"
wb() { "$WORKBOOK" --no-color "$@"; }

fixtures=$(ls "$root"/tests/faults/*.c)
header() { sed -n "s/^ \* $1: //p" "$2"; }
tests=0
for f in $fixtures; do
    n=$(header check "$f" | wc -l)
    m=$(header run "$f" | wc -l)
    tests=$((tests + n + m + 7))
done
plan $tests

# A workbook of its own: exercise 1 with a 2 s limit, and one lesson per fixture.
mkdir -p "$WORKBOOK_ROOT/lessons" "$WORKBOOK_ROOT/exercises"
cp -r "$root/lessons/common" "$WORKBOOK_ROOT/lessons/"
cp -r "$root/exercises/1-collatz" "$WORKBOOK_ROOT/exercises/"
sed -i 's/^timeout .*/timeout 2/' "$WORKBOOK_ROOT"/exercises/1-collatz/*.expect
i=10
for f in $fixtures; do
    fx=$(basename "$f" .c)
    d="$WORKBOOK_ROOT/lessons/$i-$fx"
    mkdir -p "$d"
    cp "$f" "$d/"
    echo 'include ../common/lesson.mk' >"$d/Makefile"
    printf 'title   Fault fixture %s.\ntimeout 2\nextra-lines ok\n' "$fx" >"$d/$fx.expect"
    i=$((i + 1))
done

# No byte below 0x20 but newline and tab, and no DEL: nothing a terminal acts on.
no_raw_bytes() { [ "$(tr -d '\n\t' <"$1" | LC_ALL=C tr -d '[:print:]\200-\377' | wc -c)" -eq 0 ]; }
# Whether a process of this test's workbook still runs, after a moment to be reaped.
left_running() {
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        pgrep -f "$tmp/root/build" >/dev/null || return 1
        sleep 0.1
    done
    pgrep -af "$tmp/root/build" | sed 's/^/# left: /'
    return 0
}

# expect_phrases KIND FILE OUT: one test per `KIND: PHRASE` line.
expect_phrases() {
    header "$1" "$2" >"$tmp/phrases"
    while IFS= read -r phrase; do
        check "$fx $1: says \"$phrase\"" grep -qF -- "$phrase" "$3"
    done <"$tmp/phrases"
}

i=10
for f in $fixtures; do
    fx=$(basename "$f" .c)
    if ! selected "$fx"; then
        unselected $(($(header check "$f" | wc -l) + $(header run "$f" | wc -l) + 7)) "$fx"
        i=$((i + 1))
        continue
    fi
    bound=$(sed -n 's/^ \* within: \([0-9.]*\).*/\1/p' "$f")
    bound=${bound:-3}

    start=$(now)
    wb check 1 "$f" >"$tmp/check.out" 2>&1
    rc=$?
    took=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
    check "$fx check: exit $(header check-exit "$f") (got $rc)" test $rc -eq "$(header check-exit "$f")"
    check "$fx check: done in $took s (under $bound s)" less_than "$took" "$bound"
    expect_phrases check "$f" "$tmp/check.out"
    check "$fx check: no raw control bytes in the output" no_raw_bytes "$tmp/check.out"

    start=$(now)
    wb run $i >"$tmp/run.out" 2>&1
    rc=$?
    took=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
    check "$fx run: exit $(header run-exit "$f") (got $rc)" test $rc -eq "$(header run-exit "$f")"
    check "$fx run: done in $took s (under $bound s)" less_than "$took" "$bound"
    expect_phrases run "$f" "$tmp/run.out"
    check "$fx run: no raw control bytes in the output" no_raw_bytes "$tmp/run.out"

    if left_running; then not_ok "$fx: no process left running"; else ok "$fx: no process left running"; fi
    rm -f "$WORKBOOK_ROOT"/fault-*.bin "$WORKBOOK_ROOT"/build/check/*/fault-*.bin
    i=$((i + 1))
done
