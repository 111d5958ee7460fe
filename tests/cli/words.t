#!/bin/sh
# The verdict's words: every check reads as a sentence, the raw rule only on --verbose;
# the shell's variables that change a run (OpenMP's, libuv's pool size, the locale) do not
# reach a checked program, and the verdict says which it ignored or kept.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
wb() { "$WORKBOOK" --no-color "$@"; }
plan 18

sol2=$(ls "$root"/solutions/2-*/*.c)
wb check 2 "$sol2" >"$tmp/text" 2>&1
check "check 2: a labelled check reads as its sentence" \
    grep -q 'heartbeat 1 came on time ([0-9]* ms)' "$tmp/text"
check "check 2: a line that came is shown as it came" grep -q '✓  heartbeat 1 at [0-9]* ms$' "$tmp/text"
check "check 2: no capture syntax and no rule in the verdict" \
    sh -c "! grep -q -e ':ms}' -e ':int}' -e 'hb1 <=' -e 'sleeps_on_loop' '$tmp/text'"
wb check 2 "$sol2" --verbose >"$tmp/verbose" 2>&1
check "check 2 --verbose: each check's rule under its sentence" \
    grep -q '^      rule: hb1 <= 80$' "$tmp/verbose"
check "check 2 --verbose: a line's rule is its pattern" \
    grep -q '^      rule: heartbeat 1 at {hb1:ms} ms$' "$tmp/verbose"
wb check 2 "$sol2" --format json >"$tmp/json" 2>&1
check "check 2 --format json: label and rule apart" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rel = [c for c in d["checks"] if c["rule"] == "hb1 <= 80"]
assert rel and rel[0]["label"].startswith("heartbeat 1 came on time"), rel
assert all("{" not in c["label"] for c in d["checks"]), d["checks"]
' "$tmp/json"

# The shell of a student who times sequential code: OMP_NUM_THREADS=1 and friends.
sol1=$(ls "$root"/solutions/1-*/*.c)
OMP_NUM_THREADS=1 OMP_THREAD_LIMIT=1 OMP_DYNAMIC=true UV_THREADPOOL_SIZE=2 LC_ALL=C.UTF-8 \
    "$WORKBOOK" --no-color check 1 "$sol1" >"$tmp/omp" 2>&1
rc=$?
check "OMP_NUM_THREADS=1 in the shell: a correct exercise 1 still passes" test $rc -eq 0
[ $rc -eq 0 ] || diag "$(cat "$tmp/omp")"
check "... and the verdict says what the run ignored" \
    grep -q 'the run ignored .*OMP_NUM_THREADS=1.* from your environment' "$tmp/omp"
check "... a team of two or more ran the search" grep -q 'an OpenMP team of two or more threads ran the search ([2-9][0-9]* threads)' "$tmp/omp"
mkdir -p "$tmp/libs"
LD_LIBRARY_PATH="$tmp/libs" "$WORKBOOK" --no-color check 1 "$sol1" >"$tmp/kept" 2>&1
check "a variable that matters and is kept is said" \
    grep -q "the run kept LD_LIBRARY_PATH=$tmp/libs from your environment" "$tmp/kept"
UV_USE_IO_URING=1 "$WORKBOOK" --no-color check 1 "$sol1" >"$tmp/uring" 2>&1
check "libuv's io_uring switch is the checker's: a shell's UV_USE_IO_URING=1 is ignored" \
    grep -q 'the run ignored UV_USE_IO_URING=1 from your environment' "$tmp/uring"
env -u OMP_NUM_THREADS -u UV_USE_IO_URING -u LD_LIBRARY_PATH -u UV_THREADPOOL_SIZE \
    "$WORKBOOK" --no-color check 1 "$sol1" >"$tmp/clean" 2>&1
check "a shell without them: nothing said" sh -c "! grep -q 'from your environment' '$tmp/clean'"

OMP_NUM_THREADS=1 "$WORKBOOK" --no-color check 1 "$sol1" --format json >"$tmp/omp.json" 2>&1
check "... and in JSON as \"environment\"" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "OMP_NUM_THREADS=1" in d["environment"], d.get("environment")
' "$tmp/omp.json"

# The words that misled. Exercise 4's stub hashes on the loop thread: four sleeps of
# 100 ms, told by their count and their whole span, not the first sleep's.
wb check 4 >"$tmp/ex4" 2>&1
check "exercise 4's stub: its sleeps on the loop thread counted" \
    grep -q 'slow_hash slept [0-9]* ms on the loop thread, in 4 sleep(s) between' "$tmp/ex4"
check "... and their span covers them all" python3 -c '
import re, sys
m = re.search(r"slept (\d+) ms on the loop thread, in 4 sleep\(s\) between (\d+) and (\d+) ms",
              open(sys.argv[1]).read())
slept, start, end = map(int, m.groups())
# Sleeps on one thread follow one another: their span is at least their sum (whole ms).
assert end - start >= slept - 2, (slept, start, end)
' "$tmp/ex4"
check "exercises 1 and 3: the READMEs no longer say the checker looks at what the compiler built" \
    sh -c "! grep -q 'what the compiler built' '$root'/exercises/1-*/README.md '$root'/exercises/3-*/README.md"

# The screens: exercise 7's check and run (its rows: ✓, ✗ and the info row i✓; four up from
# the last exercise, 11) at 100x30 and 60x18; in every dump, rows whose glyph is in one
# column have their words in one column too.
for size in 100x30 60x18; do
    printf '# size: %s\nGkkkk<enter>c<wait>G<dump><pgup><dump><pgup><dump>r<wait><sleep 200><wait><dump>G<dump>\n' \
        "$size" >"$tmp/ex7.keys"
    WORKBOOK="$WORKBOOK" sh "$root/tests/tui/headless.sh" "$tmp/ex7.keys" "$tmp/ex7-$size.screen"
    check "screen at $size: every check's words start in one column" python3 -c '
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
screens = text.split("----\n")
assert len(screens) >= 5, len(screens)
rows = 0
for screen in screens:
    cols = {}
    for line in screen.splitlines():
        for m in re.finditer(r"(?:(?<=\s)|^)(i?[\u2713\u2717])( +)(?=\S)", line):
            cols.setdefault(m.start(1), set()).add(m.end(2))
            rows += 1
    for g, starts in cols.items():
        if len(starts) != 1:
            print("# glyphs in column %d, words in columns %s:" % (g, sorted(starts)))
            print("\n".join("# " + l for l in screen.splitlines()))
            sys.exit(1)
assert rows > 10, rows
assert "i\u2713" in text or "i\u2717" in text, "no info row shown"
' "$tmp/ex7-$size.screen"
done
