#!/bin/sh
# Bad programs in the workbook screen: the fixtures of tests/faults run one after
# another as lessons of a temporary workbook, opened in tmux at 100x30 (the same
# fixtures faults.t runs through `workbook check` and `workbook run`). For each: the
# run ends (or x cancels it) within a bound, what it printed is shown inert and its
# verdict named, no process of the workbook is left, and the screen still answers:
# q exits with 0 and the shell finds its terminal sane. escape-codes must leave the
# workbook's header, status line and colours alone; flood must leave the screen
# quick to answer a key, while it runs and after.
. "$(dirname "$0")/tap.sh"
root=$(repo_root)
. "$root/tests/tui/tmux.sh"
tmux_sock="wbfaults-$$"

tmp=$(mktemp -d /tmp/workbook-tuifaults.XXXXXX)
trap 'tui_stop; rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
book="$tmp/root"
# A copy of its own: a rebuild elsewhere during the test cannot pull it away.
cp "$WORKBOOK" "$(dirname "$WORKBOOK")/libobserve.so" "$tmp/"
WORKBOOK="$tmp/workbook"

# The fixtures, in the order they run.
fixtures="escape-codes invalid-utf8 flood long-line infinite-loop sleep-forever segfault abort
grandchild reads-stdin no-newline close-stdout"
command -v tmux >/dev/null || skip_all "tmux is not installed"

# One lesson per fixture, numbered in that order. The time limit is long enough that
# what ends a run is the fixture's own fault (or x), never the limit; the two that
# would run for ever get a minute, so that only x can end them within the test. Each
# is built here, so that the make behind r has nothing to do and a bound times the run.
mkdir -p "$book/lessons" "$book/exercises"
cp -r "$root/lessons/common" "$book/lessons/"
i=1
for fx in $fixtures; do
    d="$book/lessons/$(printf %02d $i)-$fx"
    mkdir -p "$d"
    cp "$root/tests/faults/$fx.c" "$d/"
    echo 'include ../common/lesson.mk' >"$d/Makefile"
    limit=10
    case $fx in infinite-loop | sleep-forever) limit=60 ;; esac
    printf 'title   Fault fixture %s.\ntimeout %s\nextra-lines ok\n' "$fx" "$limit" >"$d/$fx.expect"
    make -s -C "$d" >/dev/null 2>&1 || diag "cannot build $d"
    i=$((i + 1))
done

