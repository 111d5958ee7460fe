#!/bin/sh
# Hostile submissions: each gets the verdict it must, and nothing outside its scratch
# folder changes (the student's home, the other submissions, the checkout, /tmp). Then
# the messages for files that cannot be checked, and a machine without the sandbox,
# where every output says "not sandboxed" and grade needs --no-sandbox.
# Each test uses a home and a folder of its own. In CI the sandbox must be there.
. "$(dirname "$0")/tap.sh"

root=$(repo_root)
"$WORKBOOK" doctor 2>/dev/null | grep -q '^sandbox  *sandboxed' ||
    skip_all "no sandbox here: $("$WORKBOOK" doctor 2>/dev/null | grep '^sandbox')"

tmp=$(mktemp -d /tmp/workbook-sandbox.XXXXXX)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export WORKBOOK_STATE_DIR="$tmp/state"
export HOME="$tmp/home"
mkdir -p "$HOME" "$tmp/class"
# The workbook's scratch folders go under TMPDIR: one of this test's own, so that another
# run on the machine (or one killed earlier) cannot pass for a folder left behind here.
export TMPDIR="$tmp/tmpdir"
mkdir -p "$TMPDIR"
secret="the-secret-$$-$(date +%s)"
echo "$secret" >"$HOME/secret.txt"
printf '#define SECRET "%s"\n' "$secret" >"$HOME/secret.h"
# A file in /tmp named for this run: a program that escapes would leave it behind.
marker=/tmp/workbook-sandbox-marker-$$
wb() { "$WORKBOOK" --no-color "$@"; }
flat() { printf "%s" "$*" | tr "\n" " "; }
sums() { find "$@" -type f -exec sha256sum {} + 2>/dev/null | sort; }
# What must never change: the home, the class's folder, the checkout's sources.
guarded() { sums "$HOME" "$tmp/class" "$root/exercises" "$root/solutions" "$root/lessons"; }
limit=$(sed -n 's/^timeout *\([0-9]*\).*/\1/p' "$root"/exercises/2-*/*.expect | head -n 1)

# --- one that writes everywhere it can think of, at run time ----------------------------
cat >"$tmp/class/writer.c" <<EOF
#include <stdio.h>
int main(void)
{
    const char *targets[] = {"$HOME/secret.txt", "$HOME/new.txt", "$tmp/class/good.c",
                             "$root/exercises/README.md", "$marker", "$root/pwned"};
    int wrote = 0;
    for (int i = 0; i < 6; i++) {
        FILE *f = fopen(targets[i], "w");
        if (f) {
            fputs("int main(void){return 1;}\n", f);
            fclose(f);
            wrote++;
        }
    }
    printf("wrote %d of 6\n", wrote);
    return 0;
}
EOF
cp "$root"/solutions/2-*/*.c "$tmp/class/good.c"
guarded >"$tmp/before"
out=$(wb check 2 "$tmp/class/writer.c" --format json 2>&1); rc=$?
check "a program that writes elsewhere fails (exit 1)" test $rc -eq 1
# The one write that works is to /tmp: the sandbox's own, private, gone with it.
check "... and could write nothing but its own /tmp" has "$out" '"wrote 1 of 6"'
guarded >"$tmp/after"
check "... the home, the class and the checkout are unchanged" cmp -s "$tmp/before" "$tmp/after"
check "... and it left nothing in /tmp" test ! -e "$marker"

# --- one that rewrites the other submissions, during grade -j 2 -------------------------
mkdir -p "$tmp/grade"
cp "$root"/solutions/2-*/*.c "$tmp/grade/alice.c"
cp "$root"/solutions/2-*/*.c "$tmp/grade/carol.c"
cat >"$tmp/grade/bob.c" <<'EOF'
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
/* Overwrites every .c file beside its own source, at run time. */
int main(void)
{
    char self[4096];
    snprintf(self, sizeof self, "%s", __FILE__);
    const char *dir = dirname(self);
    DIR *d = opendir(dir);
    int seen = 0, wrote = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strstr(e->d_name, ".c"))
            continue;
        seen++;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("int main(void){return 1;}\n", f);
            fclose(f);
            wrote++;
        }
    }
    printf("saw %d, wrote %d\n", seen, wrote);
    return 1;
}
EOF
sums "$tmp/grade" >"$tmp/before"
out=$(wb grade "$tmp/grade" --exercise 2 -j 2 2>&1); rc=$?
check "grade -j 2: the hostile submission fails, the class does not pass (exit 1)" test $rc -eq 1
check "... alice and carol still pass" test "$(printf '%s\n' "$out" | grep -c '  pass ')" -eq 2
sums "$tmp/grade" >"$tmp/after"
check "... and every file in the folder is unchanged" cmp -s "$tmp/before" "$tmp/after"
check "... grade says the runs were sandboxed" has "$out" 'sandboxed (bubblewrap'

