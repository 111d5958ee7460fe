#!/bin/sh
# The libuv version matrix (make check-libuv): the workbook must hold on every libuv a
# student may have, from 1.40 up, and libuv changes under the lessons between versions
# (1.45 to 1.48 send most file calls on Linux to io_uring instead of the thread pool;
# from 1.45 timers run after the poll). So each version below is built from libuv's
# release sources into build/libuv/VERSION (once: an installed version is kept), and
# with it at run time (LD_LIBRARY_PATH):
#   - every lesson variant meets its expectations (`workbook run`),
#   - every exercise's reference solution passes and its stub fails (`workbook check`),
#   - DNS lookups take at most half the pool (tests/libuv/dns_slots.c), and on 1.45 to
#     1.48 lesson 10 without its io_uring switch fails, so the matrix can see io_uring,
# through the runner built against the oldest version's headers, which the run also
# proves builds, with the observer of the usual build preloaded into every program. The same runs follow on the system's own libuv. Everything runs one
# after another: the timings are what is judged, and two cores shared by parallel runs
# would judge the machine instead.
#
#   sh tests/libuv/run.sh                     (make check-libuv)
#   LIBUV_SOURCES=DIR        where the release archives and their SHA256SUMS are
#   LIBUV_VERSIONS="1.48.0"  only these versions (default: all three; "" for none)
#   LIBUV_SYSTEM=0           skip the system's libuv
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)

versions=${LIBUV_VERSIONS-1.40.0 1.48.0 1.52.1}
oldest=1.40.0
out=$root/build/libuv
if [ -z "$versions" ] && [ "${LIBUV_SYSTEM:-1}" = 0 ]; then
    echo "check-libuv: no libuv versions to run (LIBUV_VERSIONS is empty and LIBUV_SYSTEM=0): name at least one" >&2
    exit 1
fi

# The release sources: LIBUV_SOURCES, else the first shared/vendor/libuv folder in a
# folder above the checkout (a checkout beside the shared folder, or one level deeper).
sources=${LIBUV_SOURCES:-}
if [ -z "$sources" ]; then
    for up in .. ../.. ../../..; do
        if [ -d "$root/$up/shared/vendor/libuv" ]; then
            sources=$(cd "$root/$up/shared/vendor/libuv" && pwd)
            break
        fi
    done
fi
where="put libuv's release archives (libuv-VERSION.tar.gz for $versions) and their SHA256SUMS in one folder and name it: make check-libuv LIBUV_SOURCES=/path/to/folder"
if [ -z "$sources" ] || [ ! -f "$sources/SHA256SUMS" ]; then
    echo "check-libuv: no libuv release sources found${sources:+ in $sources} (looked for shared/vendor/libuv above the checkout): $where" >&2
    exit 1
fi
for tool in cmake sha256sum tar; do
    command -v $tool >/dev/null || {
        echo "check-libuv: $tool is needed to build libuv from its sources: install it (Debian: apt-get install $tool)" >&2
        exit 1
    }
done

failed=0
passed=0
runs=0
fail() { echo "  FAIL    $*"; failed=$((failed + 1)); }
pass() { echo "  ok      $*"; passed=$((passed + 1)); }
# holds NAME PATTERN COMMAND...: passes when the command exits 0; otherwise fails and shows
# the lines of its output that match PATTERN (the failed checks and their hints).
holds() {
    what=$1 pattern=$2
    shift 2
    if o=$("$@" 2>&1); then
        pass "$what"
    else
        fail "$what"
        printf '%s\n' "$o" | grep -- "$pattern" | head -n 12 | sed 's/^/          /'
    fi
}

# Build VERSION into build/libuv/VERSION, unless it is there already, built from the
# archive with this checksum (the stamp keeps it).
build_libuv() { # VERSION
    v=$1
    archive=$sources/libuv-$v.tar.gz
    prefix=$out/$v
    sum=$(grep " \*\?libuv-$v.tar.gz\$" "$sources/SHA256SUMS" | cut -d' ' -f1)
    if [ ! -f "$archive" ] || [ -z "$sum" ]; then
        echo "check-libuv: libuv-$v.tar.gz or its line in SHA256SUMS is missing from $sources: $where" >&2
        return 1
    fi
    if [ -f "$prefix/.stamp" ] && [ "$(cat "$prefix/.stamp")" = "$sum" ] &&
        [ -f "$prefix/lib/libuv.so.1" ]; then
        echo "  KEEP    libuv $v (build/libuv/$v)"
        return 0
    fi
    if [ "$(sha256sum <"$archive" | cut -d' ' -f1)" != "$sum" ]; then
        echo "check-libuv: libuv-$v.tar.gz does not match its checksum in $sources/SHA256SUMS: fetch it again" >&2
        return 1
    fi
    echo "  BUILD   libuv $v into build/libuv/$v (about a minute)"
    work=$out/src-$v
    rm -rf "$work" "$prefix"
    mkdir -p "$work"
    log=$out/build-$v.log
    if tar -xzf "$archive" -C "$work" &&
        cmake -S "$work/libuv-$v" -B "$work/b" -DCMAKE_INSTALL_PREFIX="$prefix" \
            -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_TESTING=OFF -DLIBUV_BUILD_TESTS=OFF \
            -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1 &&
        cmake --build "$work/b" -j 2 >>"$log" 2>&1 &&
        cmake --install "$work/b" >>"$log" 2>&1; then
        echo "$sum" >"$prefix/.stamp"
        rm -rf "$work"
    else
        tail -n 20 "$log"
        echo "check-libuv: libuv $v did not build: see build/libuv/build-$v.log" >&2
        return 1
    fi
}

