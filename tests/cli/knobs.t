#!/bin/sh
# Knobs from the command line: `workbook run LESSON --set NAME=VALUE` changes the program
# and what is expected of it alike (lesson 10: a pool of 9 answers the stat at once, a
# pool of 8 makes it wait one job); bad values are refused with one sentence naming the
# knob and its range, and a run that cannot finish in time is refused before it starts.
# `workbook sweep` runs a lesson once per value: its CSV and JSON hold one row per value,
# and its chart puts each measured value where the CSV says, at 100x30 and at 60x18.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
plan 50
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_wb NAME ARGS...: runs the workbook; its stdout, stderr and status in $tmp/NAME.*
run_wb() {
    name=$1
    shift
    "$WORKBOOK" --no-color "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
}
rc() { cat "$tmp/$1.rc"; }
out() { cat "$tmp/$1.out"; }
err() { cat "$tmp/$1.err"; }

# Lesson 10's sized pool: 9 threads, the stat at once; 8, the stat waits for the first wave.
run_wb nine run 10 sized --set pool=9
check "run 10 --set pool=9 holds its expectations (exit $(rc nine))" [ "$(rc nine)" = 0 ]
check "with pool 9 the stat is expected at once" has "$(out nine)" 'stat .*0 +60/-2 (100 \* floor(jobs / pool), pool 9)'
check "the run says which knobs differ from their defaults (none)" \
    sh -c "! grep -q '^knobs:' '$tmp/nine.out'"
run_wb eight run 10 sized --set pool=8
check "run 10 --set pool=8 holds its expectations (exit $(rc eight))" [ "$(rc eight)" = 0 ]
check "with pool 8 the stat is expected after one job" has "$(out eight)" 'stat .*100 +60/-2 (100 \* floor(jobs / pool), pool 8)'
stat8=$(sed -n 's/.*stat done at \([0-9]*\) ms.*/\1/p' "$tmp/eight.out" | head -1)
check "with pool 8 the stat really waited for a job ($stat8 ms)" [ "${stat8:-0}" -ge 98 ]
check "the header names the changed knob" has "$(out eight)" '^knobs: pool 8$'
check "the jobs ran on 8 threads" has "$(out eight)" 'threads used = 8'
# A KNOB_ variable of the user's own never reaches the program behind the expectations.
KNOB_POOL=4 run_wb stray run 10 sized
check "a stray KNOB_POOL=4 does not shrink the pool (exit $(rc stray))" has "$(out stray)" 'threads used = 8'

# Lesson 10's jobs: 12 jobs on the default 4 threads take three waves, and the stat waits
# for all three; on a pool of 5 they take three waves and the stat waits for two.
run_wb twelve run 10 saturate --set jobs=12
check "run 10 saturate --set jobs=12 holds its expectations (exit $(rc twelve))" [ "$(rc twelve)" = 0 ]
check "twelve jobs reported done" [ "$(grep -c '^ *\[.*\] job [0-9]* done at' "$tmp/twelve.out")" = 12 ]
check "with 12 jobs on 4 threads the stat is expected after three waves" has "$(out twelve)" 'stat .*300 +60/-2 (100 \* floor(jobs / 4), jobs 12)'
stat12=$(sed -n 's/.*stat done at \([0-9]*\) ms.*/\1/p' "$tmp/twelve.out" | head -1)
check "with 12 jobs the stat really waited for three waves ($stat12 ms)" [ "${stat12:-0}" -ge 298 ]
run_wb five run 10 sized --set jobs=12 --set pool=5
check "run 10 sized --set jobs=12 --set pool=5 holds its expectations (exit $(rc five))" [ "$(rc five)" = 0 ]
check "the header names both changed knobs" has "$(out five)" '^knobs: pool 5, jobs 12$'
check "with 12 jobs on 5 threads the stat is expected after two waves" has "$(out five)" 'stat .*200 +60/-2 (100 \* floor(jobs / pool), pool 5, jobs 12)'

