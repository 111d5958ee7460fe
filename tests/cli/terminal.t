#!/bin/sh
# The terminal survives whatever happens to the workbook, tested in tmux: SIGINT,
# SIGTERM and SIGHUP while idle and while a lesson runs (the exit status says which,
# the terminal is sane, the alternate screen is left, no lesson process stays);
# Ctrl-Z and fg (a sane shell while stopped, a full redraw after, keys still work);
# a storm of resizes; a 20x8 window; TERM=dumb and an unknown TERM (a message, exit
# 2); NO_COLOR (no colour in the cells); a C locale (ASCII stand-ins, no mojibake).
. "$(dirname "$0")/tap.sh"
root=$(repo_root)
. "$root/tests/tui/tmux.sh"
tmux_sock="wbterm-$$"

tmp=$(mktemp -d /tmp/workbook-terminal.XXXXXX)
trap 'tui_stop; rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
book="$tmp/root"
# A copy of its own, named like the original: a rebuild elsewhere during the test
# cannot pull the binary away from under it.
cp "$WORKBOOK" "$(dirname "$WORKBOOK")/libobserve.so" "$tmp/"
WORKBOOK="$tmp/workbook"

command -v tmux >/dev/null || skip_all "tmux is not installed"
plan 59

# A workbook of its own, so that its processes are found by their path and nobody
# else's are: a lesson that sleeps a minute, and one whose checks hold and fail.
mkdir -p "$book/lessons/01-sleeper" "$book/lessons/02-marks" "$book/exercises"
cp -r "$root/lessons/common" "$book/lessons/"
for d in "$book"/lessons/0*; do
    echo 'include ../common/lesson.mk' >"$d/Makefile"
done
printf '# Lesson 01: a long sleep\n\nIt sleeps a minute.\n' >"$book/lessons/01-sleeper/lesson.md"
printf 'title   It sleeps.\ntimeout 120\nextra-lines ok\n' >"$book/lessons/01-sleeper/sleeper.expect"
cat >"$book/lessons/01-sleeper/sleeper.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("sleeping now\n");
    sleep(60);
    return 0;
}
EOF
printf '# Lesson 02: marks\n\nOne check holds, one fails.\n' >"$book/lessons/02-marks/lesson.md"
printf 'title   One check holds, one fails.\nline    value {v:int}\nexpect  v == 5\nexpect  v == 6\n' \
    >"$book/lessons/02-marks/marks.expect"
cat >"$book/lessons/02-marks/marks.c" <<'EOF'
#include <stdio.h>

int main(void)
{
    int v = 2 + 3;
    printf("value %d\n", v);
    return 0;
}
EOF
for d in "$book"/lessons/0*; do
    make -s -C "$d" >/dev/null || diag "cannot build $d"
done

# The workbook started by the pane's shell: never a global search, other workbooks run here.
wbpid() { pgrep -P "$(tm display -p -t wb '#{pane_pid}')" -x workbook; }
lessons_left() { pgrep -f "$book/build/lessons" >/dev/null; }
# no_lesson_left: polls (3 s at most) until no process of this book's lessons runs.
no_lesson_left() {
    deadline=$(($(date +%s) + 3))
    while [ "$(date +%s)" -le "$deadline" ]; do
        lessons_left || return 0
        sleep 0.05
    done
    pgrep -af "$book/build/lessons" | sed 's/^/# left: /'
    return 1
}
# sane MARK: the shell has the terminal back: its prompt, no alternate screen, the
# line discipline in canonical mode with echo, and stdin left blocking.
sane() {
    keys "stty -a | tr ' ' '\n' | grep -x -e icanon -e echo | tr '\n' ' '; echo '$1'" Enter
    wait_for "icanon echo $1" 5 || return 1
    [ "$(tm display -p -t wb '#{alternate_on}')" = 0 ] || { diag "still in the alternate screen"; return 1; }
    ! screen | grep -q NDELAY || { diag "stdin was left non-blocking"; return 1; }
}
start() { keys "clear; cd '$book' && WORKBOOK_ROOT='$book' $* '$WORKBOOK'; echo \"rc=\$?.\"" Enter; }
# has_colour: the pane's cells (capture-pane -e) carry a foreground or background colour.
has_colour() {
    esc=$(printf '\033')
    tm capture-pane -e -p -t wb | grep -o "$esc\[[0-9;]*m" | tr -d "$esc[m" | tr ';' '\n' |
        grep -qxE '3[0-8]|4[0-8]|9[0-7]|10[0-7]'
}
no_colour() { ! has_colour; }
# nothing_drawn MARK: no screen of the workbook, no colour, and the terminal is sane.
nothing_drawn() { ! screen | grep -q 'Wait or Work' && no_colour && sane "$1"; }
ascii_only() { ! screen | LC_ALL=C grep -q '[^ -~]'; }

