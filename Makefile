# Wait or Work: build the runner, the lessons and the tests.
#
#   make run             build what is needed and open the workbook
#   make check           the whole test suite
#   make check-exercise N [FILE=path.c]   grade an exercise (also N=2)
#   make bench           the measured figures
#   make check-libuv     the lessons and exercises on libuv 1.40, 1.48, 1.52 and the system's
#   make deps            install the Debian packages the workbook needs
#
# V=1 shows the commands. SANITIZE=address,undefined builds the runner and its
# tests with sanitizers, in build/sanitize so the two builds never mix.

# The compiler: make's default (cc) or CC=clang. It is exported, so that the workbook
# builds and checks the programs with the same one (runner/book/toolchain.c asks
# lessons/common/toolchain.sh, as lesson.mk does).
CC ?= cc
export CC
PKGS := libuv ncursesw md4c
UNAME_S := $(shell uname -s)
# elfutils' libdw names the lines of a program's libuv calls in the checker's verdicts; macOS
# has no ELF, and its verdicts go without the line.
ifneq ($(UNAME_S),Darwin)
PKGS += libdw
DW_FLAGS := -DHAVE_LIBDW
endif
SANITIZE ?=

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

ifneq ($(SANITIZE),)
BUILD := build/sanitize
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD := build
SAN_FLAGS :=
endif

# Homebrew keeps its ncurses (wide characters, newer than macOS's) apart from the system's:
# pkg-config finds it through its folder. (toolchain.sh finds libomp by itself.)
ifeq ($(UNAME_S),Darwin)
BREW_NCURSES := $(shell brew --prefix ncurses 2>/dev/null)
ifneq ($(BREW_NCURSES),)
export PKG_CONFIG_PATH := $(BREW_NCURSES)/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
endif
endif

# pkg-config is asked lazily, so that `make deps` works before it is installed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifneq ($(CI),)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SAN_FLAGS) -D_GNU_SOURCE $(DW_FLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)
# openpty is in libutil on Linux and the BSDs, in the C library on macOS.
UTIL_LIB := $(if $(filter Darwin,$(UNAME_S)),,-lutil)
LIBS = $(PKG_LIBS) $(UTIL_LIB) -lm -pthread

# The runner's modules are the folders of runner/ (runner/README.md has the map). Every
# module's folder is on the include path, so a file names a header by its name alone.
RUNNER_SRC := $(wildcard runner/*.c runner/*/*.c)
RUNNER_INC := -Irunner $(patsubst %/,-I%,$(sort $(dir $(wildcard runner/*/*.h))))
RUNNER_OBJ := $(RUNNER_SRC:%.c=$(BUILD)/%.o)
# Everything but main(): what the unit tests and fuzzers link against.
RUNNER_LIB_OBJ := $(filter-out $(BUILD)/runner/cli/main.o,$(RUNNER_OBJ))
WORKBOOK := $(BUILD)/workbook
# The observer the workbook preloads into the programs it runs (observer/observe.c); it
# lives beside the workbook, which finds it there. It is loaded into programs built
# without sanitizers, where ASan cannot follow (its runtime must come first), but UBSan
# can: SANITIZE=...undefined builds it with UBSan, so that its own mistakes stop the run.
OBSERVER := $(BUILD)/libobserve.so
OBSERVER_SAN := $(if $(findstring undefined,$(SANITIZE)),-fsanitize=undefined -fno-sanitize-recover=all)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

LESSON_DIRS := $(sort $(dir $(wildcard lessons/[0-9]*/Makefile)))

all: $(WORKBOOK) lessons

$(WORKBOOK): $(RUNNER_OBJ) | $(OBSERVER)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Everything is rebuilt when the compiler or its flags change (make CC=clang after make).
BUILD_LINE = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $(LIBS)
$(BUILD)/.flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(BUILD_LINE)' | cmp -s - $@ || echo '$(BUILD_LINE)' >$@

$(OBSERVER): observer/observe.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) -std=gnu11 $(WARN) -O2 -g -fPIC -shared -D_GNU_SOURCE $(OBSERVER_SAN) \
	    $(shell pkg-config --cflags libuv 2>/dev/null) -o $@ $< -ldl -pthread

$(BUILD)/%.o: %.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(RUNNER_INC) -c -o $@ $<

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(BUILD)/tests/unit/unit_filter.o \
    $(RUNNER_LIB_OBJ)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(LIBS)

lessons:
	$(Q)for d in $(LESSON_DIRS); do $(MAKE) -C $$d V=$(V) || exit 1; done

deps:
	@sh scripts/deps.sh

