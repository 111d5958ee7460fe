# The reference solutions, compiled as the checker compiles a student's file, for
# build_all_s: `make -f Makefile -f bench/solutions.mk all bench-solutions` builds the
# runner, the lessons and these in one make, so that -j2 spreads all of it.

BENCH_SOL_SRC := $(wildcard solutions/*/*.c)
BENCH_SOL_BIN := $(BENCH_SOL_SRC:%.c=build/%)

bench-solutions: $(BENCH_SOL_BIN)

build/solutions/%: solutions/%.c
	@mkdir -p $(dir $@)
	$(Q)cc -O2 -Wall -fopenmp -pthread -o $@ $< $(shell pkg-config --cflags --libs libuv)

.PHONY: bench-solutions
