#!/bin/sh
# Makes sure what the workbook needs is installed, with the system's own package manager:
# apt (Debian, Ubuntu), dnf (Fedora), pacman (Arch) or Homebrew (macOS).
#   scripts/deps.sh [--run|--exercise]             check, and install what is missing
#   scripts/deps.sh --check [--run|--exercise]     only check; exit 1 and name the packages when some are missing
#   scripts/deps.sh --dry-run [--run|--exercise]   print the command that installs everything, run nothing
#   --run        only what `make run` needs (building and the workbook screen), not the test tools
#   --exercise   what `make run` needs, and what the checker's race check needs (clang, libomp)
#   --os NAME    debian, ubuntu, fedora, arch or macos instead of this system
# Each need below has a test (what it looks for here) and a package on each system. The
# compiler is $CC (else cc): when it is clang, LLVM's OpenMP runtime is needed too.
set -u

check_only=false
run_only=false
exercise_only=false
dry_run=false
os=""
usage="usage: scripts/deps.sh [--check | --dry-run] [--run | --exercise] [--os debian|ubuntu|fedora|arch|macos]"
while [ $# -gt 0 ]; do
    case $1 in
    --check) check_only=true ;;
    --run) run_only=true ;;
    --exercise) exercise_only=true ;;
    --dry-run) dry_run=true ;;
    --os)
        [ $# -gt 1 ] || { echo "$usage" >&2; exit 2; }
        os=$2
        shift
        ;;
    --os=*) os=${1#--os=} ;;
    *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done

# This system: macOS by its kernel, the others by /etc/os-release (ID, then ID_LIKE).
detect_os() {
    if [ "$(uname -s)" = Darwin ]; then
        echo macos
        return
    fi
    release=${OS_RELEASE_FILE:-/etc/os-release}
    [ -r "$release" ] || { echo unknown; return; }
    ids=$(sed -n 's/^ID=//p; s/^ID_LIKE=//p' "$release" | tr -d '"' | tr '\n' ' ')
    for id in $ids; do
        case $id in
        debian | ubuntu | fedora | arch) echo "$id"; return ;;
        rhel | centos) echo fedora; return ;;
        esac
    done
    echo unknown
}
[ -n "$os" ] || os=$(detect_os)
case $os in
debian | ubuntu | fedora | arch | macos | unknown) ;;
*) echo "scripts/deps.sh: no package list for '$os' (debian, ubuntu, fedora, arch, macos)" >&2; exit 2 ;;
esac

# The package that provides a need on this system ("-" when the system has it built in).
package() { # package NEED
    case $os:$1 in
    debian:cc | ubuntu:cc | debian:make | ubuntu:make) echo build-essential ;;
    fedora:cc | arch:cc) echo gcc ;;
    fedora:make | arch:make) echo make ;;
    macos:cc | macos:make | macos:clang) echo - ;; # Xcode's command line tools
    debian:pkg-config | ubuntu:pkg-config) echo pkg-config ;;
    fedora:pkg-config) echo pkgconf-pkg-config ;;
    arch:pkg-config | macos:pkg-config) echo pkgconf ;;
    debian:libuv | ubuntu:libuv) echo libuv1-dev ;;
    fedora:libuv) echo libuv-devel ;;
    arch:libuv | macos:libuv) echo libuv ;;
    debian:ncurses | ubuntu:ncurses) echo libncurses-dev ;;
    fedora:ncurses) echo ncurses-devel ;;
    arch:ncurses | macos:ncurses) echo ncurses ;;
    debian:md4c | ubuntu:md4c) echo libmd4c-dev ;;
    fedora:md4c) echo md4c-devel ;;
    arch:md4c | macos:md4c) echo md4c ;;
    debian:libdw | ubuntu:libdw) echo libdw-dev ;;
    fedora:libdw) echo elfutils-devel ;;
    arch:libdw) echo libelf ;;
    macos:libdw) echo - ;; # no ELF there: verdicts go without the line
    debian:openmp | ubuntu:openmp) echo libgomp1 ;;
    fedora:openmp) echo libgomp ;;
    arch:openmp) echo gcc-libs ;;
    debian:clang-openmp | ubuntu:clang-openmp) echo libomp-dev ;;
    fedora:clang-openmp) echo libomp-devel ;;
    arch:clang-openmp) echo openmp ;;
    macos:openmp | macos:clang-openmp) echo libomp ;;
    debian:cmocka | ubuntu:cmocka) echo libcmocka-dev ;;
    fedora:cmocka) echo libcmocka-devel ;;
    arch:cmocka | macos:cmocka) echo cmocka ;;
    *:tmux) echo tmux ;;
    macos:patch) echo - ;; # macOS has patch
    *:patch) echo patch ;;
    debian:sandbox | ubuntu:sandbox | fedora:sandbox | arch:sandbox) echo bubblewrap ;;
    fedora:prove) echo perl-Test-Harness ;;
    macos:prove) echo - ;; # macOS's own perl has prove
    *:prove) echo perl ;;
    *:clang) echo clang ;;
    debian:yaml | ubuntu:yaml) echo python3-yaml ;;
    fedora:yaml) echo python3-pyyaml ;;
    arch:yaml) echo python-yaml ;;
    macos:yaml) echo pyyaml ;;
    debian:xmllint | ubuntu:xmllint) echo libxml2-utils ;;
    fedora:xmllint | arch:xmllint) echo libxml2 ;;
    macos:xmllint) echo - ;;
    esac
}