# --- one that reads a secret from the home, at compile time and at run time -------------
printf '#include "%s/secret.h"\n#include <stdio.h>\nint main(void){ puts(SECRET); return 0; }\n' \
    "$HOME" >"$tmp/class/peek_compile.c"
cat >"$tmp/class/peek_run.c" <<EOF
#include <stdio.h>
int main(void)
{
    char line[256] = "nothing";
    FILE *f = fopen("$HOME/secret.txt", "r");
    if (f && fgets(line, sizeof line, f))
        printf("%s", line);
    else
        printf("cannot read the secret\n");
    return 0;
}
EOF
printf '#include </etc/shadow>\n#include </etc/passwd>\nint main(void){ return 0; }\n' \
    >"$tmp/class/shadow.c"
for f in peek_compile peek_run shadow; do
    for fmt in text tap json junit; do
        wb check 2 "$tmp/class/$f.c" --format $fmt >>"$tmp/$f.out" 2>&1
    done
done
check "a secret #included from the home is not in any verdict" \
    sh -c "! grep -q '$secret' '$tmp/peek_compile.out'"
# gcc says "No such file or directory", clang "'...' file not found".
check "... the compiler could not find it" grep -q "secret.h: No such file\|secret.h' file not found" \
    "$tmp/peek_compile.out"
check "a secret read at run time is not in any verdict" sh -c "! grep -q '$secret' '$tmp/peek_run.out'"
check "... the program could not open it" grep -q 'cannot read the secret' "$tmp/peek_run.out"
check "#include </etc/shadow> and </etc/passwd> print no line of either, in any format" \
    sh -c "! grep -q 'root:' '$tmp/shadow.out'"

