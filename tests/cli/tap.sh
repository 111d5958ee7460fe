# A little TAP for the shell tests: plan, ok, not_ok, diag, and where things are.
# Each test script sources this; prove runs them. $WORKBOOK is the runner under test.
: "${WORKBOOK:?set WORKBOOK to the workbook binary (make check does)}"
tap_n=0
plan() { echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); echo "not ok $tap_n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
repo_root() { cd "$(dirname "$0")/../.." && pwd; }
# ONLY=WORD (make cli T=check ONLY=1-racy) runs only the tests whose names hold WORD;
# the others are reported as skipped, so the plan still adds up. Scripts skip the work of
# a whole item (an exercise, a known-wrong program, a fixture) with selected/unselected;
# check skips its command. A check named "... more" belongs with the one before it.
# selected NAME: whether NAME is to be run.
selected() { [ -z "${ONLY:-}" ] || case $1 in *"$ONLY"*) true ;; *) false ;; esac; }
# unselected N NAME: N tests of NAME, reported skipped because ONLY left them out.
unselected() {
    unselected_i=0
    while [ "$unselected_i" -lt "$1" ]; do
        tap_n=$((tap_n + 1))
        echo "ok $tap_n # SKIP $2: not selected by ONLY=$ONLY"
        unselected_i=$((unselected_i + 1))
    done
}
check_selected=true
# check NAME COMMAND...: ok when the command succeeds.
check() {
    name=$1; shift
    case $name in
        ...*) ;;
        *) if selected "$name"; then check_selected=true; else check_selected=false; fi ;;
    esac
    if ! $check_selected; then unselected 1 "$name"; return 0; fi
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# has TEXT PATTERN: the text contains a line matching the (basic) regular expression.
has() { printf '%s\n' "$1" | grep -q -- "$2"; }

# Tests that need a tool this machine lacks. Locally they are skipped. In CI (CI set and
# not empty), where every tool is installed on purpose, a missing one fails them, so that
# a green run there has really run every test.
# skip N REASON: N such tests.
skip() {
    skip_i=0
    while [ "$skip_i" -lt "$1" ]; do
        if [ -n "${CI:-}" ]; then
            not_ok "$2 (in CI a missing tool is a failure)"
        else
            tap_n=$((tap_n + 1))
            echo "ok $tap_n # SKIP $2"
        fi
        skip_i=$((skip_i + 1))
    done
}
# skip_all REASON: the whole script, before its plan; ends it.
skip_all() {
    if [ -n "${CI:-}" ]; then
        plan 1
        not_ok "$1 (in CI a missing tool is a failure)"
        exit 1
    fi
    echo "1..0 # SKIP $1"
    exit 0
}

# Clocks: now is seconds since the epoch with a fraction; elapsed START the seconds since
# START, to a hundredth; less_than A B holds when A < B, as decimals.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