# What each need is for, for a system without a package list.
purpose() { # purpose NEED
    case $1 in
    cc) echo "a C compiler: gcc or clang" ;;
    make) echo "GNU make" ;;
    pkg-config) echo "pkg-config" ;;
    libuv) echo "libuv 1.40 or newer, with its headers" ;;
    ncurses) echo "ncurses with wide characters (ncursesw), with its headers" ;;
    md4c) echo "md4c, with its headers" ;;
    libdw) echo "elfutils' libdw, with its headers (the lines of a program's libuv calls in verdicts)" ;;
    openmp) echo "the compiler's OpenMP runtime (gcc: libgomp)" ;;
    clang-openmp) echo "LLVM's OpenMP runtime (libomp, with Archer) for clang" ;;
    cmocka) echo "cmocka, with its headers (the unit tests)" ;;
    tmux) echo "tmux (the screen's tests)" ;;
    patch) echo "patch (builds the known-wrong programs stored as patches of a solution)" ;;
    sandbox) echo "bubblewrap (bwrap), the sandbox around every check" ;;
    prove) echo "perl's prove (the command-line tests)" ;;
    clang) echo "clang (the fuzzers, and the suite's second compiler)" ;;
    yaml) echo "python3 with PyYAML (checks the classroom workflow)" ;;
    xmllint) echo "xmllint (checks the JUnit reports)" ;;
    esac
}

cc=${CC:-cc}
have_pc() { pkg-config --exists "$@"; }
have_cmd() { command -v "$1"; }
# shellcheck disable=SC2086 # CC may be "ccache gcc"
have_omp() { printf '#include <omp.h>\n' | $1 -fopenmp -E -x c - >/dev/null 2>&1; }
cc_is_clang() { $cc --version 2>/dev/null | grep -qi clang; }
# LLVM's OpenMP runtime and Archer beside clang (Debian: libomp-dev brings libomp-14-dev,
# which has both), for the race check of OpenMP programs.
have_llvm_omp() {
    lib=$(dirname "$(readlink -f "$(command -v clang)")")/../lib
    [ -f "$lib/libomp.so" ] && [ -f "$lib/libarcher.so" ]
}

# make run: building and the screen (and libomp when the compiler is clang); the race
# check (--exercise, and the tests) adds clang and its OpenMP runtime; the tests add
# their tools.
needs="cc make pkg-config libuv ncurses md4c libdw openmp"
# The sandbox around students' code: bubblewrap, on Linux only (runner/SANDBOX.md).
[ "$os" = macos ] || needs="$needs sandbox"
if $run_only; then
    if [ "$os" = macos ] || cc_is_clang; then needs="$needs clang-openmp"; fi
else
    needs="$needs clang clang-openmp"
