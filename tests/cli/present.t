#!/bin/sh
# Presentation mode in a real terminal at 60x18: `workbook present --replay` stepped
# through every program of the deck with `n` alone, then lesson 01 live. At each step
# the step's header appears (polled, never a fixed sleep), something shows below it, no
# line is wider than the screen, and, from the second step on, the first line of the
# previous step's content is gone.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/../tui/tmux.sh"

root=$(repo_root)
command -v tmux >/dev/null || skip_all "tmux is not installed"
items=$(awk '/^(lesson|exercise) / { print $1 "_" $2 + 0 }' "$root/assets/present.txt")
nitems=$(echo "$items" | wc -l)
# Three checks a step, and the "gone" check for every step but the first of each walk.
plan $(( (nitems + 1) * 5 * 3 + (nitems * 5 - 1) + (5 - 1) + 3 ))
export WORKBOOK_STATE_DIR=$(mktemp -d)
trap 'tui_stop; rm -rf "$WORKBOOK_STATE_DIR"' EXIT

# The first non-blank line below the header: what a step shows first.
content() { screen | sed -n '2,17p' | grep -v '^ *$' | head -1; }
widest() { screen | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))'; }

# step HEADER: the header shows with something below it, nothing overflows, and the
# previous step's first line (when there was a previous step) is gone.
prev=""
first_step=1
step() {
    if wait_for "$1" 30; then ok "$1 shows"; else not_ok "$1 shows"; fi
    # A run step is read once its runs are over (no pending mark).
    case $1 in *"3/5"*) wait_gone "…" 30 ;; esac
    w=$(widest)
    check "$1: no line wider than 60 ($w)" [ "$w" -le 60 ]
    now_line=$(content)
    if [ -n "$now_line" ]; then ok "$1: shows something below its header"
    else not_ok "$1: shows something below its header"; diag "$(screen)"; fi
    if [ $first_step -eq 0 ]; then
        if [ -z "$prev" ]; then
            not_ok "$1: the previous step's line is gone (the previous step showed nothing)"
        elif screen | grep -qxF -- "$prev"; then
            not_ok "$1: the previous step's line is gone ($prev)"; diag "$(screen)"
        else
            ok "$1: the previous step's line is gone ($prev)"
        fi
    fi
    first_step=0
    prev=$now_line
}

tui_start 60 18
keys "$WORKBOOK present --replay" Enter
first=1
for item in $items; do
    for k in 1 2 3 4 5; do
        [ $first -eq 1 ] || keys n
        first=0
        step "$(echo "$item" | tr '_' ' ') · $k/5"
    done
done
check "the replay is marked recorded" sh -c "tmux -L $tmux_sock capture-pane -p -t wb | grep -q recorded"
keys q
wait_for wbprompt 5

# Live: lesson 01 runs for real (the C program, and node when it is installed).
keys "$WORKBOOK present" Enter
prev=""
first_step=1
for k in 1 2 3 4 5; do
    [ $k -eq 1 ] || keys n
    step "lesson 1 · $k/5"
done
check "the takeaway shows the lateness" sh -c "tmux -L $tmux_sock capture-pane -p -t wb | grep -q 'ms late'"
keys q
check "q quits" wait_for wbprompt 5