# wait_until TEXT SECONDS: like wait_for, to a fraction of a second.
wait_until() {
    deadline=$(awk -v a="$(now)" -v b="$2" 'BEGIN { printf "%.3f", a + b }')
    while less_than "$(now)" "$deadline"; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.02
    done
    screen | grep -qF -- "$1" && return 0
    diag "waited $2 s for: $1" "screen was:" "$(screen)"
    return 1
}
# left_running: polls (3 s at most) until no process of this workbook's root runs;
# true, with the processes listed, when some still do.
left_running() {
    deadline=$(($(date +%s) + 3))
    while [ "$(date +%s)" -le "$deadline" ]; do
        pgrep -f "$book" >/dev/null || return 1
        sleep 0.05
    done
    pgrep -af "$book" | sed 's/^/# left: /'
    return 0
}
no_process_left() { ! left_running; }
running() { pgrep -f "$book/build" >/dev/null; }
# sane MARK: the shell has the terminal back: its prompt, canonical mode with echo,
# no alternate screen.
sane() {
    keys "stty -a | tr ' ' '\n' | grep -x -e icanon -e echo | tr '\n' ' '; echo '$1'" Enter
    wait_for "icanon echo $1" 5 || return 1
    [ "$(tm display -p -t wb '#{alternate_on}')" = 0 ] || { diag "still in the alternate screen"; return 1; }
}
# on_screen TEXT: the text is on the screen now.
on_screen() {
    screen | grep -qF -- "$1" && return 0
    diag "not on the screen: $1" "screen was:" "$(screen)"
    return 1
}
# open N FIXTURE: starts the workbook, selects lesson N (g, then j) and runs it with r;
# $started is when r was pressed.
open() {
    keys "clear; cd '$book' && WORKBOOK_ROOT='$book' '$WORKBOOK'; echo \"rc=\$?.\"" Enter
    wait_for "Wait or Work" 10 >/dev/null
    keys g
    j=1
    while [ $j -lt "$1" ]; do
        keys j
        j=$((j + 1))
    done
    wait_for "$(printf %02d "$1")   $2" 5 >/dev/null
    started=$(now)
    keys r
}
# ended FIXTURE BOUND [TEXT]: waits for the run's summary (TEXT: "done in" by default)
# for up to 10 s more than BOUND, so that what follows sees the end even when it was
# late; $took is how long after r it came (the caller compares it with the bound).
ended() {
    wait_until "${3:-$1.c · done in}" "$(($2 + 10))"
    took=$(elapsed "$started")
}
# finish FIXTURE: no process left; q exits with 0 and the terminal is sane.
finish() {
    check "$1: no process of the workbook is left" no_process_left
    keys q
    if wait_for "rc=0." 5 && sane "$1"; then
        ok "$1: q exits with 0 and the terminal is sane"
    else
        not_ok "$1: q exits with 0 and the terminal is sane"
    fi
}
esc=$(printf '\033')
# program_colours: SGR sequences in the pane's cells (capture-pane -e) that the
# escape-codes fixture asks for: red (31), colour 208, reverse (7). The workbook's
# own screen, on a passed run, uses none of them.
program_colours() {
    tm capture-pane -e -p -t wb | grep -o "$esc\[[0-9;]*m" | tr -d "$esc[m" |
        grep -E '(^|;)(31|7)(;|$)|38;5;208'
}
no_program_colours() {
    found=$(program_colours)
    [ -z "$found" ] && return 0
    diag "colours the program set: $(echo $found)"
    return 1
}
# program_text_plain: on each line that shows a program's escape ("^["), the cells
# from there to the end of the line carry no attribute at all.
program_text_plain() {
    bad=$(tm capture-pane -e -p -t wb | grep -F '^[' | sed 's/^[^^]*\^\[//' | grep -c "$esc")
    [ "$bad" -eq 0 ] && return 0
    diag "$bad line(s) with attributes inside the program's text"
    return 1
}
# ascii_output: the program's output lines (" NNN ms  text") hold printable ASCII only,
# but for the "…" the workbook puts at the end of a line wider than the pane.
ascii_output() {
    bad=$(screen | grep -E '^ +[0-9]+ ms  ' | sed 's/…$//' | LC_ALL=C grep -c '[^ -~]')
    [ "$bad" -eq 0 ] && return 0
    diag "$bad output line(s) with bytes outside printable ASCII:" \
        "$(screen | grep -E '^ +[0-9]+ ms  ' | LC_ALL=C grep '[^ -~]')"
    return 1
}
within() { less_than "$took" "$1"; }
# help_within SECONDS: ? opens the help within that time, and the next key closes it;
# $took is how long the help took to show.
help_within() {
    t0=$(now)
    keys '?'
    wait_until "jump to that lesson" "$1" || return 1
    took=$(elapsed "$t0")
    keys Escape
    wait_gone "jump to that lesson" "$1" >/dev/null
}

