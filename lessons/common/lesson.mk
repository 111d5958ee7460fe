# Builds every .c of a lesson folder into build/lessons/<folder>/<name>.
# Included by each lesson's Makefile, so that `make -C lessons/04-starvation`
# works without the runner. The runner also builds an exercise or a solution with
# it (`make -C solutions/2-offload-hash -f lessons/common/lesson.mk`), into
# build/solutions/<folder>/, so that a student's program and the reference never
# share a binary. Programs are teaching text, so they build with
# warnings on and the same flags everywhere: libuv, pthreads and OpenMP.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
LESSON := $(notdir $(CURDIR))
KIND := $(notdir $(patsubst %/,%,$(dir $(CURDIR))))
OUT := $(TOP)/build/$(KIND)/$(LESSON)

CC ?= cc
UV_CFLAGS := $(shell pkg-config --cflags libuv 2>/dev/null)
UV_LIBS := $(shell pkg-config --libs libuv 2>/dev/null || echo -luv)
LESSON_CFLAGS := -O2 -g -Wall -Wextra -std=gnu11 -pthread -fopenmp -I$(TOP)/lessons/common $(UV_CFLAGS)
LESSON_LIBS := $(UV_LIBS) -pthread -fopenmp

SOURCES := $(wildcard *.c)
PROGRAMS := $(SOURCES:%.c=$(OUT)/%)

ifeq ($(V),1)
Q :=
else
Q := @
endif

all: $(PROGRAMS)

$(OUT)/%: %.c $(TOP)/lessons/common/stopwatch.h | $(OUT)
	@$(if $(Q),echo "  CC      $(KIND)/$(LESSON)/$<")
	$(Q)$(CC) $(LESSON_CFLAGS) $(CFLAGS) -o $@ $< $(LESSON_LIBS)

$(OUT):
	$(Q)mkdir -p $@

clean:
	rm -rf $(OUT)

.PHONY: all clean
