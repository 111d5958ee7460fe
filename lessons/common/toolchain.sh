#!/bin/sh
# The one place that says how a lesson, an exercise or a solution is compiled: which
# compiler ($CC, else cc), which flags, which libraries. lesson.mk (make) and the
# checker (runner/book/toolchain.c) both ask it, so `workbook run ex2` and `workbook check 2`
# build a file the same way and report the same warnings.
#
#   sh toolchain.sh          key=value lines: cc, kind, name, openmp, libuv, cflags, libs
#   sh toolchain.sh --make   the flags as words for make: cflags:W... libs:W...
#
# It asks the compiler itself (its predefined macros) rather than trusting its name, so
# `cc` that is clang is clang. When the compiler cannot build the programs (missing, not
# gcc or clang, no OpenMP, no libuv or one older than 1.40) it says so on stderr with the
# command that fixes it, and exits 2.
set -u

mode=${1:-}
case $mode in
"" | --make) ;;
*) echo "usage: sh toolchain.sh [--make]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}
[ -n "$cc" ] || cc=cc

fail() {
    echo "$*" >&2
    [ "$mode" = --make ] && echo "toolchain-failed"
    exit 2
}

# The macros a C file compiled with these flags sees, or nothing when it does not compile.
# $cc is left unquoted on purpose: CC may be "ccache gcc".
macros() { # macros HEADER FLAGS...
    header=$1
    shift
    # shellcheck disable=SC2086
    printf '%s\n' "$header" | $cc "$@" -dM -E -x c - 2>/dev/null
}
macro() { # macro NAME < macros: its value
    sed -n "s/^#define $1 //p" | head -n 1
}

# shellcheck disable=SC2086 # the compiler's own name is the first word
set -- $cc
if ! command -v "$1" >/dev/null 2>&1; then
    fail "the C compiler '$cc' (CC) was not found: install one with \`make deps\`, or choose one with CC=gcc or CC=clang"
fi

plain=$(macros "" )
if [ -z "$plain" ]; then
    fail "'$cc' (CC) does not run as a C compiler: choose gcc or clang with CC=gcc or CC=clang"
fi
if printf '%s\n' "$plain" | grep -q '^#define __apple_build_version__ '; then
    kind=apple-clang
elif printf '%s\n' "$plain" | grep -q '^#define __clang__ '; then
    kind=clang
elif printf '%s\n' "$plain" | grep -q '^#define __GNUC__ ' &&
    ! printf '%s\n' "$plain" | grep -q '^#define __INTEL'; then
    kind=gcc
else
    fail "'$cc' (CC) is neither gcc nor clang, the two compilers the workbook builds with: choose one with CC=gcc or CC=clang"
fi
case $kind in
gcc) version=$(printf '%s\n' "$plain" | macro __GNUC__).$(printf '%s\n' "$plain" | macro __GNUC_MINOR__).$(printf '%s\n' "$plain" | macro __GNUC_PATCHLEVEL__) ;;
*) version=$(printf '%s\n' "$plain" | macro __clang_major__).$(printf '%s\n' "$plain" | macro __clang_minor__).$(printf '%s\n' "$plain" | macro __clang_patchlevel__) ;;
esac
name="$kind $version"

# OpenMP: gcc and LLVM's clang take -fopenmp; Apple's clang has no runtime of its own,
# so it takes Homebrew's libomp through the preprocessor and links it by hand.
if [ "$kind" = apple-clang ]; then
    omp_prefix=${LIBOMP_PREFIX:-$(brew --prefix libomp 2>/dev/null)}
    for p in "$omp_prefix" /opt/homebrew/opt/libomp /usr/local/opt/libomp; do
        if [ -n "$p" ] && [ -f "$p/include/omp.h" ]; then omp_prefix=$p; break; fi
    done
    omp_cflags="-Xpreprocessor -fopenmp -I$omp_prefix/include"
    omp_libs="-L$omp_prefix/lib -lomp"
else
    omp_cflags="-fopenmp"
    omp_libs="-fopenmp"
fi
# shellcheck disable=SC2086
openmp=$(macros '#include <omp.h>' $omp_cflags | macro _OPENMP)
if [ -z "$openmp" ]; then
    case $kind in
    apple-clang) fix="brew install libomp (make deps does it)" ;;
    clang) fix="install LLVM's OpenMP runtime with \`make deps\` (Debian and Ubuntu: libomp-dev, Fedora: libomp-devel, Arch: openmp), or use CC=gcc" ;;
    gcc) fix="install gcc's OpenMP runtime with \`make deps\` (Debian and Ubuntu: libgomp1, Fedora and Arch: gcc)" ;;
    esac
    fail "$name cannot compile OpenMP here (\`$cc $omp_cflags\` fails on #include <omp.h>): $fix"
fi

# libuv: pkg-config's flags when it knows libuv, else the compiler's own paths.
if uv_cflags=$(pkg-config --cflags libuv 2>/dev/null) && uv_libs=$(pkg-config --libs libuv 2>/dev/null); then
    :
else
    uv_cflags=""
    uv_libs="-luv"
fi
# shellcheck disable=SC2086
uv_macros=$(macros '#include <uv.h>' $uv_cflags)
uv_major=$(printf '%s\n' "$uv_macros" | macro UV_VERSION_MAJOR)
uv_minor=$(printf '%s\n' "$uv_macros" | macro UV_VERSION_MINOR)
if [ -z "$uv_major" ] || [ -z "$uv_minor" ]; then
    fail "libuv's headers are missing (uv.h): install them with \`make deps\` (Debian and Ubuntu: libuv1-dev, Fedora: libuv-devel, Arch: libuv, macOS: brew install libuv)"
fi
if [ "$uv_major" -lt 1 ] || { [ "$uv_major" -eq 1 ] && [ "$uv_minor" -lt 40 ]; }; then
    fail "libuv $uv_major.$uv_minor is older than 1.40, the oldest the workbook builds with: install a newer one (\`make deps\` on a current system; Debian 11 and Ubuntu 22.04 have 1.40 or newer)"
fi

# The flags every program is built with: warnings on, as the lessons are teaching text.
cflags="-O2 -g -Wall -Wextra -std=gnu11 -pthread $omp_cflags -I$here $uv_cflags"
libs="$uv_libs -pthread $omp_libs -lm"
# One space between words (an empty pkg-config answer leaves two).
# shellcheck disable=SC2086,SC2116
cflags=$(echo $cflags)
# shellcheck disable=SC2086,SC2116
libs=$(echo $libs)

if [ "$mode" = --make ]; then
    for w in $cflags; do printf 'cflags:%s ' "$w"; done
    for w in $libs; do printf 'libs:%s ' "$w"; done
    printf '\n'
else
    printf 'cc=%s\nkind=%s\nname=%s\nopenmp=%s\nlibuv=%s.%s\ncflags=%s\nlibs=%s\n' \
        "$cc" "$kind" "$name" "$openmp" "$uv_major" "$uv_minor" "$cflags" "$libs"
fi
