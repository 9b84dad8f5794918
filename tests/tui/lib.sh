# SPDX-License-Identifier: MIT
# lib.sh: drives the real hwtop in a private tmux server, for tests/tui.
# Sourced by each test; needs HWTOP (the launcher) and TUI_APP (the
# fixture) in the environment, as CMake passes them.

if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed"
    exit 77
fi
if [ ! -x "$HWTOP" ] || [ ! -x "$TUI_APP" ]; then
    echo "SKIP: hwtop (${HWTOP:-unset}) or the fixture (${TUI_APP:-unset})" \
        "is not built"
    exit 77
fi

T="tmux -L hwtop-test-$$ -f /dev/null"
# tmux leaves its socket behind after kill-server: remove ours too.
sockets="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/hwtop-test-$$"
trap '$T kill-server 2>/dev/null; rm -f "$sockets" "$sockets-b"' EXIT

# The pane's text; with -e, its colours and attributes too.
screen() {
    $T capture-pane -p "$@" -t t 2>/dev/null
}

fail() {
    echo "FAIL: $*"
    echo "--- screen:"
    screen
    echo "---"
    exit 1
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# wait_for PATTERN [SECONDS]: until the screen matches (grep -E).
wait_for() {
    end=$(($(now_ms) + ${2:-10} * 1000))
    while ! screen | grep -qE -- "$1"; do
        [ "$(now_ms)" -ge "$end" ] && return 1
        sleep 0.05
    done
    return 0
}

# wait_gone PATTERN [SECONDS]: until the screen no longer matches.
wait_gone() {
    end=$(($(now_ms) + ${2:-10} * 1000))
    while screen | grep -qE -- "$1"; do
        [ "$(now_ms)" -ge "$end" ] && return 1
        sleep 0.05
    done
    return 0
}

# Line number (1-based) of the first line matching PATTERN, or 0.
line_of() {
    n=$(screen | grep -nE -- "$1" | head -n 1 | cut -d: -f1)
    echo "${n:-0}"
}

# start [ENV=...] -- HWTOP_ARGS...: hwtop in a 120x40 pane, then its exit
# status and the terminal modes, and a shell that waits to be looked at.
start() {
    env_vars=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        env_vars="$env_vars $1"
        shift
    done
    [ "$1" = "--" ] && shift
    # One string: tmux runs it with the shell.
    cmd="env LC_ALL=C.UTF-8 $env_vars $HWTOP $*; echo EXIT=\$?;"
    cmd="$cmd echo STTY: \$(stty -a | tr ' ;' '\n\n' |"
    cmd="$cmd grep -xE -- '-?(echo|icanon)' | sort | tr '\n' ' '); sleep 600"
    $T new-session -d -s t -x 120 -y 40 "$cmd" || fail "tmux did not start"
}

# True when the screen shows a colour (SGR 30-38, 40-48, 90-107).
has_colour() {
    sgr="(3[0-8]|4[0-8]|9[0-7]|10[0-7])"
    screen -e | grep -qE "$(printf '\033')\\[([0-9]+;)*$sgr(;[0-9]+)*m"
}

# q, then hwtop must be gone with STATUS and the terminal as it was.
quit_and_check() {
    $T send-keys -t t q
    wait_for "^EXIT=$1\$" 10 || fail "q did not end hwtop with status $1"
    check_clean
}

# hwtop is gone: the terminal must be as it was before.
check_clean() {
    wait_for '^STTY: ' 5 || fail "no terminal modes after hwtop"
    screen | grep -qE '^STTY: echo icanon *$' ||
        fail "the terminal was left without echo or line editing"
    screen | grep -qE 'F1Help|REGION' && fail "the TUI is still on screen"
    [ "$($T display -p -t t '#{alternate_on}')" = 0 ] ||
        fail "the alternate screen is still on"
    [ "$($T display -p -t t '#{cursor_flag}')" = 1 ] ||
        fail "the cursor is still hidden"
    return 0
}
