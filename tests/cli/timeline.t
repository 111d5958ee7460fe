#!/bin/sh
# The timeline and the trace: `workbook run 04 --timeline` draws both variants on one
# axis, readable without colour; `--trace FILE` writes Chrome trace-event JSON that
# python3 parses back, with the spans, events and output lines of the runs.
. "$(dirname "$0")/tap.sh"

plan 10
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(COLUMNS=60 "$WORKBOOK" --no-color run 04 --timeline --trace "$tmp/t.json" 2>&1)
rc=$?
check "run 04 --timeline --trace exits 0" [ $rc -eq 0 ]
timeline=$(printf '%s\n' "$out" | sed -n '/^timeline$/,/^trace written/p' | sed '$d')
check "a timeline follows the tables" has "$timeline" '^offloaded'
check "the blocked heartbeats are shown late, in ms" has "$timeline" 'heartbeat 1 .*·─*● +2[0-9][0-9]'
check "an offloaded heartbeat sits on its wanted mark" has "$timeline" 'heartbeat [123] .*[◆]\|heartbeat [123] .*·● +[0-9]$'
check "a legend says what the glyphs mean" has "$timeline" '· wanted  ● happened  ◆ on time  ━ work  ▓ blocked'
wide=$(printf '%s\n' "$timeline" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
check "the timeline fits 60 columns (widest: $wide)" [ "$wide" -le 60 ]

checked=$(python3 - "$tmp/t.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
ev = t["traceEvents"]
procs = {e["pid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "process_name"}
assert sorted(procs.values()) == ["lesson 04 starvation: blocked",
                                  "lesson 04 starvation: offloaded"], procs
pid = {v.split(": ")[1]: k for k, v in procs.items()}
threads = {(e["pid"], e["tid"]): e["args"]["name"]
           for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert threads[(pid["blocked"], 0)] == "blocked" and threads[(pid["offloaded"], 0)] == "offloaded"
for e in ev:
    assert {"ph", "pid", "tid", "name"} <= e.keys(), e
    if e["ph"] in ("X", "i"):
        assert isinstance(e["ts"], int) and e["ts"] >= 0, e
spans = [e for e in ev if e["ph"] == "X" and e["cat"] == "span"]
assert len(spans) == 2 and all(e["name"] == "blocking call" for e in spans), spans
# The observed threads, under their real ids: the 300 ms sleep ran on the loop thread in
# blocked, on a pool thread in offloaded.
def lane(variant, name):
    return [t for (p, t), n in threads.items() if p == pid[variant] and n == name]
sleeps = {p: e for e in ev if e["ph"] == "X" and e["cat"] == "blocked"
          for p in [e["pid"]] if 280000 <= e["dur"] <= 400000}
assert sleeps[pid["blocked"]]["tid"] == lane("blocked", "loop")[0], sleeps
assert sleeps[pid["offloaded"]]["tid"] != lane("offloaded", "loop")[0], sleeps
assert sleeps[pid["offloaded"]]["tid"] == lane("offloaded", "pool 1")[0], sleeps
# A 300 ms blocking call, in microseconds.
assert all(280000 <= e["dur"] <= 320000 for e in spans), spans
hb = {(e["pid"], e["name"]): e for e in ev if e["ph"] == "i" and e.get("cat") == "event"}
b1, o1 = hb[(pid["blocked"], "heartbeat 1")], hb[(pid["offloaded"], "heartbeat 1")]
assert b1["args"]["wanted_ms"] == 50 and b1["args"]["late_ms"] >= 200, b1
assert o1["args"]["late_ms"] <= 20 and o1["ts"] < 100000, o1
out = [e for e in ev if e.get("cat") == "output"]
assert len(out) == 8 and any(e["name"].startswith("blocking work done") for e in out), out
print("ok")
PY
)
check "the trace parses as JSON with the spans, events, lines and threads ($checked)" [ "$checked" = ok ]
check "the timeline has a lane per thread: the sleep on the loop's in blocked, on a pool's in offloaded" \
    sh -c 'printf "%s\n" "$1" | grep -q "┆ loop  *▓" && printf "%s\n" "$1" | grep -q "┆ pool 1  *▓"' _ "$timeline"

"$WORKBOOK" --no-color run 04 blocked --trace - >"$tmp/stdout.txt" 2>&1
check "--trace - writes to stdout after the table" \
    python3 -c 'import json,sys; s=open(sys.argv[1]).read(); json.loads(s[s.index("{\"displayTimeUnit"):])' "$tmp/stdout.txt"

# A PATH with every program but node (make and the compiler are still needed).
mkdir "$tmp/bin"
for f in /usr/bin/* /bin/*; do
    [ "${f##*/}" = node ] || ln -sf "$f" "$tmp/bin/${f##*/}" 2>/dev/null
done
out=$(PATH="$tmp/bin" "$WORKBOOK" --no-color run 01 2>&1)
check "without node, one line says only the C program ran" has "$out" '^node is not installed: only the C program ran$'
