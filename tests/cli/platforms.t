#!/bin/sh
# Where the workbook runs: the compiler comes from one place (toolchain.sh) for lessons and
# the checker and shows in doctor and each verdict; a compiler or libuv that cannot build
# the programs is an environment error with its fix, never a verdict; the platform
# fallbacks build; make deps knows each system's packages; the dev container runs README's
# commands; the classroom workflow and the JUnit reports parse.
. "$(dirname "$0")/tap.sh"
plan 59

root=$(repo_root)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
toolchain="$root/lessons/common/toolchain.sh"
solution2="$root/solutions/2-offload-hash/offload_hash.c"
cc=${CC:-cc}
# The output as one line, to match an exit status and a message together.
flat() { printf '%s' "$*" | tr '\n' ' '; }
# contains TEXT STRING: the text contains the string, as it is.
contains() { printf '%s\n' "$1" | grep -qF -- "$2"; }
# make on its own, not as a child of the make that runs this suite.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u V make --no-print-directory "$@"; }

# --- The compiler: one choice, one set of flags -------------------------------------

info=$(sh "$toolchain"); rc=$?
check "toolchain.sh answers for CC=$cc" test $rc -eq 0
kind=$(printf '%s\n' "$info" | sed -n 's/^kind=//p')
cc_name=$(printf '%s\n' "$info" | sed -n 's/^name=//p')
cflags=$(printf '%s\n' "$info" | sed -n 's/^cflags=//p')
check "... it is gcc or clang ($kind)" has "$kind" '^\(gcc\|clang\|apple-clang\)$'
check "... and the flags warn as the lessons do" has "$cflags" '-Wall -Wextra -std=gnu11'
# The whole command comes from it: the include folder, libuv's flags, the libraries in
# their order with -lm once and last, and one part asked alone is the same.
libs=$(printf '%s\n' "$info" | sed -n 's/^libs=//p')
include=$(printf '%s\n' "$info" | sed -n 's/^include=//p')
check "... the include folder is lessons/common, in cflags as -I" \
    test "$include" = "$(cd "$root/lessons/common" && pwd)" -a -n "$(printf '%s\n' "$cflags" | grep -F -- "-I$include")"
check "... the libraries start with libuv's and end with -lm, once" \
    test "${libs#"$(printf '%s\n' "$info" | sed -n 's/^uv_libs=//p')"}" != "$libs" -a "${libs% -lm}" != "$libs" \
    -a "$(printf '%s\n' $libs | grep -c '^-lm$')" -eq 1
check "... the ThreadSanitizer build's flags sanitize threads with the same include folder" \
    has "$(sh "$toolchain" tsan_cflags)" "-fsanitize=thread .*-I$include"
check "... one part asked alone is the same as in the whole answer" \
    test "$(sh "$toolchain" cflags)" = "$cflags" -a "$(sh "$toolchain" libs)" = "$libs"
if command -v clang >/dev/null; then
    check "CC=clang is clang" has "$(CC=clang sh "$toolchain")" '^kind=clang$'
else
    skip 1 "no clang"
fi

doctor=$("$WORKBOOK" --no-color doctor); rc=$?
check "doctor names the compiler and its flags" \
    has "$(flat "$rc|$doctor")" "^0|.*compiler  *$cc_name (CC=$cc"
check "... the flags line is toolchain.sh's" contains "$doctor" "flags            $cflags"

json=$("$WORKBOOK" check 2 "$solution2" --format json)
check "the verdict names the compiler and flags" \
    python3 -c 'import json,sys; t=json.loads(sys.argv[1])["toolchain"]; assert t.startswith(sys.argv[2] + " (CC="), t; assert "-Wextra" in t, t' "$json" "$cc_name"
text=$("$WORKBOOK" --no-color check 2 "$solution2")
check "... and so does the text verdict" has "$text" "^built with $cc_name (CC=$cc) .*-Wextra"

