#!/bin/sh
# The knobs key in a real terminal, at 100x30 and 60x18: on lesson 10's run screen K
# opens the panel with the jobs' and the sized pool's knobs, ↓ ← takes the pool to 8,
# Enter runs again with "knobs: pool 8" in the header, and 0 puts it back. In
# presentation mode K opens the same panel with the value in block digits, and Enter
# runs lesson 02 with six waits.
# `workbook sweep` in the same terminals fits its chart, ideal line and all, to the screen.
# Every wait polls the screen (tests/tui/tmux.sh), never a fixed sleep.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/../tui/tmux.sh"

root=$(repo_root)
command -v tmux >/dev/null || skip_all "tmux is not installed"
plan $((2 * 10 + 5 + 4 + 2 * 3))
export WORKBOOK_STATE_DIR=$(mktemp -d)
trap 'tui_stop; rm -rf "$WORKBOOK_STATE_DIR"' EXIT

widest() { screen | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))'; }

for size in 100x30 60x18; do
    cols=${size%x*} rows=${size#*x}
    tui_start "$cols" "$rows"
    keys "cd '$root' && '$WORKBOOK'" Enter
    wait_for "Wait or Work" >/dev/null
    # Lesson 10 is the one after lesson 09.
    keys 9 j Enter
    wait_for "10 pool" >/dev/null
    keys r
    check "$size: lesson 10 runs both variants" wait_for "sized.c · done" 60
    keys K
    check "$size: K opens the knobs" wait_for "knobs: ←→ change"
    check "$size: the panel shows the pool's knob, its value and range" wait_for "pool           9  [1..128]"
    check "$size: and the jobs' knob, which both variants have" wait_for "jobs           8  [1..64]"
    # The jobs come first: ↓ chooses the pool.
    keys Down Left
    check "$size: ← takes the pool to 8, marked as changed" wait_for "pool           8  [1..128]*"
    keys Enter
    check "$size: Enter runs again, the header names the knob" wait_for "knobs: pool 8"
    check "$size: the runs start over" wait_gone "sized.c · done" 20
    check "$size: and end with the new value" wait_for "sized.c · done" 60
    keys K 0
    check "$size: 0 puts the pool back to 9" wait_for "pool           9  [1..128] "
    keys Enter
    check "$size: run at the defaults, the header has no knobs" wait_gone "knobs: pool" 20
    keys Escape Escape q
    tui_stop
done

# Presentation mode at 60x18: lesson 02's question, then the knobs in large type.
tui_start 60 18
keys "cd '$root' && '$WORKBOOK' present" Enter
wait_for "1/5 the question" >/dev/null
press_until n "lesson 2 · 1/5"
keys K
check "present: K opens the knobs" wait_for "waits          3  [1..1000]"
keys Right Right Right
check "present: → takes waits to 6" wait_for "waits          6  [1..1000]*"
keys Enter
check "present: Enter runs it, the header names the knob" wait_for "the run · waits 6"
check "present: six waits, one result each" wait_for "results = [17, 17, 17, 17, 17, 17]" 30
w=$(widest)
check "present: no line wider than 60 ($w)" [ "$w" -le 60 ]

# The sweep in presentation mode: lesson 03's threads, two jobs a run to keep it short.
press_until n "lesson 3 · 1/5"
keys K Down Left Left Left Left Left Left Up
wait_for "jobs           2  [1..512]*" >/dev/null
keys s
check "present: s sweeps the threads to their last run" wait_for "sweep threads 1..9 · 9/9 runs" 120
check "present: the speedup against its ideal line" wait_for "● speedup  ○ expected  · ideal"
w=$(widest)
check "present: the sweep fits 60 columns ($w)" [ "$w" -le 60 ]
keys Escape
check "present: Esc takes the sweep away" wait_gone "sweep threads"

# A sweep in a real terminal of each size: the chart and its legend fit the screen.
for size in 100x30 60x18; do
    cols=${size%x*} rows=${size#*x}
    tui_start "$cols" "$rows"
    keys "clear; cd '$root' && '$WORKBOOK' sweep 03 threads=1..2 --set jobs=2" Enter
    check "$size: the sweep draws its legend" wait_for "● speedup  ○ expected  · ideal" 60
    check "$size: and its ideal line" sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | grep -q '·'"
    w=$(widest)
    check "$size: no line wider than $cols ($w)" [ "$w" -le "$cols" ]
done
