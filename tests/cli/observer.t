#!/bin/sh
# The observer (observer/observe.c) never changes what a program does. Each fixture in
# tests/observer is built as the checker builds a student's file and run twice, plain and
# with the observer preloaded: stdout, stderr and the exit status must be byte for byte
# the same, neither run may hang, and the log must hold what the fixture promises. Then
# `workbook check` judges each fixture against its own .expect, whose objectives are the
# facts the reader must find in the log (a temporary workbook, one exercise per fixture).
# Last, each fixture runs under the observer built with ASan and UBSan: the same output and
# status, and no report.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
lib=$(dirname "$WORKBOOK")/libobserve.so
tmp=$(mktemp -d /tmp/workbook-observer.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
export WORKBOOK_ROOT="$tmp/root"

fixtures="quiet fork flood crash close-fds dup2-high closed-handle"
# 9 per fixture, and the fixtures' own: quiet 1, fork 1, flood 2, crash 2, close-fds 1,
# dup2-high 1, closed-handle 1.
plan $((7 * 9 + 9))

# The observer's size cap (OBSERVE_CAP in observer/observe.c).
cap=$((8 << 20))

mkdir -p "$WORKBOOK_ROOT/lessons" "$WORKBOOK_ROOT/exercises"
cp -r "$root/lessons/common" "$WORKBOOK_ROOT/lessons/"
# The checker's recipe (toolchain.sh): `$cc $cflags -o BIN FILE $libs`.
recipe=$(sh "$root/lessons/common/toolchain.sh")
recipe() { printf '%s\n' "$recipe" | sed -n "s/^$1=//p"; }

# The observer built with ASan and UBSan (a report aborts), and the ASan runtime, which
# must be loaded first; ASan leaves the program's own SIGSEGV alone and does not judge its
# leaks.
san_lib="$tmp/san/libobserve.so"
mkdir -p "$tmp/san"
cc -std=gnu11 -O1 -g -fPIC -shared -D_GNU_SOURCE -fsanitize=address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer $(pkg-config --cflags libuv) \
    -o "$san_lib" "$root/observer/observe.c" -ldl -pthread 2>"$tmp/san/cc.err" || san_lib=
san_preload="$(cc -print-file-name=libasan.so) $san_lib"
export ASAN_OPTIONS=handle_segv=0:detect_leaks=0:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# run NAME BIN [LIBS]: runs BIN (bounded, so that a hang fails rather than blocks) with its
# output in $tmp/NAME.{out,err,rc}, observed by LIBS when given; `timeout` execs `env`,
# which is not observed, and `env` execs the program with the observer's environment.
run() {
    name=$1 bin=$2
    shift 2
    (
        ulimit -c 0
        if [ $# -gt 0 ]; then
            rm -f "$tmp/$name.log"
            timeout 60 env LD_PRELOAD="$1" WORKBOOK_OBSERVE="$tmp/$name.log" "$bin" \
                >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
        else
            timeout 60 "$bin" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
        fi
        echo $? >"$tmp/$name.rc"
    ) 2>/dev/null
}

# objectives_pass N FILE: `workbook check N FILE` found every objective true.
objectives_pass() {
    "$WORKBOOK" --no-color check "$1" "$2" --format json >"$tmp/check.json" 2>&1
    python3 - "$tmp/check.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    print("# not JSON: " + open(sys.argv[1]).read()[:400].replace("\n", "\n# "))
    sys.exit(1)
bad = [c for c in d["checks"] if c["kind"] == "objective" and c["status"] != "pass"]
for c in bad:
    print("# %s: got %s" % (c["label"], c["actual"]))
sys.exit(1 if bad or not any(c["kind"] == "objective" for c in d["checks"]) else 0)
PY
}

i=1
for fx in $fixtures; do
    src="$root/tests/observer/$fx.c"
    bin="$tmp/$fx"
    # As the checker builds a student's file.
    $(recipe cc) $(recipe cflags) -o "$bin" "$src" $(recipe libs) 2>"$tmp/cc.err"
    check "$fx: builds" test -x "$bin"
    [ -s "$tmp/cc.err" ] && diag "$(cat "$tmp/cc.err")"

    run plain "$bin"
    run observed "$bin" "$lib"
    check "$fx: the plain run ends (exit $(cat "$tmp/plain.rc"))" test "$(cat "$tmp/plain.rc")" -ne 124
    check "$fx: the observed run ends (exit $(cat "$tmp/observed.rc"))" \
        test "$(cat "$tmp/observed.rc")" -ne 124
    check "$fx: stdout is the same, byte for byte" cmp -s "$tmp/plain.out" "$tmp/observed.out"
    check "$fx: stderr is the same, byte for byte" cmp -s "$tmp/plain.err" "$tmp/observed.err"
    check "$fx: the exit status is the same" cmp -s "$tmp/plain.rc" "$tmp/observed.rc"
    check "$fx: the log begins with the program's hello" \
        sh -c "head -n 1 '$tmp/observed.log' | grep -q '^[0-9]* [0-9]* hello [0-9]*\$'"

    mkdir -p "$WORKBOOK_ROOT/exercises/$i-$fx"
    cp "$src" "$root/tests/observer/$fx.expect" "$WORKBOOK_ROOT/exercises/$i-$fx/"
    check "$fx: workbook check finds the facts of $fx.expect" objectives_pass $i "$src"

    case $fx in
    quiet)
        check "quiet: nothing on stdout or stderr, observed" \
            test ! -s "$tmp/observed.out" -a ! -s "$tmp/observed.err"
        ;;
    fork)
        # The child's sleeps would be the only sleeps in the log.
        check "fork: nothing of the child in the log" sh -c "! grep -q ' sleep ' '$tmp/observed.log'"
        ;;
    flood)
        size=$(wc -c <"$tmp/observed.log")
        check "flood: the log stops at the cap ($size bytes, cap $cap)" test "$size" -le $cap
        check "flood: ... and says it was cut" sh -c "tail -n 1 '$tmp/observed.log' | grep -qx '0 0 cut'"
        ;;
    crash)
        check "crash: killed by SIGSEGV (exit 139), observed or not" test "$(cat "$tmp/observed.rc")" -eq 139
        check "crash: the job before the crash is in the log" grep -q ' after 1 0$' "$tmp/observed.log"
        ;;
    close-fds)
        check "close-fds: the log was reopened and has the job" grep -q ' work- 1$' "$tmp/observed.log"
        ;;
    dup2-high)
        check "dup2-high: the program's file holds its 32 lines and nothing else" \
            test "$(grep -c "^the program's line on fd" "$tmp/observed.out")" -eq 32 -a \
            "$(wc -l <"$tmp/observed.out")" -eq 33
        ;;
    closed-handle)
        check "closed-handle: the one call on a closed handle is uv_timer_start, in the log" \
            sh -c "test \"\$(grep -c ' onclosed ' '$tmp/observed.log')\" -eq 1 &&
                   grep -q ' onclosed uv_timer_start ' '$tmp/observed.log'"
        ;;
    esac

    if [ -z "$san_lib" ]; then
        skip 1 "$fx: the observer does not build with ASan and UBSan here ($(head -n 1 "$tmp/san/cc.err"))"
    else
        run san "$bin" "$san_preload"
        check "$fx: under the observer built with ASan and UBSan, the same output and status, and a log" \
            sh -c "cmp -s '$tmp/plain.out' '$tmp/san.out' && cmp -s '$tmp/plain.err' '$tmp/san.err' &&
                   cmp -s '$tmp/plain.rc' '$tmp/san.rc' && grep -q ' hello ' '$tmp/san.log'"
        cmp -s "$tmp/plain.err" "$tmp/san.err" || diag "$(head -n 20 "$tmp/san.err")"
    fi
    i=$((i + 1))
done