# A warning only -Wextra gives: the checker builds with the lessons' flags now.
cp "$solution2" "$tmp/extra.c"
printf 'int wextra_demo(int x);\nint wextra_demo(int x) { return 0; }\n' >>"$tmp/extra.c"
text=$("$WORKBOOK" --no-color check 2 "$tmp/extra.c")
check "check warns as lesson.mk does (-Wextra: unused parameter)" has "$text" "unused parameter"

# lesson.mk uses the same flags, and a change of compiler rebuilds.
mkdir -p "$tmp/tree/lessons"
cp -R "$root/lessons/common" "$root/lessons/02-io-overlap" "$tmp/tree/lessons/"
out=$(mk -C "$tmp/tree/lessons/02-io-overlap" V=1 2>&1)
check "lesson.mk compiles with toolchain.sh's flags" \
    contains "$out" "$(sh "$tmp/tree/lessons/common/toolchain.sh" | sed -n 's/^cflags=//p')"
if command -v clang >/dev/null && command -v gcc >/dev/null; then
    mk -C "$tmp/tree/lessons/02-io-overlap" CC=gcc >/dev/null 2>&1
    out=$(mk -C "$tmp/tree/lessons/02-io-overlap" CC=clang 2>&1)
    check "make CC=clang after gcc rebuilds the programs" has "$out" "CC .*concurrent\.c"
    out=$(mk -C "$tmp/tree/lessons/02-io-overlap" CC=clang 2>&1)
    check "... and only once" test -z "$out"
else
    skip 2 "rebuilding on a change of compiler needs gcc and clang"
fi

# --- Bad compilers and libraries: exit 2 and the fix, never a verdict ------------------