fi
$run_only || $exercise_only || needs="$needs cmocka tmux patch prove yaml xmllint"

# Whether a need is met here.
met() { # met NEED
    case $1 in
    cc) have_cmd "$cc" ;;
    make | tmux | patch | prove | clang | xmllint | pkg-config) have_cmd "$1" ;;
    sandbox) have_cmd bwrap ;;
    libuv) have_pc --atleast-version=1.40 libuv ;;
    ncurses) have_pc ncursesw ;;
    md4c) have_pc md4c ;;
    libdw) [ "$os" = macos ] || have_pc libdw ;;
    cmocka) have_pc cmocka ;;
    openmp) have_omp "$cc" ;;
    clang-openmp)
        have_omp clang || return 1
        # Archer's place is known on Debian's layout; elsewhere the runtime is enough.
        case $os in debian | ubuntu) have_llvm_omp ;; esac
        ;;
    yaml) python3 -c 'import yaml' ;;
    esac
}

# The command that installs packages on this system, as it will be printed and run.
installer() {
    case $os in
    debian | ubuntu) echo "apt-get install -y --no-install-recommends" ;;
    fedora) echo "dnf install -y" ;;
    arch) echo "pacman -S --needed --noconfirm" ;;
    macos) echo "brew install" ;;
    esac
}

if [ "$os" = unknown ]; then
    echo "scripts/deps.sh knows Debian, Ubuntu, Fedora, Arch and macOS; this system is none of them." >&2
    echo "Install these with its package manager (or choose a list with --os), then run make again:" >&2
    for n in $needs; do
        if $dry_run || ! met "$n" >/dev/null 2>&1; then echo "  $(purpose "$n")" >&2; fi
    done
    exit 1
fi

missing=""
for n in $needs; do
    if $dry_run || ! met "$n" >/dev/null 2>&1; then
        p=$(package "$n")
        [ "$p" = - ] || missing="$missing $p"
        [ "$os:$p" = macos:- ] && ! $dry_run && xcode_missing=true
    fi
done
# A package can be named twice (cc and make); say each once, in the order of the needs.
# shellcheck disable=SC2086 # split on purpose: one package a line
missing=$(printf '%s\n' $missing | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//')

if [ "${xcode_missing:-false}" = true ]; then
    echo "the compiler or make is missing: install Xcode's command line tools with: xcode-select --install" >&2
    [ -n "$missing" ] || exit 1
fi
if [ -z "$missing" ]; then
    [ "${xcode_missing:-false}" = true ] && exit 1
    exit 0
fi

sudo=""
if [ "$os" != macos ] && [ "$(id -u)" != 0 ]; then sudo="sudo "; fi
if $dry_run; then
    [ "$os" = debian ] || [ "$os" = ubuntu ] && echo "${sudo}apt-get update -qq"
    echo "$sudo$(installer) $missing"
    if [ "$os" = macos ]; then
        echo "# and Xcode's command line tools (the compiler, make): xcode-select --install"
        echo "# Homebrew's ncurses and libomp are keg-only: the Makefile and toolchain.sh find them with brew --prefix"
    fi
    exit 0
fi

if $check_only; then
    echo "missing $os packages: $missing" >&2
    echo "install them with: make deps   (or: $sudo$(installer) $missing)" >&2
    exit 1
fi

if [ "$os" = macos ]; then
    if ! command -v brew >/dev/null 2>&1; then
        echo "missing: $missing" >&2
        echo "Homebrew is not installed: install it from https://brew.sh, then run make deps again" >&2
        exit 1
    fi
elif [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "missing $os packages: $missing" >&2
    echo "you are not root and sudo is not installed; as root, run: $(installer) $missing" >&2
    exit 1
fi

echo "installing: $missing"
case $os in
debian | ubuntu)
    echo "+ ${sudo}apt-get update -qq"
    # shellcheck disable=SC2086 # sudo, or nothing
    ${sudo}apt-get update -qq || exit 1
    ;;
esac
echo "+ $sudo$(installer) $missing"
# shellcheck disable=SC2086,SC2046 # the words are the command and its packages
DEBIAN_FRONTEND=noninteractive $sudo$(installer) $missing