deps-ok:
	@sh scripts/deps.sh --check 2>/dev/null || sh scripts/deps.sh

# `make run` needs only what builds the lessons and draws the screen.
deps-run-ok:
	@sh scripts/deps.sh --check --run 2>/dev/null || sh scripts/deps.sh --run

# `make check-exercise` also wants clang and libomp for the race check; without them (and
# without root or sudo to install them) it still grades, and the race check says "not run here".
deps-exercise-ok:
	@sh scripts/deps.sh --check --exercise 2>/dev/null || sh scripts/deps.sh --exercise || true

run: deps-run-ok
	$(Q)$(MAKE) $(WORKBOOK) V=$(V)
	@$(WORKBOOK)

# Presentation mode for a projector; REPLAY=1 shows the recorded runs of assets/replay/.
present: deps-run-ok
	$(Q)$(MAKE) $(WORKBOOK) V=$(V)
	@$(WORKBOOK) present $(if $(REPLAY),--replay)

# make unit T=expect F=any_order: one binary (or several, T="expect observe"), and in
# it the tests whose names hold the word. Each binary runs under a time limit, and all
# run even when one fails (tests/unit/run.sh).
# The test objects are kept, so that `make unit` twice does not build them twice.
.SECONDARY: $(UNIT_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/unit/unit_filter.o

unit: $(UNIT_BIN)
	$(Q)T='$(T)' F='$(F)' sh tests/unit/run.sh $(BUILD)

# make cli T=check ONLY=1-racy: one TAP script (or several, T="check grade"), and in it
# the tests whose names hold ONLY (tests/cli/tap.sh; make exports ONLY to it). Each script
# runs under a time limit.
CLI_TIME_LIMIT ?= 1800
cli: $(WORKBOOK) lessons
	$(Q)$(PROVE) $(if $(V),-v) --exec 'timeout -k 10 $(CLI_TIME_LIMIT) sh' \
	    $(if $(T),$(foreach t,$(T),tests/cli/$(t).t),-r tests/cli)

# The integration tests are TAP scripts; they find the runner through $WORKBOOK, and
# keep their progress in build/ so that a student's own progress is never touched.
PROVE = rm -rf $(BUILD)/test-state && WORKBOOK=$(abspath $(WORKBOOK)) \
        WORKBOOK_STATE_DIR=$(abspath $(BUILD)/test-state) prove

check: deps-ok
	$(Q)$(MAKE) all $(UNIT_BIN) V=$(V)
	$(Q)$(MAKE) unit T= F=
	$(Q)$(MAKE) cli T= ONLY=
	$(Q)if command -v $(FUZZ_CC) >/dev/null; then $(MAKE) fuzz-short V=$(V); \
	    elif [ -n "$(CI)" ]; then echo "fuzz-short: no $(FUZZ_CC), and in CI a missing tool is a failure"; exit 1; \
	    else echo "  SKIP    fuzz-short (no $(FUZZ_CC))"; fi

# Robustness (tests/fuzz, tests/tsan). `make fuzz` runs each libFuzzer target for
# FUZZ_SECONDS (default 60) from its seed corpus in tests/fuzz/corpus (what it learns
# goes to build/fuzz/corpus; a crash to build/fuzz/crashes, and becomes a seed);
# `make fuzz-short` runs each for FUZZ_SHORT_SECONDS (3). `make check-sanitize` is
# `make check SANITIZE=address,undefined`; `make tsan` runs the thread programs under
# ThreadSanitizer; `make valgrind` runs the runner under memcheck.
FUZZ_TARGETS := expect_parse expect_match lines text
FUZZ_SECONDS ?= 60
FUZZ_SHORT_SECONDS ?= 3
FUZZ_CC ?= clang
FUZZ_FLAGS := -std=gnu11 -g -O1 -D_GNU_SOURCE $(RUNNER_INC) -Wall -Wextra \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_BIN := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
# The verdict's words (words.c) name libuv's errors.
FUZZ_LIBS = $(shell pkg-config --libs libuv 2>/dev/null || echo -luv)

build/fuzz/fuzz_expect_parse build/fuzz/fuzz_expect_match: $(wildcard runner/expect/*.c) \
    runner/observe/facts.c runner/base/util.c runner/base/words.c runner/base/status.c \
    $(wildcard runner/expect/*.h)
build/fuzz/fuzz_lines: runner/base/lines.c runner/base/lines.h
build/fuzz/fuzz_text: runner/base/text.c runner/base/text.h runner/base/util.c
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(filter %.c,$^) -lm $(FUZZ_LIBS)

fuzz: $(FUZZ_BIN)
	$(Q)for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes; \
	    echo "  FUZZ    $$t for $(FUZZ_SECONDS) s"; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -max_len=4096 -artifact_prefix=build/fuzz/crashes/$$t- \
	        build/fuzz/corpus/$$t tests/fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 || \
	        { tail -n 30 build/fuzz/$$t.log; echo "fuzz_$$t failed: see build/fuzz/$$t.log"; \
	          exit 1; }; \
	done

fuzz-short:
	$(Q)$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SHORT_SECONDS) V=$(V)

# Sanitizer reports must fail the run: UBSan stops at the first (-fno-sanitize-recover),
# ASan too, and a leak makes the runner exit non-zero.
ifneq ($(SANITIZE),)
export ASAN_OPTIONS ?= halt_on_error=1:abort_on_error=1:detect_leaks=1:print_summary=1
export UBSAN_OPTIONS ?= halt_on_error=1:print_stacktrace=1
endif

check-sanitize:
	$(Q)$(MAKE) check SANITIZE=address,undefined V=$(V)

tsan:
	$(Q)sh tests/tsan/run.sh

# Exit status 3 is memcheck's (errors or definite leaks); the runner's own 0 or 1 is not
# what is judged here.
VALGRIND := valgrind --tool=memcheck --trace-children=no --error-exitcode=3 \
            --errors-for-leak-kinds=definite --leak-check=full --quiet
valgrind: $(WORKBOOK) lessons
	$(Q)echo "  MEMCHECK workbook run 04"
	$(Q)$(VALGRIND) $(WORKBOOK) --no-color run 04 >build/valgrind-run.log 2>&1; \
	    [ $$? -ne 3 ] || { cat build/valgrind-run.log; exit 1; }
	$(Q)echo "  MEMCHECK workbook check 2 (the solution)"
	$(Q)WORKBOOK_STATE_DIR=build/valgrind-state $(VALGRIND) $(WORKBOOK) --no-color check 2 \
	    solutions/2-offload-hash/offload_hash.c >build/valgrind-check.log 2>&1; \
	    [ $$? -ne 3 ] || { cat build/valgrind-check.log; exit 1; }

.PHONY: fuzz fuzz-short check-sanitize tsan valgrind

# The libuv version matrix (tests/libuv/run.sh): libuv 1.40.0, 1.48.0 and 1.52.1 built from
# their release sources into build/libuv/VERSION (once), then every lesson, every solution
# (must pass) and every stub (must fail) run on each and on the system's libuv, through the
# runner built against 1.40's headers. LIBUV_SOURCES names the folder of the archives and
# their SHA256SUMS (default: shared/vendor/libuv in a folder above the checkout); without
# them it says where to put them and fails. About 8 minutes on 2 cores, plus 2 the first time.
check-libuv: deps-ok
	$(Q)$(MAKE) $(WORKBOOK) lessons V=$(V)
	$(Q)LIBUV_SOURCES='$(LIBUV_SOURCES)' LIBUV_SYSTEM='$(LIBUV_SYSTEM)' sh tests/libuv/run.sh

.PHONY: check-libuv

# Grading: `make check-exercise 2`, `make check-exercise N=2`, and FILE=path/to/file.c
# to grade another file. The bare number is a goal of its own, so each number has a
# rule that does nothing. make turns the checker's exit status 1 into its own 2. The
# numbers come from the folders (exercises/N-slug), so a new exercise needs no edit here.
EXERCISE_NUMBERS := $(sort $(foreach d,$(wildcard exercises/[0-9]*-*),\
                      $(firstword $(subst -, ,$(notdir $(d))))))
CHECK_N = $(or $(N),$(firstword $(filter $(EXERCISE_NUMBERS),$(MAKECMDGOALS))))

check-exercise: deps-exercise-ok $(WORKBOOK)
	$(Q)$(WORKBOOK) check $(CHECK_N) $(FILE)

$(EXERCISE_NUMBERS):
	@:

# The toolchain's recipe for a lesson's or an exercise's program (toolchain.sh): asked once,
# when first used, so that `make deps` runs before it can answer.
PROGRAM_TOOLCHAIN = $(eval PROGRAM_TOOLCHAIN := $(shell sh lessons/common/toolchain.sh \
                    --make))$(PROGRAM_TOOLCHAIN)
PROGRAM_CFLAGS = $(patsubst cflags:%,%,$(filter cflags:%,$(PROGRAM_TOOLCHAIN)))
PROGRAM_LIBS = $(patsubst libs:%,%,$(filter libs:%,$(PROGRAM_TOOLCHAIN)))

# How every C file is compiled, for clangd. Written from the flags we know rather than
# recorded with bear, because the exercises are built by the checker, not by make.
COMPILE_DB_SRC = $(wildcard runner/*/*.c lessons/*/*.c exercises/*/*.c solutions/*/*.c \
                   tests/exercises/*.c tests/unit/*.c)
RUNNER_DB_FLAGS = -std=gnu11 $(WARN) -D_GNU_SOURCE $(RUNNER_INC) $(PKG_CFLAGS)
PROGRAM_DB_FLAGS = $(PROGRAM_CFLAGS)

compile_commands.json: $(COMPILE_DB_SRC) Makefile
	@$(if $(Q),echo "  GEN     $@")
	$(Q){ printf '['; sep=''; for f in $(COMPILE_DB_SRC); do \
	    case $$f in runner/*|tests/unit/*) flags='$(RUNNER_DB_FLAGS)';; \
	                *) flags='$(PROGRAM_DB_FLAGS)';; esac; \
	    printf '%s\n  {"directory": "%s", "file": "%s", "command": "%s %s -c %s"}' \
	        "$$sep" "$(CURDIR)" "$$f" "$(CC)" "$$(echo $$flags)" "$$f"; sep=','; \
	done; printf '\n]\n'; } > $@.tmp && mv $@.tmp $@

.PHONY: check-exercise $(EXERCISE_NUMBERS) compile_commands.json

# The figures (README, Performance): the measurement programs in bench/, then the
# driver, which runs them, the workbook headless and clean builds in build/bench/tree,
# prints the table and writes build/bench.json. Never part of `make check`; a missed
# target prints ✗ and still exits 0, only a failed measurement fails. BENCH_REPS=N
# repeats each measurement N times (at least 5, the default).
BENCH_OUT := build/bench
BENCH_PROGRAMS := $(addprefix $(BENCH_OUT)/,overlap sockets heartbeat omp threads pipeline \
                    ex4-solution ex4-stub shared)
# Lessons' and exercises' programs are built with the toolchain's recipe (toolchain.sh, as
# lesson.mk and the checker build them); bench's own programs add _GNU_SOURCE.
BENCH_CFLAGS = $(PROGRAM_CFLAGS) -D_GNU_SOURCE
BENCH_LIBS = $(PROGRAM_LIBS)

# Two figures measure a lesson's own code: their programs include the lesson's file.
$(BENCH_OUT)/threads: lessons/05-threads/primes.c lessons/common/stopwatch.h lessons/common/knob.h
$(BENCH_OUT)/pipeline: lessons/07-pipeline/offloaded.c lessons/common/stopwatch.h lessons/common/knob.h
$(BENCH_OUT)/%: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $< $(BENCH_LIBS)

# Exercise 4's reference solution and its stub, built as the checker builds a student's file.
$(BENCH_OUT)/ex4-solution: solutions/4-server/server.c
$(BENCH_OUT)/ex4-stub: exercises/4-server/server.c
$(BENCH_OUT)/ex4-%:
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(PROGRAM_CFLAGS) -o $@ $< $(PROGRAM_LIBS)

BENCH_RUNNER_SRC := runner/base/machine.c runner/book/toolchain.c runner/book/catalog.c \
                    runner/base/util.c
$(BENCH_OUT)/bench: bench/bench.c bench/bench.h $(BENCH_RUNNER_SRC)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(BENCH_CFLAGS) $(RUNNER_INC) -o $@ bench/bench.c $(BENCH_RUNNER_SRC) $(BENCH_LIBS) \
	    $(UTIL_LIB)

bench: deps-ok
	$(Q)$(MAKE) $(WORKBOOK) $(BENCH_PROGRAMS) $(BENCH_OUT)/bench lessons V=$(V)
	$(Q)$(BENCH_OUT)/bench $(WORKBOOK) $(BENCH_REPS)

.PHONY: bench

clean:
	rm -rf build

# The exercises' own check, as rustlings and exercism keep one: every stub fails with a
# helpful verdict, every solution passes three runs in a row, every known-wrong program in
# tests/exercises/ fails with the message it should, and grading a folder works. Also
# part of `make check`.
dev-check: deps-ok
	$(Q)$(MAKE) $(WORKBOOK) V=$(V)
	$(Q)$(PROVE) tests/cli/check.t tests/cli/grade.t

.PHONY: all lessons deps deps-ok deps-run-ok deps-exercise-ok run present unit cli check dev-check clean \
        FORCE

-include $(RUNNER_OBJ:.o=.d) $(UNIT_SRC:%.c=$(BUILD)/%.d)
