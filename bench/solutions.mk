# The reference solutions, compiled as the checker compiles a student's file (the
# Makefile's PROGRAM_CFLAGS and PROGRAM_LIBS, toolchain.sh's recipe), for
# build_all_s: `make -f Makefile -f bench/solutions.mk all bench-solutions` builds the
# runner, the lessons and these in one make, so that -j2 spreads all of it.

BENCH_SOL_SRC := $(wildcard solutions/*/*.c)
BENCH_SOL_BIN := $(BENCH_SOL_SRC:%.c=build/%)

bench-solutions: $(BENCH_SOL_BIN)

build/solutions/%: solutions/%.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(PROGRAM_CFLAGS) -o $@ $< $(PROGRAM_LIBS)

.PHONY: bench-solutions