fake="$tmp/bin"
mkdir -p "$fake"
# A compiler that is neither gcc nor clang (its macros name another).
cat >"$fake/tcc" <<'EOF'
#!/bin/sh
printf '#define __TINYC__ 1\n#define __STDC__ 1\n'
EOF
# clang as Apple ships it without libomp: -fopenmp is refused.
cat >"$fake/noomp-cc" <<EOF
#!/bin/sh
for a; do [ "\$a" = -fopenmp ] && { echo "clang: error: unsupported option '-fopenmp'" >&2; exit 1; }; done
exec $cc "\$@"
EOF
# pkg-config that finds a libuv 1.38.
mkdir -p "$tmp/olduv"
printf '#define UV_VERSION_MAJOR 1\n#define UV_VERSION_MINOR 38\n' >"$tmp/olduv/uv.h"
cat >"$fake/pkg-config" <<EOF
#!/bin/sh
case "\$*" in *--cflags*) echo "-I$tmp/olduv" ;; *--libs*) echo "-luv" ;; *) exit 0 ;; esac
EOF
chmod +x "$fake"/*

bad_env() { # bad_env NAME FIX-PATTERN ENV...: check and doctor exit 2 with the fix
    what=$1 fix=$2
    shift 2
    out=$(env "$@" "$WORKBOOK" --no-color check 2 "$solution2" 2>&1); rc=$?
    check "$what: check exits 2 with the fix" has "$(flat "$rc|$out")" "^2|.*$fix"
    check "... and gives no verdict" test -z "$(printf '%s\n' "$out" | grep -E '✓|✗|passed|not yet')"
    out=$(env "$@" "$WORKBOOK" --no-color doctor 2>&1); rc=$?
    check "... doctor says so too" has "$(flat "$rc|$out")" "^2|.*$fix"
}
bad_env "an unknown compiler" "CC=gcc or CC=clang" CC=no-such-cc
bad_env "a compiler that is not gcc or clang" "neither gcc nor clang.*CC=gcc or CC=clang" CC="$fake/tcc"
bad_env "a compiler without OpenMP" "cannot compile OpenMP.*make deps" CC="$fake/noomp-cc"
bad_env "a libuv older than 1.40" "libuv 1.38 is older than 1.40.*make deps" PATH="$fake:$PATH"
out=$(mk -C "$tmp/tree/lessons/02-io-overlap" CC="$fake/noomp-cc" 2>&1); rc=$?
check "lesson.mk stops on a compiler without OpenMP, with the fix" \
    has "$(flat "$rc|$out")" "^2|.*cannot compile OpenMP"
out=$(CC=no-such-cc "$WORKBOOK" check 2 "$solution2" --format junit 2>/dev/null)
check "... and JUnit reports it as an error, not a failure" \
    python3 -c 'import sys, xml.etree.ElementTree as E; r=E.fromstring(sys.argv[1]); assert r.get("errors")=="1" and r.get("failures")=="0"; assert r.find(".//error") is not None' "$out"

# --- The platform fallbacks build and agree here ---------------------------------------

cat >"$tmp/cores.c" <<'EOF'
#include <stdio.h>
#include "machine.h"
int main(void) { printf("%d\n", machine_cores()); return 0; }
EOF
uvflags=$(pkg-config --cflags --libs libuv 2>/dev/null || echo -luv)
# libuv 1.40 has no uv_available_parallelism: the count is sysconf's (online CPUs); from
# 1.44 it is libuv's (the CPUs this process may use, as nproc counts them).
for hex_count in "0x012800 $(getconf _NPROCESSORS_ONLN)" "0x012c00 $(nproc)"; do
    hex=${hex_count% *} want=${hex_count#* }
    # shellcheck disable=SC2086
    $cc -std=gnu11 -D_GNU_SOURCE -DMACHINE_PORTABLE -DMACHINE_UV_VERSION_HEX=$hex \
        -I"$root/runner/base" -I"$root/runner/expect" -o "$tmp/cores" "$tmp/cores.c" "$root/runner/base/machine.c" $uvflags -lutil 2>"$tmp/err"
    check "the portable machine.c builds as for libuv $hex" test $? -eq 0
    check "... and counts $want cores as the system does" test "$("$tmp/cores")" = "$want"
done
# shellcheck disable=SC2086
$cc -std=gnu11 -D_GNU_SOURCE -DMACHINE_UV_VERSION_HEX=0x012700 -I"$root/runner/base" -I"$root/runner/expect" -c \
    -o "$tmp/m.o" "$root/runner/base/machine.c" 2>"$tmp/err"
check "a libuv older than 1.40 stops the build with the fix" grep -q "libuv 1.40 or newer.*make deps" "$tmp/err"

# --- make deps on each system -----------------------------------------------------------

deps() { sh "$root/scripts/deps.sh" --dry-run "$@" | sed 's/^sudo //'; }
check "Debian: apt-get, every package" test "$(deps --os debian | tail -n 1)" = \
    "apt-get install -y --no-install-recommends build-essential pkg-config libuv1-dev libncurses-dev libmd4c-dev libdw-dev libgomp1 bubblewrap clang libomp-dev libcmocka-dev tmux patch perl python3-yaml libxml2-utils"
check "Ubuntu: the same names" test "$(deps --os ubuntu | tail -n 1)" = "$(deps --os debian | tail -n 1)"
check "Fedora: dnf" test "$(deps --os fedora)" = \
    "dnf install -y gcc make pkgconf-pkg-config libuv-devel ncurses-devel md4c-devel elfutils-devel libgomp bubblewrap clang libomp-devel libcmocka-devel tmux patch perl-Test-Harness python3-pyyaml libxml2"
check "Arch: pacman" test "$(deps --os arch)" = \
    "pacman -S --needed --noconfirm gcc make pkgconf libuv ncurses md4c libelf gcc-libs bubblewrap clang openmp cmocka tmux patch perl python-yaml libxml2"
check "macOS: Homebrew, and Xcode's tools named" test "$(deps --os macos | head -n 2)" = \
    "brew install pkgconf libuv ncurses md4c libomp cmocka tmux pyyaml
# and Xcode's command line tools (the compiler, make): xcode-select --install"
check "make run's list leaves the test tools out" test "$(CC=gcc deps --run --os fedora)" = \
    "dnf install -y gcc make pkgconf-pkg-config libuv-devel ncurses-devel md4c-devel elfutils-devel libgomp bubblewrap"
check "... and takes clang's OpenMP when CC is clang" has "$(CC=clang deps --run --os arch)" ' openmp$'
check "make check-exercise's list adds clang and its OpenMP for the race check" \
    test "$(CC=gcc deps --exercise --os ubuntu | tail -n 1)" = \
    "apt-get install -y --no-install-recommends build-essential pkg-config libuv1-dev libncurses-dev libmd4c-dev libdw-dev libgomp1 bubblewrap clang libomp-dev"
printf 'ID=linuxmint\nID_LIKE="ubuntu debian"\n' >"$tmp/os-release"
check "a system like Ubuntu gets apt" has "$(OS_RELEASE_FILE="$tmp/os-release" deps --run)" '^apt-get install'
printf 'ID=gentoo\n' >"$tmp/os-release"
out=$(OS_RELEASE_FILE="$tmp/os-release" sh "$root/scripts/deps.sh" --dry-run --run 2>&1); rc=$?
check "an unknown system is told what to install by hand" \
    has "$(flat "$rc|$out")" "^1|.*libuv 1.40 or newer"
out=$(sh "$root/scripts/deps.sh" --os beos 2>&1); rc=$?
check "--os with an unknown name exits 2" test $rc -eq 2

# --- The dev container ------------------------------------------------------------------

check "devcontainer.json parses, on Debian 12, installing and building at creation" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert "bookworm" in d["image"] or "debian:12" in d["image"], d["image"]
# make deps is sh scripts/deps.sh: a bare image has no make yet.
assert d["postCreateCommand"] == "sh scripts/deps.sh && make", d
' "$root/.devcontainer/devcontainer.json"
check "... and its commands are README's" python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
readme = open(sys.argv[2]).read()
section = readme.split("## A dev container", 1)[1].split("\n## ", 1)[0]
for key in ("postCreateCommand", "postAttachCommand"):
    if key in d:
        assert d[key] in section, (key, d[key])
assert "make run" in section
' "$root/.devcontainer/devcontainer.json" "$root/README.md"

# --- GitHub Classroom ---------------------------------------------------------------------

numbers=$(cd "$root/exercises" && ls -d [0-9]*-*/ | sed 's/-.*//' | sort -n | tr '\n' ' ')
"$WORKBOOK" classroom -o "$tmp/classroom.yml" >"$tmp/out"; rc=$?
check "classroom writes the workflow" test $rc -eq 0 -a -s "$tmp/classroom.yml"
check "... it parses as YAML, one grading step per exercise ($numbers)" python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
numbers = [int(n) for n in sys.argv[2].split()]
steps = d["jobs"]["run-autograding-tests"]["steps"]
tests = [s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
assert [s["with"]["command"] for s in tests] == ["make check-exercise N=%d" % n for n in numbers], tests
assert all(s["with"]["max-score"] == 10 and s["with"]["timeout"] >= 1 for s in tests), tests
report = steps[-1]
assert report["uses"].startswith("classroom-resources/autograding-grading-reporter"), report
ids = [s["id"] for s in tests]
assert report["with"]["runners"].split(",") == ids, report
for i in ids:
    assert report["env"][i.upper() + "_RESULTS"] == "${{steps.%s.outputs.result}}" % i
assert "push" in d["on"]
' "$tmp/classroom.yml" "$numbers"
out=$("$WORKBOOK" classroom --points 7 -o -)
check "--points sets each test's score" python3 -c '
import sys, yaml
steps = yaml.safe_load(sys.argv[1])["jobs"]["run-autograding-tests"]["steps"]
assert {s["with"]["max-score"] for s in steps if "with" in s and "max-score" in s["with"]} == {7}
' "$out"
out=$("$WORKBOOK" classroom --points x 2>&1); rc=$?
check "... a bad --points exits 2" has "$(flat "$rc|$out")" '^2|.*--points takes'
# An exercise added later appears without editing anything.
mkdir -p "$tmp/class/lessons/common" "$tmp/class/exercises/9-later"
cp "$root/lessons/common/lesson.mk" "$tmp/class/lessons/common/"
cp -R "$root/exercises/1-collatz" "$tmp/class/exercises/"
printf '# Later\n' >"$tmp/class/exercises/9-later/README.md"
printf 'int main(void) { return 0; }\n' >"$tmp/class/exercises/9-later/later.c"
printf 'timeout 30\nline done\n' >"$tmp/class/exercises/9-later/later.expect"
out=$(WORKBOOK_ROOT="$tmp/class" "$WORKBOOK" classroom -o -)
check "an exercise added later gets its step, with its own time limit" python3 -c '
import sys, yaml
steps = yaml.safe_load(sys.argv[1])["jobs"]["run-autograding-tests"]["steps"]
t = {s["id"]: s["with"] for s in steps if "id" in s}
assert sorted(t) == ["exercise-1", "exercise-9"], t
assert t["exercise-9"]["command"] == "make check-exercise N=9"
assert t["exercise-9"]["timeout"] == 3, t   # 60 s to compile and three runs of 30 s
' "$out"

# --- JUnit XML ------------------------------------------------------------------------------

# junit_ok XML JSON: the report parses, fits the schema, its counts agree with its own
# testcases, and it names every check the JSON of the same file names (another run: a
# timing check may come out differently, the checks do not).
junit_ok() {
    xmllint --noout --schema "$root/tests/cli/junit.xsd" "$1" 2>"$tmp/xmllint" || {
        diag "$(cat "$tmp/xmllint")"
        return 1
    }
    python3 -c '
import json, re, sys, xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
verdicts = json.load(open(sys.argv[2]))
verdicts = verdicts.get("files", [verdicts])
suites = root.findall("testsuite")
assert len(suites) == len(verdicts), (len(suites), len(verdicts))
for suite, v in zip(suites, verdicts):
    cases = suite.findall("testcase")
    # The two reports come from two runs: the values in the words of a check (its times) may
    # differ, the words may not.
    names = [re.sub(r"[0-9]+", "N", c.get("name")) for c in cases]
    want = [re.sub(r"[0-9]+", "N", c["label"]) for c in v["checks"] if c["kind"] != "extra"]
    assert [n for n in names if n in want] == want, (names, want)
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures")) == len(failures)
    assert all(f.get("message") for f in failures)
    assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in cases)
    assert int(suite.get("tests")) == len(cases)
assert int(root.get("tests")) == sum(len(s.findall("testcase")) for s in suites)
' "$1" "$2"
}
"$WORKBOOK" check 2 --format junit >"$tmp/stub.xml"
"$WORKBOOK" check 2 --format json >"$tmp/stub.json"
check "check --format junit: the stub's report parses and names every check" junit_ok "$tmp/stub.xml" "$tmp/stub.json"
check "... with failures, each with its hint" python3 -c '
import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
assert int(r.get("failures")) > 0 and all(f.get("message") for f in r.iter("failure"))
' "$tmp/stub.xml"
"$WORKBOOK" check 2 "$solution2" --format junit >"$tmp/sol.xml"
"$WORKBOOK" check 2 "$solution2" --format json >"$tmp/sol.json"
check "... the solution's report too" junit_ok "$tmp/sol.xml" "$tmp/sol.json"
mkdir -p "$tmp/grade"
cp "$solution2" "$tmp/grade/alice.c"
cp "$root/exercises/2-offload-hash/offload_hash.c" "$tmp/grade/bob.c"
# carol prints what XML must escape, and a terminal escape.
cat >"$tmp/grade/carol.c" <<'EOF'
#include <stdio.h>
int main(void) { printf("\033[2J <&> \"q\" ]]>\n"); return 0; }
EOF
"$WORKBOOK" grade "$tmp/grade" --exercise 2 --format junit >"$tmp/grade.xml"
"$WORKBOOK" grade "$tmp/grade" --exercise 2 --format json >"$tmp/grade.json"
check "grade --format junit: one suite per file, every check named" junit_ok "$tmp/grade.xml" "$tmp/grade.json"
check "... the files by name (the student is the classname)" python3 -c '
import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
names = sorted({c.get("classname") for c in r.iter("testcase")})
assert names == ["alice", "bob", "carol"], names
' "$tmp/grade.xml"
out=$("$WORKBOOK" check 2 --format xml 2>&1); rc=$?
check "an unknown format exits 2 and lists junit" has "$(flat "$rc|$out")" '^2|.*junit'
