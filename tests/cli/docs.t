#!/bin/sh
# Samples in the documentation stay true to the files they quote. A fenced code block
# whose first line is "# PATH", PATH a file of the project, is a sample of that file:
# its non-blank lines must be lines of the file, in the file's order: a sample may
# leave lines out, never change or reorder one.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
docs=$(cd "$root" && git ls-files '*.md' 2>/dev/null || find . -name '*.md' -not -path './build/*')
samples=$(cd "$root" && python3 - $docs <<'PY'
import os, re, sys
for doc in sys.argv[1:]:
    lines = open(doc, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            m = re.match(r"# (\S+/\S+)$", lines[i + 1]) if i + 1 < j else None
            if m and os.path.isfile(m.group(1)):
                print(f"{doc}:{i + 2}:{m.group(1)}:{j}")
            i = j
        i += 1
PY
)
plan $(($(printf '%s\n' "$samples" | grep -c .) + 1))
check "the documentation quotes at least one file" test -n "$samples"

for s in $samples; do
    doc=${s%%:*} rest=${s#*:}
    first=${rest%%:*} rest=${rest#*:}
    file=${rest%%:*} end=${rest#*:}
    out=$(cd "$root" && python3 - "$doc" "$first" "$end" "$file" <<'PY'
import sys
doc, first, end, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sample = open(doc, encoding="utf-8").read().split("\n")[first - 1:end - 1]
text = [l.rstrip() for l in open(path, encoding="utf-8").read().split("\n")]
k = 0
for n, line in enumerate(sample):
    line = line.rstrip()
    if not line:
        continue
    while k < len(text) and text[k] != line:
        k += 1
    if k == len(text):
        print(f"{doc}:{first + n}: not in {path} (or out of order): {line}")
        sys.exit(1)
    k += 1
PY
)
    if [ $? -eq 0 ]; then ok "$doc:$first quotes $file as it is"
    else not_ok "$doc:$first quotes $file as it is"; diag "$out"; fi
done
