#!/bin/sh
# The workbook's screens: the real program in tmux at 100x30 and 60x18 (open, move, run
# lesson 04 and see the late heartbeat with its expected value, check exercise 1's stub
# and see ✗ with a hint, resize to 30x10 and back, quit and find the terminal sane),
# then headless screens compared with the files in tests/tui/.
. "$(dirname "$0")/tap.sh"
root=$(repo_root)
. "$root/tests/tui/tmux.sh"

tmp=$(mktemp -d)
trap 'tui_stop; rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"

n_exercises=$(ls -d "$root"/exercises/[0-9]*-*/ | wc -l)
headless_cases=$(ls "$root"/tests/tui/*.keys 2>/dev/null)
n_headless=$(echo $headless_cases | wc -w)
plan $((2 * 12 + n_headless + 2))

if ! command -v tmux >/dev/null; then
    skip $((2 * 12)) "tmux is not installed"
else
    for size in 100x30 60x18; do
        cols=${size%x*} rows=${size#*x}
        tui_start "$cols" "$rows"
        keys "cd '$root' && '$WORKBOOK'" Enter
        check "$size: the catalog opens" wait_for "Wait or Work"
        keys j j k
        keys 4 Enter
        check "$size: 4 and Enter open lesson 04's text" wait_for "04 starvation"
        keys r
        check "$size: r builds and runs blocked.c" wait_for "heartbeat 1 at" 60
        check "$size: the run ends with a summary" wait_for "offloaded.c · done" 60
        # The panes follow the output; scrolling up brings heartbeat 1 and its checks back.
        press_until k "at least 200 ms late"
        check "$size: the late heartbeat's check reads as its sentence, marked" \
            sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | grep -qE '(✓|✗) +heartbeat 1 came at least 200 ms late'"
        # R shows the rules: the subject, its value, the expected value and the delta.
        keys R
        press_until k "exp >= 200"
        check "$size: R shows the late heartbeat's rule, expected value and delta" \
            sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | grep -qE 'late [0-9]+ +exp >= 200.*Δ'"
        keys R
        keys Escape Escape
        # The last exercise is at the bottom (G); exercise 1 is that many rows up.
        keys G
        i=1; while [ $i -lt "$n_exercises" ]; do keys k; i=$((i + 1)); done
        keys Enter
        check "$size: exercise 1 opens" wait_for "ex1 collatz"
        keys c
        check "$size: checking the stub shows ✗ with a hint" wait_for "largest OpenMP team" 60
        resize 30 10
        check "$size: at 30x10 a notice asks for a larger window" wait_for "make the window larger"
        resize "$cols" "$rows"
        check "$size: back to $size, the exercise is drawn again" wait_for "ex1 collatz"
        keys q
        check "$size: q gives the shell prompt back" wait_for "wbprompt$" 5
        keys "stty -a | tr ' ' '\n' | grep -x -e icanon -e echo | tr '\n' ' '; echo" Enter
        check "$size: the terminal is sane (icanon echo)" wait_for "icanon echo" 5
        tui_stop
    done
fi

# Headless screens: each NAME.keys is a key script; its screens must equal NAME.screen.
for k in $headless_cases; do
    name=$(basename "$k" .keys)
    size=$(sed -n 's/^# size: //p' "$k")
    sh "$root/tests/tui/headless.sh" "$k" "$tmp/$name.out"
    if cmp -s "$tmp/$name.out" "${k%.keys}.screen"; then
        ok "headless $name: the screens match tests/tui/$name.screen"
    else
        not_ok "headless $name: the screens match tests/tui/$name.screen"
        diag "$(diff "${k%.keys}.screen" "$tmp/$name.out" | head -40)"
    fi
done

# Nothing reaches stdout or stderr while the screens are up.
WORKBOOK_HEADLESS=1 WORKBOOK_KEYS='4<enter>v<esc><esc>?<esc>q' "$WORKBOOK" --no-color \
    >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
check "headless: exit status 0 after q" test $? -eq 0
check "headless: nothing written to stdout or stderr" test ! -s "$tmp/stdout" -a ! -s "$tmp/stderr"