# Lesson 14's slices: a longer slice is one a beat may wait for, and the program slices by it.
run_wb slice run 14 sliced --set slice_ms=40
check "run 14 --set slice_ms=40 holds its expectations (exit $(rc slice))" [ "$(rc slice)" = 0 ]
check "the program sliced by the knob" has "$(out slice)" 'slices of 40 ms$'
check "the slices expected follow the knob" has "$(out slice)" '5 or more slices'

# Lesson 13's deadline: a 100 ms deadline gives the slow request up at 100 ms, not 150.
run_wb deadline run 13 deadline --set deadline_ms=100
check "run 13 --set deadline_ms=100 holds its expectations (exit $(rc deadline))" [ "$(rc deadline)" = 0 ]
gaveup=$(sed -n 's/.*gave up at \([0-9]*\) ms.*/\1/p' "$tmp/deadline.out" | head -1)
check "the slow request was given up near 100 ms ($gaveup ms)" [ "${gaveup:-0}" -ge 98 -a "${gaveup:-999}" -lt 150 ]

# Lesson 15's bound: a queue of 16 fills to 16, and the producer waits for room less often.
run_wb cap run 15 bounded --set capacity=16
check "run 15 --set capacity=16 holds its expectations (exit $(rc cap))" [ "$(rc cap)" = 0 ]
check "the queue held up to 16" has "$(out cap)" 'most queued at once = 16 (capacity 16)$'

# Lesson 16's teams: a team of one per job puts four threads on the cores, not 4 x cores.
run_wb team run 16 oversubscribed --set threads=1
check "run 16 --set threads=1 holds its expectations (exit $(rc team))" [ "$(rc team)" = 0 ]
check "four jobs with a team of one ran four threads at once" has "$(out team)" 'oversubscribed: 4 threads at once'

# Bad values: one sentence naming the knob and its range, exit 2, nothing run.
run_wb zero run 10 --set pool=0
check "pool=0 is refused (exit $(rc zero))" [ "$(rc zero)" = 2 ]
check "pool=0: the sentence names the range" has "$(err zero)" '^workbook: knob pool goes from 1 to 128; 0 is out of its range$'
check "pool=0: nothing was built or run" [ ! -s "$tmp/zero.out" ]
run_wb word run 10 --set pool=many
check "pool=many: not a number" has "$(err word)" "knob pool takes a whole number in \[1, 128\], not 'many'"
run_wb unknown run 10 --set pools=8
check "pools=8: an unknown knob, and the ones there are" has "$(err unknown)" "lesson 10 has no knob 'pools'; its knobs are jobs in \[1, 64\], pool in \[1, 128\]"
run_wb noeq run 10 --set pool
check "--set pool: how to write it" has "$(err noeq)" "like --set pool=8"
check "--set pool: exit 2" [ "$(rc noeq)" = 2 ]
run_wb none run 06 --set count=3
check "a lesson without knobs says so" has "$(err none)" "lesson 06 has no knob 'count' (it has no knobs)"
run_wb ex run ex2 --set pool=8
check "an exercise has no knobs" has "$(err ex)" "exercise 2 has no knobs"
# 64 threads each taking a mutex 100 million times cannot end within 30 s.
run_wb long run 11 mutex --set threads=64 --set adds=100000000
check "a run too long for its limit is refused (exit $(rc long))" [ "$(rc long)" = 2 ]
check "the refusal names the limit" has "$(err long)" 'time limit of 30 s'
check "the refusal came before any run" [ ! -s "$tmp/long.out" ]

# Sweeps. CSV and JSON: one row per value, as the notebook reads them.
run_wb csv sweep 02 waits=1..3 --format csv
check "sweep 02 waits=1..3 --format csv (exit $(rc csv))" [ "$(rc csv)" = 0 ]
check "the CSV's header" [ "$(out csv | head -1)" = "waits,elapsed,expected,ideal,held" ]
check "one row per value, each held" [ "$(out csv | grep -c '^[123],[0-9]*,100,,true$')" = 3 ]
run_wb json sweep 02 wait_ms=50..100:50 --format json
check "the JSON reads back, with one run per value" python3 -c "
import json, sys
d = json.load(open('$tmp/json.out'))
runs = d['runs']
assert d['knob'] == 'wait_ms' and d['plot'] == 'elapsed', d
assert [r['wait_ms'] for r in runs] == [50, 100], runs
assert [r['expected'] for r in runs] == [50, 100], runs
assert all(r['measured'] >= r['expected'] for r in runs), runs
"

