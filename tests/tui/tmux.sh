# Driving the real workbook in a real terminal: tmux on a server of its own. Sourced by
# tests/cli/tui.t. Every wait polls capture-pane until the text appears or a deadline
# passes; nothing sleeps a fixed time and calls that a result.
tmux_sock="wbtest-$$"
tm() { tmux -L "$tmux_sock" "$@"; }

# tui_start COLS ROWS: a shell in a fresh session of that size, with a known prompt.
# Each start gets a server of its own: a server just told to exit may still be on its
# socket for a moment, and a session started there would die with it.
tui_starts=0
tui_start() {
    tui_stop
    tui_base=${tui_base:-$tmux_sock}
    tui_starts=$((tui_starts + 1))
    tmux_sock="$tui_base.$tui_starts"
    tm -f /dev/null new-session -d -s wb -x "$1" -y "$2" \
        "env -i PATH=\"$PATH\" HOME=\"$HOME\" TERM=xterm-256color LANG=C.UTF-8 \
         WORKBOOK_STATE_DIR=\"$WORKBOOK_STATE_DIR\" PS1='wbprompt\$ ' sh"
    tm set-option -g status off >/dev/null
}

# tui_stop: ends the server and removes its socket file, which tmux can leave behind.
tui_stop() {
    tm kill-server 2>/dev/null
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$tmux_sock"
}

screen() { tm capture-pane -p -t wb; }

# wait_for TEXT [SECONDS]: polls the screen until it holds the (fixed) text.
wait_for() {
    deadline=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    diag "waited for: $1" "screen was:" "$(screen)"
    return 1
}

# wait_gone TEXT [SECONDS]: polls until the text has left the screen.
wait_gone() {
    deadline=$(($(date +%s) + ${2:-10}))
    while [ "$(date +%s)" -le "$deadline" ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.05
    done
    diag "waited for this to go: $1" "screen was:" "$(screen)"
    return 1
}

# press_until KEY TEXT: presses KEY (at most 40 times) until TEXT is on the screen.
press_until() {
    i=0
    while [ $i -lt 40 ]; do
        screen | grep -qF -- "$2" && return 0
        tm send-keys -t wb "$1"
        sleep 0.05
        i=$((i + 1))
    done
    wait_for "$2" 2
}

keys() { tm send-keys -t wb "$@"; }
resize() { tm resize-window -t wb -x "$1" -y "$2"; }