tui_start 100 30
n=0
for fx in $fixtures; do
    n=$((n + 1))
    bound=$(sed -n 's/^ \* within: \([0-9.]*\).*/\1/p' "$root/tests/faults/$fx.c")
    bound=${bound:-3}
    open $n "$fx"
    case $fx in
    escape-codes)
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: each ESC shows as ^[ (clear and home)" on_screen "^[[2J^[[H clear and home"
        check "$fx: the colour codes show as text, whole" \
            on_screen "^[[1;31mred^[[0m ^[[38;5;208morange^[[0m ^[[7mreverse^[[0m"
        check "$fx: the title, bell, backspace and return show as ^[ ^G ^H ^M" \
            sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | grep -qF '^[]0;a new title^G window title' &&
                   tmux -L '$tmux_sock' capture-pane -p -t wb | grep -qF 'bell ^G and erase ^H^H and back^Mover'"
        check "$fx: the workbook's header is still on the first row" \
            sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | sed -n 1p | grep -q '^ 01 escape-codes'"
        check "$fx: the status line is still on the last row" \
            sh -c "tmux -L '$tmux_sock' capture-pane -p -t wb | sed -n 30p | grep -q '^ r run again  x cancel'"
        check "$fx: no colour or reverse the program asked for is in the cells" no_program_colours
        check "$fx: the program's text carries no attribute at all" program_text_plain
        title=$(tm display -p -t wb '#{pane_title}|#{alternate_on}')
        check "$fx: the window title is untouched and the alternate screen kept ($title)" \
            sh -c "! echo '$title' | grep -q 'title|' && echo '$title' | grep -q '|1\$'"
        ;;
    invalid-utf8)
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: invalid bytes show as \\xNN, NUL as ^@, DEL as ^?" \
            on_screen 'bad \xff\xfe utf-8 \xc3( nul ^@ del ^? c1 \xc2\x9b end'
        check "$fx: binary bytes show as ^A and \\xNN" on_screen 'binary ^A^B^C\x80\x81\xfe\xff'
        check "$fx: the output lines are printable ASCII (no mojibake)" ascii_output
        check "$fx: the run says how the program ended" on_screen "exited with status 0"
        ;;
    flood)
        # At once, while it floods: the help must come within a second.
        if help_within 1; then
            ok "$fx: while it runs, ? opens the help in $took s (under 1 s)"
        else
            not_ok "$fx: while it runs, ? opens the help within 1 s"
        fi
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: the output is cut and the run says where" on_screen "output cut at 4194304 bytes"
        # After: 40,000 lines on the screen's hands, and still every key answered at once.
        if help_within 1; then
            ok "$fx: after the run, ? opens the help in $took s (under 1 s)"
        else
            not_ok "$fx: after the run, ? opens the help within 1 s"
        fi
        t0=$(now)
        keys k k k G
        if help_within 1; then
            ok "$fx: scrolling, then ? opens the help in $(elapsed "$t0") s"
        else
            not_ok "$fx: scrolling, then ? opens the help within 1 s"
        fi
        lag=$(screen | sed -n 's/.*lag \([0-9.]*\) ms.*/\1/p')
        check "$fx: the status line's loop lag is under 250 ms (${lag:-none} ms)" less_than "${lag:-1000}" 250
        ;;
    long-line)
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: the output is cut and the run says where" on_screen "output cut at 4194304 bytes"
        check "$fx: the line says it was cut" on_screen "[line cut]"
        check "$fx: the line's start is shown" on_screen "ms  xxxxxxxxxxxxxxxxxxxx"
        ;;
    infinite-loop | sleep-forever)
        case $fx in
        infinite-loop) wait_until "$fx.c · running" 5 >/dev/null ;;
        sleep-forever)
            check "$fx: its line shows while it sleeps" wait_until "going to sleep" 5
            ;;
        esac
        check "$fx: it is running when x is pressed" running
        started=$(now)
        keys x
        ended "$fx" 2 "cancelled: the process group was killed"
        check "$fx: x cancels it, the screen says so in $took s (under 2 s)" within 2
        check "$fx: the pane says it is done" on_screen "$fx.c · done in"
        ;;
    segfault | abort)
        sig=SIGSEGV line="about to crash"
        [ $fx = abort ] && sig=SIGABRT line="checking the answers"
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: the summary names $sig" on_screen "killed by $sig"
        check "$fx: the line before the crash is shown" on_screen "$line"
        if [ $fx = abort ]; then
            check "$fx: the assertion's message, on stderr, is shown" \
                on_screen "Assertion \`answers > 0' failed"
        else
            check "$fx: the pane says it is done" on_screen "$fx.c · done in"
        fi
        ;;
    grandchild)
        ended "$fx" "$bound"
        check "$fx: the run ends when the parent exits, in $took s (under $bound s)" within "$bound"
        check "$fx: the parent's line is shown" on_screen "parent done"
        check "$fx: the summary says it exited with 0" on_screen "exited with status 0"
        ;;
    reads-stdin)
        ended "$fx" "$bound"
        check "$fx: the run ends (stdin is /dev/null), in $took s (under $bound s)" within "$bound"
        check "$fx: it read nothing" on_screen "read 0 bytes from stdin"
        check "$fx: the summary says it exited with 0" on_screen "exited with status 0"
        ;;
    no-newline)
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: the last line, without its newline, is shown" on_screen "ms  n = 77031 has 350 steps"
        check "$fx: the summary says it exited with 0" on_screen "exited with status 0"
        ;;
    close-stdout)
        ended "$fx" "$bound"
        check "$fx: the run ends, in $took s (under $bound s)" within "$bound"
        check "$fx: the line before the close is shown" on_screen "before closing"
        check "$fx: what it wrote to stderr after is shown" on_screen "stdout is closed; still working"
        check "$fx: the summary says it exited with 0" on_screen "exited with status 0"
        ;;
    esac
    finish "$fx"
done
plan $tap_n
