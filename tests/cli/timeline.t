#!/bin/sh
# The timeline and the trace: `workbook run 04 --timeline` draws both variants on one
# axis, readable without colour; `--trace FILE` writes Chrome trace-event JSON that
# python3 parses back, with the spans, events and output lines of the runs.
. "$(dirname "$0")/tap.sh"

plan 9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$(COLUMNS=60 "$WORKBOOK" --no-color run 04 --timeline --trace "$tmp/t.json" 2>&1)
rc=$?
check "run 04 --timeline --trace exits 0" [ $rc -eq 0 ]
timeline=$(printf '%s\n' "$out" | sed -n '/^timeline$/,/^trace written/p' | sed '$d')
check "a timeline follows the tables" has "$timeline" '^offloaded'
check "the blocked heartbeats are shown late, in ms" has "$timeline" 'heartbeat 1 .*·─*● +2[0-9][0-9]'
check "an offloaded heartbeat sits on its wanted mark" has "$timeline" 'heartbeat [123] .*[◆]\|heartbeat [123] .*·● +[0-9]$'
check "a legend says what the glyphs mean" has "$timeline" '· wanted  ● happened  ◆ on time  ━ work'
wide=$(printf '%s\n' "$timeline" | python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin))')
check "the timeline fits 60 columns (widest: $wide)" [ "$wide" -le 60 ]

checked=$(python3 - "$tmp/t.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
ev = t["traceEvents"]
threads = {e["tid"]: e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert sorted(threads.values()) == ["blocked", "offloaded"], threads
tid = {v: k for k, v in threads.items()}
for e in ev:
    assert {"ph", "pid", "tid", "name"} <= e.keys(), e
    if e["ph"] in ("X", "i"):
        assert isinstance(e["ts"], int) and e["ts"] >= 0, e
spans = [e for e in ev if e["ph"] == "X"]
assert len(spans) == 2 and all(e["name"] == "blocking call" for e in spans), spans
# A 300 ms blocking call, in microseconds.
assert all(280000 <= e["dur"] <= 320000 for e in spans), spans
hb = {(e["tid"], e["name"]): e for e in ev if e["ph"] == "i" and e.get("cat") == "event"}
b1, o1 = hb[(tid["blocked"], "heartbeat 1")], hb[(tid["offloaded"], "heartbeat 1")]
assert b1["args"]["wanted_ms"] == 50 and b1["args"]["late_ms"] >= 200, b1
assert o1["args"]["late_ms"] <= 20 and o1["ts"] < 100000, o1
out = [e for e in ev if e.get("cat") == "output"]
assert len(out) == 8 and any(e["name"].startswith("blocking work done") for e in out), out
print("ok")
PY
)
check "the trace parses as JSON with the spans, events and lines ($checked)" [ "$checked" = ok ]

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
