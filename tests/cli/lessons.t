#!/bin/sh
# Every lesson variant meets its own expectations through `workbook run`, and the
# expectations can fail: each is tried on a program that must not satisfy it (the other
# variant of its lesson, or a known-wrong program from tests/lessons/).
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
variants=$(cd "$root/lessons" && ls [0-9]*/*.expect | sed 's/\.expect$//')
plan $(( $(echo "$variants" | wc -l) + 16 ))

for v in $variants; do
    lesson=${v%%/*}
    name=${v#*/}
    selected "lesson $lesson $name" || { unselected 1 "lesson $lesson $name"; continue; }
    out=$("$WORKBOOK" --no-color run "${lesson%%-*}" "$name" 2>&1)
    rc=$?
    if [ $rc -eq 0 ]; then ok "lesson $lesson $name meets its expectations"
    else not_ok "lesson $lesson $name meets its expectations (exit $rc)"; diag "$out"; fi
done

# A program judged by another variant's expectations: exit 1, with the hint shown.
fails_with() { # LESSON VARIANT OTHER-EXPECT PHRASE
    selected "$2 fails the expectations of $3" ||
        { unselected 1 "$2 fails the expectations of $3"; return; }
    out=$("$WORKBOOK" --no-color run "$1" "$2" --expect "$root/lessons/$3" 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q "$4"; then
        ok "$2 fails the expectations of $3"
    else
        not_ok "$2 fails the expectations of $3 (exit $rc, wanted 1 and '$4')"; diag "$out"
    fi
}
fails_with 04 offloaded 04-starvation/blocked.expect "hint:"
fails_with 04 blocked 04-starvation/offloaded.expect "hint:"
fails_with 02 sequential 02-io-overlap/concurrent.expect "hint:"
fails_with 02 concurrent 02-io-overlap/sequential.expect "hint:"
fails_with 09 sequential 09-sockets/concurrent.expect "hint:"
fails_with 09 concurrent 09-sockets/sequential.expect "hint:"
fails_with 10 saturate 10-pool/sized.expect "hint:"
fails_with 10 sized 10-pool/saturate.expect "hint:"
fails_with 07 offloaded 07-pipeline/inline.expect "hint:"
fails_with 07 inline 07-pipeline/offloaded.expect "hint:"
fails_with 13 no_deadline 13-deadlines/deadline.expect "connections were closed while still waiting"
fails_with 13 deadline 13-deadlines/no_deadline.expect "hint:"
fails_with 14 one_piece 14-slices/sliced.expect "loop callbacks computed anything: the work must be split"
fails_with 14 sliced 14-slices/one_piece.expect "hint:"
fails_with 15 queue 15-channels/bounded.expect "never blocked on a condition variable"

# Lesson 07's downloads in two waves: offloaded.expect holds only when they overlap.
book=$(mktemp -d /tmp/workbook-lessons.XXXXXX)
trap 'rm -rf "$book"' EXIT
mkdir -p "$book/lessons"
cp -r "$root/lessons/common" "$root/lessons/07-pipeline" "$book/lessons/"
cp "$root/tests/lessons/07-two-waves.c" "$book/lessons/07-pipeline/two_waves.c"
out=$(WORKBOOK_ROOT="$book" "$WORKBOOK" --no-color run 07 two_waves \
    --expect "$book/lessons/07-pipeline/offloaded.expect" 2>&1)
rc=$?
if [ $rc -eq 1 ] && has "$out" "two waves"; then
    ok "downloads in two waves fail offloaded.expect"
else
    not_ok "downloads in two waves fail offloaded.expect (exit $rc, wanted 1 and 'two waves')"
    diag "$out"
fi