# --- one that connects to the world; loopback still works --------------------------------
cat >"$tmp/class/net.c" <<'EOF'
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(53)};
    inet_pton(AF_INET, "1.1.1.1", &a.sin_addr);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    printf(connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "connected\n" : "no network\n");
    close(s);
    return 0;
}
EOF
out=$(wb check 2 "$tmp/class/net.c" --format json 2>&1)
check "a connection beyond loopback fails at once" has "$out" '"no network"'
out=$(wb check 4 "$root"/solutions/4-*/*.c 2>&1); rc=$?
check "... while exercise 4's server on 127.0.0.1 passes" test $rc -eq 0
[ $rc -eq 0 ] || diag "$out"

# --- a fork bomb, a memory bomb at run time and at compile time --------------------------
printf '#include <unistd.h>\nint main(void){ for (;;) fork(); }\n' >"$tmp/class/forkbomb.c"
start=$(now)
out=$(wb check 2 "$tmp/class/forkbomb.c" 2>&1); rc=$?
took=$(elapsed "$start")
# Stopped as it reaches the limit; on a busy machine its own processes may starve the
# watcher until its time is up, and the hint still names the limit.
check "a fork bomb fails, and the verdict names the process limit" \
    has "$(flat "$rc|$out")" '^1|.*processes and threads at once, and the limit here is [0-9]'
check "... and costs at most its time limit (took ${took} s, limit $limit s)" \
    less_than "$took" $((limit + 8))
has "$out" 'limit here is' || diag "$(printf '%s\n' "$out" | grep -A1 ' runs ')"
sleep 0.3
check "... and none of its processes is left" sh -c "! ps -eo comm= | grep -q '^forkbomb'"

cat >"$tmp/class/membomb.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
/* Each block is kept, through a volatile pointer, so that no compiler may drop a block
   nothing reads (clang does: its bomb then only spins until the time limit). */
static char *volatile kept;
int main(void)
{
    for (;;) {
        char *p = malloc(64 << 20);
        if (!p)
            return 3;
        memset(p, 1, 64 << 20);
        *(char **)p = kept;
        kept = p;
    }
}
EOF
out=$(wb check 2 "$tmp/class/membomb.c" 2>&1); rc=$?
check "a memory bomb at run time is stopped at the memory limit, which the verdict names" \
    has "$(flat "$rc|$out")" '^1|.*stopped at its memory limit: more than [0-9]* MiB in use'

printf '#include "/dev/zero"\nint main(void){ return 0; }\n' >"$tmp/class/zero.c"
start=$(now)
out=$(wb check 2 "$tmp/class/zero.c" 2>&1); rc=$?
took=$(elapsed "$start")
check "#include \"/dev/zero\" fails to compile (exit 1)" test $rc -eq 1
check "... within seconds (${took} s)" less_than "$took" 10
check "... and the message names the device" has "$out" "/dev/zero: No such file\|/dev/zero' file not found"
start=$(now)
out=$(WORKBOOK_NO_SANDBOX=1 wb check 2 "$tmp/class/zero.c" 2>&1); rc=$?
took=$(elapsed "$start")
# gcc reads the device for ever and is stopped at its memory limit; clang takes a device
# for an empty file and builds a program that fails the checks: bounded either way.
if [ "$(sh "$root/lessons/common/toolchain.sh" kind)" = gcc ]; then
    check "... without the sandbox gcc is stopped at its memory limit, within seconds (${took} s)" \
        has "$(flat "$rc|$out")" '^1|.*the compiler was stopped at its memory limit'
else
    check "... without the sandbox the compiler ends within seconds (${took} s), and the check fails" \
        sh -c "[ $rc -eq 1 ] && awk -v t=$took 'BEGIN { exit !(t < 10) }'"
fi

# --- one that ignores SIGTERM, one that escapes its process group --------------------------
printf '#include <signal.h>\nint main(void){ signal(SIGTERM, SIG_IGN); for (;;) ; }\n' \
    >"$tmp/class/stubborn.c"
start=$(now)
out=$(wb check 2 "$tmp/class/stubborn.c" 2>&1); rc=$?
took=$(elapsed "$start")
check "a program that ignores SIGTERM times out at its limit" has "$(flat "$rc|$out")" \
    "^1|.*timed out after $limit s"
check "... and costs only its limit and the check (${took} s)" less_than "$took" $((limit + 8))
cat >"$tmp/class/escaper.c" <<EOF
#include <stdio.h>
#include <unistd.h>
/* Leaves the process group and outlives its parent, then writes where it could. */
int main(void)
{
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            sleep(2);
            FILE *f = fopen("escaped", "w");
            if (f)
                fclose(f);
            for (;;)
                sleep(1);
        }
        return 0;
    }
    puts("parent done");
    return 0;
}
EOF
out=$(wb check 2 "$tmp/class/escaper.c" 2>&1)
sleep 0.5
check "a program that leaves its process group is killed with the check" \
    sh -c "! ps -eo comm= | grep -q '^escaper'"