mkdir -p "$out"
for v in $versions $oldest; do
    build_libuv "$v" || exit 1
done

# What the lessons cite from libuv's sources is there, at the tag they name (lesson 10,
# lesson 12, exercises 5 and 7, doctor). A citation that stops being true fails here.
cites() { # VERSION FILE TEXT (only for the versions this run builds)
    case " $versions $oldest " in *" $1 "*) ;; *) return ;; esac
    if tar -xzOf "$sources/libuv-$1.tar.gz" "libuv-$1/$2" 2>/dev/null | grep -qF -- "$3"; then
        pass "libuv $1's $2 says what the lessons cite: $3"
    else
        fail "libuv $1's $2 says what the lessons cite: $3"
    fi
}
cites 1.40.0 src/threadpool.c "return (nthreads + 1) / 2;"
cites 1.52.1 src/threadpool.c "return (nthreads + 1) / 2;"
cites 1.40.0 src/unix/getaddrinfo.c "UV__WORK_SLOW_IO"
cites 1.40.0 docs/src/threadpool.rst "Its default size is 4"
cites 1.48.0 src/unix/fs.c "if (uv__iou_fs_statx(loop, req, /* is_fstat */ 0, /* is_lstat */ 0))"
cites 1.48.0 src/unix/linux.c 'val = getenv("UV_USE_IO_URING");'
cites 1.48.0 src/unix/linux.c "/* 5.10.186 */ 0x050ABA"
cites 1.48.0 docs/src/fs.rst "Starting with libuv v1.45.0, some file operations on Linux are handed off to"
cites 1.52.1 docs/src/fs.rst "Starting with libuv v1.49.0 this"
cites 1.52.1 docs/src/fs.rst "All file operations are run on the threadpool."
cites 1.52.1 docs/src/loop.rst "versionchanged:: 1.49.0 added the UV_LOOP_USE_IO_URING_SQPOLL option"
cites 1.48.0 src/unix/async.c "if (atomic_load_explicit(pending, memory_order_relaxed) != 0)"
cites 1.52.1 src/unix/async.c "if (atomic_load_explicit(pending, memory_order_relaxed) != 0)"
cites 1.52.1 docs/src/async.rst "It's safe to call this function from any thread."
cites 1.52.1 docs/src/design.rst "**is not thread-safe** except where stated otherwise"
cites 1.48.0 src/unix/stream.c "stream->alloc_cb((uv_handle_t*)stream, 64 * 1024, &buf);"
cites 1.48.0 src/unix/core.c "once, which should be done after polling in order to maintain proper"

# The runner and its observer, built against the oldest libuv's headers: what an old
# distribution builds. Its own folder, so that the usual build is never mixed with it.
runner_build=build/libuv/runner-$oldest
echo "  BUILD   the runner against libuv $oldest's headers ($runner_build)"
if PKG_CONFIG_PATH="$out/$oldest/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    make BUILD="$runner_build" "$runner_build/workbook" >"$out/runner.log" 2>&1 &&
    grep -q "$out/$oldest/include" "$runner_build/.flags"; then
    pass "the runner builds against libuv $oldest's headers"
else
    tail -n 20 "$out/runner.log"
    fail "the runner builds against libuv $oldest's headers (see build/libuv/runner.log)"
    exit 1
fi
workbook=$root/$runner_build/workbook
# The lessons themselves, as make builds them, against the system's headers: a program
# built against one 1.x runs on any later or earlier 1.x that has the calls it makes.
make lessons >"$out/lessons.log" 2>&1 || { cat "$out/lessons.log"; exit 1; }

# Lesson 10's claim about DNS lookups (at most half the pool at once), as a program of its
# own: tests/libuv/dns_slots.c says how it slows the lookups down to show it.
cc=${CC:-cc}
# shellcheck disable=SC2086 # pkg-config's flags are words
$cc -std=gnu11 -O2 -Wall -Wextra $(pkg-config --cflags libuv) -o "$out/dns_slots" \
    tests/libuv/dns_slots.c $(pkg-config --libs libuv) -ldl || exit 1

