#!/bin/sh
# Makes sure the Debian packages the workbook needs are installed.
#   scripts/deps.sh [--run|--exercise]          check, and install what is missing with apt-get
#   scripts/deps.sh --check [--run|--exercise]  only check; exit 1 and name the packages when some are missing
# --run: only what `make run` needs (building and the workbook screen), not the test tools.
# --exercise: what `make run` needs, and what the checker's race check needs (clang, libomp).
# Each test below names the package that provides what it looks for.
set -u

check_only=false
run_only=false
exercise_only=false
for arg in "$@"; do
    case $arg in
    --check) check_only=true ;;
    --run) run_only=true ;;
    --exercise) exercise_only=true ;;
    *) echo "usage: scripts/deps.sh [--check] [--run|--exercise]" >&2; exit 2 ;;
    esac
done

missing=""
need() { # need PACKAGE TEST...
    pkg=$1; shift
    if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
have_pc() { pkg-config --exists "$1"; }
have_cmd() { command -v "$1"; }
have_header() { printf '#include <%s>\n' "$1" | ${CC:-cc} -E -x c - >/dev/null 2>&1; }
# LLVM's OpenMP runtime and Archer beside clang (Debian: libomp-dev brings libomp-14-dev,
# which has both), for the race check of OpenMP programs.
have_llvm_omp() {
    lib=$(dirname "$(readlink -f "$(command -v clang)")")/../lib
    [ -f "$lib/libomp.so" ] && [ -f "$lib/libarcher.so" ]
}

need build-essential have_cmd cc
need build-essential have_cmd make
need pkg-config have_cmd pkg-config
need libuv1-dev have_pc libuv
need libncurses-dev have_pc ncursesw
need libmd4c-dev have_pc md4c
need libgomp1 have_header omp.h
need binutils have_cmd nm
if ! $run_only; then
    need clang have_cmd clang
    need libomp-dev have_llvm_omp
fi
if ! $run_only && ! $exercise_only; then
    need libcmocka-dev have_pc cmocka
    need tmux have_cmd tmux
    need perl have_cmd prove
fi

[ -z "$missing" ] && exit 0
# A package can be named twice (cc and make); say each once.
# shellcheck disable=SC2086 # split on purpose: one package a line
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')

if $check_only; then
    echo "missing Debian packages: $missing" >&2
    echo "install them with: make deps   (or: sudo apt-get install $missing)" >&2
    exit 1
fi

if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "missing Debian packages: $missing" >&2
    echo "you are not root and sudo is not installed; as root, run: apt-get install $missing" >&2
    exit 1
fi

echo "installing: $missing"
echo "+ $sudo apt-get update -qq"
$sudo apt-get update -qq || exit 1
echo "+ $sudo apt-get install -y --no-install-recommends $missing"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