# --- a run ended by Ctrl-C or a closed terminal removes its scratch folder ------------------
for sig_num in INT:2 HUP:1; do
    sig=${sig_num%:*} num=${sig_num#*:}
    "$WORKBOOK" --no-color run 13 no_deadline >/dev/null 2>&1 &
    pid=$!
    i=0 # until the run's scratch folder is there, so the signal comes while it runs
    while [ $i -lt 200 ] && ! ls -d "$TMPDIR"/wait-or-work-*/run-* >/dev/null 2>&1; do
        sleep 0.05
        i=$((i + 1))
    done
    kill -$sig $pid
    wait $pid
    rc=$?
    check "workbook run ended by SIG$sig while it ran: it ends by that signal ($rc)" \
        test $rc -eq $((128 + num)) -a $i -lt 200
done

# --- the scratch folders are gone ------------------------------------------------------------
check "no scratch folder is left after the checks" \
    sh -c "! ls -d '$TMPDIR'/wait-or-work-*/check/box-* '$TMPDIR'/wait-or-work-*/run-* 2>/dev/null | grep -q ."

# --- files that cannot be checked ---------------------------------------------------------
mkdir -p "$tmp/bad/folder.c"
mkfifo "$tmp/bad/pipe.c"
truncate -s 100M "$tmp/bad/huge.c"
cp /bin/true "$tmp/bad/binary.c"
for f in folder pipe huge binary; do
    out=$(wb check 2 "$tmp/bad/$f.c" 2>&1); rc=$?
    echo "$f|$rc|$out" >>"$tmp/bad.out"
done
out=$(wb check 2 /dev/null 2>&1); rc=$?
echo "device|$rc|$out" >>"$tmp/bad.out"
check "a folder: exit 2, says it is a folder" grep -q '^folder|2|.*is a folder, not a C file' "$tmp/bad.out"
check "a FIFO: exit 2, says it is a named pipe" grep -q '^pipe|2|.*is a named pipe (FIFO)' "$tmp/bad.out"
check "a 100 MB file: exit 2, says its size" grep -q '^huge|2|.*is 104.9 MB, too large' "$tmp/bad.out"
check "a binary: exit 2, says it is not C source" grep -q '^binary|2|.*is a binary file' "$tmp/bad.out"
check "a device: exit 2, says it is a device" grep -q '^device|2|.*is a device' "$tmp/bad.out"
if [ "$(id -u)" != 0 ]; then
    printf 'int main(void){return 0;}\n' >"$tmp/bad/secret.c"
    chmod 000 "$tmp/bad/secret.c"
    out=$(wb check 2 "$tmp/bad/secret.c" 2>&1); rc=$?
    check "an unreadable file: exit 2, says it cannot be read" has "$(flat "$rc|$out")" \
        '^2|.*cannot be read (Permission denied)'
fi

# --- where there is no sandbox ------------------------------------------------------------------
export WORKBOOK_BWRAP=/nonexistent/bwrap
for fmt in text tap json junit; do
    wb check 2 "$root"/solutions/2-*/*.c --format $fmt >"$tmp/nobox.$fmt" 2>&1
done
check "without a sandbox, the text verdict says not sandboxed and why" \
    grep -q '^not sandboxed: bwrap is not installed' "$tmp/nobox.text"
check "... TAP says so" grep -q '^# not sandboxed: bwrap' "$tmp/nobox.tap"
check "... JSON says so" grep -q '"sandbox":"not sandboxed: bwrap' "$tmp/nobox.json"
check "... JUnit says so" grep -q 'name="sandbox" value="not sandboxed: bwrap' "$tmp/nobox.junit"
check "... doctor says so" has "$(wb doctor 2>&1)" '^sandbox  *not sandboxed: bwrap is not installed'
out=$(wb grade "$tmp/grade" --exercise 2 2>&1); rc=$?
check "... grade refuses others' files (exit 2) and names --no-sandbox" \
    has "$(flat "$rc|$out")" '^2|.*cannot sandbox the submissions here.*--no-sandbox'
out=$(wb grade "$tmp/grade" --exercise 2 --no-sandbox 2>&1); rc=$?
check "... with --no-sandbox it grades, and says they ran unsandboxed" \
    has "$(flat "$rc|$out")" '^1|.*not sandboxed: --no-sandbox was given'
unset WORKBOOK_BWRAP

plan "$tap_n"
