# A little TAP for the shell tests: plan, ok, not_ok, diag, and where things are.
# Each test script sources this; prove runs them. $WORKBOOK is the runner under test.
: "${WORKBOOK:?set WORKBOOK to the workbook binary (make check does)}"
tap_n=0
plan() { echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); echo "not ok $tap_n - $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
repo_root() { cd "$(dirname "$0")/../.." && pwd; }
# check NAME COMMAND...: ok when the command succeeds.
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
# has TEXT PATTERN: the text contains a line matching the (basic) regular expression.
has() { printf '%s\n' "$1" | grep -q -- "$2"; }