state=$(mktemp -d /tmp/workbook-libuv.XXXXXX)
trap 'rm -rf "$state"' EXIT

# The runner of this matrix, on this checkout, with progress kept apart from the student's,
# and the observer a student's programs carry (build/libobserve.so, built by make against
# the system's headers): the objectives judged from each run prove it works on each libuv.
[ -f "$root/build/libobserve.so" ] || { echo "check-libuv: build/libobserve.so is missing: run make first" >&2; exit 1; }
wb() {
    WORKBOOK_ROOT=$root WORKBOOK_STATE_DIR=$state WORKBOOK_OBSERVER=$root/build/libobserve.so \
        "$workbook" --no-color "$@"
}

# Every lesson, every solution and every stub, on the libuv LD_LIBRARY_PATH gives.
run_matrix() { # LABEL EXPECTED-VERSION
    label=$1
    # The runtime libuv is the one wanted (doctor asks uv_version_string()).
    got=$(wb doctor 2>&1 | sed -n 's/^libuv .*runtime \([0-9.]*\).*/\1/p')
    if [ -n "$2" ] && [ "$got" != "$2" ]; then
        fail "$label: the runtime libuv is $got, not $2"
        return
    fi
    echo "  RUN     on libuv $got ($label)"
    runs=$((runs + 1))
    for expect in lessons/[0-9]*/*.expect; do
        dir=${expect%/*}
        lesson=${dir#lessons/}
        name=${expect##*/}
        name=${name%.expect}
        holds "libuv $got: lesson $lesson $name meets its expectations" '✗\|hint\|error' \
            wb run "${lesson%%-*}" "$name"
    done
    holds "libuv $got: DNS lookups run at most two at a time on a pool of four" 'lookups' \
        "$out/dns_slots"
    for ex in exercises/[0-9]*-*/; do
        n=${ex#exercises/}
        n=${n%%-*}
        for stub in "$ex"*.c; do
            solution=solutions/${stub#exercises/}
            holds "libuv $got: exercise $n's solution passes" '✗\|→' wb check "$n" "$solution"
            wb check "$n" "$stub" >/dev/null 2>&1
            rc=$?
            if [ $rc -eq 1 ]; then
                pass "libuv $got: exercise $n's stub fails"
            else
                fail "libuv $got: exercise $n's stub fails (exit $rc, wanted 1)"
            fi
        done
    done
}

# The matrix must be able to fail where libuv differs: on a version that sends file calls to
# io_uring (1.45 to 1.48) and a kernel that lets it (5.10.186 and newer), lesson 10's
# saturate without its UV_USE_IO_URING line must miss its expectations, its stat answered
# at once. Otherwise a green run on that version would prove nothing about io_uring.
io_uring_control() { # VERSION
    case $1 in 1.45.* | 1.46.* | 1.47.* | 1.48.*) ;; *) return ;; esac
    kernel=$(uname -r)
    if ! printf '%s\n5.10.186\n' "${kernel%%-*}" | sort -V -C -r; then
        echo "  SKIP    libuv $1: this kernel ($kernel) is older than 5.10.186, so libuv keeps file calls on the pool"
        return
    fi
    book=$state/io_uring
    rm -rf "$book" && mkdir -p "$book/lessons" &&
        cp -r lessons/common lessons/10-pool "$book/lessons/" &&
        grep -v 'UV_USE_IO_URING' lessons/10-pool/saturate.c >"$book/lessons/10-pool/saturate.c"
    o=$(WORKBOOK_ROOT=$book WORKBOOK_STATE_DIR=$state "$workbook" --no-color run 10 saturate 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && printf '%s\n' "$o" | grep -q '✗  stat'; then
        pass "libuv $1: without UV_USE_IO_URING=0, lesson 10's stat skips the pool and saturate fails"
    else
        fail "libuv $1: without UV_USE_IO_URING=0, lesson 10's stat skips the pool and saturate fails (exit $rc)"
        printf '%s\n' "$o" | grep 'stat' | head -n 5 | sed 's/^/          /'
    fi
}

started=$(date +%s)
system_path=${LD_LIBRARY_PATH-}
for v in $versions; do
    export LD_LIBRARY_PATH="$out/$v/lib${system_path:+:$system_path}"
    run_matrix "built from the release sources" "$v"
    io_uring_control "$v"
done
if [ "${LIBUV_SYSTEM:-1}" != 0 ]; then
    if [ -n "$system_path" ]; then export LD_LIBRARY_PATH="$system_path"; else unset LD_LIBRARY_PATH; fi
    run_matrix "the system's" ""
fi

echo "check-libuv: $passed passed, $failed failed (libuv $versions$([ "${LIBUV_SYSTEM:-1}" = 0 ] || echo " and the system's")) in $(($(date +%s) - started)) s"
# Passing means every run held, and at least one version really ran.
[ $failed -eq 0 ] && [ $runs -gt 0 ]