# sweep_matches_csv OUT CSV COLS ROWS HEIGHT: each measured value of the CSV is drawn as
# a mark in the chart (the last HEIGHT lines of OUT) where the scale puts it (a row either
# side allowed for the CSV's rounding).
sweep_matches_csv() {
    python3 - "$@" <<'PY'
import csv, math, sys
out, path, cols, rows, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
chart = open(out, encoding="utf-8").read().rstrip("\n").split("\n")[-height:]
data = list(csv.DictReader(open(path)))
name = list(data[0].keys())[1]
vals = [float(v) for r in data for v in (r[name], r["expected"], r["ideal"]) if v != ""]
ymin, ymax = min(0.0, min(vals)), max(vals)
xs = [float(r[list(r.keys())[0]]) for r in data]
pw, ph = min(cols - 1, 100) - 8, height - 3
for r, x in zip(data, xs):
    y = float(r[name])
    col = 8 + (pw // 2 if max(xs) == min(xs) else math.floor((x - min(xs)) / (max(xs) - min(xs)) * (pw - 1) + 0.5))
    row = math.floor((ymax - y) / (ymax - ymin) * (ph - 1) + 0.5)
    near = [chart[k][col] if col < len(chart[k]) else " " for k in range(max(0, row - 1), min(ph, row + 2))]
    if "●" not in near:
        sys.exit("no mark for %s=%s (%s) near row %d col %d:\n%s" % (list(r.keys())[0], x, y, row, col, "\n".join(chart)))
assert max(len(l) for l in chart) <= cols, "a line wider than the screen"
PY
}

# Lesson 03's speedup against its threads, with its ideal line, at 100x30.
COLUMNS=100 LINES=30 run_wb s100 sweep 03 threads=1..2 --set jobs=2 --csv "$tmp/s100.csv"
check "sweep 03 threads=1..2 at 100x30 (exit $(rc s100): 0 or 1, timing is information)" [ "$(rc s100)" -le 1 ]
check "the chart has its ideal line and the legend" has "$(out s100)" '^● speedup  ○ expected  · ideal   x: threads$'
check "the table has a row per value, as the CSV" [ "$(out s100 | grep -c '^  [12] ')" = "$(($(wc -l <"$tmp/s100.csv") - 1))" ]
if sweep_matches_csv "$tmp/s100.out" "$tmp/s100.csv" 100 30 20 2>"$tmp/m100"; then ok "at 100x30 the chart draws what the CSV holds"
else not_ok "at 100x30 the chart draws what the CSV holds"; diag "$(cat "$tmp/m100")"; fi
check "the whole output fits 30 rows after the runs" [ "$(sed -n '/^  threads=2:/,$p' "$tmp/s100.out" | wc -l)" -le 30 ]

# At 60x18 the chart takes the screen, and no line is wider than it.
COLUMNS=60 LINES=18 run_wb s60 sweep 03 threads=1..2 --set jobs=2 --csv "$tmp/s60.csv"
if sweep_matches_csv "$tmp/s60.out" "$tmp/s60.csv" 60 18 16 2>"$tmp/m60"; then ok "at 60x18 the chart draws what the CSV holds"
else not_ok "at 60x18 the chart draws what the CSV holds"; diag "$(cat "$tmp/m60")"; fi
check "at 60x18 what follows the runs fits the screen" [ "$(sed -n '/^  threads=2:/,$p' "$tmp/s60.out" | wc -l)" -le 18 ]

# A sweep refuses its bad values before the first run.
run_wb sbad sweep 03 threads=0..2
check "a sweep out of range names the knob's range" has "$(err sbad)" 'knob threads goes from 1 to 64; 0 is out of its range'
run_wb slong sweep 11 adds=50000000..100000000:50000000 mutex --set threads=64
check "a sweep whose last run is too long is refused before any run" sh -c "grep -q 'time limit of 30 s' '$tmp/slong.err' && ! grep -q 'adds=' '$tmp/slong.out'"