# Signals: the exit status is 128 + the signal, and everything is given back.
tui_start 100 30
for sig in INT:130 TERM:143 HUP:129; do
    code=${sig#*:} sig=${sig%:*}
    for when in idle running; do
        start
        wait_for "Wait or Work" 10 >/dev/null
        if [ $when = running ]; then
            keys 1 Enter r
            wait_for "sleeping now" 20 >/dev/null
            lessons_left || diag "the sleeper is not running"
        fi
        pid=$(wbpid)
        kill -s "$sig" "$pid"
        check "SIG$sig while $when: the workbook exits with $code" wait_for "rc=$code." 5
        check "SIG$sig while $when: the terminal is restored" sane "$sig-$when"
        if [ $when = running ]; then
            check "SIG$sig while running: no lesson process is left" no_lesson_left
        fi
    done
done

# Ctrl-C typed in the terminal while a lesson runs: the same as SIGINT.
start
wait_for "Wait or Work" 10 >/dev/null
keys 1 Enter r
wait_for "sleeping now" 20 >/dev/null
keys C-c
check "Ctrl-C while running: the workbook exits with 130" wait_for "rc=130." 5
check "Ctrl-C while running: the terminal is restored" sane ctrl-c
check "Ctrl-C while running: no lesson process is left" no_lesson_left

# Ctrl-Z and fg, idle and while a lesson runs.
start
wait_for "Wait or Work" 10 >/dev/null
keys C-z
check "Ctrl-Z: the shell reports the workbook stopped" wait_for "Stopped" 5
check "Ctrl-Z: the terminal is sane while it is stopped" sane stopped
keys clear Enter
keys fg Enter
check "fg: the catalog is drawn again" wait_for "01   sleeper" 5
check "fg: the status line is drawn again" wait_for "q quit" 5
keys '?'
check "fg: keys still work (? opens the help)" wait_for "jump to that lesson" 5
keys Escape 1 Enter r
wait_for "sleeping now" 20 >/dev/null
keys C-z
check "Ctrl-Z while running: the shell comes back" wait_for "Stopped" 5
check "Ctrl-Z while running: the terminal is sane" sane stopped-running
keys clear Enter "fg; echo \"rc=\$?.\"" Enter
check "fg while running: the run screen is drawn again" wait_for "sleeping now" 5
keys x
check "fg while running: x still cancels the run" no_lesson_left
keys q
check "fg, then q: fg's exit status is the workbook's, 0" wait_for "rc=0." 5
check "fg, then q: the terminal is restored" sane fg

# A storm of resizes: 20 changes in a row, then the screen must become the one a
# fresh start at the final size draws (the status line's lag figure aside).
resize 77 23
start
wait_for "? help  q quit" 10 >/dev/null
screen | sed '$d' >"$tmp/fresh.screen"
keys q
wait_for "rc=0." 5 >/dev/null
resize 100 30
start
wait_for "? help  q quit" 10 >/dev/null
for i in 1 2 3 4 5; do
    resize 20 8
    resize 30 10
    resize 100 30
    resize 61 19
done
resize 77 23
# like_fresh: polls (5 s at most) until the screen is the fresh one.
like_fresh() {
    deadline=$(($(date +%s) + 5))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | sed '$d' >"$tmp/storm.screen"
        cmp -s "$tmp/storm.screen" "$tmp/fresh.screen" && return 0
        sleep 0.05
    done
    diag "$(diff "$tmp/fresh.screen" "$tmp/storm.screen" | head -30)"
    return 1
}
check "resize storm: the final screen is the one a fresh start at 77x23 draws" like_fresh
pid=$(wbpid)
check "resize storm: the workbook is still running" kill -0 "$pid"
keys q
check "resize storm: q then exits with 0" wait_for "rc=0." 5
# The same while a lesson streams into its pseudo-terminal.
start
wait_for "Wait or Work" 10 >/dev/null
keys 1 Enter r
wait_for "sleeping now" 20 >/dev/null
for i in 1 2 3 4 5; do
    resize 20 8
    resize 100 30
    resize 30 10
    resize 61 19
done
resize 100 30
check "resize storm while running: the run screen is drawn at 100x30" wait_for "sleeping now" 5
keys q
check "resize storm while running: q exits with 0" wait_for "rc=0." 5
check "resize storm while running: no lesson process is left" no_lesson_left

# The terminal closed under a running lesson (the pane killed: SIGHUP and a hung-up
# terminal at once): the workbook and its lesson go.
start
wait_for "Wait or Work" 10 >/dev/null
keys 1 Enter r
wait_for "sleeping now" 20 >/dev/null
tm kill-pane -t wb
gone() {
    deadline=$(($(date +%s) + 3))
    while [ "$(date +%s)" -le "$deadline" ]; do
        pgrep -f "$WORKBOOK" >/dev/null || lessons_left || return 0
        sleep 0.05
    done
    pgrep -af "$tmp" | sed 's/^/# left: /'
    return 1
}
check "terminal closed while running: no workbook and no lesson process is left" gone
tui_stop

# A 20x8 window from the start: the notice, every word of it on screen.
tui_start 20 8
start
check "20x8: the notice asks for a larger window" wait_for "larger" 10
check "20x8: the notice begins on screen" wait_for "make the window" 1
check "20x8: the notice says how to quit" wait_for "q quits" 1
keys q
check "20x8: q exits with 0" wait_for "rc=0." 5
check "20x8: the terminal is restored" sane small
tui_stop

tui_start 100 30
# Terminals that cannot show the screens: a message that says what to do, exit 2.
start TERM=dumb
check "TERM=dumb: exit status 2" wait_for "rc=2." 5
check "TERM=dumb: a message says the terminal cannot move the cursor" \
    wait_for "(TERM=dumb) cannot move the cursor" 1
check "TERM=dumb: nothing is drawn, no colour, the terminal is sane" nothing_drawn dumb
start TERM=nosuchterm
check "TERM=nosuchterm: exit status 2" wait_for "rc=2." 5
check "TERM=nosuchterm: a message says the type is not known" \
    wait_for "TERM=nosuchterm is not known here" 1
check "TERM=nosuchterm: nothing is drawn, no colour, the terminal is sane" nothing_drawn unknown

# Colour: present by default (so that the test below can see it), absent with NO_COLOR.
start
wait_for "q quit" 10 >/dev/null
check "colour: without NO_COLOR the cells are coloured" has_colour
keys q
wait_for "rc=0." 5 >/dev/null
start NO_COLOR=1
wait_for "q quit" 10 >/dev/null
check "NO_COLOR=1: the catalog has no colour" no_colour
keys 2 Enter r
wait_for "checks failed" 20 >/dev/null
check "NO_COLOR=1: the run screen with its verdicts has no colour" no_colour
keys q
check "NO_COLOR=1: q exits with 0" wait_for "rc=0." 5

# A C locale: ASCII stand-ins for the marks, rules and arrows; no byte outside ASCII.
start LANG=C LC_ALL=C
check "C locale: the title's dash is ASCII" wait_for "Wait or Work - is this work" 10
check "C locale: the key hints' arrows are ASCII" wait_for "^v move" 1
keys 2 Enter r
check "C locale: the failed check is marked X" wait_for "X 1 of 2 checks failed" 20
check "C locale: the check that held is marked +" has "$(screen)" '+  the number in .*: exactly 5$'
check "C locale: the rules are ASCII" has "$(screen)" '^- marks\.c .*----------'
check "C locale: no byte outside ASCII on the screen" ascii_only
keys q
check "C locale: q exits with 0" wait_for "rc=0." 5
check "C locale: the terminal is restored" sane locale
